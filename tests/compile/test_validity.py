"""Article metadata: declaratory articles and periods of validity (条文 …)."""

from __future__ import annotations

import datetime
from pathlib import Path

from jiuze import Rulebook
from jiuze.cases.load import case_from_yaml
from jiuze.language.parser import parse_text
from jiuze.reports.data import build_report

REPO = Path(__file__).resolve().parents[2]


def test_article_metadata_parses_in_both_surfaces():
    zh, f1 = parse_text('条文 全部 有效 1999-06-02 至 2016-03-01。 条文 第一条 宣示性 "立法目的"。', "a")
    en, f2 = parse_text('article all valid 1999-06-02 until 2016-03-01. article 第一条 declaratory "立法目的".', "b")
    assert f1 == f2 == [] and zh.statements == en.statements
    whole, first = zh.statements
    assert whole.label is None and whole.in_force(datetime.date(2005, 1, 1))
    assert not whole.in_force(datetime.date(2016, 3, 1)) and not whole.in_force(datetime.date(1999, 6, 1))
    assert first.declaratory and first.note == "立法目的"


def _report(date: str):
    national = Rulebook.load()
    text = (REPO / "examples" / "coerced-confession.yaml").read_text(encoding="utf-8")
    text = text.replace("发生日期: 2005-03-02", f"发生日期: {date}")
    case = case_from_yaml(text, "examples/coerced-confession.yaml", national.program)
    return build_report(national.evaluate(case.facts), case)


def test_report_warns_when_the_conduct_is_outside_the_period_of_validity():
    assert _report("2005-03-02").validity == ()
    late = _report("2017-05-01")
    assert len(late.validity) == 1
    assert "本规则库的有效期为 1999-06-02 至 2016-03-01" in late.validity[0]
    assert "2017-05-01" in late.validity[0]


def test_declaratory_articles_are_accounted_for_by_metadata():
    national = Rulebook.load()
    declared = sorted(m.label.ref.article for m in national.program.article_meta if m.declaratory)
    assert declared == [1, 3, 4, 5, 28, 29, 30]


# ---------------------------------------------------------------- rules with their own period (issue 13, section 3)


def test_a_rule_can_carry_its_own_period_in_both_surfaces_and_round_trips():
    from jiuze.language.printer import format_module

    zh, f1 = parse_text("p(X) 若 q(X) 有效 1999-06-02 至 2013-12-28。", "a")
    en, f2 = parse_text("p(X) :- q(X) valid 1999-06-02 until 2013-12-28.", "b")
    assert f1 == f2 == [] and zh.statements == en.statements
    clause = zh.statements[0]
    assert (clause.valid_from, clause.valid_until) == (datetime.date(1999, 6, 2), datetime.date(2013, 12, 28))
    again, f3 = parse_text(format_module(zh), "c")
    assert f3 == [] and again.statements == zh.statements
    rule = Rulebook.from_text(
        "谓词 p(x)。 谓词 q(x)。 p(X) 若 q(X) 有效 1999-06-02 至 2013-12-28。", "r.jz"
    ).program.rules[0]
    assert rule.in_force(datetime.date(2013, 12, 27)) and not rule.in_force(datetime.date(2013, 12, 28))


def _measure_report(measure: str, date: str):
    national = Rulebook.load()
    text = f"案件: 案5\n发生日期: {date}\n人员:\n  - 姓名: 张三\n    角色: [办案人]\n    过错: 过失\n"
    text += f"    行为:\n      - 违法采取限制人身自由措施: {measure}\n"
    case = case_from_yaml(text, "案5.yaml", national.program)
    return build_report(national.evaluate(case.facts), case)


def test_re_education_through_labour_ended_on_2013_12_28_for_that_measure_only():
    late = _measure_report("劳动教养", "2014-05-01")
    assert len(late.validity) == 1
    note = late.validity[0]
    assert note.startswith("应当追究(张三, 案5)") and "第六条第（八）项" in note
    assert "有效期为 1999-06-02 至 2013-12-28" in note and "2014-05-01" in note
    assert _measure_report("劳动教养", "2013-12-27").validity == ()
    # 收容教育 under the same item is not affected.
    assert _measure_report("收容教育", "2014-05-01").validity == ()


def test_an_overlays_rules_are_in_force_from_its_effective_date():
    province = Rulebook.load(REPO / "logic" / "provinces" / "example-province")
    for date, flagged in (("1999-08-01", True), ("2000-01-01", False)):
        text = f"案件: 省案1\n发生日期: {date}\n人员:\n  - 姓名: 甲\n    过错: 过失\n    行为: [不按规定受案登记]\n"
        case = case_from_yaml(text, "省案1.yaml", province.program)
        notes = build_report(province.evaluate(case.facts), case).validity
        assert any("自 2000-01-01 起施行" in n and "第六条第（十七）项" in n for n in notes) == flagged


def test_conduct_before_an_overlays_effective_date_is_reported_under_the_base(tmp_path):
    from jiuze.reports.validity import build_dated_report

    province = Rulebook.load(REPO / "logic" / "provinces" / "example-province")
    text = (
        "案件: 省案1\n发生日期: {}\n人员:\n  - 姓名: 甲\n    过错: 过失\n    行为: [不按规定受案登记, 违规收取费用]\n"
    )
    early = case_from_yaml(text.format("1999-08-01"), "省案1.yaml", province.program)
    report = build_dated_report(province, early)
    assert report.overlay is None  # the national rules applied
    assert "施行日期 2000-01-01 之前：适用全国规定" in report.validity[0]
    assert (
        "只有《某省公安机关人民警察执法过错责任追究实施办法（示例）》声明的事实未使用：不按规定受案登记"
        in report.validity[0]
    )
    items = [str(a) for p in report.persons for s in p.summaries for a in s.articles]
    assert items == ["第六条第（十）项"]  # not the province's 第（十七）项
    late = case_from_yaml(text.format("2000-01-01"), "省案1.yaml", province.program)
    report = build_dated_report(province, late)
    assert report.overlay is not None and not any("适用全国规定" in n for n in report.validity)
    assert "第六条第（十七）项" in [str(a) for p in report.persons for s in p.summaries for a in s.articles]


def test_the_formatter_keeps_a_rules_period():
    from jiuze.language.layout import format_text

    text = "p(X) :- q(X) valid 1999-06-02 until 2013-12-28.\n"
    formatted = format_text(text)
    assert "p(X) 若 q(X) 有效 1999-06-02 至 2013-12-28。" in formatted
    assert format_text(formatted) == formatted
