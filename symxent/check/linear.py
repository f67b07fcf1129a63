"""Exact feasibility of small linear systems over the rationals (for Shannon-type proofs).

:func:`feasible_point` finds ``x >= 0`` with ``A x = b`` and ``G x <= h`` in exact rational
arithmetic, or says there is none. The systems symxent asks about are small (Shannon's elemental
inequalities for at most five random variables), so a dense tableau is enough.

Example:
    >>> import sympy as sp
    >>> feasible_point(sp.Matrix([[1, 1]]), sp.Matrix([-1]), sp.zeros(0, 2), sp.zeros(0, 1))
"""

from __future__ import annotations

from fractions import Fraction

import sympy as sp

__all__ = ["feasible_point"]


def feasible_point(
    a_eq: sp.Matrix, b_eq: sp.Matrix, a_le: sp.Matrix, b_le: sp.Matrix
) -> list[sp.Rational] | None:
    """A point ``x >= 0`` with ``a_eq x = b_eq`` and ``a_le x <= b_le`` (rationals), or None.

    Phase one of the simplex method in exact rational arithmetic, with Bland's rule (so it
    ends): slack variables for the inequalities, an artificial variable per row, and their sum
    minimised; the system is feasible exactly when that minimum is 0. (SymPy's ``linprog``
    returned points that break the equalities on these systems; the answer is checked by the
    caller either way.)

    Example:
        >>> feasible_point(sp.Matrix([[1, 1]]), sp.Matrix([2]), sp.Matrix([[1, 0]]), sp.Matrix([1]))
        [1, 1]
    """
    width = a_eq.cols
    rows: list[list[Fraction]] = []
    rhs: list[Fraction] = []
    for r in range(a_eq.rows):
        rows.append([Fraction(int(v.p), int(v.q)) for v in a_eq.row(r)] + [Fraction(0)] * a_le.rows)
        rhs.append(Fraction(int(b_eq[r].p), int(b_eq[r].q)))
    for r in range(a_le.rows):
        slack = [Fraction(int(r == k)) for k in range(a_le.rows)]
        rows.append([Fraction(int(v.p), int(v.q)) for v in a_le.row(r)] + slack)
        rhs.append(Fraction(int(b_le[r].p), int(b_le[r].q)))
    for r, value in enumerate(rhs):
        if value < 0:
            rows[r], rhs[r] = [-v for v in rows[r]], -value
    count, columns = len(rows), width + a_le.rows
    tableau = [
        [*rows[r], *(Fraction(int(r == k)) for k in range(count)), rhs[r]] for r in range(count)
    ]
    basis = [columns + r for r in range(count)]
    total = columns + count
    cost = [Fraction(0)] * columns + [Fraction(1)] * count + [Fraction(0)]
    for r in range(count):  # price out the artificial basis
        cost = [c - t for c, t in zip(cost, tableau[r], strict=True)]
    for _ in range(10_000):
        entering = next((j for j in range(total) if cost[j] < 0), None)
        if entering is None:
            break
        ratios = [
            (tableau[r][-1] / tableau[r][entering], basis[r], r)
            for r in range(count)
            if tableau[r][entering] > 0
        ]
        if not ratios:  # pragma: no cover - phase one is bounded below by 0
            return None
        _, _, leaving = min(ratios)
        pivot = tableau[leaving][entering]
        tableau[leaving] = [v / pivot for v in tableau[leaving]]
        for r in range(count):
            if r != leaving and tableau[r][entering] != 0:
                factor = tableau[r][entering]
                tableau[r] = [
                    a - factor * b for a, b in zip(tableau[r], tableau[leaving], strict=True)
                ]
        factor = cost[entering]
        cost = [a - factor * b for a, b in zip(cost, tableau[leaving], strict=True)]
        basis[leaving] = entering
    if cost[-1] != 0:
        return None  # the artificial variables cannot all be 0: infeasible
    point = [Fraction(0)] * total
    for r, column in enumerate(basis):
        point[column] = tableau[r][-1]
    if any(point[columns:]):  # pragma: no cover - a zero optimum leaves them at 0
        return None
    return [sp.Rational(v.numerator, v.denominator) for v in point[:width]]
