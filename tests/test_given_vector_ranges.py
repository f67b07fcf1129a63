r"""A vector a lecture gives is read only at its given entries (issue 10, leftover).

After ``p = [0.2, 0.3, 0.5]`` the claim ``\sum_{i=1}^{4} p_i = 1`` was "confirmed": a sum whose
bound differed from the given length made the reader drop the given values and judge a general
4-entry ``p``. (``\sum_{i=1}^{2} p_i = 0.5``, true of the given p, was even refuted as a claim
about every 2-entry distribution.) And ``p_4 = 0`` after it was read as a new binding that made
p's other entries unknown. Now a given vector stays given: a sum or an entry past its values is
unknown or skipped with the entry named, and sums inside keep their values.

The expected values are worked out here with exact fractions: the given entries are decimals
with one or two places, and a partial sum ``\sum_{i=a}^{b} p_i`` of them is an exact decimal.
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import pytest

from symxent.lecture.checker import check_text

ACCEPTED = ("proved", "rounded", "confirmed", "base")

GIVEN = {
    2: ["0.4", "0.6"],
    3: ["0.2", "0.3", "0.5"],
    4: ["0.1", "0.2", "0.3", "0.4"],
    5: ["0.05", "0.15", "0.2", "0.25", "0.35"],
}


def _decimal(value: Fraction) -> str:
    """An exact decimal for a fraction whose denominator divides 100."""
    assert 100 % value.denominator == 0
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    assert Fraction(text) == value
    return text


def _partial(values: list[str], low: int, high: int) -> Fraction:
    """The sum of the given entries low..high (1-based; entries outside count as 0)."""
    return sum(
        (Fraction(values[k - 1]) for k in range(low, high + 1) if 1 <= k <= len(values)),
        Fraction(0),
    )


def _claims(values: list[str]) -> tuple[list[str], list[str]]:
    """True claims about the given p, and wrong variants that read past it (shifted bounds)."""
    length = len(values)
    true, wrong = [], []
    for low in range(1, length + 1):
        for high in range(low, length + 1):
            true.append(
                rf"\sum_{{i={low}}}^{{{high}}} p_i = {_decimal(_partial(values, low, high))}"
            )
    true.append(rf"\sum_{{i=0}}^{{{length - 1}}} p(i+1) = 1")
    true.append(rf"\sum_{{i=2}}^{{{length + 1}}} p(i-1) = 1")
    true.extend(rf"p_{{{k}}} = {v}" for k, v in enumerate(values, start=1))
    for high in (length + 1, length + 2):
        # the sum that counts the missing entries as 0, and the sum 1 of a longer distribution
        wrong.append(rf"\sum_{{i=1}}^{{{high}}} p_i = 1")
        wrong.append(rf"\sum_{{i=2}}^{{{high}}} p_i = {_decimal(_partial(values, 2, high))}")
        wrong.append(rf"\sum_{{i=1}}^{{{high}}} p_i \ge 1")
    for low in (0, -1):
        wrong.append(rf"\sum_{{i={low}}}^{{{length}}} p_i = 1")
        wrong.append(
            rf"\sum_{{i={low}}}^{{{length - 1}}} p_i = {_decimal(_partial(values, low, length - 1))}"
        )
    wrong.append(rf"\sum_{{i=1}}^{{{length}}} p(i+1) = {_decimal(_partial(values, 2, length))}")
    wrong.append(rf"\sum_{{i=1}}^{{{length}}} p(i-1) = {_decimal(_partial(values, 1, length - 1))}")
    entropy = -mpmath.fsum(mpmath.mpf(v) * mpmath.log(mpmath.mpf(v)) for v in values)
    wrong.append(rf"-\sum_{{i=1}}^{{{length + 1}}} p_i \log p_i = {mpmath.nstr(entropy, 6)}")
    wrong.extend(
        (rf"p_{{{length + 1}}} = 0", r"p_0 = 0", rf"p_{{{length + 1}}} + p_1 = {values[0]}")
    )
    return true, wrong


def _verdicts(values: list[str], claims: list[str]) -> list[tuple[str, str, str]]:
    """(claim, status, detail) of each claim, each judged after ``p = [values]``."""
    text = f"Let $p = [{', '.join(values)}]$.\n\n" + "".join(f"$${c}$$\n\n" for c in claims)
    rows = [row for row in check_text(text).rows if row.line > 1]
    assert len(rows) == len(claims), [(r.line, r.lhs, r.status) for r in rows]
    return [(c, r.status, r.detail) for c, r in zip(claims, rows, strict=True)]


@pytest.mark.parametrize("length", sorted(GIVEN))
def test_claims_inside_a_given_vector_hold(length: int) -> None:
    true, _ = _claims(GIVEN[length])
    for claim, status, detail in _verdicts(GIVEN[length], true):
        assert status in ACCEPTED, (claim, status, detail)


@pytest.mark.parametrize("length", sorted(GIVEN))
def test_claims_past_a_given_vector_are_not_accepted(length: int) -> None:
    _, wrong = _claims(GIVEN[length])
    for claim, status, detail in _verdicts(GIVEN[length], wrong):
        assert status in ("unknown", "skipped"), (claim, status, detail)
        # the reason names the entry outside the given vector
        assert (
            "is past p's" in detail
            or "is before p's first entry" in detail
            or "is not one of them" in detail
        ), (claim, detail)


def test_a_partial_sum_of_a_given_vector_is_not_judged_as_a_general_one() -> None:
    # 0.2 + 0.3 = 0.5: true of the given p (it was refuted over every 2-entry distribution)
    verdicts = _verdicts(GIVEN[3], [r"\sum_{i=1}^{2} p_i = 0.5", r"\sum_{i=1}^{2} p_i = 0.6"])
    assert [status for _, status, _ in verdicts] == ["proved", "refuted"], verdicts


def test_an_entry_line_after_a_full_vector_is_a_claim_not_a_new_binding() -> None:
    text = (
        "Let $p = [0.2, 0.3, 0.5]$.\n\n$$p_3 = 0.5$$\n\n$$p_4 = 0$$\n\n"
        "$$-\\sum_{i=1}^{3} p_i \\ln p_i = 1.0297$$\n\n$$p_3 = 0.7$$\n"
    )
    rows = check_text(text).rows
    assert [(row.line, row.kind, row.status) for row in rows] == [
        (1, "binding", "binding"),
        (3, "claim", "proved"),  # the value p_3 has
        (5, "skipped", "skipped"),  # p has no p_4
        (7, "claim", "rounded"),  # p is still the given vector: H = 1.029653...
        (9, "binding", "binding"),  # another value: a new example or a slip, never refuted
    ], [(row.line, row.kind, row.status, row.detail) for row in rows]
    assert "p is given with 3 entries, and p_4 is not one of them" in rows[2].detail


def test_a_new_section_may_give_entries_again() -> None:
    # a new example on a new slide rebinds p entry by entry (no claim about the old p)
    text = (
        "# One\n\nLet $p = [0.2, 0.3, 0.5]$.\n\n# Two\n\n$$p_1 = 0.5$$\n\n$$p_2 = 0.5$$\n\n"
        "$$p_1 + p_2 = 1$$\n"
    )
    rows = check_text(text).rows
    assert [row.status for row in rows] == ["binding", "binding", "binding", "proved"], [
        (row.line, row.status, row.detail) for row in rows
    ]


@pytest.mark.parametrize(("count", "status"), [(3, "proved"), (4, "unknown")])
def test_a_bound_count_past_the_given_vector(count: int, status: str) -> None:
    # with n = 4 the sum reads p_4 (p has 3 entries); with n = 3 it is the given p's sum
    text = f"Let $p = [0.2, 0.3, 0.5]$ and $n = {count}$.\n\n$$\\sum_{{i=1}}^{{n}} p_i = 1$$\n"
    rows = [row for row in check_text(text).rows if row.kind != "binding"]
    assert [row.status for row in rows] == [status], [(row.status, row.detail) for row in rows]
    if status == "unknown":
        assert "p_4 is past p's 3 entries" in rows[0].detail
