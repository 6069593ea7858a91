"""Evaluation on pyDatalog, built only through its engine API.

No text from a rule or case file is ever handed to `eval`, `exec`,
`pyDatalog.load` or an import: predicates and variables get mangled ASCII
names (`p12`, `V3`) and constants travel as `Const` values, never as code.

Each engine owns one pyDatalog logic.  An evaluation installs it in the
current thread, asserts the rules that can fire for this case (relevance.py)
and the case's facts, asks, and retracts them all again, so two rulebooks
never see each other's facts and one case never leaks into the next.  A lock serialises evaluations of one engine across threads,
because a pyDatalog logic is shared mutable state.
"""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from typing import Iterable

from pyDatalog.Logic import Logic
from pyDatalog.pyEngine import Clause, Const, Literal, Pred, Var, assert_, insert, retract

from jiuze.compile.program import Aggregate, CountLookup, Fact, Program
from jiuze.compile.relevance import LiveSet, Relevance
from jiuze.evaluate.values import arith, compare
from jiuze.language import ast

_COMPARISONS = {"=": "jz_eq", "!=": "jz_ne", "<": "jz_lt", "<=": "jz_le", ">": "jz_gt", ">=": "jz_ge"}
_ARITHMETIC = {"+": "jz_add", "-": "jz_sub", "*": "jz_mul"}
_ALL = "jz_all"

Relations = dict[str, set[tuple]]


class DatalogEngine:
    """A compiled program living in its own pyDatalog logic."""

    def __init__(self, program: Program):
        self.program = program
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
        """Declare every relation; prepare (but do not assert) every rule.

        Rules are asserted per case, and only the live ones (relevance.py):
        asserting a prepared clause is cheap, trying a dead one in every case is not.
        """
        _install_primitives()
        program = self.program
        for name, declaration in sorted(program.declarations.items()):
            self._declare(name, declaration.arity)
        for aggregate in program.aggregates:
            self._declare(aggregate.relation, len(aggregate.group) + 1)
            self._declare(aggregate.items_relation, len(aggregate.group) + len(aggregate.counted))
        self._rules = [
            self._clause(rule.head, recursive_first(rule.head, rule.body, program.recursive)) for rule in program.rules
        ]
        self._aggregate_rules = [
            self._clause(ast.Atom(a.items_relation, a.group + a.counted, a.span), a.body) for a in program.aggregates
        ]
        for fact in program.facts:
            assert_(self._fact(fact.predicate, fact.values))
        self._derived = sorted({r.head.predicate for r in program.rules})
        width = max((self._arity[p] for p in self._derived), default=0) + 1
        insert(Pred(_ALL, width))
        self._collectors: dict[str, Clause] = {}
        for index, predicate in enumerate(self._derived):
            variables = [Var(f"A{i}") for i in range(self._arity[predicate])]
            padding = [Const(0)] * (width - 1 - len(variables))
            head = Literal(_ALL, [Const(index)] + variables + padding)
            self._collectors[predicate] = Clause(head, [Literal(self._names[predicate], variables)])
        self._all_width = width

    def _declare(self, predicate: str, arity: int) -> None:
        name = self._names.setdefault(predicate, f"p{len(self._names)}")
        self._arity[predicate] = arity
        insert(Pred(name, arity))

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
        if isinstance(literal, ast.Atom):
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
        """All derived relations (and count tables) for this set of input facts."""
        facts = [f for f in facts if f.predicate in self._names]
        with self._lock:
            live = self._relevance.live({f.predicate for f in facts})
            self._install()  # first: literals bind to the current logic's predicates
            asserted = self._program_for(live) + [self._fact(f.predicate, f.values) for f in facts]
            for clause in asserted:
                assert_(clause)
            try:
                return self._answers(live, asserted)
            finally:
                for clause in asserted:
                    retract(clause)

    def _program_for(self, live: LiveSet) -> list[Clause]:
        """The live rules, the live counts' item rules, and a collector for each relation to read."""
        clauses = [self._rules[i] for i in live.rules]
        clauses += [self._aggregate_rules[j] for j in live.aggregates]
        clauses += [self._collectors[p] for p in self._derived if p in live.predicates]
        return clauses

    def _answers(self, live: LiveSet, asserted: list[Clause]) -> Relations:
        relations: Relations = defaultdict(set)
        for j, aggregate in enumerate(self.program.aggregates):
            rows, counts = self._count(aggregate) if j in live.aggregates else (set(), set())
            relations[aggregate.items_relation] = rows
            relations[aggregate.relation] = counts
            for row in counts:
                clause = self._fact(aggregate.relation, row)
                assert_(clause)
                asserted.append(clause)
        if any(p in live.predicates for p in self._derived):
            for row in self._ask(_ALL, self._all_width):
                predicate = self._derived[row[0]]
                relations[predicate].add(tuple(row[1 : 1 + self._arity[predicate]]))
        return dict(relations)

    def _install(self) -> None:
        """Make this engine's logic current in this thread (skipped when it already is:
        installing copies pyDatalog's registries, about 5% of an evaluation)."""
        thread = threading.get_ident()
        current = getattr(Logic.tl, "logic", None)
        if current is None or current is not self._installed.get(thread):
            Logic(self._logic)
            self._installed[thread] = Logic.tl.logic

    def _count(self, aggregate: Aggregate) -> tuple[set[tuple], set[tuple]]:
        width = len(aggregate.group)
        rows = set(self._ask(self._names[aggregate.items_relation], self._arity[aggregate.items_relation]))
        counts = Counter(row[:width] for row in rows)
        return rows, {group + (n,) for group, n in counts.items()}

    def _ask(self, name: str, arity: int) -> list[tuple]:
        result = Literal(name, [Var(f"Q{i}") for i in range(arity)]).ask()
        return list(result) if isinstance(result, list) else []


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


def recursive_first(head: ast.Atom, body, components: dict[str, int]) -> tuple:
    """Literals of the head's recursive component first (see dependencies.recursive_components)."""
    component = components.get(head.predicate)
    if component is None:
        return tuple(body)
    in_component = [isinstance(lit, ast.Atom) and components.get(lit.predicate) == component for lit in body]
    return tuple(
        [lit for lit, inside in zip(body, in_component) if inside]
        + [lit for lit, inside in zip(body, in_component) if not inside]
    )


def order_for_binding(body) -> list:
    """Positive literals in source order; each filter as soon as its variables are bound.

    pyDatalog evaluates left to right and silently answers nothing for a
    negation or comparison whose variables are still free.
    """
    bound: set[str] = set()
    ordered, pending = [], []
    for literal in body:
        if isinstance(literal, (ast.Atom, CountLookup)):
            ordered.append(literal)
            bound |= _names(literal)
        else:
            pending.append(literal)
        ordered, pending, bound = _flush(ordered, pending, bound)
    return ordered + pending


def _flush(ordered, pending, bound):
    progress = True
    while progress:
        progress = False
        for literal in list(pending):
            if _filter_ready(literal, bound):
                ordered.append(literal)
                pending.remove(literal)
                bound |= _names(literal)
                progress = True
    return ordered, pending, bound


def _filter_ready(literal, bound: set[str]) -> bool:
    if isinstance(literal, ast.Comparison) and literal.op == "=":
        return _names(literal.left) <= bound or _names(literal.right) <= bound
    return _names(literal) <= bound


def _names(node) -> set[str]:
    if isinstance(node, CountLookup):
        return {v.name for v in node.aggregate.group + (node.result,)}
    return {v.name for v in ast.variables_of(node) if not v.is_anonymous}


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
        if isinstance(result, Const):
            if compare("=", result.id, value):
                subgoal.fact(Literal(literal.pred, [left, right, result]))
        else:
            subgoal.fact(Literal(literal.pred, [left, right, Const(value)]))

    return primitive
