r"""Running symxent on the corpus through its public API, and sorting the verdicts.

:func:`run_claim` calls ``symxent.lecture.verify(latex, base=..., assume=...)`` once and sorts
the answer into one of :data:`OUTCOMES`:

* ``accepted``: proved, confirmed, or "rounded" (holds to the stated digits);
* ``refuted``: a counterexample was given;
* ``unknown``: read, but no verdict either way (also "holds in one base only", and "too large
  to check" when a budget cut the check short: see :func:`cut_short`);
* ``unreadable``: a :class:`~symxent.errors.SymxentError` (``LatexParseError``: cannot read);
* ``crash``: any other exception (a bug in its own right).

Example:
    >>> from corpus import CLAIMS
    >>> run_claim(next(c for c in CLAIMS if c.id == "cross-entropy.entropy-plus-kl")).outcome
    'accepted'
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from corpus.claims import Claim

OUTCOMES = ("accepted", "refuted", "unknown", "unreadable", "crash")
ACCEPTED_STATUSES = ("proved", "confirmed", "rounded", "holds")


@dataclass(frozen=True)
class Outcome:
    """What symxent said about one claim."""

    claim: Claim
    outcome: str
    status: str
    seconds: float
    detail: str

    @property
    def sound(self) -> bool:
        """The hard rules: a false claim is never accepted, a true one never refuted."""
        bad = "refuted" if self.claim.true else "accepted"
        return self.outcome not in (bad, "crash")


def cut_short(status_or_words: str) -> bool:
    """Whether a verdict was cut short by a time or size budget ("too large to check")."""
    return "too large" in status_or_words or "too long" in status_or_words


def sort_status(status: str) -> str:
    """The outcome of a :class:`~symxent.lecture.VerifyResult` status."""
    if status in ACCEPTED_STATUSES or status.startswith("holds"):
        return "accepted"
    if status == "refuted":
        return "refuted"
    return "unknown"


def run_claim(claim: Claim) -> Outcome:
    """Verify one claim with symxent's public API and sort the answer."""
    from symxent.errors import SymxentError
    from symxent.lecture import verify

    start = time.perf_counter()
    try:
        result = verify(claim.latex, base=claim.base, assume=claim.assume)
    except SymxentError as error:
        return Outcome(
            claim, "unreadable", type(error).__name__, time.perf_counter() - start, str(error)
        )
    except Exception as error:  # a crash is recorded, and the tests fail on it
        return Outcome(
            claim,
            "crash",
            type(error).__name__,
            time.perf_counter() - start,
            f"{type(error).__name__}: {error}",
        )
    seconds = time.perf_counter() - start
    return Outcome(
        claim,
        sort_status(result.status),
        result.status,
        seconds,
        " / ".join(row.detail for row in result.rows),
    )
