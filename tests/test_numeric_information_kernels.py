"""The fused information kernel: entropy, cross-entropy and KL of probability rows, checked.

Expected values come from mpmath at 80 digits on the exact values of the float entries (and
from scipy in float64 for the large rows). Every test runs on each of the kernels' vector-math
modes (``vector_math`` fixture). The error cases are compared with the compiled expression's
route (the kernels turned off), which must raise the same message.
"""

from __future__ import annotations

import os
import subprocess
import sys

import mpmath
import numpy as np
import pytest
from scipy import special

from symxent.errors import NumericError
from symxent.numeric import information, losses, native, validate
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

DTYPES = [np.float64, np.float32]
CLASSES = [1, 2, 3, 7, 8, 9, 15, 16, 17, 1000]
FUNCTIONS = {
    "entropy": lambda p, q, **kw: losses.entropy(p, **kw),
    "cross_entropy": losses.cross_entropy,
    "kl": losses.kl_divergence,
}
mpmath.mp.dps = 80


def reference(kind: str, p: np.ndarray, q: np.ndarray, base: float) -> tuple[float, float]:
    """The quantity of one row at 80 digits, and the sum of its terms' magnitudes."""
    total = magnitude = mpmath.mpf(0)
    for a, b in zip(p.astype(np.float64).tolist(), q.astype(np.float64).tolist(), strict=True):
        if a <= 0:
            continue
        a_, b_ = mpmath.mpf(a), mpmath.mpf(b)
        if kind != "entropy" and b == 0:
            return float("inf"), float("inf")
        x = a_ if kind == "entropy" else b_ if kind == "cross_entropy" else a_ / b_
        term = a_ * mpmath.log(x)
        total += term
        magnitude += abs(term)
    value = total if kind == "kl" else -total
    return float(value / mpmath.log(base)), float(magnitude / abs(mpmath.log(base)))


def rows_of(rng: np.random.Generator, classes: int, dtype: type) -> tuple[np.ndarray, np.ndarray]:
    """Random rows with zeros in p (and in q where p is 0), tiny and subnormal entries."""
    count = 12 if classes < 100 else 8
    p = rng.dirichlet(np.full(classes, 0.5), size=count)
    q = rng.dirichlet(np.full(classes, 0.5), size=count)
    if classes > 1:
        p[1, 0] = 0.0  # 0 log 0
        q[1, 0] = 0.0  # and 0 log(0 / 0)
        p[2, -1] = 0.0
        p[3, :] = 0.0
        p[3, classes // 2] = 1.0  # one-hot
        p[4, 0] = 1e-30  # tiny
        q[5, -1] = 1e-300 if dtype == np.float64 else 1e-40  # subnormal in float32
        p[6, -1] = 5e-324 if dtype == np.float64 else 1e-44  # subnormal
    p /= p.sum(axis=1, keepdims=True)
    q /= q.sum(axis=1, keepdims=True)
    return p.astype(dtype), q.astype(dtype)


@pytest.fixture
def kernel_on():
    """The kernels used wherever they apply (no one-time measurement)."""
    before = native.mode()
    native.use_native(True)
    yield
    native.use_native(before)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("base", [np.e, 2, 10])
def test_rows_match_mpmath(vector_math, kernel_on, dtype, base):
    rng = np.random.default_rng([len(vector_math), int(base), np.dtype(dtype).itemsize])
    eps = float(np.finfo(dtype).eps)
    for classes in CLASSES:
        p, q = rows_of(rng, classes, dtype)
        for kind, function in FUNCTIONS.items():
            values = {"p": p} if kind == "entropy" else {"p": p, "q": q}
            direct = information.rows(kind, base, values, {}, force=True)
            assert direct is not None and direct.dtype == dtype
            got = function(p, q, base=None if base == np.e else base)
            assert got.dtype == dtype
            np.testing.assert_array_equal(got, direct)  # the public call took the kernel
            for row in range(len(p)):
                expected, magnitude = reference(kind, p[row], q[row], base)
                if np.isinf(expected):
                    assert got[row] == expected
                    continue
                # float64 rows: float64 logs, a few ulp per term (KL: the rounding of p/q adds
                # ε Σ p = ε); float32 rows: float32 logs (within 1 ulp) and products, 2 ε per
                # term; then the one rounding to the dtype
                per_term = 4 * 2.0**-52 * (1 + classes / 8) if dtype == np.float64 else 2 * eps
                tolerance = per_term * magnitude + eps / 2 * abs(expected)
                tolerance += float(np.finfo(dtype).smallest_subnormal)  # a subnormal result
                if kind == "kl" and dtype == np.float64:
                    tolerance += 2.0**-52 / abs(np.log(base))
                error = abs(float(got[row]) - expected)
                assert error <= tolerance, (kind, classes, row, got[row], expected)


@pytest.mark.parametrize("dtype", DTYPES)
def test_infinities_and_zeros(vector_math, kernel_on, dtype):
    p = np.array([[0.5, 0.5, 0.0], [0.0, 1.0, 0.0], [1.0, 0.0, 0.0]], dtype=dtype)
    q = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]], dtype=dtype)
    assert losses.cross_entropy(p, q).tolist() == [np.inf, 0.0, np.inf]
    assert losses.kl_divergence(p, q).tolist() == [np.inf, 0.0, np.inf]
    assert losses.kl_divergence(q, q).tolist() == [0.0, 0.0, 0.0]
    entropy = losses.entropy(p)
    assert entropy[1:].tolist() == [0.0, 0.0]
    assert entropy[0] == pytest.approx(np.log(2), rel=float(np.finfo(dtype).eps))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("classes", [3, 10, 1000])
def test_large_batches_against_scipy(vector_math, kernel_on, dtype, classes):
    rng = np.random.default_rng(classes)
    p = rng.dirichlet(np.ones(classes), size=3000).astype(dtype)
    q = rng.dirichlet(np.ones(classes), size=3000).astype(dtype)
    p64, q64 = p.astype(np.float64), q.astype(np.float64)
    # scipy in float64 (a pairwise sum of correctly rounded terms) with a hand tolerance
    terms = {
        "entropy": special.entr(p64),
        "cross_entropy": -special.xlogy(p64, q64),
        "kl": special.rel_entr(p64, q64),
    }
    eps = np.finfo(dtype).eps
    for kind, function in FUNCTIONS.items():
        expected = terms[kind].sum(axis=1)
        magnitude = np.abs(terms[kind]).sum(axis=1)
        # the dtype's rounding of the result, 64 float64 ε of the terms (both sums' errors)
        # or 2 float32 ε (float32 logs), and KL's rounding of p/q (ε Σ p)
        per_term = 64 * 2.0**-52 if dtype == np.float64 else 2 * eps
        tolerance = eps * np.abs(expected) + per_term * magnitude + 2 * 2.0**-52
        assert np.all(np.abs(function(p, q) - expected) <= tolerance), kind


BAD_ROWS = {  # p, q (None: good rows), the start of the message expected
    "negative p": (np.array([[0.5, 0.5], [-0.5, 1.5]]), None, "p must be probabilities"),
    "nan p": (np.array([[0.5, 0.5], [np.nan, 1.0]]), None, "p must be probabilities"),
    "p sums to 1.25": (np.array([[0.5, 0.5], [0.5, 0.75]]), None, "p must be probability v"),
    "a tie: the first row": (np.array([[0.25, 0.5], [0.5, 0.75]]), None, "p must be probability v"),
    "inf p": (np.array([[0.5, 0.5], [np.inf, 0.0]]), None, "p must be probability v"),
    "negative q": (None, np.array([[0.5, 0.5], [1.5, -0.5]]), "q must be probabilities"),
    "nan q": (None, np.array([[np.nan, 0.5], [0.5, 0.5]]), "q must be probabilities"),
    "q sums to 2": (None, np.array([[1.0, 1.0], [0.5, 0.5]]), "q must be probability v"),
    "both bad": (
        np.array([[0.5, 0.75], [0.5, 0.5]]),
        np.array([[0.5, -0.5], [0.5, 0.5]]),
        "p must be probability v",
    ),
}


@pytest.mark.parametrize("bad", list(BAD_ROWS))
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("kind", list(FUNCTIONS))
def test_bad_rows_raise_the_message_of_the_compiled_route(vector_math, kind, dtype, bad):
    good = np.array([[0.5, 0.5], [0.25, 0.75]])
    p, q, start = BAD_ROWS[bad]
    if kind == "entropy" and p is None:
        return
    p = (good if p is None else p).astype(dtype)
    q = (good if q is None else q).astype(dtype)
    messages = []
    for flag in (True, False):  # the kernel, then the compiled expression's route
        before = native.mode()
        native.use_native(flag)
        try:
            with pytest.raises(NumericError) as caught:
                FUNCTIONS[kind](p, q)
        finally:
            native.use_native(before)
        messages.append(str(caught.value))
    assert messages[0] == messages[1]
    assert messages[0].startswith(start)


def test_the_kernel_route_is_taken_only_where_it_applies(kernel_on):
    p = np.full((4, 5), 0.2)
    assert information.rows("entropy", np.e, {"p": p}, {}) is not None
    assert information.rows("entropy", np.e, {"p": p.T.copy().T}, {}) is None  # not C order
    assert information.rows("kl", np.e, {"p": p, "q": p[0]}, {}) is None  # broadcasting
    assert information.rows("kl", np.e, {"p": p, "q": p.astype(np.float32)}, {}) is None
    native.use_native(False)
    assert information.rows("entropy", np.e, {"p": p}, {}) is None


@pytest.mark.parametrize("dtype", DTYPES)
def test_axis_normalize_and_out(vector_math, kernel_on, dtype):
    rng = np.random.default_rng(3)
    p = rng.dirichlet(np.ones(6), size=(4, 5)).astype(dtype)
    q = rng.dirichlet(np.ones(6), size=(4, 5)).astype(dtype)
    expected = special.rel_entr(p.astype(float), q.astype(float)).sum(-1)
    tolerance = 4 * np.finfo(dtype).eps
    assert np.allclose(losses.kl_divergence(p, q), expected, rtol=tolerance, atol=0)
    moved = np.moveaxis(p, -1, 0), np.moveaxis(q, -1, 0)  # axis=0: the compiled route
    assert np.allclose(losses.kl_divergence(*moved, axis=0), expected, rtol=tolerance, atol=0)
    out = np.empty((4, 5), dtype=dtype)
    assert losses.kl_divergence(p, q, out=out) is out
    assert np.allclose(out, expected, rtol=tolerance, atol=0)
    with pytest.raises(NumericError, match="out must be an array of shape"):
        losses.kl_divergence(p, q, out=np.empty(3))
    scaled = p * 3
    got = losses.entropy(scaled, normalize=True)
    assert np.allclose(got, special.entr(p.astype(float)).sum(-1), rtol=tolerance, atol=0)
    assert np.ndim(losses.entropy(p[0, 0])) == 0  # one vector: a 0-d result


@pytest.mark.parametrize("dtype", DTYPES)
def test_the_same_bits_for_any_number_of_threads(dtype):
    rng = np.random.default_rng(5)
    rows = information.SPLIT_MIN_ELEMENTS // 10 + 40_000  # split
    p = rng.dirichlet(np.ones(10), size=rows).astype(dtype)
    q = rng.dirichlet(np.ones(10), size=rows).astype(dtype)
    bad = p.copy()
    bad[rows * 3 // 4, 3] += 0.5  # the worst row, in the second half
    bad[rows * 5 // 6, 3] += 0.25
    before = native.mode()
    native.use_native(True)
    results = []
    try:
        for count in (1, 2, 3):
            thread_pool.set_num_threads(count)
            values = [function(p, q) for function in FUNCTIONS.values()]
            with pytest.raises(NumericError) as caught:
                losses.cross_entropy(bad, q)
            results.append((values, str(caught.value)))
    finally:
        thread_pool.set_num_threads(None)
        native.use_native(before)
    for values, message in results[1:]:
        for got, first in zip(values, results[0][0], strict=True):
            np.testing.assert_array_equal(got, first)
        assert message == results[0][1]
    assert "sums to 1.5" in results[0][1]


def test_probability_rows_record_keeps_the_worst_row():
    rows = validate.ProbabilityRows()
    rows.record(False, 0.25, 1.25)
    rows.record(False, 0.25, 0.75)  # same deviation: the larger sum is kept
    rows.record(False, 0.125, 0.875)
    with pytest.raises(NumericError, match=r"a row sums to 1\.25 "):
        rows.raise_if_not(np.ones((1, 2)), "p")


def test_float32_logs_within_one_ulp_of_mpmath(vector_math, kernel_on):
    """Rows of one class, p = 1: the cross-entropy is -log q, as the kernel computes it."""
    rng = np.random.default_rng(8)
    x = np.concatenate(
        [
            rng.random(3000),
            2.0 ** rng.uniform(-149, 127, 3000),  # subnormal to huge
            1 + rng.uniform(-0.3, 0.42, 3000),  # around 1 and sqrt(2), sqrt(1/2)
            [1.41421356, 0.70710677, 1 - 6e-8, 1 + 1.2e-7, 2.0, 0.5, 1e-45, 3.4e38],
        ]
    ).astype(np.float32)
    x = x[x > 0]
    got = -information.rows("cross_entropy", np.e, {"p": np.ones((x.size, 1), np.float32), "q": x[:, None]}, {}, force=True)  # fmt: skip
    worst = 0.0
    for value, result in zip(x.tolist(), got.tolist(), strict=True):
        exact = mpmath.log(mpmath.mpf(value))
        ulp = float(np.spacing(np.float32(abs(float(exact))))) if exact else 1e-45
        worst = max(worst, float(abs(mpmath.mpf(result) - exact)) / ulp)
    assert worst <= 1.0


@pytest.mark.parametrize("dtype", DTYPES)
def test_kl_of_nearby_rows_keeps_its_relative_accuracy(vector_math, kernel_on, dtype):
    """p/q rounds to within ε of 1: the kernel corrects the quotient's rounding (float32)."""
    rng = np.random.default_rng(9)
    p = rng.dirichlet(np.ones(20), size=50)
    q = p * (1 + 1e-3 * rng.standard_normal(p.shape))
    q /= q.sum(axis=1, keepdims=True)
    p, q = p.astype(dtype), q.astype(dtype)
    got = losses.kl_divergence(p, q)
    for row in range(len(p)):
        expected, magnitude = reference("kl", p[row], q[row], np.e)
        # KL ~ 1e-7 here, the terms ~ 1e-4: an absolute ε would be a relative error of 1e-1
        assert abs(float(got[row]) - expected) <= 4 * float(np.finfo(dtype).eps) * magnitude


def test_the_first_calls_measure_once_in_a_fresh_process():
    """Mode auto: the first call times the kernel against the compiled route, whose xlogy meets
    the first measurement of the kernels' log inside it (that must not deadlock)."""
    code = (
        "import numpy as np\n"
        "from symxent.numeric import dispatch, losses, native\n"
        "native.use_native('auto')\n"
        "p = np.full((1000, 10), 0.1, dtype=np.float64)\n"
        "assert float(losses.entropy(p)[0]) == float(losses.cross_entropy(p, p)[0])\n"
        "print(sorted(dispatch.choices()))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True
    )
    assert "entropy float64 C<=64" in done.stdout
