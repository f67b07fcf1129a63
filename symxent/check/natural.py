r"""The natural domain of a claim: where both of its sides are defined.

A claim ``lhs R rhs`` about real numbers says something only where both sides have a real value:
logarithms of positive numbers, no division by zero, even roots and fractional powers of
nonnegative numbers. :func:`definedness` lists these conditions for an expanded side;
:func:`narrow` intersects each scalar's interval with the conditions that involve that scalar
alone (``\log x`` gives ``x > 0``, ``\sqrt{1 - t}`` gives ``t <= 1``). Conditions on several
variables at once (``\log(xy)`` needs ``xy > 0``) are not solved: the sampler skips the points
where they fail, and a side that is undefined there never becomes a counterexample.

The narrowed intervals are what the numeric search samples and what the prover may assume
(a symbol whose interval lies in ``(0, oo)`` is positive there, so ``\log(xy) = \log x + \log y``
can be expanded).

Example:
    >>> import sympy as sp
    >>> x, y = sp.symbols("x y", real=True)
    >>> conditions = definedness(sp.log(x * y)) + definedness(sp.log(x) + sp.log(y))
    >>> narrowed = narrow({x: sp.S.Reals, y: sp.S.Reals}, conditions)
    >>> narrowed[x], narrowed[y]
    (Interval.open(0, oo), Interval.open(0, oo))
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import sympy as sp

from symxent.quantities.activations import Sigmoid
from symxent.zero_log import XLogY

__all__ = ["definedness", "describe_interval", "narrow", "positive_symbols"]


def definedness(expr: sp.Basic) -> list[sp.Basic]:
    """The conditions under which ``expr`` has a real value (outside any sum's index).

    Conditions that mention a summation index or a vector entry are left out: vectors are
    sampled on their own domains, and their entries are checked point by point.

    Example:
        >>> import sympy as sp
        >>> t = sp.Symbol("t", real=True)
        >>> definedness(sp.sqrt(1 - t) + 1 / t)
        [Ne(t, 0), 1 - t >= 0]
    """
    found: list[sp.Basic] = []

    def add(condition: sp.Basic) -> None:
        if condition in (sp.true, True) or condition in found:
            return
        found.append(condition)

    def walk(node: sp.Basic, bound: frozenset[sp.Basic]) -> None:
        if isinstance(node, sp.Sum | sp.Product):
            inner = bound | {limit[0] for limit in node.limits}
            walk(node.function, inner)
            for limit in node.limits:
                for part in limit[1:]:
                    walk(part, bound)
            return
        if not node.args or isinstance(node, sp.Indexed | sp.Idx):
            return
        for arg in node.args:
            walk(arg, bound)
        if _mentions(node, bound):
            return
        if isinstance(node, sp.log):
            add(_relation(node.args[0], ">"))
        elif isinstance(node, XLogY):  # x log y with 0 log 0 = 0: y >= 0 if x may be 0
            factor = node.args[0]
            add(_relation(node.args[1], ">" if factor.is_zero is False else ">="))
        elif isinstance(node, sp.Pow):
            base, exponent = node.args
            if exponent.is_integer:
                if exponent.is_negative:
                    add(sp.Ne(base, 0))
            elif exponent.is_negative:  # x^(-1/2): x > 0
                add(_relation(base, ">"))
            else:  # x^(1/2), x^(1/3), x^y: x >= 0, as SymPy's principal roots are real only there
                add(_relation(base, ">="))

    walk(sp.sympify(expr), frozenset())
    return found


def _relation(expr: sp.Expr, op: str) -> sp.Basic:
    try:
        return sp.Gt(expr, 0) if op == ">" else sp.Ge(expr, 0)
    except TypeError:  # a non-real expression
        return sp.false


def _mentions(node: sp.Basic, bound: frozenset[sp.Basic]) -> bool:
    """Whether ``node`` depends on a summation index, a vector entry or a sigmoid's internals."""
    if node.has(sp.Indexed, Sigmoid):
        return True
    return bool(bound & node.free_symbols)


def narrow(
    domains: Mapping[sp.Symbol, sp.Set], conditions: Iterable[sp.Basic]
) -> dict[sp.Symbol, sp.Set]:
    """Intersect each scalar's domain with the conditions that involve it alone.

    A condition whose solution set is not an interval (``x != 0``) leaves the domain as it is;
    the sampler then skips the points where it fails. A condition that cannot be solved is left
    to the sampler too.

    Example:
        >>> import sympy as sp
        >>> x = sp.Symbol("x", real=True)
        >>> narrow({x: sp.S.Reals}, [sp.Gt(x - 3, 0), sp.Ne(x, 0)])
        {x: Interval.open(3, oo)}
    """
    result = dict(domains)
    for condition in conditions:
        if condition in (sp.false, False):
            continue
        symbols = condition.free_symbols
        if len(symbols) != 1:
            continue
        (symbol,) = symbols
        if symbol not in result:
            continue
        current = result[symbol]
        solved = _solve(condition, symbol, current)
        if isinstance(solved, sp.Interval) or solved is sp.S.EmptySet:
            result[symbol] = solved
    return result


def _solve(condition: sp.Basic, symbol: sp.Symbol, domain: sp.Set) -> sp.Set | None:
    if isinstance(condition, sp.Ne) or sp.count_ops(condition) > 40:
        return None
    try:
        solved = sp.solveset(condition, symbol, domain)
    except (NotImplementedError, ValueError, TypeError, AttributeError, RecursionError):
        return None
    if isinstance(solved, sp.ConditionSet):
        return None
    return solved


_SIGNS = (
    ("positive", sp.Interval.open(0, sp.oo)),
    ("nonnegative", sp.Interval(0, sp.oo)),
    ("negative", sp.Interval.open(-sp.oo, 0)),
    ("nonpositive", sp.Interval(-sp.oo, 0)),
)
"""The sign an interval gives a symbol, the narrowest first."""


def positive_symbols(where: Mapping[object, object]) -> dict[sp.Symbol, sp.Symbol]:
    """Symbols whose interval gives them a sign, each with a twin that carries that sign.

    ``x`` with domain ``(0, oo)`` maps to ``Symbol("x", positive=True)``: on the domain the two
    are the same number, and SymPy's simplifications may use the sign.

    Example:
        >>> import sympy as sp
        >>> x = sp.Symbol("x", real=True)
        >>> twin = positive_symbols({x: sp.Interval.open(0, 1)})[x]
        >>> twin.is_positive, twin.name
        (True, 'x')
    """
    twins: dict[sp.Symbol, sp.Symbol] = {}
    for symbol, domain in where.items():
        if not isinstance(symbol, sp.Symbol) or not isinstance(domain, sp.Interval):
            continue
        sign = next((fact for fact, side in _SIGNS if domain.is_subset(side)), None)
        if sign is None:
            continue
        facts = {sign: True}
        if symbol.is_integer:
            facts["integer"] = True
        twin = sp.Symbol(symbol.name, real=True, **facts)
        if twin != symbol:
            twins[symbol] = twin
    return twins


def describe_interval(domain: sp.Set) -> str:
    """A short readable interval: ``ℝ``, ``(0, ∞)``, ``[0, 1]``.

    Example:
        >>> import sympy as sp
        >>> describe_interval(sp.Interval.Lopen(0, sp.oo)), describe_interval(sp.S.Reals)
        ('(0, ∞)', 'ℝ')
    """
    if domain == sp.S.Reals or domain == sp.Interval(-sp.oo, sp.oo):
        return "ℝ"
    if domain is sp.S.EmptySet:
        return "∅"
    if isinstance(domain, sp.Interval):
        left = "(" if domain.left_open or domain.start.is_infinite else "["
        right = ")" if domain.right_open or domain.end.is_infinite else "]"
        return f"{left}{_end(domain.start)}, {_end(domain.end)}{right}"
    return str(domain)


def _end(value: sp.Expr) -> str:
    if value is sp.oo:
        return "∞"
    if value is sp.S.NegativeInfinity:
        return "-∞"
    return str(value)
