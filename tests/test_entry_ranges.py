r"""An entry outside its vector is undefined, never 0 (issue 10, B.2): the gate of every verdict.

SymPy cancels an entry before anything is judged (``p_i - p_i`` is 0 as soon as it is built), so
``\sum_{i=1}^{n+1} (p_i - p_i) = 0`` was "proved" although p (n entries) has no ``p_{n+1}``.
A claim that may read outside its vectors is now unknown (or refuted), never proved or
confirmed; claims that read inside keep their verdicts.

Which entries a sum reads is worked out by hand: ``\sum_{i=a}^{n+d} p(i+c)`` reads
``p_{a+c} … p_{n+d+c}``; it stays inside p's ``n`` entries for every n exactly when
``a + c >= 1`` and ``d + c <= 0`` (or when it has no terms for any n).
"""

from __future__ import annotations

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from symxent import Distribution
from symxent.check import check_claim
from symxent.check.ranges import reads_outside
from symxent.check.symbolic import prove
from symxent.distributions import class_index, summation_index
from symxent.lecture import verify
from symxent.relations import Relation

ACCEPTED = ("proved", "rounded", "confirmed", "base")

# ------------------------------------------------------------------ the two claims of the report


@pytest.mark.parametrize(
    ("claim", "entry"),
    [
        (r"\sum_{i=1}^{n+1} (p_i - p_i) = 0", "p_{n + 1}"),
        (r"\sum_{i=1}^{n+1} p_i \log\frac{p_i}{p_i} = 0", "p_{n + 1}"),
        (r"\sum_{i=1}^{n+2} (p_i - p_i) = 0", "p_{n + 2}"),
        (r"\sum_{i=0}^{n} (p_i - p_i) = 0", "p_0"),
        (r"\sum_{i=0}^{n} p_i \log\frac{p_i}{p_i} = 0", "p_0"),
        (r"p_0 - p_0 = 0", "p_0"),
        (r"\sum_{i=1}^{n} (p(i+1) - p(i+1)) = 0", "p_{n + 1}"),
        (r"\sum_{i=1}^{n} q(i+1) \log\frac{q(i+1)}{q(i+1)} = 0", "q_{n + 1}"),
        (r"\sum_{i=2}^{n+1} (p_i - p_i) = 0", "p_{n + 1}"),
        (r"\sum_{x} \sum_{i=1}^{n+1} (p_i - p_i) = 0", "p_{n + 1}"),
        (r"\max_{i} (p(i+1) - p(i+1)) = 0", "p_{n + 1}"),
    ],
)
def test_a_cancelled_entry_outside_its_vector_is_unknown(claim: str, entry: str) -> None:
    result = verify(claim)
    assert result.status == "unknown", result.text()
    assert f"{entry} is " in result.text()
    assert "undefined" in result.text()


def test_an_explicit_count_bounds_the_entries() -> None:
    # the sum runs over p's 3 entries, and reads p_{i+1} up to p_4; p_3 exists
    past = verify(r"\sum_{i=1}^{3} (p(i+1) - p(i+1)) = 0", assume=["n=3"])
    assert past.status == "unknown" and "p_4 is past p's 3 entries" in past.text()
    assert verify(r"p_3 - p_3 = 0", assume=["n=3"]).status == "proved"


def test_a_one_hot_label_past_its_classes_is_unknown() -> None:
    # a one-hot y has entries KroneckerDelta(i, k); y_{n+1} is 0 in SymPy but does not exist
    result = verify(r"\sum_{i=1}^{n+1} y_i = 1", assume=["y:one-hot"])
    assert result.status == "unknown" and "y_{n + 1} is past" in result.text()


def test_a_file_link_past_a_given_vector_is_unknown() -> None:
    from symxent.lecture.checker import check_text

    # p_{i+1} for i = 1..3 reads p_2, p_3 and p_4; a given vector's entry at a symbolic index
    # is sum_j v_j [i + 1 = j], so p_4 counted as 0 and 0.3 + 0.5 = 0.8 was "proved"
    text = "$$p = [0.2, 0.3, 0.5]$$\n\n$$\\sum_{i=1}^{3} p(i+1) = 0.8$$\n"
    rows = [row for row in check_text(text).rows if row.kind == "claim"]
    assert [row.status for row in rows] == ["unknown"], rows
    assert "p_4 is past p's 3 entries" in rows[0].detail


# ------------------------------------------------------------------ inside the range: unchanged


@pytest.mark.parametrize(
    ("claim", "assume", "status"),
    [
        (r"\sum_{i=1}^{n} p_i = 1", [], "proved"),
        (r"\sum_{i=1}^{n} (p_i - p_i) = 0", [], "proved"),
        (r"\sum_{i=1}^{n} p_i \log\frac{p_i}{p_i} = 0", [], "proved"),
        (r"p_1 - p_1 = 0", [], "proved"),
        (r"p_3 - p_3 = 0", ["n=3"], "proved"),
        (r"\sum_{i=1}^{3} p_i = 1", ["n=3"], "holds"),
        (r"D_{KL}(p \parallel q) = -H(p) + \mathrm{CE}(p, q)", [], "proved"),
        (
            r"\mathrm{softmax}(z)_k = \frac{e^{z_k}}{\sum_{j=1}^{n} e^{z_j}}",
            [],
            "proved",
        ),
        (r"\sum_{i=1}^{n} y_i = 1", ["y:one-hot"], "proved"),
        (r"\sum_{j=i}^{i} x_j = x_i", [], "proved"),
        (r"\sum_{i=0}^{n-1} p(i+1) = 1", [], "holds"),
        (r"\sum_{i=1}^{n-1} p(i+1) = 1 - p_1", [], "holds"),
        (r"p_1 + p_2 \le 1", [], "holds"),
    ],
)
def test_claims_that_read_inside_keep_their_verdicts(
    claim: str, assume: list[str], status: str
) -> None:
    result = verify(claim, assume=assume)
    if status == "holds":
        assert result.status in ACCEPTED, result.text()
    else:
        assert result.status == status, result.text()


# ------------------------------------------------------------------ the gate, generated


P = Distribution("p", "n")
N = P.n
IDX = summation_index("i")
K = class_index("k", "n")


@settings(max_examples=200, deadline=None)
@given(
    low=st.integers(-2, 3),
    up=st.integers(-2, 3),
    shift=st.integers(-2, 3),
    with_q=st.booleans(),
)
def test_generated_sums_are_gated_exactly(low: int, up: int, shift: int, with_q: bool) -> None:
    # \sum_{i=low}^{n+up} p_{i+shift} (times q_i) reads p_{low+shift} ... p_{n+up+shift}: inside
    # p's n entries for every n exactly when low + shift >= 1 and up + shift <= 0 (the sum has
    # terms for every large n, and neither end depends on n); q_i needs low >= 1 and up <= 0
    q = Distribution("q", "n")
    entry = P[IDX + shift]
    body = entry * sp.log(q[IDX]) if with_q else entry * sp.log(entry)
    outside = reads_outside([sp.Sum(body, (IDX, low, N + up))])
    inside = low + shift >= 1 and up + shift <= 0
    if with_q:
        inside = inside and low >= 1 and up <= 0
    assert (outside is None) == inside, (low, up, shift, with_q, outside)


@settings(max_examples=60, deadline=None)
@given(low=st.integers(-1, 2), up=st.integers(-1, 2), shift=st.integers(-1, 2))
def test_generated_cancelled_claims_are_never_accepted_outside(
    low: int, up: int, shift: int
) -> None:
    # the reader records the entries before SymPy cancels them; the checker gets them as reads
    entry = P[IDX + shift]
    lhs = sp.Sum(entry - entry, (IDX, low, N + up))  # SymPy: Sum(0, ...)
    inside = low + shift >= 1 and up + shift <= 0
    verdict = check_claim(lhs, "=", 0, reads=[sp.Sum(entry, (IDX, low, N + up))])
    if inside:
        assert verdict.short == "proved", verdict
    else:
        assert verdict.short in ("unknown", "refuted"), verdict
        assert "undefined" in str(verdict)


@settings(max_examples=30, deadline=None)
@given(
    low=st.sampled_from(["0", "1", "2"]),
    up=st.sampled_from(["n-1", "n", "n+1", "n+2"]),
    shift=st.sampled_from(["", "+1", "+2", "-1"]),
    template=st.sampled_from(
        [
            r"\sum_{{i={low}}}^{{{up}}} (p(i{shift}) - p(i{shift})) = 0",
            r"\sum_{{i={low}}}^{{{up}}} p(i{shift}) \log\frac{{p(i{shift})}}{{p(i{shift})}} = 0",
            r"\sum_{{i={low}}}^{{{up}}} p(i{shift}) = 1",
            r"-\sum_{{i={low}}}^{{{up}}} q(i{shift}) \log q(i{shift}) = H(q)",
        ]
    ),
)
def test_generated_latex_claims_reading_outside_are_never_accepted(
    low: str, up: str, shift: str, template: str
) -> None:
    claim = template.format(low=low, up=up, shift=shift)
    first = int(low) + int(shift or "0")
    last = {"n-1": -1, "n": 0, "n+1": 1, "n+2": 2}[up] + int(shift or "0")
    result = verify(claim)
    if first < 1 or last > 0:  # reads p_{first} or p_{n+last}: outside p's n entries
        assert result.status in ("unknown", "refuted"), (claim, result.text())
        assert result.status != "refuted" or "undefined" not in result.text()


def test_free_class_indices_are_ranges() -> None:
    assert reads_outside([P[K]]) is None
    assert reads_outside([P[N + 1 - K]]) is None
    assert reads_outside([P[K + 1]]) == "p_{n + 1} is past p's n entries"
    assert reads_outside([P[K - 1]]) == "p_0 is before p's first entry p_1"
    j = summation_index("j")
    assert reads_outside([sp.Sum(P[j], (j, K, N))]) is None
    assert reads_outside([sp.Sum(P[j], (j, 1, K - 1))]) is None


def test_fixed_entries_narrow_the_domain() -> None:
    # p_2 exists for n >= 2: a claim about n >= 2, not a read outside; p_{n+1} never exists
    assert reads_outside([P[2], P[N - 1]]) is None
    assert reads_outside([P[N + 1]]) == "p_{n + 1} is past p's n entries"
    m = sp.Symbol("m", integer=True, positive=True)
    assert reads_outside([sp.Sum(P[IDX], (IDX, 1, m))]) == "p_m may be past p's n entries"
    # nested: \sum_{i=1}^{n} \sum_{j=i+1}^{n+1} p_j reads p_{n+1}
    j = summation_index("j")
    nested = sp.Sum(sp.Sum(P[j], (j, IDX + 1, N + 1)), (IDX, 1, N))
    assert reads_outside([nested]) == "p_{n + 1} is past p's n entries"
    assert reads_outside([sp.Sum(sp.Sum(P[j], (j, 1, IDX)), (IDX, 1, N))]) is None


def test_the_prover_alone_refuses_an_entry_outside() -> None:
    # prove() is public: without the checker around it, it still proves nothing there
    lhs = sp.Sum(P[IDX] * sp.log(P[IDX]), (IDX, 1, N + 1))
    assert prove(lhs, Relation.EQ, lhs + 0 * P[1]) is None
    inside = sp.Sum(P[IDX], (IDX, 1, N))
    assert prove(inside, Relation.EQ, sp.Integer(1)) is not None
