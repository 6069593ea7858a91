"""Issue 17: evaluation ends — with a result or a clear error — on programs that used to run forever
(the 3-cycle also runs in tests/evaluate/test_termination.py, on every evaluator)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from jiuze import Fact, Rulebook
from jiuze.checks.rules import check_modules
from jiuze.language.errors import JiuzeError
from jiuze.language.parser import parse_text

COUNTER = '谓词 n(x) 读作 "{x}"。\n谓词 m(x) 读作 "{x}"。\nn(0)。\nn(Y) 若 n(X), Y = X + 1。\n'


def test_check_warns_about_recursion_through_arithmetic():
    module, _ = parse_text(COUNTER, "r.jz")
    findings = [f for f in check_modules([module]) if f.code == "recursion-through-arithmetic"]
    assert [(f.span.line, f.is_error) for f in findings] == [(4, False)]
    assert "求值可能不会结束" in findings[0].message


def test_bounded_recursion_and_plain_arithmetic_are_not_warned():
    text = '谓词 n(x) 读作 "{x}"。\n谓词 d(x) 读作 "{x}"。\n谓词 e(x) 读作 "{x}"。\ne(0)。\n'
    text += "n(Y) 若 e(Y)。\nn(Y) 若 n(X), e(Y), X + 1 < Y。\nd(Y) 若 n(X), Y = X + 1。\n"
    module, _ = parse_text(text, "r.jz")
    codes = [f.code for f in check_modules([module])]
    assert codes.count("recursion-through-arithmetic") == 0  # a filter makes no value; d is not recursive
    bounded = Rulebook.from_text('谓词 n(x) 读作 "{x}"。\nn(0)。\nn(Y) 若 n(X), X < 50, Y = X + 1。\n').evaluate([])
    assert len(bounded.query("n(X)")) == 51


@pytest.mark.parametrize("op", ["+ 1", "* 2"])
def test_unbounded_arithmetic_recursion_stops_with_a_clear_error(op):
    book = Rulebook.from_text(COUNTER.replace("+ 1", op).replace("n(0)", "n(1)"), "r.jz")
    with pytest.raises(JiuzeError, match="evaluation-limit") as caught:
        book.evaluate([])
    assert "无限递归" in caught.value.render()
    # the engine is still usable afterwards: nothing of the stopped evaluation is left behind
    book = Rulebook.from_text(COUNTER.replace("n(0)。\n", "") + "m(X) 若 n(X)。\n", "r2.jz")
    assert book.evaluate([]).query("m(X)") == []


def test_the_national_rulebook_stays_far_below_the_limit():
    national = Rulebook.load()
    facts = [Fact("人民警察", ("张三",), "t"), Fact("逼供", ("张三", "案1"), "t")]
    assert national.evaluate(facts) is not None


CYCLE = """
from jiuze import Rulebook
text = '''
谓词 e(x) 读作 "{x}"。
谓词 a(x) 读作 "{x}"。
谓词 b(x) 读作 "{x}"。
谓词 c(x) 读作 "{x}"。
e(1)。
a(X) 若 e(X)。
b(X) 若 a(X)。
c(X) 若 b(X)。
a(X) 若 c(X)。
'''
try:
    print(Rulebook.from_text(text).evaluate([]).query("c(X)"))
except Exception as error:  # a clear error is an acceptable end too
    print("error", type(error).__name__)
"""


def test_a_three_predicate_cycle_terminates_or_fails_clearly():
    try:
        done = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(CYCLE)], capture_output=True, text=True, timeout=20
        )
    except subprocess.TimeoutExpired:
        pytest.fail("evaluation of a←e, b←a, c←b, a←c did not end within 20 s")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() in ("[{'X': 1}]", "error JiuzeError")
