r"""What every quantity shares: the :class:`SymbolicQuantity` base class and based logarithms.

SymPy evaluates ``log(x, 2)`` to ``log(x)/log(2)`` at once, so a slide would show
:math:`\frac{\log x}{\log 2}` where the lecturer wrote :math:`\log_2 x`. :class:`Logarithm` keeps
the base until ``doit()``; :func:`log_base` picks plain ``log`` for base *e*.

Example:
    >>> import sympy as sp
    >>> from symxent.quantities.base import log_base
    >>> log_base(sp.Integer(8), 2)
    Logarithm(8, 2)
    >>> log_base(sp.Integer(8), 2).doit()
    3
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Generic, TypeAlias, TypeVar, overload

import sympy as sp

from symxent.distributions import Vector, as_expression
from symxent.errors import SymxentError
from symxent.log_bases import BASE_WORDS, BASES

__all__ = [
    "Base",
    "Logarithm",
    "PrintsExpansion",
    "SymbolicQuantity",
    "arg_property",
    "as_base",
    "entry_labels",
    "expand_quantities",
    "log_base",
]

Base: TypeAlias = int | sp.Expr
"""A log base: ``sympy.E`` (nats, the default), ``2`` (bits), ``10``, or a positive Symbol."""

T = TypeVar("T")


class arg_property(Generic[T]):  # noqa: N801  (used like ``property``)
    """A read-only property giving ``self.args[index]`` (a quantity's named argument).

    ``convert`` (``tuple``, ``str``) is applied to the argument when given; without it, name the
    type for type checkers: ``p = arg_property[Vector](0, "The distribution.")``.

    Example:
        >>> from symxent import Distribution, Entropy
        >>> Entropy(Distribution("p", "n")).p
        p
    """

    def __init__(
        self, index: int, doc: str | None = None, convert: Callable[[Any], T] | None = None
    ):
        self.index, self.convert, self.__doc__ = index, convert, doc

    @overload
    def __get__(self, obj: None, owner: type) -> arg_property[T]: ...
    @overload
    def __get__(self, obj: object, owner: type) -> T: ...
    def __get__(self, obj: Any, owner: type) -> Any:
        if obj is None:
            return self
        return obj.args[self.index] if self.convert is None else self.convert(obj.args[self.index])

    def __set__(self, obj: object, value: object) -> None:
        raise AttributeError(f"{type(obj).__name__}'s arguments are read-only")


def as_base(base: Any) -> sp.Expr:
    """Return a log base as a SymPy expression, rejecting bases that are not > 0 and != 1.

    Example:
        >>> as_base(2)
        2
    """
    if isinstance(base, str):
        if base not in BASE_WORDS:
            raise SymxentError(f"unknown log base {base!r}; use 'e', 2, 10 or a Symbol")
        return BASES[BASE_WORDS[base]]
    value = as_expression(base, "log base")
    if value.is_number and (value.is_positive is False or value == 1):
        raise SymxentError(f"log base must be positive and not 1, got {base!r}")
    return value


def log_base(x: Any, base: Any = sp.E) -> sp.Expr:
    """Return the logarithm of ``x`` to ``base``: ``log(x)`` for base *e*, else ``Logarithm``.

    Arguments are probabilities or their ratios, so the extended-real conventions of information
    theory apply: ``log 0 = -oo`` and ``log(c/0) = +oo`` (SymPy would give complex infinity,
    ``zoo``, for both), which makes ``I(0)``, ``H(p, q)`` and ``D_KL(p || q)`` come out ``+oo``
    where ``q`` has a zero that ``p`` does not.

    Example:
        >>> import sympy as sp
        >>> log_base(sp.Symbol("x"))
        log(x)
        >>> log_base(sp.S.Zero, 2)
        -oo
    """
    b = as_base(base)
    x = as_expression(x, "argument of the logarithm")
    if x.is_zero:
        return sp.S.NegativeInfinity
    if x is sp.zoo:
        return sp.S.Infinity
    if b == sp.E:
        return sp.log(x)
    return Logarithm(x, b)


class PrintsExpansion:
    """Mixin: code printers (``sympy.lambdify``) print the expansion ``doit()`` of the object.

    A printer that knows the class (a ``_print_<Class>`` method, as symxent's own numeric printer
    has for the sigmoid) keeps its own way.
    """

    def _print_expanded(self, printer: Any, **kwargs: Any) -> str:
        own = getattr(printer, f"_print_{type(self).__name__}", None)
        if own is not None:
            return str(own(self, **kwargs))
        return str(printer._print(self.doit(), **kwargs))  # type: ignore[attr-defined]

    _lambdacode = _numpycode = _scipycode = _cupycode = _jaxcode = _print_expanded
    _pythoncode = _mpmathcode = _cmathcode = _numexprcode = _print_expanded
    _tensorflowcode = _torchcode = _print_expanded


class Logarithm(PrintsExpansion, sp.Function):
    r"""``log_b(x)`` kept with its base for printing; ``doit()`` gives ``log(x)/log(b)``.

    Example:
        >>> import sympy as sp
        >>> x = sp.Symbol("x", positive=True)
        >>> Logarithm(x, 2).diff(x)
        1/(x*log(2))
    """

    nargs = 2

    def __new__(cls, x: Any, base: Any, **options: Any) -> sp.Expr:
        x = as_expression(x, "argument of the logarithm")
        return super().__new__(cls, x, as_expression(base, "log base"), **options)

    @classmethod
    def eval(cls, x: sp.Expr, base: sp.Expr) -> sp.Expr | None:
        if base == sp.E:
            return sp.log(x)
        if x == 1:
            return sp.S.Zero
        return None

    def doit(self, **hints: Any) -> sp.Expr:
        x, base = self.args
        if hints.get("deep", True):
            x, base = x.doit(**hints), base.doit(**hints)
        return sp.log(x, base)

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        x, base = self.args
        if argindex == 1:
            return 1 / (x * sp.log(base))
        return -sp.log(x) / (base * sp.log(base) ** 2)

    def _eval_rewrite_as_log(self, x: sp.Expr, base: sp.Expr, **kwargs: Any) -> sp.Expr:
        return sp.log(x) / sp.log(base)

    def _eval_is_real(self) -> bool | None:
        x, base = self.args
        if x.is_positive and base.is_positive:
            return True
        return None

    def _eval_evalf(self, prec: int) -> sp.Expr:
        return self.doit()._eval_evalf(prec)


class SymbolicQuantity(PrintsExpansion, sp.Expr):
    """Base class of symxent's unevaluated quantities (entropy, KL, softmax, ...).

    A quantity stays as written (``H(p)``) until ``doit()``, which expands it to sums and logs.
    ``definition()`` gives that expansion one level deep, with any log base kept for printing.
    Subclasses implement :meth:`definition` and print through
    :class:`symxent.latex.printer.SymxentLatexPrinter`.

    Example:
        >>> from symxent import Entropy, Distribution
        >>> Entropy(Distribution("p", "n")).definition()
        -Sum(log(p[i])*p[i], (i, 1, n))
    """

    is_commutative = True

    def definition(self) -> sp.Expr:
        """Return the quantity's defining expression, one level deep."""
        raise NotImplementedError

    def doit(self, **hints: Any) -> sp.Expr:
        """Expand to sums and logs; with ``deep=True`` (default) evaluate what can be evaluated."""
        expanded = self.definition()
        if hints.get("deep", True):
            return expanded.doit(**hints)
        return expanded

    latex_printer: ClassVar[type[Any]]
    """The printer ``sympy.latex`` hands a quantity to: symxent's, which registers itself here
    (:mod:`symxent.latex.printer` imports this module, not the reverse)."""

    def _latex(self, printer: Any) -> str:
        if not hasattr(printer, "doprint_quantity"):  # SymPy's own LatexPrinter (sp.latex)
            printer = SymbolicQuantity.latex_printer()
        return str(printer.doprint_quantity(self))

    def _eval_evalf(self, prec: int) -> sp.Expr | None:
        value = self.doit()
        if value.has(SymbolicQuantity):
            return None
        return value.evalf(prec)

    # A quantity stands for its expansion, so differentiation, substitution and code printing
    # act on that expansion whenever what they touch is inside it (an entry ``p[1]`` of a
    # vector, a Symbol in an argument) rather than leaving the quantity alone.

    @property
    def free_symbols(self) -> set[sp.Basic]:
        """The free symbols of the arguments plus the labels of symbolic vectors' entries."""
        return set(super().free_symbols) | entry_labels(self)

    def _eval_derivative(self, symbol: sp.Basic) -> sp.Expr:
        return sp.diff(self.doit(), symbol)

    def _eval_subs(self, old: sp.Basic, new: sp.Basic) -> sp.Expr | None:
        if _touches_entries(self, (old,)):
            expanded = self.doit()
            if expanded.has(old):
                return expanded.subs(old, new)
        return None

    def _xreplace(self, rule: Any) -> tuple[sp.Basic, bool]:
        value, changed = super()._xreplace(rule)
        if changed or not _touches_entries(self, rule):
            return value, changed
        expanded = self.doit()
        replaced, changed = expanded._xreplace(rule)
        return (replaced, True) if changed else (self, False)


def expand_quantities(expr: sp.Basic, rounds: int = 50) -> sp.Basic:
    """``expr`` with each quantity replaced by its definition, until none is left; σ stays whole.

    ``Logarithm(x, b)`` becomes ``log(x)/log(b)``; derivatives are left for the caller: the
    prover (:func:`~symxent.check.canonical.expand_definitions`) and the numeric compiler
    (:func:`~symxent.numeric.expand.expand_for_numeric`) share this expansion and then evaluate
    them each its own way. A quantity without a definition raises ``NotImplementedError`` naming
    it; after ``rounds`` passes, what is left stays.

    Example:
        >>> from symxent import Distribution, Entropy
        >>> expand_quantities(Entropy(Distribution("p", "n"), 2))
        -Sum(log(p[i])*p[i]/log(2), (i, 1, n))
    """
    for _ in range(rounds):
        if not expr.has(SymbolicQuantity, Logarithm):
            break
        expr = expr.replace(lambda node: isinstance(node, SymbolicQuantity | Logarithm), _defined)
    return expr


def _defined(node: SymbolicQuantity | Logarithm) -> sp.Expr:
    if isinstance(node, Logarithm):
        x, base = node.args
        return sp.log(x) / sp.log(base)
    try:
        return node.definition()
    except NotImplementedError:
        raise NotImplementedError(f"{type(node).__name__} has no definition") from None


def entry_labels(expr: sp.Basic) -> set[sp.Basic]:
    """The labels of the symbolic vectors in ``expr`` (what their entries ``p[i]`` are made of).

    Example:
        >>> from symxent import Distribution, Entropy
        >>> entry_labels(Entropy(Distribution("p", 3)))
        {p}
    """
    from symxent.quantities.joint import JointDistribution  # a cycle: joint imports this module

    labels: set[sp.Basic] = set()
    for vector in expr.atoms(Vector):
        if not vector.is_explicit:
            # a vector computed from others (symxent.quantities.elementwise) names theirs
            made_of = getattr(vector, "entry_labels", None)
            labels |= made_of() if made_of is not None else {vector.base.label}
    return labels | {joint.label for joint in expr.atoms(JointDistribution)}


def _touches_entries(expr: sp.Basic, keys: Any) -> bool:
    """True when one of ``keys`` is an entry of a vector of ``expr`` (or built from one)."""
    labels = entry_labels(expr)
    if not labels:
        return False
    return any(isinstance(key, sp.Basic) and key.free_symbols & labels for key in keys)
