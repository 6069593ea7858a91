"""`jiuze lsp`: the language server (pygls, stdio).

Diagnostics are the findings `jiuze check` reports for the rulebook of the
edited file's directory, re-checked DEBOUNCE seconds after the last change
(each keystroke cancels the pending check), and published for every file of
that rulebook.  Hover, definition, references, completion and symbols answer
from the last check; a request that arrives before a pending check runs it
first, so answers never refer to text the editor no longer shows.
"""

from __future__ import annotations

import asyncio
import os
import threading
import traceback
from dataclasses import dataclass

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from jiuze.language.errors import ERROR, Finding, JiuzeError
from jiuze.language.layout import format_text
from jiuze.lsp import actions, completion, navigation, symbols
from jiuze.lsp.index import Index, build_index
from jiuze.lsp.positions import Lines, utf16_length
from jiuze.lsp.workspace import Checked, Workspace, is_case, real_path

DEBOUNCE = 0.075  # seconds of quiet before re-checking; a re-check of the national rulebook is ≈50 ms of CPU more


@dataclass
class State:
    checked: Checked
    generation: int
    _index: Index | None = None

    @property
    def index(self) -> Index:
        """Built on the first request after a check, not on the diagnostics path."""
        if self._index is None:
            self._index = build_index(self.checked)
        return self._index


class JiuzeServer(LanguageServer):
    def __init__(self):
        super().__init__("jiuze", "0.1.0")
        self.rulebooks = Workspace()
        self.generation = 0  # bumped on every edit anywhere (an overlay elsewhere may rest on the edited rulebook)
        self.states: dict[str, State] = {}
        self.pending: dict[str, asyncio.Task] = {}
        self.published: dict[str, set[str]] = {}
        self.cases: dict[str, bool] = {}  # path → a case file, as of its last check
        self.check_lock = threading.Lock()
        self.edits: dict[str, int] = {}  # rulebook key → edits so far (a waiting check of an older edit is skipped)

    # --- checking
    def key(self, path: str) -> str:
        """Rule files share their directory's rulebook; a case file is checked on its own.

        Decided at the file's last check, so a keystroke never waits for a parse.
        """
        if path not in self.cases:
            module, _ = self.rulebooks.parse(path, self.rulebooks.text(path))
            self.cases[path] = is_case(module)
        return path if self.cases[path] else os.path.dirname(path)

    def state(self, path: str) -> State:
        key = self.key(path)
        state = self.states.get(key)
        if state is None or state.generation < self.generation:
            task = self.pending.pop(key, None)
            if task is not None:
                task.cancel()
            state = self.run_check(path)
        return state

    def run_check(self, path: str) -> State:
        generation = self.generation
        return self.checked(path, self.locked_check(path), generation)

    def locked_check(self, path: str, key: str | None = None, edit: int = 0) -> Checked | None:
        """One check at a time, whichever thread asks (the parse cache is shared).

        A background check (`key` given) that waited for the lock while a later edit of its rulebook
        came in is skipped (None): that edit's own check follows, and stale checks must not queue up.
        """
        with self.check_lock:
            if key is not None and self.edits.get(key, 0) != edit:
                return None
            return self.rulebooks.check(path)

    def checked(self, path: str, checked: Checked, generation: int) -> State:
        """Record a finished check and publish its diagnostics."""
        module, _ = self.rulebooks.parse(path, self.rulebooks.text(path))
        self.cases[path] = is_case(module)
        key = self.key(path)
        state = self.states[key] = State(checked, generation)
        self.publish(key, checked.findings, path)
        return state

    def schedule(self, path: str) -> None:
        key = self.key(path)
        self.edits[key] = self.edits.get(key, 0) + 1
        task = self.pending.pop(key, None)
        if task is not None:
            task.cancel()
        self.pending[key] = asyncio.ensure_future(self._check_later(key, path))

    async def _check_later(self, key: str, path: str) -> None:
        """After DEBOUNCE of quiet, check in a worker thread so later keystrokes are still read.

        A keystroke during the check cancels this task: its (stale) result is dropped, a check still
        waiting for the lock is skipped, and the newest edit's check starts as soon as the running one ends.
        """
        await asyncio.sleep(DEBOUNCE)
        generation, edit = self.generation, self.edits.get(key, 0)
        try:
            checked = await asyncio.get_running_loop().run_in_executor(None, self.locked_check, path, key, edit)
        except Exception:  # a bug, not bad input: say so in the editor's log instead of going quiet
            self.window_log_message(
                types.LogMessageParams(type=types.MessageType.Error, message="检查失败：\n" + traceback.format_exc())
            )
            return
        if checked is None:
            return
        self.pending.pop(key, None)
        self.checked(path, checked, generation)

    def publish(self, key: str, findings: list[Finding], path: str) -> None:
        by_uri: dict[str, list[types.Diagnostic]] = {from_fs_path(path): []}
        for finding in findings:
            file = real_path(finding.span.file)
            text = self.rulebooks.source_text(finding.span.file) or self.rulebooks.text(file)
            by_uri.setdefault(from_fs_path(file), []).append(diagnostic(finding, Lines(text)))
        for uri in self.published.get(key, set()) - set(by_uri):
            by_uri[uri] = []
        self.published[key] = {uri for uri, found in by_uri.items() if found}
        for uri, found in sorted(by_uri.items()):
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=found))


def diagnostic(finding: Finding, lines: Lines) -> types.Diagnostic:
    message = finding.message + (f"\n提示：{finding.hint}" if finding.hint else "")
    severity = types.DiagnosticSeverity.Error if finding.severity == ERROR else types.DiagnosticSeverity.Warning
    return types.Diagnostic(
        range=lines.span_range(finding.span),
        message=message,
        severity=severity,
        code=finding.code,
        source="jiuze",
        data=actions.suggestion(finding.code, finding.message, finding.hint),
    )


server = JiuzeServer()


def _path(uri: str) -> str:
    return os.path.abspath(to_fs_path(uri) or uri)


def _opened(path: str, text: str) -> None:
    server.rulebooks.open[path] = text
    server.generation += 1


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: JiuzeServer, params: types.DidOpenTextDocumentParams):
    path = _path(params.text_document.uri)
    _opened(path, params.text_document.text)
    ls.run_check(path)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
async def did_change(ls: JiuzeServer, params: types.DidChangeTextDocumentParams):
    path = _path(params.text_document.uri)
    _opened(path, ls.workspace.get_text_document(params.text_document.uri).source)
    ls.schedule(path)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: JiuzeServer, params: types.DidCloseTextDocumentParams):
    path = _path(params.text_document.uri)
    ls.rulebooks.open.pop(path, None)
    ls.generation += 1


def _at(ls: JiuzeServer, document: types.TextDocumentIdentifier, position: types.Position):
    path = _path(document.uri)
    state = ls.state(path)
    lines = Lines(ls.rulebooks.text(path))
    line, column = lines.to_lark(position)
    return state, path, line, column


@server.feature(types.TEXT_DOCUMENT_HOVER)
def hover(ls: JiuzeServer, params: types.HoverParams):
    state, path, line, column = _at(ls, params.text_document, params.position)
    text = navigation.hover(state.index, path, line, column)
    if text is None:
        return None
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text))


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
def definition(ls: JiuzeServer, params: types.DefinitionParams):
    state, path, line, column = _at(ls, params.text_document, params.position)
    return navigation.definition(state.index, path, line, column, ls.rulebooks.source_text) or None


@server.feature(types.TEXT_DOCUMENT_REFERENCES)
def references(ls: JiuzeServer, params: types.ReferenceParams):
    state, path, line, column = _at(ls, params.text_document, params.position)
    include = params.context.include_declaration
    return navigation.references(state.index, path, line, column, ls.rulebooks.source_text, include) or None


@server.feature(
    types.TEXT_DOCUMENT_COMPLETION,
    types.CompletionOptions(trigger_characters=["(", "（", ",", "，", "第"]),
)
def complete(ls: JiuzeServer, params: types.CompletionParams):
    path = _path(params.text_document.uri)
    state = ls.state(path)
    items = completion.completion(state.index, Lines(ls.rulebooks.text(path)), params.position)
    return types.CompletionList(is_incomplete=False, items=items)


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
def document_symbol(ls: JiuzeServer, params: types.DocumentSymbolParams):
    path = _path(params.text_document.uri)
    text = ls.rulebooks.text(path)
    module, _ = ls.rulebooks.parse(path, text)
    return symbols.symbols(module, Lines(text))


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
)
def code_action(ls: JiuzeServer, params: types.CodeActionParams):
    return actions.code_actions(params.text_document.uri, params.context.diagnostics) or None


@server.feature(types.TEXT_DOCUMENT_FORMATTING)
def formatting(ls: JiuzeServer, params: types.DocumentFormattingParams):
    path = _path(params.text_document.uri)
    text = ls.rulebooks.text(path)
    try:
        formatted = format_text(text, path)
    except JiuzeError:
        ls.window_show_message(
            types.ShowMessageParams(type=types.MessageType.Warning, message="文件有语法错误，未排版；请先修正。")
        )
        return None
    if formatted == text:
        return []
    lines = text.split("\n")
    end = types.Position(len(lines) - 1, utf16_length(lines[-1]))
    return [types.TextEdit(range=types.Range(types.Position(0, 0), end), new_text=formatted)]


def serve() -> None:
    server.start_io()
