"""symxent's symbolic quantities: unevaluated SymPy expressions with ``doit()`` expansions.

Example:
    >>> from symxent.quantities import Entropy
    >>> from symxent.distributions import Distribution
    >>> Entropy(Distribution("p", values=["1/4"] * 4), 2).doit()
    2
"""

from symxent.quantities.activations import LogSoftmax, LogSumExp, Sigmoid, Softmax, SoftmaxVector
from symxent.quantities.base import Logarithm, SymbolicQuantity, log_base
from symxent.quantities.information import (
    BinaryCrossEntropy,
    BinaryEntropy,
    CrossEntropy,
    Entropy,
    Expectation,
    Information,
    KLDivergence,
    MatchProbability,
)
from symxent.quantities.losses import MSE, NLL

__all__ = [
    "MSE",
    "NLL",
    "BinaryCrossEntropy",
    "BinaryEntropy",
    "CrossEntropy",
    "Entropy",
    "Expectation",
    "Information",
    "KLDivergence",
    "LogSoftmax",
    "LogSumExp",
    "Logarithm",
    "MatchProbability",
    "Sigmoid",
    "Softmax",
    "SoftmaxVector",
    "SymbolicQuantity",
    "log_base",
]
