"""How far symxent's verdicts can be trusted: the textbook corpus and the lecture notes, in tables.

Run: python bench/trust_report.py [--only identities|notes|mutations] [--output FILE] [--list]

Identities (tests/corpus, truth established without symxent): per category and overall, how
many true claims were accepted (proved / confirmed / holds), refuted, unknown or unreadable
(LatexParseError); how many false claims were refuted, unknown, unreadable or accepted; crashes;
and the median and maximum seconds per ``verify`` call. ``--list`` adds every violation of the
hard rules and every true claim not accepted, with symxent's words.

Notes (tests/corpus/notes, expectations in tests/corpus/notes_expectations.py): per note, the
links judged, false alarms (a correct link refuted), wrong links found and missed, and claims
about values the file never binds that were judged instead of skipped.

Mutations (tests/test_mutations.py, run in a subprocess with a log of every judged variant):
how many wrong variants were judged, by their evaluated truth (false, undefined, seems true,
unevaluable) and symxent's verdict; every false or undefined variant accepted is listed.

The targets of issue 10: 0 false accepted, 0 true refuted, >= 90% of true claims accepted,
0 false alarms and every wrong link found.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from corpus import CLAIMS  # noqa: E402
from corpus.run import Outcome, run_claim  # noqa: E402


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "    - "


def identities_table(outcomes: list[Outcome]) -> list[str]:
    """The per-category table of the identity corpus."""
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        groups[o.claim.category].append(o)
    header = (
        f"{'category':<20} {'T':>4} {'acc':>4} {'REF':>4} {'unk':>4} {'unr':>4} |"
        f" {'F':>4} {'ref':>4} {'unk':>4} {'unr':>4} {'ACC':>4} | {'crash':>5}"
        f" | {'acc/T':>6} | {'med s':>6} {'max s':>6}"
    )
    lines = [header, "-" * len(header)]

    def row(name: str, items: list[Outcome]) -> str:
        t = Counter(o.outcome for o in items if o.claim.true)
        f = Counter(o.outcome for o in items if not o.claim.true)
        n_true = sum(t.values())
        seconds = [o.seconds for o in items]
        return (
            f"{name:<20} {n_true:>4} {t['accepted']:>4} {t['refuted']:>4} {t['unknown']:>4}"
            f" {t['unreadable']:>4} | {sum(f.values()):>4} {f['refuted']:>4} {f['unknown']:>4}"
            f" {f['unreadable']:>4} {f['accepted']:>4} | {t['crash'] + f['crash']:>5}"
            f" | {_pct(t['accepted'], n_true):>6} | {statistics.median(seconds):6.2f}"
            f" {max(seconds):6.2f}"
        )

    for name in sorted(groups):
        lines.append(row(name, groups[name]))
    lines.append("-" * len(header))
    lines.append(row("overall", outcomes))
    lines.append("")
    lines.append(
        "T/F: true/false claims. True: acc = accepted (proved, confirmed, holds), REF = refuted"
        " (must be 0),"
    )
    lines.append(
        "unk = unknown, unr = unreadable (LatexParseError). False: ref = refuted, unk, unr,"
        " ACC = accepted (must be 0)."
    )
    return lines


def identities_listing(outcomes: list[Outcome]) -> list[str]:
    """Every hard-rule violation and every true claim not accepted, with symxent's words."""
    lines = ["", "Violations of the hard rules:"]
    for o in outcomes:
        if not o.sound:
            what = "TRUE REFUTED" if o.claim.true else f"FALSE {o.status.upper()}"
            if o.outcome == "crash":
                what = "CRASH"
            lines.append(f"  {what:<16} {o.claim.id}: {o.claim.latex}")
            lines.append(f"  {'':<16} {o.detail[:160]}")
    lines.append("")
    lines.append("True claims not accepted (unknown / unreadable):")
    for o in outcomes:
        if o.claim.true and o.outcome in ("unknown", "unreadable"):
            lines.append(f"  {o.outcome:<11} {o.claim.id}: {o.detail[:120]}")
    return lines


def notes_table() -> list[str]:
    """The per-note table of the lecture-note corpus."""
    from corpus.notes_check import judge_note
    from corpus.notes_expectations import NOTES

    header = (
        f"{'note':<34} {'links':>5} {'claims':>6} {'refuted':>7} {'false alarms':>12}"
        f" {'wrong found':>11} {'missed':>6} {'unbound judged':>14} {'s':>6}"
    )
    lines = [header, "-" * len(header)]
    totals = Counter()
    details: list[str] = []
    for note in NOTES:
        start = time.perf_counter()
        result = judge_note(note)
        seconds = time.perf_counter() - start
        totals.update(
            links=result.links,
            claims=result.claims,
            refuted=result.refuted,
            false_alarms=len(result.false_alarms),
            found=len(result.found),
            wrong=len(note.wrong),
            missed=len(result.missed),
            unbound=len(result.unbound_judged),
        )
        totals["seconds"] += seconds
        lines.append(
            f"{note.file:<34} {result.links:>5} {result.claims:>6} {result.refuted:>7}"
            f" {len(result.false_alarms):>12} {len(result.found):>5} / {len(note.wrong):<3}"
            f" {len(result.missed):>6} {len(result.unbound_judged):>14} {seconds:6.2f}"
        )
        for row in result.false_alarms:
            details.append(
                f"  false alarm  {note.file}:{row.line}: {row.link} -- {row.detail[:90]}"
            )
        for line, text in result.missed:
            details.append(f"  missed       {note.file}:{line}: {text}")
        for row in result.unbound_judged:
            details.append(f"  unbound      {note.file}:{row.line}: {row.link} -> {row.status}")
    lines.append("-" * len(header))
    lines.append(
        f"{'overall':<34} {totals['links']:>5} {totals['claims']:>6} {totals['refuted']:>7}"
        f" {totals['false_alarms']:>12} {totals['found']:>5} / {totals['wrong']:<3}"
        f" {totals['missed']:>6} {totals['unbound']:>14} {totals['seconds']:6.2f}"
    )
    return [*lines, "", *details]


def mutations_table() -> list[str]:
    """Run tests/test_mutations.py with a log of every judged variant, and count them."""
    import json
    import os
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "variants.jsonl"
        env = {**os.environ, "SYMXENT_MUTATION_LOG": str(log)}
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
        command.append(str(ROOT / "tests" / "test_mutations.py"))
        start = time.perf_counter()
        done = subprocess.run(
            command, check=False, cwd=ROOT, env=env, capture_output=True, text=True
        )
        seconds = time.perf_counter() - start
        rows = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else "(no output)"
    lines = [f"pytest tests/test_mutations.py: {summary} ({seconds:.0f} s)", ""]
    truths = ("false", "undefined", "seems true", "unevaluable")
    verdicts = ("accepted", "refuted", "unknown", "unreadable", "crash")
    header = f"{'variants':<28} {'n':>5} | " + " ".join(f"{v:>10}" for v in verdicts)
    lines += [header, "-" * len(header)]
    for kind in ("latex", "derivation step"):
        for truth in truths:
            group = [r for r in rows if r["kind"] == kind and r["truth"] == truth]
            if not group:
                continue
            counts = Counter(r["verdict"] for r in group)
            name = f"{kind}, {truth}"
            lines.append(
                f"{name:<28} {len(group):>5} | " + " ".join(f"{counts[v]:>10}" for v in verdicts)
            )
    lines.append("-" * len(header))
    operators = Counter(r["operator"] for r in rows)
    lines.append(f"judged: {len(rows)} variants; by operator: {dict(operators)}")
    bad = [r for r in rows if r["truth"] in ("false", "undefined") and r["verdict"] == "accepted"]
    bad += [r for r in rows if r["verdict"] == "crash"]
    for r in bad:
        lines.append(
            f"  {r['verdict'].upper()} ({r['truth']}) {r['variant'][:100]}: {r['words'][:80]}"
        )
    return lines


def main(args: list[str] | None = None) -> int:
    """Run the corpus and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("identities", "notes", "mutations"))
    parser.add_argument("--list", action="store_true", help="list violations and unaccepted claims")
    parser.add_argument("--output", help="also write the report to this file")
    options = parser.parse_args(args)
    import symxent

    lines = [f"symxent trust report ({getattr(symxent, '__version__', '?')})", ""]
    if options.only in (None, "identities"):
        outcomes = [run_claim(c) for c in CLAIMS]
        true_n = sum(c.true for c in CLAIMS)
        lines.append(
            f"Identity corpus: {len(CLAIMS)} claims ({true_n} true, {len(CLAIMS) - true_n} false)"
        )
        lines.append("")
        lines.extend(identities_table(outcomes))
        if options.list:
            lines.extend(identities_listing(outcomes))
        lines.append("")
    if options.only in (None, "notes"):
        lines.append("Lecture-note corpus")
        lines.append("")
        lines.extend(notes_table())
        lines.append("")
    if options.only in (None, "mutations"):
        lines.append("Mutation tests (wrong variants of true identities and derivation steps)")
        lines.append("")
        lines.extend(mutations_table())
    text = "\n".join(lines)
    print(text)
    if options.output:
        Path(options.output).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
