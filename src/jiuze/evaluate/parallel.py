"""An ordered, bounded map over worker processes.

`multiprocessing.Pool.imap` reads its whole input as fast as it can, so a
year of cases would sit in memory before the first result came back.  Here
at most `window` chunks are in flight: a new chunk is only read from the
input once the oldest one's results have been handed on, and results come
out in input order whatever order the workers finish in.
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing
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
) -> Iterator[Result]:
    """`function` maps a chunk of items to a list of results, in a spawned worker process.

    `recycle`: a worker is replaced by a fresh one after that many chunks (clingo never frees
    the symbols it has seen, so a long-lived clingo worker would grow without bound)."""
    window = window or 4 * workers
    context = multiprocessing.get_context("spawn")  # no fork: workers never inherit a half-used logic
    with context.Pool(workers, initializer=initializer, initargs=initargs, maxtasksperchild=recycle) as pool:
        pending: deque = deque()
        for chunk in chunks(items, chunk_size):
            pending.append(pool.apply_async(function, (chunk,)))
            if len(pending) >= window:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()
