"""Issue 17: case files that used to crash the loader are located Chinese errors (exit 2)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from jiuze import Rulebook
from jiuze.cases.load import load_any_case
from jiuze.cli.main import main
from jiuze.language.errors import JiuzeError

PERSON = "人员:\n  - 姓名: 张三\n    角色: [办案人]\n"
GOOD_FACTS = [
    ["人民警察", "张三"],
    ["执行职务", "张三", "案1"],
    ["主观过错", "张三", "案1", "故意"],
    ["逼供", "张三", "案1"],
]


@pytest.fixture(scope="module")
def program():
    return Rulebook.load().program


def _error(tmp_path, program, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(JiuzeError) as caught:
        load_any_case(path, program)
    return caught.value.render()


@pytest.mark.parametrize("date", ["2005-02-30", "0000-01-01"])
def test_a_date_that_does_not_exist_is_located(tmp_path, program, date):
    rendered = _error(tmp_path, program, "c.yaml", f"案件: 案1\n发生日期: {date}\n{PERSON}")
    assert f"文字“{date}”" in rendered and "第 2 行" in rendered and "^" in rendered


def test_a_yaml_datetime_is_described_as_a_time_not_as_empty(tmp_path, program):
    rendered = _error(tmp_path, program, "c.yaml", f"案件: 案1\n发生日期: 2005-03-02 10:00:00\n{PERSON}")
    assert "日期时间 2005-03-02 10:00:00" in rendered and "空值" not in rendered


@pytest.mark.parametrize("name", ["c.json", "c.yaml"])
def test_an_integer_of_5000_digits_is_located(tmp_path, program, name):
    text = '{"facts": [["人民警察", ' + "9" * 5000 + "]]}"
    rendered = _error(tmp_path, program, name, text)
    assert f"{name}:1:21: 错误[too-many-digits]" in rendered
    assert len(rendered) < 2000  # the excerpt of a huge line is cut around the caret


@pytest.mark.parametrize("name", ["c.json", "c.yaml"])
def test_nesting_deeper_than_the_parsers_recursion_is_located(tmp_path, program, name):
    rendered = _error(tmp_path, program, name, '{"facts": ' + "[" * 3000 + "]" * 3000 + "}")
    assert f"{name}:1:" in rendered and "too-deep" in rendered


def test_a_lone_surrogate_is_located_by_its_json_path(tmp_path, program):
    facts = [[p, *(("\\ud800" if v == "张三" else v) for v in rest)] for p, *rest in GOOD_FACTS]
    text = json.dumps({"facts": facts}, ensure_ascii=False).replace("\\\\", "\\")
    rendered = _error(tmp_path, program, "c.json", text)
    assert "c.json#facts[0][1]" in rendered and "bad-character" in rendered


def test_not_utf8_is_located_at_the_real_line_and_column(tmp_path, program):
    path = tmp_path / "c.json"
    path.write_bytes('{"facts": [\n  ["人民警察", "'.encode() + "张三".encode("gbk") + b'"]]}')
    with pytest.raises(JiuzeError) as caught:
        load_any_case(path, program)
    assert "c.json:2:13: 错误[io]" in caught.value.render()


def test_the_command_line_exits_2_without_a_traceback(tmp_path):
    case = tmp_path / "c.yaml"
    case.write_text(f"案件: 案1\n发生日期: 2005-02-30\n{PERSON}", encoding="utf-8")
    result = CliRunner().invoke(main, ["report", str(case)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_jsonl_error_gives_line_and_column_once(tmp_path):
    cases = tmp_path / "x.jsonl"
    cases.write_text(json.dumps({"facts": GOOD_FACTS}, ensure_ascii=False) + '\n{"facts": [}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert CliRunner().invoke(main, ["batch", str(cases), "-o", str(out)]).exit_code == 0
    error = json.loads(out.read_text(encoding="utf-8").splitlines()[1])["error"]
    assert f"{cases}:2:12: 错误[bad-json]" in error and f"{cases}:2:1:" not in error


def test_yaml_aliases_are_not_walked_once_per_reference(tmp_path, program):
    """The string check must not expand a "billion laughs" (each alias level shares one list)."""
    text = "案件: 案1\na: &a [哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 10)}]\n" for i in range(9)
    )
    rendered = _error(tmp_path, program, "c.yaml", text)
    assert "别名" in rendered
