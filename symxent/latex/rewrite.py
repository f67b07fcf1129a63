r"""First pass over one side of an equation: lecture notation -> text the LaTeX parser reads safely.

The parser underneath (latex2sympy2_extended) lower-cases names, reads ``E`` and ``I`` as
constants, cannot read ``CE(p, q)``, ``P(X = 1)``, ``\sum_x`` or ``\mathbb{E}_{x \sim p}``,
turns ``f(q(c))`` into a product and decimals into binary floats. So before it sees the text,
this pass replaces

* every name (``p``, ``\hat{y}_{ij}``, ``X_a``, ``\sigma``, ``CE``) by a placeholder atom and
  records a :class:`~symxent.latex.raw.Name`;
* every decimal (``0.737``, ``12.5\%``) by a placeholder recording its exact value and digits;
* every application ``name(args)`` (and ``\mathbb{E}_{x \sim p}[...]``) by a placeholder
  recording the function and its separately parsed arguments (``\parallel``, ``\|`` and ``,``
  separate arguments; ``;`` starts parameters, ``|`` and ``\mid`` the condition; ``=`` makes an
  event);
* ``\sum_x``, ``\sum_{x \in \mathcal{X}}`` by a sum over ``1..n`` (the class index), and
  ``\int_x ... dx`` by the same sum (a density read over its support);
* ``\log`` without a base by ``\log`` to a placeholder base, decided after parsing; ``\lg`` by
  ``\log_2``;
* derivatives (``\frac{d}{dx}``), sums, products, integrals and ``\max_i`` by their own
  placeholders (:mod:`symxent.latex.operators`);

and drops only what carries no meaning: spacing, typography (``\displaystyle``), a caption
before the formula and a unit after it (recorded: a unit sets the log base). Anything else it
does not understand (prose in ``\text{...}``, a transpose, an arrow) raises
:class:`~symxent.errors.LatexParseError` naming it.

Example:
    >>> text, table, notes, units = rewrite_side(r"\hat{y}_i + 0.5", lambda s: None)
    >>> sorted(type(v).__name__ for v in table.values())
    ['Decimal', 'Name']
    >>> text.count(r"\mathit{SX")
    2
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

import sympy as sp

from symxent.errors import LatexParseError
from symxent.latex.names import function_key
from symxent.latex.operators import Operators, operand_end
from symxent.latex.prepare import prepare
from symxent.latex.raw import (
    Apply,
    Decimal,
    Event,
    Expect,
    Label,
    Name,
    Raw,
    RawObject,
    VectorLiteral,
)
from symxent.latex.scan import read_group, split_top
from symxent.latex.spellings import (
    BRACKET_FUNCTIONS,
    bracket_application,
    inverse_sigma,
    is_grouping,
)
from symxent.latex.vocabulary import (
    ACCENTS,
    ARGUMENT_SEPARATORS,
    BLACKBOARD,
    DROP,
    FONT,
    FUNCTION_WORDS,
    GREEK,
    HYPERBOLIC,
    OPERATOR_WORDS,
    PASS,
    SPACES,
    TEXT,
    UNIT_BASES,
    UNIT_WORDS,
    refusal,
    subscript_parts,
)

__all__ = [
    "ARGUMENT_SEPARATORS",
    "GREEK",
    "OPERATOR_WORDS",
    "UNIT_BASES",
    "prepare",
    "rewrite_side",
]

Parse = Callable[[str], Raw]
"""Parses one sub-expression (an argument, a body) into a Raw."""

_NUMBER = re.compile(r"\d+(?:\.\d+)?|\.\d+")
_PERCENT = re.compile(r"\s*\\%")
_TRANSPOSE = re.compile(
    r"\^\s*(?:T|\{\s*T\s*\}|\\top|\{\s*\\top\s*\}|\\intercal|\{\s*\\intercal\s*\})(?![A-Za-z])"
)
_PRIME_SUPER = re.compile(r"\^\s*(?:\\prime|\{\s*\\prime\s*\})")
_SAMPLE_SUPER = re.compile(r"\^\s*\{\s*\(\s*([A-Za-z0-9]+)\s*\)\s*\}")

_counter = itertools.count(1)


def _placeholder() -> tuple[str, sp.Symbol]:
    number = next(_counter)
    return rf"\mathit{{SX{number}}}", sp.Symbol(f"math{{SX{number}}}")


class _Rewriter(Operators):
    """Scans one side left to right, writing parser text and filling the placeholder table."""

    def __init__(
        self,
        text: str,
        parse: Parse,
        table: dict[sp.Symbol, RawObject],
        notes: list[str],
        *,
        top: bool = False,
        units: list[str] | None = None,
    ) -> None:
        self.text = text
        self.pos = 0
        self.out: list[str] = []
        self.parse = parse
        self.table = table
        self.notes = notes
        self.top = top
        self.units: list[str] = units if units is not None else []

    # ------------------------------------------------------------------ helpers

    def fragment(self, text: str) -> str:
        """Rewrite a piece (a sum bound, a log base) into the same table."""
        return _Rewriter(text, self.parse, self.table, self.notes, units=self.units).run()

    def emit(self, obj: RawObject) -> None:
        text, symbol = _placeholder()
        self.table[symbol] = obj
        self.out.append(" " + text + " ")

    def skip_spaces(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def peek(self) -> str:
        """The next non-space character (without consuming the spaces)."""
        i = self.pos
        while i < len(self.text) and self.text[i].isspace():
            i += 1
        return self.text[i] if i < len(self.text) else ""

    def read_script(self) -> str:
        """Read the argument of ``_`` or ``^`` at ``self.pos`` (just after the mark)."""
        self.skip_spaces()
        if self.pos >= len(self.text):
            raise LatexParseError(
                f"a subscript or superscript is missing at the end of {self.text!r}"
            )
        char = self.text[self.pos]
        if char == "{":
            content, self.pos = read_group(self.text, self.pos)
            return content
        if char == "\\":
            match = re.match(r"\\([a-zA-Z]+|.)", self.text[self.pos :])
            if match is None:
                raise LatexParseError("a lone backslash at the end of the input")
            self.pos += match.end()
            token = match.group(0)
            if match.group(1) in TEXT | FONT and self.peek() == "{":
                self.skip_spaces()
                content, self.pos = read_group(self.text, self.pos)
                return content
            return token
        self.pos += 1
        return char

    def run(self) -> str:
        while self.pos < len(self.text):
            self.step()
        return "".join(self.out)

    # ------------------------------------------------------------------ dispatch

    def step(self) -> None:
        char = self.text[self.pos]
        if char.isspace() or char in "&~":
            self.out.append(" ")
            self.pos += 1
        elif char.isdigit() or (char == "." and self.text[self.pos + 1 : self.pos + 2].isdigit()):
            self.number()
        elif char == "\\":
            self.command()
        elif char.isascii() and char.isalpha():
            self.word()
        elif char == "^":
            self.superscript()
        elif char in "+-*/()[]{}!|=<>":
            self.out.append(char)
            self.pos += 1
        elif char == ",":
            raise LatexParseError("a list of values with ',' is only understood as a whole side")
        elif char == "_":
            raise LatexParseError(
                f"a subscript on something that is not a name: {self._around()!r}"
            )
        elif char == "'":
            raise LatexParseError(f"a prime ' on something that is not a name: {self._around()!r}")
        else:
            raise LatexParseError(f"unexpected character {char!r} in {self._around()!r}")

    def _around(self) -> str:
        return self.text[max(self.pos - 15, 0) : self.pos + 15].strip()

    def number(self) -> None:
        match = _NUMBER.match(self.text, self.pos)
        if match is None:  # pragma: no cover - step() only calls this at a digit
            raise LatexParseError(f"expected a number at {self._around()!r}")
        digits = match.group(0)
        if "." in digits and re.match(r"\.\d", self.text[match.end() : match.end() + 2]):
            raise LatexParseError(f"{self._around()!r} is not a number (two decimal points)")
        if len(digits) > 60:
            raise LatexParseError(f"the number {digits[:20]}... is too long ({len(digits)} digits)")
        self.pos = match.end()
        percent = _PERCENT.match(self.text, self.pos)
        if percent:
            self.pos = percent.end()
            self.emit(Decimal.of(digits, 100))
        elif "." in digits:
            self.emit(Decimal.of(digits if not digits.startswith(".") else "0" + digits))
        else:
            self.out.append(" " + (digits.lstrip("0") or "0") + " ")

    def superscript(self) -> None:
        if _TRANSPOSE.match(self.text, self.pos):
            self.refuse_transpose()
        self.out.append("^")
        self.pos += 1

    def refuse_transpose(self) -> None:
        r"""A transpose ``y^T`` makes a product of vectors that this reading has no form for."""
        raise LatexParseError(
            f"the transpose in {self._around()!r} is not understood "
            "(write the sum over the classes, as in \\sum_i y_i \\log \\hat{y}_i)"
        )

    def word(self) -> None:
        match = re.match(r"[A-Za-z]+", self.text[self.pos :])
        if match is None:  # pragma: no cover - step() only calls this at a letter
            raise LatexParseError(f"expected a name at {self._around()!r}")
        run = match.group(0)
        if run in FUNCTION_WORDS:
            self.pos += len(run)
            self.function_command(FUNCTION_WORDS[run])
            return
        if run in ("True", "False", "true", "false"):
            self.pos += len(run)
            self.emit(Label(run.capitalize()))
            return
        if run in OPERATOR_WORDS or (len(run) > 1 and run.isupper()):
            start = self.pos
            self.pos += len(run)
            self.identifier(Name(run), start)
            return
        letter = run[0]
        start = self.pos
        self.pos += 1
        if letter == "e" and self.peek() not in ("_", "'", "("):
            self.out.append(" e ")  # Euler's number: e^{x}
            return
        self.identifier(Name(letter), start)

    def command(self) -> None:
        match = re.match(r"\\([a-zA-Z]+|.)", self.text[self.pos :])
        if match is None:
            raise LatexParseError("a lone backslash at the end of the input")
        name = match.group(1)
        start = self.pos
        self.pos += match.end()
        if name in SPACES or name == "\\":
            self.out.append(" ")
        elif name in DROP:
            pass
        elif name in ("label", "tag"):
            if self.peek() == "{":
                self.skip_spaces()
                _, self.pos = read_group(self.text, self.pos)
        elif name == "frac":
            self.fraction(start)
        elif name in PASS:
            self.out.append(f"\\{name} ")
        elif name in ("log", "lg", "ln", *HYPERBOLIC):
            self.function_command(name)
        elif name in ("sum", "prod"):
            self.big_operator(name)
        elif name in ("max", "min"):
            self.extremum(name, start)
        elif name == "int":
            self.integral(start)
        elif name in TEXT:
            self.text_command(name)
        elif name in FONT:
            self.font_command(name, start)
        elif name in ACCENTS:
            self.accent(ACCENTS[name], start)
        elif name in GREEK:
            self.identifier(Name(name), start)
        elif name in ("mathbb", "mathcal"):
            self.letter_font(name, start)
        elif name == "begin":
            self.environment()
        elif name == "{":
            self.braces(start)
        elif name == "nabla":
            self.gradient(start)
        else:
            raise LatexParseError(refusal(name))

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

    def braced_argument(self, command: str) -> str:
        self.skip_spaces()
        if self.pos >= len(self.text):
            raise LatexParseError(f"\\{command} needs an argument")
        if self.text[self.pos] != "{":
            self.pos += 1
            return self.text[self.pos - 1]
        content, self.pos = read_group(self.text, self.pos)
        return content.strip()

    # ------------------------------------------------------------------ commands

    def function_command(self, name: str) -> None:
        r"""``\log``, ``\log_2``, ``\ln``, ``\lg``, ``\exp`` and ``\tanh`` (``\tanh^2 x``)."""
        if name == "exp":
            self.out.append(r" \exp ")
            return
        if name == "lg":
            self.out.append(r" \log_{2} ")
        elif name in ("ln", *HYPERBOLIC):
            self.out.append(f" \\{name} ")
        elif self.peek() == "_":
            self.skip_spaces()
            self.pos += 1
            base = self.read_script().strip()
            if base == "e":
                self.out.append(r" \ln ")
            else:
                self.out.append(r" \log_{" + self.fragment(base) + "} ")
        else:
            self.out.append(r" \log_{\mathit{SXLOGBASE}} ")
        if self.peek() == "^" and not _TRANSPOSE.match(self.text, self.pos):
            self.skip_spaces()
            self.pos += 1
            self.out.append("^{" + self.fragment(self.read_script()) + "}")
        self.log_argument()

    def log_argument(self) -> None:
        r"""Bracket the argument of a log written without brackets.

        ``\log p(x) q(x)`` is ``(\log p(x)) q(x)``, ``\log 2 \times 3`` is
        ``(\log 2) \times 3``: the log takes one factor (a name, number or application,
        ``\frac{..}{..}``, ``\sqrt{..}``, with its superscript). Without the brackets the
        grammar would read a product as the argument, and its search for where the argument
        ends grows exponentially with the length of a product of logs.
        """
        self.skip_spaces()
        if (
            self.pos >= len(self.text) or self.text[self.pos] in "([{\\^_-+=|"
        ) and not self.text.startswith((r"\frac", r"\sqrt"), self.pos):
            return
        start = len(self.out)
        if self.text.startswith(r"\frac", self.pos):
            self.pos += 5
            self.fraction(self.pos - 5)
        elif self.text.startswith(r"\sqrt", self.pos):
            self.pos += 5
            self.out.append(r"\sqrt")
            if self.peek() == "[":
                self.skip_spaces()
                root, self.pos = read_group(self.text, self.pos)
                self.out.append("[" + self.fragment(root) + "]")
            self.skip_spaces()
            if self.pos >= len(self.text) or self.text[self.pos] != "{":
                raise LatexParseError(f"\\sqrt needs a braced argument: {self._around()!r}")
            content, self.pos = read_group(self.text, self.pos)
            self.out.append("{" + self.fragment(content) + "}")
        else:
            before = self.pos
            self.step()
            if self.pos == before:  # pragma: no cover - step always advances
                return
        if self.peek() == "^" and not _TRANSPOSE.match(self.text, self.pos):
            self.skip_spaces()
            self.pos += 1
            self.out.append("^{" + self.fragment(self.read_script()) + "}")
        argument = "".join(self.out[start:])
        del self.out[start:]
        self.out.append("(" + argument + ")")

    def text_command(self, name: str) -> None:
        r"""``\text{...}``: a class label, a name, a unit at the end, a caption at the start.

        Any other text inside a formula is an error: it is not part of a claim symxent can read,
        and dropping it could change what the formula says (``\text{ if } x > 0``).
        """
        start = self.pos
        content = self.braced_argument(name)
        word = content.strip().rstrip(":").strip()
        if word in ("True", "False", "true", "false"):
            self.emit(Label(word.capitalize()))
        elif (
            word in OPERATOR_WORDS
            or (len(word) > 1 and word.isupper() and word.isalpha())
            or re.fullmatch(r"[A-Za-z]", word)
        ):
            self.identifier(Name(word), self.pos)
        elif re.fullmatch(r"\d+(\.\d+)?", word):
            self.text = self.text[: self.pos] + " " + word + " " + self.text[self.pos :]
        elif not word:
            pass
        elif word in UNIT_WORDS and self.top and not self.text[self.pos :].strip(" .,;\\"):
            self.units.append(word)
        elif self.top and not "".join(self.out).strip() and self.text[self.pos :].strip():
            self.notes.append(f"caption {word!r} before the formula")
        else:
            raise LatexParseError(
                f"the text {self.text[start - len(name) - 1 : self.pos].strip()!r} is not part "
                "of a formula symxent reads (only units, class labels and captions are)"
            )

    def font_command(self, name: str, start: int) -> None:
        content = self.braced_argument(name)
        word = content.strip()
        if re.fullmatch(r"[A-Za-z]+", word):
            if word in FUNCTION_WORDS:
                self.function_command(FUNCTION_WORDS[word])
            elif word in ("True", "False"):
                self.emit(Label(word))
            else:
                self.identifier(Name(word), start)
        else:
            # \mathsf{E}[\mathsf{X}] style: the font changes nothing; read the content itself.
            self.text = self.text[: self.pos] + " " + content + " " + self.text[self.pos :]

    def accent(self, accent: str, start: int) -> None:
        content = self.braced_argument("hat")
        inner = content.strip()
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

    def braces(self, start: int) -> None:
        r"""``\{ ... \}`` around one expression is a bracket; a set (``\{a, b\}``) is refused."""
        content, end = read_group(self.text, start)
        if not is_grouping(content):
            raise LatexParseError(refusal("{"))
        self.pos = end
        self.out.append("(" + self.fragment(content) + ")")

    def environment(self) -> None:
        name = self.braced_argument("begin")
        end = self.text.find(f"\\end{{{name}}}", self.pos)
        if end < 0:
            raise LatexParseError(f"\\begin{{{name}}} without \\end{{{name}}}")
        body = self.text[self.pos : end]
        self.pos = end + len(f"\\end{{{name}}}")
        if name not in ("pmatrix", "bmatrix", "matrix", "Bmatrix"):
            raise LatexParseError(f"the environment {name} cannot appear inside an expression")
        rows = [row for row in re.split(r"\\\\", body) if row.strip()]
        cells = [cell for row in rows for cell in split_top(row, ["&"])[0] if cell.strip()]
        if not cells:
            raise LatexParseError(f"an empty {name}")
        self.emit(VectorLiteral(tuple(self.parse(cell) for cell in cells)))

    # ------------------------------------------------------------------ names

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
            if _TRANSPOSE.match(self.text, self.pos):
                self.refuse_transpose()
            break
        full = Name(name.base, name.accent, subscript, primes, self.text[start : self.pos].strip())
        inverse = inverse_sigma(self.text, self.pos) if full.key == "sigma" else None
        if inverse is not None:  # \sigma^{-1}(x): the logit
            self.pos = inverse
            self.application(Name("logit", latex=self.text[start : self.pos].strip()), start)
            return
        if self.peek() == "(" or (self.peek() == "[" and function_key(full) in BRACKET_FUNCTIONS):
            self.application(full, start)
            return
        self.emit(full)

    def application(self, name: Name, start: int) -> None:
        self.skip_spaces()
        square = self.text.startswith("[", self.pos)
        content, self.pos = read_group(self.text, self.pos)
        subscript: Raw | None = None
        if self.text.startswith("_", self.pos):
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
        variable = distribution = None
        pieces, found = split_top(subscript, [r"\sim"])
        if found:
            variable = _single_name(self.parse(pieces[0]))
            distribution = _single_name(self.parse(pieces[1]))
        latex = self.text[start : self.pos].strip()
        self.emit(Expect(variable, distribution, self.parse(body), subscript.strip(), latex))
        return True


def _single_name(raw: Raw) -> Name | None:
    atom = raw.atom()
    return atom if isinstance(atom, Name) else None


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


def rewrite_side(
    text: str, parse: Parse, *, top: bool = True
) -> tuple[str, dict[sp.Symbol, RawObject], list[str], tuple[str, ...]]:
    """Rewrite one side for the parser; return the text, its placeholder table, notes and units.

    Args:
        text: one side of an equation (no top-level relation), already :func:`prepare`-d.
        parse: parses sub-expressions (arguments, bodies) recursively.
        top: True for a whole side (a caption may open it, a unit close it); False for an
            argument or a body inside one.

    Raises:
        LatexParseError: for notation that is not understood, naming it.
    """
    table: dict[sp.Symbol, RawObject] = {}
    notes: list[str] = []
    rewriter = _Rewriter(text, parse, table, notes, top=top)
    out = rewriter.run()
    return _explicit_products(out), table, notes, tuple(rewriter.units)


_JUXTAPOSED = re.compile(
    r"(\\mathit\{SX\w+\}|(?<![\w.])\d+(?![\w.])|\))(\s+)"
    r"(?=\\mathit\{SX|\d|\(|\\frac|\\log|\\ln|\\sqrt|\\exp|\\pi|e(?![a-zA-Z]))"
)


def _explicit_products(text: str) -> str:
    r"""Write implicit products out: ``p \log p`` -> ``p \cdot \log p``.

    The meaning is the same; the grammar's search for where factors end, which grows
    exponentially with a long product of juxtaposed factors, is not needed any more.
    """
    return _JUXTAPOSED.sub(r"\1 \\cdot ", text)
