r"""The links of a lecture's chains, and how their sides and values are shown in a report.

A chain ``a = b \le c`` is split into links (:class:`Link`: ``a = b``, ``b \le c``); the last
side of an equation is kept (:class:`Tail`) for a line that continues it with a relation. The
helpers tell what a side is written with (numbers only, which names) and format the stated and
computed values of a numeric link for the report.

Example:
    >>> from symxent.latex.reader import read_side
    >>> written_number(read_side(r"\log 2")), written_number(read_side("H(p)"))
    (True, False)
    >>> sorted(written_names(read_side(r"H(X \mid Y) + \max_i q(i)")))
    ['H', 'X', 'Y', 'i', 'q']
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import sympy as sp

from symxent.latex.mapping import vector_names
from symxent.latex.names import short
from symxent.latex.parse import Side
from symxent.latex.raw import LOG_BASE, Apply, Decimal, Expect, Name, Raw
from symxent.latex.roles import Roles
from symxent.lecture.conditions import StatedCondition
from symxent.lecture.judge import Judgement
from symxent.lecture.report import Row
from symxent.log_bases import BASE_NAMES

__all__ = [
    "Link",
    "Tail",
    "computed_value",
    "flat",
    "is_literal",
    "plain_names",
    "stated_value",
    "stem",
    "values_text",
    "written_names",
    "written_number",
]


@dataclass
class Tail:
    """The last side of the previous equation, which a continuation line continues."""

    side: Side
    line: int
    reason: str = ""


@dataclass
class Link:
    """One link ``lhs relation rhs`` of a chain, with what judging it needs."""

    lhs: Side
    relation: str
    rhs: Side
    line: int
    first: bool
    single: bool
    inherited: str = ""
    rows: list[Row] = field(default_factory=list)
    roles: Roles | None = None
    conditions: tuple[StatedCondition, ...] = ()


_BARS = re.compile(r"\\[lr]vert(?![A-Za-z]) ?")
"""The reader's absolute-value bars, with the space it writes after each."""


def flat(text: str, limit: int = 60) -> str:
    r"""``text`` on one line, cut to ``limit`` characters (for the report).

    The reader's absolute-value bars (``\lvert``, ``\rvert``) are shown as written, ``|``,
    also at the end of a side (where no space follows ``\rvert``).

    Example:
        >>> flat(r"\lvert b_i\rvert")
        '|b_i|'
    """
    return short(_BARS.sub("|", text), limit)


def written_number(raw: Raw) -> bool:
    r"""True for a side written with numbers only (``2``, ``0.971``, ``\log 2``, ``1/3``)."""
    return all(isinstance(obj, Decimal) for obj in raw.table.values()) and all(
        symbol in raw.table or symbol == LOG_BASE for symbol in raw.tree.free_symbols
    )


def written_names(raw: Raw) -> set[str]:
    r"""The names written in a side (``H``, ``X``, ``Y`` in ``H(X, Y)``), none made up in reading.

    Every name counts, wherever it stands: in arguments, bodies, bounds and subscripts, a
    function's name (``q`` of ``q(x)``) and an expectation's distribution (``p`` of
    ``\mathbb{E}_{x \sim p}``).
    """
    names: set[str] = set()
    for obj in raw.objects():
        name: object = obj.name if isinstance(obj, Apply) else obj
        name = name.distribution if isinstance(name, Expect) else name
        if isinstance(name, Name):
            names.update({name.key, name.without_subscript().key})
    return names


def stem(name: str) -> str:
    """The bound name a free symbol's name stands for (``p`` for the entry ``p[1]``)."""
    return name.split("[", 1)[0]


def plain_names(expr: sp.Expr) -> set[str]:
    """Names of the vectors and scalars an expression depends on (no indices or counts)."""
    names = vector_names(expr)
    for symbol in expr.free_symbols:
        if isinstance(symbol, sp.Symbol) and not symbol.is_integer and str(symbol) != "logbase":
            names.add(str(symbol))
    return names


def is_literal(side: Side) -> bool:
    """Whether ``side`` is written as one number (``0.971``, ``2``)."""
    raw = side.raw
    return raw is not None and (isinstance(raw.atom(), Decimal) or bool(raw.tree.is_Integer))


def stated_value(link: Link, result: Judgement) -> str:
    """The stated value: the side written as a number (the right one, unless only the left is)."""
    if is_literal(link.lhs) and not is_literal(link.rhs):
        return flat(link.lhs.latex, 24)
    if is_literal(link.rhs):
        return flat(link.rhs.latex, 24)
    return values_text(result.rhs_values, result)


def computed_value(link: Link, result: Judgement) -> str:
    """The computed value: of the side that is not the stated number."""
    if is_literal(link.lhs) and not is_literal(link.rhs):
        return values_text(result.rhs_values, result)
    return values_text(result.lhs_values, result)


def values_text(values: Mapping[str, str], result: Judgement) -> str:
    """A side's values in the bases judged: one value, or ``v1 (nats); v2 (bits)``."""
    shown = {k: v for k, v in values.items() if k in result.verdicts or k == ""}
    if len(set(shown.values())) <= 1:
        return next(iter(shown.values()), "—")
    return "; ".join(f"{v} ({BASE_NAMES[k]})" for k, v in shown.items())
