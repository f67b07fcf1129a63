"""LaTeX in and out: the lecture-style printer (and, with the ``latex`` extra, the parser).

Example:
    >>> from symxent.latex import latex
    >>> from symxent import Entropy, Distribution
    >>> latex(Entropy(Distribution("p", "n")))
    'H(p)'
"""

from symxent.latex.printer import SymxentLatexPrinter, latex

__all__ = ["SymxentLatexPrinter", "latex"]
