r"""The lemma ``log x ≤ x − 1`` for ``x > 0``, with equality exactly at ``x = 1``.

Applied to the logarithms of a goal ``G ≥ 0`` (in canonical form: logs expanded, sums merged by
range): the logs that share a weight ``w`` are one term ``± w log A``, and

* ``w log A ≥ w (1 − 1/A)``  (``log(1/A) ≤ 1/A − 1``), and
* ``−w log A ≥ w (1 − A)``   (``log A ≤ A − 1``),

whenever ``w ≥ 0`` and ``A > 0`` are shown on the domain (:mod:`symxent.check.lemmas.facts`).
Inside a sum the lemma is applied to every term, "summed over i". Logs of constants
(``log n``, ``log 2``) may first be spread over the weights when the weights are shown to add up
to a number (``Σ_i p_i = 1``, or ``p + (1 − p) = 1``): ``log n = Σ_i p_i log n``.

When every weight is shown positive and the bound reduces to exactly 0, the claim holds with
equality exactly when every ``A`` is 1: that is the lemma's equality case (``KL = 0`` iff
``p = q``).

Example:
    >>> import sympy as sp
    >>> from symxent.check.lemmas.reduction import Context
    >>> x = sp.Symbol("x", positive=True)
    >>> reduction = next(log_bound(x - 1 - sp.log(x), Context({})))
    >>> sp.simplify(reduction.goal), reduction.equality
    (0, 'x = 1')
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import sympy as sp

from symxent.check.detail import Detail
from symxent.check.lemmas.certificate import Application, joined, show
from symxent.check.lemmas.facts import normalised, shown_sign, shown_zero
from symxent.check.lemmas.forms import Range, canonical, split_sums
from symxent.check.lemmas.reduction import Context, Reduction

__all__ = ["LEMMA", "log_bound"]

LEMMA = "log x ≤ x − 1"  # a formula, the same in every language


@dataclass
class _Group:
    """``sign · weight · log(argument)``."""

    weight: sp.Expr
    sign: int
    argument: sp.Expr

    @property
    def term(self) -> sp.Expr:
        return self.sign * self.weight * sp.log(self.argument)


def _groups(expr: sp.Expr) -> tuple[list[_Group], sp.Expr]:
    """The logs of ``expr`` grouped by their weight (up to sign), and the terms without logs."""
    expanded = sp.expand(expr)
    atoms = sorted(expanded.atoms(sp.log), key=sp.default_sort_key)
    if not atoms:
        return [], expanded
    collected = sp.collect(expanded, atoms, evaluate=False)
    groups: list[_Group] = []
    rest = sp.S.Zero
    for key, coefficient in collected.items():
        if key == 1:
            rest += coefficient
            continue
        if not isinstance(key, sp.log) or coefficient.has(sp.log):
            rest += key * coefficient
            continue
        for group in groups:
            if shown_zero(coefficient - group.weight):
                group.argument *= key.args[0]
                break
            if shown_zero(coefficient + group.weight):
                group.argument /= key.args[0]
                break
        else:
            groups.append(_Group(coefficient, 1, key.args[0]))
    return groups, rest


def _is_constant_log(group: _Group, index: sp.Basic | None) -> bool:
    """A log of something free of vector entries and the index, with a numeric weight."""
    return (
        group.weight.is_number
        and not group.argument.has(sp.Indexed)
        and (index is None or not group.argument.has(index))
    )


def _spread(
    scalar: list[_Group], ranges: list[tuple[Range, list[_Group]]]
) -> tuple[list[_Group], str] | None:
    """Spread the logs of constants over weights that add up to a number; None if none do."""
    constants = [g for g in scalar if _is_constant_log(g, None)]
    if not constants:
        return None
    others = [g for g in scalar if g not in constants]
    for span, groups in ranges:
        for group in groups:
            if normalised(group.weight, span.index, span.low, span.high):
                for constant in constants:
                    exponent = group.sign * constant.sign * constant.weight
                    group.argument *= constant.argument**exponent
                label = group.weight.base.label
                return others, f"Σ {label} = 1"
    total = sp.Add(*[g.weight for g in others])
    if not others or not total.is_number or total == 0:
        total = sp.expand(total)
        if not total.is_number or total == 0:
            return None
    for group in others:
        for constant in constants:
            exponent = group.sign * constant.sign * constant.weight / total
            group.argument *= constant.argument**exponent
    return others, Detail("lemma_weights_sum", total=show(total))


def _orient(group: _Group, where: object) -> bool:
    """Make the weight the nonnegative one (flipping the sign); False if neither is shown."""
    if shown_sign(group.weight, where, strict=False):  # type: ignore[arg-type]
        return True
    if shown_sign(-group.weight, where, strict=False):  # type: ignore[arg-type]
        group.weight, group.sign = -group.weight, -group.sign
        return True
    return False


def _bound(
    groups: list[_Group], context: Context, index: sp.Basic | None
) -> tuple[sp.Expr, list[str], list[str]] | None:
    """The lower bound of the groups' terms, the details and the equality conditions."""
    total = sp.S.Zero
    details: list[str] = []
    equalities: list[str] = []
    applied = False
    for group in groups:
        argument = sp.powsimp(sp.cancel(group.argument))
        group.argument = argument
        if _orient(group, context.where) and shown_sign(argument, context.where, strict=True):
            applied = True
            w, a = group.weight, argument
            bound = w * (1 - 1 / a) if group.sign > 0 else w * (1 - a)
            total += bound
            shown = {"a": show(a), "w": show(w), "term": show(group.term), "bound": show(bound)}
            details.append(Detail("lemma_tangent_at", **shown))
            if shown_sign(w, context.where, strict=True):
                numerator, denominator = sp.fraction(sp.together(a))
                condition = f"{show(numerator)} = {show(denominator)}"
                if index is not None:
                    condition = Detail("lemma_for_every", condition=condition, index=index)
                equalities.append(condition)
            else:
                equalities.append("")
        else:
            total += group.term
            equalities.append("")
    return (total, details, equalities) if applied else None


def _bases(form: sp.Expr) -> list[sp.Expr]:
    """The numbers ``b > 1`` whose ``1 / log b`` (a log base) appears in ``form``."""
    found = {
        power.base.args[0]
        for power in form.atoms(sp.Pow)
        if isinstance(power.base, sp.log)
        and power.exp == -1
        and power.base.args[0].is_number
        and power.base.args[0] > 1
    }
    return sorted(found, key=sp.default_sort_key)


def log_bound(goal: sp.Expr, context: Context) -> Iterator[Reduction]:
    """Lower bounds of ``goal`` by ``log x ≤ x − 1`` applied to each group of its logs."""
    form = canonical(goal)
    if not form.has(sp.log):
        return
    forms: list[tuple[sp.Expr, bool, str]] = [(form, spread, "") for spread in (False, True)]
    for base in _bases(form):
        # a claim in bits: G >= 0 iff G log 2 >= 0 (log 2 > 0), and then log 2 can be spread
        forms.append((sp.expand(form * sp.log(base)), True, Detail("lemma_times_log", base=base)))
    for form, spread, scaled in forms:
        shape = split_sums(form)
        scalar, rest = _groups(shape.rest)
        ranges = []
        for span in shape.ranges:
            groups, span_rest = _groups(span.summand)
            ranges.append((span, groups))
            span.summand = span_rest
        note = scaled
        if spread:
            spreading = _spread(scalar, ranges)
            if spreading is None:
                continue
            scalar, spread_note = spreading
            note = joined([note, spread_note]) if note else spread_note
        new_goal = rest
        details: list[str] = []
        equalities: list[str] = []
        applications: list[Application] = []
        found = _bound(scalar, context, None)
        if found is not None:
            bound, details, equalities = found
            new_goal += bound
            applications.append(Application(LEMMA, joined(details)))
        elif scalar:
            new_goal += sp.Add(*[g.term for g in scalar])
            equalities.append("")
        for span, groups in ranges:
            index = sp.Symbol(span.index.name)
            found = _bound(groups, context, index)
            if found is None:
                summand = span.summand + sp.Add(*[g.term for g in groups])
                equalities += [""] * len(groups)
            else:
                bound, more, conditions = found
                summand = span.summand + bound
                applications.append(Application(LEMMA, joined(more), summed=span.index.name))
                equalities += conditions
            new_goal += sp.Sum(summand, (span.index, span.low, span.high))
        if not applications:
            continue
        if note:
            first = applications[0]
            applications[0] = Application(
                first.lemma, Detail("lemma_with_note", text=first.detail, note=note), first.summed
            )
        equality = joined(equalities, "lemma_and") if equalities and all(equalities) else ""
        yield Reduction(new_goal, tuple(applications), equality)
