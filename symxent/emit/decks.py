"""Writing the decks of a build: the slides (fitted by TeX's measurements) and the handout.

Each deck is compiled in a work folder inside the build's folder; only the ``.tex`` and the PDF
stay. A frame TeX finds taller than the slide gets its chain split with fewer steps per frame,
and the deck is compiled again (at most three times).

Example:
    >>> from symxent.emit.preamble import DeckStyle
    >>> DeckJob([], DeckStyle(), DeckMeta()).handout_style().handout
    True
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from symxent.emit.beamer import DeckMeta, beamer_deck
from symxent.emit.files import write_atomic
from symxent.emit.preamble import DeckStyle
from symxent.emit.tex import CompileResult, compile_pdf
from symxent.topic import TopicReport

__all__ = ["DeckJob"]


@dataclass
class DeckJob:
    """The decks of one build.

    Attributes:
        reports: the checked topics.
        style: slide shape and language.
        meta: the title frame.
        tighter: steps per frame for frames TeX found too tall (filled while compiling).
        warnings: what the compiles reported (content off the slide, tall frames, glyphs).
    """

    reports: list[TopicReport]
    style: DeckStyle
    meta: DeckMeta
    tighter: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def deck(self, handout: bool = False) -> str:
        """The deck's LaTeX with the current fitting."""
        style = self.handout_style() if handout else self.style
        return beamer_deck(self.reports, style=style, meta=self.meta, tighter=self.tighter)

    def handout_style(self) -> DeckStyle:
        """The style of the printable version."""
        return replace(self.style, handout=True)

    def write(
        self,
        folder: Path,
        *,
        pdf: bool,
        handout: bool,
        started: Callable[[int], None] | None = None,
    ) -> list[str]:
        """Write (and compile) the decks into ``folder``; return the names of the files.

        The handout is compiled at the same time as the slides (TeX runs on one core); if
        fitting the slides changed the frames, it is compiled again.
        """
        names = []
        work = folder / ".tex-work"
        try:
            with ThreadPoolExecutor(max_workers=1) as pool:
                early: Future[CompileResult] | None = None
                early_source = ""
                if pdf and handout:
                    early_source = self.deck(handout=True)
                    write_atomic(work / "slides-handout.tex", early_source)
                    early = pool.submit(compile_pdf, work / "slides-handout.tex", started=started)
                source = self.deck()
                if pdf:
                    source = self._fitted(work, source, started)
                    os.replace(work / "slides.pdf", folder / "slides.pdf")
                write_atomic(folder / "slides.tex", source)
                names += ["slides.tex", "slides.pdf"] if pdf else ["slides.tex"]
                if handout:
                    source = self.deck(handout=True)
                    write_atomic(folder / "slides-handout.tex", source)
                    names.append("slides-handout.tex")
                    if early is not None:
                        compiled = early.result()
                        if source != early_source:  # the fitting split a frame
                            write_atomic(work / "slides-handout.tex", source)
                            compiled = compile_pdf(work / "slides-handout.tex", started=started)
                        self._report(compiled)
                        os.replace(work / "slides-handout.pdf", folder / "slides-handout.pdf")
                        names.append("slides-handout.pdf")
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return names

    def _fitted(
        self, work: Path, source: str, started: Callable[[int], None] | None, attempts: int = 3
    ) -> str:
        for attempt in range(attempts):
            write_atomic(work / "slides.tex", source)
            compiled = compile_pdf(work / "slides.tex", started=started)
            shrinkable = [
                frame
                for frame in compiled.tall
                if ":" in frame.piece and int(frame.piece.rsplit(":", 1)[1]) > 1
            ]
            if not shrinkable or attempt == attempts - 1:
                break
            for frame in shrinkable:
                where, steps = frame.piece.rsplit(":", 1)
                self.tighter[where] = int(steps) - 1
            source = self.deck()
        self._report(compiled)
        return source

    def _report(self, compiled: CompileResult) -> None:
        self.warnings.extend(compiled.overfull)
        self.warnings.extend(
            f"frame {frame.piece} is {frame.height:.0f} pt high, the slide has "
            f"{frame.available:.0f} pt: shorten the step or its intro"
            for frame in compiled.tall
        )
        self.warnings.extend(
            f"no font has the character {character}; it is left out of the PDF"
            for character in compiled.missing
            if f"no font has the character {character}" not in " ".join(self.warnings)
        )
