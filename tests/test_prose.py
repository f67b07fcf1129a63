"""The prose of the built-in topics: math is typeset as math, never left as ASCII."""

from __future__ import annotations

import re

import pytest

from symxent.catalogue import builtin_names, load
from symxent.i18n import localize
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


HANGUL = re.compile(r"[\uac00-\ud7a3]")


def words(text: str) -> str:
    """The text outside $...$ math, without punctuation and digits."""
    plain = "".join(piece for math, piece in split_math(text) if not math)
    return re.sub(r"[\W\d_]+", "", plain)


@pytest.mark.parametrize("name", builtin_names())
def test_every_prose_field_exists_in_korean(name: str) -> None:
    topic = load(name)
    fields = [topic.title, topic.intro]
    for block in topic.derivations:
        fields += [getattr(block, attribute, "") for attribute in ("title", "intro", "conclusion")]
        fields += [step.reason for step in getattr(block, "steps", ())]
    missing = []
    for field in fields:
        if not words(field) or field in {"CE", "KL"}:
            continue  # pure math needs no translation
        korean = localize(field, "ko")
        if korean == str(field) or not HANGUL.search(korean):
            missing.append(str(field))
    assert missing == []
    # and the Korean keeps the math of the English
    for field in fields:
        english = [piece for math, piece in split_math(str(field)) if math]
        korean = [piece for math, piece in split_math(localize(field, "ko")) if math]
        assert sorted(english) == sorted(korean), field
