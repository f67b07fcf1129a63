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
(:func:`symxent.numeric.rows.row_logsumexp`), for any number of classes: one ``exp`` pass and a
BLAS row sum instead of a max pass, a subtraction, an ``exp`` pass and a sum. Those row routes
live in :mod:`symxent.numeric.rows`; where the compiled kernels run
(:mod:`symxent.numeric.native`), they are one fused C pass per chunk instead.

Example:
    >>> import numpy as np
    >>> float(logsumexp(np.array([1000.0, 1000.0]), -1)[0])  # 1000 + log 2
    1000.6931471805599
    >>> with np.errstate(divide="ignore", invalid="ignore"):  # compiled code does this
    ...     print(float(xlogy(np.float64(0.0), np.float64(0.0))))
    0.0
"""

from __future__ import annotations

from typing import Any

import numpy as np

from symxent.numeric import dispatch
from symxent.numeric.rows import (
    NO_SHIFT_BOUND,
    PICK_BOUND,
    ROW_CLASSES,
    SUM_BLOCK_MIN,
    _check_labels,
    _class_max,
    _exp,
    _log,
    _row_sums,
    _row_take_log_softmax,
    row_logsumexp,
)

__all__ = [
    "MODULE",
    "NO_SHIFT_BOUND",
    "PICK_BOUND",
    "ROW_CLASSES",
    "SUM_BLOCK_MIN",
    "class_sum",
    "log_softmax",
    "logsumexp",
    "neg_take_log_softmax",
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


def xlogy(x: Array, y: Array) -> Array:
    r""":math:`x \log y`, 0 where :math:`x = 0` (also for :math:`y = 0` or nan).

    Example:
        >>> import numpy as np
        >>> with np.errstate(all="ignore"):  # as in compiled code: log(0) is -inf, no warning
        ...     print(xlogy(np.array([0.0, 2.0]), np.array([0.0, 1.0])).tolist())
        [0.0, 0.0]
    """
    logs = _log(y)
    if not (isinstance(logs, np.ndarray) and np.shape(x) == logs.shape):
        return np.where(x == 0, 0, x * logs)
    if np.result_type(x, logs) != logs.dtype:
        return np.where(x == 0, 0, x * logs)
    # in place, one temporary fewer; a zero x is usually rare
    np.multiply(x, logs, out=logs)
    zero = np.equal(x, 0)
    if zero.any():
        np.copyto(logs, 0, where=zero)
    return logs


def numpy_xlog1py(x: Array, y: Array) -> Array:
    """:func:`xlog1py` by numpy alone."""
    return np.where(x == 0, 0, x * np.log1p(y))


def xlog1py(x: Array, y: Array) -> Array:
    r""":math:`x \log(1 + y)`, 0 where :math:`x = 0`.

    Example:
        >>> import numpy as np
        >>> with np.errstate(all="ignore"):
        ...     print(xlog1py(np.array([0.0, 1.0]), np.array([-1.0, 0.0])).tolist())
        [0.0, 0.0]
    """
    return numpy_xlog1py(x, y)


def sigmoid(x: Array) -> Array:
    r"""The logistic sigmoid, computed without overflow from :math:`e^{-|x|}`.

    :math:`\sigma(x) = 1 / (1 + e^{-|x|})` for :math:`x \ge 0` and
    :math:`e^{-|x|} / (1 + e^{-|x|})` otherwise: full relative precision on both tails. Large
    C-contiguous float arrays take the elementwise kernel
    (:func:`symxent.numeric.dispatch.unary`) where it measured faster, else numpy.

    Example:
        >>> import numpy as np
        >>> sigmoid(np.array([-1000.0, 0.0, 1000.0])).tolist()
        [0.0, 0.5, 1.0]
    """
    value = dispatch.unary("sigmoid", x)
    return value if value is not None else numpy_sigmoid(x)


def numpy_sigmoid(x: Array) -> Array:
    """:func:`sigmoid` by numpy alone."""
    x = np.asarray(x)
    e = _exp(-np.abs(x))
    return np.where(x >= 0, 1, e) / (1 + e)


def softplus(x: Array) -> Array:
    r""":math:`\log(1 + e^x) = \max(x, 0) + \log(1 + e^{-|x|})`, finite for every finite x.

    Large C-contiguous float arrays take the elementwise kernel, as :func:`sigmoid`.

    Example:
        >>> import numpy as np
        >>> softplus(np.array([-1000.0, 1000.0])).tolist()
        [0.0, 1000.0]
    """
    value = dispatch.unary("softplus", x)
    return value if value is not None else numpy_softplus(x)


def numpy_softplus(x: Array) -> Array:
    """:func:`softplus` by numpy alone."""
    x = np.asarray(x)
    return np.maximum(x, 0) + np.log1p(_exp(-np.abs(x)))


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
    shift = _max_shift(a, axis)
    total = _exp(a - shift)
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


def _max_shift(a: np.ndarray, axis: int) -> np.ndarray:
    """The max along ``axis`` (kept), replaced by 0 where it is infinite (all -inf, or +inf)."""
    shift = _class_max(a, axis)
    if not np.logical_and.reduce(np.isfinite(shift), axis=None):  # .all(), without its wrapper
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
    total = _exp(shifted)
    total = np.add.reduce(total, axis=axis, keepdims=True)
    shifted -= np.log(total)
    return shifted


def take_log_softmax(a: Array, index: Array, axis: int, *, negate: bool = False) -> Array:
    r"""Log-softmax along ``axis`` at class ``index`` (0-based), kept with length 1.

    Computes :math:`(a_k - m) - \log \sum e^{a - m}` without forming the whole log-softmax,
    with one temporary the size of ``a``; a C-contiguous chunk of rows takes the row route (no
    shift where it is safe, see :func:`row_logsumexp`). Every route checks the labels:
    ``IndexError`` for one outside ``0..n-1`` (the compiled kernels as they read them). With
    ``negate`` it returns minus the value, written in the same pass on the row route.

    Example:
        >>> import numpy as np
        >>> take_log_softmax(np.array([[0.0, 1000.0]]), np.array([[0]]), -1).tolist()
        [[-1000.0]]
    """
    a = np.asarray(a)
    if _is_row_chunk(a, axis, widest=None) and getattr(index, "shape", None) == (a.shape[0], 1):
        value = _row_take_log_softmax(a, index, negate=negate)
        return value[:, None].astype(a.dtype, copy=False)
    _check_labels(index, a.shape[axis])
    value = _shifted_take_log_softmax(a, index, axis)
    return np.negative(value, out=value) if negate else value


def neg_take_log_softmax(a: Array, index: Array, axis: int) -> Array:
    r"""Minus :func:`take_log_softmax`: the cross-entropy :math:`-\log \mathrm{softmax}(a)_k`.

    The row route writes the negated values in the same pass (no second array).

    Example:
        >>> import numpy as np
        >>> neg_take_log_softmax(np.array([[0.0, 1000.0]]), np.array([[0]]), -1).tolist()
        [[1000.0]]
    """
    return take_log_softmax(a, index, axis, negate=True)


def _shifted_take_log_softmax(a: np.ndarray, index: Array, axis: int) -> np.ndarray:
    shifted = a - _max_shift(a, axis)
    picked = take(shifted, index, axis)
    _exp(shifted, out=shifted)
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
    _exp(e, out=e)
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
    return np.add.reduce(a, axis=axis, keepdims=True)  # np.sum, without its wrapper


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
    "_sx_neg_take_log_softmax": neg_take_log_softmax,
    "_sx_softmax": softmax,
    "_sx_indicator": np.equal,
}
"""The names compiled code refers to (``lambdify(..., modules=[MODULE, "numpy"])``)."""
