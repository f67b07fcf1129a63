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

from symxent.emit.figures import figure_document, figure_frame, figure_markdown
from symxent.emit.words import word
from symxent.i18n import localize
from symxent.latex.text import text_latex
from symxent.table import Cell, TableReport

__all__ = ["caption_words", "table_document", "table_frame", "table_markdown", "table_tabular"]


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


def caption_words(report: TableReport, language: str) -> str:
    r"""How the cells were computed and shown, column by column, truthfully.

    A column is exact when every cell shows its exact value (``\frac{1}{8}``, or a decimal
    that is the whole value), else rounded to its digits. The largest group, when it has
    more than two columns, is "the other columns".

    Example:
        >>> import sympy as sp
        >>> from symxent.table import Column, Table
        >>> p = sp.Symbol("p", positive=True)
        >>> table = Table([Column("$p$", p, 2), Column("$p^2$", p**2, 3)], [{p: "0.35"}])
        >>> caption_words(table.check(), "en")
        'exact: $p$; rounded to 3 decimals: $p^2$'
    """
    groups: dict[int | None, list[str]] = {}
    for position, column in enumerate(report.block.columns):
        if column.expr is None:
            continue
        rounded = any(row[position].rounded for row in report.rows)
        header = localize(column.header, language).strip()
        groups.setdefault(column.digits if rounded else None, []).append(header)
    if len(groups) == 1:
        (digits,) = groups
        return word("all_exact" if digits is None else "all_rounded", language, digits=digits)
    largest = max(groups, key=lambda rule: len(groups[rule]))
    parts = []
    for digits, headers in groups.items():
        others = digits == largest and len(headers) > 2
        columns = word("other_columns", language) if others else ", ".join(headers)
        if digits is None:
            parts.append(word("exact_columns", language, columns=columns))
        else:
            parts.append(word("rounded_columns", language, digits=digits, columns=columns))
    return "; ".join(parts)


def _caption(report: TableReport, language: str, markdown: bool = False) -> str:
    how = caption_words(report, language)
    if markdown:
        return f"{'✓' if report.holds else '✗'} {word('cells_verified', language)}; {how}."
    mark = "\\sxproved" if report.holds else "\\sxrefuted"
    how = text_latex(how, f"table {report.block.title!r}")
    return f"${mark}$ {word('cells_verified', language)}; {how}."


def table_frame(report: TableReport, language: str, key: str) -> str:
    r"""A deck frame: title, intro, the table (``\small``), conclusion, how it was checked."""
    size = (
        "\\footnotesize\\renewcommand{\\arraystretch}{0.92}" if len(report.rows) > 6 else "\\small"
    )
    body = (
        f"{{\\centering{size}\\setlength{{\\tabcolsep}}{{4pt}}\n"
        f"{table_tabular(report, language)}\\par}}"
    )
    caption = _caption(report, language)
    return figure_frame(report.block, language, kind="table", key=key, body=body, caption=caption)


def table_document(report: TableReport, language: str, heading: str = "section*") -> str:
    """A document section: title, intro, the centred table with its caption, conclusion."""
    body, caption = table_tabular(report, language), _caption(report, language)
    return figure_document(
        report.block, language, kind="table", body=body, caption=caption, heading=heading
    )


def _markdown_cell(cell: Cell) -> str:
    shown = cell.shown.replace("|", "\\|") if cell.label else f"${cell.shown}$"
    return shown if cell.holds else f"**{shown} ✗**"


def table_markdown(report: TableReport, language: str, level: int = 2) -> str:
    """A Markdown section with a pipe table."""
    table = report.block
    headers = [localize(c.header, language).replace("|", "\\|") for c in table.columns]
    if table.spanner:
        headers[0] = f"{headers[0]} \\\\ {localize(table.spanner, language)}"
    lines = ["| " + " | ".join(headers) + " |"]
    lines.append("|" + "|".join("---" if c.expr is None else "---:" for c in table.columns) + "|")
    for row in report.rows:
        lines.append("| " + " | ".join(_markdown_cell(cell) for cell in row) + " |")
    caption = f"_{_caption(report, language, markdown=True)}_"
    return figure_markdown(table, language, level, ["\n".join(lines), caption])
