r"""Checked tables as booktabs LaTeX (deck frames and document sections) and Markdown.

A cell that does not hold is shown in red with the mark :math:`\times`; the caption says how
the cells were computed and checked.

Example:
    >>> import sympy as sp
    >>> from symxent.table import Column, Table
    >>> p = sp.Symbol("p", positive=True)
    >>> report = Table([Column("$p$", p, 2), Column("$p^2$", p**2, 3)], [{p: "0.5"}]).check()
    >>> print(table_tabular(report, "en"))  # doctest: +NORMALIZE_WHITESPACE
    \begin{tabular}{rr}
    \toprule
    $p$ & $p^2$ \\
    \midrule
    $0.50$ & $0.250$ \\
    \bottomrule
    \end{tabular}
"""

from __future__ import annotations

from symxent.emit.words import word
from symxent.i18n import localize
from symxent.latex.text import text_latex
from symxent.table import Cell, TableReport

__all__ = ["table_document", "table_frame", "table_markdown", "table_tabular"]


def _cell(cell: Cell, what: str) -> str:
    if cell.label:
        return text_latex(cell.shown, what)
    shown = f"${cell.shown}$"
    return shown if cell.holds else f"\\textcolor{{red!80!black}}{{{shown}$\\,\\sxrefuted$}}"


def table_tabular(report: TableReport, language: str) -> str:
    """The table as a booktabs ``tabular``."""
    table = report.block
    what = f"table {table.title!r}"
    align = "".join("l" if column.expr is None else "r" for column in table.columns)
    headers = [text_latex(localize(c.header, language), what) for c in table.columns]
    lines = [f"\\begin{{tabular}}{{{align}}}", "\\toprule"]
    if table.spanner:
        count = len(table.columns) - 1
        spanner = text_latex(localize(table.spanner, language), what)
        lines.append(f" & \\multicolumn{{{count}}}{{c}}{{{spanner}}} \\\\")
        lines.append(f"\\cmidrule(l){{2-{count + 1}}}")
    lines.append(" & ".join(headers) + " \\\\")
    lines.append("\\midrule")
    for row in report.rows:
        lines.append(" & ".join(_cell(cell, what) for cell in row) + " \\\\")
    lines += ["\\bottomrule", "\\end{tabular}"]
    return "\n".join(lines)


def _caption(report: TableReport, language: str) -> str:
    digits = {c.digits for c in report.block.columns if c.expr is not None}
    how = word("exact", language) if digits == {None} else ""
    if digits - {None}:
        how = word("rounded_to", language, digits=max(d for d in digits if d is not None))
    mark = "\\sxproved" if report.holds else "\\sxrefuted"
    return f"${mark}$ {word('cells_verified', language)}; {how}."


def table_frame(report: TableReport, language: str, key: str) -> str:
    r"""A deck frame: title, intro, the table (``\small``), conclusion, how it was checked."""
    table = report.block
    what = f"table {table.title!r}"
    title = text_latex(localize(table.title, language) or word("table", language), what)
    parts = [f"\\begin{{frame}}{{{title}}}", f"\\gdef\\sxpiece{{{key}}}"]
    if table.intro:
        parts.append(f"{{\\small {text_latex(localize(table.intro, language), what)}\\par}}")
    size = (
        "\\footnotesize\\renewcommand{\\arraystretch}{0.92}" if len(report.rows) > 6 else "\\small"
    )
    parts.append(
        f"{{\\centering{size}\\setlength{{\\tabcolsep}}{{4pt}}\n"
        f"{table_tabular(report, language)}\\par}}"
    )
    parts.append(f"{{\\centering\\scriptsize {_caption(report, language)}\\par}}")
    if table.conclusion:
        parts.append(f"{{\\small {text_latex(localize(table.conclusion, language), what)}\\par}}")
    parts.append("\\end{frame}")
    return "\n".join(parts)


def table_document(report: TableReport, language: str, heading: str = "section*") -> str:
    """A document section: title, intro, the centred table with its caption, conclusion."""
    table = report.block
    what = f"table {table.title!r}"
    parts = []
    if table.title:
        parts.append(f"\\{heading}{{{text_latex(localize(table.title, language), what)}}}")
    if table.intro:
        parts.append(text_latex(localize(table.intro, language), what))
    parts.append(
        "\\begin{center}\n"
        f"{table_tabular(report, language)}\n\n"
        f"\\smallskip{{\\footnotesize {_caption(report, language)}}}\n"
        "\\end{center}"
    )
    if table.conclusion:
        parts.append(text_latex(localize(table.conclusion, language), what))
    return "\n\n".join(parts)


def _markdown_cell(cell: Cell) -> str:
    shown = cell.shown.replace("|", "\\|") if cell.label else f"${cell.shown}$"
    return shown if cell.holds else f"**{shown} ✗**"


def table_markdown(report: TableReport, language: str, level: int = 2) -> str:
    """A Markdown section with a pipe table."""
    table = report.block
    parts = []
    if table.title:
        parts.append(f"{'#' * level} {localize(table.title, language)}")
    if table.intro:
        parts.append(localize(table.intro, language))
    headers = [localize(c.header, language).replace("|", "\\|") for c in table.columns]
    if table.spanner:
        headers[0] = f"{headers[0]} \\\\ {localize(table.spanner, language)}"
    lines = ["| " + " | ".join(headers) + " |"]
    lines.append("|" + "|".join("---" if c.expr is None else "---:" for c in table.columns) + "|")
    for row in report.rows:
        lines.append("| " + " | ".join(_markdown_cell(cell) for cell in row) + " |")
    parts.append("\n".join(lines))
    caption = _caption(report, language).replace("$\\sxproved$", "✓").replace("$\\sxrefuted$", "✗")
    parts.append(f"_{caption}_")
    if table.conclusion:
        parts.append(localize(table.conclusion, language))
    return "\n\n".join(parts)
