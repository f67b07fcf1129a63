"""Judging one claim ``lhs R rhs``: a symbolic proof attempt, then seeded numeric sampling.

(Reached as ``symxent.check.check_claim``.)

:func:`check_claim` always runs the numeric check, and runs it first: a counterexample found at
high precision wins, so a claim is reported proved only when sampling found nothing against it
*and* a symbolic argument closed (a bug in a proof strategy must never turn into a false "proved").

Example:
    >>> import sympy as sp
    >>> from symxent import CrossEntropy, Distribution, Entropy
    >>> from symxent.relations import Relation
    >>> p, q = Distribution("p", "n"), Distribution("q", "n")
    >>> check_claim(CrossEntropy(p, q), Relation.GE, Entropy(p)).short
    'confirmed'
    >>> check_claim(CrossEntropy(p, q), Relation.LE, Entropy(p)).short
    'refuted'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from symxent.check.numeric import NumericSettings, numeric_check
from symxent.check.symbolic import prove
from symxent.check.verdict import Verdict
from symxent.inputs import as_expr
from symxent.relations import Relation

__all__ = ["check_claim"]


def check_claim(
    lhs: Any,
    relation: Relation | str,
    rhs: Any,
    *,
    where: Mapping[object, object] | None = None,
    settings: NumericSettings | None = None,
    tolerance: float = 0.0,
    symbolic: bool = True,
) -> Verdict:
    """Check ``lhs relation rhs`` and return a :class:`Verdict`.

    Args:
        lhs: left side (a symxent quantity, a SymPy expression, or a number).
        relation: ``"="``, ``"<="``, ``">="``, ``"<"``, ``">"``, ``"approx"`` or a Relation.
        rhs: right side.
        where: domain overrides: ``{Symbol: Interval}``, ``{vector: "one-hot"}``.
        settings: numeric sampling settings.
        tolerance: for ``approx``, the allowed absolute difference.
        symbolic: set False to skip the proof attempt (numeric confirmation only).

    Returns:
        proved, confirmed, refuted (with a counterexample) or unknown.
    """
    relation = Relation.parse(relation)
    lhs = as_expr(lhs, "the left side")
    rhs = as_expr(rhs, "the right side")
    # Sampling first: a refuted claim needs no proof attempt (and proof attempts on false
    # claims with huge constants are where SymPy's simplification can take forever).
    outcome = numeric_check(lhs, relation, rhs, where=where, settings=settings, tolerance=tolerance)
    if outcome.counterexample is not None:
        return Verdict.refuted(outcome.counterexample, "numeric, interval arithmetic")
    proof = prove(lhs, relation, rhs, where=where, tolerance=tolerance) if symbolic else None
    if proof:
        return Verdict.proved(proof, outcome.points, outcome.max_error if outcome.points else None)
    if outcome.unsupported:
        return Verdict.unknown(f"cannot evaluate numerically: {outcome.unsupported}")
    if outcome.points == 0:
        return Verdict.unknown(
            f"both sides undefined at all {outcome.undefined} sampled points"
            if outcome.undefined
            else "nothing to evaluate"
        )
    note = f"{outcome.undefined} points undefined" if outcome.undefined else ""
    return Verdict.confirmed(outcome.points, max(outcome.max_error, 0.0), note)
