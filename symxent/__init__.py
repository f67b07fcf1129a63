r"""symxent: the mathematics of entropy and cross-entropy, derived, checked, computed and typeset.

Example:
    >>> from symxent import Distribution, KLDivergence, latex
    >>> p, q = Distribution("p", "n"), Distribution("q", "n")
    >>> latex(KLDivergence(p, q))
    'D_{\\mathrm{KL}}(p \\parallel q)'
"""

from typing import TYPE_CHECKING

from symxent.derivation import Derivation, DerivationReport
from symxent.distributions import (
    Distribution,
    Labels,
    Logits,
    NonnegativeVector,
    OneHot,
    PositiveVector,
    Probabilities,
    RealVector,
    Uniform,
    Vector,
    class_index,
    summation_index,
)
from symxent.emit import markdown as _markdown  # noqa: F401  (sets the notebook display hooks)
from symxent.emit import verdicts as _verdicts  # noqa: F401  (sets the wording hooks)
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

if TYPE_CHECKING:
    from symxent.latex.parse import parse, parse_expression
    from symxent.numeric import to_jax, to_numpy, to_torch

__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    # numpy loads only when numeric code is first asked for, the LaTeX reader (70 ms of rules)
    # when LaTeX is first read: `import symxent` stays light.
    if name in ("to_numpy", "to_torch", "to_jax"):
        from symxent import numeric

        return getattr(numeric, name)
    if name in ("parse", "parse_expression"):
        from symxent.latex import parse as parse_module

        return getattr(parse_module, name)
    raise AttributeError(f"module 'symxent' has no attribute {name!r}")


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
    "NonnegativeVector",
    "OneHot",
    "PositiveVector",
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
    "parse",
    "parse_expression",
    "summation_index",
    "to_jax",
    "to_numpy",
    "to_torch",
]
