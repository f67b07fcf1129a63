r"""Plain text with ``$...$`` math, as used in titles, intros and step reasons, put into LaTeX.

symxent's prose fields are plain text in which ``$...$`` marks inline math (as in Markdown).
These helpers escape LaTeX's special characters in the text parts and keep the math parts, which
must pass :func:`symxent.latex.guard.check_math` (no file reads, no redefinitions).

Example:
    >>> text_latex("50% of $p_i$")
    '50\\% of $p_i$'
    >>> reason_latex("since $\\sum_j y_j = 1$")
    '\\text{(since }{\\sum_j y_j = 1}\\text{)}'
    >>> reason_latex("$-H \\leq 0$")
    '\\text{(}{-H \\leq 0}\\text{)}'
    >>> plain_text("the sum $\\sum_j y_j$")
    'the sum \\sum_j y_j'
"""

from __future__ import annotations

import re

from symxent.errors import TextError
from symxent.latex.guard import check_math

__all__ = ["escape_text", "plain_text", "reason_latex", "split_math", "text_latex"]

_SPECIALS = re.compile(r"([#$%&_{}])")


def escape_text(text: str) -> str:
    """Escape LaTeX's special characters in plain text (no math inside)."""
    text = text.replace("\\", r"\textbackslash ")
    text = _SPECIALS.sub(r"\\\1", text)
    return text.replace("~", r"\textasciitilde ").replace("^", r"\textasciicircum ")


def split_math(text: str) -> list[tuple[bool, str]]:
    """Split text into ``(is_math, piece)`` parts at ``$`` signs; an unbalanced ``$`` is text."""
    pieces = text.split("$")
    if len(pieces) % 2 == 0:
        return [(False, text)]
    return [(position % 2 == 1, piece) for position, piece in enumerate(pieces) if piece]


def text_latex(text: str, what: str = "the text") -> str:
    """Return text for a LaTeX paragraph: text parts escaped, ``$...$`` math kept.

    Raises:
        TextError: when a math part could read a file or break the document.
    """
    parts = split_math(text)
    for math, piece in parts:
        if math:
            check_math(piece, what, TextError)
    return "".join(f"${piece}$" if math else escape_text(piece) for math, piece in parts)


def reason_latex(reason: str, what: str = "a reason") -> str:
    r"""Typeset a step's reason in math mode: words in ``\text{...}``, ``$...$`` parts as math.

    Math is placed between text pieces rather than nested inside ``\text``, which renders the
    same in pdfLaTeX, MathJax and KaTeX. The reason is wrapped in parentheses.
    """
    parts = split_math(reason)
    out = []
    for math, piece in parts:
        if math:
            check_math(piece, what, TextError)
    for position, (math, piece) in enumerate(parts):
        if math:
            if position == 0:
                out.append(r"\text{(}")
            # a group is one ordinary atom: after a \text piece a leading sign is no binary
            # minus ("( - H") and a leading \log or \sum gets no extra thin space ("( log")
            out.append(f"{{{piece}}}")
            if position == len(parts) - 1:
                out.append(r"\text{)}")
        else:
            before = "(" if position == 0 else ""
            after = ")" if position == len(parts) - 1 else ""
            out.append(rf"\text{{{before}{escape_text(piece)}{after}}}")
    return "".join(out)


def plain_text(text: str) -> str:
    """Drop the ``$`` signs: a readable one-line form for terminals."""
    return "".join(piece for _, piece in split_math(text)) if "$" in text else text
