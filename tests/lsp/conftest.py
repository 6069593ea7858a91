"""A real language client (pytest-lsp) talking to `python -m jiuze.lsp` over stdio.

Each test gets a fresh server and a scratch copy of the national rulebook and
of an overlay on it, so edits never touch the repository.
"""

from __future__ import annotations

import shutil
import sys
from importlib import resources
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

ROOT = Path(__file__).resolve().parents[2]


# The installed `jiuze lsp` command, as an editor starts it (python -m jiuze.lsp where no script is installed).
_SCRIPT = Path(sys.executable).with_name("jiuze")
SERVER = [str(_SCRIPT), "lsp"] if _SCRIPT.exists() else [sys.executable, "-m", "jiuze.lsp"]


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def client(lsp_client: LanguageClient):
    params = types.InitializeParams(capabilities=client_capabilities("visual-studio-code"))
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


@pytest.fixture
def rulebooks(tmp_path) -> Path:
    """tmp/national (a copy of the shipped rulebook) and tmp/province (an overlay: 依据 "../national")."""
    national = tmp_path / "national"
    national.mkdir()
    for source in resources.files("jiuze.logic").joinpath("national").iterdir():
        if source.name.endswith(".jz"):
            (national / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    province = tmp_path / "province"
    shutil.copytree(ROOT / "logic" / "provinces" / "example-province", province)
    overlay = province / "00-办法.jz"
    overlay.write_text(
        overlay.read_text(encoding="utf-8").replace("依据 全国。", '依据 "../national"。'), encoding="utf-8"
    )
    return tmp_path
