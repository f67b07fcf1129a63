r"""The fast call of a compiled function evaluated in one kernel call: few Python steps.

Cross-entropy at an integer label reads its logits only through the compiled row kernels, so a
call on 1e5 rows takes about a millisecond and the Python around the kernel is a visible part of
it. :func:`call_fast` handles the common call (numpy arrays of one float dtype, integer labels,
one batch shape) with few steps; anything else returns None and
:class:`~symxent.numeric.function.NumericFunction` takes its general path, which checks and
explains. :class:`FastPlan` is what the fast call needs, computed once per function.

Example:
    >>> import numpy as np
    >>> from symxent import Logits, LogSoftmax
    >>> from symxent.numeric import to_numpy
    >>> z = Logits("z", "n")
    >>> f = to_numpy(-LogSoftmax(z, z.index("k")))
    >>> plan = f._fast
    >>> plan is None or plan.labels == frozenset({"k"})
    True
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy as sp

from symxent.numeric import dispatch
from symxent.numeric.chunks import FIRST_MIN_ROWS
from symxent.numeric.layout import indices_read_only_as_labels
from symxent.numeric.rows import row_logsumexp

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from symxent.numeric.function import Argument, NumericFunction
    from symxent.numeric.vectorize import ArrayPlan

__all__ = ["SMALL_ELEMENTS", "FastPlan", "call_fast", "call_one", "call_small", "fast_plan"]


def _plain_arrays(
    fast: FastPlan, bound: Mapping[str, Any]
) -> tuple[np.dtype[Any], tuple[int, ...], list[int], list[np.ndarray]] | None:
    """``(dtype, batch, counts, arrays)`` of a plain call, or None for any other call.

    Plain: numpy arrays, the vectors and scalars of one float dtype (float32 or float64), the
    indices of an integer dtype, one batch shape, vectors with a nonempty class axis whose
    lengths agree. ``counts`` are the symbolic numbers of classes by slot (0: not seen).
    """
    dtype: np.dtype[Any] | None = None
    batch: tuple[int, ...] | None = None
    counts: list[int] = [0] * fast.slots
    arrays: list[np.ndarray] = []
    for name, kind, fixed, slot in fast.specs:
        value = bound[name]
        if type(value) is not np.ndarray:
            return None
        shape = value.shape
        if kind == "index":
            if value.dtype.kind not in "iu":
                return None
        else:
            if dtype is None:
                dtype = value.dtype
                if dtype not in _FAST_DTYPES:
                    return None
            elif value.dtype != dtype:
                return None
            if kind == "vector":
                if not shape:
                    return None
                n = shape[-1]
                shape = shape[:-1]
                if n == 0 or (fixed is not None and n != fixed):
                    return None
                if slot >= 0 and counts[slot] not in (0, n):
                    return None
                if slot >= 0:
                    counts[slot] = n
        if batch is None:
            batch = shape
        elif shape != batch:
            return None
        arrays.append(value)
    if dtype is None or batch is None:
        return None
    return dtype, batch, counts, arrays


def _indices_outside(
    function: NumericFunction,
    fast: FastPlan,
    arrays: list[np.ndarray],
    counts: list[int],
    skipped: frozenset[str] = frozenset(),
) -> bool:
    """Whether an index argument (other than those ``skipped``) is outside its classes."""
    for (name, kind, fixed, slot), array in zip(fast.specs, arrays, strict=True):
        if kind == "index" and name not in skipped:
            limit = fixed if fixed is not None else counts[slot] if slot >= 0 else None
            if function.backend.index_bounds_outside(array, limit) is not None:
                return True
    return False


def call_fast(
    function: NumericFunction, fast: FastPlan, bound: Mapping[str, Any]
) -> np.ndarray | None:
    """:meth:`NumericFunction.__call__` of a one-kernel-call function on plain arrays, or None.

    The common call (numpy arrays of one float dtype, integer indices, the same batch
    shape everywhere) with few Python steps: a call costs about 0.1 ms more when the
    caches are cold than the kernel itself, which matters for 1e5 rows. Anything else
    (other types, broadcasting, a bad shape or index) returns None, and :meth:`__call__`
    takes its general path, which raises the errors.
    """
    plain = _plain_arrays(fast, bound)
    if plain is None:
        return None
    dtype, batch, counts, arrays = plain
    if not dispatch.rows_kernel(dtype, int(arrays[0].shape[-1]) if arrays[0].ndim else 1):
        return None  # numpy's route is faster here: the general path chunks the rows
    if _indices_outside(function, fast, arrays, counts, fast.labels):
        return None
    rows = math.prod(batch)
    call: list[Any] = [
        array.reshape(rows, array.shape[-1]) if spec[1] == "vector" else array.reshape(rows, 1)
        for spec, array in zip(fast.specs, arrays, strict=True)
    ]
    call += [counts[slot] for slot in fast.count_slots]
    try:
        with np.errstate(all="ignore"):
            value = np.asarray(function._function(-1)[0](*call))
    except IndexError:
        if fast.labels:
            return None  # a bad label: the general path checks and says which
        raise
    return function._rows_result(value, call, rows, batch, dtype)


SMALL_ELEMENTS = 1 << 15
"""The most elements (rows times the widest class axis) of a call that :func:`call_small`
evaluates with a class axis: far below one chunk, so the general path would not chunk either."""


def call_small(
    function: NumericFunction,
    fast: FastPlan,
    bound: Mapping[str, Any],
    checks: Mapping[str, Callable[[np.ndarray], None]] | None,
) -> np.ndarray | None:
    """The general path's unchunked evaluation of a plain call, with few Python steps, or None.

    For a plain call (:func:`_plain_arrays`) that the general path would evaluate in one piece
    in the class-last layout (a call without a class axis, or of at most
    :data:`SMALL_ELEMENTS` elements and fewer rows than the class-first layout takes), with
    every index in range: the same generated code on the same arrays, so the same values to
    the last bit. ``checks`` see their whole arguments first, as in the general path. Anything
    else returns None, and the general path evaluates (or explains).
    """
    plain = _plain_arrays(fast, bound)
    if plain is None:
        return None
    dtype, batch, counts, arrays = plain
    over = None
    if fast.over is not None:
        over = fast.over[0] if fast.over[0] is not None else counts[fast.over[1]]
        if not over:
            return None
    if fast.class_axis:
        rows = math.prod(batch)
        largest = max(rows * (over or 1), *[array.size for array in arrays])
        if rows >= FIRST_MIN_ROWS or largest > SMALL_ELEMENTS:
            return None
    if fast.indexed and _indices_outside(function, fast, arrays, counts):
        return None
    if checks:
        for name, check in checks.items():
            check(bound[name])
    call: list[Any] = arrays
    if fast.class_axis and not fast.vectors_only:  # scalars and indices get a class axis
        call = [
            a if s[1] == "vector" else a[..., None] for s, a in zip(fast.specs, arrays, strict=True)
        ]
    call += [counts[slot] for slot in fast.count_slots]
    with np.errstate(all="ignore"):
        result = np.asarray(function._function(-1)[0](*call))
    if fast.class_axis and over is None and result.ndim:
        result = result.reshape(result.shape[:-1])
    shape = batch if over is None else (*batch, over)
    if result.shape == shape and result.dtype == dtype:
        return result  # what finish() returns for it
    return function.backend.finish(result, shape, dtype)


def call_one(
    function: NumericFunction, fast: FastPlan, array: Any, *, quiet: bool = False
) -> np.ndarray | None:
    """:func:`call_small` of a function of one vector argument (``fast.one``), or None.

    A plain ``array`` (:func:`_plain_arrays`) of at most :data:`SMALL_ELEMENTS` elements and
    fewer rows than the class-first layout takes gets the same generated code as in
    :func:`call_small`, so the same bits, without its per-argument steps. ``quiet``: the
    caller knows that the code raises no floating-point flag on ``array`` (numpy's
    ``errstate`` costs more than a small call's work).
    """
    if (
        type(array) is not np.ndarray
        or array.dtype not in _FAST_DTYPES
        or not array.ndim
        or not 0 < array.size <= SMALL_ELEMENTS
    ):
        return None
    classes = array.shape[-1]
    if array.size // classes >= FIRST_MIN_ROWS:
        return None
    code = function._function(-1)[0]
    if quiet:
        result = np.asarray(code(array, classes))
    else:
        with np.errstate(all="ignore"):
            result = np.asarray(code(array, classes))
    if fast.over is not None:
        shape = array.shape
    else:
        shape = array.shape[:-1]
        if result.ndim:
            result = result.reshape(result.shape[:-1])
    if result.shape == shape and result.dtype == array.dtype:
        return result
    return function.backend.finish(result, shape, array.dtype)


def call_logsumexp(array: Any) -> np.ndarray | None:
    """Log-sum-exp over the last axis of one small plain array by the row route, or None.

    A C-contiguous float32 or float64 array of at most :data:`SMALL_ELEMENTS` elements goes
    straight to :func:`~symxent.numeric.rows.row_logsumexp`, the function the compiled code's
    one-kernel call reaches for these rows (so the same bits, without that call's steps); None
    where that does not apply (or numpy's route is the faster one), and the caller calls as
    usual.

    Example:
        >>> call_logsumexp(np.zeros((2, 4))).tolist() == [np.log(4)] * 2
        True
    """
    if (
        type(array) is not np.ndarray
        or array.dtype not in _FAST_DTYPES
        or not array.ndim
        or not 0 < array.size <= SMALL_ELEMENTS
        or not array.flags.c_contiguous
    ):
        return None
    classes = array.shape[-1]
    if not dispatch.rows_kernel(array.dtype, classes):
        return None
    value = row_logsumexp(array.reshape(-1, classes))
    return value.astype(array.dtype, copy=False).reshape(array.shape[:-1])


_FAST_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))


@dataclass(frozen=True)
class FastPlan:
    """What :func:`call_fast` needs, without SymPy objects.

    (Hashing a SymPy object runs Python code; the fast call looks up nothing by them.)

    Attributes:
        specs: per argument ``(name, kind, fixed, slot)``: ``fixed`` its number of classes when
            it is a number, ``slot`` the position of its symbolic number of classes in the
            per-call list of counts (``-1``: none).
        count_slots: the slots of the counts the generated code takes, in its order.
        slots: how many symbolic counts there are.
        labels: the index arguments read only as the label of a log-softmax, which the runtime
            checks as it reads them (no range check before the call).
        over: ``(fixed, slot)`` of the class axis the result gets (``over=``), as in
            ``specs``; None without one.
        class_axis: whether the arrays carry a class axis (``plan.has_class_axis``).
        vectors_only: whether every argument is a vector.
        indexed: whether some argument is a class index.
        one: whether the function takes one vector and its count, and gives one value per row
            or a vector over the same classes (:func:`call_one`).
    """

    specs: tuple[tuple[str, str, int | None, int], ...]
    count_slots: tuple[int, ...]
    slots: int
    labels: frozenset[str]
    over: tuple[int | None, int] | None = None
    class_axis: bool = False
    vectors_only: bool = False
    indexed: bool = False
    one: bool = False


def fast_plan(arguments: tuple[Argument, ...], plan: ArrayPlan, fused: sp.Expr) -> FastPlan | None:
    """The :class:`FastPlan` of a function, or None.

    None when the function takes class positions or counts that no vector shows: those calls
    take the general path.
    """
    if plan.positions or any(a.kind == "count" for a in arguments):
        return None
    slots: dict[sp.Expr, int] = {}
    specs = []
    for argument in arguments:
        classes = argument.classes
        fixed, slot = None, -1
        if classes is not None and classes.is_Integer:
            fixed = int(classes)
        elif classes is not None:
            slot = slots.setdefault(classes, len(slots))
        specs.append((argument.name, argument.kind, fixed, slot))
    if any(count not in slots for count in plan.counts.values()):
        return None
    over: tuple[int | None, int] | None = None
    if plan.over_count is not None and plan.over_count.is_Integer:
        over = (int(plan.over_count), -1)
    elif plan.over_count is not None:
        if plan.over_count not in slots:
            return None
        over = (None, slots[plan.over_count])
    names = {plan.symbols[name]: name for name in plan.indices}
    labels = frozenset(names[symbol] for symbol in indices_read_only_as_labels(fused, set(names)))
    count_slots = tuple(slots[c] for c in plan.counts.values())
    kinds = {argument.kind for argument in arguments}
    return FastPlan(
        tuple(specs),
        count_slots,
        len(slots),
        labels,
        over,
        class_axis=plan.has_class_axis,
        vectors_only=kinds == {"vector"},
        indexed="index" in kinds,
        one=len(specs) == 1
        and specs[0][1:] == ("vector", None, 0)
        and count_slots == (0,)
        and plan.has_class_axis
        and over in (None, (None, 0)),
    )
