r"""A Beamer deck in the metropolis theme, for teaching from.

It has a title frame, sections with overview frames, one step per overlay, tables and plots,
and the legend of the verdict marks in every frame's footer.

A chain that does not fit one slide is split over frames (see :mod:`symxent.emit.layout`); a
chain too wide for the slide is laid out narrower (see :mod:`symxent.emit.chain`); nothing is
scaled down. ``DeckStyle(handout=True)`` collapses the overlays for printing.

Example:
    >>> from symxent.catalogue import load
    >>> deck = beamer_deck([load("jensen_bound").check()])
    >>> deck.count("\\begin{frame}") >= 5, "\\usetheme[" in deck
    (True, True)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from symxent.blocks import Raw, Section
from symxent.derivation import DerivationReport
from symxent.emit.chain import Row, chain_latex, chain_rows, continued
from symxent.emit.layout import GEOMETRY, plan
from symxent.emit.preamble import DeckStyle, deck_preamble, engine_for
from symxent.emit.words import word
from symxent.i18n import localize
from symxent.latex.text import text_latex
from symxent.topic import TopicReport

__all__ = ["DeckMeta", "beamer_deck", "block_title"]


@dataclass(frozen=True)
class DeckMeta:
    """The title frame: empty fields come from the topic (one topic) or symxent's defaults.

    Attributes:
        title: the deck's title.
        subtitle: the subtitle.
        author: the author line.
        institute: the institute line.
        date: the date line.
    """

    title: str = ""
    subtitle: str = ""
    author: str = ""
    institute: str = ""
    date: str = ""

    def resolved(self, reports: list[TopicReport], language: str) -> dict[str, str]:
        """Each field in ``language``: given, else from a single topic, else the default.

        symxent's own subtitle goes only under its own title: a deck titled by the lecturer
        (an option or the topic) has the subtitle it is given, or none.
        """
        topic = reports[0].topic if len(reports) == 1 else None
        fields = {}
        for name in ("title", "subtitle", "author", "institute", "date"):
            value = getattr(self, name) or (getattr(topic, name, "") if topic else "")
            fields[name] = localize(value, language)
        if not fields["title"]:
            fields["title"] = word("deck_title", language)
            fields["subtitle"] = fields["subtitle"] or word("deck_subtitle", language)
        return fields


def block_title(item: Any, language: str) -> str:
    """The title of a checked block (derivation, table, plot), in ``language``."""
    if isinstance(item, DerivationReport):
        return localize(item.derivation.title, language)
    block = getattr(item, "block", item)
    return localize(getattr(block, "title", ""), language)


class _Deck:
    """Writes the frames of one deck; ``tighter`` caps the steps per frame of named frames."""

    def __init__(self, style: DeckStyle, tighter: Mapping[str, int]) -> None:
        self.style = style
        self.tighter = tighter
        self.language = style.language
        self.geometry = GEOMETRY[style.aspect]
        self.plots = False

    def text(self, value: Any, what: str) -> str:
        return text_latex(localize(value, self.language), what)

    def overview(self, title: str, intro: str, entries: list[str]) -> str:
        def itemize(part: list[str]) -> str:
            items = "\n".join(f"  \\item {entry}" for entry in part)
            return f"\\begin{{itemize}}\\small\n{items}\n\\end{{itemize}}"

        body = itemize(entries) if entries else ""
        if len(entries) > 7:
            half = (len(entries) + 1) // 2
            columns = "".join(
                f"\\begin{{column}}{{0.48\\textwidth}}{itemize(part)}\\end{{column}}\n"
                for part in (entries[:half], entries[half:])
            )
            body = f"\\begin{{columns}}[T]\n{columns}\\end{{columns}}"
        lead = f"{{\\small {intro}\\par}}\\medskip\n" if intro else ""
        # \gdef first: a brace group right after the title would be read as a subtitle
        head = f"\\begin{{frame}}{{{title}}}\n\\gdef\\sxpiece{{overview}}\n"
        return f"{head}{lead}{body}\n\\end{{frame}}"

    def derivation(self, report: DerivationReport, printer: dict[str, Any], key: str) -> str:
        return self.chain(report.derivation, chain_rows(report, printer, self.language), key)

    def chain(self, block: Any, rows: list[Row], key: str) -> str:
        """The frames of a chain (a derivation, or a chain of the lecturer's notes)."""
        name = block.title or word("derivation", self.language)
        which = repr(localize(block.title, "en")) if block.title else "an untitled chain"
        title = self.text(name, f"the title of {which}")
        intro = self.text(block.intro, f"the intro of {which}")
        conclusion = self.text(block.conclusion, f"the conclusion of {which}")
        groups = plan(rows, intro, conclusion, self.geometry)
        caps = [self.tighter.get(f"{key}/{index}") for index in range(len(groups))]
        if any(caps):
            most = min(cap for cap in caps if cap)
            groups = plan(rows, intro, conclusion, self.geometry, most)
        frames = []
        for position, group in enumerate(groups):
            piece = [rows[i] for i in group]
            if position:
                piece = continued(piece, rows[group[0] - 1])
            heading = title if position == 0 else f"{title} ({word('continued', self.language)})"
            parts = [
                f"\\begin{{frame}}{{{heading}}}",
                f"\\gdef\\sxpiece{{{key}/{position}:{len(group)}}}",
            ]
            if intro and position == 0:
                parts.append(f"{{\\small {intro}\\par}}\\medskip")
            parts.append(chain_latex(piece, overlays=True))
            if conclusion and position == len(groups) - 1:
                steps = sum(1 for row in piece if not row.carry)
                parts.append(f"\\uncover<{steps}->{{\\medskip{{\\small {conclusion}\\par}}}}")
            parts.append("\\end{frame}")
            frames.append("\n".join(parts))
        return "\n\n".join(frames)

    def raw(self, block: Raw) -> str:
        latex = localize(block.latex, self.language)
        if "\\begin{frame}" in latex:
            return latex
        title = self.text(block.title, "a raw block's title")
        return f"\\begin{{frame}}{{{title}}}\n\\gdef\\sxpiece{{raw}}\n{latex}\n\\end{{frame}}"

    def block(self, item: Any, key: str) -> str:
        from symxent.emit.plots import plot_frame
        from symxent.emit.tables import table_frame
        from symxent.notes import WrittenChain
        from symxent.plot import PlotReport
        from symxent.table import TableReport

        if isinstance(item, WrittenChain):
            return self.chain(item, item.rows_in(self.language), key)
        if isinstance(item, TableReport):
            return table_frame(item, self.language, key)
        if isinstance(item, PlotReport):
            self.plots = True
            return plot_frame(item, self.language, key, self.style.aspect)
        return ""

    def topic(self, report: TopicReport, number: int) -> list[str]:
        topic = report.topic
        title = self.text(topic.title, f"the title of topic {topic.name!r}")
        intro = self.text(topic.intro, f"the intro of topic {topic.name!r}")
        groups: list[tuple[Section | None, list[Any]]] = [(None, [])]
        for item in report.items:
            if isinstance(item, Section):
                groups.append((item, []))
            elif not (isinstance(item, Raw) and item.where == "document"):
                groups[-1][1].append(item)
        sections = [section for section, _ in groups if section is not None]

        def entries(items: list[Any]) -> list[str]:
            names = [block_title(item, self.language) for item in items]
            return [self.text(name, "a block title") for name in names if name]

        top = entries(groups[0][1]) + [
            self.text(section.title, "a section title") for section in sections
        ]
        frames = [f"\\section{{{title}}}", self.overview(title, intro, top)]
        for index, (section, items) in enumerate(groups):
            if section is not None:
                heading = self.text(section.title, "a section title")
                frames.append(f"\\subsection{{{heading}}}")
                frames.append(
                    self.overview(
                        heading, self.text(section.intro, "a section intro"), entries(items)
                    )
                )
            for position, item in enumerate(items):
                key = f"{number}.{index}.{position}"
                if isinstance(item, DerivationReport):
                    frames.append(self.derivation(item, topic.printer, key))
                elif isinstance(item, Raw):
                    frames.append(self.raw(item))
                else:
                    frames.append(self.block(item, key))
        return [frame for frame in frames if frame]


def beamer_deck(
    reports: list[TopicReport],
    title: str = "",
    *,
    style: DeckStyle | None = None,
    meta: DeckMeta | None = None,
    tighter: Mapping[str, int] | None = None,
) -> str:
    """Return a Beamer deck for checked topics.

    Args:
        reports: the checked topics, in order (each becomes a section).
        title: the deck title (shortcut for ``meta=DeckMeta(title=...)``).
        style: slide shape, handout, language.
        meta: title, subtitle, author, institute and date of the title frame.
        tighter: at most this many steps in the frame ``"<chain>/<frame>"`` (for frames TeX
            found too tall; see :func:`symxent.emit.pipeline.build`).

    Raises:
        TextError: when user text holds math that could read files or break the deck.
    """
    style = style or DeckStyle()
    meta = meta or DeckMeta(title=title)
    if title and not meta.title:
        meta = DeckMeta(title, meta.subtitle, meta.author, meta.institute, meta.date)
    deck = _Deck(style, tighter or {})
    frames: list[str] = []
    for number, report in enumerate(reports, start=1):
        frames.extend(deck.topic(report, number))
    fields = {
        name: text_latex(value, f"the deck's {name}")
        for name, value in meta.resolved(reports, style.language).items()
    }
    head = "".join(f"\\{name}{{{value}}}\n" for name, value in fields.items())
    body = "\\begin{document}\n\\maketitle\n\n" + "\n\n".join(frames) + "\n\\end{document}\n"
    engine = engine_for(head + body, style.language)
    return deck_preamble(style, engine, deck.plots) + head + body
