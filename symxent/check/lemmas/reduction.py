"""What one lemma application does to a goal ``G ≥ 0``: a new goal that implies it.

Example:
    >>> import sympy as sp
    >>> Reduction(sp.S.Zero, ()).goal
    0
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

import sympy as sp

from symxent.check.lemmas.certificate import Application, joined, show
from symxent.check.lemmas.forms import split_sums

__all__ = ["Context", "Reduction", "term_by_term"]


@dataclass(frozen=True)
class Reduction:
    """``goal ≥ 0`` implies the goal it replaces (by the applications, whose hypotheses hold).

    Attributes:
        goal: the new goal (to be shown ``≥ 0``, or ``> 0`` for a strict claim).
        applications: the lemma applications that justify the step.
        equality: when the old goal equals the new one exactly (the lemmas' equality cases),
            or empty when not known.
    """

    goal: sp.Expr
    applications: tuple[Application, ...]
    equality: str = ""


@dataclass(frozen=True)
class Context:
    """What every lemma may use: the claim's domain and whether the claim is strict."""

    where: Mapping[object, object]
    strict: bool = False


Bound = Callable[[sp.Expr, Context], sp.Expr | None]
"""A lemma's lower bound of one term (None where it does not apply)."""


def _bounded(expr: sp.Expr, bound: Bound, context: Context) -> tuple[sp.Expr, list[str]]:
    """``expr`` with each term bounded where ``bound`` applies, and what each bound showed."""
    total, details = sp.S.Zero, []
    for term in sp.Add.make_args(sp.expand(expr)):
        lower = bound(term, context)
        if lower is not None:
            details.append(f"{show(term)} ≥ {show(lower)}")
        total += term if lower is None else lower
    return total, details


def term_by_term(form: sp.Expr, bound: Bound, lemma: str, context: Context) -> Iterator[Reduction]:
    """The goal ``form`` bounded by ``bound`` outside its sums and inside each, term by term.

    The applications outside the sums come first, then one per sum (``summed over i``); no
    reduction when ``bound`` applied nowhere.
    """
    shape = split_sums(form)
    rest, details = _bounded(shape.rest, bound, context)
    applications = [Application(lemma, joined(details))] if details else []
    new_goal = rest
    for span in shape.ranges:
        summand, more = _bounded(span.summand, bound, context)
        if more:
            applications.append(Application(lemma, joined(more), summed=span.index.name))
        new_goal += sp.Sum(summand, (span.index, span.low, span.high))
    if applications:
        yield Reduction(new_goal, tuple(applications))
