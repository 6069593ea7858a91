"""Diagnostics over stdio: the findings of `jiuze check`, at the right place, on the national rulebook and an overlay."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsp_helpers import diagnostics, open_file, position_of, replace_all
from lsprotocol import types

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.asyncio
async def test_a_clean_file_has_no_diagnostics_and_a_typo_gets_the_check_message_at_the_name(client, rulebooks):
    path = rulebooks / "national" / "06-追究情形.jz"
    uri = open_file(client, path)
    assert await diagnostics(client, uri) == []
    text = path.read_text(encoding="utf-8")
    typo = text.replace("弄虚作假(P, C)。", "弄虚作伪(P, C)。", 1)
    replace_all(client, uri, typo)
    found = await diagnostics(client, uri, lambda d: len(d) > 0)
    [problem] = found
    assert problem.code == "undeclared-predicate"
    assert problem.severity == types.DiagnosticSeverity.Error
    assert problem.message.startswith("谓词“弄虚作伪”没有声明")
    assert "提示：是否想写“弄虚作假”？" in problem.message
    start = position_of(typo, "弄虚作伪")
    assert problem.range.start == start
    assert problem.range.end == types.Position(start.line, start.character + len("弄虚作伪(P, C)"))

    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=problem.range,
            context=types.CodeActionContext(diagnostics=[problem]),
        )
    )
    [action] = actions
    assert action.title == "改为“弄虚作假”"
    [edit] = action.edit.changes[uri]
    assert edit.new_text == "弄虚作假"
    assert edit.range == types.Range(start, types.Position(start.line, start.character + 4))

    replace_all(client, uri, text, version=3)
    assert await diagnostics(client, uri, lambda d: not d) == []


@pytest.mark.asyncio
async def test_whole_rulebook_checks_report_in_the_file_where_the_problem_is(client, rulebooks):
    """Deleting a declaration in one file makes its uses in other files of the rulebook undeclared."""
    vocabulary = rulebooks / "national" / "06-追究情形.jz"
    uri = open_file(client, vocabulary)
    text = vocabulary.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.startswith("谓词 应当追究("))
    replace_all(client, uri, text.replace(line + "\n", ""))
    elsewhere = (rulebooks / "national" / "14-不予追究.jz").as_uri()
    found = await diagnostics(client, elsewhere, lambda d: len(d) > 0)
    assert {d.code for d in found} == {"undeclared-predicate"}
    assert all("应当追究" in d.message for d in found)


@pytest.mark.asyncio
async def test_a_syntax_error_is_located_with_cjk_columns(client, rulebooks):
    path = rulebooks / "national" / "07-责任分配.jz"
    uri = open_file(client, path)
    await diagnostics(client, uri)
    bad = "谓词 测试用(警察)。\n测试用(张三）若 人民警察(张三 张三)。\n"
    replace_all(client, uri, path.read_text(encoding="utf-8") + bad)
    found = await diagnostics(client, uri, lambda d: any(x.code == "syntax" for x in d))
    syntax = next(d for d in found if d.code == "syntax")
    full = path.read_text(encoding="utf-8") + bad
    second = position_of(full, "张三 张三", offset=3)  # the second 张三: Lark column 18, LSP character 17
    assert syntax.range == types.Range(second, types.Position(second.line, second.character + 2))
    assert "提示：参数之间是否漏了逗号“，”？" in syntax.message
    assert "语法错误" in syntax.message


@pytest.mark.asyncio
async def test_overlay_conformity_findings_reach_the_overlay_file(client, rulebooks):
    path = rulebooks / "province" / "00-办法.jz"
    uri = open_file(client, path)
    found = await diagnostics(client, uri)
    assert all(d.severity == types.DiagnosticSeverity.Warning for d in found)  # the declared 偏离
    text = (
        path.read_text(encoding="utf-8")
        + "\n废止 第六条第（二）项。\n修改 第九十九条 ｛\n  应当追究(P, C) 若 人民警察(P)，执行职务(P, C)。\n｝\n"
    )
    replace_all(client, uri, text)
    found = await diagnostics(client, uri, lambda d: any(x.code == "unknown-base-label" for x in d))
    codes = {d.code: d for d in found}
    assert codes["unknown-base-label"].range.start == position_of(text, "第九十九条")
    errors = [d for d in found if d.severity == types.DiagnosticSeverity.Error]
    assert any("第六条第（二）项" in d.message for d in errors), [d.message for d in found]


@pytest.mark.asyncio
async def test_a_case_file_is_checked_against_the_national_rulebook(client, tmp_path):
    case = tmp_path / "案件.jz"
    text = (ROOT / "examples" / "coerced-confession.jz").read_text(encoding="utf-8")
    case.write_text(text, encoding="utf-8")
    uri = open_file(client, case)
    assert await diagnostics(client, uri) == []
    typo = text + "逼共(张三, 案1)。\n"
    replace_all(client, uri, typo)
    [problem] = await diagnostics(client, uri, lambda d: len(d) > 0)
    assert problem.code == "undeclared-predicate" and "是否想写“逼供”" in problem.message
    assert problem.range.start == position_of(typo, "逼共")
