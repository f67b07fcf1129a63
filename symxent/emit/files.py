"""Atomic output: a file is either its old good version or its complete new one, never half.

Example:
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> write_atomic(folder / "a.txt", "hello")
    >>> (folder / "a.txt").read_text()
    'hello'
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from symxent.errors import OutputError

__all__ = ["publish", "write_atomic"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write ``content`` to ``path`` through a temporary file in the same folder and a rename.

    Raises:
        OutputError: if the folder cannot be created or written.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(content.encode("utf-8") if isinstance(content, str) else content)
            os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes 0600; use the usual mode
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from error


def publish(staging: Path, destination: Path, names: list[str]) -> list[Path]:
    """Move finished files from a staging folder into ``destination``, each by an atomic rename.

    Call it only when every file of the build is ready: until then ``destination`` keeps its
    previous contents untouched.

    Raises:
        OutputError: if ``destination`` cannot be written.
    """
    try:
        destination.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"cannot create {destination}: {error.strerror or error}") from error
    written = []
    for name in names:
        source, target = staging / name, destination / name
        try:
            os.replace(source, target)
        except OSError:
            # different file systems: copy next to the target, then rename
            try:
                handle, temporary = tempfile.mkstemp(prefix=f".{name}.", dir=destination)
                os.close(handle)
                shutil.copyfile(source, temporary)
                os.replace(temporary, target)
            except OSError as error:
                raise OutputError(f"cannot write {target}: {error.strerror or error}") from error
        written.append(target)
    return written
