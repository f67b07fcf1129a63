r"""Random, boundary and extreme points of each kind of domain: vectors and scalars.

Random draws never hit a single point, so each domain also gets the points where claims tend to
break: the uniform distribution, near-one-hot points, the zero vector, zero logits, and for
scalars the closed ends of the interval, 0, ±1/2, ±1, ±2 and the claim's own constants. And
they reach the extremes: probabilities down to the smallest positive float64 (``5e-324``),
logits and reals far out, scalars of every magnitude.

Example:
    >>> import numpy as np, sympy as sp
    >>> rng = np.random.default_rng(0)
    >>> p = sample_vector("distribution", rng, points=5, n=3)
    >>> bool(np.allclose(p.sum(axis=1), 1))
    True
    >>> float(sample_scalar(sp.Interval.open(0, 1), rng, 1000).max()) < 1
    True
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import sympy as sp

from symxent.distributions import ROLES
from symxent.errors import SymxentError

__all__ = ["FAR", "VECTOR_KINDS", "sample_scalar", "sample_vector"]

VECTOR_KINDS = tuple(ROLES)
"""Kinds of vectors the sampler knows; a ``where`` entry may override a vector's role."""

FAR = 1e15
"""Largest magnitude of a sampled scalar or real entry (past float64's integers, where sums
lose their last units). Farther points cost the interval re-check dearly (``e^x`` at 200
digits for ``x = 10^300`` takes 50 ms) and break no claim that 10^15 does not."""

_TINY = 1e-12
_SMALLEST = 5e-324
"""The smallest positive float64 (a subnormal); probabilities are sampled down to it."""

_BELOW_ONE = 1.0 - 2.0**-53
"""The largest float64 below 1."""


def _magnitudes(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """Positive numbers spread over every float64 magnitude, 1e-320 to 1 (log-uniform)."""
    return np.exp(rng.uniform(np.log(1e-320), 0.0, size=shape))


def _extreme_simplex(rng: np.random.Generator, points: int, n: int) -> np.ndarray:
    """Points near the simplex's faces: some entries as small as float64 allows, down to 5e-324.

    Each row has a random set of small entries (at least one, never all) of random magnitudes;
    the others share the rest of the mass at random.
    """
    rest = rng.gamma(np.ones((points, n)))
    small = rng.random((points, n)) < rng.random((points, 1))
    small[np.arange(points), rng.integers(0, n, size=points)] = True  # at least one small entry
    small[np.arange(points), rng.integers(0, n, size=points)] = False  # at least one large
    tiny = _magnitudes(rng, (points, n))
    tiny[rng.random((points, n)) < 0.2] = _SMALLEST
    draws = np.where(small, tiny * rest.sum(axis=1, keepdims=True), rest)
    return draws / draws.sum(axis=1, keepdims=True)


def _simplex(rng: np.random.Generator, points: int, n: int) -> np.ndarray:
    concentrations = np.array([0.03, 0.1, 0.3, 1.0, 3.0, 30.0])
    alpha = concentrations[rng.integers(0, len(concentrations), size=points)]
    draws = rng.gamma(np.repeat(alpha[:, None], n, axis=1))
    draws = np.maximum(draws, _TINY * draws.max(axis=1, keepdims=True) + 1e-300)
    result = draws / draws.sum(axis=1, keepdims=True)
    if n > 1 and points >= 8:
        # a quarter of the points near the faces, with entries down to the smallest float
        rows = np.arange(points - points // 4, points)
        result[rows] = _extreme_simplex(rng, len(rows), n)
    if points >= 3:
        result[0] = 1.0 / n  # the uniform distribution
        corner = np.full(n, 1e-9)
        corner[rng.integers(0, n)] = 1.0
        result[1] = corner / corner.sum()  # nearly one-hot
        if n > 1 and points >= 4:
            corner = np.full(n, _SMALLEST)
            corner[rng.integers(0, n)] = 1.0
            result[2] = corner  # one-hot up to the smallest floats
    return result


def _one_hot(rng: np.random.Generator, points: int, n: int) -> np.ndarray:
    result = np.zeros((points, n))
    result[np.arange(points), rng.integers(0, n, size=points)] = 1.0
    return result


def _spread(rng: np.random.Generator, points: int, n: int, scales: np.ndarray) -> np.ndarray:
    """Real vectors of several scales, the first the zero vector; some with one far coordinate."""
    scale = scales[rng.integers(0, len(scales), size=points)]
    result = rng.standard_normal((points, n)) * scale[:, None]
    if points >= 1:
        result[0] = 0.0
    if points >= 8:
        # a spike: one coordinate far out (logits of 1e4 saturate every softmax)
        rows = np.arange(points - points // 8, points)
        far = np.array([1e2, 1e3, 1e4, 1e6])[rng.integers(0, 4, size=len(rows))]
        sign = np.where(rng.random(len(rows)) < 0.5, -1.0, 1.0)
        result[rows, rng.integers(0, n, size=len(rows))] = sign * far
    return result


def _positive(rng: np.random.Generator, points: int, n: int) -> np.ndarray:
    """Positive numbers of every magnitude: mostly e^(±5), some down to 1e-300 or up to 1e300."""
    exponents = rng.standard_normal((points, n)) * np.where(rng.random((points, 1)) < 0.25, 150, 2)
    result = np.exp(np.clip(exponents, -690, 690))
    if points >= 1:
        result[0] = 1.0
    if points >= 2:
        result[1] = np.arange(1, n + 1, dtype=float)
    return result


def sample_vector(kind: str, rng: np.random.Generator, points: int, n: int) -> np.ndarray:
    """Sample ``points`` vectors of length ``n`` of the given kind (see :data:`VECTOR_KINDS`).

    Besides random draws, every kind gets the points where claims tend to break: the uniform
    distribution, near-one-hot points, entries down to the smallest positive float64
    (``5e-324``), logits and reals far out (``±1e6``), positive entries from ``1e-300`` to
    ``1e300``.

    Returns:
        An array of shape ``(points, n)``.

    Raises:
        SymxentError: for an unknown kind.
    """
    if kind == "distribution":
        return _simplex(rng, points, n)
    if kind == "one-hot":
        return _one_hot(rng, points, n)
    if kind == "labels":
        result = _simplex(rng, points, n)
        draw = rng.random(points)
        draw[:3] = 1.0  # keep the uniform point and the extreme corners
        hot = draw < 0.4
        result[hot] = _one_hot(rng, int(hot.sum()), n)
        # soft labels on a face of the simplex: some classes exactly 0, the rest soft
        face = (draw >= 0.4) & (draw < 0.6)
        zeros = rng.random((points, n)) < 0.5
        zeros[np.arange(points), rng.integers(0, n, size=points)] = False  # one class stays
        kept = np.where(face[:, None] & zeros, 0.0, result)
        flat = face & (rng.random(points) < 0.5)  # uniform on the face: (1/2, 1/2, 0), ...
        kept[flat] = np.where(kept[flat] > 0, 1.0, 0.0)
        return kept / kept.sum(axis=1, keepdims=True)
    if kind == "logits":
        return _spread(rng, points, n, np.array([0.01, 0.5, 2.0, 8.0, 30.0, 300.0]))
    if kind == "reals":
        return _spread(rng, points, n, np.array([0.1, 1.0, 10.0, 1e3]))
    if kind == "probabilities":
        uniform = rng.random((points, n))
        edgy = rng.beta(0.3, 0.3, size=(points, n))
        mix = np.clip(np.where(rng.random((points, 1)) < 0.5, uniform, edgy), _TINY, 1 - _TINY)
        if points >= 8:
            rows = np.arange(points - points // 8, points)
            extreme = rng.random((len(rows), n)) < 0.5
            low = _magnitudes(rng, (len(rows), n))
            ends = np.where(rng.random(extreme.shape) < 0.5, low, _BELOW_ONE)
            mix[rows] = np.where(extreme, ends, mix[rows])
        if points >= 1:
            mix[0] = 0.5
        return mix
    if kind == "positive":
        return _positive(rng, points, n)
    if kind == "nonnegative":
        result = _positive(rng, points, n)
        result[rng.random((points, n)) < 0.25] = 0.0
        if points >= 3:
            result[2] = 0.0
        return result
    raise SymxentError(f"unknown vector domain {kind!r}; use one of {', '.join(VECTOR_KINDS)}")


def sample_scalar(
    domain: sp.Set,
    rng: np.random.Generator,
    points: int,
    constants: Sequence[float] = (),
) -> np.ndarray:
    """Sample ``points`` values from an interval (open ends are kept open).

    Finite intervals are sampled with extra weight near their ends (a Beta(1/2, 1/2) law) and
    at distances 1e-10 to 1e-300 from them; half lines log-uniformly over magnitudes 1e-8 to
    1e8, a quarter of the points over 1e-300 to 1e15; the real line at several scales up to
    1e15 (:data:`FAR`). The special points of :func:`_special_points` that lie in the interval
    are included, and so are the claim's own ``constants`` (``x = 1000`` for
    ``(x - 1000)^2 > 0``).

    Raises:
        SymxentError: if ``domain`` is not an Interval.
    """
    if domain == sp.S.Reals:
        domain = sp.Interval(-sp.oo, sp.oo)
    if not isinstance(domain, sp.Interval):
        raise SymxentError(
            f"a scalar domain must be an interval such as Interval.open(0, 1), got {domain}"
        )
    low, high = float(domain.start), float(domain.end)
    wide = rng.random(points) < 0.25
    if np.isfinite(low) and np.isfinite(high):
        u = np.where(rng.random(points) < 0.5, rng.random(points), rng.beta(0.5, 0.5, points))
        near = np.exp(rng.uniform(np.log(1e-300), np.log(1e-10), points))
        u = np.where(wide, np.where(rng.random(points) < 0.5, near, 1 - near), u)
        values = np.clip(low + (high - low) * u, low, high)
        if points >= 2:
            values[0] = (low + high) / 2
    elif np.isfinite(low) or np.isfinite(high):
        magnitude = np.where(
            wide,
            np.exp(rng.uniform(np.log(1e-300), np.log(FAR), points)),
            np.exp(rng.uniform(np.log(1e-8), np.log(1e8), points)),
        )
        values = low + magnitude if np.isfinite(low) else high - magnitude
    else:
        scales = np.array([0.1, 1.0, 5.0, 30.0])
        values = rng.standard_normal(points) * scales[rng.integers(0, len(scales), points)]
        far = np.exp(rng.uniform(np.log(1e2), np.log(FAR), points))
        values = np.where(wide, np.where(rng.random(points) < 0.5, -far, far), values)
    if np.isfinite(low) and domain.left_open:  # open ends stay open
        values = np.where(values > low, values, np.nextafter(low, np.inf))
    if np.isfinite(high) and domain.right_open:
        values = np.where(values < high, values, np.nextafter(high, -np.inf))
    candidates = [*_special_points(domain), *_constants_in(domain, constants)]
    special = list(dict.fromkeys(candidates))[: max(points - 1, 0)]
    if special:
        values[1 + rng.permutation(points - 1)[: len(special)]] = special
    return values


def _constants_in(domain: sp.Interval, constants: Sequence[float]) -> list[float]:
    """The claim's constants (and their negatives) that lie in ``domain``."""
    found = []
    for value in constants:
        for candidate in (value, -value):
            if np.isfinite(candidate) and domain.contains(sp.Float(candidate)) is sp.true:
                found.append(float(candidate))
    return found


def _special_points(domain: sp.Interval) -> list[float]:
    """Points where claims tend to break: closed ends, 0, ±1, ±1/2, ±2 (those in the domain).

    Random draws never hit them, yet a strict inequality often fails exactly there
    (``x^2 > 0`` at 0, ``σ(z)(1 - σ(z)) < 1/4`` at ``z = 0``, ``y(1 - y) > 0`` at ``y = 1``).
    """
    ends = [end for end in (domain.start, domain.end) if end.is_finite and domain.contains(end)]
    candidates = [*ends, *(sp.Rational(k, 2) for k in (0, 2, -2, 1, -1, 4, -4))]
    chosen: list[float] = []
    for point in candidates:
        value = float(point)
        if domain.contains(point) is sp.true and value not in chosen:
            chosen.append(value)
    return chosen
