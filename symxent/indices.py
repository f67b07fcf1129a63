"""Class counts and class indices: the ``n`` of a vector, its bound and free indices.

Example:
    >>> class_index("k", 4).upper
    4
"""

from __future__ import annotations

from typing import TypeAlias

import sympy as sp

from symxent.errors import DistributionError

__all__ = ["ClassCount", "class_count", "class_index", "summation_index"]

ClassCount: TypeAlias = int | str | sp.Symbol | sp.Integer
"""What may be given as the number of classes: an int, a name, or an integer Symbol."""

_INDEX_NAMES = ("i", "j", "c", "l", "m", "r", "s", "t", "u", "v")


def class_count(n: ClassCount) -> sp.Expr:
    """Return ``n`` as a SymPy positive integer or a positive integer Symbol.

    Args:
        n: ``4``, ``"n"``, or ``Symbol("n", integer=True, positive=True)``.

    Returns:
        ``Integer(4)`` or ``Symbol("n", integer=True, positive=True)``.

    Raises:
        DistributionError: if ``n`` is not a positive integer or an integer symbol.

    Example:
        >>> class_count("C")
        C
    """
    if isinstance(n, bool):
        raise DistributionError(f"number of classes must be a positive integer, got {n!r}")
    if isinstance(n, int | sp.Integer):
        if int(n) < 1:
            raise DistributionError(f"number of classes must be at least 1, got {n}")
        return sp.Integer(int(n))
    if isinstance(n, str):
        if not n.isidentifier():
            raise DistributionError(
                f"number of classes {n!r} is not a valid name; use e.g. 'n' or 'C'"
            )
        return sp.Symbol(n, integer=True, positive=True)
    if isinstance(n, sp.Symbol):
        if n.is_integer and n.is_positive:
            return n
        raise DistributionError(
            f"symbolic class count {n} must be declared integer and positive: "
            f"Symbol({n.name!r}, integer=True, positive=True), or pass the name {n.name!r}"
        )
    raise DistributionError(
        f"number of classes must be an int, a name or an integer Symbol, got {type(n).__name__}"
    )


def summation_index(name: str = "i") -> sp.Symbol:
    """Return the integer Symbol symxent uses as a bound summation index.

    Example:
        >>> summation_index("j")
        j
    """
    return sp.Symbol(name, integer=True)


def class_index(name: str, n: ClassCount) -> sp.Idx:
    """Return a free class index ``name`` ranging over ``1..n`` (a SymPy ``Idx``).

    A free index (the ``k`` in ``softmax(z)_k``) carries its range, so a proof knows
    ``1 <= k <= n`` and the numeric checker samples it from that range.

    Example:
        >>> k = class_index("k", "n")
        >>> (k.lower, k.upper)
        (1, n)
    """
    return sp.Idx(sp.Symbol(name, integer=True), (1, class_count(n)))
