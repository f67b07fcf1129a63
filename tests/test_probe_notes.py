r"""Probe notes written like public course notes (issue 10: 0 false alarms, every wrong link found).

Each case is a short note in the style of logistic-regression / softmax / information-theory
handouts, with the truth argued in the comments and the numbers computed here in plain Python
(``math``), independently of symxent. Three classes of false alarm or miss were found by such
notes and are pinned here:

* a name defined by a formula (``L = \prod_i ...``, ``L(\mathbf{w}, b) = \prod_i ...``) and
  then written bare (``\log L = \sum_i [...]``) was read as any number and the true link refuted;
* a quantity equal to arithmetic of rounded decimals (``D_{\mathrm{KL}}(p \| q) = 1.737 - 1``)
  was compared exactly, and refuted although ``1.737`` is a rounded value;
* ``\operatorname{softmax}(2, 1, 0.1) = (0.659, 0.242, 0.099)`` (logits written out) was skipped
  ("2 is not a vector"), so a wrong softmax was never found;
* ``\sum_{j \neq k}`` was "unknown macro \neq", so a wrong sum over the other classes was never
  found.
"""

from __future__ import annotations

import math

import pytest

from symxent.lecture.checker import check_text
from symxent.lecture.report import Row
from symxent.lecture.verify import verify

HOLDS = ("proved", "rounded", "confirmed", "base")


def _claims(text: str) -> list[Row]:
    return [
        row
        for row in check_text(text, base="auto").rows
        if row.kind not in ("binding", "definition")
    ]


def _at(text: str, line: int) -> list[Row]:
    rows = [row for row in _claims(text) if row.line == line]
    assert rows, f"no claim on line {line}"
    return rows


# ------------------------------------------------------------------ a defined name written bare

LIKELIHOOD = r"""# Logistic regression

We observe labels $y_i$ and predictions $\hat{{y}}_i$ for $i = 1, \dots, N$.

$${lhs} = \prod_{{i=1}}^{{N}} \hat{{y}}_i^{{y_i}} (1 - \hat{{y}}_i)^{{1 - y_i}}$$

$$\log L = {rhs}$$
"""

# log of a product is the sum of the logs, and log(a^b) = b log a for a in (0, 1): for every
# y_i and every yhat_i in (0, 1), log L = sum_i [y_i log yhat_i + (1 - y_i) log(1 - yhat_i)].
TRUE_RHS = r"\sum_{i=1}^{N} \left[ y_i \log \hat{y}_i + (1 - y_i) \log (1 - \hat{y}_i) \right]"

WRONG_RHS = [
    # a sign flip: at N = 1, y = 0, yhat = 1/2 the left side is log(1/2), the right -log(1/2)
    r"\sum_{i=1}^{N} \left[ y_i \log \hat{y}_i - (1 - y_i) \log (1 - \hat{y}_i) \right]",
    # a dropped term: at N = 1, y = 0, yhat = 1/2 the left side is log(1/2), the right 0
    r"\sum_{i=1}^{N} y_i \log \hat{y}_i",
    # the negative log-likelihood on the right: at y = 1, yhat = 1/2, log(1/2) vs -log(1/2)
    r"-\sum_{i=1}^{N} \left[ y_i \log \hat{y}_i + (1 - y_i) \log (1 - \hat{y}_i) \right]",
    # labels and predictions swapped in the logs
    r"\sum_{i=1}^{N} \left[ \hat{y}_i \log y_i + (1 - \hat{y}_i) \log (1 - y_i) \right]",
]


@pytest.mark.parametrize("lhs", ["L", r"L(\mathbf{w}, b)"])
def test_the_log_likelihood_of_a_defined_product_is_not_refuted(lhs: str) -> None:
    (row,) = _at(LIKELIHOOD.format(lhs=lhs, rhs=TRUE_RHS), 7)
    assert row.status != "refuted", row
    assert "an earlier line defined" in " ".join(row.notes) or row.status == "unknown"


@pytest.mark.parametrize("lhs", ["L", r"L(\mathbf{w}, b)"])
@pytest.mark.parametrize("rhs", WRONG_RHS)
def test_a_wrong_log_likelihood_of_a_defined_product_stays_refuted(lhs: str, rhs: str) -> None:
    (row,) = _at(LIKELIHOOD.format(lhs=lhs, rhs=rhs), 7)
    assert row.status == "refuted", row


# ------------------------------------------------------------------ rounded decimals in arithmetic

KL_NOTE = r"""# KL 발산 (단위: 비트)

$p = (0.5, 0.5)$, $q = (0.9, 0.1)$ 일 때,

$$D_{{\mathrm{{KL}}}}(p \| q) = {value}$$
"""

# D(p || q) in bits = 0.5 log2(0.5/0.9) + 0.5 log2(0.5/0.1)
KL_BITS = 0.5 * math.log2(0.5 / 0.9) + 0.5 * math.log2(0.5 / 0.1)


def test_the_kl_value_is_rounded_inputs() -> None:
    assert round(KL_BITS, 3) == 0.737  # 0.73697 rounds to 0.737; H(p, q) = 1.73697 to 1.737
    (row,) = _at(KL_NOTE.format(value="1.737 - 1"), 5)
    assert row.status in HOLDS, row


@pytest.mark.parametrize(
    "value",
    [
        "1.837 - 1",  # 0.837: off by 0.1
        "1.737 - 1.1",  # 0.637
        "1.737 + 1",  # 2.737
        # 1.75 - 1 = 0.75 claims 0.745 <= D < 0.755 (1.75 as a rounded value): 0.737 is not
        # (while 1.74 - 1 is right: 1.73697 rounds to 1.74)
        "1.75 - 1",
    ],
)
def test_a_wrong_kl_value_in_arithmetic_stays_refuted(value: str) -> None:
    (row,) = _at(KL_NOTE.format(value=value), 5)
    assert row.status == "refuted", row


# ------------------------------------------------------------------ softmax of written logits


def _softmax(z: list[float]) -> list[float]:
    exps = [math.exp(v) for v in z]
    return [e / sum(exps) for e in exps]


SOFTMAX_NOTE = "# Softmax\n\n$$\\operatorname{{softmax}}({logits}) = ({values})$$\n"


def _softmax_rows(logits: str, values: str) -> list[Row]:
    return _at(SOFTMAX_NOTE.format(logits=logits, values=values), 3)


def test_a_softmax_of_written_logits_holds_entry_by_entry() -> None:
    # softmax(2, 1, 0.1) = (0.65900, 0.24243, 0.09857), softmax(1, 0.5, 0) = (0.50648, ...)
    assert [round(v, 3) for v in _softmax([2, 1, 0.1])] == [0.659, 0.242, 0.099]
    assert [round(v, 3) for v in _softmax([1, 0.5, 0])] == [0.506, 0.307, 0.186]
    for logits, values in (
        ("2, 1, 0.1", "0.659, 0.242, 0.099"),
        ("1, 0.5, 0", "0.506, 0.307, 0.186"),
    ):
        rows = _softmax_rows(logits, values)
        assert len(rows) == 3 and all(row.status in HOLDS for row in rows), rows


@pytest.mark.parametrize(
    "values",
    [
        "0.659, 0.099, 0.242",  # two entries swapped
        "0.669, 0.242, 0.099",  # a perturbed entry
        "0.099, 0.242, 0.659",  # reversed
        "0.665, 0.245, 0.090",  # the softmax of (2, 1, 0), not of (2, 1, 0.1)
    ],
)
def test_a_wrong_softmax_of_written_logits_is_refuted(values: str) -> None:
    rows = _softmax_rows("2, 1, 0.1", values)
    assert any(row.status == "refuted" for row in rows), rows
    assert all(row.status != "skipped" for row in rows), rows


@pytest.mark.parametrize("values", ["0.659, 0.242", "0.659, 0.242, 0.099, 0"])
def test_a_softmax_compared_with_a_vector_of_another_length_is_never_held(values: str) -> None:
    rows = _softmax_rows("2, 1, 0.1", values)
    assert not any(row.status in HOLDS for row in rows), rows


# ------------------------------------------------------------------ a sum leaving out one index

# \sum_{j \neq k} t_j is the sum over every class but k. For a distribution p, the sum of the
# other entries is 1 - p_k; for any vectors, the sum over j != k is the full sum less the term
# at k. It was "unknown macro \neq" (the link skipped, a wrong one never found).
NEQ_TRUE = [
    r"\sum_{j \neq k} p_j = 1 - p_k",
    r"\sum_{j \neq 1} \hat{y}_j = 1 - \hat{y}_1",
    r"\sum_{j \ne k} y_j \log \hat{y}_j = \sum_j y_j \log \hat{y}_j - y_k \log \hat{y}_k",
]
NEQ_WRONG = [
    r"\sum_{j \neq k} p_j = 1",  # n = 1: the sum is empty, 0
    r"\sum_{j \neq k} p_j = 1 + p_k",  # the sign of the dropped term flipped
    r"\sum_{j \neq 1} \hat{y}_j = 0",  # p = (1/2, 1/2): 1/2
    r"\sum_{j \neq k} p_j = 1 - p_j",  # the free index j instead of k
]


@pytest.mark.parametrize("claim", NEQ_TRUE)
def test_a_sum_leaving_out_one_index_holds(claim: str) -> None:
    assert verify(claim).status in HOLDS, claim


@pytest.mark.parametrize("claim", NEQ_WRONG)
def test_a_wrong_sum_leaving_out_one_index_is_refuted(claim: str) -> None:
    assert verify(claim).status == "refuted", claim


def test_a_product_leaving_out_one_index_is_refused_with_a_reason() -> None:
    (row,) = _claims("# t\n\n$$\\prod_{j \\neq k} p_j = 1$$\n")
    assert row.status == "skipped" and "only a sum may leave out one index" in row.detail, row
