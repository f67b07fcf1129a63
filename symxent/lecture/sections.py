r"""Where the sections of a lecture file begin: the scope of the values it binds.

A value bound on one slide (``p = 0.3`` in a worked example) must not leak into a general
statement on another slide (Jensen's inequality for any ``p``). The lecture checker therefore
scopes bindings to the section they are made in. A section begins at

* Markdown: a heading (``# Title`` .. ``###### Title``, or a line underlined with ``===`` /
  ``---``) or a horizontal rule (``---``, ``***``, ``___``: the slide separator of Markdown
  slide decks); the handouts' slides begin with ``#`` headings;
* LaTeX: ``\part``, ``\chapter``, ``\section``, ``\subsection``, ``\subsubsection`` (starred or
  not) and ``\begin{frame}`` (a Beamer slide).

Markers inside fenced code blocks, inside math and (in ``.tex``) in ``%`` comments do not count.

Example:
    >>> text = "# One\n$$p = 0.3$$\n\n# Two\n$$H(p) \\ge 0$$\n"
    >>> starts = section_starts(text, "markdown")
    >>> starts
    [1, 4]
    >>> section_of(starts, 2), section_of(starts, 5)
    (1, 2)
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

__all__ = ["section_of", "section_starts"]

_ATX = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")
_SETEXT = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_RULE = re.compile(r"^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_TEX = re.compile(
    r"\\(?:part|chapter|section|subsection|subsubsection)\*?\s*[\[{]|\\begin\s*\{frame\}"
)
_TABLE = re.compile(r"^\s*\|")


def section_starts(text: str, kind: str = "markdown", math: Iterable[range] = ()) -> list[int]:
    """The 1-based lines on which sections begin (line 1 always begins one).

    Args:
        text: the file's text.
        kind: ``"markdown"`` or ``"tex"``.
        math: line ranges taken by formulas (markers there are not section breaks).
    """
    inside_math: set[int] = set()
    for span in math:
        inside_math.update(span)
    starts = [1]
    lines = text.split("\n")
    fenced = False
    for number, line in enumerate(lines, start=1):
        if kind != "tex" and _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced or number in inside_math:
            continue
        if kind == "tex":
            code = re.split(r"(?<!\\)%", line, maxsplit=1)[0]
            if _TEX.search(code):
                starts.append(number)
            continue
        if _ATX.match(line) or _rule_or_underline(lines, number):
            starts.append(number)
    return sorted(set(starts))


def _rule_or_underline(lines: list[str], number: int) -> bool:
    """A ``---`` / ``***`` rule, or a ``===`` / ``---`` line underlining a heading."""
    line = lines[number - 1]
    if _TABLE.match(line):
        return False
    if _RULE.match(line):
        return True
    if _SETEXT.match(line) and number > 1:
        above = lines[number - 2]
        return bool(above.strip()) and not _TABLE.match(above)
    return False


def section_of(starts: list[int], line: int) -> int:
    """The section (numbered from 1) that ``line`` is in, given :func:`section_starts`."""
    return max(bisect.bisect_right(starts, line), 1)
