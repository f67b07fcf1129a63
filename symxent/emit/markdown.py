r"""Markdown with ``$$`` math (renders on GitHub and in MathJax/KaTeX viewers).

Example:
    >>> from symxent.catalogue import load
    >>> md = topic_markdown(load("kl_identity").check())
    >>> md.startswith("# KL divergence") and "$$\n\\begin{aligned}" in md
    True
"""

from __future__ import annotations

from typing import Any

from symxent.derivation import DerivationReport
from symxent.emit.marks import markdown_mark
from symxent.topic import TopicReport

__all__ = ["derivation_markdown", "topic_markdown"]


def derivation_markdown(report: DerivationReport, printer: dict[str, Any], level: int = 2) -> str:
    """Return one derivation: heading, intro, the chain in ``$$``, conclusion, verdict table."""
    derivation = report.derivation
    parts = [f"{'#' * level} {derivation.title or 'Derivation'}"]
    if derivation.intro:
        parts.append(derivation.intro)
    parts.append("$$\n" + derivation.latex("aligned", None, **printer) + "\n$$")
    if derivation.conclusion:
        parts.append(derivation.conclusion)
    rows = ["| step | reason | verdict |", "|---:|---|---|"]
    for result in report.results:
        reason = (result.step.reason or "").replace("|", "\\|")
        rows.append(f"| {result.number} | {reason} | {markdown_mark(result.verdict)} |")
    parts.append("\n".join(rows))
    return "\n\n".join(parts)


def topic_markdown(report: TopicReport) -> str:
    """Return the Markdown page of a checked topic."""
    topic = report.topic
    sections = [derivation_markdown(r, topic.printer) for r in report.reports]
    header = f"# {topic.title}\n\n{topic.intro}\n\n_{report.summary()}_"
    return header + "\n\n" + "\n\n".join(sections) + "\n"
