r"""The summed cross-entropy of float32 rows of 3 or 5 to 16 classes, by an AVX-512 kernel.

:func:`symxent.numeric.summed.summed` takes this route for the mean or sum of
:func:`~symxent.numeric.losses.cross_entropy_with_logits` with integer labels, no weights and no
smoothing, when :func:`takes` says so. The kernel (``_symxent_ce_mid.h``) puts one row in each of
16 lanes: the max m of the row, :math:`(m - z_k) + \operatorname{log1p}(\sum_{j \ne j^*}
e^{z_j - m})` (:math:`j^*` the first class at the max), summed in float64 per block of rows
counted from the first row, so the result has the same bits for any number of threads. Ignored
rows are left out in the kernel (no pass over the labels here). Against the block route
(``take_log_softmax_sum``), bare kernels, 1e6 elements, AVX-512: 0.61-0.73 of its time at 3
classes, 0.86-0.92 from 5 to 16. The same kernel for float64 rows or with AVX2 was slower, and
is not built.

Example:
    >>> import numpy as np
    >>> z = np.zeros((4, 3), dtype=np.float32)
    >>> result = mid_ce_sum(z, np.array([0, 1, 2, -100]), -100) if takes(z.dtype, 3) else None
    >>> result is None or (round(result[0], 6), result[1]) == (round(3 * np.log(3), 6), 3)
    True
"""

from __future__ import annotations

from typing import Any

import numpy as np

from symxent.numeric import native

__all__ = ["MID_CLASSES", "mid_ce_sum", "takes"]

MID_CLASSES = (3, *range(5, 17))
"""The class counts of :func:`mid_ce_sum` (4 is the small kernel's)."""


def takes(dtype: Any, classes: int) -> bool:
    """Whether float32 rows of ``classes`` take :func:`mid_ce_sum` (AVX-512 vector math only)."""
    return (
        classes in MID_CLASSES
        and dtype == np.float32
        and hasattr(native._KERNELS, "ce_mid_sum")
        and native.vector_math() == "avx512"
    )


def mid_ce_sum(
    a: np.ndarray, labels: np.ndarray, ignore_index: int | None
) -> tuple[float, int] | None:
    """The sum of the cross-entropy over the rows kept, and their number, or None.

    ``a`` is C-contiguous float32 ``(rows, classes)``. Rows labelled ``ignore_index`` add nothing
    and are not counted. None when a kept row has a nan or an infinite maximum, or a label is
    neither a class nor ignored: the caller then takes the general route, which handles and
    explains those (as :func:`symxent.numeric.native.small_ce_sum`).
    """
    kernels = native._kernels()
    classes = a.shape[1]

    def kernel(part: np.ndarray, part_labels: np.ndarray, *args: Any) -> int:
        sums, n, start, ignore, has_ignore = args
        return int(kernels.ce_mid_sum(part, part_labels, sums, n, classes, start, ignore,
                                      has_ignore))  # fmt: skip

    split = a.size if a.size >= native.SUM_PARALLEL_MIN_ELEMENTS else 0
    block = kernels.ce_mid_block()
    return native.labelled_row_sum(
        kernel, a, labels, ignore_index, block=block, split_elements=split
    )
