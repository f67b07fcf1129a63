r"""The values a lecture has bound so far, scoped to the section (slide) that binds them.

Two views of the bindings are kept:

* :attr:`Scope.current`: what the current section has bound, plus the functions and the names
  defined by a formula before (``f(x) = -\log x``, ``L = -\sum_i y_i \log \hat{y}_i`` are
  notation, not values: they hold until redefined). Every link is
  read with these. A formula for a vector's entries (``x_i = q_i / p_i``, ``\hat{y}_i = ...``)
  is a substitution of its section, like a value.
* :meth:`Scope.merged`: the current section's values over those of earlier sections. Only a
  **claim about specific values** may use the earlier ones: an equation whose one side is a
  number and whose other side has names that only an earlier section gives
  (``\hat{y}_2 = 0.52`` checked against ``x`` from the slide before). A general statement
  (an identity between two expressions, an inequality) never does: Jensen's inequality on
  slide 9 is not judged at the two-point ``p`` of slide 4.

Example:
    >>> import sympy as sp
    >>> scope = Scope()
    >>> scope.current.scalars["p"] = sp.Rational(3, 10)
    >>> scope.bound("p", 2)
    >>> scope.enter(2)
    >>> scope.current.names(), scope.earlier_names()
    (set(), {'p'})
    >>> scope.describe(["p"])
    'uses p (line 2, an earlier section)'
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from symxent.latex.mapping import Bindings

__all__ = ["Scope", "overlay"]


def overlay(base: Bindings, top: Bindings) -> Bindings:
    """``base`` with every name that ``top`` binds replaced by ``top``'s value.

    Example:
        >>> import sympy as sp
        >>> a, b = Bindings(), Bindings()
        >>> a.scalars["p"], b.vectors["p"] = sp.Integer(1), (sp.Integer(0), sp.Integer(1))
        >>> merged = overlay(a, b)
        >>> merged.scalars, merged.vectors
        ({}, {'p': (0, 1)})
    """
    result = base.copy()
    data = (result.scalars, result.vectors, result.entries, result.arrays)
    for name in top.names() | set(top.definitions):
        for table in data:
            table.pop(name, None)
    for name in top.names():
        result.functions.pop(name, None)
        result.definitions.pop(name, None)
    result.scalars.update(top.scalars)
    result.vectors.update(top.vectors)
    result.entries.update({name: dict(values) for name, values in top.entries.items()})
    result.functions.update(top.functions)
    result.arrays.update(top.arrays)
    result.definitions.update(top.definitions)
    result.formulas.update(top.formulas)
    result.everywhere |= top.everywhere
    result.labels.extend(label for label in top.labels if label not in result.labels)
    return result


class Scope:
    """Bindings by section: the current section's, and those of the sections before it."""

    def __init__(self) -> None:
        self.current = Bindings()
        self.section = 1
        self.version = 0
        self._earlier = Bindings()
        self._merged: tuple[int, Bindings] | None = None
        self._bound_at: dict[str, tuple[int, int]] = {}

    def enter(self, section: int) -> None:
        """Start ``section``: the current bindings become earlier ones."""
        if section == self.section:
            return
        self._earlier = overlay(self._earlier, self.current)
        # named functions and names defined by a formula stay; values and entry formulas do not
        self.current = Bindings(
            functions=dict(self._earlier.functions), definitions=dict(self._earlier.definitions)
        )
        self.section = section
        self.changed()

    @contextmanager
    def using(self, bindings: Bindings) -> Iterator[None]:
        """Read with ``bindings`` as the current ones inside the block, then restore them."""
        saved, self.current = self.current, bindings
        self.changed()
        try:
            yield
        finally:
            self.current = saved
            self.changed()

    def changed(self) -> None:
        """Note that the bindings changed (links judged before may now read differently)."""
        self.version += 1

    def bound(self, name: str, line: int) -> None:
        """Record that ``name`` was bound on ``line`` (in the current section)."""
        self._bound_at[name] = (line, self.section)
        self.changed()

    def merged(self) -> Bindings:
        """The current section's bindings over the earlier sections' ones."""
        if self._merged is None or self._merged[0] != self.version:
            self._merged = (self.version, overlay(self._earlier, self.current))
        return self._merged[1]

    def earlier_names(self) -> set[str]:
        """Names bound in an earlier section and not again in this one."""
        return self._earlier.names() - self.current.names()

    def describe(self, names: Iterable[str]) -> str:
        """``uses p (line 104), x (line 109, an earlier section)``, in the order they were bound."""
        known = sorted(
            (n for n in set(names) if n in self._bound_at), key=lambda n: (self._bound_at[n], n)
        )
        if not known:
            return ""
        parts = []
        for name in known:
            line, section = self._bound_at[name]
            where = f"line {line}" + (", an earlier section" if section != self.section else "")
            parts.append(f"{name} ({where})")
        return "uses " + ", ".join(parts)
