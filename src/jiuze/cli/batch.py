"""`jiuze batch`: many cases to one JSONL results file, with a progress bar on a terminal."""

from __future__ import annotations

import sys
import time

import click

from jiuze.cli.common import (
    CONTEXT,
    EXIT_FINDING,
    evaluator_option,
    reports_bad_input,
    resolve_rules,
    rules_option,
    use_cache,
)
from jiuze.rulebook.rulebook import EvaluatorMismatch, Rulebook, national_sources, sources_at


@click.command(context_settings=CONTEXT)
@rules_option
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", required=True, type=click.Path(), help="输出的 JSONL 文件，每个案件一行，按输入顺序。")
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="并行的进程数（--engine dask 不给 --scheduler 时，为本机启动的工作进程数）。",
)
@click.option(
    "--proofs",
    type=click.Choice(["none", "why", "full"]),
    default="none",
    show_default=True,
    help="none：只给结论；why：加上引用的条文；full：加上完整证明。",
)
@click.option("--resume", is_flag=True, help="接着上次中断的运行继续，不重复、不遗漏已完成的案件。")
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="local：本机进程；dask：Dask 集群（需 pip install 'jiuze[dask]'），输出与 local 完全相同。",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Dask 调度器地址（如 tcp://主机:8786），仅用于 --engine dask；不给则在本机启动 --workers 个工作进程。",
)
@evaluator_option()
@click.option(
    "--cross-check",
    "cross_check",
    default=0.0,
    type=click.FloatRange(0, 1),
    metavar="RATE",
    help="按此比例（0 至 1）抽取案件，连同每个有冲突的案件，用另一个求值器再求值一遍；结论不同即停止并指出案件和原子。",
)
@reports_bad_input
def batch(rules, inputs, output, workers, proofs, resume, engine, scheduler, evaluator, cross_check):
    """批量评估案件：INPUT 是每行一个案件的 JSONL 文件、单个 YAML/JSON/.jz 案件文件，或含这些文件的目录。

    出错的案件写成一行错误说明（含位置），不会中断整批。

    \b
    缺省用 clingo 求值（成批时快约十倍，结果与 pyDatalog 相同，见 docs/batch.md）。

    \b
    例：jiuze batch examples -o out.jsonl --workers 2 --proofs why
        jiuze batch cases.jsonl -o out.jsonl --cross-check 0.01
        jiuze batch cases.jsonl -o out.jsonl --engine dask --scheduler tcp://10.0.0.5:8786
    """
    from jiuze.batch import results_file  # imported here: other commands (explain…) start faster
    from jiuze.batch.assess import check_inputs, read_jobs
    from jiuze.batch.summary import BatchStats
    from jiuze.evaluate.parallel import freeze_long_lived

    if scheduler is not None and engine != "dask":
        raise click.UsageError("--scheduler 只能与 --engine dask 一起使用。")
    rules = resolve_rules(rules)
    sources = sources_at(rules) if rules else national_sources()
    # checked here (or its checked form read from the cache), so a bad rulebook fails before any work
    rulebook = Rulebook(sources, cache=use_cache())
    freeze_long_lived()  # this process lives for the batch: keep the rulebook out of GC scans
    if engine == "dask":
        from jiuze.batch.dask_runner import check_dask

        check_dask(scheduler)  # likewise a missing Dask or a malformed address
    check_inputs(inputs, output)
    with results_file.locked(output):
        point = results_file.start(output, resume)
        results_file.check_rulebook(point, rulebook.digest, output)
        jobs = results_file.skip_done(read_jobs(inputs), point, output)
        started, stats = time.monotonic(), BatchStats()
        options = (proofs, evaluator or "clingo", cross_check)
        with results_file.open_for_append(output) as out:
            chunks = _batch_results(engine, scheduler, sources, jobs, workers, options, rulebook)
            with _progress(inputs, point.done) if sys.stderr.isatty() else _plain() as bar:
                try:
                    for results in chunks:  # whole lines, a chunk per write
                        results_file.append_line(out, results.text, output)
                        stats.merge(results.stats)
                        bar.update(results.count)
                except EvaluatorMismatch as error:  # the results so far stay; --resume continues after a fix
                    click.echo(error.render(), err=True)
                    sys.exit(EXIT_FINDING)
    click.echo(stats.summary(point.done, time.monotonic() - started), err=True)


def _batch_results(engine, scheduler, sources, jobs, workers, options, rulebook):
    """The results (`assess.Results`) from the chosen engine; both give the same lines in the same order."""
    from jiuze.batch.assess import Results, run_chunks

    proofs, evaluator, cross_check = options
    if engine == "dask":
        from jiuze.batch.dask_runner import run_dask

        lines = run_dask(
            sources, jobs, scheduler, proofs, workers=workers, evaluator=evaluator, cross_check=cross_check
        )
        return (Results.of_lines([line]) for line in lines)  # each written as soon as it arrives, as before
    return run_chunks(sources, jobs, workers, proofs, rulebook, evaluator, cross_check)


def _progress(inputs, done: int):
    """A bar with count, rate and ETA on a terminal; the inputs are counted first (one quick pass)."""
    from jiuze.batch.assess import count_jobs

    started = time.monotonic()

    def rate(_item) -> str:
        elapsed = time.monotonic() - started
        return f"{bar.pos / elapsed:.0f} 件/秒" if elapsed > 0 and bar.pos else ""

    bar = click.progressbar(
        length=max(count_jobs(inputs) - done, 0),
        label="评估案件",
        file=sys.stderr,
        show_pos=True,
        show_eta=True,
        item_show_func=rate,
    )
    return bar


class _plain:
    """No bar (the output is not a terminal): `update` does nothing."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def update(self, _count: int) -> None:
        pass


COMMANDS = [batch]
