"""Kernel cost per row of CE from logits, one thread, for each vector-math form of the kernels.

Times ``cross_entropy_with_logits`` (mean, integer labels) with symxent on one thread and the
kernels forced on, switching the compiled kernels' vector math (``avx512``, ``avx2``, ``libm``)
between interleaved rounds, and prints the median CPU time per row and its ratio to one read
pass ``x.sum()`` measured in the same rounds. Used to decide whether a machine should run the
256-bit forms rather than the 512-bit ones (double-pumped AVX-512 on Zen 4).

Example:
    Run from outside the worktree (a stale extension in the cwd could be imported)::

        cd /tmp && python /path/to/bench/ce_vector_forms.py --forms avx512,avx2 --rounds 15
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np

from symxent.numeric import cross_entropy_with_logits, native, threads

SHAPES = ((500_000, 2), (250_000, 4), (100_000, 10), (10_000, 100))


def _cpu_seconds(call: Callable[[], Any], repeats: int) -> float:
    start = time.process_time()
    for _ in range(repeats):
        call()
    return (time.process_time() - start) / repeats


def main() -> None:
    """Print one line per shape and dtype: ns per row of each form, and its ratio to x.sum()."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forms", default="avx512,avx2", help="comma-separated vector-math forms")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    kernels = native._kernels()
    forms = args.forms.split(",")
    threads.set_num_threads(1)
    native.use_native("on")
    rng = np.random.default_rng(0)
    for dtype in (np.float64, np.float32):
        for rows, classes in SHAPES:
            z = rng.standard_normal((rows, classes)).astype(dtype)
            labels = rng.integers(0, classes, rows)
            times: dict[str, list[float]] = {form: [] for form in forms}
            floor: list[float] = []
            for _ in range(args.rounds):
                for form in forms:
                    kernels.use_vector_math(form)
                    call = partial(cross_entropy_with_logits, z, labels)
                    times[form].append(_cpu_seconds(call, args.repeats))
                floor.append(_cpu_seconds(z.sum, args.repeats))
            read = float(np.median(floor))
            cells = [
                f"{form}: {np.median(times[form]) / rows * 1e9:.2f} ns/row "
                f"({np.median(times[form]) / read:.2f}x sum)"
                for form in forms
            ]
            print(np.dtype(dtype).name, (rows, classes), "  ".join(cells), flush=True)
    kernels.use_vector_math(True)


if __name__ == "__main__":
    main()
