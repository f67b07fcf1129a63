"""The words symxent itself puts into documents and decks, in every language it writes.

One book, a line per key (``key: (English, Korean)``): the fixed words of the documents
(legend, headings, captions, summary lines), and the wording of what the checker found
(:class:`symxent.check.detail.Detail`): its methods, domains, searches and notes. A phrase's
values are worded too when they are details themselves; lists are joined by commas.

Example:
    >>> word("legend_proved", "ko")
    '기호 계산으로 증명됨'
    >>> word("continued", "en")
    'continued'
    >>> phrase("searched_local", {"starts": 8}, "ko")
    ', 이어서 가장 나쁜 점 8개에서 국소 탐색'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from symxent.i18n import LANGUAGES, check_language
from symxent.log_bases import BASE_NAMES

__all__ = ["WORDS", "count_words", "phrase", "word"]

WORDS: dict[str, tuple[str, str]] = {
    # the fixed words of documents and decks
    "deck_title": ("Entropy and cross-entropy", "엔트로피와 교차 엔트로피"),
    "deck_subtitle": ("Derivations checked step by step by symxent", "symxent가 한 단계씩 검증한 유도"),
    "derivation": ("Derivation", "유도"),
    "continued": ("continued", "계속"),
    "legend_proved": ("proved symbolically", "기호 계산으로 증명됨"),
    "legend_confirmed": ("confirmed numerically at sampled points", "표본 점에서 수치로 확인됨"),
    "legend_rounded": ("holds to the stated digits", "적힌 자릿수까지 성립"),
    "legend_refuted": ("refuted", "반례로 반박됨"),
    "checked": ("Checked", "검증 결과"),
    "step": ("step", "단계"),
    "reason": ("reason", "근거"),
    "verdict": ("verdict", "판정"),
    "proof of step": ("Proof of step {number}", "단계 {number}의 증명"),
    "table": ("Table", "표"),
    "plot": ("Plot", "그래프"),
    "cells_verified": ("every cell computed exactly and verified", "모든 칸을 정확히 계산하고 검증함"),
    "all_exact": ("all values exact", "모든 값이 정확한 값"),
    "all_rounded": ("all values rounded to {digits} decimals", "모든 값을 소수 {digits}자리로 반올림"),
    "exact_columns": ("exact: {columns}", "정확한 값: {columns}"),
    "rounded_columns": ("rounded to {digits} decimals: {columns}", "소수 {digits}자리로 반올림: {columns}"),
    "other_columns": ("the other columns", "나머지 열"),
    "sampled_from": ("curves sampled from the checked expressions", "검증된 식에서 표본을 뽑아 그린 곡선"),
    "plot_range": ("for {range}", "({range}에서)"),
    "slides": ("Slides", "슬라이드"),
    "when_tex": ("when TeX is installed", "TeX이 설치되어 있을 때"),
    # verdicts and counterexamples (symxent.emit.verdicts)
    "verdict_proved": ("proved{method}", "증명됨{method}"),
    "verdict_rounded": ("holds to the stated digits{method}", "적힌 자릿수까지 성립{method}"),
    "verdict_confirmed": ("confirmed ({samples} points, max error {error})", "확인됨 (점 {samples}개, 최대 오차 {error})"),
    "verdict_searched": ("; searched: {searched}", "; 탐색: {searched}"),
    "verdict_refuted": ("refuted {counterexample}", "반박됨: {counterexample}"),
    "verdict_unknown": ("unknown{note}", "미정{note}"),
    "verdict_domain": ("; domain: {domain}", "; 정의역: {domain}"),
    "no_error": ("n/a", "해당 없음"),
    "counterexample": ("at {where}: left side = {lhs}, right side = {rhs}", "{where}에서: 좌변 = {lhs}, 우변 = {rhs}"),
    "counterexample_constant": ("at the claim has no free variables: left side = {lhs}, right side = {rhs}", "자유 변수 없는 주장: 좌변 = {lhs}, 우변 = {rhs}"),
    "exactly_equal_there": ("the sides are exactly equal there (SymPy)", "그 점에서 두 변이 정확히 같음 (SymPy)"),
    "in_brackets": (" ({text})", " ({text})"),
    "list": ("{items}", "{items}"),
    "why": (" ({reason})", " ({reason})"),
    "why_colon": (": {reason}", ": {reason}"),
    # how a proof closed (symxent.check.symbolic, symxent.check.shannon)
    "symbolic": ("symbolic: {how}", "기호 계산: {how}"),
    "same_expression": ("both sides are the same expression", "두 변이 같은 식"),
    "exactly_equal": ("the sides are exactly equal", "두 변이 정확히 같음"),
    "expand_definitions": ("expand definitions, logs and sums", "정의, 로그, 합을 전개"),
    "expand_simplify": ("expand and simplify", "전개하고 정리"),
    "gaussian_integrals": ("Gaussian integrals in closed form, then expand", "가우스 적분을 닫힌 꼴로 구한 뒤 전개"),
    "expand_simplify_domain": ("expand and simplify on the domain", "정의역 위에서 전개하고 정리"),
    "sign_of_difference": ("sign of the difference", "두 변의 차의 부호"),
    "exact_evaluation": ("exact evaluation", "정확한 계산"),
    "sign_from_bounds": ("sign of the difference from the variables' bounds", "변수의 범위로 정한 차의 부호"),
    "no_reversed_solution": ("no solution of the reversed inequality in the domain", "정의역 안에 반대 방향 부등식의 해가 없음"),
    "exact_value_digits": ("exact value to {digits} digits", "{digits}자리까지 구한 정확한 값"),
    "interval_arithmetic": ("interval arithmetic, {searched}", "구간 산술, {searched}"),
    "marginal_entropies": ("entropies of the marginals of the joint pmf", "결합 확률질량함수의 주변 분포 엔트로피"),
    "marginal_entropies_exact": ("entropies of the marginals of the joint pmf, and exact evaluation", "결합 확률질량함수의 주변 분포 엔트로피와 정확한 계산"),
    "shannon": ("Shannon's inequalities (a nonnegative combination of {parts})", "섀넌 부등식 ({parts}의 음이 아닌 결합)"),
    "and": ("{first} and {second}", "{first}, {second}"),
    "elemental_one": ("1 elemental inequality", "기본 부등식 1개"),
    "elemental_many": ("{count} elemental inequalities", "기본 부등식 {count}개"),
    "log_alphabet_many": ("H(X) <= log|X| ({count} variables)", "H(X) <= log|X| (변수 {count}개)"),
    # the domain a claim was judged on (symxent.check.domains, symxent.check.numeric)
    "domain_defined": ("{parts}, where both sides are defined", "{parts}, 두 변이 정의되는 곳"),
    "vector_domain": ("{names} {kind} ({length} entries)", "{names}: {kind} (성분 {length}개)"),
    "kind_distribution": ("on the simplex", "확률 단체 위"),
    "kind_labels": ("labels (on the simplex, entries may be 0)", "레이블 (확률 단체 위, 0인 성분 허용)"),
    "kind_one-hot": ("one-hot", "원-핫"),
    "kind_joint": ("a joint pmf", "결합 확률질량함수"),
    # what the search for a violation covered (symxent.check.numeric)
    "searched": ("random, boundary and extreme points{over}{local}", "무작위 점, 경계 점, 극단 점{over}{local}"),
    "searched_over": (" over {names} ∈ {{{counts}}}", " ({names} ∈ {{{counts}}})"),
    "searched_local": (", then a local search from the {starts} worst", ", 이어서 가장 나쁜 점 {starts}개에서 국소 탐색"),
    "searched_constant": ("the exact value (no free variables), in interval arithmetic", "자유 변수가 없어 정확한 값을 구간 산술로 계산"),
    # notes: where the sides are undefined, and why nothing could be decided
    "points_outside": ("{points} outside the domain{why}", "정의역 밖의 {points}{why}"),
    "point_one": ("1 point", "점 1개"),
    "points_many": ("{count} points", "점 {count}개"),
    "negative_log": ("the log of a negative number", "음수의 로그"),
    "unsure_log": ("the log of a number whose sign the precision cannot tell", "정밀도로는 부호를 알 수 없는 수의 로그"),
    "division": ("a division by zero", "0으로 나눔"),
    "too_large_number": ("a number too large to evaluate (e^x with |x| past the limit, 10^1000)", "계산하기에 너무 큰 수 (|x|가 한계를 넘는 e^x, 10^1000)"),
    "complex_power": ("a complex value (a negative number to a fractional power)", "복소수 값 (음수의 분수 거듭제곱)"),
    "unsure_division": ("a division by a number the precision cannot tell from zero", "정밀도로는 0과 구별할 수 없는 수로 나눔"),
    "unsure_power": ("a fractional power of a number whose sign the precision cannot tell", "정밀도로는 부호를 알 수 없는 수의 분수 거듭제곱"),
    "complex_infinity": ("complex infinity", "복소 무한대"),
    "nan": ("an undefined value (nan)", "정의되지 않는 값 (nan)"),
    "complex_value": ("a complex value", "복소수 값"),
    "undefined_value": ("an undefined value", "정의되지 않는 값"),
    "side_infinite": ("a side is infinite", "한 변이 무한대"),
    "cannot_evaluate": ("it cannot be evaluated ({error})", "계산할 수 없음 ({error})"),
    "no_value_defined": ("no value of {names} makes both sides defined", "{names}의 어떤 값에서도 두 변이 함께 정의되지 않음"),
    "undefined_at_value": ("the sides are not both defined at the claim's value: {why}", "주장의 값에서 두 변이 함께 정의되지 않음: {why}"),
    "undefined_in_domain": ("the sides are not both defined anywhere in the domain searched: {why}", "탐색한 정의역 어디에서도 두 변이 함께 정의되지 않음: {why}"),
    "cannot_evaluate_numerically": ("cannot evaluate numerically: {what}", "수치로 계산할 수 없음: {what}"),
    "undefined_everywhere": ("both sides undefined at all {count} sampled points{why}", "표본 점 {count}개 모두에서 두 변이 정의되지 않음{why}"),
    "float64_blind": ("float64 could not evaluate the sides at any of the {count} points", "float64로는 점 {count}개 어디에서도 두 변을 계산하지 못함"),
    "unchecked_of_them": ("; {count} of them float64 could not evaluate, and the high-precision re-check had no budget left for them", "; 그중 {count}개는 float64로 계산하지 못했고, 고정밀 재검사에 쓸 예산이 남지 않음"),
    "unchecked_points": ("{points} where float64 gave no value (overflow or NaN) left unchecked: the high-precision re-check had no budget left", "float64가 값을 내지 못한 {points} (넘침 또는 NaN)는 고정밀 재검사 예산이 남지 않아 검사하지 않음"),
    "notes": ("{first}; {second}", "{first}; {second}"),
    "not_comparable": ("the sides could not be told apart or compared", "두 변을 구별하거나 비교할 수 없음"),
    "mostly_undefined": ("the sides are undefined at most points searched ({undefined} of {total}){why}{unchecked}", "탐색한 점 대부분에서 두 변이 정의되지 않음 ({total}개 중 {undefined}개){why}{unchecked}"),
    "unresolved": ("float64 suggests the claim fails at {count} points that interval arithmetic could not decide within its budget", "float64로는 점 {count}개에서 주장이 깨지는 듯하지만, 구간 산술이 예산 안에 판정하지 못함"),
    # summary lines (symxent.emit.verdicts.summary_text)
    "summary_derivations": ("{derivations} derivations, {steps} steps: {counts}", "유도 {derivations}개, 단계 {steps}개: {counts}"),
    "summary_links": ("{blocks}, {links} links: {counts}", "{blocks}, 단계 {links}개: {counts}"),
    "summary_wrong": ("{blocks} ({wrong} wrong)", "{blocks} (틀림 {wrong}개)"),
    "count": ("{count} {what}", "{what} {count}"),
    "blocks_one": ("1 {kind}", "{kind} 1개"),
    "blocks_many": ("{count} {kind}s", "{kind} {count}개"),
    "kind_table": ("table", "표"),
    "kind_plot": ("plot", "그래프"),
    "kind_chain": ("chain", "식의 사슬"),
    "status_proved": ("proved", "증명"),
    "status_rounded": ("rounded", "자릿수까지 성립"),
    "status_confirmed": ("confirmed", "확인"),
    "status_refuted": ("refuted", "반박"),
    "status_unknown": ("unknown", "미정"),
    "status_base": ("base", "한 밑에서만 성립"),
    "status_too large": ("too large", "너무 큼"),
    "status_skipped": ("skipped", "건너뜀"),
    "status_definition": ("definition", "정의"),
    "status_notation": ("notation", "표기"),
    "status_binding": ("binding", "값 지정"),
    "checked_rounded": ("hold to the stated digits", "적힌 자릿수까지 성립"),
    # the reason beside a link of the lecturer's notes (symxent.notes)
    "link_refuted": ("refuted: the left side is {value}", "반박됨: 좌변은 {value}"),
    "link_unknown": ("{text}", "판정하지 못함, 이유는 symxent check 출력에"),
    "link_too large": ("{text}", "검사하기에 너무 큼, 자세한 내용은 symxent check 출력에"),
    "link_skipped": ("{text}", "읽지 못해 건너뜀, 이유는 symxent check 출력에"),
    "holds_only": ("holds in {bases} only{but}", "{bases}에서만 성립{but}"),
    "refuted_in": (" (refuted in {bases})", " ({bases}에서는 반박됨)"),
    "values": ("{items}", "{items}"),
    "in_base": ("{value} ({base})", "{value} ({base})"),
    **{f"base_{k}": (BASE_NAMES[k], ko) for k, ko in (("e", "나트"), ("2", "비트"), ("10", "밑 10"))},
    # proofs by named lemmas: names, details and closings (symxent.check.lemmas)
    "lemma_summed": ("{lemma}, summed over {index}", "{lemma}, {index}에 대해 합함"),
    "lemma_application": ("{short}: {detail}", "{short}: {detail}"),
    "lemma_numbered": ("{number}. {text}", "{number}. {text}"),
    "lemma_then": ("then {closing}", "따라서 {closing}"),
    "lemma_equality": ("equality exactly when {condition}", "등호 조건: {condition}"),
    "lemma_and": ("{first} and {second}", "{first} 그리고 {second}"),
    "lemma_with_note": ("{text} ({note})", "{text} ({note})"),
    "lemma_for_every": ("{condition} for every {index}", "모든 {index}에 대해 {condition}"),
    "lemma_weights_sum": ("the weights add up to {total}", "가중치의 합이 {total}"),
    "lemma_tangent_at": ("at {a} > 0 with weight {w} ≥ 0: {term} ≥ {bound}", "{a} > 0, 가중치 {w} ≥ 0: {term} ≥ {bound}"),
    "lemma_times_log": ("times log({base}) > 0", "log({base}) > 0을 곱함"),
    "lemma_convex": ("convex", "볼록"),
    "lemma_concave": ("concave", "오목"),
    "lemma_x_real": ("x real", "x ∈ ℝ"),
    "lemma_jensen": ("Jensen ({name} {need})", "젠센 ({name} {need})"),
    "lemma_jensen_weighted": ("{name} is {need} ({name}'' = {second} on {sign}); weights {weight} ≥ 0 with sum 1, x_{index} = {values}: {term} ≥ {bound}", "{name}: {need} ({sign}에서 {name}'' = {second}); 가중치 {weight} ≥ 0, 합이 1, x_{index} = {values}: {term} ≥ {bound}"),
    "lemma_jensen_equal": ("{name} is {need} ({name}'' = {second} on {sign}); weights 1/{count}: {total} ≥ {bound}", "{name}: {need} ({sign}에서 {name}'' = {second}); 가중치 1/{count}: {total} ≥ {bound}"),
    "lemma_log_sum": ("log-sum inequality", "로그합 부등식"),
    "lemma_log_sum_detail": ("a_{index} = {a} > 0, b_{index} = {b} > 0: (Σ a) log(Σ a / Σ b) ≤ Σ a log(a/b), times {coefficient} ≤ 0", "a_{index} = {a} > 0, b_{index} = {b} > 0: (Σ a) log(Σ a / Σ b) ≤ Σ a log(a/b), {coefficient} ≤ 0을 곱함"),
    "lemma_max_mean": ("the max is at least the mean", "최댓값은 평균 이상"),
    "lemma_min_mean": ("the min is at most the mean", "최솟값은 평균 이하"),
    "lemma_entry_max": ("each entry is at most the max", "각 성분은 최댓값 이하"),
    "lemma_entry_min": ("each entry is at least the min", "각 성분은 최솟값 이상"),
    "lemma_index_in": ("{index} in {low}..{high}", "{index} ∈ {low}..{high}"),
    "lemma_max_attained": ("the max is attained: {extremum} = {body} for some {index} in {low}..{high}", "최댓값은 어떤 {index} ∈ {low}..{high}에서 나옴: {extremum} = {body}"),
    "lemma_min_attained": ("the min is attained: {extremum} = {body} for some {index} in {low}..{high}", "최솟값은 어떤 {index} ∈ {low}..{high}에서 나옴: {extremum} = {body}"),
    "lemma_one_summand": ("a sum of non-negative terms is at least any one of them", "음이 아닌 항의 합은 어느 한 항 이상"),
    "lemma_one_summand_detail": ("{total} ≥ {part} (each term ≥ 0; {why})", "{total} ≥ {part} (각 항 ≥ 0; {why})"),
    "lemma_every_positive": ("{total} ≥ {part} (every term > 0)", "{total} ≥ {part} (모든 항 > 0)"),
    "lemma_largest": ("each term is at most the largest", "각 항은 가장 큰 항 이하"),
    "lemma_largest_detail": ("{value} = {extremum}: each term {term} ≤ {bound}, so {total} ≤ {sum_bound}", "{value} = {extremum}: 각 항 {term} ≤ {bound}, 따라서 {total} ≤ {sum_bound}"),
    "lemma_amgm": ("weighted AM–GM", "가중 산술-기하 평균 부등식"),
    "lemma_triangle": ("triangle inequality", "삼각 부등식"),
    "lemma_increasing": ("exp and log are increasing", "exp와 log는 증가 함수"),
    "lemma_take_logs": ("{left} ≥ {right} iff log({left}) ≥ log({k}) + {exponent} (both sides > 0)", "{left} ≥ {right} ⇔ log({left}) ≥ log({k}) + {exponent} (두 변 > 0)"),
    "lemma_nonnegative_sum": ("a sum of non-negative terms is non-negative", "음이 아닌 항의 합은 음이 아님"),
    "lemma_each_term": ("each term {term} ≥ 0 ({index} from {low} to {high})", "각 항 {term} ≥ 0 ({index} = {low}, …, {high})"),
    "lemma_every_sum": ("every sum has non-negative terms", "모든 합의 항이 음이 아님"),
    "lemma_exactly_zero": ("the bound is exactly 0 (definitions, logs and sums expanded)", "하한이 정확히 0 (정의, 로그, 합을 전개)"),
    "lemma_has_sign": ("the bound has the sign ({found})", "하한의 부호가 맞음 ({found})"),
    "lemma_split_max": ("max(a, b) ≤ c iff a ≤ c and b ≤ c", "max(a, b) ≤ c ⇔ a ≤ c, b ≤ c"),
    "lemma_split_min": ("c ≤ min(a, b) iff c ≤ a and c ≤ b", "c ≤ min(a, b) ⇔ c ≤ a, c ≤ b"),
    "lemma_every_case": ("every case is proved", "모든 경우가 증명됨"),
}  # fmt: skip
"""Every word and phrase symxent writes, by key: (English, Korean)."""


def _pick(key: str, language: str) -> str:
    return WORDS[key][LANGUAGES.index(check_language(language))]


def word(key: str, language: str, **fields: object) -> str:
    """The word ``key`` in ``language``, with ``fields`` filled in."""
    text = _pick(key, language)
    return text.format(**fields) if fields else text


def _worded(value: Any, language: str) -> str:
    if hasattr(value, "in_language"):
        return str(value.in_language(language))
    if isinstance(value, list | tuple):
        return ", ".join(_worded(item, language) for item in value)
    return "" if value is None else str(value)


def phrase(key: str, values: Mapping[str, Any], language: str) -> str:
    """The phrase ``key`` in ``language``, its values worded in that language too.

    Example:
        >>> from symxent.check.detail import Detail
        >>> phrase("symbolic", {"how": Detail("expand_simplify")}, "ko")
        '기호 계산: 전개하고 정리'
    """
    template = _pick(key, language)
    return template.format(**{name: _worded(v, language) for name, v in values.items()})


def count_words(counts: Mapping[str, int], language: str, *, document: bool = False) -> str:
    """Counts by status (``{"proved": 3}``), worded: ``3 proved`` or ``증명 3``.

    ``document`` words them for a reader of the document (``1 hold to the stated digits``)
    rather than for a summary line (``1 rounded``).

    Example:
        >>> count_words({"proved": 3, "rounded": 1}, "ko")
        '증명 3, 자릿수까지 성립 1'
    """
    return ", ".join(
        phrase("count", {"count": n, "what": _status(status, language, document)}, language)
        for status, n in counts.items()
    )


def _status(status: str, language: str, document: bool) -> str:
    for key in (f"checked_{status}" if document else "", f"status_{status}"):
        if key in WORDS:
            return _pick(key, language)
    return status
