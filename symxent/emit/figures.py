r"""The frame and the document section around a table or a plot: title, intro, body, caption.

Example:
    >>> from types import SimpleNamespace
    >>> block = SimpleNamespace(title="Values", intro="", conclusion="")
    >>> print(figure_document(block, "en", kind="table", body="BODY", caption="CAPTION"))
    \section*{Values}
    <BLANKLINE>
    \begin{center}
    BODY
    <BLANKLINE>
    \smallskip{\footnotesize CAPTION}
    \end{center}
"""

from __future__ import annotations

from typing import Any

from symxent.emit.words import word
from symxent.i18n import localize
from symxent.latex.text import text_latex

__all__ = ["figure_document", "figure_frame", "figure_markdown"]


def _prose(block: Any, part: str, language: str, kind: str) -> str:
    what = f"{kind} {localize(block.title, 'en')!r}"
    return text_latex(localize(getattr(block, part), language), what)


def figure_frame(block: Any, language: str, *, kind: str, key: str, body: str, caption: str) -> str:
    r"""A deck frame: the block's title (or the word for ``kind``), intro, body, caption, end.

    Args:
        block: the table or plot (its ``title``, ``intro`` and ``conclusion``).
        language: the language of the deck.
        kind: ``"table"`` or ``"plot"``.
        key: the frame's piece key (``\sxpiece``, for the fitting checks).
        body: the typeset table or plot.
        caption: how it was checked.
    """
    title = _prose(block, "title", language, kind) or word(kind, language)
    parts = [f"\\begin{{frame}}{{{title}}}", f"\\gdef\\sxpiece{{{key}}}"]
    if block.intro:
        parts.append(f"{{\\small {_prose(block, 'intro', language, kind)}\\par}}")
    parts.append(body)
    parts.append(f"{{\\centering\\scriptsize {caption}\\par}}")
    if block.conclusion:
        parts.append(f"{{\\small {_prose(block, 'conclusion', language, kind)}\\par}}")
    parts.append("\\end{frame}")
    return "\n".join(parts)


def figure_document(
    block: Any, language: str, *, kind: str, body: str, caption: str, heading: str = "section*"
) -> str:
    """A document section: title, intro, the centred body with its caption, conclusion."""
    parts = []
    if block.title:
        parts.append(f"\\{heading}{{{_prose(block, 'title', language, kind)}}}")
    if block.intro:
        parts.append(_prose(block, "intro", language, kind))
    captioned = f"{body}\n\n\\smallskip{{\\footnotesize {caption}}}"
    parts.append(f"\\begin{{center}}\n{captioned}\n\\end{{center}}")
    if block.conclusion:
        parts.append(_prose(block, "conclusion", language, kind))
    return "\n\n".join(parts)


def figure_markdown(block: Any, language: str, level: int, body: list[str]) -> str:
    """A Markdown section: the heading (at ``level``), intro, the body's parts, conclusion."""
    parts = [f"{'#' * level} {localize(block.title, language)}"] if block.title else []
    parts += [localize(block.intro, language)] if block.intro else []
    parts += body
    parts += [localize(block.conclusion, language)] if block.conclusion else []
    return "\n\n".join(parts)
