"""The lecturer's own notes as input, and the templates of `symxent new`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from symxent.blocks import Section
from symxent.emit.beamer import beamer_deck
from symxent.emit.latex_document import topic_document
from symxent.emit.markdown import topic_markdown
from symxent.emit.tex import compile_pdf
from symxent.errors import SymxentError
from symxent.lecture.checker import check_file
from symxent.notes import WrittenChain, notes_topic
from symxent.templates import new_file

SYMXENT = [sys.executable, "-m", "symxent"]

NOTES = r"""# Coding with the wrong code

Entropy and cross-entropy, in bits.

## Code lengths

Four symbols, probability 0.25 each.

### Uniform code

The code words 00, 01, 10, 11:

$$
\begin{aligned}
0.25 \times 2 + 0.25 \times 2 + 0.25 \times 2 + 0.25 \times 2 &= 1 \\
&\leq \log_2 4
\end{aligned}
$$

### A wrong claim

$$-\log_2 0.6 = 0.5$$

The handout's value is off.

## KL

$$D_{KL}(p \parallel q) = -H(p) + H(p, q)$$
"""


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    path = tmp_path / "wrong_code.md"
    path.write_text(NOTES, encoding="utf-8")
    return path


def test_notes_become_sections_and_chains(notes: Path) -> None:
    topic = notes_topic(notes)
    assert topic.name == "wrong_code" and topic.title == "Coding with the wrong code"
    assert topic.intro == "Entropy and cross-entropy, in bits."
    kinds = [(type(b).__name__, b.title) for b in topic.derivations]
    assert kinds == [
        ("Section", "Code lengths"),
        ("WrittenChain", "Uniform code"),
        ("WrittenChain", "A wrong claim"),
        ("Section", "KL"),
        ("WrittenChain", "KL"),
    ]
    first, wrong = topic.derivations[1], topic.derivations[2]
    assert isinstance(topic.derivations[0], Section)
    assert topic.derivations[0].intro == "Four symbols, probability 0.25 each."
    assert first.intro == "The code words 00, 01, 10, 11:"
    assert wrong.conclusion == "The handout's value is off."
    # the rows are the links as written, the second continuing the first
    assert [(r.left, r.relation, r.expr) for r in first.rows] == [
        ("0.25 \\times 2 + 0.25 \\times 2 + 0.25 \\times 2 + 0.25 \\times 2", "=", "1"),
        ("", "\\leq", "\\log_2 4"),
    ]


def test_notes_get_the_same_verdicts_as_symxent_check(notes: Path) -> None:
    topic = notes_topic(notes, base="auto")
    report = check_file(notes, base="auto")
    claims = [row.status for row in report.rows if row.kind == "claim"]
    statuses = [s for b in topic.derivations if isinstance(b, WrittenChain) for s in b.statuses]
    assert statuses == claims == ["refuted", "proved", "refuted", "proved"]
    marks = [r.mark for b in topic.derivations if isinstance(b, WrittenChain) for r in b.rows]
    assert marks == ["\\;\\sxrefuted", "\\;\\sxproved", "\\;\\sxrefuted", "\\;\\sxproved"]
    checked = topic.check()
    assert not checked.holds
    assert "-\\log_2 0.6 = 0.5" in checked.failure_message()


def test_notes_are_typeset_with_their_marks(notes: Path, tmp_path: Path, tex: str) -> None:
    report = notes_topic(notes).check()
    deck = beamer_deck([report])
    assert "\\uncover<2->{{}\\leq \\log_2 4}" in deck  # one step per overlay
    assert "refuted: the left side is" in deck
    path = tmp_path / "deck.tex"
    path.write_text(deck, encoding="utf-8")
    compiled = compile_pdf(path)
    assert compiled.overfull == () and compiled.tall == ()
    document = topic_document(report.topic, report)
    assert document.count("\\sxchain{%") == 3
    markdown = topic_markdown(report)
    assert "\\checkmark" in markdown and "\\sxproved" not in markdown


def test_building_notes_refuses_a_refuted_claim_unless_forced(notes: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = subprocess.run(
        [*SYMXENT, "build", str(notes), "-o", str(out), "--pdf", "no"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1 and "refuted" in done.stdout and not out.exists()
    forced = subprocess.run(
        [*SYMXENT, "build", str(notes), "-o", str(out), "--pdf", "no", "--force"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert forced.returncode == 1 and (out / "slides.tex").exists()
    assert "\\sxrefuted" in (out / "slides.tex").read_text(encoding="utf-8")


def test_math_in_notes_cannot_read_files(tmp_path: Path) -> None:
    path = tmp_path / "leak.md"
    path.write_text("# Leak\n\n$$x = \\text{\\input{/etc/hostname}}$$\n", encoding="utf-8")
    with pytest.raises(SymxentError, match="input is not allowed"):
        notes_topic(path)


@pytest.mark.parametrize("suffix", ["", ".md"])
def test_new_templates_build_as_they_are(suffix: str, tmp_path: Path, tex: str) -> None:
    done = subprocess.run(
        [*SYMXENT, "new", f"week3{suffix}"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    written = tmp_path / ("week3.md" if suffix else "week3.py")
    assert written.exists()
    built = subprocess.run(
        [*SYMXENT, "build", written.name, "-o", "out", "--lang", "ko"],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert built.returncode == 0, built.stdout + built.stderr
    assert "warning" not in built.stderr
    assert (tmp_path / "out" / "slides.pdf").exists()


def test_new_never_overwrites(tmp_path: Path) -> None:
    new_file(tmp_path / "lecture")
    with pytest.raises(SymxentError, match="never overwrites"):
        new_file(tmp_path / "lecture.py")
    with pytest.raises(SymxentError, match="plain name"):
        new_file(tmp_path / "../x y")


def test_a_stated_decimal_is_marked_as_holding_to_its_digits(tmp_path: Path) -> None:
    # -ln 0.7 = 0.35667494...: it holds to the stated 3 places ("rounded", not "proved")
    path = tmp_path / "decimal.md"
    path.write_text("# Loss\n\n$$-\\ln 0.7 = 0.357$$\n\n$$-\\ln 0.7 = 0.375$$\n", encoding="utf-8")
    chains = [b for b in notes_topic(path, base="e").derivations if isinstance(b, WrittenChain)]
    assert [chain.statuses for chain in chains] == [["rounded"], ["refuted"]]
    assert chains[0].holds and not chains[1].holds
    assert "\\sxrounded" in chains[0].rows[0].mark
