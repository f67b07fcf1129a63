r"""Compiling LaTeX with the TeX installation on this machine (pdfLaTeX or XeLaTeX).

The engine is the one the file names in its first line (``% !TEX program = xelatex``; symxent
writes that line, see :mod:`symxent.emit.preamble`), pdfLaTeX otherwise. Builds run in a
staging folder, so a failing compile never deletes a previous good PDF (with ``-halt-on-error``
TeX removes the PDF it was writing). TeX runs without shell escape and with
``openin_any=p``: it may not read files by absolute path or from parent folders, whatever the
document asks.

The log is read for errors, for ``Overfull \hbox`` (the only sign that content runs off the
right edge), for frames taller than the slide (``SYMXENT-TALL-FRAME``, written by symxent's
deck preamble) and for characters no font has (``Missing character``).

Example:
    >>> tex_available() in (True, False)
    True
    >>> engine_of("% !TEX program = xelatex\n\\documentclass{article}")
    'xelatex'
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from symxent.errors import OutputError

__all__ = ["CompileResult", "TallFrame", "compile_pdf", "engine_of", "tex_available"]

_OVERFULL = re.compile(r"^Overfull \\[hv]box .*$", re.MULTILINE)
_ERROR = re.compile(r"^(?:! .*|.*:\d+: .*)$", re.MULTILINE)
_TALL = re.compile(r"^SYMXENT-TALL-FRAME (\S+) ([\d.]+)pt ([\d.]+)pt$", re.MULTILINE)
_MISSING = re.compile(r"^Missing character: There is no (.+?) \(U\+([0-9A-F]+)\)", re.MULTILINE)
_ENGINE = re.compile(r"^%\s*!TEX program\s*=\s*(pdflatex|xelatex)\s*$", re.MULTILINE)
_INSTALL = {
    "pdflatex": "texlive-latex-base texlive-latex-recommended texlive-latex-extra lmodern",
    "xelatex": "texlive-xetex texlive-fonts-recommended fonts-nanum",
}


@dataclass(frozen=True)
class TallFrame:
    """A frame whose content is taller than the slide (from the log)."""

    piece: str
    height: float
    available: float


@dataclass(frozen=True)
class CompileResult:
    r"""A successful compile: the PDF and the warnings worth reading.

    Attributes:
        pdf: the PDF written.
        overfull: ``Overfull \hbox`` lines (content cut off at the right edge).
        tall: frames taller than the slide, once per piece.
        missing: characters that no font of the document has (printed as nothing).
        engine: ``"pdflatex"`` or ``"xelatex"``.
    """

    pdf: Path
    overfull: tuple[str, ...]
    tall: tuple[TallFrame, ...] = ()
    missing: tuple[str, ...] = ()
    engine: str = "pdflatex"


def engine_of(source: str) -> str:
    """The engine a LaTeX source names in a ``% !TEX program = ...`` line (pdflatex if none)."""
    match = _ENGINE.search(source[:2000])
    return match.group(1) if match else "pdflatex"


def tex_available(engine: str = "pdflatex") -> bool:
    """True when ``engine`` (pdflatex or xelatex) is on the PATH."""
    return shutil.which(engine) is not None


_FLAGS = ("-interaction=nonstopmode", "-halt-on-error", "-file-line-error", "-no-shell-escape")


def _tall(log: str) -> tuple[TallFrame, ...]:
    found: dict[str, TallFrame] = {}
    for piece, height, available in _TALL.findall(log):
        frame = TallFrame(piece, float(height), float(available))
        if piece not in found or found[piece].height < frame.height:
            found[piece] = frame
    return tuple(found.values())


def compile_pdf(
    tex: Path,
    passes: int = 1,
    timeout: float = 300.0,
    started: Callable[[int], None] | None = None,
) -> CompileResult:
    """Compile ``tex`` to a PDF next to it with ``passes`` runs of its engine.

    symxent's documents have no cross-references, so one pass is enough (about 2 s for the
    built-in deck with pdfLaTeX, 4 s with XeLaTeX). ``started`` is told each TeX process id
    (a build's watchdog kills TeX if the build dies).

    Raises:
        OutputError: when TeX is missing, fails (the message quotes TeX's error lines), or
            takes longer than ``timeout`` seconds.
    """
    engine = engine_of(tex.read_text(encoding="utf-8", errors="replace"))
    if not tex_available(engine):
        raise OutputError(
            f"{engine} was not found; install TeX Live (Debian: apt-get install "
            f"--no-install-recommends {_INSTALL[engine]}) or build with --pdf no"
        )
    command = [engine, *_FLAGS, tex.name]
    environment = {**os.environ, "openin_any": "p", "openout_any": "p"}
    log = ""
    for _ in range(passes):
        with subprocess.Popen(
            command,
            cwd=tex.parent,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
            env=environment,
        ) as process:
            if started is not None:
                started(process.pid)
            try:
                output, _ = process.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.communicate()
                raise OutputError(f"TeX took longer than {timeout:.0f} s on {tex.name}") from None
        log_path = tex.with_suffix(".log")
        log = log_path.read_text(errors="replace") if log_path.exists() else output
        if process.returncode != 0:
            errors = _ERROR.findall(log)[:6] or output.strip().splitlines()[-6:]
            raise OutputError(f"TeX failed on {tex.name}:\n  " + "\n  ".join(errors))
    pdf = tex.with_suffix(".pdf")
    if not pdf.exists():
        raise OutputError(f"TeX reported success on {tex.name} but wrote no PDF")
    missing = tuple(dict.fromkeys(f"{char} (U+{code})" for char, code in _MISSING.findall(log)))
    return CompileResult(pdf, tuple(_OVERFULL.findall(log)), _tall(log), missing, engine)
