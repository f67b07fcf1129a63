r"""Conditions a lecture states in words: "for non-negative $a_i$, $b_i$".

A lecturer gives the domain of a general statement in the prose before it. The log-sum
inequality is false for negative ``a_i`` and ``b_i`` (both sides are defined there), so judged
over all real vectors it is refuted, although the notes said it holds for non-negative ones.

The checker reads one narrow pattern, and only in the section of the formula it applies to:
the word *positive* or *non-negative* (*nonnegative*), optionally followed by a noun such as
*weights* or *numbers*, then a list of names in inline math (``$a_i$, $b_i$``,
``$a_i, b_i$``, ``$x$ and $y$``). Each name becomes an ``--assume`` fact (``a:nonnegative``) for
the formulas after it in that section, if it has no role of its own (``p`` and ``q`` stay
distributions). The report names the assumption and the line that states it.

Example:
    >>> found = stated_conditions(["The log-sum inequality.", "For non-negative $a_i$, $b_i$,"])
    >>> [(c.fact, c.line) for c in found]
    [('a:nonnegative', 2), ('b:nonnegative', 2)]
    >>> stated_conditions(["Let $x$ be positive."])
    []
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["StatedCondition", "describe_conditions", "stated_conditions"]

_NOUNS = r"(?:(?:real\s+)?(?:numbers?|weights?|reals?|vectors?|entries|values|scalars?)\s+)?"
_MATH_LIST = r"((?:\$[^$\n]{1,60}\$(?:\s*,\s*(?:and\s+)?|\s+and\s+)?)+)"
_PATTERN = re.compile(rf"\b(non-?negative|positive)\s+{_NOUNS}{_MATH_LIST}", re.IGNORECASE)
_NAME = re.compile(r"^\s*\\?([A-Za-z])(?:_\{?\s*[a-z]\s*\}?)?\s*$")
_KINDS = {"positive": "positive", "non-negative": "nonnegative", "nonnegative": "nonnegative"}


@dataclass(frozen=True)
class StatedCondition:
    """``name`` is ``kind`` (``positive`` or ``nonnegative``), as the prose on ``line`` says."""

    name: str
    kind: str
    line: int

    @property
    def fact(self) -> str:
        """The condition as an ``--assume`` fact, ``"a:nonnegative"``."""
        return f"{self.name}:{self.kind}"


def stated_conditions(lines: Sequence[str], first_line: int = 1) -> list[StatedCondition]:
    r"""The conditions stated in ``lines`` (prose; the first is line ``first_line``).

    A list with anything but plain names (``$x > 0$``, ``$\log x$``) states nothing here.
    """
    found: list[StatedCondition] = []
    for offset, line in enumerate(lines):
        for match in _PATTERN.finditer(line):
            kind = _KINDS[match.group(1).lower()]
            pieces = [
                piece
                for math in re.findall(r"\$([^$]*)\$", match.group(2))
                for piece in math.split(",")
            ]
            names = [_NAME.match(piece) for piece in pieces]
            if not names or None in names:
                continue
            found.extend(
                StatedCondition(name.group(1), kind, first_line + offset)
                for name in names
                if name is not None
            )
    return found


def describe_conditions(conditions: Sequence[StatedCondition]) -> str:
    """``"assumes a, b ≥ 0 (stated on line 56)"``: the note on a link that used them.

    Example:
        >>> describe_conditions([StatedCondition("a", "positive", 3)])
        'assumes a > 0 (stated on line 3)'
    """
    parts = []
    for kind, sign in (("positive", "> 0"), ("nonnegative", "≥ 0")):
        chosen = [c for c in conditions if c.kind == kind]
        if chosen:
            lines = sorted({c.line for c in chosen})
            where = ", ".join(str(n) for n in lines)
            word = "line" if len(lines) == 1 else "lines"
            names = ", ".join(dict.fromkeys(c.name for c in chosen))
            parts.append(f"{names} {sign} (stated on {word} {where})")
    return "assumes " + "; ".join(parts) if parts else ""
