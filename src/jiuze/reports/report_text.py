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
from jiuze.language.ast import FORBIDDEN, MODALITY_ZH, format_value
from jiuze.reports.data import (
    HEADLINES,
    LIABLE,
    SUMMARY_MEASURES,
    Conclusion,
    Excluded,
    PersonReport,
    Report,
    Summary,
    most_specific,
)
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
    if report.unused:
        section += 1
        lines += ["", f"{to_chinese(section)}、{UNUSED_TITLE}", f"  {UNUSED_NOTE}"]
        for number, (facts, why) in enumerate(unused_groups(report.unused), start=1):
            lines += _unused(number, facts, why, "  ")
    return "\n".join(lines).rstrip() + "\n"


# ---------------------------------------------------------------- shared with the Markdown renderer

UNUSED_TITLE = "未引出结论的陈述"
UNUSED_NOTE = "下列陈述没有被任何成立的结论用到：逐条列出读取它的规则、第一个不成立的条件，以及它最终缺少的案件事实或排除它的规则。"
NOT_READ = "规则库中没有规则读取这一事实：它不影响任何结论（检查谓词是否写对，或者该情节是否属于本规定调整的范围）。"


def unused_groups(unused) -> list[tuple[list, tuple]]:
    """Statements with the same reasons together (人民警察(李四) and 执行职务(李四, 案1) both fail
    on 李四's missing fault), in the order the case states them."""
    groups: dict = {}
    for item in unused:
        groups.setdefault(item.why, []).append(item)
    return [(items, why) for why, items in groups.items()]


def unused_about(report: Report, name) -> list[int]:
    """The numbers of the 未引出结论的陈述 entries whose statements name this person
    (the groups are built once per report: per person, it made a report quadratic)."""
    cached = _UNUSED_BY_NAME.get(id(report))
    if cached is None or cached[0] is not report:
        by_name: dict = {}
        for number, (facts, _) in enumerate(unused_groups(report.unused), start=1):
            for value in dict.fromkeys(v for item in facts for v in item.fact.values):
                by_name.setdefault(value, []).append(number)
        _UNUSED_BY_NAME.clear()
        cached = _UNUSED_BY_NAME[id(report)] = (report, by_name)
    return list(cached[1].get(name, ()))


_UNUSED_BY_NAME: dict = {}  # id(report) -> (report, value -> entry numbers): the last report only


def fact_line(item) -> str:
    source = f"（来源：{item.fact.source}）" if item.fact.source else ""
    values = ", ".join(format_value(v) for v in item.fact.values)
    return f"{item.fact.predicate}({values})：{item.reading}{source}"


def split_conclusions(conclusions) -> tuple[tuple[Conclusion, ...], tuple[Conclusion, ...]]:
    """(the answers, the intermediate conclusions no answer's proof contains); the rest of the
    intermediate conclusions are shown inside the answers' proofs."""
    answers = tuple(c for c in conclusions if not c.intermediate)
    inside: set = set()
    for conclusion in answers:
        _atoms(conclusion.proof, inside)
    rest = tuple(c for c in conclusions if c.intermediate and c.atom not in inside)
    return answers, rest


def _atoms(proof: Proof, found: set) -> None:
    if proof.atom is not None:
        found.add(proof.atom)
    for child in proof.premises:
        _atoms(child, found)


def lead_lines(summary: Summary) -> list[str]:
    """The answers after 应当追究, one line each; a conclusion holding for several values
    (可选处理：警告、记过…) on one line."""
    groups: dict = {}
    for conclusion in summary.headlines:
        groups.setdefault(conclusion.atom.predicate, []).append(conclusion)
    lines = []
    for predicate, items in groups.items():
        if len(items) == 1:
            lines.append(headline(items[0]))
            continue
        values = "、".join(" ".join(format_value(v) for v in c.atom.values[2:]) for c in items)
        cited = format_articles(most_specific(a for c in items for a in (c.basis or c.articles)))
        modality = MODALITY_ZH.get(items[0].modality)
        detail = "；".join(x for x in (f"依据 {cited}" if cited else "", modality) if x)
        lines.append(f"{predicate}：{values}" + (f"（{detail}）" if detail else ""))
    return lines


def conflict_line(conflict) -> str:
    outcome = {"required": "“应当”的结论成立", "permitted": "“可以”的结论成立", "neither": "两者都不成立"}
    return (
        f"冲突：{conflict.required.atom}（应当）与 {conflict.permitted.atom}（可以）互斥；"
        f"{outcome[conflict.winner]}（两方的证明见下文）"
    )


def header_lines(report: Report) -> list[str]:
    lines = []
    if report.file != report.title:
        lines.append(f"案件文件：{report.file}")
    if report.case_ids:
        date = f"（发生日期 {format_value(report.date)}）" if report.date is not None else ""
        lines.append(f"案件：{'、'.join(map(format_value, report.case_ids))}{date}")
    lines.append(f"人员：{'、'.join(format_value(p.name) for p in report.persons) or '无'}")
    if report.rulebook:
        book = report.rulebook
        lines.append(f"规则库：{book['name']}（{book['path']}，摘要 {book['digest']}）")
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
            shown = [c for c in summary.headlines if c.atom.predicate in HEADLINES + SUMMARY_MEASURES]
            others = "；".join(short_headline(c) for c in shown) or "—"
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
    with_rules = f" --rules {report.rules}" if report.rules else ""
    return f'否：不符合 {rules} 的条件（逐项原因：jiuze why-not{with_rules} {report.file} "{query}"）'


def headline(conclusion: Conclusion) -> str:
    """从重追究甲在案9中的执法过错责任（依据 第二十四条第（一）项；应当）."""
    modality = MODALITY_ZH.get(conclusion.modality)
    cited = conclusion.basis or conclusion.articles
    basis = f"依据 {format_articles(cited)}" if cited else "未标条文"
    return f"{stated(conclusion)}（{basis}" + (f"；{modality}" if modality else "") + "）"


def stated(conclusion: Conclusion) -> str:
    """The reading with a prohibition in the sentence: 评为先进集体 under 不得 must never read as
    if the unit were to be named one."""
    if conclusion.modality == FORBIDDEN and "不得" not in conclusion.reading:
        return f"【不得】{conclusion.reading}"
    return conclusion.reading


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
        lines += [f"    {line}" for line in lead_lines(summary)]
    lines += [f"  {conflict_line(c)}" for c in person.conflicts]
    lines += [f"  注意：{note}" for note in person.validity]
    mentioned = unused_about(report, person.name)
    if mentioned:
        lines.append(f"  未引出结论的陈述：见“{UNUSED_TITLE}”第 {'、'.join(map(str, mentioned))} 条")
    answers, rest = split_conclusions(person.conclusions)
    if not person.conclusions:
        lines.append("  结论：无（本案事实不能推出关于此人的任何结论）")
    numbered = section_proofs(answers + rest)
    if answers:
        lines += ["  结论（中间结论见各证明）："] + _numbered(numbered[: len(answers)], "    ")
    if rest:
        lines += ["  其他中间结论（未引出上列结论）："] + _numbered(numbered[len(answers) :], "    ", len(answers))
    if person.excluded:
        lines += ["  被排除的结论："] + _excluded(person.excluded, "    ")
    if person.conflicts:
        lines.append("  冲突：")
        for conflict in person.conflicts:
            lines += _indent(conflict_text(conflict), "    ")
    return lines


def _unused(number: int, facts: list, why: tuple, indent: str) -> list[str]:
    lines = [f"{indent}{number}. {fact_line(facts[0])}"]
    lines += [f"{indent}   {fact_line(item)}" for item in facts[1:]]
    if not why:
        return lines + [f"{indent}   {NOT_READ}"]
    for proof in why:
        lines += _indent(proof_text(proof), indent + "   ")
    return lines


def _conclusions(conclusions, indent: str) -> list[str]:
    return _numbered(section_proofs(conclusions), indent)


def _numbered(numbered, indent: str, start: int = 0) -> list[str]:
    lines: list[str] = []
    for number, (conclusion, proof) in enumerate(numbered, start=start + 1):
        lines.append(f"{indent}{number}. {conclusion.atom}：{stated(conclusion)}")
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
