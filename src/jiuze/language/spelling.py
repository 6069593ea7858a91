"""“Did you mean”: one implementation for every place a user can mistype a name.

difflib's ratio suits Chinese names: 逼共 → 逼供 and 审查人 → 审核人 share most
characters in order.  A cutoff of 0.5 lets a two-character name with one
character wrong through (ratio exactly 0.5); the default 0.6 would not.
Internal relations (`#…`, made by the compiler) are never suggested.
"""

from __future__ import annotations

from typing import Iterable

CUTOFF = 0.5


def did_you_mean(word: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """The candidates closest to `word`, best first (ties in the candidates' sorted order)."""
    import difflib  # here: only a mistyped name needs it, not every start of the command line

    public = sorted({c for c in candidates if c and not c.startswith("#") and c != word})
    return difflib.get_close_matches(word, public, n=n, cutoff=CUTOFF)


def did_you_mean_text(word: str, candidates: Iterable[str]) -> str:
    """是否想写“逼供”？ (or “审核人”或“审批人”), empty when nothing is close."""
    found = did_you_mean(word, candidates)
    return f"是否想写{'或'.join(f'“{c}”' for c in found)}？" if found else ""
