"""A case report (report.Report) as plain Chinese text.

Layout: a heading, a summary table (one row per person and case), then one
section per person (summary lines, conclusions with basis and proof,
conclusions displaced by a stronger rule, conflicts), then the case-level
conclusions.

Within one person's (or one case's) section a derivation is shown once: a
conclusion, or a step inside a later proof, that was already proved above
says where (“证明见结论 1”) instead of repeating the tree.  The JSON form
always carries every proof in full.
"""

from __future__ import annotations

from dataclasses import replace

from jiuze.cases.vocabulary import align, format_articles
from jiuze.explain.proof import DERIVED, Proof
from jiuze.language.articles import to_chinese
from jiuze.language.ast import MODALITY_ZH, format_value
from jiuze.reports.data import LIABLE, Conclusion, Excluded, PersonReport, Report, Summary
from jiuze.reports.proof_text import conflict_text, proof_text


def report_text(report: Report) -> str:
    """The report as plain text for a terminal: the summary first, then each person's conclusions and proofs."""
    lines = [f"执法过错责任追究报告：{report.title}"] + header_lines(report)
    rows = summary_rows(report)
    if rows:
        lines += ["", "摘要"] + ["  " + line for line in align(rows)]
    section = 0
    if report.persons:
        section += 1
        lines += ["", f"{to_chinese(section)}、人员"]
        for number, person in enumerate(report.persons, start=1):
            lines += [""] + _person(report, number, person)
    cases = [c for c in report.cases if c.conclusions or c.excluded]
    if cases:
        section += 1
        lines += ["", f"{to_chinese(section)}、案件"]
        for number, case in enumerate(cases, start=1):
            lines += ["", f"（{to_chinese(number)}）{format_value(case.id)}"]
            lines += _conclusions(case.conclusions, "  ")
            if case.excluded:
                lines += ["  被排除的结论："] + _excluded(case.excluded, "    ")
    if report.other:
        section += 1
        lines += ["", f"{to_chinese(section)}、其他结论"] + _conclusions(report.other, "  ")
    return "\n".join(lines).rstrip() + "\n"


# ---------------------------------------------------------------- shared with the Markdown renderer


def header_lines(report: Report) -> list[str]:
    lines = []
    if report.file != report.title:
        lines.append(f"案件文件：{report.file}")
    if report.case_ids:
        date = f"（发生日期 {format_value(report.date)}）" if report.date is not None else ""
        lines.append(f"案件：{'、'.join(map(format_value, report.case_ids))}{date}")
    lines.append(f"人员：{'、'.join(format_value(p.name) for p in report.persons) or '无'}")
    lines += [f"注意：{note}" for note in report.validity]
    lines += overlay_lines(report.overlay)
    return lines


def overlay_lines(info) -> list[str]:
    """Which implementing measures the report rests on, and their declared deviations."""
    if info is None:
        return []
    made = "，".join(str(v) for v in (info.issuer, info.effective) if v)
    lines = [f"适用的实施办法：{info.name or '（未命名）'}" + (f"（{made}）" if made else "")]
    lines += [f"声明的偏离：{d}" for d in info.deviations]
    return lines


def summary_rows(report: Report) -> list[tuple[str, ...]]:
    """人员 | 案件 | 职责 | 应当追究 | 其他结论; empty when nobody has a summary."""
    rows = []
    for person in report.persons:
        for summary in person.summaries:
            roles = "、".join(r for c, r in person.roles if c == summary.case) or "—"
            liable = {True: "是", False: "否", None: "—"}[summary.liable]
            if summary.liable and summary.articles:
                liable += f"（{format_articles(summary.articles)}）"
            elif summary.liable is False and summary.excluded_by:
                liable += f"（被 {format_articles(summary.excluded_by)} 排除）"
            others = "；".join(short_headline(c) for c in summary.headlines) or "—"
            rows.append((format_value(person.name), format_value(summary.case), roles, liable, others))
    header: tuple[str, ...] = ("人员", "案件", "职责", "应当追究", "其他结论")
    return [header, *rows] if rows else []


def liable_verdict(report: Report, name, summary: Summary) -> str:
    rules = format_articles(summary.liable_rules) or "规则库"
    if summary.liable:
        return f"是，依据 {format_articles(summary.articles) or rules}"
    if summary.excluded_by:
        return f"否：{rules} 的条件成立，但被 {format_articles(summary.excluded_by)} 排除"
    query = f"{LIABLE}({format_value(name)}, {format_value(summary.case)})"
    return f'否：不符合 {rules} 的条件（逐项原因：jiuze why-not {report.file} "{query}"）'


def headline(conclusion: Conclusion) -> str:
    """从重追究甲在案9中的执法过错责任（依据 第二十四条第（一）项；应当）."""
    modality = MODALITY_ZH.get(conclusion.modality)
    cited = conclusion.basis or conclusion.articles
    basis = f"依据 {format_articles(cited)}" if cited else "未标条文"
    return f"{conclusion.reading}（{basis}" + (f"；{modality}" if modality else "") + "）"


def short_headline(conclusion: Conclusion) -> str:
    """责任程度 主要（第八条）: predicate and the arguments after person and case."""
    rest = " ".join(format_value(v) for v in conclusion.atom.values[2:])
    modality = MODALITY_ZH.get(conclusion.modality)
    cited = format_articles(conclusion.basis or conclusion.articles)
    detail = "；".join(x for x in (cited, modality) if x)
    return f"{conclusion.atom.predicate}{' ' + rest if rest else ''}" + (f"（{detail}）" if detail else "")


def basis_line(conclusion: Conclusion) -> str:
    modality = MODALITY_ZH.get(conclusion.modality)
    line = f"依据：{format_articles(conclusion.basis) or '未标条文的规则'}"
    others = [a for a in conclusion.articles if a not in conclusion.basis]
    if others:
        line += f"；证明中还引用：{format_articles(others)}"
    if modality:
        line += f"；模态：{modality}"
    return line


def section_proofs(conclusions) -> list[tuple[Conclusion, Proof | int]]:
    """Each conclusion with its proof to show, pruned of what earlier ones showed,
    or the number of the earlier conclusion whose proof already contains it."""
    shown: dict = {}
    out = []
    for number, conclusion in enumerate(conclusions, start=1):
        if conclusion.atom in shown:
            out.append((conclusion, shown[conclusion.atom]))
        else:
            out.append((conclusion, pruned(conclusion.proof, shown, number, top=True)))
    return out


def pruned(proof: Proof, shown: dict, number: int, top: bool = False) -> Proof:
    """The proof with every derivation already shown above replaced by a reference."""
    if proof.kind == DERIVED and proof.atom is not None:
        if not top and proof.atom in shown:
            where = "上文" if shown[proof.atom] == number else f"结论 {shown[proof.atom]}"
            return replace(proof, reading=f"{proof.reading}（证明见{where}）", premises=())
        shown.setdefault(proof.atom, number)
    return replace(proof, premises=tuple(pruned(p, shown, number) for p in proof.premises))


def excluded_line(item: Excluded) -> str:
    by = f"被 {format_articles(item.by)} 排除" if item.by else "不成立"
    return f"{item.atom}（{item.reading}）：{by}"


# ---------------------------------------------------------------- text layout


def _person(report: Report, number: int, person: PersonReport) -> list[str]:
    details = [person.unit] if person.unit else []
    if person.roles:
        details.append("、".join(f"{format_value(c)} {r}" for c, r in person.roles))
    lines = [f"（{to_chinese(number)}）{format_value(person.name)}" + (f"（{'；'.join(details)}）" if details else "")]
    for summary in person.summaries:
        if summary.liable is not None:
            lines.append(f"  【{format_value(summary.case)}】应当追究：{liable_verdict(report, person.name, summary)}")
        elif summary.headlines:
            lines.append(f"  【{format_value(summary.case)}】")
        lines += [f"    {headline(c)}" for c in summary.headlines]
    if person.conclusions:
        lines += ["  结论："] + _conclusions(person.conclusions, "    ")
    else:
        lines.append("  结论：无（本案事实不能推出关于此人的任何结论）")
    if person.excluded:
        lines += ["  被排除的结论："] + _excluded(person.excluded, "    ")
    if person.conflicts:
        lines.append("  冲突：")
        for conflict in person.conflicts:
            lines += _indent(conflict_text(conflict), "    ")
    return lines


def _conclusions(conclusions, indent: str) -> list[str]:
    lines: list[str] = []
    for number, (conclusion, proof) in enumerate(section_proofs(conclusions), start=1):
        lines.append(f"{indent}{number}. {conclusion.atom}：{conclusion.reading}")
        lines.append(f"{indent}   {basis_line(conclusion)}")
        if isinstance(proof, int):
            lines.append(f"{indent}   证明：见结论 {proof}")
        else:
            lines += [f"{indent}   证明："] + _indent(proof_text(proof), indent + "     ")
    return lines


def _excluded(excluded: tuple[Excluded, ...], indent: str) -> list[str]:
    lines = []
    for number, item in enumerate(excluded, start=1):
        lines.append(f"{indent}{number}. {excluded_line(item)}")
        lines += _indent(proof_text(item.why_not), indent + "     ")
    return lines


def _indent(text: str, prefix: str) -> list[str]:
    return [prefix + line for line in text.rstrip("\n").splitlines()]
