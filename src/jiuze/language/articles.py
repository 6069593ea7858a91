"""Article references (第六条第（二）项): parsing, normalising, printing.

第二十三条 and 第23条 are the same article; a reference always prints in the
canonical Chinese form the regulation itself uses.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_PART = re.compile(r"第([（(]?)([0-9零〇一二两三四五六七八九十百千]+)([）)]?)([条款项])")


class LabelError(ValueError):
    """A malformed label; the message is Chinese and shown to the drafter."""


def chinese_number(text: str) -> int:
    """'二十三' -> 23, '十' -> 10, '一百零五' -> 105, '23' -> 23."""
    if text.isdigit():
        return int(text)
    total, digit, last_unit = 0, None, 10_000
    for ch in text:
        if ch in _DIGITS:
            if digit not in (None, 0):
                raise LabelError(f"数字“{text}”写法不规范")
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            unit = _UNITS[ch]
            if unit >= last_unit:
                raise LabelError(f"数字“{text}”写法不规范")
            total += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
        else:
            raise LabelError(f"“{ch}”不是数字")
    return total + (digit or 0)


def to_chinese(number: int) -> str:
    """23 -> '二十三', 10 -> '十', 105 -> '一百零五', 1000 -> '一千', 10010 -> '一万零一十', any size
    (a report numbers its persons with it, and a case may have thousands)."""
    if number < 0:
        return "负" + to_chinese(-number)
    if number < 10:
        return _NUMERALS[number]
    text = _chinese_above_zero(number)
    return text[1:] if text.startswith("一十") else text  # 十五, not 一十五 (but 一百一十五)


_NUMERALS = "零一二三四五六七八九"


def _chinese_above_zero(number: int) -> str:
    for unit, size in (("亿", 10**8), ("万", 10**4)):
        if number >= size:
            high, low = divmod(number, size)
            head = _chinese_above_zero(high) + unit
            if low == 0:
                return head
            return head + ("零" if low < size // 10 else "") + _chinese_above_zero(low)
    parts, zero = [], False
    for unit, size in (("千", 1000), ("百", 100), ("十", 10), ("", 1)):
        digit, number = divmod(number, size)
        if digit:
            parts.append(("零" if zero else "") + _NUMERALS[digit] + unit)
            zero = False
        elif parts:
            zero = True
    return "".join(parts)


@functools.total_ordering
@dataclass(frozen=True)
class ArticleRef:
    """第`article`条[第`paragraph`款][第（`item`）项]; article 0 = relative (item only)."""

    article: int
    paragraph: int | None = None
    item: int | None = None

    def __str__(self) -> str:
        text = f"第{to_chinese(self.article)}条" if self.article else ""
        if self.paragraph:
            text += f"第{to_chinese(self.paragraph)}款"
        if self.item:
            text += f"第（{to_chinese(self.item)}）项"
        return text

    def __lt__(self, other: "ArticleRef") -> bool:
        """Regulation order: 第六条 < 第六条第（二）项 < 第七条 (a missing part sorts first)."""
        return self._key() < other._key()

    def _key(self) -> tuple[int, int, int]:
        return (self.article, self.paragraph or 0, self.item or 0)

    @property
    def is_relative(self) -> bool:
        return self.article == 0

    def within(self, outer: "ArticleRef") -> "ArticleRef":
        """A relative label (第（二）项) placed inside an article block."""
        if not self.is_relative:
            return self
        return ArticleRef(outer.article, outer.paragraph, self.item)

    def covers(self, other: "ArticleRef") -> bool:
        """第六条 covers 第六条第（二）项; a label covers itself."""
        if self.article != other.article:
            return False
        if self.paragraph is not None and self.paragraph != other.paragraph:
            return False
        return self.item is None or self.item == other.item


def parse_label(text: str) -> ArticleRef:
    """Parse a label; raise LabelError with a Chinese reason when malformed."""
    parts, pos = [], 0
    for match in _PART.finditer(text):
        if match.start() != pos:
            break
        open_paren, number, close_paren, kind = match.groups()
        if bool(open_paren) != bool(close_paren):
            raise LabelError(f"“{match.group(0)}”中的括号不成对")
        if open_paren and kind != "项":
            raise LabelError(f"只有“项”的序号写在括号里：“{match.group(0)}”")
        parts.append((kind, chinese_number(number)))
        pos = match.end()
    if pos != len(text) or not parts:
        raise LabelError(f"无法识别条文标签“{text}”")
    return _assemble(text, parts)


def _assemble(text: str, parts: list[tuple[str, int]]) -> ArticleRef:
    found: dict[str, int] = {}
    order = "条款项"
    last = -1
    for kind, number in parts:
        if order.index(kind) <= last:
            raise LabelError(f"“{text}”的层次顺序应为 条、款、项")
        if number == 0:
            raise LabelError(f"“{text}”中的序号不能为零")
        last = order.index(kind)
        found[kind] = number
    if "条" not in found and "款" in found:
        raise LabelError(f"“{text}”缺少“第…条”")
    return ArticleRef(found.get("条", 0), found.get("款"), found.get("项"))
