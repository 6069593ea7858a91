"""`jiuze test` results as text, JSON and JUnit XML, and, for an overlay, the base's scenarios it changes.

A base scenario (the national ones, for a province) is run under the base and under the overlay; one
whose expectations come out differently under the overlay is *changed by the overlay* — reported apart
from failures, because an overlay may legitimately add conclusions, and a drafter should see each one."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from jiuze.reports.scenarios import ScenarioResult, report, run_scenario
from jiuze.rulebook.rulebook import Rulebook


@dataclass(frozen=True)
class Changed:
    """A base scenario whose expectations differ under the overlay."""

    base: ScenarioResult
    overlay: ScenarioResult

    def lines(self) -> list[str]:
        out = []
        for before, after in zip(self.base.expectations, self.overlay.expectations):
            if before.passed != after.passed:
                state = "成立" if (after.passed == after.should_hold) else "不成立"
                out.append(f"{after.atom}：在实施办法下{state}（{after.atom.span.where}）")
        return out


@dataclass(frozen=True)
class TestRun:
    identity: object
    results: list[ScenarioResult]
    changed: list[Changed]
    base_checked: int  # base scenarios run under the overlay (0: not an overlay)

    @property
    def passed(self) -> bool:
        return all(r.passed for r in self.results)


def run_tests(book: Rulebook, base: Rulebook | None) -> TestRun:
    results = [run_scenario(book, s) for s in book.scenarios]
    changed = []
    base_scenarios = base.scenarios if base is not None else ()
    for scenario in base_scenarios:
        before, after = run_scenario(base, scenario), run_scenario(book, scenario)
        if [e.passed for e in before.expectations] != [e.passed for e in after.expectations]:
            changed.append(Changed(before, after))
    return TestRun(book.identity, results, changed, len(base_scenarios))


def test_text(run: TestRun) -> str:
    text = run.identity.text() + "\n" + report(run.results)
    if run.base_checked:
        text += f"\n基础规则库的 {run.base_checked} 个场景在实施办法下运行：{len(run.changed)} 个被实施办法改变（不算失败）。\n"
        for change in run.changed:
            scenario = change.base.scenario
            text += f"[改变] {scenario.name}（{scenario.span.where}）\n"
            text += "".join(f"    {line}\n" for line in change.lines())
    return text


def test_data(run: TestRun) -> dict:
    return {
        "rulebook": run.identity.data(),
        "passed": sum(r.passed for r in run.results),
        "failed": sum(not r.passed for r in run.results),
        "scenarios": [_scenario_data(r) for r in run.results],
        "base_scenarios_checked": run.base_checked,
        "changed_by_overlay": [{**_place(c.base), "changes": c.lines()} for c in run.changed],
    }


def _place(result: ScenarioResult) -> dict:
    return {"name": result.scenario.name, "file": result.scenario.span.file, "line": result.scenario.span.line}


def _scenario_data(result: ScenarioResult) -> dict:
    failures = [{"expectation": str(e), "line": e.atom.span.line} for e in result.expectations if not e.passed]
    return {**_place(result), "passed": result.passed, "failures": failures}


def test_junit(run: TestRun) -> str:
    """JUnit XML: one testcase per scenario; the overlay's changes to base scenarios as <system-out>."""
    failed = sum(not r.passed for r in run.results)
    suite = ET.Element(
        "testsuite",
        {"name": run.identity.name, "tests": str(len(run.results)), "failures": str(failed), "errors": "0"},
    )
    ET.SubElement(ET.SubElement(suite, "properties"), "property", {"name": "digest", "value": run.identity.digest})
    for result in run.results:
        case = ET.SubElement(
            suite, "testcase", {"classname": result.scenario.span.file, "name": result.scenario.name, "time": "0"}
        )
        for e in (e for e in result.expectations if not e.passed):
            outcome = "实际不成立" if e.should_hold else "实际成立"
            failure = ET.SubElement(case, "failure", {"message": f"{e}：{outcome}"})
            failure.text = f"{e.atom.span.where}"
    if run.changed:
        out = ET.SubElement(suite, "system-out")
        out.text = "\n".join(f"[改变] {c.base.scenario.name}：" + "；".join(c.lines()) for c in run.changed)
    ET.indent(suite)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suite, encoding="unicode") + "\n"
