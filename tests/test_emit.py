"""LaTeX, Beamer and Markdown output: compiled with a real TeX, and written atomically."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from symxent.catalogue import builtin_names, load
from symxent.emit import beamer, decks, pipeline
from symxent.emit.beamer import beamer_deck
from symxent.emit.latex_document import topic_document
from symxent.emit.markdown import topic_markdown
from symxent.emit.pipeline import build
from symxent.emit.tex import compile_pdf
from symxent.errors import OutputError
from symxent.topic import TopicReport


def compile_in(folder: Path, name: str, source: str) -> Path:
    path = folder / f"{name}.tex"
    path.write_text(source)
    result = compile_pdf(path)
    assert result.overfull == (), f"{name}: content runs off the page: {result.overfull}"
    return result.pdf


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


@pytest.mark.parametrize("name", builtin_names())
def test_topic_document_compiles_without_overflow(
    name: str, checked_topics: dict[str, TopicReport], tmp_path: Path, tex: str
) -> None:
    report = checked_topics[name]
    pdf = compile_in(tmp_path, name, topic_document(report.topic, report))
    assert pdf.read_bytes().startswith(b"%PDF")


def test_deck_renders_to_png(
    checked_topics: dict[str, TopicReport], tmp_path: Path, tex: str
) -> None:
    pdf = compile_in(tmp_path, "slides", beamer_deck([checked_topics["kl_identity"]]))
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "3", "-l", "3", str(pdf), str(tmp_path / "page")],
        check=True,
    )
    pngs = list(tmp_path.glob("page*.png"))
    assert len(pngs) == 1 and pngs[0].stat().st_size > 2000


def test_markdown_has_display_math_and_a_verdict_table(
    checked_topics: dict[str, TopicReport],
) -> None:
    md = topic_markdown(checked_topics["softmax_ce_gradient"])
    assert md.count("$$\n\\begin{aligned}") == len(checked_topics["softmax_ce_gradient"].reports)
    assert "\\mathrm{softmax}(z)_{k} - y_{k}" in md
    assert "| 5 | " in md and "proved" in md
    # math in reasons sits between \text pieces, never nested inside them (MathJax-safe)
    assert "\\text{(}{\\sum_j y_j = 1}\\text{)}" in md


def test_a_failed_tex_build_keeps_the_previous_good_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tex: str
) -> None:
    out = tmp_path / "out"
    first = build(["jensen_bound"], out, pdf=True)
    assert first.ok and (out / "slides.pdf").exists()
    good = {p.name: p.read_bytes() for p in out.iterdir()}

    monkeypatch.setattr(
        decks,
        "beamer_deck",
        lambda reports, **options: (
            "\\documentclass{beamer}\\begin{document}\\undefinedmacro\\end{document}"
        ),
    )
    with pytest.raises(OutputError, match="Undefined control sequence"):
        build(["jensen_bound"], out, pdf=True)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == good


def test_build_without_tex_writes_sources_and_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "tex_available", lambda engine="pdflatex": False)
    result = build(["kl_identity"], tmp_path, pdf=None)
    assert result.ok
    assert "no TeX" in result.pdf_skipped
    assert sorted(p.name for p in result.written) == [
        "index.md",
        "kl_identity.md",
        "kl_identity.tex",
        "slides.tex",
    ]
    assert "pdflatex" in result.pdf_skipped


def test_topic_document_marks_every_step(checked_topics: dict[str, TopicReport]) -> None:
    report = checked_topics["jensen_bound"]
    tex = topic_document(report.topic, report)
    chains = tex.split("\\sxchain{")[1:]
    assert len(chains) == len(report.reports)
    confirmed = 0
    for chain, derivation in zip(chains, report.reports, strict=True):
        layouts = chain.split("\\end{aligned}")[:-1]
        assert layouts, "every chain has at least one layout"
        for layout in layouts:  # reasons beside, below, long steps broken: each marks every step
            marks = layout.count("\\;\\sxproved") + layout.count("\\;\\sxconfirmed")
            assert marks == len(derivation.results)
        confirmed += layouts[0].count("\\;\\sxconfirmed")
    assert confirmed == 0  # Jensen's step and the exponential bound are proved by lemmas
    assert "\\;\\sxrefuted" not in tex


def test_beamer_module_is_importable_without_tex() -> None:
    assert callable(beamer.beamer_deck)
    assert load("entropy").title == "Information and entropy"
