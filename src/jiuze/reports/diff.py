"""What an overlay changes: clauses added / amended / repealed, and, for given
cases, every conclusion that differs between the base and the overlay."""

from __future__ import annotations

from dataclasses import dataclass

from jiuze.compile.program import Program
from jiuze.explain.proof import GroundAtom, Proof


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
        changes.append(
            ConclusionChange(
                case_name, atom, in_base, _side(base_model, atom, in_base), _side(overlay_model, atom, not in_base)
            )
        )
    return changes


def _side(model, atom: GroundAtom, holds: bool):
    if atom.predicate not in model.program.declarations:
        return None
    return model.explain(atom) if holds else model.why_not(atom)


def diff_data(changes: list[ClauseChange], differences: list[ConclusionChange]) -> dict:
    from jiuze.reports.jsondoc import proof_data

    return {
        "clauses": [vars(c) for c in changes],
        "conclusions": [
            {
                "case": d.case,
                "conclusion": str(d.atom),
                "holds_in": "base" if d.in_base else "overlay",
                "base": proof_data(d.base_proof) if d.base_proof else None,
                "overlay": proof_data(d.overlay_proof) if d.overlay_proof else None,
            }
            for d in differences
        ],
    }


def diff_text(changes: list[ClauseChange], differences: list[ConclusionChange], cases_given: bool) -> str:
    from jiuze.reports.proof_text import proof_text

    words = {"added": "增加", "amended": "修改", "repealed": "废止"}
    lines = [f"[{words[c.kind]}] {c.label or '（无条文标签）'} {c.text}（{c.where}）" for c in changes] or [
        "规则没有变化。"
    ]
    for d in differences:
        side = "只在基础规则库中成立" if d.in_base else "只在实施办法中成立"
        lines.append(f"\n案件 {d.case}：{d.atom} {side}")
        for title, proof in (("基础规则库：", d.base_proof), ("实施办法：", d.overlay_proof)):
            if proof is not None:
                lines.append(title)
                lines.append(proof_text(proof).rstrip("\n"))
    if cases_given and not differences:
        lines.append("\n给定案件的结论没有不同。")
    return "\n".join(lines) + "\n"
