"""Latency of `jiuze lsp` as a drafter feels it, through a real client over stdio.

    python bench/lsp_latency.py                  # 20 edit bursts, 50 requests of each kind
    python bench/lsp_latency.py --bursts 5 --requests 10

The server runs on a scratch copy of the national rulebook.  Diagnostics: a
burst of keystrokes (one didChange every --gap ms, each adding one character
of a new, undeclared predicate name) is typed into 06-追究情形.jz; the time is
measured from the *last* keystroke until diagnostics naming the completed
word arrive (debounce + re-parse of the file + whole-rulebook checks +
publishing).  Then hover, definition and completion round trips on settled
text, and the first hover after each edit's diagnostics (it builds the symbol index).  Targets (issue 15): diagnostics ≤ 300 ms, the requests ≤ 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

FILE = "06-追究情形.jz"


def copy_national(target: Path) -> Path:
    for source in resources.files("jiuze.logic").joinpath("national").iterdir():
        if source.name.endswith(".jz"):
            (target / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    return target / FILE


class Client(LanguageClient):
    def __init__(self):
        super().__init__("jiuze-bench", "1")
        self.arrived: dict[str, tuple[float, list]] = {}
        self.event = asyncio.Event()

        @self.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def _published(params: types.PublishDiagnosticsParams):
            self.arrived[params.uri] = (time.perf_counter(), list(params.diagnostics))
            self.event.set()

    async def wait_for(self, uri: str, accept, since: float, timeout: float = 30.0) -> float:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            hit = self.arrived.get(uri)
            if hit and hit[0] >= since and accept(hit[1]):
                return hit[0]
            self.event.clear()
            try:
                await asyncio.wait_for(self.event.wait(), timeout=max(deadline - time.perf_counter(), 0.01))
            except asyncio.TimeoutError:
                break
        raise TimeoutError(f"no diagnostics for {uri}")


def change(client: Client, uri: str, text: str, version: int) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


def summary(name: str, values_ms: list[float], target: float) -> str:
    values = sorted(values_ms)
    p95 = values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]
    verdict = "met" if p95 <= target else "NOT met"
    return (
        f"{name:<28} n={len(values):>3}  median {statistics.median(values):7.1f} ms  p95 {p95:7.1f} ms  "
        f"max {values[-1]:7.1f} ms  (target {target:.0f} ms: {verdict} at p95)"
    )


async def run(bursts: int, requests: int, gap_ms: float) -> list[str]:
    with tempfile.TemporaryDirectory() as scratch:
        path = copy_national(Path(scratch))
        uri = path.as_uri()
        base = path.read_text(encoding="utf-8")
        client = Client()
        await client.start_io(sys.executable, "-m", "jiuze.lsp")
        await client.initialize_async(types.InitializeParams(capabilities=types.ClientCapabilities()))
        client.initialized(types.InitializedParams())
        started = time.perf_counter()
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(types.TextDocumentItem(uri=uri, language_id="jiuze", version=1, text=base))
        )
        opened = await client.wait_for(uri, lambda d: True, started)
        lines = [f"open + first whole-rulebook check: {1000 * (opened - started):.0f} ms"]

        version, latencies, first_hovers = 1, [], []
        for burst in range(bursts):
            word = f"测试谓词{'甲乙丙丁戊己庚辛壬癸'[burst % 10]}{burst}"
            stem = base.rstrip("\n") + "\n\n" + "第六条 测试结论(P, C) 若 "
            for end in range(1, len(word) + 1):  # type the name one character at a time
                version += 1
                change(client, uri, stem + word[:end] + "(P, C)。\n", version)
                last = time.perf_counter()
                await asyncio.sleep(gap_ms / 1000)
            arrived = await client.wait_for(uri, lambda d, w=word: any(f"“{w}”" in x.message for x in d), last)
            latencies.append(1000 * (arrived - last))
            first_hovers.append(await _request(client, uri, base, "hover", base.index("逼供(P, C)。") + 1))
            version += 1
            change(client, uri, base, version)  # back to the clean file before the next burst
            await client.wait_for(uri, lambda d: not d, time.perf_counter())
        lines.append(summary("diagnostics after last key", latencies, 300))
        lines.append(summary("hover, first after an edit", first_hovers, 50))

        where = {
            "hover (predicate)": base.index("逼供(P, C)。") + 1,
            "definition (predicate)": base.index("执行职务中有过错(P, C)，应当立案") + 1,
            "completion (argument)": None,
        }
        for name, offset in where.items():
            times = []
            for _ in range(requests):
                times.append(await _request(client, uri, base, name, offset))
            lines.append(summary(name, times, 50))
        await client.shutdown_async(None)
        client.exit(None)
        await client.stop()
        lines.append(_recheck_cpu(path, base, bursts))
    return lines


def _recheck_cpu(path: Path, base: str, repeats: int) -> str:
    """CPU time of one re-check in this process (the server's work per edit, whatever the machine's load)."""
    from jiuze.lsp.workspace import Workspace

    workspace = Workspace()
    workspace.check(str(path))
    cpu = []
    for attempt in range(repeats):
        workspace.open[str(path)] = base + f"\n测试结论(P) 若 测试谓词{attempt}(P)。\n"
        started = time.process_time()
        workspace.check(str(path))
        cpu.append(1000 * (time.process_time() - started))
    return summary("re-check CPU (in process)", cpu, 300 - 75)


async def _request(client: Client, uri: str, text: str, name: str, offset: int | None) -> float:
    doc = types.TextDocumentIdentifier(uri=uri)
    if offset is None:  # completion of the item number (third argument) of 执法过错情形
        offset = text.index("执法过错情形(P, C, 2)") + len("执法过错情形(P, C, ")
    line = text.count("\n", 0, offset)
    column = offset - (text.rfind("\n", 0, offset) + 1)
    position = types.Position(line, column)
    started = time.perf_counter()
    if name.startswith("hover"):
        result = await client.text_document_hover_async(types.HoverParams(doc, position))
    elif name.startswith("definition"):
        result = await client.text_document_definition_async(types.DefinitionParams(doc, position))
    else:
        result = await client.text_document_completion_async(types.CompletionParams(doc, position))
    elapsed = 1000 * (time.perf_counter() - started)
    if not result:
        raise RuntimeError(f"{name}: empty answer")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bursts", type=int, default=20)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--gap", type=float, default=40.0, help="ms between keystrokes in a burst")
    args = parser.parse_args()
    before = os.getloadavg()[0]
    for line in asyncio.run(run(args.bursts, args.requests, args.gap)):
        print(line)
    # Wall-clock latencies on a shared machine grow with its load: print it with the figures.
    print(f"load average (1 min) before / after: {before:.1f} / {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
