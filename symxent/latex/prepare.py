r"""Spellings that mean one thing, made one: the first step of reading any piece of LaTeX.

:func:`prepare` drops ``%`` comments (as TeX does), maps Unicode symbols to their commands,
removes sizing (``\left(``, ``\big(``), writes ``\dfrac`` as ``\frac`` and ``\Vert`` as
``\parallel``, and tells the two meanings of a bar ``|`` apart (:func:`mark_bars`): a bar that
opens or closes an absolute value becomes ``\lvert``/``\rvert``; a bar between the arguments of
a function (``p(y | x)``, ``H(Y | X)``) stays ``|``, the condition bar.

Example:
    >>> prepare(r"\left| p_i - q_i \right| + H(Y|X)")
    '\\lvert  p_i - q_i \\rvert  + H(Y|X)'
"""

from __future__ import annotations

import re

from symxent.latex.scan import strip_comments

__all__ = ["mark_bars", "prepare"]

_UNICODE = {
    "\u2212": "-", "\u00d7": r"\times ", "\u00b7": r"\cdot ", "\u2264": r"\leq ",
    "\u2265": r"\geq ", "\u2248": r"\approx ", "\u2243": r"\simeq ", "\u221e": r"\infty ",
    "\u2211": r"\sum ", "\u03c0": r"\pi ", "\u03c3": r"\sigma ", "\u03b8": r"\theta ",
    "\u03b7": r"\eta ", "\u03bc": r"\mu ", "\u2032": "'", "\u2225": r"\parallel ",
    "\u2016": r"\parallel ", "\u00a0": " ", "\u2009": " ", "\u2018": "'", "\u2019": "'",
    "\u2202": r"\partial ", "\u2223": r"\mid ", "\u21d2": r"\Rightarrow ",
    "\u27f9": r"\implies ", "\u2207": r"\nabla ",
}  # fmt: skip
_SIZED_DELIMITER = re.compile(
    r"\\(left|right|middle|[bB]igg?[lrm]?)\s*(\\[{}|]|\\[a-zA-Z]+|[()\[\]|./<>])"
)
_BAR = {"left": r"\lvert ", "right": r"\rvert ", "middle": r"\mid "}
_OPERAND_COMMANDS = frozenset(
    {"cdot", "times", "div", "log", "ln", "lg", "exp", "sum", "prod", "pm", "mp", "frac",
     "sqrt", "max", "min", "lvert", "mid", "parallel", "quad", "qquad", "partial", "tanh"}
)  # fmt: skip
"""Commands after which an operand is expected (a bar there opens an absolute value)."""
_SPACING = frozenset({r"\,", r"\;", r"\:", r"\!", "\\ ", r"\quad", r"\qquad"})
_NAMING = frozenset(
    {"mathrm", "operatorname", "mathit", "mathbf", "mathsf", "text", "textrm", "hat", "widehat",
     "tilde", "widetilde", "bar", "overline", "vec", "check", "mathcal", "mathbb", "boldsymbol",
     "bm", "_"}
)  # fmt: skip
r"""What may own the ``{...}`` group that ends a name: ``\mathrm{softmax}(``, ``D_{KL}(``."""


def _sized(match: re.Match[str]) -> str:
    size, delimiter = match.group(1), match.group(2)
    if delimiter in ("|", r"\vert", r"\lvert", r"\rvert"):
        ends = {"l": r"\lvert ", "r": r"\rvert "}  # \bigl| opens, \bigr| closes
        return _BAR.get(size) or ends.get(size[-1], "|")
    return " " if delimiter == "." else delimiter


def prepare(text: str) -> str:
    r"""Normalise spellings that mean one thing: Unicode, ``\left(``, ``\dfrac``, ``\Vert``.

    A ``%`` comment runs to the end of its line, as in TeX (``\%`` is a percent sign).

    Example:
        >>> prepare(r"\left( \dfrac12 \right) − x")
        '( \\frac12 ) - x'
        >>> prepare("1 = 1 % a comment")
        '1 = 1            '
    """
    text = strip_comments(text).replace(r"\lbrack", "[").replace(r"\rbrack", "]")
    for char, replacement in _UNICODE.items():
        if char in text:
            text = text.replace(char, replacement)
    text = _SIZED_DELIMITER.sub(_sized, text)
    text = re.sub(r"\\[dt]frac(?![a-zA-Z])", r"\\frac", text)
    text = re.sub(r"\\(?:Vert|\|)", r"\\parallel ", text)
    text = re.sub(r"\\vert(?![a-zA-Z])", "|", text)
    return mark_bars(text) if "|" in text else text


def _operand_expected(previous: str) -> bool:
    """After the token ``previous`` (empty at the start), does an operand come next?"""
    if not previous:
        return True
    if previous.startswith("\\") and len(previous) > 1 and previous[1:].isalpha():
        return previous[1:] in _OPERAND_COMMANDS
    return previous in "([{,+-*/=<>^_&;:|" or previous == "\\{"


def _names_a_function(previous: str) -> bool:
    """Is a ``(`` after the token ``previous`` the argument list of a function (``p(``)?"""
    if previous in ("NAME}", "'") or (len(previous) == 1 and previous.isalpha()):
        return True
    return (
        previous.startswith("\\")
        and previous[1:].isalpha()
        and previous[1:] not in _OPERAND_COMMANDS
        and previous[1:] not in ("right", "big", "Big", "left")
    )


def mark_bars(text: str) -> str:
    r"""Write absolute-value bars as ``\lvert``/``\rvert``; keep condition bars as ``|``.

    A bar where an operand is expected opens an absolute value; a bar after an operand closes
    the innermost open one. Directly inside the parentheses of a function (``p(y | x)``) a bar
    after an operand with no absolute value open is the condition bar (also in the square
    brackets of ``\mathrm{H}[y | x]``), and ``||`` there
    separates two arguments (``KL(p || q)``). Elsewhere a bar after an operand starts a new
    absolute value (``2|x|``).

    Example:
        >>> mark_bars("|a - b| + p(y|x) + 2|x|")
        '\\lvert a - b\\rvert  + p(y|x) + 2\\lvert x\\rvert '
    """
    return _Bars(text).run()


class _Bars:
    """One left-to-right pass of :func:`mark_bars`."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.out: list[str] = []
        self.groups: list[tuple[bool, str]] = []  # per open bracket: (argument list?, owner)
        self.open_bars: list[int] = []  # group depth at which each open absolute value started
        self.previous = ""

    def run(self) -> str:
        i = 0
        while i < len(self.text):
            i = self.step(i)
        return "".join(self.out)

    def step(self, i: int) -> int:
        char = self.text[i]
        if char.isspace():
            self.out.append(char)
            return i + 1
        if char == "\\":
            match = re.match(r"\\(?:[a-zA-Z]+|.)", self.text[i:])
            command = match.group(0) if match else "\\"
            if command == r"\lvert":
                self.open_bars.append(len(self.groups))
            elif command == r"\rvert" and self.open_bars:
                self.open_bars.pop()
            # spacing is transparent: the bar after "y \," follows the operand y
            self.emit(command, self.previous if command in _SPACING else command)
            return i + len(command)
        if char == "|":
            return self.bar(i)
        if char in "([{":
            # ``p(y | x)`` and Bishop's ``\mathrm{H}[y | x]``: an argument list
            self.groups.append((char in "([" and _names_a_function(self.previous), self.previous))
        elif char in ")]}":
            _, owner = self.groups.pop() if self.groups else (False, "")
            while self.open_bars and self.open_bars[-1] > len(self.groups):
                self.open_bars.pop()  # a bar left open inside the group: the parser reports it
            if char == "}" and owner.lstrip("\\") in _NAMING:
                self.emit(char, "NAME}")
                return i + 1
        self.emit(char, char)
        return i + 1

    def emit(self, text: str, previous: str) -> None:
        self.out.append(text)
        self.previous = previous

    def bar(self, i: int) -> int:
        in_arguments = bool(self.groups) and self.groups[-1][0]
        after_operand = not _operand_expected(self.previous)
        if in_arguments and after_operand and self.text.startswith("||", i):
            self.emit("||", "|")
            return i + 2
        if after_operand and self.open_bars and self.open_bars[-1] == len(self.groups):
            self.open_bars.pop()
            self.emit(r"\rvert ", r"\rvert")
        elif after_operand and in_arguments:
            self.emit("|", "|")
        else:
            self.open_bars.append(len(self.groups))
            self.emit(r"\lvert ", r"\lvert")
        return i + 1
