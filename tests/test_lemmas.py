r"""The lemma prover (symxent.check.lemmas): proofs of the classic inequalities, and soundness.

Every proof is checked against an independent evaluation (mpmath, 50 digits, at random points
of the domain): a claim the lemmas prove must hold there. The mutation tests make wrong variants
that drop one hypothesis of a lemma (a concave function where Jensen needs a convex one, weights
that do not sum to 1, negative weights, a reversed inequality, a shifted equality point); each
variant is first shown false by evaluation, then the lemma prover must not prove it.
"""

from __future__ import annotations

import random

import mpmath
import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symxent import (
    CrossEntropy,
    Distribution,
    Entropy,
    KLDivergence,
    Logits,
    PositiveVector,
    Probabilities,
    RealVector,
)
from symxent.check import check_claim
from symxent.check.lemmas import prove_by_lemmas
from symxent.quantities.reductions import Maximum, Minimum
from symxent.relations import Relation

P, Q = Distribution("p", "n"), Distribution("q", "n")
X = sp.Symbol("x", positive=True)
A = sp.Symbol("a", positive=True)
T = sp.Symbol("t", real=True)
WORK = 60.0
"""Seconds a lemma search may take here: it is bounded by its number of lemma applications, so
the same claim gets the same answer on a loaded machine."""
POSITIVE = {X: sp.Interval.open(0, sp.oo), A: sp.Interval.open(0, sp.oo)}


def _sample(vector_kind: str, n: int, rng: random.Random) -> list[mpmath.mpf]:
    """Entries for a vector of the given kind (exact at 50 digits)."""
    if vector_kind == "simplex":
        raw = [mpmath.mpf(rng.random()) + mpmath.mpf("1e-6") for _ in range(n)]
        total = sum(raw)
        return [r / total for r in raw]
    if vector_kind == "unit":
        return [
            mpmath.mpf(rng.random()) * mpmath.mpf("0.98") + mpmath.mpf("0.01") for _ in range(n)
        ]
    if vector_kind == "positive":
        return [mpmath.mpf(rng.uniform(0.01, 5)) for _ in range(n)]
    return [mpmath.mpf(rng.uniform(-3, 3)) for _ in range(n)]


def _value(
    expr: sp.Basic,
    n: int,
    values: dict[sp.Basic, list[mpmath.mpf]],
    scalars: dict[sp.Symbol, mpmath.mpf],
) -> mpmath.mpf:
    """``expr`` at the point, by SymPy's own expansion and evaluation at 50 digits."""
    concrete = sp.sympify(expr).doit().xreplace({sp.Symbol("n", integer=True, positive=True): n})
    concrete = concrete.doit()
    mapping: dict[sp.Basic, sp.Basic] = {}
    for indexed in concrete.atoms(sp.Indexed):
        entries = values[str(indexed.base.label)]
        mapping[indexed] = sp.Float(entries[int(indexed.indices[0]) - 1], 50)
    mapping.update({s: sp.Float(v, 50) for s, v in scalars.items()})
    return mpmath.mpf(sp.N(concrete.xreplace(mapping), 50))


def _holds(
    lhs: sp.Basic,
    relation: Relation,
    rhs: sp.Basic,
    kinds: dict[sp.Basic, str],
    seed: int,
    points: int = 12,
) -> bool:
    """Whether the claim holds at ``points`` random points (mpmath, 50 digits)."""
    rng = random.Random(seed)
    with mpmath.workdps(50):
        for _ in range(points):
            n = rng.choice([1, 2, 3, 5])
            values = {
                label: _sample(kind, n, rng)
                for label, kind in kinds.items()
                if not isinstance(label, sp.Symbol)
            }
            scalars = {
                s: mpmath.mpf(rng.uniform(-6, 6) if kind == "r" else rng.uniform(0.05, 6))
                for s, kind in kinds.items()
                if isinstance(s, sp.Symbol)
            }
            difference = _value(lhs, n, values, scalars) - _value(rhs, n, values, scalars)
            if relation.direction * difference < -mpmath.mpf("1e-40"):
                return False
    return True


# ----------------------------------------------------------------- the classic inequalities

TRUE_CLAIMS = [
    (
        "KL >= 0",
        KLDivergence(P, Q),
        ">=",
        0,
        "log x ≤ x − 1, summed over i",
        "p_i = q_i for every i",
    ),
    (
        "CE >= H",
        CrossEntropy(P, Q),
        ">=",
        Entropy(P),
        "log x ≤ x − 1, summed over i",
        "p_i = q_i for every i",
    ),
    (
        "H <= log n",
        Entropy(P),
        "<=",
        sp.log(P.n),
        "log x ≤ x − 1, summed over i",
        "n*p_i = 1 for every i",
    ),
    ("log x <= x - 1", sp.log(X), "<=", X - 1, "log x ≤ x − 1", "x = 1"),
    ("log x >= 1 - 1/x", sp.log(X), ">=", 1 - 1 / X, "log x ≤ x − 1", "x = 1"),
    ("log(1 + x) <= x", sp.log(1 + X), "<=", X, "log x ≤ x − 1", "x + 1 = 1"),
    ("tangent at a", sp.log(X), "<=", X / A - 1 + sp.log(A), "log x ≤ x − 1", "x = a"),
    (
        "Jensen, log",
        sp.log(P.sum(lambda i: P[i] * Q[i])),
        ">=",
        P.sum(lambda i: P[i] * sp.log(Q[i])),
        "Jensen (log(x) concave)",
        "",
    ),
    (
        "Jensen, exp",
        sp.exp(-CrossEntropy(P, Q)),
        "<=",
        P.sum(lambda i: P[i] * Q[i]),
        "Jensen (exp(x) convex)",
        "",
    ),
    (
        "H >= -log sum p^2",
        Entropy(P),
        ">=",
        -sp.log(P.sum(lambda i: P[i] ** 2)),
        "Jensen (log(x) concave)",
        "",
    ),
    ("H >= 0", Entropy(P), ">=", 0, "a sum of non-negative terms is non-negative", ""),
    ("CE >= 0", CrossEntropy(P, Q), ">=", 0, "a sum of non-negative terms is non-negative", ""),
]


@pytest.mark.parametrize(
    ("name", "lhs", "relation", "rhs", "method", "equality"),
    TRUE_CLAIMS,
    ids=[c[0] for c in TRUE_CLAIMS],
)
def test_a_classic_inequality_is_proved_by_its_lemma(name, lhs, relation, rhs, method, equality):
    relation = Relation.parse(relation)
    proof = prove_by_lemmas(lhs, relation, rhs, where=POSITIVE, seconds=WORK)
    assert proof is not None, name
    assert method in proof.method
    assert proof.equality == equality
    # independent check: the claim holds at random points (mpmath, 50 digits)
    assert _holds(lhs, relation, rhs, {"p": "simplex", "q": "simplex", X: "s", A: "s"}, 1)


def test_the_log_sum_inequality_is_proved_by_its_lemma():
    a, b = PositiveVector("a", "n"), PositiveVector("b", "n")
    total_a, total_b = a.sum(lambda i: a[i]), b.sum(lambda i: b[i])
    lhs = a.sum(lambda i: a[i] * sp.log(a[i] / b[i]))
    rhs = total_a * sp.log(total_a / total_b)
    proof = prove_by_lemmas(lhs, Relation.GE, rhs, where={}, seconds=WORK)
    assert proof is not None and proof.method == "log-sum inequality"
    assert _holds(lhs, Relation.GE, rhs, {"a": "positive", "b": "positive"}, 2)


def test_the_certificate_reaches_the_verdict():
    verdict = check_claim(KLDivergence(P, Q), ">=", 0, reason="Gibbs")
    assert str(verdict).startswith("proved (log x ≤ x − 1, summed over i)")
    assert verdict.certificate[0].startswith("1. log x ≤ x − 1, summed over i: at p_i/q_i > 0")
    assert verdict.certificate[-1] == "equality exactly when p_i = q_i for every i"


CATALOGUE_STEPS = [
    ("entropy", "Entropy is at most", 4, "log x ≤ x − 1, summed over i"),
    ("expectation_mle", "Their KL divergence is never negative", 2, "log x ≤ x − 1"),
    ("information_theory", "Gibbs' inequality", 2, "Jensen (log(x) concave)"),
    ("information_theory", "The log-sum inequality", 1, "log-sum inequality"),
    ("jensen_bound", "Cross-entropy is at least", 4, "Jensen (log(x) concave)"),
    ("jensen_bound", "Hence", 1, "Jensen (exp(x) convex)"),
    (
        "ml_losses",
        "Log-sum-exp is a smooth maximum",
        1,
        "a sum of non-negative terms is at least any one of them",
    ),
    ("ml_losses", "Log-sum-exp is a smooth maximum", 2, "each term is at most the largest"),
    ("entropy", "Only the uniform distribution", 2, "log x ≤ x − 1, summed over i"),
    ("information_theory", "Equality only for", 2, "log x ≤ x − 1, summed over i"),
]
EQUALITY_CASES = {
    "Entropy is at most": "equality exactly when n*p_i = 1 for every i",
    "Only the uniform distribution": "equality exactly when n*p_i = 1 for every i",
    "Equality only for": "equality exactly when p_i = q_i for every i",
    "Their KL divergence is never negative": "equality exactly when lambda_2 = lambda_1",
}


@pytest.mark.parametrize(("topic", "title", "number", "method"), CATALOGUE_STEPS)
def test_the_catalogue_inequalities_are_proved(topic, title, number, method):
    from symxent.catalogue import load

    loaded = load(topic)
    derivation = next(d for d in loaded.chains if str(getattr(d, "title", "")).startswith(title))
    result = derivation.check().results[number - 1]
    assert result.verdict.short == "proved", str(result.verdict)
    assert result.verdict.method == method
    assert result.verdict.certificate
    # the equality case, where the lemma gives one exactly (KL = 0 iff p = q, H = log n iff
    # uniform), is part of the certificate
    if title in EQUALITY_CASES:
        assert result.verdict.certificate[-1] == EQUALITY_CASES[title]


Z = Logits("z", "n")
W = PositiveVector("w", "n")


def _maximum(vector):
    i = sp.Symbol("i", integer=True)
    return Maximum(vector[i], (i, 1, vector.n))


def _minimum(vector):
    i = sp.Symbol("i", integer=True)
    return Minimum(vector[i], (i, 1, vector.n))


def _lse(vector):
    return sp.log(vector.sum(lambda i: sp.exp(vector[i])))


# claims about extremes, AM-GM, the triangle inequality and Jensen with equal weights:
# (name, lhs, relation, rhs, method, kinds); each is checked at random points too
MORE_TRUE = [
    (
        "e^{-CE in bits} <= P(X = Y)",
        sp.exp(-CrossEntropy(P, Q, base=2)),
        "<=",
        P.sum(lambda i: P[i] * Q[i]),
        "exp and log are increasing",
        {"p": "simplex", "q": "simplex"},
    ),
    (
        "LSE >= max",
        _lse(Z),
        ">=",
        _maximum(Z),
        "a sum of non-negative terms is at least any one of them",
        {"z": "real"},
    ),
    (
        "LSE <= max + log n",
        _lse(Z),
        "<=",
        _maximum(Z) + sp.log(Z.n),
        "each term is at most the largest",
        {"z": "real"},
    ),
    ("max p >= 1/n", _maximum(P), ">=", 1 / P.n, "the max is at least the mean", {"p": "simplex"}),
    ("min p <= 1/n", _minimum(P), "<=", 1 / P.n, "the min is at most the mean", {"p": "simplex"}),
    (
        "H >= -log max p",
        Entropy(P),
        ">=",
        -sp.log(_maximum(P)),
        "each entry is at most the max, summed over i",
        {"p": "simplex"},
    ),
    (
        "sum sqrt(pq) <= 1",
        P.sum(lambda i: sp.sqrt(P[i] * Q[i])),
        "<=",
        1,
        "weighted AM–GM, summed over i",
        {"p": "simplex", "q": "simplex"},
    ),
    (
        "sum |p - q| <= 2",
        P.sum(lambda i: sp.Abs(P[i] - Q[i])),
        "<=",
        2,
        "triangle inequality, summed over i",
        {"p": "simplex", "q": "simplex"},
    ),
    (
        "sum p^2 >= 1/n",
        P.sum(lambda i: P[i] ** 2),
        ">=",
        1 / P.n,
        "Jensen (x**2 convex)",
        {"p": "simplex"},
    ),
    (
        "softplus >= max(0, t)",
        sp.log(1 + sp.exp(T)),
        ">=",
        sp.Max(0, T),
        "max(a, b) ≤ c iff a ≤ c and b ≤ c",
        {T: "r"},
    ),
]


@pytest.mark.parametrize(
    ("name", "lhs", "relation", "rhs", "method", "kinds"),
    MORE_TRUE,
    ids=[c[0] for c in MORE_TRUE],
)
def test_more_inequalities_are_proved_by_their_lemmas(name, lhs, relation, rhs, method, kinds):
    relation = Relation.parse(relation)
    proof = prove_by_lemmas(lhs, relation, rhs, where=POSITIVE, seconds=WORK)
    assert proof is not None, name
    assert proof.method.startswith(method)
    assert _holds(lhs, relation, rhs, kinds, 5)


# wrong variants of the claims above, each with one hypothesis dropped or one thing changed:
# (name, lhs, relation, rhs, kinds); each is shown false at random points before the prover runs
MORE_FALSE = [
    (
        "e^{-CE in bits} >= P(X = Y)",
        sp.exp(-CrossEntropy(P, Q, base=2)),
        ">=",
        P.sum(lambda i: P[i] * Q[i]),
        {"p": "simplex", "q": "simplex"},
    ),
    (
        "e^{-CE / 2} <= P(X = Y), base sqrt(e): too weak a penalty",
        sp.exp(-CrossEntropy(P, Q) / 2),
        "<=",
        P.sum(lambda i: P[i] * Q[i]),
        {"p": "simplex", "q": "simplex"},
    ),
    ("LSE <= max", _lse(Z), "<=", _maximum(Z), {"z": "real"}),
    ("LSE >= max + log n", _lse(Z), ">=", _maximum(Z) + sp.log(Z.n), {"z": "real"}),
    ("LSE <= min + log n", _lse(Z), "<=", _minimum(Z) + sp.log(Z.n), {"z": "real"}),
    ("max p <= 1/n", _maximum(P), "<=", 1 / P.n, {"p": "simplex"}),
    ("min p >= 1/n", _minimum(P), ">=", 1 / P.n, {"p": "simplex"}),
    ("max w >= 1/n, w not normalised", _maximum(W), ">=", 1 / W.n, {"w": "unit"}),
    ("H <= -log max p", Entropy(P), "<=", -sp.log(_maximum(P)), {"p": "simplex"}),
    ("H >= -log min p", Entropy(P), ">=", -sp.log(_minimum(P)), {"p": "simplex"}),
    (
        "sum sqrt(pq) >= 1",
        P.sum(lambda i: sp.sqrt(P[i] * Q[i])),
        ">=",
        1,
        {"p": "simplex", "q": "simplex"},
    ),
    (
        "sum sqrt(pw) <= 1, w not normalised",
        P.sum(lambda i: sp.sqrt(P[i] * W[i])),
        "<=",
        1,
        {"p": "simplex", "w": "positive"},
    ),
    (
        "sum (pq)^(1/3) <= 1, exponents not adding to 1",
        P.sum(lambda i: (P[i] * Q[i]) ** sp.Rational(1, 3)),
        "<=",
        1,
        {"p": "simplex", "q": "simplex"},
    ),
    (
        "sum |p - q| >= 2",
        P.sum(lambda i: sp.Abs(P[i] - Q[i])),
        ">=",
        2,
        {"p": "simplex", "q": "simplex"},
    ),
    (
        "sum |p - w| <= 2, w not normalised",
        P.sum(lambda i: sp.Abs(P[i] - W[i])),
        "<=",
        2,
        {"p": "simplex", "w": "positive"},
    ),
    ("sum p^2 <= 1/n", P.sum(lambda i: P[i] ** 2), "<=", 1 / P.n, {"p": "simplex"}),
    (
        "sum sqrt(p) >= sqrt(n), concave",
        P.sum(lambda i: sp.sqrt(P[i])),
        ">=",
        sp.sqrt(P.n),
        {"p": "simplex"},
    ),
    ("sum w^2 >= 1/n, w not normalised", W.sum(lambda i: W[i] ** 2), ">=", 1 / W.n, {"w": "unit"}),
    ("softplus <= max(0, t)", sp.log(1 + sp.exp(T)), "<=", sp.Max(0, T), {T: "r"}),
    ("softplus >= max(1, t)", sp.log(1 + sp.exp(T)), ">=", sp.Max(1, T), {T: "r"}),
    ("softplus <= min(1, t)", sp.log(1 + sp.exp(T)), "<=", sp.Min(1, T), {T: "r"}),
]


@pytest.mark.parametrize(
    ("name", "lhs", "relation", "rhs", "kinds"), MORE_FALSE, ids=[c[0] for c in MORE_FALSE]
)
def test_a_wrong_variant_is_never_proved(name, lhs, relation, rhs, kinds):
    relation = Relation.parse(relation)
    assert not _holds(lhs, relation, rhs, kinds, 6, points=60), "the variant must be false"
    assert prove_by_lemmas(lhs, relation, rhs, where=POSITIVE, seconds=WORK) is None


# ----------------------------------------------------------------- mutations: soundness


def _jensen_mutant(kind: str, function: str, weight: str):
    """A Jensen claim ``Σ w f(x) R f(Σ w x)`` with one hypothesis dropped, and its vectors."""
    x = Probabilities("x", "n")
    w = {"simplex": P, "positive": PositiveVector("w", "n"), "real": RealVector("w", "n")}[weight]
    f = {
        "log": sp.log,
        "sqrt": sp.sqrt,
        "neg_exp": lambda t: -sp.exp(t),
        "exp": sp.exp,
        "square": lambda t: t**2,
        "neg_log": lambda t: -sp.log(t),
    }[function]
    concave = function in ("log", "sqrt", "neg_exp")
    outside = f(w.sum(lambda i: w[i] * x[i]))
    inside = w.sum(lambda i: w[i] * f(x[i]))
    # the true direction for a distribution: concave f(E x) >= E f(x), convex <=
    true_relation = Relation.GE if concave else Relation.LE
    relation = (
        true_relation
        if kind == "keep"
        else (Relation.LE if true_relation is Relation.GE else Relation.GE)
    )
    kinds = {
        "x": "unit",
        str(w.name): {"simplex": "simplex", "positive": "positive", "real": "real"}[weight],
    }
    return outside, relation, inside, kinds


@settings(
    max_examples=30, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(
    kind=st.sampled_from(["keep", "reverse"]),
    function=st.sampled_from(["log", "sqrt", "neg_exp", "exp", "square", "neg_log"]),
    weight=st.sampled_from(["simplex", "positive", "real"]),
)
def test_jensen_never_applies_outside_its_hypotheses(kind, function, weight):
    lhs, relation, rhs, kinds = _jensen_mutant(kind, function, weight)
    proof = prove_by_lemmas(lhs, relation, rhs, where={}, seconds=WORK)
    if kind == "keep" and weight == "simplex":
        assert proof is not None, (function, weight)  # the lemma's own case
    if proof is not None:
        assert _holds(lhs, relation, rhs, {k: v for k, v in kinds.items()}, 3, points=20)
    if kind == "reverse" or weight != "simplex":
        # a reversed Jensen (concave where convex is needed), weights that need not sum to 1 or
        # may be negative: wrong in general, so never proved
        assert proof is None, (kind, function, weight, proof)


@settings(
    max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(
    shift=st.sampled_from([sp.Rational(1, 2), sp.Rational(-1, 3), 2, sp.Rational(1, 10)]),
    mutation=st.sampled_from(["constant", "equality point", "reverse", "scale"]),
)
def test_log_bound_never_applies_outside_its_hypotheses(shift, mutation):
    # the lemma log x <= x - 1 with one thing wrong; each variant is false somewhere on x > 0
    if mutation == "constant":
        lhs, relation, rhs = sp.log(X), Relation.LE, X - 1 - abs(shift)
    elif mutation == "equality point":
        # the tangent at x = 1 + shift without its log term: wrong equality point
        lhs, relation, rhs = sp.log(X), Relation.LE, X / (1 + abs(shift)) - 1
    elif mutation == "reverse":
        lhs, relation, rhs = sp.log(X), Relation.GE, X - 1 - shift
    else:
        lhs, relation, rhs = sp.log(X), Relation.LE, (1 - abs(shift) / 3) * (X - 1)
    with mpmath.workdps(50):
        at = [mpmath.mpf(v) for v in ("0.01", "0.5", "0.9", "1", "1.01", "1.1", "1.5", "3", "20")]
        f = sp.lambdify(X, lhs - rhs, "mpmath")
        values = [f(v) * relation.direction for v in at]
    assert min(values) < 0, "the variant must be false somewhere (else it tests nothing)"
    assert prove_by_lemmas(lhs, relation, rhs, where=POSITIVE, seconds=WORK) is None


@settings(
    max_examples=30, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(
    mutation=st.sampled_from(
        ["reverse KL", "reverse CE", "unnormalised q", "negative weights", "swap H", "scaled"]
    ),
)
def test_gibbs_never_applies_outside_its_hypotheses(mutation):
    r = RealVector("r", "n")
    w = PositiveVector("w", "n")
    kinds = {"p": "simplex", "q": "simplex", "r": "real", "w": "positive"}
    if mutation == "reverse KL":
        lhs, relation, rhs = KLDivergence(P, Q), Relation.LE, 0
    elif mutation == "reverse CE":
        lhs, relation, rhs = CrossEntropy(P, Q), Relation.LE, Entropy(P)
    elif mutation == "unnormalised q":  # Σ p log(p / w) >= 0 needs Σ w <= 1
        lhs, relation, rhs = P.sum(lambda i: P[i] * sp.log(P[i] / w[i])), Relation.GE, 0
    elif mutation == "negative weights":  # Σ r log(r / q) with real r: weights may be < 0
        lhs, relation, rhs = -P.sum(lambda i: r[i] * sp.log(Q[i] / P[i])), Relation.GE, 0
    elif mutation == "swap H":
        lhs, relation, rhs = Entropy(P), Relation.GE, CrossEntropy(P, Q)
    else:  # KL >= a positive constant: the equality case p = q breaks it
        lhs, relation, rhs = KLDivergence(P, Q), Relation.GE, sp.Rational(1, 100)
    assert not _holds(lhs, relation, rhs, kinds, 4, points=40)
    assert prove_by_lemmas(lhs, relation, rhs, where={}, seconds=WORK) is None
