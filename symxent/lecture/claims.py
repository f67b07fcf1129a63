r"""Judging a claim of a lecture: its sides mapped with the bindings in scope, then judged.

A link that is a claim is read with the values its section (or, for a claim about specific
values, an earlier section) bound; its stated decimals are put back with the tolerance they
allow; then it is judged in the document's log bases (:func:`symxent.lecture.judge.judge`), and
the lecture rules (:mod:`symxent.lecture.rules`) may make a failure unknown or skipped, with the
reason. A link that fails as written and writes a name a prose supposition of its section
renames (``If the model is perfect, $q = p$``, :mod:`symxent.lecture.aliases`) is judged again
under it. A vector written out on the right (``e^x = [2.46, 3.32, 0.67]``) is judged entry by
entry, and a wrong chain's ends are compared (``end to end ... holds``).

Example:
    >>> from symxent.lecture.checker import LectureChecker
    >>> checker = LectureChecker()
    >>> checker.equation(r"H(p, q) = H(p) + D_{KL}(p \parallel q)", 1)
    >>> [row.status for row in checker.rows]
    ['proved']
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

import sympy as sp

from symxent.budget import TooLargeError
from symxent.errors import DerivationError
from symxent.latex.mapping import Bindings, Mapper, NotEvaluableError, vector_names
from symxent.latex.parse import Side
from symxent.latex.raw import Name, Raw, VectorLiteral
from symxent.latex.roles import Roles
from symxent.lecture.aliases import Alias, renamed, used_by
from symxent.lecture.classify import Binding, free_names, is_atom
from symxent.lecture.decimals import stated_decimals, with_tolerance
from symxent.lecture.domains import judge_within, premise_notes
from symxent.lecture.entries import covered, stated_premises
from symxent.lecture.judge import is_too_large, too_large
from symxent.lecture.links import Link, computed_value, flat, stated_value
from symxent.lecture.report import HOLDS, Row
from symxent.lecture.rules import NOT_GIVEN, LectureRules
from symxent.log_bases import UNIT_BASES
from symxent.relations import Relation

__all__ = ["ClaimJudging"]


class ClaimJudging(LectureRules):
    """Judging claims, a mixin of :class:`~symxent.lecture.checker.LectureChecker`."""

    def _claim(self, link: Link, *, bindings: Bindings | None = None, label: str = "") -> Row:
        """The row of a claim, judged as written; then, if it fails, under the prose aliases.

        A link that is refuted, unknown or skipped as written and that writes a name a
        supposition of this section renames (``q = p``, :mod:`symxent.lecture.aliases`) is
        judged again with it, and takes that verdict only when it then holds.
        """
        row = self._claim_as_written(link, bindings=bindings, label=label)
        if bindings is not None or label:
            return row
        raws = [side.raw for side in (link.lhs, link.rhs) if side.raw is not None]
        aliases = used_by(self.aliases.values(), raws) if self.aliases else []
        if not aliases or row.status not in ("refuted", "unknown", "skipped"):
            # no supposition of the prose renames a name of this link: a name an earlier
            # line defined by a formula may still be what it is about
            return self._claim_defined(link, row) if row.status == "refuted" else row
        again = self._claim_given(link, aliases)
        given = "given " + "; ".join(alias.describe() for alias in aliases)
        if again.status in HOLDS:
            return again.with_note(
                f"{given}, a supposition the prose of this section makes; as written, for "
                f"any {', '.join(alias.name for alias in aliases)}: {row.status}"
            )
        if row.status == "refuted" and again.status == "refuted":
            return row.with_note(f"it fails {given} too")
        if row.kind == "skipped" and again.status == "refuted" and _unread_as_renamed(row, aliases):
            # D(p || q) = 1 after "if $q = p$": about the values the supposition gives; or
            # H(p, r) = 2 H(p) after "$r = q$", "$q = p$": r has no role until renamed
            written = row.detail if NOT_GIVEN in row.detail else f"was skipped ({row.detail})"
            return again.with_note(
                f"{given}, a supposition the prose of this section makes; as written it {written}"
            )
        return row

    def _claim_defined(self, link: Link, row: Row) -> Row:
        r"""A refuted link that writes a name an earlier line defined, judged with the formula.

        After ``L = \prod_i \hat{y}_i^{y_i} (1 - \hat{y}_i)^{1 - y_i}``, ``\log L = \sum_i
        [\dots]`` is about that product: refuted with ``L`` read as any number, it is judged
        again with ``L`` standing for its formula. It takes that verdict when it holds or is
        refuted there too; otherwise (the formula could not be judged) it is unknown, never
        refuted at a value ``L`` cannot have.
        """
        raws = [side.raw for side in (link.lhs, link.rhs) if side.raw is not None]
        current = self.scope.current
        written = {obj.key for raw in raws for obj in raw.objects() if isinstance(obj, Name)}
        names = sorted(written & set(self.bindings.definitions) - current.everywhere)
        if not names:
            return row
        given = current.copy()
        given.everywhere.update(names)
        with self.scope.using(given):
            again = self._claim_as_written(link)
        shown = ", ".join(names)
        note = f"{shown} stands for the formula an earlier line defined it as"
        if again.status in HOLDS or again.status == "refuted":
            return again.with_note(note)
        return self._row(
            link,
            "claim",
            "unknown",
            f"{shown} is defined by an earlier line; with its formula this link is "
            f"{again.status} ({flat(again.detail, 80)}); read as any number it is refuted",
        )

    def _claim_given(self, link: Link, aliases: list[Alias]) -> Row:
        """The row of ``link`` judged with ``aliases`` applied (renamed names, definitions)."""
        sides = []
        for side in (link.lhs, link.rhs):
            new = replace(side, raw=renamed(side.raw, aliases) if side.raw is not None else None)
            self._stated[id(new)] = (new, self._stated_of(side))
            sides.append(new)
        given = replace(link, lhs=sides[0], rhs=sides[1])
        current = self.scope.current.copy()
        for alias in aliases:
            if alias.target is None:
                # a formula reads the renamings too (x = 2y after y = z: x stands for 2z)
                Binding("definition", alias.name, renamed(alias.value, aliases)).apply(current)
                current.everywhere.add(alias.name)
        with self.scope.using(current):
            return self._claim_as_written(given)

    def _claim_as_written(
        self, link: Link, *, bindings: Bindings | None = None, label: str = ""
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
            link = Link(
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
        left, right, allowed = with_tolerance(mapper, left, right, link.relation, rhs)
        left, right, where, premises, entries = stated_premises(
            left, right, self.domains, mapper.where
        )
        try:
            with self._limit(self.link_limit, "checking this link"):
                result = judge_within(
                    left,
                    link.relation,
                    right,
                    premises,
                    bases=bases,
                    tolerance=allowed,
                    where=where,
                    time_budget=self.link_budget,
                    numeric=not left_free and not right_free,
                    reads=mapper.reads,
                )
        except TooLargeError as error:
            return self._row(link, "claim", "too large", too_large(str(error)))
        if result.status == "unknown" and any(is_too_large(v) for v in result.verdicts.values()):
            reason = next(v.note for v in result.verdicts.values() if is_too_large(v))
            return self._row(link, "claim", "too large", reason, judgement=result)
        uses = self.scope.describe(mapper.bindings_used(lhs) | mapper.bindings_used(rhs))
        notes: tuple[str, ...] = (uses,) if uses else ()
        notes = (
            *notes,
            *(f"read: {convention}" for convention in mapper.conventions),
            *premise_notes({**premises, **entries}),
        )
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
        if (
            result.wrong
            and not (left_free | right_free) <= covered((left, right), {**premises, **entries})
            and self._about_unbound_values(link, mapper, left_free, right_free)
        ):
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
            stated=stated_value(link, result) if not left_free | right_free else "",
            computed=computed_value(link, result) if not left_free | right_free else "",
            notes=notes,
        )

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

    def _entrywise(self, link: Link) -> list[Row]:
        """``e^x = [2.46, 3.32, 0.67]``: the left side at each entry of the vectors it uses."""
        literal = link.rhs.raw.atom() if link.rhs.raw is not None else None
        if not isinstance(literal, VectorLiteral):  # pragma: no cover - _link checks this
            return []
        rows = []
        for position, entry in enumerate(literal.entries, start=1):
            side = Side(entry.latex, entry)
            self._stated[id(side)] = (side, stated_decimals(side, None, frozenset()))
            sub = Link(link.lhs, link.relation, side, link.line, False, False, roles=link.roles)
            row = self._claim(
                sub,
                bindings=self.scope.merged().at_entry(position, len(literal.entries)),
                label=f"{flat(link.lhs.latex, 30)} [entry {position}]",
            )
            rows.append(row)
            if row.kind == "skipped":
                break
        return rows

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
            end = Link(sides[start], relation.value, sides[-1], rows[-1].line, False, False)
            row = self._claim(end)
            if row.judgement is None:
                return
            word = "holds" if row.judgement.holds else "is wrong too"
            ends = f"{flat(sides[start].latex, 30)} {relation.text} {flat(sides[-1].latex, 30)}"
            note = f"end to end, {ends} {word}: {row.judgement.describe()}"
            last = rows[-1]
            self.rows[self.rows.index(last)] = last.with_note(note)
            return


def _unread_as_renamed(row: Row, aliases: list[Alias]) -> bool:
    """Whether a skipped link was unread for want of what the aliases supply.

    Either it is about values the file does not give (the supposition gives them), or a name
    the aliases rename has no role as written (``r`` in ``H(p, r)``; renamed, it is ``p``).
    """
    return NOT_GIVEN in row.detail or any(
        alias.target is not None and f"--assume {alias.name}:" in row.detail for alias in aliases
    )
