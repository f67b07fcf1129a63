r"""How a chain goes onto slides: which layout TeX will pick, and how many steps fit a frame.

A chain longer than a slide is split into pieces, each on its own frame ("continued"), the
next piece starting from the expression the previous one ended with. The split is planned from
estimated sizes (:mod:`symxent.emit.measure`) against the frame's measured geometry. TeX then
measures every frame (see :mod:`symxent.emit.preamble`); a frame still too tall is reported,
and its chain is split again with fewer steps per frame (:func:`symxent.emit.pipeline.build`).

Example:
    >>> split([1.0, 1.0, 2.0, 2.0, 2.0], budget=4.0)
    [[0, 1, 2], [3, 4]]
    >>> GEOMETRY["16:9"].line_em
    36.2
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from symxent.emit.chain import Row, visible_length
from symxent.emit.measure import height_lines, reason_lines, width_em

__all__ = ["GEOMETRY", "Geometry", "plan", "split", "text_lines"]

LINE_PT = 13.6
"""The deck's baseline skip at 11 pt."""


@dataclass(frozen=True)
class Geometry:
    r"""A frame of the metropolis theme at 11 pt (measured with TeX).

    Attributes:
        line_em: the text width in em.
        height_pt: the height below the frame title.
        small_characters: characters of ``\small`` text per line (Hangul counts twice).
    """

    line_em: float
    height_pt: float
    small_characters: int


GEOMETRY = {
    "16:9": Geometry(line_em=36.2, height_pt=196.0, small_characters=82),
    "4:3": Geometry(line_em=27.9, height_pt=213.0, small_characters=63),
}
"""Frame geometry per slide shape."""

_PARAGRAPH_PT = 7.5  # metropolis' skip between paragraphs
_SMALL_LINE_PT = 12.0
_MARGIN_PT = 6.0


def text_lines(text: str, width_characters: int) -> int:
    """Estimated lines of a paragraph: Hangul and other wide characters count twice.

    Example:
        >>> text_lines("a" * 100, 82), text_lines("가" * 50, 82)
        (2, 2)
    """
    if not text.strip():
        return 0
    plain = re.sub(r"\\[A-Za-z]+", "x", text).replace("{", "").replace("}", "")
    units = sum(2 if ord(c) > 0x2E80 else 1 for c in plain)
    return -(-units // max(width_characters, 10))


def _layout(rows: list[Row], line_em: float) -> tuple[bool, int, bool]:
    """(reasons below, lines per long step, start alone) of the layout TeX will pick."""
    left = max(width_em(row.left) for row in rows)
    expr = max(width_em(f"{{}}{row.relation} {row.expr}") for row in rows)
    note = max(width_em(f"{{\\textstyle {row.reason}}}{row.mark}") for row in rows)
    if left + expr + note + 2.0 <= 0.97 * line_em:
        return False, 1, False
    if left + expr + 2.0 <= 0.97 * line_em:
        return True, 1, False
    for lines in (1, 2, 3):
        if max(left, expr / lines) + 3.0 <= 0.97 * line_em:
            return True, lines, True
    return True, 3, True


def row_heights(rows: list[Row], geometry: Geometry) -> list[float]:
    """Estimated height of each step's rows in points, in the layout TeX will pick."""
    below, lines, alone = _layout(rows, geometry.line_em)
    longest = max(visible_length(row.expr) for row in rows)
    heights = []
    for row in rows:
        height = height_lines(f"{row.left} {row.expr}")
        if alone and row.left:
            height += height_lines(row.left)
        if lines > 1 and visible_length(row.expr) > 0.6 * longest:
            height *= lines
        if below and (row.reason or row.mark):
            height += reason_lines(row.reason)
        heights.append(height * LINE_PT)
    return heights


def split(
    heights: list[float],
    budget: float,
    most: int | None = None,
    first: float = 0.0,
    carries: list[float] | None = None,
) -> list[list[int]]:
    """Split rows (by height) into consecutive groups that fit ``budget``, evenly.

    Every group has at least one row (even one taller than the budget) and at most ``most``.
    The first group also holds ``first`` (an intro); a later group starting at row ``i`` also
    holds ``carries[i]`` (the repeated expression it continues from). The groups are as few as
    a greedy fill gives, with the largest group as small as possible.
    """
    if not heights:
        return []
    most = max(most or len(heights), 1)
    carries = carries or [0.0] * len(heights)

    def fill(cap: float) -> list[list[int]]:
        groups: list[list[int]] = []
        used, room = 0.0, 0.0
        for index, height in enumerate(heights):
            if not groups or len(groups[-1]) >= most or used + height > room:
                groups.append([index])
                room = min(cap, budget - (first if index == 0 else carries[index]))
                used = height
            else:
                groups[-1].append(index)
                used += height
        return groups

    groups = fill(float("inf"))
    low, high = max(heights), sum(heights) + max(carries) + first
    for _ in range(30):
        middle = (low + high) / 2
        if len(fill(middle)) <= len(groups):
            high = middle
        else:
            low = middle
    balanced = fill(high)
    return balanced if len(balanced) <= len(groups) else groups


def plan(
    rows: list[Row],
    intro: str,
    conclusion: str,
    geometry: Geometry,
    most: int | None = None,
) -> list[list[int]]:
    """The steps (row indices) of each frame of a chain with this intro and conclusion."""
    if not rows:
        return []
    budget = geometry.height_pt - _MARGIN_PT - _PARAGRAPH_PT

    def paragraph(text: str) -> float:
        lines = text_lines(text, geometry.small_characters)
        return lines * _SMALL_LINE_PT + _PARAGRAPH_PT + 6.0 if lines else 0.0

    heights = row_heights(rows, geometry)
    heights[-1] += paragraph(conclusion)
    carries = [0.0] + [height_lines(row.expr) * LINE_PT for row in rows[:-1]]
    return split(heights, max(budget, 3 * LINE_PT), most, paragraph(intro), carries)
