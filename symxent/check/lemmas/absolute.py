r"""The triangle inequality: ``|a + b| ≤ |a| + |b|``, and ``|a| = a`` for ``a ≥ 0``.

A term ``c · |u_1 + u_2 + ...|`` of a goal ``G ≥ 0`` with ``c ≤ 0`` is replaced by
``c · (|u_1| + |u_2| + ...)``, each ``|u_k|`` written as ``u_k`` or ``−u_k`` when its sign is
shown (inside a sum, term by term): ``Σ_i |p_i − q_i| ≤ Σ_i (p_i + q_i) = 2``.

Example:
    >>> import sympy as sp
    >>> from symxent.check.lemmas.reduction import Context
    >>> x, y = sp.symbols("x y", positive=True)
    >>> next(triangle(x + y - sp.Abs(x - y), Context({}))).goal
    0
"""

from __future__ import annotations

from collections.abc import Iterator

import sympy as sp

from symxent.check.detail import Detail
from symxent.check.lemmas.facts import shown_sign
from symxent.check.lemmas.forms import canonical
from symxent.check.lemmas.reduction import Context, Reduction, term_by_term

__all__ = ["LEMMA", "triangle"]

LEMMA = Detail("lemma_triangle")  # triangle inequality


def _split(absolute: sp.Abs, context: Context) -> sp.Expr:
    """``|u_1| + |u_2| + ...`` with each shown sign removed."""
    total = sp.S.Zero
    for part in sp.Add.make_args(sp.expand(absolute.args[0])):
        if shown_sign(part, context.where, strict=False):
            total += part
        elif shown_sign(-part, context.where, strict=False):
            total -= part
        else:
            total += sp.Abs(part)
    return total


def _bound(term: sp.Expr, context: Context) -> sp.Expr | None:
    absolutes = [f for f in sp.Mul.make_args(term) if isinstance(f, sp.Abs)]
    if len(absolutes) == 1 and isinstance(sp.expand(absolutes[0].args[0]), sp.Add):
        coefficient = term / absolutes[0]
        if shown_sign(-coefficient, context.where, strict=False):
            return coefficient * _split(absolutes[0], context)
    return None


def triangle(goal: sp.Expr, context: Context) -> Iterator[Reduction]:
    """Lower bounds of ``goal`` by the triangle inequality on its absolute values."""
    form = canonical(goal)
    if not form.has(sp.Abs):
        return
    yield from term_by_term(form, _bound, LEMMA, context)
