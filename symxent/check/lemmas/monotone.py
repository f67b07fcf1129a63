r"""Monotonicity of ``exp`` and ``log``: ``R ≥ k e^A`` exactly when ``log R ≥ log k + A``.

A goal ``R − k e^A ≥ 0`` with ``k > 0`` and ``R > 0`` shown on the domain becomes the goal
``log R − log k − A ≥ 0``: ``log`` is increasing on the positive numbers and ``log e^A = A`` for
real ``A``. (This is the step "take logs" of ``e^{−CE} ≤ P(X = Y)``.)

Example:
    >>> import sympy as sp
    >>> from symxent.check.lemmas.reduction import Context
    >>> x = sp.Symbol("x", positive=True)
    >>> next(take_logs(x - sp.exp(sp.log(x) - 1), Context({}))).goal
    1
"""

from __future__ import annotations

from collections.abc import Iterator

import sympy as sp

from symxent.check.detail import Detail
from symxent.check.lemmas.certificate import Application, show
from symxent.check.lemmas.facts import shown_sign
from symxent.check.lemmas.reduction import Context, Reduction

__all__ = ["LEMMA", "take_logs"]

LEMMA = Detail("lemma_increasing")  # exp and log are increasing


def take_logs(goal: sp.Expr, context: Context) -> Iterator[Reduction]:
    """``R − k e^A ≥ 0`` as ``log R − log k − A ≥ 0`` (``k > 0``, ``R > 0``, ``A`` real)."""
    for term in sp.Add.make_args(goal):
        powers = [f for f in sp.Mul.make_args(term) if isinstance(f, sp.exp)]
        if len(powers) != 1:
            continue
        (power,) = powers
        k = -term / power
        exponent = power.args[0]
        rest = goal - term
        if k.has(sp.exp) or not exponent.is_extended_real:
            continue
        if not (
            shown_sign(k, context.where, strict=True)
            and shown_sign(rest, context.where, strict=True)
        ):
            continue
        new_goal = sp.log(rest) - sp.log(k, evaluate=False) - exponent
        detail = Detail(
            "lemma_take_logs",
            left=show(rest),
            right=show(k * power),
            k=show(k),
            exponent=show(exponent),
        )
        yield Reduction(new_goal, (Application(LEMMA, detail),))
