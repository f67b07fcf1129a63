r"""The gate for math written by users before it goes into a TeX file.

symxent puts a user's math (``$...$`` in titles, intros and reasons; steps written as LaTeX)
into its ``.tex`` output as it was written. TeX is a programming language that can read and
write files (``\input{/etc/hostname}`` puts that file into the PDF) and redefine itself, so
math passes this gate first: file, shell and definition commands are refused, as are TeX's
``^^`` character codes and ``\csname`` (the two ways to spell a refused command without writing
its name), unbalanced braces and the characters that would end or break the math (``$``, ``#``,
``%``). Raw LaTeX goes into a document only through an explicit raw block
(:class:`symxent.blocks.Raw`), never through text.

Example:
    >>> check_math(r"\frac{1}{2} \log \frac{1}{p}", "a reason")
    >>> check_math(r"\text{\input{/etc/hostname}}", "the intro")
    Traceback (most recent call last):
    ...
    symxent.errors.SymxentError: the intro: \input is not allowed in math (...); ...
"""

from __future__ import annotations

import re

from symxent.errors import SymxentError

__all__ = ["MATH_ENVIRONMENTS", "check_math"]


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


_REFUSED = _names(
    """
    input include includeonly InputIfFileExists IfFileExists openin openout read readline
    write immediate closein closeout special csname endcsname catcode lccode uccode sfcode
    mathcode delcode def edef gdef xdef let futurelet newcommand renewcommand providecommand
    DeclareRobustCommand DeclareMathOperator newenvironment renewenvironment makeatletter
    makeatother usepackage RequirePackage documentclass scantokens endinput everyjob everypar
    everymath everydisplay everyhbox everyvbox everycr output shipout jobname lstinputlisting
    verbatiminput includegraphics includepdf addplot pgfplotstableread pgfplotstabletypeset
    tikz usetikzlibrary typeout message wlog errmessage PackageWarning PackageError
    GenericWarning GenericError ClassWarning href url hyperlink hypertarget end begingroup
    endgroup aftergroup afterassignment uppercase lowercase outer long global par vskip
    """
)
_REFUSED_PREFIXES = ("pdf", "XeTeX", "xetex", "luatex", "directlua", "latelua", "lua", "pgf")

MATH_ENVIRONMENTS = _names(
    """
    aligned alignedat gathered split array matrix pmatrix bmatrix Bmatrix vmatrix Vmatrix
    smallmatrix cases dcases subarray
    """
)
"""Environments allowed inside user math."""

_COMMAND = re.compile(r"\\([A-Za-z@]+)|\\(.)", re.DOTALL)
_BEGIN = re.compile(r"\\begin\s*\{([^{}]*)\}")
_END = re.compile(r"\\end\s*\{([^{}]*)\}")


def _refuse(what: str, problem: str, error: type[SymxentError]) -> SymxentError:
    return error(
        f"{what}: {problem}; write plain math (raw LaTeX goes only into a Raw block: "
        "symxent.blocks.Raw)"
    )


def check_math(text: str, what: str, error: type[SymxentError] = SymxentError) -> None:
    r"""Refuse math that could read files, redefine TeX or break out of its math mode.

    Args:
        text: the math (without the surrounding ``$``).
        what: where it comes from, for the message (``"step 2 of 'KL = -H + CE'"``).
        error: the :class:`SymxentError` subclass to raise.

    Raises:
        SymxentError: (``error``) naming the refused command or character.

    Example:
        >>> check_math(r"\sum_{i=1}^{n} p_i", "a reason")
        >>> check_math("^^5cinput x", "a reason")
        Traceback (most recent call last):
        ...
        symxent.errors.SymxentError: a reason: TeX's ^^ character codes are not allowed ...
    """
    if "^^" in text:
        raise _refuse(what, "TeX's ^^ character codes are not allowed in math", error)
    without_environments = _END.sub(" ", _BEGIN.sub(" ", text))
    for match in _COMMAND.finditer(without_environments):
        name = match.group(1)
        if name is None:
            continue
        if "@" in name:
            raise _refuse(what, f"\\{name} (an internal macro) is not allowed in math", error)
        if name in _REFUSED or name.startswith(_REFUSED_PREFIXES):
            raise _refuse(
                what,
                f"\\{name} is not allowed in math (it can read or write files, or change TeX)",
                error,
            )
    environments = [m.group(1).strip() for m in _BEGIN.finditer(text)]
    for name in environments:
        if name not in MATH_ENVIRONMENTS:
            raise _refuse(what, f"the environment {name!r} is not allowed in math", error)
    if sorted(environments) != sorted(m.group(1).strip() for m in _END.finditer(text)):
        raise _refuse(what, "\\begin and \\end do not match", error)
    plain = _COMMAND.sub(lambda m: " " if m.group(2) is not None else "x", without_environments)
    for character, name in (("$", "a dollar sign"), ("#", "'#'"), ("%", "'%'")):
        if character in plain:
            raise _refuse(
                what,
                f"{name} cannot appear in math (write \\{character} for the sign itself)",
                error,
            )
    if ("&" in plain or "\\\\" in text) and not environments:
        raise _refuse(what, "'&' and '\\\\' belong inside an environment such as aligned", error)
    depth = 0
    for character in plain:
        depth += {"{": 1, "}": -1}.get(character, 0)
        if depth < 0:
            raise _refuse(what, "a closing brace '}' has no opening brace", error)
    if depth:
        raise _refuse(what, "an opening brace '{' is never closed", error)
