"""An ordered, bounded map over worker processes.

`multiprocessing.Pool.imap` reads its whole input as fast as it can, so a
year of cases would sit in memory before the first result came back.  Here
at most `window` chunks are in flight: a new chunk is only read from the
input once the oldest one's results have been handed on, and results come
out in input order whatever order the workers finish in.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import itertools
import multiprocessing
import multiprocessing.connection
import os
import pickle
import subprocess
import sys
import threading
import traceback
from collections import deque
from typing import Callable, Iterable, Iterator, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def freeze_long_lived() -> None:
    """Exempt everything alive now (the compiled rulebook, above all) from garbage collection scans.

    Call it once a process that owns its whole life (a worker, the batch command) has
    compiled its rulebook.  Evaluating a case makes many short-lived objects, so full
    collections run often, and each rescanned the rulebook's tens of thousands of
    objects.  Measured on 5,000 generated cases: evaluation alone 4.0 → 3.35 ms per case;
    `jiuze batch` end to end 23.1 → 21.4 s on one worker, 12.6 → 12.1 s on two.
    Not for library code running inside someone else's process: frozen objects that
    later become garbage are never freed."""
    gc.collect()
    gc.freeze()


def release_freed_memory() -> None:
    """Hand memory freed by the last chunk back to the operating system (glibc's `malloc_trim`).

    A batch worker frees a chunk's relations, models and result lines, but glibc keeps the
    pages: clingo's never-freed symbols are allocated between them, so the heap cannot shrink
    from the top.  `malloc_trim(0)` also returns whole free pages inside the heap.  Measured in a
    clingo worker, `--proofs why`, 1,000-case chunks: 143 → 130 MB after the first chunk,
    ≈ 15 MB less after every later one; well under 1 ms per call.  A no-op off glibc."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.lru_cache(maxsize=1)
def _malloc_trim():
    try:
        import ctypes

        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # not glibc (musl, macOS): nothing to call
        return None


def chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def ordered_map(
    function: Callable[[list[Item]], list[Result]],
    items: Iterable[Item],
    workers: int,
    initializer: Callable | None = None,
    initargs: tuple = (),
    chunk_size: int = 16,
    window: int | None = None,
    recycle: int | None = None,
    growth_mb: float | None = None,
) -> Iterator[Result]:
    """`function` maps a chunk of items to a list of results, in a spawned worker process.

    A worker is replaced by a fresh one after `recycle` chunks, or once its memory has grown by
    more than `growth_mb` since its first chunk (clingo never frees the symbols it has seen, so
    a long-lived clingo worker would grow without bound; how fast depends on the rulebook and
    the cases, so the batch measures it instead of guessing a count).
    A worker that dies (killed, out of memory) raises WorkersFailed, in its chunk's turn, instead
    of waiting forever as `multiprocessing.Pool` would.  Workers are forked from a zygote, a fresh
    interpreter that has imported `function` by name and run `initializer` but never `function`
    (zygote.py; where fork cannot be used, each worker is such a fresh interpreter); never from
    the caller's process, and never importing the caller's main script, so a script calling this
    at its top level (no `if __name__ == "__main__":` guard) works.
    An exception raised by `function` is raised here, when its chunk's turn comes."""
    if getattr(multiprocessing.current_process(), "_inheriting", False):
        # We are a worker still importing the caller's script, which asks for workers
        # again: fail now, so this worker exits and the parent reports it.
        raise WorkersFailed()
    pool = _Pool(function, workers, initializer, initargs, (recycle, growth_mb))
    try:
        yield from pool.ordered(chunks(items, chunk_size), window or 4 * workers)
    finally:
        pool.close()


class _Worker:
    """One worker process and the parent's ends of its pipes, started from a thread by `launch`.

    `launch` forks it from the pool's zygote (zygote.py) or, where that cannot be done, starts a
    fresh interpreter (`exec_worker`).  Either is a plain process over two pipes, not
    multiprocessing's spawn: spawning also starts multiprocessing's resource tracker, a third
    Python process (13 MB of the batch's tree) that pipes do not need, and re-imports the caller's
    main script in every worker.  It is started from a thread: a fresh interpreter's task (for the
    batch, its compiled rulebook, ≈ 1 MB) goes through a pipe the new interpreter reads only once it
    is up, which kept the parent from handing out chunks and results for 1.6–2.4 s under load."""

    def __init__(self, launch: Callable[[], tuple]):
        self.process = None  # a subprocess.Popen or a zygote.ForkedProcess
        self.connection: multiprocessing.connection.Connection | None = None  # results come back here
        self.sender: multiprocessing.connection.Connection | None = None  # chunks go out here
        self.failed: BaseException | None = None
        self.starter = threading.Thread(target=self._start, args=(launch,), daemon=True)
        self.starter.start()

    def _start(self, launch: Callable[[], tuple]) -> None:
        try:
            self.process, self.connection, self.sender = launch()
        except BaseException as error:  # noqa: BLE001 — reported by the parent's loop
            self.failed = error

    @property
    def ready(self) -> bool:
        if self.failed is not None:
            raise WorkersFailed() from self.failed
        return not self.starter.is_alive()

    def send(self, chunk) -> None:
        try:
            self.sender.send(chunk)
        except (OSError, EOFError):  # it died while idle
            raise WorkersFailed() from None

    def reply(self) -> tuple:
        try:
            return self.connection.recv()
        except (OSError, EOFError):  # it died mid-chunk
            raise WorkersFailed() from None

    def stop(self) -> None:
        self.starter.join()
        if self.failed is None:
            with contextlib.suppress(OSError):
                self.sender.send(None)
        self.end()

    def end(self) -> None:
        """Close the pipes and wait for the process to end (killed if it does not within a second)."""
        for connection in (self.sender, self.connection):
            if connection is not None:
                connection.close()
        if self.process is not None:
            try:
                self.process.wait(timeout=1)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def exec_worker(task: tuple[bytes, bytes]) -> tuple:
    """A worker in a fresh interpreter (`_child`), its task written into its pipe:
    (process, results connection, chunks connection)."""
    child_reads, parent_writes = os.pipe()
    parent_reads, child_writes = os.pipe()
    connection = multiprocessing.connection.Connection(parent_reads, writable=False)
    sender = multiprocessing.connection.Connection(parent_writes, readable=False)
    process = None
    try:
        process = interpreter(_BOOT, child_reads, child_writes)
        for part in task:  # the import path first: the rest is unpickled with it in place
            sender.send_bytes(part)
    except BaseException:
        connection.close()
        sender.close()
        if process is not None:
            process.kill()
            process.wait()
        raise
    finally:
        os.close(child_reads)
        os.close(child_writes)
    return process, connection, sender


def interpreter(boot: str, *fds: int) -> subprocess.Popen:
    """A fresh Python running `boot` with `fds` (their numbers as its arguments), finding jiuze as we
    do.  In a process group of its own, so a Ctrl-C at the terminal reaches only the parent, which
    stops its workers (they would otherwise each print a KeyboardInterrupt traceback)."""
    return subprocess.Popen(
        [sys.executable, "-c", boot, *map(str, fds)],
        pass_fds=fds,
        stdin=subprocess.DEVNULL,
        env=dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p)),
        process_group=0,
    )


class _Pool:
    """`workers` processes, each given one chunk at a time; no process is shared with anything else.

    Written instead of ProcessPoolExecutor for retiring: an executor's worker can only be
    replaced after a fixed number of tasks, and its replacement was started while the old
    worker was still tearing down its heap (both resident: +50 MB in the batch's peak).
    A retired worker is waited for before its replacement is forked (≈ 8 ms CPU, against
    ≈ 0.19 s for a fresh interpreter that imports jiuze and unpickles the rulebook)."""

    def __init__(self, function, workers: int, initializer, initargs: tuple, limits: tuple):
        # pickled once, for the zygote or every fresh interpreter: no worker inherits a half-used logic
        rest = (function, initializer, initargs, *limits)
        self.task = (pickle.dumps(sys.path), pickle.dumps(rest, pickle.HIGHEST_PROTOCOL))
        self.zygote = _zygote(self.task)
        self.idle = [_Worker(self._launch) for _ in range(workers)]  # they load in parallel
        self.busy: dict[_Worker, int] = {}  # worker -> sequence number of its chunk

    def ordered(self, chunks_in: Iterator[list], window: int) -> Iterator:
        """Results chunk by chunk in input order; at most `window` chunks read and not yet handed on."""
        waiting: deque = deque()
        done: dict[int, tuple] = {}
        read = handed = 0
        exhausted = False
        while True:
            while not exhausted and read - handed < window:
                chunk = next(chunks_in, None)
                if chunk is None:
                    exhausted = True
                else:
                    waiting.append((read, chunk))
                    read += 1
            while waiting and any(w.ready for w in self.idle):
                worker = next(w for w in self.idle if w.ready)
                self.idle.remove(worker)
                number, chunk = waiting.popleft()
                self.busy[worker] = number
                worker.send(chunk)
            if handed in done:
                ok, value = done.pop(handed)
                handed += 1
                if not ok:
                    raise value
                yield from value
            elif exhausted and handed == read:
                return
            else:
                self._collect(done)

    def _collect(self, done: dict) -> None:
        """Wait for at least one busy worker to answer (or die), or a new one to be up; a retiring one is replaced."""
        if not self.busy:  # nothing to wait for but a starting worker
            self.idle[0].starter.join()
            return
        by_connection = {w.connection: w for w in self.busy}  # a worker that dies closes its pipe: ready too
        starting = any(not w.ready for w in self.idle)
        for connection in multiprocessing.connection.wait(list(by_connection), timeout=0.05 if starting else None):
            worker = by_connection[connection]
            try:
                ok, value, retiring = worker.reply()
            except WorkersFailed as failure:  # raised in its chunk's turn, after the results before it
                ok, value, retiring = False, failure, True
            done[self.busy.pop(worker)] = (ok, value)
            if retiring:
                worker.end()
                worker = _Worker(self._launch)
            self.idle.append(worker)

    def _launch(self) -> tuple:
        """A new worker: forked from the zygote where there is one that can fork, else a fresh interpreter."""
        if self.zygote is not None and self.zygote.can_fork():
            return self.zygote.fork()
        return exec_worker(self.task)

    def close(self) -> None:
        for worker in self.idle:
            worker.stop()
        for worker in self.busy:
            if worker.process is not None:
                worker.process.kill()
            worker.end()
        self.idle, self.busy = [], {}
        if self.zygote is not None:
            self.zygote.close()
            self.zygote = None


def forks_workers() -> bool:
    """Whether pools here fork their workers from a zygote (cheap to replace) or start fresh interpreters."""
    from jiuze.evaluate import zygote

    return zygote.available()


def _zygote(task: tuple[bytes, bytes]):
    """The pool's zygote (zygote.py), started now, or None where workers cannot be forked."""
    from jiuze.evaluate import zygote  # imports this module: here, not at the top

    return zygote.Zygote(task) if zygote.available() else None


_BOOT = "from jiuze.evaluate.parallel import _child; _child()"


def _child() -> None:
    """A worker's life: its task, then chunks in and (ok, results or exception, retiring) out,
    until told to stop or retired.  It ends with os._exit: tearing the heap down object by
    object took ≈ 0.8 s, for nothing."""
    inbox = multiprocessing.connection.Connection(int(sys.argv[1]), writable=False)
    outbox = multiprocessing.connection.Connection(int(sys.argv[2]), readable=False)
    try:  # the pickled task from our parent (never from a file): its import path, then the rest
        sys.path[:] = pickle.loads(inbox.recv_bytes())
        function, initializer, initargs, recycle, growth_mb = pickle.loads(inbox.recv_bytes())
        if initializer is not None:
            initializer(*initargs)
    except BaseException:  # noqa: BLE001 — the parent sees the pipe close and reports WorkersFailed
        traceback.print_exc()
        os._exit(1)
    serve(inbox, outbox, function, recycle, growth_mb)
    os._exit(0)


def serve(inbox, outbox, function, recycle, growth_mb) -> None:
    """Chunks in, (ok, results or exception, retiring) out, until told to stop, retired, or the parent is gone."""
    served, first = 0, None
    while True:
        try:
            chunk = inbox.recv()
        except (OSError, EOFError):  # the parent is gone
            return
        if chunk is None:
            return
        try:
            reply = (True, function(chunk))
        except BaseException as error:  # noqa: BLE001 — raised in the parent, in its turn
            reply = (False, error)
        served += 1
        size = resident_mb()
        first = first if first is not None else size
        retiring = (recycle is not None and served >= recycle) or (growth_mb is not None and size - first > growth_mb)
        try:
            outbox.send((*reply, retiring))
        except OSError:  # the parent is gone, or stopped waiting
            return
        except Exception as error:  # noqa: BLE001 — a result or exception that cannot be pickled
            with contextlib.suppress(OSError):
                outbox.send((False, RuntimeError(f"{type(error).__name__}: {error}"), retiring))
        if retiring:
            return


def resident_mb() -> float:
    """This process's resident memory in MB: /proc where there is one (Linux), else the peak so far
    (getrusage), which grows as the resident size does, so a growing worker still retires."""
    try:
        with open("/proc/self/statm", "rb") as handle:
            return int(handle.read().split()[1]) * _PAGE / 2**20
    except (OSError, ValueError, IndexError):
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / 2**20 if sys.platform == "darwin" else peak / 2**10  # bytes there, KB elsewhere


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


class WorkersFailed(RuntimeError):
    """A worker process ended before returning its results."""

    def __init__(self):
        super().__init__(
            "并行求值的工作进程意外退出，未能完成。"
            "若在脚本中以 workers>1 调用（如 Rulebook.evaluate_many），脚本的顶层代码须放在 "
            'if __name__ == "__main__": 之下——工作进程会重新导入这个脚本；'
            "否则检查内存是否用尽，或改用 workers=1。"
        )
