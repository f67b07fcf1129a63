"""Publishing a build as one set: write a new folder, then switch one link to it.

``-o DIR`` is a symbolic link to the current build, a folder in ``.DIR.symxent/`` next to it.
A build writes every file into a new folder there; only when all of them (the PDFs included)
are ready does it switch ``DIR`` to the new folder, with one atomic rename of a link. A reader
of ``DIR`` sees the old set or the new set, never a mix; a failed, refused or killed build
leaves ``DIR`` as it was, and its folder is removed (by the build, or by its watchdog when the
build was killed: :mod:`symxent.emit.watchdog`).

``DIR`` may also be missing, an empty folder, or a folder of a previous symxent's output files
(moved aside once). A folder with files symxent did not write is refused: symxent needs a folder
of its own. Where symbolic links are not available, the files are moved one by one instead.

Example:
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "out"
    >>> release = prepare(out)
    >>> _ = (release.folder / "a.md").write_text("new")
    >>> switch(release)
    >>> out.is_symlink(), (out / "a.md").read_text()
    (True, 'new')
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from symxent.errors import OutputError

__all__ = ["Release", "discard", "prepare", "switch"]

_OUTPUT_SUFFIXES = (".tex", ".md", ".pdf")
_STALE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Release:
    """A build on its way out.

    Attributes:
        link: the output path (``-o``): becomes a link to ``folder``.
        store: the folder holding the builds, ``.<name>.symxent`` next to ``link``.
        folder: the new build's folder, where every file is written.
    """

    link: Path
    store: Path
    folder: Path


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError, ValueError):
        return False
    except PermissionError:  # alive, another user's
        pass
    return True


def _target(link: Path) -> Path | None:
    return (link.parent / os.readlink(link)).absolute() if link.is_symlink() else None


def _prune(store: Path, current: Path | None) -> None:
    """Remove builds that are not current and whose process is gone (or that are old)."""
    now = time.time()
    for entry in store.iterdir():
        if current is not None and entry.name == current.name:
            continue
        parts = entry.name.split("-")
        pid = int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else None
        try:
            age = now - entry.lstat().st_mtime
        except OSError:
            continue
        if (pid is not None and _alive(pid)) and age < _STALE_SECONDS:
            continue  # another build running now
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                entry.unlink()


def _legacy(link: Path) -> bool:
    """True for a folder holding only files a symxent build wrote (or nothing)."""
    for entry in link.iterdir():
        if entry.name.startswith(".symxent-staging-"):
            continue
        if entry.is_symlink() or not entry.is_file() or entry.suffix not in _OUTPUT_SUFFIXES:
            return False
    return True


def prepare(output: Path) -> Release:
    """Check ``output`` can be published to, and make the new build's folder.

    Raises:
        OutputError: when ``output`` is a file, a link symxent did not make, a folder holding
            other files, or cannot be created.
    """
    link = Path(os.path.abspath(output))
    if link.name in ("", ".", ".."):
        raise OutputError(f"cannot publish to {output}: give a folder name such as -o slides")
    store = link.parent / f".{link.name}.symxent"
    target = _target(link)
    if target is not None and target.parent != store:
        raise OutputError(
            f"{output} is a link symxent did not make (to {os.readlink(link)}); "
            "choose another output folder"
        )
    if target is None and link.exists():
        if not link.is_dir():
            raise OutputError(f"{output} is a file, not an output folder")
        if not _legacy(link):
            strangers = sorted(
                e.name for e in link.iterdir() if not e.name.startswith(".symxent-staging-")
            )
            raise OutputError(
                f"{output} holds files symxent did not write ({', '.join(strangers[:3])}); "
                "symxent publishes its outputs as one set by switching a link and needs a "
                "folder of its own: choose a new output folder"
            )
    try:
        store.mkdir(parents=True, exist_ok=True)
        _prune(store, target)
        folder = store / f"build-{time.time_ns()}-{os.getpid()}"
        folder.mkdir()
    except OSError as error:
        raise OutputError(f"cannot write to {output}: {error.strerror or error}") from error
    return Release(link, store, folder)


def switch(release: Release) -> Path | None:
    """Point the output link at the new build; return the folder it replaced (to remove).

    Raises:
        OutputError: when the link cannot be made.
    """
    link, store = release.link, release.store
    old = _target(link)
    try:
        if old is None and link.is_dir():
            # the first build here: move the old files aside as a build of their own
            old = store / f"build-{time.time_ns()}-0-legacy"
            for staging in link.glob(".symxent-staging-*"):
                shutil.rmtree(staging, ignore_errors=True)
            os.replace(link, old)
        temporary = store / f".link-{time.time_ns()}-{os.getpid()}"
        os.symlink(os.path.relpath(release.folder, link.parent), temporary)
        os.replace(temporary, link)
    except NotImplementedError:  # pragma: no cover - no symbolic links on this system
        _move_files(release, old)
        return None
    except OSError as error:
        if isinstance(error, PermissionError) and os.name == "nt":  # pragma: no cover
            _move_files(release, old)
            return None
        raise OutputError(f"cannot publish to {link}: {error.strerror or error}") from error
    return old


def _move_files(release: Release, old: Path | None) -> None:  # pragma: no cover - Windows
    """Without symbolic links: move the files into a real folder one by one."""
    release.link.mkdir(parents=True, exist_ok=True)
    for entry in release.folder.iterdir():
        os.replace(entry, release.link / entry.name)
    shutil.rmtree(release.folder, ignore_errors=True)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def discard(release: Release) -> None:
    """Remove the new build's folder (a failed or refused build)."""
    shutil.rmtree(release.folder, ignore_errors=True)
