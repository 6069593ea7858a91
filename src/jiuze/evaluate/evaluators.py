"""The evaluator interface, and choosing one by name.

An evaluator takes a `Program` once and then, per call, cases' facts → relations
(every derived relation and count table, as sets of rows): `evaluate(facts)` for
one case, `evaluate_many([facts, …])` for many.  Two implement it:

  · `pydatalog` (pydatalog.DatalogEngine) — the reference semantics; about 3 ms a
    case with nothing to prepare, so the default for interactive commands.
  · `clingo` (clingo.ClingoEngine) — the same Program as ASP; about 0.25 ms a case
    at 1,000 cases per call but 10–17 ms for a call of one case, so the default
    for batch work (`jiuze batch`, `Rulebook.evaluate_many`, the Dask runner).

A program clingo cannot run safely gets pyDatalog, with a note saying why.
"""

from __future__ import annotations

from typing import Iterable, Protocol

from jiuze.compile.program import Fact, Program
from jiuze.evaluate.bounded import DEFAULT_SECONDS

PYDATALOG, CLINGO = "pydatalog", "clingo"
EVALUATORS = (PYDATALOG, CLINGO)

Relations = dict[str, set[tuple]]


class Evaluation(dict):
    """One case's relations, plus the rule firings the evaluator reported (clingo, when asked):
    head atom (predicate, row) -> [(rule number in `program.rules`, firing values), …], one per rule
    instance that derived it, laid out as evaluate/firings.py says.  Proofs read them instead of
    matching rule bodies again."""

    __slots__ = ("firings",)

    def __init__(self, *args):
        super().__init__(*args)
        self.firings: dict[tuple, list[tuple[int, tuple]]] = {}


class Evaluator(Protocol):
    name: str
    notes: list[str]

    def evaluate(self, facts: Iterable[Fact]) -> Relations: ...

    def evaluate_many(self, cases: list[list[Fact]], firings: bool = False) -> list[Relations]: ...


def make_evaluator(name: str, program: Program, time_limit: float | None = DEFAULT_SECONDS) -> tuple[Evaluator, str]:
    """The evaluator called `name` for `program`, and a Chinese note when another one had to stand in."""
    if name not in EVALUATORS:
        raise ValueError(f"unknown evaluator {name!r}; expected one of {EVALUATORS}")
    if name == CLINGO:
        from jiuze.evaluate.clingo import ClingoEngine, UnsupportedProgram

        try:
            return ClingoEngine(program, time_limit), ""
        except UnsupportedProgram as problem:
            note = f"规则库不能交给 clingo 求值（{problem}），改用 pyDatalog"
            return _pydatalog(program, time_limit), note
    return _pydatalog(program, time_limit), ""


def _pydatalog(program: Program, time_limit: float | None):
    from jiuze.evaluate.pydatalog import DatalogEngine

    return DatalogEngine(program, time_limit)


def differing_relations(left: Relations, right: Relations) -> list[str]:
    """The relation names whose rows differ (empty and missing are the same), sorted."""
    names = {n for n, rows in left.items() if rows} | {n for n, rows in right.items() if rows}
    return sorted(n for n in names if left.get(n, set()) != right.get(n, set()))


def case_name(facts: list[Fact]) -> str:
    """The case a list of facts came from: the file part of their sources (`case.json#/facts/3` → `case.json`)."""
    files = sorted({f.source.split("#")[0].rsplit(":", 1)[0] for f in facts})
    return "、".join(files) if files else "（无事实的案件）"
