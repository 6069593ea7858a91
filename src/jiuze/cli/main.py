"""The `jiuze` command group: registers the commands of each `cli` module, nothing else.

Commands are imported when they are run (or listed by --help), not when the group is: a
module's dependencies are only paid by its own commands (`jiuze explain` does not import
batch, reports or the web workbench).  `LAZY` names each command's module; a test keeps it
equal to the modules' `COMMANDS` lists.
"""

from __future__ import annotations

import gc
import importlib

import click

from jiuze.cli import chinese
from jiuze.cli.common import CONTEXT, gc_paused

chinese.install()  # click's usage and error messages in Chinese

LAZY = {
    "check": "rulebooks",
    "test": "rulebooks",
    "diff": "rulebooks",
    "init": "rulebooks",
    "query": "questions",
    "explain": "questions",
    "why-not": "questions",
    "batch": "batch",
    "report": "reports",
    "vocab": "reports",
    "coverage": "reports",
    "serve": "web",
    "what-if": "what_if",
    "fmt": "editor",
    "lsp": "editor",
}


freeze_imports = False  # set by the console command (entry.py), which owns its process; never for a library caller


class LazyGroup(click.Group):
    """A group whose commands are imported from their `cli` module on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(LAZY) | set(self.commands))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = self.commands.get(cmd_name)
        if command is None and cmd_name in LAZY:
            with gc_paused():  # modules, classes, functions: nothing to collect, now or later
                module = importlib.import_module(f"jiuze.cli.{LAZY[cmd_name]}")
                if freeze_imports:
                    gc.freeze()  # no later collection rescans them (see cli/entry.py)
            for command in module.COMMANDS:
                self.commands.setdefault(command.name, command)
            command = self.commands.get(cmd_name)
        return command


@click.group(cls=LazyGroup, context_settings=CONTEXT)
@click.version_option(package_name="jiuze")
def main():
    """究责：《公安机关人民警察执法过错责任追究规定》规则引擎。

    \b
    例：jiuze explain examples/coerced-confession.jz "应当追究(P, C)"
    """
