r"""Reading a lecture file safely, and the time a whole text may take.

symxent reads files that anyone may hand it. :func:`read_lecture` reads a regular file only: a
FIFO (which would block), a device such as ``/dev/zero`` (which never ends), a directory or a
socket is refused at once. It is opened without blocking and inspected before anything is
read, and no more than the size cap is ever read, even from a file that grows meanwhile.

Example:
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder) / "notes.md"
    ...     _ = path.write_text("$$1 + 1 = 2$$", encoding="utf-8")
    ...     read_lecture(path)
    '$$1 + 1 = 2$$'
    >>> default_budget("x" * 3000)
    16.0
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from symxent.errors import SymxentError

__all__ = ["MAX_FILE_BYTES", "default_budget", "read_lecture"]

MAX_FILE_BYTES = 1_000_000
"""Largest lecture file read (1 MB)."""


def read_lecture(path: str | Path, limit: int = MAX_FILE_BYTES) -> str:
    """The text of a lecture file: a regular file of at most ``limit`` bytes of UTF-8.

    A FIFO, a device (``/dev/zero``), a directory or a socket is refused at once (it is opened
    without blocking and inspected before anything is read), and no more than ``limit + 1``
    bytes are ever read, even from a file that grows while it is read.

    Raises:
        SymxentError: naming the file and what is wrong with it.
    """
    location = Path(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        descriptor = os.open(location, flags)
        try:
            info = os.fstat(descriptor)
            if not stat.S_ISREG(info.st_mode):
                raise SymxentError(
                    f"{location}: not a regular file (a directory, device, pipe or socket); "
                    "give a .md, .txt or .tex file"
                )
            if info.st_size > limit:
                raise SymxentError(
                    f"{location}: {info.st_size} bytes; a lecture file may have at most {limit}"
                )
            with os.fdopen(descriptor, "rb", closefd=False) as handle:
                data = handle.read(limit + 1)
        finally:
            os.close(descriptor)
    except OSError as error:
        raise SymxentError(f"{location}: cannot read it ({error.strerror or error})") from None
    if len(data) > limit:
        raise SymxentError(
            f"{location}: more than {limit} bytes; a lecture file may have at most that"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise SymxentError(f"{location}: not UTF-8 text") from None


def default_budget(text: str) -> float:
    """Seconds allowed for checking a whole text: 10 s plus 2 s per KB, at most 300 s."""
    return min(10.0 + 2.0 * len(text.encode("utf-8", "surrogatepass")) / 1000, 300.0)
