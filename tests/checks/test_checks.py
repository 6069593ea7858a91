"""Checker and dependency analysis: each kind of finding, located, in Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiuze.checks.rules import check_modules
from jiuze.compile.dependencies import dependency_edges, negative_cycles, strata
from jiuze.language import ast
from jiuze.language.errors import ERROR, WARNING, render_findings
from jiuze.language.parser import parse_text
from jiuze.language.source import Span

GOLDEN = Path(__file__).parent / "golden"

DECLARATIONS = """\
谓词 办案人(警察, 案件)。
谓词 刑讯逼供(警察, 案件)。
谓词 未成年人(人)。
谓词 应当追究(警察, 案件)。
"""


def module(text: str, path: str = "t.jz") -> ast.Module:
    parsed, findings = parse_text(text, path)
    assert findings == [], findings
    return parsed


def check(text: str, path: str = "t.jz"):
    return check_modules([module(text, path)])


def check_rules(text: str) -> list:
    """Findings except unused-predicate (the shared declarations are not all used)."""
    return [f for f in check(text) if f.code != "unused-predicate"]


def located(findings, code: str | None = None):
    return [(f.code, f.span.line, f.span.column) for f in findings if code in (None, f.code)]


def clauses(text: str) -> list[ast.Clause]:
    return module(text).of_type(ast.Clause)


# ---------------------------------------------------------------- clean

CLEAN = (
    DECLARATIONS
    + """\
谓词 次数(警察, 数)。
谓词 下一年(年, 年)。
第六条：应当追究(P, C) 若 办案人(P, C)，刑讯逼供(P, C)，并非 未成年人(P)。
次数(P, N) 若 N = 计数｛C ： 应当追究(P, C)，并非 未成年人(_)｝，N >= 1。
下一年(Y, Z) 若 次数(_, Y)，Z = Y + 1。
办案人(张三, 案1)。
场景 "逼供" ｛
  办案人(张三, 案1)。 刑讯逼供(张三, 案1)。
  应有：应当追究(张三, 案1)。
  应无：未成年人(张三)。
｝
"""
)


def test_a_clean_program_has_no_findings():
    assert check(CLEAN) == []


def test_the_national_rulebook_is_clean(repo):
    files = sorted((repo / "logic" / "national").glob("*.jz"))
    modules = [module(p.read_text(encoding="utf-8"), p.name) for p in files]
    assert [f for f in check_modules(modules) if f.is_error] == []


# ---------------------------------------------------------------- undeclared-predicate


def test_undeclared_predicate_suggests_a_near_spelling():
    findings = check(DECLARATIONS + "应当追究(P, C) 若 办案(P, C)，刑讯逼供(P, C)。\n")
    errors = [f for f in findings if f.is_error]
    assert located(errors) == [("undeclared-predicate", 5, 14)]
    assert "“办案”没有声明" in errors[0].message
    assert "是否想写“办案人”？" in errors[0].hint


def test_undeclared_predicate_without_a_near_name_shows_a_declaration():
    (finding,) = [f for f in check("x(a, b)。\n") if f.is_error]
    assert finding.code == "undeclared-predicate"
    assert "谓词 x(参数1, 参数2)" in finding.hint


def test_keyword_glued_to_a_name_asks_for_a_space_once(golden):
    text = DECLARATIONS + "应当追究(P, C) 若 办案人(P, C)，刑讯逼供(P, C)，且并非未成年人(P)。\n"
    findings = check(text)
    errors = [f for f in findings if f.is_error]
    assert located(errors) == [("undeclared-predicate", 5, 35)]
    assert "是否漏了空格？" in errors[0].hint
    assert "且 并非 未成年人" in errors[0].hint
    golden(GOLDEN / "glued-keyword.expected", render_findings(findings, {"t.jz": text}) + "\n")


def test_ascii_keyword_glued_to_a_declared_name():
    text = "predicate minor(p). predicate liable(p).\nliable(P) :- minor(P), notminor(P).\n"
    undeclared = [f for f in check(text) if f.code == "undeclared-predicate"]
    (finding,) = undeclared
    assert "是否漏了空格？" in finding.hint and "not minor" in finding.hint
    assert located(undeclared) == [("undeclared-predicate", 2, 24)]


def test_undeclared_predicates_in_scenarios_and_counts():
    text = DECLARATIONS + "应当追究(P, N) 若 N = 计数｛C ： 过错(P, C)｝。\n场景 s ｛ 追究(张三, 案1)。 ｝\n"
    assert located(check(text), "undeclared-predicate") == [
        ("undeclared-predicate", 5, 25),
        ("undeclared-predicate", 6, 8),
    ]


# ---------------------------------------------------------------- arity-mismatch


def test_arity_mismatch_names_the_declaration():
    findings = check(DECLARATIONS + "办案人(张三)。\n")
    (finding,) = [f for f in findings if f.is_error]
    assert (finding.code, finding.span.line, finding.span.column) == ("arity-mismatch", 5, 1)
    for words in ("t.jz:1", "2 个参数", "警察, 案件", "1 个"):
        assert words in finding.message


def test_matching_arity_is_clean():
    assert located(check(DECLARATIONS + "办案人(张三, 案1)。\n"), "arity-mismatch") == []


# ---------------------------------------------------------------- unsafe-variable

PQR = "谓词 p(x)。 谓词 q(x)。 谓词 r(x)。 谓词 s(x, y)。\n"


@pytest.mark.parametrize(
    "rule, column, words",
    [
        ("s(X, Y) 若 q(X)。", 6, "规则头"),
        ("p(X) 若 q(X)，并非 r(Y)。", 18, "否定条件“并非 r(Y)”"),
        ("p(X) 若 q(X)，Y > 1。", 13, "比较“Y > 1”"),
        ("p(X) 若 q(Z)，X = Y。", 3, "规则头"),
        ("s(X, N) 若 q(X)，N = 计数｛C ： r(X)｝。", 23, "计数的变量“C”"),
        ("s(P, N) 若 q(P)，N = 计数｛C ： r(C)，C != P｝。", 37, "计数体内"),
        ("p(X) 若 q(X)，r(Y + 1)。", 15, "算式“Y + 1”"),
    ],
)
def test_unsafe_variables(rule, column, words):
    findings = check(PQR + rule + "\n")
    first = [f for f in findings if f.code == "unsafe-variable"][0]
    assert (first.span.line, first.span.column) == (2, column)
    assert words in first.message and first.hint


@pytest.mark.parametrize(
    "rule",
    [
        "p(Y) 若 q(X)，Y = X + 1。",
        "p(Y) 若 q(X)，X + 1 = Y。",
        "p(Z) 若 q(X)，Z = Y * 2，Y = X + 1。",  # bound in any order: a fixpoint
        "p(Y) 若 Y = 1。",
        "p(X) 若 q(X)，并非 s(X, _)。",  # `_` in a negation means "any value"
        "s(P, N) 若 N = 计数｛C ： s(P, C)｝。",  # a count binds its group and result
        "s(X, N) 若 q(X)，N = 计数｛C ： s(X, C)，并非 r(C)，C > 1｝。",
    ],
)
def test_safe_rules(rule):
    assert located(check(PQR + rule + "\n"), "unsafe-variable") == []


def test_anonymous_variable_in_head_and_comparison():
    findings = check(PQR + "p(_) 若 q(X)，X > _。\n")
    assert located(findings, "unsafe-variable") == [("unsafe-variable", 2, 3), ("unsafe-variable", 2, 17)]
    assert all("匿名变量“_”" in f.message for f in findings if f.code == "unsafe-variable")


def test_facts_and_scenarios_must_be_ground():
    findings = check_rules(PQR + "s(X, _)。\n场景 t ｛ q(Y)。 应有：p(Z)。 应无：p(1 + 2)。 ｝\n")
    assert located(findings) == [
        ("unsafe-variable", 2, 3),
        ("unsafe-variable", 2, 6),
        ("unsafe-variable", 3, 10),
        ("unsafe-variable", 3, 19),
        ("arithmetic-in-fact", 3, 28),
    ]
    assert "事实中不能有变量“X”" in findings[0].message
    assert "场景中不能有变量“Y”" in findings[2].message


# ---------------------------------------------------------------- negation-cycle


def test_negation_through_recursion_names_the_cycle():
    text = PQR + "r(X) 若 p(X)。\np(X) 若 q(X)，并非 r(X)。\n"
    (finding,) = [f for f in check(text) if f.code == "negation-cycle"]
    assert finding.message == "否定（或计数）经由递归：p → 并非 r → p"
    assert (finding.span.line, finding.span.column) == (3, 1)  # the rule with the negation


def test_count_through_recursion_is_a_cycle_too():
    text = PQR + "s(X, N) 若 q(X)，N = 计数｛C ： s(X, C)｝。\n"
    (finding,) = [f for f in check(text) if f.code == "negation-cycle"]
    assert finding.message == "否定（或计数）经由递归：s → 计数 s"


def test_positive_recursion_and_lower_negation_are_fine():
    text = PQR + "s(X, Y) 若 s(X, Z)，s(Z, Y)。\ns(X, Y) 若 q(X)，q(Y)。\np(X) 若 q(X)，并非 s(X, X)。\n"
    assert located(check(text), "negation-cycle") == []


# ---------------------------------------------------------------- declarations


def test_duplicate_declaration_across_files():
    first = module("谓词 p(x)。\np(a)。\n", "a.jz")
    second = module("# 又一次\n谓词 p(x, y)。\n", "b.jz")
    (finding,) = check_modules([first, second])
    assert located([finding]) == [("duplicate-declaration", 2, 1)]
    assert finding.span.file == "b.jz" and "a.jz:1" in finding.message


def test_unused_predicate_is_a_warning():
    (finding,) = check("谓词 p(x)。\n谓词 闲置(x)。\np(a)。\n")
    assert located([finding]) == [("unused-predicate", 2, 1)]
    assert finding.severity == WARNING and "闲置" in finding.message


def test_bad_labels_are_left_to_the_parser():
    parsed, findings = parse_text("谓词 p(x)。\n第（二）项 p(a)。\n", "t.jz")
    assert [f.code for f in findings] == ["bad-label"]
    assert check_modules([parsed]) == []


# ---------------------------------------------------------------- singleton-variable


def test_singleton_variable_is_a_warning():
    findings = check_rules(PQR + "p(X) 若 s(X, Y)。\n")
    assert located(findings) == [("singleton-variable", 2, 13)]
    assert findings[0].severity == WARNING and "_" in findings[0].hint


def test_underscored_variables_are_not_singletons():
    assert check_rules(PQR + "p(X) 若 s(X, _Y)，s(X, _)。\n") == []


# ---------------------------------------------------------------- all at once


def test_every_error_of_a_file_is_reported_in_order(golden):
    text = PQR + "p(X) 若 q(X)，并非 办案(X)。\ns(X, Y) 若 q(X)。\nq(1, 2)。\n"
    findings = check_rules(text)
    assert [f.severity for f in findings] == [ERROR] * 3
    assert located(findings) == [("undeclared-predicate", 2, 16), ("unsafe-variable", 3, 6), ("arity-mismatch", 4, 1)]
    golden(GOLDEN / "three-errors.expected", render_findings(findings, {"t.jz": text}) + "\n")


def test_findings_are_deterministic_and_sorted():
    a = module("谓词 p(x)。\np(X)。\nq(a)。\n", "a.jz")
    b = module("r(Y) 若 并非 r(Y)。\n谓词 p(y)。\n", "b.jz")
    once = check_modules([a, b])
    assert once == sorted(once) == check_modules([a, b])
    assert [f.span.file for f in once] == sorted(f.span.file for f in once)


# ---------------------------------------------------------------- dependencies


def test_dependency_edges_mark_negation_and_count_negative():
    rules = clauses("p(X) 若 q(X)，并非 r(X)，N = 计数｛Y ： s(X, Y)，并非 t(Y)，Y > 1｝。")
    assert dependency_edges(rules) == {("p", "q", False), ("p", "r", True), ("p", "s", True), ("p", "t", True)}


def test_strata_of_a_small_program():
    rules = clauses("""
        path(X, Y) 若 edge(X, Y)。
        path(X, Z) 若 path(X, Y)，edge(Y, Z)。
        unreachable(X, Y) 若 node(X)，node(Y)，并非 path(X, Y)。
        reach(X, N) 若 node(X)，N = 计数｛Y ： path(X, Y)｝。
        isolated(X) 若 node(X)，并非 unreachable(X, X)，reach(X, _)。
        edge(a, b)。
    """)
    assert strata(rules) == {"edge": 0, "node": 0, "path": 0, "unreachable": 1, "reach": 1, "isolated": 2}


def test_strata_refuses_a_negative_cycle():
    with pytest.raises(ValueError):
        strata(clauses("p(X) 若 q(X)，并非 p(X)。"))


def test_negative_cycles_start_at_the_smallest_name():
    rules = clauses("""
        z(X) 若 q(X)，并非 y(X)。
        y(X) 若 a(X)。
        a(X) 若 z(X)。
        b(X) 若 并非 c(X)，q(X)。
        c(X) 若 b(X)。
        d(X) 若 d(X)。
    """)
    assert negative_cycles(rules) == [["a", "z", "y", "a"], ["b", "c", "b"]]


# Long chains are built as trees: parsing 4,000 statements is slow, and the
# point here is the analysis, which must not recurse once per predicate.
CHAIN = 2000


def _span(line: int, column: int = 1) -> Span:
    return Span("chain.jz", line, column, line, column + 1)


def _atom(predicate: str, line: int) -> ast.Atom:
    return ast.Atom(predicate, (ast.Variable("X", _span(line, 3)),), _span(line))


def _rule(head: str, body: str, line: int, negated: bool) -> ast.Clause:
    literal = _atom(body, line)
    if negated:
        literal = ast.Negation(literal, _span(line))
    return ast.Clause(_atom(head, line), (_atom("q", line), literal), None, _span(line))


def test_a_long_chain_does_not_hit_the_recursion_limit():
    rules = [_rule(f"p{i}", f"p{i + 1}", i + 1, negated=True) for i in range(CHAIN)]
    levels = strata(rules)
    assert levels["p0"] == CHAIN and levels[f"p{CHAIN}"] == 0 and levels["q"] == 0
    assert negative_cycles(rules) == []
    (cycle,) = negative_cycles(rules + [_rule(f"p{CHAIN}", "p0", CHAIN + 1, negated=False)])
    assert len(cycle) == CHAIN + 2 and cycle[0] == cycle[-1] == "p0"


def test_checking_a_long_cyclic_chain():
    names = [f"p{i}" for i in range(CHAIN)] + ["q"]
    statements = [ast.Declaration(name, ("x",), None, None, _span(1)) for name in names]
    fact = ast.Atom("q", (ast.Constant("a", _span(1, 3)),), _span(1))
    statements.append(ast.Clause(fact, (), None, _span(1)))
    statements += [_rule(f"p{i}", f"p{i + 1}", i + 2, negated=False) for i in range(CHAIN - 1)]
    statements += [_rule(f"p{CHAIN - 1}", "p0", CHAIN + 1, negated=True)]
    (finding,) = check_modules([ast.Module("chain.jz", "", tuple(statements))])
    assert finding.code == "negation-cycle"
    assert finding.span.line == CHAIN + 1
    assert finding.message.startswith("否定（或计数）经由递归：p0 → p1 → p2 → ")
    assert finding.message.endswith(f"p{CHAIN - 1} → 并非 p0")
