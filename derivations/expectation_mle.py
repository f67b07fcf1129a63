"""Expectation rules, continuous entropy, a Monte Carlo estimate of cross-entropy, and MLE."""

from __future__ import annotations

from decimal import Decimal

import sympy as sp

from symxent import (
    CrossEntropy,
    Derivation,
    Distribution,
    Expectation,
    RealVector,
    summation_index,
)
from symxent.blocks import Section
from symxent.derivation import decimal
from symxent.i18n import tr
from symxent.table import Column, Table
from symxent.topic import Topic

DEFINITION = tr("definition", "정의")

# Monte Carlo: p is the skewed source of the entropy topic, q the handouts' 40/30/20/10
SOURCE = ["0.5", "0.25", "0.125", "0.125"]
MODEL = ["0.4", "0.3", "0.2", "0.1"]
# numpy.random.default_rng(2022).choice(4, size=M, p=SOURCE) for M = 10, 100, ..., 100000
# in turn, from one generator (tests/test_catalogue_expectation.py draws them again)
FIRST_TEN = [1, 1, 2, 1, 2, 3, 1, 1, 1, 4]
DRAWS = {
    10: [6, 2, 1, 1],
    100: [46, 34, 6, 14],
    1000: [499, 247, 110, 144],
    10000: [5022, 2481, 1280, 1217],
    100000: [50147, 24880, 12492, 12481],
}
HEIGHTS = [
    "164.95", "165.35", "165.76", "166.16", "167.78",
    "168.99", "169.80", "170.20", "171.82", "172.63",
]  # fmt: skip


def _d(text: str) -> sp.Expr:
    """A decimal shown as written (a leaf: the checker reads it exactly)."""
    return decimal(text)[0]


def _q(text: str) -> sp.Expr:
    """A decimal as an exact rational, for expressions that compute with it."""
    return sp.Rational(text)


def _plus(*terms: sp.Expr) -> sp.Expr:
    return sp.Add(*terms, evaluate=False)


def _times(*factors: sp.Expr) -> sp.Expr:
    return sp.Mul(*factors, evaluate=False)


# ---------------------------------------------------------------- expectation


def linearity() -> Derivation:
    """E[aX + b] = a E[X] + b for a discrete X."""
    p, x = Distribution("P", "n"), RealVector("x", "n")
    a, b = sp.symbols("a b", real=True)
    c = summation_index("c")
    return (
        Derivation(
            Expectation(p, a * x[c] + b, c),
            title=tr(
                "Expectation is linear: $E[aX + b] = a E[X] + b$",
                "기댓값은 선형이다: $E[aX + b] = a E[X] + b$",
            ),
            intro=tr(
                "$X$ takes the values $x_1, \\ldots, x_n$ with probabilities "
                "$P_1, \\ldots, P_n$ ($n$ symbolic); $a$, $b$ are constants.",
                "$X$는 값 $x_1, \\ldots, x_n$을 확률 $P_1, \\ldots, P_n$으로 가진다($n$은 기호). "
                "$a$, $b$는 상수이다.",
            ),
        )
        .eq(
            p.sum(lambda i: (a * x[i] + b) * p[i], index="c"),
            tr("$E[f(X)] = \\sum_x f(x) P(x)$", "$E[f(X)] = \\sum_x f(x) P(x)$"),
        )
        .eq(
            a * p.sum(lambda i: x[i] * p[i], index="c") + b * p.sum(lambda i: p[i], index="c"),
            tr("split the sum", "합을 나눈다"),
        )
        .eq(a * Expectation(p, x[c], c) + b, "$\\sum_x P(x) = 1$")
    )


def expected_log() -> Derivation:
    """E[-log P(X)] is the entropy; E_{x ~ p}[-log q(x)] is the cross-entropy."""
    p, q = Distribution("p", "n"), Distribution("q", "n")
    c = summation_index("c")
    return (
        Derivation(
            Expectation(p, -sp.log(q[c]), c),
            title=tr(
                "$f(X) = -\\log q(X)$: the cross-entropy",
                "$f(X) = -\\log q(X)$: 교차 엔트로피",
            ),
            intro=tr(
                "Take $f(x) = -\\log q(x)$, the information of $x$ under another distribution "
                "$q$, and $X \\sim p$:",
                "$f(x) = -\\log q(x)$, 곧 다른 분포 $q$에서 본 $x$의 정보량을 두고 "
                "$X \\sim p$이면:",
            ),
            conclusion=tr(
                "With $q = p$ the same expectation is the entropy $H(p)$: $H(p) = E[-\\log p(X)]$.",
                "$q = p$이면 같은 기댓값이 엔트로피 $H(p)$이다: $H(p) = E[-\\log p(X)]$.",
            ),
        )
        .eq(
            p.sum(lambda i: -sp.log(q[i]) * p[i], index="c"),
            tr("$E[f(X)] = \\sum_x f(x) P(x)$", "$E[f(X)] = \\sum_x f(x) P(x)$"),
        )
        .eq(
            CrossEntropy(p, q),
            tr("the cross-entropy $H(p, q)$", "교차 엔트로피 $H(p, q)$"),
        )
    )


# ---------------------------------------------------------------- continuous entropy


def uniform_entropy() -> Derivation:
    """The differential entropy of the uniform distribution on [0, a]."""
    x = sp.Symbol("x", real=True)
    a = sp.Symbol("a", positive=True)
    density = 1 / a
    return (
        Derivation(
            sp.Integral(density * sp.log(1 / density), (x, 0, a)),
            title=tr(
                "Continuous entropy: the uniform density on $[0, a]$",
                "연속 엔트로피: $[0, a]$ 위의 균등 밀도",
            ),
            intro=tr(
                "For a density $f$ the sum becomes an integral: "
                "$H(X) = \\int f(x) \\log \\frac{1}{f(x)} \\, dx$. The uniform density is "
                "$f(x) = \\frac{1}{a}$ on $[0, a]$:",
                "밀도 $f$에서는 합이 적분이 된다: "
                "$H(X) = \\int f(x) \\log \\frac{1}{f(x)} \\, dx$. 균등 밀도는 $[0, a]$에서 "
                "$f(x) = \\frac{1}{a}$이다:",
            ),
            conclusion=tr(
                "Unlike the discrete entropy it can be negative: $a < 1$ gives $\\log a < 0$.",
                "이산 엔트로피와 달리 음수가 될 수 있다: $a < 1$이면 $\\log a < 0$이다.",
            ),
        )
        .eq(
            sp.log(a) * sp.Integral(density, (x, 0, a)),
            tr("constant integrand", "피적분 함수가 상수"),
        )
        .eq(sp.log(a), "$\\int_0^a \\frac{1}{a} \\, dx = 1$")
    )


def exponential_entropy() -> Derivation:
    """The differential entropy of the exponential distribution."""
    x = sp.Symbol("x", real=True)
    lam = sp.Symbol("lambda", positive=True)
    density = lam * sp.exp(-lam * x)
    return (
        Derivation(
            sp.Integral(density * (-sp.log(lam) + lam * x), (x, 0, sp.oo)),
            title=tr(
                "Continuous entropy: the exponential density",
                "연속 엔트로피: 지수 밀도",
            ),
            intro=tr(
                "$f(x) = \\lambda e^{-\\lambda x}$ on $x \\geq 0$, so "
                "$\\log \\frac{1}{f(x)} = -\\log \\lambda + \\lambda x$:",
                "$x \\geq 0$에서 $f(x) = \\lambda e^{-\\lambda x}$이므로 "
                "$\\log \\frac{1}{f(x)} = -\\log \\lambda + \\lambda x$이다:",
            ),
        )
        .eq(
            -sp.log(lam) + lam * sp.Integral(x * density, (x, 0, sp.oo)),
            tr("$\\int f = 1$", "$\\int f = 1$"),
        )
        .eq(
            -sp.log(lam) + lam * (1 / lam),
            tr("the mean is $\\frac{1}{\\lambda}$", "평균은 $\\frac{1}{\\lambda}$"),
        )
        .eq(1 - sp.log(lam), tr("simplify", "정리한다"))
    )


def exponential_cross_entropy() -> Derivation:
    """The cross-entropy of two exponential densities, and their KL divergence."""
    x = sp.Symbol("x", real=True)
    a, b = sp.symbols("lambda_1 lambda_2", positive=True)
    density = a * sp.exp(-a * x)
    return (
        Derivation(
            sp.Integral(density * (-sp.log(b) + b * x), (x, 0, sp.oo)),
            title=tr(
                "Continuous cross-entropy: two exponential densities",
                "연속 교차 엔트로피: 두 지수 밀도",
            ),
            intro=tr(
                "$H(p, q) = \\int p(x) \\log \\frac{1}{q(x)} \\, dx$ with "
                "$p(x) = \\lambda_1 e^{-\\lambda_1 x}$ and $q(x) = \\lambda_2 e^{-\\lambda_2 x}$, "
                "so $\\log \\frac{1}{q(x)} = -\\log \\lambda_2 + \\lambda_2 x$:",
                "$H(p, q) = \\int p(x) \\log \\frac{1}{q(x)} \\, dx$에서 "
                "$p(x) = \\lambda_1 e^{-\\lambda_1 x}$, $q(x) = \\lambda_2 e^{-\\lambda_2 x}$이므로 "
                "$\\log \\frac{1}{q(x)} = -\\log \\lambda_2 + \\lambda_2 x$이다:",
            ),
        )
        .eq(
            -sp.log(b) + b * sp.Integral(x * density, (x, 0, sp.oo)),
            tr("$\\int p = 1$", "$\\int p = 1$"),
        )
        .eq(
            -sp.log(b) + b / a,
            tr(
                "the mean of $p$ is $\\frac{1}{\\lambda_1}$",
                "$p$의 평균은 $\\frac{1}{\\lambda_1}$",
            ),
        )
    )


def exponential_divergence() -> Derivation:
    """KL between two exponential densities: cross-entropy minus entropy."""
    a, b = sp.symbols("lambda_1 lambda_2", positive=True)
    r = b / a
    return (
        Derivation(
            (-sp.log(b) + b / a) - (1 - sp.log(a)),
            title=tr(
                "Their KL divergence is never negative",
                "KL 발산은 음수가 아니다",
            ),
            intro=tr(
                "Subtract the entropy $1 - \\log \\lambda_1$ of $p$; write "
                "$r = \\lambda_2 / \\lambda_1$:",
                "$p$의 엔트로피 $1 - \\log \\lambda_1$을 빼고 $r = \\lambda_2 / \\lambda_1$로 "
                "쓴다:",
            ),
            conclusion=tr(
                "Zero exactly when $\\lambda_1 = \\lambda_2$: Gibbs' inequality for densities.",
                "$\\lambda_1 = \\lambda_2$일 때만 0이다: 밀도에 대한 깁스 부등식.",
            ),
        )
        .eq(r - 1 - sp.log(r), tr("collect", "모은다"))
        .ge(0, "$\\log r \\leq r - 1$")
    )


# ---------------------------------------------------------------- Monte Carlo


def monte_carlo_sample() -> Derivation:
    """Ten seeded draws from p: the sample mean of -log q is the CE of the empirical p."""
    q = [_d(v) for v in MODEL]
    tenth = sp.Rational(1, 10)
    shown = _plus(*(_times(-tenth, sp.log(q[k - 1], evaluate=False)) for k in FIRST_TEN))
    counts = DRAWS[10]
    empirical = Distribution("phat", values=[sp.Rational(k, 10) for k in counts])
    model = Distribution("q", values=MODEL)
    return (
        Derivation(
            shown,
            title=tr(
                "Monte Carlo: ten samples instead of the sum",
                "몬테카를로: 합 대신 표본 10개",
            ),
            intro=tr(
                "$H(p, q) = E_{x \\sim p}[-\\log q(x)]$ can be estimated without the sum over "
                "classes: draw $x_1, \\ldots, x_M$ from $p = (0.5, 0.25, 0.125, 0.125)$ and "
                "average $-\\log q(x_m)$ for $q = (0.4, 0.3, 0.2, 0.1)$. Ten seeded draws gave "
                "the classes 1, 1, 2, 1, 2, 3, 1, 1, 1, 4:",
                "$H(p, q) = E_{x \\sim p}[-\\log q(x)]$는 부류에 대한 합 없이 추정할 수 있다. "
                "$p = (0.5, 0.25, 0.125, 0.125)$에서 $x_1, \\ldots, x_M$을 뽑아 "
                "$q = (0.4, 0.3, 0.2, 0.1)$의 $-\\log q(x_m)$을 평균한다. 시드를 고정한 10번의 "
                "추출에서 부류 1, 1, 2, 1, 2, 3, 1, 1, 1, 4가 나왔다:",
            ),
            conclusion=tr(
                "The estimate is the cross-entropy of the sample's frequencies "
                "$\\hat{p} = (0.6, 0.2, 0.1, 0.1)$; the exact $H(p, q)$ is 1.2481.",
                "추정값은 표본 빈도 $\\hat{p} = (0.6, 0.2, 0.1, 0.1)$의 교차 엔트로피이다. "
                "정확한 $H(p, q)$는 1.2481이다.",
            ),
        )
        .eq(
            CrossEntropy(empirical, model),
            tr(
                "group equal classes: frequencies $\\hat{p}$",
                "같은 부류끼리 묶는다: 빈도 $\\hat{p}$",
            ),
        )
        .approx("1.1818", tr("in nats", "nat 단위"))
    )


def monte_carlo_table() -> Table:
    """The seeded law of large numbers: the estimate approaches H(p, q)."""
    m = sp.Symbol("M", positive=True)
    counts = sp.symbols("m1:5", nonnegative=True)
    q = [_q(v) for v in MODEL]
    p = Distribution("p", values=SOURCE)
    exact = CrossEntropy(p, Distribution("q", values=MODEL))
    estimate = sum((k / m) * (-sp.log(qk)) for k, qk in zip(counts, q, strict=True))
    rows = [{m: size, **dict(zip(counts, found, strict=True))} for size, found in DRAWS.items()]
    return Table(
        [
            Column("$M$", m),
            *(Column(f"$M_{k}$", counts[k - 1]) for k in range(1, 5)),
            Column(tr("estimate", "추정값"), estimate, 4),
            Column(tr("error", "오차"), estimate - exact, 4),
        ],
        rows,
        title=tr("The law of large numbers, seeded", "큰 수의 법칙(시드 고정)"),
        intro=tr(
            "$M$ draws from $p$ (seed 2022); $M_c$ of them fell in class $c$. The estimate "
            "$\\sum_c \\frac{M_c}{M} (-\\log q_c)$ against the exact $H(p, q) = 1.2481$ nats:",
            "$p$에서 $M$번 뽑았고(시드 2022), 그중 $M_c$번이 부류 $c$였다. 추정값 "
            "$\\sum_c \\frac{M_c}{M} (-\\log q_c)$를 정확한 값 $H(p, q) = 1.2481$ nat과 "
            "비교한다:",
        ),
        conclusion=tr(
            "The error shrinks roughly like $1/\\sqrt{M}$, not monotonically: each row is one "
            "random sample.",
            "오차는 대략 $1/\\sqrt{M}$처럼 줄지만 단조롭지는 않다: 각 행은 무작위 표본 하나이다.",
        ),
    )


def monte_carlo_exact() -> Derivation:
    """The exact cross-entropy the estimates approach."""
    p = Distribution("p", values=SOURCE)
    q = Distribution("q", values=MODEL)
    return (
        Derivation(
            CrossEntropy(p, q),
            title=tr("The exact value", "정확한 값"),
        )
        .eq(
            _plus(
                *(
                    _times(_d(a), -sp.log(_d(b), evaluate=False))
                    for a, b in zip(SOURCE, MODEL, strict=True)
                )
            ),
            DEFINITION,
        )
        .approx("1.2481", tr("in nats", "nat 단위"))
    )


# ---------------------------------------------------------------- maximum likelihood


def gaussian_mean() -> Derivation:
    """The MLE of a Gaussian mean is the sample mean."""
    x = RealVector("x", "N")
    mu = sp.Symbol("mu", real=True)
    sigma = sp.Symbol("sigma", positive=True)
    n = x.n
    return (
        Derivation(
            sp.Derivative(
                x.sum(
                    lambda i: (x[i] - mu) ** 2 / (2 * sigma**2) + sp.log(2 * sp.pi * sigma**2) / 2
                ),
                mu,
            ),
            title=tr(
                "Maximum likelihood from samples: the mean",
                "표본으로 하는 최대 가능도 추정: 평균",
            ),
            intro=tr(
                "Samples $x_1, \\ldots, x_N$ from a Gaussian $\\mathcal{N}(\\mu, \\sigma^2)$. "
                "The negative log-likelihood is "
                "$\\sum_i \\left[\\frac{(x_i - \\mu)^2}{2\\sigma^2} + \\frac{1}{2} "
                "\\log (2 \\pi \\sigma^2)\\right]$; differentiate in $\\mu$:",
                "가우스 분포 $\\mathcal{N}(\\mu, \\sigma^2)$의 표본 $x_1, \\ldots, x_N$. 음의 "
                "로그 가능도는 $\\sum_i \\left[\\frac{(x_i - \\mu)^2}{2\\sigma^2} + \\frac{1}{2} "
                "\\log (2 \\pi \\sigma^2)\\right]$이다. $\\mu$로 미분한다:",
            ),
            conclusion=tr(
                "Zero exactly at $\\hat{\\mu} = \\frac{1}{N} \\sum_i x_i$, the sample mean "
                "(the loss is a parabola in $\\mu$, so this is its minimum).",
                "$\\hat{\\mu} = \\frac{1}{N} \\sum_i x_i$, 곧 표본 평균에서만 0이다(손실이 "
                "$\\mu$에 대한 포물선이므로 최소점이다).",
            ),
        )
        .eq(
            -x.sum(lambda i: x[i] - mu) / sigma**2,
            tr("differentiate each term", "항마다 미분한다"),
        )
        .eq(
            (n * mu - x.sum(lambda i: x[i])) / sigma**2,
            tr("$\\sum_i \\mu = N \\mu$", "$\\sum_i \\mu = N \\mu$"),
        )
    )


def heights_table() -> Table:
    """The handout's ten heights."""
    h = sp.Symbol("h", positive=True)
    mean = _q("168.344")
    return Table(
        [
            Column(tr("sample", "표본"), labels=[str(i) for i in range(1, 11)]),
            Column(tr("height $x_i$", "키 $x_i$"), h),
            Column("$x_i - \\hat{\\mu}$", h - mean, 3),
            Column("$(x_i - \\hat{\\mu})^2$", (h - mean) ** 2, 3),
        ],
        [{h: value} for value in HEIGHTS],
        title=tr("Ten heights", "키 10개"),
        intro=tr(
            "The handout's sample; which Gaussian explains it best?",
            "강의 자료의 표본이다. 어떤 가우스 분포가 이 표본을 가장 잘 설명하는가?",
        ),
    )


def heights_mean() -> Derivation:
    """The sample mean of the heights."""
    return (
        Derivation(
            _plus(
                *(sp.Mul(_d(v), sp.Pow(10, -1, evaluate=False), evaluate=False) for v in HEIGHTS)
            ),
            title=tr("The estimate for the heights", "키의 추정값"),
            intro=tr(
                "$\\hat{\\mu} = \\frac{1}{N} \\sum_i x_i$ for the ten heights:",
                "키 10개에 대해 $\\hat{\\mu} = \\frac{1}{N} \\sum_i x_i$:",
            ),
        )
        .eq(
            sp.Mul(_d("1683.44"), sp.Pow(10, -1, evaluate=False), evaluate=False),
            ADD_UP,
        )
        .eq(_d("168.344"), tr("divide by 10", "10으로 나눈다"))
    )


def heights_variance() -> Derivation:
    """The MLE of the variance: the mean squared deviation."""
    mean = Decimal("168.344")
    deviations = [_d(str(Decimal(v) - mean)) for v in HEIGHTS]
    return Derivation(
        _plus(
            *(
                sp.Mul(sp.Pow(d, 2, evaluate=False), sp.Pow(10, -1, evaluate=False), evaluate=False)
                for d in deviations
            )
        ),
        title=tr("The variance estimate", "분산의 추정값"),
        intro=tr(
            "Setting the derivative in $\\sigma$ to zero gives "
            "$\\hat{\\sigma}^2 = \\frac{1}{N} \\sum_i (x_i - \\hat{\\mu})^2$; the deviations "
            "$x_i - \\hat{\\mu}$ are the table's third column:",
            "$\\sigma$에 대한 도함수를 0으로 두면 "
            "$\\hat{\\sigma}^2 = \\frac{1}{N} \\sum_i (x_i - \\hat{\\mu})^2$이다. 편차 "
            "$x_i - \\hat{\\mu}$는 표의 셋째 열이다:",
        ),
    ).eq(_d("6.868264"), tr("add", "더한다"))


def heights_spread() -> Derivation:
    """The standard deviation estimate."""
    return Derivation(
        sp.Pow(_d("6.868264"), sp.Rational(1, 2), evaluate=False),
        title=tr("The spread estimate", "표준편차의 추정값"),
        conclusion=tr(
            "The best Gaussian is $\\mathcal{N}(168.344, 2.621^2)$.",
            "가장 잘 맞는 가우스 분포는 $\\mathcal{N}(168.344, 2.621^2)$이다.",
        ),
    ).approx("2.621", tr("the square root", "제곱근"))


ADD_UP = tr("add the ten heights", "키 10개를 더한다")


def gaussian_mse() -> Derivation:
    """With a fixed variance the Gaussian NLL is the squared error, up to constants."""
    y, yhat = RealVector("y", "N"), RealVector("yhat", "N")
    sigma = sp.Symbol("sigma", positive=True)
    n = y.n
    return Derivation(
        y.sum(lambda i: (y[i] - yhat[i]) ** 2 / (2 * sigma**2) + sp.log(2 * sp.pi * sigma**2) / 2)
        / n,
        title=tr(
            "Why regression uses the squared error",
            "회귀에서 제곱 오차를 쓰는 이유",
        ),
        intro=tr(
            "A regression model predicts $\\hat{y}_i$ and assumes "
            "$y_i \\sim \\mathcal{N}(\\hat{y}_i, \\sigma^2)$. The mean negative "
            "log-likelihood of the targets is:",
            "회귀 모델이 $\\hat{y}_i$를 예측하고 $y_i \\sim \\mathcal{N}(\\hat{y}_i, \\sigma^2)$"
            "를 가정한다. 목표값의 음의 로그 가능도 평균은:",
        ),
        conclusion=tr(
            "Minimising the Gaussian negative log-likelihood is minimising the mean squared "
            "error: regression's MSE is the cross-entropy loss of a Gaussian model.",
            "가우스 음의 로그 가능도를 최소화하는 것은 평균 제곱 오차를 최소화하는 것이다. "
            "회귀의 MSE는 가우스 모델의 교차 엔트로피 손실이다.",
        ),
    ).eq(
        y.sum(lambda i: (y[i] - yhat[i]) ** 2) / (2 * sigma**2 * n)
        + sp.log(2 * sp.pi * sigma**2) / 2,
        tr("split the sum", "합을 나눈다"),
    )


def topic() -> Topic:
    """The expectation, Monte Carlo and maximum-likelihood topic."""
    return Topic(
        name="expectation_mle",
        title=tr(
            "Expectation, Monte Carlo and maximum likelihood",
            "기댓값, 몬테카를로, 최대 가능도",
        ),
        summary="E[aX+b] = aE[X]+b; E_p[-log q] = CE; continuous entropy (uniform, exponential); Monte Carlo CE with a seeded LLN table; Gaussian MLE of the heights; Gaussian NLL = MSE",
        intro=tr(
            "The tools under the entropy: expectation and its rules, entropy for densities, "
            "estimating an expectation by sampling, and estimating a distribution from samples "
            "by maximum likelihood.",
            "엔트로피 밑에 있는 도구들: 기댓값과 그 규칙, 밀도의 엔트로피, 표본으로 기댓값을 "
            "추정하는 방법, 그리고 최대 가능도로 표본에서 분포를 추정하는 방법을 다룬다.",
        ),
        derivations=[
            Section(
                tr("Expectation", "기댓값"),
                tr(
                    "Entropy and cross-entropy are expectations of an information content.",
                    "엔트로피와 교차 엔트로피는 정보량의 기댓값이다.",
                ),
            ),
            linearity(),
            expected_log(),
            Section(
                tr("Entropy of a density", "밀도의 엔트로피"),
                tr(
                    "For a continuous variable the sum over values becomes an integral.",
                    "연속 변수에서는 값에 대한 합이 적분이 된다.",
                ),
            ),
            uniform_entropy(),
            exponential_entropy(),
            exponential_cross_entropy(),
            exponential_divergence(),
            Section(
                tr("Monte Carlo", "몬테카를로"),
                tr(
                    "An expectation is approximated by the mean over random samples.",
                    "기댓값은 무작위 표본의 평균으로 근사한다.",
                ),
            ),
            monte_carlo_sample(),
            monte_carlo_exact(),
            monte_carlo_table(),
            Section(
                tr("Maximum likelihood from samples", "표본으로 하는 최대 가능도 추정"),
                tr(
                    "Choose the distribution under which the observed samples are most likely.",
                    "관측된 표본이 가장 그럴듯해지는 분포를 고른다.",
                ),
            ),
            gaussian_mean(),
            heights_table(),
            heights_mean(),
            heights_variance(),
            heights_spread(),
            gaussian_mse(),
        ],
    )
