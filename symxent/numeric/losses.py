r"""Numeric versions of every quantity, with the usual loss options, compiled from expressions.

Each function here builds a symbolic expression with symxent's quantities (the per-sample
formula, including its options), compiles it once with :func:`~symxent.numeric.to_numpy`
(cached), and applies the reduction. No formula is written a second time in numpy.

Arrays have the classes on the **last** axis; integer class labels are **0-based**.

Per-sample formulas, for logits :math:`z` over :math:`C` classes, :math:`s = \mathrm{softmax}(z)`:

* integer label k, class weights w (default 1), label smoothing ε (default 0), mask m
  (``m = 0`` where ``k == ignore_index``, else 1):
  :math:`\ell = m\bigl[(1 - ε)\, w_k (-\log s_k) + \tfrac{ε}{C} \sum_j w_j (-\log s_j)\bigr]`;
* probability target y: :math:`\ell = -\sum_j w_j\, \tilde y_j \log s_j` with
  :math:`\tilde y = (1 - ε)\, y + ε / C`.

Reductions: ``"none"`` (per sample), ``"sum"``, ``"mean"``. With integer labels ``"mean"``
divides by :math:`\sum_i m_i w_{k_i}` (the weighted number of samples kept), with probability
targets by the number of samples — both as ``torch.nn.functional.cross_entropy`` does. Where
symxent differs from torch: labels outside ``0..C-1`` that are not ``ignore_index`` raise
:class:`~symxent.errors.NumericError` (torch raises too, with another message);
``ignore_index`` defaults to None (torch: -100, which never matches a valid label, so the
results agree); a mean over zero kept samples is nan in both.

Example:
    >>> import numpy as np
    >>> from symxent.numeric import losses
    >>> z = np.array([[2.0, 0.0, 0.0], [0.0, 0.0, 0.0]])
    >>> round(float(losses.cross_entropy_with_logits(z, np.array([0, 2]))), 6)
    0.669079
"""

from __future__ import annotations

import functools
import math
from typing import Any

import numpy as np
import sympy as sp

from symxent.distributions import Distribution, Labels, Logits, Probabilities, RealVector
from symxent.errors import NumericError
from symxent.numeric.compile import to_numpy
from symxent.numeric.function import NumericFunction
from symxent.quantities import (
    BinaryCrossEntropy,
    CrossEntropy,
    Entropy,
    KLDivergence,
    LogSoftmax,
    LogSumExp,
    Sigmoid,
    Softmax,
)

__all__ = [
    "REDUCTIONS",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "cross_entropy",
    "cross_entropy_expression",
    "cross_entropy_with_logits",
    "entropy",
    "kl_divergence",
    "log_softmax",
    "logsumexp",
    "nll",
    "sigmoid",
    "sigmoid_binary_cross_entropy_grad",
    "softmax",
    "softmax_cross_entropy_grad",
]

REDUCTIONS = ("mean", "sum", "none")
"""The accepted values of ``reduction``."""

_Z = Logits("z", "C")
_K = _Z.index("k")
_X = sp.Symbol("x", real=True)
_T = sp.Symbol("t")


def _base(base: Any) -> Any:
    return sp.E if base in (None, "e") else base


@functools.lru_cache(maxsize=64)
def _compiled(key: tuple[Any, ...]) -> NumericFunction:
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
    if kind in ("ce_logits", "ce_logits_grad"):
        target, weighted, smoothing, masked = options
        expr = cross_entropy_expression(target, weighted, smoothing, masked)
        if kind == "ce_logits":
            return to_numpy(expr)
        c = _Z.index("c")
        return to_numpy(sp.Derivative(expr, _Z[c]), over=c)
    raise NumericError(f"unknown numeric function {kind!r}")  # pragma: no cover


def _nll_expression(base: Any) -> sp.Expr:
    from symxent.quantities import NLL

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


def _reduce(values: np.ndarray, reduction: str, denominator: Any = None) -> Any:
    if reduction == "none":
        return values
    if reduction == "sum":
        return values.sum(dtype=values.dtype)
    if reduction == "mean":
        if denominator is None and values.size:
            # numpy's mean without its Python layer: the dtype's sum over the count, divided
            # in float64 and rounded once to the dtype, as values.mean(dtype=values.dtype) does
            total = np.add.reduce(values, axis=None, dtype=values.dtype)
            return values.dtype.type(float(total) / values.size)
        if denominator is None:
            return values.mean(dtype=values.dtype)
        with np.errstate(invalid="ignore", divide="ignore"):
            return values.sum(dtype=values.dtype) / denominator
    raise NumericError(f"reduction must be one of {REDUCTIONS}, got {reduction!r}")


def _check_reduction(reduction: str) -> None:
    if reduction not in REDUCTIONS:
        raise NumericError(f"reduction must be one of {REDUCTIONS}, got {reduction!r}")


# -- information quantities ---------------------------------------------------------------


def entropy(p: Any, base: Any = None, *, out: np.ndarray | None = None) -> Any:
    r"""Entropy :math:`H(p) = -\sum_i p_i \log p_i` per row (``0 log 0 = 0``).

    Args:
        p: probabilities, shape ``(..., C)``.
        base: log base (``None``/``"e"``: nats, ``2``: bits).
        out: optional result buffer of shape ``(...)``.

    Example:
        >>> float(entropy([0.5, 0.25, 0.125, 0.125], base=2))
        1.75
    """
    return _compiled(("entropy", _base(base)))(p, out=out)


def cross_entropy(p: Any, q: Any, base: Any = None, *, out: np.ndarray | None = None) -> Any:
    r"""Cross-entropy :math:`H(p, q) = -\sum_i p_i \log q_i` from probabilities, per row.

    ``+inf`` where some :math:`p_i > 0 = q_i`.

    Example:
        >>> float(cross_entropy([0.5, 0.5], [0.25, 1.0], base=2))
        1.0
    """
    return _compiled(("cross_entropy", _base(base)))(p, q, out=out)


def kl_divergence(p: Any, q: Any, base: Any = None, *, out: np.ndarray | None = None) -> Any:
    r"""KL divergence :math:`D_{KL}(p \parallel q) = \sum_i p_i \log(p_i / q_i)`, per row.

    ``+inf`` where some :math:`p_i > 0 = q_i`; terms with :math:`p_i = 0` are 0.

    Example:
        >>> round(float(kl_divergence([1 / 3, 2 / 3], [2 / 3, 1 / 3])), 6)
        0.231049
    """
    return _compiled(("kl", _base(base)))(p, q, out=out)


def softmax(z: Any, *, out: np.ndarray | None = None) -> Any:
    r"""Softmax over the last axis, :math:`e^{z_k - m} / \sum_j e^{z_j - m}`.

    Example:
        >>> softmax([0.0, 1000.0]).tolist()
        [0.0, 1.0]
    """
    return _compiled(("softmax",))(z, out=out)


def log_softmax(z: Any, *, out: np.ndarray | None = None) -> Any:
    r"""Log-softmax over the last axis, :math:`(z_k - m) - \log \sum_j e^{z_j - m}`.

    Example:
        >>> log_softmax([0.0, 1000.0]).tolist()
        [-1000.0, 0.0]
    """
    return _compiled(("log_softmax",))(z, out=out)


def logsumexp(z: Any, *, out: np.ndarray | None = None) -> Any:
    r"""Log-sum-exp over the last axis, :math:`m + \log \sum_j e^{z_j - m}`.

    Example:
        >>> bool(logsumexp([1000.0, 1000.0]) == 1000 + np.log(2))
        True
    """
    return _compiled(("logsumexp",))(z, out=out)


def sigmoid(x: Any, *, out: np.ndarray | None = None) -> Any:
    r"""The logistic sigmoid :math:`1 / (1 + e^{-x})`, elementwise, without overflow.

    Example:
        >>> sigmoid([-1000.0, 0.0]).tolist()
        [0.0, 0.5]
    """
    return _compiled(("sigmoid",))(x, out=out)


def nll(yhat: Any, base: Any = None, *, reduction: str = "sum") -> Any:
    r"""Negative log-likelihood :math:`-\sum_i \log \hat y_i` of the true-class probabilities.

    Args:
        yhat: probabilities of the true class of each sample, shape ``(..., N)``.
        base: log base.
        reduction: ``"sum"`` (the quantity ``NLL``), ``"mean"`` (divided by N).

    Example:
        >>> float(nll([0.5, 0.25], base=2))
        3.0
    """
    if reduction not in ("sum", "mean"):
        raise NumericError(f"nll reduction must be 'sum' or 'mean', got {reduction!r}")
    total = _compiled(("nll", _base(base)))(yhat)
    return total / np.shape(yhat)[-1] if reduction == "mean" else total


# -- binary cross-entropy -----------------------------------------------------------------


def _weighted(values: np.ndarray, weight: Any) -> np.ndarray:
    if weight is None:
        return values
    return values * np.asarray(weight, dtype=values.dtype)


def binary_cross_entropy(
    target: Any, probability: Any, *, weight: Any = None, reduction: str = "mean"
) -> Any:
    r"""BCE from probabilities, :math:`-w\,[t \log p + (1 - t) \log(1 - p)]` (``0 log 0 = 0``).

    torch clamps the logs at -100; symxent does not (``t = 1, p = 0`` gives ``inf``).

    Example:
        >>> bool(binary_cross_entropy([1.0, 0.0], [0.5, 0.5], reduction="sum") == 2 * np.log(2))
        True
    """
    _check_reduction(reduction)
    values = _compiled(("bce", sp.E))(probability, target)
    return _reduce(_weighted(values, weight), reduction)


def binary_cross_entropy_with_logits(
    target: Any, logits: Any, *, weight: Any = None, reduction: str = "mean"
) -> Any:
    r"""BCE with logits, :math:`w\,[t\,\mathrm{softplus}(-x) + (1 - t)\,\mathrm{softplus}(x)]`.

    Compiled from ``BinaryCrossEntropy(t, Sigmoid(x))``; finite for every finite logit.

    Example:
        >>> float(binary_cross_entropy_with_logits([1.0], [-1000.0]))
        1000.0
    """
    _check_reduction(reduction)
    values = _compiled(("bce_logits", sp.E))(target, logits)
    return _reduce(_weighted(values, weight), reduction)


def sigmoid_binary_cross_entropy_grad(
    target: Any, logits: Any, *, weight: Any = None, reduction: str = "mean"
) -> Any:
    r"""Gradient of :func:`binary_cross_entropy_with_logits` in x: :math:`w(\sigma(x) - t)`.

    Compiled from ``Derivative(BinaryCrossEntropy(t, Sigmoid(x)), x)``; ``"mean"`` divides by
    the number of elements.

    Example:
        >>> sigmoid_binary_cross_entropy_grad([1.0, 0.0], [0.0, 0.0], reduction="sum").tolist()
        [-0.5, 0.5]
    """
    _check_reduction(reduction)
    values = _weighted(_compiled(("bce_logits_grad",))(target, logits), weight)
    return values / values.size if reduction == "mean" else values


# -- softmax cross-entropy ----------------------------------------------------------------


class _Prepared:
    """The arguments of one softmax cross-entropy call, in the compiled function's terms."""

    def __init__(
        self,
        logits: Any,
        target: Any,
        weight: Any,
        label_smoothing: float,
        ignore_index: int | None,
    ) -> None:
        z = np.asarray(logits)
        if z.ndim == 0:
            raise NumericError("logits need the classes on the last axis, shape (..., C)")
        if z.dtype.kind != "f":
            z = z.astype(np.float64)
        self.z = z
        classes = z.shape[-1]
        target_array = np.asarray(target)
        self.kind = "index" if target_array.dtype.kind in "iu" else "probabilities"
        if not 0.0 <= label_smoothing <= 1.0:
            raise NumericError(f"label_smoothing must be in [0, 1], got {label_smoothing}")
        self.eps = float(label_smoothing)
        self.weight = None if weight is None else np.asarray(weight, dtype=z.dtype)
        if self.weight is not None and self.weight.shape != (classes,):
            raise NumericError(
                f"weight must have one entry per class, shape ({classes},), got {self.weight.shape}"
            )
        self.mask: np.ndarray | None = None
        if self.kind == "index":
            if target_array.shape != z.shape[:-1]:
                raise NumericError(
                    f"integer labels must have the batch shape {z.shape[:-1]} of the logits, "
                    f"got {target_array.shape}"
                )
            if ignore_index is not None:
                keep = target_array != ignore_index
                self.mask = keep.astype(z.dtype)
                target_array = np.where(keep, target_array, 0)
        elif ignore_index is not None:
            raise NumericError("ignore_index applies to integer labels only")
        elif target_array.shape[-1:] != (classes,):
            raise NumericError(
                f"probability targets must have shape (..., {classes}), got {target_array.shape}"
            )
        self.target = target_array

    def key(self) -> tuple[Any, ...]:
        return (self.kind, self.weight is not None, self.eps != 0.0, self.mask is not None)

    def arguments(self, function: NumericFunction) -> dict[str, Any]:
        values: dict[str, Any] = {"z": self.z}
        if self.kind == "index":
            values["k"] = self.target
        else:
            values["y"] = np.asarray(self.target, dtype=self.z.dtype)
        if self.weight is not None:
            values["w"] = self.weight
        if self.eps:
            values["eps"] = self.eps
        if self.mask is not None:
            values["m"] = self.mask
        return {name: values[name] for name in function.args if name in values}

    def denominator(self, reduction: str) -> Any:
        """What ``"mean"`` divides by: sum of kept weights (labels) or the sample count."""
        if reduction != "mean" or self.kind != "index":
            return None
        if self.weight is None and self.mask is None:
            return None
        kept = self.weight[self.target] if self.weight is not None else np.ones(self.target.shape)
        if self.mask is not None:
            kept = kept * self.mask
        return kept.sum(dtype=self.z.dtype)


def cross_entropy_with_logits(
    logits: Any,
    target: Any,
    *,
    weight: Any = None,
    label_smoothing: float = 0.0,
    ignore_index: int | None = None,
    reduction: str = "mean",
) -> Any:
    r"""Softmax cross-entropy from logits; see the module docstring for the formulas.

    Args:
        logits: shape ``(..., C)``, float32 or float64 (the result has the same dtype).
        target: integer labels of shape ``(...)`` (0-based) or probabilities ``(..., C)``.
        weight: optional class weights, shape ``(C,)``.
        label_smoothing: ε in [0, 1].
        ignore_index: integer label whose samples are left out (integer labels only).
        reduction: ``"mean"`` (default), ``"sum"`` or ``"none"``.

    Returns:
        A scalar, or the per-sample losses for ``"none"``.

    Raises:
        NumericError: for bad shapes, labels, weights, smoothing or reduction.

    Example:
        >>> z = np.array([[1000.0, -1000.0]])
        >>> float(cross_entropy_with_logits(z, np.array([1])))
        2000.0
    """
    _check_reduction(reduction)
    prepared = _Prepared(logits, target, weight, label_smoothing, ignore_index)
    function = _compiled(("ce_logits", *prepared.key()))
    values = function(**prepared.arguments(function))
    return _reduce(values, reduction, prepared.denominator(reduction))


def softmax_cross_entropy_grad(
    logits: Any,
    target: Any,
    *,
    weight: Any = None,
    label_smoothing: float = 0.0,
    ignore_index: int | None = None,
    reduction: str = "mean",
) -> Any:
    r"""Gradient of :func:`cross_entropy_with_logits` in the logits, shape ``(..., C)``.

    Compiled from ``Derivative(loss, z[j])`` of the same per-sample expression, vectorised over
    j; without options it is the proved :math:`\mathrm{softmax}(z) - y`. ``"mean"`` divides by
    the same denominator as the loss, ``"sum"`` and ``"none"`` do not (both give the per-sample
    gradients, which is what the sum's gradient is).

    Example:
        >>> softmax_cross_entropy_grad(np.array([[0.0, 0.0]]), np.array([1])).tolist()
        [[0.5, -0.5]]
    """
    _check_reduction(reduction)
    prepared = _Prepared(logits, target, weight, label_smoothing, ignore_index)
    function = _compiled(("ce_logits_grad", *prepared.key()))
    values = function(**prepared.arguments(function))
    if reduction != "mean":
        return values
    denominator = prepared.denominator(reduction)
    if denominator is None:
        denominator = math.prod(values.shape[:-1])
    with np.errstate(invalid="ignore", divide="ignore"):
        values /= denominator
    return values
