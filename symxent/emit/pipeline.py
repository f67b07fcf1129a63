"""The main job: check topics and write their LaTeX, Markdown and the slide deck, atomically.

Every file is first written to a staging folder inside the output folder; only when all checks
hold and every file (including the compiled deck) is ready are they moved into place. A failed
or refuted build leaves the previous output untouched.

Example:
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp())
    >>> result = build(["kl_identity"], out, pdf=False)
    >>> result.ok, sorted(p.name for p in result.written)
    (True, ['index.md', 'kl_identity.md', 'kl_identity.tex', 'slides.tex'])
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from symxent.catalogue import load_all
from symxent.check import NumericSettings
from symxent.emit.beamer import DeckMeta, beamer_deck
from symxent.emit.files import publish, write_atomic
from symxent.emit.latex_document import topic_document
from symxent.emit.markdown import topic_markdown
from symxent.emit.preamble import DeckStyle
from symxent.emit.tex import compile_pdf, engine_of, tex_available
from symxent.emit.words import word
from symxent.errors import OutputError
from symxent.i18n import check_language, localize
from symxent.topic import Topic, TopicReport

__all__ = ["BuildOptions", "BuildResult", "build"]


@dataclass
class BuildResult:
    """What a build did.

    Attributes:
        reports: the checked topics, in order.
        seconds: checking time per topic name.
        written: files moved into the output folder (empty if the build did not publish).
        pdf_skipped: why no PDF was made, if none was.
        warnings: TeX warnings worth reading (content cut off at the right edge, a frame
            taller than the slide, a character no font has).
    """

    reports: list[TopicReport]
    seconds: dict[str, float] = field(default_factory=dict)
    written: list[Path] = field(default_factory=list)
    pdf_skipped: str = ""
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every step of every topic is proved or confirmed."""
        return all(r.holds for r in self.reports)


@dataclass(frozen=True)
class BuildOptions:
    """How to write the outputs.

    Attributes:
        language: ``"en"`` or ``"ko"``: the language of every document and the deck.
        style: the deck's shape and handout setting (``style.language`` is set from ``language``).
        meta: the deck's title, subtitle, author, institute and date.
        handout: also write ``slides-handout.tex`` (and its PDF): no overlays, for printing.
    """

    language: str = "en"
    style: DeckStyle = field(default_factory=DeckStyle)
    meta: DeckMeta = field(default_factory=DeckMeta)
    handout: bool = False


def build(
    names: list[str] | None,
    output: Path,
    *,
    pdf: bool | None = None,
    force: bool = False,
    settings: NumericSettings | None = None,
    progress: Callable[[TopicReport, float], None] | None = None,
    options: BuildOptions | None = None,
) -> BuildResult:
    """Check the named topics (all built-in ones if none) and write their outputs to ``output``.

    Args:
        names: topic names or derivation file paths; empty or None for all built-in topics.
        output: the output folder (created if needed).
        pdf: compile the deck to PDF: True (required), False (skip), None (if TeX is found).
        force: write the outputs even when a step is refuted or unknown.
        settings: numeric sampling settings for the checks.
        progress: called after each topic is checked, with its report and the seconds taken.
        options: language, deck style and title frame, handout.

    Raises:
        CatalogueError: for unknown names.
        OutputError: when files cannot be written or TeX fails (nothing is published then).
    """
    options = options or BuildOptions()
    check_language(options.language)
    style = replace(options.style, language=options.language)
    result = _check(load_all(names), settings, progress)
    if not result.ok and not force:
        return result
    language = options.language
    sources = {}
    for report in result.reports:
        name = report.topic.name
        sources[f"{name}.tex"] = topic_document(report.topic, report, language)
        sources[f"{name}.md"] = topic_markdown(report, language)
    sources["index.md"] = _index(result, language)
    deck = beamer_deck(result.reports, style=style, meta=options.meta)
    if pdf is None:
        pdf = tex_available(engine_of(deck))
        if not pdf:
            result.pdf_skipped = f"no TeX installation found ({engine_of(deck)})"
    elif not pdf:
        result.pdf_skipped = "--pdf no"

    output = Path(output)
    try:
        output.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".symxent-staging-", dir=output))
    except OSError as error:
        raise OutputError(f"cannot write to {output}: {error.strerror or error}") from error
    try:
        for name, content in sources.items():
            write_atomic(staging / name, content)
        names_written = list(sources)
        names_written += _write_decks(result, staging, deck, style, options, pdf=pdf)
        result.written = publish(staging, output, names_written)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return result


def _check(
    topics: list[Topic],
    settings: NumericSettings | None,
    progress: Callable[[TopicReport, float], None] | None,
) -> BuildResult:
    result = BuildResult(reports=[])
    for topic in topics:
        start = time.perf_counter()
        report = topic.check(settings)
        elapsed = time.perf_counter() - start
        result.reports.append(report)
        result.seconds[topic.name] = elapsed
        if progress:
            progress(report, elapsed)
    return result


def _write_decks(
    result: BuildResult,
    staging: Path,
    deck: str,
    style: DeckStyle,
    options: BuildOptions,
    *,
    pdf: bool,
) -> list[str]:
    """Write (and compile) the deck and the handout into ``staging``; return their names."""
    tighter: dict[str, int] = {}
    if pdf:
        deck = _fitted_deck(result, staging, deck, tighter, style=style, meta=options.meta)
    write_atomic(staging / "slides.tex", deck)
    names = ["slides.tex", "slides.pdf"] if pdf else ["slides.tex"]
    if options.handout:
        handout = beamer_deck(
            result.reports, style=replace(style, handout=True), meta=options.meta, tighter=tighter
        )
        write_atomic(staging / "slides-handout.tex", handout)
        names.append("slides-handout.tex")
        if pdf:
            compiled = compile_pdf(staging / "slides-handout.tex")
            result.warnings.extend(compiled.overfull)
            names.append("slides-handout.pdf")
    return names


def _fitted_deck(
    result: BuildResult,
    staging: Path,
    deck: str,
    tighter: dict[str, int],
    *,
    style: DeckStyle,
    meta: DeckMeta,
    attempts: int = 3,
) -> str:
    """Compile the deck; split the chains of frames TeX found too tall, and compile again.

    ``tighter`` is filled with the caps on steps per frame used (the handout reuses them).
    """
    for attempt in range(attempts):
        write_atomic(staging / "slides.tex", deck)
        compiled = compile_pdf(staging / "slides.tex")
        shrinkable = [frame for frame in compiled.tall if ":" in frame.piece]
        shrinkable = [f for f in shrinkable if int(f.piece.rsplit(":", 1)[1]) > 1]
        if not shrinkable or attempt == attempts - 1:
            break
        for frame in shrinkable:
            where, steps = frame.piece.rsplit(":", 1)
            tighter[where] = int(steps) - 1
        deck = beamer_deck(result.reports, style=style, meta=meta, tighter=tighter)
    result.warnings.extend(compiled.overfull)
    result.warnings.extend(
        f"frame {frame.piece} is {frame.height:.0f} pt high, the slide has "
        f"{frame.available:.0f} pt: shorten the step or its intro"
        for frame in compiled.tall
    )
    result.warnings.extend(
        f"no font has the character {character}; it is left out of the PDF"
        for character in compiled.missing
    )
    return deck


def _index(result: BuildResult, language: str) -> str:
    lines = ["# symxent", ""]
    for report in result.reports:
        topic = report.topic
        title = localize(topic.title, language)
        lines.append(
            f"- [{title}]({topic.name}.md) ([LaTeX]({topic.name}.tex)): {report.summary()}"
        )
    slides = word("slides", language)
    lines += ["", f"{slides}: `slides.tex` (`slides.pdf`, {word('when_tex', language)}).", ""]
    return "\n".join(lines)
