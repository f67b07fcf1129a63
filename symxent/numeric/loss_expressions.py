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


@functools.lru_cache(maxsize=64)
def compiled(key: tuple[Any, ...]) -> NumericFunction:
    """The compiled function of one loss and its options: (kind, *options)."""
    kind, *options = key
    p, q = Distribution("p", "C"), Distribution("q", "C")
    if kind == "entropy":
        return to_numpy(Entropy(p, options[0]))
    if kind == "cross_entropy":
        return to_numpy(CrossEntropy(p, q, options[0]))
    if kind == "kl":
        return to_numpy(KLDivergence(p, q, options[0]))
    if kind == "softmax":
        return to_numpy(Softmax(_Z, _K), over=_K)
    if kind == "log_softmax":
        return to_numpy(LogSoftmax(_Z, _K), over=_K)
    if kind == "logsumexp":
        return to_numpy(LogSumExp(_Z))
    if kind == "sigmoid":
        return to_numpy(Sigmoid(_X))
    if kind == "bce":
        return to_numpy(BinaryCrossEntropy(_T, sp.Symbol("s"), options[0]))
    if kind == "bce_logits":
        return to_numpy(BinaryCrossEntropy(_T, Sigmoid(_X), options[0]))
    if kind == "bce_logits_grad":
        return to_numpy(sp.Derivative(BinaryCrossEntropy(_T, Sigmoid(_X)), _X))
    if kind == "nll":
        return to_numpy(_nll_expression(options[0]))
    if kind in ("ce_logits", "ce_grad"):
        target, weighted, smoothing, masked = options
        expr = cross_entropy_expression(target, weighted, smoothing, masked)
        if kind == "ce_logits":
            return to_numpy(expr)
        c = _Z.index("c")
        return to_numpy(sp.Derivative(expr, _Z[c]), over=c)
    raise NumericError(f"unknown numeric function {kind!r}")  # pragma: no cover


def _nll_expression(base: Any) -> sp.Expr:
    return NLL(Probabilities("yhat", "N"), base)


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
