"""Where the numeric checker samples each free variable of a claim.

The domain of a variable comes from its role: a :class:`~symxent.distributions.Distribution` is
sampled on the simplex (Dirichlet draws of several concentrations, plus the uniform point and
near-one-hot points), :class:`~symxent.distributions.Labels` as one-hot and soft labels (some
on a face of the simplex, with classes exactly 0),
:class:`~symxent.distributions.Logits` as real vectors of several scales, a free class index
uniformly from its range, and a scalar Symbol from the interval given for it in ``where`` (or,
failing that, from its SymPy assumptions: positive, nonnegative or real). Random draws never hit
a single point, so each domain also gets the points where claims tend to break: the uniform
distribution, the zero vector, zero logits, and for scalars the closed ends of the interval and
0, ±1/2, ±1, ±2 and the claim's own constants. And they reach the extremes: probabilities down
to the smallest positive float64, logits and reals far out, scalars of every magnitude.

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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import sympy as sp

from symxent.distributions import Vector, VectorLabel
from symxent.errors import SymxentError
from symxent.inputs import as_basic
from symxent.quantities.joint import JointLabel, Marginal

__all__ = [
    "MAX_JOINT_CELLS",
    "MAX_JOINT_SETTINGS",
    "VECTOR_KINDS",
    "VariableSet",
    "describe_domain",
    "describe_variables",
    "sample_joint",
    "sample_scalar",
    "sample_vector",
]

VECTOR_KINDS = (
    "distribution",
    "labels",
    "one-hot",
    "logits",
    "probabilities",
    "reals",
    "positive",
    "nonnegative",
)
"""Kinds of vectors the sampler knows; a ``where`` entry may override a vector's role."""

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


MAX_JOINT_CELLS = 128
"""Largest joint pmf (entries over all alphabets) the numeric checker samples; the alphabet
sizes that would make a larger one are skipped (the smaller ones are tried)."""

MAX_JOINT_SETTINGS = 10
"""Most settings of the alphabet sizes tried for a joint pmf (each size one class count)."""

_JOINT_FAMILIES = ("dirichlet", "product", "markov", "function", "near-function", "zeros")
"""Kinds of joint pmfs :func:`sample_joint` draws, in turn."""


def _dyadic(rng: np.random.Generator, size: int, bits: int, rows: int = 1) -> np.ndarray:
    """Random pmfs (``rows`` of them) whose entries are multiples of ``2^-bits`` summing to 1.

    Products of such entries are exact in float64 (while the bits fit in 53), so a product pmf
    built from them is exactly independent, also at high precision.
    """
    unit = 2**bits
    alpha = np.array([0.3, 1.0, 3.0])[rng.integers(0, 3)]
    draws = rng.gamma(alpha, size=(rows, size)) + 1e-300
    counts = np.floor(draws / draws.sum(axis=1, keepdims=True) * unit)
    counts[np.arange(rows), np.argmax(counts, axis=1)] += unit - counts.sum(axis=1)
    return counts / unit


def _joint_row(rng: np.random.Generator, family: str, shape: tuple[int, ...]) -> np.ndarray:
    """One joint pmf of the given family (see :func:`sample_joint`), shape ``shape``."""
    dims = len(shape)
    bits = max(4, 48 // max(dims, 1))
    if family == "product" or (family == "markov" and dims < 3):
        result = np.ones(())
        for size in shape:
            result = np.multiply.outer(result, _dyadic(rng, size, bits)[0])
        return result
    if family == "markov":
        # X_a and X_b independent given X_c: p(c) p(a|c) p(b|c) ... for every other axis
        given = int(rng.integers(0, dims))
        result = _dyadic(rng, shape[given], bits)[0].reshape(
            [shape[given] if axis == given else 1 for axis in range(dims)]
        )
        for axis in range(dims):
            if axis == given:
                continue
            rows = _dyadic(rng, shape[axis], bits, rows=shape[given])  # p(a | c), one per c
            layout = [1] * dims
            layout[given], layout[axis] = shape[given], shape[axis]
            block = rows if given < axis else rows.T  # in the order of the axes
            result = result * block.reshape(layout)
        return result
    if family in ("function", "near-function"):
        # the variable on one axis is a function of the others: a single nonzero per fibre
        axis = int(rng.integers(0, dims))
        others = [size for position, size in enumerate(shape) if position != axis]
        weights = _dyadic(rng, int(np.prod(others, dtype=np.int64)), bits)[0]
        chosen = rng.integers(0, shape[axis], size=weights.size)
        flat = np.zeros((weights.size, shape[axis]))
        flat[np.arange(weights.size), chosen] = weights
        result = np.moveaxis(flat.reshape((*others, shape[axis])), -1, axis)
        if family == "near-function":
            result = result + 1e-6 * rng.random(shape)
            result = result / result.sum()
        return result
    alpha = np.array([0.1, 0.3, 1.0, 3.0, 30.0])[rng.integers(0, 5)]
    result = rng.gamma(alpha, size=shape)
    if family == "zeros":
        mask = rng.random(shape) < 0.5
        mask.flat[rng.integers(0, mask.size)] = False  # one entry stays
        result = np.where(mask, 0.0, result)
    total = result.sum()
    return result / total if total > 0 else np.full(shape, 1.0 / result.size)


def sample_joint(rng: np.random.Generator, points: int, shape: tuple[int, ...]) -> np.ndarray:
    """Sample ``points`` joint pmfs of random variables with alphabet sizes ``shape``.

    The pmfs come in turn from each family of :data:`_JOINT_FAMILIES`: Dirichlet draws of
    several concentrations; exactly independent products; three or more variables of which two
    are independent given a third (exactly); one variable a function of the others (so
    conditional entropies are 0) and the same with a little noise; and pmfs with many zero
    entries (the boundary). The first point is the uniform pmf.

    Returns:
        An array of shape ``(points, *shape)``; each point sums to 1.

    Example:
        >>> import numpy as np
        >>> joint = sample_joint(np.random.default_rng(0), 12, (2, 3))
        >>> joint.shape, bool(np.allclose(joint.sum(axis=(1, 2)), 1))
        ((12, 2, 3), True)
    """
    result = np.empty((points, *shape))
    start = int(rng.integers(0, len(_JOINT_FAMILIES)))
    for row in range(points):
        family = _JOINT_FAMILIES[(start + row) % len(_JOINT_FAMILIES)]
        result[row] = _joint_row(rng, family, tuple(shape))
    if points >= 1:
        result[0] = 1.0 / int(np.prod(shape, dtype=np.int64))
    return result


def sample_scalar(
    domain: sp.Set,
    rng: np.random.Generator,
    points: int,
    constants: Sequence[float] = (),
) -> np.ndarray:
    """Sample ``points`` values from an interval (open ends are kept open).

    Finite intervals are sampled with extra weight near their ends (a Beta(1/2, 1/2) law) and
    at distances 1e-10 to 1e-300 from them; half lines log-uniformly over magnitudes 1e-8 to
    1e8, a quarter of the points over 1e-300 to 1e300; the real line at several scales up to
    1e300. The special points of :func:`_special_points` that lie in the interval are included,
    and so are the claim's own ``constants`` (``x = 1000`` for ``(x - 1000)^2 > 0``).

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
        if domain.left_open:
            values = np.where(values > low, values, np.nextafter(low, np.inf))
        if domain.right_open:
            values = np.where(values < high, values, np.nextafter(high, -np.inf))
        if points >= 2:
            values[0] = (low + high) / 2
    elif np.isfinite(low) or np.isfinite(high):
        magnitude = np.where(
            wide,
            np.exp(rng.uniform(np.log(1e-300), np.log(1e300), points)),
            np.exp(rng.uniform(np.log(1e-8), np.log(1e8), points)),
        )
        values = low + magnitude if np.isfinite(low) else high - magnitude
        if np.isfinite(low) and domain.left_open:
            values = np.where(values > low, values, np.nextafter(low, np.inf))
        if np.isfinite(high) and domain.right_open:
            values = np.where(values < high, values, np.nextafter(high, -np.inf))
    else:
        scales = np.array([0.1, 1.0, 5.0, 30.0])
        values = rng.standard_normal(points) * scales[rng.integers(0, len(scales), points)]
        far = np.exp(rng.uniform(np.log(1e2), np.log(1e300), points))
        values = np.where(wide, np.where(rng.random(points) < 0.5, -far, far), values)
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


def describe_domain(domain: sp.Set | str) -> str:
    """Return a short readable description of a domain, for verdict notes."""
    if isinstance(domain, str):
        return domain
    return str(domain)


def _default_scalar_domain(symbol: sp.Symbol) -> sp.Set:
    if symbol.is_positive:
        return sp.Interval.open(0, sp.oo)
    if symbol.is_nonnegative:
        return sp.Interval(0, sp.oo)
    if symbol.is_negative:
        return sp.Interval.open(-sp.oo, 0)
    return sp.S.Reals


@dataclass
class VariableSet:
    """The free variables of a claim, each with the domain it is sampled from.

    Attributes:
        vectors: name -> (kind, length) for sampled vectors; length is an Integer or a Symbol.
        arrays: name -> (kind, rows, columns) for two-index arrays (``y[i, j]``) whose rows are
            sampled as vectors of that kind.
        joints: name -> alphabet sizes, for the joint pmf of random variables (sampled by
            :func:`sample_joint`).
        scalars: Symbol -> interval.
        indices: free class index -> (lower, upper) bounds (may contain class-count symbols).
        class_counts: symbolic class counts that must be given concrete values.
    """

    vectors: dict[str, tuple[str, sp.Expr]] = field(default_factory=dict)
    arrays: dict[str, tuple[str, sp.Expr, sp.Expr]] = field(default_factory=dict)
    joints: dict[str, tuple[sp.Expr, ...]] = field(default_factory=dict)
    scalars: dict[sp.Symbol, sp.Set] = field(default_factory=dict)
    indices: dict[sp.Basic, tuple[sp.Expr, sp.Expr]] = field(default_factory=dict)
    class_counts: set[sp.Symbol] = field(default_factory=set)

    def joint_cells(self, counts: Mapping[sp.Symbol, int]) -> int:
        """The number of entries of the largest joint pmf for these class counts (0 if none)."""
        return _joint_cells(self, counts)

    def affordable(self, settings: list[dict[sp.Symbol, int]]) -> list[dict[sp.Symbol, int]]:
        """The class-count settings worth sampling (all of them, without a joint pmf).

        For a joint pmf, at most :data:`MAX_JOINT_SETTINGS` settings with at most
        :data:`MAX_JOINT_CELLS` entries each, nontrivial alphabets first. Several random
        variables give each alphabet size its own class count, and the number of their
        combinations (and of the pmf's entries) grows fast; wrong Shannon-type claims break on
        small alphabets already.
        """
        if not self.joints:
            return settings
        small = [counts for counts in settings if self.joint_cells(counts) <= MAX_JOINT_CELLS]

        def order(counts: dict[sp.Symbol, int]) -> tuple[bool, bool]:
            # alphabets of 2 or more values first (equal sizes, then mixed), trivial ones last:
            # a counterexample on two values shows more than one on a single value
            return 1 in counts.values(), len(set(counts.values())) > 1

        return sorted(small, key=order)[:MAX_JOINT_SETTINGS]  # (a stable sort)

    @classmethod
    def collect(
        cls,
        expanded: list[sp.Basic],
        where: Mapping[object, object] | None = None,
    ) -> VariableSet:
        """Find the free variables of ``expanded`` and give each a domain.

        Args:
            expanded: the same sides fully expanded (what will be evaluated).
            where: domain overrides: Symbol -> Interval, Vector or vector name -> kind.

        Raises:
            SymxentError: for an override of an unknown kind or a non-interval scalar domain.
        """
        overrides, scalar_domains = _parse_where(where or {})
        result = cls()
        bases: dict[str, sp.IndexedBase] = {}
        for expr in expanded:
            _collect_joints(expr, result, bases)
            for indexed in sorted(expr.atoms(sp.Indexed), key=sp.default_sort_key):
                name = str(indexed.base.label)
                if name in bases:
                    if bases[name] != indexed.base:
                        raise SymxentError(
                            f"the claim uses two different vectors named {name!r} "
                            f"({_describe_base(bases[name])} and {_describe_base(indexed.base)}); "
                            "give them different names"
                        )
                    continue
                bases[name] = indexed.base
                label = indexed.base.label
                if isinstance(label, JointLabel):
                    _add_joint(result, indexed.base)
                    continue
                if isinstance(label, VectorLabel):
                    kind = overrides.get(name, label.role)
                    _check_override(label, kind)
                else:
                    kind = overrides.get(name, "distribution" if label.is_positive else "reals")
                shape = indexed.base.shape
                if shape is not None and len(shape) == 2 and len(indexed.indices) == 2:
                    result.arrays[name] = (kind, shape[0], shape[1])
                    result.class_counts |= {s for s in shape if s.is_Symbol}
                    continue
                if shape is None or len(shape) != 1:
                    raise SymxentError(
                        f"vector {name} has no known length; build it with symxent, "
                        f"e.g. Distribution({name!r}, n)"
                    )
                length = shape[0]
                result.vectors[name] = (kind, length)
                if length.is_Symbol:
                    result.class_counts.add(length)
            for index in expr.atoms(sp.Idx):
                if index in result.indices:
                    continue
                if index.lower is None or index.upper is None:
                    raise SymxentError(f"class index {index} needs a range, e.g. z.index('k')")
                result.indices[index] = (index.lower, index.upper)
                result.class_counts |= {s for s in (index.lower, index.upper) if s.is_Symbol}
        for expr in expanded:
            for symbol in expr.free_symbols:
                if symbol.is_Symbol and symbol.name in bases:
                    if symbol != bases[symbol.name].label:
                        raise SymxentError(
                            f"the claim uses {symbol.name!r} both as a vector and as a scalar; "
                            "give them different names"
                        )
                    continue
                if (
                    isinstance(symbol, sp.Idx)
                    or symbol in result.class_counts
                    or isinstance(symbol, sp.Indexed)
                    or symbol in result.indices
                ):
                    continue
                if symbol.is_integer:
                    # an integer symbol that is not an index: treat as a class count
                    result.class_counts.add(symbol)
                    continue
                result.scalars[symbol] = scalar_domains.get(symbol, _default_scalar_domain(symbol))
        return result


def _add_joint(result: VariableSet, base: sp.IndexedBase) -> None:
    shape = tuple(base.shape)
    result.joints[str(base.label)] = shape
    result.class_counts |= {s for s in shape if s.is_Symbol}


def _collect_joints(expr: sp.Basic, result: VariableSet, bases: dict[str, sp.IndexedBase]) -> None:
    """Record the joint pmfs whose marginals (``p(x)``) appear in ``expr``."""
    for marginal in sorted(expr.atoms(Marginal), key=sp.default_sort_key):
        base = marginal.joint.base
        name = str(base.label)
        if bases.setdefault(name, base) != base:
            raise SymxentError(
                f"the claim uses two different pmfs named {name!r} "
                f"({_describe_base(bases[name])} and {_describe_base(base)}); "
                "give them different names"
            )
        _add_joint(result, base)


def _joint_cells(variables: VariableSet, counts: Mapping[sp.Symbol, int]) -> int:
    largest = 0
    for sizes in variables.joints.values():
        cells = 1
        for size in sizes:
            cells *= int(as_basic(size).xreplace(dict(counts)))
        largest = max(largest, cells)
    return largest


_KIND_TEXT = {
    "distribution": "on the simplex",
    "labels": "labels (on the simplex, entries may be 0)",
    "one-hot": "one-hot",
    "logits": "∈ ℝ^{n}",
    "reals": "∈ ℝ^{n}",
    "probabilities": "∈ (0, 1)^{n}",
    "positive": "∈ (0, ∞)^{n}",
    "nonnegative": "∈ [0, ∞)^{n}",
    "joint": "a joint pmf",
}


def describe_variables(variables: VariableSet) -> str:
    """The domain of every variable, in words (``p, q on the simplex (n entries), x ∈ ℝ``).

    Example:
        >>> from symxent.distributions import Distribution
        >>> x = sp.Symbol("x", real=True)
        >>> v = VariableSet.collect([Distribution("p", "n")[1] + x])
        >>> describe_variables(v)
        'p on the simplex (n entries), x ∈ ℝ'
    """
    from symxent.check.natural import describe_interval

    groups: dict[tuple[str, str], list[str]] = {}
    for name, (kind, length) in sorted(variables.vectors.items()):
        groups.setdefault((kind, str(length)), []).append(name)
    for name, (kind, rows, cols) in variables.arrays.items():
        groups.setdefault((kind, f"{rows} x {cols}"), []).append(name)
    for name, sizes in variables.joints.items():
        groups.setdefault(("joint", " x ".join(str(s) for s in sizes)), []).append(name)
    parts = []
    for (kind, length), names in groups.items():
        text = _KIND_TEXT.get(kind, kind).replace("{n}", length)
        suffix = "" if "^" in text else f" ({length} entries)"
        parts.append(f"{', '.join(names)} {text}{suffix}")
    for symbol, domain in sorted(variables.scalars.items(), key=lambda item: str(item[0])):
        parts.append(f"{symbol} ∈ {describe_interval(domain)}")
    for index, (low, high) in variables.indices.items():
        parts.append(f"{low} ≤ {index} ≤ {high}")
    return ", ".join(parts)


def _parse_where(
    where: Mapping[object, object],
) -> tuple[dict[str, str], dict[sp.Basic, sp.Set]]:
    """Split ``where`` into vector kind overrides (by name) and scalar intervals."""
    overrides: dict[str, str] = {}
    scalar_domains: dict[sp.Basic, sp.Set] = {}
    for key, value in where.items():
        if isinstance(key, Vector | str):
            name = key.name if isinstance(key, Vector) else key
            if value not in VECTOR_KINDS:
                raise SymxentError(
                    f"domain for vector {name!r} must be one of {', '.join(VECTOR_KINDS)}"
                )
            overrides[name] = str(value)
        elif isinstance(key, sp.Symbol):
            if not isinstance(value, sp.Set):
                raise SymxentError(
                    f"domain for {key} must be a SymPy interval, e.g. Interval.open(0, 1)"
                )
            declared = _default_scalar_domain(key)
            if value.is_subset(declared) is False:
                # SymPy already used the assumptions when the claim was built (|x| became x
                # for a positive x), so checking it on a wider domain would check another claim.
                raise SymxentError(
                    f"domain {value} for {key} goes beyond what {key} is declared to be "
                    f"({declared}); declare Symbol({key.name!r}) without that assumption "
                    "or give a smaller domain"
                )
            scalar_domains[key] = value
        else:
            raise SymxentError(f"cannot give a domain to {key!r}; use a Symbol or a vector")
    return overrides, scalar_domains


_KIND_SIGNS = {
    "distribution": "positive",
    "probabilities": "positive",
    "labels": "nonnegative",
    "one-hot": "nonnegative",
    "logits": "real",
    "reals": "real",
    "positive": "positive",
    "nonnegative": "nonnegative",
}


def _check_override(label: VectorLabel, kind: str) -> None:
    """Refuse a sampling domain wider than what the vector's entries are declared to be.

    Proofs use the declared facts (``p_i > 0`` for a Distribution), and SymPy has used them when
    the claim was built, so sampling one-hot points for a Distribution would check another claim.
    """
    sampled = sp.Dummy(**{_KIND_SIGNS[kind]: True})
    for fact in ("positive", "nonnegative", "real"):
        if getattr(label, f"is_{fact}") and not getattr(sampled, f"is_{fact}"):
            raise SymxentError(
                f"vector {label} has {fact} entries ({label.role}); it cannot be checked on "
                f"{kind!r} points, whose entries need not be {fact}: build it as a vector of "
                "that kind (e.g. Labels for one-hot points)"
            )


def _describe_base(base: sp.IndexedBase) -> str:
    label = base.label
    role = label.role if isinstance(label, VectorLabel) else "vector"
    if base.shape and len(base.shape) == 2:
        return f"{role} rows, an array of shape {base.shape[0]} x {base.shape[1]}"
    length = base.shape[0] if base.shape else "?"
    return f"{role} of length {length}"
