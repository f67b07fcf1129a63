"""Jensen's inequality for -log: CE(p, q) >= -log P(X = Y), i.e. e^{-CE} <= P(X = Y)."""

from __future__ import annotations

import sympy as sp

from symxent import (
    CrossEntropy,
    Derivation,
    Distribution,
    Expectation,
    MatchProbability,
    Uniform,
    summation_index,
)
from symxent.i18n import tr
from symxent.topic import Topic

DEFINITION = tr("definition", "정의")
OVER_P = tr("expectation over $c \\sim p$", "$c \\sim p$에 대한 기댓값")


def convexity() -> Derivation:
    """f(x) = -log x is strictly convex on x > 0."""
    x = sp.Symbol("x", positive=True)
    return (
        Derivation(
            sp.Derivative(-sp.log(x), (x, 2)),
            title=tr("$f(x) = -\\log x$ is convex", "$f(x) = -\\log x$는 볼록 함수"),
            intro=tr(
                "Jensen's inequality $f(\\mathbb{E}[X]) \\leq \\mathbb{E}[f(X)]$ needs a convex "
                "$f$. For $f(x) = -\\log x$, $x > 0$:",
                "젠센 부등식 $f(\\mathbb{E}[X]) \\leq \\mathbb{E}[f(X)]$에는 볼록 함수 $f$가 "
                "필요하다. $f(x) = -\\log x$, $x > 0$에 대하여:",
            ),
            conclusion=tr(
                "$f'' > 0$ on $x > 0$, so $f$ is strictly convex.",
                "$x > 0$에서 $f'' > 0$이므로 $f$는 순볼록이다.",
            ),
        )
        .eq(sp.Derivative(-1 / x, x), "$f'(x) = -\\frac{1}{x}$")
        .eq(1 / x**2, tr("differentiate", "미분한다"))
        .gt(0, "$x > 0$")
    )


def cross_entropy_bound() -> Derivation:
    """CE(p, q) >= -log P(X = Y) by Jensen."""
    p, q = Distribution("p", "n"), Distribution("q", "n")
    c = summation_index("c")
    return (
        Derivation(
            CrossEntropy(p, q),
            title=tr(
                "Cross-entropy is at least $-\\log P(X = Y)$",
                "교차 엔트로피는 $-\\log P(X = Y)$ 이상",
            ),
            intro=tr(
                "True class $X \\sim p$, predicted class $Y \\sim q$, independent, over $n$ "
                "classes ($n$ symbolic). Write the cross-entropy as an expectation over "
                "$c \\sim p$:",
                "참 부류 $X \\sim p$와 예측 부류 $Y \\sim q$는 서로 독립이고 부류는 $n$개"
                "($n$은 기호)이다. 교차 엔트로피를 $c \\sim p$에 대한 기댓값으로 쓴다:",
            ),
            conclusion=tr(
                "Equality in Jensen's inequality needs $f(q_c)$ to be constant where $p_c > 0$: "
                "$q$ constant on the support of $p$ (for example $q$ uniform).",
                "젠센 부등식의 등호는 $p_c > 0$인 곳에서 $f(q_c)$가 일정할 때, 곧 $p$의 받침에서 "
                "$q$가 일정할 때(예: $q$가 균등분포) 성립한다.",
            ),
        )
        .eq(-p.sum(lambda i: p[i] * sp.log(q[i]), index="c"), DEFINITION)
        .eq(
            p.sum(lambda i: p[i] * (-sp.log(q[i])), index="c"),
            tr("move the sign inside", "부호를 안으로 넣는다"),
        )
        .eq(Expectation(p, -sp.log(q[c]), c), OVER_P)
        .ge(
            -sp.log(Expectation(p, q[c], c)),
            tr(
                "Jensen: $f(\\mathbb{E}[q_c]) \\leq \\mathbb{E}[f(q_c)]$ for the convex "
                "$f = -\\log$",
                "젠센: 볼록 함수 $f = -\\log$에 대해 "
                "$f(\\mathbb{E}[q_c]) \\leq \\mathbb{E}[f(q_c)]$",
            ),
        )
        .eq(-sp.log(p.sum(lambda i: p[i] * q[i], index="c")), OVER_P)
        .eq(-sp.log(MatchProbability(p, q)), "$P(X = Y) = \\sum_c p_c q_c$")
    )


def exponential_bound() -> Derivation:
    """e^{-CE} <= P(X = Y)."""
    p, q = Distribution("p", "n"), Distribution("q", "n")
    ce = CrossEntropy(p, q)
    return (
        Derivation(
            sp.exp(-ce),
            title=tr(
                "Hence $e^{-H(p, q)} \\leq P(X = Y)$",
                "따라서 $e^{-H(p, q)} \\leq P(X = Y)$",
            ),
            intro=tr(
                "Negate the bound and exponentiate ($e^x$ is increasing):",
                "부등식의 양변에 음의 부호를 붙이고 지수를 취한다($e^x$는 증가 함수):",
            ),
            conclusion=tr(
                "A low cross-entropy forces a high probability that the predicted class equals "
                "the true one: CE down, $e^{-\\mathrm{CE}}$ up, $P(X = Y)$ up.",
                "교차 엔트로피가 작으면 예측 부류가 참 부류와 같을 확률이 커진다: CE가 내려가면 "
                "$e^{-\\mathrm{CE}}$가 올라가고 $P(X = Y)$도 올라간다.",
            ),
        )
        .le(
            sp.exp(sp.log(MatchProbability(p, q)), evaluate=False),
            tr(
                "$-H(p, q) \\leq \\log P(X = Y)$ and $e^x$ is increasing",
                "$-H(p, q) \\leq \\log P(X = Y)$이고 $e^x$는 증가 함수",
            ),
        )
        .eq(MatchProbability(p, q), "$e^{\\log a} = a$")
    )


def equality_case() -> Derivation:
    """With q uniform the bound is tight."""
    p, u = Distribution("p", "n"), Uniform("u", "n")
    n = p.n
    return (
        Derivation(
            sp.exp(-CrossEntropy(p, u)),
            title=tr("Equality: $q$ uniform", "등호: $q$가 균등분포"),
            intro=tr(
                "Take $q = u$, $u_c = 1/n$. Then $q_c$ is constant and Jensen's step is an "
                "equality:",
                "$q = u$, $u_c = 1/n$로 두면 $q_c$가 일정하므로 젠센 단계가 등식이 된다:",
            ),
        )
        .eq(
            sp.exp(-sp.log(n), evaluate=False),
            "$H(p, u) = -\\sum_c p_c \\log \\frac{1}{n} = \\log n$",
        )
        .eq(1 / n, "$e^{-\\log n} = \\frac{1}{n}$")
        .eq(MatchProbability(p, u), "$\\sum_c p_c \\frac{1}{n} = \\frac{1}{n}$")
    )


def topic() -> Topic:
    """The Jensen bound topic."""
    return Topic(
        name="jensen_bound",
        title=tr(
            "Jensen's inequality and the cross-entropy bound",
            "젠센 부등식과 교차 엔트로피의 하한",
        ),
        summary="-log convex, so CE(p,q) >= -log P(X=Y) and e^{-CE} <= P(X=Y); equality for q uniform",
        intro=tr(
            "Why a small cross-entropy means a good classifier: by Jensen's inequality for "
            "the convex function $-\\log$, the cross-entropy bounds the probability that the "
            "predicted class equals the true class.",
            "교차 엔트로피가 작으면 왜 좋은 분류기인가: 볼록 함수 $-\\log$에 대한 젠센 부등식으로 "
            "교차 엔트로피가 예측 부류와 참 부류가 같을 확률을 제한한다.",
        ),
        derivations=[convexity(), cross_entropy_bound(), exponential_bound(), equality_case()],
    )
