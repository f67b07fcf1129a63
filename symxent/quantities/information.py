r"""Information-theoretic quantities: information content, entropy, cross-entropy, KL, BCE.

Every quantity takes a log ``base`` (``sympy.E`` for nats by default, ``2`` for bits, or a Symbol)
and follows the convention :math:`0 \log 0 = 0`: for vectors with explicit values, terms whose
weight is exactly zero are dropped.

Example:
    >>> from symxent import CrossEntropy, Distribution, KLDivergence
    >>> p, q = Distribution("p", "n"), Distribution("q", "n")
    >>> KLDivergence(p, q).definition()
    Sum(log(p[i]/q[i])*p[i], (i, 1, n))
    >>> CrossEntropy(p, q).definition()
    -Sum(log(q[i])*p[i], (i, 1, n))
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from symxent.distributions import Vector, as_expression
from symxent.errors import DistributionError
from symxent.quantities.base import SymbolicQuantity, arg_property, as_base, entry_labels, log_base

__all__ = [
    "BinaryCrossEntropy",
    "BinaryEntropy",
    "CrossEntropy",
    "Entropy",
    "Expectation",
    "Information",
    "KLDivergence",
    "MatchProbability",
    "weighted_log",
]


def weighted_log(weight: sp.Expr, argument: sp.Expr, base: sp.Expr) -> sp.Expr:
    """Return ``weight * log_base(argument)``, or exactly 0 when ``weight`` is 0 (0 log 0 = 0).

    Example:
        >>> import sympy as sp
        >>> weighted_log(sp.S.Zero, sp.S.Zero, sp.E)
        0
    """
    if weight.is_zero:
        return sp.S.Zero
    deltas = [f for f in sp.Mul.make_args(weight) if isinstance(f, sp.KroneckerDelta)]
    if deltas:
        # Where a delta is 0 the whole term is 0 (0 log 0 = 0); where it is 1 the argument
        # sees the delta as 1. So the delta may be set to 1 inside the log.
        argument = argument.xreplace(dict.fromkeys(deltas, sp.S.One))
    return weight * log_base(argument, base)


def _vector(value: Any, what: str) -> Vector:
    if not isinstance(value, Vector):
        raise DistributionError(
            f"{what} must be a symxent vector such as Distribution('p', n), got {value!r}"
        )
    return value


def _probability(value: Any, what: str) -> sp.Expr:
    """A probability: any expression, but a number must lie in [0, 1]."""
    expr = as_expression(value, what)
    if expr.is_number and expr.is_extended_real is not False:
        if expr.is_negative or (expr - 1).is_positive:
            raise DistributionError(f"{what} must be a probability in [0, 1], got {expr}")
    elif expr.is_number:
        raise DistributionError(f"{what} must be a real probability in [0, 1], got {expr}")
    return expr


def _same_length(p: Vector, q: Vector, what: str) -> None:
    if p.n != q.n:
        raise DistributionError(
            f"{what}: {p.name} has {p.n} classes but {q.name} has {q.n}; they must match"
        )


class _BasedQuantity(SymbolicQuantity):
    """A quantity whose last argument is its log base."""

    base = arg_property[sp.Expr](-1, "The log base (``E`` for nats, ``2`` for bits).")


class Information(_BasedQuantity):
    r"""Information content (surprisal) :math:`I(p) = \log \frac{1}{p}` of an event.

    Args:
        probability: the event's probability (a number, Symbol or vector entry).
        base: log base; ``2`` gives bits.

    Example:
        >>> import sympy as sp
        >>> Information(sp.Rational(1, 8), 2).doit()
        3
    """

    def __new__(cls, probability: Any, base: Any = sp.E) -> Information:
        probability = _probability(probability, "Information's probability")
        return super().__new__(cls, probability, as_base(base))

    probability = arg_property[sp.Expr](0, "The event's probability.")

    def definition(self) -> sp.Expr:
        return log_base(1 / self.probability, self.base)


class Entropy(_BasedQuantity):
    r"""Shannon entropy :math:`H(p) = -\sum_i p_i \log p_i`.

    Example:
        >>> from symxent import Distribution
        >>> Entropy(Distribution("p", values=["1/2", "1/4", "1/8", "1/8"]), 2).doit()
        7/4
    """

    def __new__(cls, p: Vector, base: Any = sp.E) -> Entropy:
        return super().__new__(cls, _vector(p, "Entropy's argument"), as_base(base))

    p = arg_property[Vector](0, "The distribution.")

    def definition(self) -> sp.Expr:
        p = self.p
        return -p.sum(lambda i: weighted_log(p[i], p[i], self.base))


class CrossEntropy(_BasedQuantity):
    r"""Cross-entropy :math:`H(p, q) = -\sum_i p_i \log q_i` of q relative to the truth p.

    Printed as ``H(p, q)`` or, with the printer setting ``cross_entropy="CE"``,
    :math:`\mathrm{CE}(p, q)`.

    Example:
        >>> from symxent import Distribution
        >>> p = Distribution("p", values=["1/2", "1/4", "1/8", "1/8"])
        >>> q = Distribution("q", values=["1/4"] * 4)
        >>> CrossEntropy(p, q, 2).doit()
        2
    """

    def __new__(cls, p: Vector, q: Vector, base: Any = sp.E) -> CrossEntropy:
        p, q = _vector(p, "CrossEntropy's p"), _vector(q, "CrossEntropy's q")
        _same_length(p, q, "CrossEntropy")
        return super().__new__(cls, p, q, as_base(base))

    p = arg_property[Vector](0, "The true distribution.")
    q = arg_property[Vector](1, "The model (coding) distribution.")

    def definition(self) -> sp.Expr:
        p, q = self.p, self.q
        return -p.sum(lambda i: weighted_log(p[i], q[i], self.base))


class KLDivergence(_BasedQuantity):
    r"""KL divergence :math:`D_{\mathrm{KL}}(p \parallel q) = \sum_i p_i \log (p_i/q_i)`.

    Example:
        >>> from symxent import Distribution
        >>> p = Distribution("p", values=["1/3", "2/3"])
        >>> q = Distribution("q", values=["2/3", "1/3"])
        >>> import sympy as sp
        >>> sp.expand_log(KLDivergence(p, q).doit())
        log(2)/3
    """

    def __new__(cls, p: Vector, q: Vector, base: Any = sp.E) -> KLDivergence:
        p, q = _vector(p, "KLDivergence's p"), _vector(q, "KLDivergence's q")
        _same_length(p, q, "KLDivergence")
        return super().__new__(cls, p, q, as_base(base))

    p = arg_property[Vector](0, "The true distribution.")
    q = arg_property[Vector](1, "The approximating distribution.")

    def definition(self) -> sp.Expr:
        p, q = self.p, self.q
        return p.sum(lambda i: weighted_log(p[i], p[i] / q[i], self.base))


class BinaryEntropy(_BasedQuantity):
    r"""Entropy of a Bernoulli(p) variable: :math:`H_b(p) = -p \log p - (1 - p) \log (1 - p)`.

    Example:
        >>> import sympy as sp
        >>> BinaryEntropy(sp.Rational(1, 2), 2).doit()
        1
    """

    def __new__(cls, probability: Any, base: Any = sp.E) -> BinaryEntropy:
        probability = _probability(probability, "BinaryEntropy's probability")
        return super().__new__(cls, probability, as_base(base))

    probability = arg_property[sp.Expr](0, "The probability of the outcome 1.")

    def definition(self) -> sp.Expr:
        p, b = self.probability, self.base
        return -weighted_log(p, p, b) - weighted_log(1 - p, 1 - p, b)


class BinaryCrossEntropy(_BasedQuantity):
    r"""Binary cross-entropy :math:`-\bigl(y \log \hat y + (1 - y) \log (1 - \hat y)\bigr)`.

    Args:
        label: the target y in [0, 1] (usually 0 or 1).
        prediction: the predicted probability :math:`\hat y` in (0, 1).
        base: log base.

    Example:
        >>> import sympy as sp
        >>> BinaryCrossEntropy(1, sp.Rational(1, 2), 2).doit()
        1
    """

    def __new__(cls, label: Any, prediction: Any, base: Any = sp.E) -> BinaryCrossEntropy:
        label = _probability(label, "BinaryCrossEntropy's label")
        prediction = _probability(prediction, "BinaryCrossEntropy's prediction")
        return super().__new__(cls, label, prediction, as_base(base))

    label = arg_property[sp.Expr](0, "The target y.")
    prediction = arg_property[sp.Expr](1, r"The predicted probability :math:`\hat y`.")

    def definition(self) -> sp.Expr:
        y, yhat, b = self.label, self.prediction, self.base
        return -(weighted_log(y, yhat, b) + weighted_log(1 - y, 1 - yhat, b))


class Expectation(SymbolicQuantity):
    r"""Expectation :math:`\mathbb{E}_{c \sim p}[f(c)] = \sum_c p_c f(c)` over the classes.

    Args:
        p: the distribution the index is drawn from.
        body: the expression f, written in terms of ``index`` (e.g. ``-log(q[c])``).
        index: the bound class variable (an integer Symbol; see
            :func:`symxent.distributions.summation_index`).

    Example:
        >>> import sympy as sp
        >>> from symxent import Distribution
        >>> from symxent.distributions import summation_index
        >>> p, q = Distribution("p", "n"), Distribution("q", "n")
        >>> c = summation_index("c")
        >>> Expectation(p, q[c], c).doit()
        Sum(p[c]*q[c], (c, 1, n))
    """

    def __new__(cls, p: Vector, body: Any, index: sp.Symbol) -> Expectation:
        if not isinstance(index, sp.Symbol):
            raise DistributionError(f"Expectation's index must be a Symbol, got {index!r}")
        body = as_expression(body, "Expectation's body")
        return super().__new__(cls, _vector(p, "Expectation's p"), body, index)

    p = arg_property[Vector](0, "The distribution of the index.")
    body = arg_property[sp.Expr](1, "The expression whose expectation is taken.")
    index = arg_property[sp.Symbol](2, "The bound class variable.")

    @property
    def free_symbols(self) -> set[sp.Basic]:
        return (self.body.free_symbols - {self.index}) | self.p.free_symbols | entry_labels(self)

    def definition(self) -> sp.Expr:
        p, c = self.p, self.index
        return p.sum(lambda i: p[i] * self.body.xreplace({c: i}), index=c)


class MatchProbability(SymbolicQuantity):
    r"""Probability that independent X ~ p and Y ~ q agree: :math:`P(X = Y) = \sum_c p_c q_c`.

    Example:
        >>> from symxent import Distribution
        >>> p = Distribution("p", values=["1/3", "2/3"])
        >>> q = Distribution("q", values=["2/3", "1/3"])
        >>> MatchProbability(p, q).doit()
        4/9
    """

    def __new__(cls, p: Vector, q: Vector) -> MatchProbability:
        p, q = _vector(p, "MatchProbability's p"), _vector(q, "MatchProbability's q")
        _same_length(p, q, "MatchProbability")
        return super().__new__(cls, p, q)

    p = arg_property[Vector](0, "Distribution of X.")
    q = arg_property[Vector](1, "Distribution of Y.")

    def definition(self) -> sp.Expr:
        p, q = self.p, self.q
        return p.sum(lambda i: p[i] * q[i], index="c")
