"""Proofs as JSON (schema: docs/proof-json.md).  Keys are stable English."""

from __future__ import annotations

import datetime
import json

from jiuze.explain.proof import Proof


def proof_data(proof: Proof) -> dict:
    data: dict = {"kind": proof.kind, "text": proof.text}
    if proof.atom is not None:
        data["predicate"] = proof.atom.predicate
        data["arguments"] = [json_value(v) for v in proof.atom.values]
    if proof.reading:
        data["reading"] = proof.reading
    if proof.rule is not None:
        rule = proof.rule
        data["rule"] = {
            "id": rule.id,
            "article": str(rule.article) if rule.article else None,
            "file": rule.span.file,
            "line": rule.span.line,
            "modality": rule.modality,
            "strength": rule.strength,
        }
    if proof.source:
        data["source"] = proof.source
    data["premises"] = [proof_data(p) for p in proof.premises]
    return data


def json_value(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def dumps(data) -> str:
    """Deterministic JSON: sorted keys, Chinese kept readable."""
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def conflict_data(conflict) -> dict:
    return {
        "required": {"conclusion": str(conflict.required.atom), "proof": proof_data(conflict.required.proof)},
        "permitted": {"conclusion": str(conflict.permitted.atom), "proof": proof_data(conflict.permitted.proof)},
        "winner": conflict.winner,
    }
