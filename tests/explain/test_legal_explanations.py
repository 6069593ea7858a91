"""The regulation's own exceptions, explained (golden why / why-not renderings).

Each example case in examples/ is evaluated on the built-in national rulebook;
the renderings are what a legal reviewer reads, so they are golden files.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jiuze import Rulebook
from jiuze.cases.facts_file import case_from_text
from jiuze.reports import proof_text as text

REPO = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).parent / "legal"


@pytest.fixture(scope="module")
def national():
    return Rulebook.load()


def _model(national, name: str):
    path = REPO / "examples" / f"{name}.jz"
    case = case_from_text(path.read_text(encoding="utf-8"), f"examples/{name}.jz", national.program)
    return national.evaluate(case.facts)


def test_article_14_bars_article_6(national, golden):
    model = _model(national, "superior-order")
    assert model.holds("执法过错情形(张三, 案14, 7)")
    assert model.holds("不予追究(张三, 案14)") and not model.holds("应当追究(张三, 案14)")
    why_not = model.why_not("应当追究(张三, 案14)")
    rendered = text.proof_text(why_not)
    assert "被 第十四条 排除" in rendered and "依据 第十四条第（三）项" in rendered
    golden(GOLDEN / "art14-why-not.txt", rendered)
    golden(GOLDEN / "art14-why.txt", text.proof_text(model.explain("不予追究(张三, 案14)")))


def test_article_9_displaces_article_8(national, golden):
    model = _model(national, "approver-overruled")
    assert model.holds("责任程度(王五, 案9, 全部)")
    assert not model.holds("责任程度(王五, 案9, 主要)")
    assert model.holds("不承担责任(张三, 案9)") and model.holds("不承担责任(李四, 案9)")
    rendered = text.proof_text(model.why_not("责任程度(王五, 案9, 主要)"))
    assert "第八条 的条件成立，但结论被排除" in rendered and "第九条" in rendered
    golden(GOLDEN / "art9-why-not.txt", rendered)
    golden(GOLDEN / "art9-why.txt", text.proof_text(model.explain("责任程度(王五, 案9, 全部)")))


def test_article_11_handler_primary_approver_keeps_own_share(national, golden):
    model = _model(national, "falsified-records")
    assert model.holds("责任程度(张三, 案11, 主要)")
    assert model.holds("责任程度(王五, 案11, 次要)") and not model.holds("责任程度(王五, 案11, 主要)")
    golden(GOLDEN / "art11-why-not.txt", text.proof_text(model.why_not("责任程度(王五, 案11, 主要)")))
    golden(GOLDEN / "art11-why.txt", text.proof_text(model.explain("责任程度(张三, 案11, 主要)")))


def test_article_24_aggravation_stands_and_conflict_is_flagged(national, golden):
    model = _model(national, "confessed-but-coerced")
    assert model.holds("从重追究(张三, 案23)")
    assert model.modality("从重追究(张三, 案23)") == "required"
    assert not model.holds("免予追究(张三, 案23)")
    conflicts = model.conflicts()
    pairs = sorted((str(c.required.atom), str(c.permitted.atom), c.winner) for c in conflicts)
    assert pairs == [
        ("从重追究(张三, 案23)", "从轻追究(张三, 案23)", "required"),
        ("从重追究(张三, 案23)", "免予追究(张三, 案23)", "required"),
    ]
    golden(GOLDEN / "art24-why-not-exemption.txt", text.proof_text(model.why_not("免予追究(张三, 案23)")))
    golden(GOLDEN / "art24-conflicts.txt", "\n".join(text.conflict_text(c) for c in conflicts))


def test_fault_of_unknown_kind_is_named_in_the_why_not(national):
    """过错: 有 — the error is pursued, but recovery (Art 19) and 24(1) do not follow, and the why-not
    leads with 过错形态未查明 instead of a missing 故意 (docs/vocabulary.md 解读 36)."""
    facts = (
        "人民警察(王五)。 执行职务(王五, 案7)。 办案人(王五, 案7)。 主观过错(王五, 案7, 形态未查明的过错)。"
        " 刑讯逼供(王五, 案7)。 国家赔偿(案7)。"
    )
    model = national.evaluate(case_from_text(facts, "案7.jz", national.program).facts)
    assert model.holds("应当追究(王五, 案7)") and model.holds("不予追偿(王五, 案7, 过错形态未查明)")
    for atom in ["追偿赔偿费用(王五, 案7)", "从重情形(王五, 案7, 1)"]:
        rendered = text.proof_text(model.why_not(atom))
        assert "条件“并非 过错形态未查明(王五, 案7)”不成立" in rendered, atom
