r"""The lemma prover: a short, bounded search for a chain of named lemmas that proves a bound.

A claim ``lhs ≥ rhs`` (or ``≤``, ``>``, ``<``) is the goal ``G = lhs − rhs ≥ 0`` (oriented).
Each lemma (:data:`LEMMAS`) turns a goal into a new goal that implies it, applying itself only
where its hypotheses are shown exactly on the domain; a goal is *closed* when its canonical
form is exactly 0, or its sign is shown by the symbolic prover's sign arguments, or it is a sum
of terms each shown non-negative. The search tries the lemma the step's reason names first
(``"Jensen"``, ``"Gibbs"``, ``"log x ≤ x − 1"``), then the others, at most :data:`DEPTH`
applications deep and within a time budget (:data:`SECONDS`). It never guesses: a goal that
is not closed gives no proof, and the claim keeps the verdict the search for a violation gave
it.

Example:
    >>> from symxent import Distribution, KLDivergence
    >>> from symxent.relations import Relation
    >>> p, q = Distribution("p", "n"), Distribution("q", "n")
    >>> proof = prove_by_lemmas(KLDivergence(p, q), Relation.GE, 0, where={})
    >>> proof.method
    'log x ≤ x − 1, summed over i'
    >>> proof.equality
    'p_i = q_i for every i'
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping

import sympy as sp

from symxent.check.canonical import _evaluate_sums, expand_definitions
from symxent.check.detail import Detail
from symxent.check.evaluate import exact_numbers
from symxent.check.lemmas.absolute import triangle
from symxent.check.lemmas.amgm import am_gm
from symxent.check.lemmas.certificate import Application, LemmaProof, joined, show
from symxent.check.lemmas.extremes import (
    each_entry,
    extremum_mean,
    largest_term,
    one_summand,
    split_extremum,
)
from symxent.check.lemmas.facts import shown_sign
from symxent.check.lemmas.forms import canonical, split_sums
from symxent.check.lemmas.jensen import jensen_bound, jensen_sum, log_sum_bound
from symxent.check.lemmas.monotone import take_logs
from symxent.check.lemmas.reduction import Context, Reduction
from symxent.check.lemmas.tangent import log_bound
from symxent.check.natural import positive_symbols
from symxent.check.signs import _is_zero, _prove_nonnegative
from symxent.check.symbolic import prove
from symxent.inputs import as_basic
from symxent.relations import Relation

__all__ = ["DEPTH", "LEMMAS", "REDUCTIONS", "SECONDS", "names_lemma", "prove_by_lemmas"]

Lemma = Callable[[sp.Expr, Context], Iterator[Reduction]]

LEMMAS: dict[str, Lemma] = {
    "log x ≤ x − 1": log_bound,
    "Jensen": jensen_bound,
    "Jensen, equal weights": jensen_sum,
    "log-sum inequality": log_sum_bound,
    "max/min": extremum_mean,
    "entry/max": each_entry,
    "largest term": largest_term,
    "at most the largest": split_extremum,
    "one summand": one_summand,
    "exp and log are increasing": take_logs,
    "weighted AM–GM": am_gm,
    "triangle inequality": triangle,
}
"""The lemmas that turn a goal into a new goal, by name, in the order the search tries them."""

DEPTH = 2
"""Most lemma applications in one chain."""

SECONDS = 3.0
"""Most CPU seconds one search may take (a guard: it is bounded by :data:`REDUCTIONS`)."""

REDUCTIONS = 24
"""Most lemma applications one search tries (the same claim gets the same answer on any machine)."""

_ZERO_OPS = 40
"""Largest bound (in operations) that SymPy's assumptions are asked whether it is 0."""

NONNEGATIVE_SUM = Detail("lemma_nonnegative_sum")

_REASON_WORDS = {
    "log-sum inequality": ("log-sum", "log sum"),
    "Jensen": ("jensen", "convex", "concave"),
    "log x ≤ x − 1": ("gibbs", "r - 1", "x - 1", "x−1", "x − 1"),
    "exp and log are increasing": ("increasing",),
    "weighted AM–GM": ("am-gm", "am–gm", "arithmetic"),
    "largest term": ("the term",),
    "at most the largest": ("at most e^{",),
}
"""Words in a step's reason that name a lemma (the lemma's name -> its words)."""


def names_lemma(reason: str) -> bool:
    """Whether a step's reason names one of the lemmas (``"Jensen, -log convex"``, ``"Gibbs"``).

    Example:
        >>> names_lemma("Gibbs' inequality"), names_lemma("definition")
        (True, False)
    """
    return bool(_named(reason))


def _named(reason: str) -> list[str]:
    """The lemmas the reason names, in the order of :data:`_REASON_WORDS`."""
    text = reason.lower()
    return [name for name, words in _REASON_WORDS.items() if any(w in text for w in words)]


def _order(reason: str) -> list[str]:
    """The lemmas' names, those the reason names first."""
    first = _named(reason)
    return first + [name for name in LEMMAS if name not in first]


def _close(goal: sp.Expr, context: Context) -> tuple[str, tuple[Application, ...], bool] | None:
    """Why ``goal ≥ 0`` (``> 0`` if strict) holds, the applications it used, and if it is 0."""
    reduced = canonical(goal)
    if reduced == 0 or (sp.count_ops(reduced) <= _ZERO_OPS and _is_zero(reduced)):
        if context.strict:
            return None
        return Detail("lemma_exactly_zero"), (), True
    if not reduced.has(sp.Sum):  # (with sums, the sign comes from the terms: below)
        found = _prove_nonnegative(reduced, context.strict, context.where)
        if found:
            return Detail("lemma_has_sign", found=found), (), False
        return None
    shape = split_sums(reduced)
    if not shape.ranges or not shown_sign(shape.rest, context.where, strict=context.strict):
        return None
    if not all(shown_sign(span.summand, context.where, strict=False) for span in shape.ranges):
        return None
    details: list[str] = [
        Detail(
            "lemma_each_term",
            term=show(span.summand),
            index=span.index.name,
            low=show(span.low),
            high=show(span.high),
        )
        for span in shape.ranges
    ]
    application = Application(NONNEGATIVE_SUM, joined(details))
    return Detail("lemma_every_sum"), (application,), False


def _prepare(
    lhs: sp.Basic, relation: Relation, rhs: sp.Basic, where: Mapping[object, object]
) -> tuple[sp.Expr, dict[object, object]]:
    """The oriented goal with definitions expanded, and the domain with signed twins."""
    lhs, rhs = exact_numbers(as_basic(lhs)), exact_numbers(as_basic(rhs))
    domain = dict(where)
    twins = positive_symbols(domain)
    if twins:
        lhs, rhs = lhs.xreplace(twins), rhs.xreplace(twins)
        domain = {twins.get(k, k): v for k, v in domain.items()}
    oriented = lhs - rhs if relation.direction > 0 else rhs - lhs
    expanded = sp.expand(_evaluate_sums(expand_definitions(oriented)), power_exp=False, log=False)
    return expanded, domain


SPLIT = {
    "max": Detail("lemma_split_max"),  # max(a, b) ≤ c iff a ≤ c and b ≤ c
    "min": Detail("lemma_split_min"),  # c ≤ min(a, b) iff c ≤ a and c ≤ b
}


def _extremum_cases(
    lhs: sp.Basic, relation: Relation, rhs: sp.Basic
) -> tuple[str, list[tuple[sp.Basic, sp.Basic]]] | None:
    """``big ≥ max(a, b)`` as ``big ≥ a`` and ``big ≥ b`` (and ``min(a, b) ≥ small``)."""
    big, small = (lhs, rhs) if relation.direction > 0 else (rhs, lhs)
    if isinstance(small, sp.Max):
        return "max", [(big, part) for part in small.args]
    if isinstance(big, sp.Min):
        return "min", [(part, small) for part in big.args]
    return None


def _prove_cases(
    kind: str,
    cases: list[tuple[sp.Basic, sp.Basic]],
    relation: Relation,
    *,
    where: Mapping[object, object],
    reason: str,
    seconds: float,
) -> LemmaProof | None:
    """Every case ``big ≥ part``, by the symbolic prover or by lemmas; None if one fails."""
    details: list[str] = []
    applications: list[Application] = []
    oriented = Relation.GT if relation.strict else Relation.GE
    for big, small in cases:
        case = f"{show(big)} {oriented.text} {show(small)}"
        found = prove(big, oriented, small, where=where)
        if found:
            details.append(Detail("lemma_with_note", text=case, note=found))
            continue
        proof = prove_by_lemmas(
            big, oriented, small, where=where, reason=reason, seconds=seconds / len(cases)
        )
        if proof is None:
            return None
        details.append(Detail("lemma_with_note", text=case, note=proof.method))
        applications += proof.applications
    split = Application(SPLIT[kind], joined(details))
    return LemmaProof((split, *applications), Detail("lemma_every_case"))


def prove_by_lemmas(
    lhs: sp.Basic,
    relation: Relation,
    rhs: sp.Basic,
    *,
    where: Mapping[object, object],
    reason: str = "",
    seconds: float = SECONDS,
) -> LemmaProof | None:
    """A proof of the inequality by a chain of named lemmas, or None.

    Args:
        lhs: left side.
        relation: ``≤``, ``≥``, ``<`` or ``>`` (other relations give None).
        rhs: right side.
        where: the claim's natural domain (Symbol -> Interval).
        reason: the step's reason; a lemma it names is tried first.
        seconds: the search's time budget.

    Returns:
        The lemma applications and how the last bound closed, or None.
    """
    if relation.direction == 0:
        return None
    cases = _extremum_cases(as_basic(lhs), relation, as_basic(rhs))
    if cases is not None:
        kind, parts = cases
        return _prove_cases(kind, parts, relation, where=where, reason=reason, seconds=seconds)
    goal, domain = _prepare(lhs, relation, rhs, where)
    if goal.has(sp.nan, sp.zoo):
        return None
    context = Context(domain, relation.strict)
    deadline = time.thread_time() + seconds  # CPU time: load does not change the answer
    names = _order(reason)

    def closed(current: sp.Expr, chain: tuple[Reduction, ...]) -> LemmaProof | None:
        found = _close(current, context) if chain or current.has(sp.Sum) else None
        if found is None or not (chain or found[1]):
            return None
        closing, extra, zero = found
        applications = tuple(a for r in chain for a in r.applications) + extra
        equality = chain[0].equality if len(chain) == 1 and zero else ""
        return LemmaProof(applications, closing, equality)

    # breadth first: a chain of one lemma is preferred to any chain of two
    level: list[tuple[sp.Expr, tuple[Reduction, ...]]] = [(goal, ())]
    proof = closed(goal, ())
    tried = 0
    for _ in range(DEPTH):
        if proof is not None:
            return proof
        following = []
        for current, chain in level:
            for name in names:
                for reduction in LEMMAS[name](current, context):
                    tried += 1
                    extended = (*chain, reduction)
                    proof = closed(reduction.goal, extended)
                    if proof is not None or tried >= REDUCTIONS:
                        return proof
                    if time.thread_time() > deadline:
                        return None
                    following.append((reduction.goal, extended))
        level = following
    return proof
