"""The shape of the house: layers (import-linter), lint and format (ruff), types of the public surface (mypy),
and the public API itself.  These run with the test command so a wrong import fails CI like a wrong answer."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import jiuze

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    found = BIN / name
    if found.exists():
        return str(found)
    on_path = shutil.which(name)
    if on_path is None:
        pytest.fail(f"{name} is not installed: it is part of the test extra (pip install '.[test]')")
    return on_path


def _run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=600)


def test_stages_import_only_the_stages_below_them():
    result = _run(_tool("lint-imports"), "--config", "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" in result.stdout and " 0 broken" in result.stdout


def test_ruff_lint_and_format_are_clean():
    lint = _run(_tool("ruff"), "check", "src", "tests", "bench")
    assert lint.returncode == 0, lint.stdout + lint.stderr
    form = _run(_tool("ruff"), "format", "--check", "src", "tests", "bench")
    assert form.returncode == 0, form.stdout + form.stderr


def test_public_surface_type_checks():
    result = _run(_tool("mypy"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_public_names_are_documented_and_ship_types():
    for name in jiuze.__all__:
        doc = getattr(jiuze, name).__doc__ or ""
        assert doc.strip() and not doc.startswith(f"{name}("), f"{name} has no docstring of its own"
    assert (Path(jiuze.__file__).parent / "py.typed").exists()


def test_public_load_case_reads_every_format_the_cli_reads():
    rulebook = jiuze.Rulebook.load()
    names = {
        load: sorted(
            str(f.predicate) + str(f.values) for f in jiuze.load_case(REPO / "examples" / load, rulebook.program).facts
        )
        for load in ("coerced-confession.jz", "coerced-confession.yaml", "coerced-confession.json")
    }
    assert names["coerced-confession.yaml"], "the YAML case states facts"
    model = rulebook.evaluate(jiuze.load_case(REPO / "examples/coerced-confession.yaml", rulebook.program).facts)
    assert {"P": "张三", "C": "案1"} in model.query("应当追究(P, C)")


def test_public_report_building():
    rulebook = jiuze.Rulebook.load()
    case = jiuze.load_case(REPO / "examples/coerced-confession.yaml", rulebook.program)
    report = jiuze.build_report(rulebook.evaluate(case.facts), case)
    assert "张三" in jiuze.report_text(report)
    assert jiuze.report_data(report)["persons"], "the JSON form lists persons"


def test_every_package_and_data_file_ships_in_the_wheel():
    """The wheel lists its packages by hand (grammar/ and logic/ are mapped into the package), so a new
    sub-package or data file must be listed too: an editable install hides the omission, the CI wheel does not."""
    import tomllib

    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(config["packages"])
    source = REPO / "src" / "jiuze"
    on_disk = {
        "jiuze" + "".join("." + part for part in init.parent.relative_to(source).parts)
        for init in source.rglob("__init__.py")
    }
    assert on_disk - listed == set(), "packages missing from [tool.setuptools] packages"
    data = config["package-data"]
    for path in source.rglob("*"):
        if path.is_file() and path.suffix not in {".py", ".pyc"} and "__pycache__" not in path.parts:
            package = "jiuze" + "".join("." + p for p in path.parent.relative_to(source).parts)
            while package not in data and "." in package:
                package = package.rsplit(".", 1)[0]
            patterns = data.get(package, [])
            relative = path.relative_to(source.joinpath(*package.split(".")[1:])).as_posix()
            assert any(Path(relative).match(p) for p in patterns), f"{relative} is not in package-data of {package}"
