r"""The compiled row kernels of the numeric runtime, when they were built, and their switch.

``pip install`` compiles one small C extension, ``_symxent_kernels`` (source:
``symxent/numeric/_symxent_kernels.c``). It fuses the row route of
:mod:`symxent.numeric.runtime` for C-contiguous rows, the log-softmax at a label (CE from
logits) and the log-sum-exp: one pass per block of rows, the exponentials kept in a buffer in
the L1 cache, ``exp`` and ``log`` on 8 float32 / 4 float64 lanes (AVX2 + FMA, chosen by the
CPU at import; else the C library's), row sums in float64. It computes what the numpy row route
computes: no max shift where the bounds prove it safe; rows outside the bounds are recomputed
with the shift in the kernel too, and only rows with a nan or an infinite maximum are marked
for :mod:`~symxent.numeric.runtime` to recompute with numpy. Without a C compiler at install
time the extension is skipped and the numpy route runs (:func:`available` is False); results
agree within a few :math:`\varepsilon`.

``SYMXENT_NATIVE=0`` in the environment, or :func:`use_native` (False), turns the kernels off.

Example:
    >>> import numpy as np
    >>> from symxent.numeric import native
    >>> if native.enabled():
    ...     values, redo = native.take_log_softmax_rows(
    ...         np.array([[0.0, 0.0], [1.0, 1.0]]), np.array([0, 1]),
    ...         low=1e-300, high=1e300, pick_low=1e-260, tiny=1e-300,
    ...     )
    ...     print(values.tolist(), redo)
    ... else:
    ...     print([-0.6931471805599453, -0.6931471805599453], None)
    [-0.6931471805599453, -0.6931471805599453] None
"""

from __future__ import annotations

import os
from types import ModuleType
from typing import Any

import numpy as np

from symxent.errors import NumericError
from symxent.numeric import threads

__all__ = [
    "ENVIRONMENT_VARIABLE",
    "available",
    "enabled",
    "kernel_threads",
    "logsumexp_rows",
    "take_log_softmax_rows",
    "use_native",
    "vector_math",
]

ENVIRONMENT_VARIABLE = "SYMXENT_NATIVE"
"""Set to ``0`` to run the numpy routes even where the kernels are built."""


def _load() -> ModuleType | None:
    try:
        import _symxent_kernels
    except ImportError:
        return None
    return _symxent_kernels


_KERNELS = _load()
_STATE = {"enabled": _KERNELS is not None and os.environ.get(ENVIRONMENT_VARIABLE, "1") != "0"}


def available() -> bool:
    """Whether the compiled kernels were built and import (whether or not they are used)."""
    return _KERNELS is not None


def enabled() -> bool:
    """Whether the runtime uses the compiled kernels now."""
    return _STATE["enabled"]


def use_native(flag: bool) -> None:
    """Turn the compiled kernels on or off for this process (all threads).

    Raises:
        NumericError: when turning them on but they were not built.

    Example:
        >>> from symxent.numeric import native
        >>> before = native.enabled()
        >>> native.use_native(False)
        >>> native.enabled()
        False
        >>> native.use_native(before)
    """
    if flag and _KERNELS is None:
        raise NumericError(
            "symxent's compiled kernels were not built (no C compiler at install time?); "
            "reinstall with a C compiler, or use the numpy routes"
        )
    _STATE["enabled"] = bool(flag)


def vector_math() -> str:
    """``"avx2"`` (vector ``exp``/``log``), ``"libm"`` (the C library's) or ``"none"`` (not built).

    Example:
        >>> from symxent.numeric import native
        >>> native.vector_math() in ("avx2", "libm", "none")
        True
    """
    if _KERNELS is None:
        return "none"
    return str(_KERNELS.vector_math())


PARALLEL_MIN_ELEMENTS = 1 << 18
"""A call on at least this many elements runs on :func:`~symxent.numeric.threads.num_threads`
threads (the kernels split the rows themselves; not inside a part of a batch that
:func:`~symxent.numeric.threads.run_parts` has split already)."""


def kernel_threads(elements: int) -> int:
    """The threads a kernel call on ``elements`` logits uses.

    Example:
        >>> from symxent.numeric import native
        >>> native.kernel_threads(100)
        1
    """
    if elements < PARALLEL_MIN_ELEMENTS:
        return 1
    return 1 if threads.in_parallel_part() else threads.num_threads()


def take_log_softmax_rows(
    a: np.ndarray,
    labels: np.ndarray,
    *,
    low: float,
    high: float,
    pick_low: float,
    tiny: float,
    negate: bool = False,
) -> tuple[np.ndarray, np.ndarray | None]:
    r""":math:`\log(e^{a_k} / \sum_j e^{a_j})` at ``labels`` of each row, and the rows to redo.

    Args:
        a: a C-contiguous float32 or float64 ``(rows, classes)`` array, ``classes >= 1``.
        labels: the label of each row, ``(rows,)`` integers in ``0..classes-1``.
        low: a row whose unshifted sum is below this is recomputed with the max shift.
        high: ... or above this.
        pick_low: ... or whose label term :math:`e^{a_k}` is below this.
        tiny: ... or whose softmax at the label is below this.
        negate: write the values negated (the cross-entropy at the label), in the same pass.

    Returns:
        The values in ``a``'s dtype, and None or the boolean mask of the rows whose values are
        unspecified: rows with a nan or an infinite maximum, for the caller's shifted path.
    """
    kernels = _KERNELS if _KERNELS is not None else _kernels()
    rows, classes = a.shape
    out = np.empty(rows, dtype=a.dtype)
    redo = np.empty(rows, dtype=np.uint8)
    labels = np.ascontiguousarray(labels, dtype=np.int64)
    count = kernels.take_log_softmax(
        a,
        labels,
        out,
        redo,
        rows,
        classes,
        a.dtype == np.float32,
        low,
        high,
        pick_low,
        tiny,
        kernel_threads(a.size),
        negate,
    )
    return out, redo.view(np.bool_) if count else None


def logsumexp_rows(
    a: np.ndarray, *, low: float, high: float
) -> tuple[np.ndarray, np.ndarray | None]:
    r""":math:`\log \sum_j e^{a_j}` of each row as float64, and the rows to redo.

    ``a`` is as for :func:`take_log_softmax_rows`; a row whose unshifted sum is outside
    ``[low, high]`` is recomputed with the max shift, and rows with a nan or an infinite maximum
    are marked.
    """
    kernels = _kernels()
    rows, classes = a.shape
    out = np.empty(rows, dtype=np.float64)
    redo = np.empty(rows, dtype=np.uint8)
    count = kernels.logsumexp(
        a, out, redo, rows, classes, a.dtype == np.float32, low, high, kernel_threads(a.size)
    )
    return out, redo.view(np.bool_) if count else None


ELEMENTWISE_MIN_ELEMENTS = 512
"""Arrays below this size keep numpy's ``exp``/``log`` (a ufunc call is as fast there)."""


def exp_into(x: np.ndarray, out: np.ndarray | None = None) -> np.ndarray | None:
    """``e^x`` with the kernels' vector ``exp`` (within 1 ulp), or None when it does not apply.

    It applies to C-contiguous float64 or float32 arrays of at least
    :data:`ELEMENTWISE_MIN_ELEMENTS` elements while the kernels are enabled; ``out``
    (C-contiguous, ``x``'s dtype and shape) may be ``x``. numpy's float64 ``exp`` is scalar on
    AVX2 CPUs: this one is about 4x faster (3-4x in float32).

    Example:
        >>> import numpy as np
        >>> from symxent.numeric import native
        >>> x = np.zeros(1024)
        >>> native.exp_into(x, x) is x or not native.enabled()
        True
    """
    return _elementwise(x, out, log=False)


def log_into(x: np.ndarray, out: np.ndarray | None = None) -> np.ndarray | None:
    """``log x`` with the kernels' vector ``log``, or None: as :func:`exp_into`.

    0, negatives, subnormals, inf and nan get the C library's ``log`` (IEEE results).

    Example:
        >>> import numpy as np
        >>> from symxent.numeric import native
        >>> y = native.log_into(np.ones(1024))
        >>> y is None or float(y.max()) == 0.0
        True
    """
    return _elementwise(x, out, log=True)


_FLOAT64, _FLOAT32 = np.dtype(np.float64), np.dtype(np.float32)


def _elementwise(x: Any, out: np.ndarray | None, *, log: bool) -> np.ndarray | None:
    if (
        _KERNELS is None
        or not _STATE["enabled"]
        or type(x) is not np.ndarray
        or not (x.dtype == _FLOAT64 or (x.dtype == _FLOAT32 and not log))
        or x.size < ELEMENTWISE_MIN_ELEMENTS
        or not x.flags.c_contiguous
    ):
        return None
    if out is None:
        out = np.empty(x.shape, dtype=x.dtype)
    elif out.dtype != x.dtype or out.shape != x.shape or not out.flags.c_contiguous:
        return None
    if log:
        _KERNELS.log(x, out, x.size)
    elif x.dtype == _FLOAT32:
        _KERNELS.exp32(x, out, x.size)
    else:
        _KERNELS.exp(x, out, x.size, False)
    return out


def _kernels() -> Any:
    if _KERNELS is None:
        raise NumericError("symxent's compiled kernels were not built")
    return _KERNELS
