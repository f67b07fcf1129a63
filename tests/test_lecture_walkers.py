r"""The lecture checker's walks over a parsed side reach every field of every node.

Each case below puts a name or an application where the hand-written walks of the lecture checker
did not look (an expectation's weight or body, a reduction's body, a derivative, a subscript
after a call, a pmf parameter, an event inside a probability); the generic walk of
:func:`symxent.latex.raw.inner_raws` reaches them all.
"""

from __future__ import annotations

import pytest

from symxent.latex.reader import read_side
from symxent.lecture import check_text
from symxent.lecture.links import written_names


@pytest.mark.parametrize(
    ("latex", "expected"),
    [
        # the weight of an expectation (its subscript read as an expression), with a parameter
        (r"\mathbb{E}_{p(x, y; \theta)}[X]", {"p", "x", "y", "theta", "X"}),
        (r"\mathbb{E}_{x \sim p}[\log q(x)]", {"p", "q", "x"}),  # distribution, body
        (r"\max_i a_i", {"a", "a_i"}),  # the body of a reduction
        (r"\mathrm{softmax}(z)_k", {"z", "k"}),  # the subscript after a call
        (r"[a, b]", {"a", "b"}),  # a vector written out
        (r"\frac{\partial L}{\partial z_k}", {"L", "z", "z_k"}),  # a derivative
    ],
)
def test_written_names_reach_every_field(latex: str, expected: set[str]) -> None:
    assert expected <= written_names(read_side(latex))


@pytest.mark.parametrize(
    ("claim", "names"),
    [
        (r"H(X) + \max_i a_i = 2", "X, a"),  # a name inside a reduction
        (r"H(X) + q(1) = 2", "X, q"),  # a function's name
        (r"H(X) + \mathbb{E}_{x \sim p}[x] = 2", "X, p"),  # an expectation's distribution
    ],
)
def test_a_number_for_unbound_names_names_all_of_them(claim: str, names: str) -> None:
    # each side is a number only for some values of the names: the row is skipped, naming them
    rows = check_text(f"$${claim}$$").rows
    assert [row.status for row in rows] == ["skipped"]
    assert rows[0].detail == f"depends on {names}, whose values this file does not give"


@pytest.mark.parametrize(
    "equation",
    [
        r"f(x) = \frac{d}{dx} f(x)",  # inside a derivative's body
        r"f(x) = \max_{i} f(i)",  # inside a reduction's body
        r"f(x) = \mathbb{E}_{y \sim p}[f(y)]",  # inside an expectation's body
        r"f(x) = P(Y = f(x))",  # inside an event
        r"f(x) = p(x; f(0))",  # a pmf parameter
        r"f(x) = p(x \mid f(0))",  # after the condition bar
    ],
)
def test_an_equation_that_applies_its_own_function_defines_no_function(equation: str) -> None:
    # f(x) = f(x) defines nothing; neither does f(x) = (an expression applying f somewhere)
    rows = check_text(f"$${equation}$$\n\n$$f(1) = 2$$\n").rows
    assert rows[0].status != "binding"
    assert "defined in terms of itself" not in rows[1].detail
    assert [row.status for row in check_text(f"$${equation}$$").rows] == [
        row.status for row in check_text("$$f(x) = f(x)$$").rows
    ]


def test_a_function_defined_without_itself_is_still_a_binding() -> None:
    # f(x) = x^2 binds f; f(1) = 1, so f(1) = 2 is refuted
    rows = check_text("$$f(x) = x^2 + \\max_{i} g(i)$$\n\n$$f(1) = 2$$\n").rows
    assert [row.status for row in rows] == ["binding", "skipped"]
    assert "depends on g" in rows[1].detail
    rows = check_text("$$f(x) = x^2$$\n\n$$f(1) = 2$$\n").rows
    assert [row.status for row in rows] == ["binding", "refuted"]
