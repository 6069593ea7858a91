"""Instructions per case of a batch worker's work, counted by valgrind: the one figure the sandboxes'
noise (2× between identical timed runs) does not move.

    python bench/instructions.py --proofs why none            # this tree
    python bench/instructions.py --src /tmp/base/src --proofs why   # another tree, to compare

For each `--proofs`, two runs under `valgrind --tool=cachegrind --cache-sim=no`: a warm-up alone (the
rulebook loaded, 5 cases assessed), and the same followed by `assess._results` on N generated cases in
chunks of `FORKED_BATCH_CHUNK`; the difference divided by N is what a case costs.  Needs valgrind
(Debian's package); ≈ 1 minute per `--proofs` at N = 600."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent

_WORK = """
import gc, sys
sys.path.insert(0, {bench!r})
from scale import case_lines
from jiuze import Rulebook
from jiuze.batch.assess import FORKED_BATCH_CHUNK, Job, _results
n, proofs = {n}, {proofs!r}
jobs = [Job(i, f"cases.jsonl:{{i + 1}}", line=line) for i, line in enumerate(case_lines(max(n, 5), 7))]
book = Rulebook.load()
_results(book, jobs[:5], proofs, "clingo", 0.0)
gc.collect()
gc.freeze()
for start in range(0, n, FORKED_BATCH_CHUNK):
    _results(book, jobs[start : start + FORKED_BATCH_CHUNK], proofs, "clingo", 0.0)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=600)
    parser.add_argument("--proofs", nargs="+", default=["why", "none"])
    parser.add_argument("--src", help="count the jiuze package under this directory instead of the installed one")
    args = parser.parse_args()
    for proofs in args.proofs:
        warm, full = (_instructions(n, proofs, args.src) for n in (0, args.n))
        print(
            f"--proofs {proofs}: {(full - warm) / args.n / 1e6:.3f} M instructions per case ({args.src or 'installed'})"
        )


def _instructions(n: int, proofs: str, src: str | None) -> int:
    env = dict(os.environ, PYTHONPATH=src) if src else None
    code = _WORK.format(bench=str(BENCH), n=n, proofs=proofs)
    command = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"]
    result = subprocess.run([*command, sys.executable, "-c", code], capture_output=True, text=True, env=env)
    found = re.search(r"I\s+refs:\s+([\d,]+)", result.stderr)
    if result.returncode != 0 or found is None:
        raise SystemExit(f"valgrind failed:\n{result.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


if __name__ == "__main__":
    main()
