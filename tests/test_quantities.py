"""Every quantity's ``doit()`` against values computed independently of symxent.

Expected values come from hand computations written out here, from mpmath at 40 digits and from
``scipy.special`` (``entr``, ``rel_entr``, ``xlogy``, ``expit``, ``logsumexp``, ``softmax``,
``log_softmax``) evaluated at the same explicit points. Symbolic-n definitions are checked by
substituting a concrete n and concrete entries. The last part checks that bad input raises a
:class:`symxent.errors.SymxentError` with a message that names the problem.
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import numpy as np
import pytest
import sympy as sp
from scipy import special

from symxent import (
    MSE,
    NLL,
    BinaryCrossEntropy,
    BinaryEntropy,
    CrossEntropy,
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
    log_base,
    summation_index,
)
from symxent.distributions import class_count
from symxent.errors import DistributionError
from symxent.quantities.base import Logarithm

# Explicit distributions used throughout (exact fractions; floats for scipy).
P_TEXT = ["1/2", "1/4", "1/8", "1/8"]
Q_TEXT = ["1/10", "2/5", "3/10", "1/5"]
P_FLOAT = np.array([float(Fraction(v)) for v in P_TEXT])
Q_FLOAT = np.array([float(Fraction(v)) for v in Q_TEXT])
LOGITS = ["0.9", "1.2", "-0.4"]
LOGITS_FLOAT = np.array([0.9, 1.2, -0.4])


def value(expr: sp.Basic) -> float:
    return float(sp.N(sp.sympify(expr).doit(), 30))


def substitute(expr: sp.Basic, counts: dict[sp.Symbol, int], **vectors: list[float]) -> sp.Expr:
    """Give a symbolic-n expression a concrete n and concrete entries, then evaluate."""
    result = sp.sympify(expr).doit().xreplace(counts).doit()
    mapping = {}
    for indexed in result.atoms(sp.Indexed):
        name = str(indexed.base.label)
        if name in vectors:
            mapping[indexed] = sp.Float(vectors[name][int(indexed.indices[0]) - 1], 30)
    return result.xreplace(mapping).doit()


# ----------------------------------------------------------------------------- hand computations


def test_entropy_of_the_skewed_source_is_1_75_bits() -> None:
    # -(1/2 log2 1/2 + 1/4 log2 1/4 + 2 * 1/8 log2 1/8) = 1/2 + 1/2 + 3/4
    p = Distribution("p", values=P_TEXT)
    assert Entropy(p, 2).doit() == sp.Rational(7, 4)
    assert sp.simplify(Entropy(p).doit() - sp.Rational(7, 4) * sp.log(2)) == 0


def test_cross_entropy_with_the_uniform_code_is_2_bits() -> None:
    p, q = Distribution("p", values=P_TEXT), Distribution("q", values=["1/4"] * 4)
    assert CrossEntropy(p, q, 2).doit() == 2
    # KL = CE - H = 2 - 1.75 bits
    assert sp.simplify(KLDivergence(p, q, 2).doit() - sp.Rational(1, 4)) == 0


def test_kl_of_the_handout_example_is_log2_over_3() -> None:
    # 1/3 log (1/3)/(2/3) + 2/3 log (2/3)/(1/3) = -1/3 log 2 + 2/3 log 2
    p = Distribution("p", values=["1/3", "2/3"])
    q = Distribution("q", values=["2/3", "1/3"])
    assert sp.simplify(KLDivergence(p, q).doit() - sp.log(2) / 3) == 0
    assert value(KLDivergence(p, q)) == pytest.approx(0.23104906018664842, rel=1e-14)


def test_information_content() -> None:
    assert Information(sp.Rational(1, 8), 2).doit() == 3
    assert Information(sp.Rational(1, 1024), 2).doit() == 10
    assert Information(1).doit() == 0
    assert value(Information(sp.Rational(1, 10**9))) == pytest.approx(9 * np.log(10), rel=1e-15)


def test_binary_entropy_and_cross_entropy_by_hand() -> None:
    assert BinaryEntropy(sp.Rational(1, 2), 2).doit() == 1
    assert BinaryEntropy(sp.Rational(1, 2)).doit() == sp.log(2)
    # label 1, prediction 0.6, 0.9, 0.3 in bits (the handout's worked examples)
    for prediction, bits in [
        ("0.6", 0.7369655941662062),
        ("0.9", 0.15200309344504995),
        ("0.3", 1.7369655941662063),
    ]:
        assert value(BinaryCrossEntropy(1, sp.Rational(prediction), 2)) == pytest.approx(
            bits, rel=1e-14
        )
    assert BinaryCrossEntropy(0, sp.Rational(1, 4), 2).doit() == 2 - sp.log(3) / sp.log(2)


def test_match_probability_and_expectation_by_hand() -> None:
    p = Distribution("p", values=["1/3", "2/3"])
    q = Distribution("q", values=["2/3", "1/3"])
    assert MatchProbability(p, q).doit() == sp.Rational(4, 9)  # 1/3 * 2/3 + 2/3 * 1/3
    c = summation_index("c")
    assert Expectation(p, q[c] ** 2, c).doit() == sp.Rational(1, 3) * sp.Rational(
        4, 9
    ) + sp.Rational(2, 3) * sp.Rational(1, 9)


def test_softmax_of_zero_logits_is_uniform() -> None:
    z = Logits("z", values=[0, 0, 0, 0])
    assert Softmax(z, 3).doit() == sp.Rational(1, 4)
    assert LogSumExp(z).doit() == sp.log(4)
    assert LogSoftmax(z, 1).doit() == -sp.log(4)


def test_sigmoid_at_zero_and_its_derivative() -> None:
    t = sp.Symbol("t", real=True)
    assert Sigmoid(0) == sp.Rational(1, 2)
    assert sp.diff(Sigmoid(t), t) == Sigmoid(t) * (1 - Sigmoid(t))
    assert Sigmoid(t).doit() == 1 / (1 + sp.exp(-t))


def test_nll_and_mse_by_hand() -> None:
    yhat = Probabilities("yhat", values=["1/2", "1/4", "1/8"])
    assert NLL(yhat, 2).doit() == 6  # 1 + 2 + 3 bits
    y, prediction = RealVector("y", values=[1, 0, 2]), RealVector("yhat", values=[0, 0, 0])
    assert MSE(y, prediction).doit() == sp.Rational(5, 3)  # (1 + 0 + 4) / 3


def test_uniform_entropy_and_match_probability_for_symbolic_n() -> None:
    u, p = Uniform("u", "n"), Distribution("p", "n")
    n = p.n
    assert sp.simplify(Entropy(u).doit() - sp.log(n)) == 0
    assert float(substitute(Entropy(u), {n: 7})) == pytest.approx(np.log(7), rel=1e-14)
    # sum_c p_c / n = 1/n for any distribution p
    assert float(
        substitute(MatchProbability(p, u), {n: 4}, p=[0.05, 0.15, 0.3, 0.5])
    ) == pytest.approx(0.25, rel=1e-14)


# ---------------------------------------------------------------------- against mpmath (40 digits)


def test_entropy_cross_entropy_kl_against_mpmath() -> None:
    p, q = Distribution("p", values=P_TEXT), Distribution("q", values=Q_TEXT)
    with mpmath.workdps(40):
        mp_p = [mpmath.mpf(Fraction(v).numerator) / Fraction(v).denominator for v in P_TEXT]
        mp_q = [mpmath.mpf(Fraction(v).numerator) / Fraction(v).denominator for v in Q_TEXT]
        h = -mpmath.fsum(a * mpmath.log(a) for a in mp_p)
        ce = -mpmath.fsum(a * mpmath.log(b) for a, b in zip(mp_p, mp_q, strict=True))
        kl = mpmath.fsum(a * mpmath.log(a / b) for a, b in zip(mp_p, mp_q, strict=True))
        for quantity, expected in [
            (Entropy(p), h),
            (CrossEntropy(p, q), ce),
            (KLDivergence(p, q), kl),
            (Entropy(p, 10), h / mpmath.log(10)),
            (CrossEntropy(p, q, 2), ce / mpmath.log(2)),
        ]:
            got = sp.N(quantity.doit(), 40)
            assert abs(mpmath.mpf(str(got)) - expected) < mpmath.mpf(10) ** -35


def test_log_sum_exp_against_mpmath_for_large_logits() -> None:
    z = Logits("z", values=[1000, 1001, 999])
    with mpmath.workdps(40):
        expected = mpmath.log(mpmath.exp(1000) + mpmath.exp(1001) + mpmath.exp(999))
        got = mpmath.mpf(str(sp.N(LogSumExp(z).doit(), 40)))
        assert abs(got - expected) < mpmath.mpf(10) ** -30


# ------------------------------------------------------------------------- against scipy.special


def test_entropy_against_scipy_entr() -> None:
    p = Distribution("p", values=P_TEXT)
    assert value(Entropy(p)) == pytest.approx(special.entr(P_FLOAT).sum(), rel=1e-14)
    assert value(Entropy(p, 2)) == pytest.approx(special.entr(P_FLOAT).sum() / np.log(2), rel=1e-14)


def test_cross_entropy_against_scipy_xlogy() -> None:
    p, q = Distribution("p", values=P_TEXT), Distribution("q", values=Q_TEXT)
    assert value(CrossEntropy(p, q)) == pytest.approx(
        -special.xlogy(P_FLOAT, Q_FLOAT).sum(), rel=1e-14
    )


def test_kl_against_scipy_rel_entr() -> None:
    p, q = Distribution("p", values=P_TEXT), Distribution("q", values=Q_TEXT)
    assert value(KLDivergence(p, q)) == pytest.approx(
        special.rel_entr(P_FLOAT, Q_FLOAT).sum(), rel=1e-14
    )
    assert value(KLDivergence(q, p)) == pytest.approx(
        special.rel_entr(Q_FLOAT, P_FLOAT).sum(), rel=1e-14
    )


@pytest.mark.parametrize("probability", ["0.1", "0.3", "0.5", "0.77", "0.999"])
def test_binary_entropy_and_bce_against_scipy(probability: str) -> None:
    x = float(probability)
    exact = sp.Rational(probability)
    assert value(BinaryEntropy(exact)) == pytest.approx(
        special.entr(x) + special.entr(1 - x), rel=1e-14
    )
    for y in (0.0, 1.0, 0.25):
        expected = -(special.xlogy(y, x) + special.xlogy(1 - y, 1 - x))
        got = value(BinaryCrossEntropy(sp.Rational(str(y)), exact))
        assert got == pytest.approx(expected, rel=1e-14)


@pytest.mark.parametrize("t", [-30.0, -5.0, -0.5, 0.0, 0.25, 5.0, 30.0])
def test_sigmoid_against_scipy_expit(t: float) -> None:
    assert value(Sigmoid(sp.Rational(str(t)))) == pytest.approx(special.expit(t), rel=1e-14)


def test_softmax_log_softmax_and_lse_against_scipy() -> None:
    z = Logits("z", values=LOGITS)
    expected = special.softmax(LOGITS_FLOAT)
    expected_log = special.log_softmax(LOGITS_FLOAT)
    for k in (1, 2, 3):
        assert value(Softmax(z, k)) == pytest.approx(expected[k - 1], rel=1e-14)
        assert value(LogSoftmax(z, k)) == pytest.approx(expected_log[k - 1], rel=1e-14)
    assert value(LogSumExp(z)) == pytest.approx(special.logsumexp(LOGITS_FLOAT), rel=1e-14)
    # the handout: -log softmax(z)_2 = 0.6641 nats
    assert value(-sp.log(Softmax(z, 2))) == pytest.approx(0.6641, abs=5e-5)


def test_cross_entropy_of_softmax_against_scipy() -> None:
    z = Logits("z", values=LOGITS)
    y = Labels("y", values=["0.2", "0.7", "0.1"])
    target = np.array([0.2, 0.7, 0.1])
    expected = -(target * special.log_softmax(LOGITS_FLOAT)).sum()
    assert value(CrossEntropy(y, SoftmaxVector(z))) == pytest.approx(expected, rel=1e-14)


def test_nll_and_mse_against_numpy() -> None:
    probabilities = ["0.9", "0.3", "0.55", "0.01"]
    yhat = Probabilities("yhat", values=probabilities)
    floats = np.array([float(v) for v in probabilities])
    assert value(NLL(yhat)) == pytest.approx(-np.log(floats).sum(), rel=1e-14)
    assert value(NLL(yhat, 2)) == pytest.approx(-np.log2(floats).sum(), rel=1e-14)
    y = RealVector("y", values=["1.5", "-2", "0", "3.25"])
    prediction = RealVector("yhat", values=["1", "-1", "0.5", "3"])
    diff = np.array([1.5, -2, 0, 3.25]) - np.array([1, -1, 0.5, 3])
    assert value(MSE(y, prediction)) == pytest.approx(np.mean(diff**2), rel=1e-14)


# ------------------------------------------------------------------------- symbolic-n definitions

P_AT_4 = [0.05, 0.15, 0.3, 0.5]
Q_AT_4 = [0.4, 0.1, 0.25, 0.25]


def test_symbolic_n_definitions_print_as_sums() -> None:
    p, q = Distribution("p", "n"), Distribution("q", "n")
    i = summation_index("i")
    n = p.n
    assert Entropy(p).definition() == -sp.Sum(p[i] * sp.log(p[i]), (i, 1, n))
    assert CrossEntropy(p, q).definition() == -sp.Sum(p[i] * sp.log(q[i]), (i, 1, n))
    assert KLDivergence(p, q).definition() == sp.Sum(p[i] * sp.log(p[i] / q[i]), (i, 1, n))
    assert Entropy(p, 2).definition() == -sp.Sum(p[i] * Logarithm(p[i], 2), (i, 1, n))


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (lambda p, q: Entropy(p), special.entr(P_AT_4).sum()),
        (lambda p, q: Entropy(p, 2), special.entr(P_AT_4).sum() / np.log(2)),
        (CrossEntropy, -special.xlogy(P_AT_4, Q_AT_4).sum()),
        (KLDivergence, special.rel_entr(P_AT_4, Q_AT_4).sum()),
        (lambda p, q: KLDivergence(p, q, 10), special.rel_entr(P_AT_4, Q_AT_4).sum() / np.log(10)),
        (MatchProbability, float(np.dot(P_AT_4, Q_AT_4))),
    ],
    ids=["H", "H bits", "CE", "KL", "KL base 10", "P(X=Y)"],
)
def test_symbolic_n_quantity_at_n_4(build, expected: float) -> None:
    p, q = Distribution("p", "n"), Distribution("q", "n")
    got = substitute(build(p, q), {p.n: 4}, p=P_AT_4, q=Q_AT_4)
    assert float(got) == pytest.approx(expected, rel=1e-13)


def test_symbolic_n_softmax_and_lse_at_n_3() -> None:
    z = Logits("z", "n")
    k = z.index("k")
    logits = list(LOGITS_FLOAT)
    for position in (1, 2, 3):
        got = substitute(Softmax(z, k), {z.n: 3, k: position}, z=logits)
        assert float(got) == pytest.approx(special.softmax(LOGITS_FLOAT)[position - 1], rel=1e-13)
    assert float(substitute(LogSumExp(z), {z.n: 3}, z=logits)) == pytest.approx(
        special.logsumexp(LOGITS_FLOAT), rel=1e-13
    )


def test_symbolic_base() -> None:
    b = sp.Symbol("b", positive=True)
    p = Distribution("p", values=P_TEXT)
    h_b = Entropy(p, b).doit()
    assert h_b.has(b)
    assert float(h_b.subs(b, 10)) == pytest.approx(
        special.entr(P_FLOAT).sum() / np.log(10), rel=1e-14
    )
    assert sp.simplify(h_b * sp.log(b) - Entropy(p).doit()) == 0


@pytest.mark.parametrize("base", ["e", "nats", sp.E])
def test_natural_base_spellings(base: object) -> None:
    p = Distribution("p", values=P_TEXT)
    assert Entropy(p, base) == Entropy(p)


@pytest.mark.parametrize("base", ["bits", "2", 2, sp.Integer(2)])
def test_bit_base_spellings(base: object) -> None:
    p = Distribution("p", values=P_TEXT)
    assert Entropy(p, base).doit() == sp.Rational(7, 4)


# --------------------------------------------------------------------------- 0 log 0 convention


def test_zero_entries_contribute_nothing() -> None:
    p = Distribution("p", values=["1/2", "1/2", 0])
    q = Distribution("q", values=["1/4", "1/4", "1/2"])
    assert Entropy(p).doit() == sp.log(2)
    assert value(KLDivergence(p, q)) == pytest.approx(
        special.rel_entr([0.5, 0.5, 0], [0.25, 0.25, 0.5]).sum(), rel=1e-14
    )
    assert value(CrossEntropy(p, q)) == pytest.approx(
        -special.xlogy([0.5, 0.5, 0], [0.25, 0.25, 0.5]).sum(), rel=1e-14
    )
    assert Entropy(Distribution("p", values=[1, 0, 0])).doit() == 0
    assert BinaryEntropy(0).doit() == 0
    assert BinaryEntropy(1, 2).doit() == 0
    assert BinaryCrossEntropy(1, 1).doit() == 0
    assert BinaryCrossEntropy(0, 0).doit() == 0


def test_zero_in_q_where_p_is_positive_is_plus_infinity() -> None:
    p = Distribution("p", values=["1/2", "1/2"])
    q = Distribution("q", values=[1, 0])
    assert special.rel_entr([0.5, 0.5], [1.0, 0.0]).sum() == np.inf
    assert KLDivergence(p, q).doit() == sp.oo
    assert CrossEntropy(p, q, 2).doit() == sp.oo
    assert Information(0).doit() == sp.oo
    assert BinaryCrossEntropy(1, 0).doit() == sp.oo
    assert NLL(Probabilities("yhat", values=[0, "1/2"])).doit() == sp.oo
    assert KLDivergence(q, p).doit() == sp.log(2)  # q's zero is 0 log 0 = 0


def test_one_hot_vector_collapses_sums() -> None:
    k = class_index("k", "n")
    q = Distribution("q", "n")
    y = OneHot("y", "n", k)
    assert Entropy(y).doit() == 0
    for hot in (1, 2, 4):
        got = substitute(CrossEntropy(y, q), {q.n: 4, k: hot}, q=Q_AT_4)
        assert float(got) == pytest.approx(-np.log(Q_AT_4[hot - 1]), rel=1e-14)
    y3 = OneHot("y", 3, 2)
    q3 = Distribution("q", values=["1/5", "3/5", "1/5"])
    assert CrossEntropy(y3, q3).doit() == -sp.log(sp.Rational(3, 5))


def test_explicit_vector_entry_at_a_symbolic_class() -> None:
    q = Distribution("q", values=["1/5", "3/5", "1/5"])
    k = class_index("k", 3)
    entry = q[k]
    assert [entry.subs(k, position) for position in (1, 2, 3)] == [
        sp.Rational(1, 5),
        sp.Rational(3, 5),
        sp.Rational(1, 5),
    ]


# ------------------------------------------------------------------------------------ bad input


def _p() -> Distribution:
    return Distribution("p", 3)


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (lambda: Entropy([0.5, 0.5]), DistributionError, "must be a symxent vector"),
        (lambda: Entropy("p"), DistributionError, "must be a symxent vector"),
        (
            lambda: CrossEntropy(_p(), np.array([0.5, 0.5])),
            DistributionError,
            "must be a symxent vector",
        ),
        (
            lambda: KLDivergence(_p(), Distribution("q", 4)),
            DistributionError,
            "p has 3 classes but q has 4",
        ),
        (
            lambda: CrossEntropy(Distribution("p", "n"), Distribution("q", "m")),
            DistributionError,
            "must match",
        ),
        (lambda: MatchProbability(_p(), Distribution("q", 2)), DistributionError, "must match"),
        (
            lambda: MSE(RealVector("y", 2), RealVector("yhat", 3)),
            DistributionError,
            "y has 2 entries but yhat has 3",
        ),
        (
            lambda: Distribution("p", values=["-1/2", "3/2"]),
            DistributionError,
            "entry 1 is -1/2 < 0",
        ),
        (lambda: Distribution("p", values=["1/2", "1/3"]), DistributionError, "sum to 5/6, not 1"),
        (lambda: Distribution("p", values=["1/2", "one half"]), DistributionError, "not a number"),
        (lambda: Distribution("p", values=["__import__('os')"]), DistributionError, "not a number"),
        (lambda: Distribution("p", values=[True, False]), DistributionError, "not a number"),
        (lambda: Distribution("p", values=[]), DistributionError, "must not be empty"),
        (
            lambda: Distribution("p", 3, values=["1/2", "1/2"]),
            DistributionError,
            "n = 3 but 2 values",
        ),
        (lambda: Distribution("p"), DistributionError, "give n"),
        (lambda: Distribution("1p", 3), DistributionError, "must be an identifier"),
        (lambda: Distribution("p q", 3), DistributionError, "must be an identifier"),
        (lambda: Distribution("p", 0), DistributionError, "at least 1"),
        (
            lambda: Distribution("p", 2.5),
            DistributionError,
            "must be an int, a name or an integer Symbol",
        ),
        (lambda: Distribution("p", "n + 1"), DistributionError, "not a valid name"),
        (lambda: class_count(sp.Symbol("n")), DistributionError, "integer=True, positive=True"),
        (lambda: Probabilities("yhat", values=["1.5"]), DistributionError, "not in \\[0, 1\\]"),
        (lambda: _p()[4], DistributionError, "out of range"),
        (lambda: Distribution("p", values=P_TEXT)[5], DistributionError, "out of range 1..4"),
        (lambda: _p()["i"], DistributionError, "text is never evaluated"),
        (lambda: Information("1/2"), DistributionError, "text is never evaluated"),
        (
            lambda: Information("__import__('os').getcwd()"),
            DistributionError,
            "text is never evaluated",
        ),
        (lambda: BinaryEntropy("p"), DistributionError, "text is never evaluated"),
        (
            lambda: BinaryCrossEntropy("y", sp.Rational(1, 2)),
            DistributionError,
            "text is never evaluated",
        ),
        (
            lambda: Expectation(_p(), "q[c]", summation_index("c")),
            DistributionError,
            "text is never evaluated",
        ),
        (lambda: Expectation(_p(), 1, "c"), DistributionError, "must be a Symbol"),
        (lambda: Information(2), DistributionError, "probability in \\[0, 1\\], got 2"),
        (lambda: Information(-sp.Rational(1, 3)), DistributionError, "probability in \\[0, 1\\]"),
        (lambda: BinaryEntropy(sp.Rational(3, 2)), DistributionError, "probability in \\[0, 1\\]"),
        (lambda: BinaryCrossEntropy(1, 2), DistributionError, "prediction must be a probability"),
        (
            lambda: BinaryCrossEntropy(-1, sp.Rational(1, 2)),
            DistributionError,
            "label must be a probability",
        ),
        (lambda: Entropy(_p(), 1), SymxentError, "positive and not 1"),
        (lambda: Entropy(_p(), -2), SymxentError, "positive and not 1"),
        (lambda: Entropy(_p(), "ten"), SymxentError, "unknown log base 'ten'"),
        (lambda: log_base(sp.Integer(2), 0), SymxentError, "positive and not 1"),
        (lambda: Softmax(Logits("z", 3), 4), DistributionError, "out of range 1..3"),
        (lambda: Softmax(Logits("z", 3), sp.Symbol("x")), DistributionError, "must be an integer"),
        (lambda: Softmax(Logits("z", 3), "k"), DistributionError, "text is never evaluated"),
        (lambda: Softmax([0.1, 0.2], 1), DistributionError, "must be a symxent vector"),
        (lambda: LogSumExp("z"), DistributionError, "must be a symxent vector"),
        (lambda: OneHot("y", 3), DistributionError, "needs the hot class"),
        (lambda: OneHot("y", 3, 4), DistributionError, "out of range 1..3"),
        (lambda: NLL([0.5]), DistributionError, "takes a vector of probabilities"),
        (
            lambda: Distribution("q", values=[1, 0, 0])[class_index("k", 5)],
            DistributionError,
            "runs to 5",
        ),
    ],
)
def test_bad_input_raises_a_clear_symxent_error(make, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message) as caught:
        make()
    assert isinstance(caught.value, SymxentError)
