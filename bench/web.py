"""Web workbench timings (issue 16): a report through the REST API on a warm server, and the
page's first render in headless chromium.  Figures, not pass/fail.

    python bench/web.py [--requests 50] [--loads 5] [--out bench/out/web.md]

Starts a real `jiuze serve` on a free loopback port (its evaluation worker compiles the rulebooks
first), warms it with a few requests, then times POST /api/report (the JSON report) and
POST /api/report/html (the page's report with inline SVG proofs) for every example YAML case,
end to end over HTTP from this process.  The browser part opens the page in a fresh
headless chromium profile each time and reads first-contentful-paint and the moment the form
is ready (body[data-ready]), then the time from clicking 生成报告 to the report being shown.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHROMIUM_FLAGS = [
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


def start_server(port: int) -> subprocess.Popen:
    jiuze = Path(sys.executable).with_name("jiuze")
    process = subprocess.Popen([str(jiuze), "serve", "--port", str(port)], stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/rulebooks", timeout=2).read()
            return process
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"jiuze serve did not start: {process.stderr.read()}")
            time.sleep(0.2)


def post(url: str, body: dict) -> tuple[float, float]:
    """(ms end to end, ms the server waited for its evaluation worker, CPU ms the worker spent): Server-Timing."""
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(url, data, {"Content-Type": "application/json"})
    started = time.perf_counter()
    with urllib.request.urlopen(request) as response:
        response.read()
        assert response.status == 200
        timing = dict(part.strip().split(";dur=") for part in response.headers["Server-Timing"].split(","))
    return (time.perf_counter() - started) * 1000, float(timing["worker"]), float(timing["cpu"])


def stats(samples: list[float]) -> tuple[float, float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))], ordered[-1]


def api_timings(base: str, requests: int) -> list[tuple]:
    """Per case and endpoint: every request a case the server has not seen (a new comment line, so its
    recent-case cache misses and the case is parsed, evaluated and reported afresh), then the same
    case again and again (the cache hits, as when the page asks more questions of one case)."""
    rows = []
    for case in sorted((REPO / "examples").glob("*.yaml")):
        text = case.read_text(encoding="utf-8")
        for endpoint in ("/api/report", "/api/report/html"):

            def body(n, text=text, endpoint=endpoint):
                return {"rulebook": "national", "case": {"format": "yaml", "text": f"{text}\n# {endpoint} {n}\n"}}

            for n in range(5):
                post(base + endpoint, body(-n - 1))
            for label, bodies in (
                ("new case", [body(n) for n in range(requests)]),
                ("same case", [body(0)] * requests),
            ):
                samples = [post(base + endpoint, b) for b in bodies]
                total = stats([s[0] for s in samples])
                worker = statistics.median(s[1] for s in samples)
                rows.append((case.name, endpoint, label, *total, worker, statistics.median(s[2] for s in samples)))
    return rows


def browser_timings(base: str, loads: int) -> list[dict]:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    case = (REPO / "examples/coerced-confession.yaml").read_text(encoding="utf-8")
    out = []
    with sync_playwright() as playwright:
        for _ in range(loads):
            profile = tempfile.mkdtemp(prefix="jiuze-bench-")
            context = playwright.chromium.launch_persistent_context(
                profile, executable_path=chromium, args=CHROMIUM_FLAGS, headless=True
            )
            page = context.new_page()
            page.goto(base)
            page.wait_for_selector("body[data-ready='1']")
            ready = page.evaluate("performance.now()")
            paint = page.evaluate("(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime")
            page.fill("#case-yaml", case)
            page.wait_for_selector("#case-form .person")
            started = page.evaluate("performance.now()")
            page.click("#run-report")
            page.wait_for_selector("#report table.summary")
            shown = page.evaluate("performance.now()") - started
            out.append({"paint": paint, "ready": ready, "report": shown})
            context.close()
            shutil.rmtree(profile, ignore_errors=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--loads", type=int, default=5)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    port = free_port()
    server = start_server(port)
    base = f"http://127.0.0.1:{port}"
    try:
        api = api_timings(base, args.requests)
        pages = browser_timings(base + "/", args.loads) if shutil.which("chromium") else []
    finally:
        server.terminate()
        server.wait(timeout=10)
    lines = [
        "# Web workbench timings",
        "",
        f"- Command: `python bench/web.py --requests {args.requests} --loads {args.loads}`",
        f"- Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; Python {platform.python_version()}; "
        f"{platform.platform()}",
        "- Target (issue 16): a report through the API ≤ 50 ms on a warm server; first render ≤ 1 s in headless chromium",
        "",
        f"## Report through the REST API (warm server, {args.requests} requests each after 5 warm-up, ms end to end over HTTP)",
        "",
        "| case | endpoint | requests | median | p95 | max | median in the worker | median worker CPU |",
        "|---|---|---|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {c} | {e} | {k} | {m:.1f} | {p:.1f} | {x:.1f} | {w:.1f} | {u:.1f} |" for c, e, k, m, p, x, w, u in api
    ]
    lines += ["", f"Load average during the run: {os.getloadavg()[0]:.1f} (1 min) on {os.cpu_count()} CPUs."]
    if pages:
        lines += [
            "",
            f"## The page in headless chromium ({len(pages)} loads, fresh profile each, ms)",
            "",
            "| measure | median | max |",
            "|---|---:|---:|",
        ]
        for key, label in (
            ("paint", "first contentful paint"),
            ("ready", "form generated from the vocabulary (ready)"),
            ("report", "click 生成报告 → report shown (coerced confession)"),
        ):
            values = [p[key] for p in pages if p[key] is not None]
            lines.append(f"| {label} | {statistics.median(values):.0f} | {max(values):.0f} |")
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
