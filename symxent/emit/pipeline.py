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
from dataclasses import dataclass, field
from pathlib import Path

from symxent.catalogue import load_all
from symxent.check import NumericSettings
from symxent.emit.beamer import beamer_deck
from symxent.emit.files import publish, write_atomic
from symxent.emit.latex_document import topic_document
from symxent.emit.markdown import topic_markdown
from symxent.emit.tex import compile_pdf, tex_available
from symxent.errors import OutputError
from symxent.topic import TopicReport

__all__ = ["BuildResult", "build"]


@dataclass
class BuildResult:
    """What a build did.

    Attributes:
        reports: the checked topics, in order.
        seconds: checking time per topic name.
        written: files moved into the output folder (empty if the build did not publish).
        pdf_skipped: why no PDF was made, if none was.
        warnings: TeX warnings worth reading (content cut off at the right edge).
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


def build(
    names: list[str] | None,
    output: Path,
    *,
    pdf: bool | None = None,
    force: bool = False,
    settings: NumericSettings | None = None,
    progress: Callable[[TopicReport, float], None] | None = None,
) -> BuildResult:
    """Check the named topics (all built-in ones if none) and write their outputs to ``output``.

    Args:
        names: topic names or derivation file paths; empty or None for all built-in topics.
        output: the output folder (created if needed).
        pdf: compile the deck to PDF: True (required), False (skip), None (if TeX is found).
        force: write the outputs even when a step is refuted or unknown.
        settings: numeric sampling settings for the checks.
        progress: called after each topic is checked, with its report and the seconds taken.

    Raises:
        CatalogueError: for unknown names.
        OutputError: when files cannot be written or TeX fails (nothing is published then).
    """
    topics = load_all(names)
    result = BuildResult(reports=[])
    for topic in topics:
        start = time.perf_counter()
        report = topic.check(settings)
        elapsed = time.perf_counter() - start
        result.reports.append(report)
        result.seconds[topic.name] = elapsed
        if progress:
            progress(report, elapsed)
    if not result.ok and not force:
        return result

    output = Path(output)
    try:
        output.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".symxent-staging-", dir=output))
    except OSError as error:
        raise OutputError(f"cannot write to {output}: {error.strerror or error}") from error
    try:
        names_written = []
        for report in result.reports:
            name = report.topic.name
            write_atomic(staging / f"{name}.tex", topic_document(report.topic, report))
            write_atomic(staging / f"{name}.md", topic_markdown(report))
            names_written += [f"{name}.tex", f"{name}.md"]
        write_atomic(staging / "slides.tex", beamer_deck(result.reports))
        names_written.append("slides.tex")
        write_atomic(staging / "index.md", _index(result))
        names_written.append("index.md")
        if pdf is None:
            pdf = tex_available()
            if not pdf:
                result.pdf_skipped = "no TeX installation found (pdflatex)"
        elif not pdf:
            result.pdf_skipped = "--no-pdf"
        if pdf:
            compiled = compile_pdf(staging / "slides.tex")
            result.warnings.extend(compiled.overfull)
            names_written.append("slides.pdf")
        result.written = publish(staging, output, names_written)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return result


def _index(result: BuildResult) -> str:
    lines = ["# symxent derivations", ""]
    for report in result.reports:
        topic = report.topic
        lines.append(
            f"- [{topic.title}]({topic.name}.md) ([LaTeX]({topic.name}.tex)): {report.summary()}"
        )
    lines += ["", "Slides: `slides.tex` (and `slides.pdf` when TeX is installed).", ""]
    return "\n".join(lines)
