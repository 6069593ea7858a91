"""Commands `jiuze report`, `jiuze vocab`, `jiuze coverage` (registered by cli.main).

Exit codes as elsewhere: 0 ok; 2 bad input (a rule or case file with errors,
reported with file, place and a Chinese message).
"""

from __future__ import annotations

from dataclasses import replace

import click

from jiuze.cases.load import load_any_case
from jiuze.cli.common import CONTEXT, evaluator_option, format_option, load_rulebook, reports_bad_input, rules_option
from jiuze.reports import jsondoc
from jiuze.rulebook.rulebook import Rulebook, base_rulebook_sources


@click.command(context_settings=CONTEXT)
@rules_option
@evaluator_option()
@format_option("text", "json", "markdown", "html")
@click.argument("case", type=click.Path())
@reports_bad_input
def report(rules, evaluator, fmt, case):
    """按人员列出案件的全部结论：是否应当追究、依据第六条哪一项、责任程度、不予追究、
    从重、从轻或者免予追究，每个结论附模态、所依据的条文和证明；最后列出案件层面的结论。

    CASE 可以是 .jz 事实文件、事实 JSON，或结构化的 .yaml / .json 案件文件
    （格式见 docs/case-format.md）。

    \b
    例：jiuze report examples/coerced-confession.yaml
        jiuze report --format markdown examples/three-roles-at-fault.jz > 报告.md
        jiuze report --format html examples/coerced-confession.yaml > 报告.html
    """
    from jiuze.reports.data import report_data
    from jiuze.reports.validity import build_dated_report

    rulebook = load_rulebook(rules, evaluator)
    loaded = load_any_case(case, rulebook.program)
    result = replace(build_dated_report(rulebook, loaded, file=case), rules=rulebook.path)
    if fmt == "json":
        click.echo(jsondoc.dumps(report_data(result)), nl=False)
    elif fmt == "html":
        from jiuze.reports.html import report_html
        from jiuze.reports.regulation import report_article_texts

        data = report_data(result)
        click.echo(report_html(data, report_article_texts(data)), nl=False)
    elif fmt == "markdown":
        from jiuze.reports.report_markdown import report_markdown

        click.echo(report_markdown(result), nl=False)
    else:
        from jiuze.reports.report_text import report_text

        click.echo(report_text(result), nl=False)


@click.command(context_settings=CONTEXT)
@rules_option
@format_option("text", "json")
@reports_bad_input
def vocab(rules, fmt):
    """列出案件可以陈述的输入谓词：谓词及参数、使用它的条文、读法。

    \b
    例：jiuze vocab
        jiuze vocab --format json --rules logic/national
    """
    from jiuze.cases.vocabulary import vocab_data, vocab_text, vocabulary

    entries = vocabulary(load_rulebook(rules).program)
    if fmt == "json":
        click.echo(jsondoc.dumps(vocab_data(entries)), nl=False)
    else:
        click.echo(vocab_text(entries), nl=False)


@click.command(context_settings=CONTEXT)
@rules_option
@evaluator_option()
@format_option("text", "json")
@reports_bad_input
def coverage(rules, evaluator, fmt):
    """逐条、逐项列出《规定》第一至三十条由哪些规则实现、哪些场景检验了这些规则，
    以及“30/30”形式的合计（宣示性条文不需要规则）。实施办法：全国场景也计入。

    \b
    例：jiuze coverage
        jiuze coverage --rules logic/national --format json
    """
    from jiuze.reports.coverage import coverage as measure
    from jiuze.reports.coverage import coverage_data, coverage_text

    book = load_rulebook(rules, evaluator)
    base = Rulebook(base_rulebook_sources(book.rule_sources)).scenarios if book.overlay is not None else ()
    result = measure(book, base)  # an overlay's coverage counts the national scenarios too
    if fmt == "json":
        click.echo(jsondoc.dumps(coverage_data(result)), nl=False)
    else:
        click.echo(coverage_text(result), nl=False)


COMMANDS = [report, vocab, coverage]
