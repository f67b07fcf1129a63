r"""The directed search for a violation: where to look, and a local search from the worst points.

"Confirmed" must mean that a search for a counterexample failed, so the search goes where claims
break:

* **class counts across orders of magnitude** (1, 2, 3, 10, 100, 1000) and the counts the claim's
  own constants suggest: ``H(p) \le \log 20`` is true up to n = 20 and false from 21, so a
  constant c adds the counts around c, e^c and 2^c (:func:`class_counts`);
* **extreme points** of every domain (see :mod:`symxent.check.domains`);
* a **local search** (:func:`local_search`) that starts from the points where the claim came
  closest to failing and moves one coordinate at a time, in coordinates that keep each point in
  its domain: softmax coordinates (log-probabilities) for points of the simplex, logits for
  separate probabilities, log-magnitudes for positive numbers, and additive and multiplicative
  steps for reals, with steps from 0.1 to 700 so that it can reach the smallest floats.

Everything here runs in float64; what it finds is decided in interval arithmetic
(:mod:`symxent.check.recheck`).

Example:
    >>> import sympy as sp
    >>> sorted(class_counts((1, 2, 3, 10), [float(sp.log(20))], cap=5000))
    [1, 2, 3, 4, 7, 8, 9, 10, 19, 20, 21]
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence

import numpy as np
import sympy as sp
from sympy.concrete.expr_with_limits import ExprWithLimits

from symxent.check.backends import FLOAT
from symxent.check.evaluate import evaluate
from symxent.check.recheck import Claim
from symxent.check.sample import Sample
from symxent.check.sampling import FAR
from symxent.relations import Relation

__all__ = [
    "claim_constants",
    "class_counts",
    "deviation",
    "fails",
    "float_values",
    "local_search",
    "movable",
    "work_per_point",
]

_STEPS = np.array([0.1, 0.5, 2.0, 8.0, 30.0, 100.0, 300.0, 700.0])
"""Step sizes of the local search (in its coordinates: logs, logits, or plain values)."""


def claim_constants(sides: Iterable[sp.Basic]) -> list[float]:
    """The numbers a claim is built from: its numbers and its constant subexpressions' values.

    Integer exponents (the 2 of ``x^2``) and the numbers 0 and 1 are left out.

    Example:
        >>> x = sp.Symbol("x")
        >>> sorted(claim_constants([sp.log(20) + x, sp.Integer(1000) * x**2]))
        [2.995732273553991, 20.0, 1000.0]
    """
    found: list[float] = []

    def add(value: sp.Expr) -> None:
        try:
            number = abs(float(value))
        except (TypeError, ValueError, OverflowError):
            return
        if math.isfinite(number) and number not in (0.0, 1.0) and number not in found:
            found.append(number)

    def walk(node: sp.Basic) -> None:
        if node.is_Rational:
            add(node)
            return
        if node.is_number and not node.has(sp.Sum, sp.Indexed) and sp.count_ops(node) < 30:
            add(node)
        for position, arg in enumerate(node.args):
            if isinstance(node, sp.Pow) and position == 1 and arg.is_Integer:
                continue
            walk(arg)

    for side in sides:
        walk(sp.sympify(side))
    return found[:12]


def class_counts(
    base: Sequence[int], constants: Sequence[float], cap: int = 5000, extra: int = 10
) -> tuple[int, ...]:
    """The class counts to try: ``base``, then those around each constant c, e^c and 2^c.

    Example:
        >>> class_counts((1, 2), [60.0])
        (1, 2, 60, 61)
    """
    counts = list(base)
    for value in constants:
        targets = [value] + ([math.e**value, 2.0**value] if value < 50 else [])
        for target in targets:
            if not 1 <= target <= cap:
                continue
            for count in (math.floor(target), math.floor(target) + 1, round(target) + 1):
                if count <= cap and count not in counts:
                    counts.append(count)
    return tuple(counts[: len(base) + extra])


def work_per_point(expr: sp.Basic, counts: dict[sp.Symbol, int], default: int = 1) -> int:
    """About how many scalar operations one point of ``expr`` costs (nested reductions multiply).

    Example:
        >>> i, j, n = sp.symbols("i j n", integer=True)
        >>> work_per_point(sp.Sum(sp.Sum(i * j, (j, 1, n)), (i, 1, n)), {n: 100})
        20000
    """
    if isinstance(expr, ExprWithLimits):  # a sum, product, maximum or minimum over an index
        terms = 1
        for _, low, high in expr.limits:
            try:
                span = int(high.xreplace(counts)) - int(low.xreplace(counts)) + 1
            except (TypeError, ValueError):
                span = max(counts.values(), default=default)
            terms *= max(span, 1)
        return terms * work_per_point(expr.function, counts, default)
    if not expr.args:
        return 1
    return sum(work_per_point(arg, counts, default) for arg in expr.args)


def float_values(claim: Claim, sample: Sample) -> tuple[np.ndarray, np.ndarray]:
    """Both sides at every point of ``sample``, in float64."""
    env = sample.environment(FLOAT)
    with np.errstate(all="ignore"):
        left = _as_points(evaluate(claim.left, env, FLOAT), sample.points)
        right = _as_points(evaluate(claim.right, env, FLOAT), sample.points)
    return left, right


def _as_points(value: object, points: int) -> np.ndarray:
    array: np.ndarray = np.asarray(value, dtype=float)
    return np.broadcast_to(array.reshape(-1) if array.ndim else array, (points,)).copy()


def deviation(relation: Relation, lhs: np.ndarray, rhs: np.ndarray, tolerance: float) -> np.ndarray:
    """Signed amount by which the claim fails at each point (<= 0 means it holds).

    For ``=`` this is the relative error; for ``≈`` the absolute error beyond the tolerance;
    for inequalities the relative violation (``lhs - rhs`` for ``<=``). Points where float64
    cannot judge (a side nan or infinite) get nan.
    """
    with np.errstate(invalid="ignore", over="ignore"):
        blind = ~(np.isfinite(lhs) & np.isfinite(rhs))
        difference = lhs - rhs
        scale = np.maximum(1.0, np.maximum(np.abs(lhs), np.abs(rhs)))
        if relation is Relation.EQ:
            result = np.abs(difference) / scale
        elif relation is Relation.APPROX:
            result = np.abs(difference) - tolerance
        elif relation.direction < 0:
            result = difference / scale
        else:
            result = -difference / scale
    return np.where(blind, np.nan, result)


def fails(relation: Relation, deviations: np.ndarray, threshold: float) -> np.ndarray:
    """Points that float64 suggests fail (to be decided in interval arithmetic)."""
    with np.errstate(invalid="ignore"):
        if relation is Relation.EQ:
            return deviations > threshold
        if relation is Relation.APPROX:
            return deviations > -threshold
        if relation.strict:
            return deviations >= -threshold
        return deviations > threshold


# ---------------------------------------------------------------------- local search

Move = Callable[[np.ndarray, np.ndarray, np.ndarray, np.random.Generator], np.ndarray]


def _softmax_move(
    values: np.ndarray, column: np.ndarray, step: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Move one log-probability of a point of the simplex (the others keep their ratios)."""
    with np.errstate(divide="ignore"):
        logs = np.log(values)
    rows = np.arange(len(values))
    logs[rows, column] += step
    logs -= np.max(logs, axis=1, keepdims=True)
    moved = np.exp(logs)
    moved = np.maximum(moved, np.where(values > 0, 5e-324, 0.0))
    return moved / moved.sum(axis=1, keepdims=True)


def _logit_move(
    values: np.ndarray, column: np.ndarray, step: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Move one probability in (0, 1) in logit coordinates."""
    rows = np.arange(len(values))
    p = values[rows, column]
    with np.errstate(divide="ignore"):
        logit = np.log(p) - np.log1p(-p) + step
    moved = values.copy()
    moved[rows, column] = np.clip(1 / (1 + np.exp(-logit)), 5e-324, 1 - 2.0**-53)
    return moved


def _log_move(
    values: np.ndarray, column: np.ndarray, step: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Move one positive entry in log coordinates (zeros stay zero)."""
    rows = np.arange(len(values))
    moved = values.copy()
    with np.errstate(over="ignore"):
        moved[rows, column] = np.clip(values[rows, column] * np.exp(step), 5e-324, 1e308)
    moved[rows, column] = np.where(values[rows, column] > 0, moved[rows, column], 0.0)
    return moved


def _real_move(
    values: np.ndarray, column: np.ndarray, step: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Move one real entry: additively, or by a factor (to reach far-out magnitudes)."""
    rows = np.arange(len(values))
    current = values[rows, column]
    scaled = rng.random(len(values)) < 0.5
    with np.errstate(over="ignore", invalid="ignore"):
        factor = np.exp(np.clip(step / 4, -700, 700))
        moved_values = np.where(scaled, current * factor, current + step)
        moved_values = np.where(np.isfinite(moved_values), moved_values, current)
    moved = values.copy()
    moved[rows, column] = np.clip(moved_values, -FAR, FAR)
    return moved


_VECTOR_MOVES: dict[str, Move] = {
    "distribution": _softmax_move,
    "probabilities": _logit_move,
    "positive": _log_move,
    "nonnegative": _log_move,
    "logits": _real_move,
    "reals": _real_move,
}


def _scalar_move(
    domain: sp.Set, values: np.ndarray, step: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Move scalars within their interval (logit of the position, or log of the distance)."""
    if not isinstance(domain, sp.Interval):
        domain = sp.Interval(-sp.oo, sp.oo)
    low, high = float(domain.start), float(domain.end)
    with np.errstate(all="ignore"):
        if math.isfinite(low) and math.isfinite(high):
            u = np.clip((values - low) / (high - low), 5e-324, 1 - 2.0**-53)
            logit = np.log(u) - np.log1p(-u) + step
            moved = low + (high - low) / (1 + np.exp(-logit))
        elif math.isfinite(low):
            moved = low + np.minimum(np.maximum(values - low, 5e-324) * np.exp(step), FAR)
        elif math.isfinite(high):
            moved = high - np.minimum(np.maximum(high - values, 5e-324) * np.exp(step), FAR)
        else:
            column = np.zeros(len(values), dtype=np.int64)
            moved = _real_move(values[:, None], column, step, rng)[:, 0]
            moved = np.where(rng.random(len(values)) < 0.1, -values, moved)
        inside = np.isfinite(moved) & (moved >= low) & (moved <= high)
        if domain.left_open:
            inside &= moved > low
        if domain.right_open:
            inside &= moved < high
    return np.where(inside, moved, values)


def movable(sample: Sample, domains: dict[sp.Basic, sp.Set]) -> list[tuple[str, object]]:
    """The variables of ``sample`` the local search can move (labels and indices stay)."""
    found: list[tuple[str, object]] = []
    for name, table in sample.vectors.items():
        if table.ndim == 2 and sample.kinds.get(name) in _VECTOR_MOVES and table.shape[1] > 0:
            if sample.kinds[name] == "distribution" and table.shape[1] == 1:
                continue
            found.append(("vector", name))
    for symbol in sample.scalars:
        domain = domains.get(symbol, sp.S.Reals)
        if isinstance(domain, sp.Interval) and domain.measure == 0:
            continue
        found.append(("scalar", symbol))
    return found


def _perturb(
    sample: Sample,
    movable: list[tuple[str, object]],
    domains: dict[sp.Basic, sp.Set],
    rng: np.random.Generator,
) -> Sample:
    """Each point of ``sample`` with one coordinate of one variable moved by a random step."""
    moved = sample.take(np.arange(sample.points))
    which = rng.integers(0, len(movable), size=sample.points)
    steps = _STEPS[rng.integers(0, len(_STEPS), size=sample.points)]
    steps *= np.where(rng.random(sample.points) < 0.5, -1.0, 1.0)
    for position, (kind, key) in enumerate(movable):
        rows = np.flatnonzero(which == position)
        if rows.size == 0:
            continue
        if kind == "vector":
            name = str(key)
            table = moved.vectors[name]
            columns = rng.integers(0, table.shape[1], size=rows.size)
            move = _VECTOR_MOVES[moved.kinds[name]]
            table[rows] = move(table[rows], columns, steps[rows], rng)
        else:
            column = moved.scalars[key]
            domain = domains.get(key, sp.S.Reals)
            column[rows] = _scalar_move(domain, column[rows], steps[rows], rng)
    return moved


def local_search(
    claim: Claim,
    sample: Sample,
    domains: dict[sp.Basic, sp.Set],
    rng: np.random.Generator,
    *,
    iterations: int = 12,
    candidates: int = 12,
) -> tuple[Sample, np.ndarray, int]:
    """Push each point of ``sample`` towards a larger violation of the claim.

    Each round tries ``candidates`` random one-coordinate moves from every point and keeps the
    best one if it increases the violation (:func:`deviation`); points where a side is
    undefined or float64 cannot judge are never moved to.

    Returns:
        The moved points, their violations, and how many points were evaluated with both sides
        defined.
    """
    free = movable(sample, domains)
    current = sample.take(np.arange(sample.points))
    lhs, rhs = float_values(claim, current)
    score = _score(claim, lhs, rhs)
    evaluated = 0
    if not free:
        return current, score, evaluated
    starts = sample.points
    for _ in range(iterations):
        repeated = current.take(np.repeat(np.arange(starts), candidates))
        with np.errstate(all="ignore"):
            trial = _perturb(repeated, free, domains, rng)
        lhs, rhs = float_values(claim, trial)
        trial_score = _score(claim, lhs, rhs).reshape(starts, candidates)
        evaluated += int(np.isfinite(trial_score).sum())
        best = np.argmax(trial_score, axis=1)
        gain = trial_score[np.arange(starts), best] > score
        if not gain.any():
            continue
        chosen = np.arange(starts) * candidates + best
        for row in np.flatnonzero(gain):
            source = int(chosen[row])
            for name, table in current.vectors.items():
                table[row] = trial.vectors[name][source]
            for symbol, column in current.scalars.items():
                column[row] = trial.scalars[symbol][source]
            score[row] = trial_score[row, best[row]]
    return current, score, evaluated


def _score(claim: Claim, lhs: np.ndarray, rhs: np.ndarray) -> np.ndarray:
    values = deviation(claim.relation, lhs, rhs, float(claim.tolerance))
    return np.where(np.isnan(values), -np.inf, values)
