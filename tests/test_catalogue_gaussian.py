"""The Gaussian topic and the exact Gaussian integrals behind it, against mpmath and scipy.

Expected values come from outside symxent: ``mpmath.quad`` of the integrals as written,
``scipy.stats.norm.entropy`` and the textbook closed forms typed out below. Wrong variants of
each closed form (sign flips, swapped parameters, dropped terms, another log base) must be
refuted, and integrals the closer does not cover must be left alone, never guessed.
"""

from __future__ import annotations

import itertools
import random

import mpmath
import pytest
import sympy as sp
from scipy.stats import norm

from symxent.catalogue import builtin_names
from symxent.check import Status, check_claim
from symxent.check.gaussian import close_gaussian_integrals, gaussian_integral
from symxent.errors import DistributionError
from symxent.latex.printer import latex
from symxent.quantities.continuous import NormalDensity
from symxent.topic import TopicReport

mpmath.mp.dps = 30
x = sp.Symbol("x", real=True)
LINE = (x, -sp.oo, sp.oo)
m1, m2 = sp.symbols("mu_1 mu_2", real=True)
s1, s2 = sp.symbols("sigma_1 sigma_2", positive=True)
HALF = sp.Rational(1, 2)
POINTS = [("0", "1", "0", "1"), ("0.3", "1.7", "-1.2", "0.6"), ("-2", "0.25", "3", "4")]


def _density(mu: mpmath.mpf, sigma: mpmath.mpf):
    return lambda t: (
        mpmath.exp(-((t - mu) ** 2) / (2 * sigma**2)) / mpmath.sqrt(2 * mpmath.pi * sigma**2)
    )


def _written_out(expr: sp.Expr) -> sp.Expr:
    """Every density replaced by its formula (what the checker integrates)."""
    return expr.replace(lambda e: isinstance(e, NormalDensity), lambda e: e.definition())


def _quad(f) -> mpmath.mpf:
    return mpmath.quad(f, [-mpmath.inf, 0, mpmath.inf])


def test_the_topic_is_registered_and_every_step_is_proved(
    checked_topics: dict[str, TopicReport],
) -> None:
    assert "gaussian" in builtin_names()
    report = checked_topics["gaussian"]
    assert report.holds, report.failure_message()
    statuses = {r.verdict.status for d in report.reports for r in d.results}
    assert statuses == {Status.PROVED}


@pytest.mark.parametrize(("mu", "sigma", "_m", "_s"), POINTS)
def test_entropy_formula_against_mpmath_and_scipy(mu: str, sigma: str, _m: str, _s: str) -> None:
    p = _density(mpmath.mpf(mu), mpmath.mpf(sigma))
    numeric = _quad(lambda t: -p(t) * mpmath.log(p(t)))
    formula = mpmath.log(2 * mpmath.pi * mpmath.e * mpmath.mpf(sigma) ** 2) / 2
    assert abs(numeric - formula) < mpmath.mpf(10) ** -20
    assert abs(float(formula) - norm(float(mu), float(sigma)).entropy()) < 1e-12
    sigma_sym = sp.Symbol("sigma", positive=True)
    mu_sym = sp.Symbol("mu", real=True)
    density = NormalDensity("p", x, mu_sym, sigma_sym)
    closed = close_gaussian_integrals(_written_out(-sp.Integral(density * sp.log(density), LINE)))
    value = closed.subs({mu_sym: sp.Rational(mu), sigma_sym: sp.Rational(sigma)})
    assert abs(sp.N(value, 30) - sp.Float(str(formula), 30)) < 1e-25


@pytest.mark.parametrize(("mu1", "sigma1", "mu2", "sigma2"), POINTS)
def test_divergence_formula_against_mpmath(mu1: str, sigma1: str, mu2: str, sigma2: str) -> None:
    a, sa, b, sb = (mpmath.mpf(v) for v in (mu1, sigma1, mu2, sigma2))
    p, q = _density(a, sa), _density(b, sb)
    numeric = _quad(lambda t: p(t) * (mpmath.log(p(t)) - mpmath.log(q(t))))
    # the textbook form: log(s2/s1) + (s1^2 + (m1 - m2)^2) / (2 s2^2) - 1/2
    formula = mpmath.log(sb / sa) + (sa**2 + (a - b) ** 2) / (2 * sb**2) - mpmath.mpf(1) / 2
    assert abs(numeric - formula) < mpmath.mpf(10) ** -20
    value = close_gaussian_integrals(_written_out(_kl())).subs(
        {
            m1: sp.Rational(mu1),
            s1: sp.Rational(sigma1),
            m2: sp.Rational(mu2),
            s2: sp.Rational(sigma2),
        }
    )
    assert abs(sp.N(value, 30) - sp.Float(str(formula), 30)) < 1e-25


def _ratio() -> sp.Expr:
    return NormalDensity("p", x, m1, s1) / NormalDensity("q", x, m2, s2)


def _kl() -> sp.Expr:
    return sp.Integral(NormalDensity("p", x, m1, s1) * sp.log(_ratio()), LINE)


RIGHT_KL = sp.log(s2 / s1) + (s1**2 + (m1 - m2) ** 2) / (2 * s2**2) - HALF
WRONG_KL = {
    "swapped sigmas": sp.log(s1 / s2) + (s2**2 + (m1 - m2) ** 2) / (2 * s1**2) - HALF,
    "mean term subtracted": sp.log(s2 / s1) + (s1**2 - (m1 - m2) ** 2) / (2 * s2**2) - HALF,
    "dropped -1/2": sp.log(s2 / s1) + (s1**2 + (m1 - m2) ** 2) / (2 * s2**2),
    "in bits": RIGHT_KL / sp.log(2),
    "divided by sigma_1^2": sp.log(s2 / s1) + (s1**2 + (m1 - m2) ** 2) / (2 * s1**2) - HALF,
    "no factor 2": sp.log(s2 / s1) + (s1**2 + (m1 - m2) ** 2) / s2**2 - HALF,
    "sigma not squared": sp.log(s2 / s1) + (s1 + (m1 - m2) ** 2) / (2 * s2**2) - HALF,
}


def test_the_divergence_is_proved_and_its_wrong_variants_refuted() -> None:
    assert check_claim(_kl(), "=", RIGHT_KL).status is Status.PROVED
    for name, wrong in WRONG_KL.items():
        verdict = check_claim(_kl(), "=", wrong)
        assert verdict.status is Status.REFUTED, f"{name}: {verdict}"


def test_the_entropy_and_moments_reject_wrong_variants() -> None:
    sigma, mu = sp.Symbol("sigma", positive=True), sp.Symbol("mu", real=True)
    p = NormalDensity("p", x, mu, sigma)
    h = -sp.Integral(p * sp.log(p), LINE)
    assert check_claim(h, "=", sp.log(2 * sp.pi * sp.E * sigma**2) / 2).status is Status.PROVED
    for wrong in (
        sp.log(2 * sp.pi * sigma**2) / 2,  # the e dropped
        sp.log(2 * sp.pi * sp.E * sigma) / 2,  # sigma instead of sigma^2
        sp.log(2 * sp.pi * sp.E * sigma**2),  # the 1/2 dropped
        sp.log(2 * sp.pi * sp.E * sigma**2) / 2 + mu / 100,  # depends on the mean
    ):
        assert check_claim(h, "=", wrong).status is Status.REFUTED, wrong
    assert (
        check_claim(h, ">=", sp.log(2 * sp.pi * sp.E * sigma**2) / 2 + sp.Rational(1, 100)).status
        is Status.REFUTED
    )
    variance = sp.Integral((x - mu) ** 2 * p, LINE)
    assert check_claim(variance, "=", sigma**2).status is Status.PROVED
    assert check_claim(variance, "=", sigma).status is Status.REFUTED
    assert check_claim(sp.Integral(x * p, LINE), "=", -mu).status is Status.REFUTED


def test_monomials_of_a_general_gaussian_against_mpmath() -> None:
    rng = random.Random(13)
    for k, _ in itertools.product(range(7), range(3)):
        a = sp.Rational(rng.randint(1, 40), 10)
        b = sp.Rational(rng.randint(-30, 30), 10)
        c = sp.Rational(rng.randint(-20, 20), 10)
        closed = gaussian_integral(sp.Integral(x**k * sp.exp(-a * x**2 + b * x + c), LINE))
        assert closed is not None
        af, bf, cf = (mpmath.mpf(str(v)) for v in (sp.N(a, 30), sp.N(b, 30), sp.N(c, 30)))
        numeric = _quad(
            lambda t, k=k, af=af, bf=bf, cf=cf: t**k * mpmath.exp(-af * t**2 + bf * t + cf)
        )
        assert abs(sp.N(closed, 30) - sp.Float(str(numeric), 30)) < 1e-20 * max(1, abs(numeric))


@pytest.mark.parametrize(
    "integrand",
    [
        sp.exp(x**2),  # diverges
        x**2,  # no Gaussian factor: diverges
        sp.exp(-x),  # diverges at -oo
        sp.exp(-sp.Symbol("a", real=True) * x**2),  # the sign of a is unknown
        sp.exp(-(x**2)) / (1 + x**2),  # not a polynomial times e^{quadratic}
        sp.exp(-(x**2)) * sp.log(1 + x**2),
        sp.exp(-(x**2)) + 1,  # one term diverges: the whole integral stays
    ],
)
def test_other_integrals_are_left_alone(integrand: sp.Expr) -> None:
    integral = sp.Integral(integrand, LINE)
    assert gaussian_integral(integral) is None
    assert close_gaussian_integrals(integral) == integral
    assert gaussian_integral(sp.Integral(sp.exp(-(x**2)), (x, 0, sp.oo))) is None  # half line


def test_normal_density_prints_by_name_and_refuses_bad_parameters() -> None:
    p = NormalDensity("p", x, m1, s1)
    assert latex(sp.Integral(p * sp.log(p), LINE)).count("p(x)") == 2
    assert p.free_symbols == {x, m1, s1}
    with pytest.raises(DistributionError):
        NormalDensity("p", x, m1, sp.Symbol("s", real=True))  # sigma not known positive
    with pytest.raises(DistributionError):
        NormalDensity("p", x, m1, -1)
    with pytest.raises(DistributionError):
        NormalDensity("p", sp.Symbol("z"), m1, s1)  # the point not known real


def test_normal_density_survives_pickling() -> None:
    # the build checks topics in worker processes and sends the expressions back
    import pickle

    p = NormalDensity("p", x, m1, s1)
    assert pickle.loads(pickle.dumps(p)) == p  # noqa: S301  (our own bytes)
    assert pickle.loads(pickle.dumps(_kl())) == _kl()  # noqa: S301


@pytest.mark.parametrize(
    ("factor", "shown"),
    [
        (1 / (2 * s1**2), r"\frac{1}{2 \sigma_{1}^{2}} \int"),
        (-1 / (2 * s1**2), r"- \frac{1}{2 \sigma_{1}^{2}} \int"),
        (-3 * s1 / 2, r"- \frac{3 \sigma_{1}}{2} \int"),
        (sp.log(2 * sp.pi * s1**2) / 2, r"\frac{1}{2} \log\left(2 \pi \sigma_{1}^{2}\right) \int"),
    ],
)
def test_a_coefficient_is_printed_before_the_integral_not_under_it(
    factor: sp.Expr, shown: str
) -> None:
    integral = sp.Integral((x - m1) ** 2 * NormalDensity("p", x, m1, s1), LINE)
    assert latex(factor * integral).startswith(shown)
