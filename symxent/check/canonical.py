"""Canonical forms for the prover: definitions, derivatives, sums and logs expanded.

Example:
    >>> from symxent import Distribution
    >>> p = Distribution("p", "n")
    >>> canonical_form(p.sum(lambda i: 3 * p[i]) - 3)
    0
"""

from __future__ import annotations

from collections.abc import Mapping

import sympy as sp

from symxent.budget import MAX_TERMS
from symxent.check.expand import concrete_terms
from symxent.check.gaussian import close_gaussian_integrals
from symxent.distributions import Vector, VectorLabel
from symxent.inputs import as_basic
from symxent.quantities.activations import Sigmoid
from symxent.quantities.base import expand_quantities
from symxent.sums import lecture_doit, terms

__all__ = ["canonical_form", "expand_definitions"]


def expand_definitions(expr: sp.Basic) -> sp.Expr:
    """Replace quantities by their definitions and evaluate derivatives, keeping ``σ`` whole.

    Unlike ``doit()``, this does not expand the sigmoid, so derivatives through it stay in the
    short form ``σ(1 - σ)``.

    Example:
        >>> import sympy as sp
        >>> from symxent import BinaryCrossEntropy, Sigmoid
        >>> z, y = sp.symbols("z y", real=True)
        >>> expand_definitions(sp.Derivative(BinaryCrossEntropy(y, Sigmoid(z)), z)).has(Sigmoid)
        True
    """
    result = expand_quantities(as_basic(expr))
    if not result.has(sp.Derivative, sp.Subs):
        return result
    return result.replace(lambda node: isinstance(node, sp.Derivative | sp.Subs), _evaluated)


def _evaluated(node: sp.Derivative | sp.Subs) -> sp.Basic:
    """A derivative (its sums closed where SymPy can) or a substitution, done."""
    if isinstance(node, sp.Subs):
        return node.expr.subs(dict(zip(node.variables, node.point, strict=True)))
    return _evaluate_sums(sp.diff(node.expr, *node.variable_count))


def _evaluate_sums(expr: sp.Basic) -> sp.Basic:
    """Evaluate sums that SymPy can close without touching their summands' functions."""

    def close(node: sp.Sum) -> sp.Basic:
        count = concrete_terms(node)
        if count is not None and count > MAX_TERMS:
            return node  # never expanded term by term (the numeric check bounds its own work)
        if node.has(sp.KroneckerDelta) or count is not None:
            return lecture_doit(node, deep=False)  # an empty sum is 0
        return node

    return expr.replace(lambda e: isinstance(e, sp.Sum), close)


def _condition_holds(
    cond: sp.Basic, ranges: Mapping[sp.Basic, tuple[sp.Expr, sp.Expr]]
) -> bool | None:
    """Decide a condition about class indices from ``lower <= k <= upper`` (None if unsure)."""
    if cond is sp.true:
        return True
    if cond is sp.false:
        return False
    if isinstance(cond, sp.And):
        results = [_condition_holds(c, ranges) for c in cond.args]
        if all(r is True for r in results):
            return True
        return False if any(r is False for r in results) else None
    if isinstance(cond, sp.Rel):
        indices = [i for i in cond.free_symbols if i in ranges]
        if len(indices) != 1:
            return None
        index = indices[0]
        low, high = ranges[index]
        above = sp.Dummy("a", integer=True, nonnegative=True)
        room = sp.Dummy("b", integer=True, nonnegative=True)
        mapping: dict[sp.Basic, sp.Expr] = {index: low + above}
        if high.is_Symbol:
            mapping[high] = low + above + room
        elif not high.is_Integer:
            return None
        decided = cond.xreplace(mapping)
        if decided in (sp.true, sp.false):
            return bool(decided)
        simplified = sp.simplify(decided)
        if simplified in (sp.true, sp.false):
            return bool(simplified)
    return None


def _resolve_index_conditions(expr: sp.Basic) -> sp.Basic:
    ranges = {i: (i.lower, i.upper) for i in expr.atoms(sp.Idx) if i.lower is not None}
    if not ranges or not expr.has(sp.Piecewise):
        return expr

    def resolve(node: sp.Piecewise) -> sp.Basic:
        for value, cond in node.args:
            verdict = _condition_holds(cond, ranges)
            if verdict is not False:
                return value if verdict else node
        return node

    return expr.replace(lambda e: isinstance(e, sp.Piecewise), resolve)


def _normalisation_facts(expr: sp.Basic) -> set[tuple[str, sp.Expr]]:
    """(vector name, length) of every symbolic vector whose entries sum to 1.

    A two-index array whose rows sum to 1 (``b_{x,y}``, each row a distribution) gives
    (name, number of columns): its entries summed over the column index are 1 in every row.
    """
    facts = set()
    for indexed in expr.atoms(sp.Indexed):
        label, shape = indexed.base.label, indexed.base.shape
        if isinstance(label, VectorLabel) and label.sums_to_one and shape and len(shape) <= 2:
            facts.add((str(label), shape[-1]))
    return facts


def _sum_terms(summand: sp.Expr, var: sp.Symbol) -> list[tuple[sp.Expr, sp.Expr]]:
    """Split a summand into (factor free of var, factor depending on var) pairs."""
    expanded = sp.expand(sp.expand_log(summand, force=False))
    return [term.as_independent(var, as_Add=False) for term in sp.Add.make_args(expanded)]


def _canonical_sum(summand: sp.Expr, var: sp.Symbol, low: sp.Expr, high: sp.Expr) -> sp.Sum:
    """Name the bound variable by the first ``_s<m>`` not used in the summand (bottom-up)."""
    used = {str(s) for s in summand.atoms(sp.Symbol)}
    position = 0
    while f"_s{position}" in used:
        position += 1
    name = sp.Symbol(f"_s{position}", integer=True)
    return sp.Sum(summand.xreplace({var: name}), (name, low, high))


def _linear_sums(expr: sp.Basic, facts: set[tuple[str, sp.Expr]]) -> sp.Basic:
    """Rewrite every sum into a canonical linear form and apply ``sum p_i = 1`` facts.

    Sums are split over the terms of their summand, factors free of the index are pulled out,
    sums of a normalised vector's entries become 1, and bound variables get canonical names so
    equal sums compare equal wherever they occur.
    """

    def rebuild(node: sp.Basic) -> sp.Basic:
        if isinstance(node, sp.Sum):
            # SymPy merges nested sums into one Sum with several limits, innermost first:
            # take the outermost limit here and the inner ones as a sum of their own.
            *inner, (var, low, high) = node.limits
            function = sp.Sum(node.function, *inner) if inner else node.function
            fresh = sp.Dummy("s", integer=True)
            body = rebuild(function.xreplace({var: fresh}))
            total = sp.S.Zero
            for independent, dependent in _sum_terms(body, fresh):
                if not dependent.has(fresh):
                    total += independent * dependent * terms(low, high)
                elif _is_normalised(dependent, fresh, low, high, facts):
                    total += independent
                else:
                    total += independent * _canonical_sum(dependent, fresh, low, high)
            return total
        if not node.args or isinstance(node, Vector | sp.Idx | sp.Indexed):
            return node
        args = [rebuild(a) for a in node.args]
        return node.func(*args) if args != list(node.args) else node

    return rebuild(expr)


def _is_normalised(
    term: sp.Expr, var: sp.Symbol, low: sp.Expr, high: sp.Expr, facts: set[tuple[str, sp.Expr]]
) -> bool:
    if not isinstance(term, sp.Indexed) or low != 1 or (str(term.base.label), high) not in facts:
        return False
    *row, column = term.indices
    # a vector's entries, or one row of an array (the row index free of the summed variable)
    shape = term.base.shape
    return (
        column == var
        and shape is not None
        and len(shape) == len(term.indices)
        and shape[-1] == high
        and not any(index.has(var) for index in row)
    )


def canonical_form(expr: sp.Basic, keep_sigmoid: bool = True) -> sp.Expr:
    """Reduce ``expr`` to a canonical sum of products (definitions, sums and logs expanded).

    Args:
        expr: the expression (usually ``lhs - rhs``).
        keep_sigmoid: keep ``σ(x)`` as a function (else rewrite it with ``exp``).

    Example:
        >>> from symxent import Distribution
        >>> p = Distribution("p", "n")
        >>> canonical_form(p.sum(lambda i: 3 * p[i]))
        3
    """
    result = close_gaussian_integrals(expand_definitions(expr))  # before expand splits the exps
    if not keep_sigmoid:
        result = result.replace(lambda e: isinstance(e, Sigmoid), lambda e: e.rewrite(sp.exp))
    result = _evaluate_sums(result)
    result = _resolve_index_conditions(result)
    facts = _normalisation_facts(result)
    for _ in range(3):
        previous = result
        result = _linear_sums(result, facts)
        result = sp.expand(sp.expand_log(result, force=False))
        result = _resolve_index_conditions(_evaluate_sums(result))
        if result == previous:
            break
    return result
