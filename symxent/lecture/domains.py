r"""Domains a lecture states in math: premises for the later links of their section.

A note says where a variable lives before the claims that hold only there:

    ``Each label $y \in \{0, 1\}$ is a Bernoulli draw with mean $\mu \in (0,1)$.``
    ``$$y^2 = y$$`` (true for ``y \in \{0, 1\}``, false at ``y = -1``)

Judged over all reals, ``y^2 = y`` would be refuted at a point the note excluded. A stated
domain is a premise for the links after it in the same section (a Markdown heading,
``\section``, a frame, a slide separator), exactly as bindings and suppositions are scoped:

* an **interval**: ``x \in (a, b)``, ``[a, b]``, ``(0, \infty)``, ``\mathbb{R}``,
  ``\mathbb{R}_{>0}``, ``\mathbb{R}^+``, and the comparisons ``x > 0``, ``x \ge 0``, ``0 < p <
  1`` (read as conditions, :meth:`~symxent.lecture.rules.LectureRules._condition`). The name's
  domain for the checker is narrowed to it (never widened: the intersection with the domain the
  name has anyway);
* a **finite set** of numbers: ``y \in \{0, 1\}``, ``\{-1, 1\}``, ``\{0, 1, 2\}``. A link is
  judged at each member (the member substituted); it holds only if it holds at every member,
  and it is refuted at a member, which the row names.

A statement about every entry of a vector (``y_i \in \{0, 1\}``, ``x_i > 0``) narrows the
role the vector is sampled with (:mod:`symxent.lecture.entries`); a list (``x, y \in (0,
1)``, ``a, b > 0``) states the domain of each name.

The row of a link that used a premise says so ("given y ∈ {0, 1} (line 3)"). Only numbers are
read as ends or members; ``x \in (a, b)`` with symbolic ends states nothing here.

Example:
    >>> d = stated_domain("y", "y", r"\{0, 1\}", line=3)
    >>> d.members, d.describe()
    ((0, 1), 'y ∈ {0, 1} (line 3)')
    >>> stated_domain("mu", r"\mu", "(0,1)", line=3).interval
    Interval.open(0, 1)
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import sympy as sp

from symxent.check import Verdict
from symxent.errors import SymxentError
from symxent.latex.scan import balance_error
from symxent.lecture.classify import free_names
from symxent.lecture.judge import Judgement, judge
from symxent.lecture.report import HOLDS
from symxent.quantities.joint_pmf import RandomVariable

__all__ = [
    "MAX_MEMBERS",
    "StatedDomain",
    "comparison_domain",
    "judge_within",
    "listed",
    "premise_notes",
    "premises_for",
    "scalars_of",
    "stated_alphabets",
    "stated_domain",
]

MAX_MEMBERS = 16
"""At most this many members (or combinations of members) are judged one by one."""

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_FRACTION = re.compile(r"(-?)\\[dt]?frac\s*\{\s*(-?\d+)\s*\}\s*\{\s*(\d+)\s*\}")
_INFINITY = re.compile(r"(-|\+)?\s*\\infty")
_REALS = re.compile(r"\\mathbb\s*\{?\s*R\s*\}?")
_POSITIVE = re.compile(r"_\s*\{\s*>\s*0\s*\}|_\s*\+|\^\s*\{?\s*\+\s*\}?|_\s*\{\s*\+\s*\}")
_NONNEGATIVE = re.compile(r"_\s*\{\s*(?:\\ge(?:q)?|>=|≥)\s*0\s*\}")


def number_of(text: str) -> sp.Expr | None:
    r"""A number written in ``text`` (``2``, ``-0.5``, ``\frac{1}{2}``, ``\infty``), or None.

    Example:
        >>> number_of(r"\frac{1}{2}"), number_of("-3"), number_of(r"-\infty")
        (1/2, -3, -oo)
    """
    text = text.strip()
    while text.startswith("{") and text.endswith("}") and balance_error(text[1:-1]) is None:
        text = text[1:-1].strip()
    if _NUMBER.fullmatch(text):
        return sp.Rational(text)
    fraction = _FRACTION.fullmatch(text)
    if fraction:
        value = sp.Rational(int(fraction.group(2)), int(fraction.group(3)))
        return -value if fraction.group(1) else value
    infinity = _INFINITY.fullmatch(text)
    if infinity:
        return sp.S.NegativeInfinity if infinity.group(1) == "-" else sp.S.Infinity
    return None


@dataclass(frozen=True)
class StatedDomain:
    r"""``name`` lies in ``interval`` (or is one of ``members``), as the note says on ``line``.

    Attributes:
        name: the name's key (``mu`` for ``\\mu``).
        latex: the name as written.
        line: the line that states it.
        interval: the interval (``sp.S.Reals`` for a finite set: see ``members``).
        members: the members of a finite set, in the order written (empty for an interval).
        index: for a statement about every entry of a vector (``y_i \\in \\{0, 1\\}``), the
            index written (``i``); ``name`` is then the vector's name. Empty for a scalar.
    """

    name: str
    latex: str
    line: int
    interval: sp.Set = sp.S.Reals
    members: tuple[sp.Expr, ...] = ()
    index: str = ""

    @property
    def key(self) -> str:
        """The key of the section's premise: the name, or ``y[]`` for every entry of ``y``."""
        return f"{self.name}[]" if self.index else self.name

    def narrowed(self, other: StatedDomain) -> StatedDomain:
        """This domain and ``other`` (a later statement about the same name) together."""
        if self.members or other.members:
            members = self.members or other.members
            if self.members and other.members:
                members = tuple(m for m in self.members if m in other.members)
            interval = self.interval & other.interval
            members = tuple(m for m in members if interval.contains(m) is sp.true)
            return StatedDomain(self.name, self.latex, other.line, sp.S.Reals, members, self.index)
        interval = self.interval & other.interval
        return StatedDomain(self.name, self.latex, other.line, interval, (), self.index)

    def set_text(self) -> str:
        """``{0, 1}``, ``(0, 1)``, ``[0, ∞)``: the domain in plain text."""
        if self.members:
            return "{" + ", ".join(str(m) for m in self.members) + "}"
        return _interval_text(self.interval)

    def describe(self) -> str:
        """``y ∈ {0, 1} (line 3)``, ``y_i ∈ {0, 1} (line 3)``: the premise as a row notes it."""
        name = f"{self.name}_{self.index}" if self.index else self.name
        return f"{name} ∈ {self.set_text()} (line {self.line})"


def _interval_text(interval: sp.Set) -> str:
    if interval == sp.S.Reals:
        return "ℝ"
    if isinstance(interval, sp.Interval):
        left = "(" if interval.left_open else "["
        right = ")" if interval.right_open else "]"
        ends = [str(e).replace("oo", "∞") for e in (interval.start, interval.end)]
        return f"{left}{ends[0]}, {ends[1]}{right}"
    return str(interval)


def _members(body: str) -> tuple[sp.Expr, ...] | None:
    values = [number_of(item) for item in body.split(",")]
    if not values or any(v is None or not v.is_finite for v in values):
        return None
    members = tuple(dict.fromkeys(value for value in values if value is not None))
    return members if len(members) <= MAX_MEMBERS else None


def _interval(text: str) -> sp.Set | None:
    text = text.strip()
    reals = _REALS.match(text)
    if reals:
        rest = text[reals.end() :].strip()
        if not rest:
            return sp.S.Reals
        if _POSITIVE.fullmatch(rest):
            return sp.Interval.open(0, sp.oo)
        if _NONNEGATIVE.fullmatch(rest):
            return sp.Interval(0, sp.oo)
        return None
    text = re.sub(r"\\(?:left|right|big|Big|bigl|bigr|Bigl|Bigr)(?![A-Za-z])", "", text)
    text = text.replace(r"\lbrack", "[").replace(r"\rbrack", "]").strip()
    match = re.fullmatch(r"([(\[])(.*),(.*)([)\]])", text)
    if not match:
        return None
    start, end = number_of(match.group(2)), number_of(match.group(3))
    if start is None or end is None or not bool(start < end):
        return None
    if start == sp.S.Infinity or end == sp.S.NegativeInfinity:
        return None
    return sp.Interval(start, end, match.group(1) == "(", match.group(4) == ")")


def stated_domain(name: str, latex: str, text: str, *, line: int) -> StatedDomain | None:
    r"""The domain ``name \in text`` states, or None when ``text`` is no numeric set.

    Example:
        >>> stated_domain("x", "x", r"(0, \infty)", line=1).interval
        Interval.open(0, oo)
        >>> stated_domain("x", "x", r"(a, b)", line=1) is None
        True
    """
    text = text.strip()
    braces = re.fullmatch(r"\\\{(.*)\\\}", text, re.DOTALL)
    if braces:
        members = _members(braces.group(1))
        return StatedDomain(name, latex, line, sp.S.Reals, members) if members else None
    interval = _interval(text)
    return StatedDomain(name, latex, line, interval) if interval is not None else None


def comparison_domain(
    name: str, latex: str, relation: str, number: str, *, name_first: bool, line: int
) -> StatedDomain | None:
    r"""The domain ``name R number`` (or ``number R name``) states, or None.

    Example:
        >>> comparison_domain("x", "x", ">=", "0", name_first=True, line=2).interval
        Interval(0, oo)
        >>> comparison_domain("p", "p", "<", "1", name_first=False, line=2).interval
        Interval.open(1, oo)
    """
    value = number_of(number)
    if value is None or not value.is_finite:
        return None
    if not name_first:  # 1 < p is p > 1
        relation = {"<": ">", ">": "<", "<=": ">=", ">=": "<="}.get(relation, relation)
    intervals = {
        ">": sp.Interval.open(value, sp.oo),
        ">=": sp.Interval(value, sp.oo),
        "<": sp.Interval.open(-sp.oo, value),
        "<=": sp.Interval(-sp.oo, value),
    }
    interval = intervals.get(relation)
    return StatedDomain(name, latex, line, interval) if interval is not None else None


_ELLIPSIS = re.compile(r"\\(?:dots|ldots|cdots|dotsc)|\.\.\.|…")


def listed(text: str) -> tuple[list[str], bool] | None:
    r"""The names of a list ``x, y`` or ``y_1, \dots, y_N`` (and whether it elides some).

    Commas inside braces or brackets do not split. None when an item is empty or the list
    elides at its ends (``\dots, y_N``).

    Example:
        >>> listed(r"y_1, \dots, y_N")
        (['y_1', 'y_N'], True)
        >>> listed("a, b"), listed("x")
        ((['a', 'b'], False), (['x'], False))
    """
    items, depth, current = [], 0, ""
    for char in text:
        depth += {"{": 1, "(": 1, "[": 1, "}": -1, ")": -1, "]": -1}.get(char, 0)
        if char == "," and depth == 0:
            items.append(current.strip())
            current = ""
        else:
            current += char
    items.append(current.strip())
    if any(not item for item in items):
        return None
    elided = [bool(_ELLIPSIS.fullmatch(item)) for item in items]
    if elided[0] or elided[-1]:
        return None
    return [item for item, skip in zip(items, elided, strict=True) if not skip], any(elided)


def scalars_of(*exprs: sp.Expr) -> set[sp.Symbol]:
    """The plain scalar symbols of ``exprs`` (not a vector's name, not a sum's index).

    Example:
        >>> y, i = sp.IndexedBase("y"), sp.Symbol("i")
        >>> sorted(map(str, scalars_of(sp.Symbol("x") + y[i])))
        ['x']
    """
    found: set[sp.Symbol] = set()
    for expr in exprs:
        names = {base.label for base in expr.atoms(sp.IndexedBase)}
        names |= {index for item in expr.atoms(sp.Indexed) for index in item.indices}
        found |= {
            s
            for s in expr.free_symbols
            if isinstance(s, sp.Symbol) and not isinstance(s, RandomVariable) and s not in names
        }
    return found


def premises_for(
    symbols: Iterable[sp.Basic], domains: Mapping[str, StatedDomain], where: Mapping[object, object]
) -> tuple[dict[object, object], dict[sp.Symbol, StatedDomain]]:
    """The checker's domain narrowed by the stated domains of ``symbols``.

    Returns the narrowed ``where`` and the premises used (symbol -> domain). A set's members
    outside the name's own domain (a probability stated to be in ``{0, 1}``) are not judged; a
    premise that would leave nothing is not applied (a premise may only narrow).
    """
    narrowed = dict(where)
    used: dict[sp.Symbol, StatedDomain] = {}
    named = [s for s in symbols if isinstance(s, sp.Symbol) and not isinstance(s, RandomVariable)]
    for symbol in sorted((s for s in named if s.name in domains), key=str):
        domain = domains[symbol.name]
        own = narrowed.get(symbol, sp.S.Reals)
        if not isinstance(own, sp.Set):
            continue
        if domain.members:
            members = tuple(m for m in domain.members if own.contains(m) is sp.true)
            if not members:
                continue
            used[symbol] = StatedDomain(domain.name, domain.latex, domain.line, own, members)
            continue
        within = own & domain.interval
        if within is sp.S.EmptySet or within.is_empty:
            continue
        if within != own:
            narrowed[symbol] = within
        used[symbol] = domain
    return narrowed, used


def stated_alphabets(
    lhs: sp.Expr, rhs: sp.Expr, domains: Mapping[str, StatedDomain]
) -> tuple[sp.Expr, sp.Expr, dict[sp.Symbol, StatedDomain]]:
    r"""A random variable stated in a set of k values has k values: ``|X| = k``.

    ``$X, Y \in \{0, 1\}$`` makes ``H(Y) \le \log 2`` a claim about two-valued ``Y``, so it is
    never refuted at a three-valued one.

    Example:
        >>> from symxent.quantities.joint_pmf import alphabet_size
        >>> y = RandomVariable("Y")
        >>> domain = StatedDomain("Y", "Y", 1, sp.S.Reals, (sp.Integer(0), sp.Integer(1)))
        >>> stated_alphabets(alphabet_size("Y"), sp.Integer(1), {"Y": domain})[0]
        2
    """
    from symxent.quantities.joint_pmf import alphabet_size

    sizes: dict[sp.Basic, sp.Basic] = {}
    used: dict[sp.Symbol, StatedDomain] = {}
    symbols = lhs.free_symbols | rhs.free_symbols
    named = {str(s)[1:-1] for s in symbols if str(s).startswith("|")}
    variables = {s.name for s in symbols if isinstance(s, RandomVariable)}
    for name in sorted(variables | named):
        domain = domains.get(name)
        if domain is not None and domain.members:
            sizes[alphabet_size(name)] = sp.Integer(len(set(domain.members)))
            used[RandomVariable(name)] = domain
    if not sizes:
        return lhs, rhs, {}
    return lhs.xreplace(sizes), rhs.xreplace(sizes), used


def judge_within(
    lhs: sp.Expr,
    relation: str,
    rhs: sp.Expr,
    used: Mapping[sp.Symbol, StatedDomain],
    *,
    where: Mapping[object, object],
    tolerance: float | sp.Expr,
    **options: Any,
) -> Judgement:
    r"""Judge a link under stated domains: at each member of every finite set stated.

    A link holds if it holds at every member (the weakest verdict of them is kept), and it is
    refuted if it is refuted at one, whose value the verdict names; anything else is unknown.

    Example:
        >>> y = sp.Symbol("y", real=True)
        >>> domain = StatedDomain("y", "y", 1, sp.S.Reals, (sp.Integer(0), sp.Integer(1)))
        >>> judge_within(y**2, "=", y, {y: domain}, where={}, tolerance=0).status
        'proved'
        >>> judge_within(y**2, "=", 2 * y, {y: domain}, where={}, tolerance=0).describe()
        'refuted: left side = 1, right side = 2; at y = 1 (y ∈ {0, 1})'
    """
    sets = [(symbol, domain) for symbol, domain in used.items() if domain.members]
    if not sets:
        return judge(lhs, relation, rhs, where=where, tolerance=tolerance, **options)
    combinations = list(
        itertools.islice(
            itertools.product(*(domain.members for _, domain in sets)), MAX_MEMBERS + 1
        )
    )
    if len(combinations) > MAX_MEMBERS:
        verdict = Verdict.unknown(
            f"the stated sets have more than {MAX_MEMBERS} combinations of members to judge"
        )
        return Judgement("unknown", {"": verdict})
    outer = {k: v for k, v in where.items() if k not in dict(sets)}
    weakest: Judgement | None = None
    bases: list[set[str]] = []
    for values in combinations:
        swap = {symbol: value for (symbol, _), value in zip(sets, values, strict=True)}
        try:
            left, right = lhs.xreplace(swap), rhs.xreplace(swap)
            allowed = tolerance.xreplace(swap) if isinstance(tolerance, sp.Basic) else tolerance
        except (SymxentError, ValueError, TypeError) as error:  # a name no value can replace
            reason = f"the stated set could not be put into the link: {error}"
            return Judgement("unknown", {"": Verdict.unknown(reason)})
        numeric = not (free_names(left) or free_names(right))
        result = judge(
            left, relation, right, where=outer, tolerance=allowed, **{**options, "numeric": numeric}
        )
        at = ", ".join(f"{symbol} = {value}" for symbol, value in swap.items())
        of = "; ".join(f"{d.name} ∈ {d.set_text()}" for _, d in sets)
        if result.status not in HOLDS:  # refuted, or unknown: say where
            note = f"at {at} ({of})" + ("" if result.status == "refuted" else f": {result.status}")
            return replace(result, note=f"{note}; {result.note}" if result.note else note)
        if result.status == "base":
            bases.append(set(result.holds_in))
        if weakest is None or _RANK[result.status] > _RANK[weakest.status]:
            weakest = result
    if weakest is None:  # pragma: no cover - every stated set has a member
        return Judgement("unknown", {"": Verdict.unknown("no member to judge")})
    if bases and set.intersection(*bases) != set(weakest.holds_in):
        # one member holds in bits only, another in nats only: no base serves every member
        reason = "it holds in different log bases at different members of the stated set"
        return Judgement("unknown", {"": Verdict.unknown(reason)})
    return replace(weakest, lhs_values={}, rhs_values={})


def premise_notes(used: Mapping[sp.Basic, StatedDomain]) -> tuple[str, ...]:
    """``("given y ∈ {0, 1} (line 3): a domain stated in this section",)`` (or nothing)."""
    if not used:
        return ()
    given = "; ".join(domain.describe() for domain in used.values())
    word = "domains" if len(used) > 1 else "a domain"
    return (f"given {given}: {word} stated in this section",)


_RANK = {status: rank for rank, status in enumerate(HOLDS)}
