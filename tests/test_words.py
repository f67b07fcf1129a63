"""Every word of a Korean document is Korean; verdict details are data worded per language.

The checker reports what it found as :class:`symxent.check.detail.Detail`; the emitters word it.
These tests read the Korean pages of the whole catalogue (and of lecture notes) for the words
of the English phrase book, check that both books have the same fields in both languages, that
the English wording did not change, that table captions say how each column is shown, and that
a notes topic reports the time its checking took.
"""

from __future__ import annotations

import math
import re
import string
import time
from pathlib import Path

import pytest
import sympy as sp

from symxent import Distribution, KLDivergence, PositiveVector
from symxent.check import check_claim
from symxent.check.detail import Detail, in_language
from symxent.check.verdict import Counterexample, Verdict
from symxent.emit import checking, pipeline
from symxent.emit.markdown import topic_markdown
from symxent.emit.tables import caption_words, table_markdown
from symxent.emit.verdicts import verdict_text
from symxent.emit.words import WORDS
from symxent.notes import notes_topic
from symxent.table import Column, Table
from symxent.topic import Topic, TopicReport

NOTES = r"""# Bits

## Wrong and right

$$-\log_2 0.6 = 0.5$$

$$-\log_2 \frac{1}{4} = 2$$
"""


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


_NAMES = {"symxent", "sympy", "float", "latex"}
"""Names (float64, SymPy), the same in every language."""


def _english_words() -> set[str]:
    """Words of four letters or more that only the English books use (not names or units)."""
    words: set[str] = set()
    for english, _ in WORDS.values():
        plain = re.sub(r"\{[^}]*\}", " ", english)
        words |= {w.lower() for w in re.findall(r"[A-Za-z]{4,}", plain)}
    return words - _NAMES


def _prose(markdown: str) -> str:
    """The page without its math, code and links: what is left is prose."""
    text = re.sub(r"\$\$.*?\$\$", " ", markdown, flags=re.DOTALL)
    text = re.sub(r"\$[^$\n]*\$", " ", text)
    text = re.sub(r"`[^`]*`", " ", text)
    return re.sub(r"\]\([^)]*\)", "]", text)


def _english_in(markdown: str, names: set[str]) -> list[str]:
    english = _english_words()
    words = re.findall(r"[A-Za-z]{4,}", _prose(markdown))
    return sorted({w for w in words if w.lower() in english and w not in names})


# the reader's own message on a formula it could not read is English only: the Korean page
# says what happened and where the reason is (symxent check), not the English text
_ENGLISH_ONLY = {"link_unknown": {"text"}, "link_too large": {"text"}, "link_skipped": {"text"}}


def test_both_languages_name_the_same_fields() -> None:
    for key, (english, korean) in WORDS.items():
        assert english and korean, key
        assert _fields(english) - _ENGLISH_ONLY.get(key, set()) == _fields(korean), key


def test_the_korean_catalogue_pages_have_no_english_words(
    checked_topics: dict[str, TopicReport],
) -> None:
    for name, report in checked_topics.items():
        # the names of variables and of the topic are names, the same in every language
        names = {name, *name.split("_")}
        english = _english_in(topic_markdown(report, "ko"), names)
        assert english == [], f"{name}: English in the Korean page: {english}"
        english_page = topic_markdown(report, "en")
        assert "proved (symbolic" in english_page and "증명" not in english_page


def test_the_korean_index_and_summaries_are_korean(
    checked_topics: dict[str, TopicReport],
) -> None:
    result = pipeline.BuildResult(reports=list(checked_topics.values()))
    index = pipeline._index(result, "ko")
    # topic names (jensen_bound) and their parts are names, as on the pages
    names = {part for name in checked_topics for part in (name, *name.split("_"))}
    assert _english_in(index, {"LaTeX", *names}) == []
    kl = checked_topics["kl_identity"]
    steps = sum(len(r.results) for r in kl.reports)
    assert kl.summary("ko").startswith(f"kl_identity: 유도 {len(kl.reports)}개, 단계 {steps}개: ")
    assert kl.summary() == kl.summary("en")
    assert kl.summary().startswith(f"kl_identity: {len(kl.reports)} derivations, {steps} steps: ")


def test_verdict_details_are_worded_per_language_from_data() -> None:
    x = sp.Symbol("x", positive=True)
    confirmed = check_claim(sp.log(x), "<=", x - 1, symbolic=False)
    assert confirmed.short == "confirmed"
    assert isinstance(confirmed.searched, Detail) and isinstance(confirmed.domain, Detail)
    korean = confirmed.in_language("ko")
    assert korean.startswith(f"확인됨 (점 {confirmed.samples}개, 최대 오차 ")
    assert "탐색: 무작위 점, 경계 점, 극단 점" in korean and "정의역: x ∈ (0, ∞)" in korean
    assert _english_in(korean, set()) == []
    english = str(confirmed)
    assert english.startswith(f"confirmed ({confirmed.samples} points, max error ")
    assert "; searched: random, boundary and extreme points" in english
    assert english.endswith("; domain: x ∈ (0, ∞)")


def test_the_english_wording_of_a_verdict_is_unchanged() -> None:
    # the strings symxent printed before details became data, written out by hand
    counterexample = Counterexample({"p": "(0.2, 0.8)"}, "1.5", "2", {"n": 2}, note="a note")
    refuted = Verdict.refuted(counterexample).on("p on the simplex (n entries)")
    assert str(refuted) == (
        "refuted at n = 2, p = (0.2, 0.8): left side = 1.5, right side = 2 (a note); "
        "domain: p on the simplex (n entries)"
    )
    assert verdict_text(refuted, "ko") == (
        "반박됨: n = 2, p = (0.2, 0.8)에서: 좌변 = 1.5, 우변 = 2 (a note); "
        "정의역: p on the simplex (n entries)"
    )
    assert str(Verdict.unknown("")) == "unknown"
    assert str(Verdict.proved("")) == "proved"
    assert str(Verdict.confirmed(120, 2.2e-16)) == "confirmed (120 points, max error 2.2e-16)"
    p = sp.Symbol("p", positive=True)
    proved = check_claim(sp.log(p**2), "=", 2 * sp.log(p))
    assert str(proved).startswith("proved (symbolic: expand")
    assert proved.in_language("ko").startswith("증명됨 (기호 계산: ")
    undefined = check_claim(sp.log(-1 - p**2), "=", 0)
    assert str(undefined).startswith("unknown (the sides are not both defined anywhere")
    assert undefined.in_language("ko").startswith("미정 (탐색한 정의역 어디에서도")


def _table(rows: list[str]) -> Table:
    p = sp.Symbol("p", positive=True)
    return Table(
        [
            Column("$p$", p, 2),
            Column("$p^2$", p**2, 3),
            Column("$p^3$", p**3, 4),
            Column("$2p$", 2 * p),
            Column("name", labels=[str(i) for i in range(len(rows))]),
        ],
        [{p: value} for value in rows],
    )


def test_a_table_caption_says_how_each_column_is_shown() -> None:
    # by hand: 0.5^2 = 0.25 and 0.5^3 = 0.125 are exact at 3 and 4 decimals; 0.35^2 = 0.1225
    # is rounded to 0.123 (3 decimals), 0.35^3 = 0.042875 to 0.0429 (4 decimals); 2p is exact
    assert caption_words(_table(["0.5"]).check(), "en") == "all values exact"
    mixed = _table(["0.5", "0.35"]).check()
    assert [cell.shown for cell in mixed.rows[1][:3]] == ["0.35", "0.123", "0.0429"]
    assert caption_words(mixed, "en") == (
        "exact: $p$, $2p$; rounded to 3 decimals: $p^2$; rounded to 4 decimals: $p^3$"
    )
    assert caption_words(mixed, "ko") == (
        "정확한 값: $p$, $2p$; 소수 3자리로 반올림: $p^2$; 소수 4자리로 반올림: $p^3$"
    )
    assert "모든 칸을 정확히 계산하고 검증함" in table_markdown(mixed, "ko")
    p, q = sp.symbols("p q", positive=True)
    rounded = Table([Column("$q$", 1 / q, 2)], [{q: 3}]).check()  # 1/3 = 0.33...
    assert caption_words(rounded, "en") == "all values rounded to 2 decimals"
    # a grid: the row variable is exact, the value columns are rounded
    grid = Table.grid(p * q, (p, ["0.1", "0.2"]), (q, ["0.15", "0.25", "0.35"]), digits=2)
    assert caption_words(grid.check(), "en") == (
        "exact: $p$; rounded to 2 decimals: the other columns"
    )


def test_lecture_notes_are_worded_in_korean(tmp_path: Path) -> None:
    path = tmp_path / "bits.md"
    path.write_text(NOTES, encoding="utf-8")
    report = notes_topic(path).check()
    korean = topic_markdown(report, "ko")
    value = -math.log2(0.6)  # 0.736965594...
    assert f"반박됨: 좌변은 {value:.10f}" in korean
    assert "_bits: 식의 사슬 2개, 단계 2개: 반박 1, 증명 1_" in korean
    assert _english_in(korean, {"bits", "Bits", "Wrong", "right"}) == []
    english = topic_markdown(report, "en")
    assert f"refuted: the left side is {value:.10f}" in english
    assert "_bits: 2 chains, 2 links: 1 refuted, 1 proved_" in english


def test_a_notes_topic_reports_the_time_its_checking_took(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "bits.md"
    path.write_text(NOTES, encoding="utf-8")
    import symxent.notes

    real = symxent.notes.notes_topic

    def slow(*args: object, **kwargs: object) -> Topic:
        time.sleep(0.4)  # the notes are checked while they are read
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(symxent.notes, "notes_topic", slow)
    seen: list[float] = []
    result = pipeline.build(
        [str(path)],
        tmp_path / "out",
        pdf=False,
        force=True,
        progress=lambda report, seconds: seen.append(seconds),
    )
    assert seen == [result.seconds["bits"]] and seen[0] >= 0.4


def test_worker_processes_give_the_same_pages_as_one_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    names = ["jensen_bound", "kl_identity"]
    monkeypatch.setenv("SYMXENT_BUILD_WORKERS", "2")
    assert checking.workers(names) == 2
    assert checking.workers([*names, "notes.md"]) == 1  # files are checked in this process
    seen: list[str] = []
    parallel, seconds = checking.check_topics(
        names, progress=lambda report, elapsed: seen.append(report.topic.name)
    )
    monkeypatch.setenv("SYMXENT_BUILD_WORKERS", "1")
    assert checking.workers(names) == 1
    serial, _ = checking.check_topics(names)
    assert seen == names and all(s > 0 for s in seconds)
    for one, other in zip(parallel, serial, strict=True):
        assert topic_markdown(one, "en") == topic_markdown(other, "en")
        assert topic_markdown(one, "ko") == topic_markdown(other, "ko")


def test_verdicts_are_adopted_only_by_the_same_links() -> None:
    from symxent.catalogue import load

    chains = load("kl_identity").chains
    first = chains[0].check()
    verdicts = [
        (line, result.verdict)
        for line, result in zip(chains[0].fingerprints(), first.results, strict=True)
    ]
    other = load("kl_identity").chains
    assert not other[1]._adopt(verdicts)  # another chain's links: nothing taken
    assert other[0]._adopt(verdicts)
    assert other[0].check().results[0].verdict is first.results[0].verdict
    shifted = [(line, verdicts[0][1]) for line, _ in verdicts]
    assert not load("kl_identity").chains[0]._adopt(shifted[:-1])  # a link missing


def test_every_korean_verdict_is_korean_but_for_the_claims_own_names(
    checked_topics: dict[str, TopicReport],
) -> None:
    # a detail the checker writes as a plain English string (not a Detail) shows up here
    for name, report in checked_topics.items():
        for derivation in report.reports:
            for result in derivation.results:
                claim = f"{result.lhs} {result.step.expr} {derivation.derivation.where}"
                names = set(re.findall(r"[A-Za-z]+", claim))
                korean = result.verdict.in_language("ko")
                words = set(re.findall(r"[A-Za-z]{4,}", korean)) - names
                english = {w for w in words if w.lower() not in _NAMES}
                assert not english, f"{name}, step {result.number}: {korean}"


def test_a_lemma_proof_is_worded_in_each_language() -> None:
    # Gibbs by log x <= x - 1 summed over i, written out by hand: the English certificate as
    # `symxent show` printed it before lemma proofs became data, the Korean one from WORDS
    p, q = Distribution("p", "n"), Distribution("q", "n")
    verdict = check_claim(KLDivergence(p, q), ">=", 0)
    assert verdict.short == "proved" and verdict.certificate
    english = [str(line) for line in verdict.certificate]
    assert english[0].startswith("1. log x ≤ x − 1, summed over i: at ")
    assert english[-1].startswith("then ") or english[-2].startswith("then ")
    korean = [in_language(line, "ko") for line in verdict.certificate]
    assert korean[0].startswith("1. log x ≤ x − 1, i에 대해 합함: ")
    assert any(line.startswith("따라서 ") for line in korean)
    assert _english_in("\n".join(korean), set()) == []
    assert _english_in(verdict.in_language("ko"), set()) == []
    assert "summed over i" in str(verdict)
    assert english[-1] == "equality exactly when p_i = q_i for every i"
    assert korean[-1] == "등호 조건: 모든 i에 대해 p_i = q_i"
    a, b = PositiveVector("a", "n"), PositiveVector("b", "n")
    total_a, total_b = a.sum(lambda i: a[i]), b.sum(lambda i: b[i])
    lhs, rhs = a.sum(lambda i: a[i] * sp.log(a[i] / b[i])), total_a * sp.log(total_a / total_b)
    log_sum = check_claim(lhs, ">=", rhs)
    assert in_language(log_sum.method, "en") == "log-sum inequality"
    assert in_language(log_sum.method, "ko") == "로그합 부등식"
