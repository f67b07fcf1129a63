"""Long error messages are cut in the middle, in the Python API as on the command line."""

from __future__ import annotations

import numpy as np
import pytest

import symxent.numeric as sn
from symxent import cli
from symxent.errors import MESSAGE_LIMIT, NumericError, SymxentError, shorten


def test_shorten_keeps_both_ends_and_says_how_much_was_cut():
    text = "A" * 300 + "B" * 400 + "C" * 300  # 1000 characters
    short = shorten(text, 100)
    # limit 100: 40 characters of each end kept (100 - 20 for the note, halved), 920 cut
    assert short == "A" * 40 + " [... 920 characters cut ...] " + "C" * 40
    assert shorten(text, 1000) == text  # at the limit: whole


def test_api_error_quoting_a_huge_argument_is_cut_but_kept_whole():
    huge = "r" * 3000
    with pytest.raises(NumericError) as caught:
        sn.cross_entropy_with_logits(np.zeros((2, 3)), np.array([0, 1]), reduction=huge)
    message = str(caught.value)
    assert len(message) <= MESSAGE_LIMIT + 40
    assert message.startswith("reduction must be one of")  # what went wrong stays readable
    assert "characters cut" in message
    assert huge in caught.value.full_message  # the whole text, for programs


def test_short_messages_are_untouched():
    error = SymxentError("a short message")
    assert str(error) == error.full_message == "a short message"


def test_cli_cuts_to_its_own_limit_on_one_line():
    error = SymxentError("first line\n" + "x" * 2000 + "\nlast line")
    line = cli._one_line(error)
    assert "\n" not in line and len(line) <= 500 + 40
    assert line.startswith("first line") and line.endswith("last line")
