"""Static outputs: `jiuze report --format html` (one self-contained file), proof graphs as SVG and DOT
(`jiuze explain --format svg|dot`), and `jiuze what-if` on the command line."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from click.testing import CliRunner

from jiuze.cli.main import main

REPO = Path(__file__).resolve().parents[2]
CASE = REPO / "examples/coerced-confession.yaml"
SVG = "{http://www.w3.org/2000/svg}"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def count_nodes(proof: dict) -> int:
    return 1 + sum(count_nodes(p) for p in proof["premises"])


def test_html_report_is_one_self_contained_file():
    result = run("report", "--format", "html", CASE)
    assert result.exit_code == 0, result.output
    html = result.output
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert "<script" not in html and "<link" not in html and "@import" not in html
    assert re.findall(r"(?:src|href)=\"(?:https?:)?//", html) == []  # nothing fetched
    assert set(re.findall(r"https?://[^\"' ]+", html)) <= {"http://www.w3.org/2000/svg"}
    assert '<tr data-person="张三"><td>张三</td><td>案1</td><td>办案人</td><td><span class="liable">是</span>' in html
    assert "第六条第（二）项</abbr>" in html
    assert 'title="第六条 公安机关人民警察在执行职务中' in html  # article text on hover
    assert "examples/coerced-confession.yaml#人员[0].行为[0]" in html  # the fact's place
    assert html.count("<svg") == html.count('<details class="proof-graph">') > 5
    assert run("report", "--format", "html", CASE).output == html  # deterministic


def test_html_report_on_an_overlay_names_it_and_its_deviations():
    result = run("report", "--format", "html", "--rules", REPO / "logic/provinces/example-province", CASE)
    assert result.exit_code == 0
    assert "适用的实施办法" in result.output and "声明的偏离" in result.output


def test_explain_svg_is_well_formed_with_one_group_per_proof_node():
    proof = json.loads(run("explain", "--format", "json", CASE, "应当追究(张三, 案1)").output)["explanations"][0][
        "proof"
    ]
    result = run("explain", "--format", "svg", CASE, "应当追究(张三, 案1)")
    assert result.exit_code == 0
    root = ET.fromstring(result.output)
    groups = root.findall(f"{SVG}g")
    assert len(groups) == count_nodes(proof)
    assert len(root.findall(f"{SVG}path")) == count_nodes(proof) - 1
    tips = [g.find(f"{SVG}title").text for g in groups]
    assert any("在办案中弄虚作假、逼供" in t and "06-追究情形.jz 第" in t for t in tips)
    assert any("来源：" in t and "人员[0].行为[0]" in t for t in tips)


def test_explain_dot_has_one_edge_per_premise_and_several_instances_share_a_root():
    result = run("explain", "--format", "dot", REPO / "examples/three-roles-at-fault.jz", "应当追究(P, C)")
    assert result.exit_code == 0
    dot = result.output
    nodes = re.findall(r"^  (n\d+) \[", dot, re.M)
    edges = re.findall(r"^  n\d+ -> n\d+;", dot, re.M)
    assert dot.startswith('digraph "应当追究(P, C)"') and len(edges) == len(nodes) - 1
    assert "【查询】应当追究(P, C)" in dot


def test_what_if_command_text_and_json():
    text = run("what-if", CASE, "应当追究(张三, 案1)")
    assert text.exit_code == 0
    assert "去掉：逼供(张三, 案1)" in text.output and "搜索完整" in text.output
    data = json.loads(run("what-if", "--format", "json", "--max-results", "2", CASE, "应当追究(李四, 案1)").output)
    assert data["holds"] is False and data["change"] == "add" and len(data["changes"]) == 2
    assert data["complete"] is False and "2" in data["stopped"]
    assert data["changes"][0]["proof"]["kind"] == "derived"


def test_what_if_bad_questions_exit_2_with_located_chinese():
    variables = run("what-if", CASE, "应当追究(P, 案1)")
    assert variables.exit_code == 2 and "含有变量" in variables.output
    typo = run("what-if", CASE, "应当追(张三, 案1)")
    assert typo.exit_code == 2 and "没有声明谓词" in typo.output and "^" in typo.output


def test_a_section_the_html_renderer_does_not_know_is_still_shown():
    from jiuze.reports.html import report_fragment

    data = json.loads(run("report", "--format", "json", CASE).output)
    data["陈述但未用到的事实"] = [{"fact": "说明(案1)", "reading": "一条没有用到的事实", "source": "案.yaml#事实[0]"}]
    data["persons"][0]["新的一节"] = ["某项新的内容"]
    html = report_fragment(data, {})
    assert '<h2 class="extra">陈述但未用到的事实</h2>' in html and "一条没有用到的事实" in html
    assert "新的一节" in html and "某项新的内容" in html
