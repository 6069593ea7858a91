"""Document symbols: the file's outline as articles → items → rules, plus declarations, scenarios, overlay changes."""

from __future__ import annotations

from lsprotocol import types

from jiuze.language import ast
from jiuze.language.articles import ArticleRef
from jiuze.lsp.positions import Lines


def symbols(module: ast.Module, lines: Lines) -> list[types.DocumentSymbol]:
    """Articles → items → rules, then declarations, scenarios and overlay changes in file order."""
    top: list[types.DocumentSymbol] = []
    articles: dict[int, types.DocumentSymbol] = {}
    items: dict[tuple[int, int], types.DocumentSymbol] = {}
    for statement in module.statements:
        symbol = _symbol(statement, lines)
        if symbol is None:
            continue
        article = getattr(statement, "article", None)
        if article is None or article.is_relative:
            top.append(symbol)
            continue
        parent = articles.get(article.article)
        if parent is None:
            parent = articles[article.article] = _group(str(ArticleRef(article.article)), symbol)
            top.append(parent)
        if article.item:
            key = (article.article, article.item)
            if key not in items:
                items[key] = _group(str(ArticleRef(article.article, article.paragraph, article.item)), symbol)
                _adopt(parent, items[key])
            _adopt(items[key], symbol)
        else:
            _adopt(parent, symbol)
    return top


def _group(name: str, first: types.DocumentSymbol) -> types.DocumentSymbol:
    return types.DocumentSymbol(
        name=name,
        kind=types.SymbolKind.Namespace,
        range=first.range,
        selection_range=first.selection_range,
        children=[],
    )


def _adopt(parent: types.DocumentSymbol, child: types.DocumentSymbol) -> None:
    parent.children.append(child)
    start = min(parent.range.start, child.range.start, key=lambda p: (p.line, p.character))
    end = max(parent.range.end, child.range.end, key=lambda p: (p.line, p.character))
    parent.range = types.Range(start, end)
    parent.selection_range = types.Range(parent.range.start, parent.range.start)


def _symbol(statement, lines: Lines) -> types.DocumentSymbol | None:
    kinds = {
        ast.Clause: types.SymbolKind.Function,
        ast.Declaration: types.SymbolKind.Interface,
        ast.Scenario: types.SymbolKind.Event,
        ast.Amendment: types.SymbolKind.Module,
        ast.Parameter: types.SymbolKind.Constant,
        ast.Setting: types.SymbolKind.Constant,
    }
    kind = kinds.get(type(statement))
    if kind is None:
        return None
    name = _symbol_name(statement)
    where = lines.span_range(statement.span)
    children = None
    if isinstance(statement, ast.Amendment):
        children = [s for s in (_symbol(inner, lines) for inner in statement.statements) if s is not None]
    return types.DocumentSymbol(
        name=name, kind=kind, range=where, selection_range=where, detail=_detail(statement), children=children
    )


def _symbol_name(statement) -> str:
    if isinstance(statement, ast.Clause):
        return str(statement.head)
    if isinstance(statement, ast.Declaration):
        return f"谓词 {statement.name}({', '.join(statement.params)})"
    if isinstance(statement, ast.Scenario):
        return f"场景 {statement.name}"
    if isinstance(statement, (ast.Parameter, ast.Setting)):
        word = "参数" if isinstance(statement, ast.Parameter) else "设定"
        return f"{word} {statement.name} = {statement.value}"
    verb = {"amend": "修改", "repeal": "废止", "add": "增加"}[statement.kind]
    return f"{verb} {statement.label.text}"


def _detail(statement) -> str:
    if isinstance(statement, ast.Clause) and statement.body:
        return "若 " + "，".join(map(str, statement.body))[:60]
    if isinstance(statement, ast.Declaration):
        return statement.reading or ""
    return ""
