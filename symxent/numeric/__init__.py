r"""Numeric code compiled from symxent's expressions: stable, batched numpy (torch, jax) functions.

:func:`to_numpy` compiles any expression over symxent quantities and vectors — the quantities
themselves and the end points of derivations — to a numpy function with a class axis last,
vectorised over leading batch axes, rewritten to numerically stable forms. :func:`to_torch` and
:func:`to_jax` print the same compiled expression for torch and jax (optional, imported only
when asked for); :func:`to_backend` takes the backend's name. Large batches are split over
:func:`num_threads` threads (:func:`set_num_threads`, or ``SYMXENT_NUM_THREADS``). See
``docs/numeric.md``.

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

from symxent.numeric import losses, threads
from symxent.numeric.backend import BACKENDS
from symxent.numeric.compile import to_backend, to_jax, to_numpy, to_torch
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
from symxent.numeric.threads import num_threads, set_num_threads

__all__ = [
    "BACKENDS",
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
    "num_threads",
    "set_num_threads",
    "sigmoid",
    "sigmoid_binary_cross_entropy_grad",
    "softmax",
    "softmax_cross_entropy_grad",
    "threads",
    "to_backend",
    "to_jax",
    "to_numpy",
    "to_torch",
]
