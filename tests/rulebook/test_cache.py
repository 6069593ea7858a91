"""The compiled-rulebook cache: same answers, owner-only, data not code, ignored when odd."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from jiuze import Rulebook, load_case
from jiuze.cli.main import main
from jiuze.reports.scenarios import report, run_all
from jiuze.rulebook import cache
from jiuze.rulebook.rulebook import national_sources, sources_digest

REPO = Path(__file__).resolve().parents[2]
SPAN = ["file", "line", "column", "end_line", "end_column", "pointer"]
EXAMPLE = str(REPO / "examples" / "coerced-confession.jz")


@pytest.fixture
def folder(tmp_path, monkeypatch):
    target = tmp_path / "cache"
    monkeypatch.setenv("JIUZE_CACHE_DIR", str(target))
    return target


def entry(folder: Path) -> Path:
    (found,) = folder.glob("*.json")
    return found


def test_a_cached_rulebook_answers_exactly_as_a_compiled_one(folder):
    fresh = Rulebook.load(cache=True)
    assert oct(folder.stat().st_mode & 0o777) == "0o700" and oct(entry(folder).stat().st_mode & 0o777) == "0o600"
    cached = Rulebook.load(cache=True)
    assert cached.program == fresh.program and cached.program is not fresh.program
    assert [r.id for r in cached.program.rules] == [r.id for r in fresh.program.rules]
    assert report(run_all(cached)) == report(run_all(fresh))


def test_explain_is_byte_identical_with_and_without_the_cache(folder):
    args = ["explain", EXAMPLE, "应当追究(P, C)"]
    outputs = [CliRunner().invoke(main, args).output for _ in range(2)]
    outputs.append(CliRunner().invoke(main, ["explain", "--no-cache", *args[1:]]).output)
    assert len(set(outputs)) == 1 and "第六条" in outputs[0]
    assert len(list(folder.glob("*.json"))) == 1


def test_a_case_s_relations_are_remembered_by_the_one_case_commands_only(folder):
    """jiuze explain stores the case's derived relations and a second run reads them back (same output);
    a rulebook caller evaluating without `remember` never stores any."""
    args = ["explain", EXAMPLE, "应当追究(P, C)"]
    first = CliRunner().invoke(main, args)
    (stored,) = folder.glob("*.relations")
    assert oct(stored.stat().st_mode & 0o777) == "0o600"
    again = CliRunner().invoke(main, args)
    assert first.output == again.output and "第六条" in first.output
    stored.unlink()
    book = Rulebook.load(cache=True)
    book.evaluate([], inputs_only=True)
    assert not list(folder.glob("*.relations"))


@pytest.mark.parametrize(
    "spoil",
    [
        lambda path: path.write_text("{ not json", encoding="utf-8"),
        lambda path: path.write_text(json.dumps({"kinds": [], "columns": [], "root": ["l", "a"]})),
        lambda path: path.write_text(json.dumps({"kinds": [], "columns": [], "root": ["d", "应当追究", ["l"]]})),
        lambda path: path.write_text(json.dumps({"kinds": [], "columns": [], "root": ["d", "应当追究", ["s", "a"]]})),
    ],
    ids=["corrupt", "not-a-dict", "rows-not-a-set", "row-not-a-tuple"],
)
def test_spoilt_relations_are_ignored_and_evaluated_again(folder, spoil):
    args = ["explain", EXAMPLE, "应当追究(P, C)"]
    expected = CliRunner().invoke(main, args).output
    (stored,) = folder.glob("*.relations")
    spoil(stored)
    os.chmod(stored, 0o600)
    assert CliRunner().invoke(main, args).output == expected


def test_remembered_relations_are_those_of_an_evaluation(folder):
    book = Rulebook.load(cache=True)
    facts = load_case(EXAMPLE, book.program).facts
    evaluated = book.evaluate(facts)
    stored = book.evaluate(facts, remember=True)  # evaluates and stores
    read = Rulebook.load(cache=True).evaluate(facts, remember=True)  # from the cache
    assert len(list(folder.glob("*.relations"))) == 1

    def rows(model):
        return {p: sorted(model.index.all(p), key=repr) for p in model.index.predicates()}

    assert rows(stored) == rows(evaluated) == rows(read) and "应当追究" in rows(read)


def test_no_cache_writes_nothing(folder):
    result = CliRunner().invoke(main, ["explain", "--no-cache", EXAMPLE, "应当追究(P, C)"])
    assert result.exit_code == 0 and not list(folder.glob("*.json"))


@pytest.mark.parametrize(
    "spoil",
    [
        lambda path: path.write_text("{ not json", encoding="utf-8"),
        lambda path: path.write_bytes(b"\xff\xfe"),
        lambda path: path.write_text(json.dumps({"kinds": [["Popen", [], "", 1]], "columns": [[]], "root": ["r", 0]})),
        lambda path: path.write_text(
            json.dumps({"kinds": [["Program", ["rules"], "v", 1]], "columns": [[[["l"]]]], "root": ["r", 0]})
        ),
        lambda path: path.write_text(json.dumps({"kinds": [["Span", SPAN, "pppppp", 1]], "columns": [[["a"], [1]]]})),
        lambda path: path.write_text(json.dumps({"kinds": [["Span", SPAN, "pppxpp", 1]], "columns": [[["a"]] * 6]})),
        lambda path: path.write_text(json.dumps({"kinds": [["Span", SPAN, "pppppp", 2]], "columns": [[["a"]] * 6]})),
        lambda path: path.write_text(json.dumps({"kinds": [], "columns": [], "root": ["exec", "print(1)"]})),
    ],
    ids=[
        "corrupt",
        "not-utf8",
        "unknown-class",
        "changed-fields",
        "wrong-field-count",
        "bad-mode",
        "miscounted",
        "unknown-tag",
    ],
)
def test_a_spoilt_entry_is_ignored_and_rebuilt(folder, spoil):
    Rulebook.load(cache=True)
    path = entry(folder)
    spoil(path)
    os.chmod(path, 0o600)
    digest = sources_digest(national_sources())
    assert cache.load(digest) is None
    book = Rulebook.load(cache=True)
    assert len(book.program.rules) > 300
    assert cache.load(digest) is not None  # written again


def test_an_entry_others_can_read_or_write_is_not_trusted(folder):
    Rulebook.load(cache=True)
    os.chmod(entry(folder), 0o644)
    assert cache.load(sources_digest(national_sources())) is None


def test_a_directory_others_can_write_is_not_used(tmp_path, monkeypatch):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    monkeypatch.setenv("JIUZE_CACHE_DIR", str(shared))
    assert cache.directory() is None
    Rulebook.load(cache=True)
    assert not list(shared.iterdir())


def test_a_changed_rule_file_is_a_different_entry(folder, tmp_path):
    rules = tmp_path / "r.jz"
    rules.write_text("谓词 p(x)。\n谓词 q(x)。\nq(X) 若 p(X)。\n", encoding="utf-8")
    first = Rulebook.load(rules, cache=True)
    rules.write_text("谓词 p(x)。\n谓词 q(x)。\n谓词 r(x)。\nr(X) 若 p(X)。\n", encoding="utf-8")
    second = Rulebook.load(rules, cache=True)
    assert [r.head.predicate for r in first.program.rules] == ["q"]
    assert [r.head.predicate for r in second.program.rules] == ["r"]
    assert len(list(folder.glob("*.json"))) == 2


def test_an_overlay_is_never_cached(folder):
    Rulebook.load(REPO / "logic" / "provinces" / "example-province", cache=True)
    assert not list(folder.glob("*.json"))


def test_after_editing_one_rule_file_only_that_file_is_parsed_again(folder, tmp_path, monkeypatch):
    rules = tmp_path / "rules"
    rules.mkdir()
    for source in national_sources():
        (rules / Path(source.name).name).write_text(source.text, encoding="utf-8")
    Rulebook.load(rules, cache=True)
    assert len(list(folder.glob("*.module"))) == len(national_sources())
    edited = sorted(rules.glob("*.jz"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n# 一处修改\n", encoding="utf-8")
    from jiuze.language import parser
    from jiuze.rulebook import rulebook as module

    parsed = []
    real = parser.parse_text
    monkeypatch.setattr(parser, "parse_text", lambda text, name: parsed.append(name) or real(text, name))
    again = Rulebook.load(rules, cache=True)
    assert [Path(p).name for p in parsed] == [edited.name]
    monkeypatch.setattr(parser, "parse_text", real)
    sources = module.sources_at(rules)
    assert module.load_modules(sources, cache=True) == module.load_modules(sources)  # the same parses
    fresh = Rulebook.load(rules)  # no cache at all (its fresh variable numbers differ: compiled again)
    assert [r.id for r in again.program.rules] == [r.id for r in fresh.program.rules]
    assert again.warnings == fresh.warnings and report(run_all(again)) == report(run_all(fresh))


def _recording_parser(monkeypatch) -> list[str]:
    """Names of the texts the Lark parser is asked to parse from now on."""
    from jiuze.language import parser

    parsed: list[str] = []
    real_text, real_atom = parser.parse_text, parser.parse_atom
    monkeypatch.setattr(parser, "parse_text", lambda text, name: parsed.append(name) or real_text(text, name))
    monkeypatch.setattr(parser, "parse_atom", lambda text: parsed.append(text) or real_atom(text))
    return parsed


def test_a_case_file_and_a_query_are_parsed_once_then_read_from_the_cache(folder, monkeypatch):
    from jiuze.cases.load import load_any_case
    from jiuze.language.parser import parse_atom

    program = Rulebook.load(cache=True).program
    plain = load_any_case(EXAMPLE, program)
    parsed = _recording_parser(monkeypatch)
    first = load_any_case(EXAMPLE, program, parse=cache.parsed_text)
    atom = cache.parsed_atom("应当追究(P, C)")
    assert parsed == [EXAMPLE, "应当追究(P, C)"]
    again = load_any_case(EXAMPLE, program, parse=cache.parsed_text)
    assert cache.parsed_atom("应当追究(P, C)") == atom and parsed == [EXAMPLE, "应当追究(P, C)"]
    assert first == again == plain
    assert atom == parse_atom("应当追究(P, C)")


def test_a_malformed_query_or_case_is_reported_as_before_and_nothing_bad_is_kept(folder, tmp_path):
    from jiuze.cases.load import load_any_case
    from jiuze.language.errors import JiuzeError

    with pytest.raises(JiuzeError) as uncached:
        from jiuze.language.parser import parse_atom

        parse_atom("应当追究(P, C")
    for _ in range(2):
        with pytest.raises(JiuzeError) as cached:
            cache.parsed_atom("应当追究(P, C")
        assert cached.value.render() == uncached.value.render()
    assert not list(folder.glob("*.atom"))
    bad = tmp_path / "坏.jz"
    bad.write_text("办案人(张三, 案1\n", encoding="utf-8")
    program = Rulebook.load(cache=True).program
    messages = set()
    for parse in (None, cache.parsed_text, cache.parsed_text):
        with pytest.raises(JiuzeError) as error:
            load_any_case(bad, program, parse=parse)
        messages.add(error.value.render())
    assert len(messages) == 1 and "坏.jz:" in messages.pop()


def test_explain_with_warm_caches_is_byte_identical_and_does_not_parse(folder, monkeypatch):
    args = ["explain", EXAMPLE, "应当追究(P, C)"]
    uncached = CliRunner().invoke(main, ["explain", "--no-cache", *args[1:]]).output
    CliRunner().invoke(main, args)
    parsed = _recording_parser(monkeypatch)
    assert CliRunner().invoke(main, args).output == uncached and parsed == []


def test_the_key_covers_the_grammar(tmp_path, monkeypatch):
    """Parses depend on grammar/jiuze.lark, which is not a Python module: editing it makes new entries."""
    grammar = tmp_path / "grammar"
    grammar.mkdir()
    (grammar / "jiuze.lark").write_text("start: A\n", encoding="utf-8")
    spec = type("Spec", (), {"submodule_search_locations": [str(grammar)]})()
    monkeypatch.setattr(cache.importlib.util, "find_spec", lambda name: spec)
    cache._code_stamp.cache_clear()
    before = cache.key("x")
    (grammar / "jiuze.lark").write_text("start: A B\n", encoding="utf-8")
    cache._code_stamp.cache_clear()
    assert cache.key("x") != before
    cache._code_stamp.cache_clear()


def test_objects_in_sets_and_keys_come_back_whole(folder):
    """A set or a dict key hashes its objects while the entry is read: they (and what they hold, down
    to a date inside a constant) are complete by then."""
    import datetime

    from jiuze.language import ast
    from jiuze.language.source import Span

    where = Span("案.jz", 1, 1)
    day = ast.Constant(datetime.date(1999, 6, 2), where)
    atoms = [ast.Atom("p", (day, ast.Constant(n, where)), where) for n in range(3)]
    value = (frozenset(atoms), {atoms[0]: [atoms[1]], "k": (day,)}, [day, None, True, "文字", 7])
    cache.store("objects-in-sets", value)
    again = cache.load("objects-in-sets")
    assert again == value and again[0] == frozenset(atoms)
    assert [a.args[0].value for a in again[0]] == [datetime.date(1999, 6, 2)] * 3


def test_the_national_rulebook_entry_reads_back(folder):
    """Not merely rebuilt each time: the entry written is the entry read."""
    compiled = Rulebook.load(cache=True).program  # an empty cache: compiled, then stored
    cached = cache.load(sources_digest(national_sources()))
    assert cached is not None and cached[0] == compiled


def test_a_rulebook_above_the_size_limit_is_neither_stored_nor_read(folder, monkeypatch, tmp_path):
    """An entry is encoded whole in memory: a 100,000-rule file through the cache peaked at 1.4 GB (issue 17)."""
    rules = tmp_path / "rules"
    rules.mkdir()
    text = '谓词 p(x) 读作 "{x}"。\n谓词 q(x) 读作 "{x}"。\n' + "".join(
        f"q(X) 若 p(X)，X != k{i}。\n" for i in range(50)
    )
    (rules / "big.jz").write_text(text, encoding="utf-8")
    monkeypatch.setattr(cache, "MAX_CACHED_TEXT", len(text) - 1)
    big = Rulebook.load(rules, cache=True)
    assert not folder.exists() or not list(folder.iterdir())
    monkeypatch.setattr(cache, "MAX_CACHED_TEXT", len(text))
    again = Rulebook.load(rules, cache=True)
    assert sorted(p.suffix for p in folder.iterdir()) == [".json", ".module"]  # compiled rulebook, file's parse
    assert again.program == big.program


def test_batch_reads_the_rulebook_from_the_cache_and_writes_the_same_lines(folder, tmp_path):
    """`jiuze batch` checks the rulebook in its own process before any case: from the cache when it
    is on (≈ 0.2 s of parsing spared per run), and `--no-cache` neither reads nor writes it."""
    outputs = []
    for extra in (["--no-cache"], [], []):
        out = tmp_path / f"out{len(outputs)}.jsonl"
        result = CliRunner().invoke(main, ["batch", EXAMPLE, "-o", str(out), "--proofs", "why", *extra])
        assert result.exit_code == 0, result.output
        outputs.append(out.read_bytes())
        assert len(list(folder.glob("*.json"))) == (0 if extra else 1)
    assert len(set(outputs)) == 1 and "第六条".encode() in outputs[0]


def test_a_cached_rulebook_holds_each_text_once_as_a_compiled_one_does(folder):
    """JSON reads every occurrence of a text as a new string; the cache shares them again, so a cached
    rulebook is as small as a compiled one, in memory and pickled for batch workers (≈ 0.8 MB, not 1.6)."""
    import pickle

    fresh = Rulebook.load(cache=True)
    cached = Rulebook.load(cache=True)
    files = {}
    for rule in cached.program.rules:
        files.setdefault(rule.span.file, set()).add(id(rule.span.file))
    assert files and all(len(ids) == 1 for ids in files.values())
    assert len(pickle.dumps(cached.program)) <= 1.02 * len(pickle.dumps(fresh.program))  # 1.33× before
