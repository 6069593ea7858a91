"""The user's cache folder stays within its budget: the entries unused the longest go first."""

from __future__ import annotations

import os

from jiuze.language import user_cache


def _entry(folder, name: str, size: int, used: int) -> None:
    path = folder / name
    path.write_bytes(b"x" * size)
    os.chmod(path, 0o600)
    os.utime(path, (used, used))


def test_a_folder_over_budget_loses_its_least_recently_used_entries(tmp_path):
    for number in range(10):
        _entry(tmp_path, f"e{number}.json", 1000, 1_000_000 + number)  # e0 unused the longest
    user_cache.prune(tmp_path, 5000)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e8.json", "e9.json"]  # down to half the budget
    user_cache.prune(tmp_path, 5000)
    assert len(list(tmp_path.iterdir())) == 2  # within budget: nothing removed


def test_reading_an_entry_marks_it_used(tmp_path, monkeypatch):
    monkeypatch.setenv("JIUZE_CACHE_DIR", str(tmp_path))
    os.chmod(tmp_path, 0o700)
    for number in range(4):
        _entry(tmp_path, f"e{number}.json", 1000, 1_000_000 + number)
    assert user_cache.read("e0.json") == b"x" * 1000  # the oldest, now the most recently used
    user_cache.prune(tmp_path, 3000)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e0.json"]


def test_the_first_write_of_a_process_prunes(tmp_path, monkeypatch):
    monkeypatch.setenv("JIUZE_CACHE_DIR", str(tmp_path))
    os.chmod(tmp_path, 0o700)
    monkeypatch.setattr(user_cache, "BUDGET", 4000)
    monkeypatch.setattr(user_cache, "_pruned", False)
    for number in range(6):
        _entry(tmp_path, f"old{number}.json", 1000, 1_000_000 + number)
    user_cache.write("new.json", b"{}")
    names = sorted(p.name for p in tmp_path.iterdir())
    assert (
        "new.json" in names and "old0.json" not in names and sum((tmp_path / n).stat().st_size for n in names) <= 2000
    )
    _entry(tmp_path, "old9.json", 5000, 1_000_000)
    user_cache.write("newer.json", b"{}")  # pruned once per process: the folder is left as it is
    assert (tmp_path / "old9.json").exists()
