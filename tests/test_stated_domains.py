r"""Domains stated in a lecture section are premises for its later links (issue 10, B.1/B.6/B.8).

A note that says ``$y \in \{0, 1\}$`` and then writes ``$$y^2 = y$$`` is right: the claim holds
at both members. Judged over all reals it was refuted at ``y = -1`` (a false alarm). The
premises only narrow: a wrong link stays refuted, with a counterexample inside the stated
domain, and a premise of one section never reaches another.

Truth in these tests is argued by hand in the comments and, for the generated variants,
computed in plain Python (fractions and floats) at the members of the stated set or on a grid
of the stated interval, independently of symxent.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction

import pytest

from symxent.lecture.checker import check_text
from symxent.lecture.domains import comparison_domain, number_of, stated_domain
from symxent.lecture.report import Row
from symxent.lecture.verify import verify

HOLDS = ("proved", "rounded", "confirmed")

LAB = r"""# Labels

Each label $y \in \{0, 1\}$ is a Bernoulli draw with mean $\mu \in (0,1)$.

$$y^2 = y$$

$$y(1 - y) = 0$$

$$\mu^{y}(1-\mu)^{1-y} \le 1$$

$$\mu^y (1-\mu)^{1-y} = \mu y + (1 - \mu)(1 - y)$$

$$y^2 = 2y$$
"""


def _claims(text: str) -> list[Row]:
    return [row for row in check_text(text).rows if row.kind == "claim"]


def _claim(text: str) -> Row:
    rows = _claims(text)
    assert len(rows) == 1, rows
    return rows[0]


# ------------------------------------------------------------------ the lab file


def test_the_bernoulli_note_has_no_false_alarm_and_keeps_its_wrong_link() -> None:
    rows = _claims(LAB)
    by_line = {row.line: row for row in rows}
    # y in {0, 1}: 0^2 = 0 and 1^2 = 1; 0(1-0) = 0 and 1(1-1) = 0
    assert by_line[5].status in HOLDS, by_line[5]
    assert by_line[7].status in HOLDS, by_line[7]
    # y = 0: (1 - mu) <= 1 as mu > 0; y = 1: mu <= 1 as mu < 1
    assert by_line[9].status in HOLDS, by_line[9]
    # y = 0: 1 - mu = (1 - mu); y = 1: mu = mu
    assert by_line[11].status in HOLDS, by_line[11]
    # y = 1: 1 = 2 is false (y = 0 gives 0 = 0): refuted at the member 1
    assert by_line[13].status == "refuted"
    assert "y = 1" in by_line[13].detail
    assert "y = -" not in by_line[13].detail  # never outside the stated set


def test_the_row_names_the_premise_and_its_line() -> None:
    rows = _claims(LAB)
    assert any("given y ∈ {0, 1} (line 3)" in note for note in rows[0].notes), rows[0]
    mixed = next(row for row in rows if row.line == 9)
    assert any("mu ∈ (0, 1) (line 3)" in note for note in mixed.notes), mixed
    assert any("y ∈ {0, 1} (line 3)" in note for note in mixed.notes), mixed


def test_the_statement_rows_say_they_are_premises() -> None:
    rows = [row for row in check_text(LAB).rows if row.line == 3]
    assert [row.status for row in rows] == ["binding", "binding"]
    assert rows[0].detail.startswith("classes 0, 1")  # the labels binding is kept
    assert "a premise for the links after it in this section" in rows[0].detail
    assert "mu ∈ (0, 1)" in rows[1].detail


# ------------------------------------------------------------------ each kind of premise


# (premise as written, true claim, wrong claim, a point of the domain that refutes the wrong one)
CASES = [
    # sqrt(x^2) = |x| = x exactly when x >= 0; -x differs at every x > 0
    (r"$x \ge 0$", r"\sqrt{x^2} = x", r"\sqrt{x^2} = -x"),
    (r"$x > 0$", r"\sqrt{x^2} = x", r"\sqrt{x^2} = 2x"),
    (r"$0 < x$", r"|x| = x", r"|x| = -x"),
    (r"$x \in (0, \infty)$", r"\sqrt{x^2} = x", r"\sqrt{x^2} = x + 1"),
    (r"$x \in \mathbb{R}_{>0}$", r"|x| = x", r"|x| = -x"),
    (r"$x \in \mathbb{R}^+$", r"|x| = x", r"|x| = x - 1"),
    # on [0, 1]: x^2 - x = x(x - 1) <= 0; x = 1/2 gives 1/4 >= 1/2 false
    (r"$x \in [0, 1]$", r"x^2 \le x", r"x^2 \ge x"),
    (r"$0 \le t \le 1$", r"t^2 \le t", r"t^2 \ge t"),
    # on (0, 1): t - t^2 = t(1 - t) > 0; t = 1/2: 1/4 > 1/2 false
    (r"$0 < t < 1$", r"t^2 < t", r"t^2 > t"),
    (r"$t \in (0,1)$", r"t(1 - t) > 0", r"t(1 - t) < 0"),
    # on (1, 2): (t - 1)(t - 2) < 0; t = 3/2 gives -1/4 > 0 false
    (r"$t \in (1, 2)$", r"(t - 1)(t - 2) < 0", r"(t - 1)(t - 2) > 0"),
    # members: s^2 = 1 at -1 and 1; s^3 = -1 at 1 is false
    (r"$s \in \{-1, 1\}$", r"s^2 = 1", r"s^3 = -1"),
    # k^3 - 3k^2 + 2k = k(k - 1)(k - 2) vanishes at 0, 1, 2; k^2 = k fails at 2 (4 vs 2)
    (r"$k \in \{0, 1, 2\}$", r"k^3 - 3k^2 + 2k = 0", r"k^2 = k"),
    (r"$y \in \{0, 1\}$", r"y^3 = y", r"y^3 = -y"),
]


@pytest.mark.parametrize(("premise", "true", "wrong"), CASES)
def test_a_premise_accepts_the_true_form_and_refutes_the_wrong_one(
    premise: str, true: str, wrong: str
) -> None:
    text = f"# S\n\nTake {premise}.\n\n$$TRUE$$\n\n$$WRONG$$\n"
    text = text.replace("TRUE", true).replace("WRONG", wrong)
    rows = _claims(text)
    assert len(rows) == 2, rows
    assert rows[0].status in HOLDS, rows[0]
    assert any("given" in note and "stated in this section" in note for note in rows[0].notes)
    assert rows[1].status == "refuted", rows[1]


def test_the_true_forms_fail_without_their_premise() -> None:
    # the premise is what makes them true: over all reals each fails (x = -1, t = 2, s = 0 ...);
    # one equal to a number is about values the file does not give (skipped), never accepted
    for premise, true, _ in CASES:
        rows = check_text(f"$${true}$$\n").rows
        assert len(rows) == 1, rows
        assert rows[0].status == "refuted" or (
            rows[0].status == "skipped" and "does not give" in rows[0].detail
        ), (premise, rows)


def test_a_refutation_under_a_set_names_the_member() -> None:
    row = _claims("$s \\in \\{-1, 1\\}$\n\n$$s^3 = 1$$\n")[0]
    # s = 1: 1 = 1; s = -1: -1 = 1 is false
    assert row.status == "refuted"
    assert "s = -1" in row.detail


def test_a_counterexample_under_an_interval_lies_inside_it() -> None:
    row = _claims("$x \\in [2, 3]$\n\n$$x^2 \\le 8$$\n")[0]
    # x^2 <= 8 fails for x > 2.83 (inside [2, 3]); every point named must lie in [2, 3]
    assert row.status == "refuted", row
    value = float(row.detail.split("x = ")[1].split(":")[0].split(",")[0])
    assert 2 <= value <= 3, row.detail


def test_a_premise_never_widens_a_domain() -> None:
    # x in R states nothing new: sqrt(x^2) = x is still refuted at a negative x
    row = _claims("$x \\in \\mathbb{R}$\n\n$$\\sqrt{x^2} = x$$\n")[0]
    assert row.status == "refuted"
    # a later statement narrows the earlier one: [0, 10] then (5, 20) leaves (5, 10]
    row = _claims("$x \\in [0, 10]$ and $x \\in (5, 20)$.\n\n$$x^2 > 25$$\n")[0]
    assert row.status in HOLDS, row


def test_symbolic_ends_state_nothing() -> None:
    # (a, b) with names: no numeric domain; the claim is judged over all reals
    row = _claims("$x \\in (a, b)$\n\n$$\\sqrt{x^2} = x$$\n")[0]
    assert row.status == "refuted"
    assert not any("given" in note for note in row.notes)


# ------------------------------------------------------------------ scope


def test_a_premise_does_not_leak_into_the_next_section() -> None:
    text = (
        "# One\n\nLet $y \\in \\{0, 1\\}$ and $x \\ge 0$.\n\n$$y^2 = y$$\n\n$$\\sqrt{x^2} = x$$\n\n"
        "# Two\n\n$$y^2 = y$$\n\n$$\\sqrt{x^2} = x$$\n"
    )
    rows = _claims(text)
    assert [row.status in HOLDS for row in rows] == [True, True, False, False], rows
    assert [row.status for row in rows[2:]] == ["refuted", "refuted"]
    assert not any("given" in note for row in rows[2:] for note in row.notes)


@pytest.mark.parametrize(
    ("separator", "kind"),
    [("# Next", "markdown"), ("---", "markdown"), ("\\section{Next}", "tex")],
    ids=["heading", "slide", "section"],
)
def test_every_kind_of_section_ends_a_premise(separator: str, kind: str) -> None:
    # s^3 = s holds at -1 and 1, and fails over all reals (s = 2: 8 vs 2)
    text = f"$s \\in \\{{-1, 1\\}}$\n\n$$s^3 = s$$\n\n{separator}\n\n$$s^3 = s$$\n"
    rows = [row for row in check_text(text, kind=kind).rows if row.kind == "claim"]
    assert len(rows) == 2, rows
    assert rows[0].status in HOLDS, rows
    assert rows[1].status == "refuted", rows


def test_a_premise_applies_only_after_it_is_stated() -> None:
    rows = _claims("$$y^2 = y$$\n\nHere $y \\in \\{0, 1\\}$.\n\n$$y^2 = y$$\n")
    assert rows[0].status == "refuted"
    assert rows[1].status in HOLDS


def test_verify_takes_no_premise() -> None:
    # a link alone is judged as written
    assert verify("y^2 = y").status == "refuted"


# ------------------------------------------------------------------ generated wrong variants

Side = Callable[[float], float]

# premise, name, left and right side in LaTeX, and both sides as Python functions (the truth
# of every form and variant is computed with these at the points of _MEMBERS)
FORMS: list[tuple[str, str, str, str, Side, Side]] = [
    (r"y \in \{0, 1\}", "y", r"y^2", "y", lambda v: v**2, lambda v: v),
    (r"y \in \{0, 1\}", "y", r"y(1 - y)", "0", lambda v: v * (1 - v), lambda v: 0.0),
    (r"s \in \{-1, 1\}", "s", r"s^4", "1", lambda v: v**4, lambda v: 1.0),
    (
        r"k \in \{0, 1, 2\}",
        "k",
        r"k^3 - 3k^2 + 2k",
        "0",
        lambda v: v**3 - 3 * v**2 + 2 * v,
        lambda v: 0.0,
    ),
    (r"x \ge 0", "x", r"\sqrt{x^2}", "x", lambda v: math.sqrt(v * v), lambda v: v),
    (
        r"x \in (0, \infty)",
        "x",
        r"\log x^2",
        r"2 \log x",
        lambda v: math.log(v * v),
        lambda v: 2 * math.log(v),
    ),
]

_MEMBERS = {
    r"y \in \{0, 1\}": [0.0, 1.0],
    r"s \in \{-1, 1\}": [-1.0, 1.0],
    r"k \in \{0, 1, 2\}": [0.0, 1.0, 2.0],
    r"x \ge 0": [0.0, 0.25, 0.5, 1.0, 2.0, 7.5, 100.0],
    r"x \in (0, \infty)": [0.01, 0.25, 0.5, 1.0, 2.0, 7.5, 100.0],
}

_VARIANTS: list[tuple[str, Callable[[str], str], Callable[[Side], Side]]] = [
    ("sign flip", lambda r: f"-({r})", lambda f: lambda v: -f(v)),
    ("plus one", lambda r: f"{r} + 1", lambda f: lambda v: f(v) + 1),
    ("doubled", lambda r: f"2({r})", lambda f: lambda v: 2 * f(v)),
    ("constant 3", lambda r: "3", lambda f: lambda v: 3.0),
]


def _holds(lhs: Side, rhs: Side, points: list[float]) -> bool:
    return all(abs(lhs(v) - rhs(v)) < 1e-9 for v in points)


@pytest.mark.parametrize("form", FORMS, ids=[f[2] for f in FORMS])
def test_generated_variants_under_each_premise(form: tuple[str, str, str, str, Side, Side]) -> None:
    premise, _name, lhs, rhs, f_lhs, f_rhs = form
    points = _MEMBERS[premise]
    assert _holds(f_lhs, f_rhs, points)  # the form itself is true on the stated domain
    head = f"# S\n\nLet ${premise}$.\n\n"
    true = _claim(f"{head}$${lhs} = {rhs}$$\n")
    assert true.status in HOLDS, true
    tried = 0
    for label, write, change in _VARIANTS:
        wrong_rhs = change(f_rhs)
        if _holds(f_lhs, wrong_rhs, points):
            continue  # accidentally true (-(0) = 0): not a wrong variant
        tried += 1
        row = _claim(f"{head}$${lhs} = {write(rhs)}$$\n")
        assert row.status in ("refuted", "unknown"), (label, row)
    assert tried >= 2


# ------------------------------------------------------------------ reading the statements


def test_reading_numbers_and_sets() -> None:
    assert number_of("0.25") == Fraction(1, 4)
    assert number_of(r"\frac{3}{4}") == Fraction(3, 4)
    assert number_of("a") is None
    assert stated_domain("y", "y", r"\{0, 1, 1\}", line=1).members == (0, 1)
    assert stated_domain("x", "x", r"[1, 0]", line=1) is None  # an empty interval states nothing
    assert stated_domain("x", "x", r"\{a, b\}", line=1) is None
    interval = stated_domain("x", "x", r"\left[0, \frac{1}{2}\right)", line=1).interval
    assert (interval.start, interval.end, interval.left_open, interval.right_open) == (
        0,
        Fraction(1, 2),
        False,
        True,
    )
    domain = comparison_domain("p", "p", "<=", "1", name_first=True, line=1)
    assert domain is not None and domain.interval.contains(1) and not domain.interval.contains(2)


# wrong variants of the Bernoulli pmf under y in {0, 1} and mu in (0, 1), each argued by hand
BERNOULLI_WRONG = [
    # swapped weights: y = 1 gives mu = 1 - mu, false unless mu = 1/2
    r"\mu^y (1-\mu)^{1-y} = \mu (1 - y) + (1 - \mu) y",
    # swapped exponents: y = 1 gives 1 - mu = mu, false unless mu = 1/2
    r"\mu^{1-y} (1-\mu)^{y} = \mu y + (1 - \mu)(1 - y)",
    # sign flip: y = 0 gives 1 - mu = -(1 - mu), false as 1 - mu > 0
    r"\mu^y (1-\mu)^{1-y} = -(\mu y + (1 - \mu)(1 - y))",
    # reversed bound: y = 0 gives 1 - mu >= 1, false as mu > 0
    r"\mu^{y}(1-\mu)^{1-y} \ge 1",
    # wrong constant: y = 0 gives 1 - mu <= 1/2, false for mu < 1/2
    r"\mu^{y}(1-\mu)^{1-y} \le \frac{1}{2}",
    # dropped term: y = 0 gives 1 - mu = 0, false as mu < 1
    r"\mu^y (1-\mu)^{1-y} = \mu y",
]


@pytest.mark.parametrize("wrong", BERNOULLI_WRONG)
def test_wrong_bernoulli_forms_stay_refuted_inside_the_domain(wrong: str) -> None:
    head = "# S\n\nEach label $y \\in \\{0, 1\\}$ has mean $\\mu \\in (0,1)$.\n\n"
    row = _claim(f"{head}$${wrong}$$\n")
    assert row.status == "refuted", row
    assert "y = 0" in row.detail or "y = 1" in row.detail, row.detail
    assert any("given" in note for note in row.notes)


# ------------------------------------------------------------------ every entry of a vector

# (premise, true claim, wrong claim). A statement about ``y_i`` with a generic index is about
# every entry; the vector keeps its role, narrowed to the entries stated. Truth by hand:
ENTRY_CASES = [
    # entries 0 or 1: 0^2 = 0, 1^2 = 1; at the entry 1: 1 = 2 is false
    (r"$y_i \in \{0, 1\}$", r"y_i^2 = y_i", r"y_i^2 = 2 y_i"),
    (r"$y^{(i)} \in \{0,1\}$", r"(y^{(i)})^3 = y^{(i)}", r"(y^{(i)})^3 = -y^{(i)}"),
    # 0(1 - 0) = 1(1 - 1) = 0; 1 = 0 is false... at every entry
    (r"$y_i \in \{0, 1\}$", r"y_i (1 - y_i) = 0", r"y_i (1 - y_i) = 1"),
    # each y_i^2 = y_i, so the sums agree; 2 sum y_i = 2 for a label vector (sum 1)
    (
        r"$y_1, \dots, y_N \in \{0, 1\}$",
        r"\sum_{i=1}^N y_i^2 = \sum_{i=1}^N y_i",
        r"\sum_{i=1}^N y_i^2 = 2 \sum_{i=1}^N y_i",
    ),
    # sqrt(x^2) = |x| = x for x > 0; -x differs at every x > 0
    (r"$x_i > 0$", r"\sqrt{x_i^2} = x_i", r"\sqrt{x_i^2} = -x_i"),
    (r"$x_i > 0$", r"\log x_i^2 = 2 \log x_i", r"\log x_i^2 = 3 \log x_i"),
    # |x| = x for x >= 0; x + 1 never equals x
    (r"$x_i \ge 0$", r"|x_i| = x_i", r"|x_i| = x_i + 1"),
    # on (0, 1): z(1 - z) > 0 and log z < 0; z = 1/2 refutes the reversed forms
    (r"$z_i \in (0, 1)$", r"z_i (1 - z_i) > 0", r"z_i (1 - z_i) < 0"),
    (r"$\hat{z}_i \in (0, 1)$", r"\log \hat{z}_i < 0", r"\log \hat{z}_i > 0"),
    (r"$0 < x_i < 1$", r"x_i^2 < x_i", r"x_i^2 > x_i"),
    # labels with positive entries are a distribution: each entry in (0, 1], log <= 0; a
    # distribution of one class is (1), where log 1 > 0 is false
    (r"$y_i > 0$", r"\log y_i \le 0", r"\log y_i > 0"),
]


@pytest.mark.parametrize(("premise", "true", "wrong"), ENTRY_CASES)
def test_a_premise_on_every_entry_accepts_the_true_form_and_refutes_the_wrong_one(
    premise: str, true: str, wrong: str
) -> None:
    text = f"# S\n\nTake {premise}.\n\n$$TRUE$$\n\n$$WRONG$$\n"
    rows = _claims(text.replace("TRUE", true).replace("WRONG", wrong))
    assert len(rows) == 2, rows
    assert rows[0].status in HOLDS, rows[0]
    assert any("given" in note and "stated in this section" in note for note in rows[0].notes)
    assert rows[1].status == "refuted", rows[1]


def test_the_entry_forms_fail_without_their_premise() -> None:
    # the premise is what makes them true: y on the simplex has y = (1/2, 1/2), x real has
    # x = -1, z real has z = 2 ...; one equal to a number is about values the file does not
    # give (skipped), never accepted
    for premise, true, _ in ENTRY_CASES:
        if true in (r"\log x_i^2 = 2 \log x_i", r"\log y_i \le 0"):
            continue  # defined only where the entry is > 0 anyway: true on the natural domain
        rows = check_text(f"# S\n\n$${true}$$\n").rows
        assert len(rows) == 1, rows
        assert rows[0].status == "refuted" or (
            rows[0].status == "skipped" and "does not give" in rows[0].detail
        ), (premise, rows)


def test_an_entry_counterexample_lies_inside_the_stated_domain() -> None:
    # y one-hot: the entries named in the refutation are 0 or 1 only
    row = _claims("# S\n\n$y_i \\in \\{0, 1\\}$\n\n$$y_i^2 = 2 y_i$$\n")[0]
    assert row.status == "refuted"
    vector = row.detail.split("y = (")[1].split(")")[0]
    assert {float(v) for v in vector.split(",")} <= {0.0, 1.0}, row.detail
    # z in (0, 1): every entry named lies strictly inside
    row = _claims("# S\n\n$z_i \\in (0, 1)$\n\n$$\\log z_i > 0$$\n")[0]
    assert row.status == "refuted"
    vector = row.detail.split("z = (")[1].split(")")[0]
    assert all(0 < float(v) < 1 for v in vector.split(",")), row.detail


def test_a_premise_on_entries_no_role_expresses_is_not_applied() -> None:
    # real entries in [0, 1]: no role is that set; (0, 1) would hide x = 0, where
    # x(1 - x) > 0 is false, so the premise is not applied and the link is not accepted
    row = _claims("# S\n\n$x_i \\in [0, 1]$\n\n$$x_i (1 - x_i) > 0$$\n")[0]
    assert row.status not in HOLDS, row
    assert not any("given" in note for note in row.notes)
    # a distribution's entries in (0, 1): no role is that set either (log 1 = 0 at n = 1)
    row = _claims("# S\n\n$q_i \\in (0, 1)$\n\n$$\\log q_i < 0$$\n")[0]
    assert row.status not in HOLDS, row
    assert not any("given" in note for note in row.notes)


def test_a_single_entry_states_nothing_about_the_others() -> None:
    # y_1 in {0, 1} says nothing of y_2: y on the simplex has y = (1/2, 1/2)
    row = _claims("# S\n\n$y_1 \\in \\{0, 1\\}$\n\n$$y_i^2 = y_i$$\n")[0]
    assert row.status == "refuted", row


def test_a_premise_on_entries_does_not_leak_into_the_next_section() -> None:
    text = (
        "# One\n\nLet $y_i \\in \\{0, 1\\}$ and $x_i > 0$.\n\n$$y_i^2 = y_i$$\n\n"
        "$$\\sqrt{x_i^2} = x_i$$\n\n# Two\n\n$$y_i^2 = y_i$$\n\n$$\\sqrt{x_i^2} = x_i$$\n"
    )
    rows = _claims(text)
    assert [row.status in HOLDS for row in rows] == [True, True, False, False], rows
    assert [row.status for row in rows[2:]] == ["refuted", "refuted"]
    assert not any("given" in note for row in rows[2:] for note in row.notes)


def test_a_scalar_premise_is_not_a_premise_on_entries() -> None:
    # y in {0, 1} is about the scalar y; the vector y (y_i) stays on the simplex
    row = _claims("# S\n\n$y \\in \\{0, 1\\}$\n\n$$y_i^2 = y_i$$\n")[0]
    assert row.status == "refuted", row


def test_the_row_names_the_entry_premise() -> None:
    rows = check_text("# S\n\nLet $y_i \\in \\{0, 1\\}$.\n\n$$y_i^2 = y_i$$\n").rows
    assert "a stated domain, y_i ∈ {0, 1} (line 3)" in rows[0].detail, rows[0]
    assert "given y_i ∈ {0, 1} (line 3): a domain stated in this section" in rows[1].notes


# ------------------------------------------------------------------ lists of names

LIST_CASES = [
    # x, y in (0, 1): xy < 1 (each factor below 1); xy > 1 false everywhere there
    (r"$x, y \in (0, 1)$", r"x y < 1", r"x y > 1"),
    # a, b > 0: sqrt(a^2 b^2) = |ab| = ab; -ab < 0 differs
    (r"$a, b > 0$", r"\sqrt{a^2 b^2} = a b", r"\sqrt{a^2 b^2} = -a b"),
    (r"$a, b \ge 0$", r"|a| + |b| = a + b", r"|a| + |b| = a - b"),
    # s, t in {-1, 1}: s^2 t^2 = 1 at all four pairs; s t = 1 fails at (1, -1)
    (r"$s, t \in \{-1, 1\}$", r"s^2 t^2 = 1", r"s t = 1"),
]


@pytest.mark.parametrize(("premise", "true", "wrong"), LIST_CASES)
def test_a_list_states_the_domain_of_each_name(premise: str, true: str, wrong: str) -> None:
    text = f"# S\n\nTake {premise}.\n\n$$TRUE$$\n\n$$WRONG$$\n"
    rows = _claims(text.replace("TRUE", true).replace("WRONG", wrong))
    assert len(rows) == 2, rows
    assert rows[0].status in HOLDS, rows[0]
    assert any("domains stated in this section" in note for note in rows[0].notes), rows[0]
    assert rows[1].status == "refuted", rows[1]
    # and over all reals each true form fails (x = y = 2, a = -1); s^2 t^2 = 1 without its
    # premise is about values the file does not give (skipped), never accepted
    alone = check_text(f"# S\n\n$${true}$$\n").rows
    assert len(alone) == 1, alone
    assert alone[0].status == "refuted" or (
        alone[0].status == "skipped" and "does not give" in alone[0].detail
    ), alone


# ------------------------------------------------------------------ generated variants (entries)

# premise, left and right side in LaTeX and as Python functions of one entry, the entry values
# the premise allows (its members, or a grid of the interval)
ENTRY_FORMS: list[tuple[str, str, str, Side, Side, list[float]]] = [
    (r"y_i \in \{0, 1\}", r"y_i^2", "y_i", lambda v: v**2, lambda v: v, [0.0, 1.0]),
    (r"y_i \in \{0, 1\}", r"y_i^3 - y_i^2", "0", lambda v: v**3 - v**2, lambda v: 0.0, [0.0, 1.0]),
    (
        r"x_i > 0",
        r"\log x_i^2",
        r"2 \log x_i",
        lambda v: math.log(v * v),
        lambda v: 2 * math.log(v),
        [0.01, 0.25, 0.5, 1.0, 2.0, 7.5, 100.0],
    ),
    (
        r"x_i \ge 0",
        r"\sqrt{x_i^2}",
        "x_i",
        lambda v: math.sqrt(v * v),
        lambda v: v,
        [0.0, 0.25, 0.5, 1.0, 2.0, 7.5, 100.0],
    ),
    (
        r"z_i \in (0, 1)",
        r"|z_i - 1|",
        "1 - z_i",
        lambda v: abs(v - 1),
        lambda v: 1 - v,
        [0.01, 0.25, 0.5, 0.75, 0.99],
    ),
]


@pytest.mark.parametrize("form", ENTRY_FORMS, ids=[f[1] for f in ENTRY_FORMS])
def test_generated_variants_under_each_entry_premise(
    form: tuple[str, str, str, Side, Side, list[float]],
) -> None:
    premise, lhs, rhs, f_lhs, f_rhs, points = form
    assert _holds(f_lhs, f_rhs, points)  # the form itself is true on the stated entries
    head = f"# S\n\nLet ${premise}$.\n\n"
    true = _claim(f"{head}$${lhs} = {rhs}$$\n")
    assert true.status in HOLDS, true
    tried = 0
    for label, write, change in _VARIANTS:
        wrong_rhs = change(f_rhs)
        if _holds(f_lhs, wrong_rhs, points):
            continue  # accidentally true (-(0) = 0): not a wrong variant
        tried += 1
        row = _claim(f"{head}$${lhs} = {write(rhs)}$$\n")
        assert row.status == "refuted", (label, row)
    assert tried >= 2


def test_an_entry_premise_leaves_a_two_index_array_alone() -> None:
    # y_i in {0, 1} is about the entries y_i; the rows of an array y_{ij} stay soft labels,
    # where sum_ij y_ij^2 = N fails (rows (1/2, 1/2) give N/2)
    text = (
        "# S\n\nLet $y_i \\in \\{0,1\\}$.\n\n$$\\sum_{i=1}^N \\sum_{j=1}^C y_{ij}^2 = N$$\n\n"
        "$$\\sum_{i=1}^N y_i^2 = \\sum_{i=1}^N y_i$$\n"
    )
    rows = _claims(text)
    assert rows[0].status == "refuted", rows[0]
    assert not any("given" in note for note in rows[0].notes)
    assert rows[1].status in HOLDS, rows[1]


def test_an_elided_list_of_entries_in_a_comparison() -> None:
    # x_1, ..., x_n > 0: every entry positive, so sqrt(x_i^2) = x_i; -x_i differs
    head = "# S\n\nLet $x_1, \\dots, x_n > 0$.\n\n"
    rows = _claims(f"{head}$$\\sqrt{{x_i^2}} = x_i$$\n\n$$\\sqrt{{x_i^2}} = -x_i$$\n")
    assert [row.status in HOLDS for row in rows] == [True, False], rows
    assert rows[1].status == "refuted"


def test_random_variables_stated_in_a_set_are_their_alphabet_not_a_premise() -> None:
    # "$X, Y \in \{0, 1\}$" names the alphabet of two random variables; putting 0 for X into
    # H(X | Y) aborted the whole file ("a random variable is named like X ..."). The chain rule
    # holds for every joint pmf; H(X | Y) = H(Y | X) fails (X = Y's copy with a biased Y: any
    # pmf with H(X) != H(Y), e.g. p(0, 0) = 1/2, p(0, 1) = 1/2 gives H(X|Y) = 0, H(Y|X) = ln 2).
    text = (
        "$X, Y \\in \\{0, 1\\}$ are two bits.\n\n"
        "$$H(X, Y) = H(X) + H(Y \\mid X)$$\n\n"
        "$$H(X \\mid Y) = H(Y \\mid X)$$\n"
    )
    statuses = {row.line: row.status for row in check_text(text).rows}
    assert statuses[3] == "proved"
    assert statuses[5] == "refuted"


@pytest.mark.parametrize(
    ("claim", "truth"),
    [
        # two bits: H(Y) <= log 2, I(X; Y) <= H(Y) <= log 2, H(X, Y) <= log 4
        ("H(Y) \\le \\log 2", True),
        ("I(X; Y) \\le \\log 2", True),
        ("H(X, Y) \\le \\log 4", True),
        # the uniform pmf on four cells: H(X, Y) = log 4 > log 3; a fair bit: log 2 > log 2 - 0.1
        ("H(X, Y) \\le \\log 3", False),
        ("H(Y) \\le \\log 2 - 0.1", False),
    ],
)
def test_random_variables_stated_in_a_set_have_that_many_values(claim: str, truth: bool) -> None:
    text = f"$X, Y \\in \\{{0, 1\\}}$ are two bits.\n\n$${claim}$$\n\n# Another section\n\n$${claim}$$\n"
    rows = [row for row in check_text(text).rows if row.kind == "claim"]
    assert rows[0].status in (("proved", "confirmed") if truth else ("refuted",)), rows[0]
    if truth:  # without the statement, a three-valued Y is a counterexample
        assert rows[1].status == "refuted", rows[1]
