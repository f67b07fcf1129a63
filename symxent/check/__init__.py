"""Judging claims: :func:`check_claim` and the :class:`Verdict` it returns.

``check_claim`` and ``NumericSettings`` load numpy and mpmath, so they are imported on first use;
``import symxent`` stays light.

Example:
    >>> from symxent.check import Verdict, check_claim
    >>> check_claim(2, "<", 3).short
    'proved'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from symxent.check.verdict import Counterexample, Status, Verdict

if TYPE_CHECKING:
    from symxent.check.claim import check_claim
    from symxent.check.numeric import NumericSettings

__all__ = ["Counterexample", "NumericSettings", "Status", "Verdict", "check_claim"]


def __getattr__(name: str) -> object:
    if name == "check_claim":
        from symxent.check.claim import check_claim  # numpy and mpmath load on first use

        return check_claim
    if name == "NumericSettings":
        from symxent.check.numeric import NumericSettings

        return NumericSettings
    raise AttributeError(f"module 'symxent.check' has no attribute {name!r}")
