r"""The compiled row kernels of the numeric runtime, when they were built, and their switch.

``pip install`` compiles one small C extension, ``_symxent_kernels`` (source:
``symxent/numeric/_symxent_kernels.c``). It fuses the row route of
:mod:`symxent.numeric.runtime` for C-contiguous rows, the log-softmax at a label (CE from
logits) and the log-sum-exp: one pass per block of rows, the exponentials kept in a buffer in
the L1 cache, ``exp`` and ``log`` on 16 float32 / 8 float64 lanes with AVX-512, else 8 / 4 with
AVX2 + FMA (chosen by the CPU at import), else the C library's; row sums in float64. It
computes what the numpy row route computes: no max shift where the bounds prove it safe; rows
outside the bounds are recomputed with the shift in the kernel too, and only rows with a nan
or an infinite maximum are marked for :mod:`~symxent.numeric.runtime` to recompute with numpy.
Without a C compiler at install time the extension is skipped and the numpy route runs
(:func:`available` is False); results agree within a few :math:`\varepsilon`.

Which runs is decided per machine: in mode ``"auto"`` (the default) each kernel is used only where
a one-time measurement found it faster than numpy's own route (:mod:`symxent.numeric.dispatch`;
on CPUs with AVX-512 numpy's float64 ``exp`` and ``log`` are vectorised too).
``SYMXENT_NATIVE=0`` in the environment, or :func:`use_native` (False), turns the kernels off;
``SYMXENT_NATIVE=1`` or ``use_native(True)`` uses them everywhere.

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
    "compute_elementwise",
    "enabled",
    "kernel_threads",
    "logsumexp_rows",
    "mode",
    "small_ce_sum",
    "small_summing",
    "summing",
    "take_log_softmax_rows",
    "take_log_softmax_sum",
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
# A build from before the kernels gave up their own threads (no `abi` attribute) takes a
# `threads` argument after the bounds: 1 keeps it on the calling thread. Rebuild to drop it.
_OLD_THREADS_ARGUMENT: tuple[int, ...] = () if getattr(_KERNELS, "abi", 1) >= 2 else (1,)
_MODES = ("auto", "on", "off")


def _initial_mode() -> str:
    if _KERNELS is None:
        return "off"
    text = os.environ.get(ENVIRONMENT_VARIABLE, "").strip().lower()
    return {"0": "off", "1": "on", "off": "off", "on": "on"}.get(text, "auto")


_STATE = {"mode": _initial_mode()}


def available() -> bool:
    """Whether the compiled kernels were built and import (whether or not they are used)."""
    return _KERNELS is not None


def enabled() -> bool:
    """Whether the runtime may use the compiled kernels now (mode ``"auto"`` or ``"on"``)."""
    return _STATE["mode"] != "off"


def mode() -> str:
    """``"auto"`` (each kernel where it measured faster), ``"on"`` (always) or ``"off"``.

    Example:
        >>> from symxent.numeric import native
        >>> native.mode() in ("auto", "on", "off")
        True
    """
    return _STATE["mode"]


def use_native(flag: bool | str) -> None:
    """Turn the compiled kernels on (True, ``"on"``), off (False, ``"off"``) or ``"auto"``.

    ``"auto"`` (the default) uses each kernel only where a one-time measurement on this machine
    found it faster than numpy's own route (:func:`symxent.numeric.dispatch.choices`); ``"on"``
    always uses them.

    Raises:
        NumericError: when turning them on but they were not built, or for another value.

    Example:
        >>> from symxent.numeric import native
        >>> before = native.mode()
        >>> native.use_native(False)
        >>> native.enabled()
        False
        >>> native.use_native(before)
    """
    chosen = {True: "on", False: "off"}.get(flag, flag) if isinstance(flag, bool) else flag
    if chosen not in _MODES:
        raise NumericError(f"use_native takes True, False, 'on', 'off' or 'auto', got {flag!r}")
    if chosen != "off" and _KERNELS is None:
        raise NumericError(
            "symxent's compiled kernels were not built (no C compiler at install time?); "
            "reinstall with a C compiler, or use the numpy routes"
        )
    _STATE["mode"] = str(chosen)


def vector_math() -> str:
    """``"avx512"`` or ``"avx2"`` (vector ``exp``/``log``), ``"libm"`` or ``"none"`` (not built).

    Example:
        >>> from symxent.numeric import native
        >>> native.vector_math() in ("avx512", "avx2", "libm", "none")
        True
    """
    if _KERNELS is None:
        return "none"
    return str(_KERNELS.vector_math())


PARALLEL_MIN_ELEMENTS = 1 << 18
"""A call on at least this many elements is split into parts of rows run on
:func:`~symxent.numeric.threads.num_threads` threads (symxent's one pool,
:func:`~symxent.numeric.threads.run_parts`; not inside a part of a batch split already)."""

PARTS_PER_THREAD = 2
"""Parts per thread of a split call: threads take parts as they come, so one that starts late
(or is busy with another caller's parts) just takes fewer."""


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


def _part_counts(call: Any, rows: int, elements: int, align: int = 1) -> list[int]:
    """``call(start, stop)`` over the rows, split over the threads for a large call.

    ``elements`` decides the split (:func:`kernel_threads`); the parts start at multiples of
    ``align`` rows. Returns the calls' counts; an error of a part is re-raised (the first part's
    in row order).
    """
    workers = kernel_threads(elements)
    parts = min(rows, workers * PARTS_PER_THREAD) if workers > 1 else 1
    if parts <= 1:
        return [int(call(0, rows))]
    counts: list[int] = []

    def part(start: int, stop: int) -> None:
        counts.append(int(call(start, stop)))

    bounds = sorted({rows * i // parts // align * align for i in range(parts)} | {rows})
    threads.run_parts(part, bounds)
    return counts


def _run_rows(call: Any, rows: int, classes: int, align: int = 1) -> int:
    """The sum of :func:`_part_counts` (rows to redo) over ``rows`` rows of ``classes``."""
    return sum(_part_counts(call, rows, rows * classes, align))


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
    is_float32 = a.dtype == np.float32

    def call(start: int, stop: int) -> int:
        try:
            return int(
                kernels.take_log_softmax(
                    a[start:stop],
                    labels[start:stop],
                    out[start:stop],
                    redo[start:stop],
                    stop - start,
                    classes,
                    is_float32,
                    low,
                    high,
                    pick_low,
                    tiny,
                    *_OLD_THREADS_ARGUMENT,
                    negate,
                )
            )
        except IndexError:  # name the row counted from 0, not from the part's first row
            part = labels[start:stop]
            row = start + int(np.flatnonzero((part < 0) | (part >= classes))[0])
            raise IndexError(
                f"label {int(labels[row])} of row {row} is not in [0, {classes})"
            ) from None

    count = _run_rows(call, rows, classes)
    return out, redo.view(np.bool_) if count else None


def summing() -> bool:
    """Whether the built kernels can sum the log-softmax at the labels (a build of issue 12)."""
    return hasattr(_KERNELS, "take_log_softmax_sum")


def small_summing() -> bool:
    """Whether the summed CE from logits takes :func:`small_ce_sum` (2 or 4 classes).

    With the AVX-512 and the AVX2 kernels (float32 and float64); with the C library's exp and
    log the kernel is not built (row by row it measured 2-7x slower than the block route,
    ``take_log_softmax_sum``), and the summed route keeps the block kernels.

    Example:
        >>> from symxent.numeric import native
        >>> native.small_summing() in (True, False)
        True
    """
    return hasattr(_KERNELS, "ce_small_sum") and vector_math() in ("avx512", "avx2")


def take_log_softmax_sum(
    a: np.ndarray,
    labels: np.ndarray,
    *,
    low: float,
    high: float,
    pick_low: float,
    tiny: float,
    negate: bool = False,
) -> float | None:
    r"""The sum over the rows of what :func:`take_log_softmax_rows` returns, or None.

    No per-row values are written: the kernel sums the values of each block of rows in float64
    (pairwise; the blocks are counted from the batch's first row, whatever the split over the
    threads) and numpy's pairwise sum adds the blocks' sums, so the result is the same bits for
    any number of threads. None when some row needs numpy's shifted path (a nan or an infinite
    maximum): the caller then takes the per-row route. A bad label raises ``IndexError``.
    """
    kernels = _kernels()
    rows, classes = a.shape
    labels = np.ascontiguousarray(labels, dtype=np.int64)
    is_float32 = a.dtype == np.float32
    block = kernels.block_rows(classes)
    sums = np.empty(-(-rows // block), dtype=np.float64)

    def call(start: int, stop: int) -> int:
        return int(
            kernels.take_log_softmax_sum(
                a[start:stop],
                labels[start:stop],
                sums,
                stop - start,
                classes,
                start,
                is_float32,
                low,
                high,
                pick_low,
                tiny,
                negate,
            )
        )

    elements = rows * classes
    parallel = elements if elements >= SUM_PARALLEL_MIN_ELEMENTS else 0
    if sum(_part_counts(call, rows, parallel, block)):
        return None
    return float(np.add.reduce(sums))


SUM_PARALLEL_MIN_ELEMENTS = 10**6
"""A :func:`take_log_softmax_sum` call on at least this many elements is split over the
threads; below, the call of about half a millisecond or less runs on the calling thread, where
waking a worker costs about what it saves (A/B on an idle 2-vCPU Zen 4: ``docs/numeric.md``)."""

SMALL_CLASSES = (2, 4)
"""The class counts of :func:`small_ce_sum`."""

SMALL_PARALLEL_MIN_ROWS = 1 << 18
"""A :func:`small_ce_sum` call on at least this many rows is split over the threads (as
:data:`SUM_PARALLEL_MIN_ELEMENTS`: below, one call of about half a millisecond or less runs on
the calling thread)."""


def small_ce_sum(
    a: np.ndarray, labels: np.ndarray, ignore_index: int | None
) -> tuple[float, int] | None:
    r"""The sum of :math:`-\log \mathrm{softmax}(a)_k` over the rows kept, and their number.

    For rows of 2 or 4 classes (C-contiguous float32 or float64 ``(rows, classes)``): one
    kernel pass, :math:`(m - a_k) + \operatorname{log1p}(\sum_{j \ne j^*} e^{a_j - m})`, m the
    row's max (class :math:`j^*`), summed in float64 per block of rows counted from the first
    row, so the result has the same bits for any number of threads. Rows labelled
    ``ignore_index`` add nothing, whatever their logits, and are not counted. None when a kept
    row has a nan or an infinite maximum, or a label is neither a class nor ignored: the caller
    then takes the general route, which handles and explains those.

    Example:
        >>> import numpy as np
        >>> from symxent.numeric import native
        >>> z = np.array([[0.0, 0.0], [5.0, np.nan]])
        >>> native.small_ce_sum(z, np.array([1, -100]), -100) if native.available() else (
        ...     0.6931471805599453, 1)
        (0.6931471805599453, 1)
    """
    kernels = _kernels()
    rows, classes = a.shape
    is_float32 = a.dtype == np.float32

    def kernel(part: np.ndarray, part_labels: np.ndarray, *args: Any) -> int:
        sums, n, start, ignore, has_ignore = args
        return int(kernels.ce_small_sum(part, part_labels, sums, n, classes, start, is_float32,
                                        ignore, has_ignore))  # fmt: skip

    split = PARALLEL_MIN_ELEMENTS if rows >= SMALL_PARALLEL_MIN_ROWS else 0  # 0: this thread
    block = kernels.block_rows(classes)
    return labelled_row_sum(kernel, a, labels, ignore_index, block=block, split_elements=split)


def labelled_row_sum(
    kernel: Any, a: np.ndarray, labels: np.ndarray, ignore_index: int | None, *, block: int,
    split_elements: int,
) -> tuple[float, int] | None:  # fmt: skip
    """The sum and count of ``kernel(rows, labels, sums, n, start, ignore, has_ignore)``, or None.

    The kernel sums ``n`` rows into ``sums`` per ``block`` rows from row ``start`` and returns the
    rows kept (negative: a row for the general route). ``split_elements``: as in _part_counts.
    """
    rows = a.shape[0]
    if labels.dtype.kind != "i" and labels.dtype.itemsize >= 8:
        return None  # uint64 labels could wrap onto ignore_index as int64
    labels = np.ascontiguousarray(labels, dtype=np.int64)
    has_ignore = ignore_index is not None and -(2**63) <= ignore_index < 2**63
    ignore = ignore_index if has_ignore else 0
    sums = np.empty(-(-rows // block), dtype=np.float64)

    def call(start: int, stop: int) -> int:
        return int(kernel(a[start:stop], labels[start:stop], sums, stop - start, start, ignore,
                          has_ignore))  # fmt: skip

    counts = _part_counts(call, rows, split_elements, block)
    if min(counts) < 0:
        return None
    return float(np.add.reduce(sums)), sum(counts)


def softmax_grad_rows(a: np.ndarray, labels: np.ndarray, scale: float) -> np.ndarray | None:
    r""":math:`s\,(\mathrm{softmax}(a) - \mathrm{onehot}(k))` of C-contiguous float rows, or None.

    One kernel pass per block of rows: the shift by the row's first logit, the vector ``exp``, the
    division by the row's sum, the label's ``-s``, in float64 (float32 rounded once at the end).
    None where the kernels are off or older, or when some row has a non-finite sum (nan, inf, a
    logit ~709 above the first) or a bad label: the caller then takes the general route, which
    handles and explains those.
    """
    if not enabled() or not hasattr(_KERNELS, "softmax_grad"):
        return None
    kernels = _kernels()
    rows, classes = a.shape
    labels = np.ascontiguousarray(labels, dtype=np.int64)
    out = np.empty_like(a)

    def call(start: int, stop: int) -> int:
        return int(
            kernels.softmax_grad(
                a[start:stop],
                labels[start:stop],
                out[start:stop],
                stop - start,
                classes,
                a.dtype == np.float32,
                scale,
            )
        )

    return None if _run_rows(call, rows, classes) else out


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
    is_float32 = a.dtype == np.float32

    def call(start: int, stop: int) -> int:
        return int(
            kernels.logsumexp(
                a[start:stop],
                out[start:stop],
                redo[start:stop],
                stop - start,
                classes,
                is_float32,
                low,
                high,
                *_OLD_THREADS_ARGUMENT,
            )
        )

    count = _run_rows(call, rows, classes)
    return out, redo.view(np.bool_) if count else None


def compute_elementwise(x: np.ndarray, out: np.ndarray, *, log: bool) -> np.ndarray:
    """``e^x`` or ``log x`` into ``out`` with the kernels' vector code.

    The caller (:func:`symxent.numeric.dispatch.exp_into`) checks that it applies: C-contiguous
    float64, or float32 for ``exp``, ``out`` of ``x``'s dtype and shape, kernels built.
    """
    kernels = _kernels()
    if log:
        kernels.log(x, out, x.size)
    elif x.dtype == np.float32:
        kernels.exp32(x, out, x.size)
    else:
        kernels.exp(x, out, x.size, False)
    return out


def _kernels() -> Any:
    if _KERNELS is None:
        raise NumericError("symxent's compiled kernels were not built")
    return _KERNELS
