"""Running the scenario blocks of a rulebook (`jiuze test`)."""

from __future__ import annotations

from dataclasses import dataclass

from jiuze.compile.program import fact_from_atom
from jiuze.language import ast
from jiuze.rulebook.rulebook import Rulebook


@dataclass(frozen=True)
class Expectation:
    atom: ast.Atom
    should_hold: bool
    passed: bool

    def __str__(self) -> str:
        word = "应有" if self.should_hold else "应无"
        return f"{word} {self.atom}"


@dataclass(frozen=True)
class ScenarioResult:
    scenario: ast.Scenario
    expectations: tuple[Expectation, ...]

    @property
    def passed(self) -> bool:
        return all(e.passed for e in self.expectations)


def run_scenario(rulebook: Rulebook, scenario: ast.Scenario, evaluator: str | None = None) -> ScenarioResult:
    model = rulebook.evaluate(
        scenario_facts(scenario), evaluator, inputs_only=False
    )  # may state intermediate conclusions
    results = [Expectation(a, True, model.holds(a)) for a in scenario.expect_holds]
    results += [Expectation(a, False, not model.holds(a)) for a in scenario.expect_absent]
    return ScenarioResult(scenario, tuple(results))


def scenario_facts(scenario: ast.Scenario) -> list:
    return [fact_from_atom(atom, atom.span.where) for atom in scenario.facts]


def run_all(rulebook: Rulebook, evaluator: str | None = None) -> list[ScenarioResult]:
    return [run_scenario(rulebook, s, evaluator) for s in rulebook.scenarios]


def evaluator_differences(rulebook: Rulebook) -> list[str]:
    """Per scenario whose relations differ between pyDatalog and clingo, the Chinese message naming the atoms."""
    from jiuze.language.errors import JiuzeError

    cases = [scenario_facts(s) for s in rulebook.scenarios]
    found = []
    for scenario, facts, relations in zip(rulebook.scenarios, cases, rulebook.relations(cases, "pydatalog")):
        try:
            rulebook.cross_check([facts], [relations], "pydatalog")
        except JiuzeError as error:
            found += [f"场景 {scenario.name}：{f.message}" for f in error.findings]
    return found


def report(results: list[ScenarioResult]) -> str:
    lines = []
    for result in results:
        mark = "通过" if result.passed else "失败"
        lines.append(f"[{mark}] {result.scenario.name}（{result.scenario.span.where}）")
        for expectation in result.expectations:
            if not expectation.passed:
                outcome = "实际不成立" if expectation.should_hold else "实际成立"
                lines.append(f"    ✗ {expectation}：{outcome}（{expectation.atom.span.where}）")
    passed = sum(r.passed for r in results)
    lines.append(f"{passed} passed, {len(results) - passed} failed")
    return "\n".join(lines) + "\n"
