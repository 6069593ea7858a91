"""The ASP translation on its own (evaluate/asp.py, evaluate/clingo.py): every case is
evaluated on clingo and on pyDatalog (the reference) and the relations must be equal."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jiuze import Fact, Rulebook
from jiuze.evaluate.asp import Unrepresentable, asp_value
from jiuze.evaluate.clingo import ClingoEngine, UnsupportedProgram
from jiuze.evaluate.evaluators import differing_relations


def both(book: Rulebook, facts: list[Fact]) -> tuple[dict, dict]:
    reference = book.engine("pydatalog").evaluate(facts)
    return reference, book.engine("clingo").evaluate(facts)


def agree(text: str, rows: list[tuple]) -> dict:
    book = Rulebook.from_text(text, "t.jz")
    facts = [Fact(row[0], tuple(row[1:]), f"case.yaml#/facts/{i}") for i, row in enumerate(rows)]
    reference, clingo = both(book, facts)
    assert differing_relations(reference, clingo) == [], (reference, clingo)
    assert book.engine("clingo").notes == []
    return {name: rows for name, rows in reference.items() if rows}


NAMES = "谓词 名(x)。\n谓词 同名(x)。\n同名(X) 若 名(X)。\n"


@pytest.mark.parametrize(
    "name",
    ['有"引号"的名字', "反斜杠\\n不是换行", "真的\n换行", "{case}", "a,b).", "", " ", "王五", "d(1)", "1", "#计数1"],
)
def test_names_that_need_quoting_come_back_unchanged(name):
    assert agree(NAMES, [("名", name)]) == {"同名": {(name,)}}


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_characters="\0", blacklist_categories=("Cs",)), max_size=12))
def test_any_text_without_nul_round_trips(name):
    assert agree(NAMES, [("名", name)]) == {"同名": {(name,)}}


DATES = """
谓词 发生(案, 日)。
谓词 决定(案, 日)。
谓词 期限内(案)。
谓词 相隔(案, 天)。
谓词 到期(案, 日)。
谓词 较早(案)。
期限内(C) 若 发生(C, D1)，决定(C, D2)，D2 - D1 <= 30。
相隔(C, N) 若 发生(C, D1)，决定(C, D2)，N = D2 - D1。
到期(C, D) 若 发生(C, D1)，D = D1 + 30。
较早(C) 若 发生(C, D1)，决定(C, D2)，D1 < D2。
"""


def test_dates_compare_subtract_and_shift():
    d = datetime.date
    got = agree(
        DATES,
        [
            ("发生", "甲", d(1999, 6, 1)),
            ("决定", "甲", d(1999, 6, 21)),
            ("发生", "乙", d(2000, 1, 1)),
            ("决定", "乙", "未定"),
        ],
    )
    assert got["相隔"] == {("甲", 20)} and got["期限内"] == {("甲",)} and got["较早"] == {("甲",)}
    assert got["到期"] == {("甲", d(1999, 7, 1)), ("乙", d(2000, 1, 31))}


def test_a_date_shifted_out_of_range_does_not_fire_on_either():
    got = agree(DATES, [("发生", "丙", datetime.date(9999, 12, 20))])
    assert "到期" not in got


ARITHMETIC = """
谓词 数(x)。
谓词 和(x, y)。
谓词 积(x, y)。
谓词 大于(x, y)。
和(X, Y) 若 数(X)，Y = X + 1000。
积(X, Y) 若 数(X)，Y = X * X。
大于(X, Y) 若 数(X)，数(Y)，X > Y。
"""


def test_arithmetic_and_order_stay_within_one_kind():
    got = agree(ARITHMETIC, [("数", 3), ("数", -2), ("数", "三"), ("数", datetime.date(2000, 1, 1))])
    day = datetime.date(2000, 1, 1)
    assert got["和"] == {(3, 1003), (-2, 998), (day, day + datetime.timedelta(days=1000))}  # date + days
    assert got["积"] == {(3, 9), (-2, 4)}
    assert got["大于"] == {(3, -2)}  # a name and a date are not ordered against numbers


def test_an_overflowing_product_goes_to_pydatalog_with_a_note():
    book = Rulebook.from_text(ARITHMETIC, "t.jz")
    facts = [Fact("数", (100_000,), "大数.yaml#/facts/0")]
    reference, clingo = both(book, facts)
    assert clingo["积"] == {(100_000, 10_000_000_000)} == reference["积"]
    assert book.engine("clingo").notes == [
        "案件 大数.yaml：整数运算的结果超出 clingo 的 32 位整数范围，已改用 pyDatalog 求值"
    ]


@pytest.mark.parametrize("value", [2**31, -(2**31) - 1, True])
def test_values_clingo_cannot_hold_go_to_pydatalog_with_a_note(value):
    book = Rulebook.from_text(NAMES, "t.jz")
    reference, clingo = both(book, [Fact("名", (value,), "怪值.yaml#/facts/0")])
    assert clingo == reference and clingo["同名"] == {(value,)}
    (note,) = book.engine("clingo").notes
    assert note.startswith("案件 怪值.yaml：值 ") and note.endswith("已改用 pyDatalog 求值")


def test_unrepresentable_values_are_named():
    with pytest.raises(Unrepresentable, match="32 位"):
        asp_value(2**40)
    with pytest.raises(Unrepresentable, match="NUL"):
        asp_value("a\0b")


def test_a_rule_constant_clingo_cannot_hold_is_located_and_pydatalog_stands_in():
    text = "谓词 数(x)。\n谓词 很大(x)。\n很大(X) 若 数(X)，X > 5000000000。\n"
    book = Rulebook.from_text(text, "大.jz", evaluator="clingo")
    with pytest.raises(UnsupportedProgram, match="大.jz:3"):
        ClingoEngine(book.program)
    model = book.evaluate([Fact("数", (6_000_000_000,), "c#/facts/0")])
    assert model.relation("很大") == [(6_000_000_000,)]
    assert "大.jz:3" in book.evaluator_notes[0] and "改用 pyDatalog" in book.evaluator_notes[0]


COUNTS = """
谓词 点(x)。
谓词 边(x, y)。
谓词 出度(x, n)。
谓词 孤立(x)。
出度(X, N) 若 点(X)，N = 计数{Y ： 边(X, Y)}。
孤立(X) 若 点(X)，并非 边(X, _)，并非 边(_, X)。
"""


def test_counts_have_no_row_for_an_empty_group_and_negation_is_failure():
    got = agree(COUNTS, [("点", "a"), ("点", "b"), ("点", "z"), ("边", "a", "b"), ("边", "a", "c")])
    assert got["出度"] == {("a", 2)}
    assert got["孤立"] == {("z",)}
    assert "#计数1明细" in got and "#计数1" in got


def test_many_cases_in_one_call_do_not_see_each_other():
    book = Rulebook.from_text(COUNTS, "t.jz")
    cases = [
        [Fact("点", ("a",), f"案{k}#/facts/0")] + [Fact("边", ("a", f"n{i}"), "x") for i in range(k)] for k in range(5)
    ]
    engine = book.engine("clingo")
    assert [r.get("出度", set()) for r in engine.evaluate_many(cases)] == [set()] + [{("a", k)} for k in range(1, 5)]


def test_the_defeasible_layer_agrees_on_every_relation_of_the_national_rulebook():
    book = Rulebook.load()
    assert any(p.startswith("#") for p in book.program.derived_predicates)
    for scenario in book.scenarios:
        from jiuze.compile.program import fact_from_atom

        facts = [fact_from_atom(a, a.span.where) for a in scenario.facts]
        reference, clingo = both(book, facts)
        assert differing_relations(reference, clingo) == [], scenario.name


def test_the_decoding_table_emptied_midway_decodes_the_same(generated, monkeypatch):
    """clingo symbols are decoded through one process-wide table (symbol number -> value) that is
    emptied when full; emptied every few symbols, a chunk still decodes to pyDatalog's relations."""
    from jiuze.evaluate import clingo as engine_module

    book = Rulebook.load()
    cases = [book.checked(facts) for facts in generated(30)]
    monkeypatch.setattr(engine_module._Values, "LIMIT", 5)
    engine_module._VALUES.clear()
    for facts, mine, reference in zip(cases, book.relations(cases, "clingo"), book.relations(cases, "pydatalog")):
        assert differing_relations(reference, mine) == [], facts[0].source
    assert 0 < len(engine_module._VALUES) <= 5


def test_a_clingo_worker_does_not_load_pydatalog():
    """Every batch worker is a clingo engine; pyDatalog (≈ 3 MB in each process, and in the zygote
    they are forked from) is loaded only when a case has to fall back to it."""
    import subprocess
    import sys

    code = (
        "import sys; from jiuze import Rulebook; book = Rulebook.load(); "
        "book.relations([[]], 'clingo', firings=True); print('pyDatalog' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False", result.stderr
