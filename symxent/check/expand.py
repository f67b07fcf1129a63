r"""Expanding a claim's sides for the evaluators: quantities, derivatives and base-b logs done.

:func:`expand_fully` leaves only sums, logs and exps (SymPy closes the sums it can);
:func:`expand_keeping_sums` keeps every ``Sum`` for the interpreter
(:mod:`symxent.check.evaluate`) to reduce over the classes. Sums are never expanded into more
than :data:`~symxent.budget.MAX_TERMS` terms (:func:`doit_bounded`), and an empty sum is 0
(:mod:`symxent.sums`).
"""

from __future__ import annotations

import sympy as sp

from symxent.budget import MAX_TERMS, TooLargeError
from symxent.inputs import as_basic
from symxent.quantities.base import SymbolicQuantity
from symxent.sums import drop_empty_sums, lecture_doit

__all__ = ["concrete_terms", "doit_bounded", "expand_fully", "expand_keeping_sums"]


def expand_fully(expr: sp.Basic) -> sp.Expr:
    """Expand quantities, derivatives and base-b logs until only sums, logs and exps remain.

    Example:
        >>> from symxent import Distribution, Entropy
        >>> expand_fully(Entropy(Distribution("p", values=["1/2", "1/2"]), 2))
        1
    """
    result = drop_empty_sums(as_basic(expr))
    for _ in range(4):
        if not _has_work(result):
            break
        result = doit_bounded(result)
    return result


def concrete_terms(node: sp.Sum | sp.Product) -> int | None:
    """The number of terms of a sum or product with integer bounds (None for symbolic bounds).

    Example:
        >>> i, j = sp.symbols("i j", integer=True)
        >>> concrete_terms(sp.Sum(i * j, (i, 1, 10), (j, 1, 100)))
        1000
    """
    terms = 1
    for _, low, high in node.limits:
        if not (low.is_Integer and high.is_Integer):
            return None
        terms *= max(int(high) - int(low) + 1, 0)
    return terms


def doit_bounded(expr: sp.Basic) -> sp.Basic:
    """``expr.doit()``, without ever expanding sums and products into more than MAX_TERMS terms.

    Empty sums are 0 (see :mod:`symxent.sums`).

    A sum (or nest of sums) with more terms than that is done with its upper bounds replaced by
    symbols, so SymPy looks for a closed form (``sum_{i=1}^{10^6} i``) instead of adding a
    million terms; the bounds are put back in the closed form. Without one, the answer is
    :class:`~symxent.budget.TooLargeError` ("too large to check").

    Example:
        >>> i = sp.Symbol("i", integer=True)
        >>> doit_bounded(sp.Sum(i, (i, 1, 10**6)))
        500000500000
    """
    shielded: dict[sp.Symbol, sp.Expr] = {}

    def shield(node: sp.Basic, outer: int) -> sp.Basic:
        if not node.args or isinstance(node, sp.Symbol | sp.Indexed | sp.IndexedBase):
            return node
        if isinstance(node, sp.Sum | sp.Product):
            terms = concrete_terms(node)
            limits = list(node.limits)
            if terms is not None and terms * outer > MAX_TERMS:
                for k, (variable, low, high) in enumerate(limits):
                    bound = sp.Dummy(f"N_{variable}", integer=True, positive=True)
                    shielded[bound] = high
                    limits[k] = (variable, low, bound)
                terms = 1
            body = shield(node.function, outer * (terms or 1))
            return node.func(body, *limits)
        args = [shield(arg, outer) for arg in node.args]
        if all(a is b for a, b in zip(args, node.args, strict=True)):
            return node
        return node.func(*args)

    guarded = shield(expr, 1)
    if not shielded:
        return lecture_doit(expr)  # an empty sum is 0 (not Karr's convention)
    done = lecture_doit(guarded)
    left = [s for s in done.atoms(sp.Sum, sp.Product) if s.free_symbols & set(shielded)]
    if left:
        raise TooLargeError(
            f"too large to check: {left[0]} has more than {MAX_TERMS} terms and no closed form"
        )
    return done.xreplace(shielded)


_ELEMENTARY = (sp.exp, sp.log, sp.Abs, sp.KroneckerDelta, sp.Piecewise, sp.sign)
"""Functions the evaluators compute as they are; every other function is expanded first."""


def _needs_doit(expr: sp.Basic) -> bool:
    if isinstance(expr, SymbolicQuantity | sp.Derivative | sp.Subs):
        return True
    return isinstance(expr, sp.Function) and not isinstance(expr, _ELEMENTARY)


def _has_work(expr: sp.Basic) -> bool:
    """Whether ``expr`` still has a quantity, derivative, substitution or unexpanded function."""
    return any(_needs_doit(node) for node in sp.preorder_traversal(expr))


def _doit_keeping_sums(expr: sp.Basic) -> sp.Basic:
    """One bottom-up pass of ``doit`` on every node but ``Sum``.

    A ``Sum`` is kept, with its body and limits expanded; quantities, derivatives, substitutions
    and other functions are done.
    """
    if not expr.args or isinstance(expr, sp.Symbol | sp.Indexed | sp.IndexedBase):
        return expr
    if isinstance(expr, sp.Sum):
        limits = [
            (limit[0], *(_doit_keeping_sums(bound) for bound in limit[1:])) for limit in expr.limits
        ]
        return sp.Sum(_doit_keeping_sums(expr.function), *limits)
    args = [_doit_keeping_sums(arg) for arg in expr.args]
    unchanged = all(a is b for a, b in zip(args, expr.args, strict=True))
    rebuilt = expr if unchanged else expr.func(*args)
    return rebuilt.doit(deep=False) if _needs_doit(rebuilt) else rebuilt


def expand_keeping_sums(expr: sp.Basic) -> sp.Expr:
    """As :func:`expand_fully`, but a ``Sum`` is never evaluated (the evaluator sums it).

    SymPy's ``Sum.doit`` looks for a closed form, which cost seconds per claim on the seed
    handouts and is not needed: :func:`symxent.check.evaluate.evaluate` sums over the classes
    directly.

    Example:
        >>> from symxent import Distribution, Entropy
        >>> expand_keeping_sums(Entropy(Distribution("p", "n")))
        -Sum(log(p[i])*p[i], (i, 1, n))
    """
    result = as_basic(expr)
    for _ in range(6):
        if not _has_work(result):
            break
        result = _doit_keeping_sums(result)
    return result
