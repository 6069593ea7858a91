"""parallel.ordered_map: input order kept, and the input read only a window ahead."""

from __future__ import annotations

import pytest

from jiuze.evaluate.parallel import chunks, ordered_map


def test_chunks_cover_the_input_in_order():
    assert list(chunks(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(chunks([], 3)) == []


def test_results_in_input_order_and_input_read_lazily():
    consumed = []

    def numbers():
        for n in range(200):
            consumed.append(n)
            yield n

    results = ordered_map(list, numbers(), workers=2, chunk_size=5, window=3)
    first = next(results)
    # at most `window` chunks in flight when the first result is handed on (plus the one being read)
    assert first == 0 and len(consumed) <= 4 * 5
    assert [first] + list(results) == list(range(200))


def _pids(chunk):
    import os

    return [os.getpid() for _ in chunk]


_KEPT: list = []


def _grow(chunk):
    """Keeps 8 MB per chunk alive, as clingo keeps its symbols."""
    import os

    _KEPT.append(b"x" * (8 * 2**20))  # written, so resident
    return [os.getpid() for _ in chunk]


def _fail_on_seven(chunk):
    if 7 in chunk:
        raise ValueError("seven")
    return chunk


def test_workers_are_replaced_after_recycle_chunks_and_order_is_kept():
    pids = list(ordered_map(_pids, range(24), workers=2, chunk_size=2, recycle=2))
    assert len(pids) == 24
    per_worker = [pids[i : i + 2] for i in range(0, 24, 2)]
    assert all(len(set(chunk)) == 1 for chunk in per_worker)
    # 12 chunks, at most 2 per process: at least 6 processes served them
    assert len(set(pids)) >= 6
    assert all(pids.count(pid) <= 4 for pid in set(pids))


def test_a_worker_that_grows_past_the_limit_retires():
    pids = list(ordered_map(_grow, range(24), workers=2, chunk_size=2, growth_mb=20))
    # each worker grows 8 MB a chunk: past 20 MB after its 4th chunk, so it serves at most 4 of the 12
    assert len(pids) == 24
    assert all(pids.count(pid) <= 4 * 2 for pid in set(pids))
    assert len(set(pids)) >= 3
    steady = list(ordered_map(_pids, range(16), workers=2, chunk_size=2, growth_mb=20))
    assert len(set(steady)) <= 2  # no growth, no replacement


def test_an_error_in_a_chunk_is_raised_in_its_turn_after_the_earlier_results():
    results = ordered_map(_fail_on_seven, range(20), workers=2, chunk_size=3)
    assert [next(results) for _ in range(6)] == list(range(6))
    with pytest.raises(ValueError, match="seven"):
        next(results)
