r"""The torch backend: SymPy's ``TorchPrinter`` with symxent's nodes, and torch helpers.

Imported by :func:`symxent.numeric.backend.get_backend` when ``"torch"`` is first requested
(``to_torch``), never by ``import symxent``. The helpers map each stable primitive to torch's
own: :math:`x \log y` is ``torch.special.xlogy`` (0 where x = 0, also for y = nan), log-sum-exp
``torch.logsumexp``, log-softmax and softmax ``torch.log_softmax`` and ``torch.softmax``,
the sigmoid ``torch.sigmoid``, softplus ``torch.logaddexp(x, 0)`` (``F.softplus`` returns x
above its threshold of 20, a relative error of 1e-10), the entry at a class index
``torch.take_along_dim``. All are differentiable, so torch autograd works through compiled code.

Example:
    >>> import sympy as sp
    >>> from symxent.numeric.nodes import ClassLogSumExp
    >>> z = sp.Symbol("z")
    >>> SymxentTorchPrinter({"class_axis": -1}).doprint(z - ClassLogSumExp(z) + z**2)
    'z**2 + z - _sx_logsumexp(z, -1)'
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

import numpy as np
from sympy.printing.pytorch import TorchPrinter

from symxent.errors import NumericError
from symxent.numeric.backend import (
    Backend,
    check_index_dtype,
    float_result_dtype,
)
from symxent.numeric.printer import SymxentPrinterMixin
from symxent.numeric.validate import as_real_array

try:
    import torch
except ImportError:  # pragma: no cover - get_backend reports the missing library
    torch = None  # type: ignore[assignment, unused-ignore]

__all__ = ["MODULE", "SymxentTorchPrinter", "TorchBackend"]

Tensor = Any
"""A torch tensor (helpers also accept Python numbers where noted)."""


class SymxentTorchPrinter(SymxentPrinterMixin, TorchPrinter):
    """``TorchPrinter`` with symxent's nodes; powers print as ``**``, max/min as helpers.

    ``torch.pow`` and ``torch.max`` refuse two Python numbers (a class count, a constant);
    Python's ``**`` and the ``_sx_maximum``/``_sx_minimum`` helpers take numbers and tensors.

    Example:
        >>> import sympy as sp
        >>> x, n = sp.symbols("x n")
        >>> SymxentTorchPrinter().doprint(sp.Max(x, 0) + 1 / (n + 1) + sp.sqrt(x))
        'torch.sqrt(x) + _sx_maximum(0, x) + 1/(n + 1)'
    """

    _default_settings: ClassVar[dict[str, Any]] = {
        **TorchPrinter._default_settings,
        "class_axis": -1,
    }

    def _print_Pow(self, expr: Any, rational: bool = False) -> str:
        return str(self._hprint_Pow(expr, rational=rational, sqrt="torch.sqrt"))

    def _print_Max(self, expr: Any) -> str:
        return self._fold("_sx_maximum", expr)

    def _print_Min(self, expr: Any) -> str:
        return self._fold("_sx_minimum", expr)

    def _fold(self, helper: str, expr: Any) -> str:
        printed = [self._print(a) for a in expr.args]
        result = printed[0]
        for other in printed[1:]:
            result = f"{helper}({result}, {other})"
        return result


def _tensor(x: Any) -> Tensor:
    """A tensor as it is; a Python number as a 0-dim float64 tensor (which does not vote)."""
    return x if isinstance(x, torch.Tensor) else torch.as_tensor(x, dtype=torch.float64)


def _zero_at_zero_x(special: str) -> Callable[[Any, Any], Tensor]:
    """``torch.special.<special>(x, y)``, made 0 where x = 0 also for y = nan.

    Example:
        >>> xlogy = _zero_at_zero_x("xlogy")
        >>> xlogy(torch.tensor([0.0, 0.0, 2.0]), torch.tensor([0.0, float("nan"), 1.0])).tolist()
        [0.0, 0.0, 0.0]
    """

    def helper(x: Any, y: Any) -> Tensor:
        x, y = _tensor(x), _tensor(y)
        return torch.where(x == 0, 0.0, getattr(torch.special, special)(x, y))

    return helper


def _softplus(x: Any) -> Tensor:
    r""":math:`\log(1 + e^x)` as ``torch.logaddexp(x, 0)``: finite, exact on both tails.

    Example:
        >>> _softplus(torch.tensor([-1000.0, 1000.0])).tolist()
        [0.0, 1000.0]
    """
    x = _tensor(x)
    return torch.logaddexp(x, torch.zeros((), dtype=x.dtype, device=x.device))


def _take(a: Tensor, index: Any, axis: int) -> Tensor:
    """Entry ``index`` (0-based, an int or an integer tensor) along the class ``axis``.

    ``index`` has the class axis with length 1; the other axes broadcast with ``a``'s.

    Example:
        >>> w = torch.tensor([10.0, 20.0, 30.0])
        >>> _take(w, torch.tensor([[2], [0]]), -1).tolist()
        [[30.0], [10.0]]
    """
    if isinstance(index, int | np.integer):
        return torch.narrow(a, axis, int(index), 1)
    ndim = max(a.ndim, index.ndim)
    a = a.reshape((1,) * (ndim - a.ndim) + tuple(a.shape))
    index = index.reshape((1,) * (ndim - index.ndim) + tuple(index.shape))
    return torch.take_along_dim(a, index, dim=axis)


def _indicator(a: Any, b: Any) -> Tensor:
    """``1`` where ``a == b`` else ``0``, in the floating dtype of an argument (else float64).

    Example:
        >>> _indicator(torch.tensor([1.0, 2.0, 3.0]), torch.tensor([[2], [3]])).tolist()
        [[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]
    """
    dtype = next(
        (t.dtype for t in (a, b) if isinstance(t, torch.Tensor) and t.is_floating_point()),
        torch.float64,
    )
    a = a if isinstance(a, torch.Tensor) else torch.as_tensor(a)
    return torch.eq(a, b).to(dtype)


MODULE: dict[str, Any] = {
    "_sx_xlogy": _zero_at_zero_x("xlogy"),
    "_sx_xlog1py": _zero_at_zero_x("xlog1py"),
    "_sx_sigmoid": lambda x: torch.sigmoid(_tensor(x)),
    "_sx_softplus": _softplus,
    "_sx_logsumexp": lambda a, axis: torch.logsumexp(a, dim=axis, keepdim=True),
    "_sx_class_sum": lambda a, axis: torch.sum(_tensor(a), dim=axis, keepdim=True),
    "_sx_take": _take,
    "_sx_log_softmax": lambda a, axis: torch.log_softmax(a, dim=axis),
    "_sx_take_log_softmax": lambda a, index, axis: _take(
        torch.log_softmax(a, dim=axis), index, axis
    ),
    "_sx_softmax": lambda a, axis: torch.softmax(a, dim=axis),
    "_sx_indicator": _indicator,
    "_sx_maximum": lambda a, b: torch.maximum(_tensor(a), _tensor(b)),
    "_sx_minimum": lambda a, b: torch.minimum(_tensor(a), _tensor(b)),
}
"""The names compiled torch code refers to (``lambdify(..., modules=[MODULE, "torch"])``)."""

_NUMPY_DTYPES = {np.dtype(np.float32): "float32", np.dtype(np.float64): "float64"}


class TorchBackend(Backend):
    """Tensors in, tensors out; the class axis last; differentiable.

    Numpy arrays and Python numbers become CPU tensors (symxent is tested on the CPU only);
    float32 inputs give float32, any other input float64 (float16 and bfloat16 compute in
    float32).

    Example:
        >>> TorchBackend().result_dtype([torch.ones(2), 1.0])
        torch.float32
    """

    name = "torch"
    lambdify_module = "torch"
    layouts = False
    printer_class = SymxentTorchPrinter
    module = MODULE

    def result_dtype(self, values: list[Any]) -> Any:  # noqa: D102
        floats = []
        for value in values:
            if isinstance(value, torch.Tensor) and value.is_floating_point():
                floats.append(np.dtype(np.float64 if value.dtype == torch.float64 else np.float32))
            elif isinstance(value, np.ndarray | np.generic) and np.issubdtype(
                value.dtype, np.floating
            ):
                floats.append(value.dtype)
        return getattr(torch, _NUMPY_DTYPES.get(float_result_dtype(floats), "float64"))

    def float_array(self, value: Any, dtype: Any, name: str) -> Tensor:  # noqa: D102
        if isinstance(value, torch.Tensor):
            if value.is_complex():
                raise NumericError(f"argument {name} must be real, got dtype {value.dtype}")
            return value.to(dtype)
        array = as_real_array(value, f"argument {name}")
        numpy_dtype = np.float32 if dtype == torch.float32 else np.float64
        return torch.as_tensor(array.astype(numpy_dtype, copy=False))

    def index_array(self, value: Any, name: str) -> Tensor:  # noqa: D102
        if isinstance(value, torch.Tensor):
            if value.is_floating_point() or value.is_complex() or value.dtype == torch.bool:
                raise NumericError(
                    f"class index {name} must be an integer array (0-based classes), got dtype "
                    f"{value.dtype}"
                )
            return value.to(torch.int64)
        array = np.asarray(value)
        check_index_dtype(array.dtype, name)
        return torch.as_tensor(array.astype(np.int64, copy=False))

    def index_bounds(self, array: Any) -> tuple[int, int] | None:  # noqa: D102
        return (int(array.min()), int(array.max())) if array.numel() else None

    def positions(self, count: int, dtype: Any) -> Tensor:  # noqa: D102
        return torch.arange(1, count + 1, dtype=dtype)

    def count(self, count: int, dtype: Any) -> Tensor:  # noqa: D102
        return torch.tensor(count, dtype=dtype)

    def asarray(self, value: Any) -> Tensor:  # noqa: D102
        return _tensor(value)

    def finish(self, result: Any, shape: tuple[int, ...], dtype: Any) -> Tensor:  # noqa: D102
        if tuple(result.shape) != shape:
            result = torch.broadcast_to(result, shape).clone()
        return result.to(dtype)

    def write_out(self, result: Any, out: Any) -> Tensor:  # noqa: D102
        if not isinstance(out, torch.Tensor) or tuple(out.shape) != tuple(result.shape):
            raise NumericError(
                f"out must be a tensor of shape {tuple(result.shape)}, got "
                f"{getattr(out, 'shape', type(out).__name__)}"
            )
        return out.copy_(result)
