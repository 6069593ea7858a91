"""Batch assessment: stream many cases through one rulebook (issue 6, first part).

Input: JSONL files (one case per line: a structured case or {"facts": […]}),
single YAML/JSON/.jz case files, or directories of them (sorted).  Output: one JSON line
per case, in input order.  A bad case becomes an error line and never stops
the batch.  Workers are processes, each compiling the rulebook once; the
unit of work is (rulebook sources, a chunk of cases) → lines, with no shared
state (`assess_chunk`), so the same unit runs in a process pool or on Dask
(scaleout.py).
"""

from __future__ import annotations

import codecs
import json
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Iterator

from jiuze.cases.facts_file import case_from_json, read_case_text
from jiuze.cases.load import case_from_data, is_structured, load_any_case
from jiuze.evaluate.evaluators import CLINGO, PYDATALOG
from jiuze.evaluate.parallel import chunks, freeze_long_lived, ordered_map
from jiuze.explain.model import Model
from jiuze.explain.proof import GroundAtom
from jiuze.language.errors import Finding, JiuzeError
from jiuze.language.source import Span
from jiuze.reports import jsondoc
from jiuze.reports.data import cited_articles
from jiuze.rulebook.rulebook import CLINGO_CHUNK, Rulebook, RuleSource, compiled_rulebook, recycle_after

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
    """Jobs in input order, read lazily (memory does not grow with the input).

    A directory gives its case files (sorted), a .yaml/.yml/.json/.jz file one case, any
    other file one case per non-blank line (JSONL).  Lines are decoded one by one, so a
    line that is not UTF-8 becomes that case's error instead of stopping the batch."""
    index = 0
    for name in inputs:
        path = Path(name)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.suffix.lower() in CASE_SUFFIXES)
        elif path.suffix.lower() in CASE_SUFFIXES:
            files = [path]
        else:
            for number, raw in _jsonl_lines(path):
                yield _line_job(index, f"{path}:{number}", raw)
                index += 1
            continue
        for file in files:
            yield Job(index, str(file), path=str(file))
            index += 1


def check_inputs(inputs: Iterable[str]) -> None:
    """Every input exists and can be read, checked before any work starts (all problems at once)."""
    findings = []
    for name in inputs:
        path = Path(name)
        if not path.exists():
            findings.append(Finding(Span(name, 0, 0), "io", "找不到输入文件或目录", "检查路径是否正确。"))
        elif not os.access(path, os.R_OK):
            findings.append(Finding(Span(name, 0, 0), "io", "没有读取输入的权限", "检查文件权限。"))
    if findings:
        raise JiuzeError(findings)


def _jsonl_lines(path: Path) -> Iterator[tuple[int, bytes]]:
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if number == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8) :]
            if raw.strip():
                yield number, raw


def _line_job(index: int, origin: str, raw: bytes) -> Job:
    """A JSONL line as a job; undecodable bytes travel as content, for `_load` to report."""
    try:
        return Job(index, origin, line=raw.decode("utf-8"))
    except UnicodeDecodeError:
        return Job(index, origin, content=raw)


def count_jobs(inputs: Iterable[str]) -> int:
    """How many cases `read_jobs` will yield, without keeping any of them (for a progress bar's ETA)."""
    return sum(1 for _ in read_jobs(inputs))


def assess(rulebook: Rulebook, job: Job, proofs: str = "none", evaluator: str | None = None) -> dict:
    """The result line of one case: its conclusions, or the located errors."""
    return assess_jobs(rulebook, [job], proofs, evaluator or PYDATALOG)[0]


def assess_jobs(
    rulebook: Rulebook, jobs: list[Job], proofs: str = "none", evaluator: str = CLINGO, cross_check: float = 0.0
) -> list[dict]:
    """Result lines of a chunk of cases, evaluated in one go (clingo: one call for the chunk).

    A case that cannot be read is an error line; if the chunk's evaluation fails (the time
    bound), each case is evaluated alone so only the guilty one becomes an error line.
    With `cross_check`, that share of the cases (chosen by index, so the same on any
    worker) and every case with a conflict are evaluated again on the other evaluator;
    a difference raises EvaluatorMismatch, which stops the batch."""
    results: dict[int, dict] = {}
    loaded = []
    for position, job in enumerate(jobs):
        try:
            case = _load(rulebook, job)
            loaded.append((position, job, case, rulebook.checked(case.facts)))
        except JiuzeError as error:
            results[position] = _error_line(rulebook, job, error)
    for (position, job, case, facts), relations in zip(loaded, _relations(rulebook, loaded, evaluator, results)):
        if relations is not None:  # one model at a time: a chunk's models together would hold ~100 MB
            results[position] = _result_line(rulebook, job, case, Model(rulebook.program, facts, relations), proofs)
    if cross_check:
        _cross_check(rulebook, loaded, results, evaluator, cross_check)
    return [results[position] for position in range(len(jobs))]


def _relations(rulebook: Rulebook, loaded: list, evaluator: str, results: dict) -> list:
    """Relations of the loaded cases; past the time bound, case by case, the guilty one an error line."""
    try:
        return rulebook.relations([facts for _, _, _, facts in loaded], evaluator)
    except JiuzeError as error:
        if len(loaded) == 1:
            position, job, _, _ = loaded[0]
            results[position] = _error_line(rulebook, job, error)
            return [None]
    return [relations for item in loaded for relations in _relations(rulebook, [item], evaluator, results)]


def _cross_check(rulebook: Rulebook, loaded: list, results: dict, evaluator: str, rate: float) -> None:
    chosen = [
        (facts, position)
        for position, job, _, facts in loaded
        if "error" not in results[position] and (_sampled(job.index, rate) or results[position]["conflicts"])
    ]
    if chosen:
        cases = [facts for facts, _ in chosen]
        rulebook.cross_check(cases, rulebook.relations(cases, evaluator), evaluator)


def _sampled(index: int, rate: float) -> bool:
    """Whether case `index` is in the cross-checked share: a fixed hash, so any worker agrees."""
    return (index * 2654435761 % 2**32) / 2**32 < rate


def _error_line(rulebook: Rulebook, job: Job, error: JiuzeError) -> dict:
    return {"index": job.index, "source": job.origin, "rulebook": rulebook.digest, "error": error.render()}


def _result_line(rulebook: Rulebook, job: Job, case, model, proofs: str) -> dict:
    conclusions = []
    for predicate in sorted(p for p in rulebook.program.derived_predicates if not p.startswith("#")):
        for row in model.relation(predicate):
            conclusions.append(_conclusion(model, predicate, row, proofs))
    return {
        "index": job.index,
        "source": job.origin,
        "rulebook": rulebook.digest,
        "case": case.name,
        "conclusions": conclusions,
        "conflicts": [jsondoc.conflict_data(c) for c in model.conflicts()]
        if proofs != "none"
        else [[str(c.required.atom), str(c.permitted.atom), c.winner] for c in model.conflicts()],
    }


def _load(rulebook: Rulebook, job: Job):
    if job.path is not None:
        return load_any_case(job.path, rulebook.program, job.content)
    if job.line is None:
        read_case_text(Path(job.origin), job.content)  # raises the located encoding error
    try:
        data = json.loads(job.line)
    except json.JSONDecodeError:
        return case_from_json(job.line, job.origin, rulebook.program)  # raises the located JSON error
    if is_structured(data):
        return case_from_data(data, job.origin, rulebook.program, job.line)
    return case_from_json(job.line, job.origin, rulebook.program)


def _conclusion(model, predicate: str, row: tuple, proofs: str) -> dict:
    """One conclusion; with proofs, the articles it rests on as `jiuze report` cites them."""
    atom = GroundAtom(predicate, row)
    entry = {"conclusion": str(atom), "modality": model.modality(atom)}
    if proofs != "none":
        proof = model.explain(atom)
        entry["articles"] = [str(a) for a in cited_articles(proof)]
        if proofs == "full":
            entry["proof"] = jsondoc.proof_data(proof)
    return entry


# ---------------------------------------------------------------- workers

_TASK: tuple | None = None  # a pool worker's (rulebook sources, proofs, evaluator, cross-check rate)


def assess_chunk(
    sources: list[RuleSource], jobs: list[Job], proofs: str = "none", evaluator: str = CLINGO, cross_check: float = 0.0
) -> list[str]:
    """The unit of scale-out work: (rulebook, chunk of cases) → their result lines, in order.
    Nothing is shared but the per-process compiled rulebook, so any worker may run any chunk."""
    rulebook = compiled_rulebook(sources)
    return [dumps_line(result) for result in assess_jobs(rulebook, jobs, proofs, evaluator, cross_check)]


def _init_worker(sources: list[RuleSource], proofs: str, evaluator: str, cross_check: float) -> None:
    global _TASK
    _TASK = (sources, proofs, evaluator, cross_check)
    compiled_rulebook(sources).engine(evaluator)
    freeze_long_lived()


def _work(jobs: list[Job]) -> list[str]:
    return assess_chunk(_TASK[0], jobs, *_TASK[1:])


def dumps_line(result: dict) -> str:
    return json.dumps(result, ensure_ascii=False, sort_keys=True, default=jsondoc.json_value) + "\n"


def chunk_size_for(evaluator: str) -> int:
    """Cases per unit of work: clingo pays 10–17 ms per call, so it gets ~1,000; pyDatalog 16."""
    return CLINGO_CHUNK if evaluator == CLINGO else 16


def run(
    sources: list[RuleSource],
    jobs: Iterable[Job],
    workers: int = 1,
    proofs: str = "none",
    compiled: Rulebook | None = None,
    evaluator: str = CLINGO,
    cross_check: float = 0.0,
) -> Iterator[str]:
    """Result lines in input order; with workers > 1, processes share nothing but the sources
    and run the same unit of work as Dask (assess_chunk), a bounded number of chunks at a time,
    each worker replaced after ~16k cases (clingo's symbols are never freed).
    In one process, an already `compiled` rulebook of these sources is reused."""
    size = chunk_size_for(evaluator)
    if workers <= 1:
        rulebook = compiled or Rulebook(sources)
        for chunk in chunks(jobs, size):
            yield from (dumps_line(r) for r in assess_jobs(rulebook, chunk, proofs, evaluator, cross_check))
        return
    start = (sources, proofs, evaluator, cross_check)
    window = 2 * workers  # chunks in flight: one being written, one being computed per worker
    yield from ordered_map(
        _work, jobs, workers, _init_worker, start, chunk_size=size, window=window, recycle=recycle_after(size)
    )
