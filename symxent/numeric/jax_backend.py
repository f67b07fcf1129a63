r"""The jax backend: SymPy's ``JaxPrinter`` with symxent's nodes, jax helpers, ``jax.jit``.

Imported by :func:`symxent.numeric.backend.get_backend` when ``"jax"`` is first requested
(``to_jax``), never by ``import symxent``. The helpers map each stable primitive to jax's own:
:math:`x \log y` is ``jax.scipy.special.xlogy`` (0 where x = 0, also for y = nan), log-sum-exp
``jax.nn.logsumexp``, log-softmax and softmax ``jax.nn.log_softmax`` and ``jax.nn.softmax``,
the sigmoid ``jax.nn.sigmoid``, softplus ``jnp.logaddexp(x, 0)``, the entry at a class index
``jnp.take_along_axis``. The generated function runs under ``jax.jit``.

jax computes in float64 only with ``jax_enable_x64`` on; otherwise float64 inputs are computed
in float32 (jax's default), and the XLA CPU backend flushes subnormal results to zero.

The examples below need no jax: they show the printed code.

Example:
    >>> import sympy as sp
    >>> from symxent.numeric.nodes import ClassSum, XLogY
    >>> p = sp.Symbol("p")
    >>> SymxentJaxPrinter().doprint(-ClassSum(XLogY(p, p)) + sp.log(p))
    'jax.numpy.log(p) - _sx_class_sum(_sx_xlogy(p, p), -1)'
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

import numpy as np
from sympy.printing.numpy import JaxPrinter

from symxent.errors import NumericError
from symxent.numeric.backend import (
    Backend,
    check_index_dtype,
    float_result_dtype,
)
from symxent.numeric.printer import SymxentPrinterMixin
from symxent.numeric.validate import as_real_array, check_real_dtype

try:
    import jax
    import jax.numpy as jnp
    import jax.scipy.special as jsp_special
except ImportError:  # pragma: no cover - get_backend reports the missing library
    jax = jnp = jsp_special = None  # type: ignore[assignment, unused-ignore]

__all__ = ["MODULE", "JaxBackend", "SymxentJaxPrinter"]

JaxArray = Any
"""A jax array (or tracer)."""


class SymxentJaxPrinter(SymxentPrinterMixin, JaxPrinter):
    """``JaxPrinter`` (``jax.numpy`` calls) with symxent's nodes and a class-axis setting.

    Example:
        >>> import sympy as sp
        >>> SymxentJaxPrinter().doprint(sp.exp(sp.Symbol("x")) / 3)
        '(1/3)*jax.numpy.exp(x)'
    """

    _default_settings: ClassVar[dict[str, Any]] = {
        **JaxPrinter._default_settings,
        "class_axis": -1,
    }


def _zero_at_zero_x(special: str) -> Callable[[Any, Any], JaxArray]:
    """``jax.scipy.special.<special>(x, y)``, made 0 where x = 0 also for y = nan."""
    return lambda x, y: jnp.where(jnp.equal(x, 0), 0.0, getattr(jsp_special, special)(x, y))


def _take(a: JaxArray, index: Any, axis: int) -> JaxArray:
    """Entry ``index`` (0-based, an int or an integer array) along the class ``axis``.

    ``index`` has the class axis with length 1; the other axes broadcast with ``a``'s.
    """
    if isinstance(index, int | np.integer):
        return jax.lax.slice_in_dim(a, int(index), int(index) + 1, axis=axis % a.ndim)
    ndim = max(a.ndim, index.ndim)
    a = a.reshape((1,) * (ndim - a.ndim) + tuple(a.shape))
    index = index.reshape((1,) * (ndim - index.ndim) + tuple(index.shape))
    return jnp.take_along_axis(a, index, axis=axis)


def _indicator(a: Any, b: Any) -> JaxArray:
    """``1`` where ``a == b`` else ``0``, in the floating dtype of an argument (else float64)."""
    floating = [t.dtype for t in (a, b) if hasattr(t, "dtype") and _is_float(t.dtype)]
    dtype = floating[0] if floating else jax.dtypes.canonicalize_dtype(np.float64)
    return jnp.equal(a, b).astype(dtype)


def _is_float(dtype: Any) -> bool:
    return bool(jnp.issubdtype(dtype, jnp.floating))


MODULE: dict[str, Callable[..., Any]] = {
    "_sx_xlogy": _zero_at_zero_x("xlogy"),
    "_sx_xlog1py": _zero_at_zero_x("xlog1py"),
    "_sx_sigmoid": lambda x: jax.nn.sigmoid(x),  # noqa: PLW0108  (jax may be missing)
    "_sx_softplus": lambda x: jnp.logaddexp(x, 0.0),
    "_sx_logsumexp": lambda a, axis: jax.nn.logsumexp(a, axis=axis, keepdims=True),
    "_sx_class_sum": lambda a, axis: jnp.sum(a, axis=axis, keepdims=True),
    "_sx_take": _take,
    "_sx_log_softmax": lambda a, axis: jax.nn.log_softmax(a, axis=axis),
    "_sx_take_log_softmax": lambda a, index, axis: _take(
        jax.nn.log_softmax(a, axis=axis), index, axis
    ),
    "_sx_softmax": lambda a, axis: jax.nn.softmax(a, axis=axis),
    "_sx_indicator": _indicator,
}
"""The names compiled jax code refers to (``lambdify(..., modules=[MODULE, "jax"])``)."""


class JaxBackend(Backend):
    """jax (or numpy) arrays in, jax arrays out; the class axis last; jitted; traceable.

    float32 inputs give float32, any other input float64 when ``jax_enable_x64`` is on (else
    float32). Called inside ``jax.jit``/``jax.grad``, the class-index range check is skipped
    (the values are not known while tracing).

    Example:
        >>> import numpy as np
        >>> JaxBackend().result_dtype([np.ones(2, np.float32)])  # doctest: +SKIP
        dtype('float32')
    """

    name = "jax"
    lambdify_module = "jax"
    layouts = False
    printer_class = SymxentJaxPrinter
    module = MODULE

    def wrap(self, function: Callable[..., Any]) -> Callable[..., Any]:  # noqa: D102
        return jax.jit(function)

    def result_dtype(self, values: list[Any]) -> Any:  # noqa: D102
        floats = [
            np.dtype(np.float32 if v.dtype == jnp.bfloat16 else v.dtype)
            for v in values
            if hasattr(v, "dtype") and _is_float(v.dtype)
        ]
        return jax.dtypes.canonicalize_dtype(float_result_dtype(floats))

    def float_array(self, value: Any, dtype: Any, name: str) -> JaxArray:  # noqa: D102
        if isinstance(value, jax.Array):
            if not _is_float(value.dtype):
                check_real_dtype(value.dtype, f"argument {name}")
            return value.astype(dtype)
        return jnp.asarray(as_real_array(value, f"argument {name}"), dtype=dtype)

    def index_array(self, value: Any, name: str) -> JaxArray:  # noqa: D102
        if isinstance(value, jax.Array):
            check_index_dtype(value.dtype, name)
            return value
        array = np.asarray(value)
        check_index_dtype(array.dtype, name)
        return jnp.asarray(array, dtype=jax.dtypes.canonicalize_dtype(np.int64))

    def index_bounds(self, array: Any) -> tuple[int, int] | None:  # noqa: D102
        if not array.size:
            return None
        try:
            return int(array.min()), int(array.max())
        except jax.errors.ConcretizationTypeError:  # traced inside jax.jit: values unknown
            return None

    def positions(self, count: int, dtype: Any) -> JaxArray:  # noqa: D102
        return jnp.arange(1, count + 1, dtype=dtype)

    def count(self, count: int, dtype: Any) -> JaxArray:  # noqa: D102
        return jnp.asarray(count, dtype=dtype)

    def asarray(self, value: Any) -> JaxArray:  # noqa: D102
        return jnp.asarray(value)

    def finish(self, result: Any, shape: tuple[int, ...], dtype: Any) -> JaxArray:  # noqa: D102
        if tuple(result.shape) != shape:
            result = jnp.broadcast_to(result, shape)
        return result.astype(dtype)

    def write_out(self, result: Any, out: Any) -> JaxArray:  # noqa: D102
        raise NumericError("jax arrays are immutable: the jax backend takes no out= buffer")
