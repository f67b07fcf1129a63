r"""What the lemmas may assume: the signs and bounds of variables and vector entries.

A lemma applies only where its hypotheses are *shown*; this module shows the sign of an
expression on the claim's domain, exactly, from these facts:

* a scalar symbol lies in the interval the natural domain gives it (``where``);
* an entry of a vector lies in the interval its role gives it: a distribution's entries in
  ``(0, 1]`` (positive, as the prover treats the simplex's interior, and at most ``Σ p = 1``),
  labels in ``[0, 1]``, predicted probabilities in ``(0, 1)``, positive weights in ``(0, ∞)``;
* ``Σ_i p_i = 1`` for a vector that sums to one.

Each variable is written through a positive parameter (``p = 1/(1 + t)`` on ``(0, 1)``), each
closed end is a case of its own, and SymPy's assumption system must show the sign in every case
(see :func:`symxent.check.signs._domain_cases`): never a sample.

Example:
    >>> import sympy as sp
    >>> from symxent import Distribution
    >>> p = Distribution("p", "n")
    >>> i = sp.Symbol("i", integer=True)
    >>> shown_sign(-sp.log(p[i]), {}, strict=False)
    True
    >>> shown_sign(sp.log(p[i]), {}, strict=False)
    False
"""

from __future__ import annotations

from collections.abc import Mapping

import sympy as sp

from symxent.check.signs import _constant_sign, _domain_cases, _safely, _sign_holds
from symxent.distributions import ROLES, VectorLabel

__all__ = ["entry_interval", "normalised", "shown_sign", "shown_zero"]


def entry_interval(entry: sp.Indexed) -> sp.Interval | None:
    """The interval an entry of a symxent vector lies in (None: any real, or not a vector).

    Example:
        >>> from symxent import Distribution
        >>> entry_interval(Distribution("p", 3)[1])
        Interval.Lopen(0, 1)
    """
    label = entry.base.label
    if not isinstance(label, VectorLabel):
        return None
    if label.sums_to_one:
        # p_i <= sum_j p_j = 1 (the other entries are nonnegative)
        return sp.Interval.Lopen(0, 1) if entry.is_positive else sp.Interval(0, 1)
    vector = ROLES.get(label.role)
    interval = vector.interval if vector is not None else None
    if interval is None and entry.is_positive:
        return sp.Interval.open(0, sp.oo)
    return interval


def normalised(entry: sp.Basic, index: sp.Basic, low: sp.Basic, high: sp.Basic) -> bool:
    """Whether ``entry`` is ``w_index`` of a vector with ``Σ_{index=low}^{high} w = 1``, ``w ≥ 0``.

    Example:
        >>> import sympy as sp
        >>> from symxent import Distribution
        >>> p = Distribution("p", "n")
        >>> i = sp.Symbol("i", integer=True)
        >>> normalised(p[i], i, 1, p.n), normalised(p[i], i, 2, p.n)
        (True, False)
    """
    if not isinstance(entry, sp.Indexed) or entry.indices != (index,):
        return False
    label, shape = entry.base.label, entry.base.shape
    return (
        isinstance(label, VectorLabel)
        and label.sums_to_one
        and bool(shape)
        and len(shape) == 1
        and shape[0] == high
        and low == 1
        and bool(entry.is_nonnegative)
    )


def _entries_as_symbols(
    expr: sp.Expr, where: Mapping[object, object]
) -> tuple[sp.Expr, dict[object, object]]:
    """Replace each vector entry by a symbol over the entry's interval (one per entry)."""
    mapping: dict[sp.Basic, sp.Basic] = {}
    domains: dict[object, object] = dict(where)
    for entry in sorted(expr.atoms(sp.Indexed), key=sp.default_sort_key):
        interval = entry_interval(entry)
        facts = {"real": True}
        if interval is not None and interval.start >= 0:
            facts = {"positive": True} if interval.left_open else {"nonnegative": True}
        symbol = sp.Dummy(f"e_{entry.base.label}", **facts)
        mapping[entry] = symbol
        if interval is not None:
            domains[symbol] = interval
    return expr.xreplace(mapping), domains


_SIMPLIFY_OPS = 24
"""Largest case (in operations) that is factored before its sign is asked."""

_CASE_OPS = 60
"""Largest expression (in operations) whose sign is shown case by case."""

_SHOWN: dict[tuple[sp.Expr, frozenset[tuple[object, object]], bool], bool] = {}
_MAX_SHOWN = 4096


def _case_shown(case: sp.Expr, strict: bool) -> bool:
    """The sign of one case by SymPy's assumptions; a small case factored too."""
    constant = _constant_sign(case, strict)
    if constant is not None:
        return constant
    if _sign_holds(case, strict):
        return True
    if not case.free_symbols or sp.count_ops(case) > _SIMPLIFY_OPS:
        return False
    form = _safely(sp.factor, case)
    return form is not None and _sign_holds(form, strict)


def shown_sign(expr: sp.Expr, where: Mapping[object, object], *, strict: bool) -> bool:
    """Whether ``expr >= 0`` (``> 0`` if strict) is shown exactly on the domain.

    Entries of vectors and scalars with an interval are written through positive parameters,
    case by case; every case must have the sign by SymPy's assumptions. Sums are not opened:
    an expression with a sum left in it is shown only if the assumptions see its sign whole.

    Example:
        >>> import sympy as sp
        >>> x = sp.Symbol("x", real=True)
        >>> shown_sign(x * (1 - x), {x: sp.Interval(0, 1)}, strict=False)
        True
        >>> shown_sign(x * (1 - x), {x: sp.Interval(0, 2)}, strict=False)
        False
    """
    expr = sp.sympify(expr)
    key = (expr, frozenset(where.items()), strict)
    if key not in _SHOWN:
        if len(_SHOWN) >= _MAX_SHOWN:
            _SHOWN.clear()
        _SHOWN[key] = _shown_sign(expr, where, strict)
    return _SHOWN[key]


def _shown_sign(expr: sp.Expr, where: Mapping[object, object], strict: bool) -> bool:
    if expr.is_zero:
        return not strict
    known = expr.is_positive if strict else expr.is_nonnegative
    if known:
        return True
    if isinstance(expr, sp.Sum) and len(expr.limits) == 1:
        # a sum of terms with the sign, over a range that is not empty
        _, low, high = expr.limits[0]
        nonempty = (high - low + 1).is_positive
        return bool(nonempty) and shown_sign(expr.function, where, strict=strict)
    if expr.has(sp.Sum):
        return False
    replaced, domains = _entries_as_symbols(expr, where)
    if _sign_holds(replaced, strict):  # the entries' own signs may do
        return True
    if sp.count_ops(replaced) > _CASE_OPS:
        return False  # too large to write case by case within the search's budget
    try:
        cases = _domain_cases(replaced, domains)
        return all(_case_shown(case, strict) for case in cases)
    except Exception:  # SymPy raises odd errors on odd input: not shown
        return False


def shown_zero(expr: sp.Expr) -> bool:
    """Whether ``expr`` is exactly 0 after expansion (no simplification by guesswork).

    Example:
        >>> import sympy as sp
        >>> x = sp.Symbol("x", positive=True)
        >>> shown_zero(sp.log(2 * x) - sp.log(2) - sp.log(x))
        True
    """
    try:
        reduced = sp.expand(sp.expand_log(sp.sympify(expr), force=False))
        if reduced == 0:
            return True
        return bool(sp.cancel(sp.together(reduced)) == 0)
    except Exception:
        return False
