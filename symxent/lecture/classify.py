r"""Which links of a lecture are claims, and which bind, define or rename names.

Lecture notes mix claims with other uses of ``=``:

* **bindings** give values to names for later lines: ``p = 0.999999999``,
  ``P = [0.10, 0.40, 0.50]``, ``q(A) = 0.25``, ``P(X_a = 1) = 1``, ``p_1 = 0.2``, the function
  ``f(x) = -\log(x)``, the support ``x \in \{a, b\}``;
* **definitions** introduce a name for a formula: ``CE = -\frac{1}{N} \sum ...``,
  ``\hat{y}_i = \frac{e^{x_i}}{\sum_j e^{x_j}}``, ``E[X] = \sum_x x P(x)``;
* **notation** equates two names (``P(X = x) = P_x(x) = P(x)``) or switches names mid-chain
  (``CE(X_a, Y_a) = -\sum_c p(c) \log q(c)``, where ``p``, ``q`` rename the distributions of
  ``X_a``, ``Y_a``).

None of these is checked; everything else is a claim. Soundness beats coverage: a line is only
called wrong when it is a claim.

Example:
    >>> from symxent.latex.reader import read_side
    >>> from symxent.latex.roles import Roles
    >>> from symxent.latex.mapping import Bindings
    >>> b = binding_of(read_side("q(A)"), read_side("0.25"), Roles(), Bindings())
    >>> b.describe()
    'q(A) = 1/4'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import sympy as sp

from symxent.check.numeric import expand_keeping_sums
from symxent.errors import SymxentError
from symxent.latex.mapping import (
    DOCUMENT_BASE,
    QUANTITY_NAMES,
    Bindings,
    Mapper,
    NotEvaluableError,
    function_key,
)
from symxent.latex.raw import Apply, Event, Expect, Label, Name, Raw, VectorLiteral
from symxent.latex.roles import Roles
from symxent.quantities.base import SymbolicQuantity

__all__ = ["Binding", "binding_of", "defines", "free_names", "is_atom", "support_of"]

_INDEX_LETTERS = frozenset("cijklmnstuvwxz")
"""Letters that name a generic class (``P(X = c) = 0``), not a particular one."""


@dataclass(frozen=True)
class Binding:
    r"""A value given to a name by one line.

    Attributes:
        kind: ``scalar``, ``vector``, ``array`` (rows of a two-index array ``y_{ij}``, from
            ``y = [[1, 0], [0, 1]]`` or a table), ``entry``, ``function``, ``definition`` (a
            name defined by a formula, ``L = -\sum_i y_i \log \hat{y}_i``: the formula
            stands for the name), or ``generic`` (a value stated for a generic class,
            ``P(X_a = c) = 0``: recorded nowhere).
        name: the name's key (``p``, ``X_a``, ``yhat_prime``).
        value: the value (an expression, a tuple of entries, or the function body).
        key: for ``entry``: the class (an int or a label); for ``function``: the parameter.
        latex: how the name was written.
    """

    kind: str
    name: str
    value: sp.Expr | tuple[sp.Expr, ...] | tuple[tuple[sp.Expr, ...], ...] | Raw
    key: int | str | None = None
    latex: str = ""

    def apply(self, bindings: Bindings) -> None:
        """Record the binding (a later binding of the same name replaces an earlier one)."""
        if self.kind != "generic":
            bindings.definitions.pop(self.name, None)
        if self.kind == "scalar":
            bindings.scalars[self.name] = self.value
        elif self.kind == "vector":
            bindings.vectors[self.name] = self.value  # type: ignore[assignment]
            bindings.entries.pop(self.name, None)
            bindings.arrays.pop(self.name, None)
        elif self.kind == "array":
            bindings.arrays[self.name] = self.value  # type: ignore[assignment]
            bindings.vectors.pop(self.name, None)
            bindings.entries.pop(self.name, None)
        elif self.kind == "entry" and self.key is not None:
            bindings.entries.setdefault(self.name, {})[self.key] = self.value
            bindings.vectors.pop(self.name, None)
            if isinstance(self.key, str) and self.key not in bindings.labels:
                bindings.labels.append(self.key)
        elif self.kind == "function":
            bindings.functions[self.name] = (str(self.key), self.value)  # type: ignore[assignment]
        elif self.kind == "definition" and isinstance(self.value, Raw):
            for table in (bindings.scalars, bindings.vectors, bindings.entries, bindings.arrays):
                table.pop(self.name, None)
            bindings.definitions[self.name] = self.value

    def describe(self) -> str:
        """The binding in plain text: ``p = 0.999999999``, ``q(A) = 1/4``."""
        name = self.latex or self.name
        if self.kind == "vector":
            return f"{name} = [{', '.join(str(v) for v in self.value)}]"  # type: ignore[union-attr]
        if self.kind == "array":
            rows: tuple[tuple[sp.Expr, ...], ...] = self.value  # type: ignore[assignment]
            first = ", ".join(str(v) for v in rows[0])
            more = ", ..." if len(rows) > 1 else ""
            return f"{name} = {len(rows)} x {len(rows[0])} array [[{first}]{more}]"
        if self.kind == "function":
            return f"{name} defined"
        if self.kind == "definition" and isinstance(self.value, Raw):
            return f"{name} = {' '.join(self.value.latex.split())}"
        if self.kind == "generic":
            return f"{name} = {self.value} for a generic class (not recorded)"
        return f"{name} = {self.value}"


def free_names(expr: sp.Expr, ignore: set[sp.Symbol] | None = None) -> set[str]:
    """Names an expression still depends on once every quantity is expanded (not the log base).

    Example:
        >>> from symxent import Distribution, Entropy
        >>> free_names(Entropy(Distribution("p", values=["1/2", "1/2"])))
        set()
    """
    ignore = (ignore or set()) | {DOCUMENT_BASE}
    return {str(s) for s in _expanded_symbols(expr) if s not in ignore}


@lru_cache(maxsize=4096)
def _expanded_symbols(expr: sp.Expr) -> frozenset[sp.Basic]:
    """The free symbols of ``expr`` once its quantities are expanded.

    Sums are kept: a sum's free symbols are its summand's less the index, and SymPy's search
    for a closed form of each entropy's sum costs tens of milliseconds.
    """
    try:
        expanded = expand_keeping_sums(expr)
    except (SymxentError, TypeError, ValueError, ZeroDivisionError, AttributeError):
        expanded = expr
    if expanded.has(SymbolicQuantity):
        expanded = expr
    return frozenset(expanded.free_symbols)


def _numeric(raw: Raw, roles: Roles, bindings: Bindings) -> sp.Expr | None:
    """The value of ``raw`` if it is a number given what is bound; else None."""
    try:
        value = Mapper(roles, bindings).map(raw)
    except NotEvaluableError:
        return None
    return value if not free_names(value) else None


def _array_binding(
    atom: Name, literal: VectorLiteral, roles: Roles, bindings: Bindings
) -> Binding | None:
    """``y = [[1, 0], [0.5, 0.5]]``: the rows of a two-index array, all of the same length."""
    rows: list[tuple[sp.Expr, ...]] = []
    for entry in literal.entries:
        row = entry.atom()
        if not isinstance(row, VectorLiteral):  # pragma: no cover - checked by the caller
            return None
        values = [_numeric(cell, roles, bindings) for cell in row.entries]
        if any(v is None for v in values):
            return None
        rows.append(tuple(v for v in values if v is not None))
    if len({len(row) for row in rows}) != 1 or atom.subscript:
        return None
    return Binding("array", atom.key, tuple(rows), latex=atom.latex)


def _index_key(raw: Raw) -> int | str | None:
    atom = raw.atom()
    if isinstance(raw.tree, sp.Integer):
        return int(raw.tree)
    if isinstance(atom, Label):
        return atom.text
    return atom.key if isinstance(atom, Name) and not atom.subscript and not atom.primes else None


def binding_of(lhs: Raw, rhs: Raw, roles: Roles, bindings: Bindings) -> Binding | None:
    """Return the binding ``lhs = rhs`` makes, or None when the line is not a binding."""
    atom = lhs.atom()
    literal = rhs.atom()
    if isinstance(atom, Name) and isinstance(literal, VectorLiteral):
        if literal.entries and all(
            isinstance(entry.atom(), VectorLiteral) for entry in literal.entries
        ):
            return _array_binding(atom, literal, roles, bindings)
        values = [_numeric(entry, roles, bindings) for entry in literal.entries]
        if all(v is not None for v in values):
            return Binding("vector", atom.key, tuple(values), latex=atom.latex)
        return None
    if isinstance(atom, Name):
        if rhs.tree.has(sp.Sum, sp.Product):
            # CE = -\frac{1}{N} \sum_i \sum_j y_{ij} \log \hat{y}_{ij} defines CE even when
            # the data bound so far give it a value (a later table may rebind y)
            return None
        value = _numeric(rhs, roles, bindings)
        if value is None:
            return None
        if len(atom.subscript) == 1 and roles.is_vector(atom.without_subscript().key, atom.stem):
            key, part = atom.without_subscript().key, atom.subscript[0]
            if part.isdigit():
                return Binding("entry", key, value, int(part), atom.latex)
            if part in _INDEX_LETTERS:
                return Binding("generic", key, value, part, atom.latex)
        return Binding("scalar", atom.key, value, latex=atom.latex)
    if isinstance(atom, Apply) and len(atom.args) == 1 and not atom.given and not atom.parameters:
        arg = atom.args[0]
        fkey = function_key(atom.name)
        if fkey == "P" and isinstance(arg, Event):
            variable = arg.lhs.atom()
            where = _index_key(arg.rhs)
            value = _numeric(rhs, roles, bindings)
            if isinstance(variable, Name) and where is not None and value is not None:
                kind = "generic" if where in _INDEX_LETTERS else "entry"
                return Binding(kind, variable.key, value, where, atom.latex)
            return None
        if isinstance(arg, Event) or fkey in QUANTITY_NAMES - {"P"}:
            return None
        where = _index_key(arg)
        value = _numeric(rhs, roles, bindings)
        name = atom.name.key
        if (
            value is not None
            and where is not None
            and (roles.is_vector(name, atom.name.stem) or not _is_function_name(atom.name))
        ):
            kind = "generic" if where in _INDEX_LETTERS else "entry"
            return Binding(kind, name, value, where, atom.latex)
        if (
            _is_function_name(atom.name)
            and isinstance(where, str)
            and len(where) == 1
            and not _mentions(rhs, name)
        ):
            return Binding("function", name, rhs, where, atom.latex)
    return None


def _mentions(raw: Raw, function: str) -> bool:
    r"""True when ``raw`` applies ``function``, anywhere (``f(x) = \frac{d}{dx} f(x)``)."""
    return any(isinstance(obj, Apply) and obj.name.key == function for obj in raw.objects())


def _is_function_name(name: Name) -> bool:
    return (
        len(name.base) == 1
        and name.base.islower()
        and not name.subscript
        and not name.accent
        and name.base not in "pqyz"
    )


def defines(raw: Raw, roles: Roles, bindings: Bindings) -> str | None:
    """If ``raw`` (the left side of a chain) is a name being defined, return how it is written."""
    atom = raw.atom()
    if isinstance(atom, Name):
        # a function's name written alone (h after h(X) = ...) is no application: a new name
        bound = bindings.names() - set(bindings.functions)
        if atom.key in bound or atom.without_subscript().key in bound:
            return None
        return atom.latex or atom.key
    if isinstance(atom, Expect) and atom.distribution is None:
        return atom.latex
    if isinstance(atom, Apply):
        fkey = function_key(atom.name)
        if fkey in QUANTITY_NAMES or atom.name.key in bindings.functions:
            return None
        if roles.is_vector(atom.name.key, atom.name.stem) or atom.name.key in bindings.names():
            return None
        return atom.latex
    return None


def is_atom(raw: Raw) -> bool:
    """True for a lone name, entry (``p(x)``, ``P(X = x)``) or unknown function application."""
    atom = raw.atom()
    if isinstance(atom, Name | Expect):
        return True
    if isinstance(atom, Apply):
        return function_key(atom.name) not in QUANTITY_NAMES - {"P"}
    return False


def support_of(lhs: str, rhs: str) -> list[str] | None:
    r"""Labels of ``x \in \{a, b\}`` (a declared support), or None.

    Example:
        >>> support_of("x", r"\{a, b\}")
        ['a', 'b']
    """
    if not re.fullmatch(r"\s*[A-Za-z]\s*", lhs):
        return None
    match = re.fullmatch(r"\s*\\\{(.*)\\\}\s*", rhs)
    if not match:
        return None
    labels = [item.strip() for item in match.group(1).split(",")]
    if not labels or not all(re.fullmatch(r"[A-Za-z0-9]+", item) for item in labels):
        return None
    return labels
