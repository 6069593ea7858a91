"""Batch assessment: stream many cases through one rulebook (issue 6, first part).

Input: JSONL files (one case per line: a structured case or {"facts": […]})
or directories of YAML/JSON/.jz case files (sorted).  Output: one JSON line
per case, in input order.  A bad case becomes an error line and never stops
the batch.  Workers are processes, each compiling the rulebook once; the
unit of work is (rulebook sources, a chunk of cases) → lines, with no shared
state (`assess_chunk`), so the same unit runs in a process pool or on Dask
(scaleout.py).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Iterator

from .casefile import case_from_data, is_structured, load_any_case
from .cases import case_from_json
from .errors import JiuzeError
from .render import jsondoc
from .parallel import ordered_map
from .rulebook import RuleSource, Rulebook, compiled_rulebook

CASE_SUFFIXES = (".yaml", ".yml", ".json", ".jz")


@dataclass(frozen=True)
class Job:
    """One case to assess: where it came from and its raw content (a line, or a file path).

    `content` is the file's bytes, read by whoever submits the job, so a worker on
    another machine (or in another directory) assesses the same file; `path` stays
    the name that results and error messages show."""

    index: int
    origin: str
    line: str | None = None
    path: str | None = None
    content: bytes | None = None


def with_content(job: Job) -> Job:
    """The job carrying its file's bytes; an unreadable file is left for the worker to report."""
    if job.path is None or job.content is not None:
        return job
    try:
        return replace(job, content=Path(job.path).read_bytes())
    except OSError:
        return job


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


def count_jobs(inputs: Iterable[str]) -> int:
    """How many cases `read_jobs` will yield, without keeping any of them (for a progress bar's ETA)."""
    return sum(1 for _ in read_jobs(inputs))


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
        return load_any_case(job.path, rulebook.program, job.content)
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

_TASK: tuple[list[RuleSource], str] | None = None  # a pool worker's (rulebook sources, proofs)
def assess_chunk(sources: list[RuleSource], jobs: list[Job], proofs: str = "none") -> list[str]:
    """The unit of scale-out work: (rulebook, chunk of cases) → their result lines, in order.
    Nothing is shared but the per-process compiled rulebook, so any worker may run any chunk."""
    rulebook = compiled_rulebook(sources)
    return [dumps_line(assess(rulebook, job, proofs)) for job in jobs]


def _init_worker(sources: list[RuleSource], proofs: str) -> None:
    global _TASK
    _TASK = (sources, proofs)
    compiled_rulebook(sources)


def _work(jobs: list[Job]) -> list[str]:
    sources, proofs = _TASK
    return assess_chunk(sources, jobs, proofs)


def dumps_line(result: dict) -> str:
    return json.dumps(result, ensure_ascii=False, sort_keys=True, default=jsondoc.json_value) + "\n"


def run(sources: list[RuleSource], jobs: Iterable[Job], workers: int = 1, proofs: str = "none",
        compiled: Rulebook | None = None) -> Iterator[str]:
    """Result lines in input order; with workers > 1, processes share nothing but the sources
    and run the same unit of work as Dask (assess_chunk), a bounded number of chunks at a time.
    In one process, an already `compiled` rulebook of these sources is reused."""
    if workers <= 1:
        rulebook = compiled or Rulebook(sources)
        yield from (dumps_line(assess(rulebook, job, proofs)) for job in jobs)
        return
    yield from ordered_map(_work, jobs, workers, _init_worker, (sources, proofs), chunk_size=16)
