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
from symxent.topic import Topic


def identity() -> Derivation:
    """D_KL(p || q) = -H(p) + H(p, q) for n classes, n symbolic."""
    p, q = Distribution("p", "n"), Distribution("q", "n")
    return (
        Derivation(
            KLDivergence(p, q),
            title="KL divergence is cross-entropy minus entropy",
            intro="For distributions $p$ and $q$ over $n$ classes ($n$ symbolic):",
            conclusion=(
                "KL divergence is the extra cost of coding $p$ with $q$'s code: "
                "cross-entropy minus the entropy of $p$."
            ),
        )
        .eq(p.sum(lambda i: p[i] * sp.log(p[i] / q[i])), "definition")
        .eq(p.sum(lambda i: p[i] * (sp.log(p[i]) - sp.log(q[i]))), "log of a quotient")
        .eq(
            p.sum(lambda i: p[i] * sp.log(p[i])) - p.sum(lambda i: p[i] * sp.log(q[i])),
            "split the sum",
        )
        .eq(r"-H(p) + H(p, q)", "recognise $-H(p)$ and $H(p, q)$")
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
            title="A worked example: $p = (\\frac{1}{3}, \\frac{2}{3})$, $q = (\\frac{2}{3}, \\frac{1}{3})$",
            intro="Two outcomes $a$, $b$ with $p(a) = \\frac{1}{3}$, $p(b) = \\frac{2}{3}$ and $q(a) = \\frac{2}{3}$, $q(b) = \\frac{1}{3}$:",
            conclusion="The divergence is positive: $q$ does not follow $p$.",
        )
        .eq(
            sp.Add(term(third, half), term(two_thirds, 2), evaluate=False),
            "definition: $p_1 / q_1 = \\frac{1}{2}$, $p_2 / q_2 = 2$",
        )
        .eq(
            sp.Add(
                sp.Mul(-third, sp.log(2), evaluate=False),
                sp.Mul(two_thirds, sp.log(2), evaluate=False),
                evaluate=False,
            ),
            "$\\log \\frac{1}{2} = -\\log 2$",
        )
        .eq(third * sp.log(2), "collect")
        .approx("0.2310", "in nats")
    )


def one_hot_entropy() -> Derivation:
    """A one-hot distribution has zero entropy."""
    k = class_index("k", "n")
    p = OneHot("p", "n", k)
    return (
        Derivation(
            Entropy(p),
            title="A one-hot truth has zero entropy",
            intro="Let the true distribution $p$ put all its mass on class $k$: $p_k = 1$, $p_c = 0$ otherwise ($p_c = \\delta_{ck}$).",
        )
        .eq(-p.sum(lambda c: p[c] * sp.log(p[c]), index="c"), "definition")
        .eq(
            -sp.Mul(1, sp.log(1, evaluate=False), evaluate=False),
            "only $c = k$ contributes ($0 \\log 0 = 0$)",
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
            title="With a one-hot truth, KL divergence equals cross-entropy",
            intro="Same one-hot $p$ (class $k$), any prediction $q$:",
            conclusion=(
                "So minimising the cross-entropy loss minimises the KL divergence (and maximises "
                "the log-likelihood $\\log q_k$)."
            ),
        )
        .eq(r"-H(p) + H(p, q)", "$D_{\\mathrm{KL}} = -H + H(p, q)$")
        .eq(CrossEntropy(p, q), "$H(p) = 0$ for one-hot $p$")
        .eq(-sp.log(q[k]), "only class $k$ contributes")
    )


def gradient_agreement() -> Derivation:
    """H(p) does not depend on q: the gradients of KL and CE in q are equal."""
    p, q = Distribution("p", "n"), Distribution("q", "n")
    k = class_index("k", "n")
    return (
        Derivation(
            sp.Derivative(KLDivergence(p, q), q[k]),
            title="KL and cross-entropy have the same gradient in $q$",
            intro="For any $p$ (not only one-hot), the entropy term does not involve $q$:",
        )
        .eq(
            r"\frac{\partial}{\partial q_k} \left(-H(p) + H(p, q)\right)",
            "$D_{\\mathrm{KL}} = -H + H(p, q)$",
        )
        .eq(sp.Derivative(CrossEntropy(p, q), q[k]), "$H(p)$ does not depend on $q$")
        .eq(-p[k] / q[k], "differentiate $-\\sum_i p_i \\log q_i$")
    )


def topic() -> Topic:
    """The KL identity topic."""
    return Topic(
        name="kl_identity",
        title="KL divergence, entropy and cross-entropy",
        summary="D_KL(p||q) = -H(p) + CE(p,q) for n classes; worked example; one-hot corollary",
        intro=(
            "The Kullback-Leibler divergence measures how well a predicted distribution $q$ "
            "follows the true distribution $p$. It splits into cross-entropy minus entropy, "
            "which is why training with the cross-entropy loss reduces the KL divergence."
        ),
        derivations=[
            identity(),
            worked_example(),
            one_hot_entropy(),
            one_hot_kl(),
            gradient_agreement(),
        ],
    )
