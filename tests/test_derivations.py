"""Every built-in derivation checks, and every step is *proved* except a few that cannot be.

These steps are inequalities no symbolic strategy of symxent closes, so they are (and must stay
no worse than) confirmed by sampling: Jensen's step ``E[-log q_c] >= -log E[q_c]``, Gibbs'
inequality ``log n - D_KL(p || u) <= log n``, and ``e^{-CE} <= e^{log P(X = Y)}``; and in the
catalogue's chapters Jensen's step in Gibbs' inequality, the log-sum inequality, the two bounds of
log-sum-exp and ``log r <= r - 1``. They are recognised by their mathematics, not by their titles, so rewording a slide does not hide a
step that lost its proof.
"""

from __future__ import annotations

import pytest
import sympy as sp

from symxent import (
    CrossEntropy,
    Distribution,
    Expectation,
    KLDivergence,
    Logits,
    LogSumExp,
    MatchProbability,
    Probabilities,
    Uniform,
    summation_index,
)
from symxent.catalogue import builtin_names
from symxent.check import Status
from symxent.quantities.reductions import Maximum
from symxent.relations import Relation
from symxent.topic import TopicReport

TOPICS = [
    "entropy",
    "expectation_mle",
    "kl_identity",
    "ce_loss",
    "softmax_ce_gradient",
    "jensen_bound",
    "information_theory",
    "ml_losses",
]

p, q, u = Distribution("p", "n"), Distribution("q", "n"), Uniform("u", "n")
c = summation_index("c")
a, b = Probabilities("a", "n"), Probabilities("b", "n")
z = Logits("z", "n")
_i = summation_index("i")
_top = Maximum(z[_i], (_i, 1, z.n))
_l1, _l2 = sp.symbols("lambda_1 lambda_2", positive=True)
_r = _l2 / _l1

# (lhs, relation, rhs) of the steps that are by nature only confirmed
ONLY_CONFIRMED = {
    "Jensen's step": (
        Expectation(p, -sp.log(q[c]), c),
        Relation.GE,
        -sp.log(Expectation(p, q[c], c)),
    ),
    "Gibbs' inequality": (sp.log(p.n) - KLDivergence(p, u), Relation.LE, sp.log(p.n)),
    "e^{-CE} <= P(X = Y)": (
        sp.exp(-CrossEntropy(p, q)),
        Relation.LE,
        sp.exp(sp.log(MatchProbability(p, q)), evaluate=False),
    ),
    # the catalogue's chapters (issue 13): Jensen for log, the log-sum inequality, the bounds of
    # log-sum-exp and log r <= r - 1 are sampled, not proved
    "Jensen in Gibbs' inequality": (
        -p.sum(lambda i: p[i] * sp.log(q[i] / p[i])),
        Relation.GE,
        -sp.log(p.sum(lambda i: p[i] * (q[i] / p[i]))),
    ),
    "the log-sum inequality": (
        a.sum(lambda i: a[i] * sp.log(a[i] / b[i])),
        Relation.GE,
        a.sum(lambda i: a[i]) * sp.log(a.sum(lambda i: a[i]) / b.sum(lambda i: b[i])),
    ),
    "max z <= LSE(z)": (_top, Relation.LE, LogSumExp(z)),
    "LSE(z) <= max z + log n": (LogSumExp(z), Relation.LE, _top + sp.log(z.n)),
    "log r <= r - 1": (_r - 1 - sp.log(_r), Relation.GE, sp.Integer(0)),
}


def _steps(report: TopicReport):
    for derivation in report.reports:
        for result in derivation.results:
            yield derivation.derivation.title, result


def test_the_built_in_topics_are_found() -> None:
    assert sorted(builtin_names()) == sorted(TOPICS)


@pytest.mark.parametrize("name", TOPICS)
def test_every_step_of_the_topic_holds(name: str, checked_topics: dict[str, TopicReport]) -> None:
    report = checked_topics[name]
    assert report.holds, report.failure_message()
    assert all(derivation.results for derivation in report.reports)
    assert set(report.counts()) <= {"proved", "rounded", "confirmed"}


@pytest.mark.parametrize("name", TOPICS)
def test_every_step_is_proved_except_the_known_ones(
    name: str, checked_topics: dict[str, TopicReport]
) -> None:
    expected = set(ONLY_CONFIRMED.values())
    for title, result in _steps(checked_topics[name]):
        step = (result.lhs, result.step.relation, result.step.expr)
        if step in expected:
            assert result.verdict.status is Status.CONFIRMED, f"{title}: {result.describe()}"
            assert result.verdict.samples > 0
        elif result.step.relation is Relation.APPROX:
            # a stated decimal holds to its printed digits; "proved" is for exact steps only
            assert result.verdict.status is Status.ROUNDED, f"{title}: {result.describe()}"
        else:
            assert result.verdict.status is Status.PROVED, f"{title}: {result.describe()}"


def test_the_known_ones_occur_exactly_once(
    checked_topics: dict[str, TopicReport],
) -> None:
    found = [
        (result.lhs, result.step.relation, result.step.expr)
        for report in checked_topics.values()
        for _, result in _steps(report)
        if result.verdict.status not in (Status.PROVED, Status.ROUNDED)
    ]
    assert sorted(map(str, found)) == sorted(map(str, ONLY_CONFIRMED.values()))
