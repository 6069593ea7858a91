"""What if: the smallest changes to a case's facts that flip one conclusion.

For a conclusion that holds: the smallest sets of *stated* facts whose removal
makes it fail (each with the why-not after the removal).  For one that does
not hold: the smallest sets of *input* facts — predicates from the rulebook's
vocabulary, filled with the case's own constants — whose addition makes it
hold (each with the resulting proof).

Every answer is checked by evaluating the changed case; the candidates only
decide what is tried.  Removal candidates are the case facts that some
derivation of the conclusion uses; addition candidates are the facts the
why-not tree reports missing, re-asked after each addition, so a set grows
along what the rules still lack.  The search goes by size (all sets of one
fact, then two, …) and skips supersets of answers already found, so every
answer is minimal: each proper subset was evaluated and does not flip the
conclusion.  It is bounded by set size, number of evaluations and time, and
says when and why it stopped before exhausting its candidates.

"Complete" is relative to those candidates.  A stated fact that matters only
through a double negation (A unless B, B unless C: removing C defeats A) is in
no derivation of A, so it is not tried as a removal.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass
from typing import Callable, Iterable

from jiuze.compile.program import Fact, Program
from jiuze.evaluate.values import row_key
from jiuze.explain.arguments import MISSING, WHY_NOT
from jiuze.explain.model import Model
from jiuze.explain.proof import DERIVED, FACT, GroundAtom, Proof
from jiuze.language import ast
from jiuze.language.errors import Finding, JiuzeError
from jiuze.language.parser import parse_atom
from jiuze.language.source import Span

ADDED_SOURCE = "假设增加的事实"
GROUNDINGS_PER_GAP = 12  # how many ways one missing fact with open arguments is filled in


@dataclass(frozen=True)
class Limits:
    max_size: int = 3  # facts per set
    max_evaluations: int = 300
    max_results: int = 10
    seconds: float = 5.0


@dataclass(frozen=True)
class Change:
    """One minimal set of facts; `proof` is the new proof (added) or the why-not (removed)."""

    facts: tuple[Fact, ...]
    proof: Proof


@dataclass(frozen=True)
class WhatIf:
    atom: GroundAtom
    holds: bool  # in the case as given; True: changes are removals, False: additions
    changes: tuple[Change, ...]
    complete: bool  # every candidate set up to limits.max_size was tried
    stopped: str  # why the search stopped early (Chinese), "" when complete
    evaluations: int
    candidates: int  # distinct facts the search considered
    limits: Limits


Evaluate = Callable[[list[Fact]], Model]


def what_if(
    model: Model,
    facts: Iterable[Fact],
    evaluate: Evaluate,
    atom: GroundAtom,
    limits: Limits = Limits(),
    inputs: Iterable[str] = (),
) -> WhatIf:
    """`model` is `evaluate(facts)`; `facts` are the case's stated facts; `inputs` the predicates a
    case may state although a rule also derives them (逼供 若 刑讯逼供: see cases.vocabulary)."""
    search = _Search(model, list(facts), evaluate, atom, limits, set(inputs))
    return search.removals() if model.index.exists(atom.predicate, atom.values) else search.additions()


class _Search:
    def __init__(self, model, facts: list[Fact], evaluate: Evaluate, atom: GroundAtom, limits: Limits, inputs: set):
        self.model, self.facts, self.evaluate, self.atom, self.limits = model, facts, evaluate, atom, limits
        self.inputs = inputs
        self.started = time.monotonic()
        self.evaluations = 0
        self.tried: dict[frozenset, Model] = {}
        self.stopped = ""

    # ------------------------------------------------------------ bounds and evaluation

    def _out_of_budget(self, found: int) -> bool:
        if self.stopped:
            return True
        if found >= self.limits.max_results:
            self.stopped = f"已找到 {found} 个结果（上限 {self.limits.max_results}）"
        elif self.evaluations >= self.limits.max_evaluations:
            self.stopped = f"已求值 {self.evaluations} 次（上限 {self.limits.max_evaluations}）"
        elif time.monotonic() - self.started > self.limits.seconds:
            self.stopped = f"已用时超过 {self.limits.seconds:g} 秒"
        return bool(self.stopped)

    def _model(self, change: frozenset, removing: bool) -> Model:
        model = self.tried.get(change)
        if model is None:
            self.evaluations += 1
            if removing:
                kept = [f for f in self.facts if _key(f) not in change]
            else:
                kept = self.facts + [Fact(p, v, ADDED_SOURCE) for p, v in sorted(change, key=_sort_key)]
            model = self.tried[change] = self.evaluate(kept)
        return model

    def _holds(self, model: Model) -> bool:
        return model.index.exists(self.atom.predicate, self.atom.values)

    def _result(self, changes: list[Change], candidates: int, holds: bool) -> WhatIf:
        ordered = sorted(changes, key=lambda c: (len(c.facts), [_sort_key(_key(f)) for f in c.facts]))
        return WhatIf(
            self.atom, holds, tuple(ordered), not self.stopped, self.stopped, self.evaluations, candidates, self.limits
        )

    # ------------------------------------------------------------ removals

    def removals(self) -> WhatIf:
        stated = {_key(f): f for f in self.facts}
        candidates = sorted((k for k in self.used_facts() if k in stated), key=_sort_key)
        found: list[frozenset] = []
        changes = []
        for size in range(1, self.limits.max_size + 1):
            for combination in itertools.combinations(candidates, size):
                change = frozenset(combination)
                if any(s <= change for s in found):
                    continue
                if self._out_of_budget(len(found)):
                    return self._result(changes, len(candidates), True)
                model = self._model(change, removing=True)
                if not self._holds(model):
                    found.append(change)
                    removed = tuple(stated[k] for k in sorted(change, key=_sort_key))
                    changes.append(Change(removed, model.why_not(self.atom)))
        return self._result(changes, len(candidates), True)

    def used_facts(self) -> set[tuple]:
        """Input facts some derivation of the atom rests on (all derivations, up to the prover's limit)."""
        used: set[tuple] = set()

        def walk(node: Proof) -> None:
            if node.kind == FACT and node.atom is not None:
                used.add((node.atom.predicate, node.atom.values))
            for child in node.premises:
                walk(child)

        for proof in self.model.explain(self.atom, all=True):
            walk(proof)
        return used

    # ------------------------------------------------------------ additions

    def additions(self) -> WhatIf:
        """Breadth-first over sets grown from what each set's why-not still reports missing."""
        grounder = _Grounder(self.model.program, self.facts, self.inputs)
        level: dict[frozenset, None] = {frozenset(): None}
        seen_candidates: set[tuple] = set()
        found: list[frozenset] = []
        changes = []
        for _ in range(self.limits.max_size):
            following: dict[frozenset, None] = {}
            for base in level:
                gaps = grounder.gaps(self._model(base, removing=False).why_not(self.atom))
                for gap in gaps:
                    if gap in base or self._stated(gap):
                        continue
                    seen_candidates.add(gap)
                    change = base | {gap}
                    if change in following or any(s <= change for s in found):
                        continue
                    following[change] = None
            for change in following:
                if any(s <= change for s in found):
                    continue
                if self._out_of_budget(len(found)):
                    return self._result(changes, len(seen_candidates), False)
                model = self._model(change, removing=False)
                if self._holds(model) and self._minimal(change):
                    found.append(change)
                    added = tuple(Fact(p, v, ADDED_SOURCE) for p, v in sorted(change, key=_sort_key))
                    changes.append(Change(added, model.explain(self.atom)))
            level = {c: None for c in following if not any(s <= c for s in found)}
            if not level:
                break
        return self._result(changes, len(seen_candidates), False)

    def _stated(self, key: tuple) -> bool:
        return key in self.model.inputs

    def _minimal(self, change: frozenset) -> bool:
        """No proper subset one smaller makes it hold (smaller ones were tried at earlier sizes)."""
        for key in change:
            smaller = change - {key}
            if smaller and self._holds(self._model(smaller, removing=False)):
                return False
        return True


class _Grounder:
    """Missing facts of a why-not tree, with open arguments filled from the case's constants."""

    def __init__(self, program: Program, facts: list[Fact], inputs: set):
        self.program, self.inputs = program, inputs
        self.pool = _constants_by_param(program, facts)

    def gaps(self, why_not: Proof) -> list[tuple]:
        found: dict[tuple, None] = {}

        def walk(node: Proof) -> None:
            stated = node.kind == MISSING or (node.kind == WHY_NOT and node.atom and node.atom.predicate in self.inputs)
            if stated and node.atom is not None and self._stateable(node.atom.predicate):
                for values in self._groundings(node.atom):
                    found.setdefault((node.atom.predicate, values), None)
            if node.kind != DERIVED:  # a derived node under why-not is a proof of something that holds
                for child in node.premises:
                    walk(child)

        walk(why_not)
        return list(found)

    def _stateable(self, predicate: str) -> bool:
        declaration = self.program.declarations.get(predicate)
        return declaration is not None and not predicate.startswith("#")

    def _groundings(self, atom: GroundAtom) -> list[tuple]:
        params = self.program.declarations[atom.predicate].params
        options = []
        for param, value in zip(params, atom.values):
            options.append([value] if value is not None else self.pool.get(param, []))
        return list(itertools.islice(itertools.product(*options), GROUNDINGS_PER_GAP))


def _constants_by_param(program: Program, facts: list[Fact]) -> dict[str, list]:
    """Parameter name → values seen in that role: in the case first, then constants the rules test for."""
    pool: dict[str, dict] = {}

    def add(predicate: str, values) -> None:
        declaration = program.declarations.get(predicate)
        if declaration is None:
            return
        for param, value in zip(declaration.params, values):
            if value is not None:
                pool.setdefault(param, {})[value] = None

    for fact in facts:
        add(fact.predicate, fact.values)
    for rule in program.rules:
        for literal in rule.body:
            atom = literal.atom if isinstance(literal, ast.Negation) else literal
            if isinstance(atom, ast.Atom):
                add(atom.predicate, [a.value if isinstance(a, ast.Constant) else None for a in atom.args])
    return {param: sorted(values, key=lambda v: row_key((v,))) for param, values in pool.items()}


def ground_atom(model: Model, text: str) -> GroundAtom:
    """A conclusion without variables, checked against the declarations (a located error otherwise)."""
    atom = parse_atom(text)
    model.query(atom)  # an undeclared predicate or a wrong number of arguments is reported here
    if not all(isinstance(a, ast.Constant) for a in atom.args):
        hint = "why-not 和 what-if 只问不含变量的结论，如 应当追究(李四, 案1)；用 jiuze query 找出取值。"
        raise JiuzeError([Finding(Span("<查询>", 0, 0), "not-ground", f"“{text}”含有变量", hint)])
    return GroundAtom(atom.predicate, tuple(a.value for a in atom.args))


def changed_conclusions(before: Model, after: Model) -> tuple[list[GroundAtom], list[GroundAtom]]:
    """(appeared, vanished): derived, user-visible atoms that differ between two models."""

    def conclusions(model: Model) -> set[GroundAtom]:
        out = set()
        for predicate in model.program.derived_predicates:
            if not predicate.startswith("#"):
                out.update(GroundAtom(predicate, row) for row in model.index.all(predicate))
        return out

    old, new = conclusions(before), conclusions(after)
    return sorted(new - old, key=_atom_key), sorted(old - new, key=_atom_key)


def _key(fact: Fact) -> tuple:
    return (fact.predicate, fact.values)


def _sort_key(key: tuple):
    return (key[0], row_key(key[1]))


def _atom_key(atom: GroundAtom):
    return (atom.predicate, row_key(atom.values))
