"""The command line, through click's CliRunner: output, exit codes, bad input."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from jiuze.cli.main import main

RULES = """
谓词 办案人(警察, 案件) 读作 "{警察}是{案件}的办案人"。
谓词 刑讯逼供(警察, 案件) 读作 "{警察}在{案件}中刑讯逼供"。
谓词 应当追究(警察, 案件) 读作 "应当追究{警察}在{案件}中的执法过错责任"。
第六条第（二）项 应当追究(P, C) 若 办案人(P, C)，刑讯逼供(P, C)。
场景 "逼供应当追究" ｛
  办案人(张三, 案1)。 刑讯逼供(张三, 案1)。
  应有：应当追究(张三, 案1)。
｝
"""


@pytest.fixture
def files(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "rules.jz").write_text(RULES, encoding="utf-8")
    case = tmp_path / "case.jz"
    case.write_text("办案人(张三, 案1)。\n刑讯逼供(张三, 案1)。\n办案人(李四, 案1)。\n", encoding="utf-8")
    return tmp_path, rules, case


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_every_command_has_help_with_an_example():
    for command in ["check", "query", "explain", "test"]:
        result = run(command, "--help")
        assert result.exit_code == 0
        assert "例：" in result.output


def test_query_lists_sorted_bindings(files):
    _, rules, case = files
    result = run("query", "--rules", rules, case, "办案人(P, C)")
    assert result.exit_code == 0
    assert result.stdout == "P = 张三，C = 案1\nP = 李四，C = 案1\n"
    assert result.stderr.startswith(f"规则库：rules（{rules}，摘要 ")  # which rulebook, off the pipeable answer


def test_explain_text_cites_article_and_case_lines(files):
    _, rules, case = files
    result = run("explain", "--rules", rules, case, "应当追究(P, C)")
    assert result.exit_code == 0
    assert "依据 第六条第（二）项" in result.output
    assert f"来源：{case}:1" in result.output


def test_explain_json_is_valid_and_deterministic(files):
    _, rules, case = files
    first = run("explain", "--rules", rules, "--format", "json", case, "应当追究(P, C)")
    second = run("explain", "--rules", rules, "--format", "json", case, "应当追究(P, C)")
    assert first.output == second.output
    data = json.loads(first.output)
    assert data["explanations"][0]["proof"]["rule"]["article"] == "第六条第（二）项"


def test_explain_of_what_does_not_hold_exits_1(files):
    _, rules, case = files
    result = run("explain", "--rules", rules, case, "应当追究(李四, 案1)")
    assert result.exit_code == 1
    assert "不成立" in result.output


def test_test_command_runs_scenarios(files):
    _, rules, _ = files
    result = run("test", "--rules", rules)
    assert result.exit_code == 0
    assert "[通过] 逼供应当追究" in result.output
    assert "1 passed, 0 failed" in result.output


def test_failing_scenario_exits_1(files):
    _, rules, _ = files
    (rules / "more.jz").write_text(
        '场景 "错误的期望" ｛ 办案人(王五, 案9)。 应有：应当追究(王五, 案9)。 ｝', encoding="utf-8"
    )
    result = run("test", "--rules", rules)
    assert result.exit_code == 1
    assert "✗ 应有 应当追究(王五, 案9)：实际不成立" in result.output


def test_bad_rule_file_exits_2_with_located_message(files):
    _, rules, case = files
    (rules / "broken.jz").write_text("应当追究(P, C) 若 办案人(P C)。\n", encoding="utf-8")
    result = run("query", "--rules", rules, case, "应当追究(P, C)")
    assert result.exit_code == 2
    assert "broken.jz:1:" in result.output and "语法错误" in result.output
    assert "^" in result.output
    assert "Traceback" not in result.output


def test_check_reports_and_exits_2(files):
    _, rules, _ = files
    (rules / "broken.jz").write_text("p(X)。\n", encoding="utf-8")
    result = run("check", rules)
    assert result.exit_code == 2
    assert "broken.jz:1:" in result.output


def test_bad_case_file_exits_2(files):
    tmp, rules, _ = files
    case = tmp / "bad.jz"
    case.write_text("办案人(张三)。\n审查人(李四, 案1)。\n", encoding="utf-8")
    result = run("query", "--rules", rules, case, "应当追究(P, C)")
    assert result.exit_code == 2
    assert "bad.jz:1:1" in result.output and "应有 2 个参数" in result.output
    assert "bad.jz:2:1" in result.output and "审查人" in result.output


def test_bad_json_case_names_the_path(files):
    tmp, rules, _ = files
    case = tmp / "bad.json"
    case.write_text(
        '{"facts": [["办案人", "张三", "案1"], ["审查人", "李四", "案1"], ["办案人", 1.5, "x"]]}', encoding="utf-8"
    )
    result = run("query", "--rules", rules, case, "应当追究(P, C)")
    assert result.exit_code == 2
    assert "facts[1][0]" in result.output and "facts[2][1]" in result.output


def test_missing_files_exit_2(files):
    tmp, rules, case = files
    assert run("query", "--rules", tmp / "nowhere", case, "p(X)").exit_code == 2
    assert run("query", "--rules", rules, tmp / "nocase.jz", "p(X)").exit_code == 2


def test_bad_query_atom_exits_2(files):
    _, rules, case = files
    result = run("query", "--rules", rules, case, "应当追究(P, ")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
