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

Applications and expectations are read in :mod:`symxent.latex.applications`. One
:class:`Mapper` maps all sides of one chain, so both sides of a claim share their vectors,
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

import re
from collections.abc import Iterable, Mapping
from fractions import Fraction

import sympy as sp

from symxent.distributions import Vector, VectorLabel
from symxent.errors import SymxentError
from symxent.latex.applications import Applications
from symxent.latex.derivatives import derivative
from symxent.latex.information import read_alphabet
from symxent.latex.integrals import definite_integral
from symxent.latex.names import QUANTITY_NAMES, Bindings, NotEvaluableError, function_key, short
from symxent.latex.raw import (
    Apply,
    Decimal,
    Diff,
    Expect,
    Label,
    Name,
    Raw,
    RawObject,
    Reduce,
    VectorLiteral,
)
from symxent.latex.roles import Roles
from symxent.latex.variables import VariableScope
from symxent.latex.vectors import FreeIndex, Index, stem_key
from symxent.latex.vocabulary import INDEX_ARITHMETIC

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

_BARE_QUANTITIES = frozenset(
    {"CE", "KL", "BCE", "NLL", "MSE", "LSE", "H", "E", "cost", "loss", "Loss"}
)


def vector_names(expr: sp.Basic) -> set[str]:
    """Names of the vectors an expression uses (as whole vectors or through their entries).

    Example:
        >>> from symxent import CrossEntropy, Distribution
        >>> sorted(vector_names(CrossEntropy(Distribution("p", "n"), Distribution("q", "n"))))
        ['p', 'q']
    """
    names = {v.name for v in expr.atoms(Vector)}
    for indexed in expr.atoms(sp.Indexed):
        label = indexed.base.label
        if isinstance(label, VectorLabel):
            names.add(str(label))
    return names


class Mapper(Applications):
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
        self.reads: list[sp.Expr] = []  # the entries read as written (see record_read)
        self._ranges: list[tuple[sp.Symbol, sp.Expr, sp.Expr]] = []
        self._init_conventions()

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
            raise NotEvaluableError(f"{short(raw.latex)}: {error}") from None
        finally:
            self._used[id(raw)] = self._touched
            self._touched = outer | self._touched
            self._bound_used[id(raw)] = self._given
            self._given = outer_given | self._given
        if not isinstance(result, sp.Expr):
            raise NotEvaluableError(f"{short(raw.latex)} is not a number or an expression")
        if raw.defined:
            self._keep_defined(raw, env, result)
        return result

    def _keep_defined(self, raw: Raw, env: Mapping[str, sp.Expr] | None, result: sp.Expr) -> None:
        r"""Narrow ``where`` to where the logarithms and roots SymPy evaluated away are defined.

        ``e^{\ln x} > 0`` is read as ``x > 0``; the text is about ``x > 0`` only, so a
        negative ``x`` is outside its domain, never a counterexample. Only plain real scalars
        are narrowed: a role (a label, a probability) has its domain already, and ``x \log x``
        stays defined at 0 under the convention ``0 log 0 = 0``.
        """
        from symxent.check.natural import definedness, narrow  # the checker's own rules

        products = {frozenset(node.args) for node in sp.preorder_traversal(result) if node.is_Mul}
        for node in raw.defined:
            try:
                mapped = self._walk(node, raw, dict(env or {}))
                if not isinstance(mapped, sp.Expr):
                    continue
                if isinstance(mapped, sp.log) and any(
                    mapped in args and mapped.args[0] in args for args in products
                ):
                    continue  # x log x: defined at 0 by the convention
                conditions = definedness(mapped.doit())  # Logarithm(x, 2) -> log(x) / log(2)
            except (SymxentError, ValueError, TypeError, ZeroDivisionError):
                continue  # what cannot be read here is reported where the tree is read
            scalars = {
                s: sp.S.Reals
                for s in mapped.free_symbols
                if isinstance(s, sp.Symbol) and s not in self.where
            }
            for symbol, domain in narrow(scalars, conditions).items():
                if isinstance(domain, sp.Set) and domain != sp.S.Reals:
                    self.where[symbol] = domain

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

    def _default_count(self) -> sp.Expr:
        count = self.roles.count
        bound = self.bindings.scalars.get(count) if isinstance(count, str) else None
        if bound is None or not (bound.is_Integer and bound > 0):
            return self.roles.count_value()
        self._given.add(str(count))
        return bound  # "n = 4" on an earlier line: p has 4 entries, as \log n reads 4

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
            return derivative(self, obj, env)
        if isinstance(obj, Reduce) and obj.kind == "int":
            return definite_integral(self, obj, env)
        if isinstance(obj, Reduce):
            return self._extremum(obj, env)
        if isinstance(obj, Label):
            raise NotEvaluableError(f"the class {obj.text} is used as a number")
        if isinstance(obj, VectorLiteral):
            raise NotEvaluableError("a list of values can only be bound to a name (P = [0.1, 0.9])")
        raise NotEvaluableError(
            f"{short(raw.latex)}: {obj!r} is not understood"
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
        defined = self._defined(name, env)
        if defined is not None:
            return defined
        if self.is_free_index(key) and not name.subscript:
            # \sum_{j=i}^{i} x_j = x_i: the bound i is the free index of x_i
            return self._free_index(key, self._default_count())
        if name.base == "delta" and len(name.subscript) == 2 and not name.accent:
            return self._kronecker(name, env)
        vector_key, parts = self._split(name, env)
        if parts:
            if len(parts) == 2:
                return self._array_entry(vector_key, name.stem, parts, name.latex or key)
            if len(parts) > 2:
                raise NotEvaluableError(
                    f"{name.latex or key}: arrays with more than two indices are not supported"
                )
            return self._entry(vector_key, name.stem, parts[0], name.latex or key)
        if key in self._counts or (self.roles.is_count(key) and name.base.isalpha()):
            return self._count(key)
        if key in _BARE_QUANTITIES:
            raise NotEvaluableError(
                f"{name.latex or key} is not defined here (write it with its arguments)"
            )
        if self._is_vector(key, name.stem) or (
            key in self.vector_stems and self.is_vector_equation()
        ):
            vector = self._vector(key, name.stem)
            component = self.component_index(vector)
            if component is not None:  # y in \nabla_z L = softmax(z) - y: its component
                return vector[component]
        if self.bindings.has_vector(key):
            raise NotEvaluableError(f"{name.latex or key} is a vector here, not a number")
        return self._scalar(key, name.stem)

    def _scalar(self, key: str, stem: str) -> sp.Symbol:
        if key in self._scalars:
            return self._scalars[key]
        kind = self.roles.kind(key, stem)
        if kind in ("distribution", "probabilities", "probability"):
            symbol = sp.Symbol(key, positive=True)
            self.where[symbol] = sp.Interval.open(0, 1)
        elif kind in ("labels", "one-hot") and self.is_label_scalar(key, stem):
            symbol = sp.Symbol(key, nonnegative=True)
            self.where[symbol] = sp.Interval(0, 1)
        elif kind in ("logits", "reals", "real"):
            symbol = sp.Symbol(key, real=True)
        elif kind == "nonnegative":
            symbol = sp.Symbol(key, nonnegative=True)
        elif kind == "positive":
            symbol = sp.Symbol(key, positive=True)
            if stem == "sigma" and not {key, stem} & set(self.roles.overrides):
                self.convention(r"a scalar \sigma is a standard deviation, positive")
        else:
            # an unqualified scalar is real; the checker judges the claim where both of its
            # sides are defined (so \log x makes x positive there)
            symbol = sp.Symbol(key, real=True)
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
            elif (
                len(part) == 1
                and part.isalpha()
                and not self.is_free_index(part)
                and self._is_count(part)
            ):
                values.append(self._count(part))  # p_n: the last entry, n the class count
            elif INDEX_ARITHMETIC.fullmatch(part):
                if capital:
                    raise NotEvaluableError(
                        f"{name.latex or name.key}: the subscript {part} of {name.base} is not "
                        "understood (an index of a random variable)"
                    )
                values.append(self._index_arithmetic(part, name, env))
            elif len(part) == 1 and part.islower() and not capital:
                values.append(FreeIndex(part))
            else:
                return name.key, []
        return stem_key(name), values

    def _is_count(self, key: str) -> bool:
        """Whether ``key`` is a class count here: a sum's bound, or the count of the roles."""
        return key in self._counts or self.roles.is_count(key)

    def _index_arithmetic(self, part: str, name: Name, env: dict[str, sp.Expr]) -> sp.Expr:
        r"""The index ``i+1`` of ``p_{i+1}``: each letter read as if alone, as in ``p(i+1)``.

        A summation index, a free class index or a class count gives an integer; anything else
        (a real number ``a`` in ``p_{a+1}``) is no index.
        """
        value: sp.Expr = sp.S.Zero
        for sign, digits, letter in re.findall(r"([+-]?)(\d*)([A-Za-z]?)", part):
            if not digits and not letter:
                continue
            term = sp.Integer(int(digits)) if digits else sp.S.One
            if letter:
                term *= self._name(Name(letter), env)
            value += -term if sign == "-" else term
        if not (value.is_Integer or (value.is_integer and value.free_symbols)):
            raise NotEvaluableError(
                f"{name.latex or name.key}: the subscript {part} is not a class index"
            )
        return value
