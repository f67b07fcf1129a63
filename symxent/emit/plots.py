r"""Checked plots as pgfplots figures (deck frames, document sections) and Markdown notes.

The samples are written as coordinates; undefined points (NaN) break the line
(``unbounded coords=jump``). Axis labels are LaTeX (text with ``$...$`` math).

Example:
    >>> import sympy as sp
    >>> from symxent import Sigmoid
    >>> from symxent.plot import Curve, Plot
    >>> z = sp.Symbol("z", real=True)
    >>> report = Plot(z, (-6, 6), [Curve(Sigmoid(z), "$\\sigma(z)$")], samples=5).check()
    >>> "\\addplot" in plot_axis(report, "en", "0.8\\linewidth", "4cm")
    True
"""

from __future__ import annotations

import math
import re

from symxent.emit.figures import figure_document, figure_frame, figure_markdown
from symxent.emit.words import word
from symxent.i18n import localize
from symxent.latex.printer import latex
from symxent.latex.text import plain_text, text_latex
from symxent.plot import PlotReport

__all__ = ["legend_place", "plot_axis", "plot_document", "plot_frame", "plot_markdown"]

_STYLES = ("blue!70!black", "red!75!black", "green!50!black", "orange!90!black", "violet")


def _number(value: float) -> str:
    return "nan" if math.isnan(value) else f"{value:.6g}"


_COMMANDS = re.compile(r"\\[a-zA-Z]+|[{}^_ ]")

# where the legend may go: (x, y) of its anchor in axis units, the anchor, its box's corner
_PLACES = {
    "north west": ((0.03, 0.97), "north west"),
    "north east": ((0.97, 0.97), "north east"),
    "south east": ((0.97, 0.03), "south east"),
    "south west": ((0.03, 0.03), "south west"),
    "north": ((0.5, 0.97), "north"),
    "south": ((0.5, 0.03), "south"),
}


def legend_place(report: PlotReport) -> str:
    """The corner (or top or bottom middle) where the legend hides the fewest samples.

    The legend's box is estimated from its entries (width from the longest label, a line per
    entry) in axis units; the first place with the fewest sample points inside wins.
    """
    plot = report.block
    entries = [
        _COMMANDS.sub("", plain_text(localize(c.curve.label, "en")))
        for c in report.curves
        if c.curve.label
    ]
    if not entries:
        return "north west"
    low, high = (float(v) for v in plot.domain)
    ys = [y for curve in report.curves for _, y in curve.points if not math.isnan(y)]
    bottom, top = plot.ylim if plot.ylim is not None else (min(ys, default=0), max(ys, default=1))
    span_x, span_y = high - low, (top - bottom) or 1.0
    width = min(0.6, 0.08 + 0.013 * max(len(entry) for entry in entries))
    height = min(0.6, 0.06 + 0.12 * len(entries))
    points = [
        ((x - low) / span_x, (y - bottom) / span_y)
        for curve in report.curves
        for x, y in curve.points
        if not math.isnan(y)
    ]

    def hidden(place: str) -> int:
        (ax, ay), anchor = _PLACES[place]
        left = ax - width if "east" in anchor else ax if "west" in anchor else ax - width / 2
        under = ay - height if "north" in anchor else ay
        inside = [left <= x <= left + width and under <= y <= under + height for x, y in points]
        return sum(inside)

    return min(_PLACES, key=hidden)


def _legend_place(report: PlotReport) -> list[str]:
    place = report.block.legend
    if place == "auto":
        place = legend_place(report)
    if place in _PLACES:
        (x, y), anchor = _PLACES[place]
        return [f"legend style={{at={{({x},{y})}}, anchor={anchor}}}"]
    return [f"legend pos={place}"]


def plot_axis(report: PlotReport, language: str, width: str, height: str) -> str:
    """The ``tikzpicture`` with one pgfplots axis and every curve of the plot."""
    plot = report.block
    what = f"plot {plot.title!r}"
    xlabel = text_latex(localize(plot.xlabel, language) or f"${latex(plot.variable)}$", what)
    ylabel = text_latex(localize(plot.ylabel, language), what)
    low, high = (float(v) for v in plot.domain)
    options = [
        f"width={width}",
        f"height={height}",
        f"xmin={low:g}",
        f"xmax={high:g}",
        f"xlabel={{{xlabel}}}",
        f"ylabel={{{ylabel}}}",
        "grid=major",
        "grid style={black!12}",
        "unbounded coords=jump",
        "legend cell align=left",
        "legend style={font=\\scriptsize, draw=none, fill=white, fill opacity=0.85}",
        *_legend_place(report),
        "tick label style={font=\\scriptsize}",
        "label style={font=\\small}",
    ]
    if plot.ylim is not None:
        options += [f"ymin={plot.ylim[0]:g}", f"ymax={plot.ylim[1]:g}", "restrict y to domain*="
                    f"{plot.ylim[0] - 1:g}:{plot.ylim[1] + 1:g}"]  # fmt: skip
    lines = ["\\begin{tikzpicture}", "\\begin{axis}[" + ", ".join(options) + "]"]
    for position, curve in enumerate(report.curves):
        color = _STYLES[position % len(_STYLES)]
        coordinates = " ".join(f"({_number(x)},{_number(y)})" for x, y in curve.points)
        lines.append(f"\\addplot[{color}, thick, no marks] coordinates {{{coordinates}}};")
        label = localize(curve.curve.label, language)
        if label:
            lines.append(f"\\addlegendentry{{{text_latex(label, what)}}}")
    lines += ["\\end{axis}", "\\end{tikzpicture}"]
    return "\n".join(lines)


def _caption(report: PlotReport, language: str) -> str:
    mark = "\\sxproved" if report.holds else "\\sxrefuted"
    return f"${mark}$ {word('sampled_from', language)}"


def plot_frame(report: PlotReport, language: str, key: str, aspect: str) -> str:
    """A deck frame: title, intro, the plot, how the curves were checked, conclusion."""
    plot = report.block
    lines = 2 if plot.intro else 0
    lines += 1 if plot.conclusion else 0
    height = f"{(0.72 if aspect == '16:9' else 0.66) - 0.07 * lines:.2f}\\textheight"
    width = "0.62\\linewidth" if plot.legend.startswith("outer") else "0.82\\linewidth"
    body = f"{{\\centering\n{plot_axis(report, language, width, height)}\\par}}"
    caption = _caption(report, language)
    return figure_frame(plot, language, kind="plot", key=key, body=body, caption=caption)


def plot_document(report: PlotReport, language: str, heading: str = "section*") -> str:
    """A document section with the plot centred."""
    axis = plot_axis(report, language, "0.7\\linewidth", "6cm")
    caption = _caption(report, language)
    return figure_document(
        report.block, language, kind="plot", body=axis, caption=caption, heading=heading
    )


def plot_markdown(report: PlotReport, language: str, level: int = 2) -> str:
    """A Markdown section naming the curves (the figure itself is in the deck and the PDF)."""
    plot = report.block
    parts = []
    low, high = (float(v) for v in plot.domain)
    variable = latex(plot.variable)
    for curve in report.curves:
        label = localize(curve.curve.label, language)
        mark = "✓" if curve.holds else f"✗ {localize(curve.note, language)}"
        domain = word("plot_range", language, range=f"${low:g} \\le {variable} \\le {high:g}$")
        parts.append(f"- {label}: ${latex(curve.expr)}$ {domain} {mark}")
    return figure_markdown(plot, language, level, parts)
