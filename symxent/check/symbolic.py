r"""Symbolic proof attempts for one claim; they never claim more than they show.

An equality ``lhs = rhs`` is *proved* when ``lhs - rhs`` reduces to exactly 0 by valid
transformations: expanding quantities to their definitions, differentiating, evaluating sums over
Kronecker deltas, expanding logarithms of positive terms, linearity of finite sums, and the facts
the vectors carry (``sum_i p_i = 1`` for distributions and labels, ``1 <= k <= n`` for class
indices). An inequality is proved when the difference of its sides reduces to an expression SymPy's
assumption system shows to have the right sign, after substituting each bounded variable by a
positive parameter (``p = 1/(1 + t)`` for ``p`` in (0, 1), ``σ(x) = 1/(1 + t)``), or when a
one-variable rational inequality has no solution in the variable's interval.

Everything here is sound but incomplete: ``None`` means "no proof found", not "false".

Example:
    >>> from symxent import CrossEntropy, Distribution, Entropy, KLDivergence
    >>> from symxent.relations import Relation
    >>> p, q = Distribution("p", "n"), Distribution("q", "n")
    >>> prove(KLDivergence(p, q), Relation.EQ, -Entropy(p) + CrossEntropy(p, q))
    'symbolic: expand definitions, logs and sums'
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterator, Mapping

import mpmath
import numpy as np
import sympy as sp

from symxent.budget import MAX_TERMS
from symxent.check.backends import exponent_limit
from symxent.check.detail import Detail
from symxent.check.evaluate import (
    MPMATH,
    Environment,
    UnsupportedExpressionError,
    evaluate,
    exact_numbers,
)
from symxent.check.gaussian import close_gaussian_integrals
from symxent.check.natural import positive_symbols
from symxent.check.numeric import concrete_terms
from symxent.check.ranges import reads_outside
from symxent.check.shannon import expand_marginals, involves_joint, prove_information
from symxent.distributions import Vector, VectorLabel
from symxent.inputs import as_basic
from symxent.quantities.activations import Sigmoid
from symxent.quantities.base import expand_quantities
from symxent.relations import Relation
from symxent.sums import lecture_doit, terms
from symxent.zero_log import zero_log_convention

__all__ = ["EXACTLY_EQUAL", "canonical_form", "expand_definitions", "prove"]

EXACTLY_EQUAL = Detail("symbolic", how=Detail("exactly_equal"))
"""The argument for an ``≈`` claim whose sides are equal exactly (a proof, not a rounding)."""

_MAX_SIMPLIFY_OPS = 250


def expand_definitions(expr: sp.Basic) -> sp.Expr:
    """Replace quantities by their definitions and evaluate derivatives, keeping ``σ`` whole.

    Unlike ``doit()``, this does not expand the sigmoid, so derivatives through it stay in the
    short form ``σ(1 - σ)``.

    Example:
        >>> import sympy as sp
        >>> from symxent import BinaryCrossEntropy, Sigmoid
        >>> z, y = sp.symbols("z y", real=True)
        >>> expand_definitions(sp.Derivative(BinaryCrossEntropy(y, Sigmoid(z)), z)).has(Sigmoid)
        True
    """
    result = expand_quantities(as_basic(expr))
    if not result.has(sp.Derivative, sp.Subs):
        return result
    return result.replace(lambda node: isinstance(node, sp.Derivative | sp.Subs), _evaluated)


def _evaluated(node: sp.Derivative | sp.Subs) -> sp.Basic:
    """A derivative (its sums closed where SymPy can) or a substitution, done."""
    if isinstance(node, sp.Subs):
        return node.expr.subs(dict(zip(node.variables, node.point, strict=True)))
    return _evaluate_sums(sp.diff(node.expr, *node.variable_count))


def _evaluate_sums(expr: sp.Basic) -> sp.Basic:
    """Evaluate sums that SymPy can close without touching their summands' functions."""

    def close(node: sp.Sum) -> sp.Basic:
        count = concrete_terms(node)
        if count is not None and count > MAX_TERMS:
            return node  # never expanded term by term (the numeric check bounds its own work)
        if node.has(sp.KroneckerDelta) or count is not None:
            return lecture_doit(node, deep=False)  # an empty sum is 0
        return node

    return expr.replace(lambda e: isinstance(e, sp.Sum), close)


def _index_facts(expr: sp.Basic) -> dict[sp.Basic, tuple[sp.Expr, sp.Expr]]:
    return {i: (i.lower, i.upper) for i in expr.atoms(sp.Idx) if i.lower is not None}


def _condition_holds(
    cond: sp.Basic, ranges: Mapping[sp.Basic, tuple[sp.Expr, sp.Expr]]
) -> bool | None:
    """Decide a condition about class indices from ``lower <= k <= upper`` (None if unsure)."""
    if cond is sp.true:
        return True
    if cond is sp.false:
        return False
    if isinstance(cond, sp.And):
        results = [_condition_holds(c, ranges) for c in cond.args]
        if all(r is True for r in results):
            return True
        return False if any(r is False for r in results) else None
    if isinstance(cond, sp.Rel):
        indices = [i for i in cond.free_symbols if i in ranges]
        if len(indices) != 1:
            return None
        index = indices[0]
        low, high = ranges[index]
        above = sp.Dummy("a", integer=True, nonnegative=True)
        room = sp.Dummy("b", integer=True, nonnegative=True)
        mapping: dict[sp.Basic, sp.Expr] = {index: low + above}
        if high.is_Symbol:
            mapping[high] = low + above + room
        elif not high.is_Integer:
            return None
        decided = cond.xreplace(mapping)
        if decided in (sp.true, sp.false):
            return bool(decided)
        simplified = sp.simplify(decided)
        if simplified in (sp.true, sp.false):
            return bool(simplified)
    return None


def _resolve_index_conditions(expr: sp.Basic) -> sp.Basic:
    ranges = _index_facts(expr)
    if not ranges or not expr.has(sp.Piecewise):
        return expr

    def resolve(node: sp.Piecewise) -> sp.Basic:
        for value, cond in node.args:
            verdict = _condition_holds(cond, ranges)
            if verdict is True:
                return value
            if verdict is None:
                return node
        return node

    return expr.replace(lambda e: isinstance(e, sp.Piecewise), resolve)


def _normalisation_facts(expr: sp.Basic) -> set[tuple[str, sp.Expr]]:
    """(vector name, length) of every symbolic vector whose entries sum to 1.

    A two-index array whose rows sum to 1 (``b_{x,y}``, each row a distribution) gives
    (name, number of columns): its entries summed over the column index are 1 in every row.
    """
    facts = set()
    for indexed in expr.atoms(sp.Indexed):
        label, shape = indexed.base.label, indexed.base.shape
        if isinstance(label, VectorLabel) and label.sums_to_one and shape and len(shape) <= 2:
            facts.add((str(label), shape[-1]))
    return facts


def _sum_terms(summand: sp.Expr, var: sp.Symbol) -> list[tuple[sp.Expr, sp.Expr]]:
    """Split a summand into (factor free of var, factor depending on var) pairs."""
    expanded = sp.expand(sp.expand_log(summand, force=False))
    pairs = []
    for term in sp.Add.make_args(expanded):
        independent, dependent = term.as_independent(var, as_Add=False)
        pairs.append((independent, dependent))
    return pairs


def _canonical_sum(summand: sp.Expr, var: sp.Symbol, low: sp.Expr, high: sp.Expr) -> sp.Sum:
    """Name the bound variable by the first ``_s<m>`` not used in the summand (bottom-up)."""
    used = {str(s) for s in summand.atoms(sp.Symbol)}
    position = 0
    while f"_s{position}" in used:
        position += 1
    name = sp.Symbol(f"_s{position}", integer=True)
    return sp.Sum(summand.xreplace({var: name}), (name, low, high))


def _linear_sums(expr: sp.Basic, facts: set[tuple[str, sp.Expr]]) -> sp.Basic:
    """Rewrite every sum into a canonical linear form and apply ``sum p_i = 1`` facts.

    Sums are split over the terms of their summand, factors free of the index are pulled out,
    sums of a normalised vector's entries become 1, and bound variables get canonical names so
    equal sums compare equal wherever they occur.
    """

    def rebuild(node: sp.Basic) -> sp.Basic:
        if isinstance(node, sp.Sum):
            # SymPy merges nested sums into one Sum with several limits, innermost first:
            # take the outermost limit here and the inner ones as a sum of their own.
            *inner, (var, low, high) = node.limits
            function = sp.Sum(node.function, *inner) if inner else node.function
            fresh = sp.Dummy("s", integer=True)
            body = rebuild(function.xreplace({var: fresh}))
            total = sp.S.Zero
            for independent, dependent in _sum_terms(body, fresh):
                if not dependent.has(fresh):
                    total += independent * dependent * terms(low, high)
                elif _is_normalised(dependent, fresh, low, high, facts):
                    total += independent
                else:
                    total += independent * _canonical_sum(dependent, fresh, low, high)
            return total
        if not node.args or isinstance(node, Vector | sp.Idx | sp.Indexed):
            return node
        args = [rebuild(a) for a in node.args]
        return node.func(*args) if args != list(node.args) else node

    return rebuild(expr)


def _is_normalised(
    term: sp.Expr, var: sp.Symbol, low: sp.Expr, high: sp.Expr, facts: set[tuple[str, sp.Expr]]
) -> bool:
    if not isinstance(term, sp.Indexed) or low != 1 or (str(term.base.label), high) not in facts:
        return False
    *row, column = term.indices
    # a vector's entries, or one row of an array (the row index free of the summed variable)
    shape = term.base.shape
    return (
        column == var
        and shape is not None
        and len(shape) == len(term.indices)
        and shape[-1] == high
        and not any(index.has(var) for index in row)
    )


def canonical_form(expr: sp.Basic, keep_sigmoid: bool = True) -> sp.Expr:
    """Reduce ``expr`` to a canonical sum of products (definitions, sums and logs expanded).

    Args:
        expr: the expression (usually ``lhs - rhs``).
        keep_sigmoid: keep ``σ(x)`` as a function (else rewrite it with ``exp``).

    Example:
        >>> from symxent import Distribution
        >>> p = Distribution("p", "n")
        >>> canonical_form(p.sum(lambda i: 3 * p[i]))
        3
    """
    result = close_gaussian_integrals(expand_definitions(expr))  # before expand splits the exps
    if not keep_sigmoid:
        result = result.replace(lambda e: isinstance(e, Sigmoid), lambda e: e.rewrite(sp.exp))
    result = _evaluate_sums(result)
    result = _resolve_index_conditions(result)
    facts = _normalisation_facts(result)
    for _ in range(3):
        previous = result
        result = _linear_sums(result, facts)
        result = sp.expand(sp.expand_log(result, force=False))
        result = _resolve_index_conditions(_evaluate_sums(result))
        if result == previous:
            break
    return result


def _is_zero(expr: sp.Expr) -> bool:
    if expr == 0:
        return True
    try:
        return expr.is_zero is True
    except Exception:  # SymPy evaluates numbers to decide; e^(e^(e^30)) overflows
        return False


def _simplifications(expr: sp.Expr) -> list[Callable[[sp.Expr], sp.Expr]]:
    steps: list[Callable[[sp.Expr], sp.Expr]] = [
        lambda e: sp.expand(sp.expand_log(e, force=False)),
        lambda e: sp.cancel(sp.together(e)),
    ]
    if not expr.has(sp.Sum) and sp.count_ops(expr) <= _MAX_SIMPLIFY_OPS:
        steps.append(sp.simplify)
        steps.append(lambda e: sp.factor(sp.simplify(e)))
    return steps


@functools.lru_cache(maxsize=1024)
def _parameter(of: sp.Basic) -> sp.Dummy:
    """The positive parameter ``t`` that writes ``of`` through its bounds.

    Always the same one for ``of``, so that equal forms give equal cases (decided once).
    """
    return sp.Dummy("t_sigma" if isinstance(of, Sigmoid) else f"t_{of}", positive=True)


def _domain_cases(expr: sp.Expr, where: Mapping[object, object]) -> list[sp.Expr]:
    """Rewrite ``expr`` so SymPy's assumptions see the bounds of its variables, case by case.

    A variable with an interval domain is written through a positive parameter ``t``:
    ``low + (high - low) / (1 + t)`` on a finite interval, ``low + t`` or ``high - t`` on a
    half-line; ``σ(x)`` becomes ``1 / (1 + t)``. These cover only the *open* interval, so each
    closed end is a case of its own, with the variable set to that end. A claim about ``expr``
    holds on the whole domain when it holds in every returned case.

    Example:
        >>> import sympy as sp
        >>> y = sp.Symbol("y")
        >>> len(_domain_cases(y * (1 - y), {y: sp.Interval(0, 1)}))
        3
    """
    variables: list[sp.Basic] = []
    choices: list[list[sp.Expr]] = []
    for symbol in sorted(expr.free_symbols, key=sp.default_sort_key):
        domain = where.get(symbol)
        if not isinstance(domain, sp.Interval):
            continue
        t = _parameter(symbol)
        low, high = domain.start, domain.end
        if low.is_finite and high.is_finite:
            interior = low + (high - low) / (1 + t)
        elif low.is_finite:
            interior = low + t
        elif high.is_finite:
            interior = high - t
        else:
            continue
        ends = [
            end
            for end, is_open in ((low, domain.left_open), (high, domain.right_open))
            if end.is_finite and not is_open
        ]
        variables.append(symbol)
        choices.append([interior, *ends])
    sigmoids = {s: 1 / (1 + _parameter(s)) for s in expr.atoms(Sigmoid)}
    return [
        expr.xreplace({**dict(zip(variables, choice, strict=True)), **sigmoids})
        for choice in itertools.product(*choices)
    ]


def _safely(transform: Callable[[sp.Expr], sp.Expr], expr: sp.Expr) -> sp.Expr | None:
    """Apply a SymPy transformation; a failure (SymPy raises odd errors) just gives None."""
    try:
        return transform(expr)
    except Exception:
        return None


def _sign_holds(expr: sp.Expr, strict: bool) -> bool:
    try:
        return bool(expr.is_positive) if strict else bool(expr.is_nonnegative)
    except Exception:  # SymPy evaluates numbers to decide; e^(e^(e^30)) overflows
        return False


_SYMPY_EXPONENT_LIMIT = mpmath.mpf(10) ** 30
"""Largest exponent in a constant that SymPy's ``evalf`` is asked about (see :func:`_evaluable`)."""


def _evaluable(constant: sp.Expr) -> bool:
    """Whether a constant has a finite value small enough to ask SymPy for its digits.

    ``sympy.N`` of ``e^(e^(e^30))`` or ``2^(2^(2^20))`` runs for hours, and of
    ``e^(10^100) - e^(10^100) - 1`` it raises the precision towards 10^100 digits; the guarded
    mpmath interpreter of the numeric checker, with exponents up to 10^30, says within
    microseconds that such a constant is not for SymPy.
    """
    try:
        with mpmath.workdps(20), exponent_limit(_SYMPY_EXPONENT_LIMIT):
            value = evaluate(zero_log_convention(constant), Environment(points=1), MPMATH)
    except UnsupportedExpressionError:
        return True  # a function the interpreter does not know: leave it to SymPy
    except (ZeroDivisionError, ValueError, TypeError, OverflowError, MemoryError):
        return False
    value = np.asarray(value, dtype=object).reshape(-1)[0]
    return bool(isinstance(value, mpmath.mpf | int) and mpmath.isfinite(value))


def _constant_sign(expr: sp.Expr, strict: bool) -> bool | None:
    if expr.free_symbols or not _evaluable(expr):
        return None
    value = sp.N(expr, 60)
    if not value.is_real or not value.is_number:
        return None
    if value == 0:
        return not strict if sp.simplify(expr) == 0 else None
    if abs(value) < sp.Float("1e-40"):
        return None
    return bool(value > 0)


def _case_has_sign(case: sp.Expr, strict: bool) -> bool:
    """Whether SymPy's assumptions show ``case >= 0`` (``> 0`` if strict), maybe simplified."""
    constant = _constant_sign(case, strict)
    if constant is not None:
        return constant
    if not case.free_symbols:
        return _sign_holds(case, strict)  # a constant too large to evaluate or simplify
    forms = [case]
    if not case.has(sp.Sum) and sp.count_ops(case) <= _MAX_SIMPLIFY_OPS:
        forms += [_safely(sp.factor, case), _safely(sp.simplify, case)]
    return any(form is not None and _sign_holds(form, strict) for form in forms)


def _vanishes(expr: sp.Expr) -> bool:
    """Whether ``expr`` simplifies to exactly 0."""
    if not expr.free_symbols and not _evaluable(expr):
        return False  # simplifying e^(10^100) - e^(10^100 + 1) never ends
    for simplify in _simplifications(expr):
        simplified = _safely(simplify, expr)
        if simplified is not None and _is_zero(simplified):
            return True
    return False


def _candidates(expr: sp.Expr) -> Iterator[sp.Expr]:
    """``expr`` and its simplifications, each computed only when the previous ones did not do."""
    yield expr
    seen = {expr}
    for simplify in _simplifications(expr):
        simplified = _safely(simplify, expr)
        if simplified is not None and simplified not in seen:
            seen.add(simplified)
            yield simplified


def _prove_nonnegative(
    difference: sp.Expr, strict: bool, where: Mapping[object, object]
) -> str | None:
    if not difference.free_symbols and not _evaluable(difference):
        # too large to evaluate or simplify; SymPy's assumptions may still know its sign
        return Detail("sign_of_difference") if _sign_holds(difference, strict) else None
    decided: dict[sp.Expr, bool] = {}  # simplifications often give the same case again

    def has_sign(case: sp.Expr) -> bool:
        if case not in decided:
            decided[case] = _case_has_sign(case, strict)
        return decided[case]

    for candidate in _candidates(difference):
        constant = _constant_sign(candidate, strict)
        if constant is not None:
            return Detail("exact_evaluation") if constant else None
        cases = _domain_cases(candidate, where)
        if all(has_sign(case) for case in cases):
            return Detail("sign_from_bounds")
    symbols = [s for s in difference.free_symbols if isinstance(where.get(s), sp.Interval)]
    if (
        len(difference.free_symbols) == 1
        and symbols
        and difference.is_rational_function(symbols[0])
    ):
        x = symbols[0]
        domain = where[x]
        bad = sp.Lt(difference, 0) if not strict else sp.Le(difference, 0)
        try:
            solutions = sp.solveset(bad, x, domain)
        except (NotImplementedError, ValueError, TypeError):
            return None
        if solutions is sp.S.EmptySet:
            return Detail("no_reversed_solution")
    return None


def _sigmoid_forms(expr: sp.Expr) -> tuple[bool, ...]:
    """Keep σ whole, then write it with exp; without a σ both forms are the same: one try."""
    return (True, False) if canonical_form(expr, True).has(Sigmoid) else (True,)


def prove(
    lhs: sp.Basic,
    relation: Relation,
    rhs: sp.Basic,
    *,
    where: Mapping[object, object] | None = None,
    tolerance: float = 0.0,
) -> str | None:
    """Try to prove ``lhs relation rhs``; return a description of the argument, or None.

    Args:
        lhs: left side.
        relation: the claimed relation.
        rhs: right side.
        where: domains of scalar symbols (Symbol -> Interval); used for inequalities.
        tolerance: for ``≈``, the allowed absolute difference.
    """
    where = dict(where or {})
    lhs, rhs = exact_numbers(lhs), exact_numbers(rhs)
    twins = positive_symbols(where)
    if twins:
        # on the domain a symbol whose interval has a sign is the same number as a twin with
        # that sign, which SymPy's simplifications may use (log(xy) = log x + log y, x > 0)
        lhs, rhs = lhs.xreplace(twins), rhs.xreplace(twins)
        where = {twins.get(k, k): v for k, v in where.items()}
    if lhs.has(sp.Piecewise) or rhs.has(sp.Piecewise):
        # a given vector's entry at a symbolic index is undefined past its values (nan in a
        # Piecewise); a sum over known bounds decides which
        lhs, rhs = _evaluate_sums(lhs), _evaluate_sums(rhs)
    if lhs.has(sp.nan, sp.zoo) or rhs.has(sp.nan, sp.zoo):
        return None  # an undefined side (0/0, complex infinity) makes no claim to prove
    if reads_outside((lhs, rhs)):
        return None  # an entry outside its vector (p_{n+1}) is undefined; nothing to prove
    if relation is Relation.EQ and lhs == rhs:
        return Detail("symbolic", how=Detail("same_expression"))
    if involves_joint(lhs, rhs):
        # random variables over a joint pmf: entropies of its marginals, Shannon's inequalities
        found = prove_information(lhs, relation, rhs)
        if found:
            return found
        lhs, rhs = expand_marginals(lhs), expand_marginals(rhs)  # p(x) = sum_y p(x, y)
    difference = lhs - rhs
    if relation is Relation.APPROX:
        reduced = canonical_form(difference, keep_sigmoid=False)
        if _is_zero(reduced):
            return EXACTLY_EQUAL
        if reduced.free_symbols or reduced.has(sp.Sum) or not _evaluable(reduced):
            return None
        value = sp.N(reduced, 50)
        if value.is_real and abs(value) <= tolerance:
            return Detail("exact_value_digits", digits=50)
        return None
    if relation is Relation.EQ:
        for keep_sigmoid in _sigmoid_forms(difference):
            reduced = canonical_form(difference, keep_sigmoid)
            if _is_zero(reduced):
                closed = difference.has(sp.Integral) and not reduced.has(sp.Integral)
                how = "gaussian_integrals" if closed else "expand_definitions"
                return Detail("symbolic", how=Detail(how))
            if _vanishes(reduced):
                return Detail("symbolic", how=Detail("expand_simplify"))
            cases = _domain_cases(reduced, where)
            if cases != [reduced] and all(_vanishes(case) for case in cases):
                return Detail("symbolic", how=Detail("expand_simplify_domain"))
        return None
    oriented = difference if relation.direction > 0 else -difference
    for keep_sigmoid in _sigmoid_forms(oriented):
        reduced = canonical_form(oriented, keep_sigmoid)
        found = _prove_nonnegative(reduced, relation.strict, where)
        if found:
            return Detail("symbolic", how=found)
    return None
