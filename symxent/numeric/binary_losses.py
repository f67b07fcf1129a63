r"""Binary cross-entropy from probabilities or logits, and its gradient in the logits.

The target comes first, as in :math:`H(p, q)`; ``torch.nn.functional`` takes ``(input,
target)``. Targets must be in [0, 1], and a target outside it is refused, naming the swap when
the other argument would pass as a target. The per-sample formulas are compiled from
symxent's quantities (:mod:`symxent.numeric.loss_expressions`). :mod:`symxent.numeric.losses`
exports these functions with the other losses.

Example:
    >>> from symxent.numeric import binary_losses
    >>> round(float(binary_losses.binary_cross_entropy([1.0, 0.0], [0.8, 0.2])), 6)
    0.223144
"""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy as sp

from symxent.errors import NumericError
from symxent.numeric import dispatch, validate
from symxent.numeric.loss_expressions import compiled
from symxent.numeric.reduction import check_reduction, reduce_values

__all__ = [
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "sigmoid_binary_cross_entropy_grad",
]

_TORCH_ORDER = (
    "symxent takes ({target}, {other}) like H(p, q); torch's F.{torch} takes ({other}, target)"
)


def _binary(
    target: Any, other: Any, other_name: str, torch_name: str, weight: Any
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Target and probabilities / logits of a binary loss, checked (target in [0, 1])."""
    t = validate.float_array(target, "target")
    x = validate.float_array(other, other_name)
    if t.dtype != x.dtype:
        t, x = t.astype(np.float64), x.astype(np.float64)
    order = _TORCH_ORDER.format(target="target", other=other_name, torch=torch_name)
    if not validate.in_unit_interval(t):
        likely = validate.in_unit_interval(x) and other_name == "logits"
        swap = f"the arguments look swapped: {order}" if likely else order
        validate.unit_interval(t, "target", swap=swap)
    if other_name == "probability":
        validate.unit_interval(x, "probability", swap=order)
    w = None if weight is None else validate.float_array(weight, "weight").astype(x.dtype)
    return t, x, w


def _weighted(values: np.ndarray, weight: np.ndarray | None) -> np.ndarray:
    if weight is None:
        return values
    try:
        return values * weight
    except ValueError:
        raise NumericError(
            f"weight of shape {weight.shape} does not broadcast to the losses' shape {values.shape}"
        ) from None


def binary_cross_entropy(
    target: Any, probability: Any, *, weight: Any = None, reduction: str = "mean"
) -> Any:
    r"""BCE from probabilities, :math:`-w\,[t \log p + (1 - t) \log(1 - p)]` (``0 log 0 = 0``).

    The target comes first (torch's ``F.binary_cross_entropy`` takes ``(input, target)``); both
    must be in [0, 1]. torch clamps the logs at -100; symxent does not (``t = 1, p = 0`` gives
    ``inf``). Plain C-contiguous float arrays (no ``weight``) take one kernel pass
    (:func:`symxent.numeric.dispatch.binary_loss`; ``"mean"`` and ``"sum"`` summed in float64).

    Example:
        >>> bool(binary_cross_entropy([1.0, 0.0], [0.5, 0.5], reduction="sum") == 2 * np.log(2))
        True
    """
    check_reduction(reduction)
    if weight is None:  # one kernel pass for plain arrays (None: the general route)
        value = dispatch.binary_loss("bce", target, probability, reduction)
        if value is not None:
            return value
    t, p, w = _binary(target, probability, "probability", "binary_cross_entropy", weight)
    values = compiled(("bce", sp.E))(p, t)
    return reduce_values(_weighted(values, w), reduction)


def binary_cross_entropy_with_logits(
    target: Any, logits: Any, *, weight: Any = None, reduction: str = "mean"
) -> Any:
    r"""BCE with logits, :math:`w\,[t\,\mathrm{softplus}(-x) + (1 - t)\,\mathrm{softplus}(x)]`.

    Compiled from ``BinaryCrossEntropy(t, Sigmoid(x))``; finite for every finite logit. The
    target (in [0, 1]) comes first; torch's ``F.binary_cross_entropy_with_logits`` takes
    ``(input, target)``. A target outside [0, 1] is refused, naming the swap when the logits
    would pass as targets. Plain C-contiguous float arrays (no ``weight``) take one kernel pass
    that computes both softplus terms from one :math:`e^{-|x|}` and one log1p
    (:func:`symxent.numeric.dispatch.binary_loss`; ``"mean"`` and ``"sum"`` summed in float64).

    Example:
        >>> float(binary_cross_entropy_with_logits([1.0], [-1000.0]))
        1000.0
    """
    check_reduction(reduction)
    if weight is None:  # one kernel pass for plain arrays (None: the general route)
        value = dispatch.binary_loss("bce_logits", target, logits, reduction)
        if value is not None:
            return value
    t, x, w = _binary(target, logits, "logits", "binary_cross_entropy_with_logits", weight)
    values = compiled(("bce_logits", sp.E))(t, x)
    return reduce_values(_weighted(values, w), reduction)


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
    check_reduction(reduction)
    t, x, w = _binary(target, logits, "logits", "binary_cross_entropy_with_logits", weight)
    values = _weighted(compiled(("bce_logits_grad",))(t, x), w)
    return values / values.size if reduction == "mean" else values
