r"""Verdict marks shown next to each step in LaTeX and Markdown output.

Example:
    >>> from symxent.check.verdict import Verdict
    >>> latex_mark(Verdict.proved("symbolic"))
    '\\;\\sxproved'
    >>> markdown_mark(Verdict.confirmed(10, 0.0))
    'confirmed (10 points, max error 0)'
"""

from __future__ import annotations

from symxent.check.verdict import Verdict

__all__ = ["LATEX_MACROS", "latex_mark", "markdown_mark", "plain_marks"]

LATEX_MACROS = r"""\providecommand{\sxproved}{\textcolor{green!45!black}{\checkmark}}
\providecommand{\sxrounded}{\textcolor{green!45!black}{\checkmark_{\scriptscriptstyle\approx}}}
\providecommand{\sxconfirmed}{\textcolor{blue!65!black}{\checkmark_{\scriptscriptstyle\#}}}
\providecommand{\sxrefuted}{\textcolor{red!80!black}{\boldsymbol{\times}}}
\providecommand{\sxunknown}{\textcolor{black!50}{?}}
"""
"""Macros the marks use (need ``xcolor``, ``amssymb``, ``amsmath``)."""


def latex_mark(verdict: Verdict) -> str:
    """Return the LaTeX mark for a verdict (append it to the step's reason)."""
    return rf"\;\sx{verdict.status.value}"


def markdown_mark(verdict: Verdict, language: str = "en") -> str:
    """Return the verdict, worded in ``language``, as text for a Markdown table."""
    return verdict.in_language(language).replace("|", "\\|")


def plain_marks(tex: str) -> str:
    r"""The marks spelled with standard macros, for MathJax and KaTeX (Markdown pages).

    Example:
        >>> plain_marks(r"a \;\sxproved")
        'a \\;\\checkmark'
    """
    for macro, plain in (
        ("\\sxproved", "\\checkmark"),
        ("\\sxrounded", "\\checkmark_{\\approx}"),
        ("\\sxconfirmed", "\\checkmark_{\\#}"),
        ("\\sxrefuted", "\\times"),
        ("\\sxunknown", "?"),
    ):
        tex = tex.replace(macro, plain)
    return tex
