"""Source text and spans: every AST node points back at the text it came from.

Columns are 1-based code points (as Lark counts them); the caret under a
line is placed by *display* width, because a CJK character takes two
terminal columns and a caret placed by code points lands in the wrong spot.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Span:
    """A region of one source: `file` is the name shown to users."""

    file: str
    line: int
    column: int
    end_line: int = 0
    end_column: int = 0
    pointer: str = ""  # for JSON/YAML input: the path of the element, e.g. facts[3][0]

    def __str__(self) -> str:
        if self.pointer:
            return f"{self.file}#{self.pointer}"
        if self.line == 0:
            return self.file
        return f"{self.file}:{self.line}:{self.column}"

    @property
    def where(self) -> str:
        """`file:line` (or `file#path`), the form proofs cite."""
        if self.pointer:
            return f"{self.file}#{self.pointer}"
        return f"{self.file}:{self.line}"


def display_width(text: str) -> int:
    """Terminal columns taken by `text` (wide and full-width characters count 2)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def caret_excerpt(text: str, span: Span) -> str:
    """The line `span` starts on, and a caret line under its first character.

    Tabs are kept in the caret line so the caret lines up in a terminal.
    """
    lines = text.splitlines()
    if not 1 <= span.line <= len(lines):
        return ""
    line = lines[span.line - 1]
    before = line[: max(span.column - 1, 0)]
    pad = "".join("\t" if ch == "\t" else " " * display_width(ch) for ch in before)
    if span.end_line == span.line and span.end_column > span.column:
        length = display_width(line[span.column - 1 : span.end_column - 1])
    else:
        length = display_width(line[span.column - 1 : span.column]) or 1
    return f"{line}\n{pad}{'^' * max(length, 1)}"
