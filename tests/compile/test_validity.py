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
