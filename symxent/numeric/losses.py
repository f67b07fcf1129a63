r"""Numeric versions of every quantity, with the usual loss options, compiled from expressions.

Each function here builds a symbolic expression with symxent's quantities (the per-sample
formula, including its options; :mod:`symxent.numeric.loss_expressions`), compiles it once with
:func:`~symxent.numeric.to_numpy` (cached), and applies the reduction. No formula is written a
second time in numpy.

**Argument order.** The information quantities take the math's order, :math:`H(p, q)`: the
target first (``cross_entropy(p, q)``, ``kl_divergence(p, q)``,
``binary_cross_entropy(target, probability)``, ``binary_cross_entropy_with_logits(target,
logits)``). ``torch.nn.functional`` takes ``(input, target)`` for all of these; only
:func:`cross_entropy_with_logits` takes ``(logits, target)``, torch's order, because its target
may be integer labels. Keywords make any call unambiguous (``target=``, ``logits=``). Every
argument is checked (:mod:`symxent.numeric.validate`): probabilities in [0, 1] summing to 1
(``normalize=True`` divides by the sums instead, as scipy does), targets in [0, 1], integer
labels; a failed check names the argument and, where the other argument would pass, the likely
swap.

**Axes.** The classes are on the **last** axis unless ``axis=`` (entropy, cross-entropy, KL,
softmax, log-softmax, log-sum-exp: scipy's meaning, the axis the sum runs over; scipy's default
is 0 for ``scipy.stats.entropy``) or ``class_axis=`` (softmax cross-entropy; ``class_axis=1`` is
torch's ``(N, C, d1, ...)``) says otherwise. Logits whose shape could be read both ways with
their targets are refused unless ``class_axis`` is given. Integer class labels are **0-based**.

Per-sample formulas, for logits :math:`z` over :math:`C` classes, :math:`s = \mathrm{softmax}(z)`:

* integer label k, class weights w (default 1), label smoothing ε (default 0):
  :math:`\ell = (1 - ε)\, w_k (-\log s_k) + \tfrac{ε}{C} \sum_j w_j (-\log s_j)`, and
  :math:`\ell = 0` where ``k == ignore_index`` (whatever the logits of that row, nan included);
* probability target y: :math:`\ell = -\sum_j w_j\, \tilde y_j \log s_j` with
  :math:`\tilde y = (1 - ε)\, y + ε / C`.

Reductions: ``"none"`` (per sample), ``"sum"``, ``"mean"``. With integer labels ``"mean"``
divides by :math:`\sum_i m_i w_{k_i}` (the weighted number of samples kept, m = 0 for ignored
ones), with probability targets by the number of samples — both as
``torch.nn.functional.cross_entropy`` does. ``ignore_index`` defaults to -100, torch's default.
Labels outside ``0..C-1`` that are not ``ignore_index`` raise
:class:`~symxent.errors.NumericError`; a mean over zero kept samples is nan, as in torch.

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

from symxent.errors import NumericError, SymxentError
from symxent.numeric import dispatch, information, native, native_elementwise, validate
from symxent.numeric.backend import get_backend
from symxent.numeric.binary_losses import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    sigmoid_binary_cross_entropy_grad,
)
from symxent.numeric.ce_arguments import TORCH_IGNORE_INDEX, Prepared
from symxent.numeric.fastcall import call_logsumexp
from symxent.numeric.loss_expressions import compiled, cross_entropy_expression
from symxent.numeric.reduction import REDUCTIONS, check_reduction, reduce_values
from symxent.numeric.rows import _SMALLEST_NORMAL
from symxent.numeric.summed import summed
from symxent.quantities.base import as_base

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

# -- information quantities ---------------------------------------------------------------


def _log_base(base: Any) -> sp.Expr:
    """``base`` (None: e) as a SymPy log base, checked; the common ones without SymPy's cost."""
    try:
        return _hashable_log_base(base)
    except TypeError:  # unhashable: checked by as_base, which explains
        return as_base(base)


@functools.lru_cache(maxsize=32, typed=True)
def _hashable_log_base(base: Any) -> sp.Expr:
    return as_base(sp.E if base is None else base)


@functools.lru_cache(maxsize=32, typed=True)
def _kernel_log_base(base: Any) -> float | None:
    """``log(base)`` as the information kernels take it (None: a symbolic base), checked."""
    return information.base_log(_hashable_log_base(base))


@functools.lru_cache(maxsize=32, typed=True)
def _compiled_nll(base: Any) -> Any:
    """The compiled nll of a hashable ``base`` (hashing a SymPy base costs half a microsecond)."""
    return compiled(("nll", _hashable_log_base(base)))


def _information(
    kind: str, base: Any, arrays: dict[str, Any], *, axis: int, normalize: bool, out: Any
) -> Any:
    """An information quantity of the probability vectors ``arrays`` (name -> value), checked.

    The vectors are moved classes last and converted to one dtype; with ``normalize`` they are
    divided by their sums, else they are checked as they are read: by the fused row kernel
    (:mod:`symxent.numeric.information`) where it applies, else by the compiled function chunk
    by chunk (:class:`~symxent.numeric.validate.ProbabilityRows`); a check of its own would
    cost more than the quantity (``docs/numeric.md``). A failed check raises after the
    evaluation, before the result is returned (``out`` may have been written).
    """
    converted = [validate.float_array(value, name) for name, value in arrays.items()]
    if len(converted) == 2 and converted[0].dtype != converted[1].dtype:
        converted = [a.astype(np.float64) for a in converted]
    if out is None and not normalize and type(axis) is int and axis == -1:
        try:  # the short path: plain rows that pass the checks
            log_base = _kernel_log_base(base)
        except (TypeError, SymxentError):  # explained below, after the arrays' own errors
            log_base = None
        if log_base is not None:
            result = information.plain(kind, log_base, converted)
            if result is not None:
                return result
    values: dict[str, np.ndarray] = {}
    checks: dict[str, validate.ProbabilityRows] = {}
    for name, array in zip(arrays, converted, strict=True):
        moved = validate.classes_last(array, axis, name)
        if normalize:
            moved = validate.probabilities(moved, name, normalize=True)
        elif moved.size:
            checks[name] = validate.ProbabilityRows()
        values[name] = moved
    base = _log_base(base)
    result = information.rows(kind, base, values, checks)
    if result is None:
        function = compiled((kind, base))
        try:
            result = function.call_checked(checks, out=out, **values)
        finally:  # a failed check is the error to report, before one the call met later
            for name, check in checks.items():
                check.raise_if_not(values[name], name)
        return result
    for name, check in checks.items():
        check.raise_if_not(values[name], name)
    return result if out is None else get_backend("numpy").write_out(result, out)


def entropy(
    p: Any,
    base: Any = None,
    *,
    axis: int = -1,
    normalize: bool = False,
    out: np.ndarray | None = None,
) -> Any:
    r"""Entropy :math:`H(p) = -\sum_i p_i \log p_i` per probability vector (``0 log 0 = 0``).

    Args:
        p: probabilities; each vector along ``axis`` sums to 1 (checked).
        base: log base (``None``/``"e"``: nats, ``2``: bits).
        axis: the class axis, as in ``scipy.stats.entropy`` (whose default is 0; here -1).
        normalize: divide each vector by its sum first (what ``scipy.stats.entropy`` always
            does) instead of requiring it to sum to 1.
        out: optional result buffer of the batch shape.

    Raises:
        NumericError: for entries below 0, vectors not summing to 1, non-real input.

    Example:
        >>> float(entropy([0.5, 0.25, 0.125, 0.125], base=2))
        1.75
        >>> round(float(entropy([2, 3, 5], normalize=True)), 6)  # scipy.stats.entropy([2, 3, 5])
        1.029653
    """
    return _information("entropy", base, {"p": p}, axis=axis, normalize=normalize, out=out)


def cross_entropy(
    p: Any,
    q: Any,
    base: Any = None,
    *,
    axis: int = -1,
    normalize: bool = False,
    out: np.ndarray | None = None,
) -> Any:
    r"""Cross-entropy :math:`H(p, q) = -\sum_i p_i \log q_i` from probabilities, per vector.

    ``p`` is the target, ``q`` the prediction (the math's order; both are checked as
    probability vectors). ``+inf`` where some :math:`p_i > 0 = q_i`. ``axis`` and
    ``normalize`` as for :func:`entropy`.

    Example:
        >>> bool(cross_entropy([0.5, 0.5], [0.25, 0.75], base=2) == 0.5 * (2 - np.log2(0.75)))
        True
    """
    return _information(
        "cross_entropy", base, {"p": p, "q": q}, axis=axis, normalize=normalize, out=out
    )


def kl_divergence(
    p: Any,
    q: Any,
    base: Any = None,
    *,
    axis: int = -1,
    normalize: bool = False,
    out: np.ndarray | None = None,
) -> Any:
    r"""KL divergence :math:`D_{KL}(p \parallel q) = \sum_i p_i \log(p_i / q_i)`, per vector.

    ``scipy.stats.entropy(p, q, axis=a)`` with ``normalize=True``. ``+inf`` where some
    :math:`p_i > 0 = q_i`; terms with :math:`p_i = 0` are 0.

    Example:
        >>> round(float(kl_divergence([1 / 3, 2 / 3], [2 / 3, 1 / 3])), 6)
        0.231049
    """
    return _information("kl", base, {"p": p, "q": q}, axis=axis, normalize=normalize, out=out)


def _along(kind: str, z: Any, axis: int, out: np.ndarray | None, *, keeps_axis: bool) -> Any:
    function = compiled((kind,))
    if out is None and type(axis) is int and axis == -1:
        result = function.short_call(z) if keeps_axis else call_logsumexp(z)
        if result is not None:
            return result
    array = validate.classes_last(validate.float_array(z, "z"), axis, "z")
    moved = axis not in (-1, array.ndim - 1)
    if not moved:
        return function(array, out=out)
    result = np.moveaxis(function(array), -1, axis) if keeps_axis else function(array)
    return result if out is None else get_backend("numpy").write_out(np.asarray(result), out)


def softmax(z: Any, *, axis: int = -1, out: np.ndarray | None = None) -> Any:
    r"""Softmax along ``axis`` (default the last), :math:`e^{z_k - m} / \sum_j e^{z_j - m}`.

    (``scipy.special.softmax``'s default ``axis=None`` is over all entries.)

    Example:
        >>> softmax([0.0, 1000.0]).tolist()
        [0.0, 1.0]
    """
    return _along("softmax", z, axis, out, keeps_axis=True)


def log_softmax(z: Any, *, axis: int = -1, out: np.ndarray | None = None) -> Any:
    r"""Log-softmax along ``axis``, :math:`(z_k - m) - \log \sum_j e^{z_j - m}`.

    Example:
        >>> log_softmax([0.0, 1000.0]).tolist()
        [-1000.0, 0.0]
    """
    return _along("log_softmax", z, axis, out, keeps_axis=True)


def logsumexp(z: Any, *, axis: int = -1, out: np.ndarray | None = None) -> Any:
    r"""Log-sum-exp along ``axis``, :math:`m + \log \sum_j e^{z_j - m}` (the axis is removed).

    Example:
        >>> bool(logsumexp([1000.0, 1000.0]) == 1000 + np.log(2))
        True
    """
    return _along("logsumexp", z, axis, out, keeps_axis=False)


def sigmoid(x: Any, *, out: np.ndarray | None = None) -> Any:
    r"""The logistic sigmoid :math:`1 / (1 + e^{-x})`, elementwise, without overflow.

    A C-contiguous float array without ``out`` is one call of the elementwise kernel
    (:func:`symxent.numeric.dispatch.unary`) where it measured faster, whatever its size.

    Example:
        >>> sigmoid([-1000.0, 0.0]).tolist()
        [0.0, 0.5]
    """
    array = validate.float_array(x, "x")
    if (  # small arrays too: one kernel call costs less than numpy's route (errstate, 4 ufuncs)
        out is None
        and array.size
        and array.flags.c_contiguous
        and native.enabled()
        and native_elementwise.has_elementwise()
        and dispatch.elementwise_kernel("sigmoid", array.dtype)
    ):
        return native_elementwise.elementwise("sigmoid", array)[0]
    return compiled(("sigmoid",))(array, out=out)


def nll(yhat: Any, base: Any = None, *, reduction: str = "sum") -> Any:
    r"""Negative log-likelihood :math:`-\sum_i \log \hat y_i` of the true-class probabilities.

    Args:
        yhat: probabilities (in [0, 1]) of the true class of each sample, shape ``(..., N)``.
        base: log base.
        reduction: ``"sum"`` (the quantity ``NLL``), ``"mean"`` (divided by N).

    Raises:
        NumericError: for entries outside [0, 1] (log-probabilities included: pass their
            ``exp``).

    Example:
        >>> float(nll([0.5, 0.25], base=2))
        3.0
    """
    if reduction not in ("sum", "mean"):
        raise NumericError(f"nll reduction must be 'sum' or 'mean', got {reduction!r}")
    array = validate.float_array(yhat, "yhat")
    if array.ndim == 0 or array.shape[-1] == 0:
        raise NumericError(f"yhat needs a nonempty last axis (the samples), got {array.shape}")
    lowest = np.minimum.reduce(array, axis=None)
    if lowest >= _SMALLEST_NORMAL[array.dtype] and np.maximum.reduce(array, axis=None) <= 1.0:
        # normal numbers in (0, 1]: no log of 0 or of a subnormal, no flag (the sums of at most
        # 2^15 logs stay finite)
        try:
            function = _compiled_nll(base)
        except TypeError:  # an unhashable base: checked below
            function = compiled(("nll", _log_base(base)))
        total = function.short_call(array, quiet=True)
        if total is not None:
            return total / array.shape[-1] if reduction == "mean" else total
    elif not validate.in_unit_interval(array):
        looks_log = float(np.max(array)) <= 0.0 and float(np.min(array)) < 0.0
        validate.unit_interval(
            array,
            "yhat",
            swap="these look like log-probabilities: nll takes probabilities, pass np.exp(...)"
            if looks_log
            else None,
        )
    total = compiled(("nll", _log_base(base)))(array)
    return total / array.shape[-1] if reduction == "mean" else total


# -- softmax cross-entropy ----------------------------------------------------------------


def _prepared(reduction: str, *arguments: Any) -> Prepared:
    """``reduction`` and the softmax-CE ``arguments`` checked.

    ``arguments``: logits, target, weight, label_smoothing, ignore_index, class_axis (those of
    :func:`cross_entropy_with_logits`).
    """
    check_reduction(reduction)
    logits, target, weight, label_smoothing, ignore_index, class_axis = arguments
    return Prepared(
        logits,
        target,
        weight=weight,
        label_smoothing=label_smoothing,
        ignore_index=ignore_index,
        class_axis=class_axis,
    )


def _softmax_ce(kind: str, reduction: str, *arguments: Any) -> tuple[Prepared, Any]:
    """The arguments of the loss or gradient ``kind``, checked, and its per-sample values.

    ``arguments``: logits, target, weight, label_smoothing, ignore_index, class_axis (those of
    :func:`cross_entropy_with_logits`). Ignored samples get 0. The values are None when the
    loss's sum or mean was computed without them (:func:`symxent.numeric.summed.summed`): it is
    ``prepared.total``.
    """
    prepared = _prepared(reduction, *arguments)
    if kind == "ce_logits" and reduction != "none" and summed(prepared, reduction):
        return prepared, None
    function = compiled((kind, *prepared.key()))
    return prepared, prepared.zero_ignored(function(**prepared.arguments(function)))


def _plain_grad(prepared: Prepared, reduction: str) -> np.ndarray | None:
    r"""The plain gradient :math:`(\mathrm{softmax}(z) - y) / N` (``"sum"``: no ``/ N``), kernels.

    Integer labels, no weights, no smoothing, none ignored, C-contiguous float32 or float64
    logits with the classes last: one kernel pass
    (:func:`symxent.numeric.native.softmax_grad_rows`). None where that does not apply, or for
    rows it leaves to the general route (non-finite, bad labels).
    """
    z = prepared.z
    if (
        prepared.key() != ("index", False, False, False)
        or prepared.ignored is not None
        or type(z) is not np.ndarray
        or z.ndim < 1
        or z.size == 0
        or not z.flags.c_contiguous
        or prepared.axis not in (-1, z.ndim - 1)
    ):
        return None
    rows = z.size // z.shape[-1]
    scale = 1.0 / rows if reduction == "mean" else 1.0
    values = native.softmax_grad_rows(
        z.reshape(rows, z.shape[-1]), prepared.target.reshape(rows), scale
    )
    return None if values is None else values.reshape(z.shape)


def cross_entropy_with_logits(
    logits: Any,
    target: Any,
    *,
    weight: Any = None,
    label_smoothing: float = 0.0,
    ignore_index: int | None = TORCH_IGNORE_INDEX,
    reduction: str = "mean",
    class_axis: int | None = None,
) -> Any:
    r"""Softmax cross-entropy from logits, as torch's ``F.cross_entropy``; formulas above.

    Args:
        logits: shape ``(..., C)``, float32 or float64 (the result has the same dtype).
        target: integer labels of the batch shape (0-based) or probabilities of the logits'
            shape (entries in [0, 1]).
        weight: optional class weights, shape ``(C,)``.
        label_smoothing: ε in [0, 1].
        ignore_index: integer label whose samples are left out (integer labels only); -100 by
            default, as in torch; None ignores nothing.
        reduction: ``"mean"`` (default), ``"sum"`` or ``"none"``.
        class_axis: the axis of the classes in ``logits`` (and probability targets): -1 (the
            default) or 1 for torch's ``(N, C, d1, ...)``. Needed when the shapes could be read
            both ways.

    Returns:
        A scalar, or the per-sample losses (the batch shape) for ``"none"``.

    Raises:
        NumericError: for bad shapes, labels, targets, weights, smoothing or reduction.

    Example:
        >>> z = np.array([[1000.0, -1000.0]])
        >>> float(cross_entropy_with_logits(z, np.array([1])))
        2000.0
    """
    prepared, values = _softmax_ce(
        "ce_logits", reduction, logits, target, weight, label_smoothing, ignore_index, class_axis
    )
    if values is None:
        return prepared.total
    return reduce_values(values, reduction, prepared.denominator(reduction))


def softmax_cross_entropy_grad(
    logits: Any,
    target: Any,
    *,
    weight: Any = None,
    label_smoothing: float = 0.0,
    ignore_index: int | None = TORCH_IGNORE_INDEX,
    reduction: str = "mean",
    class_axis: int | None = None,
) -> Any:
    r"""Gradient of :func:`cross_entropy_with_logits` in the logits (the logits' shape).

    Compiled from ``Derivative(loss, z[j])`` of the same per-sample expression, vectorised over
    j; without options it is the proved :math:`\mathrm{softmax}(z) - y`. ``"mean"`` divides by
    the same denominator as the loss, ``"sum"`` and ``"none"`` do not (both give the per-sample
    gradients, which is what the sum's gradient is). Ignored samples get zero gradients.

    Example:
        >>> softmax_cross_entropy_grad(np.array([[0.0, 0.0]]), np.array([1])).tolist()
        [[0.5, -0.5]]
    """
    prepared = _prepared(
        reduction, logits, target, weight, label_smoothing, ignore_index, class_axis
    )
    values = _plain_grad(prepared, reduction)
    if values is not None:
        return values
    function = compiled(("ce_grad", *prepared.key()))
    values = prepared.zero_ignored(function(**prepared.arguments(function)))
    if reduction == "mean":
        denominator = prepared.denominator(reduction)
        if denominator is None:
            denominator = math.prod(values.shape[:-1])
        with np.errstate(invalid="ignore", divide="ignore"):
            values /= denominator
    if prepared.axis not in (-1, values.ndim - 1):
        values = np.moveaxis(values, -1, prepared.axis)
    return values
