r"""A standalone LaTeX article for one topic, in English or Korean.

Every derivation appears with its reasons and verdicts, and tables and plots with theirs.

Chains are laid out to fit the text width (reasons beside, or below, long steps broken: see
:mod:`symxent.emit.chain`), never scaled down.

Example:
    >>> from symxent.catalogue import load
    >>> tex = topic_document(load("kl_identity"))
    >>> tex.startswith("% !TEX program = pdflatex") and "\\begin{aligned}" in tex
    True
"""

from __future__ import annotations

from typing import Any

from symxent.blocks import Raw, Section
from symxent.derivation import DerivationReport
from symxent.emit.chain import Row, chain_latex, chain_rows
from symxent.emit.preamble import document_preamble, engine_for
from symxent.emit.words import count_words, word
from symxent.i18n import localize
from symxent.latex.text import text_latex
from symxent.topic import Topic, TopicReport

__all__ = ["chain_section", "derivation_section", "topic_document"]


def derivation_section(
    report: DerivationReport,
    printer: dict[str, object],
    heading: str = "section*",
    language: str = "en",
) -> str:
    """Return one derivation as a LaTeX section: title, intro, the chain, conclusion, verdicts."""
    rows = chain_rows(report, dict(printer), language)
    counts = count_words(report.counts(), language, document=True)
    return chain_section(report.derivation, rows, heading, language, counts)


def chain_section(
    block: Any, rows: list[Row], heading: str, language: str, counts: str = ""
) -> str:
    """A chain (a derivation or one of the notes) as a section: title, intro, rows, conclusion."""
    which = repr(localize(block.title, "en")) if block.title else "an untitled chain"

    def text(value: Any, part: str) -> str:
        return text_latex(localize(value, language), f"the {part} of {which}")

    parts = []
    if block.title or counts:
        title = text(block.title or word("derivation", language), "title")
        parts.append(f"\\{heading}{{{title}}}")
    if block.intro:
        parts.append(text(block.intro, "intro"))
    parts.append(chain_latex(rows))
    if block.conclusion:
        parts.append(text(block.conclusion, "conclusion"))
    if counts:
        parts.append(
            f"{{\\footnotesize\\color{{black!60}} {word('checked', language)}: {counts}.}}"
        )
    return "\n\n".join(parts)


def _block(item: Any, printer: dict[str, object], language: str, heading: str) -> str:
    if isinstance(item, DerivationReport):
        return derivation_section(item, printer, heading, language)
    if isinstance(item, Section):
        title = text_latex(localize(item.title, language), "a section title")
        intro = text_latex(localize(item.intro, language), "a section intro")
        return f"\\section{{{title}}}\n\n{intro}" if intro else f"\\section{{{title}}}"
    if isinstance(item, Raw):
        return localize(item.latex, language) if item.where != "deck" else ""
    from symxent.emit.plots import plot_document
    from symxent.emit.tables import table_document
    from symxent.notes import WrittenChain
    from symxent.plot import PlotReport
    from symxent.table import TableReport

    if isinstance(item, WrittenChain):
        return chain_section(item, item.rows_in(language), heading, language)
    if isinstance(item, TableReport):
        return table_document(item, language, heading)
    if isinstance(item, PlotReport):
        return plot_document(item, language, heading)
    return ""


def topic_document(topic: Topic, report: TopicReport | None = None, language: str = "en") -> str:
    """Return a complete LaTeX document (pdfLaTeX, or XeLaTeX for Korean) for a checked topic."""
    report = report or topic.check()
    has_sections = any(isinstance(item, Section) for item in report.items)
    heading = "subsection*" if has_sections else "section*"
    blocks = [_block(item, topic.printer, language, heading) for item in report.items]
    title = text_latex(localize(topic.title, language), f"the title of topic {topic.name!r}")
    intro = text_latex(localize(topic.intro, language), f"the intro of topic {topic.name!r}")
    author = text_latex(localize(topic.author, language) or "symxent", "the author")
    body = (
        f"\\title{{{title}}}\n\\author{{{author}}}\n\\date{{}}\n"
        "\\begin{document}\n\\maketitle\n\n"
        f"{intro}\n\n{{\\footnotesize \\sxlegend}}\n\n"
        + "\n\n".join(block for block in blocks if block)
        + "\n\n\\end{document}\n"
    )
    from symxent.plot import PlotReport

    plots = any(isinstance(item, PlotReport) for item in report.items)
    return document_preamble(language, engine_for(body, language), plots) + body
