"""The exact value of an expression at given values, under symxent's conventions (0 log 0 = 0).

Tables and plots show numbers of checked expressions; this is the one place they get them
exactly, the way the checker reads the expression: definitions expanded, then every product
``a log b`` with ``a = 0`` taken as 0.

Example:
    >>> import sympy as sp
    >>> from symxent import BinaryEntropy
    >>> p = sp.Symbol("p")
    >>> exact_value(BinaryEntropy(p, 2), {p: 0}), exact_value(BinaryEntropy(p, 2), {p: sp.S.Half})
    (0, 1)
"""

from __future__ import annotations

from collections.abc import Mapping

import sympy as sp

from symxent.zero_log import exact_zero_logs, zero_log_convention

__all__ = ["exact_value"]


def exact_value(expr: sp.Expr, values: Mapping[sp.Symbol, sp.Expr]) -> sp.Expr:
    """``expr`` expanded and evaluated at ``values`` exactly, with ``0 log 0 = 0``."""
    expanded = zero_log_convention(sp.sympify(expr).doit())
    return exact_zero_logs(expanded.xreplace(dict(values)).doit())
