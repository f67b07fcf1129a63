r"""Two-index arrays ``y_{ij}``, ``\hat{y}_{ij}`` in double sums, and the tables that give them.

Rows of ``y`` are labels (one-hot or on the simplex), rows of ``\hat{y}`` predictions (on the
simplex, positive). Every expected value is a hand computation written out here or an mpmath
value computed in the test, never a value symxent computed.
"""

from __future__ import annotations

from pathlib import Path

import mpmath
import pytest

from symxent.lecture import check_file, check_text, verify
from symxent.lecture.extract import formulas

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"  # ../shared beside the clone

CE = r"-\frac{1}{N} \sum_{i=1}^N \sum_{j=1}^C y_{ij} \log \hat{y}_{ij}"


def statuses(text: str, base: str = "e") -> list[tuple[int, str]]:
    return [(row.line, row.status) for row in check_text(text, base=base).rows]


# ---------------------------------------------------------------- symbolic N and C


def test_the_seed_identity_with_symbolic_counts_is_proved() -> None:
    # log(1/x) = -log(x) for x > 0 (\hat{y} is positive), under both sums
    latex = r"\frac{1}{N} \sum_{i=1}^N \sum_{j=1}^C y_{ij} \log \frac{1}{\hat{y}_{ij}} = " + CE
    assert verify(latex).status == "proved"


@pytest.mark.parametrize(
    "latex",
    [
        # the order of the two finite sums does not matter
        CE + r" = -\frac{1}{N} \sum_{j=1}^C \sum_{i=1}^N y_{ij} \log \hat{y}_{ij}",
        # the comma form of the subscript is the same entry
        CE + r" = -\frac{1}{N} \sum_{i=1}^N \sum_{j=1}^C y_{i,j} \log \hat{y}_{i,j}",
        # every row of labels sums to 1, so the N rows sum to N
        r"\sum_{i=1}^N \sum_{j=1}^C y_{ij} = N",
        # each term y log yhat is <= 0, so the loss is >= 0
        CE + r" \geq 0",
    ],
)
def test_true_claims_between_double_sums_hold(latex: str) -> None:
    assert verify(latex).status in ("proved", "confirmed")


@pytest.mark.parametrize(
    "latex",
    [
        # the 1/N is missing: wrong for every N > 1
        CE + r" = -\sum_{i=1}^N \sum_{j=1}^C y_{ij} \log \hat{y}_{ij}",
        # y and \hat{y} swapped
        CE + r" = -\frac{1}{N} \sum_{i=1}^N \sum_{j=1}^C \hat{y}_{ij} \log y_{ij}",
        # sign flip
        CE + r" = \frac{1}{N} \sum_{i=1}^N \sum_{j=1}^C y_{ij} \log \hat{y}_{ij}",
        # divided by the number of classes instead of the number of rows
        CE + r" = -\frac{1}{C} \sum_{i=1}^N \sum_{j=1}^C y_{ij} \log \hat{y}_{ij}",
        # the wrong index: \hat{y}_{ji} is another entry (square arrays, both indices to N)
        r"\sum_{i=1}^N \sum_{j=1}^N y_{ij} \log \hat{y}_{ij} = "
        r"\sum_{i=1}^N \sum_{j=1}^N y_{ij} \log \hat{y}_{ji}",
        # rows of labels sum to 1, so the total is N, not C
        r"\sum_{i=1}^N \sum_{j=1}^C y_{ij} = C",
        # the loss is not bounded by log C for arbitrary predictions
        CE + r" \leq \log C",
    ],
)
def test_wrong_claims_between_double_sums_are_refuted(latex: str) -> None:
    result = verify(latex)
    assert result.status == "refuted"
    assert "refuted at" in result.rows[0].detail  # with a counterexample


def test_an_array_index_without_a_bounded_sum_is_not_checked() -> None:
    # the number of rows is not known without the sum's bound: skipped, never judged
    rows = check_text(r"$$\sum_{j=1}^C y_{ij} \log \hat{y}_{ij} = 0$$").rows
    assert [row.status for row in rows] == ["skipped"]
    assert "two-index array" in rows[0].detail
    rows = check_text(r"$$\sum_{i=1}^N \sum_{j} y_{ij} = N$$").rows
    assert [row.status for row in rows] == ["skipped"]
    assert "needs a sum with a bound" in rows[0].detail


# ---------------------------------------------------------------- tables and bindings

# The seed's label table: 4 rows of class A, 3 of B, 2 of C, 1 of D.
_LABELS = ["1\t0\t0\t0"] * 4 + ["0\t1\t0\t0"] * 3 + ["0\t0\t1\t0"] * 2 + ["0\t0\t0\t1"]


def _tab_table(rows: list[str]) -> str:
    return "\tA\tB\tC\tD\n" + "".join(f"{k}\t{row}\n" for k, row in enumerate(rows, start=1))


def _seed_excerpt(prediction: str, stated: str) -> str:
    return (
        "*y*\n\nA\t4개\nB\t3개\nC\t2개\nD\t1개\n\n"
        + _tab_table(_LABELS)
        + "\n# Cross Entropy\n\n$\\hat{y}$\n\nA\t40%\nB\t30%\nC\t20%\nD\t10%\n\n \n"
        + _tab_table([prediction] * 10)
        + f"\n$$CE = {CE} = {stated}$$\n"
    )


def test_a_numbered_tab_table_named_above_is_an_array() -> None:
    found, _ = formulas(_seed_excerpt("0.40\t0.30\t0.20\t0.10", "1"))
    texts = [f.text for f in found]
    assert (
        texts[0]
        == "y = [" + ", ".join("[" + row.replace("\t", ", ") + "]" for row in _LABELS) + "]"
    )
    assert texts[1].startswith(r"\hat{y} = [[0.40, 0.30, 0.20, 0.10], [0.40,")
    assert found[0].line == 8  # the header row of the table


def _seed_value() -> mpmath.mpf:
    # 4 rows hit class A (0.4), 3 hit B (0.3), 2 hit C (0.2), 1 hits D (0.1); N = 10
    with mpmath.workdps(40):
        return -(4 * mpmath.log("0.4") + 3 * mpmath.log("0.3") + 2 * mpmath.log("0.2")
                 + mpmath.log("0.1")) / 10  # fmt: skip


def test_the_seed_worked_loss_holds_from_its_tables() -> None:
    with mpmath.workdps(40):
        assert abs(_seed_value() - mpmath.mpf("1.2798542258336674")) < mpmath.mpf("1e-15")
    rows = check_text(_seed_excerpt("0.40\t0.30\t0.20\t0.10", "1.2798542258336674")).rows
    # the float64 nearest to the exact value, printed the shortest way: holds to its digits
    assert [row.status for row in rows] == ["binding", "binding", "definition", "rounded"]
    # y is bound under an earlier heading of the excerpt: a claim about specific values may use
    # it, and the report says so
    assert "uses y (line 8, an earlier section), yhat (line 30)" in rows[-1].notes[-1]


@pytest.mark.parametrize(
    ("stated", "status"),
    [
        ("1.28", "rounded"),  # 1.27985... rounds to 1.28 (holds to the stated digits)
        ("1.2800", "refuted"),  # to four places it is 1.2799: printed more precisely than right
        ("1.2798542258336774", "refuted"),  # a float64 printout off by 1e-14
        ("1.386", "refuted"),  # the value for uniform predictions, not these
    ],
)
def test_a_stated_loss_is_judged_to_its_printed_precision(stated: str, status: str) -> None:
    rows = check_text(_seed_excerpt("0.40\t0.30\t0.20\t0.10", stated)).rows
    assert rows[-1].status == status


def test_uniform_predictions_give_log_four_in_nats_not_bits() -> None:
    # -1/10 * 10 * log(1/4) = ln 4 = 1.3862943611198906...; in bits it is 2
    assert abs(mpmath.log(4) - mpmath.mpf("1.3862943611198906")) < 1e-15
    text = _seed_excerpt("0.25\t0.25\t0.25\t0.25", "1.3862943611198906")
    assert statuses(text)[-1] == (42, "rounded")
    assert statuses(text, base="2")[-1][1] == "refuted"
    assert statuses(text.replace("1.3862943611198906", "2"), base="2")[-1][1] == "proved"


def test_a_later_table_with_the_same_name_rebinds_it() -> None:
    text = _seed_excerpt("0.25\t0.25\t0.25\t0.25", "1.3862943611198906")
    text += "\n$\\hat{y}$\n\n" + _tab_table(["0.40\t0.30\t0.20\t0.10"] * 10)
    text += f"\n$$CE = {CE} = 1.2798542258336674$$\n"
    rows = check_text(text).rows
    claims = [(row.line, row.status) for row in rows if row.kind == "claim"]
    assert claims == [(42, "rounded"), (58, "rounded")]


def test_a_markdown_pipe_table_is_read_the_same_way() -> None:
    # y = ((1, 0), (0, 1)), yhat = ((0.8, 0.2), (0.5, 0.5)):
    # CE = -(ln 0.8 + ln 0.5) / 2 = 0.4581453659...
    expected = -(mpmath.log("0.8") + mpmath.log("0.5")) / 2
    assert mpmath.nstr(expected, 4) == "0.4581"
    text = (
        "**y**\n\n| | cat | dog |\n|---|---|---|\n| 1 | 1 | 0 |\n| 2 | 0 | 1 |\n\n"
        "$\\hat{y}$\n\n| i | cat | dog |\n|---|---|---|\n| 1 | 0.8 | 0.2 |\n| 2 | 0.5 | 0.5 |\n\n"
        f"$${CE} = 0.4581$$\n$${CE} = 0.4582$$\n"
    )
    assert [status for _, status in statuses(text)] == ["binding", "binding", "rounded", "refuted"]


def test_a_nested_list_binds_an_array_and_a_bad_row_is_not_used() -> None:
    # rows of labels must sum to 1: (0.5, 0.2) does not, so the claim is not evaluated
    text = "$y = [[1, 0], [0.5, 0.2]]$\n$\\hat{y} = [[0.5, 0.5], [0.5, 0.5]]$\n"
    text += f"$${CE} = 0.6931$$\n"
    rows = check_text(text).rows
    assert rows[-1].status == "skipped"
    assert "row 2" in rows[-1].detail


def test_sums_over_another_shape_than_the_table_are_not_checked() -> None:
    text = "$y = [[1, 0], [0, 1]]$\n$\\hat{y} = [[0.5, 0.5], [0.5, 0.5]]$\n"
    text += r"$$-\frac{1}{3} \sum_{i=1}^3 \sum_{j=1}^2 y_{ij} \log \hat{y}_{ij} = 0.4621$$" + "\n"
    rows = check_text(text).rows
    assert rows[-1].status == "skipped"
    assert "3 x 2" in rows[-1].detail


@pytest.mark.parametrize(
    "text",
    [
        # rows not numbered 1..N
        "*y*\n\n\tA\tB\n1\t1\t0\n3\t0\t1\n",
        # a cell that is not a number
        "*y*\n\n\tA\tB\n1\t1\t0\n2\tx\t1\n",
        # ragged rows
        "*y*\n\n\tA\tB\n1\t1\t0\n2\t0\n",
        # no name above it
        "text\n\n\tA\tB\n1\t1\t0\n2\t0\t1\n",
        # a name that is an expression
        "$e^x$\n\n| | A | B |\n|---|---|---|\n| 1 | 1 | 0 |\n",
        # a heading between the name and the table
        "*y*\n\n# next slide\n\n\tA\tB\n1\t1\t0\n2\t0\t1\n",
    ],
)
def test_tables_that_do_not_fit_are_ignored(text: str) -> None:
    found, problems = formulas(text)
    assert not any("[[" in f.text for f in found)
    assert not problems
    check_text(text)  # never a crash


def test_the_nine_by_nine_table_of_seed_000_is_not_an_array() -> None:
    # its rows are labelled 0.1 ... 0.9, not numbered 1..N
    text = "\t\t$q(A)$\t\t\n\t\t0.1\t0.2\n$p(A)$\t0.1\t0.33\t0.36\n\t0.2\t0.54\t0.5\n"
    found, _ = formulas(text)
    assert [f.text for f in found] == ["q(A)", "p(A)"]


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed handouts live outside the repository")
def test_seed_000_double_sums_are_checked() -> None:
    report = check_file(SEEDS / "000_19e984e51e8e97a4.txt", base="e")
    claims = {row.line: row.status for row in report.rows if row.kind == "claim"}
    assert claims[177] == "proved"
    assert claims[223] == "rounded"  # stated float64 printouts hold to their digits
    assert claims[247] == "rounded"
    auto = check_file(SEEDS / "000_19e984e51e8e97a4.txt", base="auto")
    held = {row.line: row.detail for row in auto.rows if row.line in (223, 247)}
    assert all(detail.startswith("holds in nats only") for detail in held.values())


def test_an_array_and_a_vector_with_one_name_are_not_judged() -> None:
    # y_{ij} (an N x C array) and y_i (a vector) cannot both be y: never proved or refuted
    result = verify(r"\sum_{i=1}^N \sum_{j=1}^C y_{ij} = \sum_{i=1}^N y_i")
    assert result.status == "unknown"
    assert "two different vectors named 'y'" in result.rows[0].detail
