r"""Symbolic proof attempts for one claim; they never claim more than they show.

An equality ``lhs = rhs`` is *proved* when ``lhs - rhs`` reduces to exactly 0 by valid
transformations: expanding quantities to their definitions, differentiating, evaluating sums over
Kronecker deltas, expanding logarithms of positive terms, linearity of finite sums, and the facts
the vectors carry (``sum_i p_i = 1`` for distributions and labels, ``1 <= k <= n`` for class
indices). An inequality is proved when the difference of its sides reduces to an expression SymPy's
assumption system shows to have the right sign, after substituting each bounded variable by a
positive parameter (``p = 1/(1 + t)`` for ``p`` in (0, 1), ``σ(x) = 1/(1 + t)``), or when a
one-variable rational inequality has no solution in the variable's interval.

The canonical forms are in :mod:`symxent.check.canonical`, the sign arguments in
:mod:`symxent.check.signs`. Everything here is sound but incomplete: ``None`` means "no proof
found", not "false".

Example:
    >>> from symxent import CrossEntropy, Distribution, Entropy, KLDivergence
    >>> from symxent.relations import Relation
    >>> p, q = Distribution("p", "n"), Distribution("q", "n")
    >>> prove(KLDivergence(p, q), Relation.EQ, -Entropy(p) + CrossEntropy(p, q))
    'symbolic: expand definitions, logs and sums'
"""

from __future__ import annotations

from collections.abc import Mapping

import sympy as sp

from symxent.check.canonical import _evaluate_sums, canonical_form, expand_definitions
from symxent.check.detail import Detail
from symxent.check.evaluate import exact_numbers
from symxent.check.natural import positive_symbols
from symxent.check.ranges import reads_outside
from symxent.check.shannon import expand_marginals, involves_joint, prove_information
from symxent.check.signs import _domain_cases, _evaluable, _is_zero, _prove_nonnegative, _vanishes
from symxent.quantities.activations import Sigmoid
from symxent.relations import Relation

__all__ = ["EXACTLY_EQUAL", "canonical_form", "expand_definitions", "prove"]

EXACTLY_EQUAL = Detail("symbolic", how=Detail("exactly_equal"))
"""The argument for an ``≈`` claim whose sides are equal exactly (a proof, not a rounding)."""


def _sigmoid_forms(expr: sp.Expr) -> tuple[bool, ...]:
    """Keep σ whole, then write it with exp; without a σ both forms are the same: one try."""
    return (True, False) if canonical_form(expr, True).has(Sigmoid) else (True,)


def prove(
    lhs: sp.Basic,
    relation: Relation,
    rhs: sp.Basic,
    *,
    where: Mapping[object, object] | None = None,
    tolerance: float = 0.0,
) -> str | None:
    """Try to prove ``lhs relation rhs``; return a description of the argument, or None.

    Args:
        lhs: left side.
        relation: the claimed relation.
        rhs: right side.
        where: domains of scalar symbols (Symbol -> Interval); used for inequalities.
        tolerance: for ``≈``, the allowed absolute difference.
    """
    where = dict(where or {})
    lhs, rhs = exact_numbers(lhs), exact_numbers(rhs)
    twins = positive_symbols(where)
    if twins:
        # on the domain a symbol whose interval has a sign is the same number as a twin with
        # that sign, which SymPy's simplifications may use (log(xy) = log x + log y, x > 0)
        lhs, rhs = lhs.xreplace(twins), rhs.xreplace(twins)
        where = {twins.get(k, k): v for k, v in where.items()}
    if lhs.has(sp.Piecewise) or rhs.has(sp.Piecewise):
        # a given vector's entry at a symbolic index is undefined past its values (nan in a
        # Piecewise); a sum over known bounds decides which
        lhs, rhs = _evaluate_sums(lhs), _evaluate_sums(rhs)
    if lhs.has(sp.nan, sp.zoo) or rhs.has(sp.nan, sp.zoo):
        return None  # an undefined side (0/0, complex infinity) makes no claim to prove
    if reads_outside((lhs, rhs)):
        return None  # an entry outside its vector (p_{n+1}) is undefined; nothing to prove
    if relation is Relation.EQ and lhs == rhs:
        return Detail("symbolic", how=Detail("same_expression"))
    if involves_joint(lhs, rhs):
        # random variables over a joint pmf: entropies of its marginals, Shannon's inequalities
        found = prove_information(lhs, relation, rhs)
        if found:
            return found
        lhs, rhs = expand_marginals(lhs), expand_marginals(rhs)  # p(x) = sum_y p(x, y)
    difference = lhs - rhs
    if relation is Relation.APPROX:
        reduced = canonical_form(difference, keep_sigmoid=False)
        if _is_zero(reduced):
            return EXACTLY_EQUAL
        if reduced.free_symbols or reduced.has(sp.Sum) or not _evaluable(reduced):
            return None
        value = sp.N(reduced, 50)
        if value.is_real and abs(value) <= tolerance:
            return Detail("exact_value_digits", digits=50)
        return None
    if relation is Relation.EQ:
        for keep_sigmoid in _sigmoid_forms(difference):
            reduced = canonical_form(difference, keep_sigmoid)
            if _is_zero(reduced):
                closed = difference.has(sp.Integral) and not reduced.has(sp.Integral)
                how = "gaussian_integrals" if closed else "expand_definitions"
                return Detail("symbolic", how=Detail(how))
            if _vanishes(reduced):
                return Detail("symbolic", how=Detail("expand_simplify"))
            cases = _domain_cases(reduced, where)
            if cases != [reduced] and all(_vanishes(case) for case in cases):
                return Detail("symbolic", how=Detail("expand_simplify_domain"))
        return None
    oriented = difference if relation.direction > 0 else -difference
    for keep_sigmoid in _sigmoid_forms(oriented):
        reduced = canonical_form(oriented, keep_sigmoid)
        found = _prove_nonnegative(reduced, relation.strict, where)
        if found:
            return Detail("symbolic", how=found)
    return None
