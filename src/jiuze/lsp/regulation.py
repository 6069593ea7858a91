"""The regulation's own words for a label, and every label it has (hovers and completion).

The text and its lookup by article, paragraph and item live in
`jiuze.reports.regulation` (the web views quote it too); this module only
adapts it: None for a label the regulation lacks, and the list of labels.
"""

from __future__ import annotations

import functools

from jiuze.language.articles import ArticleRef
from jiuze.reports.regulation import article_text

_MOST_ARTICLES, _MOST_ITEMS = 60, 40  # the regulation has 30 articles, at most 16 items in one


def text_of(ref: ArticleRef) -> str | None:
    """The regulation's words for 第N条[第M款][第（K）项]; None if the regulation has no such part."""
    return article_text(ref) or None


@functools.lru_cache(maxsize=1)
def labels() -> tuple[tuple[ArticleRef, str], ...]:
    """Every article and item label the regulation has, with its first line (for completion)."""
    found = []
    for number in range(1, _MOST_ARTICLES + 1):
        text = article_text(ArticleRef(number))
        if not text:
            continue
        found.append((ArticleRef(number), text.split("\n")[0]))
        for item in range(1, _MOST_ITEMS + 1):
            words = article_text(ArticleRef(number, None, item))
            if words:
                found.append((ArticleRef(number, None, item), words.split("\n")[-1]))
    return tuple(found)
