r"""SymPy nodes that exist only on the way to numeric code.

The stable rewrites (:mod:`symxent.numeric.rewrite`) turn a quantity's expansion into an
expression built from these nodes, and :mod:`symxent.numeric.vectorize` turns sums over a class
index into the class-axis nodes; :class:`symxent.numeric.printer.SymxentNumPyPrinter` prints them.
They are ordinary SymPy objects, so ``print``, ``xreplace`` and ``free_symbols`` work as usual.

Scalar-level nodes (the math, one class at a time):

* :class:`XLogY`, :class:`XLog1PY` — :math:`x \log y`, :math:`x \log(1 + y)` with
  :math:`0 \log 0 = 0` (:mod:`symxent.zero_log`, shared with the checker).
* :class:`Softplus` — :math:`\log(1 + e^x)`, computed as :math:`\max(x, 0) + \log(1 + e^{-|x|})`.
* :class:`LogSumExpOver` — :math:`\log \sum_{j=a}^{b} e^{f(j)}` with a bound index, computed
  with the max shift.

Array-level nodes (after vectorisation; every vector is an array with a class axis):

* :class:`ClassSum`, :class:`ClassLogSumExp` — reductions over the class axis (kept as an axis
  of length 1, so results broadcast against whole vectors).
* :class:`Take` — the entry of a vector at a free class index (0-based, one per batch element).
* :class:`Indicator` — :math:`[a = b]`, the numeric form of a Kronecker delta.
* :class:`ClassLogSoftmax`, :class:`TakeLogSoftmax`, :class:`ClassSoftmax` — log-softmax of the
  whole vector or at a class index, softmax (:mod:`symxent.numeric.fuse`).

Example:
    >>> import sympy as sp
    >>> x, y = sp.symbols("x y", real=True)
    >>> XLogY(x, y), ClassSum(x**2) - ClassLogSumExp(y), Take(y, 2), Indicator(x, 2)
    (XLogY(x, y), -ClassLogSumExp(y) + ClassSum(x**2), Take(y, 2), Indicator(x, 2))
    >>> ClassLogSoftmax(x), TakeLogSoftmax(x, y), ClassSoftmax(x)
    (ClassLogSoftmax(x), TakeLogSoftmax(x, y), ClassSoftmax(x))
    >>> j, n = sp.Symbol("j", integer=True), sp.Symbol("n", integer=True, positive=True)
    >>> LogSumExpOver(x * j, (j, 1, n)).free_symbols == {x, n}
    True
"""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.concrete.expr_with_limits import ExprWithLimits

from symxent.zero_log import XLog1PY, XLogY

__all__ = [
    "ClassLogSoftmax",
    "ClassLogSumExp",
    "ClassSoftmax",
    "ClassSum",
    "Indicator",
    "LogSumExpOver",
    "Softplus",
    "Take",
    "TakeLogSoftmax",
    "XLog1PY",
    "XLogY",
]


class Softplus(sp.Function):
    r"""Softplus :math:`\log(1 + e^x)`; printed as :math:`\max(x, 0) + \log(1 + e^{-|x|})`.

    Example:
        >>> import sympy as sp
        >>> Softplus(sp.Symbol("x")).rewrite(sp.log)
        log(exp(x) + 1)
    """

    nargs = 1

    def _eval_rewrite_as_log(self, x: sp.Expr, **kwargs: Any) -> sp.Expr:
        return sp.log(1 + sp.exp(x))

    def _eval_is_extended_real(self) -> bool | None:
        return True if self.args[0].is_extended_real else None

    def _eval_is_positive(self) -> bool | None:
        return True if self.args[0].is_extended_real else None


class LogSumExpOver(ExprWithLimits):
    r""":math:`\log \sum_{j} e^{f(j)}` over a bound index, computed with the max shift.

    Written like a ``Sum``: ``LogSumExpOver(f, (j, 1, n))``. The stable rewrite replaces
    ``Sum(exp(f), (j, 1, n))`` by ``exp(LogSumExpOver(f, (j, 1, n)))``; then
    ``exp(z_k) / Sum(exp(z_j))`` becomes ``exp(z_k - LSE)``, which cannot overflow.

    Example:
        >>> import sympy as sp
        >>> j = sp.Symbol("j", integer=True)
        >>> z = sp.IndexedBase("z", real=True)
        >>> LogSumExpOver(z[j], (j, 1, 3)).rewrite(sp.Sum)
        log(Sum(exp(z[j]), (j, 1, 3)))
    """

    is_extended_real = True
    is_real = True

    def _eval_rewrite_as_Sum(self, *args: Any, **kwargs: Any) -> sp.Expr:
        return sp.log(sp.Sum(sp.exp(self.function), *self.limits))


class _ArrayNode(sp.Function):
    """A node of the vectorised expression; its value is an array with a class axis."""

    def _eval_is_extended_real(self) -> bool:
        return True

    def _eval_is_real(self) -> bool:
        return True


class ClassSum(_ArrayNode):
    """Sum over the class axis, keeping it with length 1 (``keepdims``)."""

    nargs = 1


class ClassLogSumExp(_ArrayNode):
    """Max-shifted log-sum-exp over the class axis, keeping it with length 1."""

    nargs = 1


class Take(_ArrayNode):
    """Entry of vector ``array`` at a free class index (0-based ``index``), per batch element."""

    nargs = 2


class Indicator(sp.Function):
    """``1`` where ``a == b`` else ``0``: the numeric form of ``KroneckerDelta(a, b)``."""

    nargs = 2

    def _eval_is_nonnegative(self) -> bool:
        return True


class ClassLogSoftmax(_ArrayNode):
    r"""Log-softmax along the class axis, :math:`(a - m) - \log \sum e^{a - m}` with m the max.

    Subtracting the shift before the log keeps full precision when the logits are large and the
    result is small (float32 logits near 1000).
    """

    nargs = 1


class TakeLogSoftmax(_ArrayNode):
    """The log-softmax of ``array`` at a free class index (0-based), per batch element."""

    nargs = 2


class ClassSoftmax(_ArrayNode):
    r"""Softmax along the class axis, :math:`e^{a - m} / \sum e^{a - m}`."""

    nargs = 1
