"""Pool workers forked from a warm zygote: a replacement in milliseconds, not a new interpreter.

A batch worker is retired every ≈ 1,600 cases (clingo never frees its symbols), and a fresh
interpreter cost ≈ 0.25 s CPU to import jiuze and load the rulebook: ≈ 0.15 ms a case.  The
zygote is such a fresh interpreter, started once per pool: it imports, unpickles the task and
runs the initializer (for the batch: the compiled rulebook and its clingo engine), then only
forks.  It never evaluates anything, so every worker starts from the same clean clingo symbol
table, sharing the zygote's pages until it writes them.

The zygote is not the caller's process: a library caller with threads of its own is never
forked.  The zygote itself refuses to fork when it has a second thread.  Each worker's pipes are
made by the pool and handed to the zygote over a Unix socket (SCM_RIGHTS); the zygote answers
with a pidfd of the new worker, so the pool can wait for it and kill it although it is not the
pool's child, without any risk of signalling a recycled pid.  Linux only (fork, SCM_RIGHTS,
pidfd); elsewhere, or with JIUZE_WORKER_START=exec, the pool starts fresh interpreters instead.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing.connection
import os
import pickle
import select
import signal
import socket
import subprocess
import sys
import threading
import traceback

from jiuze.evaluate.parallel import WorkersFailed, interpreter, serve


def available() -> bool:
    """Whether this platform can fork workers from a zygote (and nobody asked for fresh interpreters)."""
    if os.environ.get("JIUZE_WORKER_START", "fork") == "exec":
        return False
    return sys.platform.startswith("linux") and hasattr(os, "pidfd_open") and hasattr(socket, "send_fds")


class Zygote:
    """The pool's end of a zygote process: started in a thread (its task is ≈ 1 MB, written into a
    socket the new interpreter reads only once it is up), then `fork()` for each worker."""

    def __init__(self, task: tuple[bytes, bytes]):
        self.control, theirs = socket.socketpair()
        self.process: subprocess.Popen | None = None
        self.forks = False  # known once started: False if it cannot fork safely
        self.failed: BaseException | None = None
        self.lock = threading.Lock()  # one request at a time: workers start from several threads
        self.starter = threading.Thread(target=self._start, args=(task, theirs), daemon=True)
        self.starter.start()

    def _start(self, task: tuple[bytes, bytes], theirs: socket.socket) -> None:
        try:
            with theirs:
                self.process = interpreter(_BOOT, theirs.fileno())
            for part in task:
                _send_blob(self.control, part)
            status = _receive_blob(self.control)
            self.forks = status == b"fork"
            if not self.forks:
                self.control.close()  # it exits; the pool starts fresh interpreters
        except BaseException as error:  # noqa: BLE001 — raised when a worker is asked for
            self.failed = error

    def can_fork(self) -> bool:
        """Whether workers come from here; a zygote that died while starting is WorkersFailed."""
        self.starter.join()
        if self.failed is not None:
            raise WorkersFailed() from self.failed
        return self.forks

    def fork(
        self,
    ) -> tuple[ForkedProcess, multiprocessing.connection.Connection, multiprocessing.connection.Connection]:
        """A new worker: its process and the pool's ends of its pipes (results in, chunks out)."""
        child_reads, parent_writes = os.pipe()
        parent_reads, child_writes = os.pipe()
        try:
            with self.lock:
                socket.send_fds(self.control, [b"F"], [child_reads, child_writes])
                _, fds, _, _ = socket.recv_fds(self.control, 1, 1)
        except OSError:
            fds = []
        finally:
            os.close(child_reads)
            os.close(child_writes)
        if not fds:  # the zygote is gone
            os.close(parent_reads)
            os.close(parent_writes)
            raise WorkersFailed()
        reads = multiprocessing.connection.Connection(parent_reads, writable=False)
        writes = multiprocessing.connection.Connection(parent_writes, readable=False)
        return ForkedProcess(fds[0]), reads, writes

    def close(self) -> None:
        """End the zygote (its workers are ended by the pool, or end when their pipes close)."""
        self.starter.join()
        self.control.close()
        if self.process is not None:
            try:
                self.process.wait(timeout=5)  # it waits for its workers first
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class ForkedProcess:
    """A worker forked by the zygote, held by a pidfd: waited for and killed like a Popen."""

    def __init__(self, pidfd: int):
        self.pidfd: int | None = pidfd

    def kill(self) -> None:
        if self.pidfd is not None:
            with contextlib.suppress(ProcessLookupError):
                signal.pidfd_send_signal(self.pidfd, signal.SIGKILL)

    def wait(self, timeout: float | None = None) -> None:
        """Until it has exited (its memory is released by then); the pidfd is closed after."""
        if self.pidfd is None:
            return
        ready, _, _ = select.select([self.pidfd], [], [], timeout)
        if not ready:
            raise subprocess.TimeoutExpired("jiuze worker", timeout or 0)
        os.close(self.pidfd)
        self.pidfd = None


def _send_blob(control: socket.socket, data: bytes) -> None:
    control.sendall(len(data).to_bytes(8, "big") + data)


def _receive_blob(control: socket.socket) -> bytes:
    size = int.from_bytes(_receive_exactly(control, 8), "big")
    return _receive_exactly(control, size)


def _receive_exactly(control: socket.socket, size: int) -> bytes:
    parts, left = [], size
    while left:
        part = control.recv(min(left, 2**20))
        if not part:
            raise EOFError("the other end closed")
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


# ---------------------------------------------------------------- in the zygote process

_BOOT = "from jiuze.evaluate.zygote import _zygote; _zygote()"


def _zygote() -> None:
    """The zygote's life: its task, the initializer, then one fork per request until the pool
    closes the socket.  Ends with os._exit, as workers do."""
    control = socket.socket(fileno=int(sys.argv[1]))
    try:
        sys.path[:] = pickle.loads(_receive_blob(control))
        function, initializer, initargs, recycle, growth_mb = pickle.loads(_receive_blob(control))
        if initializer is not None:
            initializer(*initargs)
        gc.collect()
        gc.freeze()  # a worker's collections then never write to the pages it shares with us
        reason = _cannot_fork()
        _send_blob(control, b"fork" if reason is None else reason.encode())
    except BaseException:  # noqa: BLE001 — the pool sees the socket close and reports WorkersFailed
        traceback.print_exc()
        os._exit(1)
    if reason is None:
        _fork_on_request(control, (function, recycle, growth_mb))
        _reap(until_none_left=True)  # their CPU time then counts in our parent's (the pool's) rusage
    os._exit(0)


def _cannot_fork() -> str | None:
    """Why forking here would be unsafe, or None: a second thread (forking copies a lock it may
    hold), or no pidfd in this kernel (before Linux 5.3)."""
    if threading.active_count() > 1 or len(os.listdir("/proc/self/task")) > 1:
        return "threads"
    try:
        os.close(os.pidfd_open(os.getpid()))
    except OSError:
        return "no pidfd"
    return None


def _fork_on_request(control: socket.socket, work: tuple) -> None:
    while True:
        try:
            message, fds, _, _ = socket.recv_fds(control, 1, 2)
        except OSError:
            message, fds = b"", []
        _reap()
        if not message or len(fds) != 2:  # the pool is closing (or gone)
            for fd in fds:
                os.close(fd)
            return
        pid = os.fork()
        if pid == 0:
            _worker(control, fds, work)
        pidfd = os.pidfd_open(pid)  # not reaped yet (only `_reap` does): this is our child
        for fd in fds:
            os.close(fd)  # only the worker holds its ends: if it dies, the pool sees them close
        try:
            socket.send_fds(control, [b"P"], [pidfd])
        except OSError:
            return
        finally:
            os.close(pidfd)


def _worker(control: socket.socket, fds: list[int], work: tuple) -> None:
    """In the forked worker: serve chunks on the pipes the pool made; never return to the zygote's loop."""
    try:
        control.close()
        inbox = multiprocessing.connection.Connection(fds[0], writable=False)
        outbox = multiprocessing.connection.Connection(fds[1], readable=False)
        function, recycle, growth_mb = work
        serve(inbox, outbox, function, recycle, growth_mb)
    except BaseException:  # noqa: BLE001 — the pool sees the pipe close and reports WorkersFailed
        traceback.print_exc()
        os._exit(1)
    os._exit(0)


def _reap(until_none_left: bool = False) -> None:
    """Collect workers that have exited (zombies hold no memory, only a pid, until then); at the end,
    wait for all of them (the pool has closed their pipes or killed them, so they are ending)."""
    with contextlib.suppress(ChildProcessError):
        while os.waitpid(-1, 0 if until_none_left else os.WNOHANG)[0]:
            pass
