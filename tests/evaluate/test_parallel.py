"""parallel.ordered_map: input order kept, and the input read only a window ahead."""

from __future__ import annotations

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
