r"""Scanning LaTeX text: balanced groups, top-level splitting, where a product ends; the cursor.

"Top level" means outside every ``()``, ``[]`` and ``{}`` group; escaped braces ``\{``, ``\}``
and the parentheses of ``\left(`` count as brackets too. An operator (``\sum_i``,
``\frac{d}{dx}``, ``\max_i``) takes the product that follows it (:func:`operand_end`): it ends
at the first ``+``/``-`` between terms or at the bracket that closes the group it is in.
:class:`Scanner` is the cursor of the first reading pass (:mod:`symxent.latex.rewrite`).

Example:
    >>> split_top("a = f(b = c) = d", ["="])
    (['a ', ' f(b = c) ', ' d'], ['=', '='])
    >>> read_group("{x^{2}} + 1", 0)
    ('x^{2}', 7)
    >>> text = r"(\sum_i a_i b_i)^2 + 1"
    >>> text[7 : operand_end(text, 7)]
    ' a_i b_i'
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence

import sympy as sp

from symxent.errors import LatexParseError
from symxent.latex.raw import Raw, RawObject
from symxent.latex.vocabulary import FONT, TEXT

__all__ = [
    "OPENERS",
    "Parse",
    "Scanner",
    "balance_error",
    "depth_at",
    "operand_end",
    "placeholder",
    "read_group",
    "split_top",
    "strip_comments",
    "strip_outer",
]

OPENERS = {"(": ")", "[": "]", "{": "}"}
_CLOSERS = {v: k for k, v in OPENERS.items()}


def _bracket_at(text: str, i: int) -> tuple[str, int]:
    r"""The bracket character at ``i`` (``\{`` counts as ``{``) and the length of its token."""
    char = text[i]
    if char == "\\" and i + 1 < len(text) and text[i + 1] in "{}":
        return text[i + 1], 2
    if char == "\\" and i + 1 < len(text):
        return "", 2  # an escaped character such as \% or \, : never a bracket
    return char, 1


_COMMENT = re.compile(r"(?<!\\)((?:\\\\)*)(%[^\n]*)")


def strip_comments(text: str) -> str:
    r"""Blank out ``%`` comments (to the end of the line, as TeX reads them); ``\%`` stays.

    The comment is replaced by spaces, so offsets into the text stay valid.

    Example:
        >>> strip_comments("1 = 1 % note")
        '1 = 1       '
        >>> strip_comments(r"50\%")
        '50\\%'
    """
    if "%" not in text:
        return text
    return _COMMENT.sub(lambda m: m.group(1) + " " * len(m.group(2)), text)


def balance_error(text: str) -> str | None:
    r"""Describe the first unbalanced bracket of ``text``, or return None if all are balanced.

    Example:
        >>> balance_error(r"\frac{1}{2")
        "'{' is never closed"
    """
    stack: list[str] = []
    i = 0
    while i < len(text):
        char, size = _bracket_at(text, i)
        if char in OPENERS:
            stack.append(char)
        elif char in _CLOSERS:
            if not stack:
                return f"{char!r} closes nothing"
            opener = stack.pop()
            if OPENERS[opener] != char:
                return f"{opener!r} is closed by {char!r}"
        i += size
    return f"{stack[-1]!r} is never closed" if stack else None


def depth_at(text: str, end: int) -> int:
    """Return the bracket depth at position ``end`` of ``text`` (a closer at depth 0 is ignored).

    Example:
        >>> depth_at("a(b)c", 2), depth_at("a(b)c", 4)
        (1, 0)
    """
    depth = i = 0
    while i < end:
        char, size = _bracket_at(text, i)
        if char in OPENERS:
            depth += 1
        elif char in _CLOSERS:
            depth = max(depth - 1, 0)
        i += size
    return depth


def _matches(text: str, i: int, separator: str) -> bool:
    if not text.startswith(separator, i):
        return False
    end = i + len(separator)
    # "\le" must not match the start of "\left"
    return not (separator[-1].isalpha() and end < len(text) and text[end].isalpha())


def split_top(text: str, separators: Sequence[str]) -> tuple[list[str], list[str]]:
    """Split ``text`` at the top-level occurrences of any separator (longest match first).

    Returns:
        The pieces and the separators found between them (one fewer than the pieces).
    """
    ordered = sorted(separators, key=len, reverse=True)
    pieces: list[str] = []
    found: list[str] = []
    start = depth = i = 0
    while i < len(text):
        char, size = _bracket_at(text, i)
        if char in OPENERS:
            depth += 1
        elif char in _CLOSERS:
            depth = max(depth - 1, 0)
        elif depth == 0:
            hit = next((s for s in ordered if _matches(text, i, s)), None)
            if hit is not None and not (hit[0] != "\\" and i > 0 and text[i - 1] == "\\"):
                pieces.append(text[start:i])
                found.append(hit)
                i += len(hit)
                start = i
                continue
        i += size
    pieces.append(text[start:])
    return pieces, found


def read_group(text: str, start: int) -> tuple[str, int]:
    """Read the balanced group opening at ``start``; return its content and the index after it.

    Raises:
        LatexParseError: if the group is not closed.
    """
    opener, size = _bracket_at(text, start)
    if opener not in OPENERS:
        raise LatexParseError(f"expected a bracket at {text[start : start + 10]!r}")
    depth = 0
    i = start
    while i < len(text):
        char, step = _bracket_at(text, i)
        if char in OPENERS:
            depth += 1
        elif char in _CLOSERS:
            depth -= 1
            if depth == 0:
                if char != OPENERS[opener]:
                    raise LatexParseError(
                        f"{opener!r} closed by {char!r} in {text[start : i + 1][:60]!r}"
                    )
                return text[start + size : i], i + step
        i += step
    raise LatexParseError(f"unbalanced {opener!r}: {text[start : start + 60]!r} is never closed")


def strip_outer(text: str) -> str:
    """Remove brackets that enclose the whole text: ``(a + b)`` -> ``a + b``.

    Example:
        >>> strip_outer(" ( (a) + (b) ) ")
        '(a) + (b)'
        >>> strip_outer("(a) + (b)")
        '(a) + (b)'
    """
    text = text.strip()
    while text and text[0] in "([":
        try:
            inner, end = read_group(text, 0)
        except LatexParseError:
            return text
        if end != len(text):
            return text
        text = inner.strip()
    return text


Parse = Callable[[str], Raw]
"""Parses one sub-expression (an argument, a body) into a Raw."""

_counter = itertools.count(1)


def placeholder() -> tuple[str, sp.Symbol]:
    r"""A new placeholder: the text the parser reads as an atom (``\mathit{SX7}``), its symbol."""
    number = next(_counter)
    return rf"\mathit{{SX{number}}}", sp.Symbol(f"math{{SX{number}}}")


class Scanner:
    """A cursor over one side: the state and reading helpers of the first pass's rewriter.

    The rewriter (:class:`symxent.latex.rewrite._Rewriter`) and its readings of operators and
    names (:mod:`symxent.latex.operators`, :mod:`symxent.latex.identifiers`) build on it.
    """

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

    def fragment(self, text: str) -> str:
        """Rewrite a piece (a sum bound, a log base) into the same table."""
        return type(self)(text, self.parse, self.table, self.notes, units=self.units).run()

    def emit(self, obj: RawObject) -> None:
        """Write a new placeholder for ``obj`` (recorded in the table)."""
        text, symbol = placeholder()
        self.table[symbol] = obj
        self.out.append(" " + text + " ")

    def skip_spaces(self) -> None:
        """Move past spaces."""
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
        """Rewrite the whole text; return the parser text."""
        while self.pos < len(self.text):
            self.step()
        return "".join(self.out)

    def step(self) -> None:
        """Read what is at ``pos`` (the rewriter's dispatch)."""
        raise NotImplementedError  # pragma: no cover - the rewriter's

    def _around(self) -> str:
        return self.text[max(self.pos - 15, 0) : self.pos + 15].strip()

    def braced_argument(self, command: str) -> str:
        r"""The argument of ``\command``: a braced group's content, or one character."""
        self.skip_spaces()
        if self.pos >= len(self.text):
            raise LatexParseError(f"\\{command} needs an argument")
        if self.text[self.pos] != "{":
            self.pos += 1
            return self.text[self.pos - 1]
        content, self.pos = read_group(self.text, self.pos)
        return content.strip()


_BINARY = re.compile(r"\\(?:times|cdot|div)(?![a-zA-Z])")


def operand_end(text: str, start: int) -> int:
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
