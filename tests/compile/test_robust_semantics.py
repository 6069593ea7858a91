"""Issue 17: inputs that were silently accepted and changed results."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from jiuze import Fact, Rulebook
from jiuze.cases.load import load_any_case
from jiuze.cli.main import main
from jiuze.language.errors import JiuzeError

CONTRARY = """
谓词 bird(x) 读作 "{x}是鸟"。
谓词 fly(x) 读作 "{x}会飞"。
谓词 nofly(x) 读作 "{x}不会飞"。
互斥 fly(X) 与 nofly(X)。
fly(X) 若 bird(X)。
bird(t)。
bird(u)。
nofly(t)。
"""


@pytest.fixture(scope="module")
def national():
    return Rulebook.load()


def test_a_case_file_may_not_state_a_conclusion(tmp_path, national):
    case = tmp_path / "c.jz"
    case.write_text("人民警察(张三)。\n应当追究(张三, 案1)。\n", encoding="utf-8")
    with pytest.raises(JiuzeError) as caught:
        load_any_case(case, national.program)
    rendered = caught.value.render()
    assert f"{case}:2:1" in rendered and "“应当追究”是规则推出的结论" in rendered


def test_a_json_case_may_not_state_a_conclusion(tmp_path, national):
    case = tmp_path / "c.json"
    case.write_text(json.dumps({"facts": [["应当追究", "张三", "案1"]]}, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(JiuzeError, match="facts\\[0\\]\\[0\\].*应当追究"):
        load_any_case(case, national.program)


def test_the_api_refuses_a_conclusion_as_a_fact(national):
    with pytest.raises(JiuzeError, match="concluded-predicate"):
        national.evaluate([Fact("应当追究", ("张三", "案1"), "api")])


def test_a_more_specific_kind_may_still_be_stated(national):
    """逼供 is concluded from 刑讯逼供 but may be stated directly (jiuze vocab lists it)."""
    model = national.evaluate([Fact("逼供", ("张三", "案1"), "api")])
    assert model.holds("逼供(张三, 案1)")


def test_a_rulebook_fact_defeats_a_defeasible_rule_for_the_contrary():
    model = Rulebook.from_text(CONTRARY, "r.jz").evaluate([])
    assert model.query("fly(X)") == [{"X": "u"}]
    assert model.query("nofly(X)") == [{"X": "t"}]
    assert "被 规则 r.jz:9 排除" in str(model.why_not("fly(t)"))


def test_a_strict_rule_against_a_fact_is_still_a_conflict_of_strict_sides():
    text = CONTRARY.replace("fly(X) 若 bird(X)。", "fly(X) 若 bird(X)。\nfly(t)。")
    model = Rulebook.from_text(text, "r.jz").evaluate([])
    assert model.holds("fly(t)") and model.holds("nofly(t)")  # two strict statements: both stand


@pytest.mark.parametrize("base", ["/etc/passwd", "/", "../../../../../../etc"])
def test_a_base_outside_the_project_is_refused_before_it_is_read(tmp_path, base):
    overlay = tmp_path / "province" / "00.jz"
    overlay.parent.mkdir()
    overlay.write_text(f'依据 "{base}"。\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(overlay.parent)])
    assert result.exit_code == 2 and "base-outside-project" in result.output, result.output
    assert "root:" not in result.output  # nothing of /etc/passwd echoed


def test_a_sibling_province_and_a_base_named_in_jiuze_toml_are_accepted(tmp_path):
    national = Rulebook.load().rule_sources
    base = tmp_path / "elsewhere" / "base"
    base.mkdir(parents=True)
    for source in national:
        (base / source.name.split("/")[-1]).write_text(source.text, encoding="utf-8")
    project = tmp_path / "project"
    (project / "province").mkdir(parents=True)
    (project / "province" / "00.jz").write_text('依据 "../../elsewhere/base"。\n', encoding="utf-8")
    refused = CliRunner().invoke(main, ["check", str(project / "province")])
    assert refused.exit_code == 2 and "base-outside-project" in refused.output
    (project / "jiuze.toml").write_text('bases = ["../elsewhere/base"]\n', encoding="utf-8")
    accepted = CliRunner().invoke(main, ["check", str(project / "province")])
    assert accepted.exit_code == 0, accepted.output
    (project / "city").mkdir()
    (project / "city" / "00.jz").write_text('依据 "../province"。\n', encoding="utf-8")
    assert CliRunner().invoke(main, ["check", str(project / "city")]).exit_code == 0
