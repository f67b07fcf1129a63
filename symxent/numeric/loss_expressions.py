r"""The symbolic per-sample formulas behind :mod:`symxent.numeric.losses`, compiled once each.

Each numeric loss is compiled from a symxent expression: the information quantities from
``Entropy``, ``CrossEntropy``, ``KLDivergence``; softmax cross-entropy with its options from
:func:`cross_entropy_expression`. :func:`compiled` keeps the compiled functions (an LRU cache
keyed by the function's kind and options).

Example:
    >>> cross_entropy_expression()
    -LogSoftmax(z, k)
    >>> compiled(("entropy", 2)).args
    ('p',)
"""

from __future__ import annotations

import functools
from typing import Any

import sympy as sp

from symxent.distributions import Distribution, Labels, Logits, Probabilities, RealVector
from symxent.errors import NumericError
from symxent.numeric.compile import to_numpy
from symxent.numeric.function import NumericFunction
from symxent.quantities import (
    NLL,
    BinaryCrossEntropy,
    CrossEntropy,
    Entropy,
    KLDivergence,
    LogSoftmax,
    LogSumExp,
    Sigmoid,
    Softmax,
)

__all__ = ["compiled", "cross_entropy_expression"]

_Z = Logits("z", "C")
_K = _Z.index("k")
_X = sp.Symbol("x", real=True)
_T = sp.Symbol("t")


_P, _Q = Distribution("p", "C"), Distribution("q", "C")
_C = _Z.index("c")
_EXPRESSIONS: dict[str, Any] = {  # kind -> (options -> (expression, the index to vectorise over))
    "entropy": lambda base: (Entropy(_P, base), None),
    "cross_entropy": lambda base: (CrossEntropy(_P, _Q, base), None),
    "kl": lambda base: (KLDivergence(_P, _Q, base), None),
    "softmax": lambda: (Softmax(_Z, _K), _K),
    "log_softmax": lambda: (LogSoftmax(_Z, _K), _K),
    "logsumexp": lambda: (LogSumExp(_Z), None),
    "sigmoid": lambda: (Sigmoid(_X), None),
    "bce": lambda base: (BinaryCrossEntropy(_T, sp.Symbol("s"), base), None),
    "bce_logits": lambda base: (BinaryCrossEntropy(_T, Sigmoid(_X), base), None),
    "bce_logits_grad": lambda: (sp.Derivative(BinaryCrossEntropy(_T, Sigmoid(_X)), _X), None),
    "nll": lambda base: (NLL(Probabilities("yhat", "N"), base), None),
    "ce_logits": lambda *options: (cross_entropy_expression(*options), None),
    "ce_grad": lambda *options: (sp.Derivative(cross_entropy_expression(*options), _Z[_C]), _C),
}


@functools.lru_cache(maxsize=64)
def compiled(key: tuple[Any, ...]) -> NumericFunction:
    """The compiled function of one loss and its options: (kind, *options)."""
    kind, *options = key
    if kind not in _EXPRESSIONS:  # pragma: no cover
        raise NumericError(f"unknown numeric function {kind!r}")
    expr, over = _EXPRESSIONS[kind](*options)
    return to_numpy(expr, over=over)


def cross_entropy_expression(
    target: str = "index",
    weighted: bool = False,
    smoothing: bool = False,
    masked: bool = False,
) -> sp.Expr:
    r"""The per-sample softmax cross-entropy with its options, as a symxent expression.

    Args:
        target: ``"index"`` (integer label ``k``) or ``"probabilities"`` (a target vector ``y``).
        weighted: include class weights ``w`` (a vector over the classes).
        smoothing: include label smoothing ``eps`` (a scalar).
        masked: multiply by a scalar ``m`` (0 for ignored samples).

    Returns:
        The expression compiled by :func:`cross_entropy_with_logits`.

    Example:
        >>> cross_entropy_expression()
        -LogSoftmax(z, k)
        >>> cross_entropy_expression(weighted=True, smoothing=True)
        -(1 - eps)*w[k]*LogSoftmax(z, k) + eps*Sum(-w[j]*LogSoftmax(z, j), (j, 1, C))/C
    """
    w = RealVector("w", "C")
    eps = sp.Symbol("eps", nonnegative=True)
    n = _Z.n

    def weight(i: sp.Expr) -> sp.Expr:
        return w[i] if weighted else sp.S.One

    if target == "index":
        expr = -weight(_K) * LogSoftmax(_Z, _K)
        if smoothing:
            uniform = _Z.sum(lambda j: weight(j) * -LogSoftmax(_Z, j), index="j")
            expr = (1 - eps) * expr + eps / n * uniform
    elif target == "probabilities":
        y = Labels("y", "C")

        def smoothed(j: sp.Expr) -> sp.Expr:
            return (1 - eps) * y[j] + eps / n if smoothing else y[j]

        expr = -_Z.sum(lambda j: weight(j) * smoothed(j) * LogSoftmax(_Z, j), index="j")
    else:
        raise NumericError(f"target must be 'index' or 'probabilities', got {target!r}")
    if masked:
        expr = sp.Symbol("m", nonnegative=True) * expr
    return expr
