r"""What names mean: values bound by earlier lines, the quantity a function name denotes.

Shared by :mod:`symxent.latex.mapping` (which walks a parsed expression) and
:mod:`symxent.latex.handlers` (which reads each function application): the :class:`Bindings`
of a lecture, :func:`function_key` (``D_{KL}`` and ``\mathrm{KL}`` both denote KL), the
vector class of each role, the limits on what is evaluated, and :class:`NotEvaluableError`.

Example:
    >>> from symxent.latex.raw import Name
    >>> function_key(Name("D", subscript=("KL",)))
    'KL'
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, fields

import sympy as sp

from symxent.distributions import ROLES, Probabilities, RealVector, Vector
from symxent.errors import LatexParseError
from symxent.latex.raw import Name, Raw

__all__ = [
    "CLASSES",
    "EXPAND_LIMIT",
    "MAX_CLASSES",
    "QUANTITY_NAMES",
    "Bindings",
    "NotEvaluableError",
    "function_key",
    "short",
]

EXPAND_LIMIT = 64
"""Sums with concrete bounds and at most this many terms are written out term by term."""
MAX_CLASSES = 10_000
"""Largest concrete class count or sum range the checker is asked to evaluate."""
CLASSES: dict[str, type[Vector]] = {**ROLES, "real": RealVector, "probability": Probabilities}
"""The vector class of each role (a scalar kind given to a subscripted name, as in
``--assume a:positive``, makes the vector of that kind)."""


class NotEvaluableError(LatexParseError):
    """Raised when parsed LaTeX uses something with no meaning here (an unbound name, ``E[X]``)."""


@dataclass
class Bindings:
    r"""Values given by earlier lines of a lecture: ``p = 0.9``, ``P = [0.1, 0.9]``, ``q(A) = 1``.

    Attributes:
        scalars: name key -> exact value.
        vectors: name key -> exact entries.
        entries: name key -> {class: value}; a class is an int (``P(X = 1)``) or a label
            (``q(A)``, ``P(Y = \text{True})``).
        functions: name -> (parameter key, body) for ``f(x) = -\log x``.
        labels: class labels in the order they were first met (``a``, ``b``).
        formulas: vector name -> (index letter, body) for a definition of its entries such as
            ``\hat{y}_i = \frac{e^{x_i}}{\sum_j e^{x_j}}`` (values given later are checked
            against it).
        arrays: name key -> rows of exact entries, for a two-index array ``y_{ij}`` given in
            full (an N x C table of numbers); row ``i`` is ``y_{i1}, ..., y_{iC}``.
        definitions: name key -> the formula a line defined it as (``L = -\sum_i y_i \log
            \hat{y}_i``). It stands for the name where the name is differentiated
            (``\frac{\partial L}{\partial z_k}``, ``\nabla_z L``); elsewhere the name stays a
            name (``a = \ln \frac{\sigma}{1 - \sigma}`` said in passing does not make every
            later ``a`` that formula). Not a value: see :meth:`names`.
        everywhere: names whose definition stands for them everywhere: those a premise of
            ``\implies`` defines, for its conclusion.
        entry: the 1-based entry a vector written out on the other side is judged at, and
            how many entries that vector has (set by :meth:`at_entry`):
            ``\operatorname{softmax}(2, 1, 0.1) = (0.659, 0.242, 0.099)`` reads the softmax
            at that entry. None otherwise.
    """

    scalars: dict[str, sp.Expr] = field(default_factory=dict)
    vectors: dict[str, tuple[sp.Expr, ...]] = field(default_factory=dict)
    entries: dict[str, dict[int | str, sp.Expr]] = field(default_factory=dict)
    functions: dict[str, tuple[str, Raw]] = field(default_factory=dict)
    labels: list[str] = field(default_factory=list)
    formulas: dict[str, tuple[str, Raw]] = field(default_factory=dict)
    arrays: dict[str, tuple[tuple[sp.Expr, ...], ...]] = field(default_factory=dict)
    definitions: dict[str, Raw] = field(default_factory=dict)
    everywhere: set[str] = field(default_factory=set)
    entry: tuple[int, int] | None = None

    def names(self) -> set[str]:
        """Every name bound to a value or a function (not the names defined by a formula)."""
        return set().union(self.scalars, self.vectors, self.entries, self.functions, self.arrays)

    def has_vector(self, key: str) -> bool:
        """Whether ``key`` is bound to a vector (its values, or some of its entries)."""
        return key in self.vectors or key in self.entries

    def copy(self) -> Bindings:
        """An independent copy (bindings made on it do not change this one)."""
        copied = Bindings(**{f.name: copy.copy(getattr(self, f.name)) for f in fields(self)})
        copied.entries = {k: dict(v) for k, v in self.entries.items()}
        return copied

    def at_entry(self, position: int, length: int = 0) -> Bindings:
        """A copy in which each vector given in full stands, bare, for its entry ``position``.

        ``e^x = [2.46, 3.32, 0.67]`` is checked entry by entry this way (positions are 1-based;
        ``length`` is how many entries the written vector has, 0 when unknown).
        """
        result = self.copy()
        for key, values in self.vectors.items():
            if 1 <= position <= len(values):
                result.scalars[key] = values[position - 1]
        result.entry = (position, length)
        return result


def function_key(name: Name) -> str:
    r"""The quantity a name denotes: ``D_{KL}``, ``\mathrm{KL}`` -> KL, ``\mathbb{P}`` -> P.

    Example:
        >>> function_key(Name("D", subscript=("KL",)))
        'KL'
    """
    if name.base == "H" and name.subscript in (("b",), ("2",)) and name.accent in ("", "bb"):
        return "H_b"  # H_2(p): MacKay's binary entropy function
    if name.base == "H" and name.subscript in (("ce",), ("c", "e")) and name.accent in ("", "bb"):
        return "CE"  # Murphy's \mathbb{H}_{ce}(p, q)
    if name.accent == "bb":
        return name.base
    if name.accent == "cal" and name.base == "N" and not name.subscript:
        return "Normal"  # \mathcal{N}(x \mid \mu, \sigma^2): the Gaussian density
    if name.base == "DKL" or (name.base == "D" and name.subscript in (("KL",), ("K", "L"))):
        return "KL"
    if name.subscript:
        return name.key
    return {"sigmoid": "sigma", "logsumexp": "LSE", "Pr": "P"}.get(name.base, name.base)


QUANTITY_NAMES = frozenset(
    {"H", "H_b", "CE", "KL", "D", "I", "sigma", "softmax", "BCE", "NLL", "MSE", "LSE", "P", "logit"}
)
"""Function names read as symxent quantities (after :func:`function_key`)."""


def short(text: str, limit: int = 60) -> str:
    """``text`` on one line, cut to ``limit`` characters (for messages)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
