"""Choosing the evaluator: defaults, --evaluator, jiuze test --evaluator all, batch --cross-check."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from jiuze import Fact, Rulebook
from jiuze.cli.main import main
from jiuze.evaluate import clingo as clingo_module

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = str(REPO / "examples" / "coerced-confession.jz")


def test_defaults_pydatalog_for_one_case_clingo_for_many():
    book = Rulebook.load()
    assert set(book._engines) == set()  # built on first use: a batch worker never builds pyDatalog's
    book.evaluate([])
    assert set(book._engines) == {"pydatalog"}
    list(book.evaluate_many([[]]))
    assert set(book._engines) == {"pydatalog", "clingo"}
    chosen = Rulebook.load(evaluator="clingo")
    chosen.evaluate([])
    assert "clingo" in chosen._engines


def test_explain_is_the_same_on_both_evaluators():
    runs = [
        CliRunner().invoke(main, ["explain", "--evaluator", name, EXAMPLE, "应当追究(P, C)"])
        for name in ("pydatalog", "clingo")
    ]
    assert runs[0].exit_code == runs[1].exit_code == 0
    assert runs[0].output == runs[1].output and "第六条" in runs[0].output


def test_jiuze_test_on_all_evaluators():
    result = CliRunner().invoke(main, ["test", "--evaluator", "all"])
    assert result.exit_code == 0, result.output
    scenarios = len(Rulebook.load().scenarios)  # grows as readings are added
    assert result.output.count(f"{scenarios} passed, 0 failed") == 2
    assert result.output.endswith("两个求值器在全部场景的全部关系上一致。\n")


def test_cross_check_stops_on_a_difference_naming_case_and_atom(tmp_path, monkeypatch):
    original = clingo_module.ClingoEngine.evaluate_many

    def losing_one_conclusion(self, cases):  # a deliberately broken clingo: drops 应当追究 rows
        return [{k: v for k, v in r.items() if k != "应当追究"} for r in original(self, cases)]

    monkeypatch.setattr(clingo_module.ClingoEngine, "evaluate_many", losing_one_conclusion)
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["batch", EXAMPLE, "-o", str(out), "--cross-check", "1"])
    assert result.exit_code == 1
    assert "evaluator-mismatch" in result.output and "coerced-confession.jz" in result.output
    assert "只有 pydatalog 得出 应当追究('张三', '案1')" in result.output


def test_a_case_past_the_time_bound_is_an_error_line_and_the_batch_goes_on(tmp_path):
    rules = tmp_path / "无穷.jz"
    # cases state only input predicates (e, r; issue 17); p recurses through arithmetic
    rules.write_text(
        "谓词 e(x)。\n谓词 r(x)。\n谓词 p(x)。\n谓词 q(x)。\np(X) 若 e(X)。\np(Y) 若 p(X)，Y = X + 1。\nq(X) 若 r(X)。\n",
        encoding="utf-8",
    )
    cases = tmp_path / "cases.jsonl"
    cases.write_text('{"facts": [["r", 1]]}\n{"facts": [["e", 1]]}\n{"facts": [["r", 2]]}\n', encoding="utf-8")
    book = Rulebook.load(rules, time_limit=0.5)
    from jiuze.batch.assess import assess_jobs, read_jobs

    results = assess_jobs(book, list(read_jobs([str(cases)])), evaluator="clingo")  # clingo hands it to pyDatalog
    assert [("error" in r) for r in results] == [False, True, False]
    assert "evaluation-timeout" in results[1]["error"] and "无穷.jz" in results[1]["error"]
    assert json.dumps(results[0], ensure_ascii=False).count("q(1)") == 1
    assert book.evaluator_notes and "递归规则中含算术" in book.evaluator_notes[0]


def test_evaluate_many_on_pydatalog_and_clingo_give_the_same_models():
    book = Rulebook.load()
    cases = [[Fact("人民警察", (f"警{i}",), "c")] for i in range(3)]
    left = [m.index.predicates() for m in book.evaluate_many(cases, evaluator="pydatalog")]
    right = [m.index.predicates() for m in book.evaluate_many(cases, evaluator="clingo")]
    assert left == right
