r"""Losses over a batch of N samples: negative log-likelihood and mean squared error.

Example:
    >>> from symxent import NLL, MSE, Probabilities, RealVector
    >>> yhat = Probabilities("yhat", "N")
    >>> NLL(yhat).definition()
    -Sum(log(yhat[i]), (i, 1, N))
    >>> MSE(RealVector("y", "N"), RealVector("yhat", "N")).definition()
    Sum((y[i] - yhat[i])**2, (i, 1, N))/N
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from symxent.distributions import Vector
from symxent.errors import DistributionError
from symxent.quantities.base import SymbolicQuantity, arg_property, as_base, log_base

__all__ = ["MSE", "NLL"]


class NLL(SymbolicQuantity):
    r"""Negative log-likelihood :math:`-\sum_{i=1}^{N} \log \hat y_i`.

    ``yhat[i]`` is the probability the model gives to the *true* class of sample i. Divided by N
    it is the cross-entropy loss with one-hot labels.

    Example:
        >>> from symxent import Probabilities
        >>> import sympy as sp
        >>> NLL(Probabilities("yhat", values=["1/2", "1/4"]), 2).doit()
        3
    """

    def __new__(cls, yhat: Vector, base: Any = sp.E) -> NLL:
        if not isinstance(yhat, Vector):
            raise DistributionError(f"NLL takes a vector of probabilities, got {yhat!r}")
        return super().__new__(cls, yhat, as_base(base))

    yhat = arg_property[Vector](0, "Predicted probabilities of the true classes.")
    base = arg_property[sp.Expr](1, "The log base.")

    def definition(self) -> sp.Expr:
        yhat = self.yhat
        return -yhat.sum(lambda i: log_base(yhat[i], self.base))


class MSE(SymbolicQuantity):
    r"""Mean squared error :math:`\frac{1}{N} \sum_{i=1}^{N} (y_i - \hat y_i)^2`.

    Example:
        >>> from symxent import RealVector
        >>> MSE(RealVector("y", values=[1, 0]), RealVector("yhat", values=[0, 0])).doit()
        1/2
    """

    def __new__(cls, y: Vector, yhat: Vector) -> MSE:
        if not (isinstance(y, Vector) and isinstance(yhat, Vector)):
            raise DistributionError("MSE takes two vectors, e.g. RealVector('y', 'N')")
        if y.n != yhat.n:
            raise DistributionError(f"MSE: {y.name} has {y.n} entries but {yhat.name} has {yhat.n}")
        return super().__new__(cls, y, yhat)

    y = arg_property[Vector](0, "Targets.")
    yhat = arg_property[Vector](1, "Predictions.")

    def definition(self) -> sp.Expr:
        y, yhat = self.y, self.yhat
        return y.sum(lambda i: (y[i] - yhat[i]) ** 2) / y.n
