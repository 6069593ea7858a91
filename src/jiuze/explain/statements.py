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
from jiuze.explain.arguments import DEFEATED, FAILED, HOLDS, Arguments, _label, attacker_rule
from jiuze.explain.matching import match_body, pattern_of, unify_row
from jiuze.explain.proof import GroundAtom, Proof, Prover
from jiuze.language import ast


@dataclass(frozen=True)
class Unused:
    fact: Fact
    reading: str
    why: tuple[Proof, ...]  # one compact why-not per rule reading the fact; () when no rule reads it


def used_inputs(program, index, prover: Prover) -> set[tuple]:
    """(predicate, values) of every input fact that some derivation of a holding conclusion reads."""
    used: set[tuple] = set()
    seen: set[tuple] = set()

    def walk(key: tuple) -> None:
        if key in seen:
            return
        seen.add(key)
        if key in prover.inputs:
            used.add(key)
        for _, _, premises in prover._instances(*key):
            for premise in premises:
                if premise.kind == "atom":
                    walk((premise.predicate, premise.values))
                elif premise.kind == "count":
                    for counted in _counted(premise, index):
                        walk(counted)

    for predicate in program.derived_predicates:
        if not predicate.startswith("#"):
            for values in index.all(predicate):
                walk((predicate, values))
    return used


def _counted(premise, index):
    """The atoms behind each item a count counted (as the prover's count node shows them)."""
    aggregate = premise.literal.aggregate
    group = premise.values[:-1]
    for row in index.rows(aggregate.items_relation, group + (None,) * len(aggregate.counted)):
        binding = {v.name: value for v, value in zip(aggregate.group + aggregate.counted, row)}
        for _, premises in match_body(aggregate.body, binding, index):
            yield from ((p.predicate, p.values) for p in premises if p.kind == "atom")


def unused_statements(arguments: Arguments, facts) -> list[Unused]:
    """The case's facts that no derivation of a holding conclusion reads, in case order."""
    prover = arguments.prover
    used = used_inputs(arguments.program, arguments.index, prover)
    out, listed = [], set()
    for fact in facts:
        key = (fact.predicate, fact.values)
        if key in used or key in listed:
            continue
        listed.add(key)
        why = tuple(_reading(arguments, rule, literal, fact) for rule, literal in _readers(arguments, fact))
        out.append(Unused(fact, arguments.read(fact.predicate, fact.values), why))
    return out


def _readers(arguments: Arguments, fact: Fact):
    """(rule, body literal) for each rule with a positive condition this fact can meet, once per rule."""
    for rule in arguments.program.rules:
        for literal in rule.body:
            if (
                isinstance(literal, ast.Atom)
                and literal.predicate == fact.predicate
                and unify_row(literal, fact.values, {}) is not None
            ):
                yield rule, literal
                break


def _reading(arguments: Arguments, rule: Rule, literal: ast.Atom, fact: Fact) -> Proof:
    arguments._expanded = set()
    binding = unify_row(literal, fact.values, {})
    role = arguments.program.roles.get(rule.head.predicate)
    clause = role.rule if role is not None and role.kind == APPLICABLE else None
    shown = _public_rule(arguments, clause) if clause is not None else rule
    fired = next(iter(match_body(rule.body, binding, arguments.index)), None)
    if fired is None:
        proof = arguments._first_failure(rule, binding, shown, 0, frozenset())
        return compact(proof)
    if clause is None:  # fired into an auxiliary relation only (a count's items, …)
        return Proof(FAILED, f"{_label(rule)}", "条件都成立，但没有引出报告中的结论", None, rule)
    final = fired[0]
    claim = GroundAtom(clause.head.predicate, pattern_of(clause.head, final))
    if clause.strength == ast.DEFEATER:
        holds = (claim.predicate, claim.values) in arguments.index
        reading = (
            "条件成立，但被更优先的规则排除"
            if holds
            else f"阻却：{arguments.read(claim.predicate, claim.values)} 不能成立"
        )
        return Proof(HOLDS if not holds else DEFEATED, f"{_label(clause)}", reading, claim, attacker_rule(clause))
    return compact(arguments._defeat(shown, claim))


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
