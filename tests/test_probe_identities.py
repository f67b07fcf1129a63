r"""Textbook identities typed in LaTeX: notations a probe of ~120 claims found refused.

Bishop writes conditional entropy with a plain bar in square brackets (``\mathrm{H}[y|x]``,
PRML 1.112), and d2l.ai names the logits of a softmax ``\mathbf{o}``. Each true form must be
accepted and each generated wrong variant (swapped condition, dropped term, sign flip, wrong
index) refuted or unknown, never accepted. Truth: the chain rule of entropy
``H[x, y] = H[y | x] + H[x]`` and ``I[x, y] = H[x] - H[x | y]`` (Cover & Thomas 2.14, 2.45),
whose wrong variants fail at an explicit pmf computed with mpmath below; the softmax by mpmath at
random logits.
"""

from __future__ import annotations

import random

import mpmath
import pytest

from symxent.errors import SymxentError
from symxent.latex.prepare import mark_bars
from symxent.lecture import verify

ACCEPTED = ("proved", "confirmed")

# A 2 x 2 joint pmf p(x, y) at which every wrong variant below differs from the truth.
_P = [[mpmath.mpf("0.5"), mpmath.mpf("0.25")], [mpmath.mpf("0.125"), mpmath.mpf("0.125")]]


def _h(values: list[mpmath.mpf]) -> mpmath.mpf:
    return -mpmath.fsum(v * mpmath.log(v) for v in values if v > 0)


def _entropies() -> dict[str, mpmath.mpf]:
    px = [sum(row) for row in _P]
    py = [_P[0][j] + _P[1][j] for j in range(2)]
    hxy = _h([v for row in _P for v in row])
    hx, hy = _h(px), _h(py)
    return {"x,y": hxy, "x": hx, "y": hy, "y|x": hxy - hx, "x|y": hxy - hy}


_BISHOP = [  # (left, right terms with signs) read as H[...] of the keys above
    ("x,y", [(1, "y|x"), (1, "x")]),
    ("x,y", [(1, "x|y"), (1, "y")]),
]


def _bishop_claims() -> list[tuple[str, bool]]:
    h = _entropies()
    claims = []
    for left, terms in _BISHOP:
        variants = [terms]
        variants += [[(s, {"y|x": "x|y", "x|y": "y|x"}.get(k, k)) for s, k in terms]]  # swap bar
        variants += [[(-s if i == 0 else s, k) for i, (s, k) in enumerate(terms)]]  # sign flip
        variants += [terms[:1]]  # dropped term
        variants += [[(s, {"x": "y", "y": "x"}.get(k, k)) for s, k in terms]]  # other marginal
        for spacing in ("{}|{}", r"{} \mid {}", "{} | {}"):
            for variant in variants:

                def show(key: str, spacing: str = spacing) -> str:
                    if "|" in key:
                        a, b = key.split("|")
                        return r"\mathrm{H}[" + spacing.format(a, b) + "]"
                    return r"\mathrm{H}[" + key + "]"

                right = " ".join(
                    ("+ " if s > 0 else "- ") + show(k) for s, k in variant
                ).removeprefix("+ ")
                truth = abs(h[left] - mpmath.fsum(s * h[k] for s, k in variant)) < 1e-12
                claims.append((rf"\mathrm{{H}}[{left}] = {right}", truth))
    return claims


@pytest.mark.parametrize(("latex", "truth"), _bishop_claims())
def test_bishop_conditional_entropy_with_a_plain_bar(latex: str, truth: bool) -> None:
    status = verify(latex).status
    if truth:
        assert status in ACCEPTED, (latex, status)
    else:
        assert status not in ACCEPTED, (latex, status)


def test_the_bar_in_square_brackets_after_a_name_is_a_condition() -> None:
    assert mark_bars(r"\mathrm{H}[y|x]") == r"\mathrm{H}[y|x]"
    assert mark_bars(r"\mathrm{H}[y | x] + [|a|]") == r"\mathrm{H}[y | x] + [\lvert a\rvert ]"


def test_bishop_mutual_information_with_a_plain_bar() -> None:
    assert verify(r"\mathrm{I}[x, y] = \mathrm{H}[x] - \mathrm{H}[x|y]").status in ACCEPTED
    assert verify(r"\mathrm{I}[x, y] = \mathrm{H}[x] - \mathrm{H}[y|x]").status == "refuted"


def _softmax_claims() -> list[tuple[str, bool]]:
    """softmax(v)_j against written formulas; truth by mpmath at random logits."""
    rng = random.Random(7)
    claims = []
    forms = {
        r"\frac{\exp({v}_j)}{\sum_k \exp({v}_k)}": lambda v, j: (
            mpmath.exp(v[j]) / mpmath.fsum(mpmath.exp(x) for x in v)
        ),
        r"\frac{\exp({v}_j)}{\sum_k \exp({v}_j)}": lambda v, j: (
            mpmath.exp(v[j]) / (len(v) * mpmath.exp(v[j]))
        ),
        r"\frac{e^{-{v}_j}}{\sum_k e^{-{v}_k}}": lambda v, j: (
            mpmath.exp(-v[j]) / mpmath.fsum(mpmath.exp(-x) for x in v)
        ),
        r"\frac{{v}_j}{\sum_k {v}_k}": lambda v, j: v[j] / mpmath.fsum(v),
        r"e^{{v}_j - \log \sum_k e^{{v}_k}}": lambda v, j: mpmath.exp(
            v[j] - mpmath.log(mpmath.fsum(mpmath.exp(x) for x in v))
        ),
    }
    for name in ("o", "a", r"\mathbf{o}", r"\boldsymbol{a}", "s"):
        letter = name.split("{")[-1].rstrip("}")
        for form, value in forms.items():
            truth = True
            for _ in range(20):
                v = [mpmath.mpf(rng.uniform(-3, 3)) for _ in range(3)]
                j = rng.randrange(3)
                softmax = mpmath.exp(v[j]) / mpmath.fsum(mpmath.exp(x) for x in v)
                if abs(softmax - value(v, j)) > 1e-10:
                    truth = False
            right = form.replace("{v}", letter)
            claims.append((rf"\mathrm{{softmax}}({name})_j = {right}", truth))
    return claims


@pytest.mark.parametrize(("latex", "truth"), _softmax_claims())
def test_the_logits_of_a_softmax_may_have_any_name(latex: str, truth: bool) -> None:
    status = verify(latex).status
    if truth:
        assert status in ACCEPTED, (latex, status)
    else:
        assert status not in ACCEPTED, (latex, status)


def test_a_softmax_argument_used_as_a_scalar_too_is_not_judged() -> None:
    assert verify(r"\mathrm{softmax}(a)_i = a").status == "unknown"
    # a name with a role keeps it: p is a distribution (a vector), y labels
    assert verify(r"\mathrm{softmax}(p)_i = p_i").status == "refuted"


# ---------------------------------------------------------------- the Gaussian density


def _gauss(x: mpmath.mpf, mu: mpmath.mpf, var: mpmath.mpf) -> mpmath.mpf:
    return mpmath.exp(-((x - mu) ** 2) / (2 * var)) / mpmath.sqrt(2 * mpmath.pi * var)


# written right sides of -ln N(x | mu, sigma^2) and their values (x, mu, sigma) -> value
_NLL_FORMS = {
    r"\frac{1}{2}\ln(2\pi\sigma^2) + \frac{(x-\mu)^2}{2\sigma^2}": lambda x, m, s: (
        mpmath.log(2 * mpmath.pi * s**2) / 2 + (x - m) ** 2 / (2 * s**2)
    ),
    r"\ln \sigma + \frac{1}{2}\ln(2\pi) + \frac{(x-\mu)^2}{2\sigma^2}": lambda x, m, s: (
        mpmath.log(s) + mpmath.log(2 * mpmath.pi) / 2 + (x - m) ** 2 / (2 * s**2)
    ),
    r"\frac{1}{2}\ln(2\pi\sigma) + \frac{(x-\mu)^2}{2\sigma^2}": lambda x, m, s: (
        mpmath.log(2 * mpmath.pi * s) / 2 + (x - m) ** 2 / (2 * s**2)
    ),
    r"\frac{1}{2}\ln(2\pi\sigma^2) - \frac{(x-\mu)^2}{2\sigma^2}": lambda x, m, s: (
        mpmath.log(2 * mpmath.pi * s**2) / 2 - (x - m) ** 2 / (2 * s**2)
    ),
    r"\frac{1}{2}\ln(2\pi\sigma^2) + \frac{(x-\mu)^2}{\sigma^2}": lambda x, m, s: (
        mpmath.log(2 * mpmath.pi * s**2) / 2 + (x - m) ** 2 / s**2
    ),
    r"\frac{1}{2}\ln(2\pi\sigma^2)": lambda x, m, s: mpmath.log(2 * mpmath.pi * s**2) / 2,
}


def _nll_claims() -> list[tuple[str, bool]]:
    rng = random.Random(11)
    points = [
        (
            mpmath.mpf(rng.uniform(-5, 5)),
            mpmath.mpf(rng.uniform(-5, 5)),
            mpmath.mpf(rng.uniform(0.1, 4)),
        )
        for _ in range(20)
    ]
    claims = []
    for left in (r"\mathcal{N}(x \mid \mu, \sigma^2)", r"\mathcal{N}(x; \mu, \sigma^2)"):
        for right, value in _NLL_FORMS.items():
            truth = all(
                abs(-mpmath.log(_gauss(x, m, s**2)) - value(x, m, s)) < 1e-10 for x, m, s in points
            )
            claims.append((rf"-\ln {left} = {right}", truth))
    return claims


@pytest.mark.parametrize(("latex", "truth"), _nll_claims())
def test_the_gaussian_negative_log_likelihood(latex: str, truth: bool) -> None:
    status = verify(latex).status
    if truth:
        assert status in ACCEPTED, (latex, status)
    else:
        assert status == "refuted", (latex, status)


def test_the_gaussian_density_and_its_bound() -> None:
    # the density of N(0, 1) is at most its value at 0, 1/sqrt(2 pi) = 0.3989...
    assert float(_gauss(mpmath.mpf(0), mpmath.mpf(0), mpmath.mpf(1))) > 0.3
    assert verify(r"\mathcal{N}(x \mid 0, 1) \le \frac{1}{\sqrt{2\pi}}").status in ACCEPTED
    assert verify(r"\mathcal{N}(x \mid 0, 1) \le 0.3").status == "refuted"
    # mean and variance are not interchangeable: N(x | mu, s) is not N(x | mu, s^2)
    assert verify(r"\mathcal{N}(x \mid \mu, s) = \mathcal{N}(x \mid \mu, s^2)").status == "refuted"


@pytest.mark.parametrize(
    "latex",
    [r"\mathcal{N}(x) = 1", r"\mathcal{N}(x \mid \mu) = 1", r"\mathcal{N}(x \mid \mu; \sigma) = 1"],
)
def test_a_gaussian_density_without_its_mean_and_variance_is_refused(latex: str) -> None:
    with pytest.raises(SymxentError, match=r"Gaussian density|N\(x"):
        verify(latex)


# ---------------------------------------------------------------- a scalar sigma


@pytest.mark.parametrize(
    ("latex", "truth"),
    [
        # 1/(sqrt(2 pi) sigma) = 1/sqrt(2 pi sigma^2) needs sigma > 0: a standard deviation
        (r"\frac{1}{\sqrt{2\pi}\sigma} = \frac{1}{\sqrt{2\pi\sigma^2}}", True),
        (r"\frac{1}{\sqrt{2\pi}\sigma} = -\frac{1}{\sqrt{2\pi\sigma^2}}", False),
        (r"\sqrt{\sigma^2} = \sigma", True),
        (r"\sqrt{\sigma^2} = 2\sigma", False),
        (r"\ln \sigma^2 = 2 \ln \sigma", True),
        (r"\ln \sigma^2 = \ln \sigma", False),
    ],
)
def test_a_scalar_sigma_is_a_standard_deviation(latex: str, truth: bool) -> None:
    result = verify(latex)
    if truth:
        assert result.status in ACCEPTED, (latex, result.text())
        assert "standard deviation" in result.text()
    else:
        assert result.status == "refuted", (latex, result.text())


def test_sigma_of_an_argument_stays_the_sigmoid() -> None:
    # sigma(-x) = 1 - sigma(x) for the logistic sigmoid, at every real x
    assert verify(r"\sigma(-x) = 1 - \sigma(x)").status in ACCEPTED
    assert verify(r"\sigma(x) \le 1").status in ACCEPTED
    # with sigma:real the old reading: 1/sigma = 1/sqrt(sigma^2) fails at sigma < 0
    assert (
        verify(r"\frac{1}{\sigma} = \frac{1}{\sqrt{\sigma^2}}", assume=["sigma:real"]).status
        == "refuted"
    )


# ---------------------------------------------------------------- a function of the summed class


def _expectation_claims() -> list[tuple[str, bool]]:
    r"""Claims about E_{x~p}[f(x)] for an unspecified f; truth by mpmath at random p, f, g, q.

    A claim holds for every f when it holds at 30 random draws and fails when one draw breaks
    it by more than 1e-9 (each wrong variant below fails at almost every draw).
    """
    rng = random.Random(5)
    e = r"\mathbb{E}_{x\sim p}"

    def dot(*vectors: list[mpmath.mpf]) -> mpmath.mpf:
        return mpmath.fsum(mpmath.fprod(column) for column in zip(*vectors, strict=True))

    forms: dict[str, object] = {
        rf"{e}[f(x)] = \sum_x p(x) f(x)": lambda p, q, f, g: dot(p, f) - dot(p, f),
        rf"{e}[f(x)] = \sum_x q(x) f(x)": lambda p, q, f, g: dot(p, f) - dot(q, f),
        rf"{e}[f(x)] = \sum_x f(x)": lambda p, q, f, g: dot(p, f) - mpmath.fsum(f),
        rf"{e}[f(x) + g(x)] = {e}[f(x)] + {e}[g(x)]": lambda p, q, f, g: mpmath.mpf(0),
        rf"{e}[f(x) g(x)] = {e}[f(x)] {e}[g(x)]": lambda p, q, f, g: (
            dot(p, f, g) - dot(p, f) * dot(p, g)
        ),
        rf"{e}[f(x) - g(x)] = {e}[f(x)] + {e}[g(x)]": lambda p, q, f, g: -2 * dot(p, g),
    }
    claims = []
    for latex, difference in forms.items():
        truth = True
        for _ in range(30):
            weights = [mpmath.mpf(rng.random()) for _ in range(3)]
            p = [w / mpmath.fsum(weights) for w in weights]
            weights = [mpmath.mpf(rng.random()) for _ in range(3)]
            q = [w / mpmath.fsum(weights) for w in weights]
            f = [mpmath.mpf(rng.uniform(-5, 5)) for _ in range(3)]
            g = [mpmath.mpf(rng.uniform(-5, 5)) for _ in range(3)]
            if abs(difference(p, q, f, g)) > 1e-9:  # type: ignore[operator]
                truth = False
        claims.append((latex, truth))
    return claims


@pytest.mark.parametrize(("latex", "truth"), _expectation_claims())
def test_an_unspecified_function_of_the_summed_class(latex: str, truth: bool) -> None:
    status = verify(latex).status
    if truth:
        assert status in ACCEPTED, (latex, status)
    else:
        assert status == "refuted", (latex, status)


@pytest.mark.parametrize(
    ("latex", "status"),
    [
        # Jensen for an arbitrary f: E[f]^2 <= E[f^2] holds, the reverse fails (f = (1, -1))
        (r"\mathbb{E}_{x\sim p}[f(x)^2] \ge (\mathbb{E}_{x\sim p}[f(x)])^2", "proved"),
        (r"\mathbb{E}_{x\sim p}[f(x)^2] \le (\mathbb{E}_{x\sim p}[f(x)])^2", "refuted"),
        (r"\mathbb{E}_{x\sim p}[f(x)] \ge 0", "refuted"),  # f may be negative
    ],
)
def test_jensen_for_an_unspecified_function(latex: str, status: str) -> None:
    assert verify(latex).status == status


def test_an_unspecified_function_of_a_number_is_still_refused() -> None:
    with pytest.raises(SymxentError, match="not defined"):
        verify(r"f(x) = 1")


@pytest.mark.parametrize(
    "latex",
    [
        # the multivariate density has -ln N = D/2 ln(2 pi) + 1/2 ln|Sigma| + ..., so the
        # univariate formula below is false for D > 1: it must not be read as univariate
        r"-\ln \mathcal{N}(\mathbf{x} \mid \boldsymbol{\mu}, \Sigma) = \frac{1}{2}\ln(2\pi\Sigma)"
        r" + \frac{(\mathbf{x}-\boldsymbol{\mu})^2}{2\Sigma}",
        r"\mathcal{N}(\mathbf{x} \mid \boldsymbol{\mu}, \mathbf{\Sigma}) \ge 0",
        r"\mathcal{N}(x \mid \mu, S) \ge 0",
        r"\mathcal{N}(\vec{x}; \vec{\mu}, \Lambda^{-1}) \ge 0",
    ],
)
def test_the_multivariate_gaussian_is_refused(latex: str) -> None:
    with pytest.raises(SymxentError, match="multivariate"):
        verify(latex)


def test_bishops_precision_form_of_the_gaussian() -> None:
    # N(x | mu, 1/beta) = sqrt(beta / (2 pi)) exp(-beta (x - mu)^2 / 2) (Bishop 1.65 with
    # variance 1/beta); with beta in the wrong place it fails (beta = 4, x = mu: 0.798 vs 0.0997)
    assert abs(float(_gauss(mpmath.mpf(0), mpmath.mpf(0), mpmath.mpf(1) / 4)) - 0.7979) < 1e-3
    good = r"\mathcal{N}(x \mid \mu, \beta^{-1}) = \sqrt{\frac{\beta}{2\pi}} e^{-\frac{\beta}{2}(x-\mu)^2}"
    bad = (
        r"\mathcal{N}(x \mid \mu, \beta) = \sqrt{\frac{\beta}{2\pi}} e^{-\frac{\beta}{2}(x-\mu)^2}"
    )
    assert verify(good).status in ACCEPTED
    assert verify(bad).status == "refuted"
