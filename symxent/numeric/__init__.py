r"""Numeric code compiled from symxent's expressions: stable, batched numpy functions.

:func:`to_numpy` compiles any expression over symxent quantities and vectors — the quantities
themselves and the end points of derivations — to a numpy function with a class axis last,
vectorised over leading batch axes, rewritten to numerically stable forms. See ``docs/numeric.md``.

Example:
    >>> import numpy as np
    >>> from symxent import Distribution, KLDivergence
    >>> from symxent.numeric import to_numpy
    >>> p, q = Distribution("p", "n"), Distribution("q", "n")
    >>> kl = to_numpy(KLDivergence(p, q))
    >>> kl.args
    ('p', 'q')
    >>> float(kl(np.array([1.0, 0.0]), np.array([0.0, 1.0])))
    inf
"""

from symxent.numeric import losses
from symxent.numeric.compile import to_numpy
from symxent.numeric.function import NumericFunction
from symxent.numeric.losses import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cross_entropy,
    cross_entropy_with_logits,
    entropy,
    kl_divergence,
    log_softmax,
    logsumexp,
    nll,
    sigmoid,
    sigmoid_binary_cross_entropy_grad,
    softmax,
    softmax_cross_entropy_grad,
)

__all__ = [
    "NumericFunction",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "cross_entropy",
    "cross_entropy_with_logits",
    "entropy",
    "kl_divergence",
    "log_softmax",
    "logsumexp",
    "losses",
    "nll",
    "sigmoid",
    "sigmoid_binary_cross_entropy_grad",
    "softmax",
    "softmax_cross_entropy_grad",
    "to_numpy",
]
