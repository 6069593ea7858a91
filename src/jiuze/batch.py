"""Batch assessment: stream many cases through one rulebook (issue 6, first part).

Input: JSONL files (one case per line: a structured case or {"facts": […]})
or directories of YAML/JSON/.jz case files (sorted).  Output: one JSON line
per case, in input order.  A bad case becomes an error line and never stops
the batch.  Workers are processes, each compiling the rulebook once; the
unit of work is (rulebook sources, one case) → one line, with no shared state.
"""
from __future__ import annotations

import json
import multiprocessing
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from .casefile import case_from_data, is_structured, load_any_case
from .cases import case_from_json
from .errors import JiuzeError
from .render import jsondoc
from .rulebook import RuleSource, Rulebook

CASE_SUFFIXES = (".yaml", ".yml", ".json", ".jz")


@dataclass(frozen=True)
class Job:
    """One case to assess: where it came from and its raw content (a line, or a file path)."""

    index: int
    origin: str
    line: str | None = None
    path: str | None = None


def read_jobs(inputs: Iterable[str]) -> Iterator[Job]:
    """Jobs in input order, read lazily (memory does not grow with the input)."""
    index = 0
    for name in inputs:
        path = Path(name)
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.suffix.lower() in CASE_SUFFIXES):
                yield Job(index, str(file), path=str(file))
                index += 1
            continue
        with open(path, encoding="utf-8-sig") as handle:
            for number, line in enumerate(handle, start=1):
                if line.strip():
                    yield Job(index, f"{path}:{number}", line=line)
                    index += 1


def assess(rulebook: Rulebook, job: Job, proofs: str = "none") -> dict:
    """The result line of one case: its conclusions, or the located errors."""
    try:
        case = _load(rulebook, job)
        model = rulebook.evaluate(case.facts)
    except JiuzeError as error:
        return {"index": job.index, "source": job.origin, "error": error.render()}
    conclusions = []
    for predicate in sorted(p for p in rulebook.program.derived_predicates if not p.startswith("#")):
        for row in model.relation(predicate):
            conclusions.append(_conclusion(model, predicate, row, proofs))
    return {"index": job.index, "source": job.origin, "case": case.name, "conclusions": conclusions,
            "conflicts": [jsondoc.conflict_data(c) for c in model.conflicts()] if proofs != "none" else
            [[str(c.required.atom), str(c.permitted.atom), c.winner] for c in model.conflicts()]}


def _load(rulebook: Rulebook, job: Job):
    if job.path is not None:
        return load_any_case(job.path, rulebook.program)
    try:
        data = json.loads(job.line)
    except json.JSONDecodeError as error:
        return case_from_json(job.line, job.origin, rulebook.program)  # raises the located JSON error
    if is_structured(data):
        return case_from_data(data, job.origin, rulebook.program, job.line)
    return case_from_json(job.line, job.origin, rulebook.program)


def _conclusion(model, predicate: str, row: tuple, proofs: str) -> dict:
    from .proof import GroundAtom
    atom = GroundAtom(predicate, row)
    entry = {"conclusion": str(atom), "modality": model.modality(atom)}
    if proofs != "none":
        proof = model.explain(atom)
        entry["articles"] = [str(a) for a in sorted({p.rule.article for p in _walk(proof) if p.rule and p.rule.article})]
        if proofs == "full":
            entry["proof"] = jsondoc.proof_data(proof)
    return entry


def _walk(proof):
    yield proof
    for child in proof.premises:
        yield from _walk(child)


# ---------------------------------------------------------------- workers

_WORKER: Rulebook | None = None


def _init_worker(sources: list[RuleSource]) -> None:
    global _WORKER
    _WORKER = Rulebook(sources)


def _work(item: tuple[Job, str]) -> str:
    job, proofs = item
    return dumps_line(assess(_WORKER, job, proofs))


def dumps_line(result: dict) -> str:
    return json.dumps(result, ensure_ascii=False, sort_keys=True, default=jsondoc.json_value) + "\n"


def run(sources: list[RuleSource], jobs: Iterable[Job], workers: int = 1, proofs: str = "none",
        compiled: Rulebook | None = None) -> Iterator[str]:
    """Result lines in input order; with workers > 1, processes share nothing but the sources.
    In one process, an already `compiled` rulebook of these sources is reused."""
    if workers <= 1:
        rulebook = compiled or Rulebook(sources)
        yield from (dumps_line(assess(rulebook, job, proofs)) for job in jobs)
        return
    jobs = ((job, proofs) for job in jobs)
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, initializer=_init_worker, initargs=(sources,)) as pool:
        yield from pool.imap(_work, jobs, chunksize=16)
