r"""LaTeX as a lecturer writes it: :class:`SymxentLatexPrinter`, a SymPy ``LatexPrinter``.

It adds ``_print_<Quantity>`` methods for symxent's quantities and changes a few of SymPy's
choices that read badly on slides: ``\log p_{i}`` instead of ``\log{\left(p_{i} \right)}``,
``p_{i} \log p_{i}`` (logs after the other factors), ``\frac{1}{3} \log 2`` instead of
``\frac{\log{\left(2 \right)}}{3}``, ``\log_{2}`` for base-2 logarithms, and class indices
printed by name.

Settings (besides SymPy's own, e.g. ``ln_notation``):

* ``cross_entropy``: ``"H"`` prints :math:`H(p, q)`, ``"CE"`` prints :math:`\mathrm{CE}(p, q)`.
* ``default_base``: the log base the surrounding text assumes (``sympy.E`` unless a document
  works in bits); quantities in another base show it as a subscript, e.g. :math:`H_{2}(p)`.
* ``decimals``: print exact fractions with a terminating decimal expansion as decimals
  (``6/5`` as ``1.2``), for worked numeric examples.

Example:
    >>> from symxent import CrossEntropy, Distribution, KLDivergence, latex
    >>> p, q = Distribution("p", "n"), Distribution("q", "n")
    >>> latex(KLDivergence(p, q))
    'D_{\\mathrm{KL}}(p \\parallel q)'
    >>> latex(KLDivergence(p, q).definition())
    '\\sum_{i=1}^{n} p_{i} \\log \\frac{p_{i}}{q_{i}}'
    >>> latex(CrossEntropy(p, q), cross_entropy="CE")
    '\\mathrm{CE}(p, q)'
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sympy as sp
from mpmath.libmp import prec_to_dps, to_str
from sympy.printing.latex import LatexPrinter
from sympy.printing.precedence import PRECEDENCE
from sympy.simplify.radsimp import fraction

from symxent.quantities.base import Logarithm, SymbolicQuantity

__all__ = ["SymxentLatexPrinter", "latex"]

_PLAIN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_^']*")


def _is_log_like(factor: sp.Expr) -> bool:
    return isinstance(factor, sp.log | Logarithm)


class SymxentLatexPrinter(LatexPrinter):
    """SymPy's LaTeX printer, taught symxent's quantities and lecture-style logarithms.

    Example:
        >>> from symxent import Entropy, Distribution
        >>> SymxentLatexPrinter({"default_base": 2}).doprint(Entropy(Distribution("p", 4), 2))
        'H(p)'
    """

    printmethod = "_latex"
    _default_settings: dict[str, Any] = {  # noqa: RUF012  (SymPy's own settings mechanism)
        **LatexPrinter._default_settings,
        "cross_entropy": "H",
        "default_base": sp.E,
        "decimals": False,
    }

    def __init__(self, settings: dict[str, Any] | None = None) -> None:
        super().__init__(settings)
        if self._settings["cross_entropy"] not in ("H", "CE"):
            from symxent.errors import SymxentError

            raise SymxentError(
                "cross_entropy setting must be 'H' or 'CE', "
                f"got {self._settings['cross_entropy']!r}"
            )
        self._log_needs_parens = False

    # ----------------------------------------------------------------- quantities

    def doprint_quantity(self, expr: SymbolicQuantity) -> str:
        """Print a symxent quantity through its ``_print_<ClassName>`` method."""
        method = getattr(self, f"_print_{type(expr).__name__}", None)
        return str(self._print_Basic(expr)) if method is None else str(method(expr))

    def _base_subscript(self, base: sp.Expr) -> str:
        return "" if base == self._settings["default_base"] else f"_{{{self._print(base)}}}"

    def _args(self, *args: sp.Basic) -> str:
        return ", ".join(self._print(a) for a in args)

    def _print_Information(self, expr: Any) -> str:
        return f"I{self._base_subscript(expr.base)}({self._print(expr.probability)})"

    def _print_Entropy(self, expr: Any) -> str:
        return f"H{self._base_subscript(expr.base)}({self._print(expr.p)})"

    def _print_BinaryEntropy(self, expr: Any) -> str:
        sub = self._base_subscript(expr.base)
        sub = r"_{\mathrm{b}" + ("," + sub[2:-1] if sub else "") + "}"
        return f"H{sub}({self._print(expr.probability)})"

    def _print_CrossEntropy(self, expr: Any) -> str:
        name = "H" if self._settings["cross_entropy"] == "H" else r"\mathrm{CE}"
        return f"{name}{self._base_subscript(expr.base)}({self._args(expr.p, expr.q)})"

    def _print_KLDivergence(self, expr: Any) -> str:
        sub = self._base_subscript(expr.base)
        sub = r"_{\mathrm{KL}" + ("," + sub[2:-1] if sub else "") + "}"
        return f"D{sub}({self._print(expr.p)} \\parallel {self._print(expr.q)})"

    def _print_BinaryCrossEntropy(self, expr: Any) -> str:
        return (
            rf"\mathrm{{BCE}}{self._base_subscript(expr.base)}"
            f"({self._args(expr.label, expr.prediction)})"
        )

    def _print_Expectation(self, expr: Any) -> str:
        return (
            rf"\mathbb{{E}}_{{{self._print(expr.index)} \sim {self._print(expr.p)}}}"
            rf"\left[{self._print(expr.body)}\right]"
        )

    def _print_MatchProbability(self, expr: Any) -> str:
        return "P(X = Y)"

    def _print_Softmax(self, expr: Any) -> str:
        return rf"\mathrm{{softmax}}({self._print(expr.z)})_{{{self._print(expr.k)}}}"

    def _print_LogSoftmax(self, expr: Any) -> str:
        name = r"\ln" if self._settings["ln_notation"] else r"\log"
        return rf"{name} \mathrm{{softmax}}({self._print(expr.z)})_{{{self._print(expr.k)}}}"

    def _print_LogSumExp(self, expr: Any) -> str:
        return rf"\mathrm{{LSE}}({self._print(expr.z)})"

    def _print_NLL(self, expr: Any) -> str:
        return rf"\mathrm{{NLL}}{self._base_subscript(expr.base)}({self._print(expr.yhat)})"

    def _print_MSE(self, expr: Any) -> str:
        return rf"\mathrm{{MSE}}({self._args(expr.y, expr.yhat)})"

    def _print_JointEntropy(self, expr: Any) -> str:
        return f"H{self._base_subscript(expr.base)}({self._args(*expr.variables)})"

    def _print_ConditionalEntropy(self, expr: Any) -> str:
        return (
            f"H{self._base_subscript(expr.base)}"
            rf"({self._args(*expr.variables)} \mid {self._args(*expr.given)})"
        )

    def _print_MutualInformation(self, expr: Any) -> str:
        given = rf" \mid {self._args(*expr.given)}" if expr.given else ""
        return (
            f"I{self._base_subscript(expr.base)}"
            f"({self._args(*expr.left)}; {self._args(*expr.right)}{given})"
        )

    def _print_Float(self, expr: sp.Float) -> str:
        """Print decimals made with few digits (``symxent.derivation.decimal``) with all of them.

        ``Float("0.2310", 4)`` prints ``0.2310``: the trailing zero is part of the claim.
        """
        digits = prec_to_dps(expr._prec)
        if digits < 15:
            text = to_str(expr._mpf_, digits, strip_zeros=False, min_fixed=-20, max_fixed=20)
            if "e" not in text:
                return text.rstrip(".")
        return str(super()._print_Float(expr))

    def _decimal(self, expr: sp.Rational) -> str | None:
        """``expr`` as a decimal when the ``decimals`` setting asks and it terminates, else None."""
        if not self._settings["decimals"] or expr.is_Integer:
            return None
        q, twos, fives = int(expr.q), 0, 0
        while q % 2 == 0:
            q, twos = q // 2, twos + 1
        while q % 5 == 0:
            q, fives = q // 5, fives + 1
        places = max(twos, fives)
        if q != 1 or places > 12:
            return None
        scaled = abs(int(expr.p)) * 10**places // int(expr.q)
        digits = str(scaled).rjust(places + 1, "0")
        sign = "-" if expr.is_negative else ""
        return f"{sign}{digits[:-places]}.{digits[-places:]}"

    def _print_Rational(self, expr: sp.Rational) -> str:
        decimal = self._decimal(expr)
        return decimal if decimal is not None else str(super()._print_Rational(expr))

    def _deal_with_super_sub(self, string: str, style: str = "plain") -> str:
        r"""Symbol names: SymPy's ``x_1``/``alpha`` conventions for plain names, others as text.

        A name with TeX's special characters (``a#b``, ``\input{f}``) or non-ASCII letters is
        printed as ``\text{...}`` with those characters escaped, so no name can break the
        document or run a TeX command.
        """
        if _PLAIN_NAME.fullmatch(string):
            return str(super()._deal_with_super_sub(string, style=style))
        from symxent.latex.text import escape_text

        return rf"\text{{{escape_text(string)}}}"

    def _print_Idx(self, expr: sp.Idx) -> str:
        return str(self._print(expr.label))

    def _print_Indexed(self, expr: sp.Indexed) -> str:
        if getattr(expr.base.label, "role", None) == "joint":  # p(x, y), an entry of a joint pmf
            name = str(expr.base.label).split("(", 1)[0]
            return f"{name}({', '.join(self._print(i) for i in expr.indices)})"
        base = self._print(expr.base.label)
        indices = ",".join(self._print(i) for i in expr.indices)
        return f"{base}_{{{indices}}}"

    # ----------------------------------------------------------------- logarithms

    def _log_argument(self, arg: sp.Expr) -> str:
        """Print a log's argument bare where that is unambiguous, else in parentheses."""
        tex = str(self._print(arg))
        simple = (
            arg.is_Symbol
            or isinstance(arg, sp.Indexed | sp.Idx)
            or (arg.is_Rational and arg.is_positive)
            or (arg.is_Pow and arg.exp.is_negative and arg.exp.is_Rational)
            or (
                arg.is_Mul
                and fraction(arg, exact=True)[1] != 1
                and not arg.could_extract_minus_sign()
            )
            or isinstance(arg, SymbolicQuantity | sp.KroneckerDelta)
            or (isinstance(arg, sp.Function) and not isinstance(arg, sp.log | Logarithm))
        )
        return f" {tex}" if simple and not self._log_needs_parens else rf"\left({tex}\right)"

    def _print_log(self, expr: sp.log, exp: Any = None) -> str:
        name = r"\ln" if self._settings["ln_notation"] else r"\log"
        if exp is not None:
            return rf"{name}^{{{exp}}}\left({self._print(expr.args[0])}\right)"
        return name + self._log_argument(expr.args[0])

    def _print_Logarithm(self, expr: Logarithm, exp: Any = None) -> str:
        x, base = expr.args
        name = rf"\log_{{{self._print(base)}}}"
        if exp is not None:
            return rf"{name}^{{{exp}}}\left({self._print(x)}\right)"
        return name + self._log_argument(x)

    def _print_Mul(self, expr: sp.Mul) -> str:
        r"""Products with logarithms: coefficient first, logs last, e.g. ``\frac{1}{3} \log 2``."""
        coeff, rest = expr.as_coeff_Mul()
        decimal = self._decimal(coeff) if coeff.is_Rational and rest != 1 else None
        if decimal is not None:
            # decimals: 0.125 \log 2 and 0.375 x, not \frac{1}{8} \log 2 and \frac{3 x}{8}
            return f"{decimal} {self.parenthesize(rest, PRECEDENCE['Mul'], strict=False)}"
        numer, denom = fraction(expr, exact=True)
        if denom != 1 and any(isinstance(f, sp.Integral) for f in sp.Mul.make_args(numer)):
            # \frac{1}{2 \sigma^2} \int (x - \mu)^2 p(x) \, dx, not the integral over 2 sigma^2
            return self._coefficient_then_integrals(numer / denom)
        if not any(_is_log_like(f) or f.is_Add for f in sp.Mul.make_args(numer)):
            return str(super()._print_Mul(expr))
        coeff, numer_rest = numer.as_coeff_Mul()
        denom_coeff, denom_rest = denom.as_coeff_Mul()
        coeff = coeff / denom_coeff
        sign = ""
        if coeff.is_negative:
            sign, coeff = "- ", -coeff
        logs_only = all(_is_log_like(f) for f in sp.Mul.make_args(numer_rest))
        if denom_rest != 1 and logs_only and not denom_rest.has(sp.log, Logarithm):
            # lecture style: \frac{1}{n} \log \frac{1}{n}
            coeff = coeff / denom_rest
            denom_rest = sp.S.One
        body = self._product(numer_rest)
        if denom_rest != 1:
            if len(sp.Mul.make_args(numer_rest)) == 1:
                body = str(self._print(numer_rest))
            body = rf"\frac{{{body}}}{{{self._print(denom_rest)}}}"
        if coeff == 1:
            return sign + body
        if not coeff.is_Number:
            coeff_numer, coeff_denom = fraction(coeff, exact=True)
            return (
                rf"{sign}\frac{{{self._print(coeff_numer)}}}{{{self._print(coeff_denom)}}} {body}"
            )
        if coeff.is_Rational and not coeff.is_Integer:
            coeff_tex = rf"\frac{{{self._print(coeff.p)}}}{{{self._print(coeff.q)}}}"
        else:
            coeff_tex = str(self._print(coeff))
        return f"{sign}{coeff_tex} {body}"

    def _coefficient_then_integrals(self, expr: sp.Expr) -> str:
        r"""``-\frac{3 \sigma}{2} \int ...``: the factors free of integrals first, as a fraction."""
        sign = "- " if expr.could_extract_minus_sign() else ""
        factors = sp.Mul.make_args(-expr if sign else expr)
        integrals = [f for f in factors if isinstance(f, sp.Integral)]
        coefficient = sp.Mul(*(f for f in factors if not isinstance(f, sp.Integral)))
        with self._log_parens(True):  # a log before the integral
            parts = [] if coefficient == 1 else [str(self._print(coefficient))]
        for inner in integrals[:-1]:
            parts.append(str(self.parenthesize(inner, PRECEDENCE["Mul"], strict=False)))
        parts.append(str(self._print(integrals[-1])))
        return sign + " ".join(parts)

    def _product(self, expr: sp.Expr) -> str:
        factors = sp.Mul.make_args(expr)

        def rank(factor: sp.Expr) -> int:
            if _is_log_like(factor):
                return 4
            if isinstance(factor, sp.Integral):
                return 3  # after the others: (\mu - m) \int ..., not (\int ...)(\mu - m)
            if factor.is_Add:
                return 2
            if (
                factor.is_Atom
                or isinstance(factor, sp.Indexed)
                or (factor.is_Pow and (factor.base.is_Atom or isinstance(factor.base, sp.Indexed)))
            ):
                return 0
            return 1

        ordered = sorted(factors, key=lambda f: (rank(f), sp.default_sort_key(f)))
        parts = []
        for position, factor in enumerate(ordered):
            with self._log_parens(position < len(ordered) - 1):
                parts.append(str(self.parenthesize(factor, PRECEDENCE["Mul"], strict=False)))
        separator = self._settings["mul_symbol_latex"]
        return separator.join(parts)

    def _print_Add(self, expr: sp.Add, order: Any = None) -> str:
        r"""Sums as written when built unevaluated; otherwise positive terms first.

        SymPy's default order often starts with a negative term (``- y_{k} + \sigma``);
        lecturers write ``\sigma - y_{k}``.
        """
        terms = list(expr.args)
        if order is None and self._settings["order"] in (None, "lex"):
            written_as_is = tuple(terms) != sp.Add(*terms).args
            if not written_as_is:
                terms = self._as_ordered_terms(expr, order=None)
                positive = [t for t in terms if not t.could_extract_minus_sign()]
                if positive:
                    terms = positive + [t for t in terms if t.could_extract_minus_sign()]
        with self._log_parens(False):
            return str(super()._print_Add(sp.Add(*terms, evaluate=False), order="none"))

    def _print_Function(self, expr: Any, exp: Any = None) -> str:
        with self._log_parens(False):
            return str(super()._print_Function(expr, exp))

    @contextmanager
    def _log_parens(self, needed: bool) -> Iterator[None]:
        """Inside the block, a log's argument is bracketed only if ``needed`` (a factor follows)."""
        saved, self._log_needs_parens = self._log_needs_parens, needed
        try:
            yield
        finally:
            self._log_needs_parens = saved


SymbolicQuantity.latex_printer = SymxentLatexPrinter


def latex(expr: Any, **settings: Any) -> str:
    r"""Print ``expr`` (a SymPy/symxent expression or relation) as lecture-style LaTeX.

    Args:
        expr: the expression.
        **settings: printer settings, e.g. ``cross_entropy="CE"``, ``default_base=2``,
            ``ln_notation=True``.

    Returns:
        The LaTeX string (math mode content, no delimiters).

    Example:
        >>> import sympy as sp
        >>> from symxent.quantities.base import Logarithm
        >>> latex(Logarithm(sp.Rational(1, 8), 2))
        '\\log_{2} \\frac{1}{8}'
    """
    return str(SymxentLatexPrinter(settings).doprint(expr))
