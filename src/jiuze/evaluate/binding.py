"""The order a rule body's literals are tried in: by pyDatalog (pydatalog.py) and by the prover
(explain/arguments.py), which must agree.  Apart from pydatalog.py so that proving does not import
pyDatalog: a warm `jiuze explain` whose case's relations come from the cache never evaluates.
"""

from __future__ import annotations

from jiuze.compile.program import CountLookup
from jiuze.language import ast


class Shadow:
    """A body atom read from its shadow relation (see pydatalog.py's docstring)."""

    def __init__(self, atom: ast.Atom, name: str):
        self.atom, self.name = atom, name
        self.predicate = atom.predicate

    def __str__(self) -> str:
        return str(self.atom)


def order_for_binding(body) -> list:
    """Positive literals in source order; each filter as soon as its variables are bound.

    pyDatalog evaluates left to right and silently answers nothing for a
    negation or comparison whose variables are still free.
    """
    bound: set[str] = set()
    ordered, pending = [], []
    for literal in body:
        if isinstance(literal, (ast.Atom, CountLookup, Shadow)):
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
    if isinstance(node, Shadow):
        node = node.atom
    return {v.name for v in ast.variables_of(node) if not v.is_anonymous}
