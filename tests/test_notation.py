r"""Textbook notations read as their plain spellings, and their wrong variants refuted.

Each notation (Bishop's ``\mathrm{H}[x]`` brackets and braces, Murphy's ``\mathbb{H}``,
``\mathbb{I}``, ``D_{\mathbb{KL}}``, MacKay's ``H_2`` and ``P(x)``, Goodfellow's ``\zeta`` and
``\sigma^{-1}``, ``\delta_{ij}``, ``\nabla``, ``\implies``) is tested three ways:

* the claim written in the notation gets the verdict of the same claim written plainly;
* whether the claim is true is decided here, without symxent: mpmath evaluates both sides from
  their textbook definitions at random points (entropies of random joint pmfs computed as
  ``-sum p log p`` of marginals, softmax and sigmoid from exponentials), and the verdict must agree;
* a wrong variant of each (a flipped sign, swapped arguments, a changed base, a dropped term) is
  refuted, never accepted, and the oracle here finds the point where it fails.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import mpmath
import pytest
from mpmath import mpf

from symxent.errors import LatexParseError
from symxent.lecture import check_text, verify

mpmath.mp.dps = 30
ACCEPTED = ("proved", "confirmed", "rounded")  # "rounded": holds to the stated digits

# ---------------------------------------------------------------- independent truth (mpmath)

Oracle = Callable[[random.Random], tuple[mpf, mpf]]
"""Both sides of a claim at one random point, computed from the textbook definitions."""


def pmf(rng: random.Random, n: int) -> list[mpf]:
    weights = [mpf(rng.uniform(0.01, 1)) for _ in range(n)]
    total = mpmath.fsum(weights)
    return [w / total for w in weights]


def entropy(probabilities: Sequence[mpf], base: mpf = mpmath.e) -> mpf:
    return -mpmath.fsum(p * mpmath.log(p, base) for p in probabilities if p > 0)


def joint(rng: random.Random, *sizes: int) -> dict[tuple[int, ...], mpf]:
    cells: list[tuple[int, ...]] = [(i, j) for i in range(sizes[0]) for j in range(sizes[1])]
    if len(sizes) == 3:
        cells = [(*cell, k) for cell in cells for k in range(sizes[2])]
    return dict(zip(cells, pmf(rng, len(cells)), strict=True))


def H(p: dict[tuple[int, ...], mpf], axes: str, given: str = "") -> mpf:
    """Entropy of the variables ``axes`` (letters x, y, z) given ``given``, from marginals."""

    def marginal(keep: str) -> list[mpf]:
        sums: dict[tuple[int, ...], mpf] = {}
        for cell, value in p.items():
            key = tuple(cell["xyz".index(a)] for a in keep)
            sums[key] = sums.get(key, mpf(0)) + value
        return list(sums.values())

    both = "".join(sorted(set(axes + given), key="xyz".index))
    return entropy(marginal(both)) - (entropy(marginal(given)) if given else mpf(0))


def sigmoid(x: mpf) -> mpf:
    return 1 / (1 + mpmath.exp(-x))


def softplus(x: mpf) -> mpf:
    return mpmath.log(1 + mpmath.exp(x))


def softmax(z: Sequence[mpf]) -> list[mpf]:
    top = max(z)
    exps = [mpmath.exp(v - top) for v in z]
    total = mpmath.fsum(exps)
    return [e / total for e in exps]


def kl(p: Sequence[mpf], q: Sequence[mpf]) -> mpf:
    return mpmath.fsum(a * mpmath.log(a / b) for a, b in zip(p, q, strict=True))


def ce(p: Sequence[mpf], q: Sequence[mpf]) -> mpf:
    return -mpmath.fsum(a * mpmath.log(b) for a, b in zip(p, q, strict=True))


def real(rng: random.Random) -> mpf:
    return mpf(rng.uniform(-8, 8))


def unit(rng: random.Random) -> mpf:
    return mpf(rng.uniform(0.001, 0.999))


def softmax_jacobian(sign: int) -> Oracle:
    def at(rng: random.Random) -> tuple[mpf, mpf]:
        z = [real(rng) for _ in range(4)]
        k, j = rng.randrange(4), rng.randrange(4)
        s = softmax(z)
        lhs = mpmath.diff(lambda t: softmax([*z[:j], t, *z[j + 1 :]])[k], z[j])
        return lhs, s[k] * (int(k == j) + sign * s[j])

    return at


def squared_error_gradient(sign: int) -> Oracle:
    def at(rng: random.Random) -> tuple[mpf, mpf]:
        z, t = [real(rng) for _ in range(3)], [real(rng) for _ in range(3)]
        k = rng.randrange(3)

        def loss(v: mpf) -> mpf:
            w = [*z[:k], v, *z[k + 1 :]]
            return mpmath.fsum((a - b) ** 2 for a, b in zip(w, t, strict=True)) / 2

        return mpmath.diff(loss, z[k]), sign * (z[k] - t[k])

    return at


def ce_softmax_gradient(sign: int) -> Oracle:
    def at(rng: random.Random) -> tuple[mpf, mpf]:
        z, y = [real(rng) for _ in range(3)], pmf(rng, 3)
        k = rng.randrange(3)

        def loss(v: mpf) -> mpf:
            return ce(y, softmax([*z[:k], v, *z[k + 1 :]]))

        return mpmath.diff(loss, z[k]), sign * (softmax(z)[k] - y[k])

    return at


def at(
    draw: Callable[[random.Random], tuple[object, ...]], sides: Callable[..., tuple[mpf, mpf]]
) -> Oracle:
    """An oracle: draw the arguments at random, then compute both sides from them."""
    return lambda rng: sides(*draw(rng))


def quad(f: Callable[[mpf], mpf], low: mpf, high: mpf) -> mpf:
    return mpmath.quad(f, [low, high])


def differential_entropy(density: Callable[[mpf], mpf], low: mpf, high: mpf, base: int) -> mpf:
    return -quad(lambda x: density(x) * mpmath.log(density(x), base), low, high)


def _exponential(lam: mpf) -> Callable[[mpf], mpf]:
    return lambda x: lam * mpmath.exp(-lam * x)


def _gaussian(sigma: mpf) -> Callable[[mpf], mpf]:
    return lambda x: mpmath.exp(-(x**2) / (2 * sigma**2)) / (mpmath.sqrt(2 * mpmath.pi) * sigma)


def positive(rng: random.Random) -> mpf:
    return mpf(rng.uniform(0.05, 20))


def holds(oracle: Oracle, relation: str, draws: int = 40) -> bool:
    """Whether the relation holds at every random point the oracle draws (mpmath, 30 digits)."""
    rng = random.Random(20261202)
    for _ in range(draws):
        lhs, rhs = oracle(rng)
        if relation == "=" and abs(lhs - rhs) > mpf(10) ** -15 * (1 + abs(rhs)):
            return False
        if relation == "<=" and lhs > rhs + mpf(10) ** -20:
            return False
        if relation == ">=" and lhs < rhs - mpf(10) ** -20:
            return False
    return True


# ---------------------------------------------------------------- the cases


@dataclass(frozen=True)
class Case:
    """A claim in a textbook notation, the same claim written plainly, and its truth."""

    id: str
    notation: str
    plain: str
    relation: str
    oracle: Oracle
    base: str = "e"
    assume: tuple[str, ...] = ()


def _j(rng: random.Random) -> dict[tuple[int, ...], mpf]:
    return joint(rng, rng.choice((2, 3)), rng.choice((2, 3)))


def _j3(rng: random.Random) -> dict[tuple[int, ...], mpf]:
    return joint(rng, 2, rng.choice((2, 3)), 2)


def _kl_pair(rng: random.Random) -> tuple[list[mpf], list[mpf]]:
    n = rng.choice((2, 3, 5))
    return pmf(rng, n), pmf(rng, n)


def _binary_bits(x: mpf) -> mpf:
    return entropy([x, 1 - x], mpf(2))


TRUE = [
    # Bishop, PRML 1.6: square brackets, random variables in lowercase
    Case(
        "bishop-chain-rule",
        r"\mathrm{H}[x, y] = \mathrm{H}[x \mid y] + \mathrm{H}[y]",
        r"H(X, Y) = H(X \mid Y) + H(Y)",
        "=",
        at(lambda r: (_j(r),), lambda p: (H(p, "xy"), H(p, "x", "y") + H(p, "y"))),
    ),
    Case(
        "bishop-mutual-information",
        r"\mathrm{I}[x, y] = \mathrm{H}[y] - \mathrm{H}[y \mid x]",
        r"I(X; Y) = H(Y) - H(Y \mid X)",
        "=",
        at(
            lambda r: (_j(r),),
            lambda p: (H(p, "x") + H(p, "y") - H(p, "xy"), H(p, "y") - H(p, "y", "x")),
        ),
    ),
    Case(
        "bishop-conditional-mi",
        r"\mathrm{I}[x, y \mid z] = \mathrm{H}[x \mid z] - \mathrm{H}[x \mid y, z]",
        r"I(X; Y \mid Z) = H(X \mid Z) - H(X \mid Y, Z)",
        "=",
        at(
            lambda r: (_j3(r),),
            lambda p: (
                H(p, "xz") + H(p, "yz") - H(p, "xyz") - H(p, "z"),
                H(p, "x", "z") - H(p, "x", "yz"),
            ),
        ),
    ),
    Case(
        "bishop-kl-braces",
        r"\mathrm{KL}(p \| q) = \sum_{x} p(x) \ln\left\{\frac{p(x)}{q(x)}\right\}",
        r"\mathrm{KL}(p \| q) = \sum_{x} p(x) \ln\left(\frac{p(x)}{q(x)}\right)",
        "=",
        at(lambda r: (_kl_pair(r),), lambda pq: (kl(*pq), kl(*pq))),
    ),
    Case(
        "braces-group",
        r"\frac{1}{2}\left\{\ln 2 + \ln 3\right\} = \ln \sqrt{6}",
        r"\frac{1}{2}\left(\ln 2 + \ln 3\right) = \ln \sqrt{6}",
        "=",
        lambda r: ((mpmath.log(2) + mpmath.log(3)) / 2, mpmath.log(mpmath.sqrt(6))),
    ),
    # Murphy, PML: blackboard letters
    Case(
        "murphy-subadditivity",
        r"\mathbb{H}(X, Y) \le \mathbb{H}(X) + \mathbb{H}(Y)",
        r"H(X, Y) \le H(X) + H(Y)",
        "<=",
        at(lambda r: (_j(r),), lambda p: (H(p, "xy"), H(p, "x") + H(p, "y"))),
    ),
    Case(
        "murphy-mi",
        r"\mathbb{I}(X; Y) = \mathbb{H}(Y) - \mathbb{H}(Y \mid X)",
        r"I(X; Y) = H(Y) - H(Y \mid X)",
        "=",
        at(
            lambda r: (_j(r),),
            lambda p: (H(p, "x") + H(p, "y") - H(p, "xy"), H(p, "y") - H(p, "y", "x")),
        ),
    ),
    Case(
        "murphy-ce-kl",
        r"\mathbb{H}_{ce}(p, q) = \mathbb{H}(p) + D_{\mathbb{KL}}(p \| q)",
        r"H(p, q) = H(p) + D_{KL}(p \| q)",
        "=",
        at(lambda r: (_kl_pair(r),), lambda pq: (ce(*pq), entropy(pq[0]) + kl(*pq))),
    ),
    Case(
        "murphy-kl-nonnegative",
        r"D_{\mathbb{KL}}(p \| q) \ge 0",
        r"D_{KL}(p \| q) \ge 0",
        ">=",
        lambda r: (kl(*_kl_pair(r)), mpf(0)),
    ),
    # MacKay, ITILA 1.2: H_2 is the binary entropy function, in bits
    Case(
        "mackay-h2-value",
        r"H_2(0.1) = 0.469",
        r"-0.1 \log_2 0.1 - 0.9 \log_2 0.9 = 0.469",
        "=",
        lambda r: (mpmath.nint(_binary_bits(mpf("0.1")) * 1000) / 1000, mpf("0.469")),
    ),
    Case(
        "mackay-h2-symmetric",
        r"H_2(x) = H_2(1 - x)",
        r"-x \log_2 x - (1 - x) \log_2 (1 - x) = -(1 - x) \log_2 (1 - x) - x \log_2 x",
        "=",
        at(lambda r: (unit(r),), lambda x: (_binary_bits(x), _binary_bits(1 - x))),
    ),
    Case(
        "mackay-h2-exact",
        r"H_2\left(\frac{1}{4}\right) = 2 - \frac{3}{4}\log_2 3",
        r"\frac{1}{4}\log_2 4 + \frac{3}{4}\log_2 \frac{4}{3} = 2 - \frac{3}{4}\log_2 3",
        "=",
        at(lambda r: (), lambda: (_binary_bits(mpf(1) / 4), 2 - mpf(3) / 4 * mpmath.log(3, 2))),
    ),
    Case(
        "murphy-event-pmf",
        r"\mathbb{H}(X) = \sum_{x} p(X = x) \log \frac{1}{p(X = x)}",
        r"H(X) = \sum_{x} P(X = x) \log \frac{1}{P(X = x)}",
        "=",
        at(lambda r: (pmf(r, r.choice((2, 3, 4))),), lambda p: (entropy(p), entropy(p))),
    ),
    # expectations without brackets (Cover & Thomas 2.3, Goodfellow 3.51), Bishop's dx in bold
    Case(
        "entropy-as-expectation",
        r"H(X) = \mathbb{E} \log \frac{1}{p(X)}",
        r"H(X) = -\sum_{x} p(x) \log p(x)",
        "=",
        at(lambda r: (pmf(r, r.choice((2, 3, 4))),), lambda p: (entropy(p), entropy(p))),
    ),
    Case(
        "cross-entropy-as-expectation",
        r"H(P, Q) = -\mathbb{E}_{x \sim P} \log Q(x)",
        r"H(P, Q) = -\mathbb{E}_{x \sim P}\left[\log Q(x)\right]",
        "=",
        at(lambda r: (_kl_pair(r),), lambda pq: (ce(*pq), ce(*pq))),
    ),
    Case(
        "bishop-kl-bold-differential",
        r"\mathrm{KL}(p \| q) = -\int p(\mathbf{x}) \ln \left\{ \frac{q(\mathbf{x})}{p(\mathbf{x})} "
        r"\right\} d\mathbf{x}",
        r"\mathrm{KL}(p \| q) = -\sum_{x} p(x) \ln \frac{q(x)}{p(x)}",
        "=",
        at(lambda r: (_kl_pair(r),), lambda pq: (kl(*pq), kl(*pq))),
    ),
    # MacKay 2.4: P(x) beside H(X)
    Case(
        "mackay-joint-entropy",
        r"H(X, Y) = \sum_{x, y} P(x, y) \log \frac{1}{P(x, y)}",
        r"H(X, Y) = -\sum_{x, y} p(x, y) \log p(x, y)",
        "=",
        at(lambda r: (_j(r),), lambda p: (H(p, "xy"), entropy(list(p.values())))),
    ),
    # Goodfellow et al., Deep Learning 3.10: softplus zeta and the logit sigma^{-1}
    Case(
        "goodfellow-log-sigmoid",
        r"\log \sigma(x) = -\zeta(-x)",
        r"\log \sigma(x) = -\log(1 + e^{-x})",
        "=",
        at(lambda r: (real(r),), lambda x: (mpmath.log(sigmoid(x)), -softplus(-x))),
    ),
    Case(
        "goodfellow-softplus-difference",
        r"\zeta(x) - \zeta(-x) = x",
        r"\log(1 + e^{x}) - \log(1 + e^{-x}) = x",
        "=",
        at(lambda r: (real(r),), lambda x: (softplus(x) - softplus(-x), x)),
    ),
    Case(
        "goodfellow-logit-inverts",
        r"\sigma^{-1}(\sigma(x)) = x",
        r"\log \frac{\sigma(x)}{1 - \sigma(x)} = x",
        "=",
        at(lambda r: (real(r),), lambda x: (mpmath.log(sigmoid(x) / (1 - sigmoid(x))), x)),
    ),
    Case(
        "logit-named",
        r"\mathrm{logit}(y) = \ln y - \ln(1 - y)",
        r"\ln \frac{y}{1 - y} = \ln y - \ln(1 - y)",
        "=",
        at(
            lambda r: (unit(r),),
            lambda y: (mpmath.log(y / (1 - y)), mpmath.log(y) - mpmath.log(1 - y)),
        ),
    ),
    # Kronecker delta, nabla, implication (Bishop 4.106, Goodfellow 6.5)
    Case(
        "kronecker-sifts",
        r"\sum_{j=1}^{n} \delta_{ij} x_j = x_i",
        r"x_i = x_i",
        "=",
        at(
            lambda r: (
                [real(r) for _ in range(4)],
                r.randrange(4),
            ),
            lambda x, i: (mpmath.fsum(x[j] * int(i == j) for j in range(4)), x[i]),
        ),
    ),
    Case(
        "softmax-jacobian",
        r"\frac{\partial \mathrm{softmax}(z)_k}{\partial z_j} = "
        r"\mathrm{softmax}(z)_k (\delta_{kj} - \mathrm{softmax}(z)_j)",
        r"\frac{\partial \mathrm{softmax}(z)_k}{\partial z_j} = "
        r"\frac{\partial}{\partial z_j} \frac{e^{z_k}}{\sum_{i=1}^{n} e^{z_i}}",
        "=",
        softmax_jacobian(-1),
    ),
    Case(
        "nabla-squared-error",
        r"\nabla_{z} \left(\frac{1}{2}\sum_{i=1}^{n} (z_i - t_i)^2\right) = z - t",
        r"\frac{\partial}{\partial z_k} \left(\frac{1}{2}\sum_{i=1}^{n} (z_i - t_i)^2\right) = "
        r"z_k - t_k",
        "=",
        squared_error_gradient(1),
    ),
    Case(
        "implies-softmax-ce-gradient",
        r"L = -\sum_{i=1}^{n} y_i \log \mathrm{softmax}(z)_i \implies "
        r"\nabla_z L = \mathrm{softmax}(z) - y",
        r"\frac{\partial}{\partial z_k}\left(-\sum_{i=1}^{n} y_i \log \mathrm{softmax}(z)_i\right)"
        r" = \mathrm{softmax}(z)_k - y_k",
        "=",
        ce_softmax_gradient(1),
    ),
    Case(
        "implies-condition",
        r"t > 0 \implies \sqrt{t^2} = t",
        r"\sqrt{t^2} = t",
        "=",
        at(lambda r: (mpf(r.uniform(0.001, 50)),), lambda t: (mpmath.sqrt(t * t), t)),
        assume=("t:positive",),
    ),
    # definite integrals: differential entropy (Cover & Thomas 8.1), Goodfellow 3.10
    Case(
        "uniform-differential-entropy",
        r"-\int_{0}^{c} \frac{1}{c} \log_2 \frac{1}{c} \, dx = \log_2 c",
        r"-c \cdot \frac{1}{c} \log_2 \frac{1}{c} = \log_2 c",
        "=",
        at(
            lambda r: (positive(r),),
            lambda c: (differential_entropy(lambda x: 1 / c, 0, c, 2), mpmath.log(c, 2)),
        ),
    ),
    Case(
        "exponential-differential-entropy-bits",
        r"-\int_{0}^{\infty} \lambda e^{-\lambda x} \log_2(\lambda e^{-\lambda x}) \, dx = "
        r"\log_2 \frac{e}{\lambda}",
        r"\log_2 e - \log_2 \lambda = \log_2 \frac{e}{\lambda}",
        "=",
        at(
            lambda r: (positive(r),),
            lambda lam: (
                differential_entropy(_exponential(lam), 0, mpmath.inf, 2),
                mpmath.log(mpmath.e / lam, 2),
            ),
        ),
    ),
    Case(
        "gaussian-differential-entropy",
        r"-\int_{-\infty}^{\infty} \frac{e^{-x^2/(2\sigma^2)}}{\sqrt{2\pi}\sigma} "
        r"\ln \frac{e^{-x^2/(2\sigma^2)}}{\sqrt{2\pi}\sigma} \, dx = \frac{1}{2}\ln(2\pi e \sigma^2)",
        r"\ln(\sqrt{2\pi}\sigma) + \frac{1}{2} = \frac{1}{2}\ln(2\pi e \sigma^2)",
        "=",
        at(
            lambda r: (positive(r),),
            lambda s: (
                differential_entropy(_gaussian(s), -mpmath.inf, mpmath.inf, mpmath.e),
                mpmath.log(2 * mpmath.pi * mpmath.e * s**2) / 2,
            ),
        ),
        assume=("sigma:positive",),
    ),
    Case(
        "softplus-integrates-sigmoid",
        r"\zeta(x) = \int_{-\infty}^{x} \sigma(y) \, dy",
        r"\log(1 + e^{x}) = \log(1 + e^{x})",
        "=",
        at(lambda r: (real(r),), lambda x: (softplus(x), quad(sigmoid, -mpmath.inf, x))),
    ),
    Case(
        "beta-density-normalised",
        r"\int_{0}^{1} 6x(1 - x) \, dx = 1",
        r"6\left(\frac{1}{2} - \frac{1}{3}\right) = 1",
        "=",
        at(lambda r: (), lambda: (quad(lambda x: 6 * x * (1 - x), 0, 1), mpf(1))),
    ),
]

WRONG = [
    Case(
        "bishop-chain-rule-swapped",
        r"\mathrm{H}[x, y] = \mathrm{H}[x \mid y] + \mathrm{H}[x]",
        r"H(X, Y) = H(X \mid Y) + H(X)",
        "=",
        at(lambda r: (_j(r),), lambda p: (H(p, "xy"), H(p, "x", "y") + H(p, "x"))),
    ),
    Case(
        "bishop-mi-sign",
        r"\mathrm{I}[x, y] = \mathrm{H}[y] + \mathrm{H}[y \mid x]",
        r"I(X; Y) = H(Y) + H(Y \mid X)",
        "=",
        at(
            lambda r: (_j(r),),
            lambda p: (H(p, "x") + H(p, "y") - H(p, "xy"), H(p, "y") + H(p, "y", "x")),
        ),
    ),
    Case(
        "bishop-conditional-mi-sign",
        r"\mathrm{I}[x, y \mid z] = \mathrm{H}[x \mid z] + \mathrm{H}[x \mid y, z]",
        r"I(X; Y \mid Z) = H(X \mid Z) + H(X \mid Y, Z)",
        "=",
        at(
            lambda r: (_j3(r),),
            lambda p: (
                H(p, "xz") + H(p, "yz") - H(p, "xyz") - H(p, "z"),
                H(p, "x", "z") + H(p, "x", "yz"),
            ),
        ),
    ),
    Case(
        "bishop-kl-braces-inverted",
        r"\mathrm{KL}(p \| q) = \sum_{x} p(x) \ln\left\{\frac{q(x)}{p(x)}\right\}",
        r"\mathrm{KL}(p \| q) = \sum_{x} p(x) \ln\left(\frac{q(x)}{p(x)}\right)",
        "=",
        at(lambda r: (_kl_pair(r),), lambda pq: (kl(*pq), -kl(*pq))),
    ),
    Case(
        "braces-group-dropped-half",
        r"\frac{1}{2}\left\{\ln 2 + \ln 3\right\} = \ln 6",
        r"\frac{1}{2}\left(\ln 2 + \ln 3\right) = \ln 6",
        "=",
        lambda r: ((mpmath.log(2) + mpmath.log(3)) / 2, mpmath.log(6)),
    ),
    Case(
        "murphy-superadditivity",
        r"\mathbb{H}(X, Y) \ge \mathbb{H}(X) + \mathbb{H}(Y)",
        r"H(X, Y) \ge H(X) + H(Y)",
        ">=",
        at(lambda r: (_j(r),), lambda p: (H(p, "xy"), H(p, "x") + H(p, "y"))),
    ),
    Case(
        "murphy-mi-swapped",
        r"\mathbb{I}(X; Y) = \mathbb{H}(Y) - \mathbb{H}(X \mid Y)",
        r"I(X; Y) = H(Y) - H(X \mid Y)",
        "=",
        at(
            lambda r: (joint(r, 2, 3),),
            lambda p: (H(p, "x") + H(p, "y") - H(p, "xy"), H(p, "y") - H(p, "x", "y")),
        ),
    ),
    Case(
        "murphy-ce-kl-sign",
        r"\mathbb{H}_{ce}(p, q) = \mathbb{H}(p) - D_{\mathbb{KL}}(p \| q)",
        r"H(p, q) = H(p) - D_{KL}(p \| q)",
        "=",
        at(lambda r: (_kl_pair(r),), lambda pq: (ce(*pq), entropy(pq[0]) - kl(*pq))),
    ),
    Case(
        "murphy-kl-symmetric",
        r"D_{\mathbb{KL}}(p \| q) = D_{\mathbb{KL}}(q \| p)",
        r"D_{KL}(p \| q) = D_{KL}(q \| p)",
        "=",
        at(lambda r: (_kl_pair(r),), lambda pq: (kl(*pq), kl(pq[1], pq[0]))),
    ),
    Case(
        "mackay-h2-in-nats",
        r"H_2(0.1) = 0.325",
        r"-0.1 \log_2 0.1 - 0.9 \log_2 0.9 = 0.325",
        "=",
        lambda r: (mpmath.nint(_binary_bits(mpf("0.1")) * 1000) / 1000, mpf("0.325")),
    ),
    Case(
        "mackay-h2-bound-in-nats",
        r"H_2(x) \le \ln 2",
        r"-x \log_2 x - (1 - x) \log_2 (1 - x) \le \ln 2",
        "<=",
        lambda r: (_binary_bits(unit(r)), mpmath.log(2)),
    ),
    Case(
        "murphy-event-pmf-sign",
        r"\mathbb{H}(X) = \sum_{x} p(X = x) \log p(X = x)",
        r"H(X) = \sum_{x} P(X = x) \log P(X = x)",
        "=",
        at(lambda r: (pmf(r, r.choice((2, 3, 4))),), lambda p: (entropy(p), -entropy(p))),
    ),
    Case(
        "entropy-as-expectation-sign",
        r"H(X) = \mathbb{E} \log p(X)",
        r"H(X) = \sum_{x} p(x) \log p(x)",
        "=",
        at(lambda r: (pmf(r, r.choice((2, 3, 4))),), lambda p: (entropy(p), -entropy(p))),
    ),
    Case(
        "cross-entropy-as-expectation-sign",
        r"H(P, Q) = \mathbb{E}_{x \sim P} \log Q(x)",
        r"H(P, Q) = \mathbb{E}_{x \sim P}\left[\log Q(x)\right]",
        "=",
        at(lambda r: (_kl_pair(r),), lambda pq: (ce(*pq), -ce(*pq))),
    ),
    Case(
        "bishop-kl-bold-differential-sign",
        r"\mathrm{KL}(p \| q) = \int p(\mathbf{x}) \ln \left\{ \frac{q(\mathbf{x})}{p(\mathbf{x})} "
        r"\right\} d\mathbf{x}",
        r"\mathrm{KL}(p \| q) = \sum_{x} p(x) \ln \frac{q(x)}{p(x)}",
        "=",
        at(lambda r: (_kl_pair(r),), lambda pq: (kl(*pq), -kl(*pq))),
    ),
    Case(
        "mackay-joint-entropy-sign",
        r"H(X, Y) = \sum_{x, y} P(x, y) \log P(x, y)",
        r"H(X, Y) = \sum_{x, y} p(x, y) \log p(x, y)",
        "=",
        at(lambda r: (_j(r),), lambda p: (H(p, "xy"), -entropy(list(p.values())))),
    ),
    Case(
        "goodfellow-log-sigmoid-sign",
        r"\log \sigma(x) = \zeta(-x)",
        r"\log \sigma(x) = \log(1 + e^{-x})",
        "=",
        at(lambda r: (real(r),), lambda x: (mpmath.log(sigmoid(x)), softplus(-x))),
    ),
    Case(
        "goodfellow-softplus-sum",
        r"\zeta(x) + \zeta(-x) = x",
        r"\log(1 + e^{x}) + \log(1 + e^{-x}) = x",
        "=",
        at(lambda r: (real(r),), lambda x: (softplus(x) + softplus(-x), x)),
    ),
    Case(
        "logit-inverted",
        r"\sigma^{-1}(\sigma(x)) = -x",
        r"\log \frac{\sigma(x)}{1 - \sigma(x)} = -x",
        "=",
        at(lambda r: (real(r),), lambda x: (mpmath.log(sigmoid(x) / (1 - sigmoid(x))), -x)),
    ),
    Case(
        "logit-base-2",
        r"\mathrm{logit}(y) = \log_2 y - \log_2(1 - y)",
        r"\ln \frac{y}{1 - y} = \log_2 y - \log_2(1 - y)",
        "=",
        at(lambda r: (unit(r),), lambda y: (mpmath.log(y / (1 - y)), mpmath.log(y / (1 - y), 2))),
    ),
    Case(
        "kronecker-wrong-index",
        r"\sum_{j=1}^{n} \delta_{ij} x_j = x_j",
        r"x_i = x_j",
        "=",
        at(lambda r: ([real(r) for _ in range(2)],), lambda x: (x[0], x[1])),
    ),
    Case(
        "softmax-jacobian-sign",
        r"\frac{\partial \mathrm{softmax}(z)_k}{\partial z_j} = "
        r"\mathrm{softmax}(z)_k (\delta_{kj} + \mathrm{softmax}(z)_j)",
        r"\frac{\partial}{\partial z_j} \frac{e^{z_k}}{\sum_{i=1}^{n} e^{z_i}} = "
        r"\mathrm{softmax}(z)_k (\delta_{kj} + \mathrm{softmax}(z)_j)",
        "=",
        softmax_jacobian(1),
    ),
    Case(
        "nabla-squared-error-sign",
        r"\nabla_{z} \left(\frac{1}{2}\sum_{i=1}^{n} (z_i - t_i)^2\right) = t - z",
        r"\frac{\partial}{\partial z_k} \left(\frac{1}{2}\sum_{i=1}^{n} (z_i - t_i)^2\right) = "
        r"t_k - z_k",
        "=",
        squared_error_gradient(-1),
    ),
    Case(
        "implies-gradient-sign",
        r"L = -\sum_{i=1}^{n} y_i \log \mathrm{softmax}(z)_i \implies "
        r"\nabla_z L = y - \mathrm{softmax}(z)",
        r"\frac{\partial}{\partial z_k}\left(-\sum_{i=1}^{n} y_i \log \mathrm{softmax}(z)_i\right)"
        r" = y_k - \mathrm{softmax}(z)_k",
        "=",
        ce_softmax_gradient(-1),
    ),
    Case(
        "implies-condition-sign",
        r"t > 0 \implies \sqrt{t^2} = -t",
        r"\sqrt{t^2} = -t",
        "=",
        at(lambda r: (mpf(r.uniform(0.001, 50)),), lambda t: (mpmath.sqrt(t * t), -t)),
        assume=("t:positive",),
    ),
    Case(
        "uniform-differential-entropy-inverted",
        r"-\int_{0}^{c} \frac{1}{c} \log_2 \frac{1}{c} \, dx = \log_2 \frac{1}{c}",
        r"-c \cdot \frac{1}{c} \log_2 \frac{1}{c} = \log_2 \frac{1}{c}",
        "=",
        at(
            lambda r: (positive(r),),
            lambda c: (differential_entropy(lambda x: 1 / c, 0, c, 2), -mpmath.log(c, 2)),
        ),
    ),
    Case(
        "exponential-differential-entropy-product",
        r"-\int_{0}^{\infty} \lambda e^{-\lambda x} \log_2(\lambda e^{-\lambda x}) \, dx = "
        r"\log_2 (e \lambda)",
        r"\log_2 e - \log_2 \lambda = \log_2 (e \lambda)",
        "=",
        at(
            lambda r: (positive(r),),
            lambda lam: (
                differential_entropy(_exponential(lam), 0, mpmath.inf, 2),
                mpmath.log(mpmath.e * lam, 2),
            ),
        ),
    ),
    Case(
        "gaussian-differential-entropy-no-half",
        r"-\int_{-\infty}^{\infty} \frac{e^{-x^2/(2\sigma^2)}}{\sqrt{2\pi}\sigma} "
        r"\ln \frac{e^{-x^2/(2\sigma^2)}}{\sqrt{2\pi}\sigma} \, dx = \ln(2\pi e \sigma^2)",
        r"\ln(\sqrt{2\pi}\sigma) + \frac{1}{2} = \ln(2\pi e \sigma^2)",
        "=",
        at(
            lambda r: (positive(r),),
            lambda s: (
                differential_entropy(_gaussian(s), -mpmath.inf, mpmath.inf, mpmath.e),
                mpmath.log(2 * mpmath.pi * mpmath.e * s**2),
            ),
        ),
        assume=("sigma:positive",),
    ),
    Case(
        "softplus-is-not-the-integral-of-the-sigmoid-derivative",
        r"\zeta(x) = \int_{-\infty}^{x} \sigma(y)(1 - \sigma(y)) \, dy",
        r"\log(1 + e^{x}) = \sigma(x)",
        "=",
        at(
            lambda r: (real(r),),
            lambda x: (softplus(x), quad(lambda y: sigmoid(y) * (1 - sigmoid(y)), -mpmath.inf, x)),
        ),
    ),
    Case(
        "beta-density-half",
        r"\int_{0}^{1} 6x(1 - x) \, dx = \frac{1}{2}",
        r"6\left(\frac{1}{2} - \frac{1}{3}\right) = \frac{1}{2}",
        "=",
        at(lambda r: (), lambda: (quad(lambda x: 6 * x * (1 - x), 0, 1), mpf(1) / 2)),
    ),
]


def _status(latex: str, case: Case) -> str:
    return verify(latex, base=case.base, assume=list(case.assume)).status


@pytest.mark.parametrize("case", TRUE, ids=[c.id for c in TRUE])
def test_a_true_claim_in_textbook_notation_is_accepted_like_its_plain_spelling(case: Case) -> None:
    assert holds(case.oracle, case.relation)  # independent truth
    assert _status(case.notation, case) in ACCEPTED
    assert _status(case.plain, case) in ACCEPTED


@pytest.mark.parametrize("case", WRONG, ids=[c.id for c in WRONG])
def test_a_wrong_variant_in_textbook_notation_is_refuted_like_its_plain_spelling(
    case: Case,
) -> None:
    assert not holds(case.oracle, case.relation)  # independent falsity
    assert _status(case.notation, case) == "refuted"
    assert _status(case.plain, case) == "refuted"


# ---------------------------------------------------------------- conventions and refusals


def test_h2_is_in_bits_whatever_the_base_setting() -> None:
    expected = mpmath.nstr(_binary_bits(mpf("0.25")), 12)  # 0.811278124459
    for base in ("e", "2", "10"):
        result = verify(r"H_2(0.25) = 0.8112781245", base=base)
        assert result.status in ACCEPTED, base
    assert expected.startswith("0.81127812")
    assert verify(r"H_2(0.25) = 0.5623351446", base="e").status == "refuted"  # the nats value


def test_a_reading_convention_is_named_in_the_verdict() -> None:
    report = check_text("$$\\zeta(x) - \\zeta(-x) = x$$\n")
    (row,) = [r for r in report.rows if r.kind == "claim"]
    assert any("softplus" in note for note in row.notes)


@pytest.mark.parametrize(
    ("latex", "message"),
    [
        (r"H_2(X) = 1", "binary entropy function"),
        (r"H_2(p) = -\sum_{i=1}^{n} p_i \log_2 p_i", "ambiguous"),
        (r"\mathrm{I}[x, y, z] = 0", "two random variables"),
        (r"\{a, b\} = 1", "sets"),
        (r"\mathbb{R} = 1", r"\mathbb{R} is not understood"),
        (r"a = b \implies b = c \implies a = c", "one premise and one conclusion"),
        (r"H(X) = \sum_x P(x) \log \frac{1}{p(x)}", "two pmfs"),
        (r"\nabla L = 0", "gradient"),
        (r"-\int_{-\infty}^{\infty} p(x) \ln p(x) \, dx \ge 0", "does not write out"),
        (r"\int_{0}^{1} \frac{1}{x} \, dx = 1", "diverges"),
        (r"\int^{1} x \, dx = 1", "lower bound"),
        (r"\int_{0}^{1} x = 1", "differential"),
        (r"H(X) = \mathbb{E}_p \log \frac{1}{p(X)}", "over random variables"),
        (r"\zeta(2) = \frac{\pi^2}{6}", "Riemann"),  # true of Riemann's zeta: never refuted
        (r"\sigma^{-1}(x - \mu) = t", "ambiguous"),  # sigma a standard deviation?
        (r"\sigma^{-1}(y) \sigma^2 = \sigma", "is a number"),
        (r"\sum_{c=1}^{C} \mathbb{I}(y = c) = 1", "indicator"),  # Murphy's indicator
        (r"D(p \| q) = \mathbb{E}_p \log \frac{p(X)}{q(X)}", "over random variables"),
    ],
)
def test_what_the_notations_do_not_cover_is_refused_with_a_reason(latex: str, message: str) -> None:
    with pytest.raises(LatexParseError, match=message.replace("\\", "\\\\")):
        verify(latex)


def test_a_premise_that_is_no_definition_makes_a_failing_conclusion_unknown() -> None:
    # D(p || q) = 0 fails in general, but only where p_i = q_i fails: not a refutation
    result = verify(r"p_i = q_i \implies D(p \| q) = 0")
    assert result.status == "unknown"
    assert "premise" in result.rows[0].detail


def test_zeta_bound_in_the_file_is_not_the_softplus() -> None:
    report = check_text("$$\\zeta = 2$$\n\n$$\\zeta(x) - \\zeta(-x) = x$$\n")
    (row,) = [r for r in report.rows if r.kind != "binding" and "zeta(x)" in r.link]
    assert row.status != "proved" and "softplus" in row.detail


def test_a_definition_line_gives_its_name_to_a_gradient_later() -> None:
    text = (
        "$$L = -\\sum_{i=1}^{n} y_i \\log \\mathrm{softmax}(z)_i$$\n\n"
        "$$\\nabla_z L = \\mathrm{softmax}(z) - y$$\n\n"
        "$$\\nabla_z L = y - \\mathrm{softmax}(z)$$\n"
    )
    rows = [r for r in check_text(text).rows if "nabla" in r.link]
    assert [r.status for r in rows] == ["confirmed", "refuted"] or (
        rows[0].status in ACCEPTED and rows[1].status == "refuted"
    )


def test_an_integral_that_converges_only_under_a_condition_is_judged_there() -> None:
    # for a real a, the integral of e^{-a x} over [0, oo) is 1/a where a > 0 and diverges
    # elsewhere: the claim is undefined for a <= 0, so it is judged for a > 0 and says so
    claim = r"\int_{0}^{\infty} e^{-a x} \, dx = \frac{1}{a}"
    result = verify(claim)
    assert result.status == "proved"
    assert "converges only where a > 0" in " ".join(result.rows[0].notes)
    wrong = verify(r"\int_{0}^{\infty} e^{-a x} \, dx = \frac{2}{a}")
    assert wrong.status == "refuted"
    assert "a = " in wrong.rows[0].detail and "a = -" not in wrong.rows[0].detail
    assert verify(r"a > 0 \implies " + claim).status == "proved"
    # a condition on two names is not a domain of one name: refused, with the condition
    with pytest.raises(LatexParseError, match="converges only where"):
        verify(r"\int_{0}^{\infty} e^{-(a + b) x} \, dx = \frac{1}{a + b}")


def test_a_density_defined_on_an_earlier_line_is_integrated() -> None:
    text = (
        "$$f(x) = \\lambda e^{-\\lambda x}$$\n\n"
        "$$-\\int_{0}^{\\infty} f(x) \\ln f(x) \\, dx = 1 - \\ln \\lambda$$\n\n"
        "$$-\\int_{0}^{\\infty} f(x) \\ln f(x) \\, dx = 1 + \\ln \\lambda$$\n"
    )
    rows = [r for r in check_text(text).rows if r.kind == "claim"]
    assert [r.status for r in rows] == ["proved", "refuted"]
    assert all(any("closed form" in note for note in r.notes) for r in rows)


def test_a_function_name_written_alone_later_is_a_new_definition_not_a_claim() -> None:
    # Cover & Thomas write h(X) for the differential entropy, then h alone for its value
    text = (
        "$$h(X) = -\\int_{-\\infty}^{\\infty} f(x) \\log f(x) \\, dx$$\n\n"
        "For a normal density, $h = \\frac{1}{2}\\log(2\\pi e \\sigma^2)$ nats.\n"
    )
    rows = check_text(text).rows
    assert not [r for r in rows if r.status == "refuted"]
    assert [r.kind for r in rows if "sigma^2" in r.link] == ["definition"]


def test_a_formula_said_in_passing_stands_for_its_name_only_where_it_is_differentiated() -> None:
    # "its inverse is a = ln(sigma / (1 - sigma))" must not make every later a that formula
    text = (
        "$$\\sigma(a) = \\frac{1}{1 + e^{-a}}$$\n\n"
        "Its inverse is $a = \\ln \\frac{\\sigma}{1 - \\sigma}$.\n\n"
        "$$\\sigma(-a) = 1 - \\sigma(a)$$\n\n"
        "$$0 < \\sigma(a) < 1$$\n"
    )
    rows = [r for r in check_text(text).rows if r.kind == "claim"]
    assert rows and all(r.status in ACCEPTED for r in rows), [(r.link, r.detail) for r in rows]


def test_a_premise_definition_stands_for_its_name_everywhere_in_the_conclusion() -> None:
    # cross-entropy of two distributions is nonnegative; the premise says what L is
    premise = r"L = -\sum_{i=1}^{n} y_i \log q_i \implies "
    assert verify(premise + r"L \ge 0").status in ACCEPTED
    assert verify(premise + r"L \le 0").status == "refuted"
