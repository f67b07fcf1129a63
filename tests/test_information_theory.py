r"""Random variables over a joint pmf: H(X, Y), H(Y | X), I(X; Y), I(X; Y | Z), read and judged.

Every truth here is established without symxent: the entropies of explicit joint pmfs written
out in this file are computed with mpmath straight from their definitions (the conditional
entropy as -sum p(x, y) log p(y | x), the mutual information as
sum p(x, y) log p(x, y) / (p(x) p(y)), never through the identities under test).
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import mpmath
import pytest
import sympy as sp
from mpmath import mpf

from symxent import CrossEntropy, Distribution, Entropy, latex
from symxent.check import check_claim
from symxent.errors import LatexParseError
from symxent.latex.parse import parse
from symxent.lecture import verify
from symxent.quantities.joint import (
    ConditionalEntropy,
    JointDistribution,
    JointEntropy,
    Marginal,
    MutualInformation,
    alphabet_size,
)

mpmath.mp.dps = 40

# ---------------------------------------------------------------- explicit pmfs, mpmath truth

Table = dict[tuple[int, ...], mpf]


def table(rows: object) -> Table:
    """A nested list of decimals (as text, exact) -> {index tuple: probability}."""
    found: Table = {}

    def walk(node: object, at: tuple[int, ...]) -> None:
        if isinstance(node, list | tuple):
            for position, child in enumerate(node):
                walk(child, (*at, position))
        else:
            found[at] = mpf(node)  # type: ignore[arg-type]

    walk(rows, ())
    total = mpmath.fsum(found.values())
    return {k: v / total for k, v in found.items()}


AXES = {"X": 0, "Y": 1, "Z": 2}


def marginal(p: Table, names: str) -> Table:
    axes = [AXES[n] for n in sorted(set(names), key=AXES.get)]
    result: Table = {}
    for index, value in p.items():
        key = tuple(index[a] for a in axes)
        result[key] = result.get(key, mpf(0)) + value
    return result


def project(index: tuple[int, ...], names: str) -> tuple[int, ...]:
    return tuple(index[AXES[n]] for n in sorted(set(names), key=AXES.get))


def H(p: Table, names: str) -> mpf:
    """-sum m log m over the marginal of ``names`` (0 log 0 = 0)."""
    return -mpmath.fsum(m * mpmath.log(m) for m in marginal(p, names).values() if m > 0)


def Hc(p: Table, names: str, given: str) -> mpf:
    """-sum p(v, g) log p(v | g), straight from the definition."""
    joint, cond = marginal(p, names + given), marginal(p, given)
    return -mpmath.fsum(
        m * mpmath.log(m / cond[project_sorted(k, names + given, given)])
        for k, m in joint.items()
        if m > 0
    )


def project_sorted(key: tuple[int, ...], have: str, want: str) -> tuple[int, ...]:
    """Restrict a key of the marginal over ``have`` to the variables ``want``."""
    order = sorted(set(have), key=AXES.get)
    return tuple(key[order.index(n)] for n in sorted(set(want), key=AXES.get))


def I(p: Table, a: str, b: str, given: str = "") -> mpf:  # noqa: E743 - the textbook name
    """sum p(a, b, c) log p(a, b, c) p(c) / (p(a, c) p(b, c)), straight from the definition."""
    every = a + b + given
    joint = marginal(p, every)
    ac, bc = marginal(p, a + given), marginal(p, b + given)
    c = marginal(p, given) if given else {(): mpf(1)}
    total = []
    for k, m in joint.items():
        if m > 0:
            ratio = m * c[project_sorted(k, every, given)]
            ratio /= (
                ac[project_sorted(k, every, a + given)] * bc[project_sorted(k, every, b + given)]
            )
            total.append(m * mpmath.log(ratio))
    return mpmath.fsum(total)


def size(p: Table, name: str) -> int:
    return 1 + max(index[AXES[name]] for index in p)


# two variables: dependent, independent (a product), Y a function of X, zeros, a 3 x 2 table
PANEL_2 = [
    table([["0.30", "0.05", "0.15"], ["0.10", "0.25", "0.15"]]),
    table([["0.06", "0.15", "0.09"], ["0.14", "0.35", "0.21"]]),
    table([["0.4", "0"], ["0", "0.6"]]),
    table([["0.5", "0"], ["0.25", "0.25"]]),
    table([["0.1", "0.2"], ["0.3", "0.1"], ["0.05", "0.25"]]),
]
# three variables: generic, X and Y independent given Z, a function, a uniform one
PANEL_3 = [
    table([[["0.10", "0.05"], ["0.15", "0.20"]], [["0.05", "0.20"], ["0.10", "0.15"]]]),
    # p(z) p(x|z) p(y|z) with p(z) = (0.5, 0.5), p(x|z) = (0.8, 0.2) / (0.3, 0.7),
    # p(y|z) = (0.6, 0.4) / (0.1, 0.9): entry [x][y][z]
    table(
        [
            [["0.24", "0.015"], ["0.16", "0.135"]],
            [["0.06", "0.035"], ["0.04", "0.315"]],
        ]
    ),
    table([[["0.3", "0"], ["0", "0"]], [["0", "0"], ["0", "0.7"]]]),
    table([[["1", "1"], ["1", "1"]], [["1", "1"], ["1", "1"]]]),
]


def test_the_panels_are_pmfs_and_the_product_is_independent() -> None:
    for p in PANEL_2 + PANEL_3:
        assert abs(mpmath.fsum(p.values()) - 1) < mpf(10) ** -35
    assert abs(I(PANEL_2[1], "X", "Y")) < mpf(10) ** -30  # exactly a product
    assert I(PANEL_2[0], "X", "Y") > mpf("0.01")
    assert abs(I(PANEL_3[1], "X", "Y", "Z")) < mpf(10) ** -30  # X, Y independent given Z
    assert I(PANEL_3[1], "X", "Y") > mpf("0.01")  # but not independent
    assert abs(Hc(PANEL_2[2], "Y", "X")) < mpf(10) ** -30  # Y is a function of X


# ---------------------------------------------------------------- readings

PXY = JointDistribution("p", ["X", "Y"])
PXYZ = JointDistribution("p", ["X", "Y", "Z"])
PX = JointDistribution("p", ["X"])
X, Y = PXY.variables
Z = PXYZ.variables[2]


def read(text: str) -> tuple[sp.Expr, ...]:
    return parse(text).expressions


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (r"H(X) = 0", JointEntropy(PX, [X])),
        (r"H(X, Y) = 0", JointEntropy(PXY, [X, Y])),
        (r"H(X,Y,Z) = 0", JointEntropy(PXYZ, [X, Y, Z])),
        (r"H(Y \mid X) = 0", ConditionalEntropy(PXY, [Y], [X])),
        (r"H(Y|X) = 0", ConditionalEntropy(PXY, [Y], [X])),
        (r"H(Y \,|\, X) = 0", ConditionalEntropy(PXY, [Y], [X])),
        (r"H(Y | X, Z) = 0", ConditionalEntropy(PXYZ, [Y], [X, Z])),
        (r"I(X; Y) = 0", MutualInformation(PXY, [X], [Y])),
        (r"I(X;Y \mid Z) = 0", MutualInformation(PXYZ, [X], [Y], [Z])),
        (r"I(X; Y, Z) = 0", MutualInformation(PXYZ, [X], [Y, Z])),
        (r"I(X, Y; Z) = 0", MutualInformation(PXYZ, [X, Y], [Z])),
        (r"H(p, q) = 0", CrossEntropy(Distribution("p", "n"), Distribution("q", "n"))),
        (r"H(p) = 0", Entropy(Distribution("p", "n"))),
        (
            r"H(X_1, X_2) = 0",
            JointEntropy(JointDistribution("p", ["X_1", "X_2"]), ["X_1", "X_2"]),
        ),
    ],
)
def test_information_notation_reads_as_written(text: str, expected: sp.Expr) -> None:
    assert read(text)[0] == expected


def test_a_claim_s_random_variables_share_one_joint_pmf() -> None:
    left, right = read(r"H(X) = H(X, Y) - H(Y \mid X)")
    assert left == JointEntropy(PXY, [X])  # the marginal of the same pmf, not a pmf of X alone
    assert right == JointEntropy(PXY, [X, Y]) - ConditionalEntropy(PXY, [Y], [X])


def test_log_of_the_alphabet_is_the_log_of_its_size() -> None:
    assert read(r"H(X) \le \log |\mathcal{X}|")[1] == sp.log(alphabet_size("X"))
    assert latex(alphabet_size("X")) == r"|\mathcal{X}|"


def test_pmf_entries_marginals_and_conditionals_inside_sums() -> None:
    mutual = read(r"\sum_{x,y} p(x,y) \log \frac{p(x,y)}{p(x)p(y)} = 0")[0]
    x, y = sp.Symbol("x", integer=True), sp.Symbol("y", integer=True)
    entry = PXY.base[x, y]
    px, py = Marginal(PXY, [X], [x]), Marginal(PXY, [Y], [y])
    assert mutual == sp.Sum(
        entry * sp.log(entry / (px * py)), (y, 1, alphabet_size("Y")), (x, 1, alphabet_size("X"))
    )
    conditional = read(r"-\sum_{x}\sum_{y} p(x,y)\log p(y|x) = 0")[0]
    assert conditional.has(sp.log(entry / px))


@pytest.mark.parametrize(
    "text",
    [
        r"H(Y, \hat{Y}) = 0",  # a prediction: cross-entropy, as in seed handout 001
        r"\mathrm{CE}(X_a, Y_a) = 0",  # seed handout 003
        r"H(X, Y) = -\sum_i P(X = i) \log P(Y = i)",  # X, Y used as distributions here
    ],
)
def test_capitals_used_as_distributions_stay_distributions(text: str) -> None:
    assert isinstance(read(text)[0], CrossEntropy)


def test_printing_follows_the_textbook() -> None:
    assert latex(ConditionalEntropy(PXYZ, [Y], [X, Z])) == r"H(Y \mid X, Z)"
    assert latex(MutualInformation(PXYZ, [X], [Y], [Z], 2)) == r"I_{2}(X; Y \mid Z)"
    assert latex(JointEntropy(PXY, [X, Y])) == "H(X, Y)"
    definition = MutualInformation(PXY, [X], [Y]).definition()
    assert r"\log \frac{p(x, y)}{p(x) p(y)}" in latex(definition)
    assert r"\sum_{y'=1}^{|\mathcal{Y}|} p(x, y')" in latex(definition.doit())


# ---------------------------------------------------------------- the bar and the semicolon


@pytest.mark.parametrize(
    "text",
    [
        r"H(p \mid q) = H(p)",  # a condition bar between distributions has no reading
        r"H(X; Y) = 0",  # a semicolon inside H
        r"I(X \mid Z; Y) = 0",  # the bar before the semicolon
        r"I(X \mid Y) = 0",  # mutual information without its semicolon
        r"I(X; Y; Z) = 0",  # interaction information: not read as I(X; Y, Z)
        r"H(X \mid Y \mid Z) = 0",  # two bars: not read as H(X | Y, Z)
        r"H(X) \le \log |\mathcal{Z}|",  # the alphabet of a variable the claim does not have
    ],
)
def test_a_bar_or_semicolon_is_never_dropped(text: str) -> None:
    with pytest.raises(LatexParseError):
        verify(text)


@pytest.mark.parametrize(
    "text",
    [
        r"H(Y \mid X) = H(Y)",  # true only for independent X, Y: with the bar dropped, 'proved'
        r"H(X \mid Y) \ge H(X)",
        r"I(X; Y \mid Z) = I(X; Y)",
        r"I(X; Y \mid Z) \le I(X; Y)",  # false: conditioning can increase it (X xor Z = Y)
        r"p(y \mid x) = p(y)",
    ],
)
def test_claims_that_need_the_bar_are_refuted(text: str) -> None:
    assert verify(text).status == "refuted"


# ---------------------------------------------------------------- identities and inequalities

Values = Callable[[Table], tuple[mpf, mpf]]


@dataclass(frozen=True)
class Claim:
    """A claim in LaTeX, its relation and its sides computed with mpmath."""

    text: str
    relation: str
    sides: Values
    variables: int = 2


def holds(claim: Claim, p: Table) -> bool:
    left, right = claim.sides(p)
    slack = mpf(10) ** -25
    return {
        "=": abs(left - right) <= slack,
        "<=": left <= right + slack,
        ">=": left >= right - slack,
        "<": left < right - slack,
        ">": left > right + slack,
    }[claim.relation]


def panel(claim: Claim) -> list[Table]:
    return PANEL_3 if claim.variables == 3 else PANEL_2


IDENTITIES = [
    Claim(
        r"H(X, Y) = H(X) + H(Y \mid X)", "=", lambda p: (H(p, "XY"), H(p, "X") + Hc(p, "Y", "X"))
    ),
    Claim(r"H(X,Y) = H(Y) + H(X|Y)", "=", lambda p: (H(p, "XY"), H(p, "Y") + Hc(p, "X", "Y"))),
    Claim(
        r"I(X; Y) = H(X) - H(X \mid Y)",
        "=",
        lambda p: (I(p, "X", "Y"), H(p, "X") - Hc(p, "X", "Y")),
    ),
    Claim(
        r"I(X;Y) = H(X) + H(Y) - H(X,Y)",
        "=",
        lambda p: (I(p, "X", "Y"), H(p, "X") + H(p, "Y") - H(p, "XY")),
    ),
    Claim(r"I(X; Y) = I(Y; X)", "=", lambda p: (I(p, "X", "Y"), I(p, "Y", "X"))),
    Claim(
        r"I(X; Y) = H(X, Y) - H(X \mid Y) - H(Y \mid X)",
        "=",
        lambda p: (I(p, "X", "Y"), H(p, "XY") - Hc(p, "X", "Y") - Hc(p, "Y", "X")),
    ),
    Claim(
        r"\sum_{x,y} p(x,y) \log \frac{p(x,y)}{p(x)p(y)} = I(X;Y)",
        "=",
        lambda p: (I(p, "X", "Y"), I(p, "X", "Y")),
    ),
    Claim(
        r"-\sum_{x}\sum_{y} p(x,y)\log p(y|x) = H(Y|X)",
        "=",
        lambda p: (Hc(p, "Y", "X"), Hc(p, "Y", "X")),
    ),
    Claim(
        r"H(X, Y, Z) = H(X) + H(Y \mid X) + H(Z \mid X, Y)",
        "=",
        lambda p: (H(p, "XYZ"), H(p, "X") + Hc(p, "Y", "X") + Hc(p, "Z", "XY")),
        3,
    ),
    Claim(
        r"I(X; Y \mid Z) = H(X \mid Z) - H(X \mid Y, Z)",
        "=",
        lambda p: (I(p, "X", "Y", "Z"), Hc(p, "X", "Z") - Hc(p, "X", "YZ")),
        3,
    ),
    Claim(
        r"I(X; Y, Z) = I(X; Z) + I(X; Y \mid Z)",
        "=",
        lambda p: (I(p, "X", "YZ"), I(p, "X", "Z") + I(p, "X", "Y", "Z")),
        3,
    ),
    Claim(
        r"H(X, Y \mid Z) = H(X \mid Z) + H(Y \mid X, Z)",
        "=",
        lambda p: (Hc(p, "XY", "Z"), Hc(p, "X", "Z") + Hc(p, "Y", "XZ")),
        3,
    ),
]

INEQUALITIES = [
    Claim(r"H(X \mid Y) \le H(X)", "<=", lambda p: (Hc(p, "X", "Y"), H(p, "X"))),
    Claim(r"H(X, Y) \le H(X) + H(Y)", "<=", lambda p: (H(p, "XY"), H(p, "X") + H(p, "Y"))),
    Claim(r"I(X; Y) \ge 0", ">=", lambda p: (I(p, "X", "Y"), mpf(0))),
    Claim(r"I(X; Y) \le H(X)", "<=", lambda p: (I(p, "X", "Y"), H(p, "X"))),
    Claim(r"H(X, Y) \ge H(X)", ">=", lambda p: (H(p, "XY"), H(p, "X"))),
    Claim(r"H(Y \mid X) \ge 0", ">=", lambda p: (Hc(p, "Y", "X"), mpf(0))),
    Claim(r"H(X) \le \log |\mathcal{X}|", "<=", lambda p: (H(p, "X"), mpmath.log(size(p, "X")))),
    Claim(
        r"H(X, Y) \le \log |\mathcal{X}| + \log |\mathcal{Y}|",
        "<=",
        lambda p: (H(p, "XY"), mpmath.log(size(p, "X") * size(p, "Y"))),
    ),
    Claim(r"I(X; Y \mid Z) \ge 0", ">=", lambda p: (I(p, "X", "Y", "Z"), mpf(0)), 3),
    Claim(
        r"H(X \mid Y, Z) \le H(X \mid Z)", "<=", lambda p: (Hc(p, "X", "YZ"), Hc(p, "X", "Z")), 3
    ),
]


@pytest.mark.parametrize("claim", IDENTITIES, ids=lambda c: c.text)
def test_identities_hold_on_the_panel_and_are_proved(claim: Claim) -> None:
    assert all(holds(claim, p) for p in panel(claim))
    assert verify(claim.text).status == "proved"


@pytest.mark.parametrize("claim", INEQUALITIES, ids=lambda c: c.text)
def test_inequalities_hold_on_the_panel_and_are_accepted(claim: Claim) -> None:
    assert all(holds(claim, p) for p in panel(claim))
    result = verify(claim.text)
    assert result.status == "proved", result.text()  # Shannon's inequalities, exactly


# ---------------------------------------------------------------- wrong variants

WRONG = [
    Claim(r"H(X, Y) = H(X) + H(Y)", "=", lambda p: (H(p, "XY"), H(p, "X") + H(p, "Y"))),
    Claim(r"H(X \mid Y) \ge H(X)", ">=", lambda p: (Hc(p, "X", "Y"), H(p, "X"))),
    Claim(
        r"I(X; Y) = H(X) + H(Y \mid X)",
        "=",
        lambda p: (I(p, "X", "Y"), H(p, "X") + Hc(p, "Y", "X")),
    ),
    Claim(r"H(X, Y) \le H(X)", "<=", lambda p: (H(p, "XY"), H(p, "X"))),
    Claim(r"I(X; Y) \le 0", "<=", lambda p: (I(p, "X", "Y"), mpf(0))),
    Claim(r"I(X; Y) > 0", ">", lambda p: (I(p, "X", "Y"), mpf(0))),
    Claim(r"H(Y \mid X) = H(X \mid Y)", "=", lambda p: (Hc(p, "Y", "X"), Hc(p, "X", "Y"))),
    Claim(r"H(Y \mid X) > 0", ">", lambda p: (Hc(p, "Y", "X"), mpf(0))),
    Claim(r"H(X, Y) < H(X) + H(Y)", "<", lambda p: (H(p, "XY"), H(p, "X") + H(p, "Y"))),
    Claim(r"H(X) < \log |\mathcal{X}|", "<", lambda p: (H(p, "X"), mpmath.log(size(p, "X"))), 1),
    Claim(r"H(X) \ge \log |\mathcal{X}|", ">=", lambda p: (H(p, "X"), mpmath.log(size(p, "X"))), 1),
    Claim(
        r"\sum_{x,y} p(x,y) \log \frac{p(x)p(y)}{p(x,y)} \ge 0",
        ">=",
        lambda p: (-I(p, "X", "Y"), mpf(0)),
    ),
    Claim(r"I(X; Y \mid Z) \le I(X; Y)", "<=", lambda p: (I(p, "X", "Y", "Z"), I(p, "X", "Y")), 3),
    Claim(r"I(X; Y \mid Z) > 0", ">", lambda p: (I(p, "X", "Y", "Z"), mpf(0)), 3),
    Claim(
        r"I(X; Y, Z) = I(X; Y) + I(X; Z)",
        "=",
        lambda p: (I(p, "X", "YZ"), I(p, "X", "Y") + I(p, "X", "Z")),
        3,
    ),
]


def _counterexample_breaks(claim: Claim, result: object) -> None:
    (row,) = result.rows  # type: ignore[attr-defined]
    verdict = next(iter(row.judgement.verdicts.values()))
    point = verdict.counterexample.point
    (name,) = [k for k in point if k.startswith("p(")]
    assert name.count(",") == claim.variables - 1  # p(X,Y) or p(X,Y,Z): the joint pmf
    text = point[name]
    p = table(ast.literal_eval(text.replace("(", "[").replace(")", "]")))
    left, right = claim.sides(p)
    if claim.relation in ("<", ">"):
        # printed to 6 digits: a tie (e.g. I = 0 at a product pmf) may come back as 1e-12
        assert not holds(claim, p) or abs(left - right) < mpf("1e-6")
    else:
        assert not holds(claim, p), (text, left, right)


@pytest.mark.parametrize("claim", WRONG, ids=lambda c: c.text)
def test_wrong_variants_are_refuted_with_a_joint_pmf(claim: Claim) -> None:
    assert not all(holds(claim, p) for p in panel(claim))  # false, by the panel
    result = verify(claim.text)
    assert result.status == "refuted", result.text()
    assert "p(X" in result.text()
    _counterexample_breaks(claim, result)


def test_true_claims_that_look_wrong_are_not_refuted() -> None:
    # H(X, Y) >= H(X) and I(X; Y) <= H(X) are true (see INEQUALITIES); so are these
    for text in (r"H(X \mid Y) \le H(X, Y)", r"I(X; Y) \le H(X, Y)", r"I(X; X) = H(X)"):
        assert verify(text).status == "proved"


# ---------------------------------------------------------------- generated mutations


@dataclass(frozen=True)
class Term:
    """One term of an identity: its LaTeX and its mpmath value."""

    text: str
    value: Callable[[Table], mpf]


TERMS = {
    "HX": Term("H(X)", lambda p: H(p, "X")),
    "HY": Term("H(Y)", lambda p: H(p, "Y")),
    "HXY": Term("H(X, Y)", lambda p: H(p, "XY")),
    "HX|Y": Term(r"H(X \mid Y)", lambda p: Hc(p, "X", "Y")),
    "HY|X": Term(r"H(Y \mid X)", lambda p: Hc(p, "Y", "X")),
    "IXY": Term("I(X; Y)", lambda p: I(p, "X", "Y")),
}
SWAPS = {"HX|Y": "HY|X", "HY|X": "HX|Y", "HX": "HY", "HY": "HX"}

Side = Sequence[tuple[int, str]]
BASES: list[tuple[Side, str, Side]] = [
    ([(1, "HXY")], "=", [(1, "HX"), (1, "HY|X")]),
    ([(1, "IXY")], "=", [(1, "HX"), (-1, "HX|Y")]),
    ([(1, "IXY")], "=", [(1, "HX"), (1, "HY"), (-1, "HXY")]),
    ([(1, "HX|Y")], "<=", [(1, "HX")]),
    ([(1, "HXY")], "<=", [(1, "HX"), (1, "HY")]),
]


def _render(side: Side) -> str:
    text = ""
    for coefficient, key in side:
        sign = "-" if coefficient < 0 else ("+" if text else "")
        text += f" {sign} {TERMS[key].text}"
    return text.strip() or "0"


def _value(side: Side, p: Table) -> mpf:
    return mpmath.fsum(c * TERMS[k].value(p) for c, k in side)


def _mutations(left: Side, relation: str, right: Side) -> list[tuple[Side, str, Side, str]]:
    """Sign flips, swapped conditionals and variables, dropped terms, reversed relations."""
    found = []
    for which, side in (("left", left), ("right", right)):
        for position, (coefficient, key) in enumerate(side):
            flipped = [*side[:position], (-coefficient, key), *side[position + 1 :]]
            found.append((which, flipped, f"sign of {key}"))
            if key in SWAPS:
                swapped = [*side[:position], (coefficient, SWAPS[key]), *side[position + 1 :]]
                found.append((which, swapped, f"{key} swapped"))
            if len(side) > 1:
                found.append((which, [*side[:position], *side[position + 1 :]], f"{key} dropped"))
    result = [
        (variant, relation, right, why) if which == "left" else (left, relation, variant, why)
        for which, variant, why in found
    ]
    if relation != "=":
        reverse = {"<=": ">=", ">=": "<="}[relation]
        result.append((left, reverse, right, "relation reversed"))
    return result


def _false_mutations() -> list[pytest.ParameterSet]:
    cases = []
    for left, relation, right in BASES:
        for m_left, m_relation, m_right, why in _mutations(left, relation, right):
            claim = Claim(
                f"{_render(m_left)} {m_relation} {_render(m_right)}".replace("<=", r"\le").replace(
                    ">=", r"\ge"
                ),
                m_relation,
                lambda p, a=m_left, b=m_right: (_value(a, p), _value(b, p)),
            )
            if not all(holds(claim, p) for p in PANEL_2):  # only variants mpmath shows false
                cases.append(pytest.param(claim, id=f"{claim.text} [{why}]"))
    return cases


FALSE_MUTATIONS = _false_mutations()


def test_most_mutations_are_false() -> None:
    assert len(FALSE_MUTATIONS) >= 25


@pytest.mark.parametrize("claim", FALSE_MUTATIONS)
def test_no_false_mutation_is_accepted(claim: Claim) -> None:
    result = verify(claim.text)
    assert result.status == "refuted", result.text()
    _counterexample_breaks(claim, result)


# ---------------------------------------------------------------- the Python API


def test_the_python_api_judges_the_same_quantities() -> None:
    p = JointDistribution("p", ["X", "Y"], sizes=[2, 3])
    a, b = p.variables
    chain = check_claim(
        JointEntropy(p, [a, b]), "=", JointEntropy(p, [a]) + ConditionalEntropy(p, [b], [a])
    )
    assert chain.short == "proved"
    assert check_claim(MutualInformation(p, [a], [b]), ">=", 0).short == "proved"
    assert check_claim(MutualInformation(p, [a], [b]), ">", 0).short == "refuted"


def test_doit_expands_to_sums_over_the_pmf_with_the_panel_values() -> None:
    p = JointDistribution("p", ["X", "Y"], sizes=[2, 3])
    a, b = p.variables
    values = PANEL_2[0]
    entries = {p.base[i + 1, j + 1]: sp.Float(str(values[(i, j)]), 40) for i, j in values}
    for quantity, expected in (
        (JointEntropy(p, [a]), H(values, "X")),
        (ConditionalEntropy(p, [b], [a]), Hc(values, "Y", "X")),
        (MutualInformation(p, [a], [b]), I(values, "X", "Y")),
    ):
        computed = quantity.doit().xreplace(entries).evalf(30)
        assert abs(mpf(str(computed)) - expected) < mpf(10) ** -25


def test_alphabet_sizes_bound_the_joint_pmf() -> None:
    p = JointDistribution("p", ["X", "Y"], sizes=[2, 3])
    assert p.base.shape == (2, 3)
    assert [str(s) for s in JointDistribution("p", ["X", "Y"]).sizes] == ["|X|", "|Y|"]


@pytest.mark.parametrize(
    "make",
    [
        lambda p, a, b: JointEntropy(p, [a]),
        lambda p, a, b: ConditionalEntropy(p, [b], [a]),
        lambda p, a, b: MutualInformation(p, [a], [b]),
        lambda p, a, b: p.marginal([a], {a: 1}),
    ],
    ids=["H(X)", "H(Y|X)", "I(X;Y)", "p(x)"],
)
def test_quantities_differentiate_and_substitute_like_their_expansion(make) -> None:
    p = JointDistribution("p", ["X", "Y"], sizes=[2, 2])
    quantity = make(p, *p.variables)
    entry = p.base[1, 1]
    derivative = sp.diff(quantity, entry)
    assert derivative != 0
    assert sp.simplify(derivative - sp.diff(quantity.doit(), entry)) == 0
    half = sp.Rational(1, 2)
    assert sp.simplify(quantity.subs(entry, half) - quantity.doit().subs(entry, half)) == 0


@pytest.mark.parametrize(
    ("text", "status"),
    [
        (r"I(x) = \log \frac{1}{p(x)}", "proved"),  # the information content of the outcome x
        (r"I(x) = \log p(x)", "refuted"),
        (r"H(X) = \sum_x p(x) I(x)", "proved"),
        (r"H(X) = \sum_x p(x) I(x) + 1", "refuted"),
    ],
)
def test_information_content_of_an_outcome(text: str, status: str) -> None:
    assert verify(text).status == status


SQUARE_2 = [p for p in PANEL_2 if size(p, "X") == size(p, "Y")]


@pytest.mark.parametrize(
    ("text", "sides", "status"),
    [
        # "X takes n values": the claim names the class count n
        (r"H(X) \le \log n", lambda p: (H(p, "X"), mpmath.log(size(p, "X"))), "proved"),
        (r"H(X, Y) \le 2 \log n", lambda p: (H(p, "XY"), 2 * mpmath.log(size(p, "X"))), "proved"),
        (r"H(X) \le \log |X|", lambda p: (H(p, "X"), mpmath.log(size(p, "X"))), "proved"),
        (r"H(X, Y) \le \log n", lambda p: (H(p, "XY"), mpmath.log(size(p, "X"))), "refuted"),
    ],
)
def test_alphabet_size_written_as_n_or_bars(text: str, sides: Values, status: str) -> None:
    relation = "<="
    truth = [holds(Claim(text, relation, sides), p) for p in SQUARE_2]
    assert all(truth) == (status == "proved")  # the panel agrees with the expected verdict
    assert verify(text).status == status


@pytest.mark.parametrize(
    ("text", "status"),
    [
        # four variables: subadditivity and the chain rule (Cover & Thomas 2.5.1, 2.6.6)
        (r"H(W, X, Y, Z) \le H(W) + H(X) + H(Y) + H(Z)", "proved"),
        (r"H(W,X,Y,Z) = H(W) + H(X|W) + H(Y|W,X) + H(Z|W,X,Y)", "proved"),
        (r"H(W, X, Y, Z) \ge H(W) + H(X) + H(Y) + H(Z)", "refuted"),
        (r"H(X, Y, Z) \le H(X, Y) + H(Y, Z)", "proved"),  # = H(Y) + I(X; Z | Y) >= 0
        (r"H(X, Y, Z) \le H(X, Y) + H(Z \mid Y) - 1", "refuted"),
    ],
)
def test_more_variables(text: str, status: str) -> None:
    assert verify(text).status == status


def test_the_exact_linear_program_finds_shannon_combinations() -> None:
    from symxent.check.linear import feasible_point as _feasible

    # x + y = 2, x <= 1 (x, y >= 0): (1, 1) is a point; x + y = -1 has none
    assert _feasible(sp.Matrix([[1, 1]]), sp.Matrix([2]), sp.Matrix([[1, 0]]), sp.Matrix([1])) == [
        1,
        1,
    ]
    assert _feasible(sp.Matrix([[1, 1]]), sp.Matrix([-1]), sp.zeros(0, 2), sp.zeros(0, 1)) is None


def test_without_random_variables_the_alphabet_is_the_classes() -> None:
    # H(p) <= log n for a distribution over n classes; |X| is the number of classes
    for values in (["0.5", "0.5"], ["0.2", "0.3", "0.5"], ["1", "0", "0", "0"]):
        probabilities = [mpf(v) for v in values]
        entropy = -mpmath.fsum(v * mpmath.log(v) for v in probabilities if v > 0)
        assert entropy <= mpmath.log(len(values)) + mpf(10) ** -30
    assert verify(r"H(p) \le \log |\mathcal{X}|").status in ("proved", "confirmed")
    assert verify(r"H(p) \le \log |\mathcal{X}| - 1").status == "refuted"  # n = 1: 0 > -1
