r"""Checking lecture notes and single identities written in LaTeX.

:func:`check_file` reads a Markdown or LaTeX lecture file and judges every claim in it;
:func:`verify` judges one identity or chain.

Example:
    >>> print(verify(r"\log_2 \frac{1}{0.125} = 3").status)
    proved
"""

from symxent.lecture.checker import LectureChecker, check_file, check_text
from symxent.lecture.report import LectureReport, Row
from symxent.lecture.verify import VerifyResult, verify

__all__ = [
    "LectureChecker",
    "LectureReport",
    "Row",
    "VerifyResult",
    "check_file",
    "check_text",
    "verify",
]
