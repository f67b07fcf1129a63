r"""What each name in lecture LaTeX stands for (its role), and ``--assume`` facts that change it.

By default ``p``, ``q``, ``P``, ``Q`` (and ``X``, ``Y``, ``X_a``, ``\hat{Y}`` used as in
``P(X = x)``) are distributions over the classes (capitals inside ``H`` and ``I`` are random
variables over a joint pmf: :mod:`symxent.latex.variables`), ``y`` are labels (one-hot or soft),
``\hat{y}`` predicted distributions, ``z`` logits; any other subscripted name such as ``x_j``
is a real vector, a scalar ``\sigma`` a standard deviation (positive; ``\sigma(x)`` stays the
sigmoid), and any other plain name (``a``, ``N``, ``\theta``) a real number (the
checker judges a claim where both of its sides are defined, so ``\log a`` makes ``a`` positive
there).
A name used bare where its role is a vector (``p`` in ``I(p) = \log \frac{1}{p}``) is read as
one probability in (0, 1).

Facts given with ``--assume`` (or :func:`parse_assumptions`) override this:

=======================  ===============================================================
``y:one-hot``            the name's role: distribution, labels, one-hot, logits,
                         probabilities, reals (vectors); positive, nonnegative, real,
                         probability (scalars, or vectors when subscripted: ``a:positive``
                         makes ``a_i`` positive weights that need not sum to 1)
``n=4``                  a concrete class count (the count is symbolic by default)
``base=2``               the log base of a plain ``\log`` (e, 2, 10, or auto)
=======================  ===============================================================

Example:
    >>> roles = Roles.from_assumptions(["y:one-hot", "n=3", "x:logits"])
    >>> roles.kind("y"), roles.kind("x"), roles.kind("p"), roles.count
    ('one-hot', 'logits', 'distribution', 3)
    >>> roles.kind("a") is None
    True
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from symxent.distributions import ROLES
from symxent.errors import LatexParseError
from symxent.latex.names import short
from symxent.log_bases import BASE_WORDS

__all__ = ["DEFAULT_ROLES", "SCALAR_KINDS", "VECTOR_KINDS", "Roles"]

SCALAR_KINDS = ("positive", "nonnegative", "real", "probability")
VECTOR_KINDS = tuple(kind for kind in ROLES if kind not in SCALAR_KINDS)

DEFAULT_ROLES: Mapping[str, str] = {
    **dict.fromkeys(("p", "q", "P", "Q", "X", "Y", "phat", "qhat", "yhat"), "distribution"),
    **dict.fromkeys(("Xhat", "Yhat"), "distribution"),
    "y": "labels",
    "z": "logits",
    "sigma": "positive",  # a scalar \sigma is a standard deviation (\sigma(x) is the sigmoid)
}
"""Role of each name stem (base letter plus accent) unless overridden."""

_BASES = {**BASE_WORDS, "auto": "auto"}

_MAX_COUNT_DIGITS = 18
"""Most digits of a class count given as ``n=4`` (more is no count, and past 4300 digits
Python refuses to read the number at all)."""


@dataclass(frozen=True)
class Roles:
    """Roles of names, the class count and the log base setting.

    Attributes:
        overrides: name (stem or full key such as ``X_a``) -> kind.
        count: the class count for sums without bounds: a name (``"n"``) or an int.
        base: ``"e"``, ``"2"``, ``"10"`` or ``"auto"`` (None: not given, the caller decides).
    """

    overrides: Mapping[str, str] = field(default_factory=dict)
    count: str | int = "n"
    base: str | None = None

    def kind(self, key: str, stem: str | None = None) -> str | None:
        """Return the kind of the name ``key`` (with stem ``stem``), or None for a plain scalar."""
        if key in self.overrides:
            return self.overrides[key]
        stem = stem if stem is not None else key
        return self.overrides[stem] if stem in self.overrides else DEFAULT_ROLES.get(stem)

    def is_vector(self, key: str, stem: str | None = None) -> bool:
        """True when the name is a vector (one of :data:`VECTOR_KINDS`)."""
        return self.kind(key, stem) in VECTOR_KINDS

    def with_assumptions(self, facts: Iterable[str]) -> Roles:
        """These roles with more facts (``"x:positive"``) added; the later fact wins.

        Example:
            >>> Roles().with_assumptions(["x:positive"]).kind("x")
            'positive'
        """
        facts = list(facts)
        if not facts:
            return self
        extra = Roles.from_assumptions(facts)
        return Roles(
            {**self.overrides, **extra.overrides},
            extra.count if extra.count != "n" else self.count,
            extra.base or self.base,
        )

    @classmethod
    def from_assumptions(cls, facts: Iterable[str]) -> Roles:
        """Build roles from ``--assume`` facts such as ``"y:one-hot"``, ``"n=3"``, ``"base=2"``.

        Raises:
            LatexParseError: for a fact that is not understood, naming it and the accepted forms.
        """
        overrides: dict[str, str] = {}
        count: str | int = "n"
        base: str | None = None
        for fact in facts:
            shown = short(fact)  # in messages: a hostile fact may be kilobytes long
            spaced = re.fullmatch(r"\s*(\S+)\s+(one-hot|onehot)\s*", fact)
            text = f"{spaced.group(1)}:one-hot" if spaced else fact.strip().replace(" ", "")
            if ":" in text:
                name, kind = text.split(":", 1)
                kind = {"onehot": "one-hot", "logit": "logits", "label": "labels"}.get(kind, kind)
                if kind not in VECTOR_KINDS + SCALAR_KINDS or not _is_name(name):
                    raise LatexParseError(
                        f"cannot read the assumption {shown!r}: write NAME:KIND with KIND one of "
                        f"{', '.join(VECTOR_KINDS + SCALAR_KINDS)}"
                    )
                overrides[_key(name)] = kind
            elif text.startswith("base="):
                value = text[5:]
                if value not in _BASES:
                    raise LatexParseError(f"unknown base in {shown!r}; use e, 2, 10 or auto")
                base = _BASES[value]
            elif "=" in text:
                name, value = text.split("=", 1)
                digits = value.isascii() and value.isdigit() and len(value) <= _MAX_COUNT_DIGITS
                if not _is_name(name) or not ((digits and int(value) >= 1) or _is_name(value)):
                    raise LatexParseError(
                        f"cannot read the assumption {shown!r}: a class count is written n=4 or n=C"
                    )
                count = int(value) if digits else value
            else:
                raise LatexParseError(
                    f"cannot read the assumption {shown!r}; examples: 'y:one-hot', 'n=3', 'base=2'"
                )
        return cls(overrides, count, base)


def _is_name(text: str) -> bool:
    return bool(text) and _key(text).replace("_", "a").isalnum() and not text[0].isdigit()


def _key(text: str) -> str:
    r"""``\hat{y}`` -> ``yhat``; ``X_a`` stays; ``\theta`` -> ``theta``."""
    text = text.strip()
    for accent in ("hat", "bar", "tilde"):
        for prefix in (f"\\{accent}{{", f"\\wide{accent}{{"):
            if text.startswith(prefix) and "}" in text:
                inner, rest = text[len(prefix) :].split("}", 1)
                return inner + accent + rest.replace("{", "").replace("}", "")
    return text.lstrip("\\").replace("{", "").replace("}", "")
