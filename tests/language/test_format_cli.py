"""`jiuze fmt [--check] PATH…` on real files: rewrite, diff, exit codes, broken files left alone."""

from __future__ import annotations

from click.testing import CliRunner

from jiuze.cli.main import main

MESSY = "谓词 p(x)。谓词 q(x)。\n# 注释\np(X) :- q(X).\n"
CANONICAL = "谓词 p(x)。\n谓词 q(x)。\n# 注释\np(X) 若 q(X)。\n"


def run(*args):
    return CliRunner().invoke(main, ["fmt", *map(str, args)])


def test_check_shows_a_diff_and_exits_1_without_touching_the_file(tmp_path):
    rules = tmp_path / "规则.jz"
    rules.write_text(MESSY, encoding="utf-8")
    result = run("--check", tmp_path)
    assert result.exit_code == 1
    assert "-p(X) :- q(X)." in result.output and "+p(X) 若 q(X)。" in result.output
    assert "1 个未排版" in result.output
    assert rules.read_text(encoding="utf-8") == MESSY


def test_fmt_rewrites_then_check_passes(tmp_path):
    rules = tmp_path / "规则.jz"
    rules.write_text(MESSY, encoding="utf-8")
    assert run(rules).exit_code == 0
    assert rules.read_text(encoding="utf-8") == CANONICAL
    result = run("--check", rules)
    assert result.exit_code == 0, result.output
    assert "0 个未排版" in result.output


def test_a_broken_file_is_reported_and_left_alone_while_the_others_are_formatted(tmp_path):
    good, bad = tmp_path / "a.jz", tmp_path / "b.jz"
    good.write_text(MESSY, encoding="utf-8")
    bad.write_text("p(X) 若 q(X\n", encoding="utf-8")
    result = run(tmp_path)
    assert result.exit_code == 2
    assert f"{bad}:" in result.output and "错误[syntax]" in result.output
    assert "Traceback" not in result.output
    assert good.read_text(encoding="utf-8") == CANONICAL
    assert bad.read_text(encoding="utf-8") == "p(X) 若 q(X\n"


def test_a_missing_path_is_bad_input(tmp_path):
    result = run(tmp_path / "没有")
    assert result.exit_code == 2
    assert "找不到规则文件或目录" in result.output


def test_dash_formats_stdin_to_stdout():
    result = CliRunner().invoke(main, ["fmt", "-"], input=MESSY)
    assert result.exit_code == 0
    assert result.output == CANONICAL


def test_dash_with_a_syntax_error_writes_nothing_and_exits_2():
    result = CliRunner().invoke(main, ["fmt", "-"], input="p(X) 若 q(X\n")
    assert result.exit_code == 2
    assert "<标准输入>:" in result.output and "错误[syntax]" in result.output
    assert "p(X) 若 q(X" in result.output  # only in the located excerpt, not as output text
