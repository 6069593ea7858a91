"""The rulebook that governs a case's conduct (第二十八条 with an overlay's 施行日期).

Conduct before an overlay's 施行日期 is judged under its base (and so on down to the national rules);
the facts only the overlay declares are then set aside and named.  Every command that evaluates one
case (report, query, explain, why-not, the web workbench) goes through here, so they cannot disagree
on which rules applied.
"""

from __future__ import annotations

from dataclasses import dataclass

from jiuze.cases.dates import stated_date
from jiuze.compile.program import Fact


@dataclass(frozen=True)
class Governing:
    """The rulebook applied, the case facts it reads, and a Chinese note when it is not the one asked for."""

    rulebook: object
    facts: tuple[Fact, ...]
    note: str = ""


def governing(rulebook, case) -> Governing:
    """`rulebook` itself, or its base when the case's conduct date is before the overlay's 施行日期."""
    day = stated_date(case)
    applied = rulebook.in_force_on(day)
    if applied is rulebook:
        return Governing(rulebook, tuple(case.facts))
    declared = applied.program.declarations
    kept = tuple(f for f in case.facts if f.predicate in declared)
    unused = sorted({f.predicate for f in case.facts if f.predicate not in declared})
    info = rulebook.overlay
    name = f"《{info.name}》" if info.name else "实施办法"
    base = f"《{applied.overlay.name}》" if applied.overlay and applied.overlay.name else "全国规定"
    note = f"本案行为发生于 {day}，在{name}施行日期 {info.effective} 之前：适用{base}，不适用{name}"
    if unused:
        note += f"；只有{name}声明的事实未使用：{'、'.join(unused)}"
    return Governing(applied, kept, note)
