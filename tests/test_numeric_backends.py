"""The torch and jax backends: the same compiled expressions agree with the numpy backend.

Every built-in quantity and derivation end point is compiled with ``to_backend(expr, "torch")``
and ``to_backend(expr, "jax")`` and compared with ``to_numpy(expr)`` (itself checked against
scipy, mpmath and torch in test_numeric.py and test_numeric_losses.py) on random and adversarial
inputs: logits of +-1000, all-zero logits, one-hot and zero-containing distributions. The
gradients are also checked against autograd (torch autograd of the compiled torch loss and of
``torch.nn.functional``; ``jax.grad`` of the compiled jax loss), which is independent of the
symbolic derivative. Tests of a backend whose library is missing are skipped.

Tolerance: relative 1e-12 (float64) and 1e-5 (float32). Values computed through a log of a sum
near 1 (losses, log-softmax, gradients ``softmax - y``) carry an absolute rounding error of the
size of the float epsilon wherever they are close to 0, so those also get an absolute tolerance
of the same 1e-12 / 1e-5 (their natural scale is 1 nat); probabilities (softmax, sigmoid) are
compared relatively, with zero absolute slack beyond the smallest normal number (XLA flushes
subnormals).
"""

from __future__ import annotations

import contextlib
import functools
import subprocess
import sys
import zlib

import numpy as np
import pytest
import sympy as sp

from symxent import (
    NLL,
    BinaryCrossEntropy,
    CrossEntropy,
    Distribution,
    Entropy,
    KLDivergence,
    Labels,
    Logits,
    LogSoftmax,
    LogSumExp,
    Probabilities,
    Sigmoid,
    Softmax,
    SoftmaxVector,
)
from symxent.errors import NumericError
from symxent.numeric import backend as backend_module
from symxent.numeric import losses, to_backend, to_numpy

try:
    import torch
except ImportError:  # pragma: no cover - CI installs torch
    torch = None

try:
    import jax
    import jax.numpy as jnp
except ImportError:  # pragma: no cover - jax is not in CI
    jax = jnp = None

BACKEND_PARAMS = [
    pytest.param("torch", marks=pytest.mark.skipif(torch is None, reason="torch is not installed")),
    pytest.param("jax", marks=pytest.mark.skipif(jax is None, reason="jax is not installed")),
]
DTYPES = [np.float64, np.float32]
RTOL = {np.float64: 1e-12, np.float32: 1e-5}
C = 10

z, y = Logits("z", "C"), Labels("y", "C")
p, q = Distribution("p", "C"), Distribution("q", "C")
k = z.index("k")
x, t, s = sp.Symbol("x", real=True), sp.Symbol("t"), sp.Symbol("s")

# name -> (expression, over, absolute tolerance scale: 1 for log-like values, 0 for probabilities)
EXPRESSIONS = {
    "entropy": (Entropy(p), None, 1),
    "entropy bits": (Entropy(p, 2), None, 1),
    "entropy base 10": (Entropy(p, 10), None, 1),
    "cross-entropy of probabilities": (CrossEntropy(p, q), None, 1),
    "cross-entropy bits": (CrossEntropy(p, q, 2), None, 1),
    "KL": (KLDivergence(p, q), None, 1),
    "KL bits": (KLDivergence(p, q, 2), None, 1),
    "CE from logits, integer label": (losses.cross_entropy_expression(), None, 1),
    "CE from logits, all options": (
        losses.cross_entropy_expression("index", True, True, True),
        None,
        1,
    ),
    "CE from logits, probability target": (CrossEntropy(y, SoftmaxVector(z)), None, 1),
    "CE from logits, smoothed weighted target": (
        losses.cross_entropy_expression("probabilities", True, True),
        None,
        1,
    ),
    "BCE of probabilities": (BinaryCrossEntropy(t, s), None, 1),
    "BCE with logits": (BinaryCrossEntropy(t, Sigmoid(x)), None, 1),
    "NLL": (NLL(Probabilities("yhat", "C")), None, 1),
    "softmax": (Softmax(z, k), k, 0),
    "log-softmax": (LogSoftmax(z, k), k, 1),
    "log-softmax at a label": (LogSoftmax(z, k), None, 1),
    "logsumexp": (LogSumExp(z), None, 1),
    "sigmoid": (Sigmoid(x), None, 0),
    "softmax-CE gradient (derivative)": (
        sp.Derivative(CrossEntropy(y, SoftmaxVector(z)), z[k]),
        k,
        1,
    ),
    "softmax-CE gradient (end point)": (Softmax(z, k) - y[k], k, 1),
    "softmax-CE gradient, integer label": (
        sp.Derivative(losses.cross_entropy_expression(), z[z.index("c")]),
        z.index("c"),
        1,
    ),
    "softmax-CE gradient, all options": (
        sp.Derivative(losses.cross_entropy_expression("index", True, True, True), z[z.index("c")]),
        z.index("c"),
        1,
    ),
    "sigmoid-BCE gradient (derivative)": (
        sp.Derivative(BinaryCrossEntropy(t, Sigmoid(x)), x),
        None,
        1,
    ),
    "sigmoid-BCE gradient (end point)": (Sigmoid(x) - t, None, 1),
}


@functools.cache
def compiled(name: str, backend: str):
    expr, over, _ = EXPRESSIONS[name]
    return to_backend(expr, backend, over=over)


# -- inputs -------------------------------------------------------------------------------


def simplex(rng, batch, zeros):
    values = rng.dirichlet(np.full(C, 0.6), size=batch)
    if zeros:
        values = np.where(rng.random(values.shape) < 0.3, 0.0, values)
        values[..., 0] += 0.05
        values /= values.sum(-1, keepdims=True)
    return values


def one_hot(rng, batch):
    return np.eye(C)[rng.integers(0, C, batch)]


def inputs(function, regime, dtype, rng, batch=(6, 4)):
    """Arguments for ``function`` by name: random, or adversarial (+-1000, zeros, one-hots)."""
    adversarial = regime == "adversarial"
    values = {}
    for name in function.args:
        kind = function.kinds[name]
        if name == "z":
            if adversarial:
                signs = rng.choice([-1000.0, 0.0, 1000.0], size=(*batch, C))
                signs[0] = 0.0  # rows of all-zero logits
                value = signs
            else:
                value = rng.normal(size=(*batch, C)) * 3
        elif name in ("p", "q", "y"):
            if adversarial:
                value = one_hot(rng, batch) if name != "q" else simplex(rng, batch, True)
                if name == "q":  # q = 0 where p > 0 in the first row: +inf for CE and KL
                    value[0] = one_hot(rng, batch[1:])
            else:
                value = simplex(rng, batch, zeros=True)
        elif name == "yhat":
            value = np.where(rng.random((*batch, C)) < 0.2, 1.0, rng.random((*batch, C)))
            if adversarial:
                value[0, 0, 0] = 0.0  # -log 0 = +inf
        elif name == "w":
            value = rng.random(C) + 0.2
        elif name == "x":
            value = (
                rng.choice([-1000.0, -30.0, 0.0, 30.0, 1000.0], size=batch)
                if adversarial
                else (rng.normal(size=batch) * 5)
            )
        elif name in ("t", "s"):
            value = rng.choice([0.0, 1.0], size=batch) if adversarial else rng.random(batch)
        elif name == "eps":
            value = np.full(batch, 0.1)
        elif name == "m":
            value = (rng.random(batch) < 0.7).astype(float)
        elif kind == "index":
            value = rng.integers(0, C, batch)
            values[name] = value
            continue
        else:  # pragma: no cover - every argument of EXPRESSIONS is named above
            raise AssertionError(name)
        values[name] = np.asarray(value).astype(dtype)
    return values


def to_library(backend, value):
    if backend == "torch":
        return torch.from_numpy(np.ascontiguousarray(value))
    return jnp.asarray(value)


def to_numpy_array(value):
    if torch is not None and isinstance(value, torch.Tensor):
        return value.detach().numpy()
    return np.asarray(value)


@contextlib.contextmanager
def precision(backend, dtype):
    """jax computes in float64 only with x64 enabled."""
    if backend != "jax":
        yield
        return
    with jax.enable_x64(dtype == np.float64):
        yield


def assert_agrees(got, want, dtype, scale):
    rtol = RTOL[dtype]
    atol = rtol * scale if scale else float(np.finfo(dtype).tiny)
    np.testing.assert_allclose(got, want, rtol=rtol, atol=atol)


# -- agreement with numpy -----------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKEND_PARAMS)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("regime", ["random", "adversarial"])
@pytest.mark.parametrize("name", list(EXPRESSIONS))
def test_backend_agrees_with_numpy(backend, dtype, regime, name):
    rng = np.random.default_rng(zlib.crc32(f"{name} {regime}".encode()))
    reference = compiled(name, "numpy")
    function = compiled(name, backend)
    assert function.args == reference.args
    arguments = inputs(reference, regime, dtype, rng)
    want = reference(**arguments)
    with precision(backend, dtype):
        got = function(**{n: to_library(backend, v) for n, v in arguments.items()})
        got_array = to_numpy_array(got)
    assert got_array.dtype == want.dtype == dtype
    assert got_array.shape == want.shape
    assert not np.isnan(want).any()
    assert_agrees(got_array, want, dtype, EXPRESSIONS[name][2])


@pytest.mark.parametrize("backend", BACKEND_PARAMS)
def test_numpy_arrays_and_batch_shapes_of_rank_0_to_2(backend):
    rng = np.random.default_rng(3)
    for batch in [(), (5,), (2, 3)]:
        logits = rng.normal(size=(*batch, C))
        labels = rng.integers(0, C, batch)
        want = to_numpy(-LogSoftmax(z, k))(logits, labels)
        with precision(backend, np.float64):
            got = to_numpy_array(compiled("log-softmax at a label", backend)(logits, labels))
        assert got.shape == batch
        np.testing.assert_allclose(-got, want, rtol=1e-12)


@pytest.mark.parametrize("backend", BACKEND_PARAMS)
def test_a_shared_distribution_broadcasts_over_the_batch(backend):
    rng = np.random.default_rng(4)
    batch_p, shared_q = simplex(rng, (8,), zeros=False), simplex(rng, (), zeros=False)
    want = to_numpy(KLDivergence(p, q))(batch_p, shared_q)
    with precision(backend, np.float64):
        got = to_numpy_array(compiled("KL", backend)(batch_p, to_library(backend, shared_q)))
    np.testing.assert_allclose(got, want, rtol=1e-12)


# -- gradients against autograd -----------------------------------------------------------


needs_torch = pytest.mark.skipif(torch is None, reason="torch is not installed")
needs_jax = pytest.mark.skipif(jax is None, reason="jax is not installed")


@needs_torch
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("regime", ["random", "adversarial"])
def test_torch_softmax_ce_gradient_is_autograd_of_the_compiled_loss(dtype, regime):
    rng = np.random.default_rng(5)
    loss = compiled("CE from logits, probability target", "torch")
    gradient = compiled("softmax-CE gradient (derivative)", "torch")
    arguments = inputs(loss, regime, dtype, rng)
    logits = torch.from_numpy(arguments["z"]).requires_grad_(True)
    target = torch.from_numpy(arguments["y"])
    loss(target, logits).sum().backward()
    symbolic = gradient(target, logits.detach())
    assert symbolic.dtype == logits.grad.dtype
    assert_agrees(symbolic.numpy(), logits.grad.numpy(), dtype, 1)


@needs_torch
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("options", [False, True])
def test_torch_integer_label_gradient_matches_functional_cross_entropy(dtype, options):
    rng = np.random.default_rng(6)
    name = "softmax-CE gradient, all options" if options else "softmax-CE gradient, integer label"
    gradient = compiled(name, "torch")
    logits = torch.from_numpy((rng.normal(size=(64, C)) * 3).astype(dtype))
    labels = torch.from_numpy(rng.integers(0, C, 64))
    weight = torch.from_numpy((rng.random(C) + 0.2).astype(dtype))
    leaf = logits.clone().requires_grad_(True)
    if options:
        functional = torch.nn.functional.cross_entropy(
            leaf, labels, weight=weight, label_smoothing=0.1, reduction="sum"
        )
        symbolic = gradient(
            w=weight, z=logits, eps=0.1, m=torch.ones(64, dtype=logits.dtype), k=labels
        )
    else:
        functional = torch.nn.functional.cross_entropy(leaf, labels, reduction="sum")
        symbolic = gradient(logits, labels)
    functional.backward()
    assert_agrees(symbolic.numpy(), leaf.grad.numpy(), dtype, 1)


@needs_torch
@pytest.mark.parametrize("dtype", DTYPES)
def test_torch_sigmoid_bce_gradient_is_autograd(dtype):
    rng = np.random.default_rng(8)
    loss = compiled("BCE with logits", "torch")
    gradient = compiled("sigmoid-BCE gradient (derivative)", "torch")
    for regime in ("random", "adversarial"):
        arguments = inputs(loss, regime, dtype, rng)
        target = torch.from_numpy(arguments["t"])
        logits = torch.from_numpy(arguments["x"]).requires_grad_(True)
        loss(target, logits).sum().backward()
        symbolic = gradient(target, logits.detach())
        assert_agrees(symbolic.numpy(), logits.grad.numpy(), dtype, 1)
        leaf = torch.from_numpy(arguments["x"]).requires_grad_(True)
        torch.nn.functional.binary_cross_entropy_with_logits(
            leaf, target, reduction="sum"
        ).backward()
        assert_agrees(symbolic.numpy(), leaf.grad.numpy(), dtype, 1)


@needs_jax
@pytest.mark.parametrize("dtype", DTYPES)
def test_jax_gradients_are_jax_grad_of_the_compiled_losses(dtype):
    rng = np.random.default_rng(9)
    with jax.enable_x64(dtype == np.float64):
        loss = compiled("CE from logits, probability target", "jax")
        gradient = compiled("softmax-CE gradient (derivative)", "jax")
        for regime in ("random", "adversarial"):
            arguments = inputs(loss, regime, dtype, rng)
            target, logits = jnp.asarray(arguments["y"]), jnp.asarray(arguments["z"])
            automatic = jax.grad(lambda v, target=target: loss(target, v).sum())(logits)
            assert_agrees(np.asarray(gradient(target, logits)), np.asarray(automatic), dtype, 1)
        bce = compiled("BCE with logits", "jax")
        bce_gradient = compiled("sigmoid-BCE gradient (derivative)", "jax")
        arguments = inputs(bce, "adversarial", dtype, rng)
        target, logits = jnp.asarray(arguments["t"]), jnp.asarray(arguments["x"])
        automatic = jax.grad(lambda v: bce(target, v).sum())(logits)
        assert_agrees(np.asarray(bce_gradient(target, logits)), np.asarray(automatic), dtype, 1)


@needs_jax
def test_jax_function_composes_with_jit():
    rng = np.random.default_rng(10)
    function = compiled("log-softmax at a label", "jax")
    logits, labels = rng.normal(size=(4, C)).astype(np.float32), rng.integers(0, C, 4)
    jitted = jax.jit(function)
    np.testing.assert_allclose(
        np.asarray(jitted(logits, labels)), np.asarray(function(logits, labels)), rtol=1e-6
    )


# -- API ----------------------------------------------------------------------------------


def test_import_symxent_imports_neither_torch_nor_jax():
    code = (
        "import sys, symxent, symxent.numeric; "
        "symxent.numeric.losses.entropy([0.5, 0.5]); "
        "print(sorted({'torch', 'jax'} & set(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_unknown_backend_is_refused():
    with pytest.raises(NumericError, match="unknown backend 'cupy'"):
        to_backend(Entropy(p), "cupy")


def test_a_missing_library_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "jax", None)  # makes `import jax` fail
    monkeypatch.setattr(backend_module, "_INSTANCES", {})
    with pytest.raises(NumericError, match=r"pip install 'symxent\[jax\]'"):
        to_backend(Entropy(p), "jax")


@needs_torch
def test_torch_layout_and_out_buffer():
    with pytest.raises(NumericError, match="class axis last"):
        to_backend(Entropy(p), "torch", layout="first")
    function = compiled("entropy bits", "torch")
    out = torch.empty(2, dtype=torch.float64)
    result = function(torch.tensor([[0.5, 0.5] + [0.0] * 8, [1.0] + [0.0] * 9]), out=out)
    assert result is out
    assert out.tolist() == [1.0, 0.0]
    with pytest.raises(NumericError, match="out must be a tensor of shape"):
        function(torch.ones(3, C) / C, out=torch.empty(2))


@needs_torch
def test_torch_bad_arguments_raise_numeric_error():
    function = compiled("log-softmax at a label", "torch")
    logits = torch.zeros(3, C)
    with pytest.raises(NumericError, match=r"must be in 0\.\.9"):
        function(logits, torch.tensor([0, 1, 10]))
    with pytest.raises(NumericError, match="integer array"):
        function(logits, torch.tensor([0.0, 1.0, 2.0]))
    with pytest.raises(NumericError, match="must be real"):
        function(logits.to(torch.complex64), torch.tensor([0, 1, 2]))
    with pytest.raises(NumericError, match="must agree"):
        compiled("KL", "torch")(torch.ones(3, C) / C, torch.ones(3, 4) / 4)


@needs_jax
def test_jax_refuses_out_and_checks_indices():
    function = compiled("log-softmax at a label", "jax")
    with pytest.raises(NumericError, match="immutable"):
        function(jnp.zeros((1, C)), jnp.array([0]), out=np.empty(1))
    with pytest.raises(NumericError, match=r"must be in 0\.\.9"):
        function(jnp.zeros((1, C)), jnp.array([-1]))


def test_backends_share_one_compiled_expression():
    numpy_function = to_numpy(CrossEntropy(y, SoftmaxVector(z)))
    source = numpy_function.source()
    assert "_sx_log_softmax(z, -1)" in source and numpy_function.backend.name == "numpy"
    if torch is not None:
        torch_function = to_backend(CrossEntropy(y, SoftmaxVector(z)), "torch")
        assert torch_function.plan.expr == numpy_function.plan.expr
        assert torch_function.source().split("return")[1] == source.split("return")[1]
