r"""Softmax, log-sum-exp and the sigmoid: the maps from scores to probabilities.

Example:
    >>> from symxent import Logits, Softmax, LogSumExp
    >>> z = Logits("z", "n")
    >>> k = z.index("k")
    >>> Softmax(z, k).definition()
    exp(z[k])/Sum(exp(z[j]), (j, 1, n))
    >>> LogSumExp(z).definition()
    log(Sum(exp(z[j]), (j, 1, n)))
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from symxent.distributions import Distribution, Vector, as_expression
from symxent.errors import DistributionError
from symxent.quantities.base import PrintsExpansion, SymbolicQuantity, arg_property

__all__ = ["LogSoftmax", "LogSumExp", "Sigmoid", "Softmax", "SoftmaxVector"]


def _logits(z: Any, what: str) -> Vector:
    if not isinstance(z, Vector):
        raise DistributionError(
            f"{what} must be a symxent vector such as Logits('z', n), got {z!r}"
        )
    return z


def _check_index(z: Vector, k: sp.Expr) -> sp.Expr:
    k = as_expression(k, f"class index of {z.name}")
    if k.is_Integer and z.n.is_Integer and not 1 <= int(k) <= int(z.n):
        raise DistributionError(f"class index {k} is out of range 1..{z.n} for {z.name}")
    if not (k.is_integer or isinstance(k, sp.Idx)):
        raise DistributionError(
            f"class index {k} must be an integer or an index from {z.name}.index('k')"
        )
    return k


class _Component(SymbolicQuantity):
    """Component ``k`` of a map of the logits ``z`` (softmax, log-softmax)."""

    def __new__(cls, z: Vector, k: Any) -> Any:
        z = _logits(z, f"{cls.__name__}'s logits")
        return super().__new__(cls, z, _check_index(z, k))

    z = arg_property[Vector](0, "The logits.")
    k = arg_property[sp.Expr](1, "The class index of this component.")


class Softmax(_Component):
    r"""Component k of the softmax: :math:`\mathrm{softmax}(z)_k = e^{z_k} / \sum_j e^{z_j}`.

    Example:
        >>> from symxent import Logits
        >>> z = Logits("z", values=[0, 0])
        >>> Softmax(z, 1).doit()
        1/2
    """

    def _eval_is_positive(self) -> bool:
        return True

    def definition(self) -> sp.Expr:
        z = self.z
        j = z.fresh_index_name(self.k)
        return sp.exp(z[self.k]) / z.sum(lambda i: sp.exp(z[i]), index=j)


class LogSoftmax(_Component):
    r"""Component k of the log-softmax: :math:`z_k - \log \sum_j e^{z_j}`.

    Kept as its own quantity because it is what stable numeric code computes.

    Example:
        >>> from symxent import Logits
        >>> z = Logits("z", "n")
        >>> LogSoftmax(z, z.index("k")).definition()
        -log(Sum(exp(z[j]), (j, 1, n))) + z[k]
    """

    def definition(self) -> sp.Expr:
        z = self.z
        j = z.fresh_index_name(self.k)
        return z[self.k] - sp.log(z.sum(lambda i: sp.exp(z[i]), index=j))


class LogSumExp(SymbolicQuantity):
    r"""Log-sum-exp :math:`\mathrm{LSE}(z) = \log \sum_j e^{z_j}`.

    Example:
        >>> import sympy as sp
        >>> from symxent import Logits
        >>> LogSumExp(Logits("z", values=[0, 0])).doit()
        log(2)
    """

    def __new__(cls, z: Vector) -> LogSumExp:
        return super().__new__(cls, _logits(z, "LogSumExp's argument"))

    z = arg_property[Vector](0, "The logits.")

    def definition(self) -> sp.Expr:
        z = self.z
        return sp.log(z.sum(lambda i: sp.exp(z[i]), index="j"))


class Sigmoid(PrintsExpansion, sp.Function):
    r"""The logistic sigmoid :math:`\sigma(x) = 1 / (1 + e^{-x})`; ``doit()`` expands it.

    Its derivative is :math:`\sigma(x)(1 - \sigma(x))`, so chains of derivatives stay short.

    Example:
        >>> import sympy as sp
        >>> x = sp.Symbol("x", real=True)
        >>> Sigmoid(x).diff(x)
        (1 - Sigmoid(x))*Sigmoid(x)
        >>> Sigmoid(0)
        1/2
    """

    nargs = 1

    def __new__(cls, x: Any, **options: Any) -> sp.Expr:
        x = as_expression(x, "argument of the sigmoid")
        return super().__new__(cls, x, **options)

    @classmethod
    def eval(cls, x: sp.Expr) -> sp.Expr | None:
        if x.is_zero:
            return sp.S.Half
        return None

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        return self * (1 - self)

    def doit(self, **hints: Any) -> sp.Expr:
        x = self.args[0]
        if hints.get("deep", True):
            x = x.doit(**hints)
        return 1 / (1 + sp.exp(-x))

    def definition(self) -> sp.Expr:
        """Return :math:`1 / (1 + e^{-x})`."""
        return self.doit(deep=False)

    def _eval_rewrite_as_exp(self, x: sp.Expr, **kwargs: Any) -> sp.Expr:
        return 1 / (1 + sp.exp(-x))

    def _eval_is_positive(self) -> bool | None:
        return True if self.args[0].is_extended_real else None

    def _eval_is_real(self) -> bool | None:
        return True if self.args[0].is_extended_real else None

    def _eval_evalf(self, prec: int) -> sp.Expr:
        return self.doit()._eval_evalf(prec)

    def _latex(self, printer: Any, exp: Any = None) -> str:
        tex = rf"\sigma({printer._print(self.args[0])})"
        return rf"{tex}^{{{exp}}}" if exp else tex


class SoftmaxVector(Distribution):
    r"""The distribution :math:`\mathrm{softmax}(z)` as a vector: entry k is ``Softmax(z, k)``.

    Lets ``CrossEntropy(y, SoftmaxVector(z))`` read as the loss it is.

    Example:
        >>> from symxent import CrossEntropy, Labels, Logits, latex
        >>> z, y = Logits("z", "n"), Labels("y", "n")
        >>> latex(CrossEntropy(y, SoftmaxVector(z)))
        'H(y, \\mathrm{softmax}(z))'
    """

    def __new__(cls, z: Vector) -> SoftmaxVector:
        z = _logits(z, "SoftmaxVector's logits")
        return sp.Basic.__new__(cls, z)

    z = arg_property[Vector](0, "The logits.")

    @property
    def name(self) -> str:
        return f"softmax({self.z.name})"

    @property
    def n(self) -> sp.Expr:
        return self.z.n

    values: tuple[sp.Expr, ...] = ()
    is_explicit = False

    def __getitem__(self, index: Any) -> sp.Expr:
        return Softmax(self.z, index)

    def _latex(self, printer: Any) -> str:
        return rf"\mathrm{{softmax}}({printer._print(self.z)})"
