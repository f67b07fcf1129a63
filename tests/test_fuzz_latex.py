"""Fuzzing the LaTeX front end: generated and mutated input never crashes and never hangs.

Properties: :func:`symxent.latex.parse.parse` and :func:`symxent.lecture.verify` raise nothing
but :class:`~symxent.errors.SymxentError`; :func:`symxent.lecture.check_text` raises nothing at all
and reports no internal error; no single input takes more than a few seconds. The example
counts are sized for CI; ``SYMXENT_FUZZ_EXAMPLES=5000`` runs a larger campaign by hand.
"""

from __future__ import annotations

import contextlib
import os
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symxent.budget import WALL_FACTOR
from symxent.errors import SymxentError
from symxent.latex.parse import parse
from symxent.lecture import check_text, verify

EXAMPLES = int(os.environ.get("SYMXENT_FUZZ_EXAMPLES", "150"))
LIMIT = 10.0  # CPU seconds for one input: two bases x the 4 s check budget, plus reading
WALL = WALL_FACTOR * LIMIT
"""Wall-clock seconds for one input: symxent's own budgets are CPU time, capped at
``WALL_FACTOR`` times as much wall-clock time, so a loaded machine (two cores shared by several
test runs) is not mistaken for a hang, while a hang still fails."""

SEED_FORMULAS = [
    r"I(q) = \log \frac{1}{q} = \frac{1}{0.000000001} \simeq 18.42068074",
    r"\rightarrow 0.25 \times 2 + 0.25 \times 2 + 0.25 \times 2 + 0.25 \times 2 = 2",
    r"H(p, q) = \int_x p(x) \log \frac{1}{q(x)} dx",
    r"CE = -\frac{1}{N} \sum_{i=1}^N \sum_{j=1}^C y_{ij} \log \hat{y}_{ij} = 1.3862943611198906",
    r"\begin{aligned} E(\hat{Y}) &= -(0.6 \times \log 0.6) - (0.4 \times \log 0.4) \\ &= (0.6 \times 0.737) + (0.4 \times 1.322) \\ &= 0.442 + 0.529 = 0.971 \end{aligned}",
    r"H(Y, \hat{Y}) = - \sum_{x \in \mathcal{X}} P(Y = x) \times \log P(\hat{Y} = x)",
    r"= -(1 \times -0.737) = 0.737",
    r"\text{Entropy: } H(X) = E(I(X)) = - \sum_i p_i \times \log p_i",
    r"\begin{aligned} \text{CE}(p, q) &= -\mathbb{E}_{x \sim p}[\log q(x)] \\ &= -\sum_x p(x) \log q(x) \end{aligned}",
    r"D_{\text{KL}}(p \parallel q) = \cancel{-H(p)} + \text{CE}(p, q) = \text{CE}(p, q)",
    r"\left( \begin{array}{l} p(a) = \frac{1}{3} \\ q(a) = \frac{2}{3} \end{array} \right)",
    r"CE(X_a, Y_a) \geq f(P(X_a = Y_a)) \quad (\because f(x) = -\log x)",
    r"e^{-CE(X_a, Y_a)} \leq P(X_a = Y_a)",
    r"\hat{y}_i = \frac{e^{x_i}}{\sum_{j=1}^C e^{x_j}}",
    r"\mathrm{softmax}(z)_k = \frac{e^{z_k}}{\sum_j e^{z_j}}",
    r"E[-log P(X)] = \sum_{x} -log P(x) P(x)",
    r"\mathsf{E}[\mathsf{X}] = \sum_{\mathsf{x}} \mathsf{x} \mathsf{P}(\mathsf{x})",
    r"\theta \leftarrow \theta - \eta \times \frac{L(\theta)}{\partial \theta}",
    r"P(X = x) = P_x(x) = P(x)",
    r"x = [0.9, 1.2, -0.4]",
]

TOKENS = [
    "p", "q", "x", "y", "z", "P", "X_a", "\\hat{y}", "y_{ij}", "H", "CE", "D_{KL}", "E", "I",
    "\\sigma", "\\mathrm{softmax}", "(", ")", "[", "]", "{", "}", "\\{", "\\}", "\\left(",
    "\\right)", "_", "^", "'", ",", ";", "|", "\\|", "\\parallel", "=", "<", ">", "\\leq",
    "\\geq", "\\approx", "\\simeq", "\\in", "\\sim", "+", "-", "\\times", "\\cdot", "/",
    "\\frac{", "}{", "\\log", "\\log_2", "\\ln", "\\lg", "e^{", "\\sum_x", "\\sum_{i=1}^{n}",
    "\\int_x", "dx", "\\mathbb{E}_{x \\sim p}", "0.5", "0.999999999", "18.42068074", "1", "0",
    "2", "10^{10}", "\\%", "\\text{bits}", "\\text{True}", "\\quad", "\\because", "&", "\\\\",
    "\\begin{aligned}", "\\end{aligned}", "\\cancel{", "\\rightarrow", "가", "∑", "−", "≤",
    "\\foo", "\\", "$", "~", "!", "\\sqrt{", "\\pi", "\\infty", "\\dots", " ", " ", " ",
]  # fmt: skip


def _mutate(text: str, data: st.DataObject) -> str:
    for _ in range(data.draw(st.integers(1, 4))):
        if not text:
            return data.draw(st.sampled_from(TOKENS))
        at = data.draw(st.integers(0, len(text)))
        kind = data.draw(st.sampled_from(["delete", "insert", "duplicate", "swap"]))
        if kind == "delete":
            end = data.draw(st.integers(at, min(len(text), at + 8)))
            text = text[:at] + text[end:]
        elif kind == "insert":
            text = text[:at] + data.draw(st.sampled_from(TOKENS)) + text[at:]
        elif kind == "duplicate":
            end = data.draw(st.integers(at, min(len(text), at + 30)))
            text = text[:end] + text[at:end] * data.draw(st.integers(1, 5)) + text[end:]
        else:
            other = data.draw(st.integers(0, len(text)))
            a, b = sorted((at, other))
            text = text[a:b] + text[:a] + text[b:]
    return text


token_soup = st.lists(st.sampled_from(TOKENS), min_size=1, max_size=30).map("".join)
fuzz = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)


def _timed(call: object, *args: object, **kwargs: object) -> float:
    """The CPU seconds ``call`` took; its wall-clock time is checked against :data:`WALL` here."""
    started, cpu = time.perf_counter(), time.process_time()
    with contextlib.suppress(SymxentError):
        call(*args, **kwargs)  # type: ignore[operator]
    assert time.perf_counter() - started < WALL, "a hang (wall-clock time)"
    return time.process_time() - cpu


@fuzz
@given(token_soup)
def test_parse_generated_input(text: str) -> None:
    assert _timed(parse, text) < LIMIT


@fuzz
@given(st.data())
def test_verify_mutated_seed_formulas(data: st.DataObject) -> None:
    text = _mutate(data.draw(st.sampled_from(SEED_FORMULAS)), data)
    assert _timed(verify, text, base=data.draw(st.sampled_from(["e", "2", "auto"]))) < LIMIT


@fuzz
@given(st.data())
def test_check_text_mutated_lecture(data: st.DataObject) -> None:
    formulas = data.draw(st.lists(st.sampled_from(SEED_FORMULAS), min_size=1, max_size=4))
    body = "\n\n설명 문장입니다.\n\n".join(f"$${f}$$" for f in formulas)
    text = _mutate(body, data)
    started, cpu = time.perf_counter(), time.process_time()
    report = check_text(text, base="auto")
    count = max(len(formulas), 1)
    assert time.process_time() - cpu < LIMIT * count  # CPU time: not the machine's load
    assert time.perf_counter() - started < WALL * count  # a hang still fails
    assert not any("internal error" in row.detail for row in report.rows)


@fuzz
@given(st.text(max_size=200))
def test_arbitrary_unicode_text(text: str) -> None:
    assert _timed(parse, text) < LIMIT
    check_text(text)
