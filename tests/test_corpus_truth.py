"""The corpus's own truth, established without symxent: mpmath at random points and explicit
counterexamples; for the lecture notes, every listed wrong link and checked number computed.

Every true claim must hold at 40 seeded random domain points (near-boundary points included:
entries down to 1e-200, logits out to +-800, n from 1 to 64) at 60 digits; every false claim
must clearly fail at its stated counterexample. Nothing here imports symxent.
"""

from __future__ import annotations

from collections import Counter

import pytest
from corpus import CLAIMS
from corpus.claims import (
    WORKING_DIGITS,
    chain_breaks,
    chain_holds,
    evaluate,
    link_breaks,
    link_holds,
    sample_points,
)
from corpus.notes_expectations import NOTES
from mpmath import mp

POINTS = 40
TRUE = [c for c in CLAIMS if c.true]
FALSE = [c for c in CLAIMS if not c.true]


def test_the_corpus_is_large_and_its_ids_are_unique() -> None:
    assert len(CLAIMS) >= 150
    assert len({c.id for c in CLAIMS}) == len(CLAIMS)
    assert len({(c.latex, c.base, c.assume) for c in CLAIMS}) == len(CLAIMS)
    assert len(TRUE) >= 120 and len(FALSE) >= 50
    # every category has true and false entries, and a source and an argument for each entry
    by_category = Counter((c.category, c.true) for c in CLAIMS)
    for category in {c.category for c in CLAIMS}:
        assert by_category[(category, True)] and by_category[(category, False)], category
    assert all(c.source and c.why for c in CLAIMS)


@pytest.mark.parametrize("claim", TRUE, ids=lambda c: c.id)
def test_a_true_claim_holds_at_random_points(claim) -> None:
    with mp.workdps(WORKING_DIGITS):
        for point in sample_points(claim, POINTS):
            assert chain_holds(claim, point), (claim.id, point, evaluate(claim, point))


@pytest.mark.parametrize("claim", FALSE, ids=lambda c: c.id)
def test_a_false_claim_fails_at_its_counterexample(claim) -> None:
    assert claim.at is not None
    with mp.workdps(WORKING_DIGITS):
        point = claim.at()
        assert chain_breaks(claim, point), (claim.id, point, evaluate(claim, point))


def test_the_checks_can_fail() -> None:
    # the comparison helpers reject what they should: a sign flip at a random point breaks, and
    # a true claim's sides swapped into a strict reversed inequality do not hold
    with mp.workdps(WORKING_DIGITS):
        assert not link_holds(1, "=", 1 + mp.mpf(10) ** -15)
        assert link_breaks(1, "<=", 0.5)
        assert not link_breaks(1, "=", 1)
        assert link_holds(0, "<", mp.mpf(10) ** -300)
        assert not link_holds(mp.mpf("0.6932"), "≈", mp.log(2), mp.mpf("0.00005"))


# ------------------------------------------------------------------ the lecture-note corpus

NOTE_LINKS = [
    pytest.param(note, link, wrong, id=f"{note.file}:{link.line}")
    for note in NOTES
    for links, wrong in ((note.wrong, True), (note.checks, False))
    for link in links
]


def test_the_note_corpus_is_large_enough() -> None:
    assert len(NOTES) >= 8
    assert sum(len(n.wrong) for n in NOTES) >= 10
    assert any(not n.file.isascii() or "_ko" in n.file for n in NOTES)
    files = sorted(p.name for p in NOTES[0].path.parent.glob("*.md"))
    assert files == sorted(n.file for n in NOTES), "every note file has expectations"


@pytest.mark.parametrize(("note", "link", "wrong"), NOTE_LINKS)
def test_a_note_link_is_what_its_expectation_says(note, link, wrong) -> None:
    assert link.text in note.lines()[link.line - 1], (note.file, link.line, link.text)
    with mp.workdps(WORKING_DIGITS):
        left, right = link.sides()
        if wrong:
            assert link_breaks(left, link.rel, right, link.tol), (link.why, left, right)
        else:
            assert link_holds(left, link.rel, right, link.tol), (link.why, left, right)


@pytest.mark.parametrize(
    ("note", "unbound"),
    [pytest.param(n, u, id=f"{n.file}:{u.line}") for n in NOTES for u in n.unbound],
)
def test_an_unbound_claim_is_on_its_line(note, unbound) -> None:
    assert unbound.text in note.lines()[unbound.line - 1]
