"""Worker threads for the chunked numpy evaluation: how many, and running parts of a batch on them.

numpy releases the GIL inside its ufuncs and BLAS calls, so the chunks of a large batch can be
evaluated by several threads at once, each on its own contiguous range of rows (the chunk
boundaries, and so the results, do not depend on the number of threads). torch does the same on
the CPU with its intra-op threads; with one thread symxent's ``exp`` pass is the floor (see
``docs/numeric.md``).

The number of threads is, in this order: the last :func:`set_num_threads`, the environment
variable ``SYMXENT_NUM_THREADS``, or the CPUs this process may run on.

Example:
    >>> from symxent.numeric import threads
    >>> threads.set_num_threads(1)
    >>> threads.num_threads()
    1
    >>> threads.set_num_threads(None)  # back to the default
"""

from __future__ import annotations

import itertools
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor

from symxent.errors import NumericError

__all__ = [
    "ENVIRONMENT_VARIABLE",
    "MAX_THREADS",
    "in_parallel_part",
    "num_threads",
    "run_parts",
    "set_num_threads",
]

ENVIRONMENT_VARIABLE = "SYMXENT_NUM_THREADS"
"""Environment variable read when :func:`set_num_threads` was not called."""

MAX_THREADS = 256
"""The largest number of threads accepted."""


class _State:
    """The chosen thread count and the pool (one per process, created on first use)."""

    def __init__(self) -> None:
        self.chosen: int | None = None
        self.pool: ThreadPoolExecutor | None = None
        self.pool_size = 0
        self.lock = threading.Lock()


_STATE = _State()
_PART = threading.local()  # .active: this thread runs one part of a split batch


def _available_cpus() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def _checked(value: object, source: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_THREADS:
        raise NumericError(f"{source} must be an int from 1 to {MAX_THREADS}, got {value!r}")
    return value


def set_num_threads(count: int | None) -> None:
    """Set the number of threads symxent's numpy functions use (None: back to the default).

    Args:
        count: 1 to :data:`MAX_THREADS`, or None for ``SYMXENT_NUM_THREADS`` or the CPU count.

    Raises:
        NumericError: for anything else.

    Example:
        >>> set_num_threads(2); num_threads()
        2
        >>> set_num_threads(None)
    """
    _STATE.chosen = None if count is None else _checked(count, "the number of threads")


def num_threads() -> int:
    """The number of threads a large batch is split over (see the module docstring).

    Raises:
        NumericError: when ``SYMXENT_NUM_THREADS`` is set to something other than 1..256.

    Example:
        >>> num_threads() >= 1
        True
    """
    if _STATE.chosen is not None:
        return _STATE.chosen
    text = os.environ.get(ENVIRONMENT_VARIABLE, "").strip()
    if not text:
        return _available_cpus()
    if not text.isdigit():
        raise NumericError(
            f"{ENVIRONMENT_VARIABLE} must be an int from 1 to {MAX_THREADS}, got {text!r}"
        )
    return _checked(int(text), ENVIRONMENT_VARIABLE)


def _executor(workers: int) -> ThreadPoolExecutor:
    with _STATE.lock:
        if _STATE.pool is None or _STATE.pool_size < workers:
            old = _STATE.pool
            _STATE.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="symxent")
            _STATE.pool_size = workers
            if old is not None:
                old.shutdown(wait=False)  # its queued parts still run
        return _STATE.pool


def run_parts(work: Callable[[int, int], None], bounds: Sequence[int]) -> None:
    """Run ``work(bounds[i], bounds[i + 1])`` for every part, the parts after the first on threads.

    The first part runs in the calling thread; the call returns when every part is done and
    re-raises the first error of any part. Parts never wait on each other, so callers in several
    threads of their own share the pool without deadlock.

    Args:
        work: called with the start and stop of one part.
        bounds: increasing part boundaries, ``len(bounds) - 1`` parts.

    Example:
        >>> done = []
        >>> run_parts(lambda start, stop: done.append((start, stop)), [0, 5, 10])
        >>> sorted(done)
        [(0, 5), (5, 10)]
    """
    parts = list(itertools.pairwise(bounds))
    if len(parts) <= 1:
        for start, stop in parts:
            work(start, stop)
        return
    pool = _executor(len(parts) - 1)
    part = _as_part(work)
    futures: list[Future[None]] = [pool.submit(part, start, stop) for start, stop in parts[1:]]
    try:
        part(*parts[0])
    finally:
        errors = []
        for future in futures:
            try:
                future.result()
            except BaseException as error:  # re-raised below
                errors.append(error)
    if errors:
        raise errors[0]


def _as_part(work: Callable[[int, int], None]) -> Callable[[int, int], None]:
    """``work``, marked while it runs as one part of a split batch (:func:`in_parallel_part`)."""

    def part(start: int, stop: int) -> None:
        before = getattr(_PART, "active", False)
        _PART.active = True
        try:
            work(start, stop)
        finally:
            _PART.active = before

    return part


def in_parallel_part() -> bool:
    """Whether this thread is running one part of a batch split by :func:`run_parts`.

    The compiled row kernels (:mod:`symxent.numeric.native`) split large calls over threads
    themselves, except inside such a part: the batch is split already.

    Example:
        >>> in_parallel_part()
        False
        >>> seen = []
        >>> run_parts(lambda start, stop: seen.append(in_parallel_part()), [0, 1, 2])
        >>> seen
        [True, True]
    """
    return bool(getattr(_PART, "active", False))
