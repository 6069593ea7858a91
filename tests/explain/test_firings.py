"""Derivations read from clingo's rule firings (explain/firings.py) against matching the rule
bodies again (the path pyDatalog keeps): for every atom of every case, the same derivations —
rule, order and every premise (kind, literal, row or pattern, comparison values) — and so the
same proofs, articles and modalities (issue 12, proofs at batch speed)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from jiuze import Fact, Rulebook
from jiuze.cases.load import load_any_case
from jiuze.explain.matching import pattern_of, unify_row
from jiuze.explain.model import Model
from jiuze.explain.proof import DERIVED, GroundAtom, _signature
from jiuze.reports.scenarios import scenario_facts

REPO = Path(__file__).resolve().parents[2]
RULEBOOKS = [
    None,
    *sorted(p for p in (REPO / "logic" / "provinces").iterdir() if p.is_dir()),
    *sorted((REPO / "tests" / "compile" / "defeasible").glob("*.jz")),
]


def _premise(p) -> tuple:
    return (p.kind, str(p.literal), p.predicate, tuple(map(repr, p.values)))


def _derivations(found) -> list:
    return sorted((order, rule.id, [_premise(p) for p in premises]) for order, rule, premises in found)


def _chosen(derivation) -> tuple | None:
    if derivation is None:
        return None
    rule, premises = derivation
    return (rule.id, [_premise(p) for p in premises])


def tree_articles(proof) -> set:
    """Every article of a derived node of a (folded) proof tree, as reports.data.cited_articles walks it."""
    if proof is None:
        return set()
    own = {proof.rule.article} if proof.kind == DERIVED and proof.rule and proof.rule.article else set()
    return own.union(*(tree_articles(p) for p in proof.premises))


def assert_firings_hold(model: Model, evaluation) -> None:
    """What Prover.chosen_firing relies on to leave a lone firing unranked: every atom a firing
    derived has a rank, and so has every atom premise of every firing."""
    prover = model._prover
    for (predicate, values), fired in evaluation.firings.items():
        assert prover.rank(predicate, values) is not None, (predicate, values)
        for number, firing in fired:
            plan = prover.firings.plans.plans[number]
            assert all(prover.rank(*atom) is not None for atom in plan.atoms(firing)), (predicate, values)


def assert_cites_as_matching(book: Rulebook, facts, relations, evaluation) -> None:
    """Batch's citations on fresh firing models, nothing ranked or proved before (so the lone-firing
    shortcut, the bit masks and the tie-breaks run as in batch), in two orders: the same articles as
    matching's citations and as the folded proof tree of every atom."""
    atoms = [GroundAtom(p, v) for p in sorted(relations) for v in sorted(relations[p], key=str)]
    matched, trees = Model(book.program, facts, relations), Model(book.program, facts, relations)
    forward, backward = Model(book.program, facts, evaluation), Model(book.program, facts, evaluation)
    expected = {atom: matched.cited(atom) for atom in atoms}
    assert {atom: forward.cited(atom) for atom in atoms} == expected
    assert {atom: backward.cited(atom) for atom in reversed(atoms)} == expected
    for atom in atoms:
        assert expected[atom] == tree_articles(trees.explain(atom)), atom


def assert_attack_rows_as_attacks(model: Model) -> int:
    """Arguments.attack_rows (batch's rebuttals) against Arguments.attacks, for every atom of a
    contested predicate and every atom its blocking rules could block (their heads over the rows
    of the attackers' applicability literals, constants such as 主要/次要 included)."""
    arguments, program, compared = model._arguments, model.program, 0
    for head, rules in sorted(program.rules_by_head.items()):
        if not head.startswith("#受阻"):
            continue
        predicate = head[len("#受阻") :]
        candidates = set(model.index.all(predicate))
        for rule in rules:
            literal = rule.body[1]
            for row in model.index.all(literal.predicate):
                candidates.add(pattern_of(rule.head, unify_row(literal, row, {})))
        for values in sorted(candidates, key=str):
            expected = [(literal, row) for _, literal, row, _ in arguments.attacks(GroundAtom(predicate, values))]
            assert arguments.attack_rows(predicate, values) == expected, (predicate, values)
            compared += 1
    return compared


def assert_firings_as_matching(book: Rulebook, cases: list[list[Fact]]) -> int:
    """Every derived atom: firings give what matching gives; returns the atoms compared."""
    compared = 0
    plain = book.relations(cases, "clingo")
    for facts, relations, evaluation in zip(cases, plain, book.relations(cases, "clingo", firings=True)):
        assert dict(evaluation) == {name: rows for name, rows in relations.items()}
        assert all(atom in Model(book.program, facts, evaluation).index for atom in evaluation.firings)
        assert_cites_as_matching(book, facts, relations, evaluation)
        fired, matched = Model(book.program, facts, evaluation), Model(book.program, facts, relations)
        assert_firings_hold(fired, evaluation)
        assert_attack_rows_as_attacks(fired)
        prover = fired._prover
        assert prover.firings is not None and matched._prover.firings is None
        for predicate in sorted(relations):
            if not prover.firings.covers(predicate):
                continue
            for values in sorted(relations[predicate], key=str):
                assert _derivations(prover._instances(predicate, values)) == _derivations(
                    prover._matched(predicate, values)
                ), (predicate, values)
                atom = GroundAtom(predicate, values)
                assert fired.modality(atom) == matched.modality(atom), atom
                mine, theirs = fired._prover.prove(predicate, values), matched._prover.prove(predicate, values)
                assert _signature(mine) == _signature(theirs), atom
                assert _chosen(prover.derivation(predicate, values)) == _chosen(
                    matched._prover.derivation(predicate, values)
                ), atom  # the same derivation chosen: rank, rule order, then premise texts (_better)
                assert fired.cited(atom) == matched.cited(atom), atom
                compared += 1
    return compared


SHAPES = """
谓词 边(x, y)。
谓词 名(x)。
谓词 发生(案, 日)。
谓词 决定(案, 日)。
谓词 有出边(x)。
谓词 孤立(x)。
谓词 连通(x, y)。
谓词 出度(x, n)。
谓词 加一(x, n)。
谓词 到期(案, 日)。
谓词 顺延(案, 日)。
谓词 期限内(案)。
谓词 自环(x)。
有出边(X) 若 边(X, _)。
有出边(X) 若 边(_, X)，名(X)。
孤立(X) 若 名(X)，并非 边(X, _)，并非 边(_, X)。
连通(X, Y) 若 边(X, Y)。
连通(X, Z) 若 连通(X, Y)，边(Y, Z)。
出度(X, N) 若 名(X)，N = 计数{Y ： 边(X, Y)}。
加一(X, M) 若 出度(X, N)，M = N + 1。
到期(C, D) 若 发生(C, D0)，D = D0 + 30。
顺延(C, D) 若 发生(C, D0)，决定(C, _)，D = D0 + 60。
期限内(C) 若 发生(C, D1)，决定(C, D2)，D2 - D1 <= 30。
自环(X) 若 边(X, X)。
自环(甲) 若 名(甲)，边(甲, _)。
"""


def test_rules_of_every_shape():
    """Anonymous arguments (positive and negated), recursion, counts, arithmetic in heads and
    comparisons, constants in heads, repeated variables."""
    d = datetime.date
    rows = [
        ("名", "甲"),
        ("名", "乙"),
        ("名", "丙"),
        ("名", "丁"),
        ("边", "甲", "乙"),
        ("边", "乙", "丙"),
        ("边", "甲", "丙"),
        ("边", "丙", "丙"),
        ("边", "甲", "甲"),
        ("发生", "案1", d(2005, 3, 1)),
        ("决定", "案1", d(2005, 3, 20)),
        ("决定", "案1", d(2005, 4, 20)),
        ("发生", "案2", d(2005, 3, 1)),
    ]
    book = Rulebook.from_text(SHAPES, "t.jz")
    facts = [Fact(row[0], tuple(row[1:]), f"case.yaml#/facts/{i}") for i, row in enumerate(rows)]
    assert assert_firings_as_matching(book, [facts]) >= 20
    covered = book.models([facts], "clingo")[0]._prover.firings
    assert covered is None  # models without proofs asked for: no firings, matching as before
    evaluation = book.relations([facts], "clingo", firings=True)[0]
    assert ("有出边", ("乙",)) in evaluation.firings and len(evaluation.firings[("有出边", ("丙",))]) == 4


@pytest.mark.parametrize("path", RULEBOOKS, ids=lambda p: "national" if p is None else p.name)
def test_every_scenario_of_every_rulebook(path):
    book = Rulebook.load(path)
    assert assert_firings_as_matching(book, [book.checked(scenario_facts(s), False) for s in book.scenarios]) > 0


def test_every_example_and_generated_cases(generated):
    book = Rulebook.load()
    files = sorted(p for p in (REPO / "examples").iterdir() if p.suffix in (".jz", ".yaml", ".json"))
    cases = [load_any_case(str(f), book.program).facts for f in files]
    cases += generated(150)
    assert assert_firings_as_matching(book, cases) > 3000


COUNTED = """
谓词 鸟(x)。 谓词 撞击(x)。 谓词 受伤(x)。 谓词 会飞(x)。 谓词 有翅膀(x)。 谓词 群(g, x)。 谓词 飞鸟数(g, n)。
谓词 能迁徙(x)。
第一条 会飞(X) 若 鸟(X)。
第二条 阻却 会飞(X) 若 受伤(X)。
第三条 会飞(X) 若 有翅膀(X)，鸟(X)。
第三条 优先于 第二条。
第四条 飞鸟数(G, N) 若 群(G, _)，N = 计数{X ： 群(G, X)，能迁徙(X)}。
第五条 受伤(X) 若 撞击(X)。
第六条 能迁徙(X) 若 会飞(X)。
"""


def test_a_count_of_contested_conclusions():
    """Inside a count the prover leaves nodes unfolded: a counted conclusion resting on one that
    beat a rebuttal does not cite the rebuttal's conditions (第五条), though on their own both do."""
    book = Rulebook.from_text(COUNTED, "t.jz")
    rows = [("鸟", "乙"), ("撞击", "乙"), ("有翅膀", "乙"), ("群", "g", "乙"), ("鸟", "丙"), ("群", "g", "丙")]
    facts = [Fact(row[0], tuple(row[1:]), f"case.yaml#/facts/{i}") for i, row in enumerate(rows)]
    assert assert_firings_as_matching(book, [facts]) >= 4
    model = Model(book.program, facts, book.relations([facts], "clingo", firings=True)[0])
    flies = {str(a) for a in model.cited(GroundAtom("会飞", ("乙",)))}
    migrates = {str(a) for a in model.cited(GroundAtom("能迁徙", ("乙",)))}
    counted = {str(a) for a in model.cited(GroundAtom("飞鸟数", ("g", 2)))}
    assert "第五条" in flies and "第五条" in migrates, (flies, migrates)
    assert "第五条" not in counted and {"第四条", "第六条"} <= counted, counted
