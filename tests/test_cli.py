"""The installed ``symxent`` command, run as a subprocess the way a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from symxent.catalogue import builtin_names


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "symxent", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        timeout=300,
        check=False,
    )


def test_console_script_is_installed() -> None:
    done = subprocess.run(["symxent", "--version"], capture_output=True, text=True, check=False)
    assert done.returncode == 0
    assert done.stdout.startswith("symxent ")


def test_list_names_every_builtin_topic_with_a_description() -> None:
    done = run("list")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert [line.split()[0] for line in lines] == builtin_names()
    assert all(len(line.split(maxsplit=1)) == 2 for line in lines)
    assert {"entropy", "kl_identity", "softmax_ce_gradient", "jensen_bound"} <= set(builtin_names())


@pytest.mark.parametrize("fmt", ["text", "latex", "markdown"])
def test_show_prints_a_checked_topic(fmt: str) -> None:
    done = run("show", "kl_identity", "--format", fmt)
    assert done.returncode == 0, done.stderr
    if fmt == "latex":
        assert "\\begin{document}" in done.stdout
        assert r"D_{\mathrm{KL}}(p \parallel q)" in done.stdout
    elif fmt == "markdown":
        assert done.stdout.startswith("# KL divergence")
        assert "| step | reason | verdict |" in done.stdout
    else:
        assert "D_KL(p || q)" in done.stdout
        assert "proved" in done.stdout


def test_unknown_name_is_a_one_line_usage_error_with_a_suggestion() -> None:
    done = run("show", "kl_identiy")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert "did you mean 'kl_identity'" in done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["frobnicate"],
        ["build", "--pdf", "maybe"],
        ["show"],
        ["show", "entropy", "--format", "pdf"],
        [],
    ],
)
def test_bad_usage_exits_2_without_traceback(args: list[str]) -> None:
    done = run(*args)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "symxent: error:" in done.stderr


def test_build_writes_every_output_and_reports_one_line_per_topic(tmp_path: Path, tex: str) -> None:
    out = tmp_path / "out"
    done = run("build", "-o", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    summaries = [line for line in done.stdout.splitlines() if line.startswith("ok ")]
    assert len(summaries) == len(builtin_names())
    for name in builtin_names():
        assert "\n\\documentclass" in (out / f"{name}.tex").read_text()
        assert (out / f"{name}.md").read_text().startswith("# ")
    assert (out / "slides.pdf").read_bytes().startswith(b"%PDF")
    assert (out / "index.md").exists()
    # nothing left behind from the staging folder
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_build_in_korean_with_a_handout_and_a_title(tmp_path: Path, tex: str) -> None:
    out = tmp_path / "ko"
    done = run(
        "build", "jensen_bound", "-o", str(out), "--lang", "ko", "--aspect", "4:3",
        "--handout", "--title", "교차 엔트로피 3주차", "--author", "홍길동",
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "warning" not in done.stderr
    slides = (out / "slides.tex").read_text(encoding="utf-8")
    assert slides.startswith("% !TEX program = xelatex")
    assert "aspectratio=43" in slides and "\\title{교차 엔트로피 3주차}" in slides
    assert (out / "slides-handout.pdf").read_bytes().startswith(b"%PDF")
    assert (out / "slides.pdf").read_bytes().startswith(b"%PDF")
    assert "젠센 부등식" in (out / "jensen_bound.md").read_text(encoding="utf-8")
    assert "\\section*{$f(x) = -\\log x$는 볼록 함수}" in (out / "jensen_bound.tex").read_text(
        encoding="utf-8"
    )


def test_build_of_a_user_file_with_a_wrong_step_exits_1_and_keeps_old_output(
    tmp_path: Path,
) -> None:
    good = tmp_path / "good.py"
    good.write_text(
        "import sympy as sp\n"
        "from symxent import Derivation, Information\n"
        "from symxent.topic import Topic\n"
        "def topic():\n"
        "    d = Derivation(Information(sp.Rational(1, 8), 2), title='bits').eq(3, 'log2 8')\n"
        "    return Topic(name='good', title='Good', summary='s', derivations=[d])\n"
    )
    out = tmp_path / "out"
    done = run("build", str(good), "-o", str(out), "--pdf", "no")
    assert done.returncode == 0, done.stderr
    before = (out / "good.md").read_text()

    good.write_text(good.read_text().replace(".eq(3,", ".eq(4,"))
    done = run("build", str(good), "-o", str(out), "--pdf", "no")
    assert done.returncode == 1
    assert "FAIL" in done.stdout
    assert "refuted" in done.stdout
    assert "left side = 3" in done.stdout and "right side = 4" in done.stdout
    assert (out / "good.md").read_text() == before


def test_build_into_an_unwritable_place_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    done = run("build", "kl_identity", "-o", str(blocker / "out"), "--pdf", "no")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "symxent: error:" in done.stderr


def test_build_of_a_broken_user_file_is_a_clear_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.py"
    broken.write_text("def topic():\n    return 42\n")
    done = run("build", str(broken), "--pdf", "no", cwd=tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "not a Topic" in done.stderr


def test_python_m_symxent_matches_console_script() -> None:
    a = run("list").stdout
    b = subprocess.run(["symxent", "list"], capture_output=True, text=True, check=False).stdout
    assert a == b


@pytest.mark.parametrize("buffered", [True, False])
@pytest.mark.parametrize(
    "args",
    [
        ("verify", r"H(p) \ge 0"),
        ("check", str(Path(__file__).parent / "corpus" / "notes" / "02_cross_entropy_and_kl.md")),
    ],
)
def test_a_reader_that_closes_the_pipe_early_ends_the_command_quietly(args, buffered) -> None:
    # symxent check notes.md | head: the reader is gone before symxent writes; with buffered
    # output (a pipe's default) the text is written when it is flushed, at the end
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    if not buffered:
        env["PYTHONUNBUFFERED"] = "1"
    process = subprocess.Popen(
        [sys.executable, "-m", "symxent", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=env,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # like head after its lines: nobody reads any more
    with process.stderr:
        errors = process.stderr.read().decode()
    code = process.wait(timeout=300)
    assert "Traceback" not in errors and "BrokenPipeError" not in errors, errors
    assert code == 141  # 128 + SIGPIPE, as a shell reports a tool that lost its reader
