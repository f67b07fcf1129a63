r"""``to_numpy``: compile a symxent expression to a stable, batched numpy function.

The pipeline has one stage per module, and the formula itself is never written twice:

1. :func:`~symxent.numeric.expand.expand_for_numeric` — quantities to their definitions,
   derivatives evaluated;
2. :func:`~symxent.numeric.rewrite.stable_form` — identities that keep floats finite
   (log-sum-exp, :math:`0 \log 0 = 0`, log1p, softplus, the stable sigmoid);
3. :func:`~symxent.numeric.vectorize.vectorize` — vectors become arrays with a class axis, sums
   over the class index become reductions; :func:`~symxent.numeric.fuse.fuse` recognises
   log-softmax and softmax there;
4. ``sympy.lambdify`` with :class:`~symxent.numeric.printer.SymxentNumPyPrinter` and the
   helpers of :mod:`symxent.numeric.runtime` as a module;
5. :class:`~symxent.numeric.function.NumericFunction` — argument order, shape checks, dtype,
   layout.

Example:
    >>> import numpy as np
    >>> from symxent import Labels, Logits, Softmax
    >>> from symxent.numeric import to_numpy
    >>> z, y = Logits("z", "n"), Labels("y", "n")
    >>> k = z.index("k")
    >>> grad = to_numpy(Softmax(z, k) - y[k])
    >>> grad.args
    ('y', 'z', 'k')
    >>> logits = np.array([[1000.0, 0.0], [0.0, -1000.0]])
    >>> grad(np.array([[1.0, 0.0], [0.0, 1.0]]), logits, np.array([0, 1])).tolist()
    [0.0, -1.0]
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sympy as sp

from symxent.errors import NumericError
from symxent.numeric import runtime
from symxent.numeric.expand import expand_for_numeric
from symxent.numeric.function import Argument, Layout, NumericFunction
from symxent.numeric.fuse import fuse
from symxent.numeric.printer import SymxentNumPyPrinter
from symxent.numeric.rewrite import stable_form
from symxent.numeric.vectorize import ArrayPlan, vectorize

__all__ = ["to_numpy"]


def _arguments(plan: ArrayPlan) -> list[Argument]:
    arguments = [Argument(name, "vector", count) for name, count in sorted(plan.vectors.items())]
    arguments += [Argument(name, "scalar") for name in sorted(plan.scalars)]
    arguments += [Argument(name, "index", count) for name, count in sorted(plan.indices.items())]
    shown = {c for c in plan.vectors.values() if not c.is_Integer}
    arguments += [
        Argument(name, "count", symbol)
        for name, symbol in sorted(plan.counts.items())
        if symbol not in shown
    ]
    return arguments


def _compiler(plan: ArrayPlan, arguments: list[Argument]) -> Callable[[int], tuple[Any, str]]:
    expr = fuse(plan.expr)
    symbols = (
        [plan.symbols[a.name] for a in arguments if a.kind != "count"]
        + list(plan.counts.values())
        + list(plan.positions.values())
    )

    def compile_layout(axis: int) -> tuple[Any, str]:
        printer = SymxentNumPyPrinter({"class_axis": axis})
        try:
            function = sp.lambdify(
                symbols, expr, modules=[runtime.MODULE, "numpy"], printer=printer, cse=True
            )
        except (TypeError, ValueError, SyntaxError, NameError) as error:  # pragma: no cover
            raise NumericError(f"cannot generate numpy code for {plan.expr}: {error}") from None
        source = getattr(function, "__doc__", "") or ""
        return function, _source_of(function, source)

    return compile_layout


def _source_of(function: Any, doc: str) -> str:
    import inspect

    try:
        return inspect.getsource(function)
    except (OSError, TypeError):  # pragma: no cover - linecache always has lambdify's source
        return doc


def to_numpy(
    expr: Any,
    *,
    over: Any = None,
    layout: Layout = "auto",
) -> NumericFunction:
    r"""Compile a symxent expression to a numerically stable, batched numpy function.

    Args:
        expr: any expression built from symxent quantities and vectors (``Entropy(p, 2)``,
            ``CrossEntropy(y, SoftmaxVector(z))``, ``Softmax(z, k) - y[k]``,
            ``sp.Derivative(CrossEntropy(y, SoftmaxVector(z)), z[k])``, ``Sigmoid(x) - t``).
        over: optionally a free class index (``k``, from ``z.index("k")``) to vectorise over:
            instead of taking k as an argument, the result gets a class axis with the value for
            every k (``to_numpy(Softmax(z, k), over=k)`` is the whole softmax).
        layout: ``"auto"`` (default: class-first chunks for at most 64 classes and at least
            2048 rows, else class axis last), ``"last"`` or ``"first"``. The values do not
            depend on it, only the speed.

    Returns:
        A :class:`~symxent.numeric.function.NumericFunction` ``f``. ``f.args`` lists its
        arguments in call order — vectors (sorted by name), then scalars, then class indices,
        then class counts that no vector shows — and ``inspect.signature(f)`` shows them too.
        A vector is an array of shape ``(*batch, n)`` (classes on the last axis), a scalar or
        index an array of shape ``(*batch)`` or anything broadcasting to it; a class index is
        **0-based** (``k = 0`` is the math's class 1). The result has shape ``batch`` (plus
        ``(n,)`` with ``over``), float32 for float32 inputs, else float64. ``f(..., out=buf)``
        writes into ``buf``.

    Raises:
        NumericError: when the expression cannot be compiled (e.g. a sum that does not run over
            all classes), and at call time for arrays of the wrong shape, dtype or range.

    Example:
        >>> import numpy as np
        >>> from symxent import CrossEntropy, Labels, Logits, SoftmaxVector
        >>> z, y = Logits("z", "n"), Labels("y", "n")
        >>> loss = to_numpy(CrossEntropy(y, SoftmaxVector(z)))
        >>> loss.args
        ('y', 'z')
        >>> float(loss(np.array([0.5, 0.5]), np.array([-1000.0, 1000.0])))
        1000.0
    """
    if isinstance(expr, sp.Eq | sp.Rel) or not isinstance(sp.sympify(expr), sp.Expr):
        raise NumericError(f"to_numpy compiles a value (an expression), got {expr!r}")
    expanded = expand_for_numeric(expr)
    stable = stable_form(expanded)
    plan = vectorize(stable, over=over)
    arguments = _arguments(plan)
    return NumericFunction(
        sp.sympify(expr), stable, plan, arguments, _compiler(plan, arguments), layout=layout
    )
