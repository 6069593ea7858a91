"""Lark positions ↔ LSP positions.

Lark counts lines and columns from 1, columns in code points; LSP counts
from 0, columns in UTF-16 code units.  The two agree on most CJK text (one
unit per character) but not on characters outside the BMP (CJK extension B
names take two units), so every conversion goes through the line's text.
"""

from __future__ import annotations

from lsprotocol import types

from jiuze.language.source import Span


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class Lines:
    """A document's lines, for converting positions both ways."""

    def __init__(self, text: str):
        self.lines = text.split("\n")

    def line(self, index: int) -> str:
        return self.lines[index] if 0 <= index < len(self.lines) else ""

    def to_lsp(self, line: int, column: int) -> types.Position:
        """1-based line, 1-based code-point column → LSP position."""
        if line <= 0:
            return types.Position(0, 0)
        text = self.line(line - 1).rstrip("\r")
        return types.Position(line - 1, utf16_length(text[: max(column - 1, 0)]))

    def span_range(self, span: Span) -> types.Range:
        start = self.to_lsp(span.line, span.column)
        if span.end_line and (span.end_line, span.end_column) > (span.line, span.column):
            end = self.to_lsp(span.end_line, span.end_column)
        else:
            end = types.Position(start.line, start.character + 1)
        return types.Range(start, end)

    def offset(self, position: types.Position) -> int:
        """LSP position → code-point index into this line (0-based)."""
        text = self.line(position.line)
        units = 0
        for index, char in enumerate(text):
            if units >= position.character:
                return index
            units += 2 if ord(char) > 0xFFFF else 1
        return len(text)

    def to_lark(self, position: types.Position) -> tuple[int, int]:
        """LSP position → (1-based line, 1-based code-point column)."""
        return position.line + 1, self.offset(position) + 1


def contains(span: Span, line: int, column: int) -> bool:
    """Is (line, column) (Lark numbering) inside `span` (end exclusive)?"""
    end_line = span.end_line or span.line
    if (line, column) < (span.line, span.column):
        return False
    return (line, column) < (end_line, span.end_column) if span.end_column else line <= end_line
