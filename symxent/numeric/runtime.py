r"""The numpy helpers compiled code calls: stable primitives, given to ``lambdify`` as a module.

Each helper is one numerically careful primitive, not a formula of a quantity (those come from
the quantities' expressions). Every helper keeps the dtype of its floating inputs (float32 stays
float32) and works on arrays of any shape; ``axis`` is the class axis. Compiled code calls them
under ``numpy.errstate(all="ignore")``: ``log(0) = -inf`` is a value there, not a warning.

Rows of a C-contiguous 2-D chunk (classes on the last axis, as
:class:`~symxent.numeric.function.NumericFunction` passes them) take faster routes: numpy's
reductions along a short last axis cost 10-20 read passes, so row sums go through BLAS
(``chunk @ ones``, for rows of at most :data:`ROW_CLASSES` classes, and by blocks for wider rows),
and log-sum-exp and the log-softmax at a label skip the max shift wherever that is provably safe
(:func:`row_logsumexp`), for any number of classes: one ``exp`` pass and a BLAS row sum instead of
a max pass, a subtraction, an ``exp`` pass and a sum.

Example:
    >>> import numpy as np
    >>> float(logsumexp(np.array([1000.0, 1000.0]), -1)[0])  # 1000 + log 2
    1000.6931471805599
    >>> with np.errstate(divide="ignore", invalid="ignore"):  # compiled code does this
    ...     print(float(xlogy(np.float64(0.0), np.float64(0.0))))
    0.0
"""

from __future__ import annotations

import functools
import math
from typing import Any

import numpy as np

__all__ = [
    "MODULE",
    "NO_SHIFT_BOUND",
    "PICK_BOUND",
    "ROW_CLASSES",
    "SUM_BLOCK_MIN",
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
"""Most terms of one BLAS dot product in the row sums: rows with at most this many classes are
summed by one ``chunk @ ones`` (also by :func:`class_sum`), wider rows by blocks of at most this
many (:func:`_row_sums`)."""

SUM_BLOCK_MIN = 16
"""Narrowest block of the blocked row sums: a row of more than :data:`ROW_CLASSES` classes is cut
into blocks of the largest width in ``SUM_BLOCK_MIN..ROW_CLASSES`` that divides it; rows with no
such divisor are summed by numpy's pairwise sum."""

NO_SHIFT_BOUND = 64.0
r"""Largest :math:`|\log \sum_j e^{a_j}|` for which a row skips the max shift (the row routes).

Within it no :math:`e^{a_j}` that matters overflows or underflows (:math:`e^{64} \approx 6
\cdot 10^{27}`); rows outside it, and rows that are not finite, are recomputed with the shift.
The check is exact: it is made on the computed sums themselves. From about 100 classes on, the
lower bound is raised to :math:`C \cdot 2^{-99}` (see :func:`_sum_bounds`)."""

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
    if _is_row_chunk(a, axis, widest=None):
        return row_logsumexp(a)[:, None].astype(a.dtype, copy=False)
    return _shifted_logsumexp(a, axis)


def _shifted_logsumexp(a: np.ndarray, axis: int) -> np.ndarray:
    shift = _max_shift(a, axis)
    total = np.exp(a - shift)
    total = np.add.reduce(total, axis=axis, keepdims=True)
    return np.log(total) + shift


def _is_row_chunk(a: np.ndarray, axis: int, widest: int | None = ROW_CLASSES) -> bool:
    """A nonempty C-contiguous float (rows, classes) chunk, reduced by rows.

    ``widest`` is the most classes the caller's route takes (None: any number).
    """
    return (
        a.ndim == 2
        and axis in (-1, 1)
        and a.shape[0] > 0
        and a.shape[1] > 0
        and (widest is None or a.shape[1] <= widest)
        and a.dtype in (np.float64, np.float32)
        and a.flags.c_contiguous
    )


@functools.lru_cache(maxsize=256)
def _block_width(classes: int) -> int | None:
    """The block width of the blocked row sums for rows of ``classes`` entries, or None.

    The largest divisor of ``classes`` in ``SUM_BLOCK_MIN..ROW_CLASSES`` that is a multiple of 8
    (BLAS runs whole vector registers), else the largest divisor there; None if there is none.

    Example:
        >>> _block_width(1000), _block_width(32000), _block_width(100), _block_width(1009)
        (40, 64, 50, None)
    """
    divisors = [w for w in range(SUM_BLOCK_MIN, ROW_CLASSES + 1) if classes % w == 0]
    return max(divisors, key=lambda w: (w % 8 == 0, w), default=None)


@functools.lru_cache(maxsize=64)
def _ones(length: int, dtype: np.dtype[Any]) -> np.ndarray:
    """A read-only vector of ones, the right-hand side of the BLAS row sums."""
    ones = np.ones(length, dtype=dtype)
    ones.flags.writeable = False
    return ones


def _row_sums(a: np.ndarray) -> np.ndarray:
    r"""Sum of each row of a C-contiguous 2-D array by BLAS (``gemv``): one pass over the data.

    A row of at most :data:`ROW_CLASSES` entries is one dot product with ones. A wider row is cut
    into blocks of a width dividing it (:func:`_block_width`): the block sums are one ``gemv`` of
    the chunk viewed as ``(rows * blocks, width)``, and they are summed the same way, so every BLAS
    dot product has at most 64 terms. That keeps the rounding error at a few
    :math:`\varepsilon`, like numpy's pairwise sum: a single BLAS dot product of C terms
    accumulates them in a fixed number of lanes, with an error growing like
    :math:`C/16 \cdot \varepsilon` (measured: 190 :math:`\varepsilon` at C = 32000 in float32,
    5 with blocks). Rows with no such divisor are summed by numpy's pairwise sum.

    Example:
        >>> import numpy as np
        >>> _row_sums(np.ones((2, 1000))).tolist()
        [1000.0, 1000.0]
    """
    rows, classes = a.shape
    if classes <= ROW_CLASSES:
        return np.matmul(a, _ones(classes, a.dtype))
    width = _block_width(classes)
    if width is None:
        return np.add.reduce(a, axis=1)
    blocks = classes // width
    sums = np.matmul(a.reshape(rows * blocks, width), _ones(width, a.dtype))
    return _row_sums(sums.reshape(rows, blocks))


@functools.lru_cache(maxsize=256)
def _sum_bounds(classes: int) -> tuple[float, float]:
    r"""The range of an unshifted row sum :math:`\sum_j e^{a_j}` of ``classes`` terms that is safe.

    :math:`[e^{-64}, e^{64}]` (:data:`NO_SHIFT_BOUND`), with the lower bound raised to
    :math:`C \cdot 2^{-99}` where that is larger (from about 100 classes on; :math:`e^{-58}` at
    C = 32000). Should the process flush subnormal results to zero, the terms lost are each below
    :math:`2^{-126}` (float32's smallest normal number), so together below
    :math:`C \cdot 2^{-126}`: at most :math:`2^{-27} = \varepsilon_{32} / 8` of the sum. (numpy
    keeps subnormals; then the part lost is below :math:`C \cdot 2^{-150}`.)

    Example:
        >>> _sum_bounds(10) == (_SUM_LOW, _SUM_HIGH)
        True
    """
    return max(_SUM_LOW, classes * 2.0**-99), _SUM_HIGH


def _row_exp_sums(a: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    r""":math:`e^{a}`, and :math:`\sum_j e^{a_{ij}}` per row (unshifted, as float64); rows to redo.

    ``exp`` and the row sums run in the chunk's dtype (float32 stays fast and is not upcast); the
    bounds keep float32 sums far from overflow and underflow too (:math:`e^{\pm 64}`). The third
    value is None when every row's sum is within :func:`_sum_bounds`, else the boolean mask of
    the rows outside them (overflow, underflow, inf or nan included).
    """
    exponentials = np.exp(a)
    total = _row_sums(exponentials).astype(np.float64, copy=False)
    low, high = _sum_bounds(a.shape[1])
    if total.min() >= low and total.max() <= high:  # nan fails both comparisons
        return exponentials, total, None
    return exponentials, total, ~((total >= low) & (total <= high))


def _redo(a: np.ndarray, redo: np.ndarray) -> np.ndarray:
    """The rows ``redo`` of a chunk, as the shifted path recomputes them.

    Rows of at most :data:`ROW_CLASSES` classes are recomputed in float64 (a float32 result is
    rounded once); wider rows in their own dtype, so that a chunk of rows that all need the shift
    costs about what the shifted path alone costs (the whole chunk is used without a copy).
    """
    if a.shape[1] <= ROW_CLASSES:
        return a[redo].astype(np.float64)
    return a if redo.all() else a[redo]


def row_logsumexp(a: np.ndarray) -> np.ndarray:
    r"""Log-sum-exp of each row of a C-contiguous 2-D chunk, as float64 (float32 rows too).

    :math:`\log \sum_j e^{a_j}` without the max shift: one ``exp`` pass, a BLAS row sum
    (:func:`_row_sums`), a log per row. The relative rounding error of the sum is a few
    :math:`\varepsilon`, so the log is as accurate as the shifted one. Rows whose sum is outside
    :func:`_sum_bounds` (and rows that are not finite) are recomputed with the max shift
    (:func:`_redo`). For a float32 chunk the exponentials and sums are float32, the log float64;
    the caller rounds the result to float32.

    Example:
        >>> import numpy as np
        >>> row_logsumexp(np.array([[0.0, 0.0], [1000.0, 1000.0]])).tolist()
        [0.6931471805599453, 1000.6931471805599]
    """
    with np.errstate(all="ignore"):  # overflow and log 0 happen only in rows redone below
        _, total, redo = _row_exp_sums(a)
        np.log(total, out=total)
        if redo is not None:
            total[redo] = _shifted_logsumexp(_redo(a, redo), -1)[:, 0]
    return total


def _row_take_log_softmax(a: np.ndarray, index: np.ndarray) -> np.ndarray:
    r"""Log-softmax at class ``index`` of each row of a C-contiguous chunk, as float64.

    :math:`\log(e^{a_k} / \sum_j e^{a_j})`: no max shift, no per-row broadcast; the softmax is
    clamped above by its exact bound 1. Taking the log after the division, not
    :math:`a_k - \log \sum_j e^{a_j}`, keeps the absolute error at a few :math:`\varepsilon`
    when the result is near 0 (no cancellation), as with the shift. :math:`e^{a_k}` is read from
    the exponentials already computed. Rows outside :func:`_sum_bounds`, with :math:`a_k`
    below -:data:`PICK_BOUND` or not finite are recomputed with the shift (:func:`_redo`).
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
            result[redo] = _shifted_take_log_softmax(_redo(a, redo), index[redo], -1)[:, 0]
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
    with one temporary the size of ``a``; a C-contiguous chunk of rows takes the row route (no
    shift where it is safe, see :func:`row_logsumexp`).

    Example:
        >>> import numpy as np
        >>> take_log_softmax(np.array([[0.0, 1000.0]]), np.array([[0]]), -1).tolist()
        [[-1000.0]]
    """
    a = np.asarray(a)
    if _is_row_chunk(a, axis, widest=None) and np.shape(index) == (a.shape[0], 1):
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
