"""The numpy code printer: SymPy's ``NumPyPrinter`` taught symxent's numeric nodes.

``lambdify`` prints an expression with a code printer and executes the printed function in a
namespace built from its ``modules``. :class:`SymxentNumPyPrinter` adds ``_print_<Node>`` methods
for the nodes of :mod:`symxent.numeric.nodes` and for :class:`~symxent.quantities.Sigmoid`; they
print calls of the helpers in :mod:`symxent.numeric.runtime` (``runtime.MODULE`` is passed to
``lambdify`` as the first module). The printer setting ``class_axis`` (``-1`` or ``0``) says
where the class axis of every array is.

Example:
    >>> import sympy as sp
    >>> from symxent.numeric.nodes import ClassSum, XLogY
    >>> p = sp.Symbol("p")
    >>> SymxentNumPyPrinter().doprint(-ClassSum(XLogY(p, p)) * sp.Float(0.5))
    '-0.5*_sx_class_sum(_sx_xlogy(p, p), -1)'
"""

from __future__ import annotations

from typing import Any, ClassVar

import sympy as sp
from sympy.printing.numpy import NumPyPrinter

__all__ = ["SymxentNumPyPrinter"]


def _is_real_constant(expr: Any) -> bool:
    return bool(
        isinstance(expr, sp.Expr)
        and not isinstance(expr, sp.Rational)
        and expr.is_number
        and expr.is_extended_real
        and expr.is_finite
    )


class SymxentNumPyPrinter(NumPyPrinter):
    """``NumPyPrinter`` with symxent's stable numeric nodes and a class-axis setting.

    Settings:
        class_axis: the axis that holds the classes in every array argument (``-1``: last,
            ``0``: first).
    """

    _default_settings: ClassVar[dict[str, Any]] = {
        **NumPyPrinter._default_settings,
        "class_axis": -1,
    }

    @property
    def _axis(self) -> int:
        return int(self._settings["class_axis"])

    def _print(self, expr: Any, **kwargs: Any) -> str:
        if _is_real_constant(expr):
            # A Python float literal (``numpy.log(2)`` would be a float64 scalar, which promotes
            # float32 arrays to float64 under NumPy's rules; a Python float does not).
            return repr(float(expr.evalf(20)))
        return super()._print(expr, **kwargs)

    def _print_XLogY(self, expr: Any) -> str:
        return f"_sx_xlogy({self._print(expr.args[0])}, {self._print(expr.args[1])})"

    def _print_XLog1PY(self, expr: Any) -> str:
        return f"_sx_xlog1py({self._print(expr.args[0])}, {self._print(expr.args[1])})"

    def _print_Sigmoid(self, expr: Any) -> str:
        return f"_sx_sigmoid({self._print(expr.args[0])})"

    def _print_Softplus(self, expr: Any) -> str:
        return f"_sx_softplus({self._print(expr.args[0])})"

    def _print_ClassSum(self, expr: Any) -> str:
        return f"_sx_class_sum({self._print(expr.args[0])}, {self._axis})"

    def _print_ClassLogSumExp(self, expr: Any) -> str:
        return f"_sx_logsumexp({self._print(expr.args[0])}, {self._axis})"

    def _print_Take(self, expr: Any) -> str:
        array, index = expr.args
        return f"_sx_take({self._print(array)}, {self._print(index)}, {self._axis})"

    def _print_Indicator(self, expr: Any) -> str:
        return f"numpy.equal({self._print(expr.args[0])}, {self._print(expr.args[1])})"

    def _print_ClassLogSoftmax(self, expr: Any) -> str:
        return f"_sx_log_softmax({self._print(expr.args[0])}, {self._axis})"

    def _print_ClassSoftmax(self, expr: Any) -> str:
        return f"_sx_softmax({self._print(expr.args[0])}, {self._axis})"

    def _print_TakeLogSoftmax(self, expr: Any) -> str:
        array, index = expr.args
        return f"_sx_take_log_softmax({self._print(array)}, {self._print(index)}, {self._axis})"
