"""Information content, entropy as expected information, code lengths, and the bounds of H."""

from __future__ import annotations

import sympy as sp

from symxent import (
    BinaryEntropy,
    CrossEntropy,
    Derivation,
    Distribution,
    Entropy,
    Expectation,
    Information,
    KLDivergence,
    Logarithm,
    Uniform,
    summation_index,
)
from symxent.derivation import decimal
from symxent.topic import Topic

UNIT = sp.Interval.Lopen(0, 1)
OPEN_UNIT = sp.Interval.open(0, 1)


def _inverse(x: sp.Expr) -> sp.Expr:
    """``1/x`` kept as written (so a slide shows 1/0.25, not 4)."""
    return sp.Pow(x, -1, evaluate=False)


def _times(*factors: sp.Expr) -> sp.Expr:
    return sp.Mul(*factors, evaluate=False)


def _plus(*terms: sp.Expr) -> sp.Expr:
    return sp.Add(*terms, evaluate=False)


def additivity() -> Derivation:
    """Information of independent events adds, which is what the log achieves."""
    px, py = sp.symbols("P_x P_y", positive=True)
    return (
        Derivation(
            Information(px * py),
            title="Independent events: information adds",
            intro=(
                "Rare events should carry more information, and the information of two "
                "independent events $x$, $y$ (probability $P_x P_y$) should be the sum of their "
                "informations. $1/P$ grows as $P$ shrinks but multiplies; its logarithm adds:"
            ),
            where={px: UNIT, py: UNIT},
        )
        .eq(sp.log(_inverse(px * py)), "definition $I(p) = \\log \\frac{1}{p}$")
        .eq(_plus(sp.log(_inverse(px)), sp.log(_inverse(py))), "the log turns products into sums")
        .eq(Information(px) + Information(py), "definition")
    )


def rare_events() -> Derivation:
    """I(p) = log 1/p decreases in p: rarer events carry more information."""
    p = sp.Symbol("p", positive=True)
    return (
        Derivation(
            sp.Derivative(Information(p), p),
            title="Rare events carry more information",
            intro="On $0 < p \\leq 1$ the information content decreases as $p$ grows:",
            conclusion="A certain event ($p = 1$) carries $I(1) = \\log 1 = 0$.",
            where={p: UNIT},
        )
        .eq(sp.Derivative(sp.log(_inverse(p)), p), "definition")
        .eq(r"\frac{d}{dp} \left(-\log p\right)", "$\\log \\frac{1}{p} = -\\log p$")
        .eq(r"-\frac{1}{p}", "differentiate")
        .lt(0, "$p > 0$")
    )


def sunrise() -> Derivation:
    """The sunrise example: a near-certain event and a near-impossible one."""
    rise_west, _ = decimal("0.000000001")
    return (
        Derivation(
            Information(rise_west),
            title="The sun rises in the west: $q = 0.000000001$",
            intro=(
                "The sun rises in the east with $p = 0.999999999$, so $I(p) = \\log \\frac{1}{p} "
                "\\approx 10^{-9}$, practically 0. The opposite event has $q = 0.000000001$:"
            ),
            conclusion=(
                "Note: $\\log \\frac{1}{q}$ is 20.72 nats here; 18.42068074 is $\\ln 10^8$, "
                "the value for $q = 0.00000001$."
            ),
        )
        .eq(sp.log(_inverse(rise_west)), "definition")
        .eq(sp.log(sp.Pow(10, 9, evaluate=False), evaluate=False), "$1/q = 10^9$")
        .eq(9 * sp.log(10), "$\\log a^b = b \\log a$")
        .approx("20.7233", "natural log")
    )


def certain_event() -> Derivation:
    """The near-certain sunrise in the east carries almost no information."""
    east, _ = decimal("0.999999999")
    return (
        Derivation(
            Information(east),
            title="The sun rises in the east: $p = 0.999999999$",
        )
        .eq(sp.log(_inverse(east)), "definition")
        .approx(
            "0.000000001",
            "$\\log \\frac{1}{1 - \\epsilon} \\approx \\epsilon$ for small $\\epsilon$",
        )
    )


def expected_information() -> Derivation:
    """Entropy is the expected information content."""
    p = Distribution("p", "n")
    c = summation_index("c")
    return (
        Derivation(
            Entropy(p),
            title="Entropy is expected information",
            intro="For a distribution $p$ over $n$ outcomes ($n$ symbolic):",
        )
        .eq(Expectation(p, Information(p[c]), c), "expected information content")
        .eq(p.sum(lambda i: p[i] * sp.log(_inverse(p[i]))), "expectation over $p$")
        .eq(-p.sum(lambda i: p[i] * sp.log(p[i])), "$\\log \\frac{1}{p_i} = -\\log p_i$")
    )


def _code_length_terms(probabilities: list[str]) -> sp.Expr:
    return _plus(
        *(_times(decimal(x)[0], Logarithm(_inverse(decimal(x)[0]), 2)) for x in probabilities)
    )


def uniform_code() -> Derivation:
    """Four equally likely symbols need 2 bits each."""
    quarters = ["0.25"] * 4
    p = Distribution("p", values=quarters)
    two = sp.Integer(2)
    return (
        Derivation(
            Entropy(p, 2),
            title="Four equally likely symbols: 2 bits",
            intro="Symbols A, B, C, D with probability 0.25 each, coded 00, 01, 10, 11:",
            conclusion="Each code word has 2 bits, and no code can do better on average.",
        )
        .eq(_code_length_terms(quarters), "definition, in bits")
        .eq(_plus(*(_times(decimal(x)[0], two) for x in quarters)), "$\\log_2 4 = 2$")
        .eq(2, "add")
    )


def skewed_code() -> Derivation:
    """P = (1/2, 1/4, 1/8, 1/8): the code 0, 10, 110, 111 is optimal, 1.75 bits."""
    probabilities = ["0.5", "0.25", "0.125", "0.125"]
    p = Distribution("p", values=probabilities)
    lengths = [1, 2, 3, 3]
    return (
        Derivation(
            Entropy(p, 2),
            title="A skewed source: 1.75 bits",
            intro=(
                "Symbols A, B, C, D with probabilities 0.5, 0.25, 0.125, 0.125 and the code "
                "0, 10, 110, 111 (lengths 1, 2, 3, 3 $= \\log_2 \\frac{1}{p}$):"
            ),
            conclusion="The expected code length equals the entropy: the code is optimal.",
        )
        .eq(_code_length_terms(probabilities), "definition, in bits")
        .eq(
            _plus(
                *(
                    _times(decimal(x)[0], sp.Integer(n))
                    for x, n in zip(probabilities, lengths, strict=True)
                )
            ),
            "code lengths 1, 2, 3, 3",
        )
        .eq(decimal("1.75")[0], "add")
    )


def wrong_code() -> Derivation:
    """Coding the skewed source with the uniform code costs 2 bits: cross-entropy."""
    probabilities = ["0.5", "0.25", "0.125", "0.125"]
    p = Distribution("p", values=probabilities)
    q = Distribution("q", values=["0.25"] * 4)
    quarter = decimal("0.25")[0]
    return (
        Derivation(
            CrossEntropy(p, q, 2),
            title="The wrong code costs more: cross-entropy",
            intro=(
                "Code the skewed source $p$ with the code made for the uniform $q$ (2 bits per "
                "symbol). The expected length is the cross-entropy $H(p, q)$:"
            ),
            conclusion="2 bits $>$ 1.75 bits $= H_2(p)$: using $q$'s code for $p$ wastes 0.25 bits per symbol.",
        )
        .eq(
            _plus(*(_times(decimal(x)[0], Logarithm(_inverse(quarter), 2)) for x in probabilities)),
            "definition, in bits",
        )
        .eq(
            _plus(*(_times(decimal(x)[0], sp.Integer(2)) for x in probabilities)),
            "every code word has 2 bits",
        )
        .eq(2, "add")
        .gt(Entropy(p, 2), "$H_2(p) = 1.75$")
    )


def binary_entropy_slope() -> Derivation:
    """The derivative of the binary entropy vanishes only at p = 1/2."""
    p = sp.Symbol("p")
    return (
        Derivation(
            sp.Derivative(BinaryEntropy(p), p),
            title="Binary entropy: the slope",
            intro="For a coin with $P(A) = p$, $0 < p < 1$:",
            conclusion="The slope is 0 exactly where $(1 - p)/p = 1$, i.e. at $p = \\frac{1}{2}$.",
            where={p: OPEN_UNIT},
        )
        .eq(
            sp.Derivative(-p * sp.log(p) - (1 - p) * sp.log(1 - p), p),
            "definition",
        )
        .eq(r"-\log p - 1 + \log(1 - p) + 1", "product rule")
        .eq(sp.log((1 - p) / p), "collect the logs")
    )


def binary_entropy_curvature() -> Derivation:
    """The binary entropy is strictly concave, so p = 1/2 is its maximum."""
    p = sp.Symbol("p")
    return (
        Derivation(
            sp.Derivative(BinaryEntropy(p), (p, 2)),
            title="Binary entropy: the curvature",
            intro="Differentiate the slope $\\log \\frac{1 - p}{p}$ once more:",
            conclusion="Strictly concave on $(0, 1)$: the stationary point $p = \\frac{1}{2}$ is the maximum.",
            where={p: OPEN_UNIT},
        )
        .eq(sp.Derivative(sp.log(1 - p) - sp.log(p), p), "the slope")
        .eq(-1 / (1 - p) - 1 / p, "differentiate")
        .eq(-1 / (p * (1 - p)), "common denominator")
        .lt(0, "$0 < p < 1$")
    )


def binary_entropy_maximum() -> Derivation:
    """At p = 1/2 the binary entropy is log 2: one bit."""
    half = sp.Rational(1, 2)
    return (
        Derivation(
            BinaryEntropy(half),
            title="Binary entropy: the maximum",
            conclusion="A fair coin carries $\\log 2$ nats, that is 1 bit: the most any coin can.",
        )
        .eq(
            r"-\left(\frac{1}{2} \log \frac{1}{2} + \frac{1}{2} \log \frac{1}{2}\right)",
            "definition at $p = \\frac{1}{2}$",
        )
        .eq(sp.log(2), "$\\log \\frac{1}{2} = -\\log 2$")
        .eq(BinaryEntropy(half, 2) * sp.log(2), "$1$ bit $= \\log 2$ nats")
    )


def entropy_bound() -> Derivation:
    """H(p) <= log n, with the uniform distribution's KL as the gap."""
    p, u = Distribution("p", "n"), Uniform("u", "n")
    return (
        Derivation(
            Entropy(p),
            title="Entropy is at most $\\log n$",
            intro="Compare $p$ with the uniform distribution $u$ ($u_i = 1/n$) over the same $n$ classes:",
            conclusion="Equality holds exactly when $D_{\\mathrm{KL}}(p \\parallel u) = 0$, i.e. $p = u$.",
        )
        .eq(-p.sum(lambda i: p[i] * sp.log(p[i])), "definition")
        .eq(
            sp.log(p.n) - p.sum(lambda i: p[i] * sp.log(p.n * p[i])),
            "add and subtract $\\log n = \\sum_i p_i \\log n$",
        )
        .eq(sp.log(p.n) - KLDivergence(p, u), "$n p_i = p_i / u_i$")
        .le(sp.log(p.n), "Gibbs' inequality: $D_{KL} \\geq 0$")
    )


def uniform_entropy() -> Derivation:
    """The uniform distribution attains the bound."""
    u = Uniform("u", "n")
    n = u.n
    return (
        Derivation(Entropy(u), title="The uniform distribution attains $\\log n$")
        .eq(
            -u.sum(lambda i: sp.Mul(1 / n, sp.log(1 / n), evaluate=False)),
            "definition, $u_i = 1/n$",
        )
        .eq(r"-n \cdot \frac{1}{n} \log \frac{1}{n}", "$n$ equal terms")
        .eq(sp.log(n), "$-\\log \\frac{1}{n} = \\log n$")
    )


def topic() -> Topic:
    """The entropy topic."""
    return Topic(
        name="entropy",
        title="Information and entropy",
        summary="I(p) = log 1/p from two wishes; H = E[I]; code lengths (2 and 1.75 bits); H_b max at 1/2; H <= log n",
        intro=(
            "Why information is $\\log \\frac{1}{p}$, why entropy is its expectation, what entropy means "
            "for code lengths, and the bounds of entropy. Logs are natural (nats) unless a "
            "subscript 2 says bits."
        ),
        derivations=[
            additivity(),
            rare_events(),
            certain_event(),
            sunrise(),
            expected_information(),
            uniform_code(),
            skewed_code(),
            wrong_code(),
            binary_entropy_slope(),
            binary_entropy_curvature(),
            binary_entropy_maximum(),
            entropy_bound(),
            uniform_entropy(),
        ],
    )
