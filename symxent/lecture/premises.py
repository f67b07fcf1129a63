r"""Implications: what a premise before ``\implies`` gives its conclusion.

Lecturers write a definition and what follows from it on one line:

    ``L = -\sum_i y_i \log \mathrm{softmax}(z)_i \implies \frac{\partial L}{\partial z_k} =
    \mathrm{softmax}(z)_k - y_k``

Reading ``A \implies B`` (also ``\Rightarrow``, ``\Longrightarrow``, ``⇒``):

* a premise that **defines** a name for the conclusion (``L = \dots``, ``f(x) = \dots``,
  ``p = 0.3``) binds it while the conclusion is judged (:func:`premise_binding`); the
  conclusion's verdict says so. The binding holds for that conclusion only;
* a premise that is a condition on names (``x > 0``, ``0 < p < 1``) is applied as an
  assumption (:func:`symxent.latex.normalize.clean` reads it);
* any other premise (a claim such as ``p_i = q_i``, a Markov chain ``X \to Y \to Z``) is not
  applied, and the premise is never judged as a claim of its own (it may be a hypothesis).
  The conclusion is judged alone (:func:`without_premise`): if it holds everywhere, the
  implication holds; if it fails, the failure may lie outside the premise, so the verdict is
  "unknown", with the reason. Nothing is dropped.

Example:
    >>> from symxent.lecture.report import Row
    >>> row = Row(1, "D(p \\| q)", "=", "0", "claim", "refuted", "refuted at ...")
    >>> without_premise(row, "p = q").status
    'unknown'
"""

from __future__ import annotations

from dataclasses import replace

from symxent.budget import TooLargeError
from symxent.errors import LatexParseError
from symxent.latex.mapping import Bindings
from symxent.latex.names import short
from symxent.latex.parse import read_equation
from symxent.latex.raw import Name
from symxent.latex.roles import Roles
from symxent.lecture.classify import Binding, binding_of
from symxent.lecture.report import Row

__all__ = ["premise_binding", "with_premise", "without_premise"]


def premise_binding(
    premise: str, roles: Roles, bindings: Bindings, *, timeout: float
) -> Binding | None:
    r"""The binding a premise makes for its conclusion, or None when it defines nothing.

    ``L = -\sum_i y_i \log \hat{y}_i`` defines ``L`` (a name with no role of its own);
    ``f(x) = x^2`` a function; ``p = 0.3`` a value. A premise with a relation other than ``=``,
    a chain, or a left side that is not a free name defines nothing.

    Example:
        >>> b = premise_binding(r"L = -\sum_i y_i \log q_i", Roles(), Bindings(), timeout=5)
        >>> b.kind, b.name
        ('definition', 'L')
    """
    try:
        equation = read_equation(premise, timeout=timeout)
    except (LatexParseError, TooLargeError):
        return None
    if equation.premise or equation.more or equation.relations != ("=",):
        return None
    lhs, rhs = equation.sides[0].raw, equation.sides[1].raw
    if lhs is None or rhs is None:
        return None
    roles = roles.with_assumptions(equation.facts)
    binding = binding_of(lhs, rhs, roles, bindings)
    if binding is not None:
        return binding if binding.kind != "generic" else None
    atom = lhs.atom()
    if (
        isinstance(atom, Name)
        and not atom.subscript
        and not roles.is_vector(atom.key, atom.stem)
        and atom.key not in bindings.names()
        and not roles.is_count(atom.key)
    ):
        return Binding("definition", atom.key, rhs, latex=atom.latex)
    return None


def with_premise(row: Row, binding: Binding) -> Row:
    """A conclusion's row, noting the premise that defined a name for it."""
    if row.kind != "claim":
        return row
    return row.with_note(f"premise: {binding.describe()} for this conclusion")


def without_premise(row: Row, premise: str) -> Row:
    r"""A conclusion judged without its premise: a failure is no refutation of the implication.

    ``p_i = q_i \implies D(p \| q) = 0``: ``D(p \| q) = 0`` fails in general, at points the
    premise excludes. A conclusion that holds everywhere makes the implication hold.
    """
    if row.kind != "claim":
        return row
    shown = short(premise, 50)
    if row.status in ("proved", "confirmed", "base"):
        return row.with_note(f"holds without the premise {shown}, so the implication holds")
    if row.status == "refuted":
        return replace(
            row,
            status="unknown",
            detail=(
                f"the premise {shown} is not applied (it defines no name and is no condition on "
                f"names), and without it the conclusion fails ({row.detail}); the implication "
                "is not judged"
            ),
            stated="",
            computed="",
        )
    return row.with_note(f"the premise {shown} was not applied")
