"""Verdicts, counterexamples and summary lines worded in each language symxent writes.

The checker reports what it found as data (:class:`symxent.check.detail.Detail`); these
functions word a whole verdict from it. ``str(verdict)`` is :func:`verdict_text` in English.

Example:
    >>> from symxent.check.detail import Detail
    >>> from symxent.check.verdict import Verdict
    >>> v = Verdict.proved(Detail("symbolic", how=Detail("expand_simplify"))).on("x ∈ ℝ")
    >>> verdict_text(v, "en")
    'proved (symbolic: expand and simplify); domain: x ∈ ℝ'
    >>> verdict_text(v, "ko")
    '증명됨 (기호 계산: 전개하고 정리); 정의역: x ∈ ℝ'
"""

from __future__ import annotations

from typing import Any

from symxent.check.verdict import Counterexample, Status, Verdict
from symxent.emit.words import count_words, phrase
from symxent.i18n import localize
from symxent.topic import TopicReport

__all__ = ["counterexample_text", "summary_text", "verdict_text"]


def _bracketed(text: object, language: str) -> str:
    worded = localize(text, language)
    return phrase("in_brackets", {"text": worded}, language) if worded else ""


def counterexample_text(counterexample: Counterexample, language: str) -> str:
    """Where a claim fails and both sides' values there."""
    where = ", ".join(
        f"{name} = {value}" for name, value in {**counterexample.n, **counterexample.point}.items()
    )
    sides = {"lhs": counterexample.lhs, "rhs": counterexample.rhs}
    key = "counterexample" if where else "counterexample_constant"
    text = phrase(key, {"where": where, **sides}, language)
    return text + _bracketed(counterexample.note, language)


def verdict_text(verdict: Verdict, language: str) -> str:
    """The verdict in one line: status, how it was reached, notes and domain."""
    status = verdict.status
    if status is Status.UNKNOWN:
        return phrase("verdict_unknown", {"note": _bracketed(verdict.note, language)}, language)
    if status in (Status.PROVED, Status.ROUNDED):
        method = _bracketed(verdict.method, language)
        text = phrase(f"verdict_{status.value}", {"method": method}, language)
    elif status is Status.CONFIRMED:
        error: Any = verdict.max_error
        error = (
            phrase("no_error", {}, language) if error is None else f"{max(error, 0.0) + 0.0:.2g}"
        )
        text = phrase("verdict_confirmed", {"samples": verdict.samples, "error": error}, language)
        if verdict.searched:
            text += phrase("verdict_searched", {"searched": verdict.searched}, language)
    else:
        found = verdict.counterexample
        worded = counterexample_text(found, language) if found is not None else ""
        text = phrase("verdict_refuted", {"counterexample": worded}, language)
    if verdict.note:
        text += f"; {localize(verdict.note, language)}"
    if verdict.domain:
        text += phrase("verdict_domain", {"domain": verdict.domain}, language)
    return text


def summary_text(report: TopicReport, language: str) -> str:
    """One line: the topic's name, its derivations and steps, its blocks, the verdict counts.

    Example:
        >>> from symxent.catalogue import load
        >>> summary_text(load("kl_identity").check(), "ko")
        'kl_identity: 유도 5개, 단계 17개: 증명 16, 자릿수까지 성립 1'
    """
    tally = report.tally()
    parts = []
    if tally.derivations or not tally.blocks:
        values = {
            "derivations": tally.derivations,
            "steps": tally.steps,
            "counts": count_words(tally.counts, language),
        }
        parts.append(phrase("summary_derivations", values, language))
    for kind, (count, wrong) in tally.blocks.items():
        what = phrase(f"kind_{kind}", {}, language)
        number = "blocks_one" if count == 1 else "blocks_many"
        blocks = phrase(number, {"count": count, "kind": what}, language)
        if kind == "chain" and tally.links:
            links = {
                "blocks": blocks,
                "links": sum(tally.links.values()),
                "counts": count_words(tally.links, language),
            }
            blocks = phrase("summary_links", links, language)
        elif wrong:
            blocks = phrase("summary_wrong", {"blocks": blocks, "wrong": wrong}, language)
        parts.append(blocks)
    return f"{report.topic.name}: " + "; ".join(parts)


Verdict.wording, Counterexample.wording = verdict_text, counterexample_text
TopicReport.summary_line = summary_text
