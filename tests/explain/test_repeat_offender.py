"""The repeat-offender example: Art 24(4) aggravation and Art 21 for the unit."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from jiuze import Rulebook
from jiuze.cases.facts_file import case_from_text
from jiuze.cli.main import main

REPO = Path(__file__).resolve().parents[2]


def test_repeat_offender_is_aggravated_and_the_unit_barred(golden, monkeypatch):
    national = Rulebook.load()
    text = (REPO / "examples" / "repeat-offender.jz").read_text(encoding="utf-8")
    model = national.evaluate(case_from_text(text, "examples/repeat-offender.jz", national.program).facts)
    assert [b["C"] for b in model.query("从重追究(钱九, C)")] == ["案31", "案32", "案33"]
    assert model.modality("从重追究(钱九, 案33)") == "required"
    # 连续多次 is computed from the three cases' dates, not stated (解读 21).
    assert "连续多次发生执法过错" not in text.split("问：")[1]
    assert model.holds("连续多次之一(钱九, 案31)") and model.holds("相继过错(钱九, 案32, 案33)")
    assert model.holds("单位执法过错次数(某派出所, 2005, 3)")
    assert model.holds("评为先进集体(某派出所, 2005)")
    assert model.modality("评为先进集体(某派出所, 2005)") == "forbidden"
    assert not model.holds("从重追究(孙十, 案33)")
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(main, ["report", "examples/repeat-offender.jz"])
    assert result.exit_code == 0
    golden(REPO / "tests" / "reports" / "examples" / "repeat-offender.txt", result.output)


def test_query_shows_modality():
    result = CliRunner().invoke(main, ["query", str(REPO / "examples" / "repeat-offender.jz"), "评为先进集体(U, Y)"])
    assert result.stdout == "U = 某派出所，Y = 2005（不得）\n"
