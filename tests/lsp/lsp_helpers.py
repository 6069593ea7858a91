"""Helpers for the language-server tests: open and edit documents, wait for diagnostics, find positions."""

from __future__ import annotations

import asyncio
from pathlib import Path

from lsprotocol import types
from pytest_lsp import LanguageClient


def open_file(client: LanguageClient, path: Path) -> str:
    uri = path.as_uri()
    text = path.read_text(encoding="utf-8")
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri=uri, language_id="jiuze", version=1, text=text))
    )
    return uri


def replace_all(client: LanguageClient, uri: str, text: str, version: int = 2) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


async def diagnostics(client: LanguageClient, uri: str, until=lambda found: True, timeout: float = 20.0):
    """The diagnostics last published for `uri`, once `until(them)` holds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        found = client.diagnostics.get(uri)
        found = None if found is None else list(found)
        if found is not None and until(found):
            return found
        await asyncio.sleep(0.02)
    raise AssertionError(f"no matching diagnostics for {uri}: {client.diagnostics.get(uri)}")


def position_of(text: str, needle: str, nth: int = 0, offset: int = 0) -> types.Position:
    """The LSP position (UTF-16) of the nth occurrence of `needle`, plus `offset` characters."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    start += offset
    line = text.count("\n", 0, start)
    column = start - (text.rfind("\n", 0, start) + 1)
    before = text[start - column : start]
    return types.Position(line, len(before.encode("utf-16-le")) // 2)
