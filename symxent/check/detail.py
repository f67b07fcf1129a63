"""A verdict's details as data: what was found (a key) and its values, worded by the emitters.

The checker never writes sentences for a reader. It says *what* it found, as a :class:`Detail`
(``Detail("points_outside", count=3, why=...)``); the emitters word it in each language they
write (:func:`symxent.emit.words.phrase`). A detail is also a ``str``, its English wording, so
terminal output, JSON reports and code that compares messages keep working unchanged.

Example:
    >>> why = Detail("why", reason=Detail("division"))
    >>> detail = Detail("points_outside", points=Detail("points_many", count=3), why=why)
    >>> str(detail)
    '3 points outside the domain (a division by zero)'
    >>> detail.in_language("ko")
    '정의역 밖의 점 3개 (0으로 나눔)'
"""

from __future__ import annotations

from typing import Any

from symxent.emit.words import phrase
from symxent.i18n import localize as in_language

__all__ = ["Detail", "in_language"]


class Detail(str):
    """What the checker found, as a key of the phrase book and the values it names.

    Values are numbers, plain text that reads the same in every language (names, formulas,
    intervals), other details, or lists of these (worded joined by commas).

    Attributes:
        key: the phrase's key (:data:`symxent.emit.words.WORDS`).
        values: the values the phrase names.
    """

    key: str
    values: dict[str, Any]

    def __new__(cls, key: str, **values: Any) -> Detail:
        """Make the detail; its ``str`` value is the English wording."""
        obj = super().__new__(cls, phrase(key, values, "en"))
        obj.key = key
        obj.values = values
        return obj

    def in_language(self, language: str) -> str:
        """The detail worded in ``language`` (``"en"`` or ``"ko"``)."""
        return phrase(self.key, self.values, language)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.key, self.values))


def _rebuild(key: str, values: dict[str, Any]) -> Detail:
    return Detail(key, **values)
