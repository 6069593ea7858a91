"""pyDatalog and clingo agree on every relation: all scenarios of every rulebook in the
repository, all examples, and 2,000 generated cases (bench/generate.py); `jiuze batch`
writes byte-identical files whatever the evaluator and the number of workers.

JIUZE_CROSS_CHECK_CASES sets the number of generated cases (default 2000)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from jiuze import Fact, Rulebook
from jiuze.cases.load import load_any_case
from jiuze.cli.main import main
from jiuze.evaluate.evaluators import differing_relations
from jiuze.reports.scenarios import scenario_facts

REPO = Path(__file__).resolve().parents[2]
GENERATED = int(os.environ.get("JIUZE_CROSS_CHECK_CASES", "2000"))
RULEBOOKS = [
    None,
    *sorted(p for p in (REPO / "logic" / "provinces").iterdir() if p.is_dir()),
    *sorted((REPO / "tests" / "compile" / "defeasible").glob("*.jz")),
]


def assert_agree(book: Rulebook, cases: list[list[Fact]]) -> None:
    reference = book.relations(cases, "pydatalog")
    clingo = book.relations(cases, "clingo")
    differing = [(i, differing_relations(a, b)) for i, (a, b) in enumerate(zip(reference, clingo))]
    assert [d for d in differing if d[1]] == []
    assert book.engine("clingo").notes == []  # nothing went back to pyDatalog


@pytest.mark.parametrize("path", RULEBOOKS, ids=lambda p: "national" if p is None else p.name)
def test_every_scenario_of_every_rulebook(path):
    book = Rulebook.load(path)
    assert book.evaluator_notes == [] and book.engine("clingo").name == "clingo"
    assert_agree(book, [scenario_facts(s) for s in book.scenarios])


def test_every_example():
    book = Rulebook.load()
    files = sorted(p for p in (REPO / "examples").iterdir() if p.suffix in (".jz", ".yaml", ".json"))
    assert len(files) >= 10
    assert_agree(book, [load_any_case(str(f), book.program).facts for f in files])


def test_generated_cases(generated):
    book = Rulebook.load()
    cases = generated(GENERATED)
    assert_agree(book, cases)


def test_batch_output_is_the_same_on_both_evaluators_and_any_worker_count(tmp_path):
    outputs = []
    for evaluator, workers in (("pydatalog", 1), ("clingo", 1), ("clingo", 2), ("pydatalog", 2)):
        out = tmp_path / f"{evaluator}-{workers}.jsonl"
        args = ["batch", str(REPO / "examples"), "-o", str(out), "--proofs", "why", "--evaluator", evaluator]
        result = CliRunner().invoke(main, args + ["--workers", str(workers), "--cross-check", "1"])
        assert result.exit_code == 0, result.output
        outputs.append(out.read_bytes())
    assert len(set(outputs)) == 1 and outputs[0].count(b"\n") >= 10
