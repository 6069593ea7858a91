"""Structured case files (YAML / JSON): translation to facts, sources, and located errors."""

from __future__ import annotations

import datetime
import json

import pytest

from jiuze import JiuzeError, Rulebook, load_case
from jiuze.cases.case_format import AGENCY_KEYS, CASE_KEYS, FAULTS, PERSON_KEYS, ROLES, UNIT_KEYS, StructuredCase
from jiuze.cases.load import case_from_yaml, load_any_case

RULES = """
谓词 人民警察(警察)。
谓词 执行职务(警察, 案件)。
谓词 主观过错(警察, 案件, 形态)。
谓词 办案人(警察, 案件)。
谓词 审核人(警察, 案件)。
谓词 逼供(警察, 案件)。
谓词 违法作出行政处罚(警察, 案件, 处罚)。
谓词 采取刑事强制措施(警察, 案件, 对象, 措施)。
谓词 违反法定程序(案件)。
谓词 重大犯罪嫌疑人(对象, 案件)。
谓词 连续多次发生执法过错(警察)。
谓词 所属单位(警察, 单位)。
谓词 应当追究(警察, 案件)。
应当追究(P, C) 若 执行职务(P, C)，逼供(P, C)，违反法定程序(C)，人民警察(P)，主观过错(P, C, _)，
  办案人(P, C)，审核人(_, C)，违法作出行政处罚(P, C, _)，采取刑事强制措施(P, C, _, _)，重大犯罪嫌疑人(_, C)，
  连续多次发生执法过错(P)，所属单位(P, _)。
"""


@pytest.fixture(scope="module")
def program():
    return Rulebook.from_text(RULES, "rules.jz").program


@pytest.fixture(scope="module")
def national():
    return Rulebook.load().program


def _facts(case):
    return {(f.predicate, f.values) for f in case.facts}


def _load(tmp_path, text: str, program, name: str = "case.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_any_case(path, program)


def _errors(tmp_path, text: str, program, name: str = "case.yaml") -> list:
    with pytest.raises(JiuzeError) as error:
        _load(tmp_path, text, program, name)
    return error.value.findings


# ---------------------------------------------------------------- translation


def test_the_yaml_example_states_the_same_facts_as_the_fact_file(repo, national):
    structured = load_any_case(repo / "examples/coerced-confession.yaml", national)
    plain = load_case(repo / "examples/coerced-confession.jz", national)
    assert _facts(structured) == _facts(plain)
    assert isinstance(structured, StructuredCase)
    assert (structured.name, structured.case_id, structured.date) == ("刑讯逼供案", "案1", datetime.date(2005, 3, 2))
    assert [(p.name, p.unit, p.roles, p.fault) for p in structured.persons] == [
        ("张三", "某派出所", ("办案人",), "故意"),
        ("李四", "某派出所", ("审核人",), None),
        ("王五", "某市公安局", ("审批人",), None),
    ]


def test_every_fact_cites_its_path(tmp_path, program):
    case = _load(
        tmp_path,
        """
案件: 案1
人员:
  - 姓名: 张三
    角色: [办案人]
    过错: 故意
    行为: [逼供, {违法作出行政处罚: 罚款}, {采取刑事强制措施: [李某, 刑事拘留]}, 连续多次发生执法过错]
案件情节: [违反法定程序, {重大犯罪嫌疑人: 李某}]
""",
        program,
    )
    sources = {(f.predicate, f.values): f.source.split("#", 1)[1] for f in case.facts}
    assert sources == {
        ("人民警察", ("张三",)): "人员[0]",
        ("执行职务", ("张三", "案1")): "人员[0]",
        ("办案人", ("张三", "案1")): "人员[0].角色[0]",
        ("主观过错", ("张三", "案1", "故意")): "人员[0].过错",
        ("逼供", ("张三", "案1")): "人员[0].行为[0]",
        ("违法作出行政处罚", ("张三", "案1", "罚款")): "人员[0].行为[1]",
        ("采取刑事强制措施", ("张三", "案1", "李某", "刑事拘留")): "人员[0].行为[2]",
        ("连续多次发生执法过错", ("张三",)): "人员[0].行为[3]",
        ("违反法定程序", ("案1",)): "案件情节[0]",
        ("重大犯罪嫌疑人", ("李某", "案1")): "案件情节[1]",
    }
    assert all(f.source.startswith(str(tmp_path / "case.yaml") + "#") for f in case.facts)


def test_english_keys_json_and_raw_facts(tmp_path, program):
    data = {
        "case": "案2",
        "date": "2005-03-02",
        "units": [{"name": "某派出所"}],
        "persons": [{"name": "张三", "unit": "某派出所", "roles": "办案人", "police": False, "on_duty": "否"}],
        "facts": [["审核人", "李四", "案2"], "主观过错(张三, 案2, 过失)"],
    }
    case = _load(tmp_path, json.dumps(data, ensure_ascii=False), program, "case.json")
    assert _facts(case) == {
        ("办案人", ("张三", "案2")),
        ("所属单位", ("张三", "某派出所")),
        ("审核人", ("李四", "案2")),
        ("主观过错", ("张三", "案2", "过失")),
    }
    assert case.date == datetime.date(2005, 3, 2)
    raw = next(f for f in case.facts if f.predicate == "审核人")
    assert raw.source.endswith("case.json#facts[0]")  # the path as written in the file


def test_fact_files_and_fact_json_fall_back_to_load_case(repo, national):
    for name in ["examples/coerced-confession.jz", "examples/coerced-confession.json"]:
        assert _facts(load_any_case(repo / name, national)) == _facts(load_case(repo / name, national))


def test_defaults_state_nothing_the_rulebook_does_not_declare(tmp_path):
    program = Rulebook.from_text("谓词 办案人(警察, 案件)。", "r.jz").program
    case = _load(tmp_path, "案件: 案1\n人员: [{姓名: 张三, 角色: [办案人]}]\n", program)
    assert _facts(case) == {("办案人", ("张三", "案1"))}


def test_yaml_dates_in_raw_facts(tmp_path):
    program = Rulebook.from_text("谓词 过错日期(警察, 案件, 日期)。", "r.jz").program
    case = _load(tmp_path, "案件: 案1\n事实: [[过错日期, 张三, 案1, 2005-03-02]]\n", program)
    assert _facts(case) == {("过错日期", ("张三", "案1", datetime.date(2005, 3, 2)))}


# ---------------------------------------------------------------- errors

BAD = """案件: 案1
人员:
  - 姓名: 张三
    角色: [办案人, 审查人]
    过错: 故意了
    职位: 科员
    行为: [违法作出行政处罚, 违反法定程序, 逼工]
  - 姓名: 张三
案件情节: [逼供]
事实: ["审核人(李四)"]
"""


def test_all_errors_at_once_each_naming_its_path(tmp_path, program):
    findings = _errors(tmp_path, BAD, program)
    pointers = [f.span.pointer for f in findings]
    assert pointers == [
        "人员[0].角色[1]",
        "人员[0].过错",
        "人员[0].职位",
        "人员[0].行为[0]",
        "人员[0].行为[1]",
        "人员[0].行为[2]",
        "人员[1].姓名",
        "案件情节[0]",
        "事实[0]",
    ]
    messages = {f.span.pointer: f.message for f in findings}
    assert messages["人员[0].角色[1]"] == "人员[0].角色[1]（第 4 行）：未知角色“审查人”，可选：办案人、审核人"
    assert "可用的键：姓名、单位、角色、过错、行为、人民警察、执行职务、既往过错、说明" in messages["人员[0].职位"]
    assert "还需要 1 个值（处罚）" in messages["人员[0].行为[0]"]
    assert "不是人员的行为" in messages["人员[0].行为[1]"]
    assert "没有声明谓词“逼工”" in messages["人员[0].行为[2]"]
    assert "重复" in messages["人员[1].姓名"]
    assert "是人员的行为" in messages["案件情节[0]"]
    assert all(f.code == "bad-case" for f in findings)


def test_errors_show_the_yaml_line_with_a_caret(tmp_path, program):
    findings = _errors(tmp_path, BAD, program)
    role = next(f for f in findings if f.span.pointer == "人员[0].角色[1]")
    assert (role.span.line, role.span.column) == (4, 15)
    with pytest.raises(JiuzeError) as error:
        _load(tmp_path, BAD, program)
    rendered = error.value.render()
    assert "    角色: [办案人, 审查人]\n  |                    ^^^^^^" in rendered
    assert "提示：是否想写“审核人”？" in rendered
    assert "共 9 个错误" in rendered


def test_yaml_syntax_error_has_line_column_and_caret(tmp_path, program):
    findings = _errors(tmp_path, "案件: 案1\n人员:\n\t- 姓名: 张三\n", program)
    assert [(f.code, f.span.line, f.span.column) for f in findings] == [("bad-yaml", 3, 1)]
    assert "Tab" in findings[0].message
    with pytest.raises(JiuzeError) as error:
        case_from_yaml("案件: 案1\n人员:\n  - 姓名：张三\n    角色: [办案人\n", "c.yaml", program)
    assert "全角冒号" in error.value.render()
    assert "^" in error.value.render()


def test_full_width_colon_at_top_level(tmp_path, program):
    findings = _errors(tmp_path, "案件：案1\n", program)
    assert "全角冒号" in findings[0].hint


def test_duplicate_keys_aliases_and_missing_case_id(tmp_path, program):
    findings = _errors(tmp_path, "案件: 案1\n案件: 案2\n", program)
    assert [(f.span.pointer, f.span.line) for f in findings] == [("案件", 2)]
    findings = _errors(tmp_path, '{"案件": "案1", "人员": [], "人员": []}', program, "c.json")
    assert [f.span.pointer for f in findings] == ["人员"]
    findings = _errors(tmp_path, "案件: 案1\n人员: &a []\n事实: *a\n", program)
    assert "别名" in findings[0].message
    findings = _errors(tmp_path, "case: 案1\n案件: 案1\n", program)
    assert "重复" in findings[0].message
    findings = _errors(tmp_path, "人员: []\n", program)
    assert "缺少“案件”" in findings[0].message
    findings = _errors(tmp_path, "", program)
    assert "空的" in findings[0].message


def test_unlisted_unit_and_bad_date(tmp_path, program):
    text = "案件: 案1\n发生日期: 2005-3-2\n单位: [{名称: 某派出所}]\n人员: [{姓名: 张三, 单位: 某所}]\n"
    findings = _errors(tmp_path, text, program)
    assert [f.span.pointer for f in findings] == ["发生日期", "人员[0].单位"]
    assert "可选：某派出所" in findings[1].message


def test_json_errors_name_paths(tmp_path, program):
    data = {"案件": "案1", "人员": [{"姓名": "张三", "角色": ["审查人"], "行为": [1.5]}]}
    findings = _errors(tmp_path, json.dumps(data, ensure_ascii=False), program, "c.json")
    assert [f.span.pointer for f in findings] == ["人员[0].角色[0]", "人员[0].行为[0]"]


def test_a_file_with_errors_loads_nothing(tmp_path, program):
    with pytest.raises(JiuzeError):
        _load(tmp_path, "案件: 案1\n人员: [{姓名: 张三, 角色: [办案人]}, {姓名: 李四, 角色: [审查人]}]\n", program)


# ---------------------------------------------------------------- the schema documents the loader


def test_schema_lists_exactly_the_keys_the_loader_accepts(repo):
    schema = json.loads((repo / "docs/case-schema.json").read_text(encoding="utf-8"))

    def keys(table):
        return set(table) | set(table.values())

    assert set(schema["properties"]) == keys(CASE_KEYS)
    assert set(schema["$defs"]["agency"]["properties"]) == keys(AGENCY_KEYS)
    assert set(schema["$defs"]["unit"]["properties"]) == keys(UNIT_KEYS)
    assert set(schema["$defs"]["person"]["properties"]) == keys(PERSON_KEYS)
    assert schema["$defs"]["role"]["enum"] == list(ROLES)
    assert schema["$defs"]["person"]["properties"]["过错"]["enum"] == list(FAULTS)


# ---------------------------------------------------------------- fault kinds, earlier errors, agencies (issue 13)

PERSON_HISTORY = """案件: 案3
发生日期: 2006-03-01
机关:
  - {名称: 某县公安局, 上级: 某市公安局}
  - {名称: 某市公安局}
单位:
  - {名称: 城关派出所, 机关: 某县公安局}
人员:
  - 姓名: 张三
    单位: 城关派出所
    角色: [办案人]
    过错: 重大过失
    行为: [违规收取费用]
    既往过错:
      - {案件: 案1, 日期: 2005-04-10, 项: 10}
      - {case: 案2, date: 2005-11-20, item: 8, note: 已处理}
  - 姓名: 李四
    角色: 审核人
    过错: 有
案件情节: [国家赔偿]
"""


def test_fault_kinds_earlier_errors_and_agencies_become_facts(tmp_path, national):
    case = _load(tmp_path, PERSON_HISTORY, national)
    sources = {(f.predicate, f.values): f.source.split("#", 1)[1] for f in case.facts}
    assert sources[("主观过错", ("张三", "案3", "过失"))] == "人员[0].过错"
    assert sources[("重大过失", ("张三", "案3"))] == "人员[0].过错"
    assert sources[("主观过错", ("李四", "案3", "形态未查明的过错"))] == "人员[1].过错"
    assert sources[("既往执法过错", ("张三", "案1", datetime.date(2005, 4, 10), 10))] == "人员[0].既往过错[0]"
    assert sources[("既往执法过错", ("张三", "案2", datetime.date(2005, 11, 20), 8))] == "人员[0].既往过错[1]"
    assert sources[("发生日期", ("案3", datetime.date(2006, 3, 1)))] == "发生日期"
    # Agencies listed under 机关 are 公安机关; the 派出所 listed under 单位 is not.
    assert ("公安机关", ("某县公安局",)) in sources and ("公安机关", ("城关派出所",)) not in sources
    assert sources[("所属机关", ("城关派出所", "某县公安局"))] == "单位[0].机关"


def test_earlier_errors_and_gross_negligence_change_the_outcome(tmp_path):
    book = Rulebook.load()
    path = tmp_path / "case.yaml"
    path.write_text(PERSON_HISTORY, encoding="utf-8")
    model = book.evaluate(load_any_case(path, book.program).facts)
    assert model.holds("从重情形(张三, 案3, 4)")  # 连续多次 computed from the two earlier errors
    assert model.holds("追偿赔偿费用(张三, 案3)")  # 重大过失
    assert model.holds("过错形态未查明(李四, 案3)")
    assert model.holds("过错发生机关(案3, 某县公安局)") and not model.holds("过错发生机关(案3, 城关派出所)")
    assert model.holds("直接查处(某市公安局, 案3)")
    # A year later than the last earlier error plus twelve months: no run of three.
    later = PERSON_HISTORY.replace("发生日期: 2006-03-01", "发生日期: 2007-03-01")
    path.write_text(later, encoding="utf-8")
    assert not book.evaluate(load_any_case(path, book.program).facts).holds("从重情形(张三, 案3, 4)")


def test_bad_earlier_errors_and_impossible_dates_are_located(tmp_path, national):
    text = PERSON_HISTORY.replace("{案件: 案1, 日期: 2005-04-10, 项: 10}", "{案件: 案3, 日期: 2005-13-01, 项: 十}")
    text = text.replace("{case: 案2, date: 2005-11-20, item: 8, note: 已处理}", "{案件: 案2}")
    findings = _errors(tmp_path, text, national)
    messages = {f.span.pointer: f.message for f in findings}
    assert "既往过错不能是本案" in messages["人员[0].既往过错[0].案件"]
    assert "这里是文字“2005-13-01”" in messages["人员[0].既往过错[0].日期"]  # not a ValueError traceback
    assert "项应是第六条的项号" in messages["人员[0].既往过错[0].项"]
    assert "缺少“日期”“项”" in messages["人员[0].既往过错[1]"]
    assert (
        "有过错而形态未查明的写“有”"
        in _errors(tmp_path, "案件: 案1\n人员: [{姓名: 张三, 过错: 大概}]\n", national)[0].hint
    )


def test_schema_lists_the_earlier_error_keys(repo):
    from jiuze.cases.case_format import EARLIER_KEYS

    schema = json.loads((repo / "docs/case-schema.json").read_text(encoding="utf-8"))
    assert set(schema["$defs"]["earlier_error"]["properties"]) == set(EARLIER_KEYS) | set(EARLIER_KEYS.values())


# ---------------------------------------------------------------- dossiers (several cases in one file)

DOSSIER = """名称: 某派出所2005年卷宗
机关:
  - {名称: 某县公安局}
单位:
  - {名称: 某派出所, 机关: 某县公安局}
案件列表:
  - 案件: 案31
    发生日期: 2005-02-14
    人员: [{姓名: 钱九, 单位: 某派出所, 角色: [办案人], 过错: 过失, 行为: [违规收取费用]}]
  - 案件: 案32
    发生日期: 2005-06-03
    人员: [{姓名: 钱九, 单位: 某派出所, 角色: [办案人], 过错: 过失, 行为: [违规收取费用]}]
  - case: 案33
    date: 2005-11-20
    persons:
      - {姓名: 钱九, 单位: 某派出所, 角色: [办案人], 过错: 故意, 行为: [逼供]}
      - {姓名: 孙十, 单位: 某派出所, 角色: [审核人]}
"""


def test_a_dossier_holds_several_cases_sharing_units_and_persons(tmp_path, national):
    case = _load(tmp_path, DOSSIER, national)
    sources = {(f.predicate, f.values): f.source.split("#", 1)[1] for f in case.facts}
    assert sources[("办案人", ("钱九", "案32"))] == "案件列表[1].人员[0].角色[0]"
    assert sources[("过错年度", ("案33", 2005))] == "案件列表[2].date"
    assert sources[("发生日期", ("案31", datetime.date(2005, 2, 14)))] == "案件列表[0].发生日期"
    assert [(p.name, p.roles) for p in case.persons] == [("钱九", ("办案人",)), ("孙十", ("审核人",))]
    assert case.case_id is None and case.date is None and case.name == "某派出所2005年卷宗"
    book = Rulebook.load()
    model = book.evaluate(case.facts)
    assert [b["C"] for b in model.query("从重情形(钱九, C, 4)")] == [
        "案31",
        "案32",
        "案33",
    ]  # 连续多次 across the dossier
    assert model.holds("多次发生执法过错(某派出所, 2005)") and model.holds("评为先进集体(某县公安局, 2005)")


def test_dossier_mistakes_are_located(tmp_path, national):
    text = DOSSIER.replace("名称: 某派出所2005年卷宗\n", "名称: 卷宗\n案件: 案9\n人员: []\n")
    text = text.replace("  - 案件: 案32\n", "  - 案件: 案31\n")
    messages = {f.span.pointer: f.message for f in _errors(tmp_path, text, national)}
    assert "不写顶层的“案件”" in messages["案件"]
    assert "写在 案件列表 的各项中" in messages["人员"]
    assert "案件“案31”重复" in messages["案件列表[1].案件"]
    assert "应是非空的列表" in _errors(tmp_path, "案件列表: []\n", national)[0].message
