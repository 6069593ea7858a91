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

from jiuze.language import ast
from jiuze.language.errors import ERROR, WARNING, Finding

ART28 = "（第二十八条：实施办法应当“根据本规定”制定）"


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
        hit = [c for c in base_clauses if c.article and amendment.label.ref.covers(c.article)]
        if not hit:
            findings.append(
                Finding(
                    amendment.label.span,
                    "unknown-base-label",
                    f"基础规则库中没有标为“{amendment.label.text}”的规则，无法{_verb(amendment)}",
                    "检查条号；新增条文请用“增加”。",
                )
            )
        removed |= {id(c) for c in hit}
        findings += _weakening(amendment, hit)
    # The base's own scenarios test the base (run them there); an overlay is tested by its own.
    merged = [
        replace(
            m, statements=tuple(s for s in m.statements if id(s) not in removed and not isinstance(s, ast.Scenario))
        )
        for m in base
    ]
    merged += [replace(m, statements=tuple(_flatten(m.statements))) for m in overlay]
    merged = _drop_orphan_priorities(merged, base)
    findings += _overrides(base, overlay, amendments)
    findings += _contradictions(base, overlay, amendments)
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


def _verb(amendment: ast.Amendment) -> str:
    return {"amend": "修改", "repeal": "废止", "add": "增加"}[amendment.kind]


def _flatten(statements):
    for statement in statements:
        if isinstance(statement, ast.Amendment):
            yield from statement.statements
        else:
            yield statement


def _finding(span, code: str, message: str, hint: str, deviation: str | None) -> Finding:
    if deviation:
        return Finding(span, code, f"{message}（已声明偏离：{deviation}）", hint, WARNING)
    return Finding(span, code, message + ART28, hint, ERROR)


def _weakening(amendment: ast.Amendment, hit: list[ast.Clause]) -> list[Finding]:
    found = []
    for clause in hit:
        if amendment.kind == "repeal":
            found.append(
                _finding(
                    amendment.span,
                    "repeals-national",
                    f"废止了全国规则 {clause.article}（{clause.span.where}）：{clause.head.predicate} 不再由它得出",
                    '地方办法可以细化、补充全国规定，不能取消；确需偏离时写 偏离 "理由"。',
                    amendment.deviation,
                )
            )
        elif not _broadened(clause, amendment.statements):
            found.append(
                _finding(
                    amendment.span,
                    "narrows-national",
                    f"修改后的 {amendment.label.text} 收窄了全国规则（{clause.span.where}）：“{clause}”不再总能得出",
                    '修改只能放宽条件（删去条件或增加情形）；确需收窄时写 偏离 "理由"。',
                    amendment.deviation,
                )
            )
    return found


def _broadened(clause: ast.Clause, replacements) -> bool:
    """Some replacement concludes the same head with a subset of the original conditions."""
    old = {str(lit) for lit in clause.body}
    return any(
        isinstance(r, ast.Clause) and str(r.head) == str(clause.head) and {str(lit) for lit in r.body} <= old
        for r in replacements
    )


def _overrides(base, overlay, amendments) -> list[Finding]:
    base_articles = [s.article for m in base for s in m.statements if isinstance(s, ast.Clause) and s.article]
    local = [s.article for m in overlay for s in _flatten(m.statements) if isinstance(s, ast.Clause) and s.article]
    found = []
    for priority in (s for m in overlay for s in _flatten(m.statements) if isinstance(s, ast.Priority)):
        sup, inf = priority.superior.ref, priority.inferior.ref
        if (
            sup
            and inf
            and any(sup.covers(a) for a in local)
            and not any(sup.covers(a) for a in base_articles)
            and any(inf.covers(a) for a in base_articles)
        ):
            found.append(
                _finding(
                    priority.span,
                    "overrides-national",
                    f"优先关系让地方规则 {priority.superior.text} 压倒全国规则 {priority.inferior.text}",
                    '地方规则不能排除全国规则；确需如此时把它写在 增加 … 偏离 "理由" ｛…｝ 中。',
                    _deviation_of(priority, amendments),
                )
            )
    return found


def _contradictions(base, overlay, amendments) -> list[Finding]:
    contraries = [s for m in base + overlay for s in _flatten(m.statements) if isinstance(s, ast.Contrary)]
    national = [s for m in base for s in m.statements if isinstance(s, ast.Clause) and not s.is_fact]
    national_heads = {c.head.predicate for c in national}
    found = []
    for clause in (s for m in overlay for s in _flatten(m.statements) if isinstance(s, ast.Clause) and not s.is_fact):
        if _extends_national_article(clause, national):
            continue  # e.g. a new 第六条 item: the national priorities over 第六条 still apply to it
        for contrary in contraries:
            pair = {contrary.left.predicate, contrary.right.predicate}
            if clause.head.predicate in pair and (pair - {clause.head.predicate}) & national_heads:
                other = (pair - {clause.head.predicate}).pop()
                found.append(
                    _finding(
                        clause.span,
                        "contradicts-national",
                        f"地方规则得出与全国结论“{other}”互斥的“{clause.head.predicate}”",
                        '地方规则不能得出与全国规定相反的结论；确需如此时写在 增加 … 偏离 "理由" ｛…｝ 中。',
                        _deviation_of(clause, amendments),
                    )
                )
    return found


def _extends_national_article(clause: ast.Clause, national: list[ast.Clause]) -> bool:
    return clause.article is not None and any(
        n.article is not None
        and n.article.article == clause.article.article
        and n.head.predicate == clause.head.predicate
        for n in national
    )


def _deviation_of(statement, amendments) -> str | None:
    return next((a.deviation for a in amendments if any(s is statement for s in a.statements)), None)


def _info(overlay, findings) -> OverlayInfo:
    values = {h.kind: h.value for h in headers(overlay)}
    deviations = tuple(f"{f.span.where}：{f.message}" for f in sorted(findings) if f.severity == WARNING)
    return OverlayInfo(
        values.get("name"), values.get("issuer"), values.get("effective"), values.get("base"), deviations
    )
