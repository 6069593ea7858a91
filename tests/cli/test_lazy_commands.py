"""The command group imports command modules lazily (cli/main.py); these keep that honest."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from jiuze.cli.main import LAZY, main

REPO = Path(__file__).resolve().parents[2]
MODULES = ["rulebooks", "questions", "batch", "reports", "web", "what_if", "editor"]


def test_lazy_table_names_every_command_of_every_module():
    declared = {}
    for name in MODULES:
        for command in importlib.import_module(f"jiuze.cli.{name}").COMMANDS:
            declared[command.name] = name
    assert declared == LAZY


def test_every_listed_command_resolves_to_itself():
    context = main.make_context("jiuze", ["--help"], resilient_parsing=True)
    for name in main.list_commands(context):
        assert main.get_command(context, name).name == name
    assert main.get_command(context, "no-such-command") is None


@pytest.mark.parametrize("command", ["explain", "query"])
def test_a_question_does_not_import_other_commands_or_the_parser(command):
    """`jiuze explain` / `jiuze query` with warm caches need neither the other commands' modules nor Lark,
    nor pyDatalog (the case's relations are remembered)."""
    probe = (
        "import sys\n"
        "from jiuze.cli.main import main\n"
        f"main(['{command}', 'examples/coerced-confession.jz', '应当追究(P, C)'], standalone_mode=False)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('jiuze.cli.', 'lark', 'yaml', 'jiuze.batch', 'pyDatalog'))))\n"
    )
    subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, cwd=REPO)  # fills the caches
    run = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True, cwd=REPO)
    loaded = run.stdout.strip().splitlines()[-1]
    assert loaded == "['jiuze.cli.chinese', 'jiuze.cli.common', 'jiuze.cli.main', 'jiuze.cli.questions']"


def test_the_console_entry_answers_as_the_group_and_leaves_the_collector_on_for_library_callers():
    """cli/entry.py (the `jiuze` script) pauses and freezes garbage collection around its own process only."""
    import gc

    from click.testing import CliRunner

    args = ["explain", str(REPO / "examples" / "coerced-confession.jz"), "应当追究(P, C)"]
    probe = "import sys\nfrom jiuze.cli.entry import run\nsys.argv[0] = 'jiuze'\nrun()\n"
    run = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, cwd=REPO)
    assert run.returncode == 0
    library = CliRunner().invoke(main, args)
    assert run.stdout == library.stdout and "第六条" in run.stdout
    assert gc.isenabled()
