"""Batch assessment on a Dask cluster (issue 6, scale-out): `jiuze batch --engine dask`.

The unit of work is batch.assess_chunk: (rulebook sources, a chunk of cases) →
result lines, with no shared state, so any worker may run any chunk.  The
client reads the input lazily, ships each case file's bytes with its job (a
worker need not see the client's files or directory), keeps only a bounded
number of chunks in flight, and yields lines strictly in input order — the
output is byte-identical to the local engine's.

clingo never frees a symbol it has made, so a long-lived Dask worker evaluating cases
itself would grow with every new case (measured: 108 → 304 MB per worker over 20,000
cases with --proofs why).  So a Dask task does not evaluate in the worker's own process:
it hands its chunk to a child process of that worker, the same kind the local engine
uses (`evaluate.parallel`), which is replaced once it has grown by `WORKER_GROWTH_MB`.
The Dask worker itself never runs clingo and stays flat; nothing is lost or redone.

Dask is an optional extra (`pip install 'jiuze[dask]'`) and imported only here,
only when used.  Every failure of the cluster (no Dask, no scheduler, no
workers, a worker lost) is a JiuzeError with a Chinese message, so the command
line exits 2 without a traceback.
"""

from __future__ import annotations

import collections
import contextlib
import itertools
import logging
import threading
from typing import Iterable, Iterator

from jiuze.batch.assess import WORKER_GROWTH_MB, Job, _init_worker, _portable, _work, chunk_size_for, with_content
from jiuze.evaluate.evaluators import CLINGO
from jiuze.evaluate.parallel import _Pool
from jiuze.language.errors import Finding, JiuzeError
from jiuze.language.source import Span
from jiuze.rulebook.rulebook import RuleSource, compiled_rulebook

CHUNK_SIZE = 64  # cases per task on pyDatalog: ~0.1 s of work, so scheduling overhead stays small; clingo: 1,000
IN_FLIGHT_PER_THREAD = 2  # chunks queued per worker thread: workers never idle, memory stays bounded
CONNECT_TIMEOUT = 10  # seconds to reach the scheduler, or to wait for a worker when there is none
POLL = 1.0  # seconds between checks that the cluster still has workers

_WHERE = "jiuze batch --engine dask"


def run_dask(
    sources: list[RuleSource],
    jobs: Iterable[Job],
    scheduler: str | None = None,
    proofs: str = "none",
    chunk_size: int | None = None,
    workers: int = 2,
    timeout: float = CONNECT_TIMEOUT,
    evaluator: str = CLINGO,
    cross_check: float = 0.0,
    growth_mb: float | None = WORKER_GROWTH_MB,
) -> Iterator[str]:
    """Result lines in input order, computed on the Dask cluster at `scheduler`
    (None: a local cluster of `workers` processes, started and stopped here).
    Each Dask worker evaluates in a child process replaced once it has grown by `growth_mb`.
    A missing Dask or a malformed address is reported now, not at the first line."""
    distributed = check_dask(scheduler)
    chunk_size = chunk_size or (chunk_size_for(evaluator) if evaluator == CLINGO else CHUNK_SIZE)
    task = (proofs, evaluator, cross_check, growth_mb)
    return _run(distributed, sources, jobs, scheduler, task, chunk_size, workers, timeout)


def check_dask(scheduler: str | None = None):
    """Dask's `distributed` module, once it is known to be installed and `scheduler`
    (if any) to be a well-formed address; lets the caller fail before writing anything."""
    distributed = _import_distributed()
    if scheduler is not None:
        _check_address(scheduler)
    return distributed


MESSAGE_LOG_LENGTH = 16
"""Messages each Dask connection keeps for debugging (`distributed.admin.low-level-log-length`,
1,000 by default).  Every message under 1 MB is kept, and a chunk of 250 cases is ≈ 0.5 MB, so
the client and the scheduler kept hundreds of chunks each: 8 → 269 MB in this process over
60,000 cases with the default; flat with 16.  A separately started scheduler needs the same
setting (docs/batch.md)."""


def _run(distributed, sources, jobs, scheduler, task, chunk_size, workers, timeout) -> Iterator[str]:
    import dask

    with _quiet_dask_logs(), dask.config.set({"distributed.admin.low-level-log-length": MESSAGE_LOG_LENGTH}):
        cluster = _local_cluster(distributed, workers) if scheduler is None else None
        try:
            client = _connect(distributed, cluster.scheduler_address if cluster else scheduler, timeout)
            try:
                yield from _stream(client, sources, jobs, task, chunk_size, timeout)
            finally:
                client.close()
        finally:
            if cluster is not None:
                cluster.close()


def _stream(client, sources, jobs, task, chunk_size, timeout) -> Iterator[str]:
    """Submit chunks as earlier ones finish, at most a few per worker thread at a time."""
    # The rulebook goes to the scheduler once and to each worker once, as the result of a
    # task (not scattered data), so Dask can recompute it if every worker holding it dies.
    shared = client.submit(list, sources, pure=False)
    limit = max(2, IN_FLIGHT_PER_THREAD * _threads(client))
    pending: collections.deque = collections.deque()
    for chunk in _chunks(jobs, chunk_size):
        pending.append(client.submit(assess_in_child, shared, chunk, *task, pure=False))
        if len(pending) >= limit:
            yield from _result(client, pending.popleft(), timeout)
    while pending:
        yield from _result(client, pending.popleft(), timeout)


_CHILDREN = threading.local()  # in a Dask worker: each of its threads' child process (a one-worker pool)


def assess_in_child(sources, jobs, proofs, evaluator, cross_check, growth_mb) -> list[str]:
    """On a Dask worker: `assess_chunk`'s lines, computed in this thread's child process."""
    task = (tuple(sources), proofs, evaluator, cross_check, growth_mb)
    known = getattr(_CHILDREN, "pool", None)
    if known is None or known[0] != task:
        if known is not None:
            known[1].close()
        start = (_portable(compiled_rulebook(list(sources))), proofs, evaluator, cross_check)
        _CHILDREN.pool = known = (task, _Pool(_work, 1, _init_worker, start, (None, growth_mb)))
    return list(known[1].ordered(iter([jobs]), 1))


def _chunks(jobs: Iterable[Job], size: int) -> Iterator[list[Job]]:
    """Chunks of jobs, each file's bytes read here (lazily: one chunk at a time)."""
    jobs = iter(jobs)
    while chunk := [with_content(job) for job in itertools.islice(jobs, max(1, size))]:
        yield chunk


def _result(client, future, timeout: float) -> list[str]:
    """The chunk's lines; waits as long as the work takes, but not forever for workers
    that are gone (Dask would keep the task queued until a worker joins)."""
    waited = 0.0
    while True:
        try:
            return future.result(timeout=POLL)
        except TimeoutError:
            if future.done():  # finished just now: the next call returns (or raises) at once
                continue
        except Exception as error:  # a lost worker, a task that cannot run there, …
            raise _failed(error) from None
        waited = waited + POLL if not _workers(client) else 0.0
        if waited >= timeout:
            raise _error(
                "dask-no-workers",
                f"Dask 集群已经 {timeout:g} 秒没有工作进程，无法完成这批案件",
                "重新启动工作进程后用 --resume 接着运行。",
            )


def _failed(error: BaseException) -> JiuzeError:
    if "scheduler-connection-lost" in str(error) or isinstance(error, OSError):
        return _error(
            "dask-scheduler-lost",
            f"与 Dask 调度器的连接断开：{type(error).__name__}: {error}",
            "检查调度器是否仍在运行；已写出的结果可用 --resume 接着运行。",
        )
    return _error(
        "worker-failed",
        f"Dask 工作进程未能完成一批案件：{type(error).__name__}: {error}",
        "检查工作进程的日志；各工作进程须安装与本机相同版本的 jiuze。已写出的结果可用 --resume 接着运行。",
    )


def _threads(client) -> int:
    return sum(_workers(client).values()) or 1


def _workers(client) -> dict:
    """Worker address → threads, as the scheduler sees them now."""
    try:
        return client.nthreads()
    except Exception as error:  # the scheduler itself is gone
        raise _failed(error) from None


# ---------------------------------------------------------------- the cluster


def _import_distributed():
    try:
        import distributed
    except ImportError:
        raise _error(
            "dask-missing", "没有安装 Dask，无法使用 --engine dask", "安装可选依赖：pip install 'jiuze[dask]'"
        ) from None
    return distributed


def _local_cluster(distributed, workers: int):
    """One single-threaded worker process per --workers (the engine serialises threads anyway)."""
    try:
        return distributed.LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0"
        )  # 8787 may be taken
    except Exception as error:
        raise _error(
            "dask-cluster",
            f"无法启动本机的 Dask 集群：{type(error).__name__}: {error}",
            "检查本机资源，或用 --scheduler 指定已有的调度器。",
        ) from None


def _connect(distributed, address: str, timeout: float):
    """A client of the scheduler at `address` that has at least one worker."""
    try:
        client = distributed.Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as error:
        raise _error(
            "dask-scheduler",
            f"无法连接 Dask 调度器 {address}：{type(error).__name__}: {error}",
            "检查地址（如 tcp://主机:8786）、端口和防火墙，以及调度器是否在运行。",
        ) from None
    try:
        client.wait_for_workers(1, timeout=timeout)
    except (OSError, TimeoutError):
        client.close()
        raise _error(
            "dask-no-workers",
            f"Dask 调度器 {address} 在 {timeout:g} 秒内没有可用的工作进程",
            "先启动工作进程：dask worker " + address,
        ) from None
    return client


def _check_address(address: str) -> None:
    """Refuse a malformed address up front: a Client that fails on one lingers and
    prints a traceback at exit, and an empty one would quietly start a local cluster."""
    from distributed.comm import parse_address
    from distributed.comm.registry import get_backend

    try:
        scheme, location = parse_address(address)
        get_backend(scheme)
    except ValueError as error:
        location, detail = "", f"：{error}"
    else:
        detail = ""
    if not location:
        raise _error(
            "dask-address",
            f"Dask 调度器地址“{address}”无效{detail}",
            "地址形如 tcp://主机:8786（调度器启动时会打印它）。",
        )


@contextlib.contextmanager
def _quiet_dask_logs():
    """Dask logs a lost connection as tracebacks on stderr; while we run, every failure
    reaches the user once, as our Chinese message, so its loggers say only what is critical."""
    names = [n for n in logging.Logger.manager.loggerDict if n == "distributed" or n.startswith("distributed.")]
    loggers = [logging.getLogger(n) for n in ["distributed", *names]]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        if logger.level or logger.name == "distributed":
            logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)


def _error(code: str, message: str, hint: str) -> JiuzeError:
    return JiuzeError([Finding(Span(_WHERE, 0, 0), code, message, hint)])
