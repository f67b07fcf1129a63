r"""The entries a claim reads, and whether each is one of its vector's: the gate of verdicts.

A vector ``p`` has ``n`` entries ``p_1 … p_n`` (a two-index array has rows and columns). An
entry outside that range does not exist: it is undefined, never 0. SymPy cancels it all the
same (``p_{n+1} - p_{n+1}`` is 0 as soon as it is built, and ``\log\frac{p_i}{p_i}`` is 0), so
``\sum_{i=1}^{n+1} (p_i - p_i) = 0`` would be "proved" although it reads ``p_{n+1}``. Every
verdict passes this gate first (:func:`~symxent.check.check_claim`, and
:func:`~symxent.check.symbolic.prove` on its own): a claim that may read outside its vectors
is "unknown", with the entry named.

* :func:`entry_reads` lists the entries an expression reads, each with the ranges of the sums,
  maxima and expectations around it. The LaTeX reader records the entries as it reads them,
  before SymPy can cancel them, and hands them to the checker as ``reads`` (expressions such as
  ``Sum(p[i], (i, 1, n + 1))``; see :meth:`symxent.latex.tree.TreeWalk.record_read`).
* An entry read at one place (``p_2``, ``p_{n-1}``) narrows the claim's domain (``n >= 2``):
  the claim is judged where such entries exist, and it reads outside when no class count gives
  them all (``p_0``, ``p_{n+1}``).
* An entry read over a range (``p_i`` in a sum, ``p_k`` for a free class index ``1 <= k <= n``,
  ``p_{i+1}``) must be an entry for every value of the range on that domain:
  ``\sum_{i=0}^{n-1} p_{i+1}`` reads ``p_1 … p_n``; ``\sum_{i=1}^{n+1} p_i`` reads ``p_{n+1}``.

Both are decided exactly: first from the extreme values of the index (linear in each summation
variable), then, when those do not settle it, as a system of linear inequalities over the class
counts and the summation variables (solved by eliminating one variable after another). It runs
over the reals, so it may find a read outside that integers would not make, never the other way
round; an index it cannot decide counts as a read outside. A claim that may read outside is
never proved.

Example:
    >>> import sympy as sp
    >>> from symxent import Distribution
    >>> from symxent.distributions import summation_index
    >>> p, i = Distribution("p", "n"), summation_index("i")
    >>> print(reads_outside([sp.Sum(p[i], (i, 1, p.n + 1))]))
    p_{n + 1} is past p's n entries
    >>> print(reads_outside([sp.Sum(p[i + 1], (i, 0, p.n - 1))]))
    None
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from fractions import Fraction

import sympy as sp
from sympy.concrete.expr_with_limits import ExprWithLimits

from symxent.budget import forget_on_abort
from symxent.distributions import Vector, VectorLabel
from symxent.quantities.information import Expectation

__all__ = ["EntryRead", "Outside", "entry_reads", "outside", "reads_outside"]

Range = tuple[sp.Symbol, sp.Expr, sp.Expr]
"""A variable with its least and its greatest value."""

_AXES = {0: ("row", "rows"), 1: ("column", "columns")}

_MAX_ROWS = 400
"""Most constraints the elimination keeps; past it an index counts as undecided."""


@dataclass(frozen=True)
class EntryRead:
    """One index of one entry that a claim reads.

    Attributes:
        vector: the vector's name.
        index: the index (``i + 1``), along ``axis``.
        length: the vector's number of entries along ``axis`` (``n``).
        ranges: the variables of the sums, maxima and expectations around the entry, outermost
            first, each with its least and greatest value.
        axis: 0, or 1 for the column of a two-index array.
        axes: 1 for a vector, 2 for a two-index array.
    """

    vector: str
    index: sp.Expr
    length: sp.Expr
    ranges: tuple[Range, ...] = ()
    axis: int = 0
    axes: int = 1

    def entry(self, index: sp.Expr) -> str:
        """``p_{n + 1}``: the entry at ``index``, in LaTeX (a row or column of an array)."""
        text = sp.latex(index)
        if self.axes == 1:
            return f"{self.vector}_{{{text}}}" if len(text) > 1 else f"{self.vector}_{text}"
        return f"{_AXES[self.axis][0]} {text} of {self.vector}"

    def size(self) -> str:
        """``p's n entries``, ``y's N rows``."""
        noun = "entries" if self.axes == 1 else _AXES[self.axis][1]
        if self.length == 1:
            noun = "entry" if self.axes == 1 else _AXES[self.axis][0]
        return f"{self.vector}'s {sp.latex(self.length)} {noun}"

    def undecided(self, index: sp.Expr) -> Outside:
        """The entry at ``index`` may or may not be one of the vector's."""
        return Outside(f"cannot tell whether {self.entry(index)} is one of {self.size()}", False)

    def first(self) -> str:
        """``p's first entry p_1``."""
        if self.axes == 1:
            return f"{self.vector}'s first entry {self.vector}_1"
        return f"the first {_AXES[self.axis][0]} of {self.vector}"


def entry_reads(expr: sp.Basic, ranges: tuple[Range, ...] = ()) -> Iterator[EntryRead]:
    r"""The entries of symxent vectors that ``expr`` reads, with the ranges around each.

    Args:
        expr: an expression (a claim's side, or a read recorded by the LaTeX reader).
        ranges: the ranges already around ``expr``, outermost first.

    Example:
        >>> import sympy as sp
        >>> from symxent import Distribution
        >>> from symxent.distributions import summation_index
        >>> p, i = Distribution("p", "n"), summation_index("i")
        >>> [(r.index, r.ranges) for r in entry_reads(sp.Sum(p[i + 1], (i, 0, p.n - 1)))]
        [(i + 1, ((i, 0, n - 1),))]
    """
    if isinstance(expr, sp.Indexed):
        label, shape = expr.base.label, expr.base.shape
        if isinstance(label, VectorLabel) and shape and len(shape) == len(expr.indices):
            for axis, (index, length) in enumerate(zip(expr.indices, shape, strict=True)):
                yield EntryRead(str(label), index, length, ranges, axis, len(shape))
        for index in expr.indices:
            yield from entry_reads(index, ranges)
        return
    if isinstance(expr, Vector) or not expr.args:
        return
    if isinstance(expr, ExprWithLimits):  # Sum, Product, Maximum, Minimum, Integral
        inner: list[Range] = []
        for limit in reversed(expr.limits):  # SymPy lists them innermost first
            variable, *bounds = limit
            for bound in bounds:
                yield from entry_reads(bound, (*ranges, *inner))
            low, high = bounds if len(bounds) == 2 else (-sp.oo, sp.oo)
            inner.append((variable, low, high))
        yield from entry_reads(expr.function, (*ranges, *inner))
        return
    if isinstance(expr, Expectation):
        yield from entry_reads(expr.body, (*ranges, (expr.index, sp.S.One, expr.p.n)))
        return
    for arg in expr.args:
        yield from entry_reads(arg, ranges)


@dataclass(frozen=True)
class Outside:
    r"""Why a claim may read an entry outside its vector.

    Attributes:
        reason: the entry and the vector (``"p_{n + 1} is past p's n entries"``).
        always: True when every value of the counts reads outside (``p_{n+1}``, ``p_0``), so
            the claim is defined nowhere; False when only some do (``\sum_{i=1}^{m} p_i`` with
            ``m > n``): a counterexample of the numeric search, which takes a missing entry as
            undefined, still refutes it.
    """

    reason: str
    always: bool


def outside(exprs: Iterable[sp.Basic]) -> Outside | None:
    """Whether the expressions may read outside their vectors, and why (None if they do not).

    Example:
        >>> from symxent import Distribution
        >>> outside([Distribution("p", "n")[0]])
        Outside(reason="p_0 is before p's first entry p_1", always=True)
    """
    reads = tuple(
        dict.fromkeys(r for expr in exprs if isinstance(expr, sp.Basic) for r in entry_reads(expr))
    )
    return _decide(reads) if reads else None


def reads_outside(exprs: Iterable[sp.Basic]) -> str | None:
    r"""Why the expressions may read outside their vectors (``"p_0 is before ..."``), or None.

    Args:
        exprs: a claim's sides and the reads the LaTeX reader recorded for it.

    Example:
        >>> from symxent import Distribution
        >>> p = Distribution("p", "n")
        >>> reads_outside([p[0] + p[1]])
        "p_0 is before p's first entry p_1"
        >>> reads_outside([p[2] - p[1]]) is None  # a claim about n >= 2
        True
    """
    found = outside(exprs)
    return found.reason if found else None


@forget_on_abort
@functools.lru_cache(maxsize=4096)
def _decide(reads: tuple[EntryRead, ...]) -> Outside | None:
    fixed: list[tuple[EntryRead, sp.Expr, sp.Expr]] = []
    ranged: list[tuple[EntryRead, sp.Expr, sp.Expr, tuple[Range, ...]]] = []
    for read in reads:
        index, length, ranges = _with_free_indices(read)
        used = _used_ranges(index, ranges)
        if used:
            ranged.append((read, index, length, used))
        else:
            fixed.append((read, index, length))
    domain: list[sp.Expr] = []  # each >= 0 where the claim's fixed entries exist
    for read, index, length in fixed:
        exists = [index - 1, length - index]
        if all(_nonnegative(e) for e in exists):
            continue  # an entry for every count (p_1, p_n): nothing to narrow
        alone = _feasible([*exists, *_assumptions(exists)])
        if alone is None:
            return read.undecided(index)
        if not alone:
            if _feasible([index - 1, *_assumptions([index])]) is False:
                return Outside(f"{read.entry(index)} is before {read.first()}", True)
            return Outside(f"{read.entry(index)} is past {read.size()}", True)
        domain.extend(exists)
    if len(fixed) > 1 and _feasible([*domain, *_assumptions(domain)]) is False:
        entries = ", ".join(read.entry(index) for read, index, _ in fixed)
        return Outside(f"no class count makes all of {entries} entries of their vectors", True)
    for read, index, length, ranges in ranged:
        found = _ranged(read, index, length, ranges, domain)
        if found:
            return found
    return None


def _with_free_indices(read: EntryRead) -> tuple[sp.Expr, sp.Expr, tuple[Range, ...]]:
    """The index, length and ranges with each free class index (an ``Idx``) as a range."""
    free: dict[sp.Idx, sp.Dummy] = {}
    parts = [read.index, read.length, *(b for _, low, high in read.ranges for b in (low, high))]
    for part in parts:
        for idx in part.atoms(sp.Idx):
            if idx.lower is not None and idx.upper is not None and idx not in free:
                free[idx] = sp.Dummy(str(idx.label), integer=True)
    if not free:
        return read.index, read.length, read.ranges
    outer = tuple((free[idx], idx.lower, idx.upper) for idx in sorted(free, key=str))
    ranges = tuple((v, low.xreplace(free), high.xreplace(free)) for v, low, high in read.ranges)
    return read.index.xreplace(free), read.length.xreplace(free), (*outer, *ranges)


def _used_ranges(index: sp.Expr, ranges: tuple[Range, ...]) -> tuple[Range, ...]:
    """The ranges the index depends on, directly or through the bounds of inner ranges."""
    needed = set(index.free_symbols)
    used: list[Range] = []
    for variable, low, high in reversed(ranges):  # innermost first
        if variable in needed:
            used.append((variable, low, high))
            needed |= low.free_symbols | high.free_symbols
    return tuple(reversed(used))


def _ranged(
    read: EntryRead,
    index: sp.Expr,
    length: sp.Expr,
    ranges: tuple[Range, ...],
    domain: list[sp.Expr],
) -> Outside | None:
    """Why an entry read over ``ranges`` may fall outside its vector, or None."""
    least, most = _extreme(index, ranges, -1), _extreme(index, ranges, 1)
    if (
        least is not None
        and most is not None
        and _nonnegative(least - 1)
        and _nonnegative(length - most)
    ):
        return None  # every value of the ranges reads an entry, whatever the counts
    bounds: list[sp.Expr] = []
    for variable, low, high in ranges:
        if low.is_finite is not False:
            bounds.append(variable - low)
        if high.is_finite is not False:
            bounds.append(high - variable)
    known = [*domain, *bounds]
    variables = {v for v, _, _ in ranges}
    before = _feasible([*known, -index, *_assumptions([*known, index], variables)])
    if before is not False:
        shown = least if least is not None else index
        if before is None:
            return read.undecided(index)
        sure = _nonnegative(-shown) is True
        return Outside(
            f"{read.entry(shown)} {'is' if sure else 'may be'} before {read.first()}", sure
        )
    past = _feasible(
        [*known, index - length - 1, *_assumptions([*known, index, length], variables)]
    )
    if past is not False:
        shown = most if most is not None else index
        if past is None:
            return read.undecided(index)
        sure = _nonnegative(shown - length - 1) is True
        return Outside(f"{read.entry(shown)} {'is' if sure else 'may be'} past {read.size()}", sure)
    return None


def _extreme(index: sp.Expr, ranges: tuple[Range, ...], sign: int) -> sp.Expr | None:
    """The least (``sign`` -1) or greatest (1) value of a linear index over nested ranges.

    The innermost variable goes first, to the end of its range that its coefficient's sign
    picks; an inner range that is empty for some outer values only widens the result, so an
    index inside ``[1, n]`` by these extremes is inside it everywhere. None when the index is
    not linear with a coefficient of known sign.
    """
    value = sp.expand(index)
    for variable, low, high in reversed(ranges):
        coefficient = value.coeff(variable)
        if coefficient.has(variable) or sp.expand(value - coefficient * variable).has(variable):
            return None
        if coefficient == 0:
            continue
        if coefficient.is_positive:
            end = high if sign > 0 else low
        elif coefficient.is_negative:
            end = low if sign > 0 else high
        else:
            return None
        if end.is_finite is False:
            return None
        value = sp.expand(value.xreplace({variable: end}))
    return value


def _nonnegative(expr: sp.Expr) -> bool | None:
    """Whether SymPy's assumptions show ``expr >= 0`` (counts are positive integers)."""
    return sp.expand(expr).is_nonnegative


def _assumptions(exprs: Iterable[sp.Expr], skip: Iterable[sp.Basic] = ()) -> list[sp.Expr]:
    """What each free symbol's assumptions say, as expressions that are ``>= 0``."""
    facts: list[sp.Expr] = []
    symbols = set().union(*(expr.free_symbols for expr in exprs)) - set(skip)
    for symbol in sorted(symbols, key=sp.default_sort_key):
        integer = symbol.is_integer
        if symbol.is_positive:
            facts.append(symbol - 1 if integer else symbol)
        elif symbol.is_nonnegative:
            facts.append(symbol)
        elif symbol.is_negative:
            facts.append(-symbol - 1 if integer else -symbol)
        elif symbol.is_nonpositive:
            facts.append(-symbol)
    return facts


def _feasible(constraints: list[sp.Expr]) -> bool | None:
    """Whether real values satisfy every ``constraint >= 0``; None when one is not linear.

    Fourier-Motzkin elimination over exact rationals: the systems here have a few variables
    and a few constraints. (SymPy's ``linprog`` with free variables reported feasible systems
    as empty, and ``lpmin`` takes a tenth of a second for each.)
    """
    rows: list[dict[sp.Basic, Fraction]] = []
    for constraint in constraints:
        row: dict[sp.Basic, Fraction] = {}
        for term, coefficient in sp.expand(constraint).as_coefficients_dict().items():
            if not coefficient.is_Rational or not (term == 1 or term.is_Symbol):
                return None
            row[term] = Fraction(int(coefficient.p), int(coefficient.q))
        rows.append(row)
    variables = {term for row in rows for term in row if term != 1}
    for variable in sorted(variables, key=sp.default_sort_key):
        above = [row for row in rows if row.get(variable, 0) > 0]
        below = [row for row in rows if row.get(variable, 0) < 0]
        rows = [row for row in rows if row.get(variable, 0) == 0]
        for up in above:
            for down in below:
                a, b = up[variable], -down[variable]  # b * up + a * down has no variable
                combined: dict[sp.Basic, Fraction] = {}
                for term in set(up) | set(down):
                    value = b * up.get(term, Fraction(0)) + a * down.get(term, Fraction(0))
                    if value and term != variable:
                        combined[term] = value
                rows.append(combined)
        if len(rows) > _MAX_ROWS:
            return None
    return all(row.get(sp.S.One, Fraction(0)) >= 0 for row in rows)
