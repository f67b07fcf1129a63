"""Evaluate an expanded expression at many sampled points at once, in float64 or in mpmath.

The numeric checker needs the value of both sides of a claim at hundreds of points, for several
class counts, including sums over a *symbolic* number of classes. Expanding ``Sum(..., (i, 1, n))``
for each concrete n and compiling it with ``lambdify`` costs tens of milliseconds per side; this
small interpreter instead evaluates the expression tree directly, turning every ``Sum`` over a
class index into a reduction over a new array axis. It runs on three backends with the same code:
numpy ``float64`` arrays for the sweep, numpy object arrays of ``mpmath.mpf`` at 50 digits, and
object arrays of ``mpmath.iv`` intervals, which enclose the exact value however much rounding and
cancellation there is, to re-check suspicious points rigorously.

Values have shape ``(P, a_1, ..., a_d)``: P points, then one axis per enclosing sum (size 1 where
a value does not depend on that sum's index).

Example:
    >>> import numpy as np, sympy as sp
    >>> from symxent.check.backends import FLOAT
    >>> i = sp.Symbol("i", integer=True)
    >>> p = sp.IndexedBase("p")
    >>> env = Environment(points=2, vectors={"p": np.array([[0.5, 0.5], [0.25, 0.75]])})
    >>> evaluate(sp.Sum(p[i] ** 2, (i, 1, 2)), env, FLOAT)
    array([0.5  , 0.625])
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import sympy as sp

from symxent.budget import check_cells
from symxent.check.backends import FLOAT, Backend
from symxent.inputs import as_basic
from symxent.quantities.activations import Sigmoid
from symxent.quantities.joint import Marginal
from symxent.quantities.reductions import Maximum, Minimum
from symxent.zero_log import XLogY

__all__ = [
    "Environment",
    "UnsupportedExpressionError",
    "XLogY",
    "evaluate",
    "exact_numbers",
]


class UnsupportedExpressionError(Exception):
    """Raised when the interpreter meets a node it cannot evaluate numerically."""


def exact_numbers(expr: sp.Basic) -> sp.Basic:
    """Replace Floats by the exact decimals they print as (``0.1`` becomes ``1/10``).

    A decimal in a claim means the number written, not its nearest binary float.

    Example:
        >>> import sympy as sp
        >>> exact_numbers(sp.Float("0.125") * 8)
        1
    """
    expr = as_basic(expr)
    floats = expr.atoms(sp.Float)
    return expr.xreplace({f: sp.Rational(str(f)) for f in floats}) if floats else expr


@dataclass
class Environment:
    """Values of the free variables at P sampled points.

    Attributes:
        points: P, the number of points.
        vectors: name -> array ``(P, n)`` (or ``(P, n, m)`` for doubly indexed bases); entry
            ``[:, i - 1]`` is component i.
        scalars: Symbol -> array ``(P,)``.
        indices: free class index (Idx or integer Symbol) -> integer array ``(P,)``, 1-based.
        counts: symbolic class counts -> the concrete number of classes used.
        bound: summation variables in scope -> integer arrays on their own axes (internal).
        depth: number of enclosing sums (internal).
        cells: the product of the lengths of the enclosing sums' axes (internal).
    """

    points: int
    vectors: Mapping[str, np.ndarray] = field(default_factory=dict)
    scalars: Mapping[sp.Basic, np.ndarray] = field(default_factory=dict)
    indices: Mapping[sp.Basic, np.ndarray] = field(default_factory=dict)
    counts: Mapping[sp.Basic, int] = field(default_factory=dict)
    bound: dict[sp.Basic, np.ndarray] = field(default_factory=dict)
    depth: int = 0
    cells: int = 1

    def lift(self, values: np.ndarray) -> np.ndarray:
        """Reshape a per-point array ``(P,)`` to ``(P, 1, ..., 1)`` at the current depth."""
        return values.reshape((self.points,) + (1,) * self.depth)

    def enter_sum(self, var: sp.Basic, values: np.ndarray) -> Environment:
        """Return the environment inside a sum over ``var`` taking ``values`` (a new axis)."""
        axis_shape = (1,) * (self.depth + 1) + (len(values),)
        bound = {k: v[..., None] for k, v in self.bound.items()}
        bound[var] = values.reshape(axis_shape)
        return replace(self, bound=bound, depth=self.depth + 1, cells=self.cells * len(values))


def _integer(expr: sp.Expr, env: Environment) -> Any:
    """Evaluate an index expression to an int or an int array at the current depth."""
    if expr.is_Integer:
        return int(expr)
    if expr in env.bound:
        return env.bound[expr]
    if expr in env.counts:
        return env.counts[expr]
    if expr in env.indices:
        return env.lift(np.asarray(env.indices[expr], dtype=np.int64))
    if expr.is_Add or expr.is_Mul:
        combine = operator.add if expr.is_Add else operator.mul
        return functools.reduce(combine, (_integer(a, env) for a in expr.args))
    raise UnsupportedExpressionError(f"index {expr} is not an integer expression of known indices")


_RELATIONS: dict[str, Callable[[Any, Any], Any]] = {
    "==": np.equal, "!=": np.not_equal, "<": np.less,
    "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal,
}  # fmt: skip
_UNARY = {sp.exp: "exp", sp.log: "log", sp.Abs: "abs", sp.sign: "sign", Sigmoid: "sigmoid"}
"""Functions of one argument that the backends compute by name."""


def _condition(expr: sp.Basic, env: Environment) -> Any:
    if expr is sp.true:
        return True
    if expr is sp.false:
        return False
    if isinstance(expr, sp.And | sp.Or):
        combine = np.logical_and if isinstance(expr, sp.And) else np.logical_or
        return functools.reduce(combine, (_condition(a, env) for a in expr.args))
    if isinstance(expr, sp.Not):
        return np.logical_not(_condition(expr.args[0], env))
    if isinstance(expr, sp.Rel):
        lhs, rhs = _integer(expr.lhs, env), _integer(expr.rhs, env)
        return _RELATIONS[expr.rel_op](lhs, rhs)
    raise UnsupportedExpressionError(f"condition {expr} is not about class indices")


def evaluate(expr: sp.Basic, env: Environment, backend: Backend) -> Any:
    """Evaluate ``expr`` at all points of ``env``.

    ``expr`` must be fully expanded (no quantities, no ``Derivative``); products with logarithms
    should have gone through :func:`~symxent.zero_log.zero_log_convention`.

    Returns:
        A backend scalar or an array of shape ``(P, 1, ..., 1)`` (depth 0: ``(P,)``).

    Raises:
        UnsupportedExpressionError: for nodes the interpreter does not know.
    """
    f = backend.functions
    if expr.is_Number or expr in (sp.E, sp.pi, sp.zoo, sp.oo, sp.S.NegativeInfinity, sp.nan):
        return backend.number(expr)
    if expr in env.bound:
        return _integers(env.bound[expr], backend)
    if expr in env.scalars:
        return env.lift(env.scalars[expr])
    if expr in env.indices:
        return _integers(env.lift(np.asarray(env.indices[expr], dtype=np.int64)), backend)
    if expr in env.counts:
        return backend.number(sp.Integer(env.counts[expr]))
    if isinstance(expr, sp.Indexed):
        name = str(expr.base.label)
        if name not in env.vectors:
            raise UnsupportedExpressionError(f"no values for the vector {name}")
        return _entry(env.vectors[name], expr.indices, env, backend, name)
    if isinstance(expr, Marginal):
        return _marginal(expr, env, backend)
    if expr.is_Add:
        total: Any = 0
        for a in expr.args:
            # the backend's ufuncs, not +: an mpmath interval meeting an array raises instead
            # of deferring to the array, and an Undefined must absorb whatever it meets
            total = f["add"](total, evaluate(a, env, backend))
        return total
    if expr.is_Mul:
        product: Any = 1
        for a in expr.args:
            product = f["mul"](product, evaluate(a, env, backend))
        return product
    if expr.is_Pow:
        base = evaluate(expr.base, env, backend)
        exponent = evaluate(expr.exp, env, backend)
        return f["power"](base, exponent)
    if type(expr) in _UNARY:
        return f[_UNARY[type(expr)]](evaluate(expr.args[0], env, backend))
    if isinstance(expr, XLogY):
        return f["xlogy"](*(evaluate(a, env, backend) for a in expr.args))
    if isinstance(expr, sp.KroneckerDelta):
        a, b = _integer(expr.args[0], env), _integer(expr.args[1], env)
        if isinstance(a == b, np.ndarray):
            return _integers(np.equal(a, b).astype(np.int64), backend)
        return int(a == b)
    if isinstance(expr, sp.Piecewise):
        return _piecewise(expr, env, backend)
    if isinstance(expr, sp.Sum | sp.Product | Maximum | Minimum):
        kind = {sp.Sum: "sum", sp.Product: "prod", Maximum: "max", Minimum: "min"}[type(expr)]
        return _sum_over(expr.function, list(expr.limits), env, backend, kind)
    if isinstance(expr, sp.Max | sp.Min):
        pick = f["max" if isinstance(expr, sp.Max) else "min"]
        result = evaluate(expr.args[0], env, backend)
        for a in expr.args[1:]:
            result = pick(result, evaluate(a, env, backend))
        return result
    raise UnsupportedExpressionError(f"cannot evaluate {type(expr).__name__}: {expr}")


def _entry(
    table: np.ndarray, indices: Any, env: Environment, backend: Backend, name: str = "a table"
) -> Any:
    """The entries of ``table`` (shape ``(P, n_1, ..., n_k)``) at the 1-based ``indices``."""
    positions = [_integer(i, env) - 1 for i in indices]
    point = np.arange(env.points).reshape((env.points,) + (1,) * env.depth)
    inside = np.ones((), dtype=bool)
    for axis, position in enumerate(positions, start=1):
        inside = inside & (position >= 0) & (position < table.shape[axis])
    if inside.all():
        return table[tuple([point, *positions])]
    # An entry beyond the vector's length does not exist: undefined there.
    clipped = [
        np.clip(position, 0, table.shape[axis] - 1)
        for axis, position in enumerate(positions, start=1)
    ]
    values = table[tuple([point, *clipped])]
    size = " x ".join(str(s) for s in table.shape[1:])
    where = ", ".join(str(i) for i in indices)
    missing = backend.undefined(
        f"{name}[{where}] runs past the end of {name} "
        f"({size} {'entry' if size == '1' else 'entries'})"
    )
    return np.where(inside, values, missing)


def _marginal(expr: Marginal, env: Environment, backend: Backend) -> Any:
    """A marginal of a joint pmf: its table summed over the other variables, then indexed."""
    joint = expr.joint
    name = str(joint.label)
    if name not in env.vectors:
        raise UnsupportedExpressionError(f"no values for the joint pmf {name}")
    table = env.vectors[name]
    kept = {joint.axis(v) + 1 for v in expr.variables}
    summed = tuple(axis for axis in range(1, table.ndim) if axis not in kept)
    if summed and backend is not FLOAT:
        reduced = table
        for axis in sorted(summed, reverse=True):  # object ufuncs reduce one axis at a time
            reduced = backend.functions["add"].reduce(reduced, axis=axis)
    else:
        reduced = table.sum(axis=summed) if summed else table
    return _entry(reduced, expr.args[2], env, backend)


def _integers(values: np.ndarray, backend: Backend) -> np.ndarray:
    """Integer arrays as Python ints for the object backends (intervals reject numpy ints)."""
    return values if backend is FLOAT else values.astype(object)


def _piecewise(expr: sp.Piecewise, env: Environment, backend: Backend) -> Any:
    result: Any = None
    decided: Any = False
    for piece, cond in expr.args:
        condition = _condition(cond, env)
        if condition is True and result is None:
            return evaluate(piece, env, backend)
        value = evaluate(piece, env, backend)
        take = np.logical_and(condition, np.logical_not(decided))
        result = value if result is None else np.where(take, value, result)
        decided = np.logical_or(decided, condition)
    return result


def _sum_over(
    function: sp.Expr, limits: list[Any], env: Environment, backend: Backend, kind: str = "sum"
) -> Any:
    """Sum ``function`` over ``limits`` (innermost first, as in ``Sum``), the last one outermost.

    ``kind`` ``"prod"``, ``"max"`` or ``"min"`` reduces by that instead (``Product``,
    :class:`~symxent.quantities.reductions.Maximum`); an empty range gives the sum's 0, the
    product's 1, and no maximum or minimum (undefined).
    """
    var, low, high = limits[-1]
    low_value, high_value = _integer(low, env), _integer(high, env)
    if not isinstance(low_value, int) or not isinstance(high_value, int):
        raise UnsupportedExpressionError(
            f"the bounds of the sum over {var} vary from point to point"
        )
    count = high_value - low_value + 1
    if count <= 0:
        empty = {"sum": 0, "prod": 1}.get(kind)
        return empty if empty is not None else backend.undefined(f"a {kind} over no terms")
    check_cells(env.points * env.cells * count, f"the sum over {var}")
    inner_env = env.enter_sum(var, np.arange(low_value, high_value + 1))
    if len(limits) > 1:
        value = _sum_over(function, limits[:-1], inner_env, backend, kind)
    else:
        value = evaluate(function, inner_env, backend)
    shape = (env.points,) + (1,) * env.depth + (count,)
    if kind == "sum" and not isinstance(value, np.ndarray):
        return env.lift(np.full(env.points, value * count, dtype=object)).astype(
            np.float64 if backend.name == "float64" else object
        )
    value = np.asarray(value, dtype=np.float64 if backend.name == "float64" else object)
    full = np.broadcast_to(value, np.broadcast_shapes(value.shape, shape))
    if backend is FLOAT and kind in ("sum", "prod"):
        reduce = np.add if kind == "sum" else np.multiply
        return reduce.reduce(full, axis=env.depth + 1)
    # a numpy ufunc of two arguments; the object backends' give back any Undefined
    pick: Any = backend.functions[{"sum": "add", "prod": "mul"}.get(kind, kind)]
    return pick.reduce(full, axis=env.depth + 1)
