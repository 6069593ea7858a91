"""The server reports what `jiuze check` reports, but the semantic counterexample search (its loader is a cached
copy of load_modules)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from jiuze.lsp.workspace import Workspace
from jiuze.reports.check_output import run_check
from jiuze.rulebook.rulebook import sources_at

ROOT = Path(__file__).resolve().parents[2]
RULEBOOKS = [ROOT / "logic" / "national", *sorted(p for p in (ROOT / "logic" / "provinces").iterdir() if p.is_dir())]


def _key(finding, base: Path):
    file = finding.span.file
    name = os.path.relpath(file, base) if os.path.isabs(file) else file
    return (name, finding.span.line, finding.span.column, finding.code, finding.message, finding.hint)


def _same_as_check(directory: Path) -> set:
    first = sorted(directory.rglob("*.jz"))[0]
    outcome = run_check(str(directory), sources_at(directory), budget=0, semantic=False)
    expected = {_key(f, directory) for f in outcome.findings}
    expected = {
        (os.path.relpath(k[0], directory) if k[0].startswith(str(directory)) else k[0], *k[1:]) for k in expected
    }
    got = {_key(f, directory) for f in Workspace().check(str(first)).findings}
    assert got == expected
    return got


@pytest.mark.parametrize("directory", RULEBOOKS, ids=lambda p: p.name)
def test_shipped_rulebooks_get_the_findings_of_jiuze_check(directory):
    _same_as_check(directory)


def test_a_nonconforming_overlay_gets_the_findings_of_jiuze_check(tmp_path):
    overlay = tmp_path / "province"
    shutil.copytree(ROOT / "logic" / "provinces" / "example-province", overlay)
    (overlay / "01-坏.jz").write_text(
        "废止 第六条第（二）项。\n修改 第九十九条 ｛\n  应当追究(P, C) 若 人民警察(P)。\n｝\n谓词 甲(警察)。\n乙(P) 若 甲(P)。\n"
        "设定 申诉答复期限天数 = 45。\n设定 不存在的参数 = 1。\n",
        encoding="utf-8",
    )
    codes = {key[3] for key in _same_as_check(overlay)}
    assert {
        "unknown-base-label",
        "undeclared-predicate",
        "repeals-national",
        "parameter-weakens",
        "unknown-parameter",
    } <= codes


def test_an_edit_in_an_open_document_is_checked_without_saving(tmp_path):
    overlay = tmp_path / "province"
    shutil.copytree(ROOT / "logic" / "provinces" / "example-province", overlay)
    path = str(overlay / "00-办法.jz")
    workspace = Workspace()
    assert not [f for f in workspace.check(path).findings if f.is_error]
    workspace.open[path] = Path(path).read_text(encoding="utf-8") + "\n丙(P) 若 丁(P)。\n"
    errors = [f for f in workspace.check(path).findings if f.is_error]
    assert {f.code for f in errors} == {"undeclared-predicate"}
    assert all(f.span.file == path for f in errors)
