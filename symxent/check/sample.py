"""Sampled points of a claim's variables: drawing them, picking rows, describing one.

A :class:`Sample` holds P points for one setting of the class counts: each vector as a
``(P, n)`` array, each scalar and free index as a ``(P,)`` array. It gives the evaluator an
:class:`~symxent.check.evaluate.Environment` in any backend, and describes a row for a
counterexample.

Example:
    >>> import numpy as np, sympy as sp
    >>> from symxent.check.domains import VariableSet
    >>> x = sp.Symbol("x", real=True)
    >>> sample = draw(VariableSet(scalars={x: sp.S.Reals}), {}, np.random.default_rng(0), 8)
    >>> sample.points, sample.take(np.array([0, 1])).points
    (8, 2)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import sympy as sp

from symxent.budget import check_cells
from symxent.check.backends import FLOAT, Backend
from symxent.check.domains import (
    SIMPLEX_KINDS,
    VariableSet,
    sample_joint,
    sample_scalar,
    sample_vector,
)
from symxent.check.evaluate import Environment
from symxent.check.verdict import Counterexample
from symxent.inputs import as_basic

__all__ = ["SIMPLEX_KINDS", "Sample", "draw"]


@dataclass
class Sample:
    """P sampled points of every free variable, for one setting of the class counts.

    Attributes:
        counts: symbolic class count -> its value here.
        kinds: vector name -> kind (see :data:`~symxent.check.domains.VECTOR_KINDS`).
        vectors: vector name -> ``(P, n)`` array (``(P, rows, cols)`` for two-index arrays).
        scalars: Symbol -> ``(P,)`` array.
        indices: free class index -> ``(P,)`` integer array.
        points: P.
    """

    counts: dict[sp.Symbol, int]
    kinds: dict[str, str]
    vectors: dict[str, np.ndarray]
    scalars: dict[sp.Basic, np.ndarray]
    indices: dict[sp.Basic, np.ndarray]
    points: int

    def environment(self, backend: Backend, rows: np.ndarray | None = None) -> Environment:
        """The values at ``rows`` (all rows by default) in ``backend``'s number type."""

        def pick(values: np.ndarray, kind: str = "") -> np.ndarray:
            chosen = values if rows is None else values[rows]
            if backend is FLOAT:
                return chosen
            converted = backend.array(chosen)
            if kind in SIMPLEX_KINDS:
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

    def take(self, rows: np.ndarray) -> Sample:
        """A new sample of the given rows (copies, so they may be changed)."""
        return Sample(
            dict(self.counts),
            dict(self.kinds),
            {k: v[rows].copy() for k, v in self.vectors.items()},
            {k: v[rows].copy() for k, v in self.scalars.items()},
            {k: v[rows].copy() for k, v in self.indices.items()},
            len(rows),
        )

    def describe(self, row: int) -> Counterexample:
        """The point at ``row``, as readable strings (sides left empty)."""
        point: dict[str, str] = {}
        for name, values in self.vectors.items():
            point[name] = vector_text(values[row])
        for symbol, values in self.scalars.items():
            point[str(symbol)] = number_text(float(values[row]))
        for index, values in self.indices.items():
            point[str(index)] = str(int(values[row]))
        return Counterexample(
            point=point, lhs="", rhs="", n={str(k): v for k, v in self.counts.items()}
        )


def number_text(value: float) -> str:
    """A sampled number, exactly as float64 holds it (the shortest text that reads back).

    Example:
        >>> number_text(155.37712), number_text(1e-300), number_text(2.0)
        ('155.37712', '1e-300', '2')
    """
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def vector_text(values: np.ndarray, limit: int = 8) -> str:
    """A sampled vector ``(0.2, 0.8)``, a long one shortened, an array row by row.

    Example:
        >>> vector_text(np.array([0.25, 0.75]))
        '(0.25, 0.75)'
        >>> vector_text(np.full(21, 1 / 21))
        '(0.047619, ..., 0.047619) (21 equal entries)'
    """
    if values.ndim > 1:
        return "(" + ", ".join(vector_text(row, limit) for row in values) + ")"
    entries = [f"{x:.6g}" for x in values]
    if len(entries) <= limit:
        return "(" + ", ".join(entries) + ")"
    if np.all(values == values[0]):
        return f"({entries[0]}, ..., {entries[0]}) ({len(values)} equal entries)"
    return f"({', '.join(entries[:3])}, ..., {', '.join(entries[-2:])}) ({len(entries)} entries)"


def draw(
    variables: VariableSet,
    counts: dict[sp.Symbol, int],
    rng: np.random.Generator,
    points: int,
    constants: Sequence[float] = (),
) -> Sample:
    """Draw ``points`` points of every variable for one setting of the class counts.

    Args:
        variables: the claim's free variables and their domains.
        counts: the value of each symbolic class count.
        rng: the random generator.
        points: how many points.
        constants: the claim's constants, tried as scalar values.
    """
    vectors = {}
    for name, (kind, length) in variables.vectors.items():
        size = int(as_basic(length).xreplace(counts))
        check_cells(points * size, f"the vector {name} ({size} classes)")
        vectors[name] = sample_vector(kind, rng, points, size)
    scalars = {
        s: sample_scalar(domain, rng, points, constants) for s, domain in variables.scalars.items()
    }
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
    return Sample(dict(counts), kinds, vectors, scalars, indices, points)
