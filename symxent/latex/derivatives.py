r"""Derivatives written as fractions: ``\frac{d}{dx}``, ``\frac{\partial L}{\partial z_k}``.

Read in both passes: here the first pass recognises the notation (:func:`derivative_form`), and
the second builds SymPy's Derivative (:func:`derivative`).

Leibniz notation looks like a fraction, so it has to be recognised before a fraction is read
(``\frac{d}{dt} t^3`` is never ``d / (d t) \cdot t^3``). :func:`derivative_form` looks at the
numerator and the denominator of one ``\frac`` and says whether it is a derivative:

* the denominator is a run of differentials, ``dx``, ``d\theta``, ``\mathrm{d}x``,
  ``\partial z_k``, ``dx^2``, ``\partial x \partial y``;
* the numerator is the same mark (``d`` or ``\partial``), with the total order as a power
  when it is above one (``d^2``, ``\partial^2``), followed by what is differentiated or by
  nothing (the operator form ``\frac{d}{dx} f``, where what follows is differentiated).

A fraction with ``\partial`` on one side only, or with differentials whose orders do not add
up, is malformed: :class:`~symxent.errors.LatexParseError` names it (``\frac{\partial
L}{\theta}`` in an update rule is not a fraction). Any other fraction is a fraction.

Example:
    >>> form = derivative_form("d^2", "dx^2")
    >>> form.body, form.variables, form.partial
    ('', (('x', 2),), False)
    >>> derivative_form(r"\partial L", r"\partial z_k").variables
    (('z_k', 1),)
    >>> derivative_form("1", "2") is None
    True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sympy as sp

from symxent.distributions import Vector
from symxent.errors import LatexParseError
from symxent.latex.names import NotEvaluableError, short
from symxent.latex.raw import Diff, Name, Raw

if TYPE_CHECKING:
    from symxent.latex.mapping import Mapper

__all__ = ["DerivativeForm", "derivative", "derivative_form"]

_D = r"(?:d|\\mathrm\s*\{\s*d\s*\}|\\text\s*\{\s*d\s*\}|\\operatorname\s*\{\s*d\s*\}|\\mathrm\s+d)"
_PARTIAL = r"\\partial(?![a-zA-Z])"
_ORDER = r"(?:\^\s*(?:\{\s*(?P<order>\d+)\s*\}|(?P<digit>\d)))?"
_NAME = (
    r"(?:\\(?:hat|widehat|tilde|widetilde|bar|overline|vec|mathbf|boldsymbol|bm|mathrm|mathit"
    r"|mathcal)\s*\{[^{}]*\}|\\[a-zA-Z]+|[A-Za-z])"
    r"(?:\s*_\s*(?:\{[^{}]*\}|[A-Za-z0-9]|\\[a-zA-Z]+))?"
)
_DIFFERENTIAL = re.compile(
    rf"\s*(?P<mark>{_PARTIAL}|{_D}(?![a-zA-Z]{{2}}))\s*(?P<variable>{_NAME})\s*{_ORDER}\s*"
)
_NUMERATOR = re.compile(rf"\s*(?P<mark>{_PARTIAL}|{_D})\s*{_ORDER}(?P<body>.*)$", re.S)


@dataclass(frozen=True)
class DerivativeForm:
    r"""A fraction read as a derivative.

    Attributes:
        body: what is differentiated (``"L"``), or ``""`` in the operator form
            ``\frac{d}{dx}``, where the product that follows is differentiated.
        variables: ``(variable, order)`` pairs, as written (``(("z_k", 1),)``).
        partial: True for ``\partial``, False for ``d``.
    """

    body: str
    variables: tuple[tuple[str, int], ...]
    partial: bool

    @property
    def order(self) -> int:
        r"""The total order: 2 for ``d^2/dx^2`` and for ``\partial^2/\partial x \partial y``."""
        return sum(order for _, order in self.variables)


def _order(match: re.Match[str]) -> int:
    text = match.group("order") or match.group("digit")
    return int(text) if text else 1


def _differentials(text: str) -> list[tuple[bool, str, int]] | None:
    r"""``\partial x \partial y^2`` -> [(True, "x", 1), (True, "y", 2)]; None if not that."""
    found: list[tuple[bool, str, int]] = []
    position = 0
    while position < len(text):
        match = _DIFFERENTIAL.match(text, position)
        if match is None or match.end() == position:
            return None
        partial = match.group("mark").startswith(r"\partial")
        found.append((partial, " ".join(match.group("variable").split()), _order(match)))
        position = match.end()
    return found or None


def _looks_partial(text: str) -> bool:
    return bool(re.match(rf"\s*{_PARTIAL}", text))


def derivative_form(numerator: str, denominator: str) -> DerivativeForm | None:
    r"""Read ``\frac{numerator}{denominator}`` as a derivative; None for an ordinary fraction.

    Raises:
        LatexParseError: for a malformed derivative (``\frac{\partial L}{\theta}``,
            ``\frac{d^2}{dx}``, ``\frac{\partial f}{dx}``), naming it.
    """
    written = rf"\frac{{{numerator.strip()}}}{{{denominator.strip()}}}"
    numerator = re.sub(r"\\[,;!]", " ", numerator)
    denominator = re.sub(r"\\[,;!]", " ", denominator)
    differentials = _differentials(denominator)
    top = _NUMERATOR.match(numerator)
    top_partial = _looks_partial(numerator)
    if differentials is None:
        if top_partial or _looks_partial(denominator):
            raise LatexParseError(
                f"{written} is a malformed derivative: write \\partial before each variable "
                "of the denominator, as in \\frac{\\partial L}{\\partial \\theta}"
            )
        return None
    marks = {partial for partial, _, _ in differentials}
    if top is None:
        if True in marks:
            raise LatexParseError(
                f"{written} is a malformed derivative: the numerator needs \\partial, as in "
                "\\frac{\\partial L}{\\partial x}"
            )
        raise LatexParseError(
            f"{written}: the denominator reads as a differential but the numerator has no d "
            "(write d \\cdot x for a product)"
        )
    partial = top.group("mark").startswith(r"\partial")
    if marks != {partial}:
        raise LatexParseError(f"{written} is a malformed derivative: it mixes d and \\partial")
    form = DerivativeForm(
        top.group("body").strip(), tuple((name, order) for _, name, order in differentials), partial
    )
    if _order(top) != form.order:
        raise LatexParseError(
            f"{written} is a malformed derivative: the order in the numerator ({_order(top)}) "
            f"is not the sum of the orders in the denominator ({form.order})"
        )
    if form.body and re.match(r"[A-Za-z0-9(\\{]", form.body) is None:
        raise LatexParseError(f"{written}: cannot tell what is differentiated")
    return form


def derivative(mapper: Mapper, diff: Diff, env: dict[str, sp.Expr]) -> sp.Expr:
    r"""``\frac{\partial L}{\partial z_k}``: SymPy's Derivative, kept unevaluated.

    A name differentiated whole (``L``) stands for the formula an earlier line defined it as.
    """
    atom = diff.body.atom()
    key = atom.key if isinstance(atom, Name) else None
    outer = key in mapper.differentiated
    if key is not None:
        mapper.differentiated.add(key)
    try:
        body = mapper.map(diff.body, env)
    finally:
        if key is not None and not outer:
            mapper.differentiated.discard(key)
    pairs: list[tuple[sp.Expr, int]] = []
    for raw, order in diff.variables:
        variable = _gradient_variable(mapper, raw, env)
        if variable is None:
            variable = mapper.map(raw, env)
        if not isinstance(variable, sp.Symbol | sp.Indexed) or variable.is_integer:
            raise NotEvaluableError(
                f"{short(diff.latex)}: cannot differentiate with respect to {raw.latex}"
            )
        pairs.append((variable, order))
    if (
        isinstance(atom, Name)
        and body.free_symbols
        and not any(_depends_on(body, variable) for variable, _ in pairs)
    ):
        raise NotEvaluableError(
            f"{short(diff.latex)}: {atom.latex or atom.key} is not defined here as a "
            f"function of {', '.join(raw.latex for raw, _ in diff.variables)}, so its "
            "derivative is unknown"
        )
    return sp.Derivative(body, *pairs)


def _gradient_variable(mapper: Mapper, raw: Raw, env: dict[str, sp.Expr]) -> sp.Expr | None:
    r"""The component ``z_k`` of ``\nabla_z`` or ``\partial z`` (a whole vector), else None."""
    atom = raw.atom()
    if not isinstance(atom, Name) or atom.subscript or atom.key in env:
        return None
    if not mapper.is_gradient(atom):
        return None
    vector = mapper._vector(atom.key, atom.stem)
    component = mapper.component_index(vector)
    return vector[component] if component is not None else None


def _depends_on(expr: sp.Expr, variable: sp.Expr) -> bool:
    """Whether ``expr`` has ``variable`` or, for a vector entry, another entry of its vector."""
    if expr.has(variable):
        return True
    if isinstance(variable, sp.Indexed):
        label = str(variable.base.label)
        return any(entry.base == variable.base for entry in expr.atoms(sp.Indexed)) or any(
            vector.name == label for vector in expr.atoms(Vector)
        )
    return False
