r"""``symxent.latex.raw``: every expression nested in a placeholder is found, so every decimal is.

A decimal a person typed is a rounded number only if the checker sees it: :func:`inner_raws`
must reach every field that holds an expression, an expectation's weight
(``\mathbb{E}_{p(x, y; 0.5)}``) included. The weight's decimals used to be missed, so the same
claim got a different verdict written as an expectation and as the sum it stands for.
"""

from __future__ import annotations

import dataclasses
import typing
from fractions import Fraction

import mpmath
import pytest

from symxent.latex.raw import (
    Apply,
    Decimal,
    Diff,
    Event,
    Expect,
    Label,
    Name,
    Raw,
    Reduce,
    VectorLiteral,
    inner_raws,
)
from symxent.latex.reader import read_side
from symxent.lecture import check_text, verify

HOLDS = ("proved", "rounded", "confirmed")


def _raws(count: int) -> list[Raw]:
    return [read_side(f"a_{k}") for k in range(count)]


def _written() -> list[tuple[object, list[Raw]]]:
    """One object of each kind with a distinct Raw in every field that can hold one."""
    r = _raws(13)
    return [
        (
            Apply(Name("f"), (r[0], Event(r[1], r[2])), (r[3],), r[4], "", (r[5],)),
            [r[0], r[1], r[2], r[3], r[4], r[5]],
        ),
        (Expect(Name("x"), Name("p"), r[6], "p", "", r[7]), [r[6], r[7]]),
        (Diff(r[8], ((r[9], 1), (r[10], 2))), [r[8], r[9], r[10]]),
        (Reduce("max", Name("i"), r[11], r[12], r[0]), [r[11], r[12], r[0]]),
        (VectorLiteral((r[1], r[2])), [r[1], r[2]]),
        (Name("p", subscript=("i",)), []),
        (Decimal.of("0.5"), []),
        (Label("True"), []),
    ]


@pytest.mark.parametrize(("obj", "nested"), _written(), ids=lambda v: type(v).__name__)
def test_inner_raws_reaches_every_field_that_holds_an_expression(
    obj: object, nested: list[Raw]
) -> None:
    found = inner_raws(obj)  # type: ignore[arg-type]
    assert sorted(map(id, found)) == sorted(map(id, nested))


def test_the_objects_above_fill_every_field_that_can_hold_an_expression() -> None:
    # guards the test above: a field added later that can hold a Raw must be filled there too
    for obj, _ in _written():
        hints = typing.get_type_hints(type(obj))
        for field in dataclasses.fields(obj):  # type: ignore[arg-type]
            if "Raw" in str(hints[field.name]):
                value = getattr(obj, field.name)
                assert value not in (None, ()), f"{type(obj).__name__}.{field.name} left empty"


@pytest.mark.parametrize(
    "latex",
    [
        r"\mathbb{E}_{p(x, y; 0.5)}[\frac{1}{3}]",
        r"\sum_{x, y} p(x, y; 0.5) \frac{1}{3}",
    ],
)
def test_a_decimal_in_an_expectations_weight_is_found(latex: str) -> None:
    assert [d.value for d in read_side(latex).decimals()] == [Fraction(1, 2)]


# E over any pmf of the constant 1/3 is 1/3 = 0.33333...; 0.333 states [0.3325, 0.3335], which
# holds it (|1/3 - 0.333| = 1/3000 < 1/2000); 2/3 = 0.66666... rounds to 0.667, not to 0.666.
# The decimal 0.5 is the pmf's parameter: as in the written-out sum, the side before the stated
# result has decimals, so 0.333 on the right is a rounded result (before the fix, the
# expectation was refuted while the sum held).
FORMS = [
    r"\mathbb{E}_{p(x, y; 0.5)}[BODY]",
    r"\sum_{x, y} p(x, y; 0.5) BODY",
]


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize(
    ("body", "right"),
    [
        (r"\frac{1}{3}", r"0.333 \times 1"),
        (r"\frac{2}{3}", r"0.667 \times 1"),
    ],
)
def test_a_rounded_result_after_an_expectation_holds_as_after_the_sum(
    form: str, body: str, right: str
) -> None:
    assert verify(form.replace("BODY", body) + " = " + right).status in HOLDS


def test_the_expectation_and_the_sum_get_the_same_verdict() -> None:
    expectation, written_out = (
        verify(form.replace("BODY", r"\frac{1}{3}") + r" = 0.333 \times 1").status for form in FORMS
    )
    assert expectation == written_out


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize(
    ("body", "wrong"),
    [
        (r"\frac{1}{3}", r"0.343 \times 1"),  # off by 0.0097, far more than its rounding
        (r"\frac{1}{3}", r"0.3334 \times 1"),  # off by 0.000067, more than 0.00005
        (r"\frac{1}{3}", r"-0.333 \times 1"),  # sign flipped
        (r"\frac{1}{3}", r"0.667 \times 1"),  # 1/3 and 2/3 swapped
        (r"\frac{1}{3}", r"0.5 \times 1"),  # the parameter's value, read as data
        (r"\frac{2}{3}", r"0.666 \times 1"),  # truncated, not rounded
    ],
)
def test_wrong_results_after_an_expectation_are_still_refuted(
    form: str, body: str, wrong: str
) -> None:
    assert verify(form.replace("BODY", body) + " = " + wrong).status == "refuted"


@pytest.mark.parametrize(
    "latex",
    [
        r"\mathbb{E}_{p(x, y; 0.5)}[\frac{1}{3}] \le 0.332 \times 1",  # 1/3 > 0.3325
        r"\mathbb{E}_{p(x, y; 0.5)}[\frac{1}{3}] \ge 0.334 \times 1",  # 1/3 < 0.3335
    ],
)
def test_wrong_bounds_after_an_expectation_are_still_refuted(latex: str) -> None:
    assert verify(latex).status == "refuted"


# A distribution with decimal probabilities is given by a binding (there is no expectation over
# a written-out list): its decimals are data, and the expectation and its sum agree.
# H(1/4, 3/4) = -(1/4) ln(1/4) - (3/4) ln(3/4) = 0.56233514... nats (0.81128 bits: 0.811 is the
# wrong base).
LECTURE = r"""Let $p = [0.25, 0.75]$.

$${left} \approx {right}$$
"""


@pytest.mark.parametrize("left", [r"\mathbb{E}_{x \sim p}[-\log p_x]", r"-\sum_x p_x \log p_x"])
@pytest.mark.parametrize(
    ("right", "status"),
    [("0.562", "rounded"), ("0.572", "refuted"), ("-0.562", "refuted"), ("0.811", "refuted")],
)
def test_an_expectation_over_a_bound_distribution_of_decimals(
    left: str, right: str, status: str
) -> None:
    exact = -(mpmath.mpf("0.25") * mpmath.log("0.25") + mpmath.mpf("0.75") * mpmath.log("0.75"))
    holds = abs(exact - mpmath.mpf(right)) <= mpmath.mpf("0.0005")  # half a unit in 0.562
    assert holds == (status == "rounded")  # the expected verdicts, from the exact value
    text = LECTURE.replace("{left}", left).replace("{right}", right)
    assert [row.status for row in check_text(text).rows] == ["binding", status]
