"""Where `jiuze batch`'s time goes per case, in one process: what the assessing of a chunk costs
(the batch unit of work, `assess_jobs` + the JSON line), split by stage from a profile.

    python bench/proof_costs.py --n 2000 --proofs why none

The cases are `scale.py`'s (`case_lines(N, seed)`), evaluated on clingo in chunks of 1,000
as `jiuze batch` does, after a warm-up and with the rulebook frozen out of GC scans (as the batch
command does).  The total is measured without the profiler; the split is each stage's share of the
profiled run, applied to that total (the profiler inflates small calls, so shares are approximate)."""

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
    "list conclusions (sorted rows, their text)": [
        ("jiuze/explain/model.py", "relation"),
        ("jiuze/explain/proof.py", "atom_text"),
    ],
    "modality": [("jiuze/explain/model.py", "modality_of")],
    "cited articles (rank, derivations, fold)": [
        ("jiuze/explain/model.py", "cited_of"),
        ("jiuze/batch/assess.py", "_most_specific"),
    ],
    "conflicts": [("jiuze/explain/model.py", "conflicts")],
    "JSON line": [("jiuze/batch/assess.py", "dumps_line")],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--proofs", nargs="+", default=["why", "none"])
    args = parser.parse_args()

    from jiuze import Rulebook
    from jiuze.batch.assess import Job, assess_jobs, dumps_line

    lines = case_lines(args.n, args.seed)
    jobs = [Job(i, f"cases.jsonl:{i + 1}", line=line) for i, line in enumerate(lines)]
    book = Rulebook.load()
    print(machine_line())
    print(f"N = {args.n}, seed {args.seed}, clingo, 1,000 cases per chunk, load average {os.getloadavg()}")
    for proofs in args.proofs:
        assess_jobs(book, jobs[:20], proofs, "clingo")  # warm up: engine and firing program built
        gc.collect()
        gc.freeze()

        def run(proofs=proofs):
            for start in range(0, len(jobs), 1000):
                for result in assess_jobs(book, jobs[start : start + 1000], proofs, "clingo"):
                    dumps_line(result)

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

    everything = cumulative("jiuze/batch/assess.py", "assess_jobs") + cumulative("jiuze/batch/assess.py", "dumps_line")
    print("| stage | ms/case | share |")
    print("|---|---:|---:|")
    named = 0.0
    for stage, functions in STAGES.items():
        spent = sum(cumulative(file, function) for file, function in functions)
        named += spent
        print(f"| {stage} | {total_ms * spent / everything:.3f} | {100 * spent / everything:.0f}% |")
    rest = everything - named
    print(
        f"| the rest (the chunk's loop, result dicts) | {total_ms * rest / everything:.3f} | {100 * rest / everything:.0f}% |"
    )


if __name__ == "__main__":
    main()
