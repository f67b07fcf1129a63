r"""The mapper's passes over the parser's SymPy tree: the look ahead, then the walk.

A part of the mapper (:class:`~symxent.latex.mapping.Mapper` inherits :class:`TreeWalk`). First
:meth:`TreeWalk.prepare` looks at every side of a chain (which names are class counts, how
long each vector is, the notation's conventions); then the walk maps one side. The
parser's tree is made of SymPy nodes whose placeholder symbols stand for what the first pass
read (:class:`~symxent.latex.raw.Raw`); this walk rebuilds the nodes and hands each placeholder
to the mapper. A sum over concrete bounds of few terms is expanded; ``0 \times \log 0`` is 0;
powers too large to evaluate are refused.

Example:
    >>> from symxent.latex.mapping import Mapper
    >>> from symxent.latex.reader import read_side
    >>> from symxent.latex.roles import Roles
    >>> Mapper(Roles()).map(read_side(r"\sum_{i=1}^{3} i^2"))
    14
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, cast

import sympy as sp

from symxent.distributions import summation_index
from symxent.latex.conventions import Conventions
from symxent.latex.information import read_alphabet, sum_range
from symxent.latex.names import EXPAND_LIMIT, MAX_CLASSES, NotEvaluableError, short
from symxent.latex.raw import (
    CLASS_COUNT,
    LOG_BASE,
    Apply,
    Event,
    Name,
    Raw,
    RawObject,
    Reduce,
    inner_raws,
)
from symxent.latex.vectors import stem_key
from symxent.quantities import log_base
from symxent.quantities.reductions import Maximum, Minimum
from symxent.sums import lecture_doit

if TYPE_CHECKING:
    from symxent.latex.mapping import Mapper

__all__ = ["TreeWalk", "two_index_names"]

_MAX_DIGITS = 10_000
"""Numbers with more digits than this (``2^{2^{2^{2^{2^{2}}}}}``) are not evaluated."""
_MAX_FACTORIAL = 1_000


class TreeWalk(Conventions):
    """The mapper's passes over the parser's tree (see the module docstring)."""

    base: sp.Expr
    _sum_keys: dict[sp.Basic, list[str]]
    _prepared: set[int]
    reads: list[sp.Expr]
    _ranges: list[tuple[sp.Symbol, sp.Expr, sp.Expr]]

    if TYPE_CHECKING:  # the mapper's (no stubs at run time: they would hide the real ones)

        def _object(self, obj: RawObject, raw: Raw, env: dict[str, sp.Expr]) -> sp.Expr: ...

    # ------------------------------------------------------------------ preparation

    def prepare(self, raws: Iterable[Raw]) -> None:
        """Look at all sides first: which names are class counts, how long each vector is."""
        for raw in raws:
            self._prewalk(raw)

    def _prewalk(self, raw: Raw) -> None:
        if id(raw) in self._prepared:
            return
        self._prepared.add(id(raw))
        self.variables.scan(raw.table.values())
        for node in sp.preorder_traversal(raw.tree):
            if isinstance(node, sp.Add) and sp.S.One in node.args:
                self.complemented.update(_complemented(node, raw))  # 1 - y
            elif isinstance(node, sp.log):
                self.takes_log = True
            if not isinstance(node, sp.Sum | sp.Product):
                continue
            body = node.args[0]
            for limit in node.args[1:]:
                variable, _, upper = limit
                name = raw.table.get(variable)
                if not isinstance(name, Name):
                    continue
                self.summed.add(name.key)
                upper_name = raw.table.get(upper)
                if isinstance(upper_name, Name):
                    self._counts.add(upper_name.key)
                keys = self._indexed_keys(body, raw, name.key)
                self._array_axes(body, raw, name.key, upper)
                self._sum_keys.setdefault(node, keys)
                for key in keys:
                    if upper != CLASS_COUNT:
                        self._hints.setdefault(key, (upper, raw))
        for obj in raw.table.values():
            self._scan_notation(obj)
            for inner in inner_raws(obj):
                self._prewalk(inner)

    def _array_axes(self, body: sp.Basic, raw: Raw, variable: str, upper: sp.Basic) -> None:
        """Record the range of each axis of a two-index array (``y_{ij}``) a sum runs over."""
        for obj in two_index_names(body, raw):
            for axis, part in enumerate(obj.subscript):
                if part == variable:
                    hints = self._array_hints.setdefault((stem_key(obj), axis), [])
                    hints.append((upper, raw))

    def _indexed_keys(self, body: sp.Basic, raw: Raw, variable: str) -> list[str]:
        keys: list[str] = []
        for symbol in sorted(body.free_symbols, key=str):
            obj = raw.table.get(symbol)
            if isinstance(obj, Name) and variable in obj.subscript and len(obj.subscript) == 1:
                keys.append(stem_key(obj))
            elif isinstance(obj, Apply) and len(obj.args) == 1:
                arg = obj.args[0]
                if isinstance(arg, Event):
                    lhs, rhs = arg.lhs.atom(), arg.rhs.atom()
                    if isinstance(lhs, Name) and isinstance(rhs, Name) and rhs.key == variable:
                        keys.append(lhs.key)
                elif isinstance(arg.atom(), Name) and arg.atom().key == variable:  # type: ignore[union-attr]
                    keys.append(obj.name.key)
        return keys

    # ------------------------------------------------------------------ entries read

    def record_read(self, entry: sp.Indexed) -> None:
        r"""Remember an entry as written, with the ranges of the sums around it.

        SymPy cancels ``p_i - p_i`` and ``\log\frac{p_i}{p_i}`` as soon as they are built, so
        the sides alone may no longer show that ``\sum_{i=1}^{n+1} (p_i - p_i)`` reads
        ``p_{n+1}``; the checker gets these reads too (:mod:`symxent.check.ranges`).
        """
        self.reads.append(sp.Sum(entry, *reversed(self._ranges)) if self._ranges else entry)

    @contextlib.contextmanager
    def ranging(self, *ranges: tuple[sp.Symbol, sp.Expr, sp.Expr]) -> Iterator[None]:
        """Entries read inside run over ``ranges`` (a sum's, a maximum's), outermost first."""
        depth = len(self._ranges)
        self._ranges.extend(ranges)
        try:
            yield
        finally:
            del self._ranges[depth:]

    # ------------------------------------------------------------------ the walk

    def _walk(self, node: sp.Basic, raw: Raw, env: dict[str, sp.Expr]) -> sp.Expr:
        if isinstance(node, sp.Symbol):
            obj = raw.table.get(node)
            if obj is not None:
                return self._object(obj, raw, env)
            if node == CLASS_COUNT:
                return self._default_count()
            if node == LOG_BASE:
                return self.base
            raise NotEvaluableError(f"{short(raw.latex)}: unexpected symbol {node}")
        if isinstance(node, sp.Sum | sp.Product):
            return self._sum(node, raw, env)
        if isinstance(node, sp.log):
            argument = self._walk(node.args[0], raw, env)
            base = self._walk(node.args[1], raw, env) if len(node.args) > 1 else sp.E
            return self._log(argument, base)
        if isinstance(node, sp.exp | sp.Add):
            return node.func(*(self._walk(a, raw, env) for a in node.args))
        if isinstance(node, sp.tanh | sp.sinh | sp.cosh):
            # written with exponentials, which the checker evaluates and simplifies
            return node.func(self._walk(node.args[0], raw, env)).rewrite(sp.exp)
        if isinstance(node, sp.Mul):
            factors = [self._walk(a, raw, env) for a in node.args]
            if any(f == 0 for f in factors):
                return sp.S.Zero  # 0 x anything = 0, so 0 log 0 = 0
            return sp.Mul(*factors)
        if isinstance(node, sp.Pow):
            base = self._walk(node.args[0], raw, env)
            exponent = self._walk(node.args[1], raw, env)
            _check_power(base, exponent, raw)
            return sp.Pow(base, exponent)
        if node.is_Number or node in (sp.pi, sp.E, sp.oo):
            return node
        if isinstance(node, sp.Abs | sp.factorial | sp.binomial):
            inside = raw.table.get(node.args[0]) if isinstance(node, sp.Abs) else None
            if isinstance(inside, Name):  # |X|: X's alphabet size
                alphabet = read_alphabet(cast("Mapper", self), inside, bars=True)
                if alphabet is not None:
                    return alphabet
            args = [self._walk(a, raw, env) for a in node.args]
            if not isinstance(node, sp.Abs) and any(
                a.is_number and a.is_real and abs(a) > _MAX_FACTORIAL for a in args
            ):
                raise NotEvaluableError(f"{short(raw.latex)}: a factorial too large to evaluate")
            return node.func(*args)
        raise NotEvaluableError(f"{short(raw.latex)}: {type(node).__name__} is not supported")

    def _log(self, argument: sp.Expr, base: sp.Expr) -> sp.Expr:
        if base == 1 or (base.is_number and base.is_positive is False):
            raise NotEvaluableError(f"a logarithm to base {base}")
        return log_base(argument, base)

    def _sum(self, node: sp.Basic, raw: Raw, env: dict[str, sp.Expr]) -> sp.Expr:
        body, *limits = node.args
        inner = dict(env)
        mapped = []
        for variable, lower, upper in limits:
            name = raw.table.get(variable)
            if not isinstance(name, Name):
                raise NotEvaluableError(f"{short(raw.latex)}: the summation index is not a name")
            index = summation_index(name.key)
            low = self._walk(lower, raw, inner)
            if upper == CLASS_COUNT:
                high = sum_range(cast("Mapper", self), name) or self._length_of(
                    self._sum_keys.get(node, [])
                )
            else:
                high = self._walk(upper, raw, inner)
            inner[name.key] = index
            mapped.append((index, low, high))
        for _, low, high in mapped:
            _check_span(high - low, raw.latex, "sum")
        kind = sp.Sum if isinstance(node, sp.Sum) else sp.Product
        if len(mapped) == 1 and self._uses_bound_array(body, raw):
            _, low, high = mapped[0]
            if low.is_Integer and high.is_Integer and 0 <= int(high) - int(low) < EXPAND_LIMIT:
                # a table's entries at each concrete index (no KroneckerDelta sums to collapse)
                key = raw.table[limits[0][0]].key  # type: ignore[union-attr]
                values = [
                    self._walk(body, raw, {**inner, key: sp.Integer(k)})
                    for k in range(int(low), int(high) + 1)
                ]
                return sp.Add(*values) if kind is sp.Sum else sp.Mul(*values)
        with self.ranging(*reversed(mapped)):  # SymPy's limits are innermost first
            result = kind(self._walk(body, raw, inner), *mapped)
        # a fixed number of terms, also between symbolic bounds (\sum_{j=i}^{i} x_j is x_i)
        spans = [sp.expand(high - low) for _, low, high in mapped]
        counts = [max(int(span) + 1, 0) for span in spans if span.is_Integer]
        if len(counts) == len(spans) and math.prod(counts) <= EXPAND_LIMIT:
            return lecture_doit(result, deep=False)  # an empty sum is 0
        return result

    def _extremum(self, reduce: Reduce, env: dict[str, sp.Expr]) -> sp.Expr:
        r"""``\max_i p_i``: the largest term over the index (by default over the classes)."""
        key = reduce.index.key
        index = summation_index(key)
        low = self.map(reduce.lower, env) if reduce.lower is not None else sp.S.One
        if reduce.upper is not None:
            high = self.map(reduce.upper, env)
        else:
            high = self._length_of(self._indexed_keys(reduce.body.tree, reduce.body, key))
        _check_span(high - low, reduce.latex, "range")
        with self.ranging((index, low, high)):
            body = self.map(reduce.body, {**env, key: index})
        result = (Maximum if reduce.kind == "max" else Minimum)(body, (index, low, high))
        span = high - low
        return result.doit(deep=False) if span.is_Integer and int(span) < EXPAND_LIMIT else result

    def _uses_bound_array(self, body: sp.Basic, raw: Raw) -> bool:
        """True when ``body`` has an entry of a two-index array given in full (a table)."""
        return any(stem_key(obj) in self.bindings.arrays for obj in two_index_names(body, raw))

    def _length_of(self, keys: Iterable[str]) -> sp.Expr:
        """The length of the first vector among ``keys`` (a sum's range); else the class count."""
        for key in keys:
            stem = key.split("_", 1)[0]
            if self._is_vector(key, stem):
                return self._vector(key, stem).n
        return self._default_count()


def _complemented(node: sp.Add, raw: Raw) -> set[str]:
    """Keys of the lone names ``y`` that ``node`` (a sum with the term 1) subtracts: ``1 - y``."""
    found = set()
    for term in node.args:
        if isinstance(term, sp.Mul) and len(term.args) == 2 and sp.S.NegativeOne in term.args:
            other = next(arg for arg in term.args if arg is not sp.S.NegativeOne)
            name = raw.table.get(other) if isinstance(other, sp.Symbol) else None
            if isinstance(name, Name) and not name.subscript:
                found.add(name.key)
    return found


def _check_span(span: sp.Expr, latex: str, what: str) -> None:
    r"""Refuse a sum or a range (of ``\max_i``) over more than :data:`MAX_CLASSES` terms."""
    if span.is_number and span.is_real and span > MAX_CLASSES:
        raise NotEvaluableError(
            f"{short(latex)}: a {what} of more than {MAX_CLASSES} terms is not checked"
        )


def _check_power(base: sp.Expr, exponent: sp.Expr, raw: Raw) -> None:
    """Refuse a numeric power whose value would have more than :data:`_MAX_DIGITS` digits."""
    if not (base.is_number and exponent.is_number and exponent.is_real):
        return
    try:
        size = abs(float(exponent)) * max(abs(float(sp.log(abs(sp.N(base, 15)) + 1, 10))), 1)
    except (TypeError, ValueError, OverflowError):
        size = float("inf")
    if size > _MAX_DIGITS:
        raise NotEvaluableError(f"{short(raw.latex)}: a power too large to evaluate")


def two_index_names(body: sp.Basic, raw: Raw) -> Iterator[Name]:
    """The two-index array entries (``y_{ij}``) among the names in ``body``."""
    for symbol in body.free_symbols:
        obj = raw.table.get(symbol)
        if isinstance(obj, Name) and len(obj.subscript) == 2:
            yield obj
