r"""Prose aliases: a supposition said in a sentence (``If the fit is exact, $q = p$.``).

The class of issue 10's last false alarm: a note binds values to ``p`` and ``q`` in a worked
example, then, in a later section, says in prose that ``q = p`` and writes what follows from it.
Judged for every ``q`` (or with the example's ``q``) those claims are false; under the
supposition the section makes they hold. Expected truths are written out by hand (``D(p || p)
= 0``, ``H(p, p) = H(p)``) or decided by evaluation (``corpus.mutants.decide_latex``, mpmath at
50 digits) after the substitution the prose makes.
"""

from __future__ import annotations

import pytest
from corpus.mutants import decide_latex, latex_mutants
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symxent.latex.reader import read_side
from symxent.lecture import check_text, verify
from symxent.lecture.aliases import alias_of, supposes

ACCEPTED = ("proved", "rounded", "confirmed", "base")

EXAMPLE = (
    "# Example\n\n"
    "Three classes, $p = (0.7, 0.2, 0.1)$ and $q = (0.5, 0.3, 0.2)$.\n\n"
    "$$D_{\\mathrm{KL}}(p \\| q) = \\sum_i p_i \\log \\frac{p_i}{q_i}$$\n\n"
    "# When the model is exact\n\n"
)
"""An earlier section gives q values that differ from p's (lines 1-8; prose follows on line 9)."""


def _claims(text: str) -> list:
    return [row for row in check_text(text).rows if row.kind == "claim"]


def _note(text: str, prose: str, *displays: str) -> str:
    return text + prose + "\n\n" + "\n\n".join(f"$${d}$$" for d in displays) + "\n"


def test_a_supposition_in_prose_is_used_by_the_links_after_it() -> None:
    # D(p || p) = 0 and H(p, p) = H(p): true for every p; false for the example's q
    text = _note(
        EXAMPLE,
        "Suppose the model is exact, $q = p$. Then",
        r"D_{\mathrm{KL}}(p \| q) = 0, \qquad H(p, q) = H(p)",
        r"\sum_{i=1}^{n} p_i \log q_i = -H(p)",
    )
    rows = _claims(text)
    late = [row for row in rows if row.line >= 9]
    assert [row.status for row in late] == ["proved", "proved", "proved"], late
    for row in late:
        assert any("given q = p (line 9)" in note for note in row.notes), row.notes
    alias_row = next(row for row in check_text(text).rows if row.line == 9)
    assert alias_row.kind == "definition" and "supposition" in alias_row.detail


def test_a_wrong_link_under_the_supposition_is_still_refuted() -> None:
    # D(p || p) = 0, not 1; H(p, p) = H(p), not 2 H(p) (H(p) > 0 off the vertices)
    text = _note(
        EXAMPLE,
        "If the model is exact, $q = p$, and",
        r"D_{\mathrm{KL}}(p \| q) = 1",
        r"H(p, q) = 2 H(p)",
    )
    late = [row for row in _claims(text) if row.line >= 9]
    assert [row.status for row in late] == ["refuted", "refuted"], late
    assert all(any("fails given q = p" in note for note in row.notes) for row in late)


@pytest.mark.parametrize(
    "prose",
    [
        "Gibbs' inequality holds, with equality if and only if $q = p$.",
        "The two are equal only if $q = p$.",
        "This fails unless $q = p$.",
        "In general $q \\ne p$, and it is not true that $q = p$.",
    ],
)
def test_a_qualified_equality_in_prose_supposes_nothing(prose: str) -> None:
    # H(p, q) = H(p) is false for general q (H(p, q) - H(p) = D(p || q) > 0 for q != p)
    text = _note(EXAMPLE.replace("# Example", "# Intro"), prose, r"H(p, q) = H(p)")
    assert [row.status for row in _claims(text) if row.line >= 9] == ["refuted"]


def test_a_supposition_holds_in_its_section_only() -> None:
    text = (
        "# Exact model\n\nIf the model is exact, $q = p$.\n\n$$H(p, q) = H(p)$$\n\n"
        "# General case\n\n$$H(p, q) = H(p)$$\n"
    )
    rows = _claims(text)
    assert [(row.line, row.status) for row in rows] == [(5, "proved"), (9, "refuted")]


def test_a_link_before_the_supposition_is_judged_as_written() -> None:
    text = "# Exact model\n\n$$H(p, q) = H(p)$$\n\nIf the model is exact, $q = p$.\n"
    assert [row.status for row in _claims(text)] == ["refuted"]


def test_a_general_statement_that_holds_needs_no_supposition() -> None:
    # Gibbs: D(p || q) >= 0 for every q; judged as written, no note about the alias
    text = "# S\n\nIf the model is exact, $q = p$.\n\n$$D_{KL}(p \\| q) \\ge 0$$\n"
    rows = _claims(text)
    assert [row.status for row in rows] in (["proved"], ["confirmed"])
    assert not any("given" in note for note in rows[0].notes)


def test_a_name_set_to_a_formula_in_prose() -> None:
    # x = 2y: log x = log 2 + log y (y > 0); log x = log y is false (x = 2y != y for y > 0)
    text = (
        "# Doubling\n\nTake $x = 2y$. Then\n\n$$\\log x = \\log 2 + \\log y$$\n\n"
        "$$x^2 = 4 y^2$$\n\n$$\\log x = \\log y$$\n"
    )
    rows = _claims(text)
    assert [row.status for row in rows[:2]] == ["proved", "proved"], rows
    assert all(any("given x = 2y (line 3)" in n for n in row.notes) for row in rows[:2])
    assert rows[2].status == "refuted"


def test_verify_judges_a_link_alone_without_prose() -> None:
    # the same link as symxent verify sees it: no section, no supposition
    assert verify(r"H(p, q) = H(p)").status == "refuted"


def test_alias_of_and_supposes() -> None:
    alias = alias_of(read_side("q"), read_side("p"), line=4, vector=True)
    assert alias is not None and alias.target is not None and alias.target.key == "p"
    assert alias.describe() == "q = p (line 4)"
    # a vector is never set to a formula, a name never to itself or to a formula of itself
    assert alias_of(read_side("q"), read_side(r"\mathrm{softmax}(z)"), line=1, vector=True) is None
    assert alias_of(read_side("x"), read_side("x"), line=1, vector=False) is None
    assert alias_of(read_side("x"), read_side("2 x"), line=1, vector=False) is None
    assert alias_of(read_side("q_1"), read_side("p_1"), line=1, vector=True) is None
    assert supposes("If the model is perfect,")
    assert supposes("The fit is bad. Now let")
    assert not supposes("with equality iff")
    assert not supposes("It is zero exactly when")


# ------------------------------------------------------------------ generated wrong variants

SUPPOSED = [
    r"D_{\mathrm{KL}}(p \| q) = 0",
    r"H(p, q) = H(p)",
    r"-\sum_{i=1}^{n} p_i \log q_i = H(p)",
    r"\sum_{i=1}^{n} p_i \log \frac{p_i}{q_i} = 0",
    r"H(p, q) - H(p) = D_{KL}(p \| q)",
]
"""True under ``q = p`` (each side written out with q replaced: D(p || p) = sum p log 1 = 0,
H(p, p) = -sum p log p = H(p)); all but the last are false for general q."""


def _variants() -> list[str]:
    return [m.latex for claim in SUPPOSED for m in latex_mutants(claim)]


def _choose(items: list[str], count: int) -> list[str]:
    chosen: list[str] = []

    @settings(
        derandomize=True,
        deadline=None,
        database=None,
        max_examples=count,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(st.sampled_from(items))
    def pick(item: str) -> None:
        chosen.append(item)

    pick()
    return list(dict.fromkeys(chosen))


def test_wrong_variants_under_a_supposition_are_never_accepted() -> None:
    variants = _choose(_variants(), 24)
    assert len(variants) >= 10
    judged = 0
    for variant in variants:
        # its truth where the prose supposes q = p: the variant with q written as p
        truth = decide_latex(variant.replace("q", "p"))
        text = f"# S\n\nIf the model is exact, $q = p$.\n\n$${variant}$$\n"
        rows = _claims(text)
        if truth.kind in ("false", "undefined"):
            judged += 1
            assert all(row.status not in ACCEPTED for row in rows), (variant, rows)
    assert judged >= 5


def test_a_value_claim_that_the_supposition_decides_is_refuted() -> None:
    # as written D(p || q) = 1 is about values the file does not give; given q = p it is 0
    text = "# S\n\nIf the model is exact, $q = p$.\n\n$$D_{KL}(p \\| q) = 1$$\n"
    rows = _claims(text)
    assert [row.status for row in rows] == ["refuted"], rows
    assert "does not give" in rows[0].notes[-1]


def test_a_supposition_about_an_index_letter_is_not_applied_halfway() -> None:
    # "$i = j$" cannot rename the i of x_i (a subscript): x_i - i = x_j - j stays unjudged as
    # a supposition (as written it is false: x = (0, 5), i = 1, j = 2 gives -1 vs 3)
    text = "# S\n\nLet $i = j$.\n\n$$x_i - i = x_j - j$$\n"
    rows = _claims(text)
    assert all(not any("given" in note for note in row.notes) for row in rows), rows
    assert all(row.status not in ACCEPTED for row in rows), rows


# ------------------------------------------------------------------ chains of suppositions


def _aliases(*pairs: tuple[str, str]) -> list:
    found = []
    for line, (lhs, rhs) in enumerate(pairs, start=1):
        alias = alias_of(read_side(lhs), read_side(rhs), line=line, vector=True)
        assert alias is not None, (lhs, rhs)
        found.append(alias)
    return found


def test_chain_ends_follow_renamings_and_stop_at_cycles() -> None:
    from symxent.lecture.aliases import chain_ends

    def ends(*pairs: tuple[str, str]) -> dict[str, str]:
        return {name: end.key for name, end in chain_ends(_aliases(*pairs)).items()}

    assert ends(("r", "q"), ("q", "p")) == {"r": "p", "q": "p"}
    assert ends(("s", "r"), ("r", "q"), ("q", "p")) == {"s": "p", "r": "p", "q": "p"}
    # a cycle makes its names one: each reads as the target of its earliest alias (q = p)
    assert ends(("q", "p"), ("p", "q")) == {"q": "p"}
    assert ends(("q", "p"), ("p", "r"), ("r", "q")) == {"q": "p", "r": "p"}
    # a chain into a cycle ends where the cycle does
    assert ends(("s", "q"), ("q", "p"), ("p", "q")) == {"s": "p", "q": "p"}


def test_used_by_reaches_the_names_of_a_chain() -> None:
    from symxent.lecture.aliases import renamed, used_by

    chain = _aliases(("s", "r"), ("r", "q"), ("q", "p"))
    side = read_side(r"H(p, s)")
    assert [alias.name for alias in used_by(chain, [side])] == ["s", "r", "q"]
    assert [alias.name for alias in used_by(chain, [read_side(r"H(p, q)")])] == ["q"]
    assert used_by(chain, [read_side(r"H(p)")]) == []
    written = renamed(side, used_by(chain, [side]))
    assert not mentions_any(written, "s", "r", "q") and written.latex == side.latex
    cycle = _aliases(("q", "p"), ("p", "q"))
    assert sorted(alias.name for alias in used_by(cycle, [read_side("H(q)")])) == ["p", "q"]


def mentions_any(raw, *names: str) -> bool:
    from symxent.lecture.aliases import mentions

    return any(mentions(raw, name) for name in names)


CHAINS = {
    "two levels": ("Suppose $r = q$ and $q = p$.", "r"),
    "three levels": (
        r"Suppose $\hat{p} = \hat{q}$, that $\hat{q} = q$ and that $q = p$.",
        r"\hat{p}",
    ),
    "a cycle": ("If the model is exact, $q = p$, and so $p = q$.", "q"),
    "written backwards": ("Suppose $q = p$ and $r = q$.", "r"),
}


@pytest.mark.parametrize("chain", sorted(CHAINS))
def test_a_chain_of_suppositions_is_followed_to_its_end(chain: str) -> None:
    # every name of the chain is p: D(p || p) = 0, H(p, p) = H(p) (true for every p); the
    # wrong links are false for every p off the vertices: H(p, p) = H(p) != 2 H(p), 0 != 1
    prose, name = CHAINS[chain]
    text = _note(
        "# S\n\n",
        prose,
        rf"D_{{KL}}(p \| {name}) = 0",
        rf"H(p, {name}) = H(p)",
        rf"H(p, {name}) = 2 H(p)",
        rf"D_{{KL}}(p \| {name}) = 1",
    )
    rows = _claims(text)
    assert [row.status for row in rows] == ["proved", "proved", "refuted", "refuted"], [
        (row.line, row.status, row.detail, row.notes) for row in rows
    ]
    for row in rows[:2]:
        assert any("a supposition the prose of this section makes" in n for n in row.notes)


def test_a_formula_reads_the_renamings_after_it() -> None:
    # x = 2y, y = z: log x = log 2 + log z (z > 0); log x = log z is false (x = 2z != z)
    text = "# S\n\nTake $x = 2y$ and $y = z$. Then\n\n$$\\log x = \\log 2 + \\log z$$\n\n$$\\log x = \\log z$$\n"
    rows = _claims(text)
    assert [row.status for row in rows] == ["proved", "refuted"], rows


def test_wrong_variants_under_a_chain_are_never_accepted() -> None:
    variants = _choose(_variants(), 16)
    judged = 0
    for variant in variants:
        truth = decide_latex(variant.replace("q", "p"))
        text = f"# S\n\nSuppose $r = q$ and that $q = p$.\n\n$${variant.replace('q', 'r')}$$\n"
        rows = _claims(text)
        if truth.kind in ("false", "undefined"):
            judged += 1
            assert all(row.status not in ACCEPTED for row in rows), (variant, rows)
    assert judged >= 5


def test_a_chain_never_renames_into_a_bound_name() -> None:
    from symxent.lecture.aliases import used_by

    chain = _aliases(("s", "r"), ("r", "q"))
    # r is the sum's own index here: renaming s to r (or r to q) would capture or miss it
    assert used_by(chain, [read_side(r"s + \sum_{r=1}^{n} x_r")]) == []
    assert used_by(chain, [read_side(r"s + x_r")]) == []  # r as a subscript
    assert [a.name for a in used_by(chain, [read_side(r"s + \sum_{i=1}^{n} x_i")])] == ["s", "r"]
