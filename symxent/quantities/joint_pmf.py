"""Random variables over one joint pmf: their alphabets, the pmf and its marginals.

Example:
    >>> p = JointDistribution("p", ["X", "Y"], sizes=[2, 3])
    >>> p.sizes
    (2, 3)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import sympy as sp
from sympy.core.basic import Basic

from symxent.distributions import VectorLabel, class_count, summation_index
from symxent.errors import DistributionError
from symxent.inputs import as_basic, as_expr
from symxent.quantities.base import arg_property

__all__ = [
    "AlphabetSize",
    "JointDistribution",
    "JointLabel",
    "Marginal",
    "RandomVariable",
    "alphabet_size",
]


class RandomVariable(sp.Symbol):
    """The name of a random variable (``X``, ``Y``, ``X_1``); a joint pmf gives its alphabet.

    Example:
        >>> RandomVariable("X_1").letter
        'x_1'
    """

    @property
    def letter(self) -> str:
        """The lowercase name of its values (``x`` for ``X``), used for summation indices."""
        head, _, tail = self.name.partition("_")
        return head.lower() + ("_" + tail if tail else "")

    def _latex(self, printer: Any) -> str:
        head, _, tail = self.name.partition("_")
        return head + (f"_{{{tail}}}" if tail else "")


class AlphabetSize(sp.Symbol):
    r"""The number of values of a random variable, :math:`|\mathcal{X}|`: a positive integer.

    Built with :func:`alphabet_size`.

    Example:
        >>> from symxent import latex
        >>> latex(alphabet_size("X"))
        '|\\mathcal{X}|'
    """

    def _latex(self, printer: Any) -> str:
        head, _, tail = self.name.strip("|").partition("_")
        return rf"|\mathcal{{{head}}}" + (f"_{{{tail}}}" if tail else "") + "|"


def alphabet_size(variable: str | RandomVariable) -> AlphabetSize:
    r"""Return :math:`|\mathcal{X}|` for the random variable ``X``, a positive integer Symbol.

    Example:
        >>> n = alphabet_size("X")
        >>> n, n.is_integer, n.is_positive
        (|X|, True, True)
    """
    return AlphabetSize(f"|{variable}|", integer=True, positive=True)


class JointLabel(VectorLabel):
    """The label of a joint pmf's ``IndexedBase``: entries are nonnegative and sum to 1."""

    role = "joint"
    sums_to_one = True


def _variable(value: Any) -> RandomVariable:
    if isinstance(value, RandomVariable):
        return value
    name = value.name if isinstance(value, sp.Symbol) else value
    if not isinstance(name, str) or not name.replace("_", "a").isalnum() or not name[:1].isalpha():
        raise DistributionError(f"a random variable is named like X, Y or X_1, got {value!r}")
    return RandomVariable(name)


class JointDistribution(Basic):
    r"""The joint pmf of random variables over alphabets of sizes :math:`|\mathcal{X}|, \ldots`.

    Its entries ``p[i, j]`` (1-based, one index per variable, in the order given) are
    nonnegative and sum to 1; zero entries are allowed (0 log 0 = 0).

    Args:
        name: the printed name of the pmf (``"p"``).
        variables: the random variables, e.g. ``["X", "Y"]``.
        sizes: their alphabet sizes (ints, names or integer Symbols); by default the symbols
            :math:`|\mathcal{X}|, |\mathcal{Y}|`.

    Example:
        >>> p = JointDistribution("p", ["X", "Y"], sizes=[2, 3])
        >>> X, Y = p.variables
        >>> p.entry({X: 1, Y: 2})
        p(X,Y)[1, 2]
        >>> p.marginal([Y], {Y: 2})
        p_{Y}(2)
    """

    def __new__(
        cls,
        name: str | sp.Symbol,
        variables: Iterable[Any],
        sizes: Iterable[Any] | None = None,
    ) -> JointDistribution:
        if isinstance(name, sp.Symbol):
            name = name.name
        if not isinstance(name, str) or not name.isidentifier():
            raise DistributionError(f"a joint pmf is named like 'p', got {name!r}")
        names = tuple(_variable(v) for v in variables)
        if not names:
            raise DistributionError("a joint pmf needs at least one random variable")
        if len(set(names)) != len(names):
            raise DistributionError(f"the random variables {names} repeat one")
        if sizes is None or (isinstance(sizes, sp.Tuple) and not sizes):
            counts = tuple(alphabet_size(v.name) for v in names)
        else:
            given = tuple(sizes)
            if len(given) != len(names):
                raise DistributionError(
                    f"{len(names)} random variables but {len(given)} alphabet sizes"
                )
            counts = tuple(s if isinstance(s, AlphabetSize) else class_count(s) for s in given)
        return super().__new__(cls, sp.Symbol(name), sp.Tuple(*names), sp.Tuple(*counts))

    name = arg_property(0, """The pmf's printed name, e.g. ``"p"``.""", str)
    variables = arg_property(1, "The random variables, in the order of the pmf's indices.", tuple)
    sizes = arg_property(2, "The alphabet sizes, in the same order.", tuple)

    def size(self, variable: RandomVariable) -> sp.Expr:
        """The alphabet size of ``variable``."""
        return self.sizes[self.axis(variable)]

    def axis(self, variable: Any) -> int:
        """The position of ``variable`` among the pmf's indices.

        Raises:
            DistributionError: if the pmf is not over ``variable``.
        """
        variable = _variable(variable)
        if variable not in self.variables:
            raise DistributionError(f"{variable} is not one of the variables of {self}")
        return self.variables.index(variable)

    def ordered(self, variables: Iterable[Any]) -> tuple[RandomVariable, ...]:
        """The distinct ``variables`` in the pmf's order (repeats dropped: H(X, X) = H(X))."""
        chosen = {self.variables[self.axis(v)] for v in variables}
        return tuple(v for v in self.variables if v in chosen)

    @property
    def label(self) -> JointLabel:
        """The ``IndexedBase`` label, named after the variables: ``p(X,Y)``."""
        names = ",".join(v.name for v in self.variables)
        return JointLabel(f"{self.name}({names})", nonnegative=True)

    @property
    def base(self) -> sp.IndexedBase:
        """The ``IndexedBase`` whose entries are the pmf's entries."""
        return sp.IndexedBase(self.label, shape=self.sizes)

    def entry(self, at: dict[RandomVariable, Any]) -> sp.Expr:
        """The entry :math:`p(x, y)` at the values ``at`` (one per variable)."""
        return self.base[tuple(at[v] for v in self.variables)]

    def marginal(self, variables: Iterable[Any], at: dict[RandomVariable, Any]) -> sp.Expr:
        """The marginal pmf of ``variables`` at the values ``at`` (an entry if all variables)."""
        kept = self.ordered(variables)
        if not kept:
            return sp.S.One
        if kept == self.variables:
            return self.entry(at)
        return Marginal(self, kept, [at[v] for v in kept])

    def index(self, variable: RandomVariable, avoid: Iterable[sp.Basic] = ()) -> sp.Symbol:
        """A summation index over ``variable``'s values, named by its letter (``x`` for X)."""
        used = {str(s) for a in avoid for s in as_basic(a, error=DistributionError).free_symbols}
        name = variable.letter
        while name in used:
            name += "'"
        return summation_index(name)

    def sum(
        self,
        variables: Sequence[RandomVariable],
        term: Callable[[dict[RandomVariable, Any]], sp.Expr],
        avoid: Iterable[sp.Basic] = (),
    ) -> sp.Expr:
        r"""Return :math:`\sum_{x, y} \text{term}(x, y)` over the values of ``variables``."""
        avoid = tuple(avoid)
        at = {v: self.index(v, avoid) for v in variables}
        limits = [(at[v], 1, self.size(v)) for v in variables]
        return sp.Sum(term(at), *limits)

    def _sympystr(self, printer: Any) -> str:
        return str(self.label)

    def _latex(self, printer: Any) -> str:
        names = ", ".join(printer._print(v) for v in self.variables)
        return f"{self.name}({names})"


class Marginal(sp.Expr):
    r"""A marginal of a joint pmf at given values: :math:`p(x) = \sum_y p(x, y)`.

    It stays as written (the numeric checker sums the pmf's table once); ``doit()`` gives the
    sum over the other variables.

    Example:
        >>> p = JointDistribution("p", ["X", "Y"], sizes=[2, 3])
        >>> X, Y = p.variables
        >>> m = p.marginal([X], {X: 1})
        >>> m.doit()
        p(X,Y)[1, 1] + p(X,Y)[1, 2] + p(X,Y)[1, 3]
    """

    is_commutative = True

    def __new__(
        cls, joint: JointDistribution, variables: Iterable[Any], at: Iterable[Any]
    ) -> sp.Expr:
        if not isinstance(joint, JointDistribution):
            raise DistributionError(f"a marginal is taken of a joint pmf, got {joint!r}")
        kept = tuple(_variable(v) for v in variables)
        values = tuple(as_expr(a, "a value of a marginal", DistributionError) for a in at)
        if kept != joint.ordered(kept) or not kept:
            raise DistributionError(
                f"the variables {kept} of a marginal must be distinct variables of {joint}, "
                "in its order"
            )
        if len(values) != len(kept):
            raise DistributionError(f"a marginal over {kept} needs {len(kept)} values")
        return super().__new__(cls, joint, sp.Tuple(*kept), sp.Tuple(*values))

    joint = arg_property[JointDistribution](0, "The joint pmf.")
    variables = arg_property(1, "The variables kept (in the pmf's order).", tuple)

    @property
    def at(self) -> dict[RandomVariable, sp.Expr]:
        """The values of the kept variables."""
        return dict(zip(self.variables, self.args[2], strict=True))

    @property
    def free_symbols(self) -> set[sp.Basic]:
        parts = (*self.args[2], *self.joint.sizes)
        return {self.joint.label}.union(*(part.free_symbols for part in parts))

    def _eval_is_nonnegative(self) -> bool:
        return True

    def _eval_derivative(self, symbol: sp.Basic) -> sp.Expr:
        return sp.diff(self.doit(), symbol)

    def _eval_subs(self, old: sp.Basic, new: sp.Basic) -> sp.Expr | None:
        if isinstance(old, sp.Indexed) and old.base == self.joint.base:
            return self.doit().subs(old, new)  # an entry of the pmf: the sum it is in
        return None

    def _eval_is_real(self) -> bool:
        return True

    def doit(self, **hints: Any) -> sp.Expr:
        joint, at = self.joint, self.at
        others = [v for v in joint.variables if v not in at]
        # primed indices (y') where a sum over y may be around: p(x) = sum_{y'} p(x, y')
        letters = [sp.Symbol(v.letter) for v in joint.variables]
        total = joint.sum(
            others, lambda inner: joint.entry({**at, **inner}), avoid=[*self.args[2], *letters]
        )
        return total.doit(**hints) if hints.get("deep", True) else total

    def _sympystr(self, printer: Any) -> str:
        names = "".join(v.name for v in self.variables)
        values = ", ".join(printer._print(a) for a in self.args[2])
        return f"{self.joint.name}_{{{names}}}({values})"

    def _latex(self, printer: Any) -> str:
        values = ", ".join(printer._print(a) for a in self.args[2])
        return f"{self.joint.name}({values})"
