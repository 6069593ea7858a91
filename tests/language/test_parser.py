"""Grammar and parser: golden canonical forms, round trips, located errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiuze.language import ast
from jiuze.language.errors import render_findings
from jiuze.language.parser import parse_atom, parse_text
from jiuze.language.printer import format_module

HERE = Path(__file__).parent / "parser"
GOOD = sorted((HERE / "good").glob("*.jz"))
BAD = sorted((HERE / "bad").glob("*.jz"))


def _parse(path: Path):
    text = path.read_text(encoding="utf-8")
    name = f"{path.parent.name}/{path.name}"
    return parse_text(text, name), {name: text}


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.stem)
def test_good_files_parse_to_their_canonical_form(path, golden):
    (module, findings), _ = _parse(path)
    assert findings == []
    golden(path.with_suffix(".expected"), format_module(module))


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.stem)
def test_print_then_parse_gives_the_same_tree(path):
    (module, _), _ = _parse(path)
    again, findings = parse_text(format_module(module), "printed.jz")
    assert findings == []
    assert again.statements == module.statements


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.stem)
def test_bad_files_report_located_chinese_errors(path, golden):
    (module, findings), sources = _parse(path)
    assert findings, "a bad file must produce findings"
    golden(path.with_suffix(".expected"), render_findings(findings, sources) + "\n")


def test_chinese_and_ascii_surfaces_give_the_same_tree():
    chinese, _ = parse_text("应当追究(P, C) 若 执法过错(P, C, _)，并非 免责(P)，N = 计数{X ： q(X)}。", "a")
    ascii_, _ = parse_text("应当追究(P, C) :- 执法过错(P, C, _), not 免责(P), N = count{X : q(X)}.", "b")
    assert chinese.statements == ascii_.statements


def test_all_errors_of_a_file_are_reported_and_later_statements_kept():
    (module, findings), _ = _parse(HERE / "bad" / "several-errors.jz")
    assert [(f.span.line, f.code) for f in findings] == [(2, "syntax"), (4, "syntax"), (5, "syntax")]
    facts = [str(s) for s in module.statements]
    assert "办案人(张三, 案1)。" in facts


def test_caret_is_placed_by_display_width():
    (module, findings), sources = _parse(HERE / "bad" / "missing-period.jz")
    rendered = findings[0].render(sources)
    line, caret = rendered.splitlines()[1:3]
    assert line == "  | 办案人(张三, 案1)"
    # the 。 belongs right after ")": 办案人(张三, 案1) is 17 terminal columns wide
    assert caret == "  | " + " " * 17 + "^"


def test_article_labels_are_normalised():
    module, findings = parse_text("第二十三条 p(a)。 第23条 q(b)。 第六条第(2)项 r(c)。", "a")
    assert findings == []
    assert [str(s.article) for s in module.statements] == ["第二十三条", "第二十三条", "第六条第（二）项"]


def test_relative_item_inside_article_block_gets_the_article():
    module, findings = parse_text("第六条 ｛ 第（十一）项 p(a)。 q(b)。 ｝", "a")
    assert findings == []
    assert [str(s.article) for s in module.statements] == ["第六条第（十一）项", "第六条"]


def test_keyword_glued_where_no_name_can_stand_is_still_a_keyword():
    module, findings = parse_text("p(X) 若q(X)。", "a")  # after p(X) only 若 / 。 can follow
    assert findings == []
    assert str(module.statements[0]) == "p(X) 若 q(X)。"


def test_glued_keyword_lexes_as_one_name():
    module, findings = parse_text("p(X) 若 q(X) 且并非r(X)。", "a")
    assert findings == []
    clause = module.statements[0]
    assert [lit.predicate for lit in clause.body] == ["q", "并非r"]


def test_values_names_strings_integers_dates():
    module, _ = parse_text('p(张三, "张三", 3, 1999-06-02, abc)。', "a")
    values = [a.value for a in module.statements[0].head.args]
    import datetime

    assert values == ["张三", "张三", 3, datetime.date(1999, 6, 2), "abc"]


def test_question_mark_variables_and_full_width_space():
    module, findings = parse_text("p(？人)\u3000若\u3000q(?人)。", "a")
    assert findings == []
    head = module.statements[0].head
    assert isinstance(head.args[0], ast.Variable) and head.args[0].name == "?人"


def test_parse_atom_rejects_non_atoms():
    from jiuze.language.errors import JiuzeError

    assert str(parse_atom("应当追究(P, 案1)")) == "应当追究(P, 案1)"
    with pytest.raises(JiuzeError):
        parse_atom("应当追究(P, C) 若 q(P)")
