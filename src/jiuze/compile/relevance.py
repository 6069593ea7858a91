"""Which rules of a program can fire for a case, judged from its input predicates alone.

A rule can only fire if every relation its positive body reads (atoms and
count lookups) can be non-empty.  Starting from the predicates the case and
the rulebook state facts for, the rules whose positive needs are all met are
live; their heads become possibly non-empty, and so on to a fixpoint.
Negations and comparisons only ever remove answers, so they are ignored: the
live set over-approximates what can fire and never drops a rule that could.

Why: pyDatalog's cost per case grows with every clause it tries, and a case
typically touches a few dozen of the national rulebook's three hundred
compiled rules.  Evaluating only the live rules gives the same model (a rule
that cannot fire adds nothing; a negation of a relation no live rule
derives reads an empty relation either way) at a fraction of the cost.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Iterable

from jiuze.compile.program import CountLookup, Program
from jiuze.language import ast


@dataclass(frozen=True)
class LiveSet:
    """Positions of the live rules and aggregates, and the predicates they make possible."""

    rules: tuple[int, ...]
    aggregates: tuple[int, ...]
    predicates: frozenset[str]


class Relevance:
    """The live-rule analysis of one program; answers are cached per set of input predicates."""

    def __init__(self, program: Program, cache_size: int = 1024):
        self._always = frozenset(f.predicate for f in program.facts)
        # A "producer" is a rule (index i) or an aggregate (index -1 - j): what it needs, what it makes.
        self._needs: dict[int, frozenset[str]] = {}
        self._makes: dict[int, tuple[str, ...]] = {}
        for i, rule in enumerate(program.rules):
            self._needs[i] = _positive_needs(rule.evaluated_body)
            self._makes[i] = (rule.head.predicate,)
        for j, aggregate in enumerate(program.aggregates):
            self._needs[-1 - j] = _positive_needs(aggregate.body)
            self._makes[-1 - j] = (aggregate.relation, aggregate.items_relation)
        self._waiting: dict[str, list[int]] = {}
        for producer, needs in self._needs.items():
            for predicate in needs:
                self._waiting.setdefault(predicate, []).append(producer)
        self._unconditional = [p for p, needs in self._needs.items() if not needs]
        self._cache: OrderedDict[frozenset, LiveSet] = OrderedDict()
        self._cache_size = cache_size

    def live(self, input_predicates: Iterable[str]) -> LiveSet:
        key = frozenset(input_predicates)
        found = self._cache.get(key)
        if found is not None:
            self._cache.move_to_end(key)
            return found
        found = self._compute(key)
        self._cache[key] = found
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return found

    def _compute(self, inputs: frozenset) -> LiveSet:
        missing = {p: len(needs) for p, needs in self._needs.items()}
        alive: set[str] = set()
        fired: list[int] = []
        pending = list(inputs | self._always)
        ready = list(self._unconditional)
        while pending or ready:
            while ready:
                producer = ready.pop()
                fired.append(producer)
                pending.extend(self._makes[producer])
            if pending:
                predicate = pending.pop()
                if predicate in alive:
                    continue
                alive.add(predicate)
                for producer in self._waiting.get(predicate, ()):
                    missing[producer] -= 1
                    if missing[producer] == 0:
                        ready.append(producer)
        rules = tuple(sorted(p for p in fired if p >= 0))
        aggregates = tuple(sorted(-1 - p for p in fired if p < 0))
        return LiveSet(rules, aggregates, frozenset(alive))


def _positive_needs(body) -> frozenset[str]:
    needs = set()
    for literal in body:
        if isinstance(literal, ast.Atom):
            needs.add(literal.predicate)
        elif isinstance(literal, CountLookup):
            needs.add(literal.aggregate.relation)
    return frozenset(needs)
