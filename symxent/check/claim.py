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
    'proved'
    >>> check_claim(CrossEntropy(p, q), Relation.LE, Entropy(p)).short
    'refuted'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

import sympy as sp

from symxent.budget import WALL_FACTOR, cpu_limit, forget, limits_left
from symxent.check.detail import Detail
from symxent.check.lemmas import LemmaProof, names_lemma, prove_by_lemmas
from symxent.check.numeric import NumericOutcome, NumericSettings, numeric_check
from symxent.check.ranges import outside
from symxent.check.shannon import involves_joint
from symxent.check.symbolic import EXACTLY_EQUAL, prove
from symxent.check.verdict import Verdict
from symxent.errors import SymxentError
from symxent.inputs import as_expr
from symxent.relations import Relation

__all__ = ["LEMMA_SECONDS", "PROOF_SECONDS", "SEARCH_SECONDS", "check_claim"]

PROOF_SECONDS = 8.0
"""Most CPU seconds a proof attempt may take (less when an outer time limit ends sooner); its
wall-clock time is capped at :data:`~symxent.budget.WALL_FACTOR` times as much."""

LEMMA_SECONDS = 3.0
"""Most CPU seconds the search for a chain of named lemmas may take when the reason names one."""

SEARCH_SECONDS = 1.0
"""Most CPU seconds the search for a chain of named lemmas may take when no reason names one
(a lecture's link: its whole check has a few seconds)."""

_AFTER_PROOF = 0.3
"""Seconds an outer time limit keeps after the proof attempt, for the verdict."""


_T = TypeVar("_T")
_UNDEFINED = "an entry outside its vector is undefined, never 0"


class _ProofTimeoutError(SymxentError):
    """A proof attempt ran out of its time; the search's verdict stands."""


def _limits(seconds: float) -> tuple[float, float] | None:
    """CPU and wall seconds for an attempt of ``seconds`` that ends before any outer limit.

    None when less than 0.05 s would be left: the attempt is then not worth starting.
    """
    cpu_left, wall_left = limits_left()
    cpu = seconds if cpu_left is None else min(seconds, cpu_left - _AFTER_PROOF)
    wall = WALL_FACTOR * cpu
    if wall_left is not None:
        wall = min(wall, wall_left - _AFTER_PROOF)
    return None if min(cpu, wall) < 0.05 else (cpu, wall)


def _attempt(seconds: float, what: str, run: Callable[[float], _T]) -> _T | None:
    """``run(cpu seconds)``, a proof attempt, or None when it found nothing in the time it has.

    Attempts run after the search found no violation, so giving up is never unsound: the claim
    is then confirmed, not proved. SymPy's simplification of a transcendental difference
    (``-p log_2 p - (1-p) log_2(1-p) - 4p(1-p)``) can take longer than a link's whole budget;
    the attempt stops :data:`_AFTER_PROOF` seconds before an outer limit would end (or after
    ``seconds`` of CPU time), so that limit never turns a searched claim into "too large".
    """
    limits = _limits(seconds)
    if limits is None:
        return None
    cpu, wall = limits
    try:
        with cpu_limit(cpu, what, _ProofTimeoutError, wall=wall):
            return run(cpu)
    except (_ProofTimeoutError, RecursionError) as error:
        if isinstance(error, RecursionError):
            forget()  # SymPy was stopped mid-work (a fired limit forgets by itself)
        return None


def _attempt_lemmas(
    lhs: sp.Basic,
    relation: Relation,
    rhs: sp.Basic,
    *,
    where: Mapping[object, object],
    reason: str,
) -> LemmaProof | None:
    """A proof by named lemmas (:mod:`symxent.check.lemmas`), or None when none closed in time.

    A lemma whose application cannot be shown never yields "proved". The search itself is
    bounded by its number of lemma applications and stops a little before the budget would end.
    """
    return _attempt(
        LEMMA_SECONDS if names_lemma(reason) else SEARCH_SECONDS,
        "the lemma search",
        lambda cpu: prove_by_lemmas(
            lhs, relation, rhs, where=where, reason=reason, seconds=max(cpu - 0.2, 0.05)
        ),
    )


def check_claim(
    lhs: Any,
    relation: Relation | str,
    rhs: Any,
    *,
    where: Mapping[object, object] | None = None,
    settings: NumericSettings | None = None,
    tolerance: float | sp.Expr = 0.0,
    symbolic: bool = True,
    reason: str = "",
    reads: Iterable[sp.Basic] = (),
) -> Verdict:
    r"""Check ``lhs relation rhs`` on its natural domain and return a :class:`Verdict`.

    The claim is judged where both of its sides are defined (within ``where``); the verdict
    names that domain. A claim that may read an entry outside its vector (``p_0``, ``p_{n+1}``,
    ``\sum_{i=1}^{n+1} p_i``) is unknown, never proved or confirmed: that entry is undefined,
    though SymPy may have cancelled it (:mod:`symxent.check.ranges`). Only a counterexample of
    the numeric search (which takes a missing entry as undefined) refutes a claim that reads
    outside for some counts only (``\sum_{i=1}^{m} p_i``, m > n).

    Args:
        lhs: left side (a symxent quantity, a SymPy expression, or a number).
        relation: ``"="``, ``"<="``, ``">="``, ``"<"``, ``">"``, ``"approx"`` or a Relation.
        rhs: right side.
        where: domain overrides: ``{Symbol: Interval}``, ``{vector: "one-hot"}``.
        settings: numeric sampling settings.
        tolerance: for ``approx``, the allowed absolute difference (a Rational is exact).
        symbolic: set False to skip the proof attempt (numeric confirmation only).
        reason: the step's reason; for an inequality, a lemma it names ("Jensen", "Gibbs",
            "log x <= x - 1") is tried first (see :mod:`symxent.check.lemmas`).
        reads: the entries the claim reads as it was written, with the sums around them
            (``Sum(p[i], (i, 1, n + 1))``), when they may no longer show in the sides (the
            LaTeX reader records them before SymPy cancels ``p_i - p_i``).

    Returns:
        proved, rounded (holds to the stated digits), confirmed, refuted (with a
        counterexample) or unknown.
    """
    relation = Relation.parse(relation)
    lhs = as_expr(lhs, "the left side")
    rhs = as_expr(rhs, "the right side")
    reads_outside = outside((lhs, rhs, *reads))
    if reads_outside and reads_outside.always:  # defined nowhere: nothing to search or prove
        return Verdict.unknown(f"{reads_outside.reason}: {_UNDEFINED}")
    # Sampling first: a refuted claim needs no proof attempt (and proof attempts on false
    # claims with huge constants are where SymPy's simplification can take forever).
    outcome = numeric_check(lhs, relation, rhs, where=where, settings=settings, tolerance=tolerance)
    domain = outcome.domain
    if outcome.counterexample is not None:
        return Verdict.refuted(outcome.counterexample, "numeric, interval arithmetic").on(domain)
    if reads_outside:  # only where every entry exists could the claim hold: not proved here
        return Verdict.unknown(f"{reads_outside.reason}: {_UNDEFINED}").on(domain)
    if outcome.points == 0 and outcome.why_undefined and not outcome.unsupported:
        key = "undefined_at_value" if outcome.exact else "undefined_in_domain"
        return Verdict.unknown(Detail(key, why=outcome.why_undefined)).on(domain)
    lemmas = None
    if symbolic and relation.direction and names_lemma(reason) and not involves_joint(lhs, rhs):
        # the named lemma first (Shannon's inequalities prove joint claims without lemmas)
        lemmas = _attempt_lemmas(lhs, relation, rhs, where=outcome.where, reason=reason)
    proof = None
    if symbolic and lemmas is None:
        proof = _attempt(
            PROOF_SECONDS,
            "the proof attempt",
            lambda _: prove(lhs, relation, rhs, where=outcome.where, tolerance=tolerance),
        )
    if symbolic and relation.direction and not proof and lemmas is None:
        lemmas = _attempt_lemmas(lhs, relation, rhs, where=outcome.where, reason=reason)
    max_error = outcome.max_error if outcome.points else None
    if lemmas is not None:
        verdict = Verdict.proved(lemmas.method, outcome.points, max_error, certificate=lemmas.lines)
        return verdict.on(domain)
    if proof and relation is Relation.APPROX and proof != EXACTLY_EQUAL:
        how: str = proof.removeprefix("symbolic: ")  # a rounding, not a symbolic proof
        if isinstance(proof, Detail):
            how = proof.values["how"] if proof.key == "symbolic" else proof
        return Verdict.rounded(how).on(domain)
    if proof:
        return Verdict.proved(proof, outcome.points, max_error).on(domain)
    if outcome.unsupported:
        unsupported = Detail("cannot_evaluate_numerically", what=outcome.unsupported)
        return Verdict.unknown(unsupported).on(domain)
    if outcome.points == 0:
        return Verdict.unknown(_nothing_evaluated(outcome)).on(domain)
    if outcome.mostly_undefined:
        why = Detail("why_colon", reason=outcome.why_undefined) if outcome.why_undefined else ""
        missing = outcome.undefined + outcome.unchecked
        total = missing + outcome.points
        return Verdict.unknown(
            Detail(
                "mostly_undefined",
                undefined=missing,
                total=total,
                why=why,
                unchecked=_unchecked(outcome),
            )
        ).on(domain)
    if outcome.unresolved:
        return Verdict.unknown(Detail("unresolved", count=outcome.unresolved)).on(domain)
    if outcome.exact and relation is Relation.APPROX:
        return Verdict.rounded(Detail("interval_arithmetic", searched=outcome.searched)).on(domain)
    notes = []
    if outcome.undefined:
        why = Detail("why", reason=outcome.why_undefined) if outcome.why_undefined else ""
        notes.append(Detail("points_outside", points=_points(outcome.undefined), why=why))
    if outcome.unchecked:
        notes.append(Detail("unchecked_points", points=_points(outcome.unchecked)))
    note = Detail("notes", first=notes[0], second=notes[1]) if len(notes) == 2 else ""
    note = note or (notes[0] if notes else "")
    verdict = Verdict.confirmed(
        outcome.points, max(outcome.max_error, 0.0), note, searched=outcome.searched
    )
    return verdict.on(domain)


def _nothing_evaluated(outcome: NumericOutcome) -> Detail:
    """Why no sampled point could be compared: undefined everywhere, float64 blind, or neither."""
    if outcome.undefined:
        why = Detail("why", reason=outcome.why_undefined) if outcome.why_undefined else ""
        return Detail("undefined_everywhere", count=outcome.undefined, why=why)
    if outcome.unchecked:
        return Detail("float64_blind", count=outcome.unchecked)
    return Detail("not_comparable")


def _unchecked(outcome: NumericOutcome) -> str:
    """``"; 3 of them not evaluated ..."``: points counted as missing for want of a re-check."""
    return Detail("unchecked_of_them", count=outcome.unchecked) if outcome.unchecked else ""


def _points(count: int) -> str:
    """``"1 point"``, ``"2 points"``."""
    return Detail("point_one") if count == 1 else Detail("points_many", count=count)
