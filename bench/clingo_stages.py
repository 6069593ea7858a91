"""The clingo stage of `jiuze batch`, split: CPU ms per case to state the facts, ground, solve, list
the shown atoms, put them into each case's relations (and firings), and free the call.

    python bench/clingo_stages.py --n 2000 --rounds 3

`Rulebook.relations` on `scale.py`'s cases, in chunks of `FORKED_BATCH_CHUNK` as batch workers
call it, with and without firings (`--proofs why` / `none`), min of `--rounds`.  Each step is
timed by wrapping the function the engine calls (nothing of the engine is copied here): the
steps add up to the stage, so the figures say which part a change would have to shrink."""

from __future__ import annotations

import argparse
import functools
import gc
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from machine import machine_line  # noqa: E402
from scale import case_lines  # noqa: E402

STEPS = ["program + facts", "ground", "solve", "list shown atoms", "into relations", "free", "the rest"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    from jiuze import Rulebook
    from jiuze.batch.assess import FORKED_BATCH_CHUNK, Job, _load

    book = Rulebook.load()
    jobs = [Job(i, f"cases.jsonl:{i + 1}", line=line) for i, line in enumerate(case_lines(args.n, args.seed))]
    cases = [book.checked(_load(book, job).facts) for job in jobs]
    clock = _instrument()
    print(machine_line())
    print(f"N = {args.n}, chunks of {FORKED_BATCH_CHUNK}, min of {args.rounds} rounds; CPU ms per case\n")
    print("| step | " + " | ".join(STEPS) + " | clingo stage |")
    print("|---|" + "---:|" * (len(STEPS) + 1))
    for firings in (True, False):
        book.relations(cases[:5], "clingo", firings)
        gc.collect()
        gc.freeze()
        best = None
        for _ in range(args.rounds):
            clock.clear()
            started = time.process_time()
            for start in range(0, len(cases), FORKED_BATCH_CHUNK):
                book.relations(cases[start : start + FORKED_BATCH_CHUNK], "clingo", firings)
            clock["the rest"] = time.process_time() - started - sum(clock.values())
            total = sum(clock.values())
            if best is None or total < best[0]:
                best = (total, dict(clock))
        row = [1000 * best[1].get(step, 0.0) / args.n for step in STEPS]
        label = "with firings (`why`)" if firings else "without (`none`)"
        print(f"| {label} | " + " | ".join(f"{x:.3f}" for x in row) + f" | {1000 * best[0] / args.n:.3f} |")


def _instrument() -> dict[str, float]:
    """Wrap what `ClingoEngine._solve` calls so each call's CPU time is added to its step."""
    import clingo

    from jiuze.evaluate import clingo as engine

    clock: dict[str, float] = {}

    def timed(step: str, function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            started = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent = time.process_time() - started
                clock[step] = clock.get(step, 0.0) + spent
                if step == "list shown atoms":  # called inside solve's callback: not solving
                    clock["solve"] = clock.get("solve", 0.0) - spent
                if step == "into relations":
                    clock["solve"] = clock.get("solve", 0.0) - spent

        return wrapper

    class Control(clingo.Control):
        ground = timed("ground", clingo.Control.ground)
        solve = timed("solve", clingo.Control.solve)

        def __del__(self):
            started = time.process_time()
            super().__del__()
            clock["free"] = clock.get("free", 0.0) + time.process_time() - started

    clingo.Control = Control  # the engine calls clingo.Control(...): this process only
    engine.shown_runs = timed("list shown atoms", engine.shown_runs)
    engine._add_rows = timed("into relations", engine._add_rows)
    engine._add_firings = timed("into relations", engine._add_firings)
    engine._state_facts = timed("program + facts", engine._state_facts)
    engine.ProgramBuilder = _timed_builder(engine.ProgramBuilder, clock)
    return clock


def _timed_builder(builder, clock: dict[str, float]):
    class Builder(builder):
        def add(self, statement):
            started = time.process_time()
            super().add(statement)
            clock["program + facts"] = clock.get("program + facts", 0.0) + time.process_time() - started

    return Builder


if __name__ == "__main__":
    main()
