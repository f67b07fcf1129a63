r"""Blocks a topic holds besides derivations: section breaks and raw LaTeX.

A topic is a list of blocks in teaching order: :class:`~symxent.derivation.Derivation`,
:class:`~symxent.table.Table`, :class:`~symxent.plot.Plot`, :class:`Section` (starts a section
of the deck and the document, with its own overview frame) and :class:`Raw` (LaTeX put into the
output as it is: the only way raw LaTeX gets into a symxent document).

Example:
    >>> Section("Binary entropy").title
    'Binary entropy'
    >>> Raw(r"\begin{frame}{Notes}\end{frame}", where="deck").where
    'deck'
"""

from __future__ import annotations

from dataclasses import dataclass

from symxent.errors import SymxentError

__all__ = ["Raw", "Section"]


@dataclass(frozen=True)
class Section:
    """The start of a section: a title and a sentence or two shown on its overview frame.

    Attributes:
        title: the section title (``str`` or :class:`symxent.i18n.Text`).
        intro: plain text (with ``$...$`` math) for the overview frame.
    """

    title: str
    intro: str = ""


@dataclass(frozen=True)
class Raw:
    r"""LaTeX put into the output exactly as written: the explicit way to use raw TeX.

    Nothing else of a topic is raw: titles, intros and reasons are escaped text with checked
    ``$...$`` math. A raw block is not checked or escaped; use it for material of your own
    (a picture, a frame of notes). In the deck, a block without ``\begin{frame}`` is put in a
    frame titled ``title``.

    Attributes:
        latex: the LaTeX (``str``, or :class:`symxent.i18n.Text` for one version per language).
        where: ``"both"`` (deck and document), ``"deck"`` or ``"document"``.
        title: frame title in the deck (when the block has no frame of its own).
    """

    latex: str
    where: str = "both"
    title: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.latex, str):
            raise SymxentError(f"Raw needs LaTeX text, got {type(self.latex).__name__}")
        if self.where not in ("both", "deck", "document"):
            raise SymxentError(f"Raw(where={self.where!r}): use 'both', 'deck' or 'document'")
