"""The rulebooks a server offers: the national rulebook and the directories named when it
was started.  Requests choose one by its id; no request can name a path."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from jiuze.rulebook.rulebook import NATIONAL, RuleSource, national_sources, sources_at


@dataclass(frozen=True)
class RulebookSpec:
    id: str
    label: str  # the directory as given (the overlay's own name is added once compiled)
    sources: tuple[RuleSource, ...]


def catalog(paths: list[str]) -> list[RulebookSpec]:
    """National first, then each path in order; the first path given is the default (see `default_id`)."""
    specs = [RulebookSpec(NATIONAL, "全国规则库", tuple(national_sources()))]
    taken = {NATIONAL}
    for path in paths:
        base = re.sub(r"[^A-Za-z0-9_.-]+", "-", Path(path).resolve().name).strip("-") or "rules"
        name, n = base, 2
        while name in taken:
            name, n = f"{base}-{n}", n + 1
        taken.add(name)
        specs.append(RulebookSpec(name, path, tuple(sources_at(path))))
    return specs


def default_id(specs: list[RulebookSpec]) -> str:
    return specs[1].id if len(specs) > 1 else specs[0].id
