"""The compiled row kernels (_symxent_kernels, symxent.numeric.native) on their own.

Expected values come from mpmath (exp, log, log-softmax, log-sum-exp at 120-200 bits) or from
arithmetic written out here. The kernels must be built: CI compiles them in `pip install .`;
only SYMXENT_NATIVE=0 in the environment skips this module, on purpose.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import mpmath
import numpy as np
import pytest

from symxent.errors import NumericError
from symxent.numeric import dispatch, losses, native, rows, runtime
from symxent.numeric import threads as thread_pool

if not native.available():
    if os.environ.get(native.ENVIRONMENT_VARIABLE) == "0":
        pytest.skip(
            "SYMXENT_NATIVE=0: the compiled kernels are turned off", allow_module_level=True
        )
    pytest.fail(
        "the compiled kernels (_symxent_kernels) were not built: pip install . needs gcc",
        pytrace=False,
    )

import _symxent_kernels as kernels  # after the check above

DTYPES = [np.float64, np.float32]


@pytest.fixture
def rng():
    return np.random.default_rng(20261130)


def bounds(classes, dtype):
    low, high = rows._sum_bounds(classes, np.dtype(dtype))
    return {
        "low": low,
        "high": high,
        "pick_low": rows._PICK_LOW[np.dtype(dtype)],
        "tiny": rows._SMALLEST_NORMAL[np.dtype(dtype)],
    }


def exact_rows(logits, labels):
    """-log softmax at the labels and the log-sum-exps, by mpmath at 120 bits, as float64."""
    losses, sums = [], []
    with mpmath.workprec(120):
        for row, label in zip(logits.tolist(), labels.tolist(), strict=True):
            total = mpmath.log(mpmath.fsum(mpmath.exp(mpmath.mpf(v)) for v in row))
            sums.append(float(total))
            losses.append(float(total - mpmath.mpf(row[label])))
    return np.array(losses), np.array(sums)


def test_the_kernels_use_the_vector_math_this_cpu_has():
    cpuinfo = Path("/proc/cpuinfo")
    flags = cpuinfo.read_text().split() if cpuinfo.exists() else []
    expected = "avx2" if {"avx2", "fma"} <= set(flags) else "libm"
    expected = "avx512" if "avx512f" in flags else expected
    assert native.vector_math() == expected


@pytest.mark.parametrize("dtype", DTYPES)
def test_exp_is_within_one_ulp_of_mpmath(rng, dtype, vector_math):
    top = 709.7 if dtype == np.float64 else 88.7
    x = np.concatenate(
        [rng.uniform(-740.0, top, 1500), rng.uniform(-1.0, 1.0, 500), rng.uniform(-104, 88, 500)]
    ).astype(dtype)
    got = np.empty(x.size)
    kernels.exp(x, got, x.size, dtype == np.float32)
    with mpmath.workprec(200):
        exact = np.array([float(mpmath.exp(mpmath.mpf(float(v)))) for v in x])
    normal = exact >= np.finfo(dtype).smallest_normal
    rounded = exact[normal].astype(dtype)
    ulps = np.abs(got[normal].astype(dtype) - rounded) / np.spacing(rounded)
    assert ulps.max() <= 1
    # below the normal range (float64: under e^-708): within one subnormal step, or 0
    tiny_step = float(np.finfo(dtype).smallest_subnormal)
    assert (np.abs(got[~normal] - exact[~normal]) <= tiny_step).all()


@pytest.mark.parametrize("dtype", DTYPES)
def test_exp_of_the_edges(dtype, vector_math):
    x = np.array([np.nan, np.inf, -np.inf, 0.0, -0.0, 1000.0, -1000.0, 1.0], dtype=dtype)
    got = np.empty(x.size)
    kernels.exp(x, got, x.size, dtype == np.float32)
    assert np.isnan(got[0])
    assert got[1:7].tolist() == [np.inf, 0.0, 1.0, 1.0, np.inf, 0.0]
    assert abs(got[7] - np.e) <= 4 * np.finfo(dtype).eps


def test_exp_float32_at_the_edges_of_its_fast_path(vector_math):
    # vectors of 8 all in [-86, 88] take the fast path (2^n added to the exponent bits); one
    # lane outside (or nan) sends its vector to the general path
    x = np.concatenate(
        [np.linspace(-86.0, -85.0, 64), np.linspace(87.0, 88.0, 64), [-86.0001, 88.0001] * 4]
    ).astype(np.float32)
    got = np.empty(x.size)
    kernels.exp(x, got, x.size, True)
    with mpmath.workprec(100):
        exact = np.array([float(mpmath.exp(mpmath.mpf(float(v)))) for v in x]).astype(np.float32)
    assert (np.abs(got.astype(np.float32) - exact) <= np.spacing(exact)).all()
    for lane in range(8):
        y = np.full(8, 0.5, dtype=np.float32)
        y[lane] = np.nan
        kernels.exp(y, got[:8], 8, True)
        assert np.isnan(got[lane])
        others = np.delete(got[:8], lane)
        assert (np.abs(others - np.exp(0.5)) <= 1e-7 * np.exp(0.5)).all()


def test_log_is_within_one_ulp_of_mpmath(rng, vector_math):
    x = np.concatenate(
        [
            np.exp(rng.uniform(-700.0, 700.0, 1500)),
            1.0 + rng.uniform(-0.3, 0.45, 1500),  # results near 0: relative error counts
            1.0 + rng.uniform(-1e-6, 1e-6, 200),
            [1.0, 0.5, 2.0, np.sqrt(2.0), np.nextafter(np.sqrt(2.0), 2.0)],
            [np.finfo(float).smallest_normal, np.finfo(float).max],
        ]
    )
    got = np.empty(x.size)
    kernels.log(x, got, x.size)
    with mpmath.workprec(200):
        exact = np.array([float(mpmath.log(mpmath.mpf(float(v)))) for v in x])
    nonzero = exact != 0
    assert (got[~nonzero] == 0).all()  # log 1 = 0 exactly
    assert (np.abs(got - exact)[nonzero] <= np.spacing(np.abs(exact[nonzero]))).all()


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("classes", [1, 2, 7, 10, 16, 33, 1000, 2049, 5000])
def test_rows_match_mpmath(rng, dtype, classes, vector_math):
    # 2049 and 5000 classes: rows wider than one block of exponentials
    rows = 40 if classes <= 1000 else 6
    logits = (rng.normal(size=(rows, classes)) * rng.choice([0.01, 1.0, 10.0], (rows, 1))).astype(
        dtype
    )
    labels = rng.integers(0, classes, rows)
    got, redo = native.take_log_softmax_rows(logits, labels, **bounds(classes, dtype))
    lse, redo_lse = native.logsumexp_rows(
        logits, low=bounds(classes, dtype)["low"], high=bounds(classes, dtype)["high"]
    )
    assert redo is None and redo_lse is None
    assert got.dtype == dtype and lse.dtype == np.float64
    losses, sums = exact_rows(logits.astype(float), labels)
    eps = np.finfo(dtype).eps
    # the result is rounded once to the dtype: half an eps; exp, sum and log add less than one
    assert (np.abs(-got - losses) <= 1.5 * eps * (1 + np.abs(losses))).all()
    # float64 results, but from the dtype's exponentials (float32: within one float32 eps)
    assert (np.abs(lse - sums) <= 1.5 * eps * (1 + np.abs(sums))).all()


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("classes", range(1, 17))
def test_few_class_rows_match_mpmath_and_the_c_library_route(rng, dtype, classes, vector_math):
    # few classes: AVX-512 takes 8 (float32: 16) rows a vector; row counts around those widths,
    # rows of mixed scales, -inf logits (also at the label), offsets of +-1e4 (float32 +-80)
    big = 1e4 if dtype == np.float64 else 80.0
    for count in (1, 7, 8, 9, 15, 16, 17, 301):
        logits = rng.normal(size=(count, classes)) * rng.choice([0.01, 1.0, 30.0], (count, 1))
        logits += rng.choice([0.0, 0.0, big, -big], (count, 1))
        logits[rng.random((count, classes)) < 0.1] = -np.inf
        logits = logits.astype(dtype)
        labels = rng.integers(0, classes, count)
        got, redo = native.take_log_softmax_rows(logits, labels, **bounds(classes, dtype))
        lse, redo_lse = native.logsumexp_rows(
            logits, low=bounds(classes, dtype)["low"], high=bounds(classes, dtype)["high"]
        )
        every = np.isneginf(logits).all(axis=1)  # no finite logit: the caller's shifted path
        assert np.array_equal(redo if redo is not None else every & False, every)
        assert np.array_equal(redo_lse if redo_lse is not None else every & False, every)
        kept = ~every
        losses, sums = exact_rows(logits[kept].astype(float), labels[kept])
        eps = np.finfo(dtype).eps
        finite = np.isfinite(losses)
        assert np.array_equal(-got[kept] == np.inf, ~finite)
        err = np.abs(-got[kept][finite] - losses[finite])
        assert (err <= 1.5 * eps * (1 + np.abs(losses[finite]))).all()
        assert (np.abs(lse[kept] - sums) <= 1.5 * eps * (1 + np.abs(sums))).all()
        kernels.use_vector_math("libm")
        try:
            plain, _ = native.take_log_softmax_rows(logits, labels, **bounds(classes, dtype))
        finally:
            kernels.use_vector_math(vector_math)
        both = kept & np.isfinite(plain)
        assert np.array_equal(np.isfinite(got[kept]), np.isfinite(plain[kept]))
        assert (np.abs(got[both] - plain[both]) <= 3 * eps * (1 + np.abs(plain[both]))).all()


def test_an_unknown_vector_math_name_is_refused_and_changes_nothing():
    # a misspelt mode used to fall back to avx2 silently, so a test meant for avx512 ran avx2
    before = kernels.vector_math()
    for name in ("bogus", "AVX512", ""):
        with pytest.raises(ValueError, match="avx512"):
            kernels.use_vector_math(name)
        assert kernels.vector_math() == before


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize(("classes", "row"), [(2, 0), (2, 13), (4, 8), (4, 20), (3, 5)])
def test_a_bad_label_of_few_classes_is_reported_at_its_row(dtype, classes, row):
    logits = np.zeros((21, classes), dtype)
    for bad in (classes, -1, 2**40):
        labels = np.zeros(21, np.int64)
        labels[row] = bad
        with pytest.raises(IndexError, match=f"label {bad} of row {row} is not"):
            native.take_log_softmax_rows(logits, labels, **bounds(classes, dtype))


@pytest.mark.parametrize("dtype", DTYPES)
def test_rows_outside_the_bounds_are_shifted_and_non_finite_rows_are_marked(dtype):
    big = 1000.0 if dtype == np.float64 else 100.0
    logits = np.zeros((8, 4), dtype=dtype)
    logits[1, 2] = big  # the sum overflows the bound
    logits[2, :] = -big  # the sum underflows it
    logits[3, 0] = np.nan
    logits[4, 1] = np.inf
    logits[5, :] = -np.inf
    logits[6, 0] = -big  # the label term (label 0) is below the pick bound
    labels = np.array([0, 0, 0, 0, 0, 0, 0, 3])
    got, redo = native.take_log_softmax_rows(logits, labels, **bounds(4, dtype))
    lse, redo_lse = native.logsumexp_rows(
        logits, low=bounds(4, dtype)["low"], high=bounds(4, dtype)["high"]
    )
    # only rows with a nan or an infinite max are left to numpy's shifted path
    marked = [False, False, False, True, True, True, False, False]
    assert redo is not None and redo.tolist() == marked
    assert redo_lse is not None and redo_lse.tolist() == marked
    # by hand: row 1 is -big - log(1 + 3 e^-big), row 2 -log 4, row 6 -big - log(3 + e^-big)
    kept = ~np.array(marked)
    expected = [-np.log(4), -big, -np.log(4), -big - np.log(3), -np.log(4)]
    expected_lse = [np.log(4), big, -big + np.log(4), np.log(3), np.log(4)]
    eps = np.finfo(dtype).eps
    np.testing.assert_allclose(got[kept], expected, rtol=2 * eps)
    np.testing.assert_allclose(lse[kept], expected_lse, rtol=2 * eps)


def test_a_tiny_softmax_at_the_label_is_shifted():
    # float32: label logit -79 (above the pick bound -80), others +20: softmax ~ e^-99 < 2^-126,
    # a subnormal float32 quotient, so the row is recomputed as (-79 - 20) - log 3
    logits = np.full((2, 3), 20.0, dtype=np.float32)
    logits[0, 1] = -79.0
    got, redo = native.take_log_softmax_rows(logits, np.array([1, 1]), **bounds(3, np.float32))
    assert redo is None
    np.testing.assert_allclose(got, [-99.0 - np.log(2.0), -np.log(3.0)], rtol=1e-7)


def test_the_runtime_gives_marked_rows_their_shifted_values():
    logits = np.array([[0.0, 1000.0, 2.0], [1.0, 2.0, 3.0], [-np.inf] * 3, [np.inf, 0.0, 1.0]])
    labels = np.array([[0], [1], [2], [1]])
    got = runtime.take_log_softmax(logits, labels, -1)[:, 0]
    lse = runtime.logsumexp(logits, -1)[:, 0]
    # row 0: 0 - (1000 + log(1 + e^-1000 + e^-998)) = -1000 to double precision
    assert got[0] == -1000.0 and lse[0] == 1000.0
    expected = 2.0 - (3.0 + np.log1p(np.exp(-1.0) + np.exp(-2.0)))
    assert abs(got[1] - expected) <= 4e-16
    assert np.isnan(got[2]) and lse[2] == -np.inf  # no finite value: nan as the shifted path
    assert lse[3] == np.inf


@pytest.mark.parametrize("labels", [[0, 3], [-1, 0], [0, 2**40]])
@pytest.mark.parametrize("offset", [0.0, 1000.0])  # 1000: the rows skip the unshifted pass
def test_labels_outside_the_classes_raise(labels, offset):
    logits = np.full((2, 3), offset)
    with pytest.raises(IndexError, match="not in"):
        native.take_log_softmax_rows(logits, np.array(labels), **bounds(3, np.float64))


def test_buffers_of_the_wrong_size_raise():
    a, out, redo = np.zeros(6), np.empty(2), np.empty(2, np.uint8)
    labels = np.zeros(2, np.int64)
    old = native._OLD_THREADS_ARGUMENT  # () for this build; (1,) for builds before "abi"
    with pytest.raises(ValueError, match="bytes"):
        kernels.take_log_softmax(a, labels, out, redo, 3, 3, False, 1.0, 2.0, 0.0, 0.0, *old)
    with pytest.raises(ValueError, match="shape"):
        kernels.take_log_softmax(a, labels, out, redo, 2, 0, False, 1.0, 2.0, 0.0, 0.0, *old)
    with pytest.raises(ValueError, match="bytes"):
        kernels.logsumexp(a, np.empty(2, np.float32), redo, 2, 3, False, 1.0, 2.0, *old)
    with pytest.raises(TypeError):
        kernels.logsumexp(a, b"read-only out", redo, 2, 3, False, 1.0, 2.0, *old)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize(("rows", "classes"), [(300, 2), (300, 4), (300, 10), (20, 1000)])
def test_a_row_above_the_bound_gets_the_same_bits_in_any_block(
    rng, dtype, rows, classes, vector_math
):
    # a row whose first logit is above log(high) + 1 is shifted by that logit: all at once in a
    # block of such rows (shift_first_rows), by shift_rows in a block with other rows
    big = 1000.0 if dtype == np.float64 else 100.0
    above = (rng.normal(size=(rows, classes)) * 3 + big).astype(dtype)
    mixed = above.copy()
    mixed[::2] -= big  # every other row below the bound
    labels = rng.integers(0, classes, rows)
    b = bounds(classes, dtype)
    alone, together = (native.take_log_softmax_rows(a, labels, **b)[0] for a in (above, mixed))
    np.testing.assert_array_equal(alone[1::2], together[1::2])
    lse = [native.logsumexp_rows(a, low=b["low"], high=b["high"])[0] for a in (above, mixed)]
    np.testing.assert_array_equal(lse[0][1::2], lse[1][1::2])
    exact, exact_lse = exact_rows(above.astype(np.float64), labels)
    eps = float(np.finfo(dtype).eps)
    np.testing.assert_allclose(-alone, exact, rtol=2 * eps, atol=2 * eps)
    np.testing.assert_allclose(lse[0], exact_lse, rtol=2 * eps)


def test_the_avx2_and_the_libm_kernels_agree(rng):
    logits = rng.normal(size=(300, 50)) * 5
    labels = rng.integers(0, 50, 300)
    first, _ = native.take_log_softmax_rows(logits, labels, **bounds(50, np.float64))
    kernels.use_vector_math(False)
    try:
        second, _ = native.take_log_softmax_rows(logits, labels, **bounds(50, np.float64))
    finally:
        kernels.use_vector_math(True)
    np.testing.assert_allclose(first, second, rtol=4e-16, atol=4e-16)


@pytest.fixture
def split_small_calls(monkeypatch):
    """Split every kernel call into parts of rows, however small (and restore the threads)."""
    monkeypatch.setattr(native, "PARALLEL_MIN_ELEMENTS", 1)
    yield
    thread_pool.set_num_threads(None)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("count", [1, 2, 3, 7])
def test_the_kernel_threads_give_the_same_results(rng, dtype, count, split_small_calls):
    # rows of every route: ordinary, shifted in the kernel, left to numpy (nan, +inf)
    logits = (rng.normal(size=(3001, 10)) * 3).astype(dtype)
    logits[::7] += 1000.0 if dtype == np.float64 else 100.0
    logits[5, 3], logits[11, 0] = np.nan, np.inf
    labels = rng.integers(0, 10, 3001)
    b = bounds(10, dtype)

    def run(threads):
        thread_pool.set_num_threads(threads)
        values, redo = native.take_log_softmax_rows(logits, labels, **b)
        lse, redo_lse = native.logsumexp_rows(logits, low=b["low"], high=b["high"])
        return values, redo, lse, redo_lse

    one, many = run(1), run(count)
    assert one[1].sum() == many[1].sum() == 2
    for first, second in zip(one, many, strict=True):
        assert np.array_equal(first, second, equal_nan=True)


def test_a_bad_label_is_reported_at_its_row_whatever_the_threads(split_small_calls):
    logits, labels = np.zeros((1000, 4)), np.zeros(1000, np.int64)
    labels[[700, 900]] = 4
    for count in (1, 2, 4):
        thread_pool.set_num_threads(count)
        with pytest.raises(IndexError, match="row 700"):
            native.take_log_softmax_rows(logits, labels, **bounds(4, np.float64))


def test_kernels_called_from_many_threads_at_once_give_the_same_results(rng):
    # large calls: each splits over the kernels' threads, or runs alone while they are busy
    logits = rng.normal(size=(40000, 10)).astype(np.float32)
    labels = rng.integers(0, 10, 40000)
    expected, _ = native.take_log_softmax_rows(logits, labels, **bounds(10, np.float32))
    results = [None] * 4

    def work(slot):
        for _ in range(5):
            results[slot] = native.take_log_softmax_rows(logits, labels, **bounds(10, np.float32))

    workers = [threading.Thread(target=work, args=(slot,)) for slot in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    for result in results:
        assert np.array_equal(result[0], expected)


def test_concurrent_calls_on_the_one_pool_agree(rng, split_small_calls):
    # 8 Python threads call the kernels, each call split into parts on symxent's one pool,
    # busy or idle and growing: every call must give the single-threaded values (none may hang)
    logits = rng.normal(size=(20000, 10)) * 3
    logits[::13] += 1000.0
    logits[7, 2] = np.nan
    labels = rng.integers(0, 10, 20000)
    b = bounds(10, np.float64)
    thread_pool.set_num_threads(1)
    expected = native.take_log_softmax_rows(logits, labels, **b)
    thread_pool.set_num_threads(5)
    failures = []

    def work(seed):
        for _ in range(40):
            out, redo = native.take_log_softmax_rows(logits, labels, **b)
            same = np.array_equal(out, expected[0], equal_nan=True)
            if not (same and np.array_equal(redo, expected[1])):
                failures.append(seed)

    workers = [threading.Thread(target=work, args=(seed,)) for seed in range(8)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert not any(worker.is_alive() for worker in workers)
    assert expected[1].sum() == 1 and failures == []


def test_a_forked_child_can_use_the_kernel_threads():
    code = """
import os, sys
import numpy as np
from symxent.numeric import native, threads

native.PARALLEL_MIN_ELEMENTS = 1
threads.set_num_threads(2)

def call():
    a, labels = np.zeros((4000, 10)), np.zeros(4000, np.int64)
    out, _ = native.take_log_softmax_rows(
        a, labels, low=1e-300, high=1e300, pick_low=1e-260, tiny=1e-300
    )
    return float(out[0])

call()  # the parent starts its worker threads
assert threads.pool_size() == 1
pid = os.fork()
if pid == 0:
    os._exit(0 if abs(call() + np.log(10)) < 1e-15 and threads.pool_size() == 1 else 1)
_, status = os.waitpid(pid, 0)
print(os.waitstatus_to_exitcode(status))
"""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "0"


@pytest.mark.parametrize("dtype", DTYPES)
def test_a_large_batch_is_one_kernel_call_with_a_fresh_result(rng, dtype, forced_kernels):
    # (3, 20000, 10): above the chunking threshold, read only by the kernels, so one call; the
    # result has the batch shape, is a fresh writeable array and equals the numpy route's values
    from symxent import Logits, LogSoftmax
    from symxent.numeric import to_numpy

    z = Logits("z", "n")
    f = to_numpy(-LogSoftmax(z, z.index("k")))
    logits = (rng.normal(size=(3, 20000, 10)) * 3).astype(dtype)
    labels = rng.integers(0, 10, (3, 20000))
    calls = []
    real = native.take_log_softmax_rows
    try:
        native.take_log_softmax_rows = lambda *a, **k: calls.append(a[0].shape) or real(*a, **k)
        got = f(logits, labels)
    finally:
        native.take_log_softmax_rows = real
    assert calls == [(60000, 10)]
    assert got.shape == (3, 20000) and got.dtype == dtype and got.flags.writeable
    assert not np.may_share_memory(got, logits)
    before = native.mode()
    native.use_native(False)
    try:
        expected = f(logits, labels)
    finally:
        native.use_native(before)
    eps = np.finfo(dtype).eps
    np.testing.assert_allclose(got, expected, rtol=4 * eps, atol=4 * eps)


def test_use_native_switches_the_runtime_route(rng, monkeypatch):
    logits = rng.normal(size=(64, 10))
    labels = rng.integers(0, 10, (64, 1))
    calls = []
    real = native.take_log_softmax_rows
    monkeypatch.setattr(
        native, "take_log_softmax_rows", lambda *a, **k: calls.append(1) or real(*a, **k)
    )
    before = native.mode()
    try:
        native.use_native(True)
        on = runtime.take_log_softmax(logits, labels, -1)
        native.use_native(False)
        off = runtime.take_log_softmax(logits, labels, -1)
    finally:
        native.use_native(before)
    assert calls == [1]
    np.testing.assert_allclose(on, off, rtol=4e-16, atol=4e-16)


def test_the_environment_variable_turns_the_kernels_off():
    code = "from symxent.numeric import native; print(native.available(), native.enabled())"
    env = {**os.environ, native.ENVIRONMENT_VARIABLE: "0"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert done.stdout.split() == ["True", "False"]


def test_turning_on_kernels_that_were_not_built_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(native, "_KERNELS", None)
    assert native.vector_math() == "none"
    with pytest.raises(NumericError, match="not built"):
        native.use_native(True)


@pytest.mark.parametrize("dtype", DTYPES)
def test_negate_writes_exactly_the_negated_values(dtype):
    # the same rows as above: unshifted, shifted in the kernel, and marked (nan / inf max)
    big = 1000.0 if dtype == np.float64 else 100.0
    logits = np.zeros((6, 4), dtype=dtype)
    logits[0] = [0.5, -1.0, 2.0, 0.0]
    logits[1, 2] = big
    logits[2, :] = -big
    logits[3, 0] = np.nan
    logits[4, 1] = np.inf
    labels = np.array([2, 0, 1, 0, 0, 3])
    plain, redo = native.take_log_softmax_rows(logits, labels, **bounds(4, dtype))
    negated, redo_negated = native.take_log_softmax_rows(
        logits, labels, **bounds(4, dtype), negate=True
    )
    assert redo is not None and redo_negated is not None
    assert redo.tolist() == redo_negated.tolist() == [False, False, False, True, True, False]
    kept = ~redo
    assert negated[kept].tobytes() == (-plain[kept]).tobytes()  # bitwise, signs of zeros too
    # row 0 by hand: -(2 - log(e^0.5 + e^-1 + e^2 + 1))
    expected = np.log(np.exp(0.5) + np.exp(-1.0) + np.exp(2.0) + 1.0) - 2.0
    assert abs(negated[0] - expected) <= 2 * np.finfo(dtype).eps * expected


@pytest.mark.parametrize("shape", [(4, 1), (1, 1)])
def test_the_runtime_negated_take_matches_minus_the_take_on_every_path(shape):
    # rows the kernel marks (nan, +inf) come back negated from the shifted path, and a chunk
    # that is not C-contiguous takes the shifted numpy path
    logits = np.array([[0.0, 1000.0, 2.0], [1.0, 2.0, 3.0], [np.inf, 0.0, 1.0], [-1.0, 0.0, 9.0]])
    labels = np.array([[0], [1], [1], [2]])
    for route in (True, False):
        before = native.mode()
        native.use_native(route)
        try:
            got = runtime.neg_take_log_softmax(logits, labels, -1)
            expected = -runtime.take_log_softmax(logits, labels, -1)
            strided = runtime.neg_take_log_softmax(np.asfortranarray(logits), labels, -1)
        finally:
            native.use_native(before)
        np.testing.assert_array_equal(got, expected)
        # the shifted path: (a_k - m) - log S, an absolute error of a few eps near 0
        np.testing.assert_allclose(strided, expected, rtol=1e-15, atol=4e-16)
        assert got[0, 0] == 1000.0 and got[2, 0] == np.inf
    columns = np.zeros(shape)  # one class a row: log-softmax 0 everywhere, negated -0.0 or 0.0
    assert (runtime.neg_take_log_softmax(columns, np.zeros((shape[0], 1), int), -1) == 0).all()


def test_the_printer_folds_the_sign_into_the_kernel_helper():
    import sympy as sp

    from symxent.numeric.nodes import TakeLogSoftmax
    from symxent.numeric.printer import SymxentNumPyPrinter

    z, k, w = sp.symbols("z k w")
    printer = SymxentNumPyPrinter()
    assert printer.doprint(-TakeLogSoftmax(z, k)) == "_sx_neg_take_log_softmax(z, k, -1)"
    assert printer.doprint(-w * TakeLogSoftmax(z, k)) == "w*_sx_neg_take_log_softmax(z, k, -1)"
    # other products print as NumPyPrinter prints them
    assert "neg" not in printer.doprint(2 * TakeLogSoftmax(z, k))
    assert "neg" not in printer.doprint(-TakeLogSoftmax(z, k) * TakeLogSoftmax(w, k))
    assert printer.doprint(-w * k) == "-k*w"


@pytest.mark.parametrize("dtype", [np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint64])
def test_the_one_pass_index_check_finds_every_bad_label(dtype):
    from symxent.numeric.backend import get_backend

    backend = get_backend("numpy")
    good = np.array([0, 1, 2], dtype=dtype)
    assert backend.index_bounds_outside(good, 3) is None
    assert backend.index_bounds_outside(good, None) is None
    assert backend.index_bounds_outside(np.array([], dtype=dtype), 3) is None
    too_big = np.array([0, 3, 1], dtype=dtype)
    assert backend.index_bounds_outside(too_big, 3) == (0, 3)
    if np.dtype(dtype).kind == "i":
        lowest = int(np.iinfo(dtype).min)
        negative = np.array([[2, lowest], [0, -1]], dtype=dtype)[:, ::-1]  # strided too
        assert backend.index_bounds_outside(negative, 3) == (lowest, 2)
        assert backend.index_bounds_outside(negative, None) == (lowest, 2)


def _ce(weights=False):
    from symxent import Logits, LogSoftmax, RealVector
    from symxent.numeric import to_numpy

    z = Logits("z", "n")
    k = z.index("k")
    expr = -LogSoftmax(z, k)
    if weights:
        expr = RealVector("w", "n")[k] * expr
    return to_numpy(expr)


@pytest.mark.parametrize("dtype", DTYPES)
def test_the_fast_call_and_the_general_call_agree(rng, dtype, forced_kernels):
    # plain arrays take the fast call; lists, mixed dtypes and broadcasting the general one
    f = _ce()
    assert f._fast is not None
    logits = (rng.normal(size=(2, 5, 4)) * 3).astype(dtype)
    labels = rng.integers(0, 4, (2, 5))
    fast = f(logits, labels)
    general = f(logits.tolist(), labels.tolist())
    assert fast.shape == (2, 5) and fast.dtype == dtype and general.dtype == np.float64
    eps = np.finfo(dtype).eps
    np.testing.assert_allclose(fast, general, rtol=4 * eps, atol=4 * eps)
    # by hand, one row: log(sum e^z) - z_k
    row, label = logits[1, 3].astype(np.float64), labels[1, 3]
    expected = np.log(np.exp(row).sum()) - row[label]
    assert abs(fast[1, 3] - expected) <= 4 * eps * (1 + abs(expected))
    out = np.empty((2, 5), dtype=dtype)
    assert f(logits, labels, out=out) is out and (out == fast).all()
    assert f(logits[0, 0], labels[0, 0]).shape == ()  # batch rank 0
    assert f(logits[:, :0], labels[:, :0]).shape == (2, 0)  # an empty batch
    sliced = f(logits[:, ::2], labels[:, ::2])  # not contiguous: copied rows
    np.testing.assert_array_equal(sliced, fast[:, ::2])
    broadcast = f(logits[:1], labels)  # batch (1, 5) against (2, 5): the general path
    np.testing.assert_array_equal(broadcast[0], fast[0])
    np.testing.assert_array_equal(broadcast[1], f(logits[0], labels[1]))
    wf = _ce(weights=True)
    weights = np.array([1.0, 2.0, 0.5, 3.0])  # float64 weights with float32 logits: general
    got = wf(weights, logits, labels)
    assert got.dtype == np.float64
    np.testing.assert_allclose(got, weights[labels] * fast, rtol=8 * eps)


@pytest.mark.parametrize("labels", [[0, 4], [-1, 2], [0, 2**40]])
def test_the_fast_call_reports_bad_labels_as_the_general_call(labels):
    f = _ce()
    logits = np.zeros((2, 4))
    with pytest.raises(NumericError, match=r"class index k must be in 0\.\.3 \(0-based\)"):
        f(logits, np.array(labels))
    with pytest.raises(NumericError, match=r"class index k must be in 0\.\.3 \(0-based\)"):
        f(logits, labels)
    with pytest.raises(NumericError, match="class index k must be an integer"):
        f(logits, np.array([0.0, 1.0]))


def test_every_runtime_route_checks_its_labels():
    # the kernels check labels as they read them; the numpy routes check them before
    logits = np.zeros((3, 4))
    for labels in ([[0], [4], [1]], [[0], [-1], [1]]):
        index = np.array(labels)
        for native_on in (True, False):
            before = native.mode()
            native.use_native(native_on)
            try:
                for helper in (runtime.take_log_softmax, runtime.neg_take_log_softmax):
                    with pytest.raises(IndexError):
                        helper(logits, index, -1)
                    with pytest.raises(IndexError):  # not C-contiguous: the shifted path
                        helper(np.asfortranarray(np.zeros((3, 4)) + np.arange(4)), index, -1)
            finally:
                native.use_native(before)


def test_the_fast_call_leaves_the_label_check_to_the_kernel(rng, monkeypatch, forced_kernels):
    from symxent.numeric.backend import NumpyBackend

    f = _ce()
    assert f._fast is not None and f._fast.labels == {"k"}
    checks = []
    real = NumpyBackend.index_bounds_outside
    monkeypatch.setattr(
        NumpyBackend,
        "index_bounds_outside",
        lambda self, array, limit: checks.append(limit) or real(self, array, limit),
    )
    logits = rng.normal(size=(300_000, 4))  # large: the kernel runs on its threads
    labels = rng.integers(0, 4, 300_000)
    f(logits, labels)
    assert checks == []  # no pass over the labels before the call
    labels[123_456] = -3
    with pytest.raises(NumericError, match=r"got values from -3 to 3"):
        f(logits, labels)
    assert checks == [4]  # the general path's check, for the message


def test_labels_into_zero_classes_get_their_own_message():
    f = _ce()
    with pytest.raises(NumericError, match="no class to point at"):
        f(np.zeros((3, 0)), np.zeros(3, int))


@pytest.fixture
def forced_kernels():
    """The kernels everywhere (mode "on"), whatever the measurement chose on this machine."""
    before = native.mode()
    native.use_native(True)
    yield
    native.use_native(before)


def test_the_runtime_exp_and_log_of_float64_arrays_use_the_kernels(rng, forced_kernels):
    # C-contiguous float64 arrays of 512 elements or more: the vector exp / log, within 1 ulp
    x = np.concatenate([rng.normal(size=2000) * 30, [0.0, -0.0, 710.0, -746.0, np.inf, -np.inf]])
    got = dispatch.exp_into(x)
    assert got is not None and got.shape == x.shape
    with mpmath.workprec(120):
        exact = np.array([float(mpmath.exp(mpmath.mpf(float(v)))) for v in x[np.isfinite(x)]])
    finite = got[np.isfinite(x)]
    normal = np.isfinite(exact) & (exact >= np.finfo(float).smallest_normal)
    assert (np.abs(finite[normal] - exact[normal]) <= np.spacing(exact[normal])).all()
    assert (finite[np.isinf(exact)] == np.inf).all()
    assert got[-2:].tolist() == [np.inf, 0.0] and got[-4] == np.inf
    # log: every IEEE special value gets the C library's (numpy's) answer, in place too
    special = np.array([0.0, -0.0, -1.0, np.inf, -np.inf, np.nan, 5e-324, 1e-310, 1.0, 2.0])
    y = np.concatenate([np.exp(rng.uniform(-700, 700, 1000)), np.tile(special, 60)])
    with np.errstate(all="ignore"):
        expected = np.log(y)
    logged = dispatch.log_into(y)
    assert logged is not None
    same = np.isclose(logged, expected, rtol=2.5e-16, atol=0) | (
        np.isnan(logged) & np.isnan(expected)
    )
    assert same.all()
    in_place = y.copy()
    assert dispatch.log_into(in_place, in_place) is in_place
    np.testing.assert_array_equal(in_place, logged)
    # float32 in, float32 out, within 1 float32 ulp
    x32 = x[:2000].astype(np.float32)
    got32 = dispatch.exp_into(x32)
    assert got32 is not None and got32.dtype == np.float32
    with mpmath.workprec(60):
        exact32 = np.array([float(mpmath.exp(mpmath.mpf(float(v)))) for v in x32])
    keep = (exact32 >= np.finfo(np.float32).smallest_normal) & (exact32 < 3e38)
    rounded = exact32[keep].astype(np.float32)
    assert (np.abs(got32[keep] - rounded) <= np.spacing(rounded)).all()
    # not applicable: float32 log, strided, small, a wrong out
    assert dispatch.log_into(np.abs(x32)) is None
    assert dispatch.exp_into(x[::2].copy()[:511]) is None
    assert dispatch.exp_into(np.zeros((1000, 2))[:, 0]) is None
    assert dispatch.exp_into(x, np.empty(x.size, np.float32)) is None
    assert dispatch.exp_into(x32, np.empty(x32.size)) is None


def test_the_runtime_exp_and_log_follow_the_switch(rng):
    x = rng.normal(size=4096)
    before = native.mode()
    native.use_native(False)
    try:
        assert dispatch.exp_into(x) is None and dispatch.log_into(np.abs(x)) is None
        off = runtime.softmax(x.reshape(512, 8), -1)
    finally:
        native.use_native(before)
    on = runtime.softmax(x.reshape(512, 8), -1)
    np.testing.assert_allclose(on, off, rtol=4e-16, atol=4e-17)
    entropy_on = runtime.xlogy(np.abs(x), np.abs(x))
    expected = np.abs(x) * np.log(np.abs(x))
    np.testing.assert_allclose(entropy_on, expected, rtol=4e-16, atol=1e-300)


def test_auto_dispatch_measures_once_and_keeps_the_faster_route():
    # mode "auto": each kernel only where a one-time measurement found it faster than numpy's
    # route (on AVX-512 CPUs numpy's float64 exp beats the kernels' AVX2 code); the values agree
    # with the forced routes either way
    rng = np.random.default_rng(3)
    batches = [
        ((rng.normal(size=(5000, 10)) * 3).astype(dtype), rng.integers(0, 10, 5000))
        for dtype in DTYPES
    ]
    before = native.mode()
    try:
        results = {}
        for route in ("on", "off", "auto"):
            native.use_native(route)
            results[route] = [
                losses.cross_entropy_with_logits(z, labels, reduction="none")
                for z, labels in batches
            ]
        for on, off, auto in zip(*results.values(), strict=True):
            eps = float(np.finfo(on.dtype).eps)
            np.testing.assert_allclose(auto, on, rtol=4 * eps, atol=4 * eps)
            np.testing.assert_allclose(auto, off, rtol=4 * eps, atol=4 * eps)
        chosen = dispatch.choices()
        assert any(key.startswith("rows float32") for key in chosen)
        assert all(value.split()[0] in ("kernel", "numpy") for value in chosen.values())
        native.use_native("on")
        assert dispatch.rows_kernel(np.float64, 10)
        native.use_native("off")
        assert not dispatch.rows_kernel(np.float64, 10)
        with pytest.raises(NumericError, match="auto"):
            native.use_native("sometimes")
    finally:
        native.use_native(before)
