"""Building derivations: relation composition, step validation, LaTeX rows, reports."""

from __future__ import annotations

import pytest
import sympy as sp

from symxent import CrossEntropy, Derivation, Distribution, Entropy, Information, KLDivergence
from symxent.derivation import decimal
from symxent.errors import DerivationError, SymxentError
from symxent.latex.text import plain_text, reason_latex, text_latex
from symxent.relations import Relation

EQ, LE, GE, LT, GT, APPROX = (Relation.parse(r) for r in ("=", "<=", ">=", "<", ">", "approx"))


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        (EQ, EQ, EQ),
        (EQ, LE, LE),
        (LE, EQ, LE),
        (LE, LE, LE),
        (LE, LT, LT),
        (LT, LE, LT),
        (GE, GE, GE),
        (GE, GT, GT),
        (EQ, GT, GT),
        (EQ, APPROX, APPROX),
        (APPROX, EQ, APPROX),
        (APPROX, APPROX, APPROX),
    ],
)
def test_chain_relation_composes(first: Relation, second: Relation, expected: Relation) -> None:
    assert first.compose(second) is expected


@pytest.mark.parametrize(
    ("first", "second"), [(LE, GE), (LT, GT), (GE, LT), (APPROX, LE), (GE, APPROX)]
)
def test_conflicting_directions_are_rejected(first: Relation, second: Relation) -> None:
    with pytest.raises(DerivationError):
        first.compose(second)


def test_a_chain_mixing_le_and_ge_is_an_error_when_built() -> None:
    x = sp.Symbol("x", positive=True)
    d = Derivation(x).le(x + 1)
    with pytest.raises(DerivationError, match="directions conflict"):
        d.ge(x)
    assert d.relation is LE  # the failed step was not added
    assert len(d.steps) == 1


@pytest.mark.parametrize("text", ["<=", "le", "≤"])
def test_relation_aliases(text: str) -> None:
    assert Relation.parse(text) is LE


def test_unknown_relation_is_a_clear_error() -> None:
    with pytest.raises(DerivationError, match="unknown relation"):
        Relation.parse("=>")


def test_text_is_read_as_latex_never_evaluated() -> None:
    with pytest.raises(DerivationError, match="never evaluated"):
        Derivation("__import__('os').system('true')")
    with pytest.raises(DerivationError, match="step 1"):
        Derivation(sp.Integer(1)).eq("__import__('os')")
    step = Derivation(sp.Integer(1)).eq("1").steps[0]  # LaTeX "1" is the number one
    assert step.expr == 1 and step.written == "1"


def test_non_expressions_are_rejected() -> None:
    x = sp.Symbol("x")
    with pytest.raises(DerivationError):
        Derivation(sp.Eq(x, 1))
    with pytest.raises(DerivationError):
        Derivation(x).eq(object())


def test_approximate_step_needs_a_tolerance() -> None:
    with pytest.raises(DerivationError, match="tolerance"):
        Derivation(sp.log(2)).step("approx", sp.Float(0.69))


@pytest.mark.parametrize(
    ("text", "value", "tolerance"),
    [
        ("0.971", sp.Rational(971, 1000), 0.0005),
        ("20.7233", sp.Rational(207233, 10000), 0.00005),
        ("2", 2, 0.5),
        ("0.2310", sp.Rational(231, 1000), 0.00005),
    ],
)
def test_decimal_keeps_value_and_printed_precision(
    text: str, value: sp.Rational, tolerance: float
) -> None:
    number, tol = decimal(text)
    assert sp.Rational(str(number)) == value
    assert tol == pytest.approx(tolerance)


def test_decimal_rejects_non_numbers() -> None:
    with pytest.raises(DerivationError):
        decimal("0.9x")
    with pytest.raises(DerivationError):
        decimal("inf")


def test_approx_is_judged_by_printed_precision() -> None:
    # log 2 = 0.693147...: "0.693" holds, "0.694" does not; "0.69" holds at 2 decimals
    assert Derivation(sp.log(2)).approx("0.693").check().holds
    assert Derivation(sp.log(2)).approx("0.69").check().holds
    report = Derivation(sp.log(2)).approx("0.694").check()
    assert not report.holds
    assert report.results[0].verdict.short == "refuted"


def test_latex_rows_carry_relations_and_reasons() -> None:
    p, q = Distribution("p", "n"), Distribution("q", "n")
    d = (
        Derivation(KLDivergence(p, q))
        .eq(-Entropy(p) + CrossEntropy(p, q), "recognise $-H(p)$ and $H(p, q)$")
        .ge(0, "Gibbs")
    )
    rows = d.latex_lines()
    assert rows[0].startswith(r"D_{\mathrm{KL}}(p \parallel q) &= ")
    assert rows[0].endswith(r"\text{(recognise }{-H(p)}\text{ and }{H(p, q)}\text{)}")
    assert rows[1].startswith(r" &\geq 0")
    assert d.latex().startswith("\\begin{align*}") and d.latex().endswith("\\end{align*}")
    assert d._repr_latex_().startswith("$$\\begin{aligned}")


def test_marks_are_appended_after_reasons() -> None:
    d = Derivation(Information(sp.Rational(1, 2), 2)).eq(1, "one bit")
    assert d.latex_lines(marks=[r"\;\sxproved"])[0].endswith(r"\text{(one bit)}\;\sxproved")


def test_report_names_the_failing_step_both_sides_and_counterexample() -> None:
    p, q = Distribution("p", "n"), Distribution("q", "n")
    d = Derivation(KLDivergence(p, q), title="swapped").eq(-Entropy(q) + CrossEntropy(q, p), "swap")
    report = d.check()
    assert not report.holds
    message = report.failure_message()
    assert message.startswith("step 1 (swap): ")
    assert r"D_{\mathrm{KL}}(p \parallel q)" in message and "H(q, p)" in message
    assert "refuted at" in message and "left side =" in message and "right side =" in message
    assert report.summary() == "swapped: 1 steps, 1 refuted"


def test_an_empty_derivation_cannot_be_checked() -> None:
    with pytest.raises(DerivationError, match="no steps"):
        Derivation(sp.Integer(1)).check()


def test_errors_are_symxent_errors() -> None:
    assert issubclass(DerivationError, SymxentError)


@pytest.mark.parametrize(
    ("reason", "expected"),
    [
        ("definition", r"\text{(definition)}"),
        ("$x$ is convex", r"\text{(}{x}\text{ is convex)}"),
        (r"$\log \frac{1}{p} = -\log p$", r"\text{(}{\log \frac{1}{p} = -\log p}\text{)}"),
        ("since $a$", r"\text{(since }{a}\text{)}"),
        ("50% & more_", r"\text{(50\% \& more\_)}"),
        ("a lone $ sign", r"\text{(a lone \$ sign)}"),
    ],
)
def test_reason_latex(reason: str, expected: str) -> None:
    assert reason_latex(reason) == expected


def test_text_latex_and_plain_text() -> None:
    assert text_latex("cost 5% of $p_i$") == r"cost 5\% of $p_i$"
    assert text_latex("a_b ~ ^") == r"a\_b \textasciitilde  \textasciicircum "
    assert plain_text("the sum $\\sum_j y_j$") == "the sum \\sum_j y_j"
