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
from symxent.topic import Topic

LABEL = sp.Interval(0, 1)


def softmax_cross_entropy() -> Derivation:
    """d/dz_k H(y, softmax(z)) = softmax(z)_k - y_k for n classes, n symbolic."""
    z, y = Logits("z", "n"), Labels("y", "n")
    k = z.index("k")
    total = z.sum(lambda i: sp.exp(z[i]), index="i")
    return (
        Derivation(
            sp.Derivative(CrossEntropy(y, SoftmaxVector(z)), z[k]),
            title="Softmax + cross-entropy: the gradient is $\\mathrm{softmax}(z) - y$",
            intro=(
                "Logits $z$ over $n$ classes ($n$ symbolic), target distribution $y$ (one-hot or "
                "soft, summing to 1), loss $H(y, \\mathrm{softmax}(z))$. Differentiate in the logit $z_k$:"
            ),
            conclusion=(
                "The gradient is the prediction minus the target: bounded, and large exactly "
                "when the prediction is confidently wrong."
            ),
        )
        .eq(
            sp.Derivative(-y.sum(lambda j: y[j] * sp.log(Softmax(z, j)), index="j"), z[k]),
            "definition",
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
            "take the factor out of the sum",
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
            title="Sigmoid + binary cross-entropy: the gradient is $\\sigma(z) - y$",
            intro="One logit $z$, label $y \\in [0, 1]$, prediction $\\sigma(z)$:",
            where={y: LABEL},
        )
        .eq(sp.Derivative(-(y * sp.log(s) + (1 - y) * sp.log(1 - s)), z), "definition")
        .eq(
            r"-\left(y \, \frac{\sigma(z)(1 - \sigma(z))}{\sigma(z)}"
            r" - (1 - y) \, \frac{\sigma(z)(1 - \sigma(z))}{1 - \sigma(z)}\right)",
            "chain rule, $\\sigma' = \\sigma (1 - \\sigma)$",
        )
        .eq(-(y * (1 - s) - (1 - y) * s), "cancel")
        .eq(s - y, "expand")
    )


def sigmoid_squared_error() -> Derivation:
    """The squared-error gradient through a sigmoid carries the factor sigma(1 - sigma)."""
    z = sp.Symbol("z", real=True)
    y = sp.Symbol("y")
    s = Sigmoid(z)
    return (
        Derivation(
            sp.Derivative((s - y) ** 2 / 2, z),
            title="Sigmoid + squared error: the gradient is $(\\sigma(z) - y)\\,\\sigma'(z)$",
            intro="The same model trained with the squared error $\\frac{1}{2}(\\sigma(z) - y)^2$:",
            where={y: LABEL},
        )
        .eq(r"(\sigma(z) - y) \, \frac{d}{dz} \sigma(z)", "chain rule")
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
            title="Squared error learns slower: its gradient is at most a quarter of CE's",
            intro="Compare the size of the two gradients for the same $z$ and $y$:",
            conclusion=(
                "$\\sigma(1 - \\sigma) \\leq \\frac{1}{4}$, and it tends to 0 when the sigmoid saturates: "
                "a confidently wrong prediction gets almost no gradient from the squared error, "
                "but a gradient of size $|\\sigma(z) - y|$, close to 1, from the cross-entropy."
            ),
            where={y: LABEL},
        )
        .eq(
            r"\left|\sigma(z) - y\right| \, \sigma(z) (1 - \sigma(z))",
            "the gradient above; $\\sigma (1 - \\sigma) > 0$",
        )
        .le(r"\frac{\left|\sigma(z) - y\right|}{4}", "$\\sigma (1 - \\sigma) \\leq \\frac{1}{4}$")
        .eq(
            sp.Abs(sp.Derivative(BinaryCrossEntropy(y, s), z)) / 4,
            "the CE gradient is $\\sigma - y$",
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
            title="A confidently wrong prediction: $y = 1$, $z = -5$",
            intro="$\\sigma(-5) = 0.0067$: the model is 99.3% sure of the wrong class. Cross-entropy:",
        )
        .eq(s - 1, "$\\sigma(z) - y$")
        .approx("-0.9933", "a strong push")
    )


def confidently_wrong_squared() -> Derivation:
    """The same point under the squared error."""
    z = sp.Symbol("z", real=True)
    at = sp.Integer(-5)
    return (
        Derivation(
            sp.Subs(sp.Derivative((Sigmoid(z) - 1) ** 2 / 2, z), z, at),
            title="The same prediction under the squared error",
            intro="Squared error at the same point:",
            conclusion="About 150 times weaker than the cross-entropy gradient at the same point.",
        )
        .eq(
            r"(\sigma(-5) - 1) \, \sigma(-5) \, (1 - \sigma(-5))",
            "$(\\sigma - y) \\sigma (1 - \\sigma)$",
        )
        .approx("-0.006604", "almost no push")
    )


def softmax_example() -> Derivation:
    """The handout's softmax example: logits (0.9, 1.2, -0.4), target class 2."""
    z = Logits("z", values=["0.9", "1.2", "-0.4"])
    terms = [sp.exp(z[i]) for i in (1, 2, 3)]
    return (
        Derivation(
            -sp.log(Softmax(z, 2)),
            title="A worked example: logits $(0.9, 1.2, -0.4)$, true class 2",
            printer={"decimals": True},
            intro=(
                "$e^z = (2.46, 3.32, 0.67)$, their sum is 6.45, $\\mathrm{softmax}(z) = (0.38, 0.51, 0.10)$. "
                "The loss for the one-hot target $y = (0, 1, 0)$ is $-\\log \\mathrm{softmax}(z)_2$:"
            ),
        )
        .eq(-sp.log(terms[1] / sp.Add(*terms, evaluate=False), evaluate=False), "definition")
        .eq(sp.log(sp.Add(*terms, evaluate=False)) - z[2], "log of a quotient")
        .approx("0.6641", "in nats")
    )


def topic() -> Topic:
    """The gradient topic."""
    return Topic(
        name="softmax_ce_gradient",
        title="Why cross-entropy: the gradients",
        summary="d/dz_k CE(y, softmax(z)) = softmax(z)_k - y_k (n symbolic); sigmoid-BCE; MSE comparison",
        intro=(
            "The gradient of the cross-entropy loss through softmax (or sigmoid) is the "
            "prediction minus the target. The squared error adds a factor $\\sigma(1 - \\sigma)$ "
            "that vanishes when the model is confidently wrong: cross-entropy learns faster."
        ),
        derivations=[
            softmax_cross_entropy(),
            sigmoid_binary_cross_entropy(),
            sigmoid_squared_error(),
            gradient_comparison(),
            confidently_wrong(),
            confidently_wrong_squared(),
            softmax_example(),
        ],
    )
