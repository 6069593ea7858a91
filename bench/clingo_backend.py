"""Variant (d) of the benchmark: the compiled national `Program` on clingo, no proofs.

The translation and the evaluator now live in the package (`jiuze.evaluate.asp`,
`jiuze.evaluate.clingo`); this keeps the benchmark's old interface: conclusions of
the chosen output predicates per case, as (predicate, values) pairs.

    rules = ClingoRules(Rulebook.load().program, outputs={"应当追究", …}, chunk=1000)
    rules.evaluate_many([[(predicate, values), …], …])   # → [{(predicate, values)}, …] per case
"""

from __future__ import annotations

from typing import Iterable, Sequence

from jiuze.compile.program import Fact, Program
from jiuze.evaluate.clingo import ClingoEngine


class ClingoRules:
    def __init__(self, program: Program, outputs: Iterable[str] | None = None, chunk: int = 1000):
        self.engine = ClingoEngine(program, chunk=chunk)
        derived = {r.head.predicate for r in program.rules}
        chosen = outputs if outputs is not None else (p for p in derived if not p.startswith("#"))
        self.outputs = sorted(chosen)

    def evaluate_many(self, cases_facts: Sequence[Sequence[tuple[str, tuple]]]) -> list[set[tuple[str, tuple]]]:
        cases = [[Fact(p, tuple(v), "") for p, v in facts] for facts in cases_facts]
        return [
            {(p, row) for p in self.outputs for row in relations.get(p, ())}
            for relations in self.engine.evaluate_many(cases)
        ]

    solve = evaluate_many  # run.py's (d) times one call per chunk: a chunk is one clingo call here too
