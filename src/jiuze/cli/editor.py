"""Commands for the drafter's editor: `jiuze fmt` (canonical layout) and `jiuze lsp` (the language server)."""

from __future__ import annotations

import sys

import click

from jiuze.cli.common import CONTEXT, EXIT_BAD_INPUT, EXIT_FINDING, EXIT_OK, reports_bad_input
from jiuze.language.errors import JiuzeError, render_findings
from jiuze.rulebook.rulebook import sources_at


@click.command(context_settings=CONTEXT)
@click.option("--check", is_flag=True, help="只检查不改写：有未排版的文件时显示差异，退出码为 1。")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@reports_bad_input
def fmt(check, paths):
    """把规则文件排成统一的版式（保留注释）；目录下的全部 .jz 文件都会处理。

    有语法错误的文件不改动，报告错误，退出码为 2。PATH 写 - 时从标准输入读、向标准输出写（供编辑器保存时排版）。

    \b
    例：jiuze fmt logic/provinces/某省
        jiuze fmt --check logic
        jiuze fmt - < 规则.jz
    """
    from jiuze.language.layout import format_text, layout_diff, rewrite_file  # only fmt needs it

    if paths == ("-",):
        _format_stream(check)
    sources = [s for p in paths for s in sources_at(p)]
    changed, findings, texts = [], [], {}
    for source in sources:
        try:
            formatted = format_text(source.text, source.name)
        except JiuzeError as error:
            findings += error.findings
            texts[source.name] = source.text
            continue
        if formatted == source.text:
            continue
        changed.append(source.name)
        if check:
            click.echo(layout_diff(source.text, formatted, source.name), nl=False)
        else:
            rewrite_file(source.name, formatted)
    _summary(check, changed, len(sources), len(texts))
    if findings:
        click.echo(render_findings(findings, texts), err=True)
        sys.exit(EXIT_BAD_INPUT)
    sys.exit(EXIT_FINDING if check and changed else EXIT_OK)


def _format_stream(check: bool) -> None:
    """stdin → stdout; a syntax error goes to stderr (exit 2) and nothing is written."""
    from jiuze.language.layout import format_text, layout_diff

    text = click.open_file("-", encoding="utf-8").read()
    formatted = format_text(text, "<标准输入>")  # JiuzeError → located message, exit 2
    if check:
        click.echo(layout_diff(text, formatted, "<标准输入>"), nl=False)
        sys.exit(EXIT_FINDING if formatted != text else EXIT_OK)
    click.echo(formatted, nl=False)
    sys.exit(EXIT_OK)


def _summary(check: bool, changed: list[str], total: int, broken: int) -> None:
    unparsed = f"，{broken} 个有语法错误未处理" if broken else ""
    if check:
        for name in changed:
            click.echo(f"未排版：{name}", err=True)
        click.echo(f"共检查 {total} 个文件，{len(changed)} 个未排版{unparsed}。", err=True)
    else:
        for name in changed:
            click.echo(f"已排版：{name}", err=True)
        click.echo(f"共处理 {total} 个文件，改写 {len(changed)} 个{unparsed}。", err=True)


@click.command(context_settings=CONTEXT)
@click.option(
    "--stdio", is_flag=True, help="经标准输入输出通信（缺省即是；接受此选项以兼容会自动加上它的编辑器客户端）。"
)
def lsp(stdio):
    """启动语言服务器（标准输入输出），供编辑器（如 VS Code 的究责扩展）使用。

    需要安装可选组件：pip install 'jiuze[lsp]'。
    """
    try:
        from jiuze.lsp.server import serve
    except ImportError as error:
        click.echo(f"无法启动语言服务器：缺少组件（{error.name}）。请安装：pip install 'jiuze[lsp]'", err=True)
        sys.exit(EXIT_BAD_INPUT)
    serve()


COMMANDS = [fmt, lsp]
