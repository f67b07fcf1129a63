r"""The numpy helpers compiled code calls: stable primitives, given to ``lambdify`` as a module.

Each helper is one numerically careful primitive, not a formula of a quantity (those come from
the quantities' expressions). Every helper keeps the dtype of its floating inputs (float32 stays
float32) and works on arrays of any shape; ``axis`` is the class axis. Compiled code calls them
under ``numpy.errstate(all="ignore")``: ``log(0) = -inf`` is a value there, not a warning.

Rows of few classes (a C-contiguous 2-D chunk with at most :data:`ROW_CLASSES` classes on the
last axis, as :class:`~symxent.numeric.function.NumericFunction` passes them) take a faster
route: numpy's reductions along a short last axis cost 10-20 read passes, so row sums go through
BLAS (``chunk @ ones``), and log-sum-exp skips the max shift wherever that is provably safe
(:func:`row_logsumexp`).

Example:
    >>> import numpy as np
    >>> float(logsumexp(np.array([1000.0, 1000.0]), -1)[0])  # 1000 + log 2
    1000.6931471805599
    >>> with np.errstate(divide="ignore", invalid="ignore"):  # compiled code does this
    ...     print(float(xlogy(np.float64(0.0), np.float64(0.0))))
    0.0
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

__all__ = [
    "MODULE",
    "NO_SHIFT_BOUND",
    "PICK_BOUND",
    "ROW_CLASSES",
    "class_sum",
    "log_softmax",
    "logsumexp",
    "row_logsumexp",
    "sigmoid",
    "softmax",
    "softplus",
    "take",
    "take_log_softmax",
    "xlog1py",
    "xlogy",
]

Array = Any
"""A numpy array or scalar (helpers accept both)."""

ROW_CLASSES = 64
"""Rows with at most this many classes use the row routes (BLAS row sums, unshifted LSE)."""

NO_SHIFT_BOUND = 64.0
r"""Largest :math:`|\log \sum_j e^{a_j}|` for which a row skips the max shift (the row routes).

Within it no :math:`e^{a_j}` that matters overflows or underflows (:math:`e^{64} \approx 6
\cdot 10^{27}`); rows outside it, and rows that are not finite, are recomputed with the shift.
The check is exact: it is made on the computed sums themselves."""

PICK_BOUND = {np.dtype(np.float64): 600.0, np.dtype(np.float32): 80.0}
r"""Per dtype, the most negative label logit :math:`a_k` for which :func:`take_log_softmax`
uses the unshifted :math:`e^{a_k}` (:math:`e^{-600}` and, in float32, :math:`e^{-80}` are
normal numbers: full relative precision)."""

_SUM_LOW, _SUM_HIGH = math.exp(-NO_SHIFT_BOUND), math.exp(NO_SHIFT_BOUND)
_PICK_LOW = {dtype: math.exp(-bound) for dtype, bound in PICK_BOUND.items()}


def xlogy(x: Array, y: Array) -> Array:
    r""":math:`x \log y`, 0 where :math:`x = 0` (also for :math:`y = 0` or nan).

    Example:
        >>> import numpy as np
        >>> with np.errstate(all="ignore"):  # as in compiled code: log(0) is -inf, no warning
        ...     print(xlogy(np.array([0.0, 2.0]), np.array([0.0, 1.0])).tolist())
        [0.0, 0.0]
    """
    return np.where(x == 0, 0, x * np.log(y))


def xlog1py(x: Array, y: Array) -> Array:
    r""":math:`x \log(1 + y)`, 0 where :math:`x = 0`.

    Example:
        >>> import numpy as np
        >>> with np.errstate(all="ignore"):
        ...     print(xlog1py(np.array([0.0, 1.0]), np.array([-1.0, 0.0])).tolist())
        [0.0, 0.0]
    """
    return np.where(x == 0, 0, x * np.log1p(y))


def sigmoid(x: Array) -> Array:
    r"""The logistic sigmoid, computed without overflow from :math:`e^{-|x|}`.

    :math:`\sigma(x) = 1 / (1 + e^{-|x|})` for :math:`x \ge 0` and
    :math:`e^{-|x|} / (1 + e^{-|x|})` otherwise: full relative precision on both tails.

    Example:
        >>> import numpy as np
        >>> sigmoid(np.array([-1000.0, 0.0, 1000.0])).tolist()
        [0.0, 0.5, 1.0]
    """
    x = np.asarray(x)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1, e) / (1 + e)


def softplus(x: Array) -> Array:
    r""":math:`\log(1 + e^x) = \max(x, 0) + \log(1 + e^{-|x|})`, finite for every finite x.

    Example:
        >>> import numpy as np
        >>> softplus(np.array([-1000.0, 1000.0])).tolist()
        [0.0, 1000.0]
    """
    x = np.asarray(x)
    return np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))


def logsumexp(a: Array, axis: int) -> Array:
    r""":math:`\log \sum e^{a}` over ``axis`` (kept with length 1), shifted by the maximum.

    A row whose maximum is infinite is shifted by 0 instead, so all ``-inf`` gives ``-inf`` and
    a ``+inf`` entry gives ``+inf`` (not nan).

    Example:
        >>> import numpy as np
        >>> with np.errstate(all="ignore"):
        ...     print(logsumexp(np.array([[-np.inf, -np.inf], [0.0, np.inf]]), -1).ravel().tolist())
        [-inf, inf]
    """
    a = np.asarray(a)
    if _is_row_chunk(a, axis):
        return row_logsumexp(a)[:, None].astype(a.dtype, copy=False)
    return _shifted_logsumexp(a, axis)


def _shifted_logsumexp(a: np.ndarray, axis: int) -> np.ndarray:
    shift = _max_shift(a, axis)
    total = np.exp(a - shift)
    total = np.add.reduce(total, axis=axis, keepdims=True)
    return np.log(total) + shift


def _is_row_chunk(a: np.ndarray, axis: int) -> bool:
    """A nonempty C-contiguous float (rows, classes) chunk with few classes, reduced by rows."""
    return (
        a.ndim == 2
        and axis in (-1, 1)
        and a.shape[0] > 0
        and 0 < a.shape[1] <= ROW_CLASSES
        and a.dtype in (np.float64, np.float32)
        and a.flags.c_contiguous
    )


def _row_sums(a: np.ndarray) -> np.ndarray:
    """Sum of each row of a C-contiguous 2-D array, by BLAS (``gemv``): one pass over the data."""
    return np.matmul(a, np.ones(a.shape[1], dtype=a.dtype))


def _row_exp_sums(a: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    r""":math:`e^{a}`, and :math:`\sum_j e^{a_{ij}}` per row (unshifted, as float64); rows to redo.

    ``exp`` and the row sums run in the chunk's dtype (float32 stays fast); the bounds keep
    float32 sums far from overflow and underflow too (:math:`e^{\pm 64}`, 64 classes at most).
    The third value is None when every row's log-sum-exp is within :data:`NO_SHIFT_BOUND`, else
    the boolean mask of the rows outside it (overflow, underflow, inf or nan included).
    """
    exponentials = np.exp(a)
    total = _row_sums(exponentials).astype(np.float64, copy=False)
    if total.min() >= _SUM_LOW and total.max() <= _SUM_HIGH:  # nan fails both comparisons
        return exponentials, total, None
    return exponentials, total, ~((total >= _SUM_LOW) & (total <= _SUM_HIGH))


def row_logsumexp(a: np.ndarray) -> np.ndarray:
    r"""Log-sum-exp of each row of a C-contiguous 2-D chunk, as float64 (float32 rows too).

    :math:`\log \sum_j e^{a_j}` without the max shift: one ``exp`` pass, a BLAS row sum, a log
    per row. The relative rounding error of the sum is a few :math:`\varepsilon`, so the log is
    as accurate as the shifted one. Rows whose log-sum-exp is outside :data:`NO_SHIFT_BOUND`
    (and rows that are not finite) are recomputed with the max shift, in float64. For a
    float32 chunk the exponentials and sums are float32, the log float64; the caller rounds
    the result to float32.

    Example:
        >>> import numpy as np
        >>> row_logsumexp(np.array([[0.0, 0.0], [1000.0, 1000.0]])).tolist()
        [0.6931471805599453, 1000.6931471805599]
    """
    with np.errstate(all="ignore"):  # overflow and log 0 happen only in rows redone below
        _, total, redo = _row_exp_sums(a)
        np.log(total, out=total)
        if redo is not None:
            total[redo] = _shifted_logsumexp(a[redo].astype(np.float64), -1)[:, 0]
    return total


def _row_take_log_softmax(a: np.ndarray, index: np.ndarray) -> np.ndarray:
    r"""Log-softmax at class ``index`` of each row of a C-contiguous chunk, as float64.

    :math:`\log(e^{a_k} / \sum_j e^{a_j})`: no max shift, no per-row broadcast; the softmax is
    clamped above by its exact bound 1. Taking the log after the division, not
    :math:`a_k - \log \sum_j e^{a_j}`, keeps the absolute error at a few :math:`\varepsilon`
    when the result is near 0 (no cancellation), as with the shift. :math:`e^{a_k}` is read from
    the exponentials already computed. Rows outside :data:`NO_SHIFT_BOUND`, with :math:`a_k`
    below -:data:`PICK_BOUND` or not finite are recomputed with the shift, in float64.
    """
    with np.errstate(all="ignore"):  # overflow and log 0 happen only in rows redone below
        exponentials, total, redo = _row_exp_sums(a)
        rows, classes = a.shape
        picked = exponentials.ravel()[index[:, 0] + np.arange(0, rows * classes, classes)]
        low = _PICK_LOW[a.dtype]
        if not picked.min() >= low:
            below = ~(picked >= low)
            redo = below if redo is None else redo | below
        result = np.divide(picked, total, dtype=np.float64)
        np.minimum(result, 1.0, out=result)  # e^(a_k) <= sum_j e^(a_j) exactly
        np.log(result, out=result)
        if redo is not None:
            again = a[redo].astype(np.float64)
            result[redo] = _shifted_take_log_softmax(again, index[redo], -1)[:, 0]
    return result


def _max_shift(a: np.ndarray, axis: int) -> np.ndarray:
    """The max along ``axis`` (kept), replaced by 0 where it is infinite (all -inf, or +inf)."""
    shift = np.max(a, axis=axis, keepdims=True)
    if not np.isfinite(shift).all():
        shift = np.where(np.isfinite(shift), shift, 0)
    return shift


def log_softmax(a: Array, axis: int) -> Array:
    r"""Log-softmax along ``axis``: :math:`(a - m) - \log \sum e^{a - m}`.

    Example:
        >>> import numpy as np
        >>> log_softmax(np.array([1000.0, 1000.0]), -1).tolist() == [-np.log(2)] * 2
        True
    """
    a = np.asarray(a)
    shifted = a - _max_shift(a, axis)
    total = np.exp(shifted)
    total = np.add.reduce(total, axis=axis, keepdims=True)
    shifted -= np.log(total)
    return shifted


def take_log_softmax(a: Array, index: Array, axis: int) -> Array:
    r"""Log-softmax along ``axis`` at class ``index`` (0-based), kept with length 1.

    Computes :math:`(a_k - m) - \log \sum e^{a - m}` without forming the whole log-softmax,
    with one temporary the size of ``a``; a chunk of rows with few classes takes the row route
    (no shift where it is safe, see :func:`row_logsumexp`).

    Example:
        >>> import numpy as np
        >>> take_log_softmax(np.array([[0.0, 1000.0]]), np.array([[0]]), -1).tolist()
        [[-1000.0]]
    """
    a = np.asarray(a)
    if _is_row_chunk(a, axis) and np.shape(index) == (a.shape[0], 1):
        return _row_take_log_softmax(a, index)[:, None].astype(a.dtype, copy=False)
    return _shifted_take_log_softmax(a, index, axis)


def _shifted_take_log_softmax(a: np.ndarray, index: Array, axis: int) -> np.ndarray:
    shifted = a - _max_shift(a, axis)
    picked = take(shifted, index, axis)
    np.exp(shifted, out=shifted)
    total = np.add.reduce(shifted, axis=axis, keepdims=True)
    picked -= np.log(total)
    return picked


def softmax(a: Array, axis: int) -> Array:
    r"""Softmax along ``axis``: :math:`e^{a - m} / \sum e^{a - m}`.

    Example:
        >>> import numpy as np
        >>> softmax(np.array([0.0, 1000.0]), -1).tolist()
        [0.0, 1.0]
    """
    a = np.asarray(a)
    e = a - _max_shift(a, axis)
    np.exp(e, out=e)
    e /= np.add.reduce(e, axis=axis, keepdims=True)
    return e


def class_sum(a: Array, axis: int) -> Array:
    """Sum over the class ``axis``, kept with length 1.

    Example:
        >>> import numpy as np
        >>> class_sum(np.ones((2, 3)), -1).tolist()
        [[3.0], [3.0]]
    """
    a = np.asarray(a)
    if _is_row_chunk(a, axis):
        return _row_sums(a)[:, None]
    return np.sum(a, axis=axis, keepdims=True)


def take(a: Array, index: Array, axis: int) -> Array:
    """Entry ``index`` (0-based; an int or an integer array) along the class ``axis``.

    ``index`` has the class axis with length 1 and broadcasts with ``a``'s other axes.

    Example:
        >>> import numpy as np
        >>> take(np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[1], [0]]), -1).tolist()
        [[2.0], [3.0]]
    """
    a = np.asarray(a)
    if isinstance(index, int | np.integer):
        return np.take(a, [int(index)], axis=axis)
    index = np.asarray(index)
    if a.ndim == 2 and index.ndim == 2 and a.flags.c_contiguous:
        rows, columns = a.shape
        if axis == 0 and index.shape == (1, columns):
            # classes first: entry (index[j], j) sits at index[j] * columns + j
            return a.ravel()[index * columns + np.arange(columns)]
        if axis in (-1, 1) and index.shape == (rows, 1):
            return a.ravel()[index + np.arange(0, rows * columns, columns)[:, None]]
    ndim = max(a.ndim, index.ndim)
    a = a.reshape((1,) * (ndim - a.ndim) + a.shape)
    index = index.reshape((1,) * (ndim - index.ndim) + index.shape)
    position = axis % ndim
    batch = np.broadcast_shapes(
        tuple(1 if d == position else s for d, s in enumerate(a.shape)), index.shape
    )
    a = np.broadcast_to(a, tuple(a.shape[d] if d == position else s for d, s in enumerate(batch)))
    index = np.broadcast_to(index, batch)
    return np.take_along_axis(a, index, axis=position)


MODULE: dict[str, Any] = {
    "_sx_xlogy": xlogy,
    "_sx_xlog1py": xlog1py,
    "_sx_sigmoid": sigmoid,
    "_sx_softplus": softplus,
    "_sx_logsumexp": logsumexp,
    "_sx_class_sum": class_sum,
    "_sx_take": take,
    "_sx_log_softmax": log_softmax,
    "_sx_take_log_softmax": take_log_softmax,
    "_sx_softmax": softmax,
    "_sx_indicator": np.equal,
}
"""The names compiled code refers to (``lambdify(..., modules=[MODULE, "numpy"])``)."""
