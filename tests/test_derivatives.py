r"""Derivatives in Leibniz notation: read as derivatives, judged, wrong variants refuted.

``\frac{d}{dt} t^3`` is the derivative of t^3, never the fraction d/(d t) times t^3. Whether each
identity below is true is decided independently of symxent: by mpmath's numeric differentiation
at sample points, and for the softmax cross-entropy gradient by torch's autograd.
"""

from __future__ import annotations

from collections.abc import Callable

import mpmath
import pytest
import sympy as sp
import torch

from symxent.errors import LatexParseError
from symxent.latex.parse import parse, parse_expression
from symxent.lecture import check_text, verify

ACCEPTED = ("proved", "confirmed")
REJECTED = ("refuted", "unknown")


def _symbol(expr: sp.Basic, name: str) -> sp.Symbol:
    """The free symbol called ``name`` in ``expr`` (its assumptions are the reader's business)."""
    (found,) = [s for s in expr.free_symbols if getattr(s, "name", "") == name]
    return found


# ---------------------------------------------------------------- reading


@pytest.mark.parametrize(
    ("latex", "body", "counts"),
    [
        (r"\frac{d}{dx} x^3", lambda x: x**3, (1,)),
        (r"\frac{d x^3}{d x}", lambda x: x**3, (1,)),
        (r"\frac{\mathrm{d}}{\mathrm{d}x} x^3", lambda x: x**3, (1,)),
        (r"\frac{\partial}{\partial x} x^3", lambda x: x**3, (1,)),
        (r"\frac{\partial x^3}{\partial x}", lambda x: x**3, (1,)),
        (r"\frac{d^2}{dx^2} x^3", lambda x: x**3, (2,)),
        (r"\frac{d^{2} x^3}{d x^{2}}", lambda x: x**3, (2,)),
        (r"\frac{\partial^2 (x^3)}{\partial x^2}", lambda x: x**3, (2,)),
        (r"\frac{d}{dx} (x^2 + 1)", lambda x: x**2 + 1, (1,)),
        (r"\frac{d}{dx} x^2 \cdot x", lambda x: x**3, (1,)),  # the whole product that follows
    ],
)
def test_leibniz_notation_reads_as_a_derivative(
    latex: str, body: Callable[[sp.Expr], sp.Expr], counts: tuple[int, ...]
) -> None:
    expr = parse_expression(latex)
    x = _symbol(expr, "x")
    assert isinstance(expr, sp.Derivative)
    assert expr.expr == body(x)
    assert tuple(count for _, count in expr.variable_count) == counts


def test_the_operator_form_takes_the_product_that_follows_not_the_next_term() -> None:
    expr = parse_expression(r"\frac{d}{dx} x^2 + 1")
    x = _symbol(expr, "x")
    assert expr == sp.Derivative(x**2, x) + 1


def test_mixed_partial_derivatives_keep_their_variables_in_order() -> None:
    expr = parse_expression(r"\frac{\partial^2 (x^2 y)}{\partial x \partial y}")
    x, y = _symbol(expr, "x"), _symbol(expr, "y")
    assert expr == sp.Derivative(x**2 * y, x, y)
    assert expr.doit() == 2 * x


def test_a_prime_on_a_function_is_its_derivative_at_the_argument() -> None:
    expr = parse_expression(r"\sigma''(2x)")
    x = _symbol(expr, "x")
    assert isinstance(expr, sp.Subs) and expr.point == (2 * x,)
    # sigma'' = sigma (1 - sigma)(1 - 2 sigma), here at 2x = 1 (mpmath: 2nd derivative of sigmoid)
    value = expr.doit().subs(x, sp.Rational(1, 2))
    assert mpmath.almosteq(mpmath.mpf(sp.N(value, 30)), mpmath.diff(_sigmoid, 1, 2), 1e-20)


def test_a_prime_that_means_nothing_is_named() -> None:
    with pytest.raises(LatexParseError, match="prime"):
        verify(r"H'(p) = 0")


def test_a_partial_derivative_in_a_logit_is_in_its_entry() -> None:
    expr = parse_expression(r"\frac{\partial}{\partial z_k} \sum_{i=1}^{n} z_i^2")
    assert isinstance(expr, sp.Derivative)
    ((variable, count),) = expr.variable_count
    assert isinstance(variable, sp.Indexed) and str(variable.base) == "z" and count == 1
    assert str(variable.indices[0]) == "k"


# ---------------------------------------------------------------- verdicts (scalars)

# (claim, lhs as a function for mpmath.diff, rhs) - mpmath decides the truth independently.
_t = "t"
SCALAR_CLAIMS = [
    (r"\frac{d}{dt} t^3 = 3 t^2", lambda t: t**3, lambda t: 3 * t**2, 1),
    (r"\frac{d}{dt} t^3 = t^2", lambda t: t**3, lambda t: t**2, 1),  # the example
    (r"\frac{d}{dt} t^3 = 3 t^3", lambda t: t**3, lambda t: 3 * t**3, 1),  # wrong power
    (r"\frac{d}{dt} t^3 = -3 t^2", lambda t: t**3, lambda t: -3 * t**2, 1),  # sign flip
    (r"\frac{d t^3}{dt} = 3t^2", lambda t: t**3, lambda t: 3 * t**2, 1),
    (r"\frac{d^2}{dt^2} t^3 = 6 t", lambda t: t**3, lambda t: 6 * t, 2),
    (r"\frac{d^2}{dt^2} t^3 = 3 t^2", lambda t: t**3, lambda t: 3 * t**2, 2),  # first, not second
    (r"\frac{d}{dz}\sigma(z) = \sigma(z)(1-\sigma(z))", None, None, 1),
    (r"\frac{d}{dz}\sigma(z) = \sigma(z)(1+\sigma(z))", None, None, 1),  # sign flip
    (r"\frac{d}{dz}\sigma(z) = \sigma(z)", None, None, 1),  # dropped factor
    (r"\frac{d}{dx} \log x = \frac{1}{x}", mpmath.log, lambda x: 1 / x, 1),
    (r"\frac{d}{dx} \log x = \frac{1}{x^2}", mpmath.log, lambda x: 1 / x**2, 1),
    (
        r"\frac{d}{dp} \left(-p \log p - (1-p) \log(1-p)\right) = \log \frac{1-p}{p}",
        lambda p: -p * mpmath.log(p) - (1 - p) * mpmath.log(1 - p),
        lambda p: mpmath.log((1 - p) / p),
        1,
    ),
    (
        r"\frac{d}{dp} \left(-p \log p - (1-p) \log(1-p)\right) = \log \frac{p}{1-p}",
        lambda p: -p * mpmath.log(p) - (1 - p) * mpmath.log(1 - p),
        lambda p: mpmath.log(p / (1 - p)),  # swapped
        1,
    ),
    (r"\sigma'(z) = \sigma(z)(1-\sigma(z))", None, None, 1),  # a prime
    (r"\sigma'(z) = \sigma(z)(1+\sigma(z))", None, None, 1),
    (r"\frac{d}{dx} \tanh x = 1 - \tanh^2 x", mpmath.tanh, lambda x: 1 - mpmath.tanh(x) ** 2, 1),
    (r"\frac{d}{dx} \tanh x = 1 + \tanh^2 x", mpmath.tanh, lambda x: 1 + mpmath.tanh(x) ** 2, 1),
    (
        r"\frac{d}{dx} \mathrm{softplus}(x) = \sigma(x)",
        lambda x: mpmath.log(1 + mpmath.exp(x)),
        lambda x: 1 / (1 + mpmath.exp(-x)),
        1,
    ),
    (
        r"\frac{d}{dx} \mathrm{softplus}(x) = \sigma(-x)",  # sign flip inside
        lambda x: mpmath.log(1 + mpmath.exp(x)),
        lambda x: 1 / (1 + mpmath.exp(x)),
        1,
    ),
    (r"\frac{\partial^2 (x^2 y)}{\partial x \partial y} = 2x", None, None, 2),
    (r"\frac{\partial^2 (x^2 y)}{\partial x \partial y} = 2y", None, None, 2),  # wrong variable
]


def _sigmoid(z: mpmath.mpf) -> mpmath.mpf:
    return 1 / (1 + mpmath.exp(-z))


_SIGMOID_RHS = {
    r"\sigma(z)(1-\sigma(z))": lambda z: _sigmoid(z) * (1 - _sigmoid(z)),
    r"\sigma(z)(1+\sigma(z))": lambda z: _sigmoid(z) * (1 + _sigmoid(z)),
    r"\sigma(z)": _sigmoid,
}


def _truth(latex: str, lhs: object, rhs: object, order: int) -> bool:
    """Whether the claim holds, by mpmath at a few points of (0, 1) and beyond."""
    points = [mpmath.mpf("0.1"), mpmath.mpf("0.37"), mpmath.mpf("0.8")]
    if "sigma" in latex and lhs is None:
        g = _SIGMOID_RHS[latex.split("= ", 1)[1]]
        return all(mpmath.almosteq(mpmath.diff(_sigmoid, z), g(z), 1e-10) for z in points)
    if "x^2 y" in latex:  # d2/dxdy x^2 y = 2x: checked at (x, y) = (0.37, 0.8)
        x, y = mpmath.mpf("0.37"), mpmath.mpf("0.8")
        value = mpmath.diff(lambda a, b: a**2 * b, (x, y), (1, 1))
        return bool(mpmath.almosteq(value, 2 * x if latex.endswith("2x") else 2 * y, 1e-10))
    assert callable(lhs) and callable(rhs)
    return all(mpmath.almosteq(mpmath.diff(lhs, t, order), rhs(t), 1e-8) for t in points)


@pytest.mark.parametrize(("latex", "lhs", "rhs", "order"), SCALAR_CLAIMS)
def test_derivative_claims_are_judged_by_their_truth(
    latex: str, lhs: object, rhs: object, order: int
) -> None:
    status = verify(latex).status
    if _truth(latex, lhs, rhs, order):
        assert status in ACCEPTED, (latex, status)
    else:
        assert status == "refuted", (latex, status)


# ---------------------------------------------------------------- the softmax CE gradient

GRADIENT = (
    r"\frac{\partial}{\partial z_k} \left(-\sum_{i=1}^{n} y_i \log \mathrm{softmax}(z)_i\right)"
)
GRADIENT_CLAIMS = [
    (rf"{GRADIENT} = \mathrm{{softmax}}(z)_k - y_k", lambda s, y: s - y),
    (rf"{GRADIENT} = y_k - \mathrm{{softmax}}(z)_k", lambda s, y: y - s),  # sign flip
    (rf"{GRADIENT} = \mathrm{{softmax}}(z)_k", lambda s, y: s),  # dropped term
    (rf"{GRADIENT} = \mathrm{{softmax}}(z)_k + y_k", lambda s, y: s + y),  # sign of a term
    (rf"{GRADIENT} = \mathrm{{softmax}}(z)_k - y_1", lambda s, y: s - y[0]),  # wrong index
    (
        r"\frac{\partial L}{\partial z_k} = \mathrm{softmax}(z)_k - y_k",
        None,  # L is not defined: refused, not judged
    ),
]


def _torch_gradient_matches(rhs: Callable[..., torch.Tensor]) -> bool:
    """torch autograd of -sum y log softmax(z) at a random point, compared with ``rhs``."""
    generator = torch.Generator().manual_seed(0)
    z = torch.randn(4, generator=generator, dtype=torch.float64, requires_grad=True)
    y = torch.softmax(torch.randn(4, generator=generator, dtype=torch.float64), 0)
    loss = -(y * torch.log_softmax(z, 0)).sum()
    (gradient,) = torch.autograd.grad(loss, z)
    s = torch.softmax(z, 0).detach()
    expected = rhs(s, y)
    return bool(torch.allclose(gradient, expected.expand_as(gradient), atol=1e-12))


@pytest.mark.parametrize(("latex", "rhs"), GRADIENT_CLAIMS)
def test_the_softmax_cross_entropy_gradient_as_a_lecture_writes_it(latex: str, rhs: object) -> None:
    if rhs is None:
        with pytest.raises(LatexParseError, match="L is not defined"):
            verify(latex)
        return
    assert callable(rhs)
    status = verify(latex).status
    if _torch_gradient_matches(rhs):
        assert status in ACCEPTED, (latex, status)
    else:
        assert status == "refuted", (latex, status)


def test_the_gradient_needs_the_labels_to_sum_to_one() -> None:
    # The derivation uses sum_j y_j = 1 (y are labels). Logits y have no such sum: the same
    # formula is then wrong, and found wrong.
    assert verify(rf"{GRADIENT} = \mathrm{{softmax}}(z)_k - y_k", assume=["y:reals"]).status == (
        "refuted"
    )


# ---------------------------------------------------------------- malformed derivatives


@pytest.mark.parametrize(
    ("latex", "message"),
    [
        (r"\theta \leftarrow \theta - \eta \frac{\partial L}{\theta}", r"\\frac\{\\partial L\}"),
        (r"\frac{L(\theta)}{\partial \theta} = 0", "the numerator needs"),
        (r"\frac{d^2}{dx} x^3 = 6x", "order"),
        (r"\frac{\partial f}{dx} = 0", "mixes d and"),
        (r"\frac{1}{dx} = 0", "differential"),
        (r"\frac{d}{dx} = 0", "nothing to differentiate"),
        (r"\frac{dy}{dx} = 0", "y is not defined here as a function of x"),
        (r"\partial x = 0", r"\\partial outside a derivative"),
    ],
)
def test_a_malformed_derivative_is_reported_by_name(latex: str, message: str) -> None:
    with pytest.raises(LatexParseError, match=message):
        verify(latex)


@pytest.mark.parametrize(
    "latex",
    [r"\frac{d}{2} = 1", r"\frac{dx}{x} = 1", r"\frac{d}{d} = 1"],
)
def test_a_fraction_that_is_not_a_derivative_stays_a_fraction(latex: str) -> None:
    chain = parse(latex)
    assert not chain.expressions[0].has(sp.Derivative)


def test_in_a_lecture_a_wrong_derivative_is_a_wrong_claim() -> None:
    report = check_text("$$\\frac{d}{dt} t^3 = t^2$$\n\n$$\\frac{d}{dt} t^3 = 3t^2$$\n")
    assert [row.status for row in report.rows] == ["refuted", "proved"]
