r"""The arguments of a compiled function: a call bound to them, converted to arrays and checked.

:func:`arrays_of_call` converts to one float dtype, reads the numbers of classes from the vectors'
last axes, checks class indices against them and finds the batch shape; each failure is a
:class:`~symxent.errors.NumericError` that names the argument.

Example:
    >>> bind(("p", "q"), (1,), {"q": 2})
    {'p': 1, 'q': 2}
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp

from symxent.errors import NumericError
from symxent.numeric.backend import Backend

__all__ = ["Argument", "arrays_of_call", "bind", "count_of", "known_count"]


@dataclass(frozen=True)
class Argument:
    """One argument of a compiled function.

    Attributes:
        name: the argument's name (a vector's name, a Symbol's name).
        kind: ``"vector"`` (array ``(..., n)``), ``"scalar"`` (array of the batch shape),
            ``"index"`` (integer array, 0-based class) or ``"count"`` (a number of classes
            that no vector argument shows, a Python int).
        classes: the number of classes (an int, or a Symbol read from the arrays).
    """

    name: str
    kind: str
    classes: sp.Expr | None = None


def bind(names: Sequence[str], args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> dict[str, Any]:
    """The call's values by argument name; an error names a missing, unknown or repeated one."""
    if len(args) > len(names):
        raise NumericError(
            f"{len(args)} arguments given but the function takes {len(names)}: ({', '.join(names)})"
        )
    bound = dict(zip(names, args, strict=False))
    for key, value in kwargs.items():
        if key not in names:
            raise NumericError(f"unknown argument {key!r}; the arguments are {tuple(names)}")
        if key in bound:
            raise NumericError(f"argument {key!r} given twice")
        bound[key] = value
    missing = [n for n in names if n not in bound]
    if missing:
        raise NumericError(
            f"missing argument(s) {', '.join(missing)}; call as f({', '.join(names)})"
        )
    return bound


def arrays_of_call(
    arguments: Sequence[Argument],
    count_symbols: Mapping[str, sp.Expr],
    backend: Backend,
    bound: Mapping[str, Any],
) -> tuple[dict[str, Any], dict[sp.Expr, int], tuple[int, ...], Any]:
    """The bound values as arrays: ``(values, counts, batch, dtype)``, checked.

    ``counts`` maps each symbolic number of classes to its value (from the vectors' last axes
    and the count arguments, named in ``count_symbols``); ``batch`` is the common batch shape.
    """
    floats = [bound[a.name] for a in arguments if a.kind in ("vector", "scalar")]
    dtype = backend.result_dtype(floats)
    values: dict[str, Any] = {}
    counts: dict[sp.Expr, int] = {}
    batch_shapes: list[tuple[int, ...]] = []
    for argument in arguments:
        value = bound[argument.name]
        if argument.kind == "vector":
            array = backend.float_array(value, dtype, argument.name)
            if array.ndim == 0:
                raise NumericError(
                    f"vector {argument.name} needs its classes on the last axis, shape "
                    f"(..., {argument.classes}); got a scalar"
                )
            _record_count(counts, argument, int(array.shape[-1]))
            batch_shapes.append(tuple(array.shape[:-1]))
        elif argument.kind == "scalar":
            array = backend.float_array(value, dtype, argument.name)
            batch_shapes.append(tuple(array.shape))
        elif argument.kind == "count":
            counts[count_symbols[argument.name]] = _count_value(value, argument.name)
            continue
        else:
            array = backend.index_array(value, argument.name)
            batch_shapes.append(tuple(array.shape))
        values[argument.name] = array
    for argument in arguments:
        if argument.kind == "index":
            _check_index(backend, argument.name, values[argument.name], argument.classes, counts)
    try:
        batch = _broadcast_batch(batch_shapes)
    except ValueError:
        shapes = ", ".join(f"{name}: {tuple(array.shape)}" for name, array in values.items())
        raise NumericError(
            f"the batch axes of the arguments do not broadcast ({shapes}); vectors have "
            "shape (*batch, n), scalars and indices shape (*batch)"
        ) from None
    return values, counts, batch, dtype


def _check_index(
    backend: Backend, name: str, array: Any, classes: sp.Expr | None, counts: Mapping[Any, int]
) -> None:
    limit = known_count(classes, counts)
    bounds = backend.index_bounds_outside(array, limit)
    if bounds is not None and limit == 0:
        raise NumericError(
            f"class index {name} has no class to point at: the vectors have 0 classes on their "
            "last axis"
        )
    if bounds is not None:
        raise NumericError(
            f"class index {name} must be in 0..{limit - 1 if limit else 'n-1'} (0-based), got "
            f"values from {bounds[0]} to {bounds[1]}"
        )


def _broadcast_batch(shapes: list[tuple[int, ...]]) -> tuple[int, ...]:
    """The common batch shape of the arguments (``ValueError`` when they do not broadcast)."""
    if not shapes:
        return ()
    first = shapes[0]
    if all(shape == first for shape in shapes):
        return first
    return tuple(np.broadcast_shapes(*shapes))


def _count_value(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or int(value) < 1:
        raise NumericError(f"class count {name} must be a positive int, got {value!r}")
    return int(value)


def _record_count(counts: dict[sp.Expr, int], argument: Argument, size: int) -> None:
    classes = argument.classes
    if classes is None:  # pragma: no cover - every vector argument has a length
        raise NumericError(f"vector {argument.name} has no number of classes")
    if classes.is_Integer:
        if int(classes) != size:
            raise NumericError(
                f"vector {argument.name} has {classes} classes, but the array's last axis has "
                f"length {size}; put the classes on the last axis, shape (..., {classes})"
            )
        return
    known = counts.get(classes)
    if known is not None and known != size:
        raise NumericError(
            f"vectors of length {classes} must agree: {argument.name} has {size} classes on its "
            f"last axis, another argument has {known}"
        )
    counts[classes] = size


def count_of(count: sp.Expr, counts: Mapping[Any, int]) -> int:
    """The value of the number of classes ``count`` in this call."""
    value = known_count(count, counts)
    if value is None:  # pragma: no cover - every symbolic count is an argument or a vector's
        raise NumericError(f"the number of classes {count} is not known from the arguments")
    return value


def known_count(count: sp.Expr | None, counts: Mapping[Any, int]) -> int | None:
    """The value of ``count`` (None, an Integer, or a Symbol in ``counts``), or None."""
    if count is None:
        return None
    return int(count) if count.is_Integer else counts.get(count)
