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
from symxent.numeric.layout import indices_read_only_as_labels

if TYPE_CHECKING:
    from collections.abc import Mapping

    from symxent.numeric.function import Argument, NumericFunction
    from symxent.numeric.vectorize import ArrayPlan

__all__ = ["FastPlan", "call_fast", "fast_plan"]


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
    if not dispatch.rows_kernel(dtype, int(arrays[0].shape[-1]) if arrays[0].ndim else 1):
        return None  # numpy's route is faster here: the general path chunks the rows
    rows = math.prod(batch)
    call: list[Any] = []
    for (name, kind, fixed, slot), array in zip(fast.specs, arrays, strict=True):
        if kind == "vector":
            call.append(array.reshape(rows, array.shape[-1]))
            continue
        if kind == "index" and name not in fast.labels:
            limit = fixed if fixed is not None else counts[slot] if slot >= 0 else None
            if function.backend.index_bounds_outside(array, limit) is not None:
                return None
        call.append(array.reshape(rows, 1))
    call += [counts[slot] for slot in fast.count_slots]
    try:
        with np.errstate(all="ignore"):
            value = np.asarray(function._function(-1)[0](*call))
    except IndexError:
        if fast.labels:
            return None  # a bad label: the general path checks and says which
        raise
    return function._rows_result(value, call, rows, batch, dtype)


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
    """

    specs: tuple[tuple[str, str, int | None, int], ...]
    count_slots: tuple[int, ...]
    slots: int
    labels: frozenset[str]


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
    names = {plan.symbols[name]: name for name in plan.indices}
    labels = frozenset(names[symbol] for symbol in indices_read_only_as_labels(fused, set(names)))
    return FastPlan(tuple(specs), tuple(slots[c] for c in plan.counts.values()), len(slots), labels)
