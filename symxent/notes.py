r"""The lecturer's own notes as input: a Markdown lecture becomes a checked topic.

``symxent build lecture.md`` reads Markdown with ``$$`` (or ``aligned``) blocks and prose, in
the notation ``symxent check`` reads, and checks it with the same checker (values bound on
earlier lines, sections, ``--base``). Each display block becomes a chain on the slides and in
the document, every link typeset as written with its verdict mark. The Markdown's structure
gives the deck's: ``#`` the title (the paragraph after it the topic's intro), ``##`` a section
(with its overview frame), ``###`` the title of the next chain; paragraphs before a chain are
its intro, a paragraph after the last chain of a section its conclusion.

Example:
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> path = folder / "coin.md"
    >>> _ = path.write_text("# A coin\n\n### Fair\n\n$$-\\log_2 \\frac{1}{2} = 1$$\n")
    >>> topic = notes_topic(path, base="auto")
    >>> topic.title, [block.title for block in topic.derivations]
    ('A coin', ['Fair'])
    >>> report = topic.check()
    >>> report.holds, report.items[0].rows[0].mark
    (True, '\\;\\sxproved')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from symxent.blocks import Section
from symxent.check.detail import Detail
from symxent.emit.chain import Row
from symxent.errors import SymxentError
from symxent.i18n import localize
from symxent.latex.guard import check_math
from symxent.latex.text import escape_text
from symxent.lecture.links import values_text
from symxent.lecture.report import Row as LectureRow
from symxent.topic import Topic

__all__ = ["NOTE_SUFFIXES", "WrittenChain", "notes_topic"]

NOTE_SUFFIXES = (".md", ".markdown", ".txt")
"""Files ``symxent build`` reads as lecture notes."""

_RELATIONS = {
    "=": "=", "≈": "\\approx", "<=": "\\leq", ">=": "\\geq", "<": "<", ">": ">",
    "≠": "\\neq", "∈": "\\in", "∉": "\\notin", "~": "\\sim", "∝": "\\propto",
    "←": "\\leftarrow",
}  # fmt: skip
_MARKS = {
    "proved": "\\;\\sxproved",
    "rounded": "\\;\\sxrounded",
    "confirmed": "\\;\\sxconfirmed",
    "refuted": "\\;\\sxrefuted",
}
_BAD = ("refuted", "base", "unknown", "too large", "skipped")
_HEADING = re.compile(r"^(#{1,3})\s+(.*?)\s*#*\s*$")


@dataclass
class WrittenChain:
    """A display block of the notes: its links as written, with the checker's verdicts.

    It is its own report: the notes are checked once, when the topic is read.

    Attributes:
        title: the chain's title (the ``###`` heading before it, or empty).
        intro: prose before it.
        conclusion: prose after it.
        rows: one row per link, ready to typeset.
        statuses: the checker's status of each link.
        line: the line the block starts on.
        details: the checker's words on each link (for the terminal).
        reasons: the reason shown beside each link, worded per language
            (:class:`symxent.check.detail.Detail`).
    """

    title: str = ""
    intro: str = ""
    conclusion: str = ""
    rows: list[Row] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    line: int = 0
    details: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    def rows_in(self, language: str) -> list[Row]:
        """The rows with their reasons worded in ``language`` (``rows`` are in English)."""
        if not self.reasons:
            return list(self.rows)
        return [
            _with_reason(row, reason, language)
            for row, reason in zip(self.rows, self.reasons, strict=True)
        ]

    def check(self) -> WrittenChain:
        """The chain was checked with the notes: it is its own report."""
        return self

    @property
    def block(self) -> WrittenChain:
        """The block (the report of a chain is the chain)."""
        return self

    @property
    def holds(self) -> bool:
        """True when no link is refuted, undecided, unread, or true in one log base only."""
        return not any(status in _BAD for status in self.statuses)

    def summary(self) -> str:
        """One line: ``chain: <title>: N links``."""
        return f"chain: {self.title or f'line {self.line}'}: {len(self.rows)} links"

    def failure_message(self) -> str:
        """Every link that does not hold, with the checker's words."""
        return "\n".join(
            f"[line {self.line}] {row.left or '...'} {row.relation} {row.expr}: {detail}"
            for row, status, detail in zip(self.rows, self.statuses, self.details, strict=True)
            if status in _BAD
        )


def _verdict(rows: list[LectureRow]) -> tuple[str, str, str]:
    """(status, mark, reason) of one link from the checker's rows (worst first).

    The reason is a :class:`symxent.check.detail.Detail`, worded in the document's language.
    """
    if not rows:
        return "skipped", "\\;\\sxunknown", Detail("link_skipped", text="not checked")
    order = ("refuted", "base", "too large", "unknown", "skipped", "confirmed", "rounded", "proved")
    kinds = {row.kind for row in rows}
    if kinds <= {"binding", "definition", "notation"}:
        return rows[0].status, "", Detail(f"status_{rows[0].kind}")
    statuses = [row.status for row in rows if row.kind in ("claim", "skipped")]
    status = min(statuses, key=lambda s: order.index(s) if s in order else 0)
    worst = next(row for row in rows if row.status == status)
    reason = ""
    if status == "refuted":
        value = _per_base(worst) if worst.computed else ""
        reason = Detail("link_refuted", value=value) if value else Detail("status_refuted")
    elif status == "base":
        reason = _one_base(worst)
    elif status in ("unknown", "too large", "skipped"):
        detail = worst.detail
        text = detail if len(detail) <= 60 else detail[:57].rsplit(" ", 1)[0] + " ..."
        text = text or ("not decided" if status == "unknown" else "not checked")
        reason = Detail(f"link_{status}", text=text)
    return status, _MARKS.get(status, "\\;\\sxunknown"), reason


def _per_base(row: LectureRow) -> str:
    """The computed value, with its base named per language when it depends on the base."""
    judgement = row.judgement
    if judgement is None:
        return row.computed
    for values in (judgement.lhs_values, judgement.rhs_values):
        shown = {k: v for k, v in values.items() if k in judgement.verdicts}
        if len(set(shown.values())) > 1 and row.computed == values_text(values, judgement):
            items = [Detail("in_base", value=v, base=Detail(f"base_{k}")) for k, v in shown.items()]
            return Detail("values", items=items)
    return row.computed


def _one_base(row: LectureRow) -> str:
    """``holds in bits only (refuted in nats)``, from the judgement's bases."""
    judgement = row.judgement
    if judgement is None or not judgement.holds_in:
        return row.detail
    held = [Detail(f"base_{base}") for base in judgement.holds_in]
    failed = [Detail(f"base_{b}") for b in judgement.verdicts if b not in judgement.holds_in]
    but = Detail("refuted_in", bases=failed) if failed else ""
    return Detail("holds_only", bases=held, but=but)


@dataclass
class _Link:
    lhs: str
    relation: str
    rhs: str
    line: int
    rows: list[LectureRow]


def _paragraphs(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Join consecutive non-blank lines into paragraphs: (first line, text)."""
    found: list[tuple[int, str]] = []
    current: list[str] = []
    start = 0
    for number, text in [*lines, (0, "")]:
        if text.strip():
            if not current:
                start = number
            current.append(text.strip())
        elif current:
            found.append((start, " ".join(current)))
            current = []
    return found


def _with_reason(row: Row, reason: str, language: str) -> Row:
    """The row with its reason worded in ``language``, for math mode and for text mode."""
    text = escape_text(localize(reason, language))
    if not text:
        return replace(row, reason="", wrapped="")
    return replace(row, reason=f"\\text{{({text})}}", wrapped=f"({text})")


def _chain_rows(
    links: list[_Link], where: str
) -> tuple[list[Row], list[str], list[str], list[str]]:
    rows, statuses, details, reasons = [], [], [], []
    previous = ""
    for number, link in enumerate(links, start=1):
        for side in (link.lhs, link.rhs):
            check_math(side, where, SymxentError)
        status, mark, reason = _verdict(link.rows)
        left = "" if link.lhs == previous else link.lhs
        relation = _RELATIONS.get(link.relation, link.relation)
        rows.append(_with_reason(Row(left, relation, link.rhs, "", mark, number), reason, "en"))
        reasons.append(reason)
        statuses.append(status)
        details.append("; ".join(row.detail for row in link.rows if row.detail) or status)
        previous = link.rhs
    return rows, statuses, details, reasons


def notes_topic(path: str | Path, *, base: str = "auto") -> Topic:
    r"""Read and check lecture notes (Markdown) and return them as a topic.

    Args:
        path: the Markdown file.
        base: the base of a plain ``\log``: ``"e"``, ``"2"``, ``"10"`` or ``"auto"`` (nats and
            bits; a link that holds in one of them only is marked as such).

    Raises:
        SymxentError: when the file cannot be read, or its math could read files or break
            the document (the message names the line).
    """
    from symxent.lecture.checker import check_text, read_lecture  # loads on first use (speed)
    from symxent.lecture.extract import formulas

    location = Path(path)
    text = read_lecture(location)
    links: list[_Link] = []
    check_text(
        text,
        base=base,
        path=str(location),
        observer=lambda lhs, rel, rhs, line, rows: links.append(_Link(lhs, rel, rhs, line, rows)),
    )
    found, _ = formulas(text, "markdown")
    displays = [(f.line, f.line + f.text.count("\n") + 1, f.text) for f in found if f.display]
    in_display = {n for start, end, _ in displays for n in range(start, end + 1)}
    lines = text.splitlines()
    events: list[tuple[int, str, object]] = []
    prose: list[tuple[int, str]] = []
    fence = False
    for number, line in enumerate(lines, start=1):
        if line.lstrip().startswith(("```", "~~~")):
            fence = not fence
            continue
        if fence or number in in_display:
            prose.append((number, ""))
            continue
        heading = _HEADING.match(line)
        if heading:
            prose.append((number, ""))
            events.append((number, f"h{len(heading.group(1))}", heading.group(2)))
        else:
            prose.append((number, line))
    events += [(start, "p", paragraph) for start, paragraph in _paragraphs(prose)]
    for start, end, _ in displays:
        chain = [link for link in links if start <= link.line <= end]
        events.append((start, "chain", chain))
    events.sort(key=lambda event: (event[0], event[1] != "p"))
    return _assemble(location, events)


def _assemble(location: Path, events: list[tuple[int, str, object]]) -> Topic:
    title, intro = location.stem, ""
    blocks: list[object] = []
    pending: list[str] = []
    heading = section = ""
    owner: str | None = "topic"  # who the next paragraph introduces
    last: WrittenChain | None = None
    for position, (line, kind, value) in enumerate(events):
        following = next((k for _, k, _ in events[position + 1 :] if k != "p"), "end")
        if kind == "h1":
            title, owner, last = str(value), "topic", None
        elif kind == "h2":
            section = str(value)
            blocks.append(Section(section))
            owner, last, pending = "section", None, []
        elif kind == "h3":
            heading, last, owner = str(value), None, None
        elif kind == "p":
            paragraph = str(value)
            if owner == "topic" and not intro:
                intro, owner = paragraph, None
            elif owner == "section" and isinstance(blocks[-1], Section) and not blocks[-1].intro:
                blocks[-1] = Section(blocks[-1].title, paragraph)
                owner = None
            elif last is not None and not last.conclusion and following != "chain":
                last.conclusion = paragraph  # after the last chain before a heading
            else:
                pending.append(paragraph)
        elif kind == "chain":
            links = value if isinstance(value, list) else []
            if not links:
                pending = []
                continue
            rows, statuses, details, reasons = _chain_rows(links, f"{location.name}, line {line}")
            name = heading or section or title
            last = WrittenChain(name, " ".join(pending), "", rows, statuses, line, details, reasons)
            blocks.append(last)
            heading, pending, owner = "", [], None
    name = re.sub(r"[^A-Za-z0-9_-]", "_", location.stem).lstrip(".-") or "notes"
    return Topic(
        name=name,
        title=title,
        summary=f"lecture notes from {location.name}",
        intro=intro,
        derivations=blocks,
    )
