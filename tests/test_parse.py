"""Parsing lecture LaTeX: notation of the seed handouts -> symxent expressions, and bad input.

Expected expressions are built by hand with symxent's own constructors (the meaning the
notation has on a slide); numbers come from hand computation or mpmath.
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

import mpmath
import pytest
import sympy as sp

from symxent import (
    CrossEntropy,
    Distribution,
    Entropy,
    Expectation,
    Information,
    KLDivergence,
    Labels,
    Logits,
    MatchProbability,
    Sigmoid,
    Softmax,
    class_index,
    summation_index,
)
from symxent.errors import LatexParseError, SymxentError
from symxent.latex.limits import LatexTooLongError, check_size
from symxent.latex.mapping import DOCUMENT_BASE, NotEvaluableError
from symxent.latex.parse import parse, parse_expression, read_equation
from symxent.latex.roles import Roles
from symxent.quantities import Logarithm

p, q = Distribution("p", "n"), Distribution("q", "n")
x = summation_index("x")
n = sp.Symbol("n", integer=True, positive=True)


def ln(value: object) -> sp.Expr:
    return sp.log(value)


# ---------------------------------------------------------------- notation -> quantities


@pytest.mark.parametrize(
    ("latex", "expected"),
    [
        (r"H(p)", Entropy(p)),
        (r"H(p, q)", CrossEntropy(p, q)),
        (r"\mathrm{CE}(p,q)", CrossEntropy(p, q)),
        (r"CE(p, q)", CrossEntropy(p, q)),
        (r"\text{CE}(p, q)", CrossEntropy(p, q)),
        (r"D_{KL}(p \parallel q)", KLDivergence(p, q)),
        (r"D_{\mathrm{KL}}(p\|q)", KLDivergence(p, q)),
        (r"KL(p || q)", KLDivergence(p, q)),
        (r"\mathrm{KL}(p, q)", KLDivergence(p, q)),
        (r"\sum_x p(x) \log \frac{1}{q(x)}", sp.Sum(p[x] * ln(1 / q[x]), (x, 1, n))),
        (r"\sum_{x \in \mathcal{X}} p(x) \log q(x)", sp.Sum(p[x] * ln(q[x]), (x, 1, n))),
        (r"\sum_{x} p(x)", sp.Sum(p[x], (x, 1, n))),
        (r"\int_x p(x) \log \frac{1}{q(x)} dx", sp.Sum(p[x] * ln(1 / q[x]), (x, 1, n))),
        (r"\mathbb{E}_{x \sim p}[\log q(x)]", Expectation(p, ln(q[x]), x)),
        (r"E_{x \sim p} \left[ \log q(x) \right]", Expectation(p, ln(q[x]), x)),
    ],
)
def test_quantity_notation_maps_to_symxent_quantities(latex: str, expected: sp.Expr) -> None:
    assert parse_expression(latex) == expected


def test_random_variables_and_events_are_distribution_entries() -> None:
    c = summation_index("c")
    C = sp.Symbol("C", integer=True, positive=True)
    xa, ya = Distribution("X_a", C), Distribution("Y_a", C)
    chain = parse(r"CE(X_a, Y_a) = - \sum_{c=1}^C P(X_a=c) \log P(Y_a=c)")
    assert chain.expressions == (CrossEntropy(xa, ya), -sp.Sum(xa[c] * ln(ya[c]), (c, 1, C)))
    assert parse_expression(r"P(X_a = Y_a)") == MatchProbability(
        Distribution("X_a", "n"), Distribution("Y_a", "n")
    )


def test_hat_y_with_indices_and_labels_y() -> None:
    yhat, y = Distribution("yhat", "n"), Labels("y", "n")
    j = summation_index("j")
    assert parse_expression(r"\sum_j y_j \log \hat{y}_j") == sp.Sum(y[j] * ln(yhat[j]), (j, 1, n))
    k = class_index("k", "n")
    assert parse_expression(r"\hat{y}_k") == yhat[k]


def test_sigmoid_and_softmax_component() -> None:
    z = sp.Symbol("z", real=True)
    assert parse_expression(r"\sigma(z)") == Sigmoid(z)
    logits = Logits("z", "n")
    k = class_index("k", "n")
    assert parse_expression(r"\mathrm{softmax}(z)_k") == Softmax(logits, k)
    assert parse_expression(r"\operatorname{softmax}(z)_k") == Softmax(logits, k)


def test_two_index_arrays_are_n_by_c_arrays_of_role_rows() -> None:
    expr = parse_expression(r"\sum_{i=1}^N \sum_{j=1}^C y_{ij} \log \hat{y}_{ij}")
    entries = {str(a): a for a in expr.atoms(sp.Indexed)}
    assert set(entries) == {"y[i, j]", "yhat[i, j]"}
    n, c = sp.Symbol("N", integer=True, positive=True), sp.Symbol("C", integer=True, positive=True)
    assert entries["y[i, j]"].base.shape == (n, c)
    assert entries["y[i, j]"].base.label.role == "labels"
    assert entries["yhat[i, j]"].base.label.role == "distribution"


def test_two_index_arrays_without_bounded_sums_are_refused_with_the_reason() -> None:
    with pytest.raises(NotEvaluableError, match="two-index array"):
        parse_expression(r"\sum_{j=1}^C y_{ij}")
    with pytest.raises(NotEvaluableError, match="needs a sum with a bound"):
        parse_expression(r"\sum_{i=1}^N \sum_j y_{ij}")
    with pytest.raises(NotEvaluableError, match="more than two indices"):
        parse_expression(r"\sum_{i=1}^N \sum_{j=1}^C \sum_{k=1}^K y_{ijk}")


def test_a_plain_name_is_a_real_scalar_and_a_role_name_alone_a_probability() -> None:
    chain = parse(r"I(p) = \log \frac{1}{p}")
    prob = sp.Symbol("p", positive=True)
    assert chain.expressions == (Information(prob), ln(1 / prob))
    assert chain.where[prob] == sp.Interval.open(0, 1)
    # an unqualified scalar is real (the checker judges a claim where its sides are defined)
    assert parse_expression(r"\log \frac{a}{b}").free_symbols == {
        sp.Symbol("a", real=True),
        sp.Symbol("b", real=True),
    }


# ---------------------------------------------------------------- the log base


def test_plain_log_is_natural_by_default_and_configurable() -> None:
    assert parse_expression(r"\log 8") == sp.log(8)
    assert parse_expression(r"\log 8", base=2) == Logarithm(8, 2)
    assert parse_expression(r"\log 8", base="auto") == Logarithm(8, DOCUMENT_BASE)
    assert parse_expression(r"H(p)", base=2) == Entropy(p, 2)


@pytest.mark.parametrize(
    ("latex", "value"),
    [
        (r"\log_2 \frac{1}{0.125}", 3),  # 0.125 = 2^-3
        (r"\log_{2} 8", 3),
        (r"\lg 8", 3),  # \lg is the binary log
        (r"\ln e^{2}", 2),
        (r"\log_{10} 1000", 3),
        (r"\log_e e", 1),
    ],
)
def test_explicit_bases_are_kept_whatever_the_document_base(latex: str, value: int) -> None:
    for base in ("e", "2", "10"):
        assert sp.simplify(parse_expression(latex, base=base).doit()) == value


def test_decimals_are_exact_rationals() -> None:
    # 1.3862943611198906 = ln 4 to 17 digits: the parser must not round it to a binary float.
    value = parse_expression("1.3862943611198906")
    assert value == sp.Rational(13862943611198906, 10**16)
    assert parse_expression("0.000000001") == sp.Rational(1, 10**9)
    assert parse_expression(r"12.5\%") == sp.Rational(1, 8)
    assert parse_expression(r"e^{-0.4}") == sp.exp(sp.Rational(-2, 5))


# ---------------------------------------------------------------- relations and chains


def test_chains_keep_their_order_and_relations() -> None:
    chain = parse(r"\log \frac{p}{p} = \log 1 = 0")
    assert [r.value for r in chain.relations] == ["=", "="]
    assert chain.expressions[1:] == (sp.S.Zero, sp.S.Zero)
    chain = parse(r"1 \leq 2 < 3 \le 4")
    assert [r.value for r in chain.relations] == ["<=", "<", "<="]


@pytest.mark.parametrize(
    ("latex", "relation"),
    [
        (r"a \approx b", "≈"),
        (r"a \simeq b", "≈"),
        (r"a \geq b", ">="),
        (r"a \ge b", ">="),
        (r"a > b", ">"),
        (r"a := b", "="),
    ],
)
def test_relation_spellings(latex: str, relation: str) -> None:
    assert parse(latex).relations[0].value == relation


def test_aligned_rows_continue_one_chain_and_labels_units_are_text() -> None:
    latex = r"""\begin{aligned} \text{Entropy: } H(p) &= -\sum_x p(x) \log p(x) \\
        &\geq 0 \quad \text{nats} \end{aligned}"""
    chain = parse(latex)
    assert len(chain.expressions) == 3
    assert [r.value for r in chain.relations] == ["=", ">="]
    assert chain.expressions[0] == Entropy(p)


def test_continuation_line_and_decoration_are_read() -> None:
    equation = read_equation(r"\left( = -\frac{1}{3} \log 2 + \frac{2}{3} \log 2 \right)")
    assert equation.continuation
    equation = read_equation(r"\rightarrow 0.5 \times 2 = 1.")
    assert not equation.continuation and equation.relations == ("=",)
    equation = read_equation(r"P(X_a = c) = 0 \quad (c \neq 1)")
    assert equation.relations == ("=",)
    assert any("c \\neq 1" in note for note in equation.notes)


def test_because_justification_is_read_as_the_claim() -> None:
    chain = parse(r"(\because \log \frac{a}{b} = \log a - \log b)")
    a, b = sp.Symbol("a", real=True), sp.Symbol("b", real=True)
    assert chain.expressions == (sp.log(a / b), sp.log(a) - sp.log(b))


# ---------------------------------------------------------------- assumptions


def test_assumptions_change_roles_count_and_base() -> None:
    roles = Roles.from_assumptions(["y:one-hot", "n=4", "base=2", "w:logits"])
    assert roles.kind("y") == "one-hot"
    assert roles.count == 4
    assert roles.base == "2"
    expr = parse_expression(r"H(p)", assume=["n=4"])
    assert expr == Entropy(Distribution("p", 4))
    assert parse_expression(r"\log 2", assume=["base=2"]).doit() == 1
    with pytest.raises(LatexParseError, match="cannot read the assumption"):
        Roles.from_assumptions(["y is one hot"])


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("latex", "message"),
    [
        (r"\cancel{x} = 1", r"\\cancel"),
        (r"x \foo y = 1", r"unknown macro \\foo"),
        (r"가 = 1", "unexpected character '가'"),
        (r"\frac{1}{2", "never closed"),
        (r"x_ = 1", "missing"),
        (r"\sum p_i = 1", "needs an index"),
        (r"\int^1 x dx = 1", "needs its lower bound"),
        (r"1.2.3 = 4", "two decimal points"),
        (r"E[X] = 1", "needs its distribution"),
        (r"cost(W, b) = 1", "cost is not defined"),
        (r"H(x) = 1", "x is not a distribution"),
        (r"a \neq b", "not one symxent checks"),
        (r"a + b", "no relation"),
    ],
)
def test_bad_input_is_a_clear_latex_parse_error(latex: str, message: str) -> None:
    with pytest.raises(LatexParseError, match=message):
        parse(latex)


def test_parser_messages_do_not_carry_the_rewritten_placeholders() -> None:
    with pytest.raises(LatexParseError) as error:
        parse(r"p(x) = \frac{}{q}")
    assert "SX" not in str(error.value)
    assert "\\mathit" not in str(error.value)


@pytest.mark.parametrize(
    "latex",
    [
        "(" * 40 + "x" + ")" * 40,
        "x = " + " + ".join(["x"] * 3000),
        r"\frac{" * 60 + "1" + "}{2}" * 60,
        "f(" * 10 + "x" + ")" * 10 + " = 1",
    ],
)
def test_huge_or_deep_input_is_refused_quickly(latex: str) -> None:
    started = time.perf_counter()
    with pytest.raises(LatexTooLongError):
        parse(latex)
    assert time.perf_counter() - started < 2


@pytest.mark.parametrize(
    "latex",
    [
        r"2^{2^{2^{2^{2^{2}}}}} = 1",
        r"10^{10^{10}} = 1",
        r"(100000)! = 1",
        r"\sum_{i=1}^{10^9} i = 1",
    ],
)
def test_numbers_too_large_to_evaluate_are_refused(latex: str) -> None:
    started = time.perf_counter()
    with pytest.raises(NotEvaluableError, match=r"too large|more than"):
        parse(latex)
    assert time.perf_counter() - started < 2


def test_size_caps() -> None:
    check_size("x" * 100)
    with pytest.raises(LatexTooLongError, match="too long"):
        check_size("x" * 10_000)


def test_nothing_is_evaluated_as_code(tmp_path: Path) -> None:
    # Text that eval or SymPy's parse_expr would execute is only notation: the file is never made.
    marker = tmp_path / "evaluated"
    for latex in (
        f"__import__('pathlib').Path('{marker}').touch() = 1",
        f"exec(\"open('{marker}', 'w')\") = 1",
        f"eval('open(\\'{marker}\\', \\'w\\')') = 1",
    ):
        with contextlib.suppress(SymxentError):
            parse(latex)
    assert not marker.exists()


def test_parse_result_checks_with_the_same_checker() -> None:
    from symxent.check import check_claim

    chain = parse(r"D_{KL}(p \parallel q) = \sum_x p(x) \log p(x) - \sum_x p(x) \log q(x)")
    lhs, relation, rhs = chain.links()[0]
    assert check_claim(lhs, relation, rhs).short == "proved"
    # 20.72326584 = ln(10^9), computed independently with mpmath
    value = parse_expression(r"\log \frac{1}{0.000000001}")
    assert float(value) == pytest.approx(float(mpmath.log(mpmath.mpf(10) ** 9)), rel=1e-15)


SLL_SAMPLES = [  # (formula, whether ANTLR's SLL prediction decides it alone)
    (r"-\frac{1}{N} \sum_{i=1}^N \sum_{j=1}^C y_{ij} \log \hat{y}_{ij}", False),
    (r"p(a) \log \frac{p(a)}{q(a)} + p(b) \log \frac{p(b)}{q(b)}", True),
    (r"-(0.6 \times \log 0.6) - (0.4 \times \log 0.4)", True),
    (r"f(\frac{a+b}{2}) \le \frac{f(a)+f(b)}{2}", True),
    (r"\sum_{c=1}^C p(c) q(c) = e^{-x_1} + \frac{1}{1 + e^{-z}}", False),
    (r"\log_2 \frac{1}{0.125} = 3", True),
]


@pytest.mark.parametrize(("text", "sll_decides"), SLL_SAMPLES)
def test_the_fast_sll_parse_gives_the_library_s_own_result(text, sll_decides):
    # ANTLR's SLL prediction returns the LL parse tree or gives up; symxent then parses with LL
    from latex2sympy2_extended.latex2sympy2 import latex2sympy

    from symxent.latex import reader

    config = _library_config()
    theirs = sp.srepr(latex2sympy(text, normalization_config=None, conversion_config=config))
    assert sp.srepr(reader._parser()(text)) == theirs
    try:
        fast = reader._sll_converter(config)(text)
    except Exception:  # SLL gave up: symxent's parse above fell back to LL
        assert not sll_decides
    else:
        assert sll_decides  # the fast path itself was taken, and agrees with LL
        assert sp.srepr(fast) == theirs


def _library_config():
    from latex2sympy2_extended.latex2sympy2 import ConversionConfig

    return ConversionConfig(
        lowercase_symbols=False, interpret_contains_as_eq=False, interpret_as_mixed_fractions=False
    )


@pytest.mark.parametrize("text", [r"\frac{1}{", r"x \parallel y", r"a +* b"])
def test_input_the_library_refuses_is_refused_after_the_fallback(text):
    from latex2sympy2_extended.latex2sympy2 import latex2sympy

    from symxent.latex import reader

    with pytest.raises(Exception):  # noqa: B017 - the library raises bare Exceptions
        latex2sympy(text, normalization_config=None, conversion_config=_library_config())
    with pytest.raises(Exception):  # noqa: B017
        reader._parser()(text)
