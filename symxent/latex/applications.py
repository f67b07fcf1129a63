r"""The mapper's applications (``H(p, q)``, ``p(x)``, ``f(x)``), expectations and arguments.

Example:
    >>> from symxent.latex.mapping import Mapper
    >>> from symxent.latex.reader import read_side
    >>> from symxent.latex.roles import Roles
    >>> Mapper(Roles()).map(read_side(r"H(p)"))
    Entropy(p, logbase)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import sympy as sp

from symxent.distributions import Vector, summation_index
from symxent.errors import SymxentError
from symxent.latex.conventions import weighted_index
from symxent.latex.handlers import (
    HANDLERS,
    SCALAR_FUNCTIONS,
    elementwise_vector,
    literal_vector,
    parameterised,
    primed,
    refuse_extras,
)
from symxent.latex.information import read_expectation, read_pmf
from symxent.latex.names import NotEvaluableError, function_key, short
from symxent.latex.raw import Apply, Event, Expect, Label, Name, Raw, VectorLiteral
from symxent.latex.tree import TreeWalk
from symxent.latex.vectors import FreeIndex
from symxent.latex.vocabulary import GREEK
from symxent.quantities import Expectation, SoftmaxVector

if TYPE_CHECKING:
    from symxent.latex.mapping import Mapper

__all__ = ["Applications"]


class Applications(TreeWalk):
    """How the mapper reads an application of a name to arguments, and an expectation."""

    if TYPE_CHECKING:  # the mapper's (no stubs at run time: they would hide the real ones)

        def _name(self, name: Name, env: dict[str, sp.Expr]) -> sp.Expr: ...
        def _scalar(self, key: str, stem: str) -> sp.Symbol: ...

    def _vector_arg(
        self, arg: Raw | Event, env: dict[str, sp.Expr], what: str, kind: str = "distribution"
    ) -> Vector:
        """A vector argument: a name, ``softmax(z)``, a tuple ``(y, 1 - y)`` or ``z + c``."""
        if isinstance(arg, Event):
            raise NotEvaluableError(f"{what}: an event cannot be a distribution")
        atom = arg.atom()
        if isinstance(atom, Name):
            key, parts = self._split(atom, env)
            if not parts and self._is_vector(key, atom.stem):
                return self._vector(key, atom.stem)
            if not parts and kind == "logits" and self.roles.kind(key, atom.stem) is None:
                # softmax(\mathbf{o})_j (d2l): the logits of a softmax are a real vector,
                # whatever their name; a name with another role keeps it
                return self._vector(key, atom.stem)
            raise NotEvaluableError(
                f"{what}: {atom.latex or atom.key} is not a distribution here "
                f"(give it a role with --assume {key}:distribution)"
            )
        if (
            isinstance(atom, Apply)
            and function_key(atom.name) == "softmax"
            and atom.subscript is None
        ):
            refuse_extras(atom)
            return SoftmaxVector(self._vector_arg(atom.args[0], env, what, "logits"))
        if isinstance(atom, VectorLiteral):
            return literal_vector(cast("Mapper", self), atom, env, what, kind)
        vector = elementwise_vector(cast("Mapper", self), arg, env, kind)
        if vector is None:
            raise NotEvaluableError(f"{what}: {short(arg.latex)} is not a vector")
        return vector

    def _apply(self, app: Apply, env: dict[str, sp.Expr]) -> sp.Expr:
        name = app.name
        fkey = function_key(name)
        what = app.latex or name.key
        plain = Name(name.base, name.accent, name.subscript, 0, name.latex)
        arg = app.args[0] if len(app.args) == 1 and not app.given and not app.parameters else None
        if (
            self._implicit.get(name.key) is not None
            and isinstance(arg, Raw)
            and any(isinstance(o, Name) and o.key == name.key for o in arg.objects())
        ):
            # \sigma(1 - \sigma) where a bare \sigma is \sigma(a) (Bishop, 4.88): a product
            return self._name(name, env) * self.map(arg, env)
        if name.primes and (plain.key in self.bindings.functions or fkey in SCALAR_FUNCTIONS):
            return primed(cast("Mapper", self), app, plain, env)
        if name.key in self.bindings.functions:
            return self._call(app, env)
        handler = HANDLERS.get(fkey)
        if handler is not None and name.primes:
            raise NotEvaluableError(f"{what}: the prime on {name.latex or fkey} is not understood")
        if handler is not None:
            try:
                return handler(cast("Mapper", self), app, env)
            except NotEvaluableError:
                raise
            except (SymxentError, ValueError, TypeError) as error:
                raise NotEvaluableError(f"{what}: {error}") from None
        key = name.key
        pmf = read_pmf(cast("Mapper", self), app, env)
        if pmf is not None:
            return pmf
        if _is_event_probability(app) and key not in self.bindings.names():
            return HANDLERS["P"](cast("Mapper", self), app, env)  # Murphy's p(X = k): P(X = k)
        entry = self._split(name, env)[1] and app.subscript is None
        if entry and isinstance(arg, Raw) and arg.atom() is None:
            # p_i (q_i - 1): the entry p_i times a bracket (p_1(x) stays a distribution p_1)
            return self._name(name, env) * self.map(arg, env)
        if self._is_vector(key, name.stem):
            if len(app.args) != 1 or app.given:
                raise NotEvaluableError(
                    f"{what}: {key} takes one class as its argument"
                    + (" (a conditional distribution is not understood here)" if app.given else "")
                )
            return self._entry_at(parameterised(key, app), name.stem, app.args[0], env, what)
        refuse_extras(app)
        if self._summed_function(app, arg, env):
            # \mathbb{E}_{x \sim p}[f(x)] = \sum_x p(x) f(x): a function of the class that is
            # summed over is any real value per class, a real vector f
            index = cast("Name", cast("Raw", arg).atom())
            return self._entry(key, name.stem, env[index.key], what)
        letter = len(name.base) == 1 or name.base in GREEK
        if isinstance(arg, Raw) and arg.atom() is None and app.subscript is None and letter:
            # w (1 - w): a number times a bracket, not a function (an unknown function of a
            # bare name, f(x) or L(\theta), stays an error below)
            return self._name(name, env) * self.map(arg, env)
        raise NotEvaluableError(f"{what}: {name.latex or key} is not defined in this file")

    def _summed_function(
        self, app: Apply, arg: Raw | Event | None, env: dict[str, sp.Expr]
    ) -> bool:
        """``f(x)``, ``g(x)``, ``h(x)`` of a class index being summed, f not defined by the file."""
        name = app.name
        if (
            name.base not in ("f", "g", "h")
            or name.subscript
            or name.accent
            or name.primes
            or app.subscript is not None
            or name.key in self.bindings.names()
            or self.roles.kind(name.key, name.stem) is not None
            or not isinstance(arg, Raw)
        ):
            return False
        atom = arg.atom()
        return (
            isinstance(atom, Name)
            and not atom.subscript
            and atom.key in env
            and isinstance(env[atom.key], sp.Idx | sp.Symbol)
            and bool(getattr(env[atom.key], "is_integer", False))
        )

    def _entry_at(
        self, key: str, stem: str, arg: Raw | Event, env: dict[str, sp.Expr], what: str
    ) -> sp.Expr:
        """``p(x)``, ``q(A)``, ``P(X = 1)``: the entry of vector ``key`` at the class ``arg``."""
        if isinstance(arg, Event):
            raise NotEvaluableError(f"{what}: write the event as P(X = x)")
        atom = arg.atom()
        if isinstance(atom, Label):
            return self._entry(key, stem, atom.text, what)
        if isinstance(atom, Name) and not atom.subscript and not atom.primes:
            label = atom.key
            if label in env:
                return self._entry(key, stem, env[label], what)
            if (
                len(label) == 1
                and label.islower()
                and label not in self.bindings.labels
                and label not in self.bindings.entries.get(key, {})
            ):
                return self._entry(key, stem, FreeIndex(label), what)
            return self._entry(key, stem, label, what)
        if arg.tree.is_Integer:
            return self._entry(key, stem, arg.tree, what)
        value = self.map(arg, env)
        if value.is_Integer or (value.is_integer and value.free_symbols):
            return self._entry(key, stem, value, what)
        return self._scalar(key, stem) * value  # p(1 - p): a product

    def _call(self, app: Apply, env: dict[str, sp.Expr]) -> sp.Expr:
        refuse_extras(app)
        parameter, body = self.bindings.functions[app.name.key]
        if len(app.args) != 1 or isinstance(app.args[0], Event):
            raise NotEvaluableError(f"{app.latex}: {app.name.key} takes one argument")
        value = self.map(app.args[0], env)
        name = app.name.key
        if name in self._calling:
            raise NotEvaluableError(f"{app.latex}: {name} is defined in terms of itself")
        self._calling.add(name)
        try:
            return self.map(body, {**env, parameter: value})
        finally:
            self._calling.discard(name)

    def _expect(self, expect: Expect, env: dict[str, sp.Expr]) -> sp.Expr:
        over_pmf = read_expectation(cast("Mapper", self), expect, env)  # over the variables' pmf
        if over_pmf is not None:
            return over_pmf
        variable, distribution = expect.variable, expect.distribution
        if variable is None or distribution is None:
            variable, distribution = weighted_index(expect, cast("Mapper", self))
        vector = self._vector_arg(
            Raw(sp.Symbol("math{SXD}"), {sp.Symbol("math{SXD}"): distribution}), env, expect.latex
        )
        index = summation_index(variable.key)
        with self.ranging((index, sp.S.One, vector.n)):
            body = self.map(expect.body, {**env, variable.key: index})
        return Expectation(vector, body, index)

    def _scalar_arg(self, app: Apply, env: dict[str, sp.Expr], count: int = 1) -> list[sp.Expr]:
        refuse_extras(app)
        if len(app.args) != count or any(isinstance(a, Event) for a in app.args):
            raise NotEvaluableError(f"{app.latex}: expected {count} argument(s)")
        return [self.map(a, env) for a in app.args if isinstance(a, Raw)]

    def _vector_args(
        self, app: Apply, env: dict[str, sp.Expr], count: int, kind: str = "distribution"
    ) -> list[Vector]:
        refuse_extras(app)
        if len(app.args) != count:
            raise NotEvaluableError(f"{app.latex}: expected {count} argument(s)")
        return [self._vector_arg(a, env, app.latex, kind) for a in app.args]


def _is_event_probability(app: Apply) -> bool:
    """``p(X = k)`` (Murphy): lowercase p of one event of a capital, the probability P(X = k)."""
    if app.name.key != "p" or len(app.args) != 1 or app.given or app.parameters:
        return False
    event = app.args[0]
    atom = event.lhs.atom() if isinstance(event, Event) else None
    return isinstance(atom, Name) and atom.base[:1].isupper()
