"""The regulation's text as shipped in the package: the copy matches docs/, labels find their words."""

from __future__ import annotations

from pathlib import Path

from jiuze.reports.regulation import article_text, texts_for

REPO = Path(__file__).resolve().parents[2]


def test_the_packaged_copy_is_the_documented_text():
    shipped = REPO / "src/jiuze/reports/regulation-1999.txt"
    assert shipped.read_bytes() == (REPO / "docs/regulation-1999.txt").read_bytes()


def test_article_item_and_missing_labels():
    item = article_text("第六条第（二）项")
    assert item.startswith("第六条 ") and "（二）在办案中弄虚作假、逼供" in item and "（三）" not in item
    assert article_text("第二条").startswith("第二条 本规定所称执法过错")
    assert article_text("第六条第（十七）项") == ""  # an overlay's item: the regulation has none
    assert article_text("不是标签") == ""
    assert texts_for(["第二条", "第六条第（十七）项", ""]) == {"第二条": article_text("第二条")}
