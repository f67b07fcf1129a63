r"""Bounded work: one time budget that every stage runs under, and size caps checked before work.

symxent reads and judges text that anyone may write, so no input may make it run or allocate
without bound. Two mechanisms share the work:

* :func:`time_limit` bounds wall-clock time. In the main thread it arms ``SIGALRM`` (an interval
  timer); in any other thread a watchdog raises the same exception in the working thread
  (``PyThreadState_SetAsyncExc``). Both interrupt Python code between bytecodes, so a stage that
  loops in Python (SymPy's ``doit``, the sum interpreter, the parser) stops on time.
* :func:`cpu_limit` bounds CPU time instead (``SIGPROF``, or in another thread a watchdog that
  reads the thread's CPU clock), with wall-clock time capped at :data:`WALL_FACTOR` times as
  much: a verdict must not turn to "too large to check" because other work loads the machine.
* Work inside one C call (a numpy allocation, a big-integer power, an mpmath evaluation at a
  huge exponent) cannot be interrupted by either, so it is **estimated before it starts**:
  sums are expanded into at most :data:`MAX_TERMS` terms
  (:func:`~symxent.check.expand.doit_bounded`), :func:`check_cells` (elements of an array to
  allocate) raises :class:`TooLargeError` past its cap, and callers turn ``OverflowError`` and
  ``MemoryError`` into the same answer.

Whatever limit is hit, the answer is "too large to check" (a :class:`TooLargeError`, a
:class:`~symxent.errors.SymxentError`), never a hang or a traceback.

Example:
    >>> with time_limit(1.0, "adding"):
    ...     1 + 1
    2
    >>> check_cells(10**12, "the sum")
    Traceback (most recent call last):
    ...
    symxent.budget.TooLargeError: too large to check: the sum needs an array of ... (limit 20000000)
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import gc
import signal
import sys
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from types import FrameType
from typing import Any, TypeVar

from symxent.errors import SymxentError

__all__ = [
    "MAX_CELLS",
    "MAX_TERMS",
    "WALL_FACTOR",
    "TooLargeError",
    "check_cells",
    "cpu_limit",
    "forget",
    "forget_on_abort",
    "limits_left",
    "time_limit",
]

MAX_TERMS = 100_000
"""Most terms a sum or product is expanded into (one SymPy object each)."""

MAX_CELLS = 20_000_000
"""Most elements of one array the numeric checker allocates (160 MB of float64)."""

WALL_FACTOR = 3.0
"""How many times its CPU budget a stage may take in wall-clock time (on a loaded machine)."""


_C = TypeVar("_C", bound=Callable[..., object])


class TooLargeError(SymxentError):
    """Raised when an input needs more time or memory than its budget: too large to check."""


class _Alarm(BaseException):
    """Raised by a timer in its thread (a BaseException: no ``except Exception`` eats it).

    Each limit raises and catches its own subclass (:func:`_own_alarm`), so that when limits of
    two clocks are nested, each turns only its own alarm into its message.
    """


def _own_alarm() -> type[_Alarm]:
    return type("_Alarm", (_Alarm,), {})


def check_cells(cells: int, what: str, limit: int = MAX_CELLS) -> None:
    """Raise :class:`TooLargeError` if an array for ``what`` would have more than ``limit`` cells.

    Example:
        >>> check_cells(192 * 10, "the sum over i")
    """
    if cells > limit:
        raise TooLargeError(
            f"too large to check: {what} needs an array of {cells} values (limit {limit})"
        )


def forget() -> None:
    """Drop what SymPy and symxent remember, after an abort left a computation half done.

    An alarm (or a ``RecursionError``) can stop SymPy between any two bytecodes: in the middle of
    deducing an object's assumptions (``StdFactKB.deduce_all_facts``), which leaves facts that a
    later query skips and answers "unknown". Cached objects would carry that state into every
    later claim; after an abort SymPy's cache and symxent's caches of derived results
    (:func:`forget_on_abort`) start afresh, so the same claim gets the same verdict in any
    context.

    Example:
        >>> forget()
    """
    cache = sys.modules.get("sympy.core.cache")
    if cache is not None:
        cache.clear_cache()
    for clear in _FORGETTERS:
        clear()


_FORGETTERS: list[Callable[[], None]] = []


def forget_on_abort(cached: _C) -> _C:
    """Register an ``lru_cache``-d function whose results :func:`forget` drops after an abort.

    Example:
        >>> import functools
        >>> halve = forget_on_abort(functools.lru_cache(lambda n: n // 2))
        >>> halve(8), halve.cache_info().currsize
        (4, 1)
        >>> forget(); halve.cache_info().currsize
        0
    """
    _FORGETTERS.append(cached.cache_clear)  # type: ignore[attr-defined]
    return cached


# ---------------------------------------------------------------------------------- the timer
#
# An alarm interrupts Python between any two bytecodes. One that came while a limit is being
# entered or left would escape as a raw _Alarm and leave that limit's timer or watchdog behind,
# to fire later in other work. So an alarm is put off (by 10 ms) while the thread runs any
# context manager's __enter__/__exit__ (anywhere inside the limit's block).


def _signal_usable() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def _block_frame() -> FrameType | None:
    """The frame whose with statement enters the limit (the first outside this module)."""
    frame: FrameType | None = sys._getframe(2)
    while frame is not None and frame.f_code.co_filename == __file__:
        frame = frame.f_back
    return frame


def _on_stack(frame: FrameType | None, top: FrameType | None) -> bool:
    while top is not None and top is not frame:
        top = top.f_back
    return top is not None


def _at_boundary(top: FrameType | None, block: FrameType | None) -> bool:
    """Whether an alarm raised in ``top`` now, inside ``block``, would escape or be lost.

    That is inside any context manager's ``__enter__``/``__exit__``: a limit's own, whose alarm
    escaped raw, or SymPy's ``evaluate(False)``, whose reset it skipped (later claims were judged
    on unevaluated expressions); or in a garbage-collection callback (``gc.callbacks``: Python
    drops an exception raised there as "unraisable"; hypothesis registers one), or in the hook
    that reports such an exception (``sys.unraisablehook``).
    """
    callbacks = {getattr(call, "__code__", None) for call in (*gc.callbacks, sys.unraisablehook)}
    while top is not None and top is not block:
        if top.f_code.co_name in ("__enter__", "__exit__") or top.f_code in callbacks:
            return True
        top = top.f_back
    return False


_AGAIN = 0.05
"""Seconds after which a limit's alarm is raised again while its block still runs: Python drops
an exception raised in a weakref callback or ``__del__`` (an "unraisable" one)."""


def _drop_alarms(hook: Callable[[Any], object]) -> Callable[[Any], object]:
    """``sys.unraisablehook`` without the report of a dropped alarm (it is raised again)."""
    return lambda unraisable: isinstance(unraisable.exc_value, _Alarm) or hook(unraisable)


sys.unraisablehook = _drop_alarms(sys.unraisablehook)

_local = threading.local()
_Deadline = tuple[Callable[[], float], float, FrameType | None]


def _live(limit: _Deadline | None) -> _Deadline | None:
    """``limit`` (clock, deadline, frame of its block) if its block still runs in this thread."""
    return limit if limit is not None and _on_stack(limit[2], sys._getframe(1)) else None


class _ThreadLimit:
    """Raise ``error`` in this thread once ``clock`` has run ``seconds`` on (a watchdog thread).

    ``clock`` is the wall clock (``key`` ``"deadline"``) or the thread's CPU clock
    (``"cpu_deadline"``); CPU time never runs ahead of wall time, so the watchdog waits what is
    left and looks again. An alarm once raised is never withdrawn
    (``PyThreadState_SetAsyncExc(id, NULL)``): on CPython 3.11 and 3.12 that leaves the
    interpreter's "asynchronous exception pending" flag set with none pending, and under a tracer
    (``sys.settrace``, coverage, a debugger) the next function call then loops forever.
    """

    def __init__(
        self,
        seconds: float,
        error: SymxentError,
        clock: Callable[[], float] = time.monotonic,
        key: str = "deadline",
    ) -> None:
        self.seconds, self.error, self.clock, self.key = seconds, error, clock, key
        self.alarm = _own_alarm()
        self.lock = threading.Lock()
        self.armed = False

    def __enter__(self) -> None:
        start = self.clock()
        self.outer = _live(getattr(_local, self.key, None))
        if self.outer is not None and self.outer[1] - start <= self.seconds:
            return  # the outer limit of this thread on this clock fires first
        self.frame = _block_frame()
        setattr(_local, self.key, (self.clock, start + self.seconds, self.frame))
        self.thread_id, self.armed, self.done = threading.get_ident(), True, threading.Event()
        threading.Thread(target=self._watch, args=(start,), daemon=True).start()

    def _watch(self, start: float) -> None:
        left: float | None = self.seconds
        with contextlib.suppress(OSError):  # OSError: the thread (and its CPU clock) ended
            while left is not None and not self.done.wait(max(left, 0.005)):
                left = self.seconds - (self.clock() - start)
                if left <= 0:
                    left = self._fire()

    def _fire(self) -> float | None:
        """Raise the alarm in the thread; seconds until the next look, None once the block ended.

        The alarm is put off while the thread runs a limit's bookkeeping, and raised again after
        :data:`_AGAIN` while the block still runs (it is lost when raised in a weakref callback).
        A block that was left without this limit's ``__exit__`` is never alarmed: its thread runs
        other work now, or the thread ended and its id is reused.
        """
        with self.lock:
            now = sys._current_frames().get(self.thread_id)
            if not (self.armed and _on_stack(self.frame, now)):
                return None
            if _at_boundary(now, self.frame):
                return 0.0
            ctypes.pythonapi.PyThreadState_SetAsyncExc(
                ctypes.c_ulong(self.thread_id), ctypes.py_object(self.alarm)
            )
            return _AGAIN

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if not self.armed:
            return
        try:
            with self.lock:
                self.armed = False  # first: no alarm is raised once the block is left
            self.done.set()
            setattr(_local, self.key, self.outer)
        except self.alarm:  # raised just as the block ended: it arrives here, at the latest
            kind = self.alarm
        if kind is not None and issubclass(kind, self.alarm):
            forget()
            raise self.error from None


_SIGNALS = {signal.ITIMER_REAL: signal.SIGALRM, signal.ITIMER_PROF: signal.SIGPROF}
_CLOCKS = {signal.ITIMER_REAL: time.monotonic, signal.ITIMER_PROF: time.process_time}


class _SignalLimit:
    """``timer``: ``ITIMER_REAL`` (wall clock, SIGALRM) or ``ITIMER_PROF`` (CPU, SIGPROF)."""

    def __init__(
        self, seconds: float, error: SymxentError, timer: int = signal.ITIMER_REAL
    ) -> None:
        self.seconds, self.error, self.timer = seconds, error, timer
        self.alarm = _own_alarm()
        self.active = False

    def __enter__(self) -> None:
        self.outer_left = signal.getitimer(self.timer)[0]
        if self.outer_left and self.outer_left <= self.seconds:
            return  # the outer limit fires first; its handler stays in place
        self.started = _CLOCKS[self.timer]()
        self.frame = _block_frame()
        self.active = True
        self.previous = signal.signal(_SIGNALS[self.timer], self._fire)
        signal.setitimer(self.timer, self.seconds, _AGAIN)

    def _fire(self, signum: int, frame: FrameType | None) -> None:
        if not self.active:
            return
        if _at_boundary(frame, self.frame):
            signal.setitimer(self.timer, 0.01, _AGAIN)  # raise once out of the boundary
            return
        raise self.alarm

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if not self.active:
            return
        self.active = False  # first: this limit's alarm is void from here on
        signal.setitimer(self.timer, 0)
        signal.signal(_SIGNALS[self.timer], self.previous)
        if self.outer_left:
            left = self.outer_left - (_CLOCKS[self.timer]() - self.started)
            signal.setitimer(self.timer, max(left, 1e-3), _AGAIN)
        if kind is not None and issubclass(kind, self.alarm):
            forget()
            raise self.error from None


class _Both:
    """A wall-clock limit around a CPU-time limit (:func:`cpu_limit`), entered and left as one."""

    def __init__(
        self, wall: AbstractContextManager[None], cpu: AbstractContextManager[None]
    ) -> None:
        self.wall, self.cpu = wall, cpu

    def __enter__(self) -> None:
        self.wall.__enter__()
        self.cpu.__enter__()

    def __exit__(self, *exc: Any) -> None:
        try:
            self.cpu.__exit__(*exc)
        except BaseException as error:  # the CPU limit's message
            self.wall.__exit__(type(error), error, error.__traceback__)
            raise
        self.wall.__exit__(*exc)


def _thread_cpu_clock() -> Callable[[], float] | None:
    """This thread's CPU clock, or None where there is none (then wall-clock time is used)."""
    try:
        clock = functools.partial(
            time.clock_gettime, time.pthread_getcpuclockid(threading.get_ident())
        )
        clock()
    except (AttributeError, OSError):
        return None
    return clock


def limits_left() -> tuple[float | None, float | None]:
    """(CPU seconds, wall-clock seconds) left before the tightest active limits of each clock.

    None for a clock with no active limit (:func:`cpu_limit` sets both, :func:`time_limit`
    the wall clock only).

    Example:
        >>> with cpu_limit(4.0, "waiting", wall=12.0):
        ...     cpu, wall = limits_left()
        ...     round(cpu), round(wall)
        (4, 12)
    """
    if _signal_usable():
        cpu, wall = (
            signal.getitimer(timer)[0] for timer in (signal.ITIMER_PROF, signal.ITIMER_REAL)
        )
        return (cpu if cpu > 0 else None), (wall if wall > 0 else None)
    cpu_left, wall_left = (
        None if limit is None else max(limit[1] - limit[0](), 0.0)
        for limit in (_live(getattr(_local, key, None)) for key in ("cpu_deadline", "deadline"))
    )
    return cpu_left, wall_left


def time_limit(
    seconds: float, what: str, error: type[SymxentError] = TooLargeError
) -> AbstractContextManager[None]:
    """Run the block for at most ``seconds``; raise ``error`` if it takes longer.

    Works in any thread (the thread that enters the limit). Nested limits keep the tighter
    one: an inner limit longer than the time an outer limit has left does nothing (the outer
    one fires, with its own message), and the outer limit still holds after an inner one ends.

    Args:
        seconds: the wall-clock budget (``<= 0`` disables the limit).
        what: a short description of the work, for the message.
        error: the :class:`~symxent.errors.SymxentError` subclass to raise.
    """
    if seconds <= 0:
        return contextlib.nullcontext()
    limit = _SignalLimit if _signal_usable() else _ThreadLimit
    return limit(seconds, error(f"too long: {what} took more than {seconds:.3g} s"))


def cpu_limit(
    seconds: float,
    what: str,
    error: type[SymxentError] = TooLargeError,
    *,
    wall: float | None = None,
) -> AbstractContextManager[None]:
    """Run the block for at most ``seconds`` of CPU time; raise ``error`` if it takes longer.

    The CPU time is this process's (in the main thread) or this thread's (in another one), so
    other programs that load the machine do not cut the work short and change its verdict.
    Wall-clock time stays bounded: at most ``wall`` seconds (default :data:`WALL_FACTOR` times
    ``seconds``). Nested limits keep the tighter one, as :func:`time_limit` does.

    Example:
        >>> with cpu_limit(1.0, "adding"):
        ...     1 + 1
        2

    Args:
        seconds: the CPU budget (``<= 0`` disables both limits).
        what: a short description of the work, for the message.
        error: the :class:`~symxent.errors.SymxentError` subclass to raise.
        wall: the wall-clock cap in seconds.
    """
    if seconds <= 0:
        return contextlib.nullcontext()
    wall = WALL_FACTOR * seconds if wall is None else wall
    message = error(f"too long: {what} took more than {seconds:.3g} s of CPU time")
    cpu: AbstractContextManager[None]
    if _signal_usable():
        cpu = _SignalLimit(seconds, message, signal.ITIMER_PROF)
    else:
        clock = _thread_cpu_clock()
        key = "deadline" if clock is None else "cpu_deadline"
        cpu = _ThreadLimit(seconds, message, clock or time.monotonic, key)
    return _Both(time_limit(wall, what, error), cpu)
