"""parallel.ordered_map's workers forked from a warm zygote (zygote.py), on real processes, and the
fresh-interpreter path it falls back to (JIUZE_WORKER_START=exec) held to the same behaviour."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time

import pytest

from jiuze.evaluate import zygote
from jiuze.evaluate.parallel import WorkersFailed, ordered_map

pytestmark = pytest.mark.skipif(not zygote.available(), reason="workers are forked on Linux only")


@pytest.fixture(params=["fork", "exec"])
def start(request, monkeypatch):
    monkeypatch.setenv("JIUZE_WORKER_START", request.param)
    return request.param


_SEEN: list = []  # chunks this process has served: a forked worker must start from the zygote's empty list


def _who(chunk):
    _SEEN.append(chunk)
    return [(item, os.getpid(), os.getppid(), len(_SEEN)) for item in chunk]


def _kill_self_on_thirteen(chunk):
    if 13 in chunk:
        os.kill(os.getpid(), signal.SIGKILL)  # killed from outside, mid-chunk (the OOM killer, kill -9)
    return chunk


def _fail_on_seven(chunk):
    if 7 in chunk:
        raise ValueError("seven")
    return chunk


def _slow(chunk):
    time.sleep(0.2)
    return [os.getpid() for _ in chunk]


def _refuse(*_):
    raise RuntimeError("the initializer failed")


def _descendants() -> set[int]:
    """This process's living descendants (workers forked by a zygote are its grandchildren)."""
    found, stack = set(), [os.getpid()]
    while stack:
        pid = stack.pop()
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as handle:
                    stack.extend(int(child) for child in handle.read().split())
        except OSError:
            continue
        found.add(pid)
    return {pid for pid in found - {os.getpid()} if _alive(pid)}


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_results_in_order_from_forked_workers_each_from_the_zygote(start):
    rows = list(ordered_map(_who, range(60), workers=2, chunk_size=3, recycle=2))
    assert [item for item, *_ in rows] == list(range(60))
    pids = {pid for _, pid, _, _ in rows}
    parents = {parent for _, _, parent, _ in rows}
    assert len(pids) >= 10  # 20 chunks, 2 per worker
    if start == "fork":
        assert parents != {os.getpid()} and len(parents) == 1  # all forked by one zygote
        assert parents.isdisjoint(pids)  # which served no chunk itself
    else:
        assert parents == {os.getpid()}
    # a replacement starts clean (from the zygote, not from a used worker): at most 2 chunks seen
    assert max(seen for *_, seen in rows) == 2


def test_a_worker_killed_mid_batch_is_workers_failed_after_the_earlier_results(start):
    results = ordered_map(_kill_self_on_thirteen, range(40), workers=2, chunk_size=4)
    assert [next(results) for _ in range(12)] == list(range(12))
    with pytest.raises(WorkersFailed, match="工作进程意外退出"):
        list(results)


def test_an_error_arrives_in_its_chunks_turn(start):
    results = ordered_map(_fail_on_seven, range(20), workers=2, chunk_size=3, recycle=1)
    assert [next(results) for _ in range(6)] == list(range(6))
    with pytest.raises(ValueError, match="seven"):
        next(results)


def test_a_failing_initializer_is_workers_failed(start):
    with pytest.raises(WorkersFailed):
        list(ordered_map(list, range(10), workers=2, initializer=_refuse))


def test_no_process_outlives_the_pool_even_closed_mid_batch(start):
    before = _descendants()
    results = ordered_map(_slow, range(40), workers=2, chunk_size=2, recycle=3)
    next(results)  # workers busy, more chunks waiting
    assert len(_descendants() - before) >= 2
    results.close()
    assert _descendants() - before == set()
    assert len(list(ordered_map(_slow, range(8), workers=2, chunk_size=2))) == 8
    assert _descendants() - before == set()


def test_the_zygote_does_not_fork_with_a_second_thread_running():
    assert zygote._cannot_fork() is None or zygote._cannot_fork() == "threads"  # pytest may run threads
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert zygote._cannot_fork() == "threads"
    finally:
        stop.set()
        thread.join()


_WORK = """
import os, time

def work(chunk):
    time.sleep(0.05)
    return [(os.getpid(), os.getppid())]
"""

_SCRIPT = """
from jiuze.evaluate.parallel import ordered_map
from poolwork import work  # workers import the function by name: not from __main__

if __name__ == "__main__":
    for pid, parent in ordered_map(work, range(10_000), workers=2, chunk_size=1):
        print(pid, parent, flush=True)
"""


@pytest.mark.parametrize("how", ["fork", "exec"])
def test_ctrl_c_stops_the_pool_cleanly(tmp_path, how):
    """Ctrl-C at a terminal signals the foreground process group: only the parent gets it (workers
    and zygote have groups of their own), it stops its workers, and no worker prints a traceback."""
    script = tmp_path / "pool.py"
    script.write_text(textwrap.dedent(_SCRIPT), encoding="utf-8")
    (tmp_path / "poolwork.py").write_text(textwrap.dedent(_WORK), encoding="utf-8")
    environment = dict(os.environ, JIUZE_WORKER_START=how, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    process = subprocess.Popen(
        [sys.executable, str(script)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
        process_group=0,
    )
    pids = set()
    for _ in range(6):
        pids.update(int(p) for p in process.stdout.readline().split())
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode != 0
    assert stderr.count("Traceback") == 1 and "KeyboardInterrupt" in stderr
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in pids - {process.pid})
