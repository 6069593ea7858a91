"""Stated facts that lead to no conclusion, and why (issue 13 §1: nothing stated is silently dropped).

A case fact is *used* when some derivation of a conclusion that holds reads it
(any derivation, not only the shortest proof; through the compiler's auxiliary
`#…` relations down to the rule's own conditions).  For every other fact the
report lists the rules that read it and, for each, a compact why-not: the
first condition that failed, followed down its closest rule to the missing
case fact, or the rule that displaced the conclusion.  A fact no rule reads
says so: the rulebook does not know what to do with it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from jiuze.compile.defeasible import APPLICABLE
from jiuze.compile.program import Fact, Rule
from jiuze.evaluate.values import row_key
from jiuze.explain.arguments import DEFEATED, FAILED, HOLDS, Arguments, _label, attacker_rule
from jiuze.explain.matching import Premise, match_body, pattern_of, unify_row
from jiuze.explain.proof import GroundAtom, Proof, Prover
from jiuze.language import ast

MORE = "more"  # the readers left out: they differ from the case in more conditions


@dataclass(frozen=True)
class Unused:
    fact: Fact
    reading: str
    why: tuple[Proof, ...]  # one compact why-not per rule reading the fact; () when no rule reads it


def reached_atoms(program, index, prover: Prover, shown=None) -> set[tuple]:
    """(predicate, values) of every atom some derivation of a shown conclusion reads, the
    conclusions included (`shown`: the predicates a report lists; default every non-`#` one)."""
    seen: set[tuple] = set()

    def walk(key: tuple) -> None:
        if key in seen:
            return
        seen.add(key)
        for premise in _premises_read(program, index, key):
            if premise.kind == "atom":
                walk((premise.predicate, premise.values))
            elif premise.kind == "count":
                for counted in _counted(premise, index):
                    walk(counted)

    for predicate in program.derived_predicates:
        if not predicate.startswith("#") and (shown is None or predicate in shown):
            for values in index.all(predicate):
                walk((predicate, values))
    return seen


def _premises_read(program, index, key: tuple):
    """Every premise of every derivation of `key`, without enumerating the derivations.

    A positive atom whose variables are all anonymous or bound by the head (`所列情形(_, C, _)`)
    is independent of the rest of the body: its rows multiply the derivations (N persons x
    N rows) but add nothing else, so its rows are read once per rule instead of per match."""
    predicate, values = key
    for rule in program.rules_by_head.get(predicate, ()):
        start = unify_row(rule.head, values, {})
        if start is None:
            continue
        body = rule.evaluated_body  # an existential atom read once per shared values, via its `#存在N`
        apart = [lit for lit in body if _existential(lit, start)]
        rest = tuple(lit for lit in body if not any(lit is other for other in apart))
        rows = [(lit, _rows(index, lit, start)) for lit in apart]
        if any(not found for _, found in rows):
            continue
        matched = False
        for _, premises in match_body(rest, start, index):
            matched = True
            yield from premises
        if matched:
            for lit, found in rows:
                for row in found:
                    yield Premise(lit, "atom", lit.predicate, row)


def _rows(index, literal, binding) -> list[tuple]:
    """The rows `match_literal` would take for this atom under `binding`."""
    rows = index.rows(literal.predicate, pattern_of(literal, binding))
    return [row for row in rows if unify_row(literal, row, binding) is not None]


def _existential(literal, binding) -> bool:
    return isinstance(literal, ast.Atom) and all(v.is_anonymous or v.name in binding for v in ast.variables_of(literal))


def _counted(premise, index):
    """The atoms behind each item a count counted (as the prover's count node shows them)."""
    aggregate = premise.literal.aggregate
    group = premise.values[:-1]
    for row in index.rows(aggregate.items_relation, group + (None,) * len(aggregate.counted)):
        binding = {v.name: value for v, value in zip(aggregate.group + aggregate.counted, row)}
        for _, premises in match_body(aggregate.body, binding, index):
            yield from ((p.predicate, p.values) for p in premises if p.kind == "atom")


def unused_statements(arguments: Arguments, facts, shown=None) -> list[Unused]:
    """The case's facts that no derivation of a shown conclusion reads, in case order.  A fact
    that only feeds a step leading nowhere (主观过错 stated with no act and no error type: 有故意或过失
    holds, nothing reads it further) is listed too, with why that step leads nowhere."""
    reached = reached_atoms(arguments.program, arguments.index, arguments.prover, shown)
    statements = _Statements(arguments)
    out, listed = [], set()
    for fact in facts:
        key = (fact.predicate, fact.values)
        if key in reached or key in listed:
            continue
        listed.add(key)
        why = statements.why(fact.predicate, fact.values, 0)
        out.append(Unused(fact, arguments.read(fact.predicate, fact.values), why))
    return out


class _Statements:
    """Compact why-nots for the rules reading an atom that leads nowhere."""

    # how far a step leading nowhere is followed; how many readers are shown (closest first) at the
    # top and below: the rest differ from the case in more conditions
    DEPTH, SHOWN_TOP, SHOWN_BELOW = 3, 6, 2

    def __init__(self, arguments: Arguments):
        self.arguments = arguments

    def why(self, predicate: str, values: tuple, depth: int) -> tuple[Proof, ...]:
        readers = list(self._readers(predicate, values))
        order = sorted(range(len(readers)), key=lambda i: (self._distance(*readers[i], values), i))
        limit = self.SHOWN_BELOW if depth else self.SHOWN_TOP
        shown: list[Proof] = []
        consumed = 0
        for i in order:
            if len(shown) == limit:
                break
            consumed += 1
            reading = self._reading(*readers[i], values, depth)
            if reading not in shown:  # items of one article failing alike (第六条第（三）项 ×3) once
                shown.append(reading)
        if consumed < len(readers):
            more = f"另有 {len(readers) - consumed} 条规则读取这一事实，不成立的条件更多，从略"
            shown.append(Proof(MORE, "……", more))
        return tuple(shown)

    def _readers(self, predicate: str, values: tuple):
        """(rule, body literal) for each rule with a positive condition these values can meet, once per rule."""
        hidden = self.arguments.program.existentials_by_relation  # `#存在N` helpers restate a rule's atom
        for rule in self.arguments.program.rules:
            if rule.head.predicate in hidden:
                continue
            for literal in rule.body:
                if (
                    isinstance(literal, ast.Atom)
                    and literal.predicate == predicate
                    and unify_row(literal, values, {}) is not None
                ):
                    yield rule, literal
                    break

    def _distance(self, rule: Rule, literal: ast.Atom, values: tuple) -> int:
        return self.arguments._failures(rule, unify_row(literal, values, {}))[0]

    def _reading(self, rule: Rule, literal: ast.Atom, values: tuple, depth: int) -> Proof:
        arguments = self.arguments
        arguments._expanded = set()
        binding = unify_row(literal, values, {})
        role = arguments.program.roles.get(rule.head.predicate)
        clause = role.rule if role is not None and role.kind == APPLICABLE else None
        shown = _public_rule(arguments, clause) if clause is not None else rule
        # the first match in row order, not in the model's (set) order: the reading must not change between runs
        fired = min(match_body(rule.body, binding, arguments.index), key=_match_order, default=None)
        if fired is None:
            return compact(arguments._first_failure(rule, binding, shown, 0, frozenset()))
        head = clause.head if clause is not None else rule.head
        concluded = GroundAtom(head.predicate, pattern_of(head, fired[0]))
        holds = (concluded.predicate, concluded.values) in arguments.index
        if clause is not None and clause.strength == ast.DEFEATER:
            reading = (
                "条件成立，但被更优先的规则排除" if holds else f"阻却：{arguments.read(*_key(concluded))} 不能成立"
            )
            return Proof(DEFEATED if holds else HOLDS, _label(clause), reading, concluded, attacker_rule(clause))
        if clause is not None and not holds:
            return compact(arguments._defeat(shown, concluded))
        if concluded.predicate.startswith("#"):  # a count's items, …
            return Proof(FAILED, _label(rule), "条件都成立，但没有引出报告中的结论", None, rule)
        reading = f"推出“{arguments.read(*_key(concluded))}”，但由此没有引出报告中的结论"
        below = self.why(*_key(concluded), depth + 1) if depth + 1 < self.DEPTH else ()
        return Proof(HOLDS, f"{_label(shown)}（{shown.id}）的条件", reading, concluded, shown, premises=below)


def _match_order(match: tuple) -> tuple:
    return tuple((p.kind, p.predicate, row_key(p.values)) for p in match[1])


def _key(atom: GroundAtom) -> tuple:
    return atom.predicate, atom.values


def _public_rule(arguments: Arguments, clause: ast.Clause) -> Rule:
    """The compiled rule carrying the clause's own conclusion (for its label and defeat)."""
    for rule in arguments.rules_by_head.get(clause.head.predicate, []):
        if rule.span == clause.span:
            return rule
    return attacker_rule(clause)


def compact(proof: Proof) -> Proof:
    """A few lines: the rule, its first failed condition and, if that is not itself a case fact,
    where the closest path ends (the missing case fact, or the rule that displaced a conclusion).
    A displacing rule is named without its own proof."""
    if proof.kind == DEFEATED:
        return replace(proof, premises=tuple(replace(p, premises=()) for p in proof.premises))
    if not proof.premises:
        return proof
    condition = proof.premises[0]
    leaf = _path_end(condition)
    inner = (replace(leaf, premises=()),) if leaf is not condition else ()
    return replace(proof, premises=(replace(condition, premises=inner),))


def _path_end(proof: Proof) -> Proof:
    """Follow the first reason down (the closest rule comes first) to where it ends."""
    while proof.premises and proof.kind != DEFEATED:
        proof = proof.premises[0]
    return proof
