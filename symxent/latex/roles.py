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
``n=4``                  the class count is 4, and ``n`` stands for 4 wherever the claim
                         writes it (``\log n``, ``\frac{1}{n}``, ``\sum_{i=1}^{n}``, ``p_n``);
                         ``K=4`` names the count ``K`` instead; ``n=C`` makes ``n`` and ``C``
                         one symbolic count (the count is ``n``, symbolic, by default)
``base=2``               the log base of a plain ``\log`` (e, 2, 10, or auto)
=======================  ===============================================================

Example:
    >>> roles = Roles.from_assumptions(["y:one-hot", "n=3", "x:logits"])
    >>> roles.kind("y"), roles.kind("x"), roles.kind("p"), roles.count
    ('one-hot', 'logits', 'distribution', 3)
    >>> roles.is_count("n"), roles.count_value()
    (True, 3)
    >>> roles.kind("a") is None
    True
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import sympy as sp

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
        count_names: the names that stand for the class count wherever a claim writes them
            (``n`` by default; ``n=3`` keeps ``n`` and gives it the value 3).
    """

    overrides: Mapping[str, str] = field(default_factory=dict)
    count: str | int = "n"
    base: str | None = None
    count_names: tuple[str, ...] = ("n",)

    def is_count(self, key: str) -> bool:
        """True when the plain name ``key`` stands for the class count."""
        return key in self.count_names

    def count_value(self) -> sp.Expr:
        """The class count: its given number, else a positive integer symbol."""
        if isinstance(self.count, int):
            return sp.Integer(self.count)
        return sp.Symbol(self.count, integer=True, positive=True)

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
        counted = extra.count != "n" or extra.count_names != ("n",)
        return Roles(
            {**self.overrides, **extra.overrides},
            extra.count if counted else self.count,
            extra.base or self.base,
            extra.count_names if counted else self.count_names,
        )

    @classmethod
    def from_assumptions(cls, facts: Iterable[str]) -> Roles:
        """Build roles from ``--assume`` facts such as ``"y:one-hot"``, ``"n=3"``, ``"base=2"``.

        Raises:
            LatexParseError: for a fact that is not understood, naming it and the accepted forms.
        """
        overrides: dict[str, str] = {}
        count: str | int = "n"
        names: tuple[str, ...] = ("n",)
        given = ""  # the first class count fact, to refuse a second one that disagrees
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
                if given and _count_fact(name, value, shown) != (count, names):
                    raise LatexParseError(
                        f"two class counts are assumed, {short(given)!r} and {shown!r}; give one"
                    )
                count, names = _count_fact(name, value, shown)
                given = given or text
            else:
                raise LatexParseError(
                    f"cannot read the assumption {shown!r}; examples: 'y:one-hot', 'n=3', 'base=2'"
                )
        taken = [k for k in names if given and overrides.get(k, "real") not in SCALAR_KINDS]
        if taken:
            raise LatexParseError(
                f"{taken[0]} is assumed to be {overrides[taken[0]]} and to be the class count; "
                "give it one meaning"
            )
        return cls(overrides, count, base, names)


_COUNT_NAME = re.compile(r"\\?[A-Za-z]+", re.ASCII)
_NOT_COUNTS = frozenset(("e", "pi", "exp", "log", "ln", "infty", *DEFAULT_ROLES))
"""Names that never stand for a class count: constants, functions, and names with a role."""


def _count_fact(name: str, value: str, shown: str) -> tuple[str | int, tuple[str, ...]]:
    """The class count and the names that stand for it, from the fact ``name=value``."""
    problem = ""
    digits = value.isascii() and value.isdigit()
    if not name:
        problem = "no name before ="
    elif not _count_name(name):
        problem = f"{short(name)} cannot name a class count (n, N or K can)"
    elif digits and len(value) > _MAX_COUNT_DIGITS:
        problem = f"more than {_MAX_COUNT_DIGITS} digits"
    elif digits and int(value) >= 1:
        return int(value), (name.lstrip("\\"),)
    elif _count_name(value):
        return value.lstrip("\\"), tuple(dict.fromkeys((name.lstrip("\\"), value.lstrip("\\"))))
    elif re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)", value, re.ASCII):
        problem = f"{short(value)} classes, but a class count is a whole number, at least 1"
    raise LatexParseError(
        f"cannot read the assumption {shown!r}: "
        + (f"{problem}; " if problem else "")
        + "a class count is written n=4 or n=C"
    )


def _count_name(text: str) -> bool:
    r"""Whether ``text`` can name a class count: ``n``, ``K``, ``\ell`` (no role, no constant)."""
    if not _COUNT_NAME.fullmatch(text) or text.lstrip("\\") in _NOT_COUNTS:
        return False
    return text.startswith("\\") or len(text) == 1  # "ab" is a product


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
