"""Art 28 conformity, read off the text: every kind of statement an overlay can add or change.

第二十八条 lets a province make implementing measures "根据本规定": it may add cases and detail, never
weaken what the national rules conclude.  Each statement kind has its own way of weakening:

- rules: repealing a national rule, amending it into a narrower one, concluding the contrary of a
  national conclusion;
- defeaters (阻却): blocking a national conclusion;
- priorities (优先于): letting anything beat a national rule, or reordering national articles;
- contrary pairs (互斥): making a national conclusion contestable;
- facts: stating a national conclusion (or its contrary) instead of deriving it;
- validity (条文 … 有效 / 宣示性): shortening a national article's validity or making it inoperative.
Declarations cannot weaken by themselves (declaring a national predicate again is the general
duplicate-declaration error).  Each finding is an error citing Art 28, or a warning when the statement
sits in a change marked `偏离 "理由"`.  What the text alone cannot show (a chain of local rules that
ends up removing a national duty) is the semantic check's job (jiuze.conformity).
"""

from __future__ import annotations

from jiuze.compile.parameters import parameters, values_in_force
from jiuze.language import ast
from jiuze.language.errors import ERROR, WARNING, Finding

CODES = frozenset(
    {
        "repeals-national",
        "narrows-national",
        "overrides-national",
        "contradicts-national",
        "defeats-national",
        "contrary-national",
        "asserts-national",
        "limits-national",
        "parameter-weakens",
    }
)
ART28 = "（第二十八条：实施办法应当“根据本规定”制定）"
DEVIATION_HINT = '确需偏离时把它写在 增加 / 修改 … 偏离 "理由" ｛…｝ 中，偏离会作为警告列在每份报告里。'


def flatten(statements):
    """The statements of a module with the contents of 修改 / 增加 blocks spliced in."""
    for statement in statements:
        if isinstance(statement, ast.Amendment):
            yield from statement.statements
        else:
            yield statement


def finding(span, code: str, message: str, hint: str, deviation: str | None) -> Finding:
    if deviation:
        return Finding(span, code, f"{message}（已声明偏离：{deviation}）", hint, WARNING)
    return Finding(span, code, message + ART28, hint, ERROR)


class _Sides:
    """What the base rulebook concludes, and what the overlay states, indexed once."""

    def __init__(self, base: list[ast.Module], overlay: list[ast.Module], amendments: list[ast.Amendment]):
        self.base_statements = [s for m in base for s in m.statements]
        self.base_rules = [s for s in self.base_statements if isinstance(s, ast.Clause) and not s.is_fact]
        self.base_articles = [c.article for c in self.base_rules if c.article]
        self.base_heads = {c.head.predicate for c in self.base_rules if c.strength != ast.DEFEATER}
        self.base_priorities = {
            (p.superior.text, p.inferior.text) for p in self.base_statements if isinstance(p, ast.Priority)
        }
        self.base_contraries = {
            frozenset((str(c.left), str(c.right))) for c in self.base_statements if isinstance(c, ast.Contrary)
        }
        self.local = [s for m in overlay for s in flatten(m.statements)]
        self.local_articles = [s.article for s in self.local if isinstance(s, ast.Clause) and s.article]
        self.contraries = [s for s in self.base_statements + self.local if isinstance(s, ast.Contrary)]
        self.amendments = amendments

    def deviation(self, statement) -> str | None:
        return next((a.deviation for a in self.amendments if any(s is statement for s in a.statements)), None)

    def national(self, label: ast.Label) -> bool:
        return label.ref is not None and any(label.ref.covers(a) for a in self.base_articles)

    def contrary_of(self, predicate: str) -> set[str]:
        found = set()
        for pair in self.contraries:
            names = (pair.left.predicate, pair.right.predicate)
            if predicate in names:
                found |= set(names) - {predicate} or {predicate}
        return found


def statement_findings(
    base: list[ast.Module], overlay: list[ast.Module], amendments: list[ast.Amendment]
) -> list[Finding]:
    """Every Art 28 finding about the overlay's own statements (amendments are `weakening`'s)."""
    sides = _Sides(base, overlay, amendments)
    found: list[Finding] = []
    for check in (_priorities, _contradictions, _defeaters, _contrary_pairs, _facts, _validity):
        found += check(sides)
    return found + _settings(base, overlay)


# ---------------------------------------------------------------- parameters


def _settings(base: list[ast.Module], overlay: list[ast.Module]) -> list[Finding]:
    """设定 in the direction the 参数 allows is conformant; the other direction weakens the base."""
    declared = parameters(base)
    in_base, _ = values_in_force(base)
    found = []
    for setting in (s for m in overlay for s in m.statements if isinstance(s, ast.Setting)):
        parameter = declared.get(setting.name)
        if parameter is None:
            continue  # unknown-parameter, reported when the parameters are resolved
        old = in_base[setting.name]
        allowed = {"at_most": setting.value <= old, "at_least": setting.value >= old}.get(
            parameter.direction, setting.value == old
        )
        if allowed:
            continue
        rule = {"at_most": "只能调小（不得大于）", "at_least": "只能调大（不得小于）"}.get(
            parameter.direction, "不能改变"
        )
        found.append(
            finding(
                setting.span,
                "parameter-weakens",
                f"参数“{setting.name}”在基础规则库中为 {old}（{parameter.span.where}），{rule}；这里设为 {setting.value}",
                '按参数允许的方向设定；确需偏离时写 设定 名称 = 值 偏离 "理由"。',
                setting.deviation,
            )
        )
    return found


# ---------------------------------------------------------------- amendments


def weakening(amendment: ast.Amendment, hit: list[ast.Clause]) -> list[Finding]:
    """修改 / 废止 of national rules: a repeal always weakens, an amendment unless it only broadens."""
    found = []
    for clause in hit:
        if amendment.kind == "repeal":
            found.append(
                finding(
                    amendment.label.span,
                    "repeals-national",
                    f"废止了全国规则 {clause.article}（{clause.span.where}）：{clause.head.predicate} 不再由它得出",
                    '地方办法可以细化、补充全国规定，不能取消；确需偏离时写 偏离 "理由"。',
                    amendment.deviation,
                )
            )
        elif not _broadened(clause, amendment.statements):
            found.append(
                finding(
                    _replacement_span(clause, amendment),
                    "narrows-national",
                    f"修改后的 {amendment.label.text} 收窄了全国规则（{clause.span.where}）：“{clause}”不再总能得出",
                    '修改只能放宽条件（删去条件或增加情形）；确需收窄时写 偏离 "理由"。',
                    amendment.deviation,
                )
            )
    return found


def _replacement_span(clause: ast.Clause, amendment: ast.Amendment):
    """The caret goes to the replacing rule with the same conclusion, else to the label."""
    rules = [s for s in amendment.statements if isinstance(s, ast.Clause)]
    same = [r for r in rules if r.head.predicate == clause.head.predicate]
    return (same or [None])[0].span if same else amendment.label.span


def _broadened(clause: ast.Clause, replacements) -> bool:
    """Some replacement concludes the same head with a subset of the original conditions."""
    old = {str(lit) for lit in clause.body}
    return any(
        isinstance(r, ast.Clause)
        and str(r.head) == str(clause.head)
        and r.strength == clause.strength
        and {str(lit) for lit in r.body} <= old
        for r in replacements
    )


# ---------------------------------------------------------------- priorities


def _priorities(sides: _Sides) -> list[Finding]:
    """A priority whose inferior is a national article lets something beat a national rule."""
    found = []
    for priority in (s for s in sides.local if isinstance(s, ast.Priority)):
        if not sides.national(priority.inferior):
            continue  # only local rules lose: a refinement of the province's own text
        if (priority.superior.text, priority.inferior.text) in sides.base_priorities:
            continue  # restating a national priority changes nothing
        if sides.national(priority.superior):
            message = f"新的优先关系“{priority.superior.text} 优先于 {priority.inferior.text}”改变了全国条文之间的取舍"
        else:
            message = f"优先关系让地方规则 {priority.superior.text} 压倒全国规则 {priority.inferior.text}"
        found.append(
            finding(
                priority.span,
                "overrides-national",
                message,
                "全国条文之间的优先关系由全国规定确定，地方规则不能排除全国规则；" + DEVIATION_HINT,
                sides.deviation(priority),
            )
        )
    return found


# ---------------------------------------------------------------- rules and defeaters


def _contradictions(sides: _Sides) -> list[Finding]:
    found = []
    national_rules = sides.base_rules
    for clause in (s for s in sides.local if isinstance(s, ast.Clause) and not s.is_fact):
        if clause.strength == ast.DEFEATER or _extends_national_article(clause, national_rules):
            continue  # e.g. a new 第六条 item: the national priorities over 第六条 still apply to it
        for contrary in sides.contraries:
            pair = {contrary.left.predicate, contrary.right.predicate}
            if clause.head.predicate in pair and (pair - {clause.head.predicate}) & sides.base_heads:
                other = (pair - {clause.head.predicate}).pop()
                found.append(
                    finding(
                        clause.span,
                        "contradicts-national",
                        f"地方规则得出与全国结论“{other}”互斥的“{clause.head.predicate}”",
                        "地方规则不能得出与全国规定相反的结论；" + DEVIATION_HINT,
                        sides.deviation(clause),
                    )
                )
    return found


def _defeaters(sides: _Sides) -> list[Finding]:
    """A local 阻却 against a national conclusion removes it wherever the defeater applies."""
    found = []
    for clause in (s for s in sides.local if isinstance(s, ast.Clause) and s.strength == ast.DEFEATER):
        if clause.head.predicate not in sides.base_heads:
            continue
        articles = sorted({str(c.article) for c in sides.base_rules if c.head.predicate == clause.head.predicate})
        found.append(
            finding(
                clause.span,
                "defeats-national",
                f"地方的阻却规则阻止全国结论“{clause.head}”（{'、'.join(a for a in articles if a != 'None') or '全国规则'}）",
                "阻却规则使全国规定的结论在这些条件下不再成立；" + DEVIATION_HINT,
                sides.deviation(clause),
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


# ---------------------------------------------------------------- contrary pairs, facts, validity


def _contrary_pairs(sides: _Sides) -> list[Finding]:
    """A new 互斥 with a national conclusion on one side makes that conclusion contestable."""
    found = []
    for pair in (s for s in sides.local if isinstance(s, ast.Contrary)):
        if frozenset((str(pair.left), str(pair.right))) in sides.base_contraries:
            continue
        national = [a for a in (pair.left, pair.right) if a.predicate in sides.base_heads]
        if not national:
            continue
        found.append(
            finding(
                pair.span,
                "contrary-national",
                f"新的互斥关系使全国结论“{national[0]}”可以被反驳",
                "互斥关系会让一方的规则阻止另一方的结论；只在两边都是地方谓词时使用。" + DEVIATION_HINT,
                sides.deviation(pair),
            )
        )
    return found


def _facts(sides: _Sides) -> list[Finding]:
    """A fact in an overlay stating a national conclusion (or its contrary) bypasses the national conditions."""
    found = []
    for fact in (s for s in sides.local if isinstance(s, ast.Clause) and s.is_fact):
        predicate = fact.head.predicate
        contrary = sides.contrary_of(predicate) & sides.base_heads
        if contrary:
            found.append(
                finding(
                    fact.span,
                    "asserts-national",
                    f"规则库中的事实“{fact.head}”与全国结论“{sorted(contrary)[0]}”互斥，会阻止它",
                    "结论应当由规则在案件事实上得出，不要写成规则库里的事实；" + DEVIATION_HINT,
                    sides.deviation(fact),
                )
            )
        elif predicate in sides.base_heads:
            found.append(
                Finding(
                    fact.span,
                    "asserts-national",
                    f"规则库中的事实“{fact.head}”直接写出了全国规定的结论，绕过了全国规则的条件",
                    "结论应当由规则在案件事实上得出；若是新的情形，写成带“若”的规则。",
                    WARNING,
                )
            )
    return found


def _validity(sides: _Sides) -> list[Finding]:
    """条文 … 有效 / 宣示性 over a national article changes when (or whether) it operates."""
    found = []
    for meta in (s for s in sides.local if isinstance(s, ast.ArticleMeta)):
        if not (meta.declaratory or meta.valid_from or meta.valid_until):
            continue
        covered = [a for a in sides.base_articles if meta.covers(a)]
        if not covered:
            continue
        what = meta.label.text if meta.label else "整个规则库"
        change = "宣告为宣示性条文（不再适用于案件）" if meta.declaratory else "限定了有效期"
        found.append(
            finding(
                meta.span,
                "limits-national",
                f"对{what}{change}，其中包括全国规则（{sorted(map(str, covered))[0]} 等）",
                "全国条文的效力由全国规定确定；地方办法的施行日期写在 施行日期 中。" + DEVIATION_HINT,
                sides.deviation(meta),
            )
        )
    return found
