"""Where `jiuze batch`'s time goes per case, in one process: what a batch worker does with a chunk
(`assess._results`: assess the cases, write their result lines), split by stage from a profile.

    python bench/proof_costs.py --n 2000 --proofs why none

The cases are `scale.py`'s (`case_lines(N, seed)`), evaluated on clingo in chunks of
`FORKED_BATCH_CHUNK` as `jiuze batch --workers 2` does, after a warm-up and with the rulebook frozen
out of GC scans (as the batch command does).  The total is measured without the profiler; the split
is each stage's share of the profiled run, applied to that total (the profiler inflates small calls,
so shares are approximate; `clingo_stages.py` splits the clingo stage without one)."""

from __future__ import annotations

import argparse
import cProfile
import gc
import os
import pstats
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from machine import machine_line  # noqa: E402
from scale import case_lines  # noqa: E402

STAGES = {  # stage -> functions (file under src/, function name) whose cumulative time it is
    "read cases (parse the line, check the facts)": [
        ("jiuze/batch/assess.py", "_load"),
        ("jiuze/rulebook/rulebook.py", "checked"),
    ],
    "clingo (ground, solve, decode; firings with proofs)": [("jiuze/rulebook/rulebook.py", "relations")],
    "build the Model": [("jiuze/explain/model.py", "__init__")],
    "list conclusions (sorted rows, their modality)": [("jiuze/explain/model.py", "listing")],
    "cited articles (rank, derivations, fold)": [
        ("jiuze/explain/model.py", "cited_of"),
        ("jiuze/batch/assess.py", "_why_fragments"),
    ],
    "conflicts": [("jiuze/batch/assess.py", "_conflicts")],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--proofs", nargs="+", default=["why", "none"])
    args = parser.parse_args()

    from jiuze import Rulebook
    from jiuze.batch.assess import FORKED_BATCH_CHUNK, Job, _results

    lines = case_lines(args.n, args.seed)
    jobs = [Job(i, f"cases.jsonl:{i + 1}", line=line) for i, line in enumerate(lines)]
    book = Rulebook.load()
    print(machine_line())
    print(
        f"N = {args.n}, seed {args.seed}, clingo, {FORKED_BATCH_CHUNK} cases per chunk, load average {os.getloadavg()}"
    )
    for proofs in args.proofs:
        _results(book, jobs[:20], proofs, "clingo", 0.0)  # warm up: engine and firing program built
        gc.collect()
        gc.freeze()

        def run(proofs=proofs):
            for start in range(0, len(jobs), FORKED_BATCH_CHUNK):
                _results(book, jobs[start : start + FORKED_BATCH_CHUNK], proofs, "clingo", 0.0)

        started = time.process_time()
        run()
        total_ms = 1000 * (time.process_time() - started) / len(jobs)
        profile = cProfile.Profile()
        profile.enable()
        run()
        profile.disable()
        print()
        print(f"--proofs {proofs}: {total_ms:.3f} ms CPU per case (unprofiled)")
        print()
        _print_split(pstats.Stats(profile).stats, total_ms)  # type: ignore[attr-defined]


def _print_split(stats: dict, total_ms: float) -> None:
    def cumulative(file: str, function: str) -> float:
        return sum(v[3] for k, v in stats.items() if k[0].endswith(file) and k[2] == function)

    everything = cumulative("jiuze/batch/assess.py", "_results")
    print("| stage | ms/case | share |")
    print("|---|---:|---:|")
    named = 0.0
    for stage, functions in STAGES.items():
        spent = sum(cumulative(file, function) for file, function in functions)
        named += spent
        print(f"| {stage} | {total_ms * spent / everything:.3f} | {100 * spent / everything:.0f}% |")
    rest = everything - named
    print(
        f"| the rest (the chunk's loop, the lines' text) | {total_ms * rest / everything:.3f} | {100 * rest / everything:.0f}% |"
    )


if __name__ == "__main__":
    main()
