"""The :class:`Vector` base: a named vector of ``n`` entries whose label records its role.

Its kinds (distributions, labels, logits, ...) are in :mod:`symxent.distributions`.

Example:
    >>> Vector("v", 2)[1]
    v[1]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, ClassVar

import sympy as sp
from sympy.core.basic import Basic

from symxent.errors import DistributionError
from symxent.indices import _INDEX_NAMES, ClassCount, class_count, class_index, summation_index
from symxent.inputs import as_basic, as_expr

__all__ = ["Vector", "VectorLabel", "as_expression"]


class VectorLabel(sp.Symbol):
    """The label Symbol of a vector's ``IndexedBase``; its class records the vector's role.

    Every entry ``p[i]`` of a symbolic vector is an ``Indexed`` whose base label is a
    ``VectorLabel`` subclass and whose base shape is ``(n,)``, so the role (what the entries are)
    and the length can be read off any expression, even where only entries appear.

    Example:
        >>> from symxent.distributions import Distribution
        >>> p = Distribution("p", "n")
        >>> label = p[1].base.label
        >>> label.role, label.sums_to_one, p[1].base.shape
        ('distribution', True, (n,))
    """

    role: ClassVar[str] = "reals"
    sums_to_one: ClassVar[bool] = False


def _label_class(role: str, sums_to_one: bool) -> type[VectorLabel]:
    name = (
        "".join(part.capitalize() for part in role.split("-"))
        + ("Simplex" if sums_to_one else "")
        + "Label"
    )
    existing = globals().get(name)
    if isinstance(existing, type) and issubclass(existing, VectorLabel):
        return existing
    label = type(
        name, (VectorLabel,), {"role": role, "sums_to_one": sums_to_one, "__module__": __name__}
    )
    globals()[name] = label  # importable by name, so expressions pickle
    return label


def as_expression(value: Any, what: str) -> sp.Expr:
    """Return ``value`` (a number or a SymPy expression) as a SymPy expression; never parse text.

    Args:
        value: an int, a float, or a SymPy expression.
        what: the argument's name for the error message, e.g. ``"Information's probability"``.

    Raises:
        DistributionError: for text (text is never evaluated) or anything that is not an
            expression.

    Example:
        >>> as_expression(1, "the index")
        1
    """
    return as_expr(value, what, DistributionError)


def _as_value(value: Any, where: str) -> sp.Expr:
    """Convert one given entry to an exact SymPy number or expression, never evaluating text."""
    if isinstance(value, bool):
        raise DistributionError(f"{where}: {value!r} is not a number")
    if isinstance(value, sp.Float):
        return sp.Rational(str(value))  # the decimal as written, exactly
    if isinstance(value, sp.Basic):
        return as_expr(value, where, DistributionError)
    if isinstance(value, int):
        return sp.Integer(value)
    if isinstance(value, float):
        # repr(0.1) == '0.1': the decimal the user wrote, kept exactly.
        return sp.Rational(repr(value))
    if isinstance(value, str):
        try:
            return sp.Rational(value.strip())
        except (TypeError, ValueError):
            raise DistributionError(
                f"{where}: {value!r} is not a number such as '0.25' or '1/3'"
            ) from None
    raise DistributionError(f"{where}: {value!r} ({type(value).__name__}) is not a number")


class Vector(Basic):
    r"""A named vector of ``n`` entries; the subclass states what the entries are.

    Args:
        name: the printed name (``"p"``, ``"q"``, ``"z"``, ``"yhat"`` prints as ``\hat{y}``).
        n: number of entries: an int, a name, or a positive integer Symbol. Optional when
            ``values`` are given.
        values: explicit entries (numbers, exact fractions as ``"1/3"``, or SymPy expressions).

    Example:
        >>> from symxent.distributions import Logits
        >>> z = Logits("z", 3)
        >>> z[1] + z[3]
        z[1] + z[3]
    """

    role: ClassVar[str] = "reals"
    assumptions: ClassVar[dict[str, bool]] = {"real": True}
    interval: ClassVar[sp.Set | None] = None
    """Where each entry lies (None: anywhere on the real line)."""
    _iterable: ClassVar[bool] = False
    """For SymPy (``iterable``, ``is_sequence``): a vector is one object, not a list of
    entries; SymPy walks its ``args`` (``lambdify`` would index it from 0 otherwise)."""
    sums_to_one: ClassVar[bool] = False
    label_class: ClassVar[type[VectorLabel]] = VectorLabel

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.label_class = _label_class(cls.role, cls.sums_to_one)

    def __new__(
        cls,
        name: str | sp.Symbol,
        n: ClassCount | None = None,
        values: Iterable[Any] | None = None,
    ) -> Vector:
        # SymPy rebuilds objects as ``func(*args)`` (subs, xreplace, doit), so the arguments
        # (Symbol(name), n, Tuple(values)) are accepted back as they are stored.
        if isinstance(name, sp.Symbol):
            name = name.name
        if not isinstance(name, str) or not name.isidentifier():
            raise DistributionError(f"vector name must be an identifier such as 'p', got {name!r}")
        if isinstance(values, sp.Tuple) and not values:
            values = None
        entries: tuple[sp.Expr, ...] = ()
        if values is not None:
            entries = tuple(
                _as_value(v, f"{cls.__name__} {name!r}, entry {k + 1}")
                for k, v in enumerate(values)
            )
            if not entries:
                raise DistributionError(f"{cls.__name__} {name!r}: values must not be empty")
            if n is not None and class_count(n) != len(entries):
                raise DistributionError(
                    f"{cls.__name__} {name!r}: n = {n} but {len(entries)} values were given"
                )
            count: sp.Expr = sp.Integer(len(entries))
        elif n is None:
            raise DistributionError(
                f"{cls.__name__} {name!r}: give n (number of classes) or values"
            )
        else:
            count = class_count(n)
        obj = super().__new__(cls, sp.Symbol(name), count, sp.Tuple(*entries))
        obj._validate()
        return obj

    def _validate(self) -> None:
        """Check explicit values against the role's facts (subclasses extend this)."""

    @property
    def name(self) -> str:
        """The vector's name, e.g. ``"p"``."""
        return str(self.args[0])

    @property
    def n(self) -> sp.Expr:
        """Number of entries: a SymPy Integer or a positive integer Symbol."""
        return self.args[1]

    @property
    def values(self) -> tuple[sp.Expr, ...]:
        """Explicit entries, or ``()`` for a symbolic vector."""
        return tuple(self.args[2])

    @property
    def is_explicit(self) -> bool:
        """True when the vector carries explicit values."""
        return bool(self.args[2])

    @property
    def base(self) -> sp.IndexedBase:
        """The ``IndexedBase`` whose entries stand for this vector's components."""
        label = self.label_class(self.name, **self.assumptions)
        return sp.IndexedBase(label, shape=(self.n,))

    def __getitem__(self, index: Any) -> sp.Expr:
        """Return entry ``index`` (1-based); an explicit value when one is known.

        For an explicit vector and a symbolic index ``k`` the entry is
        ``sum_j v_j * KroneckerDelta(k, j)``, the given value at whatever class ``k`` is.
        """
        index = as_expression(index, f"index of {self.name}")
        if index.is_Integer and self.n.is_Integer and not 1 <= int(index) <= int(self.n):
            raise DistributionError(f"{self.name}[{index}] is out of range 1..{self.n}")
        if self.is_explicit and index.is_Integer:
            return self.values[int(index) - 1]
        if self.is_explicit:
            # A symbolic index picks one of the given values: sum_j v_j [index = j]. (The bare
            # entry p[k] would stand for an arbitrary vector, not for these values.)
            upper = index.upper if isinstance(index, sp.Idx) else None
            if upper is not None and upper.is_Integer and int(upper) > len(self.values):
                raise DistributionError(
                    f"index {index} runs to {upper} but {self.name} has {len(self.values)} entries"
                )
            picked = sp.Add(
                *(v * sp.KroneckerDelta(index, j) for j, v in enumerate(self.values, start=1))
            )
            inside = sp.And(index >= 1, index <= len(self.values))
            if inside is sp.true:
                return picked
            # Past the given entries the entry is undefined, never 0: summing p over 1..4 for
            # three given values must not quietly add a zero.
            return sp.Piecewise((picked, inside), (sp.nan, True))
        return self.base[index]

    def entries(self) -> list[sp.Expr]:
        """Return all entries ``[v[1], ..., v[n]]``; ``n`` must be an integer.

        Raises:
            DistributionError: if ``n`` is symbolic.
        """
        if not self.n.is_Integer:
            raise DistributionError(f"{self.name} has a symbolic length {self.n}; no entry list")
        return [self[k] for k in range(1, int(self.n) + 1)]

    def sum(
        self,
        term: Callable[[sp.Expr], sp.Expr],
        index: str | sp.Symbol = "i",
    ) -> sp.Expr:
        """Return ``sum_{index=1}^{n} term(index)``.

        For an explicit vector the sum is written out term by term (terms that are exactly zero,
        such as ``0 log 0`` under the convention ``0 log 0 = 0``, are dropped by the caller's
        term); otherwise it is an unevaluated SymPy ``Sum``.

        Args:
            term: maps the index to the summand, e.g. ``lambda i: p[i] * log(p[i])``.
            index: name (or Symbol) of the summation index.

        Example:
            >>> from symxent.distributions import Distribution
            >>> p = Distribution("p", values=["1/2", "1/2"])
            >>> p.sum(lambda i: p[i] ** 2)
            1/2
        """
        if self.is_explicit:
            return sp.Add(*(term(sp.Integer(k)) for k in range(1, len(self.values) + 1)))
        var = index if isinstance(index, sp.Symbol) else summation_index(index)
        return sp.Sum(term(var), (var, 1, self.n))

    def index(self, name: str = "k") -> sp.Idx:
        """Return a free index ``name`` ranging over this vector's classes ``1..n``."""
        return class_index(name, self.n)

    def fresh_index_name(self, *avoid: sp.Basic, prefer: str = "j") -> str:
        """Return a summation index name not free in ``avoid`` (to prevent capture)."""
        used = {str(s) for a in avoid for s in as_basic(a, error=DistributionError).free_symbols}
        for name in (prefer, *_INDEX_NAMES):
            if name not in used:
                return name
        raise DistributionError("ran out of summation index names")  # pragma: no cover

    def _sympystr(self, printer: Any) -> str:
        return self.name

    def _latex(self, printer: Any) -> str:
        return str(printer._print(sp.Symbol(self.name)))

    def __repr__(self) -> str:
        return self.name

    __str__ = __repr__
