r"""The walk over a lecture file: its formulas in order, section by section.

Each formula is checked in the section it lies in (:mod:`symxent.lecture.sections`): entering a
new section scopes the values bound before it (:mod:`symxent.lecture.scope`) and drops the
prose suppositions of the last one (:mod:`symxent.lecture.aliases`); the prose of the section
before the formula gives the conditions it states ("for non-negative $a_i$, $b_i$",
:mod:`symxent.lecture.conditions`). When the file's time budget is used up, the formulas left
are listed as one row, never dropped silently.

Example:
    >>> from symxent.lecture.checker import LectureChecker
    >>> checker = LectureChecker()
    >>> walk(checker, "# One\n\n$$p = 0.5$$\n\n# Two\n\n$$H(p) \\ge 0$$\n", "markdown")
    []
    >>> [(row.line, row.status) for row in checker.rows]
    [(3, 'binding'), (7, 'proved')]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from symxent.lecture.conditions import stated_conditions
from symxent.lecture.extract import formulas
from symxent.lecture.links import flat
from symxent.lecture.report import Row
from symxent.lecture.sections import section_of, section_starts

if TYPE_CHECKING:
    from symxent.lecture.checker import LectureChecker

__all__ = ["walk"]


def walk(checker: LectureChecker, text: str, kind: str) -> list[Row]:
    """Check every formula of ``text`` with ``checker``; return rows for unclosed math.

    A ``$$`` that is never closed cannot be delimited: it becomes a row of its own.

    Args:
        checker: the checker (its rows receive the links' verdicts).
        text: the Markdown or LaTeX source.
        kind: ``"markdown"`` or ``"tex"``.
    """
    found, problems = formulas(text, kind)
    spans = [range(f.line, f.line + f.text.count("\n") + 1) for f in found]
    starts = section_starts(text, kind, spans)
    lines = text.split("\n")
    for position, formula in enumerate(found):
        section = section_of(starts, formula.line)
        checker.enter_section(section)
        # prose from the section's start to the formula: "for non-negative $a_i$, $b_i$"
        start = starts[section - 1]
        checker.conditions = stated_conditions(lines[start - 1 : formula.line - 1], start)
        if checker.out_of_time:
            left = len(found) - position
            reason = f"time budget of {checker.budget:g} s used up: {left} formulas from here on"
            checker.rows.append(_skipped(formula.line, formula.text, f"{reason} unchecked"))
            break
        checker.formula(formula)
    return [_skipped(p.line, p.text, p.reason) for p in problems]


def _skipped(line: int, text: str, reason: str) -> Row:
    return Row(line, flat(text), "", "", "skipped", "skipped", reason)
