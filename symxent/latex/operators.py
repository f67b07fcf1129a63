r"""The first pass's reading of operators: derivatives, sums, products, integrals, max and min.

A mixin of :class:`symxent.latex.rewrite._Rewriter`. An operator takes the product that
follows it (:func:`~symxent.latex.scan.operand_end`): the sum's summand, the derivative's
operand ``\frac{d}{dx} f``, the term of ``\max_i``.

Example:
    >>> from symxent.latex.reader import read_side
    >>> read_side(r"\max_i p_i").atom().kind
    'max'
"""

from __future__ import annotations

import re
from collections.abc import Callable

import sympy as sp

from symxent.errors import LatexParseError
from symxent.latex.derivatives import derivative_form
from symxent.latex.raw import Diff, Name, Reduce
from symxent.latex.scan import Scanner, depth_at, operand_end, read_group, split_top
from symxent.latex.vocabulary import GREEK

__all__ = ["Operators"]

_DIFFERENTIAL = re.compile(
    r"(?:\\[,;!]\s*)*(?:\\mathrm\{d\}|\\text\{d\}|\bd)\s*"
    r"(?:\\mathbf\s*\{\s*([A-Za-z])\s*\}|([A-Za-z])(?![A-Za-z]))"
)
"""A differential: ``dx``, ``\\, dx``, ``\\mathrm{d}x``, Bishop's ``d\\mathbf{x}``."""


def _differential_variable(match: re.Match[str]) -> str:
    return match.group(1) or match.group(2)


class Operators(Scanner):
    """The operator readings of the rewriter (see the module docstring)."""

    application: Callable[[Name, int], None]  # the name readings'

    def fraction(self, start: int) -> None:
        r"""``\frac{a}{b}`` (``self.pos`` just after ``\frac``): a derivative or a fraction.

        As in TeX, an argument without braces is one token: ``\frac1p``, ``\frac{1}\pi``.
        """
        groups = []
        for _ in range(2):
            self.skip_spaces()
            token = _TOKEN.match(self.text, self.pos)
            if token is not None and (
                len(token.group(0)) == 1 or token.group(0)[1:] in (*GREEK, "pi", "infty")
            ):
                groups.append(token.group(0))
                self.pos = token.end()
                continue
            if self.pos >= len(self.text) or self.text[self.pos] != "{":
                raise LatexParseError(f"\\frac needs braced arguments: {self._around()!r}")
            content, self.pos = read_group(self.text, self.pos)
            groups.append(content)
        form = derivative_form(groups[0], groups[1])
        if form is None:
            top, bottom = (self.fragment(group) for group in groups)
            self.out.append(r" \frac{" + top + "}{" + bottom + "} ")
            return
        body = form.body  # empty in \frac{d}{dx} f: the product that follows is differentiated
        if not body:
            body = self.take_operand(
                f"{self.text[start : self.pos].strip()} has nothing to differentiate"
            )
        variables = tuple((self.parse(variable), order) for variable, order in form.variables)
        latex = self.text[start : self.pos].strip()
        self.emit(Diff(self.parse(body), variables, form.partial, latex))

    def gradient(self, start: int) -> None:
        r"""``\nabla_z L``: the gradient with respect to ``z`` of the product that follows.

        Read as the derivative with respect to the vector; the mapper judges a vector equation
        such as ``\nabla_z L = \mathrm{softmax}(z) - y`` component by component.
        """
        self.skip_spaces()
        if not self.text.startswith("_", self.pos):
            raise LatexParseError(
                f"a gradient needs its variable, as in \\nabla_z L: {self._around()!r}"
            )
        self.pos += 1
        variable = self.read_script()
        body = self.take_operand(f"\\nabla_{{{variable.strip()}}} has nothing to differentiate")
        latex = self.text[start : self.pos].strip()
        self.emit(Diff(self.parse(body), ((self.parse(variable), 1),), True, latex))

    def extremum(self, name: str, start: int) -> None:
        r"""``\max_i p_i`` (over an index, like a sum) or ``\max(a, b)``, ``\max\{a, b\}``."""
        self.skip_spaces()
        if self.text.startswith("_", self.pos):
            sub, sup = self.limits()
            assert sub is not None  # noqa: S101 - it starts with _
            variable, lower = _index_and_lower(sub)
            index = self.parse(variable).atom()
            if not isinstance(index, Name) or index.subscript:
                raise LatexParseError(f"the index {variable.strip()!r} of \\{name} is not a name")
            body = self.take_operand(f"\\{name}_{{{sub.strip()}}} without anything after it")
            self.emit(
                Reduce(
                    name,
                    index,
                    self.parse(lower) if lower is not None else None,
                    self.parse(sup) if sup is not None else None,
                    self.parse(body),
                    self.text[start : self.pos].strip(),
                )
            )
            return
        if self.peek() == "(" or self.text.startswith("\\{", self.pos):
            self.application(Name(name, latex=f"\\{name}"), start)
            return
        raise LatexParseError(
            f"\\{name} needs an index or arguments: \\{name}_i p_i or \\{name}(a, b)"
        )

    def big_operator(self, name: str) -> None:
        r"""``\sum_{i=1}^{n}``, ``\sum_x``, ``\prod_i`` and the product they apply to."""
        sub, sup = self.limits()
        if sub is None:
            raise LatexParseError(
                f"\\{name} needs an index, e.g. \\{name}_i or \\{name}_{{i=1}}^{{n}}"
            )
        pieces, _ = split_top(sub, [r"\neq", r"\ne"])
        if len(pieces) == 2:
            self.excluding(name, pieces[0], pieces[1], sup)
            return
        variable, lower = _index_and_lower(sub)
        upper = self.fragment(sup) if sup is not None else r"\mathit{SXCOUNT}"
        if sup is None:
            self.notes.append(f"\\{name}_{{{sub.strip()}}} read as a sum over all classes")
        variables, commas = split_top(variable, [","])
        if commas and lower is None and sup is None:
            # \sum_{x,y}: one sum over all values of each index
            for each in variables:
                index = self.index_placeholder(each, name)
                self.out.append(f" \\{name}_{{{index}=1}}^{{{upper}}} ")
            self.operand(name)
            return
        index = self.index_placeholder(variable, name)
        self.out.append(f" \\{name}_{{{index}={self.fragment(lower or '1')}}}^{{{upper}}} ")
        self.operand(name)

    def excluding(self, name: str, variable: str, excluded: str, sup: str | None) -> None:
        r"""``\sum_{j \neq k} \hat{y}_j``: the sum over every class, less the term at ``k``.

        Written as ``\sum_{j=1}^{n} (1 - \delta_{j,k}) t_j`` (no text of the summand is
        substituted; the Kronecker delta drops the term at ``j = k``). A product over
        ``j \neq k`` is refused (dividing by its term at ``k`` is wrong when that term is 0).
        """
        if name != "sum":
            raise LatexParseError(
                f"\\{name}_{{{variable.strip()} \\neq {excluded.strip()}}} is not understood "
                "(only a sum may leave out one index)"
            )
        index = self.index_placeholder(variable, name)
        upper = self.fragment(sup) if sup is not None else r"\mathit{SXCOUNT}"
        if sup is None:
            self.notes.append(
                f"\\sum_{{{variable.strip()} \\neq {excluded.strip()}}} read as a sum over all "
                f"classes but {excluded.strip()}"
            )
        left_out = excluded.strip()
        body = self.take_operand(f"\\{name} without anything to sum: {self._around()!r}")
        term = self.fragment(f"(1 - \\delta_{{{variable.strip()},{left_out}}}) ({body})")
        self.out.append(f" \\sum_{{{index}=1}}^{{{upper}}} {{{term}}} ")

    def limits(self) -> tuple[str | None, str | None]:
        r"""Read the ``_{...}`` and ``^{...}`` of an operator, in either order (and ``\limits``)."""
        sub = sup = None
        for _ in range(3):
            self.skip_spaces()
            if self.text.startswith(r"\limits", self.pos):
                self.pos += len(r"\limits")
            elif self.text.startswith("_", self.pos) and sub is None:
                self.pos += 1
                sub = self.read_script()
            elif self.text.startswith("^", self.pos) and sup is None:
                self.pos += 1
                sup = self.read_script()
        return sub, sup

    def take_operand(self, empty: str) -> str:
        """Consume and return the product that follows (:func:`operand_end`); ``empty`` if none."""
        end = operand_end(self.text, self.pos)
        body = self.text[self.pos : end]
        if not body.strip():
            raise LatexParseError(empty)
        self.pos = end
        return body

    def operand(self, name: str) -> None:
        r"""Rewrite the summand of a sum (or product) and emit it in braces.

        The summand is the product that follows: it ends at the first ``+`` or ``-`` between
        terms (a sign right after an operator, as in ``\times -0.737``, is part of it). Giving
        the grammar the summand whole matters: left to find its end itself, its search grows
        exponentially with the number of factors.
        """
        body = self.take_operand(f"\\{name} without anything to sum: {self._around()!r}")
        self.out.append("{" + self.fragment(body) + "}")

    def index_placeholder(self, variable: str, where: str) -> str:
        """Rewrite a summation variable; it must be a single name."""
        text = self.fragment(variable).strip()
        match = re.fullmatch(r"\\mathit\{(SX\d+)\}", text)
        symbol = sp.Symbol(f"math{{{match.group(1)}}}") if match else None
        if symbol is None or not isinstance(self.table.get(symbol), Name):
            raise LatexParseError(f"the index {variable.strip()!r} of \\{where} is not a name")
        return text

    def integral(self, start: int) -> None:
        r"""``\int_x f(x) dx``: read as a sum over the support of x (no bounds).

        With both bounds, ``\int_a^b f(x) \, dx`` is a definite integral over the real x
        (:meth:`definite_integral`).
        """
        sub = None
        self.skip_spaces()
        if self.text.startswith("_", self.pos):
            self.pos += 1
            sub = self.read_script()
        self.skip_spaces()
        if self.text.startswith("^", self.pos):
            self.pos += 1
            sup = self.read_script()
            if sub is None:
                raise LatexParseError(f"\\int^{{{sup.strip()}}} needs its lower bound as well")
            self.definite_integral(start, sub, sup)
            return
        variable = split_top(sub, [r"\in"])[0][0].strip() if sub is not None else None
        match = self.differential(variable)
        if match is None:
            raise LatexParseError("an integral without its differential (dx)")
        variable = _differential_variable(match)
        self.text = self.text[: match.start()] + " " + self.text[match.end() :]
        self.notes.append(f"\\int read as a sum over the support of {variable}")
        index = self.index_placeholder(variable, "int")
        self.out.append(f" \\sum_{{{index}=1}}^{{\\mathit{{SXCOUNT}}}} ")
        self.operand("int")

    def definite_integral(self, start: int, lower: str, upper: str) -> None:
        r"""``\int_a^b f(x) \, dx``: the integrand runs up to its differential ``dx``."""
        match = self.differential(None)
        if match is None:
            raise LatexParseError(
                f"a definite integral without its differential (dx): {self._around()!r}"
            )
        body = self.text[self.pos : match.start()]
        if not body.strip():
            raise LatexParseError(f"\\int_{{{lower.strip()}}}^{{{upper.strip()}}} has no integrand")
        variable = self.parse(_differential_variable(match)).atom()
        if not isinstance(variable, Name):  # pragma: no cover - one letter is a name
            raise LatexParseError(f"the variable of integration {match.group(0)!r} is not a name")
        self.pos = match.end()
        latex = self.text[start : self.pos].strip()
        self.emit(
            Reduce("int", variable, self.parse(lower), self.parse(upper), self.parse(body), latex)
        )

    def differential(self, variable: str | None) -> re.Match[str] | None:
        """The first differential (of ``variable``, if given) after here, outside brackets."""
        for match in _DIFFERENTIAL.finditer(self.text, self.pos):
            if depth_at(self.text[self.pos :], match.start() - self.pos) == 0 and variable in (
                None,
                _differential_variable(match),
            ):
                return match
        return None


def _index_and_lower(sub: str) -> tuple[str, str | None]:
    r"""``i=1`` -> (``i``, ``1``); ``x \in \mathcal{X}`` -> (``x``, None): an operator's index."""
    pieces, _ = split_top(sub, ["="])
    if len(pieces) == 2:
        return pieces[0], pieces[1]
    return split_top(sub, [r"\in", r"\colon", ":"])[0][0], None


_TOKEN = re.compile(r"[A-Za-z0-9]|\\[a-zA-Z]+(?![a-zA-Z])")
"""One unbraced argument of ``\\frac``: a letter, a digit, a Greek letter, ``\\pi``."""
