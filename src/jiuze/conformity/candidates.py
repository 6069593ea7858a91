"""Candidate cases for the Art 28 counterexample search, built from the rules themselves.

A candidate makes one national rule's conditions true (derived conditions unfolded through the rules
that conclude them, down to case facts), optionally together with the conditions of a rule that could
interfere with it: a rule attacking its conclusion (a defeater, a contrary rule) or an overlay rule
whose conclusion the national rule depends on.  Variables become constants named after them (P → 某P),
so rules that use the same variable for the same thing (P the officer, C the case) talk about the same
person; counts get as many items as their threshold asks for.  The construction is a heuristic: a
candidate is only ever used after both rulebooks have evaluated it, so a wrong guess costs recall,
never a false finding.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from jiuze.evaluate.values import arith
from jiuze.language import ast

MAX_DEPTH = 12
DATE_PARAMS = ("日期",)
NUMBER_PARAMS = ("天数", "次数", "年", "项", "数")
FIRST_DAY = datetime.date(2000, 1, 1)

Facts = frozenset  # of (predicate, values)


@dataclass
class Unfolder:
    """Turns rule bodies into case facts, unfolding derived conditions through `rules`."""

    rules: dict[str, list[ast.Clause]]  # head predicate -> rules concluding it (no defeaters)
    declarations: dict[str, ast.Declaration]
    facts: set = field(default_factory=set)

    def satisfy_rule(self, clause: ast.Clause, env: dict) -> dict:
        """Facts making `clause`'s body true under `env` (extended in place); the final env."""
        self._body(clause.body, env, (clause.head.predicate,))
        for variable in ast.variables_of(clause.head):
            self._value_of(variable, env, clause.head)
        return env

    # ------------------------------------------------------------ bodies

    def _body(self, body, env: dict, stack: tuple) -> None:
        _prebind_thresholds(body, env)
        for literal in body:
            if isinstance(literal, ast.Count):
                self._count(literal, env, stack)
        for literal in body:
            if isinstance(literal, ast.Atom):
                self._atom(literal, env, stack)
        for literal in body:
            if isinstance(literal, ast.Comparison) and literal.op == "=":
                _bind_equality(literal, env)

    def _count(self, count: ast.Count, env: dict, stack: tuple) -> None:
        wanted = env.get(count.result.name)
        wanted = wanted if isinstance(wanted, int) and 0 < wanted <= 12 else 1
        env[count.result.name] = wanted
        for index in range(1, wanted + 1):
            inner = dict(env)
            for variable in count.counted:
                inner[variable.name] = f"某{variable.name}{index}"
            self._body(count.body, inner, stack)

    def _atom(self, atom: ast.Atom, env: dict, stack: tuple) -> None:
        values = tuple(self._value_of(arg, env, atom, position) for position, arg in enumerate(atom.args))
        self.ground(atom.predicate, values, stack)

    def ground(self, predicate: str, values: tuple, stack: tuple = ()) -> None:
        """Make predicate(values) true: unfold it through a rule, else state it as a fact."""
        if predicate in stack or len(stack) > MAX_DEPTH or None in values:
            self._fact(predicate, values)
            return
        for rule in self.rules.get(predicate, ()):
            env = _unify_head(rule.head, values)
            if env is not None:
                self._body(rule.body, env, stack + (predicate,))
                return
        self._fact(predicate, values)

    def _fact(self, predicate: str, values: tuple) -> None:
        if None not in values and predicate in self.declarations and not predicate.startswith("#"):
            self.facts.add((predicate, values))

    # ------------------------------------------------------------ values

    def _value_of(self, term, env: dict, atom: ast.Atom, position: int = 0):
        if isinstance(term, ast.Constant):
            return term.value
        if isinstance(term, ast.Arithmetic):
            left = self._value_of(term.left, env, atom, position)
            right = self._value_of(term.right, env, atom, position)
            return None if left is None or right is None else arith(term.op, left, right)
        if term.name in env:
            return env[term.name]
        value = self._fresh(term.name, atom, position)
        if not term.is_anonymous:
            env[term.name] = value
        return value

    def _fresh(self, name: str, atom: ast.Atom, position: int):
        declaration = self.declarations.get(atom.predicate)
        param = declaration.params[position] if declaration and position < len(declaration.params) else ""
        if any(word in param for word in DATE_PARAMS):
            return FIRST_DAY
        if any(word in param for word in NUMBER_PARAMS):
            return 1
        return f"某{name.lstrip('_') or '甲'}"


def _unify_head(head: ast.Atom, values: tuple) -> dict | None:
    env: dict = {}
    for arg, value in zip(head.args, values):
        if isinstance(arg, ast.Constant):
            if arg.value != value:
                return None
        elif isinstance(arg, ast.Variable):
            if arg.is_anonymous:
                continue
            if arg.name in env and env[arg.name] != value:
                return None
            env[arg.name] = value
        else:
            return None
    return env


def _prebind_thresholds(body, env: dict) -> None:
    """`N >= 3` and the like: give N the smallest value that passes, before N is counted or looked up."""
    for literal in body:
        if not isinstance(literal, ast.Comparison):
            continue
        variable, op, number = _threshold(literal)
        if variable is None or variable in env:
            continue
        env[variable] = {">=": number, ">": number + 1, "=": number, "<=": number, "<": number - 1, "!=": number + 1}[
            op
        ]


_FLIP = {">=": "<=", "<=": ">=", ">": "<", "<": ">", "=": "=", "!=": "!="}


def _threshold(comparison: ast.Comparison):
    left, right, op = comparison.left, comparison.right, comparison.op
    if isinstance(right, ast.Variable) and isinstance(left, ast.Constant):
        left, right, op = right, left, _FLIP.get(op, op)
    if isinstance(left, ast.Variable) and isinstance(right, ast.Constant) and isinstance(right.value, int):
        return left.name, op.replace("≥", ">=").replace("≤", "<=").replace("≠", "!="), right.value
    return None, None, None


def _bind_equality(comparison: ast.Comparison, env: dict) -> None:
    for side, other in ((comparison.left, comparison.right), (comparison.right, comparison.left)):
        if isinstance(side, ast.Variable) and side.name not in env:
            value = _evaluate(other, env)
            if value is not None:
                env[side.name] = value


def _evaluate(term, env: dict):
    if isinstance(term, ast.Constant):
        return term.value
    if isinstance(term, ast.Variable):
        return env.get(term.name)
    left, right = _evaluate(term.left, env), _evaluate(term.right, env)
    return None if left is None or right is None else arith(term.op, left, right)
