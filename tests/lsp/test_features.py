"""Hover, definition, references, completion, symbols and formatting over stdio, on the national rulebook and an overlay."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsp_helpers import diagnostics, open_file, position_of, replace_all
from lsprotocol import types

from jiuze.language.layout import format_text

ROOT = Path(__file__).resolve().parents[2]


def doc(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


def _code(text: str) -> str:
    return "\n".join(line.split("#", 1)[0] for line in text.splitlines())


def _end(text: str) -> types.Position:
    lines = text.split("\n")
    return types.Position(len(lines) - 1, len(lines[-1]))


async def hover_text(client, uri: str, position: types.Position) -> str:
    result = await client.text_document_hover_async(types.HoverParams(doc(uri), position))
    assert result is not None
    return result.contents.value


@pytest.mark.asyncio
async def test_hover_shows_reading_and_declaration_regulation_text_and_a_rules_articles(client, rulebooks):
    path = rulebooks / "national" / "06-追究情形.jz"
    uri = open_file(client, path)
    text = path.read_text(encoding="utf-8")

    on_predicate = await hover_text(client, uri, position_of(text, "逼供(P, C)。", offset=1))
    assert "谓词 逼供(警察, 案件)" in on_predicate
    assert "读作：{警察}在办理{案件}中逼供" in on_predicate
    assert "属于 第六条第（二）项" in on_predicate
    assert "声明于" in on_predicate and "00-词汇.jz:" in on_predicate

    on_item = await hover_text(client, uri, position_of(text, "第（二）项 执法过错情形", offset=2))
    assert "**第六条第（二）项**" in on_item
    assert "（二）在办案中弄虚作假、逼供、骗供、诱供、逼取证人证言的" in on_item

    on_rule = await hover_text(client, uri, position_of(text, "若 执行职务中有过错(P, C)，弄虚作假", offset=0))
    assert on_rule.startswith("本规则实施 **第六条第（二）项**")

    on_article = await hover_text(client, uri, position_of(text, "第六条 ｛"))
    assert "应当追究执法过错责任" in on_article and "（十六）" in on_article


@pytest.mark.asyncio
async def test_definition_of_a_predicate_is_its_declaration_and_references_find_heads_and_bodies(client, rulebooks):
    path = rulebooks / "national" / "06-追究情形.jz"
    uri = open_file(client, path)
    text = path.read_text(encoding="utf-8")
    where = position_of(text, "执行职务中有过错(P, C)，应当立案", offset=1)
    [target] = await client.text_document_definition_async(types.DefinitionParams(doc(uri), where))
    declaring = rulebooks / "national" / "02-执法过错.jz"
    assert target.uri == declaring.as_uri()
    line = declaring.read_text(encoding="utf-8").split("\n")[target.range.start.line]
    assert line.startswith("谓词 执行职务中有过错(")

    refs = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=doc(uri), position=where, context=types.ReferenceContext(include_declaration=False)
        )
    )
    here = [r for r in refs if r.uri == uri]
    there = [r for r in refs if r.uri == declaring.as_uri()]
    assert len(here) == _code(text).count("执行职务中有过错(")
    assert (
        len(there) == _code(declaring.read_text(encoding="utf-8")).count("执行职务中有过错(") - 1
    )  # not the declaration
    assert all(r.range.end.character - r.range.start.character == len("执行职务中有过错") for r in refs)


@pytest.mark.asyncio
async def test_definition_of_an_overlay_amendment_target_is_the_base_rule(client, rulebooks):
    path = rulebooks / "province" / "00-办法.jz"
    uri = open_file(client, path)
    text = path.read_text(encoding="utf-8")
    await diagnostics(client, uri)
    where = position_of(text, "修改 第二十三条第（一）项", offset=4)
    targets = await client.text_document_definition_async(types.DefinitionParams(doc(uri), where))
    assert targets, "the base rule of 第二十三条第（一）项"
    base = (rulebooks / "national" / "23-从轻从重.jz").as_uri()
    assert {t.uri for t in targets} == {base}
    base_text = (rulebooks / "national" / "23-从轻从重.jz").read_text(encoding="utf-8")
    line = base_text.split("\n")[targets[0].range.start.line]
    assert "从轻或免予追究情形(P, C, 1)" in line

    added = await hover_text(client, uri, position_of(text, "增加 第六条第（十七）项", offset=4))
    assert "《规定》中没有这一条/项" in added
    on_base_predicate = await hover_text(client, uri, position_of(text, "执行职务中有过错(P, C)，不按规定", offset=1))
    assert "02-执法过错.jz" in on_base_predicate  # declared in the base rulebook
    where = position_of(text, "增加 第六条 ｛", offset=3)
    blocks = await client.text_document_definition_async(types.DefinitionParams(doc(uri), where))
    national = rulebooks / "national"
    assert [b.uri for b in blocks] == [(national / f).as_uri() for f in ("00-词汇.jz", "06-追究情形.jz")]
    for block, name in zip(blocks, ("00-词汇.jz", "06-追究情形.jz")):
        line = (national / name).read_text(encoding="utf-8").split("\n")[block.range.start.line]
        assert line.startswith("第六条 ｛")


@pytest.mark.asyncio
async def test_completion_offers_keywords_predicates_labels_and_the_values_an_argument_takes(client, rulebooks):
    path = rulebooks / "province" / "00-办法.jz"
    uri = open_file(client, path)
    text = path.read_text(encoding="utf-8") + "\n测试(P, C) 若 主观过错(P, C, "
    replace_all(client, uri, text)
    end = _end(text)
    result = await client.text_document_completion_async(types.CompletionParams(doc(uri), end))
    values = {item.label for item in result.items}
    assert {"故意", "过失", "轻微过失"} <= values
    assert "谓词" not in values

    text = path.read_text(encoding="utf-8") + "\n测试(P, C) 若 应当"
    replace_all(client, uri, text, version=3)
    end = _end(text)
    result = await client.text_document_completion_async(types.CompletionParams(doc(uri), end))
    items = {item.label: item for item in result.items}
    assert "谓词" in items and "第六条第（二）项" in items
    predicate = items["应当追究"]
    assert predicate.detail == "应当追究(警察, 案件)"
    assert "应当追究{警察}在{案件}中的执法过错责任" in predicate.documentation.value
    assert predicate.text_edit.new_text == "应当追究(${1:警察}, ${2:案件})"
    assert predicate.text_edit.range == types.Range(types.Position(end.line, end.character - 2), end)
    assert "不按规定受案登记" in items  # declared in the overlay itself

    text = path.read_text(encoding="utf-8") + "\n修改 第六条第（"
    replace_all(client, uri, text, version=4)
    end = _end(text)
    result = await client.text_document_completion_async(types.CompletionParams(doc(uri), end))
    labels = {item.label: item for item in result.items}
    assert set(labels) == {label for label in labels if label.startswith("第")}  # only labels while one is typed
    item = labels["第六条第（二）项"]
    assert item.text_edit.range == types.Range(types.Position(end.line, 3), end)
    assert "逼供" in item.documentation.value


@pytest.mark.asyncio
async def test_document_symbols_nest_articles_items_and_rules(client, rulebooks):
    path = rulebooks / "national" / "06-追究情形.jz"
    uri = open_file(client, path)
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(doc(uri)))
    by_name = {s.name: s for s in symbols}
    article = by_name["第六条"]
    items = {c.name: c for c in article.children}
    assert "第六条第（二）项" in items
    rules = [c.name for c in items["第六条第（二）项"].children]
    # each item-2 rule and, beside it, its 所列情形 (the act without fault; docs/vocabulary.md 解读 35)
    assert rules.count("执法过错情形(P, C, 2)") == 7 and rules.count("所列情形(P, C, 2)") == 7
    assert any(s.name.startswith("谓词 应当追究") for s in symbols)


@pytest.mark.asyncio
async def test_formatting_returns_the_canonical_layout(client, rulebooks):
    path = rulebooks / "province" / "00-办法.jz"
    uri = open_file(client, path)
    messy = '依据 "../national".\n# 注释\n谓词 新谓词(警察)。谓词 另一(警察)。\n新谓词(P) :- 另一(P), 人民警察(P).\n'
    replace_all(client, uri, messy)
    edits = await client.text_document_formatting_async(
        types.DocumentFormattingParams(doc(uri), types.FormattingOptions(tab_size=2, insert_spaces=True))
    )
    [edit] = edits
    assert edit.range.start == types.Position(0, 0)
    assert edit.new_text == format_text(messy)
    assert "新谓词(P) 若 另一(P)，人民警察(P)。" in edit.new_text and "# 注释" in edit.new_text


@pytest.mark.asyncio
async def test_a_parameter_shows_its_value_direction_and_setting_and_leads_to_its_declaration(client, rulebooks):
    province = rulebooks / "province-b"
    province.mkdir()
    source = ROOT / "logic" / "provinces" / "example-province-b" / "00-办法.jz"
    text = source.read_text(encoding="utf-8").replace("依据 全国。", '依据 "../national"。')
    path = province / "00-办法.jz"
    path.write_text(text, encoding="utf-8")
    uri = open_file(client, path)
    await diagnostics(client, uri)
    where = position_of(text, "设定 申诉答复期限天数", offset=4)
    shown = await hover_text(client, uri, where)
    assert "**参数** 申诉答复期限天数 = 30（不得大于：实施办法只能调小）" in shown
    assert "00-参数.jz:" in shown and "设定为 20" in shown
    [target] = await client.text_document_definition_async(types.DefinitionParams(doc(uri), where))
    declaring = rulebooks / "national" / "00-参数.jz"
    assert target.uri == declaring.as_uri()
    assert (
        declaring.read_text(encoding="utf-8").split("\n")[target.range.start.line].startswith("参数 申诉答复期限天数")
    )

    rules = rulebooks / "national" / "25-程序.jz"
    rules_uri = open_file(client, rules)
    rules_text = rules.read_text(encoding="utf-8")
    in_arithmetic = position_of(rules_text, "D0 + 申诉答复期限天数", offset=6)
    assert "**参数** 申诉答复期限天数 = 30" in await hover_text(client, rules_uri, in_arithmetic)
