r"""Cleaning one equation and splitting it into a chain of sides and relations.

Lecture equations carry more than the math: a trailing period or ``//``, a leading arrow
(``\rightarrow 0.25 \times 2 + ...``), a justification (``\quad (\because \log \frac{a}{b} =
\log a - \log b)``), a condition (``\quad (c \neq 1)``), a continuation line that starts with a
relation (``= -\frac{1}{3} \log 2``, possibly wrapped in parentheses). :func:`clean` strips these
(and says what it dropped); :func:`split_chain` splits at the top-level relations ``=``,
``\approx``, ``\simeq``, ``\leq``, ``\geq``, ``<``, ``>`` (and recognises, to report them,
``\neq``, ``\in``, ``\sim``, ``\propto``, ``:=``).

Example:
    >>> split_chain(clean(r"\rightarrow 0.5 \times 2 = 1.").text)
    (['0.5 \\times 2 ', ' 1'], ['='])
    >>> split_chain(r"= \log 4 \leq 2")
    (['', ' \\log 4 ', ' 2'], ['=', '<='])
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from symxent.errors import LatexParseError
from symxent.latex.prepare import prepare
from symxent.latex.scan import split_top, strip_outer
from symxent.log_bases import UNIT_BASES

__all__ = [
    "IMPLICATIONS",
    "RELATIONS",
    "UNCHECKED_RELATIONS",
    "Cleaned",
    "clean",
    "split_chain",
    "split_segments",
]

RELATIONS = {
    **dict.fromkeys(("=", ":=", r"\coloneqq", r"\equiv", r"\triangleq"), "="),
    **dict.fromkeys((r"\approx", r"\simeq", r"\thickapprox"), "≈"),
    **dict.fromkeys(("<=", r"\leq", r"\le", r"\leqslant", r"\leqq"), "<="),
    **dict.fromkeys((">=", r"\geq", r"\ge", r"\geqslant", r"\geqq"), ">="),
    **dict.fromkeys(("<", r"\lt"), "<"),
    **dict.fromkeys((">", r"\gt"), ">"),
    **dict.fromkeys(("!=", r"\neq", r"\ne"), "≠"),
    **dict.fromkeys((r"\leftarrow", r"\gets"), "←"),
    **{r"\in": "∈", r"\notin": "∉", r"\sim": "~", r"\propto": "∝", r"\ll": "≪", r"\gg": "≫"},
}
"""Relation spellings and what they mean (``≠ ∈ ∉ ~ ∝ ≪ ≫`` and the update ``←`` are
recognised but not checked)."""

UNCHECKED_RELATIONS = frozenset({"≠", "∈", "∉", "~", "∝", "≪", "≫", "←"})

IMPLICATIONS = (r"\implies", r"\Rightarrow", r"\Longrightarrow")
r"""Arrows between a premise and a conclusion: ``L = -\sum_i y_i \log \hat{y}_i \implies
\frac{\partial L}{\partial z_k} = \hat{y}_k - y_k``. (``\to``, ``\rightarrow`` are not
implications: a limit, a Markov chain, a leading connective.)"""

_TRAILING = re.compile(r"(?:\s|\.|,|;|//|\\checkmark|\\quad|\\qquad|\\,|\\;|\\!)+$")
_LEADING = re.compile(
    r"^\s*(?:\\(?:rightarrow|Rightarrow|to|implies|therefore|Longrightarrow|longrightarrow)"
    r"(?![a-zA-Z])|\u2192|\u21d2)\s*"
)
_BECAUSE = re.compile(r"^\s*\\because(?![a-zA-Z])\s*")


_TEXT = re.compile(r"^\\(?:text|textrm|mbox|textit|textnormal)\s*\{([^{}]*)\}\s*")
_CONDITION_WORDS = frozenset(
    {"for", "for all", "if", "iff", "when", "whenever", "where", "with", "given", "provided",
     "unless", "as", "since", "because", "assuming", "and"}
)  # fmt: skip
_SCALAR_NAME = re.compile(r"\\?[A-Za-z]+")


@dataclass(frozen=True)
class Cleaned:
    r"""An equation with decoration removed.

    Attributes:
        text: what is left to read.
        notes: how decoration was read, in words (``"condition c \neq 1: one point excluded"``).
        more: further pieces written on the same line after ``\quad``: claims (``(H(p) \leq
            \log 3)``), or text that will be reported as unreadable (never dropped).
        facts: ``--assume``-style facts from a condition written after the claim
            (``\quad (x > 0)`` gives ``x:positive``) or before an implication arrow
            (``x > 0 \implies \sqrt{x^2} = x``).
        premise: what precedes an implication arrow when it is not such a condition: a
            definition of a name used by the conclusion, or another claim (the checker
            decides which).
    """

    text: str
    notes: tuple[str, ...] = ()
    more: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()
    premise: str = ""


def split_chain(text: str) -> tuple[list[str], list[str]]:
    """Split at top-level relations; return the sides and the relations (normalised symbols).

    A text starting with a relation gives an empty first side (a continuation line).
    """
    pieces, found = split_top(text, list(RELATIONS))
    return pieces, [RELATIONS[f] for f in found]


def split_segments(text: str) -> list[str]:
    r"""Split at top-level ``\quad``/``\qquad`` and at ``:`` before ``\text`` (a remark)."""
    text = re.sub(r"\s:\s*(?=\\text)", r" \\quad ", text)
    pieces, _ = split_top(text, [r"\qquad", r"\quad"])
    return [piece for piece in pieces if piece.strip()]


def _names(text: str) -> list[str] | None:
    r"""``x``, ``a, b``, ``\theta``: the plain scalar names listed; None for anything else."""
    names = [part.strip() for part in split_top(text, [","])[0]]
    if not names or not all(_SCALAR_NAME.fullmatch(name) for name in names):
        return None
    if any(len(name) > 1 and not name.startswith("\\") for name in names):
        return None  # "ab" is a product
    return [name.lstrip("\\") for name in names]


def _condition(text: str) -> tuple[list[str], str] | None:
    r"""Read a condition on plain names: (facts, note); None when ``text`` is not one.

    Raises:
        LatexParseError: for a condition on names that cannot be applied (the claim is only
            meant under it, so judging it without the condition would not be faithful).
    """
    pieces, relations = split_chain(text)
    if not relations:
        return None
    stripped = [" ".join(piece.split()) for piece in pieces]
    kinds = {
        (">", "0"): "positive",
        (">=", "0"): "nonnegative",
        ("∈", r"\mathbb{R}"): "real",
        ("∈", "(0,1)"): "probability",
        ("∈", "(0, 1)"): "probability",
    }
    if len(pieces) == 2:
        names = _names(pieces[0])
        if names is None:
            return None
        relation, bound = relations[0], stripped[1]
        if relation == "≠" and re.fullmatch(r"-?\d+(\.\d+)?|\\?[A-Za-z]+", bound):
            return [], f"condition {' '.join(text.split())}: a single point excluded"
        kind = kinds.get((relation, bound))
    elif len(pieces) == 3 and stripped[0] == "0" and stripped[2] == "1":
        names = _names(pieces[1])
        if names is None:
            return None
        kind = "probability" if relations == ["<", "<"] else None
    else:
        return None
    if kind is None:
        raise LatexParseError(
            f"the condition ({' '.join(text.split())}) cannot be applied to the claim; "
            "state it with --assume NAME:KIND (positive, nonnegative, real, probability)"
        )
    return [f"{name}:{kind}" for name in names], f"condition {' '.join(text.split())} applied"


def _segment(segment: str) -> tuple[str, str, list[str]]:
    r"""What a piece after ``\quad`` is: a claim, a condition, a unit or unreadable text.

    Returns ("claim", text, []), ("condition", note, facts), ("unit", text, []) or
    ("unreadable", text, []) (reported later, never dropped).
    """
    body = _TRAILING.sub("", segment).strip()
    inner = strip_outer(body)
    word = _TEXT.match(inner)
    if word is not None:
        lead = word.group(1).strip().rstrip(",:").strip()
        if lead in UNIT_BASES and not inner[word.end() :].strip():
            return "unit", inner, []
        if lead in _CONDITION_WORDS:
            rest = inner[word.end() :].strip()
            condition = _condition(rest)
            if condition is None:
                raise LatexParseError(
                    f"the condition ({' '.join(inner.split())}) cannot be applied to the claim"
                )
            facts, note = condition
            return "condition", note, facts
    if re.match(r"\\forall(?![a-zA-Z])", inner):
        raise LatexParseError(f"the condition ({' '.join(inner.split())}) cannot be applied")
    if _BECAUSE.match(inner):
        return "claim", _BECAUSE.sub("", inner), []
    condition = _condition(inner)
    if condition is not None:
        facts, note = condition
        return "condition", note, facts
    if split_chain(inner)[1]:
        return "claim", inner, []
    return "unreadable", body, []


def clean(text: str) -> Cleaned:
    r"""Remove decoration from one equation; keep only the math to check.

    Nothing is dropped silently: a piece after ``\quad`` is a second claim (``\quad (H(p) \leq
    \log 3)``), a condition applied to this claim (``\quad (x > 0)``), a unit (``\quad
    \text{nats}``), or kept in :attr:`Cleaned.more` to be reported as unreadable.

    Raises:
        LatexParseError: for a condition that cannot be applied.

    Example:
        >>> clean(r"f(x) \geq 0 \quad (\because f(x) = x^2)").more
        ('f(x) = x^2',)
        >>> clean(r"(\because \log \frac{a}{b} = \log a - \log b)").text
        '\\log \\frac{a}{b} = \\log a - \\log b'
        >>> clean(r"\sqrt{x^2} = x \quad (x \geq 0)").facts
        ('x:nonnegative',)
    """
    notes: list[str] = []
    text = prepare(text).strip()
    text = _TRAILING.sub("", text)
    inner = strip_outer(text)
    if inner != text and (_BECAUSE.match(inner) or split_chain(inner)[0][0].strip() == ""):
        text = inner  # (\because ...) or ( = ... ) on a line of its own
    if _BECAUSE.match(text):
        text = _BECAUSE.sub("", text)
        notes.append("read the justification after \\because as a claim")
    leading = _LEADING.match(text)
    if leading:
        notes.append(f"leading {leading.group(0).strip()} read as a connective")
        text = text[leading.end() :]
    segments = split_segments(text) or [""]
    text = _TRAILING.sub("", segments[0]).strip()
    more: list[str] = []
    facts: list[str] = []
    premise = ""
    pieces, arrows = split_top(text, IMPLICATIONS)
    if arrows:
        if len(arrows) > 1 or not pieces[0].strip() or not pieces[1].strip():
            raise LatexParseError(
                f"{' '.join(text.split())!r}: write one premise and one conclusion around "
                f"{arrows[0]} (a chain of implications is not read)"
            )
        premise, text = strip_outer(pieces[0]), pieces[1].strip()
        relations = split_chain(premise)[1]
        try:
            condition = _condition(premise) if relations and "=" not in relations else None
        except LatexParseError:
            condition = None  # x > 1: not a role; the checker judges the conclusion alone
        if condition is not None:  # x > 0 \implies \sqrt{x^2} = x
            notes.append(condition[1])
            facts.extend(condition[0])
            premise = ""
    for segment in segments[1:]:
        kind, content, found = _segment(segment)
        if kind == "unit":
            text += " " + content
        elif kind == "condition":
            notes.append(content)
            facts.extend(found)
        else:
            more.append(content)
    return Cleaned(text, tuple(notes), tuple(more), tuple(facts), premise)
