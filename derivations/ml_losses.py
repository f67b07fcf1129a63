"""What ML courses add: label smoothing, log-sum-exp, temperature, focal loss, perplexity, distillation."""

from __future__ import annotations

import sympy as sp

from symxent import (
    CrossEntropy,
    Derivation,
    Distribution,
    Entropy,
    Labels,
    Logits,
    LogSumExp,
    Softmax,
    SoftmaxVector,
    Uniform,
    summation_index,
)
from symxent.blocks import Section
from symxent.i18n import tr
from symxent.quantities.reductions import Maximum
from symxent.table import Column, Table
from symxent.topic import Topic

SMOOTHING = sp.Interval(0, 1)
DEFINITION = tr("definition", "정의")


# ---------------------------------------------------------------- label smoothing


def label_smoothing() -> Derivation:
    """CE with a smoothed target = (1 - eps) CE + eps CE(uniform)."""
    y, q, u = Labels("y", "n"), Distribution("q", "n"), Uniform("u", "n")
    eps = sp.Symbol("epsilon")
    n = y.n
    return Derivation(
        -q.sum(lambda i: ((1 - eps) * y[i] + eps / n) * sp.log(q[i])),
        title=tr("Label smoothing", "레이블 스무딩"),
        intro=tr(
            "Replace the target $y$ by $(1 - \\epsilon) y + \\epsilon u$, a mixture with "
            "the uniform $u_i = \\frac{1}{n}$, $0 \\leq \\epsilon \\leq 1$. Its cross-entropy "
            "with a prediction $q$ is:",
            "목표 $y$를 균등분포 $u_i = \\frac{1}{n}$과 섞은 $(1 - \\epsilon) y + \\epsilon u$로 "
            "바꾼다($0 \\leq \\epsilon \\leq 1$). 예측 $q$와의 교차 엔트로피는:",
        ),
        conclusion=tr(
            "The second term penalises a $q$ far from uniform: the model is kept from "
            "putting all its mass on one class.",
            "둘째 항은 균등분포에서 먼 $q$를 벌한다: 모델이 한 부류에 모든 확률을 두지 못하게 "
            "한다.",
        ),
        where={eps: SMOOTHING},
    ).eq(
        (1 - eps) * CrossEntropy(y, q) + eps * CrossEntropy(u, q),
        tr("split the sum", "합을 나눈다"),
    )


def label_smoothing_gradient() -> Derivation:
    """The gradient of the smoothed loss in the logits."""
    z, y, u = Logits("z", "n"), Labels("y", "n"), Uniform("u", "n")
    eps = sp.Symbol("epsilon")
    k = z.index("k")
    s = SoftmaxVector(z)
    return (
        Derivation(
            sp.Derivative((1 - eps) * CrossEntropy(y, s) + eps * CrossEntropy(u, s), z[k]),
            title=tr("Label smoothing: the gradient", "레이블 스무딩: 기울기"),
            intro=tr(
                "With $q = \\mathrm{softmax}(z)$, each cross-entropy has the gradient "
                "prediction minus target:",
                "$q = \\mathrm{softmax}(z)$이면 각 교차 엔트로피의 기울기는 예측에서 목표를 뺀 "
                "값이다:",
            ),
            conclusion=tr(
                "The prediction minus the smoothed target: at $y_k = 1$ the gradient vanishes "
                "at $\\mathrm{softmax}(z)_k = 1 - \\epsilon + \\frac{\\epsilon}{n}$, not at 1, so "
                "the logits stay finite.",
                "예측에서 스무딩한 목표를 뺀 값이다. $y_k = 1$이면 기울기는 "
                "$\\mathrm{softmax}(z)_k = 1 - \\epsilon + \\frac{\\epsilon}{n}$에서 0이 되고 1이 "
                "아니므로 로짓이 유한하게 남는다.",
            ),
            where={eps: SMOOTHING},
        )
        .eq(
            (1 - eps) * (Softmax(z, k) - y[k]) + eps * (Softmax(z, k) - u[k]),
            tr(
                "$\\frac{\\partial}{\\partial z_k} H(t, \\mathrm{softmax}(z)) = "
                "\\mathrm{softmax}(z)_k - t_k$",
                "$\\frac{\\partial}{\\partial z_k} H(t, \\mathrm{softmax}(z)) = "
                "\\mathrm{softmax}(z)_k - t_k$",
            ),
        )
        .eq(
            Softmax(z, k) - ((1 - eps) * y[k] + eps / z.n),
            tr("collect", "모은다"),
        )
    )


# ---------------------------------------------------------------- log-sum-exp


def lse_shift() -> Derivation:
    """LSE(z + c) = LSE(z) + c."""
    z = Logits("z", "n")
    c = sp.Symbol("c", real=True)
    return (
        Derivation(
            sp.log(z.sum(lambda i: sp.exp(z[i] + c))),
            title=tr("Log-sum-exp: shifting the logits", "로그-합-지수: 로짓 평행 이동"),
            intro=tr(
                "Add the same constant $c$ to every logit:",
                "모든 로짓에 같은 상수 $c$를 더한다:",
            ),
            conclusion=tr(
                "So $\\mathrm{softmax}(z + c) = \\mathrm{softmax}(z)$. With $c = -\\max_i z_i$ "
                "every exponent is at most 0: this is how log-sum-exp is computed without "
                "overflow.",
                "따라서 $\\mathrm{softmax}(z + c) = \\mathrm{softmax}(z)$이다. "
                "$c = -\\max_i z_i$로 두면 모든 지수가 0 이하가 된다: 넘침 없이 로그-합-지수를 "
                "계산하는 방법이다.",
            ),
        )
        .eq(
            sp.log(sp.exp(c) * z.sum(lambda i: sp.exp(z[i]))),
            "$e^{z_i + c} = e^{c} e^{z_i}$",
        )
        .eq(c + LogSumExp(z), tr("log of a product", "곱의 로그"))
    )


def lse_bounds() -> Derivation:
    """The bounds max z <= LSE(z) <= max z + log n."""
    z = Logits("z", "n")
    i = summation_index("i")
    top = Maximum(z[i], (i, 1, z.n))
    return (
        Derivation(
            top,
            title=tr("Log-sum-exp is a smooth maximum", "로그-합-지수는 부드러운 최댓값"),
            intro=tr(
                "For $n$ logits ($n$ symbolic):",
                "로짓 $n$개($n$은 기호)에 대하여:",
            ),
            conclusion=tr(
                "Equality on the right when all logits are equal; on the left only in the "
                "limit of one logit far above the others.",
                "오른쪽 등호는 모든 로짓이 같을 때 성립하고, 왼쪽은 한 로짓이 다른 것보다 훨씬 "
                "클 때의 극한에서만 성립한다.",
            ),
        )
        .le(
            LogSumExp(z),
            tr(
                "the sum contains the term $e^{\\max_i z_i}$",
                "합에 $e^{\\max_i z_i}$ 항이 들어 있다",
            ),
        )
        .le(
            top + sp.log(z.n),
            tr(
                "each of the $n$ terms is at most $e^{\\max_i z_i}$",
                "$n$개 항이 모두 $e^{\\max_i z_i}$ 이하",
            ),
        )
    )


# ---------------------------------------------------------------- temperature


def temperature_ratio() -> Derivation:
    """The log-odds of softmax(z / T) are the logit differences divided by T."""
    z = Logits("z", "n")
    t = sp.Symbol("T", positive=True)
    j, k = z.index("j"), z.index("k")
    total = z.sum(lambda i: sp.exp(z[i] / t), index="i")
    return (
        Derivation(
            sp.log((sp.exp(z[j] / t) / total) / (sp.exp(z[k] / t) / total)),
            title=tr("Softmax with a temperature", "온도가 있는 소프트맥스"),
            intro=tr(
                "$\\mathrm{softmax}(z / T)$ for a temperature $T > 0$. Compare two of its "
                "outputs, classes $j$ and $k$:",
                "온도 $T > 0$에 대한 $\\mathrm{softmax}(z / T)$. 두 출력, 부류 $j$와 $k$를 "
                "비교한다:",
            ),
            conclusion=tr(
                "As $T \\to \\infty$ every ratio tends to 1: the uniform distribution. As "
                "$T \\to 0$ the ratio of a smaller logit to the largest tends to 0: all mass on "
                "the arg max. $T = 1$ is the ordinary softmax.",
                "$T \\to \\infty$이면 모든 비가 1로 가서 균등분포가 된다. $T \\to 0$이면 가장 큰 "
                "로짓에 대한 작은 로짓의 비가 0으로 가서 모든 확률이 최대 부류에 모인다. "
                "$T = 1$은 보통의 소프트맥스이다.",
            ),
        )
        .eq(
            sp.log(sp.exp(z[j] / t) / sp.exp(z[k] / t)),
            tr("the denominators cancel", "분모가 약분된다"),
        )
        .eq((z[j] - z[k]) / t, "$\\log e^{a} = a$")
    )


def _tempered(z: Logits, t: sp.Symbol, j: sp.Expr) -> sp.Expr:
    """softmax(z / T)_j, written out."""
    return sp.exp(z[j] / t) / z.sum(lambda i: sp.exp(z[i] / t), index="i")


def temperature_cold() -> Derivation:
    """softmax(z / T)_j <= e^{-(z_k - z_j) / T}: the T -> 0 limit is the arg max."""
    z = Logits("z", "n")
    t = sp.Symbol("T", positive=True)
    j, k = z.index("j"), z.index("k")
    return (
        Derivation(
            _tempered(z, t, j),
            title=tr("$T \\to 0$: all mass on the arg max", "$T \\to 0$: 모든 확률이 최대 부류로"),
            intro=tr(
                "A bound on the output of class $j$ by any other class $k$:",
                "부류 $j$의 출력을 다른 부류 $k$로 누르는 상한:",
            ),
            conclusion=tr(
                "Take $k$ with the largest logit. For every $j$ with $z_j < z_k$ the bound "
                "$e^{(z_j - z_k) / T}$ tends to 0 as $T \\to 0^{+}$, so all mass goes to the "
                "arg max (shared equally by tied maxima, whose ratio is 1): the one-hot of the "
                "arg max. The bound is checked; the limit $e^{-c / T} \\to 0$ ($c > 0$) is the "
                "elementary step symxent does not check (it has no limits).",
                "$k$를 가장 큰 로짓의 부류로 잡는다. $z_j < z_k$인 모든 $j$에 대해 상한 "
                "$e^{(z_j - z_k) / T}$는 $T \\to 0^{+}$에서 0으로 가므로 모든 확률이 최대 "
                "부류로 간다(최댓값이 같은 부류끼리는 비가 1이므로 똑같이 나눈다): 최대 부류의 "
                "원-핫. 상한은 검증했고, 극한 $e^{-c / T} \\to 0$($c > 0$)은 symxent가 검증하지 "
                "않는 초등적인 단계이다(극한 검사가 없다).",
            ),
        )
        .le(
            sp.Mul(sp.exp(z[j] / t), sp.Pow(sp.exp(z[k] / t), -1, evaluate=False), evaluate=False),
            tr(
                "the sum contains the term $e^{z_k / T}$",
                "합에 $e^{z_k / T}$ 항이 들어 있다",
            ),
        )
        .eq(sp.exp(-(z[k] - z[j]) / t), "$e^{a} / e^{b} = e^{a - b}$")
    )


def temperature_hot() -> Derivation:
    """softmax(z / T)_j >= e^{-(max z - z_j) / T} / n: the T -> oo limit is uniform."""
    z = Logits("z", "n")
    t = sp.Symbol("T", positive=True)
    j = z.index("j")
    i = summation_index("i")
    top = Maximum(z[i], (i, 1, z.n))
    return (
        Derivation(
            _tempered(z, t, j),
            title=tr("$T \\to \\infty$: the uniform distribution", "$T \\to \\infty$: 균등분포"),
            intro=tr(
                "A lower bound on every output:",
                "모든 출력의 하한:",
            ),
            conclusion=tr(
                "As $T \\to \\infty$ the bound tends to $\\frac{1}{n}$ for every class; the "
                "$n$ outputs sum to 1, so none can stay above $\\frac{1}{n}$ either: the "
                "uniform distribution. Again the bound is checked and the limit "
                "$e^{-c / T} \\to 1$ is the elementary step left to the reader.",
                "$T \\to \\infty$이면 모든 부류에서 하한이 $\\frac{1}{n}$으로 간다. $n$개 "
                "출력의 합이 1이므로 어느 것도 $\\frac{1}{n}$보다 크게 남을 수 없다: 균등분포. "
                "여기서도 하한은 검증했고 극한 $e^{-c / T} \\to 1$은 독자에게 남긴 초등적인 "
                "단계이다.",
            ),
        )
        .ge(
            sp.Mul(
                sp.exp(z[j] / t),
                sp.Pow(z.n * sp.exp(top / t), -1, evaluate=False),
                evaluate=False,
            ),
            tr(
                "each of the $n$ terms is at most $e^{\\max_i z_i / T}$",
                "$n$개 항이 모두 $e^{\\max_i z_i / T}$ 이하",
            ),
        )
        .eq(sp.exp(-(top - z[j]) / t) / z.n, "$e^{a} / e^{b} = e^{a - b}$")
    )


def temperature_table() -> Table:
    """The handouts' logits (0.9, 1.2, -0.4) at several temperatures."""
    t = sp.Symbol("T", positive=True)
    logits = [sp.Rational(9, 10), sp.Rational(6, 5), sp.Rational(-2, 5)]
    total = sp.Add(*(sp.exp(v / t) for v in logits))
    return Table(
        [
            Column("$T$", t),
            *(
                Column(f"$\\mathrm{{softmax}}(z / T)_{k}$", sp.exp(v / t) / total, 3)
                for k, v in enumerate(logits, start=1)
            ),
        ],
        [{t: value} for value in ("0.1", "0.5", "1", "2", "10", "100")],
        title=tr(
            "The logits $(0.9, 1.2, -0.4)$ at several temperatures",
            "여러 온도에서 로짓 $(0.9, 1.2, -0.4)$",
        ),
        intro=tr(
            "Low temperatures sharpen the distribution, high ones flatten it towards "
            "$\\frac{1}{3}$ each:",
            "낮은 온도는 분포를 뾰족하게, 높은 온도는 각각 $\\frac{1}{3}$을 향해 평평하게 만든다:",
        ),
    )


# ---------------------------------------------------------------- focal loss


def focal_loss() -> Derivation:
    """The focal loss and its derivative in p."""
    p = sp.Symbol("p")
    gamma = sp.Symbol("gamma", nonnegative=True)
    return Derivation(
        sp.Derivative(-((1 - p) ** gamma) * sp.log(p), p),
        title=tr("Focal loss and its gradient", "초점 손실과 기울기"),
        intro=tr(
            "The focal loss $-(1 - p)^{\\gamma} \\log p$ of the probability $p$ of the true "
            "class ($\\gamma \\geq 0$; $\\gamma = 0$ is the cross-entropy) down-weights "
            "examples that are already right. Its derivative:",
            "정답 부류의 확률 $p$에 대한 초점 손실 $-(1 - p)^{\\gamma} \\log p$"
            "($\\gamma \\geq 0$, $\\gamma = 0$이면 교차 엔트로피)는 이미 맞힌 예의 가중치를 "
            "줄인다. 도함수는:",
        ),
        conclusion=tr(
            "With $\\gamma = 0$ this is $-\\frac{1}{p}$, the cross-entropy's slope; for "
            "$\\gamma > 0$ both terms vanish as $p \\to 1$, so well-classified examples "
            "hardly move the model.",
            "$\\gamma = 0$이면 교차 엔트로피의 기울기 $-\\frac{1}{p}$이다. $\\gamma > 0$이면 "
            "$p \\to 1$에서 두 항이 모두 사라지므로 잘 분류된 예는 모델을 거의 움직이지 "
            "않는다.",
        ),
        where={p: sp.Interval.open(0, 1)},
    ).eq(
        gamma * (1 - p) ** (gamma - 1) * sp.log(p) - (1 - p) ** gamma / p,
        tr("product rule", "곱의 미분법"),
    )


# ---------------------------------------------------------------- perplexity


def perplexity_uniform() -> Derivation:
    """Perplexity e^{CE}: the uniform prediction over n classes has perplexity n."""
    p, u = Distribution("p", "n"), Uniform("u", "n")
    return (
        Derivation(
            sp.exp(CrossEntropy(p, u)),
            title=tr("Perplexity: $e^{\\mathrm{CE}}$", "퍼플렉서티: $e^{\\mathrm{CE}}$"),
            intro=tr(
                "Perplexity is the exponential of the cross-entropy in nats: the number of "
                "equally likely classes the model is as unsure as. A uniform guess over $n$ "
                "classes:",
                "퍼플렉서티는 nat 단위 교차 엔트로피의 지수로, 모델의 불확실성이 같은 확률의 "
                "부류 몇 개와 같은지를 나타낸다. $n$개 부류에 대한 균등 추측은:",
            ),
        )
        .eq(sp.exp(sp.log(p.n), evaluate=False), "$H(p, u) = \\log n$")
        .eq(p.n, "$e^{\\log n} = n$")
    )


def perplexity_handout() -> Derivation:
    """The perplexity of the handouts' 40/30/20/10 prediction."""
    p = Distribution("p", values=["0.4", "0.3", "0.2", "0.1"])
    return Derivation(
        sp.exp(Entropy(p)),
        title=tr("The handouts' losses as perplexities", "강의 자료의 손실을 퍼플렉서티로"),
        intro=tr(
            "The uniform prediction's loss $\\log 4 = 1.3863$ is a perplexity of 4. The "
            "prediction $(0.4, 0.3, 0.2, 0.1)$ had the loss $H(p) = 1.2799$:",
            "균등 예측의 손실 $\\log 4 = 1.3863$은 퍼플렉서티 4이다. 예측 "
            "$(0.4, 0.3, 0.2, 0.1)$의 손실은 $H(p) = 1.2799$였다:",
        ),
        conclusion=tr(
            "As unsure as a fair choice among 3.6 classes instead of 4.",
            "4개가 아니라 3.6개 부류 중에서 고르는 것만큼 불확실하다.",
        ),
    ).approx("3.596", tr("evaluate", "계산한다"))


# ---------------------------------------------------------------- distillation


def distillation() -> Derivation:
    """Why the distillation loss is multiplied by T^2."""
    s, p = Logits("s", "n"), Distribution("p", "n")
    t = sp.Symbol("T", positive=True)
    k = s.index("k")
    total = s.sum(lambda i: sp.exp(s[i] / t), index="i")

    def soft(j: sp.Expr) -> sp.Expr:
        return sp.exp(s[j] / t) / total

    return (
        Derivation(
            sp.Derivative(t**2 * -p.sum(lambda j: p[j] * sp.log(soft(j)), index="j"), s[k]),
            title=tr("Distillation: why the factor $T^2$", "지식 증류: 왜 $T^2$를 곱하는가"),
            intro=tr(
                "The student's logits $s$ are softened by the temperature $T$ and trained on "
                "the teacher's softened distribution $p = \\mathrm{softmax}(t / T)$. The loss "
                "$T^2 H(p, \\mathrm{softmax}(s / T))$ (the same gradient as the KL divergence, "
                "since $H(p)$ does not depend on $s$):",
                "학생의 로짓 $s$를 온도 $T$로 부드럽게 하고, 교사의 부드러운 분포 "
                "$p = \\mathrm{softmax}(t / T)$로 학습한다. 손실 "
                "$T^2 H(p, \\mathrm{softmax}(s / T))$($H(p)$가 $s$와 무관하므로 KL 발산과 기울기가 "
                "같다):",
            ),
            conclusion=tr(
                "Each softened probability differs from the teacher's by about "
                "$\\frac{1}{T}$ times the logit gap, so without $T^2$ the gradient would "
                "shrink like $\\frac{1}{T^2}$; the factor keeps it comparable to the hard-label "
                "loss as $T$ changes.",
                "부드러운 확률과 교사 확률의 차이는 대략 로짓 차이의 $\\frac{1}{T}$배이므로, "
                "$T^2$가 없으면 기울기가 $\\frac{1}{T^2}$처럼 줄어든다. 이 인수가 $T$가 바뀌어도 "
                "기울기를 정답 레이블 손실과 비슷한 크기로 유지한다.",
            ),
        )
        .eq(
            t**2 * (soft(k) - p[k]) / t,
            tr(
                "chain rule: the softmax gradient, times $\\frac{1}{T}$",
                "연쇄 법칙: 소프트맥스 기울기에 $\\frac{1}{T}$을 곱한다",
            ),
        )
        .eq(t * (soft(k) - p[k]), tr("simplify", "정리한다"))
    )


def topic() -> Topic:
    """What machine-learning courses add to the cross-entropy."""
    return Topic(
        name="ml_losses",
        title=tr("Cross-entropy in practice", "실전의 교차 엔트로피"),
        summary="label smoothing and its gradient; log-sum-exp shift and bounds; temperature softmax, its T -> 0 and T -> oo bounds; focal loss; perplexity; distillation's T^2",
        intro=tr(
            "Variations on the cross-entropy loss that machine-learning courses teach, each "
            "checked like the handouts' derivations.",
            "머신러닝 강의에서 가르치는 교차 엔트로피 손실의 변형들을 강의 자료의 유도와 같은 "
            "방식으로 검증한다.",
        ),
        derivations=[
            Section(
                tr("Softer targets", "부드러운 목표"),
                tr(
                    "Label smoothing mixes the target with the uniform distribution.",
                    "레이블 스무딩은 목표를 균등분포와 섞는다.",
                ),
            ),
            label_smoothing(),
            label_smoothing_gradient(),
            Section(
                tr("Log-sum-exp and temperature", "로그-합-지수와 온도"),
                tr(
                    "The normaliser of the softmax, and how a temperature reshapes it.",
                    "소프트맥스의 정규화 항과 온도가 분포를 바꾸는 방식.",
                ),
            ),
            lse_shift(),
            lse_bounds(),
            temperature_ratio(),
            temperature_cold(),
            temperature_hot(),
            temperature_table(),
            Section(
                tr("Other losses and measures", "다른 손실과 척도"),
                tr(
                    "Focal loss, perplexity and distillation.",
                    "초점 손실, 퍼플렉서티, 지식 증류.",
                ),
            ),
            focal_loss(),
            perplexity_uniform(),
            perplexity_handout(),
            distillation(),
        ],
    )
