"""The articles a conclusion's proof cites, read straight from the prover's chosen derivations.

`jiuze batch --proofs why` lists, for every conclusion, the articles of the rules its shortest
folded proof uses (`reports.data.cited_articles(model.explain(atom))`).  Building those trees —
nodes, readings, the fold of the defeasible layer — was about half of batch's time (issue 12).
This walks the same derivations `Prover.prove` picks and mirrors `Arguments.fold` step by step,
memoised per atom, without building a node; tests compare it with the trees on every conclusion.

Where the evaluator reported firings, a derivation is read from the prover's best firing
(`Prover.fired_best`: rule plan and firing values) without building its premises, and a set of
articles is an int with one bit per article (`ArticleBits`, one per program), so folding is `|`.
"""

from __future__ import annotations

from jiuze.compile.defeasible import APPLICABLE
from jiuze.compile.program import Program
from jiuze.explain.firings import per_program, plans_for
from jiuze.explain.matching import Premise
from jiuze.language.articles import ArticleRef

NONE: frozenset = frozenset()
_BODY, _APPLICABLE_ATOM, _APPLICABLE_ABSENT = range(3)  # how a rule's derivation folds (`_Fold`)
_TABLES: dict[int, tuple] = {}  # id(program) -> (program, its table)


class ArticleBits:
    """A program's articles as bits, and what `Citations` needs of each firing rule, made once per
    program (a batch folds ~65 derivations a case with the same program)."""

    def __init__(self, program: Program):
        self.bits: dict[ArticleRef, int] = {}
        self.sets: dict[int, frozenset] = {0: NONE}  # mask -> its articles, each set made once
        self.applicable = frozenset(p for p, role in program.roles.items() if role.kind == APPLICABLE)
        existentials = program.existentials_by_relation
        self.folds: list[_Fold | None] = []  # per rule number, for rules with a firing plan
        for plan in plans_for(program).plans:
            self.folds.append(None if plan is None else _Fold(plan, self, existentials))

    def bit(self, article: ArticleRef | None) -> int:
        if article is None:
            return 0
        known = self.bits.get(article)
        if known is None:
            known = self.bits[article] = 1 << len(self.bits)
        return known

    def articles(self, mask: int) -> frozenset:
        known = self.sets.get(mask)
        if known is None:
            known = self.sets[mask] = frozenset(a for a, bit in self.bits.items() if mask & bit)
        return known


def bits_for(program: Program) -> ArticleBits:
    return per_program(_TABLES, program, ArticleBits)


class _Fold:
    """One rule, as `Citations._fold` reads it: its article's bit; whether its first premise is an
    applicability atom (a contested conclusion: fold shows that atom's conditions and the
    rebuttals instead of the body) — fixed by the rule, so decided once; whether it has
    existential or count premises (those take the slower way)."""

    def __init__(self, plan, table: ArticleBits, existentials: dict):
        self.bit = table.bit(plan.rule.article)
        self.existential = any(step[2] in existentials for step in plan.steps)
        self.counts = any(step[0] == "count" for step in plan.steps)
        self.mode = _BODY
        if plan.steps:
            kind, _, predicate, _, _ = plan.steps[0]
            if predicate in existentials:  # shown as the existential's own atom (Prover._best_row)
                predicate = existentials[predicate].atom.predicate
            if kind in ("atom", "absent") and predicate in table.applicable:
                self.mode = _APPLICABLE_ATOM if kind == "atom" else _APPLICABLE_ABSENT
                # the applicability atom is derived (a `#适用` rule's head), so it leads `plan.derived`
                assert kind == "absent" or plan.derived_steps[0] is plan.steps[0]
        self.plain = self.mode == _BODY and not self.existential and not self.counts  # the atoms' folds alone


class Citations:
    """Articles (unreduced: `most_specific` is the reader's) per atom of one model."""

    def __init__(self, arguments):
        self.arguments, self.prover = arguments, arguments.prover
        self.table = bits_for(arguments.program)
        self.folds = self.table.folds
        firings = self.prover.firings  # what Prover.chosen_firing reads, for its lone-firing case inlined in _fold
        self._fired: dict = firings.fired if firings is not None else {}
        self._plans = firings.plans.plans if firings is not None else []
        self._direct = firings.plans.direct if firings is not None else frozenset()
        self._folded: dict[tuple, int] = dict.fromkeys(self.prover.inputs, 0)  # a fact node, cited by nobody
        self._bodies: dict[tuple, int] = {}
        self._raw: dict[tuple, int] = {}
        self._counts: dict[tuple, int] = {}

    def of(self, predicate: str, values: tuple) -> frozenset:
        """Articles of the rules in fold(prove(atom)); empty for a case fact or an atom that does not hold."""
        key = (predicate, values)
        known = self._folded.get(key)
        if known is None:
            known = self._folded[key] = self._fold(key)
        found = self.table.sets.get(known)
        return found if found is not None else self.table.articles(known)

    def mask(self, key: tuple) -> int:
        known = self._folded.get(key)
        if known is None:
            known = self._folded[key] = self._fold(key)
        return known

    def _fold(self, key: tuple) -> int:
        """As Arguments._fold: a contested conclusion shows its applicability rule's conditions
        (not that rule itself) and its rebuttals; any other derived node its folded premises."""
        prover = self.prover
        fired = prover.fired_best.get(key)
        if fired is None:
            lone = self._fired.get(key)
            if lone is not None and len(lone) == 1 and key[0] in self._direct:  # as chosen_firing
                number, firing = lone[0]
                plan = self._plans[number]
                if not plan.existential:
                    fired = prover.fired_best[key] = (None, plan, firing, plan.derived(firing))
            if fired is None:
                fired = prover.chosen_firing(key)
                if fired is None:
                    return self._fold_derivation(key)
        top, plan, firing, atoms = fired
        fold = self.folds[plan.order]
        if fold.plain:  # the common case, inlined: batch folds ~50 atoms a case
            mask, folded = fold.bit, self._folded
            for atom in atoms:
                known = folded.get(atom)
                if known is None:
                    known = folded[atom] = self._fold(atom)
                mask |= known
            return mask
        if fold.mode == _BODY:
            return fold.bit | self._fired_body(fired, fold)
        mask = fold.bit
        if fold.mode == _APPLICABLE_ATOM:
            first = atoms[0]
            if fold.existential and first[0] in prover._existentials:
                first = prover._best_row_key(first[0], first[1], top)
            mask |= self._body(first)
        return mask | self._rebuttals(key)

    def _fired_body(self, fired: tuple, fold: _Fold, unfolded: bool = False) -> int:
        """The premises of a best firing: its atoms' folds (or, inside a count, their unfolded
        articles), its counts' unfolded rules."""
        mask = 0
        top, plan, firing, atoms = fired
        if fold.existential:
            prover = self.prover
            existentials = prover._existentials
            atoms = [prover._best_row_key(a[0], a[1], top) if a[0] in existentials else a for a in atoms]
        of = self._unfolded if unfolded else self.mask
        for atom in atoms:
            mask |= of(atom)
        if fold.counts:
            for premise in plan.premises(firing):
                if premise.kind == "count":
                    mask |= self._count(premise)
        return mask

    def _fold_derivation(self, key: tuple) -> int:
        """`_fold` on the prover's derivation (matching, recursion, existential atoms)."""
        derivation = self.prover.derivation(*key)
        if derivation is None:
            return 0
        rule, premises = derivation
        mask = self.table.bit(rule.article)
        first = premises[0] if premises else None
        if first is not None and first.kind in ("atom", "absent") and first.predicate in self.table.applicable:
            if first.kind == "atom":
                mask |= self._body((first.predicate, first.values))
            return mask | self._rebuttals(key)
        for premise in premises:
            mask |= self._folded_premise(premise)
        return mask

    def _rebuttals(self, key: tuple) -> int:
        """A rebuttal node is not cited; the folded conditions of the attacker under it are."""
        mask = 0
        for literal, row in self.arguments.attack_rows(*key):
            mask |= self._body((literal.predicate, row))
        return mask

    def _body(self, key: tuple) -> int:
        """The folded premises of an atom's derivation (not its own rule, nor any rebuttal)."""
        known = self._bodies.get(key)
        if known is None:
            prover = self.prover
            fired = prover.chosen_firing(key)
            if fired is not None:
                known = self._fired_body(fired, self.folds[fired[1].order])
            else:
                derivation = prover.derivation(*key)
                known = 0
                for premise in derivation[1] if derivation is not None else ():
                    known |= self._folded_premise(premise)
            self._bodies[key] = known
        return known

    def _folded_premise(self, premise: Premise) -> int:
        if premise.kind == "atom":
            return self.mask((premise.predicate, premise.values))
        if premise.kind == "count":
            return self._count(premise)  # fold leaves a count node as the prover built it
        return 0  # absent, comparison: no rule

    # ------------------------------------------------------------ unfolded (inside counts)

    def _unfolded(self, key: tuple) -> int:
        known = self._raw.get(key)
        if known is None:
            prover = self.prover
            fired = prover.fired_best.get(key) or prover.chosen_firing(key)
            if fired is not None:
                fold = self.folds[fired[1].order]
                known = self._raw[key] = fold.bit | self._fired_body(fired, fold, unfolded=True)
                return known
            derivation = prover.derivation(*key)
            known = 0
            if derivation is not None:
                rule, premises = derivation
                known = self.table.bit(rule.article)
                for premise in premises:
                    known |= self._unfolded_premise(premise)
            self._raw[key] = known
        return known

    def _unfolded_premise(self, premise: Premise) -> int:
        if premise.kind == "atom":
            return self._unfolded((premise.predicate, premise.values))
        if premise.kind == "count":
            return self._count(premise)
        return 0

    def _count(self, premise: Premise) -> int:
        key = (id(premise.literal.aggregate), premise.values)
        known = self._counts.get(key)
        if known is None:
            known = 0
            for _, premises in self.prover.counted(premise):
                for inner in premises:
                    known |= self._unfolded_premise(inner)
            self._counts[key] = known
        return known
