"""The semantic Art 28 check: evaluate candidate cases on the base and on the overlay, and report every
national 应当 / 不得 conclusion the overlay loses (and every 可以 it turns into 不得).

What it proves and what it does not: every violation it reports is real (the counterexample case has
been evaluated on both rulebooks); it does not prove the absence of violations, because it only tries
the candidates `pairing` builds (each national rule's conditions, alone and with each rule that could
interfere, plus every scenario) within a time budget.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from jiuze.compile.overlay_checks import flatten
from jiuze.compile.program import Fact, Program, compile_modules
from jiuze.conformity.blame import Blame, blame
from jiuze.conformity.pairing import Candidate, Sides, candidates
from jiuze.evaluate.pydatalog import DatalogEngine
from jiuze.explain.model import Model
from jiuze.explain.proof import GroundAtom
from jiuze.language import ast

BUDGET_SECONDS = 20.0


@dataclass(frozen=True)
class Violation:
    """A national conclusion the overlay loses in one evaluated case."""

    atom: GroundAtom
    modality: str  # of the national conclusion: required / forbidden / permitted (turned forbidden)
    national_rule: object  # compiled Rule that carried it nationally
    blame: Blame
    candidate: Candidate
    facts: tuple  # the facts of the counterexample, sorted


@dataclass(frozen=True)
class SearchResult:
    violations: list[Violation]
    tried: int
    planned: int
    seconds: float


class _Side:
    def __init__(self, modules: list[ast.Module]):
        self.program: Program = compile_modules(modules)
        self.engine = DatalogEngine(self.program)

    def model(self, facts) -> Model:
        usable = [
            Fact(p, v, "反例") for p, v in sorted(facts, key=str) if p in self.program.declarations
        ]  # a predicate only the overlay declares is unknown to the base
        return Model(self.program, usable, self.engine.evaluate(usable))


def search(
    base: list[ast.Module], merged: list[ast.Module], overlay: list[ast.Module], budget: float = BUDGET_SECONDS
) -> SearchResult:
    """Try the candidates (all, unless time runs out); one violation per (overlay statement, national article)."""
    started = time.monotonic()
    local = [s for m in overlay for s in m.statements]
    sides = Sides(
        [s for m in base for s in m.statements], [s for m in merged for s in m.statements], list(flatten(local))
    )
    planned = candidates(sides)
    national, overlay = _Side(base), _Side(merged)
    modal = _modal_predicates(national.program)
    found: dict[tuple, Violation] = {}
    tried = 0
    for candidate in planned:
        if time.monotonic() - started > budget:
            break
        tried += 1
        n_model, o_model = national.model(candidate.facts), overlay.model(candidate.facts)
        for atom, modality in _lost(n_model, o_model, modal):
            rule = _carrying_rule(n_model, atom)
            culprit = blame(atom, rule, n_model, o_model, local)
            key = (culprit.span, str(rule.article) if rule else "", modality)
            if key not in found:
                facts = tuple(sorted(candidate.facts, key=str))
                found[key] = Violation(atom, modality, rule, culprit, candidate, facts)
    violations = sorted(found.values(), key=lambda v: (v.blame.span, str(v.atom)))
    return SearchResult(violations, tried, len(planned), time.monotonic() - started)


def _modal_predicates(program: Program) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for rule in program.rules:
        if rule.modality and not rule.head.predicate.startswith("#"):
            found.setdefault(rule.head.predicate, set()).add(rule.modality)
    return found


def _lost(n_model: Model, o_model: Model, modal: dict[str, set[str]]):
    """(atom, national modality) for each national 应当/不得 conclusion gone, each 可以 turned 不得."""
    for predicate in sorted(modal):
        overlay_declares = predicate in o_model.program.declarations
        for row in n_model.relation(predicate):
            atom = GroundAtom(predicate, row)
            modality = n_model.modality(atom)
            holds = overlay_declares and (predicate, row) in o_model.index
            if modality in (ast.REQUIRED, ast.FORBIDDEN) and not holds:
                yield atom, modality
            elif modality == ast.PERMITTED and holds and o_model.modality(atom) == ast.FORBIDDEN:
                yield atom, modality


def _carrying_rule(model: Model, atom: GroundAtom):
    proof = model.explain(atom)
    return proof.rule if proof is not None else None
