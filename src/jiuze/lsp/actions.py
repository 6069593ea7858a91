"""Quick fixes for the checker's "did you mean" hints (a misspelt predicate, a keyword glued to a name)."""

from __future__ import annotations

import re

from lsprotocol import types

from jiuze.lsp.positions import utf16_length

_DID_YOU_MEAN = re.compile(r"是否想写“([^”]+)”")
_MISSING_SPACE = re.compile(r"应写成“([^”]+)”")
_UNDECLARED = re.compile(r"谓词“([^”]+)”没有声明")


def suggestion(code: str, message: str, hint: str) -> dict | None:
    """What a "did you mean" hint proposes: the name to replace and its replacement."""
    if code != "undeclared-predicate":
        return None
    name = _UNDECLARED.search(message)
    replacement = _DID_YOU_MEAN.search(hint) or _MISSING_SPACE.search(hint)
    if name is None or replacement is None:
        return None
    return {"name": name.group(1), "replacement": replacement.group(1)}


def code_actions(uri: str, diagnostics: list[types.Diagnostic]) -> list[types.CodeAction]:
    actions = []
    for diagnostic in diagnostics:
        data = diagnostic.data if isinstance(diagnostic.data, dict) else None
        if not data or "replacement" not in data:
            continue
        start = diagnostic.range.start
        end = types.Position(start.line, start.character + utf16_length(data["name"]))
        edit = types.TextEdit(range=types.Range(start, end), new_text=data["replacement"])
        actions.append(
            types.CodeAction(
                title=f"改为“{data['replacement']}”",
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic],
                is_preferred=True,
                edit=types.WorkspaceEdit(changes={uri: [edit]}),
            )
        )
    return actions
