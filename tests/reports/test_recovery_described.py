"""Art 19 recovery is for intent or gross negligence (解读 27); the docs and the example that
discuss it say so, and the example's report agrees (issue 13 §4)."""

from __future__ import annotations

import re

from jiuze import Rulebook
from jiuze.cases.load import load_any_case
from jiuze.reports.data import build_report


def test_reading_27_states_the_condition(repo):
    text = (repo / "docs/vocabulary.md").read_text(encoding="utf-8")
    reading = re.search(r"\n27\. (.*?)\n\d+\. ", text, re.S).group(1)
    assert "未加这一限制" not in reading
    assert "故意" in reading and "重大过失" in reading


def test_wrongful_detention_header_matches_its_report(repo):
    path = repo / "examples/wrongful-detention-overturned.yaml"
    header = "".join(line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("#"))
    assert "推出“应当向张三、王五追偿" not in header
    assert "不推出追偿赔偿费用" in header
    book = Rulebook.load()
    case = load_any_case(str(path), book.program)
    report = build_report(book.evaluate(case.facts), case)
    assert not [c for p in report.persons for c in p.conclusions if c.atom.predicate == "追偿赔偿费用"]
