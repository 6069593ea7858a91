"""jiuze batch: input order, error lines, workers, resume."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from jiuze.cli.main import main

REPO = Path(__file__).resolve().parents[2]

GOOD = {
    "facts": [
        ["人民警察", "张三"],
        ["执行职务", "张三", "案1"],
        ["主观过错", "张三", "案1", "故意"],
        ["逼供", "张三", "案1"],
    ]
}
BAD = {"facts": [["审查人", "李四", "案2"]]}


def _jsonl(tmp_path: Path, rows) -> Path:
    path = tmp_path / "cases.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def _batch(*args):
    return CliRunner().invoke(main, ["batch", *map(str, args)])


def test_lines_in_input_order_and_bad_cases_become_error_lines(tmp_path):
    cases = _jsonl(tmp_path, [GOOD, BAD, GOOD])
    out = tmp_path / "out.jsonl"
    result = _batch(cases, "-o", out)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["index"] for line in lines] == [0, 1, 2]
    assert "应当追究(张三, 案1)" in {c["conclusion"] for c in lines[0]["conclusions"]}
    assert "审查人" in lines[1]["error"] and "facts[0][0]" in lines[1]["error"]
    assert "案件 3 个，出错 1 个" in result.output


def test_two_workers_write_the_same_file_as_one(tmp_path):
    cases = _jsonl(tmp_path, [GOOD, BAD] * 10)
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert _batch(cases, "-o", one, "--proofs", "why").exit_code == 0
    assert _batch(cases, "-o", two, "--proofs", "why", "--workers", "2").exit_code == 0
    assert one.read_bytes() == two.read_bytes()


def test_resume_neither_redoes_nor_duplicates_and_repairs_a_truncated_line(tmp_path):
    cases = _jsonl(tmp_path, [GOOD, BAD, GOOD, GOOD])
    full, partial = tmp_path / "full.jsonl", tmp_path / "partial.jsonl"
    assert _batch(cases, "-o", full).exit_code == 0
    lines = full.read_text(encoding="utf-8").splitlines(keepends=True)
    partial.write_text(lines[0] + lines[1] + lines[2][:15], encoding="utf-8")  # interrupted mid-line
    result = _batch(cases, "-o", partial, "--resume")
    assert result.exit_code == 0
    assert partial.read_bytes() == full.read_bytes()
    assert "跳过已完成的 2 个" in result.output


def test_directory_of_case_files(tmp_path):
    out = tmp_path / "out.jsonl"
    assert _batch(REPO / "examples", "-o", out).exit_code == 0
    sources = [json.loads(line)["source"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert sources == sorted(sources) and len(sources) == 15


def test_resume_refuses_a_file_it_did_not_write_and_leaves_it_untouched(tmp_path):
    cases = _jsonl(tmp_path, [GOOD, BAD])
    notes = tmp_path / "notes.jsonl"
    notes.write_bytes("会议记录\n第二行，未写完".encode("utf-8"))
    before = notes.read_bytes()
    result = _batch(cases, "-o", notes, "--resume")
    assert result.exit_code == 2
    assert "notes.jsonl:1:1: 错误[bad-resume]" in result.output and "去掉 --resume" in result.output
    assert notes.read_bytes() == before


def test_resume_with_other_inputs_is_refused(tmp_path):
    cases = _jsonl(tmp_path, [GOOD, BAD, GOOD])
    out = tmp_path / "out.jsonl"
    assert _batch(cases, "-o", out).exit_code == 0
    fewer = tmp_path / "fewer.jsonl"
    fewer.write_text(json.dumps(GOOD, ensure_ascii=False) + "\n", encoding="utf-8")
    result = _batch(fewer, "-o", out, "--resume")
    assert result.exit_code == 2
    assert "输出文件第 3 行来自" in result.output and "cases.jsonl:3" in result.output


def test_missing_inputs_and_unwritable_output_are_located_chinese_errors(tmp_path):
    cases = _jsonl(tmp_path, [GOOD])
    missing = _batch(tmp_path / "无.jsonl", tmp_path / "也无", "-o", tmp_path / "out.jsonl")
    assert missing.exit_code == 2
    assert missing.output.count("找不到输入文件或目录") == 2 and "Traceback" not in missing.output
    no_dir = _batch(cases, "-o", tmp_path / "没有的目录" / "out.jsonl")
    assert no_dir.exit_code == 2 and "输出文件所在的目录不存在" in no_dir.output
    is_dir = _batch(cases, "-o", tmp_path)
    assert is_dir.exit_code == 2 and "输出路径是一个目录" in is_dir.output


def test_a_line_that_is_not_utf8_is_an_error_line_and_the_batch_goes_on(tmp_path):
    cases = tmp_path / "cases.jsonl"
    good = json.dumps(GOOD, ensure_ascii=False).encode("utf-8")
    cases.write_bytes(good + b"\n" + "张三".encode("gbk") + b"\n" + good + b"\n")
    out = tmp_path / "out.jsonl"
    result = _batch(cases, "-o", out)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [("error" in line) for line in lines] == [False, True, False]
    assert "cases.jsonl:2" in lines[1]["error"] and "UTF-8" in lines[1]["error"]


def test_a_single_case_file_is_one_case(tmp_path):
    out = tmp_path / "out.jsonl"
    case = REPO / "examples" / "coerced-confession.jz"
    assert _batch(case, "-o", out).exit_code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["source"] == str(case)


def test_articles_are_those_the_report_cites(tmp_path):
    from jiuze import Rulebook
    from jiuze.cases.load import load_any_case
    from jiuze.reports.data import build_report

    case_file = REPO / "examples" / "coerced-confession.jz"
    out = tmp_path / "out.jsonl"
    assert _batch(case_file, "-o", out, "--proofs", "why").exit_code == 0
    line = json.loads(out.read_text(encoding="utf-8"))
    batch_articles = {c["conclusion"]: c["articles"] for c in line["conclusions"]}
    rulebook = Rulebook.load()
    case = load_any_case(str(case_file), rulebook.program)
    report = build_report(rulebook.evaluate(case.facts), case)
    everyone = [c for p in report.persons for c in p.conclusions] + [c for k in report.cases for c in k.conclusions]
    cited = {str(c.atom): [str(a) for a in c.articles] for c in everyone + list(report.other)}
    assert cited and all(batch_articles[atom] == articles for atom, articles in cited.items())
    assert not any(
        "第六条" in a and "第六条第" not in a
        for atoms in batch_articles.values()
        for a in atoms
        if any(b.startswith("第六条第") for b in atoms)
    )


def test_summary_counts_liable_persons_per_item_and_art14_exclusions_apart(tmp_path):
    out = tmp_path / "out.jsonl"
    examples = REPO / "examples"
    result = _batch(examples / "coerced-confession.jz", examples / "superior-order.jz", "-o", out)
    assert result.exit_code == 0, result.output
    # coerced-confession: 张三 liable under item (二); superior-order: item (七) applies but Art 14(三) excludes
    assert "按第六条各项：第（二）项 1；" in result.output
    assert "不予追究（第十四条）1 人次" in result.output
