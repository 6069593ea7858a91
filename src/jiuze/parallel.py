"""An ordered, bounded map over worker processes.

`multiprocessing.Pool.imap` reads its whole input as fast as it can, so a
year of cases would sit in memory before the first result came back.  Here
at most `window` chunks are in flight: a new chunk is only read from the
input once the oldest one's results have been handed on, and results come
out in input order whatever order the workers finish in.
"""
from __future__ import annotations

import itertools
import multiprocessing
from collections import deque
from typing import Callable, Iterable, Iterator, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def ordered_map(function: Callable[[list[Item]], list[Result]], items: Iterable[Item], workers: int,
                initializer: Callable | None = None, initargs: tuple = (), chunk_size: int = 16,
                window: int | None = None) -> Iterator[Result]:
    """`function` maps a chunk of items to a list of results, in a spawned worker process."""
    window = window or 4 * workers
    context = multiprocessing.get_context("spawn")  # no fork: workers never inherit a half-used logic
    with context.Pool(workers, initializer=initializer, initargs=initargs) as pool:
        pending: deque = deque()
        for chunk in chunks(items, chunk_size):
            pending.append(pool.apply_async(function, (chunk,)))
            if len(pending) >= window:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()
