"""Errors symxent raises for user mistakes.

Every error a user can provoke is a :class:`SymxentError`; its message names the input that was
wrong and how to fix it. Anything else escaping symxent is a bug.

Example:
    >>> from symxent.errors import SymxentError, DerivationError
    >>> issubclass(DerivationError, SymxentError)
    True
"""

from __future__ import annotations

__all__ = [
    "CatalogueError",
    "DerivationError",
    "DistributionError",
    "LatexParseError",
    "NumericError",
    "OutputError",
    "SymxentError",
    "TextError",
]


class SymxentError(Exception):
    """Base class of every error symxent raises on purpose."""


class DistributionError(SymxentError, ValueError):
    """Raised when values given as a distribution are not one (negative, not summing to 1)."""


class DerivationError(SymxentError, ValueError):
    """Raised when a derivation is built wrongly, e.g. a chain mixing ``<=`` and ``>=``."""


class CatalogueError(SymxentError, LookupError):
    """Raised when a derivation name or derivation file cannot be found or loaded."""


class NumericError(SymxentError, ValueError):
    """Raised when an expression cannot be compiled to numpy or gets unusable input arrays."""


class LatexParseError(SymxentError, ValueError):
    """Raised when LaTeX text cannot be understood; the message quotes the offending part."""


class OutputError(SymxentError, OSError):
    """Raised when output files cannot be written or TeX fails to compile them."""


class TextError(SymxentError, ValueError):
    """Raised when text or math given for a document could read files or break the LaTeX."""
