"""Issue 12, per-call cost of small inputs: the short paths give what the general path gives.

``fastcall.call_small`` evaluates a plain small call (numpy arrays of one float dtype, one batch
shape) with the same generated code as the general path: the values must be the same to the
last bit, and every call it does not take (lists, broadcasting, bad indices, large batches)
must reach the general path, whose errors the other numeric tests pin. The probability check's
cheap first try (``validate._clearly_sum_to_one``) may only accept what the exact check accepts.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from symxent import Distribution, Entropy, Logits, Softmax
from symxent.errors import NumericError
from symxent.numeric import dispatch, fastcall, information, losses, native, to_numpy, validate
from symxent.numeric.loss_expressions import compiled

pytestmark = pytest.mark.usefixtures("numeric_route")

SHAPES = [(10,), (1000,), (100, 10), (10, 1000), (3, 4, 5)]
DTYPES = [np.float64, np.float32]


def _general(function, *args):
    """The general path's value: the same function with its short path switched off."""
    small, function._small = function._small, None
    try:
        return function(*args)
    finally:
        function._small = small


def _arrays(shape, dtype, seed=0):
    rng = np.random.default_rng(seed)
    p = rng.random(shape) + 0.01
    p /= p.sum(axis=-1, keepdims=True)
    q = rng.random(shape) + 0.01
    q /= q.sum(axis=-1, keepdims=True)
    z = rng.standard_normal(shape) * 30
    z.flat[0] = 800.0  # a row needing the shift, and nonfinite values in some rows
    z.flat[-1] = -np.inf
    s = rng.uniform(0.0, 1.0, shape)
    s.flat[0] = 0.0
    return {n: a.astype(dtype) for n, a in {"p": p, "q": q, "z": z, "s": s}.items()}


def _same_bits(a, b):
    a, b = np.asarray(a), np.asarray(b)
    assert a.dtype == b.dtype and a.shape == b.shape
    assert np.array_equal(a, b, equal_nan=True)
    assert np.array_equal(np.signbit(a), np.signbit(b))


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("dtype", DTYPES)
def test_short_path_gives_the_general_paths_bits(shape, dtype):
    a = _arrays(shape, dtype)
    calls = [
        (("entropy", 2), (a["p"],)),
        (("cross_entropy", sp.E), (a["p"], a["q"])),
        (("kl", sp.E), (a["p"], a["q"])),
        (("softmax",), (a["z"],)),
        (("log_softmax",), (a["z"],)),
        (("logsumexp",), (a["z"],)),
        (("sigmoid",), (a["z"],)),
        (("bce", sp.E), (a["s"], a["q"])),
        (("bce_logits", sp.E), (a["s"], a["z"])),
        (("bce_logits_grad",), (a["s"], a["z"])),
        (("nll", sp.E), (a["q"],)),
    ]
    for key, args in calls:
        function = compiled(key)
        assert function._small is not None, key
        if function._fast is not None and native.enabled():
            continue  # one kernel call: fastcall.call_fast, tested in test_numeric_native.py
        plain = fastcall._plain_arrays(function._small, dict(zip(function.args, args, strict=True)))
        assert plain is not None, key  # the short path is really taken
        _same_bits(function(*args), _general(function, *args))


_INFORMATION = [("entropy", ("p",)), ("cross_entropy", ("p", "q")), ("kl_divergence", ("p", "q"))]


def _without_plain(monkeypatch, call):
    """``call()`` with the information short path (``information.plain``) switched off."""
    monkeypatch.setattr(information, "plain", lambda *_: None)
    try:
        return call()
    finally:
        monkeypatch.undo()


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("dtype", DTYPES)
def test_information_short_path_gives_the_general_paths_bits(shape, dtype, monkeypatch):
    a = _arrays(shape, dtype)
    for name, names in _INFORMATION:
        for base in (None, 2):
            args = [a[n] for n in names]
            value = getattr(losses, name)(*args, base=base)
            if native.enabled():  # the short path is really taken
                kind = {"kl_divergence": "kl"}.get(name, name)
                log = np.log(2.0) if base else 1.0
                assert information.plain(kind, log, tuple(args)) is not None, name
            general = _without_plain(monkeypatch, lambda: getattr(losses, name)(*args, base=base))  # noqa: B023
            _same_bits(value, general)


@pytest.mark.parametrize("dtype", DTYPES)
def test_information_short_path_leaves_bad_rows_to_the_general_path(dtype, monkeypatch):
    tolerance = validate.sum_tolerance(3, dtype)
    good = np.array([[0.25, 0.25, 0.5], [0.5, 0.5, 0.0]], dtype=dtype)
    bad = [
        np.array([[0.25, 0.25, 0.5], [0.5, 0.5, 3 * tolerance]], dtype=dtype),  # sums to 1 + 3 tol
        np.array([[0.25, 0.25, 0.5], [0.5, 0.5 + 1e-30, -1e-30]], dtype=dtype),  # below 0
        np.array([[0.25, 0.25, 0.5], [0.5, np.nan, 0.5]], dtype=dtype),
        np.array([[0.25, 0.25, 0.5], [0.0, 0.0, 0.0]], dtype=dtype),
    ]
    for rows in bad:
        for name, names in _INFORMATION:
            pairs = [[rows, rows], [good, rows], [rows, good]] if len(names) == 2 else [[rows]]
            for args in pairs:

                def message(args=args, name=name):
                    with pytest.raises(NumericError) as error:
                        getattr(losses, name)(*args)
                    return str(error.value)

                assert message() == _without_plain(monkeypatch, message)
    with pytest.raises(NumericError, match="needs a class axis"):  # before the bad base
        losses.entropy(np.array(1.0, dtype=dtype), base=1)
    lists = good.tolist()  # converted, then the short path: the arrays' bits
    _same_bits(
        losses.kl_divergence(lists, lists[::-1]),
        losses.kl_divergence(good.astype(np.float64), good[::-1].astype(np.float64)),
    )
    near = np.array([[0.25, 0.25, 0.5 + tolerance / 2]], dtype=dtype)  # within the tolerance
    value = losses.entropy(near)
    _same_bits(value, _without_plain(monkeypatch, lambda: losses.entropy(near)))


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("dtype", DTYPES)
def test_one_array_short_call_gives_the_calls_bits(shape, dtype):
    a = _arrays(shape, dtype)
    p = a["q"].copy()
    p.flat[0] = np.finfo(dtype).smallest_normal  # the smallest without errstate
    for key, name, array in [
        (("softmax",), "softmax", a["z"]),
        (("log_softmax",), "log_softmax", a["z"]),
        (("nll", sp.E), "nll", p),
        (("nll", 2), "nll", p),
    ]:
        function = compiled(key)
        assert function.short_call(array) is not None, key  # taken
        with np.errstate(all="raise"):  # the quiet short call raises no flag
            value = getattr(losses, name)(array, *key[1:])
        _same_bits(value, _general(function, array))
        if name == "nll":
            _same_bits(losses.nll(array, key[1], reduction="mean"), value / shape[-1])
    with np.errstate(all="raise"):  # a 0 probability: the general path, quietly
        assert losses.nll(np.array([0.5, 0.0], dtype=dtype)) == np.inf
        subnormal = np.array([0.5, np.finfo(dtype).smallest_subnormal], dtype=dtype)
        assert np.isfinite(losses.nll(subnormal))  # with errstate, as before
    assert compiled(("logsumexp",)).short_call(a["z"]) is None  # not a one-array function
    for base in (1, 1, [2]):  # bad bases get the general path's message (errors are not cached)
        with pytest.raises(Exception, match="log base"):
            losses.nll(p, base)
    np.testing.assert_allclose(losses.nll(p, base=2.0), losses.nll(p, 2), rtol=1e-6)
    assert compiled(("softmax",)).short_call(a["z"].tolist()) is None
    assert compiled(("softmax",)).short_call(a["z"].astype(">f8")) is None


def test_short_path_values_against_hand_numpy():
    # independent references: hand-written numpy in float64
    p = np.array([[0.2, 0.3, 0.5], [1.0, 0.0, 0.0]])
    q = np.array([[0.25, 0.25, 0.5], [0.5, 0.25, 0.25]])
    with np.errstate(divide="ignore", invalid="ignore"):
        entropy = -np.where(p > 0, p * np.log(p), 0.0).sum(axis=-1)
        kl = np.where(p > 0, p * np.log(p / q), 0.0).sum(axis=-1)
    np.testing.assert_allclose(losses.entropy(p), entropy, rtol=1e-15)
    np.testing.assert_allclose(losses.kl_divergence(p, q), kl, rtol=1e-15, atol=1e-17)
    np.testing.assert_allclose(
        losses.cross_entropy(p, q), -(p * np.log(q)).sum(axis=-1), rtol=1e-15
    )
    z = np.array([[1.0, 2.0, 3.0], [-1.0, 0.0, 1000.0]])
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    np.testing.assert_allclose(losses.softmax(z), e / e.sum(axis=-1, keepdims=True), rtol=1e-15)


def test_calls_it_does_not_take_reach_the_general_path():
    function = compiled(("cross_entropy", sp.E))
    p = np.full((4, 5), 0.2)
    small = function._small

    def plain(**bound):
        return fastcall._plain_arrays(small, bound)

    assert plain(p=p, q=p) is not None
    assert plain(p=p.tolist(), q=p) is None  # a list
    assert plain(p=p, q=p.astype(np.float32)) is None  # mixed dtypes
    assert plain(p=p, q=p[0]) is None  # broadcasting
    assert plain(p=p, q=np.full((4, 4), 0.25)) is None  # class counts differ
    assert plain(p=p.astype(np.float16), q=p.astype(np.float16)) is None
    # they still work, or raise the general path's error
    assert losses.cross_entropy(p, p[0]).shape == (4,)
    with pytest.raises(NumericError, match="must agree"):
        function(p, np.full((4, 4), 0.25))
    big = np.full((4096, 10), 0.1)  # beyond SMALL_ELEMENTS: the chunked path
    assert function(big, big).shape == (4096,)


def test_bad_indices_get_the_general_paths_error():
    z = Logits("z", "n")
    k = z.index("k")
    function = to_numpy(Softmax(z, k) + z[k])  # not a one-kernel function: the short path
    assert function._small is not None
    logits = np.zeros((3, 4))
    good = function(logits, np.array([0, 1, 3]))
    np.testing.assert_allclose(good, [0.25, 0.25, 0.25])
    for bad in ([0, 1, 4], [0, -1, 2]):
        with pytest.raises(NumericError, match=r"class index k must be in 0\.\.3"):
            function(logits, np.array(bad))


def test_checks_and_out_buffers_on_the_short_path():
    with pytest.raises(NumericError, match=r"a row sums to 1\.1"):
        losses.entropy(np.array([0.5, 0.6]))
    with pytest.raises(NumericError, match="entries >= 0"):
        losses.cross_entropy(np.array([0.5, 0.5]), np.array([1.5, -0.5]))
    with pytest.raises(NumericError, match="out must be"):
        losses.softmax(np.zeros(3), out=np.zeros(2))
    out = np.empty(2)
    assert losses.entropy(np.array([[0.5, 0.5], [1.0, 0.0]]), out=out) is out
    np.testing.assert_allclose(out, [np.log(2), 0.0], rtol=1e-15)
    seen = []
    f = to_numpy(Entropy(Distribution("p", "n")))
    f.call_checked({"p": seen.append}, np.array([[0.5, 0.5]]))
    assert len(seen) == 1 and seen[0].shape == (1, 2)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("classes", [2, 10, 1000, 4000])
def test_cheap_probability_check_accepts_only_what_the_exact_check_accepts(
    dtype, classes, monkeypatch
):
    rng = np.random.default_rng(classes)
    tolerance = validate.sum_tolerance(classes, dtype)
    decisions = []
    for factor in np.linspace(0.0, 2.0, 81):
        for sign in (1.0, -1.0):
            rows = rng.random((3, classes)) + 0.01
            rows /= rows.sum(axis=-1, keepdims=True)
            rows[1] *= 1.0 + sign * factor * tolerance  # a row near the tolerance
            rows = rows.astype(dtype)

            def decision(rows=rows):
                check = validate.ProbabilityRows()
                check(rows)
                try:
                    check.raise_if_not(rows, "p")
                except NumericError as error:
                    return str(error)
                return None

            for part in (rows, rows[1]):  # rows (BLAS sums up to 64 classes) and one vector
                fast = decision(part)
                monkeypatch.setattr(validate, "SMALL_CHECK_ELEMENTS", 0)  # the exact check only
                exact = decision(part)
                monkeypatch.undo()
                assert fast == exact
                decisions.append(exact is None)
    assert any(decisions) and not all(decisions)  # both sides of the tolerance were tried


def test_cheap_checks_with_nan_and_negative_entries():
    assert not validate.in_unit_interval(np.array([0.5, np.nan]))
    assert not validate.in_unit_interval(np.array([-0.0, 1.0 + 1e-16, 1.5]))
    assert validate.in_unit_interval(np.array([0.0, 1.0]))
    assert validate.in_unit_interval(np.array(0.5))
    with pytest.raises(NumericError, match="entries >= 0"):
        losses.entropy(np.array([0.5, np.nan, 0.5]))
    with pytest.raises(NumericError, match="log-probabilities"):
        losses.nll(np.log([0.5, 0.25]))
    with pytest.raises(NumericError, match=r"yhat must be in \[0, 1\]"):
        losses.nll([0.5, 1.5])


def test_log_bases_are_told_apart_and_checked():
    p = [0.5, 0.25, 0.25]
    assert float(losses.entropy(p, base=2)) == 1.5
    assert float(losses.entropy(p, base=2.0)) == pytest.approx(1.5, rel=1e-15)
    assert float(losses.entropy(p, base="e")) == float(losses.entropy(p))
    assert float(losses.entropy(p, base=sp.Integer(4))) == 0.75
    with pytest.raises(Exception, match="log base"):
        losses.entropy(p, base=[2])
    with pytest.raises(Exception, match="log base must be positive and not 1"):
        losses.entropy(p, base=1)
    with pytest.raises(Exception, match="log base must be positive and not 1"):
        losses.entropy(p, base=1)  # an error is not cached as a value


@pytest.mark.parametrize("dtype", DTYPES)
def test_sigmoid_of_small_arrays_takes_the_large_arrays_route(dtype):
    # one route at every size: a small array gets the bits it gets inside a large one
    rng = np.random.default_rng(3)
    big = (rng.standard_normal(4096) * 20).astype(dtype)
    big[:9] = [0.0, -0.0, 1e-30, -745.0, 745.0, -90.0, np.inf, -np.inf, np.nan]
    whole = losses.sigmoid(big)
    for n in (1, 3, 7, 8, 9, 16, 17, 100, 511, 512):
        _same_bits(losses.sigmoid(big[:n].copy()), whole[:n])
    _same_bits(losses.sigmoid(big[:60].reshape(3, 4, 5)), whole[:60].reshape(3, 4, 5))
    wide = big[:5].astype(np.float64)  # a list: converted, then the same route
    _same_bits(losses.sigmoid(wide.tolist()), losses.sigmoid(wide))
    with np.errstate(over="ignore"):
        reference = 1 / (1 + np.exp(-big.astype(np.longdouble)))  # independent, 64-bit mantissa
    eps = float(np.finfo(dtype).eps)
    np.testing.assert_allclose(whole, reference.astype(dtype), rtol=3 * eps, atol=0)


@pytest.mark.parametrize("dtype", DTYPES)
def test_binary_losses_of_small_arrays_take_the_kernel(dtype, monkeypatch):
    # small plain calls take the elementwise kernel too: per-element values are a large call's
    # bits, sums and means agree with an independent longdouble reference, bad targets still
    # get the general route's messages
    rng = np.random.default_rng(4)
    t = rng.random(4096).astype(dtype)
    s = rng.uniform(0.0, 1.0, 4096).astype(dtype)
    x = (rng.standard_normal(4096) * 30).astype(dtype)
    t[:4], s[:4], x[:4] = [0.0, 1.0, 1.0, 0.5], [0.0, 1.0, 0.5, 1e-30], [0.0, -800.0, 800.0, 1.0]
    calls = [(losses.binary_cross_entropy, s), (losses.binary_cross_entropy_with_logits, x)]
    wide = [a.astype(np.longdouble) for a in (t, s, x)]
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = [
            -np.where(wide[0] > 0, wide[0] * np.log(wide[1]), 0)
            - np.where(wide[0] < 1, (1 - wide[0]) * np.log1p(-wide[1]), 0),
            np.maximum(wide[2], 0) - wide[2] * wide[0] + np.log1p(np.exp(-np.abs(wide[2]))),
        ]
    eps = float(np.finfo(dtype).eps)
    for (loss, other), reference in zip(calls, terms, strict=True):
        whole = loss(t, other, reduction="none")
        for n in (1, 3, 8, 17, 511):
            _same_bits(loss(t[:n].copy(), other[:n].copy(), reduction="none"), whole[:n])
            total = loss(t[:n].copy(), other[:n].copy(), reduction="sum")
            assert total.dtype == dtype
            np.testing.assert_allclose(total, reference[:n].sum(), rtol=4 * eps)
            np.testing.assert_allclose(
                loss(t[:n].copy(), other[:n].copy()), reference[:n].mean(), rtol=4 * eps
            )
        bad = t[:5].copy()
        bad[2] = 1.5

        def message(loss=loss, other=other, bad=bad):
            with pytest.raises(NumericError) as error:
                loss(bad, other[:5].copy())
            return str(error.value)

        first = message()
        monkeypatch.setattr(dispatch, "binary_loss", lambda *_: None)
        assert first == message()  # the general route's message
        monkeypatch.undo()


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("dtype", DTYPES)
def test_logsumexp_short_call_gives_the_calls_bits(shape, dtype, monkeypatch):
    z = _arrays(shape, dtype)["z"]  # a row needing the shift, a -inf entry
    rows = z.reshape(-1, shape[-1])
    all_minus_inf, with_plus_inf, with_nan = (z.copy() for _ in range(3))
    all_minus_inf.reshape(rows.shape)[0] = -np.inf
    with_plus_inf.reshape(rows.shape)[-1, 0] = np.inf
    with_nan.reshape(rows.shape)[0, -1] = np.nan
    offset = z + dtype(1e300 if dtype == np.float64 else 3e38)  # no overflow: z is finite
    function = compiled(("logsumexp",))
    taken = dispatch.rows_kernel(z.dtype, shape[-1])  # where the one-kernel call runs too
    for array in (z, all_minus_inf, with_plus_inf, with_nan, offset):
        with np.errstate(all="ignore"):
            assert (fastcall.call_logsumexp(array) is not None) == taken
            _same_bits(losses.logsumexp(array), _general(function, array))
    assert fastcall.call_logsumexp(z.tolist()) is None
    assert fastcall.call_logsumexp(z.astype(z.dtype.newbyteorder(">"))) is None
    assert fastcall.call_logsumexp(np.asfortranarray(rows)[:, ::-1]) is None


def test_logsumexp_short_call_values_by_hand():
    # log(e^0 + e^0 + e^0 + e^0) = log 4; log(e^1000 + e^1000) = 1000 + log 2; all -inf: -inf
    value = losses.logsumexp(np.array([[0.0] * 4, [1000.0, 1000.0, -np.inf, -np.inf]]))
    assert value.tolist() == [np.log(4), 1000 + np.log(2)]
    with np.errstate(all="ignore"):
        assert losses.logsumexp(np.full(3, -np.inf)) == -np.inf
