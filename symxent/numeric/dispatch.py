r"""Where the compiled kernels run: only where they are faster than numpy's route on this machine.

In mode ``"auto"`` (:func:`symxent.numeric.native.mode`) the first call per operation, dtype and
row width times the kernel against numpy's own route once per process and keeps the faster
(:func:`rows_kernel`, :func:`exp_into`, :func:`log_into`, and the elementwise sigmoid, softplus
and binary cross-entropies: :func:`unary`, :func:`binary_loss`); :func:`choices` reports what
was chosen, with the times. Modes ``"on"`` and ``"off"`` skip the measurement.

Example:
    >>> import numpy as np
    >>> from symxent.numeric import dispatch
    >>> dispatch.rows_kernel(np.float64, 10) in (True, False)
    True
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from symxent.numeric import native, native_elementwise

__all__ = [
    "ELEMENTWISE_MIN_ELEMENTS",
    "SPLIT_SECONDS",
    "binary_loss",
    "choices",
    "elementwise_kernel",
    "exp_into",
    "faster",
    "log_into",
    "rows_kernel",
    "unary",
]

_CHOICES: dict[tuple[str, np.dtype[Any], bool], bool] = {}
_TIMINGS: dict[tuple[str, np.dtype[Any], bool], tuple[float, float]] = {}
_MEASURING = threading.RLock()  # a measured route may meet another first measurement

WIDE_CLASSES = 64
"""Rows of more classes than this are measured separately from narrower ones (a row kernel's
cost per row is fixed overhead plus exp per class; numpy's route is pass-bound)."""

MEASURE_REPEATS = 7
"""Alternating timings of the kernel and of numpy's route; each side's fastest counts."""

MEASURE_ELEMENTS = 250_000
"""Logits of a measurement: 2 MB of float64, more than a core's L2 cache, so that the choice
holds for large arrays (at 64 Ki logits, in the L2 cache, numpy's route won where the kernels
won at 1e6 logits), and below
:data:`~symxent.numeric.native.PARALLEL_MIN_ELEMENTS`: one thread each way."""


def rows_kernel(dtype: Any, classes: int) -> bool:
    """Whether the fused row kernels run for rows of ``classes`` entries of ``dtype`` now.

    In mode ``"auto"`` the first call per dtype and width (at most :data:`WIDE_CLASSES`, or
    more) times the kernel against numpy's row route on :data:`MEASURE_ELEMENTS` logits (a few
    milliseconds, once per process) and keeps the faster.

    Example:
        >>> import numpy as np
        >>> from symxent.numeric import dispatch
        >>> dispatch.rows_kernel(np.float64, 10) in (True, False)
        True
    """
    state = native.mode()
    if state != "auto":
        return state == "on"
    key = ("rows", np.dtype(dtype), classes > WIDE_CLASSES)
    choice = _CHOICES.get(key)
    return choice if choice is not None else _measure(key)


def faster(
    name: str,
    dtype: Any,
    classes: int,
    candidates: Callable[[tuple[int, int]], tuple[Callable[[], Any], Callable[[], Any]]],
) -> bool:
    """Whether the kernel ``name`` runs for rows of ``classes`` entries of ``dtype`` now.

    As :func:`rows_kernel`, for a kernel of another module: ``candidates(shape)`` gives the
    kernel and the route it replaces as calls on rows of ``shape`` (:data:`MEASURE_ELEMENTS`
    entries, rows of 10 or 1024), timed against each other once per process.

    Example:
        >>> import numpy as np
        >>> from symxent.numeric import dispatch
        >>> dispatch.faster("demo", np.float64, 10, lambda shape: (int, float)) in (True, False)
        True
    """
    state = native.mode()
    if state != "auto":
        return state == "on"
    key = (name, np.dtype(dtype), classes > WIDE_CLASSES)
    choice = _CHOICES.get(key)
    if choice is not None:
        return choice
    shape = (MEASURE_ELEMENTS // 1024, 1024) if key[2] else (MEASURE_ELEMENTS // 10, 10)
    return _measure(key, lambda _: candidates(shape))


def elementwise_kernel(name: str, dtype: np.dtype[Any]) -> bool:
    """Whether the elementwise kernel ``name`` runs for ``dtype`` now (measured once in auto)."""
    state = native.mode()
    if state != "auto":
        return state == "on"
    key = (name, dtype, False)
    choice = _CHOICES.get(key)
    return choice if choice is not None else _measure(key)


def choices() -> dict[str, str]:
    """What the one-time measurements chose so far, with the times (for reports and the bench).

    Example:
        >>> from symxent.numeric import dispatch
        >>> isinstance(dispatch.choices(), dict)
        True
    """
    report = {}
    for (name, dtype, wide), chosen in sorted(_CHOICES.items(), key=str):
        kernel, numpy = _TIMINGS[(name, dtype, wide)]
        width = f" {'C>' if wide else 'C<='}{WIDE_CLASSES}" if name not in ("exp", "log") else ""
        label = f"{name} {dtype}{width}"
        report[label] = (
            f"{'kernel' if chosen else 'numpy'} (kernel {kernel * 1e6:.0f} us, "
            f"numpy {numpy * 1e6:.0f} us)"
        )
    return report


def _candidates(key: tuple[str, np.dtype[Any], bool]) -> tuple[Any, Any]:
    """The two ways to compute the measured operation, as calls without arguments."""
    name, dtype, wide = key
    rng = np.random.default_rng(12)
    if name == "rows":
        from symxent.numeric import rows

        shape = (MEASURE_ELEMENTS // 1024, 1024) if wide else (MEASURE_ELEMENTS // 10, 10)
        a = (rng.standard_normal(shape) * 3).astype(dtype)
        labels = rng.integers(0, shape[1], shape[0])
        low, high = rows._sum_bounds(shape[1], dtype)
        limits = {
            "low": low,
            "high": high,
            "pick_low": rows._PICK_LOW[dtype],
            "tiny": rows._SMALLEST_NORMAL[dtype],
        }
        index = labels[:, None]

        def kernel() -> Any:
            return native.take_log_softmax_rows(a, labels, **limits)  # type: ignore[arg-type]

        def numpy_route() -> Any:
            with np.errstate(all="ignore"):
                return rows._unshifted_take_log_softmax(a, index)

        return kernel, numpy_route
    if name in native_elementwise.ELEMENTWISE_OPS:
        return _elementwise_candidates(name, dtype, rng)
    x = rng.uniform(0.1, 5.0, MEASURE_ELEMENTS).astype(dtype)
    out = np.empty_like(x)
    ufunc = np.log if name == "log" else np.exp

    def elementwise() -> Any:
        return native.compute_elementwise(x, out, log=name == "log")

    def numpy_call() -> Any:
        return ufunc(x, out=out)

    return elementwise, numpy_call


def _measure(
    key: tuple[str, np.dtype[Any], bool],
    make: Callable[[tuple[str, np.dtype[Any], bool]], tuple[Any, Any]] = _candidates,
) -> bool:
    """Time the kernel against numpy's route once, keep and return whether the kernel won."""
    with _MEASURING:
        if key in _CHOICES:
            return _CHOICES[key]
        kernel, numpy_route = make(key)
        kernel()
        numpy_route()  # warm both up (page faults, caches)
        best_kernel = best_numpy = math.inf
        for _ in range(MEASURE_REPEATS):
            start = time.perf_counter()
            kernel()
            middle = time.perf_counter()
            numpy_route()
            stop = time.perf_counter()
            best_kernel = min(best_kernel, middle - start)
            best_numpy = min(best_numpy, stop - middle)
        _TIMINGS[key] = (best_kernel, best_numpy)
        _CHOICES[key] = best_kernel <= best_numpy
        return _CHOICES[key]


SPLIT_SECONDS = 5e-4
"""A sigmoid or softplus call is split over the threads only when the kernel would take at least
this long on one thread (by its one-time measurement): below, waking a worker costs about what it
saves (as :data:`~symxent.numeric.native.SUM_PARALLEL_MIN_ELEMENTS`; ``docs/numeric.md``)."""

ELEMENTWISE_MIN_ELEMENTS = 512
"""Arrays below this size keep numpy's ``exp``/``log`` (a ufunc call is as fast there)."""


def exp_into(x: np.ndarray, out: np.ndarray | None = None) -> np.ndarray | None:
    """``e^x`` with the kernels' vector ``exp`` (within 1 ulp), or None when it does not apply.

    It applies to C-contiguous float64 or float32 arrays of at least
    :data:`ELEMENTWISE_MIN_ELEMENTS` elements while the kernels are enabled; ``out``
    (C-contiguous, ``x``'s dtype and shape) may be ``x``. numpy's float64 ``exp`` is scalar on
    AVX2 CPUs, where this one is faster; where numpy's measured faster (:func:`choices`), this
    returns None.

    Example:
        >>> import numpy as np
        >>> from symxent.numeric import dispatch
        >>> y = dispatch.exp_into(np.zeros(1024))  # None where numpy's exp is faster
        >>> y is None or float(y.max()) == 1.0
        True
    """
    return _elementwise(x, out, log=False)


def log_into(x: np.ndarray, out: np.ndarray | None = None) -> np.ndarray | None:
    """``log x`` with the kernels' vector ``log``, or None: as :func:`exp_into`.

    0, negatives, subnormals, inf and nan get the C library's ``log`` (IEEE results).

    Example:
        >>> import numpy as np
        >>> from symxent.numeric import dispatch
        >>> y = dispatch.log_into(np.ones(1024))
        >>> y is None or float(y.max()) == 0.0
        True
    """
    return _elementwise(x, out, log=True)


_FLOAT64, _FLOAT32 = np.dtype(np.float64), np.dtype(np.float32)


def _elementwise(x: Any, out: np.ndarray | None, *, log: bool) -> np.ndarray | None:
    if (
        not native.enabled()
        or type(x) is not np.ndarray
        or not (x.dtype == _FLOAT64 or (x.dtype == _FLOAT32 and not log))
        or x.size < ELEMENTWISE_MIN_ELEMENTS
        or not x.flags.c_contiguous
        or not elementwise_kernel("log" if log else "exp", x.dtype)
    ):
        return None
    if out is None:
        out = np.empty(x.shape, dtype=x.dtype)
    elif out.dtype != x.dtype or out.shape != x.shape or not out.flags.c_contiguous:
        return None
    return native.compute_elementwise(x, out, log=log)


def _elementwise_candidates(name: str, dtype: np.dtype[Any], rng: Any) -> tuple[Any, Any]:
    """The elementwise kernel ``name`` and its numpy route (sigmoid, softplus; the losses)."""
    from symxent.numeric import runtime

    x = (rng.standard_normal(MEASURE_ELEMENTS) * 4).astype(dtype)
    t = rng.random(MEASURE_ELEMENTS).astype(dtype)
    if name in ("sigmoid", "softplus"):
        numpy_unary = runtime.numpy_sigmoid if name == "sigmoid" else runtime.numpy_softplus

        def unary_kernel() -> Any:
            return native_elementwise.elementwise(name, x)

        def unary_numpy() -> Any:
            with np.errstate(all="ignore"):
                return numpy_unary(x)

        return unary_kernel, unary_numpy
    if name == "bce":
        x = rng.random(MEASURE_ELEMENTS).astype(dtype)

    def summed() -> Any:
        return native_elementwise.binary_loss_sum(name, t, x)

    def numpy_route() -> Any:
        with np.errstate(all="ignore"):
            if name == "bce":
                values = runtime.numpy_xlog1py(t - 1, -x) - runtime.xlogy(t, x)
            else:
                values = t * runtime.numpy_softplus(-x) + (1 - t) * runtime.numpy_softplus(x)
            return values.sum()

    return summed, numpy_route


def _elementwise_applies(name: str, *arrays: Any, smallest: int = ELEMENTWISE_MIN_ELEMENTS) -> bool:
    """Whether the elementwise kernel ``name`` runs on these arrays on this machine.

    They must be C-contiguous of one float dtype and shape, at least ``smallest`` elements.
    """
    first = arrays[0]
    return (
        native.enabled()
        and native_elementwise.has_elementwise()
        and all(type(a) is np.ndarray for a in arrays)
        and first.dtype in (_FLOAT64, _FLOAT32)
        and first.size >= smallest
        and all(a.dtype == first.dtype and a.shape == first.shape for a in arrays)
        and all(a.flags.c_contiguous for a in arrays)
        and elementwise_kernel(name, first.dtype)
    )


def unary(name: str, x: Any) -> np.ndarray | None:
    """``"sigmoid"`` or ``"softplus"`` of ``x`` by the elementwise kernels, or None.

    It applies to C-contiguous float32 or float64 arrays of at least
    :data:`ELEMENTWISE_MIN_ELEMENTS` elements where the kernels are enabled and measured faster
    than numpy's route (:func:`choices`); the result has ``x``'s dtype and shape.

    Example:
        >>> import numpy as np
        >>> from symxent.numeric import dispatch
        >>> y = dispatch.unary("sigmoid", np.zeros(1024))  # None where numpy's route is faster
        >>> y is None or float(y.max()) == 0.5
        True
    """
    if not _elementwise_applies(name, x):
        return None
    timing = _TIMINGS.get((name, x.dtype, False))  # None in mode "on": split by size
    split = timing is None or x.size * timing[0] >= SPLIT_SECONDS * MEASURE_ELEMENTS
    return native_elementwise.elementwise(name, x, split=split)[0]


def binary_loss(name: str, target: Any, other: Any, reduction: str) -> Any:
    """The binary cross-entropy ``name`` (``"bce_logits"``, ``"bce"``) by one kernel, or None.

    For plain calls (no weight; targets and logits or probabilities nonempty C-contiguous
    arrays of one float dtype and shape, of any size: one kernel call costs less than numpy's
    route even on a few elements) where the kernel measured faster. ``"mean"`` and ``"sum"``
    are summed in float64 by blocks (the same bits for any number of threads) and rounded once
    to the dtype. None also when a target (or probability) is outside [0, 1] or nan: the
    caller's general route explains it.

    Example:
        >>> import numpy as np
        >>> from symxent.numeric import dispatch
        >>> value = dispatch.binary_loss("bce", np.ones(1024), np.full(1024, 0.5), "mean")
        >>> value is None or bool(abs(float(value) - np.log(2)) < 1e-15)
        True
    """
    if not _elementwise_applies(name, target, other, smallest=1):
        return None
    if reduction == "none":
        values, bad = native_elementwise.elementwise(name, other, target)
        return None if bad else values
    total = native_elementwise.binary_loss_sum(name, target, other)
    if total is None:
        return None
    return other.dtype.type(total / other.size if reduction == "mean" else total)
