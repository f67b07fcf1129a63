"""The summing kernel of rows of 2 or 4 classes (``native.small_ce_sum``, ``ce_small_sum`` in C).

Expected values: mpmath at 160 bits from the plain definition :math:`\\log \\sum_j e^{z_j} - z_k`
(not the kernel's ``log1p`` form), summed exactly, and torch's ``F.cross_entropy`` in float64.
The kernel runs with the AVX-512 and AVX2 vector math (both take it for the public loss); with
the C library's there is none (the block kernels sum those rows).
"""

from __future__ import annotations

import itertools
import os

import mpmath
import numpy as np
import pytest

from symxent.errors import NumericError
from symxent.numeric import cross_entropy_with_logits, native
from symxent.numeric import threads as thread_pool

if not native.available():
    if os.environ.get(native.ENVIRONMENT_VARIABLE) == "0":
        pytest.skip(
            "SYMXENT_NATIVE=0: the compiled kernels are turned off", allow_module_level=True
        )
    pytest.fail("the compiled kernels (_symxent_kernels) were not built", pytrace=False)

import _symxent_kernels as kernels  # only once they are known to be built

DTYPES = [np.float64, np.float32]
# per row, in units of eps (1 + |loss|): float64 within ~2 (measured 1.9), float32 within ~1
# float32 ulp (its exponentials and log1p are float32 with AVX-512 and AVX2; measured 1.05)
ROW_TOLERANCE = {np.float64: 4 * 2.0**-53, np.float32: 2 * 2.0**-24}


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
    """``ce_small_sum`` over the whole batch: (sum, kept rows) or the kernel's negative code."""
    rows, classes = z.shape
    sums = np.empty(max(1, -(-rows // kernels.block_rows(classes))))
    labels = np.ascontiguousarray(labels, dtype=np.int64)
    code = kernels.ce_small_sum(
        z, labels, sums, rows, classes, 0, z.dtype == np.float32, ignore, has_ignore
    )
    if code < 0:
        return code
    return float(np.add.reduce(sums[: -(-rows // kernels.block_rows(classes))])), code


def rows_of_every_kind(rng, rows, classes, dtype):
    """Ordinary rows, large offsets, masked (-inf) classes, losses near 0 and large, ignored."""
    z = rng.normal(size=(rows, classes)) * 3
    labels = rng.integers(0, classes, rows)
    z[::5] += 1e4 if dtype == np.float64 else 100.0
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


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("classes", [2, 4])
@pytest.mark.parametrize("rows", [1, 7, 8, 15, 16, 17, 255, 256, 257, 700])
def test_the_kernel_matches_mpmath_row_by_row(vector_math, dtype, classes, rows):
    rng = np.random.default_rng(rows * 10 + classes)
    z, labels = rows_of_every_kind(rng, rows, classes, dtype)
    if vector_math == "libm":  # no kernel: the summed route keeps the block kernels
        with pytest.raises(ValueError, match="AVX2 or AVX-512"):
            kernel_sum(z, labels)
        return
    exact = exact_losses(z, labels)
    kept = int(np.count_nonzero(labels != -100))
    total, count = kernel_sum(z, labels)
    assert count == kept
    bound = sum(ROW_TOLERANCE[dtype] * (1 + abs(float(v))) for v in exact)
    assert abs(total - float(mpmath.fsum(exact))) <= bound
    for i in range(min(rows, 40)):  # single rows: each within its own tolerance
        row_total, row_count = kernel_sum(z[i : i + 1], labels[i : i + 1])
        assert row_count == int(labels[i] != -100)
        assert abs(row_total - float(exact[i])) <= ROW_TOLERANCE[dtype] * (1 + abs(exact[i]))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("classes", [2, 4])
def test_the_kernel_leaves_odd_rows_and_bad_labels_to_the_caller(vector_math, dtype, classes):
    z = np.zeros((40, classes), dtype=dtype)
    labels = np.zeros(40, dtype=np.int64)
    if vector_math == "libm":  # no kernel: the summed route keeps the block kernels
        with pytest.raises(ValueError, match="AVX2 or AVX-512"):
            kernel_sum(z, labels)
        return
    assert kernel_sum(z, labels) == (pytest.approx(40 * np.log(classes)), 40)
    for value in (np.nan, np.inf):  # in a kept row: the general route's business
        bad = z.copy()
        bad[21, 1] = value
        assert kernel_sum(bad, labels) == -1
        labels[21] = -100  # ignored: it adds nothing
        assert kernel_sum(bad, labels) == (pytest.approx(39 * np.log(classes)), 39)
        labels[21] = 0
    every_minus_inf = z.copy()
    every_minus_inf[3] = -np.inf
    assert kernel_sum(every_minus_inf, labels) == -1
    for label, row in itertools.product((classes, -1, -100), (13, 33)):  # in several groups
        wrong = labels.copy()
        wrong[row] = label
        assert kernel_sum(z, wrong, ignore=-7) == -2 - row  # the row named
    assert kernel_sum(z, np.full(40, -100), has_ignore=False) == -2  # row 0


def test_no_kernel_without_vector_math():
    """With the C library's exp and log the summed route keeps the block kernels."""
    try:
        assert kernels.use_vector_math("libm") == "libm"
        assert not native.small_summing()
        z, labels = np.zeros((3, 2)), np.zeros(3, dtype=np.int64)
        with pytest.raises(ValueError, match="AVX2 or AVX-512"):
            kernel_sum(z, labels)
        with pytest.raises(ValueError, match="AVX2 or AVX-512"):
            native.small_ce_sum(z, labels, -100)
        got = cross_entropy_with_logits(np.array([[0.0, 1.0], [2.0, 2.0]]), np.array([1, -100]))
        assert abs(float(got) - np.log1p(np.exp(-1.0))) <= 4 * 2.0**-53
    finally:
        kernels.use_vector_math(True)


@pytest.fixture(params=["avx512", "avx2"])
def vector_kernels(request):
    """The public loss on the AVX-512 and the AVX2 kernels (the summed route takes this kernel)."""
    if kernels.use_vector_math(request.param) != request.param:
        kernels.use_vector_math(True)
        pytest.skip(f"this CPU has no {request.param}")
    assert native.small_summing()
    before = native.mode()
    native.use_native(True)
    yield
    native.use_native(before)
    kernels.use_vector_math(True)
    thread_pool.set_num_threads(None)


@pytest.fixture
def calls(monkeypatch, vector_kernels):
    """Count the small kernel's calls that returned a sum, and those that declined."""
    seen = {"summed": 0, "declined": 0}
    real = native.small_ce_sum

    def spy(*args, **kwargs):
        value = real(*args, **kwargs)
        seen["summed" if value is not None else "declined"] += 1
        return value

    monkeypatch.setattr(native, "small_ce_sum", spy)
    return seen


def torch_loss(z, labels, reduction="mean"):
    torch = pytest.importorskip("torch")
    clean = np.where(labels[:, None] == -100, 0.0, z.astype(np.float64))  # ignored: no nan
    return torch.nn.functional.cross_entropy(
        torch.from_numpy(clean), torch.from_numpy(labels), reduction=reduction
    ).item()


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("classes", [2, 4])
def test_ignored_rows_are_left_out_in_the_kernel_as_torch_does(calls, dtype, classes):
    rng = np.random.default_rng(classes)
    z = (rng.normal(size=(3001, classes)) * 3).astype(dtype)
    labels = rng.integers(0, classes, 3001)
    labels[::7] = -100
    z[::14] = np.nan
    z[7::14, 0] = np.inf
    mean = cross_entropy_with_logits(z, labels)
    total = cross_entropy_with_logits(z, labels, reduction="sum")
    assert calls == {"summed": 2, "declined": 0}
    assert mean.dtype == total.dtype == dtype
    tolerance = 4 * ROW_TOLERANCE[dtype]
    want_mean, want_sum = torch_loss(z, labels), torch_loss(z, labels, "sum")
    assert abs(float(mean) - want_mean) <= tolerance * (abs(want_mean) + 1)
    assert abs(float(total) - want_sum) <= tolerance * (abs(want_sum) + 3001)
    every = np.full(3001, -100)  # nothing kept: torch's nan mean, a zero sum
    assert np.isnan(cross_entropy_with_logits(z, every))
    assert cross_entropy_with_logits(z, every, reduction="sum") == 0
    assert not np.isnan(torch_loss(z, labels))


@pytest.mark.parametrize("dtype", DTYPES)
def test_another_ignore_index_and_none(calls, dtype):
    z = np.array([[0.0, 1.0], [5.0, -5.0], [2.0, 2.0]], dtype=dtype)
    labels = np.array([1, 3, 0])
    with pytest.raises(NumericError, match=r"class index k must be in 0\.\.1.* to 3"):
        cross_entropy_with_logits(z, labels)  # 3 is no class (-100 is ignored)
    got = cross_entropy_with_logits(z, labels, ignore_index=3, reduction="sum")
    with pytest.raises(NumericError, match=r"class index k must be in 0\.\.1.* to 3"):
        cross_entropy_with_logits(z, labels, ignore_index=None)
    want = np.log1p(np.exp(-1.0)) + np.log(2.0)  # rows 0 and 2: log(1 + e) - 1 and log 2
    assert abs(float(got) - want) <= 4 * ROW_TOLERANCE[dtype] * (1 + want)
    assert calls["declined"] == 2 and calls["summed"] == 1


@pytest.mark.parametrize(
    ("dtype", "big"),
    [(np.float64, 1e30), (np.float64, 1e300), (np.float32, 1e30), (np.float32, 3e38)],
)
@pytest.mark.parametrize("classes", [2, 4])
def test_extreme_logits(calls, dtype, big, classes):
    z = np.zeros((6, classes), dtype=dtype)
    z[0, 0], z[1, 0], z[2, :] = big, -big, big  # the label (class 1) far below, far above, tied
    z[3, 1], z[4, 0], z[4, 1], z[5, 0] = big, big, -big, 1.0
    labels = np.ones(6, dtype=np.int64)
    per_row = cross_entropy_with_logits(z, labels, reduction="none")
    got = cross_entropy_with_logits(z, labels, reduction="sum")
    with np.errstate(over="ignore"):
        want = dtype(np.sum(per_row.astype(np.float64)))
    assert calls == {"summed": 1, "declined": 0}
    if np.isinf(want):  # float32 3e38: a loss past the float32 range, inf as in torch
        assert got == np.inf and torch_loss(z.astype(np.float64), labels, "sum") > 3.4e38
    else:
        assert abs(float(got) - float(want)) <= 4 * ROW_TOLERANCE[dtype] * abs(float(want))
        assert abs(float(got) - torch_loss(z, labels, "sum")) <= 1e-6 * abs(float(want))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("classes", [2, 4])
def test_the_same_bits_for_one_and_two_threads(monkeypatch, calls, dtype, classes):
    monkeypatch.setattr(native, "SMALL_PARALLEL_MIN_ROWS", 1)
    monkeypatch.setattr(native, "PARALLEL_MIN_ELEMENTS", 1)
    rng = np.random.default_rng(5)
    z, labels = rows_of_every_kind(rng, 4099, classes, dtype)
    z[np.isnan(z) | np.isinf(z)] = 0.0
    results = []
    for count in (1, 2, 3):
        thread_pool.set_num_threads(count)
        results.append(cross_entropy_with_logits(z, labels).tobytes())
    assert calls == {"summed": 3, "declined": 0}
    assert results[0] == results[1] == results[2]


@pytest.mark.parametrize("dtype", DTYPES)
def test_other_layouts_and_odd_rows_take_the_general_route(calls, dtype):
    rng = np.random.default_rng(9)
    z = (rng.normal(size=(4, 300)) * 2).astype(dtype)
    labels = rng.integers(0, 4, 300)
    expected = torch_loss(np.ascontiguousarray(z.T), labels)
    strided = cross_entropy_with_logits(z.T, labels)  # not C-contiguous: no kernel
    torch_layout = cross_entropy_with_logits(z[None], labels[None], class_axis=1)
    assert calls == {"summed": 0, "declined": 0}
    for got in (strided, torch_layout):
        assert abs(float(got) - expected) <= 8 * ROW_TOLERANCE[dtype] * (abs(expected) + 1)
    c = np.ascontiguousarray(z.T)
    c[10, 2] = np.nan
    assert np.isnan(cross_entropy_with_logits(c, labels))
    c[10, 2] = np.inf
    for label in (2, 1):  # a +inf logit: the per-row route's value, whatever it is
        labels[10] = label
        per_row = cross_entropy_with_logits(c, labels, reduction="none")
        got = cross_entropy_with_logits(c, labels)
        assert got.tobytes() == dtype(per_row.astype(np.float64).mean()).tobytes()
    assert got == np.inf  # the label's loss is infinite (torch gives nan for any +inf logit)
    assert calls == {"summed": 0, "declined": 3}
    unsigned = cross_entropy_with_logits(c[11:], labels[11:].astype(np.uint64))
    assert calls["declined"] == 4  # uint64 labels: not handed to the kernel
    assert abs(float(unsigned) - torch_loss(c[11:], labels[11:])) <= 1e-5
