r"""Faithful reading: every part of a formula is used or named in an error.

Covers what issue 10 (A.1, A.4) found read wrongly or not at all: ``%`` comments, a second claim
after ``\quad``, conditions, text that is neither a unit nor a caption, parameters after ``;``,
condition bars, absolute values, ``\max``/``\min``/``\prod``, parenthesised sums, a sum in a
numerator, tuples as two-outcome distributions, vector arithmetic and ASCII ``>=``/``<=``.
Every true form is accepted and its generated wrong variants (sign flip, wrong power, wrong
index, swapped arguments, dropped term) are refuted or unknown, never accepted. Truth is
decided by mpmath at sample points, independently of symxent.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import mpmath
import pytest
import sympy as sp

from symxent import Distribution, Entropy
from symxent.errors import LatexParseError
from symxent.latex.normalize import clean
from symxent.latex.parse import parse, parse_expression
from symxent.latex.prepare import mark_bars
from symxent.lecture import check_text, verify
from symxent.quantities.reductions import Maximum, Minimum

ACCEPTED = ("proved", "confirmed")
REJECTED = ("refuted", "unknown")

# ---------------------------------------------------------------- comments and ASCII relations


@pytest.mark.parametrize(
    ("latex", "sides"),
    [
        ("1 = 1 % comment", (1, 1)),
        ("2 = 2 % a = b", (2, 2)),
        (r"12.5\% = \frac{1}{8}", (sp.Rational(1, 8), sp.Rational(1, 8))),
        ("50 % = 0.5", None),  # the comment leaves "50": no relation
    ],
)
def test_a_percent_comment_runs_to_the_end_of_the_line(latex: str, sides: object) -> None:
    if sides is None:
        with pytest.raises(LatexParseError, match="no relation"):
            parse(latex)
        return
    assert parse(latex).expressions == sides


def test_a_comment_in_markdown_math_is_not_a_product() -> None:
    report = check_text("$$1 = 1 % comment$$\n")
    assert [row.status for row in report.rows] == ["proved"]


@pytest.mark.parametrize(
    ("latex", "relation"),
    [("a >= b", ">="), ("a <= b", "<="), ("a != b", "≠"), ("a \\leqq b", "<=")],
)
def test_ascii_relations(latex: str, relation: str) -> None:
    equation = clean(latex).text
    from symxent.latex.normalize import split_chain

    assert split_chain(equation)[1] == [relation]


# ---------------------------------------------------------------- after \quad


def test_a_parenthesised_relation_after_quad_is_a_second_claim() -> None:
    result = verify(r"H(p) \ge 0 \quad (H(p) \le \log 3)")
    assert [row.status for row in result.rows] == ["proved", "refuted"]  # H ≥ 0 by lemmas
    # H(p) <= log 3 fails from n = 4 on: the uniform distribution on 4 classes has log 4.
    assert mpmath.log(4) > mpmath.log(3)


@pytest.mark.parametrize(
    ("latex", "facts"),
    [
        (r"\sqrt{x^2} = x \quad (x \geq 0)", ("x:nonnegative",)),
        (r"\log(ab) = \log a + \log b \quad (a, b > 0)", ("a:positive", "b:positive")),
        (r"x^2 \ge 0 \quad \text{for } x \in \mathbb{R}", ("x:real",)),
        (r"\log \frac{x}{1-x} = 0 \quad (0 < x < 1)", ("x:probability",)),
        (r"P(X_a = c) = 0 \quad (c \neq 1)", ()),  # one point excluded
    ],
)
def test_a_condition_after_quad_applies_to_the_claim(latex: str, facts: tuple[str, ...]) -> None:
    assert clean(latex).facts == facts


@pytest.mark.parametrize(
    "latex",
    [
        r"f(x) = 1 \quad (x \le 3)",
        r"x = 1 \quad \text{if } x^2 = 1",
        r"H(p) = 0 \quad \forall p",
    ],
)
def test_a_condition_that_cannot_be_applied_refuses_the_claim(latex: str) -> None:
    with pytest.raises(LatexParseError, match="condition"):
        verify(latex)


@pytest.mark.parametrize(
    ("latex", "named"),
    [
        (r"H(p) \ge 0 \quad \text{(Gibbs)}", "Gibbs"),
        (r"H(p) = 0 \text{ iff } p = q", "iff"),
        (r"H(p) \ge 0 \quad P(x)", "no relation"),
        (r"\sigma(x; w) = 1", "parameters ; w"),
        (r"z(y|x) = 1", "conditional"),
        (r"\sigma(z | x) = 1", "condition | x"),
        (r"y^T \log \hat{y} = 1", "transpose"),
    ],
)
def test_what_cannot_be_used_is_named_never_dropped(latex: str, named: str) -> None:
    with pytest.raises(LatexParseError, match=named):
        verify(latex)


@pytest.mark.parametrize(
    "application",
    [r"H(p)", r"p(x)", r"P(X = 1)", r"\max(a, b)", r"\sigma(x)", r"\mathrm{CE}(p, q)", r"H(X, Y)"],
)
@pytest.mark.parametrize("subscript", ["_2", "_k", "_{i+1}"])
def test_a_subscript_after_an_application_is_named_never_dropped(
    application: str, subscript: str
) -> None:
    # H(p)_2 was read as H(p) and p(x)_1 as p(x): only softmax(z)_k takes a component
    with pytest.raises(LatexParseError, match="a subscript on something that is not a name"):
        parse(application + subscript + " = 1")


@pytest.mark.parametrize("subscript", ["_2", "_k"])
def test_softmax_keeps_its_component(subscript: str) -> None:
    assert parse(r"\mathrm{softmax}(z)" + subscript + " = 1").expressions[0].func.__name__ == (
        "Softmax"
    )


@pytest.mark.parametrize(
    ("latex", "status"),
    [
        (r"\log 8 = 3 \text{ bits}", "proved"),
        (r"\log_2 8 = 3 \quad \text{bits}", "proved"),
        (r"\log 8 = 3 \text{ nats}", "refuted"),  # ln 8 = 2.079
        (r"\log 8 = 3", "refuted"),  # natural log by default
        (r"\text{Entropy: } H(p) = -\sum_x p(x) \log p(x)", "proved"),  # a caption
    ],
)
def test_units_choose_the_base_and_captions_are_text(latex: str, status: str) -> None:
    assert verify(latex).status == status


def test_a_parameter_after_a_semicolon_names_the_distribution() -> None:
    chain = parse(r"\sum_x p(x; \theta) = 1")
    (vector,) = chain.expressions[0].atoms(sp.Indexed)
    assert str(vector.base) == "p_theta"


# ---------------------------------------------------------------- bars


@pytest.mark.parametrize(
    ("text", "marked"),
    [
        ("|a - b|", r"\lvert a - b\rvert "),
        ("p(y|x)", "p(y|x)"),
        ("KL(p || q)", "KL(p || q)"),
        (r"\sigma(|x|)", r"\sigma(\lvert x\rvert )"),
        ("2|x| + |y|", r"2\lvert x\rvert  + \lvert y\rvert "),
        (r"\sum_i |p_i - q_i|", r"\sum_i \lvert p_i - q_i\rvert "),
        ("||x| - |y||", r"\lvert \lvert x\rvert  - \lvert y\rvert \rvert "),
    ],
)
def test_absolute_value_bars_and_condition_bars_are_told_apart(text: str, marked: str) -> None:
    assert mark_bars(text) == marked


# ---------------------------------------------------------------- notation: reading


def test_max_min_and_prod_over_the_classes_read_as_reductions() -> None:
    p = Distribution("p", "n")
    i = sp.Symbol("i", integer=True)
    assert parse_expression(r"\max_i p_i") == Maximum(p[i], (i, 1, p.n))
    assert parse_expression(r"\min_{i} p_i") == Minimum(p[i], (i, 1, p.n))
    assert parse_expression(r"\prod_{i=1}^{n} p_i") == sp.Product(p[i], (i, 1, p.n))
    assert parse_expression(r"\max_{i=1}^{3} i") == 3


def test_a_sum_in_a_numerator_and_a_parenthesised_sum() -> None:
    p = Distribution("p", "n")
    expr = parse_expression(r"\frac{-\sum_i p_i \ln p_i}{\ln 2}")
    assert sp.simplify(expr.doit() - Entropy(p, 2).doit()) == 0
    i = sp.Symbol("i", integer=True)
    assert parse_expression(r"\left(\sum_i p_i\right)^2") == sp.Sum(p[i], (i, 1, p.n)) ** 2


@pytest.mark.parametrize(
    ("latex", "exponent"),
    [
        ("1/e", -1),
        (r"\frac{1}{e}", -1),
        (r"\frac{1}{e^2}", -2),
        (r"\frac{e}{e^{3}}", -2),
        (r"\sqrt{e}", sp.Rational(1, 2)),
        (r"\frac{1}{\sqrt{e}}", sp.Rational(-1, 2)),
        (r"\sqrt[3]{e}", sp.Rational(1, 3)),
    ],
)
def test_a_power_of_e_written_with_a_fraction_or_a_root(latex: str, exponent: sp.Expr) -> None:
    # the parser writes 1/e as Pow(E, -1) and sqrt(e) as Pow(E, 1/2), which SymPy counts as an
    # exp: both were read as e^e
    value = parse_expression(latex)
    assert value == sp.exp(exponent)
    assert abs(float(value) - float(mpmath.e ** mpmath.mpf(float(exponent)))) < 1e-15


def test_one_over_e_is_judged_at_its_value() -> None:
    # 1/e = 0.3678794411... (mpmath.e ** -1), so 0.36788 holds to its digits and 0.36787 does not
    assert mpmath.nstr(1 / mpmath.e, 10) == "0.3678794412"
    assert verify(r"\frac{1}{e} = 0.36788").rows[0].status in ("rounded", "proved")
    assert verify(r"\frac{1}{e} = 0.36787").rows[0].status == "refuted"
    assert verify(r"x \cdot \frac{1}{e} = x e^{-1}").rows[0].status == "proved"


# ---------------------------------------------------------------- notation: verdicts


def _sampled(claim: Callable[..., bool], count: int = 3, points: int = 40) -> bool:
    """Whether ``claim(p, q)`` holds on random distributions of 2..count+1 classes (mpmath)."""
    rng = random.Random(10)
    for n in range(2, count + 2):
        for _ in range(points):
            raw_p = [mpmath.mpf(rng.random()) + mpmath.mpf("1e-9") for _ in range(n)]
            raw_q = [mpmath.mpf(rng.random()) + mpmath.mpf("1e-9") for _ in range(n)]
            p = [v / sum(raw_p) for v in raw_p]
            q = [v / sum(raw_q) for v in raw_q]
            if not claim(p, q):
                return False
    return True


def _h(p: list[mpmath.mpf]) -> mpmath.mpf:
    return -sum(v * mpmath.log(v) for v in p)


# (claim, truth): a function of two random distributions p, q checked with mpmath, or a truth
# decided by hand (a comment says why).
NOTATION: list[tuple[str, bool | Callable[..., bool]]] = [
    # \max, \min over the classes
    (r"\max_i p_i \le 1", lambda p, q: max(p) <= 1),
    (r"\max_i p_i \ge \frac{1}{n}", lambda p, q: max(p) >= mpmath.mpf(1) / len(p)),
    (r"\max_i p_i < \frac{1}{n}", lambda p, q: max(p) < mpmath.mpf(1) / len(p)),  # reversed
    (r"H(p) \ge -\log \max_i p_i", lambda p, q: _h(p) >= -mpmath.log(max(p)) - 1e-12),
    (r"H(p) \le -\log \max_i p_i", lambda p, q: _h(p) <= -mpmath.log(max(p))),  # reversed
    (r"H(p) \le -\log \min_i p_i", lambda p, q: _h(p) <= -mpmath.log(min(p)) + 1e-12),
    (r"\min_i p_i \le \frac{1}{n}", lambda p, q: min(p) <= mpmath.mpf(1) / len(p)),
    (r"\min_i p_i \ge \frac{1}{n}", lambda p, q: min(p) >= mpmath.mpf(1) / len(p)),  # reversed
    # \prod
    (r"\prod_{i=1}^{n} q_i \le 1", lambda p, q: mpmath.fprod(q) <= 1),
    (r"\prod_{i=1}^{n} q_i \ge 1", lambda p, q: mpmath.fprod(q) >= 1),  # reversed
    (
        r"\log \prod_{i=1}^{n} q_i = \sum_{i=1}^{n} \log q_i",
        lambda p, q: mpmath.almosteq(mpmath.log(mpmath.fprod(q)), sum(map(mpmath.log, q))),
    ),
    (
        r"\log \prod_{i=1}^{n} q_i = \sum_{i=1}^{n} \log p_i",  # wrong vector
        lambda p, q: mpmath.almosteq(mpmath.log(mpmath.fprod(q)), sum(map(mpmath.log, p))),
    ),
    # absolute values
    (
        r"\sum_i |p_i - q_i| \le 2",
        lambda p, q: sum(abs(a - b) for a, b in zip(p, q, strict=True)) <= 2,
    ),
    (
        r"\sum_i |p_i - q_i| \le 1",
        lambda p, q: sum(abs(a - b) for a, b in zip(p, q, strict=True)) <= 1,
    ),
    (r"\sum_i \left| p_i - q_i \right| \ge 0", True),  # a sum of absolute values
    (
        r"\sum_i |p_i - q_i| = \sum_i (p_i - q_i)",  # dropped bars: the right side is 0
        lambda p, q: mpmath.almosteq(sum(abs(a - b) for a, b in zip(p, q, strict=True)), 0),
    ),
    # parenthesised sums, a sum in a numerator
    (r"\left(\sum_i p_i\right)^2 = 1", True),  # p sums to 1
    (r"\left(\sum_i p_i\right)^2 = 2", False),  # wrong constant
    (r"\left(\sum_{i} p_i\right) \log 2 = \log 2", True),
    (r"\left(\sum_{i} p_i\right) \log 2 = \log 4", False),  # wrong power: log 4 = 2 log 2
    (r"\frac{-\sum_i p_i \ln p_i}{\ln 2} = H(p)", False),  # bits on the left, nats on the right
    (r"\frac{-\sum_i p_i \ln p_i}{\ln 2} = \frac{H(p)}{\ln 2}", True),
    (r"\frac{\sum_i p_i \ln p_i}{\ln 2} = \frac{H(p)}{\ln 2}", False),  # sign flip
    # vector arithmetic
    (r"\mathrm{softmax}(z + c)_k = \mathrm{softmax}(z)_k", True),  # e^c cancels
    (r"\mathrm{softmax}(z - \max_j z_j)_k = \mathrm{softmax}(z)_k", True),  # the same shift
    (r"\mathrm{softmax}(2 z)_k = \mathrm{softmax}(z)_k", False),  # (1, 0): 0.881 vs 0.731
    (r"\mathrm{softmax}(z + c)_k = \mathrm{softmax}(z)_k + c", False),  # c = 1: off by 1
    (
        r"H(\frac{p + q}{2}) \ge \frac{H(p) + H(q)}{2}",  # concavity of H
        lambda p, q: (
            _h([(a + b) / 2 for a, b in zip(p, q, strict=True)]) >= (_h(p) + _h(q)) / 2 - 1e-12
        ),
    ),
    (
        r"H(\frac{p + q}{2}) \le \frac{H(p) + H(q)}{2}",  # reversed
        lambda p, q: _h([(a + b) / 2 for a, b in zip(p, q, strict=True)]) <= (_h(p) + _h(q)) / 2,
    ),
]


@pytest.mark.parametrize(("latex", "truth"), NOTATION)
def test_notation_is_read_and_judged_by_its_truth(
    latex: str, truth: bool | Callable[..., bool]
) -> None:
    holds = truth if isinstance(truth, bool) else _sampled(truth)
    status = verify(latex).status
    if holds:
        assert status in ACCEPTED, (latex, status)
    else:
        assert status in REJECTED, (latex, status)


# (claim, true?) for two-outcome vectors written as tuples; y, yhat in (0, 1).
TUPLES = [
    (r"H\big((y, 1-y), (\hat y, 1-\hat y)\big) = -y \log \hat y - (1-y)\log(1-\hat y)", True),
    (r"H\big((y, 1-y), (\hat y, 1-\hat y)\big) = -y \log \hat y + (1-y)\log(1-\hat y)", False),
    (r"H\big((y, 1-y), (\hat y, 1-\hat y)\big) = -(1-y) \log \hat y - y \log(1-\hat y)", False),
    (r"H\big((y, 1-y), (\hat y, 1-\hat y)\big) = -y \log \hat y", False),  # dropped term
    (r"H\big((\hat y, 1-\hat y), (y, 1-y)\big) = -y \log \hat y - (1-y)\log(1-\hat y)", False),
    (r"H((p, 1-p)) = H_b(p)", True),
    (
        r"D_{KL}((p, 1-p) \parallel (q, 1-q)) = p \log \frac{p}{q} + (1-p) \log \frac{1-p}{1-q}",
        True,
    ),
    (r"D_{KL}((p, 1-p) \parallel (q, 1-q)) = p \log \frac{p}{q}", False),  # dropped term
    (r"H((0.5, 0.5)) = \log 2", True),
    (r"H((0.5, 0.5)) = \log 3", False),
]


def _tuple_truth(latex: str) -> bool:
    """The tuple claims above, checked with mpmath at (y, yhat) = (0.3, 0.8), (p, q) likewise."""
    y, yh = mpmath.mpf("0.3"), mpmath.mpf("0.8")

    def ce(a: list[mpmath.mpf], b: list[mpmath.mpf]) -> mpmath.mpf:
        return -sum(u * mpmath.log(v) for u, v in zip(a, b, strict=False))

    table = {
        0: ce([y, 1 - y], [yh, 1 - yh]) - (-y * mpmath.log(yh) - (1 - y) * mpmath.log(1 - yh)),
        1: ce([y, 1 - y], [yh, 1 - yh]) - (-y * mpmath.log(yh) + (1 - y) * mpmath.log(1 - yh)),
        2: ce([y, 1 - y], [yh, 1 - yh]) - (-(1 - y) * mpmath.log(yh) - y * mpmath.log(1 - yh)),
        3: ce([y, 1 - y], [yh, 1 - yh]) - (-y * mpmath.log(yh)),
        4: ce([yh, 1 - yh], [y, 1 - y]) - ce([y, 1 - y], [yh, 1 - yh]),
        5: ce([y, 1 - y], [y, 1 - y]) - (-y * mpmath.log(y) - (1 - y) * mpmath.log(1 - y)),
        6: (ce([y, 1 - y], [yh, 1 - yh]) - ce([y, 1 - y], [y, 1 - y]))
        - (y * mpmath.log(y / yh) + (1 - y) * mpmath.log((1 - y) / (1 - yh))),
        7: (ce([y, 1 - y], [yh, 1 - yh]) - ce([y, 1 - y], [y, 1 - y])) - y * mpmath.log(y / yh),
        8: ce([mpmath.mpf(0.5)] * 2, [mpmath.mpf(0.5)] * 2) - mpmath.log(2),
        9: ce([mpmath.mpf(0.5)] * 2, [mpmath.mpf(0.5)] * 2) - mpmath.log(3),
    }
    position = [text for text, _ in TUPLES].index(latex)
    return bool(mpmath.almosteq(table[position], 0))


@pytest.mark.parametrize(("latex", "true"), TUPLES)
def test_tuples_are_two_outcome_distributions(latex: str, true: bool) -> None:
    assert _tuple_truth(latex) == true
    status = verify(latex).status
    if true:
        assert status in ACCEPTED, (latex, status)
    else:
        assert status in REJECTED, (latex, status)


def test_an_unknown_named_function_is_never_a_product() -> None:
    # w(1 - w) is a product; softmax-like words applied to a bracket are functions
    assert verify(r"w(1-w) \le \frac{1}{4}").status == "proved"
    with pytest.raises(LatexParseError, match="not defined"):
        verify(r"\mathrm{foo}(1 - x) = 1")


@pytest.mark.parametrize(
    ("latex", "status"),
    [
        # Cover & Thomas list the probabilities: H(1/2, 1/4, 1/8, 1/8) = 1.75 bits
        (r"H\left(\frac{1}{2}, \frac{1}{4}, \frac{1}{8}, \frac{1}{8}\right) = 1.75", ACCEPTED),
        (r"H\left(\frac{1}{2}, \frac{1}{4}, \frac{1}{8}, \frac{1}{8}\right) = 2", REJECTED),
        (r"H(0.5, 0.5) = 1", ACCEPTED),
        (r"H(0.5, 0.5) = 2", REJECTED),
    ],
)
def test_probabilities_listed_in_h_are_a_distribution(latex: str, status: tuple[str, ...]) -> None:
    # in bits: -(1/2 log 1/2 + 1/4 log 1/4 + 2/8 log 1/8) = 1/2 + 1/2 + 3/4 = 1.75
    assert verify(latex, base="2").status in status


@pytest.mark.parametrize(
    "latex",
    [r"H(p, 1 - p) = 1", r"H(1 - p) \ge 0", r"D_{KL}(p \parallel 2q) \ge 0"],
)
def test_a_vector_expression_that_is_not_a_distribution_is_named(latex: str) -> None:
    # 1 - p has entries summing to n - 1, 2q to 2: neither is a distribution
    with pytest.raises(LatexParseError, match="is not a distribution here"):
        verify(latex)


def test_a_tuple_that_is_not_a_distribution_is_named() -> None:
    with pytest.raises(LatexParseError, match="sum to 6/5"):
        verify(r"H((0.5, 0.7)) = \log 2")


@pytest.mark.parametrize(
    ("latex", "status"),
    [
        # softplus(x) = ln(1 + e^x), tanh, ReLU: functions of one number
        (r"\log \sigma(x) = -\mathrm{softplus}(-x)", ACCEPTED),
        (r"\log \sigma(x) = -\mathrm{softplus}(x)", REJECTED),  # sign flip
        (r"\mathrm{softplus}(x) - \mathrm{softplus}(-x) = x", ACCEPTED),
        (r"\mathrm{softplus}(x) - \mathrm{softplus}(-x) = -x", REJECTED),
        (r"\tanh x = 2\sigma(2x) - 1", ACCEPTED),
        (r"\tanh x = 2\sigma(x) - 1", REJECTED),  # dropped factor
        (r"\mathrm{ReLU}(x) = \max(0, x)", ACCEPTED),
        (r"\mathrm{ReLU}(x) = \max(0, -x)", REJECTED),
        # D(p || q) is the KL divergence (Cover & Thomas)
        (r"D(p \| q) = D_{KL}(p \parallel q)", ACCEPTED),
        (r"D(p || q) = D_{KL}(q \parallel p)", REJECTED),  # swapped
        # an entry before a bracket is a product with the entry, not a new scalar p_i
        (r"\sum_{i} p_i \left(\frac{q_i}{p_i} - 1\right) = \sum_{i} q_i - \sum_{i} p_i", ACCEPTED),
        (r"\sum_{i} p_i \left(\frac{q_i}{p_i} + 1\right) = \sum_{i} q_i - \sum_{i} p_i", REJECTED),
        (r"\max(a, b) \ge a", ACCEPTED),
        (r"\max\{a, b\} \ge b", ACCEPTED),
        (r"\max(a, b) \le a", REJECTED),
        (r"\min(a, b) \le a", ACCEPTED),
        (r"\min(a, b) \ge a", REJECTED),
        (r"|a - b| \ge 0", ACCEPTED),
        (r"|a - b| \ge a", REJECTED),
        (r"a >= a", ACCEPTED),
        (r"a + 1 <= a", REJECTED),
    ],
)
def test_scalar_notation_verdicts(latex: str, status: tuple[str, ...]) -> None:
    assert verify(latex).status in status


# ---------------------------------------------------------------- a bare superscript is one token

_x, _y, _p, _alpha = sp.symbols("x y p alpha")


@pytest.mark.parametrize(
    ("latex", "expected"),
    [
        # TeX sets e^x(1+x) as e^{x} (1 + x): the parenthesis is a factor, not the exponent's.
        (r"e^x(1+x)", sp.exp(_x) * (1 + _x)),
        (r"e^x\left(1+x\right)", sp.exp(_x) * (1 + _x)),
        (r"x^x(\ln x + 1)", _x**_x * (sp.log(_x) + 1)),
        (r"p^y(1-p)^{1-y}", _p**_y * (1 - _p) ** (1 - _y)),
        (r"2^x(x+1)", 2**_x * (_x + 1)),
        (r"e^\alpha(1+x)", sp.exp(_alpha) * (1 + _x)),
        (r"e^xy", sp.exp(_x) * _y),
        # unchanged: braces, a subscript on the exponent, digits
        (r"e^{x}(1+x)", sp.exp(_x) * (1 + _x)),
        (r"p^{y}(1-p)^{1-y}", _p**_y * (1 - _p) ** (1 - _y)),
        (r"x^2(x+1)", _x**2 * (_x + 1)),
    ],
)
def test_bare_superscript_is_one_token(latex: str, expected: sp.Expr) -> None:
    read = parse_expression(latex)
    by_name = {s.name: s for s in read.free_symbols if isinstance(s, sp.Symbol)}
    expected = expected.subs({s: by_name.get(s.name, s) for s in expected.free_symbols})
    assert sp.simplify(read - expected) == 0, read


def test_bare_superscript_keeps_its_subscript() -> None:
    assert str(parse_expression(r"e^z_i")) == "exp(z[i])"


@pytest.mark.parametrize(
    ("claim", "truth"),
    [
        # truth by hand: d/dx x^x = x^x (ln x + 1); d/dx x e^x = e^x (1 + x); Bernoulli pmf
        (r"\frac{d}{dx} x^x = x^x(\ln x + 1)", True),
        (r"\frac{d}{dx} x^x = x^x(\ln x - 1)", False),
        (r"\frac{d}{dx} x e^x = e^x(1+x)", True),
        (r"\frac{d}{dx} x e^x = e^x(1-x)", False),
        (r"e^x(1+x) = e^x + x e^x", True),
        (r"2^n(n+1) = n 2^n + 2^n", True),
        (r"2^n(n+1) = n 2^n + 2^{n+1}", False),
        (r"\log\left(p^y(1-p)^{1-y}\right) = y \log p + (1-y)\log(1-p)", True),
        (r"\log\left(p^y(1-p)^{1-y}\right) = y \log p - (1-y)\log(1-p)", False),
    ],
)
def test_bare_superscript_claims(claim: str, truth: bool) -> None:
    status = verify(claim).status
    assert status in (ACCEPTED if truth else REJECTED), (claim, status)


# ---------------------------------------------------------------- upright e, bold names under accents


@pytest.mark.parametrize(
    ("claim", "truth"),
    [
        # ISO style writes Euler's number upright: e^{ln 2} = 2, e^x e^y = e^{x+y}
        (r"\mathrm{e}^{\ln 2} = 2", True),
        (r"\mathrm{e}^{\ln 2} = 3", False),
        (r"\mathrm{e}^{x}\mathrm{e}^{y} = \mathrm{e}^{x+y}", True),
        (r"\mathrm{e}^{x}\mathrm{e}^{y} = \mathrm{e}^{xy}", False),
        (r"\mathrm{e}^{x} = \exp(x)", True),
        # a bold vector under an accent is the same name: -sum y_i log yhat_i = CE(y, yhat)
        (r"-\sum_{i=1}^{n} y_i \log \hat{\mathbf{y}}_i = H(y, \hat{y})", True),
        (r"-\sum_{i=1}^{n} y_i \log \hat{\boldsymbol{y}}_i = H(\hat{y}, y)", False),
        (r"\sum_{i=1}^{n} \hat{\mathbf{y}}_i = 1", True),
        (r"\sum_{i=1}^{n} \hat{\mathbf{y}}_i = 2", False),
    ],
)
def test_upright_e_and_bold_names_under_accents(claim: str, truth: bool) -> None:
    status = verify(claim).status
    assert status in (ACCEPTED if truth else REJECTED), (claim, status)
