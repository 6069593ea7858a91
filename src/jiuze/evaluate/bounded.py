"""A time bound on every evaluation: a deadline, and pyDatalog's query loop run under it.

pyDatalog's `Literal.ask()` runs its task machine to the end with no way to stop it, and
on some recursive programs (before jiuze rewrote them, see pydatalog.py) that end never
came.  `ask` below is the same loop (pyEngine.Literal.ask, 0.22.4) with a look at the
clock every few thousand steps, so an evaluation that runs too long stops with
`EvaluationTimeout` instead of hanging: no signals, so it works in any thread.
"""

from __future__ import annotations

import time

DEFAULT_SECONDS = 60.0
_CHECK_EVERY = 2048  # task-machine steps between looks at the clock (a step is ~1 µs)


class EvaluationTimeout(Exception):
    """An evaluation ran past its time bound; the caller names the rulebook and the case."""

    def __init__(self, seconds: float, evaluator: str):
        self.seconds = seconds
        self.evaluator = evaluator
        super().__init__(f"{evaluator} 求值超过 {seconds:g} 秒")


class Deadline:
    """When an evaluation must have finished (None: never)."""

    def __init__(self, seconds: float | None, evaluator: str = "pydatalog"):
        self.seconds = seconds
        self.evaluator = evaluator
        self.at = None if seconds is None else time.monotonic() + seconds

    def check(self) -> None:
        if self.at is not None and time.monotonic() > self.at:
            raise EvaluationTimeout(self.seconds, self.evaluator)


def ask(literal, deadline: Deadline) -> list[tuple]:
    """All answers to `literal` (a pyEngine.Literal) in the current logic, or EvaluationTimeout past the deadline.

    pyDatalog is imported here, not with the module: the deadline and the timeout are read by
    every evaluation's caller, pyDatalog only by an evaluation (a cached one has none)."""
    from pyDatalog import pyEngine
    from pyDatalog.Logic import Logic

    logic = Logic.tl.logic
    saved = logic.Tasks, logic.Recursive_Tasks, logic.Recursive, logic.Subgoals, logic.Goal
    logic.Tasks, logic.Recursive_Tasks, logic.Subgoals = pyEngine.TaskList(), pyEngine.TaskDeque(), {}
    logic.Goal = pyEngine.Subgoal(literal)
    logic.gc_uncollected, logic.Recursive = True, False
    todo, arg, steps = pyEngine.SEARCH, (logic.Goal,), 0
    try:
        while todo is not None:
            step = todo(*arg)
            if step is None:
                break
            todo, arg = step
            steps += 1
            if steps % _CHECK_EVERY == 0:
                deadline.check()
        facts = logic.Goal.facts
        if not isinstance(facts, dict):
            return []
        return [tuple(term.id for term in answer.terms) for answer in facts.values()]
    finally:
        logic.Tasks, logic.Recursive_Tasks, logic.Recursive, logic.Subgoals, logic.Goal = saved
