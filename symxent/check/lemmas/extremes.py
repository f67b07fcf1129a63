r"""Lemmas about the largest and smallest entry, and about one term of a sum.

* **max is at least the mean**: ``max_i e_i ≥ (1/n) Σ_i e_i`` (and ``min_i e_i ≤`` the mean);
* **each entry at most the max**: ``e_i ≤ max_j e_j``, so ``h(e_i) ≤ h(max_j e_j)`` for an
  increasing ``h`` (``log``, ``exp``, ``x``), term by term inside a sum;
* **a sum of non-negative terms is at least any one of them**: ``Σ_i g_i ≥ g_k`` for
  ``1 ≤ k ≤ n`` and every ``g_i ≥ 0``; the max is attained (``max_j e_j = e_k`` for some
  ``k``), so ``Σ_i g(e_i) ≥ g(max_j e_j)``;
* **each term at most the largest**: ``Σ_i h(e_i) ≤ n · h(max_j e_j)`` for an increasing ``h``.

A bound on a sum ``S`` passes through a function ``F`` of it when ``F`` is monotone on the
positive numbers (shown from the sign of ``F'``): ``c · F(S) ≥ c · F(bound)`` needs ``c ≥ 0``
with ``F`` increasing and ``S ≥ bound``, and so on. Every sign is shown exactly
(:mod:`symxent.check.lemmas.facts`).

Example:
    >>> import sympy as sp
    >>> from symxent import Logits
    >>> from symxent.quantities.reductions import Maximum
    >>> from symxent.check.lemmas.reduction import Context
    >>> z = Logits("z", "n")
    >>> i = sp.Symbol("i", integer=True)
    >>> goal = sp.log(sp.Sum(sp.exp(z[i]), (i, 1, z.n))) - Maximum(z[i], (i, 1, z.n))
    >>> [r.applications[0].lemma for r in largest_term(goal, Context({}))]
    ['a sum of non-negative terms is at least any one of them']
"""

from __future__ import annotations

from collections.abc import Iterator

import sympy as sp

from symxent.check.detail import Detail
from symxent.check.lemmas.certificate import Application, joined, show
from symxent.check.lemmas.facts import shown_sign
from symxent.check.lemmas.forms import canonical, split_sums
from symxent.check.lemmas.reduction import Context, Reduction
from symxent.quantities.reductions import Maximum, Minimum

__all__ = ["each_entry", "extremum_mean", "largest_term", "one_summand", "split_extremum"]


def _extrema(goal: sp.Expr) -> list[sp.Basic]:
    found = [e for e in goal.atoms(Maximum, Minimum) if len(e.limits) == 1]
    return sorted(found, key=sp.default_sort_key)


def _body(extremum: sp.Basic, index: sp.Basic) -> sp.Expr:
    """The extremum's term at ``index``."""
    var = extremum.limits[0][0]
    return extremum.function.xreplace({var: index})


def _real_symbol(extremum: sp.Basic) -> sp.Dummy:
    """A symbol that stands for the extremum's value, with the sign its terms have."""
    word = "M" if isinstance(extremum, Maximum) else "m"
    return sp.Dummy(word, positive=True) if extremum.is_positive else sp.Dummy(word, real=True)


def extremum_mean(goal: sp.Expr, context: Context) -> Iterator[Reduction]:
    """Replace ``c · max_i e_i`` (``c ≥ 0``) or ``c · min_i e_i`` (``c ≤ 0``) by the mean."""
    for extremum in _extrema(goal):
        expanded = sp.expand(goal)
        coefficient = expanded.coeff(extremum)
        if coefficient == 0 or coefficient.has(extremum):
            continue
        rest = sp.expand(expanded - coefficient * extremum)
        if rest.has(extremum):
            continue
        wanted = 1 if isinstance(extremum, Maximum) else -1
        if not shown_sign(wanted * coefficient, context.where, strict=False):
            continue
        var, low, high = extremum.limits[0]
        if not (high - low + 1).is_positive:
            continue  # an empty range has no mean
        mean = sp.Sum(extremum.function, (var, low, high)) / (high - low + 1)
        word = "max" if wanted > 0 else "min"
        relation = "≥" if wanted > 0 else "≤"
        detail = f"{show(extremum)} {relation} {show(mean)}"
        lemma = Detail(f"lemma_{word}_mean")
        yield Reduction(rest + coefficient * mean, (Application(lemma, detail),))


def _monotone(function: sp.Expr, x: sp.Symbol) -> int:
    """+1 if ``function`` increases in ``x`` (shown), -1 if it decreases, 0 if not shown."""
    derivative = sp.diff(function, x)
    if shown_sign(derivative, {}, strict=False):
        return 1
    if shown_sign(-derivative, {}, strict=False):
        return -1
    return 0


def _entry_factor(
    term: sp.Expr, entry: sp.Expr, x: sp.Dummy, extremum: sp.Basic, context: Context
) -> tuple[sp.Expr, sp.Expr] | None:
    """``(c, h)`` with ``term = c · h(entry)`` where ``c · h(entry) ≥ c · h(extremum)``."""
    wanted = 1 if isinstance(extremum, Maximum) else -1  # max: h(e_i) <= h(max) for h up
    for factor in sp.Mul.make_args(term):
        if not factor.has(entry) or factor.xreplace({entry: x}).has(sp.Indexed):
            continue
        direction = _monotone(factor.xreplace({entry: x}), x)
        coefficient = term / factor
        if direction and shown_sign(-wanted * direction * coefficient, context.where, strict=False):
            return coefficient, factor
    return None


def each_entry(goal: sp.Expr, context: Context) -> Iterator[Reduction]:
    """Inside sums, bound ``c · h(e_i)`` by ``c · h(max_j e_j)`` (or the min), term by term."""
    extrema = _extrema(goal)
    if not extrema:
        return
    form = canonical(goal)
    for extremum in extrema:
        shape = split_sums(form)
        value = _real_symbol(extremum)
        x = sp.Dummy("x", positive=True) if extremum.is_positive else sp.Dummy("x", real=True)
        changed = []
        for span in shape.ranges:
            entry = _body(extremum, span.index)
            if span.low != extremum.limits[0][1] or span.high != extremum.limits[0][2]:
                continue
            new = sp.S.Zero
            for term in sp.Add.make_args(sp.expand(span.summand)):
                found = _entry_factor(term, entry, x, extremum, context)
                if found is None:
                    new += term
                    continue
                coefficient, h = found
                bound = coefficient * h.xreplace({entry: value})
                changed.append(f"{show(term)} ≥ {show(bound)}")
                new += bound
            span.summand = new
        if not changed:
            continue
        new_goal = shape.rest + sp.Add(*[r.total() for r in shape.ranges])
        new_goal = new_goal.xreplace({extremum: value})
        word = "max" if isinstance(extremum, Maximum) else "min"
        detail = f"{show(value)} = {show(extremum)}: {joined(changed)}"  # formulas only
        lemma = Detail(f"lemma_entry_{word}")
        yield Reduction(new_goal, (Application(lemma, detail, summed="i"),))


def _applications(goal: sp.Expr) -> Iterator[tuple[sp.Expr, sp.Expr, sp.Basic, sp.Sum]]:
    """``(term, c, F(S), S)`` for the terms ``c · F(S)`` of ``goal`` with ``S`` a single sum."""
    for term in sp.Add.make_args(goal):
        for factor in sp.Mul.make_args(term):
            if isinstance(factor, sp.log) and isinstance(factor.args[0], sp.Sum):
                total = factor.args[0]
            elif (
                isinstance(factor, sp.Pow)
                and isinstance(factor.base, sp.Sum)
                and factor.exp.is_number
            ):
                total = factor.base
            else:
                continue
            coefficient = term / factor
            if not coefficient.has(sp.Sum) and len(total.limits) == 1:
                yield term, coefficient, factor, total


def _index_in(index: sp.Basic, low: sp.Expr, high: sp.Expr) -> bool:
    return (
        isinstance(index, sp.Idx)
        and index.lower is not None
        and bool(sp.simplify(index.lower - low) == 0)
        and bool(sp.simplify(index.upper - high) == 0)
    )


def largest_term(goal: sp.Expr, context: Context) -> Iterator[Reduction]:
    """Bound ``F(Σ_i g_i)`` by ``F(g_k)``: a sum of non-negative terms is at least one of them."""
    for term, coefficient, application, total in _applications(goal):
        var, low, high = total.limits[0]
        function = application.func if isinstance(application, sp.log) else None
        t = sp.Dummy("t", positive=True)
        outer = sp.log(t) if function is not None else t**application.exp
        direction = _monotone(outer, t)
        if not direction or not shown_sign(direction * coefficient, context.where, strict=False):
            continue  # needs F(S) >= F(g_k) times c >= 0, or F decreasing times c <= 0
        if not shown_sign(total.function, context.where, strict=True):
            continue  # every term > 0, so the sum and each term lie where F is monotone
        candidates: list[tuple[sp.Basic, dict[sp.Basic, sp.Basic], str]] = []
        for index in sorted(goal.atoms(sp.Idx), key=sp.default_sort_key):
            if _index_in(index, low, high):
                shown = {"index": show(index), "low": show(low), "high": show(high)}
                in_range = Detail("lemma_index_in", **shown)
                candidates.append((index, {}, in_range))
        for extremum in _extrema(goal):
            if extremum.limits[0][1:] == (low, high):
                chosen = sp.Dummy("k", integer=True)
                body = _body(extremum, chosen)
                word = "max" if isinstance(extremum, Maximum) else "min"
                candidates.append(
                    (
                        chosen,
                        {extremum: body},
                        Detail(
                            f"lemma_{word}_attained",
                            extremum=show(extremum),
                            body=show(body),
                            index=chosen.name,
                            low=show(low),
                            high=show(high),
                        ),
                    )
                )
        for index, replaced, why in candidates:
            part = total.function.xreplace({var: index})
            bound = coefficient * outer.xreplace({t: part})
            new_goal = (goal - term + bound).xreplace(replaced)
            detail = Detail("lemma_one_summand_detail", total=show(total), part=show(part), why=why)
            yield Reduction(new_goal, (Application(Detail("lemma_one_summand"), detail),))


def one_summand(goal: sp.Expr, context: Context) -> Iterator[Reduction]:
    """Bound ``F(a + b + ...)`` by ``F(a)``: a sum of positive numbers is at least each of them.

    The scalar form of :func:`largest_term` (``log(1 + e^x) ≥ log e^x = x``).
    """
    for term in sp.Add.make_args(goal):
        for factor in sp.Mul.make_args(term):
            if isinstance(factor, sp.log) and isinstance(factor.args[0], sp.Add):
                parts, outer = sp.Add.make_args(factor.args[0]), sp.log
            elif (
                isinstance(factor, sp.Pow)
                and isinstance(factor.base, sp.Add)
                and factor.exp.is_number
            ):
                parts, outer = sp.Add.make_args(factor.base), lambda u, e=factor.exp: u**e
            else:
                continue
            coefficient = term / factor
            t = sp.Dummy("t", positive=True)
            direction = _monotone(outer(t), t)
            if not direction or not shown_sign(
                direction * coefficient, context.where, strict=False
            ):
                continue
            if not all(shown_sign(part, context.where, strict=True) for part in parts):
                continue
            for part in parts:
                bound = coefficient * outer(part)
                whole = factor.args[0] if isinstance(factor, sp.log) else factor.base
                detail = Detail("lemma_every_positive", total=show(whole), part=show(part))
                lemma = Detail("lemma_one_summand")
                yield Reduction(goal - term + bound, (Application(lemma, detail),))


def split_extremum(goal: sp.Expr, context: Context) -> Iterator[Reduction]:
    """Bound ``F(Σ_i h(e_i))`` by ``F(n · h(max_j e_j))``: each term at most the largest."""
    for extremum in _extrema(goal):
        if not isinstance(extremum, Maximum):
            continue
        value = _real_symbol(extremum)
        for term, coefficient, application, total in _applications(goal):
            var, low, high = total.limits[0]
            if extremum.limits[0][1:] != (low, high):
                continue
            entry = _body(extremum, var)
            x = sp.Dummy("x", real=True)
            h = total.function.xreplace({entry: x})
            if h.has(var) or not h.has(x) or _monotone(h, x) <= 0:
                continue
            t = sp.Dummy("t", positive=True)
            outer = sp.log(t) if isinstance(application, sp.log) else t**application.exp
            direction = _monotone(outer, t)
            if not direction or not shown_sign(
                -direction * coefficient, context.where, strict=False
            ):
                continue  # needs an upper bound of S: F increasing times c <= 0, or the mirror
            count = high - low + 1
            if not (
                shown_sign(total.function, context.where, strict=True)
                and shown_sign(h.xreplace({x: value}), {}, strict=True)
                and count.is_positive
            ):
                continue  # the sum and its bound must lie where F is monotone
            bound = coefficient * outer.xreplace({t: count * h.xreplace({x: value})})
            new_goal = (goal - term + bound).xreplace({extremum: value})
            detail = Detail(
                "lemma_largest_detail",
                value=show(value),
                extremum=show(extremum),
                term=show(total.function),
                bound=show(h.xreplace({x: value})),
                total=show(total),
                sum_bound=show(count * h.xreplace({x: value})),
            )
            yield Reduction(new_goal, (Application(Detail("lemma_largest"), detail),))
