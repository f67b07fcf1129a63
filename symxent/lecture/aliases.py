r"""Prose aliases: ``If the model is perfect, $q = p$.``, used by the links after it.

A lecturer often states a supposition in a sentence and then writes what follows from it:

    If the model is perfect, $q = p$. Then
    $$D_{\mathrm{KL}}(p \,\|\, q) = 0, \qquad H(p, q) = H(p).$$

The inline ``q = p`` binds nothing a value could come from, yet the two claims after it are
about ``q = p``; judged for every ``q`` they are false. An **alias** is such a supposition: a
lone name (without subscript) equal to another lone name (``q = p``: every ``q``, ``q_i``,
``q(x)`` reads as ``p``, ``p_i``, ``p(x)``) or, for a name that is not a vector, to a formula
(``x = 2y``: ``x`` stands for ``2y``). It is taken from inline math only, when the sentence
before it does not qualify it (*iff*, *only if*, *unless*, *equality*, *not*, ...: "with
equality iff $q = p$" supposes nothing), and it holds for the links that follow in the same
section (:mod:`symxent.lecture.sections`).

Soundness: an alias is a specialisation, so a general statement that holds keeps holding under
it. The checker therefore judges every link as written first; only a link that would be
refuted, unknown or skipped and that writes an aliased name is judged again with the aliases,
and takes that verdict only when it then holds. Its report says so ("given q = p, line 69");
a refutation stays the refutation of the link as written (with a note when it fails under the
alias too). No true claim is refuted through an alias, and a false one is accepted only as a
statement about the supposition the section made.

Example:
    >>> from symxent.latex.reader import read_side
    >>> alias = alias_of(read_side("q"), read_side("p"), line=3, vector=True)
    >>> alias.describe()
    'q = p (line 3)'
    >>> side = read_side(r"\sum_i p_i \log \frac{p_i}{q_i}")
    >>> mentions(side, "q"), mentions(renamed(side, [alias]), "q")
    (True, False)
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sympy as sp

from symxent.latex.raw import Apply, Expect, Name, Raw, Reduce, inner_raws
from symxent.latex.vectors import stem_key

__all__ = ["Alias", "alias_of", "chain_ends", "mentions", "renamed", "supposes", "used_by"]

_QUALIFIED = re.compile(
    r"\b(?:iff|only\s+if|if\s+and\s+only|unless|except|equality|equals?\s+only|exactly\s+when"
    r"|not|never|nor|cannot|can't|isn't|aren't|doesn't|don't)\b|\\neq?\b|≠",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?;:](?:\s|$)")


@dataclass(frozen=True)
class Alias:
    r"""A supposition ``name = value`` a section's prose makes for the links after it.

    Attributes:
        name: the key of the name (``q``, ``yhat``, ``x``).
        value: the right side as read.
        target: the right side's name when it is a lone name (a renaming), else None.
        line: the line of the inline math.
        latex: ``name = value`` as written.
    """

    name: str
    value: Raw
    target: Name | None
    line: int
    latex: str

    def describe(self) -> str:
        """``q = p (line 69)``."""
        return f"{' '.join(self.latex.split())} (line {self.line})"


def supposes(lead: str) -> bool:
    r"""Whether the sentence before an inline formula leaves it a supposition.

    Example:
        >>> supposes("If the model is perfect,")
        True
        >>> supposes("Gibbs' inequality holds, with equality iff")
        False
    """
    sentences = _SENTENCE_END.split(lead)
    last = sentences[-1] if sentences else ""
    return not _QUALIFIED.search(last)


def _plain(name: object) -> Name | None:
    r"""A lone name without subscript or primes (``q``, ``\hat{y}``), else None."""
    return name if isinstance(name, Name) and not name.subscript and not name.primes else None


def alias_of(lhs: Raw, rhs: Raw, *, line: int, vector: bool) -> Alias | None:
    """The alias ``lhs = rhs`` makes, or None.

    ``vector`` says whether the left name is a vector here: a vector is only renamed (its
    entries then read as the other name's), never set to a formula.
    """
    name = _plain(lhs.atom())
    if name is None:
        return None
    target = _plain(rhs.atom())
    if target is not None and target.key == name.key:
        return None
    if target is None and (vector or mentions(rhs, name.key)):
        return None
    latex = f"{lhs.latex.strip()} = {rhs.latex.strip()}"
    return Alias(name.key, rhs, target, line, latex)


def mentions(raw: Raw, key: str) -> bool:
    r"""Whether ``raw`` writes the name ``key`` (``q``, ``q_i``, ``q(x)``, ``E_{x \sim q}``)."""
    for obj in raw.objects():
        name: object = obj.name if isinstance(obj, Apply) else obj
        name = name.distribution if isinstance(name, Expect) else name
        if isinstance(name, Name) and stem_key(name) == key:
            return True
    return False


def _raws(raw: Raw) -> list[Raw]:
    """``raw`` and every expression inside it (arguments, bodies, bounds)."""
    parts = (part for obj in raw.table.values() for part in inner_raws(obj))
    return [raw, *(found for part in parts for found in _raws(part))]


def binds(raw: Raw, key: str) -> bool:
    r"""Whether ``raw`` uses ``key`` as a bound variable (``\sum_x``, ``\max_x``, ``E_x``)."""
    for inner in _raws(raw):
        for node in sp.preorder_traversal(inner.tree):
            if isinstance(node, sp.Sum | sp.Product):
                for limit in node.args[1:]:
                    index = inner.table.get(limit[0])
                    if isinstance(index, Name) and index.key == key:
                        return True
        for obj in inner.table.values():
            if isinstance(obj, Reduce) and obj.index.key == key:
                return True
            if isinstance(obj, Expect) and obj.variable is not None and obj.variable.key == key:
                return True
    return False


def renamed(raw: Raw, aliases: Sequence[Alias]) -> Raw:
    r"""``raw`` with each renamed name written as the end of its chain (``q_i`` -> ``p_i``).

    Renamings chain: after ``r = q`` and ``q = p`` every ``r`` reads as ``p``. A cycle
    (``q = p``, then ``p = q``) says that its names are one: each reads as the target of the
    cycle's earliest alias (:func:`chain_ends`). Aliases to a formula are not applied here (the
    mapper reads them as definitions).

    Example:
        >>> from symxent.latex.reader import read_side
        >>> chain = [alias_of(read_side(a), read_side(b), line=k, vector=True)
        ...          for k, (a, b) in enumerate([("r", "q"), ("q", "p")], start=1)]
        >>> mentions(renamed(read_side(r"H(r)"), chain), "p")
        True
    """
    renames = chain_ends(aliases)
    return _renamed_raw(raw, renames) if renames else raw


def chain_ends(aliases: Iterable[Alias]) -> dict[str, Name]:
    """Each renamed name's final name, following chains of renamings, cycles included.

    Example:
        >>> from symxent.latex.reader import read_side
        >>> pairs = [("q", "p"), ("p", "q"), ("r", "q")]
        >>> chain = [alias_of(read_side(a), read_side(b), line=k, vector=True)
        ...          for k, (a, b) in enumerate(pairs, start=1)]
        >>> {name: end.key for name, end in sorted(chain_ends(chain).items())}
        {'q': 'p', 'r': 'p'}
    """
    targets = {alias.name: alias for alias in aliases if alias.target is not None}
    ends: dict[str, Name] = {}
    for name in targets:
        path: list[Alias] = []
        seen: set[str] = set()
        key = name
        while key in targets and key not in seen:
            seen.add(key)
            path.append(targets[key])
            key = stem_key(targets[key].target)  # type: ignore[arg-type]
        if key in seen:  # a cycle: its names are one; the earliest supposition names it
            start = next(i for i, alias in enumerate(path) if alias.name == key)
            first = min(path[start:], key=lambda alias: (alias.line, alias.name))
            end = first.target
        else:
            end = path[-1].target
        if end is not None and stem_key(end) != name:
            ends[name] = end
    return ends


def _renamed_raw(raw: Raw, renames: dict[str, Name]) -> Raw:
    table = {symbol: _rename(value, renames) for symbol, value in raw.table.items()}
    return Raw(raw.tree, table, raw.latex, raw.notes, raw.units)  # type: ignore[arg-type]


def _rename(obj: object, renames: dict[str, Name]) -> object:
    if isinstance(obj, Name):
        target = renames.get(stem_key(obj))
        if target is None:
            return obj
        return Name(target.base, target.accent, obj.subscript, target.primes, obj.latex)
    if isinstance(obj, Raw):
        return _renamed_raw(obj, renames)
    if isinstance(obj, tuple):
        return tuple(_rename(item, renames) for item in obj)
    if isinstance(obj, Reduce):  # its index is bound: not renamed
        return dataclasses.replace(
            obj,
            lower=None if obj.lower is None else _renamed_raw(obj.lower, renames),
            upper=None if obj.upper is None else _renamed_raw(obj.upper, renames),
            body=_renamed_raw(obj.body, renames),
        )
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        changes = {
            field.name: _rename(getattr(obj, field.name), renames)
            for field in dataclasses.fields(obj)
        }
        return dataclasses.replace(obj, **changes)
    return obj


def used_by(aliases: Iterable[Alias], raws: Iterable[Raw]) -> list[Alias]:
    """The aliases ``raws`` use: directly, or through a chain of them (``r = q``, ``q = p``).

    An alias is used when ``raws`` write its name, or when an alias they use leads to it: its
    target is the alias's name, or its formula writes that name; never when ``raws`` bind that
    name or its target's, or use one as a subscript (a rename would miss or capture it). Each
    alias is counted once, so a cycle ends.
    """
    sides = list(raws)

    def free(name: str) -> bool:  # not bound, nor a subscript (x_i): a rename misses those
        subscripts = (o.subscript for raw in sides for o in raw.objects() if isinstance(o, Name))
        return not any(binds(raw, name) for raw in sides) and not any(name in s for s in subscripts)

    known = {
        alias.name: alias
        for alias in aliases
        if free(alias.name) and (alias.target is None or free(stem_key(alias.target)))
    }
    pending = [alias for alias in known.values() if any(mentions(raw, alias.name) for raw in sides)]
    used: dict[str, Alias] = {}
    while pending:
        alias = pending.pop(0)
        if alias.name in used:
            continue
        used[alias.name] = alias
        for other in known.values():
            if other.name in used:
                continue
            if alias.target is not None:
                if stem_key(alias.target) == other.name:
                    pending.append(other)
            elif mentions(alias.value, other.name):
                pending.append(other)
    return [alias for alias in known.values() if alias.name in used]
