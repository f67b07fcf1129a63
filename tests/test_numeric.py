"""to_numpy: every quantity and derivation end point compiles to stable, batched numpy code.

Expected values come from scipy.special, mpmath, or arithmetic written out here; never from
symxent itself.
"""

from __future__ import annotations

import inspect
import math

import mpmath
import numpy as np
import pytest
import sympy as sp
from scipy import special

from symxent import (
    MSE,
    NLL,
    BinaryCrossEntropy,
    BinaryEntropy,
    CrossEntropy,
    Distribution,
    Entropy,
    Information,
    KLDivergence,
    Labels,
    Logits,
    LogSoftmax,
    LogSumExp,
    MatchProbability,
    Probabilities,
    RealVector,
    Sigmoid,
    Softmax,
    SoftmaxVector,
    Uniform,
)
from symxent.errors import NumericError, SymxentError
from symxent.numeric import NumericFunction, losses, to_numpy
from symxent.numeric import rows as row_routes

# every test runs on the compiled row kernels and on the numpy row route (conftest.py)
pytestmark = pytest.mark.usefixtures("numeric_route")

RTOL64 = 1e-12
RTOL32 = 1e-5
BATCHES = [(), (7,), (3, 4), (2, 3, 5)]

z, y = Logits("z", "n"), Labels("y", "n")
p, q = Distribution("p", "n"), Distribution("q", "n")
k = z.index("k")
x_scalar, t_scalar = sp.Symbol("x", real=True), sp.Symbol("t")


def simplex(rng: np.random.Generator, shape: tuple[int, ...], n: int, zeros: bool = True):
    values = rng.dirichlet(np.full(n, 0.7), size=shape or None)
    if zeros and n > 2:
        mask = rng.random(values.shape) < 0.25
        mask[..., 0] = False  # keep every row nonzero
        values = np.where(mask, 0.0, values)
        values = values / values.sum(axis=-1, keepdims=True)
    return values


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(20240601)


# -- hand computations --------------------------------------------------------------------


def test_entropy_in_bits_of_a_textbook_distribution():
    f = to_numpy(Entropy(p, 2))
    # -(1/2 log2 1/2 + 1/4 log2 1/4 + 2 * 1/8 log2 1/8) = 1/2 + 1/2 + 3/4
    assert float(f(np.array([0.5, 0.25, 0.125, 0.125]))) == pytest.approx(1.75, rel=1e-15)


def test_cross_entropy_against_uniform_in_bits():
    f = to_numpy(CrossEntropy(p, q, 2))
    assert float(f([0.5, 0.25, 0.125, 0.125], [0.25] * 4)) == pytest.approx(2.0, rel=1e-15)


def test_kl_of_the_handout_example():
    f = to_numpy(KLDivergence(p, q))
    # 1/3 log(1/2) + 2/3 log 2 = log(2) / 3
    assert float(f([1 / 3, 2 / 3], [2 / 3, 1 / 3])) == pytest.approx(np.log(2) / 3, rel=1e-14)


def test_softmax_of_the_worked_example():
    f = to_numpy(-sp.log(Softmax(z, k)))
    logits = np.array([0.9, 1.2, -0.4])
    by_hand = np.log(np.exp(0.9) + np.exp(1.2) + np.exp(-0.4)) - 1.2
    assert float(f(logits, 1)) == pytest.approx(by_hand, rel=1e-14)  # class 2 is index 1


def test_match_probability_by_hand():
    f = to_numpy(-sp.log(MatchProbability(p, q)))
    assert float(f([1 / 3, 2 / 3], [2 / 3, 1 / 3])) == pytest.approx(-np.log(4 / 9), rel=1e-14)


def test_uniform_entropy_takes_the_class_count():
    f = to_numpy(Entropy(Uniform("u", "n"), 2))
    assert f.args == ("n",)
    assert f.kinds == {"n": "count"}
    assert float(f(8)) == pytest.approx(3.0, rel=1e-15)


def test_information_of_one_eighth_is_three_bits():
    s = sp.Symbol("s", positive=True)
    assert float(to_numpy(Information(s, 2))(0.125)) == pytest.approx(3.0, rel=1e-15)


def test_binary_entropy_in_bits_is_one_at_one_half_and_zero_at_the_ends():
    s = sp.Symbol("s")
    f = to_numpy(BinaryEntropy(s, 2))
    np.testing.assert_allclose(f(np.array([0.5, 0.0, 1.0])), [1.0, 0.0, 0.0], rtol=1e-15)


def test_mse_by_hand():
    f = to_numpy(MSE(RealVector("a", "N"), RealVector("b", "N")))
    assert f.args == ("a", "b")
    assert float(f([1.0, 2.0, 3.0], [1.0, 0.0, 0.0])) == pytest.approx((0 + 4 + 9) / 3)


def test_nll_by_hand():
    f = to_numpy(NLL(Probabilities("yhat", "N"), 2))
    assert float(f([0.5, 0.25])) == pytest.approx(3.0, rel=1e-15)


# -- against scipy ------------------------------------------------------------------------


@pytest.mark.parametrize("batch", BATCHES)
@pytest.mark.parametrize("n", [2, 10])
def test_entropy_matches_scipy_entr(rng, batch, n):
    values = simplex(rng, batch, n)
    expected = special.entr(values).sum(axis=-1)
    got = to_numpy(Entropy(p))(values)
    assert got.shape == batch
    np.testing.assert_allclose(got, expected, rtol=RTOL64, atol=0)
    np.testing.assert_allclose(
        to_numpy(Entropy(p, 2))(values), expected / np.log(2), rtol=RTOL64, atol=0
    )


@pytest.mark.parametrize("batch", BATCHES)
def test_kl_matches_scipy_rel_entr_and_kl_div(rng, batch):
    a, b = simplex(rng, batch, 6), simplex(rng, batch, 6, zeros=False)
    got = to_numpy(KLDivergence(p, q))(a, b)
    np.testing.assert_allclose(got, special.rel_entr(a, b).sum(axis=-1), rtol=RTOL64, atol=1e-300)
    # kl_div adds -p + q per class, which sums to 0 for distributions
    np.testing.assert_allclose(got, special.kl_div(a, b).sum(axis=-1), rtol=1e-10, atol=1e-14)


@pytest.mark.parametrize("batch", BATCHES)
def test_cross_entropy_matches_xlogy(rng, batch):
    a, b = simplex(rng, batch, 5), simplex(rng, batch, 5, zeros=False)
    got = to_numpy(CrossEntropy(p, q))(a, b)
    np.testing.assert_allclose(got, -special.xlogy(a, b).sum(axis=-1), rtol=RTOL64, atol=0)


@pytest.mark.parametrize("batch", BATCHES)
@pytest.mark.parametrize("scale", [1e-3, 1.0, 1e3])
def test_softmax_cross_entropy_matches_scipy_log_softmax(rng, batch, scale):
    logits = rng.normal(size=(*batch, 7)) * scale
    target = simplex(rng, batch, 7)
    expected = -(target * special.log_softmax(logits, axis=-1)).sum(axis=-1)
    got = to_numpy(CrossEntropy(y, SoftmaxVector(z)))(target, logits)
    assert got.shape == batch
    np.testing.assert_allclose(got, expected, rtol=RTOL64, atol=1e-12 * scale)


@pytest.mark.parametrize("batch", BATCHES)
def test_log_softmax_at_a_class_index_matches_scipy(rng, batch):
    logits = rng.normal(size=(*batch, 9)) * 300
    index = rng.integers(0, 9, size=batch)
    expected = np.take_along_axis(special.log_softmax(logits, axis=-1), index[..., None], axis=-1)[
        ..., 0
    ]
    got = to_numpy(LogSoftmax(z, k))(logits, index)
    np.testing.assert_allclose(got, expected, rtol=RTOL64, atol=1e-13)


@pytest.mark.parametrize("batch", BATCHES)
def test_logsumexp_matches_scipy(rng, batch):
    logits = rng.normal(size=(*batch, 4)) * 1000
    np.testing.assert_allclose(
        to_numpy(LogSumExp(z))(logits), special.logsumexp(logits, axis=-1), rtol=RTOL64
    )


def test_softmax_over_the_class_index_matches_scipy(rng):
    logits = rng.normal(size=(3, 2, 6)) * 1000
    got = to_numpy(Softmax(z, k), over=k)(logits)
    assert got.shape == (3, 2, 6)
    np.testing.assert_allclose(got, special.softmax(logits, axis=-1), rtol=RTOL64, atol=1e-300)


@pytest.mark.parametrize("batch", BATCHES)
def test_gradient_end_point_softmax_minus_y(rng, batch):
    logits = rng.normal(size=(*batch, 5)) * 1000
    target = simplex(rng, batch, 5)
    index = rng.integers(0, 5, size=batch)
    expected = np.take_along_axis(
        special.softmax(logits, axis=-1) - target, index[..., None], axis=-1
    )[..., 0]
    got = to_numpy(Softmax(z, k) - y[k])(target, logits, index)
    np.testing.assert_allclose(got, expected, rtol=RTOL64, atol=1e-300)


def test_the_derivative_itself_compiles_to_the_proved_gradient(rng):
    logits = rng.normal(size=(50, 4)) * 1000
    target = simplex(rng, (50,), 4)
    derivative = to_numpy(sp.Derivative(CrossEntropy(y, SoftmaxVector(z)), z[k]), over=k)
    got = derivative(target, logits)
    assert np.isfinite(got).all()
    np.testing.assert_allclose(got, special.softmax(logits, axis=-1) - target, atol=1e-15)


def test_derivative_matches_finite_differences(rng):
    logits = rng.normal(size=(6,))
    target = simplex(rng, (), 6)
    loss = to_numpy(CrossEntropy(y, SoftmaxVector(z)))
    grad = to_numpy(sp.Derivative(CrossEntropy(y, SoftmaxVector(z)), z[k]), over=k)
    h = 1e-6
    numeric = [
        (loss(target, logits + h * e) - loss(target, logits - h * e)) / (2 * h) for e in np.eye(6)
    ]
    np.testing.assert_allclose(grad(target, logits), numeric, atol=1e-8)


@pytest.mark.parametrize("batch", BATCHES)
def test_sigmoid_gradient_end_point_matches_expit(rng, batch):
    logits = rng.normal(size=batch) * 1000
    labels = rng.integers(0, 2, size=batch).astype(float)
    f = to_numpy(Sigmoid(x_scalar) - t_scalar)
    assert f.args == ("t", "x")
    got = f(labels, logits)
    np.testing.assert_allclose(got, special.expit(logits) - labels, rtol=RTOL64, atol=1e-300)


def test_kl_gradient_in_q_is_minus_p_over_q(rng):
    a, b = simplex(rng, (4,), 3, zeros=False), simplex(rng, (4,), 3, zeros=False)
    f = to_numpy(sp.Derivative(KLDivergence(p, q), q[k]))
    assert f.args == ("p", "q", "k")
    np.testing.assert_allclose(
        f(a, b, np.array([0, 1, 2, 1])),
        [-a[0, 0] / b[0, 0], -a[1, 1] / b[1, 1], -a[2, 2] / b[2, 2], -a[3, 1] / b[3, 1]],
        rtol=RTOL64,
    )


# -- adversarial inputs -------------------------------------------------------------------


def mp_bce_with_logits(label: float, logit: float) -> float:
    with mpmath.workdps(600):  # 1 - sigmoid(1000) is about 1e-435
        s = 1 / (1 + mpmath.exp(-mpmath.mpf(logit)))
        value = -(label * mpmath.log(s) + (1 - label) * mpmath.log(1 - s))
        return float(value)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_bce_with_logits_is_finite_and_exact_at_extreme_logits(dtype):
    logits = np.array([-1000.0, -40.0, -1.0, 0.0, 3.0, 40.0, 1000.0], dtype=dtype)
    f = to_numpy(BinaryCrossEntropy(t_scalar, Sigmoid(x_scalar)))
    assert f.args == ("t", "x")
    for label in (0.0, 1.0, 0.3):
        got = f(np.full(logits.shape, label, dtype=dtype), logits)
        assert got.dtype == dtype
        expected = [mp_bce_with_logits(label, float(v)) for v in logits]
        np.testing.assert_allclose(got, expected, rtol=RTOL64 if dtype == np.float64 else RTOL32)


def test_bce_from_probabilities_matches_scipy(rng):
    labels = np.array([0.0, 1.0, 0.25, 1.0, 0.0])
    probs = np.array([0.0, 1.0, 0.5, 1e-300, 1 - 1e-16])
    f = to_numpy(BinaryCrossEntropy(t_scalar, sp.Symbol("s")))
    expected = -(special.xlogy(labels, probs) + special.xlog1py(1 - labels, -probs))
    assert f.args == ("s", "t")
    np.testing.assert_allclose(f(t=labels, s=probs), expected, rtol=RTOL64)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_logits_of_1000_give_no_nan(rng, dtype):
    logits = (rng.choice([-1000.0, 1000.0], size=(64, 8)) + rng.normal(size=(64, 8))).astype(dtype)
    target = np.eye(8, dtype=dtype)[rng.integers(0, 8, 64)]
    index = rng.integers(0, 8, 64)
    tol = RTOL64 if dtype == np.float64 else RTOL32
    for expr, args, expected in [
        (
            CrossEntropy(y, SoftmaxVector(z)),
            (target, logits),
            -(target * special.log_softmax(logits.astype(float), axis=-1)).sum(-1),
        ),
        (
            LogSoftmax(z, k),
            (logits, index),
            special.log_softmax(logits.astype(float), axis=-1)[np.arange(64), index],
        ),
        (LogSumExp(z), (logits,), special.logsumexp(logits.astype(float), axis=-1)),
        (
            Softmax(z, k) - y[k],
            (target, logits, index),
            (special.softmax(logits.astype(float), -1) - target)[np.arange(64), index],
        ),
    ]:
        got = to_numpy(expr)(*args)
        assert got.dtype == dtype, expr
        assert np.isfinite(got).all(), expr
        np.testing.assert_allclose(got, expected, rtol=tol, atol=tol * 1e-3)


def test_exact_zeros_and_one_hots():
    one_hot = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]])
    assert to_numpy(Entropy(p))(one_hot).tolist() == [0.0, 0.0]
    kl = to_numpy(KLDivergence(p, q))
    ce = to_numpy(CrossEntropy(p, q))
    assert kl(one_hot, one_hot).tolist() == [0.0, 0.0]
    # p > 0 where q = 0: the math is +inf, and so is the result
    assert kl([0.5, 0.5, 0.0], [1.0, 0.0, 0.0]) == np.inf
    assert ce([0.5, 0.5, 0.0], [1.0, 0.0, 0.0]) == np.inf
    # p = 0 where q = 0: 0 log 0 = 0
    assert float(kl([1.0, 0.0, 0.0], [1.0, 0.0, 0.0])) == 0.0
    assert float(ce([0.0, 1.0, 0.0], [0.0, 1.0, 0.0])) == 0.0


def test_float32_stays_float32_and_mixed_input_gives_float64(rng):
    values = simplex(rng, (10,), 4).astype(np.float32)
    f = to_numpy(Entropy(p, 2))
    assert f(values).dtype == np.float32
    np.testing.assert_allclose(
        f(values), special.entr(values.astype(float)).sum(-1) / np.log(2), rtol=RTOL32
    )
    kl = to_numpy(KLDivergence(p, q))
    assert kl(values, values.astype(np.float64)).dtype == np.float64
    assert kl(values, [0.25] * 4).dtype == np.float32  # Python numbers do not vote


# -- shapes, layouts, arguments -----------------------------------------------------------


def test_batch_axes_broadcast_against_a_shared_distribution(rng):
    a = simplex(rng, (3, 5), 4)
    b = simplex(rng, (), 4, zeros=False)
    got = to_numpy(KLDivergence(p, q))(a, b)
    assert got.shape == (3, 5)
    np.testing.assert_allclose(got, special.rel_entr(a, b).sum(-1), rtol=RTOL64, atol=1e-300)


@pytest.mark.parametrize("n", [3, 40, 300])
def test_layouts_agree(rng, n):
    logits = rng.normal(size=(5000, n)) * 30
    index = rng.integers(0, n, size=5000)
    target = simplex(rng, (5000,), n)
    # auto: class-first for few classes when row values broadcast along the classes (the
    # log-softmax vector); class-last when each row reduces to a number
    for expr, args, broadcasts in [
        (-LogSoftmax(z, k), (logits, index), False),
        (CrossEntropy(y, SoftmaxVector(z)), (target, logits), True),
        (Softmax(z, k) - y[k], (target, logits, index), False),
    ]:
        first = to_numpy(expr, layout="first")(*args)
        last = to_numpy(expr, layout="last")(*args)
        auto = to_numpy(expr)(*args)
        np.testing.assert_allclose(first, last, rtol=1e-13, atol=1e-15)
        np.testing.assert_array_equal(auto, first if n <= 64 and broadcasts else last)
    over_first = to_numpy(Softmax(z, k), over=k, layout="first")(logits)
    np.testing.assert_allclose(over_first, special.softmax(logits, -1), rtol=1e-12, atol=1e-300)


ROW_KINDS = 11


def mixed_rows(rng, rows, classes, dtype):
    """Logits whose rows take every branch of the row routes (see row_routes.row_logsumexp)."""
    logits = rng.normal(size=(rows, classes)) * 3
    kinds = rng.permutation(np.arange(rows) % ROW_KINDS)  # every kind, when rows >= ROW_KINDS
    logits[kinds == 1] *= 300  # +-1000: outside the sum's bounds, redone with the shift
    logits[kinds == 2] += 200.0  # large but ordinary: float64 keeps the route, float32 redoes
    logits[kinds == 3] -= 800.0  # every exp underflows: the sum is 0
    labels = rng.integers(0, classes, rows)
    low_label = kinds == 4  # the label's logit below -PICK_BOUND, the others ordinary
    logits[low_label, labels[low_label]] = -700.0 if dtype == np.float64 else -95.0
    confident = kinds == 5  # label = argmax by a wide margin: losses near 0
    logits[confident, labels[confident]] = logits[confident].max(-1) + rng.uniform(5, 35)
    logits[kinds == 6] *= 10  # rows spanning more than 87: subnormal exps, clamped when shifted
    near_low = kinds == 7  # sums near float32's lower bound C 2^-100 (e^-67 at C = 10)
    logits[near_low] = -62.0 - np.log(classes) + rng.normal(size=logits[near_low].shape) * 0.1
    logits[kinds == 8] += 80.0  # around float32's upper bound e^88
    masked = (kinds == 9)[:, None] & (rng.random(logits.shape) < 0.3)
    masked[np.arange(rows), labels] = False
    logits[masked] = -np.inf  # masked classes: exp is exactly 0
    far = kinds == 10  # float64: the softmax at the label below 2^-1022
    logits[far] += 130.0 if dtype == np.float64 else 5.0
    logits[far, labels[far]] = -590.0 if dtype == np.float64 else -79.0
    return logits.astype(dtype), labels


# rows per class count: more than one chunk of the class-last layout each
ROUTE_ROWS = {10: 6000, 100: 6000, 1000: 600, 1009: 600, 32000: 24}


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("classes", [10, 100, 1000, 1009, 32000])  # 1009: pairwise row sums
def test_row_routes_agree_with_scipy_on_rows_of_every_kind(rng, dtype, classes):
    # chunked, class-last: the row routes of rows.py (unshifted where safe, else the shift)
    rows = ROUTE_ROWS[classes]
    logits, labels = mixed_rows(rng, rows, classes, dtype)
    reference = special.log_softmax(logits.astype(float), axis=-1)
    tol = RTOL64 if dtype == np.float64 else RTOL32
    got = to_numpy(-LogSoftmax(z, k))(logits, labels)
    assert got.dtype == dtype and np.isfinite(got).all()
    expected = -reference[np.arange(rows), labels]
    # scipy's shifted form: a few eps absolute near 0 (5 eps seen; mpmath checks us to 4 eps)
    np.testing.assert_allclose(got, expected, rtol=tol, atol=8 * np.finfo(dtype).eps)
    lse = to_numpy(LogSumExp(z))(logits)
    assert lse.dtype == dtype
    np.testing.assert_allclose(lse, special.logsumexp(logits.astype(float), -1), rtol=tol)


def exact_losses(logits, labels):
    """-log softmax at the labels and the log-sum-exps, by mpmath at 120 bits, as float64."""
    with mpmath.workprec(120):
        sums = [mpmath.fsum(mpmath.exp(mpmath.mpf(float(v))) for v in row) for row in logits]
        exact_lse = np.array([float(mpmath.log(total)) for total in sums])
        exact = np.array(
            [
                float(mpmath.log(total) - mpmath.mpf(float(row[j])))
                for total, row, j in zip(sums, logits, labels, strict=True)
            ]
        )
    return exact, exact_lse


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_row_routes_are_exact_to_a_few_ulps_near_zero_loss(rng, dtype):
    # mpmath at 120 bits from the same logits; confident rows have losses down to 1e-13 (float64)
    eps = np.finfo(dtype).eps
    loss, lse = to_numpy(-LogSoftmax(z, k)), to_numpy(LogSumExp(z))
    for classes, rows in [(10, 200), (100, 40), (1000, 8), (32000, 2)]:
        logits = rng.normal(size=(rows, classes)) * 3
        labels = logits.argmax(-1)
        margin = 30 if dtype == np.float64 else 12
        logits[np.arange(rows), labels] += rng.uniform(0, margin, rows)
        labels[rows // 2 :] = rng.integers(0, classes, rows - rows // 2)  # ordinary losses too
        logits = logits.astype(dtype)
        got, got_lse = loss(logits, labels), lse(logits)
        assert got.dtype == got_lse.dtype == dtype
        exact, exact_lse = exact_losses(logits, labels)
        assert (np.abs(got - exact) <= 4 * eps * (1 + np.abs(exact))).all(), classes
        assert (np.abs(got_lse - exact_lse) <= 4 * eps * (1 + np.abs(exact_lse))).all(), classes
        assert (got >= 0).all()  # a loss, never a rounding below 0


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("classes", [10, 1000])
def test_rows_redone_with_the_shift_are_exact_to_a_few_ulps(rng, dtype, classes):
    # rows past the unshifted bounds (logits near +-B, spread beyond 2B) go the shifted way, in
    # the chunk's own dtype; mpmath at 120 bits from the same rounded logits
    eps = np.finfo(dtype).eps
    bound = 700.0 if dtype == np.float64 else 88.0
    rows = 60
    logits = rng.normal(size=(rows, classes)) * 3
    logits[:20] += bound + 12.0  # every sum overflows unshifted
    logits[20:40] *= 3 * bound / 9  # rows spanning about +-3B: subnormal and huge terms
    logits[40:] -= bound + 40.0  # every sum underflows unshifted
    labels = logits.argmax(-1)
    labels[::2] = rng.integers(0, classes, rows // 2)  # confident rows and ordinary ones
    logits = logits.astype(dtype)
    got = to_numpy(-LogSoftmax(z, k))(logits, labels)
    got_lse = to_numpy(LogSumExp(z))(logits)
    assert got.dtype == got_lse.dtype == dtype
    exact, exact_lse = exact_losses(logits, labels)
    assert (np.abs(got - exact) <= 4 * eps * (1 + np.abs(exact))).all()
    assert (np.abs(got_lse - exact_lse) <= 4 * eps * (1 + np.abs(exact_lse))).all()


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("classes", [10, 100])
def test_a_chunk_mostly_above_the_bound_gives_each_row_its_own_value(rng, dtype, classes):
    # most rows past the bound: the chunk goes shifted and the rest by the row route, so every
    # row takes the route it takes alone, and has scipy's value
    bound = row_routes.NO_SHIFT_BOUND[np.dtype(dtype)]
    rows = 400
    logits = rng.normal(size=(rows, classes)) * 3
    above = rng.random(rows) < 0.8
    logits[above] += bound + 20.0
    logits[5] = np.nan
    logits = logits.astype(dtype)
    labels = rng.integers(0, classes, rows)
    loss = to_numpy(-LogSoftmax(z, k), layout="last")
    lse = to_numpy(LogSumExp(z), layout="last")
    got, got_lse = loss(logits, labels), lse(logits)
    alone = np.concatenate([loss(logits[i : i + 1], labels[i : i + 1]) for i in range(rows)])
    alone_lse = np.concatenate([lse(logits[i : i + 1]) for i in range(rows)])
    # the same route; BLAS may sum a one-row matrix in another order: an ulp or two apart
    eps = np.finfo(dtype).eps
    np.testing.assert_allclose(got, alone, rtol=4 * eps, atol=4 * eps)
    np.testing.assert_allclose(got_lse, alone_lse, rtol=4 * eps, atol=4 * eps)
    with np.errstate(invalid="ignore"):
        reference = special.log_softmax(logits.astype(float), -1)[np.arange(rows), labels]
    tol = RTOL64 if dtype == np.float64 else RTOL32
    np.testing.assert_allclose(got, -reference, rtol=tol, atol=8 * np.finfo(dtype).eps)
    assert np.isnan(got[5]) and np.isnan(got_lse[5])


@pytest.mark.parametrize("classes", [5, 100, 1000])
def test_row_routes_keep_non_finite_rows_as_the_shifted_path_does(rng, classes):
    rows = 3000 if classes < 1000 else 600
    logits = rng.normal(size=(rows, classes))
    logits[0, 1], logits[1, :] = np.inf, -np.inf
    logits[2, 3], logits[3, 0] = np.nan, -np.inf
    labels = rng.integers(0, classes, rows)
    labels[0] = 1
    for expr, args in [(-LogSoftmax(z, k), (logits, labels)), (LogSumExp(z), (logits,))]:
        row_route = to_numpy(expr, layout="last")(*args)
        shifted = to_numpy(expr, layout="first")(*args)
        np.testing.assert_array_equal(row_route[:3], shifted[:3])  # inf, all -inf, nan rows
        np.testing.assert_allclose(row_route[3:], shifted[3:], rtol=1e-14, atol=1e-15)


@pytest.mark.parametrize("classes", [10, 1000])
def test_a_nan_row_does_not_hide_a_tiny_softmax_in_its_chunk(rng, classes):
    # the float64 check of e^(z_k) / sum >= 2^-1022 runs when the largest sum is nan, too
    logits = rng.normal(size=(3, classes))
    labels = np.array([0, 1, 2])
    logits[0, 3] = np.nan
    logits[1] += 130.0
    logits[1, 1] = -590.0  # the softmax at the label is about e^-725: below 2^-1022
    got = to_numpy(-LogSoftmax(z, k))(logits, labels)
    assert np.isnan(got[0])
    expected = -special.log_softmax(logits[1:], -1)[[0, 1], [1, 2]]
    np.testing.assert_allclose(got[1:], expected, rtol=RTOL64)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("classes", [100, 1000, 32000])
def test_wide_row_routes_agree_with_torch_per_sample(rng, dtype, classes):
    torch = pytest.importorskip("torch")
    rows = ROUTE_ROWS[classes]
    logits, labels = mixed_rows(rng, rows, classes, dtype)
    expected = torch.nn.functional.cross_entropy(
        torch.from_numpy(logits), torch.from_numpy(labels), reduction="none"
    ).numpy()
    got = losses.cross_entropy_with_logits(logits, labels, reduction="none")
    assert got.dtype == dtype
    tol = RTOL64 if dtype == np.float64 else RTOL32
    # torch's shifted form log(sum e^(z - max)) + max - z_k loses about eps * |z| absolute near a
    # loss of 0, and its kernels differ by CPU: against mpmath, on an AMD EPYC (AVX2) torch was off
    # by 2.9e-15 at f64 (|z| <= 22, 13 eps) and by 1.0e-5 at f32, C = 32000 (|z| <= 20, 84 eps),
    # where ours were within 1.3 eps; ours are checked to 4 eps in test_row_routes_are_exact...
    finite = np.where(np.isfinite(logits), np.abs(logits), 0.0)
    atol = 16 * np.finfo(dtype).eps * (1.0 + finite.max(-1))
    error = np.abs(got.astype(float) - expected)
    bound = atol + tol * np.abs(expected)
    worst = int(np.argmax(error / bound))
    assert (error <= bound).all(), (worst, got[worst], expected[worst], error[worst], bound[worst])


@pytest.mark.parametrize("classes", [100, 1000, 1009, 32000, 50257])
def test_blocked_row_sums_are_as_accurate_as_a_pairwise_sum(rng, classes):
    # float32 rows built to make a long BLAS dot product round badly (one large term, many small)
    eps = np.finfo(np.float32).eps
    rows = []
    for low in np.linspace(-12.0, 0.0, 12):
        row = np.full(classes, low)
        row[0] = 0.0
        rows += [row, rng.uniform(low, 0.0, classes)]
    values = np.exp(np.array(rows, dtype=np.float32))
    exact = np.array([math.fsum(row.tolist()) for row in values])  # the floats' sums, rounded once
    got = row_routes._row_sums(values).astype(float)
    assert got.dtype == float and (np.abs(got / exact - 1) <= 8 * eps).all()


def test_a_chunk_of_large_label_logits_skips_the_unshifted_pass(rng, monkeypatch):
    # label logits all above NO_SHIFT_BOUND + 1: those rows fail the sum's bound anyway
    def no_exp_pass(a):
        raise AssertionError("the unshifted exp pass ran")

    for dtype, shift in [(np.float32, 100.0), (np.float64, 1000.0)]:
        for classes in (10, 1000):
            logits = (rng.normal(size=(50, classes)) * 3 + shift).astype(dtype)
            labels = rng.integers(0, classes, 50)
            expected = -special.log_softmax(logits.astype(float), -1)[np.arange(50), labels]
            expected_lse = special.logsumexp(logits.astype(float), -1)
            with monkeypatch.context() as patch:
                patch.setattr(row_routes, "_row_exp_sums", no_exp_pass)
                got = to_numpy(-LogSoftmax(z, k))(logits, labels)
                got_lse = to_numpy(LogSumExp(z))(logits)
            tol = RTOL64 if dtype == np.float64 else RTOL32
            np.testing.assert_allclose(got, expected, rtol=tol)
            np.testing.assert_allclose(got_lse, expected_lse, rtol=tol)


@pytest.mark.parametrize("classes", [10, 300])
def test_an_empty_batch_gives_empty_results(classes):
    logits, labels = np.zeros((0, classes)), np.zeros(0, dtype=np.int64)
    for expr, args, shape in [
        (-LogSoftmax(z, k), (logits, labels), (0,)),
        (LogSumExp(z), (logits,), (0,)),
        (Entropy(p), (logits,), (0,)),
        (Softmax(z, k) - y[k], (logits, logits, labels), (0,)),
    ]:
        assert to_numpy(expr)(*args).shape == shape
    assert to_numpy(Softmax(z, k), over=k)(logits).shape == (0, classes)


def test_arguments_are_sorted_vectors_then_scalars_then_indices():
    w = sp.Symbol("w")
    f = to_numpy(w * (Softmax(z, k) - y[k]) + LogSumExp(z))
    assert f.args == ("y", "z", "w", "k")
    assert f.kinds == {"y": "vector", "z": "vector", "w": "scalar", "k": "index"}
    assert list(inspect.signature(f).parameters) == ["y", "z", "w", "k", "out"]
    assert isinstance(f, NumericFunction)
    by_name = f(z=np.zeros(2), y=np.array([1.0, 0.0]), w=2.0, k=0)
    assert float(by_name) == pytest.approx(2 * (0.5 - 1) + np.log(2))


def test_out_buffer_is_filled(rng):
    logits = rng.normal(size=(4, 3))
    buffer = np.empty(4)
    result = to_numpy(LogSumExp(z))(logits, out=buffer)
    assert result is buffer
    np.testing.assert_allclose(buffer, special.logsumexp(logits, -1), rtol=RTOL64)


def test_explicit_class_count_is_checked():
    f = to_numpy(Entropy(Distribution("p", 3)))
    assert float(f([0.5, 0.25, 0.25])) == pytest.approx(1.5 * np.log(2))
    with pytest.raises(NumericError, match="3 classes"):
        f([0.5, 0.5])


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda f: f(np.ones((2, 3)), np.ones((2, 4))), "must agree"),
        (lambda f: f(np.ones((2, 3)), np.ones((5, 3))), "do not broadcast"),
        (lambda f: f(1.0, np.ones(3)), "last axis"),
        (lambda f: f(np.ones(3)), "missing argument"),
        (lambda f: f(np.ones(3), np.ones(3), np.ones(3)), "3 arguments"),
        (lambda f: f(np.ones(3), r=np.ones(3)), "unknown argument"),
        (lambda f: f(np.array(["a", "b"]), np.ones(2)), "real numbers"),
    ],
)
def test_bad_arrays_raise_numeric_error(call, message):
    f = to_numpy(KLDivergence(p, q))
    with pytest.raises(NumericError, match=message):
        call(f)


@pytest.mark.parametrize(
    ("index", "message"),
    [(np.array([0, 3]), "0..2"), (np.array([-1, 0]), "0..2"), (np.array([0.0, 1.0]), "integer")],
)
def test_bad_class_indices_raise_numeric_error(index, message):
    f = to_numpy(LogSoftmax(z, k))
    with pytest.raises(NumericError, match=message):
        f(np.zeros((2, 3)), index)


def test_numeric_error_is_a_symxent_error():
    assert issubclass(NumericError, SymxentError)


def test_sums_that_do_not_run_over_all_classes_are_refused():
    i = sp.Symbol("i", integer=True)
    with pytest.raises(NumericError, match="from 1 to n"):
        to_numpy(sp.Sum(p[i], (i, 2, p.n)))


def test_shifted_indices_are_refused():
    i = sp.Symbol("i", integer=True)
    with pytest.raises(NumericError, match="shifted"):
        to_numpy(sp.Sum(p[i] * q[i + 1], (i, 1, p.n)))


def test_relations_are_refused():
    with pytest.raises(NumericError, match="expression"):
        to_numpy(sp.Eq(Entropy(p), 0))


def test_source_shows_the_stable_forms():
    source = to_numpy(CrossEntropy(y, SoftmaxVector(z))).source()
    assert "_sx_log_softmax" in source
    assert "numpy.log(" not in source and "numpy.exp(" not in source
    assert "_sx_xlogy" in to_numpy(Entropy(p)).source()


def test_a_float32_softmax_below_the_smallest_normal_is_redone_with_the_shift(rng):
    # label logit -79 (above float32's PICK_BOUND of -80), the others near +20: the softmax at the
    # label is about e^-101, a float32 subnormal with a few bits left; the shifted form is exact
    logits = (rng.normal(size=(50, 10)) * 0.5 + 20.0).astype(np.float32)
    labels = rng.integers(0, 10, 50)
    logits[np.arange(50), labels] = -79.0
    got = to_numpy(-LogSoftmax(z, k))(logits, labels)
    expected, _ = exact_losses(logits, labels)
    assert got.dtype == np.float32
    assert (expected > 100).all()
    np.testing.assert_allclose(got, expected, rtol=2 * np.finfo(np.float32).eps)
