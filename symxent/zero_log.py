r"""The convention :math:`0 \log 0 = 0`, shared by the checker's interpreter and the compiler.

SymPy's ``0 * log(0)`` is nan, but information theory (and every quantity symxent defines)
takes :math:`0 \log y = 0`. :func:`zero_log_convention` writes every product :math:`w \log y`
as ``XLogY(w, y)`` (``w log1p(y)`` as ``XLog1PY``), constant factors outside; the checker's
interpreter (:mod:`symxent.check.evaluate`) and the numeric code
(:mod:`symxent.numeric.printer`) evaluate these nodes with the convention, and
:func:`exact_zero_logs` writes them back as SymPy's exact values.

Example:
    >>> import sympy as sp
    >>> p, q = sp.symbols("p q", positive=True)
    >>> zero_log_convention(-p * sp.log(q) / sp.log(2))
    -XLogY(p, q)/log(2)
    >>> exact_zero_logs(XLogY(sp.S.Zero, sp.S.Zero) + XLogY(2, q))
    2*log(q)
"""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.codegen.cfunctions import log1p

__all__ = ["XLog1PY", "XLogY", "exact_zero_logs", "zero_log_convention"]


class XLogY(sp.Function):
    r""":math:`x \log y`, and exactly 0 where :math:`x = 0` whatever y is (``0 log 0 = 0``).

    Example:
        >>> import sympy as sp
        >>> XLogY(sp.Symbol("p"), sp.Symbol("q")).rewrite(sp.log)
        p*log(q)
    """

    nargs = 2

    def _eval_rewrite_as_log(self, x: sp.Expr, y: sp.Expr, **kwargs: Any) -> sp.Expr:
        return x * sp.log(y)


class XLog1PY(sp.Function):
    r""":math:`x \log(1 + y)`, and exactly 0 where :math:`x = 0` (``0 log 0 = 0``).

    Example:
        >>> import sympy as sp
        >>> XLog1PY(sp.Symbol("p"), sp.Symbol("q")).rewrite(sp.log)
        p*log(q + 1)
    """

    nargs = 2

    def _eval_rewrite_as_log(self, x: sp.Expr, y: sp.Expr, **kwargs: Any) -> sp.Expr:
        return x * sp.log(1 + y)


def _xlogy_one(node: sp.Mul) -> sp.Expr:
    logs = [f for f in node.args if isinstance(f, sp.log | log1p)]
    if len(logs) != 1:
        return node
    (log_factor,) = logs
    coefficient, weight = sp.Mul(*[f for f in node.args if f is not log_factor]).as_independent(
        *node.free_symbols, as_Add=False
    )
    if weight == 1:
        return node
    kind = XLogY if isinstance(log_factor, sp.log) else XLog1PY
    return coefficient * kind(weight, log_factor.args[0])


def zero_log_convention(expr: sp.Expr) -> sp.Expr:
    r"""Write every product :math:`w \log y` as ``XLogY(w, y)`` (``log1p``: ``XLog1PY``).

    Under :math:`0 \log 0 = 0`, a zero weight makes the term 0 even where the log is
    :math:`-\infty` or undefined; constant factors stay outside (a product with one log and no
    variable weight is left as it is).

    Example:
        >>> import sympy as sp
        >>> x = sp.Symbol("x")
        >>> zero_log_convention(x * sp.log(x) + 1)
        XLogY(x, x) + 1
    """
    return expr.replace(
        lambda node: node.is_Mul and any(isinstance(f, sp.log | log1p) for f in node.args),
        _xlogy_one,
    )


def exact_zero_logs(expr: sp.Expr) -> sp.Expr:
    """Write each ``XLogY(x, y)`` back as ``x log y``, or 0 where ``x`` is exactly 0."""
    return expr.replace(
        lambda node: isinstance(node, XLogY),
        lambda node: sp.S.Zero if node.args[0] == 0 else node.args[0] * sp.log(node.args[1]),
    )
