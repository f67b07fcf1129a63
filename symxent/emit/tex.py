r"""Compiling LaTeX with the TeX installation on this machine (pdflatex).

Builds run in a staging folder, so a failing compile never deletes a previous good PDF (with
``-halt-on-error`` TeX removes the PDF it was writing). The log is checked for errors and for
``Overfull \hbox`` warnings, the only sign that content runs off the page.

Example:
    >>> tex_available() in (True, False)
    True
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from symxent.errors import OutputError

__all__ = ["CompileResult", "compile_pdf", "tex_available"]

_OVERFULL = re.compile(r"^Overfull \\[hv]box .*$", re.MULTILINE)
_ERROR = re.compile(r"^(?:! .*|.*:\d+: .*)$", re.MULTILINE)


@dataclass(frozen=True)
class CompileResult:
    """A successful compile: the PDF and the warnings worth reading."""

    pdf: Path
    overfull: tuple[str, ...]


def tex_available() -> bool:
    """True when ``pdflatex`` is on the PATH."""
    return shutil.which("pdflatex") is not None


_FLAGS = ("-interaction=nonstopmode", "-halt-on-error", "-file-line-error", "-no-shell-escape")


def compile_pdf(tex: Path, passes: int = 1, timeout: float = 300.0) -> CompileResult:
    """Compile ``tex`` to a PDF next to it with ``passes`` runs of pdflatex.

    symxent's documents have no cross-references, so one pass is enough (about 1 s for the
    built-in deck); pass 2 for documents that need a table of contents or references.

    Raises:
        OutputError: when TeX is missing, fails (the message quotes TeX's error lines), or
            takes longer than ``timeout`` seconds.
    """
    if not tex_available():
        raise OutputError(
            "pdflatex was not found; install TeX Live (Debian: texlive-latex-base "
            "texlive-latex-recommended texlive-latex-extra latexmk) or build with --no-pdf"
        )
    command = ["pdflatex", *_FLAGS, tex.name]
    log = ""
    for _ in range(passes):
        try:
            done = subprocess.run(
                command,
                cwd=tex.parent,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise OutputError(f"TeX took longer than {timeout:.0f} s on {tex.name}") from None
        log_path = tex.with_suffix(".log")
        log = log_path.read_text(errors="replace") if log_path.exists() else done.stdout
        if done.returncode != 0:
            errors = _ERROR.findall(log)[:6] or done.stdout.strip().splitlines()[-6:]
            raise OutputError(f"TeX failed on {tex.name}:\n  " + "\n  ".join(errors))
    pdf = tex.with_suffix(".pdf")
    if not pdf.exists():
        raise OutputError(f"TeX reported success on {tex.name} but wrote no PDF")
    return CompileResult(pdf, tuple(_OVERFULL.findall(log)))
