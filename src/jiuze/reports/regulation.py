"""The text of the 1999 regulation, by article, paragraph and item: what a proof's
citation (第六条第（二）项) says, shown on hover in the web views.

The text ships in the package (a copy of docs/regulation-1999.txt next to this
module; a test keeps the two identical), so an installed jiuze never reads the
working directory.  A label the
regulation does not have (an overlay's 第六条第（十七）项) has no text.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

from jiuze.language.articles import ArticleRef, LabelError, chinese_number, parse_label

_ARTICLE = re.compile(r"^第([零〇一二两三四五六七八九十百]+)条\s*(.*)$")
_ITEM = re.compile(r"^[（(]([零〇一二三四五六七八九十]+)[)）]")


@functools.lru_cache(maxsize=1)
def _articles() -> dict[int, list[str]]:
    """Article number → its lines (the first is the article's opening paragraph)."""
    text = resources.files("jiuze.reports").joinpath("regulation-1999.txt").read_text(encoding="utf-8")
    articles: dict[int, list[str]] = {}
    current = None
    for raw in text.splitlines():
        line = raw.strip()
        match = _ARTICLE.match(line)
        if match:
            current = chinese_number(match.group(1))
            articles[current] = [line]
        elif current is not None and line:
            articles[current].append(line)
    return articles


def article_text(ref: ArticleRef | str | None) -> str:
    """The cited text: the whole article, its paragraph (款), or the article's opening line
    with the cited item (项); "" when the regulation has no such label."""
    if ref is None:
        return ""
    if isinstance(ref, str):
        try:
            ref = parse_label(ref)
        except LabelError:
            return ""
    lines = _articles().get(ref.article)
    if not lines:
        return ""
    if ref.item is not None:
        items = [line for line in lines if _ITEM.match(line)]
        opening = [line for line in lines if not _ITEM.match(line)][:1]
        chosen = [line for line in items if chinese_number(_ITEM.match(line).group(1)) == ref.item]
        return "\n".join(opening + chosen) if chosen else ""
    if ref.paragraph is not None:
        paragraphs = [line for line in lines if not _ITEM.match(line)]
        return paragraphs[ref.paragraph - 1] if ref.paragraph <= len(paragraphs) else ""
    return "\n".join(lines)


def texts_for(labels) -> dict[str, str]:
    """label → text for every label that has one (sorted, for deterministic output)."""
    found = {label: article_text(label) for label in sorted(set(labels)) if label}
    return {label: text for label, text in found.items() if text}


def mentioned_labels(data) -> set[str]:
    """Every article label a JSON document (report, proof, what-if) mentions."""
    found: set[str] = set()

    def walk(value) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "article" and isinstance(item, str):
                    found.add(item)
                elif key in ("basis", "articles", "excluded_by") and isinstance(item, list):
                    found.update(x for x in item if isinstance(x, str))
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(data)
    return found


def report_article_texts(data) -> dict[str, str]:
    """label → text for the labels a JSON document mentions."""
    return texts_for(mentioned_labels(data))
