"""The words symxent itself puts into documents and decks, in every language it writes.

Example:
    >>> word("legend_proved", "ko")
    '기호 계산으로 증명됨'
    >>> word("continued", "en")
    'continued'
"""

from __future__ import annotations

from symxent.i18n import check_language

__all__ = ["WORDS", "word"]

WORDS: dict[str, dict[str, str]] = {
    "deck_title": {"en": "Entropy and cross-entropy", "ko": "엔트로피와 교차 엔트로피"},
    "deck_subtitle": {
        "en": "Derivations checked step by step by symxent",
        "ko": "symxent가 한 단계씩 검증한 유도",
    },
    "derivation": {"en": "Derivation", "ko": "유도"},
    "continued": {"en": "continued", "ko": "계속"},
    "in_this_section": {"en": "In this section", "ko": "이 절의 내용"},
    "legend_proved": {"en": "proved symbolically", "ko": "기호 계산으로 증명됨"},
    "legend_confirmed": {
        "en": "confirmed numerically at sampled points",
        "ko": "표본 점에서 수치로 확인됨",
    },
    "legend_rounded": {"en": "holds to the stated digits", "ko": "적힌 자릿수까지 성립"},
    "legend_refuted": {"en": "refuted", "ko": "반례로 반박됨"},
    "legend_unknown": {"en": "not decided", "ko": "판정 못함"},
    "checked": {"en": "Checked", "ko": "검증 결과"},
    "proved": {"en": "proved", "ko": "증명"},
    "rounded": {"en": "hold to the stated digits", "ko": "적힌 자릿수까지 성립"},
    "confirmed": {"en": "confirmed", "ko": "확인"},
    "refuted": {"en": "refuted", "ko": "반박"},
    "unknown": {"en": "unknown", "ko": "미정"},
    "step": {"en": "step", "ko": "단계"},
    "reason": {"en": "reason", "ko": "근거"},
    "verdict": {"en": "verdict", "ko": "판정"},
    "proof of step": {"en": "Proof of step {number}", "ko": "단계 {number}의 증명"},
    "table": {"en": "Table", "ko": "표"},
    "plot": {"en": "Plot", "ko": "그래프"},
    "cells_verified": {
        "en": "every cell computed exactly and verified",
        "ko": "모든 칸을 정확히 계산하고 검증함",
    },
    "rounded_to": {"en": "rounded to {digits} decimals", "ko": "소수 {digits}자리로 반올림"},
    "exact": {"en": "exact values", "ko": "정확한 값"},
    "sampled_from": {
        "en": "curves sampled from the checked expressions",
        "ko": "검증된 식에서 표본을 뽑아 그린 곡선",
    },
    "slides": {"en": "Slides", "ko": "슬라이드"},
    "when_tex": {"en": "when TeX is installed", "ko": "TeX이 설치되어 있을 때"},
}
"""Every word symxent writes, by key and language."""


def word(key: str, language: str, **fields: object) -> str:
    """The word ``key`` in ``language`` (English where there is no translation)."""
    check_language(language)
    entry = WORDS[key]
    text = entry.get(language) or entry["en"]
    return text.format(**fields) if fields else text
