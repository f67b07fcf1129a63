"""Cross-entropy as a loss: the batch mean, NLL and likelihood, the handouts' worked losses, BCE."""

from __future__ import annotations

from typing import Any

import sympy as sp

from symxent import (
    NLL,
    BinaryCrossEntropy,
    CrossEntropy,
    Derivation,
    Distribution,
    Entropy,
    Labels,
    Logarithm,
    OneHot,
    Probabilities,
    class_index,
)
from symxent.blocks import Section
from symxent.derivation import decimal
from symxent.i18n import tr
from symxent.plot import Curve, Plot
from symxent.relations import Relation
from symxent.table import Column, Table
from symxent.topic import Topic

OPEN_UNIT = sp.Interval.open(0, 1)
UNIT = sp.Interval(0, 1)

DEFINITION = tr("definition", "정의")
IN_BITS = tr("definition, in bits", "정의, 비트 단위")
ADD = tr("add", "더한다")

# the handouts' 10-sample, 4-class data set: 4 A, 3 B, 2 C, 1 D
COUNTS = [4, 3, 2, 1]
SKEWED = ["0.4", "0.3", "0.2", "0.1"]
# the handouts' MNIST-style example: true digits and the probability given to each
DIGITS = [5, 0, 4, 1]
MNIST_ROWS = [
    ["0.04", "0.03", "0.02", "0.1", "0.01", "0.7", "0.01", "0.02", "0.03", "0.04"],
    ["0.6", "0.01", "0.2", "0.02", "0.03", "0.01", "0.04", "0.02", "0.04", "0.03"],
    ["0.01", "0.04", "0.03", "0.02", "0.75", "0.03", "0.05", "0.02", "0.04", "0.01"],
    ["0.03", "0.65", "0.01", "0.04", "0.02", "0.01", "0.03", "0.02", "0.15", "0.04"],
]


def _d(text: str) -> sp.Expr:
    return decimal(text)[0]


def _times(*factors: sp.Expr) -> sp.Expr:
    return sp.Mul(*factors, evaluate=False)


def _plus(*terms: sp.Expr) -> sp.Expr:
    return sp.Add(*terms, evaluate=False)


def _neg_mean(n: int, inner: sp.Expr) -> sp.Expr:
    """``-(1/n) (inner)`` kept as written."""
    return _times(sp.Integer(-1), sp.Rational(1, n), inner)


# ---------------------------------------------------------------- the batch loss


def one_hot_batch() -> Derivation:
    """With one-hot labels the batch cross-entropy is the mean negative log-likelihood."""
    yhat = Probabilities("yhat", "N")
    n = yhat.n
    return (
        Derivation(
            r"-\frac{1}{N} \sum_{i=1}^{N} \log \hat{y}_{i}",
            title=tr(
                "The cross-entropy loss is the mean negative log-likelihood",
                "교차 엔트로피 손실은 음의 로그 가능도의 평균",
            ),
            intro=tr(
                "$N$ samples, $C$ classes, labels $y_{ij}$ one-hot. The loss "
                "$-\\frac{1}{N} \\sum_i \\sum_j y_{ij} \\log \\hat{y}_{ij}$ keeps one term per "
                "sample, the true class $k_i$: write $\\hat{y}_i$ for $\\hat{y}_{i k_i}$, the "
                "probability the model gives to the right answer.",
                "표본 $N$개, 부류 $C$개, 레이블 $y_{ij}$는 원-핫이다. 손실 "
                "$-\\frac{1}{N} \\sum_i \\sum_j y_{ij} \\log \\hat{y}_{ij}$에서는 표본마다 정답 "
                "부류 $k_i$의 항 하나만 남는다. 모델이 정답에 준 확률 $\\hat{y}_{i k_i}$를 "
                "$\\hat{y}_i$로 쓴다.",
            ),
            where={yhat: "probabilities"},
        )
        .eq(
            NLL(yhat) / n,
            tr(
                "$\\mathrm{NLL} = -\\sum_i \\log \\hat{y}_i$",
                "$\\mathrm{NLL} = -\\sum_i \\log \\hat{y}_i$",
            ),
        )
        .eq(
            r"-\frac{1}{N} \log \prod_{i=1}^{N} \hat{y}_{i}",
            tr("a sum of logs is the log of the product", "로그의 합은 곱의 로그"),
        )
    )


def one_sample() -> Derivation:
    """One sample: the double sum keeps only the true class."""
    k = class_index("k", "C")
    y = OneHot("y", "C", k)
    yhat = Distribution("yhat", "C")
    return (
        Derivation(
            CrossEntropy(y, yhat),
            title=tr(
                "One sample: only the true class counts",
                "표본 하나: 정답 부류만 남는다",
            ),
            intro=tr(
                "A one-hot label $y$ with its 1 at class $k$ and a prediction $\\hat{y}$ over "
                "$C$ classes:",
                "부류 $k$에만 1이 있는 원-핫 레이블 $y$와 $C$개 부류 위의 예측 $\\hat{y}$:",
            ),
            conclusion=tr(
                "Minimising the loss is minimising the negative log-likelihood, that is, "
                "maximising the likelihood $\\prod_i \\hat{y}_i$ of the labels; the factor "
                "$\\frac{1}{N}$ only makes the loss a mean that does not grow with the batch.",
                "손실을 줄이는 것은 음의 로그 가능도를 줄이는 것, 곧 레이블의 가능도 "
                "$\\prod_i \\hat{y}_i$를 키우는 것이다. 인수 $\\frac{1}{N}$은 손실을 배치 크기와 "
                "무관한 평균으로 만들 뿐이다.",
            ),
        )
        .eq(-yhat.sum(lambda j: y[j] * sp.log(yhat[j]), index="j"), DEFINITION)
        .eq(
            -sp.log(yhat[k]),
            tr("$y_j = 0$ except $y_k = 1$", "$y_k = 1$ 밖에는 $y_j = 0$"),
        )
    )


def label_table() -> Table:
    """The handouts' ten labels and the two predictions, grouped by class."""
    m, q, r = sp.symbols("m q r", positive=True)
    return Table(
        [
            Column(tr("class", "부류"), labels=["A", "B", "C", "D"]),
            Column(tr("samples", "표본 수"), m),
            Column(tr("uniform $\\hat{y}$", "균등 $\\hat{y}$"), q),
            Column("$-\\log \\hat{y}$", -sp.log(q), 4),
            Column(tr("skewed $\\hat{y}$", "치우친 $\\hat{y}$"), r),
            Column("$-\\log \\hat{y}$ ", -sp.log(r), 4),
        ],
        [{m: count, q: "0.25", r: skew} for count, skew in zip(COUNTS, SKEWED, strict=True)],
        title=tr("Ten samples, four classes", "표본 10개, 부류 4개"),
        intro=tr(
            "The data set has 4 samples of class A, 3 of B, 2 of C and 1 of D (one-hot labels). "
            "Every sample gets the same prediction: first uniform, then $(0.4, 0.3, 0.2, 0.1)$.",
            "데이터는 A가 4개, B가 3개, C가 2개, D가 1개이다(원-핫 레이블). 모든 표본에 같은 "
            "예측을 준다: 먼저 균등하게, 다음에는 $(0.4, 0.3, 0.2, 0.1)$로.",
        ),
    )


def uniform_loss() -> Derivation:
    """The uniform prediction: log 4 = 1.3863 nats."""
    quarter = _d("0.25")
    grouped = _plus(
        *(_times(sp.Integer(count), sp.log(quarter, evaluate=False)) for count in COUNTS)
    )
    return (
        Derivation(
            _neg_mean(10, grouped),
            title=tr(
                "The uniform prediction: $\\mathrm{CE} = 1.3863$",
                "균등 예측: $\\mathrm{CE} = 1.3863$",
            ),
            intro=tr(
                "Each sample contributes $-\\log \\hat{y}$ of its true class; grouped by class "
                "(4, 3, 2 and 1 samples), with $\\hat{y} = 0.25$ everywhere:",
                "표본마다 정답 부류의 $-\\log \\hat{y}$를 더한다. 부류별로 묶으면(4, 3, 2, 1개) "
                "모든 곳에서 $\\hat{y} = 0.25$이므로:",
            ),
            conclusion=tr(
                "The handout's 1.3862943611198906 is $\\log 4$ to 16 digits.",
                "강의 자료의 1.3862943611198906은 $\\log 4$를 16자리까지 쓴 값이다.",
            ),
        )
        .eq(
            -sp.log(quarter, evaluate=False),
            tr("$4 + 3 + 2 + 1 = 10$", "$4 + 3 + 2 + 1 = 10$"),
        )
        .eq(sp.log(4), "$\\log \\frac{1}{0.25} = \\log 4$")
        .approx("1.3862943611198906", tr("in nats", "nat 단위"))
    )


def skewed_loss() -> Derivation:
    """The 40/30/20/10 prediction: 1.2799 nats, the entropy of the label frequencies."""
    grouped = _plus(
        *(
            _times(sp.Integer(count), sp.log(_d(skew), evaluate=False))
            for count, skew in zip(COUNTS, SKEWED, strict=True)
        )
    )
    frequencies = Distribution("p", values=SKEWED)
    return (
        Derivation(
            _neg_mean(10, grouped),
            title=tr(
                "The prediction $(0.4, 0.3, 0.2, 0.1)$: $\\mathrm{CE} = 1.2799$",
                "예측 $(0.4, 0.3, 0.2, 0.1)$: $\\mathrm{CE} = 1.2799$",
            ),
            intro=tr(
                "Now every sample gets $\\hat{y} = (0.4, 0.3, 0.2, 0.1)$, which are exactly the "
                "class frequencies $p = (0.4, 0.3, 0.2, 0.1)$ of the labels:",
                "이제 모든 표본에 $\\hat{y} = (0.4, 0.3, 0.2, 0.1)$을 준다. 이 값은 레이블의 "
                "부류 빈도 $p = (0.4, 0.3, 0.2, 0.1)$와 같다:",
            ),
            conclusion=tr(
                "$1.2799 < 1.3863$: predicting the class frequencies beats the uniform guess, "
                "and no constant prediction does better, since the mean loss is "
                "$H(p, \\hat{y}) \\geq H(p)$. (The handout prints the float64 value "
                "1.2798542258336674; the exact value is 1.27985422583366747.)",
                "$1.2799 < 1.3863$: 부류 빈도를 예측하면 균등 예측보다 낫고, 손실의 평균이 "
                "$H(p, \\hat{y}) \\geq H(p)$이므로 어떤 고정된 예측도 이보다 낫지 않다. "
                "(강의 자료의 1.2798542258336674는 float64 값이고, 정확한 값은 "
                "1.27985422583366747이다.)",
            ),
        )
        .eq(
            -frequencies.sum(lambda j: frequencies[j] * sp.log(frequencies[j]), index="j"),
            tr("divide the counts by 10", "개수를 10으로 나눈다"),
        )
        .eq(Entropy(frequencies), tr("the entropy of $p$", "$p$의 엔트로피"))
        .approx("1.279854225833667", tr("in nats", "nat 단위"))
    )


def mnist_table() -> Table:
    """The handouts' MNIST example, one row per sample."""
    q = sp.Symbol("q", positive=True)
    return Table(
        [
            Column(tr("sample", "표본"), labels=["1", "2", "3", "4"]),
            Column(tr("digit", "숫자"), labels=[str(d) for d in DIGITS]),
            Column(tr("$\\hat{y}$ of the digit", "그 숫자의 $\\hat{y}$"), q),
            Column("$-\\log \\hat{y}$", -sp.log(q), 4),
        ],
        [{q: row[digit]} for row, digit in zip(MNIST_ROWS, DIGITS, strict=True)],
        title=tr("Handwritten digits: four samples", "손글씨 숫자: 표본 4개"),
        intro=tr(
            "Ten classes, the digits 0 to 9. Each row of predictions sums to 1; the one-hot "
            "label picks the probability of the true digit.",
            "부류는 숫자 0부터 9까지 10개이다. 예측의 각 행은 합이 1이고, 원-핫 레이블은 정답 "
            "숫자의 확률 하나를 고른다.",
        ),
    )


def mnist_first() -> Derivation:
    """Sample 1 of the MNIST example, with its full label and prediction."""
    y = Labels("y", values=[1 if j == DIGITS[0] else 0 for j in range(10)])
    yhat = Distribution("yhat", values=MNIST_ROWS[0])
    return (
        Derivation(
            CrossEntropy(y, yhat),
            title=tr("Digit 5: the first sample", "숫자 5: 첫 표본"),
            intro=tr(
                "Label $y = (0, 0, 0, 0, 0, 1, 0, 0, 0, 0)$ (the digits 0 to 9 are classes 1 "
                "to 10); the prediction gives $\\hat{y}_6 = 0.7$ to the digit 5 and between 0.01 "
                "and 0.1 to each other digit:",
                "레이블 $y = (0, 0, 0, 0, 0, 1, 0, 0, 0, 0)$(숫자 0부터 9가 부류 1부터 10). "
                "예측은 숫자 5에 $\\hat{y}_6 = 0.7$을, 나머지 숫자에는 각각 0.01에서 0.1 사이를 "
                "준다:",
            ),
        )
        .eq(
            -sp.log(_d("0.7"), evaluate=False),
            tr("only the digit 5 counts", "숫자 5의 항만 남는다"),
        )
        .approx("0.3567", tr("in nats", "nat 단위"))
    )


def mnist_loss() -> Derivation:
    """The mean loss of the four MNIST samples."""
    picked = [row[digit] for row, digit in zip(MNIST_ROWS, DIGITS, strict=True)]
    return (
        Derivation(
            _neg_mean(4, _plus(*(sp.log(_d(v), evaluate=False) for v in picked))),
            title=tr("Handwritten digits: the batch loss", "손글씨 숫자: 배치 손실"),
            intro=tr(
                "The mean of $-\\log \\hat{y}$ over the four samples:",
                "네 표본의 $-\\log \\hat{y}$를 평균한다:",
            ),
            conclusion=tr(
                "The handout gives no value; the loss is 0.3965 nats. It is small because every "
                "sample puts at least 0.6 on its true digit.",
                "강의 자료에는 값이 없다. 손실은 0.3965 nat이며, 모든 표본이 정답 숫자에 0.6 "
                "이상을 주었기 때문에 작다.",
            ),
        )
        .eq(
            _times(sp.Integer(-1), sp.Rational(1, 4), sp.log(_d("0.20475"), evaluate=False)),
            tr(
                "$0.7 \\times 0.6 \\times 0.75 \\times 0.65 = 0.20475$",
                "$0.7 \\times 0.6 \\times 0.75 \\times 0.65 = 0.20475$",
            ),
        )
        .approx("0.3965", tr("in nats", "nat 단위"))
    )


# ---------------------------------------------------------------- binary cross-entropy, in bits


def label_entropy() -> Derivation:
    """The label (1, 0) has no uncertainty."""
    y = Labels("y", values=[1, 0])
    return (
        Derivation(
            Entropy(y, 2),
            title=tr("The label is certain: $H(Y) = 0$", "레이블은 확실하다: $H(Y) = 0$"),
            intro=tr(
                "The true answer is True: $P(Y = \\text{True}) = 1$, $P(Y = \\text{False}) = 0$.",
                "정답은 참이다: $P(Y = \\text{True}) = 1$, $P(Y = \\text{False}) = 0$.",
            ),
            conclusion=tr(
                "(The handout writes this entropy as $E(Y)$; it is $H(Y)$.)",
                "(강의 자료는 이 엔트로피를 $E(Y)$로 썼지만 $H(Y)$이다.)",
            ),
        )
        .eq(
            r"-(0 \times \log_2 0) - (1 \times \log_2 1)",
            tr("definition, in bits", "정의, 비트 단위"),
        )
        .eq(
            0,
            tr("$0 \\log 0 = 0$ and $\\log 1 = 0$", "$0 \\log 0 = 0$이고 $\\log 1 = 0$"),
        )
    )


def prediction_entropy() -> Derivation:
    """The prediction (0.6, 0.4): 0.971 bits."""
    yhat = Distribution("yhat", values=["0.6", "0.4"])
    return (
        Derivation(
            Entropy(yhat, 2),
            title=tr(
                "The prediction is uncertain: $H(\\hat{Y}) = 0.971$ bits",
                "예측은 불확실하다: $H(\\hat{Y}) = 0.971$비트",
            ),
            intro=tr(
                "The sigmoid outputs $\\hat{y} = 0.6$: True with 0.6 (right, since "
                "$0.6 \\geq 0.5$), False with $1 - 0.6 = 0.4$. Two distributions, one per "
                "random variable:",
                "시그모이드 출력이 $\\hat{y} = 0.6$이다: 참일 확률 0.6($0.6 \\geq 0.5$이므로 "
                "맞힌 답), 거짓일 확률 $1 - 0.6 = 0.4$. 확률 변수마다 분포가 하나씩 있다:",
            ),
            conclusion=tr(
                "Entropy measures each distribution alone; how far the prediction is from the "
                "label needs both: the cross-entropy.",
                "엔트로피는 분포 하나만 잰다. 예측이 레이블에서 얼마나 먼지는 둘을 함께 보는 "
                "교차 엔트로피가 잰다.",
            ),
        )
        .eq(r"-(0.6 \times \log_2 0.6) - (0.4 \times \log_2 0.4)", IN_BITS)
        .step(
            Relation.APPROX,
            r"(0.6 \times 0.737) + (0.4 \times 1.322)",
            tr(
                "$-\\log_2 0.6 \\approx 0.737$, $-\\log_2 0.4 \\approx 1.322$",
                "$-\\log_2 0.6 \\approx 0.737$, $-\\log_2 0.4 \\approx 1.322$",
            ),
            tolerance=0.0005,
        )
        .eq(r"0.442 + 0.529", tr("multiply", "곱한다"))
        .eq(_d("0.971"), ADD)
    )


def _bce_example(prediction: str, middle: str, value: str, title: Any, note: Any) -> Derivation:
    """BCE in bits for the label 1 and a sigmoid output ``prediction``."""
    return (
        Derivation(
            BinaryCrossEntropy(1, _d(prediction), 2),
            title=title,
            conclusion=note,
        )
        .eq(
            rf"-(1 \times \log_2 {prediction} + (1 - 1) \times \log_2(1 - {prediction}))",
            tr("definition with $y = 1$, in bits", "$y = 1$에서의 정의, 비트 단위"),
        )
        .step(
            Relation.APPROX,
            rf"-(1 \times ({middle}))",
            rf"$\log_2 {prediction} \approx {middle}$",
            tolerance=0.0005,
        )
        .eq(_d(value), tr("multiply", "곱한다"))
    )


def bce_examples() -> list[Derivation]:
    """The handout's three predictions for the label True: 0.737, 0.152 and 1.737 bits."""
    return [
        _bce_example(
            "0.6",
            "-0.737",
            "0.737",
            tr(
                "Label True, prediction 0.6: $H(Y, \\hat{Y}) = 0.737$ bits",
                "정답 참, 예측 0.6: $H(Y, \\hat{Y}) = 0.737$비트",
            ),
            tr(
                "Only the True term survives: the loss is $-\\log_2 \\hat{y}$.",
                "참의 항만 남는다: 손실은 $-\\log_2 \\hat{y}$이다.",
            ),
        ),
        _bce_example(
            "0.9",
            "-0.152",
            "0.152",
            tr(
                "Closer to the answer, 0.9: $H(Y, \\hat{Y}) = 0.152$ bits",
                "정답에 가까워짐, 0.9: $H(Y, \\hat{Y}) = 0.152$비트",
            ),
            tr(
                "The cross-entropy decreases. The handout's middle step reads "
                "$-(1 \\times 0.152)$; the sign is lost there: $\\log_2 0.9$ is negative.",
                "교차 엔트로피가 줄어든다. 강의 자료의 가운데 단계는 $-(1 \\times 0.152)$로 "
                "부호가 빠졌다: $\\log_2 0.9$는 음수이다.",
            ),
        ),
        _bce_example(
            "0.3",
            "-1.737",
            "1.737",
            tr(
                "Further from the answer, 0.3: $H(Y, \\hat{Y}) = 1.737$ bits",
                "정답에서 멀어짐, 0.3: $H(Y, \\hat{Y}) = 1.737$비트",
            ),
            tr(
                "The cross-entropy increases (and the prediction is now wrong: $0.3 < 0.5$).",
                "교차 엔트로피가 커진다(이제 예측도 틀렸다: $0.3 < 0.5$).",
            ),
        ),
    ]


def sigmoid_threshold() -> Derivation:
    """sigma(0) = 1/2, so the 0.5 threshold on the output is the 0 threshold on the logit."""
    return (
        Derivation(
            r"\sigma(0)",
            title=tr("The threshold 0.5 is the logit 0", "문턱값 0.5는 로짓 0이다"),
            intro=tr(
                "A binary classifier outputs $\\hat{y} = \\sigma(z)$ and predicts True when "
                "$\\hat{y} \\geq 0.5$. At the logit $z = 0$:",
                "이진 분류기는 $\\hat{y} = \\sigma(z)$를 출력하고 $\\hat{y} \\geq 0.5$이면 참으로 "
                "예측한다. 로짓 $z = 0$에서:",
            ),
            conclusion=tr(
                "$\\sigma$ is increasing ($\\sigma' = \\sigma (1 - \\sigma) > 0$), so "
                "$\\sigma(z) \\geq 0.5$ exactly when $z \\geq 0$. The threshold says which side "
                "the answer is on, not how wrong it is: that is the loss's job.",
                "$\\sigma$는 증가 함수($\\sigma' = \\sigma (1 - \\sigma) > 0$)이므로 "
                "$\\sigma(z) \\geq 0.5$는 $z \\geq 0$과 같다. 문턱값은 답이 어느 쪽인지만 "
                "말하고 얼마나 틀렸는지는 말하지 않는다: 그것은 손실이 할 일이다.",
            ),
        )
        .eq(r"\frac{1}{1 + e^{0}}", DEFINITION)
        .eq(sp.Rational(1, 2), "$e^{0} = 1$")
    )


def bce_nonnegative() -> Derivation:
    """BCE is never negative."""
    y, q = sp.symbols("y q")
    return (
        Derivation(
            BinaryCrossEntropy(y, q),
            title=tr(
                "The loss is never negative: $H(Y, \\hat{Y}) \\in [0, \\infty)$",
                "손실은 음수가 아니다: $H(Y, \\hat{Y}) \\in [0, \\infty)$",
            ),
            intro=tr(
                "For a label $y \\in [0, 1]$ and a prediction $\\hat{y} = q \\in (0, 1)$:",
                "레이블 $y \\in [0, 1]$과 예측 $\\hat{y} = q \\in (0, 1)$에 대하여:",
            ),
            conclusion=tr(
                "It is 0 only for a perfect prediction of a hard label, and grows without "
                "bound as $q \\to 0$ for $y = 1$ (the plot below).",
                "딱 맞는 레이블을 완벽히 예측할 때만 0이고, $y = 1$에서 $q \\to 0$이면 한없이 "
                "커진다(아래 그래프).",
            ),
            where={y: UNIT, q: OPEN_UNIT},
        )
        .eq(
            y * (-sp.log(q)) + (1 - y) * (-sp.log(1 - q)),
            DEFINITION,
        )
        .ge(
            0,
            tr(
                "weights $y, 1 - y \\geq 0$; $-\\log q > 0$ and $-\\log(1 - q) > 0$",
                "가중치 $y, 1 - y \\geq 0$; $-\\log q > 0$, $-\\log(1 - q) > 0$",
            ),
        )
    )


def multi_label() -> Derivation:
    """The handout's 'parallel' formula is one BCE per class: the multi-label loss."""
    y, yhat = Probabilities("t", "C"), Probabilities("yhat", "C")
    return Derivation(
        y.sum(lambda j: BinaryCrossEntropy(y[j], yhat[j]), index="j"),
        title=tr(
            "One sigmoid per class: the multi-label loss",
            "부류마다 시그모이드: 다중 레이블 손실",
        ),
        intro=tr(
            "The handout's batched formula $-[y_i^T \\log \\hat{y}_i + (1 - y_i)^T "
            "\\log(1 - \\hat{y}_i)]$ applies the binary cross-entropy to each of the $C$ "
            "outputs separately (targets $t_j$, sigmoid outputs $\\hat{y}_j$):",
            "강의 자료의 배치 공식 $-[y_i^T \\log \\hat{y}_i + (1 - y_i)^T "
            "\\log(1 - \\hat{y}_i)]$는 $C$개 출력 각각에 이진 교차 엔트로피를 따로 적용한다"
            "(목표 $t_j$, 시그모이드 출력 $\\hat{y}_j$):",
        ),
        conclusion=tr(
            "This is the loss for several independent yes/no labels. For one class out of "
            "$C$ (one-hot $y$, softmax outputs) the generalisation of BCE is "
            "$-y^T \\log \\hat{y} = -\\log \\hat{y}_k$, the first derivation of this "
            "topic: the term $(1 - y)^T \\log(1 - \\hat{y})$ is not part of it.",
            "이것은 서로 독립인 예/아니오 레이블 여러 개의 손실이다. $C$개 중 하나를 고르는 "
            "경우(원-핫 $y$, 소프트맥스 출력) BCE의 일반화는 이 주제의 첫 유도인 "
            "$-y^T \\log \\hat{y} = -\\log \\hat{y}_k$이며, 항 "
            "$(1 - y)^T \\log(1 - \\hat{y})$는 들어가지 않는다.",
        ),
    ).eq(
        -y.sum(
            lambda j: y[j] * sp.log(yhat[j]) + (1 - y[j]) * sp.log(1 - yhat[j]),
            index="j",
        ),
        DEFINITION,
    )


def bce_plot() -> Plot:
    """-log2 of the prediction for the label True, from 0 to infinity."""
    q = sp.Symbol("q", positive=True)
    return Plot(
        q,
        (0, 1),
        [
            Curve(
                BinaryCrossEntropy(1, q, 2),
                tr(
                    "$H(Y, \\hat{Y})$ for $y = 1$, bits",
                    "$y = 1$일 때 $H(Y, \\hat{Y})$, 비트",
                ),
            ),
            Curve(
                BinaryCrossEntropy(0, q, 2),
                tr(
                    "$H(Y, \\hat{Y})$ for $y = 0$, bits",
                    "$y = 0$일 때 $H(Y, \\hat{Y})$, 비트",
                ),
            ),
        ],
        title=tr(
            "Binary cross-entropy against the prediction",
            "예측에 따른 이진 교차 엔트로피",
        ),
        intro=tr(
            "For $\\hat{y} \\in (0, 1)$ the loss ranges over $[0, \\infty)$: 0 for a perfect "
            "prediction, without bound for a confidently wrong one. The three examples are "
            "points on the $y = 1$ curve.",
            "$\\hat{y} \\in (0, 1)$에서 손실은 $[0, \\infty)$의 값을 가진다. 완벽한 예측은 0, "
            "자신 있게 틀린 예측은 한없이 커진다. 세 예는 $y = 1$ 곡선 위의 점이다.",
        ),
        xlabel=tr("prediction $\\hat{y}$", "예측 $\\hat{y}$"),
        ylabel=tr("loss in bits", "손실(비트)"),
        ylim=(0, 5),
        legend="north east",
        samples=201,
    )


def minibatch_bce() -> Derivation:
    """The mean of the per-sample BCE over a mini-batch."""
    y, yhat = Probabilities("y", "n"), Probabilities("yhat", "n")
    n = y.n
    return Derivation(
        y.sum(lambda i: BinaryCrossEntropy(y[i], yhat[i])) / n,
        title=tr("Binary cross-entropy over a mini-batch", "미니배치의 이진 교차 엔트로피"),
        intro=tr(
            "A mini-batch of $n$ samples with labels $y_i$ and sigmoid outputs "
            "$\\hat{y}_i$; the loss is the mean of the per-sample losses:",
            "레이블 $y_i$와 시그모이드 출력 $\\hat{y}_i$를 가진 표본 $n$개의 미니배치. 손실은 "
            "표본별 손실의 평균이다:",
        ),
    ).eq(
        -y.sum(lambda i: y[i] * sp.log(yhat[i]) + (1 - y[i]) * sp.log(1 - yhat[i])) / n,
        DEFINITION,
    )


def minibatch_example() -> Derivation:
    """The three examples as one mini-batch."""
    terms = [_times(sp.Integer(-1), Logarithm(_d(v), 2)) for v in ("0.6", "0.9", "0.3")]
    return (
        Derivation(
            _times(sp.Rational(1, 3), _plus(*terms)),
            title=tr("The three predictions as one batch", "세 예측을 한 배치로"),
            intro=tr(
                "Labels $(1, 1, 1)$, predictions $(0.6, 0.9, 0.3)$, in bits:",
                "레이블 $(1, 1, 1)$, 예측 $(0.6, 0.9, 0.3)$, 비트 단위:",
            ),
        )
        .step(
            Relation.APPROX,
            r"\frac{1}{3} (0.737 + 0.152 + 1.737)",
            tr("the three losses above", "위의 세 손실"),
            tolerance=0.0005,
        )
        .approx("0.875", tr("the mean", "평균"))
    )


# ---------------------------------------------------------------- Bernoulli


def bernoulli_cross_entropy() -> Derivation:
    """The cross-entropy of two Bernoulli distributions is the binary cross-entropy."""
    p, q = sp.symbols("p q")
    bp = Distribution("P", values=[1 - p, p])
    bq = Distribution("Q", values=[1 - q, q])
    return (
        Derivation(
            CrossEntropy(bp, bq),
            title=tr(
                "Bernoulli variables: cross-entropy is binary cross-entropy",
                "베르누이 변수: 교차 엔트로피는 이진 교차 엔트로피",
            ),
            intro=tr(
                "$X$ takes only the values 0 and 1 (a Bernoulli variable): under $p$, "
                "$P(X = 1) = p$; under $q$, $Q(X = 1) = q$. Sum over the two values:",
                "$X$는 0과 1만 가진다(베르누이 변수). $p$에서 $P(X = 1) = p$, $q$에서 "
                "$Q(X = 1) = q$이다. 두 값에 대해 더한다:",
            ),
            conclusion=tr(
                "With $p = y$ (the label) and $q = \\hat{y}$ (the sigmoid output) this is the "
                "loss of binary classification.",
                "$p = y$(레이블), $q = \\hat{y}$(시그모이드 출력)로 두면 이진 분류의 손실이다.",
            ),
            where={p: OPEN_UNIT, q: OPEN_UNIT},
        )
        .eq(
            -(1 - p) * sp.log(1 - q) - p * sp.log(q),
            tr(
                "definition; $P(X = 0) = 1 - p$, $Q(X = 0) = 1 - q$",
                "정의; $P(X = 0) = 1 - p$, $Q(X = 0) = 1 - q$",
            ),
        )
        .eq(BinaryCrossEntropy(p, q), tr("binary cross-entropy", "이진 교차 엔트로피"))
    )


def bernoulli_likelihood() -> Derivation:
    """The mean negative log-likelihood of Bernoulli samples is a binary cross-entropy."""
    f, theta = sp.symbols("f theta")
    return Derivation(
        -(f * sp.log(theta) + (1 - f) * sp.log(1 - theta)),
        title=tr(
            "Bernoulli samples: the likelihood is a cross-entropy",
            "베르누이 표본: 가능도는 교차 엔트로피",
        ),
        intro=tr(
            "$N$ coin tosses $x_1, \\ldots, x_N$ with $k$ ones, so the frequency of ones is "
            "$f = k/N$. The likelihood of $\\theta = P(X = 1)$ is "
            "$\\theta^{k} (1 - \\theta)^{N - k}$, and its log divided by $-N$ is:",
            "동전을 $N$번 던져 $x_1, \\ldots, x_N$ 중 1이 $k$번 나왔다. 1의 빈도는 "
            "$f = k/N$이다. $\\theta = P(X = 1)$의 가능도는 "
            "$\\theta^{k} (1 - \\theta)^{N - k}$이고, 그 로그를 $-N$으로 나누면:",
        ),
        conclusion=tr(
            "Maximising the likelihood is minimising the cross-entropy between the data's "
            "frequency $f$ and the model's $\\theta$.",
            "가능도를 최대화하는 것은 데이터의 빈도 $f$와 모델의 $\\theta$ 사이의 교차 "
            "엔트로피를 최소화하는 것이다.",
        ),
        where={f: UNIT, theta: OPEN_UNIT},
    ).eq(BinaryCrossEntropy(f, theta), tr("binary cross-entropy", "이진 교차 엔트로피"))


def bernoulli_mle() -> Derivation:
    """The maximum-likelihood estimate of a Bernoulli parameter is the frequency."""
    f, theta = sp.symbols("f theta")
    return (
        Derivation(
            sp.Derivative(BinaryCrossEntropy(f, theta), theta),
            title=tr(
                "Maximum likelihood: $\\hat{\\theta} = k/N$",
                "최대 가능도 추정: $\\hat{\\theta} = k/N$",
            ),
            intro=tr("Differentiate in $\\theta$:", "$\\theta$로 미분한다:"),
            conclusion=tr(
                "The slope is negative for $\\theta < f$ and positive for $\\theta > f$: the "
                "loss is smallest, the likelihood largest, at $\\hat{\\theta} = f = k/N$.",
                "기울기는 $\\theta < f$에서 음수, $\\theta > f$에서 양수이다. 손실은 "
                "$\\hat{\\theta} = f = k/N$에서 가장 작고, 가능도는 가장 크다.",
            ),
            where={f: UNIT, theta: OPEN_UNIT},
        )
        .eq(
            r"-\frac{f}{\theta} + \frac{1 - f}{1 - \theta}",
            tr("differentiate", "미분한다"),
        )
        .eq((theta - f) / (theta * (1 - theta)), tr("common denominator", "통분한다"))
    )


def bernoulli_plot() -> Plot:
    """The mean negative log-likelihood for 7 ones in 10 tosses."""
    theta = sp.Symbol("theta")
    return Plot(
        theta,
        (0, 1),
        [
            Curve(
                BinaryCrossEntropy(sp.Rational(7, 10), theta),
                tr("$H_b(0.7, \\theta)$, nats", "$H_b(0.7, \\theta)$, nat"),
            )
        ],
        title=tr("7 ones in 10 tosses", "10번 중 1이 7번"),
        intro=tr(
            "The negative mean log-likelihood is smallest at $\\theta = 0.7$, where it equals "
            "$H_b(0.7) = 0.611$ nats.",
            "음의 평균 로그 가능도는 $\\theta = 0.7$에서 가장 작고, 그 값은 "
            "$H_b(0.7) = 0.611$ nat이다.",
        ),
        xlabel="$\\theta$",
        ylabel=tr("loss in nats", "손실(nat)"),
        ylim=(0, 3),
        legend="north east",
    )


def topic() -> Topic:
    """The cross-entropy loss topic."""
    return Topic(
        name="ce_loss",
        title=tr("Cross-entropy as a loss", "손실 함수로서의 교차 엔트로피"),
        summary="CE loss = NLL/N = -log-likelihood/N; worked losses 1.3863, 1.2799, MNIST; BCE in bits (0.971, 0.737, 0.152, 1.737); mini-batch BCE; Bernoulli CE and MLE",
        intro=tr(
            "How the cross-entropy becomes the loss of a classifier: the mean over a batch, "
            "the same thing as the negative log-likelihood, the handouts' worked losses, the "
            "binary case in bits, and the Bernoulli model behind it.",
            "교차 엔트로피가 분류기의 손실이 되는 과정: 배치 평균, 음의 로그 가능도와의 "
            "동일성, 강의 자료의 손실 계산 예, 비트 단위의 이진 경우, 그리고 그 밑에 있는 "
            "베르누이 모델을 다룬다.",
        ),
        derivations=[
            Section(
                tr("The loss over a batch", "배치의 손실"),
                tr(
                    "With one-hot labels the cross-entropy loss is the mean negative "
                    "log-likelihood.",
                    "원-핫 레이블에서 교차 엔트로피 손실은 음의 로그 가능도의 평균이다.",
                ),
            ),
            one_sample(),
            one_hot_batch(),
            label_table(),
            uniform_loss(),
            skewed_loss(),
            mnist_table(),
            mnist_first(),
            mnist_loss(),
            Section(
                tr("Binary cross-entropy, in bits", "이진 교차 엔트로피, 비트 단위"),
                tr(
                    "A sigmoid output and a True/False label: how wrong is the prediction?",
                    "시그모이드 출력과 참/거짓 레이블: 예측은 얼마나 틀렸는가?",
                ),
            ),
            sigmoid_threshold(),
            label_entropy(),
            prediction_entropy(),
            *bce_examples(),
            bce_nonnegative(),
            bce_plot(),
            minibatch_bce(),
            minibatch_example(),
            multi_label(),
            Section(
                tr(
                    "Bernoulli variables and maximum likelihood",
                    "베르누이 변수와 최대 가능도",
                ),
                tr(
                    "The binary cross-entropy is the negative log-likelihood of a coin.",
                    "이진 교차 엔트로피는 동전의 음의 로그 가능도이다.",
                ),
            ),
            bernoulli_cross_entropy(),
            bernoulli_likelihood(),
            bernoulli_mle(),
            bernoulli_plot(),
        ],
    )
