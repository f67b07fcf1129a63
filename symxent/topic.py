"""A topic: one lecture's worth of derivations, as a built-in derivation module provides it.

Each module in ``derivations/`` defines ``topic() -> Topic``; the catalogue loads it by name,
``symxent build`` checks every derivation in it and writes its LaTeX, Markdown and slides.

Example:
    >>> import sympy as sp
    >>> from symxent import Derivation, Information
    >>> t = Topic(
    ...     name="bits",
    ...     title="Bits",
    ...     summary="one bit is log2 of 2",
    ...     derivations=[Derivation(Information(sp.Rational(1, 2), 2), title="a coin").eq(1)],
    ... )
    >>> t.check().summary()
    'bits: 1 derivations, 1 steps: 1 proved'
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from symxent.blocks import Raw, Section
from symxent.derivation import Derivation, DerivationReport
from symxent.errors import CatalogueError

if TYPE_CHECKING:
    from collections.abc import Callable

    from symxent.check.numeric import NumericSettings

__all__ = ["Block", "Tally", "Topic", "TopicReport", "is_file_name"]

Block = Any
"""A topic's block: a Derivation, a Table, a Plot, a Section or a Raw block."""


@dataclass
class Topic:
    """A titled list of derivations (and tables, plots, sections) with shared conventions.

    Prose fields (``title``, ``intro``, ...) are ``str`` or :class:`symxent.i18n.Text` (English
    and Korean).

    Attributes:
        name: catalogue name (the module's file name), e.g. ``"kl_identity"``; a file name, so
            letters, digits, ``-`` and ``_`` only.
        title: heading for documents and the title frame.
        summary: one line for ``symxent list``.
        derivations: the blocks in teaching order: derivations, tables, plots, sections and
            raw LaTeX blocks.
        intro: a paragraph of plain text introducing the topic.
        printer: LaTeX printer settings (e.g. ``{"default_base": 2}`` for a topic in bits).
        subtitle: the deck's subtitle when this topic is built alone.
        author: the deck's and document's author.
        institute: the deck's institute line.
        date: the date line (empty: none).
    """

    name: str
    title: str
    summary: str
    derivations: list[Block]
    intro: str = ""
    printer: dict[str, Any] = field(default_factory=dict)
    subtitle: str = ""
    author: str = ""
    institute: str = ""
    date: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not is_file_name(self.name):
            raise CatalogueError(
                f"topic name {self.name!r} must be a file name of letters, digits, '-' and '_' "
                "(it names the output files, which stay inside the output folder)"
            )
        for block in self.derivations:
            if not (isinstance(block, Derivation | Section | Raw) or hasattr(block, "check")):
                raise CatalogueError(
                    f"topic {self.name!r}: {type(block).__name__} is not a block; use "
                    "Derivation, Table, Plot, Section or Raw"
                )

    @property
    def chains(self) -> list[Derivation]:
        """The derivations only, in order."""
        return [block for block in self.derivations if isinstance(block, Derivation)]

    def check(self, settings: NumericSettings | None = None) -> TopicReport:
        """Check every derivation, table and plot of the topic."""
        items: list[Any] = []
        for block in self.derivations:
            if isinstance(block, Derivation):
                items.append(block.check(settings))
            elif isinstance(block, Section | Raw):
                items.append(block)
            else:
                items.append(block.check())
        return TopicReport(
            self,
            tuple(item for item in items if isinstance(item, DerivationReport)),
            tuple(items),
        )

    def _repr_markdown_(self) -> str:
        chains = "\n\n".join(
            f"**{d.title}**\n\n$$\n{d.latex('aligned', None, **self.printer)}\n$$"
            for d in self.chains
        )
        return f"### {self.title}\n\n{self.intro}\n\n{chains}"


def is_file_name(name: str) -> bool:
    """True for a name that is a plain file name: letters, digits, ``-``, ``_``; no dot first.

    Example:
        >>> is_file_name("kl_identity"), is_file_name("../README")
        (True, False)
    """
    return bool(name) and name[0] not in ".-" and all(c.isalnum() or c in "-_" for c in name)


@dataclass(frozen=True)
class Tally:
    """The counts of a topic's summary line.

    Attributes:
        derivations: how many derivations.
        steps: how many steps they have.
        counts: steps per verdict status.
        blocks: per kind of other block (``"table"``, ``"plot"``, ``"chain"``): how many, and how
            many of them do not hold.
        links: the links of the notes' chains per status.
    """

    derivations: int
    steps: int
    counts: dict[str, int]
    blocks: dict[str, tuple[int, int]]
    links: dict[str, int]


@dataclass(frozen=True)
class TopicReport:
    """The reports of all derivations (``reports``) and of every block in order (``items``).

    ``items`` holds a DerivationReport, TableReport or PlotReport for each checked block and the
    Section and Raw blocks themselves.
    """

    topic: Topic
    reports: tuple[DerivationReport, ...]
    items: tuple[Any, ...] = ()

    def __post_init__(self) -> None:
        if not self.items:
            object.__setattr__(self, "items", self.reports)

    @property
    def holds(self) -> bool:
        """True when every step holds, and every table cell and plot is verified."""
        return all(item.holds for item in self.items if not isinstance(item, Section | Raw))

    def counts(self) -> dict[str, int]:
        """Steps per verdict, over all derivations."""
        total: Counter[str] = Counter()
        for report in self.reports:
            total.update(report.counts())
        order = ("proved", "rounded", "confirmed", "refuted", "unknown")
        return {k: total[k] for k in order if k in total}

    def tally(self) -> Tally:
        """What the summary line counts: derivations, steps, verdicts, and the other blocks."""
        blocks: dict[str, tuple[int, int]] = {}
        links: dict[str, int] = {}
        for item in self.items:
            if isinstance(item, DerivationReport | Section | Raw):
                continue
            kind = item.summary().split(":", 1)[0]  # "table", "plot" or "chain"
            count, wrong = blocks.get(kind, (0, 0))
            blocks[kind] = (count + 1, wrong + (0 if item.holds else 1))
            for status in getattr(item, "statuses", ()):
                links[status] = links.get(status, 0) + 1
        steps = sum(len(r.results) for r in self.reports)
        return Tally(len(self.reports), steps, self.counts(), blocks, links)

    def summary(self, language: str = "en") -> str:
        """One line: name, number of derivations and steps, and the verdict counts."""
        return TopicReport.summary_line(self, language)

    summary_line: ClassVar[Callable[[TopicReport, str], str]]
    """:meth:`summary`'s wording: set by :mod:`symxent.emit.verdicts`."""
    markdown: ClassVar[Callable[[TopicReport], str]]
    """Its Markdown page, Jupyter's ``_repr_markdown_``: set by :mod:`symxent.emit.markdown`
    (which imports this module, not the reverse)."""

    def _repr_markdown_(self) -> str:
        return TopicReport.markdown(self)

    def failure_message(self) -> str:
        """Every failing step of every derivation, with its counterexample."""
        lines = []
        for item in self.items:
            if isinstance(item, DerivationReport):
                for result in item.failures:
                    lines.append(
                        f"[{item.derivation.title}] {result.describe(**self.topic.printer)}"
                    )
            elif not isinstance(item, Section | Raw) and not item.holds:
                lines.append(item.failure_message())
        return "\n".join(lines)
