"""symxent's one pool of worker threads: how many threads, and running parts of a batch on them.

numpy releases the GIL inside its ufuncs and BLAS calls, and the compiled row kernels release it
too, so the parts of a large batch can be evaluated by several threads at once, each on its own
contiguous range of rows (the part boundaries, and so the results, do not depend on the number
of threads). Both the chunked numpy evaluation and the kernels split their rows with
:func:`run_parts`, on one pool (there is no second pool in C). torch does the same on the CPU
with its intra-op threads.

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
import queue
import threading
from collections.abc import Callable, Sequence

from symxent.errors import NumericError

__all__ = [
    "ENVIRONMENT_VARIABLE",
    "MAX_THREADS",
    "in_parallel_part",
    "num_threads",
    "pool_size",
    "run_parts",
    "set_num_threads",
]

ENVIRONMENT_VARIABLE = "SYMXENT_NUM_THREADS"
"""Environment variable read when :func:`set_num_threads` was not called."""

MAX_THREADS = 256
"""The largest number of threads accepted."""


class _Job:
    """The parts of one split batch, taken one at a time by the caller and the pool's workers.

    Parts are taken as they come, so a worker that wakes late (or is busy with another caller's
    job) just takes fewer, and the caller never waits for a worker that has not started: it takes
    every part left, then waits only for parts other threads are running.
    """

    def __init__(self, work: Callable[[int, int], None], parts: list[tuple[int, int]]) -> None:
        self.work = work
        self.parts = parts
        self.lock = threading.Lock()
        self.next = 0
        self.pending = len(parts)
        self.finished = threading.Event()
        self.errors: dict[int, BaseException] = {}

    def take_all(self) -> None:
        """Run parts until none is left to take."""
        while True:
            with self.lock:
                number = self.next
                if number >= len(self.parts):
                    return
                self.next += 1
            before = getattr(_PART, "active", False)
            _PART.active = True
            try:
                self.work(*self.parts[number])
            except BaseException as error:  # re-raised by the caller
                self.errors[number] = error
            finally:
                _PART.active = before
                with self.lock:
                    self.pending -= 1
                    if self.pending == 0:
                        self.finished.set()


class _Pool:
    """symxent's one pool of worker threads (daemons, started as needed, never shut down).

    Every split batch of the process — chunked numpy evaluation and the compiled row kernels —
    runs its parts here. A worker takes a job from the queue and runs its parts until none is
    left; jobs never wait on each other, so any number of callers in threads of their own share
    the pool without deadlock. Workers are only ever added (at most :data:`MAX_THREADS` - 1), so
    no caller can find the pool shut down; after ``fork`` the child starts with an empty pool.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.jobs: queue.SimpleQueue[_Job] = queue.SimpleQueue()
        self.workers = 0

    def reset(self) -> None:
        self.lock = threading.Lock()
        self.jobs = queue.SimpleQueue()
        self.workers = 0

    def grow(self, workers: int) -> None:
        with self.lock:
            while self.workers < workers:
                self.workers += 1
                threading.Thread(
                    target=self._serve, name=f"symxent-{self.workers}", daemon=True
                ).start()

    def _serve(self) -> None:
        jobs = self.jobs
        while True:
            jobs.get().take_all()


class _State:
    """The chosen thread count and the pool (one per process)."""

    def __init__(self) -> None:
        self.chosen: int | None = None
        self.pool = _Pool()


_STATE = _State()
_PART = threading.local()  # .active: this thread runs one part of a split batch
if hasattr(os, "register_at_fork"):  # the workers do not exist in a forked child
    os.register_at_fork(after_in_child=_STATE.pool.reset)


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


def pool_size() -> int:
    """The worker threads started so far (besides the callers' own threads).

    Example:
        >>> pool_size() >= 0
        True
    """
    return _STATE.pool.workers


def run_parts(work: Callable[[int, int], None], bounds: Sequence[int]) -> None:
    """Run ``work(bounds[i], bounds[i + 1])`` for every part, on the caller and the pool.

    The caller takes parts too and returns when every part is done, re-raising the error of the
    first part (in row order) that failed. Parts never wait on each other, so callers in several
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
    job = _Job(work, parts)
    helpers = min(len(parts), num_threads()) - 1
    if helpers > 0:
        pool = _STATE.pool
        pool.grow(helpers)
        for _ in range(helpers):
            pool.jobs.put(job)
    job.take_all()
    job.finished.wait()
    if job.errors:
        raise job.errors[min(job.errors)]


def in_parallel_part() -> bool:
    """Whether this thread is running one part of a batch split by :func:`run_parts`.

    The compiled row kernels (:mod:`symxent.numeric.native`) split large calls into parts too,
    except inside such a part: the batch is split already.

    Example:
        >>> in_parallel_part()
        False
        >>> seen = []
        >>> run_parts(lambda start, stop: seen.append(in_parallel_part()), [0, 1, 2])
        >>> seen
        [True, True]
    """
    return bool(getattr(_PART, "active", False))
