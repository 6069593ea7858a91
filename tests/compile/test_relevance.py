"""The live-rule analysis: only rules that can fire are evaluated, and the answers do not change."""

from __future__ import annotations

from jiuze import Fact, Rulebook
from jiuze.compile.relevance import Relevance

BOOK = """
谓词 警察(人) 读作 "{人}是警察"。
谓词 刑讯(人) 读作 "{人}刑讯逼供"。
谓词 纠错(人) 读作 "{人}主动纠错"。
谓词 过错(人) 读作 "{人}有过错"。
谓词 免责(人) 读作 "{人}免责"。
谓词 追究(人) 读作 "{人}应被追究"。
谓词 次数(人, 数) 读作 "{人}刑讯{数}次"。
谓词 无事(人) 读作 "{人}无事"。
第一条 过错(P) 若 警察(P)，刑讯(P)。
第二条 免责(P) 若 纠错(P)。
第三条 追究(P) 若 过错(P)，并非 免责(P)。
第四条 次数(P, N) 若 警察(P)，N = 计数{P ： 刑讯(P)}。
第五条 无事(P) 若 警察(P)，并非 过错(P)。
"""


def rule_articles(book, live):
    return [book.program.rules[i].article.article for i in live.rules]


def test_a_rule_needing_an_absent_input_is_not_live():
    book = Rulebook.from_text(BOOK)
    relevance = Relevance(book.program)
    only_police = relevance.live({"警察"})
    assert rule_articles(book, only_police) == [5]
    assert only_police.aggregates == ()
    both = relevance.live({"警察", "刑讯"})
    assert rule_articles(book, both) == [1, 3, 4, 5]
    assert both.aggregates == (0,)
    assert "免责" not in both.predicates and "追究" in both.predicates


def test_pruned_evaluation_keeps_negation_and_counts():
    book = Rulebook.from_text(BOOK)
    facts = [Fact("警察", ("甲",), "c:1"), Fact("刑讯", ("甲",), "c:2"), Fact("警察", ("乙",), "c:3")]
    model = book.evaluate(facts)
    assert model.query("追究(P)") == [{"P": "甲"}]  # 免责 has no live rule: its negation holds
    assert model.query("次数(P, N)") == [{"P": "甲", "N": 1}]
    assert model.query("无事(P)") == [{"P": "乙"}]
    corrected = book.evaluate(facts + [Fact("纠错", ("甲",), "c:4")])
    assert corrected.query("追究(P)") == []  # now 免责 is live and blocks it
    assert book.evaluate(facts).query("追究(P)") == [{"P": "甲"}]  # and the rule is gone again
