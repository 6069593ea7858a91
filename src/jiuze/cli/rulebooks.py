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
    evaluator_option,
    format_option,
    load_rulebook,
    reports_bad_input,
    resolve_rules,
    rules_option,
)
from jiuze.reports import jsondoc
from jiuze.rulebook.rulebook import Rulebook, base_rulebook_sources, national_sources, sources_at


@click.command(context_settings=CONTEXT)
@rules_option
@format_option("text", "json")
@click.option("--budget", type=float, default=20.0, show_default=True, help="语义一致性检查最多用的秒数。")
@click.option("--counterexamples", "out_dir", type=click.Path(), help="把反例案件（YAML）写到这个目录。")
@click.argument("paths", nargs=-1, type=click.Path())
@reports_bad_input
def check(rules, fmt, budget, out_dir, paths):
    """检查规则库：语法、未声明谓词、参数个数、不安全变量、递归中的否定等；实施办法还检查是否符合第二十八条
    （逐条语句的检查，以及寻找反例案件的语义检查）。

    不给 --rules 时检查内置全国规则库。旧写法 jiuze check PATH 仍可使用。

    \b
    例：jiuze check --rules logic/provinces/example-province
        jiuze check --rules 某省 --format json --counterexamples 反例/
    """
    from jiuze.reports.check_output import check_data, check_text, run_check, write_counterexamples

    if paths:
        click.echo("提示：jiuze check PATH 是旧写法，今后请写 jiuze check --rules PATH。", err=True)
    rules = resolve_rules(rules) if not paths else rules
    sources = rulebook_sources(rules, paths)
    outcome = run_check(rules or (paths[0] if len(paths) == 1 else None), sources, budget)
    if out_dir:
        for written in write_counterexamples(outcome, out_dir):
            click.echo(f"已写出反例：{written}", err=True)
    if fmt == "json":
        click.echo(jsondoc.dumps(check_data(outcome)), nl=False)
    else:
        click.echo(check_text(outcome), nl=False, err=outcome.has_errors)
    sys.exit(EXIT_BAD_INPUT if outcome.has_errors else EXIT_OK)


def rulebook_sources(rules, paths):
    if rules:
        return sources_at(rules)
    return [s for p in paths for s in sources_at(p)] if paths else national_sources()


@click.command(context_settings=CONTEXT)
@rules_option
@evaluator_option("all")
@format_option("text", "json", "junit")
@reports_bad_input
def test(rules, evaluator, fmt):
    """运行规则库中的全部场景（场景 … ｛ … ｝），核对应有 / 应无的结论。

    实施办法：还在实施办法下运行基础规则库（全国）的场景，列出被实施办法改变的（不算失败）。
    有场景失败时退出码为 1。--format json / junit 供持续集成使用。
    --evaluator all：每个场景在两个求值器上各跑一遍，并核对两者得出的全部关系完全相同（不一致时退出码为 1）。

    \b
    例：jiuze test --rules logic/provinces/example-province --format junit > 结果.xml
        jiuze test --evaluator all
    """
    from jiuze.reports.scenario_formats import run_tests, test_data, test_junit, test_text

    if evaluator == "all":
        sys.exit(_test_on_both(rules))
    book = load_rulebook(rules, evaluator)
    base = Rulebook(base_rulebook_sources(book.rule_sources)) if book.overlay is not None else None
    run = run_tests(book, base)
    output = {"json": lambda: jsondoc.dumps(test_data(run)), "junit": lambda: test_junit(run)}.get(fmt)
    click.echo(output() if output else test_text(run), nl=False)
    sys.exit(EXIT_OK if run.passed else EXIT_FINDING)


def _test_on_both(rules) -> int:
    """Every scenario on pyDatalog and on clingo, then every relation of every scenario compared."""
    from jiuze.reports.scenarios import evaluator_differences, report, run_all

    rulebook = load_rulebook(rules)
    passed = True
    for name in ("pydatalog", "clingo"):
        results = run_all(rulebook, name)
        click.echo(f"求值器 {name}：\n{report(results)}", nl=False)
        passed = passed and all(r.passed for r in results)
    differences = evaluator_differences(rulebook)
    click.echo("\n".join(differences) + "\n" if differences else "两个求值器在全部场景的全部关系上一致。\n", nl=False)
    return EXIT_OK if passed and not differences else EXIT_FINDING


@click.command(context_settings=CONTEXT)
@click.argument("kind", type=click.Choice(["province", "city"]))
@click.argument("name")
@click.option("--base", "base_path", type=click.Path(), help="市级细则依据的省级实施办法目录。")
@click.option("--dir", "root", type=click.Path(), default=".", show_default=True, help="在这个目录下创建。")
@reports_bad_input
def init(kind, name, base_path, root):
    """创建一个新的实施办法目录：办法正文（依据、名称、制定机关、施行日期，每种语句一例，已注释）、场景文件、README。

    创建后不加修改即可通过 jiuze check 和 jiuze test。

    \b
    例：jiuze init province 某省
        jiuze init city 某市 --base 某省
    """
    from jiuze.rulebook.scaffold import scaffold

    for path in scaffold(kind, name, base_path, root):
        click.echo(f"已创建 {path}")


@click.command(context_settings=CONTEXT)
@evaluator_option()
@format_option("text", "json")
@rules_option
@click.option("--base", "base_path", type=click.Path(), help="基础规则库；缺省为实施办法“依据”的规则库。")
@click.argument("args", nargs=-1, type=click.Path())
@reports_bad_input
def diff(evaluator, fmt, rules, base_path, args):
    """比较实施办法与基础规则库：增加、修改、废止的规则、阻却、优先关系、互斥、谓词、条文效力（修改处并列新旧文字），
    以及给定案件中不同的结论（附双方的证明或不成立的原因）。

    只有实施办法声明的谓词，在基础规则库一侧视为未知（不成立），输出中会说明。
    旧写法 jiuze diff BASE OVERLAY [CASES…]（BASE 写 national 表示全国规则库）仍可使用。

    \b
    例：jiuze diff --rules logic/provinces/example-province examples/coerced-confession.yaml
    """
    from jiuze.reports.diff import compare

    if rules is None:
        if len(args) < 2:
            raise click.UsageError("请用 --rules 指定实施办法，例如 jiuze diff --rules 某省 案件.yaml")
        click.echo(
            "提示：jiuze diff BASE OVERLAY 是旧写法，今后请写 jiuze diff --rules OVERLAY [--base BASE]。", err=True
        )
        base_path, rules, args = ("national" if args[0] == "national" else args[0]), args[1], args[2:]
    base_book, overlay_book = diff_rulebooks(rules, base_path)
    base_book.evaluator = overlay_book.evaluator = evaluator
    cases = [(case, load_any_case(case, overlay_book.program).facts) for case in args]
    result = compare(base_book, overlay_book, cases)
    click.echo(jsondoc.dumps(result.data()) if fmt == "json" else result.text(bool(args)), nl=False)


def diff_rulebooks(rules: str, base_path: str | None):
    overlay_book = Rulebook(sources_at(rules), nonconforming_ok=True)
    overlay_book.path = rules
    if base_path == "national":
        return Rulebook.load(None), overlay_book
    if base_path:
        return Rulebook.load(base_path), overlay_book
    return Rulebook(base_rulebook_sources(overlay_book.rule_sources)), overlay_book


COMMANDS = [check, test, diff, init]
