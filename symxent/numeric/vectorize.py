r"""Turn a scalar expression over class indices into an expression over arrays with a class axis.

After :mod:`~symxent.numeric.rewrite`, an expression still talks about single entries: ``p[i]``
inside ``Sum(..., (i, 1, n))``, ``z[k]`` at a free class index k. Here every vector becomes one
array argument whose class axis holds all n entries, and

* ``p[i]`` with i the index of the enclosing sum is the whole array ``p``;
* ``Sum(f, (i, 1, n))`` is :class:`~symxent.numeric.nodes.ClassSum` (a reduction over the class
  axis, no loop over classes), ``LogSumExpOver`` is
  :class:`~symxent.numeric.nodes.ClassLogSumExp`;
* ``z[k]`` at a free index is :class:`~symxent.numeric.nodes.Take` ``(z, k)``, the argument k
  being **0-based** (NumPy's convention: ``k = 0`` is the math's class 1);
* a bare summation index is the array of positions ``1..n`` along the class axis, a bare free
  index k is ``k + 1``, and ``KroneckerDelta(a, b)`` is :class:`~symxent.numeric.nodes.Indicator`.

The result is described by an :class:`ArrayPlan`: the array expression and its arguments.

Example:
    >>> from symxent import Labels, Logits, CrossEntropy, SoftmaxVector
    >>> from symxent.numeric.expand import expand_for_numeric
    >>> from symxent.numeric.rewrite import stable_form
    >>> z, y = Logits("z", "n"), Labels("y", "n")
    >>> plan = vectorize(stable_form(expand_for_numeric(CrossEntropy(y, SoftmaxVector(z)))))
    >>> plan.expr
    -ClassSum(y*(z - ClassLogSumExp(z)))
    >>> plan.vectors
    {'y': n, 'z': n}
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

from symxent.errors import NumericError
from symxent.inputs import as_basic
from symxent.numeric.nodes import (
    ClassLogSumExp,
    ClassSum,
    Indicator,
    LogSumExpOver,
    Take,
)

__all__ = ["ArrayPlan", "vectorize"]


@dataclass
class ArrayPlan:
    """The vectorised expression and what its arguments are.

    Attributes:
        expr: expression over array Symbols (one per vector), scalars, indices and counts.
        vectors: vector name -> its number of classes (Integer or positive integer Symbol).
        scalars: scalar name -> Symbol (a value per batch element).
        indices: free class index name -> its number of classes (the index is 0-based).
        counts: symbolic class counts used as values (runtime ints, read from array shapes).
        positions: class count -> Symbol of the array ``1..n`` along the class axis.
        over: name of the free index vectorised over (the result keeps a class axis), or None.
        over_count: the number of classes of ``over``.
        symbols: argument name -> Symbol in ``expr``.
    """

    expr: sp.Expr
    vectors: dict[str, sp.Expr] = field(default_factory=dict)
    scalars: dict[str, sp.Symbol] = field(default_factory=dict)
    indices: dict[str, sp.Expr] = field(default_factory=dict)
    counts: dict[str, sp.Symbol] = field(default_factory=dict)
    positions: dict[sp.Expr, sp.Symbol] = field(default_factory=dict)
    over: str | None = None
    over_count: sp.Expr | None = None
    symbols: dict[str, sp.Symbol] = field(default_factory=dict)

    @property
    def has_class_axis(self) -> bool:
        """True when some argument is a vector (so every array carries a class axis)."""
        return bool(self.vectors) or self.over is not None


def _array_symbol(name: str) -> sp.Symbol:
    return sp.Symbol(name, real=True)


class _Vectorizer:
    def __init__(
        self,
        expr: sp.Expr,
        over: sp.Symbol | None,
        over_count: sp.Expr | None,
        ranges: dict[sp.Symbol, sp.Idx],
    ):
        self.plan = ArrayPlan(expr=sp.S.Zero)
        self.ranges = ranges
        self.index_symbols: dict[sp.Symbol, sp.Symbol] = {}  # math index -> 0-based argument
        self.over = over
        self.over_count = over_count
        self._scan(expr)

    # -- classification -------------------------------------------------------------------
    def _scan(self, expr: sp.Expr) -> None:
        plan = self.plan
        for node in sp.preorder_traversal(expr):
            if isinstance(node, sp.Indexed):
                base = node.base
                shape = base.shape
                name = str(base.label)
                if shape is None or len(shape) != 1 or len(node.indices) != 1:
                    raise NumericError(
                        f"{node}: only vectors with one index (e.g. Distribution('p', n)) compile "
                        "to numpy"
                    )
                count = shape[0]
                known = plan.vectors.get(name)
                if known is not None and known != count:
                    raise NumericError(f"vector {name} appears with lengths {known} and {count}")
                plan.vectors[name] = count
        bound: set[sp.Symbol] = set()
        index_like: set[sp.Symbol] = set()
        upper: set[sp.Basic] = set()  # the symbols of the sums' upper limits
        for node in sp.preorder_traversal(expr):
            if isinstance(node, sp.Sum | LogSumExpOver):
                bound |= {limit[0] for limit in node.limits}
                upper |= {s for limit in node.limits for s in limit[2].free_symbols}
            if isinstance(node, sp.Indexed):
                index_like |= node.indices[0].free_symbols
            if isinstance(node, sp.KroneckerDelta):
                index_like |= node.free_symbols
        count_symbols = {c for c in plan.vectors.values() if isinstance(c, sp.Symbol)}
        count_symbols |= upper - bound
        if isinstance(self.over_count, sp.Symbol):
            count_symbols.add(self.over_count)
        labels = {node.base.label for node in expr.atoms(sp.Indexed)}
        free = expr.free_symbols - labels
        for symbol in sorted(free | count_symbols, key=str):
            if not isinstance(symbol, sp.Symbol):
                continue
            name = symbol.name
            if symbol in count_symbols or (
                symbol.is_integer and symbol.is_positive and symbol not in index_like
            ):
                plan.counts[name] = symbol
            elif symbol == self.over:
                continue
            elif symbol in index_like and symbol.is_integer:
                self.index_symbols[symbol] = sp.Symbol(name, integer=True)
                plan.indices[name] = self._index_count(expr, symbol)
            else:
                plan.scalars[name] = symbol
        kinds: dict[str, str] = {}
        for kind, names in (
            ("vector", plan.vectors),
            ("scalar", plan.scalars),
            ("index", plan.indices),
            ("class count", plan.counts),
        ):
            for name in names:
                if name in kinds:
                    raise NumericError(
                        f"the name {name!r} is used both as a {kinds[name]} and as a {kind}; "
                        "rename one of them"
                    )
                kinds[name] = kind

    def _index_count(self, expr: sp.Expr, symbol: sp.Symbol) -> sp.Expr:
        """The number of classes a free index ranges over, read from the vectors it indexes."""
        counts = set()
        for node in sp.preorder_traversal(expr):
            if isinstance(node, sp.Indexed) and symbol in node.indices[0].free_symbols:
                counts.add(self.plan.vectors[str(node.base.label)])
        if len(counts) > 1:
            raise NumericError(f"index {symbol} indexes vectors of different lengths {counts}")
        if counts:
            return counts.pop()
        if symbol in self.ranges and self.ranges[symbol].lower == 1:
            return self.ranges[symbol].upper
        raise NumericError(
            f"cannot tell how many classes the index {symbol} ranges over; use it to index a vector"
        )

    # -- transformation -------------------------------------------------------------------
    def _position(self, count: sp.Expr) -> sp.Symbol:
        positions = self.plan.positions
        if count not in positions:
            positions[count] = sp.Symbol(f"_sx_positions_{len(positions)}", integer=True)
        return positions[count]

    def _index_value(self, expr: sp.Expr) -> sp.Expr:
        """A math (1-based) index expression in terms of the 0-based index arguments."""
        return expr.xreplace({m: a + 1 for m, a in self.index_symbols.items()})

    def transform(self, node: sp.Basic, axis: sp.Symbol | None, count: sp.Expr | None) -> sp.Expr:
        if isinstance(node, sp.Indexed):
            return self._indexed(node, axis)
        if isinstance(node, sp.Sum | LogSumExpOver):
            return self._reduction(node, axis)
        if isinstance(node, sp.KroneckerDelta):
            a, b = (self.transform(arg, axis, count) for arg in node.args)
            return Indicator(a, b)
        if isinstance(node, sp.Symbol):
            if node == axis and count is not None:
                return self._position(count)
            return self.index_symbols[node] + 1 if node in self.index_symbols else node
        if not node.args:
            return node
        args = [self.transform(arg, axis, count) for arg in node.args]
        return node.func(*args)

    def _indexed(self, node: sp.Indexed, axis: sp.Symbol | None) -> sp.Expr:
        name = str(node.base.label)
        array = _array_symbol(name)
        self.plan.symbols[name] = array
        (index,) = node.indices
        if axis is not None and index == axis:
            return array
        if axis is not None and axis in index.free_symbols:
            raise NumericError(
                f"{node}: an entry at a shifted summation index cannot be vectorised; only "
                f"{node.base.label}[{axis}] can"
            )
        position = sp.expand(self._index_value(index) - 1)
        if position.is_Integer and int(position) < 0:
            raise NumericError(f"{node}: class indices start at 1")
        return Take(array, position)

    def _reduction(self, node: sp.Sum | LogSumExpOver, axis: sp.Symbol | None) -> sp.Expr:
        if len(node.limits) != 1:
            inner = type(node)(node.function, *node.limits[:-1])
            return self._reduction(type(node)(inner, node.limits[-1]), axis)
        var, low, high = node.limits[0]
        if low != 1:
            raise NumericError(
                f"{node}: sums compile when they run over all classes, from 1 to n; "
                f"this one starts at {low}"
            )
        if axis is not None and axis in node.free_symbols:
            raise NumericError(
                f"{node}: a sum nested in a sum over {axis} that depends on {axis} needs two class "
                "axes, which symxent's numeric code does not support"
            )
        body = self.transform(node.function, var, high)
        for name, vector_count in self.plan.vectors.items():
            if _on_axis(body, {self.plan.symbols.get(name)}) and vector_count != high:
                raise NumericError(
                    f"{node}: the sum runs to {high} but vector {name} has {vector_count} entries"
                )
        if not _on_axis(body, self._axis_symbols()):
            size = high
            return body + sp.log(size) if isinstance(node, LogSumExpOver) else size * body
        kind = ClassLogSumExp if isinstance(node, LogSumExpOver) else ClassSum
        return kind(body)

    def _axis_symbols(self) -> set[sp.Basic]:
        return set(self.plan.symbols.values()) | set(self.plan.positions.values())


def _on_axis(expr: sp.Basic, axis_symbols: set[sp.Basic]) -> bool:
    """True when ``expr`` varies along the class axis (uses a whole vector or the positions)."""
    if expr in axis_symbols:
        return True
    if isinstance(expr, ClassSum | ClassLogSumExp):
        return False
    if isinstance(expr, Take):
        return _on_axis(expr.args[1], axis_symbols)
    return any(_on_axis(arg, axis_symbols) for arg in expr.args)


def _without_idx(expr: sp.Expr) -> tuple[sp.Expr, dict[sp.Symbol, sp.Idx]]:
    """Replace every ``Idx`` by its label Symbol; return the expression and the Idx by label."""
    ranges: dict[sp.Symbol, sp.Idx] = {}
    replacements = {}
    for idx in expr.atoms(sp.Idx):
        label = idx.label
        if not isinstance(label, sp.Symbol):
            raise NumericError(f"class index {idx} must be named by a Symbol")
        replacements[idx] = label if label.is_integer else sp.Symbol(label.name, integer=True)
        ranges[replacements[idx]] = idx
    return expr.xreplace(replacements), ranges


def vectorize(expr: sp.Expr, over: sp.Basic | str | None = None) -> ArrayPlan:
    """Return the array form of a (stably rewritten) expression over class indices.

    Args:
        expr: output of :func:`symxent.numeric.rewrite.stable_form`.
        over: a free class index (``Idx``, integer Symbol or its name) to vectorise over: the
            result then has a class axis with one entry per class instead of taking the index
            as an argument.

    Returns:
        The :class:`ArrayPlan`.

    Raises:
        NumericError: for expressions outside what numpy arrays with one class axis express
            (sums not over 1..n, shifted indices, sums needing two class axes, name clashes).

    Example:
        >>> from symxent import Logits, LogSoftmax
        >>> from symxent.numeric.expand import expand_for_numeric
        >>> from symxent.numeric.rewrite import stable_form
        >>> z = Logits("z", "n")
        >>> vectorize(stable_form(expand_for_numeric(LogSoftmax(z, z.index("k"))))).expr
        -ClassLogSumExp(z) + Take(z, k)
    """
    expr, ranges = _without_idx(as_basic(expr, error=NumericError))
    over_symbol: sp.Symbol | None = None
    over_count: sp.Expr | None = None
    if over is not None:
        name = over if isinstance(over, str) else str(getattr(over, "label", over))
        matches = [s for s in expr.free_symbols if isinstance(s, sp.Symbol) and s.name == name]
        if not matches:
            raise NumericError(f"over={name!r} is not a free class index of {expr}")
        over_symbol = matches[0]
        counts = {
            node.base.shape[0]
            for node in expr.atoms(sp.Indexed)
            if node.indices and over_symbol in node.indices[0].free_symbols and node.base.shape
        }
        if over_symbol in ranges:
            counts.add(ranges[over_symbol].upper)
        if len(counts) != 1:
            raise NumericError(f"cannot tell how many classes over={name!r} ranges over")
        over_count = counts.pop()
    worker = _Vectorizer(expr, over_symbol, over_count, ranges)
    for name in worker.plan.vectors:
        worker.plan.symbols[name] = _array_symbol(name)
    array_expr = worker.transform(expr, over_symbol, over_count)
    plan = worker.plan
    plan.expr = array_expr
    if over_symbol is not None:
        plan.over = over_symbol.name
        plan.over_count = over_count
    # The arguments are what the array expression uses (a vector that cancelled is not one).
    used = {s.name for s in array_expr.free_symbols if isinstance(s, sp.Symbol)}
    plan.vectors = {k: v for k, v in sorted(plan.vectors.items()) if k in used}
    plan.scalars = {k: v for k, v in plan.scalars.items() if k in used}
    plan.indices = {k.name: plan.indices[k.name] for k in worker.index_symbols if k.name in used}
    needed_counts = {*plan.positions, *plan.indices.values(), plan.over_count}
    needed_counts |= {c for c in plan.vectors.values() if isinstance(c, sp.Symbol)}
    plan.counts = {k: v for k, v in plan.counts.items() if k in used or v in needed_counts}
    plan.symbols = {name: symbol for name, symbol in plan.symbols.items() if name in plan.vectors}
    indices = worker.index_symbols.values()
    plan.symbols.update({s.name: s for s in indices if s.name in plan.indices})
    plan.symbols.update({**plan.scalars, **plan.counts})
    return plan
