"""The `jiuze` command line.

Exit codes: 0 ok; 1 a finding (a scenario failed, a conclusion does not
hold); 2 bad input (a rule or case file with errors) — always with located
Chinese messages, never a traceback.
"""
from __future__ import annotations

import functools
import sys

import click

from .casefile import load_any_case
from .articles import to_chinese
from .ast import MODALITY_ZH
from .errors import JiuzeError, render_findings
from .model import Model
from .render import jsondoc, text
from .rulebook import Rulebook, check_sources, national_sources, sources_at

EXIT_OK, EXIT_FINDING, EXIT_BAD_INPUT = 0, 1, 2

RULES_HELP = "规则库目录或 .jz 文件；缺省为内置的全国规则库。"

rules_option = click.option("--rules", type=click.Path(), help=RULES_HELP)


def case_and_atom(command):
    """CASE ATOM, the two arguments of query / explain / why-not."""
    return click.argument("case", type=click.Path())(click.argument("atom")(command))


def format_option(*formats: str):
    return click.option("--format", "fmt", type=click.Choice(list(formats)), default=formats[0], show_default=True)


def reports_bad_input(command):
    """Turn JiuzeError into located messages on stderr and exit code 2."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except JiuzeError as error:
            click.echo(error.render(), err=True)
            sys.exit(EXIT_BAD_INPUT)
    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="jiuze")
def main():
    """究责：《公安机关人民警察执法过错责任追究规定》规则引擎。

    \b
    例：jiuze explain examples/coerced-confession.jz "应当追究(P, C)"
    """


def _rulebook(rules: str | None) -> Rulebook:
    return Rulebook.load(rules)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@reports_bad_input
def check(paths):
    """检查规则文件：语法、未声明谓词、参数个数、不安全变量、递归中的否定等。

    PATHS 一起作为一个规则库检查；不给 PATHS 时检查内置全国规则库。

    \b
    例：jiuze check logic/national
    """
    sources = [s for p in paths for s in sources_at(p)] if paths else national_sources()
    _, findings = check_sources(sources)
    texts = {s.name: s.text for s in sources}
    click.echo(render_findings(findings, texts), err=bool(findings))
    sys.exit(EXIT_BAD_INPUT if any(f.is_error for f in findings) else EXIT_OK)


@main.command()
@rules_option
@format_option("text", "json")
@case_and_atom
@reports_bad_input
def query(rules, fmt, case, atom):
    """查询案件中成立的结论：列出使 ATOM 成立的全部取值（已排序）。

    \b
    例：jiuze query examples/coerced-confession.jz "应当追究(P, C)"
    """
    model = _evaluate(rules, case)
    bindings = model.query(atom)
    if fmt == "json":
        data = [{k: jsondoc.json_value(v) for k, v in b.items()} for b in bindings]
        for row, ground in zip(data, _grounds(model, atom, bindings)):
            row["modality"] = model.modality(ground)
        click.echo(jsondoc.dumps({"query": atom, "answers": data}), nl=False)
        return
    if not bindings:
        click.echo(f"无：{atom} 在本案中不成立。")
    for binding, ground in zip(bindings, _grounds(model, atom, bindings)):
        modality = MODALITY_ZH.get(model.modality(ground))
        suffix = f"（{modality}）" if modality else ""
        click.echo(("，".join(f"{k} = {jsondoc.json_value(v)}" for k, v in binding.items()) or "成立。") + suffix)


def _grounds(model: Model, atom: str, bindings: list[dict]):
    """The ground atom of each binding (for its modality: 不得 评为先进集体 reads very differently)."""
    from .matching import pattern_of
    from .parser import parse_atom
    from .proof import GroundAtom
    parsed = parse_atom(atom)
    return [GroundAtom(parsed.predicate, pattern_of(parsed, b)) for b in bindings]


@main.command()
@rules_option
@format_option("text", "json")
@click.option("--all", "all_", is_flag=True, help="列出每一种不同的推导，而不只是最短的一种。")
@case_and_atom
@reports_bad_input
def explain(rules, fmt, all_, case, atom):
    """解释结论为何成立：给出引用条文和案件事实的证明树。

    ATOM 含变量时，逐一解释每个成立的实例。

    \b
    例：jiuze explain examples/coerced-confession.jz "应当追究(张三, 案1)"
        jiuze explain --format json examples/coerced-confession.jz "应当追究(P, C)"
    """
    model = _evaluate(rules, case)
    instances = model.instances(atom)
    if not instances:
        click.echo(f"{atom} 在本案中不成立，没有可解释的推导；用 jiuze why-not 查看原因。", err=True)
        sys.exit(EXIT_FINDING)
    conflicts = [c for c in model.conflicts() if {c.required.atom, c.permitted.atom} & set(instances)]
    if fmt == "json":
        data = [_json_explanation(model, g, all_) for g in instances]
        found = [jsondoc.conflict_data(c) for c in conflicts]
        click.echo(jsondoc.dumps({"query": atom, "explanations": data, "conflicts": found}), nl=False)
        return
    blocks = [_text_explanation(model, g, all_) for g in instances]
    blocks += [text.conflict_text(c) for c in conflicts]
    click.echo("\n".join(blocks), nl=False)


def _text_explanation(model: Model, ground, all_: bool) -> str:
    if all_:
        return text.proofs_text(model.explain(ground, all=True))
    return text.proof_text(model.explain(ground))


def _json_explanation(model: Model, ground, all_: bool) -> dict:
    if all_:
        return {"conclusion": str(ground), "proofs": [jsondoc.proof_data(p) for p in model.explain(ground, all=True)]}
    return {"conclusion": str(ground), "proof": jsondoc.proof_data(model.explain(ground))}


@main.command("why-not")
@rules_option
@format_option("text", "json")
@case_and_atom
@reports_bad_input
def why_not(rules, fmt, case, atom):
    """解释结论为何不成立：对每条可能得出它的规则，指出第一个不成立的条件
    （逐层追到缺少的案件事实），或者击败它的规则及其证明。

    \b
    例：jiuze why-not examples/coerced-confession.jz "应当追究(李四, 案1)"
    """
    model = _evaluate(rules, case)
    explanation = model.why_not(atom)
    if fmt == "json":
        click.echo(jsondoc.dumps({"query": atom, "why_not": jsondoc.proof_data(explanation)}), nl=False)
    else:
        click.echo(text.proof_text(explanation), nl=False)


@main.command()
@rules_option
@reports_bad_input
def test(rules):
    """运行规则库中的全部场景（场景 … ｛ … ｝），核对应有 / 应无的结论。

    有场景失败时退出码为 1。

    \b
    例：jiuze test --rules logic/national
    """
    from .scenarios import report, run_all
    results = run_all(_rulebook(rules))
    click.echo(report(results), nl=False)
    sys.exit(EXIT_OK if all(r.passed for r in results) else EXIT_FINDING)


def _evaluate(rules: str | None, case: str) -> Model:
    rulebook = _rulebook(rules)
    return rulebook.evaluate(load_any_case(case, rulebook.program).facts)


@main.command()
@format_option("text", "json")
@click.argument("base", type=click.Path())
@click.argument("overlay", type=click.Path())
@click.argument("cases", nargs=-1, type=click.Path())
@reports_bad_input
def diff(fmt, base, overlay, cases):
    """比较基础规则库与实施办法：增加、修改、废止的规则，以及给定案件中不同的结论（附双方的证明或不成立的原因）。

    BASE 写 national 表示内置的全国规则库。

    \b
    例：jiuze diff national logic/provinces/example-province examples/coerced-confession.yaml
    """
    from .diff import clause_changes, conclusion_changes
    base_book = Rulebook.load(None if base == "national" else base)
    overlay_book = Rulebook.load(overlay)
    changes = clause_changes(base_book.program, overlay_book.program)
    differences = []
    for case in cases:
        facts_base = load_any_case(case, base_book.program).facts
        facts_overlay = load_any_case(case, overlay_book.program).facts
        differences += conclusion_changes(case, base_book.evaluate(facts_base), overlay_book.evaluate(facts_overlay))
    if fmt == "json":
        data = {"clauses": [vars(c) for c in changes],
                "conclusions": [{"case": d.case, "conclusion": str(d.atom), "holds_in": "base" if d.in_base else "overlay",
                                 "base": jsondoc.proof_data(d.base_proof) if d.base_proof else None,
                                 "overlay": jsondoc.proof_data(d.overlay_proof) if d.overlay_proof else None}
                                for d in differences]}
        click.echo(jsondoc.dumps(data), nl=False)
        return
    words = {"added": "增加", "amended": "修改", "repealed": "废止"}
    lines = [f"[{words[c.kind]}] {c.label or '（无条文标签）'} {c.text}（{c.where}）" for c in changes] or ["规则没有变化。"]
    for d in differences:
        side = "只在基础规则库中成立" if d.in_base else "只在实施办法中成立"
        lines.append(f"\n案件 {d.case}：{d.atom} {side}")
        for title, proof in (("基础规则库：", d.base_proof), ("实施办法：", d.overlay_proof)):
            if proof is not None:
                lines.append(title)
                lines.append(text.proof_text(proof).rstrip("\n"))
    if cases and not differences:
        lines.append("\n给定案件的结论没有不同。")
    click.echo("\n".join(lines) + "\n", nl=False)


@main.command()
@rules_option
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", required=True, type=click.Path(), help="输出的 JSONL 文件，每个案件一行，按输入顺序。")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="并行的进程数（--engine dask 不给 --scheduler 时，为本机启动的工作进程数）。")
@click.option("--proofs", type=click.Choice(["none", "why", "full"]), default="none", show_default=True,
              help="none：只给结论；why：加上引用的条文；full：加上完整证明。")
@click.option("--resume", is_flag=True, help="接着上次中断的运行继续，不重复、不遗漏已完成的案件。")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local：本机进程；dask：Dask 集群（需 pip install 'jiuze[dask]'），输出与 local 完全相同。")
@click.option("--scheduler", metavar="ADDRESS",
              help="Dask 调度器地址（如 tcp://主机:8786），仅用于 --engine dask；不给则在本机启动 --workers 个工作进程。")
@reports_bad_input
def batch(rules, inputs, output, workers, proofs, resume, engine, scheduler):
    """批量评估案件：INPUT 是每行一个案件的 JSONL 文件、单个 YAML/JSON/.jz 案件文件，或含这些文件的目录。

    出错的案件写成一行错误说明（含位置），不会中断整批。

    \b
    例：jiuze batch examples -o out.jsonl --workers 2 --proofs why
        jiuze batch cases.jsonl -o out.jsonl --engine dask --scheduler tcp://10.0.0.5:8786
    """
    import time
    from . import results_file
    from .batch import check_inputs, read_jobs
    from .parallel import freeze_long_lived
    from .rulebook import sources_at
    if scheduler is not None and engine != "dask":
        raise click.UsageError("--scheduler 只能与 --engine dask 一起使用。")
    sources = sources_at(rules) if rules else national_sources()
    rulebook = Rulebook(sources)  # checked here, so a bad rulebook fails before any work
    freeze_long_lived()  # this process lives for the batch: keep the rulebook out of GC scans
    if engine == "dask":
        from .scaleout import check_dask
        check_dask(scheduler)  # likewise a missing Dask or a malformed address
    check_inputs(inputs)
    point = results_file.start(output, resume)
    jobs = results_file.skip_done(read_jobs(inputs), point, output)
    started, stats = time.monotonic(), _BatchStats()
    with results_file.open_for_append(output) as out:
        lines = _batch_lines(engine, scheduler, sources, jobs, workers, proofs, rulebook)
        with _progress(lines, inputs, point.done) if sys.stderr.isatty() else _plain(lines) as bar:
            for line in bar:
                results_file.append_line(out, line, output)
                stats.add(line)
    click.echo(stats.summary(point.done, time.monotonic() - started), err=True)


def _batch_lines(engine, scheduler, sources, jobs, workers, proofs, rulebook):
    """The result lines from the chosen engine; both yield the same lines in the same order."""
    from .batch import run
    if engine == "dask":
        from .scaleout import run_dask
        return run_dask(sources, jobs, scheduler, proofs, workers=workers)
    return run(sources, jobs, workers, proofs, rulebook)


def _progress(lines, inputs, done: int):
    """A bar with count, rate and ETA on a terminal; the inputs are counted first (one quick pass)."""
    import time
    from .batch import count_jobs
    started = time.monotonic()

    def rate(_line) -> str:
        elapsed = time.monotonic() - started
        return f"{bar.pos / elapsed:.0f} 件/秒" if elapsed > 0 and bar.pos else ""

    bar = click.progressbar(lines, length=max(count_jobs(inputs) - done, 0), label="评估案件", file=sys.stderr,
                            show_pos=True, show_eta=True, item_show_func=rate)
    return bar


class _plain:
    def __init__(self, items):
        self.items = items

    def __enter__(self):
        return self.items

    def __exit__(self, *exc):
        return False


class _BatchStats:
    """Counts for the closing summary, read back from the result lines.

    Art 6 items count persons actually liable (应当追究 holds for them in that case),
    not every situation found: a person excluded by Art 14 is counted as 不予追究 only."""

    def __init__(self):
        import collections
        self.cases = self.bad = self.not_pursued = self.exempted = self.conflicts = 0
        self.items = collections.Counter()

    def add(self, line: str) -> None:
        import json
        result = json.loads(line)
        self.cases += 1
        if "error" in result:
            self.bad += 1
            return
        liable, situations = set(), []
        for entry in result["conclusions"]:
            name, _, args = entry["conclusion"].partition("(")
            values = tuple(args[:-1].split(", "))
            if name == "应当追究":
                liable.add(values[:2])
            elif name == "执法过错情形":
                situations.append((values[:2], values[-1]))
            elif name == "不予追究":
                self.not_pursued += 1
            elif name == "免予追究":
                self.exempted += 1
        self.items.update(int(item) for who, item in situations if who in liable and item.isdigit())
        self.conflicts += len(result["conflicts"])

    def summary(self, skipped: int, seconds: float) -> str:
        items = "，".join(f"第（{to_chinese(n)}）项 {c}" for n, c in sorted(self.items.items())) or "无"
        resumed = f"（续跑，跳过已完成的 {skipped} 个）" if skipped else ""
        return (f"案件 {self.cases} 个{resumed}，出错 {self.bad} 个；应当追究的人次，按第六条各项：{items}；"
                f"不予追究（第十四条）{self.not_pursued} 人次；免予追究（第二十三条）{self.exempted} 人次；"
                f"冲突 {self.conflicts} 处；用时 {seconds:.1f} 秒。")


def _register_report_commands() -> None:
    """report / vocab / coverage live in cli_reports (which imports this module)."""
    from .cli_reports import COMMANDS
    for command in COMMANDS:
        main.add_command(command)


_register_report_commands()
