r"""Readings of every LaTeX text symxent is fed, recorded on one commit and compared on another.

A change to the LaTeX reader (``symxent/latex/``) must keep every reading identical, or change
it on purpose. This tool collects the distinct texts that reach the reader and records what it
makes of each, so that two commits can be compared text by text.

Run (from the repository root, with the venv that has this checkout installed):

    python bench/reading_harness.py collect texts.json [--seeds DIR]
    python bench/reading_harness.py record texts.json before.json     # on the old commit
    python bench/reading_harness.py record texts.json after.json      # on the new commit
    python bench/reading_harness.py compare before.json after.json

``collect`` gathers: every string constant of ``tests/`` (a string with ``$`` or a newline is
also read as a lecture file: its formulas and their equations), the formulas of ``docs/``, the
README, the lecture-note corpus and the seed handouts (``--seeds``, default
``/work/shared/seeds``), the code spans of the documentation (`` `\frac1p` ``), and every text the
lecture walker passes to :func:`~symxent.latex.parse.read_equation` while it checks those files
(continuation lines, pieces after ``\quad``, premises). Most test strings are not LaTeX; their
reading is an error message, which is compared too.

``record`` keeps, for each text: :func:`~symxent.latex.parse.read_equation` (every side's
parsed tree, with each placeholder replaced by what it stands for, so the numbering of
placeholders does not matter), :func:`~symxent.latex.parse.parse` in base e and in base
``auto`` (``srepr`` of every side, the relations, domains and notes) and
:func:`~symxent.latex.parse.parse_expression`; an error is kept as its class and message.
``compare`` prints the texts whose readings differ. A reading stopped by a wall-clock limit
("took more than 3 s") depends on the machine's load; run such a text again alone.
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sympy as sp

ROOT = Path(__file__).resolve().parent.parent
_DUMMY = re.compile(r"dummy_index=\d+")
_PLACEHOLDER = re.compile(r"math\{SX(\w+)\}")


def _test_strings() -> list[str]:
    strings = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            value = node.value if isinstance(node, ast.Constant) else None
            if isinstance(value, str) and value.strip() and len(value) <= 6000:
                strings.append(value)
    return strings


def collect(out: Path, seeds: Path) -> None:
    """Write the sorted distinct texts the reader is fed to ``out``."""
    from symxent.latex import parse as parse_module
    from symxent.latex.environments import split_display
    from symxent.lecture import checker, premises
    from symxent.lecture.extract import formulas

    texts: set[str] = set()
    original = parse_module.read_equation

    def recording(text: str, **options: Any) -> Any:
        texts.add(text)
        return original(text, **options)

    checker.read_equation = recording  # type: ignore[assignment]
    premises.read_equation = recording  # type: ignore[assignment]

    def add_display(text: str) -> None:
        try:
            texts.update(piece.text for piece in split_display(text))
        except Exception:
            texts.add(text)

    def add_document(text: str) -> None:
        try:
            found, _ = formulas(text)
        except Exception:
            return
        for formula in found:
            add_display(formula.text)

    docs = [*sorted((ROOT / "docs").rglob("*.md")), ROOT / "README.md"]
    documents = [
        *docs,
        *sorted(seeds.glob("*.txt")),
        *sorted((ROOT / "tests/corpus/notes").glob("*.md")),
    ]
    sources = [path.read_text(encoding="utf-8") for path in documents]
    for source in sources:
        add_document(source)
    for path in docs:
        texts.update(re.findall(r"`([^`\n]+)`", path.read_text(encoding="utf-8")))
    for string in _test_strings():
        if "$" in string or "\n" in string:
            add_document(string)
        if "$" not in string:
            texts.add(string)
            add_display(string)
    for source in sources:
        try:
            checker.check_text(source, base="auto", budget=60)
        except Exception:  # noqa: S112 - only the texts read on the way matter
            continue
    out.write_text(json.dumps(sorted(texts), ensure_ascii=False, indent=0), encoding="utf-8")
    print(f"{len(texts)} texts")


def _dump_raw(raw: Any) -> Any:
    from symxent.latex.raw import Event

    if raw is None:
        return None
    if isinstance(raw, Event):
        return ["Event", _dump_raw(raw.lhs), _dump_raw(raw.rhs)]
    table = {str(symbol): obj for symbol, obj in raw.table.items()}

    def named(match: re.Match[str]) -> str:
        obj = table.get(match.group(0))
        return match.group(0) if obj is None else "<" + json.dumps(_dump(obj)) + ">"

    return [_PLACEHOLDER.sub(named, sp.srepr(raw.tree)), list(raw.notes), list(raw.units)]


def _dump(obj: Any) -> Any:
    from symxent.latex.raw import Event, Raw

    if isinstance(obj, Raw | Event):
        return _dump_raw(obj)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        fields = {f.name: _dump(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
        return {"type": type(obj).__name__, **fields}
    if isinstance(obj, tuple | list):
        return [_dump(item) for item in obj]
    if obj is None or isinstance(obj, str | int | float | bool):
        return obj
    return repr(obj)


def _attempt(read: Callable[[], Any]) -> Any:
    try:
        return read()
    except Exception as error:
        return f"{type(error).__name__}: {error}"


def _srepr(expr: Any) -> str:
    return _DUMMY.sub("d", sp.srepr(expr))


def reading(text: str) -> dict[str, Any]:
    """What the reader makes of ``text`` (read_equation, parse in two bases, parse_expression)."""
    from symxent.latex.parse import parse, parse_expression, read_equation

    def equation() -> Any:
        eq = read_equation(text)
        sides = [[s.latex, _dump_raw(s.raw), s.error, s.too_long] for s in eq.sides]
        return [
            eq.latex,
            sides,
            *map(list, (eq.relations, eq.notes, eq.more, eq.facts)),
            eq.premise,
        ]

    def chain(base: str) -> Any:
        read = parse(text, base=base)
        where = sorted(f"{_srepr(k)} -> {_srepr(v)}" for k, v in read.where.items())
        relations = [str(r) for r in read.relations]
        return [[_srepr(e) for e in read.expressions], relations, where, list(read.notes)]

    return {
        "equation": _attempt(equation),
        "parse_e": _attempt(lambda: chain("e")),
        "parse_auto": _attempt(lambda: chain("auto")),
        "expression": _attempt(lambda: _srepr(parse_expression(text))),
    }


def record(texts: Path, out: Path) -> None:
    """Write the reading of every text in ``texts`` to ``out``."""
    readings = {text: reading(text) for text in json.loads(texts.read_text(encoding="utf-8"))}
    out.write_text(json.dumps(readings, ensure_ascii=False, indent=0, sort_keys=True), "utf-8")
    print(f"{len(readings)} texts recorded")


def compare(before: Path, after: Path, shown: int = 40) -> int:
    """Print the texts whose readings differ; return how many differ."""
    old = json.loads(before.read_text(encoding="utf-8"))
    new = json.loads(after.read_text(encoding="utf-8"))
    differing = [text for text in old if old[text] != new.get(text)]
    for text in differing[:shown]:
        print(f"=== {text[:200]!r}")
        for key, value in old[text].items():
            if value != new.get(text, {}).get(key):
                print(f"  {key}\n    before: {json.dumps(value)[:600]}")
                print(f"    after:  {json.dumps(new.get(text, {}).get(key))[:600]}")
    print(f"{len(old)} texts: {len(old) - len(differing)} identical, {len(differing)} differ")
    return len(differing)


def main() -> None:
    """The command line (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    collecting = commands.add_parser("collect")
    collecting.add_argument("texts", type=Path)
    collecting.add_argument("--seeds", type=Path, default=Path("/work/shared/seeds"))
    recording = commands.add_parser("record")
    recording.add_argument("texts", type=Path)
    recording.add_argument("out", type=Path)
    comparing = commands.add_parser("compare")
    comparing.add_argument("before", type=Path)
    comparing.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "collect":
        collect(args.texts, args.seeds)
    elif args.command == "record":
        record(args.texts, args.out)
    else:
        sys.exit(1 if compare(args.before, args.after) else 0)


if __name__ == "__main__":
    main()
