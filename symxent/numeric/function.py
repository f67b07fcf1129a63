r"""The callable that :func:`symxent.numeric.to_numpy` returns: argument checks, layout, dtype.

A :class:`NumericFunction` wraps the ``lambdify``-generated code of one expression. Calling it

1. binds the arrays to the arguments listed in :attr:`NumericFunction.args` (positionally or by
   name) and checks their shapes: a vector has its classes on the **last** axis, ``(..., n)``;
   scalars and class indices are arrays of the batch shape (or broadcast to it);
2. picks the dtype: float32 inputs give float32 results, anything else float64 (Python numbers
   do not vote);
3. picks a layout: the class axis last (reductions along rows), or — for few classes and a large
   batch — classes first, in cache-sized chunks of contiguous columns;
4. runs the generated code under ``numpy.errstate(all="ignore")``: infinities where the math is
   infinite (``p > 0, q = 0``) are results, not warnings.

Class indices are **0-based** (``k = 0`` is the math's class 1), as everywhere in NumPy.

The array work in steps 1, 2 and 4 goes through the function's
:class:`~symxent.numeric.backend.Backend`; torch and jax functions keep the class axis last and
return tensors / jax arrays.

Example:
    >>> import numpy as np
    >>> from symxent import Distribution, Entropy
    >>> from symxent.numeric import to_numpy
    >>> f = to_numpy(Entropy(Distribution("p", "n"), 2))
    >>> f.args
    ('p',)
    >>> float(f(np.array([0.5, 0.25, 0.125, 0.125])))
    1.75
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp

from symxent.errors import NumericError
from symxent.numeric import native
from symxent.numeric.backend import Backend, get_backend
from symxent.numeric.fastcall import call_fast, fast_plan
from symxent.numeric.layout import broadcasts_rows, reads_vectors_by_rows_only
from symxent.numeric.threads import num_threads, run_parts
from symxent.numeric.vectorize import ArrayPlan

__all__ = ["Layout", "NumericFunction", "RowCheck"]

RowCheck = Callable[[np.ndarray], None]
"""A check of a vector argument's rows, given parts of them, ``(rows, n)``
(:meth:`NumericFunction.call_checked`)."""

Layout = str
"""``"auto"``, ``"last"`` (class axis last) or ``"first"`` (class axis first, chunked)."""

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


def chunk_elements(classes: int, dtype: Any, *, class_first: bool = False) -> int:
    """Elements per vector per chunk for vectors of ``classes`` classes of ``dtype``.

    The class-first layout always takes :data:`CHUNK_BYTES` chunks.

    Example:
        >>> import numpy as np
        >>> chunk_elements(10, np.float32), chunk_elements(10, np.float64)
        (262144, 131072)
        >>> chunk_elements(1000, np.float64)
        262144
    """
    if class_first or classes <= FIRST_MAX_CLASSES:
        return CHUNK_BYTES // np.dtype(dtype).itemsize
    return CHUNK_ELEMENTS_LAST


PARALLEL_MIN_ELEMENTS = 1 << 18
"""A chunked evaluation of at least this many elements (rows times classes) is split over
:func:`~symxent.numeric.threads.num_threads` threads; below, starting threads costs more than it
saves."""


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


class NumericFunction:
    """A numeric function compiled from a symxent expression; see the module docstring.

    Attributes:
        expr: the expression that was compiled, as given.
        stable_expr: the expression after the stable rewrites (one class at a time).
        plan: the vectorised form (array expression and arguments).
        fused: ``plan.expr`` with log-softmax and softmax fused
            (:func:`~symxent.numeric.fuse.fuse`): the expression the code is printed from.
        arguments: the :class:`Argument` list, in call order.
        backend: the array library the code was generated for (``backend.name`` is
            ``"numpy"``, ``"torch"`` or ``"jax"``).
    """

    def __init__(
        self,
        expr: sp.Expr,
        stable_expr: sp.Expr,
        plan: ArrayPlan,
        arguments: list[Argument],
        compile_layout: Callable[[int], tuple[Callable[..., Any], str]],
        *,
        fused: sp.Expr,
        layout: Layout = "auto",
        backend: Backend | None = None,
    ) -> None:
        if layout not in ("auto", "last", "first"):
            raise NumericError(f"layout must be 'auto', 'last' or 'first', got {layout!r}")
        self.backend = backend if backend is not None else get_backend("numpy")
        if not self.backend.layouts and layout == "first":
            raise NumericError(
                f"the {self.backend.name} backend keeps the class axis last; layout 'first' is "
                "numpy's"
            )
        self.expr = expr
        self.stable_expr = stable_expr
        self.plan = plan
        self.fused = fused
        self.arguments = tuple(arguments)
        self.layout = layout
        self._compile_layout = compile_layout
        self._compiled: dict[int, tuple[Callable[..., Any], str]] = {}
        self._broadcasts_rows = self.backend.layouts and broadcasts_rows(
            fused,
            vectors={plan.symbols[name] for name in plan.vectors} | set(plan.positions.values()),
            rows={plan.symbols[name] for name in (*plan.scalars, *plan.indices)},
        )
        self._rows_only = self.backend.name == "numpy" and reads_vectors_by_rows_only(
            fused, vectors={plan.symbols[name] for name in plan.vectors}
        )
        # the rows-only expressions that take the class-last layout and give one value per row
        self._one_kernel_call = (
            self._rows_only
            and plan.over_count is None
            and (layout == "last" or (layout == "auto" and not self._broadcasts_rows))
        )
        self._fast = fast_plan(self.arguments, plan, fused) if self._one_kernel_call else None
        self._names = tuple(a.name for a in self.arguments)
        self._name_set = frozenset(self._names)
        self._index_arguments = tuple(a for a in self.arguments if a.kind == "index")
        self._float_names = tuple(a.name for a in self.arguments if a.kind in ("vector", "scalar"))
        parameters = [
            inspect.Parameter(a.name, inspect.Parameter.POSITIONAL_OR_KEYWORD)
            for a in self.arguments
        ]
        parameters.append(inspect.Parameter("out", inspect.Parameter.KEYWORD_ONLY, default=None))
        self.__signature__ = inspect.Signature(parameters)
        self.__name__ = "symxent_numeric"
        self.__doc__ = (
            f"Numeric form of {expr} ({self.backend.name}).\n\nArguments: "
            + ", ".join(f"{a.name} ({a.kind})" for a in self.arguments)
            + ".\nClass indices are 0-based; vectors have their classes on the last axis."
        )

    # -- introspection ----------------------------------------------------------------------
    @property
    def args(self) -> tuple[str, ...]:
        """Argument names in call order: vectors, scalars, indices, counts (each sorted by name)."""
        return self._names

    @property
    def kinds(self) -> dict[str, str]:
        """Argument name -> ``"vector"``, ``"scalar"``, ``"index"`` or ``"count"``."""
        return {a.name: a.kind for a in self.arguments}

    def source(self, layout: str = "last") -> str:
        """Return the generated Python source for the ``"last"`` or ``"first"`` layout."""
        return self._function(-1 if layout == "last" else 0)[1]

    def __repr__(self) -> str:
        backend = "" if self.backend.name == "numpy" else f" [{self.backend.name}]"
        return f"<symxent numeric function ({', '.join(self.args)}) of {self.expr}{backend}>"

    def _function(self, axis: int) -> tuple[Callable[..., Any], str]:
        if axis not in self._compiled:
            self._compiled[axis] = self._compile_layout(axis)
        return self._compiled[axis]

    # -- calling ----------------------------------------------------------------------------
    def _bind(self, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> dict[str, Any]:
        names = self._names
        if not args and kwargs.keys() == self._name_set:
            return dict(kwargs)
        if len(args) > len(names):
            raise NumericError(
                f"{len(args)} arguments given but the function takes {len(names)}: "
                f"({', '.join(names)})"
            )
        bound = dict(zip(names, args, strict=False))
        for key, value in kwargs.items():
            if key not in names:
                raise NumericError(f"unknown argument {key!r}; the arguments are {names}")
            if key in bound:
                raise NumericError(f"argument {key!r} given twice")
            bound[key] = value
        missing = [n for n in names if n not in bound]
        if missing:
            raise NumericError(
                f"missing argument(s) {', '.join(missing)}; call as f({', '.join(names)})"
            )
        return bound

    def __call__(self, *args: Any, out: Any = None, **kwargs: Any) -> Any:
        """Evaluate on arrays; see :attr:`args` for the order. Returns an array of batch shape."""
        return self._call(args, kwargs, out, None)

    def call_checked(
        self, checks: Mapping[str, RowCheck], *args: Any, out: Any = None, **kwargs: Any
    ) -> Any:
        """Evaluate as a call does, with ``checks[name](rows)`` run on vector argument ``name``.

        Where the evaluation is chunked, each check sees every chunk of its argument's rows,
        ``(rows, n)``, in the thread that evaluates the chunk, just before it does: a check
        that reads the rows (:class:`~symxent.numeric.validate.ProbabilityRows`) then costs no
        read pass of its own. Elsewhere it sees the whole argument first. A check records what
        it finds; the caller decides afterwards (the values of rows that fail are computed).

        Example:
            >>> from symxent import Distribution, Entropy
            >>> from symxent.numeric import to_numpy
            >>> seen = []
            >>> f = to_numpy(Entropy(Distribution("p", "n")))
            >>> round(float(f.call_checked({"p": seen.append}, [0.5, 0.5])), 6), len(seen)
            (0.693147, 1)
        """
        return self._call(args, kwargs, out, checks)

    def _call(
        self,
        args: tuple[Any, ...],
        kwargs: Mapping[str, Any],
        out: Any,
        checks: Mapping[str, RowCheck] | None,
    ) -> Any:
        backend = self.backend
        bound = self._bind(args, kwargs)
        if self._fast is not None and checks is None and native.enabled():
            result = call_fast(self, self._fast, bound)
            if result is not None:
                return result if out is None else backend.write_out(result, out)
        dtype = backend.result_dtype([bound[name] for name in self._float_names])
        values: dict[str, Any] = {}
        counts: dict[sp.Expr, int] = {}
        batch_shapes: list[tuple[int, ...]] = []
        for argument in self.arguments:
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
                counts[self.plan.counts[argument.name]] = _count_value(value, argument.name)
                continue
            else:
                array = backend.index_array(value, argument.name)
                batch_shapes.append(tuple(array.shape))
            values[argument.name] = array
        for argument in self._index_arguments:
            limit = _known_count(argument.classes, counts)
            bounds = backend.index_bounds_outside(values[argument.name], limit)
            if bounds is not None and limit == 0:
                raise NumericError(
                    f"class index {argument.name} has no class to point at: the vectors have "
                    "0 classes on their last axis"
                )
            if bounds is not None:
                raise NumericError(
                    f"class index {argument.name} must be in 0..{limit - 1 if limit else 'n-1'}"
                    f" (0-based), got values from {bounds[0]} to {bounds[1]}"
                )
        try:
            batch = _broadcast_batch(batch_shapes)
        except ValueError:
            shapes = ", ".join(
                f"{a.name}: {tuple(values[a.name].shape)}"
                for a in self.arguments
                if a.name in values
            )
            raise NumericError(
                f"the batch axes of the arguments do not broadcast ({shapes}); vectors have "
                "shape (*batch, n), scalars and indices shape (*batch)"
            ) from None
        result = self._evaluate(values, counts, batch, dtype, checks or {})
        if out is not None:
            return backend.write_out(result, out)
        return result

    def _rows_result(
        self,
        value: np.ndarray,
        arguments: list[Any],
        rows: int,
        batch: tuple[int, ...],
        dtype: np.dtype[Any],
    ) -> np.ndarray:
        """The value of a one-kernel call, of shape ``(rows, 1)``, as the result of ``batch``."""
        if value.shape == (rows, 1) and value.dtype == dtype:  # the kernels' values
            value = value.reshape(batch)
        else:
            if value.ndim:
                value = value.reshape(value.shape[:-1])
            value = self.backend.finish(value, (rows,), dtype).reshape(batch)
        for array in arguments:
            if isinstance(array, np.ndarray) and np.may_share_memory(value, array):
                return value.copy()  # an expression that returns an argument as it is
        return value

    def _over_count(self, counts: Mapping[sp.Expr, int]) -> int | None:
        if self.plan.over_count is None:
            return None
        return _known_count(self.plan.over_count, counts)

    def _choose_axis(self, counts: Mapping[sp.Expr, int], batch: tuple[int, ...]) -> int:
        if self.layout == "last" or not self.plan.has_class_axis or not self.backend.layouts:
            return -1
        if self.layout == "first":
            return 0
        rows = math.prod(batch)
        classes = max(counts.values(), default=0)
        few_classes = 0 < classes <= FIRST_MAX_CLASSES
        return 0 if rows >= FIRST_MIN_ROWS and few_classes and self._broadcasts_rows else -1

    def _evaluate(
        self,
        values: dict[str, Any],
        counts: dict[sp.Expr, int],
        batch: tuple[int, ...],
        dtype: Any,
        checks: Mapping[str, RowCheck],
    ) -> Any:
        backend = self.backend
        if (
            self._one_kernel_call
            and native.enabled()
            and native.rows_kernel(dtype, max(counts.values(), default=1))
        ):
            _check_whole(checks, values)
            return self._evaluate_once(values, counts, batch, dtype)
        axis = self._choose_axis(counts, batch)
        rows = math.prod(batch)
        widest = max(
            [int(values[a.name].shape[-1]) for a in self.arguments if a.kind == "vector"]
            + [self._over_count(counts) or 1]
        )
        if backend.layouts and (  # numpy: dtype is a numpy dtype
            axis == 0
            or (self.plan.has_class_axis and rows * widest > 2 * chunk_elements(widest, dtype))
        ):
            return self._evaluate_chunked(axis, values, counts, batch, dtype=dtype, checks=checks)
        _check_whole(checks, values)
        function = self._function(axis)[0]
        over = self._over_count(counts)
        result_shape = batch + ((over,) if over is not None else ())
        call: list[Any] = []
        class_axis = self.plan.has_class_axis
        for argument in self.arguments:
            if argument.kind == "count":
                continue
            array = values[argument.name]
            if class_axis and argument.kind != "vector":
                array = array[..., None]
            call.append(array)
        call += [backend.count(counts[c], dtype) for c in self.plan.counts.values()]
        call += [backend.positions(_count(c, counts), dtype) for c in self.plan.positions]
        with backend.errstate():
            result = backend.asarray(function(*call))
        if class_axis and over is None and result.ndim:
            result = result.reshape(tuple(result.shape[:-1]))
        return backend.finish(result, result_shape, dtype)

    def _evaluate_chunked(
        self,
        axis: int,
        values: dict[str, np.ndarray],
        counts: dict[sp.Expr, int],
        batch: tuple[int, ...],
        *,
        dtype: np.dtype[Any],
        checks: Mapping[str, RowCheck],
    ) -> np.ndarray:
        """Evaluate on chunks of rows, so temporaries stay in cache and are reused.

        With ``axis == 0`` each chunk of every vector is copied, transposed, into a buffer with
        the classes first; with ``axis == -1`` chunks are views of the rows. ``checks`` see
        each chunk of their vectors' rows before it is evaluated.
        """
        function = self._function(axis)[0]
        over = self._over_count(counts)
        result_shape = batch + ((over,) if over is not None else ())
        rows = math.prod(batch)
        flat = self._flat_arguments(values, batch, rows)
        chunk_checks = [
            checks.get(a.name) if a.kind == "vector" else None
            for a in self.arguments
            if a.kind != "count"
        ]
        widest = max([array.shape[1] for kind, array in flat if kind == "vector"], default=1)
        extra: list[Any] = [counts[c] for c in self.plan.counts.values()]
        positions = [np.arange(1, _count(c, counts) + 1) for c in self.plan.positions]
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
                    value = np.asarray(function(*call, *extra))
                    if axis == 0:
                        value = value.T
                    if over is None and value.ndim:
                        result[start:stop] = value.reshape(value.shape[:-1])
                    elif over is None:
                        result[start:stop] = value
                    else:
                        result[start:stop] = np.broadcast_to(value, (stop - start, over))

        run_parts(evaluate_rows, _part_bounds(rows, step, rows * width))
        return result.reshape(result_shape)

    def _flat_arguments(
        self, values: Mapping[str, np.ndarray], batch: tuple[int, ...], rows: int
    ) -> list[tuple[str, np.ndarray]]:
        """The array arguments as ``(kind, array)``: vectors ``(rows, n)``, the others ``(rows,)``.

        Views where the shapes allow (no copy of a C-contiguous argument of the batch shape).
        """
        flat: list[tuple[str, np.ndarray]] = []
        for argument in self.arguments:
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

    def _evaluate_once(
        self,
        values: Mapping[str, np.ndarray],
        counts: Mapping[sp.Expr, int],
        batch: tuple[int, ...],
        dtype: np.dtype[Any],
    ) -> np.ndarray:
        """All rows in one call, its value the result (no copy into a result array).

        For expressions read only by the compiled row kernels, which split the rows over the
        threads themselves and need no cache-sized chunks (no temporary the size of a vector).
        """
        rows = math.prod(batch)
        flat = self._flat_arguments(values, batch, rows)
        call: list[Any] = [array if kind == "vector" else array[:, None] for kind, array in flat]
        call += [counts[c] for c in self.plan.counts.values()]
        call += [np.arange(1, _count(c, counts) + 1) for c in self.plan.positions]
        with np.errstate(all="ignore"):
            value = np.asarray(self._function(-1)[0](*call))
        return self._rows_result(value, call, rows, batch, dtype)


def _check_whole(checks: Mapping[str, RowCheck], values: Mapping[str, Any]) -> None:
    """Run each check on its whole argument (an evaluation that is not chunked)."""
    for name, check in checks.items():
        check(values[name])


def _part_bounds(rows: int, step: int, elements: int) -> list[int]:
    """Row boundaries of the parts of a chunked evaluation, one part per thread.

    Parts are whole chunks of ``step`` rows, so the chunks (and the results) are the same for any
    number of threads; a batch below :data:`PARALLEL_MIN_ELEMENTS` elements is one part.

    Example:
        >>> from symxent.numeric import threads
        >>> threads.set_num_threads(2)
        >>> _part_bounds(10, 3, 1 << 20)  # chunks 0-3, 3-6 | 6-9, 9-10
        [0, 6, 10]
        >>> _part_bounds(10, 3, 100)
        [0, 10]
        >>> threads.set_num_threads(None)
    """
    chunks = -(-rows // step)
    workers = min(num_threads(), chunks) if elements >= PARALLEL_MIN_ELEMENTS else 1
    return [min(rows, (chunks * part // workers) * step) for part in range(workers)] + [rows]


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


def _count(count: sp.Expr, counts: Mapping[sp.Expr, int]) -> int:
    value = _known_count(count, counts)
    if value is None:  # pragma: no cover - every symbolic count is an argument or a vector's
        raise NumericError(f"the number of classes {count} is not known from the arguments")
    return value


def _known_count(count: sp.Expr | None, counts: Mapping[sp.Expr, int]) -> int | None:
    if count is None:
        return None
    if count.is_Integer:
        return int(count)
    return counts.get(count)
