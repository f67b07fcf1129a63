r"""Preambles of symxent's LaTeX output: engine, fonts, theme, and the macros the body uses.

The engine follows the text: pdfLaTeX (fast, Latin Modern fonts) when every character of the
document is one pdfLaTeX's ``utf8`` input encoding typesets, XeLaTeX otherwise (Korean, and any
other UTF-8 text, with fonts by script: :mod:`symxent.emit.fonts`). Every
generated file starts with a ``% !TEX program = ...`` line naming its engine, which
:func:`symxent.emit.tex.compile_pdf` (and editors) follow.

The body's macros:

* ``\sxtry{A}{B}``: typeset ``A`` if it fits the line width, else ``B`` (nested, the layouts of
  a chain from widest to narrowest: reasons beside the steps, reasons below, long steps broken
  over lines; nothing is ever scaled down);
* ``\sxproved`` ... ``\sxunknown``: the verdict marks, and ``\sxlegend``;
* in decks, a check at the end of every frame that reports a frame taller than the page as
  ``SYMXENT-TALL-FRAME <piece> <height> <available>`` in the log (the build then splits that
  chain into more frames).

Example:
    >>> engine_for("Entropy, café")
    'pdflatex'
    >>> engine_for("엔트로피")
    'xelatex'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from symxent.emit.fonts import xelatex_fonts
from symxent.emit.marks import LATEX_MACROS
from symxent.emit.words import word
from symxent.errors import SymxentError
from symxent.i18n import check_language

__all__ = [
    "ASPECTS",
    "DeckStyle",
    "deck_preamble",
    "document_preamble",
    "engine_for",
    "legend",
]

ASPECTS = {"16:9": "169", "4:3": "43"}
"""Slide shapes: the option value for Beamer's ``aspectratio``."""

_PDFLATEX_EXTRA = set("–—‘’‚“”„†‡•…‰‹›€™")  # typographic characters
_PDFLATEX_MISSING = set("ĦħĸĿŀŉŦŧſ")  # in Latin-1/Latin Extended-A but not set up by utf8enc


def _pdflatex_typesets(character: str) -> bool:
    code = ord(character)
    if 32 <= code < 127 or character in "\n\t\r":
        return True
    if 0xA1 <= code < 0x180 and character not in _PDFLATEX_MISSING and code != 0xAD:
        return True
    return character in _PDFLATEX_EXTRA


def engine_for(source: str, language: str = "en") -> str:
    """``"pdflatex"`` when pdfLaTeX typesets every character of ``source``, else ``"xelatex"``."""
    if language != "en" or not all(_pdflatex_typesets(c) for c in set(source)):
        return "xelatex"
    return "pdflatex"


_PDF_FONTS = "\\usepackage[T1]{fontenc}\n\\usepackage[utf8]{inputenc}\n\\usepackage{lmodern}\n"

_COMMON = r"""\usepackage{amsmath,amssymb}
\usepackage{xcolor}
\usepackage{booktabs}
\usepackage{etoolbox}
\emergencystretch=3em
\newsavebox\sxtrybox
\makeatletter
\newcommand\sxtry[2]{\sbox\sxtrybox{#1}\ifdim\wd\sxtrybox>\linewidth
  \expandafter\@secondoftwo\else\expandafter\@firstoftwo\fi{\usebox\sxtrybox}{#2}}
\makeatother
\newcommand\sxchain[1]{{\centering#1\par}}
"""

_PLOTS = "\\usepackage{pgfplots}\n\\pgfplotsset{compat=1.18}\n"

_TALL_FRAMES = r"""\makeatletter
\gdef\sxpiece{-}
\def\sx@checkheight{\begingroup\dimen@=\ht\beamer@framebox\advance\dimen@\dp\beamer@framebox
  \ifbeamer@plainframe\dimen2=\paperheight\else\dimen2=\textheight\fi
  \ifdim\dimen@>\dimen2
    \typeout{SYMXENT-TALL-FRAME \sxpiece\space\the\dimen@\space\the\dimen2}\fi\endgroup}
\pretocmd{\beamer@autobreakframebox}{\sx@checkheight}{}{}
% metropolis' title page is a minipage as high as the paper, 15.6 pt more than a frame holds
\setbeamertemplate{title page}{%
  \begin{minipage}[b][\dimexpr\paperheight-16pt\relax]{\textwidth}
    \vfill
    \ifx\inserttitle\@empty\else\usebeamertemplate*{title}\fi
    \ifx\insertsubtitle\@empty\else\usebeamertemplate*{subtitle}\fi
    \usebeamertemplate*{title separator}
    \ifx\beamer@shortauthor\@empty\else\usebeamertemplate*{author}\fi
    \ifx\insertdate\@empty\else\usebeamertemplate*{date}\fi
    \ifx\insertinstitute\@empty\else\usebeamertemplate*{institute}\fi
    \vfill
    {\usebeamerfont{frame footer}\usebeamercolor[fg]{frame footer}\sxlegend\par}
    \vspace*{1mm}
  \end{minipage}}
\makeatother
"""


def legend(language: str) -> str:
    r"""The short legend of the verdict marks (LaTeX text mode).

    Example:
        >>> legend("en").startswith("$\\sxproved$ proved")
        True
    """
    marks = ("proved", "rounded", "confirmed", "refuted")
    return "\\quad ".join(f"$\\sx{mark}$ {word(f'legend_{mark}', language)}" for mark in marks)


@dataclass(frozen=True)
class DeckStyle:
    """How a deck looks: slide shape, handout (no overlays), language.

    Attributes:
        aspect: ``"16:9"`` or ``"4:3"``.
        handout: the printable version: every overlay of a frame collapsed into one page.
        language: ``"en"`` or ``"ko"``.
    """

    aspect: str = "16:9"
    handout: bool = False
    language: str = "en"

    def __post_init__(self) -> None:
        if self.aspect not in ASPECTS:
            raise SymxentError(f"unknown slide shape {self.aspect!r}; use {' or '.join(ASPECTS)}")
        check_language(self.language)


def _clean(text: str) -> str:
    return re.sub(r"\n{3,}", "\n\n", text)


def deck_preamble(style: DeckStyle, engine: str, plots: bool) -> str:
    r"""The preamble of a Beamer deck in the metropolis theme, up to ``\begin{document}``."""
    options = [f"aspectratio={ASPECTS[style.aspect]}", "11pt"]
    if style.handout:
        options.insert(0, "handout")
    fonts = xelatex_fonts(style.language, serif=False) if engine == "xelatex" else _PDF_FONTS
    return _clean(
        f"% !TEX program = {engine}\n"
        f"\\documentclass[{','.join(options)}]{{beamer}}\n"
        "\\usetheme[sectionpage=none,numbering=counter,block=fill]{metropolis}\n"
        "\\usefonttheme{professionalfonts}\n"
        f"{fonts}{_COMMON}{_PLOTS if plots else ''}{LATEX_MACROS}"
        f"\\newcommand\\sxlegend{{{legend(style.language)}}}\n"
        "\\setbeamertemplate{frame footer}{\\sxlegend}\n"
        "\\setbeamerfont{page number in head/foot}{size=\\scriptsize}\n"
        "\\setbeamerfont{frame footer}{size=\\tiny}\n"
        f"{_TALL_FRAMES}"
    )


def document_preamble(language: str, engine: str, plots: bool) -> str:
    r"""The preamble of a standalone article, up to ``\begin{document}``."""
    check_language(language)
    fonts = xelatex_fonts(language, serif=True) if engine == "xelatex" else _PDF_FONTS
    return _clean(
        f"% !TEX program = {engine}\n"
        "\\documentclass[11pt]{article}\n"
        f"{fonts}{_COMMON}{_PLOTS if plots else ''}"
        "\\usepackage[margin=2cm]{geometry}\n"
        f"{LATEX_MACROS}"
        f"\\newcommand\\sxlegend{{{legend(language)}}}\n"
    )
