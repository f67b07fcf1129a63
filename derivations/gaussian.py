"""The Gaussian: its moments, its differential entropy and the KL divergence between two."""

from __future__ import annotations

import sympy as sp

from symxent import Derivation
from symxent.blocks import Section
from symxent.i18n import tr
from symxent.quantities.continuous import NormalDensity
from symxent.topic import Topic

X = sp.Symbol("x", real=True)
U = sp.Symbol("u", real=True)
MU = sp.Symbol("mu", real=True)
SIGMA = sp.Symbol("sigma", positive=True)
MU1, MU2 = sp.symbols("mu_1 mu_2", real=True)
SIGMA1, SIGMA2 = sp.symbols("sigma_1 sigma_2", positive=True)
LINE = (X, -sp.oo, sp.oo)
STANDARD_LINE = (U, -sp.oo, sp.oo)

SUBSTITUTE = tr(
    "substitute $x = \\mu + \\sigma u$, $dx = \\sigma \\, du$",
    "$x = \\mu + \\sigma u$, $dx = \\sigma \\, du$로 치환한다",
)
LINEARITY = tr("the integral is linear", "적분은 선형이다")


def _integral(body: sp.Expr, line: tuple[sp.Symbol, sp.Expr, sp.Expr] = LINE) -> sp.Integral:
    return sp.Integral(body, line)


def _p() -> NormalDensity:
    return NormalDensity("p", X, MU, SIGMA)


def _phi() -> NormalDensity:
    return NormalDensity("\\varphi", U, 0, 1)


# ---------------------------------------------------------------- the moments


def normalised() -> Derivation:
    """The standard normal density integrates to one."""
    return Derivation(
        _integral(_phi(), STANDARD_LINE),
        title=tr("The Gaussian density integrates to 1", "가우스 밀도의 적분은 1"),
        intro=tr(
            "The density of $\\mathcal{N}(\\mu, \\sigma^2)$ is "
            "$p(x) = \\frac{1}{\\sqrt{2 \\pi \\sigma^2}} e^{-(x - \\mu)^2 / (2 \\sigma^2)}$; "
            "with $x = \\mu + \\sigma u$ it becomes $\\frac{1}{\\sigma} \\varphi(u)$, where "
            "$\\varphi(u) = \\frac{1}{\\sqrt{2 \\pi}} e^{-u^2 / 2}$ is the standard normal "
            "density. Three facts about $\\varphi$ carry every Gaussian computation below:",
            "$\\mathcal{N}(\\mu, \\sigma^2)$의 밀도는 "
            "$p(x) = \\frac{1}{\\sqrt{2 \\pi \\sigma^2}} e^{-(x - \\mu)^2 / (2 \\sigma^2)}$이다. "
            "$x = \\mu + \\sigma u$로 두면 $\\frac{1}{\\sigma} \\varphi(u)$가 되며, "
            "$\\varphi(u) = \\frac{1}{\\sqrt{2 \\pi}} e^{-u^2 / 2}$는 표준정규 밀도이다. "
            "아래의 가우스 계산은 모두 $\\varphi$에 대한 세 가지 사실에 기댄다:",
        ),
    ).eq(
        1,
        tr(
            "$\\int e^{-u^2 / 2} \\, du = \\sqrt{2 \\pi}$ (the Gaussian integral)",
            "$\\int e^{-u^2 / 2} \\, du = \\sqrt{2 \\pi}$ (가우스 적분)",
        ),
    )


def standard_mean() -> Derivation:
    """The standard normal has mean 0."""
    return Derivation(
        _integral(U * _phi(), STANDARD_LINE),
        title=tr("The mean of $\\varphi$ is 0", "$\\varphi$의 평균은 0"),
        intro=tr(
            "The checker closes every integral of a polynomial times $e^{-u^2/2}$ exactly, by "
            "completing the square.",
            "검사기는 다항식과 $e^{-u^2/2}$의 곱의 적분을 완전제곱으로 정확히 계산한다.",
        ),
    ).eq(0, tr("the integrand is odd", "피적분 함수가 기함수"))


def second_moment() -> Derivation:
    """The standard normal's second moment is 1."""
    return Derivation(
        _integral(U**2 * _phi(), STANDARD_LINE),
        title=tr("The second moment of $\\varphi$ is 1", "$\\varphi$의 이차 적률은 1"),
    ).eq(
        1,
        tr(
            "by parts: $\\int u \\cdot u \\varphi(u) \\, du = \\int \\varphi(u) \\, du$",
            "부분 적분: $\\int u \\cdot u \\varphi(u) \\, du = \\int \\varphi(u) \\, du$",
        ),
    )


def mean() -> Derivation:
    """E[X] = mu for X ~ N(mu, sigma^2)."""
    p, phi = _p(), _phi()
    return (
        Derivation(
            _integral(X * p),
            title=tr(
                "$X \\sim \\mathcal{N}(\\mu, \\sigma^2)$ has mean $\\mu$",
                "$X \\sim \\mathcal{N}(\\mu, \\sigma^2)$의 평균은 $\\mu$",
            ),
        )
        .eq(_integral((MU + SIGMA * U) * phi, STANDARD_LINE), SUBSTITUTE)
        .eq(
            MU,
            tr(
                "linear: $\\mu \\int \\varphi + \\sigma \\int u \\varphi = \\mu \\cdot 1 + "
                "\\sigma \\cdot 0$",
                "선형성: $\\mu \\int \\varphi + \\sigma \\int u \\varphi = \\mu \\cdot 1 + "
                "\\sigma \\cdot 0$",
            ),
        )
    )


def variance() -> Derivation:
    """E[(X - mu)^2] = sigma^2."""
    p, phi = _p(), _phi()
    return (
        Derivation(
            _integral((X - MU) ** 2 * p),
            title=tr("Its variance is $\\sigma^2$", "분산은 $\\sigma^2$"),
        )
        .eq(SIGMA**2 * _integral(U**2 * phi, STANDARD_LINE), SUBSTITUTE)
        .eq(SIGMA**2, "$\\int u^2 \\varphi = 1$")
    )


def shifted_moment() -> Derivation:
    """E[(X - m)^2] = sigma^2 + (mu - m)^2 for any m."""
    p = _p()
    m = sp.Symbol("m", real=True)
    return (
        Derivation(
            _integral((X - m) ** 2 * p),
            title=tr(
                "The mean square about another point $m$",
                "다른 점 $m$에 대한 평균 제곱",
            ),
            intro=tr(
                "Write $x - m = (x - \\mu) + (\\mu - m)$ and expand the square:",
                "$x - m = (x - \\mu) + (\\mu - m)$으로 쓰고 제곱을 전개한다:",
            ),
            conclusion=tr(
                "Variance plus squared offset; the KL divergence below needs it with $m = \\mu_2$.",
                "분산에 어긋남의 제곱을 더한 값이다. 아래 KL 발산에서 $m = \\mu_2$로 쓴다.",
            ),
        )
        .eq(
            _integral((X - MU) ** 2 * p)
            + (MU - m) * _integral((X - MU) * p) * 2  # 2 (mu - m), not 2 mu - 2 m
            + (MU - m) ** 2 * _integral(p),
            LINEARITY,
        )
        .eq(
            SIGMA**2 + (MU - m) ** 2,
            tr(
                "variance $\\sigma^2$, $\\int (x - \\mu) p = 0$, $\\int p = 1$",
                "분산 $\\sigma^2$, $\\int (x - \\mu) p = 0$, $\\int p = 1$",
            ),
        )
    )


# ---------------------------------------------------------------- entropy


def entropy() -> Derivation:
    """h(N(mu, sigma^2)) = 1/2 log(2 pi e sigma^2)."""
    p = _p()
    half_log = sp.log(2 * sp.pi * SIGMA**2) / 2
    return (
        Derivation(
            -_integral(p * sp.log(p)),
            title=tr(
                "The differential entropy of $\\mathcal{N}(\\mu, \\sigma^2)$",
                "$\\mathcal{N}(\\mu, \\sigma^2)$의 미분 엔트로피",
            ),
            intro=tr(
                "$h(X) = -\\int p(x) \\log p(x) \\, dx$ for the density $p$ of "
                "$\\mathcal{N}(\\mu, \\sigma^2)$:",
                "$\\mathcal{N}(\\mu, \\sigma^2)$의 밀도 $p$에 대해 "
                "$h(X) = -\\int p(x) \\log p(x) \\, dx$:",
            ),
            conclusion=tr(
                "It does not depend on $\\mu$, grows with $\\sigma$, and is negative for "
                "$\\sigma < 1 / \\sqrt{2 \\pi e} \\approx 0.242$. Among all densities with "
                "variance $\\sigma^2$ the Gaussian has the largest entropy.",
                "$\\mu$와 무관하고 $\\sigma$와 함께 커지며, "
                "$\\sigma < 1 / \\sqrt{2 \\pi e} \\approx 0.242$이면 음수이다. 분산이 "
                "$\\sigma^2$인 모든 밀도 가운데 가우스 밀도의 엔트로피가 가장 크다.",
            ),
        )
        .eq(
            _integral(p * (half_log + (X - MU) ** 2 / (2 * SIGMA**2))),
            tr(
                "$-\\log p(x) = \\frac{1}{2} \\log (2 \\pi \\sigma^2) + "
                "\\frac{(x - \\mu)^2}{2 \\sigma^2}$",
                "$-\\log p(x) = \\frac{1}{2} \\log (2 \\pi \\sigma^2) + "
                "\\frac{(x - \\mu)^2}{2 \\sigma^2}$",
            ),
        )
        .eq(
            half_log * _integral(p) + _integral((X - MU) ** 2 * p) / (2 * SIGMA**2),
            LINEARITY,
        )
        .eq(
            half_log + sp.Rational(1, 2),
            tr("$\\int p = 1$ and the variance $\\sigma^2$", "$\\int p = 1$과 분산 $\\sigma^2$"),
        )
        .eq(
            sp.log(2 * sp.pi * sp.E * SIGMA**2) / 2,
            "$\\frac{1}{2} = \\frac{1}{2} \\log e$",
        )
    )


# ---------------------------------------------------------------- KL divergence


def divergence() -> Derivation:
    """D(N(mu1, s1^2) || N(mu2, s2^2)) in closed form."""
    p = NormalDensity("p", X, MU1, SIGMA1)
    q = NormalDensity("q", X, MU2, SIGMA2)
    log_ratio = sp.log(SIGMA2 / SIGMA1)
    return (
        Derivation(
            _integral(p * sp.log(p / q)),
            title=tr(
                "KL divergence between two Gaussians",
                "두 가우스 분포 사이의 KL 발산",
            ),
            intro=tr(
                "$p = \\mathcal{N}(\\mu_1, \\sigma_1^2)$, $q = \\mathcal{N}(\\mu_2, "
                "\\sigma_2^2)$, and $D_{\\mathrm{KL}}(p \\parallel q) = \\int p(x) \\log "
                "\\frac{p(x)}{q(x)} \\, dx$:",
                "$p = \\mathcal{N}(\\mu_1, \\sigma_1^2)$, $q = \\mathcal{N}(\\mu_2, "
                "\\sigma_2^2)$이고 $D_{\\mathrm{KL}}(p \\parallel q) = \\int p(x) \\log "
                "\\frac{p(x)}{q(x)} \\, dx$:",
            ),
        )
        .eq(
            _integral(
                p
                * (log_ratio - (X - MU1) ** 2 / (2 * SIGMA1**2) + (X - MU2) ** 2 / (2 * SIGMA2**2))
            ),
            tr("the log of the ratio of the densities", "두 밀도의 비의 로그"),
        )
        .eq(
            log_ratio
            - _integral((X - MU1) ** 2 * p) / (2 * SIGMA1**2)
            + _integral((X - MU2) ** 2 * p) / (2 * SIGMA2**2),
            tr("the integral is linear, $\\int p = 1$", "적분은 선형, $\\int p = 1$"),
        )
        .eq(
            log_ratio - sp.Rational(1, 2) + (SIGMA1**2 + (MU1 - MU2) ** 2) / (2 * SIGMA2**2),
            tr(
                "the variance, and the mean square about $m = \\mu_2$",
                "분산, 그리고 $m = \\mu_2$에 대한 평균 제곱",
            ),
        )
    )


def divergence_nonnegative() -> Derivation:
    """The closed form is never negative: r - 1 - log r >= 0 with r = sigma1^2 / sigma2^2."""
    r = SIGMA1**2 / SIGMA2**2
    closed = (
        sp.log(SIGMA2 / SIGMA1)
        - sp.Rational(1, 2)
        + (SIGMA1**2 + (MU1 - MU2) ** 2) / (2 * SIGMA2**2)
    )
    return (
        Derivation(
            closed,
            title=tr("It is never negative", "음수가 아니다"),
            intro=tr(
                "Write $r = \\sigma_1^2 / \\sigma_2^2$:",
                "$r = \\sigma_1^2 / \\sigma_2^2$으로 쓴다:",
            ),
            conclusion=tr(
                "Zero exactly when $\\sigma_1 = \\sigma_2$ and $\\mu_1 = \\mu_2$. It is not "
                "symmetric: swapping $p$ and $q$ changes the $\\sigma$ in the denominator.",
                "$\\sigma_1 = \\sigma_2$이고 $\\mu_1 = \\mu_2$일 때만 0이다. 대칭이 아니다: "
                "$p$와 $q$를 바꾸면 분모의 $\\sigma$가 바뀐다.",
            ),
        )
        .eq(
            (r - 1 - sp.log(r)) / 2 + (MU1 - MU2) ** 2 / (2 * SIGMA2**2),
            tr("collect", "모은다"),
        )
        .ge((MU1 - MU2) ** 2 / (2 * SIGMA2**2), "$\\log r \\leq r - 1$")
        .ge(0, tr("a square is never negative", "제곱은 음수가 아니다"))
    )


def topic() -> Topic:
    """The Gaussian topic."""
    return Topic(
        name="gaussian",
        title=tr(
            "The Gaussian: entropy and KL divergence",
            "가우스 분포: 엔트로피와 KL 발산",
        ),
        summary="Gaussian moments (int phi = 1, mean, variance, mean square about m); differential entropy 1/2 log(2 pi e sigma^2); KL between two Gaussians in closed form, >= 0",
        intro=tr(
            "The continuous distribution of regression and of noise: its moments, its "
            "differential entropy and the KL divergence between two Gaussians, every integral "
            "closed exactly.",
            "회귀와 잡음의 연속 분포: 적률, 미분 엔트로피, 두 가우스 분포 사이의 KL 발산. "
            "모든 적분을 정확히 계산한다.",
        ),
        derivations=[
            Section(
                tr("Moments", "적률"),
                tr(
                    "The facts the entropy and the divergence use.",
                    "엔트로피와 발산에 쓰는 사실들.",
                ),
            ),
            normalised(),
            standard_mean(),
            second_moment(),
            mean(),
            variance(),
            shifted_moment(),
            Section(
                tr("Entropy and divergence", "엔트로피와 발산"),
                tr(
                    "Each is an expectation of a quadratic in $x$, so the moments close it.",
                    "둘 다 $x$의 이차식의 기댓값이므로 적률로 계산된다.",
                ),
            ),
            entropy(),
            divergence(),
            divergence_nonnegative(),
        ],
    )
