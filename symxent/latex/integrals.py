r"""Definite integrals over a real variable, as in differential entropy.

``\int_a^b f(x) \, dx`` (Cover & Thomas, ch. 8: ``h(X) = -\int f(x) \log f(x) \, dx`` for a
density written out) is read as the integral over the real ``x`` and **evaluated in closed form**
by SymPy's ``integrate``, under a time limit. The claim is then judged on that value:

* an integral SymPy cannot evaluate (no closed form found, or a value in special functions of
  complex arguments) is refused, with the reason: it is not judged on a guess;
* an integral that diverges is refused;
* an integral that converges only for some values of the claim's names (``\int_0^\infty
  \lambda e^{-\lambda x} \, dx`` needs ``\lambda > 0``) is undefined elsewhere, so the claim
  is judged where it converges (an interval of one name; the verdict says so). A condition the
  names are known to satisfy (``--assume``, a premise ``\lambda > 0 \implies ...``) is none;
  any other condition is refused, with the condition in the message.

The integrand must be given: ``\int p(x) \log p(x) \, dx`` over a density ``p`` the claim does
not write out is refused (the indefinite ``\int_x`` of the discrete reading is not this).

Example:
    >>> from symxent.latex.mapping import Mapper
    >>> from symxent.latex.reader import read_side
    >>> from symxent.latex.roles import Roles
    >>> Mapper(Roles()).map(read_side(r"-\int_{0}^{1} 2x \ln 2 \, dx"))
    -log(2)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy as sp
from sympy.core.function import AppliedUndef

from symxent.budget import time_limit
from symxent.errors import SymxentError
from symxent.latex.names import NotEvaluableError, short
from symxent.latex.raw import Reduce

if TYPE_CHECKING:
    from symxent.latex.mapping import Mapper

__all__ = ["INTEGRATION_SECONDS", "definite_integral"]

INTEGRATION_SECONDS = 3.0
"""Time allowed to find one integral in closed form (a "too large to check" past it)."""

_UNEVALUATED = (
    sp.Integral,
    sp.exp_polar,
    sp.arg,
    sp.periodic_argument,
    sp.polar_lift,
    sp.Ei,
    sp.meijerg,
    sp.hyper,
)
"""What a value may not contain: an integral left undone, or SymPy's complex-plane machinery."""


def definite_integral(mapper: Mapper, integral: Reduce, env: dict[str, sp.Expr]) -> sp.Expr:
    r"""The value of ``\int_a^b f(x) \, dx`` in closed form.

    Raises:
        NotEvaluableError: for an integrand the claim does not give, an integral with no
            closed form found, or one that diverges (or converges only under a condition
            the claim's names are not known to satisfy).
        TooLargeError: when finding the closed form takes longer than
            :data:`INTEGRATION_SECONDS`.
    """
    assert integral.lower is not None and integral.upper is not None  # noqa: S101
    shown = short(integral.latex)
    key = integral.index.key
    variable = sp.Dummy(key, real=True)
    low = mapper.map(integral.lower, env)
    high = mapper.map(integral.upper, env)
    body = mapper.map(integral.body, {**env, key: variable}).doit()
    if any(variable in entry.free_symbols for entry in body.atoms(sp.Indexed)) or any(
        variable in node.free_symbols for node in body.atoms(AppliedUndef)
    ):
        raise NotEvaluableError(
            f"{shown}: the integrand is a density the claim does not write out; a definite "
            "integral is evaluated only for an integrand given as a formula in "
            f"{integral.index.latex or key}"
        )
    with time_limit(INTEGRATION_SECONDS, f"integrating {shown}"):
        try:
            result = sp.integrate(body, (variable, low, high), conds="separate")
        except SymxentError:
            raise
        except Exception as error:  # SymPy's integrator fails in many ways; none is a verdict
            raise NotEvaluableError(
                f"{shown}: SymPy could not integrate this ({type(error).__name__})"
            ) from None
    value, condition = result if isinstance(result, tuple) else (result, sp.true)
    if value.has(*_UNEVALUATED) or value.has(sp.nan, sp.zoo):
        raise NotEvaluableError(f"{shown}: no closed form found for this integral")
    if value.has(sp.oo, -sp.oo):
        raise NotEvaluableError(f"{shown}: the integral diverges")
    condition = _real_condition(condition)
    mapper.convention(f"{shown} evaluated in closed form")
    if condition == sp.false:
        raise NotEvaluableError(f"{shown}: the integral diverges for every value of its names")
    if condition != sp.true and _restrict(mapper, condition):
        mapper.convention(f"{shown} converges only where {condition}: the claim is judged there")
        return value
    if condition != sp.true:
        raise NotEvaluableError(
            f"{shown}: the integral converges only where {condition}; state it, as in "
            f"{sp.latex(condition)} \\implies ... (or with --assume)"
        )
    return value


def _real_condition(condition: sp.Basic) -> sp.Basic:
    """SymPy's convergence condition for real names: ``|arg(l)| < pi/2`` becomes ``l > 0``.

    Raises:
        NotEvaluableError: for a condition that cannot be stated over the reals.
    """
    if condition in (sp.true, sp.false):
        return condition
    real = condition.replace(
        lambda node: isinstance(node, sp.arg) and bool(node.args[0].is_real),
        lambda node: sp.Piecewise((0, node.args[0] > 0), (sp.pi, True)),
    )
    real = sp.piecewise_fold(real)
    if isinstance(real, sp.Piecewise) and all(v in (sp.true, sp.false) for v, _ in real.args):
        # Piecewise((True, a > 0), (False, True)) is a > 0 (a case not listed is False)
        real = sp.Piecewise(*real.args, (sp.false, sp.true)).rewrite(sp.ITE)
    simplified = sp.simplify(real)
    if simplified.has(*_UNEVALUATED) or not isinstance(simplified, sp.logic.boolalg.Boolean):
        raise NotEvaluableError(f"the integral converges only where {condition}")
    return simplified


def _restrict(mapper: Mapper, condition: sp.Basic) -> bool:
    """Judge the claim only where ``condition`` (on one name: ``a > 0``) holds; False if not so.

    Outside it the integral, so the claim, is undefined: that is the claim's natural domain.
    """
    if len(condition.free_symbols) != 1:
        return False
    (symbol,) = condition.free_symbols
    try:
        region = condition.as_set()
    except (NotImplementedError, ValueError, TypeError):
        return False
    current = mapper.where.get(symbol)
    if isinstance(current, sp.Set):
        region = region.intersect(current)
    if not isinstance(region, sp.Interval) or region.measure == 0:
        return False
    mapper.where[symbol] = region
    return True
