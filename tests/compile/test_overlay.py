"""Provincial overlays (第二十八条): operations, stacking, conformity, provenance."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiuze import Fact, JiuzeError, Rulebook
from jiuze.rulebook.rulebook import check_sources, sources_at

REPO = Path(__file__).resolve().parents[2]

BASE = """
谓词 办案人(警察, 案件)。 谓词 逼供(警察, 案件)。 谓词 命令(警察, 案件)。 谓词 登记(警察, 案件)。
谓词 应当追究(警察, 案件) 读作 "应当追究{警察}在{案件}中的责任"。
谓词 不予追究(警察, 案件) 读作 "不追究{警察}在{案件}中的责任"。
互斥 应当追究(P, C) 与 不予追究(P, C)。
第六条第（二）项 应当追究(P, C) 若 办案人(P, C)，逼供(P, C)。
第十四条第（三）项 不予追究(P, C) 若 办案人(P, C)，命令(P, C)。
第十四条 优先于 第六条。
"""


def _write(root: Path, name: str, text: str) -> Path:
    folder = root / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "rules.jz").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def base(tmp_path):
    return _write(tmp_path, "base", BASE)


def _facts(*rows):
    return [Fact(r[0], tuple(r[1:]), f"case:{i}") for i, r in enumerate(rows, 1)]


def _codes(folder: Path) -> list[tuple[str, str]]:
    _, findings = check_sources(sources_at(folder))
    return sorted((f.code, f.severity) for f in findings if f.code not in ("unused-predicate",))


def test_add_amend_repeal(tmp_path, base):
    folder = _write(
        tmp_path,
        "prov",
        """
依据 "../base"。
办法名称 "某省办法"。
增加 第六条第（十七）项 ｛ 应当追究(P, C) 若 登记(P, C)。 ｝
修改 第六条第（二）项 ｛ 应当追究(P, C) 若 逼供(P, C)。 ｝
""",
    )
    book = Rulebook.load(folder)
    model = book.evaluate(_facts(["登记", "甲", "案1"], ["逼供", "乙", "案2"]))
    assert model.query("应当追究(P, C)") == [{"P": "乙", "C": "案2"}, {"P": "甲", "C": "案1"}]
    assert book.overlay.name == "某省办法"
    proof = model.explain("应当追究(甲, 案1)")
    assert proof.rule.span.file.endswith("prov/rules.jz") and str(proof.article) == "第六条第（十七）项"


def test_repeal_is_a_conformity_error_unless_declared_a_deviation(tmp_path, base):
    plain = _write(tmp_path, "p1", '依据 "../base"。\n废止 第十四条第（三）项。\n')
    assert ("repeals-national", "error") in _codes(plain)
    with pytest.raises(JiuzeError) as error:
        Rulebook.load(plain)
    assert "第二十八条" in error.value.render()
    declared = _write(tmp_path, "p2", '依据 "../base"。\n废止 第十四条第（三）项 偏离 "本省另有规定"。\n')
    assert ("repeals-national", "warning") in _codes(declared)
    book = Rulebook.load(declared)
    assert book.overlay.deviations and "本省另有规定" in book.overlay.deviations[0]
    model = book.evaluate(_facts(["办案人", "甲", "案1"], ["逼供", "甲", "案1"], ["命令", "甲", "案1"]))
    assert model.holds("应当追究(甲, 案1)")  # the exemption is gone in this province


def test_narrowing_is_flagged_and_broadening_is_not(tmp_path, base):
    narrow = _write(
        tmp_path,
        "n",
        '依据 "../base"。\n修改 第六条第（二）项 ｛ 应当追究(P, C) 若 办案人(P, C)，逼供(P, C)，登记(P, C)。 ｝\n',
    )
    broad = _write(tmp_path, "b", '依据 "../base"。\n修改 第六条第（二）项 ｛ 应当追究(P, C) 若 逼供(P, C)。 ｝\n')
    assert ("narrows-national", "error") in _codes(narrow)
    assert not any(code == "narrows-national" for code, _ in _codes(broad))


def test_local_priority_over_national_and_contrary_conclusion_are_flagged(tmp_path, base):
    folder = _write(
        tmp_path,
        "c",
        """依据 "../base"。
第三十一条 不予追究(P, C) 若 登记(P, C)。
第三十一条 优先于 第六条。
""",
    )
    codes = _codes(folder)
    assert ("overrides-national", "error") in codes and ("contradicts-national", "error") in codes


def test_unknown_label_in_the_base_is_located(tmp_path, base):
    folder = _write(tmp_path, "u", '依据 "../base"。\n修改 第九条 ｛ 应当追究(P, C) 若 登记(P, C)。 ｝\n')
    _, findings = check_sources(sources_at(folder))
    finding = next(f for f in findings if f.code == "unknown-base-label")
    assert (finding.span.line, finding.span.column) == (2, 4)


def test_overlays_stack_national_province_city():
    city = Rulebook.load(REPO / "logic" / "provinces" / "example-city")
    model = city.evaluate(
        _facts(
            ["人民警察", "己"],
            ["执行职务", "己", "案"],
            ["主观过错", "己", "案", "过失"],
            ["超期羁押", "己", "案"],
            ["情节恶劣", "己", "案"],
        )
    )
    assert model.holds("执法过错情形(己, 案, 17)")  # from the province
    assert model.holds("建议处理(己, 案, 通报批评)")  # from the city
    assert model.holds("建议处理(己, 案, 调离执法岗位)")  # from the province, still there
    assert [s.name for s in city.scenarios] == [
        "某市：情节恶劣的，在省办法的调离执法岗位之外再通报批评",
        "某市：省里增加的第六条第（十七）项仍然适用",
    ]


def test_overlay_cycle_is_an_error(tmp_path):
    a = _write(tmp_path, "a", '依据 "../b"。\n')
    _write(tmp_path, "b", '依据 "../a"。\n')
    with pytest.raises(JiuzeError) as error:
        Rulebook.load(a)
    assert "成环" in error.value.render()


def test_diff_lists_clause_changes_and_differing_conclusions(golden, monkeypatch):
    import json
    import re

    from click.testing import CliRunner

    from jiuze.cli.main import main

    monkeypatch.chdir(REPO)  # relative paths keep the golden file independent of the checkout
    args = [
        "diff",
        "--rules",
        "logic/provinces/example-province",
        "examples/coerced-confession.jz",
        "tests/compile/overlay/slight-negligence.jz",
    ]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "[修改规则] 第二十三条第（一）项" in result.output
    assert "变化：" in result.output and "[∅ → ，及时纠正(P, C)]" in result.output
    assert "从轻追究(丁, 省案4) 只在基础规则库中成立" in result.output
    # the digests change whenever a rule file does; the golden file pins everything else
    golden(REPO / "tests" / "compile" / "overlay" / "diff.txt", re.sub(r"摘要 [0-9a-f]{16}", "摘要 …", result.output))
    data = json.loads(CliRunner().invoke(main, ["diff", "--format", "json"] + args[1:]).output)
    assert {c["kind"] for c in data["clauses"]} == {"added", "amended"}
    assert data["base"]["path"] == "national" and data["overlay"]["path"] == "logic/provinces/example-province"
    old_form = CliRunner().invoke(main, ["diff", "national", "logic/provinces/example-province"])
    assert old_form.exit_code == 0 and "旧写法" in old_form.output and "[修改规则]" in old_form.output


def _diff(base_folder, overlay_folder) -> str:
    from click.testing import CliRunner

    from jiuze.cli.main import main

    result = CliRunner().invoke(main, ["diff", "--rules", str(overlay_folder), "--base", str(base_folder)])
    assert result.exit_code == 0, result.output
    return result.output


def test_diff_shows_defeaters_priorities_contraries_declarations(tmp_path, base):
    folder = _write(
        tmp_path,
        "all",
        """依据 "../base"。
谓词 本省情形(警察, 案件)。
第六条 阻却 应当追究(P, C) 若 本省情形(P, C)。
第十四条第（三）项 优先于 第六条第（二）项。
互斥 登记(P, C) 与 命令(P, C)。
条文 第十四条 有效 1999-01-01 至 2000-01-01。
""",
    )
    output = _diff(base, folder)
    for line in (
        "[增加阻却] 第六条 阻却 应当追究(P, C) 若 本省情形(P, C)。",
        "[增加优先关系] 第十四条第（三）项 优先于 第六条第（二）项。",
        "[增加互斥] 互斥 登记(P, C) 与 命令(P, C)。",
        "[增加谓词] 谓词 本省情形(警察, 案件)。",
        "[增加条文] 条文 第十四条 有效 1999-01-01 至 2000-01-01。",
    ):
        assert line in output, output
    assert "规则没有变化" not in output


@pytest.mark.parametrize(
    "text, code",
    [
        ("第六条 阻却 应当追究(P, C) 若 登记(P, C)。", "defeats-national"),
        ("第六条 优先于 第十四条第（三）项。", "overrides-national"),
        (
            "谓词 本省(警察, 案件)。\n互斥 应当追究(P, C) 与 本省(P, C)。\n本省(P, C) 若 登记(P, C)。",
            "contrary-national",
        ),
        ("不予追究(甲, 案1)。", "asserts-national"),
        ("条文 第六条 有效 1999-01-01 至 2000-01-01。", "limits-national"),
        ("条文 第六条第（二）项 宣示性。", "limits-national"),
    ],
)
def test_every_statement_kind_is_checked_against_the_base(tmp_path, base, text, code):
    plain = _write(tmp_path, "plain", '依据 "../base"。\n' + text + "\n")
    assert (code, "error") in _codes(plain)
    declared = _write(tmp_path, "declared", '依据 "../base"。\n增加 第三十条 偏离 "本省规定" ｛\n' + text + "\n｝\n")
    assert (code, "warning") in _codes(declared) and (code, "error") not in _codes(declared)


def test_local_priority_among_local_rules_and_restated_national_priority_are_fine(tmp_path, base):
    folder = _write(
        tmp_path,
        "fine",
        """依据 "../base"。
第三十条 应当追究(P, C) 若 登记(P, C)。
第三十一条 不予追究(P, C) 若 登记(P, C)，命令(P, C)。
第三十一条 优先于 第三十条。
第十四条 优先于 第六条。
""",
    )
    assert not any(code == "overrides-national" for code, _ in _codes(folder))


def test_narrowing_caret_points_at_the_replacing_rule(tmp_path, base):
    folder = _write(
        tmp_path,
        "n2",
        '依据 "../base"。\n修改 第六条第（二）项 ｛\n  应当追究(P, C) 若 办案人(P, C)，逼供(P, C)，登记(P, C)。\n｝\n',
    )
    _, findings = check_sources(sources_at(folder))
    finding = next(f for f in findings if f.code == "narrows-national")
    assert (finding.span.line, finding.span.column) == (3, 3)


def test_every_example_overlay_is_conformant_and_green():
    from jiuze.reports.scenarios import run_all

    for name in ("example-province", "example-province-b", "example-city"):
        book = Rulebook.load(REPO / "logic" / "provinces" / name)
        results = run_all(book)
        assert results and all(r.passed for r in results), name


def test_every_declared_deviation_is_listed_even_without_a_finding(tmp_path, base):
    folder = _write(
        tmp_path,
        "dev",
        '依据 "../base"。\n增加 第六条第（十七）项 偏离 "本省的新情形" ｛ 应当追究(P, C) 若 登记(P, C)。 ｝\n'
        '废止 第十四条第（三）项 偏离 "本省不设此项"。\n',
    )
    deviations = Rulebook.load(folder).overlay.deviations
    assert len(deviations) == 2
    assert any("增加 第六条第（十七）项（声明偏离：本省的新情形）" in d for d in deviations)
    assert any("repeal" not in d and "本省不设此项" in d for d in deviations)
