r"""The one gate every public entry point passes user objects through: never code, never text.

SymPy's ``sympify`` turns a string into an expression by *evaluating it as Python*
(``sympify("__import__('os').system('...')")`` runs the command). No public function of symxent
may do that with what a user hands it. :func:`as_expr` accepts numbers and SymPy expressions only
(through ``sympify(..., strict=True)``, which converts registered types and refuses strings) and
refuses text with a message that points to the LaTeX reader (:func:`symxent.latex.parse`,
``symxent verify``), which reads text without evaluating anything.

Example:
    >>> as_expr(3)
    3
    >>> as_expr(0.5)
    0.500000000000000
    >>> as_expr("__import__('os')")
    Traceback (most recent call last):
    ...
    symxent.errors.SymxentError: the expression: got the text "__import__('os')"; ...
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import sympy as sp

from symxent.errors import SymxentError

__all__ = ["as_basic", "as_expr"]


def _refuse_text(value: str, what: str, error: type[SymxentError]) -> SymxentError:
    return error(
        f"{what}: got the text {value!r}; text is never evaluated. Pass a number or a SymPy/"
        "symxent expression, or read LaTeX with symxent.latex.parse(...) / `symxent verify`"
    )


def as_basic(
    value: Any, what: str = "the expression", error: type[SymxentError] = SymxentError
) -> sp.Basic:
    """Return ``value`` as a SymPy object without ever evaluating text.

    Accepts SymPy objects, ``int``, ``float``, :class:`fractions.Fraction`,
    :class:`decimal.Decimal` (exactly, as written) and anything SymPy converts in strict mode
    (numpy scalars, objects with ``_sympy_``). Refuses ``str``/``bytes`` and ``bool``.

    Args:
        value: the user's object.
        what: the argument's name, for the error message.
        error: the :class:`~symxent.errors.SymxentError` subclass to raise.

    Raises:
        SymxentError: (``error``) for text or anything SymPy cannot convert strictly.

    Example:
        >>> as_basic(sp.Eq(sp.Symbol("x"), 1))
        Eq(x, 1)
    """
    if isinstance(value, str | bytes | bytearray):
        raise _refuse_text(
            value.decode("utf-8", "replace") if not isinstance(value, str) else value, what, error
        )
    if isinstance(value, bool):
        raise error(f"{what}: {value!r} is a truth value, not a number or an expression")
    if isinstance(value, sp.Basic):
        return value
    if isinstance(value, Fraction):
        return sp.Rational(value.numerator, value.denominator)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise error(f"{what}: {value!r} is not a finite number")
        numerator, denominator = value.as_integer_ratio()
        return sp.Rational(numerator, denominator)
    try:
        return sp.sympify(value, strict=True)
    except (sp.SympifyError, TypeError, ValueError):
        raise error(
            f"{what}: {value!r} ({type(value).__name__}) is not a number or a SymPy expression"
        ) from None


def as_expr(
    value: Any, what: str = "the expression", error: type[SymxentError] = SymxentError
) -> sp.Expr:
    """Return ``value`` as a SymPy expression (not a relation or a set); never evaluate text.

    Args:
        value: an int, a float, a fraction, or a SymPy / symxent expression.
        what: the argument's name, for the error message.
        error: the :class:`~symxent.errors.SymxentError` subclass to raise.

    Raises:
        SymxentError: (``error``) for text, relations, sets, and other non-expressions.

    Example:
        >>> from fractions import Fraction
        >>> as_expr(Fraction(1, 3))
        1/3
    """
    expr = as_basic(value, what, error)
    if not isinstance(expr, sp.Expr):
        raise error(f"{what}: {value!r} is a {type(expr).__name__}, not an expression")
    return expr
