"""KL divergence = -entropy + cross-entropy, a worked example, and the one-hot corollary."""

from __future__ import annotations

import sympy as sp

from symxent import (
    CrossEntropy,
    Derivation,
    Distribution,
    Entropy,
    KLDivergence,
    OneHot,
    class_index,
)
from symxent.i18n import tr
from symxent.topic import Topic

DEFINITION = tr("definition", "정의")
KL_SPLIT = tr("$D_{\\mathrm{KL}} = -H + H(p, q)$", "$D_{\\mathrm{KL}} = -H + H(p, q)$")


def identity() -> Derivation:
    """D_KL(p || q) = -H(p) + H(p, q) for n classes, n symbolic."""
    p, q = Distribution("p", "n"), Distribution("q", "n")
    return (
        Derivation(
            KLDivergence(p, q),
            title=tr(
                "KL divergence is cross-entropy minus entropy",
                "KL 발산은 교차 엔트로피에서 엔트로피를 뺀 것",
            ),
            intro=tr(
                "For distributions $p$ and $q$ over $n$ classes ($n$ symbolic):",
                "$n$개 부류 위의 분포 $p$, $q$에 대하여($n$은 기호):",
            ),
            conclusion=tr(
                "KL divergence is the extra cost of coding $p$ with $q$'s code: "
                "cross-entropy minus the entropy of $p$.",
                "KL 발산은 $p$를 $q$의 부호로 부호화할 때 더 드는 비용, 곧 교차 엔트로피에서 "
                "$p$의 엔트로피를 뺀 값이다.",
            ),
        )
        .eq(p.sum(lambda i: p[i] * sp.log(p[i] / q[i])), DEFINITION)
        .eq(
            p.sum(lambda i: p[i] * (sp.log(p[i]) - sp.log(q[i]))),
            tr("log of a quotient", "몫의 로그"),
        )
        .eq(
            p.sum(lambda i: p[i] * sp.log(p[i])) - p.sum(lambda i: p[i] * sp.log(q[i])),
            tr("split the sum", "합을 나눈다"),
        )
        .eq(
            r"-H(p) + H(p, q)",
            tr("recognise $-H(p)$ and $H(p, q)$", "$-H(p)$와 $H(p, q)$를 알아본다"),
        )
    )


def worked_example() -> Derivation:
    """The handout's example p = (1/3, 2/3), q = (2/3, 1/3)."""
    p = Distribution("p", values=["1/3", "2/3"])
    q = Distribution("q", values=["2/3", "1/3"])
    third, two_thirds = sp.Rational(1, 3), sp.Rational(2, 3)
    half = sp.Rational(1, 2)

    def term(weight: sp.Expr, ratio: sp.Expr) -> sp.Expr:
        return sp.Mul(weight, sp.log(ratio, evaluate=False), evaluate=False)

    return (
        Derivation(
            KLDivergence(p, q),
            title=tr(
                "A worked example: $p = (\\frac{1}{3}, \\frac{2}{3})$, $q = (\\frac{2}{3}, \\frac{1}{3})$",
                "계산 예: $p = (\\frac{1}{3}, \\frac{2}{3})$, $q = (\\frac{2}{3}, \\frac{1}{3})$",
            ),
            intro=tr(
                "Two outcomes $a$, $b$ with $p(a) = \\frac{1}{3}$, $p(b) = \\frac{2}{3}$ and "
                "$q(a) = \\frac{2}{3}$, $q(b) = \\frac{1}{3}$:",
                "두 결과 $a$, $b$에 대해 $p(a) = \\frac{1}{3}$, $p(b) = \\frac{2}{3}$이고 "
                "$q(a) = \\frac{2}{3}$, $q(b) = \\frac{1}{3}$이다:",
            ),
            conclusion=tr(
                "The divergence is positive: $q$ does not follow $p$.",
                "발산이 양수이다: $q$는 $p$를 따르지 못한다.",
            ),
        )
        .eq(
            sp.Add(term(third, half), term(two_thirds, 2), evaluate=False),
            tr(
                "definition: $p_1 / q_1 = \\frac{1}{2}$, $p_2 / q_2 = 2$",
                "정의: $p_1 / q_1 = \\frac{1}{2}$, $p_2 / q_2 = 2$",
            ),
        )
        .eq(
            sp.Add(
                sp.Mul(-third, sp.log(2), evaluate=False),
                sp.Mul(two_thirds, sp.log(2), evaluate=False),
                evaluate=False,
            ),
            "$\\log \\frac{1}{2} = -\\log 2$",
        )
        .eq(third * sp.log(2), tr("collect", "모은다"))
        .approx("0.2310", tr("in nats", "nat 단위"))
    )


def one_hot_entropy() -> Derivation:
    """A one-hot distribution has zero entropy."""
    k = class_index("k", "n")
    p = OneHot("p", "n", k)
    return (
        Derivation(
            Entropy(p),
            title=tr("A one-hot truth has zero entropy", "원-핫 정답의 엔트로피는 0"),
            intro=tr(
                "Let the true distribution $p$ put all its mass on class $k$: $p_k = 1$, "
                "$p_c = 0$ otherwise ($p_c = \\delta_{ck}$).",
                "참 분포 $p$가 모든 확률을 부류 $k$에 둔다: $p_k = 1$, 나머지는 $p_c = 0$"
                "($p_c = \\delta_{ck}$).",
            ),
        )
        .eq(-p.sum(lambda c: p[c] * sp.log(p[c]), index="c"), DEFINITION)
        .eq(
            -sp.Mul(1, sp.log(1, evaluate=False), evaluate=False),
            tr(
                "only $c = k$ contributes ($0 \\log 0 = 0$)",
                "$c = k$인 항만 남는다($0 \\log 0 = 0$)",
            ),
        )
        .eq(0, "$\\log 1 = 0$")
    )


def one_hot_kl() -> Derivation:
    """For a one-hot truth, KL = CE, so minimising CE minimises KL."""
    k = class_index("k", "n")
    p, q = OneHot("p", "n", k), Distribution("q", "n")
    return (
        Derivation(
            KLDivergence(p, q),
            title=tr(
                "With a one-hot truth, KL divergence equals cross-entropy",
                "정답이 원-핫이면 KL 발산은 교차 엔트로피와 같다",
            ),
            intro=tr(
                "Same one-hot $p$ (class $k$), any prediction $q$:",
                "같은 원-핫 $p$(부류 $k$)와 임의의 예측 $q$에 대하여:",
            ),
            conclusion=tr(
                "So minimising the cross-entropy loss minimises the KL divergence (and maximises "
                "the log-likelihood $\\log q_k$).",
                "따라서 교차 엔트로피 손실을 줄이면 KL 발산이 줄어든다(로그 가능도 "
                "$\\log q_k$는 커진다).",
            ),
        )
        .eq(r"-H(p) + H(p, q)", KL_SPLIT)
        .eq(CrossEntropy(p, q), tr("$H(p) = 0$ for one-hot $p$", "원-핫 $p$는 $H(p) = 0$"))
        .eq(-sp.log(q[k]), tr("only class $k$ contributes", "부류 $k$의 항만 남는다"))
    )


def gradient_agreement() -> Derivation:
    """H(p) does not depend on q: the gradients of KL and CE in q are equal."""
    p, q = Distribution("p", "n"), Distribution("q", "n")
    k = class_index("k", "n")
    return (
        Derivation(
            sp.Derivative(KLDivergence(p, q), q[k]),
            title=tr(
                "KL and cross-entropy have the same gradient in $q$",
                "KL 발산과 교차 엔트로피는 $q$에 대한 기울기가 같다",
            ),
            intro=tr(
                "For any $p$ (not only one-hot), the entropy term does not involve $q$:",
                "원-핫이 아닌 $p$에서도 엔트로피 항에는 $q$가 없다:",
            ),
        )
        .eq(r"\frac{\partial}{\partial q_k} \left(-H(p) + H(p, q)\right)", KL_SPLIT)
        .eq(
            sp.Derivative(CrossEntropy(p, q), q[k]),
            tr("$H(p)$ does not depend on $q$", "$H(p)$는 $q$와 무관하다"),
        )
        .eq(
            -p[k] / q[k],
            tr("differentiate $-\\sum_i p_i \\log q_i$", "$-\\sum_i p_i \\log q_i$를 미분한다"),
        )
    )


def topic() -> Topic:
    """The KL identity topic."""
    return Topic(
        name="kl_identity",
        title=tr("KL divergence, entropy and cross-entropy", "KL 발산, 엔트로피, 교차 엔트로피"),
        summary="D_KL(p||q) = -H(p) + CE(p,q) for n classes; worked example; one-hot corollary",
        intro=tr(
            "The Kullback-Leibler divergence measures how well a predicted distribution $q$ "
            "follows the true distribution $p$. It splits into cross-entropy minus entropy, "
            "which is why training with the cross-entropy loss reduces the KL divergence.",
            "쿨백-라이블러(KL) 발산은 예측 분포 $q$가 참 분포 $p$를 얼마나 잘 따르는지 잰다. "
            "KL 발산은 교차 엔트로피에서 엔트로피를 뺀 것이므로, 교차 엔트로피 손실로 학습하면 "
            "KL 발산이 줄어든다.",
        ),
        derivations=[
            identity(),
            worked_example(),
            one_hot_entropy(),
            one_hot_kl(),
            gradient_agreement(),
        ],
    )
