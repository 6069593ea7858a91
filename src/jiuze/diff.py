"""What an overlay changes: clauses added / amended / repealed, and, for given
cases, every conclusion that differs between the base and the overlay."""
from __future__ import annotations

from dataclasses import dataclass

from .compiler import Program
from .proof import GroundAtom, Proof


@dataclass(frozen=True)
class ClauseChange:
    kind: str  # added | amended | repealed
    label: str
    text: str
    where: str


@dataclass(frozen=True)
class ConclusionChange:
    case: str
    atom: GroundAtom
    in_base: bool
    base_proof: Proof | None  # the proof where it holds, else the why-not
    overlay_proof: Proof | None


def clause_changes(base: Program, overlay: Program) -> list[ClauseChange]:
    """Rules compared by their article and text: same label with other text = amended."""
    old, new = _source_rules(base), _source_rules(overlay)
    gone_labels = {label for label, _ in set(old) - set(new) if label}
    new_labels = {label for label, _ in new}
    changes = []
    for key in sorted(set(new) - set(old)):
        kind = "amended" if key[0] in gone_labels else "added"
        changes.append(ClauseChange(kind, key[0], key[1], new[key]))
    for key in sorted(set(old) - set(new)):
        if key[0] in new_labels and key[0] in gone_labels:
            continue  # shown as the amendment
        changes.append(ClauseChange("repealed", key[0], key[1], old[key]))
    return changes


def _source_rules(program: Program) -> dict[tuple, str]:
    """(label, clause text) -> place, for the rules as the drafter wrote them (not their compiled form)."""
    found = {}
    for rule in program.rules:
        if rule.head.predicate.startswith("#"):
            continue
        first = rule.body[0] if rule.body else None
        role = program.roles.get(getattr(first, "predicate", ""))
        text = str(role.rule) if role is not None and role.rule is not None else str(rule)
        found[(str(rule.article or ""), text)] = rule.id
    return found


def conclusion_changes(case_name: str, base_model, overlay_model) -> list[ConclusionChange]:
    """Every user-level conclusion that holds on one side only, sorted."""
    def conclusions(model) -> set[GroundAtom]:
        found = set()
        for predicate in model.program.derived_predicates:
            if predicate.startswith("#"):
                continue
            found |= {GroundAtom(predicate, row) for row in model.relation(predicate)}
        return found

    before, after = conclusions(base_model), conclusions(overlay_model)
    changes = []
    for atom in sorted(before ^ after, key=str):
        in_base = atom in before
        changes.append(ConclusionChange(case_name, atom, in_base, _side(base_model, atom, in_base),
                                        _side(overlay_model, atom, not in_base)))
    return changes


def _side(model, atom: GroundAtom, holds: bool):
    if atom.predicate not in model.program.declarations:
        return None
    return model.explain(atom) if holds else model.why_not(atom)
