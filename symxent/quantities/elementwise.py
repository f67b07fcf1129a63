r"""Vectors computed entry by entry from other vectors: ``z + c``, ``2z``, ``z - \max_j z_j``.

Lecture notes apply functions to vector expressions, as in :math:`\mathrm{softmax}(z + c)_k`
(a scalar added to every logit). :class:`Elementwise` is such a vector: a formula for its
entry at an index, over the length of the vectors it is made of. Quantities see an ordinary
:class:`~symxent.distributions.Vector`: entry ``k`` is the formula at ``k``, and sums run over
``1..n``, so everything downstream (definitions, the checker's expansion) works unchanged.

Example:
    >>> import sympy as sp
    >>> from symxent import Logits, Softmax
    >>> z, c = Logits("z", "n"), sp.Symbol("c", real=True)
    >>> j = sp.Dummy("j", integer=True)
    >>> shifted = Elementwise(z[j] + c, j, z.n)
    >>> shifted[2]
    c + z[2]
    >>> sp.latex(Softmax(shifted, 1))
    '\\mathrm{softmax}(z + c)_{1}'
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from symxent.distributions import ClassCount, Vector, as_expression, class_count
from symxent.errors import DistributionError
from symxent.quantities.base import arg_property

__all__ = ["Elementwise"]


class Elementwise(Vector):
    """A vector whose entry ``index`` is ``entry`` (a formula in other vectors' entries).

    Args:
        entry: the entry at ``index``, e.g. ``z[j] + c``.
        index: the Dummy index ``entry`` is written in.
        n: the number of entries.
    """

    def __new__(cls, entry: sp.Expr, index: sp.Symbol, n: ClassCount) -> Elementwise:
        entry = as_expression(entry, "an elementwise vector's entry")
        if not isinstance(index, sp.Symbol):
            raise DistributionError(f"an elementwise vector's index must be a Symbol: {index!r}")
        return sp.Basic.__new__(cls, entry, index, class_count(n))

    entry = arg_property[sp.Expr](0, "The formula for the entry at :attr:`index`.")
    index_symbol = arg_property[sp.Symbol](1, "The bound index of :attr:`entry`.")
    n = arg_property(2)

    values: tuple[sp.Expr, ...] = ()
    is_explicit = False

    @property
    def free_symbols(self) -> set[sp.Basic]:
        bound = self.index_symbol
        free = {s for s in self.entry.free_symbols if not s.has(bound)}
        return free | self.n.free_symbols

    def entry_labels(self) -> set[sp.Basic]:
        """The labels of the vectors whose entries this one is computed from (``z`` in z + c)."""
        return {indexed.base.label for indexed in self.entry.atoms(sp.Indexed)}

    @property
    def base(self) -> sp.IndexedBase:
        raise DistributionError(f"{self.name} is computed from other vectors; it has no symbol")

    def _shape(self) -> sp.Expr:
        """The entry with every entry ``v[index]`` written as the vector ``v`` (for printing)."""
        vectors = {
            indexed: indexed.base.label
            for indexed in self.entry.atoms(sp.Indexed)
            if indexed.indices == (self.index_symbol,)
        }
        return self.entry.xreplace(vectors)

    @property
    def name(self) -> str:
        return str(self._shape())

    def __getitem__(self, index: Any) -> sp.Expr:
        index = as_expression(index, f"index of {self.name}")
        if index.is_Integer and self.n.is_Integer and not 1 <= int(index) <= int(self.n):
            raise DistributionError(f"{self.name}[{index}] is out of range 1..{self.n}")
        return self.entry.xreplace({self.index_symbol: index})

    def _latex(self, printer: Any) -> str:
        return str(printer._print(self._shape()))
