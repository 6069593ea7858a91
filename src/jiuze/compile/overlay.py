"""Provincial implementing measures (第二十八条) as overlays on a base rulebook.

An overlay is a rulebook whose files say `依据 全国。` (or `依据 "path"`, another
overlay): it is applied to its base, which is loaded first, so overlays stack
(national → province → city).  `修改 L ｛…｝` replaces the base clauses under
label L, `废止 L。` removes them, `增加 L ｛…｝` and plain clauses add.

Conformity with Art 28 ("根据本规定"): a local change may not weaken what the
national rules require.  Repealing or narrowing a national clause, a priority
that lets a local rule beat a national one, and a local rule concluding the
contrary of a national conclusion are findings — errors, unless the change is
marked `偏离 "理由"`, which keeps it a visible warning in every report.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from jiuze.compile import overlay_checks as conformity
from jiuze.compile.overlay_checks import flatten
from jiuze.language import ast
from jiuze.language.errors import WARNING, Finding


@dataclass(frozen=True)
class OverlayInfo:
    """Who made the overlay and what it departs from, for reports."""

    name: str | None
    issuer: str | None
    effective: object
    base: str | None  # None: the national rulebook
    deviations: tuple[str, ...]


def headers(modules: list[ast.Module]) -> list[ast.OverlayHeader]:
    return [s for m in modules for s in m.statements if isinstance(s, ast.OverlayHeader)]


def base_of(modules: list[ast.Module]) -> ast.OverlayHeader | None:
    return next((h for h in headers(modules) if h.kind == "base"), None)


def apply(base: list[ast.Module], overlay: list[ast.Module]) -> tuple[list[ast.Module], list[Finding], OverlayInfo]:
    """The merged modules (base minus repealed/amended clauses, then the overlay), findings, info."""
    amendments = [s for m in overlay for s in m.statements if isinstance(s, ast.Amendment)]
    base_clauses = [s for m in base for s in m.statements if isinstance(s, ast.Clause) and not s.is_fact]
    findings: list[Finding] = []
    removed: set[int] = set()
    for amendment in amendments:
        if amendment.kind == "add" or amendment.label.ref is None:
            continue
        hit = [c for c in base_clauses if amendment.targets(c)]
        if not hit:
            what = amendment.label.text + (f"、结论为“{amendment.conclusion}”" if amendment.conclusion else "")
            findings.append(
                Finding(
                    amendment.label.span,
                    "unknown-base-label",
                    f"基础规则库中没有标为“{what}”的规则，无法{_verb(amendment)}",
                    "检查条号和结论的谓词名；新增条文请用“增加”。",
                )
            )
        removed |= {id(c) for c in hit}
        findings += conformity.weakening(amendment, hit)
    # The base's own scenarios test the base (run them there); an overlay is tested by its own.
    merged = [
        replace(
            m, statements=tuple(s for s in m.statements if id(s) not in removed and not isinstance(s, ast.Scenario))
        )
        for m in base
    ]
    effective = next((h.value for h in headers(overlay) if h.kind == "effective"), None)
    merged += [
        replace(m, statements=tuple(_in_force_from(s, effective) for s in flatten(m.statements))) for m in overlay
    ]
    merged = _drop_orphan_priorities(merged, base)
    findings += conformity.statement_findings(base, overlay, amendments)
    return merged, findings, _info(overlay, findings)


def _drop_orphan_priorities(modules: list[ast.Module], base: list[ast.Module]) -> list[ast.Module]:
    """A base priority whose label lost all its rules to a repeal goes with them."""
    articles = [s.article for m in modules for s in m.statements if isinstance(s, ast.Clause) and s.article]
    base_priorities = {id(s) for m in base for s in m.statements if isinstance(s, ast.Priority)}

    def alive(statement) -> bool:
        if id(statement) not in base_priorities:
            return True
        return all(
            label.ref is None or any(label.ref.covers(a) for a in articles)
            for label in (statement.superior, statement.inferior)
        )

    return [replace(m, statements=tuple(s for s in m.statements if alive(s))) for m in modules]


def _in_force_from(statement, effective):
    """An overlay's rules are in force from its 施行日期 (unless a rule states its own period): a report on
    earlier conduct flags every conclusion resting on them."""
    if effective is None or not isinstance(statement, ast.Clause) or statement.is_fact:
        return statement
    if statement.valid_from is not None or statement.valid_until is not None:
        return statement
    return replace(statement, valid_from=effective)


def _verb(amendment: ast.Amendment) -> str:
    return {"amend": "修改", "repeal": "废止", "add": "增加"}[amendment.kind]


def _info(overlay, findings) -> OverlayInfo:
    values = {h.kind: h.value for h in headers(overlay)}
    warned = [f for f in sorted(findings) if f.severity == WARNING and f.code in conformity.CODES]
    deviations = [f"{f.span.where}：{f.message}" for f in warned]
    for statement in _declared_deviations(overlay):  # declared, even where no check found a weakening
        if not any(statement.deviation in f.message for f in warned):
            deviations.append(f"{statement.span.where}：{_described(statement)}（声明偏离：{statement.deviation}）")
    deviations = tuple(sorted(deviations))
    return OverlayInfo(
        values.get("name"), values.get("issuer"), values.get("effective"), values.get("base"), deviations
    )


def _declared_deviations(overlay: list[ast.Module]) -> list:
    return [s for m in overlay for s in m.statements if isinstance(s, (ast.Amendment, ast.Setting)) and s.deviation]


def _described(statement) -> str:
    if isinstance(statement, ast.Setting):
        return f"设定 {statement.name} = {statement.value}"
    target = statement.label.text + (f" {statement.conclusion}" if statement.conclusion else "")
    return f"{_verb(statement)} {target}"
