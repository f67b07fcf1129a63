"""LaTeX as a lecturer writes it: a table of (expression, settings, expected LaTeX).

The rules under test are those of :mod:`symxent.latex.printer`: quantities print as their
names (``H(p)``, ``D_{\\mathrm{KL}}(p \\parallel q)``), logs without needless parentheses
(``\\log p_{i}``), logs after the other factors (``p_{i} \\log p_{i}``), rational coefficients
in front (``\\frac{1}{3} \\log 2``), ``\\log_{2}`` for base 2, class indices by name, positive
terms first, and the settings ``cross_entropy``, ``default_base``, ``decimals``, ``ln_notation``.
"""

from __future__ import annotations

import pytest
import sympy as sp

from symxent import (
    MSE,
    NLL,
    BinaryCrossEntropy,
    BinaryEntropy,
    CrossEntropy,
    Distribution,
    Entropy,
    Expectation,
    Information,
    KLDivergence,
    Labels,
    Logits,
    LogSoftmax,
    LogSumExp,
    MatchProbability,
    Probabilities,
    RealVector,
    Sigmoid,
    Softmax,
    SoftmaxVector,
    SymxentError,
    SymxentLatexPrinter,
    Uniform,
    latex,
    summation_index,
)
from symxent.derivation import decimal
from symxent.quantities.base import Logarithm

p, q = Distribution("p", "n"), Distribution("q", "n")
u = Uniform("u", "n")
n = p.n
z, y = Logits("z", "n"), Labels("y", "n")
k = z.index("k")
c = summation_index("c")
yhat = Probabilities("yhat", "N")
targets = RealVector("y", "N")
x = sp.Symbol("x", positive=True)
label = sp.Symbol("y")


def _log(argument: sp.Expr) -> sp.Expr:
    return sp.log(argument, evaluate=False)


CASES = [
    # --- every quantity, default settings
    ("information", Information(x), {}, r"I(x)"),
    ("information in bits", Information(x, 2), {}, r"I_{2}(x)"),
    ("entropy", Entropy(p), {}, r"H(p)"),
    ("entropy in bits", Entropy(p, 2), {}, r"H_{2}(p)"),
    ("binary entropy", BinaryEntropy(x), {}, r"H_{\mathrm{b}}(x)"),
    ("binary entropy in bits", BinaryEntropy(x, 2), {}, r"H_{\mathrm{b},2}(x)"),
    ("cross-entropy", CrossEntropy(p, q), {}, r"H(p, q)"),
    ("cross-entropy in bits", CrossEntropy(p, q, 2), {}, r"H_{2}(p, q)"),
    ("KL", KLDivergence(p, q), {}, r"D_{\mathrm{KL}}(p \parallel q)"),
    ("KL in bits", KLDivergence(p, q, 2), {}, r"D_{\mathrm{KL},2}(p \parallel q)"),
    ("BCE", BinaryCrossEntropy(label, x), {}, r"\mathrm{BCE}(y, x)"),
    ("BCE in bits", BinaryCrossEntropy(label, x, 2), {}, r"\mathrm{BCE}_{2}(y, x)"),
    (
        "expectation",
        Expectation(p, -sp.log(q[c]), c),
        {},
        r"\mathbb{E}_{c \sim p}\left[- \log q_{c}\right]",
    ),
    ("match probability", MatchProbability(p, q), {}, r"P(X = Y)"),
    ("softmax", Softmax(z, k), {}, r"\mathrm{softmax}(z)_{k}"),
    ("softmax at 2", Softmax(Logits("z", 3), 2), {}, r"\mathrm{softmax}(z)_{2}"),
    ("softmax vector", SoftmaxVector(z), {}, r"\mathrm{softmax}(z)"),
    ("log-softmax", LogSoftmax(z, k), {}, r"\log \mathrm{softmax}(z)_{k}"),
    ("log-sum-exp", LogSumExp(z), {}, r"\mathrm{LSE}(z)"),
    ("NLL", NLL(yhat), {}, r"\mathrm{NLL}(\hat{y})"),
    ("NLL in bits", NLL(yhat, 2), {}, r"\mathrm{NLL}_{2}(\hat{y})"),
    ("MSE", MSE(targets, yhat), {}, r"\mathrm{MSE}(y, \hat{y})"),
    ("sigmoid", Sigmoid(x), {}, r"\sigma(x)"),
    ("sigmoid squared", Sigmoid(x) ** 2, {}, r"\sigma(x)^{2}"),
    ("CE of a softmax", CrossEntropy(y, SoftmaxVector(z)), {}, r"H(y, \mathrm{softmax}(z))"),
    ("exp of minus CE", sp.exp(-CrossEntropy(p, q)), {}, r"e^{- H(p, q)}"),
    (
        "gradient",
        sp.Derivative(CrossEntropy(y, SoftmaxVector(z)), z[k]),
        {},
        r"\frac{\partial}{\partial z_{k}} H(y, \mathrm{softmax}(z))",
    ),
    # --- definitions: logs bare, logs last, sums with their range
    ("entropy definition", Entropy(p).definition(), {}, r"- \sum_{i=1}^{n} p_{i} \log p_{i}"),
    ("CE definition", CrossEntropy(p, q).definition(), {}, r"- \sum_{i=1}^{n} p_{i} \log q_{i}"),
    (
        "KL definition",
        KLDivergence(p, q).definition(),
        {},
        r"\sum_{i=1}^{n} p_{i} \log \frac{p_{i}}{q_{i}}",
    ),
    (
        "entropy in bits, definition",
        Entropy(p, 2).definition(),
        {},
        r"- \sum_{i=1}^{n} p_{i} \log_{2} p_{i}",
    ),
    (
        "softmax definition",
        Softmax(z, k).definition(),
        {},
        r"\frac{e^{z_{k}}}{\sum_{j=1}^{n} e^{z_{j}}}",
    ),
    ("LSE definition", LogSumExp(z).definition(), {}, r"\log\left(\sum_{j=1}^{n} e^{z_{j}}\right)"),
    (
        "match probability definition",
        MatchProbability(p, q).definition(),
        {},
        r"\sum_{c=1}^{n} p_{c} q_{c}",
    ),
    (
        "MSE definition",
        MSE(targets, yhat).definition(),
        {},
        r"\frac{\sum_{i=1}^{N} \left(y_{i} - \hat{y}_{i}\right)^{2}}{N}",
    ),
    # --- logarithms
    ("log of an entry", sp.log(p[1]), {}, r"\log p_{1}"),
    ("log of a quotient", sp.log(p[1] / q[1]), {}, r"\log \frac{p_{1}}{q_{1}}"),
    ("log of 1/x", sp.log(1 / x), {}, r"\log \frac{1}{x}"),
    ("log of a sum", sp.log(x + 1), {}, r"\log\left(x + 1\right)"),
    ("log of a product", sp.log(n * p[1]), {}, r"\log\left(n p_{1}\right)"),
    ("log base 2 of 1/8", Logarithm(sp.Rational(1, 8), 2), {}, r"\log_{2} \frac{1}{8}"),
    ("log base 2 of x", Logarithm(x, 2), {}, r"\log_{2} x"),
    ("log squared", sp.log(x) ** 2, {}, r"\log^{2}\left(x\right)"),
    ("one over log 2", 1 / sp.log(2), {}, r"\frac{1}{\log 2}"),
    ("log x over log 2", sp.log(x) / sp.log(2), {}, r"\frac{\log x}{\log 2}"),
    # --- coefficients first, logs last
    ("third of log 2", sp.log(2) / 3, {}, r"\frac{1}{3} \log 2"),
    ("minus a third of log 2", -sp.log(2) / 3, {}, r"- \frac{1}{3} \log 2"),
    ("two log 2", 2 * sp.log(2), {}, r"2 \log 2"),
    ("log x over n", sp.log(x) / n, {}, r"\frac{1}{n} \log x"),
    ("3 log x over n", 3 * sp.log(x) / n, {}, r"\frac{3}{n} \log x"),
    (
        "1/n log 1/n",
        sp.Mul(1 / n, _log(1 / n), evaluate=False),
        {},
        r"\frac{1}{n} \log \frac{1}{n}",
    ),
    ("x log x", x * sp.log(x), {}, r"x \log x"),
    ("minus p log p", -p[1] * sp.log(p[1]), {}, r"- p_{1} \log p_{1}"),
    (
        "(1 - x) log(1 - x)",
        (1 - x) * sp.log(1 - x),
        {},
        r"\left(1 - x\right) \log\left(1 - x\right)",
    ),
    (
        "two logs: inner one in parentheses",
        x * sp.log(x) * sp.log(2),
        {},
        r"x \log\left(2\right) \log x",
    ),
    (
        "binary entropy expanded",
        -(x * sp.log(x) + (1 - x) * sp.log(1 - x)),
        {},
        r"- x \log x - \left(1 - x\right) \log\left(1 - x\right)",
    ),
    # --- order of terms and indices
    ("positive term first", Sigmoid(x) - label, {}, r"\sigma(x) - y"),
    ("positive term first, minus log", -sp.log(q[1]) + 1, {}, r"1 - \log q_{1}"),
    ("softmax minus label", Softmax(z, k) - y[k], {}, r"\mathrm{softmax}(z)_{k} - y_{k}"),
    (
        "log n minus KL",
        sp.log(n) - KLDivergence(p, u),
        {},
        r"\log n - D_{\mathrm{KL}}(p \parallel u)",
    ),
    ("class index by name", q[k], {}, r"q_{k}"),
    ("shifted index", p[k + 1], {}, r"p_{k + 1}"),
    (
        "sigma (1 - sigma)",
        Sigmoid(x) * (1 - Sigmoid(x)),
        {},
        r"\sigma(x) \left(1 - \sigma(x)\right)",
    ),
    ("decimal keeps its digits", decimal("0.2310")[0], {}, r"0.2310"),
    ("small decimal", Information(decimal("0.000000001")[0]), {}, r"I(0.000000001)"),
    ("fraction", sp.Rational(6, 5), {}, r"\frac{6}{5}"),
    # --- settings
    ("CE setting", CrossEntropy(p, q), {"cross_entropy": "CE"}, r"\mathrm{CE}(p, q)"),
    ("CE setting, bits", CrossEntropy(p, q, 2), {"cross_entropy": "CE"}, r"\mathrm{CE}_{2}(p, q)"),
    (
        "CE setting in a softmax loss",
        CrossEntropy(y, SoftmaxVector(z)),
        {"cross_entropy": "CE"},
        r"\mathrm{CE}(y, \mathrm{softmax}(z))",
    ),
    ("H setting", CrossEntropy(p, q), {"cross_entropy": "H"}, r"H(p, q)"),
    ("bits by default: no subscript", Entropy(p, 2), {"default_base": 2}, r"H(p)"),
    ("bits by default: nats marked", Entropy(p), {"default_base": 2}, r"H_{e}(p)"),
    (
        "bits by default: KL",
        KLDivergence(p, q, 2),
        {"default_base": 2},
        r"D_{\mathrm{KL}}(p \parallel q)",
    ),
    (
        "bits by default: BCE",
        BinaryCrossEntropy(label, x, 2),
        {"default_base": 2},
        r"\mathrm{BCE}(y, x)",
    ),
    (
        "bits by default: binary entropy",
        BinaryEntropy(x, 2),
        {"default_base": 2},
        r"H_{\mathrm{b}}(x)",
    ),
    ("bits by default: base 10 marked", Entropy(p, 10), {"default_base": 2}, r"H_{10}(p)"),
    ("decimals: fraction", sp.Rational(6, 5), {"decimals": True}, r"1.2"),
    ("decimals: negative", -sp.Rational(7, 4), {"decimals": True}, r"-1.75"),
    ("decimals: not terminating", sp.Rational(1, 3), {"decimals": True}, r"\frac{1}{3}"),
    ("decimals: too many places", sp.Rational(1, 2**13), {"decimals": True}, r"\frac{1}{8192}"),
    (
        "decimals: coefficient of a log",
        sp.Rational(1, 8) * sp.log(2),
        {"decimals": True},
        r"0.125 \log 2",
    ),
    ("decimals: coefficient of a symbol", sp.Rational(3, 8) * x, {"decimals": True}, r"0.375 x"),
    ("decimals: exponent", sp.exp(sp.Rational(9, 10)), {"decimals": True}, r"e^{0.9}"),
    (
        "decimals: logits, sum as written",
        sp.log(sp.Add(sp.exp(sp.Rational(9, 10)), sp.exp(-sp.Rational(2, 5)), evaluate=False))
        - sp.Rational(6, 5),
        {"decimals": True},
        r"\log\left(e^{0.9} + e^{-0.4}\right) - 1.2",
    ),
    (
        "ln notation",
        Entropy(p).definition(),
        {"ln_notation": True},
        r"- \sum_{i=1}^{n} p_{i} \ln p_{i}",
    ),
    ("ln notation: power", sp.log(x) ** 2, {"ln_notation": True}, r"\ln^{2}\left(x\right)"),
    ("ln notation: base 2 stays", Logarithm(x, 2), {"ln_notation": True}, r"\log_{2} x"),
    (
        "ln notation: log-softmax",
        LogSoftmax(z, k),
        {"ln_notation": True},
        r"\ln \mathrm{softmax}(z)_{k}",
    ),
]


@pytest.mark.parametrize(
    ("expr", "settings", "expected"), [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_latex(expr: sp.Basic, settings: dict[str, object], expected: str) -> None:
    assert latex(expr, **settings) == expected


def test_the_table_covers_every_quantity() -> None:
    from symxent import quantities

    printed = {type(case[1]).__name__ for case in CASES}
    for name in quantities.__all__:
        cls = getattr(quantities, name)
        if (
            isinstance(cls, type)
            and issubclass(cls, sp.Basic)
            and name not in ("SymbolicQuantity", "Logarithm")
        ):
            assert name in printed, f"no printer case for {name}"


def test_sympy_latex_uses_the_quantity_printing() -> None:
    assert sp.latex(KLDivergence(p, q)) == r"D_{\mathrm{KL}}(p \parallel q)"


def test_printer_class_takes_settings() -> None:
    printer = SymxentLatexPrinter({"default_base": 2, "cross_entropy": "CE"})
    assert printer.doprint(CrossEntropy(p, q, 2)) == r"\mathrm{CE}(p, q)"


def test_unknown_cross_entropy_setting_is_an_error() -> None:
    with pytest.raises(SymxentError, match="must be 'H' or 'CE'"):
        latex(CrossEntropy(p, q), cross_entropy="XE")
