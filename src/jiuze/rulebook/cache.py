"""A cache of checked, compiled rulebooks, so a second `jiuze explain` does not parse again.

Safety first: the cache holds data, never code.  The format is JSON; objects come back only
as instances of the dataclasses in `_KINDS` (jiuze's own AST and program types), built
field by field, so a planted file can at worst make a wrong rulebook of those types — and it
cannot be planted: the directory is the user's own (created 0700, used only if owned by this
user and not writable by others), files are written 0600 through a rename and read only if
owned by this user with no group/other access.  Anything odd (missing, corrupt, stale,
other jiuze code) is ignored and rebuilt.  Entries are keyed by the content digest of the
rulebook's sources, the size and modification time of every jiuze module and of the grammar, and
the cache format.  The same cache keeps each rule or case file's parse and each query's
(parsed_text, parsed_atom), so a warm `jiuze explain CASE.jz` never imports Lark.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime
import functools
import gc
import hashlib
import importlib.util
import itertools
import json
import os

from jiuze.compile import defeasible, existentials, overlay, parameters, program
from jiuze.language import articles, ast, errors, source, user_cache

FORMAT = 4
# Text above this size (characters, summed over a rulebook's files) is neither read from nor written to the
# cache: an entry is encoded and decoded whole, in memory, which for a 100,000-rule file (11.7 MB) peaked at
# 1.4 GB against 0.5 GB for parsing it straight (issue 17's target is 1 GB). The national rulebook is ~0.1 M.
MAX_CACHED_TEXT = 1_000_000


def worth_caching(size: int) -> bool:
    """Whether text of `size` characters goes through the cache (see MAX_CACHED_TEXT)."""
    return size <= MAX_CACHED_TEXT


_KINDS = {
    cls.__name__: cls
    for module in (ast, program, defeasible, existentials, overlay, parameters, articles, errors, source)
    for cls in vars(module).values()
    if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == module.__name__
}


directory = user_cache.directory  # the owner-only directory and its checks: language/user_cache.py


def key(digest: str) -> str:
    """The entry for these sources, compiled by this jiuze code, in this format."""
    return hashlib.sha256(f"{digest}:{_code_stamp()}:{FORMAT}".encode()).hexdigest()


@functools.lru_cache(maxsize=1)
def _code_stamp() -> str:
    """Size and modification time of every jiuze module and of the grammar (≈100 stats, <1 ms).

    Rather than the release number from importlib.metadata (≈12 ms of every start, and blind to
    an edited source tree or a reinstall of the same version): any change to jiuze's code makes
    a new entry, so a rulebook compiled by other code is never read back."""
    grammar = importlib.util.find_spec("jiuze.grammar")  # a package of its own (grammar/ in a source tree)
    stamps: list[str] = []
    for root in (os.path.dirname(os.path.abspath(__file__ + "/..")), *grammar.submodule_search_locations):
        _stamp_folder(root, "", stamps)
    return hashlib.sha256("\n".join(stamps).encode()).hexdigest()


def _stamp_folder(folder: str, prefix: str, stamps: list[str]) -> None:
    """`where:mtime:size` of each module and grammar under `folder`, in name order (scandir: no path joins)."""
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.is_dir(follow_symlinks=False):
            if entry.name != "__pycache__":
                _stamp_folder(entry.path, f"{prefix}{entry.name}/", stamps)
        elif entry.name.endswith((".py", ".lark")):
            info = entry.stat()
            stamps.append(f"{prefix}{entry.name}:{info.st_mtime_ns}:{info.st_size}")


def load(digest: str, suffix: str = ".json"):
    """The cached value for these sources, or None.  `suffix`: ".json" a compiled rulebook,
    ".module" one parsed rule or case file (parsed_text), ".atom" one parsed query (parsed_atom)."""
    raw = user_cache.read(f"{key(digest)}{suffix}")
    if raw is None:
        return None
    collecting = gc.isenabled()
    gc.disable()  # ~17,000 objects, none of them garbage: collection passes during the read are pure cost
    try:
        data = json.loads(raw.decode("utf-8"))
        return _Decoder(data["kinds"], data["columns"]).value(data["root"])
    except Exception:  # corrupt or from another layout: ignored, rebuilt by the caller
        return None
    finally:
        if collecting:
            gc.enable()


def store(digest: str, value, suffix: str = ".json") -> None:
    """Write the entry (0600, atomically); a cache that cannot be written is simply not used."""
    try:
        text = json.dumps(_Encoder().entry(value), ensure_ascii=False, separators=(",", ":"))
    except (TypeError, ValueError):  # a type the cache does not know (a new field's): not cached, still correct
        return
    user_cache.write(f"{key(digest)}{suffix}", text.encode("utf-8"))


def parsed_text(text: str, name: str) -> tuple[ast.Module, list[errors.Finding]]:
    """`parse_text(text, name)` — (module, findings) of a rule or case file — from the cache by the
    file's name and text (names are in every span), else parsed and stored.  On a hit, Lark is
    neither imported nor run: that is most of the start of `jiuze explain CASE.jz` after the first."""
    if not worth_caching(len(text)):
        from jiuze.language.parser import parse_text

        return parse_text(text, name)
    digest = hashlib.sha256(f"{name}\0{text}".encode("utf-8", "surrogatepass")).hexdigest()
    cached = load(digest, ".module")
    if isinstance(cached, tuple) and len(cached) == 2 and isinstance(cached[0], ast.Module):
        return cached[0], list(cached[1])
    from jiuze.language.parser import parse_text

    module, found = parse_text(text, name)
    store(digest, (module, tuple(found)), ".module")
    return module, found


def parsed_atom(text: str) -> ast.Atom:
    """`parse_atom(text)` (a query such as 应当追究(P, C)) from the cache by its text, else parsed and stored;
    a malformed query raises its JiuzeError from the parser and is never stored."""
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    cached = load(digest, ".atom")
    if isinstance(cached, ast.Atom):
        return cached
    from jiuze.language.parser import parse_atom

    atom = parse_atom(text)
    store(digest, atom, ".atom")
    return atom


def derived_relations(key: str, evaluate) -> dict[str, set[tuple]]:
    """A case's derived relations (name -> rows) from the cache by `key` (the caller's: rulebook
    sources, evaluator, time bound and the case's facts; the code is in every entry's name), else
    `evaluate()`, stored.  A warm `jiuze explain` then neither imports pyDatalog nor evaluates."""
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
    cached = load(digest, ".relations")
    if _is_relations(cached):
        return cached
    relations = evaluate()
    store(digest, relations, ".relations")
    return relations


def _is_relations(value) -> bool:
    """Whether `value` has the shape an evaluator returns: a dict of names to sets of tuples."""
    return type(value) is dict and all(
        type(name) is str and type(rows) is set and all(type(row) is tuple for row in rows)
        for name, rows in value.items()
    )


# Layout (FORMAT 4): {"kinds": [[class name, [field, …], mode of each field, count], …],
# "columns": [[column, …] of each kind, …], "root": value}.  Objects are numbered kind by kind (the
# first kind's `count` objects, then the next kind's …); a kind has a column per field, in field
# order, holding that field's value for each of its objects, written as the field's mode says:
#   "p" plain: null/bool/str/int as is;   "r" reference: the object's number;
#   "o" optional reference: a number or null;   "R" tuple of references: a list of numbers;
#   "P" tuple of plain values: a list;   "v" any value, tagged: a list whose first item
#   says what it is — ["r", n] object n, ["l"|"t"|"f"|"s", …] list/tuple/frozenset/set,
#   ["d", k, v, k, v, …] dict, ["D", ordinal] date — or null/bool/str/int.
# Reading makes every object first, then fills each field of a kind from its column in one `map`
# (columns rather than rows: JSON makes no list per object, and no pass picks a field out of rows),
# so most of a rulebook's ≈21,000 objects never go through a Python call of their own; only the
# few "v" values that are tagged (the program's dicts, dates) are decoded one by one.
_CONTAINERS = {list: "l", tuple: "t", frozenset: "f", set: "s"}
_BUILD = {"l": list, "t": tuple, "f": frozenset, "s": set}
_MODES = frozenset("proRPv")
_PLAIN = (bool, str, int)


class _Encoder:
    """Values as JSON; each dataclass instance once, in its kind's rows, referred to by number (identity kept)."""

    def __init__(self):
        self.found: dict[type, list] = {}  # kind -> its instances, in the order first met
        self.seen: set[int] = set()
        self.alive: list = []  # keeps the instances alive, so their ids stay unique
        self.numbers: dict[int, int] = {}
        self.layouts: dict[type, tuple[str, ...]] = {}

    def entry(self, value) -> dict:
        self.collect(value)
        kinds, columns = [], []
        for instances in self.found.values():
            for instance in instances:
                self.numbers[id(instance)] = len(self.numbers)
        for cls, instances in self.found.items():
            names = list(self.names_of(cls))
            values = [[getattr(x, n) for x in instances] for n in names]
            modes = [_mode(column) for column in values]
            kinds.append([cls.__name__, names, "".join(modes), len(instances)])
            columns.append([self.column(mode, column) for mode, column in zip(modes, values)])
        return {"kinds": kinds, "columns": columns, "root": self.value(value)}

    def collect(self, x) -> None:
        """Every dataclass instance reachable from `x`, grouped by kind, in a fixed order."""
        if x is None or isinstance(x, (bool, str, int, datetime.date)):
            return
        tag = _CONTAINERS.get(type(x))
        if tag is not None:
            for item in sorted(x, key=repr) if tag in ("f", "s") else x:
                self.collect(item)
        elif isinstance(x, dict):
            for k, v in x.items():
                self.collect(k)
                self.collect(v)
        elif _KINDS.get(type(x).__name__) is type(x):
            if id(x) in self.seen:
                return
            self.seen.add(id(x))
            self.alive.append(x)
            self.found.setdefault(type(x), []).append(x)
            for name in self.names_of(type(x)):
                self.collect(getattr(x, name))
        else:
            raise TypeError(f"not cacheable: {type(x).__name__}")

    def names_of(self, cls: type) -> tuple[str, ...]:
        """Field names, looked up once per class (`dataclasses.fields` per object is slow at 100k rules)."""
        names = self.layouts.get(cls)
        if names is None:
            names = self.layouts[cls] = tuple(f.name for f in dataclasses.fields(cls))
        return names

    def column(self, mode: str, column: list) -> list:
        if mode == "p":
            return column
        if mode == "r":
            return [self.numbers[id(x)] for x in column]
        if mode == "o":
            return [None if x is None else self.numbers[id(x)] for x in column]
        if mode == "R":
            return [[self.numbers[id(x)] for x in items] for items in column]
        if mode == "P":
            return [list(x) for x in column]
        return [self.value(x) for x in column]

    def value(self, x):
        if x is None or isinstance(x, (bool, str, int)):
            return x
        if isinstance(x, datetime.date):
            return ["D", x.toordinal()]
        tag = _CONTAINERS.get(type(x))
        if tag is not None:
            items = sorted(x, key=repr) if tag in ("f", "s") else x
            return [tag, *(self.value(item) for item in items)]
        if isinstance(x, dict):
            flat = ["d"]
            for k, v in x.items():
                flat += [self.value(k), self.value(v)]
            return flat
        if _KINDS.get(type(x).__name__) is type(x):
            return ["r", self.numbers[id(x)]]
        raise TypeError(f"not cacheable: {type(x).__name__}")


def _mode(column: list) -> str:
    """The one way every value of this field can be written (see the layout above)."""
    if all(x is None or type(x) in _PLAIN for x in column):
        return "p"
    if all(_KINDS.get(type(x).__name__) is type(x) for x in column):
        return "r"
    if all(x is None or _KINDS.get(type(x).__name__) is type(x) for x in column):
        return "o"
    if all(type(x) is tuple and all(_KINDS.get(type(i).__name__) is type(i) for i in x) for x in column):
        return "R"
    if all(type(x) is tuple and all(i is None or type(i) in _PLAIN for i in x) for x in column):
        return "P"
    return "v"


class _Decoder:
    """Objects rebuilt only as classes of `_KINDS` whose fields are exactly as stored (else ValueError)."""

    def __init__(self, kinds: list, columns: list):
        self.built: list = []
        layouts = []
        self.fields: dict[type, tuple[str, ...]] = {}
        for name, names, modes, count in kinds:
            cls, names = _kind(name, names)
            self.fields[cls] = names
            if len(modes) != len(names) or not set(modes) <= _MODES or type(count) is not int:
                raise ValueError(f"modes of {name} are not readable")
            start = len(self.built)
            self.built += map(object.__new__, itertools.repeat(cls, count))
            layouts.append((name, names, modes, start, count))
        if type(columns) is not list or len(columns) != len(layouts):
            raise ValueError("the entry does not hold a set of columns for each kind")
        self.pending: dict[int, tuple] = {}  # id(object) -> (it, its "v" fields' stored values), decoded after the rest
        self.strings: dict = {}  # each text once (`_shared`), and the other plain values of its columns
        self.settled: set[int] = set()
        for layout, kind_columns in zip(layouts, columns):
            self.fill(*layout, kind_columns)
        for instance, _ in list(self.pending.values()):
            self.finish(instance)

    def fill(self, name: str, names: tuple, modes: str, start: int, count: int, columns: list) -> None:
        """The fields of one kind's objects, each from its column; "v" fields hold their stored value
        until `finish` decodes the objects that have a tagged one there (few do).

        Written with `map` so that the loops over objects run inside the interpreter's C code, one
        field at a time (`object.__setattr__` works for slotted and unslotted frozen dataclasses)."""
        if type(columns) is not list or len(columns) != len(names):
            raise ValueError(f"a {name} has the wrong number of fields")
        if set(map(type, columns)) - {list} or set(map(len, columns)) - {count}:
            raise ValueError(f"a column of {name} does not hold {count} values")
        built = self.built
        instances = built[start : start + count]
        general = []
        for field_name, mode, column in zip(names, modes, columns):
            values = column
            if mode == "p":
                values = self._shared(column)
            elif mode == "r":
                values = map(built.__getitem__, column)
            elif mode == "o":
                values = [None if n is None else built[n] for n in column]
            elif mode == "R":
                values = map(tuple, map(map, itertools.repeat(built.__getitem__), column))
            elif mode == "P":
                values = map(tuple, column)
            elif mode == "v":
                general.append((field_name, column))
            _consume(map(object.__setattr__, instances, itertools.repeat(field_name), values))
        tagged = {n for _, column in general for n, value in enumerate(column) if type(value) is list}
        for n in sorted(tagged):
            self.pending[id(instances[n])] = (instances[n], [(field_name, column[n]) for field_name, column in general])

    def _shared(self, column: list) -> list:
        """A column of plain values with each text one object, as the compiled rulebook had it (one
        file name for every span of a file): JSON reads every occurrence as a new string, which made
        a cached rulebook 1.6 MB to pickle for batch workers instead of 0.8, and ≈ 3 MB more in each
        process that holds it.  Only columns holding text are read again: ≈ 2.7 ms of a ≈ 24 ms read."""
        kinds = set(map(type, column))
        if str not in kinds:
            return column
        strings = self.strings
        if bool in kinds:  # True == 1: a bool is never put with the texts
            return [strings.setdefault(value, value) if type(value) is str else value for value in column]
        return list(map(strings.setdefault, column, column))  # in C: a loop here cost twice as much

    def finish(self, instance) -> None:
        """Decode the "v" fields of `instance`, if not done yet."""
        entry = self.pending.pop(id(instance), None)
        if entry is not None:
            for name, value in entry[1]:
                object.__setattr__(instance, name, self.value(value))

    def settle(self, instance) -> None:
        """Finish `instance` and everything it holds, so that it can be hashed (a set or a key holds it)."""
        stack = [instance]
        while stack:
            x = stack.pop()
            if id(x) in self.settled:
                continue
            self.settled.add(id(x))
            self.finish(x)
            stack += _held(getattr(x, name) for name in self.fields[type(x)])

    def value(self, x, hashed: bool = False):
        if type(x) is not list:
            return x
        tag = x[0]
        if tag == "r":
            instance = self.built[x[1]]
            if hashed:
                self.settle(instance)
            return instance
        if tag == "d":
            keys, values = x[1::2], x[2::2]
            if len(keys) != len(values):
                raise ValueError("a dict without a value for its last key")
            return dict(zip(self.items(keys, True), self.items(values, False)))
        if tag == "D":
            return datetime.date.fromordinal(x[1])
        return _BUILD[tag](self.items(x[1:], hashed or tag in ("f", "s")))  # KeyError for an unknown tag: ignored

    def items(self, stored: list, hashed: bool) -> list:
        """The values of a container: as stored when all are plain (checked in C), else each decoded.
        An unhashed reference, the most common item (a program's dicts), is looked up inline."""
        if list not in map(type, stored):
            return self._shared(stored)
        built, value, shared = self.built, self.value, self._shared
        if hashed:  # tuples of plain values (a program's pairs of rule ids) made inline too
            return [
                (tuple(shared(item[1:])) if item[0] == "t" and list not in map(type, item) else value(item, True))
                if type(item) is list
                else item
                for item in stored
            ]
        return [
            (built[item[1]] if item[0] == "r" and len(item) == 2 else value(item)) if type(item) is list else item
            for item in stored
        ]


_CLASSES = frozenset(_KINDS.values())


def _consume(iterator) -> None:
    """Run a `map` for its effect."""
    collections.deque(iterator, maxlen=0)


def _held(values) -> list:
    """The jiuze objects among `values`, looking inside containers."""
    found, stack = [], list(values)
    while stack:
        x = stack.pop()
        if type(x) in _CLASSES:
            found.append(x)
        elif isinstance(x, (list, tuple, frozenset, set)):
            stack += x
        elif isinstance(x, dict):
            stack += x.keys()
            stack += x.values()
    return found


def _kind(name: str, names: list[str]) -> tuple[type, tuple[str, ...]]:
    cls = _KINDS[name]  # KeyError for anything else: the entry is ignored
    expected = tuple(f.name for f in dataclasses.fields(cls))
    if tuple(names) != expected:
        raise ValueError(f"fields of {name} changed")
    return cls, expected
