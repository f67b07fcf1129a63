r"""The lecture-note corpus: what each note is expected to get, and how symxent's report is sorted.

A :class:`Note` names its Markdown file (in ``tests/corpus/notes``), the log base its prose
states, its deliberately wrong links (:class:`Link`, each with the two sides computed with
mpmath to show it is wrong), some of its correct numeric links (also computed, to show they
are right), and its *unbound* claims: formulas about values that only the prose gives ("X and
Y are two fair independent bits; $$H(X, Y) = 2$$"), which issue 10 (B.8) says must be skipped,
not judged over all distributions.

:func:`judge_note` runs ``symxent.lecture.check_file`` and sorts the refuted rows into wrong
links found and false alarms (a refuted row on a line with no wrong link, or one that is not
the wrong link of its line), and lists unbound claims that got a verdict.

Example:
    >>> math_lines("text\n$$a = 1$$\n$$\n\\begin{aligned} b &= 2 \\\\\n&= 2\n\\end{aligned}\n$$\n")
    [2, 4, 5, 6]
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

NOTES_DIR = Path(__file__).resolve().parent / "notes"

VERDICTS = ("proved", "confirmed", "refuted", "base")
"""Row statuses that are a verdict (an unbound claim must get none of them)."""


@dataclass(frozen=True)
class Link:
    """One link of a note, at a line, with its two sides computed independently.

    Attributes:
        line: 1-based line number in the note.
        text: the link as written (a substring of that line).
        match: a fragment of the link that symxent's row must contain, spaces removed
            (``\approx`` written as ``≈``); empty: any refuted row on the line matches.
        why: the hand computation.
        sides: () -> (left, right), computed with mpmath at the caller's precision.
        rel: the relation.
        tol: half a unit in the last stated place, for rounded decimals.
    """

    line: int
    text: str
    match: str
    why: str
    sides: Callable[[], tuple[Any, Any]]
    rel: str = "="
    tol: Any = None


@dataclass(frozen=True)
class Unbound:
    """A claim about values that only the prose gives: it must be skipped, not judged."""

    line: int
    text: str
    why: str


@dataclass(frozen=True)
class Note:
    """One lecture note and what is expected of it."""

    file: str
    base: str
    style: str
    wrong: tuple[Link, ...]
    checks: tuple[Link, ...] = ()
    unbound: tuple[Unbound, ...] = ()
    roles: tuple[str, ...] = field(default=())

    @property
    def path(self) -> Path:
        """The note's file."""
        return NOTES_DIR / self.file

    def lines(self) -> list[str]:
        """The note's lines (index 0 is line 1)."""
        return self.path.read_text(encoding="utf-8").splitlines()


def math_lines(text: str) -> list[int]:
    """Line numbers (1-based) that hold math: inside a ``$$`` block or with inline ``$``."""
    found = []
    inside = False
    for number, line in enumerate(text.splitlines(), start=1):
        marks = line.count("$$")
        if (inside or "$" in line) and line.strip() != "$$":
            found.append(number)
        if marks % 2 == 1:
            inside = not inside
    return found


def _normal(text: str) -> str:
    text = text.replace("\\approx", "≈").replace("\\leq", "<=").replace("\\geq", ">=")
    text = text.replace("\\le", "<=").replace("\\ge", ">=")
    return re.sub(r"\s+|\\,|\\;|\\!", "", text)


@dataclass
class NoteResult:
    """symxent's report on one note, sorted against the expectations."""

    note: Note
    rows: list[Any]
    false_alarms: list[Any]
    found: list[Link]
    missed: list[tuple[int, str]]
    unbound_judged: list[Any]

    @property
    def links(self) -> int:
        """Rows of any kind (links, bindings, skipped formulas)."""
        return len(self.rows)

    @property
    def claims(self) -> int:
        """Rows that are claims."""
        return sum(row.kind == "claim" for row in self.rows)

    @property
    def refuted(self) -> int:
        """Refuted rows."""
        return sum(row.status == "refuted" for row in self.rows)

    def false_alarms_on(self, line: int) -> list[Any]:
        """False alarms on one line."""
        return [row for row in self.false_alarms if row.line == line]


def _matches(row: Any, link: Link) -> bool:
    return row.line == link.line and (
        not link.match or _normal(link.match) in _normal(f"{row.lhs}{row.relation}{row.rhs}")
    )


def judge_note(note: Note) -> NoteResult:
    """Run ``symxent.lecture.check_file`` on a note and sort its rows."""
    from symxent.latex.roles import Roles
    from symxent.lecture import check_file

    roles = Roles.from_assumptions(note.roles) if note.roles else None
    report = check_file(note.path, base=note.base, roles=roles)
    rows = list(report.rows)
    unbound_lines = {u.line for u in note.unbound}
    refuted = [row for row in rows if row.status == "refuted"]
    found = [w for w in note.wrong if any(_matches(row, w) for row in refuted)]
    missed = [(w.line, w.text) for w in note.wrong if w not in found]
    false_alarms = [
        row
        for row in refuted
        if row.line not in unbound_lines and not any(_matches(row, w) for w in note.wrong)
    ]
    unbound_judged = [row for row in rows if row.line in unbound_lines and row.status in VERDICTS]
    return NoteResult(note, rows, false_alarms, found, missed, unbound_judged)
