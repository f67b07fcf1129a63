"""Benchmark symxent's compiled numeric code against numpy, scipy and torch (CPU).

Run: python bench/numeric_bench.py [--repeats 15] [--quick] [--only ce,breakdown,...]

Prints tables of median milliseconds over interleaved repeats (every method runs once per round,
in a new seeded random order each round), and each method's ratio to symxent. Not a
timed test: absolute numbers drift between runs and machines; compare ratios from the same run.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

import numpy as np


def interleaved_times(
    methods: dict[str, Callable[[], object]], repeats: int
) -> dict[str, list[float]]:
    """Seconds of every method in every round; each round runs the methods in a new (seeded)
    random order, so no method always runs first or always right after the same other one
    (after a method that allocates a large array, or after torch, whose threads keep spinning
    for a while, the next call is slower)."""
    for method in methods.values():  # warm-up: compile, allocate, import
        method()
    names = list(methods)
    times: dict[str, list[float]] = {name: [] for name in names}
    order = random.Random(len(names) * 1000 + repeats)
    for _ in range(repeats):
        for name in order.sample(names, len(names)):
            start = time.perf_counter()
            methods[name]()
            times[name].append(time.perf_counter() - start)
    return times


def interleaved(methods: dict[str, Callable[[], object]], repeats: int) -> dict[str, float]:
    """Median milliseconds of every method over interleaved rounds."""
    times = interleaved_times(methods, repeats)
    return {name: statistics.median(values) * 1e3 for name, values in times.items()}


def round_ratio(times: dict[str, list[float]], numerator: str, denominator: str) -> float:
    """The median over rounds of one method's time over another's in the same round."""
    pairs = zip(times[numerator], times[denominator], strict=True)
    return statistics.median(a / b for a, b in pairs)


def table(title: str, rows: list[tuple[str, dict[str, float]]], reference: str) -> None:
    names = list(rows[0][1])
    print(f"\n### {title}\n")
    print("| method | " + " | ".join(label for label, _ in rows) + " |")
    print("|---|" + "---|" * len(rows))
    for name in names:
        cells = []
        for _, result in rows:
            ms = result.get(name)
            ratio = ms / result[reference] if ms is not None else None
            cells.append("-" if ms is None else f"{ms:.2f} ({ratio:.2f}x)")
        print(f"| {name} | " + " | ".join(cells) + " |")


def hand_numpy_ce(z: np.ndarray, labels: np.ndarray) -> float:
    m = z.max(axis=1, keepdims=True)
    lse = np.log(np.exp(z - m).sum(axis=1)) + m[:, 0]
    return float((lse - z[np.arange(len(z)), labels]).mean())


def one_thread(call: Callable[[], object]) -> object:
    """``call()`` with symxent's numpy functions on one thread."""
    from symxent.numeric import threads

    threads.set_num_threads(1)
    try:
        return call()
    finally:
        threads.set_num_threads(None)


def torch_one_thread(torch: Any, call: Callable[[], object]) -> object:
    """``call()`` with torch's intra-op threads set to one."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        return call()
    finally:
        torch.set_num_threads(before)


def cross_entropy_bench(repeats: int, quick: bool) -> None:
    from scipy import special

    from symxent.numeric import losses

    try:
        import torch
    except ImportError:
        torch = None
    # every shape of 1e6 elements or more that the issue-12 target names, and (1e5, 10)
    shapes = [(500_000, 2), (250_000, 4), (100_000, 10), (1_000_000, 10), (10_000, 100)]
    shapes += [(10_000, 1000), (1000, 32000)]
    if quick:
        shapes = [(100_000, 10), (10_000, 1000)]
    rng = np.random.default_rng(0)
    for dtype in (np.float64, np.float32):
        rows = []
        ratios = []
        for n, c in shapes:
            z = rng.normal(size=(n, c)).astype(dtype) * 3
            labels = rng.integers(0, c, n)
            methods: dict[str, Callable[[], object]] = {
                "symxent": lambda z=z, labels=labels: losses.cross_entropy_with_logits(z, labels),
                "hand-written numpy": lambda z=z, labels=labels: hand_numpy_ce(z, labels),
                "scipy log_softmax": lambda z=z, labels=labels: (
                    -special.log_softmax(z, axis=1)[np.arange(len(z)), labels].mean()
                ),
            }
            if torch is not None:
                tz, tl = torch.from_numpy(z), torch.from_numpy(labels)
                methods["torch F.cross_entropy"] = lambda tz=tz, tl=tl: (
                    torch.nn.functional.cross_entropy(tz, tl)
                )
            methods["symxent, 1 thread"] = lambda z=z, labels=labels: one_thread(
                lambda: losses.cross_entropy_with_logits(z, labels)
            )
            methods["symxent, numpy route"] = lambda z=z, labels=labels: numpy_route(
                lambda: losses.cross_entropy_with_logits(z, labels)
            )
            methods["symxent, kernels forced"] = lambda z=z, labels=labels: kernels_forced(
                lambda: losses.cross_entropy_with_logits(z, labels)
            )
            if torch is not None:
                methods["torch, 1 thread"] = lambda tz=tz, tl=tl: torch_one_thread(
                    torch, lambda: torch.nn.functional.cross_entropy(tz, tl)
                )
            methods["floor: x.sum()"] = z.sum
            methods["one np.exp(x)"] = lambda z=z: np.exp(z)
            times = interleaved_times(methods, repeats)
            label = f"({n:.0e}, {c}) {np.dtype(dtype).name}"
            rows.append((label, {m: statistics.median(t) * 1e3 for m, t in times.items()}))
            ratios.append(
                (label, [round_ratio(times, *pair) for pair in ROUND_RATIOS if pair[0] in times])
            )
            check = [
                float(losses.cross_entropy_with_logits(z, labels)),
                hand_numpy_ce(z.astype(np.float64), labels),
            ]
            assert abs(check[0] - check[1]) <= 1e-4 * abs(check[1]), check
        table(f"CE from logits, mean, integer labels, {np.dtype(dtype).name}, ms", rows, "symxent")
        pairs = [f"{a} / {b}" for a, b in ROUND_RATIOS if torch is not None or "torch" not in a]
        print("\nper-round medians of ratios\n\n| shape | " + " | ".join(pairs) + " |")
        print("|---|" + "---|" * len(pairs))
        for label, values in ratios:
            print(f"| {label} | " + " | ".join(f"{value:.2f}" for value in values) + " |")


ROUND_RATIOS = [
    ("symxent", "floor: x.sum()"),
    ("torch F.cross_entropy", "symxent"),
    ("symxent", "symxent, numpy route"),
    ("symxent", "symxent, kernels forced"),
]
"""The per-round ratios the CE section prints: the target (within 3x of one read pass), torch,
and the dispatch (the default never slower than either of its own routes)."""


def large_logits_bench(repeats: int) -> None:
    """CE from logits whose rows need the max shift: sums above the bound (+100), or rows
    spanning hundreds (x30: subnormal exps in the shifted form, clamped)."""
    from symxent.numeric import losses

    try:
        import torch
    except ImportError:
        print("\n(torch not installed: large-logits benchmark skipped)")
        return
    rng = np.random.default_rng(5)
    rows, floors = [], []
    for dtype in (np.float32, np.float64):
        for n, c in [(100_000, 10), (10_000, 1000)]:
            base = rng.normal(size=(n, c)) * 3
            labels = rng.integers(0, c, n)
            tl = torch.from_numpy(labels)
            methods: dict[str, Callable[[], object]] = {}
            for kind, values in [("+100", base + 100), ("x30", base * 10)]:
                z = values.astype(dtype)
                tz = torch.from_numpy(z)
                methods[f"symxent, logits {kind}"] = lambda z=z, labels=labels: (
                    losses.cross_entropy_with_logits(z, labels)
                )
                methods[f"torch, logits {kind}"] = lambda tz=tz, tl=tl: (
                    torch.nn.functional.cross_entropy(tz, tl)
                )
            methods["floor: x.sum()"] = z.sum
            times = interleaved_times(methods, repeats)
            label = f"({n:.0e}, {c}) {np.dtype(dtype).name}"
            rows.append((label, {m: statistics.median(t) * 1e3 for m, t in times.items()}))
            ratio = round_ratio(times, "symxent, logits +100", "floor: x.sum()")
            floors.append(f"{label} {ratio:.2f}")
    table("CE from logits, rows that need the shift, ms", rows, "symxent, logits +100")
    print("\nper-round median of symxent +100 / x.sum(): " + ", ".join(floors))


def numpy_route(call: Callable[[], object]) -> object:
    """``call()`` with the compiled row kernels turned off (symxent's numpy row route)."""
    from symxent.numeric import native

    before = native.mode()
    native.use_native(False)
    try:
        return call()
    finally:
        native.use_native(before)


def kernels_forced(call: Callable[[], object]) -> object:
    """``call()`` with the compiled row kernels used everywhere (no dispatch by measurement)."""
    from symxent.numeric import native

    before = native.mode()
    native.use_native(True)
    try:
        return call()
    finally:
        native.use_native(before)


def cpu_model() -> str:
    """The CPU's model name and whether it has AVX-512 (from /proc/cpuinfo on Linux)."""
    try:
        text = open("/proc/cpuinfo").read()  # noqa: SIM115
    except OSError:  # pragma: no cover - not Linux
        return "unknown CPU"
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in text.splitlines()
            if line.startswith("model name")
        ),
        "unknown CPU",
    )
    family = next(
        (
            line.split(":", 1)[1].strip()
            for line in text.splitlines()
            if line.startswith("cpu family")
        ),
        "?",
    )
    flags = " avx512f" in text
    return f"{model} (family {family}), {'AVX-512' if flags else 'AVX2, no AVX-512'}"


def breakdown_bench(repeats: int) -> None:
    """Where the time of symxent's CE from logits goes.

    The compiled kernel runs over the whole array on its threads, its ``exp`` alone on one thread
    over the chunks; the numpy ``exp`` pass runs over the chunks the numpy route uses
    (``chunk_elements(C, dtype)`` elements: 1 MiB up to 64 classes). The fixed cost is a call on
    10 rows.
    """
    from symxent.numeric import losses, native
    from symxent.numeric.backend import get_backend
    from symxent.numeric.chunks import chunk_elements
    from symxent.numeric.rows import _PICK_LOW, _SMALLEST_NORMAL, _sum_bounds

    numpy_backend = get_backend("numpy")

    try:
        import torch
    except ImportError:
        torch = None
    if not native.available():
        print("\n(the compiled kernels are not built: breakdown skipped)")
        return
    import _symxent_kernels

    rng = np.random.default_rng(3)
    for title, cases in [
        ("C = 10", [(100_000, 10, np.float32), (100_000, 10, np.float64)]),
        ("C = 10, 1e6 rows", [(1_000_000, 10, np.float32), (1_000_000, 10, np.float64)]),
        (
            "many classes",
            [
                (10_000, 1000, np.float32),
                (1000, 32000, np.float32),
                (10_000, 1000, np.float64),
                (1000, 32000, np.float64),
            ],
        ),
    ]:
        rows_out = []
        for n, c, dtype in cases:
            z = (rng.normal(size=(n, c)) * 3).astype(dtype)
            labels = rng.integers(0, c, n)
            step = chunk_elements(c, dtype) // c
            chunks = [z[a : a + step] for a in range(0, n, step)]
            buffer = np.empty((step, c), dtype=dtype)
            wide = np.empty(step * c)
            low, high = _sum_bounds(c, np.dtype(dtype))
            bounds = {
                "low": low,
                "high": high,
                "pick_low": _PICK_LOW[np.dtype(dtype)],
                "tiny": _SMALLEST_NORMAL[np.dtype(dtype)],
            }
            small_z, small_labels = z[:10].copy(), labels[:10].copy()

            def numpy_exp(chunks=chunks, buffer=buffer) -> None:
                for part in chunks:
                    np.exp(part, out=buffer[: len(part)])

            def kernel_exp(chunks=chunks, wide=wide, f32=dtype == np.float32) -> None:
                for part in chunks:
                    _symxent_kernels.exp(part, wide[: part.size], part.size, f32)

            methods: dict[str, Callable[[], object]] = {
                "symxent (whole call)": lambda z=z, labels=labels: losses.cross_entropy_with_logits(
                    z, labels
                ),
            }
            if torch is not None:
                tz, tl = torch.from_numpy(z), torch.from_numpy(labels)
                methods["torch F.cross_entropy"] = lambda tz=tz, tl=tl: (
                    torch.nn.functional.cross_entropy(tz, tl)
                )
            methods |= {
                "symxent, numpy route": lambda z=z, labels=labels: numpy_route(
                    lambda: losses.cross_entropy_with_logits(z, labels)
                ),
                "read floor: z.sum()": z.sum,
                "kernel alone (its threads)": lambda z=z, labels=labels, bounds=bounds: (
                    native.take_log_softmax_rows(z, labels, **bounds, negate=True)
                ),
                "kernel's exp alone, 1 thread": kernel_exp,
                "numpy exp pass (chunks, out=)": numpy_exp,
                "fixed cost: a call on 10 rows": lambda z=small_z, labels=small_labels: (
                    losses.cross_entropy_with_logits(z, labels)
                ),
                "label range check (one pass)": lambda labels=labels, c=c: (
                    numpy_backend.index_bounds_outside(labels, c)
                ),
            }
            label = f"({n:.0e}, {c}) {np.dtype(dtype).name}"
            rows_out.append((label, interleaved(methods, repeats)))
        table(
            f"Breakdown: CE from logits, mean, integer labels, {title}, ms",
            rows_out,
            "symxent (whole call)",
        )


def backends_bench(repeats: int) -> None:
    """The same compiled expressions, per sample, with the numpy, torch and jax backends."""
    from symxent import (
        CrossEntropy,
        Distribution,
        Entropy,
        Labels,
        Logits,
        LogSoftmax,
        SoftmaxVector,
    )
    from symxent.numeric import to_backend

    z, y, p = Logits("z", "C"), Labels("y", "C"), Distribution("p", "C")
    k = z.index("k")
    expressions = {
        "CE at an integer label": -LogSoftmax(z, k),
        "CE of a probability target": CrossEntropy(y, SoftmaxVector(z)),
        "entropy": Entropy(p),
    }
    backends = ["numpy"]
    for name in ("torch", "jax"):
        try:
            __import__(name)
            backends.append(name)
        except ImportError:
            print(f"\n({name} not installed: its backend is not benchmarked)")
    if "jax" in backends:
        import jax

        jax.config.update("jax_enable_x64", True)
    rng = np.random.default_rng(4)
    for n, c in [(100_000, 10), (10_000, 1000)]:
        logits = rng.normal(size=(n, c)) * 3
        labels = rng.integers(0, c, n)
        target = rng.dirichlet(np.ones(c), n)
        arguments = {
            "CE at an integer label": (logits, labels),
            "CE of a probability target": (target, logits),
            "entropy": (target,),
        }
        rows = []
        for label, expr in expressions.items():
            methods: dict[str, Callable[[], object]] = {}
            for backend in backends:
                function = to_backend(expr, backend)
                args = [library_array(backend, a) for a in arguments[label]]
                methods[f"symxent {backend}"] = lambda f=function, args=args, b=backend: block(
                    b, f(*args)
                )
            rows.append((label, interleaved(methods, repeats)))
        names = list(rows[0][1])
        print(f"\n### Backends, per-sample values, ({n:.0e}, {c}) float64, ms\n")
        print("| expression | " + " | ".join(names) + " |")
        print("|---|" + "---|" * len(names))
        for label, result in rows:
            cells = [f"{result[m]:.2f} ({result[m] / result['symxent numpy']:.2f}x)" for m in names]
            print(f"| {label} | " + " | ".join(cells) + " |")


def library_array(backend: str, value: np.ndarray) -> object:
    if backend == "torch":
        import torch

        return torch.from_numpy(value)
    if backend == "jax":
        import jax.numpy as jnp

        return jnp.asarray(value)
    return value


def block(backend: str, value: object) -> object:
    """Wait for jax's asynchronous dispatch, so the time is the computation's."""
    if backend == "jax":
        return value.block_until_ready()  # type: ignore[attr-defined]
    return value


INFORMATION_SHAPES = [(100_000, 10), (1_000_000, 10), (10_000, 1000), (1000, 32000)]


def information_peers(
    kind: str, p: np.ndarray, q: np.ndarray, torch: Any
) -> dict[str, Callable[[], object]]:
    """The hand-written and library versions of one information quantity (all unchecked)."""
    from scipy import special, stats

    def where_log(x: np.ndarray) -> np.ndarray:  # log x where p > 0, else 0 (0 log 0 = 0)
        return np.log(x, where=p > 0, out=np.zeros_like(x))

    if kind == "entropy":
        peers: dict[str, Callable[[], object]] = {
            "numpy einsum(p, log p)": lambda: -np.einsum("ij,ij->i", p, np.log(p)),
            "numpy where": lambda: -np.einsum("ij,ij->i", p, where_log(p)),
            "scipy entr.sum": lambda: special.entr(p).sum(axis=1),
            "scipy.stats.entropy": lambda: stats.entropy(p, axis=1),
        }
    elif kind == "cross_entropy":
        peers = {
            "numpy einsum(p, log q)": lambda: -np.einsum("ij,ij->i", p, np.log(q)),
            "numpy where": lambda: -np.einsum("ij,ij->i", p, where_log(q)),
            "scipy xlogy.sum": lambda: -special.xlogy(p, q).sum(axis=1),
        }
    else:
        peers = {
            "numpy einsum(p, log(p/q))": lambda: np.einsum("ij,ij->i", p, np.log(p / q)),
            "numpy where": lambda: np.einsum("ij,ij->i", p, where_log(p / q)),
            "scipy rel_entr.sum": lambda: special.rel_entr(p, q).sum(axis=1),
            "scipy.stats.entropy": lambda: stats.entropy(p, q, axis=1),
        }
    if torch is not None:
        tp, tq = torch.from_numpy(p), torch.from_numpy(q)
        peers["torch"] = {
            "entropy": lambda: torch.special.entr(tp).sum(-1),
            "cross_entropy": lambda: -torch.special.xlogy(tp, tq).sum(-1),
            "kl": lambda: torch.nn.functional.kl_div(tq.log(), tp, reduction="none").sum(-1),
        }[kind]
    return peers


def information_bench(repeats: int) -> None:
    """Entropy, cross-entropy and KL of probability rows, checked (entries >= 0, rows summing
    to 1) in symxent, against hand-written numpy, scipy and torch (unchecked). Ratios are
    per-round medians of peer / symxent (above 1: symxent is faster).

    ``SYMXENT_BENCH_VECTOR_MATH=avx2`` forces the kernels' AVX2 exp/log (with
    ``NPY_DISABLE_CPU_FEATURES`` and ``ATEN_CPU_CAPABILITY=avx2``: an AVX2 machine emulated)."""
    from symxent.numeric import losses, native

    forced = os.environ.get("SYMXENT_BENCH_VECTOR_MATH")
    if forced and native.available():
        import _symxent_kernels

        print(f"\nkernels' vector math forced: {_symxent_kernels.use_vector_math(forced)}")
    try:
        import torch
    except ImportError:
        torch = None
    functions: dict[str, Callable[..., object]] = {
        "entropy": lambda p, q: losses.entropy(p),
        "cross_entropy": losses.cross_entropy,
        "kl": losses.kl_divergence,
    }
    rng = np.random.default_rng(1)
    lines = []
    for dtype in (np.float64, np.float32):
        for shape in INFORMATION_SHAPES:
            p, q = (rng.random(shape) + 0.01 for _ in range(2))
            p, q = ((a / a.sum(axis=1, keepdims=True)).astype(dtype) for a in (p, q))
            for kind, function in functions.items():
                methods = {"symxent": lambda f=function, p=p, q=q: f(p, q)}
                methods.update(information_peers(kind, p, q, torch))
                times = interleaved_times(methods, repeats if p.size < 10**7 else 5)
                sx = statistics.median(times["symxent"]) * 1e3
                ratios = {name: round_ratio(times, name, "symxent") for name in times}
                del ratios["symxent"]
                best = min(ratios, key=ratios.__getitem__)
                cells = ", ".join(f"{name} {value:.2f}" for name, value in ratios.items())
                lines.append(
                    f"| {kind} | ({shape[0]:.0e}, {shape[1]}) | {np.dtype(dtype).name} | "
                    f"{sx:.2f} | {ratios[best]:.2f} ({best}) | {cells} |"
                )
            del p, q
    print("\n### Information quantities, checked rows: peer / symxent (per-round medians)\n")
    print("| quantity | shape | dtype | symxent ms | fastest peer / sx | every peer / sx |")
    print("|---|---|---|---|---|---|")
    print("\n".join(lines))


def binary_bench(repeats: int, quick: bool) -> None:
    """Sigmoid, softplus and the binary cross-entropies (mean) against torch, scipy and numpy.

    torch and symxent on their default threads; scipy and numpy on one. The BCE targets are
    0/1 labels; probabilities uniform in (0, 1).
    """
    import torch
    import torch.nn.functional as F  # noqa: N812
    from scipy import special

    from symxent.numeric import losses, runtime

    shapes = [(1_000_000,), (100_000, 10), (10_000, 1000)] + ([] if quick else [(10_000_000,)])
    rng = np.random.default_rng(2)
    for dtype in (np.float64, np.float32):
        results: dict[str, list[tuple[str, dict[str, float]]]] = {}
        for shape in shapes:
            z = (rng.standard_normal(shape) * 3).astype(dtype)
            y = (rng.random(shape) < 0.5).astype(dtype)
            p = rng.random(shape).astype(dtype)
            tz, ty, tp = torch.from_numpy(z), torch.from_numpy(y), torch.from_numpy(p)
            label = (
                "("
                + ", ".join(f"1e{len(str(n)) - 1}" for n in shape)
                + (",)" if len(shape) == 1 else ")")
            )

            def numpy_bce_logits(z: np.ndarray = z, y: np.ndarray = y) -> object:
                return (np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))).mean()

            def scipy_bce(p: np.ndarray = p, y: np.ndarray = y) -> object:
                return -(special.xlogy(y, p) + special.xlog1py(1 - y, -p)).mean()

            methods = {
                "sigmoid": {
                    "symxent": lambda z=z: losses.sigmoid(z),
                    "torch.sigmoid": lambda tz=tz: torch.sigmoid(tz),
                    "scipy.special.expit": lambda z=z: special.expit(z),
                },
                "softplus": {
                    "symxent": lambda z=z: runtime.softplus(z),
                    "torch F.softplus": lambda tz=tz: F.softplus(tz),
                    "numpy logaddexp(z, 0)": lambda z=z: np.logaddexp(z, 0),
                },
                "BCE with logits": {
                    "symxent": lambda z=z, y=y: losses.binary_cross_entropy_with_logits(y, z),
                    "torch F.binary_cross_entropy_with_logits": lambda tz=tz, ty=ty: (
                        F.binary_cross_entropy_with_logits(tz, ty)
                    ),
                    "numpy by hand": numpy_bce_logits,
                },
                "BCE from probabilities": {
                    "symxent": lambda p=p, y=y: losses.binary_cross_entropy(y, p),
                    "torch F.binary_cross_entropy": lambda tp=tp, ty=ty: F.binary_cross_entropy(
                        tp, ty
                    ),
                    "scipy xlogy + xlog1py": scipy_bce,
                },
            }
            for function, calls in methods.items():
                results.setdefault(function, []).append((label, interleaved(calls, repeats)))
        for function, rows in results.items():
            table(f"{function}, {np.dtype(dtype).name}, ms", rows, "symxent")


def gradient_bench(repeats: int) -> None:
    from symxent.numeric import losses

    try:
        import torch
    except ImportError:
        print("\n(torch not installed: gradient benchmark skipped)")
        return
    rng = np.random.default_rng(2)
    rows = []
    for n, c in [(100_000, 10), (10_000, 1000)]:
        z = rng.normal(size=(n, c))
        labels = rng.integers(0, c, n)
        tl = torch.from_numpy(labels)

        def autograd(z: np.ndarray = z, tl: torch.Tensor = tl) -> object:
            tz = torch.from_numpy(z).requires_grad_(True)
            torch.nn.functional.cross_entropy(tz, tl).backward()
            return tz.grad

        result = interleaved(
            {
                "symxent": lambda z=z, labels=labels: losses.softmax_cross_entropy_grad(z, labels),
                "torch autograd (forward+backward)": autograd,
            },
            repeats,
        )
        rows.append((f"({n:.0e}, {c}) float64", result))
    table("Softmax-CE gradient (mean), ms", rows, "symxent")


def _numpy_softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _numpy_log_softmax(z: np.ndarray) -> np.ndarray:
    s = z - z.max(axis=-1, keepdims=True)
    return s - np.log(np.exp(s).sum(axis=-1, keepdims=True))


def _numpy_ce_grad(z: np.ndarray, k: np.ndarray) -> np.ndarray:
    g = _numpy_softmax(z).reshape(-1, z.shape[-1])
    g[np.arange(len(g)), k.reshape(-1)] -= 1.0
    return (g / len(g)).reshape(z.shape)


def per_call_us(methods: dict[str, Callable[[], object]], repeats: int) -> dict[str, float]:
    """Microseconds per call of each method: the fastest of ``repeats`` loops of about 1 ms.

    The loops of the methods are interleaved (every round runs each method's loop once, in a new
    seeded order), and the fastest loop is kept: on a loaded machine the median of a few loops
    drifts by 2x between runs, the fastest loop far less.
    """
    import timeit

    timers = {name: timeit.Timer(call) for name, call in methods.items()}
    numbers = {
        name: max(1, int(1e-3 / max(timer.timeit(5) / 5, 1e-7))) for name, timer in timers.items()
    }
    best = dict.fromkeys(methods, float("inf"))
    order = random.Random(repeats)
    for _ in range(repeats):
        for name in order.sample(list(methods), len(methods)):
            best[name] = min(best[name], timers[name].timeit(numbers[name]) / numbers[name])
    return {name: seconds * 1e6 for name, seconds in best.items()}


def small_cases(a: dict[str, Any]) -> dict[str, dict[str, Callable[[], object]]]:
    """The methods of the ``small`` section on the arrays ``a``: function -> method -> call."""
    from scipy import special, stats

    from symxent.numeric import losses

    try:
        import torch
        import torch.nn.functional as tf
    except ImportError:
        torch = None
    p, q, z, x, t, s, k = (a[n] for n in "pqzxtsk")
    out: dict[str, dict[str, Callable[[], object]]] = {
        "entropy": {
            "symxent": lambda: losses.entropy(p),
            "numpy": lambda: -(p * np.log(p)).sum(axis=-1),
            "scipy entr": lambda: special.entr(p).sum(axis=-1),
            "scipy.stats": lambda: stats.entropy(p, axis=-1),
        },
        "cross_entropy": {
            "symxent": lambda: losses.cross_entropy(p, q),
            "numpy": lambda: -(p * np.log(q)).sum(axis=-1),
            "scipy xlogy": lambda: -special.xlogy(p, q).sum(axis=-1),
        },
        "kl_divergence": {
            "symxent": lambda: losses.kl_divergence(p, q),
            "numpy": lambda: (p * np.log(p / q)).sum(axis=-1),
            "scipy rel_entr": lambda: special.rel_entr(p, q).sum(axis=-1),
        },
        "softmax": {
            "symxent": lambda: losses.softmax(z),
            "numpy": lambda: _numpy_softmax(z),
            "scipy": lambda: special.softmax(z, axis=-1),
        },
        "log_softmax": {
            "symxent": lambda: losses.log_softmax(z),
            "numpy": lambda: _numpy_log_softmax(z),
            "scipy": lambda: special.log_softmax(z, axis=-1),
        },
        "logsumexp": {
            "symxent": lambda: losses.logsumexp(z),
            "numpy": lambda: (
                np.log(np.exp(z - (m := z.max(-1, keepdims=True))).sum(-1)) + m[..., 0]
            ),
            "scipy": lambda: special.logsumexp(z, axis=-1),
        },
        "sigmoid": {
            "symxent": lambda: losses.sigmoid(x),
            "numpy": lambda: 1.0 / (1.0 + np.exp(-x)),
            "scipy expit": lambda: special.expit(x),
        },
        "nll": {
            "symxent": lambda: losses.nll(s),
            "numpy": lambda: -np.log(s).sum(axis=-1),
        },
        "cross_entropy_with_logits": {
            "symxent": lambda: losses.cross_entropy_with_logits(z, k),
            "numpy": lambda: -np.mean(np.take_along_axis(_numpy_log_softmax(z), k[..., None], -1)),
            "scipy": lambda: (
                -np.mean(np.take_along_axis(special.log_softmax(z, axis=-1), k[..., None], -1))
            ),
        },
        "binary_cross_entropy": {
            "symxent": lambda: losses.binary_cross_entropy(t, s),
            "numpy": lambda: -np.mean(t * np.log(s) + (1 - t) * np.log1p(-s)),
            "scipy xlogy": lambda: -np.mean(special.xlogy(t, s) + special.xlog1py(1 - t, -s)),
        },
        "binary_cross_entropy_with_logits": {
            "symxent": lambda: losses.binary_cross_entropy_with_logits(t, x),
            "numpy": lambda: np.mean(np.maximum(x, 0) - x * t + np.log1p(np.exp(-np.abs(x)))),
        },
        "softmax_cross_entropy_grad": {
            "symxent": lambda: losses.softmax_cross_entropy_grad(z, k),
            "numpy": lambda: _numpy_ce_grad(z, k),
        },
    }
    if torch is not None:
        tp, tq, tz, tx, tt, ts = (torch.from_numpy(a[n]) for n in "pqzxts")
        tk = torch.from_numpy(k)

        def autograd() -> object:
            leaf = tz.detach().requires_grad_(True)
            tf.cross_entropy(leaf, tk).backward()
            return leaf.grad

        out["entropy"]["torch"] = lambda: torch.special.entr(tp).sum(-1)
        out["cross_entropy"]["torch"] = lambda: -(tp * tq.log()).sum(-1)
        out["kl_divergence"]["torch"] = lambda: tf.kl_div(tq.log(), tp, reduction="none").sum(-1)
        out["softmax"]["torch"] = lambda: torch.softmax(tz, -1)
        out["log_softmax"]["torch"] = lambda: torch.log_softmax(tz, -1)
        out["logsumexp"]["torch"] = lambda: torch.logsumexp(tz, -1)
        out["sigmoid"]["torch"] = lambda: torch.sigmoid(tx)
        out["nll"]["torch"] = lambda: -ts.log().sum(-1)
        out["cross_entropy_with_logits"]["torch"] = lambda: tf.cross_entropy(
            tz.reshape(-1, tz.shape[-1]), tk.reshape(-1)
        )
        out["binary_cross_entropy"]["torch"] = lambda: tf.binary_cross_entropy(ts, tt)
        out["binary_cross_entropy_with_logits"]["torch"] = lambda: (
            tf.binary_cross_entropy_with_logits(tx, tt)
        )
        out["softmax_cross_entropy_grad"]["torch autograd"] = autograd
    return out


def small_bench(repeats: int) -> None:
    """Per-call cost on small inputs: every public loss against its fastest natural peer.

    Microseconds per call (:func:`per_call_us`). The torch inputs are made with
    ``torch.from_numpy`` before the loops (the conversion is not counted as the user's cost), and
    torch runs on one thread: on these inputs its OpenMP threads only cost (on a loaded 2-vCPU
    machine some of its calls then took milliseconds). "peer / symxent" is the fastest peer's
    time over symxent's: above 1 symxent is faster, 0.5 is the issue's "within 2x".
    """
    try:
        import torch

        torch_threads = torch.get_num_threads()
        torch.set_num_threads(1)
    except ImportError:
        torch = None
    try:
        small_tables(repeats)
    finally:
        if torch is not None:
            torch.set_num_threads(torch_threads)


def small_tables(repeats: int) -> None:
    """The tables of :func:`small_bench`."""
    rng = np.random.default_rng(5)
    shapes = [(10,), (1000,), (100, 10), (1000, 10), (10, 1000)]
    results: dict[tuple[str, str, tuple[int, ...]], dict[str, float]] = {}
    for dtype in (np.float64, np.float32):
        for shape in shapes:
            p = rng.random(shape) + 0.01
            p /= p.sum(axis=-1, keepdims=True)
            q = rng.random(shape) + 0.01
            q /= q.sum(axis=-1, keepdims=True)
            arrays = {
                "p": p.astype(dtype),
                "q": q.astype(dtype),
                "z": (rng.standard_normal(shape) * 3).astype(dtype),
                "x": (rng.standard_normal(shape) * 3).astype(dtype),
                "t": rng.random(shape).astype(dtype),
                "s": rng.uniform(0.01, 0.99, shape).astype(dtype),
                "k": np.asarray(rng.integers(0, shape[-1], shape[:-1])),
            }
            for name, methods in small_cases(arrays).items():
                results[(name, np.dtype(dtype).name, shape)] = per_call_us(methods, repeats)
    for dtype_name in ("float64", "float32"):
        print(
            f"\n### Small inputs, {dtype_name}: symxent us per call (fastest peer / symxent, "
            "the fastest peer; torch / symxent)\n"
        )
        print("| function | " + " | ".join(str(s) for s in shapes) + " |")
        print("|---|" + "---|" * len(shapes))
        for name in small_cases(arrays):
            cells = []
            for shape in shapes:
                times = results[(name, dtype_name, shape)]
                peer = min((m for m in times if m != "symxent"), key=times.__getitem__)
                ratio = times[peer] / times["symxent"]
                torch_time = next((v for m, v in times.items() if m.startswith("torch")), None)
                vs_torch = (
                    "" if torch_time is None else f"; torch {torch_time / times['symxent']:.2f}x"
                )
                cells.append(f"{times['symxent']:.1f} ({ratio:.2f}x {peer}{vs_torch})")
            print(f"| {name} | " + " | ".join(cells) + " |")


def symbolic_bench() -> None:
    code = "import time; t = time.perf_counter(); import symxent; print(time.perf_counter() - t)"
    runs = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(5)
    ]
    print(
        f"\n### Symbolic costs\n\nimport symxent: median {statistics.median(runs) * 1e3:.0f} ms "
        f"over 5 fresh interpreters"
    )
    leaked = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, symxent; print(sorted({m.split('.')[0] for m in "
            "sys.modules} & {'scipy', 'torch', 'jax', 'latex2sympy2_extended'}))",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    print(f"heavy modules imported by `import symxent`: {leaked}")
    import importlib.util
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[1] / "derivations"
    print("\n| derivation | build ms | check ms | verdicts |\n|---|---|---|---|")
    for path in sorted(root.glob("*.py")):
        spec = importlib.util.spec_from_file_location(f"_bench_{path.stem}", path)
        if spec is None or spec.loader is None:
            continue
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        start = time.perf_counter()
        topic = module.topic()
        built = time.perf_counter() - start
        for derivation in topic.chains:
            start = time.perf_counter()
            report = derivation.check()
            checked = time.perf_counter() - start
            per_build = built * 1e3 / len(topic.chains)
            print(
                f"| {path.stem}: {derivation.title[:50]} | {per_build:.0f}"
                f" | {checked * 1e3:.0f} | {report.counts()} |"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--quick", action="store_true", help="fewer shapes, for a smoke run")
    parser.add_argument("--skip-symbolic", action="store_true")
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated sections: ce, breakdown, binary, large, information, gradient, "
        "backends, small",
    )
    parser.add_argument(
        "--vector-math",
        choices=["avx512", "avx2", "libm"],
        help="force the kernels' exp/log (e.g. avx2 on an AVX-512 machine, with numpy held to "
        "AVX2 by NPY_DISABLE_CPU_FEATURES, to stand in for an AVX2-only machine)",
    )
    args = parser.parse_args(argv)
    from symxent.numeric import dispatch, native, threads

    if args.vector_math:
        import _symxent_kernels

        got = _symxent_kernels.use_vector_math(args.vector_math)
        if got != args.vector_math:
            parser.error(f"this CPU has no {args.vector_math} (the kernels chose {got})")

    print(
        f"{cpu_model()}; numpy {np.__version__}; {os.cpu_count()} CPUs; symxent threads: "
        f"{threads.num_threads()}; compiled kernels: {native.vector_math()} "
        f"(mode {native.mode()}); medians of {args.repeats} interleaved "
        "repeats; ratio = method / symxent"
    )
    print(f"machine load (1, 5, 15 min) at the start: {load()}")
    only = {name for name in args.only.split(",") if name}
    sections: list[tuple[str, Callable[[], None]]] = [
        ("ce", lambda: cross_entropy_bench(args.repeats, args.quick)),
        ("breakdown", lambda: breakdown_bench(args.repeats)),
        ("binary", lambda: binary_bench(args.repeats, args.quick)),
    ]
    if not args.quick:
        sections += [
            ("large", lambda: large_logits_bench(args.repeats)),
            ("information", lambda: information_bench(args.repeats)),
            ("gradient", lambda: gradient_bench(args.repeats)),
            ("backends", lambda: backends_bench(args.repeats)),
            ("small", lambda: small_bench(args.repeats)),
        ]
    for name, section in sections:
        if not only or name in only:
            section()
    if not args.skip_symbolic and not only:
        symbolic_bench()
    print("\nkernels chosen by the one-time measurement (mode auto):")
    for operation, choice in dispatch.choices().items():
        print(f"- {operation}: {choice}")
    print(f"\nmachine load (1, 5, 15 min) at the end: {load()}")
    return 0


def load() -> str:
    try:
        return ", ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:  # pragma: no cover - not available on every platform
        return "unknown"


if __name__ == "__main__":
    raise SystemExit(main())
