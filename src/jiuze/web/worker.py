"""Operations run in a separate process, so that evaluation time is bounded.

A case is data, but its evaluation can still take long (a large case, or a
rulebook whose recursion pyDatalog is slow on), and pyDatalog cannot be
interrupted from inside.  The server therefore hands each operation to one
worker process (spawned, not forked: it never inherits the server's threads)
which compiled the rulebooks once at start.  When an answer does not come
within the time limit, the worker is killed and a fresh one started; the
request gets a clear error, the server stays up.  Requests take turns (one
lock): a local workbench serves one person, and one evaluation is milliseconds.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
import traceback

from jiuze.language.errors import JiuzeError
from jiuze.web.errors import error_data, jiuze_error_data

OK, BAD_INPUT, INTERNAL = "ok", "bad-input", "internal"
START_TIMEOUT = 300.0  # compiling the rulebooks


class TimeLimitExceeded(Exception):
    pass


class WorkerFailed(Exception):
    """The worker could not start (the rulebooks have errors) or died; `data` is the error JSON."""

    def __init__(self, data: dict):
        super().__init__(data["error"]["message"])
        self.data = data


def _serve(connection, specs) -> None:
    """The worker's loop: compile once, then answer (operation, request) pairs until told to stop."""
    from jiuze.evaluate.parallel import freeze_long_lived
    from jiuze.web.operations import Workbench

    try:
        bench = Workbench(specs)
        ready = {"rulebooks": bench.info(), "vocabulary": {i: bench.vocabulary(i) for i in bench.books}}
    except JiuzeError as error:
        connection.send((BAD_INPUT, jiuze_error_data(error)))
        return
    freeze_long_lived()
    connection.send((OK, ready))
    while True:
        try:
            message = connection.recv()
        except EOFError:
            return
        if message is None:
            return
        operation, request = message
        try:
            started = time.process_time()
            result = getattr(bench, operation)(request)
            connection.send((OK, result, (time.process_time() - started) * 1000))
        except JiuzeError as error:
            connection.send((BAD_INPUT, jiuze_error_data(error)))
        except Exception as error:  # a bug, not bad input: the message, never a traceback, goes back
            traceback.print_exc()
            connection.send((INTERNAL, error_data("internal", f"服务器内部错误：{type(error).__name__}: {error}")))


class Worker:
    def __init__(self, specs, time_limit: float):
        self.specs, self.time_limit = list(specs), time_limit
        self._lock = threading.Lock()
        self._process = None
        self._connection = None
        self.ready: dict = {}
        self.restarts = 0

    def start(self) -> dict:
        """Start the worker and wait until it has compiled the rulebooks; their info and vocabularies."""
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        process = context.Process(target=_serve, args=(child, self.specs), daemon=True, name="jiuze-web-worker")
        process.start()
        child.close()
        if not parent.poll(START_TIMEOUT):
            process.kill()
            raise WorkerFailed(error_data("start", "规则库编译超时"))
        try:
            status, data = parent.recv()
        except EOFError:
            process.join()
            raise WorkerFailed(error_data("start", "求值进程启动失败（见服务器日志）"))
        if status != OK:
            process.join()
            raise WorkerFailed(data)
        self._process, self._connection, self.ready = process, parent, data
        return data

    def call(self, operation: str, request: dict, time_limit: float | None = None) -> tuple:
        """(status, data) or, when OK, (OK, result, CPU milliseconds the worker spent);
        BAD_INPUT / INTERNAL come with the error JSON."""
        limit = self.time_limit if time_limit is None else time_limit
        with self._lock:
            if self._process is None or not self._process.is_alive():
                self.start()
            try:
                self._connection.send((operation, request))
                if self._connection.poll(limit):
                    return self._connection.recv()
            except (EOFError, OSError, BrokenPipeError):
                self._stop()
                return INTERNAL, error_data("internal", "求值进程意外退出，已重新启动；请重试。")
            self._stop()
            self.restarts += 1
        raise TimeLimitExceeded(limit)

    def _stop(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.join()
        if self._connection is not None:
            self._connection.close()
        self._process = self._connection = None

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                try:
                    self._connection.send(None)
                except OSError:
                    pass
                self._process.join(timeout=5)
            self._stop()
