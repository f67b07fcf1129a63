r"""The number types the claim interpreter computes with, and the value *undefined*.

Three backends share one interface (:class:`Backend`): numpy ``float64`` arrays for the fast
sweep, object arrays of ``mpmath.mpf`` and object arrays of ``mpmath.iv`` intervals, which
surely contain the exact value however much rounding and cancellation there is.

A value that does not exist (the log of a negative number, an entry past a vector's end, a
division by zero) is ``nan`` in float64 and an :class:`Undefined` in the object backends. An
``Undefined`` is absorbing: every operation with it gives it back (``0 × undefined`` is
undefined, never 0), and it keeps the reason it arose, so a verdict can say why a claim has no
value. ``mpmath``'s own ``nan`` interval is not used for this, because mpmath multiplies it by 0
to get exactly 0.

Example:
    >>> import numpy as np
    >>> from symxent.check.backends import INTERVAL, Undefined
    >>> import sympy as sp
    >>> value = INTERVAL.functions["log"](INTERVAL.number(sp.Integer(-1)))
    >>> isinstance(value, Undefined), value.reason
    (True, 'the log of a negative number')
    >>> isinstance(INTERVAL.functions["mul"](0, value), Undefined)
    True
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import mpmath
import numpy as np
import sympy as sp

from symxent.check.detail import Detail

__all__ = [
    "EXPONENT_LIMIT",
    "FLOAT",
    "INTERVAL",
    "MPMATH",
    "Backend",
    "Undefined",
    "endpoints",
    "exponent_limit",
    "interval_digits",
]


class Undefined:
    """A value that does not exist, with the reason (absorbing in every operation).

    Example:
        >>> u = Undefined("division by zero")
        >>> (u * 0) is u, (3 + u) is u, abs(u) is u
        (True, True, True)
    """

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def __repr__(self) -> str:
        return f"Undefined({self.reason!r})"

    def _absorb(self, *_: object) -> Undefined:
        return self

    __add__ = __radd__ = __sub__ = __rsub__ = _absorb
    __mul__ = __rmul__ = __truediv__ = __rtruediv__ = _absorb
    __pow__ = __rpow__ = __neg__ = __pos__ = __abs__ = _absorb


@dataclass(frozen=True)
class Backend:
    """Elementwise functions for one number type.

    Attributes:
        name: ``"float64"``, ``"mpmath"`` or ``"interval"``.
        number: converts a SymPy number to the backend's scalar.
        functions: elementwise functions by name (``add``, ``mul``, ``power``, ``log``, ``exp``,
            ``abs``, ``xlogy``, ``sigmoid``, ``sign``, ``max``, ``min``); numpy ufuncs, so
            ``add.reduce`` sums.
    """

    name: str
    number: Callable[[sp.Expr], Any]
    functions: Mapping[str, Any]

    def array(self, values: np.ndarray) -> np.ndarray:
        """Convert a float array of sampled inputs to this backend's array type."""
        if self.name == "float64":
            return np.asarray(values, dtype=np.float64)
        convert = mpmath.iv.mpf if self.name == "interval" else mpmath.mpf
        return np.vectorize(convert, otypes=[object])(values)

    def undefined(self, reason: str) -> Any:
        """The backend's undefined value (nan in float64)."""
        return math.nan if self.name == "float64" else Undefined(reason)


EXPONENT_LIMIT = mpmath.mpf(10) ** 1000
"""Largest ``|x|`` for which ``e^x`` is computed at high precision.

``e^x`` needs about ``log10 |x|`` extra digits; ``e^(10^100)`` costs microseconds, but
``e^(e^(e^30))`` would need 10^13 digits. Past the limit the value counts as undefined (too
large to evaluate), never as a number. :class:`exponent_limit` lowers it for a while."""

_limit = [EXPONENT_LIMIT]


@contextmanager
def exponent_limit(limit: Any) -> Iterator[None]:
    """Context manager: evaluate ``e^x`` only for ``|x| <= limit`` (undefined past it).

    SymPy's own ``evalf`` cannot afford what mpmath can: ``sympy.N(e^(10^100) - e^(10^100))``
    raises its precision towards 10^100 digits. The prover asks the interpreter under a
    limit of 10^30 whether a constant is small enough to hand to SymPy.

    Example:
        >>> import sympy as sp
        >>> with exponent_limit(mpmath.mpf(10) ** 30):
        ...     MPMATH.functions["exp"](mpmath.mpf(10) ** 40)
        Undefined('a number too large to evaluate (e^x with |x| past the limit, 10^1000)')
    """
    _limit.append(limit)
    try:
        yield
    finally:
        _limit.pop()


# ---------------------------------------------------------------------- float64


def _float_number(value: sp.Expr) -> float:
    if value is sp.zoo or value is sp.nan:
        return math.nan  # complex infinity has no sign: undefined on the reals
    if value is sp.oo:
        return math.inf
    if value is sp.S.NegativeInfinity:
        return -math.inf
    return float(value)


def _float_xlogy(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """``x log y`` with ``0 log y = 0`` for ``y >= 0``; nan where ``y < 0`` or a value is nan."""
    x, y = np.broadcast_arrays(np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64))
    out = np.full(x.shape, np.nan)
    with np.errstate(all="ignore"):
        nonzero = x != 0
        out[nonzero] = x[nonzero] * np.log(y[nonzero])
        out[(x == 0) & (y >= 0)] = 0.0
    return out


def _float_sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1 + np.tanh(0.5 * np.asarray(x, dtype=np.float64)))


def _float_power(base: Any, exponent: Any) -> Any:
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return np.power(np.asarray(base, dtype=np.float64), exponent)


FLOAT = Backend(
    "float64",
    _float_number,
    {
        "add": np.add,
        "mul": np.multiply,
        "power": _float_power,
        "log": np.log,
        "exp": np.exp,
        "abs": np.abs,
        "xlogy": _float_xlogy,
        "sigmoid": _float_sigmoid,
        "sign": np.sign,
        "max": np.maximum,
        "min": np.minimum,
    },
)
"""The float64 backend (numpy arrays)."""


# ---------------------------------------------------------------------- object backends


def _absorbing(function: Callable[..., Any], arity: int) -> Any:
    """``function`` as a numpy ufunc over object arrays that gives back any Undefined argument."""

    def apply(*args: Any) -> Any:
        for arg in args:
            if isinstance(arg, Undefined):
                return arg
        return function(*args)

    return np.frompyfunc(apply, arity, 1)


_NEGATIVE_LOG = Detail("negative_log")
_UNSURE_LOG = Detail("unsure_log")
_DIVISION = Detail("division")
_TOO_LARGE = Detail("too_large_number")
_COMPLEX = Detail("complex_power")
_UNSURE_DIVISION = Detail("unsure_division")
_UNSURE_POWER = Detail("unsure_power")


def _mp_number(value: sp.Expr) -> Any:
    if value.is_Rational:
        return mpmath.mpf(int(value.p)) / int(value.q)
    if value is sp.zoo:
        return Undefined(Detail("complex_infinity"))
    if value is sp.nan:
        return Undefined(Detail("nan"))
    if value is sp.oo:
        return mpmath.inf
    if value is sp.S.NegativeInfinity:
        return -mpmath.inf
    return mpmath.mpf(sp.N(value, mpmath.mp.dps + 5)._mpf_)


def _mp_log(x: Any) -> Any:
    if x == 0:
        return -mpmath.inf
    if x < 0:
        return Undefined(_NEGATIVE_LOG)
    return mpmath.log(x)


def _mp_xlogy(x: Any, y: Any) -> Any:
    if y < 0:
        return Undefined(_NEGATIVE_LOG)
    if x == 0:
        return mpmath.mpf(0)  # 0 log 0 = 0
    return x * _mp_log(y)


def _mp_exp(x: Any) -> Any:
    if abs(x) > _limit[-1] and mpmath.isfinite(x):
        return Undefined(_TOO_LARGE)
    return mpmath.exp(x)


def _mp_power(base: Any, exponent: Any) -> Any:
    if base == 0 and exponent < 0:
        return Undefined(_DIVISION)
    if base < 0 and not mpmath.isint(exponent):
        return Undefined(_COMPLEX)
    if base != 0 and abs(exponent * mpmath.log(abs(base))) > _limit[-1]:
        return Undefined(_TOO_LARGE)
    return base**exponent


def _sigmoid(exp: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``1 / (1 + e^-x)`` with ``exp``, undefined where ``e^-x`` is."""

    def sigmoid(x: Any) -> Any:
        e = exp(-x)
        return e if isinstance(e, Undefined) else 1 / (1 + e)

    return sigmoid


_ARITHMETIC = {
    "add": _absorbing(lambda a, b: a + b, 2),
    "mul": _absorbing(lambda a, b: a * b, 2),
    "abs": _absorbing(abs, 1),
}
"""The object backends' entries that are the same for mpmath numbers and intervals."""

MPMATH = Backend(
    "mpmath",
    _mp_number,
    {
        **_ARITHMETIC,
        "power": _absorbing(_mp_power, 2),
        "log": _absorbing(_mp_log, 1),
        "exp": _absorbing(_mp_exp, 1),
        "xlogy": _absorbing(_mp_xlogy, 2),
        "sigmoid": _absorbing(_sigmoid(_mp_exp), 1),
        "sign": _absorbing(mpmath.sign, 1),
        "max": _absorbing(lambda a, b: max(mpmath.mpf(a), mpmath.mpf(b)), 2),
        "min": _absorbing(lambda a, b: min(mpmath.mpf(a), mpmath.mpf(b)), 2),
    },
)
"""The high-precision backend (object arrays of ``mpmath.mpf``; set ``mpmath.mp.dps``)."""

_iv = mpmath.iv


def endpoints(x: Any) -> tuple[Any, Any]:
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
    # mpmath's constants are a class of their own: made plain intervals at the working precision
    if value is sp.E:
        return _iv.mpf(_iv.e)
    if value is sp.pi:
        return _iv.mpf(_iv.pi)
    if value is sp.zoo:
        return Undefined(Detail("complex_infinity"))
    if value is sp.nan:
        return Undefined(Detail("nan"))
    if value.is_Float:
        return _iv.mpf(str(value))
    raise TypeError(f"no interval for the number {value}")


def _iv_log(x: Any) -> Any:
    low, high = endpoints(x)
    if low > 0:
        return _iv.log(x)
    if low == high == 0:
        return _iv.mpf("-inf")
    if low == 0:
        return _iv.mpf(["-inf", endpoints(_iv.log(high))[1]])
    if high < 0:
        return Undefined(_NEGATIVE_LOG)
    return Undefined(_UNSURE_LOG)


def _iv_xlogy(x: Any, y: Any) -> Any:
    low, high = endpoints(y)
    if high < 0:
        return Undefined(_NEGATIVE_LOG)
    if low < 0:
        return Undefined(_UNSURE_LOG)
    if endpoints(x) == (0, 0):
        return _iv.mpf(0)  # 0 log 0 = 0 (and 0 log y = 0 for y > 0)
    return x * _iv_log(y)  # a number: y >= 0 here


def _iv_exp(x: Any) -> Any:
    low, high = endpoints(x)
    if max(abs(low), abs(high)) > _limit[-1] and mpmath.isfinite(low * high):
        return Undefined(_TOO_LARGE)
    return _iv.exp(x)


def _iv_power(base: Any, exponent: Any) -> Any:
    low, high = endpoints(base)
    e_low, e_high = endpoints(exponent)
    integer = e_low == e_high and mpmath.isint(e_low)
    if low <= 0 <= high and e_high < 0:
        return Undefined(_DIVISION if low == high else _UNSURE_DIVISION)
    if low < 0 and not integer:
        return Undefined(_COMPLEX if high < 0 else _UNSURE_POWER)
    if low > 0 and mpmath.isfinite(high):
        size = max(abs(v) for v in endpoints(exponent * _iv.log(base)))
        if size > _limit[-1]:
            return Undefined(_TOO_LARGE)
    result = base**exponent
    if not isinstance(result, type(_iv.mpf(0))):
        return Undefined(_COMPLEX)
    return result


def _iv_sign(x: Any) -> Any:
    low, high = endpoints(x)
    if low > 0:
        return _iv.mpf(1)
    if high < 0:
        return _iv.mpf(-1)
    if low == high == 0:
        return _iv.mpf(0)
    return _iv.mpf([-1, 1])


def _iv_pick(a: Any, b: Any, *, larger: bool) -> Any:
    """The interval of max(a, b) (or min): the max (min) of the lower ends and of the upper ends."""
    (a_low, a_high), (b_low, b_high) = endpoints(a), endpoints(b)
    pick = max if larger else min
    return _iv.mpf([pick(a_low, b_low), pick(a_high, b_high)])


INTERVAL = Backend(
    "interval",
    _iv_number,
    {
        **_ARITHMETIC,
        "power": _absorbing(_iv_power, 2),
        "log": _absorbing(_iv_log, 1),
        "exp": _absorbing(_iv_exp, 1),
        "xlogy": _absorbing(_iv_xlogy, 2),
        "sigmoid": _absorbing(_sigmoid(_iv_exp), 1),
        "sign": _absorbing(_iv_sign, 1),
        "max": _absorbing(lambda a, b: _iv_pick(a, b, larger=True), 2),
        "min": _absorbing(lambda a, b: _iv_pick(a, b, larger=False), 2),
    },
)
"""The rigorous backend: object arrays of ``mpmath.iv`` intervals that surely contain the exact
value (set the precision with :func:`interval_digits`). Rounding and cancellation widen an
interval instead of moving it, so a difference whose interval excludes 0 is surely nonzero."""


@contextmanager
def interval_digits(digits: int) -> Iterator[None]:
    """Context manager: work with ``mpmath.iv`` intervals at ``digits`` significant digits."""
    saved, _iv.dps = _iv.prec, digits
    try:
        yield
    finally:
        _iv.prec = saved
