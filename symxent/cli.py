"""The ``symxent`` command: list, show and build the derivations; verify and check LaTeX.

Exit codes: 0 when every checked step is proved, holds to the stated digits or is confirmed,
1 when a step is refuted or
unknown or the build fails (TeX error, unwritable folder), 2 for bad usage (unknown names or
options, a derivation file that fails to load, text whose math could read files). ``verify``
exits 0 / 1 / 2 when the identity holds / does not hold (refuted or unknown) / cannot be parsed;
``check`` exits 1 when any claim in the file is refuted, 2 when the file cannot be read.
Errors are one line on stderr, never a traceback.

Example:
    >>> main(["list"])  # doctest: +ELLIPSIS
    entropy ...
    0
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from symxent import __version__
from symxent.errors import CatalogueError, LatexParseError, SymxentError, TextError, shorten
from symxent.log_bases import BASES

__all__ = ["main"]

DEFAULT_OUTPUT = "symxent-output"

Command = Callable[[argparse.Namespace], int]


class _Parser(argparse.ArgumentParser):
    """argparse with a one-line error and the fix, exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"symxent: error: {message} (see 'symxent --help')\n")


def _list(args: argparse.Namespace) -> int:
    from symxent.catalogue import builtin_names, load
    from symxent.latex.text import plain_text

    for name in builtin_names():
        topic = load(name)
        print(f"{name:<22} {plain_text(topic.summary)}")
    return 0


def _show(args: argparse.Namespace) -> int:
    from symxent.catalogue import load
    from symxent.emit.latex_document import topic_document
    from symxent.emit.markdown import topic_markdown
    from symxent.emit.text import topic_text

    topic = load(args.name)
    report = topic.check()
    if args.format == "latex":
        print(topic_document(topic, report, args.lang), end="")
    elif args.format == "markdown":
        print(topic_markdown(report, args.lang), end="")
    else:
        print(topic_text(report), end="")
    return 0 if report.holds else 1


def _build(args: argparse.Namespace) -> int:
    from symxent.emit.pipeline import build
    from symxent.latex.text import plain_text
    from symxent.topic import TopicReport

    started = time.perf_counter()

    def progress(report: TopicReport, seconds: float) -> None:
        mark = "ok  " if report.holds else "FAIL"
        print(f"{mark} {report.summary()} ({seconds:.2f} s)", flush=True)
        if not report.holds:
            for line in report.failure_message().splitlines():
                print(f"     {plain_text(line)}")

    from symxent.emit.beamer import DeckMeta
    from symxent.emit.pipeline import BuildOptions
    from symxent.emit.preamble import DeckStyle

    options = BuildOptions(
        language=args.lang,
        style=DeckStyle(aspect=args.aspect, language=args.lang),
        meta=DeckMeta(args.title, args.subtitle, args.author, args.institute, args.date),
        handout=args.handout,
        base=args.base,
    )
    pdf = None if args.pdf == "auto" else args.pdf == "yes"
    result = build(
        args.names, Path(args.output), pdf=pdf, force=args.force, progress=progress, options=options
    )
    total = time.perf_counter() - started
    if not result.written:
        print(
            f"symxent: a step is refuted or unknown; nothing written to {args.output} "
            "(fix the step, or use --force to write anyway)",
            file=sys.stderr,
        )
        return 1
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    names = ", ".join(p.name for p in result.written)
    note = f" (no PDF: {result.pdf_skipped})" if result.pdf_skipped else ""
    print(f"wrote {names} to {args.output}{note} in {total:.1f} s")
    return 0 if result.ok else 1


def _new(args: argparse.Namespace) -> int:
    from symxent.templates import new_file

    path = new_file(args.name)
    kind = "lecture notes" if path.suffix == ".md" else "a derivation file"
    print(f"wrote {path}: {kind}; build it with: symxent build {path}")
    return 0


def _verify(args: argparse.Namespace) -> int:
    import json

    from symxent.lecture.verify import verify

    result = verify(args.latex, base=args.base, assume=args.assume)
    if args.format == "json":
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(result.text())
    return result.exit_code


def _check(args: argparse.Namespace) -> int:
    from symxent.latex.roles import Roles
    from symxent.lecture.checker import check_file

    roles = Roles.from_assumptions(args.assume)
    codes, documents = [], []
    for path in args.files:
        try:
            report = check_file(path, base=roles.base or args.base, roles=roles, budget=args.budget)
        except LatexParseError:
            raise
        except SymxentError as error:
            print(f"symxent: error: {error}", file=sys.stderr)
            codes.append(2)
            continue
        codes.append(report.exit_code)
        if args.format == "json":
            documents.append(report.to_json())
        elif args.format == "markdown":
            print(report.markdown())
        else:
            only = ("refuted", "base", "unknown", "too large") if args.wrong else ()
            print(report.table(only=only))
            print(report.summary())
    if args.format == "json":
        print(
            documents[0]
            if len(args.files) == 1 and documents
            else "[" + ",\n".join(documents) + "]"
        )
    return max(codes)


def _latex_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--base",
        choices=(*BASES, "auto"),
        default="e",
        help="base of a plain \\log: e (nats, default), 2 (bits), 10, or auto (try nats and bits "
        "and report a link that holds in one of them only)",
    )
    command.add_argument(
        "--assume",
        action="append",
        default=[],
        metavar="FACT",
        help="a fact such as y:one-hot, z:logits, a:real, n=3 or base=2 (repeatable)",
    )


def _deck_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--lang", choices=("en", "ko"), default="en", help="language of documents and slides"
    )
    command.add_argument(
        "--aspect", choices=("16:9", "4:3"), default="16:9", help="slide shape (default 16:9)"
    )
    command.add_argument(
        "--handout",
        action="store_true",
        help="also write slides-handout.tex/.pdf: every frame on one page, for printing",
    )
    for name, what in (
        ("title", "the deck's title (default: the topic's, or 'Entropy and cross-entropy')"),
        ("subtitle", "the deck's subtitle"),
        ("author", "author line of the title frame"),
        ("institute", "institute line of the title frame"),
        ("date", "date line of the title frame"),
    ):
        command.add_argument(f"--{name}", default="", help=what)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="symxent",
        description="Entropy and cross-entropy: derivations checked step by step, as LaTeX, "
        "Markdown and slides.",
    )
    parser.add_argument("--version", action="version", version=f"symxent {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    listing = commands.add_parser("list", help="list the built-in derivations")
    listing.set_defaults(run=_list)

    show = commands.add_parser("show", help="check one derivation topic and print it")
    show.add_argument("name", help="a built-in name (see 'symxent list') or a .py file")
    show.add_argument(
        "--format", choices=("text", "latex", "markdown"), default="text", help="output format"
    )
    show.add_argument(
        "--lang", choices=("en", "ko"), default="en", help="language of LaTeX and Markdown output"
    )
    show.set_defaults(run=_show)

    build = commands.add_parser(
        "build", help="check derivations and write .tex, .md and a Beamer deck"
    )
    build.add_argument(
        "names",
        nargs="*",
        help="topics, derivation files (.py) or lecture notes (.md) (default: all built-in)",
    )
    build.add_argument(
        "--base",
        choices=(*BASES, "auto"),
        default="auto",
        help="base of a plain \\log in lecture notes (default auto: nats and bits)",
    )
    build.add_argument(
        "-o", "--output", default=DEFAULT_OUTPUT, help=f"output folder (default: {DEFAULT_OUTPUT})"
    )
    build.add_argument(
        "--pdf",
        choices=("auto", "yes", "no"),
        default="auto",
        help="compile the decks to PDF (pdfLaTeX; XeLaTeX for Korean and other scripts): "
        "auto (if installed), yes, no",
    )
    build.add_argument(
        "--force", action="store_true", help="write outputs even if a step is refuted"
    )
    _deck_options(build)
    build.set_defaults(run=_build)

    new = commands.add_parser(
        "new", help="write a commented template: NAME.py (a derivation file) or NAME.md (notes)"
    )
    new.add_argument("name", help="e.g. week3 (writes week3.py) or week3.md (lecture notes)")
    new.set_defaults(run=_new)

    verify = commands.add_parser(
        "verify", help="verify one identity or inequality written in LaTeX"
    )
    verify.add_argument("latex", help='e.g. "D_{KL}(p \\parallel q) = -H(p) + \\mathrm{CE}(p, q)"')
    _latex_options(verify)
    verify.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    verify.set_defaults(run=_verify)

    check = commands.add_parser(
        "check", help="check every equation of a Markdown or LaTeX lecture file"
    )
    check.add_argument(
        "files", nargs="+", metavar="FILE", help="one or more .md/.txt (Markdown) or .tex files"
    )
    _latex_options(check)
    check.add_argument(
        "--format", choices=("table", "markdown", "json"), default="table", help="output format"
    )
    check.add_argument(
        "--wrong",
        action="store_true",
        help="list only refuted, unknown, one-base and too-large links",
    )
    check.add_argument(
        "--budget",
        type=_seconds,
        default=None,
        metavar="SECONDS",
        help="time allowed for each file, every stage included (default: 10 s plus 2 s per KB); "
        "links past it are reported as too large to check",
    )
    check.set_defaults(run=_check)
    return parser


def _seconds(text: str) -> float:
    """A positive number of seconds, for ``--budget``."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not 0 < value <= 86_400:
        raise argparse.ArgumentTypeError(f"give between 0 and 86400 seconds, not {text!r}")
    return value


def _one_line(error: SymxentError, limit: int = 500) -> str:
    """The message on one line; past ``limit`` characters its middle (a quoted formula) is cut."""
    return shorten(" ".join(error.full_message.split()), limit)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``symxent`` command line with ``argv`` (default: ``sys.argv[1:]``)."""
    parser = _parser()
    args = parser.parse_args(argv)
    run: Command = args.run
    try:
        code = run(args)
        if sys.stdout is not None:  # None when started with standard output closed (>&-)
            sys.stdout.flush()  # here, not at exit, where a closed pipe could not be handled
        return code
    except SymxentError as error:
        print(f"symxent: error: {_one_line(error)}", file=sys.stderr)
        return 2 if isinstance(error, CatalogueError | LatexParseError | TextError) else 1
    except KeyboardInterrupt:
        print("symxent: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader went away (symxent check notes.md | head): stop quietly, as cat does
        _silence_stdout()
        return BROKEN_PIPE


BROKEN_PIPE = 128 + 13
"""Exit code when the output's reader closed the pipe (128 + SIGPIPE, as the shell reports)."""


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so the flush at exit finds no broken pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # not a real file (a test's capture)
        pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
