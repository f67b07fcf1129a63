r"""The elementwise kernels (``_symxent_elementwise.h``): sigmoid, softplus, binary losses.

Each call is split over symxent's threads like the row kernels (:mod:`symxent.numeric.native`);
:mod:`symxent.numeric.dispatch` decides where they run.

Example:
    >>> import numpy as np
    >>> from symxent.numeric import native, native_elementwise
    >>> if native.available() and native_elementwise.has_elementwise():
    ...     values, bad = native_elementwise.elementwise("sigmoid", np.array([0.0]))
    ...     print(values.tolist(), bad)
    ... else:
    ...     print([0.5], 0)
    [0.5] 0
"""

from __future__ import annotations

import numpy as np

from symxent.numeric.native import (  # one loaded module, one split
    _KERNELS,
    PARALLEL_MIN_ELEMENTS,
    _kernels,
    _part_counts,
    _run_rows,
)

__all__ = ["ELEMENTWISE_OPS", "binary_loss_sum", "elementwise", "has_elementwise"]


ELEMENTWISE_OPS = {"sigmoid": 0, "softplus": 1, "bce_logits": 2, "bce": 3}
"""The elementwise kernels (``_symxent_elementwise.h``): sigmoid and softplus of x, and the
binary cross-entropy of a target t with logits or probabilities x."""


def has_elementwise() -> bool:
    """Whether the built kernels have the elementwise sigmoid, softplus and binary losses."""
    return hasattr(_KERNELS, "elementwise")


def elementwise(
    name: str, x: np.ndarray, t: np.ndarray | None = None, *, split: bool = True
) -> tuple[np.ndarray, int]:
    """:data:`ELEMENTWISE_OPS` ``name`` of C-contiguous float32 or float64 ``x`` (and ``t``).

    Returns the values (``x``'s dtype and shape) and the number of targets (and probabilities)
    outside [0, 1], nan included: when it is not 0 the values are meaningless. A large call is
    split over symxent's threads, unless ``split`` is False (one call on this thread).
    """
    kernels = _kernels()
    op = ELEMENTWISE_OPS[name]
    out = np.empty_like(x)
    is_float32 = x.dtype == np.float32
    if x.size < PARALLEL_MIN_ELEMENTS:  # one part, on this thread (what _run_rows does)
        return out, int(kernels.elementwise(op, t, x, out, x.size, is_float32))
    flat_x = x.reshape(-1)
    flat_t = None if t is None else t.reshape(-1)
    flat_out = out.reshape(-1)

    def call(start: int, stop: int) -> int:
        part_t = None if flat_t is None else flat_t[start:stop]
        return int(
            kernels.elementwise(
                op, part_t, flat_x[start:stop], flat_out[start:stop], stop - start, is_float32
            )
        )

    size = flat_x.size
    return out, sum(_part_counts(call, size, size if split else 0, kernels.elementwise_block()))


def binary_loss_sum(name: str, t: np.ndarray, x: np.ndarray) -> float | None:
    """The sum of the binary loss ``name`` (``"bce_logits"`` or ``"bce"``) over the elements.

    Each block of ``elementwise_block()`` elements is summed pairwise in float64 by the kernel,
    and the blocks' sums by numpy's pairwise sum: the same bits for any number of threads. None
    when a target (or probability) is outside [0, 1] or nan: the caller's general route says so.
    """
    kernels = _kernels()
    op = ELEMENTWISE_OPS[name]
    block = kernels.elementwise_block()
    sums = np.empty(max(1, -(-x.size // block)), dtype=np.float64)
    is_float32 = x.dtype == np.float32
    if x.size < PARALLEL_MIN_ELEMENTS:  # one part, on this thread (what _run_rows does)
        if kernels.elementwise(op, t, x, sums, x.size, is_float32, True, 0):
            return None
        return float(np.add.reduce(sums[: -(-x.size // block)]))
    flat_x, flat_t = x.reshape(-1), t.reshape(-1)

    def call(start: int, stop: int) -> int:
        return int(
            kernels.elementwise(
                op,
                flat_t[start:stop],
                flat_x[start:stop],
                sums,
                stop - start,
                is_float32,
                True,
                start,
            )
        )

    if _run_rows(call, flat_x.size, 1, block):
        return None
    return float(np.add.reduce(sums[: -(-flat_x.size // block)]))
