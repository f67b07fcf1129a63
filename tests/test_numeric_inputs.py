"""Issue 12, "silent or confusing results": every example quoted there, and hostile inputs.

Expected values come from torch, scipy or mpmath, computed here; never from symxent itself.
Calls that the issue found silently wrong must now either match the reference or raise
``NumericError`` with a message naming the fix.
"""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
import sympy as sp
from scipy import special, stats

from symxent.errors import NumericError
from symxent.numeric import losses, to_numpy

torch = pytest.importorskip("torch")
F = torch.nn.functional

pytestmark = pytest.mark.usefixtures("numeric_route")


def t(a, dtype=torch.float64):
    return torch.tensor(np.asarray(a), dtype=dtype)


# -- 1. argument order and validation ---------------------------------------------------------


def test_bce_with_logits_in_torch_order_is_refused_naming_the_swap():
    logits, target = [2.0, -1.0, 0.5], [1.0, 0.0, 1.0]
    expected = F.binary_cross_entropy_with_logits(t(logits), t(target)).item()
    assert expected == pytest.approx(0.3048, abs=1e-4)
    assert float(losses.binary_cross_entropy_with_logits(target, logits)) == pytest.approx(
        expected, rel=1e-14
    )
    assert float(
        losses.binary_cross_entropy_with_logits(target=target, logits=logits)
    ) == pytest.approx(expected, rel=1e-14)
    with pytest.raises(NumericError, match=r"look swapped.*torch"):
        losses.binary_cross_entropy_with_logits(logits, target)
    with pytest.raises(NumericError, match="look swapped"):
        losses.sigmoid_binary_cross_entropy_grad(logits, target)


def test_bce_from_probabilities_refuses_a_probability_above_one():
    with pytest.raises(NumericError, match=r"probability must be in \[0, 1\].*torch"):
        losses.binary_cross_entropy([1.0], [1.5])
    with pytest.raises(NumericError, match=r"target must be in \[0, 1\]"):
        losses.binary_cross_entropy([1.5], [0.5])
    expected = F.binary_cross_entropy(t([0.2, 0.9]), t([1.0, 0.0])).item()
    assert float(losses.binary_cross_entropy([1.0, 0.0], [0.2, 0.9])) == pytest.approx(
        expected, rel=1e-14
    )


def test_entropy_refuses_what_is_not_a_distribution_unless_normalize():
    with pytest.raises(NumericError, match=r"sums to 10.*normalize=True"):
        losses.entropy([2, 3, 5])
    with pytest.raises(NumericError, match="entries >= 0"):
        losses.entropy([-0.5, 1.5])
    with pytest.raises(NumericError, match="entries >= 0"):
        losses.entropy([np.nan, 1.0])
    assert float(losses.entropy([2, 3, 5], normalize=True)) == pytest.approx(
        stats.entropy([2, 3, 5]), rel=1e-14
    )
    p, q = [1, 1, 2], [3, 1, 0.5]
    assert float(losses.kl_divergence(p, q, normalize=True)) == pytest.approx(
        stats.entropy(p, q), rel=1e-13
    )
    with pytest.raises(NumericError, match="q must be probability vectors"):
        losses.cross_entropy([0.5, 0.5], [0.9, 0.3])


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_distributions_within_the_rounding_of_their_dtype_are_accepted(dtype):
    rng = np.random.default_rng(3)
    p = special.softmax(rng.normal(size=(100, 1000)) * 5, axis=-1).astype(dtype)
    assert np.abs(p.sum(-1) - 1).max() > 0  # rounded, not exact
    got = losses.entropy(p)
    np.testing.assert_allclose(got, special.entr(p.astype(np.float64)).sum(-1), rtol=1e-4)


def test_nll_refuses_log_probabilities():
    with pytest.raises(NumericError, match="log-probabilities"):
        losses.nll(np.log([0.5, 0.25]))
    assert float(losses.nll([0.5, 0.25])) == pytest.approx(-np.log(0.5) - np.log(0.25))


def test_cross_entropy_with_logits_refuses_swapped_arguments_and_bad_targets():
    z = np.array([[2.0, 0.5, -1.0], [0.0, 0.0, 3.0]])
    with pytest.raises(NumericError, match="look swapped"):
        losses.cross_entropy_with_logits(np.array([0, 2]), z)
    with pytest.raises(NumericError, match=r"\[0, 1\].*\(logits, target\)"):
        losses.cross_entropy_with_logits(special.softmax(z, -1), z)
    with pytest.raises(NumericError, match="integer array of the batch shape"):
        losses.cross_entropy_with_logits(z, np.array([0.0, 2.0]))


# -- 2. torch's (N, C, d1, ...) layout ---------------------------------------------------------


def test_torch_layout_is_refused_as_ambiguous_and_class_axis_matches_torch():
    r = np.random.default_rng(0)
    z = r.standard_normal((2, 3, 3, 3))
    k = r.integers(0, 3, (2, 3, 3))
    torch_value = F.cross_entropy(t(z), torch.tensor(k)).item()
    assert torch_value == pytest.approx(1.4402, abs=1e-4)
    with pytest.raises(NumericError, match=r"two ways.*class_axis=1"):
        losses.cross_entropy_with_logits(z, k)
    got = float(losses.cross_entropy_with_logits(z, k, class_axis=1))
    assert got == pytest.approx(torch_value, rel=1e-14)
    last = F.cross_entropy(t(z).permute(0, 3, 1, 2), torch.tensor(k)).item()
    assert float(losses.cross_entropy_with_logits(z, k, class_axis=-1)) == pytest.approx(
        last, rel=1e-14
    )
    # the gradient, against autograd, in torch's layout
    zt = t(z).requires_grad_()
    F.cross_entropy(zt, torch.tensor(k), label_smoothing=0.2).backward()
    grad = losses.softmax_cross_entropy_grad(z, k, class_axis=1, label_smoothing=0.2)
    np.testing.assert_allclose(grad, zt.grad.numpy(), rtol=1e-12, atol=1e-16)


def test_torch_layout_that_only_fits_torch_names_class_axis():
    r = np.random.default_rng(1)
    z = r.standard_normal((4, 5, 7))
    k = r.integers(0, 5, (4, 7))
    with pytest.raises(NumericError, match="class_axis=1"):
        losses.cross_entropy_with_logits(z, k)
    expected = F.cross_entropy(t(z), torch.tensor(k), reduction="none").numpy()
    got = losses.cross_entropy_with_logits(z, k, class_axis=1, reduction="none")
    np.testing.assert_allclose(got, expected, rtol=1e-13)


def test_probability_targets_in_torch_layout():
    r = np.random.default_rng(2)
    z = r.standard_normal((3, 4, 5))
    y = special.softmax(r.standard_normal((3, 4, 5)), axis=1)
    expected = F.cross_entropy(t(z), t(y)).item()
    assert float(losses.cross_entropy_with_logits(z, y, class_axis=1)) == pytest.approx(
        expected, rel=1e-13
    )


# -- 3. ignore_index --------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [-np.inf, np.inf, np.nan])
def test_ignored_rows_with_non_finite_logits_do_not_poison_the_mean(bad):
    z = np.array([[0.0, 1.0], [bad, bad], [2.0, -1.0]])
    labels = np.array([1, -100, 0])
    expected = F.cross_entropy(t(z), torch.tensor(labels)).item()
    got = losses.cross_entropy_with_logits(z, labels, ignore_index=-100)
    assert float(got) == pytest.approx(expected, rel=1e-14)
    # -100 is the default, as in torch
    assert float(losses.cross_entropy_with_logits(z, labels)) == pytest.approx(expected)
    none = losses.cross_entropy_with_logits(z, labels, reduction="none")
    np.testing.assert_allclose(
        none, F.cross_entropy(t(z), torch.tensor(labels), reduction="none").numpy(), rtol=1e-14
    )
    grad = losses.softmax_cross_entropy_grad(z, labels)
    assert np.isfinite(grad).all() and (grad[1] == 0).all()


def test_the_issue_example_of_ignore_index():
    z = np.array([[0.0, 1.0], [-np.inf, -np.inf]])
    got = losses.cross_entropy_with_logits(z, np.array([1, -100]), ignore_index=-100)
    expected = F.cross_entropy(t(z), torch.tensor([1, -100]), ignore_index=-100).item()
    assert expected == pytest.approx(0.3133, abs=1e-4)
    assert float(got) == pytest.approx(expected, rel=1e-14)


@pytest.mark.parametrize("ignore", [1, -7])  # -7: a negative label that is ignored
@pytest.mark.parametrize("options", [{}, {"label_smoothing": 0.3}, {"weight": [1.0, 2.0, 0.5]}])
def test_ignore_index_matches_torch_with_options(options, ignore):
    r = np.random.default_rng(5)
    z = r.standard_normal((20, 3)) * 4
    labels = r.integers(0, 3, 20)
    labels[::3] = ignore
    z[labels == ignore] = np.nan  # ignored rows hold nan logits
    torch_options = {k: t(v) if k == "weight" else v for k, v in options.items()}
    for reduction in ("mean", "sum", "none"):
        expected = F.cross_entropy(
            t(z), torch.tensor(labels), ignore_index=ignore, reduction=reduction, **torch_options
        ).numpy()
        got = losses.cross_entropy_with_logits(
            z, labels, ignore_index=ignore, reduction=reduction, **options
        )
        np.testing.assert_allclose(got, expected, rtol=1e-13)
    if ignore < 0:
        labels[4] = -1  # a negative label that is not the ignore_index
        with pytest.raises(NumericError, match="from -1 to 2"):
            losses.cross_entropy_with_logits(z, labels, ignore_index=ignore, **options)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_the_default_ignore_index_in_a_large_batch(dtype):
    # 300k rows: the kernels' call is split over the threads; ignored rows near the end
    r = np.random.default_rng(6)
    z = r.standard_normal((300_000, 4)).astype(dtype)
    labels = r.integers(0, 4, 300_000)
    labels[-5:] = -100
    expected = F.cross_entropy(t(z.astype(np.float64)), torch.tensor(labels)).item()
    got = losses.cross_entropy_with_logits(z, labels)
    assert float(got) == pytest.approx(expected, rel=1e-12 if dtype == np.float64 else 1e-6)
    grad = losses.softmax_cross_entropy_grad(z, labels)
    assert (grad[-5:] == 0).all() and np.isfinite(grad).all()


# -- 4. label smoothing under a large common offset --------------------------------------------


def _smoothed_reference(z, labels, eps):
    """Label-smoothed CE of each row in mpmath at 60 digits, from the exact input values."""
    mpmath.mp.dps = 60
    values = []
    for logits, k in zip(z.astype(np.float64), labels, strict=True):
        row = [mpmath.mpf(float(v)) for v in logits]
        top = max(row)
        lse = top + mpmath.log(mpmath.fsum(mpmath.exp(v - top) for v in row))
        uniform = mpmath.fsum(lse - v for v in row) / len(row)
        values.append((1 - eps) * (lse - row[k]) + eps * uniform)
    return np.array([float(v) for v in values])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("offset", [0.0, 1e4, 1e8, 1e15])
def test_label_smoothing_keeps_precision_under_an_offset(dtype, offset):
    r = np.random.default_rng(11)
    z = (r.standard_normal((40, 10)) * 3 + offset).astype(dtype)
    labels = r.integers(0, 10, 40)
    got = losses.cross_entropy_with_logits(z, labels, label_smoothing=0.1, reduction="none")
    expected = _smoothed_reference(z, labels, 0.1)
    eps = np.finfo(dtype).eps
    assert np.all(np.abs(got - expected) <= 4 * eps * (1 + np.abs(expected)))


@pytest.mark.parametrize(
    ("value", "dtype"), [(1e300, np.float64), (3e38, np.float32), (-1e300, np.float64)]
)
def test_label_smoothing_at_huge_equal_logits_is_log_of_the_class_count(value, dtype):
    z = np.full((1, 4), value, dtype=dtype)
    for smoothing in (0.1, 1.0):
        got = losses.cross_entropy_with_logits(z, np.array([0]), label_smoothing=smoothing)
        assert got.dtype == dtype
        assert float(got) == pytest.approx(np.log(4), rel=4 * float(np.finfo(dtype).eps))
        grad = losses.softmax_cross_entropy_grad(z, np.array([0]), label_smoothing=smoothing)
        assert np.isfinite(grad).all()


# -- 5. inputs that get a NumericError --------------------------------------------------------

Z = np.array([[0.5, -0.5, 1.0], [0.0, 2.0, -1.0]])
K = np.array([0, 2])


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: losses.cross_entropy_with_logits(Z + 0j, K), "complex"),
        (lambda: losses.entropy(np.array([0.5, 0.5]) + 0j), "complex"),
        (lambda: losses.binary_cross_entropy_with_logits([1.0], [0.5 + 1j]), "complex"),
        (lambda: losses.softmax(np.array([1 + 1j, 0])), "complex"),
        (
            lambda: losses.cross_entropy_with_logits(
                np.array([["2020-01-01", "2020-01-02"]], dtype="datetime64[D]"), np.array([0])
            ),
            "real numbers",
        ),
        (lambda: losses.entropy(np.array(["a", "b"])), "real numbers"),
        (
            lambda: losses.cross_entropy_with_logits(np.zeros((3, 0)), np.array([0, 0, 0])),
            "no classes",
        ),
        (lambda: losses.entropy(np.zeros((3, 0))), "no classes"),
        (lambda: losses.logsumexp(np.zeros((3, 0))), "no classes"),
        (lambda: losses.entropy([[0.5, 0.5], [1.0]]), "ragged"),
        (lambda: losses.cross_entropy_with_logits([[0.5, 0.5], [1.0]], [0, 0]), "ragged"),
        (
            lambda: losses.cross_entropy_with_logits(
                torch.zeros(2, 3, requires_grad=True), torch.tensor([0, 1])
            ),
            "requires grad",
        ),
        (
            lambda: losses.binary_cross_entropy_with_logits(
                torch.ones(2), torch.zeros(2, requires_grad=True)
            ),
            "requires grad",
        ),
        (lambda: losses.cross_entropy_with_logits(Z, K, label_smoothing="0.1"), "label_smoothing"),
        (lambda: losses.cross_entropy_with_logits(Z, K, label_smoothing=True), "label_smoothing"),
        (lambda: losses.cross_entropy_with_logits(Z, K, label_smoothing=1.5), "label_smoothing"),
        (lambda: losses.cross_entropy_with_logits(Z, K, label_smoothing=np.nan), "label_smoothing"),
        (lambda: losses.cross_entropy_with_logits(Z, K, ignore_index=1.5), "ignore_index"),
        (lambda: losses.cross_entropy_with_logits(Z, K, class_axis="1"), "class_axis"),
        (lambda: losses.cross_entropy_with_logits(Z, K, class_axis=5), "out of range"),
        (lambda: losses.cross_entropy_with_logits(Z, K, reduction="avg"), "reduction"),
        (lambda: losses.entropy(np.full((2, 2), 0.5), out=np.zeros(3)), "out must be"),
        (lambda: losses.entropy(np.full((2, 2), 0.5), out=[0.0, 0.0]), "out must be"),
        (lambda: losses.entropy(np.full((2, 2), 0.5), out=np.zeros(2, dtype=int)), "out must be"),
        (lambda: losses.softmax(Z, axis=0, out=np.zeros((3, 2))), "out must be"),
        (lambda: losses.nll(np.log([0.5, 0.25])), "log-probabilities"),
        (lambda: losses.nll(np.array([])), "nonempty"),
        (lambda: losses.entropy([0.5, 0.5], axis=2), "out of range"),
        (lambda: losses.entropy([0.5, 0.5], axis=0.5), "axis must be an int"),
    ],
)
def test_bad_inputs_get_a_numeric_error(call, match):
    with pytest.raises(NumericError, match=match):
        call()


def test_read_only_out_buffer_gets_a_numeric_error():
    out = np.zeros(2)
    out.flags.writeable = False
    with pytest.raises(NumericError, match="out must be"):
        losses.entropy(np.full((2, 2), 0.5), out=out)


def test_big_endian_arrays_give_the_native_results():
    z = np.array([[0.5, -0.5, 1.0], [0.0, 2.0, -1.0]])
    expected = F.cross_entropy(t(z), torch.tensor(K), reduction="none").numpy()
    for dtype in (">f8", ">f4"):
        got = losses.cross_entropy_with_logits(z.astype(dtype), K.astype(">i8"), reduction="none")
        assert got.dtype.isnative
        np.testing.assert_allclose(got, expected, rtol=1e-6 if dtype == ">f4" else 1e-14)
    p = np.array([0.25, 0.75], dtype=">f8")
    assert float(losses.entropy(p)) == pytest.approx(stats.entropy([0.25, 0.75]), rel=1e-15)
    f = to_numpy(sp.exp(sp.Symbol("x")))
    assert float(f(np.array([1.0], dtype=">f8"))[0]) == pytest.approx(np.e, rel=1e-15)


def test_detached_cpu_tensors_are_accepted():
    z = torch.randn(8, 5, dtype=torch.float64)
    k = torch.randint(0, 5, (8,))
    expected = F.cross_entropy(z, k).item()
    assert float(losses.cross_entropy_with_logits(z, k)) == pytest.approx(expected, rel=1e-14)


# -- 6. to_numpy -------------------------------------------------------------------------------


def test_to_numpy_of_a_symbol_named_numpy():
    for name in ("numpy", "torch", "math", "_sx_take"):
        x = sp.Symbol(name)
        f = to_numpy(sp.exp(x) + sp.log(1 + x))
        assert float(f(np.array(1.0))) == pytest.approx(np.e + np.log(2), rel=1e-15)


def test_to_numpy_refuses_complex_expressions_and_overflowing_constants():
    x = sp.Symbol("x")
    with pytest.raises(NumericError, match="imaginary unit"):
        to_numpy(sp.I * x)
    with pytest.raises(NumericError, match="beyond float64"):
        to_numpy(10**400 * x)
    with pytest.raises(NumericError, match="beyond float64"):
        to_numpy(sp.exp(1000) * x)
    f = to_numpy(10**300 * x)  # within range: compiled
    assert float(f(np.array(2.0))) == pytest.approx(2e300, rel=1e-15)


# -- 7. scipy's axis= ---------------------------------------------------------------------------


@pytest.mark.parametrize("axis", [0, 1, -1, 2])
def test_entropy_and_kl_axis_mean_what_scipy_means(axis):
    r = np.random.default_rng(4)
    p = r.random((4, 5, 6))
    q = r.random((4, 5, 6))
    for base in (None, 2):
        np.testing.assert_allclose(
            losses.entropy(p, base, axis=axis, normalize=True),
            stats.entropy(p, base=base, axis=axis),
            rtol=1e-13,
        )
        np.testing.assert_allclose(
            losses.kl_divergence(p, q, base, axis=axis, normalize=True),
            stats.entropy(p, q, base=base, axis=axis),
            rtol=1e-12,
        )
    pn = p / p.sum(axis, keepdims=True)
    qn = q / q.sum(axis, keepdims=True)
    np.testing.assert_allclose(
        losses.cross_entropy(pn, qn, axis=axis), -special.xlogy(pn, qn).sum(axis), rtol=1e-13
    )
    np.testing.assert_allclose(
        losses.softmax(p, axis=axis), special.softmax(p, axis=axis), rtol=1e-14
    )
    np.testing.assert_allclose(
        losses.log_softmax(p, axis=axis), special.log_softmax(p, axis=axis), rtol=1e-13
    )
    np.testing.assert_allclose(
        losses.logsumexp(p, axis=axis), special.logsumexp(p, axis=axis), rtol=1e-14
    )
    out = np.empty(np.delete(p.shape, axis))
    assert losses.entropy(pn, axis=axis, out=out) is out


# -- fuzzing: hostile inputs, seeded ------------------------------------------------------------


def _hostile_array(rng, shape, dtype):
    kind = rng.integers(0, 6)
    base = rng.standard_normal(shape)
    if kind == 1:
        base = base * 1e4 + rng.choice([-1, 1]) * 10 ** rng.uniform(0, 300)
    elif kind == 2:
        base[rng.random(shape) < 0.2] = rng.choice([np.inf, -np.inf, np.nan])
    elif kind == 3:
        base = base * 1000
    elif kind == 4:
        base = np.zeros(shape)
    with np.errstate(over="ignore"):
        return base.astype(dtype)


def test_fuzz_cross_entropy_with_logits_matches_torch_or_raises_numeric_error():
    rng = np.random.default_rng(2026)
    checked = refused = 0
    for _ in range(300):
        dtype = rng.choice([np.float32, np.float64])
        rows, classes = int(rng.integers(1, 40)), int(rng.integers(1, 12))
        z = _hostile_array(rng, (rows, classes), dtype)
        labels = rng.integers(0, classes, rows)
        if rng.random() < 0.3:
            labels[rng.random(rows) < 0.3] = -100
        if rng.random() < 0.1:
            labels[0] = classes + int(rng.integers(0, 3))  # out of range
        options = {
            "label_smoothing": float(rng.choice([0.0, 0.1, 1.0])),
            "reduction": str(rng.choice(["mean", "sum", "none"])),
        }
        if rng.random() < 0.3:
            options["weight"] = rng.random(classes) + 0.1
        swapped = rng.random() < 0.1
        try:
            got = losses.cross_entropy_with_logits(
                labels if swapped else z, z if swapped else labels, **options
            )
        except NumericError:
            refused += 1
            assert swapped or labels.max() >= classes
            continue
        assert not swapped and labels.max() < classes
        torch_options = dict(options)
        if "weight" in options:
            torch_options["weight"] = t(options["weight"], torch.float64)
        expected = F.cross_entropy(
            t(z.astype(np.float64)), torch.tensor(labels), **torch_options
        ).numpy()
        got = np.asarray(got, dtype=np.float64)
        finite = np.isfinite(expected)
        # torch gives nan for a row with a +inf logit where the limit, which symxent gives, is
        # +inf (the loss at another label) or nan (at the label)
        positive_inf = np.isposinf(z).any(axis=-1)
        limit = positive_inf if got.ndim else positive_inf.any()
        np.testing.assert_array_equal(np.isfinite(got), finite)
        np.testing.assert_array_equal(np.isnan(got) | limit, np.isnan(expected) | limit)
        tolerance = 1e-12 if dtype == np.float64 else 2e-5
        scale = 1 + np.abs(np.where(finite, expected, 0))
        error = np.abs(np.where(finite, got, 0) - np.where(finite, expected, 0))
        assert np.all(error <= tolerance * scale)
        checked += 1
    assert checked > 200 and refused > 10


def test_fuzz_information_quantities_refuse_or_match_scipy():
    rng = np.random.default_rng(12)
    functions = {
        "entropy": (
            lambda p, q, **o: losses.entropy(p, **o),
            lambda p, q: stats.entropy(p, axis=-1),
        ),
        "kl": (losses.kl_divergence, lambda p, q: stats.entropy(p, q, axis=-1)),
        "bce": (
            lambda p, q, **o: losses.binary_cross_entropy(p, q),
            # the math, unclamped (torch clamps its logs at -100)
            lambda p, q: -(special.xlogy(p, q) + special.xlogy(1 - p, 1 - q)).mean(),
        ),
    }
    outcomes = {"ok": 0, "refused": 0}
    for _ in range(300):
        name = str(rng.choice(list(functions)))
        ours, reference = functions[name]
        shape = (int(rng.integers(1, 6)), int(rng.integers(1, 8)))
        p = rng.dirichlet(np.ones(shape[1]), size=shape[0])
        q = rng.dirichlet(np.ones(shape[1]), size=shape[0])
        broken = rng.integers(0, 5)
        if broken == 1:
            p = p * 3  # does not sum to 1 / outside [0, 1]
        elif broken == 2:
            p = p - 0.5  # negative entries
        elif broken == 3:
            p[0, 0] = np.nan
        try:
            got = ours(p, q)
        except NumericError:
            outcomes["refused"] += 1
            assert broken in (1, 2, 3)
            continue
        outcomes["ok"] += 1
        if broken == 1 and name != "bce":
            pytest.fail(f"{name} accepted vectors that sum to 3")
        np.testing.assert_allclose(got, reference(p, q), rtol=1e-10, atol=1e-14)
    assert outcomes["ok"] > 100 and outcomes["refused"] > 60
