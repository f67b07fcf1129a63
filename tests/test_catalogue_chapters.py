"""The information-theory chapter and the ML additions: every step holds, numbers by mpmath.

The symbolic steps are judged by symxent; what is checked here independently is their content
on explicit instances: the chain rule and the forms of mutual information on a joint pmf written
out below (mpmath, straight from the definitions), the temperature table, the perplexity, the
label-smoothing and distillation gradients by finite differences, and the log-sum-exp bounds.
"""

from __future__ import annotations

import itertools

import mpmath
import pytest

from symxent.catalogue import builtin_names, load
from symxent.check import Status
from symxent.table import Table
from symxent.topic import TopicReport

mpmath.mp.dps = 40
mpf, ln, exp = mpmath.mpf, mpmath.log, mpmath.exp

CHAPTERS = ["information_theory", "ml_losses"]


@pytest.mark.parametrize("name", CHAPTERS)
def test_the_chapter_is_registered_and_every_step_holds(
    name: str, checked_topics: dict[str, TopicReport]
) -> None:
    assert name in builtin_names()
    report = checked_topics[name]
    assert report.holds, report.failure_message()
    statuses = {r.verdict.status for d in report.reports for r in d.results}
    assert statuses <= {Status.PROVED, Status.ROUNDED, Status.CONFIRMED}


# ---------------------------------------------------------------- a joint pmf, by hand

JOINT = [
    [mpf("0.30"), mpf("0.05"), mpf("0.15")],
    [mpf("0.10"), mpf("0.25"), mpf("0.15")],
]


def _h(values: list[mpmath.mpf]) -> mpmath.mpf:
    return -mpmath.fsum(v * ln(v) for v in values if v > 0)


def test_chain_rule_and_mutual_information_on_a_joint_pmf() -> None:
    px = [mpmath.fsum(row) for row in JOINT]
    py = [mpmath.fsum(col) for col in zip(*JOINT, strict=True)]
    hxy = _h([v for row in JOINT for v in row])
    h_y_given_x = -mpmath.fsum(
        JOINT[i][j] * ln(JOINT[i][j] / px[i]) for i in range(2) for j in range(3)
    )
    h_x_given_y = -mpmath.fsum(
        JOINT[i][j] * ln(JOINT[i][j] / py[j]) for i in range(2) for j in range(3)
    )
    mi = mpmath.fsum(
        JOINT[i][j] * ln(JOINT[i][j] / (px[i] * py[j])) for i in range(2) for j in range(3)
    )
    assert abs(hxy - (_h(px) + h_y_given_x)) < mpf(10) ** -30  # chain rule
    for form in (_h(px) - h_x_given_y, _h(py) - h_y_given_x, _h(px) + _h(py) - hxy):
        assert abs(mi - form) < mpf(10) ** -30
    assert mi > 0 and h_x_given_y < _h(px)  # conditioning reduces entropy here
    assert hxy <= _h(px) + _h(py) <= ln(2) + ln(3)


def test_log_sum_inequality_on_random_positive_numbers() -> None:
    mpmath.mp.dps = 40
    rng = mpmath.rand
    for _ in range(50):
        n = 1 + int(rng() * 6)
        a = [mpf(10) * rng() + mpf("0.001") for _ in range(n)]
        b = [mpf(10) * rng() + mpf("0.001") for _ in range(n)]
        left = mpmath.fsum(x * ln(x / y) for x, y in zip(a, b, strict=True))
        right = mpmath.fsum(a) * ln(mpmath.fsum(a) / mpmath.fsum(b))
        assert left >= right - mpf(10) ** -30


# ---------------------------------------------------------------- ML additions


def _softmax(z: list[mpmath.mpf]) -> list[mpmath.mpf]:
    total = mpmath.fsum(exp(v) for v in z)
    return [exp(v) / total for v in z]


def test_the_temperature_table_against_mpmath() -> None:
    (table,) = [b for b in load("ml_losses").derivations if isinstance(b, Table)]
    report = table.check()
    assert report.holds
    logits = [mpf("0.9"), mpf("1.2"), mpf("-0.4")]
    for temperature in ("0.1", "0.5", "1", "2", "10", "100"):
        probabilities = _softmax([v / mpf(temperature) for v in logits])
        assert abs(mpmath.fsum(probabilities) - 1) < mpf(10) ** -30
    # sharp at T = 0.1, nearly uniform at T = 100
    assert _softmax([v / mpf("0.1") for v in logits])[1] > mpf("0.95")
    assert all(abs(p - mpf(1) / 3) < mpf("0.005") for p in _softmax([v / 100 for v in logits]))


def test_perplexity_of_the_handouts_prediction() -> None:
    p = [mpf("0.4"), mpf("0.3"), mpf("0.2"), mpf("0.1")]
    assert mpmath.nstr(exp(_h(p)), 4) == "3.596"
    assert abs(exp(ln(4)) - 4) < mpf(10) ** -30


def _grad(f, z: list[mpmath.mpf], k: int) -> mpmath.mpf:
    return mpmath.diff(lambda t: f([*z[:k], t, *z[k + 1 :]]), z[k])


def test_label_smoothing_and_distillation_gradients_by_differentiation() -> None:
    z = [mpf("0.9"), mpf("1.2"), mpf("-0.4"), mpf("2.0")]
    y = [0, 1, 0, 0]
    n, eps = len(z), mpf("0.1")

    def smoothed(v: list[mpmath.mpf]) -> mpmath.mpf:
        q = _softmax(v)
        return -mpmath.fsum(((1 - eps) * y[i] + eps / n) * ln(q[i]) for i in range(n))

    teacher = _softmax([mpf("0.2"), mpf("1.0"), mpf("-1.0"), mpf("0.5")])
    temperature = mpf(3)

    def distilled(v: list[mpmath.mpf]) -> mpmath.mpf:
        q = _softmax([x / temperature for x in v])
        return -(temperature**2) * mpmath.fsum(teacher[i] * ln(q[i]) for i in range(n))

    q = _softmax(z)
    soft = _softmax([x / temperature for x in z])
    for k in range(n):
        assert abs(_grad(smoothed, z, k) - (q[k] - (1 - eps) * y[k] - eps / n)) < mpf(10) ** -20
        assert abs(_grad(distilled, z, k) - temperature * (soft[k] - teacher[k])) < mpf(10) ** -20


@pytest.mark.parametrize("z", list(itertools.product(["-3", "0", "0.9", "1.2", "5"], repeat=3)))
def test_log_sum_exp_lies_between_max_and_max_plus_log_n(z: tuple[str, ...]) -> None:
    values = [mpf(v) for v in z]
    lse = ln(mpmath.fsum(exp(v) for v in values))
    slack = mpf(10) ** -30  # equality on the right when all logits are equal
    assert max(values) <= lse <= max(values) + ln(len(values)) + slack
    shifted = ln(mpmath.fsum(exp(v + 7) for v in values))
    assert abs(shifted - (lse + 7)) < mpf(10) ** -30


def test_focal_loss_gradient_by_differentiation() -> None:
    for gamma in (mpf(0), mpf(2), mpf("0.5")):
        for p in (mpf("0.1"), mpf("0.5"), mpf("0.9")):
            numeric = mpmath.diff(lambda t, g=gamma: -((1 - t) ** g) * ln(t), p)
            formula = gamma * (1 - p) ** (gamma - 1) * ln(p) - (1 - p) ** gamma / p
            assert abs(numeric - formula) < mpf(10) ** -20


# ---------------------------------------------------------------- the chain rule for KL


def test_kl_chain_rule_on_two_joint_pmfs() -> None:
    p = [[mpf("0.30"), mpf("0.05"), mpf("0.15")], [mpf("0.10"), mpf("0.25"), mpf("0.15")]]
    q = [[mpf("0.10"), mpf("0.20"), mpf("0.20")], [mpf("0.25"), mpf("0.05"), mpf("0.20")]]
    px, qx = [mpmath.fsum(r) for r in p], [mpmath.fsum(r) for r in q]
    cells = list(itertools.product(range(2), range(3)))
    joint = mpmath.fsum(p[i][j] * ln(p[i][j] / q[i][j]) for i, j in cells)
    marginal = mpmath.fsum(px[i] * ln(px[i] / qx[i]) for i in range(2))
    conditional = mpmath.fsum(p[i][j] * ln((p[i][j] / px[i]) / (q[i][j] / qx[i])) for i, j in cells)
    assert abs(joint - (marginal + conditional)) < mpf(10) ** -30
    assert conditional > 0 and joint > marginal  # here the conditionals differ too


def _row_arrays():
    import sympy as sp

    from symxent import Distribution
    from symxent.distributions import summation_index

    n, m = sp.symbols("n m", integer=True, positive=True)
    label = Distribution.label_class("b", **Distribution.assumptions)
    b = sp.IndexedBase(label, shape=(n, m))
    return sp, b, n, m, summation_index("x"), summation_index("y")


def test_each_row_of_a_row_distribution_sums_to_one_and_nothing_more() -> None:
    from symxent.check import check_claim

    sp, b, n, m, x, y = _row_arrays()
    # summed over its column index, every row gives 1 (the fact the KL chain rule uses) ...
    assert check_claim(sp.Sum(sp.Sum(b[x, y], (y, 1, m)), (x, 1, n)), "=", n).short == "proved"
    # ... but a column sum, a diagonal and a partial row are not 1
    for wrong in (
        sp.Sum(sp.Sum(b[x, y], (x, 1, n)), (y, 1, m)) - m,  # columns: sums to n, not m
        sp.Sum(b[y, y], (y, 1, m)) - 1,
        sp.Sum(sp.Sum(b[x, y], (y, 1, m - 1)), (x, 1, n)) - n,
    ):
        assert check_claim(wrong, "=", 0).short in {"refuted", "unknown"}, wrong


@pytest.mark.parametrize("temperature", ["0.01", "0.1", "1", "10", "1000"])
def test_temperature_bounds_and_their_limits(temperature: str) -> None:
    z = [mpf("0.9"), mpf("1.2"), mpf("-0.4")]
    t, n, top = mpf(temperature), len(z), max(z)
    s = _softmax([v / t for v in z])
    for j in range(n):
        assert s[j] >= exp(-(top - z[j]) / t) / n  # the T -> oo bound
        for k in range(n):
            assert s[j] <= exp(-(z[k] - z[j]) / t) + mpf(10) ** -35  # the T -> 0 bound
    if t <= mpf("0.01"):  # cold: one-hot on the arg max (class 2)
        assert s[1] > 1 - mpf(10) ** -10
    if t >= 1000:  # hot: uniform
        assert all(abs(v - mpf(1) / 3) < mpf("0.001") for v in s)


# ---------------------------------------------------------------- Markov chains

MARKOV_A = [mpf("0.2"), mpf("0.5"), mpf("0.3")]
MARKOV_B = [  # p(y | x), 3 x 2
    [mpf("0.9"), mpf("0.1")],
    [mpf("0.3"), mpf("0.7")],
    [mpf("0.5"), mpf("0.5")],
]
MARKOV_C = [[mpf("0.6"), mpf("0.3"), mpf("0.1")], [mpf("0.2"), mpf("0.2"), mpf("0.6")]]


def _mutual(joint: dict[tuple[int, int], mpmath.mpf]) -> mpmath.mpf:
    left: dict[int, mpmath.mpf] = {}
    right: dict[int, mpmath.mpf] = {}
    for (i, j), v in joint.items():
        left[i] = left.get(i, mpf(0)) + v
        right[j] = right.get(j, mpf(0)) + v
    return mpmath.fsum(v * ln(v / (left[i] * right[j])) for (i, j), v in joint.items())


def test_data_processing_and_the_markov_property_on_a_chain() -> None:
    cells = list(itertools.product(range(3), range(2), range(3)))
    p = {(x, y, z): MARKOV_A[x] * MARKOV_B[x][y] * MARKOV_C[y][z] for x, y, z in cells}
    assert abs(mpmath.fsum(p.values()) - 1) < mpf(10) ** -30
    xy: dict[tuple[int, int], mpmath.mpf] = {}
    xz: dict[tuple[int, int], mpmath.mpf] = {}
    for (x, y, z), v in p.items():
        xy[x, y] = xy.get((x, y), mpf(0)) + v
        xz[x, z] = xz.get((x, z), mpf(0)) + v
    assert _mutual(xy) > _mutual(xz) > 0  # I(X; Y) >= I(X; Z), strictly here
    py = {y: mpmath.fsum(v for (_, b, _), v in p.items() if b == y) for y in range(2)}
    pyz = {
        (y, z): mpmath.fsum(v for (_, b, c), v in p.items() if (b, c) == (y, z))
        for y in range(2)
        for z in range(3)
    }
    given_y = mpmath.fsum(v * ln(v * py[y] / (xy[x, y] * pyz[y, z])) for (x, y, z), v in p.items())
    assert abs(given_y) < mpf(10) ** -30  # I(X; Z | Y) = 0


def test_the_reversed_data_processing_inequality_is_refuted() -> None:
    from symxent.check import check_claim

    (step,) = [
        d
        for d in load("information_theory").derivations
        if getattr(d, "title", "").startswith("Data")
    ]
    lhs, rhs = step.start, step.end
    assert check_claim(lhs, "<=", rhs).status is Status.REFUTED
    assert check_claim(lhs, ">=", rhs).status is Status.CONFIRMED
