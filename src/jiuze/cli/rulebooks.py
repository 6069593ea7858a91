"""Commands about a rulebook itself: `jiuze check`, `jiuze test`, `jiuze diff`."""

from __future__ import annotations

import sys

import click

from jiuze.cases.load import load_any_case
from jiuze.cli.common import (
    CONTEXT,
    EXIT_BAD_INPUT,
    EXIT_FINDING,
    EXIT_OK,
    format_option,
    load_rulebook,
    reports_bad_input,
    rules_option,
)
from jiuze.language.errors import render_findings
from jiuze.reports import jsondoc
from jiuze.rulebook.rulebook import Rulebook, check_sources, national_sources, sources_at


@click.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, type=click.Path())
@reports_bad_input
def check(paths):
    """检查规则文件：语法、未声明谓词、参数个数、不安全变量、递归中的否定等。

    PATHS 一起作为一个规则库检查；不给 PATHS 时检查内置全国规则库。

    \b
    例：jiuze check logic/national
    """
    sources = [s for p in paths for s in sources_at(p)] if paths else national_sources()
    _, findings = check_sources(sources)
    texts = {s.name: s.text for s in sources}
    click.echo(render_findings(findings, texts), err=bool(findings))
    sys.exit(EXIT_BAD_INPUT if any(f.is_error for f in findings) else EXIT_OK)


@click.command(context_settings=CONTEXT)
@rules_option
@reports_bad_input
def test(rules):
    """运行规则库中的全部场景（场景 … ｛ … ｝），核对应有 / 应无的结论。

    有场景失败时退出码为 1。

    \b
    例：jiuze test --rules logic/national
    """
    from jiuze.reports.scenarios import report, run_all

    results = run_all(load_rulebook(rules))
    click.echo(report(results), nl=False)
    sys.exit(EXIT_OK if all(r.passed for r in results) else EXIT_FINDING)


@click.command(context_settings=CONTEXT)
@format_option("text", "json")
@click.argument("base", type=click.Path())
@click.argument("overlay", type=click.Path())
@click.argument("cases", nargs=-1, type=click.Path())
@reports_bad_input
def diff(fmt, base, overlay, cases):
    """比较基础规则库与实施办法：增加、修改、废止的规则，以及给定案件中不同的结论（附双方的证明或不成立的原因）。

    BASE 写 national 表示内置的全国规则库。

    \b
    例：jiuze diff national logic/provinces/example-province examples/coerced-confession.yaml
    """
    from jiuze.reports.diff import clause_changes, conclusion_changes, diff_data, diff_text

    base_book = Rulebook.load(None if base == "national" else base)
    overlay_book = Rulebook.load(overlay)
    changes = clause_changes(base_book.program, overlay_book.program)
    differences = []
    for case in cases:
        facts_base = load_any_case(case, base_book.program).facts
        facts_overlay = load_any_case(case, overlay_book.program).facts
        differences += conclusion_changes(case, base_book.evaluate(facts_base), overlay_book.evaluate(facts_overlay))
    if fmt == "json":
        click.echo(jsondoc.dumps(diff_data(changes, differences)), nl=False)
    else:
        click.echo(diff_text(changes, differences, bool(cases)), nl=False)


COMMANDS = [check, test, diff]
