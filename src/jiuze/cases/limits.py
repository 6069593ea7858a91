"""Case texts that would break the parsers themselves, refused with a located message first.

Python's json and PyYAML recurse once per nesting level (a few thousand `[` end in
RecursionError) and refuse to convert integers of more than 4,300 digits (ValueError);
a JSON escape can produce a lone surrogate ("\\ud800") that no output can encode; and a
YAML date that does not exist (2005-02-30, year 0) raises while the file is constructed.
None of these may reach the user as a traceback or stop a batch: each becomes a Finding
with file, line and column (or the JSON path) here.
"""

from __future__ import annotations

import re

from jiuze.language.errors import Finding, JiuzeError
from jiuze.language.source import Span

MAX_DEPTH = 100  # a case needs about 5 levels; far below the recursion limit of any parser
MAX_DIGITS = 1000  # a count or a sum of days needs a handful; Python converts at most 4,300
_LONG_NUMBER = re.compile(r"\d{%d,}" % (MAX_DIGITS + 1))
_OPEN, _CLOSE = "[{", "]}"


def check_case_text(text: str, name: str) -> None:
    """Raise a located JiuzeError if `text` nests deeper than MAX_DEPTH or holds a number of
    more than MAX_DIGITS digits: checked on the raw text, before any parser sees it."""
    findings = []
    long_number = _LONG_NUMBER.search(text)
    if long_number:
        findings.append(
            _finding(
                text,
                name,
                long_number.start(),
                "too-many-digits",
                f"数字过长（{long_number.end() - long_number.start()} 位，最多 {MAX_DIGITS} 位）",
                "案件中的数字应是天数、次数这样的整数；编号请写成文字并加引号。",
            )
        )
    deep = _too_deep_at(text)
    if deep is not None:
        findings.append(
            _finding(
                text,
                name,
                deep,
                "too-deep",
                f"嵌套过深（超过 {MAX_DEPTH} 层括号）",
                "案件只需要几层嵌套：检查括号是否成对，或文件是否被截断、拼接。",
            )
        )
    if findings:
        raise JiuzeError(findings, {name: text})


def _too_deep_at(text: str) -> int | None:
    """Offset of the first bracket opening level MAX_DEPTH + 1, outside quoted strings."""
    if sum(text.count(bracket) for bracket in _OPEN) <= MAX_DEPTH:
        return None  # cannot nest deeper than it has brackets: a batch line is not walked char by char
    depth, quote, escaped = 0, "", False
    for offset, char in enumerate(text):
        if quote:
            if escaped:
                escaped = False
            elif char == "\\" and quote == '"':
                escaped = True
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char in _OPEN:
            depth += 1
            if depth > MAX_DEPTH:
                return offset
        elif char in _CLOSE:
            depth = max(depth - 1, 0)
        elif char == "\n":
            quote = ""  # a YAML apostrophe in plain text (it's) never spans lines
    return None


def check_strings(data, name: str, path: str = "") -> None:
    """Raise if a string of parsed JSON/YAML holds a lone surrogate (from an escape such as
    "\\ud800"): not a character, and no output can encode it.  Iterative: depth is bounded anyway."""
    stack = [(data, path)]
    seen: set[int] = set()  # a YAML alias shares one list many times: walk it once (no "billion laughs")
    while stack:
        value, where = stack.pop()
        if isinstance(value, (dict, list)):
            if id(value) in seen:
                continue
            seen.add(id(value))
        if isinstance(value, str):
            if _has_surrogate(value):
                raise JiuzeError(
                    [
                        Finding(
                            Span(name, 0, 0, pointer=where or "$"),
                            "bad-character",
                            f"{where or '文件'}：文字中有无效的 Unicode 字符（单独的代理项，如 \\ud800）",
                            "删去这个转义；汉字可以直接写，或写成成对的 \\uXXXX 转义。",
                        )
                    ]
                )
        elif isinstance(value, dict):  # pushed in reverse: the first problem in the file is found first
            for key, item in reversed(value.items()):
                stack.append((item, f"{where}.{key}" if where else str(key)))
                if isinstance(key, str):
                    stack.append((key, where))
        elif isinstance(value, list):
            stack.extend(reversed([(v, f"{where}[{i}]") for i, v in enumerate(value)]))


def check_json_strings(data, text: str, name: str) -> None:
    """check_strings for `data` parsed from the JSON `text`: a lone surrogate can only come from a
    `\\u` escape (or be in the text itself), so a text with neither is not walked (batch lines)."""
    if "\\u" in text or _has_surrogate(text):
        check_strings(data, name)


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _finding(text: str, name: str, offset: int, code: str, message: str, hint: str) -> Finding:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return Finding(Span(name, line, column, line, column + 1), code, message, hint)
