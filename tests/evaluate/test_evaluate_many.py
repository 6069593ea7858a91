"""Rulebook.evaluate_many: many cases, in input order, in one process or several."""

from __future__ import annotations

import pytest
from tests.conftest import generated_facts

from jiuze import Fact, Rulebook
from jiuze.evaluate import parallel
from jiuze.language.errors import JiuzeError
from jiuze.rulebook import rulebook as rulebook_module


def case(number: int, *, coerced: bool) -> list[Fact]:
    person, case_id = f"警{number}", f"案{number}"
    rows = [
        ("人民警察", person),
        ("执行职务", person, case_id),
        ("办案人", person, case_id),
        ("主观过错", person, case_id, "故意"),
    ]
    if coerced:
        rows.append(("逼供", person, case_id))
    return [Fact(r[0], tuple(r[1:]), f"{case_id}:{i}") for i, r in enumerate(rows, 1)]


@pytest.fixture(scope="module")
def national():
    return Rulebook.load()


def liable(model) -> list[str]:
    return [b["P"] for b in model.query("应当追究(P, C)")]


@pytest.mark.parametrize("workers", [1, 2])
def test_results_come_back_in_input_order(national, workers):
    cases = [case(n, coerced=n % 3 == 0) for n in range(40)]
    models = list(national.evaluate_many(cases, workers=workers, chunk_size=3))
    assert [liable(m) for m in models] == [[f"警{n}"] if n % 3 == 0 else [] for n in range(40)]
    explained = models[3].explain("应当追究(警3, 案3)")
    assert explained is not None and "第六条" in str(explained.rule.article)


def test_workers_agree_with_one_process(national):
    cases = [case(n, coerced=n % 2 == 0) for n in range(12)]
    one = [sorted(m.index.predicates()) for m in national.evaluate_many(cases)]
    two = [sorted(m.index.predicates()) for m in national.evaluate_many(cases, workers=2, chunk_size=5)]
    assert one == two


def test_a_bad_case_raises_at_its_place(national):
    cases = iter([case(1, coerced=True), [Fact("不存在的谓词", ("x",), "坏案:1")], case(2, coerced=True)])
    results = national.evaluate_many(cases)
    assert liable(next(results)) == ["警1"]
    with pytest.raises(JiuzeError) as error:
        next(results)
    assert "不存在的谓词" in error.value.render()


@pytest.fixture
def started(monkeypatch) -> list:
    """One entry per worker process the pool starts (in the parent)."""
    started: list = []
    original = parallel._Worker.__init__

    def counted(self, launch):
        started.append(1)
        original(self, launch)

    monkeypatch.setattr(parallel._Worker, "__init__", counted)
    return started


def _answers(models) -> list[dict]:
    return [{p: model.relation(p) for p in model.program.derived_predicates} for model in models]


@pytest.mark.parametrize("evaluator", ["clingo", "pydatalog"])
def test_workers_retired_after_every_chunk_give_the_models_of_one_process(national, monkeypatch, started, evaluator):
    cases = generated_facts(24)
    alone = _answers(national.evaluate_many(cases, evaluator=evaluator))
    monkeypatch.setattr(rulebook_module, "WORKER_GROWTH_MB", -1)  # every worker has grown after its first chunk
    pooled = _answers(national.evaluate_many(cases, workers=2, chunk_size=4, evaluator=evaluator))
    assert pooled == alone
    assert len(started) >= 6  # 2 to begin with, a new one after each of the 6 chunks (the last may not be waited for)


def test_workers_that_do_not_grow_are_kept(national, monkeypatch, started):
    monkeypatch.setattr(rulebook_module, "WORKER_GROWTH_MB", 10_000)
    assert len(list(national.evaluate_many(generated_facts(24), workers=2, chunk_size=4))) == 24
    assert len(started) == 2
