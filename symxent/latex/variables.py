r"""Random variables in lecture LaTeX: which capitals are random variables, and their joint pmf.

In information-theory notation a capital letter inside ``H(\cdot)`` or ``I(\cdot; \cdot)`` is a
random variable: ``H(X)``, joint ``H(X, Y)``, conditional ``H(Y \mid X)``, mutual information
``I(X; Y)`` and ``I(X; Y \mid Z)``. The random variables of one link (all its sides) range over
one joint pmf :math:`p(x, y, \ldots)` with symbolic alphabet sizes
(:class:`~symxent.quantities.joint.JointDistribution`); ``p(x, y)``, ``p(y \mid x)`` and
``p(x)`` are its entries, conditionals and marginals (the value ``x`` belongs to ``X``),
``\mathcal{X}`` is X's alphabet, so ``\log |\mathcal{X}|`` is the log of its size, and
``\sum_x`` runs over it.

Which names are random variables, per link:

* a capital U to Z, plain or with a subscript (``X``, ``Y_1``, ``X_a``), in the arguments of
  ``H(...)`` or ``I(...; ...)``, or the capital of a value in ``p(x, y)`` / ``p(y | x)``;
* unless the link uses the name as a distribution: ``P(X = x)``, ``P(X_a = Y_a)``,
  ``\mathrm{CE}(X, Y)``, ``D_{KL}(X \parallel Y)``, ``H(Y, \hat{Y})`` (a cross-entropy: one
  argument is not a random variable), a value an earlier line bound, or ``--assume X:...``.

Lowercase ``H(p, q)`` stays a cross-entropy and ``H(p)`` an entropy. A condition bar or a
semicolon is never dropped: what cannot be read with them is an error. The quantities read over
the joint pmf are in :mod:`symxent.latex.information`.

Example:
    >>> from symxent.latex.mapping import Mapper
    >>> from symxent.latex.reader import read_side
    >>> from symxent.latex.roles import Roles
    >>> mapper = Mapper(Roles())
    >>> sides = [read_side(r"H(Y \mid X)"), read_side(r"H(X, Y) - H(X)")]
    >>> mapper.prepare(sides)
    >>> [mapper.map(side) for side in sides]
    [ConditionalEntropy(p(X,Y), (Y,), (X,), logbase),
     -JointEntropy(p(X,Y), (X,), logbase) + JointEntropy(p(X,Y), (X, Y), logbase)]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import sympy as sp

from symxent.distributions import class_index
from symxent.errors import LatexParseError
from symxent.latex.raw import Apply, Event, Expect, Name, Raw, RawObject, name_of
from symxent.latex.roles import Roles
from symxent.quantities.joint import JointDistribution, RandomVariable

__all__ = [
    "PMF_NAME",
    "PMF_NAMES",
    "VariableScope",
    "is_variable_name",
    "name_of",
    "natural_order",
    "pmf_weight",
]

VARIABLE_LETTERS = frozenset("UVWXYZ")
"""Capital letters read as random variables inside H and I (P, Q stay distributions)."""

PMF_NAME = "p"
"""The name of the joint pmf: ``p(x, y)``."""
PMF_NAMES = frozenset({"p", "P"})
"""Its spellings: ``p(x, y)``, and MacKay's ``P(x)`` (``H(X) = \\sum_x P(x) \\log 1/P(x)``)."""

_SUBSCRIPT = re.compile(r"[0-9]+|[a-z]")


def is_variable_name(name: Name) -> bool:
    """Whether ``name`` looks like a random variable: ``X``, ``Y_1``, ``X_a`` (no accent).

    Example:
        >>> is_variable_name(Name("X", subscript=("1",))), is_variable_name(Name("Y", "hat"))
        (True, False)
    """
    return (
        name.base in VARIABLE_LETTERS
        and not name.accent
        and not name.primes
        and len(name.subscript) <= 1
        and all(_SUBSCRIPT.fullmatch(part) for part in name.subscript)
    )


def _is_value_name(name: Name) -> bool:
    """A value of a random variable: ``x``, ``y_1`` (the lowercase of a variable name)."""
    upper = Name(name.base.upper(), name.accent, name.subscript, name.primes)
    return name.base.islower() and is_variable_name(upper)


def _capital_key(value: Name) -> str:
    """``x_1`` -> ``X_1``: the key of the random variable a value belongs to."""
    return Name(value.base.upper(), subscript=value.subscript).key


@dataclass
class VariableScope:
    r"""What the sides of one link say about random variables; their joint pmf, once built.

    Attributes:
        candidates: keys of capitals used as random variables (in H, I, or as ``p(x, y)``'s
            values).
        distributions: keys of capitals the link uses as distributions.
        parameters: the parameter texts written after ``;`` in ``p(x; \theta)``.
    """

    roles: Roles
    bound: frozenset[str] = frozenset()
    candidates: set[str] = field(default_factory=set)
    distributions: set[str] = field(default_factory=set)
    parameters: set[str] = field(default_factory=set)
    pmf_arguments: set[str] = field(default_factory=set)
    mentions_count: bool = False
    _joint: JointDistribution | None = None
    _free: dict[str, sp.Idx] = field(default_factory=dict)
    _spelling: str = ""

    def spell_pmf(self, spelling: str, latex: str) -> None:
        """Record that the joint pmf is written ``spelling(...)``; two spellings are refused."""
        if self._spelling and spelling != self._spelling:
            raise LatexParseError(
                f"{latex}: the claim writes the pmf of its random variables both as "
                f"{self._spelling}(...) and as {spelling}(...); those would be two pmfs"
            )
        self._spelling = spelling

    # ------------------------------------------------------------------ scanning

    def scan(self, objects: Iterable[RawObject]) -> None:
        """Look at the placeholder objects of one side (each nested side is scanned too)."""
        for obj in objects:
            if isinstance(obj, Name) and self.roles.is_count(obj.key):
                self.mentions_count = True  # H(X) <= log n: X takes n values
            if isinstance(obj, Apply):
                self._scan_apply(obj)
            elif isinstance(obj, Expect) and obj.variable is None and obj.subscript:
                weight = pmf_weight(obj)  # \mathbb{E}_{p(x, y)}[...]
                if weight is not None:
                    self.scan(weight.objects())

    def _scan_apply(self, app: Apply) -> None:
        from symxent.latex.mapping import function_key

        key = function_key(app.name)
        names = [name_of(a) for a in (*app.args, *app.parameters, *app.given)]
        capitals = {n.key for n in names if n is not None and n.base[:1].isupper()}
        if key == "H" and not app.given and not app.parameters:
            if all(n is not None and is_variable_name(n) for n in names):
                self.candidates |= capitals
            else:
                self.distributions |= capitals  # H(Y, \hat{Y}): a cross-entropy
        elif key in ("H", "I") and (app.given or app.parameters):
            self.candidates |= {n.key for n in names if n is not None and is_variable_name(n)}
            for event in app.given:  # H(Y | X = x)
                name = name_of(event.lhs) if isinstance(event, Event) else None
                if name is not None and is_variable_name(name):
                    self.candidates.add(name.key)
        elif key in ("CE", "KL"):
            self.distributions |= capitals
        elif (key == "P" and app.name.key not in PMF_NAMES) or any(
            isinstance(a, Event) for a in app.args
        ):  # P(X = x), Murphy's p(X = k): X is a distribution (its entries' vector)
            for arg in app.args:
                if isinstance(arg, Event):
                    for side in (arg.lhs, arg.rhs):
                        atom = side.atom()
                        if isinstance(atom, Name) and atom.base[:1].isupper():
                            self.distributions.add(atom.key)
        elif app.name.key in PMF_NAMES:
            self.pmf_arguments |= {
                n.key for n in names[: len(app.args)] if n is not None and n.base.islower()
            }
            values = [n for n in names[: len(app.args)] if n is not None and _is_value_name(n)]
            values += [n for n in names[len(app.args) + len(app.parameters) :] if n is not None]
            if (len(app.args) > 1 or app.given) and all(_is_value_name(v) for v in values):
                self.candidates |= {_capital_key(v) for v in values}
            # E[log p(X, Y)]: the pmf at the random variables themselves
            self.candidates |= {n.key for n in names if n is not None and is_variable_name(n)}
            if values:
                # p(x; theta) and p(x) or p(x; phi) in one claim would be two different pmfs
                texts = [
                    " ".join(p.latex.split()) if isinstance(p, Raw) else "?" for p in app.parameters
                ]
                self.parameters.add("; ".join(texts))

    # ------------------------------------------------------------------ questions

    def variables(self) -> list[str]:
        """Keys of the random variables of the link, in order (X_1 < X_2 < X_10 < Y)."""
        chosen = {
            key
            for key in self.candidates
            if key not in self.distributions
            and key not in self.bound
            and self.roles.overrides.get(key) is None
        }
        return sorted(chosen, key=natural_order)

    def is_variable(self, name: Name | None) -> bool:
        """Whether ``name`` is one of the link's random variables."""
        return name is not None and is_variable_name(name) and name.key in self.variables()

    def variable_at(self, name: Name | None, env: dict[str, sp.Expr]) -> RandomVariable | None:
        """The variable of a value ``x``, or a random variable ``X`` an expectation binds."""
        if name is not None and name.key in env and self.is_variable(name):
            return RandomVariable(name.key)
        return self.variable_of_value(name)

    def variable_of_value(self, name: Name | None) -> RandomVariable | None:
        """The random variable a value belongs to (``X`` for ``x``), if it is one of the link's."""
        if name is None or not _is_value_name(name):
            return None
        key = _capital_key(name)
        return RandomVariable(key) if key in self.variables() else None

    def joint(self) -> JointDistribution:
        """The joint pmf of the link's random variables (the same object for every side).

        Raises:
            LatexParseError: if a side names a random variable the pmf was built without (the
                sides were not all prepared), or the pmf is written with different parameters.
        """
        keys = self.variables()
        if len(self.parameters) > 1:
            shown = ", ".join(repr(p) if p else "none" for p in sorted(self.parameters))
            raise LatexParseError(
                f"p(...) is written with different parameters after ';' ({shown}): "
                "that would be two different pmfs"
            )
        if self._joint is None:
            sizes = None
            if self.mentions_count:
                # the claim names the class count n: every variable takes n values
                sizes = [self.roles.count_value()] * len(keys)
            self._joint = JointDistribution(PMF_NAME, keys, sizes)
        elif [v.name for v in self._joint.variables] != keys:
            raise LatexParseError(  # pragma: no cover - Mapper.prepare sees every side first
                "the random variables changed between the sides of one claim"
            )
        return self._joint

    def value_index(self, value: Name, variable: RandomVariable) -> sp.Idx:
        """A free value ``x`` (not bound by a sum): one value of X, the same on every side."""
        if value.key not in self._free:
            self._free[value.key] = class_index(value.key, self.joint().size(variable))
        return self._free[value.key]


def natural_order(key: str) -> tuple[str, int, str]:
    """Sort key of variable keys: X_1 < X_2 < X_10 < Y."""
    head, _, tail = key.partition("_")
    return (head, int(tail) if tail.isdigit() else -1, tail)


# ---------------------------------------------------------------------- readings


def pmf_weight(expect: Expect) -> Raw | None:
    r"""The parsed subscript of ``\mathbb{E}_{p(x, y)}[...]``, or None if it is no pmf."""
    atom = expect.weight.atom() if expect.weight is not None else None
    if not isinstance(atom, Apply) or atom.name.key not in PMF_NAMES or atom.given:
        return None
    return expect.weight
