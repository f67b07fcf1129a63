"""Property tests of the checker: perturbed identities are refuted, exact values are proved.

Hypothesis draws (deterministically, ``derandomize=True``) a nonzero rational ``c`` between
about 1e-33 and 1000 in size, and adds ``c * x`` to one side of a true identity: the claim must
come out refuted with a counterexample whose two sides differ. It also draws explicit rational
distributions and checks that claims with the exact value (computed here with ``fractions`` and
mpmath, not by symxent) are proved, and the same claims with a perturbed value are refuted.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

import mpmath
import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symxent import (
    BinaryCrossEntropy,
    CrossEntropy,
    Distribution,
    Entropy,
    KLDivergence,
    Labels,
    Logits,
    LogSoftmax,
    LogSumExp,
    MatchProbability,
    Sigmoid,
    Softmax,
    SoftmaxVector,
    Uniform,
)
from symxent.check import Status, Verdict, check_claim
from symxent.check.symbolic import EXACTLY_EQUAL
from symxent.derivation import decimal

SETTINGS = settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

p, q = Distribution("p", "n"), Distribution("q", "n")
u = Uniform("u", "n")
z, y = Logits("z", "n"), Labels("y", "n")
k = z.index("k")
p3, q3 = Distribution("p", 3), Distribution("q", 3)
t = sp.Symbol("t", real=True)
s = Sigmoid(t)
label = sp.Symbol("y")
x = sp.Symbol("x", positive=True)

# name -> (lhs, rhs, the term to perturb by, domains): lhs = rhs holds, lhs = rhs + c * term not
IDENTITIES = {
    "KL = -H + CE": (KLDivergence(p, q), -Entropy(p) + CrossEntropy(p, q), p[1], {}),
    "KL = -H + CE, n = 3": (KLDivergence(p3, q3), -Entropy(p3) + CrossEntropy(p3, q3), q3[2], {}),
    "H in bits": (Entropy(p, 2), Entropy(p) / sp.log(2), Entropy(p), {}),
    "CE(p, u) = log n": (CrossEntropy(p, u), sp.log(p.n), 1, {}),
    "softmax-CE gradient": (
        sp.Derivative(CrossEntropy(y, SoftmaxVector(z)), z[k]),
        Softmax(z, k) - y[k],
        Softmax(z, k),
        {},
    ),
    "log-softmax": (LogSoftmax(z, k), z[k] - LogSumExp(z), z[k], {}),
    "sigmoid derivative": (sp.Derivative(s, t), s * (1 - s), s, {}),
    "sigmoid-BCE gradient": (
        sp.Derivative(BinaryCrossEntropy(label, s), t),
        s - label,
        label,
        {label: sp.Interval(0, 1)},
    ),
    "log of a product": (sp.log(2 * x), sp.log(2) + sp.log(x), x, {}),
}

nonzero_rationals = st.builds(
    lambda numerator, denominator, exponent: sp.Rational(numerator, denominator) / 10**exponent,
    st.integers(-999, 999).filter(bool),
    st.integers(1, 999),
    st.integers(0, 30),
)


def _refuted_with_different_sides(verdict: Verdict) -> None:
    _refuted(verdict, lambda lhs, rhs: lhs != rhs)


def _refuted(verdict: Verdict, breaks: Callable[[mpmath.mpf, mpmath.mpf], bool]) -> None:
    """Refuted, and the counterexample's printed sides break the claim."""
    assert verdict.status is Status.REFUTED, str(verdict)
    example = verdict.counterexample
    assert example is not None
    with mpmath.workdps(120):
        assert breaks(mpmath.mpf(example.lhs), mpmath.mpf(example.rhs)), str(example)


@pytest.mark.parametrize("name", IDENTITIES)
def test_the_identity_itself_is_proved(name: str) -> None:
    lhs, rhs, _, where = IDENTITIES[name]
    assert check_claim(lhs, "=", rhs, where=where).status is Status.PROVED


@pytest.mark.parametrize("name", IDENTITIES)
@SETTINGS
@given(c=nonzero_rationals)
def test_a_perturbed_identity_is_refuted(name: str, c: sp.Rational) -> None:
    lhs, rhs, term, where = IDENTITIES[name]
    _refuted_with_different_sides(check_claim(lhs, "=", rhs + c * term, where=where))


# --------------------------------------------------------------------- explicit distributions


@st.composite
def distributions(draw: st.DrawFn, size: int, zeros: bool = False) -> list[Fraction]:
    """A distribution with rational entries (some entries 0 when ``zeros``)."""
    weights = draw(st.lists(st.integers(0 if zeros else 1, 40), min_size=size, max_size=size))
    if not any(weights):
        weights[0] = 1
    total = sum(weights)
    return [Fraction(w, total) for w in weights]


pairs = st.integers(2, 6).flatmap(
    lambda size: st.tuples(distributions(size, zeros=True), distributions(size))
)


def _vector(name: str, values: list[Fraction]) -> Distribution:
    return Distribution(name, values=[f"{v.numerator}/{v.denominator}" for v in values])


def _mp(value: Fraction) -> mpmath.mpf:
    return mpmath.mpf(value.numerator) / value.denominator


@SETTINGS
@given(pair=pairs, c=nonzero_rationals)
def test_match_probability_exact_and_perturbed(
    pair: tuple[list[Fraction], list[Fraction]], c: sp.Rational
) -> None:
    p_values, q_values = pair
    exact = sum(a * b for a, b in zip(p_values, q_values, strict=True))
    claim = MatchProbability(_vector("p", p_values), _vector("q", q_values))
    exact_value = sp.Rational(exact.numerator, exact.denominator)
    assert check_claim(claim, "=", exact_value).status is Status.PROVED
    _refuted_with_different_sides(check_claim(claim, "=", exact_value + c))


@SETTINGS
@given(pair=pairs, places=st.integers(2, 12), shift=st.sampled_from([-3, -2, 2, 3]))
def test_entropy_in_bits_to_the_printed_digits(
    pair: tuple[list[Fraction], list[Fraction]], places: int, shift: int
) -> None:
    p_values, _ = pair
    with mpmath.workdps(60):
        bits = -mpmath.fsum(_mp(v) * mpmath.log(_mp(v), 2) for v in p_values if v)
        rounded = mpmath.nint(bits * 10**places)
        text = _decimal_text(int(rounded), places)
        wrong = _decimal_text(int(rounded) + shift, places)
    entropy = Entropy(_vector("p", p_values), 2)
    value, tolerance = decimal(text)
    # the exact value rounds to the printed digits: "holds to the stated digits", not "proved",
    # unless it is exactly the printed value (H((1, 0)) = 0.00): then the sides are equal
    verdict = check_claim(entropy, "approx", value, tolerance=tolerance)
    assert verdict.status is Status.ROUNDED or (
        verdict.status is Status.PROVED and verdict.method == EXACTLY_EQUAL
    ), str(verdict)
    value, tolerance = decimal(wrong)
    verdict = check_claim(entropy, "approx", value, tolerance=tolerance)
    assert verdict.status is Status.REFUTED, str(verdict)


def _decimal_text(scaled: int, places: int) -> str:
    sign = "-" if scaled < 0 else ""
    digits = str(abs(scaled)).rjust(places + 1, "0")
    return f"{sign}{digits[:-places]}.{digits[-places:]}"


@SETTINGS
@given(pair=pairs)
def test_gibbs_and_its_strict_form_on_explicit_distributions(
    pair: tuple[list[Fraction], list[Fraction]],
) -> None:
    p_values, q_values = pair
    p_vector, q_vector = _vector("p", p_values), _vector("q", q_values)
    kl = KLDivergence(p_vector, q_vector)
    assert (
        check_claim(kl, "=", CrossEntropy(p_vector, q_vector) - Entropy(p_vector)).status
        is Status.PROVED
    )
    assert check_claim(kl, ">=", 0).status is Status.PROVED
    strict = check_claim(kl, ">", 0)
    if p_values == q_values:
        _refuted(strict, lambda lhs, rhs: lhs <= rhs)
    else:
        assert strict.status is Status.PROVED
    _refuted(
        check_claim(CrossEntropy(p_vector, q_vector), "<", Entropy(p_vector)),
        lambda lhs, rhs: lhs >= rhs,
    )
