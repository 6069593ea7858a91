"""The REST API of `jiuze serve`, through the ASGI test client, against a real evaluation worker."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web extra (fastapi) is not installed")

from fastapi.testclient import TestClient  # noqa: E402

from jiuze.web.app import Settings, create_app  # noqa: E402
from jiuze.web.catalog import catalog  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
OVERLAY = REPO / "logic/provinces/example-province"
CASE = (REPO / "examples/coerced-confession.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def client():
    app = create_app(Settings(tuple(catalog([str(OVERLAY)])), time_limit=20.0, max_request_bytes=64 * 1024))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client
    app.state.worker.close()


def body(**extra):
    return {"rulebook": "national", "case": {"format": "yaml", "text": CASE}, **extra}


def test_rulebooks_and_overlay_deviations(client):
    data = client.get("/api/rulebooks").json()
    assert data["default"] == "example-province"
    ids = [r["id"] for r in data["rulebooks"]]
    assert ids == ["national", "example-province"]
    overlay = client.get("/api/rulebooks/example-province").json()
    assert overlay["overlay"]["issuer"] == "某省公安厅"
    assert overlay["overlay"]["deviations"]
    assert any(c["label"].startswith("第六条") and c["kind"] == "added" for c in overlay["changes"])
    assert client.get("/api/rulebooks/national").json()["overlay"] is None


def test_vocabulary_for_the_form(client):
    data = client.get("/api/rulebooks/national/vocabulary").json()
    by_name = {p["predicate"]: p for p in data["predicates"]}
    assert by_name["逼供"]["place"] == "act"
    assert by_name["违反法定程序"]["place"] == "circumstance"
    assert by_name["办案人"]["place"] == "field"
    assert by_name["违法作出行政处罚"]["extra_params"] == ["处罚"]
    assert data["roles"][:3] == ["办案人", "审核人", "审批人"]
    assert "第六条第（二）项" in data["article_texts"]


def test_report_names_the_liable_person_and_item(client):
    response = client.post("/api/report", json=body())
    assert response.status_code == 200
    data = response.json()
    persons = {p["name"]: p for p in data["report"]["persons"]}
    assert persons["张三"]["summary"][0]["liable"] is True
    assert persons["张三"]["summary"][0]["articles"] == ["第六条第（二）项"]
    assert persons["李四"]["summary"][0]["liable"] is False
    assert "逼供" in data["article_texts"]["第六条第（二）项"]


def test_report_on_the_overlay_says_which_measures_apply(client):
    data = client.post("/api/report", json=body(rulebook="example-province")).json()
    assert data["report"]["overlay"]["issuer"] == "某省公安厅"


def test_conduct_before_the_overlays_effective_date_is_reported_under_the_national_rules(client):
    text = (
        "案件: 省案1\n发生日期: {}\n人员:\n  - 姓名: 甲\n    过错: 过失\n    行为: [不按规定受案登记, 违规收取费用]\n"
    )
    reports = {}
    for date in ("1999-08-01", "2000-01-01"):
        request = {"rulebook": "example-province", "case": {"format": "yaml", "text": text.format(date)}}
        reports[date] = client.post("/api/report", json=request).json()["report"]
    early, late = reports["1999-08-01"], reports["2000-01-01"]
    assert "施行日期 2000-01-01 之前：适用全国规定" in early["validity"][0]
    assert early["overlay"] is None and late["overlay"]["issuer"] == "某省公安厅"
    assert not any("适用全国规定" in note for note in late["validity"])


def test_report_from_form_data_cites_the_form(client):
    form = {"案件": "案1", "人员": [{"姓名": "张三", "角色": ["办案人"], "过错": "故意", "行为": ["逼供"]}]}
    data = client.post("/api/report", json={"case": {"data": form}, "rulebook": "national"}).json()
    proof = data["report"]["persons"][0]["conclusions"][0]["proof"]
    sources = []

    def walk(node):
        if node.get("source"):
            sources.append(node["source"])
        for child in node["premises"]:
            walk(child)

    walk(proof)
    assert "表单#人员[0].行为[0]" in sources


def test_evaluate_lists_facts_with_places_and_conclusions(client):
    data = client.post("/api/evaluate", json=body()).json()
    facts = {f["fact"]: f for f in data["facts"]}
    assert facts["逼供(张三, 案1)"]["source"] == "案件.yaml#人员[0].行为[0]"
    assert "应当追究(张三, 案1)" in [c["conclusion"] for c in data["conclusions"]]


def test_explain_why_not_and_what_if(client):
    explained = client.post("/api/explain", json=body(atom="应当追究(P, 案1)")).json()
    assert [e["conclusion"] for e in explained["explanations"]] == ["应当追究(张三, 案1)"]
    why_not = client.post("/api/why-not", json=body(atom="应当追究(李四, 案1)")).json()
    assert why_not["why_not"]["kind"] == "why-not"
    removed = client.post("/api/what-if", json=body(atom="应当追究(张三, 案1)")).json()
    assert removed["holds"] and removed["complete"]
    assert ["逼供(张三, 案1)"] in [[f["fact"] for f in c["facts"]] for c in removed["changes"]]
    added = client.post("/api/what-if", json=body(atom="应当追究(李四, 案1)", max_results=2)).json()
    assert not added["holds"] and len(added["changes"]) == 2 and not added["complete"] and added["stopped"]


def test_toggle_shows_what_vanishes_and_appears(client):
    data = client.post("/api/toggle", json=body(remove=["逼供(张三, 案1)"], add=["逼供(李四, 案1)"])).json()
    vanished = [c["conclusion"] for c in data["vanished"]]
    assert "应当追究(张三, 案1)" in vanished
    assert data["added"] == ["逼供(李四, 案1)"]


def test_yaml_and_form_data_round_trip(client):
    parsed = client.post("/api/case/parse", json={"rulebook": "national", "text": CASE}).json()
    assert parsed["findings"] == [] and parsed["data"]["发生日期"] == "2005-03-02"
    text = client.post("/api/case/yaml", json={"data": parsed["data"]}).json()["text"]
    assert "发生日期: 2005-03-02\n" in text
    again = client.post("/api/case/parse", json={"rulebook": "national", "text": text}).json()
    assert again["data"] == parsed["data"]


def test_parse_reports_field_errors_with_their_path(client):
    bad = CASE.replace("角色: [审核人]", "角色: [审查人]")
    data = client.post("/api/case/parse", json={"rulebook": "national", "text": bad}).json()
    assert data["data"]["人员"][1]["角色"] == ["审查人"]
    assert [f["pointer"] for f in data["findings"]] == ["人员[1].角色[0]"]
    assert "审核人" in data["findings"][0]["hint"]


def test_graph_svg_and_dot(client):
    proof = client.post("/api/explain", json=body(atom="应当追究(张三, 案1)")).json()["explanations"][0]["proof"]
    svg = client.post("/api/graph", json={"proof": proof})
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    assert "<svg" in svg.text and "逼供(张三, 案1)" in svg.text and "弄虚作假、逼供" in svg.text
    dot = client.post("/api/graph", json={"proof": proof, "format": "dot"}).text
    assert dot.startswith("digraph") and "->" in dot


# ---------------------------------------------------------------- errors: JSON, located, 4xx


def error_of(response, status):
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert "Traceback" not in response.text
    return response.json()["error"]


def test_bad_case_is_a_located_chinese_error(client):
    bad = CASE.replace("过错: 故意", "过错: 故意的")
    error = error_of(client.post("/api/report", json=body(case={"text": bad})), 422)
    assert error["code"] == "bad-input"
    assert "案件.yaml" in error["message"] and "未知的过错形态" in error["message"] and "^" in error["message"]
    assert error["findings"][0]["pointer"] == "人员[0].过错" and error["findings"][0]["line"] > 0


def test_bad_yaml_syntax(client):
    error = error_of(client.post("/api/report", json=body(case={"text": "案件: [\n"})), 422)
    assert error["findings"][0]["code"] == "bad-yaml"


def test_unknown_predicate_in_a_question(client):
    error = error_of(client.post("/api/why-not", json=body(atom="应当追(李四, 案1)")), 422)
    assert "没有声明谓词" in error["message"]


def test_variables_in_why_not(client):
    error = error_of(client.post("/api/why-not", json=body(atom="应当追究(P, 案1)")), 422)
    assert "含有变量" in error["message"]


def test_unknown_rulebook_is_404_and_no_path_is_read(client):
    error = error_of(client.post("/api/report", json=body(rulebook="/etc/passwd")), 404)
    assert "national" in error["message"]
    error_of(client.get("/api/rulebooks/..%2F..%2Fetc"), 404)


def test_malformed_requests(client):
    assert (
        "请求"
        in error_of(client.post("/api/report", content=b"{", headers={"content-type": "application/json"}), 422)[
            "message"
        ]
    )
    assert "atom" in error_of(client.post("/api/why-not", json=body()), 422)["message"]
    error_of(client.post("/api/what-if", json=body(atom="应当追究(张三, 案1)", max_size=99)), 422)
    error_of(client.post("/api/graph", json={"proof": {"no": "kind"}}), 422)
    error_of(client.get("/api/nothing"), 404)


def test_request_size_is_bounded(client):
    big = CASE + "#" + "很长的说明" * 20000 + "\n"
    error = error_of(client.post("/api/report", json=body(case={"text": big})), 413)
    assert "上限" in error["message"]


def test_evaluation_time_is_bounded(client):
    """A worker that does not answer in time is killed and replaced; the request gets 408 in Chinese."""
    worker = client.app.state.worker
    limit, worker.time_limit = worker.time_limit, 0.000001
    try:
        fresh = body(case={"text": CASE + "\n# 一个没有求值过的案件\n"})  # not in the recent-case cache
        error = error_of(client.post("/api/report", json=fresh), 408)
    finally:
        worker.time_limit = limit
    assert error["code"] == "time-limit" and "时间上限" in error["message"]
    assert worker.restarts >= 1
    assert client.post("/api/report", json=body()).status_code == 200  # a fresh worker answers


def test_openapi_schema_documents_the_endpoints(client):
    schema = client.get("/openapi.json").json()
    for path in ("/api/report", "/api/explain", "/api/why-not", "/api/what-if", "/api/evaluate", "/api/rulebooks"):
        assert path in schema["paths"]
    assert "CaseRequest" in schema["components"]["schemas"]


def test_page_and_static_files_are_served(client):
    page = client.get("/")
    assert page.status_code == 200 and "究责" in page.text
    assert "http://" not in page.text.replace("http://www.w3.org", "")  # nothing from a CDN


def test_no_page_that_loads_scripts_from_elsewhere(client):
    error_of(client.get("/docs"), 404)
    error_of(client.get("/redoc"), 404)


LAUGHS = "案件: 案1\na: &a [哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
    for i in range(9)
)


def test_yaml_aliases_are_refused_without_expanding_them(client):
    parsed = client.post("/api/case/parse", json={"rulebook": "national", "text": LAUGHS})
    assert parsed.status_code == 200 and parsed.json()["data"] is None
    assert "锚点和别名" in parsed.json()["message"]
    error = error_of(client.post("/api/report", json=body(case={"text": LAUGHS})), 422)
    assert "锚点和别名" in error["message"]


@pytest.mark.parametrize(
    "data",
    [
        {"人员": "张三"},
        {"案件": {"a": 1}},
        {"案件": "案1", "人员": [{"姓名": ["张三"]}]},
        {"案件": "案1", "人员": [{"姓名": "张三", "行为": [{"逼供": {"x": 1}}]}]},
        {"案件": "案1", "事实": [["逼供"], "并非(x)", 3]},
        {"案件": "案1", "发生日期": "2005-13-45"},
    ],
)
def test_odd_form_data_is_a_located_error_not_a_crash(client, data):
    error = error_of(client.post("/api/report", json={"rulebook": "national", "case": {"data": data}}), 422)
    assert error["findings"] and all(f["file"] == "表单" for f in error["findings"])
