"""Why and why-not explanations, rendered (golden files next to this test)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from jiuze import Fact, Rulebook
from jiuze.cli.main import main
from jiuze.reports import jsondoc
from jiuze.reports import proof_text as text

HERE = Path(__file__).parent
THEORIES = HERE.parent / "compile" / "defeasible"
GOLDEN = HERE / "explanations"


def _model(theory: str, *rows):
    path = THEORIES / f"{theory}.jz"  # named relatively: golden files must not depend on the checkout
    book = Rulebook.from_text(path.read_text(encoding="utf-8"), f"defeasible/{theory}.jz")
    return book.evaluate([Fact(r[0], tuple(r[1:]), f"案件:{i}") for i, r in enumerate(rows, 1)])


CASES = [
    ("tweety-why", "tweety", [("企鹅", "tweety")], "explain", "不会飞(tweety)"),
    ("tweety-why-not", "tweety", [("企鹅", "tweety")], "why_not", "会飞(tweety)"),
    ("nixon-why-not", "nixon", [("贵格会教徒", "尼克松"), ("共和党人", "尼克松")], "why_not", "和平主义者(尼克松)"),
    ("defeater-why-not", "defeater", [("鸟", "甲"), ("受伤", "甲")], "why_not", "会飞(甲)"),
    ("team-defeat-why", "team-defeat", [("a", "x"), ("b", "x"), ("c", "x"), ("d", "x")], "explain", "p(x)"),
]


@pytest.mark.parametrize("name,theory,rows,method,atom", CASES, ids=[c[0] for c in CASES])
def test_rendered_explanations(name, theory, rows, method, atom, golden):
    model = _model(theory, *rows)
    proof = getattr(model, method)(atom)
    golden(GOLDEN / f"{name}.txt", text.proof_text(proof))
    golden(GOLDEN / f"{name}.json", jsondoc.dumps(jsondoc.proof_data(proof)))


def test_why_names_the_beaten_counter_argument_and_the_winner():
    proof = _model("tweety", ("企鹅", "tweety")).explain("不会飞(tweety)")
    rebuttal = proof.premises[-1]
    assert rebuttal.kind == "rebutted"
    assert str(rebuttal.rule.article) == "第二条" and "被 第三条 排除" in rebuttal.text


def test_why_not_names_the_winning_rule():
    proof = _model("tweety", ("企鹅", "tweety")).why_not("会飞(tweety)")
    defeated = proof.premises[0]
    assert defeated.kind == "defeated" and str(defeated.rule.article) == "第二条"
    assert str(defeated.premises[0].rule.article) == "第三条"


def test_why_not_goes_down_to_missing_input_facts():
    proof = _model("defeater", ("鸟", "甲"), ("受伤", "甲")).why_not("会飞(甲)")
    failed = proof.premises[1]
    assert failed.kind == "failed" and str(failed.rule.article) == "第三条"
    assert failed.premises[0].kind == "missing" and str(failed.premises[0].atom) == "有翅膀(甲)"


def test_why_not_of_something_that_holds_says_so():
    proof = _model("tweety", ("企鹅", "tweety")).why_not("不会飞(tweety)")
    assert proof.kind == "holds"


def test_why_not_command(tmp_path):
    case = tmp_path / "case.jz"
    case.write_text("企鹅(tweety)。\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["why-not", "--rules", str(THEORIES / "tweety.jz"), str(case), "会飞(tweety)"])
    assert result.exit_code == 0
    assert "被 第三条 排除" in result.output
    as_json = CliRunner().invoke(
        main, ["why-not", "--format", "json", "--rules", str(THEORIES / "tweety.jz"), str(case), "会飞(tweety)"]
    )
    assert json.loads(as_json.output)["why_not"]["kind"] == "why-not"


def test_explain_shows_modality_and_conflict(tmp_path):
    case = tmp_path / "case.jz"
    case.write_text("主动纠错(甲)。\n刑讯逼供(甲)。\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["explain", "--rules", str(THEORIES / "modality.jz"), str(case), "从重(甲)"])
    assert result.exit_code == 0
    assert "模态：应当" in result.output
    assert "冲突：从重(甲)（应当）与 从轻(甲)（可以）互斥；“应当”的结论成立。" in result.output
