"""Proofs: shortest, well-founded under recursion, citing articles and sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiuze import Fact, Rulebook
from jiuze.reports import jsondoc
from jiuze.reports import proof_text as text

HERE = Path(__file__).parent / "proofs"

RULES = """
谓词 办案人(警察, 案件) 读作 "{警察}是{案件}的办案人"。
谓词 刑讯逼供(警察, 案件) 读作 "{警察}在{案件}中刑讯逼供"。
谓词 免责(警察, 案件) 读作 "{警察}在{案件}中依法免责"。
谓词 应当追究(警察, 案件) 读作 "应当追究{警察}在{案件}中的执法过错责任"。
谓词 多次过错(警察, 次数) 读作 "{警察}发生执法过错{次数}次"。
第六条第（二）项 应当追究(P, C) 若 办案人(P, C)，刑讯逼供(P, C)，并非 免责(P, C)。
第二十四条第（四）项 多次过错(P, N) 若 办案人(P, _)，N = 计数{C ： 应当追究(P, C)}，N >= 2。
"""


@pytest.fixture(scope="module")
def model():
    book = Rulebook.from_text(RULES, "rules.jz")
    rows = [
        ("办案人", "张三", "案1"),
        ("刑讯逼供", "张三", "案1"),
        ("办案人", "张三", "案2"),
        ("刑讯逼供", "张三", "案2"),
        ("办案人", "李四", "案2"),
        ("刑讯逼供", "李四", "案2"),
        ("免责", "李四", "案2"),
    ]
    return book.evaluate([Fact(r[0], r[1:], f"case.jz:{i}") for i, r in enumerate(rows, 1)])


def test_proof_cites_article_rule_and_facts(model, golden):
    proof = model.explain("应当追究(张三, 案1)")
    assert str(proof.article) == "第六条第（二）项"
    assert [p.kind for p in proof.premises] == ["fact", "fact", "absent"]
    assert proof.premises[0].source == "case.jz:1"
    golden(HERE / "liable.txt", text.proof_text(proof))
    golden(HERE / "liable.json", jsondoc.dumps(jsondoc.proof_data(proof)))


def test_count_proof_lists_what_it_counted(model, golden):
    proof = model.explain("多次过错(张三, 2)")
    count = proof.premises[1]
    assert count.kind == "count"
    assert [item.text for item in count.premises] == ["案1", "案2"]
    golden(HERE / "count.txt", text.proof_text(proof))


def test_no_proof_for_what_does_not_hold(model):
    assert model.explain("应当追究(李四, 案2)") is None


def _chain(n: int, rule: str = "通(X, Z) 若 边(X, Y)，通(Y, Z)。"):
    book = Rulebook.from_text(
        f'谓词 边(a, b)。 谓词 通(a, b) 读作 "{{a}}可达{{b}}"。 通(X, Y) 若 边(X, Y)。 {rule}', "chain.jz"
    )
    return book.evaluate([Fact("边", (i, i + 1), f"e:{i}") for i in range(n)])


def _leaves(proof):
    if not proof.premises:
        return [proof]
    return [leaf for p in proof.premises for leaf in _leaves(p)]


@pytest.fixture(scope="module")
def chain300():
    return _chain(300)


@pytest.mark.parametrize("a,b", [(0, 300), (17, 250), (299, 300), (150, 151)])
def test_transitive_closure_over_300_edges_explains_any_pair(chain300, a, b):
    proof = chain300.explain(f"通({a}, {b})")
    assert [leaf.atom.values for leaf in _leaves(proof)] == [(i, i + 1) for i in range(a, b)]
    assert proof.size() == 2 * (b - a)  # one 通 node and one edge per step: nothing repeated


def test_transitive_closure_over_a_cycle_terminates():
    book = Rulebook.from_text(
        "谓词 边(a, b)。 谓词 通(a, b)。 通(X, Y) 若 边(X, Y)。 通(X, Z) 若 边(X, Y)，通(Y, Z)。", "c.jz"
    )
    model = book.evaluate([Fact("边", (i, (i + 1) % 50), "e") for i in range(50)])
    assert len(model.query("通(X, Y)")) == 2500
    proof = model.explain("通(7, 6)")
    assert len(_leaves(proof)) == 49


def test_all_derivations_are_distinct_and_finite():
    model = _chain(4, "通(X, Z) 若 通(X, Y)，通(Y, Z)。")
    proofs = model.explain("通(0, 3)", all=True)
    texts = {text.proof_text(p) for p in proofs}
    assert len(texts) == len(proofs) == 2  # (01 12) 23 and 01 (12 23)
    assert all(_leaves(p) == _leaves(proofs[0]) for p in proofs)
