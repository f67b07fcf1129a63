r"""Markdown with ``$$`` math (renders on GitHub and in MathJax/KaTeX viewers).

Example:
    >>> from symxent.catalogue import load
    >>> md = topic_markdown(load("kl_identity").check())
    >>> md.startswith("# KL divergence") and "$$\n\\begin{aligned}" in md
    True
"""

from __future__ import annotations

from typing import Any

from symxent.blocks import Raw, Section
from symxent.derivation import DerivationReport
from symxent.emit.figures import figure_markdown
from symxent.emit.marks import markdown_mark, plain_marks
from symxent.emit.words import word
from symxent.i18n import localize
from symxent.topic import TopicReport

__all__ = ["derivation_markdown", "topic_markdown"]


def derivation_markdown(
    report: DerivationReport, printer: dict[str, Any], level: int = 2, language: str = "en"
) -> str:
    """Return one derivation: heading, intro, the chain in ``$$``, conclusion, verdict table."""
    derivation = report.derivation

    def text(value: Any) -> str:
        return localize(value, language)

    title = text(derivation.title) or word("derivation", language)
    parts = [f"{'#' * level} {title}"]
    if derivation.intro:
        parts.append(text(derivation.intro))
    parts.append("$$\n" + derivation.latex("aligned", None, language, **printer) + "\n$$")
    if derivation.conclusion:
        parts.append(text(derivation.conclusion))
    header = [word("step", language), word("reason", language), word("verdict", language)]
    rows = [f"| {' | '.join(header)} |", "|---:|---|---|"]
    for result in report.results:
        reason = text(result.step.reason).replace("|", "\\|")
        rows.append(f"| {result.number} | {reason} | {markdown_mark(result.verdict, language)} |")
    parts.append("\n".join(rows))
    for result in report.results:
        if result.verdict.certificate:
            certificate = result.verdict.certificate
            lines = "\n".join(f"    {localize(line, language)}" for line in certificate)
            heading = word("proof of step", language).format(number=result.number)
            parts.append(f"{heading}:\n\n{lines}")
    return "\n\n".join(parts)


def _block(item: Any, printer: dict[str, Any], level: int, language: str) -> str:
    if isinstance(item, DerivationReport):
        return derivation_markdown(item, printer, level, language)
    if isinstance(item, Section):
        intro = localize(item.intro, language)
        heading = f"## {localize(item.title, language)}"
        return f"{heading}\n\n{intro}" if intro else heading
    if isinstance(item, Raw):
        return ""
    from symxent.emit.chain import layouts
    from symxent.emit.plots import plot_markdown
    from symxent.emit.tables import table_markdown
    from symxent.notes import WrittenChain
    from symxent.plot import PlotReport
    from symxent.table import TableReport

    if isinstance(item, WrittenChain):
        body = layouts(item.rows_in(language))[0].removeprefix("$\\displaystyle ").removesuffix("$")
        return figure_markdown(item, language, level, [f"$$\n{plain_marks(body)}\n$$"])
    if isinstance(item, TableReport):
        return table_markdown(item, language, level)
    if isinstance(item, PlotReport):
        return plot_markdown(item, language, level)
    return ""


def topic_markdown(report: TopicReport, language: str = "en") -> str:
    """Return the Markdown page of a checked topic."""
    topic = report.topic
    level = 3 if any(isinstance(item, Section) for item in report.items) else 2
    sections = [_block(item, topic.printer, level, language) for item in report.items]
    title, intro = localize(topic.title, language), localize(topic.intro, language)
    header = f"# {title}\n\n{intro}\n\n_{report.summary(language)}_"
    return header + "\n\n" + "\n\n".join(s for s in sections if s) + "\n"


DerivationReport.markdown = lambda report: derivation_markdown(report, report.derivation.printer)
TopicReport.markdown = topic_markdown
