"""How much of a batch worker's growth and CPU comes from cases clingo has never seen.

clingo keeps every symbol it has made, so a worker grows with each new case and is retired
(`WORKER_GROWTH_MB`).  This assesses 10 chunks of 400 cases in one process, `--proofs why`,
either 4,000 different cases (`new`) or the same 400 ten times (`same`), and prints the resident
growth and CPU per case: the difference is what reusing symbols across chunks could save.
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

CHUNK, CHUNKS = 400, 10


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["new", "same"])
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    from jiuze import Rulebook
    from jiuze.batch.assess import Job, assess_jobs
    from jiuze.evaluate.parallel import release_freed_memory, resident_mb

    lines = case_lines(CHUNK * CHUNKS, args.seed)
    book = Rulebook.load()
    assess_jobs(book, [Job(0, "warm-up", line='{"facts": []}')], "why", "clingo")
    gc.collect()
    gc.freeze()
    release_freed_memory()
    start, cpu = resident_mb(), time.process_time()
    for k in range(CHUNKS):
        chunk = lines[CHUNK * k : CHUNK * (k + 1)] if args.mode == "new" else lines[:CHUNK]
        assess_jobs(book, [Job(i, "c", line=line) for i, line in enumerate(chunk)], "why", "clingo")
        release_freed_memory()
    n = CHUNK * CHUNKS
    per_case = 1000 * (time.process_time() - cpu) / n
    print(f"{args.mode}: growth {resident_mb() - start:.1f} MB over {n:,} cases, CPU {per_case:.3f} ms per case")


if __name__ == "__main__":
    main()
