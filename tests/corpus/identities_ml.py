r"""Machine-learning claims: derivatives, the sigmoid, softplus and softmax, cross-entropy losses,
numeric facts and notation variants, written as Bishop (PRML 4.3, 5), Goodfellow et al. (3.10,
6.2), Murphy, CS229, d2l.ai and the seed handouts write them.

Derivatives are checked against mpmath's numerical differentiation (:func:`mpmath.diff`), never
against a symbolic derivative. Logits go out to +-800 and probabilities to within 1e-30 of 0
and 1.

Example:
    >>> len([c for c in CLAIMS if c.category == "derivative"]) > 10
    True
"""

from __future__ import annotations

from mpmath import mp, mpf

from corpus.claims import F, T
from corpus.truth import (
    CE,
    H,
    Point,
    derivative,
    derivative_positive,
    frac,
    log,
    lse,
    on_none,
    on_p,
    on_pos,
    on_pq,
    on_prob,
    on_x,
    on_y_a,
    on_y_yhat,
    on_z,
    on_z_y,
    real,
    rounding,
    sigmoid,
    softmax,
    softplus,
    xlogy,
)

C_T = "Cover & Thomas, Elements of Information Theory (2nd ed.)"
GBC = "Goodfellow, Bengio & Courville, Deep Learning"
BISHOP = "Bishop, Pattern Recognition and Machine Learning"
MURPHY = "Murphy, Probabilistic Machine Learning: An Introduction"
D2L = "d2l.ai (Dive into Deep Learning)"
CS229 = "Stanford CS229 lecture notes"
SEED = "seed handout"


def fsum(values):
    return mp.fsum(values)


def on_a(rng):
    """One real logit ``a``."""
    return Point(a=real(rng))


def on_ab(rng):
    """Two real logits ``a``, ``b``."""
    return Point(a=real(rng), b=real(rng))


def on_p_k(rng):
    """``p`` over n classes and a class ``k``."""
    pt = on_p(rng)
    pt.k = rng.randrange(pt.n)
    return pt


def on_pq_k(rng):
    """``p``, ``q`` over n classes and a class ``k``."""
    pt = on_pq(rng)
    pt.k = rng.randrange(pt.n)
    return pt


def with_entry(v, k, t):
    """The vector ``v`` with entry ``k`` replaced by ``t``."""
    return [t if i == k else x for i, x in enumerate(v)]


def d_lse(s):
    return derivative(lambda t: lse(with_entry(s.z, s.k, t)), s.z[s.k])


def d_ce_softmax(s):
    def loss(t):
        sm = softmax(with_entry(s.z, s.k, t))
        return -fsum(y * mp.log(v) for y, v in zip(s.y, sm, strict=True))

    return derivative(loss, s.z[s.k])


def bce(y, yhat):
    return -xlogy(y, yhat) - xlogy(1 - y, 1 - yhat)


def d_bce_logit(s):
    return derivative(lambda t: -xlogy(s.y, sigmoid(t)) - xlogy(1 - s.y, sigmoid(-t)), s.a)


def d_bce_prob(s):
    return derivative(lambda t: bce(s.y, t), s.yhat)


def num(values):
    """Sides of a closed numeric claim, computed when asked (at the caller's precision)."""
    return lambda s: values()


def z_example():
    return Point(n=3, z=[mpf(1), mpf(2), mpf(3)], k=0, c=mpf(5))


# The data: one entry per claim, kept one call per few lines (not reformatted).
# fmt: off

# ====================================================================== derivatives

DERIV = [
    T("derivative.sigmoid-d-dx", r"\frac{d}{dx} \sigma(x) = \sigma(x) \left(1 - \sigma(x)\right)",
      lambda s: (derivative(sigmoid, s.x), sigmoid(s.x) * (1 - sigmoid(s.x))), on_x,
      src=f"{BISHOP}, (4.88)", why="sigma' = e^{-x}/(1+e^{-x})^2 = sigma (1 - sigma)"),
    T("derivative.sigmoid-prime", r"\sigma'(x) = \sigma(x)(1 - \sigma(x))",
      lambda s: (derivative(sigmoid, s.x), sigmoid(s.x) * (1 - sigmoid(s.x))), on_x,
      src=f"{GBC}, (3.33)", why="as above, prime notation"),
    T("derivative.sigmoid-leibniz", r"\frac{d\sigma}{da} = \sigma(1 - \sigma)",
      lambda s: (derivative(sigmoid, s.a), sigmoid(s.a) * (1 - sigmoid(s.a))), on_a,
      src=f"{BISHOP}, (4.88) verbatim", why="as above, argument left implicit"),
    T("derivative.ln", r"\frac{d}{dx} \ln x = \frac{1}{x}",
      lambda s: (derivative_positive(mp.log, s.x), 1 / s.x), on_pos, src="any calculus text",
      why="derivative of the natural log"),
    T("derivative.softplus-log-form", r"\frac{d}{dx} \log(1 + e^{x}) = \sigma(x)",
      lambda s: (derivative(softplus, s.x), sigmoid(s.x)), on_x, src=f"{GBC}, (3.35)",
      why="e^x / (1 + e^x) = sigma(x)"),
    T("derivative.softplus", r"\frac{d}{dx} \mathrm{softplus}(x) = \sigma(x)",
      lambda s: (derivative(softplus, s.x), sigmoid(s.x)), on_x, src=f"{GBC}, (3.35)",
      why="as above"),
    T("derivative.softplus-second", r"\frac{d^2}{dx^2} \log(1 + e^x) = \sigma(x)(1 - \sigma(x))",
      lambda s: (derivative(softplus, s.x, 2), sigmoid(s.x) * (1 - sigmoid(s.x))), on_x,
      src="lecture notes", why="derivative of sigma"),
    T("derivative.lse-gradient", r"\frac{\partial}{\partial z_k} \log \sum_{j=1}^{n} e^{z_j} = \mathrm{softmax}(z)_k",
      lambda s: (d_lse(s), softmax(s.z)[s.k]), on_z, src=f"{GBC}, 6.2.2.3",
      why="d/dz_k log sum e^z = e^{z_k} / sum e^z"),
    T("derivative.softmax-ce-gradient",
      r"\frac{\partial}{\partial z_k} \left(-\sum_{i=1}^{n} y_i \log \mathrm{softmax}(z)_i\right) = \mathrm{softmax}(z)_k - y_k",
      lambda s: (d_ce_softmax(s), softmax(s.z)[s.k] - s.y[s.k]), on_z_y, assume=("y:distribution",),
      src=f"{BISHOP}, (4.109) / {D2L} 4.1.2", why="loss = lse(z) - sum y_i z_i, sum y_i = 1"),
    T("derivative.bce-logit", r"\frac{d}{da} \left(-y \log \sigma(a) - (1-y) \log (1 - \sigma(a))\right) = \sigma(a) - y",
      lambda s: (d_bce_logit(s), sigmoid(s.a) - s.y), on_y_a, src=f"{BISHOP}, (4.91)",
      why="loss = softplus(a) - y a"),
    T("derivative.bce-prob",
      r"\frac{d}{d\hat{y}} \left(-y \log \hat{y} - (1-y) \log (1-\hat{y})\right) = \frac{\hat{y} - y}{\hat{y}(1 - \hat{y})}",
      lambda s: (d_bce_prob(s), (s.yhat - s.y) / (s.yhat * (1 - s.yhat))), on_y_yhat,
      src=f"{SEED} 001 (why CE, not squared error)", why="-y/yhat + (1-y)/(1-yhat), common denominator"),
    T("derivative.binary-entropy", r"\frac{d}{dp} \left(-p \log p - (1-p) \log(1-p)\right) = \log \frac{1-p}{p}",
      lambda s: (derivative(lambda t: H([t, 1 - t]), s.p), mp.log((1 - s.p) / s.p)), on_prob,
      src=f"{C_T}, Example 2.1.1", why="-log p - 1 + log(1-p) + 1"),
    T("derivative.entropy-partial", r"\frac{\partial}{\partial p_i} \left(-\sum_{j=1}^{n} p_j \ln p_j\right) = -\ln p_i - 1",
      lambda s: (derivative_positive(lambda t: -fsum(v * mp.log(v) for v in with_entry(s.p, s.k, t)), s.p[s.k]),
                 -mp.log(s.p[s.k]) - 1), on_p_k, src="lecture notes (maximum entropy)",
      why="d/dp (-p ln p) = -ln p - 1; the entries are free variables"),
    T("derivative.ce-partial-q", r"\frac{\partial}{\partial q_i} \left(-\sum_{j} p_j \log q_j\right) = -\frac{p_i}{q_i}",
      lambda s: (derivative_positive(lambda t: CE(s.p, with_entry(s.q, s.k, t)), s.q[s.k]),
                 -s.p[s.k] / s.q[s.k]), on_pq_k, src="lecture notes",
      why="only the i-th term depends on q_i"),
    T("derivative.tanh", r"\frac{d}{dx} \tanh x = 1 - \tanh^2 x",
      lambda s: (derivative(mp.tanh, s.x), 1 - mp.tanh(s.x) ** 2), on_x, src=f"{BISHOP}, (5.60)",
      why="tanh' = sech^2 = 1 - tanh^2"),
    T("derivative.squared-error", r"\frac{\partial}{\partial \hat{y}} \frac{1}{2} (\hat{y} - y)^2 = \hat{y} - y",
      lambda s: (derivative(lambda t: (t - s.y) ** 2 / 2, s.yhat), s.yhat - s.y), on_y_yhat,
      src=f"{CS229}, LMS", why="chain rule"),
    T("derivative.cube", r"\frac{d}{dt} t^3 = 3t^2",
      lambda s: (derivative(lambda t: t ** 3, s.t), 3 * s.t ** 2), lambda rng: Point(t=real(rng)),
      src="any calculus text", why="power rule"),
    # --- false
    F("derivative.cube-wrong", r"\frac{d}{dt} t^3 = t^2",
      lambda s: (derivative(lambda t: t ** 3, s.t), s.t ** 2), lambda: Point(t=mpf(1)),
      src="issue 10, A.1", why="t = 1: 3 != 1"),
    F("derivative.sigmoid-plus", r"\sigma'(x) = \sigma(x)(1 + \sigma(x))",
      lambda s: (derivative(sigmoid, s.x), sigmoid(s.x) * (1 + sigmoid(s.x))),
      lambda: Point(x=mpf(0)), src="sign flip", why="x = 0: 1/4 vs 3/4"),
    F("derivative.sigmoid-squared", r"\frac{d}{dx} \sigma(x) = \sigma(x)^2",
      lambda s: (derivative(sigmoid, s.x), sigmoid(s.x) ** 2), lambda: Point(x=mpf(1)),
      src="dropped factor", why="x = 1: 0.197 vs 0.535"),
    F("derivative.softmax-ce-gradient-sign",
      r"\frac{\partial}{\partial z_k} \left(-\sum_{i=1}^{n} y_i \log \mathrm{softmax}(z)_i\right) = y_k - \mathrm{softmax}(z)_k",
      lambda s: (d_ce_softmax(s), s.y[s.k] - softmax(s.z)[s.k]),
      lambda: Point(n=2, z=[mpf(0), mpf(0)], y=[mpf(1), mpf(0)], k=0), assume=("y:distribution",),
      src="sign flip", why="z = 0, y = (1, 0), k = 1: -1/2 vs 1/2"),
    F("derivative.softplus-sigma-minus", r"\frac{d}{dx} \log(1 + e^{x}) = \sigma(-x)",
      lambda s: (derivative(softplus, s.x), sigmoid(-s.x)), lambda: Point(x=mpf(1)),
      src="sign slip", why="x = 1: 0.731 vs 0.269"),
    F("derivative.ln-squared", r"\frac{d}{dx} \ln x = \frac{1}{x^2}",
      lambda s: (derivative(mp.log, s.x), 1 / s.x ** 2), lambda: Point(x=mpf(2)),
      src="wrong power", why="x = 2: 1/2 vs 1/4"),
    F("derivative.bce-logit-sign", r"\frac{d}{da} \left(-y \log \sigma(a) - (1-y) \log (1 - \sigma(a))\right) = y - \sigma(a)",
      lambda s: (d_bce_logit(s), s.y - sigmoid(s.a)), lambda: Point(y=mpf(1), a=mpf(0)),
      src="sign flip", why="y = 1, a = 0: -1/2 vs 1/2"),
    F("derivative.lse-exp", r"\frac{\partial}{\partial z_k} \log \sum_{j=1}^{n} e^{z_j} = e^{z_k}",
      lambda s: (d_lse(s), mp.exp(s.z[s.k])), lambda: Point(n=2, z=[mpf(0), mpf(0)], k=0),
      src="forgot the normaliser", why="z = 0, n = 2: 1/2 vs 1"),
    F("derivative.tanh-plus", r"\frac{d}{dx} \tanh x = 1 + \tanh^2 x",
      lambda s: (derivative(mp.tanh, s.x), 1 + mp.tanh(s.x) ** 2), lambda: Point(x=mpf(1)),
      src="sign flip", why="x = 1: 0.420 vs 1.580"),
]

# ====================================================================== sigmoid, softplus, softmax

ACTIV = [
    T("softmax-sigmoid.sigmoid-def", r"\sigma(x) = \frac{1}{1 + e^{-x}}",
      lambda s: (sigmoid(s.x), 1 / (1 + mp.exp(-s.x))), on_x, src=f"{GBC}, (3.30)",
      why="definition"),
    T("softmax-sigmoid.sigmoid-exp-form", r"\sigma(x) = \frac{e^{x}}{e^{x} + 1}",
      lambda s: (sigmoid(s.x), mp.exp(s.x) / (mp.exp(s.x) + 1)), on_x, src=f"{MURPHY}, 2.4.2",
      why="multiply numerator and denominator by e^x"),
    T("softmax-sigmoid.one-minus", r"1 - \sigma(x) = \sigma(-x)",
      lambda s: (1 - sigmoid(s.x), sigmoid(-s.x)), on_x, src=f"{GBC}, (3.34)",
      why="e^{-x}/(1+e^{-x}) = 1/(e^x+1)"),
    T("softmax-sigmoid.sum-to-one", r"\sigma(x) + \sigma(-x) = 1",
      lambda s: (sigmoid(s.x) + sigmoid(-s.x), 1), on_x, src=f"{BISHOP}, (4.60)", why="as above"),
    T("softmax-sigmoid.log-sigmoid-softplus", r"\log \sigma(x) = -\mathrm{softplus}(-x)",
      lambda s: (mp.log(sigmoid(s.x)), -softplus(-s.x)), on_x, src=f"{GBC}, (3.36)",
      why="log 1/(1+e^{-x}) = -log(1+e^{-x})"),
    T("softmax-sigmoid.log-sigmoid", r"\log \sigma(x) = -\log(1 + e^{-x})",
      lambda s: (mp.log(sigmoid(s.x)), -mp.log(1 + mp.exp(-s.x))), on_x, src="lecture notes",
      why="log of a reciprocal"),
    T("softmax-sigmoid.softplus-odd-part", r"\mathrm{softplus}(x) - \mathrm{softplus}(-x) = x",
      lambda s: (softplus(s.x) - softplus(-s.x), s.x), on_x, src=f"{GBC}, (3.41)",
      why="log((1+e^x)/(1+e^{-x})) = log e^x"),
    T("softmax-sigmoid.softplus-def", r"\mathrm{softplus}(x) = \log(1 + e^{x})",
      lambda s: (softplus(s.x), mp.log(1 + mp.exp(s.x))), on_x, src=f"{GBC}, (3.31)",
      why="definition"),
    T("softmax-sigmoid.softplus-stable", r"\log(1 + e^{x}) = x + \log(1 + e^{-x})",
      lambda s: (mp.log(1 + mp.exp(s.x)), s.x + mp.log(1 + mp.exp(-s.x))), on_x,
      src="numerics notes (stable softplus)", why="factor e^x out"),
    T("softmax-sigmoid.sigmoid-tanh", r"\sigma(x) = \frac{1}{2}\left(1 + \tanh\frac{x}{2}\right)",
      lambda s: (sigmoid(s.x), (1 + mp.tanh(s.x / 2)) / 2), on_x, src=f"{BISHOP}, ex. 5.6",
      why="tanh(x/2) = (1 - e^{-x})/(1 + e^{-x})"),
    T("softmax-sigmoid.tanh-sigmoid", r"\tanh x = 2\sigma(2x) - 1",
      lambda s: (mp.tanh(s.x), 2 * sigmoid(2 * s.x) - 1), on_x, src=f"{BISHOP}, (5.59)",
      why="as above with x -> 2x"),
    T("softmax-sigmoid.logit-inverse", r"\sigma\left(\log \frac{p}{1-p}\right) = p",
      lambda s: (sigmoid(mp.log(s.p / (1 - s.p))), s.p), on_prob, src=f"{GBC}, (3.38)",
      why="the logit is the inverse of the sigmoid"),
    T("softmax-sigmoid.range", r"0 < \sigma(x) < 1", lambda s: (0, sigmoid(s.x), 1), on_x,
      rel=("<", "<"), src="any textbook", why="1 + e^{-x} > 1 and is finite"),
    T("softmax-sigmoid.softmax-sums-to-one", r"\sum_{k=1}^{n} \mathrm{softmax}(z)_k = 1",
      lambda s: (fsum(softmax(s.z)), 1), on_z, src=f"{GBC}, 6.2.2.3", why="normalised by the sum"),
    T("softmax-sigmoid.softmax-def", r"\mathrm{softmax}(z)_k = \frac{e^{z_k}}{\sum_{j=1}^{n} e^{z_j}}",
      lambda s: (softmax(s.z)[s.k], mp.exp(s.z[s.k]) / fsum(mp.exp(v) for v in s.z)), on_z,
      src=f"{GBC}, (6.29)", why="definition"),
    T("softmax-sigmoid.softmax-shift", r"\mathrm{softmax}(z + c)_k = \mathrm{softmax}(z)_k",
      lambda s: (softmax([v + s.c for v in s.z])[s.k], softmax(s.z)[s.k]), on_z,
      src=f"{GBC}, 4.1", why="e^c cancels"),
    T("softmax-sigmoid.lse-max-trick",
      r"\log \sum_{i=1}^{n} e^{z_i} = \max_i z_i + \log \sum_{i=1}^{n} e^{z_i - \max_j z_j}",
      lambda s: (lse(s.z), max(s.z) + lse([v - max(s.z) for v in s.z])), on_z,
      src=f"{MURPHY}, 2.5.4 (log-sum-exp trick)", why="factor e^{max} out of the sum"),
    T("softmax-sigmoid.lse-ge-max", r"\log \sum_{i=1}^{n} e^{z_i} \ge \max_i z_i",
      lambda s: (lse(s.z), max(s.z)), on_z, rel=">=", src="lecture notes",
      why="the sum contains e^{max}"),
    T("softmax-sigmoid.lse-le-max-plus-log-n", r"\log \sum_{i=1}^{n} e^{z_i} \le \max_i z_i + \log n",
      lambda s: (lse(s.z), max(s.z) + mp.log(s.n)), on_z, rel="<=", src="lecture notes",
      why="each of the n terms is at most e^{max}"),
    T("softmax-sigmoid.log-softmax", r"\log \mathrm{softmax}(z)_k = z_k - \log \sum_{j=1}^{n} e^{z_j}",
      lambda s: (mp.log(softmax(s.z)[s.k]), s.z[s.k] - lse(s.z)), on_z, src=f"{GBC}, (6.30)",
      why="log of a quotient"),
    T("softmax-sigmoid.two-class", r"\frac{e^{a}}{e^{a} + e^{b}} = \sigma(a - b)",
      lambda s: (mp.exp(s.a) / (mp.exp(s.a) + mp.exp(s.b)), sigmoid(s.a - s.b)), on_ab,
      src=f"{BISHOP}, (4.57)", why="divide by e^a"),
    T("softmax-sigmoid.softmax-bounds", r"0 < \mathrm{softmax}(z)_k \le 1",
      lambda s: (0, softmax(s.z)[s.k], 1), on_z, rel=("<", "<="), src="lecture notes",
      why="a positive part of a positive sum"),
    T("softmax-sigmoid.softplus-ge-relu", r"\mathrm{softplus}(x) \ge \max(0, x)",
      lambda s: (softplus(s.x), max(0, s.x)), on_x, rel=">=", src=f"{GBC}, 3.10",
      why="log(1+e^x) >= log 1 and >= log e^x"),
    # --- false
    F("softmax-sigmoid.sigmoid-odd", r"\sigma(-x) = -\sigma(x)", lambda s: (sigmoid(-s.x), -sigmoid(s.x)),
      lambda: Point(x=mpf(0)), src="sigmoid taken as odd (tanh is)", why="x = 0: 1/2 vs -1/2"),
    F("softmax-sigmoid.log-sigmoid-sign", r"\log \sigma(x) = -\mathrm{softplus}(x)",
      lambda s: (mp.log(sigmoid(s.x)), -softplus(s.x)), lambda: Point(x=mpf(1)),
      src="lost the minus inside", why="x = 1: -0.313 vs -1.313"),
    F("softmax-sigmoid.softplus-odd-sign", r"\mathrm{softplus}(x) - \mathrm{softplus}(-x) = -x",
      lambda s: (softplus(s.x) - softplus(-s.x), -s.x), lambda: Point(x=mpf(1)),
      src="sign flip", why="x = 1: 1 vs -1"),
    F("softmax-sigmoid.sigmoid-sign", r"\sigma(x) = \frac{1}{1 + e^{x}}",
      lambda s: (sigmoid(s.x), 1 / (1 + mp.exp(s.x))), lambda: Point(x=mpf(1)),
      src="sign in the exponent", why="that is sigma(-x); x = 1: 0.731 vs 0.269"),
    F("softmax-sigmoid.softmax-shift-added", r"\mathrm{softmax}(z + c)_k = \mathrm{softmax}(z)_k + c",
      lambda s: (softmax([v + s.c for v in s.z])[s.k], softmax(s.z)[s.k] + s.c), z_example,
      src="shift passed through", why="c = 5: the left side is at most 1"),
    F("softmax-sigmoid.lse-le-max", r"\log \sum_{i=1}^{n} e^{z_i} \le \max_i z_i",
      lambda s: (lse(s.z), max(s.z)), lambda: Point(n=2, z=[mpf(0), mpf(0)], k=0), rel="<=",
      src="dropped the log n", why="z = (0, 0): ln 2 > 0"),
    F("softmax-sigmoid.softmax-scale", r"\mathrm{softmax}(2z)_k = \mathrm{softmax}(z)_k",
      lambda s: (softmax([2 * v for v in s.z])[s.k], softmax(s.z)[s.k]), z_example,
      src="scale taken as a shift", why="z = (1, 2, 3), k = 1: 0.016 vs 0.090"),
    F("softmax-sigmoid.sigmoid-tanh-missing-half", r"\sigma(x) = \frac{1}{2}\left(1 + \tanh x\right)",
      lambda s: (sigmoid(s.x), (1 + mp.tanh(s.x)) / 2), lambda: Point(x=mpf(1)),
      src="dropped the x/2", why="x = 1: 0.731 vs 0.881"),
    F("softmax-sigmoid.below-half", r"\sigma(x) < \frac{1}{2}", lambda s: (sigmoid(s.x), frac(1, 2)),
      lambda: Point(x=mpf(1)), rel="<", src="holds only for x < 0", why="x = 1: 0.731"),
]

# ====================================================================== losses

LOSS = [
    T("loss.bce-logit-softplus", r"-y \log \sigma(a) - (1-y) \log(1 - \sigma(a)) = \mathrm{softplus}(a) - y a",
      lambda s: (-xlogy(s.y, sigmoid(s.a)) - xlogy(1 - s.y, sigmoid(-s.a)), softplus(s.a) - s.y * s.a),
      on_y_a, src="PyTorch BCEWithLogits docs / lecture notes",
      why="-log sigma(a) = softplus(-a) = softplus(a) - a"),
    T("loss.softmax-ce-lse",
      r"-\sum_{k=1}^{n} y_k \log \mathrm{softmax}(z)_k = \log \sum_{j=1}^{n} e^{z_j} - \sum_{k=1}^{n} y_k z_k",
      lambda s: (-fsum(y * mp.log(v) for y, v in zip(s.y, softmax(s.z), strict=True)),
                 lse(s.z) - fsum(y * v for y, v in zip(s.y, s.z, strict=True))), on_z_y,
      assume=("y:distribution",), src=f"{D2L}, 4.1.2", why="log softmax = z - lse, sum y = 1"),
    T("loss.nll-softmax", r"-\log \mathrm{softmax}(z)_k = \log \sum_{j=1}^{n} e^{z_j} - z_k",
      lambda s: (-mp.log(softmax(s.z)[s.k]), lse(s.z) - s.z[s.k]), on_z, src=f"{SEED} 004",
      why="log of a quotient"),
    T("loss.bce-nonnegative", r"-\left(y \log \hat{y} + (1-y) \log (1-\hat{y})\right) \ge 0",
      lambda s: (bce(s.y, s.yhat), 0), on_y_yhat, rel=">=", src=f"{SEED} 001",
      why="both logs are <= 0 and the weights >= 0"),
    T("loss.bce-ge-label-entropy",
      r"-y \log \hat{y} - (1-y) \log (1-\hat{y}) \ge -y \log y - (1-y) \log (1-y)",
      lambda s: (bce(s.y, s.yhat), bce(s.y, s.y)), on_y_yhat, rel=">=", src=f"{MURPHY}",
      why="Gibbs on the two-outcome distributions (0 log 0 = 0 at y in {0, 1})"),
    T("loss.minus-log-sigmoid", r"-\log \sigma(a) = \mathrm{softplus}(-a)",
      lambda s: (-mp.log(sigmoid(s.a)), softplus(-s.a)), on_a, src=f"{GBC}, 6.2.2.2",
      why="log(1 + e^{-a})"),
    T("loss.minus-log-one-minus-sigmoid", r"-\log(1 - \sigma(a)) = \mathrm{softplus}(a)",
      lambda s: (-mp.log(1 - sigmoid(s.a)), softplus(s.a)), on_a, src=f"{GBC}, 6.2.2.2",
      why="1 - sigma(a) = sigma(-a)"),
    # --- false
    F("loss.bce-logit-sign", r"-y \log \sigma(a) - (1-y) \log(1 - \sigma(a)) = \mathrm{softplus}(a) + y a",
      lambda s: (-xlogy(s.y, sigmoid(s.a)) - xlogy(1 - s.y, sigmoid(-s.a)), softplus(s.a) + s.y * s.a),
      lambda: Point(y=mpf(1), a=mpf(1)), src="sign flip", why="y = a = 1: 0.313 vs 2.313"),
    F("loss.nll-softmax-sign", r"-\log \mathrm{softmax}(z)_k = z_k - \log \sum_{j=1}^{n} e^{z_j}",
      lambda s: (-mp.log(softmax(s.z)[s.k]), s.z[s.k] - lse(s.z)),
      lambda: Point(n=2, z=[mpf(0), mpf(0)], k=0), src="dropped the minus", why="ln 2 vs -ln 2"),
    F("loss.bce-negative", r"-\left(y \log \hat{y} + (1-y) \log (1-\hat{y})\right) < 0",
      lambda s: (bce(s.y, s.yhat), 0), lambda: Point(y=mpf(1), yhat=frac(1, 2)), rel="<",
      src="sign of a loss", why="y = 1, yhat = 1/2: ln 2 > 0"),
]

# ====================================================================== numeric facts

NUMERIC = [
    T("numeric.log2-3", r"\log_2 3 \approx 1.585", num(lambda: (log(3, 2), mpf("1.585"))), on_none, rel="≈",
      tol=rounding("1.585"), src="any textbook", why="log2 3 = 1.58496..."),
    T("numeric.ln-2", r"\ln 2 \approx 0.693", num(lambda: (mp.log(2), mpf("0.693"))), on_none, rel="≈",
      tol=rounding("0.693"), src="any textbook", why="ln 2 = 0.693147..."),
    T("numeric.binary-entropy-011", r"-0.11 \log_2 0.11 - 0.89 \log_2 0.89 \approx 0.5",
      num(lambda: (H([mpf("0.11"), mpf("0.89")], 2), mpf("0.5"))), on_none, rel="≈", tol=rounding("0.5"),
      src="MacKay, ch. 1 (f = 0.11 gives H_2 = 0.5 bits)",
      why="H_2(0.11) = 0.49992..."),
    T("numeric.binary-entropy-notation", r"H_b(0.11) \approx 0.5",
      num(lambda: (H([mpf("0.11"), mpf("0.89")], 2), mpf("0.5"))), on_none, rel="≈", tol=rounding("0.5"),
      base="2", src="MacKay, ch. 1 (bits)", why="H_2(0.11) = 0.49992... bits"),
    T("numeric.cover-thomas-example", r"H\left(\frac{1}{2}, \frac{1}{4}, \frac{1}{8}, \frac{1}{8}\right) = 1.75",
      num(lambda: (H([frac(1, 2), frac(1, 4), frac(1, 8), frac(1, 8)], 2), mpf("1.75"))), on_none, base="2",
      src=f"{C_T}, Example 2.1.2 (bits)", why="1/2 + 2/4 + 3/8 + 3/8 = 7/4 bits"),
    T("numeric.cover-thomas-sum",
      r"-\frac{1}{2} \log \frac{1}{2} - \frac{1}{4} \log \frac{1}{4} - \frac{1}{8} \log \frac{1}{8} - \frac{1}{8} \log \frac{1}{8} = \frac{7}{4}",
      num(lambda: (H([frac(1, 2), frac(1, 4), frac(1, 8), frac(1, 8)], 2), frac(7, 4))), on_none, base="2",
      src=f"{C_T}, Example 2.1.2 (bits)", why="1/2 + 1/2 + 3/8 + 3/8"),
    T("numeric.log2-8", r"\log_2 8 = 3", num(lambda: (log(8, 2), 3)), on_none, src="any textbook", why="2^3 = 8"),
    T("numeric.log-8-bits", r"\log 8 = 3", num(lambda: (log(8, 2), 3)), on_none, base="2",
      src="bits convention", why="log means log_2 in bits"),
    T("numeric.fair-coin", r"-\frac{1}{2} \log_2 \frac{1}{2} - \frac{1}{2} \log_2 \frac{1}{2} = 1",
      num(lambda: (H([frac(1, 2), frac(1, 2)], 2), 1)), on_none, src=f"{C_T}, Example 2.1.1",
      why="a fair coin has 1 bit"),
    T("numeric.uniform-4-nats", r"-\log \frac{1}{4} \approx 1.386", num(lambda: (mp.log(4), mpf("1.386"))),
      on_none, rel="≈", tol=rounding("1.386"), src=f"{SEED} 000", why="ln 4 = 1.38629..."),
    T("numeric.softmax-example", r"\frac{e^{0.9}}{e^{0.9} + e^{1.2} + e^{-0.4}} \approx 0.38",
      num(lambda: (softmax([mpf("0.9"), mpf("1.2"), mpf("-0.4")])[0], mpf("0.38"))), on_none, rel="≈",
      tol=rounding("0.38"), src=f"{SEED} 004", why="2.4596 / 6.4500 = 0.3813"),
    T("numeric.kl-example",
      r"\frac{1}{3} \log \frac{1/3}{2/3} + \frac{2}{3} \log \frac{2/3}{1/3} = \frac{1}{3} \log 2",
      num(lambda: (frac(1, 3) * mp.log(frac(1, 2)) + frac(2, 3) * mp.log(2), mp.log(2) / 3)), on_none,
      src=f"{SEED} 003", why="-(1/3) log 2 + (2/3) log 2"),
    T("numeric.kl-example-value", r"\frac{1}{3} \ln 2 \approx 0.231", num(lambda: (mp.log(2) / 3, mpf("0.231"))),
      on_none, rel="≈", tol=rounding("0.231"), src=f"{SEED} 003", why="0.23105"),
    T("numeric.bce-06-bits", r"-\log_2 0.6 \approx 0.737", num(lambda: (-log(mpf("0.6"), 2), mpf("0.737"))),
      on_none, rel="≈", tol=rounding("0.737"), src=f"{SEED} 001", why="0.73697"),
    T("numeric.bce-07-nats", r"-\ln 0.7 \approx 0.357", num(lambda: (-mp.log(mpf("0.7")), mpf("0.357"))),
      on_none, rel="≈", tol=rounding("0.357"), src="issue 10, B.6 example", why="0.35667"),
    T("numeric.sigmoid-0", r"\sigma(0) = \frac{1}{2}", num(lambda: (sigmoid(0), frac(1, 2))), on_none,
      src="any textbook", why="1/(1+1)"),
    T("numeric.sigmoid-2", r"\sigma(2) \approx 0.881", num(lambda: (sigmoid(2), mpf("0.881"))), on_none,
      rel="≈", tol=rounding("0.881"), src="lecture notes", why="0.88080"),
    T("numeric.softplus-0", r"\mathrm{softplus}(0) = \ln 2", num(lambda: (softplus(0), mp.log(2))), on_none,
      src=f"{GBC}, 3.10", why="log(1 + 1)"),
    T("numeric.log2-10", r"\log_2 10 \approx 3.32", num(lambda: (log(10, 2), mpf("3.32"))), on_none, rel="≈",
      tol=rounding("3.32"), src="any textbook", why="3.3219"),
    T("numeric.log2-e", r"\log_2 e \approx 1.4427", num(lambda: (log(mp.e, 2), mpf("1.4427"))), on_none,
      rel="≈", tol=rounding("1.4427"), src="nats-to-bits factor", why="1.442695"),
    T("numeric.sum-of-decimals", r"\log_2 3 + \log_2 5 = 1.585 + 2.322",
      num(lambda: (log(3, 2) + log(5, 2), mpf("1.585") + mpf("2.322"))), on_none,
      tol=rounding("1.585") + rounding("2.322"), src="issue 10, B.5",
      why="1.58496 + 2.32193; each stated decimal carries its own rounding"),
    T("numeric.bernoulli-kl", r"0.5 \log \frac{0.5}{0.25} + 0.5 \log \frac{0.5}{0.75} \approx 0.1438",
      num(lambda: (mpf("0.5") * mp.log(2) + mpf("0.5") * mp.log(frac(2, 3)), mpf("0.1438"))), on_none,
      rel="≈", tol=rounding("0.1438"), src=f"{MURPHY}", why="0.34657 - 0.20273 = 0.14384"),
    T("numeric.uniform-4-bits", r"\sum_{i=1}^{4} \frac{1}{4} \log_2 4 = 2", num(lambda: (mpf(2), 2)), on_none,
      src=f"{SEED} 000 (uniform code of 4 symbols)", why="four terms of 1/2"),
    T("numeric.binary-06-bits", r"-0.6 \log_2 0.6 - 0.4 \log_2 0.4 \approx 0.971",
      num(lambda: (H([mpf("0.6"), mpf("0.4")], 2), mpf("0.971"))), on_none, rel="≈", tol=rounding("0.971"),
      src=f"{SEED} 001", why="0.97095"),
    T("numeric.sigmoid-far-left-positive", r"\sigma(-10^{100}) > 0", num(lambda: (sigmoid(-mpf(10) ** 100), 0)),
      on_none, rel=">", src="issue 10, B.3", why="1/(1 + e^{10^100}) is tiny but positive"),
    T("numeric.empty-sum", r"\sum_{i=1}^{-5} i = 0", num(lambda: (mpf(0), 0)), on_none,
      src="issue 10, B.7 (textbook convention)", why="no index satisfies 1 <= i <= -5: the empty sum is 0"),
    # --- false
    F("numeric.ln-3-digits", r"\ln 3 = 1.098612288668112", num(lambda: (mp.log(3), mpf("1.098612288668112"))),
      Point, tol=rounding("1.098612288668112"), src="issue 10, B.4",
      why="ln 3 = 1.0986122886681098, rounds to ...110 at 15 places"),
    F("numeric.ln-2-16-digits", r"\ln 2 = 0.6931471805599455", num(lambda: (mp.log(2), mpf("0.6931471805599455"))),
      Point, tol=rounding("0.6931471805599455"), src="issue 10, B.5",
      why="ln 2 = 0.69314718055994530..., rounds to ...453 at 16 places"),
    F("numeric.cover-thomas-2-bits", r"H\left(\frac{1}{2}, \frac{1}{4}, \frac{1}{8}, \frac{1}{8}\right) = 2",
      num(lambda: (H([frac(1, 2), frac(1, 4), frac(1, 8), frac(1, 8)], 2), 2)), Point, base="2",
      src="uniform code length taken as the entropy", why="H = 1.75 bits"),
    F("numeric.log-8-nats", r"\log 8 = 3", num(lambda: (mp.log(8), 3)), Point,
      src="bits-only claim read in nats", why="ln 8 = 2.079"),
    F("numeric.ln-2-wrong", r"\ln 2 \approx 0.683", num(lambda: (mp.log(2), mpf("0.683"))), Point,
      rel="≈", tol=rounding("0.683"), src="digit slip", why="ln 2 = 0.6931"),
    F("numeric.fair-coin-nats", r"-\frac{1}{2} \ln \frac{1}{2} - \frac{1}{2} \ln \frac{1}{2} = 1",
      num(lambda: (H([frac(1, 2), frac(1, 2)]), 1)), Point, src="bits-only claim in nats",
      why="ln 2 = 0.693 nats"),
    F("numeric.log2-3-wrong", r"\log_2 3 \approx 1.485", num(lambda: (log(3, 2), mpf("1.485"))), Point,
      rel="≈", tol=rounding("1.485"), src="digit slip", why="1.585"),
    F("numeric.sigmoid-2-wrong", r"\sigma(2) \approx 0.812", num(lambda: (sigmoid(2), mpf("0.812"))),
      Point, rel="≈", tol=rounding("0.812"), src="digit swap", why="0.881"),
    F("numeric.bce-06-wrong", r"-\log_2 0.6 \approx 0.6", num(lambda: (-log(mpf("0.6"), 2), mpf("0.6"))),
      Point, rel="≈", tol=rounding("0.6"), src="loss confused with the prediction",
      why="0.737"),
    F("numeric.sum-of-decimals-wrong", r"\log_2 3 + \log_2 5 = 1.585 + 2.422",
      num(lambda: (log(3, 2) + log(5, 2), mpf("1.585") + mpf("2.422"))), Point,
      tol=rounding("1.585") + rounding("2.422"), src="digit slip", why="log2 5 = 2.322"),
    F("numeric.uniform-4-bits-wrong", r"\sum_{i=1}^{4} \frac{1}{4} \log_2 4 = 4", num(lambda: (mpf(2), 4)),
      Point, src="forgot the weights", why="the sum is 2"),
    F("numeric.binary-06-nats", r"-0.6 \log 0.6 - 0.4 \log 0.4 \approx 0.971",
      num(lambda: (H([mpf("0.6"), mpf("0.4")]), mpf("0.971"))), Point, rel="≈", tol=rounding("0.971"),
      src="bits-only value with a natural log", why="in nats it is 0.673"),
    F("numeric.sigmoid-far-left-zero", r"\sigma(-10^{100}) = 0", num(lambda: (sigmoid(-mpf(10) ** 100), 0)),
      Point, src="issue 10, B.3", why="positive, not zero (no decimal is stated)"),
    F("numeric.softmax-example-wrong", r"\frac{e^{0.9}}{e^{0.9} + e^{1.2} + e^{-0.4}} \approx 0.48",
      num(lambda: (softmax([mpf("0.9"), mpf("1.2"), mpf("-0.4")])[0], mpf("0.48"))), Point, rel="≈",
      tol=rounding("0.48"), src=f"{SEED} 004 variant", why="0.3813"),
]

# ====================================================================== notation variants

NOTATION = [
    T("notation.ascii-ge", r"H(p) >= 0", lambda s: (H(s.p), 0), on_p, rel=">=",
      src="ASCII in lecture notes", why="entropy is nonnegative"),
    T("notation.ascii-kl", r"D(p||q) >= 0",
      lambda s: (fsum(xlogy(a, a / b) for a, b in zip(s.p, s.q, strict=True)), 0), on_pq, rel=">=",
      src="ASCII in lecture notes", why="Gibbs"),
    T("notation.ascii-le", r"H(p) <= \log n", lambda s: (H(s.p), mp.log(s.n)), on_p, rel="<=",
      src="ASCII in lecture notes", why="maximum entropy"),
    T("notation.log-prod", r"\log \prod_{i=1}^{n} q_i = \sum_{i=1}^{n} \log q_i",
      lambda s: (mp.log(mp.fprod(s.q)), fsum(mp.log(v) for v in s.q)), on_pq,
      src="likelihood to log-likelihood (CS229)", why="log of a product"),
    T("notation.max-ge-uniform", r"\max_i p_i \ge \frac{1}{n}", lambda s: (max(s.p), frac(1, s.n)),
      on_p, rel=">=", src="lecture notes", why="the largest of n numbers summing to 1"),
    T("notation.min-le-uniform", r"\min_i p_i \le \frac{1}{n}", lambda s: (min(s.p), frac(1, s.n)),
      on_p, rel="<=", src="lecture notes", why="the smallest of n numbers summing to 1"),
    T("notation.total-variation", r"\sum_i |p_i - q_i| \le 2",
      lambda s: (fsum(abs(a - b) for a, b in zip(s.p, s.q, strict=True)), 2), on_pq, rel="<=",
      src="lecture notes (total variation)", why="|a - b| <= a + b"),
    T("notation.paren-sum-squared", r"\left(\sum_i p_i\right)^2 = 1", lambda s: (fsum(s.p) ** 2, 1),
      on_p, src="lecture notes", why="the sum is 1"),
    T("notation.nats-over-ln2", r"\frac{-\sum_i p_i \ln p_i}{\ln 2} = -\sum_i p_i \log_2 p_i",
      lambda s: (H(s.p) / mp.log(2), H(s.p, 2)), on_p, src="issue 10, A.4",
      why="log_2 = ln / ln 2"),
    T("notation.expectation-of-one", r"\mathbb{E}_{x \sim p}[1] = 1", lambda s: (fsum(s.p), 1), on_p,
      src=f"{GBC}, 3.8", why="sum p(x) = 1"),
    T("notation.ce-mathrm-ln", r"\mathrm{CE}(p, q) = -\sum_{i=1}^{n} p_i \ln q_i",
      lambda s: (CE(s.p, s.q), -fsum(a * mp.log(b) for a, b in zip(s.p, s.q, strict=True))), on_pq,
      src=f"{SEED} 003", why="definition, natural log"),
    # --- false
    F("notation.ascii-ge-log-n", r"H(p) >= \log n", lambda s: (H(s.p), mp.log(s.n)),
      lambda: Point(n=2, p=[mpf("0.9"), mpf("0.1")]), rel=">=", src="ASCII, reversed",
      why="(0.9, 0.1): 0.325 < 0.693"),
    F("notation.max-le-uniform", r"\max_i p_i \le \frac{1}{n}", lambda s: (max(s.p), frac(1, s.n)),
      lambda: Point(n=2, p=[mpf("0.9"), mpf("0.1")]), rel="<=", src="reversed", why="0.9 > 0.5"),
    F("notation.paren-sum-squared-wrong", r"\left(\sum_i p_i\right)^2 = \sum_i p_i^2",
      lambda s: (fsum(s.p) ** 2, fsum(v * v for v in s.p)), lambda: Point(n=2, p=[frac(1, 2), frac(1, 2)]),
      src="square of a sum taken as the sum of squares", why="1 vs 1/2"),
    F("notation.log-prod-wrong", r"\log \prod_{i=1}^{n} q_i = \prod_{i=1}^{n} \log q_i",
      lambda s: (mp.log(mp.fprod(s.q)), mp.fprod(mp.log(v) for v in s.q)),
      lambda: Point(n=2, q=[frac(1, 2), frac(1, 2)]), src="log of a product taken as a product of logs",
      why="2 ln(1/2) = -1.386 vs (ln 1/2)^2 = 0.480"),
    F("notation.total-variation-ge", r"\sum_i |p_i - q_i| \ge 2",
      lambda s: (fsum(abs(a - b) for a, b in zip(s.p, s.q, strict=True)), 2),
      lambda: Point(n=2, p=[frac(1, 2), frac(1, 2)], q=[frac(1, 2), frac(1, 2)]), rel=">=",
      src="reversed", why="p = q gives 0"),
    F("notation.parenthesised-claim", r"H(p) \ge 0 \quad (H(p) \le \log 3)",
      lambda s: (0, H(s.p), mp.log(3)), lambda: Point(n=4, p=[frac(1, 4)] * 4), rel=("<=", "<="),
      src="issue 10, A.1", why="the remark in parentheses is a claim; uniform over 4: log 4 > log 3"),
]
# fmt: on

CLAIMS = [*DERIV, *ACTIV, *LOSS, *NUMERIC, *NOTATION]
