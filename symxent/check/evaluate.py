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
    >>> i = sp.Symbol("i", integer=True)
    >>> p = sp.IndexedBase("p")
    >>> env = Environment(points=2, vectors={"p": np.array([[0.5, 0.5], [0.25, 0.75]])})
    >>> evaluate(sp.Sum(p[i] ** 2, (i, 1, 2)), env, FLOAT)
    array([0.5  , 0.625])
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import mpmath
import numpy as np
import sympy as sp

from symxent.budget import check_cells
from symxent.inputs import as_basic
from symxent.quantities.activations import Sigmoid
from symxent.quantities.joint import Marginal
from symxent.quantities.reductions import Maximum, Minimum

__all__ = [
    "FLOAT",
    "INTERVAL",
    "MPMATH",
    "Backend",
    "Environment",
    "UnsupportedExpressionError",
    "XLogY",
    "evaluate",
    "exact_numbers",
    "interval_digits",
    "with_zero_log_convention",
]


class UnsupportedExpressionError(Exception):
    """Raised when the interpreter meets a node it cannot evaluate numerically."""


class XLogY(sp.Function):
    """``x * log(y)`` with ``0 * log(y) = 0`` for any y (the convention ``0 log 0 = 0``).

    Used only inside the numeric checker, after :func:`with_zero_log_convention`.
    """

    nargs = 2


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


def with_zero_log_convention(expr: sp.Expr) -> sp.Expr:
    """Rewrite every product ``a * log(b)`` as ``XLogY(a, b)``, so ``0 log 0`` evaluates to 0.

    Example:
        >>> import sympy as sp
        >>> x = sp.Symbol("x")
        >>> with_zero_log_convention(x * sp.log(x) + 1)
        XLogY(x, x) + 1
    """

    def rewrite(node: sp.Basic) -> sp.Basic:
        if not node.args:
            return node
        args = [rewrite(a) for a in node.args]
        if node.is_Mul:
            logs = [a for a in args if isinstance(a, sp.log)]
            if len(logs) == 1:
                rest = [a for a in args if a is not logs[0]]
                return XLogY(sp.Mul(*rest), logs[0].args[0])
        return node.func(*args) if args != list(node.args) else node

    return rewrite(expr)


@dataclass(frozen=True)
class Backend:
    """Elementwise functions for one number type.

    Attributes:
        name: ``"float64"`` or ``"mpmath"``.
        number: converts a SymPy number to the backend's scalar.
        functions: elementwise functions by name (``log``, ``exp``, ``abs``, ``xlogy``, ...).
    """

    name: str
    number: Callable[[sp.Expr], Any]
    functions: Mapping[str, Callable[..., Any]]

    def array(self, values: np.ndarray) -> np.ndarray:
        """Convert a float array of sampled inputs to this backend's array type."""
        if self.name == "float64":
            return np.asarray(values, dtype=np.float64)
        convert = mpmath.iv.mpf if self.name == "interval" else mpmath.mpf
        return np.vectorize(convert, otypes=[object])(values)


def _float_number(value: sp.Expr) -> float:
    if value is sp.zoo:
        return math.nan  # complex infinity has no sign: undefined on the reals
    if value is sp.oo:
        return math.inf
    if value is sp.S.NegativeInfinity:
        return -math.inf
    if value is sp.nan:
        return math.nan
    return float(value)


def _mp_number(value: sp.Expr) -> Any:
    if value.is_Rational:
        return mpmath.mpf(int(value.p)) / int(value.q)
    if value is sp.zoo:
        return mpmath.nan
    if value is sp.oo:
        return mpmath.inf
    if value is sp.S.NegativeInfinity:
        return -mpmath.inf
    if value is sp.nan:
        return mpmath.nan
    return mpmath.mpf(sp.N(value, mpmath.mp.dps + 5)._mpf_)


def _float_xlogy(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    x, y = np.broadcast_arrays(np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64))
    out = np.zeros(x.shape)
    nonzero = x != 0
    out[nonzero] = x[nonzero] * np.log(y[nonzero])
    return out


def _mp_log(x: Any) -> Any:
    if x == 0:
        return -mpmath.inf
    if x < 0:
        return mpmath.nan
    return mpmath.log(x)


def _mp_xlogy(x: Any, y: Any) -> Any:
    if x == 0:
        return mpmath.mpf(0)
    return x * _mp_log(y)


_MP_EXPONENT_LIMIT = mpmath.mpf(10) ** 30


def _mp_exp(x: Any) -> Any:
    # e^x for |x| > 1e30 has more than 1e29 digits before the point; mpmath would need that
    # many digits of log 2 to get it right (e^(e^(e^30)) runs for hours). Undefined here.
    if abs(x) > _MP_EXPONENT_LIMIT:
        return mpmath.nan
    return mpmath.exp(x)


def _mp_power(base: Any, exponent: Any) -> Any:
    if base != 0 and abs(exponent * mpmath.log(abs(base))) > _MP_EXPONENT_LIMIT:
        return mpmath.nan  # as _mp_exp: too large (or small) to evaluate
    return base**exponent


def _mp_sigmoid(x: Any) -> Any:
    return 1 / (1 + _mp_exp(-x))


def _mp_pick(a: Any, b: Any, *, larger: bool) -> Any:
    """max(a, b) or min(a, b) of two mpf numbers; undefined (NaN) if either is."""
    a, b = mpmath.mpf(a), mpmath.mpf(b)
    if mpmath.isnan(a) or mpmath.isnan(b):
        return mpmath.nan
    return max(a, b) if larger else min(a, b)


FLOAT = Backend(
    "float64",
    _float_number,
    {
        "log": np.log,
        "exp": np.exp,
        "abs": np.abs,
        "xlogy": _float_xlogy,
        "sigmoid": lambda x: 0.5 * (1 + np.tanh(0.5 * np.asarray(x, dtype=np.float64))),
        "sign": np.sign,
        "max": np.maximum,
        "min": np.minimum,
    },
)
"""The float64 backend (numpy arrays)."""

MPMATH = Backend(
    "mpmath",
    _mp_number,
    {
        "log": np.frompyfunc(_mp_log, 1, 1),
        "exp": np.frompyfunc(_mp_exp, 1, 1),
        "power": np.frompyfunc(_mp_power, 2, 1),
        "abs": np.frompyfunc(abs, 1, 1),
        "xlogy": np.frompyfunc(_mp_xlogy, 2, 1),
        "sigmoid": np.frompyfunc(_mp_sigmoid, 1, 1),
        "sign": np.frompyfunc(mpmath.sign, 1, 1),
        "max": np.frompyfunc(lambda a, b: _mp_pick(a, b, larger=True), 2, 1),
        "min": np.frompyfunc(lambda a, b: _mp_pick(a, b, larger=False), 2, 1),
    },
)
"""The high-precision backend (object arrays of ``mpmath.mpf``; set ``mpmath.mp.dps``)."""

_iv = mpmath.iv
_IV_UNDEFINED = _iv.mpf("nan")  # spreads to (-inf, +inf): a value that decides nothing


def _endpoints(x: Any) -> tuple[Any, Any]:
    """The ends of an interval (or of a number, seen as a point) as ``mpmath.mpf``."""
    if isinstance(x, int):
        return mpmath.mpf(x), mpmath.mpf(x)
    low, high = x._mpi_
    return mpmath.mp.make_mpf(low), mpmath.mp.make_mpf(high)  # exactly, not rounded to mp.dps


def _iv_number(value: sp.Expr) -> Any:
    if value.is_Rational:
        return _iv.mpf(int(value.p)) / int(value.q)
    if value is sp.oo:
        return _iv.mpf("inf")
    if value is sp.S.NegativeInfinity:
        return _iv.mpf("-inf")
    if value is sp.E:
        return _iv.e
    if value is sp.pi:
        return _iv.pi
    return _IV_UNDEFINED  # zoo, nan


def _iv_log(x: Any) -> Any:
    low, high = _endpoints(x)
    if low > 0:
        return _iv.log(x)
    if low == high == 0:
        return _iv.mpf("-inf")
    if low == 0:
        return _iv.mpf(["-inf", _endpoints(_iv.log(high))[1]])
    return _IV_UNDEFINED  # (partly) negative


def _iv_xlogy(x: Any, y: Any) -> Any:
    if _endpoints(x) == (0, 0):
        return _iv.mpf(0)  # 0 log 0 = 0
    return x * _iv_log(y)


def _iv_exp(x: Any) -> Any:
    low, high = _endpoints(x)
    if max(abs(low), abs(high)) > _MP_EXPONENT_LIMIT and mpmath.isfinite(low * high):
        return _IV_UNDEFINED  # as _mp_exp: too large to evaluate
    return _iv.exp(x)


def _iv_power(base: Any, exponent: Any) -> Any:
    low, high = _endpoints(base)
    if low > 0 and mpmath.isfinite(high):
        size = max(abs(v) for v in _endpoints(exponent * _iv.log(base)))
        if size > _MP_EXPONENT_LIMIT:
            return _IV_UNDEFINED
    result = base**exponent
    return result if isinstance(result, type(_IV_UNDEFINED)) else _IV_UNDEFINED  # complex


def _iv_sign(x: Any) -> Any:
    low, high = _endpoints(x)
    if low > 0:
        return _iv.mpf(1)
    if high < 0:
        return _iv.mpf(-1)
    if low == high == 0:
        return _iv.mpf(0)
    return _iv.mpf([-1, 1])


def _iv_sigmoid(x: Any) -> Any:
    return 1 / (1 + _iv_exp(-x))


def _iv_pick(a: Any, b: Any, *, larger: bool) -> Any:
    """The interval of max(a, b) (or min): the max (min) of the lower ends and of the upper ends."""
    (a_low, a_high), (b_low, b_high) = _endpoints(a), _endpoints(b)
    if any(mpmath.isnan(v) for v in (a_low, a_high, b_low, b_high)):
        return _IV_UNDEFINED
    pick = max if larger else min
    return _iv.mpf([pick(a_low, b_low), pick(a_high, b_high)])


INTERVAL = Backend(
    "interval",
    _iv_number,
    {
        "log": np.frompyfunc(_iv_log, 1, 1),
        "exp": np.frompyfunc(_iv_exp, 1, 1),
        "power": np.frompyfunc(_iv_power, 2, 1),
        "abs": np.frompyfunc(abs, 1, 1),
        "xlogy": np.frompyfunc(_iv_xlogy, 2, 1),
        "sigmoid": np.frompyfunc(_iv_sigmoid, 1, 1),
        "sign": np.frompyfunc(_iv_sign, 1, 1),
        "max": np.frompyfunc(lambda a, b: _iv_pick(a, b, larger=True), 2, 1),
        "min": np.frompyfunc(lambda a, b: _iv_pick(a, b, larger=False), 2, 1),
    },
)
"""The rigorous backend: object arrays of ``mpmath.iv`` intervals that surely contain the exact
value (set the precision with :func:`interval_digits`). Rounding and cancellation widen an
interval instead of moving it, so a difference whose interval excludes 0 is surely nonzero."""


class interval_digits:  # noqa: N801  (used like mpmath.workdps)
    """Context manager: work with ``mpmath.iv`` intervals at ``digits`` significant digits."""

    def __init__(self, digits: int) -> None:
        self.digits = digits
        self.saved = 0

    def __enter__(self) -> None:
        self.saved = _iv.prec
        _iv.dps = self.digits

    def __exit__(self, *exc: object) -> None:
        _iv.prec = self.saved


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
        return Environment(
            self.points,
            self.vectors,
            self.scalars,
            self.indices,
            self.counts,
            bound,
            self.depth + 1,
            self.cells * len(values),
        )


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
    if expr.is_Add:
        total: Any = 0
        for a in expr.args:
            total = total + _integer(a, env)
        return total
    if expr.is_Mul:
        product: Any = 1
        for a in expr.args:
            product = product * _integer(a, env)
        return product
    raise UnsupportedExpressionError(f"index {expr} is not an integer expression of known indices")


def _condition(expr: sp.Basic, env: Environment) -> Any:
    if expr is sp.true:
        return True
    if expr is sp.false:
        return False
    if isinstance(expr, sp.And):
        result: Any = True
        for a in expr.args:
            result = np.logical_and(result, _condition(a, env))
        return result
    if isinstance(expr, sp.Or):
        result = False
        for a in expr.args:
            result = np.logical_or(result, _condition(a, env))
        return result
    if isinstance(expr, sp.Not):
        return np.logical_not(_condition(expr.args[0], env))
    if isinstance(expr, sp.Rel):
        lhs, rhs = _integer(expr.lhs, env), _integer(expr.rhs, env)
        ops: dict[str, Callable[[Any, Any], Any]] = {
            "==": np.equal,
            "!=": np.not_equal,
            "<": np.less,
            "<=": np.less_equal,
            ">": np.greater,
            ">=": np.greater_equal,
        }
        return ops[expr.rel_op](lhs, rhs)
    raise UnsupportedExpressionError(f"condition {expr} is not about class indices")


def evaluate(expr: sp.Basic, env: Environment, backend: Backend) -> Any:
    """Evaluate ``expr`` at all points of ``env``.

    ``expr`` must be fully expanded (no quantities, no ``Derivative``); products with logarithms
    should have gone through :func:`with_zero_log_convention`.

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
        return _entry(env.vectors[name], expr.indices, env, backend)
    if isinstance(expr, Marginal):
        return _marginal(expr, env, backend)
    if expr.is_Add:
        total: Any = 0
        for a in expr.args:
            # numpy's ufuncs, not +: an mpmath interval meeting an array raises instead of
            # deferring to the array
            total = np.add(total, evaluate(a, env, backend))
        return total
    if expr.is_Mul:
        product: Any = 1
        for a in expr.args:
            product = np.multiply(product, evaluate(a, env, backend))
        return product
    if expr.is_Pow:
        base = evaluate(expr.base, env, backend)
        exponent = evaluate(expr.exp, env, backend)
        if backend.name == "float64":
            with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
                return np.power(np.asarray(base, dtype=np.float64), exponent)
        return f["power"](base, exponent)
    if isinstance(expr, sp.exp):
        return f["exp"](evaluate(expr.args[0], env, backend))
    if isinstance(expr, sp.log):
        return f["log"](evaluate(expr.args[0], env, backend))
    if isinstance(expr, XLogY):
        return f["xlogy"](
            evaluate(expr.args[0], env, backend), evaluate(expr.args[1], env, backend)
        )
    if isinstance(expr, sp.Abs):
        return f["abs"](evaluate(expr.args[0], env, backend))
    if isinstance(expr, sp.sign):
        return f["sign"](evaluate(expr.args[0], env, backend))
    if isinstance(expr, Sigmoid):
        return f["sigmoid"](evaluate(expr.args[0], env, backend))
    if isinstance(expr, sp.KroneckerDelta):
        a, b = _integer(expr.args[0], env), _integer(expr.args[1], env)
        if isinstance(a == b, np.ndarray):
            return _integers(np.equal(a, b).astype(np.int64), backend)
        return int(a == b)
    if isinstance(expr, sp.Piecewise):
        return _piecewise(expr, env, backend)
    if isinstance(expr, sp.Sum):
        return _sum(expr, env, backend)
    if isinstance(expr, sp.Product | Maximum | Minimum):
        kind = {sp.Product: "prod", Maximum: "max", Minimum: "min"}[type(expr)]
        return _sum_over(expr.function, list(expr.limits), env, backend, kind)
    if isinstance(expr, sp.Max | sp.Min):
        pick = f["max" if isinstance(expr, sp.Max) else "min"]
        result = evaluate(expr.args[0], env, backend)
        for a in expr.args[1:]:
            result = pick(result, evaluate(a, env, backend))
        return result
    raise UnsupportedExpressionError(f"cannot evaluate {type(expr).__name__}: {expr}")


def _entry(table: np.ndarray, indices: Any, env: Environment, backend: Backend) -> Any:
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
    return np.where(inside, values, backend.number(sp.nan))


def _marginal(expr: Marginal, env: Environment, backend: Backend) -> Any:
    """A marginal of a joint pmf: its table summed over the other variables, then indexed."""
    joint = expr.joint
    name = str(joint.label)
    if name not in env.vectors:
        raise UnsupportedExpressionError(f"no values for the joint pmf {name}")
    table = env.vectors[name]
    kept = {joint.axis(v) + 1 for v in expr.variables}
    summed = tuple(axis for axis in range(1, table.ndim) if axis not in kept)
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


def _sum(expr: sp.Sum, env: Environment, backend: Backend) -> Any:
    return _sum_over(expr.function, list(expr.limits), env, backend)


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
        return {"sum": 0, "prod": 1}.get(kind, backend.number(sp.nan))
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
    if kind == "sum":
        return full.sum(axis=env.depth + 1)
    if kind == "prod":
        return np.multiply.reduce(full, axis=env.depth + 1)
    pick: Any = backend.functions[kind]  # a numpy ufunc of two arguments
    return pick.reduce(full, axis=env.depth + 1)
