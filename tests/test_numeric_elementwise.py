"""The elementwise kernels: sigmoid, softplus and the binary cross-entropies.

Expected values come from mpmath (at 200 bits) and torch, never from symxent's own numpy route;
every vector-math mode the CPU has is tested (the ``vector_math`` fixture).
"""

from __future__ import annotations

import math

import mpmath as mp
import numpy as np
import pytest

from symxent.errors import NumericError
from symxent.numeric import dispatch, losses, native, native_elementwise, runtime, threads

pytestmark = pytest.mark.skipif(
    not (native.available() and native_elementwise.has_elementwise()),
    reason="the compiled elementwise kernels are not built",
)

mp.mp.prec = 200
RNG = np.random.default_rng(20261202)
LIMIT = {np.float64: 800.0, np.float32: 100.0}
SPECIAL = [0.0, -0.0, np.inf, -np.inf, np.nan, 1e-30, -1e-30, 36.7, -36.7, 17.0, -17.0]


def _points(dtype: type) -> np.ndarray:
    lim = LIMIT[dtype]
    x = np.concatenate(
        [
            RNG.uniform(-lim, lim, 300),
            RNG.standard_normal(300) * 4,
            RNG.standard_normal(50) * 1e-9,
            [-745.0, -744.4, -708.5, 709.0] if dtype is np.float64 else [-103.9, -87.5, 88.5],
            SPECIAL,
        ]
    )
    return x.astype(dtype)


def _mp(v: float) -> mp.mpf:
    return mp.mpf(float(v))


def _ulps(got: np.ndarray, ref: list, dtype: type) -> np.ndarray:
    """|got - ref| in units of the last place of ref rounded to dtype (nan and inf: 0 or inf)."""
    errors = []
    for g, r in zip(np.asarray(got, dtype=np.float64), ref, strict=True):
        if r is None or mp.isnan(r):
            errors.append(0.0 if np.isnan(g) else math.inf)
        elif mp.isinf(r):
            errors.append(0.0 if g == float(r) else math.inf)
        else:
            spacing = float(np.spacing(np.abs(dtype(float(r)))))
            errors.append(float(abs(_mp(g) - r) / spacing))
    return np.array(errors)


def _sigmoid(x: mp.mpf) -> mp.mpf:
    return 1 / (1 + mp.exp(-x))


def _softplus(x: mp.mpf) -> mp.mpf:
    return x + mp.log1p(mp.exp(-x)) if x > 0 else mp.log1p(mp.exp(x))


def _reference(function, x: np.ndarray) -> list:
    ref = []
    for v in x:
        if np.isnan(v):
            ref.append(None)
        elif np.isinf(v):
            ref.append(function(mp.inf if v > 0 else -mp.inf))
        else:
            ref.append(function(_mp(v)))
    return ref


def _bce_logits(t: float, x: float) -> mp.mpf:
    t_, x_ = _mp(t), _mp(x)
    return t_ * _softplus(-x_) + (1 - t_) * _softplus(x_)


def _bce(t: float, p: float) -> mp.mpf:
    t_, p_ = _mp(t), _mp(p)
    value = mp.mpf(0)
    if t_ != 0:
        value -= t_ * mp.log(p_) if p_ != 0 else -mp.inf
    if t_ != 1:
        value -= (1 - t_) * mp.log1p(-p_) if p_ != 1 else -mp.inf
    return value


# within these many ulp of mpmath (float32 sigmoid runs float32 lanes; the rest float64 inside)
BOUND = {("sigmoid", np.float64): 3, ("sigmoid", np.float32): 3}


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize(("name", "function"), [("sigmoid", _sigmoid), ("softplus", _softplus)])
def test_unary_kernels_match_mpmath(vector_math, name, function, dtype) -> None:
    x = _points(dtype)
    got, bad = native_elementwise.elementwise(name, x)
    assert got.dtype == dtype and got.shape == x.shape and bad == 0
    ulps = _ulps(got, _reference(function, x), dtype)
    assert ulps.max() <= BOUND.get((name, dtype), 3), (vector_math, x[ulps.argmax()])


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_special_values(vector_math, dtype) -> None:
    x = np.array([np.nan, np.inf, -np.inf, -0.0, 0.0, 1e4, -1e4], dtype=dtype)
    s, _ = native_elementwise.elementwise("sigmoid", x)
    sp, _ = native_elementwise.elementwise("softplus", x)
    assert np.isnan(s[0]) and np.isnan(sp[0])
    assert s[1:].tolist() == [1.0, 0.0, 0.5, 0.5, 1.0, 0.0]
    assert sp[1:3].tolist() == [np.inf, 0.0]
    assert sp[3] == sp[4] == dtype(math.log(2))
    assert sp[5:].tolist() == [1e4, 0.0]


def test_subnormal_results(vector_math) -> None:
    x = np.array([-740.0, -744.0, -720.5] + [0.0] * 5)  # e^x below 2^-1022
    for name in ("sigmoid", "softplus"):
        got, _ = native_elementwise.elementwise(name, x)
        ref = [mp.exp(_mp(v)) for v in x[:3]]  # sigmoid and softplus are e^x (1 - O(e^x)) there
        assert 0 < got[0] < np.finfo(np.float64).tiny
        assert _ulps(got[:3], ref, np.float64).max() <= 1
    x32 = np.array([-90.0, -100.0, -103.0, -110.0], dtype=np.float32)
    got, _ = native_elementwise.elementwise("sigmoid", x32)
    ref = [mp.exp(_mp(v)) for v in x32]
    assert got[0] < np.finfo(np.float32).tiny and got[-1] == 0.0
    assert _ulps(got, ref, np.float32).max() <= 1


def _targets(n: int, dtype: type) -> np.ndarray:
    t = RNG.random(n)
    t[: n // 4] = 0.0
    t[n // 4 : n // 2] = 1.0
    return RNG.permutation(t).astype(dtype)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_bce_with_logits_kernel_matches_mpmath(vector_math, dtype) -> None:
    x = _points(dtype)
    x = x[np.isfinite(x)]
    t = _targets(x.size, dtype)
    got, bad = native_elementwise.elementwise("bce_logits", x, t)
    assert bad == 0
    ulps = _ulps(got, [_bce_logits(a, b) for a, b in zip(t, x, strict=True)], dtype)
    assert ulps.max() <= 3, (vector_math, x[ulps.argmax()], t[ulps.argmax()])


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_bce_from_probabilities_kernel_matches_mpmath(vector_math, dtype) -> None:
    tiny = [0.0, 1.0, 0.5, 2.0**-54, 1 - 2.0**-24, 0.2928932188134524, 0.29289322]
    tiny += [5e-324, 1e-310, 1e-300] if dtype is np.float64 else [1e-45, 1e-40, 1e-38]
    p = np.concatenate([RNG.random(300), RNG.random(60) * 1e-9, 1 - RNG.random(60) * 1e-6, tiny])
    p = p.astype(dtype)
    t = _targets(p.size, dtype)
    got, bad = native_elementwise.elementwise("bce", p, t)
    assert bad == 0
    ulps = _ulps(got, [_bce(a, b) for a, b in zip(t, p, strict=True)], dtype)
    assert ulps.max() <= 3, (vector_math, p[ulps.argmax()], t[ulps.argmax()])
    # 0 log 0 = 0: t = 1, p = 1 and t = 0, p = 0 cost nothing; t = 1, p = 0 is inf (no clamp)
    edge, _ = native_elementwise.elementwise(
        "bce", np.array([1, 0, 0, 1.0]), np.array([1, 0, 1, 0.0])
    )
    assert edge.tolist() == [0.0, 0.0, np.inf, np.inf]


@pytest.mark.parametrize(
    "variant",
    [
        lambda t, x: _bce_logits(1 - t, x),  # target flipped
        lambda t, x: _bce_logits(t, -x),  # logit sign flipped
        lambda t, x: _bce_logits(t, x) / mp.log(2),  # log base 2
        lambda t, x: t * _softplus(-_mp(x)),  # a term dropped
    ],
)
def test_reference_tells_wrong_variants_apart(variant) -> None:
    x = np.array([0.7, -2.5, 3.0, -0.3])
    t = np.array([0.2, 0.9, 0.6, 0.35])
    got, _ = native_elementwise.elementwise("bce_logits", x, t)
    assert _ulps(got, [variant(a, b) for a, b in zip(t, x, strict=True)], np.float64).min() > 1e3


@pytest.mark.parametrize("n", [*range(1, 41), 2047, 2048, 2049, 4097])
def test_odd_lengths(n) -> None:
    x = RNG.standard_normal(n) * 10
    t = RNG.random(n)
    for dtype in (np.float64, np.float32):
        xs, ts = x.astype(dtype), t.astype(dtype)
        expected = runtime.numpy_sigmoid(xs)
        np.testing.assert_allclose(
            native_elementwise.elementwise("sigmoid", xs)[0], expected, rtol=4e-7
        )
        ref = [_bce_logits(a, b) for a, b in zip(ts[:50], xs[:50], strict=True)]
        got, _ = native_elementwise.elementwise("bce_logits", xs, ts)
        assert _ulps(got[:50], ref, dtype).max() <= 3
        total = native_elementwise.binary_loss_sum("bce_logits", ts, xs)
        assert total == pytest.approx(float(np.sum(got, dtype=np.float64)), rel=1e-6)


LENGTHS = [*range(1, 70), 127, 128, 129, 191, 200]


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_straight_loops_at_every_length(vector_math, dtype) -> None:
    """The loops that write y directly (sigmoid; float32 softplus and BCE with logits): four
    (AVX2: two) vectors a step, then a masked or buffered tail. Every length up to 3 steps, each
    value within 3 ulp of mpmath, and nothing written past the end."""
    kernels = native._kernels()
    x = (RNG.standard_normal(200) * 12).astype(dtype)
    x[::19] = SPECIAL
    t = _targets(200, dtype)
    refs = {
        0: _reference(_sigmoid, x),
        1: _reference(_softplus, x),
        2: [_bce_logits(a, b) if not np.isnan(b) else None for a, b in zip(t, x, strict=True)],
    }
    for op, ref in refs.items():
        for n in LENGTHS:
            out = np.full(n + 40, 7.0, dtype=dtype)
            bad = kernels.elementwise(
                op, t[:n] if op == 2 else None, x[:n], out[:n], n, dtype is np.float32
            )
            assert bad == 0 and (out[n:] == 7.0).all(), (op, n)
            ulps = _ulps(out[:n], ref[:n], dtype)
            assert ulps.max() <= 3, (vector_math, op, n, x[ulps.argmax()])


def test_unary_splits_only_calls_of_a_millisecond(monkeypatch) -> None:
    """sigmoid and softplus split over the threads only when one thread would take at least
    dispatch.SPLIT_SECONDS by the one-time measurement (in mode "on", by size)."""
    seen = []
    real = native_elementwise.elementwise

    def spy(name, x, t=None, *, split=True):
        seen.append(split)
        return real(name, x, t, split=split)

    monkeypatch.setattr(native_elementwise, "elementwise", spy)
    monkeypatch.setitem(native._STATE, "mode", "auto")
    key = ("sigmoid", np.dtype(np.float64), False)
    monkeypatch.setitem(dispatch._CHOICES, key, True)
    x = RNG.standard_normal(10_000)
    per_element = dispatch.SPLIT_SECONDS / 20_000  # one thread: 0.5 ms for x
    for elements_timed, split in ((1, False), (3, True)):  # 0.5 ms, 1.5 ms
        monkeypatch.setitem(
            dispatch._TIMINGS, key, (elements_timed * per_element * dispatch.MEASURE_ELEMENTS, 1.0)
        )
        np.testing.assert_array_equal(dispatch.unary("sigmoid", x), real("sigmoid", x)[0])
        assert seen.pop() is split


def test_bad_targets_are_counted_and_explained() -> None:
    x = np.zeros(3000)
    for bad_value in (1.5, -0.1, np.nan):
        t = np.full(3000, 0.5)
        t[2999] = bad_value
        assert native_elementwise.elementwise("bce_logits", x, t)[1] == 1
        assert native_elementwise.binary_loss_sum("bce_logits", t, x) is None
        with pytest.raises(NumericError, match="target must be in"):
            losses.binary_cross_entropy_with_logits(t, x)
        with pytest.raises(NumericError, match="target must be in"):
            losses.binary_cross_entropy(t, np.full(3000, 0.5))
    p = np.full(3000, 0.5)
    p[5] = 1.01
    assert native_elementwise.elementwise("bce", p, np.full(3000, 0.5))[1] == 1
    with pytest.raises(NumericError, match="probability must be in"):
        losses.binary_cross_entropy(np.full(3000, 0.5), p)


@pytest.mark.parametrize("name", ["bce_logits", "bce"])
def test_sums_have_the_same_bits_for_any_thread_count(name) -> None:
    n = (1 << 19) + 12345  # above the split threshold, an odd tail
    x = RNG.standard_normal(n) * 3 if name == "bce_logits" else RNG.random(n)
    t = RNG.random(n)
    try:
        threads.set_num_threads(1)
        one = native_elementwise.binary_loss_sum(name, t, x)
        threads.set_num_threads(2)
        two = native_elementwise.binary_loss_sum(name, t, x)
        values_two, _ = native_elementwise.elementwise(name, x, t)
        threads.set_num_threads(1)
        values_one, _ = native_elementwise.elementwise(name, x, t)
    finally:
        threads.set_num_threads(None)
    assert one == two
    assert np.array_equal(values_one, values_two)
    assert one == pytest.approx(math.fsum(values_one), rel=1e-13)


@pytest.fixture
def kernels_on():
    before = native.mode()
    native.use_native("on")
    try:
        yield
    finally:
        native.use_native(before)


def test_fallbacks_take_the_numpy_route(kernels_on) -> None:
    x = RNG.standard_normal((2000, 4))
    assert dispatch.unary("sigmoid", x[:, ::2]) is None  # not contiguous
    assert dispatch.unary("sigmoid", np.float64(0.3)) is None  # 0-d
    assert dispatch.unary("softplus", x[:10]) is None  # small
    assert dispatch.unary("softplus", x.astype(np.float16)) is None
    assert dispatch.binary_loss("bce_logits", x, x.astype(np.float32), "mean") is None
    for a in (x[:, ::2], np.float64(0.3), x[:10]):
        np.testing.assert_array_equal(runtime.sigmoid(a), runtime.numpy_sigmoid(a))
        np.testing.assert_array_equal(runtime.softplus(a), runtime.numpy_softplus(a))
    assert dispatch.unary("sigmoid", x) is not None
    t = RNG.random(x.shape)
    # the general route (weights, non-contiguous) agrees with the kernel route
    fused = losses.binary_cross_entropy_with_logits(t, x, reduction="none")
    general = losses.binary_cross_entropy_with_logits(t, x, weight=np.ones(4), reduction="none")
    np.testing.assert_allclose(fused, general, rtol=1e-14, atol=1e-300)
    strided = losses.binary_cross_entropy_with_logits(t[:, ::2], x[:, ::2], reduction="none")
    np.testing.assert_allclose(strided, fused[:, ::2], rtol=1e-14)


torch = pytest.importorskip("torch")
F = torch.nn.functional


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("shape", [(3000,), (700, 10), (5, 1001)])
def test_losses_match_torch(kernels_on, dtype, reduction, shape) -> None:
    x = (RNG.standard_normal(shape) * 4).astype(dtype)
    t = RNG.random(shape).astype(dtype)
    p = RNG.uniform(1e-6, 1 - 1e-6, shape).astype(dtype)
    # torch in float64 from the same (rounded) inputs: the exact value to float64 precision
    tx, tt, tp = (torch.from_numpy(a.astype(np.float64)) for a in (x, t, p))
    rtol = 1e-12 if dtype is np.float64 else 2e-6
    got = losses.binary_cross_entropy_with_logits(t, x, reduction=reduction)
    want = F.binary_cross_entropy_with_logits(tx, tt, reduction=reduction).numpy()
    assert np.asarray(got).dtype == dtype
    np.testing.assert_allclose(got, want, rtol=rtol)
    got = losses.binary_cross_entropy(t, p, reduction=reduction)
    np.testing.assert_allclose(got, F.binary_cross_entropy(tp, tt, reduction=reduction), rtol=rtol)
    np.testing.assert_allclose(losses.sigmoid(x), torch.sigmoid(tx).numpy(), rtol=rtol)
    grad = losses.sigmoid_binary_cross_entropy_grad(t, x, reduction="sum")
    # sigma(x) - t cancels: an absolute bound of a few ulp of 1
    atol = 1e-15 if dtype is np.float64 else 4e-7
    np.testing.assert_allclose(grad, (torch.sigmoid(tx) - tt).numpy(), rtol=rtol, atol=atol)
