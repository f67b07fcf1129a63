"""What one lemma application does to a goal ``G ≥ 0``: a new goal that implies it.

Example:
    >>> import sympy as sp
    >>> Reduction(sp.S.Zero, ()).goal
    0
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import sympy as sp

from symxent.check.lemmas.certificate import Application

__all__ = ["Context", "Reduction"]


@dataclass(frozen=True)
class Reduction:
    """``goal ≥ 0`` implies the goal it replaces (by the applications, whose hypotheses hold).

    Attributes:
        goal: the new goal (to be shown ``≥ 0``, or ``> 0`` for a strict claim).
        applications: the lemma applications that justify the step.
        equality: when the old goal equals the new one exactly (the lemmas' equality cases),
            or empty when not known.
    """

    goal: sp.Expr
    applications: tuple[Application, ...]
    equality: str = ""


@dataclass(frozen=True)
class Context:
    """What every lemma may use: the claim's domain and whether the claim is strict."""

    where: Mapping[object, object]
    strict: bool = False
