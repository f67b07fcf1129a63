r"""``--assume n=3`` binds the name ``n`` wherever the claim writes it, not only the class count.

Before: ``symxent verify 'H(p) \le \log n' --assume n=3`` gave p three entries but left the
``n`` of ``\log n`` a free positive number, and refuted the (true) claim at n = 0.2258. The same
fact now means the same thing in the command line, :func:`verify` and :func:`symxent.parse`.

Expected values are textbook facts written out by hand: H(p) <= log n on the n-simplex,
H(uniform) = log n, CE(p, u) = -sum_i p_i log(1/n) = log n (sum_i p_i = 1), and
KL(p || u) = sum_i p_i log(n p_i) = log n - H(p).
"""

from __future__ import annotations

import io
import math
from contextlib import redirect_stdout
from pathlib import Path

import pytest
import sympy as sp

import symxent
from symxent.cli import main
from symxent.distributions import Distribution
from symxent.errors import LatexParseError
from symxent.latex.roles import Roles
from symxent.lecture.checker import check_file
from symxent.lecture.verify import verify

HOLDS = ("proved", "confirmed", "rounded")

# (left side, relation, right side): true for every class count n >= 1 (natural logs)
TRUE_CLAIMS = [
    (r"H(p)", r"\le", r"\log n"),
    (r"-\sum_{i=1}^{n} \frac{1}{n} \log \frac{1}{n}", "=", r"\log n"),  # H(uniform)
    (r"-\sum_{i=1}^{n} p_i \log \frac{1}{n}", "=", r"\log n"),  # CE(p, u)
    (r"\sum_{i=1}^{n} p_i \log \frac{p_i}{1/n}", "=", r"\log n - H(p)"),  # KL(p || u)
]
COUNTS = [["n=3"], ["n=4"], []]


@pytest.mark.parametrize("assume", COUNTS, ids=lambda a: a[0] if a else "symbolic")
@pytest.mark.parametrize(("lhs", "relation", "rhs"), TRUE_CLAIMS)
def test_a_true_claim_about_the_class_count_holds_with_the_count_given(
    lhs: str, relation: str, rhs: str, assume: list[str]
) -> None:
    # before (n=3, n=4): the n of \log n was a free positive number and the claim refuted
    result = verify(f"{lhs} {relation} {rhs}", assume=assume)
    assert result.status in HOLDS, result.text()
    if assume:
        assert "n ∈" not in result.text()  # n is no free number any more


def _wrong_variants(lhs: str, relation: str, rhs: str) -> list[str]:
    """Claims made false by one edit: a sign flip, a shifted count, a reversed inequality."""

    def shifted(count: str) -> str:
        return rhs.replace(r"\log n", r"\log " + count)

    variants = [f"{lhs} {relation} -({rhs})", f"{lhs} {relation} {shifted('(n - 1)')}"]
    if relation == "=":
        variants += [f"{lhs} = {shifted('(n + 1)')}", f"{lhs} = {rhs} + 1"]
    else:  # H(p) <= log n: the reverse fails at a non-uniform p
        half = shifted(r"\frac{n}{2}")
        variants += [rf"{lhs} \ge {rhs}", rf"{lhs} \le {half}"]
    return variants


WRONG_CLAIMS = [variant for claim in TRUE_CLAIMS for variant in _wrong_variants(*claim)]


@pytest.mark.parametrize("assume", COUNTS, ids=lambda a: a[0] if a else "symbolic")
@pytest.mark.parametrize("claim", WRONG_CLAIMS)
def test_a_wrong_variant_is_never_accepted(claim: str, assume: list[str]) -> None:
    result = verify(claim, assume=assume)
    assert result.status not in HOLDS, result.text()
    if assume:
        assert result.status == "refuted", result.text()


@pytest.mark.parametrize(
    ("latex", "value"),
    [
        (r"\log n", sp.log(3)),
        (r"\log_2 n", sp.log(3) / sp.log(2)),
        (r"\frac{1}{n}", sp.Rational(1, 3)),
        (r"\sum_{i=1}^{n} \frac{1}{n}", sp.S.One),
        (r"p_n", Distribution("p", 3)[3]),
        (r"n p_1", 3 * Distribution("p", 3)[1]),
    ],
)
def test_the_api_reads_every_occurrence_of_n_as_the_given_count(latex: str, value: sp.Expr) -> None:
    assert sp.simplify(symxent.parse_expression(latex, assume=["n=3"]).doit() - value) == 0


def test_the_sum_up_to_n_runs_over_the_given_count() -> None:
    # before: \sum_{i=1}^{n} p_i kept p with n entries while --assume n=3 gave it 3
    expr = symxent.parse_expression(r"\sum_{i=1}^{n} p_i \log p_i", assume=["n=3"]).doit()
    p = Distribution("p", 3)
    assert sp.expand(expr - sum(p[i] * sp.log(p[i]) for i in (1, 2, 3))) == 0
    chain = symxent.parse(r"H(p) \le \log n", assume=["n=3"])
    assert chain.expressions[1] == sp.log(3) and not chain.where


@pytest.mark.parametrize(
    ("claim", "assume", "value"),
    [
        (r"H(p) \le \log K", ["K=3"], math.log(3)),
        (r"H(p) \le \log N", ["N=4"], math.log(4)),
    ],
)
def test_the_count_may_have_another_name(claim: str, assume: list[str], value: float) -> None:
    assert verify(claim, assume=assume).status in HOLDS
    wrong = verify(claim.replace(r"\le", r"\ge"), assume=assume)
    assert wrong.status == "refuted"
    entries = int(assume[0].split("=")[1])
    assert f"({entries} entries)" in wrong.text() and math.log(entries) == value


def test_a_count_named_after_another_name_binds_both() -> None:
    # n=C: n stands for the symbolic count C (before: n was left a free number, refuted)
    chain = symxent.parse(r"H(p) \le \log n", assume=["n=C"])
    assert chain.expressions[1] == sp.log(sp.Symbol("C", integer=True, positive=True))
    assert verify(r"H(p) \le \log n", assume=["n=C"]).status == "proved"


def test_a_count_under_another_name_leaves_n_a_free_number() -> None:
    # K=3 names the count K: an n in the claim is some other number, and log n can be negative
    result = verify(r"H(p) \le \log n", assume=["K=3"])
    assert result.status == "refuted" and "n ∈ (0, ∞)" in result.text()


@pytest.mark.parametrize(
    ("fact", "message"),
    [
        ("n=0", "0 classes, but a class count is a whole number, at least 1"),
        ("n=-1", "-1 classes, but a class count is a whole number, at least 1"),
        ("n=2.5", "2.5 classes, but a class count is a whole number, at least 1"),
        ("p=3", "p cannot name a class count"),
        ("e=3", "e cannot name a class count"),
        ("x_1=3", "x_1 cannot name a class count"),
        ("=3", "no name before ="),
        ("n=", "a class count is written n=4 or n=C"),
    ],
)
def test_a_count_that_is_not_allowed_is_a_clear_error(fact: str, message: str) -> None:
    with pytest.raises(LatexParseError, match=message):
        verify(r"H(p) \le \log n", assume=[fact])
    with pytest.raises(LatexParseError, match=message):
        symxent.parse(r"H(p) \le \log n", assume=[fact])


def test_two_different_counts_or_a_count_with_a_vector_role_are_refused() -> None:
    with pytest.raises(LatexParseError, match="two class counts are assumed"):
        verify(r"H(p) \le \log n", assume=["n=3", "K=4"])
    with pytest.raises(LatexParseError, match="one meaning"):
        verify(r"H(p) \le \log n", assume=["n=3", "n:distribution"])
    assert verify(r"H(p) \le \log n", assume=["n=3", "n=3"]).status in HOLDS
    # without a count fact n may still be given a vector role, as before
    assert Roles.from_assumptions(["n:distribution"]).kind("n") == "distribution"


def test_the_command_line_and_the_api_agree() -> None:
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(["verify", "--assume", "n=3", r"H(p) \le \log n"])
    assert code == 0
    assert out.getvalue().strip() == verify(r"H(p) \le \log n", assume=["n=3"]).text()
    assert "(3 entries)" in out.getvalue() and "refuted" not in out.getvalue()


def test_a_count_stated_in_the_lecture_gives_the_distribution_its_entries(tmp_path: Path) -> None:
    # before: "n = 4" on line 1 made \log n read log 4 but p kept a symbolic n entries, and
    # H(p) <= \log n was refuted at n = 5 with p uniform (log 5 > log 4)
    notes = tmp_path / "notes.md"
    notes.write_text("Let $n = 4$ classes.\n\n$$H(p) \\le \\log n$$\n\n$$H(p) \\ge \\log n$$\n")
    rows = {row.line: row for row in check_file(notes).rows}
    assert rows[1].kind == "binding"
    assert rows[3].status in HOLDS and "(4 entries)" in rows[3].detail, rows[3].detail
    assert rows[5].status == "refuted" and "(4 entries)" in rows[5].detail, rows[5].detail
