r"""Small scanning helpers for LaTeX text: balanced groups and splitting at top-level separators.

"Top level" means outside every ``()``, ``[]`` and ``{}`` group; escaped braces ``\{``, ``\}``
and the parentheses of ``\left(`` count as brackets too.

Example:
    >>> split_top("a = f(b = c) = d", ["="])
    (['a ', ' f(b = c) ', ' d'], ['=', '='])
    >>> read_group("{x^{2}} + 1", 0)
    ('x^{2}', 7)
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from symxent.errors import LatexParseError

__all__ = [
    "OPENERS",
    "balance_error",
    "depth_profile",
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


def depth_profile(text: str) -> list[int]:
    """Return the bracket depth at each character of ``text`` (brackets count as outside).

    Example:
        >>> depth_profile("a(b)")
        [0, 0, 1, 0]
    """
    depths = [0] * len(text)
    depth = 0
    i = 0
    while i < len(text):
        char, size = _bracket_at(text, i)
        if char in OPENERS:
            for k in range(size):
                depths[i + k] = depth
            depth += 1
        elif char in _CLOSERS:
            depth = max(depth - 1, 0)
            for k in range(size):
                depths[i + k] = depth
        else:
            for k in range(size):
                if i + k < len(text):
                    depths[i + k] = depth
        i += size
    return depths


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
    start = 0
    depth = 0
    i = 0
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
