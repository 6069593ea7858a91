"""Memory of `jiuze batch --engine dask` over a long run: does any process keep growing?

    python bench/dask_memory.py --n 60000            # needs jiuze[dask] (psutil comes with it)

Generates N cases with scale.py's generator, runs `jiuze batch --engine dask --workers W --proofs P`
on a local cluster, samples the resident memory of every process in the tree twice a second, and
prints the peak of the tree, each process's memory when first and last seen (client with the local
scheduler, Dask workers, the children that evaluate), CPU time of the tree, wall time and cases/s.
A process whose last figure keeps rising with N is a leak; the evaluating children are replaced
once they have grown by WORKER_GROWTH_MB, so they come and go."""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from scale import default_jiuze, write_cases  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--proofs", default="why")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--jiuze", default=default_jiuze())
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        cases, out = os.path.join(scratch, "cases.jsonl"), os.path.join(scratch, "out.jsonl")
        write_cases(cases, args.n, args.seed)
        command = [args.jiuze, "batch", cases, "-o", out, "--engine", "dask"]
        command += ["--workers", str(args.workers), "--proofs", args.proofs]
        print(f"N = {args.n}, {args.workers} Dask workers, --proofs {args.proofs}, load {os.getloadavg()}")
        _report(*_sampled(command), args.n)


def _sampled(command: list[str]) -> tuple:
    import psutil

    started = time.time()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    root = psutil.Process(process.pid)
    peak, seen, timeline = 0, {}, []
    while process.poll() is None:
        resident = {}
        for member in [root, *_children(root)]:
            try:
                resident[member.pid] = member.memory_info().rss
                if member.pid not in seen:
                    seen[member.pid] = [0, 0, " ".join(member.cmdline())[-60:]]
            except psutil.Error:
                continue
        for pid, size in resident.items():
            seen[pid][0] = seen[pid][0] or size
            seen[pid][1] = size
        peak = max(peak, sum(resident.values()))
        timeline.append((time.time() - started, sum(resident.values())))
        time.sleep(0.5)
    errors = process.stderr.read().decode("utf-8", "replace")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return process.returncode, time.time() - started, usage.ru_utime + usage.ru_stime, peak, seen, timeline, errors


def _children(root):
    import psutil

    try:
        return root.children(recursive=True)
    except psutil.Error:
        return []


def _report(code, wall, cpu, peak, seen, timeline, errors, n) -> None:
    mb = 2**20
    print(
        f"exit {code}; wall {wall:.1f} s ({n / wall:.0f} cases/s); CPU of the reaped processes {cpu:.1f} s (a lower bound: Dask may not reap its workers) "
        f"({1000 * cpu / n:.2f} ms/case); peak tree RSS {peak / mb:.1f} MB"
    )
    print()
    print("| time | tree RSS MB |")
    print("|---:|---:|")
    for moment, size in timeline[:: max(1, len(timeline) // 10)]:
        print(f"| {moment:.0f} s | {size / mb:.0f} |")
    print()
    print("| process | first MB | last MB |")
    print("|---|---:|---:|")
    for pid, (first, last, name) in sorted(seen.items()):
        print(f"| {pid} `{name}` | {first / mb:.0f} | {last / mb:.0f} |")
    if code:
        print(errors[-2000:])
        sys.exit(1)


if __name__ == "__main__":
    main()
