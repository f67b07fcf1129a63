r"""Relations between the two sides of a step, and how a chain of them composes.

A chain ``a = b <= c < d`` means ``a < d``: equalities keep the relation, a strict step makes the
chain strict, and ``<=`` cannot be mixed with ``>=``. ``≈`` (approximately equal, judged by the
printed precision) composes only with ``=``.

Example:
    >>> Relation.parse("<=").compose(Relation.parse("<"))
    <Relation.LT: '<'>
    >>> Relation.EQ.latex
    '='
"""

from __future__ import annotations

import enum

from symxent.errors import DerivationError

__all__ = ["Relation"]

_ALIASES = {
    "=": "=",
    "==": "=",
    "eq": "=",
    "<=": "<=",
    "le": "<=",
    "≤": "<=",
    ">=": ">=",
    "ge": ">=",
    "≥": ">=",
    "<": "<",
    "lt": "<",
    ">": ">",
    "gt": ">",
    "≈": "≈",
    "~": "≈",
    "approx": "≈",
}


class Relation(enum.Enum):
    """One of ``=``, ``<=``, ``>=``, ``<``, ``>``, ``≈``."""

    EQ = "="
    LE = "<="
    GE = ">="
    LT = "<"
    GT = ">"
    APPROX = "≈"

    @classmethod
    def parse(cls, text: str | Relation) -> Relation:
        """Return the relation written as ``text`` (``"<="``, ``"le"``, ``"≤"``, ...).

        Raises:
            DerivationError: for anything else.
        """
        if isinstance(text, Relation):
            return text
        try:
            return cls(_ALIASES[text])
        except KeyError:
            raise DerivationError(
                f"unknown relation {text!r}; use one of =, <=, >=, <, >, approx"
            ) from None

    @property
    def direction(self) -> int:
        """``-1`` for ``<``/``<=``, ``+1`` for ``>``/``>=``, ``0`` for ``=``/``≈``."""
        return {"<": -1, "<=": -1, ">": 1, ">=": 1}.get(self.value, 0)

    @property
    def strict(self) -> bool:
        """True for ``<`` and ``>``."""
        return self in (Relation.LT, Relation.GT)

    @property
    def latex(self) -> str:
        r"""The relation as LaTeX: ``=``, ``\leq``, ``\geq``, ``<``, ``>``, ``\approx``."""
        return {"=": "=", "<=": r"\leq", ">=": r"\geq", "<": "<", ">": ">", "≈": r"\approx"}[
            self.value
        ]

    @property
    def text(self) -> str:
        """The relation in plain text (``≤`` for ``<=``)."""
        return {"<=": "≤", ">=": "≥"}.get(self.value, self.value)

    def compose(self, other: Relation) -> Relation:
        """Return the relation of ``a R1 b R2 c`` between ``a`` and ``c``.

        Raises:
            DerivationError: when the directions conflict (``<=`` then ``>=``) or ``≈`` meets an
                inequality.
        """
        if self is Relation.EQ:
            return other
        if other is Relation.EQ:
            return self
        if Relation.APPROX in (self, other):
            if self is other:
                return self
            raise DerivationError(
                f"a chain cannot combine {self.text} and {other.text}: an approximate value "
                "gives no inequality"
            )
        if self.direction != other.direction:
            raise DerivationError(
                f"a chain cannot combine {self.text} and {other.text}: the directions conflict; "
                "split it into two derivations"
            )
        strict = self.strict or other.strict
        if self.direction < 0:
            return Relation.LT if strict else Relation.LE
        return Relation.GT if strict else Relation.GE
