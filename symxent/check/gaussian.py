r"""Gaussian integrals in closed form, exactly: the real line, a polynomial times e^{quadratic}.

The differential entropy of a Gaussian and the KL divergence between two Gaussians are integrals
over the real line of a polynomial times the exponential of a quadratic with a negative leading
coefficient. SymPy's ``integrate`` finds them, but the checker expands the integrand first
(``e^{-(x - \mu)^2}`` becomes three exponentials), and then SymPy needs seconds per integral and
may return a form valid only for ``\mu_1 \neq \mu_2``. Here such an integral is written term by
term as ``c_k x^k e^{-a x^2 + b x + c}`` with ``a > 0`` shown by SymPy's assumptions, and each
term is closed by completing the square:

.. math::

    \int x^k e^{-a x^2 + b x + c} dx
    = e^{c + b^2 / (4a)} \sqrt{\pi / a}\, \mathbb{E}\big[(m + Z / \sqrt{2a})^k\big],
    \qquad m = \frac{b}{2a},

with :math:`\mathbb{E}[Z^j] = (j - 1)!!` for even ``j`` and 0 for odd ``j`` (``Z`` standard normal).
Every term converges absolutely (``a > 0``), so splitting the integral by linearity is exact. An
integral of any other form (finite limits, a term without such an exponential, a leading
coefficient whose sign is not shown) is left as it is.

Example:
    >>> import sympy as sp
    >>> x = sp.Symbol("x", real=True)
    >>> mu, sigma = sp.Symbol("mu", real=True), sp.Symbol("sigma", positive=True)
    >>> density = sp.exp(-(x - mu) ** 2 / (2 * sigma**2)) / sp.sqrt(2 * sp.pi * sigma**2)
    >>> close_gaussian_integrals(sp.Integral((x - mu) ** 2 * density, (x, -sp.oo, sp.oo)))
    sigma**2
"""

from __future__ import annotations

import sympy as sp

__all__ = ["close_gaussian_integrals", "gaussian_integral"]


def _moment(k: int, mean: sp.Expr, variance: sp.Expr) -> sp.Expr:
    """E[(mean + sqrt(variance) Z)^k] for a standard normal Z: only even powers of Z count."""
    return sp.Add(
        *(
            sp.binomial(k, j) * mean ** (k - j) * variance ** (j // 2) * sp.factorial2(j - 1)
            for j in range(0, k + 1, 2)
        )
    )


def _split(term: sp.Expr, x: sp.Symbol) -> tuple[sp.Expr, sp.Expr] | None:
    """``term`` as (polynomial in x, exponent), or None when it is not of that form."""
    exponent = sp.S.Zero
    polynomial = sp.S.One
    for factor in sp.Mul.make_args(term):
        if isinstance(factor, sp.exp):
            exponent += factor.args[0]
        elif x not in factor.free_symbols or factor.is_polynomial(x):
            polynomial *= factor
        else:
            return None
    return polynomial, sp.expand(exponent)


def _term_integral(term: sp.Expr, x: sp.Symbol) -> sp.Expr | None:
    """The integral of one ``P(x) e^{-a x^2 + b x + c}`` over the real line, or None."""
    split = _split(term, x)
    if split is None:
        return None
    polynomial, exponent = split
    try:
        quadratic = sp.Poly(exponent, x)
        poly = sp.Poly(polynomial, x)
    except sp.PolynomialError:
        return None
    if quadratic.degree() != 2:
        return None  # no Gaussian factor: the term does not converge (or is not ours to say)
    a = -quadratic.coeff_monomial(x**2)
    b, c = quadratic.coeff_monomial(x), quadratic.coeff_monomial(1)
    if a.is_positive is not True:
        return None
    mean, variance = b / (2 * a), 1 / (2 * a)
    scale = sp.exp(c + b**2 / (4 * a)) * sp.sqrt(sp.pi / a)
    return scale * sp.Add(*(c * _moment(k, mean, variance) for (k,), c in poly.terms()))


def gaussian_integral(integral: sp.Integral) -> sp.Expr | None:
    """The exact value of a Gaussian integral over the real line, or None if it is not one.

    Example:
        >>> import sympy as sp
        >>> x = sp.Symbol("x", real=True)
        >>> gaussian_integral(sp.Integral(x**2 * sp.exp(-(x**2) / 2), (x, -sp.oo, sp.oo)))
        sqrt(2)*sqrt(pi)
        >>> gaussian_integral(sp.Integral(sp.exp(-x), (x, 0, sp.oo))) is None
        True
    """
    if len(integral.limits) != 1 or len(integral.limits[0]) != 3:
        return None
    x, low, high = integral.limits[0]
    if low is not sp.S.NegativeInfinity or high is not sp.S.Infinity or x.is_real is not True:
        return None
    integrand = sp.expand(sp.expand_log(integral.function, force=False))
    total = sp.S.Zero
    for term in sp.Add.make_args(integrand):
        value = _term_integral(term, x)
        if value is None:
            return None  # one term we cannot close: the whole integral stays as it is
        total += value
    return total


def close_gaussian_integrals(expr: sp.Basic) -> sp.Basic:
    """Replace every Gaussian integral over the real line in ``expr`` by its exact value."""
    if not expr.has(sp.Integral):
        return expr

    def close(node: sp.Integral) -> sp.Basic:
        value = gaussian_integral(node)
        return node if value is None else value

    return expr.replace(lambda e: isinstance(e, sp.Integral), close)
