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
from collections.abc import Callable, Iterable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path

import sympy as sp

from symxent.budget import WALL_FACTOR, TooLargeError, cpu_limit
from symxent.errors import DerivationError, LatexParseError, SymxentError
from symxent.latex.environments import split_display
from symxent.latex.mapping import Bindings, Mapper, NotEvaluableError, vector_names
from symxent.latex.parse import DEFAULT_TIMEOUT, Equation, Side, read_equation
from symxent.latex.raw import LOG_BASE, Apply, Decimal, Event, Name, Raw, VectorLiteral
from symxent.latex.roles import Roles
from symxent.latex.vocabulary import UNIT_BASES
from symxent.lecture.aliases import Alias, alias_of, renamed, supposes, used_by
from symxent.lecture.classify import (
    Binding,
    binding_of,
    defines,
    free_names,
    is_atom,
    support_of,
)
from symxent.lecture.conditions import StatedCondition, describe_conditions, stated_conditions
from symxent.lecture.extract import Formula, formulas, kind_of
from symxent.lecture.files import MAX_FILE_BYTES, default_budget, read_lecture
from symxent.lecture.judge import (
    BASE_NAMES,
    Judgement,
    is_too_large,
    judge,
    tolerance,
    too_large,
)
from symxent.lecture.premises import premise_binding, with_premise, without_premise
from symxent.lecture.report import LectureReport, Row
from symxent.lecture.scope import Scope
from symxent.lecture.sections import section_of, section_starts
from symxent.relations import Relation

__all__ = [
    "MAX_FILE_BYTES",
    "LectureChecker",
    "LinkObserver",
    "check_file",
    "check_text",
    "default_budget",
    "read_lecture",
]

_CHECKED = ("=", "≈", "<=", ">=", "<", ">")

LinkObserver = Callable[[str, str, str, int, list[Row]], None]
"""Told each link: left side, relation, right side (LaTeX as written), line, its rows."""


@dataclass
class _Tail:
    """The last side of the previous equation, which a continuation line continues."""

    side: Side
    line: int
    reason: str = ""


@dataclass
class _Link:
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


def _flat(text: str, limit: int = 60) -> str:
    text = " ".join(text.replace(r"\lvert ", "|").replace(r"\rvert ", "|").split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


class LectureChecker:
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
        if self.base not in ("e", "2", "10", "auto"):
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
        self._tail: _Tail | None = None
        self._stated: dict[int, tuple[Side, frozenset[Fraction]]] = {}
        self._definitions: dict[str, tuple[str, int]] = {}
        self._numbers_stated: dict[str, list[tuple[int, int, str]]] = {}
        self._columns: dict[int, _Tail] = {}
        self._memo: dict[tuple[object, ...], list[Row]] = {}
        self._started = time.perf_counter()
        self._cpu_started = time.process_time()
        self.conditions: list[StatedCondition] = []
        self.link_limit = 2 * link_budget
        self.aliases: dict[str, Alias] = {}
        """The prose aliases of the current section (:mod:`symxent.lecture.aliases`)."""
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
        cpu = self.budget - (time.process_time() - self._cpu_started)
        wall = WALL_FACTOR * self.budget - (time.perf_counter() - self._started)
        return min(cpu, wall)

    def _limit(self, seconds: float, what: str) -> AbstractContextManager[None]:
        """A stage's CPU-time limit: ``seconds``, or less when the file's budget ends sooner.

        Wall-clock time is capped at :data:`~symxent.budget.WALL_FACTOR` times as much.
        """
        cpu_left = self.budget - (time.process_time() - self._cpu_started)
        wall_left = WALL_FACTOR * self.budget - (time.perf_counter() - self._started)
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
            line += (
                len(piece.text) - len(piece.text.lstrip("\n")) if piece.text.startswith("\n") else 0
            )
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
                self.rows.append(Row(line, _flat(text), "", "", "skipped", "too large", reason))
            else:
                self._skip(line, text, "", reason)
            self._tail = _Tail(Side(_flat(text), None, reason), line, reason)
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
        saved = self.bindings.copy()
        binding.apply(self.bindings)
        if binding.kind == "definition":
            self.bindings.everywhere.add(binding.name)  # L = ... \implies L \ge 0
        self.scope.changed()
        try:
            self._chain(equation, line, column)
        finally:
            self.scope.current = saved  # the premise binds for its conclusion only
            self.scope.changed()
        self.rows[start:] = [with_premise(row, binding) for row in self.rows[start:]]

    def _chain(self, equation: Equation, line: int, column: int | None) -> None:
        sides = list(equation.sides)
        if not equation.relations:
            side = sides[0] if sides else Side("", None, "empty")
            if side.raw is None and side.latex:
                self._skip(line, side.latex, "", side.error)
            elif side.raw is not None and self.claims_only:
                self._skip(line, side.latex, "", f"no relation in {_flat(side.latex)!r}: no claim")
            elif side.raw is not None:
                self.expressions += 1
            self._remember(_Tail(side, line, side.error), column)
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
            _Link(
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
        chain_rows: list[Row] = []
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
            chain_rows.extend(rows)
            per_link.append(rows)
        per_link = _about_an_example(per_link)
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
        self._remember(_Tail(sides[-1], line, sides[-1].error), column)

    def _state(self, side: Side, before: Side | None, after: Side | None = None) -> None:
        """Record which decimals of ``side`` are stated results, given the sides around it."""
        stated = _stated_decimals(side, before, self._stated_of(before), after)
        self._stated[id(side)] = (side, stated)

    def _stated_of(self, side: Side | None) -> frozenset[Fraction]:
        if side is None or id(side) not in self._stated:
            return frozenset()
        return self._stated[id(side)][1]

    def _remember(self, tail: _Tail, column: int | None) -> None:
        self._tail = tail
        if column is not None:
            self._columns[column] = tail

    # ------------------------------------------------------------------ links

    def _row(self, link: _Link, kind: str, status: str, detail: str = "", **more: object) -> Row:
        return Row(
            line=link.line,
            lhs=_flat(link.lhs.latex),
            relation=link.relation,
            rhs=_flat(link.rhs.latex),
            kind=kind,
            status=status,
            detail=detail,
            **more,  # type: ignore[arg-type]
        )

    def _skip(self, line: int, lhs: str, rhs: str, reason: str) -> None:
        self.rows.append(Row(line, _flat(lhs), "", _flat(rhs), "skipped", "skipped", reason))

    def _link(self, link: _Link) -> list[Row]:
        """The rows of one link, every stage under the link's and the file's time budget.

        The same link text with the same bindings gets the same rows wherever it is: a link
        judged before (a chain ``H(p) = H(p) = ...``, a formula repeated on a later slide) is
        not judged again.
        """
        if self.out_of_time:
            return [
                self._row(
                    link,
                    "claim",
                    "too large",
                    too_large(f"the file's time budget of {self.budget:g} s is used up"),
                )
            ]
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
            rows = [
                replace(row, notes=(*row.notes, note)) if row.kind == "claim" else row
                for row in rows
            ]
        if key is not None and not any(row.kind in ("binding", "definition") for row in rows):
            self._memo[key] = rows
        return rows

    def _memo_key(self, link: _Link) -> tuple[object, ...] | None:
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

    def _link_rows(self, link: _Link) -> list[Row]:
        if link.relation == "∈" and not self.claims_only:
            labels = support_of(link.lhs.latex, link.rhs.latex)
            if labels:
                for label in labels:
                    if label not in self.bindings.labels:
                        self.bindings.labels.append(label)
                self.scope.changed()
                return [self._row(link, "binding", "binding", f"classes {', '.join(labels)}")]
        for side in (link.lhs, link.rhs):
            if side.raw is None:
                reason = link.inherited if side is link.lhs and link.inherited else side.error
                reason = reason or "this side could not be read"
                if side.too_long:
                    return [self._row(link, "skipped", "too large", too_large(reason))]
                return [self._row(link, "skipped", "skipped", reason)]
        if link.lhs.raw is None or link.rhs.raw is None:  # pragma: no cover - handled above
            return []
        condition = self._condition(link)
        if condition:
            return [self._row(link, "skipped", "skipped", condition)]
        if link.relation not in _CHECKED:
            reason = f"the relation {link.relation} is not checked"
            if link.relation == "←":
                reason = "the arrow ← is an update (an assignment), not a relation symxent checks"
            return [self._row(link, "skipped", "skipped", reason)]
        if link.first and not self.claims_only:
            if link.single and link.relation == "=":
                # a value is computed from whatever the file gave before (``q = 1 - p``)
                merged = self.scope.merged()
                binding = binding_of(link.lhs.raw, link.rhs.raw, link.roles or self.roles, merged)
                if binding is not None:
                    binding.apply(self.bindings)
                    self.scope.bound(binding.name, link.line)
                    row = self._row(link, "binding", "binding", binding.describe())
                    return [row, *self._definition_checks(binding.name, link)]
            defined = defines(link.lhs.raw, self.roles, self.bindings)
            if defined is not None and link.relation == "=":
                self._record_definition(link)
                detail = f"defines {_flat(defined, 40)}"
                alias = self._alias(link)
                if alias is not None:
                    detail += (
                        "; said in prose: a supposition for the links after it in this section"
                    )
                return [self._row(link, "definition", "definition", detail)]
        if isinstance(link.rhs.raw.atom(), VectorLiteral):
            return self._entrywise(link)
        return [self._claim(link)]

    def _alias(self, link: _Link) -> Alias | None:
        r"""Record ``q = p`` said in prose (``If the model is perfect, $q = p$``) as an alias."""
        lhs, rhs = link.lhs.raw, link.rhs.raw
        if self.lead is None or not link.single or lhs is None or rhs is None:
            return None
        if not supposes(self.lead):
            return None
        atom = lhs.atom()
        roles = link.roles or self.roles
        vector = isinstance(atom, Name) and (
            roles.is_vector(atom.key, atom.stem)
            or atom.key in self.bindings.vectors
            or atom.key in self.bindings.entries
        )
        alias = alias_of(lhs, rhs, line=link.line, vector=vector)
        if alias is not None:
            self.aliases[alias.name] = alias
            self.scope.changed()
        return alias

    def _record_definition(self, link: _Link) -> None:
        r"""Remember a definition for the lines after it.

        ``\hat{y}_i = f(i)``: values of the vector given later are checked with it.
        ``L = -\sum_i y_i \log \hat{y}_i`` (a name with no role of its own): the formula
        stands for ``L`` where later lines use it, as in ``\frac{\partial L}{\partial z_k}``.
        """
        atom = link.lhs.raw.atom() if link.lhs.raw is not None else None
        if (
            isinstance(atom, Name)
            and not atom.subscript
            and link.rhs.raw is not None
            and not (link.roles or self.roles).is_vector(atom.key, atom.stem)
            and atom.key != self.roles.count
        ):
            Binding("definition", atom.key, link.rhs.raw, latex=atom.latex).apply(self.bindings)
            self.scope.bound(atom.key, link.line)
            return
        if not (isinstance(atom, Name) and link.single and link.rhs.raw is not None):
            return
        if len(atom.subscript) != 1 or not re.fullmatch("[a-z]", atom.subscript[0]):
            return
        key = Name(atom.base, atom.accent, (), atom.primes).key
        self.bindings.formulas[key] = (atom.subscript[0], link.rhs.raw)
        self.scope.changed()
        self._definitions[key] = (link.lhs.latex, link.line)

    def _definition_checks(self, key: str, link: _Link) -> list[Row]:
        """Values just given to a vector, checked entry by entry against its definition."""
        merged = self.scope.merged()  # entry values are specific: earlier sections may serve
        if key not in merged.formulas or key not in self.bindings.vectors:
            return []
        index, body = merged.formulas[key]
        written, line = self._definitions[key]
        literal = link.rhs.raw.atom() if link.rhs.raw is not None else None
        if not isinstance(literal, VectorLiteral):
            return []
        rows = []
        for position, (entry, value) in enumerate(
            zip(literal.entries, self.bindings.vectors[key], strict=True), start=1
        ):
            try:
                computed = Mapper(self.roles, merged).map(body, {index: sp.Integer(position)})
            except (NotEvaluableError, TooLargeError):
                return []
            if free_names(computed):
                return []
            atom = entry.atom()
            half: sp.Expr = sp.S.Zero
            stated = value
            if isinstance(atom, Decimal) and atom.places:
                claimed, allowance = atom.claim
                stated, half = sp.Rational(claimed), sp.Rational(allowance)
            result = judge(
                computed,
                "=",
                stated,
                bases=self.bases,
                tolerance=half,
                time_budget=self.link_budget,
            )
            rows.append(
                Row(
                    line=link.line,
                    lhs=f"{_flat(written, 30)} ({index} = {position})",
                    relation="=",
                    rhs=_flat(entry.latex, 20),
                    kind="claim",
                    status=result.status,
                    detail=result.describe(),
                    stated=_flat(entry.latex, 24),
                    computed=_values(result.lhs_values, result),
                    judgement=result,
                    notes=(f"by the definition on line {line}",),
                )
            )
        return rows

    def _entrywise(self, link: _Link) -> list[Row]:
        """``e^x = [2.46, 3.32, 0.67]``: the left side at each entry of the vectors it uses."""
        literal = link.rhs.raw.atom() if link.rhs.raw is not None else None
        if not isinstance(literal, VectorLiteral):  # pragma: no cover - _link checks this
            return []
        rows = []
        for position, entry in enumerate(literal.entries, start=1):
            side = Side(entry.latex, entry)
            self._stated[id(side)] = (side, _stated_decimals(side, None, frozenset()))
            sub = _Link(link.lhs, link.relation, side, link.line, False, False, roles=link.roles)
            row = self._claim(
                sub,
                bindings=self.scope.merged().at_entry(position),
                label=f"{_flat(link.lhs.latex, 30)} [entry {position}]",
            )
            rows.append(row)
            if row.kind == "skipped":
                break
        return rows

    def _claim(self, link: _Link, *, bindings: Bindings | None = None, label: str = "") -> Row:
        """The row of a claim, judged as written; then, if it fails, under the prose aliases.

        A link that is refuted, unknown or skipped as written and that writes a name a
        supposition of this section renames (``q = p``, :mod:`symxent.lecture.aliases`) is
        judged again with it, and takes that verdict only when it then holds.
        """
        row = self._claim_as_written(link, bindings=bindings, label=label)
        if bindings is not None or label or not self.aliases:
            return row
        if row.status not in ("refuted", "unknown", "skipped"):
            return row
        raws = [side.raw for side in (link.lhs, link.rhs) if side.raw is not None]
        aliases = used_by(self.aliases.values(), raws)
        if not aliases:
            return row
        again = self._claim_given(link, aliases)
        given = "given " + "; ".join(alias.describe() for alias in aliases)
        if again.status in _HOLDS:
            return again.with_note(
                f"{given}, a supposition the prose of this section makes; as written, for "
                f"any {', '.join(alias.name for alias in aliases)}: {row.status}"
            )
        if row.status == "refuted" and again.status == "refuted":
            return row.with_note(f"it fails {given} too")
        if row.kind == "skipped" and _NOT_GIVEN in row.detail and again.status == "refuted":
            # D(p || q) = 1 after "if $q = p$": about the values the supposition gives
            return again.with_note(
                f"{given}, a supposition the prose of this section makes; as written it "
                f"{row.detail}"
            )
        return row

    def _claim_given(self, link: _Link, aliases: list[Alias]) -> Row:
        """The row of ``link`` judged with ``aliases`` applied (renamed names, definitions)."""
        sides = []
        for side in (link.lhs, link.rhs):
            new = replace(side, raw=renamed(side.raw, aliases) if side.raw is not None else None)
            self._stated[id(new)] = (new, self._stated_of(side))
            sides.append(new)
        given = replace(link, lhs=sides[0], rhs=sides[1])
        saved = self.scope.current
        current = saved.copy()
        for alias in aliases:
            if alias.target is None:
                Binding("definition", alias.name, alias.value).apply(current)
                current.everywhere.add(alias.name)
        self.scope.current = current
        self.scope.changed()
        try:
            return self._claim_as_written(given)
        finally:
            self.scope.current = saved
            self.scope.changed()

    def _claim_as_written(
        self, link: _Link, *, bindings: Bindings | None = None, label: str = ""
    ) -> Row:
        lhs, rhs = link.lhs.raw, link.rhs.raw
        if lhs is None or rhs is None:  # pragma: no cover - _link checks this
            return self._row(link, "skipped", "skipped", "a side could not be read")
        # each side's own stated decimals: ``0.6`` is data in ``-\log_2 0.6`` and a stated
        # (rounded) value in ``\approx 0.6`` on the other side
        stated = (
            (self._stated_of(link.lhs), self._stated_of(link.rhs))
            if link.relation in ("=", "≈")
            else (frozenset(), frozenset())
        )
        roles = link.roles or self.roles
        units = {UNIT_BASES[unit] for unit in (*lhs.units, *rhs.units)}
        if len(units) > 1:
            return self._row(link, "skipped", "skipped", "the sides are in different units")
        bases = tuple(units) or self.bases
        if label:
            link = _Link(
                Side(label, lhs), link.relation, link.rhs, link.line, False, False, roles=roles
            )
        try:
            mapper, left, right = self._mapped(lhs, rhs, bindings or self.bindings, stated, roles)
        except NotEvaluableError as error:
            return self._row(link, "skipped", "skipped", str(error))
        except TooLargeError as error:
            return self._row(link, "skipped", "too large", too_large(str(error)))
        decimal_symbols = set(mapper.decimals)
        left_free = free_names(left, decimal_symbols)
        right_free = free_names(right, decimal_symbols)
        from_earlier, restated = False, self._restated(link)
        if bindings is None and self._about_earlier_values(link, left_free, right_free):
            # a claim about specific values given in an earlier section (``H(p) = 0.971`` on
            # the slide after ``p = [0.6, 0.4]``): read with those values
            try:
                mapper, left, right = self._mapped(lhs, rhs, self.scope.merged(), stated, roles)
            except (NotEvaluableError, TooLargeError):
                pass
            else:
                from_earlier = True
                decimal_symbols = set(mapper.decimals)
                left_free = free_names(left, decimal_symbols)
                right_free = free_names(right, decimal_symbols)
        if not self.claims_only:
            if is_atom(lhs) and is_atom(rhs) and (left_free or right_free):
                return self._row(link, "notation", "notation", "two names for the same thing")
            left_names = vector_names(left) | mapper.names_used(lhs)
            right_names = vector_names(right) | mapper.names_used(rhs)
            if left_names and right_names and not left_names & right_names:
                renamed = f"{', '.join(sorted(left_names))} -> {', '.join(sorted(right_names))}"
                return self._row(link, "notation", "notation", f"change of names ({renamed})")
        left, right, allowed = _with_tolerance(mapper, left, right, link.relation, rhs)
        try:
            with self._limit(self.link_limit, "checking this link"):
                result = judge(
                    left,
                    link.relation,
                    right,
                    bases=bases,
                    tolerance=allowed,
                    where=mapper.where,
                    time_budget=self.link_budget,
                    numeric=not left_free and not right_free,
                )
        except TooLargeError as error:
            return self._row(link, "claim", "too large", too_large(str(error)))
        numeric = not left_free and not right_free
        if result.status == "unknown" and any(is_too_large(v) for v in result.verdicts.values()):
            reason = next(v.note for v in result.verdicts.values() if is_too_large(v))
            return self._row(link, "claim", "too large", reason, judgement=result)
        uses = self.scope.describe(mapper.bindings_used(lhs) | mapper.bindings_used(rhs))
        notes: tuple[str, ...] = (uses,) if uses else ()
        notes = (*notes, *(f"read: {convention}" for convention in mapper.conventions))
        if from_earlier and result.wrong and restated:
            # ``H(p) = 0.881`` on the slide of a biased coin, ``H(p) = 1`` on the next one
            # (a fair coin, given in prose): this section means another p
            return self._row(
                link,
                "claim",
                "unknown",
                f"with values from an earlier section it would be {result.describe()}; but "
                f"line {restated} gave the same expression another value in its section",
                notes=notes,
            )
        if result.wrong and self._about_unbound_values(link, mapper, left_free, right_free):
            skip, note = self._unbound(link, mapper, (left, right), bool(left_free), bases)
            if skip:
                return self._row(link, "skipped", "skipped", skip)
            notes = (*notes, note)
        return self._row(
            link,
            "claim",
            result.status,
            result.describe(),
            judgement=result,
            stated=_stated(link, result) if numeric else "",
            computed=_computed(link, result) if numeric else "",
            notes=notes,
        )

    def _about_unbound_values(
        self, link: _Link, mapper: Mapper, left: set[str], right: set[str]
    ) -> bool:
        r"""Whether the link equates a number and an expression of names the file never binds.

        ``H(X, Y) = 2`` (or ``H(p) = -(0.6 \log 0.6 + 0.4 \\log 0.4)``, or ``= h`` with ``h``
        bound) is a claim about specific values of X and Y. An identity of two expressions, a
        side that is a number only because its terms cancel, and a bound are general.
        """
        if self.claims_only or link.relation not in ("=", "≈") or bool(left) == bool(right):
            return False
        number = link.rhs.raw if left else link.lhs.raw
        return number is not None and (
            _written_number(number) or bool(mapper.bindings_used(number))
        )

    def _unbound(
        self,
        link: _Link,
        mapper: Mapper,
        sides: tuple[sp.Expr, sp.Expr],
        left_is_free: bool,
        bases: tuple[str, ...],
    ) -> tuple[str, str]:
        """For a refuted claim about unbound values: the reason to skip it, or a note why not."""
        free, number = sides if left_is_free else sides[::-1]
        raw = link.lhs.raw if left_is_free else link.rhs.raw
        depends = _plain(free) - {str(s) for s in mapper.decimals}
        written = depends & (_written_names(raw) if raw is not None else set())
        names = ", ".join(sorted(written or depends))
        if self._attainable(free, number, mapper.where, bases):
            plural = "whose values" if "," in names else "whose value"
            return f"depends on {names}, {plural} {_NOT_GIVEN}", ""
        return "", f"no value of {names} makes it true"

    def _attainable(
        self,
        free: sp.Expr,
        number: sp.Expr,
        where: Mapping[object, object],
        bases: tuple[str, ...],
    ) -> bool:
        r"""Whether some values of the free names may make ``free`` equal ``number``.

        Judged as two general claims, ``free >= number + d`` and ``free <= number - d`` with a
        margin ``d`` of 1% (of the number, at least 0.01). When one of them holds everywhere,
        the side stays away from the number: no values make the equation true, and the
        refutation stands (``\sum_i p_i = 2``, ``H(p) = -1``). Otherwise the side comes near
        the number, as ``I(X; Y)`` comes to 0 for independent X and Y, and values the prose
        may state can make it true: nothing here refutes it.
        """
        margin = sp.Max(1, sp.Abs(number)) / 100
        for relation, bound in ((">=", number + margin), ("<=", number - margin)):
            away = judge(
                free,
                relation,
                bound,
                bases=bases,
                where=where,
                time_budget=self.link_budget,
                numeric=False,
            )
            if away.status in ("proved", "confirmed"):  # in every base tried
                return False
        return True

    def _mapped(
        self,
        lhs: Raw,
        rhs: Raw,
        bindings: Bindings,
        stated: tuple[frozenset[Fraction], frozenset[Fraction]],
        roles: Roles,
    ) -> tuple[Mapper, sp.Expr, sp.Expr]:
        """Both sides of a link mapped with ``bindings`` (one mapper: shared vectors, counts).

        A decimal becomes a symbol (for its rounding) only on a side where it is stated.
        """
        mapper = Mapper(roles, bindings, decimal_symbols=stated[0])
        mapper.prepare([lhs, rhs])
        left = mapper.map(lhs)
        mapper.decimal_values = stated[1]
        return mapper, left, mapper.map(rhs)

    def _condition(self, link: _Link) -> str:
        r"""Why ``x \ge 0`` or ``0 < p`` is a condition, not a claim ("" when it is a claim).

        In a lecture, a name that nothing binds compared with a number states where the
        lecture works (``f(x) = \lambda e^{-\lambda x}`` on ``x \ge 0``); judged as a claim over
        all reals it would be refuted. ``symxent verify`` still judges it.
        """
        if self.claims_only or link.relation not in ("<=", ">=", "<", ">"):
            return ""
        for named, other in ((link.lhs, link.rhs), (link.rhs, link.lhs)):
            atom = named.raw.atom() if named.raw is not None else None
            if (
                isinstance(atom, Name)
                and other.raw is not None
                and _written_number(other.raw)
                and atom.key not in self.scope.merged().names()
            ):
                return f"a condition on {named.latex} (where the lecture works), not a claim"
        return ""

    def _restated(self, link: _Link) -> int | None:
        """The line where an earlier section gave the named side of ``link`` another number.

        Every equation of a side written with names and a side written with numbers only is
        recorded (the named side's text, the other side's text, the section); the line of an
        earlier record with the same named side and other numbers is returned.
        """
        lhs, rhs = link.lhs.raw, link.rhs.raw
        if self.claims_only or link.relation not in ("=", "≈") or lhs is None or rhs is None:
            return None
        left_number, right_number = _written_number(lhs), _written_number(rhs)
        if left_number == right_number:
            return None
        free, number = (link.rhs, link.lhs) if left_number else (link.lhs, link.rhs)
        key, value = _flat(free.latex), _flat(number.latex)
        earlier = self._numbers_stated.setdefault(key, [])
        found = next(
            (
                line
                for line, section, stated in reversed(earlier)
                if section != self.scope.section and stated != value
            ),
            None,
        )
        earlier.append((link.line, self.scope.section, value))
        return found

    def _about_earlier_values(self, link: _Link, left: set[str], right: set[str]) -> bool:
        """An equation of a number and names that only an earlier section gives values."""
        if self.claims_only or link.relation not in ("=", "≈") or bool(left) == bool(right):
            return False
        earlier = self.scope.earlier_names()
        return any(_stem(name) in earlier for name in left | right)

    def _end_to_end(self, sides: list[Side], relations: list[str], rows: list[Row]) -> None:
        """Compare the first numeric side of a chain with its last; note the result."""
        if any(r not in ("=", "≈") for r in relations) or sides[-1].raw is None:
            return
        for start in range(len(sides) - 2):
            raw = sides[start].raw
            if raw is None:
                continue
            try:
                mapper = Mapper(self.roles, self.scope.merged())
                value = mapper.map(raw)
            except (NotEvaluableError, TooLargeError):
                continue
            if free_names(value):
                continue
            try:
                relation = Relation.EQ
                for r in relations[start:]:
                    relation = relation.compose(Relation.parse(r))
            except DerivationError:
                return
            end = _Link(sides[start], relation.value, sides[-1], rows[-1].line, False, False)
            row = self._claim(end)
            if row.judgement is None:
                return
            word = "holds" if row.judgement.holds else "is wrong too"
            ends = f"{_flat(sides[start].latex, 30)} {relation.text} {_flat(sides[-1].latex, 30)}"
            note = f"end to end, {ends} {word}: {row.judgement.describe()}"
            last = rows[-1]
            self.rows[self.rows.index(last)] = last.with_note(note)
            return

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


_NOT_GIVEN = "this file does not give"
_HOLDS = ("proved", "rounded", "confirmed", "base")


def _about_an_example(per_link: list[list[Row]]) -> list[list[Row]]:
    r"""A chain that ends in values the file gives only in prose is about that example.

    ``H(X, Y) = H(X) + H(Y) = 2`` after "X and Y are two independent fair bits": the last link is
    skipped (the file does not give X and Y), and the first holds for that example, not in
    general. A general link of such a chain that fails is therefore unknown, not refuted.
    """
    example = next((row for rows in per_link for row in rows if _NOT_GIVEN in row.detail), None)
    if example is None:
        return per_link
    return [
        [
            replace(
                row,
                status="unknown",
                detail=f"{row.detail}; but the chain is about an example the file does not "
                f"give ({example.detail})",
            )
            if row.kind == "claim" and row.status == "refuted" and not row.computed
            else row
            for row in rows
        ]
        for rows in per_link
    ]


def _written_number(raw: Raw) -> bool:
    r"""True for a side written with numbers only (``2``, ``0.971``, ``\log 2``, ``1/3``)."""
    return all(isinstance(obj, Decimal) for obj in raw.table.values()) and all(
        symbol in raw.table or symbol == LOG_BASE for symbol in raw.tree.free_symbols
    )


def _written_names(raw: Raw) -> set[str]:
    """The names written in a side (``X``, ``Y`` in ``H(X, Y)``), not the ones made for it."""
    names: set[str] = set()
    stack: list[object] = [raw]
    while stack:
        obj = stack.pop()
        if isinstance(obj, Raw):
            stack.extend(obj.table.values())
        elif isinstance(obj, Name):
            names.update({obj.key, obj.without_subscript().key})
        elif isinstance(obj, Apply):
            stack.extend((*obj.args, *obj.given, *obj.parameters))
        elif isinstance(obj, Event):
            stack.extend((obj.lhs, obj.rhs))
    return names


def _stem(name: str) -> str:
    """The bound name a free symbol's name stands for (``p`` for the entry ``p[1]``)."""
    return name.split("[", 1)[0]


def _plain(expr: sp.Expr) -> set[str]:
    """Names of the vectors and scalars an expression depends on (no indices or counts)."""
    names = vector_names(expr)
    for symbol in expr.free_symbols:
        if isinstance(symbol, sp.Symbol) and not symbol.is_integer and str(symbol) != "logbase":
            names.add(str(symbol))
    return names


def _stated_decimals(
    side: Side,
    before: Side | None,
    stated_before: frozenset[Fraction],
    after: Side | None = None,
) -> frozenset[Fraction]:
    r"""The decimals of ``side`` that are stated (rounded) results, not exact inputs.

    A side that is one decimal (``= 0.971``) states it. A side that is arithmetic of decimals
    alone, next to a side without decimals whose value needs rounding (a log, an exponential, a
    root: ``\log_2 3 + \log_2 5 = 1.585 + 2.322``), states each of them. Otherwise a decimal
    is stated when the side before it in the chain also has decimals and did not have this one
    (``0.737`` in ``(0.6 \times 0.737)`` after ``-(0.6 \times \log 0.6)``), or had it as a
    stated value; decimals after a side without any (``-(0.6 \log 0.6)`` after
    ``E(\hat{Y})``) are the data.
    """
    raw = side.raw
    if raw is None:
        return frozenset()
    atom = raw.atom()
    if isinstance(atom, Decimal):
        return frozenset({atom.value}) if atom.places > 0 else frozenset()
    if _decimal_arithmetic(raw) and any(
        other is not None and other.raw is not None and _needs_rounding(other.raw)
        for other in (before, after)
    ):
        return frozenset(d.value for d in raw.decimals() if d.places > 0)
    if before is None or before.raw is None:
        return frozenset()
    previous = {d.value for d in before.raw.decimals()}
    if not previous:
        return frozenset()
    return frozenset(
        d.value
        for d in raw.decimals()
        if d.places > 0 and (d.value not in previous or d.value in stated_before)
    )


_ARITHMETIC = (sp.Add, sp.Mul, sp.Pow)


def _decimal_arithmetic(raw: Raw) -> bool:
    """Whether ``raw`` is decimals (at least one) and whole numbers joined by + - × / ^."""
    if not raw.decimals():
        return False
    for node in sp.preorder_traversal(raw.tree):
        if isinstance(node, sp.Symbol):
            if not isinstance(raw.table.get(node), Decimal):
                return False
        elif not (node.is_Number or isinstance(node, _ARITHMETIC)):
            return False
    return True


def _needs_rounding(raw: Raw) -> bool:
    """Whether ``raw`` has no decimals and a log, exponential or root (a value to round)."""
    if raw.decimals():
        return False
    for node in sp.preorder_traversal(raw.tree):
        if isinstance(node, sp.log | sp.exp):
            return True
        if isinstance(node, sp.Pow) and not node.exp.is_integer:
            return True
    return False


def _with_tolerance(
    mapper: Mapper, left: sp.Expr, right: sp.Expr, relation: str, rhs: Raw
) -> tuple[sp.Expr, sp.Expr, sp.Expr | float]:
    """The sides with stated decimals put back as numbers, and the tolerance they allow."""
    if mapper.decimals:
        # a decimal claims the value it rounds to (a float64 printout: that float64), exactly
        halves = {symbol: d.claim[1] for symbol, d in mapper.decimals.items()}
        values = {symbol: sp.Rational(d.claim[0]) for symbol, d in mapper.decimals.items()}
        # the tolerance is a function of the same decimals: evaluated at them too (left
        # symbolic, it was silently taken as 0)
        allowed = tolerance(left, right, halves).xreplace(values)
        return left.xreplace(values), right.xreplace(values), allowed
    if relation == "≈":
        return left, right, _approx_tolerance(rhs.decimals(), right, rhs.tree.is_Integer)
    return left, right, 0.0


def _approx_tolerance(decimals: list[Decimal], value: sp.Expr, integer: bool) -> sp.Expr:
    if decimals:
        return sp.Rational(max(d.claim[1] for d in decimals))
    if integer:
        return sp.Rational(1, 2)
    number = sp.N(value)
    if number.is_number and number.is_real:
        return sp.Rational(str(abs(number))) * sp.Rational(5, 1000)
    return sp.S.Zero


def _is_literal(side: Side) -> bool:
    raw = side.raw
    return raw is not None and (isinstance(raw.atom(), Decimal) or bool(raw.tree.is_Integer))


def _stated(link: _Link, result: Judgement) -> str:
    """The stated value: the side written as a number (the right one, unless only the left is)."""
    if _is_literal(link.lhs) and not _is_literal(link.rhs):
        return _flat(link.lhs.latex, 24)
    if _is_literal(link.rhs):
        return _flat(link.rhs.latex, 24)
    return _values(result.rhs_values, result)


def _computed(link: _Link, result: Judgement) -> str:
    """The computed value: of the side that is not the stated number."""
    if _is_literal(link.lhs) and not _is_literal(link.rhs):
        return _values(result.rhs_values, result)
    return _values(result.lhs_values, result)


def _values(values: Mapping[str, str], result: Judgement) -> str:
    shown = {k: v for k, v in values.items() if k in result.verdicts or k == ""}
    if len(set(shown.values())) <= 1:
        return next(iter(shown.values()), "—")
    return "; ".join(f"{v} ({BASE_NAMES[k]})" for k, v in shown.items())


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
    budget = default_budget(text) if budget is None else budget
    checker = LectureChecker(roles, base=base, budget=budget, observer=observer)
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
            checker.rows.append(
                Row(
                    formula.line,
                    _flat(formula.text),
                    "",
                    "",
                    "skipped",
                    "skipped",
                    f"time budget of {budget:g} s used up: {left} formulas from here on unchecked",
                )
            )
            break
        checker.formula(formula)
    problem_rows = [
        Row(p.line, _flat(p.text), "", "", "skipped", "skipped", p.reason) for p in problems
    ]
    return checker.report(path, time.perf_counter() - started, problem_rows)


def check_file(
    path: str | Path,
    *,
    base: str = "e",
    roles: Roles | None = None,
    budget: float | None = None,
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
