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

from functools import partialmethod
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

    def _call(self, helper: str, class_axis: bool, expr: Any) -> str:
        """``helper(args..., class_axis)``: the node's arguments, then the axis if it takes one."""
        printed = [self._print(arg) for arg in expr.args] + [str(self._axis)] * class_axis
        return f"{helper}({', '.join(printed)})"


_HELPERS = {
    "XLogY": ("_sx_xlogy", False),
    "XLog1PY": ("_sx_xlog1py", False),
    "Sigmoid": ("_sx_sigmoid", False),
    "Softplus": ("_sx_softplus", False),
    "Indicator": ("_sx_indicator", False),
    "ClassSum": ("_sx_class_sum", True),
    "ClassLogSumExp": ("_sx_logsumexp", True),
    "Take": ("_sx_take", True),
    "ClassLogSoftmax": ("_sx_log_softmax", True),
    "ClassSoftmax": ("_sx_softmax", True),
    "TakeLogSoftmax": ("_sx_take_log_softmax", True),
}
"""Node -> the helper it prints as a call of, and whether the call takes the class axis."""

for _node, (_helper, _class_axis) in _HELPERS.items():
    setattr(
        SymxentPrinterMixin,
        f"_print_{_node}",
        partialmethod(SymxentPrinterMixin._call, _helper, _class_axis),
    )


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
        negated = self._call("_sx_neg_take_log_softmax", True, factors[takes[0]])
        others = factors[: takes[0]] + factors[takes[0] + 1 :]
        if not others:
            return negated
        return f"{self.parenthesize(sp.Mul(*others), PRECEDENCE['Mul'])}*{negated}"
