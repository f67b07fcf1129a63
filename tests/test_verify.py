"""``symxent verify``: one identity or inequality in LaTeX, judged like a derivation step."""

from __future__ import annotations

import json
import subprocess
import sys

import mpmath
import pytest

from symxent.errors import LatexParseError
from symxent.lecture import verify


@pytest.mark.parametrize(
    ("latex", "status"),
    [
        (r"D_{KL}(p \parallel q) = -H(p) + \mathrm{CE}(p, q)", "proved"),
        (r"H(p, q) = -\sum_x p(x) \log q(x)", "proved"),
        (r"\mathrm{CE}(p, q) = -\mathbb{E}_{x \sim p}[\log q(x)]", "proved"),
        (r"\mathrm{softmax}(z)_k = \frac{e^{z_k}}{\sum_j e^{z_j}}", "proved"),
        (r"\sigma(z) (1 - \sigma(z)) \leq \frac{1}{4}", "proved"),
        (r"\sum_{j=1}^C \hat{y}_j = 1", "proved"),
        (r"\mathrm{CE}(p, q) \geq H(p)", "proved"),  # Gibbs: log x <= x - 1, summed
        (r"KL(P || Q) \geq 0", "proved"),
        (r"e^{-\mathrm{CE}(X, Y)} \leq P(X = Y)", "proved"),  # Jensen for exp
        (r"H(p, q) \leq H(p)", "refuted"),
        (r"D_{KL}(p \parallel q) = D_{KL}(q \parallel p)", "refuted"),
        (r"\log_2 \frac{1}{0.125} = 3", "proved"),
        (r"\log 8 = 3", "refuted"),  # natural log by default: ln 8 = 2.079
    ],
)
def test_verdicts(latex: str, status: str) -> None:
    assert verify(latex).status == status


def test_refutation_carries_a_counterexample() -> None:
    result = verify(r"H(p, q) \leq H(p)")
    row = result.rows[0]
    assert row.judgement is not None
    counterexample = row.judgement.verdicts[next(iter(row.judgement.verdicts))].counterexample
    assert counterexample is not None and "p" in counterexample.point
    assert result.exit_code == 1


def test_numeric_claims_show_both_values_and_respect_the_printed_digits() -> None:
    # (1/3) ln(1/2) + (2/3) ln 2 = (1/3) ln 2 = 0.23104906...
    exact = mpmath.log(2) / 3
    result = verify(r"\frac{1}{3} \log \frac{1}{2} + \frac{2}{3} \log 2 \approx 0.231")
    assert result.status == "rounded" and result.exit_code == 0  # holds to the stated digits
    assert result.rows[0].computed == mpmath.nstr(exact, 10)
    assert (
        verify(r"\frac{1}{3} \log \frac{1}{2} + \frac{2}{3} \log 2 \approx 0.232").status
        == "refuted"
    )


def test_base_setting_and_auto() -> None:
    # -log2 0.6 = 0.73697 (rounds to 0.737); -ln 0.6 = 0.5108
    assert verify(r"-\log 0.6 = 0.737", base="2").status == "rounded"
    assert verify(r"-\log 0.6 = 0.737").status == "refuted"
    auto = verify(r"-\log 0.6 = 0.737", base="auto")
    assert auto.status == "base" and auto.exit_code == 0
    assert "holds in bits only" in auto.rows[0].detail
    assert verify(r"-\log 0.6 = 0.737", assume=["base=2"]).status == "rounded"


def test_assumptions_one_hot_labels() -> None:
    # With one-hot labels the entropy of y is 0; with soft labels it is not.
    # (one-hot is a sampling domain here, so the verdict is "confirmed", not a proof)
    assert verify(r"H(y) = 0", assume=["y:one-hot"]).status == "confirmed"
    assert verify(r"H(y) = 0").status == "refuted"
    assert verify(r"\sum_j y_j \log \hat{y}_j \leq 0", assume=["y:one-hot"]).status in (
        "proved",
        "confirmed",
    )


def test_a_chain_is_judged_link_by_link() -> None:
    result = verify(r"\log \frac{p}{p} = \log 1 = 0")
    assert [row.status for row in result.rows] == ["proved", "proved"]
    result = verify(
        r"\begin{aligned} I(p) &= \log \frac{1}{p} \\ &= -\log p \\ &= \log p \end{aligned}"
    )
    assert [row.status for row in result.rows] == ["proved", "proved", "refuted"]


@pytest.mark.parametrize(
    "latex",
    [r"\cancel{x} = 1", r"x \foo 1", "p(x", r"y_{ij} = 1", "a + b", r"E[X] = 1", "가 = 1"],
)
def test_what_cannot_be_read_raises(latex: str) -> None:
    with pytest.raises(LatexParseError):
        verify(latex)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "symxent", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def test_cli_exit_codes_and_formats() -> None:
    done = run("verify", r"D_{KL}(p \parallel q) = -H(p) + \mathrm{CE}(p, q)")
    assert done.returncode == 0, done.stderr
    assert "proved" in done.stdout
    done = run("verify", r"H(p, q) \leq H(p)", "--format", "json")
    assert done.returncode == 1
    data = json.loads(done.stdout)
    assert data["status"] == "refuted" and data["links"][0]["status"] == "refuted"
    done = run("verify", r"\cancel{D} = 1")
    assert done.returncode == 2
    assert done.stderr == "symxent: error: a struck-out term (\\cancel) cannot be checked\n"
    done = run("verify", "--base", "auto", r"-\log 0.6 = 0.737", "--assume", "p:distribution")
    assert done.returncode == 0 and "bits" in done.stdout
    done = run("verify", "x = 1", "--assume", "nonsense")
    assert done.returncode == 2 and "Traceback" not in done.stderr
