r"""Issue 10, section B: every verdict deserves its word.

Each symptom the issue reports is a regression test here, with the expected values computed
independently (mpmath, or a hand computation written out beside the assertion):

* B.1 natural domains: an unqualified scalar is real; a claim is judged where both sides are
  defined; the verdict names the domain; a counterexample lies inside it;
* B.2 undefined is never zero;
* B.3 "confirmed" means a directed search failed (class counts from the claim's constants,
  probabilities down to the smallest floats, far logits, local search);
* B.4 strict inequalities and printed values;
* B.5 stated decimals ("holds to the stated digits");
* B.7 empty sums are 0;
* B.9 ``--assume`` for vectors.
"""

from __future__ import annotations

import json
import math
import re

import mpmath
import numpy as np
import pytest
import sympy as sp

from symxent import CrossEntropy, Distribution, Entropy, Sigmoid
from symxent.check import Status, check_claim
from symxent.check.backends import FLOAT, INTERVAL, Undefined
from symxent.check.evaluate import Environment, XLogY, evaluate
from symxent.cli import main
from symxent.lecture.verify import verify


def _detail(latex: str, **options: object) -> str:
    result = verify(latex, **options)  # type: ignore[arg-type]
    return result.rows[0].detail


def _number(text: str) -> mpmath.mpf:
    return mpmath.mpf(text.strip())


# ---------------------------------------------------------------- B.1 natural domains


def test_a_plain_scalar_is_real_so_sqrt_t_squared_is_not_t() -> None:
    # sqrt(t^2) = |t|, which is -t for t < 0: the claim fails on half of the real line
    result = verify(r"\sqrt{t^2} = t")
    assert result.status == "refuted"
    verdict = next(iter(result.rows[0].judgement.verdicts.values()))  # type: ignore[union-attr]
    assert verdict.counterexample is not None
    t = mpmath.mpf(verdict.counterexample.point["t"])
    assert t < 0
    assert _number(verdict.counterexample.lhs) == pytest.approx(float(abs(t)))
    assert "t ∈ ℝ" in result.rows[0].detail


def test_log_of_a_product_holds_where_both_sides_are_defined() -> None:
    # log(xy) needs xy > 0, log x + log y needs x > 0 and y > 0: together x, y > 0, where the
    # identity is true; the prover may use it
    result = verify(r"\log(xy) = \log x + \log y", assume=["y:real"])
    assert result.status == "proved"
    assert "x ∈ (0, ∞)" in result.rows[0].detail and "y ∈ (0, ∞)" in result.rows[0].detail
    assert "where both sides are defined" in result.rows[0].detail


def test_log_of_a_quotient_is_proved_for_positive_parts() -> None:
    result = verify(r"\log \frac{a}{b} = \log a - \log b")
    assert result.status == "proved"
    assert "a ∈ (0, ∞), b ∈ (0, ∞)" in result.rows[0].detail


def test_a_claim_defined_nowhere_is_unknown_with_the_reason() -> None:
    # log(-x) needs x < 0 and log(x) needs x > 0: no point has both sides defined
    verdict = check_claim(
        sp.log(-sp.Symbol("x", real=True)), "=", sp.log(sp.Symbol("x", real=True))
    )
    assert verdict.status is Status.UNKNOWN
    assert "no value of x" in verdict.note


def test_a_half_line_from_the_claim_is_sampled_there() -> None:
    # log(x - 1000) >= 0 holds exactly for x >= 1001; inside the domain x > 1000 it fails
    # for 1000 < x < 1001, e.g. at x = 1000.5 (log 0.5 < 0)
    x = sp.Symbol("x", real=True)
    verdict = check_claim(sp.log(x - 1000), ">=", 0)
    assert verdict.status is Status.REFUTED
    assert verdict.counterexample is not None
    point = mpmath.mpf(verdict.counterexample.point["x"])
    assert 1000 < point < 1001
    assert "x ∈ (1000, ∞)" in verdict.domain


def test_a_counterexample_never_takes_the_log_of_a_negative_number() -> None:
    # a log b <= -1: at a = 0 the old evaluator made 0 * log(b) = 0 even for b < 0, and
    # "refuted" there; the claim does fail, but only where b > 0 (e.g. a = 0, b = 2: 0 > -1)
    a, b = sp.Symbol("a", real=True), sp.Symbol("b", real=True)
    verdict = check_claim(a * sp.log(b), "<=", -1, where={a: sp.Interval(0, 1)})
    assert verdict.status is Status.REFUTED
    assert verdict.counterexample is not None
    assert mpmath.mpf(verdict.counterexample.point["b"]) > 0


def test_x_log_y_is_undefined_for_negative_y_even_at_x_zero() -> None:
    env = Environment(points=2, scalars={})
    assert math.isnan(evaluate(XLogY(0, -1), env, FLOAT))
    assert evaluate(XLogY(0, 0), env, FLOAT) == 0.0
    assert isinstance(evaluate(XLogY(0, -1), env, INTERVAL), Undefined)


# ---------------------------------------------------------------- B.2 undefined is never zero


def test_zero_times_undefined_is_undefined() -> None:
    undefined = INTERVAL.number(sp.nan)
    assert isinstance(undefined, Undefined)
    assert isinstance(INTERVAL.functions["mul"](0, undefined), Undefined)
    assert isinstance(INTERVAL.functions["add"](mpmath.iv.mpf(1), undefined), Undefined)
    total = INTERVAL.functions["add"].reduce(np.array([mpmath.iv.mpf(0), undefined], dtype=object))
    assert isinstance(total, Undefined)


def test_a_sum_past_the_end_of_the_vector_is_unknown_not_confirmed() -> None:
    # q has n entries; q_{n+1} does not exist at any point: the left side is never defined
    result = verify(r"-\sum_{i=1}^{n+1} q_i \log q_i = H(q)")
    assert result.status == "unknown"
    # the gate of every verdict says so before any sampling (symxent.check.ranges)
    assert "q_{n + 1} is past q's n entries" in result.rows[0].detail


# ---------------------------------------------------------------- B.3 a directed search


def test_entropy_bound_by_a_constant_is_refuted_at_the_count_it_suggests() -> None:
    # H(p) <= log 20 holds for n <= 20 (H <= log n) and fails at the uniform p for n = 21
    result = verify(r"H(p) \le \log 20")
    assert result.status == "refuted"
    verdict = next(iter(result.rows[0].judgement.verdicts.values()))  # type: ignore[union-attr]
    assert verdict.counterexample is not None
    n = verdict.counterexample.n["n"]
    assert n >= 21
    assert _number(verdict.counterexample.lhs) > mpmath.log(20)


def test_cross_entropy_bound_fails_with_tiny_probabilities() -> None:
    # H(p, q) = -sum p_i log q_i > 60 as soon as some q_i < e^-60 = 8.8e-27 carries weight
    result = verify(r"H(p, q) \le 60")
    assert result.status == "refuted"
    verdict = next(iter(result.rows[0].judgement.verdicts.values()))  # type: ignore[union-attr]
    assert _number(verdict.counterexample.lhs) > 60  # type: ignore[union-attr]


def test_a_sigmoid_far_out_is_not_zero() -> None:
    # sigma(-10^100) = 1 / (1 + e^(10^100)) = e^(-10^100) (1 + ...) > 0
    result = verify(r"\sigma(-10^{100}) = 0")
    assert result.status == "refuted"
    assert verify(r"\sigma(-10^{100}) > 0").status in ("proved", "confirmed")


def test_confirmed_says_what_was_searched() -> None:
    # Pinsker's inequality: true, and no lemma of symxent proves it
    detail = _detail(r"D_{KL}(p \| q) \ge \frac{1}{2}\left(\sum_{i} |p_i - q_i|\right)^2")
    assert detail.startswith("confirmed (")
    assert re.search(r"^confirmed \(\d+ points, max error [^)]*\); searched: ", detail)
    assert "over n ∈ {1, 2, 3, 10, 100, 1000}" in detail
    assert "extreme points" in detail and "local search from the 8 worst" in detail
    assert "domain: p, q on the simplex" in detail


def test_local_search_finds_a_violation_random_points_miss() -> None:
    # x (1 - x) <= 0.2499 fails only within about 0.01 of x = 1/2 (where it is 1/4); the
    # special points include 1/2 itself, so shift the peak: (x - 0.3)(1.3 - x) <= 0.2499
    # fails only for |x - 0.8| < 0.01 (at x = 0.8 the left side is 1/4).
    x = sp.Symbol("x", real=True)
    claim = (x - sp.Rational(3, 10)) * (sp.Rational(13, 10) - x)
    verdict = check_claim(claim, "<=", sp.Rational(2499, 10000), symbolic=False)
    assert verdict.status is Status.REFUTED
    at = mpmath.mpf(verdict.counterexample.point["x"])  # type: ignore[union-attr]
    assert abs(at - mpmath.mpf("0.8")) < mpmath.mpf("0.01")


# ---------------------------------------------------------------- B.4 strict inequalities


def test_sigma_below_one_is_never_refuted() -> None:
    # sigma(155) = 1 - 5.2e-68: below 1, though float64 and 50 digits print 1
    t = sp.Symbol("t", real=True)
    verdict = check_claim(Sigmoid(t), "<", 1, symbolic=False)
    assert verdict.status is Status.CONFIRMED, str(verdict)
    assert verify(r"\sigma(t) < 1").status in ("proved", "confirmed")
    assert check_claim(Sigmoid(155), "<", 1).status is not Status.REFUTED


def test_a_strict_inequality_that_becomes_equal_is_refuted_exactly() -> None:
    # H(p) < log n fails at the uniform p (equality); at n = 1 both sides are 0
    p = Distribution("p", "n")
    verdict = check_claim(Entropy(p), "<", sp.log(p.n))
    assert verdict.status is Status.REFUTED


def test_a_refutation_prints_digits_that_differ() -> None:
    # ln 3 = 1.0986122886681097 (mpmath): the stated 1.098612288668112 differs in the 15th digit
    with mpmath.workdps(30):
        assert mpmath.nstr(mpmath.log(3), 17) == "1.0986122886681097"
    result = verify(r"\ln 3 = 1.098612288668112")
    assert result.status == "refuted"
    left, right = result.rows[0].judgement.lhs_values[""], result.rows[0].judgement.rhs_values[""]  # type: ignore[union-attr]
    assert left != right
    assert mpmath.mpf(left) == pytest.approx(float(mpmath.log(3)), rel=1e-15)


def test_a_refutation_of_a_long_decimal_prints_the_digit_that_differs() -> None:
    # ln 2 = 0.69314718055994530941723212145817656... (mpmath, 40 digits): the stated 30-digit
    # decimal ends in 459 where ln 2 rounds to ...458; 10 digits would print the same number
    with mpmath.workdps(40):
        assert mpmath.nstr(mpmath.log(2), 30) == "0.693147180559945309417232121458"
    result = verify(r"\ln 2 = 0.693147180559945309417232121459")
    assert result.status == "refuted"
    left, right = result.rows[0].judgement.lhs_values[""], result.rows[0].judgement.rhs_values[""]  # type: ignore[union-attr]
    assert (left, right) == ("0.693147180559945309417232121458", "0.693147180559945309417232121459")


# ---------------------------------------------------------------- B.5 stated decimals


@pytest.mark.parametrize(
    ("latex", "status"),
    [
        # e = 2.71828182845904523536..., pi = 3.14159265358979323846... (mpmath)
        (r"e = 2.718281828459045", "rounded"),
        (r"e^{1} = 2.7182818284590452", "rounded"),
        (r"e = 2.718281828459046", "refuted"),
        (r"\pi = 3.14159", "rounded"),
        (r"\pi = 3.14158", "refuted"),
        (r"\pi > 3", "proved"),
    ],
)
def test_the_constants_e_and_pi_are_numbers(latex: str, status: str) -> None:
    with mpmath.workdps(30):
        assert mpmath.nstr(mpmath.e, 21) == "2.71828182845904523536"
    assert verify(latex).status == status, _detail(latex)


def test_a_long_decimal_claims_all_of_its_digits() -> None:
    # ln 2 = 0.693147180559945309417...; float64(ln 2) prints 0.6931471805599453, and the
    # next float up prints 0.6931471805599454
    with mpmath.workdps(30):
        assert mpmath.nstr(mpmath.log(2), 21) == "0.693147180559945309417"
    assert verify(r"\ln 2 = 0.6931471805599454").status == "refuted"
    assert verify(r"\ln 2 = 0.6931471805599453").status == "rounded"
    assert verify(r"\ln 2 = 0.69314718055994531").status == "rounded"
    assert verify(r"\ln 2 = 0.69314718055994532").status == "refuted"


def test_rounded_agreement_is_not_proved() -> None:
    result = verify(r"\ln 2 = 0.693")
    assert result.status == "rounded" and result.exit_code == 0
    assert "holds to the stated digits" in result.rows[0].detail
    assert verify(r"\ln 2 = 0.694").status == "refuted"
    assert verify(r"\frac{1}{4} = 0.25").status == "proved"  # exactly equal: a proof


def test_sums_of_stated_decimals_carry_each_tolerance() -> None:
    # log2 3 = 1.5849625, log2 5 = 2.3219281: each rounds to the stated 1.585 and 2.322, so
    # their sum 3.9068906 may differ from 3.907 by up to 0.0005 + 0.0005
    assert mpmath.nstr(mpmath.log(3, 2), 4) == "1.585"
    assert mpmath.nstr(mpmath.log(5, 2), 4) == "2.322"
    assert verify(r"\log_2 3 + \log_2 5 = 1.585 + 2.322").status == "rounded"
    assert verify(r"\log_2 3 + \log_2 5 = 1.585 + 2.325").status == "refuted"
    assert verify(r"0.2 + 0.3 = 0.6").status == "refuted"  # no log: the decimals are data


def test_rounded_in_json_and_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", r"\ln 2 = 0.693", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["status"] == "rounded"
    assert data["links"][0]["status"] == "rounded"
    assert main(["verify", r"\log x \le x - 1", "--format", "json"]) == 0
    link = json.loads(capsys.readouterr().out)["links"][0]
    verdict = next(iter(link["verdicts"].values()))
    assert verdict["status"] == "proved" and verdict["domain"].startswith("x ∈ (0, ∞)")
    assert verdict["certificate"][0].startswith("1. log x ≤ x − 1: at x > 0 with weight 1")


# ---------------------------------------------------------------- B.7 empty sums


@pytest.mark.parametrize(
    ("latex", "status"),
    [
        (r"\sum_{i=1}^{-5} i = 0", "proved"),  # empty: 0 (SymPy's Karr convention gives 10)
        (r"\sum_{i=1}^{-5} i = 10", "refuted"),
        (r"\sum_{i=3}^{2} i^2 = 0", "proved"),
        (r"\sum_{i=1}^{3} i = 6", "proved"),
    ],
)
def test_an_empty_sum_is_zero(latex: str, status: str) -> None:
    assert verify(latex).status == status


def test_an_empty_sum_is_zero_in_the_evaluator_and_the_prover() -> None:
    i = sp.Symbol("i", integer=True)
    assert check_claim(sp.Sum(i, (i, 1, -5)), "=", 0).status is Status.PROVED
    assert check_claim(sp.Sum(i, (i, 1, -5)), "=", 10).status is Status.REFUTED
    # a symbolic count: sum_{i=1}^{n-2} 1 = n - 2 is false at n = 1 (the sum is empty: 0 != -1)
    n = sp.Symbol("n", integer=True, positive=True)
    verdict = check_claim(sp.Sum(1, (i, 1, n - 2)), "=", n - 2)
    assert verdict.status is Status.REFUTED
    assert verdict.counterexample is not None and verdict.counterexample.n["n"] == 1


# ---------------------------------------------------------------- B.9 --assume for vectors


LOG_SUM = r"\sum_i a_i \log\frac{a_i}{b_i} {R} \sum_i a_i \log\frac{\sum_j a_j}{\sum_j b_j}"


def test_log_sum_inequality_with_positive_weights() -> None:
    facts = ["a:positive", "b:positive"]
    held = verify(LOG_SUM.replace("{R}", r"\ge"), assume=facts)
    assert held.status in ("proved", "confirmed")
    assert "a, b ∈ (0, ∞)^n" in held.rows[0].detail
    assert verify(LOG_SUM.replace("{R}", r"\le"), assume=facts).status == "refuted"


def test_nonnegative_and_real_vectors() -> None:
    facts = ["w:nonnegative", "x:real"]
    assert verify(r"\sum_i w_i x_i^2 \ge 0", assume=facts).status in ("proved", "confirmed")
    assert verify(r"\sum_i w_i x_i \ge 0", assume=facts).status == "refuted"


LOG_SUM_GE = (
    r"\sum_{i=1}^{n} a_i \log \frac{a_i}{b_i} \ge \left(\sum_{i=1}^{n} a_i\right) "
    r"\log \frac{\sum_{i=1}^{n} a_i}{\sum_{i=1}^{n} b_i}"
)


def test_a_condition_stated_in_the_prose_is_assumed_in_its_section() -> None:
    from symxent.lecture.checker import check_text

    # the log-sum inequality is false for negative vectors: a = -(1, 2), b = -(2, 1) gives
    # left -(1 ln(1/2) + 2 ln 2) = -ln 2 < right -3 ln 1 = 0; for non-negative ones it holds
    text = (
        "# Log-sum\n\nFor non-negative $a_i$, $b_i$,\n\n$$" + LOG_SUM_GE + "$$\n\n"
        "# Elsewhere\n\n$$" + LOG_SUM_GE + "$$\n"
    )
    rows = [row for row in check_text(text).rows if row.kind == "claim"]
    assert [row.status for row in rows] == ["confirmed", "refuted"]
    assert "assumes a, b ≥ 0 (stated on line 3)" in rows[0].notes
    assert not any("assumes" in note for note in rows[1].notes)


def test_a_stated_condition_never_changes_a_named_role() -> None:
    from symxent.lecture.checker import check_text

    # p stays a distribution: "positive $p_i$" adds nothing, and H(p) <= log 2 is refuted at
    # n = 3 (uniform: log 3 > log 2) as without the sentence
    text = "For positive $p_i$ and $x$,\n\n$$H(p) \\le \\log 2$$\n\n$$\\log x \\le x - 1$$\n"
    rows = [row for row in check_text(text).rows if row.kind == "claim"]
    assert [row.status for row in rows] == ["refuted", "proved"]
    assert not any("assumes" in note for note in rows[0].notes)
    assert "assumes x > 0 (stated on line 1)" in rows[1].notes


@pytest.mark.parametrize(
    ("prose", "facts"),
    [
        ("For non-negative $a_i$, $b_i$,", ["a:nonnegative", "b:nonnegative"]),
        ("for positive weights $w_i$ and $x_i$", ["w:positive", "x:positive"]),
        ("For nonnegative $a_i, b_i$:", ["a:nonnegative", "b:nonnegative"]),
        ("for positive $x > 1$", []),  # not a list of names: nothing is assumed
        ("the positive part of $\\log x$", []),
        ("a positive number", []),
    ],
)
def test_the_prose_pattern_of_a_stated_condition(prose: str, facts: list[str]) -> None:
    from symxent.lecture.conditions import stated_conditions

    assert [c.fact for c in stated_conditions([prose])] == facts


# ---------------------------------------------------------------- wrong variants

# True claims, several near an edge (equality at the uniform point, at t -> oo, at x = 0 or 1),
# each with wrong variants: the relation reversed, a constant perturbed, a sign flipped, the log
# base changed, a sum bound shifted. Every variant is false somewhere in the claim's domain
# (the comment says where); it must be refuted or unknown, never accepted.
VARIANTS = {
    r"H(p) \le \log n": [
        r"H(p) > \log n",  # H <= log n everywhere
        r"H(p) \le \log n - \frac{1}{100}",  # uniform p: H = log n
        r"H(p) \le \log_{10} n",  # uniform p, n = 10: ln 10 = 2.30 > 1
    ],
    r"H(p, q) \ge H(p)": [
        r"H(p, q) < H(p)",  # Gibbs: CE >= H everywhere
        r"H(p, q) \ge H(p) + \frac{1}{100}",  # p = q: equal
        r"H(p, q) \ge 2 H(p)",  # p = q uniform, n = 2: log 2 < 2 log 2
    ],
    r"D_{KL}(p \parallel q) \ge 0": [
        r"D_{KL}(p \parallel q) > 0",  # p = q: exactly 0
        r"D_{KL}(p \parallel q) \le 0",  # positive for p != q
        r"D_{KL}(p \parallel q) \ge \frac{1}{1000}",  # p = q
    ],
    r"\sigma(t) + \sigma(-t) = 1": [
        r"\sigma(t) - \sigma(-t) = 1",  # t = 0: 0
        r"\sigma(t) + \sigma(-t) = 2",
        r"\sigma(t) + \sigma(t) = 1",  # t = 1: 2 sigma(1) = 1.46
    ],
    r"\log(1 + e^{t}) \ge t": [
        r"\log(1 + e^{t}) \le t",  # log(1 + e^t) > t everywhere
        r"\log(1 + e^{t}) \ge t + 1",  # t = 10: log(1 + e^10) = 10.0000454
        r"\log_{10}(1 + e^{t}) \ge t",  # t = 10: 4.34 < 10
    ],
    r"e^{x} \ge 1 + x": [
        r"e^{x} < 1 + x",
        r"e^{x} \ge 1 + 2 x",  # x = 1/2: 1.6487 < 2
        r"e^{-x} \ge 1 + x",  # x = 1: 0.37 < 2
    ],
    r"\log x \le x - 1": [
        r"\log x \ge x - 1",  # x = 2: 0.69 < 1
        r"\log x \le x - 2",  # x = 1: 0 > -1
        r"\log x < x - 1",  # x = 1: equal
    ],
    r"\sigma(t) < 1": [
        r"\sigma(t) > 1",
        r"\sigma(t) < \frac{99}{100}",  # t = 5: 0.9933
        r"\sigma(t) \le \frac{1}{2}",  # t = 1: 0.73
    ],
    r"\sum_{i=1}^{n} p_i = 1": [
        r"\sum_{i=2}^{n} p_i = 1",  # misses p_1 > 0
        r"\sum_{i=1}^{n-1} p_i = 1",  # misses p_n > 0
        r"\sum_{i=1}^{n} p_i = 2",
    ],
}


@pytest.mark.parametrize("latex", list(VARIANTS))
def test_true_claims_near_their_edges_hold(latex: str) -> None:
    assert verify(latex).status in ("proved", "confirmed"), latex


@pytest.mark.parametrize(
    "variant", [v for variants in VARIANTS.values() for v in variants], ids=str
)
def test_wrong_variants_are_never_accepted(variant: str) -> None:
    assert verify(variant).status in ("refuted", "unknown"), variant


def test_cross_entropy_at_least_entropy_with_tiny_q() -> None:
    # q = (1 - 10^-300, 10^-300): CE(p, q) - H(p) = KL(p || q) >= 0 for every p
    p = Distribution("p", 2)
    q = Distribution("q", values=[1 - sp.Rational(1, 10**300), sp.Rational(1, 10**300)])
    verdict = check_claim(CrossEntropy(p, q), ">=", Entropy(p))
    assert verdict.status in (Status.PROVED, Status.CONFIRMED), str(verdict)


# ---------------------------------------------------------------- one-variable inequalities

# Binary entropy in bits, H_b(p) = -p log2 p - (1-p) log2(1-p): H_b <= 1 (equality at p = 1/2),
# H_b >= 4p(1-p) (equality at 0, 1/2, 1), and BCE(y, yhat) = H_b(y) + KL >= H_b(y). The first is
# proved (log x <= x - 1 with the weights p, 1 - p); SymPy cannot prove the others; the search
# finds no violation, so each is confirmed (not "too large to check").
BINARY = {
    r"-p\log_2 p-(1-p)\log_2(1-p)\le 1": r"-p\log_2 p-(1-p)\log_2(1-p)\le \frac{99}{100}",
    r"-p\log_2 p-(1-p)\log_2(1-p) \ge 4p(1-p)": r"-p\log_2 p-(1-p)\log_2(1-p) \ge 5p(1-p)",
    r"-y\log \hat y-(1-y)\log(1-\hat y) \ge -y\log y-(1-y)\log(1-y)": (
        r"-y\log \hat y-(1-y)\log(1-\hat y) \le -y\log y-(1-y)\log(1-y)"
    ),
}


@pytest.mark.parametrize("latex", list(BINARY))
def test_binary_entropy_inequalities_are_confirmed(latex: str) -> None:
    # the wrong variants: H_b(1/2) = 1 > 0.99; at p = 1/2, 5/4 > 1; yhat != y gives KL > 0
    expected = "proved" if latex == next(iter(BINARY)) else "confirmed"
    assert verify(latex, base="2").status == expected, _detail(latex, base="2")
    assert verify(BINARY[latex], base="2").status == "refuted"


def test_a_slow_proof_attempt_gives_way_to_the_search(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from symxent.budget import time_limit
    from symxent.check import claim as claim_module

    def slow_prove(*args: object, **kwargs: object) -> str:
        time.sleep(10)  # a simplification that would outlast the link's budget
        return "symbolic: never reached"

    monkeypatch.setattr(claim_module, "prove", slow_prove)
    x = sp.Symbol("x", real=True)
    started = time.perf_counter()
    with time_limit(4.0, "checking this link"):
        verdict = check_claim(sp.exp(x), ">=", 1 + x)
    assert verdict.status is Status.CONFIRMED, str(verdict)  # the search found nothing
    assert time.perf_counter() - started < 4.0
