"""Tables and plots of checked expressions: values against mpmath, and the handouts' numbers."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import mpmath
import pytest
import sympy as sp

from symxent import (
    BinaryCrossEntropy,
    BinaryEntropy,
    Derivation,
    Logarithm,
    Logits,
    Sigmoid,
    Softmax,
)
from symxent.emit.beamer import beamer_deck
from symxent.emit.latex_document import topic_document
from symxent.emit.markdown import topic_markdown
from symxent.emit.plots import legend_place, plot_axis
from symxent.emit.tables import table_tabular
from symxent.emit.tex import compile_pdf
from symxent.plot import Curve, Plot, PlotError
from symxent.table import Column, Table, TableError
from symxent.topic import Topic, TopicReport

P, Q = sp.symbols("p q", positive=True)
X = sp.Symbol("x", real=True)
TENTHS = [f"0.{k}" for k in range(1, 10)]

# The binary cross-entropy table of handout 000 (nats, two decimals), as printed there.
HANDOUT_000 = [
    "0.33 0.36 0.44 0.55 0.69 0.88 1.12 1.47 2.08",
    "0.54 0.5 0.53 0.59 0.69 0.84 1.03 1.33 1.86",
    "0.76 0.64 0.61 0.63 0.69 0.79 0.95 1.19 1.64",
    "0.98 0.78 0.70 0.67 0.69 0.75 0.87 1.05 1.42",
    "1.20 0.92 0.78 0.71 0.69 0.71 0.78 0.92 1.20",
    "1.42 1.05 0.87 0.75 0.69 0.67 0.7 0.78 0.98",
    "1.64 1.19 0.95 0.79 0.69 0.63 0.61 0.64 0.76",
    "1.86 1.33 1.03 0.84 0.69 0.59 0.53 0.5 0.54",
    "2.08 1.47 1.12 0.88 0.69 0.55 0.44 0.36 0.33",
]


def mp_bce(p: str, q: str) -> mpmath.mpf:
    """-(p ln q + (1 - p) ln(1 - q)), by mpmath at 40 digits, from the decimal strings."""
    with mpmath.workdps(40):
        p_, q_ = mpmath.mpf(p), mpmath.mpf(q)
        return -(p_ * mpmath.log(q_) + (1 - p_) * mpmath.log(1 - q_))


def rounded(value: mpmath.mpf, digits: int) -> str:
    return str(Decimal(mpmath.nstr(value, 30)).quantize(Decimal(1).scaleb(-digits), ROUND_HALF_UP))


def test_every_cell_of_the_cross_entropy_table_matches_mpmath() -> None:
    report = Table.grid(BinaryCrossEntropy(P, Q), (P, TENTHS), (Q, TENTHS), digits=2).check()
    assert report.holds and report.cells == 9 * 10
    for row, p in zip(report.rows, TENTHS, strict=True):
        assert row[0].shown == p
        for cell, q in zip(row[1:], TENTHS, strict=True):
            assert cell.shown == rounded(mp_bce(p, q), 2), (p, q)
            with mpmath.workdps(40):
                assert abs(mpmath.mpf(cell.value) - mp_bce(p, q)) < mpmath.mpf("1e-30")


def test_the_handouts_cross_entropy_table_is_right_to_its_digits() -> None:
    stated = [row.split() for row in HANDOUT_000]
    report = Table.grid(
        BinaryCrossEntropy(P, Q), (P, TENTHS), (Q, TENTHS), digits=2, stated=stated
    ).check()
    assert report.holds, report.failure_message()


@pytest.mark.parametrize(
    ("row", "column", "wrong"), [(0, 0, "0.32"), (4, 8, "1.21"), (7, 7, "0.6")]
)
def test_a_wrong_stated_cell_is_refuted(row: int, column: int, wrong: str) -> None:
    stated = [line.split() for line in HANDOUT_000]
    stated[row][column] = wrong
    report = Table.grid(
        BinaryCrossEntropy(P, Q), (P, TENTHS), (Q, TENTHS), digits=2, stated=stated
    ).check()
    assert not report.holds
    bad = [
        (r, c)
        for r, cells in enumerate(report.rows)
        for c, cell in enumerate(cells)
        if not cell.holds
    ]
    assert bad == [(row, column + 1)]
    assert f"stated {wrong}" in report.failure_message()
    assert "\\sxrefuted" in table_tabular(report, "en")


def test_exact_columns_show_exact_values() -> None:
    report = Table(
        [
            Column("$p$", P),
            Column("$\\log_2 \\frac{1}{p}$", Logarithm(1 / P, 2)),
            Column("$p \\log_2 \\frac{1}{p}$", P * Logarithm(1 / P, 2), 3),
        ],
        [{P: v} for v in ("0.5", "0.25", "0.125")],
    ).check()
    assert [[c.shown for c in row] for row in report.rows] == [
        ["0.5", "1", "0.500"],
        ["0.25", "2", "0.500"],
        ["0.125", "3", "0.375"],
    ]


def test_the_handouts_softmax_numbers_are_checked() -> None:
    z = Logits("z", values=["0.9", "1.2", "-0.4"])
    i = sp.Symbol("i", integer=True, positive=True)
    report = Table(
        [
            Column("$e^{z_i}$", sp.exp(z[i]), 2, stated=["2.46", "3.32", "0.67"]),
            Column("softmax", Softmax(z, i), 2, stated=["0.38", "0.51", "0.10"]),
        ],
        [{i: k} for k in (1, 2, 3)],
    ).check()
    assert report.holds, report.failure_message()
    with mpmath.workdps(30):
        total = sum(mpmath.exp(mpmath.mpf(x)) for x in ("0.9", "1.2", "-0.4"))
        expected = [rounded(mpmath.exp(mpmath.mpf(x)) / total, 2) for x in ("0.9", "1.2", "-0.4")]
    assert [row[1].shown for row in report.rows] == expected


def test_bad_tables_are_clear_errors() -> None:
    with pytest.raises(TableError, match="3 stated for 2 rows"):
        Table([Column("$p$", P, 2, stated=["1", "2", "3"])], [{P: "0.1"}, {P: "0.2"}])
    with pytest.raises(TableError, match="not a decimal"):
        Table([Column("$p$", P, 2)], [{P: "zero point one"}])
    with pytest.raises(TableError, match="needs an expression or labels"):
        Table([Column("empty")], [{P: "0.1"}])


def test_a_cell_with_a_missing_variable_does_not_hold() -> None:
    report = Table([Column("$p + q$", P + Q, 2)], [{P: "0.1"}]).check()
    assert not report.holds and "no value for q" in report.failure_message()


def test_plot_samples_agree_with_mpmath() -> None:
    z = sp.Symbol("z", real=True)
    report = Plot(z, (-6, 6), [Curve(Sigmoid(z) * (1 - Sigmoid(z)), "s'")], samples=25).check()
    assert report.holds
    for x, y in report.curves[0].points:
        with mpmath.workdps(30):
            s = 1 / (1 + mpmath.exp(-mpmath.mpf(x)))
            assert abs(y - float(s * (1 - s))) < 1e-12
    assert max(y for _, y in report.curves[0].points) == pytest.approx(0.25)


def test_a_curve_from_a_derivation_draws_its_proved_end() -> None:
    z, y = sp.Symbol("z", real=True), sp.Symbol("y")
    s = Sigmoid(z)
    chain = (
        Derivation(sp.Derivative(BinaryCrossEntropy(y, s), z), where={y: sp.Interval(0, 1)})
        .eq(sp.Derivative(-(y * sp.log(s) + (1 - y) * sp.log(1 - s)), z), "definition")
        .eq(s - y, "chain rule")
    )
    report = Plot(z, (-4, 4), [Curve(chain, "CE", subs={y: 1})], samples=9).check()
    assert report.holds
    assert report.curves[0].expr == s - 1  # the chain's last expression, with y = 1
    wrong = Derivation(sp.Integer(1)).eq(2, "wrong")
    bad = Plot(z, (-1, 1), [Curve(wrong, "bad")], samples=3).check()
    assert not bad.holds and "does not hold" in bad.failure_message()


def test_a_curve_with_another_free_variable_is_a_clear_error() -> None:
    z, y = sp.Symbol("z", real=True), sp.Symbol("y")
    with pytest.raises(PlotError, match="also depends on y"):
        Plot(z, (-1, 1), [Curve(Sigmoid(z) - y, "gradient")]).check()
    with pytest.raises(PlotError, match="not an interval"):
        Plot(z, (1, -1), [Curve(Sigmoid(z))])


def test_undefined_points_are_gaps_not_errors() -> None:
    p = sp.Symbol("p")
    report = Plot(p, (0, 1), [Curve(-sp.log(p), "-log p")], samples=11).check()
    assert report.holds
    assert str(report.curves[0].points[0][1]) == "nan"  # -log 0 is not drawn
    entropy = Plot(p, (0, 1), [Curve(BinaryEntropy(p, 2))], samples=11).check()
    assert entropy.curves[0].points[0][1] == 0.0  # 0 log 0 = 0


def test_decks_and_documents_show_tables_and_plots(
    checked_topics: dict[str, TopicReport], tmp_path: Path, tex: str
) -> None:
    report = checked_topics["entropy"]
    deck = beamer_deck([report])
    assert deck.count("\\toprule") == 2 and deck.count("\\begin{axis}") == 2
    assert "\\usepackage{pgfplots}" in deck
    path = tmp_path / "deck.tex"
    path.write_text(deck)
    compiled = compile_pdf(path)
    assert compiled.overfull == () and compiled.tall == ()
    import subprocess

    text = subprocess.run(
        ["pdftotext", "-layout", str(compiled.pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "0.1 0.33 0.36 0.44 0.55 0.69 0.88 1.12 1.47 2.08" in " ".join(text.split())
    document = topic_document(report.topic, report)
    assert document.count("\\toprule") == 2 and document.count("\\begin{axis}") == 2
    markdown = topic_markdown(report)
    assert "| $p(A)$ \\\\ $q(A)$ |" in markdown and "every cell computed exactly" in markdown


def test_a_topic_with_a_wrong_table_does_not_hold() -> None:
    stated = [line.split() for line in HANDOUT_000]
    stated[0][0] = "0.30"
    table = Table.grid(
        BinaryCrossEntropy(P, Q), (P, TENTHS), (Q, TENTHS), stated=stated, title="BCE"
    )
    report = Topic(name="t", title="T", summary="s", derivations=[table]).check()
    assert not report.holds
    assert "stated 0.30" in report.failure_message()
    assert report.summary() == "t: 1 table (1 wrong)"


@pytest.mark.parametrize(
    ("expr", "domain", "place"),
    [
        (X * (1 - X), (0, 1), "south"),  # a hump: the bottom middle is empty
        (1 / X, (0.1, 1), "north east"),  # falls steeply: the top right is empty
        (sp.exp(X), (-6, 0), "north west"),  # rises late: the top left is empty
    ],
)
def test_the_legend_goes_where_it_hides_no_curve(
    expr: sp.Expr, domain: tuple[float, float], place: str
) -> None:
    curves = [Curve(expr, "$f(x)$, the first curve"), Curve(expr, "$g(x)$, the second")]
    report = Plot(X, domain, curves).check()
    assert legend_place(report) == place
    assert f"anchor={place}" in plot_axis(report, "en", "8cm", "5cm")
    fixed = Plot(X, domain, [Curve(expr, "$f$")], legend="outer north east").check()
    assert "legend pos=outer north east" in plot_axis(fixed, "en", "8cm", "5cm")
