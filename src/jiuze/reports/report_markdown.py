"""A case report (report.Report) as Markdown: a summary table, one section per
person, proofs in fenced text blocks (same pruning as the text report)."""

from __future__ import annotations

from jiuze.language.articles import to_chinese
from jiuze.language.ast import format_value
from jiuze.reports.data import Conclusion, Excluded, PersonReport, Report
from jiuze.reports.proof_text import conflict_text, proof_text
from jiuze.reports.report_text import (
    NOT_READ,
    UNUSED_NOTE,
    UNUSED_TITLE,
    basis_line,
    conflict_line,
    excluded_line,
    fact_line,
    header_lines,
    lead_lines,
    liable_verdict,
    section_proofs,
    split_conclusions,
    stated,
    summary_rows,
    unused_about,
    unused_groups,
)


def report_markdown(report: Report) -> str:
    """The report as Markdown: a summary table, then a section per person with proofs in code blocks."""
    lines = [f"# 执法过错责任追究报告：{_escape(report.title)}", ""]
    lines += [f"- {_escape(line)}" for line in header_lines(report)]
    rows = summary_rows(report)
    if rows:
        lines += ["", "## 摘要", "", _row(rows[0]), "| " + " | ".join("---" for _ in rows[0]) + " |"]
        lines += [_row(row) for row in rows[1:]]
    if report.persons:
        lines += ["", "## 人员"]
        for number, person in enumerate(report.persons, start=1):
            lines += [""] + _person(report, number, person)
    cases = [c for c in report.cases if c.conclusions or c.excluded]
    if cases:
        lines += ["", "## 案件"]
        for case in cases:
            lines += ["", f"### {_escape(format_value(case.id))}", ""]
            lines += _conclusions(case.conclusions)
            if case.excluded:
                lines += ["", "#### 被排除的结论", ""] + _excluded(case.excluded)
    if report.other:
        lines += ["", "## 其他结论", ""] + _conclusions(report.other)
    if report.unused:
        lines += ["", f"## {UNUSED_TITLE}", "", _escape(UNUSED_NOTE), ""]
        for number, (facts, why) in enumerate(unused_groups(report.unused), start=1):
            lines += _unused(number, facts, why)
    return "\n".join(lines).rstrip() + "\n"


def _unused(number: int, facts: list, why: tuple) -> list[str]:
    lines = [f"{number}. {_escape(fact_line(facts[0]))}  "]
    lines += [f"   {_escape(fact_line(item))}  " for item in facts[1:]]
    if not why:
        return lines + [f"   {_escape(NOT_READ)}", ""]
    text = "".join(proof_text(proof) for proof in why)
    return lines + [""] + ["   " + line for line in _fenced(text)] + [""]


def _person(report: Report, number: int, person: PersonReport) -> list[str]:
    details = [person.unit] if person.unit else []
    if person.roles:
        details.append("、".join(f"{format_value(c)} {r}" for c, r in person.roles))
    title = f"### {to_chinese(number)}、{format_value(person.name)}" + (f"（{'；'.join(details)}）" if details else "")
    lines = [_escape(title), ""]
    for summary in person.summaries:
        case = format_value(summary.case)
        if summary.liable is not None:
            lines.append(f"- **{_escape(case)}：应当追究** —— {_escape(liable_verdict(report, person.name, summary))}")
        lines += [f"- {_escape(case)}：{_escape(line)}" for line in lead_lines(summary)]
    lines += [f"- {_escape(conflict_line(c))}" for c in person.conflicts]
    lines += [f"- 注意：{_escape(note)}" for note in person.validity]
    mentioned = unused_about(report, person.name)
    if mentioned:
        lines.append(f"- 未引出结论的陈述：见“{UNUSED_TITLE}”第 {'、'.join(map(str, mentioned))} 条")
    answers, rest = split_conclusions(person.conclusions)
    numbered = section_proofs(answers + rest)
    if not person.conclusions:
        lines += ["", "#### 结论", "", "无（本案事实不能推出关于此人的任何结论）"]
    if answers:
        lines += ["", "#### 结论（中间结论见各证明）", ""] + _numbered(numbered[: len(answers)])
    if rest:
        lines += ["", "#### 其他中间结论（未引出上列结论）", ""] + _numbered(numbered[len(answers) :], len(answers))
    if person.excluded:
        lines += ["", "#### 被排除的结论", ""] + _excluded(person.excluded)
    if person.conflicts:
        lines += ["", "#### 冲突", ""]
        for conflict in person.conflicts:
            lines += _fenced(conflict_text(conflict)) + [""]
    return lines


def _conclusions(conclusions: tuple[Conclusion, ...]) -> list[str]:
    return _numbered(section_proofs(conclusions))


def _numbered(numbered, start: int = 0) -> list[str]:
    lines: list[str] = []
    for number, (conclusion, proof) in enumerate(numbered, start=start + 1):
        lines.append(f"{number}. **{_escape(str(conclusion.atom))}**：{_escape(stated(conclusion))}  ")
        if isinstance(proof, int):
            lines.append(f"   {_escape(basis_line(conclusion))}  ")
            lines += [f"   证明：见结论 {proof}", ""]
        else:
            lines.append(f"   {_escape(basis_line(conclusion))}")
            lines += [""] + ["   " + line if line else "" for line in _fenced(proof_text(proof))] + [""]
    return lines


def _excluded(excluded: tuple[Excluded, ...]) -> list[str]:
    lines = []
    for number, item in enumerate(excluded, start=1):
        lines += [f"{number}. {_escape(excluded_line(item))}", ""]
        lines += ["   " + line for line in _fenced(proof_text(item.why_not))] + [""]
    return lines


def _fenced(text: str) -> list[str]:
    fence = "```"
    while fence in text:
        fence += "`"
    return [fence + "text"] + text.rstrip("\n").splitlines() + [fence]


def _row(cells) -> str:
    return "| " + " | ".join(_escape(c).replace("|", "\\|") for c in cells) + " |"


def _escape(text: str) -> str:
    """Markdown specials that occur in names and readings: * _ ` [ ] < >."""
    for ch in "\\`*_[]<>":
        text = text.replace(ch, "\\" + ch)
    return text
