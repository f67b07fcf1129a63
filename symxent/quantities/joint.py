r"""Random variables over one joint pmf: joint and conditional entropy, mutual information.

Random variables :math:`X, Y, Z` range over one joint pmf :math:`p(x, y, z)` with symbolic
alphabet sizes :math:`|\mathcal{X}|, |\mathcal{Y}|, |\mathcal{Z}|`: a nonnegative array
``p[i, j, k]`` summing to 1 (:class:`JointDistribution`). Marginals are its sums
(:class:`Marginal`, printed :math:`p(x)`, :math:`p(x, z)`), and every quantity is a sum over the
pmf, written as a textbook writes it (0 log 0 = 0 throughout; the variables, the pmf and its
marginals are in :mod:`symxent.quantities.joint_pmf`):

* :class:`JointEntropy` :math:`H(X, Y) = -\sum_{x,y} p(x, y) \log p(x, y)` (one variable:
  the entropy of its marginal, :math:`H(X)`);
* :class:`ConditionalEntropy`
  :math:`H(Y \mid X) = -\sum_{x,y} p(x, y) \log \frac{p(x, y)}{p(x)}`;
* :class:`MutualInformation`
  :math:`I(X; Y \mid Z) = \sum_{x,y,z} p(x, y, z) \log \frac{p(x, y, z)\, p(z)}{p(x, z)\, p(y, z)}`
  (without a condition, :math:`\sum_{x,y} p(x, y) \log \frac{p(x, y)}{p(x) p(y)}`).

Example:
    >>> p = JointDistribution("p", ["X", "Y"])
    >>> X, Y = p.variables
    >>> ConditionalEntropy(p, [Y], [X]).definition()
    -Sum(log(p(X,Y)[x, y]/p_{X}(x))*p(X,Y)[x, y], (x, 1, |X|), (y, 1, |Y|))
    >>> p3 = JointDistribution("p", ["X", "Y"], sizes=[2, 2])
    >>> X, Y = p3.variables
    >>> JointEntropy(p3, [X]).definition()
    -Sum(log(p_{X}(x))*p_{X}(x), (x, 1, 2))
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import sympy as sp

from symxent.errors import DistributionError
from symxent.quantities.base import SymbolicQuantity, arg_property, as_base
from symxent.quantities.information import weighted_log
from symxent.quantities.joint_pmf import (
    AlphabetSize,
    JointDistribution,
    JointLabel,
    Marginal,
    RandomVariable,
    alphabet_size,
)

__all__ = [
    "AlphabetSize",
    "ConditionalEntropy",
    "JointDistribution",
    "JointEntropy",
    "JointLabel",
    "Marginal",
    "MutualInformation",
    "RandomVariable",
    "alphabet_size",
]


def _joint(value: Any, what: str) -> JointDistribution:
    if not isinstance(value, JointDistribution):
        raise DistributionError(
            f"{what} is taken over a joint pmf such as JointDistribution('p', ['X', 'Y']), "
            f"got {value!r}"
        )
    return value


def _variables(joint: JointDistribution, values: Iterable[Any], what: str) -> sp.Tuple:
    chosen = tuple(values)
    try:
        variables = tuple(joint.variables[joint.axis(v)] for v in chosen)
    except DistributionError as error:
        raise DistributionError(f"{what}: {error}") from None
    return sp.Tuple(*variables)


class _JointQuantity(SymbolicQuantity):
    """A quantity of a joint pmf; its first argument is the pmf, its last the log base."""

    joint = arg_property[JointDistribution](0, "The joint pmf.")
    base = arg_property[sp.Expr](-1, "The log base (``E`` for nats, ``2`` for bits).")

    def _weighted(
        self,
        variables: Sequence[RandomVariable],
        argument: Callable[[dict[RandomVariable, Any]], sp.Expr],
        sign: int,
    ) -> sp.Expr:
        r""":math:`\pm\sum p(\ldots) \log(\text{argument})` over ``variables`` (0 log 0 = 0)."""
        joint = self.joint

        def term(at: dict[RandomVariable, Any]) -> sp.Expr:
            weight = joint.marginal(variables, at)
            return weighted_log(weight, argument(at), self.base)

        return sign * joint.sum(variables, term)


class JointEntropy(_JointQuantity):
    r"""Joint entropy :math:`H(X, Y) = -\sum_{x,y} p(x, y) \log p(x, y)`.

    Of one variable it is the entropy of its marginal, :math:`H(X) = -\sum_x p(x) \log p(x)`.

    Args:
        joint: the joint pmf.
        variables: the variables (repeats count once).
        base: log base.

    Example:
        >>> p = JointDistribution("p", ["X", "Y"], sizes=[2, 2])
        >>> X, Y = p.variables
        >>> from symxent import latex
        >>> latex(JointEntropy(p, [X, Y], 2))
        'H_{2}(X, Y)'
    """

    def __new__(
        cls, joint: JointDistribution, variables: Iterable[Any], base: Any = sp.E
    ) -> JointEntropy:
        joint = _joint(joint, "a joint entropy")
        chosen = _variables(joint, variables, "H's variables")
        if not chosen:
            raise DistributionError("H() needs at least one random variable")
        return super().__new__(cls, joint, chosen, as_base(base))

    variables = arg_property(1, "The variables, as written.", tuple)

    def definition(self) -> sp.Expr:
        kept = self.joint.ordered(self.variables)
        return self._weighted(kept, lambda at: self.joint.marginal(kept, at), -1)


class ConditionalEntropy(_JointQuantity):
    r"""Conditional entropy :math:`H(Y \mid X) = -\sum_{x,y} p(x, y) \log \frac{p(x,y)}{p(x)}`.

    Args:
        joint: the joint pmf.
        variables: the variables before the bar (``Y``).
        given: the variables after it (``X``).
        base: log base.

    Example:
        >>> p = JointDistribution("p", ["X", "Y"])
        >>> X, Y = p.variables
        >>> from symxent import latex
        >>> latex(ConditionalEntropy(p, [Y], [X]))
        'H(Y \\mid X)'
    """

    def __new__(
        cls,
        joint: JointDistribution,
        variables: Iterable[Any],
        given: Iterable[Any],
        base: Any = sp.E,
    ) -> ConditionalEntropy:
        joint = _joint(joint, "a conditional entropy")
        chosen = _variables(joint, variables, "H's variables")
        condition = _variables(joint, given, "the condition of H")
        if not chosen or not condition:
            raise DistributionError("H(Y | X) needs variables on both sides of the bar")
        return super().__new__(cls, joint, chosen, condition, as_base(base))

    variables = arg_property(1, "The variables before the bar.", tuple)
    given = arg_property(2, "The variables after the bar.", tuple)

    def definition(self) -> sp.Expr:
        joint = self.joint
        every = joint.ordered(self.variables + self.given)
        given = joint.ordered(self.given)
        return self._weighted(
            every, lambda at: joint.marginal(every, at) / joint.marginal(given, at), -1
        )


class MutualInformation(_JointQuantity):
    r"""Mutual information :math:`I(X; Y \mid Z)`, with or without a condition.

    :math:`I(X; Y) = \sum_{x,y} p(x, y) \log \frac{p(x, y)}{p(x) p(y)}` and
    :math:`I(X; Y \mid Z) = \sum_{x,y,z} p(x,y,z) \log \frac{p(x,y,z)\,p(z)}{p(x,z)\,p(y,z)}`;
    each side of the semicolon may be several variables, :math:`I(X; Y, Z)`.

    Args:
        joint: the joint pmf.
        left: the variables before the semicolon.
        right: the variables after it.
        given: the variables after the bar (may be empty).
        base: log base.

    Example:
        >>> p = JointDistribution("p", ["X", "Y", "Z"])
        >>> X, Y, Z = p.variables
        >>> from symxent import latex
        >>> latex(MutualInformation(p, [X], [Y], [Z]))
        'I(X; Y \\mid Z)'
    """

    def __new__(
        cls,
        joint: JointDistribution,
        left: Iterable[Any],
        right: Iterable[Any],
        given: Iterable[Any] = (),
        base: Any = sp.E,
    ) -> MutualInformation:
        joint = _joint(joint, "a mutual information")
        a = _variables(joint, left, "I's first variables")
        b = _variables(joint, right, "I's second variables")
        c = _variables(joint, given, "the condition of I")
        if not a or not b:
            raise DistributionError("I(X; Y) needs variables on both sides of the semicolon")
        return super().__new__(cls, joint, a, b, c, as_base(base))

    left = arg_property(1, "The variables before the semicolon.", tuple)
    right = arg_property(2, "The variables after the semicolon.", tuple)
    given = arg_property(3, "The variables after the bar (empty without a condition).", tuple)

    def definition(self) -> sp.Expr:
        joint = self.joint
        a, b, c = self.left, self.right, self.given
        every = joint.ordered(a + b + c)
        ac, bc, only_c = joint.ordered(a + c), joint.ordered(b + c), joint.ordered(c)

        def ratio(at: dict[RandomVariable, Any]) -> sp.Expr:
            m = joint.marginal
            return m(every, at) * m(only_c, at) / (m(ac, at) * m(bc, at))

        return self._weighted(every, ratio, 1)
