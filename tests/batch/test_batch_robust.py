"""Issue 17: the batch never dies on one case, never destroys its input, and never hangs.

Each test reproduces one failure found by the adversarial pass (they all failed before
the fix): crash classes in one case, -o naming an input, two runs on one output, a
refused resume that still cut the file, a path spelled two ways, a FIFO among the inputs."""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from jiuze.batch import assess
from jiuze.cli.main import main
from jiuze.rulebook.rulebook import Rulebook

GOOD = {
    "facts": [
        ["人民警察", "张三"],
        ["执行职务", "张三", "案1"],
        ["主观过错", "张三", "案1", "故意"],
        ["逼供", "张三", "案1"],
    ]
}
GOOD_LINE = json.dumps(GOOD, ensure_ascii=False)
SURROGATE_LINE = GOOD_LINE.replace("张三", "\\ud800")  # a liable person named by a lone surrogate
# One line per crash class: a lone surrogate, nesting deeper than the recursion limit,
# an integer over Python's 4,300-digit conversion limit, and a date that does not exist.
NASTY_LINES = [
    SURROGATE_LINE,
    '{"facts": ' + "[" * 5000 + "]" * 5000 + "}",
    '{"facts": [["人民警察", ' + "9" * 5000 + "]]}",
    '{"案件": "案1", "发生日期": "2005-02-30", "人员": [{"姓名": "张三", "角色": ["办案人"]}]}',
]
NASTY_FILES = {
    "a-bad-date.yaml": "案件: 案1\n发生日期: 2005-02-30\n人员:\n  - 姓名: 张三\n    角色: [办案人]\n",
    "b-year-0.yaml": "案件: 案1\n发生日期: 0000-01-01\n人员:\n  - 姓名: 张三\n    角色: [办案人]\n",
    "c-deep.json": '{"facts": ' + "[" * 5000 + "]" * 5000 + "}",
    "d-surrogate.json": SURROGATE_LINE,
    "e-good.json": GOOD_LINE,
}


def _batch(*args):
    return CliRunner().invoke(main, ["batch", *map(str, args)])


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _nasty_inputs(tmp_path: Path) -> list[Path]:
    jsonl = tmp_path / "cases.jsonl"
    jsonl.write_text("\n".join([GOOD_LINE, *NASTY_LINES, GOOD_LINE]) + "\n", encoding="utf-8")
    folder = tmp_path / "files"
    folder.mkdir()
    for name, text in NASTY_FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return [jsonl, folder]


@pytest.mark.parametrize("workers", ["1", "2"])
def test_every_crash_class_becomes_that_cases_error_line(tmp_path, workers):
    out = tmp_path / "out.jsonl"
    result = _batch(*_nasty_inputs(tmp_path), "-o", out, "--workers", workers, "--proofs", "why")
    assert result.exit_code == 0, result.output
    lines = _lines(out)
    assert [line["index"] for line in lines] == list(range(len(NASTY_LINES) + 2 + len(NASTY_FILES)))
    errors = [line for line in lines if "error" in line]
    assert len(errors) == len(NASTY_LINES) + len(NASTY_FILES) - 1
    assert "应当追究(张三, 案1)" in {c["conclusion"] for c in lines[-1]["conclusions"]}
    assert all(line["error"].strip() for line in errors)


def test_an_unforeseen_failure_in_one_case_is_its_error_line(tmp_path, monkeypatch):
    """Whatever the cause — here the engine raising something that is no input error."""
    real = Rulebook.relations

    def relations(self, cases, evaluator, firings=False):
        if any(f.values == ("李四",) for facts in cases for f in facts):
            raise RecursionError("maximum recursion depth exceeded")
        return real(self, cases, evaluator, firings)

    monkeypatch.setattr(Rulebook, "relations", relations)
    jsonl = tmp_path / "cases.jsonl"
    jsonl.write_text(f'{GOOD_LINE}\n{{"facts": [["人民警察", "李四"]]}}\n{GOOD_LINE}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = _batch(jsonl, "-o", out)
    assert result.exit_code == 0, result.output
    lines = _lines(out)
    assert [("error" in line) for line in lines] == [False, True, False]
    assert "internal-error" in lines[1]["error"] and "RecursionError" in lines[1]["error"]


def test_output_equal_to_the_input_is_refused_before_it_is_opened(tmp_path):
    jsonl = tmp_path / "cases.jsonl"
    jsonl.write_text(GOOD_LINE + "\n", encoding="utf-8")
    before = jsonl.read_bytes()
    for spelling in (jsonl, Path(os.path.relpath(jsonl)), tmp_path / "." / "cases.jsonl"):
        result = _batch(jsonl, "-o", spelling)
        assert result.exit_code == 2 and "output-is-input" in result.output, result.output
        assert jsonl.read_bytes() == before


def test_output_that_is_a_case_file_inside_an_input_directory_is_refused(tmp_path):
    folder = tmp_path / "cases"
    folder.mkdir()
    case = folder / "a.json"
    case.write_text(GOOD_LINE, encoding="utf-8")
    result = _batch(folder, "-o", case)
    assert result.exit_code == 2 and "output-is-input" in result.output
    assert case.read_text(encoding="utf-8") == GOOD_LINE
    beside = _batch(folder, "-o", folder / "out.jsonl")  # not a case file: never read as input
    assert beside.exit_code == 0, beside.output


def test_a_second_run_on_the_same_output_is_refused(tmp_path):
    jsonl = tmp_path / "cases.jsonl"
    jsonl.write_text(GOOD_LINE + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    out.write_bytes(b"earlier\n")
    with open(out, "ab") as other_run:
        fcntl.flock(other_run.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = _batch(jsonl, "-o", out)
    assert result.exit_code == 2 and "另一个 jiuze batch 正在写这个输出文件" in result.output
    assert out.read_bytes() == b"earlier\n"
    assert _batch(jsonl, "-o", out).exit_code == 0  # the lock went with the other run


def test_a_refused_resume_leaves_the_file_exactly_as_it_was(tmp_path):
    jsonl = tmp_path / "cases.jsonl"
    jsonl.write_text((GOOD_LINE + "\n") * 3, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert _batch(jsonl, "-o", out).exit_code == 0
    torn = out.read_bytes()[:-20]  # two whole lines and a torn third
    out.write_bytes(torn)
    other = tmp_path / "other.jsonl"
    other.write_text(GOOD_LINE + "\n", encoding="utf-8")
    result = _batch(other, "-o", out, "--resume")
    assert result.exit_code == 2 and "bad-resume" in result.output
    assert out.read_bytes() == torn


def test_the_same_input_by_relative_and_absolute_path_resumes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("cases.jsonl").write_text((GOOD_LINE + "\n") * 3, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert _batch("cases.jsonl", "-o", out).exit_code == 0
    full = out.read_bytes()
    out.write_bytes(full[: full.index(b"\n") + 1])
    result = _batch(tmp_path / "cases.jsonl", "-o", out, "--resume")
    assert result.exit_code == 0, result.output
    assert [line["index"] for line in _lines(out)] == [0, 1, 2]


def test_a_fifo_among_the_inputs_is_skipped_with_a_message(tmp_path):
    folder = tmp_path / "cases"
    folder.mkdir()
    (folder / "a.json").write_text(GOOD_LINE, encoding="utf-8")
    os.mkfifo(folder / "b.json")
    os.mkfifo(tmp_path / "pipe.jsonl")
    out = tmp_path / "out.jsonl"
    command = "from jiuze.cli.main import main; main()"
    args = [sys.executable, "-c", command, "batch", str(folder), str(tmp_path / "pipe.jsonl"), "-o", str(out)]
    done = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = _lines(out)
    assert [("error" in line) for line in lines] == [False, True, True]
    assert all("不是普通文件" in line["error"] for line in lines[1:])


def test_job_content_of_a_fifo_is_not_read(tmp_path):
    os.mkfifo(tmp_path / "p.json")
    job = assess.Job(0, str(tmp_path / "p.json"), path=str(tmp_path / "p.json"))
    assert assess.with_content(job) is job  # reading it would block (Dask ships file bytes)
