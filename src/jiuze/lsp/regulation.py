"""The regulation's own text, by article, paragraph and item, for hovers and completion.

A copy of docs/regulation-1999.txt ships inside this package (a test keeps the
two equal), so an installed server never reads the repository.  An article
starts at a line `第N条`; an item at a line `（N）`; any other line of an
article starts a new paragraph (款), and items belong to the paragraph before.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources

from jiuze.language.articles import ArticleRef, chinese_number

_ARTICLE = re.compile(r"^第([零〇一二两三四五六七八九十百千]+)条\s*")
_ITEM = re.compile(r"^（([零〇一二两三四五六七八九十]+)）")


@dataclass
class Article:
    number: int
    paragraphs: list[str] = field(default_factory=list)
    items: dict[tuple[int, int], str] = field(default_factory=dict)  # (paragraph, item) → text

    @property
    def text(self) -> str:
        lines = []
        for index, paragraph in enumerate(self.paragraphs, 1):
            lines.append(paragraph)
            lines += [text for (p, _), text in self.items.items() if p == index]
        return "\n".join(lines)


@functools.lru_cache(maxsize=1)
def articles() -> dict[int, Article]:
    text = resources.files("jiuze.lsp").joinpath("regulation-1999.txt").read_text(encoding="utf-8")
    found: dict[int, Article] = {}
    current = None
    for raw in text.splitlines():
        line = raw.strip()
        head = _ARTICLE.match(line)
        if head:
            current = found.setdefault(chinese_number(head.group(1)), Article(chinese_number(head.group(1))))
            current.paragraphs.append(line)
        elif current is not None and line:
            item = _ITEM.match(line)
            if item:
                current.items[(max(len(current.paragraphs), 1), chinese_number(item.group(1)))] = line
            else:
                current.paragraphs.append(line)
    return found


def text_of(ref: ArticleRef) -> str | None:
    """The regulation's words for 第N条[第M款][第（K）项]; None if the regulation has no such part."""
    article = articles().get(ref.article)
    if article is None:
        return None
    if ref.item:
        matches = [t for (p, i), t in article.items.items() if i == ref.item and p == (ref.paragraph or p)]
        return f"{article.paragraphs[0]}\n……\n{matches[0]}" if matches else None
    if ref.paragraph:
        if ref.paragraph > len(article.paragraphs):
            return None
        return article.paragraphs[ref.paragraph - 1]
    return article.text


def labels() -> list[tuple[ArticleRef, str]]:
    """Every article and item label the regulation has, with its first words (for completion)."""
    out = []
    for number, article in sorted(articles().items()):
        out.append((ArticleRef(number), article.paragraphs[0]))
        for (_, item), text in article.items.items():
            out.append((ArticleRef(number, None, item), text))
    return out
