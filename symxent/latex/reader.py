r"""Reading one side of an equation into a :class:`~symxent.latex.raw.Raw` (latex2sympy2_extended).

The text is first rewritten (:mod:`symxent.latex.rewrite`) so the parser only sees numbers,
placeholder atoms and arithmetic; the parser (imported lazily, so ``import symxent`` stays
light) builds the SymPy tree. Its case-keeping configuration is used and its own text
normalisation is switched off (it rewrites ``inf`` inside ``x_{info}``). The input is never
evaluated as code. Results are cached by text: lecture notes repeat their formulas.

Example:
    >>> raw = read_side(r"\sum_x p(x) \log \frac{1}{q(x)}")
    >>> type(raw.tree).__name__
    'Sum'
    >>> read_side("[0.1, 0.4, 0.5]").atom().__class__.__name__
    'VectorLiteral'
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import sympy as sp

from symxent.errors import LatexParseError
from symxent.latex.limits import LatexTooLongError, check_size
from symxent.latex.names import short
from symxent.latex.prepare import prepare
from symxent.latex.raw import Raw, VectorLiteral
from symxent.latex.rewrite import rewrite_side
from symxent.latex.scan import balance_error, read_group, split_top

__all__ = ["MAX_ARGUMENT_DEPTH", "read_side"]

MAX_ARGUMENT_DEPTH = 6
"""Deepest nesting of function applications inside arguments (``f(g(h(x)))``)."""

_SINGLE = re.compile(r"\s*\\mathit\{(SX\d+)\}\s*")
_INTEGER = re.compile(r"\s*(\d+)\s*")


@lru_cache(maxsize=1)
def _parser() -> Any:
    try:
        from latex2sympy2_extended.latex2sympy2 import ConversionConfig, latex2sympy
    except ImportError as error:  # pragma: no cover - depends on the installation
        raise LatexParseError(
            f"reading LaTeX needs the optional parser: pip install 'symxent[latex]' ({error})"
        ) from None
    config = ConversionConfig(
        lowercase_symbols=False, interpret_contains_as_eq=False, interpret_as_mixed_fractions=False
    )

    fast = _sll_converter(config)

    def parse(text: str) -> Any:
        if fast is not None:
            try:
                return fast(text)
            except RecursionError:
                raise
            except Exception:  # noqa: S110 - SLL could not decide: the full LL parse below
                pass
        return latex2sympy(text, normalization_config=None, conversion_config=config)

    return parse


def _sll_converter(config: Any) -> Any:
    """The library's converter with ANTLR's faster SLL prediction, or None if unavailable."""
    try:
        from antlr4.atn.PredictionMode import PredictionMode
        from latex2sympy2_extended.latex2sympy2 import _Latex2Sympy
    except ImportError:  # pragma: no cover - another version of the parser
        return None

    class SllConverter(_Latex2Sympy):  # type: ignore[misc, unused-ignore]
        def create_parser(self, latex_str: str) -> Any:
            parser = super().create_parser(latex_str)
            parser._interp.predictionMode = PredictionMode.SLL
            return parser

    return lambda text: SllConverter(config=config).parse(text)


def _backend(text: str, original: str) -> sp.Expr:
    """Run the LaTeX parser on rewritten ``text``; errors name the ``original`` input."""
    try:
        result = _parser()(text)
    except RecursionError:
        raise LatexTooLongError(
            f"too deeply nested or too long to parse: {_short(original)}"
        ) from None
    except Exception as error:  # the parser raises bare Exceptions with a caret diagram
        message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        message = message.replace("I expected something else here", "unexpected input")
        raise LatexParseError(f"cannot read {_short(original)}: {message}") from None
    # A Symbol is also a Boolean in SymPy; e^{\ln x} evaluates to one.
    if not isinstance(result, sp.Expr) or (
        isinstance(result, sp.logic.boolalg.Boolean) and not isinstance(result, sp.Symbol)
    ):
        kind = type(result).__name__
        raise LatexParseError(f"cannot read {_short(original)}: it is a {kind}, not an expression")
    return result


_LOG_OR_ROOT = re.compile(r"\\(?:ln|log|sqrt)(?![A-Za-z])")


def _logs_and_roots(rewritten: str, tree: sp.Basic) -> tuple[sp.Basic, ...]:
    r"""Every logarithm and root of the text, for the natural domain of what is read.

    SymPy's evaluation can remove them: ``e^{\ln x}`` is ``x`` as soon as the parser builds it,
    and ``(\sqrt{x})^2`` becomes ``x`` once ``x`` is a real symbol. The claim is still only
    about the ``x`` where the text is defined (``x > 0``, ``x >= 0``). They are taken from
    ``tree``, and, when the text has more of them than ``tree`` shows, from a second reading
    without evaluation.
    """
    written = len(_LOG_OR_ROOT.findall(rewritten))
    if not written:
        return ()
    found = _log_or_root_nodes(tree)
    if len(found) < written:
        try:
            with sp.evaluate(False):
                loose = _parser()(rewritten)
        except Exception:  # the evaluated reading stands; nothing more is known
            loose = None
        if isinstance(loose, sp.Basic):
            found += [node for node in _log_or_root_nodes(loose) if node not in found]
    return tuple(found)


def _log_or_root_nodes(tree: sp.Basic) -> list[sp.Basic]:
    found: list[sp.Basic] = []
    for node in sp.preorder_traversal(tree):
        log_or_root = isinstance(node, sp.log) or (
            isinstance(node, sp.Pow) and node.exp.is_Rational and not node.exp.is_integer
        )
        if log_or_root and node.free_symbols and node not in found:
            found.append(node)
    return found


def _short(text: str) -> str:
    return repr(short(text, 70))


def _vector_literal(text: str, depth: int) -> Raw | None:
    """``[a, b, c]`` or ``(a, b, c)`` as a whole side: a VectorLiteral; else None."""
    stripped = text.strip()
    if not stripped or stripped[0] not in "([":
        return None
    try:
        inner, end = read_group(stripped, 0)
    except LatexParseError:
        return None
    if stripped[end:].strip():
        return None
    entries, found = split_top(inner, [","])
    if not found:
        return None
    raws = tuple(read_side(entry, depth + 1) for entry in entries)
    symbol = sp.Symbol("math{SXVECTOR}")
    return Raw(symbol, {symbol: VectorLiteral(raws)}, text)


def read_side(text: str, depth: int = 0) -> Raw:
    """Read one side of an equation (no top-level relation) into a Raw.

    Args:
        text: the LaTeX of the side.
        depth: how deep inside function arguments this side is (bounded).

    Raises:
        LatexParseError: when the side cannot be read (a
            :class:`~symxent.latex.limits.LatexTooLongError` when it is too long or too deep).
    """
    if depth > MAX_ARGUMENT_DEPTH:
        raise LatexTooLongError(f"function arguments nested more than {MAX_ARGUMENT_DEPTH} deep")
    return _read_cached(prepare(text), depth)


@lru_cache(maxsize=4096)
def _read_cached(text: str, depth: int) -> Raw:
    check_size(text)
    if not text.strip():
        raise LatexParseError("an empty expression")
    unbalanced = balance_error(text)
    if unbalanced:
        raise LatexParseError(f"cannot read {_short(text)}: {unbalanced}")
    literal = _vector_literal(text, depth)
    if literal is not None:
        return literal
    rewritten, table, notes, units = rewrite_side(
        text, lambda inner: read_side(inner, depth + 1), top=depth == 0
    )
    check_size(rewritten, max_chars=4 * len(text) + 200)
    single = _SINGLE.fullmatch(rewritten)
    if single:
        tree: sp.Basic = sp.Symbol(f"math{{{single.group(1)}}}")
    elif _INTEGER.fullmatch(rewritten):
        tree = sp.Integer(int(rewritten))
    elif not rewritten.strip():
        raise LatexParseError(f"nothing to read in {_short(text)} (only text or spacing)")
    else:
        tree = _backend(rewritten, text)
    return Raw(tree, table, text, tuple(notes), units, _logs_and_roots(rewritten, tree))
