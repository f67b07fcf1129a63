r"""What each lecture note in ``tests/corpus/notes`` is expected to get from the checker.

Every deliberately wrong link is listed with both sides computed with mpmath (it must be
refuted); some correct numeric links are listed the same way (they must hold: the notes' own
numbers are checked here, not taken on trust); and claims about values that only the prose gives
are listed as unbound (they must be skipped, issue 10 B.8). Every other refuted row is a false
alarm. Line numbers are 1-based; ``test_corpus_truth.py`` checks that each listed text is on its
line.

Example:
    >>> sum(len(note.wrong) for note in NOTES) >= 10
    True
"""

from __future__ import annotations

from mpmath import mp, mpf

from corpus.notes_check import Link, Note, Unbound
from corpus.truth import CE, KL, H, log, lse, rounding, sigmoid

HALF, QUARTER = mpf(1) / 2, mpf(1) / 4


def _d(text: str) -> mpf:
    return mpf(text)


def _approx(line: int, text: str, value, stated: str, why: str, match: str = "") -> Link:
    """A link ``value ≈ stated`` (a decimal rounded to its last place)."""
    return Link(
        line, text, match or stated, why, lambda: (value(), _d(stated)), "≈", rounding(stated)
    )


def _table_hy():
    """H(Y) of note 05's table: p(y) = (0.6, 0.4), in bits."""
    return H([_d("0.6"), _d("0.4")], 2)


def _table_hxy():
    """H(X, Y) of note 05's table (0.4, 0.1; 0.2, 0.3), in bits."""
    return H([_d("0.4"), _d("0.1"), _d("0.2"), _d("0.3")], 2)


# The data: one note per entry (kept compact, not reformatted).
# fmt: off
NOTES: tuple[Note, ...] = (
    Note(
        "01_entropy_source_coding.md", base="2",
        style="university lecture notes, English, bits (after Cover & Thomas ch. 2 and 5)",
        wrong=(
            Link(51, r"\log 8 = 2", "8=2", "2^3 = 8, so log_2 8 = 3 bits",
                 lambda: (log(8, 2), mpf(2))),
        ),
        checks=(
            Link(36, r"= 1.75", "1.75", "1/2 + 2/4 + 3/8 + 3/8 = 7/4",
                 lambda: (H([HALF, QUARTER, mpf(1) / 8, mpf(1) / 8], 2), mpf("1.75"))),
            _approx(49, r"\log 6 \approx 2.585", lambda: log(6, 2), "2.585", "log_2 6 = 2.58496"),
            _approx(59, r"-0.9 \log 0.9 - 0.1 \log 0.1 \approx 0.469",
                    lambda: H([_d("0.9"), _d("0.1")], 2), "0.469", "0.13682 + 0.33219 = 0.46900"),
        ),
        unbound=(
            Unbound(55, "H(X, Y) = 2", "two fair independent coins, stated only in the prose"),
        ),
    ),
    Note(
        "02_cross_entropy_and_kl.md", base="e",
        style="reading-group notes, English, nats (after Goodfellow et al. 3.13)",
        wrong=(
            Link(37, r"= \sum_x p(x) \log q(x) - \sum_x p(x) \log p(x)", "",
                 "the right side is -D(p||q); at p = (1/2, 1/2), q = (0.9, 0.1): 0.511 vs -0.511",
                 lambda: (KL([HALF, HALF], [_d("0.9"), _d("0.1")]),
                          -KL([HALF, HALF], [_d("0.9"), _d("0.1")]))),
            _approx(64, r"\log 2 + 0.144 \approx 0.737", lambda: mp.log(2) + _d("0.144"), "0.737",
                    "ln 2 + 0.144 = 0.837 (the cross-entropy on line 62), not 0.737"),
        ),
        checks=(
            _approx(51, r"\frac{1}{3} \log 2 \approx 0.231", lambda: mp.log(2) / 3, "0.231",
                    "(ln 2)/3 = 0.23105"),
            _approx(58, r"\approx 0.144",
                    lambda: KL([HALF, HALF], [QUARTER, 3 * QUARTER]), "0.144",
                    "0.5 ln 2 + 0.5 ln(2/3) = 0.14384"),
            _approx(62, r"\approx 0.837", lambda: CE([HALF, HALF], [QUARTER, 3 * QUARTER]),
                    "0.837", "0.69315 + 0.14384 = 0.83698"),
        ),
    ),
    Note(
        "03_softmax_classifier_gradient.md", base="e",
        style="course notes, English (CS231n / d2l.ai style)",
        wrong=(
            _approx(67, r"-\ln \frac{1}{3} \approx 1.609", lambda: mp.log(3), "1.609",
                    "ln 3 = 1.0986; 1.609 is ln 5"),
        ),
        checks=(
            Link(44, "7.389 + 2.718 + 1.105 = 11.212", "11.212", "exact decimal sum",
                 lambda: (_d("7.389") + _d("2.718") + _d("1.105"), _d("11.212"))),
            _approx(46, r"\approx 0.659", lambda: _d("7.389") / _d("11.212"), "0.659", "0.65903"),
            _approx(54, r"-\ln 0.659 \approx 0.417", lambda: -mp.log(_d("0.659")), "0.417",
                    "0.41703"),
            Link(63, "-0.341 + 0.242 + 0.099 = 0", "", "exact decimal sum",
                 lambda: (_d("-0.341") + _d("0.242") + _d("0.099"), mpf(0))),
        ),
    ),
    Note(
        "04_binary_cross_entropy_examples.md", base="e",
        style="blog walkthrough, English, nats",
        wrong=(
            Link(59, r"= \sigma(a) + y", "+y",
                 "d/da (log(1 + e^a) - y a) = sigma(a) - y; at a = 0, y = 1: -1/2 vs 3/2",
                 lambda: (sigmoid(0) - 1, sigmoid(0) + 1)),
        ),
        checks=(
            _approx(24, r"-\ln 0.3 \approx 1.204", lambda: -mp.log(_d("0.3")), "1.204", "1.20397"),
            _approx(36, "= 0.357", lambda: -mp.log(_d("0.7")), "0.357", "0.35667"),
            _approx(38, "= 0.357", lambda: -mp.log(_d("0.7")), "0.357",
                    "same value as line 36, with the roles of the terms swapped"),
            _approx(44, r"\approx 0.511",
                    lambda: (_d("0.105") + _d("0.223") + _d("0.511") + _d("1.204")) / 4, "0.511",
                    "2.043 / 4 = 0.51075"),
        ),
    ),
    Note(
        "05_mutual_information_table.md", base="2",
        style="problem-class notes, English, bits (after Cover & Thomas Example 2.2.1)",
        wrong=(
            Link(13, r"H(Y \mid X) = H(X, Y) - H(Y)", "",
                 "H(Y|X) = H(X,Y) - H(X); for the table below 0.846 vs 1.846 - 0.971 = 0.875",
                 lambda: (_table_hxy() - 1, _table_hxy() - _table_hy())),
            Link(54, "0.971 - 0.846 = 0.215", "0.215", "0.971 - 0.846 = 0.125",
                 lambda: (_d("0.971") - _d("0.846"), _d("0.215"))),
        ),
        checks=(
            _approx(34, r"\approx 0.971", _table_hy, "0.971", "0.97095"),
            _approx(38, r"\approx 1.846", _table_hxy, "1.846", "1.84644"),
            Link(52, "1 + 0.971 - 1.846 = 0.125", "", "exact decimal arithmetic",
                 lambda: (1 + _d("0.971") - _d("1.846"), _d("0.125"))),
        ),
        unbound=(
            Unbound(46, r"H(X \mid Y) \approx 0.875", "the joint pmf is only a Markdown table"),
            Unbound(62, "H(X, Y) = 2", "two fair independent bits, stated only in the prose"),
            Unbound(64, "I(X; Y) = 0", "independence stated only in the prose"),
        ),
    ),
    Note(
        "06_jensen_and_gibbs.md", base="e",
        style="lecture notes, English, natural log",
        wrong=(
            Link(30, r"\log 1 = 1", "\\log1=1", "log 1 = 0", lambda: (mp.log(1), mpf(1))),
        ),
        checks=(
            Link(17, r"\frac{1^2 + 3^2}{2} = 5", "", "(1 + 9)/2", lambda: (mpf(10) / 2, mpf(5))),
            _approx(60, r"\log 2 \approx 0.693",
                    lambda: 1 * mp.log(mpf(1) / 2) + 2 * mp.log(2), "0.693",
                    "log-sum left side for a = (1, 2), b = (2, 1): ln(1/2) + 2 ln 2 = ln 2"),
        ),
    ),
    Note(
        "07_information_entropy_ko.md", base="2",
        style="Korean study handout (seed style), bits",
        wrong=(
            Link(51, r"\log_2 8 = 2", "8=2", "log_2 8 = 3", lambda: (log(8, 2), mpf(2))),
        ),
        checks=(
            _approx(39, r"\log_2 6 \approx 2.585", lambda: log(6, 2), "2.585", "2.58496"),
            _approx(47, r"\approx 0.469", lambda: H([_d("0.9"), _d("0.1")], 2), "0.469", "0.46900"),
        ),
    ),
    Note(
        "08_cross_entropy_loss_ko.md", base="e",
        style="Korean NLP lecture handout (seed style), nats",
        wrong=(
            _approx(38, r"-\ln 0.2 \approx 1.204", lambda: -mp.log(_d("0.2")), "1.204",
                    "-ln 0.2 = 1.609; 1.204 is -ln 0.3"),
        ),
        checks=(
            _approx(30, r"-\ln \frac{1}{4} \approx 1.386", lambda: mp.log(4), "1.386", "1.38629"),
            _approx(34, r"-\ln 0.4 \approx 0.916", lambda: -mp.log(_d("0.4")), "0.916", "0.91629"),
        ),
        unbound=(
            Unbound(50, "H(p) = 0", "p is one-hot only in the prose (정답 p 가 one-hot 이면)"),
        ),
    ),
    Note(
        "09_logistic_sigmoid.md", base="e",
        style="reading notes on Bishop PRML 4.2-4.3, English",
        wrong=(
            _approx(34, r"\sigma(-2) \approx 0.881", lambda: sigmoid(-2), "0.881",
                    "sigma(-2) = 1 - sigma(2) = 0.119"),
        ),
        checks=(
            _approx(32, r"\sigma(2) \approx 0.881", lambda: sigmoid(2), "0.881", "0.88080"),
            _approx(36, r"\sigma(0.5) \approx 0.622", lambda: sigmoid(_d("0.5")), "0.622", "0.62246"),
        ),
    ),
    Note(
        "10_log_sum_exp.md", base="e",
        style="numerics blog post, English",
        wrong=(
            Link(31, r"= m + \log \sum_{i=1}^{n} e^{z_i}", "",
                 "the shift is missing inside the sum; with the note's z = (1000, 1001, 1002), "
                 "m = 1002: 1002.408 vs 2004.408",
                 lambda: (lse([mpf(1000), mpf(1001), mpf(1002)]),
                          1002 + lse([mpf(1000), mpf(1001), mpf(1002)]))),
        ),
        checks=(
            Link(23, r"= 1002 + \log\left(e^{-2} + e^{-1} + 1\right)", "", "factor e^{1002} out",
                 lambda: (lse([mpf(1000), mpf(1001), mpf(1002)]),
                          1002 + mp.log(mp.exp(-2) + mp.exp(-1) + 1))),
            _approx(25, r"\approx 0.408", lambda: mp.log(mp.exp(-2) + mp.exp(-1) + 1), "0.408",
                    "0.40761"),
        ),
    ),
)
# fmt: on
