"""`jiuze fmt`'s layout: same AST after formatting, idempotent, comments kept, every shipped file."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from jiuze.language.errors import JiuzeError
from jiuze.language.layout import format_text
from jiuze.language.parser import parse_text

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted(
    [*ROOT.glob("logic/**/*.jz"), *ROOT.glob("examples/**/*.jz"), *ROOT.glob("tests/**/good/*.jz")]
    + [*ROOT.glob("tests/compile/**/*.jz"), *ROOT.glob("tests/checks/**/*.jz")]
)

MESSY = """# 文件头注释


谓词 p(x) 读作 "{x}是p"。   # 声明后的注释
谓词 q(x)。谓词 r(x)。
第六条：｛   # 块注释
  # 块内第一行注释


  第（一）项 p(X) :- q(X),
        # 体中间的注释
        r(X)   and not s(X)。 # 跨行规则末尾的注释
  # 右花括号前的注释
｝
scenario "s" { q(a). q(b).
  expect p(a). }
p(X) :- q(X), N = count{Y : r(Y), q(Y)}, N >= (1+2)*3.
# 文件尾注释
"""

EXPECTED = """# 文件头注释

谓词 p(x) 读作 "{x}是p"。  # 声明后的注释
谓词 q(x)。
谓词 r(x)。
第六条 ｛  # 块注释
  # 块内第一行注释

  第（一）项 p(X) 若 q(X)，
  # 体中间的注释
      r(X)，并非 s(X)。  # 跨行规则末尾的注释
  # 右花括号前的注释
｝
场景 "s" ｛
  q(a)。 q(b)。
  应有：p(a)。
｝
p(X) 若 q(X)，N = 计数{Y ： r(Y)，q(Y)}，N >= (1 + 2) * 3。
# 文件尾注释
"""


def _same_ast(before: str, after: str) -> None:
    old, old_findings = parse_text(before, "x.jz")
    new, new_findings = parse_text(after, "x.jz")
    assert new.statements == old.statements
    assert new.labels == old.labels
    assert sorted((f.code, f.message) for f in new_findings) == sorted((f.code, f.message) for f in old_findings)


def _comments(text: str) -> list[str]:
    return [line.split("#", 1)[1].strip() for line in text.splitlines() if "#" in line]


def test_messy_file_gets_the_canonical_layout_with_every_comment():
    formatted = format_text(MESSY)
    assert formatted == EXPECTED
    assert _comments(formatted) == _comments(MESSY)
    _same_ast(MESSY, formatted)


def test_formatting_twice_changes_nothing():
    once = format_text(MESSY)
    assert format_text(once) == once


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_shipped_file_round_trips(path):
    text = path.read_text(encoding="utf-8-sig")
    formatted = format_text(text, str(path))
    _same_ast(text, formatted)
    assert format_text(formatted, str(path)) == formatted
    assert sorted(_comments(formatted)) == sorted(_comments(text))


def test_ascii_surface_becomes_the_chinese_surface():
    formatted = format_text("predicate p(x).\np(X) :- q(X) and not r(X).\n")
    assert formatted == "谓词 p(x)。\np(X) 若 q(X)，并非 r(X)。\n"


def test_strings_keep_their_quotes_and_a_hash_inside_a_string_is_not_a_comment():
    text = "谓词 p(x) 读作 “含#号的“读法”。\np(“a#b”)。\n"
    assert format_text(text) == text


def test_a_file_with_a_syntax_error_is_refused_with_a_located_finding():
    with pytest.raises(JiuzeError) as caught:
        format_text("第六条 ｛\n  p(a)。\n", "bad.jz")
    finding = caught.value.findings[0]
    assert (finding.span.file, finding.code) == ("bad.jz", "syntax")
    assert "右花括号" in finding.message


def _mutations(seed: int, count: int):
    """Seeded damage to slices of shipped files: deleted, inserted and broken characters."""
    rng = random.Random(seed)
    alphabet = list('。.，,（）(){}｛｝：:#\n 若且并非谓词第六条项"“”XYa_1-')
    for _ in range(count):
        lines = rng.choice(SHIPPED).read_text(encoding="utf-8-sig").split("\n")
        start = rng.randrange(len(lines))
        text = "\n".join(lines[start : start + rng.randint(1, 12)])
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(text) + 1)
            if rng.random() < 0.5:
                text = text[:at] + text[at + 1 :]
            else:
                text = text[:at] + rng.choice(alphabet) + text[at:]
        yield text


def test_damaged_files_are_either_refused_with_findings_or_formatted_faithfully():
    formatted = 0
    for text in _mutations(seed=1, count=300):
        try:
            once = format_text(text, "x.jz")
        except JiuzeError as error:
            assert error.findings and all(f.span.file == "x.jz" for f in error.findings)
            continue
        _same_ast(text, once)
        assert format_text(once, "x.jz") == once
        formatted += 1
    assert formatted > 30  # the test must exercise formatting, not only refusals


def test_comments_anywhere_between_tokens_survive():
    rng = random.Random(2)
    for _ in range(60):
        lines = rng.choice(SHIPPED).read_text(encoding="utf-8-sig").split("\n")
        marks = []
        for k in range(rng.randint(1, 6)):
            at, mark = rng.randrange(len(lines)), f"#标记{k}"
            lines[at : at + 1] = [lines[at] + "  " + mark] if rng.random() < 0.5 else ["   " + mark, lines[at]]
            marks.append(mark)
        text = "\n".join(lines)
        once = format_text(text, "x.jz")
        assert [m for m in marks if m in once] == marks
        _same_ast(text, once)
        assert format_text(once, "x.jz") == once


def test_parameters_settings_and_amendments_of_one_conclusion():
    text = (
        'parameter 期限 = 30 (at_most).\nset 期限 = 15 deviation "本省".\n'
        "repeal 第二十七条 申诉答复期限.\namend 第二十七条 申诉答复期限 { p(X) :- q(X). }\n"
    )
    formatted = format_text(text)
    assert formatted == (
        '参数 期限 = 30 （不得大于）。\n设定 期限 = 15 偏离 "本省"。\n'
        "废止 第二十七条 申诉答复期限。\n修改 第二十七条 申诉答复期限 ｛\n  p(X) 若 q(X)。\n｝\n"
    )
    _same_ast(text, formatted)


def test_a_statement_kind_the_printer_does_not_know_is_kept_as_written(monkeypatch):
    """When the grammar grows before the formatter does, fmt keeps the new statement, never crashes."""
    from jiuze.language import layout

    monkeypatch.delattr(layout._Printer, "_parameter")
    text = "# 前\n参数   期限 =\n  30 # 中间\n  （不得大于）。\n谓词 p(x)。谓词 q(x)。\n"
    formatted = format_text(text)
    assert formatted == "# 前\n参数   期限 =\n    30\n# 中间\n    （不得大于）。\n谓词 p(x)。\n谓词 q(x)。\n"
    assert formatted.count("# 中间") == 1
    _same_ast(text, formatted)
    assert format_text(formatted) == formatted
