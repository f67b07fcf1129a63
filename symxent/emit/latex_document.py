r"""A standalone LaTeX article for one topic: every derivation as an ``align*`` with reasons.

Example:
    >>> from symxent.catalogue import load
    >>> tex = topic_document(load("kl_identity"))
    >>> tex.startswith("\\documentclass") and "\\begin{aligned}" in tex
    True
"""

from __future__ import annotations

from symxent.derivation import DerivationReport
from symxent.emit.marks import LATEX_MACROS, latex_mark
from symxent.latex.text import text_latex
from symxent.topic import Topic, TopicReport

__all__ = ["PREAMBLE_PACKAGES", "derivation_section", "topic_document"]

PREAMBLE_PACKAGES = r"""\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage{amsmath,amssymb}
\usepackage{xcolor}
\usepackage{adjustbox}
\emergencystretch=3em
"""
"""Packages every symxent LaTeX output needs (all in TeX Live's latex-recommended/extra)."""


def _fitted(body: str, max_height: str | None = None) -> str:
    """Shrink an ``aligned`` block to the line width if (and only if) it is wider."""
    height = f", max totalheight={max_height}" if max_height else ""
    return (
        f"\\noindent\\begin{{adjustbox}}{{max width=\\linewidth{height}, center}}\n"
        f"$\\displaystyle\n{body}\n$\n\\end{{adjustbox}}"
    )


def derivation_section(
    report: DerivationReport, printer: dict[str, object], heading: str = "section*"
) -> str:
    """Return one derivation as a LaTeX section: title, intro, the chain, conclusion, verdicts."""
    derivation = report.derivation
    marks = [latex_mark(r.verdict) for r in report.results]
    parts = [f"\\{heading}{{{text_latex(derivation.title or 'Derivation')}}}"]
    if derivation.intro:
        parts.append(text_latex(derivation.intro))
    parts.append(_fitted(derivation.latex("aligned", marks=marks, **printer)))
    if derivation.conclusion:
        parts.append(text_latex(derivation.conclusion))
    counts = ", ".join(f"{v} {k}" for k, v in report.counts().items())
    parts.append(f"{{\\footnotesize\\color{{black!60}} Checked: {counts}.}}")
    return "\n\n".join(parts)


def topic_document(topic: Topic, report: TopicReport | None = None) -> str:
    """Return a complete LaTeX document (compiles with pdflatex) for a checked topic."""
    report = report or topic.check()
    sections = "\n\n".join(derivation_section(r, topic.printer) for r in report.reports)
    legend = (
        r"{\footnotesize $\sxproved$ proved symbolically; "
        r"$\sxconfirmed$ confirmed numerically at sampled points; "
        r"$\sxrefuted$ refuted.}"
    )
    return (
        "\\documentclass[11pt]{article}\n"
        f"{PREAMBLE_PACKAGES}"
        "\\usepackage[margin=2cm]{geometry}\n"
        f"{LATEX_MACROS}"
        f"\\title{{{text_latex(topic.title)}}}\n"
        "\\author{symxent}\n\\date{}\n"
        "\\begin{document}\n\\maketitle\n\n"
        f"{text_latex(topic.intro)}\n\n{legend}\n\n{sections}\n\n"
        "\\end{document}\n"
    )
