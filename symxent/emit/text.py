"""Plain-text output for terminals: a StrPrinter taught symxent's quantities, and topic reports.

Example:
    >>> from symxent import Distribution, KLDivergence
    >>> text(KLDivergence(Distribution("p", "n"), Distribution("q", "n")))
    'D_KL(p || q)'
"""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.printing.str import StrPrinter

from symxent.latex.text import plain_text
from symxent.topic import TopicReport

__all__ = ["SymxentStrPrinter", "text", "topic_text"]


class SymxentStrPrinter(StrPrinter):
    """SymPy's string printer with lecture names for symxent's quantities."""

    def _base(self, base: sp.Expr) -> str:
        return "" if base == sp.E else f"_{self._print(base)}"

    def _print_Information(self, e: Any) -> str:
        return f"I{self._base(e.base)}({self._print(e.probability)})"

    def _print_Entropy(self, e: Any) -> str:
        return f"H{self._base(e.base)}({self._print(e.p)})"

    def _print_BinaryEntropy(self, e: Any) -> str:
        return f"H_b{self._base(e.base)}({self._print(e.probability)})"

    def _print_CrossEntropy(self, e: Any) -> str:
        return f"H{self._base(e.base)}({self._print(e.p)}, {self._print(e.q)})"

    def _print_KLDivergence(self, e: Any) -> str:
        return f"D_KL{self._base(e.base)}({self._print(e.p)} || {self._print(e.q)})"

    def _print_BinaryCrossEntropy(self, e: Any) -> str:
        return f"BCE{self._base(e.base)}({self._print(e.label)}, {self._print(e.prediction)})"

    def _print_Expectation(self, e: Any) -> str:
        return f"E_{{{self._print(e.index)}~{self._print(e.p)}}}[{self._print(e.body)}]"

    def _print_MatchProbability(self, e: Any) -> str:
        return "P(X = Y)"

    def _print_Softmax(self, e: Any) -> str:
        return f"softmax({self._print(e.z)})_{self._print(e.k)}"

    def _print_LogSoftmax(self, e: Any) -> str:
        return f"log_softmax({self._print(e.z)})_{self._print(e.k)}"

    def _print_LogSumExp(self, e: Any) -> str:
        return f"LSE({self._print(e.z)})"

    def _print_NLL(self, e: Any) -> str:
        return f"NLL({self._print(e.yhat)})"

    def _print_MSE(self, e: Any) -> str:
        return f"MSE({self._print(e.y)}, {self._print(e.yhat)})"

    def _print_Sigmoid(self, e: Any) -> str:
        return f"sigma({self._print(e.args[0])})"

    def _print_Logarithm(self, e: Any) -> str:
        return f"log_{self._print(e.args[1])}({self._print(e.args[0])})"

    def _print_SoftmaxVector(self, e: Any) -> str:
        return f"softmax({self._print(e.z)})"

    def _print_Idx(self, e: sp.Idx) -> str:
        return str(self._print(e.label))


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
