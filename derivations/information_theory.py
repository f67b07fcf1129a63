"""Joint and conditional entropy, mutual information and the inequalities of Cover & Thomas ch. 2."""

from __future__ import annotations

import sympy as sp

from symxent import (
    Derivation,
    Distribution,
    KLDivergence,
    Probabilities,
)
from symxent.blocks import Section
from symxent.distributions import summation_index
from symxent.i18n import tr
from symxent.quantities.joint import (
    ConditionalEntropy,
    JointDistribution,
    JointEntropy,
    MutualInformation,
    alphabet_size,
)
from symxent.topic import Topic

DEFINITION = tr("definition", "정의")
SHANNON = tr(
    "Shannon's inequality: $I \\geq 0$ (Gibbs)",
    "섀넌 부등식: $I \\geq 0$ (깁스)",
)


def _pair() -> tuple[JointDistribution, sp.Symbol, sp.Symbol]:
    p = JointDistribution("p", ["X", "Y"])
    x, y = p.variables
    return p, x, y


def chain_rule() -> Derivation:
    """H(X, Y) = H(X) + H(Y | X)."""
    p, x, y = _pair()
    return (
        Derivation(
            JointEntropy(p, [x, y]),
            title=tr(
                "The chain rule: $H(X, Y) = H(X) + H(Y \\mid X)$",
                "연쇄 법칙: $H(X, Y) = H(X) + H(Y \\mid X)$",
            ),
            intro=tr(
                "Two random variables with a joint pmf $p(x, y)$ over alphabets of any sizes "
                "$|\\mathcal{X}|$, $|\\mathcal{Y}|$ (symbolic), marginal "
                "$p(x) = \\sum_y p(x, y)$:",
                "결합 확률질량함수 $p(x, y)$를 가진 두 확률 변수. 알파벳 크기 "
                "$|\\mathcal{X}|$, $|\\mathcal{Y}|$는 기호이고, 주변 분포는 "
                "$p(x) = \\sum_y p(x, y)$이다:",
            ),
            conclusion=tr(
                "The uncertainty of the pair is that of $X$ plus what remains about $Y$ once $X$ "
                "is known.",
                "쌍의 불확실성은 $X$의 불확실성에 $X$를 안 뒤 $Y$에 남은 불확실성을 더한 것이다.",
            ),
        )
        .eq(JointEntropy(p, [x, y]).definition(), DEFINITION)
        .eq(
            p.sum([x, y], lambda at: -p.entry(at) * sp.log(p.marginal([x], at)))
            + ConditionalEntropy(p, [y], [x]).definition(),
            tr(
                "$p(x, y) = p(x) \\frac{p(x, y)}{p(x)}$; split the log",
                "$p(x, y) = p(x) \\frac{p(x, y)}{p(x)}$; 로그를 나눈다",
            ),
        )
        .eq(
            JointEntropy(p, [x]) + ConditionalEntropy(p, [y], [x]),
            tr("$\\sum_y p(x, y) = p(x)$", "$\\sum_y p(x, y) = p(x)$"),
        )
    )


def chain_rule_three() -> Derivation:
    """H(X, Y, Z) = H(X) + H(Y | X) + H(Z | X, Y)."""
    p = JointDistribution("p", ["X", "Y", "Z"])
    x, y, z = p.variables
    return (
        Derivation(
            JointEntropy(p, [x, y, z]),
            title=tr("The chain rule for $n$ variables", "$n$개 변수의 연쇄 법칙"),
            intro=tr(
                "Apply the two-variable rule to the pair $((X, Y), Z)$, then to $(X, Y)$:",
                "두 변수 법칙을 쌍 $((X, Y), Z)$에, 다음에 $(X, Y)$에 적용한다:",
            ),
            conclusion=tr(
                "In general $H(X_1, \\ldots, X_n) = \\sum_{i=1}^{n} H(X_i \\mid X_1, \\ldots, "
                "X_{i-1})$, by the same step $n - 1$ times (checked here for $n = 3$).",
                "일반적으로 $H(X_1, \\ldots, X_n) = \\sum_{i=1}^{n} H(X_i \\mid X_1, \\ldots, "
                "X_{i-1})$이며, 같은 단계를 $n - 1$번 적용하면 된다(여기서는 $n = 3$을 검증했다).",
            ),
        )
        .eq(
            JointEntropy(p, [x, y]) + ConditionalEntropy(p, [z], [x, y]),
            tr("chain rule for $(X, Y)$ and $Z$", "$(X, Y)$와 $Z$의 연쇄 법칙"),
        )
        .eq(
            JointEntropy(p, [x])
            + ConditionalEntropy(p, [y], [x])
            + ConditionalEntropy(p, [z], [x, y]),
            tr("chain rule for $X$ and $Y$", "$X$와 $Y$의 연쇄 법칙"),
        )
    )


def mutual_information_forms() -> Derivation:
    """I(X; Y) = H(X) - H(X | Y)."""
    p, x, y = _pair()
    return (
        Derivation(
            MutualInformation(p, [x], [y]),
            title=tr("The forms of mutual information", "상호 정보량의 여러 형태"),
            intro=tr(
                "Mutual information is the KL divergence between the joint pmf and the product "
                "of its marginals:",
                "상호 정보량은 결합 확률질량함수와 주변 분포의 곱 사이의 KL 발산이다:",
            ),
        )
        .eq(MutualInformation(p, [x], [y]).definition(), DEFINITION)
        .eq(
            JointEntropy(p, [x]) - ConditionalEntropy(p, [x], [y]),
            tr(
                "$\\frac{p(x, y)}{p(x) p(y)} = \\frac{p(x \\mid y)}{p(x)}$",
                "$\\frac{p(x, y)}{p(x) p(y)} = \\frac{p(x \\mid y)}{p(x)}$",
            ),
        )
    )


def mutual_information_symmetric() -> Derivation:
    """I(X; Y) = H(Y) - H(Y | X) = H(X) + H(Y) - H(X, Y)."""
    p, x, y = _pair()
    return (
        Derivation(
            MutualInformation(p, [x], [y]),
            title=tr("Mutual information is symmetric", "상호 정보량은 대칭이다"),
            conclusion=tr(
                "What $Y$ tells about $X$ is what $X$ tells about $Y$: $I(X; Y) = I(Y; X)$.",
                "$Y$가 $X$에 대해 알려 주는 양은 $X$가 $Y$에 대해 알려 주는 양과 같다: "
                "$I(X; Y) = I(Y; X)$.",
            ),
        )
        .eq(
            JointEntropy(p, [y]) - ConditionalEntropy(p, [y], [x]),
            tr("the same with $X$ and $Y$ swapped", "$X$와 $Y$를 바꾸어 같은 계산"),
        )
        .eq(
            JointEntropy(p, [x]) + JointEntropy(p, [y]) - JointEntropy(p, [x, y]),
            tr(
                "chain rule $H(Y \\mid X) = H(X, Y) - H(X)$",
                "연쇄 법칙 $H(Y \\mid X) = H(X, Y) - H(X)$",
            ),
        )
    )


def information_is_nonnegative() -> Derivation:
    """I(X; Y) >= 0 and conditioning reduces entropy."""
    p, x, y = _pair()
    return (
        Derivation(
            ConditionalEntropy(p, [x], [y]),
            title=tr("Conditioning reduces entropy", "조건을 주면 엔트로피가 줄어든다"),
            intro=tr(
                "Mutual information is a KL divergence, so it is never negative "
                "(Gibbs' inequality). Hence:",
                "상호 정보량은 KL 발산이므로 음수가 아니다(깁스 부등식). 따라서:",
            ),
            conclusion=tr(
                "On average, knowing $Y$ never increases the uncertainty about $X$; equality "
                "holds exactly when $X$ and $Y$ are independent ($I(X; Y) = 0$). A particular "
                "observation $Y = y$ can still increase it.",
                "평균적으로 $Y$를 알면 $X$의 불확실성은 늘지 않는다. 등호는 $X$와 $Y$가 독립일 때"
                "($I(X; Y) = 0$)만 성립한다. 다만 특정한 관측 $Y = y$는 불확실성을 늘릴 수 있다.",
            ),
        )
        .eq(
            JointEntropy(p, [x]) - MutualInformation(p, [x], [y]),
            tr("$I(X; Y) = H(X) - H(X \\mid Y)$", "$I(X; Y) = H(X) - H(X \\mid Y)$"),
        )
        .le(JointEntropy(p, [x]), SHANNON)
    )


def subadditivity() -> Derivation:
    """H(X, Y) <= H(X) + H(Y) <= log|X| + log|Y|."""
    p, x, y = _pair()
    return (
        Derivation(
            JointEntropy(p, [x, y]),
            title=tr(
                "Entropy is subadditive, and at most $\\log |\\mathcal{X}|$",
                "엔트로피는 부분 가법적이며 $\\log |\\mathcal{X}|$ 이하",
            ),
            intro=tr(
                "The chain rule and conditioning, then the bound of each marginal:",
                "연쇄 법칙과 조건부 엔트로피, 그리고 각 주변 분포의 상한:",
            ),
            conclusion=tr(
                "$H(X) \\leq \\log |\\mathcal{X}|$ with equality exactly for the uniform "
                "distribution (see the entropy topic: $H(p) = \\log n - D_{\\mathrm{KL}}(p "
                "\\parallel u)$).",
                "$H(X) \\leq \\log |\\mathcal{X}|$이며 등호는 균등분포일 때만 성립한다(엔트로피 "
                "주제의 $H(p) = \\log n - D_{\\mathrm{KL}}(p \\parallel u)$ 참고).",
            ),
        )
        .eq(
            JointEntropy(p, [x]) + ConditionalEntropy(p, [y], [x]),
            tr("chain rule", "연쇄 법칙"),
        )
        .le(
            JointEntropy(p, [x]) + JointEntropy(p, [y]),
            tr("conditioning reduces entropy", "조건을 주면 엔트로피가 줄어든다"),
        )
        .le(
            sp.log(alphabet_size("X")) + sp.log(alphabet_size("Y")),
            tr("$H(X) \\leq \\log |\\mathcal{X}|$", "$H(X) \\leq \\log |\\mathcal{X}|$"),
        )
    )


def gibbs() -> Derivation:
    """D(p || q) >= 0 by Jensen, with the equality case."""
    p, q = Distribution("p", "n"), Distribution("q", "n")
    return (
        Derivation(
            KLDivergence(p, q),
            title=tr(
                "Gibbs' inequality: $D_{\\mathrm{KL}}(p \\parallel q) \\geq 0$",
                "깁스 부등식: $D_{\\mathrm{KL}}(p \\parallel q) \\geq 0$",
            ),
            intro=tr(
                "For distributions $p$, $q$ over $n$ classes ($n$ symbolic), with the concave "
                "$\\log$:",
                "$n$개 부류($n$은 기호) 위의 분포 $p$, $q$와 오목 함수 $\\log$에 대하여:",
            ),
            conclusion=tr(
                "Equality in Jensen's step needs $q_i / p_i$ constant, that is $q = p$; and "
                "indeed $D_{\\mathrm{KL}}(p \\parallel p) = \\sum_i p_i \\log 1 = 0$.",
                "젠센 단계의 등호는 $q_i / p_i$가 일정할 때, 곧 $q = p$일 때 성립한다. 실제로 "
                "$D_{\\mathrm{KL}}(p \\parallel p) = \\sum_i p_i \\log 1 = 0$이다.",
            ),
        )
        .eq(-p.sum(lambda i: p[i] * sp.log(q[i] / p[i])), DEFINITION)
        .ge(
            -sp.log(p.sum(lambda i: p[i] * (q[i] / p[i]))),
            tr(
                "Jensen: $\\sum_i p_i \\log t_i \\leq \\log \\sum_i p_i t_i$",
                "젠센: $\\sum_i p_i \\log t_i \\leq \\log \\sum_i p_i t_i$",
            ),
        )
        .eq(-sp.log(q.sum(lambda i: q[i])), tr("cancel $p_i$", "$p_i$를 약분한다"))
        .eq(0, "$\\sum_i q_i = 1$")
    )


def gibbs_equality() -> Derivation:
    """D(p || p) = 0."""
    p = Distribution("p", "n")
    return (
        Derivation(
            KLDivergence(p, p),
            title=tr("Equality: $q = p$", "등호: $q = p$"),
        )
        .eq(r"\sum_{i=1}^{n} p_{i} \log \frac{p_{i}}{p_{i}}", DEFINITION)
        .eq(0, "$\\log 1 = 0$")
    )


def gibbs_equality_only() -> Derivation:
    """D(p || q) = 0 only for q = p: the gaps of log x <= x - 1."""
    p, q = Distribution("p", "n"), Distribution("q", "n")
    return (
        Derivation(
            KLDivergence(p, q),
            title=tr("Equality only for $q = p$", "등호는 $q = p$일 때만"),
            intro=tr(
                "Write $D_{\\mathrm{KL}}(p \\parallel q)$ as a sum of the gaps of "
                "$\\log x \\leq x - 1$ at $x = q_i / p_i$:",
                "$D_{\\mathrm{KL}}(p \\parallel q)$를 $x = q_i / p_i$에서 "
                "$\\log x \\leq x - 1$의 차이들의 합으로 쓴다:",
            ),
            conclusion=tr(
                "Each term is $p_i > 0$ times $x - 1 - \\log x \\geq 0$, which is $0$ only at "
                "$x = 1$: $D_{\\mathrm{KL}}(p \\parallel q) = 0$ exactly when $q_i = p_i$ for "
                "every $i$.",
                "각 항은 $p_i > 0$와 $x - 1 - \\log x \\geq 0$의 곱이고, 이 값은 $x = 1$에서만 "
                "$0$이다. 따라서 $D_{\\mathrm{KL}}(p \\parallel q) = 0$은 모든 $i$에 대해 "
                "$q_i = p_i$일 때만 성립한다.",
            ),
        )
        .eq(
            p.sum(lambda i: p[i] * (q[i] / p[i] - 1 - sp.log(q[i] / p[i]))),
            tr(
                "$\\sum_i p_i \\left(\\frac{q_i}{p_i} - 1\\right) = \\sum_i q_i - \\sum_i p_i = 0$",
                "$\\sum_i p_i \\left(\\frac{q_i}{p_i} - 1\\right) = \\sum_i q_i - \\sum_i p_i = 0$",
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


def _rows(name: str, n: sp.Symbol, m: sp.Symbol) -> sp.IndexedBase:
    """An n x m array whose rows are distributions: the conditional pmfs p(y | x)."""
    label = Distribution.label_class(name, **Distribution.assumptions)
    return sp.IndexedBase(label, shape=(n, m))


def kl_chain_rule() -> Derivation:
    """D(p(x, y) || q(x, y)) = D(p(x) || q(x)) + D(p(y | x) || q(y | x))."""
    n, m = sp.symbols("n m", integer=True, positive=True)
    a, c = Distribution("a", n), Distribution("c", n)
    b, d = _rows("b", n, m), _rows("d", n, m)
    x, y = summation_index("x"), summation_index("y")

    def both(term: sp.Expr) -> sp.Expr:
        return sp.Sum(term, (y, 1, m), (x, 1, n))

    conditional = sp.Sum(a[x] * sp.Sum(b[x, y] * sp.log(b[x, y] / d[x, y]), (y, 1, m)), (x, 1, n))
    return (
        Derivation(
            both(a[x] * b[x, y] * sp.log(a[x] * b[x, y] / (c[x] * d[x, y]))),
            title=tr("The chain rule for KL divergence", "KL 발산의 연쇄 법칙"),
            intro=tr(
                "Write each joint pmf as a marginal times a conditional: "
                "$p(x, y) = p(x) p(y \\mid x)$ with $p(x) = a_x$, $p(y \\mid x) = b_{x,y}$, "
                "and $q(x, y) = c_x d_{x,y}$ ($n$ values of $x$, $m$ of $y$, both symbolic; each "
                "row of $b$ and $d$ is a distribution). Then "
                "$D_{\\mathrm{KL}}(p(x, y) \\parallel q(x, y))$ is:",
                "각 결합 확률질량함수를 주변 분포와 조건부 분포의 곱으로 쓴다: "
                "$p(x, y) = p(x) p(y \\mid x)$, $p(x) = a_x$, $p(y \\mid x) = b_{x,y}$, "
                "$q(x, y) = c_x d_{x,y}$($x$는 $n$개, $y$는 $m$개 값, 둘 다 기호이고 $b$, $d$의 "
                "각 행은 분포이다). 그러면 $D_{\\mathrm{KL}}(p(x, y) \\parallel q(x, y))$는:",
            ),
            conclusion=tr(
                "The joint divergence is the marginals' plus the conditionals' averaged over "
                "$p(x)$ (checked for positive pmfs; with zeros, $0 \\log 0 = 0$).",
                "결합 발산은 주변 분포의 발산에 $p(x)$로 평균한 조건부 분포의 발산을 더한 것"
                "(양의 확률질량함수에서 검증; 0이 있으면 $0 \\log 0 = 0$).",
            ),
        )
        .eq(
            both(a[x] * b[x, y] * sp.log(a[x] / c[x]))
            + both(a[x] * b[x, y] * sp.log(b[x, y] / d[x, y])),
            tr("the log of a product", "곱의 로그"),
        )
        .eq(
            KLDivergence(a, c) + conditional,
            tr(
                "$\\sum_y b_{x,y} = 1$ in every row",
                "모든 행에서 $\\sum_y b_{x,y} = 1$",
            ),
        )
    )


def _markov_chain() -> tuple[Distribution, sp.IndexedBase, sp.IndexedBase, tuple[sp.Symbol, ...]]:
    """X -> Y -> Z: X ~ a, then Y from row b_x, then Z from row c_y (n, m, l values)."""
    n, m, size = sp.symbols("n m l", integer=True, positive=True)
    indices = tuple(summation_index(name) for name in ("x", "y", "z", "u", "v"))
    return Distribution("a", n), _rows("b", n, m), _rows("c", m, size), indices


MARKOV = tr(
    "A Markov chain $X \\to Y \\to Z$: $X$ has the pmf $a$; given $X = x$, $Y$ has the pmf "
    "$b_{x,\\cdot}$; given $Y = y$, $Z$ has the pmf $c_{y,\\cdot}$, whatever $x$ was. So "
    "$p(x, y, z) = a_x b_{x,y} c_{y,z}$ ($n$, $m$, $l$ values, all symbolic).",
    "마르코프 연쇄 $X \\to Y \\to Z$: $X$의 확률질량함수는 $a$이고, $X = x$이면 $Y$는 "
    "$b_{x,\\cdot}$를, $Y = y$이면 $x$와 상관없이 $Z$는 $c_{y,\\cdot}$를 따른다. 따라서 "
    "$p(x, y, z) = a_x b_{x,y} c_{y,z}$이다(값의 개수 $n$, $m$, $l$은 모두 기호).",
)


def markov_property() -> Derivation:
    """I(X; Z | Y) = 0 on a Markov chain."""
    a, b, c, (x, y, z, u, _) = _markov_chain()
    n, m, size = a.n, b.shape[1], c.shape[1]
    py = sp.Sum(a[u] * b[u, y], (u, 1, n))
    pyz = sp.Sum(a[u] * b[u, y] * c[y, z], (u, 1, n))
    joint = a[x] * b[x, y] * c[y, z]
    return Derivation(
        sp.Sum(
            joint * sp.log(joint * py / (a[x] * b[x, y] * pyz)), (z, 1, size), (y, 1, m), (x, 1, n)
        ),
        title=tr(
            "On a Markov chain, $I(X; Z \\mid Y) = 0$",
            "마르코프 연쇄에서 $I(X; Z \\mid Y) = 0$",
        ),
        intro=tr(
            MARKOV.in_language("en")
            + " With $p(y) = \\sum_u a_u b_{u,y}$ and $p(y, z) = \\sum_u a_u b_{u,y} c_{y,z}$, "
            "$I(X; Z \\mid Y) = \\sum p(x, y, z) \\log \\frac{p(x, y, z) p(y)}{p(x, y) "
            "p(y, z)}$ is:",
            MARKOV.in_language("ko")
            + " $p(y) = \\sum_u a_u b_{u,y}$, $p(y, z) = \\sum_u a_u b_{u,y} c_{y,z}$이면 "
            "$I(X; Z \\mid Y) = \\sum p(x, y, z) \\log \\frac{p(x, y, z) p(y)}{p(x, y) "
            "p(y, z)}$는:",
        ),
        conclusion=tr(
            "Given $Y$, $Z$ tells nothing more about $X$.",
            "$Y$를 알면 $Z$는 $X$에 대해 더 알려 주는 것이 없다.",
        ),
    ).eq(
        0, tr("$p(y, z) = c_{y,z} p(y)$: every ratio is 1", "$p(y, z) = c_{y,z} p(y)$: 모든 비가 1")
    )


def data_processing() -> Derivation:
    """I(X; Y) >= I(X; Z) on a Markov chain: confirmed by the search, not proved."""
    a, b, c, (x, y, z, u, v) = _markov_chain()
    n, m, size = a.n, b.shape[1], c.shape[1]

    def through(i: sp.Expr) -> sp.Expr:  # p(z | x) for X = i
        return sp.Sum(b[i, v] * c[v, z], (v, 1, m))

    mutual_xy = sp.Sum(
        a[x] * b[x, y] * sp.log(b[x, y] / sp.Sum(a[u] * b[u, y], (u, 1, n))), (y, 1, m), (x, 1, n)
    )
    mutual_xz = sp.Sum(
        a[x] * through(x) * sp.log(through(x) / sp.Sum(a[u] * through(u), (u, 1, n))),
        (z, 1, size),
        (x, 1, n),
    )
    return Derivation(
        mutual_xy,
        title=tr(
            "Data processing: $I(X; Y) \\geq I(X; Z)$",
            "데이터 처리 부등식: $I(X; Y) \\geq I(X; Z)$",
        ),
        intro=tr(
            "On the same chain, $I(X; Y) = \\sum a_x b_{x,y} \\log \\frac{b_{x,y}}{p(y)}$ and "
            "$I(X; Z) = \\sum a_x p(z \\mid x) \\log \\frac{p(z \\mid x)}{p(z)}$ with "
            "$p(z \\mid x) = \\sum_v b_{x,v} c_{v,z}$:",
            "같은 연쇄에서 $I(X; Y) = \\sum a_x b_{x,y} \\log \\frac{b_{x,y}}{p(y)}$이고, "
            "$p(z \\mid x) = \\sum_v b_{x,v} c_{v,z}$일 때 "
            "$I(X; Z) = \\sum a_x p(z \\mid x) \\log \\frac{p(z \\mid x)}{p(z)}$이다:",
        ),
        conclusion=tr(
            "Processing $Y$ into $Z$ cannot add information about $X$: confirmed on sampled "
            "Markov chains (the reverse is refuted), not proved; the lemmas do not reach "
            "$I(X; Y \\mid Z) \\geq 0$ over three sums.",
            "$Y$를 $Z$로 가공해도 $X$에 대한 정보는 늘지 않는다: 표본 마르코프 연쇄에서 확인"
            "(반대 방향은 반박), 증명은 아님. 세 겹 합의 $I(X; Y \\mid Z) \\geq 0$에 보조정리가 "
            "닿지 않는다.",
        ),
    ).ge(
        mutual_xz,
        tr(
            "$Z$ depends on $X$ only through $Y$",
            "$Z$는 $Y$를 통해서만 $X$에 의존한다",
        ),
    )


def log_sum() -> Derivation:
    """The log-sum inequality."""
    a, b = Probabilities("a", "n"), Probabilities("b", "n")
    total_a = a.sum(lambda i: a[i])
    total_b = b.sum(lambda i: b[i])
    return Derivation(
        a.sum(lambda i: a[i] * sp.log(a[i] / b[i])),
        title=tr("The log-sum inequality", "로그 합 부등식"),
        intro=tr(
            "For positive numbers $a_1, \\ldots, a_n$ and $b_1, \\ldots, b_n$ (checked here "
            "on $(0, 1)$; both sides scale alike, so that is no loss):",
            "양수 $a_1, \\ldots, a_n$과 $b_1, \\ldots, b_n$에 대하여(여기서는 $(0, 1)$에서 "
            "검증했다. 양변이 같은 방식으로 늘어나므로 일반성을 잃지 않는다):",
        ),
        conclusion=tr(
            "Equality exactly when $a_i / b_i$ is constant. With $\\sum a = \\sum b = 1$ it "
            "is Gibbs' inequality.",
            "등호는 $a_i / b_i$가 일정할 때만 성립한다. $\\sum a = \\sum b = 1$이면 깁스 "
            "부등식이다.",
        ),
    ).ge(
        total_a * sp.log(total_a / total_b),
        tr(
            "convexity of $t \\log t$ (Jensen with weights $b_i / \\sum b$)",
            "$t \\log t$의 볼록성(가중치 $b_i / \\sum b$의 젠센)",
        ),
    )


def topic() -> Topic:
    """The information-theory chapter."""
    return Topic(
        name="information_theory",
        title=tr(
            "Joint entropy, mutual information and their inequalities",
            "결합 엔트로피, 상호 정보량과 부등식",
        ),
        summary="chain rule (2 and 3 variables); forms of I(X;Y); I >= 0; conditioning reduces entropy; subadditivity and H <= log|X|; Gibbs with equality; log-sum inequality; chain rule for KL; Markov chains: I(X;Z|Y) = 0 and data processing (confirmed)",
        intro=tr(
            "The core of Cover and Thomas, chapter 2, over a joint pmf of any size: how the "
            "entropies of several variables fit together, and why information never hurts "
            "on average.",
            "Cover와 Thomas 2장의 핵심을 크기에 제한 없는 결합 확률질량함수 위에서 다룬다. 여러 "
            "변수의 엔트로피가 어떻게 맞물리는지, 그리고 정보가 평균적으로 해가 되지 않는 이유.",
        ),
        derivations=[
            Section(
                tr("Joint and conditional entropy", "결합 엔트로피와 조건부 엔트로피"),
                tr(
                    "Entropies of several variables add up by the chain rule.",
                    "여러 변수의 엔트로피는 연쇄 법칙으로 더해진다.",
                ),
            ),
            chain_rule(),
            chain_rule_three(),
            Section(
                tr("Mutual information", "상호 정보량"),
                tr(
                    "How much one variable tells about another.",
                    "한 변수가 다른 변수에 대해 알려 주는 양.",
                ),
            ),
            mutual_information_forms(),
            mutual_information_symmetric(),
            information_is_nonnegative(),
            subadditivity(),
            Section(
                tr("Inequalities", "부등식"),
                tr(
                    "Gibbs' inequality, the log-sum inequality and the chain rule for KL.",
                    "깁스 부등식, 로그 합 부등식, KL의 연쇄 법칙.",
                ),
            ),
            gibbs(),
            gibbs_equality(),
            gibbs_equality_only(),
            log_sum(),
            kl_chain_rule(),
            markov_property(),
            data_processing(),
        ],
    )
