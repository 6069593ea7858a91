"""Article coverage (`jiuze coverage`): for every article (and item) of the
regulation, the rules that carry its label and the scenarios that exercise
them.

A scenario *exercises* a rule when the rule's conditions hold in the
scenario's model (for a rule that was then displaced by a stronger one,
too: its conditions were tested).  Each scenario is evaluated once.

An article is *accounted for* when a rule, declaration or rulebook fact
carries its label (or the label of one of its items), or when it is
declaratory (DECLARATORY: it states a purpose or a principle and gives no
rule to apply).  The language has no statement for marking an article
declaratory yet; until it does, DECLARATORY is this constant.
"""

from __future__ import annotations

from dataclasses import dataclass

from jiuze.cases.vocabulary import align
from jiuze.compile.defeasible import APPLICABLE
from jiuze.compile.program import Program, Rule, fact_from_atom
from jiuze.explain.matching import match_body
from jiuze.language import ast
from jiuze.language.articles import ArticleRef, to_chinese
from jiuze.rulebook.rulebook import Rulebook

ARTICLES = 30  # 《公安机关人民警察执法过错责任追究规定》 has 30 articles
ITEM_COUNTS = {6: 16, 14: 4, 16: 9, 23: 4, 24: 5}  # articles with numbered items
# 第一条 purpose, 第三条 principles, 第四条 cooperation, 第五条 commendation,
# 第二十八条 provincial measures, 第二十九条 interpretation, 第三十条 entry into force.
DECLARATORY = frozenset({1, 3, 4, 5, 28, 29, 30})
SHOWN_SCENARIOS = 3  # text output: scenario names listed per rule before "等 N 个"


@dataclass(frozen=True)
class RuleCoverage:
    id: str  # file:line
    article: ArticleRef | None
    text: str  # the rule as written (modality and strength included)
    scenarios: tuple[tuple[str, str], ...]  # (name, file:line) of the scenarios exercising it


@dataclass(frozen=True)
class ItemCoverage:
    ref: ArticleRef
    rules: tuple[RuleCoverage, ...]
    declarations: tuple[str, ...]  # predicates declared under this label

    @property
    def accounted(self) -> bool:
        return bool(self.rules or self.declarations)


@dataclass(frozen=True)
class ArticleCoverage:
    number: int
    rules: tuple[RuleCoverage, ...]  # labelled with the article itself (or one of its paragraphs)
    declarations: tuple[str, ...]
    items: tuple[ItemCoverage, ...]
    declaratory: bool

    @property
    def ref(self) -> ArticleRef:
        return ArticleRef(self.number)

    @property
    def labelled(self) -> bool:
        return bool(self.rules or self.declarations or any(i.accounted for i in self.items))

    @property
    def accounted(self) -> bool:
        return self.labelled or self.declaratory

    def all_rules(self) -> list[RuleCoverage]:
        return list(self.rules) + [r for item in self.items for r in item.rules]


@dataclass(frozen=True)
class Coverage:
    articles: tuple[ArticleCoverage, ...]
    unlabelled: tuple[RuleCoverage, ...]  # rules without an article label
    out_of_range: tuple[RuleCoverage, ...]  # labels the regulation does not have (第三十一条, 第六条第（十七）项)
    scenario_count: int

    def rules(self) -> list[RuleCoverage]:
        return [r for a in self.articles for r in a.all_rules()] + list(self.unlabelled) + list(self.out_of_range)


def coverage(rulebook: Rulebook, base_scenarios: tuple = ()) -> Coverage:
    """`base_scenarios`: for an overlay, its base's scenarios, which also exercise the base's rules in it."""
    program = rulebook.program
    groups = _rule_groups(program)
    exercised: dict[str, list[tuple[str, str]]] = {rule_id: [] for rule_id in groups}
    scenarios = tuple(rulebook.scenarios) + tuple(base_scenarios)
    for scenario in scenarios:
        model = rulebook.evaluate([fact_from_atom(a, a.span.where) for a in scenario.facts], inputs_only=False)
        for rule_id, (_, variant) in groups.items():
            if next(iter(match_body(variant.body, {}, model.index)), None) is not None:
                exercised[rule_id].append((scenario.name, scenario.span.where))
    ordered = sorted(groups.items(), key=lambda item: _place(item[1][0].span))
    rules = [
        RuleCoverage(rule_id, clause.article, _text(clause), tuple(exercised[rule_id]))
        for rule_id, (clause, _) in ordered
    ]
    labels = _labels(program)
    articles = []
    for number in range(1, ARTICLES + 1):
        count = ITEM_COUNTS.get(number, 0)
        own = tuple(
            r for r in rules if r.article and r.article.article == number and (r.article.item is None or count == 0)
        )
        items = tuple(
            ItemCoverage(
                ArticleRef(number, None, i),
                tuple(r for r in rules if r.article and r.article.article == number and r.article.item == i),
                _declared(labels, lambda ref, i=i: ref.article == number and ref.item == i),  # noqa: B023 — used at once
            )
            for i in range(1, count + 1)
        )
        declarations = _declared(labels, lambda ref: ref.article == number and (ref.item is None or count == 0))  # noqa: B023
        declaratory = number in DECLARATORY or any(
            m.declaratory and m.label and m.label.ref and m.label.ref.article == number
            for m in rulebook.program.article_meta
        )
        articles.append(ArticleCoverage(number, own, declarations, items, declaratory))
    unlabelled = tuple(r for r in rules if r.article is None)
    out_of_range = tuple(r for r in rules if r.article and not _in_range(r.article))
    return Coverage(tuple(articles), unlabelled, out_of_range, len(scenarios))


def _in_range(ref: ArticleRef) -> bool:
    if not 1 <= ref.article <= ARTICLES:
        return False
    return ref.item is None or ref.item <= ITEM_COUNTS.get(ref.article, 0)


def _rule_groups(program: Program) -> dict[str, tuple]:
    """rule id -> (what the drafter wrote, the compiled rule whose body is its conditions).

    The defeasible layer compiles one written rule into several (#适用, #候选, #受阻, …),
    all with the written rule's span; the #适用 one carries its conditions."""
    variants: dict[str, list[Rule]] = {}
    for rule in program.rules:
        variants.setdefault(rule.id, []).append(rule)
    groups = {}
    for rule_id, rules in variants.items():
        applicable = next((r for r in rules if _role(program, r.head.predicate) == APPLICABLE), None)
        if applicable is not None:
            groups[rule_id] = (program.roles[applicable.head.predicate].rule, applicable)
        else:
            plain = next((r for r in rules if not r.head.predicate.startswith("#")), rules[0])
            groups[rule_id] = (plain, plain)
    return groups


def _place(span) -> tuple:
    return (span.file, span.line, span.column)


def _role(program: Program, predicate: str) -> str | None:
    role = program.roles.get(predicate)
    return role.kind if role else None


def _text(clause) -> str:
    if isinstance(clause, ast.Clause):
        return str(clause)
    prefix = "" if clause.strength == ast.DEFEASIBLE else ast.STRENGTH_ZH[clause.strength] + " "
    if clause.modality:
        prefix += ast.MODALITY_ZH[clause.modality] + " "
    return prefix + str(clause)


def _labels(program: Program) -> list[tuple[ArticleRef, str]]:
    """(label, what) for declarations and rulebook facts that carry a label."""
    found = [(d.article, d.name) for d in program.declarations.values() if d.article and not d.name.startswith("#")]
    found += [(f.article, f"{f.predicate}（事实）") for f in program.facts if f.article]
    return found


def _declared(labels, test) -> tuple[str, ...]:
    return tuple(dict.fromkeys(name for ref, name in labels if test(ref)))


# ---------------------------------------------------------------- rendering


def coverage_text(report: Coverage) -> str:
    lines = [f"条文覆盖（共 {ARTICLES} 条；规则库中的场景 {report.scenario_count} 个）", ""]
    for article in report.articles:
        lines += _article_lines(article)
    if report.unlabelled:
        lines += ["", f"未标条文的规则（{len(report.unlabelled)} 条）"] + _rule_lines(report.unlabelled, "  ")
    if report.out_of_range:
        lines += ["", f"条文标签超出《规定》范围的规则（{len(report.out_of_range)} 条）"]
        lines += _rule_lines(report.out_of_range, "  ", labels=True)
    return "\n".join(lines + [""] + totals_lines(report)) + "\n"


def _article_lines(article: ArticleCoverage) -> list[str]:
    title = str(article.ref)
    parts = []
    if article.declaratory:
        parts.append("宣示性条文，不需要规则")
    if article.labelled:
        rules = article.all_rules()
        tested = sum(1 for r in rules if r.scenarios)
        if rules:
            parts.append(f"规则 {len(rules)} 条（有场景 {tested} 条）")
        declarations = len(article.declarations) + sum(len(i.declarations) for i in article.items)
        if declarations:
            parts.append(f"声明 {declarations} 个")
        if article.items:
            done = sum(1 for i in article.items if i.accounted)
            parts.append(f"各项 {done}/{len(article.items)}")
    elif not article.declaratory:
        parts.append("未处理" + (f"（共 {len(article.items)} 项）" if article.items else ""))
    lines = [f"{title}  {'；'.join(parts)}"]
    lines += _rule_lines(article.rules, "  ")
    if article.items and article.labelled:
        for item in article.items:
            label = f"第（{to_chinese(item.ref.item)}）项"
            if not item.accounted:
                lines.append(f"  {label}  未处理")
                continue
            detail = f"规则 {len(item.rules)} 条" + (f"，声明 {len(item.declarations)} 个" if item.declarations else "")
            lines.append(f"  {label}  {detail}")
            lines += _rule_lines(item.rules, "    ")
    return lines


def _rule_lines(rules, indent: str, labels: bool = False) -> list[str]:
    if not rules:
        return []
    lines = []
    rows = [(r.id, str(r.article), r.text) if labels else (r.id, r.text) for r in rules]
    for row, rule in zip(align(rows), rules):
        lines.append(indent + row)
        lines.append(indent + "    场景：" + _scenario_names(rule))
    return lines


def _scenario_names(rule: RuleCoverage) -> str:
    if not rule.scenarios:
        return "无（没有场景覆盖这条规则）"
    names = list(dict.fromkeys(name for name, _ in rule.scenarios))
    shown = "、".join(f"“{n}”" for n in names[:SHOWN_SCENARIOS])
    return shown + (f" 等 {len(names)} 个" if len(names) > SHOWN_SCENARIOS else "")


def totals_lines(report: Coverage) -> list[str]:
    articles = report.articles
    accounted = [a for a in articles if a.accounted]
    labelled = sum(1 for a in articles if a.labelled)
    declaratory_only = sum(1 for a in articles if a.declaratory and not a.labelled)
    lines = [
        f"条文：{len(accounted)}/{len(articles)} 已处理（有规则或声明 {labelled} 条，宣示性 {declaratory_only} 条）"
    ]
    items = [f"{a.ref} {sum(1 for i in a.items if i.accounted)}/{len(a.items)}" for a in articles if a.items]
    done = sum(1 for a in articles for i in a.items if i.accounted)
    total = sum(len(a.items) for a in articles)
    lines.append(f"项：{done}/{total}（{'，'.join(items)}）")
    rules = report.rules()
    tested = sum(1 for r in rules if r.scenarios)
    lines.append(f"规则：{tested}/{len(rules)} 有场景覆盖")
    missing = [str(a.ref) for a in articles if not a.accounted]
    if missing:
        lines.append(f"未处理的条文：{'、'.join(missing)}")
    untested = [r.id for r in rules if not r.scenarios]
    if untested:
        lines.append(f"没有场景覆盖的规则：{'、'.join(untested)}")
    return lines


def coverage_data(report: Coverage) -> dict:
    def rule(r: RuleCoverage) -> dict:
        return {
            "id": r.id,
            "article": str(r.article) if r.article else None,
            "text": r.text,
            "scenarios": [{"name": n, "where": w} for n, w in r.scenarios],
        }

    rules = report.rules()
    return {
        "articles": [
            {
                "article": str(a.ref),
                "number": a.number,
                "accounted": a.accounted,
                "declaratory": a.declaratory,
                "rules": [rule(r) for r in a.rules],
                "declarations": list(a.declarations),
                "items": [
                    {
                        "item": str(i.ref),
                        "accounted": i.accounted,
                        "rules": [rule(r) for r in i.rules],
                        "declarations": list(i.declarations),
                    }
                    for i in a.items
                ],
            }
            for a in report.articles
        ],
        "unlabelled": [rule(r) for r in report.unlabelled],
        "out_of_range": [rule(r) for r in report.out_of_range],
        "totals": {
            "articles": len(report.articles),
            "accounted": sum(1 for a in report.articles if a.accounted),
            "items": sum(len(a.items) for a in report.articles),
            "items_accounted": sum(1 for a in report.articles for i in a.items if i.accounted),
            "rules": len(rules),
            "rules_exercised": sum(1 for r in rules if r.scenarios),
            "scenarios": report.scenario_count,
        },
    }
