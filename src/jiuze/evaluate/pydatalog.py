"""Evaluation on pyDatalog, built only through its engine API.

No text from a rule or case file is ever handed to `eval`, `exec`,
`pyDatalog.load` or an import: predicates and variables get mangled ASCII
names (`p12`, `V3`) and constants travel as `Const` values, never as code.

Each engine owns one pyDatalog logic.  An evaluation installs it in the
current thread, asserts the rules that can fire for this case (relevance.py)
and the case's facts, asks, and retracts them all again, so two rulebooks
never see each other's facts and one case never leaks into the next.  A lock serialises evaluations of one engine across threads,
because a pyDatalog logic is shared mutable state.

Recursion never reaches pyDatalog.  Its tabled top-down engine (0.22.4) can run
forever on tiny recursive programs, depending on body order alone: `r(Y, Z) :-
r(Y, X), r(Z, Y).` with the one fact `r(b, a)`, or the 3-cycle `a :- e. b :- a.
c :- b. a :- c.`.  The task machine keeps re-scheduling SEARCHING tasks between
subgoals that wait on each other in a cycle; no body order avoids it for the
3-cycle, whose bodies have one literal each.  So each recursive component is
evaluated here, by naive iteration: its rules read the component's relations
from *shadow* relations (facts: what the previous round derived), which makes
every program pyDatalog sees non-recursive, where each subgoal waits only on
subgoals of strictly lower predicates and the task machine ends.  Rounds stop
when nothing new is derived (relations only grow, over values the lower strata
fixed, so this ends unless arithmetic keeps inventing values, which the time
bound catches).  Components and counts are computed in stratum order.
"""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from typing import Iterable

from pyDatalog.Logic import Logic
from pyDatalog.pyEngine import Clause, Const, Literal, Pred, Var, assert_, insert, retract

from jiuze.compile.program import Aggregate, CountLookup, Fact, Program
from jiuze.compile.relevance import LiveSet, Relevance
from jiuze.evaluate.binding import Shadow, order_for_binding
from jiuze.evaluate.bounded import DEFAULT_SECONDS, Deadline, ask
from jiuze.evaluate.values import arith, compare
from jiuze.language import ast
from jiuze.language.errors import Finding, JiuzeError
from jiuze.language.source import Span

_COMPARISONS = {"=": "jz_eq", "!=": "jz_ne", "<": "jz_lt", "<=": "jz_le", ">": "jz_gt", ">=": "jz_ge"}
_ARITHMETIC = {"+": "jz_add", "-": "jz_sub", "*": "jz_mul"}
_ALL = "jz_all"

Relations = dict[str, set[tuple]]

# Arithmetic is the only way an evaluation makes values the input did not have, so it is
# the only way one can run forever (`n(Y) 若 n(X), Y = X + 1`; jiuze check warns about such
# rules).  An evaluation may compute this many arithmetic results, each at most this large;
# a real case needs a few dozen small ones.
ARITHMETIC_LIMIT = 20_000
MAGNITUDE_BITS = 256
_budget = threading.local()


class DatalogEngine:
    """A compiled program living in its own pyDatalog logic."""

    name = "pydatalog"

    def __init__(self, program: Program, time_limit: float | None = DEFAULT_SECONDS):
        self.program = program
        self.time_limit = time_limit
        self.notes: list[str] = []  # the evaluator interface; pyDatalog never hands a case on
        self._lock = threading.Lock()
        self._names: dict[str, str] = {}
        self._arity: dict[str, int] = {}
        self._derived: list[str] = []
        self._installed: dict[int, object] = {}
        self._relevance = Relevance(program)
        with self._lock:
            Logic()  # a fresh logic for this thread; we keep a handle to it
            self._logic = Logic(True)
            self._build()

    # ------------------------------------------------------------ building

    def _build(self) -> None:
        """Declare every relation (and every negated one); prepare rules as cases need them.

        Rules are asserted per case, and only the live ones (relevance.py):
        asserting a prepared clause is cheap, trying a dead one in every case is not.
        A rule's clause is built the first time a case needs it (`_rule`, `_collector`): one
        `jiuze explain` needs about a quarter of the national rulebook's.  Every predicate a
        clause can name is registered here, so a clause built later, in whichever thread's
        copy of the logic, names the same predicate objects.
        """
        _install_primitives()
        program = self.program
        for name, declaration in sorted(program.declarations.items()):
            self._declare(name, declaration.arity)
        for aggregate in program.aggregates:
            self._declare(aggregate.relation, len(aggregate.group) + 1)
            self._declare(aggregate.items_relation, len(aggregate.group) + len(aggregate.counted))
        self._negated = [Literal("~" + self._names[p], _vars(self._arity[p])) for p in _negated(program)]
        self._shadows = {p: (self._shadow(p, "s"), self._shadow(p, "d")) for p in sorted(program.recursive)}
        self._rules: list[Clause | None] = [None] * len(program.rules)
        self._variants = [
            [self._clause(rule.head, body) for body in self._delta_bodies(rule)] for rule in program.rules
        ]
        self._component = [program.recursive.get(rule.head.predicate) for rule in program.rules]
        self._steps = _steps(program)
        self._aggregate_rules = [
            self._clause(ast.Atom(a.items_relation, a.group + a.counted, a.span), a.body) for a in program.aggregates
        ]
        for fact in program.facts:
            assert_(self._fact(fact.predicate, fact.values))
        self._derived = sorted({r.head.predicate for r in program.rules})
        width = max((self._arity[p] for p in self._derived), default=0) + 1
        insert(Pred(_ALL, width))
        self._derived_index = {p: i for i, p in enumerate(self._derived)}
        self._collectors: dict[str, Clause] = {}
        self._all_width = width

    def _rule(self, index: int) -> Clause:
        """The clause of rule `index`, built on first use."""
        clause = self._rules[index]
        if clause is None:
            rule = self.program.rules[index]
            clause = self._rules[index] = self._clause(rule.head, rule.evaluated_body)
        return clause

    def _collector(self, predicate: str) -> Clause:
        """`jz_all(index, args…, 0…) :- predicate(args…)`: one query reads every derived relation."""
        clause = self._collectors.get(predicate)
        if clause is None:
            variables = [Var(f"A{i}") for i in range(self._arity[predicate])]
            padding = [Const(0)] * (self._all_width - 1 - len(variables))
            head = Literal(_ALL, [Const(self._derived_index[predicate])] + variables + padding)
            clause = self._collectors[predicate] = Clause(head, [Literal(self._names[predicate], variables)])
        return clause

    def _declare(self, predicate: str, arity: int) -> None:
        name = self._names.setdefault(predicate, f"p{len(self._names)}")
        self._arity[predicate] = arity
        insert(Pred(name, arity))

    def _shadow(self, predicate: str, prefix: str) -> str:
        """Where a recursive predicate's rules read it from: all rows so far (s), last round's new ones (d)."""
        name = f"{prefix}{self._names[predicate]}"
        insert(Pred(name, self._arity[predicate]))
        return name

    def _delta_bodies(self, rule) -> list[tuple]:
        """Semi-naive variants of a rule of a recursive component: one per literal of its own
        component, that literal reading last round's new rows and the others all rows so far.
        A rule without such literals has none (it fires once, in the first round)."""
        component = self.program.recursive.get(rule.head.predicate)
        if component is None:
            return []
        inside = [
            isinstance(lit, ast.Atom) and self.program.recursive.get(lit.predicate) == component for lit in rule.body
        ]
        variants = []
        for j in (i for i, flag in enumerate(inside) if flag):
            variants.append(
                tuple(
                    Shadow(lit, self._shadows[lit.predicate][1 if i == j else 0]) if flag else lit
                    for i, (lit, flag) in enumerate(zip(rule.body, inside))
                )
            )
        return variants

    def _fact(self, predicate: str, values: tuple) -> Clause:
        return Clause(Literal(self._names[predicate], [Const(v) for v in values]), [])

    def _clause(self, head: ast.Atom, body) -> Clause:
        scope = _Scope()
        literals: list = []
        for literal in order_for_binding(body):
            literals.extend(self._literal(literal, scope))
        head_literal = Literal(self._names[head.predicate], [scope.term(a, literals) for a in head.args])
        return Clause(head_literal, literals)

    def _literal(self, literal, scope: "_Scope") -> list:
        out: list = []
        if isinstance(literal, Shadow):
            terms = [scope.term(a, out) for a in literal.atom.args]
            out.append(Literal(literal.name, terms))
        elif isinstance(literal, ast.Atom):
            terms = [scope.term(a, out) for a in literal.args]
            out.append(Literal(self._names[literal.predicate], terms))
        elif isinstance(literal, ast.Negation):
            terms = [scope.term(a, out) for a in literal.atom.args]
            out.append(Literal("~" + self._names[literal.atom.predicate], terms))
        elif isinstance(literal, CountLookup):
            terms = [scope.term(v, out) for v in literal.aggregate.group + (literal.result,)]
            out.append(Literal(self._names[literal.aggregate.relation], terms))
        else:
            left, right = scope.term(literal.left, out), scope.term(literal.right, out)
            out.append(Literal(_COMPARISONS[literal.op], [left, right]))
        return out

    # ------------------------------------------------------------ evaluating

    def evaluate(self, facts: Iterable[Fact]) -> Relations:
        """All derived relations (and count tables) for this set of input facts.

        Raises bounded.EvaluationTimeout past the time bound (the caller names rulebook and case)."""
        facts = [f for f in facts if f.predicate in self._names]
        deadline = Deadline(self.time_limit, self.name)
        with self._lock:
            live = self._relevance.live({f.predicate for f in facts})
            self._install()  # first: literals bind to the current logic's predicates
            asserted = self._program_for(live) + [self._fact(f.predicate, f.values) for f in facts]
            for clause in asserted:
                assert_(clause)
            _budget.left = ARITHMETIC_LIMIT
            try:
                return self._answers(live, asserted, deadline)
            finally:
                for clause in asserted:
                    retract(clause)

    def evaluate_many(self, cases: Iterable[Iterable[Fact]], firings: bool = False) -> list[Relations]:
        """`firings` is ignored: pyDatalog cannot say which rule fired, so proofs match bodies again."""
        return [self.evaluate(facts) for facts in cases]

    def _program_for(self, live: LiveSet) -> list[Clause]:
        """The live non-recursive rules, the live counts' item rules, and a collector for each relation to read."""
        clauses = [self._rule(i) for i in live.rules if self._component[i] is None]
        clauses += [self._aggregate_rules[j] for j in live.aggregates]
        clauses += [self._collector(p) for p in self._derived if p in live.predicates]
        return clauses

    def _answers(self, live: LiveSet, asserted: list[Clause], deadline: Deadline) -> Relations:
        relations: Relations = defaultdict(set)
        for kind, key in self._steps:
            if kind == _COMPONENT:
                rules = [i for i in live.rules if self._component[i] == key]
                if rules:
                    asserted += self._fixpoint(rules, deadline)
                continue
            aggregate = self.program.aggregates[key]
            rows, counts = self._count(aggregate, deadline) if key in live.aggregates else (set(), set())
            relations[aggregate.items_relation] = rows
            relations[aggregate.relation] = counts
            for row in counts:
                clause = self._fact(aggregate.relation, row)
                assert_(clause)
                asserted.append(clause)
        if any(p in live.predicates for p in self._derived):
            for row in ask(Literal(_ALL, [Var(f"Q{i}") for i in range(self._all_width)]), deadline):
                predicate = self._derived[row[0]]
                relations[predicate].add(tuple(row[1 : 1 + self._arity[predicate]]))
        return dict(relations)

    def _fixpoint(self, rules: list[int], deadline: Deadline) -> list[Clause]:
        """A recursive component's relations, by semi-naive rounds; asserted as facts, returned to retract.

        Round one fires the rules that read nothing of the component (and collects the facts stated
        for its predicates); every later round fires the
        delta variants (see _delta_bodies) on what the round before found new, until nothing is."""
        component = self._component[rules[0]]
        heads = sorted(p for p, c in self.program.recursive.items() if c == component)  # all members: facts too
        known: dict[str, set[tuple]] = {p: set() for p in heads}
        shadows: list[Clause] = []  # every row so far, under its "s" name
        clauses = [self._rule(i) for i in rules if not self._variants[i]]
        delta: list[Clause] = []
        first = True  # round one also collects facts stated for the component's predicates
        try:
            while first or clauses:
                first = False
                deadline.check()
                for clause in clauses:
                    assert_(clause)
                new = {p: set(ask(Literal(self._names[p], _vars(self._arity[p])), deadline)) - known[p] for p in heads}
                for clause in clauses + delta:
                    retract(clause)
                delta = [assert_(self._shadow_fact(p, row, 1)) for p in heads for row in new[p]]
                shadows += [assert_(self._shadow_fact(p, row, 0)) for p in heads for row in new[p]]
                for p in heads:
                    known[p] |= new[p]
                clauses = [v for i in rules for v in self._variants[i]] if delta else []
        finally:
            for clause in clauses + delta + shadows:
                retract(clause)
        found = [self._fact(p, row) for p in heads for row in known[p]]
        for clause in found:
            assert_(clause)
        return found

    def _shadow_fact(self, predicate: str, row: tuple, which: int) -> Clause:
        return Clause(Literal(self._shadows[predicate][which], _consts(row)), [])

    def _install(self) -> None:
        """Make this engine's logic current in this thread (skipped when it already is:
        installing copies pyDatalog's registries, about 5% of an evaluation)."""
        thread = threading.get_ident()
        current = getattr(Logic.tl, "logic", None)
        if current is None or current is not self._installed.get(thread):
            Logic(self._logic)
            self._installed[thread] = Logic.tl.logic

    def _count(self, aggregate: Aggregate, deadline: Deadline) -> tuple[set[tuple], set[tuple]]:
        width = len(aggregate.group)
        name = aggregate.items_relation
        rows = set(ask(Literal(self._names[name], _vars(self._arity[name])), deadline))
        counts = Counter(row[:width] for row in rows)
        return rows, {group + (n,) for group, n in counts.items()}


_COMPONENT, _AGGREGATE = "component", "aggregate"


def _steps(program: Program) -> list[tuple[str, int]]:
    """Recursive components and counts in stratum order; at one stratum, components first
    (a count may read a component of its own stratum; a component never reads a count of its own)."""
    steps = []
    for component in sorted(set(program.recursive.values())):
        members = [p for p, c in program.recursive.items() if c == component]
        steps.append((program.strata.get(members[0], 0), 0, component, _COMPONENT))
    for j, aggregate in enumerate(program.aggregates):
        steps.append((_level(aggregate, program.strata), 1, j, _AGGREGATE))
    return [(kind, key) for _, _, key, kind in sorted(steps)]


def _negated(program: Program) -> list[str]:
    """Predicates some rule or count reads negated (their `~` predicates are registered up front), sorted."""
    bodies = [body for rule in program.rules for body in (rule.body, rule.evaluated_body)]
    bodies += [aggregate.body for aggregate in program.aggregates]
    return sorted({lit.atom.predicate for body in bodies for lit in body if isinstance(lit, ast.Negation)})


def _level(aggregate: Aggregate, strata: dict[str, int]) -> int:
    preds = [lit.predicate for lit in aggregate.body if isinstance(lit, ast.Atom)]
    preds += [lit.atom.predicate for lit in aggregate.body if isinstance(lit, ast.Negation)]
    return max((strata.get(p, 0) for p in preds), default=0)


def _vars(arity: int) -> list[Var]:
    return [Var(f"Q{i}") for i in range(arity)]


def _consts(row: tuple) -> list[Const]:
    return [Const(v) for v in row]


class _Scope:
    """Safe variable names for one clause; anonymous `_` gets a fresh one each time."""

    def __init__(self):
        self.names: dict[str, str] = {}
        self.fresh = 0

    def var(self, name: str) -> Var:
        if name == "_":
            self.fresh += 1
            return Var(f"W{self.fresh}")
        return Var(self.names.setdefault(name, f"V{len(self.names)}"))

    def term(self, term, out: list):
        if isinstance(term, ast.Constant):
            return Const(term.value)
        if isinstance(term, ast.Variable):
            return self.var(term.name)
        left, right = self.term(term.left, out), self.term(term.right, out)
        self.fresh += 1
        result = Var(f"T{self.fresh}")
        out.append(Literal(_ARITHMETIC[term.op], [left, right, result]))
        return result


# ---------------------------------------------------------------- primitives


def _install_primitives() -> None:
    for op, name in _COMPARISONS.items():
        insert(Pred(name, 2)).prim = _equality if op == "=" else _comparison(op)
    for op, name in _ARITHMETIC.items():
        insert(Pred(name, 3)).prim = _arithmetic(op)


def _equality(literal, subgoal) -> None:
    left, right = literal.terms
    if isinstance(left, Const) and isinstance(right, Const):
        if compare("=", left.id, right.id):
            subgoal.fact(Literal(literal.pred, [left, right]))
    elif isinstance(right, Const):
        subgoal.fact(Literal(literal.pred, [right, right]))
    elif isinstance(left, Const):
        subgoal.fact(Literal(literal.pred, [left, left]))


def _comparison(op: str):
    def primitive(literal, subgoal) -> None:
        left, right = literal.terms
        if isinstance(left, Const) and isinstance(right, Const) and compare(op, left.id, right.id):
            subgoal.fact(Literal(literal.pred, [left, right]))

    return primitive


def _arithmetic(op: str):
    def primitive(literal, subgoal) -> None:
        left, right, result = literal.terms
        if not (isinstance(left, Const) and isinstance(right, Const)):
            return
        value = arith(op, left.id, right.id)
        if value is None:
            return
        _spend(value)
        if isinstance(result, Const):
            if compare("=", result.id, value):
                subgoal.fact(Literal(literal.pred, [left, right, result]))
        else:
            subgoal.fact(Literal(literal.pred, [left, right, Const(value)]))

    return primitive


def _spend(value) -> None:
    """Count one arithmetic result against this evaluation's limit (see ARITHMETIC_LIMIT)."""
    _budget.left = getattr(_budget, "left", ARITHMETIC_LIMIT) - 1
    too_large = isinstance(value, int) and value.bit_length() > MAGNITUDE_BITS
    if _budget.left < 0 or too_large:
        _budget.left = ARITHMETIC_LIMIT
        what = f"算术结果超过 {MAGNITUDE_BITS} 位二进制" if too_large else f"算术运算超过 {ARITHMETIC_LIMIT} 次"
        raise JiuzeError(
            [
                Finding(
                    Span("<求值>", 0, 0),
                    "evaluation-limit",
                    f"求值超过上限而停止：{what}；规则可能经由算术无限递归（如 n(Y) 若 n(X), Y = X + 1）",
                    "运行 jiuze check 查看 recursion-through-arithmetic 警告，给递归加上界（如 X < 100）。",
                )
            ]
        )
