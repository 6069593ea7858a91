"""Scale of single inputs (issue 17): parsing and checking rule files, and reporting on big cases.

    python bench/scale_inputs.py                    # all measurements below (≈ a few minutes)
    python bench/scale_inputs.py --only national    # one of: national, rules, report

Each measurement runs in its own subprocess, so its peak memory (ru_maxrss) is its own:

- national ×1 and ×10: `check_sources` (parse, overlays, every check) of the national rulebook,
  and of ten copies of it under different file names (so ×10 has ten times the statements;
  the duplicate declarations are findings, which is also work the checker must do quickly);
  then `Rulebook(...)` (check + compile) of ×1.  Target: ×10 ≤ 12 × the time of ×1.
- 100k rules: one file of 100,000 rules `p_i(X) 若 q_i(X)，r(X)。` with their declarations,
  parsed, checked and compiled.  Target: ≤ 30 s, ≤ 1 GB.
- report: a structured case with 1,000 and 2,000 persons (each 办案人 of the case, half of them
  逼供 with 故意), loaded, evaluated, `build_report` + `report_text`.  Target: 2,000 persons
  ≤ 10 s, ≤ 300 MB.

Timings are printed, never asserted (the brief: no timing tests).  Wall-clock `*_s` figures
include waiting for the CPU on a shared machine; `cpu_s` (the whole child, setup included)
is the one to compare across runs.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time


def national(copies: int) -> dict:
    from jiuze.rulebook.rulebook import RuleSource, check_sources, national_sources

    base = national_sources()
    sources = [RuleSource(f"copy{k}/{s.name}", s.text) for k in range(copies) for s in base]
    started = time.perf_counter()
    modules, findings = check_sources(sources)
    result = {"statements": sum(len(m.statements) for m in modules), "findings": len(findings)}
    result["check_s"] = time.perf_counter() - started
    if copies == 1:
        from jiuze.rulebook.rulebook import Rulebook

        started = time.perf_counter()
        Rulebook(base)
        result["load_s"] = time.perf_counter() - started
    return result


def rules(count: int) -> dict:
    from jiuze.rulebook.rulebook import Rulebook, RuleSource

    lines = ['谓词 r(x) 读作 "{x}是r"。']
    for i in range(count):
        lines.append(f'谓词 p{i}(x) 读作 "{{x}}是p{i}"。\n谓词 q{i}(x) 读作 "{{x}}是q{i}"。')
        lines.append(f"p{i}(X) 若 q{i}(X)，r(X)。")
    text = "\n".join(lines) + "\n"
    started = time.perf_counter()
    book = Rulebook([RuleSource("many.jz", text)])
    return {"rules": len(book.program.rules), "bytes": len(text.encode()), "load_s": time.perf_counter() - started}


def report(persons: int) -> dict:
    from jiuze.cases.load import case_from_data
    from jiuze.reports.data import build_report
    from jiuze.reports.report_text import report_text
    from jiuze.rulebook.rulebook import Rulebook

    book = Rulebook.load()
    people = []
    for i in range(persons):
        person = {"姓名": f"警员{i}", "角色": ["办案人"], "过错": "故意" if i % 2 else "过失"}
        if i % 2:
            person["行为"] = ["逼供"]
        people.append(person)
    data = {"案件": "案1", "名称": "大案", "人员": people}
    started = time.perf_counter()
    case = case_from_data(data, "big.yaml", book.program)
    model = book.evaluate(case.facts)
    text = report_text(build_report(model, case, file="big.yaml"))
    return {"facts": len(case.facts), "lines": text.count("\n"), "report_s": time.perf_counter() - started}


MEASUREMENTS = {
    "national": [("national ×1", national, 1), ("national ×10", national, 10)],
    "rules": [("100k rules", rules, 100_000)],
    "report": [("report 1,000 persons", report, 1000), ("report 2,000 persons", report, 2000)],
}


def _child(name: str, argument: int) -> None:
    function = {"national": national, "rules": rules, "report": report}[name]
    started = time.process_time()
    result = function(argument)
    result["cpu_s"] = time.process_time() - started  # CPU time: the machine may be shared
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(MEASUREMENTS))
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child[0], int(args.child[1]))
        return
    for group, runs in MEASUREMENTS.items():
        if args.only and group != args.only:
            continue
        for label, function, argument in runs:
            done = subprocess.run(
                [sys.executable, __file__, "--child", function.__name__, str(argument)],
                capture_output=True,
                text=True,
                check=True,
            )
            result = json.loads(done.stdout.strip().splitlines()[-1])
            shown = ", ".join(f"{k} {v:.2f}" if isinstance(v, float) else f"{k} {v}" for k, v in result.items())
            print(f"{label}: {shown}", flush=True)


if __name__ == "__main__":
    main()
