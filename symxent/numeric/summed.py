r"""The plain softmax cross-entropy's sum or mean computed inside the kernels (no per-row array).

:func:`symxent.numeric.losses.cross_entropy_with_logits` with integer labels, no weights and no
smoothing, reduction ``"mean"`` or ``"sum"``: the kernels sum :math:`-\log \mathrm{softmax}(z)_k`
over the rows in float64 as they compute it, in blocks counted from the first row (the same bits
for any number of threads). Rows of 2 or 4 classes take
:func:`symxent.numeric.native.small_ce_sum`, float32 rows of 3 or 5 to 16 classes with AVX-512
:func:`symxent.numeric.ce_mid.mid_ce_sum`, the others the block kernels' summing call.

Example:
    >>> import math
    >>> import numpy as np
    >>> value = neg_take_log_softmax_sum(np.zeros((2, 3)), np.array([1, 2]))
    >>> value is None or round(value, 12) == round(2 * math.log(3), 12)
    True
"""

from __future__ import annotations

import math

import numpy as np

from symxent.numeric import ce_mid, dispatch, native
from symxent.numeric.ce_arguments import Prepared
from symxent.numeric.rows import _PICK_LOW, _SMALLEST_NORMAL, _sum_bounds

__all__ = ["neg_take_log_softmax_sum", "summed"]

_FLOAT32_MAX = float(np.finfo(np.float32).max)


def summed(prepared: Prepared, reduction: str) -> bool:
    r"""The plain loss's sum or mean into ``prepared.total`` by the kernels' summing call.

    Integer labels, no weights, no smoothing: the loss is
    :math:`-\log \mathrm{softmax}(z)_k` per sample (the compiled expression's
    ``_sx_neg_take_log_softmax``), summed inside the kernel in float64 (no per-sample array, no
    second pass; the result is rounded once to the dtype). Rows of 2 or 4 classes take
    :func:`symxent.numeric.native.small_ce_sum`, which also leaves out the ignored rows and
    counts the kept ones (the labels are not scanned here); other widths
    :func:`neg_take_log_softmax_sum` when no label is ignored. False where
    that does not apply.
    """
    z = prepared.z
    if (
        prepared.key() != ("index", False, False, False)
        or type(z) is not np.ndarray
        or not z.size
        or not z.flags.c_contiguous
        or not native.enabled()
    ):
        return False
    classes = z.shape[-1]
    rows = z.size // classes
    mid = ce_mid.takes(z.dtype, classes)  # float32, 3 or 5 to 16 classes, AVX-512
    if mid or (classes in native.SMALL_CLASSES and native.small_summing()):
        kernel = ce_mid.mid_ce_sum if mid else native.small_ce_sum
        result = kernel(z.reshape(rows, classes), prepared.labels.reshape(rows), prepared.ignore)
        if result is None:
            return False
        total, kept = result
        if reduction == "mean":
            total = total / kept if kept else math.nan  # torch: nan when every row is ignored
        if total > _FLOAT32_MAX and z.dtype == np.float32:
            total = math.inf  # past float32's range: inf, as torch gives (without a warning)
        prepared.total = z.dtype.type(total)
        return True
    if prepared.ignored is not None:
        return False
    plain = neg_take_log_softmax_sum(z.reshape(rows, classes), prepared.target.reshape(rows))
    if plain is None:
        return False
    prepared.total = z.dtype.type(plain / rows if reduction == "mean" else plain)
    return True


def neg_take_log_softmax_sum(a: np.ndarray, labels: np.ndarray) -> float | None:
    r"""The sum over the rows of :math:`-\log \mathrm{softmax}(a)_k` at ``labels``, or None.

    The compiled kernels' summing call (:func:`symxent.numeric.native.take_log_softmax_sum`):
    the same per-row values as the per-row route (:mod:`symxent.numeric.rows`), summed in
    float64 inside the kernel, so the mean of a cross-entropy makes no per-row array and no
    second pass. None where the kernels do not run for these rows, or when some row needs numpy's
    shifted path or has a bad label: the caller takes the per-row route, which handles and
    explains those.
    """
    rows, classes = a.shape
    if not rows or not native.summing() or not dispatch.rows_kernel(a.dtype, classes):
        return None
    low, high = _sum_bounds(classes, a.dtype)
    try:
        return native.take_log_softmax_sum(
            a,
            labels,
            low=low,
            high=high,
            pick_low=_PICK_LOW[a.dtype],
            tiny=_SMALLEST_NORMAL[a.dtype],
            negate=True,
        )
    except IndexError:
        return None
