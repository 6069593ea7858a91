"""The HTTP layer of `jiuze serve`: JSON endpoints under /api (schema at /openapi.json)
and the workbench page at /.

Every error is JSON — `{"error": {"code", "message", "findings": [...]}}` —
with the same located Chinese message the command line prints and a 4xx
status: 422 bad case or request, 404 unknown rulebook or page, 413 request
too large, 408 evaluation over the time limit.  A bug answers 500 with a
short message, never a traceback.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from jiuze.reports.graph import proof_dot, proof_svg
from jiuze.reports.html import report_css
from jiuze.web.catalog import RulebookSpec, default_id
from jiuze.web.errors import error_data
from jiuze.web.operations import data_to_yaml
from jiuze.web.worker import BAD_INPUT, OK, TimeLimitExceeded, Worker

MAX_REQUEST_BYTES = 1 << 20
TIME_LIMIT = 10.0


@dataclass(frozen=True)
class Settings:
    specs: tuple[RulebookSpec, ...]
    time_limit: float = TIME_LIMIT
    max_request_bytes: int = MAX_REQUEST_BYTES


# ---------------------------------------------------------------- request bodies


class CaseIn(BaseModel):
    """A case: `text` in one of the formats jiuze report reads, or `data` as the form builds it."""

    format: Literal["yaml", "json", "jz"] = Field("yaml", description="text 的格式")
    text: str | None = Field(None, description="案件文件的内容")
    data: dict[str, Any] | None = Field(None, description="结构化案件（docs/case-format.md）")


class CaseRequest(BaseModel):
    rulebook: str | None = Field(None, description="规则库的 id（GET /api/rulebooks）；缺省为启动时的默认规则库")
    case: CaseIn


class AtomRequest(CaseRequest):
    atom: str = Field(..., description="结论，如 应当追究(张三, 案1)", max_length=500)
    all: bool = Field(False, description="explain：列出每一种推导")


class WhatIfRequest(CaseRequest):
    atom: str = Field(..., max_length=500)
    max_size: int = Field(3, ge=1, le=4, description="每组事实至多几个")
    max_evaluations: int = Field(300, ge=1, le=3000)
    max_results: int = Field(10, ge=1, le=50)


class ToggleRequest(CaseRequest):
    remove: list[str] = Field(default_factory=list, description="去掉的事实，如 逼供(张三, 案1)")
    add: list[str] = Field(default_factory=list, description="增加的事实")


class ParseRequest(BaseModel):
    rulebook: str | None = None
    text: str


class YamlRequest(BaseModel):
    data: dict[str, Any]


class GraphRequest(BaseModel):
    proof: dict[str, Any] = Field(..., description="证明节点（docs/proof-json.md）")
    format: Literal["svg", "dot"] = "svg"
    title: str = Field("证明", max_length=200)


# ---------------------------------------------------------------- the application


class BadRequest(Exception):
    def __init__(self, status: int, data: dict):
        self.status, self.data = status, data


def create_app(settings: Settings, worker: Worker | None = None) -> FastAPI:
    """The application; the worker (started here unless given) compiles the rulebooks first."""
    worker = worker or Worker(settings.specs, settings.time_limit)
    if not worker.ready:
        worker.start()
    ready = worker.ready
    known = {r["id"]: r for r in ready["rulebooks"]}
    default = default_id(list(settings.specs))
    app = FastAPI(
        title="究责 jiuze 工作台 API",
        description="《公安机关人民警察执法过错责任追究规定》规则引擎：案件求值、报告、证明、why-not、what-if。",
        version="1",
        docs_url=None,  # FastAPI's interactive pages load their scripts from a CDN; the workbench stays offline
        redoc_url=None,
    )
    app.state.worker = worker
    _errors(app)
    app.add_middleware(_SizeLimit, limit=settings.max_request_bytes)

    def run(operation: str, body: BaseModel) -> JSONResponse:
        """The worker's answer as JSON, passed through as it is (the worker built plain JSON data;
        re-validating a large report through FastAPI's encoder would cost more than evaluating it)."""
        request = body.model_dump()
        request["rulebook"] = _rulebook(request.get("rulebook"), known, default)
        started = time.perf_counter()
        try:
            status, data, *cpu = worker.call(operation, request)
        except TimeLimitExceeded as limit:
            message = f"求值超过时间上限（{limit.args[0]:g} 秒），已停止。请缩小案件，或减少 what-if 的搜索范围。"
            raise BadRequest(408, error_data("time-limit", message))
        if status == OK:
            spent = (time.perf_counter() - started) * 1000
            timing = f"worker;dur={spent:.1f}, cpu;dur={cpu[0]:.1f}"
            return JSONResponse(data, headers={"Server-Timing": timing})
        raise BadRequest(422 if status == BAD_INPUT else 500, data)

    @app.get("/api/rulebooks", tags=["规则库"], summary="启动时给出的规则库及其偏离")
    def rulebooks() -> dict:
        return {"default": default, "rulebooks": ready["rulebooks"]}

    @app.get("/api/rulebooks/{rulebook_id}", tags=["规则库"], summary="一个规则库：文件、规则数、实施办法的偏离")
    def rulebook(rulebook_id: str) -> dict:
        return known[_rulebook(rulebook_id, known, default)]

    @app.get("/api/rulebooks/{rulebook_id}/vocabulary", tags=["规则库"], summary="案件可以陈述的输入谓词")
    def vocabulary(rulebook_id: str) -> dict:
        return ready["vocabulary"][_rulebook(rulebook_id, known, default)]

    @app.post("/api/evaluate", tags=["案件"], summary="求值：案件的事实与成立的全部结论")
    def evaluate(body: CaseRequest) -> JSONResponse:
        return run("evaluate", body)

    @app.post("/api/report", tags=["案件"], summary="报告（同 jiuze report --format json）")
    def report(body: CaseRequest) -> JSONResponse:
        return run("report", body)

    @app.post(
        "/api/report/html",
        tags=["案件"],
        summary="报告的 HTML 片段（同 jiuze report --format html，带 why-not 与 what-if 按钮）",
    )
    def report_html(body: CaseRequest) -> JSONResponse:
        return run("report_html", body)

    @app.post("/api/explain", tags=["案件"], summary="解释结论为何成立（同 jiuze explain --format json）")
    def explain(body: AtomRequest) -> JSONResponse:
        return run("explain", body)

    @app.post("/api/why-not", tags=["案件"], summary="解释结论为何不成立")
    def why_not(body: AtomRequest) -> JSONResponse:
        return run("why_not", body)

    @app.post("/api/what-if", tags=["案件"], summary="使结论翻转的最小事实改动")
    def what_if(body: WhatIfRequest) -> JSONResponse:
        return run("what_if", body)

    @app.post("/api/toggle", tags=["案件"], summary="去掉或增加事实后，哪些结论出现、哪些消失")
    def toggle(body: ToggleRequest) -> JSONResponse:
        return run("toggle", body)

    @app.post("/api/case/parse", tags=["案件文件"], summary="YAML 案件 → 表单数据，附全部错误")
    def parse(body: ParseRequest) -> JSONResponse:
        return run("parse_yaml", body)

    @app.post("/api/case/yaml", tags=["案件文件"], summary="表单数据 → YAML 案件")
    def to_yaml(body: YamlRequest) -> dict:
        return {"text": data_to_yaml(body.data)}

    @app.post("/api/graph", tags=["证明"], summary="证明画成 SVG 或 Graphviz DOT")
    def graph(body: GraphRequest) -> Response:
        try:
            drawn = (proof_svg if body.format == "svg" else proof_dot)(body.proof, body.title)
        except (KeyError, TypeError, AttributeError):
            raise BadRequest(422, error_data("bad-proof", "证明节点不符合 docs/proof-json.md 的格式"))
        media = "image/svg+xml" if body.format == "svg" else "text/vnd.graphviz"
        return Response(drawn, media_type=f"{media}; charset=utf-8")

    static = resources.files("jiuze.web").joinpath("static")

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(str(static.joinpath("index.html")), media_type="text/html; charset=utf-8")

    @app.get("/report.css", include_in_schema=False)
    def styles() -> Response:
        return Response(report_css(), media_type="text/css; charset=utf-8")

    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    return app


def _rulebook(rulebook_id: str | None, known: dict, default: str) -> str:
    if rulebook_id is None:
        return default
    if rulebook_id not in known:
        message = f"没有名为“{rulebook_id}”的规则库；可用的规则库：{'、'.join(known)}"
        raise BadRequest(404, error_data("unknown-rulebook", message))
    return rulebook_id


def _errors(app: FastAPI) -> None:
    @app.exception_handler(BadRequest)
    def bad_request(request: Request, error: BadRequest) -> JSONResponse:
        return JSONResponse(error.data, status_code=error.status)

    @app.exception_handler(RequestValidationError)
    def invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        problems = [_validation_message(e) for e in error.errors()]
        return JSONResponse(error_data("bad-request", "请求不符合接口定义：" + "；".join(problems)), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    def http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        messages = {404: "没有这个地址", 405: "这个地址不接受这种请求方法"}
        message = messages.get(error.status_code, f"请求错误（HTTP {error.status_code}）")
        return JSONResponse(error_data("http", message), status_code=error.status_code)

    @app.exception_handler(Exception)
    def internal(request: Request, error: Exception) -> JSONResponse:
        message = f"服务器内部错误：{type(error).__name__}"
        return JSONResponse(error_data("internal", message), status_code=500)


def _validation_message(error: dict) -> str:
    where = ".".join(str(p) for p in error.get("loc", ()) if p != "body") or "请求体"
    kinds = {
        "missing": "缺少这一项",
        "json_invalid": "不是合法的 JSON",
        "string_type": "应是字符串",
        "dict_type": "应是对象",
        "list_type": "应是数组",
        "literal_error": "取值不在允许的范围内",
        "int_parsing": "应是整数",
        "less_than_equal": "超过上限",
        "greater_than_equal": "低于下限",
        "string_too_long": "太长",
        "model_attributes_type": "应是对象",
    }
    return f"{where}：{kinds.get(error.get('type'), error.get('msg', '格式不对'))}"


class _SizeLimit:
    """Reads at most `limit` bytes of a request body; a larger one gets 413 before any work is done."""

    def __init__(self, app, limit: int):
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        body, more = b"", True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > self.limit:
                data = error_data("too-large", f"请求超过 {self.limit} 字节的上限；案件文件请控制在这个大小以内。")
                response = JSONResponse(data, status_code=413)
                return await response(scope, receive, send)
        sent = False

        async def replay():
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        return await self.app(scope, replay, send)
