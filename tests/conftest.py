"""Shared fixtures: the built-in topics checked once per test session."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

from symxent.catalogue import builtin_names, load
from symxent.topic import TopicReport


@pytest.fixture(scope="session")
def checked_topics() -> dict[str, TopicReport]:
    """Every built-in topic, loaded and checked once."""
    return {name: load(name).check() for name in builtin_names()}


@pytest.fixture(scope="session")
def tex() -> str:
    """Path of pdflatex; TeX is required in CI (.ci/run installs it)."""
    path = shutil.which("pdflatex")
    if path is None:
        pytest.fail("pdflatex is not installed: run .ci/run or install TeX Live (see README)")
    return path


@pytest.fixture(params=["native", "numpy"])
def numeric_route(request: pytest.FixtureRequest) -> Iterator[str]:
    """Run a test once on the compiled row kernels and once on the numpy row route.

    The kernels must be built (``pip install .`` compiles them); only ``SYMXENT_NATIVE=0`` in the
    environment skips their half, on purpose.
    """
    from symxent.numeric import native

    wanted = request.param == "native"
    if wanted and not native.available():
        if os.environ.get(native.ENVIRONMENT_VARIABLE) == "0":
            pytest.skip("SYMXENT_NATIVE=0: the compiled kernels are turned off")
        pytest.fail("the compiled kernels (_symxent_kernels) were not built: pip install . (gcc)")
    before = native.mode()
    native.use_native(wanted)
    try:
        yield request.param
    finally:
        native.use_native(before)


@pytest.fixture(params=["avx512", "avx2", "libm"])
def vector_math(request: pytest.FixtureRequest) -> Iterator[str]:
    """Run on the kernels' AVX-512 and AVX2 exp/log (where the CPU has them) and the C library's.

    For tests of the compiled kernels only (their modules skip or fail when they are not built).
    """
    import _symxent_kernels as kernels

    got = kernels.use_vector_math(request.param)
    if got != request.param:
        pytest.skip(f"this CPU has no {request.param}")
    try:
        yield got
    finally:
        kernels.use_vector_math(True)
