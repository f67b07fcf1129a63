r"""Vectors over n classes: distributions, labels, logits, and the facts a proof may use.

A :class:`Vector` is a SymPy object naming a length-``n`` vector whose entries are written
``p[1], ..., p[n]`` (1-based, as on a slide). ``n`` is an integer or a positive integer Symbol.
The subclass says what the entries are, and so what a proof may assume about them and where the
numeric checker samples them:

==========================  ==========================  ============================================
class                       entries                     facts
==========================  ==========================  ============================================
:class:`Distribution`       probabilities on n classes  ``p_i > 0``, ``sum_i p_i = 1``
:class:`Labels`             target distribution         ``y_i >= 0``, ``sum_i y_i = 1`` (one-hot ok)
:class:`Logits`             real scores                 ``z_i`` real
:class:`Probabilities`      n separate probabilities    ``0 < p_i < 1`` (no sum constraint)
:class:`RealVector`         real numbers                ``x_i`` real
:class:`PositiveVector`     positive weights            ``a_i > 0`` (no sum constraint)
:class:`NonnegativeVector`  nonnegative weights         ``w_i >= 0`` (no sum constraint)
==========================  ==========================  ============================================

A vector may also carry explicit values (``Distribution("p", values=["1/3", "2/3"])``); then its
entries are those numbers and quantities over it expand to plain arithmetic. The base class is
in :mod:`symxent.vector`, class counts and indices in :mod:`symxent.indices`.

Example:
    >>> from symxent.distributions import Distribution
    >>> p = Distribution("p", "n")
    >>> p.sum(lambda i: p[i])
    Sum(p[i], (i, 1, n))
    >>> Distribution("q", values=["1/2", "1/4", "1/4"])[2]
    1/4
"""

from __future__ import annotations

from typing import Any, ClassVar

import sympy as sp
from sympy.core.basic import Basic

from symxent.errors import DistributionError
from symxent.indices import ClassCount, class_count, class_index, summation_index
from symxent.vector import Vector, VectorLabel, as_expression

__all__ = [
    "ROLES",
    "SIMPLEX_ROLES",
    "ClassCount",
    "Distribution",
    "Labels",
    "Logits",
    "NonnegativeVector",
    "OneHot",
    "PositiveVector",
    "Probabilities",
    "RealVector",
    "Uniform",
    "Vector",
    "VectorLabel",
    "as_expression",
    "class_count",
    "class_index",
    "summation_index",
]


class _SimplexVector(Vector):
    """Entries are nonnegative and sum to one."""

    sums_to_one = True

    def _validate(self) -> None:
        if not self.is_explicit:
            return
        for position, value in enumerate(self.values, start=1):
            if value.is_negative:
                raise DistributionError(
                    f"{type(self).__name__} {self.name!r}: entry {position} is {value} < 0; "
                    "probabilities must be nonnegative"
                )
        total = sp.simplify(sp.Add(*self.values))
        if total.free_symbols:
            if sp.simplify(total - 1) != 0:
                raise DistributionError(
                    f"{type(self).__name__} {self.name!r}: entries sum to {total}, not 1"
                )
        elif total != 1:
            raise DistributionError(
                f"{type(self).__name__} {self.name!r}: entries sum to {total}, not 1; "
                "normalise them (divide by their sum)"
            )


class Distribution(_SimplexVector):
    """A categorical distribution over ``n`` classes with ``p_i > 0`` and ``sum_i p_i = 1``.

    Proofs treat the entries as positive (the interior of the simplex); zero entries are the
    convention ``0 log 0 = 0`` and are checked numerically.

    Example:
        >>> p = Distribution("p", "n")
        >>> p[1].is_positive
        True
    """

    role = "distribution"
    assumptions: ClassVar[dict[str, bool]] = {"positive": True}
    interval = sp.Interval.Lopen(0, 1)

    def _validate(self) -> None:
        super()._validate()
        for position, value in enumerate(self.values, start=1):
            if value.is_zero:
                continue  # allowed: 0 log 0 = 0
            if value.is_number and value > 1:
                raise DistributionError(
                    f"Distribution {self.name!r}: entry {position} is {value} > 1"
                )


class Labels(_SimplexVector):
    """Target labels over ``n`` classes: ``y_i >= 0``, ``sum_i y_i = 1``; one-hot or soft.

    Example:
        >>> Labels("y", values=[0, 1, 0])[2]
        1
    """

    role = "labels"
    assumptions: ClassVar[dict[str, bool]] = {"nonnegative": True}
    interval = sp.Interval(0, 1)


class Logits(Vector):
    """Real scores (logits) over ``n`` classes, the input of softmax.

    Example:
        >>> Logits("z", "n")[1].is_real
        True
    """

    role = "logits"
    assumptions: ClassVar[dict[str, bool]] = {"real": True}


class Probabilities(Vector):
    """``n`` separate probabilities in ``(0, 1)`` with no sum constraint (e.g. ``ŷ_i`` per sample).

    Example:
        >>> Probabilities("yhat", 5)[1].is_positive
        True
    """

    role = "probabilities"
    assumptions: ClassVar[dict[str, bool]] = {"positive": True}
    interval = sp.Interval.open(0, 1)

    def _validate(self) -> None:
        for position, value in enumerate(self.values, start=1):
            if value.is_number and not (0 <= value <= 1):
                raise DistributionError(
                    f"Probabilities {self.name!r}: entry {position} is {value}, not in [0, 1]"
                )


class RealVector(Vector):
    """``n`` real numbers, e.g. regression targets.

    Example:
        >>> RealVector("x", 2)[2]
        x[2]
    """

    role = "reals"
    assumptions: ClassVar[dict[str, bool]] = {"real": True}


class PositiveVector(Vector):
    """``n`` positive numbers that need not sum to 1 (weights, counts, unnormalised masses).

    Example:
        >>> PositiveVector("a", 2)[1].is_positive
        True
    """

    role = "positive"
    assumptions: ClassVar[dict[str, bool]] = {"positive": True}
    interval = sp.Interval.open(0, sp.oo)

    def _validate(self) -> None:
        for position, value in enumerate(self.values, start=1):
            if value.is_number and not value > 0:
                raise DistributionError(
                    f"PositiveVector {self.name!r}: entry {position} is {value}, not positive"
                )


class NonnegativeVector(Vector):
    """``n`` nonnegative numbers that need not sum to 1.

    Example:
        >>> NonnegativeVector("w", 2)[1].is_nonnegative
        True
    """

    role = "nonnegative"
    assumptions: ClassVar[dict[str, bool]] = {"nonnegative": True}
    interval = sp.Interval(0, sp.oo)

    def _validate(self) -> None:
        for position, value in enumerate(self.values, start=1):
            if value.is_number and value < 0:
                raise DistributionError(
                    f"NonnegativeVector {self.name!r}: entry {position} is {value}, negative"
                )


class Uniform(Distribution):
    """The uniform distribution over ``n`` classes: every entry is ``1/n`` (n may be symbolic).

    Example:
        >>> u = Uniform("u", "n")
        >>> u[3]
        1/n
    """

    def __new__(cls, name: str | sp.Symbol, n: ClassCount, values: Any = None) -> Uniform:
        return super().__new__(cls, name, n)

    def __getitem__(self, index: Any) -> sp.Expr:
        index = as_expression(index, f"index of {self.name}")
        if index.is_Integer and self.n.is_Integer and not 1 <= int(index) <= int(self.n):
            raise DistributionError(f"{self.name}[{index}] is out of range 1..{self.n}")
        return 1 / self.n


class OneHot(Labels):
    """A one-hot label vector over ``n`` classes, equal to 1 at class ``hot`` and 0 elsewhere.

    Its entries are Kronecker deltas, so sums over it collapse to the hot class; with the
    convention ``0 log 0 = 0`` its entropy is 0.

    Example:
        >>> e = OneHot("y", "n", class_index("k", "n"))
        >>> e[2]
        KroneckerDelta(2, k)
    """

    def __new__(cls, name: str | sp.Symbol, n: ClassCount, *hot: Any) -> OneHot:
        if not hot:
            raise DistributionError("OneHot needs the hot class, e.g. OneHot('y', n, k)")
        index = as_expression(hot[-1], "OneHot's hot class")
        count = class_count(n)
        if index.is_Integer and count.is_Integer and not 1 <= int(index) <= int(count):
            raise DistributionError(f"hot class {index} is out of range 1..{count}")
        obj = Basic.__new__(cls, sp.Symbol(str(name)), count, sp.Tuple(), index)
        return obj

    @property
    def hot(self) -> sp.Expr:
        """The class whose entry is 1."""
        return self.args[3]

    def __getitem__(self, index: Any) -> sp.Expr:
        return sp.KroneckerDelta(as_expression(index, f"index of {self.name}"), self.hot)


ROLES: dict[str, type[Vector]] = {
    role: cls
    for cls in (
        Distribution,
        Labels,
        Logits,
        Probabilities,
        RealVector,
        PositiveVector,
        NonnegativeVector,
    )
    for role in ((cls.role, "one-hot") if cls is Labels else (cls.role,))
}
"""Every role a vector may have (the classes' ``role``) -> the class of such a vector; a
``"one-hot"`` vector is :class:`Labels` sampled one-hot."""

SIMPLEX_ROLES = tuple(role for role, cls in ROLES.items() if cls.sums_to_one)
"""The roles of vectors whose entries sum to 1: ``distribution``, ``labels``, ``one-hot``."""
