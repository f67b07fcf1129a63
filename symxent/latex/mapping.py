r"""Second pass: a parsed :class:`~symxent.latex.raw.Raw` -> a symxent expression.

Names get their meaning from their role (:mod:`symxent.latex.roles`) and from what earlier lines
bound (:class:`Bindings`): ``p(x)`` under ``\sum_x`` is the entry ``p[x]`` of the distribution
``p``; ``H(p, q)``, ``\mathrm{CE}(p, q)`` are :class:`~symxent.quantities.CrossEntropy`;
``D_{KL}(p \parallel q)`` is :class:`~symxent.quantities.KLDivergence`; ``P(X_a = c)`` is an
entry of the distribution of ``X_a`` and ``P(X_a = Y_a)`` their
:class:`~symxent.quantities.MatchProbability`; ``\mathbb{E}_{x \sim p}[f]`` is an
:class:`~symxent.quantities.Expectation`; ``\sigma`` is the sigmoid. A plain ``\log`` and every
quantity get the document's log base, a symbol (:data:`DOCUMENT_BASE`) that the checker
replaces by e, 2 or 10. Decimals become exact rationals; ``0 \times \log 0`` is 0.

One :class:`Mapper` maps all sides of one chain, so both sides of a claim share their vectors,
class counts and free indices.

Example:
    >>> from symxent.latex.reader import read_side
    >>> mapper = Mapper(Roles())
    >>> mapper.map(read_side(r"D_{KL}(p \parallel q)"))
    KLDivergence(p, q, logbase)
    >>> mapper.map(read_side(r"\sum_x p(x) \log \frac{p(x)}{q(x)}"))
    Sum(Logarithm(p[x]/q[x], logbase)*p[x], (x, 1, n))
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TypeAlias

import sympy as sp

from symxent.distributions import (
    Distribution,
    Labels,
    Logits,
    OneHot,
    Probabilities,
    RealVector,
    Vector,
    VectorLabel,
    class_index,
    summation_index,
)
from symxent.errors import LatexParseError, SymxentError
from symxent.latex.raw import (
    CLASS_COUNT,
    LOG_BASE,
    Apply,
    Decimal,
    Diff,
    Event,
    Expect,
    Label,
    Name,
    Raw,
    RawObject,
    Reduce,
    VectorLiteral,
)
from symxent.latex.rewrite import GREEK
from symxent.latex.roles import Roles
from symxent.latex.variables import (
    VariableScope,
    read_alphabet,
    read_divergence,
    read_entropy,
    read_expectation,
    read_information,
    read_pmf,
    sum_range,
)
from symxent.quantities import (
    MSE,
    NLL,
    BinaryCrossEntropy,
    BinaryEntropy,
    CrossEntropy,
    Entropy,
    Expectation,
    Information,
    KLDivergence,
    LogSumExp,
    MatchProbability,
    Sigmoid,
    Softmax,
    SoftmaxVector,
    log_base,
)
from symxent.quantities.elementwise import Elementwise
from symxent.quantities.reductions import Maximum, Minimum

__all__ = [
    "DOCUMENT_BASE",
    "QUANTITY_NAMES",
    "Bindings",
    "Mapper",
    "NotEvaluableError",
    "function_key",
    "vector_names",
]

DOCUMENT_BASE = sp.Symbol("logbase", positive=True)
"""The base of a plain ``\\log`` and of every quantity, until the checker chooses e, 2 or 10."""

_SIMPLEX = ("distribution", "labels", "one-hot")
_EXPAND_LIMIT = 64
_MAX_DIGITS = 10_000
"""Numbers with more digits than this (``2^{2^{2^{2^{2^{2}}}}}``) are not evaluated."""
_MAX_FACTORIAL = 1_000
_MAX_CLASSES = 10_000
"""Largest concrete class count or sum range the checker is asked to evaluate."""
"""Sums with concrete bounds and at most this many terms are written out term by term."""
_CLASSES: dict[str, type[Vector]] = {
    "distribution": Distribution,
    "labels": Labels,
    "one-hot": Labels,
    "logits": Logits,
    "probabilities": Probabilities,
    "reals": RealVector,
}
_BARE_QUANTITIES = frozenset(
    {"CE", "KL", "BCE", "NLL", "MSE", "LSE", "H", "E", "cost", "loss", "Loss"}
)


class NotEvaluableError(LatexParseError):
    """Raised when parsed LaTeX uses something with no meaning here (an unbound name, ``E[X]``)."""


@dataclass
class Bindings:
    r"""Values given by earlier lines of a lecture: ``p = 0.9``, ``P = [0.1, 0.9]``, ``q(A) = 1``.

    Attributes:
        scalars: name key -> exact value.
        vectors: name key -> exact entries.
        entries: name key -> {class: value}; a class is an int (``P(X = 1)``) or a label
            (``q(A)``, ``P(Y = \text{True})``).
        functions: name -> (parameter key, body) for ``f(x) = -\log x``.
        labels: class labels in the order they were first met (``a``, ``b``).
        formulas: vector name -> (index letter, body) for a definition of its entries such as
            ``\hat{y}_i = \frac{e^{x_i}}{\sum_j e^{x_j}}`` (values given later are checked
            against it).
        arrays: name key -> rows of exact entries, for a two-index array ``y_{ij}`` given in
            full (an N x C table of numbers); row ``i`` is ``y_{i1}, ..., y_{iC}``.
    """

    scalars: dict[str, sp.Expr] = field(default_factory=dict)
    vectors: dict[str, tuple[sp.Expr, ...]] = field(default_factory=dict)
    entries: dict[str, dict[int | str, sp.Expr]] = field(default_factory=dict)
    functions: dict[str, tuple[str, Raw]] = field(default_factory=dict)
    labels: list[str] = field(default_factory=list)
    formulas: dict[str, tuple[str, Raw]] = field(default_factory=dict)
    arrays: dict[str, tuple[tuple[sp.Expr, ...], ...]] = field(default_factory=dict)

    def names(self) -> set[str]:
        """Every bound name."""
        return (
            set(self.scalars)
            | set(self.vectors)
            | set(self.entries)
            | set(self.functions)
            | set(self.arrays)
        )

    def copy(self) -> Bindings:
        """An independent copy (bindings made on it do not change this one)."""
        return Bindings(
            dict(self.scalars),
            dict(self.vectors),
            {k: dict(v) for k, v in self.entries.items()},
            dict(self.functions),
            list(self.labels),
            dict(self.formulas),
            dict(self.arrays),
        )

    def at_entry(self, position: int) -> Bindings:
        """A copy in which each vector given in full stands, bare, for its entry ``position``.

        ``e^x = [2.46, 3.32, 0.67]`` is checked entry by entry this way (positions are 1-based).
        """
        result = self.copy()
        for key, values in self.vectors.items():
            if 1 <= position <= len(values):
                result.scalars[key] = values[position - 1]
        return result


def function_key(name: Name) -> str:
    r"""The quantity a name denotes: ``D_{KL}``, ``\mathrm{KL}`` -> KL, ``\mathbb{P}`` -> P.

    Example:
        >>> function_key(Name("D", subscript=("KL",)))
        'KL'
    """
    if name.accent == "bb":
        return name.base
    if name.base == "D" and name.subscript in (("KL",), ("K", "L")):
        return "KL"
    if name.base == "DKL":
        return "KL"
    if name.base == "H" and name.subscript == ("b",):
        return "H_b"
    if name.subscript:
        return name.key
    return {"sigmoid": "sigma", "logsumexp": "LSE", "Pr": "P"}.get(name.base, name.base)


QUANTITY_NAMES = frozenset(
    {"H", "H_b", "CE", "KL", "D", "I", "sigma", "softmax", "BCE", "NLL", "MSE", "LSE", "P"}
)
"""Function names read as symxent quantities (after :func:`function_key`)."""


@dataclass(frozen=True)
class _Free:
    """A subscript letter not bound by any sum: a free class index."""

    name: str


Index: TypeAlias = "sp.Expr | _Free | str"


def vector_names(expr: sp.Basic) -> set[str]:
    """Names of the vectors an expression uses (as whole vectors or through their entries).

    Example:
        >>> sorted(vector_names(CrossEntropy(Distribution("p", "n"), Distribution("q", "n"))))
        ['p', 'q']
    """
    names = {v.name for v in expr.atoms(Vector)}
    for indexed in expr.atoms(sp.Indexed):
        label = indexed.base.label
        if isinstance(label, VectorLabel):
            names.add(str(label))
    return names


class Mapper:
    """Maps the Raw sides of one chain to symxent expressions with shared vectors and counts.

    Args:
        roles: roles of names, class count and base setting.
        bindings: values bound by earlier lines.
        base: the log base to use (default: the :data:`DOCUMENT_BASE` symbol).
        decimal_symbols: decimals (exact values) to map to symbols instead of numbers, so the
            checker can tell how a stated value's rounding propagates; see :attr:`decimals`.
    """

    def __init__(
        self,
        roles: Roles,
        bindings: Bindings | None = None,
        *,
        base: sp.Expr = DOCUMENT_BASE,
        decimal_symbols: Iterable[Fraction] = (),
    ) -> None:
        self.roles = roles
        self.bindings = bindings or Bindings()
        self.base = base
        self.decimal_values = frozenset(decimal_symbols)
        self.decimals: dict[sp.Symbol, Decimal] = {}
        self.where: dict[object, object] = {}
        self._vectors: dict[str, Vector] = {}
        self._label_order: dict[str, list[str]] = {}
        self._scalars: dict[str, sp.Symbol] = {}
        self._indices: dict[str, sp.Idx] = {}
        self._counts: set[str] = set()
        self._hints: dict[str, tuple[sp.Basic, Raw]] = {}
        self._array_hints: dict[tuple[str, int], list[tuple[sp.Basic, Raw]]] = {}
        self._sum_keys: dict[sp.Basic, list[str]] = {}
        self._prepared: set[int] = set()
        self._used: dict[int, set[str]] = {}
        self._touched: set[str] = set()
        self._bound_used: dict[int, set[str]] = {}
        self._given: set[str] = set()
        self._explicit: set[str] = set()
        self._calling: set[str] = set()
        self.variables = VariableScope(
            roles, bound=frozenset(self.bindings.vectors) | frozenset(self.bindings.entries)
        )
        self._literals: list[Vector] = []

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
            if not isinstance(node, sp.Sum | sp.Product):
                continue
            body = node.args[0]
            for limit in node.args[1:]:
                variable, _, upper = limit
                name = raw.table.get(variable)
                if not isinstance(name, Name):
                    continue
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
            for inner in _inner(obj):
                self._prewalk(inner)

    def _array_axes(self, body: sp.Basic, raw: Raw, variable: str, upper: sp.Basic) -> None:
        """Record the range of each axis of a two-index array (``y_{ij}``) a sum runs over."""
        for obj in _two_index_names(body, raw):
            for axis, part in enumerate(obj.subscript):
                if part == variable:
                    hints = self._array_hints.setdefault((_stem_key(obj), axis), [])
                    hints.append((upper, raw))

    def _indexed_keys(self, body: sp.Basic, raw: Raw, variable: str) -> list[str]:
        keys: list[str] = []
        for symbol in sorted(body.free_symbols, key=str):
            obj = raw.table.get(symbol)
            if isinstance(obj, Name) and variable in obj.subscript and len(obj.subscript) == 1:
                keys.append(_stem_key(obj))
            elif isinstance(obj, Apply) and len(obj.args) == 1:
                arg = obj.args[0]
                if isinstance(arg, Event):
                    lhs, rhs = arg.lhs.atom(), arg.rhs.atom()
                    if isinstance(lhs, Name) and isinstance(rhs, Name) and rhs.key == variable:
                        keys.append(lhs.key)
                elif isinstance(arg.atom(), Name) and arg.atom().key == variable:  # type: ignore[union-attr]
                    keys.append(obj.name.key)
        return keys

    # ------------------------------------------------------------------ entry point

    def map(self, raw: Raw, env: Mapping[str, sp.Expr] | None = None) -> sp.Expr:
        """Return the symxent expression for ``raw``.

        Raises:
            NotEvaluableError: when the expression uses something that has no meaning here.
        """
        self._prewalk(raw)
        outer, self._touched = self._touched, set()
        outer_given, self._given = self._given, set()
        try:
            result = self._walk(raw.tree, raw, dict(env or {}))
        except NotEvaluableError:
            raise
        except (SymxentError, ValueError, TypeError, ZeroDivisionError) as error:
            raise NotEvaluableError(f"{_short(raw.latex)}: {error}") from None
        finally:
            self._used[id(raw)] = self._touched
            self._touched = outer | self._touched
            self._bound_used[id(raw)] = self._given
            self._given = outer_given | self._given
        if not isinstance(result, sp.Expr):
            raise NotEvaluableError(f"{_short(raw.latex)} is not a number or an expression")
        return result

    def map_apply(self, app: Apply, env: dict[str, sp.Expr]) -> sp.Expr:
        """The value of an application built while reading another (``p(x)`` for ``I(x)``)."""
        return self._apply(app, env)

    def default_count(self) -> sp.Expr:
        """The class count of a sum without bounds (``n`` unless ``--assume n=...``)."""
        return self._default_count()

    def touch(self, name: str) -> None:
        """Record that the side being mapped uses the vector or pmf ``name``."""
        self._touched.add(name)

    def bindings_used(self, raw: Raw) -> set[str]:
        """Names whose values, given by earlier lines, mapping ``raw`` used."""
        return set(self._bound_used.get(id(raw), set()))

    def names_used(self, raw: Raw) -> set[str]:
        """Names of the vectors (bound or not) that mapping ``raw`` used."""
        return set(self._used.get(id(raw), set()))

    # ------------------------------------------------------------------ tree

    def _walk(self, node: sp.Basic, raw: Raw, env: dict[str, sp.Expr]) -> sp.Expr:
        if isinstance(node, sp.Symbol):
            obj = raw.table.get(node)
            if obj is not None:
                return self._object(obj, raw, env)
            if node == CLASS_COUNT:
                return self._default_count()
            if node == LOG_BASE:
                return self.base
            raise NotEvaluableError(f"{_short(raw.latex)}: unexpected symbol {node}")
        if isinstance(node, sp.Sum | sp.Product):
            return self._sum(node, raw, env)
        if isinstance(node, sp.log):
            argument = self._walk(node.args[0], raw, env)
            base = self._walk(node.args[1], raw, env) if len(node.args) > 1 else sp.E
            return self._log(argument, base)
        if isinstance(node, sp.exp):
            return sp.exp(self._walk(node.args[0], raw, env))
        if isinstance(node, sp.tanh | sp.sinh | sp.cosh):
            # written with exponentials, which the checker evaluates and simplifies
            return node.func(self._walk(node.args[0], raw, env)).rewrite(sp.exp)
        if isinstance(node, sp.Mul):
            factors = [self._walk(a, raw, env) for a in node.args]
            if any(f == 0 for f in factors):
                return sp.S.Zero  # 0 x anything = 0, so 0 log 0 = 0
            return sp.Mul(*factors)
        if isinstance(node, sp.Add):
            return sp.Add(*(self._walk(a, raw, env) for a in node.args))
        if isinstance(node, sp.Pow):
            base = self._walk(node.args[0], raw, env)
            exponent = self._walk(node.args[1], raw, env)
            _check_power(base, exponent, raw)
            return sp.Pow(base, exponent)
        if node.is_Number or node in (sp.pi, sp.E, sp.oo):
            return node
        if isinstance(node, sp.Abs | sp.factorial | sp.binomial):
            inside = raw.table.get(node.args[0]) if isinstance(node, sp.Abs) else None
            if isinstance(inside, Name):
                alphabet = read_alphabet(self, inside, bars=True)  # |X|: X's alphabet size
                if alphabet is not None:
                    return alphabet
            args = [self._walk(a, raw, env) for a in node.args]
            if not isinstance(node, sp.Abs) and any(
                a.is_number and a.is_real and abs(a) > _MAX_FACTORIAL for a in args
            ):
                raise NotEvaluableError(f"{_short(raw.latex)}: a factorial too large to evaluate")
            return node.func(*args)
        raise NotEvaluableError(f"{_short(raw.latex)}: {type(node).__name__} is not supported")

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
                raise NotEvaluableError(f"{_short(raw.latex)}: the summation index is not a name")
            index = summation_index(name.key)
            low = self._walk(lower, raw, inner)
            if upper == CLASS_COUNT:
                high = sum_range(self, name) or self._upper_for(node)
            else:
                high = self._walk(upper, raw, inner)
            inner[name.key] = index
            mapped.append((index, low, high))
        for _, low, high in mapped:
            span = high - low
            if span.is_number and span.is_real and span > _MAX_CLASSES:
                raise NotEvaluableError(
                    f"{_short(raw.latex)}: a sum of more than {_MAX_CLASSES} terms is not checked"
                )
        kind = sp.Sum if isinstance(node, sp.Sum) else sp.Product
        if len(mapped) == 1 and self._uses_bound_array(body, raw):
            _, low, high = mapped[0]
            if low.is_Integer and high.is_Integer and 0 <= int(high) - int(low) < _EXPAND_LIMIT:
                # a table's entries at each concrete index (no KroneckerDelta sums to collapse)
                key = raw.table[limits[0][0]].key  # type: ignore[union-attr]
                values = [
                    self._walk(body, raw, {**inner, key: sp.Integer(k)})
                    for k in range(int(low), int(high) + 1)
                ]
                return sp.Add(*values) if kind is sp.Sum else sp.Mul(*values)
        result = kind(self._walk(body, raw, inner), *mapped)
        if all(low.is_Integer and high.is_Integer for _, low, high in mapped):
            terms = 1
            for _, low, high in mapped:
                terms *= max(int(high) - int(low) + 1, 0)
            if terms <= _EXPAND_LIMIT:
                return result.doit(deep=False)
        return result

    def _uses_bound_array(self, body: sp.Basic, raw: Raw) -> bool:
        """True when ``body`` has an entry of a two-index array given in full (a table)."""
        return any(_stem_key(obj) in self.bindings.arrays for obj in _two_index_names(body, raw))

    def _upper_for(self, node: sp.Basic) -> sp.Expr:
        for key in self._sum_keys.get(node, []):
            stem = key.split("_", 1)[0]
            if (
                self.roles.is_vector(key, stem)
                or key in self.bindings.vectors
                or key in self.bindings.entries
            ):
                return self._vector(key, stem).n
        return self._default_count()

    def _default_count(self) -> sp.Expr:
        count = self.roles.count
        if isinstance(count, int):
            return sp.Integer(count)
        return sp.Symbol(count, integer=True, positive=True)

    # ------------------------------------------------------------------ objects

    def _object(self, obj: RawObject, raw: Raw, env: dict[str, sp.Expr]) -> sp.Expr:
        if isinstance(obj, Decimal):
            return self._decimal(obj)
        if isinstance(obj, Name):
            return self._name(obj, env)
        if isinstance(obj, Apply):
            return self._apply(obj, env)
        if isinstance(obj, Expect):
            return self._expect(obj, env)
        if isinstance(obj, Diff):
            return self._derivative(obj, env)
        if isinstance(obj, Reduce):
            return self._extremum(obj, env)
        if isinstance(obj, Label):
            raise NotEvaluableError(f"the class {obj.text} is used as a number")
        if isinstance(obj, VectorLiteral):
            raise NotEvaluableError("a list of values can only be bound to a name (P = [0.1, 0.9])")
        raise NotEvaluableError(
            f"{_short(raw.latex)}: {obj!r} is not understood"
        )  # pragma: no cover

    def _decimal(self, decimal: Decimal) -> sp.Expr:
        value = sp.Rational(decimal.value.numerator, decimal.value.denominator)
        if decimal.value not in self.decimal_values:
            return value
        for symbol, known in self.decimals.items():
            if known.value == decimal.value:
                return symbol
        symbol = sp.Symbol(f"d{len(self.decimals)}_{decimal.text}", positive=True)
        self.decimals[symbol] = decimal
        return symbol

    def _name(self, name: Name, env: dict[str, sp.Expr]) -> sp.Expr:
        key = name.key
        if key in env:
            return env[key]
        alphabet = read_alphabet(self, name)
        if alphabet is not None:
            return alphabet
        if key in self.bindings.scalars:
            self._given.add(key)
            return self.bindings.scalars[key]
        vector_key, parts = self._split(name, env)
        if parts:
            if len(parts) == 2:
                return self._array_entry(vector_key, name.stem, parts, name.latex or key)
            if len(parts) > 2:
                raise NotEvaluableError(
                    f"{name.latex or key}: arrays with more than two indices are not supported"
                )
            return self._entry(vector_key, name.stem, parts[0], name.latex or key)
        if key in self._counts or (
            isinstance(self.roles.count, str) and key == self.roles.count and name.base.isalpha()
        ):
            return self._count_value(key) or sp.Symbol(key, integer=True, positive=True)
        if key in _BARE_QUANTITIES:
            raise NotEvaluableError(
                f"{name.latex or key} is not defined here (write it with its arguments)"
            )
        if key in self.bindings.vectors or key in self.bindings.entries:
            raise NotEvaluableError(f"{name.latex or key} is a vector here, not a number")
        return self._scalar(key, name.stem)

    def _scalar(self, key: str, stem: str) -> sp.Symbol:
        if key in self._scalars:
            return self._scalars[key]
        kind = self.roles.kind(key, stem)
        if kind in ("distribution", "probabilities", "probability"):
            symbol = sp.Symbol(key, positive=True)
            self.where[symbol] = sp.Interval.open(0, 1)
        elif kind in ("labels", "one-hot"):
            symbol = sp.Symbol(key, nonnegative=True)
            self.where[symbol] = sp.Interval(0, 1)
        elif kind in ("logits", "reals", "real"):
            symbol = sp.Symbol(key, real=True)
        elif kind == "nonnegative":
            symbol = sp.Symbol(key, nonnegative=True)
        else:
            symbol = sp.Symbol(key, positive=True)
        self._scalars[key] = symbol
        return symbol

    def _split(self, name: Name, env: dict[str, sp.Expr]) -> tuple[str, list[Index]]:
        r"""``p_i`` -> (``p``, [i]); a naming subscript (``X_a``, ``p_\theta``) stays."""
        if not name.subscript:
            return name.key, []
        capital = name.base[:1].isupper()
        values: list[Index] = []
        for part in name.subscript:
            if part in env:
                values.append(env[part])
            elif part.isdigit():
                values.append(sp.Integer(int(part)))
            elif len(part) == 1 and part.islower() and not capital:
                values.append(_Free(part))
            else:
                return name.key, []
        return _stem_key(name), values

    # ------------------------------------------------------------------ vectors

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
        if isinstance(index, _Free):
            if index.name not in self._indices:
                self._indices[index.name] = class_index(index.name, vector.n)
            return vector[self._indices[index.name]]
        return vector[index]

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
        cls = _CLASSES.get(kind, RealVector)
        indices = [part for part in parts if isinstance(part, sp.Expr)]
        for index, size in zip(indices, (rows, cols), strict=True):
            if index.is_Integer and size.is_Integer and not 1 <= int(index) <= int(size):
                raise NotEvaluableError(f"{latex}: index {index} is out of range 1..{size}")
        bound = self.bindings.arrays.get(key)
        if bound is not None:
            return self._bound_array_entry(key, cls, bound, shape=(rows, cols), at=indices)
        label = cls.label_class(_identifier(key), **cls.assumptions)
        if kind == "one-hot":
            self.where[_identifier(key)] = "one-hot"
        return sp.IndexedBase(label, shape=(rows, cols))[indices[0], indices[1]]

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
                cls(_identifier(key), values=row)
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
        lengths: set[sp.Expr | None] = set()
        for upper, raw in hints:
            name = raw.table.get(upper)
            if upper.is_Integer:
                lengths.add(upper)
            elif isinstance(name, Name) and not name.subscript:
                lengths.add(
                    self._count_value(name.key) or sp.Symbol(name.key, integer=True, positive=True)
                )
            else:
                lengths.add(None)
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
        if length.is_Integer and length > _MAX_CLASSES:
            raise NotEvaluableError(f"{key} has {length} {which}s; at most {_MAX_CLASSES}")
        return length

    def _vector(self, key: str, stem: str | None = None) -> Vector:
        self._touched.add(key)
        if key in self._vectors:
            if key in self._explicit:
                self._given.add(key)
            return self._vectors[key]
        stem = stem if stem is not None else key
        kind = self.roles.kind(key, stem) or "reals"
        cls = _CLASSES.get(kind, RealVector)
        vector = self._bound_vector(key, kind, cls)
        hinted = self._hints.get(key)
        if (
            vector is not None
            and hinted is not None
            and not isinstance(vector, OneHot)
            and self._length(key) != vector.n
        ):
            vector = None  # a sum here runs over a different range: a general vector
        if vector is None:
            length = self._length(key)
            if length.is_Integer and length > _MAX_CLASSES:
                raise NotEvaluableError(f"{key} has {length} classes; at most {_MAX_CLASSES}")
            vector = cls(_identifier(key), length)
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
        upper, raw = hint
        if upper.is_Integer:
            return upper
        name = raw.table.get(upper)
        if isinstance(name, Name) and not name.subscript:
            return self._count_value(name.key) or sp.Symbol(name.key, integer=True, positive=True)
        return self._default_count()

    def _count_value(self, count: str) -> sp.Expr | None:
        r"""The value of a class count, when one is known.

        Either it is bound (``N = 10``), or a sum up to it runs over a vector given in full
        (``\sum_{j=1}^C e^{x_j}`` with ``x = [0.9, 1.2, -0.4]`` gives C = 3).
        """
        bound = self.bindings.scalars.get(count)
        if bound is not None:
            return bound if bound.is_Integer and bound > 0 else None
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
        name = _identifier(key)
        try:
            if key in self.bindings.vectors:
                return cls(name, values=self.bindings.vectors[key])
            entries = self.bindings.entries.get(key)
            if not entries:
                return None
            labels = [k for k in self.bindings.labels if k in entries]
            numbers = sorted(k for k in entries if isinstance(k, int))
            total = sum(entries.values(), sp.S.Zero)
            if len(labels) == len(entries) and (kind not in _SIMPLEX or total == 1):
                self._label_order[key] = labels
                return cls(name, values=[entries[k] for k in labels])
            if len(numbers) == len(entries) and kind in _SIMPLEX and total == 1:
                if len(numbers) == 1 and entries[numbers[0]] == 1:
                    return OneHot(name, self._length(key), numbers[0])
                if numbers == list(range(1, len(numbers) + 1)):
                    return cls(name, values=[entries[k] for k in numbers])
            if (
                len(numbers) == len(entries)
                and numbers == list(range(1, len(numbers) + 1))
                and kind not in _SIMPLEX
            ):
                return cls(name, values=[entries[k] for k in numbers])
        except SymxentError as error:
            raise NotEvaluableError(f"{key}: {error}") from None
        given = ", ".join(str(k) for k in entries)
        raise NotEvaluableError(
            f"only some entries of {key} are given ({given}); its other entries are unknown"
        )

    def _vector_arg(
        self, arg: Raw | Event, env: dict[str, sp.Expr], what: str, kind: str = "distribution"
    ) -> Vector:
        """A vector argument: a name, ``softmax(z)``, a tuple ``(y, 1 - y)`` or ``z + c``."""
        if isinstance(arg, Event):
            raise NotEvaluableError(f"{what}: an event cannot be a distribution")
        atom = arg.atom()
        if isinstance(atom, Name):
            key, parts = self._split(atom, env)
            if not parts and (
                self.roles.is_vector(key, atom.stem)
                or key in self.bindings.vectors
                or key in self.bindings.entries
            ):
                return self._vector(key, atom.stem)
            raise NotEvaluableError(
                f"{what}: {atom.latex or atom.key} is not a distribution here "
                f"(give it a role with --assume {key}:distribution)"
            )
        if (
            isinstance(atom, Apply)
            and function_key(atom.name) == "softmax"
            and atom.subscript is None
        ):
            refuse_extras(atom)
            return SoftmaxVector(self._vector_arg(atom.args[0], env, what, "logits"))
        if isinstance(atom, VectorLiteral):
            return self._literal(atom, env, what, kind)
        vector = self._elementwise(arg, env)
        if vector is None:
            raise NotEvaluableError(f"{what}: {_short(arg.latex)} is not a vector")
        return vector

    def _literal(
        self, literal: VectorLiteral, env: dict[str, sp.Expr], what: str, kind: str
    ) -> Vector:
        r"""``(y, 1 - y)`` as an argument: a vector with these entries (any expressions)."""
        entries = [self.map(entry, env) for entry in literal.entries]
        name = f"v{len(self._literals) + 1}"
        try:
            vector = _CLASSES.get(kind, RealVector)(name, values=entries)
        except SymxentError as error:
            raise NotEvaluableError(f"{what}: {error}") from None
        self._literals.append(vector)
        return vector

    def _elementwise(self, arg: Raw, env: dict[str, sp.Expr]) -> Vector | None:
        r"""``z + c``: the vector whose entry j is ``z_j + c`` (None if no vector is in it)."""
        bare: dict[str, Vector] = {}
        for obj in arg.table.values():
            if not isinstance(obj, Name) or obj.subscript or obj.key in env:
                continue
            if (
                self.roles.is_vector(obj.key, obj.stem)
                or obj.key in self.bindings.vectors
                or obj.key in self.bindings.entries
            ):
                bare[obj.key] = self._vector(obj.key, obj.stem)
        lengths = {vector.n for vector in bare.values()}
        if not bare:
            return None
        if len(lengths) > 1:
            raise NotEvaluableError(
                f"{_short(arg.latex)}: the vectors {', '.join(sorted(bare))} have different lengths"
            )
        index = sp.Dummy("j", integer=True)
        entry = self.map(arg, {**env, **{key: vector[index] for key, vector in bare.items()}})
        return Elementwise(entry, index, lengths.pop())

    # ------------------------------------------------------------------ applications

    def _apply(self, app: Apply, env: dict[str, sp.Expr]) -> sp.Expr:
        name = app.name
        fkey = function_key(name)
        what = app.latex or name.key
        plain = Name(name.base, name.accent, name.subscript, 0, name.latex)
        if name.primes and (plain.key in self.bindings.functions or fkey in _SCALAR_FUNCTIONS):
            return self._primed(app, plain, env)
        if name.key in self.bindings.functions:
            return self._call(app, env)
        handler = _HANDLERS.get(fkey)
        if handler is not None and name.primes:
            raise NotEvaluableError(f"{what}: the prime on {name.latex or fkey} is not understood")
        if handler is not None:
            try:
                return handler(self, app, env)
            except NotEvaluableError:
                raise
            except (SymxentError, ValueError, TypeError) as error:
                raise NotEvaluableError(f"{what}: {error}") from None
        key = name.key
        pmf = read_pmf(self, app, env)
        if pmf is not None:
            return pmf
        if (
            self.roles.is_vector(key, name.stem)
            or key in self.bindings.vectors
            or key in self.bindings.entries
        ):
            if len(app.args) != 1 or app.given:
                raise NotEvaluableError(
                    f"{what}: {key} takes one class as its argument"
                    + (" (a conditional distribution is not understood here)" if app.given else "")
                )
            return self._entry_at(_parameterised(key, app), name.stem, app.args[0], env, what)
        refuse_extras(app)
        arg = app.args[0] if len(app.args) == 1 else None
        letter = len(name.base) == 1 or name.base in GREEK
        if isinstance(arg, Raw) and arg.atom() is None and app.subscript is None and letter:
            # w (1 - w): a number times a bracket, not a function (an unknown function of a
            # bare name, f(x) or L(\theta), stays an error below)
            return self._name(name, env) * self.map(arg, env)
        raise NotEvaluableError(f"{what}: {name.latex or key} is not defined in this file")

    def _entry_at(
        self, key: str, stem: str, arg: Raw | Event, env: dict[str, sp.Expr], what: str
    ) -> sp.Expr:
        """``p(x)``, ``q(A)``, ``P(X = 1)``: the entry of vector ``key`` at the class ``arg``."""
        if isinstance(arg, Event):
            raise NotEvaluableError(f"{what}: write the event as P(X = x)")
        atom = arg.atom()
        if isinstance(atom, Label):
            return self._entry(key, stem, atom.text, what)
        if isinstance(atom, Name) and not atom.subscript and not atom.primes:
            label = atom.key
            if label in env:
                return self._entry(key, stem, env[label], what)
            if (
                len(label) == 1
                and label.islower()
                and label not in self.bindings.labels
                and label not in self.bindings.entries.get(key, {})
            ):
                return self._entry(key, stem, _Free(label), what)
            return self._entry(key, stem, label, what)
        if arg.tree.is_Integer:
            return self._entry(key, stem, arg.tree, what)
        value = self.map(arg, env)
        if value.is_Integer or (value.is_integer and value.free_symbols):
            return self._entry(key, stem, value, what)
        return self._scalar(key, stem) * value  # p(1 - p): a product

    def _primed(self, app: Apply, plain: Name, env: dict[str, sp.Expr]) -> sp.Expr:
        r"""``\sigma'(x)``, ``f''(t)``: the derivative of the function, at the argument."""
        refuse_extras(app)
        if len(app.args) != 1 or isinstance(app.args[0], Event):
            raise NotEvaluableError(f"{app.latex}: expected one argument")
        point = self.map(app.args[0], env)
        variable = sp.Dummy("t", real=True)
        if plain.key in self.bindings.functions:
            parameter, body = self.bindings.functions[plain.key]
            value = self.map(body, {**env, parameter: variable})
        else:
            value = _SCALAR_FUNCTIONS[function_key(plain)](variable)
        return sp.Subs(sp.Derivative(value, (variable, app.name.primes)), variable, point)

    def _call(self, app: Apply, env: dict[str, sp.Expr]) -> sp.Expr:
        refuse_extras(app)
        parameter, body = self.bindings.functions[app.name.key]
        if len(app.args) != 1 or isinstance(app.args[0], Event):
            raise NotEvaluableError(f"{app.latex}: {app.name.key} takes one argument")
        value = self.map(app.args[0], env)
        name = app.name.key
        if name in self._calling:
            raise NotEvaluableError(f"{app.latex}: {name} is defined in terms of itself")
        self._calling.add(name)
        try:
            return self.map(body, {**env, parameter: value})
        finally:
            self._calling.discard(name)

    def _expect(self, expect: Expect, env: dict[str, sp.Expr]) -> sp.Expr:
        over_pmf = read_expectation(self, expect, env)  # E over random variables' joint pmf
        if over_pmf is not None:
            return over_pmf
        if expect.variable is None or expect.distribution is None:
            raise NotEvaluableError(
                f"{_short(expect.latex)}: an expectation needs its distribution, "
                "as in \\mathbb{E}_{x \\sim p}[...]"
            )
        vector = self._vector_arg(
            Raw(sp.Symbol("math{SXD}"), {sp.Symbol("math{SXD}"): expect.distribution}),
            env,
            expect.latex,
        )
        index = summation_index(expect.variable.key)
        body = self.map(expect.body, {**env, expect.variable.key: index})
        return Expectation(vector, body, index)

    def _derivative(self, diff: Diff, env: dict[str, sp.Expr]) -> sp.Expr:
        r"""``\frac{\partial L}{\partial z_k}``: SymPy's Derivative, kept unevaluated."""
        body = self.map(diff.body, env)
        pairs: list[tuple[sp.Expr, int]] = []
        for raw, order in diff.variables:
            variable = self.map(raw, env)
            if not isinstance(variable, sp.Symbol | sp.Indexed) or variable.is_integer:
                raise NotEvaluableError(
                    f"{_short(diff.latex)}: cannot differentiate with respect to {raw.latex}"
                )
            pairs.append((variable, order))
        atom = diff.body.atom()
        if (
            isinstance(atom, Name)
            and body.free_symbols
            and not any(_depends_on(body, variable) for variable, _ in pairs)
        ):
            raise NotEvaluableError(
                f"{_short(diff.latex)}: {atom.latex or atom.key} is not defined here as a "
                f"function of {', '.join(raw.latex for raw, _ in diff.variables)}, so its "
                "derivative is unknown"
            )
        return sp.Derivative(body, *pairs)

    def _extremum(self, reduce: Reduce, env: dict[str, sp.Expr]) -> sp.Expr:
        r"""``\max_i p_i``: the largest term over the index (by default over the classes)."""
        key = reduce.index.key
        index = summation_index(key)
        low = self.map(reduce.lower, env) if reduce.lower is not None else sp.S.One
        if reduce.upper is not None:
            high = self.map(reduce.upper, env)
        else:
            high = self._default_count()
            for vector in self._indexed_keys(reduce.body.tree, reduce.body, key):
                stem = vector.split("_", 1)[0]
                if self.roles.is_vector(vector, stem) or vector in self.bindings.vectors:
                    high = self._vector(vector, stem).n
                    break
        span = high - low
        if span.is_number and span.is_real and span > _MAX_CLASSES:
            raise NotEvaluableError(
                f"{_short(reduce.latex)}: a range of more than {_MAX_CLASSES} terms is not checked"
            )
        body = self.map(reduce.body, {**env, key: index})
        result = (Maximum if reduce.kind == "max" else Minimum)(body, (index, low, high))
        if span.is_Integer and int(span) < _EXPAND_LIMIT:
            return result.doit(deep=False)
        return result

    def _scalar_arg(self, app: Apply, env: dict[str, sp.Expr], count: int = 1) -> list[sp.Expr]:
        refuse_extras(app)
        if len(app.args) != count or any(isinstance(a, Event) for a in app.args):
            raise NotEvaluableError(f"{app.latex}: expected {count} argument(s)")
        return [self.map(a, env) for a in app.args if isinstance(a, Raw)]

    def _vector_args(
        self, app: Apply, env: dict[str, sp.Expr], count: int, kind: str = "distribution"
    ) -> list[Vector]:
        refuse_extras(app)
        if len(app.args) != count:
            raise NotEvaluableError(f"{app.latex}: expected {count} argument(s)")
        return [self._vector_arg(a, env, app.latex, kind) for a in app.args]


def _entropy(mapper: Mapper, app: Apply, env: dict[str, sp.Expr]) -> sp.Expr:
    variables = read_entropy(mapper, app, env)  # H(X, Y), H(Y | X): random variables
    if variables is not None:
        return variables
    if app.given:
        raise NotEvaluableError(
            f"{app.latex}: a condition bar in H needs random variables (capitals such as X, Y)"
        )
    if len(app.args) == 1:
        (p,) = mapper._vector_args(app, env, 1)
        return Entropy(p, mapper.base)
    p, q = mapper._vector_args(app, env, 2)
    return CrossEntropy(p, q, mapper.base)


def _cross_entropy(mapper: Mapper, app: Apply, env: dict[str, sp.Expr]) -> sp.Expr:
    p, q = mapper._vector_args(app, env, 2)
    return CrossEntropy(p, q, mapper.base)


def _kl(mapper: Mapper, app: Apply, env: dict[str, sp.Expr]) -> sp.Expr:
    pmfs = read_divergence(mapper, app, env)  # D(p(x, y) || p(x) p(y))
    if pmfs is not None:
        return pmfs
    if app.given or app.parameters:
        raise NotEvaluableError(f"{app.latex}: a '|' or ';' in a KL divergence is not understood")
    p, q = mapper._vector_args(app, env, 2)
    return KLDivergence(p, q, mapper.base)


def _divergence(mapper: Mapper, app: Apply, env: dict[str, sp.Expr]) -> sp.Expr:
    r"""``D(p \| q)``: relative entropy, written with ``\|`` or ``\parallel``."""
    if not any(mark in app.latex for mark in (r"\|", r"\parallel", "||", r"\Vert")):
        raise NotEvaluableError(f"{app.latex}: D is not defined in this file")
    return _kl(mapper, app, env)


def _binary_entropy(mapper: Mapper, app: Apply, env: dict[str, sp.Expr]) -> sp.Expr:
    (p,) = mapper._scalar_arg(app, env)
    return BinaryEntropy(p, mapper.base)


def _information(mapper: Mapper, app: Apply, env: dict[str, sp.Expr]) -> sp.Expr:
    variables = read_information(mapper, app, env)  # I(X; Y), I(X; Y | Z), I(x) of p(x)
    if variables is not None:
        return variables
    (p,) = mapper._scalar_arg(app, env)
    return Information(p, mapper.base)


def _sigmoid(mapper: Mapper, app: Apply, env: dict[str, sp.Expr]) -> sp.Expr:
    (x,) = mapper._scalar_arg(app, env)
    return Sigmoid(x)


def _softmax(mapper: Mapper, app: Apply, env: dict[str, sp.Expr]) -> sp.Expr:
    refuse_extras(app)
    if not app.args or isinstance(app.args[0], Event):
        raise NotEvaluableError(f"{app.latex}: softmax takes logits")
    z = mapper._vector_arg(app.args[0], env, app.latex, "logits")
    if app.subscript is not None:
        index_raw = app.subscript
    elif len(app.args) == 2 and isinstance(app.args[1], Raw):
        index_raw = app.args[1]
    else:
        raise NotEvaluableError(f"{app.latex}: write a component, softmax(z)_k")
    atom = index_raw.atom()
    if isinstance(atom, Name) and not atom.subscript and atom.key not in env and atom.key.islower():
        if atom.key not in mapper._indices:
            mapper._indices[atom.key] = class_index(atom.key, z.n)
        k: sp.Expr = mapper._indices[atom.key]
    else:
        k = mapper.map(index_raw, env)
    return Softmax(z, k)


def _softplus(x: sp.Expr) -> sp.Expr:
    return sp.log(1 + sp.exp(x))


def _relu(x: sp.Expr) -> sp.Expr:
    return sp.Max(0, x)


_SCALAR_FUNCTIONS: dict[str, Callable[[sp.Expr], sp.Expr]] = {
    "sigma": Sigmoid,
    "softplus": _softplus,
    "ReLU": _relu,
    "relu": _relu,
}
r"""Functions of one real number, by name: ``\sigma``, softplus (``\log(1 + e^x)``), ReLU."""


def _scalar_function(mapper: Mapper, app: Apply, env: dict[str, sp.Expr]) -> sp.Expr:
    (x,) = mapper._scalar_arg(app, env)
    return _SCALAR_FUNCTIONS[function_key(app.name)](x)


def _lattice(mapper: Mapper, app: Apply, env: dict[str, sp.Expr]) -> sp.Expr:
    refuse_extras(app)
    if not app.args or any(isinstance(a, Event) for a in app.args):
        raise NotEvaluableError(f"{app.latex}: expected numbers between the brackets")
    values = [mapper.map(a, env) for a in app.args if isinstance(a, Raw)]
    return (sp.Max if app.name.base == "max" else sp.Min)(*values)


def _bce(mapper: Mapper, app: Apply, env: dict[str, sp.Expr]) -> sp.Expr:
    y, yhat = mapper._scalar_arg(app, env, 2)
    return BinaryCrossEntropy(y, yhat, mapper.base)


def _nll(mapper: Mapper, app: Apply, env: dict[str, sp.Expr]) -> sp.Expr:
    (yhat,) = mapper._vector_args(app, env, 1)
    return NLL(yhat, mapper.base)


def _mse(mapper: Mapper, app: Apply, env: dict[str, sp.Expr]) -> sp.Expr:
    y, yhat = mapper._vector_args(app, env, 2, "reals")
    return MSE(y, yhat)


def _lse(mapper: Mapper, app: Apply, env: dict[str, sp.Expr]) -> sp.Expr:
    (z,) = mapper._vector_args(app, env, 1, "logits")
    return LogSumExp(z)


def _probability(mapper: Mapper, app: Apply, env: dict[str, sp.Expr]) -> sp.Expr:
    refuse_extras(app)
    if len(app.args) != 1:
        raise NotEvaluableError(
            f"{app.latex}: conditional and joint probabilities are not supported"
        )
    arg = app.args[0]
    if not isinstance(arg, Event):
        return mapper._entry_at(app.name.key, app.name.stem, arg, env, app.latex)
    variable, value = arg.lhs.atom(), arg.rhs.atom()
    if not isinstance(variable, Name):
        raise NotEvaluableError(f"{app.latex}: the left of '=' must name a random variable")
    key, parts = mapper._split(variable, env)
    if parts:
        raise NotEvaluableError(f"{app.latex}: the left of '=' must name a random variable")
    if isinstance(value, Name) and value.base[:1].isupper() and value.key not in env:
        value_key, value_parts = mapper._split(value, env)
        if not value_parts and mapper.roles.is_vector(value_key, value.stem):
            p = mapper._vector_arg(arg.lhs, env, app.latex)
            q = mapper._vector_arg(arg.rhs, env, app.latex)
            return MatchProbability(p, q)
    return mapper._entry_at(key, variable.stem, arg.rhs, env, app.latex)


_HANDLERS: dict[str, Callable[[Mapper, Apply, dict[str, sp.Expr]], sp.Expr]] = {
    "H": _entropy,
    "CE": _cross_entropy,
    "KL": _kl,
    "D": _divergence,
    "H_b": _binary_entropy,
    "I": _information,
    "sigma": _sigmoid,
    "softmax": _softmax,
    "BCE": _bce,
    "NLL": _nll,
    "MSE": _mse,
    "LSE": _lse,
    "P": _probability,
    "max": _lattice,
    "min": _lattice,
    "softplus": _scalar_function,
    "ReLU": _scalar_function,
    "relu": _scalar_function,
}


def _depends_on(expr: sp.Expr, variable: sp.Expr) -> bool:
    """Whether ``expr`` has ``variable`` or, for a vector entry, another entry of its vector."""
    if expr.has(variable):
        return True
    if isinstance(variable, sp.Indexed):
        return any(entry.base == variable.base for entry in expr.atoms(sp.Indexed))
    return False


def refuse_extras(app: Apply) -> None:
    r"""Refuse a condition bar or parameters that the reading of ``app`` would not use.

    ``H(Y | X)`` is not ``H(Y)``, and ``\sigma(x; w)`` is not ``\sigma(x)``: a handler that
    has no meaning for them calls this, so they are never dropped.

    Raises:
        NotEvaluableError: naming what would have been dropped.
    """
    what = app.latex or app.name.key
    if app.given:
        given = ", ".join(_short(g.latex if isinstance(g, Raw) else "an event") for g in app.given)
        raise NotEvaluableError(f"{what}: the condition | {given} is not understood here")
    if app.parameters:
        params = ", ".join(
            _short(p.latex if isinstance(p, Raw) else "an event") for p in app.parameters
        )
        raise NotEvaluableError(f"{what}: the parameters ; {params} are not understood here")


def _parameterised(key: str, app: Apply) -> str:
    r"""``p(x; \theta)`` is an entry of the distribution ``p_theta`` (as ``p_\theta(x)``)."""
    if not app.parameters:
        return key
    parts = []
    for param in app.parameters:
        atom = param.atom() if isinstance(param, Raw) else None
        if not isinstance(atom, Name):
            raise NotEvaluableError(
                f"{app.latex}: a parameter after ';' must be a name, as in p(x; \\theta)"
            )
        parts.append(atom.key)
    return f"{key}_{''.join(parts)}"


def _check_power(base: sp.Expr, exponent: sp.Expr, raw: Raw) -> None:
    """Refuse a numeric power whose value would have more than :data:`_MAX_DIGITS` digits."""
    if not (base.is_number and exponent.is_number and exponent.is_real):
        return
    try:
        size = abs(float(exponent)) * max(abs(float(sp.log(abs(sp.N(base, 15)) + 1, 10))), 1)
    except (TypeError, ValueError, OverflowError):
        size = float("inf")
    if size > _MAX_DIGITS:
        raise NotEvaluableError(f"{_short(raw.latex)}: a power too large to evaluate")


def _two_index_names(body: sp.Basic, raw: Raw) -> Iterator[Name]:
    """The two-index array entries (``y_{ij}``) among the names in ``body``."""
    for symbol in body.free_symbols:
        obj = raw.table.get(symbol)
        if isinstance(obj, Name) and len(obj.subscript) == 2:
            yield obj


def _stem_key(name: Name) -> str:
    return Name(name.base, name.accent, (), name.primes).key


def _identifier(key: str) -> str:
    cleaned = "".join(c if c.isalnum() or c == "_" else "_" for c in key)
    return cleaned if cleaned and not cleaned[0].isdigit() else "v_" + cleaned


def _inner(obj: RawObject) -> list[Raw]:
    if isinstance(obj, Apply):
        raws: list[Raw] = []
        for arg in (*obj.args, *obj.parameters, *obj.given):
            raws.extend([arg.lhs, arg.rhs] if isinstance(arg, Event) else [arg])
        return raws
    if isinstance(obj, Expect):
        return [obj.body]
    if isinstance(obj, VectorLiteral):
        return list(obj.entries)
    if isinstance(obj, Diff):
        return [obj.body, *(variable for variable, _ in obj.variables)]
    if isinstance(obj, Reduce):
        return [raw for raw in (obj.lower, obj.upper, obj.body) if raw is not None]
    return []


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
