r"""Steps written as LaTeX: read by symxent's own reader, bound to the derivation's names.

A derivation step can be given as the LaTeX a lecturer writes,
``.eq(r"\log\frac{1-p}{p}", "collect the logs")``. The text is read by
:func:`symxent.latex.parse.parse_expression` (a grammar; nothing is ever evaluated as code) and
the names in it are bound to the objects the derivation already uses: a ``p`` that is a plain
SymPy symbol in the chain is that symbol (not the reader's default distribution ``p``), a vector
``q`` is the chain's vector (with its values, if it has them), an index ``k`` is the chain's
index. The step is then checked like any other, and the slide shows the text as written.

Example:
    >>> import sympy as sp
    >>> p = sp.Symbol("p")
    >>> expr = read_written(r"\log\frac{1-p}{p}", [sp.log(1 - p)], "step 1")
    >>> expr == sp.log((1 - p) / p), expr.free_symbols == {p}
    (True, True)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import sympy as sp

from symxent.distributions import OneHot, Vector, VectorLabel
from symxent.errors import DerivationError, SymxentError
from symxent.latex.guard import check_math
from symxent.latex.roles import VECTOR_KINDS

__all__ = ["Names", "read_written"]

_MAX_CHARS = 2000


@dataclass
class Names:
    """The names a derivation uses so far: scalars, vectors and indices, by printed name."""

    scalars: dict[str, sp.Symbol] = field(default_factory=dict)
    vectors: dict[str, Vector] = field(default_factory=dict)
    indices: dict[str, sp.Idx] = field(default_factory=dict)

    @classmethod
    def of(cls, expressions: Iterable[object]) -> Names:
        """Collect the names used in ``expressions`` (SymPy objects; others are ignored).

        Example:
            >>> from symxent import Distribution, Entropy
            >>> sorted(Names.of([Entropy(Distribution("p", "n")), sp.Symbol("x")]).vectors)
            ['p']
        """
        names = cls()
        for expression in expressions:
            if not isinstance(expression, sp.Basic):
                continue
            for node in sp.preorder_traversal(expression):
                if isinstance(node, Vector):
                    if node.name.isidentifier():  # not a computed vector such as softmax(z)
                        names.vectors.setdefault(node.name, node)
                elif isinstance(node, sp.Idx):
                    names.indices.setdefault(str(node.label), node)
                elif (
                    isinstance(node, sp.Symbol)
                    and not isinstance(node, VectorLabel | sp.Dummy)
                    and node.name.replace("_", "a").isalnum()
                ):
                    names.scalars.setdefault(node.name, node)
        for name in list(names.scalars):
            if name in names.vectors or name in names.indices:
                del names.scalars[name]  # the vector's or index's own Symbol argument
        return names

    def facts(self) -> list[str]:
        """``--assume``-style facts that make the reader give each name the chain's meaning."""
        facts = []
        for name, symbol in self.scalars.items():
            if symbol.is_positive:
                kind = "positive"
            elif symbol.is_nonnegative:
                kind = "nonnegative"
            else:
                kind = "real"
            facts.append(f"{name}:{kind}")
        counts = set()
        for name, vector in self.vectors.items():
            kind = "one-hot" if isinstance(vector, OneHot) else vector.role
            facts.append(f"{name}:{kind if kind in VECTOR_KINDS else 'reals'}")
            counts.add(vector.n)
        if len(counts) == 1:
            count = counts.pop()
            if count.is_Integer or (count.is_Symbol and str(count).isidentifier()):
                facts.append(f"n={count}")
        return facts

    def bind(self, expr: sp.Expr) -> sp.Expr:
        """Replace the reader's objects by the chain's objects of the same name."""
        mapping: dict[sp.Basic, sp.Basic] = {}
        for node in sp.preorder_traversal(expr):
            if isinstance(node, Vector) and node.name in self.vectors:
                mapping[node] = self.vectors[node.name]
            elif isinstance(node, sp.Idx) and str(node.label) in self.indices:
                mapping[node] = self.indices[str(node.label)]
            elif (
                isinstance(node, sp.Symbol)
                and not isinstance(node, VectorLabel | sp.Dummy)
                and node.name in self.scalars
            ):
                mapping[node] = self.scalars[node.name]
        entries: dict[sp.Basic, sp.Basic] = {}
        for node in sp.preorder_traversal(expr):
            if isinstance(node, sp.Indexed):
                name = str(node.base.label)
                if name in self.vectors and len(node.indices) == 1:
                    index = node.indices[0].xreplace(mapping)
                    entries[node] = self.vectors[name][index]
        bound = expr.xreplace({**mapping, **entries})
        return bound.xreplace(mapping) if entries else bound


def read_written(text: str, context: Iterable[object], what: str, base: object = None) -> sp.Expr:
    r"""Read one expression written as LaTeX, with names bound to those in ``context``.

    Args:
        text: the LaTeX (one expression, no relation).
        context: expressions (and symbols) of the derivation so far.
        what: where the text came from, for error messages (``"step 3"``).
        base: the log base of a plain ``\log`` (default ``e``; ``2`` for a chain in bits).

    Raises:
        DerivationError: when the text cannot be read (the message quotes the reader's reason);
            text is never evaluated as Python.
    """
    if not text.strip():
        raise DerivationError(f"{what}: the LaTeX text is empty")
    if len(text) > _MAX_CHARS:
        raise DerivationError(f"{what}: the LaTeX text is longer than {_MAX_CHARS} characters")
    check_math(text, what, DerivationError)
    names = Names.of(context)
    setting = "e" if base in (None, sp.E) else str(base)
    try:
        from symxent.latex.parse import parse_expression  # loads on first use (speed)

        expr = parse_expression(text, base=setting, assume=names.facts())
    except SymxentError as error:
        raise DerivationError(
            f"{what}: cannot read {text.strip()!r} as LaTeX: {error}. (Text is read by "
            "symxent's LaTeX reader and never evaluated as Python.)"
        ) from None
    except ImportError as error:  # pragma: no cover - the reader is a dependency
        raise DerivationError(f"{what}: the LaTeX reader is not installed ({error})") from None
    return names.bind(expr)
