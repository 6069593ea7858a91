"""End to end on both cores: `jiuze batch` over generated JSONL files, timed, with the
memory of the whole process tree (parent + workers) sampled while it runs.

    python bench/scale.py --sizes 1000 10000 100000 --workers 2 --proofs none why --evaluators clingo pydatalog

This is the number a provincial office sees: reading cases, evaluating, explaining
(`--proofs why` builds a proof for every conclusion and lists its articles), and
writing one JSON line per case, with the rulebook compiled once per worker.
run.py calls `measure` and puts the table in RESULTS.md.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from generate import generate_case  # noqa: E402
from machine import machine_line, python_speed_ms  # noqa: E402


def positive_int(text: str) -> int:
    """argparse type for a size or a worker count: N = 0 would divide by zero in the per-case figures,
    and a run of no cases measures nothing, so say so at the command line instead."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {value}")
    return value


def case_line(i: int, seed: int) -> str:
    """Case i as a JSONL line (no newline); the same at every N (see generate.py)."""
    case = generate_case(i, seed)
    return json.dumps({"facts": [[p, *v] for p, v in case.facts]}, ensure_ascii=False, default=str)


def case_lines(n: int, seed: int) -> list[str]:
    """The first n cases' lines, in memory: what the in-process benchmarks assess."""
    return [case_line(i, seed) for i in range(n)]


def write_cases(path: str, n: int, seed: int) -> None:
    """The first n cases, streamed to disk one line at a time."""
    with open(path, "w", encoding="utf-8") as out:
        for i in range(n):
            out.write(case_line(i, seed) + "\n")


def _tree(pid: int) -> list[int]:
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    stack.extend(int(c) for c in handle.read().split())
        except OSError:
            continue
    return found


def _rss_kb(pid: int) -> int:
    return _field_kb(f"/proc/{pid}/status", "VmRSS:")


def _pss_kb(pid: int) -> int:
    return _field_kb(f"/proc/{pid}/smaps_rollup", "Pss:")


def _field_kb(path: str, field: str) -> int:
    try:
        with open(path) as handle:
            for line in handle:
                if line.startswith(field):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class TreeMemory(threading.Thread):
    """Peak of the summed RSS of a process and its descendants, sampled every 50 ms, and of
    their summed PSS, every 200 ms (reading smaps_rollup costs ≈ 1.5 ms per 100 MB).

    Summed RSS counts a page shared by several processes once in each: workers forked from
    the pool's zygote share its imports and rulebook (≈ 45 MB) until they write them, so RSS
    counts those pages up to three times.  PSS splits each shared page between the processes
    sharing it: the summed PSS is what the tree really holds.  Both are reported."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak_kb, self.peak_pss_kb, self.done = pid, 0, 0, threading.Event()

    def run(self) -> None:
        sample = 0
        while not self.done.is_set():
            tree = _tree(self.pid)
            self.peak_kb = max(self.peak_kb, sum(_rss_kb(p) for p in tree))
            if sample % 4 == 0:
                self.peak_pss_kb = max(self.peak_pss_kb, sum(_pss_kb(p) for p in tree))
            sample += 1
            self.done.wait(0.05)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def run_batch(
    jiuze: str, cases: str, out: str, workers: int, proofs: str, evaluator: str = "clingo", start: str = "fork"
) -> dict:
    """One `jiuze batch`; `start` is how its pool starts workers (JIUZE_WORKER_START: fork from a
    zygote where possible, or exec a fresh interpreter each)."""
    command = [jiuze, "batch", cases, "-o", out, "--workers", str(workers), "--proofs", proofs]
    command += ["--evaluator", evaluator]
    load_before, cpu_before = _load(), _children_cpu()
    started = time.perf_counter()
    environment = dict(os.environ, PYTHONHASHSEED="0", JIUZE_WORKER_START=start)
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment)
    memory = TreeMemory(process.pid)
    memory.start()
    stdout, stderr = process.communicate()
    wall = time.perf_counter() - started
    cpu = _children_cpu() - cpu_before  # the whole tree: the pool's workers are reaped by jiuze
    memory.done.set()
    memory.join()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited {process.returncode}: {stderr.decode()[-2000:]}")
    with open(out, encoding="utf-8") as handle:
        lines = sum(1 for _ in handle)
    return {
        "wall_s": wall,
        "cpu_s": cpu,
        "load_before": load_before,
        "load_after": _load(),
        "lines": lines,
        "peak_tree_rss_mb": memory.peak_kb / 1024,
        "peak_tree_pss_mb": memory.peak_pss_kb / 1024,
        "summary": (stdout + stderr).decode().strip().splitlines()[-1:],
        "speed_index_ms": python_speed_ms(),  # bench/machine.py, right after the run
    }


def measure(
    sizes: list[int],
    workers: list[int],
    proofs: list[str],
    seed: int,
    jiuze: str,
    evaluators=("clingo",),
    starts=("fork",),
    repeat: int = 1,
) -> list[dict]:
    if any(n <= 0 for n in sizes) or any(w <= 0 for w in workers):
        raise ValueError(f"sizes and workers must be 1 or more: sizes {sizes}, workers {workers}")
    rows = []
    with tempfile.TemporaryDirectory(prefix="jiuze-scale-") as tmp:
        for n in sizes:
            cases = os.path.join(tmp, f"cases-{n}.jsonl")
            write_cases(cases, n, seed)
            outputs = {}
            runs = itertools.product(range(repeat), evaluators, workers, proofs, starts)  # repeats interleaved
            for attempt, evaluator, w, mode, start in runs:
                out = os.path.join(tmp, f"out-{n}-{w}-{mode}-{evaluator}-{start}-{attempt}.jsonl")
                result = run_batch(jiuze, cases, out, w, mode, evaluator, start)
                outputs.setdefault(mode, []).append(out)
                row = {"n": n, "workers": w, "proofs": mode, "evaluator": evaluator, "start": start, **result}
                row["cases_per_s"] = n / result["wall_s"]
                row["cpu_ms_per_case"] = 1000 * result["cpu_s"] / n
                rows.append(row)
                print(
                    f"batch N={n:>6} {evaluator:<9} workers={w} proofs={mode:<4} start={start:<4} "
                    f"{row['cases_per_s']:8.0f} cases/s {row['wall_s']:7.2f} s  CPU {row['cpu_ms_per_case']:.3f} ms/case  "
                    f"peak tree RSS {row['peak_tree_rss_mb']:6.1f} MB, PSS {row['peak_tree_pss_mb']:6.1f} MB  "
                    f"load {result['load_before']}",
                    flush=True,
                )
            for mode, files in outputs.items():  # every worker count and evaluator must write the same bytes
                contents = {Path(f).read_bytes() for f in files}
                for row in rows:
                    if row["n"] == n and row["proofs"] == mode:
                        row["identical_across_workers"] = len(contents) == 1
    return rows


def default_jiuze() -> str:
    return str(Path(sys.executable).with_name("jiuze"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=positive_int, nargs="+", default=[1000, 10000])
    parser.add_argument("--workers", type=positive_int, nargs="+", default=[1, 2])
    parser.add_argument("--proofs", nargs="+", default=["none", "why"])
    parser.add_argument("--evaluators", nargs="+", default=["clingo"], choices=["clingo", "pydatalog"])
    parser.add_argument(
        "--start",
        nargs="+",
        default=["fork"],
        choices=["fork", "exec"],
        help="how the pool starts workers: fork from a warm zygote (the default), or exec a fresh interpreter each",
    )
    parser.add_argument("--repeat", type=positive_int, default=1, help="run every setting this many times, interleaved")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--jiuze", default=default_jiuze())
    args = parser.parse_args()
    print(machine_line(), flush=True)
    rows = measure(
        args.sizes, args.workers, args.proofs, args.seed, args.jiuze, args.evaluators, args.start, args.repeat
    )
    print(json.dumps(rows, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
