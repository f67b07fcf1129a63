"""symxent on the textbook-identity corpus, through the public API (``symxent.lecture.verify``).

The hard rules of issue 10, one test per claim: a false claim is never accepted (proved,
confirmed, holds), a true claim is never refuted, and nothing crashes. An unreadable claim
(``LatexParseError``) or an "unknown" breaks no hard rule; it counts against the acceptance rate.

Today's violations are listed in ``KNOWN_GAPS`` with what goes wrong, and marked
``xfail(strict=True)``: when a fix makes one pass, its test fails until the entry is removed
here. Nothing is skipped. The truth of every claim is established without symxent in
``test_corpus_truth.py``; ``bench/trust_report.py`` prints the same figures as a table.
"""

from __future__ import annotations

import pytest
from corpus import CLAIMS
from corpus.run import Outcome, cut_short, run_claim

# Acceptance rate of the true claims (accepted / all true claims) on main when this test was
# written: 91 of 175 = 0.52. This is the baseline, not the goal: issue 10 asks for 0.90, and
# the lead raises this number as the fixes land. It may only go up.
MIN_ACCEPTANCE = 0.52

# Every known gap of the corpus is closed (the last ones, issue 10 B.1, B.3-B.5, B.7, B.9, by the
# judge lane); a new one goes here with what goes wrong.
KNOWN_GAPS: dict[str, str] = {}

_RESULTS: dict[str, Outcome] = {}


def outcome_of(claim) -> Outcome:
    """symxent's verdict on one claim, computed once per test session.

    A check cut short by its time budget (other processes may load the machine) is run once
    more: a verdict that depends on the load says nothing about the claim.
    """
    if claim.id not in _RESULTS:
        result = run_claim(claim)
        if cut_short(f"{result.status} {result.detail}"):
            result = run_claim(claim)
        _RESULTS[claim.id] = result
    return _RESULTS[claim.id]


def _params() -> list:
    ids = {c.id for c in CLAIMS}
    stale = set(KNOWN_GAPS) - ids
    assert not stale, f"KNOWN_GAPS names claims that are not in the corpus: {sorted(stale)}"
    return [
        pytest.param(
            c,
            id=c.id,
            marks=[pytest.mark.xfail(strict=True, reason=f"issue 10: {KNOWN_GAPS[c.id]}")]
            if c.id in KNOWN_GAPS
            else [],
        )
        for c in CLAIMS
    ]


@pytest.mark.parametrize("claim", _params())
def test_a_verdict_keeps_the_hard_rules(claim) -> None:
    result = outcome_of(claim)
    assert result.outcome != "crash", result.detail
    if claim.id in KNOWN_GAPS:
        # an answer cut short by a time budget says nothing about whether the gap is fixed
        # (on a loaded machine it would turn a known gap into an unexpected pass)
        assert not cut_short(f"{result.status} {result.detail}"), f"timed out: {result.detail}"
    if claim.true:
        assert result.outcome != "refuted", f"true claim refuted: {result.detail}"
    else:
        assert result.outcome != "accepted", f"false claim {result.status}: {result.detail}"


def test_the_acceptance_rate_of_true_claims_does_not_fall() -> None:
    # claims whose check was cut short by a time budget (a loaded machine) are left out
    true_claims = [
        c
        for c in CLAIMS
        if c.true and not cut_short(f"{outcome_of(c).status} {outcome_of(c).detail}")
    ]
    assert len(true_claims) >= 0.9 * sum(c.true for c in CLAIMS), "most checks timed out"
    accepted = [c.id for c in true_claims if outcome_of(c).outcome == "accepted"]
    rate = len(accepted) / len(true_claims)
    assert rate >= MIN_ACCEPTANCE, (
        f"{len(accepted)} of {len(true_claims)} true claims accepted ({rate:.3f}), "
        f"below the recorded {MIN_ACCEPTANCE}"
    )


def test_outcomes_are_sorted_as_documented() -> None:
    from corpus.run import sort_status

    assert [sort_status(s) for s in ("proved", "confirmed", "holds to the stated digits")] == [
        "accepted"
    ] * 3
    assert [sort_status(s) for s in ("refuted", "unknown", "base")] == [
        "refuted",
        "unknown",
        "unknown",
    ]
