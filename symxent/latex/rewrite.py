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

and drops spacing, ``\text{...}`` labels and units, ``\left``/``\right`` and transposes ``^T``.
Anything it does not understand raises :class:`~symxent.errors.LatexParseError` naming it.

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
from symxent.latex.derivatives import derivative_form
from symxent.latex.prepare import prepare
from symxent.latex.raw import (
    Apply,
    Decimal,
    Diff,
    Event,
    Expect,
    Label,
    Name,
    Raw,
    RawObject,
    Reduce,
    VectorLiteral,
)
from symxent.latex.scan import depth_profile, read_group, split_top

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

OPERATOR_WORDS = frozenset(
    {
        "CE", "KL", "BCE", "NLL", "MSE", "LSE", "softmax", "sigmoid", "logsumexp", "cost",
        "loss", "Pr", "Var", "Cov", "MLP", "DKL", "Loss", "argmax", "argmin", "max", "min",
        "softplus", "ReLU", "relu",
    }
)  # fmt: skip
"""Multi-letter words read as one name (other lowercase letter runs are products: ``ax``)."""

UNIT_BASES = {
    "nats": "e", "nat": "e", "bits": "2", "bit": "2", "shannons": "2", "shannon": "2",
    "bans": "10", "ban": "10", "hartleys": "10", "hartley": "10", "dits": "10",
}  # fmt: skip
"""Units of information and the log base they mean (``0.357 \\text{ nats}``)."""


UNIT_WORDS = frozenset(UNIT_BASES)

_FUNCTION_WORDS = {"log": "log", "ln": "ln", "exp": "exp", "lg": "lg"}
_HYPERBOLIC = ("tanh", "sinh", "cosh")
"""Functions the parser reads itself (``\\tanh^2 x`` is ``tanh(x)**2``)."""

ARGUMENT_SEPARATORS = (",", ";", r"\parallel", r"\|", "||", "|", r"\mid", r"\Vert")

GREEK = _GREEK = frozenset(
    [
        "alpha",
        "beta",
        "gamma",
        "delta",
        "epsilon",
        "varepsilon",
        "zeta",
        "eta",
        "theta",
        "vartheta",
        "iota",
        "kappa",
        "lambda",
        "mu",
        "nu",
        "xi",
        "rho",
        "varrho",
        "sigma",
        "varsigma",
        "tau",
        "upsilon",
        "phi",
        "varphi",
        "chi",
        "psi",
        "omega",
        "Gamma",
        "Delta",
        "Theta",
        "Lambda",
        "Xi",
        "Sigma",
        "Upsilon",
        "Phi",
        "Psi",
        "Omega",
        "ell",
    ]
)
_PASS = frozenset({"sqrt", "cdot", "times", "div", "pi", "infty", "exp", "ln", "lvert", "rvert"})
_SPACES = frozenset({",", ";", ":", "!", " ", "quad", "qquad", "enspace", "thinspace", "medspace"})
_DROP = frozenset(
    {"displaystyle", "textstyle", "scriptstyle", "limits", "nolimits", "nonumber", "notag",
     "checkmark", "mathstrut", "strut"}
)  # fmt: skip
_TEXT = frozenset({"text", "textrm", "textit", "textbf", "textsf", "texttt", "mbox", "textnormal"})
_FONT = frozenset(
    {"mathrm", "operatorname", "mathit", "mathbf", "mathsf", "boldsymbol", "bm", "mathnormal",
     "mathtt", "pmb"}
)  # fmt: skip
_ACCENTS = {
    "hat": "hat", "widehat": "hat", "tilde": "tilde", "widetilde": "tilde", "bar": "bar",
    "overline": "bar", "check": "check", "vec": "vec", "dot": "dot", "ddot": "ddot",
    "breve": "breve", "acute": "acute", "grave": "grave",
}  # fmt: skip
_ARROWS = frozenset(
    {"to", "rightarrow", "Rightarrow", "leftarrow", "Leftarrow", "mapsto", "implies", "iff",
     "uparrow", "downarrow", "Uparrow", "Downarrow", "leftrightarrow", "Leftrightarrow",
     "longrightarrow", "Longrightarrow", "gets"}
)  # fmt: skip
_WHY = {
    "cancel": "a struck-out term (\\cancel) cannot be checked",
    "bcancel": "a struck-out term (\\bcancel) cannot be checked",
    "xcancel": "a struck-out term (\\xcancel) cannot be checked",
    "cancelto": "a struck-out term (\\cancelto) cannot be checked",
    "dots": "elided terms (\\dots) cannot be checked",
    "cdots": "elided terms (\\cdots) cannot be checked",
    "ldots": "elided terms (\\ldots) cannot be checked",
    "vdots": "elided terms (\\vdots) cannot be checked",
    "partial": "a \\partial outside a derivative such as \\frac{\\partial f}{\\partial x}",
    "nabla": "gradients (\\nabla) are not supported",
    "in": "set membership (\\in) is only understood as a relation or under a sum",
    "sim": "\\sim is only understood under an expectation, as in \\mathbb{E}_{x \\sim p}",
    "forall": "quantifiers (\\forall) are not supported",
    "binom": "binomial coefficients (\\binom) are not supported",
    "exists": "quantifiers (\\exists) are not supported",
    "{": "sets \\{...\\} are not supported here",
    "}": "sets \\{...\\} are not supported here",
}
_NUMBER = re.compile(r"\d+(?:\.\d+)?|\.\d+")
_PERCENT = re.compile(r"\s*\\%")
_DIFFERENTIAL = re.compile(
    r"(?:\\[,;!]\s*)*(?:\\mathrm\{d\}|\\text\{d\}|\bd)\s*([A-Za-z])(?![A-Za-z])"
)
_TRANSPOSE = re.compile(
    r"\^\s*(?:T|\{\s*T\s*\}|\\top|\{\s*\\top\s*\}|\\intercal|\{\s*\\intercal\s*\})(?![A-Za-z])"
)
_PRIME_SUPER = re.compile(r"\^\s*(?:\\prime|\{\s*\\prime\s*\})")
_SAMPLE_SUPER = re.compile(r"\^\s*\{\s*\(\s*([A-Za-z0-9]+)\s*\)\s*\}")

_counter = itertools.count(1)


def _placeholder() -> tuple[str, sp.Symbol]:
    number = next(_counter)
    return rf"\mathit{{SX{number}}}", sp.Symbol(f"math{{SX{number}}}")


def _subscript_parts(content: str, where: str) -> tuple[str, ...]:
    r"""Split a name's subscript: ``ij`` -> (i, j); ``KL`` -> (KL,); ``\theta`` -> (theta,)."""
    text = re.sub(
        r"\\(?:mathrm|text|mathit|operatorname|textrm|mathsf|mbox)\s*\{([^{}]*)\}", r"\1", content
    )
    text = text.replace(" ", "").replace("{", "").replace("}", "")
    text = text.strip("()")
    if re.fullmatch(r"\\[a-zA-Z]+", text) and text[1:] in _GREEK:
        return (text[1:],)
    if re.fullmatch(r"\d+", text):
        return (text,)
    if re.fullmatch(r"[A-Za-z]+", text):
        if len(text) > 1 and (text.isupper() or text in OPERATOR_WORDS or not text.islower()):
            return (text,)
        if len(text) > 1 and text.islower() and len(text) > 3:
            return (text,)  # a word such as "info"
        return tuple(text)
    if re.fullmatch(r"[A-Za-z0-9]+(,[A-Za-z0-9]+)+", text):
        return tuple(text.split(","))
    raise LatexParseError(f"the subscript {{{content.strip()}}} of {where} is not understood")


class _Rewriter:
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
            if match.group(1) in _TEXT | _FONT and self.peek() == "{":
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
        for pattern in (_TRANSPOSE,):
            match = pattern.match(self.text, self.pos)
            if match:
                self.pos = match.end()
                return
        self.out.append("^")
        self.pos += 1

    def word(self) -> None:
        match = re.match(r"[A-Za-z]+", self.text[self.pos :])
        if match is None:  # pragma: no cover - step() only calls this at a letter
            raise LatexParseError(f"expected a name at {self._around()!r}")
        run = match.group(0)
        if run in _FUNCTION_WORDS:
            self.pos += len(run)
            self.function_command(_FUNCTION_WORDS[run])
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
        if name in _SPACES or name == "\\":
            self.out.append(" ")
        elif name in _DROP:
            pass
        elif name in ("label", "tag"):
            if self.peek() == "{":
                self.skip_spaces()
                _, self.pos = read_group(self.text, self.pos)
        elif name == "frac":
            self.fraction(start)
        elif name in _PASS:
            self.out.append(f"\\{name} ")
        elif name in ("log", "lg", "ln", *_HYPERBOLIC):
            self.function_command(name)
        elif name in ("sum", "prod"):
            self.big_operator(name)
        elif name in ("max", "min"):
            self.extremum(name, start)
        elif name == "int":
            self.integral()
        elif name in _TEXT:
            self.text_command(name)
        elif name in _FONT:
            self.font_command(name, start)
        elif name in _ACCENTS:
            self.accent(_ACCENTS[name], start)
        elif name in _GREEK:
            self.identifier(Name(name), start)
        elif name in ("mathbb", "mathcal"):
            self.letter_font(name, start)
        elif name == "begin":
            self.environment()
        else:
            raise LatexParseError(_refusal(name))

    def letter_font(self, name: str, start: int) -> None:
        r"""``\mathbb{E}``, ``\mathbb{P}``, ``\mathcal{X}``: names of their own."""
        letter = self.braced_argument(name)
        if name == "mathbb" and letter not in ("E", "P"):
            raise LatexParseError(
                f"\\mathbb{{{letter}}} is not understood (only \\mathbb{{E}} and \\mathbb{{P}})"
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
        elif name in ("ln", *_HYPERBOLIC):
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

    def fraction(self, start: int) -> None:
        r"""``\frac{a}{b}`` (``self.pos`` just after ``\frac``): a derivative or a fraction."""
        groups = []
        for _ in range(2):
            self.skip_spaces()
            if self.pos >= len(self.text) or self.text[self.pos] != "{":
                raise LatexParseError(f"\\frac needs braced arguments: {self._around()!r}")
            content, self.pos = read_group(self.text, self.pos)
            groups.append(content)
        form = derivative_form(groups[0], groups[1])
        if form is None:
            top, bottom = (self.fragment(group) for group in groups)
            self.out.append(r" \frac{" + top + "}{" + bottom + "} ")
            return
        body = form.body
        if not body:  # \frac{d}{dx} f: the product that follows is differentiated
            end = _operand_end(self.text, self.pos)
            body = self.text[self.pos : end]
            if not body.strip():
                raise LatexParseError(
                    f"{self.text[start : self.pos].strip()} has nothing to differentiate"
                )
            self.pos = end
        variables = tuple((self.parse(variable), order) for variable, order in form.variables)
        latex = self.text[start : self.pos].strip()
        self.emit(Diff(self.parse(body), variables, form.partial, latex))

    def extremum(self, name: str, start: int) -> None:
        r"""``\max_i p_i`` (over an index, like a sum) or ``\max(a, b)``, ``\max\{a, b\}``."""
        self.skip_spaces()
        if self.text.startswith("_", self.pos):
            self.pos += 1
            sub = self.read_script()
            self.skip_spaces()
            sup = None
            if self.text.startswith("^", self.pos):
                self.pos += 1
                sup = self.read_script()
            pieces, _ = split_top(sub, ["="])
            variable, lower = (pieces[0], pieces[1]) if len(pieces) == 2 else (sub, None)
            variable = split_top(variable, [r"\in", r"\colon", ":"])[0][0]
            index = self.parse(variable).atom()
            if not isinstance(index, Name) or index.subscript:
                raise LatexParseError(f"the index {variable.strip()!r} of \\{name} is not a name")
            end = _operand_end(self.text, self.pos)
            body = self.text[self.pos : end]
            if not body.strip():
                raise LatexParseError(f"\\{name}_{{{sub.strip()}}} without anything after it")
            self.pos = end
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
        if sub is None:
            raise LatexParseError(
                f"\\{name} needs an index, e.g. \\{name}_i or \\{name}_{{i=1}}^{{n}}"
            )
        pieces, _ = split_top(sub, ["="])
        if len(pieces) == 2:
            variable, lower = pieces
        else:
            variable, lower = split_top(sub, [r"\in", r"\colon", ":"])[0][0], "1"
        upper = self.fragment(sup) if sup is not None else r"\mathit{SXCOUNT}"
        if sup is None:
            self.notes.append(f"\\{name}_{{{sub.strip()}}} read as a sum over all classes")
        variables, commas = split_top(variable, [","])
        if commas and len(pieces) != 2 and sup is None:
            # \sum_{x,y}: one sum over all values of each index
            for each in variables:
                index = self.index_placeholder(each, name)
                self.out.append(f" \\{name}_{{{index}=1}}^{{{upper}}} ")
            self.operand(name)
            return
        index = self.index_placeholder(variable, name)
        self.out.append(f" \\{name}_{{{index}={self.fragment(lower)}}}^{{{upper}}} ")
        self.operand(name)

    def operand(self, name: str) -> None:
        r"""Rewrite the summand of a sum (or product) and emit it in braces.

        The summand is the product that follows: it ends at the first ``+`` or ``-`` between
        terms (a sign right after an operator, as in ``\times -0.737``, is part of it). Giving
        the grammar the summand whole matters: left to find its end itself, its search grows
        exponentially with the number of factors.
        """
        end = _operand_end(self.text, self.pos)
        body = self.text[self.pos : end]
        if not body.strip():
            raise LatexParseError(f"\\{name} without anything to sum: {self._around()!r}")
        self.pos = end
        self.out.append("{" + self.fragment(body) + "}")

    def index_placeholder(self, variable: str, where: str) -> str:
        """Rewrite a summation variable; it must be a single name."""
        text = self.fragment(variable).strip()
        match = re.fullmatch(r"\\mathit\{(SX\d+)\}", text)
        symbol = sp.Symbol(f"math{{{match.group(1)}}}") if match else None
        if symbol is None or not isinstance(self.table.get(symbol), Name):
            raise LatexParseError(f"the index {variable.strip()!r} of \\{where} is not a name")
        return text

    def integral(self) -> None:
        sub = None
        self.skip_spaces()
        if self.text.startswith("_", self.pos):
            self.pos += 1
            sub = self.read_script()
        self.skip_spaces()
        if self.text.startswith("^", self.pos):
            raise LatexParseError("definite integrals (\\int with bounds) are not supported")
        variable = split_top(sub, [r"\in"])[0][0].strip() if sub is not None else None
        depths = _depths_from(self.text, self.pos)
        for match in _DIFFERENTIAL.finditer(self.text, self.pos):
            if depths[match.start() - self.pos] != 0:
                continue
            if variable is not None and match.group(1) != variable:
                continue
            variable = match.group(1)
            self.text = self.text[: match.start()] + " " + self.text[match.end() :]
            break
        else:
            raise LatexParseError("an integral without its differential (dx)")
        self.notes.append(f"\\int read as a sum over the support of {variable}")
        index = self.index_placeholder(variable, "int")
        self.out.append(f" \\sum_{{{index}=1}}^{{\\mathit{{SXCOUNT}}}} ")
        self.operand("int")

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
            if word in _FUNCTION_WORDS:
                self.function_command(_FUNCTION_WORDS[word])
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
            inner.startswith("\\") and inner[1:] not in _GREEK
        ):
            raise LatexParseError(f"an accent over {content.strip()!r} is not understood")
        base = inner.lstrip("\\")
        if subscript:
            self.text = self.text[: self.pos] + "_" + subscript + self.text[self.pos :]
        self.identifier(Name(base, accent), start)

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
                subscript = _subscript_parts(content, name.base)
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
            transpose = _TRANSPOSE.match(self.text, self.pos)
            if transpose:
                self.pos = transpose.end()
                continue
            break
        full = Name(name.base, name.accent, subscript, primes, self.text[start : self.pos].strip())
        if self.peek() == "(":
            self.application(full, start)
            return
        self.emit(full)

    def application(self, name: Name, start: int) -> None:
        self.skip_spaces()
        content, self.pos = read_group(self.text, self.pos)
        subscript: Raw | None = None
        if self.text.startswith("_", self.pos):
            self.pos += 1
            subscript = self.parse(self.read_script())
        args, given, parameters = _split_arguments(content, self.parse)
        latex = self.text[start : self.pos].strip()
        self.emit(Apply(name, tuple(args), tuple(given), subscript, latex, tuple(parameters)))

    def expectation(self, name: Name, start: int) -> bool:
        r"""Read ``E_{x \sim p}[...]``, ``E[...]`` or ``E(...)``; False if no bracket follows."""
        saved = self.pos
        subscript = ""
        if self.peek() == "_":
            self.skip_spaces()
            self.pos += 1
            subscript = self.read_script()
        if self.peek() not in ("[", "("):
            self.pos = saved
            return False
        self.skip_spaces()
        body, self.pos = read_group(self.text, self.pos)
        variable = distribution = None
        pieces, found = split_top(subscript, [r"\sim"])
        if found:
            variable = _single_name(self.parse(pieces[0]))
            distribution = _single_name(self.parse(pieces[1]))
        latex = self.text[start : self.pos].strip()
        self.emit(Expect(variable, distribution, self.parse(body), subscript.strip(), latex))
        return True


def _refusal(name: str) -> str:
    r"""Why the command ``\name`` cannot be read."""
    if name == "%":
        return "a percent sign that does not follow a number"
    if name in _ARROWS:
        return f"the arrow \\{name} is not a relation symxent checks"
    return _WHY.get(name, f"unknown macro \\{name}")


_BINARY = re.compile(r"\\(?:times|cdot|div)(?![a-zA-Z])")


def _operand_end(text: str, start: int) -> int:
    r"""Where the product starting at ``start`` ends.

    That is the first ``+`` or ``-`` between terms, or the bracket that closes the group the
    product is in (``(\sum_i a_i)^2``).
    """
    depth = 0
    i = start
    expecting_operand = True  # at the start, or right after an operator: a sign is unary
    while i < len(text):
        char = text[i]
        if char == "\\":
            match = _BINARY.match(text, i)
            if match:
                expecting_operand = True
                i = match.end()
                continue
            command = re.match(r"\\[a-zA-Z]+|\\.", text[i:])
            token = command.group(0) if command else "\\"
            if token in ("\\{", r"\lvert"):
                depth += 1
            elif token in ("\\}", r"\rvert"):
                depth -= 1
                if depth < 0:
                    return i
            i += len(token)
            expecting_operand = token in (r"\frac", r"\sqrt", r"\sum", r"\lvert", "\\{")
            continue
        if char in "([{":
            depth += 1
            expecting_operand = True
        elif char in ")]}":
            depth -= 1
            if depth < 0:
                return i
            expecting_operand = False
        elif depth == 0 and char in "+-" and not expecting_operand:
            return i
        elif char in "*/^_":
            expecting_operand = True
        elif not char.isspace():
            expecting_operand = False
        i += 1
    return len(text)


def _single_name(raw: Raw) -> Name | None:
    atom = raw.atom()
    return atom if isinstance(atom, Name) else None


def _depths_from(text: str, start: int) -> list[int]:
    return [*depth_profile(text[start:]), 0]


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
