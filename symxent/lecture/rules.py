r"""The lecture rules: when a link of a lecture is not judged as a claim over every value.

A formula in notes means what its context makes it mean. These rules keep a checker of notes
from crying wolf, and each says why in the report:

* a lone name that nothing binds compared with a number (``x \ge 0``, ``0 < p < 1``) is a
  **condition** where the lecture works, not a claim refuted over all reals
  (:meth:`LectureRules._condition`);
* a value **restated in a later section** (``H(p) = 0.881`` for a biased coin, then
  ``H(p) = 1`` for a fair one given in prose) is about another ``p``: judged with the earlier
  section's values it is unknown, not refuted (:meth:`LectureRules._restated`);
* an equation of a number and names the file **never binds** (``H(X, Y) = 2`` for two fair
  bits said in prose) is skipped with the reason, unless no value of those names could make it
  true (:meth:`LectureRules._unbound`);
* a chain that ends in such a value is **about that example**: its general links that fail are
  unknown, not refuted (:func:`about_an_example`).

``symxent verify`` (``claims_only``) applies none of them: a link alone is judged as written.

Example:
    >>> from symxent.lecture.report import Row
    >>> rows = [[Row(1, "H(X, Y)", "=", "H(X) + H(Y)", "claim", "refuted", "refuted at ...")],
    ...         [Row(1, "H(X) + H(Y)", "=", "2", "skipped", "skipped",
    ...              "depends on X, Y, whose values this file does not give")]]
    >>> about_an_example(rows)[0][0].status
    'unknown'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

import sympy as sp

from symxent.latex.mapping import Mapper
from symxent.latex.raw import Name
from symxent.lecture.judge import judge
from symxent.lecture.links import Link, flat, plain_names, stem, written_names, written_number
from symxent.lecture.report import Row

if TYPE_CHECKING:
    from contextlib import AbstractContextManager
    from fractions import Fraction

    from symxent.latex.mapping import Bindings
    from symxent.latex.parse import Side
    from symxent.latex.roles import Roles
    from symxent.lecture.aliases import Alias
    from symxent.lecture.domains import StatedDomain
    from symxent.lecture.scope import Scope

__all__ = ["NOT_GIVEN", "LectureRules", "about_an_example"]


NOT_GIVEN = "this file does not give"


def about_an_example(per_link: list[list[Row]]) -> list[list[Row]]:
    r"""A chain that ends in values the file gives only in prose is about that example.

    ``H(X, Y) = H(X) + H(Y) = 2`` after "X and Y are two independent fair bits": the last link is
    skipped (the file does not give X and Y), and the first holds for that example, not in
    general. A general link of such a chain that fails is therefore unknown, not refuted.
    """
    example = next((row for rows in per_link for row in rows if NOT_GIVEN in row.detail), None)
    if example is None:
        return per_link
    but = f"; but the chain is about an example the file does not give ({example.detail})"
    return [
        [
            replace(row, status="unknown", detail=row.detail + but)
            if row.kind == "claim" and row.status == "refuted" and not row.computed
            else row
            for row in rows
        ]
        for rows in per_link
    ]


class LectureRules:
    """The lecture rules, the base of :class:`~symxent.lecture.checker.LectureChecker`'s mixins.

    It declares the checker's state that they share and, under ``TYPE_CHECKING``, the methods
    they call across mixins (no stubs at run time).
    """

    roles: Roles
    scope: Scope
    bases: tuple[str, ...]
    claims_only: bool
    link_budget: float
    link_limit: float
    lead: str | None
    aliases: dict[str, Alias]
    domains: dict[str, StatedDomain]
    rows: list[Row]
    _stated: dict[int, tuple[Side, frozenset[Fraction]]]
    _definitions: dict[str, tuple[str, int]]
    _numbers_stated: dict[str, list[tuple[int, int, str]]]

    if TYPE_CHECKING:

        @property
        def bindings(self) -> Bindings: ...  # noqa: D102
        def _row(
            self, link: Link, kind: str, status: str, detail: str = "", **more: object
        ) -> Row: ...
        def _stated_of(self, side: Side | None) -> frozenset[Fraction]: ...
        def _limit(self, seconds: float, what: str) -> AbstractContextManager[None]: ...

    def _condition(self, link: Link) -> str:
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
                and written_number(other.raw)
                and atom.key not in self.scope.merged().names()
            ):
                return f"a condition on {named.latex} (where the lecture works), not a claim"
        return ""

    def _restated(self, link: Link) -> int | None:
        """The line where an earlier section gave the named side of ``link`` another number.

        Every equation of a side written with names and a side written with numbers only is
        recorded (the named side's text, the other side's text, the section); the line of an
        earlier record with the same named side and other numbers is returned.
        """
        lhs, rhs = link.lhs.raw, link.rhs.raw
        if self.claims_only or link.relation not in ("=", "≈") or lhs is None or rhs is None:
            return None
        left_number, right_number = written_number(lhs), written_number(rhs)
        if left_number == right_number:
            return None
        free, number = (link.rhs, link.lhs) if left_number else (link.lhs, link.rhs)
        key, value = flat(free.latex), flat(number.latex)
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

    def _about_earlier_values(self, link: Link, left: set[str], right: set[str]) -> bool:
        """An equation of a number and names that only an earlier section gives values."""
        if self.claims_only or link.relation not in ("=", "≈") or bool(left) == bool(right):
            return False
        earlier = self.scope.earlier_names()
        return any(stem(name) in earlier for name in left | right)

    def _about_unbound_values(
        self, link: Link, mapper: Mapper, left: set[str], right: set[str]
    ) -> bool:
        r"""Whether the link equates a number and an expression of names the file never binds.

        ``H(X, Y) = 2`` (or ``H(p) = -(0.6 \log 0.6 + 0.4 \\log 0.4)``, or ``= h`` with ``h``
        bound) is a claim about specific values of X and Y. An identity of two expressions, a
        side that is a number only because its terms cancel, and a bound are general.
        """
        if self.claims_only or link.relation not in ("=", "≈") or bool(left) == bool(right):
            return False
        number = link.rhs.raw if left else link.lhs.raw
        return number is not None and (written_number(number) or bool(mapper.bindings_used(number)))

    def _unbound(
        self,
        link: Link,
        mapper: Mapper,
        sides: tuple[sp.Expr, sp.Expr],
        left_is_free: bool,
        bases: tuple[str, ...],
    ) -> tuple[str, str]:
        """For a refuted claim about unbound values: the reason to skip it, or a note why not."""
        free, number = sides if left_is_free else sides[::-1]
        raw = link.lhs.raw if left_is_free else link.rhs.raw
        depends = plain_names(free) - {str(s) for s in mapper.decimals}
        if not depends:  # only a class count is free (\sum_{i=1}^{n-1} p_i with p given)
            depends = {str(s) for s in free.free_symbols if str(s) != "logbase"}
        written = depends & (written_names(raw) if raw is not None else set())
        names = ", ".join(sorted(written or depends))
        if self._attainable(free, number, mapper.where, bases):
            plural = "whose values" if "," in names else "whose value"
            return f"depends on {names}, {plural} {NOT_GIVEN}", ""
        return "", f"no value of {names} makes it true"

    def _attainable(
        self, free: sp.Expr, number: sp.Expr, where: Mapping[object, object], bases: tuple[str, ...]
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
            budget = self.link_budget
            away = judge(
                free, relation, bound, bases=bases, where=where, time_budget=budget, numeric=False
            )
            if away.status in ("proved", "confirmed"):  # in every base tried
                return False
        return True
