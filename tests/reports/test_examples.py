"""The example cases in examples/*.yaml: the conclusions a reader checks by eye, and golden reports.

Each example is a narrative (the YAML comment block) plus a structured case file; the golden report is
`jiuze report examples/<name>.yaml`, run from the repository root so that the file is named relatively.
Regenerate the goldens with JIUZE_UPDATE_GOLDEN=1.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from jiuze import Rulebook
from jiuze.cases.load import load_any_case
from jiuze.cli.main import main

EXAMPLES = [
    "wrongful-detention-overturned",
    "false-appraisal",
    "superior-wrong-reply",
    "approver-overruled",
    "falsified-records",
    "repeat-gross-negligence",
]


@pytest.fixture(scope="module")
def book():
    return Rulebook.load()


@pytest.fixture
def in_repo(repo, monkeypatch):
    """Run from the repository root, so case files are named relatively in the output."""
    monkeypatch.chdir(repo)
    return repo


def evaluate(book, repo, name):
    case = load_any_case(str(repo / "examples" / f"{name}.yaml"), book.program)
    return book.evaluate(case.facts)


def items(model, person, case):
    """The items of Art 6 under which `person` is liable, e.g. [3, 7]."""
    return sorted(b["N"] for b in model.query(f"执法过错情形({person}, {case}, N)"))


@pytest.mark.parametrize("name", EXAMPLES)
def test_report_golden(in_repo, golden, name):
    result = CliRunner().invoke(main, ["report", f"examples/{name}.yaml"])
    assert result.exit_code == 0, result.output
    assert str(in_repo) not in result.output  # no absolute paths
    assert f"案件文件：examples/{name}.yaml" in result.output
    golden(in_repo / "tests" / "reports" / "examples" / f"{name}.txt", result.output)


def test_readme_lists_every_example(repo):
    readme = (repo / "examples" / "README.md").read_text(encoding="utf-8")
    for path in sorted((repo / "examples").iterdir()):
        if path.suffix in {".jz", ".yaml", ".json"}:
            assert path.name in readme, f"examples/README.md does not list {path.name}"


def test_wrongful_detention_overturned(book, repo):
    model = evaluate(book, repo, "wrongful-detention-overturned")
    # 办案人：第六条第（三）项（法院判决无罪）与第（七）项（对没有犯罪事实的人刑事拘留）。
    assert model.holds("应当追究(张三, 案61)")
    assert items(model, "张三", "案61") == [3, 7]
    # 过失审批的审批人也是“办案人员”：第（三）项；刑事拘留是办案人采取的，第（七）项不及于他。
    assert model.holds("应当追究(王五, 案61)")
    assert items(model, "王五", "案61") == [3]
    # 提出正确审核意见、本人没有过错的审核人不被追究，也不是责任人员。
    assert not model.holds("应当追究(李四, 案61)")
    assert not model.holds("责任人员(李四, 案61, 审核人)")
    # 三方并非都有过错：第八条不适用，不分主次。
    assert not model.holds("三方均有过错(案61)")
    assert model.query("责任程度(P, 案61, D)") == []
    # 第十九条：规则库对本案的每一个执法过错责任人员都推出“应当追偿”（见报告金标准）。这一点有疑问：
    # 第十九条“依照《国家赔偿法》的规定”追偿，而国家赔偿法（1994）第二十四条只许向有刑讯逼供、殴打、
    # 违法使用武器警械，或者贪污受贿、徇私舞弊、枉法裁判的工作人员追偿，本案二人只是过失。
    # 这里不把它当作正确结论断言，只断言没有过错的审核人不在其列。
    assert not model.holds("追偿赔偿费用(李四, 案61)")


def test_false_appraisal(book, repo):
    model = evaluate(book, repo, "false-appraisal")
    # 鉴定人：第六条第（二）项（鉴定中重大失误、疏漏，案件错误处理）与第（三）项（检察院不起诉）。
    assert model.holds("应当追究(赵六, 案12a)")
    assert items(model, "赵六", "案12a") == [2, 3]
    # 第十二条：鉴定人承担主要责任；本人也有过失的审批人承担次要责任。
    assert model.holds("责任程度(赵六, 案12a, 主要)")
    assert model.holds("应当追究(王五, 案12a)")
    assert model.holds("责任程度(王五, 案12a, 次要)")
    assert not model.holds("责任程度(王五, 案12a, 主要)")
    # 依据鉴定结论办案、本人没有过错的办案人、审核人不被追究。
    for person in ["张三", "李四"]:
        assert not model.holds(f"应当追究({person}, 案12a)")
        assert model.query(f"责任程度({person}, 案12a, D)") == []


def test_superior_wrong_reply(book, repo):
    model = evaluate(book, repo, "superior-wrong-reply")
    # 第十三条：上级公安机关有关责任人员承担责任……
    assert model.holds("承担责任(孙八, 案13a)")
    assert not model.holds("不承担责任(孙八, 案13a)")
    # ……并按错误所属的第六条那一项（县局依批复作出的违法行政拘留，第（八）项）被追究（解读 35）。
    assert model.holds("应当追究(孙八, 案13a)")
    assert model.holds("分配追究情形(孙八, 案13a, 8)")
    assert items(model, "孙八", "案13a") == []
    assert model.holds("执法过错责任人员(孙八, 案13a)")
    # 按照规定请示的下级办案人员不承担责任，也不被追究（第十三条 优先于 第六条）。
    for person in ["张三", "李四", "王五"]:
        assert model.holds(f"不承担责任({person}, 案13a)")
        assert model.holds(f"不予追究({person}, 案13a)")
        assert not model.holds(f"应当追究({person}, 案13a)")
        assert not model.holds(f"执法过错责任人员({person}, 案13a)")


def test_approver_overruled(book, repo):
    model = evaluate(book, repo, "approver-overruled")
    # 第九条：审批人承担全部责任；第八条的主要责任被排除。
    assert model.holds("三方均有过错(案9)")
    assert model.holds("责任程度(王五, 案9, 全部)")
    assert not model.holds("责任程度(王五, 案9, 主要)")
    # 提出正确意见的办案人、审核人不承担责任，第八条的次要责任也被排除。
    for person in ["张三", "李四"]:
        assert model.holds(f"不承担责任({person}, 案9)")
        assert not model.holds(f"责任程度({person}, 案9, 次要)")
    # 承担全部责任的审批人也被追究（第六条第（十六）项）。
    assert model.holds("应当追究(王五, 案9)")


def test_falsified_records(book, repo):
    model = evaluate(book, repo, "falsified-records")
    # 第十一条：弄虚作假的办案人承担主要责任（也是第六条第（二）项的情形）。
    assert model.holds("责任程度(张三, 案11, 主要)")
    assert not model.holds("责任程度(张三, 案11, 次要)")
    assert model.holds("应当追究(张三, 案11)")
    assert items(model, "张三", "案11") == [2, 3]  # 弄虚作假；主要犯罪事实错误、检察院不起诉
    # 检察院不起诉：有过错的审核人、审批人也依第六条第（三）项被追究，与第八条、第十一条的责任分配一致。
    assert model.holds("应当追究(李四, 案11)") and model.holds("应当追究(王五, 案11)")
    # 受蒙蔽而本人也有过失的审批人承担次要责任，不是第八条的主要责任。
    assert model.holds("责任程度(王五, 案11, 次要)")
    assert not model.holds("责任程度(王五, 案11, 主要)")
    # 没有弄虚作假的审核人：第八条的次要责任不变。
    assert model.holds("责任程度(李四, 案11, 次要)")


@pytest.mark.parametrize("name", ["approver-overruled", "falsified-records"])
def test_yaml_and_fact_file_are_the_same_case(in_repo, book, name):
    from jiuze.reports.data import build_report

    cases = [load_any_case(f"examples/{name}{ext}", book.program) for ext in (".jz", ".yaml")]
    facts = [{(f.predicate, tuple(f.values)) for f in case.facts} for case in cases]
    assert facts[0] == facts[1]
    reports = [build_report(book.evaluate(case.facts), case) for case in cases]
    shapes = [
        [(p.name, [str(c.atom) for c in p.conclusions], [(s.case, s.liable) for s in p.summaries]) for p in r.persons]
        for r in reports
    ]
    assert shapes[0] == shapes[1]


def test_repeat_gross_negligence(book, repo):
    """Issue 13 readings together: 连续多次 from 既往过错 (解读 21), 重大过失 recovery and 过错形态未查明
    (27, 35), Art 8 without a reviewer (13), pursuit by allocation (34, 39), 发生机关 from 单位 (36)."""
    model = evaluate(book, repo, "repeat-gross-negligence")
    assert model.holds("从重情形(赵六, 案62, 4)") and model.holds("从重追究(赵六, 案62)")
    assert model.holds("追偿赔偿费用(赵六, 案62)")
    assert model.holds("三方均有过错(案62)")
    assert model.holds("责任程度(钱七, 案62, 主要)") and model.holds("责任程度(赵六, 案62, 次要)")
    assert model.holds("分配追究情形(钱七, 案62, 8)") and model.holds("应当追究(钱七, 案62)")
    assert not model.holds("追偿赔偿费用(钱七, 案62)")
    assert model.holds("不予追偿(钱七, 案62, 过错形态未查明)")
    assert model.holds("负责查处(某县公安局, 案62)") and model.holds("直接查处(某市公安局, 案62)")
    assert not model.holds("负责查处(城关派出所, 案62)")
