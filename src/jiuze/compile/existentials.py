"""Existential body atoms → hidden helper relations, so evaluation stays linear (issue 17).

In `执法过错(P, C) 若 办案人员(P, C)，执行职务中有过错(P, C)，所列情形(_, C, _)，…` the atom
`所列情形(_, C, _)` only asks whether *some* row exists for C: its other positions are
anonymous (or variables used nowhere else).  Read as written, every row of it joins every
binding of the rest of the body — at 2,000 persons a million derivations of 1,000 heads,
which pyDatalog builds one by one.  So such an atom is evaluated through its own relation
over the variables it shares with the rest of the rule:

    #存在1(C) 若 所列情形(_, C, _)。
    执法过错(P, C) 若 办案人员(P, C)，执行职务中有过错(P, C)，#存在1(C)，…

Only what evaluators run changes (`Rule.evaluated_body`, and the helper rule appended to the
program); `Rule.body` stays as the drafter wrote it, for proofs, why-not, coverage and every
message.  The prover turns a helper premise back into the best row of the atom (proof.py).

Which atoms: positive, arguments plain (variables and constants), at least one position free,
lacking a variable of the head (only then do its rows multiply the rule's derivations: one
holding every head variable is matched per head tuple anyway), not the rule's only positive
literal, and never in a rule of a recursive component (the prover ranks those bottom-up from
the rules as written).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jiuze.language import ast
from jiuze.language.source import Span

PREFIX = "#存在"


@dataclass(frozen=True)
class Existential:
    """A body atom asked only whether some row exists, per value of its `shared` variables."""

    id: int
    atom: ast.Atom
    shared: tuple[ast.Variable, ...]
    span: Span = field(compare=False)

    @property
    def relation(self) -> str:
        return f"{PREFIX}{self.id}"

    @property
    def lookup(self) -> ast.Atom:
        """The atom the rule's evaluated body reads instead: `#存在1(C)`."""
        return ast.Atom(self.relation, self.shared, self.span)

    @property
    def declaration(self) -> ast.Declaration:
        params = tuple(v.name for v in self.shared)
        return ast.Declaration(self.relation, params, f"存在 {self.atom}", None, self.span)


def find(head: ast.Atom, body: tuple, count_variables) -> list[tuple[int, tuple[ast.Variable, ...]]]:
    """(position, shared variables) of each existential atom of one non-recursive rule.

    `count_variables(literal)`: the variable names a non-atom literal uses (counts included)."""
    positives = sum(1 for literal in body if not isinstance(literal, (ast.Negation, ast.Comparison)))
    if positives < 2:
        return []
    head_names = {v.name for v in ast.variables_of(head) if not v.is_anonymous}
    found = []
    for position, literal in enumerate(body):
        if not isinstance(literal, ast.Atom) or not _plain(literal):
            continue
        others = set(head_names)
        for j, other in enumerate(body):
            if j != position:
                others |= count_variables(other)
        own = [v for v in ast.variables_of(literal) if not v.is_anonymous]
        free = any(v.is_anonymous for v in ast.variables_of(literal)) or any(v.name not in others for v in own)
        if not free or head_names <= {v.name for v in own}:
            continue
        shared: dict[str, ast.Variable] = {}
        for v in own:
            if v.name in others:
                shared.setdefault(v.name, v)
        found.append((position, tuple(shared.values())))
    return found


def _plain(atom: ast.Atom) -> bool:
    return all(isinstance(arg, (ast.Variable, ast.Constant)) for arg in atom.args)
