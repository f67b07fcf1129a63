"""Information content, entropy as expected information, code lengths, and the bounds of H."""

from __future__ import annotations

import sympy as sp

from symxent import (
    BinaryCrossEntropy,
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
from symxent.blocks import Section
from symxent.derivation import decimal
from symxent.i18n import tr
from symxent.plot import Curve, Plot
from symxent.table import Column, Table
from symxent.topic import Topic

UNIT = sp.Interval.Lopen(0, 1)
OPEN_UNIT = sp.Interval.open(0, 1)

DEFINITION = tr("definition", "정의")
ADD = tr("add", "더한다")
IN_BITS = tr("definition, in bits", "정의, 비트 단위")


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
            title=tr("Independent events: information adds", "독립 사건의 정보량은 더해진다"),
            intro=tr(
                "Rare events should carry more information, and the information of two "
                "independent events $x$, $y$ (probability $P_x P_y$) should be the sum of their "
                "informations. $1/P$ grows as $P$ shrinks but multiplies; its logarithm adds:",
                "드문 사건일수록 정보가 많아야 하고, 서로 독립인 두 사건 $x$, $y$(확률 $P_x P_y$)의 "
                "정보량은 각 정보량의 합이어야 한다. $1/P$는 $P$가 작을수록 커지지만 곱해지고, "
                "그 로그는 더해진다:",
            ),
            where={px: UNIT, py: UNIT},
        )
        .eq(
            sp.log(_inverse(px * py)),
            tr("definition $I(p) = \\log \\frac{1}{p}$", "정의 $I(p) = \\log \\frac{1}{p}$"),
        )
        .eq(
            _plus(sp.log(_inverse(px)), sp.log(_inverse(py))),
            tr("the log turns products into sums", "로그는 곱을 합으로 바꾼다"),
        )
        .eq(Information(px) + Information(py), DEFINITION)
    )


def rare_events() -> Derivation:
    """I(p) = log 1/p decreases in p: rarer events carry more information."""
    p = sp.Symbol("p", positive=True)
    return (
        Derivation(
            sp.Derivative(Information(p), p),
            title=tr("Rare events carry more information", "드문 사건일수록 정보량이 크다"),
            intro=tr(
                "On $0 < p \\leq 1$ the information content decreases as $p$ grows:",
                "$0 < p \\leq 1$에서 정보량은 $p$가 커질수록 줄어든다:",
            ),
            conclusion=tr(
                "A certain event ($p = 1$) carries $I(1) = \\log 1 = 0$.",
                "반드시 일어나는 사건($p = 1$)의 정보량은 $I(1) = \\log 1 = 0$이다.",
            ),
            where={p: UNIT},
        )
        .eq(sp.Derivative(sp.log(_inverse(p)), p), DEFINITION)
        .eq(r"\frac{d}{dp} \left(-\log p\right)", "$\\log \\frac{1}{p} = -\\log p$")
        .eq(r"-\frac{1}{p}", tr("differentiate", "미분한다"))
        .lt(0, "$p > 0$")
    )


def sunrise() -> Derivation:
    """The sunrise example: a near-certain event and a near-impossible one."""
    rise_west, _ = decimal("0.000000001")
    return (
        Derivation(
            Information(rise_west),
            title=tr(
                "The sun rises in the west: $q = 0.000000001$",
                "해가 서쪽에서 뜬다: $q = 0.000000001$",
            ),
            intro=tr(
                "The sun rises in the east with $p = 0.999999999$, so $I(p) = \\log \\frac{1}{p} "
                "\\approx 10^{-9}$, practically 0. The opposite event has $q = 0.000000001$:",
                "해가 동쪽에서 뜰 확률은 $p = 0.999999999$이므로 $I(p) = \\log \\frac{1}{p} "
                "\\approx 10^{-9}$, 사실상 0이다. 반대 사건의 확률은 $q = 0.000000001$이다:",
            ),
            conclusion=tr(
                "Note: $\\log \\frac{1}{q}$ is 20.72 nats here; 18.42068074 is $\\ln 10^8$, "
                "the value for $q = 0.00000001$.",
                "참고: 여기서 $\\log \\frac{1}{q}$는 20.72 nat이다. 18.42068074는 $\\ln 10^8$로, "
                "$q = 0.00000001$일 때의 값이다.",
            ),
        )
        .eq(sp.log(_inverse(rise_west)), DEFINITION)
        .eq(sp.log(sp.Pow(10, 9, evaluate=False), evaluate=False), "$1/q = 10^9$")
        .eq(9 * sp.log(10), "$\\log a^b = b \\log a$")
        .approx("20.7233", tr("natural log", "자연로그"))
    )


def certain_event() -> Derivation:
    """The near-certain sunrise in the east carries almost no information."""
    east, _ = decimal("0.999999999")
    return (
        Derivation(
            Information(east),
            title=tr(
                "The sun rises in the east: $p = 0.999999999$",
                "해가 동쪽에서 뜬다: $p = 0.999999999$",
            ),
        )
        .eq(sp.log(_inverse(east)), DEFINITION)
        .approx(
            "0.000000001",
            tr(
                "$\\log \\frac{1}{1 - \\epsilon} \\approx \\epsilon$ for small $\\epsilon$",
                "작은 $\\epsilon$에서 $\\log \\frac{1}{1 - \\epsilon} \\approx \\epsilon$",
            ),
        )
    )


def expected_information() -> Derivation:
    """Entropy is the expected information content."""
    p = Distribution("p", "n")
    c = summation_index("c")
    return (
        Derivation(
            Entropy(p),
            title=tr("Entropy is expected information", "엔트로피는 정보량의 기댓값"),
            intro=tr(
                "For a distribution $p$ over $n$ outcomes ($n$ symbolic):",
                "결과가 $n$가지인 분포 $p$에 대하여($n$은 기호):",
            ),
        )
        .eq(
            Expectation(p, Information(p[c]), c),
            tr("expected information content", "정보량의 기댓값"),
        )
        .eq(
            p.sum(lambda i: p[i] * sp.log(_inverse(p[i]))),
            tr("expectation over $p$", "$p$에 대한 기댓값"),
        )
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
            title=tr("Four equally likely symbols: 2 bits", "같은 확률의 네 기호: 2비트"),
            intro=tr(
                "Symbols A, B, C, D with probability 0.25 each, coded 00, 01, 10, 11:",
                "기호 A, B, C, D가 각각 확률 0.25로 나오고, 부호 00, 01, 10, 11을 쓴다:",
            ),
            conclusion=tr(
                "Each code word has 2 bits, and no code can do better on average.",
                "부호어마다 2비트이며, 평균적으로 이보다 짧은 부호는 없다.",
            ),
        )
        .eq(_code_length_terms(quarters), IN_BITS)
        .eq(_plus(*(_times(decimal(x)[0], two) for x in quarters)), "$\\log_2 4 = 2$")
        .eq(2, ADD)
    )


def skewed_code() -> Derivation:
    """P = (1/2, 1/4, 1/8, 1/8): the code 0, 10, 110, 111 is optimal, 1.75 bits."""
    probabilities = ["0.5", "0.25", "0.125", "0.125"]
    p = Distribution("p", values=probabilities)
    lengths = [1, 2, 3, 3]
    return (
        Derivation(
            Entropy(p, 2),
            title=tr("A skewed source: 1.75 bits", "치우친 정보원: 1.75비트"),
            intro=tr(
                "Symbols A, B, C, D with probabilities 0.5, 0.25, 0.125, 0.125 and the code "
                "0, 10, 110, 111 (lengths 1, 2, 3, 3 $= \\log_2 \\frac{1}{p}$):",
                "기호 A, B, C, D의 확률이 0.5, 0.25, 0.125, 0.125이고 부호 0, 10, 110, 111"
                "(길이 1, 2, 3, 3 $= \\log_2 \\frac{1}{p}$)을 쓴다:",
            ),
            conclusion=tr(
                "The expected code length equals the entropy: the code is optimal.",
                "부호 길이의 기댓값이 엔트로피와 같다: 이 부호가 최적이다.",
            ),
        )
        .eq(_code_length_terms(probabilities), IN_BITS)
        .eq(
            _plus(
                *(
                    _times(decimal(x)[0], sp.Integer(n))
                    for x, n in zip(probabilities, lengths, strict=True)
                )
            ),
            tr("code lengths 1, 2, 3, 3", "부호 길이 1, 2, 3, 3"),
        )
        .eq(decimal("1.75")[0], ADD)
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
            title=tr(
                "The wrong code costs more: cross-entropy",
                "맞지 않는 부호는 더 길다: 교차 엔트로피",
            ),
            intro=tr(
                "Code the skewed source $p$ with the code made for the uniform $q$ (2 bits per "
                "symbol). The expected length is the cross-entropy $H(p, q)$:",
                "치우친 정보원 $p$를 균등분포 $q$에 맞춘 부호(기호당 2비트)로 부호화한다. "
                "길이의 기댓값이 교차 엔트로피 $H(p, q)$이다:",
            ),
            conclusion=tr(
                "2 bits $>$ 1.75 bits $= H_2(p)$: using $q$'s code for $p$ wastes 0.25 bits "
                "per symbol.",
                "2비트 $>$ 1.75비트 $= H_2(p)$: $p$에 $q$의 부호를 쓰면 기호당 0.25비트를 "
                "낭비한다.",
            ),
        )
        .eq(
            _plus(*(_times(decimal(x)[0], Logarithm(_inverse(quarter), 2)) for x in probabilities)),
            IN_BITS,
        )
        .eq(
            _plus(*(_times(decimal(x)[0], sp.Integer(2)) for x in probabilities)),
            tr("every code word has 2 bits", "모든 부호어가 2비트"),
        )
        .eq(2, ADD)
        .gt(Entropy(p, 2), "$H_2(p) = 1.75$")
    )


def binary_entropy_slope() -> Derivation:
    """The derivative of the binary entropy vanishes only at p = 1/2."""
    p = sp.Symbol("p")
    return (
        Derivation(
            sp.Derivative(BinaryEntropy(p), p),
            title=tr("Binary entropy: the slope", "이진 엔트로피: 기울기"),
            intro=tr(
                "For a coin with $P(A) = p$, $0 < p < 1$:",
                "$P(A) = p$, $0 < p < 1$인 동전에 대하여:",
            ),
            conclusion=tr(
                "The slope is 0 exactly where $(1 - p)/p = 1$, i.e. at $p = \\frac{1}{2}$.",
                "기울기는 $(1 - p)/p = 1$인 곳, 곧 $p = \\frac{1}{2}$에서만 0이다.",
            ),
            where={p: OPEN_UNIT},
        )
        .eq(sp.Derivative(-p * sp.log(p) - (1 - p) * sp.log(1 - p), p), DEFINITION)
        .eq(r"-\log p - 1 + \log(1 - p) + 1", tr("product rule", "곱의 미분법"))
        .eq(r"\log\frac{1 - p}{p}", tr("collect the logs", "로그를 모은다"))
    )


def binary_entropy_curvature() -> Derivation:
    """The binary entropy is strictly concave, so p = 1/2 is its maximum."""
    p = sp.Symbol("p")
    return (
        Derivation(
            sp.Derivative(BinaryEntropy(p), (p, 2)),
            title=tr("Binary entropy: the curvature", "이진 엔트로피: 굽은 정도"),
            intro=tr(
                "Differentiate the slope $\\log \\frac{1 - p}{p}$ once more:",
                "기울기 $\\log \\frac{1 - p}{p}$를 한 번 더 미분한다:",
            ),
            conclusion=tr(
                "Strictly concave on $(0, 1)$: the stationary point $p = \\frac{1}{2}$ is the "
                "maximum.",
                "$(0, 1)$에서 순오목하므로 정류점 $p = \\frac{1}{2}$가 최댓값이다.",
            ),
            where={p: OPEN_UNIT},
        )
        .eq(sp.Derivative(sp.log(1 - p) - sp.log(p), p), tr("the slope", "기울기"))
        .eq(-1 / (1 - p) - 1 / p, tr("differentiate", "미분한다"))
        .eq(-1 / (p * (1 - p)), tr("common denominator", "통분한다"))
        .lt(0, "$0 < p < 1$")
    )


def binary_entropy_maximum() -> Derivation:
    """At p = 1/2 the binary entropy is log 2: one bit."""
    half = sp.Rational(1, 2)
    return (
        Derivation(
            BinaryEntropy(half),
            title=tr("Binary entropy: the maximum", "이진 엔트로피: 최댓값"),
            conclusion=tr(
                "A fair coin carries $\\log 2$ nats, that is 1 bit: the most any coin can.",
                "공정한 동전의 정보량은 $\\log 2$ nat, 곧 1비트로, 어떤 동전보다도 크다.",
            ),
        )
        .eq(
            r"-\left(\frac{1}{2} \log \frac{1}{2} + \frac{1}{2} \log \frac{1}{2}\right)",
            tr("definition at $p = \\frac{1}{2}$", "$p = \\frac{1}{2}$에서의 정의"),
        )
        .eq(sp.log(2), "$\\log \\frac{1}{2} = -\\log 2$")
        .eq(
            BinaryEntropy(half, 2) * sp.log(2),
            tr("$1$ bit $= \\log 2$ nats", "$1$비트 $= \\log 2$ nat"),
        )
    )


def entropy_bound() -> Derivation:
    """H(p) <= log n, with the uniform distribution's KL as the gap."""
    p, u = Distribution("p", "n"), Uniform("u", "n")
    return (
        Derivation(
            Entropy(p),
            title=tr("Entropy is at most $\\log n$", "엔트로피는 $\\log n$ 이하"),
            intro=tr(
                "Compare $p$ with the uniform distribution $u$ ($u_i = 1/n$) over the same "
                "$n$ classes:",
                "$p$를 같은 $n$개 부류 위의 균등분포 $u$($u_i = 1/n$)와 비교한다:",
            ),
            conclusion=tr(
                "Equality holds exactly when $D_{\\mathrm{KL}}(p \\parallel u) = 0$, i.e. $p = u$.",
                "등호는 $D_{\\mathrm{KL}}(p \\parallel u) = 0$, 곧 $p = u$일 때만 성립한다.",
            ),
        )
        .eq(-p.sum(lambda i: p[i] * sp.log(p[i])), DEFINITION)
        .eq(
            sp.log(p.n) - p.sum(lambda i: p[i] * sp.log(p.n * p[i])),
            tr(
                "add and subtract $\\log n = \\sum_i p_i \\log n$",
                "$\\log n = \\sum_i p_i \\log n$을 더하고 뺀다",
            ),
        )
        .eq(sp.log(p.n) - KLDivergence(p, u), "$n p_i = p_i / u_i$")
        .le(
            sp.log(p.n),
            tr("Gibbs' inequality: $D_{KL} \\geq 0$", "깁스 부등식: $D_{KL} \\geq 0$"),
        )
    )


def entropy_bound_equality() -> Derivation:
    """H(p) = log n only for the uniform distribution: the gaps of log x <= x - 1."""
    p = Distribution("p", "n")
    n = p.n
    return (
        Derivation(
            sp.log(n) - Entropy(p),
            title=tr(
                "Only the uniform distribution attains $\\log n$",
                "$\\log n$에 이르는 분포는 균등분포뿐이다",
            ),
            intro=tr(
                "Write the gap $\\log n - H(p)$ as a sum of the gaps of $\\log x \\leq x - 1$ at "
                "$x = \\frac{1}{n p_i}$:",
                "차이 $\\log n - H(p)$를 $x = \\frac{1}{n p_i}$에서 $\\log x \\leq x - 1$의 "
                "차이들의 합으로 쓴다:",
            ),
            conclusion=tr(
                "Each term is $p_i > 0$ times $x - 1 - \\log x \\geq 0$, which is $0$ only at "
                "$x = 1$: $H(p) = \\log n$ exactly when $p_i = \\frac{1}{n}$ for every $i$, the "
                "uniform distribution (the certificate of the last step says so).",
                "각 항은 $p_i > 0$와 $x - 1 - \\log x \\geq 0$의 곱이고, 이 값은 $x = 1$에서만 "
                "$0$이다. 따라서 $H(p) = \\log n$은 모든 $i$에 대해 $p_i = \\frac{1}{n}$일 때, 곧 "
                "균등분포일 때만 성립한다(마지막 단계의 증명서가 이를 말한다).",
            ),
        )
        .eq(
            p.sum(lambda i: p[i] * (1 / (n * p[i]) - 1 - sp.log(1 / (n * p[i])))),
            tr(
                "$\\sum_i p_i \\left(\\frac{1}{n p_i} - 1\\right) = 1 - 1 = 0$",
                "$\\sum_i p_i \\left(\\frac{1}{n p_i} - 1\\right) = 1 - 1 = 0$",
            ),
        )
        .ge(
            0,
            tr(
                "$\\log x \\leq x - 1$, equality only at $x = 1$",
                "$\\log x \\leq x - 1$, 등호는 $x = 1$에서만",
            ),
        )
    )


def uniform_entropy() -> Derivation:
    """The uniform distribution attains the bound."""
    u = Uniform("u", "n")
    n = u.n
    return (
        Derivation(
            Entropy(u),
            title=tr("The uniform distribution attains $\\log n$", "균등분포는 $\\log n$에 이른다"),
        )
        .eq(
            -u.sum(lambda i: sp.Mul(1 / n, sp.log(1 / n), evaluate=False)),
            tr("definition, $u_i = 1/n$", "정의, $u_i = 1/n$"),
        )
        .eq(r"-n \cdot \frac{1}{n} \log \frac{1}{n}", tr("$n$ equal terms", "같은 항 $n$개"))
        .eq(sp.log(n), "$-\\log \\frac{1}{n} = \\log n$")
    )


def information_plot() -> Plot:
    """I(q) = -log q: large for rare events, 0 for a certain one."""
    q = sp.Symbol("q", positive=True)
    return Plot(
        q,
        (0, 1),
        [
            Curve(
                Information(q),
                tr("$I(q) = \\log \\frac{1}{q}$, nats", "$I(q) = \\log \\frac{1}{q}$, nat"),
            ),
            Curve(Information(q, 2), tr("$I_2(q)$, bits", "$I_2(q)$, 비트")),
        ],
        title=tr("Information content $-\\log q$", "정보량 $-\\log q$"),
        xlabel=tr("probability $q$", "확률 $q$"),
        ylabel="$I(q)$",
        ylim=(0, 7),
        samples=201,
    )


def code_table() -> Table:
    """The handout's code table for P = (1/2, 1/4, 1/8, 1/8)."""
    p = sp.Symbol("p", positive=True)
    probabilities = ["0.5", "0.25", "0.125", "0.125"]
    return Table(
        [
            Column(tr("symbol", "기호"), labels=["A", "B", "C", "D"]),
            Column("$p$", p),
            Column(tr("code word", "부호어"), labels=["0", "10", "110", "111"]),
            Column(
                tr("length $\\log_2 \\frac{1}{p}$", "길이 $\\log_2 \\frac{1}{p}$"),
                Logarithm(1 / p, 2),
            ),
            Column("$p \\log_2 \\frac{1}{p}$", p * Logarithm(1 / p, 2), 3),
        ],
        [{p: value} for value in probabilities],
        title=tr("Code lengths of the skewed source", "치우친 정보원의 부호 길이"),
        intro=tr(
            "Each symbol gets a code word of $\\log_2 \\frac{1}{p}$ bits; the last column adds "
            "up to the entropy, 1.75 bits.",
            "기호마다 $\\log_2 \\frac{1}{p}$비트의 부호어를 준다. 마지막 열의 합이 엔트로피 "
            "1.75비트이다.",
        ),
    )


def binary_entropy_plot() -> Plot:
    """H_b(p) in bits and nats."""
    p = sp.Symbol("p")
    return Plot(
        p,
        (0, 1),
        [
            Curve(BinaryEntropy(p, 2), tr("$H_b(p)$, bits", "$H_b(p)$, 비트")),
            Curve(BinaryEntropy(p), tr("$H_b(p)$, nats", "$H_b(p)$, nat")),
        ],
        title=tr("Binary entropy", "이진 엔트로피"),
        intro=tr(
            "Two letters A, B with $P(A) = p$: the uncertainty is largest at $p = \\frac{1}{2}$.",
            "두 글자 A, B에서 $P(A) = p$일 때, 불확실성은 $p = \\frac{1}{2}$에서 가장 크다.",
        ),
        xlabel="$p = P(A)$",
        ylabel="$H_b(p)$",
    )


# the handout's table (000), row p(A) = 0.1 ... 0.9, column q(A) = 0.1 ... 0.9, as printed
HANDOUT_CROSS_ENTROPY = """
0.33 0.36 0.44 0.55 0.69 0.88 1.12 1.47 2.08
0.54 0.5 0.53 0.59 0.69 0.84 1.03 1.33 1.86
0.76 0.64 0.61 0.63 0.69 0.79 0.95 1.19 1.64
0.98 0.78 0.70 0.67 0.69 0.75 0.87 1.05 1.42
1.20 0.92 0.78 0.71 0.69 0.71 0.78 0.92 1.20
1.42 1.05 0.87 0.75 0.69 0.67 0.7 0.78 0.98
1.64 1.19 0.95 0.79 0.69 0.63 0.61 0.64 0.76
1.86 1.33 1.03 0.84 0.69 0.59 0.53 0.5 0.54
2.08 1.47 1.12 0.88 0.69 0.55 0.44 0.36 0.33
"""


def cross_entropy_table() -> Table:
    """The handout's table of the binary cross-entropy H(p, q) in nats, p, q = 0.1 ... 0.9."""
    p, q = sp.symbols("p q", positive=True)
    tenths = [f"0.{k}" for k in range(1, 10)]
    stated = [row.split() for row in HANDOUT_CROSS_ENTROPY.strip().splitlines()]
    return Table.grid(
        BinaryCrossEntropy(p, q),
        (p, tenths),
        (q, tenths),
        digits=2,
        title=tr(
            "Binary cross-entropy $H(p, q)$ in nats (the handout's values, checked)",
            "이진 교차 엔트로피 $H(p, q)$, nat (강의 자료의 값, 검증함)",
        ),
        row_header="$p(A)$",
        column_header="$q(A)$",
        stated=stated,
        conclusion=tr(
            "Each row is smallest on the diagonal $q = p$, where it equals $H_b(p)$.",
            "각 행은 대각선 $q = p$에서 가장 작고, 그 값은 $H_b(p)$이다.",
        ),
    )


def topic() -> Topic:
    """The entropy topic."""
    return Topic(
        name="entropy",
        title=tr("Information and entropy", "정보량과 엔트로피"),
        summary="I(p) = log 1/p from two wishes; H = E[I]; code lengths (2 and 1.75 bits); H_b max at 1/2; H <= log n",
        intro=tr(
            "Why information is $\\log \\frac{1}{p}$, why entropy is its expectation, what "
            "entropy means for code lengths, and the bounds of entropy. Logs are natural (nats) "
            "unless a subscript 2 says bits.",
            "정보량이 왜 $\\log \\frac{1}{p}$인지, 엔트로피가 왜 그 기댓값인지, 엔트로피가 부호 "
            "길이에 대해 무엇을 말하는지, 그리고 엔트로피의 범위를 다룬다. 로그는 아래 첨자 2로 "
            "비트를 나타내지 않는 한 자연로그(nat)이다.",
        ),
        derivations=[
            Section(
                tr("Information content", "정보량"),
                tr(
                    "Rare events carry more information, and independent events add.",
                    "드문 사건일수록 정보가 많고, 독립 사건의 정보량은 더해진다.",
                ),
            ),
            additivity(),
            rare_events(),
            information_plot(),
            certain_event(),
            sunrise(),
            Section(
                tr("Entropy and code length", "엔트로피와 부호 길이"),
                tr(
                    "Entropy is the expected information, and the shortest average code length.",
                    "엔트로피는 정보량의 기댓값이며, 가장 짧은 평균 부호 길이이다.",
                ),
            ),
            expected_information(),
            uniform_code(),
            skewed_code(),
            code_table(),
            wrong_code(),
            Section(
                tr("Binary entropy", "이진 엔트로피"),
                tr(
                    "A coin is most uncertain when it is fair.",
                    "동전은 공정할 때 가장 불확실하다.",
                ),
            ),
            binary_entropy_plot(),
            binary_entropy_slope(),
            binary_entropy_curvature(),
            binary_entropy_maximum(),
            cross_entropy_table(),
            Section(
                tr("The bounds of entropy", "엔트로피의 범위"),
                tr(
                    "No distribution over $n$ classes has more entropy than the uniform one.",
                    "$n$개 부류 위의 어떤 분포도 균등분포보다 엔트로피가 크지 않다.",
                ),
            ),
            entropy_bound(),
            uniform_entropy(),
            entropy_bound_equality(),
        ],
    )
