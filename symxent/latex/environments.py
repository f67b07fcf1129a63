r"""Splitting a display into its equations: rows of ``aligned``, ``align``, ``gathered``, ``array``.

In an ``align``-like environment each row's cells pair up (``a &= b & c &= d`` holds two
equations, one per column pair), and a row whose left cell is empty continues the chain of its
column from the row above (``&= e``). ``gathered``, ``gather``, ``multline`` and ``array`` rows
are equations of their own, their cells joined. Text around the environments that is only
brackets (``\left( \begin{array}...\end{array} \right)``) is ignored; other text before an
environment is read as the start of its first row.

Example:
    >>> pieces = split_display(r"\begin{aligned} a &= b \\ &= c \end{aligned}")
    >>> [(p.text.strip(), p.column, p.row) for p in pieces]
    [('a = b', 0, 0), ('= c', 0, 1)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from symxent.errors import LatexParseError
from symxent.latex.scan import read_group, split_top, strip_comments

__all__ = ["ENVIRONMENTS", "Piece", "split_display"]

_ALIGNED = ("aligned", "align", "align*", "alignat", "alignat*", "alignedat", "split",
            "eqnarray", "eqnarray*", "flalign", "flalign*")  # fmt: skip
_JOINED = ("gathered", "gather", "gather*", "multline", "multline*", "array", "equation",
           "equation*", "displaymath")  # fmt: skip
ENVIRONMENTS = _ALIGNED + _JOINED
"""Environments whose rows are split into equations."""

_BEGIN = re.compile(r"\\begin\s*\{(" + "|".join(re.escape(e) for e in ENVIRONMENTS) + r")\}")
_ROW_END = re.compile(r"\\\\(?:\s*\[[^\]]*\])?|\\cr(?![a-zA-Z])")
_FILLER = re.compile(r"^(?:\s|\\left|\\right|\\big[lr]?|\\Big[lr]?|[()\[\].]|\\[,;!]|\\quad)*$")


@dataclass(frozen=True)
class Piece:
    """One equation of a display.

    Attributes:
        text: its LaTeX.
        offset: where it starts in the display text (to compute its line).
        column: alignment column pair (0 for the first equation of a row).
        row: row number inside its environment (0 outside environments).
        aligned: True when it comes from an environment row (a row whose text starts with a
            relation continues the chain of its column).
    """

    text: str
    offset: int
    column: int = 0
    row: int = 0
    aligned: bool = False


def _rows(body: str) -> list[tuple[str, int]]:
    r"""Split an environment body at top-level ``\\`` into (row, offset) pairs."""
    rows: list[tuple[str, int]] = []
    start = depth = i = 0
    while i < len(body):
        char = body[i]
        if char == "\\" and i + 1 < len(body) and body[i + 1] in "{}":
            i += 2
            continue
        if char in "{[(":
            depth += 1
        elif char in "}])":
            depth = max(depth - 1, 0)
        elif depth == 0:
            match = _ROW_END.match(body, i)
            if match:
                rows.append((body[start:i], start))
                i = start = match.end()
                continue
        i += 1
    rows.append((body[start:], start))
    return [(re.sub(r"\\hline|\\noalign\{[^{}]*\}", " ", row), at) for row, at in rows]


def _environment_pieces(name: str, body: str, offset: int) -> list[Piece]:
    pieces: list[Piece] = []
    for number, (row, at) in enumerate(_rows(body)):
        if not row.strip():
            continue
        cells = split_top(row, ["&"])[0]
        if name in _ALIGNED:
            for column in range(0, len(cells), 2):
                pair = cells[column : column + 2]
                text = " ".join(pair)
                if text.strip():
                    pieces.append(Piece(text, offset + at, column // 2, number, True))
        else:
            pieces.append(Piece(" ".join(cells), offset + at, 0, number, True))
    return pieces


def split_display(content: str) -> list[Piece]:
    """Return the equations of one display (its whole text if it has no environment).

    Raises:
        LatexParseError: for an environment that is not closed.
    """
    content = strip_comments(content)
    if not _BEGIN.search(content):
        return [Piece(content, 0)]
    pieces: list[Piece] = []
    position = 0
    prefix = ""
    for match in _BEGIN.finditer(content):
        if match.start() < position:
            continue  # nested inside the previous environment
        name = match.group(1)
        before = content[position : match.start()]
        if not _FILLER.match(before):
            prefix += before
        end_tag = f"\\end{{{name}}}"
        end = content.find(end_tag, match.end())
        if end < 0:
            raise LatexParseError(f"\\begin{{{name}}} is never closed by {end_tag}")
        body_start = match.end()
        if name in ("array", "alignat", "alignat*", "alignedat") and content[
            body_start:
        ].lstrip().startswith("{"):
            spaces = len(content[body_start:]) - len(content[body_start:].lstrip())
            _, after = read_group(content, body_start + spaces)
            body_start = after
        found = _environment_pieces(name, content[body_start:end], body_start)
        if prefix.strip() and found:
            first = found[0]
            found[0] = Piece(prefix + " " + first.text, first.offset, first.column, first.row, True)
            prefix = ""
        pieces.extend(found)
        position = end + len(end_tag)
    rest = content[position:]
    if prefix.strip() or not _FILLER.match(rest):
        text = (prefix + " " + rest) if not _FILLER.match(rest) else prefix
        if text.strip():
            pieces.append(Piece(text, position))
    return pieces
