r"""Array-level rewrites: recognise log-softmax and softmax in the vectorised expression.

After vectorisation, :math:`\log \mathrm{softmax}(z)_k` reads ``Take(z, k) - ClassLogSumExp(z)``.
Computed that way, float32 logits near 1000 lose five digits: :math:`\mathrm{LSE}(z)` is
rounded at magnitude 1000 before the subtraction. Fusing the two terms into one node lets the
helper subtract the max shift first, :math:`(z_k - m) - \log \sum_j e^{z_j - m}`, which is exact
up to the small log term. The same holds for the whole vector (``z - ClassLogSumExp(z)``), and
:math:`e^{\log \mathrm{softmax}}` becomes one softmax.

Example:
    >>> import sympy as sp
    >>> from symxent.numeric.nodes import ClassLogSumExp, Take
    >>> z, k, y = sp.Symbol("z"), sp.Symbol("k"), sp.Symbol("y")
    >>> fuse(sp.exp(Take(z, k) - ClassLogSumExp(z)) - y)
    -y + exp(TakeLogSoftmax(z, k))
"""

from __future__ import annotations

import sympy as sp

from symxent.numeric.nodes import (
    ClassLogSoftmax,
    ClassLogSumExp,
    ClassSoftmax,
    Take,
    TakeLogSoftmax,
)

__all__ = ["fuse"]


def _fuse_add(node: sp.Add) -> sp.Expr:
    """``c*X - c*ClassLogSumExp(A)`` with X = A or Take(A, k) -> ``c*LogSoftmax``."""
    terms = list(node.args)
    for term in node.args:
        coefficient, lse = term.as_coeff_Mul()
        if not isinstance(lse, ClassLogSumExp):
            continue
        (array,) = lse.args
        for other in terms:
            other_coefficient, value = other.as_coeff_Mul()
            if other_coefficient != -coefficient:
                continue
            if value == array:
                fused: sp.Expr = ClassLogSoftmax(array)
            elif isinstance(value, Take) and value.args[0] == array:
                fused = TakeLogSoftmax(array, value.args[1])
            else:
                continue
            terms.remove(term)
            terms.remove(other)
            return sp.Add(*terms, other_coefficient * fused)
    return node


def _fuse_exp(node: sp.exp) -> sp.Expr:
    (argument,) = node.args
    if isinstance(argument, ClassLogSoftmax):
        return ClassSoftmax(argument.args[0])
    return node


def fuse(expr: sp.Expr) -> sp.Expr:
    """Fuse ``x - ClassLogSumExp(x)`` into log-softmax nodes and ``exp`` of them into softmax.

    Example:
        >>> import sympy as sp
        >>> from symxent.numeric.nodes import ClassLogSumExp, ClassSum
        >>> y, z = sp.symbols("y z")
        >>> fuse(-ClassSum(y * (z - ClassLogSumExp(z))))
        -ClassSum(y*ClassLogSoftmax(z))
    """
    expr = expr.replace(lambda node: node.is_Add and node.has(ClassLogSumExp), _fuse_add)
    return expr.replace(lambda node: isinstance(node, sp.exp), _fuse_exp)
