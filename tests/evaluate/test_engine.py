"""Evaluation semantics on pyDatalog: recursion, negation, counts, comparisons, isolation."""

from __future__ import annotations

import datetime
import threading

import pytest

from jiuze import Fact, Rulebook

GRAPH = """
谓词 边(甲, 乙) 读作 "{甲}到{乙}有边"。
谓词 通(甲, 乙) 读作 "{甲}可达{乙}"。
谓词 点(甲) 读作 "{甲}是点"。
谓词 孤立(甲) 读作 "{甲}是孤立点"。
谓词 出度(甲, 数) 读作 "{甲}的出度为{数}"。
谓词 枢纽(甲) 读作 "{甲}是枢纽"。
第一条 通(X, Y) 若 边(X, Y)。
第二条 通(X, Z) 若 边(X, Y)，通(Y, Z)。
第三条 孤立(X) 若 点(X)，并非 边(X, _)，并非 边(_, X)。
第四条 出度(X, N) 若 点(X)，N = 计数{Y ： 边(X, Y)}。
第五条 枢纽(X) 若 出度(X, N)，N >= 2。
"""


def facts(*rows, source="测试"):
    return [Fact(row[0], tuple(row[1:]), f"{source}:{i}") for i, row in enumerate(rows, 1)]


@pytest.fixture(scope="module")
def graph():
    return Rulebook.from_text(GRAPH, "graph.jz")


def test_recursion_transitive_closure(graph):
    model = graph.evaluate(facts(["边", "a", "b"], ["边", "b", "c"], ["边", "c", "a"]))
    assert len(model.query("通(X, Y)")) == 9  # a cycle: everyone reaches everyone
    assert model.holds("通(a, a)")


def test_negation_as_failure_with_anonymous_variables(graph):
    model = graph.evaluate(facts(["点", "a"], ["点", "b"], ["点", "z"], ["边", "a", "b"]))
    assert model.query("孤立(X)") == [{"X": "z"}]


def test_count_groups_and_comparison(graph):
    model = graph.evaluate(facts(["点", "a"], ["点", "b"], ["边", "a", "b"], ["边", "a", "c"], ["边", "b", "c"]))
    assert model.query("出度(X, N)") == [{"N": 2, "X": "a"}, {"N": 1, "X": "b"}]
    assert model.query("枢纽(X)") == [{"X": "a"}]


def test_count_of_nothing_gives_no_row(graph):
    model = graph.evaluate(facts(["点", "z"]))
    assert model.query("出度(z, N)") == []


def test_query_results_are_sorted_and_typed():
    book = Rulebook.from_text("谓词 p(x)。 谓词 q(x)。 q(X) 若 p(X)。", "t.jz")
    model = book.evaluate(facts(["p", 10], ["p", 9], ["p", "乙"], ["p", "甲"], ["p", datetime.date(1999, 6, 2)]))
    values = [b["X"] for b in model.query("q(X)")]
    assert values == [datetime.date(1999, 6, 2), 9, 10, "乙", "甲"]


ARITH = """
谓词 结案(案件, 日期)。 谓词 立案(案件, 日期)。 谓词 超期(案件, 天数)。 谓词 翻倍(数, 结果)。 谓词 数(数)。
超期(C, D) 若 立案(C, A)，结案(C, B)，D = B - A，D > 30。
翻倍(X, Y) 若 数(X)，Y = X * 2 + (1 - 1)。
"""


def test_integer_and_date_arithmetic():
    book = Rulebook.from_text(ARITH, "arith.jz")
    model = book.evaluate(
        facts(
            ["立案", "案1", datetime.date(1999, 6, 2)],
            ["结案", "案1", datetime.date(1999, 8, 1)],
            ["立案", "案2", datetime.date(1999, 6, 2)],
            ["结案", "案2", datetime.date(1999, 6, 20)],
            ["数", 21],
            ["数", "名称"],
        )
    )
    assert model.query("超期(C, D)") == [{"C": "案1", "D": 60}]
    assert model.query("翻倍(X, Y)") == [{"X": 21, "Y": 42}]  # a name is not doubled, and no crash


def test_date_arithmetic_out_of_range_gives_no_answer_not_a_crash():
    book = Rulebook.from_text(
        "谓词 期限(案件, 日期, 天数)。 谓词 届满(案件, 日期)。 届满(C, E) 若 期限(C, D, N)，E = D + N。", "t.jz"
    )
    model = book.evaluate(
        facts(
            ["期限", "案1", datetime.date(1999, 6, 2), 30],
            ["期限", "案2", datetime.date(1999, 6, 2), 10**12],
            ["期限", "案3", datetime.date(9999, 12, 1), 60],
        )
    )
    assert model.query("届满(C, E)") == [{"C": "案1", "E": datetime.date(1999, 7, 2)}]


def test_comparisons_between_kinds_are_false_not_errors():
    book = Rulebook.from_text(
        "谓词 v(x)。 谓词 小(x)。 谓词 异(x)。 小(X) 若 v(X)，X < 5。 异(X) 若 v(X)，X != 5。", "t.jz"
    )
    model = book.evaluate(facts(["v", 3], ["v", "三"], ["v", 5]))
    assert model.query("小(X)") == [{"X": 3}]
    assert [b["X"] for b in model.query("异(X)")] == [3, "三"]


def test_each_evaluation_starts_clean(graph):
    first = graph.evaluate(facts(["边", "a", "b"]))
    second = graph.evaluate(facts(["边", "x", "y"]))
    assert first.query("通(X, Y)") == [{"X": "a", "Y": "b"}]
    assert second.query("通(X, Y)") == [{"X": "x", "Y": "y"}]


def test_two_rulebooks_in_one_process_never_see_each_other():
    one = Rulebook.from_text("谓词 p(x)。 谓词 q(x)。 q(X) 若 p(X)。 p(甲)。", "one.jz")
    two = Rulebook.from_text("谓词 p(x)。 谓词 q(x)。 谓词 r(x)。 r(X) 若 p(X)。 p(乙)。", "two.jz")
    m1 = one.evaluate(facts(["p", "丙"]))
    m2 = two.evaluate([])
    m1_again = one.evaluate([])
    assert m1.query("q(X)") == [{"X": "丙"}, {"X": "甲"}]
    assert m2.query("q(X)") == []
    assert m2.query("r(X)") == [{"X": "乙"}]
    assert m1_again.query("q(X)") == [{"X": "甲"}]


def test_rulebooks_used_from_several_threads(graph):
    results = {}

    def work(name):
        rows = [["边", f"{name}{i}", f"{name}{i + 1}"] for i in range(20)]
        results[name] = len(graph.evaluate(facts(*rows)).query("通(X, Y)"))

    threads = [threading.Thread(target=work, args=(n,)) for n in "abcd"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == {n: 210 for n in "abcd"}


def test_facts_in_the_rulebook_are_always_there():
    book = Rulebook.from_text("谓词 上级(甲, 乙)。 谓词 管(甲, 乙)。 上级(部, 厅)。 管(X, Y) 若 上级(X, Y)。", "t.jz")
    assert book.evaluate([]).holds("管(部, 厅)")


def test_a_fact_the_rulebook_does_not_declare_is_an_error(graph):
    from jiuze import JiuzeError

    with pytest.raises(JiuzeError) as error:
        graph.evaluate(facts(["边界", "a", "b"], ["边", "a"]))
    assert [f.code for f in error.value.findings] == ["undeclared-predicate", "arity-mismatch"]


def test_clauses_built_on_first_use_name_only_predicates_registered_up_front():
    """Rules' clauses are built when a case first needs them (pydatalog.py `_rule`): building every one
    later, in the engine's logic, registers no predicate the build did not already register."""
    from pyDatalog.Logic import Logic

    book = Rulebook.load()
    engine = book.engine("pydatalog")
    before = set(engine._logic.Pred_registry.keys())
    assert sum(clause is not None for clause in engine._rules) == 0
    Logic(engine._logic)
    for index in range(len(book.program.rules)):
        engine._rule(index)
    for predicate in engine._derived:
        engine._collector(predicate)
    assert set(Logic.tl.logic.Pred_registry.keys()) == before


NEGATIONS = """
谓词 p(x)。 谓词 q(x)。 谓词 r(x)。 谓词 s(x)。 谓词 t(x)。
r(X) 若 p(X)，并非 q(X)。
s(X) 若 q(X)，并非 p(X)。
t(X) 若 r(X)，并非 s(X)。
"""


def test_threads_that_first_need_different_rules_get_the_same_answers():
    """Each thread's first case needs other rules (built then, in that thread's copy of the logic)."""
    book = Rulebook.from_text(NEGATIONS, "negations.jz")
    cases = {"p": facts(["p", "a"], ["q", "b"]), "q": facts(["q", "b"]), "both": facts(["p", "a"], ["q", "a"])}
    expected = {"p": ["a"], "q": [], "both": []}
    results: dict = {}

    def work(name):
        results[name] = [b["X"] for b in book.evaluate(cases[name]).query("t(X)")]

    threads = [threading.Thread(target=work, args=(n,)) for n in cases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == expected
    assert {n: [b["X"] for b in book.evaluate(cases[n]).query("t(X)")] for n in cases} == expected
