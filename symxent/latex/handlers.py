r"""Reading function applications: ``H(p, q)``, ``\sigma'(x)``, ``\max(a, b)``.

:data:`HANDLERS` maps each quantity name (after
:func:`~symxent.latex.names.function_key`) to the function that reads its application; the
mapper calls it with itself, the :class:`~symxent.latex.raw.Apply` and the names in scope. A
primed function (:func:`primed`) and the vectors an argument may be written as
(:func:`literal_vector` for ``(y, 1 - y)``, :func:`elementwise_vector` for ``z + c``) are read
here too. Nothing here drops a part of what was written:
:func:`refuse_extras` names a condition bar or parameters that a reading would not use.

Example:
    >>> from symxent.latex.mapping import Mapper
    >>> from symxent.latex.reader import read_side
    >>> from symxent.latex.roles import Roles
    >>> Mapper(Roles()).map(read_side(r"\max(a, b)"))
    Max(a, b)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

import sympy as sp

from symxent.distributions import SIMPLEX_ROLES, Distribution, RealVector, Vector
from symxent.errors import SymxentError
from symxent.latex.information import read_divergence, read_entropy, read_information, read_pmf
from symxent.latex.names import CLASSES, NotEvaluableError, function_key, short
from symxent.latex.raw import Apply, Decimal, Event, Name, Raw, VectorLiteral, name_of
from symxent.quantities import (
    MSE,
    NLL,
    BinaryCrossEntropy,
    BinaryEntropy,
    CrossEntropy,
    Entropy,
    Information,
    KLDivergence,
    LogSumExp,
    MatchProbability,
    Sigmoid,
    Softmax,
)
from symxent.quantities.base import log_base
from symxent.quantities.elementwise import Elementwise

if TYPE_CHECKING:
    from symxent.latex.mapping import Mapper

__all__ = [
    "HANDLERS",
    "SCALAR_FUNCTIONS",
    "elementwise_vector",
    "literal_vector",
    "parameterised",
    "primed",
    "refuse_extras",
]


def _entropy(mapper: Mapper, app: Apply, env: dict[str, sp.Expr]) -> sp.Expr:
    variables = read_entropy(mapper, app, env)  # H(X, Y), H(Y | X): random variables
    if variables is not None:
        return variables
    if app.given:
        raise NotEvaluableError(
            f"{app.latex}: a condition bar in H needs random variables (capitals such as X, Y)"
        )
    if len(app.args) == 1:
        (p,) = mapper._vector_args(app, env, 1)
        return Entropy(p, mapper.base)
    listed = _listed_probabilities(mapper, app, env)
    if listed is not None:  # H(1/2, 1/4, 1/4): the entropy of the distribution listed
        return Entropy(listed, mapper.base)
    return _cross_entropy(mapper, app, env)


def _listed_probabilities(mapper: Mapper, app: Apply, env: dict[str, sp.Expr]) -> Vector | None:
    r"""``H(\frac12, \frac14, \frac14)`` (Cover & Thomas): numbers are the probabilities listed.

    Only numbers are read so: ``H(p, q)`` of two distributions is the cross-entropy, and
    ``H(p, 1 - p)`` is ambiguous (it is refused where ``1 - p`` is read).
    """
    raws = [arg for arg in app.args if isinstance(arg, Raw)]
    if len(raws) < len(app.args) or any(
        not isinstance(obj, Decimal) for arg in raws for obj in arg.objects()
    ):
        return None  # a name or a list among the arguments: not a list of numbers
    values = [mapper.map(arg, env) for arg in app.args if isinstance(arg, Raw)]
    if not all(value.is_number for value in values):
        return None
    try:
        return Distribution(f"v{len(mapper._literals) + 1}", values=values)
    except SymxentError as error:
        raise NotEvaluableError(f"{app.latex}: {error}") from None


_Handler = Callable[["Mapper", Apply, dict[str, sp.Expr]], sp.Expr]


def _of(
    quantity: Callable[..., sp.Expr], count: int, kind: str = "", base: bool = True
) -> _Handler:
    """A handler of ``count`` vector arguments of ``kind`` (scalars if no kind), in the base."""

    def handler(mapper: Mapper, app: Apply, env: dict[str, sp.Expr]) -> sp.Expr:
        args = (
            mapper._vector_args(app, env, count, kind)
            if kind
            else mapper._scalar_arg(app, env, count)
        )
        return quantity(*args, mapper.base) if base else quantity(*args)

    return handler


_cross_entropy = _of(CrossEntropy, 2, "distribution")


def _kl(mapper: Mapper, app: Apply, env: dict[str, sp.Expr]) -> sp.Expr:
    pmfs = read_divergence(mapper, app, env)  # D(p(x, y) || p(x) p(y))
    if pmfs is not None:
        return pmfs
    if app.given or app.parameters:
        raise NotEvaluableError(f"{app.latex}: a '|' or ';' in a KL divergence is not understood")
    p, q = mapper._vector_args(app, env, 2)
    return KLDivergence(p, q, mapper.base)


def _divergence(mapper: Mapper, app: Apply, env: dict[str, sp.Expr]) -> sp.Expr:
    r"""``D(p \| q)``: relative entropy, written with ``\|`` or ``\parallel``."""
    if not any(mark in app.latex for mark in (r"\|", r"\parallel", "||", r"\Vert")):
        raise NotEvaluableError(f"{app.latex}: D is not defined in this file")
    return _kl(mapper, app, env)


def _binary_entropy(mapper: Mapper, app: Apply, env: dict[str, sp.Expr]) -> sp.Expr:
    r"""``H_b(p)``, MacKay's ``H_2(p)``: the binary entropy function of one probability.

    ``H_b`` is in the document's log base; ``H_2`` is MacKay's, in bits whatever the base
    setting (his logs are to base 2; Cover & Thomas's ``H_2`` is an entropy in bits too). The
    argument is a number: ``H_2(X)`` (a random variable, or a capital used as a distribution)
    and ``H_2(p)`` where the claim uses ``p`` as a vector are refused, since ``H_2`` also
    names the entropy of a distribution in bits and Renyi's entropy of order 2.
    """
    atom = name_of(app.args[0]) if len(app.args) == 1 else None
    if atom is not None and atom.base[:1].isupper():
        raise NotEvaluableError(
            f"{app.latex}: {app.name.latex or 'H_b'} is read as the binary entropy function of "
            f"one probability (MacKay's H_2(p)), and {atom.latex or atom.key} is not a number; "
            "for the entropy of a random variable write H(X) (in bits: --base 2)"
        )
    if atom is not None and not atom.subscript and atom.key in mapper.vector_stems:
        raise NotEvaluableError(
            f"{app.latex}: {atom.latex or atom.key} is a vector elsewhere in this claim, so "
            f"{app.name.latex or 'H_b'}({atom.latex or atom.key}) is ambiguous (the binary "
            "entropy of one probability, or an entropy of the distribution?)"
        )
    (p,) = mapper._scalar_arg(app, env)
    if app.name.subscript == ("2",):
        mapper.convention("H_2(p) read as MacKay's binary entropy function, in bits")
        return BinaryEntropy(p, sp.Integer(2))
    return BinaryEntropy(p, mapper.base)


def _information(mapper: Mapper, app: Apply, env: dict[str, sp.Expr]) -> sp.Expr:
    variables = read_information(mapper, app, env)  # I(X; Y), I(X; Y | Z), I(x) of p(x)
    if variables is not None:
        return variables
    if app.name.accent == "bb":
        raise NotEvaluableError(
            f"{app.latex}: \\mathbb{{I}} is read as Murphy's mutual information, "
            "\\mathbb{I}(X; Y); his indicator function \\mathbb{I}(y = c) is not supported"
        )
    (p,) = mapper._scalar_arg(app, env)
    return Information(p, mapper.base)


def _is_number(arg: Raw | Event) -> bool:
    r"""Whether ``arg`` is a number written out (``2``, ``0.1``, ``-1.5``, ``\frac{1}{2}``)."""
    if not isinstance(arg, Raw):
        return False
    return all(isinstance(arg.table.get(s), Decimal) for s in arg.tree.free_symbols) and not any(
        isinstance(node, sp.Function | sp.Derivative) for node in sp.preorder_traversal(arg.tree)
    )


def _softmax(mapper: Mapper, app: Apply, env: dict[str, sp.Expr]) -> sp.Expr:
    refuse_extras(app)
    if not app.args or isinstance(app.args[0], Event):
        raise NotEvaluableError(f"{app.latex}: softmax takes logits")
    if len(app.args) >= 2 and all(_is_number(arg) for arg in app.args):
        # \operatorname{softmax}(2, 1, 0.1): the logits written out (a number is no vector, so
        # softmax(2, 1) is never softmax(z)_k with z = 2)
        literal = VectorLiteral(tuple(cast("Raw", arg) for arg in app.args))
        z = literal_vector(mapper, literal, env, app.latex, "logits")
        if app.subscript is None:
            component = mapper.component_index(z)
            if component is None and mapper.bindings.entry is not None:
                position, length = mapper.bindings.entry
                if length != z.n:
                    raise NotEvaluableError(
                        f"{app.latex}: {z.n} logits, compared with {length} values"
                    )
                component = sp.Integer(position)
            if component is None:
                raise NotEvaluableError(f"{app.latex}: write a component, softmax(z)_k")
            return Softmax(z, component)
        return Softmax(z, mapper.map(app.subscript, env))
    z = mapper._vector_arg(app.args[0], env, app.latex, "logits")
    if app.subscript is not None:
        index_raw = app.subscript
    elif len(app.args) == 2 and isinstance(app.args[1], Raw):
        index_raw = app.args[1]
    elif (component := mapper.component_index(z)) is not None:
        return Softmax(z, component)  # \nabla_z L = softmax(z) - y, for each component
    else:
        raise NotEvaluableError(f"{app.latex}: write a component, softmax(z)_k")
    atom = index_raw.atom()
    if isinstance(atom, Name) and not atom.subscript and atom.key not in env and atom.key.islower():
        k: sp.Expr = mapper._free_index(atom.key, z.n)
    else:
        k = mapper.map(index_raw, env)
    return Softmax(z, k)


def _softplus(x: sp.Expr) -> sp.Expr:
    return sp.log(1 + sp.exp(x))


SCALAR_FUNCTIONS: dict[str, Callable[[sp.Expr], sp.Expr]] = {
    "sigma": Sigmoid,
    "softplus": _softplus,
    "zeta": _softplus,
    "ReLU": lambda x: sp.Max(0, x),
    "relu": lambda x: sp.Max(0, x),
    "logit": lambda x: log_base(x / (1 - x), sp.E),
}
r"""Functions of one real number, by name: ``\sigma``, softplus (``\log(1 + e^x)``), ReLU, logit."""

_CONVENTIONS = {
    "zeta": r"\zeta(x) read as the softplus log(1 + e^x) (Goodfellow et al., 3.10)",
    "logit": "the logit is the natural log of x / (1 - x), the inverse of the sigmoid",
}


def _scalar_function(mapper: Mapper, app: Apply, env: dict[str, sp.Expr]) -> sp.Expr:
    r"""``\sigma``, softplus, ReLU, ``\mathrm{logit}``, ``\sigma^{-1}`` and Goodfellow's ``\zeta``.

    ``\zeta(x)`` is the softplus only where the file does not give ``\zeta`` a meaning of its
    own (a function it defines is used instead; a value bound to it makes ``\zeta(x)``
    ambiguous, refused).
    """
    key = function_key(app.name)
    arg = app.args[0] if len(app.args) == 1 and isinstance(app.args[0], Raw) else None
    if key == "zeta" and "zeta" in mapper.bindings.names():
        raise NotEvaluableError(
            f"{app.latex}: \\zeta is bound in this file, so \\zeta(...) is not read as the softplus"
        )
    if key == "zeta" and arg is not None and arg.tree.is_number:
        raise NotEvaluableError(
            f"{app.latex}: \\zeta of a number is ambiguous (Riemann's zeta function, or "
            "Goodfellow's softplus?); write \\log(1 + e^x) or \\mathrm{softplus}(x)"
        )
    if key == "logit" and app.name.latex.startswith("\\sigma"):
        if "sigma" in mapper.bindings.names() or "sigma" in mapper.bare_names:
            raise NotEvaluableError(
                f"{app.latex}: \\sigma is a number in this claim or file, so \\sigma^{{-1}}(...) "
                "is not read as the logit"
            )
        if arg is not None and arg.atom() is None and not arg.tree.is_number:
            raise NotEvaluableError(
                f"{app.latex}: ambiguous (the logit, or 1/\\sigma times the bracket?); write "
                "\\mathrm{logit}(...) or \\frac{...}{\\sigma}"
            )
    (x,) = mapper._scalar_arg(app, env)
    if key in _CONVENTIONS:
        mapper.convention(_CONVENTIONS[key])
    return SCALAR_FUNCTIONS[key](x)


def _lattice(mapper: Mapper, app: Apply, env: dict[str, sp.Expr]) -> sp.Expr:
    refuse_extras(app)
    if not app.args or any(isinstance(a, Event) for a in app.args):
        raise NotEvaluableError(f"{app.latex}: expected numbers between the brackets")
    values = [mapper.map(a, env) for a in app.args if isinstance(a, Raw)]
    return (sp.Max if app.name.base == "max" else sp.Min)(*values)


def _probability(mapper: Mapper, app: Apply, env: dict[str, sp.Expr]) -> sp.Expr:
    pmf = read_pmf(mapper, app, env)  # P(x) beside H(X): X's pmf (MacKay)
    if pmf is not None:
        return pmf
    refuse_extras(app)
    if len(app.args) != 1:
        raise NotEvaluableError(
            f"{app.latex}: conditional and joint probabilities are not supported"
        )
    arg = app.args[0]
    if not isinstance(arg, Event):
        return mapper._entry_at(app.name.key, app.name.stem, arg, env, app.latex)
    variable, value = arg.lhs.atom(), arg.rhs.atom()
    if not isinstance(variable, Name):
        raise NotEvaluableError(f"{app.latex}: the left of '=' must name a random variable")
    key, parts = mapper._split(variable, env)
    if parts:
        raise NotEvaluableError(f"{app.latex}: the left of '=' must name a random variable")
    if isinstance(value, Name) and value.base[:1].isupper() and value.key not in env:
        value_key, value_parts = mapper._split(value, env)
        if not value_parts and mapper.roles.is_vector(value_key, value.stem):
            p = mapper._vector_arg(arg.lhs, env, app.latex)
            q = mapper._vector_arg(arg.rhs, env, app.latex)
            return MatchProbability(p, q)
    return mapper._entry_at(key, variable.stem, arg.rhs, env, app.latex)


_MULTIVARIATE = re.compile(r"\\(?:mathbf|boldsymbol|bm|vec|pmb)\b|\\(?:Sigma|Lambda)\b|\b[A-Z]\b")
r"""Signs of the multivariate Gaussian: ``\mathbf{x}``, ``\boldsymbol{\mu}``, ``\Sigma``, ``A``."""


def _normal(mapper: Mapper, app: Apply, env: dict[str, sp.Expr]) -> sp.Expr:
    r"""``\mathcal{N}(x \mid \mu, \sigma^2)``, ``\mathcal{N}(x; \mu, \sigma^2)``: the density.

    The univariate Gaussian density at the real ``x`` with mean ``\mu`` and *variance*
    ``\sigma^2`` (Bishop 1.46, Murphy 2.36):
    ``e^{-(x - \mu)^2 / (2\sigma^2)} / \sqrt{2\pi\sigma^2}``.
    A variance that is not positive leaves the density undefined (not real) there.
    """
    what = app.latex or "N(...)"
    moments = [*app.given, *app.parameters]
    if app.given and app.parameters:
        raise NotEvaluableError(f"{what}: write N(x | mu, sigma^2) or N(x; mu, sigma^2)")
    if len(app.args) != 1 or len(moments) != 2:
        raise NotEvaluableError(
            rf"{what}: the Gaussian density is read as N(x | \mu, \sigma^2), one point, a mean "
            "and a variance"
        )
    parts = [*app.args, *moments]
    if any(isinstance(part, Event) for part in parts):
        raise NotEvaluableError(f"{what}: an event is not a point, mean or variance")
    if any(_MULTIVARIATE.search(part.latex) for part in parts if isinstance(part, Raw)):
        raise NotEvaluableError(
            rf"{what}: a bold point or mean, or a capital covariance (\Sigma), is the "
            "multivariate Gaussian, which is not read (only N(x | mu, sigma^2) of a number)"
        )
    x, mean, variance = (mapper.map(part, env) for part in parts if isinstance(part, Raw))
    mapper.convention(
        r"\mathcal{N}(x \mid \mu, \sigma^2) read as the Gaussian density with variance \sigma^2"
    )
    return sp.exp(-((x - mean) ** 2) / (2 * variance)) / sp.sqrt(2 * sp.pi * variance)


HANDLERS: dict[str, _Handler] = {
    **dict.fromkeys(SCALAR_FUNCTIONS, _scalar_function),
    "Normal": _normal,
    "H": _entropy,
    "CE": _cross_entropy,
    "KL": _kl,
    "D": _divergence,
    "H_b": _binary_entropy,
    "I": _information,
    "softmax": _softmax,
    "BCE": _of(BinaryCrossEntropy, 2),
    "NLL": _of(NLL, 1, "distribution"),
    "MSE": _of(MSE, 2, "reals", base=False),
    "LSE": _of(LogSumExp, 1, "logits", base=False),
    "P": _probability,
    "max": _lattice,
    "min": _lattice,
}


def refuse_extras(app: Apply) -> None:
    r"""Refuse a condition bar or parameters that the reading of ``app`` would not use.

    ``H(Y | X)`` is not ``H(Y)``, and ``\sigma(x; w)`` is not ``\sigma(x)``: a handler that
    has no meaning for them calls this, so they are never dropped.

    Raises:
        NotEvaluableError: naming what would have been dropped.
    """
    for parts, these in (
        (app.given, "the condition | {} is"),
        (app.parameters, "the parameters ; {} are"),
    ):
        if parts:
            listed = ", ".join(short(p.latex if isinstance(p, Raw) else "an event") for p in parts)
            raise NotEvaluableError(
                f"{app.latex or app.name.key}: {these.format(listed)} not understood here"
            )


def parameterised(key: str, app: Apply) -> str:
    r"""``p(x; \theta)`` is an entry of the distribution ``p_theta`` (as ``p_\theta(x)``)."""
    if not app.parameters:
        return key
    parts = []
    for param in app.parameters:
        atom = name_of(param)
        if atom is None:
            raise NotEvaluableError(
                f"{app.latex}: a parameter after ';' must be a name, as in p(x; \\theta)"
            )
        parts.append(atom.key)
    return f"{key}_{''.join(parts)}"


def literal_vector(
    mapper: Mapper, literal: VectorLiteral, env: dict[str, sp.Expr], what: str, kind: str
) -> Vector:
    r"""``(y, 1 - y)`` as an argument: a vector with these entries (any expressions)."""
    entries = [mapper.map(entry, env) for entry in literal.entries]
    name = f"v{len(mapper._literals) + 1}"
    try:
        vector = CLASSES.get(kind, RealVector)(name, values=entries)
    except SymxentError as error:
        raise NotEvaluableError(f"{what}: {error}") from None
    mapper._literals.append(vector)
    return vector


def elementwise_vector(
    mapper: Mapper, arg: Raw, env: dict[str, sp.Expr], kind: str = "reals"
) -> Vector | None:
    r"""``z + c``: the vector whose entry j is ``z_j + c`` (None if no vector is in it)."""
    bare: dict[str, Vector] = {}
    for obj in arg.table.values():
        if not isinstance(obj, Name) or obj.subscript or obj.key in env:
            continue
        if mapper._is_vector(obj.key, obj.stem):
            bare[obj.key] = mapper._vector(obj.key, obj.stem)
    lengths = {vector.n for vector in bare.values()}
    if not bare:
        return None
    if len(lengths) > 1:
        raise NotEvaluableError(
            f"{short(arg.latex)}: the vectors {', '.join(sorted(bare))} have different lengths"
        )
    index = sp.Dummy("j", integer=True)
    entry = mapper.map(arg, {**env, **{key: vector[index] for key, vector in bare.items()}})
    if kind in SIMPLEX_ROLES and not _sums_to_one(entry, index, list(bare.values())):
        raise NotEvaluableError(
            f"{short(arg.latex)} is not a distribution here: its entries need not sum to 1"
        )
    return Elementwise(entry, index, lengths.pop())


def _sums_to_one(entry: sp.Expr, index: sp.Symbol, vectors: list[Vector]) -> bool:
    r"""Whether ``entry`` makes a distribution: ``\frac{p + q}{2}`` does, ``1 - p`` does not.

    Only a mixture ``sum_v c_v v_j`` of distributions with weights that are surely
    nonnegative and add up to 1 is recognised (sound, not complete: ``a p + (1 - a) q`` with
    ``a`` any positive number is not a distribution).
    """
    entries = [vector[index] for vector in vectors]
    expanded = sp.expand(entry)
    weights = [expanded.coeff(e) for e in entries]
    rest = sp.expand(expanded - sum(w * e for w, e in zip(weights, entries, strict=True)))
    if rest != 0 or any(w.has(index) or w.has(*entries) for w in weights):
        return False
    if not all(v.sums_to_one for v in vectors) or not all(w.is_nonnegative for w in weights):
        return False
    return bool(sp.simplify(sum(weights) - 1) == 0)


def primed(mapper: Mapper, app: Apply, plain: Name, env: dict[str, sp.Expr]) -> sp.Expr:
    r"""``\sigma'(x)``, ``f''(t)``: the derivative of the function, at the argument."""
    refuse_extras(app)
    if len(app.args) != 1 or isinstance(app.args[0], Event):
        raise NotEvaluableError(f"{app.latex}: expected one argument")
    point = mapper.map(app.args[0], env)
    variable = sp.Dummy("t", real=True)
    if plain.key in mapper.bindings.functions:
        parameter, body = mapper.bindings.functions[plain.key]
        value = mapper.map(body, {**env, parameter: variable})
    else:
        value = SCALAR_FUNCTIONS[function_key(plain)](variable)
    return sp.Subs(sp.Derivative(value, (variable, app.name.primes)), variable, point)
