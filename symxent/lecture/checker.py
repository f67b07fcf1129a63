r"""Checking lecture notes: every formula, chain and link of a Markdown or LaTeX file, in order.

For each formula (:mod:`symxent.lecture.extract`) and each equation in it
(:func:`~symxent.latex.environments.split_display`), the chain of relations is split into links
``a R b``. A line that starts with a relation continues the previous equation (in an
``aligned`` block, the previous row of the same column). Each link is

* a **binding**, **definition** or **notation** (:mod:`symxent.lecture.classify`): recorded,
  not checked;
* **skipped** with the reason when a side cannot be read or has no value here (``y_{ij}`` never
  given, ``E[X]`` without a distribution): listed, never silently dropped;
* otherwise a **claim**, judged by :func:`symxent.lecture.judge.judge` in the document's log base
  (or in every base, with ``auto``), with the tolerance of its printed decimals.

When a chain has a wrong link, its two ends are compared too ("end to end ... holds"), which
tells a typo in the middle from a wrong result.

Example:
    >>> report = check_text("$$p = 0.5$$\n$$\\log_2 \\frac{1}{p} = 1$$\n$$2 \\times 0.25 = 0.6$$")
    >>> [(row.line, row.status) for row in report.rows]
    [(1, 'binding'), (2, 'proved'), (3, 'refuted')]
    >>> report.exit_code
    1
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

from symxent.budget import WALL_FACTOR, TooLargeError, cpu_limit
from symxent.errors import LatexParseError, SymxentError, TextError
from symxent.latex.environments import split_display
from symxent.latex.mapping import Bindings
from symxent.latex.parse import DEFAULT_TIMEOUT, Equation, Side, read_equation
from symxent.latex.roles import Roles
from symxent.lecture.aliases import Alias
from symxent.lecture.conditions import StatedCondition, describe_conditions
from symxent.lecture.decimals import stated_decimals
from symxent.lecture.domains import StatedDomain
from symxent.lecture.extract import Formula, kind_of
from symxent.lecture.files import MAX_FILE_BYTES, default_budget, read_lecture
from symxent.lecture.judge import too_large
from symxent.lecture.kinds import LinkKinds
from symxent.lecture.links import Link, Tail, flat
from symxent.lecture.premises import premise_binding, with_premise, without_premise
from symxent.lecture.report import LectureReport, Row
from symxent.lecture.rules import about_an_example
from symxent.lecture.scope import Scope
from symxent.lecture.walk import walk
from symxent.log_bases import BASES

__all__ = [
    "MAX_FILE_BYTES",
    "LectureChecker",
    "LinkObserver",
    "check_file",
    "check_text",
    "default_budget",
    "read_lecture",
]

LinkObserver = Callable[[str, str, str, int, list[Row]], None]
"""Told each link: left side, relation, right side (LaTeX as written), line, its rows."""


class LectureChecker(LinkKinds):
    """Checks the formulas of one lecture file in order, keeping bindings and chains.

    Args:
        roles: roles of names, class count.
        base: ``"e"``, ``"2"``, ``"10"`` or ``"auto"`` (nats and bits; a link that holds in one
            of them only is reported as such).
        claims_only: treat every link as a claim (no bindings, definitions or notation), as
            ``symxent verify`` does.
        timeout: seconds allowed for reading one side.
        link_budget: seconds allowed for each call of the checker; one link (reading aside)
            gets twice that for all its stages (mapping, expansion, judging in every
            base, formatting values).
        budget: CPU seconds allowed for the whole file (and at most three times as many in
            wall-clock time), every stage included; a link that meets
            its end is "too large to check", and the formulas left are listed as one row.
        observer: called with every link as it is judged: ``(lhs, relation, rhs, line, rows)``
            with both sides' LaTeX as written (``symxent build lecture.md`` typesets them).
    """

    def __init__(
        self,
        roles: Roles | None = None,
        *,
        base: str = "e",
        claims_only: bool = False,
        timeout: float = DEFAULT_TIMEOUT,
        link_budget: float = 4.0,
        budget: float = 300.0,
        observer: LinkObserver | None = None,
    ) -> None:
        self.roles = roles or Roles()
        self.observer = observer
        self.base = str(base)
        if self.base not in (*BASES, "auto"):
            raise LatexParseError(f"unknown log base {base!r}; use e, 2, 10 or auto")
        self.bases = ("e", "2") if self.base == "auto" else (self.base,)
        self.claims_only = claims_only
        self.timeout = timeout
        self.link_budget = link_budget
        self.budget = budget
        self.scope = Scope()
        self.rows: list[Row] = []
        self.expressions = 0
        self.formula_count = 0
        self._tail: Tail | None = None
        self._stated: dict[int, tuple[Side, frozenset[Fraction]]] = {}
        self._definitions: dict[str, tuple[str, int]] = {}
        self._numbers_stated: dict[str, list[tuple[int, int, str]]] = {}
        self._columns: dict[int, Tail] = {}
        self._memo: dict[tuple[object, ...], list[Row]] = {}
        self._started = time.perf_counter()
        self._cpu_started = time.process_time()
        self.conditions: list[StatedCondition] = []
        self.link_limit = 2 * link_budget
        self.aliases: dict[str, Alias] = {}
        """The prose aliases of the current section (:mod:`symxent.lecture.aliases`)."""
        self.domains: dict[str, StatedDomain] = {}
        """The domains stated in the current section (:mod:`symxent.lecture.domains`)."""
        self.lead: str | None = None
        """The prose before the inline formula being checked (None for display math)."""

    @property
    def bindings(self) -> Bindings:
        """The values bound in the current section (see :class:`~symxent.lecture.scope.Scope`)."""
        return self.scope.current

    def enter_section(self, section: int) -> None:
        r"""Start section ``section`` (a heading, ``\section``, a frame, a slide separator)."""
        if section != self.scope.section:
            self.aliases = {}
            self.domains = {}
        self.scope.enter(section)
        self.conditions = []

    def _conditions_in(self, text: str) -> list[StatedCondition]:
        """The stated conditions on names in ``text`` that have no role of their own."""
        return [
            condition
            for condition in self.conditions
            if self.roles.kind(condition.name) is None
            and re.search(rf"(?<![A-Za-z\\]){condition.name}(?![A-Za-z])", text)
        ]

    # ------------------------------------------------------------------ formulas

    @property
    def out_of_time(self) -> bool:
        """True when the whole-file budget is used up."""
        return self.remaining() <= 0

    def remaining(self) -> float:
        """Seconds left of the whole-file budget.

        The budget counts this process's CPU time, so that other work on the machine does not
        cut a file short and change its verdicts; wall-clock time is capped at
        :data:`WALL_FACTOR` times the budget.
        """
        return min(self._left())

    def _left(self) -> tuple[float, float]:
        cpu = self.budget - (time.process_time() - self._cpu_started)
        return cpu, WALL_FACTOR * self.budget - (time.perf_counter() - self._started)

    def _limit(self, seconds: float, what: str) -> AbstractContextManager[None]:
        """A stage's CPU-time limit: ``seconds``, or less when the file's budget ends sooner.

        Wall-clock time is capped at :data:`~symxent.budget.WALL_FACTOR` times as much.
        """
        cpu_left, wall_left = self._left()
        cpu = max(min(seconds, cpu_left), 1e-3)
        wall = max(min(WALL_FACTOR * seconds, wall_left), 1e-3)
        return cpu_limit(cpu, what, wall=wall)

    def formula(self, formula: Formula) -> None:
        """Check one formula (it may hold several equations)."""
        self.formula_count += 1
        self.lead = None if formula.display else formula.lead
        try:
            pieces = split_display(formula.text)
        except LatexParseError as error:
            self._skip(formula.line, formula.text, "", str(error))
            self._tail = None
            return
        self._columns = {}
        for piece in pieces:
            line = formula.line + formula.text[: piece.offset].count("\n")
            line += len(piece.text) - len(piece.text.lstrip("\n"))
            self.equation(piece.text, line, column=piece.column if piece.aligned else None)

    def equation(self, text: str, line: int, *, column: int | None = None) -> None:
        """Check one equation (a line of math, possibly continuing the previous one)."""
        if not text.strip():
            return
        try:
            with self._limit(self.timeout * 4, "reading this equation"):
                equation = read_equation(text, timeout=self.timeout)
        except (LatexParseError, TooLargeError, RecursionError, MemoryError) as error:
            reason = str(error) if isinstance(error, SymxentError) else type(error).__name__
            if isinstance(error, TooLargeError | RecursionError | MemoryError):
                reason = too_large(reason)
                self.rows.append(Row(line, flat(text), "", "", "skipped", "too large", reason))
            else:
                self._skip(line, text, "", reason)
            self._tail = Tail(Side(flat(text), None, reason), line, reason)
            return
        if equation.premise:
            self._implication(equation, line, column)
        else:
            self._chain(equation, line, column)
        for extra in equation.more:
            self.equation(extra, line)

    def _implication(self, equation: Equation, line: int, column: int | None) -> None:
        r"""``premise \implies conclusion`` (see :mod:`symxent.lecture.premises`)."""
        binding = premise_binding(
            equation.premise, self.roles, self.scope.merged(), timeout=self.timeout
        )
        start = len(self.rows)
        if binding is None:
            self._chain(equation, line, column)
            premise = equation.premise
            self.rows[start:] = [without_premise(row, premise) for row in self.rows[start:]]
            return
        given = self.bindings.copy()
        binding.apply(given)
        if binding.kind == "definition":
            given.everywhere.add(binding.name)  # L = ... \implies L \ge 0
        with self.scope.using(given):  # the premise binds for its conclusion only
            self._chain(equation, line, column)
        self.rows[start:] = [with_premise(row, binding) for row in self.rows[start:]]

    def _chain(self, equation: Equation, line: int, column: int | None) -> None:
        sides = list(equation.sides)
        if not equation.relations:
            side = sides[0] if sides else Side("", None, "empty")
            if side.raw is None and side.latex:
                self._skip(line, side.latex, "", side.error)
            elif side.raw is not None and self.claims_only:
                self._skip(line, side.latex, "", f"no relation in {flat(side.latex)!r}: no claim")
            elif side.raw is not None:
                self.expressions += 1
            self._remember(Tail(side, line, side.error), column)
            return
        inherited = ""
        if equation.continuation:
            previous = self._columns.get(column) if column is not None else None
            previous = previous or self._tail
            if previous is None:
                sides[0] = Side(
                    "", None, "it starts with a relation, but no equation comes before it"
                )
            else:
                sides[0] = previous.side
                inherited = previous.reason and "it continues an equation that could not be read"
        if not equation.continuation:
            self._state(sides[0], None, sides[1] if len(sides) > 1 else None)
        stated = tuple(self._conditions_in(equation.latex))
        links = [
            Link(
                sides[k],
                equation.relations[k],
                sides[k + 1],
                line,
                first=k == 0 and not equation.continuation,
                single=len(equation.relations) == 1,
                inherited=inherited if k == 0 else "",
                roles=self.roles.with_assumptions([*(c.fact for c in stated), *equation.facts]),
                conditions=stated,
            )
            for k in range(len(equation.relations))
        ]
        rows: list[Row] = []
        per_link: list[list[Row]] = []
        for k, link in enumerate(links):
            if k and not any(row.kind == "claim" for row in rows):
                # the side after a definition, binding, notation or unread link starts afresh:
                # ``loss(t = 0.0, s = 0.3) = -(1 \ln 0.7 + 0 \ln 0.3)`` gives data, not
                # rounded results, exactly as the same link alone (``symxent verify``) does
                self._state(sides[k], None, sides[k + 1])
            self._state(sides[k + 1], sides[k], sides[k + 2] if k + 2 < len(sides) else None)
            rows = self._link(link)
            per_link.append(rows)
        per_link = about_an_example(per_link)
        chain_rows = [row for rows in per_link for row in rows]
        self.rows.extend(chain_rows)
        if self.observer is not None:
            for link, rows in zip(links, per_link, strict=True):
                self.observer(link.lhs.latex, link.relation, link.rhs.latex, link.line, rows)
        if any(row.status == "refuted" for row in chain_rows) and len(sides) > 2:
            try:
                with self._limit(self.link_limit, "comparing the chain's ends"):
                    self._end_to_end(sides, list(equation.relations), chain_rows)
            except (TooLargeError, RecursionError, OverflowError, MemoryError):
                pass  # the note is optional; the links have their verdicts
        self._remember(Tail(sides[-1], line, sides[-1].error), column)

    def _state(self, side: Side, before: Side | None, after: Side | None = None) -> None:
        """Record which decimals of ``side`` are stated results, given the sides around it."""
        stated = stated_decimals(side, before, self._stated_of(before), after)
        self._stated[id(side)] = (side, stated)

    def _stated_of(self, side: Side | None) -> frozenset[Fraction]:
        if side is None or id(side) not in self._stated:
            return frozenset()
        return self._stated[id(side)][1]

    def _remember(self, tail: Tail, column: int | None) -> None:
        self._tail = tail
        if column is not None:
            self._columns[column] = tail

    # ------------------------------------------------------------------ links

    def _row(self, link: Link, kind: str, status: str, detail: str = "", **more: object) -> Row:
        lhs, rhs = flat(link.lhs.latex), flat(link.rhs.latex)
        return Row(link.line, lhs, link.relation, rhs, kind, status, detail, **more)  # type: ignore[arg-type]

    def _skip(self, line: int, lhs: str, rhs: str, reason: str) -> None:
        self.rows.append(Row(line, flat(lhs), "", flat(rhs), "skipped", "skipped", reason))

    def _link(self, link: Link) -> list[Row]:
        """The rows of one link, every stage under the link's and the file's time budget.

        The same link text with the same bindings gets the same rows wherever it is: a link
        judged before (a chain ``H(p) = H(p) = ...``, a formula repeated on a later slide) is
        not judged again.
        """
        if self.out_of_time:
            reason = too_large(f"the file's time budget of {self.budget:g} s is used up")
            return [self._row(link, "claim", "too large", reason)]
        key = self._memo_key(link)
        if key is not None and key in self._memo:
            return [replace(row, line=link.line) for row in self._memo[key]]
        try:
            with self._limit(self.link_limit, "checking this link"):
                rows = self._link_rows(link)
        except (TooLargeError, RecursionError, OverflowError, MemoryError) as error:
            reason = str(error) if isinstance(error, SymxentError) else type(error).__name__
            if isinstance(error, RecursionError):
                reason = "it nests too deeply (RecursionError)"
            rows = [self._row(link, "claim", "too large", too_large(reason))]
        if link.conditions:
            note = describe_conditions(link.conditions)
            rows = [row.with_note(note) if row.kind == "claim" else row for row in rows]
        if key is not None and not any(row.kind in ("binding", "definition") for row in rows):
            self._memo[key] = rows
        return rows

    def _memo_key(self, link: Link) -> tuple[object, ...] | None:
        """What a link's rows depend on: its text, stated decimals and the bindings so far."""
        if link.lhs.raw is None or link.rhs.raw is None:
            return None
        return (
            link.lhs.latex,
            link.relation,
            link.rhs.latex,
            self._stated_of(link.lhs),
            self._stated_of(link.rhs),
            link.first,
            link.single,
            link.inherited,
            repr(link.roles),
            self.scope.version,
        )

    # ------------------------------------------------------------------ results

    def report(
        self, path: str = "", seconds: float | None = None, problems: Iterable[Row] = ()
    ) -> LectureReport:
        """The report of everything checked so far."""
        elapsed = time.perf_counter() - self._started if seconds is None else seconds
        return LectureReport(
            path=path,
            base=self.base,
            rows=[*problems, *self.rows],
            formulas=self.formula_count,
            expressions=self.expressions,
            seconds=elapsed,
        )


def check_text(
    text: str,
    *,
    kind: str = "markdown",
    base: str = "e",
    roles: Roles | None = None,
    path: str = "",
    budget: float | None = None,
    observer: LinkObserver | None = None,
) -> LectureReport:
    r"""Check the formulas of a lecture given as text.

    Args:
        text: the Markdown or LaTeX source.
        kind: ``"markdown"`` or ``"tex"`` (comments are dropped in ``.tex``).
        base: the log base of a plain ``\log``: ``"e"``, ``"2"``, ``"10"`` or ``"auto"``.
        roles: roles of names and class count (see :mod:`symxent.latex.roles`).
        path: the file name, for the report.
        budget: seconds allowed for the whole text, every stage included (default:
            :func:`default_budget`: 10 s plus 2 s per KB).
        observer: called with every link as it is judged (see :class:`LectureChecker`).
    """
    started = time.perf_counter()
    if not isinstance(text, str):
        raise TextError(f"check_text reads a str, got {type(text).__name__}")
    budget = default_budget(text) if budget is None else budget
    checker = LectureChecker(roles, base=base, budget=budget, observer=observer)
    problems = walk(checker, text, kind)
    return checker.report(path, time.perf_counter() - started, problems)


def check_file(
    path: str | Path, *, base: str = "e", roles: Roles | None = None, budget: float | None = None
) -> LectureReport:
    r"""Check a Markdown (``.md``, ``.txt``) or LaTeX (``.tex``) lecture file.

    Args:
        path: the file (a regular file of at most 1 MB of UTF-8).
        base: the base of a plain ``\log``.
        roles: roles of names and class count.
        budget: seconds for the whole file (default: :func:`default_budget` of its text).

    Raises:
        SymxentError: when the file cannot be read, is not a regular file, is not UTF-8 text,
            or is over 1 MB.
    """
    location = Path(path)
    text = read_lecture(location)
    return check_text(
        text, kind=kind_of(str(location)), base=base, roles=roles, path=str(location), budget=budget
    )
