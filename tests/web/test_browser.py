"""The workbench in a real headless chromium (Debian's package, driven by Playwright through its
executable path; Playwright's own browser download is never used).

`jiuze serve` runs as a real process on a free loopback port.  The test fills in the
coerced-confession case through the form, checks the report names 张三 under 第六条第（二）项,
opens a proof as a tree and as a graph, asks why-not and what-if, edits the YAML and sees the
form follow (and an error shown at its field), toggles a fact, and switches to an overlay.
A screenshot of each step is kept (the directory is printed; JIUZE_ARTIFACTS chooses it).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = next((p for p in (shutil.which("chromium"), "/usr/bin/chromium") if p and Path(p).exists()), None)
if CHROMIUM is None:
    pytest.skip("chromium is not installed (apt-get install -y chromium; .ci/run does this)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (test extra) is not installed")

REPO = Path(__file__).resolve().parents[2]
OVERLAY = REPO / "logic/provinces/example-province"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    port = free_port()
    jiuze = Path(sys.executable).with_name("jiuze")
    command = [str(jiuze)] if jiuze.exists() else [sys.executable, "-m", "jiuze.cli.main"]
    process = subprocess.Popen(
        command + ["serve", "--rules", str(OVERLAY), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(url + "api/rulebooks", timeout=2).read()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"jiuze serve did not start: {process.communicate()[1]}")
            time.sleep(0.3)
    yield url
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="module")
def shots(request):
    folder = Path(os.environ.get("JIUZE_ARTIFACTS") or tempfile.mkdtemp(prefix="jiuze-web-shots-"))
    folder.mkdir(parents=True, exist_ok=True)
    request.config.jiuze_screenshots = folder  # printed in the closing summary (conftest.py)
    return folder


@pytest.fixture(scope="module")
def page(server):
    with sync_api.sync_playwright() as playwright:
        profile = tempfile.mkdtemp(prefix="jiuze-chromium-")
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=FLAGS, headless=True, viewport={"width": 1600, "height": 1000}
        )
        page = context.new_page()
        page.set_default_timeout(30_000)
        yield page
        context.close()
        shutil.rmtree(profile, ignore_errors=True)


def test_workbench_end_to_end(server, page, shots):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    external: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(server) else external.append(r.url))

    page.goto(server)
    page.wait_for_selector("body[data-ready='1']")
    page.screenshot(path=str(shots / "01-opened.png"), full_page=True)
    assert page.input_value("#rulebook") == "example-province"
    page.select_option("#rulebook", "national")
    page.wait_for_function("document.body.dataset.rulebook === 'national'")

    # ---- the coerced-confession case, through the form
    form = page.locator("#case-form")
    form.locator("input[name='案件']").fill("案1")
    form.locator("input[name='名称']").fill("刑讯逼供案")
    form.locator("input[name='发生日期']").fill("2005-03-02")
    for name, role, fault, act in (("张三", "办案人", "故意", "逼供"), ("李四", "审核人", None, None)):
        form.locator("button.add.persons").click()
        person = form.locator(".person").last
        person.locator("input[name='姓名']").fill(name)
        person.locator(f"input[name='角色'][value='{role}']").check()
        if fault:
            person.locator("select[name='过错']").select_option(fault)
        if act:
            person.locator("button.add-act").click()
            person.locator(".acts select.predicate").last.select_option(act)
    form.locator("button.add.circumstances").click()
    form.locator(".circumstances select.predicate").last.select_option("违反法定程序")
    page.wait_for_function("document.querySelector('#case-yaml').value.includes('违反法定程序')")
    yaml_text = page.input_value("#case-yaml")
    assert "姓名: 张三" in yaml_text and "- 逼供" in yaml_text and "- 审核人" in yaml_text
    page.screenshot(path=str(shots / "02-form-filled.png"), full_page=True)

    # ---- the report
    page.click("#run-report")
    page.wait_for_selector("#report table.summary")
    row = page.locator("#report table.summary tr[data-person='张三']")
    assert "第六条第（二）项" in row.inner_text() and "是" in row.inner_text()
    assert "否" in page.locator("#report table.summary tr[data-person='李四']").inner_text()
    hover = page.locator("#report table.summary tr[data-person='张三'] abbr.article").first.get_attribute("title")
    assert "逼供" in hover  # the article's words on hover
    page.screenshot(path=str(shots / "03-report.png"), full_page=True)

    # ---- a proof: tree and graph
    zhang = page.locator("#report section.person[data-person='张三']")
    first = zhang.locator("li.conclusion").first
    first.locator("details.proof-tree > summary").click()
    tree = first.locator("details.proof-tree ul.tree")
    tree.wait_for(state="visible")
    assert "逼供(张三, 案1)" in tree.inner_text() and "案件.yaml#人员[0].行为[0]" in tree.inner_text()
    first.locator("details.proof-graph > summary").click()
    graph = first.locator("details.proof-graph svg")
    graph.wait_for(state="visible")
    assert graph.locator("g.node").count() >= 5
    first.scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "04-proof.png"), full_page=True)

    # ---- why-not and what-if for 李四
    li = page.locator("#report section.person[data-person='李四']")
    li.locator("button[data-ask='why-not']").click()
    answer = li.locator(".answer")
    answer.locator("h4").wait_for()
    assert "为什么不成立" in answer.inner_text() and "缺少" in answer.inner_text()
    page.screenshot(path=str(shots / "05-why-not.png"), full_page=True)
    li.locator("button[data-ask='what-if']").click()
    answer.locator(".what-if-changes li").first.wait_for()
    assert "增加：" in answer.inner_text() and "主观过错(李四, 案1" in answer.inner_text()
    page.screenshot(path=str(shots / "06-what-if.png"), full_page=True)

    # ---- toggle a fact: 应当追究(张三, 案1) vanishes
    page.click("#facts-panel > summary")
    page.locator("#facts input[value='逼供(张三, 案1)']").uncheck()
    page.wait_for_selector("#toggle-result li.vanished")
    assert "消失：应当追究(张三, 案1)" in page.inner_text("#toggle-result")
    page.screenshot(path=str(shots / "07-toggle.png"), full_page=True)

    # ---- YAML → form, and an error shown at its field
    page.fill("#case-yaml", yaml_text.replace("李四", "赵六").replace("- 审核人", "- 审查人"))
    page.wait_for_selector("#case-form .field-error")
    assert page.locator("#case-form .person").nth(1).locator("input[name='姓名']").input_value() == "赵六"
    assert "未知角色“审查人”" in page.inner_text("#case-form .field-error")
    page.screenshot(path=str(shots / "08-yaml-error.png"), full_page=True)
    page.fill("#case-yaml", yaml_text)
    page.wait_for_function("!document.querySelector('#case-form .field-error')")

    # ---- the overlay: its deviations shown, the report rests on it
    page.select_option("#rulebook", "example-province")
    page.wait_for_function("document.body.dataset.rulebook === 'example-province'")
    page.wait_for_selector("#report dl.header >> text=适用的实施办法")
    assert "某省公安厅" in page.inner_text("#rulebook-info")
    assert "第六条第（十七）项" in page.inner_text("#rulebook-info")
    page.screenshot(path=str(shots / "09-overlay.png"), full_page=True)

    assert errors == [], errors
    assert external == [], external  # fully offline: nothing but the server itself


def test_first_render_time_is_recorded(server, page, shots):
    """Not a pass/fail timing (bench/web.py reports the figure): the page becomes ready and says when."""
    page.goto(server)
    page.wait_for_selector("body[data-ready='1']")
    ready = page.evaluate("performance.now()")
    paint = page.evaluate("(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || null")
    print(f"\nfirst contentful paint {paint} ms, form ready {ready:.0f} ms")
    assert ready > 0
