r"""Index arithmetic in a subscript: ``p_{i+1}``, ``p_{n+1}``, ``p_{n+1-i}`` (issue 10, leftover).

``p(i+1)`` was read and ``p_{i+1}`` refused ("the subscript {i+1} of p is not understood").
Both now read the same entry, so the entry gate (:mod:`symxent.check.ranges`) judges them
alike. And ``p_n``, where ``n`` is the class count, was read as the entry at a free index
that happened to be called n (``\sum_{i=1}^{n} p_i - p_n = \sum_{i=1}^{n-1} p_i``, true, was
refuted at "n = 1, p = (1, 0)").

Truth is worked out by hand: ``\sum_{i=a}^{n+d} p_{i+c}`` reads ``p_{a+c} .. p_{n+d+c}``; it
reads inside p's n entries for every n exactly when ``a + c >= 1`` and ``d + c <= 0``, and it
is 1 for every p exactly when it reads all of them, ``a + c = 1`` and ``d + c = 0``.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symxent.errors import SymxentError
from symxent.latex.vocabulary import subscript_parts
from symxent.lecture import verify

ACCEPTED = ("proved", "rounded", "confirmed", "base")


def test_an_index_with_arithmetic_is_one_subscript_part() -> None:
    assert subscript_parts("{i+1}", "p") == ("i+1",)
    assert subscript_parts("{n + 1 - i}", "p") == ("n+1-i",)
    assert subscript_parts("{(k-1)}", "x") == ("k-1",)
    assert subscript_parts("ij", "y") == ("i", "j")  # unchanged
    with pytest.raises(SymxentError):
        subscript_parts("{i+}", "p")


@pytest.mark.parametrize(
    ("claim", "status"),
    [
        (r"\sum_{i=0}^{n-1} p_{i+1} = 1", "holds"),
        (r"\sum_{i=1}^{n} p_{n+1-i} = 1", "holds"),
        (r"\sum_{i=1}^{n-1} p_{i+1} = 1 - p_1", "holds"),
        (r"\sum_{i=1}^{n-1} x_{i+1} = \sum_{i=2}^{n} x_i", "holds"),
        (r"\sum_{i=1}^{n} p_i - p_n = \sum_{i=1}^{n-1} p_i", "holds"),
        (r"\sum_{i=1}^{n} x_i - x_n = \sum_{i=1}^{n-1} x_i", "holds"),
        # wrong variants: a shifted bound, the last entry not taken off, an entry past p
        (r"\sum_{i=1}^{n} p_{i+1} = 1", "unknown"),
        (r"\sum_{i=0}^{n} p_{i+1} = 1", "unknown"),
        (r"p_{n+1} = 0", "unknown"),
        (r"p_{k+1} \ge 0", "unknown"),
        (r"\sum_{i=1}^{n} p_i - p_n = \sum_{i=1}^{n} p_i", "refuted"),  # n = 1: 0 vs 1
        (r"\sum_{i=2}^{n} p_{i-1} = 1", "refuted"),  # misses p_n: p = (0, 1) gives 0
    ],
)
def test_subscripts_with_arithmetic(claim: str, status: str) -> None:
    result = verify(claim)
    if status == "holds":
        assert result.status in ACCEPTED, result.text()
    else:
        assert result.status == status, result.text()


def test_the_subscript_reads_as_the_argument_does() -> None:
    for body in ("i+1", "n+1-i", "i-1"):
        for low, up in (("0", "n-1"), ("1", "n"), ("2", "n+1")):
            written = verify(rf"\sum_{{i={low}}}^{{{up}}} p_{{{body}}} = 1").status
            applied = verify(rf"\sum_{{i={low}}}^{{{up}}} p({body}) = 1").status
            assert written == applied, (body, low, up, written, applied)


@settings(max_examples=30, deadline=None)
@given(
    low=st.integers(-1, 2),
    up=st.integers(-2, 2),
    shift=st.integers(-2, 2),
)
def test_generated_shifted_subscripts_are_accepted_exactly_when_true(
    low: int, up: int, shift: int
) -> None:
    index = "i" if shift == 0 else f"i{shift:+d}"
    bound = "n" if up == 0 else f"n{up:+d}"
    claim = rf"\sum_{{i={low}}}^{{{bound}}} p_{{{index}}} = 1"
    result = verify(claim)
    reads_all = low + shift == 1 and up + shift == 0
    if reads_all:
        assert result.status in ACCEPTED, (claim, result.text())
    else:
        assert result.status not in ACCEPTED, (claim, result.text())


def test_an_index_of_a_random_variable_is_refused_clearly() -> None:
    # X_i, X_{i+1} of a sequence of random variables: not read (an error, exit 2), as before
    with pytest.raises(SymxentError, match=r"subscript i\+1 of X is not understood"):
        verify(r"H(X_{i+1}) \ge 0")
