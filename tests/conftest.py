"""Shared fixtures: the built-in topics checked once per test session."""

from __future__ import annotations

import shutil

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
