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

import ctypes
import functools
import gc
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

from symxent.errors import SymxentError

__all__ = [
    "MAX_CELLS",
    "MAX_TERMS",
    "WALL_FACTOR",
    "TooLargeError",
    "check_cells",
    "cpu_limit",
    "limits_left",
    "time_limit",
]

MAX_TERMS = 100_000
"""Most terms a sum or product is expanded into (one SymPy object each)."""

MAX_CELLS = 20_000_000
"""Most elements of one array the numeric checker allocates (160 MB of float64)."""

WALL_FACTOR = 3.0
"""How many times its CPU budget a stage may take in wall-clock time (on a loaded machine)."""


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


# ---------------------------------------------------------------------------------- the timer


def _signal_usable() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


_local = threading.local()


def _set_async(thread_id: int, exception: type[BaseException] | None) -> int:
    return int(
        ctypes.pythonapi.PyThreadState_SetAsyncExc(
            ctypes.c_ulong(thread_id), ctypes.py_object(exception) if exception else None
        )
    )


class _Watch:
    """Raises :class:`_Alarm` in one thread when it fires, unless disarmed first."""

    def __init__(self, thread_id: int, alarm: type[_Alarm] = _Alarm) -> None:
        self.thread_id = thread_id
        self.alarm = alarm
        self.lock = threading.Lock()
        self.armed = True
        self.fired = False

    def fire(self) -> None:
        with self.lock:
            if self.armed:
                self.fired = True
                _set_async(self.thread_id, self.alarm)

    def disarm(self) -> None:
        with self.lock:
            if self.armed and self.fired:
                _set_async(self.thread_id, None)  # not delivered yet: withdraw it
            self.armed = False


@contextmanager
def _thread_limit(
    seconds: float,
    error: SymxentError,
    clock: Callable[[], float] = time.monotonic,
    key: str = "deadline",
) -> Iterator[None]:
    """Raise ``error`` in this thread once ``clock`` has run ``seconds`` on (a watchdog thread).

    ``clock`` is the wall clock (``key`` ``"deadline"``) or the thread's CPU clock
    (``"cpu_deadline"``); CPU time never runs ahead of wall time, so the watchdog waits what is
    left and looks again.
    """
    start = clock()
    outer = getattr(_local, key, None)
    if outer is not None and outer[1] - clock() <= seconds:
        yield  # the outer limit of this thread on this clock fires first
        return
    setattr(_local, key, (clock, start + seconds))
    alarm = _own_alarm()
    watch = _Watch(threading.get_ident(), alarm)
    done = threading.Event()

    def watchdog() -> None:
        while not done.is_set():
            try:
                used = clock() - start
            except OSError:  # pragma: no cover - the thread ended
                return
            if used >= seconds:
                watch.fire()
                return
            done.wait(max(seconds - used, 0.005))

    threading.Thread(target=watchdog, daemon=True).start()
    try:
        yield
    except alarm:
        raise error from None
    finally:
        done.set()
        watch.disarm()
        setattr(_local, key, outer)


def _in_gc_callback(frame: FrameType | None) -> bool:
    """Whether ``frame`` runs inside a garbage-collection callback (``gc.callbacks``).

    Python reports an exception raised there as "unraisable" and drops it, so an alarm raised
    in a callback (hypothesis registers one) would be lost and the limit would never end the
    work; the alarm is raised again just after the callback returns.
    """
    codes = {getattr(callback, "__code__", None) for callback in gc.callbacks}
    codes.discard(None)
    while frame is not None and codes:
        if frame.f_code in codes:
            return True
        frame = frame.f_back
    return False


_SIGNALS = {signal.ITIMER_REAL: signal.SIGALRM, signal.ITIMER_PROF: signal.SIGPROF}
_CLOCKS = {signal.ITIMER_REAL: time.monotonic, signal.ITIMER_PROF: time.process_time}


@contextmanager
def _signal_limit(
    seconds: float, error: SymxentError, timer: int = signal.ITIMER_REAL
) -> Iterator[None]:
    """``timer``: ``ITIMER_REAL`` (wall clock, SIGALRM) or ``ITIMER_PROF`` (CPU, SIGPROF)."""
    outer_left = signal.getitimer(timer)[0]
    if outer_left and outer_left <= seconds:
        yield  # the outer limit fires first; its handler stays in place
        return

    own = _own_alarm()

    def alarm(signum: int, frame: FrameType | None) -> None:
        if _in_gc_callback(frame):
            signal.setitimer(timer, 0.01)  # raise once the callback returned
            return
        raise own

    clock = _CLOCKS[timer]
    started = clock()
    previous = signal.signal(_SIGNALS[timer], alarm)
    try:
        signal.setitimer(timer, seconds)
        yield
    except own:
        raise error from None
    finally:
        signal.setitimer(timer, 0)
        signal.signal(_SIGNALS[timer], previous)
        if outer_left:
            left = outer_left - (clock() - started)
            signal.setitimer(timer, max(left, 1e-3))


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
        for limit in (getattr(_local, key, None) for key in ("cpu_deadline", "deadline"))
    )
    return cpu_left, wall_left


@contextmanager
def time_limit(
    seconds: float, what: str, error: type[SymxentError] = TooLargeError
) -> Iterator[None]:
    """Run the block for at most ``seconds``; raise ``error`` if it takes longer.

    Works in any thread. Nested limits keep the tighter one: an inner limit longer than the
    time an outer limit has left does nothing (the outer one fires, with its own message), and
    the outer limit still holds after an inner one ends.

    Args:
        seconds: the wall-clock budget (``<= 0`` disables the limit).
        what: a short description of the work, for the message.
        error: the :class:`~symxent.errors.SymxentError` subclass to raise.
    """
    if seconds <= 0:
        yield
        return
    limit = _signal_limit if _signal_usable() else _thread_limit
    with limit(seconds, error(f"too long: {what} took more than {seconds:.3g} s")):
        yield


@contextmanager
def cpu_limit(
    seconds: float,
    what: str,
    error: type[SymxentError] = TooLargeError,
    *,
    wall: float | None = None,
) -> Iterator[None]:
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
        yield
        return
    wall = WALL_FACTOR * seconds if wall is None else wall
    message = error(f"too long: {what} took more than {seconds:.3g} s of CPU time")
    with time_limit(wall, what, error):
        if _signal_usable():
            with _signal_limit(seconds, message, signal.ITIMER_PROF):
                yield
        else:
            clock = _thread_cpu_clock()
            key = "deadline" if clock is None else "cpu_deadline"
            with _thread_limit(seconds, message, clock or time.monotonic, key):
                yield
