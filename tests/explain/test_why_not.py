"""why-not: variables stand for any value, closest rule first, values no rule can produce,
and the reading of an unknown item (issue 13 §1 and §4)."""

from __future__ import annotations

from click.testing import CliRunner

from jiuze import Rulebook
from jiuze.cases.load import load_any_case
from jiuze.cli.main import main
from jiuze.explain.arguments import FAILED, NO_RULE, WHY_NOT


def _run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _model(repo, name="examples/coerced-confession.jz"):
    book = Rulebook.load()
    case = load_any_case(str(repo / name), book.program)
    return book.evaluate(case.facts)


def test_why_not_with_a_variable_explains_instead_of_crashing(repo):
    result = _run("why-not", repo / "examples/coerced-confession.jz", "从重追究(P, 案1)")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert result.output.startswith("从重追究(_, 案1) 不成立")


def test_why_not_with_a_variable_that_some_instance_fills_says_it_holds(repo):
    proof = _model(repo).why_not("应当追究(P, 案1)")
    assert proof.kind == "holds" and proof.atom.values == ("张三", "案1")


def test_a_value_no_rule_can_produce_is_not_a_missing_fact(tmp_path):
    case = tmp_path / "appeal.jz"
    case.write_text(
        "人民警察(张三)。 执行职务(张三, 案27)。 发生机关(案27, 某县公安局)。\n"
        "不服追究决定(张三, 案27)。 提出申诉(张三, 案27, 某县公安局, 2005-03-01)。\n",
        encoding="utf-8",
    )
    result = _run("why-not", case, "申诉答复期限(某县公安局, 张三, 案27, 15)")
    assert result.exit_code == 0, result.output
    assert "[缺少]" not in result.output and "案件中没有这一事实" not in result.output
    assert "[无规则]" in result.output and "没有规则得出这一结论" in result.output
    assert "申诉答复期限(A, P, C, 30)" in result.output


def test_a_value_no_rule_can_produce_has_its_own_kind(repo):
    proof = _model(repo).why_not("申诉答复期限(某县公安局, 张三, 案1, 15)")
    assert proof.kind == NO_RULE


def test_closest_rule_first(repo):
    """李四 lacks both 过错 and 逼供 for 6(2); items needing three missing facts come later."""
    proof = _model(repo).why_not("执法过错情形(李四, 案1, X)")
    assert proof.kind == WHY_NOT
    counts = []
    for reason in proof.premises:
        assert reason.kind == FAILED
        counts.append(int(reason.reading.split()[1]) if reason.reading else 1)
    assert counts == sorted(counts) and counts[0] < counts[-1]
    # the first rule shown explains the shared condition in full, later ones refer back to it
    assert "理由见上文" not in proof.premises[0].premises[0].reading
    assert proof.premises[0].premises[0].premises


def test_unknown_item_reads_once():
    model = Rulebook.load().evaluate([])
    assert model.read("执法过错情形", ("张三", "案1", None)) == "张三在案1中有第六条任一项规定的执法过错情形"
    assert model.read("执法过错情形", ("张三", "案1", 2)) == "张三在案1中有第六条第（二）项规定的执法过错情形"
