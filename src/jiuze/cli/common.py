"""What every command shares: exit codes, the common options, and turning `JiuzeError` into exit code 2.

Exit codes: 0 ok; 1 a finding (a scenario failed, a conclusion does not hold); 2 bad input (a rule or case
file with errors) — always with located Chinese messages, never a traceback.
"""

from __future__ import annotations

import functools
import sys

import click

from jiuze.cases.load import load_any_case
from jiuze.explain.model import Model
from jiuze.language.errors import JiuzeError
from jiuze.rulebook.rulebook import Rulebook, configured_rules, working_copy_note

EXIT_OK, EXIT_FINDING, EXIT_BAD_INPUT = 0, 1, 2

CONTEXT = {"help_option_names": ["-h", "--help"]}

RULES_HELP = "规则库目录或 .jz 文件；缺省为内置的全国规则库。"

rules_option = click.option("--rules", type=click.Path(), help=RULES_HELP)


def case_and_atom(command):
    """CASE ATOM, the two arguments of query / explain / why-not."""
    return click.argument("case", type=click.Path())(click.argument("atom")(command))


def format_option(*formats: str):
    return click.option("--format", "fmt", type=click.Choice(list(formats)), default=formats[0], show_default=True)


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


def load_rulebook(rules: str | None) -> Rulebook:
    return Rulebook.load(resolve_rules(rules))


def evaluate_case(rules: str | None, case: str) -> Model:
    return evaluate_case_on(rules, case)[0]


def evaluate_case_on(rules: str | None, case: str) -> tuple[Model, dict]:
    """The case's model, and the rulebook's identity (name, path, digest) for JSON answers."""
    rulebook = load_rulebook(rules)
    return rulebook.evaluate(load_any_case(case, rulebook.program).facts), rulebook.identity.data()
