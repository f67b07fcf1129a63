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
to the smallest positive float64, logits and reals far out, scalars of every magnitude (the
samplers of vectors and scalars are in :mod:`symxent.check.sampling`, re-exported here).

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

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import sympy as sp

from symxent.check.detail import Detail
from symxent.check.natural import describe_interval
from symxent.check.sampling import VECTOR_KINDS, sample_scalar, sample_vector
from symxent.distributions import ROLES, SIMPLEX_ROLES, Vector, VectorLabel
from symxent.errors import SymxentError
from symxent.inputs import as_basic
from symxent.quantities.joint import JointLabel, Marginal

__all__ = [
    "MAX_JOINT_CELLS",
    "MAX_JOINT_SETTINGS",
    "SIMPLEX_KINDS",
    "VECTOR_KINDS",
    "VariableSet",
    "describe_variables",
    "sample_joint",
    "sample_scalar",
    "sample_vector",
]

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
        cells = (
            math.prod(int(as_basic(s).xreplace(dict(counts))) for s in joint)
            for joint in self.joints.values()
        )
        return max(cells, default=0)

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
                known = name in bases
                _one_per_name(bases, name, indexed.base, "vectors")
                if known:
                    continue
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
            for index in sorted(expr.atoms(sp.Idx), key=sp.default_sort_key):
                if index in result.indices:
                    continue
                if index.lower is None or index.upper is None:
                    raise SymxentError(f"class index {index} needs a range, e.g. z.index('k')")
                result.indices[index] = (index.lower, index.upper)
                result.class_counts |= {s for s in (index.lower, index.upper) if s.is_Symbol}
        for expr in expanded:
            # sorted: the sampler draws in this order, and a set's order changes between runs
            for symbol in sorted(expr.free_symbols, key=sp.default_sort_key):
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
        _one_per_name(bases, str(base.label), base, "pmfs")
        _add_joint(result, base)


def _one_per_name(
    bases: dict[str, sp.IndexedBase], name: str, base: sp.IndexedBase, what: str
) -> None:
    """Record ``base`` under ``name``; refuse a second, different one of that name."""
    if bases.setdefault(name, base) != base:
        raise SymxentError(
            f"the claim uses two different {what} named {name!r} "
            f"({_describe_base(bases[name])} and {_describe_base(base)}); "
            "give them different names"
        )


SIMPLEX_KINDS = (*SIMPLEX_ROLES, "joint")
"""Vector kinds whose entries sum to 1 (normalised exactly at high precision; a joint pmf over
all of its entries), worded per language (``on the simplex``); the others are written as sets."""


def describe_variables(variables: VariableSet) -> str:
    """The domain of every variable, in words (``p, q on the simplex (n entries), x ∈ ℝ``).

    Example:
        >>> from symxent.distributions import Distribution
        >>> x = sp.Symbol("x", real=True)
        >>> v = VariableSet.collect([Distribution("p", "n")[1] + x])
        >>> describe_variables(v)
        'p on the simplex (n entries), x ∈ ℝ'
    """
    groups: dict[tuple[str, str], list[str]] = {}
    for name, (kind, length) in sorted(variables.vectors.items()):
        groups.setdefault((kind, str(length)), []).append(name)
    for name, (kind, rows, cols) in variables.arrays.items():
        groups.setdefault((kind, f"{rows} x {cols}"), []).append(name)
    for name, sizes in variables.joints.items():
        groups.setdefault(("joint", " x ".join(str(s) for s in sizes)), []).append(name)
    parts: list[str] = []
    for (kind, length), names in groups.items():
        if kind in SIMPLEX_KINDS:
            worded = Detail(f"kind_{kind}")
            parts.append(Detail("vector_domain", names=names, kind=worded, length=length))
        else:
            entries = describe_interval(ROLES[kind].interval or sp.S.Reals)
            parts.append(f"{', '.join(names)} ∈ {entries}^{length}")
    for symbol, domain in sorted(variables.scalars.items(), key=lambda item: str(item[0])):
        parts.append(f"{symbol} ∈ {describe_interval(domain)}")
    for index, (low, high) in sorted(variables.indices.items(), key=lambda item: str(item[0])):
        parts.append(f"{low} ≤ {index} ≤ {high}")
    return Detail("list", items=parts) if parts else ""


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


def _check_override(label: VectorLabel, kind: str) -> None:
    """Refuse a sampling domain wider than what the vector's entries are declared to be.

    Proofs use the declared facts (``p_i > 0`` for a Distribution), and SymPy has used them when
    the claim was built, so sampling one-hot points for a Distribution would check another claim.
    """
    sampled = sp.Dummy(**ROLES[kind].assumptions)
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
