"""Derivations read from the evaluator's rule firings instead of matching rule bodies again.

To rank an atom's derivations the prover needs every (rule, premises) that derives
it in the model.  Matching each rule body against the model in Python was half of
`jiuze batch --proofs why` (issue 12).  When the evaluator reports which rule fired
with which values (clingo does, when asked: evaluate/firings.py), the premises are
built from those values alone, exactly as `matching.match_body` builds them — the
same literals, rows, patterns, comparison values and count rows, in body order — so
the ranking, its tie-breaks, every proof and every cited article stay the same.
Rules without a firing layout (an anonymous variable where it cannot be named) and
evaluators without firings (pyDatalog) keep matching.
"""

from __future__ import annotations

from operator import itemgetter

from jiuze.compile.program import CountLookup, Program, Rule
from jiuze.evaluate.firings import firing_layout
from jiuze.explain.matching import Premise, term_value
from jiuze.language import ast

_SLOT, _CONSTANT, _TERM, _NOTHING = range(4)
_PLANS: dict[int, tuple] = {}  # id(program) -> (program, its plans)


class FiringPlans:
    """For each rule of a program with a firing layout: how its firing values become the head and
    the premises.  `covered`: the predicates all of whose rules have one."""

    def __init__(self, program: Program):
        self.plans = [_plan(rule, program.rule_order[id(rule)]) for rule in program.rules]
        existentials = program.existentials_by_relation
        heads = {rule.head.predicate for rule in program.rules}
        for plan in self.plans:
            if plan is not None:  # a premise shown as its existential's best row, which depends on rank
                plan.existential = any(step[2] in existentials for step in plan.steps)
                plan.derived_steps = [step for step in plan.atom_steps if step[2] in heads]
        lacking = {rule.head.predicate for rule, plan in zip(program.rules, self.plans) if plan is None}
        self.covered = frozenset(rule.head.predicate for rule in program.rules) - lacking
        self.direct = frozenset(  # ranked top-down from firings alone (Prover._rank_from_firings)
            p for p in self.covered if p not in program.recursive and p not in program.existentials_by_relation
        )


def plans_for(program: Program) -> FiringPlans:
    """The plans of a program, made once (a batch builds a model per case from the same program)."""
    return per_program(_PLANS, program, FiringPlans)


def per_program(cache: dict[int, tuple], program: Program, build):
    """`build(program)`, made once per program and kept in `cache` (at most 65 programs): a batch
    builds a model per case from the same program.  Keyed by id, the entry keeps the program alive
    so its id stays its own."""
    known = cache.get(id(program))
    if known is None or known[0] is not program:
        if len(cache) > 64:
            cache.clear()
        known = cache[id(program)] = (program, build(program))
    return known[1]


class Firings:
    """One case's firings as the evaluator reported them: head atom -> [(rule number, firing values), …]."""

    def __init__(self, program: Program, fired: dict[tuple, list]):
        self.plans = plans_for(program)
        self.fired = fired

    def covers(self, predicate: str) -> bool:
        return predicate in self.plans.covered

    def instances(self, predicate: str, values: tuple) -> list[tuple]:
        """(rule order, rule, premises) for every firing that derived this atom."""
        plans = self.plans.plans
        out = []
        for number, firing in self.fired.get((predicate, values), ()):
            plan = plans[number]
            out.append((plan.order, plan.rule, plan.premises(firing)))
        return out

    def firings_of(self, predicate: str, values: tuple) -> list[tuple]:
        """(rule plan, firing values) of every firing that derived this atom, premises not yet built:
        the prover ranks a firing from its atom premises alone (`_RulePlan.atoms`)."""
        plans = self.plans.plans
        return [(plans[number], firing) for number, firing in self.fired.get((predicate, values), ())]

    def rules_of(self, predicate: str, values: tuple) -> list[Rule]:
        """The rules that fired to derive this atom (once per firing)."""
        plans = self.plans.plans
        return [plans[n].rule for n, _ in self.fired.get((predicate, values), ())]


def _body(rule: Rule) -> tuple:
    """The body the evaluator ran (a rule may carry one rewritten for evaluation; else its own)."""
    return rule.evaluated_body


def _plan(rule: Rule, order: int) -> "_RulePlan | None":
    layout = firing_layout(rule.head, _body(rule))
    return None if layout is None else _RulePlan(rule, order, layout)


class _RulePlan:
    """One rule's firing values → its premises, as match_body would give them."""

    def __init__(self, rule: Rule, order: int, layout):
        self.rule, self.order, self.predicate = rule, order, rule.head.predicate
        self.names = layout.names
        slot = {name: i for i, name in enumerate(layout.names)}
        self.steps = [_step(literal, named, slot) for literal, named in zip(_body(rule), layout.body)]
        self.needs_binding = any(mode in (_GENERAL, _COMPARISON) for _, _, _, mode, _ in self.steps)
        self.atom_steps = [step for step in self.steps if step[0] == "atom"]
        self.atoms_need_binding = any(mode is _GENERAL for _, _, _, mode, _ in self.atom_steps)
        self.existential = False  # set by FiringPlans
        self.derived_steps = self.atom_steps  # set by FiringPlans: the atom premises some rule derives

    def binding(self, firing: tuple) -> dict:
        return dict(zip(self.names, firing))

    def atoms(self, firing: tuple) -> list[tuple]:
        """(predicate, row) of each positive atom premise, in body order: the premises a rank reads."""
        return self._rows(self.atom_steps, firing)

    def derived(self, firing: tuple) -> list[tuple]:
        """`atoms` less those of predicates no rule derives: such an atom can only be an input fact
        (rank 0, cited by nobody), so neither a rank nor a fold needs to look at it."""
        return self._rows(self.derived_steps, firing)

    def _rows(self, steps: list, firing: tuple) -> list[tuple]:
        binding = self.binding(firing) if self.atoms_need_binding else None
        out = []
        for _, _, predicate, mode, pick in steps:
            if mode is _PICK:
                out.append((predicate, pick(firing)))
            elif mode is _ONE:
                out.append((predicate, (firing[pick],)))
            else:
                out.append((predicate, pick(firing, binding)))
        return out

    def keys(self, firing: tuple) -> list[tuple]:
        """(predicate, values) of each premise `premises` gives, in body order, without building
        them: what `_better` compares when two firings of a rule tie on rank."""
        binding = self.binding(firing) if self.needs_binding else None
        out = []
        for _, literal, predicate, mode, pick in self.steps:
            if mode is _PICK:
                out.append((predicate, pick(firing)))
            elif mode is _ONE:
                out.append((predicate, (firing[pick],)))
            elif mode is _COMPARISON:
                out.append(("", (term_value(literal.left, binding), term_value(literal.right, binding))))
            else:
                out.append((predicate, pick(firing, binding)))
        return out

    def premises(self, firing: tuple) -> list[Premise]:
        """One Premise per body literal, in body order (what a batch builds ~60 times a case)."""
        binding = self.binding(firing) if self.needs_binding else None
        out = []
        for kind, literal, predicate, mode, pick in self.steps:
            if mode is _PICK:
                row = pick(firing)
            elif mode is _ONE:
                row = (firing[pick],)
            elif mode is _COMPARISON:
                values = (term_value(literal.left, binding), term_value(literal.right, binding))
                out.append(Premise(literal, kind, values=values, detail=binding))
                continue
            else:
                row = pick(firing, binding)
            out.append(Premise(literal, kind, predicate, row))
        return out


_PICK, _ONE, _GENERAL, _COMPARISON = "pick", "one", "general", "comparison"


def _step(literal, named, slot: dict) -> tuple:
    """(premise kind, literal as written, predicate, how its values come from the firing: mode, picker)."""
    if isinstance(literal, ast.Atom):
        getters = [_getter(arg, slot) for arg in named.args]  # anonymous arguments named: the row
        kind, predicate = "atom", literal.predicate
    elif isinstance(literal, ast.Negation):
        getters = [_getter(arg, slot) for arg in literal.atom.args]  # anonymous: None, as pattern_of
        kind, predicate = "absent", literal.atom.predicate
    elif isinstance(literal, CountLookup):
        getters = [_getter(arg, slot) for arg in (*literal.aggregate.group, literal.result)]
        kind, predicate = "count", literal.aggregate.relation
    else:
        return ("comparison", literal, "", _COMPARISON, None)
    return (kind, literal, predicate, *_compiled(getters))


def _getter(term, slot: dict) -> tuple:
    if isinstance(term, ast.Variable):
        return (_NOTHING, None) if term.is_anonymous else (_SLOT, slot[term.name])
    if isinstance(term, ast.Constant):
        return (_CONSTANT, term.value)
    return (_TERM, term)


def _compiled(getters: list[tuple]) -> tuple:
    """(mode, picker): an itemgetter when two or more values are all firing variables, one index
    when one is, else a function (firing, binding) -> row."""
    if getters and all(kind == _SLOT for kind, _ in getters):
        places = [place for _, place in getters]
        return (_ONE, places[0]) if len(places) == 1 else (_PICK, itemgetter(*places))
    return (_GENERAL, lambda firing, binding: tuple(_value(kind, x, firing, binding) for kind, x in getters))


def _value(kind: int, x, firing: tuple, binding):
    if kind == _SLOT:
        return firing[x]
    if kind == _CONSTANT:
        return x
    if kind == _TERM:
        return term_value(x, binding)
    return None
