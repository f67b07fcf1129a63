r"""Tables of values of checked expressions: every cell exact, or rounded to stated digits.

A :class:`Table` has columns (an expression in the row variables, or labels) and rows (values of
the row variables). :meth:`Table.check` computes every cell twice: exactly with SymPy (then to
40 significant digits), and in float64 with the function :func:`symxent.numeric.to_numpy`
compiles from the same expression; the two must agree. A cell is shown exact (``\frac{1}{8}``)
or rounded half-up to its column's digits. Values stated by a source (a handout's table) can be
given per cell; each is checked against the exact value to its printed precision.

:meth:`Table.grid` builds the common two-way table: one expression over a row variable and a
column variable, such as the binary cross-entropy for :math:`p, q \in \{0.1, \dots, 0.9\}`.

Example:
    >>> import sympy as sp
    >>> from symxent import BinaryCrossEntropy
    >>> p, q = sp.symbols("p q", positive=True)
    >>> table = Table.grid(BinaryCrossEntropy(p, q), (p, ["0.1", "0.5"]), (q, ["0.1", "0.5"]))
    >>> report = table.check()
    >>> report.holds, [cell.shown for cell in report.rows[0]]
    (True, ['0.1', '0.33', '0.69'])
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

import sympy as sp

from symxent.errors import SymxentError
from symxent.exact import exact_value
from symxent.inputs import as_expr
from symxent.latex.printer import latex

__all__ = ["Cell", "Column", "Table", "TableReport"]

_DIGITS = 40


class TableError(SymxentError, ValueError):
    """Raised when a table is built wrongly (rows of non-symbols, stated values of a bad length)."""


@dataclass(frozen=True)
class Column:
    r"""One column: a header and either an expression of the row variables or plain labels.

    Attributes:
        header: the heading (text with ``$...$`` math; ``str`` or :class:`symxent.i18n.Text`).
        expr: the expression, in the row variables (None for a label column).
        digits: decimals to round to; None shows the exact value.
        labels: the cells of a label column, as text (no check: they are names).
        stated: values a source states for this column, one per row (None: not stated), checked
            against the exact value to their printed precision.
    """

    header: str
    expr: Any = None
    digits: int | None = None
    labels: Sequence[str] = ()
    stated: Sequence[str | None] = ()


@dataclass(frozen=True)
class Cell:
    """One checked cell.

    Attributes:
        shown: the cell as shown (a decimal, the exact value's LaTeX, or a label).
        exact: the exact value (None for a label).
        value: the value to 40 significant digits, as text ("" for a label).
        holds: the two evaluations agree, and a stated value matches.
        note: why the cell does not hold (empty when it does).
        label: True for a label cell (text, not math).
        rounded: True when the shown decimal is not the whole exact value.
    """

    shown: str
    exact: sp.Expr | None = None
    value: str = ""
    holds: bool = True
    note: str = ""
    label: bool = False
    rounded: bool = False


@dataclass
class Table:
    """A table block of a topic.

    Args:
        columns: the columns, in order.
        rows: one mapping ``{symbol: value}`` per row (values: numbers or decimal strings,
            taken exactly).
        title: the frame title and table caption.
        intro: a sentence shown before the table.
        conclusion: a sentence shown after it.
        spanner: a heading over every column but the first (the column variable of a grid).

    Raises:
        TableError: for rows of different variables or stated values of the wrong length.
    """

    columns: list[Column]
    rows: list[Mapping[Any, Any]]
    title: str = ""
    intro: str = ""
    conclusion: str = ""
    spanner: str = ""
    _values: list[dict[sp.Symbol, sp.Expr]] = field(init=False, repr=False, default_factory=list)

    def __post_init__(self) -> None:
        if not self.columns or not self.rows:
            raise TableError(f"table {self.title!r} needs at least one column and one row")
        for number, row in enumerate(self.rows, start=1):
            values = {}
            for symbol, value in row.items():
                if not isinstance(symbol, sp.Symbol):
                    raise TableError(
                        f"table {self.title!r}, row {number}: {symbol!r} is not a symbol"
                    )
                values[symbol] = _exact_number(value, f"table {self.title!r}, row {number}")
            self._values.append(values)
        for column in self.columns:
            for name, given in (("labels", column.labels), ("stated", column.stated)):
                if given and len(given) != len(self.rows):
                    raise TableError(
                        f"table {self.title!r}, column {column.header!r}: {len(given)} {name} "
                        f"for {len(self.rows)} rows"
                    )
            if column.expr is None and not column.labels:
                raise TableError(f"column {column.header!r} needs an expression or labels")

    @classmethod
    def grid(
        cls,
        expr: Any,
        rows: tuple[sp.Symbol, Sequence[Any]],
        columns: tuple[sp.Symbol, Sequence[Any]],
        *,
        digits: int | None = 2,
        title: str = "",
        intro: str = "",
        conclusion: str = "",
        row_header: str = "",
        column_header: str = "",
        stated: Sequence[Sequence[str | None]] | None = None,
    ) -> Table:
        """A two-way table of ``expr``: a row per value of one variable, a column per another.

        Args:
            expr: the expression of both variables.
            rows: the row variable and its values.
            columns: the column variable and its values.
            digits: decimals of every cell (None: exact).
            title: the caption.
            intro: text before the table.
            conclusion: text after it.
            row_header: the heading of the first column (default: the row variable in math).
            column_header: the heading over the value columns (default: the column variable).
            stated: a source's values, one list per row, to check.
        """
        row_symbol, row_values = rows
        column_symbol, column_values = columns
        body = as_expr(expr, f"the expression of table {title!r}", TableError)
        if stated is not None and len(stated) != len(row_values):
            raise TableError(f"table {title!r}: {len(stated)} stated rows for {len(row_values)}")
        table_columns = [
            Column(row_header or f"${latex(row_symbol)}$", row_symbol, _decimals(row_values))
        ]
        for position, value in enumerate(column_values):
            exact = _exact_number(value, f"table {title!r}, column {position + 1}")
            column_stated = [row[position] for row in stated] if stated is not None else ()
            table_columns.append(
                Column(
                    _number_text(value),
                    body.xreplace({column_symbol: exact}),
                    digits,
                    stated=column_stated,
                )
            )
        return cls(
            table_columns,
            [{row_symbol: value} for value in row_values],
            title=title,
            intro=intro,
            conclusion=conclusion,
            spanner=column_header or f"${latex(column_symbol)}$",
        )

    def check(self) -> TableReport:
        """Compute and cross-check every cell; see the module docs for what holds means."""
        compiled = [_compile(column) for column in self.columns]
        cells = [
            [
                _cell(column, function, position, values)
                for column, function in zip(self.columns, compiled, strict=True)
            ]
            for position, values in enumerate(self._values)
        ]
        return TableReport(self, tuple(tuple(row) for row in cells))


@dataclass(frozen=True)
class TableReport:
    """The checked cells of a table, row by row."""

    block: Table
    rows: tuple[tuple[Cell, ...], ...]

    @property
    def holds(self) -> bool:
        """True when every cell holds."""
        return all(cell.holds for row in self.rows for cell in row)

    @property
    def cells(self) -> int:
        """The number of computed (not label) cells."""
        return sum(1 for row in self.rows for cell in row if not cell.label)

    def summary(self) -> str:
        """One line: ``table: <title>: N cells verified`` (or how many failed)."""
        failed = sum(1 for row in self.rows for cell in row if not cell.holds)
        count = self.cells
        state = f"{failed} of {count} cells wrong" if failed else f"{count} cells verified"
        return f"table: {self.block.title}: {state}"

    def failure_message(self) -> str:
        """Every cell that does not hold, with its row and column."""
        lines = []
        for number, row in enumerate(self.rows, start=1):
            for column, cell in zip(self.block.columns, row, strict=True):
                if not cell.holds:
                    lines.append(
                        f"[{self.block.title}] row {number}, column {column.header}: {cell.note}"
                    )
        return "\n".join(lines)


def _exact_number(value: Any, where: str) -> sp.Expr:
    """A row value exactly: decimal text as written, floats by their repr, expressions as given."""
    if isinstance(value, str):
        try:  # (inf and nan have no integer ratio)
            return sp.Rational(*Decimal(value.strip()).as_integer_ratio())
        except (InvalidOperation, ValueError, TypeError, OverflowError):
            raise TableError(f"{where}: {value!r} is not a decimal number such as '0.25'") from None
    if isinstance(value, float):
        return sp.Rational(repr(value))
    return as_expr(value, where, TableError)


def _number_text(value: Any) -> str:
    return f"${value.strip() if isinstance(value, str) else sp.latex(value)}$"


def _decimals(values: Sequence[Any]) -> int | None:
    """The decimals row labels are written with (None when one is not a decimal string)."""
    if not values or any(not isinstance(value, str) or "/" in value for value in values):
        return None
    return max(_places(value) for value in values)


def _places(text: str) -> int:
    """The decimals a number is written with (``"0.25"``: 2, ``"3"``: 0)."""
    exponent = Decimal(text.strip()).as_tuple().exponent
    return -int(exponent) if isinstance(exponent, int) and exponent < 0 else 0


def _rounded(value: sp.Expr, digits: int) -> str:
    number = Decimal(str(sp.N(value, _DIGITS)))
    return str(number.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def _compile(column: Column) -> Any:
    """The numpy function compiled from a column's expression, or None.

    None for labels, and when it cannot be compiled: the cells then rest on the exact value.
    """
    from symxent.numeric import to_numpy  # numeric loads on first use (import speed)

    if column.expr is None:
        return None
    try:
        return to_numpy(as_expr(column.expr, f"column {column.header!r}", TableError))
    except (SymxentError, TypeError, ValueError, NotImplementedError):
        return None


def _compiled(function: Any, expr: sp.Expr, values: Mapping[sp.Symbol, sp.Expr]) -> float | None:
    """The float64 value of the compiled function at the row's values.

    A row variable the compiled function cannot take as an array (a class index ``i`` of
    ``z_i``) is put into the expression first, which is then compiled for this row alone.
    """
    import numpy as np

    from symxent.numeric import to_numpy  # numeric loads on first use (import speed)

    if function is None:
        return None
    by_name = {str(symbol): float(value) for symbol, value in values.items()}
    try:
        arguments = [np.array([by_name[name]]) for name in function.args]
        result = np.asarray(function(*arguments), dtype=float).ravel()
    except (KeyError, SymxentError, TypeError, ValueError):
        try:
            result = np.asarray(to_numpy(expr.xreplace(dict(values)))(), dtype=float).ravel()
        except (SymxentError, TypeError, ValueError, NotImplementedError):
            return None
    return float(result[0]) if result.size else None


def _cell(
    column: Column, function: Any, position: int, values: Mapping[sp.Symbol, sp.Expr]
) -> Cell:
    if column.expr is None:
        return Cell(str(column.labels[position]), label=True)
    expr = as_expr(column.expr, f"column {column.header!r}", TableError)
    exact = exact_value(expr, values)
    free = exact.free_symbols
    if free:
        names = ", ".join(sorted(map(str, free)))
        return Cell("?", exact, holds=False, note=f"no value for {names} in this row")
    high = sp.N(exact, _DIGITS)
    if not (high.is_real and high.is_finite):
        note = f"the value is {high}, not a real number"
        return Cell("?", exact, str(high), holds=False, note=note)
    if column.digits is None:
        exact = sp.simplify(exact)  # log(4)/log(2) is shown as 2
        shown = latex(exact, decimals=True)
        rounded = False
    else:
        shown = _rounded(exact, column.digits)
        rounded = (sp.Rational(shown) - exact).is_zero is not True
    compiled = _compiled(function, expr, values)
    value = float(high)
    if compiled is not None and abs(compiled - value) > 1e-9 * max(1.0, abs(value)):
        return Cell(
            shown, exact, str(high), holds=False,
            note=f"the compiled function gives {compiled!r}, the exact value is {high}",
        )  # fmt: skip
    stated = column.stated[position] if column.stated else None
    if stated is not None:
        claimed = Decimal(str(stated).strip())
        places = _places(str(stated))
        tolerance = Decimal(5).scaleb(-places - 1)
        if abs(Decimal(str(high)) - claimed) > tolerance:
            return Cell(
                shown, exact, str(high), holds=False,
                note=f"stated {stated}, but the value is {_rounded(exact, places + 2)}",
            )  # fmt: skip
    return Cell(shown, exact, str(high), rounded=rounded)
