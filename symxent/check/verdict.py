"""Verdicts: what symxent concluded about one step or one claim, and never more than that.

* ``proved``: a symbolic argument closed (the method says which).
* ``rounded``: "holds to the stated digits": the claim's exact value rounds to the decimals it
  states (``ln 2 = 0.693``), shown rigorously; not a proof of an exact equality.
* ``confirmed``: no symbolic proof, but a directed search for a violation failed: the verdict
  reports how many points, what was searched and the largest error seen.
* ``refuted``: a concrete counterexample inside the claim's domain, re-evaluated in interval
  arithmetic (50 digits or more), surely breaks the claim.
* ``unknown``: neither; e.g. the sides are undefined on most of the domain.

Every verdict may name the domain it assumed for each variable (``x ∈ (0, ∞)``).

Example:
    >>> v = Verdict.confirmed(samples=120, max_error=2.2e-16)
    >>> str(v)
    'confirmed (120 points, max error 2.2e-16)'
    >>> v.holds
    True
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import ClassVar

__all__ = ["Counterexample", "Status", "Verdict"]


class Status(enum.Enum):
    """The possible outcomes of a check, from strongest to weakest."""

    PROVED = "proved"
    ROUNDED = "rounded"
    CONFIRMED = "confirmed"
    REFUTED = "refuted"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Counterexample:
    """A point at which a claim fails.

    Attributes:
        point: the values of the free variables, as readable strings (``"p" -> "(0.2, 0.8)"``).
        lhs: the left side's value there.
        rhs: the right side's value there.
        n: the class count used, when the claim has a symbolic number of classes.
        note: how the failure was shown, when not by the printed values alone.
    """

    point: dict[str, str]
    lhs: str
    rhs: str
    n: dict[str, int] = field(default_factory=dict)
    note: str = ""

    wording: ClassVar[Callable[[Counterexample, str], str]]
    """Its text in a language: set by :mod:`symxent.emit.verdicts` (which imports this module)."""

    def __str__(self) -> str:
        return Counterexample.wording(self, "en")


@dataclass(frozen=True)
class Verdict:
    """The outcome of checking one claim ``lhs R rhs``.

    Attributes:
        status: proved, confirmed, refuted or unknown.
        method: how the conclusion was reached (e.g. ``"symbolic: expand logs, sum p_i = 1"``).
        samples: number of sampled points evaluated numerically (0 if none).
        max_error: largest deviation seen at those points (for ``=``), or largest violation
            margin used (for inequalities); ``None`` if no numeric check ran.
        counterexample: for ``refuted``, the point that breaks the claim.
        note: anything else the reader should know (skipped points, why unknown).
        domain: the domain assumed for each variable (``"x ∈ (0, ∞), p on the simplex"``).
        searched: for ``confirmed``, what the search for a violation covered.
        certificate: for a proof by named lemmas, the chain of lemma applications, one line
            each (see :mod:`symxent.check.lemmas`).

    The texts are :class:`symxent.check.detail.Detail` where the checker wrote them (worded
    in every language by :meth:`in_language`), or plain English text.
    """

    status: Status
    method: str = ""
    samples: int = 0
    max_error: float | None = None
    counterexample: Counterexample | None = None
    note: str = ""
    domain: str = ""
    searched: str = ""
    certificate: tuple[str, ...] = ()

    @classmethod
    def proved(
        cls,
        method: str,
        samples: int = 0,
        max_error: float | None = None,
        certificate: tuple[str, ...] = (),
    ) -> Verdict:
        """A symbolic argument closed (``certificate``: its lemma applications, if any)."""
        return cls(Status.PROVED, method, samples, max_error, certificate=certificate)

    @classmethod
    def rounded(cls, method: str, note: str = "") -> Verdict:
        """The exact value rounds to the stated decimals (holds to the stated digits)."""
        return cls(Status.ROUNDED, method, note=note)

    @classmethod
    def confirmed(
        cls, samples: int, max_error: float, note: str = "", *, searched: str = ""
    ) -> Verdict:
        """No proof, but a search for a violation found none."""
        return cls(Status.CONFIRMED, "numeric", samples, max_error, note=note, searched=searched)

    @classmethod
    def refuted(cls, counterexample: Counterexample, method: str = "numeric") -> Verdict:
        """A counterexample breaks the claim."""
        return cls(Status.REFUTED, method, counterexample=counterexample)

    @classmethod
    def unknown(cls, note: str) -> Verdict:
        """Nothing could be concluded."""
        return cls(Status.UNKNOWN, note=note)

    def on(self, domain: str) -> Verdict:
        """The same verdict, naming the domain it assumed."""
        return replace(self, domain=domain)

    @property
    def holds(self) -> bool:
        """True for proved, rounded (holds to the stated digits) and confirmed verdicts."""
        return self.status in (Status.PROVED, Status.ROUNDED, Status.CONFIRMED)

    @property
    def short(self) -> str:
        """One word: the status."""
        return self.status.value

    wording: ClassVar[Callable[[Verdict, str], str]]
    """Its text in a language: set by :mod:`symxent.emit.verdicts` (which imports this module)."""

    def __str__(self) -> str:
        return Verdict.wording(self, "en")

    def in_language(self, language: str) -> str:
        """The verdict worded in ``language`` (``"en"`` or ``"ko"``).

        Example:
            >>> Verdict.confirmed(samples=120, max_error=2.2e-16).in_language("ko")
            '확인됨 (점 120개, 최대 오차 2.2e-16)'
        """
        return Verdict.wording(self, language)
