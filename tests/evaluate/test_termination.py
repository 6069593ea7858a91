"""Every evaluation ends: pyDatalog (with jiuze's recursion rewrite), clingo and a plain
semi-naive evaluator written here agree on random small programs, each run time-bounded.

pyDatalog 0.22.4 alone runs forever on some of these programs (r(Y, Z) :- r(Y, X), r(Z, Y)
with r(b, a); the 3-cycle a :- e. b :- a. c :- b. a :- c.); jiuze evaluates recursive
components itself (evaluate/pydatalog.py), so none of them reaches pyDatalog's loop.
More examples: JIUZE_HYPOTHESIS_EXAMPLES=2000.
"""

from __future__ import annotations

import itertools
import os
import signal
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jiuze import Fact, Rulebook
from jiuze.language.errors import JiuzeError

EXAMPLES = int(os.environ.get("JIUZE_HYPOTHESIS_EXAMPLES", "150"))
BOUND = 10.0  # seconds per evaluation: a hang fails the test instead of stopping the suite
CONSTANTS = ("a", "b", "c")
VARIABLES = ("X", "Y", "Z")
DERIVED = {"p": 2, "q": 1, "r": 2}  # may have rules and facts
INPUT = {"e": 1, "f": 2}  # facts only: the only ones a rule may negate (always stratified)
ARITY = DERIVED | INPUT


# ---------------------------------------------------------------- a plain semi-naive evaluator


def matches(body, relations, delta_at=None, delta=None):
    """Variable bindings satisfying a list of (negated, predicate, args)."""
    bindings = [{}]
    for position, (negated, predicate, args) in enumerate(body):
        rows = delta[predicate] if position == delta_at else relations.get(predicate, set())
        if negated:
            bindings = [b for b in bindings if tuple(b.get(a, a) for a in args) not in relations.get(predicate, set())]
            continue
        extended = []
        for binding in bindings:
            for row in rows:
                new = dict(binding)
                if all(_unify(new, arg, value) for arg, value in zip(args, row)):
                    extended.append(new)
        bindings = extended
    return bindings


def _unify(binding, arg, value) -> bool:
    if arg in VARIABLES:
        return binding.setdefault(arg, value) == value
    return arg == value


def semi_naive(rules, facts):
    """The least model: every round joins each rule once per recursive body atom read from the last delta."""
    relations = {p: set() for p in ARITY}
    for predicate, row in facts:
        relations[predicate].add(row)
    heads = {head for head, _, _ in rules}
    ordered = [(h, hargs, sorted(body, key=lambda lit: lit[0])) for h, hargs, body in rules]
    delta = {p: set(relations[p]) for p in heads}
    first = True
    while first or any(delta.values()):
        new = {p: set() for p in heads}
        for head, head_args, body in ordered:
            positions = [i for i, (neg, pred, _) in enumerate(body) if not neg and pred in heads]
            runs = [None] if first else positions
            for at in runs:
                for binding in matches(body, relations, at, delta):
                    new[head].add(tuple(binding.get(a, a) for a in head_args))
        delta = {p: new[p] - relations[p] for p in heads}
        for p in heads:
            relations[p] |= delta[p]
        first = False
    return {p: rows for p, rows in relations.items() if p in heads and rows}


# ---------------------------------------------------------------- random programs


@st.composite
def programs(draw):
    rules = []
    for _ in range(draw(st.integers(1, 4))):
        positive = []
        for _ in range(draw(st.integers(1, 3))):
            predicate = draw(st.sampled_from(sorted(ARITY)))
            args = tuple(draw(st.sampled_from(VARIABLES + CONSTANTS[:1])) for _ in range(ARITY[predicate]))
            positive.append((False, predicate, args))
        bound = sorted({a for _, _, args in positive for a in args if a in VARIABLES}) or ["a"]
        negative = []
        if draw(st.booleans()):
            predicate = draw(st.sampled_from(sorted(INPUT)))
            negative.append((True, predicate, tuple(draw(st.sampled_from(bound)) for _ in range(ARITY[predicate]))))
        head = draw(st.sampled_from(sorted(DERIVED)))
        head_args = tuple(draw(st.sampled_from(bound + ["b"])) for _ in range(ARITY[head]))
        rules.append((head, head_args, positive + negative))
    universe = [(p, row) for p, n in ARITY.items() for row in itertools.product(CONSTANTS, repeat=n)]
    facts = draw(st.lists(st.sampled_from(universe), max_size=12, unique=True))
    return rules, sorted(facts)


def source(rules) -> str:
    lines = [f"谓词 {p}({', '.join(f'a{i}' for i in range(n))})。" for p, n in sorted(ARITY.items())]
    for head, head_args, body in rules:
        literals = [("并非 " if neg else "") + f"{pred}({', '.join(args)})" for neg, pred, args in body]
        lines.append(f"{head}({', '.join(head_args)}) 若 {'，'.join(literals)}。")
    return "\n".join(lines) + "\n"


@contextmanager
def hard_bound(seconds: float):
    """A second bound, outside jiuze: if jiuze's own did not work, the test fails rather than hangs."""

    def stop(*_):
        raise TimeoutError(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def derived(model, predicates) -> dict:
    return {p: set(model.relation(p)) for p in predicates if model.relation(p)}


def evaluate_all(text: str, facts) -> dict[str, dict]:
    book = Rulebook([_source(text)], time_limit=BOUND)
    case = [Fact(p, row, f"case.yaml#/facts/{i}") for i, (p, row) in enumerate(facts)]
    # hidden relations (`#存在N` of an existential atom) are the compiler's, not the reference's
    heads = sorted({r.head.predicate for r in book.program.rules if not r.head.predicate.startswith("#")})
    with hard_bound(3 * BOUND):
        return {
            name: derived(book.evaluate(case, evaluator=name, inputs_only=False), heads)
            for name in ("pydatalog", "clingo")
        }


def _source(text, name="random.jz"):
    from jiuze.rulebook.rulebook import RuleSource

    return RuleSource(name, text)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programs())
def test_random_programs_end_and_agree(program):
    rules, facts = program
    expected = semi_naive(rules, facts)
    try:
        results = evaluate_all(source(rules), facts)
    except JiuzeError as error:  # the checker refused the program (e.g. an unsafe head): nothing to run
        assert all(f.code != "evaluation-timeout" for f in error.findings), error.render()
        return
    assert results["pydatalog"] == expected, source(rules)
    assert results["clingo"] == expected, source(rules)


# ---------------------------------------------------------------- the programs of the issue

R_SOURCE = "谓词 r(a1, a2)。\nr(Y, Z) 若 r(Y, X)，r(Z, Y)。\n"
R_RULES = [("r", ("Y", "Z"), [(False, "r", ("Y", "X")), (False, "r", ("Z", "Y"))])]


@pytest.mark.parametrize(
    "facts",
    [
        [("b", "a")],
        [("b", "a"), ("a", "c")],
        [("a", "c"), ("b", "c")],
        [("a", "b"), ("b", "a")],
    ],
)
def test_the_body_order_that_hung_pydatalog(facts):
    case = [("r", row) for row in facts]
    results = evaluate_all(R_SOURCE, case)
    assert results["pydatalog"] == results["clingo"] == semi_naive(R_RULES, case)


def test_the_three_cycle_that_hung_pydatalog():
    text = "谓词 a(x)。\n谓词 b(x)。\n谓词 c(x)。\n谓词 e(x)。\na(X) 若 e(X)。\nb(X) 若 a(X)。\nc(X) 若 b(X)。\na(X) 若 c(X)。\n"
    results = evaluate_all(text, [("e", ("k",))])
    assert results["pydatalog"] == results["clingo"] == {"a": {("k",)}, "b": {("k",)}, "c": {("k",)}}


def test_endless_recursion_stops_with_a_located_chinese_error():
    book = Rulebook([_source("谓词 p(x)。\np(Y) 若 p(X)，Y = X + 1。\n", "无穷.jz")], time_limit=0.5)
    with hard_bound(10), pytest.raises(JiuzeError) as error:
        book.evaluate([Fact("p", (1,), "案件.yaml#/facts/0")], inputs_only=False)  # engine test: p is derived
    text = error.value.render()
    assert "evaluation-timeout" in text and "无穷.jz" in text and "案件.yaml" in text and "0.5 秒" in text
