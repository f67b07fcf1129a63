r"""The lecture convention for finite sums: a sum whose upper bound is below its lower bound is 0.

SymPy follows Karr's convention, in which ``Sum(f, (i, a, b))`` with ``b < a - 1`` equals
``-Sum(f, (i, b + 1, a - 1))`` (so ``\sum_{i=1}^{-5} i = 10``). In lecture notation such a sum is
empty. Every place that evaluates a ``Sum`` (the LaTeX mapper, which evaluates small concrete
sums; the numeric evaluator; the prover) goes through this module, so the convention is the same
everywhere.

Example:
    >>> import sympy as sp
    >>> i = sp.Symbol("i", integer=True)
    >>> lecture_doit(sp.Sum(i, (i, 1, -5)))
    0
    >>> sp.Sum(i, (i, 1, -5)).doit()  # Karr's convention, for comparison
    10
    >>> terms(1, -5), terms(1, 3)
    (0, 3)
"""

from __future__ import annotations

import sympy as sp

__all__ = ["drop_empty_sums", "is_empty", "lecture_doit", "terms"]


def is_empty(low: sp.Expr, high: sp.Expr) -> bool:
    """Whether the range ``low..high`` surely has no integer (``high < low``).

    Example:
        >>> n = sp.Symbol("n", integer=True, positive=True)
        >>> is_empty(sp.Integer(1), sp.Integer(0)), is_empty(sp.Integer(1), n)
        (True, False)
    """
    return bool(sp.sympify(high - low).is_negative)


def terms(low: sp.Expr | int, high: sp.Expr | int) -> sp.Expr:
    """The number of terms of ``low..high``: ``high - low + 1``, and 0 for an empty range.

    Example:
        >>> n = sp.Symbol("n", integer=True, positive=True)
        >>> terms(1, n), terms(2, n - 5)
        (n, Max(0, n - 6))
    """
    count = sp.sympify(high) - sp.sympify(low) + 1
    return sp.Max(0, count)


def drop_empty_sums(expr: sp.Basic) -> sp.Basic:
    """Replace every sum over a surely empty range by 0 (and a product by 1).

    Example:
        >>> i = sp.Symbol("i", integer=True)
        >>> drop_empty_sums(sp.Sum(i, (i, 3, 1)) + 2)
        2
    """

    def empty(node: sp.Basic) -> bool:
        return isinstance(node, sp.Sum | sp.Product) and any(
            is_empty(low, high) for _, low, high in node.limits
        )

    def unit(node: sp.Basic) -> sp.Basic:
        return sp.S.Zero if isinstance(node, sp.Sum) else sp.S.One

    if not expr.has(sp.Sum, sp.Product):
        return expr
    return expr.replace(empty, unit)


def _guarded(node: sp.Basic) -> sp.Basic:
    """A sum whose range may be reversed, with its upper bound raised to ``lower - 1``.

    ``Sum(f, (i, a, max(b, a - 1)))`` is the lecture sum under Karr's convention too: the range
    ``a..a-1`` is empty in both.
    """
    limits = []
    changed = False
    for variable, low, high in node.limits:
        count = sp.sympify(high - low + 1)
        if count.is_nonnegative or count.is_number:
            limits.append((variable, low, high))
        else:
            limits.append((variable, low, sp.Max(high, low - 1)))
            changed = True
    return node.func(node.function, *limits) if changed else node


def lecture_doit(expr: sp.Basic, **hints: object) -> sp.Basic:
    r"""``expr.doit()`` under the lecture convention: an empty sum is 0, an empty product 1.

    Sums over surely empty ranges become 0 first; a range that may be reversed for some values
    of its bounds (``\sum_{j=i+1}^{2}`` inside a sum over i) gets the upper bound
    ``max(b, a - 1)``, which makes Karr's value the lecture one.

    Example:
        >>> i, j = sp.symbols("i j", integer=True)
        >>> lecture_doit(sp.Sum(i, (i, 1, 3)) + sp.Sum(i, (i, 4, 2)))
        6
        >>> lecture_doit(sp.Sum(sp.Sum(1, (j, i + 1, 2)), (i, 1, 3)))  # 1 + 0 + 0
        1
    """
    expr = drop_empty_sums(expr)
    if expr.has(sp.Sum, sp.Product):
        expr = expr.replace(lambda e: isinstance(e, sp.Sum | sp.Product), _guarded)
    return drop_empty_sums(expr.doit(**hints))
