"""Numeric checking of one claim ``lhs R rhs``: a directed search for a violation in its domain.

Both sides are expanded, and the claim's natural domain is worked out
(:mod:`symxent.check.natural`: where both sides are defined). Then the search
(:mod:`symxent.check.search`) evaluates the claim in float64 at seeded random, boundary and
extreme points, for class counts across orders of magnitude and those the claim's constants
suggest, and runs a local search from the points where it came closest to failing. Every point
where float64 suggests the claim fails, or cannot judge it (a side overflowed or came out nan),
is decided in interval arithmetic (:mod:`symxent.check.recheck`, 50 to 200 digits): rounding
never makes a counterexample, and a point where a side is undefined never does either. A few
random points are always re-checked this way too, so a claim off by less than float64 can
resolve is still caught. A claim without free variables is evaluated once, in intervals.

Example:
    >>> import sympy as sp
    >>> from symxent import Distribution, Entropy
    >>> from symxent.relations import Relation
    >>> p = Distribution("p", "n")
    >>> outcome = numeric_check(Entropy(p), Relation.GE, sp.S.Zero)
    >>> outcome.counterexample is None, outcome.points > 100
    (True, True)
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import sympy as sp

from symxent.budget import TooLargeError
from symxent.check.detail import Detail
from symxent.check.domains import VariableSet, describe_variables
from symxent.check.evaluate import UnsupportedExpressionError, exact_numbers
from symxent.check.expand import (
    concrete_terms,
    doit_bounded,
    expand_fully,
    expand_keeping_sums,
)
from symxent.check.gaussian import close_gaussian_integrals
from symxent.check.natural import definedness, narrow
from symxent.check.outcome import NumericOutcome, NumericSettings
from symxent.check.recheck import Claim, Recheck, most_common, recheck
from symxent.check.sample import Sample, draw
from symxent.check.search import (
    claim_constants,
    class_counts,
    deviation,
    fails,
    float_values,
    local_search,
    movable,
    work_per_point,
)
from symxent.check.tally import _Budget, _points_for, _Tally
from symxent.check.verdict import Counterexample
from symxent.relations import Relation
from symxent.zero_log import zero_log_convention

__all__ = [
    "NumericOutcome",
    "NumericSettings",
    "concrete_terms",
    "doit_bounded",
    "expand_fully",
    "expand_keeping_sums",
    "numeric_check",
]


def _settings_for_counts(
    counts: set[sp.Symbol], values: tuple[int, ...]
) -> list[dict[sp.Symbol, int]]:
    ordered = sorted(counts, key=str)
    if not ordered:
        return [{}]
    combos = [dict.fromkeys(ordered, v) for v in values]
    if len(ordered) > 1:
        small = tuple(v for v in values if v <= 10)
        mixed = itertools.islice(itertools.product(small, repeat=len(ordered)), 1, None, 3)
        combos += [dict(zip(ordered, combo, strict=True)) for combo in mixed]
    return combos


def numeric_check(
    lhs: sp.Basic,
    relation: Relation,
    rhs: sp.Basic,
    *,
    where: Mapping[object, object] | None = None,
    settings: NumericSettings | None = None,
    tolerance: float | sp.Expr = 0.0,
) -> NumericOutcome:
    """Search for a counterexample to ``lhs relation rhs`` in its natural domain.

    Args:
        lhs: left side (any symxent/SymPy expression).
        relation: the claimed relation.
        rhs: right side.
        where: domain overrides (see :class:`symxent.check.domains.VariableSet`).
        settings: sampling settings.
        tolerance: for ``≈``, the allowed absolute difference (a Rational is used exactly).

    Returns:
        The outcome; ``counterexample`` is set only when the failure held at high precision.
        ``points`` counts the points that were judged: where float64 overflowed, only those
        re-evaluated at high precision.
    """
    settings = settings or NumericSettings()
    left, right = expand_keeping_sums(exact_numbers(lhs)), expand_keeping_sums(exact_numbers(rhs))
    left, right = close_gaussian_integrals(left), close_gaussian_integrals(right)
    left_eval, right_eval = zero_log_convention(left), zero_log_convention(right)
    variables = VariableSet.collect([left, right], where)
    conditions = definedness(left_eval) + definedness(right_eval)
    variables.scalars = narrow(variables.scalars, conditions)
    domain = describe_variables(variables)
    if domain and conditions:
        domain = Detail("domain_defined", parts=domain)
    narrowed: dict[object, object] = {**(where or {}), **variables.scalars}
    claim = Claim(left_eval, relation, right_eval, _exact_tolerance(tolerance))
    empty = [str(s) for s, d in variables.scalars.items() if d is sp.S.EmptySet]
    if empty:
        return NumericOutcome(
            0,
            0,
            0.0,
            domain=domain,
            where=narrowed,
            why_undefined=Detail("no_value_defined", names=", ".join(empty)),
        )
    if not any(vars(variables).values()):
        return _constant(claim, settings, domain)
    search = _Search(claim, variables, settings, claim_constants([left, right]))
    return search.run(domain, narrowed)


@dataclass
class _Search:
    """One directed search: the sweep over class-count settings, then the local search."""

    claim: Claim
    variables: VariableSet
    settings: NumericSettings
    constants: list[float]
    tally: _Tally = field(default_factory=_Tally)
    budget: _Budget = field(default_factory=_Budget)
    pool: list[tuple[float, Sample, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.rng = np.random.default_rng(self.settings.seed)

    def plan(self) -> list[dict[sp.Symbol, int]]:
        """The class-count settings to search (joint pmfs: not thousands of entries)."""
        counts = self.variables.class_counts
        values = (
            tuple(sorted(class_counts(self.settings.class_counts, self.constants)))
            if counts
            else ()
        )
        return self.variables.affordable(_settings_for_counts(counts, values))

    def run(self, domain: str, where: dict[object, object]) -> NumericOutcome:
        """Search; the outcome names ``domain`` and passes ``where`` on to the prover."""
        plan = self.plan()
        too_large: TooLargeError | None = None
        for counts in plan:
            try:
                found = self.sweep(counts, single=len(plan) == 1)
            except UnsupportedExpressionError as error:
                return NumericOutcome(0, 0, 0.0, unsupported=str(error), domain=domain)
            except TooLargeError as error:  # past the cap at this count: the others are searched
                too_large = error
                continue
            if found is not None:
                return _refuted(found, self.tally, domain, where)
        if too_large is not None and self.tally.sampled == 0:
            raise too_large  # no class count was small enough: too large to check
        local = 0
        if self.settings.starts and self.pool:
            found, local = self.local()
            if found is not None:
                return _refuted(found, self.tally, domain, where)
        return NumericOutcome(
            self.tally.compared + local,
            self.tally.undefined,
            float(max(self.tally.worst, 0.0)),
            searched=_searched(self.tally, self.variables, local, self.settings.starts),
            domain=domain,
            where=where,
            why_undefined=most_common(self.tally.reasons),
            unresolved=self.tally.unresolved,
            unchecked=self.tally.unchecked,
        )

    def sweep(self, counts: dict[sp.Symbol, int], *, single: bool) -> Counterexample | None:
        """Random, boundary and extreme points for one setting; decide the suspicious ones."""
        claim, settings, tally = self.claim, self.settings, self.tally
        cost = max(work_per_point(claim.left, counts), work_per_point(claim.right, counts))
        points = _points_for(settings, cost, single)
        if points < 4:
            return None
        sample = draw(self.variables, counts, self.rng, points, self.constants)
        lhs_values, rhs_values = float_values(claim, sample)
        deviations = deviation(claim.relation, lhs_values, rhs_values, float(claim.tolerance))
        blind = np.isnan(deviations)
        tally.sampled += points
        tally.counts.append(max(counts.values(), default=0))
        rows, left_out = self.rows_to_check(deviations, blind, cost)
        tally.unresolved += left_out
        found = (
            recheck(sample, rows, claim, settings.digits, exact=self.budget.exact)
            if rows.size
            else Recheck()
        )
        self.budget.exact -= found.exact
        if found.counterexample is not None:
            return found.counterexample
        # The error quoted is the claim's, not float64's: a row float64 found failing that the
        # high-precision pass cleared, found outside the domain or could not decide (and so
        # does not count as compared) is not counted.
        cleared = np.zeros(deviations.shape, dtype=bool)
        cleared[list(found.evaluated | found.undefined | found.undecided)] = True
        counted = ~blind & ~(cleared & fails(claim.relation, deviations, settings.rtol))
        if counted.any():
            tally.worst = max(tally.worst, float(np.max(deviations[counted])))
        tally.add(found, blind, rows)
        for row in np.flatnonzero(~blind):
            self.pool.append((float(deviations[row]), sample, int(row)))
        return None

    def rows_to_check(
        self, deviations: np.ndarray, blind: np.ndarray, cost: int
    ) -> tuple[np.ndarray, int]:
        """Rows for the interval re-check, and how many suspicious rows the budget left out.

        Every row float64 finds failing is suspicious (worst first); the budget for them is
        large. Then, while the smaller budget for them lasts, some rows float64 could not judge
        and a few random ones.
        """
        settings, budget = self.settings, self.budget
        suspicious = np.flatnonzero(fails(self.claim.relation, deviations, settings.rtol) & ~blind)
        suspicious = suspicious[np.argsort(-deviations[suspicious])]
        taken = budget.take(cost, len(suspicious), optional=False)
        unjudged = self.rng.permutation(np.flatnonzero(blind))[:4]
        random_rows = self.rng.permutation(np.flatnonzero(~blind))[: settings.recheck]
        optional = np.concatenate([unjudged, random_rows])
        extra = budget.take(cost, len(optional), optional=True)
        rows = np.concatenate([suspicious[:taken], optional[:extra]]).astype(np.int64)
        return np.array(list(dict.fromkeys(rows.tolist())), dtype=np.int64), len(suspicious) - taken

    def local(self) -> tuple[Counterexample | None, int]:
        """Local search from the worst points; re-check where it ends.

        The starts are the points where the claim came closest to failing, at most three from
        one setting of the class counts, and only where something can move (not at n = 1).
        """
        claim, settings, budget = self.claim, self.settings, self.budget
        self.pool.sort(key=lambda item: -item[0])
        domains = dict(self.variables.scalars)
        groups: dict[int, tuple[Sample, list[int]]] = {}
        chosen = 0
        for _, sample, row in self.pool:
            if chosen == settings.starts:
                break
            group = groups.setdefault(id(sample), (sample, []))
            if len(group[1]) == 3 or not movable(sample, domains):
                continue
            group[1].append(row)
            chosen += 1
        evaluated = 0
        for sample, rows in groups.values():
            if not rows:
                continue
            start = sample.take(np.array(rows, dtype=np.int64))
            cost = max(work_per_point(claim.left, sample.counts), 1)
            rounds = int(min(12, settings.work // (cost * len(rows) * 12 + 1)))
            if rounds < 1:
                continue
            moved, scores, count = local_search(claim, start, domains, self.rng, iterations=rounds)
            evaluated += count
            failing = np.flatnonzero(
                fails(claim.relation, scores, settings.rtol) & np.isfinite(scores)
            )
            failing = failing[np.argsort(-scores[failing])][:4]
            taken = budget.take(cost, len(failing), optional=False)
            self.tally.unresolved += len(failing) - taken
            failing = failing[:taken]
            if failing.size:
                found = recheck(moved, failing, claim, settings.digits, exact=budget.exact)
                budget.exact -= found.exact
                if found.counterexample is not None:
                    return found.counterexample, evaluated
        return None, evaluated


def _exact_tolerance(tolerance: float | sp.Expr) -> sp.Expr:
    if isinstance(tolerance, float):
        return sp.Rational(tolerance)
    return sp.sympify(tolerance)


def _refuted(
    found: Counterexample, tally: _Tally, domain: str, where: Mapping[object, object]
) -> NumericOutcome:
    return NumericOutcome(
        tally.compared, tally.undefined, float(tally.worst), found, domain=domain, where=where
    )


def _searched(tally: _Tally, variables: VariableSet, local: int, starts: int) -> str:
    """What the search covered, in words (the points are counted in the verdict)."""
    over: str = ""
    counts = sorted(set(tally.counts))
    if variables.class_counts and counts:
        names = ", ".join(sorted(str(c) for c in variables.class_counts))
        over = Detail("searched_over", names=names, counts=", ".join(str(c) for c in counts))
    local_search = Detail("searched_local", starts=starts) if local else ""
    return Detail("searched", over=over, local=local_search)


def _constant(claim: Claim, settings: NumericSettings, domain: str) -> NumericOutcome:
    """A claim without free variables: both sides evaluated once, in intervals."""
    sample = Sample({}, {}, {}, {}, {}, 1)
    try:
        found = recheck(sample, np.array([0]), claim, settings.digits)
    except UnsupportedExpressionError as error:  # e.g. a sum to infinity
        if claim.left.has(sp.I) or claim.right.has(sp.I):  # \log(-0.6): no real value
            why = Detail("complex_value")
            return NumericOutcome(0, 1, 0.0, domain=domain, why_undefined=why, exact=True)
        return NumericOutcome(0, 0, 0.0, unsupported=str(error), domain=domain)
    if found.counterexample is not None:
        return NumericOutcome(0, 0, 0.0, found.counterexample, domain=domain, exact=True)
    if found.undefined:
        return NumericOutcome(
            0, 1, 0.0, domain=domain, why_undefined=most_common(found.reasons), exact=True
        )
    agreed = bool(found.evaluated)
    return NumericOutcome(
        int(agreed),
        0,
        0.0,
        domain=domain,
        exact=True,
        searched=Detail("searched_constant") if agreed else "",
    )
