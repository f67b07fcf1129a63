r"""Wrong variants of true claims, and their truth decided without symxent's judge.

Mutation operators (the ones issue 10 names): flip a sign, swap arguments, shift an index or a
sum bound, change a log base, reverse an inequality, perturb a constant, drop a term.
:func:`latex_mutants` applies them to LaTeX text (the corpus's true identities);
:func:`expression_mutants` to one (lhs, relation, rhs) step of a built-in derivation.

:func:`decide` settles a mutant's truth by evaluation only: the sides are expanded with
``.doit()`` (a LaTeX mutant is first read with ``symxent.latex.parse.parse``), the class count
and class indices are given small concrete values, vector entries and scalars are drawn at
random from their domains (distributions near the simplex's boundary included), and the values
are computed with SymPy's ``evalf`` at 50 digits (mpmath). The verdict is

* ``false``: some link fails clearly at a point where every side is defined and real;
* ``undefined``: no drawn point has every side defined (e.g. ``q_{n+1}``); issue 10 (B.2) asks
  that such a claim is never accepted either;
* ``seems true``: every link held at every drawn point (no assertion is made on these);
* ``unevaluable``: the sides could not be evaluated (a function with no value, a symbol left).

Example:
    >>> [(m.operator, m.latex) for m in latex_mutants(r"H(p) \le \log n")][-2:]
    [('log base', 'H(p) \\le \\log_2 n'), ('reverse', 'H(p) \\ge \\log n')]
"""

from __future__ import annotations

import itertools
import random
import re
import time
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import sympy as sp
from mpmath import mp, mpf

from corpus.truth import pmf, positive, probability, real

OPERATORS = (
    "sign",
    "swap",
    "shift",
    "log base",
    "reverse",
    "constant",
    "drop term",
)


@dataclass(frozen=True)
class Mutant:
    """One wrong variant: the operator that made it and the mutated claim."""

    operator: str
    latex: str = ""
    lhs: Any = None
    relation: str = ""
    rhs: Any = None


# ------------------------------------------------------------------ LaTeX mutants

_RELATION = re.compile(r"\\leq?(?![a-zA-Z])|\\geq?(?![a-zA-Z])|\\approx|<=|>=|=|<|>")
_REVERSED = {
    "\\le": "\\ge",
    "\\ge": "\\le",
    "\\leq": "\\geq",
    "\\geq": "\\leq",
    "<=": ">=",
    ">=": "<=",
    "<": ">",
    ">": "<",
}
_ARGS = re.compile(r"\(\s*([A-Za-z])\s*(,|;|\\\||\\parallel|\|\||\\mid|\|)\s*([A-Za-z])\s*\)")
_FRACTION = re.compile(r"\\frac\{([^{}]+)\}\{([^{}]+)\}")
_INDEX = re.compile(r"_(?:\{([ijkc])\}|([ijkc])(?![A-Za-z]))")
_LOWER_BOUND = re.compile(r"_\{([a-z])=1\}")
_UPPER_BOUND = re.compile(r"(\\sum_\{[a-z]=[^{}]+\}\^)(\{([^{}]+)\}|([a-zA-Z0-9]))")
_NUMBER = re.compile(r"(?<![A-Za-z\\])\d+(?:\.\d+)?")
_TEXT = re.compile(r"\\(?:text|mathrm|operatorname|mathcal|mathbb)\{[^{}]*\}")


def _masked(text: str) -> str:
    """The text with ``\text{...}``-like groups blanked (same length), so they are not mutated."""
    return _TEXT.sub(lambda m: " " * len(m.group(0)), text)


def _relations(text: str) -> list[re.Match[str]]:
    """Relation symbols at brace depth 0."""
    masked = _masked(text)
    found = []
    for match in _RELATION.finditer(masked):
        before = masked[: match.start()]
        if before.count("{") == before.count("}") and not before.endswith("\\"):
            found.append(match)
    return found


def _replace(text: str, start: int, end: int, new: str) -> str:
    return text[:start] + new + text[end:]


def _sign_mutants(text: str) -> list[str]:
    masked = _masked(text)
    out = []
    for k, char in enumerate(masked):
        if char in "+-" and masked[max(0, k - 1) : k] not in ("{", "^"):
            out.append(_replace(text, k, k + 1, "-" if char == "+" else "+"))
    relations = _relations(text)
    if relations:
        last = relations[-1]
        rhs = text[last.end() :].strip()
        if rhs:
            out.append(f"{text[: last.end()]} -\\left({rhs}\\right)")
    return out


def _swap_mutants(text: str) -> list[str]:
    out = []
    for match in _ARGS.finditer(text):
        a, sep, b = match.groups()
        if a != b:
            out.append(_replace(text, match.start(), match.end(), f"({b} {sep} {a})"))
    for match in _FRACTION.finditer(text):
        a, b = match.groups()
        if a.strip() != b.strip():
            out.append(_replace(text, match.start(), match.end(), f"\\frac{{{b}}}{{{a}}}"))
    return out


def _shift_mutants(text: str) -> list[str]:
    out = []
    for match in _INDEX.finditer(text):
        name = match.group(1) or match.group(2)
        out.append(_replace(text, match.start(), match.end(), f"_{{{name}+1}}"))
    for match in _LOWER_BOUND.finditer(text):
        out.append(_replace(text, match.start(), match.end(), f"_{{{match.group(1)}=2}}"))
    for match in _UPPER_BOUND.finditer(text):
        bound = match.group(3) or match.group(4)
        out.append(_replace(text, match.start(2), match.end(2), f"{{{bound}+1}}"))
    return out


def _log_base_mutants(text: str, base: str) -> list[str]:
    out = []
    for match in re.finditer(r"\\log_2|\\log_\{2\}|\\ln|\\log(?![_a-zA-Z])", text):
        written = match.group(0)
        if written.startswith("\\log_"):
            new = "\\ln"
        elif written == "\\ln":
            new = "\\log_2"
        else:
            new = "\\ln" if base == "2" else "\\log_2"
        out.append(_replace(text, match.start(), match.end(), new))
    return out


def _reverse_mutants(text: str) -> list[str]:
    out = []
    for match in _relations(text):
        token = match.group(0)
        if token in _REVERSED:
            out.append(_replace(text, match.start(), match.end(), _REVERSED[token]))
    return out


def _constant_mutants(text: str) -> list[str]:
    masked = _masked(text)
    out = []
    for match in _NUMBER.finditer(masked):
        token = text[match.start() : match.end()]
        if "." in token:
            whole, places = token.split(".")
            bumped = str(int(whole + places) + 1).rjust(len(whole + places), "0")
            new = bumped[: len(bumped) - len(places)] + "." + bumped[len(bumped) - len(places) :]
        else:
            new = str(int(token) + 1)
        out.append(_replace(text, match.start(), match.end(), new))
    return out


def _terms(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the top-level + / - terms of text[start:end] (the first term excluded)."""
    masked = _masked(text)
    depth = 0
    cuts = []
    for k in range(start, end):
        char = masked[k]
        if char in "{([":
            depth += 1
        elif char in "})]":
            depth -= 1
        elif char in "+-" and depth == 0 and masked[start:k].strip():
            cuts.append(k)
    spans = []
    for position, cut in enumerate(cuts):
        stop = cuts[position + 1] if position + 1 < len(cuts) else end
        spans.append((cut, stop))
    return spans


def _drop_mutants(text: str) -> list[str]:
    bounds = [0]
    for match in _relations(text):
        bounds.extend((match.start(), match.end()))
    bounds.append(len(text))
    out = []
    for k in range(0, len(bounds), 2):
        for start, stop in _terms(text, bounds[k], bounds[k + 1]):
            tail = text[stop:]
            mutant = text[:start].rstrip() + (" " if not tail.startswith(" ") else "") + tail
            out.append(mutant)
    return out


def latex_mutants(text: str, base: str = "e") -> list[Mutant]:
    """Every wrong variant of a LaTeX claim the operators make (duplicates removed)."""
    makers = {
        "sign": _sign_mutants(text),
        "swap": _swap_mutants(text),
        "shift": _shift_mutants(text),
        "log base": _log_base_mutants(text, base),
        "reverse": _reverse_mutants(text),
        "constant": _constant_mutants(text),
        "drop term": _drop_mutants(text),
    }
    seen = {text}
    out = []
    for operator, texts in makers.items():
        for mutant in texts:
            if mutant not in seen:
                seen.add(mutant)
                out.append(Mutant(operator, latex=mutant))
    return out


# ------------------------------------------------------------------ expression mutants

_FLIPPED = {"<=": ">=", ">=": "<=", "<": ">", ">": "<"}


def _nodes(expr: sp.Basic) -> list[sp.Basic]:
    """The nodes of ``expr`` in preorder, not descending into vectors (their n and values)."""
    from symxent.distributions import Vector

    out = []
    stack = [expr]
    while stack:
        node = stack.pop()
        out.append(node)
        if not isinstance(node, Vector):
            stack.extend(reversed(node.args))
    return out


def _first(expr: sp.Basic, kind: type) -> sp.Basic | None:
    return next((node for node in _nodes(expr) if isinstance(node, kind)), None)


def expression_mutants(lhs: sp.Expr, relation: str, rhs: sp.Expr) -> list[Mutant]:
    """Wrong variants of one derivation step ``lhs relation rhs`` (SymPy/symxent expressions)."""
    from symxent.distributions import Vector
    from symxent.errors import SymxentError

    out: list[Mutant] = []

    def add(operator: str, new_lhs: Any, new_relation: str, new_rhs: Any) -> None:
        if (new_lhs, new_relation, new_rhs) != (lhs, relation, rhs):
            out.append(Mutant(operator, lhs=new_lhs, relation=new_relation, rhs=new_rhs))

    def attempt(operator: str, make: Any) -> None:
        try:
            add(operator, *make())
        except (SymxentError, TypeError, ValueError):
            return  # the variant cannot even be built (e.g. a vector of 4.4 classes)

    if rhs != 0:
        attempt("sign", lambda: (lhs, relation, -rhs))
    elif lhs != 0:
        attempt("sign", lambda: (-lhs, relation, rhs))
    vectors = sorted(
        {v for v in sp.preorder_traversal(rhs) if isinstance(v, Vector)}, key=lambda v: v.name
    )
    for a, b in itertools.pairwise(vectors):
        if a.n == b.n and type(a) is type(b):
            attempt("swap", lambda a=a, b=b: (lhs, relation, rhs.xreplace({a: b, b: a})))
    total = _first(rhs, sp.Sum)
    if total is not None:
        var, low, high = total.limits[0]
        shifted = sp.Sum(total.function, (var, low + 1, high))
        attempt("shift", lambda: (lhs, relation, rhs.xreplace({total: shifted})))
    logs = [node for node in _nodes(rhs) if isinstance(node, sp.log)]
    if logs:
        attempt("log base", lambda: (lhs, relation, rhs.xreplace({logs[0]: logs[0] / sp.log(2)})))
    if relation in _FLIPPED:
        attempt("reverse", lambda: (lhs, _FLIPPED[relation], rhs))
    numbers = [a for a in _nodes(rhs) if isinstance(a, sp.Number) and a not in (0, 1, -1)]
    if numbers:
        # a stated decimal (a Float) becomes the exact decimal 1.1 times it: multiplying the
        # Float itself would keep its few bits of precision (0.5 * 11/10 -> 0.5469)
        exact = sp.Rational(str(numbers[0])) if numbers[0].is_Float else numbers[0]
        bumped = {numbers[0]: exact * sp.Rational(11, 10)}
        attempt("constant", lambda: (lhs, relation, rhs.xreplace(bumped)))
    else:
        attempt("constant", lambda: (lhs, relation, rhs + sp.Rational(1, 10)))
    if isinstance(rhs, sp.Add) and len(rhs.args) > 1:
        attempt("drop term", lambda: (lhs, relation, sp.Add(*rhs.args[1:])))
    elif isinstance(lhs, sp.Add) and len(lhs.args) > 1:
        attempt("drop term", lambda: (sp.Add(*lhs.args[1:]), relation, rhs))
    return out


# ------------------------------------------------------------------ deciding truth

COUNTS = (1, 2, 3, 4)
"""Class counts the evaluation uses (small, so the expanded sums stay cheap)."""


@dataclass(frozen=True)
class Truth:
    """The evaluated truth of a mutant."""

    kind: str  # "false", "undefined", "seems true", "unevaluable"
    detail: str = ""


class _UndefinedError(Exception):
    """A side has no real value at this point."""


class _UnevaluableError(Exception):
    """A side cannot be evaluated at all."""


def _count_symbols(exprs: Iterable[sp.Expr]) -> set[sp.Symbol]:
    return {
        s
        for e in exprs
        for s in e.free_symbols
        if isinstance(s, sp.Symbol) and s.is_integer and s.is_positive
    }


def _draw_vector(role: str, size: int, rng: random.Random) -> list[Any]:
    if role == "one-hot" or (role == "labels" and rng.random() < 0.3):
        # one-hot up to 1e-30 (exact zeros would need the convention 0 log 0 = 0 in SymPy)
        hot = rng.randrange(size)
        tiny = mpf(10) ** -30
        return [1 - (size - 1) * tiny if i == hot else tiny for i in range(size)]
    if role in ("distribution", "labels"):
        return pmf(rng, size)
    if role == "probabilities":
        return [probability(rng) for _ in range(size)]
    if role == "positive":  # --assume a:positive (weights that are not a distribution)
        return [positive(rng) for _ in range(size)]
    if role == "nonnegative":
        return [positive(rng) if rng.random() < 0.9 else mpf(0) for _ in range(size)]
    return [real(rng) for _ in range(size)]


def _draw_scalar(symbol: sp.Symbol, where: dict[Any, Any], rng: random.Random) -> Any:
    domain = where.get(symbol)
    if isinstance(domain, sp.Interval):
        low, high = domain.inf, domain.sup
        if low == 0 and high == 1:
            return (
                probability(rng)
                if not (domain.left_open is False and rng.random() < 0.1)
                else mpf(0)
            )
        if low == 0 and high == sp.oo:
            return positive(rng)
        if low.is_finite and high.is_finite:
            return mpf(str(low)) + (mpf(str(high)) - mpf(str(low))) * probability(rng)
    if symbol.is_positive:
        return positive(rng)
    if symbol.is_nonnegative:
        return positive(rng) if rng.random() < 0.9 else mpf(0)
    return real(rng)


def _empty_sums_zero(expr: sp.Expr) -> sp.Expr:
    """Sums whose concrete upper bound is below the lower one are 0 (the textbook convention;
    SymPy's Karr convention would give minus the sum over the reversed range)."""

    def empty(node: sp.Basic) -> bool:
        if not isinstance(node, sp.Sum):
            return False
        _, low, high = node.limits[0]
        return bool(low.is_Integer and high.is_Integer and high < low)

    return expr.replace(empty, lambda node: sp.Integer(0))


def _order(obj: sp.Basic) -> tuple[str, Any]:
    """A key that orders SymPy objects the same way in every run (unlike a set's hashes)."""
    return (str(obj), sp.default_sort_key(obj))


def _point(exprs: Sequence[sp.Expr], where: dict[Any, Any], rng: random.Random) -> list[Any]:
    """The sides' values at one random point (raises _UndefinedError / _UnevaluableError)."""
    symbols = sorted(_count_symbols(exprs), key=str)
    sizes = COUNTS[: max(2, len(COUNTS) + 1 - len(symbols))]  # fewer values for joint pmfs
    counts = {s: sp.Integer(rng.choice(sizes)) for s in symbols}
    exprs = [e.subs(counts) if counts else e for e in exprs]
    # sorted: the draws below come in this order, and a set's order changes between runs
    indices = sorted({i for e in exprs for i in e.atoms(sp.Idx)}, key=_order)
    choice = {}
    for index in indices:
        low, high = index.lower, index.upper
        if low is None or high is None or not (low.is_Integer and high.is_Integer) or high < low:
            raise _UnevaluableError(f"class index {index} has no concrete range")
        choice[index] = sp.Integer(rng.randint(int(low), int(high)))
    exprs = [_empty_sums_zero(e.xreplace(choice)).doit() for e in exprs]
    exprs = [_empty_sums_zero(e).doit() for e in exprs]  # sums whose bounds became concrete
    values: dict[sp.Basic, sp.Expr] = {}
    for base in sorted({i.base for e in exprs for i in e.atoms(sp.Indexed)}, key=_order):
        shape = tuple(sp.sympify(size) for size in (base.shape or ()))
        if not shape or not all(size.is_Integer for size in shape):
            raise _UnevaluableError(f"{base} has no concrete shape")
        role = getattr(base.label, "role", "reals")
        stated = [v for k, v in where.items() if getattr(k, "name", None) == str(base.label)]
        if stated and isinstance(stated[0], str):
            role = stated[0]
        cells = list(itertools.product(*(range(1, int(size) + 1) for size in shape)))
        if role == "joint" or (getattr(base.label, "sums_to_one", False) and len(shape) > 1):
            entries = pmf(rng, len(cells))  # a joint pmf: all cells sum to 1
        else:
            entries = _draw_vector(role, len(cells), rng)
        for cell, v in zip(cells, entries, strict=True):
            values[base[cell]] = sp.Float(mp.nstr(v, 60), 60) if v != 0 else sp.Integer(0)
    for e in exprs:
        for entry in e.atoms(sp.Indexed):
            if entry not in values:
                if entry.indices and all(index.is_Integer for index in entry.indices):
                    raise _UndefinedError(f"{entry} is outside its vector")
                raise _UnevaluableError(f"{entry} has no concrete index")
    symbols_left = {s for e in exprs for s in e.free_symbols if isinstance(s, sp.Symbol)}
    for symbol in sorted(symbols_left, key=_order):
        if symbol in values or isinstance(symbol, sp.Indexed):
            continue
        if symbol.is_integer:
            raise _UnevaluableError(f"integer symbol {symbol} left")
        v = _draw_scalar(symbol, where, rng)
        values[symbol] = sp.Float(mp.nstr(v, 60), 60) if v != 0 else sp.Integer(0)
    out = []
    for e in exprs:
        value = e.xreplace(values)
        if value.has(sp.Derivative) and not value.free_symbols:
            value = value.doit()
        number = value.evalf(50)
        if number.free_symbols or not number.is_number:
            raise _UnevaluableError(f"cannot evaluate {value}")
        if number.has(sp.nan, sp.zoo, sp.oo, -sp.oo) or not number.is_real:
            raise _UndefinedError(f"{e} is not a finite real number here")
        if not number.is_Number:
            raise _UnevaluableError(f"{number} is not a number")
        out.append(mpf(str(number)))
    return out


def decimal_allowance(text: str) -> Any:
    """Half a unit in the last place of every decimal in ``text``, summed (0 if none)."""
    total = mpf(0)
    for token in re.findall(r"(?<![\w.])\d+\.(\d+)", text):
        total += mpf(5) / mpf(10) ** (len(token) + 1)
    return total


def _clearly_fails(a: Any, relation: str, b: Any, allowance: Any) -> bool:
    """``a relation b`` fails by more than round-off at 50 digits (and than twice the stated
    decimals' rounding): 1e-10 relative plus 1e-20 absolute. A strict relation is judged as its
    non-strict form (50 digits cannot tell sigma(1200) from 1)."""
    margin = mpf(10) ** -10 * max(abs(a), abs(b)) + mpf(10) ** -20 + 2 * allowance
    if relation in ("=", "≈"):
        return abs(a - b) > margin
    if relation in ("<=", "<"):
        return a > b + margin
    return a < b - margin


def decide(
    exprs: Sequence[sp.Expr],
    relations: Sequence[str],
    *,
    where: dict[Any, Any] | None = None,
    allowance: Any = 0,
    seed: str = "",
    points: int = 12,
    seconds: float = 5.0,
) -> Truth:
    """Evaluate a chain at random domain points and say whether it is false, undefined, ...

    All points together may take ``seconds`` of CPU time (symxent's CPU limiter, used as a
    utility; wall-clock time is capped at a few times as much): the points evaluated by then
    decide; with none, the variant is ``unevaluable``. CPU time, not wall-clock time, so that a
    loaded machine evaluates the same points (the draws are seeded by ``seed``).
    """
    from symxent.budget import cpu_limit
    from symxent.latex.limits import LatexTooLongError

    rng = random.Random(zlib.crc32(seed.encode()))
    where = dict(where or {})
    defined = undefined = 0
    reason = ""
    started = time.process_time()
    with mp.workdps(50):
        for _ in range(points):
            left = seconds - (time.process_time() - started)
            if left <= 0:
                break
            try:
                with cpu_limit(left, "evaluating a variant", LatexTooLongError):
                    values = _point(list(exprs), where, rng)
            except _UndefinedError as error:
                reason = str(error)
                undefined += 1
                continue
            except _UnevaluableError as error:
                return Truth("unevaluable", str(error))
            except LatexTooLongError:
                break
            except (TypeError, ValueError, ZeroDivisionError, RecursionError) as error:
                return Truth("unevaluable", f"{type(error).__name__}: {error}")
            defined += 1
            for k, relation in enumerate(relations):
                if _clearly_fails(values[k], relation, values[k + 1], allowance):
                    a, b = values[k], values[k + 1]
                    return Truth(
                        "false", f"link {k + 1} fails: {mp.nstr(a, 12)} {relation} {mp.nstr(b, 12)}"
                    )
    if defined == 0:
        if undefined >= 3:
            return Truth("undefined", f"{undefined} points, e.g. {reason}")
        return Truth("unevaluable", f"too few points evaluated in {seconds:g} s")
    return Truth("seems true", f"{defined} points")


def decide_latex(
    text: str, *, base: str = "e", assume: Sequence[str] = (), points: int = 12
) -> Truth:
    """Read a LaTeX claim with symxent's reader and :func:`decide` its truth by evaluation.

    A claim the reader cannot read is ``unevaluable`` (nothing is asserted about it).
    """
    from symxent.errors import SymxentError
    from symxent.latex.parse import parse

    try:
        chain = parse(text, base=base, assume=assume)
    except SymxentError as error:
        return Truth("unevaluable", f"cannot read: {error}")
    if len(chain.expressions) != len(chain.relations) + 1:
        return Truth("unevaluable", "a side could not be read")
    return decide(
        chain.expressions,
        [r.value for r in chain.relations],
        where=dict(chain.where),
        allowance=decimal_allowance(text),
        seed=text,
        points=points,
    )
