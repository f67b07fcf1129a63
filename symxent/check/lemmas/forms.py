r"""The shape the lemmas read: one summand per summation range, and the terms outside sums.

:func:`split_sums` takes an expression (usually a canonical form, see
:func:`symxent.check.canonical.canonical_form`) and merges every ``c · Σ_i f(i)`` over the same
range into one sum with a common index (linearity of finite sums, exact), leaving the terms
outside sums apart.

Example:
    >>> import sympy as sp
    >>> from symxent import Distribution
    >>> p, q = Distribution("p", "n"), Distribution("q", "n")
    >>> i, j = sp.symbols("i j", integer=True)
    >>> shape = split_sums(sp.Sum(p[i], (i, 1, p.n)) - 2 * sp.Sum(q[j], (j, 1, p.n)) + 3)
    >>> shape.rest, len(shape.ranges)
    (3, 1)
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import sympy as sp

from symxent.budget import forget_on_abort
from symxent.check.canonical import canonical_form

__all__ = ["Range", "SumShape", "canonical", "split_sums"]


@forget_on_abort
@functools.lru_cache(maxsize=512)
def canonical(expr: sp.Expr) -> sp.Expr:
    """:func:`~symxent.check.canonical.canonical_form`, remembered: lemmas read the same goal.

    Example:
        >>> import sympy as sp
        >>> x = sp.Symbol("x", positive=True)
        >>> canonical(sp.log(2 * x))
        log(x) + log(2)
    """
    return canonical_form(expr)


@dataclass
class Range:
    """One summation range and the merged summand over it."""

    index: sp.Symbol
    low: sp.Expr
    high: sp.Expr
    summand: sp.Expr = sp.S.Zero

    def total(self) -> sp.Expr:
        """``Σ_{index=low}^{high} summand`` (unevaluated)."""
        return sp.Sum(self.summand, (self.index, self.low, self.high))


@dataclass
class SumShape:
    """``rest + Σ_r Σ_{i ∈ r} summand_r``: terms outside sums, and one summand per range."""

    rest: sp.Expr = sp.S.Zero
    ranges: list[Range] = field(default_factory=list)

    def range_for(self, low: sp.Expr, high: sp.Expr) -> Range:
        """The range ``low..high``, added with a fresh index if not there yet."""
        for existing in self.ranges:
            if existing.low == low and existing.high == high:
                return existing
        name = "ijklm"[len(self.ranges)] if len(self.ranges) < 5 else f"i{len(self.ranges)}"
        created = Range(sp.Dummy(name, integer=True), low, high)
        self.ranges.append(created)
        return created


def _single_sum(term: sp.Expr) -> tuple[sp.Expr, sp.Sum] | None:
    """``(c, Σ)`` when ``term = c · Σ`` with one single-index sum and ``c`` free of sums."""
    factors = sp.Mul.make_args(term)
    sums = [f for f in factors if isinstance(f, sp.Sum)]
    if len(sums) != 1 or len(sums[0].limits) != 1:
        return None
    coefficient = sp.Mul(*[f for f in factors if f is not sums[0]])
    if coefficient.has(sp.Sum):
        return None
    return coefficient, sums[0]


def split_sums(expr: sp.Expr) -> SumShape:
    """Merge the sums of ``expr`` by range; see the module docstring."""
    shape = SumShape()
    for term in sp.Add.make_args(sp.expand(expr)):
        found = _single_sum(term)
        if found is None:
            shape.rest += term
            continue
        coefficient, total = found
        var, low, high = total.limits[0]
        target = shape.range_for(low, high)
        target.summand += coefficient * total.function.xreplace({var: target.index})
    return shape
