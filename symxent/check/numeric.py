"""Numeric checking of one claim ``lhs R rhs`` at seeded random points of its domain.

Both sides are fully expanded, then evaluated in float64 at many points for several concrete
class counts (when the count is symbolic). Every point where float64 suggests the claim fails, or
cannot judge it (a side overflowed or came out nan), is re-evaluated in interval arithmetic
(``mpmath.iv``) at 50 significant digits: each side becomes an interval that surely contains its
exact value, however much rounding and cancellation there is. A point fails only if the
intervals say so; if they are too wide to decide, it is evaluated again at 100 and 200 digits,
and if still undecided it counts for nothing. So rounding never makes a counterexample, and a
gap of any size the digits can show is found. A few random points are always re-checked this way
too, so a claim off by less than float64 can resolve is still caught.

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
from dataclasses import dataclass
from typing import Any

import mpmath
import numpy as np
import sympy as sp

from symxent.budget import MAX_TERMS, TooLargeError, check_cells
from symxent.check.domains import (
    VariableSet,
    sample_joint,
    sample_scalar,
    sample_vector,
)
from symxent.check.evaluate import (
    FLOAT,
    INTERVAL,
    Backend,
    Environment,
    UnsupportedExpressionError,
    _endpoints,
    evaluate,
    exact_numbers,
    interval_digits,
    with_zero_log_convention,
)
from symxent.check.verdict import Counterexample
from symxent.inputs import as_basic
from symxent.quantities.base import SymbolicQuantity
from symxent.relations import Relation

__all__ = ["NumericOutcome", "NumericSettings", "expand_fully", "numeric_check"]


@dataclass(frozen=True)
class NumericSettings:
    """How hard the numeric checker looks.

    Attributes:
        seed: seed of the random generator (the same seed gives the same points).
        points: points per class-count setting.
        class_counts: concrete values tried for a symbolic number of classes.
        rtol: float64 agreement threshold, relative to ``max(1, |lhs|, |rhs|)``.
        digits: significant digits of the interval re-check (points it cannot decide are
            evaluated again at twice and four times as many).
        recheck: random points per setting always re-evaluated at high precision.
    """

    seed: int = 0
    points: int = 48
    class_counts: tuple[int, ...] = (1, 2, 3, 10)
    rtol: float = 1e-9
    digits: int = 50
    recheck: int = 3


@dataclass(frozen=True)
class NumericOutcome:
    """What the sampling found.

    Attributes:
        points: points at which both sides were defined and compared.
        undefined: points skipped because a side was undefined (nan) there.
        max_error: largest float64 deviation (``=``, ``≈``) or violation margin (inequalities)
            among the compared points; negative margins mean the inequality held with room.
        counterexample: a point where the claim fails at high precision, if one was found.
        unsupported: why the sides could not be evaluated at all, if they could not.
    """

    points: int
    undefined: int
    max_error: float
    counterexample: Counterexample | None = None
    unsupported: str = ""


def expand_fully(expr: sp.Basic) -> sp.Expr:
    """Expand quantities, derivatives and base-b logs until only sums, logs and exps remain.

    Example:
        >>> from symxent import Distribution, Entropy
        >>> expand_fully(Entropy(Distribution("p", values=["1/2", "1/2"]), 2))
        1
    """
    result = as_basic(expr)
    for _ in range(4):
        if not _has_work(result):
            break
        result = doit_bounded(result)
    return result


def concrete_terms(node: sp.Sum | sp.Product) -> int | None:
    """The number of terms of a sum or product with integer bounds (None for symbolic bounds).

    Example:
        >>> i, j = sp.symbols("i j", integer=True)
        >>> concrete_terms(sp.Sum(i * j, (i, 1, 10), (j, 1, 100)))
        1000
    """
    terms = 1
    for _, low, high in node.limits:
        if not (low.is_Integer and high.is_Integer):
            return None
        terms *= max(int(high) - int(low) + 1, 0)
    return terms


def doit_bounded(expr: sp.Basic) -> sp.Basic:
    """``expr.doit()``, without ever expanding sums and products into more than MAX_TERMS terms.

    A sum (or nest of sums) with more terms than that is done with its upper bounds replaced by
    symbols, so SymPy looks for a closed form (``sum_{i=1}^{10^6} i``) instead of adding a
    million terms; the bounds are put back in the closed form. Without one, the answer is
    :class:`~symxent.budget.TooLargeError` ("too large to check").

    Example:
        >>> i = sp.Symbol("i", integer=True)
        >>> doit_bounded(sp.Sum(i, (i, 1, 10**6)))
        500000500000
    """
    shielded: dict[sp.Symbol, sp.Expr] = {}

    def shield(node: sp.Basic, outer: int) -> sp.Basic:
        if not node.args or isinstance(node, sp.Symbol | sp.Indexed | sp.IndexedBase):
            return node
        if isinstance(node, sp.Sum | sp.Product):
            terms = concrete_terms(node)
            limits = list(node.limits)
            if terms is not None and terms * outer > MAX_TERMS:
                for k, (variable, low, high) in enumerate(limits):
                    bound = sp.Dummy(f"N_{variable}", integer=True, positive=True)
                    shielded[bound] = high
                    limits[k] = (variable, low, bound)
                terms = 1
            body = shield(node.function, outer * (terms or 1))
            return node.func(body, *limits)
        args = [shield(arg, outer) for arg in node.args]
        if all(a is b for a, b in zip(args, node.args, strict=True)):
            return node
        return node.func(*args)

    guarded = shield(expr, 1)
    if not shielded:
        return expr.doit()
    done = guarded.doit()
    left = [s for s in done.atoms(sp.Sum, sp.Product) if s.free_symbols & set(shielded)]
    if left:
        raise TooLargeError(
            f"too large to check: {left[0]} has more than {MAX_TERMS} terms and no closed form"
        )
    return done.xreplace(shielded)


_ELEMENTARY = (sp.exp, sp.log, sp.Abs, sp.KroneckerDelta, sp.Piecewise, sp.sign)
"""Functions the evaluators compute as they are; every other function is expanded first."""


def _needs_doit(expr: sp.Basic) -> bool:
    if isinstance(expr, SymbolicQuantity | sp.Derivative | sp.Subs):
        return True
    return isinstance(expr, sp.Function) and not isinstance(expr, _ELEMENTARY)


def _has_work(expr: sp.Basic) -> bool:
    """Whether ``expr`` still has a quantity, derivative, substitution or unexpanded function."""
    return any(_needs_doit(node) for node in sp.preorder_traversal(expr))


def _doit_keeping_sums(expr: sp.Basic) -> sp.Basic:
    """One bottom-up pass of ``doit`` on every node but ``Sum``.

    A ``Sum`` is kept, with its body and limits expanded; quantities, derivatives, substitutions
    and other functions are done.
    """
    if not expr.args or isinstance(expr, sp.Symbol | sp.Indexed | sp.IndexedBase):
        return expr
    if isinstance(expr, sp.Sum):
        limits = [
            (limit[0], *(_doit_keeping_sums(bound) for bound in limit[1:])) for limit in expr.limits
        ]
        return sp.Sum(_doit_keeping_sums(expr.function), *limits)
    args = [_doit_keeping_sums(arg) for arg in expr.args]
    unchanged = all(a is b for a, b in zip(args, expr.args, strict=True))
    rebuilt = expr if unchanged else expr.func(*args)
    return rebuilt.doit(deep=False) if _needs_doit(rebuilt) else rebuilt


def expand_keeping_sums(expr: sp.Basic) -> sp.Expr:
    """As :func:`expand_fully`, but a ``Sum`` is never evaluated (the evaluator sums it).

    SymPy's ``Sum.doit`` looks for a closed form, which cost seconds per claim on the seed
    handouts and is not needed: :func:`symxent.check.evaluate.evaluate` sums over the classes
    directly.

    Example:
        >>> from symxent import Distribution, Entropy
        >>> expand_keeping_sums(Entropy(Distribution("p", "n")))
        -Sum(log(p[i])*p[i], (i, 1, n))
    """
    result = as_basic(expr)
    for _ in range(6):
        if not _has_work(result):
            break
        result = _doit_keeping_sums(result)
    return result


def _scale(lhs: np.ndarray, rhs: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return np.maximum(1.0, np.maximum(np.abs(lhs), np.abs(rhs)))


def _deviation(
    relation: Relation, lhs: np.ndarray, rhs: np.ndarray, tolerance: float
) -> np.ndarray:
    """Signed amount by which the claim fails at each point (<= 0 means it holds).

    For ``=`` this is the relative error; for ``≈`` the absolute error beyond the tolerance;
    for inequalities the relative violation (``lhs - rhs`` for ``<=``).
    """
    with np.errstate(invalid="ignore", over="ignore"):
        both_inf = np.isinf(lhs) & np.isinf(rhs) & (np.sign(lhs) == np.sign(rhs))
        difference = np.where(both_inf, 0.0, lhs - rhs)
        scale = _scale(lhs, rhs)
        if relation is Relation.EQ:
            return np.abs(difference) / scale
        if relation is Relation.APPROX:
            return np.abs(difference) - tolerance
        signed = difference / scale if relation.direction < 0 else -difference / scale
        return signed


def _fails(relation: Relation, deviation: np.ndarray, threshold: float) -> np.ndarray:
    if relation is Relation.EQ:
        return deviation > threshold
    if relation is Relation.APPROX:
        return deviation > 0
    if relation.strict:
        return deviation >= -threshold
    return deviation > threshold


def _settings_for_counts(
    counts: set[sp.Symbol], values: tuple[int, ...]
) -> list[dict[sp.Symbol, int]]:
    ordered = sorted(counts, key=str)
    if not ordered:
        return [{}]
    combos = [dict.fromkeys(ordered, v) for v in values]
    if len(ordered) > 1:
        mixed = itertools.islice(itertools.product(values, repeat=len(ordered)), 1, None, 3)
        combos += [dict(zip(ordered, combo, strict=True)) for combo in mixed]
    return combos


_SIMPLEX_KINDS = ("distribution", "labels", "one-hot", "joint")


@dataclass
class _Sample:
    counts: dict[sp.Symbol, int]
    kinds: dict[str, str]
    vectors: dict[str, np.ndarray]
    scalars: dict[sp.Basic, np.ndarray]
    indices: dict[sp.Basic, np.ndarray]
    points: int

    def environment(self, backend: Backend, rows: np.ndarray | None = None) -> Environment:
        def pick(values: np.ndarray, kind: str = "") -> np.ndarray:
            chosen = values if rows is None else values[rows]
            if backend is FLOAT:
                return chosen
            converted = backend.array(chosen)
            if kind in _SIMPLEX_KINDS:
                # float64 draws sum to 1 only within rounding; the facts a claim may use
                # (sum p_i = 1) must hold exactly at high precision (for intervals: the
                # normalised point lies in the intervals). A joint pmf sums to 1 as a whole.
                axes: int | tuple[int, ...] = -1
                if kind == "joint":
                    axes = tuple(range(1, converted.ndim))
                converted = converted / converted.sum(axis=axes, keepdims=True)
            return converted

        return Environment(
            points=self.points if rows is None else len(rows),
            vectors={k: pick(v, self.kinds[k]) for k, v in self.vectors.items()},
            scalars={k: pick(v) for k, v in self.scalars.items()},
            indices={k: (v if rows is None else v[rows]) for k, v in self.indices.items()},
            counts=self.counts,
        )

    def describe(self, row: int) -> Counterexample:
        point: dict[str, str] = {}
        for name, values in self.vectors.items():
            point[name] = _tuple(values[row])
        for symbol, values in self.scalars.items():
            point[str(symbol)] = f"{values[row]:.6g}"
        for index, values in self.indices.items():
            point[str(index)] = str(int(values[row]))
        return Counterexample(
            point=point, lhs="", rhs="", n={str(k): v for k, v in self.counts.items()}
        )


def _draw(
    variables: VariableSet, counts: dict[sp.Symbol, int], rng: np.random.Generator, points: int
) -> _Sample:
    vectors = {}
    for name, (kind, length) in variables.vectors.items():
        size = int(as_basic(length).xreplace(counts))
        check_cells(points * size, f"the vector {name} ({size} classes)")
        vectors[name] = sample_vector(kind, rng, points, size)
    scalars = {s: sample_scalar(domain, rng, points) for s, domain in variables.scalars.items()}
    indices = {}
    for index, (low, high) in variables.indices.items():
        lo, hi = int(low.xreplace(counts)), int(high.xreplace(counts))
        indices[index] = rng.integers(lo, hi + 1, size=points)
    for name, (kind, rows, cols) in variables.arrays.items():
        # an N x C array: N rows, each a vector of the array's kind
        shape = [int(as_basic(s).xreplace(counts)) for s in (rows, cols)]
        check_cells(points * shape[0] * shape[1], f"the array {name}")
        drawn = sample_vector(kind, rng, points * shape[0], shape[1])
        vectors[name] = drawn.reshape(points, shape[0], shape[1])
    for name, sizes in variables.joints.items():
        alphabets = tuple(int(as_basic(s).xreplace(counts)) for s in sizes)
        check_cells(points * int(np.prod(alphabets)), f"the joint pmf {name}")
        vectors[name] = sample_joint(rng, points, alphabets)
    kinds = {name: kind for name, (kind, _) in variables.vectors.items()}
    kinds |= {name: kind for name, (kind, _, _) in variables.arrays.items()}
    kinds |= dict.fromkeys(variables.joints, "joint")
    return _Sample(counts, kinds, vectors, scalars, indices, points)


def _tuple(values: np.ndarray) -> str:
    """A sampled vector ``(0.2, 0.8)`` or array ``((1, 0), (0.5, 0.5))`` for a counterexample."""
    if values.ndim > 1:
        return "(" + ", ".join(_tuple(row) for row in values) + ")"
    return "(" + ", ".join(f"{x:.6g}" for x in values) + ")"


def _as_points(value: object, points: int, dtype: type) -> np.ndarray:
    array: np.ndarray = np.asarray(value, dtype=dtype)
    return np.broadcast_to(array.reshape(-1) if array.ndim else array, (points,)).copy()


def _format(low: mpmath.mpf, high: mpmath.mpf, digits: int = 12) -> str:
    """A value known to lie in ``[low, high]``: the midpoint, or the interval if unbounded."""
    with mpmath.workdps(500):  # exact enough for ends computed at up to 200 digits
        if low == high:
            return str(mpmath.nstr(low, digits))
        if mpmath.isinf(low) or mpmath.isinf(high):
            return f"[{mpmath.nstr(low, digits)}, {mpmath.nstr(high, digits)}]"
        middle, radius = (low + high) / 2, (high - low) / 2
        if low <= 0 <= high:
            return "0.0"  # zero within rounding: the digits of the midpoint are noise
        known = int(mpmath.floor(mpmath.log10(abs(middle) / radius)))
        return str(mpmath.nstr(middle, max(1, min(digits, known))))


def numeric_check(
    lhs: sp.Basic,
    relation: Relation,
    rhs: sp.Basic,
    *,
    where: Mapping[object, object] | None = None,
    settings: NumericSettings | None = None,
    tolerance: float = 0.0,
) -> NumericOutcome:
    """Sample the claim ``lhs relation rhs`` and look for a counterexample.

    Args:
        lhs: left side (any symxent/SymPy expression).
        relation: the claimed relation.
        rhs: right side.
        where: domain overrides (see :class:`symxent.check.domains.VariableSet`).
        settings: sampling settings.
        tolerance: for ``≈``, the allowed absolute difference.

    Returns:
        The outcome; ``counterexample`` is set only when the failure held at high precision.
        ``points`` counts the points that were judged: where float64 overflowed, only those
        re-evaluated at high precision.
    """
    settings = settings or NumericSettings()
    left, right = expand_keeping_sums(exact_numbers(lhs)), expand_keeping_sums(exact_numbers(rhs))
    variables = VariableSet.collect([left, right], where)
    left_eval = with_zero_log_convention(left)
    right_eval = with_zero_log_convention(right)
    rng = np.random.default_rng(settings.seed)
    compared = undefined = 0
    worst = -np.inf
    all_counts = _settings_for_counts(variables.class_counts, settings.class_counts)
    for counts in variables.affordable(all_counts):  # joint pmfs: not thousands of entries
        sample = _draw(variables, counts, rng, settings.points)
        env = sample.environment(FLOAT)
        try:
            with np.errstate(all="ignore"):
                lhs_values = _as_points(evaluate(left_eval, env, FLOAT), sample.points, float)
                rhs_values = _as_points(evaluate(right_eval, env, FLOAT), sample.points, float)
        except UnsupportedExpressionError as error:
            return NumericOutcome(compared, undefined, float(worst), unsupported=str(error))
        defined = ~(np.isnan(lhs_values) | np.isnan(rhs_values))
        deviation = _deviation(relation, lhs_values, rhs_values, tolerance)
        # Rows float64 cannot judge: a side overflowed (inf - inf, inf / inf) or is nan,
        # possibly only through overflow or 0 * inf. A few are re-evaluated at high precision;
        # only those that get values there count as compared.
        blind = ~defined | np.isinf(lhs_values) | np.isinf(rhs_values) | np.isnan(deviation)
        compared += int((~blind).sum())
        undefined += int(blind.sum())
        deviation = np.where(blind, -np.inf, deviation)
        if (~blind).any():
            worst = max(worst, float(np.max(deviation[~blind])))
        # every point float64 finds failing is re-checked: none is taken on float64's word
        suspicious = np.flatnonzero(_fails(relation, deviation, settings.rtol))
        unjudged = rng.permutation(np.flatnonzero(blind))[: settings.recheck + 1]
        random_rows = rng.permutation(np.flatnonzero(defined))[: settings.recheck]
        rows = np.unique(np.concatenate([suspicious, unjudged, random_rows])).astype(np.int64)
        if rows.size == 0:
            continue
        found = _recheck(
            sample,
            rows,
            left=left_eval,
            right=right_eval,
            relation=relation,
            tolerance=tolerance,
            settings=settings,
        )
        if found.counterexample is not None:
            return NumericOutcome(compared, undefined, float(worst), found.counterexample)
        decided = found.evaluated - found.undecided
        blind_rows = set(np.flatnonzero(blind).tolist())
        rescued = len(decided & blind_rows)  # float64 could not judge them; intervals did
        doubtful = len(set(rows.tolist()) - blind_rows - decided)  # float64 did; intervals not
        compared += rescued - doubtful
        undefined -= rescued - doubtful
    return NumericOutcome(compared, undefined, float(max(worst, 0.0)))


def _precise(sample: _Sample, rows: np.ndarray, side: sp.Expr, digits: int) -> list[Any]:
    """Intervals surely containing one side's value at ``rows``, at ``digits`` digits.

    A row where the side is undefined (division by zero, a complex value) gives an interval
    that decides nothing; an error at one row never hides the others.
    """
    with interval_digits(digits):
        try:
            value = evaluate(side, sample.environment(INTERVAL, rows), INTERVAL)
        except (ZeroDivisionError, ValueError, TypeError, OverflowError, MemoryError):
            # 1/0, a complex value, or a number too large for any precision (e^(e^(e^30))):
            # undefined at that row.
            if len(rows) == 1:
                return [INTERVAL.number(sp.nan)]
            return [v for row in rows for v in _precise(sample, np.array([row]), side, digits)]
        return [_interval(v) for v in _as_points(value, len(rows), object)]


def _interval(value: object) -> Any:
    if isinstance(value, int):
        return mpmath.iv.mpf(value)
    if isinstance(value, type(INTERVAL.number(sp.nan))):
        return value
    return INTERVAL.number(sp.nan)  # a complex interval, or anything else: undefined


@dataclass(frozen=True)
class _Gap:
    """The difference ``lhs - rhs`` at one point, as an interval that surely contains it.

    ``size`` is the size of the sides, for relative rounding margins.
    """

    low: mpmath.mpf
    high: mpmath.mpf
    size: mpmath.mpf

    @classmethod
    def of(cls, a: Any, b: Any, digits: int) -> _Gap:
        (a_low, a_high), (b_low, b_high) = _endpoints(a), _endpoints(b)
        if a_low == a_high == b_low == b_high and mpmath.isinf(a_low):
            low = high = mpmath.mpf(0)  # the same infinity on both sides
        else:
            with interval_digits(digits):
                low, high = _endpoints(a - b)  # rounded outwards: still surely contains it
        ends = [abs(v) for v in (a_low, a_high, b_low, b_high) if mpmath.isfinite(v)]
        return cls(low, high, max([mpmath.mpf(1), *ends]))

    @property
    def defined(self) -> bool:
        return not (mpmath.isnan(self.low) or mpmath.isnan(self.high))

    def tie(self, margin: mpmath.mpf) -> bool:
        """Zero within ``margin`` (relative to the size of the sides)."""
        bound = margin * self.size
        return bool(-bound <= self.low <= 0 <= self.high <= bound)


def _decide(relation: Relation, gap: _Gap, tolerance: float, margin: mpmath.mpf) -> bool | None:
    """True: the claim surely fails at the point; False: it holds there; None: undecided.

    Failing needs the interval to be on the wrong side; holding needs it on the right side, or
    a tie (zero within the rounding margin), which satisfies ``=``, ``<=``, ``≈`` and breaks
    ``<``.
    """
    low, high = gap.low, gap.high
    if relation is Relation.APPROX:
        if low > tolerance or high < -tolerance:
            return True
        if -tolerance <= low and high <= tolerance:
            return False
        return False if gap.tie(margin) or high - low <= margin * gap.size else None
    if relation is not Relation.EQ and relation.direction > 0:
        low, high = -high, -low  # lhs >= rhs is rhs - lhs <= 0
    if relation is Relation.EQ:
        if low > 0 or high < 0:
            return True
        return False if gap.tie(margin) else None
    if low > 0:
        return True
    if high < 0 or (high == 0 and not relation.strict):
        return False
    if gap.tie(margin):
        return relation.strict
    return None


def _tie_margin(digits: int, last: bool, settings: NumericSettings) -> mpmath.mpf:
    """How close to 0 (relative) a difference's interval must be to count as a tie.

    At ``digits`` digits an interval as narrow as ``10^(-3 digits/4)`` has lost little to
    cancellation, so 0 in it means 0 to within the precision. A wider interval is evaluated
    again with more digits; at the last precision, ``10^(-digits/2)`` of the first is accepted
    (a claim off by less than that under more cancellation than 200 digits absorb is missed).
    """
    exponent = settings.digits // 2 if last else 3 * digits // 4
    return mpmath.mpf(10) ** -exponent


@dataclass(frozen=True)
class _Recheck:
    """What the high-precision pass found.

    Attributes:
        counterexample: the first counterexample, if any.
        evaluated: rows where both sides had values at high precision.
        undecided: rows that even the highest precision could not decide; they prove nothing
            either way.
    """

    counterexample: Counterexample | None
    evaluated: set[int]
    undecided: set[int]


def _recheck(
    sample: _Sample,
    rows: np.ndarray,
    *,
    left: sp.Expr,
    right: sp.Expr,
    relation: Relation,
    tolerance: float,
    settings: NumericSettings,
) -> _Recheck:
    """Re-evaluate ``rows`` in interval arithmetic and decide the claim at each.

    Each row is evaluated at ``digits`` significant digits with intervals that surely contain
    the exact values (see :func:`_decide`). A row the intervals cannot decide (cancellation wider
    than the precision) is evaluated again at twice, then four times, the digits; if it is still
    undecided it counts for nothing.
    """
    levels = (settings.digits, 2 * settings.digits, 4 * settings.digits)
    pending = [int(row) for row in rows]
    evaluated: set[int] = set()
    for digits in levels:
        if not pending:
            break
        again = np.array(pending, dtype=np.int64)
        a_values = _precise(sample, again, left, digits)
        b_values = _precise(sample, again, right, digits)
        still = []
        for row, a, b in zip(pending, a_values, b_values, strict=True):
            gap = _Gap.of(a, b, digits)
            if not gap.defined:
                continue  # undefined there (log of a negative number, e^(10^100)): skip
            evaluated.add(row)
            margin = _tie_margin(digits, digits == levels[-1], settings)
            verdict = _decide(relation, gap, tolerance, margin)
            if verdict:
                return _Recheck(_counterexample(sample, row, a, b), evaluated, set())
            if verdict is None:
                still.append(row)
        pending = still
    return _Recheck(None, evaluated, set(pending))


def _counterexample(sample: _Sample, row: int, a: Any, b: Any) -> Counterexample:
    """Describe the failing row, printing the sides with enough digits to tell them apart."""
    found = sample.describe(row)
    (a_low, a_high), (b_low, b_high) = _endpoints(a), _endpoints(b)
    shown = 12
    if a_high < b_low or b_high < a_low:  # surely different: show the digits that differ
        while shown < 100 and _format(a_low, a_high, shown) == _format(b_low, b_high, shown):
            shown += 4
    return Counterexample(
        found.point, _format(a_low, a_high, shown), _format(b_low, b_high, shown), found.n
    )
