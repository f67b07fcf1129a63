r"""The largest and the smallest term over an index range: ``\max_i p_i``, ``\min_i q_i``.

SymPy has ``Max(a, b)`` for a fixed number of arguments and ``Sum``/``Product`` for a symbolic
range, but no maximum over a symbolic range (``\max_{i=1}^{n} p_i`` with n symbolic).
:class:`Maximum` and :class:`Minimum` are that, built like ``Sum`` on SymPy's
``ExprWithLimits``: the index is bound, ``doit()`` writes the ``Max``/``Min`` of the terms out
when the range is concrete, and the numeric checker reduces over the index as it sums.

Example:
    >>> import sympy as sp
    >>> from symxent import Distribution
    >>> p = Distribution("p", "n")
    >>> i = sp.Symbol("i", integer=True)
    >>> Maximum(p[i], (i, 1, p.n)).xreplace({p.n: 2}).doit()
    Max(p[1], p[2])
    >>> Maximum(i**2, (i, -2, 1)).doit()
    4
"""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.concrete.expr_with_limits import ExprWithLimits

__all__ = ["Maximum", "Minimum"]

_EXPAND_LIMIT = 1000
"""Ranges up to this many terms are written out by ``doit()``."""


class _Extremum(ExprWithLimits):
    """The common part of :class:`Maximum` and :class:`Minimum`."""

    lattice: Any = sp.Max
    word = "max"

    def doit(self, **hints: Any) -> sp.Expr:
        function = self.function.doit(**hints) if hints.get("deep", True) else self.function
        (index, low, high), *rest = self.limits
        if rest:
            inner = type(self)(function, *rest).doit(**hints)
            return type(self)(inner, (index, low, high)).doit(**hints)
        span = high - low
        if span.is_Integer and 0 <= int(span) < _EXPAND_LIMIT:
            return self.lattice(*(function.subs(index, low + k) for k in range(int(span) + 1)))
        return type(self)(function, (index, low, high))

    def _eval_is_real(self) -> bool | None:
        return self.function.is_real

    def _eval_is_positive(self) -> bool | None:
        return self.function.is_positive

    def _eval_is_nonnegative(self) -> bool | None:
        return self.function.is_nonnegative

    def _latex(self, printer: Any) -> str:
        index, low, high = self.limits[0]
        return (
            rf"\{self.word}_{{{printer._print(index)}={printer._print(low)}}}"
            rf"^{{{printer._print(high)}}} {printer._print(self.function)}"
        )


class Maximum(_Extremum):
    r"""The largest term: :math:`\max_{i=a}^{b} f(i)`.

    Example:
        >>> import sympy as sp
        >>> i = sp.Symbol("i", integer=True)
        >>> Maximum(-(i - 2) ** 2, (i, 1, 3)).doit()
        0
    """


class Minimum(_Extremum):
    r"""The smallest term: :math:`\min_{i=a}^{b} f(i)`.

    Example:
        >>> import sympy as sp
        >>> i = sp.Symbol("i", integer=True)
        >>> Minimum(i, (i, 1, 3)).doit()
        1
    """

    lattice = sp.Min
    word = "min"
