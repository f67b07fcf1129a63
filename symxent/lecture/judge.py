r"""Judging one link ``lhs R rhs`` of a lecture chain, in one or several log bases.

The verdict itself always comes from :func:`symxent.check.check_claim` (symxent has one checker).
This module decides what to ask it:

* **which base**: the sides carry the document base symbol
  (:data:`~symxent.latex.mapping.DOCUMENT_BASE`); it is replaced by e, 2 or 10. With the setting
  ``auto`` every base is tried and a link that holds in only some of them is reported as such
  ("holds in bits only"); with a fixed base a refuted link is also tried in the others, so the
  report can say "holds in bits".
* **which tolerance**: a stated decimal claims its printed precision (``0.971`` holds for exact
  values within 0.0005). When the right side is an expression of stated decimals
  (``(0.6 \times 0.737) + (0.4 \times 1.322)``), their rounding propagates:
  ``tolerance = sum |d side / d v| * half-ulp(v)`` over the stated decimals ``v`` (which ones
  are stated and which are exact inputs is decided by :mod:`symxent.lecture.checker`).
  ``\approx`` to a whole number allows half a unit.

Example:
    >>> import sympy as sp
    >>> from symxent.latex.mapping import DOCUMENT_BASE as b
    >>> from symxent.quantities import Logarithm
    >>> j = judge(-Logarithm(sp.Rational(3, 5), b), "=", sp.Rational(737, 1000),
    ...           bases=("e", "2"), tolerance=0.0005)
    >>> j.status, j.holds_in
    ('base', ('2',))
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

import mpmath
import sympy as sp

from symxent.budget import TooLargeError, cpu_limit, forget
from symxent.check import Verdict, check_claim
from symxent.check.numeric import expand_fully
from symxent.check.verdict import Status
from symxent.errors import SymxentError
from symxent.inputs import as_basic
from symxent.latex.mapping import DOCUMENT_BASE
from symxent.log_bases import BASE_NAMES, BASES
from symxent.relations import Relation

__all__ = [
    "TOO_LARGE",
    "Judgement",
    "format_pair",
    "format_value",
    "is_too_large",
    "judge",
    "numeric_value",
    "tolerance",
    "too_large",
]


_STRENGTH = {
    Status.PROVED: 0,
    Status.ROUNDED: 1,
    Status.CONFIRMED: 2,
    Status.UNKNOWN: 3,
    Status.REFUTED: 4,
}


@dataclass(frozen=True)
class Judgement:
    """The outcome of one link.

    Attributes:
        status: ``proved``, ``rounded`` (holds to the stated digits), ``confirmed``,
            ``refuted``, ``unknown``, or ``base`` (holds in
            some bases only; see :attr:`holds_in`).
        verdicts: base label (``"e"``, ``"2"``, ``"10"``; ``""`` when the link has no log) ->
            the checker's verdict.
        holds_in: the bases in which the link holds (empty when it has no log).
        lhs_values: base label -> the left side's value, formatted (numeric links only).
        rhs_values: the same for the right side.
        tolerance: the tolerance used for ``≈`` (0 for an exact claim).
        note: anything else the reader should know.
    """

    status: str
    verdicts: Mapping[str, Verdict]
    holds_in: tuple[str, ...] = ()
    lhs_values: Mapping[str, str] = field(default_factory=dict)
    rhs_values: Mapping[str, str] = field(default_factory=dict)
    tolerance: float = 0.0
    note: str = ""

    @property
    def wrong(self) -> bool:
        """True when the link is refuted (in every base tried)."""
        return self.status == "refuted"

    @property
    def holds(self) -> bool:
        """True when the link holds (in at least one base, for ``base``)."""
        return self.status in ("proved", "rounded", "confirmed", "base")

    def describe(self) -> str:
        """The verdict in words, e.g. ``"holds in bits only (refuted in nats, base 10)"``."""
        if self.status == "base":
            held = ", ".join(BASE_NAMES[b] for b in self.holds_in)
            failed = ", ".join(BASE_NAMES[b] for b in self.verdicts if b not in self.holds_in)
            return f"holds in {held} only" + (f" (refuted in {failed})" if failed else "")
        main = next(iter(self.verdicts.values()), None)
        text = str(main) if main is not None else self.status
        if self.status == "refuted" and self.lhs_values:
            left, right = _per_base(self.lhs_values), _per_base(self.rhs_values)
            text = f"refuted: left side = {left}, right side = {right}"
        elif self.status == "refuted" and len(self.verdicts) > 1:
            text = "refuted in every base: " + str(main)
        return f"{text}; {self.note}" if self.note else text


def _per_base(values: Mapping[str, str]) -> str:
    """``0.51 (nats), 0.74 (bits)``, or one value when the bases agree."""
    distinct = set(values.values())
    if len(distinct) <= 1:
        return next(iter(distinct), "—")
    return ", ".join(f"{v} ({BASE_NAMES[k]})" for k, v in values.items())


def numeric_value(expr: sp.Expr, digits: int = 30) -> mpmath.mpf | None:
    """The value of a number-valued expression at ``digits`` digits, or None if it has none.

    Example:
        >>> float(numeric_value(sp.log(4)))
        1.3862943611198906
    """
    try:
        with mpmath.workdps(digits):
            value = sp.N(expand_fully(expr), digits)
    except (SymxentError, TypeError, ValueError, ZeroDivisionError, AttributeError):
        return None
    except (OverflowError, MemoryError, RecursionError):  # e^{e^{e^{e^{10}}}}: none worth printing
        return None
    if value.free_symbols or not value.is_number:
        return None
    if value.is_real is False or value.has(sp.zoo, sp.nan):
        return None
    try:
        with mpmath.workdps(digits):  # the mpf keeps the digits (a refutation may show them)
            return mpmath.mpf(value.evalf(digits)) if value.is_finite is not False else None
    except (TypeError, ValueError, OverflowError, MemoryError, RecursionError):
        return None


def format_value(value: mpmath.mpf | None, digits: int = 10) -> str:
    """Format a value with ``digits`` significant digits (``"—"`` for none).

    Example:
        >>> format_value(mpmath.mpf("0.97095059445466858"))
        '0.9709505945'
    """
    if value is None:
        return "—"
    if mpmath.isint(value) and abs(value) < 10**15:
        return str(int(value))
    return str(mpmath.nstr(value, digits, strip_zeros=True, min_fixed=-6, max_fixed=12))


def format_pair(a: mpmath.mpf | None, b: mpmath.mpf | None, most: int = 30) -> tuple[str, str]:
    """Two values with 10 significant digits, or more (up to ``most``) until they differ.

    Example:
        >>> format_pair(mpmath.log(3), mpmath.mpf("1.098612288668112"))
        ('1.09861228866811', '1.098612288668112')
    """
    shown = 10
    while True:
        left, right = format_value(a, shown), format_value(b, shown)
        if left != right or shown >= most or a is None or b is None or a == b:
            return left, right
        shown += 1


def tolerance(
    lhs: sp.Expr, rhs: sp.Expr, decimals: Mapping[sp.Symbol, float | Fraction]
) -> sp.Expr:
    """Propagated rounding: ``sum (|d lhs / d v| + |d rhs / d v|) * half_ulp(v)`` over stated ``v``.

    Args:
        lhs: the left side, with each stated decimal as a symbol.
        rhs: the right side, likewise.
        decimals: symbol -> half a unit in its last printed place.

    Returns:
        The tolerance as an expression (it may still contain the document base).

    Example:
        >>> a, b = sp.symbols("a b", positive=True)
        >>> rhs = sp.Rational(3, 5) * a + sp.Rational(2, 5) * b
        >>> tolerance(sp.Integer(1), rhs, {a: Fraction(1, 2000), b: Fraction(1, 2000)})
        1/2000
    """
    total = sp.S.Zero
    for symbol, half in decimals.items():
        slope = sp.Abs(sp.diff(lhs, symbol)) + sp.Abs(sp.diff(rhs, symbol))
        total += slope * sp.Rational(str(half))  # "1/2000" or "0.0005": exact either way
    return total


def judge(
    lhs: sp.Expr,
    relation: Relation | str,
    rhs: sp.Expr,
    *,
    bases: Sequence[str] = ("e",),
    tolerance: float | sp.Expr = 0.0,
    where: Mapping[object, object] | None = None,
    time_budget: float = 4.0,
    numeric: bool = True,
    reads: Sequence[sp.Basic] = (),
) -> Judgement:
    """Judge ``lhs relation rhs`` in the given bases.

    Args:
        lhs: left side (may contain :data:`~symxent.latex.mapping.DOCUMENT_BASE`).
        relation: ``=``, ``≈``, ``<=``, ... ; ``=`` with a tolerance is judged as ``≈``.
        rhs: right side, numbers only (stated decimals already substituted).
        bases: base labels to judge in (``("e",)``, or ``("e", "2", "10")`` for auto). With a
            single base a refuted link is also tried in the others, for the report.
        tolerance: the allowed difference (may contain the document base).
        where: domain overrides for the checker.
        time_budget: CPU seconds allowed for each call of the checker (wall clock: three
            times as many).
        numeric: False when the sides have free variables (no values are shown then).
        reads: the entries the link reads as written (:attr:`Mapper.reads
            <symxent.latex.mapping.Mapper>`), checked against their vectors' lengths.

    Returns:
        The judgement; ``status`` is ``base`` when the link holds in some bases only.
    """
    parsed = Relation.parse(relation)
    dependent = (
        lhs.has(DOCUMENT_BASE)
        or rhs.has(DOCUMENT_BASE)
        or (isinstance(tolerance, sp.Expr) and tolerance.has(DOCUMENT_BASE))
    )
    labels = list(bases) if dependent else [""]
    verdicts: dict[str, Verdict] = {}
    lhs_values: dict[str, str] = {}
    rhs_values: dict[str, str] = {}
    tolerances: dict[str, float] = {}

    def run(label: str) -> None:
        swap = {DOCUMENT_BASE: BASES[label]} if label else {}
        left, right = lhs.xreplace(swap), rhs.xreplace(swap)
        allowed = _exact(as_basic(tolerance).xreplace(swap))
        amount = float(allowed)
        tolerances[label] = amount
        claim = parsed
        if parsed in (Relation.EQ, Relation.APPROX):  # = with a tolerance is ≈; ≈ with none is =
            claim = Relation.APPROX if amount > 0 else Relation.EQ
        left_value = numeric_value(left) if numeric else None
        right_value = numeric_value(right) if numeric else None
        # A numeric claim that is clearly false needs no proof attempt (and SymPy's simplify
        # can take minutes on one, e.g. log_2(10^9) = 10^9): the checker's numeric pass
        # refutes it at 50 digits.
        symbolic = not _clearly_false(claim, left_value, right_value, amount)
        verdicts[label] = _checked(
            left,
            claim,
            right,
            where=where,
            tolerance=allowed,
            budget=time_budget,
            symbolic=symbolic,
            reads=tuple(reads),
        )
        if numeric:
            digits = 30 if verdicts[label].status is Status.REFUTED else 10
            lhs_values[label], rhs_values[label] = format_pair(left_value, right_value, digits)

    for label in labels:
        run(label)
    holds = tuple(label for label in labels if label and verdicts[label].holds)
    note = ""
    if dependent and len(labels) == 1 and not verdicts[labels[0]].holds:
        others = [b for b in BASES if b != labels[0]]
        elsewhere = []
        for label in others:
            run(label)
            if verdicts[label].holds:
                elsewhere.append(label)
            del verdicts[label]
        if elsewhere:
            note = "holds in " + ", ".join(f"{BASE_NAMES[b]} (base {b})" for b in elsewhere)
    if dependent and len(labels) > 1 and holds and len(holds) < len(labels):
        status = "base"
    else:
        status = max(verdicts.values(), key=lambda v: _STRENGTH[v.status]).status.value
    return Judgement(
        status,
        verdicts,
        holds if dependent else (),
        lhs_values,
        rhs_values,
        max(tolerances.values(), default=0.0),
        note,
    )


def _exact(amount: sp.Expr) -> sp.Expr:
    """A tolerance as an exact number (a Rational), or 0 when it is not a number."""
    if not amount.is_number or not amount.is_finite:  # 1/0.0: no tolerance to take from it
        return sp.S.Zero
    if amount.is_Rational:
        return amount
    return sp.Rational(str(sp.N(amount, 30)))


def _clearly_false(
    relation: Relation, lhs: mpmath.mpf | None, rhs: mpmath.mpf | None, tolerance: float
) -> bool:
    """Whether two 30-digit values break the relation by far more than rounding could."""
    if lhs is None or rhs is None:
        return False
    margin = mpmath.mpf(10) ** -20 * max(1, abs(lhs), abs(rhs)) + tolerance
    gap = lhs - rhs
    if relation in (Relation.EQ, Relation.APPROX):
        return bool(abs(gap) > margin)
    signed = gap if relation.direction < 0 else -gap
    return bool(signed > margin)


def _checked(
    lhs: sp.Expr,
    relation: Relation,
    rhs: sp.Expr,
    *,
    where: Mapping[object, object] | None,
    tolerance: float | sp.Expr,
    budget: float,
    symbolic: bool = True,
    reads: tuple[sp.Basic, ...] = (),
) -> Verdict:
    """Run the checker; anything it cannot do becomes an ``unknown`` verdict, never a crash.

    The checker searches for a counterexample before any proof attempt (SymPy's simplification
    can take minutes on a false claim with large numbers, ``log_2(1/q) = 10^9``); only a claim
    that survives the search gets its proof attempt. Verdicts are remembered: lecture notes
    repeat their formulas.
    """
    try:
        key = (lhs, relation, rhs, frozenset((where or {}).items()), tolerance, symbolic, reads)
        hash(key)
    except TypeError:  # pragma: no cover - an unhashable domain: do not remember
        key = None
    if key is not None and key in _VERDICTS:
        return _VERDICTS[key]
    try:
        with cpu_limit(budget, "checking this link"):
            verdict = check_claim(
                lhs, relation, rhs, where=where, tolerance=tolerance, symbolic=symbolic, reads=reads
            )
    except TooLargeError as error:
        verdict = Verdict.unknown(too_large(str(error)))
    except SymxentError as error:
        verdict = Verdict.unknown(f"the checker cannot evaluate this: {error}")
    except (OverflowError, MemoryError, RecursionError) as error:
        forget()  # SymPy may have been stopped mid-work
        verdict = Verdict.unknown(too_large(f"{type(error).__name__}: {error}"))
    except (ValueError, TypeError, ZeroDivisionError, AttributeError) as error:
        verdict = Verdict.unknown(f"the checker failed ({type(error).__name__}: {error})")
    if key is not None and not is_too_large(verdict):
        if len(_VERDICTS) >= _MAX_REMEMBERED:
            _VERDICTS.pop(next(iter(_VERDICTS)))
        _VERDICTS[key] = verdict
    return verdict


_VERDICTS: dict[object, Verdict] = {}
_MAX_REMEMBERED = 1024


TOO_LARGE = "too large to check"
"""How a verdict or a row begins when a time or size budget was hit."""


def too_large(reason: str) -> str:
    """``"too large to check: <reason>"`` (the reason once, without a repeated prefix)."""
    for prefix in (TOO_LARGE + ": ", "too long: "):
        if reason.startswith(prefix):
            reason = reason[len(prefix) :]
    return f"{TOO_LARGE}: {reason}"


def is_too_large(verdict: Verdict) -> bool:
    """True for an ``unknown`` verdict given because a budget was hit."""
    return verdict.status is Status.UNKNOWN and verdict.note.startswith(TOO_LARGE)
