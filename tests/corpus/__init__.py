r"""The textbook-identity corpus of issue 10: LaTeX claims with independently established truth.

``CLAIMS`` lists every entry (:class:`corpus.claims.Claim`), grouped by category in the two
data modules; ``NOTES`` (in :mod:`corpus.notes_expectations`) describes the lecture-note corpus.

Example:
    >>> from corpus import CLAIMS
    >>> len(CLAIMS) >= 150 and len({c.id for c in CLAIMS}) == len(CLAIMS)
    True
"""

from corpus import identities_info, identities_ml
from corpus.claims import Claim

CLAIMS: list[Claim] = [*identities_info.CLAIMS, *identities_ml.CLAIMS]

__all__ = ["CLAIMS", "Claim"]
