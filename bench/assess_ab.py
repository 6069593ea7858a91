"""`assess_jobs` on the same cases, warm, min of a few rounds: one process per tree, to compare two trees.

Run it alternately under each tree, e.g.
`PYTHONPATH=/tmp/base/src python bench/assess_ab.py --proofs why` then without PYTHONPATH; on a noisy machine
(identical runs moved 2x on 2026-12-02) compare the minima over several alternations.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from scale import case_lines  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--proofs", default="why", choices=["none", "why", "full"])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    from jiuze import Rulebook
    from jiuze.batch.assess import Job, assess_jobs

    lines = case_lines(args.n, args.seed)
    jobs = [Job(i, f"cases.jsonl:{i + 1}", line=line) for i, line in enumerate(lines)]
    book = Rulebook.load()
    assess_jobs(book, jobs[:20], args.proofs, "clingo")  # engine and firing program built
    gc.collect()
    gc.freeze()
    times = []
    for _ in range(args.rounds):
        started = time.process_time()
        assess_jobs(book, jobs, args.proofs, "clingo")
        times.append(time.process_time() - started)
    runs = " ".join(f"{1000 * t / args.n:.3f}" for t in times)
    print(
        f"{args.proofs}: min {1000 * min(times) / args.n:.3f} ms CPU per case ({runs}); jiuze from {sys.modules['jiuze'].__file__}"
    )


if __name__ == "__main__":
    main()
