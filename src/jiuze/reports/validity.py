"""Dated provisions in a report: the conduct date, the rules with their own period a conclusion rests on,
and the rulebook that governs the conduct (an overlay applies only from its 施行日期).

Kept apart from data.py so that the report's layout and its dating evolve separately.
"""

from __future__ import annotations

import datetime
from dataclasses import replace

from jiuze.explain.proof import DERIVED, Proof


def stated_date(case) -> datetime.date | None:
    """The conduct date: a structured case's 发生日期, or the single 发生日期(案件, 日期) of a fact file
    (a dossier of several cases has no single date)."""
    date = getattr(case, "date", None)
    if isinstance(date, datetime.date):
        return date
    dates = {f.values[1] for f in case.facts if f.predicate == "发生日期" and len(f.values) == 2}
    if len(dates) == 1:
        (only,) = dates
        return only if isinstance(only, datetime.date) else None
    return None


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
    """The report under the rulebook that governs the conduct date: for conduct before an overlay's
    施行日期 its base applies; the report says so and names the facts only the overlay declares."""
    from jiuze.reports.data import build_report

    day = stated_date(case)
    applied = rulebook.in_force_on(day)
    if applied is rulebook:
        return build_report(rulebook.evaluate(case.facts), case, file)
    declared = applied.program.declarations
    kept = tuple(f for f in case.facts if f.predicate in declared)
    unused = sorted({f.predicate for f in case.facts if f.predicate not in declared})
    report = build_report(applied.evaluate(kept), replace(case, facts=kept), file)
    info = rulebook.overlay
    name = f"《{info.name}》" if info.name else "实施办法"
    base = f"《{applied.overlay.name}》" if applied.overlay and applied.overlay.name else "全国规定"
    note = f"本案行为发生于 {day}，在{name}施行日期 {info.effective} 之前：适用{base}，不适用{name}"
    if unused:
        note += f"；只有{name}声明的事实未使用：{'、'.join(unused)}"
    return replace(report, validity=(note,) + report.validity)
