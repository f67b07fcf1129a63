"""Quantities differentiate, substitute and compile like the expressions they stand for.

For every quantity class: ``diff``, ``subs`` and ``lambdify`` on the quantity agree with the same
operation on its ``.doit()`` expansion, and both agree with an independent mpmath computation of
the textbook formula (written out here, not taken from symxent) and, for derivatives, with
mpmath's numerical differentiation of that formula.
"""

from __future__ import annotations

from collections.abc import Callable

import mpmath
import numpy as np
import pytest
import sympy as sp

from symxent import (
    MSE,
    NLL,
    BinaryCrossEntropy,
    BinaryEntropy,
    CrossEntropy,
    Distribution,
    Entropy,
    Expectation,
    Information,
    KLDivergence,
    Logarithm,
    Logits,
    LogSoftmax,
    LogSumExp,
    MatchProbability,
    Sigmoid,
    Softmax,
    SoftmaxVector,
)
from symxent.distributions import summation_index


@pytest.fixture(autouse=True)
def _forty_digits() -> object:
    with mpmath.workdps(40):
        yield


P, Q, Z = Distribution("p", 3), Distribution("q", 3), Logits("z", 3)
X = sp.Symbol("x", positive=True)
C = summation_index("c")

# the point: p, q on the simplex, z logits, x in (0, 1)
POINT = {
    "p": ["0.2", "0.3", "0.5"],
    "q": ["0.1", "0.6", "0.3"],
    "z": ["1.0", "-2.0", "0.5"],
    "x": "0.7",
}
ARGS = [P[1], P[2], P[3], Q[1], Q[2], Q[3], Z[1], Z[2], Z[3], X]


def _values(point: dict[str, object]) -> list[object]:
    flat = [*point["p"], *point["q"], *point["z"], point["x"]]  # type: ignore[misc]
    return [mpmath.mpf(v) for v in flat]


def _lse(z: list[mpmath.mpf]) -> mpmath.mpf:
    return mpmath.log(mpmath.fsum(mpmath.exp(v) for v in z))


# name -> (quantity, the textbook formula in mpmath of (p, q, z, x))
FORMULAS: dict[str, tuple[sp.Expr, Callable[..., mpmath.mpf]]] = {
    "Entropy": (Entropy(P), lambda p, q, z, x: -mpmath.fsum(v * mpmath.log(v) for v in p)),
    "Entropy bits": (
        Entropy(P, 2),
        lambda p, q, z, x: -mpmath.fsum(v * mpmath.log(v, 2) for v in p),
    ),
    "CrossEntropy": (
        CrossEntropy(P, Q),
        lambda p, q, z, x: -mpmath.fsum(a * mpmath.log(b) for a, b in zip(p, q, strict=True)),
    ),
    "KLDivergence": (
        KLDivergence(P, Q),
        lambda p, q, z, x: mpmath.fsum(a * mpmath.log(a / b) for a, b in zip(p, q, strict=True)),
    ),
    "Softmax": (Softmax(Z, 2), lambda p, q, z, x: mpmath.exp(z[1]) / mpmath.exp(_lse(z))),
    "LogSoftmax": (LogSoftmax(Z, 2), lambda p, q, z, x: z[1] - _lse(z)),
    "LogSumExp": (LogSumExp(Z), lambda p, q, z, x: _lse(z)),
    "CE with softmax": (
        CrossEntropy(P, SoftmaxVector(Z)),
        lambda p, q, z, x: -mpmath.fsum(a * (b - _lse(z)) for a, b in zip(p, z, strict=True)),
    ),
    "MatchProbability": (
        MatchProbability(P, Q),
        lambda p, q, z, x: mpmath.fsum(a * b for a, b in zip(p, q, strict=True)),
    ),
    "NLL": (NLL(P), lambda p, q, z, x: -mpmath.fsum(mpmath.log(v) for v in p)),
    "MSE": (
        MSE(P, Q),
        lambda p, q, z, x: mpmath.fsum((a - b) ** 2 for a, b in zip(p, q, strict=True)) / 3,
    ),
    "Expectation": (
        Expectation(P, -sp.log(Q[C]), C),
        lambda p, q, z, x: -mpmath.fsum(a * mpmath.log(b) for a, b in zip(p, q, strict=True)),
    ),
    "Information": (Information(X, 2), lambda p, q, z, x: mpmath.log(1 / x, 2)),
    "BinaryEntropy": (
        BinaryEntropy(X),
        lambda p, q, z, x: -x * mpmath.log(x) - (1 - x) * mpmath.log(1 - x),
    ),
    "BinaryCrossEntropy": (
        BinaryCrossEntropy(sp.Rational(1, 3), X),
        lambda p, q, z, x: (
            -(mpmath.mpf(1) / 3 * mpmath.log(x) + mpmath.mpf(2) / 3 * mpmath.log(1 - x))
        ),
    ),
    "Sigmoid": (Sigmoid(X), lambda p, q, z, x: 1 / (1 + mpmath.exp(-x))),
    "Logarithm": (Logarithm(X, 2), lambda p, q, z, x: mpmath.log(x, 2)),
}

# the variable to differentiate by and its place in ARGS
VARIABLES = [(P[1], 0), (Q[2], 4), (Z[1], 6), (X, 9)]


def _at(expr: sp.Expr, point: dict[str, object]) -> mpmath.mpf:
    values = {a: sp.Float(str(v), 40) for a, v in zip(ARGS, _values(point), strict=True)}
    return mpmath.mpf(sp.N(expr.xreplace(values), 40))


def _formula_at(formula: Callable[..., mpmath.mpf], flat: list[object]) -> mpmath.mpf:
    return formula(flat[0:3], flat[3:6], flat[6:9], flat[9])


@pytest.mark.parametrize("name", sorted(FORMULAS))
def test_the_formulas_here_are_the_quantities(name: str) -> None:
    quantity, formula = FORMULAS[name]
    assert abs(_at(quantity.doit(), POINT) - _formula_at(formula, _values(POINT))) < 1e-30


@pytest.mark.parametrize("name", sorted(FORMULAS))
@pytest.mark.parametrize(("variable", "position"), VARIABLES, ids=str)
def test_diff_is_the_derivative_of_the_expansion(
    name: str, variable: sp.Expr, position: int
) -> None:
    quantity, formula = FORMULAS[name]
    derivative = sp.diff(quantity, variable)
    of_expansion = sp.diff(quantity.doit(), variable)
    flat = _values(POINT)

    def along(t: mpmath.mpf) -> mpmath.mpf:
        moved = list(flat)
        moved[position] = t
        return _formula_at(formula, moved)

    expected = mpmath.diff(along, flat[position])
    assert abs(_at(derivative.doit(), POINT) - expected) < 1e-25
    assert abs(_at(of_expansion, POINT) - expected) < 1e-25


def test_entropy_derivative_by_an_entry_is_not_zero() -> None:
    # d/dp_1 (-sum p_i ln p_i) = -(ln p_1 + 1), by hand
    derivative = sp.diff(Entropy(P), P[1])
    assert derivative != 0
    assert abs(_at(derivative, POINT) - (-(mpmath.log(mpmath.mpf("0.2")) + 1))) < 1e-30


@pytest.mark.parametrize("name", sorted(FORMULAS))
@pytest.mark.parametrize(("variable", "position"), VARIABLES, ids=str)
def test_subs_is_the_substitution_in_the_expansion(
    name: str, variable: sp.Expr, position: int
) -> None:
    quantity, formula = FORMULAS[name]
    value = sp.Rational(1, 4)
    flat = _values(POINT)
    flat[position] = mpmath.mpf(1) / 4
    expected = _formula_at(formula, flat)
    point = {"p": flat[0:3], "q": flat[3:6], "z": flat[6:9], "x": flat[9]}
    assert abs(_at(quantity.subs(variable, value).doit(), point) - expected) < 1e-30
    assert abs(_at(quantity.doit().subs(variable, value), point) - expected) < 1e-30


def test_subs_of_a_whole_vector_keeps_the_quantity() -> None:
    assert Entropy(P).subs(P, Q) == Entropy(Q)


@pytest.mark.parametrize("name", sorted(FORMULAS))
@pytest.mark.parametrize("modules", ["numpy", "math", "mpmath"])
def test_lambdify_compiles_the_quantity(name: str, modules: str) -> None:
    quantity, formula = FORMULAS[name]
    function = sp.lambdify(ARGS, quantity, modules)
    flat = _values(POINT)
    got = function(*[float(v) for v in flat])
    assert abs(float(got) - float(_formula_at(formula, flat))) < 1e-12


def test_lambdify_sigmoid_over_an_array() -> None:
    function = sp.lambdify(X, Sigmoid(X), "numpy")
    xs = np.array([-3.0, 0.0, 2.5])
    expected = [float(1 / (1 + mpmath.exp(-mpmath.mpf(v)))) for v in xs]
    assert np.allclose(function(xs), expected, rtol=1e-14, atol=0)


def _joint_truth(name: str, table: list[list[mpmath.mpf]]) -> mpmath.mpf:
    """H(X), H(Y | X), I(X; Y) of a 2 x 2 joint pmf, from the textbook formulas."""
    px = [mpmath.fsum(row) for row in table]
    py = [table[0][j] + table[1][j] for j in range(2)]
    hx = -mpmath.fsum(v * mpmath.log(v) for v in px)
    hy = -mpmath.fsum(v * mpmath.log(v) for v in py)
    hxy = -mpmath.fsum(v * mpmath.log(v) for row in table for v in row)
    return {"H(X)": hx, "H(Y|X)": hxy - hx, "I(X;Y)": hx + hy - hxy}[name]


@pytest.mark.parametrize("name", ["H(X)", "H(Y|X)", "I(X;Y)"])
@pytest.mark.parametrize("modules", ["numpy", "math", "mpmath"])
def test_lambdify_compiles_the_joint_quantities(name: str, modules: str) -> None:
    from symxent.quantities.joint import (
        ConditionalEntropy,
        JointDistribution,
        JointEntropy,
        MutualInformation,
    )

    p = JointDistribution("p", ["X", "Y"], sizes=[2, 2])
    x, y = p.variables
    quantity = {
        "H(X)": JointEntropy(p, [x]),
        "H(Y|X)": ConditionalEntropy(p, [y], [x]),
        "I(X;Y)": MutualInformation(p, [x], [y]),
    }[name]
    entries = [p.base[i, j] for i in (1, 2) for j in (1, 2)]
    table = [[mpmath.mpf("0.1"), mpmath.mpf("0.2")], [mpmath.mpf("0.3"), mpmath.mpf("0.4")]]
    got = sp.lambdify(entries, quantity, modules)(0.1, 0.2, 0.3, 0.4)
    assert abs(float(got) - float(_joint_truth(name, table))) < 1e-12
