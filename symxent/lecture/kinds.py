r"""What a link of a lecture is: a binding, a definition, notation, skipped, or a claim.

:meth:`LinkKinds._link_rows` sorts each link (:mod:`symxent.lecture.classify` decides the
kinds): ``p = 0.3`` and ``x \in \{a, b\}`` bind values for the links after them, ``L = -\sum_i
y_i \log \hat{y}_i`` defines a name, a side that cannot be read is skipped with the reason, and
everything else is a claim (:mod:`symxent.lecture.claims`). A definition of a vector's entries
(``\hat{y}_i = \frac{e^{x_i}}{\sum_j e^{x_j}}``) checks the values given to it later, entry by
entry; an equality said in prose (``If the model is perfect, $q = p$``) is also a supposition
for the links after it in its section (:mod:`symxent.lecture.aliases`).

Example:
    >>> from symxent.lecture.checker import LectureChecker
    >>> checker = LectureChecker()
    >>> checker.equation("p = 0.25", 1)
    >>> [(row.kind, row.detail) for row in checker.rows]
    [('binding', 'p = 1/4')]
"""

from __future__ import annotations

import re
from dataclasses import replace

import sympy as sp

from symxent.budget import TooLargeError
from symxent.latex.limits import LatexTooLongError
from symxent.latex.mapping import Mapper, NotEvaluableError
from symxent.latex.parse import read_equation
from symxent.latex.raw import Apply, Decimal, Name, Raw, VectorLiteral
from symxent.latex.vectors import identifier, stem_key
from symxent.lecture.aliases import Alias, alias_of, supposes
from symxent.lecture.claims import ClaimJudging
from symxent.lecture.classify import Binding, binding_of, defines, free_names, support_of
from symxent.lecture.domains import StatedDomain, comparison_domain, listed, stated_domain
from symxent.lecture.judge import judge, too_large
from symxent.lecture.links import Link, flat, values_text
from symxent.lecture.report import Row

__all__ = ["CHECKED", "LinkKinds"]

CHECKED = ("=", "≈", "<=", ">=", "<", ">")
"""The relations judged as claims."""

_DOMAIN_NOTE = "a stated domain, {}: a premise for the links after it in this section"
_INDEX = re.compile("[a-z]")
"""A subscript that is an index: a statement about ``x_i`` is about every entry of ``x``."""


def _domain_note(domains: list[StatedDomain]) -> str:
    return _DOMAIN_NOTE.format("; ".join(domain.describe() for domain in domains))


def _stated_names(latex: str) -> list[tuple[str, str, str]]:
    r"""The names a domain statement is about: (key, as written, index) each.

    ``x`` and ``\mu`` are scalars (no index); ``y_i``, ``\hat{y}_i``, ``y^{(i)}`` and a list
    ``y_1, \dots, y_N`` are every entry of the vector (its name, the index ``i``). A single
    entry (``y_1``) or a name with a named subscript (``D_{KL}``) states nothing here.
    """
    items = listed(latex)
    if items is None:
        return []
    names: list[Name] = []
    for text in items[0]:
        try:
            side = read_equation(text).sides
        except LatexTooLongError:
            return []
        atom = side[0].raw.atom() if len(side) == 1 and side[0].raw is not None else None
        if not isinstance(atom, Name):
            return []
        names.append(atom)
    if items[1]:  # y_1, \dots, y_N: every entry of one vector
        stems = {(n.stem, n.primes) for n in names}
        if len(stems) != 1 or any(len(n.subscript) != 1 for n in names):
            return []
        first = names[0]
        key = identifier(stem_key(first))
        return [(key, latex, "i")]
    found = []
    for name in names:
        if not name.subscript:
            found.append((name.key, name.latex, ""))
        elif len(name.subscript) == 1 and _INDEX.fullmatch(name.subscript[0]):
            key = identifier(stem_key(name))
            found.append((key, name.latex, name.subscript[0]))
    return found


class LinkKinds(ClaimJudging):
    """Sorting links by kind, a mixin of :class:`~symxent.lecture.checker.LectureChecker`."""

    def _link_rows(self, link: Link) -> list[Row]:
        if link.relation == "∈" and not self.claims_only:
            domains = self._state_domain(link)
            labels = support_of(link.lhs.latex, link.rhs.latex)
            if labels:
                for label in labels:
                    if label not in self.bindings.labels:
                        self.bindings.labels.append(label)
                self.scope.changed()
                detail = f"classes {', '.join(labels)}"
                if domains:
                    detail += f"; {_domain_note(domains)}"
                return [self._row(link, "binding", "binding", detail)]
            if domains:
                return [self._row(link, "binding", "binding", _domain_note(domains))]
        if (
            link.relation in ("<=", ">=", "<", ">")
            and not self.claims_only
            and link.lhs.raw is None
            and "," in link.lhs.latex
        ):
            # ``a, b > 0``: a condition on each name of the list
            domains = self._state_comparison(link)
            if domains:
                reason = f"a condition on {link.lhs.latex} (where the lecture works), not a claim"
                row = self._row(link, "skipped", "skipped", reason)
                return [row.with_note(_domain_note(domains))]
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
            row = self._row(link, "skipped", "skipped", condition)
            domains = self._state_comparison(link)
            if domains:
                row = row.with_note(_domain_note(domains))
            return [row]
        if link.relation not in CHECKED:
            reason = f"the relation {link.relation} is not checked"
            if link.relation == "←":
                reason = "the arrow ← is an update (an assignment), not a relation symxent checks"
            return [self._row(link, "skipped", "skipped", reason)]
        if link.first and not self.claims_only:
            if link.single and link.relation == "=":
                # a value is computed from whatever the file gave before (``q = 1 - p``)
                merged = self.scope.merged()
                binding = binding_of(link.lhs.raw, link.rhs.raw, link.roles or self.roles, merged)
                if binding is not None and not self._states_given_entry(binding):
                    binding.apply(self.bindings)
                    self.scope.bound(binding.name, link.line)
                    row = self._row(link, "binding", "binding", binding.describe())
                    return [row, *self._definition_checks(binding.name, link)]
            defined = defines(link.lhs.raw, self.roles, self.bindings)
            if defined is not None and link.relation == "=":
                self._record_definition(link)
                detail = f"defines {flat(defined, 40)}"
                alias = self._alias(link)
                if alias is not None:
                    detail += (
                        "; said in prose: a supposition for the links after it in this section"
                    )
                return [self._row(link, "definition", "definition", detail)]
        if isinstance(link.rhs.raw.atom(), VectorLiteral):
            return self._entrywise(link)
        return [self._claim(link)]

    def _state_domain(self, link: Link) -> list[StatedDomain]:
        r"""Record ``x \in (0, 1)``, ``y_i \in \{0, 1\}``, ``a, b \in (0, 1)`` as premises."""
        found = []
        for name, latex, index in _stated_names(link.lhs.latex):
            domain = stated_domain(name, latex, link.rhs.latex, line=link.line)
            if domain is not None:
                found.append(self._add_domain(replace(domain, index=index)))
        return found

    def _state_comparison(self, link: Link) -> list[StatedDomain]:
        r"""Record the condition ``x > 0`` (``0 < p``, ``x_i > 0``, ``a, b > 0``) as premises."""
        for named, other in ((link.lhs, link.rhs), (link.rhs, link.lhs)):
            found = []
            for name, latex, index in _stated_names(named.latex):
                first, line = named is link.lhs, link.line
                domain = comparison_domain(
                    name, latex, link.relation, other.latex, name_first=first, line=line
                )
                if domain is not None:
                    found.append(self._add_domain(replace(domain, index=index)))
            if found:
                return found
        return []

    def _add_domain(self, domain: StatedDomain) -> StatedDomain:
        """Narrow the section's premise on ``domain.key`` by ``domain`` (never widen it)."""
        before = self.domains.get(domain.key)
        domain = before.narrowed(domain) if before is not None else domain
        self.domains[domain.key] = domain
        self.scope.changed()
        return domain

    def _states_given_entry(self, binding: Binding) -> bool:
        """Whether ``p_3 = 0.5`` states an entry of a vector this section gave in full.

        After ``p = [0.2, 0.3, 0.5]`` the section has given every entry of ``p``. A line giving
        an entry past them (``p_4 = 0``) or the value it already has (``p_3 = 0.5``) is a claim
        about the given ``p`` (skipped with the entry named, or proved), not a new ``p`` whose
        other entries would be unknown. A line giving an entry another value (``p_3 = 0.7``)
        may be a wrong restatement or a new example: it stays a binding, never refuted.
        """
        values = self.bindings.vectors.get(binding.name)
        if binding.kind != "entry" or values is None or not isinstance(binding.key, int):
            return False
        if not 1 <= binding.key <= len(values):
            return True
        return bool(values[binding.key - 1] == binding.value)

    def _alias(self, link: Link) -> Alias | None:
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

    def _record_definition(self, link: Link) -> None:
        r"""Remember a definition for the lines after it.

        ``\hat{y}_i = f(i)``: values of the vector given later are checked with it.
        ``L = -\sum_i y_i \log \hat{y}_i`` (a name with no role of its own): the formula
        stands for ``L`` where later lines use it, as in ``\frac{\partial L}{\partial z_k}``.
        """
        atom = link.lhs.raw.atom() if link.lhs.raw is not None else None
        defined = (
            isinstance(atom, Name)
            and not atom.subscript
            and not (link.roles or self.roles).is_vector(atom.key, atom.stem)
            and not self.roles.is_count(atom.key)
        )
        # L(\mathbf{w}, b) = \prod_i ...: a later bare L is the same L (the definition
        # abbreviated); judged free, \log L = \sum_i ... was refuted at any L
        name = atom.name if isinstance(atom, Apply) and _named_application(atom) else atom
        if isinstance(name, Name) and (defined or name is not atom) and link.rhs.raw is not None:
            Binding("definition", name.key, link.rhs.raw, latex=name.latex).apply(self.bindings)
            self.scope.bound(name.key, link.line)
            return
        if not (isinstance(atom, Name) and link.single and link.rhs.raw is not None):
            return
        if len(atom.subscript) != 1 or not re.fullmatch("[a-z]", atom.subscript[0]):
            return
        key = stem_key(atom)
        self.bindings.formulas[key] = (atom.subscript[0], link.rhs.raw)
        self.scope.changed()
        self._definitions[key] = (link.lhs.latex, link.line)

    def _definition_checks(self, key: str, link: Link) -> list[Row]:
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
            budget = self.link_budget
            result = judge(
                computed, "=", stated, bases=self.bases, tolerance=half, time_budget=budget
            )
            rows.append(
                Row(
                    line=link.line,
                    lhs=f"{flat(written, 30)} ({index} = {position})",
                    relation="=",
                    rhs=flat(entry.latex, 20),
                    kind="claim",
                    status=result.status,
                    detail=result.describe(),
                    stated=flat(entry.latex, 24),
                    computed=values_text(result.lhs_values, result),
                    judgement=result,
                    notes=(f"by the definition on line {line}",),
                )
            )
        return rows


def _named_application(atom: object) -> bool:
    r"""Whether ``atom`` is a name applied to plain names (``L(\mathbf{w}, b)``, ``J(\theta)``).

    Such a left side of a definition names a function of its arguments; a later bare name
    (``\log L``) abbreviates it. Applications of numbers (``L(0.5)``), conditionals and
    subscripted results are not definitions of the name.
    """
    return (
        isinstance(atom, Apply)
        and bool(atom.args)
        and not atom.given
        and not atom.parameters
        and atom.subscript is None
        and not atom.name.subscript
        and all(isinstance(arg, Raw) and isinstance(arg.atom(), Name) for arg in atom.args)
    )
