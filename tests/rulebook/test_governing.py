"""Conduct before an overlay's 施行日期 is judged under its base, by every command that evaluates one case."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from jiuze.cli.main import main

REPO = Path(__file__).resolve().parents[2]
PROVINCE = REPO / "logic" / "provinces" / "example-province"
CASE = "案件: 省案1\n发生日期: {}\n人员:\n  - 姓名: 甲\n    过错: 过失\n    行为: [不按规定受案登记, 违规收取费用]\n"


def case_file(tmp_path, date: str) -> Path:
    path = tmp_path / f"省案-{date}.yaml"
    path.write_text(CASE.format(date), encoding="utf-8")
    return path


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_explain_before_the_effective_date_uses_the_national_rules(tmp_path):
    result = run("explain", "--rules", PROVINCE, case_file(tmp_path, "1999-08-01"), "应当追究(甲, 省案1)")
    assert result.exit_code == 0, result.output
    assert "施行日期 2000-01-01 之前：适用全国规定" in result.stderr
    assert (
        "只有《某省公安机关人民警察执法过错责任追究实施办法（示例）》声明的事实未使用：不按规定受案登记"
        in result.stderr
    )
    assert "第六条第（十）项" in result.stdout
    assert "第六条第（十七）项" not in result.stdout


def test_on_or_after_the_effective_date_the_overlay_applies(tmp_path):
    atom = "执法过错情形(甲, 省案1, I)"
    late = run("query", "--rules", PROVINCE, case_file(tmp_path, "2000-01-01"), atom)
    early = run("query", "--rules", PROVINCE, case_file(tmp_path, "1999-12-31"), atom)
    assert late.exit_code == 0 and early.exit_code == 0, late.output + early.output
    assert "适用全国规定" not in late.stderr and "适用全国规定" in early.stderr
    assert "I = 17" in late.stdout and "I = 10" in late.stdout
    assert "I = 17" not in early.stdout and "I = 10" in early.stdout


def test_query_json_names_the_rulebook_that_applied(tmp_path):
    early = run(
        "query", "--format", "json", "--rules", PROVINCE, case_file(tmp_path, "1999-08-01"), "执法过错情形(P, C, I)"
    )
    late = run(
        "query", "--format", "json", "--rules", PROVINCE, case_file(tmp_path, "2000-06-01"), "执法过错情形(P, C, I)"
    )
    assert early.exit_code == 0 and late.exit_code == 0, early.output + late.output
    early_data, late_data = json.loads(early.stdout), json.loads(late.stdout)
    assert "适用全国规定" in early_data["rulebook"]["note"]
    assert "note" not in late_data["rulebook"]
    assert early_data["rulebook"]["digest"] != late_data["rulebook"]["digest"]
