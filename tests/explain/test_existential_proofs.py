"""Existential body atoms (`所列情形(_, C, _)`) evaluated through hidden `#存在N` relations (issue 17):
the same conclusions, the same proofs as the rule as written, on both evaluators, and the helper
never shown to a user."""

from __future__ import annotations

from dataclasses import replace

import pytest
from click.testing import CliRunner

from jiuze import Fact, Rulebook
from jiuze.cli.main import main
from jiuze.explain.model import Model
from jiuze.reports import proof_text as text

# p's existential r(_, C, _) has rows of rank 1 (via s) and rank 2 (via u, v): which row a proof
# shows depends on the rank of the rest of the body — the lowest (max(row, rest), text) wins.
RULES = """
谓词 q(警察, 案件) 读作 "{警察}办理{案件}"。
谓词 t(警察, 案件) 读作 "{警察}承办{案件}"。
谓词 m(警察, 案件) 读作 "{警察}协办{案件}"。
谓词 n(警察) 读作 "{警察}在编"。
谓词 o(警察) 读作 "{警察}有编制"。
谓词 r(警察, 案件, 项) 读作 "{警察}在{案件}中有第{项}项情形"。
谓词 s(警察, 案件, 项) 读作 "{警察}在{案件}中被认定第{项}项情形"。
谓词 u(警察, 案件, 项) 读作 "{警察}在{案件}中被举报第{项}项情形"。
谓词 v(警察) 读作 "{警察}已核实"。
谓词 w(警察) 读作 "{警察}经核查"。
谓词 p(警察, 案件) 读作 "{警察}在{案件}中有执法过错"。
q(P, C) 若 t(P, C)。
q(P, C) 若 m(P, C)，n(P)。
n(P) 若 o(P)。
r(X, C, Y) 若 s(X, C, Y)。
r(X, C, Y) 若 u(X, C, Y)，v(X)。
v(X) 若 w(X)。
第二条 p(P, C) 若 q(P, C)，r(_, C, _)。
"""

FACTS = [
    ("t", ("甲", "案1")),  # rest of rank 1
    ("m", ("乙", "案1")),
    ("o", ("乙",)),  # rest of rank 2
    ("s", ("戊", "案1", 2)),  # a row of rank 1, the later text
    ("u", ("丙", "案1", 1)),
    ("w", ("丙",)),  # a row of rank 2, the earlier text
    ("s", ("丁", "案2", 3)),  # another case: never shown for 案1
]


def as_written(program):
    """The same program without the rewrite: every rule evaluated and proved as the drafter wrote it."""
    hidden = program.existentials_by_relation
    rules = tuple(replace(r, evaluated=None) for r in program.rules if r.head.predicate not in hidden)
    return replace(program, rules=rules, existentials=())


@pytest.fixture(scope="module")
def book():
    return Rulebook.from_text(RULES, "rules.jz")


def facts():
    return [Fact(p, v, f"case.yaml#/facts/{i}") for i, (p, v) in enumerate(FACTS)]


def test_the_atom_is_compiled_into_a_hidden_relation_and_the_rule_still_reads_as_written(book):
    (existential,) = book.program.existentials
    assert existential.relation.startswith("#") and [v.name for v in existential.shared] == ["C"]
    (rule,) = book.program.rules_for("p")
    assert str(rule) == "p(P, C) 若 q(P, C)，r(_, C, _)。"
    assert [str(lit) for lit in rule.evaluated_body] == ["q(P, C)", f"{existential.relation}(C)"]
    (helper,) = book.program.rules_for(existential.relation)
    assert helper.id == rule.id and helper.article is None


@pytest.mark.parametrize("evaluator", ["pydatalog", "clingo"])
def test_proofs_are_those_of_the_rule_as_written(book, evaluator):
    case = facts()
    relations = book.relations([case], evaluator)[0]
    rewritten, written = Model(book.program, case, relations), Model(as_written(book.program), case, relations)
    assert relations["p"] == {("甲", "案1"), ("乙", "案1")}
    for predicate in ("p", "q", "r", "n", "v"):
        for row in sorted(relations[predicate]):
            atom = f"{predicate}({', '.join(map(str, row))})"
            assert text.proof_text(rewritten.explain(atom)) == text.proof_text(written.explain(atom)), atom
            assert rewritten.explain(atom, all=True) == written.explain(atom, all=True), atom
    # rest of rank 1: the rank-1 row beats the earlier text of rank 2; rest of rank 2: the earlier text wins
    assert "r(戊, 案1, 2)" in text.proof_text(rewritten.explain("p(甲, 案1)"))
    assert "r(丙, 案1, 1)" in text.proof_text(rewritten.explain("p(乙, 案1)"))


def test_both_evaluators_agree(book):
    case = facts()
    by_pydatalog, by_clingo = (book.relations([case], e)[0] for e in ("pydatalog", "clingo"))
    assert {k: v for k, v in by_pydatalog.items() if v} == {k: v for k, v in by_clingo.items() if v}


def test_national_rule_of_article_2_proves_as_written():
    """执法过错(P, C) 若 …，所列情形(_, C, _)，并非 有本人执法过错情形(P, C): the rule the issue names."""
    book = Rulebook.load()
    people = [
        {"姓名": "警员0", "角色": ["办案人"], "过错": "过失"},
        {"姓名": "警员1", "角色": ["办案人"], "过错": "故意", "行为": ["逼供"]},
        {"姓名": "警员2", "角色": ["办案人"], "过错": "故意", "行为": ["逼供"]},
    ]
    from jiuze.cases.load import case_from_data

    case = case_from_data({"案件": "案1", "名称": "案", "人员": people}, "c.yaml", book.program)
    relations = book.relations([list(case.facts)], "pydatalog")[0]
    rewritten, written = (Model(p, case.facts, relations) for p in (book.program, as_written(book.program)))
    shown = text.proof_text(rewritten.explain("执法过错(警员0, 案1)"))
    assert shown == text.proof_text(written.explain("执法过错(警员0, 案1)"))
    assert "所列情形(警员1, 案1, 2)" in shown and "#存在" not in shown


CASE = """案件: 案1
名称: 大案
人员:
  - 姓名: 警员0
    角色: [办案人]
    过错: 过失
  - 姓名: 警员1
    角色: [办案人]
    过错: 故意
    行为: [逼供]
"""


@pytest.mark.parametrize(
    "args",
    [
        ["report"],
        ["report", "--format", "json"],
        ["explain", "{case}", "执法过错(P, C)"],
        ["query", "{case}", "执法过错(P, C)"],
        ["why-not", "{case}", "应当追究(警员0, 案1)"],
    ],
)
def test_the_helper_never_reaches_a_user(tmp_path, args):
    case = tmp_path / "case.yaml"
    case.write_text(CASE, encoding="utf-8")
    args = [a.replace("{case}", str(case)) for a in args] + ([str(case)] if args[0] == "report" else [])
    result = CliRunner().invoke(main, args)
    assert result.exit_code in (0, 1), result.output
    assert "#存在" not in result.output, result.output


DATED = """案件: 案1
名称: 大案
发生日期: 2005-03-01
人员:
""" + "".join(f"  - {{姓名: 警员{i}, 角色: [办案人], 过错: 故意, 行为: [逼供]}}\n" for i in range(8))


def test_a_report_is_the_same_under_any_hash_seed(tmp_path):
    """An unused statement's reading names the first match in row order, not in the model's set order
    (发生日期 read by 过错记录(P, C, D) 若 执法过错(P, C)，发生日期(C, D) named a random person)."""
    import os
    import subprocess
    import sys

    case = tmp_path / "case.yaml"
    case.write_text(DATED, encoding="utf-8")
    outputs = set()
    for seed in ("1", "2", "3", "4"):
        done = subprocess.run(
            [sys.executable, "-c", "from jiuze.cli.main import main; main()", "report", "--no-cache", str(case)],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        assert done.returncode == 0, done.stderr
        outputs.add(done.stdout)
    assert len(outputs) == 1
    assert "推出“警员0于2005-03-01在案1中发生执法过错”" in outputs.pop()
