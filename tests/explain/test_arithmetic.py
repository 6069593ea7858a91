"""Conclusions computed with arithmetic (第二十七条: D = D0 + 30) have proofs everywhere:
explain, report, batch --proofs why; and the benchmark generator produces such cases."""

from __future__ import annotations

import datetime
import json
import sys

from click.testing import CliRunner

from jiuze import Fact, Rulebook
from jiuze.cli.main import main
from jiuze.cli.reports import COMMANDS
from jiuze.explain.proof import CHECK, DERIVED, GroundAtom

for _command in COMMANDS:
    if _command.name not in main.commands:
        main.add_command(_command)

APPEAL = """人民警察(张三)。 执行职务(张三, 案27)。 主观过错(张三, 案27, 过失)。 违规收取费用(张三, 案27)。
发生机关(案27, 某县公安局)。 上级机关(某县公安局, 某市公安局)。
不服追究决定(张三, 案27)。
提出申诉(张三, 案27, 某市公安局, 2005-03-01)。
"""
DEADLINE = "申诉答复截止日期(某市公安局, 张三, 案27, 2005-03-31)"


def _case(tmp_path):
    path = tmp_path / "appeal.jz"
    path.write_text(APPEAL, encoding="utf-8")
    return path


def _run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _nodes(proof):
    yield proof
    for child in proof.premises:
        yield from _nodes(child)


def test_deadline_has_a_proof_showing_the_sum():
    rows = [
        ("人民警察", ("张三",)),
        ("执行职务", ("张三", "案27")),
        ("发生机关", ("案27", "某县公安局")),
        ("不服追究决定", ("张三", "案27")),
        ("提出申诉", ("张三", "案27", "某县公安局", datetime.date(2005, 3, 1))),
    ]
    facts = [Fact(p, v, f"test#{i}") for i, (p, v) in enumerate(rows)]
    model = Rulebook.load().evaluate(facts)
    proof = model.explain(GroundAtom("申诉答复截止日期", ("某县公安局", "张三", "案27", datetime.date(2005, 3, 31))))
    assert proof is not None and proof.kind == DERIVED
    checks = [n.text for n in _nodes(proof) if n.kind == CHECK]
    assert checks == ["2005-03-31 = 2005-03-01 + 30（D = D0 + 30）"]


def test_explain_command_on_the_deadline(tmp_path):
    result = _run("explain", _case(tmp_path), "申诉答复截止日期(A, P, C, D)")
    assert result.exit_code == 0, result.output
    assert "第二十七条" in result.output and "2005-03-01 + 30" in result.output


def test_report_lists_the_deadline(tmp_path):
    result = _run("report", _case(tmp_path))
    assert result.exit_code == 0, result.output
    assert DEADLINE in result.output


def test_batch_with_proofs_writes_the_deadline(tmp_path):
    out = tmp_path / "out.jsonl"
    result = _run("batch", _case(tmp_path), "-o", out, "--proofs", "why")
    assert result.exit_code == 0, result.output
    (line,) = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    found = [c for c in line["conclusions"] if c["conclusion"] == DEADLINE]
    # 第二十五条: the organ where the error occurred (过错发生机关, docs/vocabulary.md 解读 37) is a step of the proof.
    assert found and found[0]["articles"] == ["第二十五条", "第二十七条"]


def test_benchmark_generator_lodges_appeals_whose_deadline_is_derived(repo, monkeypatch):
    monkeypatch.syspath_prepend(str(repo / "bench"))
    sys.modules.pop("generate", None)
    import generate

    cases = generate.generate(600)
    generate.validate(cases)
    lodged = [c for c in cases if any(p == "提出申诉" for p, _ in c.facts)]
    assert lodged
    book = Rulebook.load()
    derived = 0
    for case in lodged:
        model = book.evaluate([Fact(p, v, case.id) for p, v in case.facts])
        for row in model.relation("申诉答复截止日期"):
            derived += 1
            assert model.explain(GroundAtom("申诉答复截止日期", row)) is not None
    assert derived > 0


def test_a_conclusion_without_a_rebuilt_proof_never_crashes_a_command(tmp_path, monkeypatch):
    """Belt and braces behind the fix above: should a proof ever be missing again, explain says so
    in Chinese and batch still writes the line."""
    from jiuze.explain.model import Model

    monkeypatch.setattr(Model, "explain", lambda self, atom, all=False: [] if all else None)
    case = _case(tmp_path)
    result = _run("explain", case, DEADLINE)
    assert result.exit_code == 0 and "无法重建它的证明" in result.output
    out = tmp_path / "out.jsonl"
    assert _run("batch", case, "-o", out, "--proofs", "why").exit_code == 0
    assert DEADLINE in out.read_text(encoding="utf-8")
