"""jiuze batch on its worker pool: the same bytes and the same summary whatever the workers do
(forked from the zygote or fresh interpreters, retired after every chunk), with the summary's
counts taken in the workers."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from jiuze.batch import assess
from jiuze.batch.summary import BatchStats
from jiuze.cli.main import main


@pytest.fixture(scope="module")
def cases(tmp_path_factory):
    """Generated cases (some with conflicts) and a bad line among them."""
    from tests.conftest import generated_facts

    rows = [
        json.dumps({"facts": [[f.predicate, *f.values] for f in facts]}, default=str) for facts in generated_facts(240)
    ]
    rows.insert(70, json.dumps({"facts": [["审查人", "李四", "案2"]]}, ensure_ascii=False))
    path = tmp_path_factory.mktemp("pool") / "cases.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _batch(*args) -> str:
    result = CliRunner().invoke(main, ["batch", *map(str, args)])
    assert result.exit_code == 0, result.output
    return re.sub(r"用时 [0-9.]+ 秒", "用时 … 秒", result.output.strip().splitlines()[-1])


def _read_back(path) -> str:
    stats = BatchStats()
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        stats.add(line)
    return stats.summary(0, 0).replace("用时 0.0 秒", "用时 … 秒")


@pytest.mark.parametrize("start", ["fork", "exec"])
def test_retired_every_chunk_the_workers_write_what_one_process_writes(cases, tmp_path, monkeypatch, start):
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    summary = _batch(cases, "-o", one, "--proofs", "why")
    monkeypatch.setenv("JIUZE_WORKER_START", start)
    monkeypatch.setattr(assess, "BATCH_CHUNK", 20)  # 13 chunks
    monkeypatch.setattr(assess, "FORKED_BATCH_CHUNK", 20)
    monkeypatch.setattr(assess, "WORKER_GROWTH_MB", -1)  # every worker retires after its first chunk
    monkeypatch.setattr(assess, "EXEC_WORKER_GROWTH_MB", -1)
    assert _batch(cases, "-o", two, "--proofs", "why", "--workers", "2") == summary
    assert one.read_bytes() == two.read_bytes()


def test_the_summary_counted_in_the_workers_is_the_one_read_back_from_the_lines(cases, tmp_path):
    out = tmp_path / "out.jsonl"
    summary = _batch(cases, "-o", out, "--proofs", "why", "--workers", "2")
    assert summary == _read_back(out)
    assert "出错 1 个" in summary and "冲突 0 处" not in summary


def test_results_split_into_the_lines_they_were_joined_from():
    lines = ['{"a": "x\\ny"}\n', '{"b": "\u2028 ok"}\n']  # a line separator inside a string is no line end
    results = assess.Results("".join(lines).encode("utf-8"), 2, BatchStats())
    assert results.lines() == lines
