r"""Information-theory quantities of random variables, over the joint pmf of one link.

The second half of :mod:`symxent.latex.variables` (which decides which names are random
variables): ``H(X)``, ``H(X, Y)``, ``H(Y \mid X)`` and ``H(Y \mid X = x)``; ``I(X; Y)`` and
``I(X; Y \mid Z)``; the entries, marginals and conditionals ``p(x, y)``, ``p(x)``,
``p(y \mid x)``; ``D(p(x, y) \| p(x) p(y))``; an expectation over the pmf; the alphabet size
``|\mathcal{X}|``; and the range of ``\sum_x`` over a variable's values. Each reading returns
None when its notation is not about the link's random variables.

Example:
    >>> from symxent.latex.mapping import Mapper
    >>> from symxent.latex.reader import read_side
    >>> from symxent.latex.roles import Roles
    >>> mapper = Mapper(Roles())
    >>> side = read_side(r"I(X; Y)")
    >>> mapper.prepare([side])
    >>> mapper.map(side)
    MutualInformation(p(X,Y), (X,), (Y,), (), logbase)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import sympy as sp

from symxent.errors import LatexParseError
from symxent.latex.raw import Apply, Event, Expect, Name, Raw
from symxent.latex.variables import (
    PMF_NAME,
    PMF_NAMES,
    VariableScope,
    name_of,
    natural_order,
    pmf_weight,
)
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

__all__ = [
    "read_alphabet",
    "read_divergence",
    "read_entropy",
    "read_expectation",
    "read_information",
    "read_pmf",
    "sum_range",
]


def _joint(mapper: Mapper) -> JointDistribution:
    """The link's joint pmf, recorded as used by the side being mapped."""
    joint = mapper.variables.joint()
    mapper.touch(str(joint.label))
    return joint


def _sum_over(
    joint: JointDistribution, values: dict[str, RandomVariable], env: dict[str, sp.Expr]
) -> tuple[dict[str, sp.Expr], dict[RandomVariable, sp.Expr], list[tuple[sp.Expr, int, sp.Expr]]]:
    """A sum over the values (``x`` of X): the names in scope, each variable's index, limits."""
    inner = dict(env)
    at: dict[RandomVariable, sp.Expr] = {}
    limits = []
    for key, variable in sorted(values.items(), key=lambda item: natural_order(item[0])):
        index = joint.index(variable)
        inner[key] = index
        if variable not in at:  # E_X[f(x)]: X and its value x are one sum
            at[variable] = index
            limits.append((index, 1, joint.size(variable)))
    return inner, at, limits


def _variables_of(
    scope: VariableScope, args: Sequence[Raw | Event], what: str
) -> list[RandomVariable]:
    found = []
    for arg in args:
        name = name_of(arg)
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
    names = [name_of(a) for a in app.args]
    if not app.given and not all(scope.is_variable(n) for n in names):
        return None
    joint = _joint(mapper)
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
        value = name_of(event.rhs)
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
        name = name_of(app.args[0]) if len(app.args) == 1 else None
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
    joint = _joint(mapper)
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
    values = [name_of(a) for a in (*app.args, *app.given)]
    variables = [scope.variable_at(v, env) for v in values]
    if not values or any(v is None for v in variables):
        return None
    scope.spell_pmf(app.name.key, app.latex)
    joint = _joint(mapper)
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
    return entry / joint.marginal(given, at) if given else entry


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
    joint = _joint(mapper)
    inner, _, limits = _sum_over(joint, sides[0], env)
    first, second = (mapper.map(a, inner) for a in app.args if isinstance(a, Raw))
    return sp.Sum(first * log_base(first / second, mapper.base), *limits)


def _pmf_values(arg: Raw, scope: VariableScope) -> dict[str, RandomVariable] | None:
    """The values (``x`` -> X) of the pmf applications an argument is made of, or None."""
    found: dict[str, RandomVariable] = {}
    for obj in arg.table.values():
        if not isinstance(obj, Apply) or obj.name.key not in PMF_NAMES:
            return None
        for inner in (*obj.args, *obj.given):
            name = name_of(inner)
            variable = scope.variable_of_value(name)
            if name is None or variable is None:
                return None
            found[name.key] = variable
    return found or None


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
        weight = pmf_weight(expect)
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
            if (name := name_of(arg)) is not None
            and name.key not in env
            and (variable := scope.variable_at(name, {name.key: sp.S.Zero})) is not None
        } or None
    if values is None:
        return None
    joint = _joint(mapper)
    inner, at, limits = _sum_over(joint, values, env)
    body = mapper.map(expect.body, inner)
    return sp.Sum(joint.marginal(list(at), at) * body, *limits)


def _subscript_values(expect: Expect, scope: VariableScope) -> dict[str, RandomVariable] | None:
    r"""``\mathbb{E}_x[\cdot]``, ``\mathbb{E}_X[\cdot]``: the variable the subscript names."""
    name = expect.weight.atom() if expect.weight is not None else None
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
    return None if variable is None else mapper.variables.joint().size(variable)
