r"""Deciding a claim at sampled points rigorously, in interval arithmetic.

Every point the float64 search flags (it seems to fail, or float64 could not judge it) is
evaluated again with ``mpmath.iv`` intervals at 50 significant digits: each side becomes an
interval that surely contains its exact value. The claim fails at the point only if the
intervals say so; if they are too wide to decide, the point is evaluated again at 100 and 200
digits, and if still undecided it counts for nothing. A side that is undefined there (the log of
a negative number, an entry past a vector's end, a value too large to evaluate) or infinite
makes the point one outside the claim's domain: it is never a counterexample.

A strict inequality is never refuted by a tie within rounding (``σ(155) < 1`` agrees with 1 to
67 digits): only by an interval that surely breaks it, or, where the intervals cannot tell, by
SymPy showing that the two sides are exactly equal at the point (``H(u) < \log n`` at the
uniform ``u``).

Example:
    >>> import mpmath
    >>> gap = Gap(mpmath.mpf(-1e-70), mpmath.mpf(1e-70), mpmath.mpf(1))
    >>> from symxent.relations import Relation
    >>> margin = mpmath.mpf(10) ** -37
    >>> decide(Relation.LT, gap, 0, margin), decide(Relation.LE, gap, 0, margin)
    (None, False)
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import mpmath
import numpy as np
import sympy as sp

from symxent.check.backends import INTERVAL, Undefined, endpoints, interval_digits
from symxent.check.detail import Detail
from symxent.check.evaluate import evaluate
from symxent.check.sample import SIMPLEX_KINDS, Sample
from symxent.check.verdict import Counterexample
from symxent.quantities.joint import Marginal
from symxent.relations import Relation
from symxent.sums import lecture_doit
from symxent.zero_log import exact_zero_logs

__all__ = ["Gap", "Recheck", "decide", "format_interval", "recheck"]


@dataclass(frozen=True)
class Claim:
    """The claim being checked, ready to evaluate.

    Attributes:
        left: the left side, expanded, with the ``0 log 0`` convention applied.
        right: the right side, likewise.
        relation: the claimed relation.
        tolerance: for ``≈``, the allowed absolute difference (exact when a Rational).
    """

    left: sp.Expr
    relation: Relation
    right: sp.Expr
    tolerance: sp.Expr = sp.S.Zero


def precise(
    sample: Sample, rows: np.ndarray, sides: tuple[sp.Expr, ...], digits: int
) -> list[list[Any]]:
    """Intervals surely containing each side's value at ``rows``, at ``digits`` digits.

    Returns one list per side. A row where a side is undefined gives an :class:`Undefined`; an
    error at one row never hides the others.
    """
    with interval_digits(digits):
        env = sample.environment(INTERVAL, rows)
        values = []
        for side in sides:
            try:
                value = evaluate(side, env, INTERVAL)
            except (ZeroDivisionError, ValueError, TypeError, OverflowError, MemoryError) as error:
                if len(rows) == 1:
                    why = Detail("cannot_evaluate", error=type(error).__name__)
                    values.append([Undefined(why)])
                    continue
                single = [precise(sample, np.array([row]), (side,), digits)[0][0] for row in rows]
                values.append(single)
                continue
            array: np.ndarray = np.asarray(value, dtype=object)
            flat = np.broadcast_to(array.reshape(-1) if array.ndim else array, (len(rows),))
            values.append([_interval(v) for v in flat])
        return values


def _interval(value: object) -> Any:
    if isinstance(value, Undefined | type(mpmath.iv.mpf(0))):
        return value
    if isinstance(value, int | np.integer):
        return mpmath.iv.mpf(int(value))
    return Undefined(Detail("complex_value"))


_LARGEST_SCALE = mpmath.mpf(10) ** 30


@dataclass(frozen=True)
class Gap:
    """The difference ``lhs - rhs`` at one point, as an interval that surely contains it.

    ``size`` is the size of the sides, for relative rounding margins; ``undefined`` says why
    the point is outside the claim's domain (empty when both sides have real values).
    """

    low: mpmath.mpf
    high: mpmath.mpf
    size: mpmath.mpf
    undefined: str = ""

    @classmethod
    def of(cls, a: Any, b: Any, digits: int) -> Gap:
        """The gap between two side values (intervals or :class:`Undefined`)."""
        zero = mpmath.mpf(0)
        for side in (a, b):
            if isinstance(side, Undefined):
                return cls(zero, zero, zero, side.reason)
        (a_low, a_high), (b_low, b_high) = endpoints(a), endpoints(b)
        ends = (a_low, a_high, b_low, b_high)
        if any(mpmath.isnan(v) for v in ends):
            return cls(zero, zero, zero, Detail("undefined_value"))
        if (a_low == a_high and mpmath.isinf(a_low)) or (b_low == b_high and mpmath.isinf(b_low)):
            return cls(zero, zero, zero, Detail("side_infinite"))
        with interval_digits(digits):
            low, high = endpoints(a - b)  # rounded outwards: still surely contains it
        finite = [abs(v) for v in ends if mpmath.isfinite(v)]
        return cls(low, high, max([mpmath.mpf(1), *finite]))

    @property
    def defined(self) -> bool:
        """Whether both sides have real values at the point."""
        return not self.undefined

    def tie(self, margin: mpmath.mpf) -> bool:
        """Zero within ``margin``, relative to the size of the sides up to 10^30.

        Past that size a relative tie says nothing about the difference (``e^(10^100)`` and
        ``e^(10^100) + 1`` agree to a hundred digits); such a point stays undecided.
        """
        bound = margin * min(self.size, _LARGEST_SCALE)
        return bool(-bound <= self.low <= 0 <= self.high <= bound)


def decide(relation: Relation, gap: Gap, tolerance: Any, margin: mpmath.mpf) -> bool | None:
    """True: the claim surely fails at the point; False: it holds there; None: undecided.

    Failing needs the interval to be on the wrong side. Holding needs it on the right side, or,
    for ``=``, ``≈`` and ``<=``, a tie (zero within the rounding margin). A tie never breaks a
    strict inequality: ``a < b`` fails only where ``a - b >= 0`` surely.
    """
    low, high = gap.low, gap.high
    if mpmath.isinf(low) or mpmath.isinf(high):
        return None
    if relation is Relation.APPROX:
        allowed_low, allowed_high = endpoints(_tolerance_interval(tolerance))
        if low > allowed_high or high < -allowed_high:
            return True
        if -allowed_low <= low and high <= allowed_low:
            return False
        return None
    if relation is not Relation.EQ and relation.direction > 0:
        low, high = -high, -low  # lhs >= rhs is rhs - lhs <= 0
    if relation is Relation.EQ:
        if low > 0 or high < 0:
            return True
        return False if gap.tie(margin) else None
    if relation.strict:
        if low >= 0:
            return True
        return False if high < 0 else None
    if low > 0:
        return True
    if high <= 0 or gap.tie(margin):
        return False
    return None


def _tolerance_interval(tolerance: Any) -> Any:
    value = sp.sympify(tolerance)
    if value.is_Rational:
        return INTERVAL.number(value)
    return mpmath.iv.mpf(float(value))


def tie_margin(digits: int, last: bool, first_digits: int) -> mpmath.mpf:
    """How close to 0 (relative) a difference's interval must be to count as a tie.

    At ``digits`` digits an interval as narrow as ``10^(-3 digits/4)`` has lost little to
    cancellation, so 0 in it means 0 to within the precision. A wider interval is evaluated
    again with more digits; at the last precision, ``10^(-first_digits/2)`` is accepted (a claim
    off by less than that under more cancellation than 200 digits absorb is missed).
    """
    exponent = first_digits // 2 if last else 3 * digits // 4
    return mpmath.mpf(10) ** -exponent


@dataclass
class Recheck:
    """What the high-precision pass found.

    Attributes:
        counterexample: the first counterexample, if any.
        evaluated: rows where both sides had real values at high precision.
        undefined: rows outside the claim's domain.
        undecided: rows that even the highest precision could not decide; they prove nothing.
        reasons: why rows were undefined, with how often.
        exact: how many tied rows were tried exactly with SymPy.
    """

    counterexample: Counterexample | None = None
    evaluated: set[int] = field(default_factory=set)
    undefined: set[int] = field(default_factory=set)
    undecided: set[int] = field(default_factory=set)
    reasons: Counter[str] = field(default_factory=Counter)
    exact: int = 0


def recheck(
    sample: Sample, rows: np.ndarray, claim: Claim, digits: int = 50, *, exact: int = 3
) -> Recheck:
    """Re-evaluate ``rows`` in interval arithmetic and decide the claim at each.

    Each row is evaluated at ``digits`` significant digits, then the rows the intervals cannot
    decide at twice and four times as many (see :func:`decide`). Strict inequalities tied at the
    last precision are tried exactly (:func:`_exactly_equal`), at most ``exact`` of them (SymPy
    is slow); :attr:`Recheck.exact` says how many were tried.
    """
    levels = (digits, 2 * digits, 4 * digits)
    pending = [int(row) for row in rows]
    found = Recheck()
    for level in levels:
        if not pending:
            break
        again = np.array(pending, dtype=np.int64)
        a_values, b_values = precise(sample, again, (claim.left, claim.right), level)
        still = []
        for row, a, b in zip(pending, a_values, b_values, strict=True):
            gap = Gap.of(a, b, level)
            if not gap.defined:
                found.undefined.add(row)
                found.reasons[gap.undefined] += 1
                continue
            found.evaluated.add(row)
            margin = tie_margin(level, level == levels[-1], digits)
            verdict = decide(claim.relation, gap, claim.tolerance, margin)
            if verdict:
                found.counterexample = counterexample(sample, row, claim, (a, b), level)
                return found
            if verdict is None:
                if gap.size > _LARGEST_SCALE and gap.high - gap.low < gap.size * margin:
                    # sides past 10^30 that agree to the precision: more digits never make a
                    # tie there, and cost (e^(10^300) at 200 digits takes 50 ms)
                    found.undecided.add(row)
                    continue
                still.append(row)
        pending = still
    if claim.relation.strict and claim.relation is not Relation.APPROX:
        for row in pending[:exact]:
            found.exact += 1
            if _exactly_equal(sample, row, claim):
                a, b = (
                    v[0]
                    for v in precise(sample, np.array([row]), (claim.left, claim.right), digits)
                )
                found.counterexample = counterexample(
                    sample, row, claim, (a, b), digits, exact=True
                )
                return found
    found.undecided |= set(pending)
    found.evaluated -= found.undecided
    return found


def _simple(value: float) -> bool:
    """A number short enough to be a point chosen on purpose (0, 1/2, 1e-09, 1000)."""
    return abs(value) <= 1e4 and len(repr(float(value))) <= 8


_EXACT_CELLS = 64
"""Most entries of all vectors together at a point tried exactly (rationals, in SymPy)."""


def _exact_tables(sample: Sample, row: int) -> dict[str, np.ndarray] | None:
    """Exact entries of every vector and table at ``row``, as object arrays of Rationals.

    Points of a simplex are normalised exactly, as at high precision. None when they are many.
    """
    tables: dict[str, np.ndarray] = {}
    for name, table in sample.vectors.items():
        values = table[row]
        if values.size > _EXACT_CELLS:
            return None
        exact = np.vectorize(lambda x: sp.Rational(float(x)), otypes=[object])(values)
        if sample.kinds[name] in SIMPLEX_KINDS:
            axes = tuple(range(exact.ndim)) if sample.kinds[name] == "joint" else -1
            exact = exact / np.sum(exact, axis=axes, keepdims=True)
        tables[name] = exact
    return tables


def _concrete(
    side: sp.Expr, tables: dict[str, np.ndarray], point: dict[sp.Basic, sp.Expr]
) -> sp.Expr:
    """``side`` at an exact point, with ``0 log 0 = 0``.

    Counts, scalars and indices are put in, sums done, entries and marginals replaced by their
    exact values.
    """
    concrete = lecture_doit(side.xreplace(point))

    def entry(node: sp.Indexed) -> sp.Expr:
        return tables[str(node.base.label)][tuple(int(i) - 1 for i in node.indices)]

    def marginal(node: Marginal) -> sp.Expr:
        table = tables[str(node.joint.label)]
        kept = {node.joint.axis(v) for v in node.variables}
        summed = tuple(axis for axis in range(table.ndim) if axis not in kept)
        reduced = np.sum(table, axis=summed) if summed else table
        return reduced[tuple(int(i) - 1 for i in node.args[2])]

    concrete = concrete.replace(
        lambda e: isinstance(e, sp.Indexed) and str(e.base.label) in tables, entry
    )
    concrete = concrete.replace(
        lambda e: isinstance(e, Marginal) and str(e.joint.label) in tables, marginal
    )
    return exact_zero_logs(concrete)


def _exactly_equal(sample: Sample, row: int, claim: Claim) -> bool:
    """Whether SymPy shows the two sides exactly equal at ``row``.

    Tried where a strict inequality is tied at every precision: at small class counts, with
    scalars that are simple numbers (0, 1/2, ...), vectors and joint pmfs of a few entries (the
    uniform point, an exactly independent pmf, ...).
    """
    if any(value > 12 for value in sample.counts.values()):
        return False
    if not all(_simple(float(column[row])) for column in sample.scalars.values()):
        return False
    tables = _exact_tables(sample, row)
    if tables is None:
        return False
    point: dict[sp.Basic, sp.Expr] = {k: sp.Integer(v) for k, v in sample.counts.items()}
    point |= {symbol: sp.Rational(float(column[row])) for symbol, column in sample.scalars.items()}
    point |= {index: sp.Integer(int(column[row])) for index, column in sample.indices.items()}
    try:
        left, right = (_concrete(side, tables, point) for side in (claim.left, claim.right))
        if left.free_symbols or right.free_symbols:
            return False
        # logs of rationals split into logs of primes: log(6) - log(2) - log(3) is then 0
        difference = sp.expand_log(sp.expand(left - right), force=True, factor=True)
        if difference == 0:
            return True
        return bool(sp.count_ops(difference) <= 60 and sp.simplify(difference) == 0)
    except Exception:  # SymPy raises many kinds of errors on odd input; no tie shown then
        return False


def format_interval(low: mpmath.mpf, high: mpmath.mpf, digits: int = 12) -> str:
    """A value known to lie in ``[low, high]``: its known digits, or the interval if unbounded.

    Example:
        >>> format_interval(mpmath.mpf(1) / 3, mpmath.mpf(1) / 3, 5)
        '0.33333'
        >>> format_interval(mpmath.mpf("1e-60"), mpmath.mpf("2e-51"))
        '[1.0e-60, 2.0e-51]'
    """
    with mpmath.workdps(max(500, digits + 20)):
        if low == high:
            return str(mpmath.nstr(low, digits))
        if mpmath.isinf(low) or mpmath.isinf(high):
            return f"[{mpmath.nstr(low, digits)}, {mpmath.nstr(high, digits)}]"
        middle, radius = (low + high) / 2, (high - low) / 2
        if low <= 0 <= high:
            return "0.0"  # zero within rounding: the digits of the midpoint are noise
        known = int(mpmath.floor(mpmath.log10(abs(middle) / radius)))
        if known < 1:  # not even the first digit is known: say where the value lies
            return f"[{mpmath.nstr(low, 3)}, {mpmath.nstr(high, 3)}]"
        return str(mpmath.nstr(middle, min(digits, known)))


def _known_digits(value: Any) -> float:
    """How many leading digits of an interval's value are known (inf for a point)."""
    low, high = endpoints(value)
    if low == high:
        return mpmath.inf
    if low <= 0 <= high or not (mpmath.isfinite(low) and mpmath.isfinite(high)):
        return 0
    with mpmath.workdps(50):
        return float(mpmath.log10(abs(low + high) / (high - low)))


def _needs_digits(value: Any, digits: int) -> bool:
    """Whether evaluating a side at more than ``digits`` digits may show more of its value.

    A side still within ``10^-190`` of 0 at 200 digits is shown as 0 (``H(X|Y)`` at a
    deterministic pmf is exactly 0, and 1600 digits of its logs would cost a second).
    """
    if _known_digits(value) >= 3:
        return False
    low, high = endpoints(value)
    return not (digits >= 200 and low <= 0 <= high)


def counterexample(
    sample: Sample,
    row: int,
    claim: Claim,
    sides: tuple[Any, Any],
    digits: int,
    *,
    exact: bool = False,
) -> Counterexample:
    """Describe the failing row, printing the sides with enough digits to tell them apart.

    A side whose interval does not yet show three digits (a tiny value next to rounding, such
    as ``3.7e-321`` computed at 50 digits) is evaluated again at up to 1600 digits for the
    report (one that stays within ``10^-190`` of 0 only up to 200); the verdict was decided
    already.
    """
    found = sample.describe(row)
    a, b = sides
    while digits < 1600 and (_needs_digits(a, digits) or _needs_digits(b, digits)):
        digits *= 2
        more = precise(sample, np.array([row]), (claim.left, claim.right), digits)
        if any(isinstance(v[0], Undefined) for v in more):
            break
        a, b = more[0][0], more[1][0]
    (a_low, a_high), (b_low, b_high) = endpoints(a), endpoints(b)
    shown = 12
    if a_high < b_low or b_high < a_low:  # surely different: show the digits that differ
        while shown < 200 and format_interval(a_low, a_high, shown) == format_interval(
            b_low, b_high, shown
        ):
            shown += 4
    note = Detail("exactly_equal_there") if exact else ""
    return Counterexample(
        found.point,
        format_interval(a_low, a_high, shown),
        format_interval(b_low, b_high, shown),
        found.n,
        note=note,
    )


def most_common(reasons: Counter[str]) -> str:
    """The most frequent reason, or an empty string."""
    return reasons.most_common(1)[0][0] if reasons else ""
