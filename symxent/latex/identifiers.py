r"""The first pass's reading of a name and of what follows it.

A mixin of :class:`symxent.latex.rewrite._Rewriter` (as :mod:`symxent.latex.operators` is).
A name (``p``, ``\hat{y}_{ij}``, ``X_a'``, ``\mathbb{E}``, ``\mathcal{X}``) is read with its
subscript, primes and accent into a :class:`~symxent.latex.raw.Name`; when an argument list
follows, the application (``H(p, q)``, ``p(y \mid x; \theta)``, ``\mathrm{H}[x]``) becomes an
:class:`~symxent.latex.raw.Apply` whose arguments are read separately (``,``, ``\parallel``
and ``\|`` separate arguments; ``;`` starts parameters; ``|`` and ``\mid`` the condition;
``=`` makes an event), and ``\mathbb{E}_{x \sim p}[...]`` an :class:`~symxent.latex.raw.Expect`.

Example:
    >>> from symxent.latex.reader import read_side
    >>> app = read_side(r"p(y \mid x; \theta)").atom()
    >>> [a.latex.strip() for a in (*app.args, *app.given, *app.parameters)]
    ['y', 'x', '\\theta']
"""

from __future__ import annotations

import contextlib
import re

from symxent.errors import LatexParseError
from symxent.latex.names import function_key
from symxent.latex.raw import Apply, Event, Expect, Name, Raw, name_of
from symxent.latex.scan import Parse, Scanner, operand_end, read_group, split_top
from symxent.latex.spellings import BRACKET_FUNCTIONS, bracket_application, inverse_sigma
from symxent.latex.vocabulary import ARGUMENT_SEPARATORS, BLACKBOARD, FONT, GREEK, subscript_parts

__all__ = ["TRANSPOSE", "Identifiers"]

TRANSPOSE = re.compile(
    r"\^\s*(?:T|\{\s*T\s*\}|\\top|\{\s*\\top\s*\}|\\intercal|\{\s*\\intercal\s*\})(?![A-Za-z])"
)
"""A transpose, ``^T`` or ``^\\top``: refused (a product of vectors has no reading here)."""
_PRIME_SUPER = re.compile(r"\^\s*(?:\\prime|\{\s*\\prime\s*\})")
_SAMPLE_SUPER = re.compile(r"\^\s*\{\s*\(\s*([A-Za-z0-9]+)\s*\)\s*\}")


_FONT_AROUND = re.compile(r"\\(?:" + "|".join(sorted(FONT)) + r")\s*\{([^{}]*)\}")


class Identifiers(Scanner):
    """The name readings of the rewriter (see the module docstring)."""

    #: True while the one token of a bare superscript (``e^x``) is read: it takes no ``(args)``.
    bare_script: bool = False

    def refuse_transpose(self) -> None:
        r"""A transpose ``y^T`` makes a product of vectors that this reading has no form for."""
        raise LatexParseError(
            f"the transpose in {self._around()!r} is not understood "
            "(write the sum over the classes, as in \\sum_i y_i \\log \\hat{y}_i)"
        )

    def letter_font(self, name: str, start: int) -> None:
        r"""``\mathbb{E}``, ``\mathbb{P}``, ``\mathcal{X}``: names of their own."""
        letter = self.braced_argument(name)
        if name == "mathbb" and letter not in BLACKBOARD:
            raise LatexParseError(
                f"\\mathbb{{{letter}}} is not understood (only "
                + ", ".join(f"\\mathbb{{{known}}}" for known in sorted(BLACKBOARD))
                + ")"
            )
        self.identifier(Name(letter, "bb" if name == "mathbb" else "cal"), start)

    def accent(self, accent: str, start: int) -> None:
        r"""``\hat{y}``, ``\widehat{y_d}``, ``\bar{\theta}``: a name with its accent."""
        content = self.braced_argument("hat")
        inner = content.strip()
        font = _FONT_AROUND.fullmatch(inner)
        if font:  # \hat{\mathbf{y}}: a bold vector with its accent is the same name
            inner = font.group(1).strip()
        subscript = ""
        match = re.fullmatch(r"([A-Za-z])\s*_\s*(\{[^{}]*\}|[A-Za-z0-9])", inner)
        if match:  # \widehat{y_d}
            inner, subscript = match.group(1), match.group(2)
        if not re.fullmatch(r"[A-Za-z]|\\[a-zA-Z]+", inner) or (
            inner.startswith("\\") and inner[1:] not in GREEK
        ):
            raise LatexParseError(f"an accent over {content.strip()!r} is not understood")
        base = inner.lstrip("\\")
        if subscript:
            self.text = self.text[: self.pos] + "_" + subscript + self.text[self.pos :]
        self.identifier(Name(base, accent), start)

    def identifier(self, name: Name, start: int) -> None:
        """Read what follows a name (subscript, primes, ``(args)``) and emit its placeholder."""
        if name.base == "E" and name.accent in ("", "bb") and self.expectation(name, start):
            return
        subscript: tuple[str, ...] = ()
        primes = 0
        while True:
            if self.text.startswith("_", self.pos) and not subscript:
                self.pos += 1
                content = self.read_script()
                subscript = subscript_parts(content, name.base)
                continue
            if self.text.startswith("'", self.pos):
                primes += 1
                self.pos += 1
                continue
            prime = _PRIME_SUPER.match(self.text, self.pos)
            if prime:
                primes += 1
                self.pos = prime.end()
                continue
            sample = _SAMPLE_SUPER.match(self.text, self.pos)
            if sample and not subscript:
                subscript = (sample.group(1),)
                self.pos = sample.end()
                continue
            if TRANSPOSE.match(self.text, self.pos):
                self.refuse_transpose()
            break
        full = Name(name.base, name.accent, subscript, primes, self.text[start : self.pos].strip())
        inverse = inverse_sigma(self.text, self.pos) if full.key == "sigma" else None
        if inverse is not None:  # \sigma^{-1}(x): the logit
            self.pos = inverse
            self.application(Name("logit", latex=self.text[start : self.pos].strip()), start)
            return
        bracket = self.peek() == "(" or (
            self.peek() == "[" and function_key(full) in BRACKET_FUNCTIONS
        )
        if bracket and not self.bare_script:  # e^x(1 + x): no application in a bare ^x
            self.application(full, start)
        else:
            self.emit(full)

    def application(self, name: Name, start: int) -> None:
        r"""``name(args)`` or ``name[args]``: an :class:`~symxent.latex.raw.Apply`."""
        self.skip_spaces()
        square = self.text.startswith("[", self.pos)
        content, self.pos = read_group(self.text, self.pos)
        subscript: Raw | None = None
        # only softmax(z)_k takes a component; H(p)_2 or p(x)_1 is left to be named as unread
        if self.text.startswith("_", self.pos) and function_key(name) == "softmax":
            self.pos += 1
            subscript = self.parse(self.read_script())
        args, given, parameters = _split_arguments(content, self.parse)
        if square:  # Bishop's \mathrm{H}[x], \mathrm{I}[x, y]
            args, given, parameters = bracket_application(name, args, given, parameters)
        latex = self.text[start : self.pos].strip()
        self.emit(Apply(name, tuple(args), tuple(given), subscript, latex, tuple(parameters)))

    def expectation(self, name: Name, start: int) -> bool:
        r"""Read ``E_{x \sim p}[...]``, ``E[...]``, ``E(...)`` or ``\mathbb{E}_p \log q(X)``.

        Without a bracket, a subscript or the blackboard ``\mathbb{E}`` makes it an expectation
        of the product that follows; a bare ``E`` is then not an expectation (False).
        """
        saved = self.pos
        subscript = ""
        if self.peek() == "_":
            self.skip_spaces()
            self.pos += 1
            subscript = self.read_script()
        if self.peek() in ("[", "("):
            self.skip_spaces()
            body, self.pos = read_group(self.text, self.pos)
        elif subscript or name.accent == "bb":
            # E_p \log \frac{1}{p(X)} (Cover & Thomas), \mathbb{E}_{x \sim P} \log Q(x)
            # (Goodfellow): without brackets, the product that follows, as a sum's summand
            end = operand_end(self.text, self.pos)
            body = self.text[self.pos : end]
            if not body.strip():
                self.pos = saved
                return False
            self.pos = end
        else:
            self.pos = saved
            return False
        variable = distribution = weight = None
        pieces, found = split_top(subscript, [r"\sim"])
        if found:
            variable = name_of(self.parse(pieces[0]))
            distribution = name_of(self.parse(pieces[1]))
        elif subscript.strip():
            with contextlib.suppress(LatexParseError):  # \mathbb{E}_p, \mathbb{E}_{p(x, y)}
                weight = self.parse(subscript)
        latex = self.text[start : self.pos].strip()
        body_raw = self.parse(body)
        self.emit(Expect(variable, distribution, body_raw, subscript.strip(), latex, weight))
        return True


def _split_arguments(
    content: str, parse: Parse
) -> tuple[list[Raw | Event], list[Raw | Event], list[Raw | Event]]:
    """Split ``f(a, b; theta | c)`` arguments: (args, given, parameters after ``;``)."""
    pieces, found = split_top(content, ARGUMENT_SEPARATORS)
    args: list[Raw | Event] = []
    given: list[Raw | Event] = []
    parameters: list[Raw | Event] = []
    target = args
    for position, piece in enumerate(pieces):
        separator = found[position - 1] if position else ","
        if separator == ";":
            target = parameters  # the Y of I(X; Y), the theta of p(x; theta), p(y | x; theta)
        elif separator in ("|", r"\mid"):
            if target is given:
                raise LatexParseError(f"two condition bars in ({content.strip()})")
            target = given
        if not piece.strip():
            raise LatexParseError(f"an empty argument in ({content.strip()})")
        sides, _ = split_top(piece, ["="])
        if len(sides) == 2:
            target.append(Event(parse(sides[0]), parse(sides[1])))
        elif len(sides) > 2:
            raise LatexParseError(f"an argument with two '=': {piece.strip()!r}")
        else:
            target.append(parse(piece))
    return args, given, parameters
