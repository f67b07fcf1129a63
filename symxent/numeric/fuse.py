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

Label smoothing's uniform term, :math:`\sum_j -\log s_j = C\,\mathrm{LSE}(z) - \sum_j z_j`, is
fused the same way into :math:`-\sum_j \log \mathrm{softmax}(z)_j`: written as a difference of two
large numbers it loses everything to a common offset of the logits, which softmax ignores
(float32 logits near :math:`10^8`, float64 ones near :math:`10^{300}`).
"""

from __future__ import annotations

from collections.abc import Mapping

import sympy as sp

from symxent.numeric.nodes import (
    ClassLogSoftmax,
    ClassLogSumExp,
    ClassSoftmax,
    ClassSum,
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


def _fuse_uniform(node: sp.Add, counts: Mapping[sp.Expr, sp.Expr]) -> sp.Expr:
    """``c*C*ClassLogSumExp(A) - c*ClassSum(A)``, C the classes of A, as log-softmax values."""
    terms = list(node.args)
    for term in node.args:
        lse = next((f for f in sp.Mul.make_args(term) if isinstance(f, ClassLogSumExp)), None)
        if lse is None or lse.args[0] not in counts:
            continue
        (array,) = lse.args
        coefficient = term / lse / counts[array]
        partner = -coefficient * ClassSum(array)
        if partner not in terms:
            continue
        terms.remove(term)
        terms.remove(partner)
        return sp.Add(*terms, -coefficient * ClassSum(ClassLogSoftmax(array)))
    return node


def fuse(expr: sp.Expr, counts: Mapping[sp.Expr, sp.Expr] | None = None) -> sp.Expr:
    """Fuse ``x - ClassLogSumExp(x)`` into log-softmax nodes and ``exp`` of them into softmax.

    Args:
        expr: a vectorised expression.
        counts: array Symbol -> its number of classes; with it, label smoothing's
            ``C*ClassLogSumExp(z) - ClassSum(z)`` becomes ``-ClassSum(ClassLogSoftmax(z))``.

    Example:
        >>> import sympy as sp
        >>> from symxent.numeric.nodes import ClassLogSumExp, ClassSum
        >>> y, z = sp.symbols("y z")
        >>> fuse(-ClassSum(y * (z - ClassLogSumExp(z))))
        -ClassSum(y*ClassLogSoftmax(z))
        >>> C = sp.Symbol("C")
        >>> fuse(C * ClassLogSumExp(z) - ClassSum(z), {z: C})
        -ClassSum(ClassLogSoftmax(z))
    """
    if counts:
        expr = expr.replace(
            lambda node: node.is_Add and node.has(ClassLogSumExp),
            lambda node: _fuse_uniform(node, counts),
        )
    expr = expr.replace(lambda node: node.is_Add and node.has(ClassLogSumExp), _fuse_add)
    return expr.replace(
        lambda node: isinstance(node, sp.exp) and isinstance(node.args[0], ClassLogSoftmax),
        lambda node: ClassSoftmax(node.args[0].args[0]),
    )
