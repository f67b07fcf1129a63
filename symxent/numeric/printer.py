"""The code printers: SymPy's ``NumPyPrinter`` (and its torch/jax siblings) taught symxent's nodes.

``lambdify`` prints an expression with a code printer and executes the printed function in a
namespace built from its ``modules``. :class:`SymxentPrinterMixin` adds ``_print_<Node>`` methods
for the nodes of :mod:`symxent.numeric.nodes` and for :class:`~symxent.quantities.Sigmoid`; they
print calls of backend-neutral helper names (``_sx_xlogy``, ``_sx_logsumexp``, ...). Each backend
pairs the mixin with SymPy's printer for its array library and passes a module that defines the
helpers to ``lambdify``: :class:`SymxentNumPyPrinter` with :mod:`symxent.numeric.runtime`
(``runtime.MODULE``), the torch and jax printers in :mod:`symxent.numeric.torch_backend` and
:mod:`symxent.numeric.jax_backend`. The printer setting ``class_axis`` (``-1`` or ``0``) says
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
from sympy.printing.precedence import PRECEDENCE

from symxent.numeric.nodes import TakeLogSoftmax

__all__ = ["SymxentNumPyPrinter", "SymxentPrinterMixin"]


def _is_real_constant(expr: Any) -> bool:
    return bool(
        isinstance(expr, sp.Expr)
        and not isinstance(expr, sp.Rational)
        and expr.is_number
        and expr.is_extended_real
        and expr.is_finite
    )


class SymxentPrinterMixin:
    """The ``_print_<Node>`` methods of symxent's numeric nodes, for any code printer.

    Mixed in before a SymPy code printer whose settings include ``class_axis`` (the axis that
    holds the classes in every array argument: ``-1`` last, ``0`` first). Nodes print as calls
    of ``_sx_*`` helpers, which every backend's runtime module defines.
    """

    _settings: dict[str, Any]

    @property
    def _axis(self) -> int:
        return int(self._settings["class_axis"])

    def _print(self, expr: Any, **kwargs: Any) -> str:
        if _is_real_constant(expr):
            # A Python float literal (``numpy.log(2)`` would be a float64 scalar, which promotes
            # float32 arrays to float64 under NumPy's rules; a Python float does not).
            return repr(float(expr.evalf(20)))
        return super()._print(expr, **kwargs)  # type: ignore[misc]

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
        return f"_sx_indicator({self._print(expr.args[0])}, {self._print(expr.args[1])})"

    def _print_ClassLogSoftmax(self, expr: Any) -> str:
        return f"_sx_log_softmax({self._print(expr.args[0])}, {self._axis})"

    def _print_ClassSoftmax(self, expr: Any) -> str:
        return f"_sx_softmax({self._print(expr.args[0])}, {self._axis})"

    def _print_TakeLogSoftmax(self, expr: Any) -> str:
        array, index = expr.args
        return f"_sx_take_log_softmax({self._print(array)}, {self._print(index)}, {self._axis})"


class SymxentNumPyPrinter(SymxentPrinterMixin, NumPyPrinter):
    """``NumPyPrinter`` with symxent's stable numeric nodes and a class-axis setting.

    A product with the factor -1 and one log-softmax at an index prints the negation as
    ``_sx_neg_take_log_softmax``, which the compiled row kernels write in the same pass.

    Settings:
        class_axis: the axis that holds the classes in every array argument (``-1``: last,
            ``0``: first).

    Example:
        >>> import sympy as sp
        >>> from symxent.numeric.nodes import TakeLogSoftmax
        >>> z, k, w = sp.symbols("z k w")
        >>> SymxentNumPyPrinter().doprint(-w * TakeLogSoftmax(z, k))
        'w*_sx_neg_take_log_softmax(z, k, -1)'
    """

    _default_settings: ClassVar[dict[str, Any]] = {
        **NumPyPrinter._default_settings,
        "class_axis": -1,
    }

    def _print_Mul(self, expr: Any) -> str:
        coefficient, factors = expr.as_coeff_mul()
        takes = [i for i, factor in enumerate(factors) if isinstance(factor, TakeLogSoftmax)]
        if coefficient != -1 or len(takes) != 1:
            return str(super()._print_Mul(expr))
        array, index = factors[takes[0]].args
        negated = (
            f"_sx_neg_take_log_softmax({self._print(array)}, {self._print(index)}, {self._axis})"
        )
        others = factors[: takes[0]] + factors[takes[0] + 1 :]
        if not others:
            return negated
        return f"{self.parenthesize(sp.Mul(*others), PRECEDENCE['Mul'])}*{negated}"
