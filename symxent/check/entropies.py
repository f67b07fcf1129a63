r"""An expression over one joint pmf read as a combination of the entropies of its marginals.

Example:
    >>> from symxent.quantities.joint import JointEntropy, MutualInformation
    >>> p = JointDistribution("p", ["X", "Y"])
    >>> X, Y = p.variables
    >>> form = entropy_form(MutualInformation(p, [X], [Y]) - JointEntropy(p, [X]))
    >>> sorted((sorted(map(str, s)), c) for s, c in form.coefficients.items())
    [(['X', 'Y'], -1), (['Y'], 1)]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sympy as sp

from symxent.inputs import as_basic
from symxent.quantities.base import Logarithm, SymbolicQuantity
from symxent.quantities.joint import (
    ConditionalEntropy,
    JointDistribution,
    JointEntropy,
    JointLabel,
    Marginal,
    MutualInformation,
    RandomVariable,
)

__all__ = ["EntropyForm", "Subset", "entropy_form", "expand_marginals", "involves_joint"]


Subset = frozenset[RandomVariable]


class _GiveUpError(Exception):
    """The expression is not a combination of entropies this module can read."""


def involves_joint(*exprs: sp.Basic) -> bool:
    """Whether any of ``exprs`` is about random variables over a joint pmf."""
    return any(
        e.atoms(JointDistribution)
        or any(isinstance(i.base.label, JointLabel) for i in e.atoms(sp.Indexed))
        for e in exprs
    )


def expand_marginals(expr: sp.Basic) -> sp.Basic:
    r"""Write every marginal out as the sum it is, :math:`p(x) = \sum_y p(x, y)`.

    Example:
        >>> p = JointDistribution("p", ["X", "Y"], sizes=[2, 2])
        >>> X, Y = p.variables
        >>> expand_marginals(p.marginal([X], {X: 1}))
        p(X,Y)[1, 1] + p(X,Y)[1, 2]
    """
    return expr.replace(lambda e: isinstance(e, Marginal), lambda e: e.doit())


def _joint_of(expr: sp.Basic) -> JointDistribution | None:
    joints = set(expr.atoms(JointDistribution))
    for indexed in expr.atoms(sp.Indexed):
        label = indexed.base.label
        if isinstance(label, JointLabel):
            name, _, names = str(label).partition("(")
            variables = names.rstrip(")").split(",")
            joints.add(JointDistribution(name, variables, indexed.base.shape))
    return next(iter(joints)) if len(joints) == 1 else None


@dataclass(frozen=True)
class EntropyForm:
    """An expression as ``sum_S coefficients[S] * H(S) + rest`` (entropies in nats).

    Attributes:
        joint: the joint pmf.
        coefficients: nonempty variable set S -> its coefficient (free of the pmf).
        rest: the part free of the pmf.
    """

    joint: JointDistribution
    coefficients: dict[Subset, sp.Expr]
    rest: sp.Expr


class _Reader:
    """Rewrites an expression in entropy symbols ``H_S``, one Dummy per variable set."""

    def __init__(self, joint: JointDistribution) -> None:
        self.joint = joint
        self.symbols: dict[Subset, sp.Dummy] = {}

    def entropy(self, variables: Iterable[RandomVariable]) -> sp.Expr:
        subset = frozenset(variables)
        if not subset:
            return sp.S.Zero
        if subset not in self.symbols:
            names = "".join(v.name for v in self.joint.ordered(subset))
            self.symbols[subset] = sp.Dummy(f"H_{names}")
        return self.symbols[subset]

    def walk(self, node: sp.Basic, summed: bool = False) -> sp.Expr:
        """Rewrite quantities and sums over the pmf; ``summed``: inside such a sum's body."""
        if isinstance(node, JointEntropy | ConditionalEntropy | MutualInformation):
            if node.joint != self.joint:
                raise _GiveUpError
            return self.quantity(node) / sp.log(self.walk(node.base))
        if isinstance(node, Logarithm):
            x, base = (self.walk(a, summed) for a in node.args)
            return sp.log(x) / sp.log(base)
        if summed and isinstance(node, SymbolicQuantity):
            return self.walk(node.definition(), summed)  # I(p(x)) = log 1/p(x) in a summand
        if isinstance(node, sp.Sum):
            if summed:
                raise _GiveUpError  # a sum inside a summand (a marginal written out)
            return self.sum(node)
        if isinstance(node, Marginal) or (
            isinstance(node, sp.Indexed) and isinstance(node.base.label, JointLabel)
        ):
            if summed:
                return node
            raise _GiveUpError  # an entry outside a sum over the pmf: a pointwise claim
        if not node.args or isinstance(node, sp.Indexed | sp.Idx | JointDistribution):
            return node
        args = [self.walk(a, summed) for a in node.args]
        return node.func(*args) if args != list(node.args) else node

    def quantity(self, node: sp.Basic) -> sp.Expr:
        h = self.entropy
        if isinstance(node, JointEntropy):
            return h(node.variables)
        if isinstance(node, ConditionalEntropy):
            return h(node.variables + node.given) - h(node.given)
        if isinstance(node, MutualInformation):
            a, b, c = node.left, node.right, node.given
            return h(a + c) + h(b + c) - h(a + b + c) - h(c)
        raise _GiveUpError  # pragma: no cover - walk only passes these three

    # ------------------------------------------------------------------ sums over the pmf

    def sum(self, node: sp.Sum) -> sp.Expr:
        body, limits = node.function, list(node.limits)
        while isinstance(body, sp.Sum):
            limits = list(body.limits) + limits
            body = body.function
        bound = {var: (low, high) for var, low, high in limits}
        if len(bound) != len(limits) or any(
            (low.free_symbols | high.free_symbols) & set(bound) for low, high in bound.values()
        ):
            raise _GiveUpError
        total = sp.S.Zero
        for part in sp.Add.make_args(sp.expand(body)):
            inner = [f for f in sp.Mul.make_args(part) if isinstance(f, sp.Sum)]
            if inner:
                total += self.sum(_merged(part, inner, limits))
                continue
            for term in sp.Add.make_args(sp.expand(self.walk(part, summed=True))):
                total += self.term(term, bound)
        return total

    def term(self, term: sp.Expr, bound: dict[sp.Basic, tuple[sp.Expr, sp.Expr]]) -> sp.Expr:
        r"""One term of a summand, summed: :math:`\sum_V c\,p_V \log(\ldots)` or :math:`\sum c`."""
        weights, logs, constants = [], [], []
        for factor in sp.Mul.make_args(term):
            if _entry_variables(factor, self.joint) is not None:
                weights.append(factor)
            elif isinstance(factor, sp.log) and factor.has(*bound):
                logs.append(factor)
            elif factor.has(*bound):
                raise _GiveUpError
            else:
                constants.append(factor)
        constant = sp.Mul(*constants)
        if not weights:
            if logs:
                raise _GiveUpError
            return constant * _count(bound, set())
        if len(weights) > 1 or len(logs) > 1:
            raise _GiveUpError
        at = _entry_variables(weights[0], self.joint)
        assert at is not None  # noqa: S101 - checked above
        self._check_indices(at, bound)
        used = set(at.values())
        value: sp.Expr = sp.S.One
        if logs:
            value = self.log_of_marginals(logs[0].args[0], at)
        return constant * _count(bound, used) * value

    def _check_indices(
        self, at: dict[RandomVariable, sp.Expr], bound: dict[sp.Basic, tuple[sp.Expr, sp.Expr]]
    ) -> None:
        """The weight's values are distinct summation indices over their whole alphabets."""
        if len(set(at.values())) != len(at):
            raise _GiveUpError
        for variable, index in at.items():
            if index not in bound or bound[index] != (1, self.joint.size(variable)):
                raise _GiveUpError

    def log_of_marginals(self, argument: sp.Expr, at: dict[RandomVariable, sp.Expr]) -> sp.Expr:
        r""":math:`\log \prod_S p_S^{e_S} \cdot c = -\sum_S e_S H_S + \log c` under the weight."""
        total = sp.S.Zero
        for factor in sp.Mul.make_args(argument):
            base, exponent = factor.as_base_exp()
            variables = _entry_variables(base, self.joint)
            if variables is None:
                if base.free_symbols & set(at.values()) or not factor.is_positive:
                    raise _GiveUpError
                total += sp.log(factor)
                continue
            if not exponent.is_Rational or any(at.get(v) != i for v, i in variables.items()):
                raise _GiveUpError  # a marginal at other values than the weight's
            total -= exponent * self.entropy(variables)
        return total


def _merged(part: sp.Expr, inner: list[sp.Sum], limits: list[tuple[sp.Basic, ...]]) -> sp.Sum:
    r""":math:`\sum_x a(x) \sum_y b(x, y) = \sum_{x,y} a(x) b(x, y)` (finite sums, fixed bounds)."""
    if len(inner) > 1:
        raise _GiveUpError
    (nested,) = inner
    fresh = {var: sp.Dummy(str(var), integer=True) for var, *_ in nested.limits}
    rest = part / nested
    body = rest * nested.function.xreplace(fresh)
    return sp.Sum(body, *[(fresh[v], low, high) for v, low, high in nested.limits], *limits)


def _entry_variables(
    factor: sp.Basic, joint: JointDistribution
) -> dict[RandomVariable, sp.Expr] | None:
    """Variable -> value of a marginal or an entry of ``joint``; None for anything else."""
    if isinstance(factor, Marginal):
        return factor.at if factor.joint == joint else None
    if isinstance(factor, sp.Indexed) and factor.base == joint.base:
        return dict(zip(joint.variables, factor.indices, strict=True))
    return None


def _count(bound: dict[sp.Basic, tuple[sp.Expr, sp.Expr]], used: set[sp.Basic]) -> sp.Expr:
    """The number of values of the summation indices not in ``used`` (the term is free of them)."""
    return sp.Mul(*(high - low + 1 for index, (low, high) in bound.items() if index not in used))


def entropy_form(expr: sp.Basic) -> EntropyForm | None:
    """Write ``expr`` as a linear combination of the entropies of a joint pmf's marginals.

    Returns:
        The form, or None when ``expr`` is not (recognisably) such a combination.

    Example:
        >>> from symxent.quantities.joint import ConditionalEntropy, JointDistribution
        >>> p = JointDistribution("p", ["X", "Y"])
        >>> X, Y = p.variables
        >>> form = entropy_form(ConditionalEntropy(p, [Y], [X]))
        >>> sorted((sorted(map(str, s)), c) for s, c in form.coefficients.items())
        [(['X'], -1), (['X', 'Y'], 1)]
    """
    joint = _joint_of(expr)
    if joint is None:
        return None
    reader = _Reader(joint)
    try:
        walked = sp.expand(reader.walk(as_basic(expr)))
    except (_GiveUpError, TypeError, ValueError):
        return None
    by_symbol = {symbol: subset for subset, symbol in reader.symbols.items()}
    coefficients: dict[Subset, sp.Expr] = {}
    rest = sp.S.Zero
    for term in sp.Add.make_args(walked):
        present = [s for s in term.free_symbols if s in by_symbol]
        if not present:
            rest += term
            continue
        coefficient = term / present[0]
        if len(present) > 1 or coefficient.free_symbols & set(by_symbol):
            return None  # not linear in the entropies
        subset = by_symbol[present[0]]
        coefficients[subset] = coefficients.get(subset, sp.S.Zero) + coefficient
    if rest.has(Marginal, sp.Sum) or any(
        isinstance(i.base.label, JointLabel) for i in rest.atoms(sp.Indexed)
    ):
        return None
    return EntropyForm(joint, coefficients, rest)
