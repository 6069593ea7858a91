"""The articles a conclusion's proof cites, read straight from the prover's chosen derivations.

`jiuze batch --proofs why` lists, for every conclusion, the articles of the rules its shortest
folded proof uses (`reports.data.cited_articles(model.explain(atom))`).  Building those trees —
nodes, readings, the fold of the defeasible layer — was about half of batch's time (issue 12).
This walks the same derivations `Prover.prove` picks and mirrors `Arguments.fold` step by step,
memoised per atom, without building a node; tests compare it with the trees on every conclusion.
"""

from __future__ import annotations

from jiuze.compile.defeasible import APPLICABLE
from jiuze.explain.matching import Premise
from jiuze.explain.proof import GroundAtom

NONE: frozenset = frozenset()


class Citations:
    """Articles (unreduced: `most_specific` is the reader's) per atom of one model."""

    def __init__(self, arguments):
        self.arguments, self.prover = arguments, arguments.prover
        self._folded: dict[tuple, frozenset] = {}
        self._raw: dict[tuple, frozenset] = {}

    def of(self, predicate: str, values: tuple) -> frozenset:
        """Articles of the rules in fold(prove(atom)); empty for a case fact or an atom that does not hold."""
        key = (predicate, values)
        known = self._folded.get(key)
        if known is None:
            known = self._folded[key] = self._fold(key)
        return known

    def _fold(self, key: tuple) -> frozenset:
        """As Arguments._fold: a contested conclusion shows its applicability rule's conditions
        (not that rule itself) and its rebuttals; any other derived node its folded premises."""
        derivation = self.prover.derivation(*key)
        if derivation is None:
            return NONE  # a fact node, cited by nobody
        rule, premises = derivation
        found = {rule.article} if rule.article is not None else set()
        first = premises[0] if premises else None
        if first is not None and first.kind in ("atom", "absent") and self._applicable(first.predicate):
            if first.kind == "atom":
                found.update(*(self._folded_premise(p) for p in self._premises(first.predicate, first.values)))
            found.update(
                *(self._rebuttal(literal, row) for _, literal, row, _ in self.arguments.attacks(GroundAtom(*key)))
            )
        else:
            found.update(*(self._folded_premise(p) for p in premises))
        return frozenset(found)

    def _rebuttal(self, literal, row: tuple) -> frozenset:
        """A rebuttal node is not cited; the folded conditions of the attacker under it are."""
        found: set = set()
        found.update(*(self._folded_premise(p) for p in self._premises(literal.predicate, row)))
        return frozenset(found)

    def _premises(self, predicate: str, values: tuple) -> list[Premise]:
        derivation = self.prover.derivation(predicate, values)
        return derivation[1] if derivation is not None else []

    def _applicable(self, predicate: str) -> bool:
        role = self.arguments.program.roles.get(predicate)
        return role is not None and role.kind == APPLICABLE

    def _folded_premise(self, premise: Premise) -> frozenset:
        if premise.kind == "atom":
            return self.of(premise.predicate, premise.values)
        if premise.kind == "count":
            return self._count(premise)  # fold leaves a count node as the prover built it
        return NONE  # absent, comparison: no rule

    # ------------------------------------------------------------ unfolded (inside counts)

    def _unfolded(self, key: tuple) -> frozenset:
        known = self._raw.get(key)
        if known is None:
            derivation = self.prover.derivation(*key)
            found: set = set()
            if derivation is not None:
                rule, premises = derivation
                if rule.article is not None:
                    found.add(rule.article)
                found.update(*(self._unfolded_premise(p) for p in premises))
            known = self._raw[key] = frozenset(found)
        return known

    def _unfolded_premise(self, premise: Premise) -> frozenset:
        if premise.kind == "atom":
            return self._unfolded((premise.predicate, premise.values))
        if premise.kind == "count":
            return self._count(premise)
        return NONE

    def _count(self, premise: Premise) -> frozenset:
        found: set = set()
        for _, premises in self.prover.counted(premise):
            found.update(*(self._unfolded_premise(p) for p in premises))
        return frozenset(found)
