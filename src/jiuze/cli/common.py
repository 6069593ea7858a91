"""What every command shares: exit codes, the common options, and turning `JiuzeError` into exit code 2.

Exit codes: 0 ok; 1 a finding (a scenario failed, a conclusion does not hold); 2 bad input (a rule or case
file with errors) — always with located Chinese messages, never a traceback.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import os
import sys

import click

from jiuze.cases.load import load_any_case
from jiuze.explain.model import Model
from jiuze.language.errors import JiuzeError
from jiuze.rulebook import cache as rulebook_cache
from jiuze.rulebook.rulebook import Rulebook, configured_rules, working_copy_note

EXIT_OK, EXIT_FINDING, EXIT_BAD_INPUT = 0, 1, 2

CONTEXT = {"help_option_names": ["-h", "--help"]}

RULES_HELP = "规则库目录或 .jz 文件；缺省为内置的全国规则库。"

rules_option = click.option("--rules", type=click.Path(), help=RULES_HELP)

EVALUATOR_HELP = (
    "求值器：pydatalog（参考语义，单个案件启动快）或 clingo（成批求值快约十倍）；"
    "缺省时单个案件的命令用 pydatalog，jiuze batch 用 clingo。见 docs/batch.md。"
)


def evaluator_option(*extra: str):
    """--evaluator pydatalog|clingo (plus `extra` choices, e.g. "all" for jiuze test); default: the command's own.
    Also --no-cache, kept in the click context (no parameter to pass around): see load_rulebook."""
    evaluator = click.option("--evaluator", type=click.Choice(["pydatalog", "clingo", *extra]), help=EVALUATOR_HELP)
    no_cache = click.option(
        "--no-cache",
        is_flag=True,
        expose_value=False,
        callback=_remember_no_cache,
        help="不使用、也不写入已编译规则库的缓存（缓存在用户自己的缓存目录，只有本人可读写）。",
    )
    return lambda command: evaluator(no_cache(command))


def _remember_no_cache(context: click.Context, _parameter, value: bool) -> None:
    if value:
        context.meta["jiuze.no_cache"] = True
        from jiuze.language import parser_tables  # imports Lark: only with --no-cache

        parser_tables.enabled = False  # nor the parser's tables (language/parser_tables.py)


def use_cache() -> bool:
    """The cache is on unless --no-cache was given or JIUZE_NO_CACHE is set."""
    context = click.get_current_context(silent=True)
    if context is not None and context.meta.get("jiuze.no_cache"):
        return False
    return not os.environ.get("JIUZE_NO_CACHE")


def case_and_atom(command):
    """CASE ATOM, the two arguments of query / explain / why-not."""
    return click.argument("case", type=click.Path())(click.argument("atom")(command))


def format_option(*formats: str):
    return click.option("--format", "fmt", type=click.Choice(list(formats)), default=formats[0], show_default=True)


@contextlib.contextmanager
def gc_paused():
    """No cyclic garbage collection inside (restored after, even on error).

    For what makes objects that all stay alive (importing a command's modules) and for commands
    that answer one case and end: their collections (≈10 ms of a `jiuze explain` of ≈150) only
    rescanned the rulebook just read.  Objects are still freed by reference counting."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


owns_process = False  # set by the console command (entry.py), which ends after one command; never for a library caller


def one_case(command):
    """A command that answers one case and ends: run without cyclic garbage collection (gc_paused).

    In the console command (owns_process) what it made is frozen before collection resumes: else the
    first allocation after would rescan all of it (the rulebook, the model: ≈10 ms) just before exit."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        with gc_paused():
            try:
                return command(*args, **kwargs)
            finally:
                if owns_process:
                    gc.freeze()

    return wrapper


def reports_bad_input(command):
    """Turn JiuzeError into located messages on stderr and exit code 2."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except JiuzeError as error:
            click.echo(error.render(), err=True)
            sys.exit(EXIT_BAD_INPUT)

    return wrapper


def resolve_rules(rules: str | None) -> str | None:
    """--rules, else jiuze.toml's `rules`, else None (national); says which when it is not the installed copy."""
    if rules:
        return rules
    configured = configured_rules()
    if configured:
        click.echo(f"提示：使用 jiuze.toml 指定的规则库 {configured}。", err=True)
        return configured
    note = working_copy_note()
    if note:
        click.echo(note, err=True)
    return None


def load_rulebook(rules: str | None, evaluator: str | None = None) -> Rulebook:
    return Rulebook.load(resolve_rules(rules), evaluator=evaluator, cache=use_cache())


def evaluate_case(rules: str | None, case: str, evaluator: str | None = None) -> Model:
    return evaluate_case_on(rules, case, evaluator)[0]


def echo_rulebook(identity: dict) -> None:
    """The rulebook a text answer rests on, on stderr so that the answer itself stays pipeable (issue 14)."""
    click.echo(f"规则库：{identity['name']}（{identity['path']}，摘要 {identity['digest']}）", err=True)


def evaluate_case_on(rules: str | None, case: str, evaluator: str | None = None) -> tuple[Model, dict]:
    """The case's model, and the rulebook's identity (name, path, digest) for JSON answers."""
    from jiuze.rulebook.governing import governing

    rulebook = load_rulebook(rules, evaluator)
    parse = rulebook_cache.parsed_text if use_cache() else None  # a .jz case's parse, as for rule files
    chosen = governing(rulebook, load_any_case(case, rulebook.program, parse=parse))
    identity = chosen.rulebook.identity.data()
    if chosen.note:
        click.echo(f"注意：{chosen.note}。", err=True)
        identity["note"] = chosen.note
    return chosen.rulebook.evaluate(chosen.facts, evaluator, remember=use_cache()), identity


def query_atom(atom: str):
    """The query ATOM parsed, from the cache when it is on (a hit spares Lark), else the text as given
    (the model parses it).  A malformed query raises its located JiuzeError either way."""
    return rulebook_cache.parsed_atom(atom) if use_cache() else atom
