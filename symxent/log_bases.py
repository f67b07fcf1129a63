r"""The one vocabulary of log bases: each spelling symxent reads, and the base it means.

A named base has a key, ``"e"``, ``"2"`` or ``"10"``: :data:`BASES` gives its value,
:data:`BASE_NAMES` the name a report gives it. :data:`BASE_WORDS` maps every spelling symxent
accepts (the key itself or a unit of information, ``"bits"``, ``"nats"``, ``"hartleys"``, ...) to
the key; :func:`~symxent.quantities.base.as_base`, the LaTeX reader's ``base=`` setting and
its units (``0.357 \text{ nats}``) all read bases through it.

Example:
    >>> BASE_WORDS["bits"], BASES[BASE_WORDS["nats"]], BASE_NAMES["10"]
    ('2', E, 'base 10')
"""

from __future__ import annotations

from collections.abc import Mapping

import sympy as sp

__all__ = ["BASES", "BASE_NAMES", "BASE_WORDS", "UNIT_BASES"]

BASES: Mapping[str, sp.Expr] = {"e": sp.E, "2": sp.Integer(2), "10": sp.Integer(10)}
"""The named log bases by key (the bases a document may use)."""

BASE_NAMES: Mapping[str, str] = {"e": "nats", "2": "bits", "10": "base 10"}
"""How a report names each base."""

UNIT_BASES: Mapping[str, str] = {
    "nats": "e", "nat": "e", "bits": "2", "bit": "2", "shannons": "2", "shannon": "2",
    "bans": "10", "ban": "10", "hartleys": "10", "hartley": "10", "dits": "10",
}  # fmt: skip
r"""Units of information and the key of the log base they mean (``0.357 \text{ nats}``)."""

BASE_WORDS: Mapping[str, str] = {**{key: key for key in BASES}, **UNIT_BASES}
"""Every spelling of a named log base -> its key."""
