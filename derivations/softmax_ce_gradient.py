"""The softmax cross-entropy gradient softmax(z) - y, the sigmoid-BCE gradient, and why CE beats MSE."""

from __future__ import annotations

import sympy as sp

from symxent import (
    BinaryCrossEntropy,
    CrossEntropy,
    Derivation,
    Labels,
    Logits,
    Sigmoid,
    Softmax,
    SoftmaxVector,
)
from symxent.blocks import Section
from symxent.derivation import decimal
from symxent.i18n import tr
from symxent.plot import Curve, Plot
from symxent.relations import Relation
from symxent.table import Column, Table
from symxent.topic import Topic

LABEL = sp.Interval(0, 1)

DEFINITION = tr("definition", "정의")
CHAIN_RULE = tr("chain rule", "연쇄 법칙")


def softmax_cross_entropy() -> Derivation:
    """d/dz_k H(y, softmax(z)) = softmax(z)_k - y_k for n classes, n symbolic."""
    z, y = Logits("z", "n"), Labels("y", "n")
    k = z.index("k")
    total = z.sum(lambda i: sp.exp(z[i]), index="i")
    return (
        Derivation(
            sp.Derivative(CrossEntropy(y, SoftmaxVector(z)), z[k]),
            title=tr(
                "Softmax + cross-entropy: the gradient is $\\mathrm{softmax}(z) - y$",
                "소프트맥스 + 교차 엔트로피: 기울기는 $\\mathrm{softmax}(z) - y$",
            ),
            intro=tr(
                "Logits $z$ over $n$ classes ($n$ symbolic), target distribution $y$ (one-hot or "
                "soft, summing to 1), loss $H(y, \\mathrm{softmax}(z))$. Differentiate in the "
                "logit $z_k$:",
                "$n$개 부류의 로짓 $z$($n$은 기호), 합이 1인 목표 분포 $y$(원-핫이든 아니든), "
                "손실 $H(y, \\mathrm{softmax}(z))$. 로짓 $z_k$로 미분한다:",
            ),
            conclusion=tr(
                "The gradient is the prediction minus the target: bounded, and large exactly "
                "when the prediction is confidently wrong.",
                "기울기는 예측에서 정답을 뺀 값이다. 크기가 제한되어 있고, 예측이 자신 있게 "
                "틀렸을 때 가장 크다.",
            ),
        )
        .eq(
            sp.Derivative(-y.sum(lambda j: y[j] * sp.log(Softmax(z, j)), index="j"), z[k]),
            DEFINITION,
        )
        .eq(
            sp.Derivative(-y.sum(lambda j: y[j] * (z[j] - sp.log(total)), index="j"), z[k]),
            "$\\log \\mathrm{softmax}(z)_j = z_j - \\log \\sum_i e^{z_i}$",
        )
        .eq(
            r"-y_k + \sum_{j=1}^{n} y_j \frac{e^{z_k}}{\sum_{i=1}^{n} e^{z_i}}",
            "$\\partial z_j / \\partial z_k = \\delta_{jk}$",
        )
        .eq(
            -y[k] + Softmax(z, k) * y.sum(lambda j: y[j], index="j"),
            tr("take the factor out of the sum", "공통 인수를 합 밖으로 낸다"),
        )
        .eq(Softmax(z, k) - y[k], "$\\sum_j y_j = 1$")
    )


def sigmoid_binary_cross_entropy() -> Derivation:
    """d/dz BCE(y, sigmoid(z)) = sigmoid(z) - y."""
    z = sp.Symbol("z", real=True)
    y = sp.Symbol("y")
    s = Sigmoid(z)
    return (
        Derivation(
            sp.Derivative(BinaryCrossEntropy(y, s), z),
            title=tr(
                "Sigmoid + binary cross-entropy: the gradient is $\\sigma(z) - y$",
                "시그모이드 + 이진 교차 엔트로피: 기울기는 $\\sigma(z) - y$",
            ),
            intro=tr(
                "One logit $z$, label $y \\in [0, 1]$, prediction $\\sigma(z)$:",
                "로짓 하나 $z$, 레이블 $y \\in [0, 1]$, 예측 $\\sigma(z)$:",
            ),
            where={y: LABEL},
        )
        .eq(sp.Derivative(-(y * sp.log(s) + (1 - y) * sp.log(1 - s)), z), DEFINITION)
        .eq(
            r"-\left(y \, \frac{\sigma(z)(1 - \sigma(z))}{\sigma(z)}"
            r" - (1 - y) \, \frac{\sigma(z)(1 - \sigma(z))}{1 - \sigma(z)}\right)",
            tr(
                "chain rule, $\\sigma' = \\sigma (1 - \\sigma)$",
                "연쇄 법칙, $\\sigma' = \\sigma (1 - \\sigma)$",
            ),
        )
        .eq(-(y * (1 - s) - (1 - y) * s), tr("cancel", "약분한다"))
        .eq(s - y, tr("expand", "전개한다"))
    )


def sigmoid_squared_error() -> Derivation:
    """The squared-error gradient through a sigmoid carries the factor sigma(1 - sigma)."""
    z = sp.Symbol("z", real=True)
    y = sp.Symbol("y")
    s = Sigmoid(z)
    return (
        Derivation(
            sp.Derivative((s - y) ** 2 / 2, z),
            title=tr(
                "Sigmoid + squared error: the gradient is $(\\sigma(z) - y)\\,\\sigma'(z)$",
                "시그모이드 + 제곱 오차: 기울기는 $(\\sigma(z) - y)\\,\\sigma'(z)$",
            ),
            intro=tr(
                "The same model trained with the squared error $\\frac{1}{2}(\\sigma(z) - y)^2$:",
                "같은 모델을 제곱 오차 $\\frac{1}{2}(\\sigma(z) - y)^2$로 학습하면:",
            ),
            where={y: LABEL},
        )
        .eq(r"(\sigma(z) - y) \, \frac{d}{dz} \sigma(z)", CHAIN_RULE)
        .eq((s - y) * s * (1 - s), "$\\sigma' = \\sigma (1 - \\sigma)$")
    )


def gradient_comparison() -> Derivation:
    """|MSE gradient| <= |CE gradient| / 4 everywhere."""
    z = sp.Symbol("z", real=True)
    y = sp.Symbol("y")
    s = Sigmoid(z)
    return (
        Derivation(
            sp.Abs(sp.Derivative((s - y) ** 2 / 2, z)),
            title=tr(
                "Squared error learns slower: its gradient is at most a quarter of CE's",
                "제곱 오차는 느리게 배운다: 기울기가 교차 엔트로피의 4분의 1 이하",
            ),
            intro=tr(
                "Compare the size of the two gradients for the same $z$ and $y$:",
                "같은 $z$, $y$에서 두 기울기의 크기를 비교한다:",
            ),
            conclusion=tr(
                "$\\sigma(1 - \\sigma) \\leq \\frac{1}{4}$, and it tends to 0 when the sigmoid "
                "saturates: a confidently wrong prediction gets almost no gradient from the "
                "squared error, but a gradient of size $|\\sigma(z) - y|$, close to 1, from the "
                "cross-entropy.",
                "$\\sigma(1 - \\sigma) \\leq \\frac{1}{4}$이고, 시그모이드가 포화되면 0에 가까워진다. "
                "자신 있게 틀린 예측은 제곱 오차에서는 기울기를 거의 받지 못하지만, 교차 "
                "엔트로피에서는 1에 가까운 크기 $|\\sigma(z) - y|$의 기울기를 받는다.",
            ),
            where={y: LABEL},
        )
        .eq(
            r"\left|\sigma(z) - y\right| \, \sigma(z) (1 - \sigma(z))",
            tr(
                "the gradient above; $\\sigma (1 - \\sigma) > 0$",
                "위의 기울기, $\\sigma (1 - \\sigma) > 0$",
            ),
        )
        .le(r"\frac{\left|\sigma(z) - y\right|}{4}", "$\\sigma (1 - \\sigma) \\leq \\frac{1}{4}$")
        .eq(
            sp.Abs(sp.Derivative(BinaryCrossEntropy(y, s), z)) / 4,
            tr(
                "the CE gradient is $\\sigma - y$",
                "교차 엔트로피의 기울기는 $\\sigma - y$",
            ),
        )
    )


def confidently_wrong() -> Derivation:
    """Numbers: label 1, logit -5."""
    z = sp.Symbol("z", real=True)
    at = sp.Integer(-5)
    s = Sigmoid(at)
    return (
        Derivation(
            sp.Subs(sp.Derivative(BinaryCrossEntropy(1, Sigmoid(z)), z), z, at),
            title=tr(
                "A confidently wrong prediction: $y = 1$, $z = -5$",
                "자신 있게 틀린 예측: $y = 1$, $z = -5$",
            ),
            intro=tr(
                "$\\sigma(-5) = 0.0067$: the model is 99.3% sure of the wrong class. "
                "Cross-entropy:",
                "$\\sigma(-5) = 0.0067$: 모델이 틀린 부류를 99.3% 확신한다. 교차 엔트로피에서는:",
            ),
        )
        .eq(s - 1, "$\\sigma(z) - y$")
        .approx("-0.9933", tr("a strong push", "강하게 민다"))
    )


def confidently_wrong_squared() -> Derivation:
    """The same point under the squared error."""
    z = sp.Symbol("z", real=True)
    at = sp.Integer(-5)
    return (
        Derivation(
            sp.Subs(sp.Derivative((Sigmoid(z) - 1) ** 2 / 2, z), z, at),
            title=tr(
                "The same prediction under the squared error",
                "같은 예측, 제곱 오차에서",
            ),
            intro=tr("Squared error at the same point:", "같은 점에서 제곱 오차의 기울기:"),
            conclusion=tr(
                "About 150 times weaker than the cross-entropy gradient at the same point.",
                "같은 점에서 교차 엔트로피의 기울기보다 약 150배 약하다.",
            ),
        )
        .eq(
            r"(\sigma(-5) - 1) \, \sigma(-5) \, (1 - \sigma(-5))",
            "$(\\sigma - y) \\sigma (1 - \\sigma)$",
        )
        .approx("-0.006604", tr("almost no push", "거의 밀지 못한다"))
    )


def softmax_example() -> Derivation:
    """The handout's softmax example: logits (0.9, 1.2, -0.4), target class 2."""
    z = Logits("z", values=["0.9", "1.2", "-0.4"])
    terms = [sp.exp(z[i]) for i in (1, 2, 3)]
    return (
        Derivation(
            -sp.log(Softmax(z, 2)),
            title=tr(
                "A worked example: logits $(0.9, 1.2, -0.4)$, true class 2",
                "계산 예: 로짓 $(0.9, 1.2, -0.4)$, 정답 부류 2",
            ),
            printer={"decimals": True},
            intro=tr(
                "$e^z = (2.46, 3.32, 0.67)$, their sum is 6.45, "
                "$\\mathrm{softmax}(z) = (0.38, 0.51, 0.10)$. The loss for the one-hot target "
                "$y = (0, 1, 0)$ is $-\\log \\mathrm{softmax}(z)_2$:",
                "$e^z = (2.46, 3.32, 0.67)$, 그 합은 6.45, "
                "$\\mathrm{softmax}(z) = (0.38, 0.51, 0.10)$이다. 원-핫 정답 $y = (0, 1, 0)$의 "
                "손실은 $-\\log \\mathrm{softmax}(z)_2$이다:",
            ),
        )
        .eq(-sp.log(terms[1] / sp.Add(*terms, evaluate=False), evaluate=False), DEFINITION)
        .eq(
            sp.log(sp.Add(*terms, evaluate=False)) - z[2],
            tr("log of a quotient", "몫의 로그"),
        )
        .approx("0.6641", tr("in nats", "nat 단위"))
    )


def softmax_sums_to_one() -> Derivation:
    """The softmax outputs sum to 1 for any logits, n symbolic."""
    z = Logits("z", "n")
    total = z.sum(lambda i: sp.exp(z[i]), index="i")
    return (
        Derivation(
            z.sum(lambda j: Softmax(z, j), index="j"),
            title=tr(
                "Softmax turns any scores into a distribution",
                "소프트맥스는 어떤 점수든 분포로 바꾼다",
            ),
            intro=tr(
                "$\\mathrm{softmax}(z)_j = e^{z_j} / \\sum_i e^{z_i}$ is positive because "
                "$e^{x} > 0$; over $n$ classes ($n$ symbolic) the outputs add up to:",
                "$e^{x} > 0$이므로 $\\mathrm{softmax}(z)_j = e^{z_j} / \\sum_i e^{z_i}$는 "
                "양수이다. $n$개 부류($n$은 기호)의 출력을 더하면:",
            ),
        )
        .eq(z.sum(lambda j: sp.exp(z[j]) / total, index="j"), DEFINITION)
        .eq(1, tr("the numerators add up to the denominator", "분자의 합이 분모와 같다"))
    )


def softmax_denominator() -> Derivation:
    """The handout's sum of exponentials, 6.45."""
    z = Logits("z", values=["0.9", "1.2", "-0.4"])
    return (
        Derivation(
            sp.Add(*(sp.exp(z[i]) for i in (1, 2, 3)), evaluate=False),
            title=tr("The denominator: $\\sum_j e^{z_j} = 6.45$", "분모: $\\sum_j e^{z_j} = 6.45$"),
            printer={"decimals": True},
            intro=tr(
                "Exponentiate each logit of $z = (0.9, 1.2, -0.4)$:",
                "$z = (0.9, 1.2, -0.4)$의 로짓마다 지수를 취한다:",
            ),
        )
        .step(
            Relation.APPROX,
            r"2.4596 + 3.3201 + 0.6703",
            tr("each to 4 decimals", "각각 소수 넷째 자리까지"),
            tolerance=0.00015,
        )
        .eq(decimal("6.45")[0], tr("add", "더한다"))
    )


def softmax_second_class() -> Derivation:
    """The probability of class 2 is 0.51, not the handout's 0.52."""
    z = Logits("z", values=["0.9", "1.2", "-0.4"])
    return (
        Derivation(
            Softmax(z, 2),
            title=tr("Class 2: 0.51, not 0.52", "부류 2: 0.52가 아니라 0.51"),
            printer={"decimals": True},
            intro=tr(
                "The handout divides by 6.45 and prints $\\hat{y} = (0.38, 0.52, 0.10)$. "
                "The middle value:",
                "강의 자료는 6.45로 나누어 $\\hat{y} = (0.38, 0.52, 0.10)$을 적었다. 가운데 값은:",
            ),
            conclusion=tr(
                "$0.5147$ rounds to 0.51 (and $3.32 / 6.45 = 0.5147$ too): the handout's 0.52 "
                "is a rounding slip. The three values 0.38, 0.51, 0.10 add up to 0.99 only "
                "because of rounding; the exact ones add up to 1.",
                "$0.5147$은 반올림하면 0.51이다($3.32 / 6.45 = 0.5147$도 마찬가지). 강의 자료의 "
                "0.52는 반올림 실수이다. 0.38, 0.51, 0.10의 합이 0.99인 것은 반올림 때문이고, "
                "정확한 값의 합은 1이다.",
            ),
        )
        .eq(
            sp.exp(z[2]) / sp.Add(*(sp.exp(z[i]) for i in (1, 2, 3)), evaluate=False),
            DEFINITION,
        )
        .approx("0.5147", tr("evaluate", "계산한다"))
    )


def handout_loss() -> Derivation:
    """The handout's loss log(1/0.52) against the exact 0.66."""
    rounded = decimal("0.52")[0]
    return Derivation(
        sp.log(sp.Pow(rounded, -1, evaluate=False), evaluate=False),
        title=tr(
            "The handout's loss: $\\log \\frac{1}{0.52}$ is 0.65, not 0.66",
            "강의 자료의 손실: $\\log \\frac{1}{0.52}$는 0.66이 아니라 0.65",
        ),
        intro=tr(
            "The handout writes the loss as $\\log \\frac{1}{0.52}$ and shows 0.66:",
            "강의 자료는 손실을 $\\log \\frac{1}{0.52}$로 쓰고 0.66을 보인다:",
        ),
        conclusion=tr(
            "0.66 is right for the exact probability 0.5147 (the worked example above: "
            "0.6641); the rounded 0.52 gives 0.65.",
            "0.66은 정확한 확률 0.5147에 대해 맞는 값이다(위의 계산 예: 0.6641). "
            "반올림한 0.52로는 0.65가 나온다.",
        ),
    ).approx("0.6539", tr("in nats", "nat 단위"))


def sigmoid_plot() -> Plot:
    """The sigmoid and its derivative sigma (1 - sigma), at most 1/4."""
    z = sp.Symbol("z", real=True)
    s = Sigmoid(z)
    return Plot(
        z,
        (-6, 6),
        [
            Curve(s, "$\\sigma(z)$"),
            Curve(s * (1 - s), "$\\sigma'(z) = \\sigma(z)(1 - \\sigma(z))$"),
        ],
        title=tr("The sigmoid and its derivative", "시그모이드와 그 도함수"),
        intro=tr(
            "The derivative is at most $\\frac{1}{4}$ (at $z = 0$) and vanishes as the "
            "sigmoid saturates.",
            "도함수는 $z = 0$에서 최대 $\\frac{1}{4}$이고, 시그모이드가 포화되면 0에 가까워진다.",
        ),
        xlabel=tr("logit $z$", "로짓 $z$"),
        ylim=(0, 1),
    )


def gradient_plot() -> Plot:
    """The proved CE and MSE gradients through a sigmoid, for the label y = 1."""
    z = sp.Symbol("z", real=True)
    y = sp.Symbol("y")
    return Plot(
        z,
        (-6, 6),
        [
            Curve(
                sigmoid_binary_cross_entropy(),
                tr("cross-entropy: $\\sigma(z) - y$", "교차 엔트로피: $\\sigma(z) - y$"),
                subs={y: 1},
            ),
            Curve(
                sigmoid_squared_error(),
                tr(
                    "squared error: $(\\sigma - y)\\sigma(1 - \\sigma)$",
                    "제곱 오차: $(\\sigma - y)\\sigma(1 - \\sigma)$",
                ),
                subs={y: 1},
            ),
        ],
        title=tr("The two gradients for the label $y = 1$", "정답 $y = 1$일 때 두 기울기"),
        intro=tr(
            "The end of each chain above, drawn: for $z \\ll 0$ (confidently wrong) the "
            "cross-entropy still pushes with $-1$, the squared error hardly at all.",
            "위 두 유도의 마지막 식을 그렸다. $z \\ll 0$(자신 있게 틀림)에서 교차 엔트로피는 "
            "여전히 $-1$로 밀지만, 제곱 오차는 거의 밀지 못한다.",
        ),
        xlabel=tr("logit $z$", "로짓 $z$"),
        ylabel=tr("gradient in $z$", "$z$에 대한 기울기"),
        ylim=(-1.05, 0.05),
    )


def softmax_table() -> Table:
    """The handout's softmax table for the logits (0.9, 1.2, -0.4), with its stated values."""
    z = Logits("z", values=["0.9", "1.2", "-0.4"])
    i = sp.Symbol("i", integer=True, positive=True)
    return Table(
        [
            Column(tr("class $i$", "부류 $i$"), i),
            Column("$z_i$", z[i], 1),
            Column("$e^{z_i}$", sp.exp(z[i]), 2, stated=["2.46", "3.32", "0.67"]),
            Column("$\\mathrm{softmax}(z)_i$", Softmax(z, i), 2, stated=["0.38", "0.51", "0.10"]),
        ],
        [{i: k} for k in (1, 2, 3)],
        title=tr(
            "Softmax of the logits $(0.9, 1.2, -0.4)$", "로짓 $(0.9, 1.2, -0.4)$의 소프트맥스"
        ),
        intro=tr(
            "Exponentiate each logit and divide by the sum 6.45 (the handout's numbers are "
            "checked cell by cell):",
            "로짓마다 지수를 취하고 합 6.45로 나눈다(강의 자료의 수치를 칸마다 검증했다):",
        ),
    )


def topic() -> Topic:
    """The gradient topic."""
    return Topic(
        name="softmax_ce_gradient",
        title=tr("Why cross-entropy: the gradients", "왜 교차 엔트로피인가: 기울기"),
        summary="d/dz_k CE(y, softmax(z)) = softmax(z)_k - y_k (n symbolic); sigmoid-BCE; MSE comparison",
        intro=tr(
            "The gradient of the cross-entropy loss through softmax (or sigmoid) is the "
            "prediction minus the target. The squared error adds a factor $\\sigma(1 - \\sigma)$ "
            "that vanishes when the model is confidently wrong: cross-entropy learns faster.",
            "소프트맥스(또는 시그모이드)를 거친 교차 엔트로피 손실의 기울기는 예측에서 정답을 뺀 "
            "값이다. 제곱 오차에는 모델이 자신 있게 틀릴 때 사라지는 인수 $\\sigma(1 - \\sigma)$가 "
            "곱해지므로, 교차 엔트로피가 더 빨리 배운다.",
        ),
        derivations=[
            Section(
                tr("Softmax and cross-entropy", "소프트맥스와 교차 엔트로피"),
                tr(
                    "For any number of classes, the gradient in the logits is the prediction "
                    "minus the target.",
                    "부류가 몇 개이든 로짓에 대한 기울기는 예측에서 정답을 뺀 값이다.",
                ),
            ),
            softmax_sums_to_one(),
            softmax_cross_entropy(),
            softmax_denominator(),
            softmax_table(),
            softmax_second_class(),
            softmax_example(),
            handout_loss(),
            Section(
                tr(
                    "Sigmoid: cross-entropy against squared error",
                    "시그모이드: 교차 엔트로피와 제곱 오차",
                ),
                tr(
                    "Through a sigmoid, the squared error's gradient carries a factor that "
                    "vanishes exactly when the model is confidently wrong.",
                    "시그모이드를 거치면 제곱 오차의 기울기에는 모델이 자신 있게 틀릴 때 사라지는 "
                    "인수가 곱해진다.",
                ),
            ),
            sigmoid_binary_cross_entropy(),
            sigmoid_plot(),
            sigmoid_squared_error(),
            gradient_comparison(),
            gradient_plot(),
            confidently_wrong(),
            confidently_wrong_squared(),
        ],
    )
