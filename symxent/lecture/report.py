r"""Reports of a checked lecture: a plain-text table, a Markdown table, a summary line and JSON.

Every link becomes a :class:`Row`: the line it is on, the link as written, the stated and the
computed value (for numeric links), and the verdict; skipped links and formulas say why. The
report's exit code is 1 when any claim is refuted, else 0.

Example:
    >>> row = Row(3, "2 \\times 0.25", "=", "0.6", "claim", "refuted", "refuted", stated="0.6",
    ...           computed="0.5")
    >>> report = LectureReport("notes.md", "e", [row], formulas=1, expressions=0, seconds=0.1)
    >>> report.summary()
    'notes.md: 1 formula, 1 link: 1 refuted (0.1 s)'
    >>> report.exit_code
    1
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from symxent.lecture.judge import Judgement
from symxent.log_bases import BASE_NAMES

__all__ = ["HOLDS", "STATUS_ORDER", "LectureReport", "Row"]

STATUS_ORDER = ("proved", "rounded", "confirmed", "base", "refuted", "unknown", "binding",
                "definition", "notation", "skipped", "too large")  # fmt: skip
"""The order in which statuses are counted in a summary."""
HOLDS = ("proved", "rounded", "confirmed", "base")
"""The statuses of a link that holds (``base``: in one base only)."""

_WORDS = {
    "rounded": ("holds to the stated digits", "hold to the stated digits"),
    "base": ("holds in one base only", "hold in one base only"),
    "binding": ("binding", "bindings"),
    "definition": ("definition", "definitions"),
}


_EXPLAINED = ("refuted", "unknown", "base", "too large")
"""Statuses whose detail line the table always shows."""


@dataclass(frozen=True)
class Row:
    """One link of the lecture (or one formula that could not be read).

    Attributes:
        line: the line number in the file.
        lhs: the left side as written (shortened).
        relation: ``=``, ``≈``, ``<=``, ...
        rhs: the right side as written.
        kind: ``claim``, ``binding``, ``definition``, ``notation`` or ``skipped``.
        status: for claims the verdict (``proved``, ``rounded`` (holds to the stated digits),
            ``confirmed``, ``refuted``, ``unknown``,
            or ``base`` for a link that holds in some log bases only); else the kind, or
            ``too large`` (a time or size budget was hit: too large to check).
        detail: the verdict in words, or why the link was not checked.
        stated: the stated value (numeric claims).
        computed: the computed value of the left side (numeric claims), per base when it
            depends on the base.
        judgement: the full judgement (claims only).
        notes: further remarks (the chain's end-to-end result).
    """

    line: int
    lhs: str
    relation: str
    rhs: str
    kind: str
    status: str
    detail: str = ""
    stated: str = ""
    computed: str = ""
    judgement: Judgement | None = None
    notes: tuple[str, ...] = ()

    @property
    def link(self) -> str:
        """The link as written: ``lhs R rhs``."""
        return f"{self.lhs} {self.relation} {self.rhs}".strip()

    @property
    def verdict(self) -> str:
        """The verdict column: the status, with the bases for one-base links."""
        if self.status == "base" and self.judgement is not None:
            held = ", ".join(BASE_NAMES[b] for b in self.judgement.holds_in)
            return f"holds in {held} only"
        return self.status

    def with_note(self, note: str) -> Row:
        """The same row with one more note."""
        return replace(self, notes=(*self.notes, note))

    def as_dict(self) -> dict[str, Any]:
        """The row as JSON-ready data."""
        data: dict[str, Any] = {
            "line": self.line,
            "lhs": self.lhs,
            "relation": self.relation,
            "rhs": self.rhs,
            "kind": self.kind,
            "status": self.status,
            "detail": self.detail,
        }
        if self.stated:
            data["stated"] = self.stated
        if self.computed:
            data["computed"] = self.computed
        if self.judgement is not None:
            data["verdicts"] = {
                (label or "none"): {
                    "status": verdict.short,
                    "text": str(verdict),
                    "samples": verdict.samples,
                    "max_error": verdict.max_error,
                    "domain": verdict.domain,
                    "searched": verdict.searched,
                    "certificate": list(verdict.certificate),
                }
                for label, verdict in self.judgement.verdicts.items()
            }
            data["holds_in"] = list(self.judgement.holds_in)
            data["tolerance"] = self.judgement.tolerance
        if self.notes:
            data["notes"] = list(self.notes)
        return data


@dataclass
class LectureReport:
    """Everything found in one lecture file."""

    path: str
    base: str
    rows: list[Row] = field(default_factory=list)
    formulas: int = 0
    expressions: int = 0
    seconds: float = 0.0

    def counts(self) -> dict[str, int]:
        """Number of rows per status, in :data:`STATUS_ORDER`."""
        counter = Counter(row.status for row in self.rows)
        return {status: counter[status] for status in STATUS_ORDER if counter[status]}

    @property
    def wrong(self) -> list[Row]:
        """The refuted claims."""
        return [row for row in self.rows if row.status == "refuted"]

    @property
    def exit_code(self) -> int:
        """1 when a claim is refuted, else 0."""
        return 1 if self.wrong else 0

    def summary(self) -> str:
        """One line: formulas, links and how many of each verdict."""
        parts = ", ".join(f"{n} {_WORDS.get(s, (s, s))[n != 1]}" for s, n in self.counts().items())
        links = len(self.rows)
        name = self.path or "input"
        formula_word = "formula" if self.formulas == 1 else "formulas"
        link_word = "link" if links == 1 else "links"
        return (
            f"{name}: {self.formulas} {formula_word}, {links} {link_word}: "
            f"{parts or 'nothing to check'} ({self.seconds:.1f} s)"
        )

    def table(self, *, width: int = 44, only: tuple[str, ...] = ()) -> str:
        """A plain-text table: line, link, stated, computed, verdict (and detail lines)."""
        rows = [r for r in self.rows if not only or r.status in only]
        stated = min(max([len(r.stated) for r in rows] + [6]), 24)
        computed = min(max([len(r.computed) for r in rows] + [8]), 40)
        header = (
            f"{'line':>5}  {'link':<{width}}  {'stated':<{stated}}  "
            f"{'computed':<{computed}}  verdict"
        )
        lines = [header, "-" * len(header)]
        for row in rows:
            link = row.link if len(row.link) <= width else row.link[: width - 3] + "..."
            lines.append(
                f"{row.line:>5}  {link:<{width}}  {_cell(row.stated, stated)}  "
                f"{_cell(row.computed, computed)}  {row.verdict}"
            )
            if (row.detail and row.kind != "claim") or row.status in _EXPLAINED:
                lines.append(f"{'':>5}    {row.detail}")
            lines.extend(f"{'':>5}    {note}" for note in row.notes)
        return "\n".join(lines)

    def markdown(self) -> str:
        """A Markdown table of every row, with the summary line above it."""
        out = [
            f"**{self.summary()}**",
            "",
            "| line | link | stated | computed | verdict | detail |",
            "|---:|---|---|---|---|---|",
        ]
        for row in self.rows:
            shown = row.detail if row.kind != "claim" or row.status != "proved" else ""
            detail = "; ".join(x for x in (shown, *row.notes) if x)
            out.append(
                f"| {row.line} | `{_md(row.link)}` | {_md(row.stated)} | {_md(row.computed)} | "
                f"{_md(row.verdict)} | {_md(detail)} |"
            )
        return "\n".join(out)

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data."""
        return {
            "file": self.path,
            "base": self.base,
            "formulas": self.formulas,
            "expressions_without_relation": self.expressions,
            "seconds": round(self.seconds, 3),
            "counts": self.counts(),
            "summary": self.summary(),
            "rows": [row.as_dict() for row in self.rows],
        }

    def to_json(self) -> str:
        """The report as a JSON document."""
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2)


def _cell(text: str, width: int) -> str:
    text = text or ""
    return f"{text:<{width}}" if len(text) <= width else text[: width - 1] + "…"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
