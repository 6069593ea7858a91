"""Rule firings: which rule fired with which values, as an evaluator reports them.

Ranking derivations for proofs used to match every rule body again, in Python,
against the finished model (issue 12: half of `batch --proofs why`).  An evaluator
that can say which rule instances fired spares that: the clingo translation
derives each rule's head through a firing atom `f<n>(case, values…)` whose values
are the rule's *firing variables* — every named variable of its body, then one
per anonymous argument of a positive atom (`所列情形(_, C, _)` matches many rows,
each a derivation of its own, so the row must be known).  This module fixes that
layout for both sides: the translator (asp.py) writes it, the prover
(explain/firings.py) reads it back into the premises matching would have found.

A rule whose body has an anonymous variable anywhere else (inside arithmetic, in a
comparison or as a count's group), or arithmetic in its head (`jiuze check` rejects
that; the translator would allow it), gets no layout: it is translated as before and
proofs match it in Python.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from operator import itemgetter
from typing import Callable

from jiuze.compile.program import CountLookup
from jiuze.language import ast

_NAMED = "_#{}"  # a name no rule can write: never clashes with a variable of the rule


@dataclass(frozen=True)
class Layout:
    """`body` with each anonymous argument of a positive atom named; `names`: the firing's values, in order."""

    body: tuple
    names: tuple[str, ...]


def firing_layout(head: ast.Atom, body: tuple) -> Layout | None:
    """The firing variables of a rule body, or None when an anonymous variable sits where it cannot be
    named, or the head is not plain variables bound by the body and constants."""
    named = []
    fresh = 0
    for literal in body:
        if isinstance(literal, ast.Atom):
            args = []
            for arg in literal.args:
                if isinstance(arg, ast.Variable) and arg.is_anonymous:
                    arg = ast.Variable(_NAMED.format(fresh), arg.span)
                    fresh += 1
                elif _has_anonymous(arg):
                    return None
                args.append(arg)
            literal = replace(literal, args=tuple(args))
        elif isinstance(literal, CountLookup):
            if any(v.is_anonymous for v in literal.aggregate.group) or literal.result.is_anonymous:
                return None
        elif isinstance(literal, ast.Comparison) and _has_anonymous(literal):
            return None
        named.append(literal)
    names: dict[str, None] = {}
    for literal in named:
        for variable in _variables(literal):
            if not variable.is_anonymous:
                names.setdefault(variable.name, None)
    for arg in head.args:
        if not isinstance(arg, ast.Constant) and not (isinstance(arg, ast.Variable) and arg.name in names):
            return None
    return Layout(tuple(named), tuple(names))


def head_reader(head: ast.Atom, layout: Layout) -> Callable[[tuple], tuple]:
    """firing values → the head's row (a variable's value or a constant).  Read ~80 times a case,
    so a C-level itemgetter wherever it can be: a head of one variable takes a one-item slice, and
    a head with constants picks from the firing with the constants appended."""
    slot = {name: i for i, name in enumerate(layout.names)}
    if not head.args:
        return lambda firing: ()
    if all(isinstance(arg, ast.Constant) for arg in head.args):
        row = tuple(arg.value for arg in head.args)
        return lambda firing: row
    if len(head.args) == 1:
        only = slot[head.args[0].name]
        return itemgetter(slice(only, only + 1))
    constants = tuple(arg.value for arg in head.args if isinstance(arg, ast.Constant))
    places, extra = [], itertools.count(len(layout.names))
    for arg in head.args:
        places.append(next(extra) if isinstance(arg, ast.Constant) else slot[arg.name])
    pick = itemgetter(*places)
    if not constants:
        return pick
    return lambda firing: pick(firing + constants)


def _variables(literal) -> list:
    if isinstance(literal, CountLookup):
        return [*literal.aggregate.group, literal.result]
    return ast.variables_of(literal)


def _has_anonymous(node) -> bool:
    return any(v.is_anonymous for v in ast.variables_of(node))
