r"""First pass over one side of an equation: lecture notation -> text the LaTeX parser reads safely.

The parser underneath (latex2sympy2_extended) lower-cases names, reads ``E`` and ``I`` as
constants, cannot read ``CE(p, q)``, ``P(X = 1)``, ``\sum_x`` or ``\mathbb{E}_{x \sim p}``,
turns ``f(q(c))`` into a product and decimals into binary floats. So before it sees the text,
this pass replaces

* every name (``p``, ``\hat{y}_{ij}``, ``X_a``, ``\sigma``, ``CE``) by a placeholder atom and
  records a :class:`~symxent.latex.raw.Name`;
* every decimal (``0.737``, ``12.5\%``) by a placeholder recording its exact value and digits;
* every application ``name(args)`` (and ``\mathbb{E}_{x \sim p}[...]``) by a placeholder
  recording the function and its separately parsed arguments
  (:mod:`symxent.latex.identifiers`);
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

import re

import sympy as sp

from symxent.errors import LatexParseError
from symxent.latex.identifiers import TRANSPOSE, Identifiers
from symxent.latex.operators import Operators
from symxent.latex.raw import Decimal, Label, Name, RawObject, VectorLiteral
from symxent.latex.scan import Parse, read_group, split_top
from symxent.latex.spellings import is_grouping
from symxent.latex.vocabulary import (
    ACCENTS,
    DROP,
    FONT,
    FUNCTION_WORDS,
    GREEK,
    HYPERBOLIC,
    OPERATOR_WORDS,
    PASS,
    SPACES,
    TEXT,
    UNIT_WORDS,
    refusal,
)

__all__ = ["rewrite_side"]

_NUMBER = re.compile(r"\d+(?:\.\d+)?|\.\d+")
_PERCENT = re.compile(r"\s*\\%")
_BARE_SCRIPT = re.compile(r"\s*([A-Za-z]|\\([A-Za-z]+))")


class _Rewriter(Operators, Identifiers):
    """Scans one side left to right, writing parser text and filling the placeholder table."""

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
        r"""``^``: without braces, TeX's superscript is one token.

        ``e^x(1+x)`` is ``e^{x} (1 + x)`` and ``p^y(1-p)^{1-y}`` is ``p^{y} (1-p)^{1-y}``, so a
        bare letter or Greek name is read alone (its subscript and primes stay with it,
        ``e^z_i``), never as an application of the parenthesis after it.
        """
        if TRANSPOSE.match(self.text, self.pos):
            self.refuse_transpose()
        self.pos += 1
        bare = _BARE_SCRIPT.match(self.text, self.pos)
        if bare is None or (bare.group(2) is not None and bare.group(2) not in GREEK):
            self.out.append("^")
            return
        self.pos = bare.start(1)
        self.out.append("^{")
        self.bare_script = True
        try:
            self.step()
        finally:
            self.bare_script = False
        self.out.append("}")

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
            self.out.append(r" \log_{" + self.fragment(self.read_script()) + "} ")
        else:
            self.out.append(r" \log_{\mathit{SXLOGBASE}} ")
        self.power()
        self.log_argument()

    def power(self) -> None:
        r"""A superscript that follows (``\log^2 x``, ``\frac{1}{x}^2``), rewritten whole."""
        if self.peek() == "^" and not TRANSPOSE.match(self.text, self.pos):
            self.skip_spaces()
            self.pos += 1
            self.out.append("^{" + self.fragment(self.read_script()) + "}")

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
            self.step()  # one name, number or application
        self.power()
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
            if word == "e" and name == "mathrm" and self.peek() not in ("_", "'", "("):
                self.out.append(" e ")  # the upright e of ISO style: Euler's number
            elif word in FUNCTION_WORDS:
                self.function_command(FUNCTION_WORDS[word])
            elif word in ("True", "False"):
                self.emit(Label(word))
            else:
                self.identifier(Name(word), start)
        else:
            # \mathsf{E}[\mathsf{X}] style: the font changes nothing; read the content itself.
            self.text = self.text[: self.pos] + " " + content + " " + self.text[self.pos :]

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
