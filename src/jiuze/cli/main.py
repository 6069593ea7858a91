"""The `jiuze` command group: registers the commands of each `cli` module, nothing else."""

from __future__ import annotations

import click

from jiuze.cli import batch, chinese, editor, questions, reports, rulebooks, web, what_if
from jiuze.cli.common import CONTEXT

chinese.install()  # click's usage and error messages in Chinese


@click.group(context_settings=CONTEXT)
@click.version_option(package_name="jiuze")
def main():
    """究责：《公安机关人民警察执法过错责任追究规定》规则引擎。

    \b
    例：jiuze explain examples/coerced-confession.jz "应当追究(P, C)"
    """


for _module in (rulebooks, questions, batch, reports, web, what_if, editor):
    for _command in _module.COMMANDS:
        main.add_command(_command)
