"""Output: LaTeX documents, Beamer decks, Markdown and plain text, written atomically.

Example:
    >>> from symxent.emit import topic_markdown
    >>> from symxent.catalogue import load
    >>> topic_markdown(load("jensen_bound").check()).startswith("# Jensen")
    True
"""

from symxent.emit.beamer import beamer_deck
from symxent.emit.latex_document import topic_document
from symxent.emit.markdown import topic_markdown
from symxent.emit.pipeline import BuildResult, build
from symxent.emit.text import text, topic_text

__all__ = [
    "BuildResult",
    "beamer_deck",
    "build",
    "text",
    "topic_document",
    "topic_markdown",
    "topic_text",
]
