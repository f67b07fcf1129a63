r"""Named lemmas: proofs of inequalities by ``log x ≤ x − 1``, Jensen, the log-sum inequality.

:func:`prove_by_lemmas` searches a short chain of lemma applications for a claim
``lhs ≤ rhs``; each lemma applies only where its hypotheses are shown exactly, and the chain is
returned as a :class:`LemmaProof` (a certificate a reader can follow).

Example:
    >>> from symxent import CrossEntropy, Distribution, Entropy
    >>> from symxent.relations import Relation
    >>> p, q = Distribution("p", "n"), Distribution("q", "n")
    >>> prove_by_lemmas(CrossEntropy(p, q), Relation.GE, Entropy(p), where={}).method
    'log x ≤ x − 1, summed over i'
"""

from symxent.check.lemmas.certificate import Application, LemmaProof
from symxent.check.lemmas.engine import names_lemma, prove_by_lemmas

__all__ = ["Application", "LemmaProof", "names_lemma", "prove_by_lemmas"]
