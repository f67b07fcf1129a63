r"""Domains a lecture states for every entry of a vector: ``y_i \in \{0, 1\}``, ``x_i > 0``.

A statement about ``y_i`` with a generic index (``y^{(i)}``, ``y_1, \dots, y_N``) is about every
entry of ``y``. The vector is sampled with a role (:data:`~symxent.check.sampling.VECTOR_KINDS`);
the statement narrows that role when a role is exactly the vectors of the old role whose entries
lie in the stated set (:func:`entry_kind`), and is not applied otherwise: a premise only narrows.

Example:
    >>> binary = StatedDomain("y", "y_i", 3, sp.S.Reals, (0, 1), "i")
    >>> entry_kind("labels", binary)
    'one-hot'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import sympy as sp

from symxent.distributions import VectorLabel
from symxent.lecture.domains import StatedDomain, premises_for, scalars_of, stated_alphabets

__all__ = ["covered", "entry_kind", "entry_premises", "stated_premises"]

_ENTRY_RANGES: dict[str, sp.Set] = {
    "probabilities": sp.Interval.open(0, 1),
    "positive": sp.Interval.open(0, sp.oo),
    "nonnegative": sp.Interval(0, sp.oo),
    "reals": sp.S.Reals,
    "logits": sp.S.Reals,
}
"""The entries of vectors of these roles, each entry on its own (no sum to one)."""


def entry_kind(kind: str, domain: StatedDomain) -> str | None:
    r"""The role of a ``kind`` vector whose every entry lies in ``domain``; None if no role is.

    The role returned is exactly the vectors of ``kind`` with entries in the stated domain
    (never more, never fewer): a label vector (on the simplex) with entries in ``\{0, 1\}``
    is one-hot, one with positive entries a distribution; real entries in ``(0, 1)`` are
    probabilities, in ``(0, \infty)`` positive. ``kind`` itself when the vectors already lie
    in the domain; None when no role is that set (``[0, 1]`` for real entries).

    Example:
        >>> binary = StatedDomain("y", "y_i", 1, sp.S.Reals, (0, 1), "i")
        >>> entry_kind("labels", binary), entry_kind("reals", binary)
        ('one-hot', None)
        >>> entry_kind("reals", StatedDomain("x", "x_i", 1, sp.Interval.open(0, sp.oo), (), "i"))
        'positive'
    """
    if domain.members:
        members = {m for m in domain.members if sp.Interval(0, 1).contains(m) is sp.true}
        if kind in ("labels", "one-hot") and members == {0, 1}:
            return "one-hot"
        return None
    interval = domain.interval
    if kind == "one-hot":
        both = interval.contains(0) is sp.true and interval.contains(1) is sp.true
        return kind if both else None
    if kind in ("labels", "distribution"):
        within = interval & sp.Interval(0, 1)
        if within == sp.Interval(0, 1):
            return kind
        if within == sp.Interval.Lopen(0, 1):
            return "distribution"
        return None
    own = _ENTRY_RANGES.get(kind)
    if own is None:
        return None
    within = own & interval
    roles = (kind, "probabilities", "positive", "nonnegative")
    return next((role for role in roles if within == _ENTRY_RANGES[role]), None)


def entry_premises(
    exprs: Iterable[sp.Expr], domains: Mapping[str, StatedDomain], where: Mapping[object, object]
) -> tuple[dict[object, object], dict[sp.Basic, StatedDomain]]:
    """The checker's domain with the vectors whose entries a premise states in their role.

    Returns the narrowed ``where`` (the vector's name -> the role of :func:`entry_kind`) and
    the premises that narrowed a vector. A premise no role expresses exactly is not applied.
    """
    narrowed = dict(where)
    used: dict[sp.Basic, StatedDomain] = {}
    labels: dict[str, VectorLabel] = {}
    arrays: set[str] = set()  # y_{ij}: a statement about y_i is not about its rows' entries
    for expr in exprs:
        for base in expr.atoms(sp.IndexedBase):
            if isinstance(base.label, VectorLabel):
                labels[base.label.name] = base.label
                if base.shape is not None and len(base.shape) != 1:
                    arrays.add(base.label.name)
        arrays |= {e.base.label.name for e in expr.atoms(sp.Indexed) if len(e.indices) != 1}
    for name in arrays:
        labels.pop(name, None)
    for name, label in sorted(labels.items()):
        domain = domains.get(f"{name}[]")
        if domain is None:
            continue
        kind = label.role
        for key, value in where.items():
            if (key == name or getattr(key, "name", None) == name) and isinstance(value, str):
                kind = value
        role = entry_kind(kind, domain)
        if role is None or role == kind:
            continue
        narrowed[name] = role
        used[label] = domain
    return narrowed, used


def stated_premises(
    lhs: sp.Expr, rhs: sp.Expr, domains: Mapping[str, StatedDomain], where: Mapping[object, object]
) -> tuple[
    sp.Expr,
    sp.Expr,
    dict[object, object],
    dict[sp.Symbol, StatedDomain],
    dict[sp.Basic, StatedDomain],
]:
    """The premises of a link: :func:`premises_for` its scalars, :func:`entry_premises` its vectors.

    Returns the sides with the alphabet sizes of random variables stated in a set put in
    (:func:`stated_alphabets`), the narrowed ``where``, the scalar premises (for
    :func:`judge_within`) and the other premises (for the row's notes).
    """
    lhs, rhs, alphabets = stated_alphabets(lhs, rhs, domains)
    narrowed, scalars = premises_for(scalars_of(lhs, rhs), domains, where)
    narrowed, entries = entry_premises((lhs, rhs), domains, narrowed)
    return lhs, rhs, narrowed, scalars, {**entries, **alphabets}


def covered(exprs: Iterable[sp.Expr], used: Mapping[sp.Basic, StatedDomain]) -> set[str]:
    """The names of ``exprs`` that a premise of ``used`` is about.

    The scalars, and the vectors with their entries, indices and lengths (``y``, ``y[i]``,
    ``i``, ``n`` for ``y_i`` under ``y_i ∈ {0, 1}``).

    Example:
        >>> y = sp.IndexedBase(VectorLabel("y"), shape=(sp.Symbol("n"),))
        >>> domain = StatedDomain("y", "y_i", 1, sp.S.Reals, (0, 1), "i")
        >>> sorted(covered([y[sp.Symbol("i")] ** 2], {y.label: domain}))
        ['i', 'n', 'y', 'y[i]']
    """
    names = {str(symbol) for symbol in used}
    for expr in exprs:
        for entry in expr.atoms(sp.Indexed):
            if entry.base.label in used:
                parts = (*entry.indices, *(entry.base.shape or ()))
                names |= {str(entry), *(str(s) for part in parts for s in part.free_symbols)}
    return names
