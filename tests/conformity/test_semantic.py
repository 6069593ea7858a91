"""The semantic Art 28 check: counterexamples for weakenings, none for broadenings, warnings for
declared deviations; the two blind spots of issue 14 on the real national rulebook."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from jiuze.cli.main import main
from jiuze.conformity.check import semantic_check
from jiuze.rulebook.rulebook import Rulebook, sources_at

REPO = Path(__file__).resolve().parents[2]

BASE = """
谓词 办案人(警察, 案件)。 谓词 逼供(警察, 案件)。 谓词 命令(警察, 案件)。 谓词 登记(警察, 案件)。
谓词 严重(案件)。 谓词 轻微(案件)。
谓词 应当追究(警察, 案件)。 谓词 不予追究(警察, 案件)。 谓词 处分(警察, 案件)。
谓词 重罚(警察, 案件)。 谓词 轻罚(警察, 案件)。 谓词 记过(警察, 案件)。
互斥 应当追究(P, C) 与 不予追究(P, C)。
互斥 重罚(P, C) 与 轻罚(P, C)。
第六条第（二）项 应当追究(P, C) 若 办案人(P, C)，逼供(P, C)。
第十四条第（三）项 不予追究(P, C) 若 办案人(P, C)，命令(P, C)。
第十四条 优先于 第六条。
第十五条 应当 处分(P, C) 若 应当追究(P, C)。
第二十条 重罚(P, C) 若 处分(P, C)，严重(C)。
第二十一条 轻罚(P, C) 若 处分(P, C)，轻微(C)。
第二十二条 应当 记过(P, C) 若 处分(P, C)，并非 轻罚(P, C)。
场景 "基础" ｛ 办案人(甲, 案1)。 逼供(甲, 案1)。 应有：处分(甲, 案1)。 ｝
"""


def _write(root: Path, name: str, text: str) -> Path:
    folder = root / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "rules.jz").write_text(text, encoding="utf-8")
    return folder


def _overlay(tmp_path, text: str) -> Path:
    _write(tmp_path, "base", BASE)
    return _write(tmp_path, "prov", '依据 "../base"。\n谓词 本省情形(警察, 案件)。\n' + text)


def _weakenings(folder: Path):
    result = semantic_check(sources_at(folder), str(folder))
    assert result.result is not None, result.skipped
    return [(c.finding.severity, c.finding.span.line, c.finding.message, c.yaml) for c in result.counterexamples]


def test_local_rule_for_the_contrary_is_a_weakening_with_a_runnable_counterexample(tmp_path):
    folder = _overlay(tmp_path, "第三十一条 不予追究(P, C) 若 本省情形(P, C)。\n")
    found = _weakenings(folder)
    assert found, "a local exemption removes the national 应当 处分"
    severity, line, message, text = found[0]
    assert severity == "error" and line == 3 and "第十五条" in message and "第二十八条" in message
    case = yaml.safe_load(text)
    assert "本省情形(某P, 某C)" in case["事实"] and "逼供(某P, 某C)" in case["事实"]


def test_local_defeater_is_a_weakening(tmp_path):
    folder = _overlay(tmp_path, "第十五条 阻却 处分(P, C) 若 本省情形(P, C)。\n")
    found = _weakenings(folder)
    assert {(s, line) for s, line, _, _ in found} == {("error", 3)}  # 处分 (第十五条) and 记过 that rests on it
    assert any("第十五条" in message for _, _, message, _ in found)


@pytest.mark.parametrize(
    "text",
    [
        "废止 第十五条。\n",
        "修改 第六条第（二）项 ｛ 应当追究(P, C) 若 办案人(P, C)，逼供(P, C)，本省情形(P, C)。 ｝\n",
    ],
)
def test_repeal_and_narrowing_are_weakenings(tmp_path, text):
    found = _weakenings(_overlay(tmp_path, text))
    assert found and all(s == "error" for s, *_ in found)


def test_new_priority_between_national_articles_is_a_weakening(tmp_path):
    """Nationally 重罚/轻罚 block each other and 记过 is due; ranking 第二十一条 first removes it."""
    found = _weakenings(_overlay(tmp_path, "第二十一条 优先于 第二十条。\n"))
    assert [(s, line) for s, line, _, _ in found] == [("error", 3)]
    assert "记过" in found[0][2]


@pytest.mark.parametrize(
    "text",
    [
        "增加 第六条第（十七）项 ｛ 应当追究(P, C) 若 登记(P, C)。 ｝\n",
        "修改 第六条第（二）项 ｛ 应当追究(P, C) 若 逼供(P, C)。 ｝\n",
        "第十六条 应当 记过(P, C) 若 处分(P, C)，本省情形(P, C)。\n",
    ],
)
def test_pure_broadening_is_not_flagged(tmp_path, text):
    assert _weakenings(_overlay(tmp_path, text)) == []


def test_declared_deviation_turns_the_weakening_into_a_warning(tmp_path):
    text = '增加 第三十一条 偏离 "本省另有规定" ｛ 不予追究(P, C) 若 本省情形(P, C)。 ｝\n'
    found = _weakenings(_overlay(tmp_path, text))
    assert found and all(s == "warning" for s, *_ in found) and "本省另有规定" in found[0][2]


def test_blind_spot_local_defeater_against_article_27(tmp_path, monkeypatch):
    """Issue 14: a local 阻却 against the 30-day answer passed `check` with 0 findings."""
    folder = _write(
        tmp_path,
        "p",
        "依据 全国。\n谓词 本省简易程序(警察, 案件)。\n"
        "第二十七条 阻却 申诉答复期限(A, P, C, 30) 若 申诉(P, C, A)，本省简易程序(P, C)。\n",
    )
    result = CliRunner().invoke(main, ["check", "--rules", str(folder), "--format", "json"])
    assert result.exit_code == 2
    data = json.loads(result.output)
    codes = {(f["code"], f["line"]) for f in data["findings"]}
    assert ("defeats-national", 3) in codes and ("weakens-national", 3) in codes
    assert data["rulebook"]["path"] == str(folder) and len(data["rulebook"]["digest"]) == 16
    example = tmp_path / "反例.yaml"
    example.write_text(data["counterexamples"][0]["yaml"], encoding="utf-8")
    national = Rulebook.load()
    from jiuze.cases.load import load_any_case

    facts = [f for f in load_any_case(example, Rulebook(sources_at(folder), True).program).facts]
    model = national.evaluate([f for f in facts if f.predicate in national.program.declarations])
    assert model.holds("申诉答复期限(某A, 某P, 某C, 30)")  # the counterexample really shows the national duty
    diff = CliRunner().invoke(main, ["diff", "--rules", str(folder), str(example)])
    assert diff.exit_code == 0, diff.output
    assert "[增加阻却] 第二十七条" in diff.output and "只在基础规则库中成立" in diff.output
    assert "基础规则库没有声明 本省简易程序" in diff.output


def test_example_provinces_pass_the_semantic_check():
    for name in ("example-province", "example-province-b", "example-city"):
        folder = REPO / "logic" / "provinces" / name
        result = semantic_check(sources_at(folder), str(folder))
        assert result.result is not None and result.result.tried == result.result.planned
        assert [c.finding for c in result.counterexamples if c.finding.is_error] == [], name


def test_a_national_permission_turned_into_a_prohibition_is_a_weakening(tmp_path):
    base = "谓词 不服(警察, 案件)。 谓词 申诉(警察, 案件)。\n第二十七条 可以 申诉(P, C) 若 不服(P, C)。\n"
    _write(tmp_path, "base", base)
    folder = _write(
        tmp_path,
        "prov",
        '依据 "../base"。\n谓词 本省情形(警察, 案件)。\n第三十条 不得 申诉(P, C) 若 不服(P, C)，本省情形(P, C)。\n',
    )
    found = _weakenings(folder)
    assert [(s, line) for s, line, _, _ in found] == [("error", 3)]
    assert "（可以）在实施办法下成了“不得”" in found[0][2]
