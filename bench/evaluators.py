"""The two evaluators side by side on generated cases, CPU time per case on one process:

  · pyDatalog / clingo, relations only (the evaluation);
  · jiuze on clingo with proofs — what `jiuze batch --proofs why` does per case (evaluation,
    every conclusion's modality, proof and cited articles, the JSON line) — and the same on pyDatalog;
  · plain clingo without proofs: bench (d), the compiled program on clingo via clingo_backend.py,
    reading only the output predicates.

    python bench/evaluators.py --n 10000

Prints a Markdown table (also the ratio jiuze-clingo-with-proofs / plain clingo) and checks
that both evaluators give the same relations for every case."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from generate import generate  # noqa: E402
from machine import machine_line  # noqa: E402

JSON_LINE = {"ensure_ascii": False, "default": str}  # appeals carry a date, written 2005-03-01 (as scale.py)


def timed(function, *args):
    started = time.process_time()
    result = function(*args)
    return result, time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--chunk", type=int, default=1000)
    args = parser.parse_args()

    from clingo_backend import ClingoRules
    from handwritten import OUTPUTS
    from jiuze import Fact, Rulebook
    from jiuze.batch.assess import Job, assess_jobs, dumps_line
    from jiuze.evaluate.evaluators import differing_relations

    book = Rulebook.load()
    cases = generate(args.n, args.seed)
    facts = [[Fact(p, v, f"{c.id}#/facts/{i}") for i, (p, v) in enumerate(c.facts)] for c in cases]
    jobs = [
        Job(i, f"cases.jsonl:{i + 1}", line=json.dumps({"facts": [[p, *v] for p, v in c.facts]}, **JSON_LINE))
        for i, c in enumerate(cases)
    ]
    plain = ClingoRules(book.program, outputs=OUTPUTS, chunk=args.chunk)
    for name in ("pydatalog", "clingo"):  # warm up: engines built, first call made
        book.relations(facts[:20], name)
    plain.evaluate_many([c.facts for c in cases[:20]])

    def chunked(function, items):
        out = []
        for start in range(0, len(items), args.chunk):
            out += function(items[start : start + args.chunk])
        return out

    rows, results = [], {}
    for name in ("pydatalog", "clingo"):
        results[name], cpu = timed(chunked, lambda chunk, name=name: book.relations(chunk, name), facts)
        rows.append((f"jiuze on {name}, relations only", cpu))
    for name in ("clingo", "pydatalog"):
        lines, cpu = timed(
            chunked, lambda chunk, name=name: [dumps_line(r) for r in assess_jobs(book, chunk, "why", name)], jobs
        )
        rows.append((f"jiuze on {name}, --proofs why (batch's work per case)", cpu))
        results[f"lines-{name}"] = lines
    _, cpu = timed(plain.evaluate_many, [c.facts for c in cases])
    rows.append(("plain clingo, no proofs (bench (d))", cpu))

    differing = sum(bool(differing_relations(a, b)) for a, b in zip(results["pydatalog"], results["clingo"]))
    same_lines = results["lines-clingo"] == results["lines-pydatalog"]
    print(machine_line())
    print(f"N = {args.n}, seed {args.seed}, {args.chunk} cases per clingo call, load average {os.getloadavg()}")
    print()
    print("| variant | CPU ms/case | cases/s per core |")
    print("|---|---:|---:|")
    for label, cpu in rows:
        print(f"| {label} | {1000 * cpu / args.n:.3f} | {args.n / cpu:.0f} |")
    proofs, base = rows[2][1], rows[4][1]
    print()
    print(f"- jiuze-clingo with proofs / plain clingo without proofs: {proofs / base:.2f}×")
    print(f"- --proofs why / relations only, on clingo: {proofs / rows[1][1]:.2f}×")
    print(f"- cases whose relations differ between the evaluators: {differing} of {args.n}")
    print(f"- batch lines (--proofs why) byte-identical across evaluators: {same_lines}")


if __name__ == "__main__":
    main()
