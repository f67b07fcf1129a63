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

Steps 1 and 2 are :mod:`symxent.numeric.binding`'s, the chunks of step 3
:mod:`symxent.numeric.chunks`. The array work in steps 1, 2 and 4 goes through the function's
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
from typing import Any

import numpy as np
import sympy as sp

from symxent.errors import NumericError
from symxent.numeric import dispatch, native
from symxent.numeric.backend import Backend, get_backend
from symxent.numeric.binding import Argument, arrays_of_call, bind, count_of, known_count
from symxent.numeric.chunks import (
    FIRST_MAX_CLASSES,
    FIRST_MIN_ROWS,
    RowCheck,
    chunk_elements,
    evaluate_chunked,
    evaluate_once,
)
from symxent.numeric.fastcall import call_fast, call_one, call_small, fast_plan
from symxent.numeric.layout import broadcasts_rows, reads_vectors_by_rows_only
from symxent.numeric.vectorize import ArrayPlan

__all__ = ["Argument", "Layout", "NumericFunction", "RowCheck"]

_RESERVED = frozenset({"numpy", "torch", "jax", "jnp", "math", "mpmath", "scipy", "builtins"})

Layout = str
"""``"auto"``, ``"last"`` (class axis last) or ``"first"`` (class axis first, chunked)."""


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
        self._compiled: dict[int, tuple[Callable[..., Any], str]] = {}
        self._code: tuple[list[sp.Symbol], sp.Expr]
        symbols = [plan.symbols[a.name] for a in self.arguments if a.kind != "count"]
        symbols += [*plan.counts.values(), *plan.positions.values()]
        names = {str(symbol) for symbol in symbols}
        if names & _RESERVED or names & set(self.backend.runtime()):
            # lambdify puts every Symbol into the code's namespace by name: one named like a
            # module the code refers to (numpy) or a helper (_sx_*) would shadow it
            renamed = {s: sp.Symbol(f"_sx_arg{i}", real=True) for i, s in enumerate(symbols)}
            self._code = (list(renamed.values()), fused.xreplace(renamed))
        else:
            self._code = (symbols, fused)
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
        # small plain calls of the other numpy functions (and of these without the kernels):
        # the general path's unchunked evaluation, directly
        small = self.backend.name == "numpy" and layout != "first"
        self._small = (self._fast or fast_plan(self.arguments, plan, fused)) if small else None
        one = self._fast is None and self._small is not None and self._small.one
        self._one = self._small if one else None
        self._names = tuple(a.name for a in self.arguments)
        self._name_set = frozenset(self._names)
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
        """The generated code for the class ``axis`` (-1 or 0) and its source, made once."""
        if axis not in self._compiled:
            backend, (symbols, expr) = self.backend, self._code
            modules = [backend.runtime(), backend.lambdify_module]
            printer = backend.printer(axis)
            try:
                code = sp.lambdify(symbols, expr, modules=modules, printer=printer, cse=True)
            except (TypeError, ValueError, SyntaxError, NameError) as error:  # pragma: no cover
                raise NumericError(
                    f"cannot generate {backend.name} code for {self.plan.expr}: {error}"
                ) from None
            try:
                source = inspect.getsource(code)
            except (OSError, TypeError):  # pragma: no cover - linecache has lambdify's source
                source = getattr(code, "__doc__", "") or ""
            self._compiled[axis] = backend.wrap(code), source
        return self._compiled[axis]

    # -- calling ----------------------------------------------------------------------------
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

    def short_call(self, array: Any, *, quiet: bool = False) -> np.ndarray | None:
        """A call on one small plain array by the fewest steps (the same bits), or None.

        For functions of one vector argument (softmax, log-softmax, nll:
        :func:`~symxent.numeric.fastcall.call_one`); None where that does not apply, and the
        caller calls as usual. ``quiet``: the caller knows the code raises no floating-point
        flag on ``array``.

        Example:
            >>> from symxent import Logits, Softmax
            >>> from symxent.numeric import to_numpy
            >>> z = Logits("z", "n")
            >>> f = to_numpy(Softmax(z, z.index("k")), over=z.index("k"))
            >>> f.short_call(np.zeros(2)).tolist()
            [0.5, 0.5]
        """
        return None if self._one is None else call_one(self, self._one, array, quiet=quiet)

    def _call(
        self,
        args: tuple[Any, ...],
        kwargs: Mapping[str, Any],
        out: Any,
        checks: Mapping[str, RowCheck] | None,
    ) -> Any:
        backend = self.backend
        if not kwargs and len(args) == len(self._names):  # every argument by position
            kwargs = dict(zip(self._names, args, strict=True))
        elif args or kwargs.keys() != self._name_set:
            kwargs = bind(self._names, args, kwargs)
        fast = self._fast if native.enabled() else None
        if fast is not None and checks is None:
            result = call_fast(self, fast, kwargs)
            if result is not None:
                return result if out is None else backend.write_out(result, out)
        elif fast is None and self._small is not None:
            result = call_small(self, self._small, kwargs, checks)
            if result is not None:
                return result if out is None else backend.write_out(result, out)
        values, counts, batch, dtype = arrays_of_call(
            self.arguments, self.plan.counts, backend, kwargs
        )
        result = self._evaluate(values, counts, batch, dtype, checks or {})
        return backend.write_out(result, out) if out is not None else result

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
        return None if self.plan.over_count is None else known_count(self.plan.over_count, counts)

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
            and dispatch.rows_kernel(dtype, max(counts.values(), default=1))
        ):
            _check_whole(checks, values)
            return evaluate_once(self, values, counts, batch, dtype)
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
            return evaluate_chunked(self, axis, values, counts, batch, dtype=dtype, checks=checks)
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
        call += [backend.positions(count_of(c, counts), dtype) for c in self.plan.positions]
        with backend.errstate():
            result = backend.asarray(function(*call))
        if class_axis and over is None and result.ndim:
            result = result.reshape(tuple(result.shape[:-1]))
        return backend.finish(result, result_shape, dtype)


def _check_whole(checks: Mapping[str, RowCheck], values: Mapping[str, Any]) -> None:
    """Run each check on its whole argument (an evaluation that is not chunked)."""
    for name, check in checks.items():
        check(values[name])
