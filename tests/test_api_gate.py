"""Every public entry point refuses text instead of evaluating it as Python.

Each case hands a string that would create a canary file (or set an attribute) if SymPy's
``sympify`` ever evaluated it, and asserts a clear SymxentError and that nothing happened.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import sympy as sp

import symxent
from symxent import (
    BinaryEntropy,
    Derivation,
    Distribution,
    Entropy,
    Information,
    Logarithm,
    Logits,
    Sigmoid,
    Softmax,
)
from symxent.check import check_claim
from symxent.errors import SymxentError
from symxent.inputs import as_expr
from symxent.numeric import to_backend, to_numpy


@pytest.fixture
def canary(tmp_path: Path) -> tuple[str, Path]:
    """A payload that creates a file and sets an attribute when evaluated as Python."""
    path = tmp_path / "canary"
    code = (
        f"(__import__('pathlib').Path({str(path)!r}).write_text('x'),"
        " setattr(__import__('builtins'), 'symxent_canary', 1))"
    )
    return code, path


def _entry_points(code: str) -> list[Callable[[], Any]]:
    p = Distribution("p", "n")
    return [
        lambda: check_claim(code, "=", 0),
        lambda: check_claim(0, "<=", code),
        lambda: check_claim(Entropy(p), ">=", code),
        lambda: to_numpy(code),
        lambda: to_backend(code, "numpy"),
        lambda: Derivation(code),
        lambda: Derivation(Entropy(p)).step("=", code, "because"),
        lambda: Sigmoid(code),
        lambda: Logarithm(code, 2),
        lambda: Information(code),
        lambda: BinaryEntropy(code),
        lambda: Softmax(Logits("z", 3), code),
        lambda: Entropy(p, code),
        lambda: Distribution("p", values=[code, "1/2"]),
        lambda: as_expr(code),
        lambda: symxent.check.numeric.expand_fully(code),
        lambda: symxent.numeric.expand.expand_for_numeric(code),
        lambda: _marginal(code),
        lambda: _prove_information(code),
    ]


def _joint() -> Any:
    from symxent.quantities.joint import JointDistribution

    return JointDistribution("p", ["X", "Y"])


def _marginal(code: str) -> Any:
    from symxent.quantities.joint import Marginal

    joint = _joint()
    return Marginal(joint, [joint.variables[0]], [code])


def _prove_information(code: str) -> Any:
    from symxent.check.shannon import prove_information

    return prove_information(code, "=", 0)


@pytest.mark.parametrize("index", range(19))
def test_text_is_never_evaluated(index: int, canary: tuple[str, Path]) -> None:
    code, path = canary
    call = _entry_points(code)[index]
    with pytest.raises(SymxentError):
        call()
    assert not path.exists()
    assert not hasattr(builtins, "symxent_canary")


def test_every_entry_point_is_listed(canary: tuple[str, Path]) -> None:
    assert len(_entry_points(canary[0])) == 19


def test_the_issue_example_is_refused_and_runs_nothing(tmp_path: Path) -> None:
    marker = tmp_path / "hi"
    with pytest.raises(SymxentError, match="text is never evaluated"):
        check_claim(f"__import__('os').system('touch {marker}')", "=", 0)
    assert not marker.exists()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (3, sp.Integer(3)),
        (Fraction(1, 3), sp.Rational(1, 3)),
        (sp.Rational(2, 7), sp.Rational(2, 7)),
        (0.5, sp.Float(0.5)),
    ],
)
def test_numbers_and_expressions_pass_the_gate(value: object, expected: sp.Expr) -> None:
    assert as_expr(value) == expected


@pytest.mark.parametrize("value", [True, b"1", [1, 2], {"a": 1}, sp.Eq(sp.Symbol("x"), 1)])
def test_non_expressions_are_refused(value: object) -> None:
    with pytest.raises(SymxentError):
        as_expr(value)


def test_check_claim_still_judges_expressions() -> None:
    p = Distribution("p", 3)
    assert check_claim(Entropy(p), ">=", 0).holds
    assert check_claim(Entropy(p), "<", 0).short == "refuted"
