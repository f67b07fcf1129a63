"""Soundness of the checker: wrong claims are refuted with a real counterexample, true ones hold.

The first table is a catalogue of mistakes a lecturer (or a student) makes: sign flips, swapped
arguments, reversed inequalities, a missing factor, the wrong log base, a wrong number, and
claims that are false only somewhere small (near one-hot, only for n = 1, only at the uniform
point, only where an inequality becomes an equality, only by less than float64 can see). Each
must come out ``refuted``, and the counterexample's two printed values must really break the
claim. The second table lists true claims with the verdict they must get.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import mpmath
import pytest
import sympy as sp

from symxent import (
    MSE,
    NLL,
    BinaryCrossEntropy,
    BinaryEntropy,
    CrossEntropy,
    Derivation,
    Distribution,
    Entropy,
    Expectation,
    Information,
    KLDivergence,
    Labels,
    Logits,
    LogSoftmax,
    LogSumExp,
    MatchProbability,
    OneHot,
    Probabilities,
    RealVector,
    Sigmoid,
    Softmax,
    SoftmaxVector,
    SymxentError,
    Uniform,
    class_index,
    latex,
    summation_index,
)
from symxent.check import Status, Verdict, check_claim
from symxent.derivation import decimal
from symxent.relations import Relation

p, q = Distribution("p", "n"), Distribution("q", "n")
u = Uniform("u", "n")
n = p.n
z, y = Logits("z", "n"), Labels("y", "n")
k = z.index("k")
c = summation_index("c")
yhat = Probabilities("yhat", "N")
targets, predictions = RealVector("y", "N"), RealVector("yhat", "N")
N = yhat.n

p3, q3, u3 = Distribution("p", 3), Distribution("q", 3), Uniform("u", 3)

t = sp.Symbol("t", real=True)  # a logit
s = Sigmoid(t)
label = sp.Symbol("y")  # a label in [0, 1]
prob = sp.Symbol("p")  # a probability
x = sp.Symbol("x", positive=True)
r = sp.Symbol("r", real=True)
px, py = sp.symbols("P_x P_y", positive=True)

UNIT = sp.Interval(0, 1)
OPEN_UNIT = sp.Interval.open(0, 1)
HALF_OPEN = sp.Interval.Lopen(0, 1)

SKEWED = Distribution("p", values=["1/2", "1/4", "1/8", "1/8"])
QUARTERS = Distribution("q", values=["1/4"] * 4)
# the handout's KL example: p = (1/3, 2/3), q = (2/3, 1/3), KL = (1/3) log 2
KL_EXAMPLE = KLDivergence(
    Distribution("p", values=["1/3", "2/3"]), Distribution("q", values=["2/3", "1/3"])
)


@dataclass(frozen=True)
class Claim:
    """``lhs relation rhs`` on the domain ``where`` (and a tolerance for ``approx``)."""

    name: str
    lhs: sp.Basic
    relation: str
    rhs: sp.Basic
    where: dict[object, object] = field(default_factory=dict)
    tolerance: float = 0.0
    at: str = ""  # a piece of text the counterexample must contain, when only one spot fails

    def check(self) -> Verdict:
        return check_claim(
            self.lhs, self.relation, self.rhs, where=self.where, tolerance=self.tolerance
        )

    def derivation(self) -> Derivation:
        return Derivation(self.lhs, title=self.name, where=self.where).step(
            self.relation,
            self.rhs,
            f"claim: {self.name}",
            tolerance=self.tolerance if self.relation == "approx" else None,
        )


def _approx(value: str) -> tuple[sp.Float, float]:
    return decimal(value)


_NINE_LOG_TEN_WRONG, _TOL4 = _approx("20.7232")  # 9 ln 10 = 20.72326584 prints as 20.7233
_BITS_176, _ = _approx("1.76")

WRONG = [
    # --- sign flips and swapped arguments
    Claim(
        "KL with the sign of H and CE flipped",
        KLDivergence(p, q),
        "=",
        Entropy(p) - CrossEntropy(p, q),
    ),
    Claim(
        "CE with p and q swapped", CrossEntropy(p, q), "=", -q.sum(lambda i: q[i] * sp.log(p[i]))
    ),
    Claim("KL is symmetric", KLDivergence(p, q), "=", KLDivergence(q, p)),
    Claim("KL = CE(q, p) - H(p)", KLDivergence(p, q), "=", CrossEntropy(q, p) - Entropy(p)),
    Claim("log of a quotient with the sign flipped", sp.log(px / py), "=", sp.log(px) + sp.log(py)),
    Claim(
        "information of independent events subtracts",
        Information(px * py),
        "=",
        Information(px) - Information(py),
        {px: HALF_OPEN, py: HALF_OPEN},
    ),
    # --- reversed inequalities
    Claim("CE <= H", CrossEntropy(p, q), "<=", Entropy(p)),
    Claim("KL <= 0", KLDivergence(p, q), "<=", 0),
    Claim("e^{-CE} >= P(X = Y)", sp.exp(-CrossEntropy(p, q)), ">=", MatchProbability(p, q)),
    Claim("Jensen reversed", CrossEntropy(p, q), "<=", -sp.log(MatchProbability(p, q))),
    Claim("KL > CE", KLDivergence(p, q), ">", CrossEntropy(p, q)),
    Claim("LSE below a logit", LogSumExp(z), "<", z[k]),
    Claim("H(p) >= log n", Entropy(p), ">=", sp.log(n)),
    # --- gradients and missing factors
    Claim(
        "softmax-CE gradient is y - softmax",
        sp.Derivative(CrossEntropy(y, SoftmaxVector(z)), z[k]),
        "=",
        y[k] - Softmax(z, k),
    ),
    Claim(
        "sigmoid-BCE gradient is y - sigma",
        sp.Derivative(BinaryCrossEntropy(label, s), t),
        "=",
        label - s,
        {label: UNIT},
    ),
    Claim(
        "squared-error gradient without sigma(1 - sigma)",
        sp.Derivative((s - label) ** 2 / 2, t),
        "=",
        s - label,
        {label: UNIT},
    ),
    Claim("sigma' = sigma^2", sp.Derivative(s, t), "=", s**2),
    Claim(
        "binary entropy slope with the log upside down",
        sp.Derivative(BinaryEntropy(prob), prob),
        "=",
        sp.log(prob / (1 - prob)),
        {prob: OPEN_UNIT},
    ),
    Claim(
        "mean squared error without 1/N",
        MSE(targets, predictions),
        "=",
        targets.sum(lambda i: (targets[i] - predictions[i]) ** 2),
    ),
    Claim("mean NLL without 1/N", NLL(yhat) / N, "=", NLL(yhat)),
    Claim(
        "expectation without the weights",
        Expectation(p, q[c], c),
        "=",
        q.sum(lambda i: q[i], index="c"),
    ),
    # --- log base
    Claim("bits are nats", Entropy(p, 2), "=", Entropy(p)),
    Claim("bits = nats times log 2", Entropy(p, 2), "=", Entropy(p) * sp.log(2)),
    Claim("NLL in bits is NLL in nats", NLL(yhat, 2), "=", NLL(yhat)),
    Claim("BCE(1, 1/2) is 1 nat", BinaryCrossEntropy(1, sp.Rational(1, 2)), "=", 1),
    # --- wrong constants and numbers
    Claim("H(u) = log n + 1", Entropy(u), "=", sp.log(n) + 1),
    Claim("H(u) = log(n + 1)", Entropy(u), "=", sp.log(n + 1)),
    Claim("1.75 bits are 1.76 bits", Entropy(SKEWED, 2), "=", _BITS_176),
    Claim(
        "the wrong code costs 2.25 bits", CrossEntropy(SKEWED, QUARTERS, 2), "=", sp.Rational(9, 4)
    ),
    Claim("I(1/8) = 4 bits", Information(sp.Rational(1, 8), 2), "=", 4),
    Claim("9 ln 10 ~ 20.7232", 9 * sp.log(10), "approx", _NINE_LOG_TEN_WRONG, tolerance=_TOL4),
    Claim("KL example is log(2)/2", KL_EXAMPLE, "=", sp.log(2) / 2),
    # --- false only on a small part of the domain
    Claim("H(p) >= 0.01 (fails near one-hot)", Entropy(p3), ">=", sp.Rational(1, 100)),
    Claim("H(p) > 0 (fails only for n = 1)", Entropy(p), ">", 0, at="n = 1"),
    Claim("log n > 0 (fails only for n = 1)", sp.log(n), ">", 0, at="n = 1"),
    Claim("KL(p || u) > 0 (fails only at p = u)", KLDivergence(p3, u3), ">", 0, at="0.333333"),
    Claim(
        "H(p) < log 3 (fails only at the uniform point)", Entropy(p3), "<", sp.log(3), at="0.333333"
    ),
    Claim("KL(p || q) > 0 (fails only at p = q)", KLDivergence(p3, q3), ">", 0),
    Claim(
        "sigma(1 - sigma) < 1/4 (fails only at t = 0)",
        s * (1 - s),
        "<",
        sp.Rational(1, 4),
        at="t = 0",
    ),
    Claim(
        "H_b(p) < log 2 (fails only at p = 1/2)",
        BinaryEntropy(prob),
        "<",
        sp.log(2),
        {prob: OPEN_UNIT},
        at="p = 0.5",
    ),
    Claim(
        "x log x >= -0.36 (fails near 1/e)",
        prob * sp.log(prob),
        ">=",
        -sp.Rational(36, 100),
        {prob: OPEN_UNIT},
    ),
    Claim("r^2 > 0 (fails only at 0)", r**2, ">", 0, at="r = 0"),
    Claim("y(1 - y) > 0 on [0, 1] (fails at the ends)", label * (1 - label), ">", 0, {label: UNIT}),
    Claim("sign(y) = 1 on [0, 1] (fails at 0)", sp.sign(label), "=", 1, {label: UNIT}, at="y = 0"),
    Claim("1 - p > 0 on (0, 1] (fails at 1)", 1 - prob, ">", 0, {prob: HALF_OPEN}, at="p = 1"),
    Claim(
        "e^x <= 10^300 (fails only past float64's range)", sp.exp(x), "<=", sp.Integer(10) ** 300
    ),
    Claim("log x <= 10 (fails only for x > 22026)", sp.log(x), "<=", 10),
    Claim(
        "e^{z_1} < 10^20 (fails only for logits above 46)", sp.exp(z[1]), "<", sp.Integer(10) ** 20
    ),
    Claim(
        "sum of squares > 0 (fails at the zero vector)",
        targets.sum(lambda i: targets[i] ** 2),
        ">",
        0,
    ),
    # --- off by less than float64 can see
    Claim("H(p) off by 1e-20", Entropy(p), "=", Entropy(p) + sp.Rational(1, 10**20)),
    Claim(
        "KL identity off by 1e-30 p_1",
        KLDivergence(p, q),
        "=",
        CrossEntropy(p, q) - Entropy(p) + p[1] / 10**30,
    ),
    Claim("log 2 off by 1e-30", sp.log(2), "=", sp.log(2) + sp.Rational(1, 10**30)),
    Claim(
        "I(1/8) = 3 + 1e-25 bits",
        Information(sp.Rational(1, 8), 2),
        "=",
        3 + sp.Rational(1, 10**25),
    ),
    Claim("2x < 2x - 1e-40", 2 * x, "<", 2 * x - sp.Rational(1, 10**40)),
    # --- symbolic n
    Claim("sum of 1/n is 1 + 1/n", u.sum(lambda i: u[i]), "=", 1 + 1 / n),
    Claim("P(X = Y) for uniform q is 1/(n + 1)", MatchProbability(p, u), "=", 1 / (n + 1)),
    Claim("log n <= 2 (fails for n >= 8)", sp.log(n), "<=", 2),
    Claim("CE(p, u) = log n - H(p)", CrossEntropy(p, u), "=", sp.log(n) - Entropy(p)),
    Claim("softmax sums to 1/n", z.sum(lambda j: Softmax(z, j), index="j"), "=", 1 / n),
    Claim(
        "CE with one-hot truth picks class 1",
        CrossEntropy(OneHot("e", "n", k), q),
        "=",
        -sp.log(q[1]),
    ),
    Claim("log-softmax without the log-sum-exp", LogSoftmax(z, k), "=", z[k]),
]


def _breaks(claim: Claim, lhs: mpmath.mpf, rhs: mpmath.mpf) -> bool:
    relation = Relation.parse(claim.relation)
    if relation is Relation.APPROX:
        return bool(abs(lhs - rhs) > claim.tolerance)
    return {
        Relation.EQ: lhs != rhs,
        Relation.LE: lhs > rhs,
        Relation.GE: lhs < rhs,
        Relation.LT: lhs >= rhs,
        Relation.GT: lhs <= rhs,
    }[relation]


def test_the_wrong_claims_are_many_and_distinct() -> None:
    assert len(WRONG) >= 30
    assert len({claim.name for claim in WRONG}) == len(WRONG)


@pytest.mark.parametrize("claim", WRONG, ids=lambda claim: claim.name)
def test_wrong_claim_is_refuted(claim: Claim) -> None:
    verdict = claim.check()
    assert verdict.status is Status.REFUTED, str(verdict)
    example = verdict.counterexample
    assert example is not None
    with mpmath.workdps(120):
        lhs, rhs = mpmath.mpf(example.lhs), mpmath.mpf(example.rhs)
        assert _breaks(claim, lhs, rhs), f"the printed values do not break the claim: {example}"
    assert claim.at in str(example)


@pytest.mark.parametrize("claim", WRONG, ids=lambda claim: claim.name)
def test_wrong_step_is_reported_with_both_sides(claim: Claim) -> None:
    report = claim.derivation().check()
    assert not report.holds
    assert [r.number for r in report.failures] == [1]
    verdict = report.results[0].verdict
    assert verdict.status is Status.REFUTED
    message = report.failure_message()
    assert message.startswith(f"step 1 (claim: {claim.name}):")
    assert latex(claim.lhs) in message
    assert latex(sp.sympify(claim.rhs)) in message
    assert str(verdict.counterexample) in message
    assert "left side = " in message and "right side = " in message


# ------------------------------------------------------------------------------- true claims

PROVED, HOLDS = "proved", "holds"  # HOLDS: proved or confirmed (no symbolic proof expected)
ROUNDED = "rounded"  # a stated decimal: holds to the printed digits (never "proved")

TRUE = [
    (PROVED, Claim("KL = -H + CE", KLDivergence(p, q), "=", -Entropy(p) + CrossEntropy(p, q))),
    (
        PROVED,
        Claim(
            "KL in bits = CE - H in bits",
            KLDivergence(p, q, 2),
            "=",
            CrossEntropy(p, q, 2) - Entropy(p, 2),
        ),
    ),
    (PROVED, Claim("H in bits = H / log 2", Entropy(p, 2), "=", Entropy(p) / sp.log(2))),
    (PROVED, Claim("NLL in bits = NLL / log 2", NLL(yhat, 2), "=", NLL(yhat) / sp.log(2))),
    (PROVED, Claim("H(u) = log n", Entropy(u), "=", sp.log(n))),
    (PROVED, Claim("CE(p, u) = log n", CrossEntropy(p, u), "=", sp.log(n))),
    (PROVED, Claim("P(X = Y) = 1/n for uniform q", MatchProbability(p, u), "=", 1 / n)),
    (PROVED, Claim("softmax sums to 1", z.sum(lambda j: Softmax(z, j), index="j"), "=", 1)),
    (PROVED, Claim("log-softmax = log of softmax", LogSoftmax(z, k), "=", sp.log(Softmax(z, k)))),
    (PROVED, Claim("LSE - z_k = -log softmax_k", LogSumExp(z) - z[k], "=", -LogSoftmax(z, k))),
    (
        PROVED,
        Claim(
            "softmax-CE gradient",
            sp.Derivative(CrossEntropy(y, SoftmaxVector(z)), z[k]),
            "=",
            Softmax(z, k) - y[k],
        ),
    ),
    (
        PROVED,
        Claim(
            "sigmoid-BCE gradient",
            sp.Derivative(BinaryCrossEntropy(label, s), t),
            "=",
            s - label,
            {label: UNIT},
        ),
    ),
    (PROVED, Claim("sigma' = sigma (1 - sigma)", sp.Derivative(s, t), "=", s * (1 - s))),
    (
        PROVED,
        Claim("CE with one-hot truth", CrossEntropy(OneHot("e", "n", k), q), "=", -sp.log(q[k])),
    ),
    (PROVED, Claim("one-hot entropy is 0", Entropy(OneHot("e", "n", k)), "=", 0)),
    (
        PROVED,
        Claim(
            "MSE definition",
            MSE(targets, predictions),
            "=",
            targets.sum(lambda i: (targets[i] - predictions[i]) ** 2) / N,
        ),
    ),
    (
        PROVED,
        Claim(
            "information adds",
            Information(px * py),
            "=",
            Information(px) + Information(py),
            {px: HALF_OPEN, py: HALF_OPEN},
        ),
    ),
    (
        PROVED,
        Claim(
            "binary entropy is symmetric",
            BinaryEntropy(prob),
            "=",
            BinaryEntropy(1 - prob),
            {prob: UNIT},
        ),
    ),
    (PROVED, Claim("I(1/8) = 3 bits", Information(sp.Rational(1, 8), 2), "=", 3)),
    (PROVED, Claim("skewed source: 1.75 bits", Entropy(SKEWED, 2), "=", decimal("1.75")[0])),
    (PROVED, Claim("wrong code: 2 bits", CrossEntropy(SKEWED, QUARTERS, 2), "=", 2)),
    (PROVED, Claim("KL example = log(2)/3", KL_EXAMPLE, "=", sp.log(2) / 3)),
    (
        PROVED,
        Claim("0 log 0 = 0: H(1, 0, 0) = 0", Entropy(Distribution("p", values=[1, 0, 0])), "=", 0),
    ),
    (PROVED, Claim("H_b(1/2) = log 2", BinaryEntropy(sp.Rational(1, 2)), "=", sp.log(2))),
    (
        ROUNDED,
        Claim(
            "9 ln 10 ~ 20.7233", 9 * sp.log(10), "approx", _approx("20.7233")[0], tolerance=_TOL4
        ),
    ),
    (PROVED, Claim("sigma (1 - sigma) <= 1/4", s * (1 - s), "<=", sp.Rational(1, 4))),
    (PROVED, Claim("-1/p < 0 on (0, 1]", -1 / prob, "<", 0, {prob: HALF_OPEN})),
    (
        PROVED,
        Claim(
            "binary entropy is concave",
            sp.Derivative(BinaryEntropy(prob), (prob, 2)),
            "<",
            0,
            {prob: OPEN_UNIT},
        ),
    ),
    (PROVED, Claim("1/x^2 > 0", 1 / x**2, ">", 0)),
    (
        PROVED,
        Claim(
            "y(1 - y) >= 0 on [0, 1], ends included", label * (1 - label), ">=", 0, {label: UNIT}
        ),
    ),
    (PROVED, Claim("log n >= 0", sp.log(n), ">=", 0)),
    (PROVED, Claim("2x < 2x + 1e-30", 2 * x, "<", 2 * x + sp.Rational(1, 10**30))),
    (HOLDS, Claim("Gibbs: KL >= 0", KLDivergence(p, q), ">=", 0)),
    (HOLDS, Claim("CE >= H", CrossEntropy(p, q), ">=", Entropy(p))),
    (
        HOLDS,
        Claim(
            "Jensen: CE >= -log P(X = Y)", CrossEntropy(p, q), ">=", -sp.log(MatchProbability(p, q))
        ),
    ),
    (
        HOLDS,
        Claim("e^{-CE} <= P(X = Y)", sp.exp(-CrossEntropy(p, q)), "<=", MatchProbability(p, q)),
    ),
    (HOLDS, Claim("H <= log n", Entropy(p), "<=", sp.log(n))),
    (HOLDS, Claim("H >= 0", Entropy(p), ">=", 0)),
    (HOLDS, Claim("H_b <= log 2", BinaryEntropy(prob), "<=", sp.log(2), {prob: OPEN_UNIT})),
]


def test_the_true_claims_are_many() -> None:
    assert len(TRUE) >= 20
    assert sum(expected == PROVED for expected, _ in TRUE) >= 20


@pytest.mark.parametrize(
    ("expected", "claim"), TRUE, ids=lambda v: v.name if isinstance(v, Claim) else v
)
def test_true_claim_holds(expected: str, claim: Claim) -> None:
    verdict = claim.check()
    if expected == PROVED:
        assert verdict.status is Status.PROVED, str(verdict)
    elif expected == ROUNDED:
        assert verdict.status is Status.ROUNDED, str(verdict)
    else:
        assert verdict.status in (Status.PROVED, Status.CONFIRMED), str(verdict)
        assert verdict.samples > 0


# --------------------------------------------------------------------- reproducers of fixed bugs


def test_closed_interval_ends_are_not_skipped_by_the_proof() -> None:
    """The prover wrote y in [0, 1] as 1/(1 + t), t > 0, which never reaches 0 or 1."""
    verdict = check_claim(label * (1 - label), ">", 0, where={label: UNIT})
    assert verdict.status is Status.REFUTED
    verdict = check_claim(sp.sign(label), "=", 1, where={label: UNIT})
    assert verdict.status is Status.REFUTED


def test_float_overflow_is_rechecked_not_ignored() -> None:
    """Both sides overflowing to inf in float64 once counted as equal (inf - inf skipped)."""
    verdict = check_claim(sp.exp(2 * x), "<=", sp.exp(x) * sp.Integer(10) ** 300)
    assert verdict.status is Status.REFUTED
    assert "e+" in verdict.counterexample.lhs  # a value far beyond float64


def test_a_gap_below_the_old_50_digit_threshold_is_found() -> None:
    """Differences below 1e-25 (relative) were taken for rounding noise and confirmed."""
    verdict = check_claim(Entropy(p), "=", Entropy(p) + sp.Rational(1, 10**32))
    assert verdict.status is Status.REFUTED
    example = verdict.counterexample
    assert example.lhs != example.rhs


def test_cancellation_is_not_a_counterexample() -> None:
    """float64 gives 0/0 here, so the rows are re-checked at high precision, where
    1 - sigma(t) loses about 30 of the 50 digits: that noise must not refute a true step."""
    lhs = -(
        sp.Mul(label, s * (1 - s), sp.Pow(s, -1, evaluate=False), evaluate=False)
        - sp.Mul(1 - label, s * (1 - s), sp.Pow(1 - s, -1, evaluate=False), evaluate=False)
    )
    verdict = check_claim(lhs, "=", s - label, where={label: UNIT, t: sp.Interval(60, 80)})
    assert verdict.holds, str(verdict)


def test_a_tiny_true_margin_is_not_a_counterexample() -> None:
    """x < x + 1e-40 holds; the old fixed threshold reported it refuted with equal sides."""
    verdict = check_claim(r, "<", r + sp.Rational(1, 10**40), symbolic=False)
    assert verdict.status is Status.CONFIRMED


def test_explicit_vector_with_a_symbolic_index_is_its_values() -> None:
    """Distribution('q', values=[1, 0, 0])[k] stood for an arbitrary positive entry."""
    q_explicit = Distribution("q", values=[1, 0, 0])
    index = class_index("k", 3)
    assert check_claim(q_explicit[index], ">", 0).status is Status.REFUTED
    assert check_claim(q_explicit[index], ">=", 0).holds
    logits = Logits("z", values=[0, 0])
    assert (
        check_claim(Softmax(logits, class_index("k", 2)), "=", sp.Rational(1, 2)).status
        is Status.PROVED
    )


@pytest.mark.parametrize(
    ("lhs", "rhs"),
    [
        (RealVector("p", "n").sum(lambda i: RealVector("p", "n")[i]) + p[1], 1 + p[1]),
        (Entropy(Distribution("p", 3)), Entropy(Distribution("p", 4))),
        (Entropy(p), Entropy(Distribution("p", "m"))),
        (p[1] + sp.Symbol("p", positive=True), sp.Symbol("p", positive=True)),
    ],
    ids=["distribution and real vector", "lengths 3 and 4", "lengths n and m", "vector and scalar"],
)
def test_two_things_with_one_name_are_an_error(lhs: sp.Expr, rhs: sp.Expr) -> None:
    """One name for two vectors was sampled as one vector (a false sum-to-one, or a crash)."""
    with pytest.raises(SymxentError, match="'p'"):
        check_claim(lhs, "=", rhs)


def test_undefined_sides_are_not_proved_equal() -> None:
    """nan = nan and zoo = zoo were 'proved' as the same expression; zoo counted as +inf."""
    assert check_claim(sp.nan, "=", sp.nan).status is Status.UNKNOWN
    assert check_claim(sp.zoo, "=", sp.zoo).status is Status.UNKNOWN
    assert check_claim(sp.zoo, ">", 1).status is Status.UNKNOWN


def test_nested_sums_are_evaluated_and_proved() -> None:
    """A double sum (SymPy merges it into one Sum with two limits) recursed without end."""
    i, j = sp.symbols("i j", integer=True)
    double = sp.Sum(p[i] * q[j], (j, 1, n), (i, 1, n))
    assert check_claim(double, "=", 1).status is Status.PROVED
    verdict = check_claim(double, "=", 2)
    assert verdict.status is Status.REFUTED
    assert (verdict.counterexample.lhs, verdict.counterexample.rhs) == ("1.0", "2.0")


def test_an_entry_past_the_end_of_a_vector_is_undefined_not_a_crash() -> None:
    """Sum_{i=1}^{2n} p_i read past the sampled vector: an IndexError escaped."""
    i = sp.Symbol("i", integer=True)
    verdict = check_claim(sp.Sum(p[i], (i, 1, 2 * n)), "=", 2)
    assert verdict.status is Status.UNKNOWN


def test_a_tower_of_exponentials_is_checked_quickly() -> None:
    """e^(e^(e^t)) overflows float64; at 50 digits mpmath raised MemoryError or ran for hours."""
    verdict = check_claim(sp.exp(sp.exp(sp.exp(r))), ">", 0, symbolic=False)
    assert verdict.status is Status.CONFIRMED
    verdict = check_claim(sp.exp(sp.exp(sp.exp(r))), "<", 0, symbolic=False)
    assert verdict.status is Status.REFUTED


def test_points_nothing_could_evaluate_do_not_confirm() -> None:
    """e^(10^100) overflows float64 at every point: all 48 points used to count as compared,
    and e^(10^100) = e^(10^100) + 1 came out confirmed. The sides agree to every digit 200-digit
    intervals can show (relative to their size), which decides nothing: unknown.

    e^(10^100 + 1) = e * e^(10^100) differs from e^(10^100) by a factor e, which intervals at
    200 digits resolve (this used to be "unknown", when e^x was not evaluated past x = 10^30).
    """
    huge = sp.exp(sp.Integer(10) ** 100)
    assert check_claim(huge, "=", huge + 1).status is Status.UNKNOWN
    verdict = check_claim(huge, "=", sp.exp(sp.Integer(10) ** 100 + 1))
    assert verdict.status is Status.REFUTED
    assert verdict.counterexample is not None
    assert verdict.counterexample.lhs != verdict.counterexample.rhs


@pytest.mark.parametrize(
    "tower",
    [
        sp.exp(sp.exp(sp.exp(30))),
        sp.Pow(2, sp.Pow(2, sp.Pow(2, 20, evaluate=False), evaluate=False), evaluate=False),
    ],
    ids=["e^e^e^30", "2^2^2^20"],
)
def test_a_constant_too_large_to_evaluate_does_not_hang_the_prover(tower: sp.Expr) -> None:
    """sympy.N, factor and simplify of these run for hours or raise MemoryError.

    Whether SymPy's assumptions see that the tower is positive depends on the order in which
    they try their rules (which varies with the hash seed), so ``> 0`` may also stay unknown.
    """
    assert check_claim(tower, ">", 0).status in (Status.PROVED, Status.UNKNOWN)
    assert check_claim(tower, "<", 0).status is Status.UNKNOWN  # false, and nothing to sample
    assert check_claim(tower, "approx", 1, tolerance=0.5).status is Status.UNKNOWN
    assert check_claim(tower, "=", tower + 1).status is Status.UNKNOWN
    assert check_claim(tower, ">=", 2 * tower).status is Status.UNKNOWN


def test_a_domain_beyond_the_declared_assumptions_is_an_error() -> None:
    """|x| = x for a positive x on [-1, 1] was proved: SymPy had turned |x| into x already."""
    positive = sp.Symbol("x", positive=True)
    with pytest.raises(SymxentError, match="goes beyond what x is declared to be"):
        check_claim(sp.Abs(positive), "=", positive, where={positive: sp.Interval(-1, 1)})
    assert check_claim(sp.Abs(r), "=", r, where={r: sp.Interval(-1, 1)}).status is Status.REFUTED


@pytest.mark.parametrize(("vector", "kind"), [(p, "one-hot"), (p, "reals"), (y, "logits")])
def test_sampling_a_vector_beyond_its_declared_entries_is_an_error(vector, kind: str) -> None:
    """A Distribution's entries are positive, and proofs use it: one-hot points check another claim."""
    with pytest.raises(SymxentError, match="cannot be checked on"):
        check_claim(Entropy(vector), ">=", 0, where={vector: kind})


def test_one_hot_points_for_labels_are_fine() -> None:
    verdict = check_claim(Entropy(y), "=", 0, where={y: "one-hot"})
    assert verdict.holds
    assert check_claim(Entropy(y), ">", 0, where={y: "one-hot"}).status is Status.REFUTED


@pytest.mark.parametrize("shift", [100, 300])
def test_cancellation_neither_makes_nor_hides_a_counterexample(shift: int) -> None:
    """e^(s + t) - e^s e^t + t is t. At 50 (even 100) digits the two exponentials cancel and
    swallow t: a plain high-precision re-check called the true claim '= t' refuted (left side
    0.0 at t = 5.5) and, evaluating 0 at two precisions, the false claim '= 0' confirmed.
    Interval arithmetic shows the values are undecided there and settles them at more digits."""
    lhs = sp.exp(shift + t) - sp.exp(shift) * sp.exp(t) + t
    where = {t: sp.Interval(1, 10)}
    assert check_claim(lhs, "=", t, where=where, symbolic=False).status is Status.CONFIRMED
    verdict = check_claim(lhs, "=", 0, where=where, symbolic=False)
    assert verdict.status is Status.REFUTED
    example = verdict.counterexample
    assert float(example.lhs) == pytest.approx(float(example.point["t"]), rel=1e-3)
    assert float(example.rhs) == 0
