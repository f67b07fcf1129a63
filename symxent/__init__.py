r"""symxent: the mathematics of entropy and cross-entropy, derived, checked, computed and typeset.

Example:
    >>> from symxent import Distribution, KLDivergence, latex
    >>> p, q = Distribution("p", "n"), Distribution("q", "n")
    >>> latex(KLDivergence(p, q))
    'D_{\\mathrm{KL}}(p \\parallel q)'
"""

from symxent.derivation import Derivation, DerivationReport
from symxent.distributions import (
    Distribution,
    Labels,
    Logits,
    OneHot,
    Probabilities,
    RealVector,
    Uniform,
    Vector,
    class_index,
    summation_index,
)
from symxent.errors import SymxentError
from symxent.latex.printer import SymxentLatexPrinter, latex
from symxent.quantities import (
    MSE,
    NLL,
    BinaryCrossEntropy,
    BinaryEntropy,
    CrossEntropy,
    Entropy,
    Expectation,
    Information,
    KLDivergence,
    Logarithm,
    LogSoftmax,
    LogSumExp,
    MatchProbability,
    Sigmoid,
    Softmax,
    SoftmaxVector,
    SymbolicQuantity,
    log_base,
)

__version__ = "0.1.0"

__all__ = [
    "MSE",
    "NLL",
    "BinaryCrossEntropy",
    "BinaryEntropy",
    "CrossEntropy",
    "Derivation",
    "DerivationReport",
    "Distribution",
    "Entropy",
    "Expectation",
    "Information",
    "KLDivergence",
    "Labels",
    "LogSoftmax",
    "LogSumExp",
    "Logarithm",
    "Logits",
    "MatchProbability",
    "OneHot",
    "Probabilities",
    "RealVector",
    "Sigmoid",
    "Softmax",
    "SoftmaxVector",
    "SymbolicQuantity",
    "SymxentError",
    "SymxentLatexPrinter",
    "Uniform",
    "Vector",
    "__version__",
    "class_index",
    "latex",
    "log_base",
    "summation_index",
]
