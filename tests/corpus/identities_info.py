r"""Information-theory claims: entropy, cross-entropy, KL, joint and conditional entropy, mutual
information and the classical inequalities, written as Cover & Thomas (ch. 2), MacKay (ch. 2, 8),
Bishop (1.6), Goodfellow et al. (3.13), Murphy and the seed handouts write them.

Conventions of the evaluations (mpmath, :mod:`corpus.truth`): ``p``, ``q`` are distributions
over ``n`` classes with n drawn from 1 to 64, often near the simplex's boundary (entries down to
1e-200); a joint pmf ``P`` has X on axis 0, Y on axis 1, Z on axis 2, and ``|X|`` is its number
of rows; ``log`` without a base is natural unless the entry's ``base`` is "2".

Example:
    >>> len([c for c in CLAIMS if c.category == "joint"]) > 5
    True
"""

from __future__ import annotations

from mpmath import mp, mpf

from corpus.claims import F, T
from corpus.truth import (
    CE,
    KL,
    MI,
    H,
    Hc,
    Hm,
    Point,
    frac,
    log,
    marginal,
    on_joint,
    on_joint3,
    on_markov,
    on_p,
    on_p_x,
    on_pos,
    on_pos_vectors,
    on_pq,
    on_prob,
    on_x,
    on_y_yhat,
    pmf,
    table,
    xlogy,
)

C_T = "Cover & Thomas, Elements of Information Theory (2nd ed.)"
GBC = "Goodfellow, Bengio & Courville, Deep Learning"
BISHOP = "Bishop, Pattern Recognition and Machine Learning"
MACKAY = "MacKay, Information Theory, Inference, and Learning Algorithms"
MURPHY = "Murphy, Probabilistic Machine Learning: An Introduction"
SEED = "seed handout"


def fsum(values):
    return mp.fsum(values)


def on_p2(rng):
    """``p`` over at least two classes (the claim names p_1 and p_2)."""
    pt = on_p(rng)
    if pt.n < 2:
        pt.n, pt.p = 2, pmf(rng, 2)
    return pt


def on_onehot(rng):
    """A one-hot ``y`` and a prediction ``yhat`` over n classes."""
    pt = on_p(rng)
    k = rng.randrange(pt.n)
    return Point(n=pt.n, y=[mpf(i == k) for i in range(pt.n)], yhat=pt.p)


def on_gt_minus1(rng):
    """A real ``x > -1``, sometimes within 1e-20 of -1."""
    x = on_pos(rng).x - 1
    return Point(x=x if rng.random() < 0.8 else -1 + mpf(10) ** -20)


def hx(s, b=None):
    return Hm(s.P, (0,), b)


def hy(s, b=None):
    return Hm(s.P, (1,), b)


def hxy(s, b=None):
    return Hm(s.P, (0, 1), b)


def ixy(s, b=None):
    return MI(s.P, (0,), (1,), (), b)


def h_y_given_x_direct(s):
    """``-sum_{x,y} p(x,y) log p(y|x)``, from the definition."""
    px = marginal(s.P, (0,))
    return -fsum(xlogy(v, v / px[(x,)]) for (x, _y), v in s.P.items())


def mi_direct(s):
    """``sum p(x,y) log p(x,y) / (p(x) p(y))``, from the definition."""
    px, py = marginal(s.P, (0,)), marginal(s.P, (1,))
    return fsum(xlogy(v, v / (px[(x,)] * py[(y,)])) for (x, y), v in s.P.items())


def p_half_q_skew():
    return Point(n=2, p=[frac(1, 2), frac(1, 2)], q=[mpf("0.9"), mpf("0.1")])


def correlated():
    """X, Y two bits that agree with probability 0.8."""
    return Point(P=table([["0.4", "0.1"], ["0.1", "0.4"]]), nx=2, ny=2)


def skewed():
    """X, Y with different marginals: p(x) = (0.7, 0.3), p(y) = (0.6, 0.4)."""
    return Point(P=table([["0.5", "0.2"], ["0.1", "0.2"]]), nx=2, ny=2)


def independent():
    """X uniform on two values, Y = (0.99, 0.01), independent of X."""
    return Point(P=table([["0.495", "0.005"], ["0.495", "0.005"]]), nx=2, ny=2)


def xor_noisy():
    """X, Y independent fair bits and Z = X xor Y, mixed with 1% uniform noise."""
    P = {}
    for x in range(2):
        for y in range(2):
            for z in range(2):
                P[(x, y, z)] = mpf("0.99") * (frac(1, 4) if z == x ^ y else 0) + mpf("0.01") / 8
    return Point(P=P)


def markov_example():
    """X uniform bit, Y = X flipped w.p. 0.1, Z = Y flipped w.p. 0.2: a Markov chain."""
    P = {}
    for x in range(2):
        for y in range(2):
            for z in range(2):
                fy = mpf("0.9") if y == x else mpf("0.1")
                fz = mpf("0.8") if z == y else mpf("0.2")
                P[(x, y, z)] = frac(1, 2) * fy * fz
    return Point(P=P)


def uniform(n):
    return Point(n=n, p=[frac(1, n)] * n)


# The data: one entry per claim, kept one call per few lines (not reformatted).
# fmt: off

# ====================================================================== basic: entropy itself

BASIC = [
    T("basic.def-sum-alphabet", r"H(X) = -\sum_{x \in \mathcal{X}} p(x) \log p(x)",
      lambda s: (H(s.p), -fsum(v * mp.log(v) for v in s.p)), on_p,
      src=f"{C_T}, (2.1)", why="definition of entropy"),
    T("basic.def-sum-i", r"H(p) = -\sum_{i=1}^{n} p_i \log p_i",
      lambda s: (H(s.p), -fsum(v * mp.log(v) for v in s.p)), on_p,
      src=f"{BISHOP}, (1.98)", why="definition of entropy"),
    T("basic.def-log-inverse", r"H(p) = \sum_x p(x) \log \frac{1}{p(x)}",
      lambda s: (H(s.p), fsum(v * mp.log(1 / v) for v in s.p)), on_p,
      src=f"{MACKAY}, (2.35)", why="log(1/p) = -log p"),
    T("basic.def-expectation", r"H(X) = \mathbb{E}_{x \sim p}\left[\log \frac{1}{p(x)}\right]",
      lambda s: (H(s.p), fsum(v * mp.log(1 / v) for v in s.p)), on_p,
      src=f"{C_T}, (2.3)", why="entropy is the expected surprise"),
    T("basic.def-minus-expectation", r"H(X) = -\mathbb{E}_{x \sim p}[\log p(x)]",
      lambda s: (H(s.p), -fsum(v * mp.log(v) for v in s.p)), on_p,
      src=f"{GBC}, (3.49)", why="definition of entropy"),
    T("basic.nonnegative", r"H(p) \ge 0", lambda s: (H(s.p), 0), on_p, rel=">=",
      src=f"{C_T}, Lemma 2.1.1", why="0 <= p(x) <= 1 so -log p(x) >= 0"),
    T("basic.max-log-n", r"H(p) \le \log n", lambda s: (H(s.p), mp.log(s.n)), on_p, rel="<=",
      src=f"{C_T}, Thm 2.6.4", why="log n - H(p) = D(p || uniform) >= 0"),
    T("basic.max-alphabet", r"H(X) \le \log |\mathcal{X}|", lambda s: (H(s.p), mp.log(s.n)),
      on_p, rel="<=", src=f"{C_T}, Thm 2.6.4", why="log|X| - H(X) = D(p || u) >= 0"),
    T("basic.bits-from-nats", r"H(p) = \frac{-\sum_i p_i \ln p_i}{\ln 2}",
      lambda s: (H(s.p, 2), -fsum(v * mp.log(v) for v in s.p) / mp.log(2)), on_p, base="2",
      src="lecture notes (nats to bits)", why="log_2 x = ln x / ln 2, so H in bits is H in nats / ln 2"),
    T("basic.change-of-base",
      r"-\sum_x p(x) \log_2 p(x) = \log_2 e \cdot \left(-\sum_x p(x) \ln p(x)\right)",
      lambda s: (H(s.p, 2), mp.log(mp.e, 2) * H(s.p)), on_p,
      src=f"{C_T}, Lemma 2.1.2", why="H_b(X) = (log_b a) H_a(X)"),
    T("basic.uniform", r"-\sum_{i=1}^{n} \frac{1}{n} \log \frac{1}{n} = \log n",
      lambda s: (-fsum(mp.log(frac(1, s.n)) / s.n for _ in range(s.n)), mp.log(s.n)), on_p,
      src=f"{MACKAY}, ex. 2.4 style", why="n equal terms (1/n) log n"),
    T("basic.gap-to-uniform", r"\sum_{i=1}^{n} p_i \log (n p_i) = \log n - H(p)",
      lambda s: (fsum(v * mp.log(s.n * v) for v in s.p), mp.log(s.n) - H(s.p)), on_p,
      src=f"{C_T}, proof of Thm 2.6.4", why="log(n p_i) = log n + log p_i and sum p_i = 1"),
    T("basic.neg-sum", r"\sum_x p(x) \log p(x) \le 0",
      lambda s: (fsum(v * mp.log(v) for v in s.p), 0), on_p, rel="<=",
      src=f"{C_T}", why="each term p log p <= 0 for p in (0, 1]"),
    T("basic.binary-max", r"-p \log p - (1-p) \log (1-p) \le \log 2",
      lambda s: (H([s.p, 1 - s.p]), mp.log(2)), on_prob, rel="<=",
      src=f"{C_T}, Example 2.1.1", why="binary entropy is at most log of 2 outcomes"),
    T("basic.binary-max-bits", r"-p \log_2 p - (1-p) \log_2 (1-p) \le 1",
      lambda s: (H([s.p, 1 - s.p], 2), 1), on_prob, rel="<=",
      src=f"{C_T}, Figure 2.1", why="H(p) <= 1 bit, equality at p = 1/2"),
    T("basic.info-content", r"\log \frac{1}{p} \ge 0", lambda s: (mp.log(1 / s.p), 0), on_prob,
      rel=">=", src=f"{SEED} 000 (information content)", why="p <= 1 so 1/p >= 1"),
    T("basic.info-additive", r"\log \frac{1}{p_1 p_2} = \log \frac{1}{p_1} + \log \frac{1}{p_2}",
      lambda s: (mp.log(1 / (s.p[0] * s.p[1])), mp.log(1 / s.p[0]) + mp.log(1 / s.p[1])), on_p2,
      src=f"{SEED} 002 (information of independent events adds)", why="log of a product"),
    T("basic.pmf-sums-to-one", r"\sum_{i=1}^{n} p_i = 1", lambda s: (fsum(s.p), 1), on_p,
      src="any textbook", why="p is a distribution"),
    T("basic.pmf-alphabet", r"\sum_{x \in \mathcal{X}} p(x) = 1", lambda s: (fsum(s.p), 1), on_p,
      src=f"{C_T}", why="p is a distribution"),
    T("basic.bits-log-inverse", r"H(X) = \sum_{x} p(x) \log_2 \frac{1}{p(x)}",
      lambda s: (H(s.p, 2), fsum(v * log(1 / v, 2) for v in s.p)), on_p, base="2",
      src=f"{MACKAY}, (2.35), in bits", why="with log in bits both sides are the entropy in bits"),
    # --- false
    F("basic.bits-in-nats", r"H(p) = -\sum_x p(x) \log_2 p(x)",
      lambda s: (H(s.p), H(s.p, 2)), lambda: uniform(2),
      src="bits-only claim read in nats", why="in nats H = ln 2 = 0.693 for a fair coin, the sum in bits is 1"),
    F("basic.sign-flip", r"H(p) = \sum_{i=1}^{n} p_i \log p_i",
      lambda s: (H(s.p), -H(s.p)), lambda: uniform(2),
      src="sign error", why="the sum is -H(p); at p = (1/2, 1/2) they are ln 2 and -ln 2"),
    F("basic.max-1-nat", r"H(p) \le 1", lambda s: (H(s.p), 1), lambda: uniform(3), rel="<=",
      src="bits-only claim (H <= 1 holds for 2 outcomes in bits)",
      why="uniform over 3 classes has H = ln 3 = 1.0986 > 1"),
    F("basic.max-log-20", r"H(p) \le \log 20", lambda s: (H(s.p), mp.log(20)), lambda: uniform(21),
      rel="<=", src="issue 10, B.3", why="uniform over 21 classes has H = log 21 > log 20"),
    F("basic.min-log-n", r"H(p) \ge \log n", lambda s: (H(s.p), mp.log(s.n)),
      lambda: Point(n=2, p=[mpf("0.9"), mpf("0.1")]), rel=">=",
      src="reversed inequality", why="only the uniform distribution reaches log n; (0.9, 0.1) has 0.325 < 0.693"),
    F("basic.strictly-positive", r"H(p) > 0", lambda s: (H(s.p), 0),
      lambda: Point(n=1, p=[mpf(1)]), rel=">",
      src="strict where only >= holds", why="one class: p = (1), H = 0"),
    F("basic.binary-half", r"-p \log p - (1-p) \log (1-p) \le \frac{1}{2}",
      lambda s: (H([s.p, 1 - s.p]), frac(1, 2)), lambda: Point(p=frac(1, 2)), rel="<=",
      src="wrong constant", why="at p = 1/2 the left side is ln 2 = 0.693"),
    F("basic.always-log-n", r"H(p) = \log n", lambda s: (H(s.p), mp.log(s.n)),
      lambda: Point(n=2, p=[mpf("0.9"), mpf("0.1")]),
      src="uniform case taken as general", why="(0.9, 0.1): 0.325 vs ln 2 = 0.693"),
    F("basic.neg-sum-reversed", r"\sum_x p(x) \log p(x) \ge 0",
      lambda s: (-H(s.p), 0), lambda: uniform(2), rel=">=",
      src="reversed inequality", why="at the uniform pair the sum is -ln 2"),
    F("basic.change-of-base-upside-down", r"\log_2 x = \frac{\ln 2}{\ln x}",
      lambda s: (log(s.x, 2), mp.log(2) / mp.log(s.x)), lambda: Point(x=mpf(4)),
      src="change of base inverted", why="x = 4: log_2 4 = 2 but ln 2 / ln 4 = 1/2"),
]

# ====================================================================== cross-entropy

CROSS = [
    T("cross-entropy.def", r"H(p, q) = -\sum_x p(x) \log q(x)",
      lambda s: (CE(s.p, s.q), -fsum(a * mp.log(b) for a, b in zip(s.p, s.q, strict=True))),
      on_pq, src=f"{GBC}, (3.51)", why="definition"),
    T("cross-entropy.def-expectation", r"\mathrm{CE}(p, q) = -\mathbb{E}_{x \sim p}[\log q(x)]",
      lambda s: (CE(s.p, s.q), -fsum(a * mp.log(b) for a, b in zip(s.p, s.q, strict=True))),
      on_pq, src=f"{SEED} 003", why="definition"),
    T("cross-entropy.entropy-plus-kl", r"H(p, q) = H(p) + D_{KL}(p \| q)",
      lambda s: (CE(s.p, s.q), H(s.p) + KL(s.p, s.q)), on_pq,
      src=f"{GBC}, 3.13", why="-log q = -log p + log(p/q), averaged over p"),
    T("cross-entropy.sum-is-entropy-plus-kl",
      r"-\sum_{i=1}^{n} p_i \log q_i = H(p) + D_{KL}(p \parallel q)",
      lambda s: (CE(s.p, s.q), H(s.p) + KL(s.p, s.q)), on_pq,
      src=f"{MURPHY}, 6.2", why="split log q_i = log p_i - log(p_i / q_i)"),
    T("cross-entropy.ce-entropy-kl-ascii", r"\mathrm{CE}(p, q) = H(p) + D(p||q)",
      lambda s: (CE(s.p, s.q), H(s.p) + KL(s.p, s.q)), on_pq,
      src="lecture notes, ASCII bars", why="same identity, D(p||q) is relative entropy"),
    T("cross-entropy.ge-entropy", r"H(p, q) \ge H(p)", lambda s: (CE(s.p, s.q), H(s.p)), on_pq,
      rel=">=", src=f"{MURPHY}", why="H(p, q) - H(p) = D(p||q) >= 0 (Gibbs)"),
    T("cross-entropy.gibbs", r"-\sum_i p_i \log p_i \le -\sum_i p_i \log q_i",
      lambda s: (H(s.p), CE(s.p, s.q)), on_pq, rel="<=",
      src=f"{MACKAY}, Gibbs' inequality (2.46)", why="the difference is D(p||q) >= 0"),
    T("cross-entropy.self", r"H(p, p) = H(p)", lambda s: (CE(s.p, s.p), H(s.p)), on_p,
      src="lecture notes", why="-sum p log p both times"),
    T("cross-entropy.nonnegative", r"H(p, q) \ge 0", lambda s: (CE(s.p, s.q), 0), on_pq, rel=">=",
      src="lecture notes", why="every -log q_i >= 0"),
    T("cross-entropy.binary-tuple",
      r"H\big((y, 1-y), (\hat{y}, 1-\hat{y})\big) = -y \log \hat{y} - (1-y) \log (1-\hat{y})",
      lambda s: (CE([s.y, 1 - s.y], [s.yhat, 1 - s.yhat]),
                 -xlogy(s.y, s.yhat) - xlogy(1 - s.y, 1 - s.yhat)),
      on_y_yhat,
      src=f"{GBC}, 6.2.2.2 / CS229", why="cross-entropy of the two-outcome distributions"),
    T("cross-entropy.one-hot-equals-kl", r"-\sum_{i=1}^{n} y_i \log \hat{y}_i = D_{KL}(y \| \hat{y})",
      lambda s: (CE(s.y, s.yhat), KL(s.y, s.yhat)), on_onehot, assume=("y:one-hot",),
      src=f"{SEED} 003", why="H(y) = 0 for one-hot y, so CE = H(y) + KL = KL"),
    T("cross-entropy.one-hot-entropy-zero", r"H(y) = 0", lambda s: (H(s.y), 0), on_onehot,
      assume=("y:one-hot",), src=f"{SEED} 003", why="1 log 1 = 0 and 0 log 0 = 0"),
    # --- false
    F("cross-entropy.symmetric", r"H(p, q) = H(q, p)", lambda s: (CE(s.p, s.q), CE(s.q, s.p)),
      p_half_q_skew, src="swapped arguments",
      why="p = (1/2, 1/2), q = (0.9, 0.1): H(p,q) = 1.204, H(q,p) = 0.693"),
    F("cross-entropy.minus-kl", r"H(p, q) = H(p) - D_{KL}(p \| q)",
      lambda s: (CE(s.p, s.q), H(s.p) - KL(s.p, s.q)), p_half_q_skew, src="sign flip",
      why="CE = H + KL; with KL = 0.511 the sides are 1.204 and 0.182"),
    F("cross-entropy.le-entropy", r"H(p, q) \le H(p)", lambda s: (CE(s.p, s.q), H(s.p)),
      p_half_q_skew, rel="<=", src="reversed Gibbs", why="1.204 > 0.693"),
    F("cross-entropy.swapped-def", r"\mathrm{CE}(p, q) = -\sum_x q(x) \log p(x)",
      lambda s: (CE(s.p, s.q), CE(s.q, s.p)), p_half_q_skew, src="swapped arguments",
      why="that sum is CE(q, p); 1.204 vs 0.693"),
    F("cross-entropy.bounded-60", r"H(p, q) \le 60", lambda s: (CE(s.p, s.q), 60),
      lambda: Point(n=2, p=[frac(1, 2), frac(1, 2)], q=[mp.exp(-200), 1 - mp.exp(-200)]),
      rel="<=", src="issue 10, B.3", why="q_1 = e^{-200}: CE >= (1/2) 200 = 100"),
    F("cross-entropy.binary-sign",
      r"H\big((y, 1-y), (\hat{y}, 1-\hat{y})\big) = -y \log \hat{y} + (1-y) \log (1-\hat{y})",
      lambda s: (CE([s.y, 1 - s.y], [s.yhat, 1 - s.yhat]),
                 -xlogy(s.y, s.yhat) + xlogy(1 - s.y, 1 - s.yhat)),
      lambda: Point(y=mpf(0), yhat=frac(1, 2)), src="sign flip in the second term",
      why="y = 0, yhat = 1/2: left ln 2, right -ln 2"),
]

# ====================================================================== relative entropy

KLD = [
    T("kl.def", r"D_{KL}(p \| q) = \sum_x p(x) \log \frac{p(x)}{q(x)}",
      lambda s: (KL(s.p, s.q), fsum(a * mp.log(a / b) for a, b in zip(s.p, s.q, strict=True))),
      on_pq, src=f"{C_T}, (2.26)", why="definition"),
    T("kl.def-expectation", r"D(p||q) = \mathbb{E}_{x \sim p}\left[\log \frac{p(x)}{q(x)}\right]",
      lambda s: (KL(s.p, s.q), fsum(a * mp.log(a / b) for a, b in zip(s.p, s.q, strict=True))),
      on_pq, src=f"{C_T}, (2.27)", why="definition"),
    T("kl.def-capitals", r"D_{KL}(P \| Q) = \mathbb{E}_{x \sim P}\left[\log \frac{P(x)}{Q(x)}\right]",
      lambda s: (KL(s.p, s.q), fsum(a * mp.log(a / b) for a, b in zip(s.p, s.q, strict=True))),
      on_pq, src=f"{GBC}, (3.50)", why="definition"),
    T("kl.nonnegative", r"D_{KL}(p \| q) \ge 0", lambda s: (KL(s.p, s.q), 0), on_pq, rel=">=",
      src=f"{C_T}, Thm 2.6.3", why="Jensen: -D = E log(q/p) <= log E(q/p) = log 1 = 0"),
    T("kl.self-zero", r"D_{KL}(p \| p) = 0", lambda s: (KL(s.p, s.p), 0), on_p,
      src="any textbook", why="log(p/p) = 0"),
    T("kl.ce-minus-entropy", r"D_{KL}(p \| q) = H(p, q) - H(p)",
      lambda s: (KL(s.p, s.q), CE(s.p, s.q) - H(s.p)), on_pq, src=f"{MURPHY}",
      why="log(p/q) = -log q - (-log p)"),
    T("kl.minus-log-ratio", r"D_{KL}(p \| q) = -\sum_{i} p_i \log \frac{q_i}{p_i}",
      lambda s: (KL(s.p, s.q), -fsum(a * mp.log(b / a) for a, b in zip(s.p, s.q, strict=True))),
      on_pq, src=f"{BISHOP}, (1.113)", why="log(q/p) = -log(p/q)"),
    T("kl.pinsker", r"D_{KL}(p \| q) \ge \frac{1}{2}\left(\sum_{i} |p_i - q_i|\right)^2",
      lambda s: (KL(s.p, s.q), fsum(abs(a - b) for a, b in zip(s.p, s.q, strict=True)) ** 2 / 2),
      on_pq, rel=">=", src=f"{C_T}, Lemma 11.6.1 (nats)", why="Pinsker's inequality"),
    T("kl.chi-square-bound", r"D_{KL}(p \| q) \le \sum_{i=1}^{n} \frac{(p_i - q_i)^2}{q_i}",
      lambda s: (KL(s.p, s.q), fsum((a - b) ** 2 / b for a, b in zip(s.p, s.q, strict=True))),
      on_pq, rel="<=", src="lecture notes (chi-square bound)",
      why="ln t <= t - 1 gives D <= sum p^2/q - 1 = sum (p-q)^2/q"),
    T("kl.jensen-upper", r"D_{KL}(p \| q) \le \log \sum_{i} \frac{p_i^2}{q_i}",
      lambda s: (KL(s.p, s.q), mp.log(fsum(a * a / b for a, b in zip(s.p, s.q, strict=True)))),
      on_pq, rel="<=", src="lecture notes (Jensen)", why="E_p log(p/q) <= log E_p(p/q) (log concave)"),
    T("kl.to-uniform", r"\sum_{i=1}^{n} p_i \log \frac{p_i}{1/n} = \log n - H(p)",
      lambda s: (fsum(v * mp.log(v * s.n) for v in s.p), mp.log(s.n) - H(s.p)), on_p,
      src=f"{C_T}, (2.107)", why="D(p || u) = log |X| - H(X)"),
    # --- false
    F("kl.symmetric", r"D_{KL}(p \| q) = D_{KL}(q \| p)", lambda s: (KL(s.p, s.q), KL(s.q, s.p)),
      p_half_q_skew, src="swapped arguments", why="0.511 vs 0.368 at p = (1/2,1/2), q = (0.9,0.1)"),
    F("kl.weights-q", r"D_{KL}(p \| q) = \sum_x q(x) \log \frac{p(x)}{q(x)}",
      lambda s: (KL(s.p, s.q), -KL(s.q, s.p)), p_half_q_skew, src="wrong weights",
      why="that sum is -D(q||p) <= 0 while D(p||q) = 0.511"),
    F("kl.ratio-upside-down", r"D_{KL}(p \| q) = \sum_x p(x) \log \frac{q(x)}{p(x)}",
      lambda s: (KL(s.p, s.q), -KL(s.p, s.q)), p_half_q_skew, src="ratio upside down",
      why="that sum is -D(p||q)"),
    F("kl.le-zero", r"D_{KL}(p \| q) \le 0", lambda s: (KL(s.p, s.q), 0), p_half_q_skew,
      rel="<=", src="reversed Gibbs", why="0.511 > 0"),
    F("kl.bounded-1", r"D_{KL}(p \| q) \le 1", lambda s: (KL(s.p, s.q), 1),
      lambda: Point(n=2, p=[frac(1, 2), frac(1, 2)], q=[mpf("0.99"), mpf("0.01")]), rel="<=",
      src="KL taken as bounded", why="q = (0.99, 0.01): D = 1.614"),
    F("kl.entropy-minus-ce", r"D_{KL}(p \| q) = H(p) - H(p, q)",
      lambda s: (KL(s.p, s.q), H(s.p) - CE(s.p, s.q)), p_half_q_skew, src="sign flip",
      why="H - CE = -D"),
    F("kl.pinsker-constant-1", r"D_{KL}(p \| q) \ge \left(\sum_{i} |p_i - q_i|\right)^2",
      lambda s: (KL(s.p, s.q), fsum(abs(a - b) for a, b in zip(s.p, s.q, strict=True)) ** 2),
      lambda: Point(n=2, p=[frac(1, 2), frac(1, 2)], q=[mpf("0.6"), mpf("0.4")]), rel=">=",
      src="Pinsker with the wrong constant", why="q = (0.6, 0.4): D = 0.0204 < 0.04"),
]

# ====================================================================== joint entropy

JOINT = [
    T("joint.def", r"H(X, Y) = -\sum_{x \in \mathcal{X}} \sum_{y \in \mathcal{Y}} p(x, y) \log p(x, y)",
      lambda s: (hxy(s), -fsum(xlogy(v, v) for v in s.P.values())), on_joint,
      src=f"{C_T}, (2.8)", why="definition of joint entropy"),
    T("joint.def-expectation", r"H(X, Y) = -\mathbb{E}\left[\log p(X, Y)\right]",
      lambda s: (hxy(s), -fsum(xlogy(v, v) for v in s.P.values())), on_joint,
      src=f"{C_T}, (2.9)", why="definition of joint entropy"),
    T("joint.chain-rule", r"H(X, Y) = H(X) + H(Y \mid X)",
      lambda s: (hxy(s), hx(s) + h_y_given_x_direct(s)), on_joint,
      src=f"{C_T}, Thm 2.2.1", why="log p(x,y) = log p(x) + log p(y|x)"),
    T("joint.chain-rule-other-way", r"H(X,Y) = H(Y) + H(X|Y)",
      lambda s: (hxy(s), hy(s) + Hc(s.P, (0,), (1,))), on_joint,
      src=f"{C_T}, (2.15)", why="chain rule conditioning on Y"),
    T("joint.subadditive", r"H(X, Y) \le H(X) + H(Y)", lambda s: (hxy(s), hx(s) + hy(s)),
      on_joint, rel="<=", src=f"{C_T}, Thm 2.6.6", why="H(X)+H(Y)-H(X,Y) = I(X;Y) >= 0"),
    T("joint.ge-marginal", r"H(X, Y) \ge H(X)", lambda s: (hxy(s), hx(s)), on_joint, rel=">=",
      src=f"{MACKAY}, ex. 8.3", why="H(X,Y) - H(X) = H(Y|X) >= 0"),
    T("joint.ge-max", r"H(X, Y) \ge \max(H(X), H(Y))",
      lambda s: (hxy(s), max(hx(s), hy(s))), on_joint, rel=">=",
      src="lecture notes", why="joint entropy bounds each marginal entropy"),
    T("joint.alphabet-bound", r"H(X, Y) \le \log |\mathcal{X}| + \log |\mathcal{Y}|",
      lambda s: (hxy(s), mp.log(s.nx) + mp.log(s.ny)), on_joint, rel="<=",
      src=f"{C_T}, Thm 2.6.4 on the pair", why="(X,Y) takes |X||Y| values"),
    T("joint.chain-rule-three", r"H(X, Y, Z) = H(X) + H(Y \mid X) + H(Z \mid X, Y)",
      lambda s: (Hm(s.P, (0, 1, 2)),
                 Hm(s.P, (0,)) + Hc(s.P, (1,), (0,)) + Hc(s.P, (2,), (0, 1))), on_joint3,
      src=f"{C_T}, Thm 2.5.1", why="chain rule, twice"),
    T("joint.conditional-chain-rule", r"H(X, Y \mid Z) = H(X \mid Z) + H(Y \mid X, Z)",
      lambda s: (Hc(s.P, (0, 1), (2,)), Hc(s.P, (0,), (2,)) + Hc(s.P, (1,), (0, 2))), on_joint3,
      src=f"{C_T}, (2.21)", why="chain rule inside the conditioning on Z"),
    # --- false
    F("joint.additive", r"H(X, Y) = H(X) + H(Y)", lambda s: (hxy(s), hx(s) + hy(s)), correlated,
      src="independence assumed", why="agreeing bits: H(X,Y) = 1.194 < 2 ln 2 = 1.386"),
    F("joint.superadditive", r"H(X, Y) \ge H(X) + H(Y)", lambda s: (hxy(s), hx(s) + hy(s)),
      correlated, rel=">=", src="reversed subadditivity", why="1.194 < 1.386"),
    F("joint.wrong-chain", r"H(X, Y) = H(X) + H(X \mid Y)",
      lambda s: (hxy(s), hx(s) + Hc(s.P, (0,), (1,))), skewed, src="wrong conditional in the chain rule",
      why="H(X|Y) != H(Y|X) when the marginals differ; skewed table: 1.221 vs 1.159"),
    F("joint.le-marginal", r"H(X, Y) \le H(X)", lambda s: (hxy(s), hx(s)), correlated, rel="<=",
      src="reversed inequality", why="1.194 > ln 2"),
]

# ====================================================================== conditional entropy

COND = [
    T("conditional.def", r"H(Y \mid X) = -\sum_{x \in \mathcal{X}} \sum_{y \in \mathcal{Y}} p(x, y) \log p(y \mid x)",
      lambda s: (Hc(s.P, (1,), (0,)), h_y_given_x_direct(s)), on_joint,
      src=f"{C_T}, (2.12)", why="definition of conditional entropy"),
    T("conditional.average", r"H(Y|X) = \sum_{x} p(x) H(Y \mid X = x)",
      lambda s: (Hc(s.P, (1,), (0,)),
                 fsum(px * H([s.P[(x, y)] / px for y in range(s.ny)])
                      for x in range(s.nx) for px in [marginal(s.P, (0,))[(x,)]])),
      on_joint, src=f"{C_T}, (2.10)", why="definition: average of the entropies of the rows"),
    T("conditional.reduces", r"H(X \mid Y) \le H(X)",
      lambda s: (Hc(s.P, (0,), (1,)), hx(s)), on_joint, rel="<=",
      src=f"{C_T}, Thm 2.6.5", why="H(X) - H(X|Y) = I(X;Y) >= 0"),
    T("conditional.nonnegative", r"H(X \mid Y) \ge 0", lambda s: (Hc(s.P, (0,), (1,)), 0),
      on_joint, rel=">=", src=f"{C_T}", why="an average of entropies"),
    T("conditional.difference", r"H(Y|X) = H(X,Y) - H(X)",
      lambda s: (h_y_given_x_direct(s), hxy(s) - hx(s)), on_joint,
      src=f"{C_T}, Thm 2.2.1", why="chain rule rearranged"),
    T("conditional.swap-difference", r"H(X \mid Y) - H(Y \mid X) = H(X) - H(Y)",
      lambda s: (Hc(s.P, (0,), (1,)) - Hc(s.P, (1,), (0,)), hx(s) - hy(s)), on_joint,
      src=f"{C_T}, remark after Thm 2.2.1", why="both chain rules give H(X,Y)"),
    T("conditional.alphabet-bound", r"H(X \mid Y) \le \log |\mathcal{X}|",
      lambda s: (Hc(s.P, (0,), (1,)), mp.log(s.nx)), on_joint, rel="<=",
      src="lecture notes", why="H(X|Y) <= H(X) <= log|X|"),
    T("conditional.more-conditioning", r"H(X \mid Y, Z) \le H(X \mid Z)",
      lambda s: (Hc(s.P, (0,), (1, 2)), Hc(s.P, (0,), (2,))), on_joint3, rel="<=",
      src=f"{C_T}, (2.92) style", why="difference is I(X;Y|Z) >= 0"),
    T("conditional.def-expectation", r"H(X \mid Y) = -\mathbb{E}_{p(x, y)}\left[\log p(x \mid y)\right]",
      lambda s: (Hc(s.P, (0,), (1,)),
                 -fsum(xlogy(v, v / marginal(s.P, (1,))[(y,)]) for (_x, y), v in s.P.items())),
      on_joint, src=f"{MURPHY}, 6.3", why="definition"),
    # --- false
    F("conditional.increases", r"H(X \mid Y) \ge H(X)",
      lambda s: (Hc(s.P, (0,), (1,)), hx(s)), correlated, rel=">=",
      src="reversed 'conditioning reduces entropy'", why="agreeing bits: H(X|Y) = 0.500 < ln 2"),
    F("conditional.symmetric", r"H(Y|X) = H(X|Y)",
      lambda s: (Hc(s.P, (1,), (0,)), Hc(s.P, (0,), (1,))), skewed, src="swapped condition",
      why="p(x) = (0.7, 0.3), p(y) = (0.6, 0.4): 0.610 vs 0.548"),
    F("conditional.difference-of-marginals", r"H(X \mid Y) = H(X) - H(Y)",
      lambda s: (Hc(s.P, (0,), (1,)), hx(s) - hy(s)), correlated,
      src="conditional entropy taken as a difference of marginals", why="0.500 vs 0"),
    F("conditional.le-other", r"H(X \mid Y) \le H(Y)",
      lambda s: (Hc(s.P, (0,), (1,)), hy(s)), independent, rel="<=",
      src="wrong bound", why="X uniform, Y nearly constant and independent: ln 2 > 0.056"),
]

# ====================================================================== mutual information

MUTUAL = [
    T("mutual-information.def", r"I(X; Y) = \sum_{x, y} p(x, y) \log \frac{p(x, y)}{p(x) p(y)}",
      lambda s: (ixy(s), mi_direct(s)), on_joint, src=f"{C_T}, (2.28)", why="definition"),
    T("mutual-information.kl-form", r"I(X; Y) = D\big(p(x, y) \,\|\, p(x) p(y)\big)",
      lambda s: (ixy(s), mi_direct(s)), on_joint, src=f"{C_T}, (2.29)",
      why="relative entropy between the joint and the product of marginals"),
    T("mutual-information.minus-conditional", r"I(X; Y) = H(X) - H(X \mid Y)",
      lambda s: (mi_direct(s), hx(s) - Hc(s.P, (0,), (1,))), on_joint,
      src=f"{C_T}, (2.39)", why="log p(x,y)/(p(x)p(y)) = log p(x|y) - log p(x)"),
    T("mutual-information.minus-conditional-y", r"I(X;Y) = H(Y) - H(Y|X)",
      lambda s: (mi_direct(s), hy(s) - h_y_given_x_direct(s)), on_joint,
      src=f"{C_T}, (2.40)", why="symmetric form"),
    T("mutual-information.three-entropies", r"I(X; Y) = H(X) + H(Y) - H(X, Y)",
      lambda s: (mi_direct(s), hx(s) + hy(s) - hxy(s)), on_joint,
      src=f"{C_T}, (2.41)", why="chain rule"),
    T("mutual-information.symmetric", r"I(X; Y) = I(Y; X)",
      lambda s: (mi_direct(s), MI(s.P, (1,), (0,))), on_joint,
      src=f"{C_T}, (2.42)", why="the definition is symmetric in x, y"),
    T("mutual-information.self", r"I(X; X) = H(X)",
      lambda s: (MI({(i, i): v for i, v in enumerate(s.p)}, (0,), (1,)), H(s.p)), on_p,
      src=f"{C_T}, (2.43)", why="H(X|X) = 0"),
    T("mutual-information.nonnegative", r"I(X; Y) \ge 0", lambda s: (mi_direct(s), 0), on_joint,
      rel=">=", src=f"{C_T}, Cor. of Thm 2.6.3", why="a relative entropy"),
    T("mutual-information.le-min", r"I(X; Y) \le \min(H(X), H(Y))",
      lambda s: (mi_direct(s), min(hx(s), hy(s))), on_joint, rel="<=",
      src="lecture notes", why="I = H(X) - H(X|Y) = H(Y) - H(Y|X)"),
    T("mutual-information.alphabet-bound", r"I(X; Y) \le \log |\mathcal{Y}|",
      lambda s: (mi_direct(s), mp.log(s.ny)), on_joint, rel="<=",
      src="channel capacity bound", why="I <= H(Y) <= log|Y|"),
    T("mutual-information.conditional-def", r"I(X; Y \mid Z) = H(X \mid Z) - H(X \mid Y, Z)",
      lambda s: (MI(s.P, (0,), (1,), (2,)), Hc(s.P, (0,), (2,)) - Hc(s.P, (0,), (1, 2))),
      on_joint3, src=f"{C_T}, (2.60)", why="definition"),
    T("mutual-information.conditional-nonnegative", r"I(X; Y \mid Z) \ge 0",
      lambda s: (MI(s.P, (0,), (1,), (2,)), 0), on_joint3, rel=">=",
      src=f"{C_T}, (2.92)", why="average over z of relative entropies"),
    T("mutual-information.chain-rule", r"I(X; Y, Z) = I(X; Z) + I(X; Y \mid Z)",
      lambda s: (MI(s.P, (0,), (1, 2)), MI(s.P, (0,), (2,)) + MI(s.P, (0,), (1,), (2,))),
      on_joint3, src=f"{C_T}, Thm 2.5.2", why="chain rule for information"),
    T("mutual-information.venn", r"I(X; Y) = H(X, Y) - H(X \mid Y) - H(Y \mid X)",
      lambda s: (mi_direct(s), hxy(s) - Hc(s.P, (0,), (1,)) - h_y_given_x_direct(s)), on_joint,
      src=f"{MACKAY}, Fig. 8.1", why="the Venn diagram of entropies"),
    T("mutual-information.data-processing", r"X \to Y \to Z \implies I(X; Y) \ge I(X; Z)",
      lambda s: (MI(s.P, (0,), (1,)), MI(s.P, (0,), (2,))), on_markov, rel=">=",
      src=f"{C_T}, Thm 2.8.1", why="I(X;Y,Z) = I(X;Z) + I(X;Y|Z) = I(X;Y) + I(X;Z|Y), I(X;Z|Y) = 0"),
    T("mutual-information.expectation", r"I(X;Y) = \mathbb{E}_{p(x,y)}\left[\log \frac{p(x \mid y)}{p(x)}\right]",
      lambda s: (mi_direct(s),
                 fsum(xlogy(v, v / marginal(s.P, (1,))[(y,)] / marginal(s.P, (0,))[(x,)])
                      for (x, y), v in s.P.items())),
      on_joint, src=f"{MURPHY}, 6.3", why="p(x|y)/p(x) = p(x,y)/(p(x)p(y))"),
    # --- false
    F("mutual-information.plus-joint", r"I(X; Y) = H(X) + H(Y) + H(X, Y)",
      lambda s: (ixy(s), hx(s) + hy(s) + hxy(s)), correlated, src="sign flip",
      why="I = 0.193 but the right side is 2.580"),
    F("mutual-information.wrong-conditional", r"I(X; Y) = H(X) - H(Y \mid X)",
      lambda s: (ixy(s), hx(s) - Hc(s.P, (1,), (0,))), skewed, src="wrong conditional",
      why="skewed table: I = 0.0633, H(X) - H(Y|X) = 0.0011"),
    F("mutual-information.sign", r"I(X; Y) = H(X, Y) - H(X) - H(Y)",
      lambda s: (ixy(s), hxy(s) - hx(s) - hy(s)), correlated, src="sign flip",
      why="the right side is -I; 0.193 vs -0.193"),
    F("mutual-information.ge-entropy", r"I(X; Y) \ge H(X)", lambda s: (ixy(s), hx(s)), correlated,
      rel=">=", src="reversed bound", why="0.193 < ln 2"),
    F("mutual-information.strictly-positive", r"I(X; Y) > 0", lambda s: (ixy(s), 0), independent,
      rel=">", src="strict where only >= holds", why="independent X, Y: I = 0"),
    F("mutual-information.ratio-upside-down",
      r"I(X; Y) = \sum_{x, y} p(x, y) \log \frac{p(x) p(y)}{p(x, y)}",
      lambda s: (ixy(s), -mi_direct(s)), correlated, src="ratio upside down",
      why="the sum is -I(X;Y); 0.193 vs -0.193"),
    F("mutual-information.conditioning-reduces", r"I(X; Y \mid Z) \le I(X; Y)",
      lambda s: (MI(s.P, (0,), (1,), (2,)), MI(s.P, (0,), (1,))), xor_noisy, rel="<=",
      src="'conditioning reduces' applied to information",
      why="Z = X xor Y (1% noise): I(X;Y) = 0 but I(X;Y|Z) = 0.662 (C&T, after Thm 2.8.1)"),
    F("mutual-information.data-processing-reversed", r"X \to Y \to Z \implies I(X; Z) \ge I(X; Y)",
      lambda s: (MI(s.P, (0,), (2,)), MI(s.P, (0,), (1,))), markov_example, rel=">=",
      src="reversed data-processing inequality",
      why="Y = X with 10% flips, Z = Y with 20% flips: I(X;Z) = 0.120 < I(X;Y) = 0.368"),
]

# ====================================================================== inequalities

INEQ = [
    T("inequality.log-sum",
      r"\sum_{i=1}^{n} a_i \log \frac{a_i}{b_i} \ge \left(\sum_{i=1}^{n} a_i\right) \log \frac{\sum_{i=1}^{n} a_i}{\sum_{i=1}^{n} b_i}",
      lambda s: (fsum(a * mp.log(a / b) for a, b in zip(s.a, s.b, strict=True)),
                 fsum(s.a) * mp.log(fsum(s.a) / fsum(s.b))), on_pos_vectors, rel=">=",
      assume=("a:positive", "b:positive"), src=f"{C_T}, Thm 2.7.1",
      why="log-sum inequality (convexity of t log t)"),
    T("inequality.ln-le-x-minus-1", r"\ln x \le x - 1", lambda s: (mp.log(s.x), s.x - 1), on_pos,
      rel="<=", src=f"{C_T}, proof of Thm 2.6.3 / {MACKAY}", why="ln is concave, tangent at 1"),
    T("inequality.log-ge-1-minus-inverse", r"\log x \ge 1 - \frac{1}{x}",
      lambda s: (mp.log(s.x), 1 - 1 / s.x), on_pos, rel=">=", src="lecture notes",
      why="ln(1/x) <= 1/x - 1"),
    T("inequality.jensen-log", r"\log \sum_{i} p_i x_i \ge \sum_{i} p_i \log x_i",
      lambda s: (mp.log(fsum(a * b for a, b in zip(s.p, s.x, strict=True))),
                 fsum(a * mp.log(b) for a, b in zip(s.p, s.x, strict=True))), on_p_x, rel=">=",
      assume=("x:positive",), src=f"{C_T}, Thm 2.6.2", why="Jensen for the concave log"),
    T("inequality.jensen-expectation", r"\mathbb{E}_{x \sim p}[-\log q(x)] \ge -\log \mathbb{E}_{x \sim p}[q(x)]",
      lambda s: (CE(s.p, s.q), -mp.log(fsum(a * b for a, b in zip(s.p, s.q, strict=True)))),
      on_pq, rel=">=", src=f"{SEED} 003", why="Jensen for the convex -log"),
    T("inequality.ce-match-bound", r"H(p, q) \ge -\log \sum_{c} p_c q_c",
      lambda s: (CE(s.p, s.q), -mp.log(fsum(a * b for a, b in zip(s.p, s.q, strict=True)))),
      on_pq, rel=">=", src=f"{SEED} 003", why="Jensen: E_p[-log q] >= -log E_p[q]"),
    T("inequality.exp-ce-match", r"e^{-H(p, q)} \le \sum_{c} p_c q_c",
      lambda s: (mp.exp(-CE(s.p, s.q)), fsum(a * b for a, b in zip(s.p, s.q, strict=True))),
      on_pq, rel="<=", src=f"{SEED} 003", why="exponentiate the Jensen bound"),
    T("inequality.min-entropy", r"H(p) \ge -\log \max_i p_i",
      lambda s: (H(s.p), -mp.log(max(s.p))), on_p, rel=">=", src="lecture notes (min-entropy)",
      why="-log p_i >= -log max p for every i, averaged"),
    T("inequality.collision-entropy", r"H(p) \ge -\log \sum_i p_i^2",
      lambda s: (H(s.p), -mp.log(fsum(v * v for v in s.p))), on_p, rel=">=",
      src="lecture notes (Renyi entropy of order 2)", why="Jensen: E[-log p] >= -log E[p]"),
    T("inequality.collision-lower", r"\sum_{i=1}^{n} p_i^2 \ge \frac{1}{n}",
      lambda s: (fsum(v * v for v in s.p), frac(1, s.n)), on_p, rel=">=",
      src="Cauchy-Schwarz", why="(sum p_i)^2 <= n sum p_i^2"),
    T("inequality.log1p", r"\ln(1 + x) \le x", lambda s: (mp.log(1 + s.x), s.x), on_gt_minus1,
      rel="<=", src="lecture notes", why="ln is concave, tangent at 0; natural domain x > -1"),
    T("inequality.sqrt-square", r"\sqrt{x^2} = |x|", lambda s: (mp.sqrt(s.x ** 2), abs(s.x)), on_x,
      src="any textbook", why="principal square root"),
    T("inequality.bhattacharyya", r"\sum_{i} \sqrt{p_i q_i} \le 1",
      lambda s: (fsum(mp.sqrt(a * b) for a, b in zip(s.p, s.q, strict=True)), 1), on_pq, rel="<=",
      src="Cauchy-Schwarz", why="sum sqrt(p q) <= sqrt(sum p) sqrt(sum q) = 1"),
    # --- false
    F("inequality.log-sum-reversed",
      r"\sum_{i=1}^{n} a_i \log \frac{a_i}{b_i} \le \left(\sum_{i=1}^{n} a_i\right) \log \frac{\sum_{i=1}^{n} a_i}{\sum_{i=1}^{n} b_i}",
      lambda s: (fsum(a * mp.log(a / b) for a, b in zip(s.a, s.b, strict=True)),
                 fsum(s.a) * mp.log(fsum(s.a) / fsum(s.b))),
      lambda: Point(n=2, a=[mpf(1), mpf(2)], b=[mpf(2), mpf(1)]), rel="<=",
      assume=("a:positive", "b:positive"), src="reversed log-sum inequality",
      why="a = (1, 2), b = (2, 1): left (1) ln(1/2) + 2 ln 2 = ln 2 > 3 ln 1 = 0"),
    F("inequality.ln-ge-x-minus-1", r"\ln x \ge x - 1", lambda s: (mp.log(s.x), s.x - 1),
      lambda: Point(x=mpf(2)), rel=">=", src="reversed", why="ln 2 = 0.693 < 1"),
    F("inequality.jensen-reversed", r"\log \sum_{i} p_i x_i \le \sum_{i} p_i \log x_i",
      lambda s: (mp.log(fsum(a * b for a, b in zip(s.p, s.x, strict=True))),
                 fsum(a * mp.log(b) for a, b in zip(s.p, s.x, strict=True))),
      lambda: Point(n=2, p=[frac(1, 2), frac(1, 2)], x=[mpf(1), mpf(4)]), rel="<=",
      assume=("x:positive",), src="Jensen the wrong way round",
      why="p uniform, x = (1, 4): ln 2.5 = 0.916 > (ln 4)/2 = 0.693"),
    F("inequality.collision-upper", r"\sum_{i=1}^{n} p_i^2 \le \frac{1}{n}",
      lambda s: (fsum(v * v for v in s.p), frac(1, s.n)),
      lambda: Point(n=2, p=[mpf("0.9"), mpf("0.1")]), rel="<=", src="reversed Cauchy-Schwarz",
      why="(0.9, 0.1): 0.82 > 0.5"),
    F("inequality.min-entropy-reversed", r"H(p) \le -\log \max_i p_i",
      lambda s: (H(s.p), -mp.log(max(s.p))),
      lambda: Point(n=3, p=[frac(1, 2), frac(1, 4), frac(1, 4)]), rel="<=",
      src="Shannon and min-entropy swapped", why="(1/2, 1/4, 1/4): H = 1.040 > ln 2 = 0.693"),
    F("inequality.sqrt-square-drops-sign", r"\sqrt{t^2} = t", lambda s: (mp.sqrt(s.t ** 2), s.t),
      lambda: Point(t=mpf(-1)), src="issue 10, B.1", why="t = -1: sqrt(1) = 1 != -1"),
    F("inequality.log1p-reversed", r"\ln(1 + x) \ge x", lambda s: (mp.log(1 + s.x), s.x),
      lambda: Point(x=mpf(1)), rel=">=", src="reversed", why="x = 1: ln 2 < 1"),
    F("inequality.exp-ce-match-reversed", r"e^{-H(p, q)} \ge \sum_{c} p_c q_c",
      lambda s: (mp.exp(-CE(s.p, s.q)), fsum(a * b for a, b in zip(s.p, s.q, strict=True))),
      p_half_q_skew, rel=">=", src="reversed Jensen bound",
      why="p = (1/2,1/2), q = (0.9,0.1): e^{-1.204} = 0.300 < 0.5"),
]
# fmt: on

CLAIMS = [*BASIC, *CROSS, *KLD, *JOINT, *COND, *MUTUAL, *INEQ]
