"""Proofs as an indented Chinese tree that cites articles and sources."""
from __future__ import annotations

from ..proof import ABSENT, CHECK, COUNT, DERIVED, FACT, ITEM, Proof


def proof_text(proof: Proof) -> str:
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
        return f"{proof.text}：{proof.reading}", [f"依据 {cite(proof)}"]
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
