r"""Densities written by name: :class:`NormalDensity` prints as ``p(x)`` and stands for its formula.

A slide about the Gaussian reads ``\int p(x) \log \frac{p(x)}{q(x)} dx``; the checker sees the
formula :math:`\frac{1}{\sqrt{2 \pi \sigma^2}} e^{-(x - \mu)^2 / (2 \sigma^2)}` (its
:meth:`~NormalDensity.definition`), and closes such integrals exactly
(:mod:`symxent.check.gaussian`).

Example:
    >>> import sympy as sp
    >>> from symxent import latex
    >>> x = sp.Symbol("x", real=True)
    >>> p = NormalDensity("p", x, sp.Symbol("mu", real=True), sp.Symbol("sigma", positive=True))
    >>> latex(sp.log(p))
    '\\log p(x)'
    >>> p.definition()
    sqrt(2)*exp(-(-mu + x)**2/(2*sigma**2))/(2*sqrt(pi)*sigma)
"""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.core.symbol import Str

from symxent.distributions import as_expression
from symxent.errors import DistributionError
from symxent.quantities.base import SymbolicQuantity, arg_property

__all__ = ["NormalDensity"]


class NormalDensity(SymbolicQuantity):
    r"""The density of :math:`\mathcal{N}(\mu, \sigma^2)` at ``x``, printed as ``name(x)``.

    Args:
        name: what the slides call the density (``"p"``, ``"q"``, ``"\\varphi"``).
        x: the point, a real Symbol (usually an integral's variable).
        mu: the mean (real).
        sigma: the standard deviation; it must be positive (a positive Symbol or number).

    Raises:
        DistributionError: for a ``sigma`` not known to be positive or an ``x`` not known real.

    Example:
        >>> import sympy as sp
        >>> u = sp.Symbol("u", real=True)
        >>> NormalDensity("phi", u, 0, 1).definition()
        sqrt(2)*exp(-u**2/2)/(2*sqrt(pi))
    """

    def __new__(cls, name: str | Str, x: Any, mu: Any, sigma: Any) -> NormalDensity:
        x = as_expression(x, "the point of a density")
        mu = as_expression(mu, "a mean")
        sigma = as_expression(sigma, "a standard deviation")
        if x.is_real is not True or mu.is_real is not True:
            raise DistributionError(f"a normal density needs a real point and mean: {x}, {mu}")
        if sigma.is_positive is not True:
            raise DistributionError(f"a standard deviation must be positive, got {sigma}")
        label = name if isinstance(name, Str) else Str(name)  # a Str again when unpickled
        return super().__new__(cls, label, x, mu, sigma)

    name = arg_property(0, "The name printed on slides.", str)
    x = arg_property[sp.Expr](1, "The point.")
    mu = arg_property[sp.Expr](2, "The mean.")
    sigma = arg_property[sp.Expr](3, "The standard deviation.")

    @property
    def free_symbols(self) -> set[sp.Basic]:
        return self.x.free_symbols | self.mu.free_symbols | self.sigma.free_symbols

    def _eval_is_positive(self) -> bool:
        return True

    def _eval_is_real(self) -> bool:
        return True

    def definition(self) -> sp.Expr:
        x, mu, sigma = self.x, self.mu, self.sigma
        return sp.exp(-((x - mu) ** 2) / (2 * sigma**2)) / sp.sqrt(2 * sp.pi * sigma**2)

    def _latex(self, printer: Any) -> str:
        return f"{self.name}({printer._print(self.x)})"
