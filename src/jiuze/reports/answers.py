"""What `query` and `explain` print: answers with their modality, proofs of each instance, and the
conflicts that touch them — as text or as a JSON document."""

from __future__ import annotations

from jiuze.explain.matching import pattern_of
from jiuze.explain.model import Model
from jiuze.explain.proof import GroundAtom
from jiuze.language.ast import MODALITY_ZH, Atom
from jiuze.reports import jsondoc
from jiuze.reports import proof_text as text


def grounds(atom: str | Atom, bindings: list[dict]) -> list[GroundAtom]:
    """The ground atom of each binding (for its modality: 不得 评为先进集体 reads very differently)."""
    if isinstance(atom, str):
        from jiuze.language.parser import parse_atom  # Lark: only when the caller has not parsed it

        atom = parse_atom(atom)
    return [GroundAtom(atom.predicate, pattern_of(atom, b)) for b in bindings]


def query_data(model: Model, atom: str, bindings: list[dict], parsed: str | Atom | None = None) -> dict:
    """`parsed`: `atom` already parsed (the command line reads it from the cache), else parsed here."""
    data = [{k: jsondoc.json_value(v) for k, v in b.items()} for b in bindings]
    for row, ground in zip(data, grounds(parsed or atom, bindings)):
        row["modality"] = model.modality(ground)
    return {"query": atom, "answers": data}


def query_text(model: Model, atom: str, bindings: list[dict], parsed: str | Atom | None = None) -> str:
    lines = [] if bindings else [f"无：{atom} 在本案中不成立。"]
    for binding, ground in zip(bindings, grounds(parsed or atom, bindings)):
        modality = MODALITY_ZH.get(model.modality(ground))
        suffix = f"（{modality}）" if modality else ""
        lines.append(("，".join(f"{k} = {jsondoc.json_value(v)}" for k, v in binding.items()) or "成立。") + suffix)
    return "".join(line + "\n" for line in lines)


def touching_conflicts(model: Model, instances) -> list:
    return [c for c in model.conflicts() if {c.required.atom, c.permitted.atom} & set(instances)]


def explanations_data(model: Model, atom: str, instances, all_: bool) -> dict:
    data = [_json_explanation(model, g, all_) for g in instances]
    found = [jsondoc.conflict_data(c) for c in touching_conflicts(model, instances)]
    return {"query": atom, "explanations": data, "conflicts": found}


def explanations_text(model: Model, instances, all_: bool) -> str:
    blocks = [_text_explanation(model, g, all_) for g in instances]
    blocks += [text.conflict_text(c) for c in touching_conflicts(model, instances)]
    return "\n".join(blocks)


NO_PROOF = "{atom} 成立，但无法重建它的证明（请报告这一问题，附上案件文件）。\n"


def _text_explanation(model: Model, ground, all_: bool) -> str:
    if all_:
        proofs = model.explain(ground, all=True)
        return text.proofs_text(proofs) if proofs else NO_PROOF.format(atom=ground)
    proof = model.explain(ground)
    return text.proof_text(proof) if proof is not None else NO_PROOF.format(atom=ground)


def _json_explanation(model: Model, ground, all_: bool) -> dict:
    if all_:
        return {"conclusion": str(ground), "proofs": [jsondoc.proof_data(p) for p in model.explain(ground, all=True)]}
    proof = model.explain(ground)
    return {"conclusion": str(ground), "proof": jsondoc.proof_data(proof) if proof is not None else None}
