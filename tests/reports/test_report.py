"""Per-person case reports: goldens for the examples, exclusions, conflicts, the command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from jiuze import Fact, Rulebook
from jiuze.cli.main import main
from jiuze.cli.reports import COMMANDS
from jiuze.reports.data import build_report, report_data
from jiuze.reports.report_markdown import report_markdown
from jiuze.reports.report_text import report_text

HERE = Path(__file__).parent / "report"

for _command in COMMANDS:  # until cli.main registers them itself
    if _command.name not in main.commands:
        main.add_command(_command)


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def in_repo(repo, monkeypatch):
    """Run from the repository root, so case files are named relatively in the output."""
    monkeypatch.chdir(repo)
    return repo


@pytest.mark.parametrize(
    "case,fmt,golden_name",
    [
        ("examples/coerced-confession.jz", "text", "coerced-confession.jz.txt"),
        ("examples/coerced-confession.jz", "json", "coerced-confession.jz.json"),
        ("examples/coerced-confession.yaml", "text", "coerced-confession.yaml.txt"),
        ("examples/coerced-confession.yaml", "markdown", "coerced-confession.yaml.md"),
    ],
)
def test_report_golden(in_repo, golden, case, fmt, golden_name):
    result = run("report", "--format", fmt, case)
    assert result.exit_code == 0, result.output
    assert str(in_repo) not in result.output  # no absolute paths
    if fmt == "json":
        json.loads(result.output)
    golden(HERE / golden_name, result.output)


def test_fact_file_and_yaml_give_the_same_conclusions(in_repo):
    book = Rulebook.load()
    from jiuze.cases.load import load_any_case

    reports = []
    for name in ["examples/coerced-confession.jz", "examples/coerced-confession.yaml"]:
        case = load_any_case(name, book.program)
        reports.append(build_report(book.evaluate(case.facts), case))
    shapes = [
        [(p.name, [str(c.atom) for c in p.conclusions], [(s.case, s.liable) for s in p.summaries]) for p in r.persons]
        for r in reports
    ]
    assert shapes[0] == shapes[1]
    liable = {p.name: p.summaries[0] for p in reports[1].persons}
    assert liable["张三"].liable and [str(a) for a in liable["张三"].articles] == ["第六条第（二）项"]
    assert not liable["李四"].liable and not liable["王五"].liable
    assert [(p.name, p.unit) for p in reports[1].persons] == [
        ("张三", "某派出所"),
        ("李四", "某派出所"),
        ("王五", "某市公安局"),
    ]


def test_report_is_deterministic(in_repo):
    first = run("report", "--format", "json", "examples/three-roles-at-fault.jz")
    second = run("report", "--format", "json", "examples/three-roles-at-fault.jz")
    assert first.exit_code == 0 and first.output == second.output


# ---------------------------------------------------------------- exclusions, modality, conflicts

RULES = """
谓词 办案人(警察, 案件) 读作 "{警察}是{案件}的办案人"。
谓词 逼供(警察, 案件) 读作 "{警察}在{案件}中逼供"。
谓词 法律规定不明确(案件) 读作 "{案件}所涉法律规定不明确"。
谓词 主动纠正(警察, 案件) 读作 "{警察}主动纠正了{案件}中的错误"。
谓词 情节恶劣(警察, 案件) 读作 "{警察}在{案件}中情节恶劣"。
谓词 执法过错情形(警察, 案件, 项) 读作 "{警察}在{案件}中有第六条第（{项:中文}）项的情形"。
谓词 应当追究(警察, 案件) 读作 "应当追究{警察}在{案件}中的责任"。
谓词 不予追究(警察, 案件) 读作 "不追究{警察}在{案件}中的责任"。
谓词 从重追究(警察, 案件) 读作 "从重追究{警察}"。
谓词 从轻追究(警察, 案件) 读作 "从轻追究{警察}"。
谓词 发生执法过错(案件) 读作 "{案件}发生执法过错"。

互斥 应当追究(P, C) 与 不予追究(P, C)。
互斥 从重追究(P, C) 与 从轻追究(P, C)。
第十四条 优先于 第六条。
第二十四条 优先于 第二十三条。

第六条 应当追究(P, C) 若 执法过错情形(P, C, _)。
第六条第（二）项 执法过错情形(P, C, 2) 若 办案人(P, C)，逼供(P, C)。
第十四条第（一）项 不予追究(P, C) 若 办案人(P, C)，法律规定不明确(C)。
第二十三条 可以 从轻追究(P, C) 若 应当追究(P, C)，主动纠正(P, C)。
第二十四条 应当 从重追究(P, C) 若 应当追究(P, C)，情节恶劣(P, C)。
第七条 发生执法过错(C) 若 执法过错情形(_, C, _)。
"""


@pytest.fixture(scope="module")
def report():
    book = Rulebook.from_text(RULES, "rules.jz")
    rows = [
        ("办案人", "甲", "案1"),
        ("逼供", "甲", "案1"),
        ("主动纠正", "甲", "案1"),
        ("情节恶劣", "甲", "案1"),
        ("办案人", "乙", "案2"),
        ("逼供", "乙", "案2"),
        ("法律规定不明确", "案2"),
        ("办案人", "丙", "案1"),
    ]
    from jiuze.cases.facts_file import Case

    case = Case("测试案", tuple(Fact(r[0], r[1:], f"case.jz:{i}") for i, r in enumerate(rows, 1)))
    return build_report(book.evaluate(case.facts), case, file="case.jz")


def test_persons_in_order_with_summaries(report):
    assert [p.name for p in report.persons] == ["甲", "乙", "丙"]
    assert report.case_ids == ("案1", "案2")
    jia, yi, bing = report.persons
    assert [(s.case, s.liable, [str(a) for a in s.articles]) for s in jia.summaries] == [
        ("案1", True, ["第六条第（二）项"])
    ]
    assert [str(c.atom) for c in jia.summaries[0].headlines] == ["从重追究(甲, 案1)"]
    assert [(s.case, s.liable, [str(a) for a in s.excluded_by]) for s in yi.summaries] == [
        ("案2", False, ["第十四条第（一）项"])
    ]
    assert [(s.case, s.liable) for s in bing.summaries] == [("案1", False)]
    assert bing.conclusions == ()


def test_conclusions_carry_modality_basis_and_proof(report):
    jia = report.persons[0]
    by_atom = {str(c.atom): c for c in jia.conclusions}
    assert list(by_atom) == ["应当追究(甲, 案1)", "执法过错情形(甲, 案1, 2)", "从重追究(甲, 案1)"]
    heavier = by_atom["从重追究(甲, 案1)"]
    assert heavier.modality == "required"
    assert [str(a) for a in heavier.basis] == ["第二十四条"]
    assert heavier.proof.kind == "derived"
    assert [str(a) for a in by_atom["应当追究(甲, 案1)"].basis] == ["第六条第（二）项"]


def test_displaced_conclusions_and_conflicts_are_listed_under_the_person(report):
    jia, yi, _ = report.persons
    assert [(str(e.atom), [str(a) for a in e.by]) for e in jia.excluded] == [("从轻追究(甲, 案1)", ["第二十四条"])]
    assert [(str(c.required.atom), str(c.permitted.atom), c.winner) for c in jia.conflicts] == [
        ("从重追究(甲, 案1)", "从轻追究(甲, 案1)", "required")
    ]
    assert [(str(e.atom), [str(a) for a in e.by]) for e in yi.excluded] == [
        ("应当追究(乙, 案2)", ["第十四条第（一）项"])
    ]
    assert [str(c.atom) for c in yi.conclusions] == ["不予追究(乙, 案2)", "执法过错情形(乙, 案2, 2)"]


def test_case_level_conclusions(report):
    assert [(c.id, [str(x.atom) for x in c.conclusions]) for c in report.cases] == [
        ("案1", ["发生执法过错(案1)"]),
        ("案2", ["发生执法过错(案2)"]),
    ]


def test_text_markdown_and_json_renderings(report):
    text = report_text(report)
    assert "【案2】应当追究：否：第六条 的条件成立，但被 第十四条第（一）项 排除" in text
    assert "从重追究甲（依据 第二十四条；应当）" in text
    assert "冲突：从重追究(甲, 案1)（应当）与 从轻追究(甲, 案1)（可以）互斥" in text
    assert 'jiuze why-not case.jz "应当追究(丙, 案1)"' in text
    # 执法过错情形 is intermediate: shown inside 应当追究's proof, not listed as a conclusion of its own
    assert "执法过错情形(甲, 案1, 2)：甲在案1中" in text
    assert "2. 执法过错情形(甲, 案1, 2)" not in text and "1. 应当追究(甲, 案1)" in text
    assert "2. 从重追究(甲, 案1)" in text
    markdown = report_markdown(report)
    assert "| 乙 | 案2 | 办案人 | 否（被 第十四条第（一）项 排除） |" in markdown
    data = report_data(report)
    assert [p["name"] for p in data["persons"]] == ["甲", "乙", "丙"]
    assert data["persons"][0]["conclusions"][2]["modality"] == "required"
    # JSON keeps every conclusion, the intermediate ones marked
    assert [c["intermediate"] for c in data["persons"][0]["conclusions"]] == [False, True, False]
    assert data["persons"][1]["excluded"][0]["excluded_by"] == ["第十四条第（一）项"]


# ---------------------------------------------------------------- the command


def test_report_help_has_an_example():
    for command in ["report", "vocab", "coverage"]:
        result = run(command, "--help")
        assert result.exit_code == 0
        assert "例：" in result.output


def test_report_of_a_bad_case_exits_2_with_located_messages(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("案件: 案1\n人员:\n  - 姓名: 张三\n    角色: [审查人]\n", encoding="utf-8")
    result = run("report", bad)
    assert result.exit_code == 2
    assert "人员[0].角色[0]（第 4 行）：未知角色“审查人”" in result.output
    assert run("report", tmp_path / "missing.yaml").exit_code == 2


def test_exclusion_by_article_14_names_the_item(in_repo):
    from jiuze.cases.load import load_any_case

    book = Rulebook.load()
    case = load_any_case("examples/superior-order.jz", book.program)
    summary = build_report(book.evaluate(case.facts), case).persons[0].summaries[0]
    assert summary.liable is False
    assert [str(a) for a in summary.excluded_by] == ["第十四条第（三）项"]
    assert [str(c.atom) for c in summary.headlines] == ["不予追究(张三, 案14)"]
