r"""Rewrite an expanded expression into forms that stay finite in floating point.

Each rule is an identity of real analysis (so the compiled function computes the same
mathematical value), chosen so that no intermediate overflows or cancels:

========================================  ==============================================
rule                                      why
========================================  ==============================================
:math:`\sum_j f(j)\,\delta_{jk} = f(k)`   derivatives of sums give Kronecker deltas;
                                          k is a class index in the sum's range
:math:`\sum_j c\,g(j) = c \sum_j g(j)`    constant factors leave the sum
:math:`\sum_j e^{a_j} = e^{\mathrm{LSE}_j a_j}`  the max-shifted log-sum-exp; then
                                          :math:`e^{z_k} / \sum_j e^{z_j} = e^{z_k - \mathrm{LSE}}`
:math:`\log(e^a r) = a + \log r`          :math:`\log \mathrm{softmax} = z_k - \mathrm{LSE}`
:math:`1 / (1 + e^{-x}) = \sigma(x)`,
:math:`1 - \sigma(x) = \sigma(-x)`        no cancellation near :math:`\sigma = 1`
:math:`\log \sigma(x) = -\mathrm{softplus}(-x)`  BCE with logits
:math:`\log(1 + e^x) = \mathrm{softplus}(x)`
:math:`\log(1 + x) = \mathrm{log1p}(x)`,
:math:`e^x - 1 = \mathrm{expm1}(x)`       SymPy's ``codegen.rewriting`` optimisations
:math:`x \log y = \mathrm{xlogy}(x, y)`   :math:`0 \log 0 = 0`
========================================  ==============================================

Example:
    >>> from symxent import Labels, Logits, CrossEntropy, SoftmaxVector
    >>> from symxent.numeric.expand import expand_for_numeric
    >>> z, y = Logits("z", "n"), Labels("y", "n")
    >>> stable_form(expand_for_numeric(CrossEntropy(y, SoftmaxVector(z))))
    -Sum((z[i] - LogSumExpOver(z[j], (j, 1, n)))*y[i], (i, 1, n))
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp
from sympy.codegen.cfunctions import expm1, log1p

from symxent.numeric.nodes import LogSumExpOver, Softplus
from symxent.quantities.activations import Sigmoid
from symxent.zero_log import zero_log_convention

__all__ = [
    "collapse_kronecker_sums",
    "combine_exponentials",
    "factor_sums",
    "log_of_exponentials",
    "log_sum_exp",
    "sigmoid_forms",
    "stable_form",
    "zero_log_convention",
]

Rule = Callable[[sp.Expr], sp.Expr]


def _index_in_range(index: sp.Expr, low: sp.Expr, high: sp.Expr) -> bool:
    """True when ``low <= index <= high`` is known (an Idx with that range, or an integer)."""
    if isinstance(index, sp.Idx):
        return bool(index.lower == low and index.upper == high)
    if index.is_Integer and low.is_Integer:
        return bool(low <= index and (high - index).is_nonnegative)
    return False


def _collapse_one(total: sp.Sum) -> sp.Expr:
    if len(total.limits) != 1:
        return total
    var, low, high = total.limits[0]
    terms = sp.Add.make_args(sp.expand_mul(total.function))
    kept: list[sp.Expr] = []
    done: list[sp.Expr] = []
    for term in terms:
        for factor in sp.Mul.make_args(term):
            if not isinstance(factor, sp.KroneckerDelta) or var not in factor.free_symbols:
                continue
            a, b = factor.args
            other = b if a == var else a if b == var else None
            if (
                other is not None
                and var not in other.free_symbols
                and _index_in_range(other, low, high)
            ):
                done.append(term.xreplace({factor: sp.S.One}).xreplace({var: other}))
                break
        else:
            kept.append(term)
    if not done:
        return total
    rest = sp.Sum(sp.Add(*kept), (var, low, high)) if kept else sp.S.Zero
    return sp.Add(*done) + rest


def collapse_kronecker_sums(expr: sp.Expr) -> sp.Expr:
    r"""Replace :math:`\sum_{j=1}^{n} f(j)\,\delta_{jk}` by :math:`f(k)` when :math:`1 \le k \le n`.

    Example:
        >>> import sympy as sp
        >>> from symxent import Logits
        >>> z = Logits("z", "n")
        >>> j, k = sp.Symbol("j", integer=True), z.index("k")
        >>> collapse_kronecker_sums(sp.Sum(sp.exp(z[j]) * sp.KroneckerDelta(j, k), (j, 1, z.n)))
        exp(z[k])
    """
    return expr.replace(
        lambda node: isinstance(node, sp.Sum) and node.function.has(sp.KroneckerDelta),
        _collapse_one,
    )


def _split_factors(term: sp.Expr, var: sp.Symbol) -> tuple[sp.Expr, sp.Expr]:
    inside: list[sp.Expr] = []
    outside: list[sp.Expr] = []
    for factor in sp.Mul.make_args(term):
        (inside if var in factor.free_symbols else outside).append(factor)
    return sp.Mul(*outside), sp.Mul(*inside)


def _factor_one(total: sp.Sum) -> sp.Expr:
    if len(total.limits) != 1:
        return total
    var = total.limits[0][0]
    terms = sp.Add.make_args(total.function)
    parts = [_split_factors(term, var) for term in terms]
    if len(terms) > 1 and any(not outside.is_number for outside, _ in parts):
        # Sum of an Add whose terms carry factors free of the index: one sum per term, so
        # those factors (e.g. a softmax entry at a free class index) leave the sums.
        return sp.Add(*(outside * sp.Sum(inside, *total.limits) for outside, inside in parts))
    outside, inside = _split_factors(total.function, var)
    if inside == 1 and total.function.is_number is False:
        _, low, high = total.limits[0]
        return outside * (high - low + 1)
    return total if outside == 1 or inside == 1 else outside * sp.Sum(inside, *total.limits)


def factor_sums(expr: sp.Expr) -> sp.Expr:
    r"""Move factors that do not depend on a sum's index out of the sum.

    A sum whose summand does not depend on the index is ``count * summand``.

    Example:
        >>> import sympy as sp
        >>> from symxent import Distribution
        >>> p = Distribution("p", "n")
        >>> i, c = sp.Symbol("i", integer=True), sp.Symbol("c")
        >>> factor_sums(sp.Sum(c * p[i], (i, 1, p.n)))
        c*Sum(p[i], (i, 1, n))
    """
    return expr.replace(lambda node: isinstance(node, sp.Sum), _factor_one)


def log_sum_exp(expr: sp.Expr) -> sp.Expr:
    r"""Replace :math:`\sum_j e^{a_j}` by :math:`e^{\mathrm{LSE}_j(a_j)}` (computed max-shifted).

    Example:
        >>> import sympy as sp
        >>> from symxent import Logits
        >>> z = Logits("z", "n")
        >>> j = sp.Symbol("j", integer=True)
        >>> log_sum_exp(sp.log(sp.Sum(sp.exp(z[j]), (j, 1, z.n))))
        LogSumExpOver(z[j], (j, 1, n))
    """
    expr = expr.replace(
        lambda node: isinstance(node, sp.Sum) and isinstance(node.function, sp.exp),
        lambda total: sp.exp(LogSumExpOver(total.function.args[0], *total.limits)),
    )
    return log_of_exponentials(expr)


def combine_exponentials(expr: sp.Expr) -> sp.Expr:
    r"""Combine products of exponentials, :math:`e^a e^b = e^{a + b}`, inside every subexpression.

    Example:
        >>> import sympy as sp
        >>> a, b = sp.symbols("a b", real=True)
        >>> combine_exponentials(sp.exp(a) * sp.exp(-b) * sp.exp(-a))
        exp(-b)
    """
    return sp.powsimp(expr, deep=True, combine="exp")


def _split_log(node: sp.log) -> sp.Expr:
    argument = node.args[0]
    if isinstance(argument, sp.exp) and argument.args[0].is_extended_real:
        return argument.args[0]
    if not argument.is_Mul:
        return node
    exponents, rest = [], []
    for factor in argument.args:
        if isinstance(factor, sp.exp) and factor.args[0].is_extended_real:
            exponents.append(factor.args[0])
        else:
            rest.append(factor)
    return sp.Add(*exponents) + sp.log(sp.Mul(*rest)) if exponents else node


def log_of_exponentials(expr: sp.Expr) -> sp.Expr:
    r""":math:`\log(e^a r) = a + \log r` for real a (any r: :math:`e^a` is a positive real).

    Example:
        >>> import sympy as sp
        >>> a, r = sp.Symbol("a", real=True), sp.Symbol("r", positive=True)
        >>> log_of_exponentials(sp.log(sp.exp(a) * r))
        a + log(r)
    """
    return expr.replace(lambda node: isinstance(node, sp.log), _split_log)


def _sigmoid_of_exp(node: sp.Pow) -> sp.Expr:
    """``1/(1 + exp(-x))`` -> ``Sigmoid(x)``."""
    base = node.base
    if node.exp == -1 and base.is_Add and len(base.args) == 2 and sp.S.One in base.args:
        other = base.args[0] if base.args[1] == 1 else base.args[1]
        if isinstance(other, sp.exp):
            return Sigmoid(-other.args[0])
    return node


def _one_minus_sigmoid(node: sp.Add) -> sp.Expr:
    """``1 - Sigmoid(x) + rest`` -> ``Sigmoid(-x) + rest``."""
    if sp.S.One not in node.args:
        return node
    for term in node.args:
        coefficient, rest = term.as_coeff_Mul()
        if coefficient == -1 and isinstance(rest, Sigmoid):
            others = [a for a in node.args if a is not term]
            others.remove(sp.S.One)
            return Sigmoid(-rest.args[0]) + sp.Add(*others)
    return node


def _log_forms(node: sp.log) -> sp.Expr:
    argument = node.args[0]
    if isinstance(argument, Sigmoid):
        return -Softplus(-argument.args[0])
    if argument.is_Add and len(argument.args) == 2 and sp.S.One in argument.args:
        other = argument.args[0] if argument.args[1] == 1 else argument.args[1]
        if isinstance(other, sp.exp):
            return Softplus(other.args[0])
    if argument.is_Pow and argument.exp.is_Integer and isinstance(argument.base, Sigmoid):
        return -argument.exp * Softplus(-argument.base.args[0])
    return node


def sigmoid_forms(expr: sp.Expr) -> sp.Expr:
    r"""Stable sigmoid forms: :math:`1/(1+e^{-x}) = \sigma(x)`, :math:`1 - \sigma(x) = \sigma(-x)`,
    :math:`\log \sigma(x) = -\mathrm{softplus}(-x)`, :math:`\log(1 + e^x) = \mathrm{softplus}(x)`.

    Example:
        >>> import sympy as sp
        >>> from symxent import Sigmoid
        >>> z = sp.Symbol("z", real=True)
        >>> sigmoid_forms(sp.log(1 - Sigmoid(z)))
        -Softplus(z)
    """  # noqa: D205
    expr = expr.replace(lambda node: node.is_Pow and node.exp == -1, _sigmoid_of_exp)
    expr = expr.replace(lambda node: node.is_Add and node.has(Sigmoid), _one_minus_sigmoid)
    return expr.replace(lambda node: isinstance(node, sp.log), _log_forms)


def log1p_expm1(expr: sp.Expr) -> sp.Expr:
    r""":math:`\log(1 + x) = \mathrm{log1p}(x)` and :math:`e^x - 1 = \mathrm{expm1}(x)`.

    Uses SymPy's ``sympy.codegen.rewriting`` machinery: its ``expm1_opt``, and a log1p rule that
    (unlike SymPy's ``log1p_opt``) does not expand other logs, so :math:`\log(p/q)` stays one log.

    Example:
        >>> import sympy as sp
        >>> x = sp.Symbol("x", real=True)
        >>> log1p_expm1(sp.log(1 - x) + sp.exp(x) - 1)
        expm1(x) + log1p(-x)
    """
    if not expr.has(sp.log, sp.exp):
        return expr
    # Imported here: sympy.codegen.rewriting pulls in sympy.tensor (35 ms at import symxent).
    from sympy.codegen.rewriting import ReplaceOptim, expm1_opt, optimize

    log1p_rule = ReplaceOptim(
        lambda node: (
            isinstance(node, sp.log) and node.args[0].is_Add and sp.S.One in node.args[0].args
        ),
        lambda node: log1p(node.args[0] - 1),
    )
    return optimize(expr, [log1p_rule, expm1_opt])


_RULES: tuple[Rule, ...] = (
    collapse_kronecker_sums,
    factor_sums,
    combine_exponentials,
    log_sum_exp,
    combine_exponentials,
    log_of_exponentials,
    factor_sums,
    sigmoid_forms,
    log1p_expm1,
    zero_log_convention,
)


def stable_form(expr: sp.Expr) -> sp.Expr:
    """Apply every stable rewrite, in order, to an expanded expression.

    Args:
        expr: output of :func:`symxent.numeric.expand.expand_for_numeric`.

    Returns:
        The same mathematical value in forms that stay finite (see the module table).

    Example:
        >>> from symxent import Logits, Softmax
        >>> from symxent.numeric.expand import expand_for_numeric
        >>> z = Logits("z", "n")
        >>> stable_form(expand_for_numeric(Softmax(z, z.index("k"))))
        exp(z[k] - LogSumExpOver(z[j], (j, 1, n)))
    """
    for rule in _RULES:
        expr = rule(expr)
    return expr


__all__ += ["expm1", "log1p", "log1p_expm1"]
