r"""One corpus entry: a LaTeX claim, its options, its truth and how that truth is established.

A true claim carries ``sides``, a function of a random domain point that returns the values of
the chain's expressions computed with mpmath (see :mod:`corpus.truth`), and ``on``, the sampler
of such points. A false claim carries ``at``, an explicit counterexample point, where the same
``sides`` must break one link of the chain. ``why`` is the written argument (or the textbook
reference) in both cases.

Example:
    >>> from corpus.truth import on_prob, log
    >>> c = T("basic.info-content", r"\log \frac{1}{p} \ge 0", lambda s: (log(1 / s.p), 0),
    ...       on_prob, rel=">=", src="seed 000", why="p <= 1 so 1/p >= 1")
    >>> c.category, c.true
    ('basic', True)
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from mpmath import mp, mpf

from corpus.truth import Point, Sampler

RELATIONS = ("=", "≈", "<=", ">=", "<", ">")


@dataclass(frozen=True)
class Claim:
    r"""One textbook claim.

    Attributes:
        id: ``category.slug``, unique.
        latex: the claim as an author writes it.
        true: whether the claim holds (as the textbook means it).
        source: the book, notes or handout whose style it follows, with the place when known.
        why: the argument (true) or the refutation (false), in words.
        sides: point -> the values of the chain's expressions, computed with mpmath.
        rel: the chain's relations, one per link.
        on: sampler of random domain points (true claims).
        at: builds the counterexample point (false claims).
        base: ``base=`` for symxent (the base of a plain ``\log``).
        assume: ``assume=`` facts for symxent.
        tol: for stated decimals, the half unit in the last place (summed over stated terms).
    """

    id: str
    latex: str
    true: bool
    source: str
    why: str
    sides: Callable[[Point], Sequence[Any]]
    rel: tuple[str, ...]
    on: Sampler | None = None
    at: Callable[[], Point] | None = None
    base: str = "e"
    assume: tuple[str, ...] = ()
    tol: Any = None
    tags: tuple[str, ...] = field(default=())

    @property
    def category(self) -> str:
        """The part of ``id`` before the dot."""
        return self.id.split(".", 1)[0]


def _rel(rel: str | Sequence[str]) -> tuple[str, ...]:
    rels = (rel,) if isinstance(rel, str) else tuple(rel)
    for r in rels:
        if r not in RELATIONS:
            raise ValueError(f"unknown relation {r!r}")
    return rels


def T(
    id: str,
    latex: str,
    sides: Callable[[Point], Sequence[Any]],
    on: Sampler,
    *,
    src: str,
    why: str,
    rel: str | Sequence[str] = "=",
    base: str = "e",
    assume: Sequence[str] = (),
    tol: Any = None,
    tags: Sequence[str] = (),
) -> Claim:
    """A true claim, checked at random points drawn by ``on``."""
    return Claim(
        id,
        latex,
        True,
        src,
        why,
        sides,
        _rel(rel),
        on=on,
        base=base,
        assume=tuple(assume),
        tol=tol,
        tags=tuple(tags),
    )


def F(
    id: str,
    latex: str,
    sides: Callable[[Point], Sequence[Any]],
    at: Callable[[], Point],
    *,
    src: str,
    why: str,
    rel: str | Sequence[str] = "=",
    base: str = "e",
    assume: Sequence[str] = (),
    tol: Any = None,
    tags: Sequence[str] = (),
) -> Claim:
    """A false claim, broken at the point ``at()``."""
    return Claim(
        id,
        latex,
        False,
        src,
        why,
        sides,
        _rel(rel),
        at=at,
        base=base,
        assume=tuple(assume),
        tol=tol,
        tags=tuple(tags),
    )


# ------------------------------------------------------------------ judging a claim independently

WORKING_DIGITS = 60
"""Precision of the independent evaluations."""


def _num(x: Any) -> Any:
    """An mpf, without rounding one that already is (comparisons of mpf values are exact)."""
    return x if isinstance(x, mp.mpf) else mpf(x)


def _slack(a: Any, b: Any) -> Any:
    """Round-off allowed when a true claim's two sides are compared.

    Numerical derivatives lose digits, so the slack is 1e-20 relative to the larger side, plus
    1e-40 absolute for sides that are sums cancelling to 0 (60-digit work leaves ~1e-58).
    """
    return mpf(10) ** -20 * max(abs(a), abs(b)) + mpf(10) ** -40


def link_holds(a: Any, rel: str, b: Any, tol: Any = None) -> bool:
    """Whether ``a rel b`` holds, up to round-off (or up to ``tol`` for stated decimals)."""
    a, b = _num(a), _num(b)
    if not (mp.isfinite(a) and mp.isfinite(b)):
        return False
    slack = _slack(a, b) if tol is None else tol * (1 + mpf(10) ** -12)
    if rel in ("=", "≈"):
        return abs(a - b) <= slack
    if rel == "<=":
        return a <= b + slack
    if rel == ">=":
        return a >= b - slack
    if rel == "<":
        return a < b
    return a > b


def link_breaks(a: Any, rel: str, b: Any, tol: Any = None) -> bool:
    """Whether ``a rel b`` clearly fails: by more than 1e-10 relative (or than ``tol``)."""
    a, b = _num(a), _num(b)
    margin = mpf(10) ** -10 * max(abs(a), abs(b)) if tol is None else tol * (1 + mpf(10) ** -9)
    if rel in ("=", "≈"):
        return abs(a - b) > margin
    if rel == "<=":
        return a > b + margin
    if rel == ">=":
        return a < b - margin
    if rel == "<":
        return a >= b
    return a <= b


def evaluate(claim: Claim, point: Point) -> list[Any]:
    """The chain's values at ``point`` (at the caller's precision)."""
    values = list(claim.sides(point))
    if len(values) != len(claim.rel) + 1:
        raise ValueError(f"{claim.id}: {len(values)} values for {len(claim.rel)} relations")
    return values


def chain_holds(claim: Claim, point: Point) -> bool:
    """Every link holds at ``point``."""
    v = evaluate(claim, point)
    return all(link_holds(v[i], r, v[i + 1], claim.tol) for i, r in enumerate(claim.rel))


def chain_breaks(claim: Claim, point: Point) -> bool:
    """Some link clearly fails at ``point``."""
    v = evaluate(claim, point)
    return any(link_breaks(v[i], r, v[i + 1], claim.tol) for i, r in enumerate(claim.rel))


def sample_points(claim: Claim, count: int) -> list[Point]:
    """``count`` random domain points for a true claim, seeded by its id (deterministic)."""
    if claim.on is None:
        raise ValueError(f"{claim.id} has no sampler")
    rng = random.Random(zlib.crc32(claim.id.encode()))
    return [claim.on(rng) for _ in range(count)]
