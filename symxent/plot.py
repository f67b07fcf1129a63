r"""Plots of checked expressions: curves sampled from the compiled expression, spot-checked.

A :class:`Plot` draws curves of one variable. A curve is an expression, or a derivation whose
end (or start) is drawn once every step of it holds: the slide then shows the very expression
the chain proved. :meth:`Plot.check` samples each curve with the numpy function
:func:`symxent.numeric.to_numpy` compiles from the expression, and re-evaluates it exactly
(SymPy, 30 digits) at a few of the sampled points; the two must agree. The deck draws the samples
with pgfplots, axes labelled in LaTeX.

Example:
    >>> import sympy as sp
    >>> from symxent import BinaryEntropy
    >>> p = sp.Symbol("p")
    >>> plot = Plot(p, (0, 1), [Curve(BinaryEntropy(p, 2), "$H_b(p)$")], ylabel="bits")
    >>> report = plot.check()
    >>> report.holds, len(report.curves[0].points), max(y for _, y in report.curves[0].points)
    (True, 101, 1.0)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from symxent.derivation import Derivation
from symxent.errors import SymxentError
from symxent.exact import exact_value
from symxent.inputs import as_expr

__all__ = ["Curve", "CurveReport", "Plot", "PlotReport"]


class PlotError(SymxentError, ValueError):
    """Raised when a plot is built wrongly (a curve with other free variables, a bad domain)."""


@dataclass(frozen=True)
class Curve:
    """One curve: an expression of the plot's variable, or a derivation's end.

    Attributes:
        expr: the expression, or a :class:`~symxent.derivation.Derivation`.
        label: the legend entry (text with ``$...$`` math).
        subs: values for other variables (``{y: 1}``), applied before plotting.
        end: for a derivation, ``"end"`` (the last expression) or ``"start"``.
    """

    expr: Any
    label: str = ""
    subs: Mapping[Any, Any] = field(default_factory=dict)
    end: str = "end"


@dataclass(frozen=True)
class CurveReport:
    """A sampled curve.

    Attributes:
        curve: the curve.
        expr: the expression drawn.
        points: ``(x, y)`` samples; ``y`` is NaN where the expression is undefined.
        holds: the compiled samples agree with the exact values, and a derivation holds.
        note: why it does not hold.
        max_error: the largest difference found at the spot checks.
    """

    curve: Curve
    expr: sp.Expr
    points: tuple[tuple[float, float], ...]
    holds: bool
    note: str = ""
    max_error: float = 0.0


@dataclass
class Plot:
    """A plot block of a topic.

    Args:
        variable: the horizontal axis' symbol.
        domain: ``(low, high)``.
        curves: the curves.
        title: the frame title.
        intro: a sentence before the plot.
        conclusion: a sentence after it.
        xlabel: the horizontal axis' label (text with ``$...$``; default: the variable).
        ylabel: the vertical axis' label.
        samples: points per curve.
        ylim: ``(low, high)`` of the vertical axis (None: from the data).
        legend: where the legend goes: ``"auto"`` (the corner, or the top or bottom middle,
            that hides the fewest samples), a position such as ``"north west"``,
            ``"south east"``, ``"north"``, ``"south"``, or ``"outer north east"``.

    Raises:
        PlotError: for an empty or reversed domain or no curves.
    """

    variable: sp.Symbol
    domain: tuple[float, float]
    curves: list[Curve]
    title: str = ""
    intro: str = ""
    conclusion: str = ""
    xlabel: str = ""
    ylabel: str = ""
    samples: int = 101
    ylim: tuple[float, float] | None = None
    legend: str = "auto"

    def __post_init__(self) -> None:
        if not isinstance(self.variable, sp.Symbol):
            raise PlotError(f"plot {self.title!r}: the variable must be a SymPy Symbol")
        low, high = (float(value) for value in self.domain)
        if not (math.isfinite(low) and math.isfinite(high) and low < high):
            raise PlotError(f"plot {self.title!r}: the domain {self.domain} is not an interval")
        if not self.curves:
            raise PlotError(f"plot {self.title!r} has no curves")
        if not 2 <= self.samples <= 2000:
            raise PlotError(f"plot {self.title!r}: samples must be between 2 and 2000")
        places = {f"{v} {h}" for v in ("north", "south") for h in ("west", "east")}
        if self.legend not in places | {f"outer {p}" for p in places} | {"auto", "north", "south"}:
            raise PlotError(
                f"plot {self.title!r}: legend {self.legend!r} is not a position such as "
                "'auto', 'north west' or 'outer north east'"
            )

    def check(self) -> PlotReport:
        """Sample and spot-check every curve."""
        return PlotReport(self, tuple(self._curve(curve) for curve in self.curves))

    def _curve(self, curve: Curve) -> CurveReport:
        source = curve.expr
        note = ""
        if isinstance(source, Derivation):
            report = source.check()
            if not report.holds:
                note = f"the derivation {source.title!r} does not hold"
            source = source.start if curve.end == "start" else source.end
        expr = as_expr(source, f"a curve of plot {self.title!r}", PlotError)
        expr = expr.xreplace({key: as_expr(v, "a curve's value") for key, v in curve.subs.items()})
        others = {s for s in expr.doit().free_symbols if s != self.variable}
        if others:
            names = ", ".join(sorted(map(str, others)))
            raise PlotError(
                f"plot {self.title!r}: the curve {curve.label!r} also depends on {names}; "
                "give values with Curve(..., subs={...})"
            )
        points, error, problem = _sample(expr, self.variable, self.domain, self.samples)
        note = note or problem
        return CurveReport(curve, expr, points, not note, note, error)


@dataclass(frozen=True)
class PlotReport:
    """The sampled and checked curves of a plot."""

    block: Plot
    curves: tuple[CurveReport, ...]

    @property
    def holds(self) -> bool:
        """True when every curve holds."""
        return all(curve.holds for curve in self.curves)

    def summary(self) -> str:
        """One line: ``plot: <title>: N curves checked``."""
        bad = sum(1 for curve in self.curves if not curve.holds)
        count = len(self.curves)
        state = f"{bad} of {count} curves wrong" if bad else f"{count} curves checked"
        return f"plot: {self.block.title}: {state}"

    def failure_message(self) -> str:
        """Every curve that does not hold, and why."""
        return "\n".join(
            f"[{self.block.title}] {curve.curve.label}: {curve.note}"
            for curve in self.curves
            if not curve.holds
        )


def _sample(
    expr: sp.Expr, variable: sp.Symbol, domain: tuple[float, float], samples: int
) -> tuple[tuple[tuple[float, float], ...], float, str]:
    """Sample ``expr`` with the compiled numpy function; spot-check against exact values."""
    import numpy as np

    from symxent.numeric import to_numpy  # numeric loads on first use (import speed)

    low, high = (float(value) for value in domain)
    xs = np.linspace(low, high, samples)
    try:
        function = to_numpy(expr)
    except SymxentError as problem:
        return (), 0.0, f"the curve cannot be compiled: {problem}"
    with np.errstate(all="ignore"):
        if function.args:
            ys = np.asarray(function(xs), dtype=float)
        else:
            ys = np.full_like(xs, float(np.asarray(function(), dtype=float)))
    ys = np.where(np.isfinite(ys), ys, np.nan)
    error = 0.0
    for index in np.linspace(0, samples - 1, 7).round().astype(int):
        x = sp.Rational(repr(float(xs[index])))
        exact = sp.N(exact_value(expr, {variable: x}), 30)
        finite = bool(exact.is_real and exact.is_finite)
        if not finite and math.isnan(ys[index]):
            continue  # undefined in both (log 0)
        where = f"at {variable} = {float(x)}"
        if not finite or math.isnan(ys[index]):
            return (), error, f"{where} the exact value is {exact}, the compiled {ys[index]}"
        difference = abs(float(exact) - float(ys[index]))
        error = max(error, difference)
        if difference > 1e-9 * max(1.0, abs(float(exact))):
            return (), error, f"{where} the compiled value is off by {difference:.3g}"
    return tuple(zip(xs.tolist(), ys.tolist(), strict=True)), error, ""
