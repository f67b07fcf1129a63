r"""LaTeX as lecturers write it -> symxent expressions.

:func:`parse` reads one identity or chain (``a = b \leq c``, possibly over the rows of an
``aligned`` environment) and returns a :class:`Chain` of symxent expressions;
:func:`parse_expression` reads one expression. Both understand the notation of the seed
lectures: ``H(p)``, ``H(p, q)``, ``\mathrm{CE}(p, q)``, ``D_{KL}(p \parallel q)``,
``KL(P || Q)``, ``\sigma(z)``, ``\mathrm{softmax}(z)_k``, ``\hat{y}_i``, ``y_{ij}``,
``\mathbb{E}_{x \sim p}[f(x)]``, ``P(X = Y)``, sums and integrals without bounds (read over
the classes), ``\log`` with a configurable base (``\log_2``, ``\ln``, ``\lg`` explicit),
``\approx``/``\simeq``, ``\text{...}`` labels and units, ``\quad``, ``\because``.

Names get their meaning from their role (see :mod:`symxent.latex.roles`): ``p``, ``q`` are
distributions, ``z`` logits, ``y`` labels, ``\hat{y}`` predictions; ``--assume``-style facts
override that. Decimals are exact rationals. The input is never evaluated as code: a LaTeX
grammar (latex2sympy2_extended, imported lazily) reads it, after a rewriting pass, under a
size cap and a time limit.

Example:
    >>> from symxent import latex
    >>> chain = parse(r"D_{KL}(p \parallel q) = -H(p) + \mathrm{CE}(p, q)")
    >>> chain.expressions
    (KLDivergence(p, q, E), CrossEntropy(p, q, E) - Entropy(p, E))
    >>> latex(chain.expressions[0])
    'D_{\\mathrm{KL}}(p \\parallel q)'
    >>> parse_expression(r"\log_2 \frac{1}{0.125}").doit()
    3
    >>> parse(r"H(p) = -\sum_x p(x) \log p(x)", base="2").expressions[1]
    -Sum(Logarithm(p[x], 2)*p[x], (x, 1, n))
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import sympy as sp

from symxent.errors import LatexParseError
from symxent.latex.environments import split_display
from symxent.latex.limits import MAX_EQUATION_CHARS, LatexTooLongError, check_input, time_limit
from symxent.latex.mapping import DOCUMENT_BASE, Bindings, Mapper
from symxent.latex.normalize import UNCHECKED_RELATIONS, clean, split_chain
from symxent.latex.raw import Raw
from symxent.latex.reader import read_side
from symxent.latex.roles import Roles
from symxent.log_bases import BASE_WORDS, BASES, UNIT_BASES
from symxent.relations import Relation

__all__ = [
    "DEFAULT_TIMEOUT",
    "Chain",
    "Equation",
    "Side",
    "base_value",
    "parse",
    "parse_expression",
    "read_equation",
]

DEFAULT_TIMEOUT = 5.0
"""Seconds allowed for reading one side of an equation."""


def base_value(base: str | int) -> sp.Expr:
    """The log base for a setting: ``"e"`` -> E, ``2`` -> 2, ``"auto"`` -> the document symbol.

    Raises:
        LatexParseError: for an unknown setting.

    Example:
        >>> base_value("2"), base_value("e")
        (2, E)
    """
    text = str(base)
    if text == "auto":
        return DOCUMENT_BASE
    if text not in BASE_WORDS:
        raise LatexParseError(f"unknown log base {base!r}; use e, 2, 10 or auto")
    return BASES[BASE_WORDS[text]]


@dataclass(frozen=True)
class Side:
    """One side of an equation as read: its LaTeX, and its Raw or why it could not be read.

    Attributes:
        latex: the side's text.
        raw: the parsed side, or None.
        error: why it could not be read (empty when it was).
        too_long: True when a size or time limit stopped the reading.
    """

    latex: str
    raw: Raw | None
    error: str = ""
    too_long: bool = False


@dataclass(frozen=True)
class Equation:
    r"""One equation as read: sides and relations, before names get a meaning.

    Attributes:
        latex: the cleaned text.
        sides: the sides; a continuation (text starting with a relation) has an empty first
            side to be filled with the end of the previous equation.
        relations: normalised relation symbols (``=``, ``≈``, ``<=``, ``>=``, ``<``, ``>``, or
            one of the unchecked ``≠ ∈ ∉ ~ ∝``).
        notes: how decoration and notation were read.
        more: further pieces written on the same line after ``\quad`` (claims, or text
            to report as unreadable).
        facts: ``--assume``-style facts from a condition written after the claim.
        premise: the text before an implication arrow (``\implies``), when it is not a
            condition on names (:attr:`~symxent.latex.normalize.Cleaned.premise`).
    """

    latex: str
    sides: tuple[Side, ...]
    relations: tuple[str, ...]
    notes: tuple[str, ...] = ()
    more: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()
    premise: str = ""

    @property
    def continuation(self) -> bool:
        """True when the equation starts with a relation (it continues the previous one)."""
        return bool(self.relations) and not self.sides[0].latex.strip()


def read_equation(latex: str, *, timeout: float = DEFAULT_TIMEOUT) -> Equation:
    r"""Read one equation into sides and relations; a side that cannot be read keeps its reason.

    Raises:
        LatexTooLongError: when the whole equation is over the size cap.

    Example:
        >>> eq = read_equation(r"= -(1 \times -0.737) = 0.737")
        >>> eq.continuation, eq.relations
        (True, ('=', '='))
    """
    if len(latex) > 2 * MAX_EQUATION_CHARS:
        raise LatexTooLongError(
            f"too long: {len(latex)} characters (limit {2 * MAX_EQUATION_CHARS})"
        )
    cleaned = clean(latex)
    if len(cleaned.text) > MAX_EQUATION_CHARS:
        raise LatexTooLongError(
            f"too long: {len(cleaned.text)} characters (limit {MAX_EQUATION_CHARS})"
        )
    texts, relations = split_chain(cleaned.text)
    sides: list[Side] = []
    notes = list(cleaned.notes)
    for position, text in enumerate(texts):
        if position == 0 and relations and not text.strip():
            sides.append(Side("", None))
            continue
        try:
            with time_limit(timeout, "reading this side"):
                raw = read_side(text)
        except LatexParseError as error:
            sides.append(Side(text.strip(), None, str(error), isinstance(error, LatexTooLongError)))
            continue
        except RecursionError:
            sides.append(Side(text.strip(), None, "too deeply nested", True))
            continue
        notes.extend(raw.notes)
        sides.append(Side(text.strip(), raw))
    return Equation(
        cleaned.text,
        tuple(sides),
        tuple(relations),
        tuple(notes),
        cleaned.more,
        cleaned.facts,
        cleaned.premise,
    )


@dataclass(frozen=True)
class Chain:
    r"""A parsed chain ``e0 R1 e1 R2 e2 ...`` of symxent expressions.

    Attributes:
        latex: the input.
        expressions: the sides, as symxent/SymPy expressions.
        relations: the relations between consecutive sides.
        where: domains the names were given (for :func:`symxent.check.check_claim`).
        notes: how notation was read (``\sum_x read as a sum over all classes``).
    """

    latex: str
    expressions: tuple[sp.Expr, ...]
    relations: tuple[Relation, ...]
    where: Mapping[object, object] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def links(self) -> list[tuple[sp.Expr, Relation, sp.Expr]]:
        """The links ``(lhs, relation, rhs)`` of the chain, in order."""
        return [
            (self.expressions[k], self.relations[k], self.expressions[k + 1])
            for k in range(len(self.relations))
        ]


def _sides(latex: str, timeout: float) -> tuple[list[Side], list[str], list[str], list[str]]:
    sides: list[Side] = []
    relations: list[str] = []
    notes: list[str] = []
    facts: list[str] = []
    check_input(latex, timeout)
    for piece in split_display(latex):
        equation = read_equation(piece.text, timeout=timeout)
        if equation.premise:
            raise LatexParseError(
                f"{latex.strip()!r} is an implication (premise \\implies conclusion): "
                "symxent verify and symxent check judge it; it is not one chain"
            )
        if equation.more:
            raise LatexParseError(
                f"several equations in {latex.strip()!r} ({equation.more[0]!r} after \\quad); "
                "give one at a time"
            )
        notes.extend(equation.notes)
        facts.extend(equation.facts)
        if equation.continuation:
            if not sides:
                raise LatexParseError(
                    f"{latex.strip()!r} starts with {equation.relations[0]} but has no left side"
                )
            sides.extend(equation.sides[1:])
        elif sides:
            raise LatexParseError(f"several equations in {latex.strip()!r}; give one at a time")
        else:
            sides.extend(equation.sides)
        relations.extend(equation.relations)
    for side in sides:
        if side.raw is None:
            raise (LatexTooLongError if side.too_long else LatexParseError)(side.error)
    return sides, relations, notes, facts


def parse(
    latex: str,
    *,
    base: str | int = "e",
    assume: Iterable[str] = (),
    timeout: float = DEFAULT_TIMEOUT,
) -> Chain:
    r"""Parse one identity or chain of relations into symxent expressions.

    Args:
        latex: the LaTeX, e.g. ``r"H(p, q) = -\sum_x p(x) \log q(x)"``; an ``aligned`` block
            whose rows continue one chain is accepted.
        base: the base of a plain ``\log`` and of the quantities: ``"e"`` (default), ``2``,
            ``10``, or ``"auto"`` to keep it as the symbol
            :data:`~symxent.latex.mapping.DOCUMENT_BASE`.
        assume: facts such as ``"y:one-hot"``, ``"n=3"`` (see :mod:`symxent.latex.roles`).
        timeout: seconds allowed for reading each side.

    Raises:
        LatexParseError: naming what was not understood (a
            :class:`~symxent.latex.mapping.NotEvaluableError` when a name has no meaning, a
            :class:`~symxent.latex.limits.LatexTooLongError` when a limit was hit).
    """
    sides, relations, notes, facts = _sides(latex, timeout)
    roles = Roles.from_assumptions([*assume, *facts])
    if not relations:
        raise LatexParseError(f"no relation in {latex.strip()!r}: nothing to check")
    unchecked = [r for r in relations if r in UNCHECKED_RELATIONS]
    if unchecked:
        raise LatexParseError(f"the relation {unchecked[0]} is not one symxent checks")
    raws = [side.raw for side in sides if side.raw is not None]
    units = {UNIT_BASES[unit] for raw in raws for unit in raw.units}
    if len(units) > 1:
        raise LatexParseError(f"the sides of {latex.strip()!r} are in different units")
    mapper = Mapper(roles, Bindings(), base=base_value(next(iter(units), roles.base or base)))
    mapper.prepare(raws)
    expressions = tuple(mapper.map(raw) for raw in raws)
    return Chain(
        latex,
        expressions,
        tuple(Relation.parse(r) for r in relations),
        dict(mapper.where),
        tuple(notes),
    )


def parse_expression(
    latex: str,
    *,
    base: str | int = "e",
    assume: Iterable[str] = (),
    timeout: float = DEFAULT_TIMEOUT,
) -> sp.Expr:
    r"""Parse one expression (no relation) into a symxent expression.

    Example:
        >>> parse_expression(r"\mathrm{CE}(p, q)")
        CrossEntropy(p, q, E)
    """
    sides, relations, _, facts = _sides(latex, timeout)
    roles = Roles.from_assumptions([*assume, *facts])
    if relations:
        raise LatexParseError(f"{latex.strip()!r} is a relation; use parse() for it")
    mapper = Mapper(roles, Bindings(), base=base_value(roles.base or base))
    raw = sides[0].raw
    if raw is None:  # pragma: no cover - _sides raises for unreadable sides
        raise LatexParseError(sides[0].error)
    return mapper.map(raw)
