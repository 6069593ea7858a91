"""jiuze batch --engine dask: on a two-worker cluster the test starts itself, the output
file is byte for byte the local engine's (order, error lines, --resume included)."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from distributed import LocalCluster

from jiuze.batch import dask_runner
from jiuze.batch.assess import read_jobs, run
from jiuze.batch.dask_runner import assess_in_child, run_dask
from jiuze.cli.main import main
from jiuze.language.errors import JiuzeError
from jiuze.rulebook.rulebook import RuleSource, national_sources

REPO = Path(__file__).resolve().parents[2]

GOOD = {
    "facts": [
        ["人民警察", "张三"],
        ["执行职务", "张三", "案1"],
        ["主观过错", "张三", "案1", "故意"],
        ["逼供", "张三", "案1"],
    ]
}
BAD = {"facts": [["审查人", "李四", "案2"]]}
# Case files with problems: each goes through the worker's loader of shipped bytes.
CASE_FILES = {
    "a-unknown-role.yaml": "案件: 案9\n人员:\n  - 姓名: 王五\n    角色: [巡逻人]\n".encode(),
    "b-duplicate-key.json": '{"案件": "案3", "案件": "案4", "人员": [{"姓名": "赵六", "角色": ["办案人"]}]}'.encode(),
    "c-broken.json": b'{"facts": [',
    "d-not-utf8.jz": "人民警察(张三).".encode("gbk"),
    "e-facts.json": json.dumps(GOOD, ensure_ascii=False).encode(),
    # issue 17: crash classes that used to kill the batch (a lone surrogate in the output, deep nesting)
    "f-surrogate.json": json.dumps(GOOD, ensure_ascii=False).replace("张三", "\\ud800").encode(),
    "g-deep.json": b'{"facts": ' + b"[" * 5000 + b"]" * 5000 + b"}",
}


@pytest.fixture(scope="module")
def scheduler():
    """A local two-worker, two-process cluster, closed after this module's tests."""
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0") as cluster:
        yield cluster.scheduler_address


@pytest.fixture
def inputs(tmp_path):
    """A JSONL with a bad case and a non-JSON line, the examples, and a directory of bad files."""
    cases = tmp_path / "cases.jsonl"
    rows = [json.dumps(r, ensure_ascii=False) for r in (GOOD, BAD, GOOD)] + ["不是 JSON", json.dumps(GOOD)]
    cases.write_text("\n".join(rows) + "\n", encoding="utf-8")
    folder = tmp_path / "files"
    folder.mkdir()
    for name, data in CASE_FILES.items():
        (folder / name).write_bytes(data)
    return [cases, REPO / "examples", folder]


def _batch(*args):
    return CliRunner().invoke(main, ["batch", *map(str, args)])


def test_dask_writes_the_local_engines_file(tmp_path, inputs, scheduler):
    local, dask = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    first = _batch(*inputs, "-o", local, "--proofs", "why")
    second = _batch(*inputs, "-o", dask, "--proofs", "why", "--engine", "dask", "--scheduler", scheduler)
    assert first.exit_code == 0 and second.exit_code == 0, second.output
    assert dask.read_bytes() == local.read_bytes()
    lines = [json.loads(line) for line in dask.read_text(encoding="utf-8").splitlines()]
    assert [line["index"] for line in lines] == list(range(5 + 15 + len(CASE_FILES)))
    assert "审查人" in lines[1]["error"] and "error" in lines[3]
    assert [("error" in line) for line in lines[-7:]] == [True, True, True, True, False, True, True]
    assert _summary(first.output) == _summary(second.output)


def _summary(output: str) -> str:
    return output[output.index("案件 ") : output.index("用时")]


def test_resume_with_dask_completes_a_truncated_file(tmp_path, inputs, scheduler):
    full, partial = tmp_path / "full.jsonl", tmp_path / "partial.jsonl"
    assert _batch(*inputs, "-o", full).exit_code == 0
    lines = full.read_text(encoding="utf-8").splitlines(keepends=True)
    partial.write_text(lines[0] + lines[1] + lines[2][:15], encoding="utf-8")  # interrupted mid-line
    result = _batch(*inputs, "-o", partial, "--resume", "--engine", "dask", "--scheduler", scheduler)
    assert result.exit_code == 0, result.output
    assert partial.read_bytes() == full.read_bytes()
    assert "跳过已完成的 2 个" in result.output


def test_workers_need_not_see_the_clients_files(tmp_path, inputs, scheduler, monkeypatch):
    """Relative paths from another directory: the workers (started in the test's directory)
    cannot open them, so what they assess is the bytes the client shipped."""
    folder = f"only-here-{tmp_path.name}"  # a name no worker's directory has
    (tmp_path / "files").rename(tmp_path / folder)
    monkeypatch.chdir(tmp_path)
    assert _batch(folder, "-o", "local.jsonl").exit_code == 0
    assert _batch(folder, "-o", "dask.jsonl", "--engine", "dask", "--scheduler", scheduler).exit_code == 0
    assert Path("dask.jsonl").read_bytes() == Path("local.jsonl").read_bytes()
    assert f'"source": "{folder}/e-facts.json"' in Path("dask.jsonl").read_text(encoding="utf-8")


def test_many_small_chunks_come_back_in_input_order(inputs, scheduler):
    sources = national_sources()
    expected = list(run(sources, read_jobs(map(str, inputs)), proofs="full"))
    lines = list(run_dask(sources, read_jobs(map(str, inputs)), scheduler, "full", chunk_size=2))
    assert lines == expected


def test_a_failing_chunk_is_a_chinese_error(scheduler):
    broken = [RuleSource("坏.jz", "这不是规则")]
    with pytest.raises(JiuzeError) as caught:
        list(run_dask(broken, read_jobs([str(REPO / "examples")]), scheduler))
    assert "Dask 工作进程未能完成一批案件" in caught.value.render()


def test_unreachable_scheduler_is_a_chinese_error():
    with pytest.raises(JiuzeError) as caught:
        list(run_dask(national_sources(), iter([]), "tcp://127.0.0.1:1", timeout=1))
    assert "无法连接 Dask 调度器 tcp://127.0.0.1:1" in caught.value.render()


def test_missing_dask_says_how_to_install_it_and_leaves_the_output_alone(tmp_path, inputs, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` now fails
    out = tmp_path / "out.jsonl"
    out.write_text("上次的结果\n", encoding="utf-8")
    result = _batch(*inputs, "-o", out, "--engine", "dask")
    assert result.exit_code == 2
    assert "没有安装 Dask" in result.output and "pip install 'jiuze[dask]'" in result.output
    assert "Traceback" not in result.output
    assert out.read_text(encoding="utf-8") == "上次的结果\n"


def test_scheduler_needs_the_dask_engine(tmp_path, inputs):
    result = _batch(*inputs, "-o", tmp_path / "out.jsonl", "--scheduler", "tcp://127.0.0.1:8786")
    assert result.exit_code == 2 and "--engine dask" in result.output


def test_workers_evaluate_in_child_processes_that_are_replaced_as_they_grow(inputs, scheduler):
    """growth -1 MB: every child is replaced after its second chunk; the lines do not change."""
    sources = national_sources()
    expected = list(run(sources, read_jobs(map(str, inputs)), proofs="why"))
    lines = list(run_dask(sources, read_jobs(map(str, inputs)), scheduler, "why", chunk_size=3, growth_mb=-1))
    assert lines == expected


def test_a_grown_child_is_replaced_by_a_fresh_process():
    """What a Dask task does in its worker, here in this process: the chunk goes to a child
    process, which is replaced once it has grown (clingo never frees its symbols).  Growth
    -1 MB: every child is replaced after each chunk, by a new process."""
    import psutil

    jobs = list(read_jobs([str(REPO / "examples")]))
    sources, me = national_sources(), psutil.Process()
    others = {child.pid for child in me.children(recursive=True)}  # the cluster's, if it is up
    try:
        first = assess_in_child(sources, jobs[:3], "why", "clingo", 0.0, -1)
        after_first = _children(me, others)
        second = assess_in_child(sources, jobs[3:6], "why", "clingo", 0.0, -1)
        after_second = _children(me, others)
        assert after_first and after_second and after_first != after_second
        assert first + second == list(run(sources, iter(jobs[:6]), proofs="why"))
    finally:
        dask_runner._CHILDREN.pool[1].close()


def _children(process, others: set[int]) -> set[int]:
    """The pids of this process's new descendants once the replacement has been started (≤ 10 s): one
    worker, and where workers are forked, the zygote it was forked from (which stays)."""
    from jiuze.evaluate.parallel import forks_workers

    expected = 2 if forks_workers() else 1
    for _ in range(200):
        found = {child.pid for child in process.children(recursive=True) if _living(child)} - others
        if len(found) == expected:
            return found
        time.sleep(0.05)
    return set()


def _living(child) -> bool:
    import psutil

    try:
        return child.status() != "zombie"
    except psutil.NoSuchProcess:
        return False
