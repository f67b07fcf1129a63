"""The search's running totals, and the budget of the interval re-check in operations.

Example:
    >>> budget = _Budget(required=600, optional=0)
    >>> budget.take(cost=10, rows=50, optional=False), budget.required
    (10, 0)
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from symxent.check.outcome import NumericSettings
from symxent.check.recheck import Recheck

__all__: list[str] = []


@dataclass
class _Tally:
    """Running totals of the search."""

    compared: int = 0
    undefined: int = 0
    sampled: int = 0
    worst: float = -np.inf
    counts: list[int] = field(default_factory=list)
    reasons: Counter[str] = field(default_factory=Counter)
    unresolved: int = 0
    unchecked: int = 0

    def add(self, rechecked: Recheck, blind: np.ndarray, rows: np.ndarray) -> None:
        """Count one setting's points: judged in float64, or by the interval re-check."""
        blind_rows = set(np.flatnonzero(blind).tolist())
        checked = set(rows.tolist())
        dropped = (rechecked.undefined | rechecked.undecided) - blind_rows
        rescued = rechecked.evaluated & blind_rows
        self.compared += int((~blind).sum()) - len(dropped) + len(rescued)
        blind_checked = blind_rows & checked
        undefined_blind = len(rechecked.undefined & blind_rows)
        self.undefined += len(rechecked.undefined - blind_rows) + undefined_blind
        if blind_checked:
            # the rows float64 could not judge and the re-check did not reach are like the
            # ones it did: as many of them outside the domain (for the same reasons)
            share = undefined_blind / len(blind_checked)
            self.undefined += round(len(blind_rows - checked) * share)
        else:
            self.unchecked += len(blind_rows - checked)
        self.reasons.update(rechecked.reasons)


def _points_for(settings: NumericSettings, cost: int, single: bool) -> int:
    points = settings.points * (4 if single else 1)
    return int(max(0, min(points, settings.work // max(cost, 1))))


@dataclass
class _Budget:
    """Interval arithmetic is slow (tens of microseconds an operation): a budget in operations.

    Attributes:
        required: operations for rows float64 finds failing (they decide a refutation).
        optional: operations for rows checked for good measure (unjudged and random rows).
        exact: tied rows of a strict inequality that SymPy may try exactly (each can take a
            good part of a second).
    """

    required: int = 120_000
    optional: int = 30_000
    exact: int = 4

    def take(self, cost: int, rows: int, *, optional: bool) -> int:
        """How many of ``rows`` rows of ``cost`` operations each fit; they are spent."""
        per_row = 6 * max(cost, 1)  # both sides, and re-evaluations at more digits
        left = self.optional if optional else self.required
        taken = int(min(rows, max(left, 0) // per_row))
        if taken == 0 and rows and not optional and self.required == _Budget.required:
            taken = 1  # the first suspicious row is always decided, whatever it costs
        if optional:
            self.optional -= taken * per_row
        else:
            self.required -= taken * per_row
        return taken
