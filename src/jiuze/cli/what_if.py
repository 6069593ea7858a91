"""`jiuze what-if CASE ATOM`: the smallest changes to a case's facts that flip one conclusion."""

from __future__ import annotations

import click

from jiuze.cases.load import load_any_case
from jiuze.cli.common import CONTEXT, case_and_atom, format_option, load_rulebook, reports_bad_input, rules_option
from jiuze.reports import jsondoc


@click.command("what-if", context_settings=CONTEXT)
@rules_option
@format_option("text", "json")
@click.option("--max-size", default=3, show_default=True, type=click.IntRange(1, 6), help="每组至多几个事实。")
@click.option("--max-evaluations", default=300, show_default=True, type=click.IntRange(1), help="至多求值几次。")
@click.option("--max-results", default=10, show_default=True, type=click.IntRange(1), help="至多给出几组。")
@click.option("--seconds", default=10.0, show_default=True, type=click.FloatRange(0.1), help="至多搜索几秒。")
@case_and_atom
@reports_bad_input
def what_if(rules, fmt, max_size, max_evaluations, max_results, seconds, case, atom):
    """假如事实不同：ATOM 成立时，给出去掉后使它不成立的最小事实组（附此后的 why-not）；
    不成立时，给出增加后使它成立的最小输入事实组（用本案的人员、案件等取值，附此后的证明）。
    搜索有上限，提前停止时会说明。

    \b
    例：jiuze what-if examples/coerced-confession.yaml "应当追究(张三, 案1)"
        jiuze what-if examples/coerced-confession.yaml "应当追究(李四, 案1)"
    """
    from jiuze.cases.vocabulary import input_predicates
    from jiuze.explain.what_if import Limits, ground_atom
    from jiuze.explain.what_if import what_if as search
    from jiuze.reports.what_if_text import what_if_data, what_if_text

    rulebook = load_rulebook(rules)
    loaded = load_any_case(case, rulebook.program)
    model = rulebook.evaluate(loaded.facts)
    limits = Limits(max_size, max_evaluations, max_results, seconds)
    inputs = input_predicates(rulebook.program)
    result = search(model, loaded.facts, rulebook.evaluate, ground_atom(model, atom), limits, inputs)
    if fmt == "json":
        click.echo(jsondoc.dumps(what_if_data(result, model)), nl=False)
    else:
        click.echo(what_if_text(result, model), nl=False)


COMMANDS = [what_if]
