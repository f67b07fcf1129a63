"""The mean and sum of cross-entropy from logits summed inside the kernels (no per-row array).

Expected values from mpmath at 120 bits (row by row, summed exactly) and from torch; the summed
path must be taken where it applies (spied on) and give way to the per-row route elsewhere.
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

DTYPES = [np.float64, np.float32]
# the result is rounded once to the dtype; the rows are within ~1 eps (1 + |loss|) each
TOLERANCE = {np.float64: 4e-16, np.float32: 1.5 * 2.0**-23}


@pytest.fixture
def kernels_on():
    before = native.mode()
    native.use_native(True)
    yield
    native.use_native(before)
    thread_pool.set_num_threads(None)


@pytest.fixture
def spy(monkeypatch, kernels_on):
    """Count the summing calls (any kernel) that returned a sum (not None)."""
    calls = {"summed": 0, "declined": 0}

    def spied(real):
        def wrapper(*args, **kwargs):
            value = real(*args, **kwargs)
            calls["summed" if value is not None else "declined"] += 1
            return value

        return wrapper

    for name in ("take_log_softmax_sum", "small_ce_sum"):
        monkeypatch.setattr(native, name, spied(getattr(native, name)))
    monkeypatch.setattr(ce_mid, "mid_ce_sum", spied(ce_mid.mid_ce_sum))
    return calls


def exact_total(logits, labels):
    """The sum of -log softmax(z)_k over the rows, by mpmath at 120 bits, summed exactly."""
    with mpmath.workprec(120):
        losses = []
        for row, label in zip(logits.astype(np.float64).tolist(), labels.tolist(), strict=True):
            lse = mpmath.log(mpmath.fsum(mpmath.exp(mpmath.mpf(v)) for v in row))
            losses.append(lse - mpmath.mpf(row[label]))
        return mpmath.fsum(losses)


def hostile(rng, rows, classes, dtype):
    """Rows of every route: ordinary, large offsets, -inf classes, losses near 0, low labels."""
    z = rng.normal(size=(rows, classes)) * 3
    labels = rng.integers(0, classes, rows)
    z[::5] += 1000.0 if dtype == np.float64 else 100.0  # shifted inside the kernel
    if classes > 1:
        some = np.arange(1, rows, 7)
        z[some, (labels[some] + 1) % classes] = -np.inf  # masked classes, not the label
        some = np.arange(2, rows, 9)
        z[some, labels[some]] += 40.0  # a loss near 0
        some = np.arange(3, rows, 11)
        z[some, labels[some]] -= 60.0  # a large loss
    return z.astype(dtype), labels


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("classes", [*range(1, 17), 100, 1000, 2049])
def test_the_summed_mean_and_sum_match_mpmath(spy, dtype, classes, vector_math):
    rng = np.random.default_rng(classes)
    rows = 300 if classes < 1000 else 12
    z, labels = hostile(rng, rows, classes, dtype)
    exact = exact_total(z, labels)
    mean = cross_entropy_with_logits(z, labels)
    total = cross_entropy_with_logits(z, labels, reduction="sum")
    assert spy["summed"] == 2 and spy["declined"] == 0
    assert mean.dtype == total.dtype == dtype
    tolerance = TOLERANCE[dtype]
    # each row within about eps (1 + |loss|): a loss of 0 (one class) has an absolute error
    for got, want, scale in ((mean, exact / rows, 1), (total, exact, rows)):
        assert abs(float(got) - float(want)) <= tolerance * (abs(float(want)) + scale)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("classes", [2, 4, 10, 100])
def test_the_summed_path_agrees_with_the_per_row_route_and_torch(spy, dtype, classes):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(7 + classes)
    z, labels = hostile(rng, 4000, classes, dtype)
    per_row = cross_entropy_with_logits(z, labels, reduction="none")
    assert spy["summed"] == 0  # "none" keeps the per-row route
    mean = cross_entropy_with_logits(z, labels)
    assert spy["summed"] == 1
    want = float(per_row.astype(np.float64).sum() / len(labels))
    assert abs(float(mean) - want) <= 4 * TOLERANCE[dtype] * abs(want)
    expected = torch.nn.functional.cross_entropy(
        torch.from_numpy(z.astype(np.float64)), torch.from_numpy(labels)
    ).item()
    assert abs(float(mean) - expected) <= TOLERANCE[dtype] * abs(expected) * 4


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("count", [1, 2, 3, 7])
def test_the_summed_mean_is_the_same_bits_for_any_split(monkeypatch, spy, dtype, count):
    monkeypatch.setattr(native, "PARALLEL_MIN_ELEMENTS", 1)
    monkeypatch.setattr(native, "SUM_PARALLEL_MIN_ELEMENTS", 1)
    rng = np.random.default_rng(count)
    z, labels = hostile(rng, 3001, 4, dtype)
    thread_pool.set_num_threads(1)
    one = cross_entropy_with_logits(z, labels)
    thread_pool.set_num_threads(count)
    many = cross_entropy_with_logits(z, labels)
    assert spy["summed"] == 2
    assert one.tobytes() == many.tobytes()
    exact = exact_total(z, labels) / len(labels)
    assert abs(float(many) - float(exact)) <= 2 * TOLERANCE[dtype] * (abs(float(exact)) + 1)


@pytest.mark.parametrize("dtype", DTYPES)
def test_ignored_labels_and_weights_take_the_per_row_route(spy, dtype):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(3)
    z = rng.normal(size=(500, 6)).astype(dtype)
    labels = rng.integers(0, 6, 500)
    labels[::13] = -100
    z[::13] = np.nan  # ignored padding does not poison the mean
    got = cross_entropy_with_logits(z, labels)
    weight = rng.uniform(0.5, 2, 6).astype(dtype)
    weighted = cross_entropy_with_logits(z, labels, weight=weight)
    # ignored rows: the AVX-512 float32 kernel of 3 to 16 classes counts them itself
    assert spy["summed"] == int(ce_mid.takes(z.dtype, 6)) and spy["declined"] == 0
    t = torch.from_numpy(np.where(np.isnan(z), 0, z).astype(np.float64))
    k = torch.from_numpy(labels)
    for value, expected in (
        (got, torch.nn.functional.cross_entropy(t, k).item()),
        (
            weighted,
            torch.nn.functional.cross_entropy(
                t, k, torch.from_numpy(weight.astype(np.float64))
            ).item(),
        ),
    ):
        assert abs(float(value) - expected) <= 8 * TOLERANCE[dtype] * abs(expected)


@pytest.mark.parametrize("dtype", DTYPES)
def test_rows_left_to_numpy_fall_back_to_the_per_row_route(spy, dtype):
    z = np.array([[0.0, 1.0, 2.0], [np.inf, 0.0, 0.0], [1.0, 1.0, 1.0]], dtype=dtype)
    labels = np.array([2, 1, 0])
    per_row = cross_entropy_with_logits(z, labels, reduction="none")
    assert per_row[1] == np.inf
    assert cross_entropy_with_logits(z, labels) == np.inf
    z[1] = [-np.inf, 0.0, 0.0]
    want = float(exact_total(z, labels)) / 3
    assert abs(float(cross_entropy_with_logits(z, labels)) - want) <= 4 * TOLERANCE[dtype] * want
    z[1, 1] = np.nan
    assert np.isnan(cross_entropy_with_logits(z, labels))
    assert spy["declined"] == 2 and spy["summed"] == 1
    z[0, labels[0]] = -np.inf  # the label's class masked: an infinite loss, summed
    assert cross_entropy_with_logits(z[[0, 2]], labels[[0, 2]]) == np.inf


@pytest.mark.parametrize("labels", [[0, 3], [-1, 0], [0, -100, 5]])
def test_a_bad_label_still_gets_a_numeric_error(spy, labels):
    z = np.zeros((len(labels), 3))
    with pytest.raises(NumericError, match=r"class index k must be in 0\.\.2"):
        cross_entropy_with_logits(z, np.array(labels), ignore_index=None)
