"""Shared test helpers: golden files (regenerate with JIUZE_UPDATE_GOLDEN=1)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def check_golden(path: Path, actual: str) -> None:
    """Compare `actual` with the golden file at `path` (write it when updating).

    A rulebook's content digest is masked: it changes with every edit of any rule file, and the tests of
    `Identity` check it; a golden checks that the report names its rulebook, not which revision."""
    actual = re.sub(r"摘要 [0-9a-f]{16}", "摘要 <digest>", actual)
    actual = re.sub(r'"digest": "[0-9a-f]{16}"', '"digest": "<digest>"', actual)
    if os.environ.get("JIUZE_UPDATE_GOLDEN") == "1" or not path.exists():
        if os.environ.get("CI") == "true" and not path.exists():
            pytest.fail(f"golden file missing: {path}")
        path.write_text(actual, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"output differs from {path}"


def generated_facts(n: int) -> list:
    """The first n cases of bench/generate.py (seed 7) as lists of facts, named by case and position."""
    import sys

    from jiuze import Fact

    sys.path.insert(0, str(REPO / "bench"))
    try:
        from generate import generate
    finally:
        sys.path.remove(str(REPO / "bench"))
    return [[Fact(p, v, f"{c.id}#/facts/{i}") for i, (p, v) in enumerate(c.facts)] for c in generate(n)]


@pytest.fixture
def generated():
    """generated_facts, for tests that check jiuze on generated cases."""
    return generated_facts


@pytest.fixture
def golden():
    return check_golden


@pytest.fixture
def repo() -> Path:
    return REPO


@pytest.fixture(autouse=True, scope="session")
def _private_rulebook_cache(tmp_path_factory):
    """Commands cache compiled rulebooks (rulebook/cache.py): during tests, in a directory of the session's own."""
    folder = tmp_path_factory.mktemp("jiuze-cache")
    folder.chmod(0o700)
    previous = os.environ.get("JIUZE_CACHE_DIR")
    os.environ["JIUZE_CACHE_DIR"] = str(folder)
    yield
    if previous is None:
        os.environ.pop("JIUZE_CACHE_DIR", None)
    else:
        os.environ["JIUZE_CACHE_DIR"] = previous
