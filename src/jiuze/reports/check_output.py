"""What `jiuze check` prints: the findings of the rulebook (an overlay's own files only; the base's
warnings are counted, not repeated), the semantic Art 28 check, and its counterexamples."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jiuze.conformity.check import SemanticCheck, semantic_check
from jiuze.language.errors import Finding, render_findings
from jiuze.rulebook.rulebook import Identity, RuleSource, check_sources, identity, parse_sources


@dataclass(frozen=True)
class CheckOutcome:
    identity: Identity
    findings: list[Finding]  # shown
    hidden_base_warnings: int
    semantic: SemanticCheck
    sources: dict[str, str]

    @property
    def has_errors(self) -> bool:
        return any(f.is_error for f in self.findings)


def run_check(path: str | None, sources: list[RuleSource], budget: float, semantic: bool = True) -> CheckOutcome:
    parsed = parse_sources(sources)  # once, for both checks
    modules, findings = check_sources(sources, parsed)
    own = {s.name for s in sources}
    hidden = [f for f in findings if f.span.file not in own and not f.is_error]
    shown = [f for f in findings if f not in hidden]
    sem = semantic_check(sources, path or "national", budget, parsed) if semantic else SemanticCheck([], None)
    return CheckOutcome(identity(path, sources), sorted(shown + sem.findings), len(hidden), sem, _texts(sources))


def _texts(sources: list[RuleSource]) -> dict[str, str]:
    return {s.name: s.text for s in sources}


def check_text(outcome: CheckOutcome) -> str:
    parts = [outcome.identity.text(), render_findings(outcome.findings, outcome.sources)]
    if outcome.hidden_base_warnings:
        parts.append(
            f"（基础规则库另有 {outcome.hidden_base_warnings} 个警告，不在这里重复；检查基础规则库本身可以看到。）"
        )
    summary = outcome.semantic.summary()
    if summary:
        parts.append(summary)
    for example in outcome.semantic.counterexamples:
        parts.append(f"---- {example.name}（{example.finding.span}）\n{example.yaml.rstrip()}")
    return "\n\n".join(parts) + "\n"


def check_data(outcome: CheckOutcome) -> dict:
    result = outcome.semantic.result
    return {
        "rulebook": outcome.identity.data(),
        "errors": sum(f.is_error for f in outcome.findings),
        "warnings": sum(not f.is_error for f in outcome.findings),
        "hidden_base_warnings": outcome.hidden_base_warnings,
        "findings": [finding_data(f) for f in outcome.findings],
        "semantic": None
        if result is None
        else {"tried": result.tried, "planned": result.planned, "complete": result.tried == result.planned},
        "counterexamples": [
            {"name": c.name, "file": c.finding.span.file, "line": c.finding.span.line, "yaml": c.yaml}
            for c in outcome.semantic.counterexamples
        ],
    }


def finding_data(finding: Finding) -> dict:
    return {
        "file": finding.span.file,
        "line": finding.span.line,
        "column": finding.span.column,
        "code": finding.code,
        "severity": finding.severity,
        "message": finding.message,
        "hint": finding.hint,
    }


def write_counterexamples(outcome: CheckOutcome, folder: str) -> list[str]:
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for example in outcome.semantic.counterexamples:
        (target / example.name).write_text(example.yaml, encoding="utf-8")
        written.append(str(target / example.name))
    return written
