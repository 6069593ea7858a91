"""Completion: keywords, declared predicates, article labels, and the values an argument takes."""

from __future__ import annotations

import re

from lsprotocol import types

from jiuze.language import ast
from jiuze.lsp import regulation
from jiuze.lsp.index import Index
from jiuze.lsp.positions import Lines

# The Chinese surface's keywords, with what each one introduces.
KEYWORDS = {
    "谓词": '声明谓词：谓词 名称(参数, …) 读作 "…"。',
    "读作": "谓词的中文读法，{参数} 处填入值",
    "若": "规则：结论 若 条件，条件。",
    "且": "条件之间的“并且”（也可用逗号“，”）",
    "并非": "否定条件：并非 谓词(…)",
    "计数": "N = 计数{X ： 条件}",
    "场景": '场景 "名称" ｛ 事实。 应有：结论。 应无：结论。 ｝',
    "应有": "场景中应当成立的结论",
    "应无": "场景中不应成立的结论",
    "优先于": "第X条 优先于 第Y条。",
    "互斥": "互斥 谓词(…) 与 谓词(…)。",
    "与": "互斥 … 与 …",
    "条文": "条文 第X条 宣示性 / 有效 日期 至 日期",
    "严格": "不可被击败的规则",
    "可废": "可被更优先的相反规则击败（缺省）",
    "阻却": "只阻止结论、不推出结论的规则",
    "应当": "结论的规范属性：应当",
    "可以": "结论的规范属性：可以",
    "不得": "结论的规范属性：不得",
    "依据": "实施办法的依据：依据 全国。",
    "全国": "全国规则库",
    "办法名称": "实施办法的名称",
    "制定机关": "实施办法的制定机关",
    "施行日期": "实施办法的施行日期",
    "修改": "修改 第X条 ｛ … ｝：替换基础规则库中该条的规则",
    "废止": "废止 第X条。",
    "增加": "增加 第X条 ｛ … ｝",
    "偏离": '声明的偏离：偏离 "理由"',
}

_NAME_PREFIX = re.compile(r"[A-Za-z0-9_\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$")
_LABEL_PREFIX = re.compile(r"第[第0-9零〇一二两三四五六七八九十百千条款项（）()]*$")


def completion(index: Index, lines: Lines, position: types.Position) -> list[types.CompletionItem]:
    """Labels while a label is being typed; the values an argument takes inside `谓词(…`; else everything."""
    text = lines.line(position.line)
    before = text[: lines.offset(position)]
    label = _LABEL_PREFIX.search(before)
    if label is not None:
        return _labels(_range_from(before, label.start(), position))
    name = _NAME_PREFIX.search(before)
    prefix_range = _range_from(before, name.start() if name else len(before), position)
    argument = _argument_at(before)
    if argument is not None:
        return _constants(index, *argument, prefix_range)
    return _keywords(prefix_range) + _predicates(index, prefix_range) + _labels(prefix_range)


def _range_from(before: str, start: int, position: types.Position) -> types.Range:
    return types.Range(types.Position(position.line, _units(before[:start])), position)


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _argument_at(before: str) -> tuple[str, int] | None:
    """Inside `谓词(a, b|`: the predicate and the argument's position; else None."""
    depth, commas = 0, 0
    for index in range(len(before) - 1, -1, -1):
        char = before[index]
        if char in ")）":
            depth += 1
        elif char in "(（":
            if depth == 0:
                name = re.search(r"[A-Za-z0-9_\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$", before[:index])
                return (name.group(0), commas) if name else None
            depth -= 1
        elif char in ",，、" and depth == 0:
            commas += 1
        elif char in "。.｛｝{}":
            return None
    return None


def _edit(label: str, insert: str, prefix_range: types.Range) -> types.TextEdit:
    return types.TextEdit(range=prefix_range, new_text=insert)


def _keywords(prefix_range) -> list[types.CompletionItem]:
    return [
        types.CompletionItem(
            label=word,
            kind=types.CompletionItemKind.Keyword,
            detail=detail,
            text_edit=_edit(word, word, prefix_range),
            sort_text="2" + word,
        )
        for word, detail in KEYWORDS.items()
    ]


def _predicates(index: Index, prefix_range) -> list[types.CompletionItem]:
    items = []
    for name, declaration in sorted(index.declarations.items()):
        params = ", ".join(declaration.params)
        snippet = ", ".join(f"${{{i + 1}:{p}}}" for i, p in enumerate(declaration.params))
        items.append(
            types.CompletionItem(
                label=name,
                kind=types.CompletionItemKind.Function,
                detail=f"{name}({params})",
                documentation=_markdown(declaration.reading or "（无读法）"),
                text_edit=_edit(name, f"{name}({snippet})", prefix_range),
                insert_text_format=types.InsertTextFormat.Snippet,
                sort_text="1" + name,
            )
        )
    return items


def _labels(prefix_range) -> list[types.CompletionItem]:
    items = []
    for ref, words in regulation.labels():
        text = str(ref)
        items.append(
            types.CompletionItem(
                label=text,
                kind=types.CompletionItemKind.Reference,
                detail=words[:40],
                documentation=_markdown(regulation.text_of(ref) or words),
                text_edit=_edit(text, text, prefix_range),
                sort_text=f"3{ref.article:03d}{ref.item or 0:03d}",
            )
        )
    return items


def _constants(index: Index, predicate: str, position: int, prefix_range) -> list[types.CompletionItem]:
    """The values this argument takes anywhere in the rulebook (roles, kinds of fault, …)."""
    declaration = index.declarations.get(predicate)
    param = declaration.params[position] if declaration and position < len(declaration.params) else None
    values = sorted(index.constants.get((predicate, position), set()), key=lambda v: (str(type(v)), str(v)))
    return [
        types.CompletionItem(
            label=ast.format_value(value),
            kind=types.CompletionItemKind.Constant,
            detail=f"{predicate} 的{'参数“' + param + '”' if param else f'第 {position + 1} 个参数'}在规则库中取的值",
            text_edit=_edit(ast.format_value(value), ast.format_value(value), prefix_range),
        )
        for value in values
    ]


def _markdown(text: str) -> types.MarkupContent:
    return types.MarkupContent(kind=types.MarkupKind.Markdown, value=text)
