"""FactIndex as a model fills it (issue 12, per-case cost): the evaluator's row sets are kept as they
are instead of copied, and must never be changed through the index; the stated facts are grouped
in one go, as adding them one by one did (first statement kept, in order)."""

from __future__ import annotations

from jiuze import Fact, Rulebook
from jiuze.evaluate.facts import FactIndex
from jiuze.explain.model import Model


def test_a_kept_set_is_never_changed_and_keeps_its_order():
    rows = {("甲", 1), ("乙", 2), ("丙", 3)}
    before, order = set(rows), list(rows)
    index = FactIndex()
    index.update_all({"p": rows, "q": set(), "r": [("x",), ("y",), ("x",)]})
    assert index.all("p") == order and index.all("r") == [("x",), ("y",)]
    assert index.predicates() == ["p", "r"] and index.nonempty(["q", "p"]) == ["p"]
    assert ("p", ("乙", 2)) in index and ("p", ("丁", 4)) not in index
    assert index.add("p", ("丁", 4)) and not index.add("p", ("甲", 1))
    index.update("p", [("戊", 5)])
    index.update_all({"p": {("己", 6)}})
    assert rows == before  # the caller's set, untouched
    assert index.all("p") == [*order, ("丁", 4), ("戊", 5), ("己", 6)]
    assert index.rows("p", ("丁", None)) == [("丁", 4)]
    kept = {("一",), ("二",)}
    index.update_all({"s": kept})
    index.update_all({"s": {("三",)}})  # to a kept set, without an add in between
    assert kept == {("一",), ("二",)} and index.all("s")[2:] == [("三",)]


def test_rows_of_a_kept_set_after_an_index_exists():
    rows = {("a", 1), ("b", 2)}
    index = FactIndex()
    index.update_all({"p": rows})
    assert index.rows("p", ("a", None)) == [("a", 1)]  # an index on position 0 now exists
    index.update_all({"p": {("a", 3)}})
    assert sorted(index.rows("p", ("a", None))) == [("a", 1), ("a", 3)] and rows == {("a", 1), ("b", 2)}


def test_stated_facts_as_added_one_by_one():
    book = Rulebook.from_text("谓词 甲(x)。 谓词 乙(x, y)。 谓词 丙(x)。 甲(张三)。 乙(张三, 1)。 丙(X) 若 甲(X)。")
    facts = [
        Fact("乙", ("李四", 2), "case#1"),
        Fact("甲", ("张三",), "case#2"),  # also stated by the rulebook, which is the one cited
        Fact("乙", ("张三", 1), "case#3"),
        Fact("甲", ("李四",), "case#4"),
        Fact("乙", ("李四", 2), "case#5"),
    ]
    derived = {"丙": {("张三",), ("李四",)}}
    model = Model(book.program, facts, derived)
    expected, index = {}, FactIndex()
    for fact in (*book.program.facts, *facts):
        if (fact.predicate, fact.values) not in expected:
            expected[(fact.predicate, fact.values)] = fact
            index.add(fact.predicate, fact.values)
    assert model.inputs == expected and list(model.inputs) == list(expected)
    assert model.inputs[("甲", ("张三",))].source != "case#2"
    for predicate in ("甲", "乙", "丙"):
        assert model.index.all(predicate) == (index.all(predicate) or list(derived[predicate]))
    assert model.relation("乙") == [("张三", 1), ("李四", 2)]
