"""Loading a rulebook (a directory of .jz files, one file, or the built-in
national rulebook), checking it, compiling it, and evaluating cases on it.

Files of a directory load in one fixed order: every `*.jz` below it, sorted
by relative path (so `00-词汇.jz` comes before `06-追究情形.jz`).
"""

from __future__ import annotations

import datetime
import functools
import gc
import hashlib
import importlib.util
import os
import threading
from collections import deque
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable, Iterator

from jiuze.cases.vocabulary import concluded_problem, fact_shapes, stateable
from jiuze.compile import overlay, overlay_checks, parameters
from jiuze.compile.overlay import OverlayInfo
from jiuze.compile.program import Fact, Program, compile_modules
from jiuze.evaluate.bounded import DEFAULT_SECONDS, EvaluationTimeout
from jiuze.evaluate.evaluators import CLINGO, PYDATALOG, Evaluator, case_name, differing_relations, make_evaluator
from jiuze.explain.model import Model
from jiuze.language import ast
from jiuze.language.errors import ERROR, WARNING, Finding, JiuzeError
from jiuze.language.source import Span, not_utf8_message, not_utf8_span
from jiuze.rulebook import cache as rulebook_cache

NATIONAL = "national"


@dataclass(frozen=True)
class RuleSource:
    """One rule file: the name shown to users, and its text."""

    name: str
    text: str


def national_sources() -> list[RuleSource]:
    """The national rulebook: the working directory's `logic/national` when it differs from the
    installed copy (a drafter's edits are never silently ignored), else the one shipped in the package."""
    return _working_copy() or installed_national_sources()


@functools.lru_cache(maxsize=1)
def _installed() -> tuple[RuleSource, ...]:
    """Read from the package's directory (importlib.resources, ≈2 ms of imports, only for a zipped install)."""
    spec = importlib.util.find_spec("jiuze.logic")
    folders = [os.path.join(p, NATIONAL) for p in ((spec and spec.submodule_search_locations) or ())]
    folder = next((Path(f) for f in folders if os.path.isdir(f)), None)
    if folder is None:
        from importlib import resources

        return _read_national(resources.files("jiuze.logic").joinpath(NATIONAL))
    return _read_national(folder)


def _read_national(folder) -> tuple[RuleSource, ...]:
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".jz")), key=lambda f: f.name)
    return tuple(RuleSource(f"{NATIONAL}/{f.name}", f.read_text(encoding="utf-8")) for f in files)


def installed_national_sources() -> list[RuleSource]:
    """The national rulebook shipped inside the package."""
    return list(_installed())


def _working_copy() -> list[RuleSource] | None:
    folder = Path("logic") / NATIONAL
    files = sorted(folder.glob("*.jz"), key=lambda f: f.name) if folder.is_dir() else []
    local = [RuleSource(f"{NATIONAL}/{f.name}", _read(f)) for f in files]
    return local if local and tuple(local) != _installed() else None


def working_copy_note() -> str | None:
    """Said by every command that uses the working directory's national rules instead of the installed ones."""
    if _working_copy() is None:
        return None
    return f"提示：使用当前目录的 {Path('logic') / NATIONAL}（与安装的全国规则库不同），而不是安装的副本。"


def configured_rules() -> str | None:
    """`rules = "路径"` in ./jiuze.toml: the rulebook commands use when no --rules is given."""
    config = Path("jiuze.toml")
    if not config.is_file():
        return None
    import tomllib  # here, not at the top: only a directory with a jiuze.toml needs it

    try:
        data = tomllib.loads(_read(config))
    except tomllib.TOMLDecodeError as error:
        raise JiuzeError(
            [_io_finding(str(config), f"jiuze.toml 格式有误：{error}", '写成 rules = "logic/provinces/某省"。')]
        )
    rules = data.get("rules")
    if not isinstance(rules, str):
        raise JiuzeError([_io_finding(str(config), "jiuze.toml 中没有 rules", '写成 rules = "logic/provinces/某省"。')])
    return str(config.parent / rules)


def sources_at(path: str | Path) -> list[RuleSource]:
    """The .jz files of a directory (recursively, sorted) or a single file."""
    path = Path(path)
    if path.is_dir():
        files = sorted(path.rglob("*.jz"), key=lambda p: p.relative_to(path).as_posix())
        if not files:
            raise JiuzeError(
                [_io_finding(str(path), "目录中没有 .jz 规则文件", "规则库是含 .jz 文件的目录或单个 .jz 文件。")]
            )
    elif path.is_file():
        files = [path]
    else:
        raise JiuzeError([_io_finding(str(path), "找不到规则文件或目录", "检查路径是否正确。")])
    return [RuleSource(str(f), _read(f)) for f in files]


def _read(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise JiuzeError([_io_finding(str(path), f"无法读取文件：{error.strerror}", "检查文件权限。")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        span = not_utf8_span(str(path), data, error)
        raise JiuzeError([Finding(span, "io", not_utf8_message(data, error), "请把文件另存为 UTF-8 编码。")])


def _io_finding(path: str, message: str, hint: str) -> Finding:
    return Finding(Span(path, 1, 1), "io", message, hint)


def parse_sources(sources: Iterable[RuleSource], cache: bool = False) -> tuple[list[ast.Module], list[Finding]]:
    """`cache`: each file's parse is kept in the user's cache by its name and text, so the first
    run after editing one rule file parses that file only (the national rulebook has 24)."""
    parse: Callable[[str, str], tuple[ast.Module, list[Finding]]]
    if cache:
        parse = rulebook_cache.parsed_text  # imports Lark only for a file it has not seen
    else:
        from jiuze.language.parser import parse_text

        parse = parse_text
    modules, findings = [], []
    for source in sources:
        module, found = parse(source.text, source.name)
        modules.append(module)
        findings.extend(found)
    return modules, findings


Parsed = tuple[list[ast.Module], list[Finding]]  # parse_sources' result, passed on so nothing parses twice


def check_sources(
    sources: Iterable[RuleSource], parsed: Parsed | None = None
) -> tuple[list[ast.Module], list[Finding]]:
    """Parse (applying overlays to their bases) and check; every finding, sorted.  `parsed`: the
    sources' own parse when the caller has it (`jiuze check` also hands it to the semantic check)."""
    from jiuze.checks.rules import check_modules  # not needed when a rulebook comes from the cache

    modules, findings, _ = load_modules(list(sources), parsed=parsed)
    findings.extend(check_modules(modules))
    return modules, sorted(set(findings))


def load_modules(
    sources: list[RuleSource], seen: tuple = (), resolve: bool = True, cache: bool = False, parsed: Parsed | None = None
) -> tuple[list[ast.Module], list[Finding], OverlayInfo | None]:
    """Modules of a rulebook; an overlay (依据 …) is applied to its base, loaded first.

    `resolve`: replace parameter names by their values in force (done once, on the whole stack).
    `cache`: parses come from / go to the user's cache (parse_sources).  `parsed`: `sources`' parse, if done."""
    modules, findings = (list(parsed[0]), list(parsed[1])) if parsed is not None else parse_sources(sources, cache)
    header = overlay.base_of(modules)
    info = None
    if header is not None:
        base_sources = _base_sources(header, sources, seen)
        base, base_findings, _ = load_modules(base_sources, seen + (header.value,), resolve=False, cache=cache)
        modules, overlay_findings, info = overlay.apply(base, modules)
        findings += base_findings + overlay_findings
    if resolve:
        modules, parameter_findings = parameters.resolve(modules)
        findings += parameter_findings
    return modules, findings, info


def base_sources_for(header: ast.OverlayHeader, sources: list[RuleSource]) -> list[RuleSource]:
    """The rule files an overlay's `依据` names (the national rulebook or another overlay)."""
    return _base_sources(header, sources, ())


def base_rulebook_sources(sources: list[RuleSource]) -> list[RuleSource]:
    """The base of an overlay (the national rulebook for a rulebook that is not one)."""
    modules, _ = parse_sources(sources)
    header = overlay.base_of(modules)
    return national_sources() if header is None else base_sources_for(header, sources)


def _base_sources(header: ast.OverlayHeader, sources: list[RuleSource], seen: tuple) -> list[RuleSource]:
    target = base_directory(header, seen)
    return national_sources() if target is None else sources_at(target)


def base_directory(header: ast.OverlayHeader, seen: tuple = ()) -> str | None:
    """The directory an overlay's 依据 names (None: the national rulebook), after refusing a cycle, a base
    outside the project and a missing directory.  Shared by loading and the language server."""
    if header.value is None:
        return None
    if header.value in seen:
        raise JiuzeError(
            [
                Finding(
                    header.span,
                    "overlay-cycle",
                    f"实施办法的依据成环：{header.value}",
                    "依据 应指向全国规则库或上一级实施办法。",
                )
            ]
        )
    here = Path(header.span.file).parent
    target = os.path.normpath(here / str(header.value))
    refusal = _base_refusal(here, target)
    if refusal is not None:
        raise JiuzeError(
            [Finding(header.span, "base-outside-project", f"实施办法的依据“{header.value}”{refusal}", BASE_HINT)],
            {header.span.file: _read(Path(header.span.file))},
        )
    if not Path(target).exists():
        raise JiuzeError(
            [
                Finding(
                    header.span,
                    "unknown-base",
                    f"找不到实施办法的依据“{header.value}”（{target}）",
                    "依据 写 全国，或上一级实施办法所在目录相对本文件的路径。",
                )
            ],
            {header.span.file: _read(Path(header.span.file))},
        )
    return target


BASE_HINT = (
    '依据 写 全国，或本项目中上一级实施办法的目录（相对本文件，如 "../某省"）；'
    '项目之外的规则库须在项目根目录的 jiuze.toml 中列出：bases = ["路径"]。'
)


def _base_refusal(here: Path, target: str) -> str | None:
    """Why `target` may not be a base, or None.  A base is a rulebook directory inside the
    project: the tree under the nearest directory above the overlay holding a jiuze.toml
    (else the directory holding the overlay's rulebook directory, so sibling provinces
    can build on each other), or a directory the jiuze.toml names in `bases`.  Anything
    else ("/etc/passwd", "/") is refused before it is read or walked."""
    real = Path(os.path.realpath(target))
    root, allowed = _project_of(Path(os.path.realpath(here)))
    inside = real == root or root in real.parents or real in allowed
    if not inside:
        return f"不在本项目（{root}）之内"
    if real.exists() and not real.is_dir():
        return "不是规则库目录"
    return None


def _project_of(here: Path) -> tuple[Path, set[Path]]:
    """(project root, extra bases named in its jiuze.toml)."""
    for folder in (here, *here.parents):
        config = folder / "jiuze.toml"
        if config.is_file():
            return folder, _named_bases(config)
    return here.parent, set()


def _named_bases(config: Path) -> set[Path]:
    import tomllib

    try:
        data = tomllib.loads(config.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise JiuzeError([_io_finding(str(config), f"无法读取 jiuze.toml：{error}", "检查 TOML 语法。")])
    bases = data.get("bases", [])
    if not isinstance(bases, list) or not all(isinstance(b, str) for b in bases):
        raise JiuzeError([_io_finding(str(config), "jiuze.toml 中的 bases 应是路径的列表", 'bases = ["../全国"]')])
    return {Path(os.path.realpath(config.parent / b)) for b in bases}


def _gc_paused(function):
    """Run without cyclic garbage collection (restored after, even on error).

    Loading a rulebook allocates millions of objects that all stay alive (syntax trees,
    spans, the program), so the collector's full passes rescan them again and again for
    nothing: 10k rules loaded in 28 s with it and 11 s without (bench/scale_inputs.py).
    Objects are still freed by reference counting; cycles are collected afterwards."""

    @functools.wraps(function)
    def paused(*args, **kwargs):
        enabled = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()

    return paused


class Rulebook:
    """A checked, compiled rulebook bound to its evaluators.

    `evaluator` None: `evaluate` (one case, interactive) uses pyDatalog and `evaluate_many`
    (many cases) clingo, each the faster for its job (docs/batch.md); a name uses that one for both.
    Every evaluation is bounded by `time_limit` seconds (None: unbounded).  `cache`: reuse the
    checked, compiled rulebook from the user's cache (cache.py) and store it there.
    `nonconforming_ok`: Art 28 findings do not stop an overlay from loading (jiuze diff shows
    their consequences); they stay as warnings."""

    @_gc_paused
    def __init__(
        self,
        sources: list[RuleSource],
        nonconforming_ok: bool = False,
        evaluator: str | None = None,
        time_limit: float | None = DEFAULT_SECONDS,
        name: str | None = None,
        cache: bool = False,
    ):
        self.rule_sources = list(sources)  # what a worker process needs to build the same rulebook
        self.name = name or _rulebook_name(self.rule_sources)
        self.sources = {s.name: s.text for s in sources}
        compiled = _compiled(self.rule_sources, self.sources, cache and not nonconforming_ok, nonconforming_ok)
        self.program, self.warnings, self.overlay, self.parameters = compiled
        self._sources_digest = sources_digest(self.rule_sources)
        self.digest = self._sources_digest[:16]  # stored in batch output lines
        # a case's relations may be remembered (evaluate) when the compiled rulebook itself may be cached
        self._remembers = (
            cache
            and not nonconforming_ok
            and self.overlay is None
            and rulebook_cache.worth_caching(sum(len(s.text) for s in sources))
        )
        self.evaluator = evaluator
        self.cache = cache  # a base rulebook it falls back on (in_force_on) is loaded the same way
        self.time_limit = time_limit
        self._engines: dict[str, Evaluator] = {}
        self.evaluator_notes: list[str] = []  # why another evaluator stood in, per evaluator asked for

    @classmethod
    def load(
        cls,
        path: str | Path | None = None,
        evaluator: str | None = None,
        time_limit: float | None = DEFAULT_SECONDS,
        cache: bool = False,
    ) -> "Rulebook":
        """`path` None: the built-in national rulebook."""
        if path is not None and not isinstance(path, (str, os.PathLike)):
            raise TypeError(
                f"Rulebook.load 的参数应是目录或 .jz 文件的路径（str 或 Path），这里是 {type(path).__name__}"
            )
        sources = national_sources() if path is None else sources_at(path)
        name = None if path is None else str(path)
        book = cls(sources, evaluator=evaluator, time_limit=time_limit, name=name, cache=cache)
        book.path = None if path is None else str(path)
        return book

    path: str | None = None

    @property
    def identity(self) -> Identity:
        return identity(self.path, self.rule_sources, self.overlay)

    @classmethod
    def from_text(cls, text: str, name: str = "<规则>", evaluator: str | None = None) -> "Rulebook":
        if not isinstance(text, str) or not isinstance(name, str):
            raise TypeError("Rulebook.from_text 的 text 和 name 应是字符串")
        return cls([RuleSource(name, text)], evaluator=evaluator, name=name)

    def in_force_on(self, day) -> "Rulebook":
        """The rulebook governing conduct on `day`: this one, or — for conduct before an overlay's
        施行日期 — its base (and so on down to the national rules)."""
        info = self.overlay
        if info is None or info.effective is None or day is None or day >= info.effective:
            return self
        modules, _ = parse_sources(self.rule_sources, self.cache)
        header = overlay.base_of(modules)
        if header is None:  # an effective date without 依据: nothing to fall back on
            return self
        base = _base_sources(header, self.rule_sources, ())
        return Rulebook(base, evaluator=self.evaluator, time_limit=self.time_limit, cache=self.cache).in_force_on(day)

    @property
    def scenarios(self) -> tuple[ast.Scenario, ...]:
        return self.program.scenarios

    def engine(self, name: str) -> Evaluator:
        """This rulebook's evaluator `name` (pydatalog | clingo), built on first use."""
        engine = self._engines.get(name)
        if engine is None:
            engine, note = make_evaluator(name, self.program, self.time_limit)
            self._engines[name] = engine
            if note:
                self.evaluator_notes.append(note)
        return engine

    def evaluate(
        self, facts: Iterable[Fact], evaluator: str | None = None, *, inputs_only: bool = True, remember: bool = False
    ) -> Model:
        """Evaluate a case; a fact the rulebook does not declare is an error, not a silent no-op,
        and so is a case stating a conclusion of the rules (inputs_only).  A rulebook's own
        scenarios may state intermediate conclusions to test the rules above them: they pass
        inputs_only=False.  `remember` (the one-case commands): on pyDatalog, a rulebook loaded
        with the cache takes the case's derived relations from it, else evaluates and stores them
        (cache.derived_relations), so asking the same case again needs no evaluation."""
        facts = self.checked(facts, inputs_only)
        evaluator = evaluator or self.evaluator or PYDATALOG
        if remember and self._remembers and evaluator == PYDATALOG:
            case = [(f.predicate, f.values) for f in facts]
            key = repr((self._sources_digest, evaluator, self.time_limit, case))
            relations = rulebook_cache.derived_relations(key, lambda: self.relations([facts], evaluator)[0])
            return Model(self.program, facts, relations)
        return self.models([facts], evaluator)[0]

    def models(self, cases: list[list[Fact]], evaluator: str) -> list[Model]:
        """Models of checked cases, evaluated in this process in one go (clingo: one call per 1,000)."""
        return [
            Model(self.program, facts, relations) for facts, relations in zip(cases, self.relations(cases, evaluator))
        ]

    def relations(self, cases: list[list[Fact]], evaluator: str, firings: bool = False) -> list[dict]:
        """Derived relations of checked cases; past the time bound, a located Chinese error.
        `firings`: also which rules fired how, where the evaluator can say (proofs then need not match)."""
        try:
            engine = self.engine(evaluator)
            return engine.evaluate_many(cases, firings=True) if firings else engine.evaluate_many(cases)
        except EvaluationTimeout as timeout:
            raise JiuzeError([self._timeout_finding(cases, timeout)])

    def cross_check(self, cases: list[list[Fact]], relations: list[dict], evaluator: str) -> None:
        """Evaluate `cases` again on the other evaluator; a difference is a JiuzeError naming the case and atoms."""
        other = PYDATALOG if self.engine(evaluator).name == CLINGO else CLINGO
        for facts, mine, theirs in zip(cases, relations, self.relations(cases, other)):
            names = differing_relations(mine, theirs)
            if names:
                raise mismatch(self, facts, names, mine, theirs, (evaluator, other))

    def evaluate_many(
        self, cases: Iterable, workers: int = 1, chunk_size: int | None = None, evaluator: str | None = None
    ) -> Iterator[Model]:
        """Models of many cases, in input order, read and evaluated lazily.

        A case is an iterable of facts or anything with `.facts` (a loaded case
        file).  Cases are evaluated a chunk at a time (clingo: 1,000 per call;
        pyDatalog: 16); with workers > 1, each worker process compiles this
        rulebook once and evaluates chunks.  Facts are checked here first, so a bad
        case raises at its place in the sequence, as with one worker.
        """
        _check_many_arguments(cases, workers, chunk_size)  # now, not at the first next()
        return self._evaluate_many(cases, workers, chunk_size, evaluator)

    def _evaluate_many(
        self, cases: Iterable, workers: int, chunk_size: int | None, evaluator: str | None
    ) -> Iterator[Model]:
        evaluator = evaluator or self.evaluator or CLINGO
        chunk_size = chunk_size or (CLINGO_CHUNK if evaluator == CLINGO else 16)
        if workers <= 1:
            yield from self._in_process(cases, evaluator, chunk_size)
            return
        checked = (self.checked(getattr(case, "facts", case)) for case in cases)
        in_flight: deque[list[Fact]] = deque()  # the facts stay here; only relations come back

        def sent():
            for facts in checked:
                in_flight.append(facts)
                yield facts

        from jiuze.evaluate.parallel import ordered_map  # multiprocessing: only for workers > 1

        start = (self.rule_sources, evaluator, self.time_limit)
        for derived in ordered_map(
            _evaluate_chunk, sent(), workers, _start_worker, start, chunk_size, growth_mb=WORKER_GROWTH_MB
        ):
            yield Model(self.program, in_flight.popleft(), derived)

    def _in_process(self, cases: Iterable, evaluator: str, chunk_size: int) -> Iterator[Model]:
        """Chunks evaluated here; a bad case raises after the models of the cases before it."""
        chunk: list[list[Fact]] = []
        for case in cases:
            try:
                chunk.append(self.checked(getattr(case, "facts", case)))
            except JiuzeError:
                yield from self.models(chunk, evaluator)
                raise
            if len(chunk) >= chunk_size:
                yield from self.models(chunk, evaluator)
                chunk = []
        yield from self.models(chunk, evaluator)

    def checked(self, facts: Iterable[Fact], inputs_only: bool = True) -> list[Fact]:
        """The facts of one case, checked: declared, typed, and (inputs_only) no conclusion of the rules."""
        facts = _fact_list(facts)
        shapes = fact_shapes(self.program, inputs_only)
        plain = _PLAIN_TYPES.issuperset
        problems = [
            problem
            for f in facts
            if not (  # the common case, decided at once: a stateable predicate, its arity, plain values
                type(f.predicate) is str
                and type(f.values) is tuple
                and shapes.get(f.predicate) == len(f.values)
                and plain(map(type, f.values))
            )
            and (problem := _fact_problem(f, self.program, inputs_only)) is not None
        ]
        if problems:
            raise JiuzeError(problems)
        return facts

    def _timeout_finding(self, cases: list[list[Fact]], timeout: EvaluationTimeout) -> Finding:
        names = [case_name(facts) for facts in cases]
        which = names[0] if len(names) == 1 else f"{names[0]} 至 {names[-1]} 这 {len(names)} 件案件中的某件"
        return Finding(
            Span(names[0], 0, 0),
            "evaluation-timeout",
            f"规则库 {self.name} 对案件 {which} 的求值超过 {timeout.seconds:g} 秒仍未结束（求值器 {timeout.evaluator}），已停止",
            "检查递归规则是否会不断产生新值（如 p(X + 1) 若 p(X)）；案件确实很大时，可改用 --evaluator clingo 或放宽时间限制。",
        )


def _compiled(sources: list[RuleSource], texts: dict[str, str], cache: bool, nonconforming_ok: bool) -> tuple:
    """(program, warnings, overlay info, parameters): from the cache when allowed and present, else
    checked and compiled.  An overlay is never cached: its base is read from other files, which the
    key does not cover.  A very large rulebook is not cached (cache.MAX_CACHED_TEXT)."""
    cache = cache and rulebook_cache.worth_caching(sum(len(s.text) for s in sources))
    digest = sources_digest(sources) if cache else ""
    if cache:
        cached = rulebook_cache.load(digest)
        if isinstance(cached, tuple) and len(cached) == 4 and isinstance(cached[0], Program):
            return cached
    from jiuze.checks.rules import check_modules  # not needed when the rulebook comes from the cache

    modules, findings, info = load_modules(list(sources), resolve=False, cache=cache)
    places = parameters.places_in_force(modules)  # name -> (value, where it was set)
    modules, parameter_findings = parameters.resolve(modules)
    findings = sorted(set(findings + parameter_findings + check_modules(modules)))
    if nonconforming_ok:
        findings = [replace(f, severity=WARNING) if f.code in overlay_checks.CODES else f for f in findings]
    if any(f.severity == ERROR for f in findings):
        raise JiuzeError(findings, texts)
    warnings = [f for f in findings if f.severity != ERROR]
    compiled = (replace(compile_modules(modules), overlay=info), warnings, info, places)
    if cache and info is None:
        rulebook_cache.store(digest, compiled)
    return compiled


CLINGO_CHUNK = 1000  # cases per clingo call: below ~100, its fixed 10–17 ms per call dominates
WORKER_GROWTH_MB = 40
"""An `evaluate_many` worker is replaced once its resident memory has grown by this much since its
first chunk: clingo never frees a symbol (≈ 9 MB per 1,000 new cases), and how fast a worker grows
depends on the rulebook and the cases, so it is measured, not guessed as a count (as `jiuze batch`
does).  Workers are forked from the pool's zygote, so a replacement costs ≈ 8 ms, not ≈ 0.5 s."""


class EvaluatorMismatch(JiuzeError):
    """The two evaluators disagree on a case: a bug in one of them, never the user's input."""

    def __reduce__(self):  # crosses process boundaries (batch workers, Dask) whole
        return (EvaluatorMismatch, (self.findings, self.sources))


def mismatch(rulebook: "Rulebook", facts, names, mine, theirs, evaluators) -> EvaluatorMismatch:
    """The error naming the case and the atoms only one evaluator derived (at most 5 per relation and side)."""
    atoms = []
    for name in names:
        for label, rows, other in ((evaluators[0], mine, theirs), (evaluators[1], theirs, mine)):
            extra = sorted(map(str, rows.get(name, set()) - other.get(name, set())))
            atoms += [f"只有 {label} 得出 {name}{row}" for row in extra[:5]]
    case = case_name(facts)
    finding = Finding(
        Span(case, 0, 0),
        "evaluator-mismatch",
        f"规则库 {rulebook.name} 对案件 {case}，两个求值器的结论不同：" + "；".join(atoms),
        "这是 jiuze 的缺陷，不是输入的问题：请保留这个案件并报告。",
    )
    return EvaluatorMismatch([finding])


def _rulebook_name(sources: list[RuleSource]) -> str:
    if sources and all(s.name.startswith(f"{NATIONAL}/") for s in sources):
        return "全国规则库"
    return sources[0].name if len(sources) == 1 else f"{sources[0].name} 等 {len(sources)} 个文件"


@dataclass(frozen=True)
class Identity:
    """Which rulebook a command used: shown by every evaluating command, stored in batch output."""

    name: str
    path: str
    digest: str  # sources_digest, first 16 hex digits

    def text(self) -> str:
        return f"规则库：{self.name}（{self.path}，摘要 {self.digest}）"

    def data(self) -> dict:
        return {"name": self.name, "path": self.path, "digest": self.digest}


def identity(path: str | Path | None, sources: list[RuleSource], info: OverlayInfo | None = None) -> Identity:
    if path is None:
        local = _working_copy() is not None
        name, where = (
            ("全国规定（当前目录）", str(Path("logic") / NATIONAL)) if local else ("全国规定（内置）", NATIONAL)
        )
    else:
        name, where = Path(path).name, str(path)
    name = (info.name if info is not None else None) or name
    return Identity(name, where, sources_digest(sources)[:16])


def rulebook_digest(sources: list[RuleSource]) -> str:
    return sources_digest(sources)[:16]


_COMPILED: dict[str, Rulebook] = {}  # per process: sources digest → rulebook
_COMPILED_LOCK = threading.Lock()
_COMPILED_KEPT = 4  # a long-lived worker may serve several rulebooks; keep the last few


def sources_digest(sources: list[RuleSource]) -> str:
    """Identifies a rulebook by its files' names and texts (what a compile depends on)."""
    digest = hashlib.sha256()
    for source in sources:
        for part in (source.name, source.text):
            data = part.encode("utf-8", "surrogatepass")  # a text from the API may hold a lone surrogate
            digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def compiled_rulebook(sources: list[RuleSource], time_limit: float | None = DEFAULT_SECONDS) -> Rulebook:
    """This process's rulebook for `sources`, compiled on first use only."""
    key = sources_digest(sources) + f":{time_limit}"
    with _COMPILED_LOCK:  # threads of one worker must not compile the same rulebook twice
        rulebook = _COMPILED.get(key)
        if rulebook is None:
            if len(_COMPILED) >= _COMPILED_KEPT:
                _COMPILED.pop(next(iter(_COMPILED)))
            rulebook = _COMPILED[key] = Rulebook(sources, time_limit=time_limit)
        return rulebook


_WORKER: list = []  # a pool worker's (rulebook sources, evaluator, time limit)


def _start_worker(sources: list[RuleSource], evaluator: str, time_limit: float | None) -> None:
    _WORKER[:] = [sources, evaluator, time_limit]
    from jiuze.evaluate.parallel import freeze_long_lived

    compiled_rulebook(sources, time_limit).engine(evaluator)
    freeze_long_lived()


def _evaluate_chunk(chunk: list[list[Fact]]) -> list[dict]:
    """In a worker: derived relations per case (the parent turns them into models)."""
    sources, evaluator, time_limit = _WORKER
    return compiled_rulebook(sources, time_limit).relations(chunk, evaluator)


def _check_many_arguments(cases, workers, chunk_size) -> None:
    """evaluate_many's arguments, checked when it is called (a bad one used to return nothing silently)."""
    for name, value in (("workers", workers), ("chunk_size", chunk_size)):
        if value is None and name == "chunk_size":
            continue  # the evaluator's own chunk size
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"evaluate_many 的 {name} 应是正整数，这里是 {type(value).__name__}")
        if value < 1:
            raise ValueError(f"evaluate_many 的 {name} 应是正整数（至少 1），这里是 {value}")
    if isinstance(cases, (str, bytes)) or not isinstance(cases, Iterable):
        raise TypeError(f"evaluate_many 的 cases 应是案件的序列（每个案件是事实的序列），这里是 {type(cases).__name__}")


def _fact_list(facts) -> list[Fact]:
    """The facts of one case, each a Fact: anything else is the caller's mistake, said plainly."""
    if isinstance(facts, (str, bytes, Fact)) or not isinstance(facts, Iterable):
        raise TypeError(f"一个案件应是 Fact 的序列（或有 .facts 的已加载案件），这里是 {type(facts).__name__}")
    facts = list(facts)
    for fact in facts:
        if not isinstance(fact, Fact):
            raise TypeError(f"案件中的每一项应是 jiuze.Fact，这里有 {type(fact).__name__}：{fact!r:.80}")
    return facts


VALUE_TYPES = (str, int, datetime.date)
_PLAIN_TYPES = frozenset(VALUE_TYPES)  # exactly these types (bool is an int, but not a value)


def _fact_problem(fact: Fact, program: Program, inputs_only: bool = True) -> Finding | None:
    if not isinstance(fact.source, str):
        fact = replace(fact, source=str(fact.source))
    span = Span(fact.source, 0, 0)
    if not isinstance(fact.predicate, str) or not isinstance(fact.values, tuple):
        return Finding(
            span,
            "bad-fact",
            f"事实 {fact.predicate!r} 的谓词应是字符串、值应是元组",
            "如 Fact('办案人', ('张三', '案1'), '来源')。",
        )
    wrong = [v for v in fact.values if isinstance(v, bool) or not isinstance(v, VALUE_TYPES)]
    if wrong:
        return Finding(
            span,
            "bad-value",
            f"事实 {fact.predicate}{fact.values!r:.80} 的值 {wrong[0]!r:.40} 是 {type(wrong[0]).__name__}，不受支持",
            "值只能是文字（str）、整数（int）或日期（datetime.date）；真假不是值，陈述或不陈述这条事实即可。",
        )
    declaration = program.declarations.get(fact.predicate)
    if declaration is None or fact.predicate.startswith("#"):
        return Finding(
            span,
            "undeclared-predicate",
            f"事实 {fact.predicate}{fact.values} 的谓词没有声明",
            "检查谓词名是否写错；jiuze vocab 列出可用的谓词。",
        )
    if inputs_only and fact.predicate not in stateable(program):
        return Finding(span, "concluded-predicate", *concluded_problem(fact.predicate))
    if declaration.arity != len(fact.values):
        return Finding(
            span,
            "arity-mismatch",
            f"“{fact.predicate}”应有 {declaration.arity} 个参数，这里有 {len(fact.values)} 个",
            "按声明补齐或删去参数。",
        )
    return None
