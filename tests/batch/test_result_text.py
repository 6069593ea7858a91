"""A batch worker writes each result line straight as JSON text (`assess._result_text`): the bytes
must be those `dumps_line` writes for the result dict, and the summary's counts those read from it."""

from __future__ import annotations

import json

import pytest
from tests.conftest import REPO, generated_facts

from jiuze import Rulebook
from jiuze.batch import assess
from jiuze.batch.assess import Job, assess_jobs, dumps_line, read_jobs
from jiuze.batch.summary import BatchStats


@pytest.fixture(scope="module")
def book():
    return Rulebook.load()


def _lines(rows: list[str]) -> list[Job]:
    return [Job(i, f"cases.jsonl:{i + 1}", line=row) for i, row in enumerate(rows)]


@pytest.fixture(scope="module")
def generated_jobs():
    rows = [
        json.dumps({"facts": [[f.predicate, *f.values] for f in facts]}, default=str, ensure_ascii=False)
        for facts in generated_facts(150)
    ]
    return _lines(rows)


def _awkward_rows() -> list[str]:
    """Strings JSON must escape, in names and values that reach conclusions and the case name; a
    lone surrogate (the line cannot be written as UTF-8: an error line); a bad line."""
    facts = []
    for person, case in (('A"B\\C', "案\n1"), ("\u2028甲\t", "案2")):
        facts += [
            ["人民警察", person],
            ["办案人", person, case],
            ["执行职务", person, case],
            ["主观过错", person, case, "故意"],
            ["逼供", person, case],
            ["违反法定程序", case],
        ]
    return [
        json.dumps({"name": 'n"1\\', "facts": facts}, ensure_ascii=False),
        json.dumps({"facts": facts}),  # ASCII escapes in the input, the same values
        '{"facts": [["办案人", "\\ud800", "案3"]]}',
        '{"facts": [["审查人", "李四", "案2"]]}',
        "{not json",
    ]


def _example_jobs() -> list[Job]:
    return [assess.with_content(job) for job in read_jobs([str(REPO / "examples")])]


def _dict_path(book, jobs, proofs, evaluator) -> tuple[bytes, str]:
    stats, lines = BatchStats(), []
    for job, result in zip(jobs, assess_jobs(book, jobs, proofs, evaluator)):
        line, written = assess._safe(book, job, result)
        lines.append(line)
        stats.add_result(written)
    return "".join(lines).encode("utf-8"), stats.summary(0, 0)


@pytest.mark.parametrize("proofs", ["none", "why", "full"])
def test_text_lines_are_the_bytes_dumps_line_writes(book, generated_jobs, proofs):
    jobs = [*generated_jobs, *_lines(_awkward_rows()), *_example_jobs()]
    jobs = [Job(i, job.origin, job.line, job.path, job.content) for i, job in enumerate(jobs)]
    results = assess._results(book, jobs, proofs, "clingo", 0.0)
    expected, summary = _dict_path(book, jobs, proofs, "clingo")
    assert results.text == expected
    assert results.count == len(jobs)
    assert results.stats.summary(0, 0) == summary
    assert "冲突 0 处" not in summary and "出错 3 个" in summary  # conflicts, and the three bad lines, counted


def test_text_lines_on_pydatalog(book, generated_jobs):
    jobs = [*generated_jobs[:30], *_lines(_awkward_rows())]
    jobs = [Job(i, job.origin, job.line) for i, job in enumerate(jobs)]
    assert assess._results(book, jobs, "why", "pydatalog", 0.0).text == _dict_path(book, jobs, "why", "pydatalog")[0]


def test_cross_check_still_sees_the_conflicts_of_text_lines(book, generated_jobs, monkeypatch):
    """`--cross-check` re-evaluates every case with a conflict: it must find them in `_Line`s too."""
    checked = []
    monkeypatch.setattr(Rulebook, "cross_check", lambda self, cases, relations, evaluator: checked.append(len(cases)))
    assess._results(book, generated_jobs, "why", "clingo", 1e-9)
    results = assess_jobs(book, generated_jobs, "why", "clingo")
    with_conflicts = sum(1 for r in results if r.get("conflicts"))
    sampled = sum(
        1 for j, r in zip(generated_jobs, results) if assess._sampled(j.index, 1e-9) and not r.get("conflicts")
    )
    assert with_conflicts and checked == [with_conflicts + sampled]


def test_a_conclusion_is_one_sorted_json_object(book):
    """What the text builder writes, read back, is the dict `_result_line` made (a check a user
    could do by eye on one line)."""
    job = _lines(_awkward_rows())[0]
    [written] = assess._results(book, [job], "why", "clingo", 0.0).lines()
    [result] = assess_jobs(book, [job], "why", "clingo")
    assert json.loads(written) == result
    assert written == dumps_line(result)
    assert result["case"] == 'n"1\\' and any('A"B\\C' in c["conclusion"] for c in result["conclusions"])


@pytest.mark.parametrize("proofs", ["none", "why"])
def test_conclusions_listed_in_one_loop_as_one_by_one(book, generated_jobs, proofs):
    """`_result_line`'s one loop over `Model.listing` against `_conclusion` of each row of each relation
    (the text path is compared with the dict path above, so this anchors both)."""
    from jiuze.explain.model import Model

    shown = [p for p in book.program.derived_predicates if not p.startswith("#")]
    jobs = [*generated_jobs[:60], *_lines(_awkward_rows()[:2])]
    loaded = [(job, assess._load(book, job)) for job in jobs]
    cases = [book.checked(case.facts) for _, case in loaded]
    for (job, case), facts, relations in zip(loaded, cases, book.relations(cases, "clingo", proofs == "why")):
        model = Model(book.program, facts, relations)
        one_by_one = [
            assess._conclusion(model, p, row, proofs) for p in model.index.nonempty(shown) for row in model.relation(p)
        ]
        assert assess._result_line(book, job, case, model, proofs, shown)["conclusions"] == one_by_one


@pytest.mark.parametrize("value", ["案1", 'a"\\b\n\u2028', "", 0, -7, 10**30, True, None, 1.5, ["x"]])
def test_scalar_is_json_dumps(value):
    assert assess._scalar(value) == assess._json(value)
