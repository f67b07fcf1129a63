"""Steps written as LaTeX: read by symxent's reader, bound to the chain's names, still checked."""

from __future__ import annotations

import pytest
import sympy as sp

from symxent import (
    CrossEntropy,
    Derivation,
    Distribution,
    Entropy,
    KLDivergence,
    Logits,
    OneHot,
    Softmax,
    class_index,
)
from symxent.check import Status
from symxent.errors import DerivationError

UNIT = sp.Interval.open(0, 1)


def test_a_written_step_is_shown_as_written_and_proved() -> None:
    p = sp.Symbol("p")
    d = (
        Derivation(sp.Derivative(-p * sp.log(p) - (1 - p) * sp.log(1 - p), p), where={p: UNIT})
        .eq(r"-\log p - 1 + \log(1 - p) + 1", "product rule")
        .eq(r"\log\frac{1-p}{p}", "collect the logs")
    )
    report = d.check()
    assert [r.verdict.status for r in report.results] == [Status.PROVED, Status.PROVED]
    rows = d.latex_lines()
    assert "-\\log p - 1 + \\log(1 - p) + 1" in rows[0]
    assert rows[1].split("&")[1].strip() == "= \\log\\frac{1-p}{p}"
    # the written p is the chain's own symbol (no assumptions), not the reader's default
    assert d.steps[1].expr.free_symbols == {p}


@pytest.mark.parametrize(
    "wrong",
    [
        r"\log\frac{p}{1-p}",  # swapped
        r"-\log\frac{1-p}{p}",  # sign flip
        r"\log_2\frac{1-p}{p}",  # changed base
        r"\log\frac{1-p}{2p}",  # perturbed constant
        r"\log(1-p)",  # dropped term
    ],
)
def test_a_wrong_written_step_is_refuted(wrong: str) -> None:
    p = sp.Symbol("p")
    d = Derivation(sp.log(1 - p) - sp.log(p), where={p: UNIT}).eq(wrong, "collect")
    assert d.check().results[0].verdict.status is Status.REFUTED


def test_written_vectors_bind_to_the_chains_vectors() -> None:
    p, q = Distribution("p", "n"), Distribution("q", "n")
    d = (
        Derivation(KLDivergence(p, q))
        .eq(p.sum(lambda i: p[i] * sp.log(p[i] / q[i])), "definition")
        .eq(r"-H(p) + H(p, q)", "recognise")
    )
    assert d.steps[-1].expr == -Entropy(p) + CrossEntropy(p, q)
    assert d.check().holds


def test_a_one_hot_vector_keeps_its_role() -> None:
    k = class_index("k", "n")
    p, q = OneHot("p", "n", k), Distribution("q", "n")
    d = Derivation(CrossEntropy(p, q)).eq(r"-\log q_k", "only class $k$ contributes")
    assert d.steps[0].expr == -sp.log(q[k])
    assert d.check().holds


def test_written_entries_of_an_explicit_vector_take_its_values() -> None:
    z = Logits("z", values=["0.9", "1.2", "-0.4"])
    d = (
        Derivation(-sp.log(Softmax(z, 2)))
        .eq(r"-\log \frac{e^{z_2}}{e^{z_1} + e^{z_2} + e^{z_3}}", "definition")
        .approx("0.6641", "in nats")
    )
    assert d.check().holds
    assert d.steps[0].expr.free_symbols == set()


def test_unreadable_latex_is_a_clear_error_naming_the_step() -> None:
    with pytest.raises(DerivationError, match=r"step 2: cannot read .*never evaluated"):
        Derivation(sp.Integer(1)).eq(1).eq(r"1 + \nosuchcommand{2}", "broken")


def test_a_written_step_cannot_read_files() -> None:
    with pytest.raises(DerivationError, match=r"\\input is not allowed"):
        Derivation(sp.Integer(1)).eq(r"1 + 0\text{\input{/etc/hostname}}")
