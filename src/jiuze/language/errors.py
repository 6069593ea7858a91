"""Findings: what a check or a loader has to say about the user's input.

One type for every stage (syntax, checks, case files), carrying a span, a
Chinese message and a fix hint, so every front end renders them alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

from jiuze.language.source import Span, caret_excerpt, visible

ERROR = "error"
WARNING = "warning"

_SEVERITY_ZH = {ERROR: "错误", WARNING: "警告"}


@dataclass(frozen=True, order=True)
class Finding:
    """One located problem.  `code` is a stable English id tests can match."""

    span: Span
    code: str
    message: str
    hint: str = ""
    severity: str = ERROR

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def render(self, sources: Mapping[str, str] | None = None) -> str:
        """`file:line:col: 错误[code]: message`, the line with a caret, the hint."""
        head = visible(f"{self.span}: {_SEVERITY_ZH[self.severity]}[{self.code}]: {self.message}")
        parts = [head]
        text = (sources or {}).get(self.span.file)
        if text is not None:
            excerpt = caret_excerpt(text, self.span)
            if excerpt:
                parts.append(_indent(excerpt))
        if self.hint:
            parts.append(visible(f"  提示：{self.hint}"))
        return "\n".join(parts)


def _indent(text: str) -> str:
    return "\n".join("  | " + line for line in text.splitlines())


class JiuzeError(Exception):
    """Raised when input is bad; carries every finding so none is lost."""

    def __init__(self, findings: Iterable[Finding], sources: Mapping[str, str] | None = None):
        self.findings = sorted(findings)
        self.sources = dict(sources or {})
        super().__init__(self.render())

    def render(self) -> str:
        return render_findings(self.findings, self.sources)


def render_findings(findings: Iterable[Finding], sources: Mapping[str, str] | None = None) -> str:
    """All findings, sorted by place, then a one-line count."""
    findings = sorted(findings)
    errors = sum(f.is_error for f in findings)
    warnings = len(findings) - errors
    body = "\n\n".join(f.render(sources) for f in findings)
    summary = f"共 {errors} 个错误，{warnings} 个警告。"
    return f"{body}\n\n{summary}" if body else summary
