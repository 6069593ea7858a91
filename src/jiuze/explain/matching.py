"""Matching rule bodies against a finished model, in Python.

Used after evaluation to rebuild proofs lazily: given some bindings, find
every way a body holds in the model.  A literal is tried as soon as it can
be decided (filters once their variables are bound), so the body order a
drafter wrote does not matter here.
"""

from __future__ import annotations

from typing import Iterable, Iterator, Protocol

from jiuze.compile.program import BodyLiteral, CountLookup
from jiuze.evaluate.values import arith, compare, equal
from jiuze.language import ast

Binding = dict  # variable name -> value


class Lookup(Protocol):
    """Where bodies are matched: `rows` for positive literals, `exists` for negations.

    They differ while proofs are being ranked: positive premises may only use
    atoms already ranked, but a negation is always judged on the whole model.
    """

    def rows(self, predicate: str, pattern: tuple) -> Iterable[tuple]: ...

    def exists(self, predicate: str, pattern: tuple) -> bool: ...


class Premise:
    """How one body literal was satisfied; proofs turn these into nodes."""

    __slots__ = ("literal", "kind", "predicate", "values", "detail")

    def __init__(self, literal, kind: str, predicate: str = "", values: tuple = (), detail=None):
        self.literal, self.kind, self.predicate, self.values, self.detail = literal, kind, predicate, values, detail


def term_value(term, binding: Binding):
    """The value of a term under `binding`, or None when a variable is unbound."""
    if isinstance(term, ast.Constant):
        return term.value
    if isinstance(term, ast.Variable):
        return binding.get(term.name)
    left, right = term_value(term.left, binding), term_value(term.right, binding)
    if left is None or right is None:
        return None
    return arith(term.op, left, right)


def substituted(term, binding: Binding) -> str:
    """A term with its bound variables replaced by their values: `2005-03-01 + 30` for `D0 + 30`."""
    if isinstance(term, ast.Arithmetic):
        left, right = substituted(term.left, binding), substituted(term.right, binding)
        wrap = lambda t, text: f"({text})" if isinstance(t, ast.Arithmetic) else text
        return f"{wrap(term.left, left)} {term.op} {wrap(term.right, right)}"
    value = term_value(term, binding)
    return str(term) if value is None else ast.format_value(value)


_VAR, _ANONYMOUS, _CONSTANT, _TERM = range(4)
_PLANS: dict[int, tuple] = {}  # id(atom) -> (atom, its arguments as (kind, name or value or term))


def _plan(atom: ast.Atom) -> tuple:
    """An atom's arguments sorted out once: proofs match the same rule atoms hundreds of
    thousands of times in a batch, and asking each term what it is dominated that."""
    known = _PLANS.get(id(atom))
    if known is not None and known[0] is atom:
        return known[1]
    steps = []
    for term in atom.args:
        if isinstance(term, ast.Variable):
            steps.append((_ANONYMOUS if term.is_anonymous else _VAR, term.name))
        elif isinstance(term, ast.Constant):
            steps.append((_CONSTANT, term.value))
        else:
            steps.append((_TERM, term))
    if len(_PLANS) > 50_000:  # atoms parsed from queries come and go; the rules' stay
        _PLANS.clear()
    _PLANS[id(atom)] = (atom, tuple(steps))  # keeps the atom alive, so its id stays its own
    return tuple(steps)


def pattern_of(atom: ast.Atom, binding: Binding) -> tuple:
    return tuple(
        value if kind == _CONSTANT else term_value(value, binding) if kind == _TERM else binding.get(value)
        for kind, value in _plan(atom)
    )


def unify_row(atom: ast.Atom, row: tuple, binding: Binding) -> Binding | None:
    """Extend `binding` so `atom` matches `row`, or None."""
    result = dict(binding)
    for (kind, term), value in zip(_plan(atom), row):
        if kind == _VAR:
            bound = result.get(term)
            if bound is None:
                result[term] = value
            elif not equal(bound, value):
                return None
        elif kind == _CONSTANT:
            if not equal(term, value):
                return None
        elif kind == _TERM and not equal(term_value(term, result), value):
            return None
    return result


def _bound(node, binding: Binding) -> bool:
    return all(v.is_anonymous or v.name in binding for v in ast.variables_of(node))


def _ready(literal, binding: Binding) -> bool:
    if isinstance(literal, ast.Negation):
        return _bound(literal, binding)
    if isinstance(literal, ast.Comparison):
        if literal.op == "=" and not _bound(literal, binding):
            # `D = D0 + 30` binds a lone variable from a known side; with D known and D0
            # not, it must wait for the atom that binds D0 (arithmetic is not inverted).
            left, right = _bound(literal.left, binding), _bound(literal.right, binding)
            return (left and isinstance(literal.right, ast.Variable)) or (
                right and isinstance(literal.left, ast.Variable)
            )
        return _bound(literal, binding)
    return False


def match_body(
    body: tuple[BodyLiteral, ...], binding: Binding, lookup: Lookup
) -> Iterator[tuple[Binding, list[Premise]]]:
    """Every (binding, premises) under which all of `body` holds; premises in body order."""
    for final, found in _match(tuple(enumerate(body)), binding, lookup):
        ordered: list = [None] * len(found)  # positions are 0..n-1, once each: place, don't sort
        for position, premise in found:
            ordered[position] = premise
        yield final, ordered


def _match(body, binding: Binding, lookup: Lookup):
    if not body:
        yield binding, []
        return
    index = next((i for i, (_, lit) in enumerate(body) if _ready(lit, binding)), None)
    if index is None:
        index = next((i for i, (_, lit) in enumerate(body) if isinstance(lit, (ast.Atom, CountLookup))), 0)
    (position, literal), rest = body[index], body[:index] + body[index + 1 :]
    for extended, premise in match_literal(literal, binding, lookup):
        for final, premises in _match(rest, extended, lookup):
            yield final, [(position, premise)] + premises


def match_literal(literal, binding, lookup):
    """Every (extended binding, premise) satisfying one literal; why-not uses it to find the first failure."""
    if isinstance(literal, ast.Atom):
        for row in lookup.rows(literal.predicate, pattern_of(literal, binding)):
            extended = unify_row(literal, row, binding)
            if extended is not None:
                yield extended, Premise(literal, "atom", literal.predicate, row)
    elif isinstance(literal, CountLookup):
        yield from _match_count(literal, binding, lookup)
    elif isinstance(literal, ast.Negation):
        pattern = pattern_of(literal.atom, binding)
        if not lookup.exists(literal.atom.predicate, pattern):
            yield binding, Premise(literal, "absent", literal.atom.predicate, pattern)
    elif isinstance(literal, ast.Comparison):
        yield from _match_comparison(literal, binding)


def _match_comparison(literal: ast.Comparison, binding: Binding):
    left, right = term_value(literal.left, binding), term_value(literal.right, binding)
    if literal.op == "=" and (left is None) != (right is None):
        target, value = (literal.left, right) if left is None else (literal.right, left)
        if isinstance(target, ast.Variable):
            extended = dict(binding)
            extended[target.name] = value
            yield extended, Premise(literal, "comparison", values=(value, value), detail=extended)
        return
    if left is not None and right is not None and compare(literal.op, left, right):
        yield binding, Premise(literal, "comparison", values=(left, right), detail=binding)


def _match_count(literal: CountLookup, binding: Binding, lookup: Lookup):
    aggregate = literal.aggregate
    pattern = tuple(binding.get(v.name) for v in aggregate.group) + (binding.get(literal.result.name),)
    for row in lookup.rows(aggregate.relation, pattern):
        extended = dict(binding)
        for var, value in zip(aggregate.group + (literal.result,), row):
            extended[var.name] = value
        yield extended, Premise(literal, "count", aggregate.relation, row)
