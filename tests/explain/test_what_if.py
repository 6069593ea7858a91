"""What-if: minimal removals for a conclusion that holds, minimal additions for one that does not,
each checked by evaluating the changed case; bounds say when the search stopped early."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from jiuze.cases.load import load_any_case
from jiuze.cases.vocabulary import input_predicates
from jiuze.explain.proof import GroundAtom
from jiuze.explain.what_if import Limits, changed_conclusions, ground_atom, what_if
from jiuze.language import ast
from jiuze.language.errors import JiuzeError
from jiuze.rulebook.rulebook import Rulebook

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def coerced():
    book = Rulebook.load()
    case = load_any_case(REPO / "examples/coerced-confession.yaml", book.program)
    return book, case, book.evaluate(case.facts)


def holds(book, facts, atom) -> bool:
    return book.evaluate(facts).index.exists(atom.predicate, atom.values)


def keys(change):
    return {(f.predicate, f.values) for f in change.facts}


def test_removals_of_a_holding_conclusion_are_minimal_and_real(coerced):
    book, case, model = coerced
    atom = GroundAtom("应当追究", ("张三", "案1"))
    result = what_if(model, case.facts, book.evaluate, atom)
    assert result.holds and result.complete and result.stopped == ""
    found = [keys(c) for c in result.changes]
    assert {("逼供", ("张三", "案1"))} in found
    assert {("主观过错", ("张三", "案1", "故意"))} in found
    for change in found:
        kept = [f for f in case.facts if (f.predicate, f.values) not in change]
        assert not holds(book, kept, atom)
        for smaller in itertools.combinations(change, len(change) - 1):  # every proper subset keeps it
            kept = [f for f in case.facts if (f.predicate, f.values) not in set(smaller)]
            assert holds(book, kept, atom)
    # a fact about someone else is never part of the answer
    assert not any(f.values[:1] == ("李四",) for c in result.changes for f in c.facts)
    # the why-not after the removal is given
    assert all(c.proof.kind == "why-not" for c in result.changes)


def test_additions_make_an_absent_conclusion_hold_with_the_case_constants(coerced):
    book, case, model = coerced
    atom = GroundAtom("应当追究", ("李四", "案1"))
    inputs = input_predicates(book.program)
    result = what_if(model, case.facts, book.evaluate, atom, Limits(max_results=50, max_evaluations=2000), inputs)
    assert not result.holds and result.changes
    sets = [keys(c) for c in result.changes]
    assert {("主观过错", ("李四", "案1", "故意")), ("逼供", ("李四", "案1"))} in sets
    tested = {
        a.value
        for r in book.program.rules
        for lit in r.body
        for a in getattr(getattr(lit, "atom", lit), "args", ())
        if isinstance(a, ast.Constant)
    }
    for change in result.changes:
        added = list(case.facts) + list(change.facts)
        assert holds(book, added, atom)
        assert change.proof.kind == "derived" and change.proof.atom == atom
        # the case's constants, and the constants the rules test for (主观过错's 故意 …, 6(8)'s 劳动教养)
        constants = {v for f in case.facts for v in f.values} | tested
        assert all(v in constants for f in change.facts for v in f.values)
        for smaller in itertools.combinations(change.facts, len(change.facts) - 1):
            assert not holds(book, list(case.facts) + list(smaller), atom)


def test_the_search_says_when_it_stopped_early(coerced):
    book, case, model = coerced
    atom = GroundAtom("应当追究", ("李四", "案1"))
    result = what_if(model, case.facts, book.evaluate, atom, Limits(max_evaluations=3))
    assert not result.complete
    assert "3" in result.stopped and result.evaluations <= 3
    few = what_if(model, case.facts, book.evaluate, atom, Limits(max_results=2))
    assert len(few.changes) == 2 and not few.complete and "2" in few.stopped


def test_deterministic(coerced):
    book, case, model = coerced
    atom = GroundAtom("应当追究", ("李四", "案1"))
    first = what_if(model, case.facts, book.evaluate, atom)
    second = what_if(book.evaluate(case.facts), case.facts, book.evaluate, atom)
    assert [keys(c) for c in first.changes] == [keys(c) for c in second.changes]


def test_ground_atom_refuses_variables_and_typos(coerced):
    _, _, model = coerced
    with pytest.raises(JiuzeError, match="含有变量"):
        ground_atom(model, "应当追究(P, 案1)")
    with pytest.raises(JiuzeError, match="没有声明"):
        ground_atom(model, "应当追(张三, 案1)")
    assert ground_atom(model, "应当追究(张三, 案1)") == GroundAtom("应当追究", ("张三", "案1"))


def test_changed_conclusions(coerced):
    book, case, model = coerced
    kept = [f for f in case.facts if f.predicate != "逼供"]
    appeared, vanished = changed_conclusions(model, book.evaluate(kept))
    assert GroundAtom("应当追究", ("张三", "案1")) in vanished
    assert appeared == []
