"""The handouts' numbers in the catalogue, recomputed here by hand with mpmath.

Every expected value below is computed in this file from the handouts' data (the ten labels,
the MNIST rows, the sigmoid outputs, the logits, the heights), never read back from symxent; the
catalogue's derivations and tables must then say the same, and all their steps must hold.
"""

from __future__ import annotations

import sys
from decimal import ROUND_HALF_UP, Decimal

import mpmath
import numpy as np
import pytest
import sympy as sp

from symxent.catalogue import builtin_names, load
from symxent.check import Status
from symxent.topic import TopicReport

mpmath.mp.dps = 40
mpf, ln = mpmath.mpf, mpmath.log


def log2(x: object) -> mpmath.mpf:
    return mpmath.log(mpf(x), 2)


def rounded(value: mpmath.mpf, digits: int) -> str:
    text = mpmath.nstr(value, 35, strip_zeros=False)
    return str(Decimal(text).quantize(Decimal(1).scaleb(-digits), ROUND_HALF_UP))


NEW_TOPICS = ["ce_loss", "expectation_mle"]
# "rounded": a stated decimal holds to its printed digits
HOLDS = (Status.PROVED, Status.ROUNDED, Status.CONFIRMED)


def _derivation(topic: str, title_start: str):
    matches = [d for d in load(topic).chains if str(d.title).startswith(title_start)]
    assert len(matches) == 1, [str(d.title) for d in load(topic).chains]
    return matches[0]


def _module(name: str):
    """The derivation file's module, as the catalogue loaded it."""
    load(name)
    return sys.modules[f"symxent_derivation_{name}"]


def _approx_values(derivation) -> list[str]:
    return [
        str(step.written or step.expr) for step in derivation.steps if step.relation.value == "≈"
    ]


# ---------------------------------------------------------------- the topics hold


@pytest.mark.parametrize("name", NEW_TOPICS)
def test_the_new_topics_are_registered(name: str) -> None:
    assert name in builtin_names()


@pytest.mark.parametrize("name", [*NEW_TOPICS, "softmax_ce_gradient", "entropy"])
def test_every_step_table_and_plot_of_the_topic_holds(
    name: str, checked_topics: dict[str, TopicReport]
) -> None:
    report = checked_topics[name]
    assert report.holds, report.failure_message()
    for derivation in report.reports:
        for result in derivation.results:
            assert result.verdict.status in HOLDS, result.describe()


# ---------------------------------------------------------------- handout 000: CE loss


LABELS = ["A"] * 4 + ["B"] * 3 + ["C"] * 2 + ["D"]


def batch_ce(prediction: dict[str, str]) -> mpmath.mpf:
    """-(1/N) sum_i sum_j y_ij log yhat_ij over the ten one-hot rows, written out."""
    total = mpf(0)
    for label in LABELS:
        for column in "ABCD":
            y = 1 if column == label else 0
            if y:
                total += y * ln(mpf(prediction[column]))
    return -total / len(LABELS)


def test_the_two_worked_losses_of_000() -> None:
    uniform = batch_ce(dict.fromkeys("ABCD", "0.25"))
    skewed = batch_ce({"A": "0.4", "B": "0.3", "C": "0.2", "D": "0.1"})
    assert rounded(uniform, 16) == "1.3862943611198906"  # the handout's digits, exactly
    # the handout's 1.2798542258336674 is the float64 result; exact rounding differs in the last
    assert rounded(skewed, 15) == "1.279854225833667"
    assert abs(float(skewed) - 1.2798542258336674) < 1e-15
    assert skewed < uniform
    assert _approx_values(_derivation("ce_loss", "The uniform prediction")) == [
        "1.3862943611198906"
    ]
    assert _approx_values(_derivation("ce_loss", "The prediction $(0.4, 0.3, 0.2, 0.1)$")) == [
        "1.279854225833667"
    ]


MNIST = [
    (5, "0.04 0.03 0.02 0.1 0.01 0.7 0.01 0.02 0.03 0.04"),
    (0, "0.6 0.01 0.2 0.02 0.03 0.01 0.04 0.02 0.04 0.03"),
    (4, "0.01 0.04 0.03 0.02 0.75 0.03 0.05 0.02 0.04 0.01"),
    (1, "0.03 0.65 0.01 0.04 0.02 0.01 0.03 0.02 0.15 0.04"),
]


def test_the_mnist_example() -> None:
    rows = [(digit, [mpf(v) for v in text.split()]) for digit, text in MNIST]
    for _, row in rows:
        assert abs(mpmath.fsum(row) - 1) < mpf(10) ** -30  # each prediction is a distribution
    loss = -mpmath.fsum(ln(row[digit]) for digit, row in rows) / 4
    assert rounded(loss, 4) == "0.3965"
    assert rounded(-ln(mpf("0.7")), 4) == "0.3567"
    assert _approx_values(_derivation("ce_loss", "Handwritten digits: the batch")) == ["0.3965"]
    assert _approx_values(_derivation("ce_loss", "Digit 5")) == ["0.3567"]


# ---------------------------------------------------------------- handout 001: BCE in bits


def test_label_and_prediction_entropy_in_bits() -> None:
    prediction = -(mpf("0.6") * log2("0.6")) - mpf("0.4") * log2("0.4")
    assert rounded(prediction, 3) == "0.971"
    assert rounded(-log2("0.6"), 3) == "0.737" and rounded(-log2("0.4"), 3) == "1.322"
    derivation = _derivation("ce_loss", "The prediction is uncertain")
    assert str(derivation.end) == "0.971"


@pytest.mark.parametrize(
    ("prediction", "bits"), [("0.6", "0.737"), ("0.9", "0.152"), ("0.3", "1.737")]
)
def test_the_three_bce_examples(prediction: str, bits: str) -> None:
    y = 1
    value = -(y * log2(prediction) + (1 - y) * log2(1 - mpf(prediction)))
    assert rounded(value, 3) == bits
    (derivation,) = [
        d
        for d in load("ce_loss").chains
        if "H(Y, \\hat{Y})" in str(d.title) and f"{prediction}:" in str(d.title)
    ]
    assert str(derivation.end) == bits
    assert derivation.check().holds


def test_the_minibatch_of_the_three_examples() -> None:
    mean = -(log2("0.6") + log2("0.9") + log2("0.3")) / 3
    assert rounded(mean, 3) == "0.875"
    assert _approx_values(_derivation("ce_loss", "The three predictions"))[-1] == "0.875"


def test_bernoulli_mle_is_the_frequency() -> None:
    # the loss H_b(0.7, theta) is smallest at 0.7 (a grid search in mpmath, not calculus)
    grid = [mpf(k) / 1000 for k in range(1, 1000)]
    best = min(grid, key=lambda t: -(mpf("0.7") * ln(t) + mpf("0.3") * ln(1 - t)))
    assert best == mpf("0.7")
    value = -(mpf("0.7") * ln(mpf("0.7")) + mpf("0.3") * ln(mpf("0.3")))
    assert rounded(value, 3) == "0.611"


# ---------------------------------------------------------------- handout 004: softmax, MC, MLE


def test_the_softmax_example_and_the_handouts_slip() -> None:
    e = [mpmath.exp(mpf(x)) for x in ("0.9", "1.2", "-0.4")]
    assert [rounded(v, 2) for v in e] == ["2.46", "3.32", "0.67"]
    assert rounded(mpmath.fsum(e), 2) == "6.45"
    probabilities = [v / mpmath.fsum(e) for v in e]
    assert [rounded(v, 2) for v in probabilities] == ["0.38", "0.51", "0.10"]  # not 0.52
    assert rounded(probabilities[1], 4) == "0.5147"
    assert rounded(-ln(probabilities[1]), 2) == "0.66"
    assert rounded(ln(1 / mpf("0.52")), 4) == "0.6539"  # the handout's log 1/0.52 is 0.65
    assert str(_derivation("softmax_ce_gradient", "The denominator").end) == "6.45"
    assert _approx_values(_derivation("softmax_ce_gradient", "Class 2")) == ["0.5147"]
    assert _approx_values(_derivation("softmax_ce_gradient", "The handout's loss")) == ["0.6539"]


def test_the_monte_carlo_draws_are_the_seeded_ones() -> None:
    module = _module("expectation_mle")
    rng = np.random.default_rng(2022)
    p = [0.5, 0.25, 0.125, 0.125]
    for size, counts in module.DRAWS.items():
        draw = rng.choice(4, size=size, p=p)
        if size == 10:
            assert list(draw + 1) == module.FIRST_TEN
        assert list(np.bincount(draw, minlength=4)) == counts


def test_the_monte_carlo_estimates_approach_the_cross_entropy() -> None:
    module = _module("expectation_mle")
    q = [mpf(v) for v in ("0.4", "0.3", "0.2", "0.1")]
    exact = -mpmath.fsum(
        mpf(a) * ln(b) for a, b in zip(("0.5", "0.25", "0.125", "0.125"), q, strict=True)
    )
    assert rounded(exact, 4) == "1.2481"
    errors = []
    for size, counts in module.DRAWS.items():
        estimate = mpmath.fsum(mpf(k) / size * -ln(b) for k, b in zip(counts, q, strict=True))
        errors.append(abs(estimate - exact))
    assert errors[-1] < errors[0] / 50  # the law of large numbers, on this seed
    assert rounded(mpmath.fsum(-ln(q[k - 1]) for k in module.FIRST_TEN) / 10, 4) == "1.1818"
    table = next(t for t in load("expectation_mle").derivations if type(t).__name__ == "Table")
    assert table.check().holds


def test_the_heights() -> None:
    heights = [
        mpf(h)
        for h in [
            "164.95",
            "165.35",
            "165.76",
            "166.16",
            "167.78",
            "168.99",
            "169.80",
            "170.20",
            "171.82",
            "172.63",
        ]
    ]
    mean = mpmath.fsum(heights) / 10
    assert mean == mpf("168.344")
    spread = mpmath.sqrt(mpmath.fsum((h - mean) ** 2 for h in heights) / 10)
    assert rounded(spread, 3) == "2.621"
    assert str(_derivation("expectation_mle", "The estimate for the heights").end) == "168.344"


def test_continuous_entropies_against_quadrature() -> None:
    lam = mpf(3)
    exponential = mpmath.quad(
        lambda x: -lam * mpmath.exp(-lam * x) * ln(lam * mpmath.exp(-lam * x)), [0, mpmath.inf]
    )
    assert abs(exponential - (1 - ln(lam))) < mpf(10) ** -20
    a = mpf("0.5")
    uniform = mpmath.quad(lambda x: (1 / a) * ln(a), [0, a])
    assert abs(uniform - ln(a)) < mpf(10) ** -30 and uniform < 0
    x = sp.Symbol("x", real=True)
    derivation = _derivation("expectation_mle", "Continuous entropy: the exponential")
    end = derivation.end.subs(sp.Symbol("lambda", positive=True), 3)
    assert abs(float(end) - float(1 - ln(lam))) < 1e-12
    assert x not in derivation.end.free_symbols
