"""The kernels' softmax cross-entropy gradient (native.softmax_grad_rows) and its fallbacks.

Expected values: mpmath at 120 bits (softmax written out), torch autograd where torch is
installed, and the general compiled route (kernels off) for the rows the kernel leaves to it.
"""

from __future__ import annotations

import os

import mpmath
import numpy as np
import pytest

from symxent.numeric import native, softmax_cross_entropy_grad
from symxent.numeric import threads as thread_pool

if not native.available():
    if os.environ.get(native.ENVIRONMENT_VARIABLE) == "0":
        pytest.skip("SYMXENT_NATIVE=0: the kernels are off", allow_module_level=True)
    pytest.fail("the compiled kernels were not built", pytrace=False)


def _mp_grad(z: np.ndarray, labels: np.ndarray, scale: float) -> np.ndarray:
    """scale * (softmax(z) - onehot) row by row at 120 bits, rounded to float64."""
    out = np.empty(z.shape)
    with mpmath.workprec(120):
        for i, row in enumerate(z):
            terms = [
                mpmath.exp(mpmath.mpf(float(v))) if v > -np.inf else mpmath.mpf(0) for v in row
            ]
            total = mpmath.fsum(terms)
            for j, t in enumerate(terms):
                out[i, j] = float(mpmath.mpf(scale) * (t / total - (1 if j == labels[i] else 0)))
    return out


def _general(z, labels, **options):
    """The general compiled route: the same call with the kernels turned off."""
    before = native.mode()
    native.use_native(False)
    try:
        return softmax_cross_entropy_grad(z, labels, **options)
    finally:
        native.use_native(before)


def _close(got, want, z, scale):
    if got.dtype == np.float32:  # float64 inside, rounded once: half a float32 ulp of scale
        bound = np.finfo(np.float32).eps * scale / 2 * 1.01
        assert np.all(np.abs(got - want) <= bound)
        return
    _close64(got, want, z, scale)


def _close64(got, want, z, scale):
    """Within 4 + |z - z_0| / 2 epsilons of ``scale`` (the 1/N or 1 of the reduction).

    Any shifted softmax rounds the shift ``z - c`` (relative error up to |z - c| / 2 epsilons
    in the exp, as torch's max shift does), and ``p - 1`` at the label is absolute in ``scale``.
    """
    finite = np.where(np.isfinite(z), z, z[..., :1])
    spread = np.max(np.abs(finite - finite[..., :1]), axis=-1, keepdims=True)
    bound = (4 + np.minimum(spread, 1e3) / 2) * np.finfo(np.float64).eps * scale
    assert np.all(np.abs(got - want) <= bound)


@pytest.mark.parametrize("classes", [*range(1, 17), 1000])
@pytest.mark.parametrize("reduction", ["mean", "sum"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_random_rows_match_mpmath(classes, reduction, dtype, vector_math):
    r = np.random.default_rng(classes)
    rows = 40 if classes < 1000 else 4
    z = (r.standard_normal((rows, classes)) * 5).astype(dtype)
    labels = r.integers(0, classes, rows)
    got = softmax_cross_entropy_grad(z, labels, reduction=reduction)
    assert native.softmax_grad_rows(z, labels, 1.0) is not None  # the kernel route applies
    scale = 1.0 / rows if reduction == "mean" else 1.0
    _close(got, _mp_grad(z, labels, scale), z, scale)
    # a wrong variant is caught: the label's term at the next class
    if classes > 1:
        with pytest.raises(AssertionError):
            _close(got, _mp_grad(z, (labels + 1) % classes, scale), z, scale)


@pytest.mark.parametrize(
    ("dtype", "huge"), [(np.float64, 1e300), (np.float32, 3e38), (np.float32, 1e30)]
)
def test_huge_offsets_and_minus_infinity(dtype, huge, vector_math):
    r = np.random.default_rng(1)
    offsets = np.array([1e8, -1e8, huge, 0, 0, 0] * 5)[:, None]
    z = (r.standard_normal((30, 7)) + offsets).astype(dtype)
    z[3, 2] = -np.inf
    z[4, 1:] = -np.inf
    labels = r.integers(0, 7, 30)
    labels[3] = 4
    got = softmax_cross_entropy_grad(z, labels)
    _close(got, _mp_grad(z, labels, 1 / 30), z, 1 / 30)
    assert got[3, 2] == 0.0 and np.all(got[4, 1:][np.arange(6) != labels[4] - 1] == 0.0)


@pytest.mark.parametrize(
    "bad",
    [
        lambda z: z.__setitem__((2, 0), -np.inf),  # the shift's own logit
        lambda z: z.__setitem__((2, 3), np.inf),
        lambda z: z.__setitem__((2, 3), np.nan),
        lambda z: z.__setitem__((2, 3), z[2, 0] + 800.0),  # exp overflows after the shift
    ],
)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_rows_left_to_the_general_route_give_its_results(bad, dtype):
    r = np.random.default_rng(2)
    z = r.standard_normal((5, 4)).astype(dtype)
    bad(z)
    labels = np.array([0, 1, 2, 3, 0])
    assert native.softmax_grad_rows(z, labels, 1.0) is None
    np.testing.assert_array_equal(softmax_cross_entropy_grad(z, labels), _general(z, labels))


def test_ignored_labels_and_options_keep_the_general_route():
    r = np.random.default_rng(3)
    z = r.standard_normal((50, 6))
    labels = r.integers(0, 6, 50)
    labels[::7] = -100
    for options in (
        {},
        {"weight": np.arange(1.0, 7.0)},
        {"label_smoothing": 0.1},
        {"reduction": "none"},
    ):
        np.testing.assert_allclose(
            softmax_cross_entropy_grad(z, labels, **options),
            _general(z, labels, **options),
            rtol=0,
            atol=1e-17,
        )
    assert np.all(softmax_cross_entropy_grad(z, labels)[labels == -100] == 0.0)


@pytest.mark.parametrize("threads", [1, 2, 5])
def test_thread_splits_give_the_same_bits(threads):
    r = np.random.default_rng(4)
    z = r.standard_normal((100_003, 10))
    labels = r.integers(0, 10, 100_003)
    thread_pool.set_num_threads(1)
    try:
        one = softmax_cross_entropy_grad(z, labels)
        thread_pool.set_num_threads(threads)
        np.testing.assert_array_equal(softmax_cross_entropy_grad(z, labels), one)
    finally:
        thread_pool.set_num_threads(None)
    picked = r.integers(0, 100_003, 20)
    _close(one[picked], _mp_grad(z[picked], labels[picked], 1 / 100_003), z[picked], 1 / 100_003)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("shape", [(1000, 10), (50, 1000), (6, 3, 4)])
def test_matches_torch_autograd(dtype, shape):
    torch = pytest.importorskip("torch")
    r = np.random.default_rng(5)
    z = (r.standard_normal(shape) * 3).astype(dtype)
    labels = r.integers(0, shape[-1], shape[:-1])
    got = softmax_cross_entropy_grad(z, labels)
    assert got.dtype == dtype and got.shape == z.shape
    zt = torch.tensor(z.reshape(-1, shape[-1]), requires_grad=True)
    torch.nn.functional.cross_entropy(zt, torch.tensor(labels.reshape(-1))).backward()
    want = zt.grad.numpy().reshape(shape)
    tol = 1e-15 if dtype == np.float64 else 1e-6
    np.testing.assert_allclose(got, want, rtol=0, atol=tol * np.abs(want).max())


def test_concurrent_callers_with_mixed_sizes():
    import threading

    r = np.random.default_rng(6)
    cases = []
    for rows in (3_000, 40_000, 120_000, 250_000):
        z = r.standard_normal((rows, 10))
        labels = r.integers(0, 10, rows)
        cases.append((z, labels, softmax_cross_entropy_grad(z, labels)))
    thread_pool.set_num_threads(2)
    failures: list[str] = []

    def work(k: int) -> None:
        z, labels, want = cases[k % len(cases)]
        try:
            for _ in range(3):
                if not np.array_equal(softmax_cross_entropy_grad(z, labels), want):
                    failures.append(f"case {k}: other values")
        except Exception as error:  # a thread's exception would not fail the test by itself
            failures.append(f"case {k}: {error!r}")

    try:
        workers = [threading.Thread(target=work, args=(k,)) for k in range(12)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
    finally:
        thread_pool.set_num_threads(None)
    assert not failures
