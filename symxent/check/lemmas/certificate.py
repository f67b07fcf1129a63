r"""Certificates: the chain of lemma applications that proves a claim, for a reader to follow.

A :class:`LemmaProof` lists each :class:`Application` (which lemma, to what, with which of its
hypotheses shown) and how the last bound was closed. ``method`` is the short form the verdict
prints (``log x ≤ x − 1, summed over i``); ``lines`` is the certificate that ``symxent show``
and the Markdown page print under the step.

Example:
    >>> step = Application("log x ≤ x − 1", "x = q_i/p_i > 0, weight p_i ≥ 0", summed="i")
    >>> proof = LemmaProof((step,), "the bound is exactly 0", equality="p_i = q_i for every i")
    >>> proof.method
    'log x ≤ x − 1, summed over i'
    >>> proof.lines[-1]
    'equality exactly when p_i = q_i for every i'
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import sympy as sp

from symxent.check.detail import Detail

__all__ = ["Application", "LemmaProof", "joined", "show"]


def joined(items: list[str], key: str = "notes") -> str:
    """Texts joined by ``; `` (``key="notes"``) or ``and`` (``"lemma_and"``), in every language.

    Example:
        >>> text = joined([Detail("lemma_convex"), "x > 0"])
        >>> text, text.in_language("ko")
        ('convex; x > 0', '볼록; x > 0')
    """
    return functools.reduce(lambda a, b: Detail(key, first=a, second=b), items) if items else ""


def show(expr: sp.Basic) -> str:
    """An expression as one line of text for a certificate (``p[i]`` is written ``p_i``).

    Example:
        >>> import sympy as sp
        >>> show(sp.IndexedBase("p")[sp.Symbol("i")] * sp.log(2))
        'log(2)*p_i'
    """
    from symxent.emit.text import SymxentStrPrinter  # the printer `symxent show` uses

    expr = sp.sympify(expr)
    expr = expr.xreplace({d: sp.Symbol(d.name) for d in expr.atoms(sp.Dummy)})
    printer = SymxentStrPrinter()
    text = str(printer.doprint(expr))
    for entry in sorted(expr.atoms(sp.Indexed), key=str, reverse=True):
        if len(entry.indices) == 1:
            written = str(printer.doprint(entry))
            text = text.replace(written, f"{entry.base.label}_{entry.indices[0]}")
    return text


@dataclass(frozen=True)
class Application:
    """One use of a named lemma.

    Attributes:
        lemma: the lemma's name as a reader knows it (``"Jensen (log concave)"``).
        detail: to what it was applied and which hypotheses were shown.
        summed: the summation index when it was applied to every term of a sum.
    """

    lemma: str
    detail: str
    summed: str = ""

    @property
    def short(self) -> str:
        """The lemma's name, with ``summed over i`` when applied term by term."""
        if self.summed:
            return Detail("lemma_summed", lemma=self.lemma, index=self.summed)
        return self.lemma

    def __str__(self) -> str:
        return self.worded

    @property
    def worded(self) -> str:
        """The application in one line (a :class:`Detail`, worded in each language)."""
        if self.detail:
            return Detail("lemma_application", short=self.short, detail=self.detail)
        return self.short


@dataclass(frozen=True)
class LemmaProof:
    """A proof by named lemmas: the applications in order and how the last bound closed.

    Attributes:
        applications: the lemma applications, first to last.
        closing: why the final bound has the claimed sign (``"the bound is exactly 0"``).
        equality: when the claim holds with equality, if the lemmas show it exactly.
    """

    applications: tuple[Application, ...]
    closing: str
    equality: str = ""

    @property
    def method(self) -> str:
        """The lemmas used, in order, for the verdict's parenthesis."""
        return joined(list(dict.fromkeys(a.short for a in self.applications)))

    @property
    def lines(self) -> tuple[str, ...]:
        """The certificate, one line per application, then the closing and the equality case."""
        lines = [
            Detail("lemma_numbered", number=number, text=application.worded)
            for number, application in enumerate(self.applications, start=1)
        ]
        lines.append(Detail("lemma_then", closing=self.closing))
        if self.equality:
            lines.append(Detail("lemma_equality", condition=self.equality))
        return tuple(lines)
