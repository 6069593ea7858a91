"""A province's daily loop: jiuze init, test --rules with national scenarios, machine-readable results."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from click.testing import CliRunner

from jiuze import Rulebook
from jiuze.cli.main import main

REPO = Path(__file__).resolve().parents[2]


def _run(*args):
    return CliRunner().invoke(main, list(args))


def test_init_province_and_city_pass_check_and_test_unchanged(tmp_path):
    assert _run("init", "province", "某省", "--dir", str(tmp_path)).exit_code == 0
    city = _run("init", "city", "某市", "--base", str(tmp_path / "某省"), "--dir", str(tmp_path))
    assert city.exit_code == 0, city.output
    for name in ("某省", "某市"):
        folder = str(tmp_path / name)
        checked = _run("check", "--rules", folder, "--format", "json")
        assert checked.exit_code == 0, checked.output
        data = json.loads(checked.output)
        assert data["errors"] == 0 and data["warnings"] == 0 and data["counterexamples"] == []
        tested = _run("test", "--rules", folder)
        assert tested.exit_code == 0 and "1 passed, 0 failed" in tested.output
    text = (tmp_path / "某市" / "00-办法.jz").read_text(encoding="utf-8")
    assert '依据 "../某省"。' in text and "# 设定 申诉答复期限天数" in text and "# 阻却" in text
    assert (tmp_path / "某省" / "README.md").exists()
    again = _run("init", "province", "某省", "--dir", str(tmp_path))
    assert again.exit_code == 2 and "已经存在" in again.output


def test_test_reports_national_scenarios_the_overlay_changes_apart_from_failures(monkeypatch):
    monkeypatch.chdir(REPO)
    result = _run("test", "--rules", "logic/provinces/example-province-b")
    assert result.exit_code == 0, result.output
    national = len(Rulebook.load().scenarios)  # grows as readings are added
    assert f"基础规则库的 {national} 个场景在实施办法下运行：1 个被实施办法改变（不算失败）" in result.output
    assert "申诉答复期限(某市公安局, 张三, 案27, 30)：在实施办法下不成立" in result.output
    data = json.loads(_run("test", "--rules", "logic/provinces/example-province-b", "--format", "json").output)
    assert data["failed"] == 0 and data["passed"] == 5 and len(data["changed_by_overlay"]) == 1
    assert data["rulebook"]["path"] == "logic/provinces/example-province-b"


def test_test_junit_lists_each_scenario_and_failures(tmp_path):
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "r.jz").write_text(
        '依据 全国。\n场景 "错的期望" ｛ 人民警察(甲)。 执行职务(甲, 案1)。 逼供(甲, 案1)。 应有：应当追究(甲, 案1)。 ｝\n'
        '场景 "对的期望" ｛ 人民警察(甲)。 应无：应当追究(甲, 案1)。 ｝\n',
        encoding="utf-8",
    )
    result = _run("test", "--rules", str(folder), "--format", "junit")
    assert result.exit_code == 1
    suite = ET.fromstring(result.output.split("\n", 1)[1])
    assert suite.get("tests") == "2" and suite.get("failures") == "1"
    failing = [c.get("name") for c in suite.iter("testcase") if c.find("failure") is not None]
    assert failing == ["错的期望"]


def test_batch_resume_refuses_output_of_another_rulebook(tmp_path):
    rules = tmp_path / "p"
    rules.mkdir()
    (rules / "r.jz").write_text("依据 全国。\n", encoding="utf-8")
    cases = tmp_path / "cases.jsonl"
    cases.write_text(
        "\n".join(json.dumps({"name": f"案{i}", "facts": [["人民警察", "甲"]]}, ensure_ascii=False) for i in range(3))
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    assert _run("batch", str(cases), "-o", str(out), "--rules", str(rules)).exit_code == 0
    first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert len(first["rulebook"]) == 16
    lines = out.read_text(encoding="utf-8").splitlines(keepends=True)
    out.write_text("".join(lines[:2]), encoding="utf-8")
    (rules / "r.jz").write_text("依据 全国。\n设定 申诉答复期限天数 = 15。\n", encoding="utf-8")
    refused = _run("batch", str(cases), "-o", str(out), "--rules", str(rules), "--resume")
    assert refused.exit_code == 2 and "另一个规则库" in refused.output
    assert out.read_text(encoding="utf-8") == "".join(lines[:2])  # nothing lost
    (rules / "r.jz").write_text("依据 全国。\n", encoding="utf-8")
    resumed = _run("batch", str(cases), "-o", str(out), "--rules", str(rules), "--resume")
    assert resumed.exit_code == 0 and out.read_text(encoding="utf-8") == "".join(lines)


def test_commands_use_the_working_directory_rulebook_and_say_so(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert _run("init", "province", "某省").exit_code == 0
    Path("jiuze.toml").write_text('rules = "某省"\n', encoding="utf-8")
    result = _run("test")
    assert (
        result.exit_code == 0
        and "jiuze.toml 指定的规则库 某省" in result.output
        and "某省：逼供应当追究" in result.output
    )
    Path("jiuze.toml").unlink()
    national = Path("logic/national")
    national.mkdir(parents=True)
    for source in (REPO / "logic" / "national").glob("*.jz"):
        (national / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    same = _run("check")
    assert "当前目录" not in same.output and "全国规定（内置）" in same.output  # identical: nothing to say
    edited = (national / "00-参数.jz").read_text(encoding="utf-8").replace("= 30 ", "= 31 ")
    (national / "00-参数.jz").write_text(edited, encoding="utf-8")
    changed = _run("check")
    assert "使用当前目录的 logic/national" in changed.output and "全国规定（当前目录）" in changed.output


def test_suggested_commands_repeat_the_rules_in_use(monkeypatch):
    monkeypatch.chdir(REPO)
    rules = "logic/provinces/example-province"
    report = _run("report", "--rules", rules, "examples/coerced-confession.yaml")
    assert f'jiuze why-not --rules {rules} examples/coerced-confession.yaml "应当追究(李四, 案1)"' in report.output
    assert "声明的偏离" in report.output
    explain = _run("explain", "--rules", rules, "examples/coerced-confession.yaml", "应当追究(李四, 案1)")
    assert (
        explain.exit_code == 1 and f"jiuze why-not --rules {rules} examples/coerced-confession.yaml" in explain.output
    )


def test_coverage_of_an_overlay_counts_the_national_scenarios(monkeypatch):
    monkeypatch.chdir(REPO)
    province = json.loads(_run("coverage", "--rules", "logic/provinces/example-province", "--format", "json").output)
    national = json.loads(_run("coverage", "--format", "json").output)
    assert province["totals"]["scenarios"] == national["totals"]["scenarios"] + 8
    assert province["totals"]["rules_exercised"] > national["totals"]["rules_exercised"]


def test_json_answers_name_the_rulebook(monkeypatch):
    monkeypatch.chdir(REPO)
    rules = "logic/provinces/example-province-b"
    for command in ("query", "explain", "why-not"):
        out = _run(
            command, "--rules", rules, "--format", "json", "examples/coerced-confession.yaml", "应当追究(张三, 案1)"
        )
        book = json.loads(out.output)["rulebook"]
        assert book["path"] == rules and book["name"].startswith("乙省") and len(book["digest"]) == 16, command
