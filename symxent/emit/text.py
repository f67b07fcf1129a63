"""Plain-text output for terminals: a StrPrinter taught symxent's quantities, and topic reports.

Example:
    >>> from symxent import Distribution, KLDivergence
    >>> text(KLDivergence(Distribution("p", "n"), Distribution("q", "n")))
    'D_KL(p || q)'
"""

from __future__ import annotations

from functools import partialmethod
from string import Formatter
from typing import Any

import sympy as sp
from sympy.printing.str import StrPrinter

from symxent.latex.text import plain_text
from symxent.topic import TopicReport

__all__ = ["SymxentStrPrinter", "text", "topic_text"]


_NAMES = {
    "Information": "I{base}({probability})",
    "Entropy": "H{base}({p})",
    "BinaryEntropy": "H_b{base}({probability})",
    "CrossEntropy": "H{base}({p}, {q})",
    "KLDivergence": "D_KL{base}({p} || {q})",
    "BinaryCrossEntropy": "BCE{base}({label}, {prediction})",
    "Expectation": "E_{{{index}~{p}}}[{body}]",
    "MatchProbability": "P(X = Y)",
    "Softmax": "softmax({z})_{k}",
    "LogSoftmax": "log_softmax({z})_{k}",
    "LogSumExp": "LSE({z})",
    "NLL": "NLL({yhat})",
    "MSE": "MSE({y}, {yhat})",
    "SoftmaxVector": "softmax({z})",
}
"""Each quantity's lecture name, its attributes in braces (``base``: ``_2``, none for e)."""


class SymxentStrPrinter(StrPrinter):
    """SymPy's string printer with lecture names for symxent's quantities (:data:`_NAMES`)."""

    def _quantity(self, template: str, e: Any) -> str:
        fields = {name for _, name, _, _ in Formatter().parse(template) if name}
        values = {name: self._print(getattr(e, name)) for name in fields - {"base"}}
        if "base" in fields:
            values["base"] = "" if e.base == sp.E else f"_{self._print(e.base)}"
        return template.format(**values)

    def _print_Sigmoid(self, e: Any) -> str:
        return f"sigma({self._print(e.args[0])})"

    def _print_Logarithm(self, e: Any) -> str:
        return f"log_{self._print(e.args[1])}({self._print(e.args[0])})"

    def _print_Idx(self, e: sp.Idx) -> str:
        return str(self._print(e.label))


for _name, _template in _NAMES.items():
    setattr(
        SymxentStrPrinter, f"_print_{_name}", partialmethod(SymxentStrPrinter._quantity, _template)
    )


def text(expr: Any) -> str:
    """Return ``expr`` as one line of plain text."""
    return str(SymxentStrPrinter().doprint(expr))


def topic_text(report: TopicReport) -> str:
    """Return a checked topic as plain text: each chain with reasons and verdicts."""
    topic = report.topic
    lines = [topic.title, "=" * len(topic.title), plain_text(topic.intro), ""]
    for derivation_report in report.reports:
        derivation = derivation_report.derivation
        lines += [plain_text(derivation.title), "-" * len(plain_text(derivation.title))]
        if derivation.intro:
            lines.append(plain_text(derivation.intro))
        lines.append(f"    {text(derivation.start)}")
        for result in derivation_report.results:
            reason = f"   ({plain_text(result.step.reason)})" if result.step.reason else ""
            lines.append(f"  {result.step.relation.text} {text(result.step.expr)}{reason}")
            lines.append(f"      -> {result.verdict}")
            lines += [f"         {line}" for line in result.verdict.certificate]
        if derivation.conclusion:
            lines.append(plain_text(derivation.conclusion))
        lines.append("")
    lines.append(report.summary())
    return "\n".join(lines) + "\n"
