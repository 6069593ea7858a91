"""Proofs as an indented Chinese tree that cites articles and sources."""

from __future__ import annotations

from jiuze.explain.arguments import DEFEATED, FAILED, HOLDS, MISSING, NO_RULE, REBUTTED, WHY_NOT
from jiuze.explain.proof import ABSENT, CHECK, COUNT, DERIVED, FACT, ITEM, Proof
from jiuze.explain.statements import MORE
from jiuze.language.ast import MODALITY_ZH


def proof_text(proof: Proof) -> str:
    """A proof (or why-not) as an indented tree in Chinese, citing articles and where each fact was stated."""
    lines: list[str] = []
    _node(proof, "", "", lines)
    return "\n".join(lines) + "\n"


def proofs_text(proofs: list[Proof]) -> str:
    parts = []
    for number, proof in enumerate(proofs, start=1):
        parts.append(f"推导 {number}/{len(proofs)}：\n{proof_text(proof)}")
    return "\n".join(parts)


def _node(proof: Proof, first: str, rest: str, lines: list[str]) -> None:
    head, detail = _describe(proof)
    lines.append(first + head)
    for extra in detail:
        lines.append(rest + ("│  " if proof.premises else "   ") + extra)
    for i, child in enumerate(proof.premises):
        last = i == len(proof.premises) - 1
        _node(child, rest + ("└─ " if last else "├─ "), rest + ("   " if last else "│  "), lines)


def _describe(proof: Proof) -> tuple[str, list[str]]:
    if proof.kind == DERIVED:
        modality = MODALITY_ZH.get(proof.rule.modality) if proof.rule else None
        basis = f"依据 {cite(proof)}" + (f"；模态：{modality}" if modality else "")
        return f"{proof.text}：{proof.reading}", [basis]
    if proof.kind == REBUTTED:
        claim = f"（主张 {proof.atom}）" if proof.atom else ""
        reason = f"：{proof.reading}" if proof.reading else ""
        return f"[反驳] {proof.text}{claim}{reason}", [f"反驳依据 {cite(proof)}"]
    if proof.kind == WHY_NOT:
        return f"{proof.text} 不成立：{proof.reading}", []
    if proof.kind == HOLDS:
        return f"{proof.text} 成立：{proof.reading}", []
    if proof.kind == MISSING:
        return f"[缺少] {proof.text}：{proof.reading}（{proof.source}）", []
    if proof.kind == MORE:
        return f"……（{proof.reading}）", []
    if proof.kind == NO_RULE:
        return f"[无规则] {proof.text}：{proof.reading}（{proof.source}）", []
    if proof.kind == FAILED:
        detail = f"：{proof.reading}" if proof.reading else ""
        where = f"（{proof.rule.id}）" if proof.rule else ""
        return f"[不适用] {proof.text}{where}{detail}", []
    if proof.kind == DEFEATED:
        detail = f"：{proof.reading}" if proof.reading else ""
        return f"[被排除] {proof.text}{detail}", [f"依据 {cite(proof)}"] if proof.rule else []
    if proof.kind == FACT:
        source = f"（来源：{proof.source}）" if proof.source else ""
        return f"[事实] {proof.text}：{proof.reading}{source}", []
    if proof.kind == ABSENT:
        return f"[查无] {proof.text}：没有“{proof.reading}”这一事实或结论", []
    if proof.kind == CHECK:
        return f"[比较] {proof.text}", []
    if proof.kind == COUNT:
        return f"[计数] {proof.text}，{proof.reading}", []
    if proof.kind == ITEM:
        return f"[计入] {proof.text}", []
    return proof.text, []


def cite(proof: Proof) -> str:
    """第六条第（二）项（national/06-追究情形.jz:12）."""
    rule = proof.rule
    if rule is None:
        return ""
    label = str(rule.article) if rule.article else "未标条文的规则"
    return f"{label}（{rule.id}）"


def conflict_text(conflict) -> str:
    """A required and a permitted conclusion in conflict, with both proofs."""
    outcome = {"required": "“应当”的结论成立", "permitted": "“可以”的结论成立", "neither": "两者都不成立"}[
        conflict.winner
    ]
    lines = [
        f"冲突：{conflict.required.atom}（应当）与 {conflict.permitted.atom}（可以）互斥；{outcome}。",
        "应当的一方：",
        _indent(proof_text(conflict.required.proof)),
        "可以的一方：",
        _indent(proof_text(conflict.permitted.proof)),
    ]
    return "\n".join(lines) + "\n"


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.rstrip("\n").splitlines())
