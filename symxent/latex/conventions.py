r"""Reading conventions of textbook notation that hold for a whole claim.

A part of the mapper (:class:`~symxent.latex.mapping.Mapper` inherits :class:`Conventions`), kept
apart because each convention is a decision about meaning that the verdict names
(:meth:`Conventions.convention`, reported as "read: ..."):

* ``\frac{d\sigma}{da} = \sigma(1 - \sigma)`` (Bishop, 4.88): a bare ``\sigma``
  differentiated by one variable stands for ``\sigma(a)`` in the whole claim;
* a derivative with respect to a whole vector (``\nabla_z L``, ``\frac{\partial L}{\partial
  z}`` where ``z`` is a vector) makes the claim a vector equation, judged for each component
  (a free class index the claim does not use);
* ``\delta_{ij}`` is the Kronecker delta, unless the file binds ``\delta``;
* a name defined by a formula on an earlier line (``L = -\sum_i y_i \log \hat{y}_i``) stands
  for that formula;
* ``\mathbb{E}_p[f(x)]`` weighs the one class index the body uses (:func:`weighted_index`).

Example:
    >>> from symxent.latex.mapping import Mapper
    >>> from symxent.latex.reader import read_side
    >>> from symxent.latex.roles import Roles
    >>> mapper = Mapper(Roles())
    >>> mapper.map(read_side(r"\delta_{ij}"))
    KroneckerDelta(i, j)
    >>> mapper.conventions
    ['\\delta_{ij} read as the Kronecker delta (1 when i = j, else 0)']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy as sp

from symxent.distributions import Vector, class_index
from symxent.latex.names import QUANTITY_NAMES, NotEvaluableError, function_key, short
from symxent.latex.raw import Apply, Diff, Expect, Name, Raw, RawObject, Reduce, name_of
from symxent.latex.vectors import FreeIndex, VectorLookup, stem_key
from symxent.latex.vocabulary import INDEX_ARITHMETIC
from symxent.quantities import Sigmoid

if TYPE_CHECKING:
    from symxent.latex.variables import VariableScope

__all__ = ["IMPLICIT_ARGUMENT", "Conventions", "weighted_index"]

IMPLICIT_ARGUMENT = {"sigma": Sigmoid}
r"""Functions whose bare name may stand for their value at the variable of a derivative:
``\frac{d\sigma}{da} = \sigma(1 - \sigma)`` (Bishop, 4.88)."""
_SCALAR_QUANTITIES = frozenset({"H_b", "sigma", "BCE", "I", "logit", "P"})
"""Quantities whose arguments are (or may be) numbers, not vectors."""


class Conventions(VectorLookup):
    """The mapper's record of the conventions a claim's notation sets (see the module docstring)."""

    _counts: set[str]
    _calling: set[str]
    variables: VariableScope

    def _init_conventions(self) -> None:
        self.conventions: list[str] = []
        self._implicit: dict[str, Raw | None] = {}
        self._gradients: set[str] = set()
        self._letters: set[str] = set()
        self.subscript_letters: set[str] = set()
        """Single lowercase letters the claim writes as subscripts (``i`` of ``x_i``)."""
        self.summed: set[str] = set()
        """Letters the claim binds by a sum, product, max/min or expectation."""
        self.complemented: set[str] = set()
        """Lone names the claim subtracts from 1 (``y`` of ``1 - y``: a probability)."""
        self.takes_log = False
        """Whether the claim takes a logarithm."""
        self._component: sp.Idx | None = None
        self.vector_stems: set[str] = set()
        """Names the claim uses as vectors: ``z`` of ``z_i``, ``p`` of ``p(x)`` or ``H(p)``."""
        self.differentiated: set[str] = set()
        """Defined names being differentiated now (``L`` of ``\\nabla_z L``)."""
        self.bare_names: set[str] = set()
        """Names the claim writes alone, not applied (``\\sigma`` of ``\\sigma^2``)."""

    if TYPE_CHECKING:  # the mapper's (no stubs at run time: they would hide the real ones)

        def _prewalk(self, raw: Raw) -> None: ...

    def convention(self, text: str) -> None:
        """Record a reading convention the claim relies on (reported with its verdict)."""
        if text not in self.conventions:
            self.conventions.append(text)

    def _scan_notation(self, obj: RawObject) -> None:
        """Record what one object of a side tells about the claim's notation (before mapping)."""
        if isinstance(obj, Name):
            self.bare_names.add(obj.key)
            self._letters.update(part for part in (obj.base, *obj.subscript) if len(part) == 1)
            if obj.subscript:
                self.vector_stems.add(stem_key(obj))
                self.subscript_letters.update(
                    letter
                    for part in obj.subscript
                    for letter in (part if INDEX_ARITHMETIC.fullmatch(part) else (part,))
                    if len(letter) == 1 and letter.islower()
                )  # the letters of an index p_{k+1} too
            definition = self.bindings.definitions.get(obj.key)
            if definition is not None and obj.key in self.bindings.everywhere:
                self._prewalk(definition)
        elif isinstance(obj, Diff):
            self._scan_derivative(obj)
        elif isinstance(obj, Reduce):
            self.summed.add(obj.index.key)
        elif isinstance(obj, Expect) and obj.variable is not None:
            self.summed.add(obj.variable.key)
        elif isinstance(obj, Apply) and function_key(obj.name) not in QUANTITY_NAMES:
            if _indexes_a_class(obj):
                self.vector_stems.add(obj.name.key)  # p(x): p is a vector here
        elif isinstance(obj, Apply):
            self.vector_stems.update(
                atom.key
                for arg in obj.args
                if isinstance(arg, Raw)
                and isinstance(atom := arg.atom(), Name)
                and function_key(obj.name) not in _SCALAR_QUANTITIES
            )

    def _scan_derivative(self, diff: Diff) -> None:
        r"""Conventions a derivative sets for its whole claim.

        ``\frac{d\sigma}{da}`` (Bishop, 4.88): a bare ``\sigma`` differentiated with respect to
        one variable stands, everywhere in the claim, for ``\sigma(a)``. A derivative with
        respect to a whole vector (``\nabla_z L``, ``\frac{\partial L}{\partial z}``) makes the
        claim a vector equation, judged component by component.
        """
        atom = diff.body.atom()
        variables = [raw.atom() for raw, _ in diff.variables]
        definition = self.bindings.definitions.get(atom.key) if isinstance(atom, Name) else None
        if definition is not None:
            self._prewalk(definition)  # \frac{\partial L}{\partial z_k}: L's formula
        if (
            isinstance(atom, Name)
            and atom.key in IMPLICIT_ARGUMENT
            and len(variables) == 1
            and isinstance(variables[0], Name)
            and atom.key not in self.bindings.names()
            and atom.key not in self.bindings.definitions
        ):
            known = self._implicit.get(atom.key, diff.variables[0][0])
            same = known is not None and known.latex.strip() == diff.variables[0][0].latex.strip()
            self._implicit[atom.key] = diff.variables[0][0] if same else None
        for variable in variables:
            if isinstance(variable, Name) and not variable.subscript:
                self._gradients.add(variable.key)  # a gradient if the claim uses it as a vector
                if diff.latex.lstrip().startswith("\\nabla"):
                    self.vector_stems.add(variable.key)  # \nabla_w: w is a vector

    def is_free_index(self, key: str) -> bool:
        r"""Whether ``key`` is a free class index of the claim (``i`` of ``x_i``, not summed).

        Such a letter written alone, as in a sum's bound (``\sum_{j=i}^{i} x_j = x_i``), is
        that index, not a class count or a real number.
        """
        return (
            key in self.subscript_letters
            and key not in self.summed
            and key not in self.bindings.names()
            and not self.roles.is_count(key)
        )

    def is_label_scalar(self, key: str, stem: str) -> bool:
        r"""Whether a lone ``y`` (labels by its default role) is a label in [0, 1] here.

        Only when the claim says so: it writes the prediction ``\hat{y}``, or the complement
        ``1 - y`` and a logarithm (the weights of :math:`-y \log \sigma(a) - (1 - y) \log
        (1 - \sigma(a))`), or an ``--assume`` fact gives ``y`` its role. Otherwise ``y`` is a
        real number, like any other letter (``y \ge 0`` and ``y (1 - y) \ge 0`` are no
        theorems).
        """
        if key in self.roles.overrides or stem in self.roles.overrides:
            return True
        hat = stem + "hat"
        weights = key in self.complemented and self.takes_log
        return weights or any(name == hat or name.startswith(hat + "_") for name in self.bare_names)

    def is_gradient(self, name: Name) -> bool:
        r"""Whether the claim differentiates with respect to the whole vector ``name``.

        ``\nabla_z``, or ``\partial z`` where the claim uses ``z`` as a vector elsewhere
        (``\mathrm{softmax}(z)``, ``z_i``); a bare ``y`` used only as a number stays one.
        """
        return name.key in self._gradients and name.key in self.vector_stems

    def is_vector_equation(self) -> bool:
        """Whether the claim differentiates with respect to a whole vector (judged by component)."""
        return bool(self._gradients & self.vector_stems)

    def component_index(self, vector: Vector) -> sp.Idx | None:
        r"""The free index of a vector equation (``\nabla_z L = \mathrm{softmax}(z) - y``).

        None unless the claim differentiates with respect to a whole vector. The index is a
        letter the claim does not use (k, j, i, l, m, ...), ranging over the vector's classes.
        """
        if not self.is_vector_equation():
            return None
        if self._component is None:
            letter = next((c for c in "kjilmrstuv" if c not in self._letters), "kappa")
            self._component = class_index(letter, vector.n)
            self._indices.setdefault(letter, self._component)
            self.convention(
                f"a vector equation, judged for each component {letter} (a free class index)"
            )
        return self._component

    def _defined(self, name: Name, env: dict[str, sp.Expr]) -> sp.Expr | None:
        r"""What a name stands for by a definition, or None.

        A formula given by an earlier line where the name is differentiated, or by the premise
        of ``\implies``; or Bishop's bare ``\sigma`` for ``\sigma(a)``.
        """
        key = name.key
        implicit = self._implicit.get(key)
        if implicit is not None and key not in self.bindings.names():
            argument = self.map(implicit, env)
            self.convention(
                f"{name.latex or key} stands for {name.latex or key}({implicit.latex.strip()}), "
                "the function at the variable it is differentiated by (Bishop, 4.88)"
            )
            return IMPLICIT_ARGUMENT[key](argument)
        definition = self.bindings.definitions.get(key)
        if definition is None or key in self._counts or self.roles.is_count(key):
            return None
        if key not in self.bindings.everywhere and key not in self.differentiated:
            return None  # only what is differentiated stands for its formula
        if key in self._calling:
            raise NotEvaluableError(f"{name.latex or key} is defined in terms of itself")
        self._given.add(key)
        self._calling.add(key)
        try:
            return self.map(definition, env)
        finally:
            self._calling.discard(key)

    def _kronecker(self, name: Name, env: dict[str, sp.Expr]) -> sp.Expr:
        r"""``\delta_{ij}``: the Kronecker delta of two class indices (free, summed or numbers)."""
        if "delta" in self.bindings.names() or name.key in self.bindings.names():
            raise NotEvaluableError(
                f"{name.latex or name.key}: \\delta is bound in this file, so \\delta_{{ij}} "
                "is not read as the Kronecker delta"
            )
        _, parts = self._split(name, env)
        if not parts:
            raise NotEvaluableError(
                f"{name.latex or name.key}: the Kronecker delta takes two class indices"
            )
        indices = [
            self._free_index(part.name, self._default_count())
            if isinstance(part, FreeIndex)
            else part
            for part in parts
        ]
        self.convention("\\delta_{ij} read as the Kronecker delta (1 when i = j, else 0)")
        return sp.KroneckerDelta(*indices)


def _indexes_a_class(app: Apply) -> bool:
    """Whether ``app`` reads an entry of a vector: ``p(x)`` (not ``p(1 - p)``, a product)."""
    if len(app.args) != 1 or app.given or app.parameters or not isinstance(app.args[0], Raw):
        return False
    atom = app.args[0].atom()
    return isinstance(atom, Name) and not atom.subscript and atom.base.islower()


def weighted_index(expect: Expect, mapper: Conventions) -> tuple[Name, Name]:
    r"""The index and distribution of ``\mathbb{E}_p[f(x)]`` or ``\mathbb{E}_{p(x)}[f(x)]``.

    The subscript names the distribution; the index is the one class index the body uses
    (``x`` in ``-\log q(x)``). Without a subscript, or with a body over several indices, the
    distribution is not determined, and that is an error.

    Raises:
        NotEvaluableError: when the expectation's distribution or index is not determined.
    """
    needs = (
        f"{short(expect.latex)}: an expectation needs its distribution, as in "
        "\\mathbb{E}_{x \\sim p}[...] or \\mathbb{E}_p[f(x)]"
    )
    if not expect.subscript:
        raise NotEvaluableError(needs)
    if mapper.variables.variables():
        # E_p log 1/p(X) beside H(X): is p the vector named p or the random variables' pmf?
        raise NotEvaluableError(
            f"{short(expect.latex)}: over random variables, write the expectation over their "
            "pmf, \\mathbb{E}[\\log p(X)] or \\mathbb{E}_{p(x)}[...], or the sum it stands for"
        )
    weight = expect.weight.atom() if expect.weight is not None else None
    if isinstance(weight, Apply) and len(weight.args) == 1 and not weight.given:
        index = name_of(weight.args[0])
        if (
            index is not None
            and not weight.parameters
            and mapper._is_vector(weight.name.key, weight.name.stem)
        ):
            return index, weight.name  # \mathbb{E}_{p(x)}[...]
    if not isinstance(weight, Name) or not mapper._is_vector(weight.key, weight.stem):
        raise NotEvaluableError(needs)
    letters = _class_letters(expect.body, mapper)
    if len(letters) != 1:
        shown = ", ".join(sorted(letters)) or "none"
        raise NotEvaluableError(
            f"{short(expect.latex)}: the index that {weight.latex or weight.key} weighs is not "
            f"determined (class indices in the body: {shown}); write \\mathbb{{E}}_{{x \\sim "
            f"{weight.latex or weight.key}}}[...]"
        )
    return Name(letters.pop()), weight


def _class_letters(body: Raw, mapper: Conventions) -> set[str]:
    """Lowercase letters the body uses as class indices of vectors (``x`` of ``q(x)``, ``q_i``)."""
    letters: set[str] = set()
    for obj in body.objects():
        if (
            isinstance(obj, Apply)
            and len(obj.args) == 1
            and mapper._is_vector(obj.name.key, obj.name.stem)
        ):
            atom = name_of(obj.args[0])
            if atom is not None and not atom.subscript and len(atom.key) == 1:
                letters.add(atom.key)
        elif (
            isinstance(obj, Name)
            and len(obj.subscript) == 1
            and len(obj.subscript[0]) == 1
            and obj.subscript[0].islower()
            and mapper._is_vector(stem_key(obj), obj.stem)
        ):
            letters.add(obj.subscript[0])
    return {letter for letter in letters if letter not in mapper.bindings.labels}
