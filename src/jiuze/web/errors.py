"""Errors as JSON: the same located Chinese messages the command line prints, plus each
finding's parts, so the page can show a message at the field it concerns."""

from __future__ import annotations

from jiuze.language.errors import Finding, JiuzeError


def finding_data(finding: Finding) -> dict:
    span = finding.span
    return {
        "file": span.file,
        "line": span.line,
        "column": span.column,
        "end_line": span.end_line,
        "end_column": span.end_column,
        "pointer": span.pointer,
        "where": str(span),
        "code": finding.code,
        "severity": finding.severity,
        "message": finding.message,
        "hint": finding.hint,
    }


def error_data(code: str, message: str, findings=()) -> dict:
    return {"error": {"code": code, "message": message, "findings": [finding_data(f) for f in findings]}}


def jiuze_error_data(error: JiuzeError) -> dict:
    return error_data("bad-input", error.render(), error.findings)
