"""The report summary (issue 13 §4): a person with no role still gets a row; a headline cites
every item of its article that holds, not only the one in its shortest proof."""

from __future__ import annotations

from jiuze import Rulebook
from jiuze.cases.load import load_any_case
from jiuze.reports.data import build_report
from jiuze.reports.report_text import summary_rows

CASE = """人民警察(张三)。 执行职务(张三, 案1)。 主观过错(张三, 案1, 过失)。 违规收取费用(张三, 案1)。
人民警察(李四)。 办案人(李四, 案1)。 执行职务(李四, 案1)。 主观过错(李四, 案1, 过失)。 违规收取费用(李四, 案1)。
及时纠正(李四, 案1)。 主动承认错误(李四, 案1)。 情节轻微(李四, 案1)。
人民警察(王五)。 执行职务(王五, 案1)。 执行上级命令(王五, 案1)。
"""


def _report(tmp_path):
    path = tmp_path / "case.jz"
    path.write_text(CASE, encoding="utf-8")
    book = Rulebook.load()
    case = load_any_case(str(path), book.program)
    return build_report(book.evaluate(case.facts), case)


def test_person_without_role_or_conclusion_gets_a_row(tmp_path):
    rows = summary_rows(_report(tmp_path))
    assert [r[0] for r in rows[1:]] == ["李四", "张三", "王五"]
    wang = next(r for r in rows if r[0] == "王五")
    assert wang[1:4] == ("案1", "—", "否")


def test_headline_cites_every_item_that_holds(tmp_path):
    report = _report(tmp_path)
    li = next(p for p in report.persons if p.name == "李四")
    (summary,) = li.summaries
    lighter = next(c for c in summary.headlines if c.atom.predicate == "从轻追究")
    assert [str(a) for a in lighter.basis] == ["第二十三条第（二）项", "第二十三条第（四）项"]
    row = next(r for r in summary_rows(report) if r[0] == "李四")
    assert "从轻追究（第二十三条第（二）（四）项；可以）" in row[4]
