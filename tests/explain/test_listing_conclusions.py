"""What batch asks of every conclusion, answered the cheap way and checked against the thorough
one (issue 12, shared per-case cost): a conclusion's modality read from its rules when they all
carry the same one (arguments.py `_uniform_modality`) against matching the bodies of the rules
that could have fired; `Model.relation`'s plain tuple sort against `row_key`."""

from __future__ import annotations

import datetime
import itertools

import pytest

from jiuze import Fact, Rulebook
from jiuze.evaluate.values import row_key
from jiuze.explain import arguments
from jiuze.explain.matching import unify_row
from jiuze.explain.model import Model
from jiuze.explain.proof import GroundAtom

RULES = """
谓词 甲(x)。 谓词 乙(x, y)。 谓词 处理(x, y)。 谓词 同(x, y)。 谓词 混(x)。 谓词 陈述(x, y)。
第一条 可以 处理(X, 警告) 若 甲(X)。
第二条 可以 处理(X, 记过) 若 乙(X, _)。
第三条 可以 处理(X, Y) 若 乙(X, Y)，Y = 免职。
第四条 应当 同(X, X) 若 甲(X)。
第五条 应当 同(X, Y) 若 乙(X, Y)，X = Y。
第六条 应当 混(X) 若 甲(X)。
第七条 可以 混(X) 若 乙(X, _)。
第八条 不得 陈述(X, Y) 若 乙(X, Y)。
"""

CASES = [
    [Fact("甲", ("张三",), "t"), Fact("乙", ("李四", "免职"), "t")],
    [Fact("乙", ("王五", "王五"), "t"), Fact("乙", ("王五", 3), "t")],
    [Fact("甲", ("赵六",), "t"), Fact("乙", ("赵六", "赵六"), "t"), Fact("陈述", ("赵六", "赵六"), "t")],
]


def _modalities(model) -> dict:
    return {
        str(atom): model.modality(atom)
        for predicate in ("处理", "同", "混", "陈述")
        for atom in (GroundAtom(predicate, row) for row in model.relation(predicate))
    }


@pytest.mark.parametrize("evaluator", ["pydatalog", "clingo"])
def test_modality_read_from_the_rules_is_the_matched_one(evaluator, monkeypatch):
    book = Rulebook.from_text(RULES)
    table = arguments._uniform_modality(book.program)
    assert {p: m for p, (m, _) in table.items()} == {"处理": "permitted", "同": "required", "陈述": "forbidden"}
    fast = [_modalities(book.evaluate(facts, evaluator, inputs_only=False)) for facts in CASES]
    monkeypatch.setattr(arguments, "_uniform_modality", lambda program: {})
    matched = [_modalities(book.evaluate(facts, evaluator, inputs_only=False)) for facts in CASES]
    assert fast == matched
    assert fast[0]["处理(张三, 警告)"] == "permitted" and fast[2]["混(赵六)"] == "required"
    assert fast[2]["陈述(赵六, 赵六)"] == "forbidden"  # stated by the case and derived


def test_heads_accept_as_unification():
    book = Rulebook.from_text(RULES)
    values = ["张三", "警告", "记过", "免职", 3, "3"]
    for predicate in ("处理", "同"):
        heads = [rule.head for rule in book.program.rules_by_head[predicate]]
        accepting = arguments._Heads(heads)
        assert (accepting.keys is None) == (predicate == "同")  # 同(X, X): a repeated variable
        for row in itertools.product(values, repeat=2):
            expected = any(unify_row(head, row, {}) is not None for head in heads)
            assert accepting.accept(row) == expected, (predicate, row)


@pytest.mark.parametrize(
    "rows",
    [
        {("b", 2), ("a", 10), ("a", 9), ("c", -1)},
        {("a", 1), ("a", "b"), (datetime.date(2001, 1, 2), 2), (3, "z"), (2, "z"), ("b", datetime.date(1999, 6, 2))},
        {(1, "x"), ("1", "x"), (datetime.date(2000, 1, 1), "x"), (0, "y")},
    ],
)
def test_relation_rows_in_row_key_order(rows):
    """Model.relation sorts by plain tuple order when it can, by row_key where kinds meet: the same order."""
    book = Rulebook.from_text("谓词 对(x, y)。 谓词 甲(x)。 对(X, X) 若 甲(X)。")
    model = Model(book.program, [], {"对": set(rows)})
    assert model.relation("对") == sorted(rows, key=row_key)


def _listed_one_by_one(model, predicates) -> list:
    """What `Model.listing` stands for: each relation, sorted, and `modality_of` of each row."""
    return [
        (p, model.relation(p), [model.modality_of(p, row) for row in model.relation(p)])
        for p in predicates
        if model.relation(p)
    ]


def _listed(model, predicates) -> list:
    return [(p, rows, modalities or [None] * len(rows)) for p, rows, modalities in model.listing(predicates)]


@pytest.mark.parametrize("evaluator", ["pydatalog", "clingo"])
def test_listing_is_each_relation_and_the_modality_of_each_row(evaluator):
    """Batch's one call per case (sorted rows, modalities decided per predicate where the rules
    allow) against asking row by row; 陈述(赵六, 赵六) is stated by the case and derived."""
    book = Rulebook.from_text(RULES + PLACED)
    predicates = ["甲", "乙", "处理", "同", "混", "陈述", "定", "无"]
    for facts in CASES + PLACED_CASES:
        model = book.evaluate(facts, evaluator, inputs_only=False)
        assert _listed(model, predicates) == _listed_one_by_one(model, predicates)
        if facts is PLACED_CASES[-1]:
            assert [m for _, _, m in _listed(model, ["处理", "定"])] == [[None], [None]]
    table = arguments._uniform_modality(book.program)
    assert table["定"][1].place is not None and table["处理"][1].always  # both short ways are taken


def test_listing_on_the_national_rulebook():
    """The same on generated cases and the built-in rulebook, with the rule firings clingo reports."""
    from tests.conftest import generated_facts

    national = Rulebook.load()
    shown = [p for p in national.program.derived_predicates if not p.startswith("#")]
    cases = [national.checked(facts) for facts in generated_facts(60)]
    modal = 0
    for facts, relations in zip(cases, national.relations(cases, "clingo", True)):
        model = Model(national.program, facts, relations)
        listed = _listed(model, shown)
        assert listed == _listed_one_by_one(model, shown)
        modal += sum(1 for _, _, modalities in listed for m in modalities if m)
    assert modal > 100


PLACED = """
谓词 定(x, y)。 谓词 无(x)。
第九条 应当 定(X, 一) 若 甲(X)。
第十条 应当 定(X, 二) 若 乙(X, _)。
第十一条 无(X) 若 甲(X)。
"""

PLACED_CASES = [
    [Fact("甲", ("张三",), "t"), Fact("乙", ("张三", "免职"), "t"), Fact("定", ("张三", "三"), "t")],
    [Fact("定", ("李四", "一"), "t"), Fact("甲", ("李四",), "t")],
    [Fact("处理", ("王五", "警告"), "t"), Fact("定", ("王五", "一"), "t")],  # stated, and no rule fires
]


def test_heads_differing_in_one_constant_place():
    """`_Heads.place`: heads equal but for one constant place accept a row iff its value there is one of them."""
    from jiuze.language.parser import parse_atom

    heads = [parse_atom("定(X, 一)"), parse_atom("定(Y, 2)"), parse_atom("定(_, 二)")]
    accepting = arguments._Heads(heads)
    assert accepting.place == (1, frozenset({"一", 2, "二"})) and not accepting.always
    for row in itertools.product(["一", "二", 2, "2", datetime.date(2000, 1, 2), 3], repeat=2):
        expected = any(unify_row(head, row, {}) is not None for head in heads)
        assert accepting.accept(row) == expected, row
    assert arguments._Heads([parse_atom("定(X, 一)"), parse_atom("定(一, Y)")]).place is None
    assert arguments._Heads([parse_atom("定(X, X)")]).place is None
