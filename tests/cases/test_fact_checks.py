"""The quick acceptance of plainly good facts (a stateable predicate, its arity, str/int/date
values) in JSON rows and `Rulebook.checked` against the full checks: the same facts, and every
other fact still goes to the full checks, which word its finding (issue 12, shared per-case cost)."""

from __future__ import annotations

import datetime

import pytest

from jiuze import Fact, Rulebook
from jiuze.cases.facts_file import _json_fact, _plain_json_fact, case_from_json_data
from jiuze.cases.vocabulary import fact_shapes
from jiuze.language.errors import JiuzeError

RULES = "谓词 办案(p, c)。 谓词 日(c, d)。 谓词 追究(p, c)。 追究(P, C) 若 办案(P, C)，日(C, _)。"

ROWS = [
    ["办案", "张三", "案1"],
    ["日", "案1", "1999-06-02"],
    ["日", "案1", 3],
    ["日", "案1", "abcd-ef"],
    ["日", "案1", "1999-02-30"],
    ["日", "案1", "1999-06-02\n"],
    ["日", "案1", "١٩٩٩-06-02"],
    ["日", "案1", True],
    ["日", "案1", 1.5],
    ["日", "案1", None],
    ["日", "案1", ["x"]],
    ["办案", "张三"],
    ["追究", "张三", "案1"],
    ["未声明", "张三"],
    [["办案"], "张三", "案1"],
    [],
    "办案",
]


@pytest.mark.parametrize("row", ROWS, ids=repr)
def test_plain_json_rows_as_the_full_checks(row):
    book = Rulebook.from_text(RULES)
    findings: list = []
    full = _json_fact(row, "facts[0]", "x.json", book.program, findings)
    quick = _plain_json_fact(row, 0, "x.json", fact_shapes(book.program))
    if quick is not None:
        assert quick == full and not findings
    assert (full is not None) == (not findings)


def test_a_case_of_plain_and_bad_rows_is_refused_whole():
    book = Rulebook.from_text(RULES)
    data = {"facts": [["办案", "张三", "案1"], ["日", "案1", True], ["追究", "张三", "案1"]]}
    with pytest.raises(JiuzeError) as raised:
        case_from_json_data(data, "", "x.json", book.program)
    assert [f.span.pointer for f in raised.value.findings] == ["facts[1][2]", "facts[2][0]"]


@pytest.mark.parametrize(
    "fact, code",
    [
        (Fact("办案", ("张三", "案1"), "t"), None),
        (Fact("日", ("案1", datetime.date(1999, 6, 2)), "t"), None),
        (Fact("日", ("案1", datetime.datetime(1999, 6, 2, 8)), "t"), None),  # a date, as before
        (Fact("日", ("案1", True), "t"), "bad-value"),
        (Fact("日", ("案1", 1.5), "t"), "bad-value"),
        (Fact("办案", ("张三",), "t"), "arity-mismatch"),
        (Fact("追究", ("张三", "案1"), "t"), "concluded-predicate"),
        (Fact("未声明", ("张三",), "t"), "undeclared-predicate"),
        (Fact("办案", ["张三", "案1"], "t"), "bad-fact"),
    ],
)
def test_checked_flags_what_the_full_checks_flag(fact, code):
    book = Rulebook.from_text(RULES)
    if code is None:
        assert book.checked([fact]) == [fact]
        return
    with pytest.raises(JiuzeError) as raised:
        book.checked([fact])
    assert [f.code for f in raised.value.findings] == [code]


def test_checked_lets_scenarios_state_conclusions():
    book = Rulebook.from_text(RULES)
    fact = Fact("追究", ("张三", "案1"), "t")
    assert book.checked([fact], inputs_only=False) == [fact]
