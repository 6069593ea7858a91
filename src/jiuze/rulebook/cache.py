"""A cache of checked, compiled rulebooks, so a second `jiuze explain` does not parse again.

Safety first: the cache holds data, never code.  The format is JSON; objects come back only
as instances of the dataclasses in `_KINDS` (jiuze's own AST and program types), built
field by field, so a planted file can at worst make a wrong rulebook of those types — and it
cannot be planted: the directory is the user's own (created 0700, used only if owned by this
user and not writable by others), files are written 0600 through a rename and read only if
owned by this user with no group/other access.  Anything odd (missing, corrupt, stale,
other jiuze code) is ignored and rebuilt.  Entries are keyed by the content digest of the
rulebook's sources, the size and modification time of every jiuze module, and the cache format.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import gc
import hashlib
import importlib.util
import json
import os

from jiuze.compile import defeasible, existentials, overlay, parameters, program
from jiuze.language import articles, ast, errors, source, user_cache

FORMAT = 3  # 3: AST nodes and spans are slotted dataclasses
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
    stamps = []
    for root in (os.path.dirname(os.path.abspath(__file__ + "/..")), *grammar.submodule_search_locations):
        for folder, folders, files in os.walk(root):
            folders[:] = sorted(f for f in folders if f != "__pycache__")
            for name in sorted(f for f in files if f.endswith((".py", ".lark"))):
                info = os.stat(os.path.join(folder, name))
                where = os.path.relpath(os.path.join(folder, name), root)
                stamps.append(f"{where}:{info.st_mtime_ns}:{info.st_size}")
    return hashlib.sha256("\n".join(stamps).encode()).hexdigest()


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
        return _Decoder(data["kinds"], data["objects"]).value(data["root"])
    except Exception:  # corrupt or from another layout: ignored, rebuilt by the caller
        return None
    finally:
        if collecting:
            gc.enable()


def store(digest: str, value, suffix: str = ".json") -> None:
    """Write the entry (0600, atomically); a cache that cannot be written is simply not used."""
    encoder = _Encoder()
    try:
        root = encoder.value(value)
        entry = {"kinds": encoder.kinds, "objects": encoder.objects, "root": root}
        text = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
    except (TypeError, ValueError):  # a type the cache does not know (a new field's): not cached, still correct
        return
    user_cache.write(f"{key(digest)}{suffix}", text.encode("utf-8"))


def parsed_text(text: str, name: str) -> tuple:
    """`parse_text(text, name)` — (module, findings) of a rule or case file — from the cache by the
    file's name and text (names are in every span), else parsed and stored.  On a hit, Lark is
    neither imported nor run: that is most of the start of `jiuze explain CASE.jz` after the first."""
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


# Layout (FORMAT 2): {"kinds": [[class name, [field, …]], …], "objects": [[kind number, value, …], …],
# "root": value}.  A value is null/bool/str/int, or a list whose first item says what it is:
# ["r", n] object n, ["l"|"t"|"f"|"s", …] list/tuple/frozenset/set, ["d", k, v, k, v, …] dict,
# ["D", ordinal] date.  Objects are rows, not dicts of field names: half the size, and reading
# is one pass over arrays (≈6,500 Spans, 3,000 Constants, 2,300 Atoms for the national rulebook).
_CONTAINERS = {list: "l", tuple: "t", frozenset: "f", set: "s"}
_BUILD = {"l": list, "t": tuple, "f": frozenset, "s": set}


class _Encoder:
    """Values as JSON; each dataclass instance once, in `objects`, referred to by number (identity kept).

    The common values (strings, integers, None, tuples, AST nodes) are recognised by their exact
    type first and each class's field names are looked up once: a 100,000-rule file has about
    two million values, and `dataclasses.fields` per object was a sixth of the writing time."""

    def __init__(self):
        self.objects: list = []
        self.kinds: list = []
        self.layouts: dict[type, tuple[int, tuple[str, ...]]] = {}
        self.numbers: dict[int, int] = {}
        self.alive: list = []  # keeps encoded objects alive, so their ids stay unique

    def value(self, x):
        kind = type(x)
        if kind is str or kind is int or x is None:
            return x
        if kind is tuple:
            value = self.value
            return ["t", *[value(item) for item in x]]
        if kind in self.layouts:
            return ["r", self.reference(x)]
        return self._other(x)

    def _other(self, x):
        if isinstance(x, (bool, str, int)):
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
            return ["r", self.reference(x)]
        raise TypeError(f"not cacheable: {type(x).__name__}")

    def reference(self, x) -> int:
        number = self.numbers.get(id(x))
        if number is None:
            number = self.numbers[id(x)] = len(self.objects)
            self.alive.append(x)
            self.objects.append(None)
            kind, names = self.layout(type(x))
            value = self.value
            self.objects[number] = [kind, *[value(getattr(x, n)) for n in names]]
        return number

    def layout(self, cls: type) -> tuple[int, tuple[str, ...]]:
        """(kind number, field names) of a class, numbered in order of first use."""
        layout = self.layouts.get(cls)
        if layout is None:
            names = tuple(f.name for f in dataclasses.fields(cls))
            layout = self.layouts[cls] = (len(self.kinds), names)
            self.kinds.append([cls.__name__, list(names)])
        return layout


class _Decoder:
    """Objects rebuilt only as classes of `_KINDS` whose fields are exactly as stored (else ValueError)."""

    def __init__(self, kinds: list, objects: list):
        self.kinds = [_kind(name, names) for name, names in kinds]
        self.objects = objects
        self.built: list = [None] * len(objects)

    def value(self, x):
        if type(x) is not list:
            return x
        tag = x[0]
        if tag == "r":
            return self.instance(x[1])
        if tag == "d":
            value = self.value
            return {value(x[i]): value(x[i + 1]) for i in range(1, len(x), 2)}
        if tag == "D":
            return datetime.date.fromordinal(x[1])
        value = self.value
        items = [value(item) if type(item) is list else item for item in x[1:]]
        return _BUILD[tag](items)  # KeyError for an unknown tag: ignored

    def instance(self, number: int):
        instance = self.built[number]
        if instance is not None:
            return instance
        row = self.objects[number]
        cls, names = self.kinds[row[0]]
        if len(row) != len(names) + 1:
            raise ValueError(f"object {number} has the wrong number of fields")
        instance = self.built[number] = object.__new__(cls)
        value = self.value
        if "__slots__" in cls.__dict__:  # the AST's frozen dataclasses: fields are slots
            setter = object.__setattr__
            for name, stored in zip(names, row[1:]):
                setter(instance, name, value(stored) if type(stored) is list else stored)
            return instance
        fields = vars(instance)  # frozen dataclasses without slots: fields live in the instance dict
        for name, stored in zip(names, row[1:]):
            fields[name] = value(stored) if type(stored) is list else stored  # most fields are plain
        return instance


def _kind(name: str, names: list[str]) -> tuple[type, tuple[str, ...]]:
    cls = _KINDS[name]  # KeyError for anything else: the entry is ignored
    expected = tuple(f.name for f in dataclasses.fields(cls))
    if tuple(names) != expected:
        raise ValueError(f"fields of {name} changed")
    return cls, expected
