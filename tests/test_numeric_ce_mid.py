"""The AVX-512 summing kernel of float32 rows of 3 to 16 classes (``ce_mid.mid_ce_sum``).

Expected values: mpmath at 160 bits from the plain definition :math:`\\log \\sum_j e^{z_j} - z_k`
(not the kernel's shifted ``log1p`` form), summed exactly, and torch's ``F.cross_entropy`` in
float64. The kernel is built for AVX-512 only; the public loss is checked in every vector-math
mode (AVX2 and the C library's keep the block route).
"""

from __future__ import annotations

import os

import mpmath
import numpy as np
import pytest

from symxent.errors import NumericError
from symxent.numeric import ce_mid, cross_entropy_with_logits, native
from symxent.numeric import threads as thread_pool

if not native.available():
    if os.environ.get(native.ENVIRONMENT_VARIABLE) == "0":
        pytest.skip(
            "SYMXENT_NATIVE=0: the compiled kernels are turned off", allow_module_level=True
        )
    pytest.fail("the compiled kernels (_symxent_kernels) were not built", pytrace=False)

import _symxent_kernels as kernels  # only once they are known to be built

# per row, in float32 ulps of (1 + |loss|): the exps and t are float32, the log1p float64
# (measured 1.05 on single rows); float64 through the public loss (the block route) within ~2 eps
ROW_TOLERANCE = {np.float32: 2 * 2.0**-24, np.float64: 4 * 2.0**-53}


def exact_losses(z, labels, ignore=-100):
    """Per-row -log softmax(z)_k by mpmath at 160 bits, 0 for ignored rows."""
    with mpmath.workprec(160):
        out = []
        for row, k in zip(z.astype(np.float64).tolist(), labels.tolist(), strict=True):
            if k == ignore:
                out.append(mpmath.mpf(0))
                continue
            values = [mpmath.mpf(v) for v in row]
            out.append(mpmath.log(mpmath.fsum(mpmath.exp(v) for v in values)) - values[k])
        return out


def kernel_sum(z, labels, ignore=-100, has_ignore=True):
    """``ce_mid_sum`` over the whole batch: (sum, kept rows) or the kernel's negative code."""
    rows, classes = z.shape
    blocks = max(1, -(-rows // kernels.ce_mid_block()))
    sums = np.empty(blocks)
    labels = np.ascontiguousarray(labels, dtype=np.int64)
    code = kernels.ce_mid_sum(z, labels, sums, rows, classes, 0, ignore, has_ignore)
    if code < 0:
        return code
    return float(np.add.reduce(sums)), code


def rows_of_every_kind(rng, rows, classes, dtype=np.float32):
    """Ordinary rows, large offsets, masked (-inf) classes, losses near 0 and large, ignored."""
    z = rng.normal(size=(rows, classes)) * 3
    labels = rng.integers(0, classes, rows)
    z[::5] += 100.0
    z[4::13] = z[4::13, ::-1]  # the max elsewhere than class 0
    z[8::19, 1] = z[8::19, 0]  # ties
    some = np.arange(1, rows, 7)
    z[some, (labels[some] + 1) % classes] = -np.inf
    some = np.arange(2, rows, 9)
    z[some, labels[some]] += 40.0
    some = np.arange(3, rows, 11)
    z[some, labels[some]] -= 60.0
    labels[6::17] = -100
    z[6::34] = np.nan  # ignored padding
    z[23::34, 0] = np.inf
    return z.astype(dtype), labels


@pytest.fixture
def avx512():
    """The AVX-512 kernels (the only vector math the kernel runs with)."""
    if kernels.use_vector_math("avx512") != "avx512":
        kernels.use_vector_math(True)
        pytest.skip("this CPU has no AVX-512: the summed route keeps the block kernel")
    before = native.mode()
    native.use_native(True)
    yield
    native.use_native(before)
    kernels.use_vector_math(True)
    thread_pool.set_num_threads(None)


@pytest.fixture
def calls(monkeypatch, avx512):
    """Count the kernel's calls that returned a sum, and those that declined."""
    seen = {"summed": 0, "declined": 0}
    real = ce_mid.mid_ce_sum

    def spy(*args, **kwargs):
        value = real(*args, **kwargs)
        seen["summed" if value is not None else "declined"] += 1
        return value

    monkeypatch.setattr(ce_mid, "mid_ce_sum", spy)
    return seen


def torch_loss(z, labels, reduction="mean"):
    torch = pytest.importorskip("torch")
    clean = np.where(labels[:, None] == -100, 0.0, z.astype(np.float64))  # ignored: no nan
    return torch.nn.functional.cross_entropy(
        torch.from_numpy(clean), torch.from_numpy(labels), reduction=reduction
    ).item()


@pytest.mark.parametrize("classes", [3, 4, 5, 7, 8, 9, 12, 16])
@pytest.mark.parametrize("rows", [1, 15, 16, 17, 257, 600])
def test_the_kernel_matches_mpmath_row_by_row(avx512, classes, rows):
    rng = np.random.default_rng(rows * 100 + classes)
    z, labels = rows_of_every_kind(rng, rows, classes)
    exact = exact_losses(z, labels)
    total, count = kernel_sum(z, labels)
    assert count == int(np.count_nonzero(labels != -100))
    bound = sum(ROW_TOLERANCE[np.float32] * (1 + abs(float(v))) for v in exact)
    assert abs(total - float(mpmath.fsum(exact))) <= bound
    for i in range(min(rows, 40)):  # single rows: each within its own tolerance
        row_total, row_count = kernel_sum(z[i : i + 1], labels[i : i + 1])
        assert row_count == int(labels[i] != -100)
        assert abs(row_total - float(exact[i])) <= ROW_TOLERANCE[np.float32] * (1 + abs(exact[i]))


def test_wrong_variants_are_told_apart(avx512):
    """A wrong label, a logit moved by one float32 ulp of the loss: the sum moves off mpmath."""
    rng = np.random.default_rng(3)
    z, labels = (rng.normal(size=(64, 10)) * 2).astype(np.float32), rng.integers(0, 10, 64)
    exact = float(mpmath.fsum(exact_losses(z, labels)))
    assert abs(kernel_sum(z, labels)[0] - exact) <= 64 * ROW_TOLERANCE[np.float32] * 4
    shifted = (labels + 1) % 10
    assert abs(kernel_sum(z, shifted)[0] - exact) > 1.0
    dropped = z.copy()
    dropped[:, 9] = -np.inf  # a class left out of every row
    assert abs(kernel_sum(dropped, np.minimum(labels, 8))[0] - exact) > 1.0


@pytest.mark.parametrize("classes", [3, 10, 16])
def test_the_kernel_leaves_odd_rows_and_bad_labels_to_the_caller(avx512, classes):
    z = np.zeros((40, classes), dtype=np.float32)
    labels = np.zeros(40, dtype=np.int64)
    assert kernel_sum(z, labels) == (pytest.approx(40 * np.log(classes)), 40)
    for value in (np.nan, np.inf):  # in a kept row: the general route's business
        bad = z.copy()
        bad[21, 1] = value
        assert kernel_sum(bad, labels) == -1
        labels[21] = -100  # ignored: it adds nothing
        assert kernel_sum(bad, labels) == (pytest.approx(39 * np.log(classes)), 39)
        labels[21] = 0
    at_minus_inf = z.copy()
    at_minus_inf[3, 0] = -np.inf  # the label's logit: an infinite loss, left to the caller
    assert kernel_sum(at_minus_inf, labels) == -1
    for label in (classes, -1, -100):
        wrong = labels.copy()
        wrong[33] = label
        assert kernel_sum(z, wrong, ignore=-7) == -2 - 33  # row 33 named
    assert kernel_sum(z, np.full(40, -100), has_ignore=False) == -2  # row 0
    with pytest.raises(ValueError, match="3 to 16 classes"):
        kernel_sum(np.zeros((4, 17), dtype=np.float32), np.zeros(4))


@pytest.mark.parametrize("classes", [3, 5, 10, 16])
def test_ignored_rows_are_left_out_in_the_kernel_as_torch_does(calls, classes):
    rng = np.random.default_rng(classes)
    z = (rng.normal(size=(3001, classes)) * 3).astype(np.float32)
    labels = rng.integers(0, classes, 3001)
    labels[::7] = -100
    z[::14] = np.nan
    z[7::14, 0] = np.inf
    mean = cross_entropy_with_logits(z, labels)
    total = cross_entropy_with_logits(z, labels, reduction="sum")
    assert calls == {"summed": 2, "declined": 0}
    assert mean.dtype == total.dtype == np.float32
    tolerance = 4 * ROW_TOLERANCE[np.float32]
    want_mean, want_sum = torch_loss(z, labels), torch_loss(z, labels, "sum")
    assert abs(float(mean) - want_mean) <= tolerance * (abs(want_mean) + 1)
    assert abs(float(total) - want_sum) <= tolerance * (abs(want_sum) + 3001)
    every = np.full(3001, -100)  # nothing kept: torch's nan mean, a zero sum
    assert np.isnan(cross_entropy_with_logits(z, every))
    assert cross_entropy_with_logits(z, every, reduction="sum") == 0


def test_odd_rows_fall_back_to_the_general_route_and_its_messages(calls):
    z = np.array([[0.0, 1.0, 2.0], [5.0, -5.0, 0.0], [2.0, 2.0, 2.0]], dtype=np.float32)
    with pytest.raises(NumericError, match=r"class index k must be in 0\.\.2.* to 3"):
        cross_entropy_with_logits(z, np.array([1, 3, 0]))
    got = cross_entropy_with_logits(z, np.array([1, 3, 0]), ignore_index=3, reduction="sum")
    want = (np.log(1 + np.e + np.e**2) - 1) + np.log(3.0)
    assert abs(float(got) - want) <= 4 * ROW_TOLERANCE[np.float32] * (1 + want)
    nan_row = z.copy()
    nan_row[1, 2] = np.nan
    assert np.isnan(cross_entropy_with_logits(nan_row, np.array([0, 1, 2])))
    big = z.copy()
    big[2, 0] = np.inf  # the per-row route's value for a +inf logit
    per_row = cross_entropy_with_logits(big, np.array([0, 1, 0]), reduction="none")
    assert cross_entropy_with_logits(big, np.array([0, 1, 0])).tobytes() == (
        np.float32(per_row.astype(np.float64).mean()).tobytes()
    )
    assert calls == {"summed": 1, "declined": 3}
    cross_entropy_with_logits(z, np.array([1, 2, 0], dtype=np.uint64))
    assert calls["declined"] == 4  # uint64 labels: not handed to the kernel


def test_the_same_bits_for_one_two_and_three_threads(monkeypatch, calls):
    monkeypatch.setattr(native, "SUM_PARALLEL_MIN_ELEMENTS", 1)
    monkeypatch.setattr(native, "PARALLEL_MIN_ELEMENTS", 1)
    rng = np.random.default_rng(5)
    z, labels = rows_of_every_kind(rng, 4099, 10)
    z[~np.isfinite(z)] = 0.0
    results = []
    for count in (1, 2, 3):
        thread_pool.set_num_threads(count)
        results.append(cross_entropy_with_logits(z, labels).tobytes())
    assert calls == {"summed": 3, "declined": 0}
    assert results[0] == results[1] == results[2]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("classes", [3, 5, 10, 12])
@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_the_public_loss_in_every_mode(vector_math, dtype, classes, reduction):
    """The kernel with AVX-512 float32, the block route otherwise: the same values."""
    native.use_native(True)
    rng = np.random.default_rng(classes * 7)
    z = (rng.normal(size=(777, classes)) * 4).astype(dtype)
    labels = rng.integers(0, classes, 777)
    labels[5::9] = -100
    exact = exact_losses(z, labels)
    kept = int(np.count_nonzero(labels != -100))
    want = mpmath.fsum(exact) / (kept if reduction == "mean" else 1)
    got = cross_entropy_with_logits(z, labels, reduction=reduction)
    assert got.dtype == dtype
    scale = 1 if reduction == "mean" else kept
    assert abs(float(got) - float(want)) <= 4 * ROW_TOLERANCE[dtype] * (abs(float(want)) + scale)
    assert ce_mid.takes(np.dtype(dtype), classes) == (
        vector_math == "avx512" and dtype == np.float32
    )
    assert abs(float(got) - torch_loss(z, labels, reduction)) <= 1e-5 * (abs(float(want)) + 1)
