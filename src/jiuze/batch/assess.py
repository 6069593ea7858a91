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
import copy
import json
import os
import pickle
import stat
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import repeat
from json.encoder import encode_basestring as _encode_string  # what json.dumps(ensure_ascii=False) writes a str with
from pathlib import Path
from typing import Iterable, Iterator

from jiuze.batch.summary import COUNTED, BatchStats
from jiuze.cases.facts_file import case_from_json, case_from_json_data, read_case_text
from jiuze.cases.limits import check_case_text, check_json_strings
from jiuze.cases.load import case_from_data, is_structured, load_any_case
from jiuze.evaluate.evaluators import CLINGO, PYDATALOG
from jiuze.evaluate.parallel import chunks, forks_workers, freeze_long_lived, ordered_map, release_freed_memory
from jiuze.evaluate.values import remembered_text, value_text
from jiuze.explain.model import Model
from jiuze.explain.proof import GroundAtom, atom_text
from jiuze.language.errors import Finding, JiuzeError
from jiuze.language.source import Span
from jiuze.reports import jsondoc
from jiuze.reports.data import cited_articles, most_specific
from jiuze.rulebook.rulebook import Rulebook, RuleSource, _gc_paused, compiled_rulebook

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
    """The job carrying its file's bytes; an unreadable file (or a FIFO, which would block
    the reader) is left for the worker to report."""
    if job.path is None or job.content is not None or not is_regular(job.path):
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
            files = sorted(p for p in path.rglob("*") if p.suffix.lower() in CASE_SUFFIXES and not p.is_dir())
        elif path.suffix.lower() in CASE_SUFFIXES or not is_regular(path):  # a FIFO: an error line, never read
            files = [path]
        else:
            for number, raw in _jsonl_lines(path):
                yield _line_job(index, f"{path}:{number}", raw)
                index += 1
            continue
        for file in files:
            yield Job(index, str(file), path=str(file))
            index += 1


def is_regular(path: str | Path) -> bool:
    """A regular file (after symlinks): reading anything else — a FIFO, a device — may block forever."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def check_inputs(inputs: Iterable[str], output: str | None = None) -> None:
    """Every input exists and can be read, and OUT is none of them (opening it for writing would
    destroy the input), checked before any work starts and before OUT is opened (all problems at once)."""
    findings = []
    for name in inputs:
        path = Path(name)
        if not path.exists():
            findings.append(Finding(Span(name, 0, 0), "io", "找不到输入文件或目录", "检查路径是否正确。"))
        elif not os.access(path, os.R_OK):
            findings.append(Finding(Span(name, 0, 0), "io", "没有读取输入的权限", "检查文件权限。"))
        elif output is not None and _output_reads_input(output, path):
            findings.append(
                Finding(
                    Span(output, 0, 0),
                    "output-is-input",
                    f"输出文件就是输入 {name}（或在其中）：写出结果会毁掉输入的案件",
                    "用 -o 给出另一个文件，放在输入目录之外，如 -o 结果.jsonl。",
                )
            )
    if findings:
        raise JiuzeError(findings)


def _output_reads_input(output: str, path: Path) -> bool:
    """Whether OUT is the input file `path`, or a case file `read_jobs` would take from the directory `path`."""
    out = Path(os.path.realpath(output))
    here = Path(os.path.realpath(path))
    if path.is_dir():
        return out.suffix.lower() in CASE_SUFFIXES and here in out.parents
    return out == here


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
    """Result lines of a chunk of cases, evaluated in one go (clingo: one call for the chunk), as dicts."""
    return _assessed(rulebook, jobs, proofs, evaluator, cross_check, _result_line)


@_gc_paused
def _assessed(rulebook: Rulebook, jobs: list[Job], proofs: str, evaluator: str, cross_check: float, build) -> list:
    """Result lines of a chunk of cases, each made by `build` (a dict, or `_Line` text for batch workers).

    A case that cannot be read is an error line; if the chunk's evaluation fails (the time
    bound, or anything unforeseen), each case is evaluated alone so only the guilty one
    becomes an error line.  Whatever goes wrong with one case — bad input, or a failure of
    ours (a RecursionError, a value the engine rejects) — becomes that case's error line:
    the batch never dies on one case, and `--resume` can get past it.
    With `cross_check`, that share of the cases (chosen by index, so the same on any
    worker) and every case with a conflict are evaluated again on the other evaluator;
    a difference raises EvaluatorMismatch, which stops the batch.
    Without cyclic garbage collection: a chunk's relations stay alive while its cases are
    explained, and full collections rescanned them ≈ 0.4 ms a case (a third of `--proofs why`);
    assessing makes no reference cycles (gc.collect() after a chunk finds 0), so reference
    counting frees everything as before."""
    results: dict[int, dict | _Line] = {}
    loaded = []
    for position, job in enumerate(jobs):
        try:
            case = _load(rulebook, job)
            loaded.append((position, job, case, rulebook.checked(case.facts)))
        except (Exception, RecursionError) as error:  # noqa: BLE001 — one case must never stop the batch
            results[position] = _error_line(rulebook, job, error)
    shown = [p for p in rulebook.program.derived_predicates if not p.startswith("#")]  # once a chunk
    relations_of = _relations(rulebook, loaded, evaluator, results, proofs != "none")
    for (position, job, case, facts), relations in zip(loaded, relations_of):
        if relations is not None:  # one model at a time: a chunk's models together would hold ~100 MB
            try:
                model = Model(rulebook.program, facts, relations)
                results[position] = build(rulebook, job, case, model, proofs, shown)
            except (Exception, RecursionError) as error:  # noqa: BLE001
                results[position] = _error_line(rulebook, job, error)
    if cross_check:
        _cross_check(rulebook, loaded, results, evaluator, cross_check)
    return [results[position] for position in range(len(jobs))]


def _relations(rulebook: Rulebook, loaded: list, evaluator: str, results: dict, firings: bool = False) -> list:
    """Relations of the loaded cases (with proofs, also the rule firings); if the chunk fails
    (the time bound, anything else), case by case, the guilty one an error line."""
    try:
        return rulebook.relations([facts for _, _, _, facts in loaded], evaluator, firings)
    except (Exception, RecursionError) as error:  # noqa: BLE001
        if len(loaded) == 1:
            position, job, _, _ = loaded[0]
            results[position] = _error_line(rulebook, job, error)
            return [None]
    return [relations for item in loaded for relations in _relations(rulebook, [item], evaluator, results, firings)]


def _cross_check(rulebook: Rulebook, loaded: list, results: dict, evaluator: str, rate: float) -> None:
    chosen = [
        (facts, position)
        for position, job, _, facts in loaded
        if not _failed(results[position]) and (_sampled(job.index, rate) or _has_conflicts(results[position]))
    ]
    if chosen:
        cases = [facts for facts, _ in chosen]
        rulebook.cross_check(cases, rulebook.relations(cases, evaluator), evaluator)


def _failed(result) -> bool:
    return isinstance(result, dict) and "error" in result


def _has_conflicts(result) -> bool:
    return bool(result.conflicts if isinstance(result, _Line) else result["conflicts"])


def _sampled(index: int, rate: float) -> bool:
    """Whether case `index` is in the cross-checked share: a fixed hash, so any worker agrees."""
    return (index * 2654435761 % 2**32) / 2**32 < rate


def _error_line(rulebook: Rulebook, job: Job, error: BaseException) -> dict:
    """A located input error as it renders; any other failure as an `internal-error` finding."""
    message = _rendered(job, error) if isinstance(error, JiuzeError) else unexpected_error(job.origin, error)
    return {"index": job.index, "source": job.origin, "rulebook": rulebook.digest, "error": message}


def _rendered(job: Job, error: JiuzeError) -> str:
    """The findings; a JSONL line's are placed `x.jsonl:5001:2` (file, line, column), not
    `x.jsonl:5001:1:2` (the line's origin, then the place within that one-line text)."""
    text = error.render()
    if job.path is None:
        text = text.replace(f"{job.origin}:1:", f"{job.origin}:")
    return text


def unexpected_error(origin: str, error: BaseException) -> str:
    """The error line's text for a failure that is not a located input error."""
    detail = f"{type(error).__name__}: {error}"[:500]
    return JiuzeError(
        [
            Finding(
                Span(origin, 0, 0),
                "internal-error",
                f"评估这个案件时出错（{detail}）",
                "其余案件不受影响；请把这个案件和这条消息报告给 jiuze 的维护者。",
            )
        ]
    ).render()


def _result_line(rulebook: Rulebook, job: Job, case, model, proofs: str, shown: list[str]) -> dict:
    if proofs in ("none", "why"):
        conclusions = _conclusions(model, shown, proofs == "why")
    else:
        conclusions = [
            _conclusion(model, predicate, row, proofs)
            for predicate in model.index.nonempty(shown)  # most relations of a case are empty
            for row in model.relation(predicate)
        ]
    return {
        "index": job.index,
        "source": job.origin,
        "rulebook": rulebook.digest,
        "case": case.name,
        "conclusions": conclusions,
        "conflicts": _conflicts(model, proofs),
    }


def _conclusions(model, shown: list[str], why: bool) -> list[dict]:
    """`_conclusion` of every row of `model.listing(shown)` for `--proofs none|why`: the rows and their
    modalities in one call (the batch workers' text lines, `_result_text`, inline the rest too)."""
    out: list[dict] = []
    cited = model.cited_of if why else None
    for predicate, rows, modalities in model.listing(shown):
        for row, modality in zip(rows, modalities or repeat(None)):
            text = atom_text(predicate, row)
            if cited is None:
                out.append({"conclusion": text, "modality": modality})
            else:  # the articles only: read from the derivations, no proof tree built
                out.append(
                    {"conclusion": text, "modality": modality, "articles": list(_most_specific(cited(predicate, row)))}
                )
    return out


class _Line:
    """A result line written straight as JSON text, for a batch worker: the same bytes as
    `dumps_line(_result_line(...))` (the tests compare them on every case they assess), without
    a dict per conclusion and `json.dumps` sorting every one of them (≈ 0.1 ms a case).  It keeps
    what the summary counts (`BatchStats.add_counts`) and whether the case has conflicts (for
    `--cross-check`)."""

    __slots__ = ("text", "counted", "conflicts")

    def __init__(self, text: str, counted: list[str], conflicts: int):
        self.text, self.counted, self.conflicts = text, counted, conflicts


def _result_text(rulebook: Rulebook, job: Job, case, model, proofs: str, shown: list[str]) -> _Line | dict:
    """`_result_line` as text for `--proofs none|why`; `full` (proof trees) stays a dict."""
    if proofs not in ("none", "why"):
        return _result_line(rulebook, job, case, model, proofs, shown)
    entries: list[str] = []
    counted: list[str] = []
    encode, known, text_of = _encode_string, remembered_text, value_text
    cited = model.cited_of if proofs == "why" else None
    for predicate, rows, modalities in model.listing(shown):  # one loop, no call per conclusion but its own
        head, counts = predicate + "(", predicate in COUNTED
        for row, modality in zip(rows, modalities or repeat(None)):
            text = f"{head}{', '.join([known(v) or text_of(v) for v in row])})"  # as atom_text
            if counts:
                counted.append(text)
            if cited is not None:
                prefix, suffix = _why_fragments(cited(predicate, row), modality)
                entries.append(f"{prefix}{encode(text)}{suffix}")
            elif modality is None:
                entries.append(f'{{"conclusion": {encode(text)}{_NO_MODALITY}')
            else:
                prefix, suffix = _none_fragments(modality)
                entries.append(f"{prefix}{encode(text)}{suffix}")
    conflicts = _conflicts(model, proofs)
    head = '{"case": ' + (encode(case.name) if isinstance(case.name, str) else _json(case.name))
    text = (
        f'{head}, "conclusions": [{", ".join(entries)}], "conflicts": {_json(conflicts) if conflicts else "[]"}, '
        f'"index": {_scalar(job.index)}, "rulebook": {_scalar(rulebook.digest)}, "source": {_scalar(job.origin)}}}\n'
    )
    return _Line(text, counted, len(conflicts))


def _conflicts(model, proofs: str) -> list:
    """The conflicts as a result line lists them (with their proofs unless `--proofs none`)."""
    if proofs != "none":
        return [jsondoc.conflict_data(c) for c in model.conflicts()]
    return [[str(required), str(permitted), winner] for required, permitted, winner in model.conflicting()]


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=jsondoc.json_value)


def _scalar(value) -> str:
    """`_json` of a str or an int as `json.dumps` writes it, without making an encoder (a few µs a
    call, three a line)."""
    kind = type(value)
    if kind is str:
        return _encode_string(value)
    if kind is int:
        return int.__repr__(value)
    return _json(value)


@lru_cache(maxsize=4096)
def _why_fragments(articles: frozenset, modality: str | None) -> tuple[str, str]:
    """The JSON around a conclusion's text with `--proofs why`: keys in sorted order, as `dumps_line` writes them."""
    listed = ", ".join(_encode_string(a) for a in _most_specific(articles))
    return f'{{"articles": [{listed}], "conclusion": ', f', "modality": {_json(modality)}}}'


_NO_MODALITY = ', "modality": null}'  # `_none_fragments(None)`'s suffix


@lru_cache(maxsize=16)
def _none_fragments(modality: str | None) -> tuple[str, str]:
    return '{"conclusion": ', f', "modality": {_json(modality)}}}'


def _load(rulebook: Rulebook, job: Job):
    if job.path is not None and job.content is None and not is_regular(job.path):
        raise JiuzeError(
            [
                Finding(
                    Span(job.path, 0, 0),
                    "not-a-file",
                    "不是普通文件（如管道、设备或已不存在），已跳过",
                    "案件应是普通的 YAML/JSON/.jz 文件或 JSONL 文件。",
                )
            ]
        )
    if job.path is not None:
        return load_any_case(job.path, rulebook.program, job.content)
    if job.line is None:
        read_case_text(Path(job.origin), job.content)  # raises the located encoding error
    check_case_text(job.line, job.origin)
    try:
        data = json.loads(job.line)
    except json.JSONDecodeError:
        return case_from_json(job.line, job.origin, rulebook.program)  # raises the located JSON error
    check_json_strings(data, job.line, job.origin)
    if is_structured(data):
        return case_from_data(data, job.origin, rulebook.program, job.line)
    return case_from_json_data(data, job.line, job.origin, rulebook.program)  # parsed and checked once


def _conclusion(model, predicate: str, row: tuple, proofs: str) -> dict:
    """One conclusion; with proofs, the articles it rests on as `jiuze report` cites them."""
    entry = {"conclusion": atom_text(predicate, row), "modality": model.modality_of(predicate, row)}
    if proofs == "why":  # the articles only: read from the derivations, no proof tree built
        entry["articles"] = list(_most_specific(model.cited_of(predicate, row)))
    elif proofs != "none":
        atom = GroundAtom(predicate, row)
        proof = model.explain(atom)
        entry["articles"] = [str(a) for a in cited_articles(proof)]
        if proofs == "full":
            entry["proof"] = jsondoc.proof_data(proof)
    return entry


@lru_cache(maxsize=4096)
def _most_specific(articles: frozenset) -> tuple[str, ...]:
    """`most_specific` per set of articles, as text: a batch sees the same few sets over and over
    (and writing an article out in Chinese numerals each time cost ~0.15 ms a case)."""
    return tuple(str(a) for a in most_specific(articles))


# ---------------------------------------------------------------- workers

_TASK: tuple | None = None  # a pool worker's (rulebook, proofs, evaluator, cross-check rate)


def assess_chunk(
    sources: list[RuleSource], jobs: list[Job], proofs: str = "none", evaluator: str = CLINGO, cross_check: float = 0.0
) -> list[str]:
    """The unit of scale-out work: (rulebook, chunk of cases) → their result lines, in order.
    Nothing is shared but the per-process compiled rulebook, so any worker may run any chunk."""
    return _lines(compiled_rulebook(sources), jobs, proofs, evaluator, cross_check)


def _lines(rulebook: Rulebook, jobs: list[Job], proofs: str, evaluator: str, cross_check: float) -> list[str]:
    results = _assessed(rulebook, jobs, proofs, evaluator, cross_check, _result_text)
    return [_encoded(rulebook, job, result)[0].decode("utf-8") for job, result in zip(jobs, results)]


@dataclass(frozen=True)
class Results:
    """A chunk's result lines as they are written (UTF-8, whole lines) and the summary's counts of them.

    What a batch worker sends back instead of a list of lines: one bytes object pickles and
    writes (one write(2) per chunk) for a fraction of 250 strings, and the counts are taken from
    the result dicts the worker already has, where the parent used to parse every line again
    (`json.loads` of ≈ 6 KB with `--proofs why`: ≈ 40 µs a case, two thirds of the parent's work)."""

    text: bytes
    count: int
    stats: BatchStats

    def lines(self) -> list[str]:
        """The lines one by one (a line ends at "\\n" only: JSON escapes it inside strings)."""
        return [line + "\n" for line in self.text.decode("utf-8").split("\n")[:-1]]

    @classmethod
    def of_lines(cls, lines: list[str]) -> Results:
        """Lines from elsewhere (the Dask runner), counted by reading them back."""
        stats = BatchStats()
        for line in lines:
            stats.add(line)
        return cls("".join(lines).encode("utf-8"), len(lines), stats)


def _results(rulebook: Rulebook, jobs: list[Job], proofs: str, evaluator: str, cross_check: float) -> Results:
    """A chunk assessed, as `Results`: the same lines as `_lines`, counted from their dicts."""
    stats, lines = BatchStats(), []
    for job, result in zip(jobs, _assessed(rulebook, jobs, proofs, evaluator, cross_check, _result_text)):
        line, written = _encoded(rulebook, job, result)
        lines.append(line)
        if isinstance(written, _Line):
            stats.add_counts(written.counted, written.conflicts)
        else:
            stats.add_result(written)
    return Results(b"".join(lines), len(lines), stats)


def _encoded(rulebook: Rulebook, job: Job, result: _Line | dict) -> tuple[bytes, _Line | dict]:
    """A result's line in UTF-8 and what was written (`_safe`'s error line if it could not be)."""
    if isinstance(result, _Line):
        try:
            return result.text.encode("utf-8"), result
        except UnicodeEncodeError as error:  # a lone surrogate: as `_safe` does
            result = _error_line(rulebook, job, error)
    line, written = _safe(rulebook, job, result)
    return line.encode("utf-8"), written


def safe_line(rulebook: Rulebook, job: Job, result: dict) -> str:
    """One case's output line, checked to be writable as UTF-8 (a lone surrogate from a JSON
    escape such as "\\ud800" is not), so writing it can never fail the batch."""
    return _safe(rulebook, job, result)[0]


def _safe(rulebook: Rulebook, job: Job, result: dict) -> tuple[str, dict]:
    """`safe_line` and the result it wrote (an error line in place of one that could not be written)."""
    try:
        line = dumps_line(result)
        line.encode("utf-8")
        return line, result
    except (Exception, RecursionError) as error:  # noqa: BLE001
        error_line = _error_line(rulebook, job, error)
        line = dumps_line(error_line)
        return line.encode("utf-8", "backslashreplace").decode("utf-8"), error_line


def _init_worker(compiled: bytes, proofs: str, evaluator: str, cross_check: float) -> None:
    """A pool worker starts from the parent's compiled rulebook (pickled by the parent itself, so
    nothing another user wrote is unpickled): ≈ 0.05 s instead of ≈ 0.3 s compiling it again,
    which matters because workers are replaced often (`WORKER_GROWTH_MB`).
    It then assesses one case with no facts: that builds what every process builds on its first
    case (the program text with firings, explain's firing layouts: ≈ 20 ms), here once, in the
    zygote the workers are forked from, instead of in each worker (≈ 130 of them per 100k cases).
    Its clingo symbols are the rules' own, which every worker would make anyway."""
    global _TASK
    rulebook = pickle.loads(compiled)
    rulebook.engine(evaluator)
    _TASK = (rulebook, proofs, evaluator, cross_check)
    assess_jobs(rulebook, [Job(-1, "warm-up", line='{"facts": []}')], proofs, evaluator)
    release_freed_memory()  # what the warm-up's clingo call freed (≈ 7 MB), before workers share the pages
    freeze_long_lived()


def _work(jobs: list[Job]) -> list[str]:
    """A chunk's lines, in a pool worker (the Dask runner's children use it)."""
    lines = _lines(_TASK[0], jobs, *_TASK[1:])
    release_freed_memory()  # the chunk's models and lines are gone: give their pages back
    return lines


def _work_results(jobs: list[Job]) -> list[Results]:
    """A chunk as one `Results`, in a `jiuze batch` pool worker."""
    results = _results(_TASK[0], jobs, *_TASK[1:])
    release_freed_memory()
    return [results]


def _portable(rulebook: Rulebook) -> bytes:
    """The compiled rulebook for the workers, without its evaluators (built again in each worker)."""
    bare = copy.copy(rulebook)
    bare._engines, bare.evaluator_notes = {}, []
    return pickle.dumps(bare, protocol=pickle.HIGHEST_PROTOCOL)


def dumps_line(result: dict) -> str:
    return json.dumps(result, ensure_ascii=False, sort_keys=True, default=jsondoc.json_value) + "\n"


def chunk_size_for(evaluator: str) -> int:
    """Cases per unit of work: clingo pays ≈ 10 ms per call, so it gets `BATCH_CHUNK`; pyDatalog 16."""
    return BATCH_CHUNK if evaluator == CLINGO else 16


BATCH_CHUNK = 250
"""Cases per clingo call and per unit of work in `jiuze batch`.  Measured (bench/RESULTS.md, issue 12
memory): CPU per case at 250 is within noise of 1,000 (`--proofs none` 1.06 vs 1.06 ms; 100 costs
1.34), while everything a chunk holds at once — clingo's ground program, the chunk's relations and
models in the worker, its result lines in flight to the parent (≈ 9 KB a case with `--proofs why`)
— is a quarter of it: peak tree RSS at 10k, 2 workers, `--proofs why` 506 → 350 MB."""

WORKER_GROWTH_MB = 6
"""A batch worker is replaced once its resident memory has grown by this much since its first
chunk.  clingo keeps every symbol it has made (≈ 15–20 MB per 1,000 new generated cases with
`--proofs why`) and a fresh Control does not help; how fast a worker grows depends on the rulebook
and the cases, so it is measured, not guessed as a count.  Workers are forked from the pool's
zygote (evaluate/zygote.py) in ≈ 8 ms, so they can be replaced often, and the memory that buys
goes into bigger chunks (`FORKED_BATCH_CHUNK`).  2 workers, `--proofs why`, 10k generated cases
(bench/RESULTS.md): growth 40 / chunks of 250: 1.59–1.67 ms CPU a case, 284–288 MB peak summed
RSS; 15 / 250: 1.06–1.12 ms (a later main), 251–255 MB; 10 / 400: 0.98–1.01 ms, 275–294 MB;
6 / 400: 0.98–1.00 ms, 282–284 MB; 8 / 500: 0.98 ms, 310–312 MB (over the 300 MB target);
15 / 1,000: 0.98 ms, 437 MB."""

FORKED_BATCH_CHUNK = 400
"""Cases per clingo call and per unit of work when the pool forks its workers (see above); clingo's
≈ 10–20 ms fixed cost per call is then shared by 400 cases instead of 250."""

EXEC_WORKER_GROWTH_MB = 40
"""The same where workers cannot be forked and each is a fresh interpreter (≈ 0.19 s CPU to import
jiuze and load the rulebook): replaced less often."""


def run(
    sources: list[RuleSource],
    jobs: Iterable[Job],
    workers: int = 1,
    proofs: str = "none",
    compiled: Rulebook | None = None,
    evaluator: str = CLINGO,
    cross_check: float = 0.0,
) -> Iterator[str]:
    """Result lines in input order (`run_chunks`, line by line)."""
    for results in run_chunks(sources, jobs, workers, proofs, compiled, evaluator, cross_check):
        yield from results.lines()


def run_chunks(
    sources: list[RuleSource],
    jobs: Iterable[Job],
    workers: int = 1,
    proofs: str = "none",
    compiled: Rulebook | None = None,
    evaluator: str = CLINGO,
    cross_check: float = 0.0,
) -> Iterator[Results]:
    """The result lines in input order, a chunk at a time; with workers > 1, processes share nothing but
    the compiled rulebook and run the same unit of work as Dask (a chunk of cases → lines), a bounded
    number of chunks at a time, each worker replaced once it has grown by `WORKER_GROWTH_MB` (clingo's
    symbols are never freed).  An already `compiled` rulebook of these sources is reused (in this
    process, or sent to workers)."""
    size = chunk_size_for(evaluator)
    forked = workers > 1 and forks_workers()
    if forked and evaluator == CLINGO:
        size = FORKED_BATCH_CHUNK
    rulebook = compiled or Rulebook(sources)
    if workers <= 1:
        for chunk in chunks(jobs, size):
            yield _results(rulebook, chunk, proofs, evaluator, cross_check)
        return
    start = (_portable(rulebook), proofs, evaluator, cross_check)
    window = 2 * workers  # chunks in flight: one being written, one being computed per worker
    growth = WORKER_GROWTH_MB if forked else EXEC_WORKER_GROWTH_MB
    yield from ordered_map(
        _work_results, jobs, workers, _init_worker, start, chunk_size=size, window=window, growth_mb=growth
    )
