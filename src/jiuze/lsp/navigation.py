"""Hover, go to definition and find references, answered from the index in Chinese Markdown."""

from __future__ import annotations

from lsprotocol import types
from pygls.uris import from_fs_path

from jiuze.language import ast
from jiuze.language.articles import ArticleRef
from jiuze.lsp import regulation
from jiuze.lsp.index import Index, LabelAt
from jiuze.lsp.positions import Lines
from jiuze.lsp.workspace import real_path


def hover(index: Index, file: str, line: int, column: int) -> str | None:
    """Markdown for what is under (line, column): a predicate, a parameter, a label, or a rule."""
    occurrence = index.predicate_at(file, line, column)
    if occurrence is not None:
        return predicate_markdown(index, occurrence.predicate)
    parameter = index.parameter_at(file, line, column)
    if parameter is not None:
        return parameter_markdown(index, parameter)
    label = index.label_at(file, line, column)
    if label is not None:
        return label_markdown(label.ref, label.text)
    clause = index.clause_at(file, line, column)
    if clause is not None:
        return rule_markdown(clause)
    return None


def predicate_markdown(index: Index, name: str) -> str:
    declaration = index.declarations.get(name)
    if declaration is None:
        return f"**{name}**：未声明的谓词"
    parts = [f"```jiuze\n谓词 {name}({', '.join(declaration.params)})\n```"]
    if declaration.reading:
        parts.append(f"读作：{declaration.reading}")
    if declaration.article:
        parts.append(f"属于 {declaration.article}")
    parts.append(f"声明于 {_where(declaration.span)}")
    return "\n\n".join(parts)


def parameter_markdown(index: Index, name: str) -> str:
    """参数: its value, the direction a province may move it (第二十八条), and any 设定 of it."""
    parameter = index.parameters[name]
    bound = {"at_most": "（不得大于：实施办法只能调小）", "at_least": "（不得小于：实施办法只能调大）"}
    parts = [
        f"**参数** {name} = {parameter.value}{bound.get(parameter.direction, '（实施办法改变须声明偏离）')}",
        f"声明于 {_where(parameter.span)}",
    ]
    for setting in index.settings:
        if setting.name == name:
            deviation = f"，偏离：{setting.deviation}" if setting.deviation else ""
            parts.append(f"设定为 {setting.value}（{_where(setting.span)}{deviation}）")
    return "\n\n".join(parts)


def label_markdown(ref: ArticleRef | None, text: str) -> str:
    if ref is None:
        return f"**{text}**：条文标签有误"
    words = regulation.text_of(ref)
    if words is None:
        return f"**{ref}**：《规定》中没有这一条/项（实施办法新增的条项）"
    return f"**{ref}**\n\n" + "\n\n".join(f"> {line}" for line in words.split("\n"))


def rule_markdown(clause: ast.Clause) -> str:
    if clause.article is None:
        return "这条规则没有标注所实施的条文。"
    words = regulation.text_of(clause.article)
    head = f"本规则实施 **{clause.article}**"
    return head if words is None else head + "\n\n" + "\n\n".join(f"> {line}" for line in words.split("\n"))


def _where(span) -> str:
    return f"{span.file}:{span.line}"


# ---------------------------------------------------------------- locations


def definition(index: Index, file: str, line: int, column: int, texts) -> list[types.Location]:
    """Predicate → its 谓词 declaration; parameter → its 参数; label → its article block (`第六条 ｛`) if there is one, else
    the rules it labels; the target of 修改/废止 → the base rulebook's rules it replaces."""
    occurrence = index.predicate_at(file, line, column)
    if occurrence is not None:
        declaration = index.declarations.get(occurrence.predicate)
        return [] if declaration is None else [location(declaration.span, texts)]
    parameter = index.parameter_at(file, line, column)
    if parameter is not None:
        return [location(index.parameters[parameter].span, texts)]
    label = index.label_at(file, line, column)
    if label is None or label.ref is None:
        return []
    if not label.amends:
        blocks = [x for x in index.labels if x.opens_block and x.ref == label.ref and x.span != label.span]
        if blocks:
            return [location(x.span, texts) for x in sorted(blocks, key=lambda x: (x.span.file, x.span.line))]
    return [location(c.span, texts) for c in labelled_rules(index, label)]


def labelled_rules(index: Index, label: LabelAt) -> list[ast.Clause]:
    """The rules under a label; an overlay's 修改/废止 target means the base rulebook's rules."""
    ref = label.ref
    found = [
        clause
        for clause, in_base in index.clauses
        if clause.article is not None and ref.covers(clause.article) and (in_base or not label.amends)
    ]
    return sorted(found, key=lambda c: (c.span.file, c.span.line, c.span.column))


def references(index: Index, file: str, line: int, column: int, texts, include_declaration: bool):
    occurrence = index.predicate_at(file, line, column)
    if occurrence is None:
        return []
    uses = [o for o in index.uses(occurrence.predicate) if include_declaration or o.role != "declare"]
    uses.sort(key=lambda o: (o.span.file, o.span.line, o.span.column))
    return [location(o.span, texts) for o in uses]


def location(span, texts) -> types.Location:
    path = real_path(span.file)
    lines = Lines(texts(span.file) or _read(path))
    return types.Location(uri=_uri(path), range=lines.span_range(span))


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8-sig") as handle:
            return handle.read()
    except OSError:
        return ""


def _uri(path: str) -> str:
    return from_fs_path(path) or path
