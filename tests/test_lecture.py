"""Checking lecture files: extraction, bindings, printed precision, log bases, reports.

The excerpts below are copied from the seed handouts (Korean prose kept). Every expected verdict
is justified in a comment by a hand computation or an mpmath value computed in the test.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import mpmath
import pytest

from symxent.errors import SymxentError
from symxent.lecture import check_file, check_text
from symxent.lecture.extract import formulas

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"  # ../shared beside the clone


def statuses(text: str, base: str = "e", kind: str = "markdown") -> list[tuple[int, str]]:
    return [(row.line, row.status) for row in check_text(text, base=base, kind=kind).rows]


# ---------------------------------------------------------------- extraction


def test_formulas_are_found_with_their_lines_in_markdown() -> None:
    text = "제목\n\n$$a = 1$$\n\n본문 $b = 2$ 와 $c$.\n$$\n\\begin{aligned} d &= 3 \\\\ &= 3 \\end{aligned}\n$$\n"
    found, problems = formulas(text)
    assert [(f.text.strip()[:15], f.line, f.display) for f in found] == [
        ("a = 1", 3, True),
        ("b = 2", 5, False),
        ("c", 5, False),
        ("\\begin{aligned}", 6, True),
    ]
    assert problems == []


def test_tex_comments_environments_and_unclosed_display() -> None:
    text = "% $x = 1$ commented\n\\begin{align*}\na &= 1 \\\\\n&= 1\n\\end{align*}\n\\[ b = 2 \\]\n$$ c = 3\n"
    found, problems = formulas(text, "tex")
    assert [f.line for f in found] == [2, 6]
    assert len(problems) == 1 and "never closed" in problems[0].reason


def test_a_lone_dollar_is_text_and_code_blocks_are_skipped() -> None:
    found, _ = formulas("It costs $5 today.\n```\n$x = 1$\n```\n$y = 2$\n")
    assert [f.text for f in found] == ["y = 2"]


def test_one_column_number_table_labelled_by_a_formula_is_a_vector() -> None:
    text = "|      |\n|------|\n| 0.9  |\n| 1.2  |\n| -0.4 |\n\n$x$\n"
    found, _ = formulas(text)
    assert [(f.text, f.line) for f in found] == [("x = [0.9, 1.2, -0.4]", 7)]
    # a table with a header, or with two columns, is not math
    found, _ = formulas(
        "| 키 |\n|---|\n| 164.95 |\n\n$x$\n| a | b |\n|---|---|\n| 1 | 2 |\n\n$y$\n"
    )
    assert [f.text for f in found] == ["x", "y"]


# ---------------------------------------------------------------- numeric claims


def test_printed_precision_decides_a_rounded_value() -> None:
    # -0.6 log2 0.6 - 0.4 log2 0.4 = 0.97095059...: rounds to 0.971, not to 0.970 or 0.972.
    h = -(0.6 * mpmath.log(0.6, 2) + 0.4 * mpmath.log(0.4, 2))
    assert mpmath.nstr(h, 3) == "0.971"
    text = (
        "$$-0.6 \\log_2 0.6 - 0.4 \\log_2 0.4 = 0.971$$\n"
        "$$-0.6 \\log_2 0.6 - 0.4 \\log_2 0.4 = 0.970$$\n"
        "$$-0.6 \\log_2 0.6 - 0.4 \\log_2 0.4 = 0.97$$\n"
        "$$-0.6 \\log_2 0.6 - 0.4 \\log_2 0.4 \\approx 1$$\n"
        "$$-0.6 \\log_2 0.6 - 0.4 \\log_2 0.4 = 1$$\n"
    )
    # a stated decimal holds to its printed digits ("rounded"), never "proved"
    assert statuses(text) == [
        (1, "rounded"),
        (2, "refuted"),
        (3, "rounded"),
        (4, "rounded"),
        (5, "refuted"),
    ]


def test_a_float64_printout_is_judged_to_float64_precision() -> None:
    # Seed 000: the 10-sample example prints CE = 1.2798542258336674, numpy's float64 result.
    # The exact value is 1.27985422583366746718...: correctly rounded to 16 decimals it would
    # end in ...675, so half a unit in the last place would call a correct line wrong.
    with mpmath.workdps(40):  # leaves the precision other tests set as it was
        exact = (
            -(
                4 * mpmath.log("0.4")
                + 3 * mpmath.log("0.3")
                + 2 * mpmath.log("0.2")
                + mpmath.log("0.1")
            )
            / 10
        )
        assert mpmath.nstr(exact, 21) == "1.27985422583366746718"
    left = r"-\frac{1}{10}(4 \log 0.4 + 3 \log 0.3 + 2 \log 0.2 + \log 0.1)"
    text = f"$${left} = 1.2798542258336674$$\n$${left} = 1.27985422583380$$\n"
    # it is the float64 nearest to the exact value, printed the shortest way: it holds to its
    # stated (float64) digits
    assert statuses(text) == [(1, "rounded"), (2, "refuted")]


def test_rounded_intermediate_values_carry_their_precision_along_the_chain() -> None:
    # Seed 001: -(0.6 log 0.6) - (0.4 log 0.4) = (0.6 x 0.737) + (0.4 x 1.322) = 0.442 + 0.529 = 0.971
    # In bits: -log2 0.6 = 0.73697, -log2 0.4 = 1.32193, so 0.737 and 1.322 are the rounded
    # values; the first link holds to the rounding 0.6*0.0005 + 0.4*0.0005 = 0.0005; in nats
    # the left side is 0.673, which no rounding explains.
    assert mpmath.nstr(-mpmath.log(0.6, 2), 3) == "0.737"
    assert mpmath.nstr(-mpmath.log(0.4, 2), 4) == "1.322"
    assert mpmath.nstr(-(0.6 * mpmath.log(0.6) + 0.4 * mpmath.log(0.4)), 3) == "0.673"
    text = (
        "$$\\begin{aligned} E(\\hat{Y}) &= -(0.6 \\times \\log 0.6) - (0.4 \\times \\log 0.4) \\\\\n"
        " &= (0.6 \\times 0.737) + (0.4 \\times 1.322) \\\\\n"
        " &= 0.442 + 0.529 = 0.971 \\end{aligned}$$\n"
    )
    report = check_text(text, base="auto")
    assert [row.status for row in report.rows] == ["definition", "base", "proved", "proved"]
    assert report.rows[1].judgement is not None and report.rows[1].judgement.holds_in == ("2",)
    assert report.exit_code == 0
    report = check_text(text, base="2")
    # -(0.6 log2 0.6) - (0.4 log2 0.4) = (0.6 x 0.737) + (0.4 x 1.322) to the stated digits;
    # 0.442 + 0.529 = 0.971 exactly
    assert [row.status for row in report.rows] == ["definition", "rounded", "proved", "proved"]
    report = check_text(text, base="e")
    assert report.rows[1].status == "refuted" and "holds in bits" in report.rows[1].detail
    assert report.exit_code == 1


def test_seed_information_content_chains() -> None:
    # Seed 000: I(p) = log 1/p = 1/0.999999999 ~= 0 and I(q) = log 1/q = 1/0.000000001 ~= 18.42068074.
    # log(1/0.999999999) = 1.0000000005e-9 (nats); 1/0.999999999 = 1.000000001: the middle link
    # drops the log; log 10^9 = 20.7232658 nats = 29.8973529 bits, and 18.42068074 = ln 10^8.
    assert mpmath.nstr(mpmath.log(mpmath.mpf(10) ** 8), 10) == "18.42068074"
    assert mpmath.nstr(mpmath.log(mpmath.mpf(10) ** 9), 9) == "20.7232658"
    text = (
        "내일은 해가 동쪽에서 뜬다\n\n$$p = 0.999999999$$\n\n"
        "$$I(p) = \\log \\frac{1}{p} = \\frac{1}{0.999999999} \\simeq 0$$\n\n"
        "내일은 해가 서쪽에서 뜬다\n\n$$q = 0.000000001$$\n\n"
        "$$I(q) = \\log \\frac{1}{q} = \\frac{1}{0.000000001} \\simeq 18.42068074$$\n"
    )
    report = check_text(text, base="auto")
    assert [(row.line, row.status) for row in report.rows] == [
        (3, "binding"),
        (5, "proved"),
        (5, "refuted"),
        (5, "refuted"),
        (9, "binding"),
        (11, "proved"),
        (11, "refuted"),
        (11, "refuted"),
    ]
    # the end-to-end note tells the dropped log from a wrong result
    assert "end to end" in report.rows[3].notes[0] and "holds" in report.rows[3].notes[0]
    assert "is wrong too" in report.rows[7].notes[0]
    assert "20.72326584 (nats)" in report.rows[6].detail
    assert "29.89735285 (bits)" in report.rows[6].detail


def test_seed_binary_cross_entropy_signs() -> None:
    # Seed 001: -(1 log 0.9 + 0) = -(1 x 0.152) = 0.152: -log2 0.9 = +0.152, so the middle
    # value has the wrong sign (log2 0.9 = -0.152); the ends agree in bits.
    # -(1 log 0.3 + 0) = -(1 x -1.737) = 1.737 is right in bits: -log2 0.3 = 1.73697.
    assert mpmath.nstr(-mpmath.log(0.9, 2), 3) == "0.152"
    assert mpmath.nstr(-mpmath.log(0.3, 2), 4) == "1.737"
    text = (
        "$$H(Y, \\hat{Y})$$\n\n"
        "$$\\begin{aligned} &= -(1 \\times \\log 0.9 + (1 - 1) \\times \\log(1 - 0.9)) \\\\ "
        "&= -(1 \\times 0.152) = 0.152 \\end{aligned}$$\n\n"
        "$$H(Y, \\hat{Y})$$\n\n"
        "$$\\begin{aligned} &= -(1 \\times \\log 0.3 + (1 - 1) \\times \\log(1 - 0.3)) \\\\ "
        "&= -(1 \\times -1.737) = 1.737 \\end{aligned}$$\n"
    )
    rows = check_text(text, base="auto").rows
    assert [row.status for row in rows] == [
        "skipped",  # H(Y, Ŷ) has no values in this file
        "refuted",  # 0.152 (bits) is not -0.152
        "refuted",  # -(0.152) is not 0.152
        "skipped",
        "base",  # -log2 0.3 = 1.737 in bits only
        "proved",
    ]
    assert "holds in bits" in rows[2].notes[0]
    assert rows[4].judgement is not None and rows[4].judgement.holds_in == ("2",)


def test_zero_log_zero_is_zero() -> None:
    assert statuses("$$E(Y) = -(0 \\times \\log 0) - (1 \\times \\log 1) = 0$$") == [
        (1, "definition"),
        (1, "proved"),
    ]


def test_vector_and_labelled_bindings() -> None:
    # H(0.1, 0.4, 0.5) = 0.9433 nats; H(0.25, 0.75) = 0.5623 nats = 0.8113 bits.
    h3 = -sum(v * mpmath.log(v) for v in (mpmath.mpf("0.1"), mpmath.mpf("0.4"), mpmath.mpf("0.5")))
    h2 = -(mpmath.mpf("0.25") * mpmath.log("0.25") + mpmath.mpf("0.75") * mpmath.log("0.75"))
    assert mpmath.nstr(h3, 4) == "0.9433" and mpmath.nstr(h2, 4) == "0.5623"
    assert mpmath.nstr(h2 / mpmath.log(2), 4) == "0.8113"
    text = (
        "$$P = [0.10, 0.40, 0.50]$$\n$$H(P) \\approx 0.9433$$\n$$H(P) \\approx 0.9443$$\n"
        "$$q(A) = 0.25$$\n$$q(B) = 0.75$$\n$$H(q) = 0.5623$$\n$$H(q) = 0.8113$$\n"
    )
    assert statuses(text, base="auto") == [
        (1, "binding"),
        (2, "base"),  # nats (in bits H(P) = 1.361)
        (3, "refuted"),
        (4, "binding"),
        (5, "binding"),
        (6, "base"),  # nats
        (7, "base"),  # bits
    ]


def test_the_whole_file_budget_ends_in_one_row() -> None:
    text = "\n".join(f"$$\\log_2 {k + 2} \\leq {k} + 3$$" for k in range(400))
    report = check_text(text, budget=0.5)
    assert report.rows[-1].status == "skipped"
    assert "formulas from here on unchecked" in report.rows[-1].detail
    assert len(report.rows) < 400


def test_seed_kl_example_with_function_style_bindings() -> None:
    # Seed 003: p = (1/3, 2/3), q = (2/3, 1/3): KL = 1/3 log 1/2 + 2/3 log 2 = (1/3) log 2 = 0.2310 nats.
    assert abs(mpmath.log(2) / 3 - mpmath.mpf("0.2310")) < mpmath.mpf("0.00005")
    text = r"""$$x \in \{a, b\}$$

$$\left( \begin{array}{l} p(a) = \frac{1}{3} \\ q(a) = \frac{2}{3} \end{array} \right) \left( \begin{array}{l} p(b) = \frac{2}{3} \\ q(b) = \frac{1}{3} \end{array} \right)$$

$$D_{KL}(p \parallel q) = p(a) \log \frac{p(a)}{q(a)} + p(b) \log \frac{p(b)}{q(b)}$$

$$= \frac{1}{3} \log \frac{1}{2} + \frac{2}{3} \log 2$$

$$\left( = -\frac{1}{3} \log 2 + \frac{2}{3} \log 2 \right)$$

$$D_{KL}(p \parallel q) \approx 0.2310$$

$$D_{KL}(p \parallel q) = \frac{1}{3} \log 2 + 0.1$$
"""
    assert statuses(text) == [
        (1, "binding"),
        (3, "binding"),
        (3, "binding"),
        (3, "binding"),
        (3, "binding"),
        (5, "proved"),
        (7, "proved"),
        (9, "proved"),
        (11, "rounded"),  # 0.2310 is ln(2)/3 = 0.23105 to its stated digits
        (13, "refuted"),
    ]


def test_softmax_table_example() -> None:
    # Seed 004: x = (0.9, 1.2, -0.4); e^x = (2.4596, 3.3201, 0.6703) -> 2.46, 3.32, 0.67;
    # sum = 6.4500 -> 6.45; softmax = (0.3813, 0.5147, 0.1039): the handout's 0.52 should be 0.51.
    e = [mpmath.e**v for v in (0.9, 1.2, -0.4)]
    assert [mpmath.nstr(v, 3) for v in e] == ["2.46", "3.32", "0.67"]
    assert mpmath.nstr(sum(e), 3) == "6.45"
    assert [f"{float(v / sum(e)):.2f}" for v in e] == ["0.38", "0.51", "0.10"]
    text = """$$\\hat{y}_i = \\frac{e^{x_i}}{\\sum_{j=1}^C e^{x_j}}$$

|      |
|------|
| 0.9  |
| 1.2  |
| -0.4 |

$x$

|      |
|------|
| 2.46 |
| 3.32 |
| 0.67 |

$e^x$

$$\\sum_{j=1}^C e^{x_j} = 6.45$$

$= e^{x_1} + e^{x_2} + e^{x_3}$

|      |
|------|
| 0.38 |
| 0.52 |
| 0.10 |

$\\hat{y}$  //

$$\\sum_{j=1}^C \\hat{y}_j = 1$$
"""
    rows = check_text(text).rows
    # the stated decimals hold to their digits ("rounded"); only the exact sum is proved
    assert [row.status for row in rows] == [
        "definition",
        "binding",
        "rounded",
        "rounded",
        "rounded",
        "rounded",
        "rounded",
        "binding",
        "rounded",
        "refuted",
        "rounded",
        "proved",
    ]
    assert rows[9].stated == "0.52" and rows[9].computed.startswith("0.5147")


# ---------------------------------------------------------------- symbolic claims and non-claims


def test_identities_between_quantities_are_proved() -> None:
    text = r"""
$$\begin{aligned} D_{\text{KL}}(p \parallel q) &= \sum_x p(x) \log \frac{p(x)}{q(x)} \\
&= \sum_x p(x) \log p(x) - \sum_x p(x) \log q(x) \\
&= -H(p) + \text{CE}(p, q) \end{aligned}$$

$$\begin{aligned} \text{CE}(p, q) &= -\mathbb{E}_{x \sim p}[\log q(x)] \\ &= -\sum_x p(x) \log q(x) \end{aligned}$$
"""
    assert [status for _, status in statuses(text, base="auto")] == ["proved"] * 5


def test_definitions_notation_and_renaming_are_not_claims() -> None:
    text = r"""
$$CE = -\frac{1}{N} \sum_{i=1}^N \log \hat{y}_i$$
$$P(X = x) = P_x(x) = P(x)$$
$$H(X) = -\sum_i p_i \log p_i$$
$$\hat{y}_i = \frac{e^{x_i}}{\sum_{j=1}^C e^{x_j}}$$
$$E[X] = \sum_{x} x P(x)$$
If, $p(x)=q(x)$ ?
"""
    assert [status for _, status in statuses(text)] == [
        "definition",
        "notation",
        "notation",
        "notation",
        "definition",
        "definition",
        "notation",
    ]


def test_a_stated_number_for_unbound_names_is_skipped_with_the_names() -> None:
    rows = check_text("$$CE = -\\frac{1}{N} \\sum_{i=1}^N \\log \\hat{y}_i = 1.386$$").rows
    assert rows[1].status == "skipped"
    assert "yhat" in rows[1].detail and "this file does not give" in rows[1].detail


def test_jensen_bound_is_proved_and_a_wrong_bound_refuted() -> None:
    # proved in nats (Jensen for exp); in bits the proof takes two lemmas (take logs, then
    # Jensen for log: tests/test_lemmas.py), which a link's budget may or may not leave room for
    text = "$$e^{-CE(X_a, Y_a)} \\leq P(X_a = Y_a)$$\n$$e^{-CE(X_a, Y_a)} \\geq P(X_a = Y_a)$$\n"
    assert statuses(text, base="e") == [(1, "proved"), (2, "refuted")]
    auto = statuses(text, base="auto")
    assert auto[1] == (2, "refuted") and auto[0][1] in ("proved", "confirmed")


def test_unreadable_lines_are_listed_with_the_reason_never_dropped() -> None:
    text = "$$KL = \\cancel{D} + CE$$\n$x \\leftarrow y$\n$\\frac{1}{n} \\sum$\n$$가나 = 1$$\n"
    report = check_text(text)
    assert [row.status for row in report.rows] == ["skipped"] * 4
    assert "\\cancel" in report.rows[0].detail
    assert "arrow" in report.rows[1].detail
    assert "needs an index" in report.rows[2].detail
    assert "unexpected character" in report.rows[3].detail
    assert report.exit_code == 0


# ---------------------------------------------------------------- reports and CLI


def test_report_formats() -> None:
    report = check_text("$$p = 0.5$$\n$$\\log_2 \\frac{1}{p} = 1$$\n$$2 \\times 0.25 = 0.6$$\n")
    table = report.table()
    assert "line" in table.splitlines()[0] and "verdict" in table.splitlines()[0]
    assert "refuted" in table
    data = json.loads(report.to_json())
    assert data["counts"] == {"proved": 1, "refuted": 1, "binding": 1}
    assert data["rows"][2]["stated"] == "0.6" and data["rows"][2]["computed"] == "0.5"
    assert "| line | link |" in report.markdown()
    assert report.summary().startswith("input: 3 formulas, 3 links: 1 proved, 1 refuted, 1 binding")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "symxent", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def test_check_command_exit_codes_and_json(tmp_path: Path) -> None:
    good = tmp_path / "good.md"
    good.write_text("강의\n$$\\log_2 \\frac{1}{0.25} = 2$$\n", encoding="utf-8")
    bad = tmp_path / "bad.tex"
    bad.write_text("% notes\n\\[ 0.25 \\times 2 + 0.5 = 1.5 \\]\n", encoding="utf-8")
    done = run("check", str(good))
    assert done.returncode == 0, done.stderr
    assert "proved" in done.stdout
    done = run("check", str(bad), "--format", "json")
    assert done.returncode == 1
    assert json.loads(done.stdout)["counts"] == {"refuted": 1}
    done = run("check", str(tmp_path / "missing.md"))
    assert done.returncode == 2
    assert done.stderr.startswith("symxent: error:") and len(done.stderr.splitlines()) == 1


def test_check_command_takes_several_files(tmp_path: Path) -> None:
    good = tmp_path / "good.md"
    good.write_text("$$\\log_2 \\frac{1}{0.125} = 3$$\n", encoding="utf-8")
    bad = tmp_path / "bad.md"
    bad.write_text("$$0.5 \\times 1 + 0.25 \\times 2 = 1.25$$\n", encoding="utf-8")
    done = run("check", str(good), str(bad))
    assert done.returncode == 1  # the worst of the files
    summaries = [line for line in done.stdout.splitlines() if line.startswith(str(tmp_path))]
    assert len(summaries) == 2
    assert summaries[0].startswith(str(good)) and "proved" in summaries[0]
    assert summaries[1].startswith(str(bad)) and "refuted" in summaries[1]
    done = run("check", str(good), str(bad), "--format", "json")
    reports = json.loads(done.stdout)
    assert [r["counts"] for r in reports] == [{"proved": 1}, {"refuted": 1}]
    done = run("check", str(good), str(tmp_path / "missing.md"))
    assert done.returncode == 2
    assert "proved" in done.stdout


def test_files_over_one_megabyte_are_refused_clearly(tmp_path: Path) -> None:
    big = tmp_path / "big.md"
    big.write_text("가" * 400_000, encoding="utf-8")  # 1.2 MB in UTF-8
    with pytest.raises(SymxentError, match="at most 1000000"):
        check_file(big)
    not_text = tmp_path / "binary.md"
    not_text.write_bytes(b"\xff\xfe\x00$x$")
    with pytest.raises(SymxentError, match="not UTF-8"):
        check_file(not_text)


def test_many_formulas_in_prose_run_in_bounded_time() -> None:
    text = "\n".join(f"설명 {k} $x_{k} = {k}.5$ 그리고 $${k} + 1 = {k + 1}$$" for k in range(300))
    report = check_text(text, budget=60)
    assert report.counts()["proved"] == 300
    assert report.seconds < 60


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed handouts live outside the repository")
def test_seed_handouts_report_the_known_wrong_claims_only() -> None:
    wrong = {}
    for path in sorted(SEEDS.glob("*.txt")):
        report = check_file(path, base="auto")
        wrong[path.name[:3]] = sorted({row.line for row in report.wrong})
    assert wrong == {
        "000": [35, 41],
        "001": [148],
        "002": [],
        "003": [203, 205],
        "004": [141, 155, 175],
    }
