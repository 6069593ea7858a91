"""Defeasible logic: the textbook theories, superiority, defeaters, modality conflicts."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiuze import Fact, JiuzeError, Rulebook
from jiuze.reports.scenarios import run_all

HERE = Path(__file__).parent / "defeasible"
THEORIES = sorted(HERE.glob("*.jz"))


@pytest.mark.parametrize("path", THEORIES, ids=lambda p: p.stem)
def test_textbook_theories_behave_as_the_literature_says(path):
    results = run_all(Rulebook.load(path))
    assert results, "each theory file carries scenarios"
    failed = [(r.scenario.name, [str(e) for e in r.expectations if not e.passed]) for r in results if not r.passed]
    assert failed == []


def test_conclusion_modality_and_conflict_are_reported():
    book = Rulebook.load(HERE / "modality.jz")
    model = book.evaluate([Fact("主动纠错", ("甲",), "c:1"), Fact("刑讯逼供", ("甲",), "c:2")])
    assert model.modality("从重(甲)") == "required"
    conflicts = model.conflicts()
    assert len(conflicts) == 1
    conflict = conflicts[0]
    assert (str(conflict.required.atom), str(conflict.permitted.atom)) == ("从重(甲)", "从轻(甲)")
    assert conflict.winner == "required"


def _check_codes(text: str) -> list[str]:
    with pytest.raises(JiuzeError) as error:
        Rulebook.from_text(text, "bad.jz")
    return [f.code for f in error.value.findings if f.is_error]


def test_superiority_cycle_is_rejected_with_location():
    text = (
        "谓词 a(x)。 谓词 p(x)。 谓词 q(x)。 互斥 p(X) 与 q(X)。\n"
        "第一条 p(X) 若 a(X)。\n第二条 q(X) 若 a(X)。\n第一条 优先于 第二条。\n第二条 优先于 第一条。\n"
    )
    with pytest.raises(JiuzeError) as error:
        Rulebook.from_text(text, "bad.jz")
    finding = next(f for f in error.value.findings if f.code == "priority-cycle")
    assert finding.span.line in (4, 5)
    assert "成环" in finding.message


def test_priority_naming_a_missing_label_is_rejected():
    text = "谓词 a(x)。 谓词 p(x)。\n第一条 p(X) 若 a(X)。\n第十四条 优先于 第一条。\n"
    with pytest.raises(JiuzeError) as error:
        Rulebook.from_text(text, "bad.jz")
    finding = next(f for f in error.value.findings if f.code == "unknown-label")
    assert (finding.span.line, finding.span.column) == (3, 1)
    assert "第十四条" in finding.message


def test_conflict_through_recursion_is_rejected():
    text = "谓词 a(x)。 谓词 p(x)。 谓词 q(x)。 互斥 p(X) 与 q(X)。\n第一条 p(X) 若 a(X)。\n第二条 q(X) 若 p(X)。\n"
    assert "conflict-cycle" in _check_codes(text)
