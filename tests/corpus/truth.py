r"""Independent truth for the corpus: mpmath formulas of our own and seeded random domain points.

Nothing here imports symxent. Every quantity is written out from its textbook definition
(Cover & Thomas ch. 2; Goodfellow et al. ch. 3) and evaluated with mpmath at the working
precision of the caller (the corpus tests use 60 digits). Joint distributions are dicts from
outcome tuples to probabilities, so one function, :func:`Hm`, gives the entropy of any marginal
and the conditional entropies and mutual informations follow from it by their textbook
identities; the corpus entries that *define* those quantities compute their other side directly
from the definition (``-\sum p(x,y) \log p(y|x)``), so the two sides are computed two ways.

Example:
    >>> from mpmath import mp, mpf
    >>> with mp.workdps(30):
    ...     print(mp.nstr(H([mpf(1) / 2, mpf(1) / 4, mpf(1) / 8, mpf(1) / 8], base=2), 10))
    1.75
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from types import SimpleNamespace
from typing import Any

from mpmath import mp, mpf

Point = SimpleNamespace
Sampler = Callable[[random.Random], Point]

E = None  # natural log marker for ``base`` arguments


# ------------------------------------------------------------------ logs and activations


def log(x: Any, base: Any = E) -> Any:
    """Log of ``x`` in ``base`` (natural when ``base`` is None)."""
    return mp.log(x) if base is None else mp.log(x) / mp.log(base)


def xlogy(x: Any, y: Any, base: Any = E) -> Any:
    """``x log y`` with the convention ``0 log 0 = 0`` (Cover & Thomas, p. 14)."""
    return mpf(0) if x == 0 else x * log(y, base)


def sigmoid(x: Any) -> Any:
    """Logistic sigmoid ``1 / (1 + e^{-x})``.

    For large positive x the value is 1 - e^{-x}; it is computed with enough extra digits that
    ``1 - sigmoid(x)`` keeps the caller's precision (the result carries those digits).
    """
    x = mpf(x)
    extra = int(min(max(x, 0) / 2.3, 3000)) + 10
    with mp.extradps(extra):
        return 1 / (1 + mp.exp(-x))


def softplus(x: Any) -> Any:
    """``log(1 + e^x)``."""
    return mp.log1p(mp.exp(x)) if x < 0 else x + mp.log1p(mp.exp(-x))


def lse(z: Sequence[Any]) -> Any:
    """``log sum_i e^{z_i}``, written out without shifting (mpmath has the range)."""
    return mp.log(mp.fsum(mp.exp(v) for v in z))


def softmax(z: Sequence[Any]) -> list[Any]:
    """``e^{z_k} / sum_j e^{z_j}``."""
    total = mp.fsum(mp.exp(v) for v in z)
    return [mp.exp(v) / total for v in z]


# ------------------------------------------------------------------ distributions


def H(p: Sequence[Any], base: Any = E) -> Any:
    """Entropy ``-sum p_i log p_i``."""
    return -mp.fsum(xlogy(v, v, base) for v in p)


def CE(p: Sequence[Any], q: Sequence[Any], base: Any = E) -> Any:
    """Cross-entropy ``-sum p_i log q_i``."""
    return -mp.fsum(xlogy(a, b, base) for a, b in zip(p, q, strict=True))


def KL(p: Sequence[Any], q: Sequence[Any], base: Any = E) -> Any:
    """Relative entropy ``sum p_i log (p_i / q_i)``."""
    return mp.fsum(xlogy(a, a / b, base) for a, b in zip(p, q, strict=True))


def marginal(
    joint_pmf: dict[tuple[int, ...], Any], axes: Sequence[int]
) -> dict[tuple[int, ...], Any]:
    """Marginal of a joint pmf on the given axes (in that order)."""
    out: dict[tuple[int, ...], Any] = {}
    for outcome, prob in joint_pmf.items():
        key = tuple(outcome[a] for a in axes)
        out[key] = out.get(key, mpf(0)) + prob
    return out


def Hm(joint_pmf: dict[tuple[int, ...], Any], axes: Sequence[int], base: Any = E) -> Any:
    """Entropy of the marginal of ``P`` on ``axes`` (``Hm(P, (0, 1))`` is ``H(X, Y)``)."""
    return H(list(marginal(joint_pmf, axes).values()), base)


def Hc(
    joint_pmf: dict[tuple[int, ...], Any], a: Sequence[int], b: Sequence[int], base: Any = E
) -> Any:
    """Conditional entropy ``H(A | B) = H(A, B) - H(B)``."""
    return Hm(joint_pmf, (*a, *b), base) - Hm(joint_pmf, b, base)


def MI(
    joint_pmf: dict[tuple[int, ...], Any],
    a: Sequence[int],
    b: Sequence[int],
    c: Sequence[int] = (),
    base: Any = E,
) -> Any:
    """``I(A; B | C) = H(A, C) + H(B, C) - H(A, B, C) - H(C)``."""
    return (
        Hm(joint_pmf, (*a, *c), base)
        + Hm(joint_pmf, (*b, *c), base)
        - Hm(joint_pmf, (*a, *b, *c), base)
        - (Hm(joint_pmf, c, base) if c else 0)
    )


def table(rows: Sequence[Sequence[Any]]) -> dict[tuple[int, ...], Any]:
    """A two-index joint pmf from a table of rows (x) and columns (y)."""
    return {(i, j): mpf(v) for i, row in enumerate(rows) for j, v in enumerate(row)}


def rounding(decimal: str) -> Any:
    """Half a unit in the last printed place of a decimal: ``"1.585"`` -> 0.0005."""
    places = len(decimal.split(".")[1]) if "." in decimal else 0
    return mpf(5) / mpf(10) ** (places + 1)


def frac(a: int, b: int) -> Any:
    """The exact fraction a/b at working precision."""
    return mpf(a) / b


# ------------------------------------------------------------------ random domain points

SIZES = (1, 2, 2, 3, 3, 4, 5, 8, 17, 64)
"""Class counts drawn for claims over a symbolic n (n = 1 and n = 2 included on purpose)."""


def _positive_weights(rng: random.Random, n: int) -> list[Any]:
    mode = rng.random()
    if mode < 0.45:  # flat Dirichlet
        return [mpf(rng.expovariate(1.0)) + mpf(10) ** -30 for _ in range(n)]
    if mode < 0.6:  # uniform
        return [mpf(1)] * n
    if mode < 0.8:  # near one-hot: one large entry, the rest tiny
        eps = mpf(10) ** -rng.choice((3, 12, 40, 200))
        hot = rng.randrange(n)
        return [mpf(1) if i == hot else eps * mpf(rng.random() + 0.01) for i in range(n)]
    # spread over orders of magnitude
    return [mpf(10) ** rng.uniform(-30, 0) for _ in range(n)]


def pmf(rng: random.Random, n: int) -> list[Any]:
    """A random distribution over ``n`` classes, often near the simplex's boundary."""
    w = _positive_weights(rng, n)
    total = mp.fsum(w)
    return [v / total for v in w]


def joint(rng: random.Random, shape: Sequence[int]) -> dict[tuple[int, ...], Any]:
    """A random joint pmf on a grid of the given shape (all entries positive)."""
    cells = [()]
    for size in shape:
        cells = [(*c, i) for c in cells for i in range(size)]
    probs = pmf(rng, len(cells))
    return dict(zip(cells, probs, strict=True))


def markov(rng: random.Random, sizes: Sequence[int]) -> dict[tuple[int, ...], Any]:
    """A random joint pmf of a Markov chain X -> Y -> Z: p(x) p(y|x) p(z|y)."""
    nx, ny, nz = sizes
    px = pmf(rng, nx)
    py_x = [pmf(rng, ny) for _ in range(nx)]
    pz_y = [pmf(rng, nz) for _ in range(ny)]
    return {
        (x, y, z): px[x] * py_x[x][y] * pz_y[y][z]
        for x in range(nx)
        for y in range(ny)
        for z in range(nz)
    }


def real(rng: random.Random) -> Any:
    """A real number: moderate, near zero, or far out (logits up to +-800)."""
    mode = rng.random()
    if mode < 0.5:
        return mpf(rng.gauss(0, 3))
    if mode < 0.7:
        return mpf(rng.choice((-1, 1))) * mpf(10) ** rng.uniform(-12, -1)
    return mpf(rng.choice((-1, 1))) * mpf(rng.choice((20, 50, 155, 800))) * mpf(rng.random() + 0.5)


def positive(rng: random.Random) -> Any:
    """A positive real over many orders of magnitude."""
    return mpf(10) ** rng.uniform(-20, 20) if rng.random() < 0.3 else mpf(rng.expovariate(0.5))


def probability(rng: random.Random) -> Any:
    """A number in (0, 1), often within 1e-30 of either end."""
    mode = rng.random()
    if mode < 0.6:
        return mpf(rng.random() * 0.98 + 0.01)
    eps = mpf(10) ** -rng.choice((3, 10, 30))
    return eps if mode < 0.8 else 1 - eps


def n_of(rng: random.Random) -> int:
    """A class count from :data:`SIZES`."""
    return rng.choice(SIZES)


# Samplers: each returns one random point (a namespace of named values).


def on_p(rng: random.Random) -> Point:
    """``p`` over n classes."""
    n = n_of(rng)
    return Point(n=n, p=pmf(rng, n))


def on_pq(rng: random.Random) -> Point:
    """``p`` and ``q`` over the same n classes (q sometimes equal to p)."""
    n = n_of(rng)
    p = pmf(rng, n)
    q = list(p) if rng.random() < 0.1 else pmf(rng, n)
    return Point(n=n, p=p, q=q)


def on_joint(rng: random.Random) -> Point:
    """A joint pmf ``P`` of X (rows) and Y (columns), with its alphabet sizes."""
    nx, ny = rng.choice((1, 2, 2, 3, 4)), rng.choice((1, 2, 2, 3, 5))
    if rng.random() < 0.15:  # independent X and Y
        px, py = pmf(rng, nx), pmf(rng, ny)
        P = {(i, j): px[i] * py[j] for i in range(nx) for j in range(ny)}
    else:
        P = joint(rng, (nx, ny))
    return Point(P=P, nx=nx, ny=ny)


def on_joint3(rng: random.Random) -> Point:
    """A joint pmf of X, Y, Z."""
    shape = (rng.choice((1, 2, 3)), rng.choice((2, 3)), rng.choice((1, 2, 3)))
    return Point(P=joint(rng, shape), nx=shape[0], ny=shape[1], nz=shape[2])


def on_markov(rng: random.Random) -> Point:
    """A joint pmf of a Markov chain X -> Y -> Z."""
    return Point(P=markov(rng, (rng.choice((2, 3)), rng.choice((2, 3)), rng.choice((2, 3)))))


def on_x(rng: random.Random) -> Point:
    """One real ``x``."""
    return Point(x=real(rng))


def on_pos(rng: random.Random) -> Point:
    """One positive ``x``."""
    return Point(x=positive(rng))


def on_prob(rng: random.Random) -> Point:
    """One probability ``p`` in (0, 1)."""
    return Point(p=probability(rng))


def on_y_yhat(rng: random.Random) -> Point:
    """A label ``y`` in [0, 1] and a prediction ``yhat`` in (0, 1)."""
    y = rng.choice((mpf(0), mpf(1), probability(rng)))
    return Point(y=y, yhat=probability(rng))


def on_y_a(rng: random.Random) -> Point:
    """A label ``y`` in [0, 1] and a logit ``a``."""
    return Point(y=rng.choice((mpf(0), mpf(1), probability(rng))), a=real(rng))


def on_z(rng: random.Random) -> Point:
    """Logits ``z`` over n classes, a class ``k`` and a real shift ``c``."""
    n = n_of(rng)
    scale = rng.choice((1, 5, 100))
    z = [mpf(rng.gauss(0, scale)) for _ in range(n)]
    return Point(n=n, z=z, k=rng.randrange(n), c=real(rng))


def on_z_y(rng: random.Random) -> Point:
    """Logits ``z``, a label distribution ``y`` over the same classes, and a class ``k``."""
    pt = on_z(rng)
    pt.y = pmf(rng, pt.n)
    return pt


def on_pos_vectors(rng: random.Random) -> Point:
    """Positive vectors ``a`` and ``b`` (not distributions) over n entries."""
    n = n_of(rng)
    return Point(n=n, a=[positive(rng) for _ in range(n)], b=[positive(rng) for _ in range(n)])


def on_p_x(rng: random.Random) -> Point:
    """A distribution ``p`` and a positive vector ``x`` over n entries."""
    n = n_of(rng)
    return Point(n=n, p=pmf(rng, n), x=[positive(rng) for _ in range(n)])


def on_none(rng: random.Random) -> Point:
    """No variables: a closed numeric claim."""
    del rng
    return Point()


def derivative(f: Callable[[Any], Any], x: Any, order: int = 1) -> Any:
    """A numerical derivative of ``f`` at ``x`` (mpmath's finite differences, extra digits)."""
    with mp.extradps(30):
        return +mp.diff(f, x, order)


def derivative_positive(f: Callable[[Any], Any], x: Any) -> Any:
    """``f'(x)`` for ``x > 0``, differentiating ``f(e^u)`` at ``u = ln x`` (never steps below 0)."""
    with mp.extradps(30):
        return +(mp.diff(lambda u: f(mp.exp(u)), mp.log(x)) / x)
