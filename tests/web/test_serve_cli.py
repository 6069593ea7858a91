"""`jiuze serve` on the command line: bad rulebooks are located errors (exit 2) before anything listens,
and a non-loopback host is served only with a warning."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("uvicorn", reason="the web extra (uvicorn) is not installed")

import uvicorn  # noqa: E402
from click.testing import CliRunner  # noqa: E402

from jiuze.cli.main import main  # noqa: E402


def test_a_rulebook_with_errors_is_reported_and_nothing_is_served(tmp_path: Path, monkeypatch):
    served = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: served.append(k))
    (tmp_path / "a.jz").write_text("乙(X) 若 丙(X)。\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["serve", "--rules", str(tmp_path)])
    assert result.exit_code == 2 and "谓词“乙”没有声明" in result.output and "a.jz:1:1" in result.output
    missing = CliRunner().invoke(main, ["serve", "--rules", str(tmp_path / "没有")])
    assert missing.exit_code == 2 and "找不到规则文件或目录" in missing.output
    assert served == []


def test_other_hosts_get_a_warning_and_loopback_none(monkeypatch):
    served = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **k: served.append(k))
    open_to_all = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--port", "8123"])
    assert open_to_all.exit_code == 0, open_to_all.output
    assert "警告" in open_to_all.output and "0.0.0.0" in open_to_all.output
    local = CliRunner().invoke(main, ["serve", "--port", "8124"])
    assert local.exit_code == 0 and "警告" not in local.output and "http://127.0.0.1:8124/" in local.output
    assert [(k["host"], k["port"]) for k in served] == [("0.0.0.0", 8123), ("127.0.0.1", 8124)]
