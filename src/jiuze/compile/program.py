"""Checked AST → Program: the engine-neutral form every evaluator and the
proof builder share.

What changes on the way: each `计数{…}` becomes an `Aggregate` (its own
auxiliary relation, computed between evaluation rounds) and a `CountLookup`
in the rule; bodies keep source order (engines order them for binding);
every rule keeps its id, article and span so proofs can cite it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Iterable, Union, cast

from jiuze.compile.defeasible import Role, expand
from jiuze.compile.dependencies import recursive_components
from jiuze.compile.dependencies import strata as predicate_strata
from jiuze.compile.existentials import Existential
from jiuze.compile.existentials import find as find_existentials
from jiuze.compile.overlay import OverlayInfo
from jiuze.language import ast
from jiuze.language.articles import ArticleRef
from jiuze.language.source import Span


@dataclass(frozen=True)
class Aggregate:
    """`counted` tuples of `body`, grouped by `group`, counted distinct."""

    id: int
    group: tuple[ast.Variable, ...]
    counted: tuple[ast.Variable, ...]
    body: tuple["BodyLiteral", ...]
    span: Span = field(compare=False)

    @property
    def relation(self) -> str:
        """Name of the relation holding (group…, count) rows."""
        return f"#计数{self.id}"

    @property
    def items_relation(self) -> str:
        """Name of the relation holding (group…, counted…) rows: what was counted."""
        return f"#计数{self.id}明细"


@dataclass(frozen=True)
class CountLookup:
    """result = number of counted tuples for this group (groups with none have no row)."""

    aggregate: Aggregate
    result: ast.Variable
    span: Span = field(compare=False)

    def __str__(self) -> str:
        inner = "，".join(map(str, self.aggregate.body))
        counted = ", ".join(map(str, self.aggregate.counted))
        return f"{self.result} = 计数{{{counted} ： {inner}}}"


BodyLiteral = Union[ast.Atom, ast.Negation, ast.Comparison, CountLookup]


@dataclass(frozen=True)
class Rule:
    """A compiled rule: where it came from and what it says."""

    head: ast.Atom
    body: tuple[BodyLiteral, ...]
    article: ArticleRef | None
    span: Span = field(compare=False)
    modality: str | None = None
    strength: str = ast.DEFEASIBLE
    valid_from: datetime.date | None = None  # the rule's own period [from, until) (有效 … 至 …), if any
    valid_until: datetime.date | None = None
    # What evaluators run when it differs from `body`: existential atoms read through their
    # hidden `#存在N` relations (existentials.py).  `body` stays as written, for everything else.
    evaluated: tuple[BodyLiteral, ...] | None = field(default=None, compare=False)

    @property
    def id(self) -> str:
        return self.span.where

    @property
    def evaluated_body(self) -> tuple[BodyLiteral, ...]:
        return self.body if self.evaluated is None else self.evaluated

    def in_force(self, day: datetime.date) -> bool:
        if self.valid_from is not None and day < self.valid_from:
            return False
        return not (self.valid_until is not None and day >= self.valid_until)

    def __str__(self) -> str:
        return f"{self.head} 若 {'，'.join(map(str, self.body))}。"


@dataclass(frozen=True)
class Fact:
    """A ground fact from a rulebook or a case, with where it was stated."""

    predicate: str
    values: tuple
    source: str  # "file:line" or a JSON path such as "case.json#/facts/3"
    article: ArticleRef | None = None


@dataclass(frozen=True)
class Program:
    """Everything an evaluator needs, and everything a proof cites."""

    declarations: dict[str, ast.Declaration]
    rules: tuple[Rule, ...]
    facts: tuple[Fact, ...]
    aggregates: tuple[Aggregate, ...]
    strata: dict[str, int]
    recursive: dict[str, int]  # predicate -> number of its recursive component
    scenarios: tuple[ast.Scenario, ...]
    priorities: tuple[ast.Priority, ...]
    sources: dict[str, str]
    roles: dict[str, Role] = field(default_factory=dict)  # auxiliary relation -> meaning
    attackers: dict[str, list] = field(default_factory=dict)  # contested predicate -> rules against it
    superior: frozenset = frozenset()  # (rule id, rule id) pairs: the first beats the second
    contraries: tuple[ast.Contrary, ...] = ()
    article_meta: tuple[ast.ArticleMeta, ...] = ()
    overlay: OverlayInfo | None = None  # when this rulebook is a provincial overlay
    existentials: tuple[Existential, ...] = ()  # hidden `#存在N` relations, one per existential atom

    def validity_problems(self, day, articles, rules=()) -> list[str]:
        """Chinese notes for each cited article (or the whole rulebook), and each rule with its own period
        that conclusions rest on (`rules`: (rule, conclusion text) pairs), not in force on `day`."""
        notes = []
        lapsed: dict[str, tuple] = {}
        for rule, conclusion in rules:
            if not rule.in_force(day):
                lapsed.setdefault(rule.id, (rule, {}))[1].setdefault(conclusion, None)
        for key in sorted(lapsed):
            rule, conclusions = lapsed[key]
            shown = list(conclusions)  # in the order given (the report's: answers first)
            which = "、".join(shown[:3]) + (f" 等 {len(shown)} 个结论" if len(shown) > 3 else "")
            label = f"{rule.article if rule.article else '规则'}（{rule.span.where}）"
            period = (
                f"有效期为 {rule.valid_from} 至 {rule.valid_until}"
                if rule.valid_until is not None
                else f"自 {rule.valid_from} 起施行"
            )
            notes.append(f"{which}依据 {label} 的规则“{rule}”，该规则{period}，本案行为发生于 {day}，不在有效期内")
        for meta in self.article_meta:
            if meta.valid_from is None or meta.in_force(day):
                continue
            if meta.label is None or any(meta.covers(a) for a in articles):
                where = meta.label.text if meta.label else "本规则库"
                note = f"（{meta.note}）" if meta.note else ""
                notes.append(
                    f"{where}的有效期为 {meta.valid_from} 至 {meta.valid_until}，"
                    f"本案行为发生于 {day}，不在有效期内{note}"
                )
        return notes

    @property
    def derived_predicates(self) -> list[str]:
        return sorted({r.head.predicate for r in self.rules})

    def rules_for(self, predicate: str) -> list[Rule]:
        return list(self.rules_by_head.get(predicate, ()))

    @cached_property
    def rules_by_head(self) -> dict[str, tuple[Rule, ...]]:
        """Rules per head predicate, in rulebook order; built once, not per case."""
        found: dict[str, list[Rule]] = {}
        for rule in self.rules:
            found.setdefault(rule.head.predicate, []).append(rule)
        return {head: tuple(rules) for head, rules in found.items()}

    @cached_property
    def modal_predicates(self) -> frozenset[str]:
        """Heads of the rules that carry a modality (应当/可以/不得); any other conclusion has none,
        which batch asks about every conclusion of every case, so it is decided once here."""
        return frozenset(rule.head.predicate for rule in self.rules if rule.modality)

    @cached_property
    def existentials_by_relation(self) -> dict[str, Existential]:
        """`#存在N` -> its existential atom: a proof shows that atom's best row instead."""
        return {e.relation: e for e in self.existentials}

    @cached_property
    def rule_order(self) -> dict[int, int]:
        """id(rule) -> its position, the tie-breaker between equally short proofs."""
        return {id(rule): order for order, rule in enumerate(self.rules)}


def compile_modules(modules: Iterable[ast.Module]) -> Program:
    """Compile checked modules (the caller ran the checks first)."""
    modules = list(modules)
    statements = [s for m in modules for s in m.statements]
    declarations: dict[str, ast.Declaration] = {}
    for declaration in _of(statements, ast.Declaration):
        declarations.setdefault(declaration.name, declaration)
    priorities = _of(statements, ast.Priority)
    contraries = _of(statements, ast.Contrary)
    expansion = expand(_of(statements, ast.Clause), contraries, priorities)
    for declaration in expansion.declarations:
        declarations.setdefault(declaration.name, declaration)
    clauses = expansion.clauses
    aggregates: list[Aggregate] = []
    facts = [fact_from_atom(c.head, c.span.where, c.article) for c in clauses if c.is_fact]
    rules = [_compile_rule(c, aggregates) for c in clauses if not c.is_fact]
    recursive = recursive_components(clauses)
    strata = predicate_strata(clauses)
    existentials: list[Existential] = []
    rules = _split_existentials(rules, recursive, existentials)
    for existential in existentials:
        declarations[existential.relation] = existential.declaration
        strata[existential.relation] = strata.get(existential.atom.predicate, 0)
    scenarios = _of(statements, ast.Scenario)
    return Program(
        existentials=tuple(existentials),
        roles=expansion.roles,
        attackers=expansion.attackers,
        superior=frozenset(expansion.superior),
        contraries=tuple(contraries),
        article_meta=tuple(_of(statements, ast.ArticleMeta)),
        declarations=declarations,
        rules=tuple(rules),
        facts=tuple(facts),
        aggregates=tuple(_order_aggregates(aggregates, strata)),
        strata=strata,
        recursive=recursive,
        scenarios=tuple(scenarios),
        priorities=tuple(priorities),
        sources={m.path: m.text for m in modules},
    )


def _of(statements, kind) -> list:
    return [s for s in statements if isinstance(s, kind)]


def fact_from_atom(atom: ast.Atom, source: str, article: ArticleRef | None = None) -> Fact:
    values = tuple(arg.value for arg in atom.args if isinstance(arg, ast.Constant))  # checked ground
    return Fact(atom.predicate, values, source, article)


def _compile_rule(clause: ast.Clause, aggregates: list[Aggregate]) -> Rule:
    outside = {v.name for v in ast.variables_of(clause.head)}
    for literal in clause.body:
        if not isinstance(literal, ast.Count):
            outside |= {v.name for v in ast.variables_of(literal)}
        else:
            outside.add(literal.result.name)
    body = tuple(_compile_literal(lit, outside, aggregates) for lit in clause.body)
    return Rule(
        clause.head,
        body,
        clause.article,
        clause.span,
        clause.modality,
        clause.strength,
        clause.valid_from,
        clause.valid_until,
    )


def _split_existentials(rules: list[Rule], recursive: dict, existentials: list[Existential]) -> list[Rule]:
    """Rules with `evaluated` set where they have existential atoms, then one hidden helper
    rule per such atom (`#存在N(C) 若 所列情形(_, C, _)`), appended so rule order stays."""
    out, helpers = [], []
    for rule in rules:
        places = [] if rule.head.predicate in recursive else find_existentials(rule.head, rule.body, _names_in)
        if not places:
            out.append(rule)
            continue
        body = list(rule.body)
        for position, shared in places:
            atom = cast(ast.Atom, rule.body[position])
            existential = Existential(len(existentials) + 1, atom, shared, atom.span)
            existentials.append(existential)
            body[position] = existential.lookup
            helpers.append(Rule(existential.lookup, (atom,), None, rule.span))  # grouped with it (coverage, blame)
        out.append(replace(rule, evaluated=tuple(body)))
    return out + helpers


def _names_in(literal) -> set[str]:
    """Variable names a body literal uses; a count's are its group and result."""
    if isinstance(literal, CountLookup):
        return {v.name for v in literal.aggregate.group} | {literal.result.name}
    return {v.name for v in ast.variables_of(literal) if not v.is_anonymous}


def _compile_literal(literal, outside: set[str], aggregates: list[Aggregate]) -> BodyLiteral:
    if not isinstance(literal, ast.Count):
        return literal
    inner_outside = set(outside) | {v.name for v in literal.counted}
    body = tuple(_compile_literal(lit, inner_outside, aggregates) for lit in literal.body)
    seen: dict[str, ast.Variable] = {}
    for lit in literal.body:
        for var in ast.variables_of(lit) if not isinstance(lit, ast.Count) else []:
            if var.name in outside and var.name not in seen and not var.is_anonymous:
                seen[var.name] = var
    group = tuple(seen[name] for name in sorted(seen))
    aggregate = Aggregate(len(aggregates) + 1, group, literal.counted, body, literal.span)
    aggregates.append(aggregate)
    return CountLookup(aggregate, literal.result, literal.span)


def _order_aggregates(aggregates: list[Aggregate], strata: dict[str, int]) -> list[Aggregate]:
    """Lower strata first: an aggregate may count what another one helped derive."""

    def level(aggregate: Aggregate) -> int:
        preds = [lit.predicate for lit in aggregate.body if isinstance(lit, ast.Atom)]
        preds += [lit.atom.predicate for lit in aggregate.body if isinstance(lit, ast.Negation)]
        return max((strata.get(p, 0) for p in preds), default=0)

    return sorted(aggregates, key=lambda a: (level(a), a.id))
