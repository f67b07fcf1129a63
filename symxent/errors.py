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
    "shorten",
]

MESSAGE_LIMIT = 1000
"""An error's message past this many characters has its middle cut (:func:`shorten`)."""


def shorten(text: str, limit: int) -> str:
    """``text``, or its start and end around a note of what was cut when it exceeds ``limit``.

    A message that quotes a whole formula stays readable; the cut is in the middle, so the
    message's opening (what went wrong) and its end (the fix) are kept.

    Example:
        >>> shorten("abc", 10)
        'abc'
        >>> shorten("x" * 100, 60)
        'xxxxxxxxxxxxxxxxxxxx [... 60 characters cut ...] xxxxxxxxxxxxxxxxxxxx'
    """
    if len(text) <= limit:
        return text
    keep = max(limit - 20, 2) // 2  # about 20 characters for the note itself
    cut = len(text) - 2 * keep
    return f"{text[:keep]} [... {cut} characters cut ...] {text[-keep:]}"


class SymxentError(Exception):
    """Base class of every error symxent raises on purpose.

    Its ``str`` is cut in the middle past :data:`MESSAGE_LIMIT` characters (a quoted formula can
    be kilobytes long); :attr:`full_message` keeps the whole text.

    Example:
        >>> error = SymxentError("bad input: " + "x" * 2000)
        >>> len(str(error)) < 1100, len(error.full_message)
        (True, 2011)
    """

    @property
    def full_message(self) -> str:
        """The whole message, never cut."""
        return super().__str__()

    def __str__(self) -> str:
        return shorten(super().__str__(), MESSAGE_LIMIT)


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
