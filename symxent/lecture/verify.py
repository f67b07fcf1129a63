r"""``symxent verify``: the verdict on one identity, inequality or chain written in LaTeX.

Every link is a claim (nothing is read as a binding or a definition) and is judged like a
derivation step: proved, rounded (holds to the stated digits), confirmed (N points, max error,
what was searched), refuted (with a counterexample) or
unknown. Names get their domain from their role (``p``, ``q`` distributions, ``z`` logits,
``y`` labels), changed with ``assume`` facts (``"y:one-hot"``, ``"n=3"``, ``"base=2"``).

Example:
    >>> result = verify(r"H(p, q) \leq H(p)")
    >>> result.status, result.exit_code
    ('refuted', 1)
    >>> verify(r"D_{KL}(p \parallel q) = -H(p) + \mathrm{CE}(p, q)").status
    'proved'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from symxent.errors import LatexParseError
from symxent.latex.environments import split_display
from symxent.latex.limits import LatexTooLongError, check_input
from symxent.latex.parse import DEFAULT_TIMEOUT
from symxent.latex.roles import Roles
from symxent.lecture.checker import LectureChecker
from symxent.lecture.report import HOLDS, Row

__all__ = ["VerifyResult", "verify"]

_ORDER = ("refuted", "too large", "unknown", "base", "confirmed", "rounded", "proved")


@dataclass(frozen=True)
class VerifyResult:
    """The verdicts on the links of one identity or chain.

    Attributes:
        latex: the input.
        base: the log base setting used.
        rows: one row per link.
    """

    latex: str
    base: str
    rows: tuple[Row, ...]

    @property
    def status(self) -> str:
        """The weakest verdict of any link.

        From weakest to strongest: refuted, too large, unknown, base, confirmed, rounded (holds
        to the stated digits), proved.
        """
        statuses = {row.status for row in self.rows}
        return next((s for s in _ORDER if s in statuses), "unknown")

    @property
    def exit_code(self) -> int:
        """0 when every link holds, else 1.

        A link holds when it is proved, holds to the stated digits, is confirmed, or holds in
        some base with ``auto``.
        """
        return 0 if self.status in HOLDS else 1

    def text(self) -> str:
        """A readable account: one line per link with its verdict."""
        lines = []
        for number, row in enumerate(self.rows, start=1):
            prefix = f"link {number}: " if len(self.rows) > 1 else ""
            lines.append(f"{prefix}{row.link}")
            lines.append(f"  {row.detail}")
            if row.judgement is not None:  # a proof by named lemmas: its certificate
                certificates = {v.certificate for v in row.judgement.verdicts.values()}
                for certificate in sorted(c for c in certificates if c):
                    lines.extend(f"    {line}" for line in certificate)
            if row.computed:
                lines.append(f"  left side = {row.computed}; right side = {row.stated}")
            lines.extend(f"  {note}" for note in row.notes)
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        """The result as JSON-ready data."""
        return {
            "input": self.latex,
            "base": self.base,
            "status": self.status,
            "links": [row.as_dict() for row in self.rows],
        }


def verify(
    latex: str, *, base: str = "e", assume: Iterable[str] = (), timeout: float = DEFAULT_TIMEOUT
) -> VerifyResult:
    r"""Judge every link of one identity or chain.

    Args:
        latex: e.g. ``r"\mathrm{CE}(p, q) \geq H(p)"``; an ``aligned`` block is one chain.
        base: base of a plain ``\log``: ``"e"``, ``"2"``, ``"10"`` or ``"auto"`` (report the
            bases a link holds in).
        assume: facts such as ``"y:one-hot"``, ``"n=3"``, ``"base=2"``.
        timeout: seconds allowed for reading each side.

    Raises:
        LatexParseError: when the input cannot be read or a name in it has no meaning (the
            message says which); there is nothing to verify without a relation.
    """
    check_input(latex, timeout)
    roles = Roles.from_assumptions(assume)
    checker = LectureChecker(roles, base=roles.base or base, claims_only=True, timeout=timeout)
    for piece in split_display(latex):
        checker.equation(piece.text, 1, column=piece.column if piece.aligned else None)
    rows = tuple(checker.rows)
    for row in rows:
        if row.status == "too large" and row.kind == "skipped":
            raise LatexTooLongError(row.detail)
        if row.kind == "skipped":
            raise LatexParseError(row.detail)
    if not rows:
        raise LatexParseError(f"no relation in {latex.strip()[:60]!r}: nothing to verify")
    return VerifyResult(latex, checker.base, rows)
