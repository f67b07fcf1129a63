r"""A checked chain as LaTeX: its rows, and the layouts that make it fit without shrinking.

A chain has one row per step: the start (first row only), the relation and the expression as
written (or printed), the reason and the verdict mark. :func:`chain_latex` writes the layouts
from widest to narrowest inside ``\sxtry`` (see :mod:`symxent.emit.preamble`), and TeX uses the
first that fits the line:

1. reasons beside the steps (three columns);
2. reasons on their own line under each step;
3. as 2, with the start of the chain on a row of its own;
4. as 3, with long expressions broken after a ``+`` or ``-`` over two lines, then three;
5. as 4, with reasons longer than the slide wrapped.

Nothing is scaled down. With ``overlays=True`` every cell of step ``k`` is wrapped in
``\uncover<k->``, so the deck reveals one step per slide while the layout stays put.

Example:
    >>> from symxent.catalogue import load
    >>> report = load("jensen_bound").check()
    >>> rows = chain_rows(report.reports[0], {}, "en")
    >>> rows[0].expr
    '\\frac{d}{d x} \\left(- \\frac{1}{x}\\right)'
    >>> "\\uncover<2->" in chain_latex(rows, overlays=True)
    True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from symxent.derivation import DerivationReport
from symxent.emit.marks import latex_mark
from symxent.i18n import localize
from symxent.latex.printer import latex
from symxent.latex.text import reason_latex, text_latex

__all__ = ["Row", "chain_latex", "chain_rows", "split_terms", "visible_length"]


@dataclass(frozen=True)
class Row:
    r"""One step of a chain as LaTeX (math mode).

    Attributes:
        left: the left side, on the first row of a chain (or of a continued piece) only.
        relation: the relation (``=``, ``\leq``, ...).
        expr: the step's expression, as written or printed.
        reason: the reason, ready for math mode (empty if none).
        mark: the verdict mark (empty if none).
        number: the step's number in its derivation (1-based).
        carry: the row repeats the expression a previous frame ended with (no step of its own;
            shown from the first overlay on).
        wrapped: the reason for text mode, where it can wrap over lines (empty if none).
    """

    left: str
    relation: str
    expr: str
    reason: str
    mark: str
    number: int
    carry: bool = False
    wrapped: str = ""


def chain_rows(
    report: DerivationReport, printer: dict[str, Any], language: str, marks: bool = True
) -> list[Row]:
    """Return the rows of a checked derivation, reasons in ``language``."""
    derivation = report.derivation
    settings = {**printer, **derivation.printer}
    rows = []
    for result in report.results:
        step = result.step
        left = ""
        if result.number == 1:
            left = derivation.written_start or latex(derivation.start, **settings)
        text = localize(step.reason, language)
        what = f"reason of step {result.number} of {derivation.title!r}"
        reason = reason_latex(text, what) if text else ""
        wrapped = f"({text_latex(text, what)})" if text else ""
        rows.append(
            Row(
                left=left,
                relation=step.relation.latex,
                expr=step.written or latex(step.expr, **settings),
                reason=reason,
                mark=latex_mark(result.verdict) if marks else "",
                number=result.number,
                wrapped=wrapped,
            )
        )
    return rows


def continued(rows: list[Row], previous: Row) -> list[Row]:
    """Rows of a continued piece: the expression the previous frame ended with, then the steps.

    The expression comes on a row of its own (``prev`` / ``= next``).
    """
    if not rows:
        return rows
    carry = Row("", "", previous.expr, "", "", previous.number, carry=True)
    return [carry, replace(rows[0], left=""), *rows[1:]]


_COMMAND = re.compile(r"\\[A-Za-z]+|\\.")


def visible_length(tex: str) -> int:
    r"""A rough count of the characters ``tex`` shows (commands count as one, braces as none).

    Example:
        >>> visible_length(r"\frac{1}{2} \log 2")
        5
    """
    text = _COMMAND.sub("x", tex)
    text = text.replace("{", "").replace("}", "").replace(" ", "")
    return len(text)


def split_terms(tex: str) -> list[str]:
    r"""Split LaTeX at its top-level ``+`` and ``-`` signs (not inside braces or brackets).

    Example:
        >>> split_terms(r"a + \frac{b - c}{2} - \left(d + e\right)")
        ['a ', '+ \\frac{b - c}{2} ', '- \\left(d + e\\right)']
    """
    pieces, depth, start, position = [], 0, 0, 0
    previous = ""
    while position < len(tex):
        match = _COMMAND.match(tex, position)
        if match:
            item = match.group(0)
            if item == "\\left":
                depth += 1
            elif item == "\\right":
                depth -= 1
            position = match.end()
            previous = item
            continue
        character = tex[position]
        if character in "{([":
            depth += 1
        elif character in "})]":
            depth -= 1
        elif (
            character in "+-"
            and depth == 0
            and tex[start:position].strip()
            and previous not in ("+", "-", "=", "^", "_", "&", "\\cdot", "\\times", "(")
        ):
            pieces.append(tex[start:position])
            start = position
        if not character.isspace():
            previous = character
        position += 1
    pieces.append(tex[start:])
    return [piece for piece in pieces if piece.strip()]


def _broken(expr: str, lines: int) -> list[str]:
    """``expr`` in at most ``lines`` pieces of similar length, cut between top-level terms."""
    lines = min(lines, 3)
    terms = split_terms(expr)
    if len(terms) < 2 or lines < 2:
        return [expr]
    lengths = [visible_length(term) for term in terms]
    target = sum(lengths) / min(lines, len(terms))
    pieces: list[str] = []
    current, size = "", 0
    for term, length in zip(terms, lengths, strict=True):
        if current and size + length / 2 > target and len(pieces) < lines - 1:
            pieces.append(current)
            current, size = "", 0
        current += term
        size += length
    pieces.append(current)
    return pieces


def _uncover(content: str, number: int, overlays: bool) -> str:
    return f"\\uncover<{number}->{{{content}}}" if overlays else content


def _aligned(
    rows: list[Row], overlays: bool, reasons_below: bool, lines: int, start_alone: bool = False
) -> str:
    if start_alone and rows and rows[0].left:
        rows = continued(rows, replace(rows[0], expr=rows[0].left))
    longest = max((visible_length(row.expr) for row in rows), default=0)
    body = []
    first = next((row.number for row in rows if not row.carry), 1)
    for row in rows:
        number = row.number - first + 1
        pieces = [row.expr]
        if lines > 1 and visible_length(row.expr) > 0.6 * longest:
            pieces = _broken(row.expr, lines)
        if row.carry:
            cells = [f" & \\phantom{{{{}}=}} {pieces[0].strip()}"]
            cells += [f" & \\qquad {{}}{piece.strip()}" for piece in pieces[1:]]
            body.append(" \\\\\n".join(cells))
            continue
        opening = _uncover(f"{{}}{row.relation} {pieces[0].strip()}", number, overlays)
        cells = [f"{row.left} & {opening}"]
        for piece in pieces[1:]:
            cells.append(f" & \\qquad {_uncover('{}' + piece.strip(), number, overlays)}")
        note = f"{{\\textstyle {row.reason}}}{row.mark}" if row.reason else row.mark
        if row.wrapped and lines > 3:  # the last resort: a reason longer than the slide wraps
            width = "\\dimexpr\\linewidth-6em\\relax"
            note = f"\\parbox[t]{{{width}}}{{\\raggedright {row.wrapped}${row.mark}$}}"
        if note and reasons_below:
            cells.append(f" & \\qquad {_uncover(note, number, overlays)}")
        elif note:
            cells[0] += f" && {_uncover(note, number, overlays)}"
        body.append(" \\\\\n".join(cells))
    return "\\begin{aligned}\n" + " \\\\\n".join(body) + "\n\\end{aligned}"


LAYOUTS = (
    (False, 1, False),
    (True, 1, False),
    (True, 1, True),
    (True, 2, True),
    (True, 3, True),
    (True, 4, True),
)
"""The layouts tried, widest first: (reasons below, lines per long step, start on its own row).

The last breaks long steps over three lines and wraps reasons wider than the slide.
"""


def layouts(rows: list[Row], overlays: bool = False) -> list[str]:
    """The chain's layouts from widest to narrowest (duplicates dropped), as display math."""
    found: list[str] = []
    for below, lines, alone in LAYOUTS:
        if not below and not any(row.reason or row.mark for row in rows):
            continue
        body = f"$\\displaystyle {_aligned(rows, overlays, below, lines, alone)}$"
        if body not in found:
            found.append(body)
    return found


def chain_latex(rows: list[Row], overlays: bool = False) -> str:
    r"""The chain as ``\sxchain{\sxtry{layout 1}{\sxtry{layout 2}{...}}}``."""
    options = layouts(rows, overlays)
    nested = options[-1]
    for option in reversed(options[:-1]):
        nested = f"\\sxtry{{{option}}}{{%\n{nested}}}"
    return f"\\sxchain{{%\n{nested}}}"
