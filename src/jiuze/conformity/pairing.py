"""Which candidate cases the search tries: each national rule alone, with each rule that could interfere
with it, and every national and overlay scenario."""

from __future__ import annotations

from dataclasses import dataclass

from jiuze.compile.dependencies import COUNT, POSITIVE, body_dependencies
from jiuze.compile.program import fact_from_atom
from jiuze.conformity.candidates import Unfolder
from jiuze.language import ast

MODAL = (ast.REQUIRED, ast.FORBIDDEN, ast.PERMITTED)


@dataclass(frozen=True)
class Candidate:
    origin: str  # what it was built from, for the counterexample's comment
    facts: frozenset  # of (predicate, values)


@dataclass
class Sides:
    """The base rulebook's and the merged (overlay applied) rulebook's statements."""

    base: list  # statements
    merged: list
    local: list  # the overlay's own statements (flattened)

    def rules(self, statements) -> dict[str, list[ast.Clause]]:
        found: dict[str, list[ast.Clause]] = {}
        for s in statements:
            if isinstance(s, ast.Clause) and not s.is_fact and s.strength != ast.DEFEATER:
                found.setdefault(s.head.predicate, []).append(s)
        return found

    def declarations(self) -> dict[str, ast.Declaration]:
        found: dict[str, ast.Declaration] = {}
        for s in self.merged:
            if isinstance(s, ast.Declaration):
                found.setdefault(s.name, s)
        return found

    def contraries(self) -> list[ast.Contrary]:
        return [s for s in self.merged if isinstance(s, ast.Contrary)]


def candidates(sides: Sides) -> list[Candidate]:
    """Every candidate that could show a difference, without repeats, in a fixed order.

    Sound pruning: a rule reached only through positive conditions can only add conclusions, so a
    chain is tried only when one of its rules is touched by the overlay in a way that can remove one
    (a local rule for a contested, negated or counted conclusion, a rule under a local priority or
    互斥, a removed national rule), and a rule alone only when its conditions reach a touched predicate.
    """
    base_rules, merged_rules = sides.rules(sides.base), sides.rules(sides.merged)
    declarations = sides.declarations()
    contraries = sides.contraries()
    merged_clauses = [s for s in sides.merged if isinstance(s, ast.Clause) and not s.is_fact]
    base_clauses = [s for s in sides.base if isinstance(s, ast.Clause) and not s.is_fact]
    found: dict[frozenset, Candidate] = {}

    def add(origin: str, facts) -> None:
        facts = frozenset(facts)
        if facts and facts not in found:
            found[facts] = Candidate(origin, facts)

    cone = _Cone(merged_clauses + base_clauses, contraries)
    touched = _Touched(sides, base_clauses, merged_clauses, contraries)
    for scenario in _scenarios(sides):
        facts = list(_scenario_facts(scenario))
        if cone.reached_from({p for p, _ in facts}) & touched.predicates:
            add(f"场景“{scenario.name}”（{scenario.span.where}）", facts)
    base_ids = {id(c) for c in base_clauses}
    every = base_clauses + [c for c in merged_clauses if id(c) not in base_ids]
    for target in (c for c in base_clauses if c.modality in MODAL):
        reach = cone.of(target)
        if not reach & touched.predicates:
            continue
        alone = Unfolder(base_rules, declarations)
        env = alone.satisfy_rule(target, {})
        add(_origin(target), alone.facts)
        head = _ground(target.head, env)
        chains = [[(rule, start)] for rule, start in _attackers(target, head, every, contraries)]
        for rule in every:
            if rule is target or rule.head.predicate not in reach:
                continue
            chains.append([(rule, _shared(env, rule))])
            unknown = (None,) * rule.head.arity
            chains += [[(rule, _shared(env, rule)), (a, None)] for a, _ in _attackers(rule, unknown, every, contraries)]
        for chain in chains:
            if not any(touched.rule(r) for r, _ in chain):
                continue
            rules = base_rules if touched.removed(chain[0][0]) else merged_rules
            facts = _satisfy_chain(chain, rules, declarations, contraries, alone.facts)
            add(f"{_origin(target)}，以及 " + "、".join(_origin(r) for r, _ in chain), facts)
    return list(found.values())


class _Touched:
    """What the overlay changes in a way that can remove a conclusion."""

    def __init__(self, sides: Sides, base_clauses, merged_clauses, contraries):
        nonmonotone = _contested(merged_clauses, contraries) | _counted(merged_clauses)
        merged_ids = {id(c) for c in merged_clauses}
        self._removed = {id(c) for c in base_clauses if id(c) not in merged_ids}
        local = [s for s in sides.local]
        labels = [lab for p in local if isinstance(p, ast.Priority) for lab in (p.superior, p.inferior)]
        pairs = {a.predicate for c in local if isinstance(c, ast.Contrary) for a in (c.left, c.right)}
        self._rules = set(self._removed)
        for clause in merged_clauses:
            local_rule = any(clause is s for s in local)
            changes_meaning = clause.strength == ast.DEFEATER or clause.modality == ast.FORBIDDEN  # 可以 → 不得
            if local_rule and (clause.head.predicate in nonmonotone or changes_meaning):
                self._rules.add(id(clause))
            elif clause.head.predicate in pairs or any(_covers(lab, clause) for lab in labels):
                self._rules.add(id(clause))
        facts = {s.head.predicate for s in local if isinstance(s, ast.Clause) and s.is_fact}
        every = base_clauses + merged_clauses
        self.predicates = {c.head.predicate for c in every if id(c) in self._rules} | facts | pairs

    def rule(self, clause) -> bool:
        return id(clause) in self._rules

    def removed(self, clause) -> bool:
        return id(clause) in self._removed


def _covers(label: ast.Label, clause: ast.Clause) -> bool:
    return label.ref is not None and clause.article is not None and label.ref.covers(clause.article)


def _counted(clauses) -> set[str]:
    return {p for c in clauses for p, kind in body_dependencies(c.body) if kind == COUNT}


def _satisfy_chain(chain, rules, declarations, contraries, facts) -> set:
    """Make each rule of the chain applicable; a rule after the first attacks the one before it."""
    unfolder = Unfolder(rules, declarations, set(facts))
    previous = None
    for rule, start in chain:
        if start is None and previous is not None:
            prior_rule, prior_env = previous
            start = _attack_binding(prior_rule, _ground(prior_rule.head, prior_env), rule, contraries) or {}
        env = unfolder.satisfy_rule(rule, dict(start or {}))
        previous = (rule, env)
    return unfolder.facts


def _attack_binding(attacked: ast.Clause, head: tuple, attacker: ast.Clause, contraries) -> dict | None:
    if attacker.head.predicate == attacked.head.predicate:
        return _bind(attacker.head.args, head)
    return _through_contrary(attacked.head.predicate, head, attacker, contraries)


def _contested(clauses, contraries) -> set[str]:
    """Predicates whose rules can be blocked (contrary pairs, defeaters) or that are read negated."""
    found = {p for c in contraries for p in (c.left.predicate, c.right.predicate)}
    found |= {c.head.predicate for c in clauses if c.strength == ast.DEFEATER}
    for clause in clauses:
        found |= {p for p, kind in body_dependencies(clause.body) if kind != POSITIVE}
    return found


def _origin(clause: ast.Clause) -> str:
    label = str(clause.article) if clause.article else "规则"
    return f"{label}（{clause.span.where}）的条件"


def _scenarios(sides: Sides) -> list[ast.Scenario]:
    return [s for s in sides.base + sides.local if isinstance(s, ast.Scenario)]


def _scenario_facts(scenario: ast.Scenario):
    for atom in scenario.facts:
        fact = fact_from_atom(atom, atom.span.where)
        yield (fact.predicate, fact.values)


def _ground(atom: ast.Atom, env: dict) -> tuple:
    return tuple(
        a.value if isinstance(a, ast.Constant) else env.get(a.name) if isinstance(a, ast.Variable) else None
        for a in atom.args
    )


def _shared(env: dict, rule: ast.Clause) -> dict:
    names = {v.name for v in _all_variables(rule)}
    return {name: value for name, value in env.items() if name in names}


def _all_variables(rule: ast.Clause):
    yield from ast.variables_of(rule.head)
    for literal in rule.body:
        if isinstance(literal, ast.Count):
            yield literal.result
        else:
            yield from ast.variables_of(literal)


def _attackers(target: ast.Clause, head: tuple, clauses, contraries) -> list[tuple[ast.Clause, dict]]:
    """Rules whose conclusion blocks the target's (defeaters of it, rules for a contrary), with their
    head bound to the target's conclusion."""
    found, seen = [], set()
    for rule in clauses:
        if id(rule) in seen or rule is target:
            continue
        if rule.strength == ast.DEFEATER and rule.head.predicate == target.head.predicate:
            env = _bind(rule.head.args, head)
        else:
            env = _through_contrary(target.head.predicate, head, rule, contraries)
        if env is not None:
            seen.add(id(rule))
            found.append((rule, env))
    return found


def _bind(args, values) -> dict | None:
    env: dict = {}
    for arg, value in zip(args, values):
        if isinstance(arg, ast.Variable) and not arg.is_anonymous and value is not None:
            if env.setdefault(arg.name, value) != value:
                return None
        elif isinstance(arg, ast.Constant) and value is not None and arg.value != value:
            return None
    return env


def _through_contrary(predicate: str, head: tuple, rule: ast.Clause, contraries) -> dict | None:
    for pair in contraries:
        for mine, theirs in ((pair.left, pair.right), (pair.right, pair.left)):
            if mine.predicate != predicate or theirs.predicate != rule.head.predicate or mine is theirs:
                continue
            meaning = _bind(mine.args, head)
            if meaning is None:
                continue
            values = tuple(
                meaning.get(a.name) if isinstance(a, ast.Variable) else a.value if isinstance(a, ast.Constant) else None
                for a in theirs.args
            )
            env = _bind(rule.head.args, values)
            if env is not None:
                return env
    return None


class _Cone:
    """The predicates a conclusion depends on, through rules and contrary pairs."""

    def __init__(self, clauses: list[ast.Clause], contraries: list[ast.Contrary]):
        self.uses: dict[str, set[str]] = {}
        for clause in clauses:
            self.uses.setdefault(clause.head.predicate, set()).update(p for p, _ in body_dependencies(clause.body))
        for pair in contraries:
            left, right = pair.left.predicate, pair.right.predicate
            self.uses.setdefault(left, set()).add(right)
            self.uses.setdefault(right, set()).add(left)
        self._cache: dict[str, set[str]] = {}
        self.used_by: dict[str, set[str]] = {}
        for head, used in self.uses.items():
            for predicate in used:
                self.used_by.setdefault(predicate, set()).add(head)
        # a rule with no positive condition can fire on any case at all
        self.unconditional = {
            c.head.predicate for c in clauses if all(kind != POSITIVE for _, kind in body_dependencies(c.body))
        }

    def reached_from(self, predicates: set[str]) -> set[str]:
        """Everything a case stating `predicates` may bear on (rules read forwards, contrary pairs both ways)."""
        seen = set(predicates) | self.unconditional
        todo = list(seen)
        while todo:
            for head in self.used_by.get(todo.pop(), ()):
                if head not in seen:
                    seen.add(head)
                    todo.append(head)
        return seen

    def of(self, clause: ast.Clause) -> set[str]:
        start = clause.head.predicate
        if start not in self._cache:
            seen, todo = {start}, [start]
            while todo:
                for used in self.uses.get(todo.pop(), ()):
                    if used not in seen:
                        seen.add(used)
                        todo.append(used)
            self._cache[start] = seen
        return self._cache[start]
