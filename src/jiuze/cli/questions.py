"""Commands that ask one case a question: `jiuze query`, `jiuze explain`, `jiuze why-not`."""

from __future__ import annotations

import sys

import click

from jiuze.cli.common import (
    CONTEXT,
    EXIT_FINDING,
    case_and_atom,
    echo_rulebook,
    evaluate_case_on,
    evaluator_option,
    format_option,
    one_case,
    query_atom,
    reports_bad_input,
    rules_option,
)
from jiuze.reports import answers, jsondoc
from jiuze.reports.proof_text import proof_text


@click.command(context_settings=CONTEXT)
@rules_option
@evaluator_option()
@format_option("text", "json")
@case_and_atom
@one_case
@reports_bad_input
def query(rules, evaluator, fmt, case, atom):
    """查询案件中成立的结论：列出使 ATOM 成立的全部取值（已排序）。

    \b
    例：jiuze query examples/coerced-confession.jz "应当追究(P, C)"
    """
    model, identity = evaluate_case_on(rules, case, evaluator)
    parsed = query_atom(atom)
    bindings = model.query(parsed)
    if fmt == "json":
        data = answers.query_data(model, atom, bindings, parsed)
        click.echo(jsondoc.dumps(data | {"rulebook": identity}), nl=False)
    else:
        click.echo(answers.query_text(model, atom, bindings, parsed), nl=False)
        echo_rulebook(identity)


@click.command(context_settings=CONTEXT)
@rules_option
@evaluator_option()
@format_option("text", "json", "dot", "svg")
@click.option("--all", "all_", is_flag=True, help="列出每一种不同的推导，而不只是最短的一种。")
@case_and_atom
@one_case
@reports_bad_input
def explain(rules, evaluator, fmt, all_, case, atom):
    """解释结论为何成立：给出引用条文和案件事实的证明树。

    ATOM 含变量时，逐一解释每个成立的实例。

    \b
    例：jiuze explain examples/coerced-confession.jz "应当追究(张三, 案1)"
        jiuze explain --format json examples/coerced-confession.jz "应当追究(P, C)"
        jiuze explain --format svg examples/coerced-confession.jz "应当追究(张三, 案1)" > 证明.svg
    """
    model, identity = evaluate_case_on(rules, case, evaluator)
    instances = model.instances(query_atom(atom))
    if not instances:
        with_rules = f" --rules {rules}" if rules else ""
        click.echo(
            f'{atom} 在本案中不成立，没有可解释的推导；用 jiuze why-not{with_rules} {case} "{atom}" 查看原因。',
            err=True,
        )
        sys.exit(EXIT_FINDING)
    if fmt == "json":
        data = answers.explanations_data(model, atom, instances, all_) | {"rulebook": identity}
        click.echo(jsondoc.dumps(data), nl=False)
    elif fmt in ("dot", "svg"):
        from jiuze.reports.graph import query_graph

        proofs = [jsondoc.proof_data(model.explain(g)) for g in instances]
        click.echo(query_graph(atom, proofs, fmt), nl=False)
    else:
        click.echo(answers.explanations_text(model, instances, all_), nl=False)
        echo_rulebook(identity)


@click.command("why-not", context_settings=CONTEXT)
@rules_option
@evaluator_option()
@format_option("text", "json")
@case_and_atom
@one_case
@reports_bad_input
def why_not(rules, evaluator, fmt, case, atom):
    """解释结论为何不成立：对每条可能得出它的规则，指出第一个不成立的条件
    （逐层追到缺少的案件事实），或者击败它的规则及其证明。

    \b
    例：jiuze why-not examples/coerced-confession.jz "应当追究(李四, 案1)"
    """
    model, identity = evaluate_case_on(rules, case, evaluator)
    explanation = model.why_not(atom)
    if fmt == "json":
        data = {"query": atom, "why_not": jsondoc.proof_data(explanation), "rulebook": identity}
        click.echo(jsondoc.dumps(data), nl=False)
    else:
        click.echo(proof_text(explanation), nl=False)
        echo_rulebook(identity)


COMMANDS = [query, explain, why_not]
