"""Position conversion (Lark code points ↔ LSP UTF-16) and the regulation text the server quotes."""

from __future__ import annotations

from lsprotocol import types

from jiuze.language.articles import ArticleRef
from jiuze.language.source import Span
from jiuze.lsp import regulation
from jiuze.lsp.positions import Lines


def test_columns_after_a_character_outside_the_bmp_count_two_utf16_units():
    lines = Lines('p("😀", 甲 乙)。\n')
    # Lark: 乙 is code point column 10 (1-based); in UTF-16 the emoji takes two units.
    span = Span("x", 1, 10, 1, 11)
    assert lines.span_range(span) == types.Range(types.Position(0, 10), types.Position(0, 11))
    assert lines.to_lark(types.Position(0, 10)) == (1, 10)


def test_cjk_columns_are_one_unit_each():
    lines = Lines("谓词 逼供(警察, 案件)。")
    assert lines.to_lsp(1, 4) == types.Position(0, 3)
    assert lines.to_lark(types.Position(0, 3)) == (1, 4)


def test_article_item_and_paragraph_text():
    assert regulation.text_of(ArticleRef(6, None, 2)).endswith(
        "（二）在办案中弄虚作假、逼供、骗供、诱供、逼取证人证言的，或者因为在勘验、检查、鉴定中出现重大失误、疏漏而造成案件错误处理的；"
    )
    assert regulation.text_of(ArticleRef(14)).count("\n") == 4  # the article and its four items
    assert regulation.text_of(ArticleRef(20)).startswith("第二十条公安机关发生执法过错案件影响恶劣")
    assert regulation.text_of(ArticleRef(6, None, 17)) is None  # an item only a province adds
    assert regulation.text_of(ArticleRef(31)) is None
    labels = dict(regulation.labels())
    assert len({ref.article for ref in labels}) == 30
    assert labels[ArticleRef(6, None, 2)].startswith("（二）在办案中弄虚作假")
    assert labels[ArticleRef(6)].startswith("第六条 公安机关人民警察在执行职务中")
    assert sum(1 for ref in labels if ref.article == 6 and ref.item) == 16
