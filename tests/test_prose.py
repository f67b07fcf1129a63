"""The prose of the built-in topics: math is typeset as math, never left as ASCII."""

from __future__ import annotations

import re

import pytest

from symxent.catalogue import builtin_names, load
from symxent.latex.text import split_math

# outside $...$: a lone variable letter, a relation or TeX sign, or ASCII math such as -log, 1/p
ASCII_MATH = re.compile(
    r"(?<![\w'’.-])[b-hj-z](?![\w'’.-])|[=<>^_\\]|-log\b|\blog\s*\d|\d/[a-z\d]|\bsigma\b"
)


def prose(name: str) -> list[str]:
    topic = load(name)
    fields = [topic.title, topic.intro]
    for derivation in topic.chains:
        fields += [derivation.title, derivation.intro, derivation.conclusion]
        fields += [step.reason for step in derivation.steps]
    return [field for field in fields if field]


@pytest.mark.parametrize("name", builtin_names())
def test_math_in_prose_is_written_as_math(name: str) -> None:
    found = [
        (field, piece)
        for field in prose(name)
        for math, piece in split_math(field)
        if not math and ASCII_MATH.search(piece)
    ]
    assert found == []


def test_the_check_finds_ascii_math() -> None:
    for text in (
        "KL = -H + CE",
        "for one-hot p",
        "1 bit = log 2 nats",
        "a factor sigma(1 - sigma)",
    ):
        assert ASCII_MATH.search(text), text
    for text in ("the log turns products into sums", "Symbols A, B, C, D", "i.e. at"):
        assert not ASCII_MATH.search(text), text
