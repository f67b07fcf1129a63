"""The Python API: a given vector summed past its values is undefined there, never 0.

``Distribution("p", values=[...])[i]`` with a symbolic ``i`` picks the given value at whatever
class ``i`` is. Past the given entries it was 0 (a sum of Kronecker deltas), so
``check_claim(Sum(p[i], (i, 1, 4)), "=", 1)`` was *proved* for three given values. The truth of
each case is the plain sum of the given values over the range, written out below with Fractions.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy as sp

from symxent import Distribution
from symxent.check import check_claim

VECTORS = [
    [Fraction(1, 2), Fraction(1, 2)],
    [Fraction(1, 5), Fraction(3, 10), Fraction(1, 2)],
    [Fraction(1, 10), Fraction(2, 10), Fraction(3, 10), Fraction(4, 10)],
]
_i = sp.Symbol("i", integer=True)


def _cases() -> list[tuple[list[Fraction], int, int]]:
    return [
        (values, low, high)
        for values in VECTORS
        for low in range(0, len(values) + 2)
        for high in range(low, len(values) + 2)
    ]


@pytest.mark.parametrize(("values", "low", "high"), _cases())
def test_partial_sums_of_a_given_vector(values: list[Fraction], low: int, high: int) -> None:
    vector = Distribution("p", values=[sp.Rational(v.numerator, v.denominator) for v in values])
    total = sum(values[k - 1] for k in range(low, high + 1) if 1 <= k <= len(values))
    claimed = sp.Rational(total.numerator, total.denominator)
    inside = low >= 1 and high <= len(values)
    verdict = check_claim(sp.Sum(vector[_i], (_i, low, high)), "=", claimed)
    if inside:  # every entry read is given: the sum is exactly the given values' sum
        assert verdict.status.value in ("proved", "confirmed"), (values, low, high, verdict)
        wrong = check_claim(sp.Sum(vector[_i], (_i, low, high)), "=", claimed + 1)
        assert wrong.status.value == "refuted", (values, low, high, wrong)
    else:  # p_0 or p_{n+1} is read: undefined, so never accepted
        assert verdict.status.value in ("unknown", "refuted"), (values, low, high, verdict)


def test_an_entry_inside_the_values_keeps_its_delta_form() -> None:
    vector = Distribution("p", values=[sp.Rational(1, 4), sp.Rational(3, 4)])
    k = sp.Idx("k", (1, 2))  # an index bounded to 1..2 needs no guard
    assert not vector[k].has(sp.Piecewise)
