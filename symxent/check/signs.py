"""Sign arguments for inequalities: variables written through their bounds, SymPy's assumptions.

``None`` means "no sign shown", not "false".

Example:
    >>> import sympy as sp
    >>> y = sp.Symbol("y")
    >>> str(_prove_nonnegative(y * (1 - y), False, {y: sp.Interval(0, 1)}))
    "sign of the difference from the variables' bounds"
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterator, Mapping

import mpmath
import numpy as np
import sympy as sp

from symxent.budget import forget_on_abort
from symxent.check.backends import MPMATH, exponent_limit
from symxent.check.detail import Detail
from symxent.check.evaluate import Environment, UnsupportedExpressionError, evaluate
from symxent.quantities.activations import Sigmoid
from symxent.zero_log import zero_log_convention

__all__: list[str] = []

_MAX_SIMPLIFY_OPS = 250


def _is_zero(expr: sp.Expr) -> bool:
    if expr == 0:
        return True
    try:
        return expr.is_zero is True
    except Exception:  # SymPy evaluates numbers to decide; e^(e^(e^30)) overflows
        return False


def _simplifications(expr: sp.Expr) -> list[Callable[[sp.Expr], sp.Expr]]:
    steps: list[Callable[[sp.Expr], sp.Expr]] = [
        lambda e: sp.expand(sp.expand_log(e, force=False)),
        lambda e: sp.cancel(sp.together(e)),
    ]
    if not expr.has(sp.Sum) and sp.count_ops(expr) <= _MAX_SIMPLIFY_OPS:
        steps.append(sp.simplify)
        steps.append(lambda e: sp.factor(sp.simplify(e)))
    return steps


@forget_on_abort
@functools.lru_cache(maxsize=1024)
def _parameter(of: sp.Basic) -> sp.Dummy:
    """The positive parameter ``t`` that writes ``of`` through its bounds.

    Always the same one for ``of``, so that equal forms give equal cases (decided once).
    """
    return sp.Dummy("t_sigma" if isinstance(of, Sigmoid) else f"t_{of}", positive=True)


def _domain_cases(expr: sp.Expr, where: Mapping[object, object]) -> list[sp.Expr]:
    """Rewrite ``expr`` so SymPy's assumptions see the bounds of its variables, case by case.

    A variable with an interval domain is written through a positive parameter ``t``:
    ``low + (high - low) / (1 + t)`` on a finite interval, ``low + t`` or ``high - t`` on a
    half-line; ``σ(x)`` becomes ``1 / (1 + t)``. These cover only the *open* interval, so each
    closed end is a case of its own, with the variable set to that end. A claim about ``expr``
    holds on the whole domain when it holds in every returned case.

    Example:
        >>> import sympy as sp
        >>> y = sp.Symbol("y")
        >>> len(_domain_cases(y * (1 - y), {y: sp.Interval(0, 1)}))
        3
    """
    variables: list[sp.Basic] = []
    choices: list[list[sp.Expr]] = []
    for symbol in sorted(expr.free_symbols, key=sp.default_sort_key):
        domain = where.get(symbol)
        if not isinstance(domain, sp.Interval):
            continue
        t = _parameter(symbol)
        low, high = domain.start, domain.end
        if low.is_finite and high.is_finite:
            interior = low + (high - low) / (1 + t)
        elif low.is_finite:
            interior = low + t
        elif high.is_finite:
            interior = high - t
        else:
            continue
        ends = [
            end
            for end, is_open in ((low, domain.left_open), (high, domain.right_open))
            if end.is_finite and not is_open
        ]
        variables.append(symbol)
        choices.append([interior, *ends])
    sigmoids = {s: 1 / (1 + _parameter(s)) for s in expr.atoms(Sigmoid)}
    return [
        expr.xreplace({**dict(zip(variables, choice, strict=True)), **sigmoids})
        for choice in itertools.product(*choices)
    ]


def _safely(transform: Callable[[sp.Expr], sp.Expr], expr: sp.Expr) -> sp.Expr | None:
    """Apply a SymPy transformation; a failure (SymPy raises odd errors) just gives None."""
    try:
        return transform(expr)
    except Exception:
        return None


def _sign_holds(expr: sp.Expr, strict: bool) -> bool:
    try:
        return bool(expr.is_positive) if strict else bool(expr.is_nonnegative)
    except Exception:  # SymPy evaluates numbers to decide; e^(e^(e^30)) overflows
        return False


_SYMPY_EXPONENT_LIMIT = mpmath.mpf(10) ** 30
"""Largest exponent in a constant that SymPy's ``evalf`` is asked about (see :func:`_evaluable`)."""


def _evaluable(constant: sp.Expr) -> bool:
    """Whether a constant has a finite value small enough to ask SymPy for its digits.

    ``sympy.N`` of ``e^(e^(e^30))`` or ``2^(2^(2^20))`` runs for hours, and of
    ``e^(10^100) - e^(10^100) - 1`` it raises the precision towards 10^100 digits; the guarded
    mpmath interpreter of the numeric checker, with exponents up to 10^30, says within
    microseconds that such a constant is not for SymPy.
    """
    try:
        with mpmath.workdps(20), exponent_limit(_SYMPY_EXPONENT_LIMIT):
            value = evaluate(zero_log_convention(constant), Environment(points=1), MPMATH)
    except UnsupportedExpressionError:
        return True  # a function the interpreter does not know: leave it to SymPy
    except (ZeroDivisionError, ValueError, TypeError, OverflowError, MemoryError):
        return False
    value = np.asarray(value, dtype=object).reshape(-1)[0]
    return bool(isinstance(value, mpmath.mpf | int) and mpmath.isfinite(value))


def _constant_sign(expr: sp.Expr, strict: bool) -> bool | None:
    if expr.free_symbols or not _evaluable(expr):
        return None
    value = sp.N(expr, 60)
    if not value.is_real or not value.is_number:
        return None
    if value == 0:
        return not strict if sp.simplify(expr) == 0 else None
    if abs(value) < sp.Float("1e-40"):
        return None
    return bool(value > 0)


def _case_has_sign(case: sp.Expr, strict: bool) -> bool:
    """Whether SymPy's assumptions show ``case >= 0`` (``> 0`` if strict), maybe simplified."""
    constant = _constant_sign(case, strict)
    if constant is not None:
        return constant
    if not case.free_symbols:
        return _sign_holds(case, strict)  # a constant too large to evaluate or simplify
    forms = [case]
    if not case.has(sp.Sum) and sp.count_ops(case) <= _MAX_SIMPLIFY_OPS:
        forms += [_safely(sp.factor, case), _safely(sp.simplify, case)]
    return any(form is not None and _sign_holds(form, strict) for form in forms)


def _vanishes(expr: sp.Expr) -> bool:
    """Whether ``expr`` simplifies to exactly 0."""
    if not expr.free_symbols and not _evaluable(expr):
        return False  # simplifying e^(10^100) - e^(10^100 + 1) never ends
    return any(_is_zero(candidate) for candidate in _candidates(expr))


def _candidates(expr: sp.Expr) -> Iterator[sp.Expr]:
    """``expr`` and its simplifications, each computed only when the previous ones did not do."""
    yield expr
    seen = {expr}
    for simplify in _simplifications(expr):
        simplified = _safely(simplify, expr)
        if simplified is not None and simplified not in seen:
            seen.add(simplified)
            yield simplified


def _prove_nonnegative(
    difference: sp.Expr, strict: bool, where: Mapping[object, object]
) -> str | None:
    if not difference.free_symbols and not _evaluable(difference):
        # too large to evaluate or simplify; SymPy's assumptions may still know its sign
        return Detail("sign_of_difference") if _sign_holds(difference, strict) else None
    # simplifications often give the same case again: each is decided once
    has_sign = functools.cache(lambda case: _case_has_sign(case, strict))

    for candidate in _candidates(difference):
        constant = _constant_sign(candidate, strict)
        if constant is not None:
            return Detail("exact_evaluation") if constant else None
        cases = _domain_cases(candidate, where)
        if all(has_sign(case) for case in cases):
            return Detail("sign_from_bounds")
    symbols = [s for s in difference.free_symbols if isinstance(where.get(s), sp.Interval)]
    if (
        len(difference.free_symbols) == 1
        and symbols
        and difference.is_rational_function(symbols[0])
    ):
        x = symbols[0]
        domain = where[x]
        bad = sp.Lt(difference, 0) if not strict else sp.Le(difference, 0)
        try:
            solutions = sp.solveset(bad, x, domain)
        except (NotImplementedError, ValueError, TypeError):
            return None
        if solutions is sp.S.EmptySet:
            return Detail("no_reversed_solution")
    return None
