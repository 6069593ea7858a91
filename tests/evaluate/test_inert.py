"""Rule and case files are data: nothing in them may reach eval, exec or an import."""

from __future__ import annotations

import builtins

import pytest

from jiuze import Fact, Rulebook
from jiuze.cases.facts_file import case_from_json
from jiuze.language.parser import parse_text

HOSTILE = """
谓词 eval(code)。
谓词 exec(code, x)。
谓词 os(x)。
谓词 system(x)。
exec(C, X) 若 eval(C)，os(X)，并非 system(C)。
eval("__import__('os').system('touch {marker}')")。
eval("True")。
eval("??")。
os("import sys; sys.exit(3)")。
场景 "恶意代码保持为数据" ｛
  eval("open('{marker}', 'w')")。
  应有：exec("open('{marker}', 'w')", "import sys; sys.exit(3)")。
｝
"""


@pytest.fixture
def no_code_execution(monkeypatch):
    parse_text("p(a)。", "warm.jz")  # build the (trusted) grammar before watching
    calls = []
    real_import = builtins.__import__

    def guard(name):
        def refuse(*args, **kwargs):
            calls.append((name, args[:1]))
            raise AssertionError(f"{name} called on rule data")

        return refuse

    def watched_import(name, *args, **kwargs):
        if name in ("os", "sys", "subprocess") and args and args[0] is None:
            calls.append(("import", name))
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "eval", guard("eval"))
    monkeypatch.setattr(builtins, "exec", guard("exec"))
    monkeypatch.setattr(builtins, "__import__", watched_import)
    return calls


def test_python_in_names_and_strings_stays_inert(tmp_path, no_code_execution):
    marker = tmp_path / "pwned"
    book = Rulebook.from_text(HOSTILE.format(marker=marker), "hostile.jz")
    model = book.evaluate([Fact("system", ("True",), "case:1")])
    rows = model.query("exec(C, X)")
    assert {r["C"] for r in rows} == {"__import__('os').system('touch %s')" % marker, "??"}
    assert "True" not in {r["C"] for r in rows}  # the string 'True' stays a string, never a boolean
    assert model.explain('exec("??", "import sys; sys.exit(3)")') is not None
    assert not marker.exists()
    assert no_code_execution == []


def test_hostile_json_case_stays_inert(tmp_path, no_code_execution):
    book = Rulebook.from_text(HOSTILE.format(marker=tmp_path / "m"), "hostile.jz")
    case = case_from_json('{"facts": [["eval", "__import__(\'os\')"], ["os", "1"]]}', "case.json", book.program)
    model = book.evaluate(case.facts)
    assert model.holds('exec("__import__(\'os\')", "1")')
    assert no_code_execution == []
