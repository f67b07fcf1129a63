r"""The row routes of the numpy runtime: log-sum-exp and the log-softmax at a label, row by row.

For a C-contiguous chunk of rows (classes on the last axis) :math:`S_i = \sum_j e^{z_{ij}}` is
computed **unshifted** where that is provably safe — one ``exp`` pass and a BLAS row sum instead
of a max pass, a subtraction, an ``exp`` pass and a sum — and every row outside the bounds
(overflow, underflow, ``inf``, ``nan``) is recomputed with the max shift. The bounds and their
error analysis are in the docstrings below and in ``docs/numeric.md`` ("The row routes"). Where
the compiled kernels run (:mod:`symxent.numeric.native`, chosen per machine), the two routes are
one fused C pass; this module is their numpy form and the fallback. The helpers that compiled
code calls are in :mod:`symxent.numeric.runtime`.

Example:
    >>> import numpy as np
    >>> row_logsumexp(np.array([[0.0, 0.0], [1000.0, 1000.0]])).tolist()
    [0.6931471805599453, 1000.6931471805599]
"""

from __future__ import annotations

import functools
import math
import threading
from typing import Any

import numpy as np

from symxent.numeric import dispatch, native

__all__ = [
    "COLUMN_MAX_CLASSES",
    "NO_SHIFT_BOUND",
    "PICK_BOUND",
    "PROBE_STRIDE",
    "ROW_CLASSES",
    "SCRATCH_MAX_ELEMENTS",
    "SUM_BLOCK_MIN",
    "row_logsumexp",
]

Array = Any
"""A numpy array or scalar."""

ROW_CLASSES = 64
"""Most terms of one BLAS dot product in the row sums: rows with at most this many classes are
summed by one ``chunk @ ones`` (also by :func:`class_sum`), wider rows by blocks of at most this
many (:func:`_row_sums`)."""

SUM_BLOCK_MIN = 16
"""Narrowest block of the blocked row sums: a row of more than :data:`ROW_CLASSES` classes is cut
into blocks of the largest width in ``SUM_BLOCK_MIN..ROW_CLASSES`` that divides it; rows with no
such divisor are summed by numpy's pairwise sum."""

NO_SHIFT_BOUND = {np.dtype(np.float64): 700.0, np.dtype(np.float32): 88.0}
r"""Per dtype, the largest :math:`\log \sum_j e^{a_j}` for which a row skips the max shift.

:math:`e^{700}` and :math:`e^{88}` are below the largest float64 and float32 numbers
(:math:`e^{709.8}`, :math:`e^{88.7}`): a computed sum within the bound had no overflow anywhere
(every term and partial sum is at most the sum). The lower end of a safe sum is in
:func:`_sum_bounds`. Rows outside the bounds, and rows that are not finite, are recomputed with
the shift. The check is exact: it is made on the computed sums themselves, row by row."""

PICK_BOUND = {np.dtype(np.float64): 600.0, np.dtype(np.float32): 80.0}
r"""Per dtype, the most negative label logit :math:`a_k` for which :func:`take_log_softmax`
uses the unshifted :math:`e^{a_k}` (:math:`e^{-600}` and, in float32, :math:`e^{-80}` are
normal numbers: full relative precision)."""

_EXP_FLOOR = {np.dtype(np.float64): -708.0, np.dtype(np.float32): -87.0}
"""Per dtype, an exponent whose ``exp`` is still a normal number (float64 ones from about -708.4
on, float32 ones from -87.3): where the shifted path clamps its exponents (subnormals are slow)."""

_TINY = float(np.finfo(np.float64).smallest_normal)
_SMALLEST_NORMAL = {
    np.dtype(np.float64): _TINY,
    np.dtype(np.float32): float(np.finfo(np.float32).smallest_normal),
}
_PICK_LOW = {dtype: math.exp(-bound) for dtype, bound in PICK_BOUND.items()}
_SUM_RISK = _PICK_LOW[np.dtype(np.float64)] / _TINY  # e^108; below, e^(a_k) / sum is normal


def _exp(x: Array, out: np.ndarray | None = None) -> Array:
    """``np.exp(x, out=out)``, with the compiled kernels' vector ``exp`` where it applies.

    numpy's float64 ``exp`` and ``log`` are scalar on AVX2 CPUs, where
    :func:`symxent.numeric.dispatch.exp_into` is faster; it declines (None) where a one-time
    measurement found numpy's faster.
    """
    value = dispatch.exp_into(x, out)
    return value if value is not None else np.exp(x, out=out)


def _log(x: Array, out: np.ndarray | None = None) -> Array:
    """``np.log(x, out=out)``, with the compiled kernels' vector ``log`` where it applies."""
    value = dispatch.log_into(x, out)
    return value if value is not None else np.log(x, out=out)


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
    at most 6 with blocks). Rows with no such divisor are summed by numpy's pairwise sum.

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
def _sum_bounds(classes: int, dtype: np.dtype[Any]) -> tuple[float, float]:
    r"""The range of an unshifted row sum :math:`\sum_j e^{a_j}` of ``classes`` terms that is safe.

    Above: :math:`e^{B}`, B the :data:`NO_SHIFT_BOUND` of the dtype (no overflow). Below:
    :math:`C \cdot t \cdot 8 / \varepsilon`, t the smallest normal number of the dtype: terms
    that underflow lose their relative precision (or are lost, should the process flush
    subnormal results to zero); each is below t, so together they are below :math:`C t`, at most
    :math:`\varepsilon / 8` of the sum. That is :math:`C \cdot 2^{-100}` in float32
    (:math:`e^{-67}` at C = 10, :math:`e^{-59}` at C = 32000) and :math:`C \cdot 2^{-967}` in
    float64. A sum within the bounds has a relative error of a few :math:`\varepsilon`, whatever
    its size.

    Example:
        >>> import numpy as np
        >>> low, high = _sum_bounds(10, np.dtype(np.float32))
        >>> round(float(np.log(low)), 1), round(float(np.log(high)), 1)
        (-67.0, 88.0)
    """
    info = np.finfo(dtype)
    low = classes * float(info.smallest_normal) * 8 / float(info.eps)
    return low, math.exp(NO_SHIFT_BOUND[dtype])


_SCRATCH = threading.local()
SCRATCH_MAX_ELEMENTS = 1 << 20
"""Larger exponential buffers are allocated each time instead of kept per thread."""


def _scratch(shape: tuple[int, int], dtype: np.dtype[Any]) -> np.ndarray:
    """A reused buffer of ``shape``, one per thread and dtype (its contents are garbage).

    The exponentials of a chunk are read once and dropped: reusing one buffer per thread saves
    allocating (and faulting in) a new megabyte for every chunk, a visible part of the ``exp``
    pass in float32 (``docs/numeric.md``). Only :func:`_row_exp_sums` uses it; its callers
    are done with the exponentials before they call it again.
    """
    size = shape[0] * shape[1]
    if size > SCRATCH_MAX_ELEMENTS:  # a whole large array, not a chunk: not kept
        return np.empty(shape, dtype=dtype)
    buffers: dict[np.dtype[Any], np.ndarray] | None = getattr(_SCRATCH, "buffers", None)
    if buffers is None:
        buffers = _SCRATCH.buffers = {}
    buffer = buffers.get(dtype)
    if buffer is None or buffer.size < size:
        buffer = np.empty(max(size, 1), dtype=dtype)
        buffers[dtype] = buffer
    return buffer[:size].reshape(shape)


def _row_exp_sums(a: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, float]:
    r""":math:`e^{a}`, :math:`\sum_j e^{a_{ij}}` per row (unshifted), rows to redo, max.

    ``exp`` and the row sums run in the chunk's dtype (float32 stays fast and is not upcast). The
    third value is None when every row's sum is within :func:`_sum_bounds`, else the boolean mask
    of the rows outside them (overflow, underflow, inf or nan included); the fourth the largest
    sum (nan if a sum is nan).
    """
    exponentials = np.exp(a, out=_scratch(a.shape, a.dtype))
    total = _row_sums(exponentials)
    low, high = _sum_bounds(a.shape[1], a.dtype)
    smallest, largest = float(total.min()), float(total.max())
    if smallest >= low and largest <= high:  # nan fails both comparisons
        return exponentials, total, None, largest
    return exponentials, total, ~((total >= low) & (total <= high)), largest


def _either(first: np.ndarray | None, second: np.ndarray | None) -> np.ndarray | None:
    if first is None:
        return second
    return first if second is None else first | second


def _redo(a: np.ndarray, redo: np.ndarray | None = None) -> np.ndarray:
    r"""The rows ``redo`` of a chunk (None: all), as the shifted path recomputes them.

    Rows are recomputed in their own dtype, so that a chunk of rows that all need the shift
    costs about what the shifted path alone costs (the whole chunk is used without a copy). In
    float32 the shifted value is within one :math:`\varepsilon (1 + |x|)` of the exact one, as
    the row route's (measured against mpmath; float64 redos of float32 rows were within half of
    that but cost a float64 ``exp`` pass, 3-4 times a float32 one on AVX2).
    """
    if redo is not None and not redo.all():
        a = a[redo]
    return a


def _shift_rows(
    a: np.ndarray, largest: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, bool]:
    """C-contiguous rows shifted by their maximum: ``a - m``, ``m`` (kept axis), all finite?

    ``m`` is 0 where the maximum is infinite or nan (as :func:`_max_shift`); ``largest`` is the
    rows' maximum (kept axis) when the caller has it.
    """
    shift = _class_max(a, -1) if largest is None else largest
    finite = bool(np.isfinite(shift).all())
    if not finite:
        shift = np.where(np.isfinite(shift), shift, 0)
    return a - shift, shift, finite


def _exp_sums_in_place(shifted: np.ndarray, finite: bool) -> np.ndarray:
    r""":math:`\sum_j e^{a_j - m}` per row of :func:`_shift_rows`'s rows, overwriting them.

    The sums go through BLAS (:func:`_row_sums`). ``exp`` results and BLAS sums of subnormal
    numbers cost 10-100 times as much as of normal ones; they occur when a row spans more than
    87 (float32) or 708 (float64). When the first or the last entry of some row is that far below
    its maximum (and every row's maximum is finite), the exponents are clamped from below at
    :data:`_EXP_FLOOR` first, one pass more. A clamped term adds less than :math:`2^{-125}` to a
    sum of at least 1 (the maximum's term is :math:`e^0`), far below its rounding error, so the
    result does not depend on the clamp. Rows with an infinite or nan maximum are never clamped:
    an all ``-inf`` row still sums to 0.
    """
    floor = _EXP_FLOOR[shifted.dtype]
    if finite and not np.minimum(shifted[:, 0], shifted[:, -1]).min() >= floor:
        np.maximum(shifted, floor, out=shifted)
    _exp(shifted, out=shifted)
    return _row_sums(shifted)


def _shifted_row_logsumexp(a: np.ndarray, largest: np.ndarray | None = None) -> np.ndarray:
    r"""Log-sum-exp of C-contiguous rows with the max shift: :math:`m + \log \sum e^{a - m}`."""
    shifted, shift, finite = _shift_rows(a, largest)
    return np.log(_exp_sums_in_place(shifted, finite)) + shift[:, 0]


def _shifted_row_take_log_softmax(
    a: np.ndarray, index: np.ndarray, largest: np.ndarray | None = None
) -> np.ndarray:
    r"""Log-softmax at ``index`` of C-contiguous rows: :math:`(a_k - m) - \log \sum e^{a - m}`."""
    shifted, _, finite = _shift_rows(a, largest)
    rows, classes = a.shape
    picked = shifted.ravel()[index[:, 0] + np.arange(0, rows * classes, classes)]
    return picked - np.log(_exp_sums_in_place(shifted, finite))


def row_logsumexp(a: np.ndarray) -> np.ndarray:
    r"""Log-sum-exp of each row of a C-contiguous 2-D chunk, as float64 (float32 rows too).

    :math:`\log \sum_j e^{a_j}` without the max shift: one ``exp`` pass, a BLAS row sum
    (:func:`_row_sums`), a log per row. The relative rounding error of the sum is a few
    :math:`\varepsilon`, so the log is as accurate as the shifted one. Rows whose sum is outside
    :func:`_sum_bounds` (and rows that are not finite) are recomputed with the max shift
    (:func:`_redo`); a chunk whose first logits all exceed the bound skips the ``exp`` pass
    (:func:`_all_above`), and so does a chunk whose rows mostly have a logit above it
    (:func:`_most_rows_above`). For a float32 chunk the exponentials and sums are float32, the log
    float64; the caller rounds the result to float32. With the compiled kernels the whole route
    is :func:`symxent.numeric.native.logsumexp_rows` (float64 sums, the same bounds), and only rows
    with a nan or an infinite maximum come back here to be shifted.

    Example:
        >>> import numpy as np
        >>> row_logsumexp(np.array([[0.0, 0.0], [1000.0, 1000.0]])).tolist()
        [0.6931471805599453, 1000.6931471805599]
    """
    with np.errstate(all="ignore"):  # overflow and log 0 happen only in rows redone below
        if dispatch.rows_kernel(a.dtype, a.shape[1]):
            low, high = _sum_bounds(a.shape[1], a.dtype)
            total, redo = native.logsumexp_rows(a, low=low, high=high)
        else:
            bound = NO_SHIFT_BOUND[a.dtype]
            if a[0, 0] > bound + 1 and _all_above(a[:, 0], bound):  # row 0 first: one number
                return _shifted_row_logsumexp(_redo(a)).astype(np.float64, copy=False)
            above = _most_rows_above(a, bound)
            if above is not None:  # the chunk goes shifted, the rows not above by the row route
                rows_above, row_max = above
                total = _shifted_row_logsumexp(a, row_max).astype(np.float64, copy=False)
                if not rows_above.all():
                    below = ~rows_above
                    total[below] = row_logsumexp(a[below])
                return total
            _, sums, redo, _ = _row_exp_sums(a)
            total = np.log(sums, dtype=np.float64)
        if redo is not None:
            total[redo] = _shifted_row_logsumexp(_redo(a, redo))
    return total


def _row_take_log_softmax(a: np.ndarray, index: np.ndarray, *, negate: bool = False) -> np.ndarray:
    r"""Log-softmax at class ``index`` of each row of a C-contiguous chunk, in its dtype.

    :math:`\log(e^{a_k} / \sum_j e^{a_j})`: no max shift, no per-row broadcast; the softmax is
    clamped above by its exact bound 1. Taking the log after the division, not
    :math:`a_k - \log \sum_j e^{a_j}`, keeps the absolute error at a few :math:`\varepsilon`
    when the result is near 0 (no cancellation), as with the shift. :math:`e^{a_k}` is read from
    the exponentials already computed. Rows whose sum is outside :func:`_sum_bounds`, with
    :math:`a_k` below -:data:`PICK_BOUND` or not finite are recomputed with the shift
    (:func:`_redo`), and so are rows whose softmax at the label is below the smallest normal
    number of the dtype, :math:`2^{-1022}` or :math:`2^{-126}` (a label logit more than 708 or
    87 below the log-sum-exp). The division and the log run in the chunk's dtype: in float32
    that measured the same error against mpmath (at most 1.7 :math:`\varepsilon (1 + |x|)` at
    C = 10 to 1000) as float64 arithmetic, and is faster (no float64 ``log``). A
    chunk whose label logits all exceed :data:`NO_SHIFT_BOUND` skips the ``exp`` pass
    (:func:`_all_above`), and so does a chunk whose rows mostly have a logit above it
    (:func:`_most_rows_above`). With the compiled kernels the whole route is
    :func:`symxent.numeric.native.take_log_softmax_rows` (float64 arithmetic, the same bounds),
    and only rows with a nan or an infinite maximum come back here to be shifted. With
    ``negate`` the values are negated (the kernels do it as they write them).
    """
    if dispatch.rows_kernel(a.dtype, a.shape[1]):
        low, high = _sum_bounds(a.shape[1], a.dtype)
        result, redo = native.take_log_softmax_rows(
            a,
            index[:, 0],
            low=low,
            high=high,
            pick_low=_PICK_LOW[a.dtype],
            tiny=_SMALLEST_NORMAL[a.dtype],
            negate=negate,
        )
    else:
        _check_labels(index, a.shape[1])
        with np.errstate(all="ignore"):  # overflow and log 0 happen only in rows redone below
            result, redo = _unshifted_take_log_softmax(a, index)
        if negate:
            np.negative(result, out=result)
    if redo is not None:
        with np.errstate(all="ignore"):
            redone = _shifted_row_take_log_softmax(_redo(a, redo), index[redo])
        result[redo] = -redone if negate else redone
    return result


def _flat(index: np.ndarray, classes: int) -> np.ndarray:
    """The positions in the flattened chunk of the entries at ``index`` (rows, 1) of each row."""
    return index[:, 0] + np.arange(0, index.shape[0] * classes, classes)


def _unshifted_take_log_softmax(
    a: np.ndarray, index: np.ndarray
) -> tuple[np.ndarray, np.ndarray | None]:
    """The numpy row route of :func:`_row_take_log_softmax`: values and rows to redo (or None).

    A row to redo has a garbage value. A chunk whose rows mostly need the shift goes shifted here
    (no rows to redo).
    """
    classes = a.shape[1]
    bound = NO_SHIFT_BOUND[a.dtype]
    if a[0, index[0, 0]] > bound + 1 and _all_above(a.ravel()[_flat(index, classes)], bound):
        return _shifted_row_take_log_softmax(_redo(a), index), None  # row 0 first: one number
    above = _most_rows_above(a, bound)
    if above is not None:  # the chunk goes shifted, the rows not above by the row route
        rows_above, row_max = above
        result = _shifted_row_take_log_softmax(a, index, row_max)
        if not rows_above.all():
            below = ~rows_above
            result[below] = _row_take_log_softmax(a[below], index[below])
        return result, None
    exponentials, total, redo, largest = _row_exp_sums(a)
    picked = exponentials.ravel()[_flat(index, classes)]
    low = _PICK_LOW[a.dtype]
    if not picked.min() >= low:
        redo = _either(redo, ~(picked >= low))
    result = np.divide(picked, total)  # in the chunk's dtype, as torch's float32 kernels
    np.minimum(result, 1.0, out=result)  # e^(a_k) <= sum_j e^(a_j) exactly
    tiny = _SMALLEST_NORMAL[a.dtype]
    if (a.dtype != np.float64 or not largest <= _SUM_RISK) and not result.min() >= tiny:
        redo = _either(redo, ~(result >= tiny))  # a subnormal softmax: imprecise
    np.log(result, out=result)
    return result, redo


def _all_above(logits: np.ndarray, bound: float) -> bool:
    r"""Whether every logit exceeds ``bound + 1``: each of their rows has a sum above :math:`e^B`.

    Such rows fail the sum's bound anyway (:math:`e^{B+1}` exceeds :math:`e^B` by far more than
    the rounding of the sum, and is infinite in float32), so a chunk of them goes to the shifted
    path straight away, without the ``exp`` pass, and every row takes the route it takes in any
    chunk.
    """
    return bool(logits.min() > bound + 1)  # nan: False


PROBE_STRIDE = 16
"""Rows between the probes of :func:`_most_rows_above` (a strided read of every row's first
logit is a visible part of a float32 CE call at C = 10; the probe only picks the faster
order)."""


def _most_rows_above(a: np.ndarray, bound: float) -> tuple[np.ndarray, np.ndarray] | None:
    r"""The rows with a logit above ``bound + 1`` and the row maxima, when most rows are above.

    Each such row has a sum above :math:`e^{B+1}` and is redone with the shift anyway (as in
    :func:`_all_above`). When they are at least half the chunk, the whole chunk goes the shifted
    way (no ``exp`` pass wasted on it, no copy) and the rows not above are recomputed by the row
    route, so every row gets the value it gets in any chunk. Every :data:`PROBE_STRIDE`-th
    logit of the first column is the probe: unless a quarter of them are above, the chunk goes
    the usual way, else the row maxima (kept axis, reused by the shift) decide. Returns None
    when the rows above are fewer than half.

    Example:
        >>> import numpy as np
        >>> above, largest = _most_rows_above(np.array([[1000.0, 0.0], [0.0, 1.0]]), 700.0)
        >>> above.tolist(), largest.tolist()
        ([True, False], [[1000.0], [1.0]])
        >>> _most_rows_above(np.zeros((8, 3)), 700.0) is None
        True
    """
    rows = a.shape[0]
    probe = a[::PROBE_STRIDE, 0]
    if np.count_nonzero(probe > bound + 1) * 4 < probe.size:
        return None
    largest = _class_max(a, -1)
    above = largest[:, 0] > bound + 1  # nan rows: not above (the row route redoes them)
    return (above, largest) if np.count_nonzero(above) * 2 >= rows else None


COLUMN_MAX_CLASSES = 16
"""Up to this many classes on the last axis, the max over the classes is taken column by column
(``np.maximum`` of the strided columns): numpy's reduction along short rows costs several times
as much (figures in ``docs/numeric.md``)."""


def _class_max(a: np.ndarray, axis: int) -> np.ndarray:
    """The max along ``axis``, kept as an axis of length 1; nan where a row has a nan.

    Example:
        >>> import numpy as np
        >>> _class_max(np.array([[1.0, 3.0, 2.0], [np.nan, 0.0, 1.0]]), -1).tolist()
        [[3.0], [nan]]
    """
    classes = a.shape[axis] if a.ndim else 0
    if a.ndim < 2 or axis not in (-1, a.ndim - 1) or not 1 < classes <= COLUMN_MAX_CLASSES:
        return np.maximum.reduce(a, axis=axis, keepdims=True)  # np.max, without its wrapper
    largest = np.maximum(a[..., 0], a[..., 1])
    for column in range(2, classes):
        np.maximum(largest, a[..., column], out=largest)
    return largest[..., None]


def _check_labels(index: Array, classes: int) -> None:
    """Raise ``IndexError`` unless every label in ``index`` is in ``0..classes-1``."""
    index = np.asarray(index)
    if index.size and not (int(index.min()) >= 0 and int(index.max()) < classes):
        raise IndexError(
            f"labels from {int(index.min())} to {int(index.max())} are not all in [0, {classes})"
        )
