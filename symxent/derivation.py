r"""Derivations: calc-style chains of relations, every step with its reason, every step checked.

A :class:`Derivation` starts from an expression and adds steps ``(relation, expression, reason)``.
The chain's relation is composed from its steps (``=`` then ``<=`` gives ``<=``; mixing ``<=``
and ``>=`` is an error). :meth:`Derivation.check` judges each step with
:func:`symxent.check.check_claim` and returns a :class:`DerivationReport`.

Example:
    >>> from symxent import CrossEntropy, Derivation, Distribution, Entropy, KLDivergence
    >>> p, q = Distribution("p", "n"), Distribution("q", "n")
    >>> d = (
    ...     Derivation(KLDivergence(p, q), title="KL = -H + CE")
    ...     .eq(KLDivergence(p, q).definition(), "definition")
    ...     .eq(-Entropy(p) + CrossEntropy(p, q), "split the sum")
    ... )
    >>> d.relation.value
    '='
    >>> d.check().summary()
    'KL = -H + CE: 2 steps, 2 proved'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, ClassVar

import sympy as sp

from symxent.check.verdict import Status, Verdict
from symxent.errors import DerivationError
from symxent.i18n import localize
from symxent.inputs import as_expr
from symxent.latex.printer import latex
from symxent.latex.text import reason_latex
from symxent.relations import Relation

if TYPE_CHECKING:
    from symxent.check.numeric import NumericSettings

__all__ = ["Derivation", "DerivationReport", "Step", "StepResult", "decimal"]


def decimal(text: str | float | int) -> tuple[sp.Float, float]:
    """Return a printed decimal as a SymPy Float and half a unit in its last printed place.

    ``"20.7233"`` is claimed to 4 decimals, so it holds for exact values within 0.00005. The
    Float has exactly the printed significant digits, so it prints as written (``0.2310``); it is
    meant for stating a value, not for computing with (checks read it as the exact decimal).

    Example:
        >>> decimal("0.971")
        (0.971, 0.0005)
    """
    text = repr(text) if isinstance(text, float) else str(text)
    try:
        number = Decimal(text.strip())
    except InvalidOperation:
        raise DerivationError(f"{text!r} is not a decimal number such as '0.971'") from None
    if not number.is_finite():
        raise DerivationError(f"{text!r} is not a finite decimal number")
    exponent = int(number.as_tuple().exponent)
    tolerance = 0.5 * 10.0 ** min(exponent, 0)
    # As many significant digits as were printed, so the printer shows them all (0.2310).
    digits = len(number.as_tuple().digits)
    return sp.Float(text.strip(), digits), tolerance


@dataclass(frozen=True)
class Step:
    """One link of a chain: ``previous relation expr``, justified by ``reason``.

    Attributes:
        relation: the relation to the previous expression.
        expr: the new expression.
        reason: why the step holds, as shown on the slide (plain text).
        tolerance: for ``≈`` steps, the allowed absolute difference.
        where: extra domains for this step's check (``{Symbol: Interval}``).
        written: the LaTeX the step was written as (shown instead of printing ``expr``), or
            empty when the step was given as an expression.
    """

    relation: Relation
    expr: sp.Expr
    reason: str = ""
    tolerance: float = 0.0
    where: Mapping[object, object] = field(default_factory=dict)
    written: str = ""


@dataclass(frozen=True)
class StepResult:
    """The verdict on one step, with both sides as checked."""

    number: int
    lhs: sp.Expr
    step: Step
    verdict: Verdict

    def describe(self, **printer: Any) -> str:
        """Plain-text account: step number, reason, both sides and the verdict."""
        relation = self.step.relation.text
        return (
            f"step {self.number} ({self.step.reason or 'no reason given'}): "
            f"{latex(self.lhs, **printer)}  {relation}  {latex(self.step.expr, **printer)}: "
            f"{self.verdict}"
        )


@dataclass(frozen=True)
class DerivationReport:
    """The verdicts on every step of a derivation."""

    derivation: Derivation
    results: tuple[StepResult, ...]

    def __iter__(self) -> Iterator[StepResult]:
        return iter(self.results)

    markdown: ClassVar[Callable[[DerivationReport], str]]
    """Its Markdown page, Jupyter's ``_repr_markdown_``: set by :mod:`symxent.emit.markdown`
    (which imports this module, not the reverse)."""

    def _repr_markdown_(self) -> str:
        return DerivationReport.markdown(self)

    @property
    def holds(self) -> bool:
        """True when every step is proved or confirmed."""
        return all(r.verdict.holds for r in self.results)

    @property
    def failures(self) -> list[StepResult]:
        """Steps that are refuted or unknown."""
        return [r for r in self.results if not r.verdict.holds]

    def counts(self) -> dict[str, int]:
        """Number of steps per status, in the order proved, rounded, confirmed, refuted, unknown."""
        counts = Counter(result.verdict.status.value for result in self.results)
        return {status.value: counts[status.value] for status in Status if counts[status.value]}

    def summary(self) -> str:
        """One line: title, number of steps and how many of each verdict."""
        parts = ", ".join(f"{v} {k}" for k, v in self.counts().items())
        title = self.derivation.title or "derivation"
        return f"{title}: {len(self.results)} steps, {parts}"

    def failure_message(self) -> str:
        """Every failing step with both sides and its counterexample (empty if all hold)."""
        return "\n".join(r.describe() for r in self.failures)


class Derivation:
    r"""A chain ``start R1 e1 R2 e2 ...`` where each step carries its reason.

    Args:
        start: the first expression, or LaTeX text read by symxent's reader (see :meth:`step`).
        title: a short title (slide and section heading).
        intro: a sentence or two of Markdown/LaTeX-free text shown before the chain.
        conclusion: a sentence shown after it.
        where: domains for the check: ``{Symbol: Interval}`` for scalars,
            ``{vector: "one-hot"}`` to override a vector's role.
        settings: numeric sampling settings for the check.
        printer: LaTeX printer settings for this chain (e.g. ``{"decimals": True}``); they
            override those passed to :meth:`latex`.

    Example:
        >>> import sympy as sp
        >>> from symxent import Information
        >>> d = Derivation(Information(sp.Rational(1, 8), 2)).eq(3, "2^3 = 8")
        >>> str(d.check().results[0].verdict)
        'proved (symbolic: expand definitions, logs and sums)'
    """

    def __init__(
        self,
        start: Any,
        *,
        title: str = "",
        intro: str = "",
        conclusion: str = "",
        where: Mapping[object, object] | None = None,
        settings: NumericSettings | None = None,
        printer: Mapping[str, Any] | None = None,
    ) -> None:
        self.printer: dict[str, Any] = dict(printer or {})
        self.where: dict[object, object] = dict(where or {})
        self.written_start = start.strip() if isinstance(start, str) else ""
        self.start: sp.Expr = self._read(start, "the start of the derivation", self.where)
        self.title = title
        self.intro = intro
        self.conclusion = conclusion
        self.settings = settings
        self._steps: list[Step] = []
        self._relation = Relation.EQ
        self._checked: tuple[int, object, DerivationReport] | None = None

    # ---------------------------------------------------------------- building

    def step(
        self,
        relation: Relation | str,
        expr: Any,
        reason: str = "",
        *,
        tolerance: float | None = None,
        where: Mapping[object, object] | None = None,
    ) -> Derivation:
        r"""Append a step and return the derivation (so steps chain).

        ``expr`` is a SymPy/symxent expression, or LaTeX text such as ``r"\log\frac{1-p}{p}"``.
        Text is read by symxent's LaTeX reader (:mod:`symxent.written`; never evaluated as
        Python), its names are bound to the chain's symbols and vectors, the step is checked
        like any other, and slides show the text exactly as written.

        Raises:
            DerivationError: if the relation conflicts with the chain so far, ``expr`` is not an
                expression, or the text cannot be read.

        Example:
            >>> import sympy as sp
            >>> p = sp.Symbol("p")
            >>> d = Derivation(sp.log(1 - p) - sp.log(p), where={p: sp.Interval.open(0, 1)})
            >>> d.eq(r"\log\frac{1-p}{p}", "collect the logs").latex_lines()[0].split("&")[1]
            '= \\log\\frac{1-p}{p} '
            >>> d.check().holds
            True
        """
        parsed = Relation.parse(relation)
        composed = self._relation.compose(parsed)
        what = f"step {len(self._steps) + 1}"
        value = self._read(expr, what, {**self.where, **(where or {})})
        if parsed is Relation.APPROX and tolerance is None:
            raise DerivationError(
                f"step {len(self._steps) + 1}: an approximate step needs a tolerance; "
                "use .approx('20.72', reason), which takes it from the printed digits"
            )
        written = expr.strip() if isinstance(expr, str) else ""
        self._steps.append(
            Step(parsed, value, reason, tolerance or 0.0, dict(where or {}), written)
        )
        self._relation = composed
        return self

    def eq(self, expr: Any, reason: str = "", **options: Any) -> Derivation:
        """Append ``= expr``."""
        return self.step(Relation.EQ, expr, reason, **options)

    def le(self, expr: Any, reason: str = "", **options: Any) -> Derivation:
        """Append ``<= expr``."""
        return self.step(Relation.LE, expr, reason, **options)

    def ge(self, expr: Any, reason: str = "", **options: Any) -> Derivation:
        """Append ``>= expr``."""
        return self.step(Relation.GE, expr, reason, **options)

    def lt(self, expr: Any, reason: str = "", **options: Any) -> Derivation:
        """Append ``< expr``."""
        return self.step(Relation.LT, expr, reason, **options)

    def gt(self, expr: Any, reason: str = "", **options: Any) -> Derivation:
        """Append ``> expr``."""
        return self.step(Relation.GT, expr, reason, **options)

    def approx(self, value: str | float, reason: str = "", **options: Any) -> Derivation:
        """Append ``≈ value``, judged by the printed precision of ``value``.

        Example:
            >>> import sympy as sp
            >>> d = Derivation(9 * sp.log(10)).approx("20.7233", "evaluate")
            >>> d.check().holds
            True
        """
        number, tolerance = decimal(value)
        return self.step(Relation.APPROX, number, reason, tolerance=tolerance, **options)

    # ---------------------------------------------------------------- reading

    @property
    def steps(self) -> tuple[Step, ...]:
        """The steps, in order."""
        return tuple(self._steps)

    @property
    def relation(self) -> Relation:
        """The relation between the start and the end, composed from the steps."""
        return self._relation

    @property
    def end(self) -> sp.Expr:
        """The last expression of the chain."""
        return self._steps[-1].expr if self._steps else self.start

    def links(self) -> Iterator[tuple[sp.Expr, Step]]:
        """Yield ``(previous expression, step)`` for each step."""
        previous = self.start
        for step in self._steps:
            yield previous, step
            previous = step.expr

    # ---------------------------------------------------------------- checking

    def check(self, settings: NumericSettings | None = None) -> DerivationReport:
        """Check every step; see :func:`symxent.check.check_claim` for what each verdict means."""
        from symxent.check import check_claim  # numpy and mpmath load on first use

        if not self._steps:
            raise DerivationError(f"derivation {self.title!r} has no steps to check")
        used = settings or self.settings
        cached = self._checked
        if cached is not None and cached[0] == len(self._steps) and cached[1] is used:
            return cached[2]  # unchanged since: a plot of its end checks it again
        verdicts = [
            check_claim(
                lhs,
                step.relation,
                step.expr,
                where={**self.where, **step.where},
                settings=used,
                tolerance=step.tolerance,
                reason=step.reason,
            )
            for lhs, step in self.links()
        ]
        return self._store(verdicts, used)

    def _store(self, verdicts: Sequence[Verdict], settings: Any) -> DerivationReport:
        """The report of these verdicts, one per link, remembered for ``settings``."""
        results = tuple(
            StepResult(number, lhs, step, verdict)
            for number, ((lhs, step), verdict) in enumerate(
                zip(self.links(), verdicts, strict=True), start=1
            )
        )
        report = DerivationReport(self, results)
        self._checked = (len(self._steps), settings, report)
        return report

    def fingerprints(self) -> list[str]:
        """One line per link as it is checked: both sides, the relation, domains, tolerance.

        Two derivations built by the same code print the same lines; a build that checks a
        topic in another process uses them to match its verdicts to this one's links.
        """
        return [
            f"{lhs} {step.relation.text} {step.expr} | {self.where} {step.where} {step.tolerance}"
            for lhs, step in self.links()
        ]

    def _adopt(self, checked: Sequence[tuple[str, Verdict]], settings: Any = None) -> bool:
        """Take the verdicts :meth:`check` gave an identical derivation (in another process).

        Only a build uses this (:mod:`symxent.emit.checking`), with verdicts the checker gave
        the same derivation, built by the same code in a worker process. ``checked`` holds a
        (fingerprint, verdict) pair per link. Nothing is taken unless every fingerprint is
        this derivation's own, link for link; then :meth:`check` with the same ``settings``
        returns these verdicts without checking again.

        Returns:
            True when the verdicts were taken.
        """
        if [line for line, _ in checked] != self.fingerprints():
            return False
        self._store([verdict for _, verdict in checked], settings or self.settings)
        return True

    # ---------------------------------------------------------------- display

    def latex_lines(
        self, marks: list[str] | None = None, language: str = "en", **printer: Any
    ) -> list[str]:
        r"""Return the chain as ``align*`` rows: ``start &= e1 && \text{(reason)}``.

        Args:
            marks: optional LaTeX appended to each row's reason (e.g. a verdict mark).
            language: the language of the reasons (see :mod:`symxent.i18n`).
            **printer: printer settings; the derivation's own ``printer`` settings win.
        """
        printer = {**printer, **self.printer}
        rows = []
        first = self.written_start or latex(self.start, **printer)
        for position, (_, step) in enumerate(self.links()):
            left = first if position == 0 else ""
            reason = reason_latex(localize(step.reason, language)) if step.reason else ""
            mark = marks[position] if marks else ""
            tail = f" && {reason}{mark}" if reason or mark else ""
            shown = step.written or latex(step.expr, **printer)
            rows.append(f"{left} &{step.relation.latex} {shown}{tail}")
        return rows

    def latex(
        self,
        environment: str = "align*",
        marks: list[str] | None = None,
        language: str = "en",
        **printer: Any,
    ) -> str:
        """Return the chain as a LaTeX ``align*`` (or ``aligned``) environment."""
        body = " \\\\\n  ".join(self.latex_lines(marks, language, **printer))
        return f"\\begin{{{environment}}}\n  {body}\n\\end{{{environment}}}"

    def _repr_latex_(self) -> str:
        return "$$" + self.latex("aligned") + "$$"

    def _repr_markdown_(self) -> str:
        return DerivationReport.markdown(self.check())

    def __repr__(self) -> str:
        return f"Derivation({self.title!r}, {len(self._steps)} steps, {self.relation.text})"

    def _read(self, value: Any, what: str, where: Mapping[object, object]) -> sp.Expr:
        """An expression through the input gate, or LaTeX text through symxent's reader."""
        if not isinstance(value, str):
            return as_expr(value, what, DerivationError)  # the input gate: text never evaluated
        from symxent.written import read_written  # the LaTeX reader loads on first use (speed)

        context: list[object] = [*where]
        if hasattr(self, "start"):
            context += [self.start, *(step.expr for step in self._steps)]
            context += [key for step in self._steps for key in step.where]
        return read_written(value, context, what, self.printer.get("default_base"))
