r"""Fonts for XeLaTeX: a text font per language, and fallbacks by script for everything else.

A Korean document is set in Nanum (Gothic in decks, Myeongjo in documents), an English one in
Latin Modern, as with pdfLaTeX. Characters of other scripts switch font on their own through
XeTeX's character classes: Hangul and CJK to Nanum, Greek and Cyrillic to DejaVu. So any UTF-8
text compiles; a character no installed font has (an emoji, say) is reported by TeX as a
"Missing character" and by the build as a warning, never an error.

Example:
    >>> "fontspec" in xelatex_fonts("ko", serif=False)
    True
"""

from __future__ import annotations

import shutil
import subprocess
from functools import cache

from symxent.errors import OutputError

__all__ = ["SCRIPTS", "xelatex_fonts"]

SCRIPTS: dict[str, tuple[tuple[int, int], ...]] = {
    "hangul": (
        (0x1100, 0x11FF),  # Hangul Jamo
        (0x3000, 0x303F),  # CJK symbols and punctuation
        (0x3130, 0x318F),  # Hangul compatibility Jamo
        (0x4E00, 0x9FFF),  # CJK unified ideographs (Hanja)
        (0xA960, 0xA97F),  # Hangul Jamo extended A
        (0xAC00, 0xD7A3),  # Hangul syllables
        (0xD7B0, 0xD7FF),  # Hangul Jamo extended B
        (0xFF00, 0xFFEF),  # half- and full-width forms
    ),
    "greek": (
        (0x0370, 0x03FF),  # Greek and Coptic
        (0x0400, 0x052F),  # Cyrillic and its supplement
        (0x1F00, 0x1FFF),  # Greek extended
    ),
}
"""Character ranges that switch to their own font."""

_FONTS = {
    # (script, serif) -> families to try, first installed wins
    ("latin", False): ("Latin Modern Sans", "DejaVu Sans"),
    ("latin", True): ("Latin Modern Roman", "DejaVu Serif"),
    ("hangul", False): ("NanumGothic",),
    ("hangul", True): ("NanumMyeongjo", "NanumGothic"),
    ("greek", False): ("DejaVu Sans",),
    ("greek", True): ("DejaVu Serif", "DejaVu Sans"),
}
_FAKED = (
    "ItalicFont={*},ItalicFeatures={FakeSlant=0.2},"
    "BoldItalicFont={*},BoldItalicFeatures={FakeSlant=0.2}"
)


@cache
def _families() -> frozenset[str]:
    if shutil.which("fc-list") is None:
        return frozenset()
    try:
        listed = subprocess.run(
            ["fc-list", ":", "family"], capture_output=True, text=True, timeout=30, check=False
        ).stdout
    except (OSError, subprocess.TimeoutExpired):
        return frozenset()
    return frozenset(
        name.strip() for line in listed.splitlines() for name in line.split(",") if name.strip()
    )


def _font(script: str, serif: bool) -> str | None:
    wanted = _FONTS[(script, serif)]
    families = _families()
    if not families:
        return wanted[0]  # no fontconfig to ask: let XeLaTeX look the font up and report
    return next((name for name in wanted if name in families), None)


def _classes(fonts: dict[str, str]) -> str:
    """XeTeX character classes: each script in ``fonts`` typeset in its own font."""
    lines = ["\\makeatletter", "\\XeTeXinterchartokenstate=1"]
    lines.append(
        "\\def\\sx@assign#1#2#3{\\count@=#1\\relax\\loop\\XeTeXcharclass\\count@=#3\\relax"
        "\\ifnum\\count@<#2\\relax\\advance\\count@\\@ne\\repeat}"
    )
    names = list(fonts)
    for name in names:
        lines.append(f"\\newXeTeXintercharclass\\sx@{name}")
        lines.append(f"\\newfontfamily\\sx@{name}font{{{fonts[name]}}}[{_FAKED}]")
        for low, high in SCRIPTS[name]:
            lines.append(f'\\sx@assign{{"{low:04X}}}{{"{high:04X}}}\\sx@{name}')
    for name in names:
        enter = f"{{\\begingroup\\sx@{name}font}}"
        lines.append(f"\\XeTeXinterchartoks 0 \\sx@{name} = {enter}")
        lines.append(f"\\XeTeXinterchartoks 4095 \\sx@{name} = {enter}")
        lines.append(f"\\XeTeXinterchartoks \\sx@{name} 0 = {{\\endgroup}}")
        lines.append(f"\\XeTeXinterchartoks \\sx@{name} 4095 = {{\\endgroup}}")
        for other in names:
            if other != name:
                lines.append(
                    f"\\XeTeXinterchartoks \\sx@{name} \\sx@{other} = "
                    f"{{\\endgroup\\begingroup\\sx@{other}font}}"
                )
    lines.append("\\makeatother")
    return "\n".join(lines) + "\n"


def xelatex_fonts(language: str, serif: bool) -> str:
    """Preamble lines loading fontspec, the text font and the fallbacks by script.

    Args:
        language: ``"ko"``: Nanum is the text font; ``"en"``: Latin Modern.
        serif: a document (serif text) rather than a deck (sans-serif text).

    Raises:
        OutputError: when the text font itself is not installed (the message names the package).
    """
    main_script = "hangul" if language == "ko" else "latin"
    main = _font(main_script, serif)
    if main is None:
        package = "fonts-nanum" if main_script == "hangul" else "fonts-lmodern"
        raise OutputError(
            f"no font for {'Korean' if language == 'ko' else 'the'} text was found: install "
            f"it (Debian: apt-get install {package})"
        )
    command = "\\setmainfont" if serif else "\\setsansfont"
    lines = ["\\usepackage{fontspec}", f"{command}{{{main}}}[{_FAKED}]"]
    fallbacks = {
        script: font
        for script in SCRIPTS
        if script != main_script and (font := _font(script, serif)) is not None
    }
    return "\n".join(lines) + "\n" + (_classes(fallbacks) if fallbacks else "")
