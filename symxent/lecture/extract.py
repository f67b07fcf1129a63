r"""Finding the math in a lecture file: ``$...$``, ``$$...$$``, ``\[...\]``, ``\(...\)``, ``align``.

Markdown and LaTeX files are read the same way, except that in ``.tex`` files ``%`` comments are
dropped and in Markdown fenced code blocks are. One more Markdown habit of slides is read: a
one-column table of numbers followed by a lone formula naming it (``| 0.9 |``, ``| 1.2 |``,
then ``$x$``) gives the formula ``x = [0.9, 1.2]``. So does a table of several columns: a header
row of class labels, rows numbered ``1..N``, named by a lone ``$\hat{y}$`` or ``*y*`` a few
lines above it (tab-separated or a Markdown pipe table) gives ``\hat{y} = [[...], ...]``, an
N x C array. Other tables are not math and are ignored.
A display environment written outside dollars (``\begin{align*} ... \end{align*}``,
``equation``, ``gather``, ``multline``, ``eqnarray``) is a display formula too. Every formula
keeps the line it starts on. A ``$$`` that is never closed is reported as a problem, not
silently dropped; a single ``$`` without a partner on its line is ordinary text (a price).

Example:
    >>> found, problems = formulas("Text $a = 1$ and\n$$b = 2$$\n", "markdown")
    >>> [(f.text, f.line, f.display) for f in found]
    [('a = 1', 1, False), ('b = 2', 2, True)]
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from symxent.latex.scan import strip_comments

__all__ = ["LEAD_CHARS", "Formula", "Problem", "formulas", "kind_of"]

_ENVIRONMENTS = ("equation", "equation*", "align", "align*", "gather", "gather*", "multline",
                 "multline*", "eqnarray", "eqnarray*", "flalign", "flalign*", "displaymath",
                 "alignat", "alignat*")  # fmt: skip
_BEGIN_ENV = re.compile(r"\\begin\{(" + "|".join(re.escape(e) for e in _ENVIRONMENTS) + r")\}")
_FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.M | re.S)
_TABLE_ROW = re.compile(r"^[ \t]*\|(.*)\|[ \t]*$")
_RULE = re.compile(r"^\s*:?-{3,}:?\s*$")
_CELL_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
_LABEL = re.compile(r"^[ \t]*\$([^$\n]+)\$[ \t]*(?://)?[ \t]*$")
_ARRAY_NAME = re.compile(r"^(?:\\(?:hat|tilde|bar|widehat)\{[A-Za-z]\}|[A-Za-z])'*$")
_EMPHASIS = re.compile(r"^[ \t]*(\*{1,2}|_{1,2})([A-Za-z])\1[ \t]*$")
LEAD_CHARS = 300
"""Most characters of prose kept before an inline formula (:attr:`Formula.lead`)."""
_NAME_LOOKBACK = 6
"""Non-blank lines allowed between a table and the lone name above it (``A 4개`` lines)."""


@dataclass(frozen=True)
class Formula:
    r"""One piece of math in a file.

    Attributes:
        text: the LaTeX inside the delimiters (environments keep their ``\begin``/``\end``).
        line: the 1-based line on which the math starts.
        display: True for display math (``$$``, ``\[``, environments).
        lead: for inline math, the prose of its paragraph before it (``If the model is
            perfect,`` before ``$q = p$``), at most :data:`LEAD_CHARS` characters.
    """

    text: str
    line: int
    display: bool
    lead: str = ""


@dataclass(frozen=True)
class Problem:
    """Something in the file that looks like math but cannot be delimited (an unclosed ``$$``)."""

    line: int
    text: str
    reason: str


def kind_of(path: str) -> str:
    """``"tex"`` for ``.tex``/``.ltx`` files, ``"markdown"`` otherwise.

    Example:
        >>> kind_of("notes.tex"), kind_of("notes.md")
        ('tex', 'markdown')
    """
    return "tex" if path.lower().endswith((".tex", ".ltx", ".latex")) else "markdown"


def formulas(text: str, kind: str = "markdown") -> tuple[list[Formula], list[Problem]]:
    """Return the formulas of a lecture file, in order, and the problems met.

    Args:
        text: the file's content.
        kind: ``"markdown"`` or ``"tex"``.
    """
    if kind == "tex":
        text = strip_comments(text)
    else:
        for match in reversed(list(_FENCE.finditer(text))):
            blank = re.sub(r"[^\n]", " ", match.group(0))  # offsets and lines stay right
            text = text[: match.start()] + blank + text[match.end() :]
    scan = _Scan(text)
    if kind != "tex":
        for offset, formula in _labelled_tables(text):
            scan.found.append((offset, formula))
            scan.consumed.add(offset)
        for offset, formula, label_at in _named_arrays(text):
            scan.found.append((offset, formula))
            if label_at is not None:
                scan.consumed.add(label_at)
    i = 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            i = scan.backslash(i)
        elif text[i] == "$":
            i = scan.dollar(i)
        else:
            i += 1
    scan.found.sort(key=lambda item: item[0])
    return [f for _, f in scan.found], scan.problems


class _Scan:
    """The state of one pass over a file: formulas and problems found so far."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.found: list[tuple[int, Formula]] = []
        self.problems: list[Problem] = []
        self.consumed: set[int] = set()

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)

    def problem(self, at: int, reason: str) -> None:
        self.problems.append(Problem(self.line(at), self.text[at : at + 40].strip(), reason))

    def backslash(self, i: int) -> int:
        r"""Handle ``\[...\]``, ``\(...\)`` or an environment at ``i``; return the next index."""
        text = self.text
        nxt = text[i + 1]
        if nxt in "[(":
            close = "\\]" if nxt == "[" else "\\)"
            end = text.find(close, i + 2)
            if end < 0:
                self.problem(i, f"\\{nxt} is never closed by {close}")
                return i + 2
            self.found.append((i, Formula(text[i + 2 : end], self.line(i + 2), nxt == "[")))
            return end + 2
        match = _BEGIN_ENV.match(text, i)
        if match:
            end_tag = f"\\end{{{match.group(1)}}}"
            end = text.find(end_tag, match.end())
            if end < 0:
                self.problem(i, f"never closed by {end_tag}")
                return match.end()
            self.found.append((i, Formula(text[i : end + len(end_tag)], self.line(i), True)))
            return end + len(end_tag)
        return i + 2

    def dollar(self, i: int) -> int:
        """Handle ``$$...$$`` or ``$...$`` at ``i``; return the next index."""
        text = self.text
        if i in self.consumed:
            return text.index("$", i + 1) + 1
        if text.startswith("$$", i):
            end = text.find("$$", i + 2)
            if end < 0:
                self.problem(i, "$$ is never closed")
                return i + 2
            self.found.append((i, Formula(text[i + 2 : end], self.line(i + 2), True)))
            return end + 2
        end = _inline_end(text, i + 1)
        if end < 0:
            return i + 1
        body = text[i + 1 : end]
        if body.strip():
            self.found.append((i, Formula(body, self.line(i + 1), False, self.lead(i))))
        return end + 1

    def lead(self, i: int) -> str:
        """The prose of the paragraph before offset ``i`` (on one line, the last characters)."""
        window = max(i - LEAD_CHARS, 0)  # not back to the start: one line may hold 20000 formulas
        start = max(self.text.rfind("\n\n", window, i), window)
        return " ".join(self.text[start:i].split())


def _line_starts(lines: list[str]) -> list[int]:
    """The offset in the text of each of its lines."""
    starts = [0]
    for item in lines[:-1]:
        starts.append(starts[-1] + len(item) + 1)
    return starts


def _table_blocks(
    lines: list[str], cells_of: Callable[[str], list[str] | None]
) -> Iterator[tuple[int, int, list[list[str]]]]:
    """Runs of consecutive table rows: (first line, line after the last, the rows' cells)."""
    k = 0
    while k < len(lines):
        if cells_of(lines[k]) is None:
            k += 1
            continue
        first = k
        rows = []
        while k < len(lines) and (cells := cells_of(lines[k])) is not None:
            rows.append(cells)
            k += 1
        yield first, k, rows


def _pipe_cells(line: str) -> list[str] | None:
    """The stripped cells of a Markdown pipe row ``| a | b |``; else None."""
    pipe = _TABLE_ROW.match(line)
    return [cell.strip() for cell in pipe.group(1).split("|")] if pipe else None


def _labelled_tables(text: str) -> list[tuple[int, Formula]]:
    """One-column number tables followed by a lone ``$label$``: (label offset, formula)."""
    lines = text.split("\n")
    starts = _line_starts(lines)
    result: list[tuple[int, Formula]] = []
    for _, stop, cells in _table_blocks(lines, _pipe_cells):
        if any(len(row) != 1 for row in cells) or len(cells) < 3:
            continue
        values = [row[0] for row in cells]
        if values[0] or not _RULE.match(values[1]):
            continue  # a header would name the column; only unlabelled columns are read
        numbers = values[2:]
        if not all(_CELL_NUMBER.match(v) for v in numbers):
            continue
        after = stop
        while after < len(lines) and not lines[after].strip():
            after += 1
        if after >= len(lines):
            continue
        label = _LABEL.match(lines[after])
        if not label:
            continue
        label_at = starts[after] + lines[after].index("$")
        formula = Formula(f"{label.group(1).strip()} = [{', '.join(numbers)}]", after + 1, True)
        result.append((label_at, formula))
    return result


def _table_cells(line: str) -> list[str] | None:
    """The cells of a table row: a pipe row ``| a | b |`` or a line with tabs; else None."""
    pipe = _pipe_cells(line)
    if pipe is not None:
        return pipe
    if "\t" in line and line.strip():
        return [cell.strip() for cell in line.rstrip().split("\t")]
    return None


def _array_rows(rows: list[list[str]]) -> tuple[int, list[list[str]]] | None:
    """(C, numbers) when ``rows`` are a header of C labels and rows numbered 1..N; else None."""
    if rows and len(rows) > 1 and all(_RULE.match(cell) or not cell for cell in rows[1]):
        rows = [rows[0], *rows[2:]]  # the |---|---| rule under a pipe table's header
    if len(rows) < 2:
        return None
    header = rows[0]
    labels = header[1:]
    if header[0] and _CELL_NUMBER.match(header[0]):
        return None
    if len(labels) < 2 or not all(labels) or any(_CELL_NUMBER.match(x) for x in labels):
        return None
    numbers = []
    for position, row in enumerate(rows[1:], start=1):
        if len(row) != len(header) or row[0] != str(position):
            return None
        if not all(_CELL_NUMBER.match(cell) for cell in row[1:]):
            return None
        numbers.append(row[1:])
    return len(labels), numbers


def _array_name(lines: list[str], before: int) -> tuple[int, str] | None:
    """The lone ``$name$`` or ``*name*`` line a few lines above line ``before``: (line, name)."""
    seen = 0
    k = before - 1
    while k >= 0 and seen <= _NAME_LOOKBACK:
        line = lines[k]
        if not line.strip():
            k -= 1
            continue
        if line.lstrip().startswith("#") or "$$" in line or _TABLE_ROW.match(line):
            return None
        label = _LABEL.match(line)
        if label:
            name = label.group(1).strip()
            return (k, name) if _ARRAY_NAME.match(name) else None
        emphasis = _EMPHASIS.match(line)
        if emphasis:
            return k, emphasis.group(2)
        seen += 1
        k -= 1
    return None


def _named_arrays(text: str) -> list[tuple[int, Formula, int | None]]:
    r"""Tables of several number columns named by a lone formula or emphasised name above them.

    Returns (table offset, the formula ``name = [[...], ...]``, offset of a ``$name$`` label).
    """
    lines = text.split("\n")
    starts = _line_starts(lines)
    result: list[tuple[int, Formula, int | None]] = []
    for first, _, rows in _table_blocks(lines, _table_cells):
        found = _array_rows(rows)
        named = _array_name(lines, first) if found is not None else None
        if found is None or named is None:
            continue
        at, name = named
        label_at = starts[at] + lines[at].index("$") if "$" in lines[at] else None
        body = ", ".join("[" + ", ".join(row) + "]" for row in found[1])
        result.append((starts[first], Formula(f"{name} = [{body}]", first + 1, True), label_at))
    return result


def _inline_end(text: str, start: int) -> int:
    """Index of the ``$`` closing inline math opened before ``start``, on the same line; or -1."""
    i = start
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == "\n":
            return -1
        if char == "$":
            return i
        i += 1
    return -1
