"""Numeric losses and quantities against scipy, torch (when installed) and hypothesis properties.

Expected values come from scipy.special / scipy.stats, torch, finite differences, or properties
of the math; never from symxent itself.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy import special, stats

from symxent.errors import NumericError
from symxent.numeric import losses

# every test runs on the compiled row kernels and on the numpy row route (conftest.py)
pytestmark = pytest.mark.usefixtures("numeric_route")

try:
    import torch as _torch
except ImportError:  # pragma: no cover - CI installs torch
    _torch = None

needs_torch = pytest.mark.skipif(_torch is None, reason="torch is not installed")

RTOL = {np.float64: 1e-12, np.float32: 1e-5}


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(7)


def logits_of(rng, shape, scale, dtype):
    return (rng.normal(size=shape) * scale).astype(dtype)


def probabilities_of(rng, shape, zeros=True):
    p = rng.dirichlet(np.full(shape[-1], 0.5), size=shape[:-1] or None)
    if zeros and shape[-1] > 2:
        p = np.where(rng.random(p.shape) < 0.3, 0.0, p)
        p[..., 0] += 1e-3
        p = p / p.sum(-1, keepdims=True)
    return p


# -- against scipy ------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("classes", [2, 10, 1000])
@pytest.mark.parametrize("scale", [1e-3, 1.0, 1e4])
def test_cross_entropy_with_logits_matches_scipy_log_softmax(rng, dtype, classes, scale):
    z = logits_of(rng, (64, classes), scale, dtype)
    labels = rng.integers(0, classes, 64)
    reference = -special.log_softmax(z.astype(np.float64), axis=-1)[np.arange(64), labels]
    got = losses.cross_entropy_with_logits(z, labels, reduction="none")
    assert got.dtype == dtype
    assert np.isfinite(got).all()
    np.testing.assert_allclose(got, reference, rtol=RTOL[dtype], atol=RTOL[dtype] * 1e-3)
    mean = losses.cross_entropy_with_logits(z, labels)
    np.testing.assert_allclose(mean, reference.mean(), rtol=RTOL[dtype] * 10)
    # the mean and sum are those of the per-sample values, of the same type; the kernels sum
    # them in float64 without rounding each to the dtype first (rounded once: within 1 ulp)
    eps = np.finfo(dtype).eps
    assert type(mean) is dtype
    assert abs(mean - got.astype(np.float64).mean()) <= eps * mean
    total = losses.cross_entropy_with_logits(z, labels, reduction="sum")
    assert type(total) is dtype
    assert abs(total - got.astype(np.float64).sum()) <= eps * total


@pytest.mark.parametrize("batch", [(), (5,), (2, 3), (2, 2, 3)])
def test_batch_shapes_of_rank_0_to_3(rng, batch):
    z = logits_of(rng, (*batch, 6), 10.0, np.float64)
    target = probabilities_of(rng, (*batch, 6))
    if len(batch) >= 2:  # (N, d1, C) could be torch's (N, C, d1): symxent asks which
        with pytest.raises(NumericError, match="class_axis"):
            losses.cross_entropy_with_logits(z, target, reduction="none")
    got = losses.cross_entropy_with_logits(z, target, reduction="none", class_axis=-1)
    assert np.shape(got) == batch
    reference = -(target * special.log_softmax(z, axis=-1)).sum(-1)
    np.testing.assert_allclose(got, reference, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(losses.softmax(z), special.softmax(z, -1), rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(losses.log_softmax(z), special.log_softmax(z, -1), rtol=1e-12)
    np.testing.assert_allclose(losses.logsumexp(z), special.logsumexp(z, -1), rtol=1e-12)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_entropy_kl_and_ce_match_scipy(rng, dtype):
    p = probabilities_of(rng, (200, 10)).astype(dtype)
    q = probabilities_of(rng, (200, 10), zeros=False).astype(dtype)
    p64, q64 = p.astype(np.float64), q.astype(np.float64)
    tol = RTOL[dtype]
    np.testing.assert_allclose(losses.entropy(p), special.entr(p64).sum(-1), rtol=tol)
    np.testing.assert_allclose(losses.entropy(p), stats.entropy(p64, axis=-1), rtol=tol * 10)
    np.testing.assert_allclose(
        losses.entropy(p, base=2), stats.entropy(p64, base=2, axis=-1), rtol=tol * 10
    )
    np.testing.assert_allclose(
        losses.kl_divergence(p, q), special.rel_entr(p64, q64).sum(-1), rtol=tol * 10
    )
    np.testing.assert_allclose(
        losses.kl_divergence(p, q), stats.entropy(p64, q64, axis=-1), rtol=tol * 100
    )
    np.testing.assert_allclose(
        losses.cross_entropy(p, q), -special.xlogy(p64, q64).sum(-1), rtol=tol
    )


def test_infinite_where_the_math_is_infinite():
    assert losses.kl_divergence([0.5, 0.5], [1.0, 0.0]) == np.inf
    assert losses.cross_entropy([0.5, 0.5], [1.0, 0.0]) == np.inf
    assert losses.kl_divergence([1.0, 0.0], [1.0, 0.0]) == 0.0
    assert losses.entropy([0.0, 1.0, 0.0]) == 0.0


def test_bce_matches_scipy(rng):
    t = rng.random(100)
    x = rng.normal(size=100) * 50
    # log(1 - expit(x)) = log_expit(-x): scipy's own stable log-sigmoid
    reference = -(t * special.log_expit(x) + (1 - t) * special.log_expit(-x))
    got = losses.binary_cross_entropy_with_logits(t, x, reduction="none")
    np.testing.assert_allclose(got, reference, rtol=1e-12)
    s = special.expit(rng.normal(size=100))
    np.testing.assert_allclose(
        losses.binary_cross_entropy(t, s, reduction="none"),
        -(special.xlogy(t, s) + special.xlog1py(1 - t, -s)),
        rtol=1e-12,
    )
    np.testing.assert_allclose(losses.sigmoid(x), special.expit(x), rtol=1e-12)


def test_gradients_match_finite_differences(rng):
    z = rng.normal(size=(4, 5))
    labels = rng.integers(0, 5, 4)
    weight = rng.random(5) + 0.5
    options = {"weight": weight, "label_smoothing": 0.2}
    grad = losses.softmax_cross_entropy_grad(z, labels, **options)
    h = 1e-6
    numeric = np.zeros_like(z)
    for index in np.ndindex(z.shape):
        step = np.zeros_like(z)
        step[index] = h
        plus = losses.cross_entropy_with_logits(z + step, labels, **options)
        minus = losses.cross_entropy_with_logits(z - step, labels, **options)
        numeric[index] = (plus - minus) / (2 * h)
    np.testing.assert_allclose(grad, numeric, atol=1e-8)
    x, t = rng.normal(size=6), rng.random(6)
    bce_grad = losses.sigmoid_binary_cross_entropy_grad(t, x, reduction="sum")
    fd = [
        (
            losses.binary_cross_entropy_with_logits(t, x + h * e, reduction="sum")
            - losses.binary_cross_entropy_with_logits(t, x - h * e, reduction="sum")
        )
        / (2 * h)
        for e in np.eye(6)
    ]
    np.testing.assert_allclose(bce_grad, fd, atol=1e-8)


def test_bad_options_raise():
    z = np.zeros((2, 3))
    with pytest.raises(NumericError, match="reduction"):
        losses.cross_entropy_with_logits(z, np.array([0, 1]), reduction="avg")
    with pytest.raises(NumericError, match="weight"):
        losses.cross_entropy_with_logits(z, np.array([0, 1]), weight=np.ones(4))
    with pytest.raises(NumericError, match="label_smoothing"):
        losses.cross_entropy_with_logits(z, np.array([0, 1]), label_smoothing=2.0)
    with pytest.raises(NumericError, match=r"0\.\.2"):
        losses.cross_entropy_with_logits(z, np.array([0, 3]))
    with pytest.raises(NumericError, match="integer labels only"):
        losses.cross_entropy_with_logits(z, np.ones((2, 3)) / 3, ignore_index=0)


# -- against torch ------------------------------------------------------------------------


def torch_ce(z, target, **options):
    t = _torch.from_numpy(np.ascontiguousarray(z)).requires_grad_(True)
    target_t = _torch.from_numpy(target)
    if "weight" in options and options["weight"] is not None:
        options["weight"] = _torch.from_numpy(options["weight"])
    loss = _torch.nn.functional.cross_entropy(t, target_t, **options)
    if loss.ndim == 0:
        loss.backward()
        return loss.detach().numpy(), t.grad.numpy()
    return loss.detach().numpy(), None


OPTION_SETS = [
    {},
    {"reduction": "sum"},
    {"reduction": "none"},
    {"weight": "random"},
    {"label_smoothing": 0.1},
    {"ignore_index": 1},
    {"weight": "random", "label_smoothing": 0.3, "ignore_index": 2},
]


@needs_torch
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("classes", [2, 10, 1000, 32000])
def test_cross_entropy_agrees_with_torch(rng, dtype, classes):
    rows = 8 if classes == 32000 else 64
    for scale in (1e-3, 1.0, 1e4):
        z = logits_of(rng, (rows, classes), scale, dtype)
        labels = rng.integers(0, min(classes, 4), rows)
        expected, _ = torch_ce(z, labels)
        got = losses.cross_entropy_with_logits(z, labels)
        np.testing.assert_allclose(got, expected, rtol=RTOL[dtype] * 10, atol=RTOL[dtype])


@needs_torch
@pytest.mark.parametrize(
    ("options", "target_kind"),
    [(o, "index") for o in OPTION_SETS]
    + [(o, "probabilities") for o in OPTION_SETS if "ignore_index" not in o],
)
def test_loss_options_and_gradients_agree_with_torch(rng, options, target_kind):
    options = dict(options)
    if options.get("weight") == "random":
        options["weight"] = rng.random(5) + 0.2
    z = logits_of(rng, (32, 5), 3.0, np.float64)
    target = rng.integers(0, 5, 32) if target_kind == "index" else probabilities_of(rng, (32, 5))
    expected, expected_grad = torch_ce(z, target, **dict(options))
    got = losses.cross_entropy_with_logits(z, target, **options)
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-14)
    if expected_grad is not None:
        grad = losses.softmax_cross_entropy_grad(z, target, **options)
        np.testing.assert_allclose(grad, expected_grad, rtol=1e-10, atol=1e-15)


@needs_torch
def test_bce_and_entropy_agree_with_torch(rng):
    x = rng.normal(size=50) * 30
    t = rng.random(50)
    xt = _torch.from_numpy(x).requires_grad_(True)
    loss = _torch.nn.functional.binary_cross_entropy_with_logits(xt, _torch.from_numpy(t))
    loss.backward()
    np.testing.assert_allclose(
        losses.binary_cross_entropy_with_logits(t, x), loss.item(), rtol=1e-12
    )
    np.testing.assert_allclose(
        losses.sigmoid_binary_cross_entropy_grad(t, x), xt.grad.numpy(), rtol=1e-10, atol=1e-17
    )
    p = probabilities_of(rng, (20, 6))
    np.testing.assert_allclose(
        losses.entropy(p), _torch.special.entr(_torch.from_numpy(p)).sum(-1).numpy(), rtol=1e-12
    )


# -- properties ---------------------------------------------------------------------------

finite_logits = hnp.arrays(
    np.float64,
    st.tuples(st.integers(1, 4), st.integers(2, 12)),
    elements=st.floats(-1e4, 1e4, allow_nan=False, allow_infinity=False),
)


@settings(max_examples=60, deadline=None)
@given(finite_logits, st.floats(-1e3, 1e3))
def test_softmax_sums_to_one_and_is_shift_invariant(z, shift):
    s = losses.softmax(z)
    assert np.isfinite(s).all()
    np.testing.assert_allclose(s.sum(-1), 1.0, rtol=1e-12)
    np.testing.assert_allclose(losses.softmax(z + shift), s, atol=1e-9)


simplices = (
    st.integers(2, 10)
    .flatmap(
        lambda n: hnp.arrays(np.float64, (n,), elements=st.floats(0, 1)).filter(
            lambda a: a.sum() > 1e-3
        )
    )
    .map(lambda a: a / a.sum())
)


@settings(max_examples=60, deadline=None)
@given(simplices)
def test_entropy_is_at_most_log_n(p):
    h = float(losses.entropy(p))
    assert -1e-12 <= h <= np.log(len(p)) + 1e-12


@settings(max_examples=60, deadline=None)
@given(
    st.integers(2, 8).flatmap(
        lambda n: st.tuples(
            hnp.arrays(np.float64, (n,), elements=st.floats(0, 1)),
            hnp.arrays(np.float64, (n,), elements=st.floats(1e-6, 1)),
        )
    )
)
def test_kl_is_nonnegative_and_ce_is_h_plus_kl(pair):
    p, q = pair
    if p.sum() < 1e-3:
        p = p + 1.0
    p, q = p / p.sum(), q / q.sum()
    kl = float(losses.kl_divergence(p, q))
    assert kl >= -1e-12
    ce = float(losses.cross_entropy(p, q))
    h = float(losses.entropy(p))
    np.testing.assert_allclose(ce, h + kl, rtol=1e-9, atol=1e-12)
