"""Issue 17: the Python API checks its arguments at the boundary, and parallel evaluation never hangs."""

from __future__ import annotations

import datetime
import subprocess
import sys
import textwrap

import pytest

from jiuze import Fact, Rulebook
from jiuze.evaluate.parallel import WorkersFailed, ordered_map
from jiuze.language.errors import JiuzeError


@pytest.fixture(scope="module")
def national():
    return Rulebook.load()


@pytest.mark.parametrize(
    "kwargs, error",
    [
        ({"chunk_size": 0}, ValueError),
        ({"workers": 0}, ValueError),
        ({"workers": -1}, ValueError),
        ({"workers": "2"}, TypeError),
        ({"chunk_size": 1.5}, TypeError),
        ({"workers": True}, TypeError),
    ],
)
def test_evaluate_many_refuses_bad_arguments_when_called(national, kwargs, error):
    with pytest.raises(error, match="evaluate_many"):
        national.evaluate_many([[]], **kwargs)


def test_evaluate_many_needs_a_sequence_of_cases(national):
    with pytest.raises(TypeError, match="cases"):
        national.evaluate_many(5)
    with pytest.raises(TypeError, match="jiuze.Fact"):
        list(national.evaluate_many([[("人民警察", "张三")]]))


def test_fact_values_are_type_checked(national):
    """`True` used to unify with 1; a float or None reached the engine."""
    for value in (True, 1.5, None, ["张三"]):
        with pytest.raises(JiuzeError, match="bad-value"):
            national.evaluate([Fact("人民警察", (value,), "api")])
    with pytest.raises(JiuzeError, match="bad-fact"):
        national.evaluate([Fact("人民警察", ["张三"], "api")])
    with pytest.raises(TypeError, match="Fact 的序列"):
        national.evaluate(Fact("人民警察", ("张三",), "api"))
    with pytest.raises(TypeError):
        national.evaluate(None)
    ok = national.evaluate([Fact("提出申诉", ("张三", "案1", "市局", datetime.date(2005, 3, 2)), "api")])
    assert ok is not None


def test_load_and_from_text_say_what_they_expect():
    with pytest.raises(TypeError, match="Rulebook.load"):
        Rulebook.load(42)
    with pytest.raises(TypeError, match="from_text"):
        Rulebook.from_text(b"p(a).")


def test_a_script_without_a_main_guard_does_not_hang(tmp_path):
    """The README's example at a script's top level: spawned workers used to re-run the
    script, which asked for workers again, forever."""
    script = tmp_path / "unguarded.py"
    script.write_text(
        textwrap.dedent(
            """
            from jiuze import Fact, Rulebook
            rulebook = Rulebook.load()
            cases = [[Fact("人民警察", (f"警{n}",), "s")] for n in range(30)]
            print(sum(1 for _ in rulebook.evaluate_many(cases, workers=2)))
            """
        ),
        encoding="utf-8",
    )
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "30"


def _die(chunk):
    import os

    if 13 in chunk:
        os._exit(3)  # a worker killed mid-chunk (out of memory, kill -9)
    return chunk


def test_a_worker_that_dies_is_an_error_not_a_hang():
    with pytest.raises(WorkersFailed, match="工作进程意外退出"):
        list(ordered_map(_die, range(40), workers=2, chunk_size=4))


def test_model_questions_say_what_they_expect(national):
    model = national.evaluate([])
    for bad in (5, None, ["应当追究"]):
        with pytest.raises(TypeError, match="谓词"):
            model.query(bad)
        with pytest.raises(TypeError, match="谓词"):
            model.why_not(bad)
