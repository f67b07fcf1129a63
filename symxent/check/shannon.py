r"""Exact proofs of Shannon-type identities and inequalities over one joint pmf.

Every information quantity of random variables over one joint pmf is a linear combination of
the entropies of its marginals, :math:`H(Y \mid X) = H(X, Y) - H(X)`,
:math:`I(X; Y \mid Z) = H(X, Z) + H(Y, Z) - H(X, Y, Z) - H(Z)`; so is a sum over the pmf written
out, such as :math:`\sum_{x,y} p(x,y) \log \frac{p(x,y)}{p(x) p(y)} = H(X) + H(Y) - H(X, Y)`: the
log of a product of marginals splits into their logs, because where :math:`p(x, y) > 0` each of
its marginals is positive too (and where it is 0 the term is 0 either way), and
:math:`\sum_{x,y} p(x, y) \log p(x) = \sum_x p(x) \log p(x) = -H(X)`.

A claim whose difference reduces to such a combination (plus terms free of the pmf) is

* **an identity** when every entropy's coefficient is 0 and the rest vanishes: the entropies
  are then free symbols, so the claim holds for every pmf;
* **an inequality** when its difference is a nonnegative combination of Shannon's elemental
  inequalities, :math:`H(X_i \mid X_{N - i}) \ge 0` and
  :math:`I(X_i; X_j \mid X_K) \ge 0`, and of :math:`H(X) \le \log |\mathcal{X}|`, plus a
  nonnegative rest. The combination is found by an exact rational linear program (Yeung's
  framework for Shannon-type inequalities) and checked again by substitution.

The entropy forms are read in :mod:`symxent.check.entropies`. Nothing here is needed for
soundness of a refutation; ``None`` means "no proof found".

Example:
    >>> from symxent.quantities.joint import JointDistribution, JointEntropy, MutualInformation
    >>> from symxent.relations import Relation
    >>> p = JointDistribution("p", ["X", "Y"])
    >>> X, Y = p.variables
    >>> H = lambda *v: JointEntropy(p, v)
    >>> prove_information(MutualInformation(p, [X], [Y]), Relation.EQ, H(X) + H(Y) - H(X, Y))
    'symbolic: entropies of the marginals of the joint pmf'
    >>> prove_information(H(X, Y), Relation.LE, H(X) + H(Y))
    "symbolic: Shannon's inequalities (a nonnegative combination of 1 elemental inequality)"
    >>> from symxent.quantities.joint import alphabet_size
    >>> import sympy as sp
    >>> prove_information(H(X), Relation.LE, sp.log(alphabet_size("X")))
    "symbolic: Shannon's inequalities (a nonnegative combination of H(X) <= log|X|)"
"""

from __future__ import annotations

import itertools

import sympy as sp

from symxent.check.detail import Detail
from symxent.check.entropies import (
    EntropyForm,
    Subset,
    _GiveUpError,
    entropy_form,
    expand_marginals,
    involves_joint,
)
from symxent.check.linear import feasible_point
from symxent.inputs import as_expr
from symxent.quantities.joint import AlphabetSize, JointDistribution, RandomVariable
from symxent.relations import Relation

__all__ = [
    "EntropyForm",
    "entropy_form",
    "expand_marginals",
    "involves_joint",
    "prove_information",
]

_MAX_VARIABLES = 5
"""Largest number of random variables for which the linear program is set up."""


def _zero(value: sp.Expr) -> bool:
    if value == 0:
        return True
    try:
        return bool(sp.simplify(value) == 0)
    except Exception:  # SymPy raises odd errors on odd input
        return False


def _elemental(variables: tuple[RandomVariable, ...]) -> list[dict[Subset, int]]:
    r"""Shannon's elemental inequalities over ``variables``, each as ``{S: coefficient}`` >= 0.

    :math:`H(X_i \mid X_{N - i}) = H_N - H_{N - i}` and
    :math:`I(X_i; X_j \mid X_K) = H_{iK} + H_{jK} - H_{ijK} - H_K`; every Shannon-type
    inequality is a nonnegative combination of these (Yeung).
    """

    def row(*terms: tuple[Subset, int]) -> dict[Subset, int]:
        found: dict[Subset, int] = {}
        for subset, value in terms:
            if subset:  # H of no variable is 0
                found[subset] = found.get(subset, 0) + value
        return found

    everything = frozenset(variables)
    rows = [row((everything, 1), (everything - {v}, -1)) for v in variables]
    for first, second in itertools.combinations(variables, 2):
        others = [v for v in variables if v not in (first, second)]
        for size in range(len(others) + 1):
            for chosen in itertools.combinations(others, size):
                k = frozenset(chosen)
                rows.append(
                    row((k | {first}, 1), (k | {second}, 1), (k | {first, second}, -1), (k, -1))
                )
    return rows


def _split_rest(rest: sp.Expr, joint: JointDistribution) -> tuple[dict[sp.Expr, sp.Expr], sp.Expr]:
    r"""The rest as ``sum_s a_s log s + r0`` over the symbolic alphabet sizes s, or raise."""
    expanded = sp.expand(sp.expand_log(rest))
    logs: dict[sp.Expr, sp.Expr] = {}
    for size in dict.fromkeys(joint.sizes):
        if isinstance(size, AlphabetSize) or size.is_Symbol:
            coefficient = expanded.coeff(sp.log(size))
            if coefficient != 0:
                logs[size] = coefficient
                expanded = sp.expand(expanded - coefficient * sp.log(size))
    if expanded.free_symbols or any(c.free_symbols for c in logs.values()):
        raise _GiveUpError
    return logs, expanded


def _sign(constant: sp.Expr) -> int | None:
    """The sign of a constant: 0 only if it is exactly 0; None if too close to tell."""
    if _zero(constant):
        return 0
    value = sp.N(constant, 60)
    if not value.is_real or not value.is_number or abs(value) < sp.Float("1e-40"):
        return None
    return 1 if value > 0 else -1


def _rational_multiples(values: list[sp.Expr]) -> tuple[sp.Expr, list[sp.Rational]] | None:
    """A positive unit u and rationals r with ``value = r * u`` for every value, if any."""
    nonzero = [v for v in values if not _zero(v)]
    if not nonzero:
        return sp.S.One, [sp.S.Zero] * len(values)
    unit = sp.Abs(nonzero[0])
    if unit.is_positive is not True:
        return None
    ratios: list[sp.Rational] = []
    for value in values:
        ratio = sp.nsimplify(sp.simplify(value / unit)) if not _zero(value) else sp.S.Zero
        if not ratio.is_Rational:
            return None
        ratios.append(ratio)
    return unit, ratios


def _shannon_combination(form: EntropyForm, strict: bool) -> tuple[int, int] | None:
    """How many elemental inequalities and alphabet bounds show ``form >= 0`` (> 0), if any."""
    joint = form.joint
    variables = joint.variables
    if len(variables) > _MAX_VARIABLES:
        return None
    try:
        logs, constant = _split_rest(form.rest, joint)
    except _GiveUpError:
        return None
    subsets = [
        frozenset(chosen)
        for size in range(1, len(variables) + 1)
        for chosen in itertools.combinations(variables, size)
    ]
    if any(s not in subsets for s in form.coefficients):
        return None  # pragma: no cover - every subset is one of these
    sizes = list(dict.fromkeys(joint.sizes))
    values = [form.coefficients.get(s, sp.S.Zero) for s in subsets]
    values += [logs.get(size, sp.S.Zero) for size in sizes]
    scaled = _rational_multiples(values)
    sign = _sign(constant)
    if scaled is None or sign is None or sign < 0 or (strict and sign == 0):
        return None
    _, ratios = scaled
    target, log_bounds = ratios[: len(subsets)], ratios[len(subsets) :]
    rows = _elemental(variables)
    singles = {frozenset({v}): axis for axis, v in enumerate(variables)}
    # unknowns: lambda_k >= 0 (elemental), then mu_v >= 0 (H(X_v) <= log|X_v|)
    width = len(rows) + len(variables)
    a_eq = sp.zeros(len(subsets), width)
    for column, row in enumerate(rows):
        for subset, value in row.items():
            a_eq[subsets.index(subset), column] = value
    for subset, axis in singles.items():
        a_eq[subsets.index(subset), len(rows) + axis] = -1
    b_eq = sp.Matrix(target)
    # the alphabet bounds used for the variables of one size s take at most a_s log s
    a_le = sp.zeros(len(sizes), width)
    for axis, size in enumerate(joint.sizes):
        a_le[sizes.index(size), len(rows) + axis] = 1
    b_le = sp.Matrix(log_bounds)
    solution = feasible_point(a_eq, b_eq, a_le, b_le)
    if solution is None:
        return None  # no Shannon-type proof
    weights = sp.Matrix(solution)
    if (
        any(w < 0 for w in weights)
        or a_eq * weights != b_eq
        or any((a_le * weights)[row] > b_le[row] for row in range(len(sizes)))
    ):
        return None  # pragma: no cover - the solver's answer is checked, never trusted
    elemental = sum(1 for w in weights[: len(rows)] if w != 0)
    return elemental, sum(1 for w in weights[len(rows) :] if w != 0)


def prove_information(lhs: sp.Basic, relation: Relation, rhs: sp.Basic) -> str | None:
    """Prove ``lhs relation rhs`` about a joint pmf's entropies, or return None.

    Example:
        >>> from symxent.quantities.joint import ConditionalEntropy, JointDistribution
        >>> from symxent.quantities.joint import JointEntropy
        >>> p = JointDistribution("p", ["X", "Y"])
        >>> X, Y = p.variables
        >>> prove_information(ConditionalEntropy(p, [X], [Y]), Relation.GE, JointEntropy(p, [X]))
    """
    if relation is Relation.APPROX:
        return None
    difference = as_expr(lhs, "the left side") - as_expr(rhs, "the right side")
    if relation is not Relation.EQ and relation.direction < 0:
        difference = -difference
    form = entropy_form(difference)
    if form is None:
        return None
    if relation is Relation.EQ:
        if all(_zero(c) for c in form.coefficients.values()) and _zero(form.rest):
            return Detail("symbolic", how=Detail("marginal_entropies"))
        return None
    used = _shannon_combination(form, relation.strict)
    if used is None:
        return None
    elemental, bounds = used
    parts: list[str] = []
    if elemental:
        one = elemental == 1
        parts.append(Detail("elemental_one") if one else Detail("elemental_many", count=elemental))
    if bounds:
        parts.append(Detail("log_alphabet_many", count=bounds) if bounds > 1 else "H(X) <= log|X|")
    if not parts:
        return Detail("symbolic", how=Detail("marginal_entropies_exact"))
    combined = Detail("and", first=parts[0], second=parts[1]) if len(parts) == 2 else parts[0]
    return Detail("symbolic", how=Detail("shannon", parts=combined))
