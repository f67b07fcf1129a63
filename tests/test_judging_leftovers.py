r"""Judging bugs noticed after issue 10 landed, each with the case that showed it.

* a one-term sum between symbolic bounds, ``\sum_{j=i}^{i} x_j = x_i``, was refuted (its bound
  ``i`` was read as the vector's length, not as the free index of ``x_i``);
* a lone ``y`` took the [0, 1] of its role (labels), so ``y \ge 0`` was proved;
* "2 points outside the domain" was said of points nobody evaluated (float64 overflowed and the
  high-precision re-check had no budget left for them);
* a link's limit was wall-clock time, so a loaded machine turned verdicts into "too large".

Expected values are worked out by hand in the comments.
"""

from __future__ import annotations

import threading
import time
from collections import Counter

import numpy as np
import pytest

from symxent.budget import TooLargeError, cpu_limit, time_limit
from symxent.check import numeric
from symxent.check.recheck import Recheck
from symxent.lecture import verify

ACCEPTED = ("proved", "rounded", "confirmed", "base")

# ------------------------------------------------------------------ one-term sums


@pytest.mark.parametrize(
    "claim",
    [
        r"\sum_{j=i}^{i} x_j = x_i",  # one term: j = i
        r"\sum_{k=i}^{i} x_k^2 = x_i^2",
        r"\sum_{j=i}^{i} p_j \log p_j = p_i \log p_i",
        r"\sum_{j=k}^{k} z_j = z_k",
    ],
)
def test_a_one_term_sum_between_equal_symbolic_bounds_is_its_term(claim: str) -> None:
    assert verify(claim).status == "proved"


@pytest.mark.parametrize(
    "claim",
    [
        r"\sum_{j=i}^{i} x_j = -x_i",  # x_i = -x_i only at 0
        r"\sum_{j=i}^{i} x_j = 2 x_i",  # x_i = 2 x_i only at 0
        r"\sum_{k=i}^{i} x_k^2 = x_i",  # x_i^2 = x_i only at 0 and 1
        r"\sum_{j=i}^{i} x_j \ge x_i + 1",  # x_i >= x_i + 1 never
    ],
)
def test_wrong_one_term_sums_are_refuted(claim: str) -> None:
    assert verify(claim).status == "refuted"


def test_the_index_is_a_class_index_in_the_verdict_domain() -> None:
    detail = verify(r"\sum_{j=i}^{i} x_j = x_i").rows[0].detail
    assert "1 ≤ i ≤ n" in detail and "x ∈ ℝ^n" in detail, detail


def test_a_sum_up_to_a_free_index_is_never_refuted_when_true() -> None:
    # x_1 + ... + x_i >= x_i for positive x (the other terms are positive)
    result = verify(r"\sum_{j=1}^{i} x_j \ge x_i", assume=["x:positive"])
    assert result.status != "refuted"


# ------------------------------------------------------------------ a lone y


@pytest.mark.parametrize(
    "claim",
    [
        r"y \ge 0",  # y = -1
        r"y \le 1",  # y = 2
        r"y^2 \le y",  # y = 2: 4 > 2
        r"y (1 - y) \ge 0",  # y = 2: -2
        r"e^{y} \le e",  # y = 2
    ],
)
def test_a_lone_y_is_a_real_number(claim: str) -> None:
    result = verify(claim)
    assert result.status == "refuted", result.text()
    assert "y ∈ ℝ" in result.rows[0].detail


@pytest.mark.parametrize(
    "claim",
    [
        # binary cross-entropy is nonnegative for a label y in [0, 1] and yhat in (0, 1)
        r"-\left[y \log \hat{y} + (1 - y) \log (1 - \hat{y})\right] \ge 0",
        r"-y \log \sigma(a) - (1 - y) \log (1 - \sigma(a)) \ge 0",
        # Gibbs for two outcomes: CE((y, 1-y), (yhat, 1-yhat)) >= H((y, 1-y))
        r"-y\log\hat{y} - (1-y)\log(1-\hat{y}) \ge -y\log y - (1-y)\log(1-y)",
    ],
)
def test_a_y_the_claim_makes_a_label_stays_in_zero_one(claim: str) -> None:
    result = verify(claim)
    assert result.status in ACCEPTED, result.text()
    assert "y ∈ [0, 1]" in result.rows[0].detail


def test_an_assumed_role_makes_a_lone_y_a_label() -> None:
    assert verify(r"y \ge 0", assume=["y:labels"]).status == "proved"


def test_the_label_context_is_needed_for_bce() -> None:
    # at y = 10, yhat = 0.9: -(10 ln 0.9 + (1 - 10) ln 0.1) = -(-1.0536 + 20.7233) = -19.67,
    # so "BCE >= 0" holds only because the claim makes y a label in [0, 1]
    import math

    y, yhat = 10.0, 0.9
    assert -(y * math.log(yhat) + (1 - y) * math.log(1 - yhat)) == pytest.approx(-19.6697, 1e-4)


# ------------------------------------------------------------------ points not evaluated


def test_points_nobody_evaluated_are_not_called_outside_the_domain() -> None:
    # float64 could not evaluate rows 0 and 1; the re-check looked at none of them
    tally = numeric._Tally()
    blind = np.array([True, True, False, False])
    tally.add(Recheck(), blind, np.array([], dtype=np.int64))
    assert (tally.undefined, tally.unchecked) == (0, 2)
    # once some are re-checked and found undefined, the rest are counted like them
    tally = numeric._Tally()
    found = Recheck(undefined={0}, reasons=Counter({"the log of a negative number": 1}))
    tally.add(found, np.array([True, True, True, False]), np.array([0], dtype=np.int64))
    assert (tally.undefined, tally.unchecked) == (3, 0)


def test_the_log_sum_inequality_says_why_points_were_left_out() -> None:
    # sum a_i log(a_i / b_i) >= (sum a_i) log(sum a_i / sum b_i) for positive a, b: every
    # point of the domain is inside it, so none may be said to lie outside
    claim = (
        r"\sum_{i=1}^{n} a_i \log \frac{a_i}{b_i} \ge \left(\sum_{i=1}^{n} a_i\right) "
        r"\log \frac{\sum_{i=1}^{n} a_i}{\sum_{i=1}^{n} b_i}"
    )
    result = verify(claim, assume=["a:positive", "b:positive"])
    assert result.status in ACCEPTED
    assert "outside the domain" not in result.rows[0].detail, result.rows[0].detail


def test_points_outside_the_domain_come_with_the_reason() -> None:
    # sqrt(x_i) of a negative entry is not real: those points are outside, and it says why
    detail = verify(r"\sum_{i=1}^{n} \sqrt{x_i} \ge 0").rows[0].detail
    assert "outside the domain (" in detail, detail


# ------------------------------------------------------------------ CPU-time limits


def test_a_cpu_limit_ends_a_busy_loop() -> None:
    with pytest.raises(TooLargeError, match="CPU time"), cpu_limit(0.2, "spinning", wall=30):
        while True:
            pass


def test_a_cpu_limit_does_not_count_waiting() -> None:
    # 0.4 s of sleep uses almost no CPU: a 0.2 s CPU budget is not used up
    with cpu_limit(0.2, "sleeping", wall=30):
        time.sleep(0.4)


def test_a_cpu_limit_keeps_a_wall_clock_cap() -> None:
    started = time.perf_counter()
    with pytest.raises(TooLargeError), cpu_limit(30, "sleeping", wall=0.3):
        for _ in range(100):
            time.sleep(0.02)
    assert time.perf_counter() - started < 5


def test_a_cpu_limit_works_in_another_thread() -> None:
    outcome: list[str] = []

    def spin() -> None:
        try:
            with cpu_limit(0.2, "spinning", wall=30):
                while True:
                    pass
        except TooLargeError as error:
            outcome.append(str(error))

    worker = threading.Thread(target=spin)
    worker.start()
    worker.join(timeout=60)
    assert outcome and "CPU time" in outcome[0]


def test_nested_limits_of_two_clocks_each_give_their_own_message() -> None:
    with (
        pytest.raises(TooLargeError, match=r"outer took more than 0\.3 s$"),
        time_limit(0.3, "outer"),
        cpu_limit(30, "inner"),
    ):
        while True:
            pass


def test_a_link_waiting_on_a_loaded_machine_keeps_its_verdict(monkeypatch) -> None:
    # a machine so loaded that each check waits 0.8 s: the link's 0.5 s budget counts CPU
    # time, so the check still ends (a wall-clock limit of 0.5 s would make it "too large")
    import symxent.lecture.judge as judging

    real = judging.check_claim

    def slow(*args, **kwargs):
        time.sleep(0.8)
        return real(*args, **kwargs)

    monkeypatch.setattr(judging, "check_claim", slow)
    judging._VERDICTS.clear()
    from symxent.lecture.checker import LectureChecker

    checker = LectureChecker(link_budget=0.5)
    checker.equation(r"\log 4 = 2 \log 2", 1)
    assert [row.status for row in checker.rows] == ["proved"], checker.rows
