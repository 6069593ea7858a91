"""Dated provisions in a report: the conduct date, the rules with their own period a conclusion rests on,
and the rulebook that governs the conduct (an overlay applies only from its 施行日期).

Kept apart from data.py so that the report's layout and its dating evolve separately.
"""

from __future__ import annotations

from dataclasses import replace

from jiuze.explain.proof import DERIVED, Proof


def dated_rules(proof: Proof | None) -> list:
    """The rules with their own period of validity (有效 … 至 …) that a proof rests on (none when no
    proof could be rebuilt)."""
    found: list = []
    if proof is None:
        return found

    def walk(node: Proof) -> None:
        rule = node.rule if node.kind == DERIVED else None
        if rule is not None and (getattr(rule, "valid_from", None) or getattr(rule, "valid_until", None)):
            found.append(rule)
        for child in node.premises:
            walk(child)

    walk(proof)
    return found


def build_dated_report(rulebook, case, file: str | None = None):
    """The report under the rulebook that governs the conduct date (rulebook.governing): for conduct
    before an overlay's 施行日期 its base applies, and the report says so."""
    from jiuze.reports.data import build_report
    from jiuze.rulebook.governing import governing

    chosen = governing(rulebook, case)
    applied = chosen.rulebook
    if not chosen.note:
        return replace(build_report(rulebook.evaluate(case.facts), case, file), rulebook=rulebook.identity.data())
    report = build_report(applied.evaluate(chosen.facts), replace(case, facts=chosen.facts), file)
    return replace(report, validity=(chosen.note,) + report.validity, rulebook=applied.identity.data())
