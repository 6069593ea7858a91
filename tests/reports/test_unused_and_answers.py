"""Issue 13 §1 (未引出结论的陈述: nothing stated is silently dropped) and §5 (each person leads
with the answers; intermediate conclusions folded into the proofs, kept in JSON)."""

from __future__ import annotations

import json

import pytest

from jiuze import Fact, Rulebook
from jiuze.cases.facts_file import Case
from jiuze.cases.load import load_any_case
from jiuze.explain.arguments import DEFEATED
from jiuze.reports.data import build_report, report_data
from jiuze.reports.jsondoc import dumps
from jiuze.reports.report_markdown import report_markdown
from jiuze.reports.report_text import report_text, split_conclusions

NATIONAL_CASE = """人民警察(张三)。 办案人(张三, 案1)。 执行职务(张三, 案1)。 主观过错(张三, 案1, 过失)。 逼供(张三, 案1)。
人民警察(王五)。 执行职务(王五, 案1)。 执行上级命令(王五, 案1)。
国家赔偿(案1)。
"""

RULES = """
谓词 办案人(警察, 案件) 读作 "{警察}是{案件}的办案人"。
谓词 逼供(警察, 案件) 读作 "{警察}在{案件}中逼供"。
谓词 主动纠正(警察, 案件) 读作 "{警察}主动纠正了{案件}中的错误"。
谓词 情节恶劣(警察, 案件) 读作 "{警察}在{案件}中情节恶劣"。
谓词 备注(案件, 内容) 读作 "{案件}的备注：{内容}"。
谓词 执法过错情形(警察, 案件, 项) 读作 "{警察}在{案件}中有第六条第（{项:中文}）项的情形"。
谓词 应当追究(警察, 案件) 读作 "应当追究{警察}在{案件}中的责任"。
谓词 从重追究(警察, 案件) 读作 "从重追究{警察}"。
谓词 从轻追究(警察, 案件) 读作 "从轻追究{警察}"。

互斥 从重追究(P, C) 与 从轻追究(P, C)。
第二十四条 优先于 第二十三条。

第六条 应当追究(P, C) 若 执法过错情形(P, C, _)。
第六条第（二）项 执法过错情形(P, C, 2) 若 办案人(P, C)，逼供(P, C)。
第二十三条 可以 从轻追究(P, C) 若 应当追究(P, C)，主动纠正(P, C)。
第二十四条 应当 从重追究(P, C) 若 应当追究(P, C)，情节恶劣(P, C)。
"""


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    path = tmp_path_factory.mktemp("case") / "case.jz"
    path.write_text(NATIONAL_CASE, encoding="utf-8")
    book = Rulebook.load()
    case = load_any_case(str(path), book.program)
    return build_report(book.evaluate(case.facts), case, file="case.jz")


@pytest.fixture(scope="module")
def small():
    rows = [
        ("办案人", "甲", "案1"),
        ("逼供", "甲", "案1"),
        ("主动纠正", "甲", "案1"),
        ("情节恶劣", "甲", "案1"),
        ("备注", "案1", "无"),
    ]
    book = Rulebook.from_text(RULES, "rules.jz")
    case = Case("测试案", tuple(Fact(r[0], r[1:], f"case.jz:{i}") for i, r in enumerate(rows, 1)))
    return build_report(book.evaluate(case.facts), case, file="case.jz")


def _unused(report):
    return {str(u.fact.predicate) + str(u.fact.values): u for u in report.unused}


# ---------------------------------------------------------------- §1


def test_used_facts_are_not_listed(national):
    listed = _unused(national)
    assert "逼供('张三', '案1')" not in listed
    assert "主观过错('张三', '案1', '过失')" not in listed


def test_an_order_followed_without_fault_says_why(national):
    item = _unused(national)["执行上级命令('王五', '案1')"]
    (why,) = item.why
    assert why.rule.article is not None and str(why.rule.article) == "第十四条第（三）项"
    # 王五 has no role, no act and no error in 案1: the order he followed is not connected to the error
    # (解读 19: 第十四条 reaches a person connected to the error, whether or not at fault).
    assert why.premises[0].atom.predicate == "涉及错误"
    leaf = why.premises[0].premises[0]
    assert leaf.kind == "missing"


def test_state_compensation_without_recovery_cites_article_19(national):
    # 张三 is liable with ordinary negligence: the report says why recovery does not follow (解读 27),
    # so 国家赔偿 is used by that answer and is no longer unexplained.
    assert "国家赔偿('案1',)" not in _unused(national)
    (person,) = [p for p in national.persons if p.name == "张三"]
    (reason,) = [c for c in person.conclusions if c.atom.predicate == "不予追偿"]
    assert reason.atom.values[2] == "过错只是一般过失或者轻微过失"
    assert [str(a) for a in reason.basis] == ["第十九条"]


def test_a_displaced_rule_names_the_rule_that_won(small):
    item = _unused(small)["主动纠正('甲', '案1')"]
    (why,) = item.why
    assert why.kind == DEFEATED
    assert [str(p.rule.article) for p in why.premises] == ["第二十四条"]


def test_a_fact_no_rule_reads_says_so(small):
    item = _unused(small)["备注('案1', '无')"]
    assert item.why == ()
    assert "规则库中没有规则读取这一事实" in report_text(small)


def test_the_section_in_all_three_formats(national):
    text = report_text(national)
    assert "、未引出结论的陈述" in text and "执行上级命令(王五, 案1)" in text
    assert "未引出结论的陈述：见“未引出结论的陈述”第" in text  # pointer from 王五's section
    markdown = report_markdown(national)
    assert "## 未引出结论的陈述" in markdown
    data = json.loads(dumps(report_data(national)))
    facts = [u["fact"] for u in data["unused_statements"]]
    assert "执行上级命令(王五, 案1)" in facts and "逼供(张三, 案1)" not in facts
    entry = next(u for u in data["unused_statements"] if u["fact"] == "执行上级命令(王五, 案1)")
    assert entry["read_by"][0]["rule"]["article"] == "第十四条第（三）项"


# ---------------------------------------------------------------- §5


def test_each_person_leads_with_answers_and_folds_intermediate_steps(national):
    zhang = next(p for p in national.persons if p.name == "张三")
    answers, rest = split_conclusions(zhang.conclusions)
    assert answers[0].atom.predicate == "应当追究"
    assert all(not c.intermediate for c in answers)
    assert {"执法过错情形", "执法过错责任人员"} <= {c.atom.predicate for c in zhang.conclusions if c.intermediate}
    assert "执法过错情形" not in {c.atom.predicate for c in rest}  # it is inside 应当追究's proof
    text = report_text(national)
    section = text[text.index("（一）张三") : text.index("（二）王五")]
    lead = section[: section.index("结论（中间结论见各证明）")]
    assert "应当追究：是，依据 第六条第（二）项" in lead
    assert "可选处理：辞退、限期调离公安机关" in lead  # measures, in the regulation's order
    numbered = [line.strip() for line in section.splitlines() if line.strip()[:2].rstrip(".").isdigit()]
    assert not any(line.split(". ", 1)[1].startswith("执法过错情形(") for line in numbered if ". " in line)


def test_json_keeps_every_conclusion_marked(national):
    data = report_data(national)
    zhang = next(p for p in data["persons"] if p["name"] == "张三")
    marks = {c["predicate"]: c["intermediate"] for c in zhang["conclusions"]}
    assert marks["应当追究"] is False and marks["做出处理"] is False
    assert marks["执法过错情形"] is True and marks["执法过错责任人员"] is True
    answers = zhang["summary"][0]["answers"]
    assert answers and all(a["predicate"] != "应当追究" for a in answers)


def test_mitigation_and_aggravation_lead_with_their_modality(small):
    text = report_text(small)
    assert "从重追究甲（依据 第二十四条；应当）" in text


def test_a_prohibition_is_printed_with_its_modality(tmp_path):
    path = tmp_path / "unit.jz"
    path.write_text(
        "人民警察(张三)。 执行职务(张三, 案1)。 主观过错(张三, 案1, 故意)。 逼供(张三, 案1)。\n"
        # 严重执法过错 is derived (docs/vocabulary.md 解读 29): here from the serious consequence.
        "所属单位(张三, 东城分局)。 过错年度(案1, 2005)。 造成严重后果(张三, 案1)。\n",
        encoding="utf-8",
    )
    book = Rulebook.load()
    case = load_any_case(str(path), book.program)
    text = report_text(build_report(book.evaluate(case.facts), case))
    line = next(line for line in text.splitlines() if ". 评为先进集体(东城分局, 2005)：" in line)
    assert "不得" in line.split("：", 1)[1]


def test_a_fault_with_no_act_and_no_error_type_says_why_it_leads_nowhere(tmp_path):
    path = tmp_path / "fault.jz"
    path.write_text("人民警察(张三)。 执行职务(张三, 案1)。 主观过错(张三, 案1, 故意)。\n", encoding="utf-8")
    book = Rulebook.load()
    case = load_any_case(str(path), book.program)
    report = build_report(book.evaluate(case.facts), case)
    item = _unused(report)["主观过错('张三', '案1', '故意')"]
    first = item.why[0]
    assert first.kind == "holds" and first.atom.predicate == "有故意或过失"
    leaves = []

    def walk(node):
        leaves.append(node) if not node.premises else [walk(p) for p in node.premises]

    walk(first)
    assert {"适用法律错误"} <= {n.atom.predicate for n in leaves if n.kind == "missing"}
