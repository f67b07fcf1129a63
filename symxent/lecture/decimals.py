r"""Stated decimals: which printed numbers of a side are rounded results, and what they allow.

A decimal on the right of ``\approx`` or after a computation (``= 0.971``) states a rounded value:
it claims what it rounds to, within half a unit of its last digit. The same decimal as data
(``-\log_2 0.6``) is exact. :func:`stated_decimals` tells them apart from the sides around a side
in its chain; :func:`with_tolerance` puts the stated values back as numbers and returns the
tolerance they allow together.

Example:
    >>> from symxent.latex.parse import Side
    >>> from symxent.latex.reader import read_side
    >>> sorted(stated_decimals(Side("0.971", read_side("0.971")), None, frozenset()))
    [Fraction(971, 1000)]
"""

from __future__ import annotations

from fractions import Fraction

import sympy as sp

from symxent.latex.mapping import Mapper
from symxent.latex.parse import Side
from symxent.latex.raw import Apply, Decimal, Raw
from symxent.lecture.judge import tolerance

__all__ = ["stated_decimals", "with_tolerance"]


def stated_decimals(
    side: Side, before: Side | None, stated_before: frozenset[Fraction], after: Side | None = None
) -> frozenset[Fraction]:
    r"""The decimals of ``side`` that are stated (rounded) results, not exact inputs.

    A side that is one decimal (``= 0.971``) states it. A side that is arithmetic of decimals
    alone, next to a side without decimals whose value needs rounding (a log, an exponential, a
    root: ``\log_2 3 + \log_2 5 = 1.585 + 2.322``), states each of them. Otherwise a decimal
    is stated when the side before it in the chain also has decimals and did not have this one
    (``0.737`` in ``(0.6 \times 0.737)`` after ``-(0.6 \times \log 0.6)``), or had it as a
    stated value; decimals after a side without any (``-(0.6 \log 0.6)`` after
    ``E(\hat{Y})``) are the data.
    """
    raw = side.raw
    if raw is None:
        return frozenset()
    atom = raw.atom()
    if isinstance(atom, Decimal):
        return frozenset({atom.value}) if atom.places > 0 else frozenset()
    if _decimal_arithmetic(raw) and any(
        other is not None and other.raw is not None and _needs_rounding(other.raw)
        for other in (before, after)
    ):
        return frozenset(d.value for d in raw.decimals() if d.places > 0)
    if before is None or before.raw is None:
        return frozenset()
    previous = {d.value for d in before.raw.decimals()}
    if not previous:
        return frozenset()
    return frozenset(
        d.value
        for d in raw.decimals()
        if d.places > 0 and (d.value not in previous or d.value in stated_before)
    )


_ARITHMETIC = (sp.Add, sp.Mul, sp.Pow)


def _decimal_arithmetic(raw: Raw) -> bool:
    """Whether ``raw`` is decimals (at least one) and whole numbers joined by + - × / ^."""
    return bool(raw.decimals()) and all(
        isinstance(raw.table.get(node), Decimal)
        if isinstance(node, sp.Symbol)
        else node.is_Number or isinstance(node, _ARITHMETIC)
        for node in sp.preorder_traversal(raw.tree)
    )


def _needs_rounding(raw: Raw) -> bool:
    r"""Whether ``raw`` has no decimals and a log, exponential, root or quantity (a value to round).

    A quantity is a function applied to arguments (``D_{\mathrm{KL}}(p \| q)``, ``H(Y \mid X)``):
    its value at given data is a real number a lecture rounds (``D_{\mathrm{KL}}(p \| q) =
    1.737 - 1`` states the rounded ``1.737``).
    """
    if raw.decimals():
        return False
    if any(isinstance(obj, Apply) for obj in raw.table.values()):
        return True
    return any(
        isinstance(node, sp.log | sp.exp) or (isinstance(node, sp.Pow) and not node.exp.is_integer)
        for node in sp.preorder_traversal(raw.tree)
    )


def with_tolerance(
    mapper: Mapper, left: sp.Expr, right: sp.Expr, relation: str, rhs: Raw
) -> tuple[sp.Expr, sp.Expr, sp.Expr | float]:
    """The sides with stated decimals put back as numbers, and the tolerance they allow."""
    if mapper.decimals:
        # a decimal claims the value it rounds to (a float64 printout: that float64), exactly
        halves = {symbol: d.claim[1] for symbol, d in mapper.decimals.items()}
        values = {symbol: sp.Rational(d.claim[0]) for symbol, d in mapper.decimals.items()}
        # the tolerance is a function of the same decimals: evaluated at them too (left
        # symbolic, it was silently taken as 0)
        allowed = tolerance(left, right, halves).xreplace(values)
        return left.xreplace(values), right.xreplace(values), allowed
    if relation == "≈":
        return left, right, _approx_tolerance(rhs.decimals(), right, rhs.tree.is_Integer)
    return left, right, 0.0


def _approx_tolerance(decimals: list[Decimal], value: sp.Expr, integer: bool) -> sp.Expr:
    if decimals:
        return sp.Rational(max(d.claim[1] for d in decimals))
    if integer:
        return sp.Rational(1, 2)
    number = sp.N(value)
    if number.is_number and number.is_real:
        return sp.Rational(str(abs(number))) * sp.Rational(5, 1000)
    return sp.S.Zero
