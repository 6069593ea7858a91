"""What an overlay changes: clauses added / amended / repealed, and, for given
cases, every conclusion that differs between the base and the overlay."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from jiuze.compile.defeasible import APPLICABLE
from jiuze.compile.program import Program
from jiuze.explain.proof import GroundAtom, Proof
from jiuze.language import ast


@dataclass(frozen=True)
class ClauseChange:
    kind: str  # added | amended | repealed
    label: str
    text: str  # the new text (added, amended) or the old one (repealed)
    where: str
    category: str = "rule"  # parameter | rule | defeater | priority | contrary | declaration | article
    old: str = ""  # amended: the text it replaces
    marked: str = ""  # amended: the new text with each changed part shown as [old → new]


CATEGORY_ZH = {
    "parameter": "参数",
    "rule": "规则",
    "defeater": "阻却",
    "priority": "优先关系",
    "contrary": "互斥",
    "declaration": "谓词",
    "article": "条文",
}


@dataclass(frozen=True)
class ConclusionChange:
    case: str
    atom: GroundAtom
    in_base: bool
    base_proof: Proof | None  # the proof where it holds, else the why-not
    overlay_proof: Proof | None


def clause_changes(base: Program, overlay: Program, parameters: tuple[dict, dict] = ({}, {})) -> list[ClauseChange]:
    """Everything the overlay changed: parameters, rules and defeaters (same label, other text =
    amended), priorities, contrary pairs, declarations, article validity."""
    changes = _parameter_changes(*parameters)
    changes += _rule_changes(_source_rules(base), _source_rules(overlay))
    changes += _set_changes("priority", _priorities(base), _priorities(overlay))
    changes += _set_changes("contrary", _contraries(base), _contraries(overlay))
    changes += _set_changes("article", _articles(base), _articles(overlay))
    changes += _declaration_changes(base, overlay)
    return changes


def _rule_changes(old: dict, new: dict) -> list[ClauseChange]:
    gone = sorted(set(old) - set(new))
    came = sorted(set(new) - set(old))
    changes = []
    for label in sorted({k[0] for k in gone} & {k[0] for k in came} - {""}, key=str):
        before = [k for k in gone if k[0] == label]
        after = [k for k in came if k[0] == label]
        for index, key in enumerate(after):
            previous = before[min(index, len(before) - 1)]
            category = new[key][1]
            changes.append(
                ClauseChange("amended", label, key[1], new[key][0], category, previous[1], marked(previous[1], key[1]))
            )
        for key in before[len(after) :]:
            changes.append(ClauseChange("repealed", label, key[1], old[key][0], old[key][1]))
        gone = [k for k in gone if k[0] != label]
        came = [k for k in came if k[0] != label]
    changes += [ClauseChange("added", k[0], k[1], new[k][0], new[k][1]) for k in came]
    changes += [ClauseChange("repealed", k[0], k[1], old[k][0], old[k][1]) for k in gone]
    return changes


def _parameter_changes(old: dict, new: dict) -> list[ClauseChange]:
    """设定 that changed a parameter's value (every rule using it shows up as amended too)."""
    changes = []
    for name in sorted(set(old) & set(new)):
        if old[name][0] != new[name][0]:
            before, after = f"{name} = {old[name][0]}", f"{name} = {new[name][0]}"
            changes.append(ClauseChange("amended", "", after, new[name][1], "parameter", before, marked(before, after)))
    return changes


_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


def marked(old: str, new: str) -> str:
    """`new` with every changed stretch of words written [old → new] (difflib), so [30 → 15] is visible."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    out = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append("".join(b[b1:b2]))
        else:
            out.append(f"[{''.join(a[a1:a2]) or '∅'} → {''.join(b[b1:b2]) or '∅'}]")
    return "".join(out)


def _source_rules(program: Program) -> dict[tuple, tuple[str, str]]:
    """(label, text) -> (place, category), for rules and defeaters as the drafter wrote them."""
    found = {}
    for rule in program.rules:
        clause = _written(program, rule)
        if clause is None:
            continue
        category = "defeater" if clause.strength == ast.DEFEATER else "rule"
        found[(str(clause.article or ""), _clause_text(clause))] = (clause.span.where, category)
    return found


def _written(program: Program, rule):
    """The rule as written: a contested rule is compiled into auxiliary rules that remember it."""
    if not rule.head.predicate.startswith("#"):
        first = rule.body[0] if rule.body else None
        role = program.roles.get(getattr(first, "predicate", ""))
        return role.rule if role is not None and role.rule is not None else rule
    role = program.roles.get(rule.head.predicate)
    if role is not None and role.kind == APPLICABLE and role.rule is not None:
        return role.rule
    return None


def _clause_text(clause) -> str:
    if isinstance(clause, ast.Clause):
        return str(clause)
    prefix = "" if clause.strength == ast.DEFEASIBLE else ast.STRENGTH_ZH[clause.strength] + " "
    prefix += ast.MODALITY_ZH[clause.modality] + " " if clause.modality else ""
    return prefix + str(clause)


def _priorities(program: Program) -> dict[str, str]:
    return {f"{p.superior.text} 优先于 {p.inferior.text}。": p.span.where for p in program.priorities}


def _contraries(program: Program) -> dict[str, str]:
    return {str(c): c.span.where for c in program.contraries}


def _articles(program: Program) -> dict[str, str]:
    found = {}
    for meta in program.article_meta:
        words = [meta.label.text if meta.label else "全部"]
        words += ["宣示性"] if meta.declaratory else []
        words += [f"有效 {meta.valid_from} 至 {meta.valid_until}"] if meta.valid_from else []
        words += [f"“{meta.note}”"] if meta.note else []
        found["条文 " + " ".join(words) + "。"] = meta.span.where
    return found


def _set_changes(category: str, old: dict[str, str], new: dict[str, str]) -> list[ClauseChange]:
    changes = [ClauseChange("added", "", text, new[text], category) for text in sorted(set(new) - set(old))]
    return changes + [ClauseChange("repealed", "", text, old[text], category) for text in sorted(set(old) - set(new))]


def _declaration_changes(base: Program, overlay: Program) -> list[ClauseChange]:
    def texts(program: Program) -> dict[str, tuple[str, str]]:
        return {
            name: (_declaration_text(d), d.span.where)
            for name, d in program.declarations.items()
            if not name.startswith("#")
        }

    old, new = texts(base), texts(overlay)
    changes = []
    for name in sorted(set(old) | set(new)):
        if name not in old:
            changes.append(ClauseChange("added", "", new[name][0], new[name][1], "declaration"))
        elif name not in new:
            changes.append(ClauseChange("repealed", "", old[name][0], old[name][1], "declaration"))
        elif old[name][0] != new[name][0]:
            o, n = old[name][0], new[name][0]
            changes.append(ClauseChange("amended", "", n, new[name][1], "declaration", o, marked(o, n)))
    return changes


def _declaration_text(declaration: ast.Declaration) -> str:
    reading = f" 读作 “{declaration.reading}”" if declaration.reading else ""
    return f"谓词 {declaration.name}({', '.join(declaration.params)}){reading}。"


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


@dataclass(frozen=True)
class DiffResult:
    base: object  # rulebook Identity
    overlay: object
    changes: list[ClauseChange]
    differences: list[ConclusionChange]
    unknown_in_base: tuple[str, ...]  # predicates of the cases only the overlay declares

    def notes(self) -> tuple[str, ...]:
        notes = (f"基础：{self.base.text()}", f"实施办法：{self.overlay.text()}")
        if self.unknown_in_base:
            names = "、".join(self.unknown_in_base)
            notes += (f"注意：基础规则库没有声明 {names}；案件中的这些事实在基础规则库一侧视为未知（不成立）。",)
        return notes

    def text(self, cases_given: bool) -> str:
        return diff_text(self.changes, self.differences, cases_given, self.notes())

    def data(self) -> dict:
        data = diff_data(self.changes, self.differences)
        data |= {"base": self.base.data(), "overlay": self.overlay.data()}
        data["unknown_in_base"] = list(self.unknown_in_base)
        return data


def compare(base_book, overlay_book, cases: list[tuple[str, list]]) -> DiffResult:
    """Clause changes, and conclusion changes for each (name, facts) case read with the overlay's vocabulary."""
    changes = clause_changes(base_book.program, overlay_book.program, (base_book.parameters, overlay_book.parameters))
    known = base_book.program.declarations
    unknown: set[str] = set()
    differences = []
    for name, facts in cases:
        unknown |= {f.predicate for f in facts if f.predicate not in known}
        base_facts = [f for f in facts if f.predicate in known]
        base_model, overlay_model = base_book.evaluate(base_facts), overlay_book.evaluate(facts)
        differences += conclusion_changes(name, base_model, overlay_model)
    return DiffResult(base_book.identity, overlay_book.identity, changes, differences, tuple(sorted(unknown)))


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


def diff_text(
    changes: list[ClauseChange], differences: list[ConclusionChange], cases_given: bool, notes: tuple[str, ...] = ()
) -> str:
    from jiuze.reports.proof_text import proof_text

    words = {"added": "增加", "amended": "修改", "repealed": "废止"}
    lines = list(notes)
    for c in changes:
        label = f"{c.label} " if c.label else ""
        head = f"[{words[c.kind]}{CATEGORY_ZH[c.category]}] {label}"
        if c.kind == "amended":
            lines += [f"{head}（{c.where}）", f"    原：{c.old}", f"    新：{c.text}", f"    变化：{c.marked}"]
        else:
            lines.append(f"{head}{c.text}（{c.where}）")
    if not changes:
        lines.append("规则没有变化。")
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
