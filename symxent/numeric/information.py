r"""Entropy, cross-entropy and KL of probability rows in one fused kernel pass, checks included.

For C-contiguous float32 or float64 rows with the classes last, the compiled kernels
(``information`` in ``symxent/numeric/_symxent_information.h``) compute each row's
:math:`-\sum_j p_j \log p_j`, :math:`-\sum_j p_j \log q_j` or :math:`\sum_j p_j \log(p_j/q_j)`
in float64 (0 where :math:`p_j = 0`, whatever :math:`q_j`) **and** the checks of
:class:`~symxent.numeric.validate.ProbabilityRows` (entries :math:`\ge 0`, not nan; the row sum
farthest from 1) in the same pass over the data; the compiled expression's route reads each
chunk again for its checks. The result is rounded once to the dtype. A large batch is split
into parts of rows on symxent's one pool (:func:`symxent.numeric.native.kernel_threads`); a
row's value depends on that row only, so the results are the same bits for any number of
threads. Where this does not apply (other layouts or dtypes, broadcasting, the kernels off or
measured slower than the compiled route on this machine: :func:`symxent.numeric.dispatch.faster`),
:func:`rows` returns None and the caller takes the compiled route.

Example:
    >>> import numpy as np
    >>> from symxent.numeric import information, validate
    >>> p = np.array([[0.5, 0.5], [1.0, 0.0]])
    >>> checks = {"p": validate.ProbabilityRows()}
    >>> values = information.rows("entropy", np.e, {"p": p}, checks, force=True)
    >>> values is None or [round(float(v), 6) for v in values] == [0.693147, 0.0]
    True
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import sympy as sp

from symxent.numeric import dispatch, native, threads, validate
from symxent.numeric.validate import ProbabilityRows

__all__ = ["KINDS", "base_log", "plain", "rows"]

KINDS = {"entropy": 0, "cross_entropy": 1, "kl": 2}
"""The quantities the kernel computes, and its code for each."""

_FLOATS = (np.dtype(np.float32), np.dtype(np.float64))

SPLIT_MIN_ELEMENTS = 1 << 19
"""Smaller calls (about half a millisecond or less) run on the calling thread, where waking a
worker costs about what it saves (native.PARALLEL_MIN_ELEMENTS is 1 << 18; A/B on an idle
2-vCPU Zen 4 in docs/numeric.md)."""


@functools.lru_cache(maxsize=32)
def base_log(base: Any) -> float | None:
    """The natural log of ``base`` as a finite nonzero float, or None (a symbolic base).

    Cached: ``float`` of a SymPy number evaluates it (microseconds, more than a small call's
    kernel).
    """
    try:
        value = math.log(float(base))
    except (TypeError, ValueError, OverflowError):
        return None
    return value if math.isfinite(value) and value != 0.0 else None


def rows(
    kind: str,
    base: Any,
    values: Mapping[str, np.ndarray],
    checks: Mapping[str, ProbabilityRows],
    *,
    force: bool = False,
) -> np.ndarray | None:
    """The quantity ``kind`` of the probability rows ``values`` by the kernel, or None.

    Args:
        kind: ``"entropy"`` (one array, ``p``), ``"cross_entropy"`` or ``"kl"`` (``p``, ``q``).
        base: the log base (a number or SymPy number).
        values: the arrays, classes last, in the order of the quantity's arguments.
        checks: for each name to check, the :class:`ProbabilityRows` that records the kernel's
            findings (the caller raises with :meth:`ProbabilityRows.raise_if_not`).
        force: use the kernel wherever it applies, without the one-time measurement.

    Returns:
        The values, of the batch shape and dtype, or None where the kernel does not apply.
    """
    arrays = list(values.values())
    first = arrays[0]
    try:
        log_base = base_log(base)
    except TypeError:  # an unhashable base: the compiled route checks and explains it
        return None
    if (
        log_base is None
        or not native.enabled()
        or not hasattr(native._kernels(), "information")
        or any(type(a) is not np.ndarray for a in arrays)
        or first.dtype not in _FLOATS
        or any(a.shape != first.shape or a.dtype != first.dtype for a in arrays)
        or first.size == 0
        or not all(a.flags.c_contiguous for a in arrays)
    ):
        return None
    classes = first.shape[-1]
    if not force and not dispatch.faster(
        kind, first.dtype, classes, lambda shape: _candidates(kind, first.dtype, shape)
    ):
        return None
    return _run(kind, log_base, values, checks)


def plain(kind: str, log_base: float, arrays: Sequence[Any]) -> np.ndarray | None:
    """The quantity of plain rows that pass the checks, by one kernel call, or None.

    The short path of :func:`rows` for a call of fewer than
    :data:`~symxent.numeric.native.PARALLEL_MIN_ELEMENTS` elements (one part on this thread,
    as :func:`rows` runs it: the same bits): numpy arrays of one float dtype and shape,
    C-contiguous, with a nonempty last axis, where the kernel runs (:func:`rows`'s conditions).
    None for anything else and for rows that fail a check; the caller's general route then
    evaluates again and explains.
    """
    first = arrays[0]
    if (
        type(first) is not np.ndarray
        or first.dtype not in _FLOATS
        or not first.ndim
        or not 0 < first.size < native.PARALLEL_MIN_ELEMENTS
        or not first.flags.c_contiguous
        or (len(arrays) == 2 and not _same(first, arrays[1]))
        or not native.enabled()
    ):
        return None
    classes = first.shape[-1]
    dtype = first.dtype
    if not dispatch.faster(kind, dtype, classes, lambda shape: _candidates(kind, dtype, shape)):
        return None
    kernels = native._kernels()
    if not hasattr(kernels, "information"):
        return None
    out = np.empty(first.shape[:-1], dtype=dtype)
    found = kernels.information(
        first, arrays[-1], out, first.size // classes, classes, dtype == _FLOATS[0],
        KINDS[kind], log_base,
    )  # fmt: skip
    tolerance = validate.sum_tolerance(classes, dtype)
    for at in range(0, 3 * len(arrays), 3):
        if found[at] or not found[at + 1] <= tolerance:
            return None
    return out


def _same(first: np.ndarray, second: Any) -> bool:
    """Whether ``second`` is a C-contiguous numpy array of ``first``'s dtype and shape."""
    return (
        type(second) is np.ndarray
        and second.dtype == first.dtype
        and second.shape == first.shape
        and second.flags.c_contiguous
    )


def _run(
    kind: str,
    log_base: float,
    values: Mapping[str, np.ndarray],
    checks: Mapping[str, ProbabilityRows],
) -> np.ndarray:
    arrays = list(values.values())
    first = arrays[0]
    classes = first.shape[-1]
    count = first.size // classes
    p = first.reshape(count, classes)
    q = arrays[-1].reshape(count, classes)
    out = np.empty(count, dtype=first.dtype)
    code, is_float32 = KINDS[kind], first.dtype == np.float32
    kernels = native._kernels()
    recorders = [checks.get(name) for name in values]

    def part(start: int, stop: int) -> None:
        found = kernels.information(
            p[start:stop], q[start:stop], out[start:stop], stop - start, classes, is_float32,
            code, log_base,
        )  # fmt: skip
        for index, recorder in enumerate(recorders):
            if recorder is not None:
                recorder.record(bool(found[3 * index]), *found[3 * index + 1 : 3 * index + 3])

    workers = native.kernel_threads(first.size) if first.size >= SPLIT_MIN_ELEMENTS else 1
    if workers > 1:
        parts = min(count, workers * native.PARTS_PER_THREAD)
        threads.run_parts(part, sorted({count * i // parts for i in range(parts)} | {count}))
    else:  # one part: on this thread, without the pool's bookkeeping
        part(0, count)
    return out.reshape(first.shape[:-1])


def _candidates(
    kind: str, dtype: np.dtype[Any], shape: tuple[int, int]
) -> tuple[Callable[[], Any], Callable[[], Any]]:
    """The kernel and the compiled expression's route on random rows of ``shape``, as calls."""
    from symxent.numeric.loss_expressions import compiled

    rng = np.random.default_rng(12)
    arrays = [rng.random(shape) + 0.01 for _ in range(1 if kind == "entropy" else 2)]
    values = {
        name: (a / a.sum(axis=1, keepdims=True)).astype(dtype)
        for name, a in zip("pq", arrays, strict=False)
    }
    function = compiled((kind, sp.E))

    def kernel() -> Any:
        return _run(kind, 1.0, values, {name: ProbabilityRows() for name in values})

    def expression() -> Any:
        return function.call_checked({name: ProbabilityRows() for name in values}, **values)

    return kernel, expression
