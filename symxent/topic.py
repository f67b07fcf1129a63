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

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from symxent.derivation import Derivation, DerivationReport

if TYPE_CHECKING:
    from symxent.check.numeric import NumericSettings

__all__ = ["Topic", "TopicReport"]


@dataclass
class Topic:
    """A titled list of derivations with the printing conventions they share.

    Attributes:
        name: catalogue name (the module's file name), e.g. ``"kl_identity"``.
        title: heading for documents and the title frame.
        summary: one line for ``symxent list``.
        derivations: the chains, in teaching order.
        intro: a paragraph of plain text introducing the topic.
        printer: LaTeX printer settings (e.g. ``{"default_base": 2}`` for a topic in bits).
    """

    name: str
    title: str
    summary: str
    derivations: list[Derivation]
    intro: str = ""
    printer: dict[str, Any] = field(default_factory=dict)

    def check(self, settings: NumericSettings | None = None) -> TopicReport:
        """Check every derivation of the topic."""
        return TopicReport(self, tuple(d.check(settings) for d in self.derivations))

    def _repr_markdown_(self) -> str:
        chains = "\n\n".join(
            f"**{d.title}**\n\n$$\n{d.latex('aligned', None, **self.printer)}\n$$"
            for d in self.derivations
        )
        return f"### {self.title}\n\n{self.intro}\n\n{chains}"


@dataclass(frozen=True)
class TopicReport:
    """The reports of all derivations of a topic."""

    topic: Topic
    reports: tuple[DerivationReport, ...]

    @property
    def holds(self) -> bool:
        """True when every step of every derivation is proved or confirmed."""
        return all(r.holds for r in self.reports)

    def counts(self) -> dict[str, int]:
        """Steps per verdict, over all derivations."""
        total: dict[str, int] = {}
        for report in self.reports:
            for status, count in report.counts().items():
                total[status] = total.get(status, 0) + count
        order = ("proved", "confirmed", "refuted", "unknown")
        return {k: total[k] for k in order if k in total}

    def summary(self) -> str:
        """One line: name, number of derivations and steps, and the verdict counts."""
        steps = sum(len(r.results) for r in self.reports)
        counts = ", ".join(f"{v} {k}" for k, v in self.counts().items())
        return f"{self.topic.name}: {len(self.reports)} derivations, {steps} steps: {counts}"

    def _repr_markdown_(self) -> str:
        from symxent.emit.markdown import topic_markdown

        return topic_markdown(self)

    def failure_message(self) -> str:
        """Every failing step of every derivation, with its counterexample."""
        lines = []
        for report in self.reports:
            for result in report.failures:
                lines.append(f"[{report.derivation.title}] {result.describe(**self.topic.printer)}")
        return "\n".join(lines)
