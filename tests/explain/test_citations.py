"""Model.cited (batch's articles, read from the derivations) against the proof trees it replaces:
the same articles for every conclusion (auxiliary relations included) of every scenario of every
rulebook, every example, and generated cases — so `jiuze batch --proofs why` cites exactly what
`jiuze report` / `explain` would (issue 12, proofs at batch speed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiuze import Fact, Rulebook
from jiuze.cases.load import load_any_case
from jiuze.explain.proof import DERIVED, GroundAtom
from jiuze.reports.data import cited_articles, most_specific
from jiuze.reports.scenarios import scenario_facts

REPO = Path(__file__).resolve().parents[2]
RULEBOOKS = [
    None,
    *sorted(p for p in (REPO / "logic" / "provinces").iterdir() if p.is_dir()),
    *sorted((REPO / "tests" / "compile" / "defeasible").glob("*.jz")),
]


def tree_articles(proof) -> set:
    """Every article of a derived node of the tree, as cited_articles walks it."""
    if proof is None:
        return set()
    own = {proof.rule.article} if proof.kind == DERIVED and proof.rule and proof.rule.article else set()
    return own.union(*(tree_articles(p) for p in proof.premises))


def assert_cites_as_the_trees(book: Rulebook, cases: list[list[Fact]]) -> int:
    """Cited on one model, trees on a twin, so neither's caches help the other; returns atoms checked."""
    checked = 0
    for facts, relations in zip(cases, book.relations(cases, "clingo")):
        cited, trees = (book.models([facts], "clingo")[0] for _ in range(2))
        for predicate in sorted(relations):
            for values in sorted(relations[predicate], key=str):
                atom = GroundAtom(predicate, values)
                proof = trees.explain(atom)
                assert cited.cited(atom) == tree_articles(proof), atom
                assert most_specific(cited.cited(atom)) == cited_articles(proof), atom
                checked += 1
    return checked


@pytest.mark.parametrize("path", RULEBOOKS, ids=lambda p: "national" if p is None else p.name)
def test_every_scenario_of_every_rulebook(path):
    book = Rulebook.load(path)
    assert assert_cites_as_the_trees(book, [book.checked(scenario_facts(s)) for s in book.scenarios]) > 0


def test_every_example():
    book = Rulebook.load()
    files = sorted(p for p in (REPO / "examples").iterdir() if p.suffix in (".jz", ".yaml", ".json"))
    assert assert_cites_as_the_trees(book, [load_any_case(str(f), book.program).facts for f in files]) > 100


def test_generated_cases(generated):
    book = Rulebook.load()
    cases = generated(300)
    assert assert_cites_as_the_trees(book, cases) > 5000
