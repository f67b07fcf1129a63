r"""``to_numpy`` (and ``to_torch``, ``to_jax``): compile a symxent expression to a stable function.

The pipeline has one stage per module, and the formula itself is never written twice:

1. :func:`~symxent.numeric.expand.expand_for_numeric` — quantities to their definitions,
   derivatives evaluated;
2. :func:`~symxent.numeric.rewrite.stable_form` — identities that keep floats finite
   (log-sum-exp, :math:`0 \log 0 = 0`, log1p, softplus, the stable sigmoid);
3. :func:`~symxent.numeric.vectorize.vectorize` — vectors become arrays with a class axis, sums
   over the class index become reductions; :func:`~symxent.numeric.fuse.fuse` recognises
   log-softmax and softmax there;
4. :class:`~symxent.numeric.function.NumericFunction` — the code from ``sympy.lambdify`` with
   the backend's printer and helper module (:class:`~symxent.numeric.printer.SymxentNumPyPrinter`
   and :mod:`symxent.numeric.runtime` for numpy; :mod:`symxent.numeric.backend` for torch and
   jax), once per layout; argument order, shape checks, dtype, layout.

Stages 1-3 are the same for every backend: torch and jax code is printed from the very
expression the numpy code is printed from.

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

from typing import Any

import sympy as sp

from symxent.errors import NumericError
from symxent.inputs import as_basic
from symxent.numeric.backend import get_backend
from symxent.numeric.expand import expand_for_numeric
from symxent.numeric.function import Argument, Layout, NumericFunction
from symxent.numeric.fuse import fuse
from symxent.numeric.rewrite import stable_form
from symxent.numeric.vectorize import ArrayPlan, vectorize

__all__ = ["to_backend", "to_jax", "to_numpy", "to_torch"]


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


_FLOAT_MAX = sp.Float(1.7976931348623157e308)

_MAX_DIGITS = 10_000
"""Most digits of an exact power or factorial computed while compiling (``2^{2^{30}}`` has 323
million: SymPy would compute it for minutes, and its float64 value is inf or 0 anyway)."""


def _check_sizes(expr: sp.Expr) -> None:
    """Refuse an exact power or factorial of numbers with more than :data:`_MAX_DIGITS` digits.

    Inner nodes first, so an exponent is only evaluated once it is known to be small.

    Example:
        >>> _check_sizes(sp.Pow(2, sp.Pow(2, 30, evaluate=False), evaluate=False))
        Traceback (most recent call last):
        ...
        symxent.errors.NumericError: cannot compile 2**(2**30): a number too large to evaluate ...
    """
    for node in sp.postorder_traversal(expr):
        if isinstance(node, sp.Pow) and node.base.is_number and node.exp.is_number:
            try:
                scale = max(abs(float(sp.log(abs(sp.N(node.base, 15)) + 1, 10))), 1.0)
                digits = abs(float(node.exp)) * scale
            except (TypeError, ValueError, OverflowError):
                digits = float("inf")
        elif isinstance(node, sp.factorial) and node.args[0].is_number:
            digits = abs(float(node.args[0])) if node.args[0].is_real else float("inf")
        else:
            continue
        if digits > _MAX_DIGITS:
            raise NumericError(
                f"cannot compile {sp.sstr(node)[:60]}: a number too large to evaluate (more than "
                f"{_MAX_DIGITS} digits; its float64 value is inf or 0)"
            )


def _check_constants(expr: sp.Expr) -> None:
    """Refuse complex expressions and constants beyond float64's range, naming them.

    Example:
        >>> _check_constants(sp.I * sp.Symbol("x"))
        Traceback (most recent call last):
        ...
        symxent.errors.NumericError: cannot compile I*x: it has the imaginary unit I ...
    """
    if expr.has(sp.I):
        raise NumericError(
            f"cannot compile {expr}: it has the imaginary unit I (symxent's numeric functions "
            "are real)"
        )
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.Expr) and node.is_number and not node.is_Rational:
            value = node.evalf(20)
        elif isinstance(node, sp.Rational):
            value = node
        else:
            continue
        if value.is_real and abs(value) > _FLOAT_MAX:
            raise NumericError(
                f"cannot compile this expression: the constant {sp.N(node, 3)} is beyond "
                "float64's range (1.8e308); rewrite the expression (e.g. keep the constant "
                "inside a log)"
            )


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
    return to_backend(expr, "numpy", over=over, layout=layout)


def to_torch(expr: Any, *, over: Any = None) -> NumericFunction:
    r"""Compile a symxent expression to a torch function (the ``torch`` extra, imported lazily).

    The same compiled expression as :func:`to_numpy`, printed for torch: the stable helpers are
    ``torch.special.xlogy``, ``torch.logsumexp``, ``torch.log_softmax``, ``torch.softmax``,
    ``torch.sigmoid``, ``torch.logaddexp`` (softplus) and ``torch.take_along_dim``, so the result
    is differentiable by torch autograd.

    Args:
        expr: as for :func:`to_numpy`.
        over: as for :func:`to_numpy`.

    Returns:
        A :class:`~symxent.numeric.function.NumericFunction` taking tensors (or anything
        ``torch.as_tensor`` takes) in the order of ``f.args`` and returning a tensor: float32
        for float32 inputs, else float64; the classes on the last axis; class indices 0-based
        integer tensors. ``out=`` takes a tensor of the result's shape.

    Raises:
        NumericError: when torch is not installed, and as :func:`to_numpy`.

    Example:
        >>> import torch
        >>> from symxent import CrossEntropy, Labels, Logits, SoftmaxVector
        >>> z, y = Logits("z", "n"), Labels("y", "n")
        >>> loss = to_torch(CrossEntropy(y, SoftmaxVector(z)))
        >>> logits = torch.tensor([-1000.0, 1000.0], requires_grad=True)
        >>> value = loss(torch.tensor([0.5, 0.5]), logits)
        >>> value.item()
        1000.0
        >>> value.backward()
        >>> logits.grad  # softmax(z) - y
        tensor([-0.5000,  0.5000])
    """
    return to_backend(expr, "torch", over=over)


def to_jax(expr: Any, *, over: Any = None) -> NumericFunction:
    r"""Compile a symxent expression to a jitted jax function (``jax`` imported lazily).

    The same compiled expression as :func:`to_numpy`, printed for ``jax.numpy``; the stable
    helpers are ``jax.scipy.special.xlogy``/``xlog1py``, ``jax.nn.logsumexp``,
    ``jax.nn.log_softmax``, ``jax.nn.softmax``, ``jax.nn.sigmoid``, ``jnp.logaddexp`` (softplus)
    and ``jnp.take_along_axis``. The generated code runs under ``jax.jit``; the returned
    function also works inside ``jax.jit``, ``jax.grad`` and ``jax.vmap`` (class-index range
    checks are skipped for traced values).

    jax computes in float64 only when ``jax_enable_x64`` is on (``jax.config.update(
    "jax_enable_x64", True)`` or ``JAX_ENABLE_X64=1``); otherwise float64 inputs are computed in
    float32, jax's default.

    Args:
        expr: as for :func:`to_numpy`.
        over: as for :func:`to_numpy`.

    Returns:
        A :class:`~symxent.numeric.function.NumericFunction` taking jax or numpy arrays in the
        order of ``f.args`` and returning a jax array. ``out=`` is refused (jax arrays are
        immutable).

    Raises:
        NumericError: when jax is not installed, and as :func:`to_numpy`.

    Example:
        >>> import jax.numpy as jnp  # doctest: +SKIP
        >>> from symxent import Distribution, Entropy
        >>> entropy_bits = to_jax(Entropy(Distribution("p", "n"), 2))  # doctest: +SKIP
        >>> entropy_bits(jnp.array([0.5, 0.25, 0.125, 0.125]))  # doctest: +SKIP
        Array(1.75, dtype=float32)
    """
    return to_backend(expr, "jax", over=over)


def to_backend(
    expr: Any,
    backend: str = "numpy",
    *,
    over: Any = None,
    layout: Layout = "auto",
) -> NumericFunction:
    r"""Compile a symxent expression for the array library ``backend``.

    :func:`to_numpy`, :func:`to_torch` and :func:`to_jax` are this function with the backend
    named; use it when the backend is a parameter. Expansion, stable rewrites and vectorisation
    are shared: only the printed code and its helper module differ per backend.

    Args:
        expr: as for :func:`to_numpy`.
        backend: ``"numpy"``, ``"torch"`` or ``"jax"``. torch and jax are imported here, on
            first request, never by ``import symxent``.
        over: as for :func:`to_numpy`.
        layout: as for :func:`to_numpy`; torch and jax accept ``"auto"`` and ``"last"`` (their
            code keeps the class axis last).

    Returns:
        A :class:`~symxent.numeric.function.NumericFunction` for that backend.

    Raises:
        NumericError: for an unknown backend or one whose library is not installed, and as
            :func:`to_numpy`.

    Example:
        >>> from symxent import Logits, LogSumExp
        >>> f = to_backend(LogSumExp(Logits("z", "n")), "numpy")
        >>> f.backend.name, f.args
        ('numpy', ('z',))
    """
    chosen = get_backend(backend)
    given = as_basic(expr, f"to_{chosen.name}'s expression", NumericError)
    if not isinstance(given, sp.Expr):
        raise NumericError(f"to_{chosen.name} compiles a value (an expression), got {expr!r}")
    _check_sizes(given)
    stable = stable_form(expand_for_numeric(given))
    plan = vectorize(stable, over=over)
    _check_constants(plan.expr)
    fused = fuse(plan.expr, {plan.symbols[name]: n for name, n in plan.vectors.items()})
    arguments = _arguments(plan)
    return NumericFunction(
        given, stable, plan, arguments, fused=fused, layout=layout, backend=chosen
    )
