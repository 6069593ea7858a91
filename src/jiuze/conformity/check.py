"""`jiuze check` on an overlay: the counterexample search as findings, and each counterexample as YAML."""

from __future__ import annotations

import json
from dataclasses import dataclass

from jiuze.checks.rules import check_modules
from jiuze.compile import overlay, parameters
from jiuze.compile.overlay_checks import ART28, DEVIATION_HINT
from jiuze.conformity.search import BUDGET_SECONDS, SearchResult, Violation, search
from jiuze.language import ast
from jiuze.language.errors import ERROR, WARNING, Finding
from jiuze.rulebook.rulebook import Parsed, RuleSource, base_sources_for, load_modules, parse_sources

MODALITY_ZH = ast.MODALITY_ZH


@dataclass(frozen=True)
class Counterexample:
    finding: Finding
    name: str  # suggested file name
    yaml: str


@dataclass(frozen=True)
class SemanticCheck:
    counterexamples: list[Counterexample]
    result: SearchResult | None  # None: not an overlay, or errors stop evaluation
    skipped: str = ""  # why it did not run

    @property
    def findings(self) -> list[Finding]:
        return [c.finding for c in self.counterexamples]

    def summary(self) -> str:
        if self.result is None:
            return f"语义一致性检查（第二十八条）未运行：{self.skipped}" if self.skipped else ""
        r = self.result
        partial = "" if r.tried == r.planned else f"（时间用尽，只试了 {r.tried} 个；用 --budget 加长）"
        return (
            f"语义一致性检查（第二十八条）：试了 {r.tried}/{r.planned} 个候选案例，"
            f"发现 {len(self.counterexamples)} 处减损全国结论{partial}。"
        )


def semantic_check(
    sources: list[RuleSource], rules_path: str, budget: float = BUDGET_SECONDS, parsed: Parsed | None = None
) -> SemanticCheck:
    """Run the search on an overlay rulebook; a plain rulebook has nothing to conform to.  `parsed`:
    the sources' parse when the caller already has it (a 100,000-rule file takes ~15 s to parse)."""
    modules, parse_findings = (list(parsed[0]), list(parsed[1])) if parsed is not None else parse_sources(sources)
    header = overlay.base_of(modules)
    if header is None:
        return SemanticCheck([], None)
    base, base_findings, _ = load_modules(base_sources_for(header, sources), (header.value,), resolve=False)
    # Both sides use the overlay's parameter values: a 设定 is judged by its direction (parameter-weakens),
    # the search looks for what else changes.
    values, _ = parameters.values_in_force(base + modules)
    base, modules = parameters.substitute(base, values), parameters.substitute(modules, values)
    merged, _, _ = overlay.apply(base, modules)
    blocking = [f for f in parse_findings + base_findings + check_modules(merged) if f.severity == ERROR]
    if blocking:
        return SemanticCheck([], None, "规则库有错误，先改正上面的错误")
    result = search(base, merged, modules, budget)
    examples = [_counterexample(v, n, rules_path) for n, v in enumerate(result.violations, 1)]
    return SemanticCheck(examples, result)


def _counterexample(violation: Violation, number: int, rules_path: str) -> Counterexample:
    name = f"反例-{number:02d}.yaml"
    return Counterexample(_finding(violation, name), name, _yaml(violation, number, rules_path, name))


def _finding(v: Violation, name: str) -> Finding:
    rule = v.national_rule
    article = f"{rule.article}（{rule.span.where}）" if rule is not None and rule.article else "全国规则"
    word = MODALITY_ZH.get(v.modality, "")
    if v.modality == ast.PERMITTED:
        lost = f"在反例 {name} 中，{article}允许的“{v.atom}”（可以）在实施办法下成了“不得”"
    else:
        lost = f"在反例 {name} 中，{article}得出的“{v.atom}”（{word}）在实施办法下不再成立"
    cause = f"：{v.blame.what}"
    if v.blame.root != v.atom:
        cause += f"使“{v.blame.root}”（{v.blame.root_article or '全国规则'}）不再成立"
    message = lost + cause
    hint = f"反例（可直接运行）见下方 {name}；实施办法可以细化、补充全国规定，不能减损。" + DEVIATION_HINT
    if v.blame.deviation:
        return Finding(v.blame.span, "weakens-national", f"{message}（已声明偏离：{v.blame.deviation}）", hint, WARNING)
    return Finding(v.blame.span, "weakens-national", message + ART28, hint, ERROR)


def _yaml(v: Violation, number: int, rules_path: str, name: str) -> str:
    lines = [
        f"# 第二十八条一致性反例 {number}：依全国规定成立的“{v.atom}”，在实施办法下{'成了不得' if v.modality == ast.PERMITTED else '不成立'}。",
        f"# 构造自：{v.candidate.origin}。",
        f"# 全国规则库下成立：jiuze query {name} {json.dumps(str(v.atom), ensure_ascii=False)}",
        f"# 两者比较（实施办法没有错误时）：jiuze diff --rules {rules_path} {name}",
        f"案件: 反例{number}",
        "事实:",
    ]
    for predicate, values in v.facts:
        text = f"{predicate}({', '.join(ast.format_value(x) for x in values)})"
        lines.append(f"  - {json.dumps(text, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"
