"""“Did you mean” (issue 13 §4): one implementation for acts, roles, facts and queries;
internal `#…` relations are never offered."""

from __future__ import annotations

from click.testing import CliRunner

from jiuze.cli.main import main
from jiuze.cli.reports import COMMANDS
from jiuze.language.spelling import did_you_mean

for _command in COMMANDS:
    if _command.name not in main.commands:
        main.add_command(_command)


def _report(path):
    return CliRunner().invoke(main, ["report", str(path)])


def test_the_two_misspellings_of_the_issue():
    assert did_you_mean("逼共", ["刑讯逼供", "逼供", "执行职务", "#候选逼供"]) == ["逼供"]
    assert did_you_mean("审查人", ["办案人", "审核人", "审批人", "鉴定人"])[0] == "审核人"
    assert did_you_mean("逼共", ["#逼供"]) == []


def test_mistyped_act_and_role_in_a_structured_case(tmp_path):
    case = tmp_path / "typo.yaml"
    case.write_text(
        "案件: 案1\n人员:\n  - 姓名: 张三\n    角色: [办案人]\n    过错: 故意\n    行为: [逼共]\n"
        "  - 姓名: 李四\n    角色: [审查人]\n",
        encoding="utf-8",
    )
    result = _report(case)
    assert result.exit_code == 2
    assert "是否想写“逼供”？" in result.output
    assert "是否想写“审核人”" in result.output
    assert "#" not in result.output.replace("#人员", "")


def test_mistyped_fact_never_lists_internal_relations(tmp_path):
    case = tmp_path / "typo.jz"
    case.write_text("逼共(张三, 案1)。\n", encoding="utf-8")
    result = _report(case)
    assert result.exit_code == 2
    assert "是否想写“逼供”？" in result.output
    assert "#胜" not in result.output and "#候选" not in result.output


def test_mistyped_query_predicate(repo):
    result = CliRunner().invoke(main, ["why-not", str(repo / "examples/coerced-confession.jz"), "应当退究(P, C)"])
    assert result.exit_code == 2
    assert "是否想写“应当追究”" in result.output
