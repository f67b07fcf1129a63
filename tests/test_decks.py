"""The lecture deck, checked by looking: compiled, rendered, read back from the PDF.

Every deck of the built-in topics (16:9 and 4:3, overlays and handout) must compile with no
content cut off (no ``Overfull \\hbox``), no frame taller than the slide, and exactly one overlay
(one PDF page) per step of every derivation.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import numpy as np
import pytest

from symxent.emit.beamer import DeckMeta, beamer_deck
from symxent.emit.latex_document import topic_document
from symxent.emit.preamble import DeckStyle
from symxent.emit.tex import CompileResult, compile_pdf
from symxent.i18n import localize
from symxent.topic import TopicReport


def compile_deck(folder: Path, name: str, source: str) -> CompileResult:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.tex"
    path.write_text(source, encoding="utf-8")
    result = compile_pdf(path)
    assert result.overfull == (), f"{name}: content runs off the slide: {result.overfull}"
    assert result.tall == (), f"{name}: frames taller than the slide: {result.tall}"
    return result


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE).group(1))


def page_text(pdf: Path, page: int) -> str:
    return subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def frames(source: str) -> list[str]:
    return re.findall(r"\\begin\{frame\}.*?\\end\{frame\}", source, re.DOTALL)


def overlays(frame: str) -> int:
    return max([int(n) for n in re.findall(r"\\uncover<(\d+)->", frame)] or [1])


@pytest.fixture(scope="session")
def decks(
    checked_topics: dict[str, TopicReport], tmp_path_factory: pytest.TempPathFactory, tex: str
) -> dict[str, tuple[str, CompileResult]]:
    """The built-in deck in three styles, compiled once."""
    reports = list(checked_topics.values())
    folder = tmp_path_factory.mktemp("decks")
    built = {}
    for name, style in {
        "wide": DeckStyle(),
        "handout": DeckStyle(handout=True),
        "square": DeckStyle(aspect="4:3"),
        "korean": DeckStyle(language="ko"),
        "korean-square": DeckStyle(aspect="4:3", language="ko"),
    }.items():
        source = beamer_deck(reports, style=style)
        built[name] = (source, compile_deck(folder, name, source))
    return built


def steps_of(checked_topics: dict[str, TopicReport]) -> int:
    return sum(len(r.results) for t in checked_topics.values() for r in t.reports)


@pytest.mark.parametrize("name", ["wide", "square", "korean", "korean-square"])
def test_every_step_is_one_overlay(
    name: str, decks: dict[str, tuple[str, CompileResult]], checked_topics: dict[str, TopicReport]
) -> None:
    source, compiled = decks[name]
    chain_frames = [f for f in frames(source) if "\\sxchain" in f]
    other_frames = len(frames(source)) - len(chain_frames)
    # each chain frame has as many overlays as steps; a continued frame repeats no step
    assert sum(overlays(f) for f in chain_frames) == steps_of(checked_topics)
    assert pages(compiled.pdf) == 1 + other_frames + steps_of(checked_topics)


def test_the_handout_has_one_page_per_frame(decks: dict[str, tuple[str, CompileResult]]) -> None:
    source, compiled = decks["handout"]
    assert source.startswith("% !TEX program = pdflatex\n\\documentclass[handout,")
    assert pages(compiled.pdf) == 1 + len(frames(source))


def test_overlays_reveal_one_step_at_a_time(
    decks: dict[str, tuple[str, CompileResult]], checked_topics: dict[str, TopicReport]
) -> None:
    _, compiled = decks["wide"]
    kl = checked_topics["kl_identity"].reports[0]  # D_KL = sum ... = -H(p) + H(p, q), 4 steps
    first = next(
        number
        for number in range(1, pages(compiled.pdf) + 1)
        if kl.derivation.title.split(" = ")[0] in page_text(compiled.pdf, number)
        and "definition" in page_text(compiled.pdf, number)
    )
    texts = [page_text(compiled.pdf, first + k) for k in range(2)]
    assert "definition" in texts[0] and "log of a quotient" not in texts[0]
    assert "definition" in texts[1] and "log of a quotient" in texts[1]


def test_pages_render_to_images(
    decks: dict[str, tuple[str, CompileResult]], tmp_path: Path
) -> None:
    _, compiled = decks["wide"]
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "30",
            "-f",
            "1",
            "-l",
            "6",
            str(compiled.pdf),
            str(tmp_path / "p"),
        ],
        check=True,
    )
    images = sorted(tmp_path.glob("p-*.png"))
    assert len(images) == 6
    assert all(image.stat().st_size > 1500 for image in images)


def test_the_deck_uses_metropolis_and_shows_the_legend(
    decks: dict[str, tuple[str, CompileResult]],
) -> None:
    source, compiled = decks["wide"]
    assert "\\usetheme[" in source and "{metropolis}" in source
    assert "aspectratio=169" in source and "aspectratio=43" in decks["square"][0]
    assert "confirmed numerically" in page_text(compiled.pdf, 3)  # every frame's footer


@pytest.mark.parametrize("name", ["wide", "korean"])
def test_sections_have_overview_frames(
    name: str, decks: dict[str, tuple[str, CompileResult]]
) -> None:
    source, _ = decks[name]
    chunks = re.split(r"\\(?:sub)?section\{", source)[1:]
    assert len(chunks) >= 4 + 4  # four topics; the entropy topic has four sections
    for chunk in chunks:
        heading = chunk.split("}\n", 1)[0]
        overview, *rest = frames(chunk)
        assert overview.startswith(f"\\begin{{frame}}{{{heading}}}")
        for frame in rest:
            title = re.match(r"\\begin\{frame\}\{(.*)\}\n", frame).group(1)
            if "\\sxchain" in frame and "continued" not in title and "계속" not in title:
                assert f"\\item {title}\n" in overview


def test_title_frame_fields_come_from_options(
    checked_topics: dict[str, TopicReport], tmp_path: Path, tex: str
) -> None:
    meta = DeckMeta(
        title="Cross-entropy, week 3",
        subtitle="Why the loss works",
        author="A. Lecturer",
        institute="Dept. of CS",
        date="2 March",
    )
    source = beamer_deck([checked_topics["jensen_bound"]], style=DeckStyle(), meta=meta)
    compiled = compile_deck(tmp_path, "meta", source)
    first = page_text(compiled.pdf, 1)
    for value in (
        "Cross-entropy, week 3",
        "Why the loss works",
        "A. Lecturer",
        "Dept. of CS",
        "2 March",
    ):
        assert value in first


def test_a_single_topic_titles_its_own_deck(checked_topics: dict[str, TopicReport]) -> None:
    source = beamer_deck([checked_topics["jensen_bound"]])
    assert "\\title{Jensen's inequality and the cross-entropy bound}" in source
    assert "\\subtitle{}\n" in source  # symxent's own subtitle only under its own title
    lecturer = beamer_deck(list(checked_topics.values()), meta=DeckMeta(title="Week 3"))
    assert "\\title{Week 3}" in lecturer and "\\subtitle{}\n" in lecturer
    catalogue = beamer_deck(list(checked_topics.values()))
    assert "\\subtitle{Derivations checked step by step by symxent}" in catalogue


def test_steps_are_shown_as_written(decks: dict[str, tuple[str, CompileResult]]) -> None:
    source, _ = decks["wide"]
    # the four steps SymPy used to simplify before they reached the slide
    assert "-\\log p - 1 + \\log(1 - p) + 1" in source
    assert (
        "-\\left(\\frac{1}{2} \\log \\frac{1}{2} + \\frac{1}{2} \\log \\frac{1}{2}\\right)"
        in source
    )
    assert "-n \\cdot \\frac{1}{n} \\log \\frac{1}{n}" in source
    assert "{}= -H(p) + H(p, q)}" in source
    assert "H(p, q) - H(p)" not in source


def test_a_long_chain_is_split_over_frames_and_every_frame_fits(tmp_path: Path, tex: str) -> None:
    import sympy as sp

    from symxent import Derivation
    from symxent.topic import Topic

    x = sp.Symbol("x", positive=True)
    chain = Derivation(sp.Integer(0), title="Twelve tall steps", where={x: sp.Interval.open(0, 1)})
    for k in range(1, 13):
        chain.eq(
            sp.Sum(x / (k + sp.Symbol("i", integer=True)), (sp.Symbol("i", integer=True), 1, 0)),
            f"step {k}",
        )
    report = Topic(name="long", title="Long", summary="s", derivations=[chain]).check()
    assert report.holds
    source = beamer_deck([report], style=DeckStyle(aspect="16:9"))
    chain_frames = [f for f in frames(source) if "\\sxchain" in f]
    assert len(chain_frames) >= 3
    assert sum(overlays(f) for f in chain_frames) == 12
    assert "(continued)" in chain_frames[1]
    compile_deck(tmp_path, "long", source)


def fonts(pdf: Path) -> str:
    return subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout


def test_the_korean_deck_embeds_korean_glyphs(
    decks: dict[str, tuple[str, CompileResult]], checked_topics: dict[str, TopicReport]
) -> None:
    source, compiled = decks["korean"]
    assert source.startswith("% !TEX program = xelatex")
    embedded = [line for line in fonts(compiled.pdf).splitlines() if "Nanum" in line]
    assert embedded and all(" yes " in line for line in embedded)  # embedded, subset
    assert "엔트로피와 교차 엔트로피" in page_text(compiled.pdf, 1)
    assert "기호 계산으로 증명됨" in page_text(compiled.pdf, 3)  # the legend in the footer
    text = subprocess.run(
        ["pdftotext", str(compiled.pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for report in checked_topics.values():
        assert localize(report.topic.title, "ko") in text
    assert "(계속)" in text  # a continued frame
    assert compiled.missing == ()


@pytest.mark.parametrize("name", ["entropy", "jensen_bound"])
def test_korean_documents_compile(
    name: str, checked_topics: dict[str, TopicReport], tmp_path: Path, tex: str
) -> None:
    report = checked_topics[name]
    source = topic_document(report.topic, report, "ko")
    path = tmp_path / f"{name}.tex"
    path.write_text(source, encoding="utf-8")
    compiled = compile_pdf(path)
    assert compiled.overfull == () and compiled.missing == ()
    text = subprocess.run(
        ["pdftotext", str(compiled.pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert localize(report.topic.title, "ko") in text
    assert "Nanum" in fonts(compiled.pdf)


def test_any_utf8_text_in_a_users_derivation_compiles(tmp_path: Path, tex: str) -> None:
    import sympy as sp

    from symxent import Derivation
    from symxent.topic import Topic

    prose = "Café, Ελληνικά, Привет, 日本語, 한국어, “quotes” – and an emoji 🙂"
    chain = Derivation(sp.Integer(2), title=prose, intro=prose).eq(2, prose)
    topic = Topic(name="utf8", title=prose, summary="s", intro=prose, derivations=[chain])
    report = topic.check()
    source = beamer_deck([report])
    assert source.startswith("% !TEX program = xelatex")
    compiled = compile_deck(tmp_path, "utf8", source)
    assert [m.split()[0] for m in compiled.missing] == ["🙂"]  # reported, not fatal
    text = page_text(compiled.pdf, 2)
    for word in ("Café", "Ελληνικά", "Привет", "한국어"):
        assert word in text
    document = tmp_path / "document.tex"
    document.write_text(topic_document(topic, report), encoding="utf-8")
    assert compile_pdf(document).overfull == ()


@pytest.mark.parametrize("name", ["wide", "korean-square"])
def test_tables_and_plots_are_in_the_deck(
    name: str, decks: dict[str, tuple[str, CompileResult]]
) -> None:
    source, compiled = decks[name]
    # code lengths, binary cross-entropy, softmax; the catalogue's ten labels, MNIST, Monte
    # Carlo, heights, temperatures
    assert source.count("\\toprule") == 8
    # -log q, H_b, sigmoid, the two gradients; the catalogue's BCE and Bernoulli likelihood
    assert source.count("\\begin{axis}") == 6
    text = " ".join(
        subprocess.run(
            ["pdftotext", "-layout", str(compiled.pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
    )
    assert "0.9 2.08 1.47 1.12 0.88 0.69 0.55 0.44 0.36 0.33" in text
    assert "2 1.2 3.32 0.51" in text  # the softmax table's second row


def rendered(pdf: Path, page: int, folder: Path) -> np.ndarray:
    """One page rendered by pdftoppm at 50 dpi, as an RGB array."""
    stem = folder / f"page-{page}"
    subprocess.run(
        ["pdftoppm", "-r", "50", "-f", str(page), "-l", str(page), "-singlefile", str(pdf), stem],
        check=True,
    )
    data = stem.with_suffix(".ppm").read_bytes()
    magic, width, height, depth, pixels = data.split(maxsplit=4)
    assert magic == b"P6" and depth == b"255"
    return np.frombuffer(pixels, np.uint8).reshape(int(height), int(width), 3).astype(int)


def curve_pixels(image: np.ndarray) -> tuple[int, int]:
    """Pixels of the first two curve colours (blue!70!black, red!75!black), antialiased."""
    r, g, b = image[..., 0], image[..., 1], image[..., 2]
    blue = (b > 110) & (b - r > 70) & (b - g > 70)
    red = (r > 110) & (r - g > 70) & (r - b > 70)
    return int(blue.sum()), int(red.sum())


@pytest.mark.parametrize(
    ("name", "caption"), [("wide", "curves sampled"), ("korean-square", "표본을 뽑아 그린")]
)
def test_the_plots_are_drawn_on_their_pages(
    name: str, caption: str, decks: dict[str, tuple[str, CompileResult]], tmp_path: Path
) -> None:
    _, compiled = decks[name]
    numbers = range(1, pages(compiled.pdf) + 1)
    plotted = [n for n in numbers if caption in page_text(compiled.pdf, n)]
    # -log q, H_b, the sigmoid, the two gradients; BCE of one sample, the Bernoulli likelihood
    assert len(plotted) == 6
    # a page without a plot has only the footer's marks in these colours
    baseline = curve_pixels(rendered(compiled.pdf, plotted[0] + 1, tmp_path))
    second_curves = 0
    for number in plotted:
        blue, red = curve_pixels(rendered(compiled.pdf, number, tmp_path))
        second_curves += red > baseline[1] + 60
        # a curve runs across the axis (over 120 pixels at 50 dpi); a legend line has ~12; the
        # first curve is blue, a second (where the plot has one) red
        assert blue > baseline[0] + 60, (number, blue, red, baseline)
    assert second_curves >= 2  # the sigmoid with its derivative, CE against MSE gradients
