"""Output: LaTeX documents, Beamer decks, Markdown and plain text, written atomically.

The names below are imported on first use, so that importing one emitter (the words of a
verdict, say) does not load them all.

Example:
    >>> from symxent.emit import topic_markdown
    >>> from symxent.catalogue import load
    >>> topic_markdown(load("jensen_bound").check()).startswith("# Jensen")
    True
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from symxent.emit.beamer import beamer_deck
    from symxent.emit.latex_document import topic_document
    from symxent.emit.markdown import topic_markdown
    from symxent.emit.pipeline import BuildResult, build
    from symxent.emit.text import text, topic_text

_HOMES = {
    "BuildResult": "pipeline",
    "beamer_deck": "beamer",
    "build": "pipeline",
    "text": "text",
    "topic_document": "latex_document",
    "topic_markdown": "markdown",
    "topic_text": "text",
}

__all__ = [
    "BuildResult",
    "beamer_deck",
    "build",
    "text",
    "topic_document",
    "topic_markdown",
    "topic_text",
]


def __getattr__(name: str) -> object:
    if name in _HOMES:
        return getattr(import_module(f"symxent.emit.{_HOMES[name]}"), name)
    raise AttributeError(f"module 'symxent.emit' has no attribute {name!r}")
