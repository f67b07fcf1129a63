r"""What the LaTeX front end produces before roles and bindings give it a meaning.

Lecture notation is read in two passes. The first (:mod:`symxent.latex.rewrite`) replaces every
name, decimal, function application and expectation by a placeholder symbol the LaTeX parser
reads as an atom, and records here what stood there: a :class:`Name` (``\hat{y}_{ij}``), a
:class:`Decimal` (``0.737``, kept exact with its printed digits), an :class:`Apply`
(``H(p, q)``), an :class:`Event` inside it (``P(X = 1)``), an :class:`Expect`
(``\mathbb{E}_{x \sim p}[\log q(x)]``), a class :class:`Label` (``\text{True}``) or a
:class:`VectorLiteral` (``[0.1, 0.4, 0.5]``). The parser then builds the arithmetic around the
placeholders, giving a :class:`Raw`: a SymPy tree plus the table of what each placeholder is.
The second pass (:mod:`symxent.latex.mapping`) turns a Raw into symxent quantities.

Example:
    >>> Name("y", accent="hat", subscript=("i", "j")).key
    'yhat_ij'
    >>> Decimal.of("0.737").half_ulp
    Fraction(1, 2000)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, is_dataclass
from fractions import Fraction

import sympy as sp

__all__ = [
    "CLASS_COUNT",
    "LOG_BASE",
    "Apply",
    "Decimal",
    "Diff",
    "Event",
    "Expect",
    "Label",
    "Name",
    "Raw",
    "RawObject",
    "Reduce",
    "VectorLiteral",
    "inner_raws",
    "name_of",
]

LOG_BASE = sp.Symbol("math{SXLOGBASE}")
"""Placeholder the parser sees for the base of a plain ``\\log`` (decided after parsing)."""

CLASS_COUNT = sp.Symbol("math{SXCOUNT}")
"""Placeholder upper bound of a sum written without bounds (``\\sum_x``)."""


@dataclass(frozen=True)
class Name:
    r"""A name as written: base letter or word, accent, subscript parts and primes.

    Attributes:
        base: ``"p"``, ``"y"``, ``"sigma"``, ``"CE"``, ``"E"``, ``"calX"`` (for
            ``\mathcal{X}``).
        accent: ``"hat"``, ``"bar"``, ``"tilde"``, ``"check"``, ``"bb"`` (blackboard), or ``""``.
        subscript: the subscript split into parts: ``("i", "j")`` for ``_{ij}``, ``("1",)``,
            ``("KL",)``, ``("theta",)``.
        primes: number of ``'`` marks.
        latex: the text as written.
    """

    base: str
    accent: str = ""
    subscript: tuple[str, ...] = ()
    primes: int = 0
    latex: str = ""

    @property
    def stem(self) -> str:
        r"""Base and accent without subscript: ``"yhat"`` for ``\hat{y}_i``."""
        return self.base + self.accent

    @property
    def key(self) -> str:
        """An identifier naming exactly this name: ``"yhat_ij"``, ``"X_a"``, ``"yhat_prime"``."""
        key = self.stem
        if self.subscript:
            key += "_" + "".join(self.subscript)
        if self.primes:
            key += "_" + "prime" * self.primes
        return key

    def without_subscript(self) -> Name:
        """The same name with no subscript (``p`` for ``p_i``)."""
        return Name(self.base, self.accent, (), self.primes, self.latex)


@dataclass(frozen=True)
class Decimal:
    """A decimal number as printed, kept exact.

    Attributes:
        text: the digits as written (``"0.50"``).
        value: the exact value (a Fraction).
        places: digits after the decimal point.
    """

    text: str
    value: Fraction
    places: int

    @classmethod
    def of(cls, text: str, scale: int = 1) -> Decimal:
        """Return the decimal written ``text`` (divided by ``scale``, 100 for a percentage)."""
        places = len(text.split(".", 1)[1]) if "." in text else 0
        return cls(text, Fraction(text) / scale, places)

    @property
    def half_ulp(self) -> Fraction:
        """Half a unit in the last printed place (``0.0005`` for ``0.971``)."""
        return Fraction(1, 2 * 10**self.places)

    @property
    def significant(self) -> int:
        """Significant digits printed (``3`` for ``0.971``, ``17`` for ``1.3862943611198906``)."""
        return len(self.text.replace(".", "").replace("-", "").lstrip("0"))

    @property
    def float64(self) -> bool:
        """Whether this is a float64 as Python prints it (the shortest text that reads back).

        Example:
            >>> Decimal.of("1.2798542258336674").float64, Decimal.of("0.971").float64
            (True, False)
        """
        if self.significant < 16 or self.value != Fraction(self.text):
            return False
        return repr(float(self.text)) == self.text

    @property
    def claim(self) -> tuple[Fraction, Fraction]:
        """The value this decimal claims, and how far the exact value may be from it.

        Usually the printed value and half a unit in its last place. A float64 printout
        (``1.2798542258336674``, see :attr:`float64`) claims that the exact value rounds to that
        float64: the float's exact binary value, and half the distance to its neighbours.

        Example:
            >>> Decimal.of("0.971").claim
            (Fraction(971, 1000), Fraction(1, 2000))
            >>> value, half = Decimal.of("0.1000000000000000055511151231257827").claim
            >>> half
            Fraction(1, 20000000000000000000000000000000000)
        """
        if not self.float64:
            return self.value, self.half_ulp
        number = float(self.text)
        return Fraction(number), Fraction(math.ulp(number)) / 2


@dataclass(frozen=True)
class Label:
    r"""A class written as text, such as ``\text{True}``."""

    text: str


@dataclass(frozen=True)
class Event:
    """``A = B`` inside a probability, as in ``P(X = 1)`` or ``P(X_a = Y_a)``."""

    lhs: Raw
    rhs: Raw


@dataclass(frozen=True)
class Apply:
    r"""A function applied to arguments: ``H(p, q)``, ``p(x)``, ``softmax(z)_k``.

    Attributes:
        name: the function's name.
        args: the arguments (each a Raw, or an Event for ``P(X = x)``).
        given: arguments after ``|`` or ``\mid`` (conditional probabilities, ``H(Y | X)``).
        subscript: a subscript written after the closing parenthesis (``softmax(z)_k``).
        latex: the text as written.
        parameters: arguments after ``;``: the ``Y`` of ``I(X; Y)``, the ``\theta`` of
            ``p(x; \theta)`` and ``p(y \mid x; \theta)``.
    """

    name: Name
    args: tuple[Raw | Event, ...]
    given: tuple[Raw | Event, ...] = ()
    subscript: Raw | None = None
    latex: str = ""
    parameters: tuple[Raw | Event, ...] = ()


@dataclass(frozen=True)
class Expect:
    r"""An expectation: ``\mathbb{E}_{x \sim p}[body]``, or ``E[X]`` with no distribution.

    Attributes:
        variable: the bound variable (``x``), if a subscript ``x \sim p`` names one.
        distribution: the distribution (``p``), if named.
        body: the expression inside the brackets.
        subscript: the subscript as written, when it is not of the form ``x \sim p``.
        latex: the text as written.
        weight: that subscript read as an expression (``p``, ``p(x, y)``, ``x``), if it reads.
    """

    variable: Name | None
    distribution: Name | None
    body: Raw
    subscript: str = ""
    latex: str = ""
    weight: Raw | None = None


@dataclass(frozen=True)
class Diff:
    r"""A derivative: ``\frac{d}{dx} f``, ``\frac{\partial L}{\partial z_k}``, ``\frac{d^2}{dx^2}``.

    Attributes:
        body: what is differentiated.
        variables: ``(variable, order)`` pairs.
        partial: True when written with ``\partial``.
        latex: the text as written.
    """

    body: Raw
    variables: tuple[tuple[Raw, int], ...]
    partial: bool = False
    latex: str = ""


@dataclass(frozen=True)
class Reduce:
    r"""A reduction over an index: ``\max_i p_i``, ``\min_{j=1}^{C} q_j``, ``\int_0^1 x \, dx``.

    ``"int"`` is a definite integral over a real variable (:mod:`symxent.latex.integrals`).

    Attributes:
        kind: ``"max"``, ``"min"`` or ``"int"``.
        index: the index name (the variable of integration).
        lower: the lower bound, or None (from 1, the classes).
        upper: the upper bound, or None (the class count, or the length of the vector indexed).
        body: the term.
        latex: the text as written.
    """

    kind: str
    index: Name
    lower: Raw | None
    upper: Raw | None
    body: Raw
    latex: str = ""


@dataclass(frozen=True)
class VectorLiteral:
    """A vector written out: ``[0.1, 0.4, 0.5]`` or a ``pmatrix``."""

    entries: tuple[Raw, ...]


RawObject = Name | Decimal | Label | Apply | Expect | VectorLiteral | Diff | Reduce
"""What a placeholder stands for."""


@dataclass(frozen=True, eq=False)
class Raw:
    r"""A parsed expression: a SymPy tree whose placeholder symbols stand for ``table`` entries.

    Attributes:
        tree: the parser's SymPy expression.
        table: placeholder symbol -> what it stands for.
        latex: the source text.
        notes: remarks made while reading it (``\int read as a sum``, a caption).
        units: units of information written after the value (``\text{ nats}``, ``\text{bits}``).
        defined: the logarithms and roots of the text as written, which must be defined
            even where SymPy's evaluation removed them (``e^{\ln x}`` is ``x`` in ``tree``,
            ``\log x`` here).
    """

    tree: sp.Basic
    table: dict[sp.Symbol, RawObject] = field(default_factory=dict)
    latex: str = ""
    notes: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    defined: tuple[sp.Basic, ...] = ()

    def atom(self) -> RawObject | None:
        """What the whole expression is, if it is a single placeholder; else None."""
        return self.table.get(self.tree) if isinstance(self.tree, sp.Symbol) else None

    def objects(self) -> list[RawObject]:
        """Every placeholder object, including those inside arguments and bodies."""
        found: list[RawObject] = []
        for obj in self.table.values():
            found.append(obj)
            for inner in inner_raws(obj):
                found.extend(inner.objects())
        return found

    def decimals(self) -> list[Decimal]:
        """Every decimal written in the expression, in any argument."""
        return [obj for obj in self.objects() if isinstance(obj, Decimal)]


def name_of(arg: Raw | Event | None) -> Name | None:
    """The name an argument is, if it is one name (``X`` of ``H(X)``); None for an event."""
    atom = arg.atom() if isinstance(arg, Raw) else None
    return atom if isinstance(atom, Name) else None


def inner_raws(obj: RawObject) -> list[Raw]:
    r"""The Raws nested in ``obj``, in the order of its fields: every field that holds one.

    The walk is generic (any field, tuple or event that holds a Raw), so no field is missed:
    arguments and both sides of an event, bodies, bounds, and an expectation's weight.

    Example:
        >>> from symxent.latex.reader import read_side
        >>> expect = read_side(r"\mathbb{E}_{p(x, y; 0.5)}[x]").atom()
        >>> [raw.latex for raw in inner_raws(expect)]
        ['x', 'p(x, y; 0.5)']
    """
    return _raws_in(obj)


def _raws_in(value: object) -> list[Raw]:
    if isinstance(value, Raw):
        return [value]
    if isinstance(value, tuple):
        items: tuple[object, ...] = value
    elif is_dataclass(value):
        items = tuple(getattr(value, item.name) for item in fields(value))
    else:
        return []
    return [raw for item in items for raw in _raws_in(item)]
