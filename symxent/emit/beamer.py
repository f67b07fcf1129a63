r"""A Beamer deck: a title frame, then per topic an overview frame and one frame per derivation.

Example:
    >>> from symxent.catalogue import load
    >>> deck = beamer_deck([load("jensen_bound").check()])
    >>> deck.count("\\begin{frame}")
    6
"""

from __future__ import annotations

from symxent.derivation import DerivationReport
from symxent.emit.latex_document import PREAMBLE_PACKAGES, _fitted
from symxent.emit.marks import LATEX_MACROS, latex_mark
from symxent.latex.text import text_latex
from symxent.topic import TopicReport

__all__ = ["beamer_deck"]


def _derivation_frame(report: DerivationReport, printer: dict[str, object]) -> str:
    derivation = report.derivation
    marks = [latex_mark(r.verdict) for r in report.results]
    body = derivation.latex("aligned", marks=marks, **printer)
    parts = []
    if derivation.intro:
        parts.append(f"{{\\small {text_latex(derivation.intro)}\\par}}\\medskip")
    parts.append(_fitted(body, max_height="0.62\\textheight"))
    if derivation.conclusion:
        parts.append(f"\\medskip{{\\small {text_latex(derivation.conclusion)}\\par}}")
    title = text_latex(derivation.title or "Derivation")
    return "\\begin{frame}{" + title + "}\n" + "\n".join(parts) + "\n\\end{frame}"


def _overview_frame(report: TopicReport) -> str:
    items = "\n".join(
        f"  \\item {text_latex(r.derivation.title)}" for r in report.reports if r.derivation.title
    )
    return (
        f"\\begin{{frame}}{{{text_latex(report.topic.title)}}}\n"
        f"{{\\small {text_latex(report.topic.intro)}\\par}}\\medskip\n"
        f"\\begin{{itemize}}\\footnotesize\n{items}\n\\end{{itemize}}\n\\end{{frame}}"
    )


def beamer_deck(reports: list[TopicReport], title: str = "Entropy and cross-entropy") -> str:
    """Return a Beamer deck for checked topics, one frame per derivation, a step per line."""
    frames = []
    for report in reports:
        frames.append(f"\\section{{{text_latex(report.topic.title)}}}")
        frames.append(_overview_frame(report))
        frames.extend(_derivation_frame(r, report.topic.printer) for r in report.reports)
    legend = (
        r"$\sxproved$ proved symbolically \quad $\sxconfirmed$ confirmed numerically "
        r"\quad $\sxrefuted$ refuted"
    )
    return (
        "\\documentclass[11pt,aspectratio=169]{beamer}\n"
        f"{PREAMBLE_PACKAGES}"
        "\\setbeamertemplate{navigation symbols}{}\n"
        "\\setbeamertemplate{footline}{\\hfill\\usebeamerfont{page number in head/foot}"
        "\\insertframenumber\\hspace*{1em}\\vspace*{0.6em}}\n"
        f"{LATEX_MACROS}"
        f"\\title{{{text_latex(title)}}}\n"
        "\\subtitle{Derivations checked step by step by symxent}\n"
        "\\date{}\n"
        "\\begin{document}\n"
        f"\\begin{{frame}}\n\\titlepage\n\\centering\\footnotesize {legend}\n\\end{{frame}}\n\n"
        + "\n\n".join(frames)
        + "\n\\end{document}\n"
    )
