r"""The arguments of one softmax cross-entropy call, checked, in the compiled function's terms.

:func:`symxent.numeric.losses.cross_entropy_with_logits` and
:func:`~symxent.numeric.losses.softmax_cross_entropy_grad` take torch's arguments — logits,
integer labels or probability targets, ``weight``, ``label_smoothing``, ``ignore_index``,
``class_axis`` — and :class:`Prepared` checks them (naming the likely mistake: swapped
arguments, torch's ``(N, C, d1, ...)`` layout, float labels), moves the classes last, drops
ignored labels and knows the mean's denominator.

Example:
    >>> import numpy as np
    >>> call = Prepared(np.zeros((2, 3)), np.array([0, -100]), weight=None, label_smoothing=0.1,
    ...                 ignore_index=-100, class_axis=None)
    >>> call.key(), call.ignored.tolist()
    (('index', False, True, False), [False, True])
"""

from __future__ import annotations

from typing import Any

import numpy as np

from symxent.errors import NumericError
from symxent.numeric import validate

__all__ = ["TORCH_IGNORE_INDEX", "Prepared"]

TORCH_IGNORE_INDEX = -100
"""torch's default ``ignore_index``, and symxent's."""


def _class_axis(z: np.ndarray, target: np.ndarray, index: bool, class_axis: Any) -> int:
    """The class axis of the logits: ``class_axis``, or the last one when that is unambiguous."""
    if class_axis is not None:
        if isinstance(class_axis, bool) or not isinstance(class_axis, int | np.integer):
            raise NumericError(f"class_axis must be an int, got {class_axis!r}")
        return int(class_axis)
    if z.ndim < 3:
        return -1
    torch_batch = (z.shape[0], *z.shape[2:])
    last = target.shape == (z.shape[:-1] if index else z.shape)
    torch = target.shape == (torch_batch if index else z.shape)
    if last and torch:
        raise NumericError(
            f"logits of shape {z.shape} with targets of shape {target.shape} can be read two "
            f"ways: classes on the last axis (symxent's default, {z.shape[-1]} classes) or on "
            f"axis 1 (torch's (N, C, d1, ...), {z.shape[1]} classes); pass class_axis=-1 or "
            "class_axis=1"
        )
    if torch and not last:
        raise NumericError(
            f"logits of shape {z.shape} with labels of shape {target.shape}: the labels fit "
            "torch's (N, C, d1, ...) layout, symxent's default is classes last; pass "
            "class_axis=1"
        )
    return -1


class Prepared:
    """The arguments of one softmax cross-entropy call, in the compiled function's terms.

    Attributes:
        z: the logits, classes last, float32 or float64.
        kind: ``"index"`` (integer labels) or ``"probabilities"``.
        axis: the class axis of the logits as given.
        labels: the integer labels as given (``kind == "index"``).
        ignore: ``ignore_index`` as an int, or None.
        eps: the label smoothing.
        weight: the class weights or None.
    """

    def __init__(
        self,
        logits: Any,
        target: Any,
        *,
        weight: Any,
        label_smoothing: Any,
        ignore_index: Any,
        class_axis: Any,
    ) -> None:
        raw = validate.as_real_array(logits, "logits")
        target_array = validate.as_real_array(target, "target")
        if raw.ndim == 0:
            raise NumericError("logits need a class axis, shape (..., C)")
        if (
            raw.dtype.kind in "iub"
            and target_array.dtype.kind == "f"
            and raw.ndim < target_array.ndim
        ):
            raise NumericError(
                "the arguments look swapped: cross_entropy_with_logits takes (logits, target), "
                "as torch's F.cross_entropy does; got integer logits and a float target"
            )
        z = raw if raw.dtype in (np.float32, np.float64) else validate.float_array(raw, "logits")
        self.kind = "index" if target_array.dtype.kind in "iu" else "probabilities"
        self.axis = _class_axis(z, target_array, self.kind == "index", class_axis)
        self.z = z = validate.classes_last(z, self.axis, "logits")
        classes = z.shape[-1]
        self.eps = validate.label_smoothing(label_smoothing)
        self.weight = None
        if weight is not None:
            self.weight = validate.float_array(weight, "weight").astype(z.dtype, copy=False)
            if self.weight.shape != (classes,):
                raise NumericError(
                    f"weight must have one entry per class, shape ({classes},), got "
                    f"{self.weight.shape}"
                )
        if (
            ignore_index is not None
            and type(ignore_index) is not int  # the usual case, checked at once
            and (isinstance(ignore_index, bool) or not isinstance(ignore_index, int | np.integer))
        ):
            raise NumericError(f"ignore_index must be an int or None, got {ignore_index!r}")
        self.total: Any = None  # the sum or mean, when computed without per-sample values
        self.ignore = None if ignore_index is None else int(ignore_index)
        self._dropped: tuple[np.ndarray, np.ndarray | None] | None = None
        if self.kind == "index":
            if target_array.shape != z.shape[:-1]:
                raise NumericError(
                    f"integer labels must have the batch shape {z.shape[:-1]} of the logits "
                    f"(classes on axis {self.axis}), got {target_array.shape}; for torch's "
                    "(N, C, d1, ...) layout pass class_axis=1"
                )
            self.labels = target_array  # as given: ignored labels are found when needed
            return
        if ignore_index not in (None, TORCH_IGNORE_INDEX):
            raise NumericError("ignore_index applies to integer labels only")
        if target_array.dtype.kind == "b":
            raise NumericError("target must be integer labels or probabilities, got bools")
        if target_array.shape != raw.shape and target_array.shape in (
            z.shape[:-1],
            (*z.shape[:-1], 1),
        ):
            raise NumericError(
                f"target of shape {target_array.shape} and dtype {target_array.dtype}: "
                "class labels must be an integer array of the batch shape "
                f"{z.shape[:-1]} (e.g. target.astype(int)); probability targets have "
                f"the logits' shape {raw.shape}"
            )
        target_array = validate.classes_last(target_array, self.axis, "target")
        if target_array.shape != z.shape:
            raise NumericError(
                f"probability targets must have the logits' shape {z.shape}, got "
                f"{target_array.shape}; integer labels need an integer dtype"
            )
        validate.unit_interval(
            target_array,
            "target",
            swap="probability targets are in [0, 1]; the order is (logits, target), as in "
            "torch's F.cross_entropy",
        )
        self._dropped = (target_array, None)

    def _drop_ignored(self) -> tuple[np.ndarray, np.ndarray | None]:
        """The labels with ignored ones set to 0, and the mask of the ignored ones or None.

        Found on first use (the kernels' summed route finds them itself, without this pass over
        the labels); the losses of ignored samples are zeroed after the call.
        """
        if self._dropped is None:
            labels, ignore = self.labels, self.ignore
            self._dropped = (labels, None)
            if (  # a negative ignore_index and no negative label: nothing is ignored
                ignore is not None
                and labels.size
                and (
                    ignore >= 0
                    or (labels.dtype.kind != "u" and np.minimum.reduce(labels, axis=None) < 0)
                )
            ):
                ignored = labels == ignore
                if ignored.any():
                    self._dropped = (np.where(ignored, 0, labels), ignored)
        return self._dropped

    @property
    def target(self) -> np.ndarray:
        """The labels (ignored ones set to 0) or the probability targets, classes last."""
        return self._drop_ignored()[0]

    @property
    def ignored(self) -> np.ndarray | None:
        """The mask of ignored samples, or None when none is ignored."""
        return self._drop_ignored()[1]

    def key(self) -> tuple[Any, ...]:
        """The compiled function's options: target kind, weighted, smoothed, masked (never)."""
        return (self.kind, self.weight is not None, self.eps != 0.0, False)

    def arguments(self, function: Any) -> dict[str, Any]:
        """The arrays by the compiled function's argument names."""
        values: dict[str, Any] = {"z": self.z}
        if self.kind == "index":
            values["k"] = self.target
        else:
            values["y"] = self.target.astype(self.z.dtype, copy=False)
        if self.weight is not None:
            values["w"] = self.weight
        if self.eps:
            values["eps"] = self.eps
        return {name: values[name] for name in function.args if name in values}

    def zero_ignored(self, values: np.ndarray) -> np.ndarray:
        """``values`` (per sample, or per sample and class) with ignored samples set to 0."""
        if self.ignored is not None:
            values[self.ignored] = 0
        return values

    def denominator(self, reduction: str) -> Any:
        """What ``"mean"`` divides by: sum of kept weights (labels) or the sample count."""
        if reduction != "mean" or self.kind != "index":
            return None
        if self.weight is None:  # the count of kept samples (no array of ones)
            if self.ignored is None:
                return None
            return self.z.dtype.type(self.ignored.size - np.count_nonzero(self.ignored))
        kept = self.weight[self.target]
        if self.ignored is not None:
            kept = np.where(self.ignored, 0, kept)
        return kept.sum(dtype=self.z.dtype)
