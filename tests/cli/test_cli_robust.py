"""Issue 17: click's own messages are Chinese; usage errors exit 2 without English."""

from __future__ import annotations

from click.testing import CliRunner

from jiuze.cli.main import main


def _run(*args):
    return CliRunner().invoke(main, list(args))


def test_a_bad_option_value_is_explained_in_chinese():
    result = _run("batch", "x.jsonl", "-o", "y.jsonl", "--workers", "0")
    assert result.exit_code == 2
    assert "错误：'--workers' 的值无效：0 不在范围" in result.output and "用法：" in result.output
    assert "Invalid value" not in result.output and "Usage" not in result.output


def test_missing_arguments_unknown_commands_and_help_are_chinese():
    for args, text in [
        (("query",), "缺少参数"),
        (("nosuch",), "没有命令"),
        (("batch", "x", "-o"), "需要一个值"),
        (("batch", "x", "-o", "y", "--proofs", "zz"), "不是 'none', 'why', 'full' 之一"),
    ]:
        result = _run(*args)
        assert result.exit_code == 2 and text in result.output and "Error" not in result.output, result.output
    helped = _run("batch", "--help")
    assert "[缺省：none]" in helped.output and "显示本帮助并退出" in helped.output and "default" not in helped.output
