"""Templates for ``symxent new NAME``: a commented derivation file, or lecture notes in Markdown.

Both build as they are (``symxent build NAME.py``) and show each kind of block once, so a
lecturer can start from them (the tutorial is ``docs/authoring.md``).

Example:
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> new_file(folder / "week3").name
    'week3.py'
    >>> new_file(folder / "week3.md").read_text().startswith("# ")
    True
"""

from __future__ import annotations

import re
from pathlib import Path

from symxent.errors import SymxentError

__all__ = ["DERIVATION_TEMPLATE", "NOTES_TEMPLATE", "new_file"]

DERIVATION_TEMPLATE = r'''"""{title}: a symxent derivation file.

Build it with `symxent build {name}.py`.

A derivation file defines topic(), which returns a Topic: a list of blocks in teaching order.
Every step is checked when you build: proved, confirmed at sampled points, or refuted with a
counterexample (then nothing is written). See docs/authoring.md for the whole tutorial.
"""

import sympy as sp

from symxent import BinaryEntropy, CrossEntropy, Derivation, Distribution, Entropy, KLDivergence
from symxent.blocks import Raw, Section
from symxent.i18n import tr
from symxent.plot import Curve, Plot
from symxent.table import Column, Table
from symxent.topic import Topic


def kl_split() -> Derivation:
    """A chain: a start, then steps .eq/.le/.ge/.lt/.gt/.approx, each with its reason."""
    p, q = Distribution("p", "n"), Distribution("q", "n")  # n classes, n symbolic
    return (
        Derivation(
            KLDivergence(p, q),
            # prose is plain text with $...$ math; tr(english, korean) gives both languages
            title=tr("KL is cross-entropy minus entropy", "KL 발산은 교차 엔트로피 빼기 엔트로피"),
            intro="For distributions $p$ and $q$ over $n$ classes:",
        )
        # a step as a SymPy expression ...
        .eq(p.sum(lambda i: p[i] * sp.log(p[i] / q[i])), tr("definition", "정의"))
        # ... or as the LaTeX the slide should show, read (never evaluated) by symxent's reader
        .eq(r"\sum_{{i=1}}^{{n}} p_i \log p_i - \sum_{{i=1}}^{{n}} p_i \log q_i", "split the sum")
        .eq(r"-H(p) + H(p, q)", "recognise $-H(p)$ and $H(p, q)$")
    )


def slope() -> Derivation:
    """Domains: where={{symbol: interval}} says where a variable lives."""
    p = sp.Symbol("p")
    return (
        Derivation(
            sp.Derivative(BinaryEntropy(p), p),
            title="Binary entropy: the slope",
            where={{p: sp.Interval.open(0, 1)}},
        )
        .eq(sp.Derivative(-p * sp.log(p) - (1 - p) * sp.log(1 - p), p), "definition")
        .eq(r"-\log p - 1 + \log(1 - p) + 1", "product rule")
        .eq(r"\log\frac{{1 - p}}{{p}}", "collect the logs")
    )


def entropy_plot() -> Plot:
    """A plot: curves sampled from the compiled expression, checked against exact values."""
    p = sp.Symbol("p")
    return Plot(
        p, (0, 1), [Curve(BinaryEntropy(p, 2), "$H_b(p)$, bits")],
        title="Binary entropy", xlabel="$p$", ylabel="$H_b(p)$",
    )


def entropy_table() -> Table:
    """A table: every cell computed exactly, rounded to its digits, and checked."""
    p = sp.Symbol("p", positive=True)
    return Table(
        [Column("$p$", p), Column("$H_b(p)$ in bits", BinaryEntropy(p, 2), 3)],
        [{{p: value}} for value in ("0.1", "0.25", "0.5")],
        title="Binary entropy, in numbers",
    )


def topic() -> Topic:
    """The topic symxent builds from this file."""
    return Topic(
        name="{name}",
        title="{title}",
        summary="one line for `symxent list`",
        intro="What this lecture shows.",
        derivations=[
            Section("Entropy", "A section gets its own overview frame."),
            kl_split(),
            slope(),
            entropy_plot(),
            entropy_table(),
            # raw LaTeX goes in only through a Raw block (never through text)
            Raw(r"\begin{{frame}}{{Questions?}}\centering Thank you.\end{{frame}}", where="deck"),
        ],
    )
'''
"""The derivation file ``symxent new NAME`` writes (``{name}`` and ``{title}`` filled in)."""

NOTES_TEMPLATE = r"""# {title}

The paragraph after the title introduces the lecture. Math is written as in `symxent check`:
`$...$` inline, `$$...$$` (or an `aligned` block) for a chain that is checked and typeset.
Build with `symxent build {name}.md` (`--lang ko`, `--base 2` for a log in bits).

## A section

A paragraph right after a `##` heading introduces the section (its overview frame).

### A chain

A paragraph before a chain is its intro.

$$
\begin{{aligned}}
D_{{KL}}(p \parallel q) &= \sum_i p_i \log \frac{{p_i}}{{q_i}} \\
&= -H(p) + H(p, q)
\end{{aligned}}
$$

A paragraph after the last chain of a section is its conclusion.

### Numbers

A wrong claim is marked with a cross (and `symxent build` writes nothing unless `--force`).

$$-\log_2 \frac{{1}}{{8}} = 3$$
"""
"""The lecture notes ``symxent new NAME.md`` writes."""


def new_file(path: str | Path) -> Path:
    """Write a template: ``NAME`` or ``NAME.py`` a derivation file, ``NAME.md`` lecture notes.

    Raises:
        SymxentError: when the file exists (it is never overwritten) or the name is not a plain
            file name.
    """
    target = Path(path)
    if target.suffix not in (".py", ".md"):
        target = target.with_name(target.name + ".py")
    name = target.stem
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", name):
        raise SymxentError(
            f"{name!r} is not a plain name: use letters, digits, '-' and '_' (e.g. week3)"
        )
    if target.exists():
        raise SymxentError(f"{target} exists; symxent new never overwrites a file")
    title = name.replace("_", " ").replace("-", " ").capitalize()
    template = NOTES_TEMPLATE if target.suffix == ".md" else DERIVATION_TEMPLATE
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8") as stream:
            stream.write(template.format(name=name, title=title))
    except OSError as error:
        raise SymxentError(f"cannot write {target}: {error.strerror or error}") from error
    return target
