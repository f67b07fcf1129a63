r"""The weighted AM–GM inequality: ``Π_k b_k^{α_k} ≤ Σ_k α_k b_k``.

For ``b_k ≥ 0``, ``α_k > 0`` and ``Σ_k α_k = 1``, with equality exactly when the ``b_k`` are
equal.

A term ``c · Π_k b_k^{α_k}`` of a goal ``G ≥ 0`` with ``c ≤ 0`` is replaced by its lower bound
``c · Σ_k α_k b_k`` (inside a sum, term by term). The exponents must be positive numbers adding
up to exactly 1 and every base must be shown non-negative on the domain.

Example:
    >>> import sympy as sp
    >>> from symxent.check.lemmas.reduction import Context
    >>> x, y = sp.symbols("x y", positive=True)
    >>> reduction = next(am_gm((x + y) / 2 - sp.sqrt(x) * sp.sqrt(y), Context({})))
    >>> sp.simplify(reduction.goal)
    0
"""

from __future__ import annotations

from collections.abc import Iterator

import sympy as sp

from symxent.check.detail import Detail
from symxent.check.lemmas.facts import shown_sign
from symxent.check.lemmas.forms import canonical
from symxent.check.lemmas.reduction import Context, Reduction, term_by_term

__all__ = ["LEMMA", "am_gm"]

LEMMA = Detail("lemma_amgm")  # weighted AM–GM


def _geometric(term: sp.Expr, context: Context) -> tuple[sp.Expr, list[tuple[sp.Expr, sp.Expr]]]:
    """``(c, [(b_k, α_k)])`` for ``term = c · Π b_k^{α_k}`` with fractional exponents."""
    coefficient = sp.S.One
    powers: list[tuple[sp.Expr, sp.Expr]] = []
    for factor in sp.Mul.make_args(term):
        base, exponent = factor.as_base_exp()
        if exponent.is_Rational and 0 < exponent < 1 and not base.is_number:
            powers.append((base, exponent))
        else:
            coefficient *= factor
    return coefficient, powers


def _bound(term: sp.Expr, context: Context) -> sp.Expr | None:
    coefficient, powers = _geometric(term, context)
    weights = sum((alpha for _, alpha in powers), sp.S.Zero)
    if (
        len(powers) >= 2
        and weights == 1
        and shown_sign(-coefficient, context.where, strict=False)
        and all(shown_sign(base, context.where, strict=False) for base, _ in powers)
    ):
        return coefficient * sp.Add(*[alpha * base for base, alpha in powers])
    return None


def am_gm(goal: sp.Expr, context: Context) -> Iterator[Reduction]:
    """Lower bounds of ``goal`` by weighted AM–GM applied to its products of powers."""
    yield from term_by_term(canonical(goal), _bound, LEMMA, context)
