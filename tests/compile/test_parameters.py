"""Parameters (参数 / 设定) and single-rule amendments (修改 第N条 结论)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from jiuze import Fact, JiuzeError, Rulebook
from jiuze.conformity.check import semantic_check
from jiuze.rulebook.rulebook import check_sources, sources_at

APPEAL = [
    ("不服追究决定", "甲", "案1"),
    ("发生机关", "案1", "县局"),
    ("提出申诉", "甲", "案1", "县局", datetime.date(2003, 8, 1)),
]


def _overlay(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "prov"
    folder.mkdir(exist_ok=True)
    (folder / "rules.jz").write_text("依据 全国。\n" + text, encoding="utf-8")
    return folder


def _facts(rows):
    return [Fact(r[0], tuple(r[1:]), f"case:{i}") for i, r in enumerate(rows, 1)]


def _codes(folder: Path):
    _, findings = check_sources(sources_at(folder))
    return {(f.code, f.severity) for f in findings}


def test_national_number_comes_from_its_parameter():
    model = Rulebook.load().evaluate(_facts(APPEAL))
    assert model.holds("申诉答复期限(县局, 甲, 案1, 30)")
    assert model.holds("申诉答复截止日期(县局, 甲, 案1, 2003-08-31)")


def test_setting_in_the_allowed_direction_is_conformant_and_changes_every_use(tmp_path):
    folder = _overlay(tmp_path, "设定 申诉答复期限天数 = 15。\n")
    assert not any(severity == "error" for _, severity in _codes(folder))
    model = Rulebook.load(folder).evaluate(_facts(APPEAL))
    assert model.holds("申诉答复期限(县局, 甲, 案1, 15)") and not model.holds("申诉答复期限(县局, 甲, 案1, 30)")
    assert model.holds("申诉答复截止日期(县局, 甲, 案1, 2003-08-16)")
    result = semantic_check(sources_at(folder), str(folder))
    assert result.counterexamples == []  # the stricter deadline is not a weakening


def test_setting_in_the_other_direction_needs_a_deviation(tmp_path):
    assert ("parameter-weakens", "error") in _codes(_overlay(tmp_path, "设定 申诉答复期限天数 = 45。\n"))
    with pytest.raises(JiuzeError):
        Rulebook.load(tmp_path / "prov")
    declared = _overlay(tmp_path, '设定 申诉答复期限天数 = 45 偏离 "本省另有规定"。\n')
    assert ("parameter-weakens", "warning") in _codes(declared)
    assert Rulebook.load(declared).evaluate(_facts(APPEAL)).holds("申诉答复期限(县局, 甲, 案1, 45)")


def test_unknown_and_duplicate_parameters_are_located(tmp_path):
    codes = _codes(_overlay(tmp_path, "设定 申述答复期限天数 = 15。\n参数 申诉答复期限天数 = 10。\n"))
    assert ("unknown-parameter", "error") in codes and ("duplicate-parameter", "error") in codes


def test_amending_one_conclusion_of_an_article_keeps_its_other_rules(tmp_path):
    folder = _overlay(
        tmp_path,
        '修改 第二十七条 申诉答复期限 偏离 "本省：期限自受理之日起算" ｛\n'
        "  应当 申诉答复期限(A, P, C, 申诉答复期限天数) 若 申诉(P, C, A)，提出申诉(P, C, A, _)，发生机关(C, A)。\n"
        "｝\n",
    )
    book = Rulebook.load(folder)
    model = book.evaluate(_facts(APPEAL))
    assert model.holds("申诉答复截止日期(县局, 甲, 案1, 2003-08-31)")  # untouched rule of 第二十七条
    assert model.holds("申诉(甲, 案1, 县局)")
    proof = model.explain("申诉答复期限(县局, 甲, 案1, 30)")
    assert proof.rule.span.file.endswith("prov/rules.jz")


def test_unknown_conclusion_in_an_amendment_is_located(tmp_path):
    folder = _overlay(tmp_path, "废止 第二十七条 答复期限。\n")
    _, findings = check_sources(sources_at(folder))
    finding = next(f for f in findings if f.code == "unknown-base-label")
    assert "答复期限" in finding.message and finding.span.line == 2


def test_diff_shows_the_setting_and_every_rule_it_changes():
    from click.testing import CliRunner

    from jiuze.cli.main import main

    repo = Path(__file__).resolve().parents[2]
    result = CliRunner().invoke(main, ["diff", "--rules", str(repo / "logic/provinces/example-province-b")])
    assert result.exit_code == 0, result.output
    assert "[修改参数]" in result.output and "变化：申诉答复期限天数 = [30 → 20]" in result.output
    assert "变化：应当 申诉答复期限(A, P, C, [30 → 20]) 若" in result.output
    assert "D = D0 + [30 → 20]" in result.output
