r"""Hostile-input sweep: bad input gets a clear error, never a traceback, a hang or a crash.

Drives the command line (``symxent.cli.main`` in a worker process, and a few real ``symxent``
subprocesses for what only a real process shows: argv bytes, stdin, file permissions) and the
public Python API (``verify``, ``parse``, ``parse_expression``, ``check_text``, ``check_file``,
the numeric losses, ``to_numpy``) with malformed LaTeX, huge numbers, sums and towers, unknown
names, non-distributions, odd files. An outcome is:

- ``ok``: a result, or a :class:`~symxent.errors.SymxentError` (CLI: exit code 0, 1 or 2 and
  no traceback on stderr);
- ``FAIL``: any other exception, a traceback on stderr, an error message over 1000 characters;
- ``HANG``: the case ran past its budget (``--budget``, default 20 s wall clock);
- ``CRASH``: the worker died (a signal: segfault, abort, out of memory).

Usage::

    python bench/hostile_sweep.py [--budget 20] [--only SUBSTRING] [-v]

Exit code 1 when any case is not ``ok``. Cases run one after another in a worker process
(``import symxent`` paid once); a hung or crashed worker is replaced for the cases after it.
Whole-text checks get symxent's own budget of :data:`CHECK_BUDGET` CPU seconds, which may take
three times as long on a loaded machine: keep ``--budget`` above 12 s. About 490 cases, 4-7
minutes on two shared cores. Run as root, the unreadable-file case reads the file (root may).
The fast cases it found broken are kept as tests in ``tests/test_hostile_sweep.py``.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import select
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from functools import partial
from pathlib import Path
from typing import Any

CHECK_BUDGET = 4.0
"""The budget (``--budget``) given to whole-text checks: symxent's own bound, CPU seconds; the
sweep's budget per case must cover three times as much (the wall-clock cap on a loaded machine).
A few cases keep the default budget (10 s plus 2 s per KB, at most 300 s)."""

MESSAGE_LIMIT = 1000
"""An error message longer than this is no clear message (it echoes the input back)."""

# ----------------------------------------------------------------------------- hostile LaTeX

LATEX: dict[str, str] = {
    "unbalanced_open": r"H(p) = {\log 2",
    "unbalanced_close": r"H(p) = \log 2}}",
    "frac_open": r"\frac{",
    "frac_one_arg": r"\frac{1} = 2",
    "stray_amp": r"a & = 1",
    "begin_no_end": r"\begin{aligned} a &= 1 \\ &= 1",
    "end_no_begin": r"a = 1 \end{aligned}",
    "nested_parens_10k": "(" * 10_000 + "x" + ")" * 10_000 + " = x",
    "nested_braces_10k": "{" * 10_000 + "x" + "}" * 10_000 + " = x",
    "long_line_1mb": "x + " * 250_000 + "x = x",
    "long_sum_11kb": " + ".join(["x"] * 3_700) + " = 3700 x",
    "nul_bytes": "H(p)\x00 = \x00 0",
    "rtl_marks": "H(p) \u200f= \u202e0\u202c",
    "korean": "엔트로피 H(p) = 교차 엔트로피",
    "korean_text_macro": r"\text{엔트로피} = H(p)",
    "zero_width": "H\u200b(p) = H(p)",
    "lone_surrogate": "H(p) = \ud800",
    "unknown_macro": r"\foo{p} = \bar\baz 2",
    "unknown_names": r"\mathrm{Zork}(p, q) = \mathcal{Q}_{\aleph}",
    "huge_tower": r"10^{10^{10}} = 10^{10^{10}}",
    "huge_pow_tower": r"2^{2^{30}} + 1 = 2^{2^{30}}",
    "huge_pow_ineq": r"2^{2^{30}} \geq 3^{3^{20}}",
    "huge_sum": r"\sum_{i=1}^{10^{12}} \frac{1}{i^2} = \frac{\pi^2}{6}",
    "huge_sum_p": r"\sum_{i=1}^{10^{12}} p_i = 1",
    "huge_product": r"\prod_{i=1}^{10^{12}} (1 + \frac{1}{i^2}) = 3",
    "huge_factorial": r"(10^{12})! = (10^{12})!",
    "huge_factorial_ineq": r"(10^{9})! > 10^{10^{9}}",
    "factorial_of_factorial": r"((100)!)! > 1",
    "log_tower_50": r"\log(" * 50 + "x" + ")" * 50 + r" \geq 0",
    "exp_tower_8": "e^{" * 8 + "x" + "}" * 8 + r" \geq x",
    "exp_tower_numbers": "e^{" * 6 + "10" + "}" * 6 + r" > 0",
    "big_integer_literal": "1" * 5000 + " = " + "1" * 5000,
    "big_decimal_literal": "0." + "3" * 5000 + r" = \frac{1}{3}",
    "non_distribution_entropy": r"H([2, 3]) = 0",
    "negative_prob": r"H([-0.5, 1.5]) \geq 0",
    "kl_wrong_arity": r"D_{KL}(p) = 0",
    "empty": "",
    "only_spaces": "   ",
    "only_relation": "=",
    "many_relations": "= " * 5_000,
    "deep_subscripts": "x" + "_{x" * 300 + "}" * 300 + " = 1",
    "deep_frac": r"\frac{1}{" * 300 + "2" + "}" * 300 + " = 1",
    "dollar_inside": r"$H(p)$ = $$",
    "comment_only": r"% H(p) = 0",
    "backslash_only": "\\",
    "integral_huge": r"\int_0^{10^{100}} e^{-x} \, dx = 1",
    "derivative_order": r"\frac{d^{1000000}}{dx^{1000000}} x = 0",
    "long_application": "H(" + "x, " * 900 + "x) = 0",
    "long_no_relation": "x + " * 700 + "x",
    "long_unbalanced": "{" + "x + " * 700,
}

# ---------------------------------------------------------------------- hostile lecture files

NOTES: dict[str, bytes] = {
    "empty": b"",
    "only_newlines": b"\n" * 10_000,
    "invalid_utf8": b"$$H(p) = \xff\xfe 0$$\n",
    "latin1": "$$x = 1$$ caf\xe9\n".encode("latin-1"),
    "nul_bytes": b"$$a = 1$$\x00\x00\n$$b\x00 = 2$$\n",
    "utf16_bom": "$$a = 1$$\n".encode("utf-16"),
    "utf8_bom": b"\xef\xbb\xbf$$a = 1$$\n",
    "unclosed_display": b"$$ H(p) = 0\n" * 2_000,
    "begin_no_end": b"\\begin{align*}\na &= 1\n",
    "korean_rtl": "엔트로피 \u200f$$H(p) \u202e= 0$$\n".encode(),
    "many_formulas": b"$x_1 = 1$ " * 20_000,
    "one_big_formula_900kb": b"$$" + b"x + " * 225_000 + b"x = x$$\n",
    "nested_parens_5k": b"$$" + b"(" * 5_000 + b"x" + b")" * 5_000 + b" = x$$\n",
    "huge_numbers": (
        b"$$a = 10^{10^{10}}$$\n\n$$a + 1 > a$$\n\n$$b = 2^{2^{30}}$$\n\n$$b^2 = b \\cdot b$$\n"
        b"$$\\sum_{i=1}^{10^{12}} p_i = 1$$\n\n$$(10^{12})! > 1$$\n"
    ),
    "non_distribution": (
        b"$$p = [2, -1]$$\n\n$$H(p) = 0.5$$\n\n$$q = [0.5, 0.6]$$\n\n"
        b"$$D_{KL}(p \\parallel q) = 1$$\n"
    ),
    "circular_binding": b"$$a = b + 1$$\n\n$$b = a + 1$$\n\n$$a = 3$$\n",
    "vector_10k": b"$$p = [" + b", ".join([b"0.0001"] * 10_000) + b"]$$\n\n$$H(p) = 9.21$$\n",
    "over_1mb": b"$$x = 1$$\n" + b"a" * (1 << 20),
    "tex_unbalanced": b"\\begin{equation} a = {1 \\end{equation}\n\\[ \\frac{ \\]\n",
}

# ---------------------------------------------------------------------------- the cases


def _numeric_cases() -> dict[str, Callable[[], Any]]:
    import numpy as np

    import symxent.numeric as sn

    p = np.array([0.2, 0.3, 0.5])
    cases: dict[str, Callable[[], Any]] = {
        "entropy_non_distribution": lambda: sn.entropy(np.array([2.0, 3.0])),
        "entropy_negative": lambda: sn.entropy(np.array([-0.5, 1.5])),
        "entropy_nan": lambda: sn.entropy(np.array([np.nan, 1.0])),
        "entropy_inf": lambda: sn.entropy(np.array([np.inf, 0.0])),
        "entropy_empty": lambda: sn.entropy(np.array([])),
        "entropy_scalar": lambda: sn.entropy(0.5),
        "entropy_strings": lambda: sn.entropy(np.array(["a", "b"])),
        "entropy_object": lambda: sn.entropy(np.array([object(), object()])),
        "entropy_ragged": lambda: sn.entropy([[0.5, 0.5], [1.0]]),
        "entropy_complex": lambda: sn.entropy(np.array([0.5 + 1j, 0.5])),
        "entropy_none": lambda: sn.entropy(None),
        "entropy_dict": lambda: sn.entropy({"a": 1}),
        "entropy_bool": lambda: sn.entropy(np.array([True, False])),
        "entropy_bad_base": lambda: sn.entropy(p, base=-1),
        "entropy_base_one": lambda: sn.entropy(p, base=1),
        "entropy_base_string": lambda: sn.entropy(p, base="ten"),
        "entropy_base_latex": lambda: sn.entropy(p, base="__import__('os')"),
        "entropy_bad_axis": lambda: sn.entropy(p, axis=5),
        "entropy_axis_float": lambda: sn.entropy(p, axis=0.5),  # type: ignore[arg-type]
        "entropy_normalize_zero_row": lambda: sn.entropy(np.zeros(3), normalize=True),
        "entropy_bad_out": lambda: sn.entropy(np.ones((2, 2)) / 2, out=np.empty(5)),
        "entropy_out_int": lambda: sn.entropy(np.ones((2, 2)) / 2, out=np.empty(2, dtype=int)),
        "entropy_huge_class_count": lambda: sn.entropy(np.zeros((1, 0))),
        "entropy_0d_rows": lambda: sn.entropy(np.zeros((0, 3))),
        "entropy_float16": lambda: sn.entropy(p.astype(np.float16)),
        "entropy_longdouble": lambda: sn.entropy(p.astype(np.longdouble)),
        "entropy_huge_values": lambda: sn.entropy(np.array([1e308, 1e308])),
        "entropy_subnormal": lambda: sn.entropy(np.array([5e-324, 1.0])),
        "cross_entropy_shape_mismatch": lambda: sn.cross_entropy(p, p[:2]),
        "cross_entropy_q_zero": lambda: sn.cross_entropy(p, np.array([1.0, 0.0, 0.0])),
        "kl_negative_q": lambda: sn.kl_divergence(p, np.array([-0.1, 0.6, 0.5])),
        "kl_non_distribution": lambda: sn.kl_divergence(np.array([3.0, 4.0]), np.array([1.0, 1.0])),
        "nll_out_of_range": lambda: sn.nll(np.array([1.5, -0.2])),
        "nll_bad_reduction": lambda: sn.nll(p, reduction="average"),
        "ce_logits_target_out_of_range": lambda: sn.cross_entropy_with_logits(
            np.zeros((2, 3)), np.array([0, 7])
        ),
        "ce_logits_target_negative": lambda: sn.cross_entropy_with_logits(
            np.zeros((2, 3)), np.array([0, -5])
        ),
        "ce_logits_target_float": lambda: sn.cross_entropy_with_logits(
            np.zeros((2, 3)), np.array([0.5, 1.5])
        ),
        "ce_logits_target_huge_int": lambda: sn.cross_entropy_with_logits(
            np.zeros((2, 3)), np.array([0, 2**62])
        ),
        "ce_logits_target_bigint_object": lambda: sn.cross_entropy_with_logits(
            np.zeros((2, 3)), [0, 10**30]
        ),
        "ce_logits_inf_logits": lambda: sn.cross_entropy_with_logits(
            np.array([[np.inf, -np.inf, 0.0]]), np.array([1])
        ),
        "ce_logits_nan_logits": lambda: sn.cross_entropy_with_logits(
            np.array([[np.nan, 0.0, 0.0]]), np.array([0])
        ),
        "ce_logits_bad_smoothing": lambda: sn.cross_entropy_with_logits(
            np.zeros((2, 3)), np.array([0, 1]), label_smoothing=2.0
        ),
        "ce_logits_smoothing_nan": lambda: sn.cross_entropy_with_logits(
            np.zeros((2, 3)), np.array([0, 1]), label_smoothing=float("nan")
        ),
        "ce_logits_bad_weight": lambda: sn.cross_entropy_with_logits(
            np.zeros((2, 3)), np.array([0, 1]), weight=np.ones(7)
        ),
        "ce_logits_bad_reduction": lambda: sn.cross_entropy_with_logits(
            np.zeros((2, 3)), np.array([0, 1]), reduction="avg"
        ),
        "ce_logits_bad_class_axis": lambda: sn.cross_entropy_with_logits(
            np.zeros((2, 3)), np.array([0, 1]), class_axis=9
        ),
        "ce_logits_empty": lambda: sn.cross_entropy_with_logits(np.zeros((0, 3)), np.array([])),
        "ce_logits_no_classes": lambda: sn.cross_entropy_with_logits(
            np.zeros((2, 0)), np.array([0, 0])
        ),
        "ce_logits_all_ignored": lambda: sn.cross_entropy_with_logits(
            np.zeros((2, 3)), np.array([-100, -100])
        ),
        "ce_grad_target_out_of_range": lambda: sn.softmax_cross_entropy_grad(
            np.zeros((2, 3)), np.array([0, 3])
        ),
        "bce_target_out_of_range": lambda: sn.binary_cross_entropy(
            np.array([2.0]), np.array([0.5])
        ),
        "bce_prob_out_of_range": lambda: sn.binary_cross_entropy(np.array([1.0]), np.array([1.5])),
        "bce_shape_mismatch": lambda: sn.binary_cross_entropy(np.ones(3), np.ones(4) / 2),
        "bce_logits_strings": lambda: sn.binary_cross_entropy_with_logits(["a"], ["b"]),
        "bce_logits_huge": lambda: sn.binary_cross_entropy_with_logits(
            np.array([1.0]), np.array([1e308])
        ),
        "sigmoid_grad_mismatch": lambda: sn.sigmoid_binary_cross_entropy_grad(
            np.ones(3), np.ones(2)
        ),
        "softmax_scalar": lambda: sn.softmax(3.0),
        "softmax_empty": lambda: sn.softmax(np.array([])),
        "softmax_inf": lambda: sn.softmax(np.array([np.inf, np.inf])),
        "softmax_out_readonly": lambda: sn.softmax(p, out=np.frombuffer(bytes(24))),
        "logsumexp_all_neg_inf": lambda: sn.logsumexp(np.array([-np.inf, -np.inf])),
        "log_softmax_strings": lambda: sn.log_softmax(["1", "2"]),
        "sigmoid_strings": lambda: sn.sigmoid("x"),
        "sigmoid_none": lambda: sn.sigmoid(None),
        "sigmoid_object_bigint": lambda: sn.sigmoid([10**400]),
        "set_num_threads_negative": lambda: sn.set_num_threads(-3),
        "set_num_threads_huge": lambda: sn.set_num_threads(10**6),
        "set_num_threads_string": lambda: sn.set_num_threads("four"),  # type: ignore[arg-type]
    }
    return cases


def _to_numpy_cases() -> dict[str, Callable[[], Any]]:
    import numpy as np
    import sympy as sp

    import symxent as sx

    def compiled(build: Callable[[], Any]) -> Callable[[], Any]:
        return lambda: sx.to_numpy(build())

    p, q = sx.Probabilities("p", "n"), sx.Probabilities("q", "n")

    def called(*args: Any) -> Callable[[], Any]:
        return lambda: sx.to_numpy(sx.CrossEntropy(p, q))(*args)

    return {
        "to_numpy_none": compiled(lambda: None),
        "to_numpy_string": compiled(lambda: "H(p)"),
        "to_numpy_int": compiled(lambda: 3),
        "to_numpy_symbol": compiled(lambda: sp.Symbol("x")),
        "to_numpy_relation": compiled(lambda: sp.Eq(sx.Entropy(p), 0)),
        "to_numpy_huge_pow": compiled(lambda: sp.Pow(2, sp.Pow(2, 30), evaluate=False)),
        "to_numpy_huge_pow_entropy": compiled(
            # Mul(evaluate=False): SymPy's own Mul would compute 2^(2^30) before to_numpy
            lambda: sp.Mul(sx.Entropy(p), sp.Pow(2, sp.Pow(2, 30), evaluate=False), evaluate=False)
        ),
        "to_numpy_huge_factorial": compiled(
            lambda: sx.Entropy(p) + sp.factorial(sp.Pow(10, 12, evaluate=False), evaluate=False)
        ),
        "to_numpy_log_tower": compiled(lambda: _tower(sp.log, sx.Entropy(p), 60)),
        "to_numpy_exp_tower": compiled(lambda: _tower(sp.exp, sx.Entropy(p), 60)),
        "to_numpy_bad_over": lambda: sx.to_numpy(sx.Entropy(p), over=sp.Symbol("k")),
        "to_numpy_bad_layout": lambda: sx.to_numpy(sx.Entropy(p), layout="sideways"),
        "to_numpy_call_wrong_arity": called(np.ones(3) / 3),
        "to_numpy_call_shapes": called(np.ones(3) / 3, np.ones(4) / 4),
        "to_numpy_call_strings": called("a", "b"),
        "to_numpy_call_non_distribution": called(np.array([2.0, 3.0]), np.array([0.5, 0.5])),
        "to_numpy_call_kwargs": lambda: sx.to_numpy(sx.CrossEntropy(p, q))(p=1, zz=2),
    }


def _tower(function: Callable[[Any], Any], inner: Any, height: int) -> Any:
    for _ in range(height):
        inner = function(inner)
    return inner


def _latex_api_cases() -> dict[str, Callable[[], Any]]:
    import symxent as sx
    from symxent.lecture import check_text, verify

    cases: dict[str, Callable[[], Any]] = {}
    for name, text in LATEX.items():
        cases[f"verify:{name}"] = partial(verify, text)
        cases[f"parse:{name}"] = partial(sx.parse, text)
        cases[f"parse_expression:{name}"] = partial(sx.parse_expression, text)
        cases[f"check_text:{name}"] = partial(check_text, f"$${text}$$\n", budget=CHECK_BUDGET)
    cases["verify:bad_base"] = lambda: verify("H(p) = 0", base="17x")
    cases["verify:bad_assume"] = lambda: verify("H(p) = 0", assume=["p is a banana"])
    cases["verify:assume_hostile"] = lambda: verify("H(p) = 0", assume=["(" * 5000])
    cases["verify:negative_timeout"] = lambda: verify("H(p) = 0", timeout=-1)
    cases["verify:nan_timeout"] = lambda: verify("H(p) = 0", timeout=float("nan"))
    cases["verify:not_a_string"] = lambda: verify(None)  # type: ignore[arg-type]
    cases["verify:bytes"] = lambda: verify(b"H(p) = 0")  # type: ignore[arg-type]
    cases["check_text:bad_kind"] = lambda: check_text("$$a = 1$$", kind="docx")
    cases["check_text:bad_base"] = lambda: check_text("$$a = 1$$", base="pi")
    cases["check_text:zero_budget"] = lambda: check_text("$$a = 1$$", budget=0)
    cases["check_text:negative_budget"] = lambda: check_text("$$a = 1$$", budget=-5)
    cases["check_text:not_a_string"] = lambda: check_text(None)  # type: ignore[arg-type]
    cases["parse:not_a_string"] = lambda: sx.parse(None)  # type: ignore[arg-type]
    cases["parse:nan_timeout"] = lambda: sx.parse("H(p) = 0", timeout=float("nan"))
    cases["verify:assume_5000_digits"] = lambda: verify("H(p) = 0", assume=["n=" + "9" * 5000])
    cases["verify:assume_superscript_digit"] = lambda: verify("H(p) = 0", assume=["n=\u00b2"])
    cases["check_text:nan_budget"] = lambda: check_text("$$a = 1$$", budget=float("nan"))
    cases["check_text:latex_kind"] = lambda: check_text(r"\[ \frac{ \]", kind="tex").table()
    return cases


def _file_cases(folder: Path) -> dict[str, Callable[[], Any]]:
    from symxent.cli import main
    from symxent.lecture import check_file

    cases: dict[str, Callable[[], Any]] = {}
    for name, data in NOTES.items():
        for suffix in (".md", ".tex"):
            path = folder / f"{name}{suffix}"
            _write(path, data)
            cases[f"check_file:{name}{suffix}"] = partial(check_file, path, budget=CHECK_BUDGET)
            cases[f"cli check:{name}{suffix}"] = _cli(main, ["check", *BUDGET_ARGS, str(path)])
    for name in ("huge_numbers", "non_distribution", "circular_binding", "nul_bytes"):
        notes = str(folder / f"{name}.md")
        cases[f"cli check default budget:{name}"] = _cli(main, ["check", "--base", "auto", notes])
    cases["cli check json:huge_numbers"] = _cli(
        main, ["check", "--format", "json", str(folder / "huge_numbers.md")]
    )
    cases["cli check markdown:non_distribution"] = _cli(
        main, ["check", "--format", "markdown", str(folder / "non_distribution.md")]
    )
    unreadable, fifo, loop = folder / "unreadable.md", folder / "fifo.md", folder / "link_loop.md"
    if _write(unreadable, b"$$a = 1$$\n"):
        unreadable.chmod(0)
        os.mkfifo(fifo)
        loop.symlink_to(loop)
    odd = {
        "directory": folder,
        "missing": folder / "missing.md",
        "unreadable": unreadable,
        "fifo": fifo,
        "dev_null": Path("/dev/null"),
        "dev_zero": Path("/dev/zero"),
        "proc_file": Path("/proc/self/status"),
        "symlink_loop": folder / "link_loop.md",
        "odd_suffix": folder / "notes.docx",
        "name_with_newline": folder / "a\nb.md",
        "empty_name": Path(""),
        "dash": Path("-"),
    }
    _write(folder / "notes.docx", b"PK\x03\x04" + bytes(200))
    _write(folder / "a\nb.md", b"$$a = 1$$\n")
    for name, path in odd.items():
        cases[f"check_file:{name}"] = partial(check_file, path)
        cases[f"cli check:{name}"] = _cli(main, ["check", str(path)])
    for name, text in LATEX.items():
        cases[f"cli verify:{name}"] = _cli(main, ["verify", "--", text])
    cases["cli verify json:huge_pow_tower"] = _cli(
        main, ["verify", "--format", "json", LATEX["huge_pow_tower"]]
    )
    for name, argv in {
        "no_args": [],
        "unknown_command": ["frobnicate"],
        "check_no_files": ["check"],
        "check_bad_budget": ["check", "--budget", "nan", "x.md"],
        "check_inf_budget": ["check", "--budget", "inf", "x.md"],
        "check_bad_base": ["check", "--base", "pi", "x.md"],
        "check_bad_assume": ["check", "--assume", "((((", str(folder / "empty.md")],
        "verify_bad_assume": ["verify", "--assume", "p is a banana", "H(p) = 0"],
        "verify_assume_hostile": ["verify", "--assume", "n = 10^{10^{10}}", "H(p) = 0"],
        "show_unknown": ["show", "no_such_topic"],
        "show_directory": ["show", str(folder)],
        "show_bad_py": ["show", str(folder / "empty.md")],
        "build_bad_output": ["build", "-o", "/proc/forbidden", "entropy"],
        "new_missing_folder": ["new", str(folder / "no" / "such" / "week3")],
        "new_existing_file": ["new", str(folder / "empty.md")],
        "new_odd_name": ["new", str(folder / "week 3!?.md")],
    }.items():
        cases[f"cli:{name}"] = _cli(main, argv)
    return cases


def _write(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` unless it is there (a replaced worker finds it); True if new."""
    if path.exists() or path.is_symlink():
        return False
    path.write_bytes(data)
    return True


BUDGET_ARGS = ["--budget", str(CHECK_BUDGET)]


def _cli(main: Callable[[list[str]], int], argv: list[str]) -> Callable[[], Any]:
    def run() -> Any:
        out, err = io.StringIO(), io.StringIO()
        try:
            with redirect_stdout(out), redirect_stderr(err):
                code = main(argv)
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 2
        message = err.getvalue()
        if "Traceback" in message or code not in (0, 1, 2):
            raise AssertionError(f"exit {code}, stderr: {message[-800:]}")
        if len(message) > MESSAGE_LIMIT + 200:
            raise AssertionError(f"stderr of {len(message)} characters: {message[:300]}...")
        return f"exit {code}: {message.strip()[:200]}"

    return run


def all_cases(folder: Path) -> dict[str, Callable[[], Any]]:
    """Every in-process case by name (the files they read are written into ``folder``)."""
    cases = _latex_api_cases()
    cases.update({f"numeric:{k}": v for k, v in _numeric_cases().items()})
    cases.update({f"to_numpy:{k}": v for k, v in _to_numpy_cases().items()})
    cases.update(_file_cases(folder))
    return cases


def _outcome(case: Callable[[], Any]) -> tuple[str, str]:
    from symxent.errors import SymxentError

    try:
        result = case()
        for report in ("table", "text"):  # a report is printed too, as the CLI would
            if callable(getattr(result, report, None)):
                result = getattr(result, report)()
                break
    except SymxentError as error:
        message = str(error)
        if len(message) > MESSAGE_LIMIT:
            return "FAIL", f"{type(error).__name__} of {len(message)} characters: {message[:200]}"
        return "ok", f"{type(error).__name__}: {' '.join(message.split())[:200]}"
    except BaseException as error:  # everything else is a defect, KeyboardInterrupt aside
        if isinstance(error, KeyboardInterrupt):
            raise
        trace = traceback.format_exc().strip().splitlines()
        return "FAIL", f"{type(error).__name__}: {str(error)[:300]} | {' / '.join(trace[-3:])}"
    return "ok", " ".join(str(result).split())[:200]


def worker(folder: str, names: list[str]) -> None:
    """Run the named cases, writing one JSON line before and after each."""
    cases = all_cases(Path(folder))
    for name in names:
        print(json.dumps({"start": name}), flush=True)
        began = time.perf_counter()
        status, detail = _outcome(cases[name])
        seconds = time.perf_counter() - began
        record = {"name": name, "status": status, "detail": detail, "s": seconds}
        print(json.dumps(record), flush=True)


# ------------------------------------------------------------------ real subprocess cases


def _process_cases(folder: Path) -> dict[str, tuple[list[str], bytes | None]]:
    exe = [sys.executable, "-m", "symxent"]
    return {
        "proc: verify invalid utf-8 argv": (
            [*exe, "verify", os.fsdecode(b"H(p) = \xff\xfe")],
            None,
        ),
        "proc: check reads no stdin (- as file)": ([*exe, "check", "-"], b"$$a = 1$$\n"),
        "proc: check /dev/stdin pipe": ([*exe, "check", "/dev/stdin"], b"$$a = 1$$\n"),
        "proc: check unreadable file": ([*exe, "check", str(folder / "unreadable.md")], None),
        "proc: check directory": ([*exe, "check", str(folder)], None),
        "proc: verify nul in argv via file": ([*exe, "verify", "H(p) = 0\x01"], None),
        "proc: check invalid utf-8": ([*exe, "check", str(folder / "invalid_utf8.md")], None),
        "proc: check stdout closed": (
            ["sh", "-c", f"{sys.executable} -m symxent check {folder / 'huge_numbers.md'} >&-"],
            None,
        ),
        "proc: verify ascii locale korean": (
            ["env", "LC_ALL=C", "PYTHONIOENCODING=ascii", *exe, "verify", "엔트로피 = H(p)"],
            None,
        ),
    }


def _run_process(argv: list[str], stdin: bytes | None, budget: float) -> tuple[str, str]:
    try:
        done = subprocess.run(
            argv,
            input=stdin,
            capture_output=True,
            timeout=budget,
            check=False,
            stdin=None if stdin is not None else subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        return "HANG", f"past {budget} s"
    err = done.stderr.decode(errors="replace")
    if done.returncode < 0:
        return "CRASH", f"signal {-done.returncode}: {err[-300:]}"
    if "Traceback" in err or done.returncode not in (0, 1, 2):
        return "FAIL", f"exit {done.returncode}: {err[-600:]}"
    return "ok", f"exit {done.returncode}: {' '.join(err.split())[:200]}"


# ------------------------------------------------------------------------------ the driver


def sweep(budget: float, only: str, verbose: bool) -> list[dict[str, Any]]:
    """Run every case (those whose name contains ``only``); return one record per case."""
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="symxent-hostile-") as tmp:
        folder = Path(tmp)
        pending = [name for name in all_cases(folder) if only in name]
        while pending:
            _in_worker(tmp, pending, budget, verbose, results)
        for name, (argv, stdin) in _process_cases(folder).items():
            if only not in name:
                continue
            began = time.perf_counter()
            status, detail = _run_process(argv, stdin, budget + 30)  # plus the start of Python
            seconds = time.perf_counter() - began
            record = {"name": name, "status": status, "detail": detail, "s": seconds}
            results.append(record)
            if verbose or status != "ok":
                _show(record)
        (folder / "unreadable.md").chmod(0o600)
    return results


def _in_worker(
    tmp: str, pending: list[str], budget: float, verbose: bool, results: list[dict[str, Any]]
) -> None:
    """Run ``pending`` cases in one worker until all ran or one hung or crashed it."""
    process = subprocess.Popen(
        [sys.executable, __file__, "--worker", tmp, *pending],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    )
    if process.stdout is None:  # pragma: no cover - PIPE always gives one
        raise RuntimeError("the worker has no standard output")
    current, deadline = None, time.monotonic() + budget + 60  # the worker's import
    while True:
        ready, _, _ = select.select([process.stdout], [], [], 1.0)
        if ready:
            line = process.stdout.readline()
            if not line:
                break
            record = json.loads(line)
            if "start" in record:
                current, deadline = record["start"], time.monotonic() + budget
                continue
            results.append(record)
            pending.remove(record["name"])
            current = None
            if verbose or record["status"] != "ok":
                _show(record)
        elif time.monotonic() > deadline:
            process.kill()
            break
    process.wait()
    if pending:
        name = current or pending[0]
        status = "HANG" if process.returncode == -9 else "CRASH"
        err = (process.stderr.read() if process.stderr else "")[-300:]
        record = {"name": name, "status": status, "detail": f"exit {process.returncode} {err}"}
        record["s"] = budget
        results.append(record)
        pending.remove(name)
        _show(record)


def _show(record: dict[str, Any]) -> None:
    status, seconds, name, detail = record["status"], record["s"], record["name"], record["detail"]
    print(f"{status:5} {seconds:6.1f}s  {name}: {detail}", flush=True)


def main() -> int:
    """Run the sweep (or, with ``--worker``, be the worker); exit 1 if any case is not ok."""
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        worker(sys.argv[2], sys.argv[3:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--budget", type=float, default=20.0, help="seconds per case")
    parser.add_argument("--only", default="", help="run the cases whose name contains this")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every case")
    args = parser.parse_args()
    began = time.perf_counter()
    results = sweep(args.budget, args.only, args.verbose)
    bad = [r for r in results if r["status"] != "ok"]
    slowest = max(results, key=lambda r: r["s"]) if results else None
    print(
        f"{len(results)} cases, {len(bad)} not ok, budget {args.budget:g} s per case, "
        f"{time.perf_counter() - began:.0f} s in all"
        + (f"; slowest {slowest['name']} {slowest['s']:.1f} s" if slowest else "")
    )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
