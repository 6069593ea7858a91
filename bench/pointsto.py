"""A points-to analysis (Andersen-style, field-sensitive, with an on-the-fly call graph) as a
jiuze rulebook: ~50k generated facts and 14 rules, 11 of them recursive through one component.

The issue's question: such programs ran > 36 min on pyDatalog (2.2 GB) without finishing;
on clingo they must finish in seconds.  Each evaluator runs in its own subprocess with a time
limit, and the row counts of both are compared when both finish.

    python bench/pointsto.py --facts 50000 --limit 120
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time

RULES = """
谓词 分配(变量, 对象)。
谓词 赋值(目标, 来源)。
谓词 读字段(目标, 基址, 字段)。
谓词 写字段(基址, 字段, 来源)。
谓词 调用(调用点, 方法)。
谓词 虚调用(调用点, 接收者, 方法)。
谓词 实参(调用点, 序号, 变量)。
谓词 形参(方法, 序号, 变量)。
谓词 返回值(方法, 变量)。
谓词 接收结果(调用点, 变量)。
谓词 入口(方法)。
谓词 位于(调用点, 方法)。
谓词 指向(变量, 对象)。
谓词 字段指向(对象, 字段, 对象)。
谓词 可达(方法)。
谓词 调用边(调用点, 方法)。
谓词 流向(目标, 来源)。
可达(M) 若 入口(M)。
可达(M) 若 调用边(S, M)。
调用边(S, M) 若 调用(S, M)，位于(S, N)，可达(N)。
调用边(S, M) 若 虚调用(S, V, M)，位于(S, N)，可达(N)，指向(V, _)。
流向(T, F) 若 赋值(T, F)。
流向(P, A) 若 调用边(S, M)，实参(S, I, A)，形参(M, I, P)。
流向(R, V) 若 调用边(S, M)，返回值(M, V)，接收结果(S, R)。
指向(V, H) 若 分配(V, H)。
指向(T, H) 若 流向(T, F)，指向(F, H)。
字段指向(H, F, G) 若 写字段(B, F, V)，指向(B, H)，指向(V, G)。
指向(T, G) 若 读字段(T, B, F)，指向(B, H)，字段指向(H, F, G)。
"""


def facts(n: int, seed: int) -> list[list]:
    """About n facts, shaped like a program: each method has its own ~40 variables; copies run
    from earlier to later variables and field accesses stay inside a method; calls go to one of
    the next few methods (no cycles) and pass two arguments and a result (so points-to sets stay small,
    as in real code, instead of every variable reaching every object)."""
    rng = random.Random(seed)
    methods, per_method, fields = max(10, n // 100), 40, 8
    v = lambda m: f"v{m}_{rng.randrange(per_method)}"  # noqa: E731
    out = [["入口", "m0"]]
    for m in range(methods):
        out += [["形参", f"m{m}", i, v(m)] for i in range(2)]
        out.append(["返回值", f"m{m}", v(m)])
    while len(out) < n:
        m, kind = rng.randrange(methods), rng.random()
        if kind < 0.2:
            out.append(["分配", v(m), f"h{m}_{rng.randrange(4)}"])
        elif kind < 0.55:
            i = rng.randrange(1, per_method)
            out.append(["赋值", f"v{m}_{i}", f"v{m}_{rng.randrange(i)}"])
        elif kind < 0.565:
            out.append(["读字段", v(m), v(m), f"f{rng.randrange(fields)}"])
        elif kind < 0.58:
            out.append(["写字段", v(m), f"f{rng.randrange(fields)}", v(m)])
        elif kind < 0.72 and m + 1 < methods:
            site, callee = f"s{len(out)}", f"m{min(methods - 1, m + rng.randrange(1, 4))}"
            out.append(["位于", site, f"m{m}"])
            out.append(["调用", site, callee] if rng.random() < 0.7 else ["虚调用", site, v(m), callee])
            out += [["实参", site, i, v(m)] for i in range(2)]
            out.append(["接收结果", site, v(m)])
        else:
            out.append(["分配", v(m), f"h{m}_{rng.randrange(4)}"])
    return out


def child(evaluator: str, path: str, limit: float) -> None:
    """In a subprocess: load, evaluate on one evaluator, print row counts and times as JSON."""
    from jiuze import Fact, Rulebook
    from jiuze.rulebook.rulebook import RuleSource

    with open(path, encoding="utf-8") as handle:
        rows = json.load(handle)
    started = time.process_time()
    book = Rulebook([RuleSource("pointsto.jz", RULES)], time_limit=limit)
    case = [Fact(r[0], tuple(r[1:]), f"pointsto.json#/facts/{i}") for i, r in enumerate(rows)]
    loaded = time.process_time()
    try:
        (relations,) = book.relations([book.checked(case)], evaluator)
        result = {"rows": {p: len(v) for p, v in sorted(relations.items()) if v}}
    except Exception as error:  # the time bound: a JiuzeError naming rulebook and case
        result = {"error": str(error).splitlines()[0]}
    result.update(load_s=loaded - started, evaluate_s=time.process_time() - loaded)
    result["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result, ensure_ascii=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=50000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--limit", type=float, default=120.0, help="seconds per evaluation (jiuze's time bound)")
    parser.add_argument("--evaluators", nargs="+", default=["clingo", "pydatalog"])
    parser.add_argument("--child", nargs=2, metavar=("EVALUATOR", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.child[0], args.child[1], args.limit)
    path = f"/tmp/jiuze-pointsto-{os.getpid()}.json"
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(facts(args.facts, args.seed), handle, ensure_ascii=False)
    results = {}
    for evaluator in args.evaluators:
        started = time.perf_counter()
        command = [sys.executable, __file__, "--limit", str(args.limit), "--child", evaluator, path]
        output = subprocess.run(command, capture_output=True, text=True, timeout=args.limit * 3 + 60)
        results[evaluator] = json.loads(output.stdout.strip().splitlines()[-1]) if output.returncode == 0 else {}
        results[evaluator]["wall_s"] = time.perf_counter() - started
        print(evaluator, json.dumps(results[evaluator], ensure_ascii=False), flush=True)
    os.unlink(path)
    both = [r.get("rows") for r in results.values()]
    if len(both) == 2 and all(both):
        print("same rows on both evaluators:", both[0] == both[1])


if __name__ == "__main__":
    main()
