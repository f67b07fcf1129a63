"""The ``reduction`` option of the numeric losses: ``"mean"``, ``"sum"`` or ``"none"``.

Example:
    >>> import numpy as np
    >>> from symxent.numeric.reduction import reduce_values
    >>> float(reduce_values(np.array([1.0, 2.0, 6.0]), "mean"))
    3.0
"""

from __future__ import annotations

from typing import Any

import numpy as np

from symxent.errors import NumericError

__all__ = ["REDUCTIONS", "check_reduction", "reduce_values"]

REDUCTIONS = ("mean", "sum", "none")
"""The accepted values of ``reduction``."""


def reduce_values(values: np.ndarray, reduction: str, denominator: Any = None) -> Any:
    """The per-sample ``values`` reduced: as they are, their sum, or their mean.

    The mean divides by ``denominator`` when given, else by their number (nan when empty).
    """
    if reduction == "none":
        return values
    if reduction == "sum":
        return values.sum(dtype=values.dtype)
    if denominator is None and values.size:
        # numpy's mean without its Python layer: the dtype's sum over the count, divided
        # in float64 and rounded once to the dtype, as values.mean(dtype=values.dtype) does
        total = np.add.reduce(values, axis=None, dtype=values.dtype)
        return values.dtype.type(float(total) / values.size)
    if denominator is None:
        return values.dtype.type(np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        return values.sum(dtype=values.dtype) / denominator


def check_reduction(reduction: Any) -> None:
    """Refuse a ``reduction`` that is not one of :data:`REDUCTIONS`."""
    if reduction not in REDUCTIONS:
        raise NumericError(f"reduction must be one of {REDUCTIONS}, got {reduction!r}")
