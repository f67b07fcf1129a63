"""Numeric checking of one claim ``lhs R rhs`` at seeded random points of its domain.

Both sides are fully expanded, then evaluated in float64 at many points for several concrete
class counts (when the count is symbolic). Any point where float64 suggests the claim fails, or
cannot judge it (a side overflowed or came out nan), is re-evaluated at 50 significant digits,
and where the claim does not clearly hold there, again at 100: a difference of the sides counts
only if both precisions agree on it, so rounding noise and cancellation never make a
counterexample, and a real gap of any size the digits can show does. A few random points are
always re-checked at high precision too, so a claim off by less than float64 can resolve is
still caught.

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

import mpmath
import numpy as np
import sympy as sp

from symxent.check.domains import VariableSet, sample_scalar, sample_vector
from symxent.check.evaluate import (
    FLOAT,
    MPMATH,
    Environment,
    UnsupportedExpression,
    evaluate,
    exact_numbers,
    with_zero_log_convention,
)
from symxent.check.verdict import Counterexample
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
        digits: significant digits of the high-precision re-check (unsettled points are
            evaluated again at twice as many).
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
    result = sp.sympify(expr)
    for _ in range(4):
        if not result.has(SymbolicQuantity, sp.Derivative, sp.Subs) and not result.atoms(
            sp.Function
        ) - result.atoms(sp.exp, sp.log, sp.Abs, sp.KroneckerDelta, sp.Piecewise, sp.sign):
            break
        result = result.doit()
    return result  # type: ignore[no-any-return]


def _scale(lhs: np.ndarray, rhs: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return np.maximum(1.0, np.maximum(np.abs(lhs), np.abs(rhs)))


def _deviation(relation: Relation, lhs: np.ndarray, rhs: np.ndarray, tolerance: float) -> np.ndarray:
    """Signed amount by which the claim fails at each point (<= 0 means it holds).

    For ``=`` this is the relative error; for ``≈`` the absolute error beyond the tolerance;
    for inequalities the relative violation (``lhs - rhs`` for ``<=``).
    """
    with np.errstate(invalid="ignore", over="ignore"):
        both_inf = np.isinf(lhs) & np.isinf(rhs) & (np.sign(lhs) == np.sign(rhs))
        difference = np.where(both_inf, 0.0, lhs - rhs)
        scale = _scale(lhs, rhs)
        if relation is Relation.EQ:
            return np.abs(difference) / scale  # type: ignore[no-any-return]
        if relation is Relation.APPROX:
            return np.abs(difference) - tolerance  # type: ignore[no-any-return]
        signed = difference / scale if relation.direction < 0 else -difference / scale
        return signed  # type: ignore[no-any-return]


def _fails(relation: Relation, deviation: np.ndarray, threshold: float) -> np.ndarray:
    if relation is Relation.EQ:
        return deviation > threshold  # type: ignore[no-any-return]
    if relation is Relation.APPROX:
        return deviation > 0  # type: ignore[no-any-return]
    if relation.strict:
        return deviation >= -threshold  # type: ignore[no-any-return]
    return deviation > threshold  # type: ignore[no-any-return]


def _settings_for_counts(counts: set[sp.Symbol], values: tuple[int, ...]) -> list[dict[sp.Symbol, int]]:
    ordered = sorted(counts, key=str)
    if not ordered:
        return [{}]
    combos = [dict.fromkeys(ordered, v) for v in values]
    if len(ordered) > 1:
        mixed = itertools.islice(itertools.product(values, repeat=len(ordered)), 1, None, 3)
        combos += [dict(zip(ordered, combo, strict=True)) for combo in mixed]
    return combos


_SIMPLEX_KINDS = ("distribution", "labels", "one-hot")


@dataclass
class _Sample:
    counts: dict[sp.Symbol, int]
    kinds: dict[str, str]
    vectors: dict[str, np.ndarray]
    scalars: dict[sp.Basic, np.ndarray]
    indices: dict[sp.Basic, np.ndarray]
    points: int

    def environment(self, backend_name: str, rows: np.ndarray | None = None) -> Environment:
        def pick(values: np.ndarray, simplex: bool = False) -> np.ndarray:
            chosen = values if rows is None else values[rows]
            if backend_name == "float64":
                return chosen
            converted = MPMATH.array(chosen)
            if simplex:
                # float64 draws sum to 1 only within rounding; the facts a claim may use
                # (sum p_i = 1) must hold exactly at high precision.
                converted = converted / converted.sum(axis=1, keepdims=True)
            return converted

        return Environment(
            points=self.points if rows is None else len(rows),
            vectors={
                k: pick(v, self.kinds[k] in _SIMPLEX_KINDS) for k, v in self.vectors.items()
            },
            scalars={k: pick(v) for k, v in self.scalars.items()},
            indices={k: (v if rows is None else v[rows]) for k, v in self.indices.items()},
            counts=self.counts,
        )

    def describe(self, row: int) -> Counterexample:
        point: dict[str, str] = {}
        for name, values in self.vectors.items():
            point[name] = "(" + ", ".join(f"{x:.6g}" for x in values[row]) + ")"
        for symbol, values in self.scalars.items():
            point[str(symbol)] = f"{values[row]:.6g}"
        for index, values in self.indices.items():
            point[str(index)] = str(int(values[row]))
        return Counterexample(point=point, lhs="", rhs="", n={str(k): v for k, v in self.counts.items()})


def _draw(variables: VariableSet, counts: dict[sp.Symbol, int], rng: np.random.Generator, points: int) -> _Sample:
    vectors = {}
    for name, (kind, length) in variables.vectors.items():
        vectors[name] = sample_vector(kind, rng, points, int(sp.sympify(length).xreplace(counts)))
    scalars = {s: sample_scalar(domain, rng, points) for s, domain in variables.scalars.items()}
    indices = {}
    for index, (low, high) in variables.indices.items():
        lo, hi = int(low.xreplace(counts)), int(high.xreplace(counts))
        indices[index] = rng.integers(lo, hi + 1, size=points)
    kinds = {name: kind for name, (kind, _) in variables.vectors.items()}
    return _Sample(counts, kinds, vectors, scalars, indices, points)


def _as_points(value: object, points: int, dtype: type) -> np.ndarray:
    array = np.asarray(value, dtype=dtype)
    return np.broadcast_to(array.reshape(-1) if array.ndim else array, (points,)).copy()


def _format(value: mpmath.mpf, digits: int = 12) -> str:
    return str(mpmath.nstr(value, digits))


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
    left, right = expand_fully(exact_numbers(lhs)), expand_fully(exact_numbers(rhs))
    variables = VariableSet.collect([left, right], where)
    left_eval = with_zero_log_convention(left)
    right_eval = with_zero_log_convention(right)
    rng = np.random.default_rng(settings.seed)
    compared = undefined = 0
    worst = -np.inf
    for counts in _settings_for_counts(variables.class_counts, settings.class_counts):
        sample = _draw(variables, counts, rng, settings.points)
        env = sample.environment("float64")
        try:
            with np.errstate(all="ignore"):
                lhs_values = _as_points(evaluate(left_eval, env, FLOAT), sample.points, float)
                rhs_values = _as_points(evaluate(right_eval, env, FLOAT), sample.points, float)
        except UnsupportedExpression as error:
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
        suspicious = np.flatnonzero(_fails(relation, deviation, settings.rtol))
        suspicious = suspicious[np.argsort(-deviation[suspicious])][:8]
        unjudged = rng.permutation(np.flatnonzero(blind))[: settings.recheck + 1]
        random_rows = rng.permutation(np.flatnonzero(defined))[: settings.recheck]
        rows = np.unique(np.concatenate([suspicious, unjudged, random_rows])).astype(np.int64)
        if rows.size == 0:
            continue
        found, evaluated = _recheck(
            sample, rows, left_eval, right_eval, relation, tolerance, settings
        )
        rescued = len(evaluated & set(unjudged.tolist()))
        compared, undefined = compared + rescued, undefined - rescued
        if found is not None:
            return NumericOutcome(compared, undefined, float(worst), found)
    return NumericOutcome(compared, undefined, float(max(worst, 0.0)))


def _precise(
    sample: _Sample, rows: np.ndarray, side: sp.Expr, digits: int
) -> list[mpmath.mpf]:
    """Values of one side at ``rows``, evaluated at ``digits`` significant digits.

    A row where the side is undefined (division by zero, a complex value) gives nan; an error
    at one row never hides the others.
    """
    with mpmath.workdps(digits):
        try:
            value = evaluate(side, sample.environment("mpmath", rows), MPMATH)
        except (ZeroDivisionError, ValueError, TypeError, OverflowError, MemoryError):
            # 1/0, a complex value, or a number too large for any precision (e^(e^(e^30))):
            # undefined at that row.
            if len(rows) == 1:
                return [mpmath.nan]
            return [v for row in rows for v in _precise(sample, np.array([row]), side, digits)]
        return [_real(v) for v in _as_points(value, len(rows), object)]


def _real(value: object) -> mpmath.mpf:
    if isinstance(value, mpmath.mpc):
        return value.real if value.imag == 0 else mpmath.nan
    return value if isinstance(value, mpmath.mpf) else mpmath.mpf(value)


def _difference(a: mpmath.mpf, b: mpmath.mpf) -> mpmath.mpf:
    if mpmath.isinf(a) and mpmath.isinf(b) and mpmath.sign(a) == mpmath.sign(b):
        return mpmath.mpf(0)
    return a - b


def _magnitude(a: mpmath.mpf, b: mpmath.mpf) -> mpmath.mpf:
    return max(mpmath.mpf(1), abs(a), abs(b))


def _recheck(
    sample: _Sample,
    rows: np.ndarray,
    left: sp.Expr,
    right: sp.Expr,
    relation: Relation,
    tolerance: float,
    settings: NumericSettings,
) -> tuple[Counterexample | None, set[int]]:
    """Re-evaluate ``rows`` at high precision; return the first confirmed counterexample.

    Each row is evaluated at ``digits`` significant digits. A row where the claim does not
    clearly hold there is evaluated again at twice the digits, and the difference of the sides
    counts only if the two evaluations agree on it (to 1%): rounding noise and cancellation
    shrink as the precision grows, a real gap stays, however small. A difference that does
    not settle counts as an exact tie: it satisfies ``=``, ``<=`` and ``≈`` and breaks ``<``.
    """
    digits = settings.digits
    margin = mpmath.mpf(10) ** (-(digits // 2))
    coarse = zip(
        _precise(sample, rows, left, digits), _precise(sample, rows, right, digits), strict=True
    )
    unsettled: list[tuple[int, mpmath.mpf]] = []
    evaluated: set[int] = set()
    for row, (a, b) in zip(rows, coarse, strict=True):
        if mpmath.isnan(a) or mpmath.isnan(b):
            continue
        evaluated.add(int(row))
        difference = _difference(a, b)
        if not _clearly_holds(relation, difference, tolerance, margin * _magnitude(a, b)):
            unsettled.append((int(row), difference))
    if not unsettled:
        return None, evaluated
    again = np.array([row for row, _ in unsettled], dtype=np.int64)
    fine = zip(
        _precise(sample, again, left, 2 * digits),
        _precise(sample, again, right, 2 * digits),
        strict=True,
    )
    for (row, rough), (a, b) in zip(unsettled, fine, strict=True):
        if mpmath.isnan(a) or mpmath.isnan(b):
            continue
        difference = _difference(a, b)
        settled = difference == rough or (
            difference != 0
            and mpmath.isfinite(difference)
            and abs(rough - difference) <= abs(difference) / 100
        )
        if _breaks(relation, difference if settled else mpmath.mpf(0), tolerance):
            return _counterexample(sample, row, a, b, settled=settled), evaluated
    return None, evaluated


def _clearly_holds(
    relation: Relation, difference: mpmath.mpf, tolerance: float, margin: mpmath.mpf
) -> bool:
    """Whether ``lhs - rhs = difference`` satisfies the relation with room to spare."""
    if relation is Relation.EQ:
        return bool(difference == 0)
    if relation is Relation.APPROX:
        return bool(abs(difference) < tolerance - margin)
    signed = difference if relation.direction < 0 else -difference
    return bool(signed < -margin)


def _breaks(relation: Relation, difference: mpmath.mpf, tolerance: float) -> bool:
    """Whether ``lhs - rhs = difference`` breaks the relation."""
    if relation is Relation.EQ:
        return bool(difference != 0)
    if relation is Relation.APPROX:
        return bool(abs(difference) > tolerance)
    signed = difference if relation.direction < 0 else -difference
    return bool(signed >= 0) if relation.strict else bool(signed > 0)


def _counterexample(
    sample: _Sample, row: int, a: mpmath.mpf, b: mpmath.mpf, *, settled: bool
) -> Counterexample:
    """Describe the failing row, printing the sides with enough digits to tell them apart."""
    found = sample.describe(row)
    shown = 12
    if settled and a != b:
        while shown < 100 and mpmath.nstr(a, shown) == mpmath.nstr(b, shown):
            shown += 4
    return Counterexample(found.point, _format(a, shown), _format(b, shown), found.n)
