"""Finding and loading derivation topics: the built-in ones by name, or a user's Python file.

A derivation file is a Python module that defines ``topic() -> symxent.topic.Topic``. The built-in
files live in the repository's ``derivations/`` folder; a wheel ships them inside the package as
``symxent/_builtin_derivations`` (so no top-level package named ``derivations`` is installed).

Example:
    >>> "kl_identity" in builtin_names()
    True
    >>> load("kl_identity").title
    'KL divergence, entropy and cross-entropy'
"""

from __future__ import annotations

import difflib
import importlib.util
import sys
from pathlib import Path

from symxent.errors import CatalogueError
from symxent.topic import Topic

__all__ = ["builtin_directory", "builtin_names", "load", "load_all"]

_PACKAGE = Path(__file__).resolve().parent


def builtin_directory() -> Path:
    """Return the folder holding the built-in derivation files.

    Raises:
        CatalogueError: if neither the installed copy nor the repository folder exists.
    """
    for candidate in (_PACKAGE / "_builtin_derivations", _PACKAGE.parent / "derivations"):
        if candidate.is_dir() and any(candidate.glob("*.py")):
            return candidate
    raise CatalogueError(
        "the built-in derivations are missing: reinstall symxent (pip install symxent)"
    )


def builtin_names() -> list[str]:
    """Return the names of the built-in topics, in teaching order."""
    order = [
        "entropy",
        "expectation_mle",
        "gaussian",
        "kl_identity",
        "ce_loss",
        "softmax_ce_gradient",
        "jensen_bound",
        "information_theory",
        "ml_losses",
    ]
    found = sorted(p.stem for p in builtin_directory().glob("*.py") if not p.stem.startswith("_"))
    return [n for n in order if n in found] + [n for n in found if n not in order]


def _load_file(path: Path) -> Topic:
    module_name = f"symxent_derivation_{path.stem}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise CatalogueError(f"{path} is not a Python file symxent can load")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except CatalogueError:
        raise
    except SystemExit as error:
        raise CatalogueError(
            f"{path} called sys.exit({error.code!r}) while loading; a derivation file defines "
            "topic() and does not exit"
        ) from None
    except Exception as error:
        raise CatalogueError(f"{path} failed to load: {type(error).__name__}: {error}") from error
    factory = getattr(module, "topic", None)
    if not callable(factory):
        raise CatalogueError(f"{path} must define a function topic() returning a symxent Topic")
    try:
        topic = factory()
    except CatalogueError:
        raise
    except SystemExit as error:
        raise CatalogueError(
            f"{path}: topic() called sys.exit({error.code!r}); it must return a Topic"
        ) from None
    except Exception as error:
        raise CatalogueError(f"{path}: topic() failed: {type(error).__name__}: {error}") from error
    if not isinstance(topic, Topic):
        raise CatalogueError(f"{path}: topic() returned {type(topic).__name__}, not a Topic")
    return topic


def load(name: str, *, base: str = "auto") -> Topic:
    r"""Load a built-in topic by name, a derivation file (``my_lecture.py``) or lecture notes.

    Lecture notes (``.md``, ``.markdown``, ``.txt``) are read and checked by
    :func:`symxent.notes.notes_topic`; ``base`` is the base of their plain ``\log``.

    Raises:
        CatalogueError: for an unknown name (the message suggests close names) or a file that
            fails to load.
    """
    from symxent.notes import NOTE_SUFFIXES  # the lecture reader loads on first use (speed)

    if name.lower().endswith(NOTE_SUFFIXES):
        from symxent.notes import notes_topic

        if not Path(name).is_file():
            raise CatalogueError(f"no lecture notes {name!r}")
        return notes_topic(name, base=base)
    if name.endswith(".py") or "/" in name or "\\" in name:
        path = Path(name)
        if not path.is_file():
            raise CatalogueError(f"no derivation file {name!r}")
        return _load_file(path.resolve())
    names = builtin_names()
    if name not in names:
        close = difflib.get_close_matches(name, names, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise CatalogueError(
            f"unknown derivation {name!r}{hint} Run 'symxent list' to see them ({', '.join(names)})"
        )
    return _load_file(builtin_directory() / f"{name}.py")


def load_all(names: list[str] | None = None, *, base: str = "auto") -> list[Topic]:
    """Load the named topics (all built-in ones when ``names`` is empty or None)."""
    return [load(n, base=base) for n in (names or builtin_names())]
