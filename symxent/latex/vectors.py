r"""Vectors, their entries and two-index arrays: what ``p_i``, ``p(x)``, ``y_{ij}`` stand for.

A mixin of :class:`symxent.latex.mapping.Mapper`. A name with a vector role (or bound to
values by an earlier line) is one :class:`~symxent.distributions.Vector` per claim
(:meth:`VectorLookup._vector`): given in full when the lecture gave its values, symbolic
otherwise, with the length of the sums that run over it. Its entries are read at a class (a
number, a label such as ``A``, a free index ``k`` ranging over the classes, or a summation
index); a two-index array ``y_{ij}`` has the rows and columns of the sums over its indices.

Example:
    >>> from symxent.latex.mapping import Mapper
    >>> from symxent.latex.reader import read_side
    >>> from symxent.latex.roles import Roles
    >>> Mapper(Roles()).map(read_side(r"\sum_{i=1}^{N} \sum_{j=1}^{C} y_{ij}"))
    Sum(y[i, j], (j, 1, C), (i, 1, N))
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

import sympy as sp

from symxent.distributions import SIMPLEX_ROLES, OneHot, RealVector, Vector, class_index
from symxent.errors import SymxentError
from symxent.latex.names import CLASSES, MAX_CLASSES, Bindings, NotEvaluableError
from symxent.latex.raw import Name, Raw

if TYPE_CHECKING:
    from collections.abc import Mapping

    from symxent.latex.roles import Roles

__all__ = ["FreeIndex", "Index", "VectorLookup", "identifier", "stem_key"]


@dataclass(frozen=True)
class FreeIndex:
    """A subscript letter not bound by any sum: a free class index."""

    name: str


Index: TypeAlias = "sp.Expr | FreeIndex | str"


class VectorLookup:
    """The vector and array part of the mapper, and the base of its other parts (their state)."""

    roles: Roles
    bindings: Bindings
    where: dict[object, object]
    _vectors: dict[str, Vector]
    _label_order: dict[str, list[str]]
    _indices: dict[str, sp.Idx]
    _hints: dict[str, tuple[sp.Basic, Raw]]
    _array_hints: dict[tuple[str, int], list[tuple[sp.Basic, Raw]]]
    _touched: set[str]
    _given: set[str]
    _explicit: set[str]

    def _default_count(self) -> sp.Expr:
        raise NotImplementedError  # pragma: no cover - the mapper's

    if TYPE_CHECKING:  # the mapper's (conventions, tree); no stub at run time

        def map(self, raw: Raw, env: Mapping[str, sp.Expr] | None = None) -> sp.Expr: ...  # noqa: D102
        def _split(self, name: Name, env: dict[str, sp.Expr]) -> tuple[str, list[Index]]: ...
        def is_free_index(self, key: str) -> bool: ...  # noqa: D102
        def record_read(self, entry: sp.Indexed) -> None: ...  # noqa: D102

    def _is_vector(self, key: str, stem: str) -> bool:
        """Whether ``key`` names a vector: by its role, or given values by an earlier line."""
        return self.roles.is_vector(key, stem) or self.bindings.has_vector(key)

    def _entry(self, key: str, stem: str, index: Index, latex: str) -> sp.Expr:
        self._touched.add(key)
        bound = self.bindings.entries.get(key, {})
        if isinstance(index, str):
            if index in bound:
                self._given.add(key)
                return bound[index]
            vector = self._vector(key, stem)
            order = self._label_order.get(key)
            if order and index in order:
                return vector[order.index(index) + 1]
            raise NotEvaluableError(
                f"{latex}: the value of {key} at {index} is not given in this file"
            )
        if isinstance(index, sp.Integer) and int(index) in bound:
            self._given.add(key)
            return bound[int(index)]
        vector = self._vector(key, stem)
        if isinstance(index, FreeIndex):
            index = self._free_index(index.name, vector.n)
        if vector.is_explicit and index.is_Integer and not 1 <= int(index) <= int(vector.n):
            raise NotEvaluableError(
                f"{latex}: {key} is given with {vector.n} entries, and {latex} is not one of them"
            )
        entry = vector[index]
        self.record_read(vector.base[index])
        return entry

    def _free_index(self, letter: str, length: sp.Expr) -> sp.Idx:
        """The free class index ``letter``, one on every side (its first use sets its range)."""
        if letter not in self._indices:
            self._indices[letter] = class_index(letter, length)
        return self._indices[letter]

    # ------------------------------------------------------------------ two-index arrays

    def _array_entry(self, key: str, stem: str, parts: list[Index], latex: str) -> sp.Expr:
        r"""``y_{ij}``: entry (i, j) of an N x C array whose rows have the role of ``key``.

        Row i is a vector of the role of ``y`` (labels, a distribution, ...); the numbers of rows
        and columns are the bounds of the sums over the two indices, which must be written
        (``\sum_{i=1}^N \sum_{j=1}^C``). An array given in full (a table) has those entries.
        """
        self._touched.add(key)
        if any(not isinstance(part, sp.Expr) for part in parts):
            raise NotEvaluableError(
                f"{latex}: a two-index array is only read inside sums over both of its indices, "
                rf"with bounds, as in \sum_{{i=1}}^N \sum_{{j=1}}^C {latex}"
            )
        rows, cols = (self._array_length(key, axis, latex) for axis in (0, 1))
        kind = self.roles.kind(key, stem) or "reals"
        cls = CLASSES.get(kind, RealVector)
        indices = [part for part in parts if isinstance(part, sp.Expr)]
        for index, size in zip(indices, (rows, cols), strict=True):
            if index.is_Integer and size.is_Integer and not 1 <= int(index) <= int(size):
                raise NotEvaluableError(f"{latex}: index {index} is out of range 1..{size}")
        label = cls.label_class(identifier(key), **cls.assumptions)
        entry = sp.IndexedBase(label, shape=(rows, cols))[indices[0], indices[1]]
        self.record_read(entry)
        bound = self.bindings.arrays.get(key)
        if bound is not None:
            return self._bound_array_entry(key, cls, bound, shape=(rows, cols), at=indices)
        if kind == "one-hot":
            self.where[identifier(key)] = "one-hot"
        return entry

    def _bound_array_entry(
        self,
        key: str,
        cls: type[Vector],
        bound: tuple[tuple[sp.Expr, ...], ...],
        *,
        shape: tuple[sp.Expr, sp.Expr],
        at: list[sp.Expr],
    ) -> sp.Expr:
        size = (len(bound), len(bound[0]))
        if shape != (sp.Integer(size[0]), sp.Integer(size[1])):
            raise NotEvaluableError(
                f"{key}: the sums run over {shape[0]} x {shape[1]} entries, "
                f"but {key} is given as a {size[0]} x {size[1]} table"
            )
        for position, row in enumerate(bound, start=1):
            try:
                cls(identifier(key), values=row)
            except SymxentError as error:
                raise NotEvaluableError(f"{key}, row {position}: {error}") from None
        self._given.add(key)
        i, j = at
        if i.is_Integer and j.is_Integer:
            return bound[int(i) - 1][int(j) - 1]
        # a symbolic index picks one of the given values (as for a vector given in full)
        return sp.Add(
            *(
                value * sp.KroneckerDelta(i, a) * sp.KroneckerDelta(j, b)
                for a, row in enumerate(bound, start=1)
                for b, value in enumerate(row, start=1)
                if value != 0
            )
        )

    def _array_length(self, key: str, axis: int, latex: str) -> sp.Expr:
        """The number of rows (axis 0) or columns (axis 1) of a two-index array."""
        hints = self._array_hints.get((key, axis), [])
        lengths = {self._bound_length(upper, raw) for upper, raw in hints}
        which = "row" if axis == 0 else "column"
        if not lengths or None in lengths:
            raise NotEvaluableError(
                f"{latex}: the {which} index of a two-index array needs a sum with a bound, "
                r"as in \sum_{i=1}^N \sum_{j=1}^C"
            )
        if len(lengths) > 1:
            raise NotEvaluableError(
                f"{latex}: its {which}s are summed over different ranges "
                f"({', '.join(sorted(str(x) for x in lengths))})"
            )
        length = next(x for x in lengths if x is not None)
        if length.is_Integer and length > MAX_CLASSES:
            raise NotEvaluableError(f"{key} has {length} {which}s; at most {MAX_CLASSES}")
        return length

    def _vector(self, key: str, stem: str | None = None) -> Vector:
        self._touched.add(key)
        if key in self._vectors:
            if key in self._explicit:
                self._given.add(key)
            return self._vectors[key]
        stem = stem if stem is not None else key
        kind = self.roles.kind(key, stem) or "reals"
        cls = CLASSES.get(kind, RealVector)
        # A vector the lecture gave stays given, whatever range a sum runs over it: an entry
        # past its values is read (and recorded), and the checker finds it outside the vector
        # (:mod:`symxent.check.ranges`), never a general vector of another length.
        vector = self._bound_vector(key, kind, cls)
        if vector is None:
            length = self._length(key)
            if length.is_Integer and length > MAX_CLASSES:
                raise NotEvaluableError(f"{key} has {length} classes; at most {MAX_CLASSES}")
            vector = cls(identifier(key), length)
        if kind == "one-hot":
            self.where[vector] = "one-hot"
        if vector.is_explicit or isinstance(vector, OneHot):
            self._explicit.add(key)
            self._given.add(key)
        self._vectors[key] = vector
        return vector

    def _length(self, key: str) -> sp.Expr:
        hint = self._hints.get(key)
        if hint is None:
            return self._default_count()
        name = hint[1].table.get(hint[0])
        if isinstance(name, Name) and not name.subscript and self.is_free_index(name.key):
            return self._default_count()  # \sum_{j=1}^{i} x_j with x_i: i is an index
        length = self._bound_length(*hint)
        return length if length is not None else self._default_count()

    def _bound_length(self, upper: sp.Basic, raw: Raw) -> sp.Expr | None:
        """A sum's upper bound as a length: a number, or a class count such as ``N``; else None."""
        if upper.is_Integer:
            return upper
        name = raw.table.get(upper)
        return self._count(name.key) if isinstance(name, Name) and not name.subscript else None

    def _count(self, key: str) -> sp.Expr:
        """The class count named ``key``: its value when known, else a positive integer symbol."""
        value = self._count_value(key)
        if value is None and self.roles.is_count(key):
            return self.roles.count_value()  # n=C: n is the count C
        return value or sp.Symbol(key, integer=True, positive=True)

    def _count_value(self, count: str) -> sp.Expr | None:
        r"""The value of a class count, when one is known.

        Either it is bound (``N = 10``), or a sum up to it runs over a vector given in full
        (``\sum_{j=1}^C e^{x_j}`` with ``x = [0.9, 1.2, -0.4]`` gives C = 3).
        """
        bound = self.bindings.scalars.get(count)
        if bound is not None:
            return bound if bound.is_Integer and bound > 0 else None
        if self.roles.is_count(count) and isinstance(self.roles.count, int):
            return sp.Integer(self.roles.count)  # --assume n=3
        for key, (upper, raw) in self._hints.items():
            name = raw.table.get(upper)
            if isinstance(name, Name) and name.key == count:
                length = self._explicit_length(key)
                if length is not None:
                    return sp.Integer(length)
        for (key, axis), hints in self._array_hints.items():
            table = self.bindings.arrays.get(key)
            if table is None:
                continue
            for upper, raw in hints:
                name = raw.table.get(upper)
                if isinstance(name, Name) and not name.subscript and name.key == count:
                    return sp.Integer(len(table) if axis == 0 else len(table[0]))
        return None

    def _explicit_length(self, key: str) -> int | None:
        """The number of entries of a vector given in full, without building it."""
        if key in self.bindings.vectors:
            return len(self.bindings.vectors[key])
        entries = self.bindings.entries.get(key)
        if not entries or sum(entries.values(), sp.S.Zero) != 1:
            return None
        if all(isinstance(k, str) for k in entries):
            return len(entries)
        numbers = sorted(k for k in entries if isinstance(k, int))
        if len(numbers) > 1 and numbers == list(range(1, len(numbers) + 1)):
            return len(numbers)
        return None

    def _bound_vector(self, key: str, kind: str, cls: type[Vector]) -> Vector | None:
        name = identifier(key)
        try:
            if key in self.bindings.vectors:
                return cls(name, values=self.bindings.vectors[key])
            entries = self.bindings.entries.get(key)
            if not entries:
                return None
            labels = [k for k in self.bindings.labels if k in entries]
            numbers = sorted(k for k in entries if isinstance(k, int))
            complete = kind not in SIMPLEX_ROLES or sum(entries.values(), sp.S.Zero) == 1
            if len(labels) == len(entries) and complete:
                self._label_order[key] = labels
                return cls(name, values=[entries[k] for k in labels])
            if len(numbers) == len(entries) and complete:
                if kind in SIMPLEX_ROLES and len(numbers) == 1 and entries[numbers[0]] == 1:
                    return OneHot(name, self._length(key), numbers[0])
                if numbers == list(range(1, len(numbers) + 1)):
                    return cls(name, values=[entries[k] for k in numbers])
        except SymxentError as error:
            raise NotEvaluableError(f"{key}: {error}") from None
        given = ", ".join(str(k) for k in entries)
        raise NotEvaluableError(
            f"only some entries of {key} are given ({given}); its other entries are unknown"
        )


def stem_key(name: Name) -> str:
    r"""The key of a name without its subscript: ``yhat`` for ``\hat{y}_{ij}``."""
    return Name(name.base, name.accent, (), name.primes).key


def identifier(key: str) -> str:
    """A Python identifier for a name key, used as the vector's name (``X_a``, ``v_1``)."""
    cleaned = "".join(c if c.isalnum() or c == "_" else "_" for c in key)
    return cleaned if cleaned and not cleaned[0].isdigit() else "v_" + cleaned
