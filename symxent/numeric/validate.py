r"""Checks of the arguments of the numeric losses: what they are, and which one looks swapped.

symxent's information quantities take their arguments in the math's order, :math:`H(p, q)`:
the target first. ``torch.nn.functional`` takes ``(input, target)``. A call in the other
library's order usually still runs and returns another number, so the losses check what each
argument holds — probabilities in [0, 1] that sum to 1, targets in [0, 1], integer labels — and a
failed check names the argument, the fix and, where the other argument would pass, the likely
swap. Arrays are converted here too: torch tensors (not ones that require grad), big-endian
arrays (to the machine's byte order); complex, datetime, text and ragged input is refused.

Example:
    >>> import numpy as np
    >>> probabilities(np.array([0.5, 0.5]), "p").tolist()
    [0.5, 0.5]
    >>> probabilities(np.array([2.0, 3.0, 5.0]), "p")
    Traceback (most recent call last):
    ...
    symxent.errors.NumericError: p must be probability vectors (...); a row sums to 10 (...)
"""

from __future__ import annotations

import functools
import math
import numbers
import threading
from typing import Any

import numpy as np

from symxent.errors import NumericError

__all__ = [
    "ProbabilityRows",
    "as_real_array",
    "check_real_dtype",
    "classes_last",
    "label_smoothing",
    "labels",
    "probabilities",
    "sum_tolerance",
    "unit_interval",
]


def check_real_dtype(dtype: Any, name: str) -> None:
    """Raise :class:`NumericError` unless ``dtype`` (a numpy dtype) is bool, int or float."""
    dtype = np.dtype(dtype)
    if dtype.kind == "c":
        raise NumericError(f"{name} must be real, got complex numbers (dtype {dtype})")
    if dtype.kind not in "fiub":
        raise NumericError(f"{name} must hold real numbers, got dtype {dtype}")


def as_real_array(value: Any, name: str) -> np.ndarray:
    """``value`` as a numpy array of real numbers (bool, int or float), in native byte order.

    Args:
        value: an array, a nested list, a number or a torch tensor (without ``requires_grad``).
        name: the argument's name, for the messages.

    Raises:
        NumericError: for ragged lists, complex, datetime, text or object data, and tensors
            that require grad.

    Example:
        >>> as_real_array([[1, 2], [3, 4]], "z").shape
        (2, 2)
        >>> as_real_array(np.array([1.0], dtype=">f8"), "z").dtype.isnative
        True
    """
    if type(value) is np.ndarray and value.dtype.kind in "fiub" and value.dtype.isnative:
        return value
    if getattr(value, "requires_grad", False):
        raise NumericError(
            f"{name} is a tensor that requires grad; symxent's numpy functions do not record "
            "gradients: pass tensor.detach(), or compile for torch with symxent.numeric.to_torch "
            "(a loss: to_torch(losses.cross_entropy_expression(...)))"
        )
    try:
        array = np.asarray(value)
    except (TypeError, ValueError, RuntimeError) as error:
        reason = str(error).split(". ")[0]
        raise NumericError(
            f"{name}: cannot make an array of numbers from it ({reason}); ragged lists "
            "(rows of different lengths) are not arrays"
        ) from None
    check_real_dtype(array.dtype, name)
    if not array.dtype.isnative:
        array = array.astype(array.dtype.newbyteorder("="))
    return array


_FLOATS = (np.dtype(np.float32), np.dtype(np.float64))  # dtype objects: found by identity


def float_array(value: Any, name: str) -> np.ndarray:
    """:func:`as_real_array`, as float32 (float32 and float16 input) or float64 (else).

    Example:
        >>> float_array([1, 2], "z").dtype
        dtype('float64')
    """
    array = as_real_array(value, name)
    if array.dtype in _FLOATS:
        return array
    return array.astype(np.float32 if array.dtype == np.float16 else np.float64)


def classes_last(array: np.ndarray, axis: int, name: str) -> np.ndarray:
    """``array`` with its class ``axis`` moved last (a view), refusing an empty class axis.

    Example:
        >>> classes_last(np.zeros((3, 2)), 0, "p").shape
        (2, 3)
    """
    if type(axis) is int and array.ndim and axis in (-1, array.ndim - 1) and array.shape[-1]:
        return array  # the common call: classes last already
    if array.ndim == 0:
        raise NumericError(f"{name} needs a class axis, got a scalar")
    if isinstance(axis, bool) or not isinstance(axis, numbers.Integral):
        raise NumericError(f"axis must be an int, got {axis!r}")
    if not -array.ndim <= axis < array.ndim:
        raise NumericError(f"axis {axis} is out of range for {name} of shape {array.shape}")
    if array.shape[axis] == 0:
        raise NumericError(f"{name} has no classes: its class axis {axis} is empty")
    return np.moveaxis(array, axis, -1) if axis not in (-1, array.ndim - 1) else array


@functools.lru_cache(maxsize=256)
def sum_tolerance(classes: int, dtype: Any) -> float:
    r"""How far a probability vector's sum may be from 1: :math:`\max(\sqrt{ε}, Cε)`.

    Example:
        >>> sum_tolerance(10, np.float64) < 1e-7 < sum_tolerance(10, np.float32)
        True
    """
    eps = float(np.finfo(dtype).eps)
    return max(math.sqrt(eps), classes * eps)


def _values(array: np.ndarray) -> str:
    return f"from {float(np.min(array)):.4g} to {float(np.max(array)):.4g}"


def probabilities(
    array: np.ndarray, name: str, *, normalize: bool = False, swap: str | None = None
) -> np.ndarray:
    """Check probability vectors (classes last): entries in [0, 1], each row summing to 1.

    Args:
        array: float array, classes on the last axis.
        name: the argument's name.
        normalize: divide each row by its sum instead of requiring 1 (scipy's behaviour); rows
            must still be nonnegative with a positive finite sum.
        swap: a hint appended when the check fails (which argument may be swapped).

    Returns:
        The array (divided by the row sums with ``normalize``).

    Raises:
        NumericError: naming the argument, the values and the fix.

    Example:
        >>> probabilities(np.array([1.0, 3.0]), "p", normalize=True).tolist()
        [0.25, 0.75]
    """
    if array.shape[-1] == 0:
        raise NumericError(f"{name} has no classes: its class axis is empty")
    if not array.size:
        return array
    if normalize:
        _entries_nonnegative(float(np.min(array)), array, name, swap)
        sums = _row_sums(array)
        if not (np.isfinite(sums).all() and float(sums.min()) > 0.0):
            raise NumericError(f"{name}: a row sums to {float(sums.min()):.4g}; cannot normalize")
        return array / sums
    rows = ProbabilityRows()
    rows(array)
    rows.raise_if_not(array, name, swap=swap)
    return array


class ProbabilityRows:
    """What :func:`probabilities` checks, gathered from parts of the rows in any order.

    Call it on every part of the rows (the cache-sized chunks a compiled function evaluates,
    from any thread: :meth:`symxent.numeric.function.NumericFunction.call_checked`), then
    :meth:`raise_if_not` on the whole array. It keeps the lowest entry and the row sum farthest
    from 1, so the message is the same whatever the parts and their order, and the check costs
    no read pass of its own: each chunk is checked while it is in the cache.

    Example:
        >>> rows = ProbabilityRows()
        >>> rows(np.array([[0.5, 0.5]])); rows(np.array([[0.25, 0.5]]))
        >>> rows.raise_if_not(np.array([[0.5, 0.5], [0.25, 0.5]]), "p")
        Traceback (most recent call last):
        ...
        symxent.errors.NumericError: p must be probability vectors (...); a row sums to 0.75 (...)
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._negative = False  # an entry below 0, or nan
        self._worst = (0.0, 1.0)  # (|sum - 1|, sum) of the worst row

    def __call__(self, rows: np.ndarray) -> None:
        """Record the entries and row sums of ``rows`` (classes last, any batch shape)."""
        if not rows.size:
            return
        lowest = np.minimum.reduce(rows, axis=None)
        if rows.size <= SMALL_CHECK_ELEMENTS and lowest >= 0.0 and _clearly_sum_to_one(rows):
            return  # passes the check below as well, which would record nothing that counts
        negative = not float(lowest) >= 0.0  # nan too
        sums = _row_sums(rows).ravel()
        deviation = np.abs(sums - 1.0)
        at = int(np.argmax(deviation))
        self.record(negative, float(deviation[at]), float(sums[at]))

    def record(self, negative: bool, deviation: float, total: float) -> None:
        """Record a part's findings: an entry below 0 or nan, its row sum farthest from 1."""
        with self._lock:
            self._negative = self._negative or negative
            self._worst = max(self._worst, (deviation, total))

    def raise_if_not(self, array: np.ndarray, name: str, *, swap: str | None = None) -> None:
        """Raise the :class:`NumericError` of :func:`probabilities` if a recorded row failed.

        ``array`` is the whole argument (read again only to state its values in a message).
        """
        if self._negative:
            _entries_nonnegative(float(np.min(array)), array, name, swap)
        deviation, bad = self._worst
        if deviation == 0.0:  # nothing recorded, or sums of exactly 1
            return
        tolerance = sum_tolerance(array.shape[-1], array.dtype)
        if not deviation <= tolerance:
            hint = f"; {swap}" if swap else ""
            raise NumericError(
                f"{name} must be probability vectors (each sums to 1 along the class axis); a "
                f"row sums to {bad:.6g} (pass normalize=True to divide by the sums, as "
                f"scipy.stats.entropy does){hint}"
            )


_ROW_CLASSES = 64  # rows.ROW_CLASSES: up to this width a row sum is one BLAS dot product

SMALL_CHECK_ELEMENTS = 1 << 14
"""Up to this many elements, :class:`ProbabilityRows` first tries the cheap check of
:func:`_clearly_sum_to_one` (no per-row bookkeeping, no BLAS blocks for wide rows)."""


@functools.lru_cache(maxsize=256)
def _clear_tolerance(classes: int, dtype: np.dtype[Any]) -> float:
    """:func:`sum_tolerance` less ``4 C ε``: what any order of summation keeps within it.

    Sums of the same ``C`` nonnegative terms (total at most 2) in two orders differ by at
    most ``2 C ε``: a deviation below this bound by one order is within the tolerance by the
    other.
    """
    return sum_tolerance(classes, dtype) - 4 * classes * float(np.finfo(dtype).eps)


def _clearly_sum_to_one(rows: np.ndarray) -> bool:
    """Whether every row of nonnegative ``rows`` sums to 1 with room to spare.

    Rows of at most 64 classes are summed as the exact check sums them, others by numpy.

    True only where the exact check (:func:`_row_sums`, another order of summation) passes
    too (:func:`_clear_tolerance`); False leaves the decision, and the message, to it.
    """
    if rows.ndim > 1 and rows.shape[-1] <= _ROW_CLASSES:  # numpy is slow along short rows
        sums = _row_sums(rows)
    else:
        sums = np.add.reduce(rows, axis=-1)
    if sums.ndim:
        deviation = float(np.maximum.reduce(np.abs(sums - 1.0), axis=None))
    else:  # one vector
        deviation = abs(float(sums) - 1.0)
    return deviation <= _clear_tolerance(rows.shape[-1], rows.dtype)


def _entries_nonnegative(lowest: float, array: np.ndarray, name: str, swap: str | None) -> None:
    if not lowest >= 0.0:  # nan too
        hint = f"; {swap}" if swap else ""
        raise NumericError(
            f"{name} must be probabilities (entries >= 0), got values {_values(array)}{hint}"
        )


def _row_sums(array: np.ndarray) -> np.ndarray:
    """The sums along the last axis (kept), by BLAS for C-contiguous float rows (one pass).

    numpy's reduction along a short last axis costs several read passes; the row routes' BLAS
    sums (:func:`symxent.numeric.rows._row_sums`) cost one.
    """
    if array.ndim >= 1 and array.flags.c_contiguous and array.dtype in _FLOATS:
        from symxent.numeric.rows import _row_sums as blas_row_sums

        classes = array.shape[-1]
        return blas_row_sums(array.reshape(-1, classes)).reshape((*array.shape[:-1], 1))
    return np.add.reduce(array, axis=-1, keepdims=True, dtype=array.dtype)


def unit_interval(array: np.ndarray, name: str, *, swap: str | None = None) -> None:
    """Check that every entry is in [0, 1] (targets, probabilities of BCE).

    Example:
        >>> unit_interval(np.array([2.0]), "target", swap="swapped?")
        Traceback (most recent call last):
        ...
        symxent.errors.NumericError: target must be in [0, 1], got values from 2 to 2; swapped?
    """
    if not in_unit_interval(array):
        hint = f"; {swap}" if swap else ""
        raise NumericError(f"{name} must be in [0, 1], got values {_values(array)}{hint}")


def in_unit_interval(array: np.ndarray) -> bool:
    """Whether every entry of ``array`` is in [0, 1] (False for nan)."""
    if not array.size:
        return True
    return bool(
        np.minimum.reduce(array, axis=None) >= 0 and np.maximum.reduce(array, axis=None) <= 1
    )


def labels(value: Any, name: str) -> np.ndarray:
    """An integer label array; float arrays of whole numbers get a message saying so.

    Example:
        >>> labels([1, 0], "target").tolist()
        [1, 0]
    """
    array = as_real_array(value, name)
    if array.dtype.kind in "iu":
        return array
    raise NumericError(f"{name} must be integer class labels, got dtype {array.dtype}")


def label_smoothing(value: Any) -> float:
    """``label_smoothing`` as a float in [0, 1] (a real number, not a string or a bool).

    Example:
        >>> label_smoothing(0.1)
        0.1
        >>> label_smoothing("0.1")
        Traceback (most recent call last):
        ...
        symxent.errors.NumericError: label_smoothing must be a number in [0, 1], got '0.1'
    """
    if type(value) is not float and (  # a Python float: the usual case, checked at once
        isinstance(value, bool) or not isinstance(value, numbers.Real)
    ):
        raise NumericError(f"label_smoothing must be a number in [0, 1], got {value!r}")
    eps = float(value)
    if not 0.0 <= eps <= 1.0:
        raise NumericError(f"label_smoothing must be in [0, 1], got {value!r}")
    return eps
