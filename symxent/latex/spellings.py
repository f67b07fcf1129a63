r"""Textbook spellings of the same quantities, made the spelling the rest of the reader knows.

The books write one quantity in several ways. Bishop (PRML, 1.6) puts the arguments of the
entropy and the mutual information in square brackets and writes random variables in lowercase
(``\mathrm{H}[x]``, ``\mathrm{H}[y \mid x]``, ``\mathrm{I}[x, y]``, ``\mathrm{KL}(p \| q)``);
Murphy writes ``\mathbb{H}(X)``, ``\mathbb{I}(X; Y)`` and ``D_{\mathbb{KL}}(p \| q)``. This
module turns an application written with square brackets into the usual one
(:func:`bracket_application`):

* inside ``\mathrm{H}[\cdot]`` and ``\mathrm{I}[\cdot]`` a name ``u`` .. ``z`` or ``U`` .. ``Z``
  (``\mathbf{x}`` too) is a **random variable**, whatever its case: ``\mathrm{H}[x]`` is
  ``H(X)``, and the ``x`` of ``p(x)`` on the same line is a value of it;
* Bishop's mutual information separates its two variables with a comma:
  ``\mathrm{I}[x, y]`` is ``I(X; Y)`` (``\mathrm{I}[x, y \mid z]`` is ``I(X; Y \mid Z)``);
* other arguments keep their meaning (``\mathrm{H}[p]`` is the entropy of the distribution p,
  ``\mathrm{KL}[p \| q]`` the divergence).

It also says which names take square brackets at all (:data:`BRACKET_FUNCTIONS`: the
quantities, never a plain name, so ``p[x]`` stays unread) and when braces group an expression
(:func:`is_grouping`: ``\left\{ 1 + \ln(2 \pi \sigma^2) \right\}`` is a bracket, ``\{a, b\}``
a set).

Example:
    >>> from symxent.latex.reader import read_side
    >>> app = read_side(r"\mathrm{I}[x, y \mid z]").atom()
    >>> [a.atom().key for a in (*app.args, *app.parameters, *app.given)]
    ['X', 'Y', 'Z']
    >>> is_grouping(r"1 + \ln 2"), is_grouping("a, b")
    (True, False)
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import sympy as sp

from symxent.errors import LatexParseError
from symxent.latex.names import function_key
from symxent.latex.raw import Event, Name, Raw
from symxent.latex.scan import split_top

__all__ = ["BRACKET_FUNCTIONS", "bracket_application", "is_grouping"]

BRACKET_FUNCTIONS = frozenset({"H", "I", "KL", "D", "CE"})
r"""Quantities (after :func:`~symxent.latex.names.function_key`) that may be written with
square brackets: ``\mathrm{H}[x]``, ``\mathrm{I}[x, y]``, ``\mathrm{KL}[p \| q]``."""

_VARIABLE_LETTERS = frozenset("uvwxyzUVWXYZ")
_SET_MARKS = (",", r"\mid", "|", ":", r"\colon", ";", r"\in")


def is_grouping(content: str) -> bool:
    r"""Whether ``\{content\}`` groups an expression (a bracket) rather than listing a set.

    A set lists elements (``\{a, b\}``) or states a condition (``\{x \mid x > 0\}``,
    ``\{x : x > 0\}``); braces around one expression are brackets, as in
    ``\ln\left\{\frac{q(x)}{p(x)}\right\}``.
    """
    if not content.strip():
        return False
    _, found = split_top(content, list(_SET_MARKS))
    return not found


def _as_variable(arg: Raw | Event) -> Raw | Event:
    """``x`` -> the random variable ``X`` (a lowercase or capital letter u..z); else unchanged."""
    if isinstance(arg, Event):
        return arg
    atom = arg.atom()
    if (
        not isinstance(atom, Name)
        or atom.base not in _VARIABLE_LETTERS
        or atom.accent
        or atom.primes
    ):
        return arg
    upper = Name(atom.base.upper(), "", atom.subscript, 0, atom.latex)
    symbol = sp.Symbol(f"math{{SXRV{upper.key}}}")
    return Raw(symbol, {symbol: upper}, arg.latex, arg.notes, arg.units)


def _is_variable(arg: Raw | Event) -> bool:
    if isinstance(arg, Event):
        return False
    atom = arg.atom()
    return isinstance(atom, Name) and atom.base in _VARIABLE_LETTERS and not atom.accent


def bracket_application(
    name: Name,
    args: Sequence[Raw | Event],
    given: Sequence[Raw | Event],
    parameters: Sequence[Raw | Event],
) -> tuple[list[Raw | Event], list[Raw | Event], list[Raw | Event]]:
    r"""The arguments of ``name[...]`` in the usual spelling: (args, given, parameters).

    Raises:
        LatexParseError: for a name that does not take square brackets, or
            ``\mathrm{I}[x, y, z]`` (three variables and no semicolon: not a quantity read here).
    """
    key = function_key(name)
    if key not in BRACKET_FUNCTIONS:
        raise LatexParseError(
            f"{name.latex or name.key}[...]: square brackets after a name are only read for "
            "the entropy, mutual information and divergences (\\mathrm{H}[x], \\mathrm{I}[x, y], "
            "\\mathrm{KL}[p \\| q])"
        )
    if key not in ("H", "I"):
        return list(args), list(given), list(parameters)
    args = [_as_variable(arg) for arg in args]
    given = [_as_variable(arg) for arg in given]
    parameters = [_as_variable(arg) for arg in parameters]
    if key == "I" and not parameters and all(_is_variable(arg) for arg in args):
        if len(args) != 2:
            shown = ", ".join(a.latex.strip() for a in args if isinstance(a, Raw))
            raise LatexParseError(
                f"I[{shown}]: Bishop's mutual information takes two random variables, "
                r"I[x, y] or I[x, y \mid z]"
            )
        return [args[0]], list(given), [args[1]]
    return list(args), list(given), list(parameters)


def inverse_sigma(text: str, position: int) -> int | None:
    r"""If ``^{-1}(`` follows at ``position`` (after ``\sigma``), where its ``(`` starts.

    ``\sigma^{-1}(x)`` is the inverse of the logistic sigmoid, the logit.
    """
    match = re.compile(r"\^\s*(?:\{\s*-\s*1\s*\}|-\s*1)\s*(?=\()").match(text, position)
    return match.end() if match else None
