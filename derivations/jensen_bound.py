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
from symxent.topic import Topic


def convexity() -> Derivation:
    """f(x) = -log x is strictly convex on x > 0."""
    x = sp.Symbol("x", positive=True)
    return (
        Derivation(
            sp.Derivative(-sp.log(x), (x, 2)),
            title="$f(x) = -\\log x$ is convex",
            intro="Jensen's inequality $f(\\mathbb{E}[X]) \\leq \\mathbb{E}[f(X)]$ needs a convex $f$. For $f(x) = -\\log x$, $x > 0$:",
            conclusion="$f'' > 0$ on $x > 0$, so $f$ is strictly convex.",
        )
        .eq(sp.Derivative(-1 / x, x), "$f'(x) = -\\frac{1}{x}$")
        .eq(1 / x**2, "differentiate")
        .gt(0, "$x > 0$")
    )


def cross_entropy_bound() -> Derivation:
    """CE(p, q) >= -log P(X = Y) by Jensen."""
    p, q = Distribution("p", "n"), Distribution("q", "n")
    c = summation_index("c")
    return (
        Derivation(
            CrossEntropy(p, q),
            title="Cross-entropy is at least $-\\log P(X = Y)$",
            intro=(
                "True class $X \\sim p$, predicted class $Y \\sim q$, independent, over $n$ classes "
                "($n$ symbolic). Write the cross-entropy as an expectation over $c \\sim p$:"
            ),
            conclusion=(
                "Equality in Jensen's inequality needs $f(q_c)$ to be constant where $p_c > 0$: "
                "$q$ constant on the support of $p$ (for example $q$ uniform)."
            ),
        )
        .eq(-p.sum(lambda i: p[i] * sp.log(q[i]), index="c"), "definition")
        .eq(p.sum(lambda i: p[i] * (-sp.log(q[i])), index="c"), "move the sign inside")
        .eq(Expectation(p, -sp.log(q[c]), c), "expectation over $c \\sim p$")
        .ge(
            -sp.log(Expectation(p, q[c], c)),
            "Jensen: $f(\\mathbb{E}[q_c]) \\leq \\mathbb{E}[f(q_c)]$ for the convex $f = -\\log$",
        )
        .eq(-sp.log(p.sum(lambda i: p[i] * q[i], index="c")), "expectation over $c \\sim p$")
        .eq(-sp.log(MatchProbability(p, q)), "$P(X = Y) = \\sum_c p_c q_c$")
    )


def exponential_bound() -> Derivation:
    """e^{-CE} <= P(X = Y)."""
    p, q = Distribution("p", "n"), Distribution("q", "n")
    ce = CrossEntropy(p, q)
    return (
        Derivation(
            sp.exp(-ce),
            title="Hence $e^{-H(p, q)} \\leq P(X = Y)$",
            intro="Negate the bound and exponentiate ($e^x$ is increasing):",
            conclusion=(
                "A low cross-entropy forces a high probability that the predicted class equals "
                "the true one: CE down, $e^{-\\mathrm{CE}}$ up, $P(X = Y)$ up."
            ),
        )
        .le(
            sp.exp(sp.log(MatchProbability(p, q)), evaluate=False),
            "$-H(p, q) \\leq \\log P(X = Y)$ and $e^x$ is increasing",
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
            title="Equality: $q$ uniform",
            intro="Take $q = u$, $u_c = 1/n$. Then $q_c$ is constant and Jensen's step is an equality:",
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
        title="Jensen's inequality and the cross-entropy bound",
        summary="-log convex, so CE(p,q) >= -log P(X=Y) and e^{-CE} <= P(X=Y); equality for q uniform",
        intro=(
            "Why a small cross-entropy means a good classifier: by Jensen's inequality for "
            "the convex function $-\\log$, the cross-entropy bounds the probability that the "
            "predicted class equals the true class."
        ),
        derivations=[convexity(), cross_entropy_bound(), exponential_bound(), equality_case()],
    )
