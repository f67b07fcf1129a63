r"""Jensen's inequality on a finite distribution, and the log-sum inequality.

**Jensen.** For weights ``w_i ≥ 0`` with ``Σ_i w_i = 1`` and ``f`` concave on an interval
holding every ``x_i``: ``f(Σ_i w_i x_i) ≥ Σ_i w_i f(x_i)`` (``≤`` for ``f`` convex). A term
``c · f(Σ_i s_i)`` of a goal ``G ≥ 0`` is replaced by its bound ``c · Σ_i w_i f(x_i)`` with
``x_i = s_i / w_i`` when ``c ≥ 0`` and ``f`` is concave, or ``c ≤ 0`` and ``f`` convex.
Concavity is shown from the sign of ``f''`` on the interval of the ``x_i`` (SymPy's assumptions
on a symbol with that sign), the weights are the entries of a vector that sums to one (or
``1/n`` for the ``n`` terms of the sum), and ``x_i`` must lie where ``f`` is defined.

**Log-sum.** For ``a_i, b_i > 0``: ``Σ_i a_i log(a_i / b_i) ≥ (Σ a) log(Σ a / Σ b)``. A term
``c · (Σ a) log(Σ a / Σ b)`` with ``c ≤ 0`` is replaced by ``c · Σ_i a_i log(a_i / b_i)``.

Example:
    >>> import sympy as sp
    >>> from symxent import Distribution
    >>> from symxent.check.lemmas.reduction import Context
    >>> p, q = Distribution("p", "n"), Distribution("q", "n")
    >>> i = sp.Symbol("i", integer=True)
    >>> goal = sp.log(sp.Sum(p[i] * q[i], (i, 1, p.n))) - sp.Sum(p[i] * sp.log(q[i]), (i, 1, p.n))
    >>> reduction = next(jensen_bound(goal, Context({})))
    >>> reduction.applications[0].lemma
    'Jensen (log(x) concave)'
"""

from __future__ import annotations

from collections.abc import Iterator

import sympy as sp

from symxent.check.detail import Detail
from symxent.check.lemmas.certificate import Application, show
from symxent.check.lemmas.facts import normalised, shown_sign
from symxent.check.lemmas.forms import canonical, split_sums
from symxent.check.lemmas.reduction import Context, Reduction

__all__ = ["jensen_bound", "jensen_sum", "log_sum_bound"]


def _outer(term: sp.Expr) -> Iterator[tuple[sp.Expr, sp.Basic]]:
    """``(c, f(S))`` for each factor ``f(S)`` of ``term`` applied to an expression with a sum."""
    for factor in sp.Mul.make_args(term):
        applied = isinstance(factor, sp.log | sp.exp) and factor.args[0].has(sp.Sum)
        powered = (
            isinstance(factor, sp.Pow)
            and factor.base.has(sp.Sum)
            and factor.exp.is_number
            and not factor.exp.has(sp.Sum)
        )
        if applied or powered:
            yield term / factor, factor


def _function(application: sp.Basic, x: sp.Symbol) -> sp.Expr:
    """``f(x)`` for ``f(S)``: the application with its argument replaced by ``x``."""
    if isinstance(application, sp.Pow):
        return x**application.exp
    return application.func(x)


def _argument(application: sp.Basic) -> sp.Expr:
    return application.base if isinstance(application, sp.Pow) else application.args[0]


def _weights(
    summand: sp.Expr, goal: sp.Expr, index: sp.Symbol, low: sp.Expr, high: sp.Expr
) -> list[sp.Expr]:
    """Candidate weights: entries ``w_index`` of vectors that sum to one, then ``1/count``.

    The vectors of the summand come first, then the other vectors of the goal.
    """
    bases = [e.base for e in sorted(summand.atoms(sp.Indexed), key=sp.default_sort_key)]
    bases += [e.base for e in sorted(goal.atoms(sp.Indexed), key=sp.default_sort_key)]
    found = [
        base[index]
        for base in dict.fromkeys(bases)
        if normalised(base[index], index, low, high) and base[index].is_positive
    ]  # positive: x_i = s_i / w_i is then defined
    if low == 1 and high.is_positive:
        found.append(1 / high)  # the n terms of a sum over 1..n, equally weighted
    return list(dict.fromkeys(found))


def _variable(x_values: sp.Expr, context: Context) -> tuple[sp.Symbol, str]:
    """A symbol for the ``x_i`` with the sign they are shown to have, and that sign in words."""
    if shown_sign(x_values, context.where, strict=True):
        return sp.Dummy("x", positive=True), "x > 0"
    if shown_sign(x_values, context.where, strict=False):
        return sp.Dummy("x", nonnegative=True), "x ≥ 0"
    return sp.Dummy("x", real=True), Detail("lemma_x_real")


def _defined(f: sp.Expr, x: sp.Symbol) -> bool:
    """Whether ``f(x)`` is real for every ``x`` of its sign (no log or root of a negative)."""
    return bool(f.is_real) and not f.has(sp.zoo, sp.nan)


def jensen_bound(goal: sp.Expr, context: Context) -> Iterator[Reduction]:
    """Lower bounds of ``goal`` by Jensen's inequality for one of its terms ``c · f(Σ ...)``."""
    for term in sp.Add.make_args(goal):
        for coefficient, application in _outer(term):
            if coefficient.has(sp.Sum):
                continue
            argument = _argument(application)
            scale, total = argument.as_independent(sp.Sum, as_Add=False)
            if not isinstance(total, sp.Sum) or len(total.limits) != 1:
                continue
            positive_c = shown_sign(coefficient, context.where, strict=False)
            negative_c = not positive_c and shown_sign(-coefficient, context.where, strict=False)
            if not (positive_c or negative_c):
                continue
            index, low, high = total.limits[0]
            for weight in _weights(total.function, goal, index, low, high):
                values = sp.cancel(scale * total.function / weight)
                x, sign = _variable(values, context)
                f = _function(application, x)
                if not _defined(f, x):
                    continue
                second = sp.diff(f, x, 2)
                need = Detail("lemma_concave" if positive_c else "lemma_convex")
                curvature = -second if positive_c else second
                if not shown_sign(curvature, context.where, strict=False):
                    continue
                fx = _function(application, values)
                bound = coefficient * sp.Sum(weight * fx, (index, low, high))
                name = show(_function(application, sp.Symbol("x")))
                detail = Detail(
                    "lemma_jensen_weighted",
                    name=name,
                    need=need,
                    second=show(second.subs(x, sp.Symbol("x"))),
                    sign=sign,
                    weight=show(weight),
                    index=index,
                    values=show(values),
                    term=show(term),
                    bound=show(bound),
                )
                lemma = Detail("lemma_jensen", name=name, need=need)
                yield Reduction(goal - term + bound, (Application(lemma, detail),))


def jensen_sum(goal: sp.Expr, context: Context) -> Iterator[Reduction]:
    """Bound ``c · Σ_{i=1}^{n} f(e_i)`` by ``c · n f((1/n) Σ_i e_i)`` (Jensen, equal weights).

    For ``c ≥ 0`` and ``f`` convex where the entries ``e_i`` lie (or ``c ≤ 0``, ``f``
    concave); ``e_i`` is the one entry the term depends on.
    """
    shape = split_sums(canonical(goal))
    for span in shape.ranges:
        if span.low != 1 or not span.high.is_positive:
            continue
        entries = {e for e in span.summand.atoms(sp.Indexed) if span.index in e.indices}
        if len(entries) != 1:
            continue
        (entry,) = entries
        values = sp.Dummy("e")
        body = span.summand.xreplace({entry: values})
        if body.has(span.index):
            continue
        x, sign = _variable(entry, context)
        f = body.xreplace({values: x})
        second = sp.diff(f, x, 2)
        if not shown_sign(second, context.where, strict=False):
            continue  # only a convex f gives a lower bound: n f(mean) <= Σ f(e_i)
        need = Detail("lemma_convex")
        mean = sp.Sum(entry, (span.index, 1, span.high)) / span.high
        bound = span.high * f.xreplace({x: mean})
        others = [r.total() for r in shape.ranges if r is not span]
        new_goal = shape.rest + sp.Add(*others) + bound
        name = show(f.xreplace({x: sp.Symbol("x")}))
        detail = Detail(
            "lemma_jensen_equal",
            name=name,
            need=need,
            second=show(second.subs(x, sp.Symbol("x"))),
            sign=sign,
            count=show(span.high),
            total=show(span.total()),
            bound=show(bound),
        )
        lemma = Detail("lemma_jensen", name=name, need=need)
        yield Reduction(new_goal, (Application(lemma, detail),))


def _same_range(a: sp.Sum, b: sp.Sum) -> bool:
    return len(a.limits) == 1 and len(b.limits) == 1 and a.limits[0][1:] == b.limits[0][1:]


def log_sum_bound(goal: sp.Expr, context: Context) -> Iterator[Reduction]:
    """Lower bounds of ``goal`` by the log-sum inequality for a term ``c (Σ a) log(Σ a / Σ b)``."""
    for term in sp.Add.make_args(goal):
        for factor in sp.Mul.make_args(term):
            if not isinstance(factor, sp.log):
                continue
            numerator, denominator = sp.fraction(sp.together(factor.args[0]))
            if not (isinstance(numerator, sp.Sum) and isinstance(denominator, sp.Sum)):
                continue
            if not _same_range(numerator, denominator):
                continue
            coefficient = sp.cancel(term / (factor * numerator))
            if coefficient.has(sp.Sum) or not shown_sign(-coefficient, context.where, strict=False):
                continue
            index, low, high = numerator.limits[0]
            a = numerator.function
            b = denominator.function.xreplace({denominator.limits[0][0]: index})
            if not (
                shown_sign(a, context.where, strict=True)
                and shown_sign(b, context.where, strict=True)
            ):
                continue
            bound = coefficient * sp.Sum(a * sp.log(a / b), (index, low, high))
            detail = Detail(
                "lemma_log_sum_detail",
                index=index,
                a=show(a),
                b=show(b),
                coefficient=show(coefficient),
            )
            lemma = Detail("lemma_log_sum")
            yield Reduction(goal - term + bound, (Application(lemma, detail),))
