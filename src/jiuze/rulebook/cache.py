"""A cache of checked, compiled rulebooks, so a second `jiuze explain` does not parse again.

Safety first: the cache holds data, never code.  The format is JSON; objects come back only
as instances of the dataclasses in `_KINDS` (jiuze's own AST and program types), built
field by field, so a planted file can at worst make a wrong rulebook of those types — and it
cannot be planted: the directory is the user's own (created 0700, used only if owned by this
user and not writable by others), files are written 0600 through a rename and read only if
owned by this user with no group/other access.  Anything odd (missing, corrupt, stale,
another version) is ignored and rebuilt.  Entries are keyed by the content digest of the
rulebook's sources, the jiuze version and the cache format.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json

from jiuze.compile import defeasible, overlay, parameters, program
from jiuze.language import articles, ast, errors, source, user_cache

FORMAT = 1
_KINDS = {
    cls.__name__: cls
    for module in (ast, program, defeasible, overlay, parameters, articles, errors, source)
    for cls in vars(module).values()
    if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == module.__name__
}


directory = user_cache.directory  # the owner-only directory and its checks: language/user_cache.py


def key(digest: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        release = version("jiuze")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        release = "source"
    return hashlib.sha256(f"{digest}:{release}:{FORMAT}".encode()).hexdigest()


def load(digest: str):
    """The cached value for these sources, or None."""
    raw = user_cache.read(f"{key(digest)}.json")
    if raw is None:
        return None
    try:
        data = json.loads(raw.decode("utf-8"))
        return _Decoder(data["objects"]).value(data["root"])
    except Exception:  # corrupt or from another layout: ignored, rebuilt by the caller
        return None


def store(digest: str, value) -> None:
    """Write the entry (0600, atomically); a cache that cannot be written is simply not used."""
    encoder = _Encoder()
    try:
        text = json.dumps({"root": encoder.value(value), "objects": encoder.objects}, ensure_ascii=False)
    except (TypeError, ValueError):  # a type the cache does not know (a new field's): not cached, still correct
        return
    user_cache.write(f"{key(digest)}.json", text.encode("utf-8"))


class _Encoder:
    """Values as JSON; each dataclass instance once, in `objects`, referred to by number (identity kept)."""

    def __init__(self):
        self.objects: list = []
        self.numbers: dict[int, int] = {}
        self.alive: list = []  # keeps encoded objects alive, so their ids stay unique

    def value(self, x):
        if x is None or isinstance(x, (bool, str)):
            return x
        if isinstance(x, int):
            return x
        if isinstance(x, datetime.date):
            return {"date": x.toordinal()}
        if isinstance(x, (list, tuple, frozenset, set)):
            kind = {list: "list", tuple: "tuple", frozenset: "frozenset", set: "set"}[type(x)]
            items = sorted(x, key=repr) if kind in ("frozenset", "set") else x
            return {kind: [self.value(item) for item in items]}
        if isinstance(x, dict):
            return {"dict": [[self.value(k), self.value(v)] for k, v in x.items()]}
        if type(x).__name__ in _KINDS and _KINDS[type(x).__name__] is type(x):
            return {"ref": self.reference(x)}
        raise TypeError(f"not cacheable: {type(x).__name__}")

    def reference(self, x) -> int:
        number = self.numbers.get(id(x))
        if number is None:
            number = self.numbers[id(x)] = len(self.objects)
            self.alive.append(x)
            self.objects.append(None)
            fields = {f.name: self.value(getattr(x, f.name)) for f in dataclasses.fields(x)}
            self.objects[number] = [type(x).__name__, fields]
        return number


class _Decoder:
    def __init__(self, objects: list):
        self.objects = objects
        self.built: dict[int, object] = {}

    def value(self, x):
        if not isinstance(x, dict):
            return x
        ((kind, body),) = x.items()
        if kind == "date":
            return datetime.date.fromordinal(body)
        if kind == "ref":
            return self.instance(body)
        if kind == "dict":
            return {self.value(k): self.value(v) for k, v in body}
        items = [self.value(item) for item in body]
        return {"list": list, "tuple": tuple, "frozenset": frozenset, "set": set}[kind](items)

    def instance(self, number: int):
        if number in self.built:
            return self.built[number]
        name, fields = self.objects[number]
        cls = _KINDS[name]  # KeyError for anything else: the entry is ignored
        instance = object.__new__(cls)
        self.built[number] = instance
        names = {f.name for f in dataclasses.fields(cls)}
        if set(fields) != names:
            raise ValueError(f"fields of {name} changed")
        for field_name, value in fields.items():
            object.__setattr__(instance, field_name, self.value(value))
        return instance
