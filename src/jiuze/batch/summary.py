"""The closing line of `jiuze batch`: counts read back from the result lines it wrote."""

from __future__ import annotations

import collections
import json

from jiuze.language.articles import to_chinese

COUNTED = frozenset({"应当追究", "执法过错情形", "不予追究", "免予追究"})
"""The relations whose conclusions the summary counts."""


class BatchStats:
    """Counts for the closing summary, read back from the result lines.

    Art 6 items count persons actually liable (应当追究 holds for them in that case),
    not every situation found: a person excluded by Art 14 is counted as 不予追究 only."""

    def __init__(self):
        self.cases = self.bad = self.not_pursued = self.exempted = self.conflicts = 0
        self.items = collections.Counter()

    def add(self, line: str) -> None:
        self.add_result(json.loads(line))

    def add_result(self, result: dict) -> None:
        """A result line's counts, from the dict it was written from (a batch worker counts its own)."""
        if "error" in result:
            self.cases += 1
            self.bad += 1
            return
        self.add_counts([entry["conclusion"] for entry in result["conclusions"]], len(result["conflicts"]))

    def add_counts(self, conclusions: list[str], conflicts: int) -> None:
        """A case's counts from the text of its conclusions (those of `COUNTED` are enough) and
        its number of conflicts (a batch worker writing lines as text passes just these)."""
        self.cases += 1
        liable, situations = set(), []
        for conclusion in conclusions:
            name, _, args = conclusion.partition("(")
            values = tuple(args[:-1].split(", "))
            if name == "应当追究":
                liable.add(values[:2])
            elif name == "执法过错情形":
                situations.append((values[:2], values[-1]))
            elif name == "不予追究":
                self.not_pursued += 1
            elif name == "免予追究":
                self.exempted += 1
        self.items.update(int(item) for who, item in situations if who in liable and item.isdigit())
        self.conflicts += conflicts

    def merge(self, other: BatchStats) -> None:
        """Add the counts of another share of the lines (a chunk counted in a worker)."""
        self.cases += other.cases
        self.bad += other.bad
        self.not_pursued += other.not_pursued
        self.exempted += other.exempted
        self.conflicts += other.conflicts
        self.items.update(other.items)

    def summary(self, skipped: int, seconds: float) -> str:
        items = "，".join(f"第（{to_chinese(n)}）项 {c}" for n, c in sorted(self.items.items())) or "无"
        resumed = f"（续跑，跳过已完成的 {skipped} 个）" if skipped else ""
        return (
            f"案件 {self.cases} 个{resumed}，出错 {self.bad} 个；应当追究的人次，按第六条各项：{items}；"
            f"不予追究（第十四条）{self.not_pursued} 人次；免予追究（第二十三条）{self.exempted} 人次；"
            f"冲突 {self.conflicts} 处；用时 {seconds:.1f} 秒。"
        )
