"""`jiuze vocab` (input predicates) and `jiuze coverage` (articles → rules → scenarios)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from jiuze import Rulebook
from jiuze.cases.vocabulary import format_articles, vocab_data, vocab_text, vocabulary
from jiuze.cli.main import main
from jiuze.cli.reports import COMMANDS
from jiuze.language.source import display_width
from jiuze.reports.coverage import ARTICLES, DECLARATORY, ITEM_COUNTS, coverage, coverage_data, coverage_text

for _command in COMMANDS:  # until cli.main registers them itself
    if _command.name not in main.commands:
        main.add_command(_command)

RULES = """
谓词 办案人(警察, 案件) 读作 "{警察}是{案件}的办案人"。
谓词 刑讯逼供(警察, 案件) 读作 "{警察}在{案件}中刑讯逼供"。
谓词 逼供(警察, 案件) 读作 "{警察}在{案件}中逼供"。
谓词 情节恶劣(警察, 案件) 读作 "{警察}在{案件}中情节恶劣"。
谓词 应当追究(警察, 案件) 读作 "应当追究{警察}"。
谓词 从重追究(警察, 案件)。
谓词 标记(警察)。
第六条第（二）项 逼供(P, C) 若 刑讯逼供(P, C)。
第六条第（二）项 应当追究(P, C) 若 办案人(P, C)，逼供(P, C)。
第二十四条第（五）项 从重追究(P, C) 若 应当追究(P, C)，情节恶劣(P, C)。
第六条第（十七）项 标记(P) 若 办案人(P, _)。
标记(P) 若 情节恶劣(P, _)。
第一条 谓词 宗旨(内容)。
场景 "逼供" ｛ 办案人(张三, 案1)。 逼供(张三, 案1)。 应有：应当追究(张三, 案1)。 ｝
场景 "刑讯逼供、情节恶劣" ｛ 办案人(张三, 案1)。 刑讯逼供(张三, 案1)。 情节恶劣(张三, 案1)。 应有：从重追究(张三, 案1)。 ｝
"""


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def book():
    return Rulebook.from_text(RULES, "rules.jz")


# ---------------------------------------------------------------- vocab


def test_vocab_lists_inputs_with_the_articles_that_use_them(book):
    entries = {e.predicate: e for e in vocabulary(book.program)}
    assert list(entries) == ["办案人", "刑讯逼供", "逼供", "情节恶劣", "宗旨"]  # declaration order
    assert entries["逼供"].also_derived and not entries["办案人"].also_derived  # 逼供 若 刑讯逼供: still an input
    assert "应当追究" not in entries and "标记" not in entries
    assert format_articles(entries["办案人"].articles) == "第六条第（二）（十七）项"
    assert format_articles(entries["情节恶劣"].articles) == "第二十四条第（五）项"
    assert entries["宗旨"].articles == ()
    assert entries["逼供"].params == ("警察", "案件")


def test_vocab_text_is_aligned_by_display_width(book):
    lines = vocab_text(vocabulary(book.program)).splitlines()
    table = [line for line in lines[2:] if line and not line.startswith("共")]
    starts = {display_width(line[: line.index("第")]) if "第" in line else None for line in table} - {None}
    assert len(starts) == 1, lines  # the article column starts at the same terminal column everywhere
    assert all(line == line.rstrip() for line in lines)
    assert "逼供(警察, 案件)*" in vocab_text(vocabulary(book.program))


def test_vocab_of_the_national_rulebook(repo):
    entries = {e.predicate: e for e in vocabulary(Rulebook.load().program)}
    assert {"人民警察", "办案人", "逼供", "违反法定程序", "主观过错"} <= set(entries)
    assert not {"应当追究", "执法过错情形", "执法过错", "有故意或过失"} & set(entries)
    assert "第六条第（二）项" in format_articles(entries["逼供"].articles)
    data = vocab_data(list(entries.values()))
    assert json.loads(json.dumps(data))["predicates"][0]["predicate"] == "人民警察"


def test_vocab_command(tmp_path):
    rules = tmp_path / "rules.jz"
    rules.write_text(RULES, encoding="utf-8")
    text = run("vocab", "--rules", rules)
    assert text.exit_code == 0 and "办案人(警察, 案件)" in text.output
    data = run("vocab", "--rules", rules, "--format", "json")
    assert data.exit_code == 0
    assert [p["predicate"] for p in json.loads(data.output)["predicates"]][:2] == ["办案人", "刑讯逼供"]
    assert run("vocab", "--rules", tmp_path / "missing").exit_code == 2


# ---------------------------------------------------------------- coverage


def test_coverage_maps_articles_to_rules_and_scenarios(book):
    report = coverage(book)
    assert len(report.articles) == ARTICLES and report.scenario_count == 2
    sixth = report.articles[5]
    assert sixth.number == 6 and len(sixth.items) == ITEM_COUNTS[6]
    second = sixth.items[1]
    assert [r.id for r in second.rules] == ["rules.jz:9", "rules.jz:10"]
    exercised = {r.id: [name for name, _ in r.scenarios] for r in second.rules}
    assert exercised == {"rules.jz:9": ["刑讯逼供、情节恶劣"], "rules.jz:10": ["逼供", "刑讯逼供、情节恶劣"]}
    assert [i.accounted for i in sixth.items].count(True) == 1
    twenty_fourth = report.articles[23]
    assert [r.scenarios[0][0] for r in twenty_fourth.items[4].rules] == ["刑讯逼供、情节恶劣"]
    assert [r.id for r in report.out_of_range] == ["rules.jz:12"]  # 第六条第（十七）项 does not exist
    assert [r.id for r in report.unlabelled] == ["rules.jz:13"]
    assert report.articles[0].declarations == ("宗旨",) and report.articles[0].declaratory


def test_coverage_totals(book):
    text = coverage_text(coverage(book))
    accounted = len(DECLARATORY | {6, 24})
    assert f"条文：{accounted}/30 已处理" in text
    assert "项：2/38（第六条 1/16，第十四条 0/4，第十六条 0/9，第二十三条 0/4，第二十四条 1/5）" in text
    assert "规则：5/5 有场景覆盖" in text
    assert "第一条  宣示性条文，不需要规则；声明 1 个" in text
    assert "第六条第（十七）项" in text.split("条文标签超出")[1]
    assert "第九条  未处理" in text
    assert "第一条  宣示性条文" in text
    data = coverage_data(coverage(book))
    assert data["totals"]["accounted"] == accounted


def test_coverage_of_the_national_rulebook():
    report = coverage(Rulebook.load())
    sixth = report.articles[5]
    assert all(item.accounted for item in sixth.items)  # 第六条 16/16
    assert all(report.articles[n - 1].accounted for n in DECLARATORY | {2, 6, 7, 8})
    assert "第六条 16/16" in coverage_text(report)


def test_coverage_command(tmp_path):
    rules = tmp_path / "rules.jz"
    rules.write_text(RULES, encoding="utf-8")
    result = run("coverage", "--rules", rules)
    assert result.exit_code == 0 and "/30 已处理" in result.output
    data = run("coverage", "--rules", rules, "--format", "json")
    assert data.exit_code == 0 and json.loads(data.output)["totals"]["articles"] == 30
    bad = tmp_path / "bad.jz"
    bad.write_text("谓词 p(x)\n", encoding="utf-8")
    assert run("coverage", "--rules", bad).exit_code == 2
