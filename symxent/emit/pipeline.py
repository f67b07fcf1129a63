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
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from symxent.check import NumericSettings
from symxent.emit.beamer import DeckMeta
from symxent.emit.checking import check_topics
from symxent.emit.decks import DeckJob
from symxent.emit.files import write_atomic
from symxent.emit.latex_document import topic_document
from symxent.emit.markdown import topic_markdown
from symxent.emit.preamble import DeckStyle
from symxent.emit.publish import discard, prepare, switch
from symxent.emit.tex import engine_of, tex_available
from symxent.emit.watchdog import Watchdog
from symxent.emit.words import word
from symxent.errors import OutputError
from symxent.i18n import check_language, localize
from symxent.topic import TopicReport, is_file_name

__all__ = ["BuildOptions", "BuildResult", "build"]


@dataclass
class BuildResult:
    """What a build did.

    Attributes:
        reports: the checked topics, in order.
        seconds: time to read and check each topic, by name (notes are checked as read).
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
    r"""How to write the outputs.

    Attributes:
        language: ``"en"`` or ``"ko"``: the language of every document and the deck.
        style: the deck's shape and handout setting (``style.language`` is set from ``language``).
        meta: the deck's title, subtitle, author, institute and date.
        handout: also write ``slides-handout.tex`` (and its PDF): no overlays, for printing.
        base: the base of a plain ``\log`` in lecture notes (``symxent build lecture.md``).
    """

    language: str = "en"
    style: DeckStyle = field(default_factory=DeckStyle)
    meta: DeckMeta = field(default_factory=DeckMeta)
    handout: bool = False
    base: str = "auto"


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
    reports, seconds = check_topics(names, base=options.base, settings=settings, progress=progress)
    names_seconds = zip((report.topic.name for report in reports), seconds, strict=True)
    result = BuildResult(reports=reports, seconds=dict(names_seconds))
    if not result.ok and not force:
        return result
    language = options.language
    sources = {}
    for report in result.reports:
        name = report.topic.name
        if not is_file_name(name):  # Topic checks it; a name changed afterwards is caught here
            raise OutputError(f"topic name {name!r} is not a file name; nothing was written")
        sources[f"{name}.tex"] = topic_document(report.topic, report, language)
        sources[f"{name}.md"] = topic_markdown(report, language)
    sources["index.md"] = _index(result, language)
    job = DeckJob(result.reports, style, options.meta)
    engine = engine_of(job.deck())
    if pdf is None:
        pdf = tex_available(engine)
        if not pdf:
            result.pdf_skipped = f"no TeX installation found ({engine})"
    elif not pdf:
        result.pdf_skipped = "--pdf no"

    release = prepare(Path(output))
    watchdog = Watchdog.start(release.folder)
    try:
        for name, content in sources.items():
            write_atomic(release.folder / name, content)
        names = list(sources)
        names += job.write(release.folder, pdf=pdf, handout=options.handout, started=watchdog.tex)
        result.warnings.extend(job.warnings)
        old = switch(release)
        watchdog.keep()
        if old is not None:
            watchdog.remove(old)
            shutil.rmtree(old, ignore_errors=True)
        result.written = [release.link / name for name in names]
    except BaseException:
        discard(release)
        raise
    finally:
        watchdog.close()
    return result


def _index(result: BuildResult, language: str) -> str:
    lines = ["# symxent", ""]
    for report in result.reports:
        topic = report.topic
        title = localize(topic.title, language)
        lines.append(
            f"- [{title}]({topic.name}.md) ([LaTeX]({topic.name}.tex)): {report.summary(language)}"
        )
    slides = word("slides", language)
    lines += ["", f"{slides}: `slides.tex` (`slides.pdf`, {word('when_tex', language)}).", ""]
    return "\n".join(lines)
