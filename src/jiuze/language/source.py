"""Source text and spans: every AST node points back at the text it came from.

Columns are 1-based code points (as Lark counts them); the caret under a
line is placed by *display* width, because a CJK character takes two
terminal columns and a caret placed by code points lands in the wrong spot.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True, order=True, slots=True)
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


EXCERPT_WIDTH = 100  # characters shown on each side of the caret in a very long line


def caret_excerpt(text: str, span: Span) -> str:
    """The line `span` starts on, and a caret line under its first character.

    Tabs are kept in the caret line so the caret lines up in a terminal.  Lines are
    found through a cached table of line starts (a file with thousands of findings is
    not rescanned for each), and a very long line is cut to a window around the caret
    (a 10 MB one-line file is not echoed in full).  Control characters such as NUL
    are shown escaped, never written raw to a terminal.
    """
    starts = _line_starts(text)
    if not 1 <= span.line <= len(starts):
        return ""
    begin = starts[span.line - 1]
    end = starts[span.line] - 1 if span.line < len(starts) else len(text)
    line = text[begin:end].rstrip("\r")
    first = max(span.column - 1, 0)
    last = span.end_column - 1 if span.end_line == span.line and span.end_column > span.column else first + 1
    cut = max(first - EXCERPT_WIDTH, 0)
    shown = line[cut : first + EXCERPT_WIDTH]
    lead = "…" if cut else ""
    tail = "…" if first + EXCERPT_WIDTH < len(line) else ""
    before = lead + line[cut:first]
    pad = "".join("\t" if ch == "\t" else " " * display_width(visible(ch)) for ch in before)
    marked = line[first : min(last, first + EXCERPT_WIDTH)] or " "
    length = display_width(visible(marked))
    return f"{lead}{visible(shown)}{tail}\n{pad}{'^' * max(length, 1)}"


def visible(text: str) -> str:
    """Control characters (NUL, ESC, …) and lone surrogates as \\xNN, so a message or an
    excerpt never writes them raw to a terminal (tabs and line breaks stay)."""
    if text.isprintable():
        return text
    return "".join(_shown(ch) for ch in text)


def _shown(ch: str) -> str:
    if ch in "\t\n" or unicodedata.category(ch) not in ("Cc", "Cs"):
        return ch
    return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"


@functools.lru_cache(maxsize=16)
def _line_starts(text: str) -> list[int]:
    """Offsets where each line begins (lines end at \\n, as the parser counts them)."""
    starts = [0]
    find = text.find
    at = find("\n")
    while at >= 0:
        starts.append(at + 1)
        at = find("\n", at + 1)
    return starts


def not_utf8_span(name: str, data: bytes, error: UnicodeDecodeError) -> Span:
    """Where the first byte that is not UTF-8 sits: 1-based line and column (in characters of
    the valid text before it), not the 0-based byte offset the decoder reports."""
    before = data[: error.start].decode("utf-8", "replace").removeprefix("\ufeff")
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    return Span(name, line, column, line, column + 1)


def not_utf8_message(data: bytes, error: UnicodeDecodeError) -> str:
    shown = data[error.start : error.start + 4].hex(" ").upper()
    return f"文件不是 UTF-8 编码：这里的字节 {shown} 不是 UTF-8（常见于 GBK 编码保存的文件）"
