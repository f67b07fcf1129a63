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
semicolon is never dropped: what cannot be read with them is an error.

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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import sympy as sp

from symxent.distributions import class_index
from symxent.errors import LatexParseError
from symxent.latex.raw import Apply, Event, Expect, Name, Raw, RawObject
from symxent.latex.roles import Roles
from symxent.quantities.base import log_base
from symxent.quantities.information import Information, weighted_log
from symxent.quantities.joint import (
    ConditionalEntropy,
    JointDistribution,
    JointEntropy,
    MutualInformation,
    RandomVariable,
)

if TYPE_CHECKING:
    from symxent.latex.mapping import Mapper

__all__ = ["VariableScope", "is_variable_name"]

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


def _name_of(arg: Raw | Event) -> Name | None:
    if isinstance(arg, Event):
        return None
    atom = arg.atom()
    return atom if isinstance(atom, Name) else None


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
            if isinstance(obj, Name) and obj.key == self.roles.count:
                self.mentions_count = True  # H(X) <= log n: X takes n values
            if isinstance(obj, Apply):
                self._scan_apply(obj)
            elif isinstance(obj, Expect) and obj.variable is None and obj.subscript:
                weight = _subscript_raw(obj)  # \mathbb{E}_{p(x, y)}[...]
                if weight is not None:
                    self.scan(weight.objects())

    def _scan_apply(self, app: Apply) -> None:
        from symxent.latex.mapping import function_key

        key = function_key(app.name)
        names = [_name_of(a) for a in (*app.args, *app.parameters, *app.given)]
        capitals = {n.key for n in names if n is not None and n.base[:1].isupper()}
        if key == "H" and not app.given and not app.parameters:
            if all(n is not None and is_variable_name(n) for n in names):
                self.candidates |= capitals
            else:
                self.distributions |= capitals  # H(Y, \hat{Y}): a cross-entropy
        elif key in ("H", "I") and (app.given or app.parameters):
            self.candidates |= {n.key for n in names if n is not None and is_variable_name(n)}
            for event in app.given:  # H(Y | X = x)
                name = _name_of(event.lhs) if isinstance(event, Event) else None
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
        return sorted(chosen, key=_natural)

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
            if self.mentions_count and isinstance(self.roles.count, str):
                # the claim names the class count n: every variable takes n values
                count = sp.Symbol(self.roles.count, integer=True, positive=True)
                sizes = [count] * len(keys)
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


def _natural(key: str) -> tuple[str, int, str]:
    head, _, tail = key.partition("_")
    return (head, int(tail) if tail.isdigit() else -1, tail)


# ---------------------------------------------------------------------- readings


def _variables_of(
    scope: VariableScope, args: Sequence[Raw | Event], what: str
) -> list[RandomVariable]:
    found = []
    for arg in args:
        name = _name_of(arg)
        if not scope.is_variable(name):
            shown = arg.latex.strip() if isinstance(arg, Raw) else "an event"
            raise LatexParseError(
                f"{what}: {shown} is not a random variable here (random variables are capitals "
                "U to Z, such as X, Y_1, not used as a distribution in the same claim)"
            )
        assert name is not None  # noqa: S101 - is_variable checked it
        found.append(RandomVariable(name.key))
    return found


def read_entropy(mapper: Mapper, app: Apply, env: dict[str, sp.Expr]) -> sp.Expr | None:
    r"""``H(X)``, ``H(X, Y)``, ``H(Y \mid X)``; None when ``H`` is not about random variables.

    Raises:
        LatexParseError: for a condition bar or a ``;`` that cannot be read (never dropped).
    """
    scope = mapper.variables
    what = app.latex or "H"
    if app.parameters:
        raise LatexParseError(f"{what}: a ';' inside H is not understood (did you mean I(X; Y)?)")
    names = [_name_of(a) for a in app.args]
    if not app.given and not all(scope.is_variable(n) for n in names):
        return None
    joint = scope.joint()
    mapper.touch(str(joint.label))
    variables = _variables_of(scope, app.args, what)
    if app.given:
        if any(isinstance(g, Event) for g in app.given):
            return _entropy_at_value(mapper, app, variables, env)
        given = _variables_of(scope, app.given, what)
        return ConditionalEntropy(joint, variables, given, mapper.base)
    return JointEntropy(joint, variables, mapper.base)


def _entropy_at_value(
    mapper: Mapper, app: Apply, variables: list[RandomVariable], env: dict[str, sp.Expr]
) -> sp.Expr:
    r"""``H(Y \mid X = x) = -\sum_y p(y \mid x) \log p(y \mid x)``, at the value ``x``."""
    scope, what = mapper.variables, app.latex or "H"
    joint = scope.joint()
    fixed: dict[RandomVariable, sp.Expr] = {}
    for event in app.given:
        if not isinstance(event, Event):
            raise LatexParseError(f"{what}: condition on variables or on values, not both")
        (variable,) = _variables_of(scope, [event.lhs], what)
        value = _name_of(event.rhs)
        if value is not None and value.key in env:
            fixed[variable] = env[value.key]
        elif scope.variable_of_value(value) == variable and value is not None:
            fixed[variable] = scope.value_index(value, variable)
        elif event.rhs.tree.is_Integer and int(event.rhs.tree) >= 1:
            fixed[variable] = event.rhs.tree
        else:
            raise LatexParseError(f"{what}: {event.rhs.latex.strip()} is not a value of {variable}")
    free = [v for v in joint.ordered(variables) if v not in fixed]
    if not free:
        return sp.S.Zero
    condition = list(fixed)

    def term(at: dict[RandomVariable, sp.Expr]) -> sp.Expr:
        point = {**at, **fixed}
        conditional = joint.marginal([*free, *condition], point) / joint.marginal(condition, point)
        return weighted_log(conditional, conditional, mapper.base)

    return -joint.sum(free, term, avoid=list(fixed.values()))


def read_information(mapper: Mapper, app: Apply, env: dict[str, sp.Expr]) -> sp.Expr | None:
    r"""``I(X; Y)``, ``I(X; Y \mid Z)``; ``I(x)`` next to ``p(x)``; None for ``I(p)``.

    ``I(x)`` of an outcome ``x`` that the claim also writes as ``p(x)`` is the information
    content of that outcome, :math:`\log \frac{1}{p(x)}`.

    Raises:
        LatexParseError: for a condition bar without a semicolon, or arguments that are not
            random variables.
    """
    scope = mapper.variables
    what = app.latex or "I"
    if not app.parameters and not app.given:
        name = _name_of(app.args[0]) if len(app.args) == 1 else None
        if scope.is_variable(name):
            raise LatexParseError(
                f"{what}: the information content of a random variable is not a number; "
                "write I(X; Y) for mutual information"
            )
        if name is not None and name.key in scope.pmf_arguments:
            outcome = Apply(Name(PMF_NAME), app.args, latex=f"p({name.latex or name.key})")
            return Information(mapper.map_apply(outcome, env), mapper.base)
        return None
    if not app.parameters or _bar_before_semicolon(app.latex):
        raise LatexParseError(
            rf"{what}: mutual information is written with a semicolon, I(X; Y \mid Z)"
        )
    if app.latex.count(";") > 1:
        raise LatexParseError(
            f"{what}: the interaction information of three variables (two semicolons) is not "
            "supported"
        )
    joint = scope.joint()
    mapper.touch(str(joint.label))
    left = _variables_of(scope, app.args, what)
    right = _variables_of(scope, app.parameters, what)
    given = _variables_of(scope, app.given, what)
    return MutualInformation(joint, left, right, given, mapper.base)


def _bar_before_semicolon(latex: str) -> bool:
    r"""Whether a condition bar comes before the ``;`` in ``I(X \mid Z; Y)``."""
    semicolon = latex.find(";")
    bars = [i for i in (latex.find("|"), latex.find(r"\mid")) if i >= 0]
    return bool(bars) and semicolon > min(bars)


def read_pmf(mapper: Mapper, app: Apply, env: dict[str, sp.Expr]) -> sp.Expr | None:
    r"""``p(x, y)``, ``p(x)``, ``p(y \mid x)``: an entry, marginal or conditional of the pmf.

    Returns None when ``p`` is not applied to values of the link's random variables.
    """
    scope = mapper.variables
    if app.name.key not in PMF_NAMES or not scope.variables():
        return None
    values = [_name_of(a) for a in (*app.args, *app.given)]
    variables = [scope.variable_at(v, env) for v in values]
    if not values or any(v is None for v in variables):
        return None
    joint = scope.joint()
    scope.spell_pmf(app.name.key, app.latex)
    mapper.touch(str(joint.label))
    at: dict[RandomVariable, sp.Expr] = {}
    for value, variable in zip(values, variables, strict=True):
        assert value is not None and variable is not None  # noqa: S101 - checked above
        index = env.get(value.key)
        if index is None:
            index = scope.value_index(value, variable)
        if at.get(variable, index) != index:  # pragma: no cover - a letter names one value
            raise LatexParseError(f"{app.latex}: {variable} takes two values")
        at[variable] = index
    chosen = [v for v in variables[: len(app.args)] if v is not None]
    given = [v for v in variables[len(app.args) :] if v is not None]
    entry = joint.marginal([*chosen, *given], at)
    if given:
        return entry / joint.marginal(given, at)
    return entry


def read_divergence(mapper: Mapper, app: Apply, env: dict[str, sp.Expr]) -> sp.Expr | None:
    r"""``D(p(x, y) \| p(x) p(y))``: the relative entropy of two pmfs of the same values.

    Returns None when the arguments are not expressions in ``p(...)`` of the link's values.

    Raises:
        LatexParseError: when the two pmfs are not over the same values.
    """
    scope = mapper.variables
    if len(app.args) != 2 or app.given or app.parameters or not scope.variables():
        return None
    sides = []
    for arg in app.args:
        if isinstance(arg, Event):
            return None
        values = _pmf_values(arg, scope)
        if values is None:
            return None
        sides.append(values)
    if set(sides[0]) != set(sides[1]):
        raise LatexParseError(
            f"{app.latex}: both sides of a relative entropy must be pmfs of the same values "
            f"({', '.join(sorted(sides[0]))} against {', '.join(sorted(sides[1]))})"
        )
    joint = scope.joint()
    mapper.touch(str(joint.label))
    inner = dict(env)
    limits = []
    for key, variable in sorted(sides[0].items(), key=lambda item: _natural(item[0])):
        index = joint.index(variable)
        inner[key] = index
        limits.append((index, 1, joint.size(variable)))
    first, second = (mapper.map(a, inner) for a in app.args if isinstance(a, Raw))
    return sp.Sum(first * log_base(first / second, mapper.base), *limits)


def _pmf_values(arg: Raw, scope: VariableScope) -> dict[str, RandomVariable] | None:
    """The values (``x`` -> X) of the pmf applications an argument is made of, or None."""
    found: dict[str, RandomVariable] = {}
    for obj in arg.table.values():
        if not isinstance(obj, Apply) or obj.name.key not in PMF_NAMES:
            return None
        for inner in (*obj.args, *obj.given):
            name = _name_of(inner)
            variable = scope.variable_of_value(name)
            if name is None or variable is None:
                return None
            found[name.key] = variable
    return found or None


def _subscript_raw(expect: Expect) -> Raw | None:
    r"""The parsed subscript of ``\mathbb{E}_{p(x, y)}[...]``, or None if it is no pmf."""
    from symxent.latex.reader import read_side

    try:
        raw = read_side(expect.subscript)
    except LatexParseError:
        return None
    atom = raw.atom()
    if not isinstance(atom, Apply) or atom.name.key not in PMF_NAMES or atom.given:
        return None
    return raw


def read_expectation(mapper: Mapper, expect: Expect, env: dict[str, sp.Expr]) -> sp.Expr | None:
    r"""An expectation over the joint pmf of the link's random variables.

    Written ``\mathbb{E}_{x \sim p}[f(x)]``, ``\mathbb{E}_{p(x,y)}[f(x, y)]``, or
    ``\mathbb{E}[\log p(X, Y)]`` (over the random variables written in the body).
    Returns None when the expectation is not over the link's random variables.
    """
    scope = mapper.variables
    if not scope.variables():
        return None
    values: dict[str, RandomVariable] | None
    if expect.variable is not None and expect.distribution is not None:
        variable = scope.variable_of_value(expect.variable)
        if variable is None or expect.distribution.key not in PMF_NAMES:
            return None
        values = {expect.variable.key: variable}
    elif expect.subscript:
        weight = _subscript_raw(expect)
        values = _pmf_values(weight, scope) if weight is not None else None
        if weight is None:
            values = _subscript_values(expect, scope)  # Bishop's \mathbb{E}_x[f(x)]
    else:
        # E[log p(X, Y)], E[ln p(x)]: over the variables (or their free values) in the body
        values = {
            name.key: variable
            for obj in expect.body.objects()
            if isinstance(obj, Apply) and obj.name.key in PMF_NAMES
            for arg in (*obj.args, *obj.given)
            if (name := _name_of(arg)) is not None
            and name.key not in env
            and (variable := scope.variable_at(name, {name.key: sp.S.Zero})) is not None
        } or None
    if values is None:
        return None
    joint = scope.joint()
    mapper.touch(str(joint.label))
    inner = dict(env)
    at: dict[RandomVariable, sp.Expr] = {}
    limits = []
    for key, variable in sorted(values.items(), key=lambda item: _natural(item[0])):
        index = joint.index(variable)
        inner[key] = index
        if variable not in at:  # E_X[f(x)]: X and its value x are one sum
            at[variable] = index
            limits.append((index, 1, joint.size(variable)))
    body = mapper.map(expect.body, inner)
    return sp.Sum(joint.marginal(list(at), at) * body, *limits)


def _subscript_values(expect: Expect, scope: VariableScope) -> dict[str, RandomVariable] | None:
    r"""``\mathbb{E}_x[\cdot]``, ``\mathbb{E}_X[\cdot]``: the variable the subscript names."""
    from symxent.latex.reader import read_side

    try:
        name = read_side(expect.subscript).atom()
    except LatexParseError:
        return None
    if not isinstance(name, Name):
        return None
    if scope.is_variable(name):
        value = Name(name.base.lower(), subscript=name.subscript)
        return {name.key: RandomVariable(name.key), value.key: RandomVariable(name.key)}
    variable = scope.variable_of_value(name)
    return {name.key: variable} if variable is not None else None


def read_alphabet(mapper: Mapper, name: Name, bars: bool = False) -> sp.Expr | None:
    r"""``\mathcal{X}``: the alphabet size of X, when X is one of the link's random variables.

    (As a number it is the size, so ``\log |\mathcal{X}|`` is the log of the size.) With
    ``bars`` (the name is written between bars), ``|X|`` is the alphabet size too.
    """
    if name.accent != "cal" and not (bars and not name.accent):
        return None
    variable = Name(name.base, "", name.subscript)
    if not mapper.variables.is_variable(variable):
        if name.accent != "cal":
            return None
        if mapper.variables.variables():
            raise LatexParseError(
                f"{name.latex or name.key} is the alphabet of {variable.key}, which is not a "
                "random variable of this claim"
            )
        return mapper.default_count()  # no random variables: the classes 1..n
    joint = mapper.variables.joint()
    return joint.size(RandomVariable(variable.key))


def sum_range(mapper: Mapper, index: Name) -> sp.Expr | None:
    r"""The number of values a ``\sum_x`` without bounds runs over, when x is a value of X."""
    variable = mapper.variables.variable_of_value(index)
    if variable is None:
        return None
    return mapper.variables.joint().size(variable)
