"""User text goes into TeX files safely: escaped text, checked math, escaped symbol names."""

from __future__ import annotations

from pathlib import Path

import pytest
import sympy as sp

from symxent import Derivation, latex
from symxent.emit.beamer import beamer_deck
from symxent.emit.latex_document import topic_document
from symxent.emit.tex import compile_pdf
from symxent.errors import TextError
from symxent.latex.guard import check_math
from symxent.latex.text import text_latex
from symxent.topic import Topic


@pytest.mark.parametrize(
    "math",
    [
        r"\text{\input{/etc/hostname}}",
        r"\include{secret}",
        r"\openin1=/etc/passwd",
        r"\def\x{1}\x",
        r"\csname input\endcsname{/etc/hostname}",
        r"^^5cinput{/etc/hostname}",
        r"\catcode`\@=11",
        r"\immediate\write18{ls}",
        r"\pdffiledump length 100{/etc/hostname}",
        r"\makeatletter\@input{x}",
        r"\begin{verbatim}x\end{verbatim}",
        r"\typeout{SYMXENT-TALL-FRAME x}",
        "a $ b",
        r"\frac{1}{2",
        "x } {",
        "50 % of it",
    ],
)
def test_dangerous_or_broken_math_is_refused(math: str) -> None:
    with pytest.raises(TextError):
        check_math(math, "the intro", TextError)


@pytest.mark.parametrize(
    "math",
    [
        r"\frac{1}{2} \log \frac{1}{p}",
        r"\sum_{i=1}^{n} p_i \log p_i",
        r"\begin{cases} 1 & x > 0 \\ 0 & x \leq 0 \end{cases}",
        r"50\% \text{ of } p",
        r"D_{\mathrm{KL}}(p \parallel q)",
    ],
)
def test_ordinary_math_passes(math: str) -> None:
    check_math(math, "a reason", TextError)


def test_text_is_escaped_and_math_kept() -> None:
    assert text_latex(r"50% of \input{x} & $p_i$") == (
        r"50\% of \textbackslash input\{x\} \& $p_i$"
    )


def test_the_issue_example_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    topic = Topic(
        name="leak",
        title="Leak",
        summary="s",
        intro=r"$\text{\input{/etc/hostname}}$",
        derivations=[Derivation(sp.Integer(1)).eq(1, "trivially")],
    )
    report = topic.check()
    with pytest.raises(TextError, match=r"\\input is not allowed"):
        beamer_deck([report])
    with pytest.raises(TextError):
        topic_document(topic, report)


@pytest.mark.parametrize(
    "name",
    ["a#b", "x%y", "c&d", "e$f", "g{h", "i}j", "k\\l", "m~n", "\\input{/etc/hostname}", "명"],
)
def test_tex_hostile_symbol_names_are_printed_as_text(name: str) -> None:
    printed = latex(sp.Symbol(name))
    assert printed.startswith("\\text{")
    check_math(printed.replace("\\textbackslash", "").replace("\\text", ""), "printed", TextError)


def test_a_chain_with_hostile_names_compiles(tmp_path: Path, tex: str) -> None:
    names = ["a#b", "x%y", "c&d", "e$f", "g{h", "i}j", "k\\l", "m~n", "\\input{/etc/hostname}"]
    symbols = [sp.Symbol(n, positive=True) for n in names]
    d = Derivation(sp.Add(*symbols), title="Odd names").eq(sp.Add(*reversed(symbols)), "reorder")
    topic = Topic(name="odd", title="Odd names", summary="s", derivations=[d])
    report = topic.check()
    assert report.holds
    for name, source in (("deck", beamer_deck([report])), ("doc", topic_document(topic, report))):
        path = tmp_path / f"{name}.tex"
        path.write_text(source)
        compiled = compile_pdf(path)
        assert compiled.overfull == ()


@pytest.mark.parametrize("name", ["../README", "a/b", "", ".hidden", "x\x00y"])
def test_a_topic_name_cannot_leave_the_output_folder(name: str) -> None:
    from symxent.errors import CatalogueError

    with pytest.raises(CatalogueError, match="file name"):
        Topic(name=name, title="t", summary="s", derivations=[])


def test_a_file_read_in_a_users_file_is_a_usage_error_and_nothing_is_written(
    tmp_path: Path,
) -> None:
    import subprocess
    import sys

    path = tmp_path / "leak.py"
    path.write_text(
        "import sympy as sp\n"
        "from symxent import Derivation\n"
        "from symxent.topic import Topic\n"
        "def topic():\n"
        "    chain = Derivation(sp.Integer(1), intro=r'$\\text{\\input{/etc/hostname}}$')\n"
        "    return Topic(name='leak', title='T', summary='s', derivations=[chain.eq(1, 'x')])\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "symxent", "build", str(path), "-o", str(out), "--pdf", "no"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "the intro of an untitled chain: \\input is not allowed" in done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["leak.py"]
