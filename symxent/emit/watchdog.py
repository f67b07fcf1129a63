"""A helper process that removes a build's staging folder if the build dies before publishing.

A build writes into a new folder and publishes it by switching one link
(:mod:`symxent.emit.publish`). If the build is killed (even by SIGKILL, which no ``finally``
survives) the half-written folder must not stay behind. The build starts this watchdog in its
own session with a pipe; the watchdog waits for the pipe to close. When it closes (the build
ended, however it ended), the watchdog kills the TeX processes the build named, unless the
build said ``keep``, removes the staging folder, and removes the folders the build asked to be
removed (a replaced build).

Protocol, one line each on the watchdog's stdin: ``tex <pid>``, ``remove <path>``, ``keep``.

Example:
    >>> watch = Watchdog.start(Path(tempfile.mkdtemp()))
    >>> watch.keep(); watch.close()
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile  # noqa: F401  (used in the docstring example)
import threading
from pathlib import Path
from typing import IO

__all__ = ["Watchdog", "main"]

_RUNNING: list[subprocess.Popen[str]] = []


class Watchdog:
    """The build's end of the pipe to a watchdog process (or a no-op if none could start)."""

    def __init__(self, pipe: IO[str] | None, process: subprocess.Popen[str] | None) -> None:
        self._pipe = pipe
        self._process = process
        self._lock = threading.Lock()  # TeX runs are started from two threads

    @classmethod
    def start(cls, staging: Path) -> Watchdog:
        """Start a watchdog for ``staging`` (a no-op watchdog if the process cannot start)."""
        try:
            process = subprocess.Popen(
                # run as a plain script (-I: isolated): it needs only the standard library,
                # so it starts in milliseconds without importing symxent or SymPy
                [sys.executable, "-I", str(Path(__file__).resolve()), str(staging)],
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                text=True,
                start_new_session=True,  # a kill of the build's process group spares it
                close_fds=True,
            )
        except OSError:
            return cls(None, None)
        return cls(process.stdin, process)

    def _send(self, line: str) -> None:
        if self._pipe is None:
            return
        with self._lock, contextlib.suppress(OSError, ValueError):
            self._pipe.write(line + "\n")
            self._pipe.flush()

    def tex(self, pid: int) -> None:
        """A TeX process to kill if the build dies."""
        self._send(f"tex {pid}")

    def remove(self, path: Path) -> None:
        """A folder to remove when the build ends (published or not)."""
        self._send(f"remove {path}")

    def keep(self) -> None:
        """The staging folder was published: keep it."""
        self._send("keep")

    def close(self) -> None:
        """End the build's side: the watchdog cleans up and exits (waited for, briefly)."""
        if self._pipe is not None:
            with contextlib.suppress(OSError):
                self._pipe.close()
        self._pipe = None
        if self._process is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._process.wait(timeout=30)
            if self._process.returncode is None:
                _RUNNING.append(self._process)  # still cleaning up: keep it referenced
            self._process = None


def main(argv: list[str] | None = None) -> int:
    """Wait for stdin to close, then clean up as the build asked (see the module docs)."""
    arguments = sys.argv[1:] if argv is None else argv
    if len(arguments) != 1:
        return 2
    staging = Path(arguments[0])
    keep = False
    pids: list[int] = []
    removals: list[Path] = []
    for line in sys.stdin:
        command, _, value = line.strip().partition(" ")
        if command == "keep":
            keep = True
        elif command == "tex" and value.isdigit():
            pids.append(int(value))
        elif command == "remove" and value:
            removals.append(Path(value))
    if not keep:
        for pid in pids:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        shutil.rmtree(staging, ignore_errors=True)
    for path in removals:
        shutil.rmtree(path, ignore_errors=True)
    return 0


if __name__ == "__main__":  # pragma: no cover - run as a process
    sys.exit(main())
