"""What the numeric checker is told (:class:`NumericSettings`) and what it found.

Example:
    >>> NumericOutcome(points=10, undefined=11, max_error=0.0).mostly_undefined
    True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from symxent.check.verdict import Counterexample

__all__ = ["NumericOutcome", "NumericSettings"]


@dataclass(frozen=True)
class NumericSettings:
    """How hard the numeric checker looks.

    Attributes:
        seed: seed of the random generator (the same seed gives the same points).
        points: points per class-count setting (a claim without class counts gets four times
            as many).
        class_counts: concrete values tried for a symbolic number of classes; the counts the
            claim's constants suggest are added (see :func:`~symxent.check.search.class_counts`).
        rtol: float64 agreement threshold, relative to ``max(1, |lhs|, |rhs|)``.
        digits: significant digits of the interval re-check (points it cannot decide are
            evaluated again at twice and four times as many).
        recheck: random points per setting always re-evaluated at high precision.
        starts: points the local search starts from (the worst ones); 0 turns it off.
        work: largest number of scalar operations for one setting of the class counts (points
            times the cost of one point); settings past it get fewer points.
    """

    seed: int = 0
    points: int = 48
    class_counts: tuple[int, ...] = (1, 2, 3, 10, 100, 1000)
    rtol: float = 1e-9
    digits: int = 50
    recheck: int = 3
    starts: int = 8
    work: int = 2_000_000


@dataclass(frozen=True)
class NumericOutcome:
    """What the sampling found.

    Attributes:
        points: points at which both sides were defined and compared.
        undefined: points outside the claim's domain (a side undefined there).
        max_error: largest float64 deviation (``=``, ``≈``) or violation margin (inequalities)
            among the compared points; negative margins mean the inequality held with room.
        counterexample: a point where the claim fails at high precision, if one was found.
        unsupported: why the sides could not be evaluated at all, if they could not.
        searched: what the search covered, in words.
        domain: the domain of each variable, in words.
        where: the domains the search used (scalars narrowed to where both sides are defined),
            for the prover.
        why_undefined: the most common reason a side was undefined.
        exact: True when the claim has no free variables and was evaluated exactly once.
        unresolved: points where float64 suggests the claim fails that were not decided in
            interval arithmetic (over budget); a claim with any is not confirmed.
        unchecked: points float64 could not evaluate (an overflow, a NaN) that the interval
            re-check had no budget for: neither compared nor known to lie outside the domain.
    """

    points: int
    undefined: int
    max_error: float
    counterexample: Counterexample | None = None
    unsupported: str = ""
    searched: str = ""
    domain: str = ""
    where: Mapping[object, object] = field(default_factory=dict)
    why_undefined: str = ""
    exact: bool = False
    unresolved: int = 0
    unchecked: int = 0

    @property
    def mostly_undefined(self) -> bool:
        """Whether the sides are undefined (or not evaluated) at more than half of the points."""
        return self.undefined + self.unchecked > self.points
