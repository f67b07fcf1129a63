r"""Array backends of the compiled code: numpy (built in), torch and jax (optional, lazy).

A backend is what :func:`~symxent.numeric.compile.to_backend` needs to turn the one vectorised
expression into code for one array library, and what
:class:`~symxent.numeric.function.NumericFunction` needs to call it:

* a SymPy code printer (the library's printer with
  :class:`~symxent.numeric.printer.SymxentPrinterMixin`) and a runtime module defining the
  ``_sx_*`` helpers (xlogy, log-sum-exp, log-softmax, softplus, sigmoid, take, ...) with the
  library's own stable primitives — both handed to ``sympy.lambdify``;
* array conversion and checks: the result dtype (float32 inputs give float32, anything else
  float64), float and index arrays, the range of an index array.

``numpy`` is defined here. ``torch`` and ``jax`` live in :mod:`symxent.numeric.torch_backend`
and :mod:`symxent.numeric.jax_backend`, imported by :func:`get_backend` on first request: ``import
symxent`` (or ``symxent.numeric``) imports neither library.

Example:
    >>> backend = get_backend("numpy")
    >>> backend.name, backend.layouts
    ('numpy', True)
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Callable, Iterator
from typing import Any, ClassVar

import numpy as np

from symxent.errors import NumericError
from symxent.numeric.validate import as_real_array

__all__ = ["BACKENDS", "Backend", "NumpyBackend", "get_backend"]

BACKENDS = ("numpy", "torch", "jax")
"""The backend names :func:`get_backend` accepts."""

_LAZY = {
    "torch": ("symxent.numeric.torch_backend", "TorchBackend", "torch"),
    "jax": ("symxent.numeric.jax_backend", "JaxBackend", "jax"),
}
_INSTANCES: dict[str, Backend] = {}
_UNSIGNED = {size: np.dtype(f"u{size}") for size in (1, 2, 4, 8)}


class Backend:
    """What compiled code needs from an array library. Subclasses set every attribute.

    Attributes:
        name: ``"numpy"``, ``"torch"`` or ``"jax"``.
        lambdify_module: the ``modules`` entry ``sympy.lambdify`` gets after the runtime module.
        layouts: True when the class-first chunked layout is available (numpy only; torch and
            jax keep the class axis last and reduce along it with their own kernels).
        printer_class: the code printer (``SymxentPrinterMixin`` + the library's printer).
        module: the ``_sx_*`` helper namespace for ``lambdify``.
    """

    name = ""
    lambdify_module = ""
    layouts = False
    printer_class: Any
    module: ClassVar[dict[str, Any]]

    def printer(self, class_axis: int) -> Any:
        """Return the code printer for arrays with their classes on ``class_axis``."""
        return self.printer_class({"class_axis": class_axis})

    def runtime(self) -> dict[str, Any]:
        """Return the ``_sx_*`` helper namespace for ``lambdify``."""
        return self.module

    def wrap(self, function: Callable[..., Any]) -> Callable[..., Any]:
        """Wrap the generated function (jax: ``jax.jit``); numpy and torch use it as it is."""
        return function

    def result_dtype(self, values: list[Any]) -> Any:
        """The computing dtype: float32 when the floating inputs are float32, else float64."""
        raise NotImplementedError

    def float_array(self, value: Any, dtype: Any, name: str) -> Any:
        """Convert a vector or scalar argument to a floating array of ``dtype``."""
        raise NotImplementedError

    def index_array(self, value: Any, name: str) -> Any:
        """Convert a class-index argument to an integer array (0-based)."""
        raise NotImplementedError

    def index_bounds(self, array: Any) -> tuple[int, int] | None:
        """The smallest and largest entry, or None when empty or not concrete (jax tracing)."""
        raise NotImplementedError

    def index_bounds_outside(self, array: Any, limit: int | None) -> tuple[int, int] | None:
        """:meth:`index_bounds` when an entry is outside ``0..limit-1``, else None.

        With ``limit`` None only entries below 0 are outside.
        """
        bounds = self.index_bounds(array)
        if bounds is not None and (bounds[0] < 0 or (limit is not None and bounds[1] >= limit)):
            return bounds
        return None

    def positions(self, count: int, dtype: Any) -> Any:
        """The positions ``1..count`` of the classes (a bare summation index's values)."""
        raise NotImplementedError

    def count(self, count: int, dtype: Any) -> Any:
        """A class count as the generated code receives it."""
        return count

    def asarray(self, value: Any) -> Any:
        """The generated code's result as an array of the library."""
        raise NotImplementedError

    def finish(self, result: Any, shape: tuple[int, ...], dtype: Any) -> Any:
        """Broadcast ``result`` to ``shape`` (a fresh array) and cast it to ``dtype``."""
        raise NotImplementedError

    def write_out(self, result: Any, out: Any) -> Any:
        """Copy ``result`` into the caller's ``out`` buffer and return it."""
        raise NotImplementedError

    def errstate(self) -> contextlib.AbstractContextManager[Any]:
        """The context compiled code runs in (numpy: infinities without warnings)."""
        return contextlib.nullcontext()


class NumpyBackend(Backend):
    """The numpy backend: :mod:`symxent.numeric.runtime` helpers, chunked layouts.

    Example:
        >>> import numpy as np
        >>> NumpyBackend().result_dtype([np.ones(2, np.float32), 1.0])
        dtype('float32')
    """

    name = "numpy"
    lambdify_module = "numpy"
    layouts = True

    def printer(self, class_axis: int) -> Any:  # noqa: D102
        from symxent.numeric.printer import SymxentNumPyPrinter

        return SymxentNumPyPrinter({"class_axis": class_axis})

    def runtime(self) -> dict[str, Any]:  # noqa: D102
        from symxent.numeric import runtime

        return runtime.MODULE

    def result_dtype(self, values: list[Any]) -> np.dtype[Any]:  # noqa: D102
        floats = [
            v.dtype
            for v in values
            if isinstance(v, np.ndarray | np.generic) and v.dtype.kind == "f"
        ]
        return float_result_dtype(floats)

    def float_array(self, value: Any, dtype: Any, name: str) -> np.ndarray:  # noqa: D102
        if type(value) is np.ndarray and value.dtype == dtype:
            return value  # the common case, without the checks' cost
        return as_real_array(value, f"argument {name}").astype(dtype, copy=False)

    def index_array(self, value: Any, name: str) -> np.ndarray:  # noqa: D102
        if type(value) is np.ndarray and value.dtype.kind in "iu":
            return value
        array = np.asarray(value)
        check_index_dtype(array.dtype, name)
        return array

    def index_bounds(self, array: Any) -> tuple[int, int] | None:  # noqa: D102
        return (int(array.min()), int(array.max())) if array.size else None

    def index_bounds_outside(  # noqa: D102
        self, array: Any, limit: int | None
    ) -> tuple[int, int] | None:
        if not array.size:
            return None
        kind = array.dtype.kind
        if limit is not None:
            # one pass: seen as unsigned, a negative entry is above every limit
            unsigned = array.view(_UNSIGNED[array.dtype.itemsize]) if kind == "i" else array
            if int(np.maximum.reduce(unsigned, axis=None)) < limit:
                return None
        elif kind == "u" or int(np.minimum.reduce(array, axis=None)) >= 0:
            return None
        return super().index_bounds_outside(array, limit)

    def positions(self, count: int, dtype: Any) -> np.ndarray:  # noqa: D102
        return np.arange(1, count + 1)

    def asarray(self, value: Any) -> np.ndarray:  # noqa: D102
        return np.asarray(value)

    def finish(self, result: Any, shape: tuple[int, ...], dtype: Any) -> np.ndarray:  # noqa: D102
        if result.shape != shape:
            result = np.broadcast_to(result, shape).copy()
        return result.astype(dtype, copy=False)

    def write_out(self, result: Any, out: Any) -> np.ndarray:  # noqa: D102
        if not isinstance(out, np.ndarray) or out.shape != result.shape:
            raise NumericError(
                f"out must be an array of shape {result.shape}, got "
                f"{getattr(out, 'shape', type(out).__name__)}"
            )
        try:
            np.copyto(out, result, casting="same_kind")
        except (TypeError, ValueError) as error:  # an int buffer, a read-only one
            raise NumericError(
                f"out must be a writable float array of shape {result.shape} (the result's dtype "
                f"is {result.dtype}), got dtype {out.dtype}: {str(error).split('. ')[0]}"
            ) from None
        return out

    @contextlib.contextmanager
    def errstate(self) -> Iterator[None]:  # noqa: D102
        with np.errstate(all="ignore"):
            yield


def float_result_dtype(floats: list[np.dtype[Any]]) -> np.dtype[Any]:
    """float32 when every floating dtype given fits in float32 (float16 too), else float64.

    Example:
        >>> import numpy as np
        >>> float_result_dtype([np.dtype(np.float16)]), float_result_dtype([])
        (dtype('float32'), dtype('float64'))
    """
    if not floats:
        return np.dtype(np.float64)
    first = floats[0]
    dtype = first if all(f == first for f in floats) else np.result_type(*floats)
    if dtype == np.float16:
        return np.dtype(np.float32)
    return np.dtype(dtype).newbyteorder("=")  # big-endian input computes in native order


def check_index_dtype(dtype: Any, name: str) -> None:
    """Raise :class:`NumericError` unless ``dtype`` (a numpy dtype) is an integer type."""
    dtype = np.dtype(dtype)
    if dtype.kind not in "iu":  # signed and unsigned ints (not bool)
        raise NumericError(
            f"class index {name} must be an integer array (0-based classes), got dtype {dtype}"
        )


def get_backend(name: str) -> Backend:
    """Return the backend called ``name``, importing its array library on first use.

    Args:
        name: ``"numpy"``, ``"torch"`` or ``"jax"``.

    Raises:
        NumericError: for an unknown name, or when the library is not installed (the message
            names the extra to install).

    Example:
        >>> get_backend("numpy").name
        'numpy'
        >>> get_backend("cupy")
        Traceback (most recent call last):
        ...
        symxent.errors.NumericError: unknown backend 'cupy'; choose one of ('numpy', 'torch', 'jax')
    """
    known = _INSTANCES.get(name)
    if known is not None:
        return known
    if name == "numpy":
        backend: Backend = NumpyBackend()
    elif name in _LAZY:
        module_name, class_name, library = _LAZY[name]
        try:
            importlib.import_module(library)
        except ImportError:
            raise NumericError(
                f"the {name} backend needs {library}, which is not installed: "
                f"pip install 'symxent[{name}]' (or install {library} yourself)"
            ) from None
        backend = getattr(importlib.import_module(module_name), class_name)()
    else:
        raise NumericError(f"unknown backend {name!r}; choose one of {BACKENDS}")
    _INSTANCES[name] = backend
    return backend
