"""Prose in more than one language: titles, intros, reasons and conclusions in English and Korean.

A prose field of a topic or derivation is a plain ``str`` (the same text in every language) or a
:class:`Text`, an English ``str`` that also carries its translations. Emitters call
:func:`localize` with the language of the build (``symxent build --lang ko``); everything else
(terminal output, error messages) sees the English string.

Example:
    >>> title = tr("Information and entropy", "정보와 엔트로피")
    >>> title, localize(title, "ko"), localize("H(p)", "ko")
    ('Information and entropy', '정보와 엔트로피', 'H(p)')
"""

from __future__ import annotations

from typing import Any

from symxent.errors import SymxentError

__all__ = ["LANGUAGES", "Text", "check_language", "localize", "tr"]

LANGUAGES = ("en", "ko")
"""The languages symxent writes documents and decks in."""


class Text(str):
    """An English string that carries translations (``Text("definition", ko="정의")``).

    It is a ``str`` (the English text), so code that does not care about languages keeps
    working; :meth:`in_language` returns a translation.

    Example:
        >>> Text("definition", ko="정의").in_language("ko")
        '정의'
    """

    translations: dict[str, str]

    def __new__(cls, english: str, **translations: str) -> Text:
        """Make the text from its English version and translations by language code."""
        for language, value in translations.items():
            check_language(language)
            if not isinstance(value, str):
                raise SymxentError(f"the {language!r} text of {english!r} must be a str")
        obj = super().__new__(cls, english)
        obj.translations = {"en": str(english), **translations}
        return obj

    def in_language(self, language: str) -> str:
        """The text in ``language``, or English when there is no translation."""
        return self.translations.get(language) or self.translations["en"]

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (dict(self.translations),))


def _rebuild(translations: dict[str, str]) -> Text:
    english = translations.pop("en")
    return Text(english, **translations)


def tr(english: str, korean: str) -> Text:
    """Prose in English and Korean.

    Example:
        >>> tr("add", "더한다").in_language("ko")
        '더한다'
    """
    return Text(english, ko=korean)


def localize(value: Any, language: str) -> str:
    """``value`` in ``language`` if it words itself (:class:`Text`, a checker's ``Detail``).

    Example:
        >>> localize(tr("add", "더한다"), "ko"), localize("x ∈ ℝ", "ko"), localize(None, "ko")
        ('더한다', 'x ∈ ℝ', '')
    """
    worded = getattr(value, "in_language", None) if isinstance(value, str) else None
    return str(worded(language)) if worded else "" if value is None else str(value)


def check_language(language: str) -> str:
    """Return ``language`` if symxent writes it, else raise a clear error.

    Raises:
        SymxentError: for a language other than those in :data:`LANGUAGES`.
    """
    if language not in LANGUAGES:
        raise SymxentError(f"unknown language {language!r}; use one of {', '.join(LANGUAGES)}")
    return language
