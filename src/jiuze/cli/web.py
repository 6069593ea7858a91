"""`jiuze serve`: the web workbench and its REST API (needs the `web` extra: pip install 'jiuze[web]')."""

from __future__ import annotations

import sys

import click

from jiuze.cli.common import CONTEXT, EXIT_BAD_INPUT, reports_bad_input

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@click.command(context_settings=CONTEXT)
@click.option(
    "--rules",
    "rules",
    multiple=True,
    type=click.Path(),
    help="另外提供的规则库目录（如省级实施办法），可多次给出；第一个是缺省规则库。全国规则库总是可选。",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="监听的地址；不是本机地址时会给出警告。")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="端口。")
@click.option(
    "--time-limit", default=10.0, show_default=True, type=click.FloatRange(0.1, 600), help="每次求值的时间上限（秒）。"
)
@click.option("--max-request", default=1 << 20, show_default=True, type=click.IntRange(1024), help="请求体的字节上限。")
@reports_bad_input
def serve(rules, host, port, time_limit, max_request):
    """启动本机的究责工作台：在浏览器中填写案件、查看报告、展开证明、问 why-not 与 what-if。

    只读取启动时给出的规则库和提交的案件；请求中的路径不会被读取。

    \b
    例：jiuze serve
        jiuze serve --rules logic/provinces/example-province --port 8080
    """
    try:
        import fastapi  # noqa: F401
        import uvicorn
    except ImportError as error:
        click.echo(f"jiuze serve 需要 web 组件（{error.name} 未安装）：pip install 'jiuze[web]'", err=True)
        sys.exit(EXIT_BAD_INPUT)
    from jiuze.web.app import Settings, create_app
    from jiuze.web.catalog import catalog
    from jiuze.web.worker import WorkerFailed

    if host not in LOOPBACK:
        click.echo(
            f"警告：工作台将监听 {host}，本机以外的人也可能访问它（没有登录和权限控制）。只在可信的网络中这样做。",
            err=True,
        )
    settings = Settings(tuple(catalog(list(rules))), time_limit, max_request)
    try:
        app = create_app(settings)
    except WorkerFailed as error:
        click.echo(error.data["error"]["message"], err=True)
        sys.exit(EXIT_BAD_INPUT)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"究责工作台：http://{shown}:{port}/   （接口说明：/openapi.json，按 Ctrl+C 停止）", err=True)
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning")
    finally:
        app.state.worker.close()


COMMANDS = [serve]
