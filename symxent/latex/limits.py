r"""Bounds on the work spent on one equation: input size, nesting depth and wall-clock time.

The LaTeX parser underneath is an ANTLR grammar whose cost grows quickly with nesting (nine
levels of parentheses take half a second, two hundred end in a ``RecursionError`` after seconds),
and SymPy can be slow on hostile input. Every equation is therefore checked against a size and a
depth cap before parsing, and parsed under a time limit. A limit that is hit raises
:class:`LatexTooLongError` (a :class:`~symxent.errors.LatexParseError`), which the lecture checker
reports as "skipped: too long", never a hang.

The time limit is :func:`symxent.budget.time_limit` (the one timer of every stage; it works in
any thread).

Example:
    >>> check_size(r"\frac{1}{2}")
    >>> check_size("(" * 40 + "x" + ")" * 40)
    Traceback (most recent call last):
    ...
    symxent.latex.limits.LatexTooLongError: too deeply nested: 40 levels of brackets (limit 12)
    >>> with time_limit(1.0, "x + 1"):
    ...     1 + 1
    2
"""

from __future__ import annotations

import math
from functools import partial

from symxent.budget import TooLargeError
from symxent.budget import time_limit as budget_time_limit
from symxent.errors import LatexParseError

__all__ = [
    "MAX_DEPTH",
    "MAX_EQUATION_CHARS",
    "LatexTooLongError",
    "check_input",
    "check_size",
    "nesting_depth",
    "time_limit",
]

MAX_EQUATION_CHARS = 3000
"""Longest equation (in characters) handed to the parser."""

MAX_DEPTH = 12
"""Deepest nesting of ``()``/``[]`` groups handed to the parser (its cost grows fast with it)."""

_MAX_BRACE_DEPTH = 40


class LatexTooLongError(LatexParseError, TooLargeError):
    """Raised when an equation is too long, too deeply nested or too slow to parse or check."""


def nesting_depth(text: str, pairs: str = "()[]") -> int:
    r"""Return the deepest nesting of the bracket ``pairs`` in ``text`` (escaped ``\{`` counts).

    Example:
        >>> nesting_depth("f((x) + [y])")
        2
    """
    openers = set(pairs[0::2])
    closers = set(pairs[1::2])
    depth = deepest = 0
    for char in text:
        if char in openers:
            depth += 1
            deepest = max(deepest, depth)
        elif char in closers:
            depth = max(depth - 1, 0)
    return deepest


def check_input(latex: object, timeout: object) -> None:
    """Raise a :class:`~symxent.errors.LatexParseError` unless given a str and a number.

    Called before any work starts: ``latex`` must be a str, ``timeout`` a number of seconds
    (not NaN).

    Example:
        >>> check_input(b"H(p)", 5.0)
        Traceback (most recent call last):
        ...
        symxent.errors.LatexParseError: LaTeX is read from a str, got bytes
    """
    if not isinstance(latex, str):
        raise LatexParseError(f"LaTeX is read from a str, got {type(latex).__name__}")
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or math.isnan(timeout):
        raise LatexParseError(f"timeout must be a number of seconds, got {timeout!r}")


def check_size(
    text: str, *, max_chars: int = MAX_EQUATION_CHARS, max_depth: int = MAX_DEPTH
) -> None:
    """Raise :class:`LatexTooLongError` if ``text`` is longer or deeper than the parser can bear.

    Args:
        text: one equation (or one side of it).
        max_chars: the length cap.
        max_depth: the cap on nested ``()``/``[]`` groups.
    """
    if len(text) > max_chars:
        raise LatexTooLongError(f"too long: {len(text)} characters (limit {max_chars})")
    depth = nesting_depth(text)
    if depth > max_depth:
        raise LatexTooLongError(
            f"too deeply nested: {depth} levels of brackets (limit {max_depth})"
        )
    braces = nesting_depth(text, "{}")
    if braces > _MAX_BRACE_DEPTH:
        raise LatexTooLongError(
            f"too deeply nested: {braces} levels of braces (limit {_MAX_BRACE_DEPTH})"
        )


time_limit = partial(budget_time_limit, error=LatexTooLongError)
"""``time_limit(seconds, what)``: :func:`symxent.budget.time_limit` raising LatexTooLongError."""
