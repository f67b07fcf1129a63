r"""Expand quantities to sums, logs and exps, keeping what the stable rewrites need to see.

``expr.doit()`` expands too much for numeric code: it turns :math:`\sigma(z)` into
:math:`1 / (1 + e^{-z})`, after which :math:`\log \sigma(z)` overflows for :math:`z = -1000`.
:func:`expand_for_numeric` instead replaces every symxent quantity by its one-level
``definition()`` until none is left, keeps :class:`~symxent.quantities.activations.Sigmoid` as a
function, writes :math:`\log_b x` as :math:`\log x / \log b`, and then evaluates derivatives
(``Derivative``) and substitutions (``Subs``).

Example:
    >>> import sympy as sp
    >>> from symxent import BinaryCrossEntropy, Sigmoid
    >>> z, y = sp.Symbol("z", real=True), sp.Symbol("y")
    >>> expand_for_numeric(BinaryCrossEntropy(y, Sigmoid(z)))
    -y*log(Sigmoid(z)) - (1 - y)*log(1 - Sigmoid(z))
"""

from __future__ import annotations

import sympy as sp

from symxent.errors import NumericError
from symxent.inputs import as_basic
from symxent.quantities.base import Logarithm, SymbolicQuantity, expand_quantities

__all__ = ["expand_for_numeric"]


def expand_for_numeric(expr: sp.Basic) -> sp.Expr:
    """Return ``expr`` with every quantity expanded and every derivative evaluated.

    Args:
        expr: any expression built from symxent quantities, vectors and SymPy functions.

    Returns:
        An expression of sums, logs, exps, ``Sigmoid`` and arithmetic only.

    Raises:
        NumericError: if a quantity cannot be expanded or a derivative cannot be evaluated.

    Example:
        >>> from symxent import Distribution, Entropy
        >>> expand_for_numeric(Entropy(Distribution("p", "n"), 2))
        -Sum(log(p[i])*p[i]/log(2), (i, 1, n))
    """
    try:
        result = expand_quantities(as_basic(expr, error=NumericError))
    except NotImplementedError as error:
        raise NumericError(f"{error} to compile; expand it by hand first") from None
    if result.has(SymbolicQuantity, Logarithm):  # pragma: no cover - a definition that loops
        raise NumericError(f"expanding {expr} did not terminate")
    if result.has(sp.Derivative, sp.Subs):
        try:
            result = result.replace(
                lambda node: isinstance(node, sp.Derivative | sp.Subs),
                lambda node: node.doit(deep=False),
            )
        except (TypeError, ValueError, NotImplementedError) as error:
            raise NumericError(f"cannot evaluate the derivative in {expr}: {error}") from None
        if result.has(sp.Derivative):
            raise NumericError(f"the derivative in {expr} stays unevaluated: {result}")
    return result
