r"""Cleaning one equation and splitting it into a chain of sides and relations.

Lecture equations carry more than the math: a trailing period or ``//``, a leading arrow
(``\rightarrow 0.25 \times 2 + ...``), a justification (``\quad (\because \log \frac{a}{b} =
\log a - \log b)``), a condition (``\quad (c \neq 1)``), a continuation line that starts with a
relation (``= -\frac{1}{3} \log 2``, possibly wrapped in parentheses). :func:`clean` strips these
(and says what it dropped); :func:`split_chain` splits at the top-level relations ``=``,
``\approx``, ``\simeq``, ``\leq``, ``\geq``, ``<``, ``>`` (and recognises, to report them,
``\neq``, ``\in``, ``\sim``, ``\propto``, ``:=``).

Example:
    >>> split_chain(clean(r"\rightarrow 0.5 \times 2 = 1.").text)
    (['0.5 \\times 2 ', ' 1'], ['='])
    >>> split_chain(r"= \log 4 \leq 2")
    (['', ' \\log 4 ', ' 2'], ['=', '<='])
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from symxent.latex.rewrite import prepare
from symxent.latex.scan import split_top, strip_outer

__all__ = ["RELATIONS", "UNCHECKED_RELATIONS", "Cleaned", "clean", "split_chain", "split_segments"]

RELATIONS = {
    "=": "=",
    ":=": "=",
    r"\coloneqq": "=",
    r"\equiv": "=",
    r"\triangleq": "=",
    r"\approx": "≈",
    r"\simeq": "≈",
    r"\thickapprox": "≈",
    r"\leq": "<=",
    r"\le": "<=",
    r"\leqslant": "<=",
    r"\geq": ">=",
    r"\ge": ">=",
    r"\geqslant": ">=",
    "<": "<",
    ">": ">",
    r"\lt": "<",
    r"\gt": ">",
    r"\neq": "≠",
    r"\ne": "≠",
    r"\in": "∈",
    r"\notin": "∉",
    r"\sim": "~",
    r"\propto": "∝",
    r"\ll": "≪",
    r"\gg": "≫",
}
"""Relation spellings and what they mean (``≠ ∈ ∉ ~ ∝ ≪ ≫`` are recognised but not checked)."""

UNCHECKED_RELATIONS = frozenset({"≠", "∈", "∉", "~", "∝", "≪", "≫"})

_TRAILING = re.compile(r"(?:\s|\.|,|;|//|\\checkmark|\\quad|\\qquad|\\,|\\;|\\!)+$")
_LEADING = re.compile(
    r"^\s*(?:\\(?:rightarrow|Rightarrow|to|implies|therefore|Longrightarrow|longrightarrow)"
    r"(?![a-zA-Z])|\u2192|\u21d2)\s*"
)
_BECAUSE = re.compile(r"^\s*\\because(?![a-zA-Z])\s*")


@dataclass(frozen=True)
class Cleaned:
    r"""An equation with decoration removed.

    Attributes:
        text: what is left to read.
        notes: what was dropped, in words (``"remark (c \neq 1) ignored"``).
        more: further equations written on the same line after ``\quad``.
    """

    text: str
    notes: tuple[str, ...] = ()
    more: tuple[str, ...] = ()


def split_chain(text: str) -> tuple[list[str], list[str]]:
    """Split at top-level relations; return the sides and the relations (normalised symbols).

    A text starting with a relation gives an empty first side (a continuation line).
    """
    pieces, found = split_top(text, list(RELATIONS))
    return pieces, [RELATIONS[f] for f in found]


def split_segments(text: str) -> list[str]:
    r"""Split at top-level ``\quad``/``\qquad`` and at ``:`` before ``\text`` (a remark)."""
    text = re.sub(r"\s:\s*(?=\\text)", r" \\quad ", text)
    pieces, _ = split_top(text, [r"\qquad", r"\quad"])
    return [piece for piece in pieces if piece.strip()]


def _is_remark(segment: str) -> bool:
    inner = segment.strip()
    if inner.startswith("(") and inner.endswith(")"):
        return True
    return (
        bool(re.fullmatch(r"\\(?:text|textrm|mbox)\{[^{}]*\}", inner)) or not split_chain(inner)[1]
    )


def clean(text: str) -> Cleaned:
    r"""Remove decoration from one equation; keep only the math to check.

    Example:
        >>> clean(r"f(x) \geq 0 \quad (\because f \text{ convex})").text
        'f(x) \\geq 0'
        >>> clean(r"(\because \log \frac{a}{b} = \log a - \log b)").text
        '\\log \\frac{a}{b} = \\log a - \\log b'
    """
    notes: list[str] = []
    text = prepare(text).strip()
    text = _TRAILING.sub("", text)
    inner = strip_outer(text)
    if inner != text and (_BECAUSE.match(inner) or split_chain(inner)[0][0].strip() == ""):
        text = inner  # (\because ...) or ( = ... ) on a line of its own
    if _BECAUSE.match(text):
        text = _BECAUSE.sub("", text)
        notes.append("read the justification after \\because as a claim")
    leading = _LEADING.match(text)
    if leading:
        notes.append(f"leading {leading.group(0).strip()} ignored")
        text = text[leading.end() :]
    segments = split_segments(text) or [""]
    more: list[str] = []
    for segment in segments[1:]:
        if _is_remark(segment):
            notes.append(f"remark {' '.join(segment.split())} ignored")
        else:
            more.append(_TRAILING.sub("", segment).strip())
    text = _TRAILING.sub("", segments[0]).strip()
    return Cleaned(text, tuple(notes), tuple(more))
