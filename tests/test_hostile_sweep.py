r"""Hostile input gets a clear error, never a traceback or a hang: the fast part of the sweep.

``bench/hostile_sweep.py`` drives the command line and the public API with a few hundred hostile
inputs, each in a worker process bounded by a wall-clock budget. The cases it found broken are
kept here (each failed before its fix), with the hostile LaTeX table run through ``verify`` and
``check_text`` in process: every case ends in a result or a ``SymxentError`` within 20 s.
"""

from __future__ import annotations

import io
import math
import subprocess
import sys
import time
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

import symxent
from symxent.cli import main
from symxent.errors import LatexParseError, NumericError, SymxentError, TextError
from symxent.lecture import check_text, verify

BUDGET = 20.0
"""Wall-clock seconds one hostile input may take (symxent's own budgets are CPU time, at most
three times as much wall time, on a machine shared by several test runs)."""

HOSTILE_LATEX = {
    "unbalanced brace": r"H(p) = {\log 2",
    "frac without arguments": r"\frac{",
    "stray ampersand": r"a & = 1",
    "begin without end": r"\begin{aligned} a &= 1 \\ &= 1",
    "end without begin": r"a = 1 \end{aligned}",
    "10k nested parentheses": "(" * 10_000 + "x" + ")" * 10_000 + " = x",
    "1 MB line": "x + " * 250_000 + "x = x",
    "NUL bytes": "H(p)\x00 = \x00 0",
    "right-to-left marks": "H(p) \u200f= \u202e0\u202c",
    "Korean": "엔트로피 H(p) = 교차 엔트로피",
    "lone surrogate": "H(p) = \ud800",
    "unknown macro": r"\foo{p} = \bar\baz 2",
    "unknown names": r"\mathrm{Zork}(p, q) = \mathcal{Q}_{\aleph}",
    "power tower": r"10^{10^{10}} = 10^{10^{10}}",
    "2^{2^30}": r"2^{2^{30}} + 1 = 2^{2^{30}}",
    "sum of 10^12 terms": r"\sum_{i=1}^{10^{12}} \frac{1}{i^2} = \frac{\pi^2}{6}",
    "factorial of 10^12": r"(10^{12})! = (10^{12})!",
    "factorial of a factorial": r"((100)!)! > 1",
    "tower of logs": r"\log(" * 50 + "x" + ")" * 50 + r" \geq 0",
    "tower of exps": "e^{" * 8 + "x" + "}" * 8 + r" \geq x",
    "non-distribution": r"H([2, 3]) = 0",
    "empty": "",
    "derivative of order 10^6": r"\frac{d^{1000000}}{dx^{1000000}} x = 0",
}


def _bounded(call: object) -> object:
    began = time.perf_counter()
    try:
        result = call()  # type: ignore[operator]
    except SymxentError as error:
        result = error
    assert time.perf_counter() - began < BUDGET
    return result


@pytest.mark.parametrize("latex", HOSTILE_LATEX.values(), ids=HOSTILE_LATEX.keys())
def test_hostile_latex_is_a_result_or_a_clear_error(latex: str) -> None:
    for result in (
        _bounded(lambda: verify(latex)),
        _bounded(lambda: check_text(f"$${latex}$$\n").table()),
    ):
        assert not isinstance(result, SymxentError) or len(str(result)) < 1000


def test_a_lone_surrogate_in_a_text_is_read_not_a_unicode_error() -> None:
    # before: default_budget encoded the text to UTF-8: UnicodeEncodeError
    rows = check_text("$$H(p) = \ud800$$\n").rows
    assert [row.status for row in rows] == ["skipped"]
    assert "unexpected character" in rows[0].detail


@pytest.mark.parametrize("given", [None, b"H(p) = 0", 3])
def test_what_is_not_text_is_a_clear_error(given: object) -> None:
    # before: TypeError or AttributeError from deep inside ("if '%' not in text")
    with pytest.raises(LatexParseError, match="LaTeX is read from a str"):
        verify(given)  # type: ignore[arg-type]
    with pytest.raises(LatexParseError, match="LaTeX is read from a str"):
        symxent.parse(given)  # type: ignore[arg-type]
    with pytest.raises(TextError, match="check_text reads a str"):
        check_text(given)  # type: ignore[arg-type]


@pytest.mark.parametrize("timeout", [float("nan"), "5", None])
def test_a_timeout_that_is_no_number_is_a_clear_error(timeout: object) -> None:
    # before: ValueError "Invalid value NaN" from signal.setitimer, or a TypeError
    with pytest.raises(LatexParseError, match="timeout must be a number of seconds"):
        verify("H(p) = 0", timeout=timeout)  # type: ignore[arg-type]
    with pytest.raises(LatexParseError, match="timeout must be a number of seconds"):
        symxent.parse("H(p) = 0", timeout=timeout)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "fact",
    [
        "n=" + "9" * 5000,  # before: ValueError, Python reads at most 4300 digits
        "n=\u00b2",  # a superscript two is a digit to str.isdigit, not to int(): ValueError
        "n=" + "9" * 19,  # more classes than anything can hold
    ],
)
def test_a_class_count_that_is_no_count_is_a_clear_error(fact: str) -> None:
    with pytest.raises(LatexParseError, match="a class count is written n=4") as caught:
        verify("H(p) = 0", assume=[fact])
    assert len(str(caught.value)) < 200


def test_a_class_count_of_up_to_18_digits_is_still_read() -> None:
    with pytest.raises(LatexParseError, match="100000000000000000 classes; at most"):
        verify(r"H(p) \le \log n", assume=["n=100000000000000000"])


def test_a_hostile_assumption_is_named_shortly() -> None:
    # before: the message quoted the whole 5000-character assumption
    with pytest.raises(LatexParseError, match="cannot read the assumption") as caught:
        verify("H(p) = 0", assume=["(" * 5000])
    assert len(str(caught.value)) < 200


def test_the_command_line_gives_one_line_for_a_huge_class_count() -> None:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["verify", "--assume", "n=" + "9" * 5000, "H(p) = 0"])
    assert code == 2
    assert err.getvalue().startswith("symxent: error: cannot read the assumption")
    assert err.getvalue().count("\n") == 1 and len(err.getvalue()) < 200


def test_the_command_line_with_standard_output_closed_has_no_traceback(tmp_path: Path) -> None:
    # before: AttributeError: 'NoneType' object has no attribute 'flush' (sys.stdout is None)
    notes = tmp_path / "notes.md"
    notes.write_text("$$a = 1$$\n\n$$a + 1 = 3$$\n")
    done = subprocess.run(
        ["sh", "-c", f'"{sys.executable}" -m symxent check "{notes}" >&-'],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "Traceback" not in done.stderr
    assert done.returncode == 1  # a ≠ 2: refuted, though nothing could be printed


@pytest.mark.parametrize(
    "build",
    [
        lambda h: sp.Pow(2, sp.Pow(2, 30, evaluate=False), evaluate=False),
        lambda h: h * sp.Pow(10, sp.Pow(10, 10, evaluate=False), evaluate=False),
        lambda h: h + sp.factorial(sp.Pow(10, 12, evaluate=False), evaluate=False),
    ],
    ids=["2^(2^30)", "H(p) 10^(10^10)", "H(p) + (10^12)!"],
)
def test_to_numpy_refuses_a_number_too_large_to_evaluate(build: object) -> None:
    # before: SymPy's powsimp computed 2^(2^30) while compiling, for minutes
    entropy = symxent.Entropy(symxent.Probabilities("p", "n"))
    began = time.perf_counter()
    with pytest.raises(NumericError, match="a number too large to evaluate"):
        symxent.to_numpy(build(entropy))  # type: ignore[operator]
    assert time.perf_counter() - began < BUDGET


def test_to_numpy_still_compiles_ordinary_powers() -> None:
    # small exact powers compile as before: 2^(10) H(p) + sqrt(2) at p = (1/2, 1/2) is 1024 log 2
    entropy = symxent.Entropy(symxent.Probabilities("p", "n"))
    f = symxent.to_numpy(sp.Pow(2, 10, evaluate=False) * entropy + sp.sqrt(2))
    assert f(np.array([0.5, 0.5])) == pytest.approx(1024 * math.log(2) + math.sqrt(2))


def test_many_inline_formulas_on_one_line_are_found_in_linear_time() -> None:
    # before: each formula's lead-in searched back to the start of the text for a paragraph
    # break (str.rfind over the whole text): 20000 formulas on one line took 6 s, 60000 a minute,
    # outside any budget (extraction comes before checking)
    from symxent.lecture.extract import formulas

    text = "$x_1 = 1$ " * 60_000
    began = time.perf_counter()
    found, _ = formulas(text, "tex")
    assert time.perf_counter() - began < BUDGET
    assert len(found) == 60_000
    # the lead-in is still the last 300 characters of prose before the formula, or its paragraph
    last = len(text) - len("$x_1 = 1$ ")
    assert found[-1].lead == " ".join(text[last - 300 : last].split())
    found, _ = formulas("A long first paragraph.\n\nThe model gives $q = 0.5$ here.\n")
    assert found[0].lead == "The model gives"


def test_an_unreadable_file_is_a_one_line_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # chmod 0 does not stop root (the sweep runs as root here): refuse the open itself
    import symxent.lecture.files as files

    notes = tmp_path / "notes.md"
    notes.write_text("$$a = 1$$\n")

    def refused(*_: object) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files.os, "open", refused)
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["check", str(notes)])
    assert code == 2
    assert err.getvalue() == f"symxent: error: {notes}: cannot read it (Permission denied)\n"


def test_a_long_error_message_is_cut_in_the_middle_on_the_command_line() -> None:
    # before: the message quoted the whole 2700-character application on stderr
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["verify", "H(" + "x, " * 900 + "x) = 0"])
    assert code == 2
    message = err.getvalue()
    assert message.startswith("symxent: error: H(x, x,") and "characters cut ...]" in message
    assert message.endswith("expected 2 argument(s)\n") and len(message) < 600
