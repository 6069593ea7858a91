"""The "cited articles" stage of `jiuze batch --proofs why` alone, in CPU time per case: for every
conclusion of every case, `model.cited(atom)` and `batch.assess._most_specific`, on models built
from clingo's relations and firings (evaluated once, beforehand).

    python bench/cited_costs.py --n 1000

proof_costs.py splits a whole run by profile shares, which inflate stages of many small calls; this
times the stage without a profiler: each repeat builds fresh models and lists their conclusions
(the baseline), then does the same and cites every conclusion; the stage is the difference of the
two minima.  GC is off, as batch runs a chunk.  Say the load average with every figure."""

from __future__ import annotations

import argparse
import gc
import os
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
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    from jiuze import Rulebook
    from jiuze.batch.assess import Job, _load, _most_specific
    from jiuze.explain.model import Model
    from jiuze.explain.proof import GroundAtom

    lines = case_lines(args.n, args.seed)
    book = Rulebook.load()
    cases = [_load(book, Job(i, f"cases.jsonl:{i + 1}", line=line)).facts for i, line in enumerate(lines)]
    evaluations = book.relations(cases, "clingo", firings=True)
    shown = [p for p in book.program.derived_predicates if not p.startswith("#")]

    def run(cite: bool) -> float:
        started = time.process_time()
        for facts, evaluation in zip(cases, evaluations):
            model = Model(book.program, facts, evaluation)
            for predicate in shown:
                for row in model.relation(predicate):
                    atom = GroundAtom(predicate, row)
                    if cite:
                        _most_specific(model.cited(atom))
        return 1000 * (time.process_time() - started) / len(cases)

    run(True)  # warm: per-program tables, the most_specific cache
    gc.collect()
    gc.freeze()
    gc.disable()
    base = min(run(False) for _ in range(args.repeats))
    total = min(run(True) for _ in range(args.repeats))
    print(f"N = {args.n}, seed {args.seed}, load average {os.getloadavg()}")
    print(f"cited articles: {total - base:.3f} ms CPU per case (models and conclusions alone: {base:.3f} ms)")


if __name__ == "__main__":
    main()
