"""Issue 17: rule files that crashed the parser, and messages that misled, are located Chinese errors."""

from __future__ import annotations

import pytest

from jiuze import Rulebook
from jiuze.language.articles import to_chinese
from jiuze.language.errors import JiuzeError
from jiuze.language.parser import parse_atom, parse_text
from jiuze.rulebook.rulebook import sources_at

HEAD = '谓词 p(x) 读作 "{x}"。\n谓词 q(x) 读作 "{x}"。\n'


def _codes(text: str) -> list[str]:
    return [f.code for f in parse_text(text, "r.jz")[1]]


def test_a_5000_digit_literal_is_located():
    module, findings = parse_text(HEAD + "p(" + "9" * 5000 + ")。\n", "r.jz")
    assert [(f.code, f.span.line, f.span.column) for f in findings] == [("too-many-digits", 3, 3)]


@pytest.mark.parametrize("terms", [50, 500, 5000])
def test_a_long_sum_never_ends_in_recursion_error(terms):
    text = HEAD + "q(Y) 若 p(X), Y = X" + " + 1" * terms + "。\n"
    codes = _codes(text)
    assert codes == ([] if terms < 100 else ["too-long-expression"])


def test_a_sum_within_the_limit_evaluates():
    book = Rulebook.from_text(HEAD + "q(Y) 若 p(X), Y = X" + " + 1" * 90 + "。\np(1)。\n")
    assert book.evaluate([]).query("q(Y)") == [{"Y": 91}]


def test_deep_parentheses_are_no_recursion_error():
    text = HEAD + "q(Y) 若 p(X), Y = " + "(" * 3000 + "X" + ")" * 3000 + "。\n"
    parse_text(text, "r.jz")  # no exception; nesting without operators is one term


def test_a_decimal_says_decimals_are_unsupported():
    findings = parse_text(HEAD + "p(1.5)。\n", "r.jz")[1]
    assert [(f.code, f.message) for f in findings] == [("decimal", "不支持小数：数值只能是整数")]


def test_a_nul_byte_is_never_echoed_raw():
    text = HEAD + "p(a\x00)。\n"
    rendered = JiuzeError(parse_text(text, "r.jz")[1], {"r.jz": text}).render()
    assert "\x00" not in rendered and "U+0000" in rendered and "\\x00" in rendered


def test_invalid_utf8_is_located_at_its_real_line_and_column(tmp_path):
    path = tmp_path / "r.jz"
    path.write_bytes(HEAD.encode() + "p(张".encode() + "三".encode("gbk") + ")。\n".encode())
    with pytest.raises(JiuzeError) as caught:
        sources_at(path)
    assert f"{path}:3:4: 错误[io]" in caught.value.render()


def test_a_query_error_never_names_the_appended_period():
    with pytest.raises(JiuzeError) as caught:
        parse_atom("应当追究(P, C")
    rendered = caught.value.render()
    assert "“。”" not in rendered and "查询在这里意外结束" in rendered and "<查询>:1:10" in rendered


@pytest.mark.parametrize(
    "number, chinese",
    [
        (10, "十"),
        (15, "十五"),
        (105, "一百零五"),
        (999, "九百九十九"),
        (1000, "一千"),
        (1001, "一千零一"),
        (1010, "一千零一十"),
        (2000, "二千"),
        (10010, "一万零一十"),
        (100000, "十万"),
        (123456789, "一亿二千三百四十五万六千七百八十九"),
    ],
)
def test_chinese_numerals_cover_any_count(number, chinese):
    assert to_chinese(number) == chinese


def test_a_lone_surrogate_in_a_rule_text_from_the_api_is_no_crash():
    """Found by tests/fuzz: the rulebook digest encoded the text as strict UTF-8."""
    book = Rulebook.from_text('# \ud800\n谓词 p(x) 读作 "{x}"。\np(a)。\n', "r.jz")
    assert book.evaluate([]).query("p(X)") == [{"X": "a"}]


@pytest.mark.parametrize(
    "text",
    [
        "p(P) 若 q(P)，N = 计数{C ： r(P, C)}，N x",
        "第六条 ｛\n  p(P) 若 q(P)，N = 计数{C ： r(P, C)}",
        "第六条 ｛\n  p(P) 若 q(P)，N = 计数{C ： r(P, C)}，N , a)。\n",
    ],
)
def test_a_file_ending_inside_a_rule_after_a_count_is_located(text):
    # the recovery checkpoint after a count's ｝ sits inside the rule; closing there used to raise
    module, findings = parse_text(text, "r.jz")
    assert findings and findings[-1].code == "syntax" and "文件意外结束" in findings[-1].message
    assert all(f.span.file == "r.jz" and f.span.line >= 1 for f in findings)
