r"""The chunked numpy evaluation of a compiled function: cache-sized chunks of rows on the pool.

Chunks keep the generated code's temporaries in the cache; large evaluations are split into
parts of whole chunks over symxent's one thread pool (:mod:`symxent.numeric.threads`), so the
values do not depend on the number of threads. In the class-first layout (``axis == 0``) each
chunk of a vector is copied, transposed, into a buffer; in the class-last layout chunks are views.

Example:
    >>> import numpy as np
    >>> chunk_elements(10, np.float32), chunk_elements(10, np.float64)
    (262144, 131072)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from symxent.numeric.binding import count_of
from symxent.numeric.threads import num_threads, run_parts

if TYPE_CHECKING:
    from symxent.numeric.function import NumericFunction

__all__ = ["RowCheck", "chunk_elements", "evaluate_chunked", "evaluate_once", "flat_arguments"]

RowCheck = Callable[[np.ndarray], None]
"""A check of a vector argument's rows, given parts of them, ``(rows, n)``
(:meth:`~symxent.numeric.function.NumericFunction.call_checked`)."""

FIRST_MAX_CLASSES = 64
"""With at most this many classes the chunked class-first layout is used (layout ``"auto"``),
when the expression broadcasts row values along the classes (:mod:`symxent.numeric.layout`)."""

FIRST_MIN_ROWS = 2048
"""... and only when the batch has at least this many rows."""

CHUNK_BYTES = 1 << 20
"""Bytes per vector per chunk with at most :data:`FIRST_MAX_CLASSES` classes, in either layout
(2^17 float64 or 2^18 float32 elements): large enough for few Python calls per element, small
enough for a chunk and its temporaries to stay in the cache (the measurements are in
``docs/numeric.md``, "Layouts")."""

CHUNK_ELEMENTS_LAST = 1 << 18
"""Elements per vector per chunk in the class-last layout with many classes."""

PARALLEL_MIN_ELEMENTS = 1 << 18
"""A chunked evaluation of at least this many elements (rows times classes) is split over
:func:`~symxent.numeric.threads.num_threads` threads; below, starting threads costs more than it
saves."""


def chunk_elements(classes: int, dtype: Any, *, class_first: bool = False) -> int:
    """Elements per vector per chunk for vectors of ``classes`` classes of ``dtype``.

    The class-first layout always takes :data:`CHUNK_BYTES` chunks.

    Example:
        >>> import numpy as np
        >>> chunk_elements(1000, np.float64)
        262144
    """
    if class_first or classes <= FIRST_MAX_CLASSES:
        return CHUNK_BYTES // np.dtype(dtype).itemsize
    return CHUNK_ELEMENTS_LAST


def part_bounds(rows: int, step: int, elements: int) -> list[int]:
    """Row boundaries of the parts of a chunked evaluation, one part per thread.

    Parts are whole chunks of ``step`` rows, so the chunks (and the results) are the same for any
    number of threads; a batch below :data:`PARALLEL_MIN_ELEMENTS` elements is one part.

    Example:
        >>> from symxent.numeric import threads
        >>> threads.set_num_threads(2)
        >>> part_bounds(10, 3, 1 << 20)  # chunks 0-3, 3-6 | 6-9, 9-10
        [0, 6, 10]
        >>> part_bounds(10, 3, 100)
        [0, 10]
        >>> threads.set_num_threads(None)
    """
    chunks = -(-rows // step)
    workers = min(num_threads(), chunks) if elements >= PARALLEL_MIN_ELEMENTS else 1
    return [min(rows, (chunks * part // workers) * step) for part in range(workers)] + [rows]


def flat_arguments(
    function: NumericFunction, values: Mapping[str, np.ndarray], batch: tuple[int, ...], rows: int
) -> list[tuple[str, np.ndarray]]:
    """The array arguments as ``(kind, array)``: vectors ``(rows, n)``, the others ``(rows,)``.

    Views where the shapes allow (no copy of a C-contiguous argument of the batch shape).
    """
    flat: list[tuple[str, np.ndarray]] = []
    for argument in function.arguments:
        if argument.kind == "count":
            continue
        array = values[argument.name]
        if argument.kind == "vector":
            n = array.shape[-1]
            if array.shape[:-1] != batch:
                array = np.broadcast_to(array, (*batch, n))
            flat.append(("vector", array.reshape(rows, n)))
        else:
            if array.shape != batch:
                array = np.broadcast_to(array, batch)
            flat.append((argument.kind, array.reshape(rows)))
    return flat


def evaluate_chunked(
    function: NumericFunction,
    axis: int,
    values: dict[str, np.ndarray],
    counts: dict[Any, int],
    batch: tuple[int, ...],
    *,
    dtype: np.dtype[Any],
    checks: Mapping[str, RowCheck],
) -> np.ndarray:
    """Evaluate ``function`` on chunks of rows in the layout ``axis`` (see the module docstring).

    ``checks`` see each chunk of their vectors' rows before it is evaluated.
    """
    plan = function.plan
    code = function._function(axis)[0]
    over = function._over_count(counts)
    result_shape = batch + ((over,) if over is not None else ())
    rows = math.prod(batch)
    flat = flat_arguments(function, values, batch, rows)
    chunk_checks = [
        checks.get(a.name) if a.kind == "vector" else None
        for a in function.arguments
        if a.kind != "count"
    ]
    widest = max([array.shape[1] for kind, array in flat if kind == "vector"], default=1)
    extra: list[Any] = [counts[c] for c in plan.counts.values()]
    positions = [np.arange(1, count_of(c, counts) + 1) for c in plan.positions]
    extra += [p[:, None] for p in positions] if axis == 0 else positions
    width = max(widest, over or 1)
    step = max(1, chunk_elements(width, dtype, class_first=axis == 0) // width)
    result = np.empty((rows, over) if over is not None else (rows,), dtype=dtype)

    def evaluate_rows(first: int, last: int) -> None:
        buffers: dict[int, np.ndarray] = {}  # per thread: the transposed copies of axis 0
        with np.errstate(all="ignore"):  # numpy's error state is per thread
            for start in range(first, last, step):
                stop = min(last, start + step)
                call: list[Any] = []
                for position, (kind, array) in enumerate(flat):
                    part = array[start:stop]
                    check = chunk_checks[position]
                    if check is not None:
                        check(part)
                    if kind != "vector":
                        call.append(part[None, :] if axis == 0 else part[:, None])
                    elif axis == 0:
                        buffer = buffers.get(position)
                        if buffer is None or buffer.shape[1] != stop - start:
                            buffer = np.empty((part.shape[1], stop - start), dtype=part.dtype)
                            buffers[position] = buffer
                        np.copyto(buffer, part.T)
                        call.append(buffer)
                    else:
                        call.append(part)
                value = np.asarray(code(*call, *extra))
                if axis == 0:
                    value = value.T
                if over is None and value.ndim:
                    result[start:stop] = value.reshape(value.shape[:-1])
                elif over is None:
                    result[start:stop] = value
                else:
                    result[start:stop] = np.broadcast_to(value, (stop - start, over))

    run_parts(evaluate_rows, part_bounds(rows, step, rows * width))
    return result.reshape(result_shape)


def evaluate_once(
    function: NumericFunction,
    values: Mapping[str, np.ndarray],
    counts: Mapping[Any, int],
    batch: tuple[int, ...],
    dtype: np.dtype[Any],
) -> np.ndarray:
    """All rows in one call, its value the result (no copy into a result array).

    For expressions read only by the compiled row kernels, which split the rows over the pool's
    threads themselves and need no cache-sized chunks (no temporary the size of a vector).
    """
    rows = math.prod(batch)
    flat = flat_arguments(function, values, batch, rows)
    call: list[Any] = [array if kind == "vector" else array[:, None] for kind, array in flat]
    call += [counts[c] for c in function.plan.counts.values()]
    call += [np.arange(1, count_of(c, counts) + 1) for c in function.plan.positions]
    with np.errstate(all="ignore"):
        value = np.asarray(function._function(-1)[0](*call))
    return function._rows_result(value, call, rows, batch, dtype)
