"""Proofs rebuilt lazily from a finished model (the Soufflé idea).

Evaluation records nothing per tuple.  When a conclusion is to be explained,
every tuple of the model is ranked by the earliest round in which it can be
derived (input facts rank 0); a proof then only uses premises of strictly
lower rank, which makes it finite and well-founded under recursion, and
picking the lowest-ranked derivation gives a shortest proof.
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass, field
from typing import cast

from jiuze.compile.program import CountLookup, Fact, Program, Rule
from jiuze.evaluate.facts import FactIndex
from jiuze.evaluate.values import remembered_text, row_key, value_text
from jiuze.explain.matching import Premise, match_body, pattern_of, substituted, unify_row
from jiuze.language import ast
from jiuze.language.articles import ArticleRef

DERIVED, FACT, ABSENT, CHECK, COUNT, ITEM = "derived", "fact", "absent", "check", "count", "item"
_UNRANKED = -1  # not in Prover._rank yet (None there: ranked, does not hold)


@dataclass(frozen=True, order=True)
class GroundAtom:
    """A predicate with concrete values, e.g. 应当追究(张三, 案1); printed in the rule language."""

    predicate: str
    values: tuple

    def __str__(self) -> str:
        return atom_text(self.predicate, self.values)


def atom_text(predicate: str, values: tuple) -> str:
    """`str(GroundAtom(predicate, values))` without making the atom (batch prints ~50 a case)."""
    return f"{predicate}({', '.join([remembered_text(v) or value_text(v) for v in values])})"


@dataclass(frozen=True)
class Proof:
    """One node of a proof tree.

    kind: derived (a rule fired), fact (an input fact), absent (a negated
    condition checked absent), check (a comparison that holds), count (an
    aggregate, with one `item` child per thing counted).
    """

    kind: str
    text: str
    reading: str = ""
    atom: GroundAtom | None = None
    rule: Rule | None = field(default=None, compare=False)
    source: str = ""
    premises: tuple["Proof", ...] = ()

    @property
    def article(self) -> ArticleRef | None:
        return self.rule.article if self.rule else None

    def size(self) -> int:
        return 1 + sum(p.size() for p in self.premises)


class Prover:
    """Builds proofs for atoms of one model; ranks are computed once, on first use."""

    def __init__(self, program: Program, model_index: FactIndex, inputs: dict[tuple, Fact], reader, firings=None):
        self.program = program
        self.firings = firings  # explain.firings.Firings: which rule fired how, if the evaluator said
        self.model = model_index
        self.inputs = inputs
        self.read = reader
        self._rank: dict[tuple, int | None] = {}
        self._ranked_components: set[int] = set()
        self._best: dict[tuple, Proof] = {}
        self._derivation: dict[tuple, tuple] = {}  # atom -> (rule, premises) of its best derivation
        self._existentials = program.existentials_by_relation
        self._existential_rows: dict[tuple, list[tuple]] = {}  # (#存在N, values) -> (text, rank, row)…
        self._chosen: dict[tuple, Premise] = {}  # (#存在N, values, rank) -> the row's premise
        self.fired_best: dict[tuple, tuple] = {}  # atom -> (rank - 1 or None, plan, firing, its derived atoms)

    # ------------------------------------------------------------ ranking

    def rank(self, predicate: str, values: tuple) -> int | None:
        """Earliest round in which the atom is derivable (None: it does not hold).

        Outside recursion the dependency graph is acyclic, so ranks are found
        top-down and only for the atoms a proof reaches.  The atoms of a
        recursive component are ranked bottom-up (semi-naive) together, once,
        from that component's rules only: reading the whole model for every
        explanation cost more than the evaluation itself.
        """
        key = (predicate, values)
        if key in self._rank:
            return self._rank[key]
        if predicate in self._existentials:
            return self._rank_existential(key)
        component = self.program.recursive.get(predicate)
        if component is None or key in self.inputs:
            return self._rank_top_down(key)
        if component not in self._ranked_components:
            self._ranked_components.add(component)
            self._rank_component(component)
        return self._rank.setdefault(key, None)

    def _rank_top_down(self, key: tuple) -> int | None:
        """Also keeps the best derivation found, so proving the atom does not match its rules again."""
        if key in self.inputs:
            self._rank[key] = 0
            return 0
        if self.firings is not None and self.firings.covers(key[0]):
            return self._rank_from_firings(key)
        best = None
        if key in self.model:
            for order, rule, premises in self._instances(*key):
                candidate = self._candidate(order, rule, premises)
                if candidate is not None and (best is None or _better(candidate, best)):
                    best = candidate
        if best is None:
            self._rank[key] = None
            return None
        self._derivation[key] = (best[3], best[2])
        self._rank[key] = best[0] + 1
        return best[0] + 1

    def _rank_from_firings(self, key: tuple) -> int | None:
        """`_rank_top_down` on the evaluator's firings, with the same choice: a firing is ranked from
        its atom premises' rows alone, and no premise is built.  A firing tied with the best on
        (rank, rule order) is the same rule's, and `_better`'s text comparison runs on the two
        firings' premise (predicate, values) lists (`_keys`).  The best firing is kept as
        (rank - 1, plan, firing, its derived atom premises) in `fired_best`; `derivation` builds
        its premises when asked.  An atom of a predicate no rule derives can only be an input fact
        (rank 0), so it is not looked at (`_RulePlan.derived`; the tests check every premise holds).  A premise whose predicate is ranked here too (`direct`: covered by
        firings, neither recursive nor existential) is ranked without going through `rank`."""
        ranks = self._rank
        if key in self.inputs:
            ranks[key] = 0
            return 0
        best = -1  # the best firing's max premise rank
        best_plan, best_firing, best_atoms = None, (), []
        tied: list | None = None  # the best firing's premise keys, once a tie needed them
        firings = self.firings
        plans, get = firings.plans.plans, ranks.get
        for number, firing in firings.fired.get(key, ()):  # a firing's head is in the model (tested)
            plan = plans[number]
            atoms = plan.derived(firing)
            top = 0
            for atom in atoms:
                height = get(atom, _UNRANKED)
                if height == _UNRANKED:
                    height = self._rank_premise(atom)
                if height is None:
                    break
                if height > top:
                    top = height
            else:
                if best_plan is None or top < best or (top == best and plan.order < best_plan.order):
                    best, best_plan, best_firing, best_atoms, tied = top, plan, firing, atoms, None
                elif top == best and plan is best_plan:
                    if tied is None:
                        tied = self._keys(best, best_plan, best_firing)
                    other = self._keys(top, plan, firing)
                    if _better_keys(other, tied):
                        best_firing, best_atoms, tied = firing, atoms, other
        if best_plan is None:
            ranks[key] = None
            return None
        self.fired_best[key] = (best, best_plan, best_firing, best_atoms)
        ranks[key] = best + 1
        return best + 1

    def chosen_firing(self, key: tuple) -> tuple | None:
        """(rank - 1, plan, firing, derived atom premises) of the firing an atom's shortest proof
        uses, as `fired_best` keeps it; None where the atom is not ranked from firings (an input fact,
        recursion, an existential, matching) or does not hold.

        An atom with one firing, of a rule without existential premises, is not ranked for this:
        that firing is its best whatever the ranks, because it has a rank at all — every premise of
        a firing holds in the model, and every atom of the model has a rank (the tests check both
        on every scenario).  Its rank (None in the tuple) is found if something asks for it."""
        known = self.fired_best.get(key)
        if known is not None:
            return known
        firings = self.firings
        if firings is None or key[0] not in firings.plans.direct or key in self.inputs or key in self._rank:
            return None
        fired = firings.fired.get(key)
        if fired is not None and len(fired) == 1:
            number, firing = fired[0]
            plan = firings.plans.plans[number]
            if not plan.existential:
                known = self.fired_best[key] = (None, plan, firing, plan.derived(firing))
                return known
        self._rank_from_firings(key)
        return self.fired_best.get(key)

    def _rank_premise(self, atom: tuple) -> int | None:
        """`rank` of an atom not yet ranked, straight to `_rank_from_firings` where it would go."""
        if atom[0] in self.firings.plans.direct:
            return self._rank_from_firings(atom)
        if atom in self.inputs and atom[0] not in self._existentials:
            self._rank[atom] = 0
            return 0
        return self.rank(*atom)

    def _keys(self, top: int, plan, firing: tuple) -> list[tuple]:
        """(predicate, values) of a ranked firing's premises as `_shown` gives them: existential
        premises replaced by their best row at rank `top`."""
        keys = plan.keys(firing)
        if self.program.existentials and any(k[0] in self._existentials for k in keys):
            keys = [self._best_row_key(k[0], k[1], top) if k[0] in self._existentials else k for k in keys]
        return keys

    def _shown(self, head: tuple, plan, firing: tuple) -> tuple:
        """A ranked firing as `_candidate` gives it: (rank, order, premises, rule), existential
        premises replaced by their best row at that rank."""
        premises = plan.premises(firing)
        if self.program.existentials and any(p.predicate in self._existentials for p in premises):
            premises = [self._best_row(p, head[0]) if p.predicate in self._existentials else p for p in premises]
        return (head[0], head[1], premises, plan.rule)

    def _rank_component(self, component: int) -> None:
        """Semi-naive over the component's rules; atoms from below join in the round after their rank."""
        rules = [r for r in self.program.rules if self.program.recursive.get(r.head.predicate) == component]
        members = {r.head.predicate for r in rules}
        arrivals = self._arrivals(rules, members)
        ranked, delta = FactIndex(), cast(dict[str, list[tuple]], {})
        lookup = _RankedLookup(ranked, self.model)
        round_number = 0
        while True:
            for predicate, values in arrivals.pop(round_number, ()):
                if ranked.add(predicate, values):
                    delta.setdefault(predicate, []).append(values)
            if not delta and not arrivals:
                return
            round_number += 1
            new = self._round(rules, delta, lookup, first=round_number == 1)
            delta = {}
            for predicate, values in new:
                self._rank[(predicate, values)] = round_number
                arrivals.setdefault(round_number, []).append((predicate, values))

    def _arrivals(self, rules: list[Rule], members: set[str]) -> dict[int, list[tuple]]:
        """Round -> atoms that become usable then: the component's input facts at 0, and every
        atom its rules read from outside the component at its own rank."""
        arrivals: dict[int, list[tuple]] = {}
        for predicate, values in self.inputs:
            if predicate in members:
                self._rank[(predicate, values)] = 0
                arrivals.setdefault(0, []).append((predicate, values))
        outside = sorted(
            {
                lit.predicate
                for rule in rules
                for lit in rule.body
                if isinstance(lit, ast.Atom) and lit.predicate not in members and not lit.predicate.startswith("#")
            }
        )
        for predicate in outside:
            for values in self.model.all(predicate):
                height = self.rank(predicate, values)
                if height is not None:
                    arrivals.setdefault(height, []).append((predicate, values))
        return arrivals

    def _round(self, rules, delta, lookup, first: bool) -> list[tuple]:
        new: dict[tuple, None] = {}
        for rule in rules:
            for binding, _ in self._delta_matches(rule, delta, lookup, first):
                values = pattern_of(rule.head, binding)
                key = (rule.head.predicate, values)
                if key not in self._rank and key not in new and key in self.model:
                    new[key] = None
        return list(new)

    def _delta_matches(self, rule: Rule, delta, lookup, first: bool):
        positives = [i for i, lit in enumerate(rule.body) if isinstance(lit, ast.Atom)]
        if not positives:
            if first:
                yield from match_body(rule.body, {}, lookup)
            return
        for i in positives:
            literal = cast(ast.Atom, rule.body[i])
            for row in delta.get(literal.predicate, ()):
                binding = unify_row(literal, row, {})
                if binding is not None:
                    yield from match_body(rule.body[:i] + rule.body[i + 1 :], binding, lookup)

    # ------------------------------------------------------------ proofs

    def prove(self, predicate: str, values: tuple) -> Proof | None:
        """The shortest proof of a ground atom, or None if it does not hold."""
        key = (predicate, values)
        if key in self._best:
            return self._best[key]
        height = self.rank(predicate, values)
        if height is None:
            return None
        if predicate in self._existentials:
            rule, premises = self._existential_derivation(predicate, values, height)
            proof = self._derived_node(predicate, values, rule, [self._premise_node(p) for p in premises])
        elif height == 0:
            proof = self._fact_node(predicate, values)
        else:
            rule, premises = self._best_derivation(predicate, values, height)
            proof = self._derived_node(predicate, values, rule, [self._premise_node(p) for p in premises])
        self._best[key] = proof
        return proof

    def derivation(self, predicate: str, values: tuple) -> tuple[Rule, list[Premise]] | None:
        """The (rule, premises) the shortest proof of a derived atom uses, without building nodes
        (None for an input fact or an atom that does not hold): batch cites articles from these."""
        known = self._derivation.get((predicate, values))
        if known is not None:
            return known  # kept only for a derived atom ranked top-down, as _best_derivation returns it
        height = self.rank(predicate, values)
        fired = self.fired_best.get((predicate, values))
        if fired is not None:
            return self._fired_derivation((predicate, values), fired)
        if height is not None and predicate in self._existentials:
            return self._existential_derivation(predicate, values, height)
        if not height:
            return None
        return self._best_derivation(predicate, values, height)

    def _existential_derivation(self, predicate: str, values: tuple, height: int) -> tuple[Rule, list[Premise]]:
        """A `#存在N` atom asked about directly (it is in the model): its hidden rule and best row."""
        rule = self.program.rules_by_head[predicate][0]
        return rule, [self._best_row(Premise(None, "atom", predicate, values), height)]

    def _instances(self, predicate: str, values: tuple):
        """(rule order, rule, premises) for every way a rule derives this atom in the model: read from
        the evaluator's firings where it reported them, else by matching the rules' bodies."""
        if self.firings is not None and self.firings.covers(predicate):
            return self.firings.instances(predicate, values)
        return self._matched(predicate, values)

    def _matched(self, predicate: str, values: tuple):
        order_of = self.program.rule_order
        for rule in self.program.rules_by_head.get(predicate, ()):
            order = order_of[id(rule)]
            start = unify_row(rule.head, values, {})
            if start is not None:
                for _, premises in match_body(rule.evaluated_body, start, self.model):
                    yield order, rule, premises

    def _fired_derivation(self, key: tuple, fired: tuple) -> tuple[Rule, list[Premise]]:
        """The best firing's (rule, premises), built once."""
        top, plan, firing, _ = fired
        _, _, premises, rule = self._shown((top, plan.order), plan, firing)
        found = self._derivation[key] = (rule, premises)
        return found

    def _best_derivation(self, predicate, values, height):
        known = self._derivation.get((predicate, values))
        if known is not None:
            return known
        fired = self.fired_best.get((predicate, values))
        if fired is not None:
            return self._fired_derivation((predicate, values), fired)
        best = None
        for order, rule, premises in self._instances(predicate, values):
            candidate = self._candidate(order, rule, premises, below=height)
            if candidate is not None and (best is None or _better(candidate, best)):
                best = candidate
        assert best is not None, "called only for atoms that have a rank"
        return best[3], best[2]

    def _candidate(self, order, rule, premises, below=None):
        """(max premise rank, rule order, premises, rule) of one derivation, or None when a premise
        has no rank (or none below `below`).  An existential premise (`#存在N`) ranks as the best
        row of its atom and is replaced by that row: the one of lowest (max(its rank, the rest's
        rank), text), exactly the derivation the rule as written would pick, without one
        derivation per row (issue 17)."""
        ranks = [self.rank(p.predicate, p.values) for p in premises if p.kind == "atom"]
        if any(r is None or (below is not None and r >= below) for r in ranks):
            return None
        top = max(cast(list[int], ranks), default=0)
        if self.program.existentials and any(p.predicate in self._existentials for p in premises):
            premises = [self._best_row(p, top) if p.predicate in self._existentials else p for p in premises]
        return (top, order, premises, rule)

    def _rank_existential(self, key: tuple) -> int | None:
        """A `#存在N` atom adds no level: it ranks as the lowest-ranked row of its atom."""
        ranks = [rank for _, rank, _ in self._rows_of(*key)]
        self._rank[key] = min(ranks, default=None)
        return self._rank[key]

    def _rows_of(self, relation: str, values: tuple) -> list[tuple]:
        """(text, rank, row) of each row of an existential atom for these shared values, by text."""
        key = (relation, values)
        found = self._existential_rows.get(key)
        if found is None:
            existential = self._existentials[relation]
            atom = existential.atom
            binding = {v.name: value for v, value in zip(existential.shared, values)}
            found = []
            for row in self.model.rows(atom.predicate, pattern_of(atom, binding)):
                if unify_row(atom, row, binding) is not None:
                    rank = self.rank(atom.predicate, row)
                    if rank is not None:
                        found.append((_atom_text(atom.predicate, row), rank, row))
            found.sort(key=lambda item: (item[0], row_key(item[2])))
            self._existential_rows[key] = found
        return found

    def _best_row_key(self, predicate: str, values: tuple, top: int) -> tuple:
        """(predicate, row) of `_best_row`'s premise."""
        chosen = self._best_row(Premise(None, "atom", predicate, values), top)
        return (chosen.predicate, chosen.values)

    def _best_row(self, premise: Premise, top: int) -> Premise:
        """The existential atom's row a derivation of rank `top` shows: lowest text among rows ranked ≤ top."""
        key = (premise.predicate, premise.values, top)
        found = self._chosen.get(key)
        if found is None:
            atom = self._existentials[premise.predicate].atom
            row = next(row for _, rank, row in self._rows_of(premise.predicate, premise.values) if rank <= top)
            found = self._chosen[key] = Premise(atom, "atom", atom.predicate, row)
        return found

    def _every_row(self, premises: list[Premise]):
        """Each premise list with the existential premises replaced by each of their rows (prove_all)."""
        options = []
        for p in premises:
            if p.kind == "atom" and p.predicate in self._existentials:
                atom = self._existentials[p.predicate].atom
                rows = [row for _, _, row in self._rows_of(p.predicate, p.values)]
                options.append([Premise(atom, "atom", atom.predicate, row) for row in rows])
            else:
                options.append([p])
        for combination in itertools.product(*options):
            yield list(combination)

    def prove_all(self, predicate: str, values: tuple, limit: int = 64) -> list[Proof]:
        """Every distinct acyclic derivation (at most `limit`), shortest first."""
        proofs = list(itertools.islice(self._all(predicate, values, frozenset()), limit))
        return sorted(proofs, key=lambda p: (p.size(), _signature(p)))

    def _all(self, predicate, values, ancestors):
        key = (predicate, values)
        if key in self.inputs:
            yield self._fact_node(predicate, values)
        for _, rule, matched in self._instances(predicate, values):
            for premises in self._every_row(matched):
                if any(p.kind == "atom" and (p.predicate, p.values) in ancestors | {key} for p in premises):
                    continue
                options = [self._premise_options(p, ancestors | {key}) for p in premises]
                for combination in itertools.product(*options):
                    yield self._derived_node(predicate, values, rule, list(combination))

    def _premise_options(self, premise: Premise, ancestors) -> list[Proof]:
        if premise.kind == "atom":
            return list(itertools.islice(self._all(premise.predicate, premise.values, ancestors), 16))
        return [self._premise_node(premise)]

    # ------------------------------------------------------------ nodes

    def _fact_node(self, predicate, values) -> Proof:
        fact = self.inputs.get((predicate, values))
        atom = GroundAtom(predicate, values)
        return Proof(FACT, str(atom), self.read(predicate, values), atom, source=fact.source if fact else "")

    def _derived_node(self, predicate, values, rule, premises) -> Proof:
        atom = GroundAtom(predicate, values)
        return Proof(DERIVED, str(atom), self.read(predicate, values), atom, rule, premises=tuple(premises))

    def _premise_node(self, premise: Premise) -> Proof:
        if premise.kind == "atom":
            return cast(Proof, self.prove(premise.predicate, premise.values))  # a premise that held
        if premise.kind == "absent":
            atom = GroundAtom(premise.predicate, premise.values)
            return Proof(ABSENT, f"并非 {atom}", self.read(premise.predicate, premise.values), atom)
        if premise.kind == "comparison":
            return Proof(CHECK, _comparison_text(premise))
        return self._count_node(premise)

    def _count_node(self, premise: Premise) -> Proof:
        literal: CountLookup = premise.literal
        aggregate = literal.aggregate
        group, total = premise.values[:-1], premise.values[-1]
        items = []
        for row, premises in self.counted(premise):
            counted = "，".join(ast.format_value(v) for v in row[len(group) :])
            items.append(Proof(ITEM, counted, premises=tuple(self._premise_node(p) for p in premises)))
        text = f"{literal.result} = {total}：计数{{{', '.join(map(str, aggregate.counted))}}}"
        return Proof(COUNT, text, f"共计 {total} 项", premises=tuple(items))

    def counted(self, premise: Premise):
        """(row, premises) of each thing a count premise counted, sorted: one proof of each."""
        aggregate = premise.literal.aggregate
        group = premise.values[:-1]
        pattern = group + (None,) * len(aggregate.counted)
        for row in sorted(self.model.rows(aggregate.items_relation, pattern), key=row_key):
            binding = {v.name: value for v, value in zip(aggregate.group + aggregate.counted, row)}
            match = next(iter(match_body(aggregate.body, binding, self.model)), None)
            yield row, (match[1] if match else [])


def _better_keys(candidate: list[tuple], best: list[tuple]) -> bool:
    """`_better` for two firings of one rule at one rank, on their premises' (predicate, values)."""
    for (p, v), (q, w) in zip(candidate, best):
        if p == q and v == w:
            continue
        mine, theirs = _atom_text(p, v), _atom_text(q, w)
        if mine != theirs:
            return mine < theirs
    return len(candidate) < len(best)


def _better(candidate: tuple, best: tuple) -> bool:
    """(max premise rank, rule order, premises, rule): lower rank, then earlier rule, then premises by text."""
    if candidate[:2] != best[:2]:
        return candidate[:2] < best[:2]
    for p, q in zip(candidate[2], best[2]):  # texts compared up to the first that differ, as lists compare
        if p.predicate == q.predicate and p.values == q.values:
            continue  # the same atom, the same text (as _atom_text's cache also assumes)
        mine, theirs = _atom_text(p.predicate, p.values), _atom_text(q.predicate, q.values)
        if mine != theirs:
            return mine < theirs
    return len(candidate[2]) < len(best[2])


@functools.lru_cache(maxsize=65_536)
def _atom_text(predicate: str, values: tuple) -> str:
    """Memoised: a premise shared by many derivations (an existential `所列情形(_, C, _)` row
    matched once per person) is compared once per derivation, quadratically often."""
    return str(GroundAtom(predicate, values))


class _RankedLookup:
    """Positive premises from the atoms ranked so far; negations on the whole model."""

    def __init__(self, ranked: FactIndex, model: FactIndex):
        self.ranked, self.model = ranked, model

    def rows(self, predicate, pattern):
        if predicate.startswith("#"):
            return self.model.rows(predicate, pattern)
        return self.ranked.rows(predicate, pattern)

    def exists(self, predicate, pattern):
        return self.model.exists(predicate, pattern)


def _comparison_text(premise: Premise) -> str:
    literal: ast.Comparison = premise.literal
    binding = premise.detail or {}
    if isinstance(literal.left, ast.Arithmetic) or isinstance(literal.right, ast.Arithmetic):
        shown = f"{substituted(literal.left, binding)} {literal.op} {substituted(literal.right, binding)}"
    else:
        left, right = premise.values
        shown = f"{ast.format_value(left)} {literal.op} {ast.format_value(right)}"
    return f"{shown}（{literal}）"


def _signature(proof: Proof) -> str:
    inner = ",".join(_signature(p) for p in proof.premises)
    return f"{proof.text}@{proof.rule.id if proof.rule else ''}[{inner}]"
