"""An indexed set of ground tuples per predicate, matched by pattern.

A pattern is a tuple with a value where the position is bound and None where
it is free; indexes on the bound positions are built on first use and kept
up to date as rows are added.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Iterable, Mapping

from jiuze.evaluate.values import equal


class FactIndex:
    def __init__(self, rows: dict[str, dict[tuple, None]] | None = None):
        """`rows`: predicate -> {row: None}, handed over to be this index's own (a model's stated facts)."""
        self._rows: dict[str, dict[tuple, None] | set[tuple]] = defaultdict(dict, rows or ())  # a set: see update_all
        self._indexes: dict[str, dict[tuple[int, ...], dict[tuple, list[tuple]]]] = {}  # predicate -> positions -> …

    def add(self, predicate: str, row: tuple) -> bool:
        rows = self._rows[predicate]
        if type(rows) is not dict:
            rows = self._owned(predicate)
        if row in rows:
            return False
        rows[row] = None
        indexes = self._indexes.get(predicate)
        if indexes:
            for positions, index in indexes.items():
                index.setdefault(_key(row, positions), []).append(row)
        return True

    def update(self, predicate: str, rows: Iterable[tuple]) -> None:
        """Add many rows; while no index on `predicate` exists (a model being built), in one go."""
        if predicate in self._indexes:
            for row in rows:
                self.add(predicate, row)
            return
        new = dict.fromkeys(rows)
        if new:
            self._owned(predicate).update(new)  # a row already there keeps its place, as with add

    def update_all(self, relations: Mapping[str, Iterable[tuple]]) -> None:
        """`update` for every relation (predicate -> rows) at once: how a model is filled.  An empty
        relation is passed over; the rows of a new predicate are taken as they come: a set is kept
        as it is (the caller hands it over), anything else read into a dict (`_owned` makes a
        kept set this index's own before a row is added to it)."""
        table = self._rows
        for predicate, rows in relations.items():
            if not rows:  # most of a case's relations
                continue
            if predicate in self._indexes:
                self.update(predicate, rows)
                continue
            known = table.get(predicate)
            if known is None:
                table[predicate] = rows if type(rows) is set else dict.fromkeys(rows)
            else:
                self._owned(predicate).update(dict.fromkeys(rows))

    def _owned(self, predicate: str) -> dict[tuple, None]:
        """The rows of `predicate` as this index's own dict (in their order), to add to."""
        rows = self._rows[predicate]
        if type(rows) is not dict:
            rows = self._rows[predicate] = dict.fromkeys(rows)
        return rows

    def nonempty(self, predicates: Iterable[str]) -> list[str]:
        """Those of `predicates` (in their order) that have a row."""
        rows = self._rows
        return [p for p in predicates if rows.get(p)]

    def nonempty_rows(self, predicates: Iterable[str]) -> list[tuple[str, list[tuple]]]:
        """(predicate, `all(predicate)`) of those of `predicates` (in their order) that have a row, in
        one call: a case of a batch has ~25 such relations of ~2 rows, so a call per relation counts."""
        table, out = self._rows, []
        for predicate in predicates:
            rows = table.get(predicate)
            if rows:
                out.append((predicate, list(rows)))
        return out

    def __contains__(self, item: tuple[str, tuple]) -> bool:
        predicate, row = item
        return row in self._rows.get(predicate, ())

    def all(self, predicate: str) -> list[tuple]:
        return list(self._rows.get(predicate, ()))

    def predicates(self) -> list[str]:
        return sorted(p for p, rows in self._rows.items() if rows)

    def rows(self, predicate: str, pattern: tuple) -> list[tuple]:
        positions = tuple([i for i, v in enumerate(pattern) if v is not None])
        if not positions:
            return self.all(predicate)
        indexes = self._indexes.get(predicate)
        index = indexes.get(positions) if indexes is not None else None
        if index is None:
            index = {}
            for row in self._rows.get(predicate, ()):
                index.setdefault(_key(row, positions), []).append(row)
            self._indexes.setdefault(predicate, {})[positions] = index
        key = _key(pattern, positions)
        candidates = index.get(key)
        if not candidates:
            return []
        if _NEVER_EQUAL_ACROSS_KINDS.issuperset(map(type, key)):
            return list(candidates)  # a name or a date is `==` only to a value of its own kind
        # the index hashes values; re-check with the language's equality (1 vs True)
        return [r for r in candidates if all(equal(r[i], pattern[i]) for i in positions)]

    def exists(self, predicate: str, pattern: tuple) -> bool:
        return bool(self.rows(predicate, pattern))


_NEVER_EQUAL_ACROSS_KINDS = frozenset({str, datetime.date})


def _key(row: tuple, positions: tuple[int, ...]) -> tuple:
    return tuple([row[i] for i in positions])
