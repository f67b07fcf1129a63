r"""Which layout suits a vectorised expression: does it broadcast row values along the classes?

With few classes, numpy is slow at two things in the class-last layout ``(rows, n)``: reducing
along the short last axis (solved by the row routes of :mod:`symxent.numeric.runtime`: BLAS row
sums, unshifted log-sum-exp) and **broadcasting** a value per row back against a vector, like
:math:`z_j - \mathrm{LSE}(z)` or :math:`\varepsilon \, y_j` — an ``(rows, 1)`` array against
``(rows, n)``, which numpy runs as one tiny inner loop of length n per row. The class-first
layout copies each chunk transposed, ``(n, rows)``, so such broadcasts run along contiguous rows.

:func:`broadcasts_rows` tells the two cases apart: expressions that only reduce each row to a
number (entropy, KL, cross-entropy at an integer label, log-sum-exp) need no transposed copy;
those that broadcast (softmax, log-softmax vectors, gradients, probability-target CE) do.

Example:
    >>> import sympy as sp
    >>> from symxent.numeric.nodes import ClassLogSumExp, ClassSum, TakeLogSoftmax, XLogY
    >>> p, z, k = sp.symbols("p z k")
    >>> broadcasts_rows(-ClassSum(XLogY(p, p)), vectors={p}, rows=set())
    False
    >>> broadcasts_rows(-TakeLogSoftmax(z, k), vectors={z}, rows={k})
    False
    >>> broadcasts_rows(z - ClassLogSumExp(z), vectors={z}, rows=set())
    True
"""

from __future__ import annotations

from collections.abc import Set
from typing import Any

import sympy as sp

from symxent.numeric.nodes import (
    ClassLogSoftmax,
    ClassLogSumExp,
    ClassSoftmax,
    ClassSum,
    Take,
    TakeLogSoftmax,
)

__all__ = ["broadcasts_rows", "indices_read_only_as_labels", "reads_vectors_by_rows_only"]

_CLASS, _ROW, _CONSTANT = "class", "row", "constant"
_REDUCTIONS = (ClassSum, ClassLogSumExp, Take, TakeLogSoftmax)
_BROADCASTING = (ClassLogSoftmax, ClassSoftmax)  # their helpers subtract / divide a row value


def broadcasts_rows(expr: sp.Expr, vectors: Set[Any], rows: Set[Any]) -> bool:
    """True when evaluating ``expr`` combines a per-row array with a class-axis array.

    Args:
        expr: a vectorised expression (:attr:`~symxent.numeric.vectorize.ArrayPlan.expr`).
        vectors: the Symbols that are arrays with a class axis (vectors, class positions).
        rows: the Symbols that are arrays of one value per row (scalars, class indices).
            Other Symbols (class counts) are plain numbers.

    Returns:
        Whether some operation broadcasts a row value along the classes.

    Example:
        >>> import sympy as sp
        >>> y, eps = sp.symbols("y eps")
        >>> broadcasts_rows(eps * y, vectors={y}, rows={eps})
        True
    """
    found = False

    def kind(node: sp.Basic) -> str:
        nonlocal found
        if isinstance(node, sp.Symbol):
            return _CLASS if node in vectors else _ROW if node in rows else _CONSTANT
        if not node.args:
            return _CONSTANT
        kinds = [kind(arg) for arg in node.args]
        if isinstance(node, _REDUCTIONS):
            return _ROW
        if isinstance(node, _BROADCASTING):
            found = True
            return _CLASS
        if _CLASS in kinds:
            found = found or _ROW in kinds
            return _CLASS
        return _ROW if _ROW in kinds else _CONSTANT

    kind(expr)
    return found


_ROW_KERNELS = (TakeLogSoftmax, ClassLogSumExp)


def reads_vectors_by_rows_only(expr: sp.Expr, vectors: Set[Any]) -> bool:
    """True when every vector of ``expr`` is read only whole, by a fused row primitive.

    The log-softmax at an index and the log-sum-exp of a vector run as one compiled kernel
    (:mod:`symxent.numeric.native`); an expression whose vectors appear nowhere else makes no
    temporary the size of the vectors, so it needs no cache-sized chunks, and the kernel splits
    the rows over the threads itself.

    Example:
        >>> import sympy as sp
        >>> from symxent.numeric.nodes import ClassSum, TakeLogSoftmax, XLogY
        >>> z, p, k, w = sp.symbols("z p k w")
        >>> reads_vectors_by_rows_only(-w * TakeLogSoftmax(z, k), vectors={z})
        True
        >>> reads_vectors_by_rows_only(-ClassSum(XLogY(p, p)), vectors={p})
        False
    """

    def only_by_rows(node: sp.Basic) -> bool:
        if isinstance(node, sp.Symbol):
            return node not in vectors
        if isinstance(node, _ROW_KERNELS) and node.args[0] in vectors:
            return all(only_by_rows(arg) for arg in node.args[1:])
        return all(only_by_rows(arg) for arg in node.args)

    return only_by_rows(expr)


def indices_read_only_as_labels(expr: sp.Expr, indices: Set[Any]) -> set[Any]:
    """The ``indices`` that ``expr`` reads only as the label of a log-softmax at an index.

    Such an index is checked by whoever computes that log-softmax (the compiled kernels as they
    read each label, :func:`symxent.numeric.runtime.take_log_softmax` on its numpy paths), so a
    caller may leave its range check to them.

    Example:
        >>> import sympy as sp
        >>> from symxent.numeric.nodes import Take, TakeLogSoftmax
        >>> z, w, k = sp.symbols("z w k")
        >>> indices_read_only_as_labels(-TakeLogSoftmax(z, k), {k}) == {k}
        True
        >>> indices_read_only_as_labels(-Take(w, k) * TakeLogSoftmax(z, k), {k})
        set()
    """
    elsewhere: set[Any] = set()

    def visit(node: sp.Basic) -> None:
        if isinstance(node, sp.Symbol):
            if node in indices:
                elsewhere.add(node)
            return
        if isinstance(node, TakeLogSoftmax) and node.args[1] in indices:
            visit(node.args[0])
            return
        for arg in node.args:
            visit(arg)

    visit(expr)
    return set(indices) - elsewhere
