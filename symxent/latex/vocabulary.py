r"""The vocabulary of the first reading pass: which words and commands mean what.

:mod:`symxent.latex.rewrite` looks every name and command up here: multi-letter operator words
(``CE``, ``softmax``), Greek letters, units of information and the log base they mean, fonts and
accents, what is only spacing or typography, and why a command that is not read is refused
(:func:`refusal`: a struck-out term, an arrow, ``\forall``). :func:`subscript_parts` splits a
name's subscript (``ij`` -> ``i, j``; ``KL`` stays one word).

Example:
    >>> subscript_parts("ij", "y"), subscript_parts(r"\mathrm{KL}", "D")
    (('i', 'j'), ('KL',))
    >>> refusal("forall")
    'quantifiers (\\forall) are not supported'
"""

from __future__ import annotations

import re

from symxent.errors import LatexParseError
from symxent.log_bases import UNIT_BASES

__all__ = [
    "ACCENTS",
    "ARGUMENT_SEPARATORS",
    "ARROWS",
    "BLACKBOARD",
    "DROP",
    "FONT",
    "FUNCTION_WORDS",
    "GREEK",
    "HYPERBOLIC",
    "INDEX_ARITHMETIC",
    "OPERATOR_WORDS",
    "PASS",
    "SPACES",
    "TEXT",
    "UNIT_WORDS",
    "refusal",
    "subscript_parts",
]

OPERATOR_WORDS = frozenset(
    {
        "CE", "KL", "BCE", "NLL", "MSE", "LSE", "softmax", "sigmoid", "logsumexp", "cost",
        "loss", "Pr", "Var", "Cov", "MLP", "DKL", "Loss", "argmax", "argmin", "max", "min",
        "softplus", "ReLU", "relu", "logit",
    }
)  # fmt: skip
"""Multi-letter words read as one name (other lowercase letter runs are products: ``ax``)."""

UNIT_WORDS = frozenset(UNIT_BASES)

BLACKBOARD = frozenset({"E", "P", "H", "I", "KL"})
r"""Blackboard names read: ``\mathbb{E}``, ``\mathbb{P}`` and Murphy's ``\mathbb{H}``,
``\mathbb{I}``, ``\mathbb{KL}``."""

FUNCTION_WORDS = {"log": "log", "ln": "ln", "exp": "exp", "lg": "lg"}
HYPERBOLIC = ("tanh", "sinh", "cosh")
"""Functions the parser reads itself (``\\tanh^2 x`` is ``tanh(x)**2``)."""

ARGUMENT_SEPARATORS = (",", ";", r"\parallel", r"\|", "||", "|", r"\mid", r"\Vert")

GREEK = frozenset(
    {
        "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta",
        "vartheta", "iota", "kappa", "lambda", "mu", "nu", "xi", "rho", "varrho", "sigma",
        "varsigma", "tau", "upsilon", "phi", "varphi", "chi", "psi", "omega", "Gamma", "Delta",
        "Theta", "Lambda", "Xi", "Sigma", "Upsilon", "Phi", "Psi", "Omega", "ell",
    }
)  # fmt: skip
PASS = frozenset({"sqrt", "cdot", "times", "div", "pi", "infty", "exp", "ln", "lvert", "rvert"})
SPACES = frozenset({",", ";", ":", "!", " ", "quad", "qquad", "enspace", "thinspace", "medspace"})
DROP = frozenset(
    {"displaystyle", "textstyle", "scriptstyle", "limits", "nolimits", "nonumber", "notag",
     "checkmark", "mathstrut", "strut"}
)  # fmt: skip
TEXT = frozenset({"text", "textrm", "textit", "textbf", "textsf", "texttt", "mbox", "textnormal"})
FONT = frozenset(
    {"mathrm", "operatorname", "mathit", "mathbf", "mathsf", "boldsymbol", "bm", "mathnormal",
     "mathtt", "pmb"}
)  # fmt: skip
ACCENTS = {
    "hat": "hat", "widehat": "hat", "tilde": "tilde", "widetilde": "tilde", "bar": "bar",
    "overline": "bar", "check": "check", "vec": "vec", "dot": "dot", "ddot": "ddot",
    "breve": "breve", "acute": "acute", "grave": "grave",
}  # fmt: skip
ARROWS = frozenset(
    {"to", "rightarrow", "Rightarrow", "leftarrow", "Leftarrow", "mapsto", "implies", "iff",
     "uparrow", "downarrow", "Uparrow", "Downarrow", "leftrightarrow", "Leftrightarrow",
     "longrightarrow", "Longrightarrow", "gets"}
)  # fmt: skip
WHY = {
    **{
        c: f"a struck-out term (\\{c}) cannot be checked"
        for c in ("cancel", "bcancel", "xcancel", "cancelto")
    },
    **{d: f"elided terms (\\{d}) cannot be checked" for d in ("dots", "cdots", "ldots", "vdots")},
    "partial": "a \\partial outside a derivative such as \\frac{\\partial f}{\\partial x}",
    "nabla": "a gradient needs its variable and what it differentiates, as in \\nabla_z L",
    "in": "set membership (\\in) is only understood as a relation or under a sum",
    "sim": "\\sim is only understood under an expectation, as in \\mathbb{E}_{x \\sim p}",
    "forall": "quantifiers (\\forall) are not supported",
    "binom": "binomial coefficients (\\binom) are not supported",
    "exists": "quantifiers (\\exists) are not supported",
    "{": "sets \\{...\\} are not supported here (braces around one expression are read as "
    "brackets)",
    "}": "sets \\{...\\} are not supported here",
}


def refusal(name: str) -> str:
    r"""Why the command ``\name`` cannot be read."""
    if name == "%":
        return "a percent sign that does not follow a number"
    if name in ARROWS:
        return f"the arrow \\{name} is not a relation symxent checks"
    return WHY.get(name, f"unknown macro \\{name}")


INDEX_ARITHMETIC = re.compile(r"[+-]?(?:\d*[A-Za-z]|\d+)(?:[+-](?:\d*[A-Za-z]|\d+))+")
"""An index written as a sum of letters and whole numbers: ``i+1``, ``n+1-i``, ``2k-1``."""


def subscript_parts(content: str, where: str) -> tuple[str, ...]:
    r"""Split a name's subscript: ``ij`` -> (i, j); ``KL`` -> (KL,); ``\theta`` -> (theta,).

    An index written with ``+`` or ``-`` (``i+1``, ``n+1-i``) is one part, kept as written.
    """
    text = re.sub(
        r"\\(?:mathrm|text|mathit|operatorname|textrm|mathsf|mbox|mathbb)\s*\{([^{}]*)\}",
        r"\1",
        content,
    )
    text = text.replace(" ", "").replace("{", "").replace("}", "")
    text = text.strip("()")
    if re.fullmatch(r"\\[a-zA-Z]+", text) and text[1:] in GREEK:
        return (text[1:],)
    if re.fullmatch(r"\d+", text):
        return (text,)
    if re.fullmatch(r"[A-Za-z]+", text):
        if len(text) > 1 and (text.isupper() or text in OPERATOR_WORDS or not text.islower()):
            return (text,)
        if len(text) > 1 and text.islower() and len(text) > 3:
            return (text,)  # a word such as "info"
        return tuple(text)
    if re.fullmatch(r"[A-Za-z0-9]+(,[A-Za-z0-9]+)+", text):
        return tuple(text.split(","))
    if INDEX_ARITHMETIC.fullmatch(text):
        return (text,)  # p_{i+1}, p_{n+1-i}: one index, worked out by the mapper
    raise LatexParseError(f"the subscript {{{content.strip()}}} of {where} is not understood")
