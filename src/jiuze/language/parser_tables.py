"""The Lark parser, built once per grammar and then read back from the user's cache.

Building the LALR tables for grammar/jiuze.lark is the largest single cost of a `jiuze explain`
on a .jz case (≈100 ms of ≈450 ms); reading them back is a few ms.  Lark's own `cache=True`
writes a pickle to a shared temporary path, which a planted file could turn into code execution
(see the engine-and-parser notes), so this keeps Lark's serialized form (plain dicts, lists,
tuples, strings and numbers, naming only Lark's `Rule` and `TerminalDef`) as JSON in the
owner-only cache directory (user_cache.py).  The key covers the grammar text, the Lark version,
the options and this format, so an edited grammar or another Lark builds afresh; an entry that
does not read back is ignored and rebuilt.  `enabled = False` (--no-cache, JIUZE_NO_CACHE) always builds.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os

import lark
from lark import Lark
from lark.grammar import Rule
from lark.lexer import TerminalDef

from jiuze.language import user_cache

FORMAT = 1
enabled = True
_CALLABLE_OPTIONS = ("postlex", "transformer", "tree_class", "edit_terminals", "lexer_callbacks", "_plugins")


def build(grammar: str, **options) -> Lark:
    """`Lark(grammar, **options)`, from the cache when an entry for exactly these is there."""
    use = enabled and not os.environ.get("JIUZE_NO_CACHE")
    name = _entry_name(grammar, options)
    if use:
        parser = _read(name)
        if parser is not None:
            return parser
    parser = Lark(grammar, **options)
    if use:
        _write(name, parser)
    return parser


def _entry_name(grammar: str, options: dict) -> str:
    text = f"{grammar}\0{lark.__version__}\0{sorted(options.items())!r}\0{FORMAT}"
    return f"parser-{hashlib.sha256(text.encode()).hexdigest()}.tables"


def _read(name: str) -> Lark | None:
    raw = user_cache.read(name)
    if raw is None:
        return None
    enabled_gc = gc.isenabled()
    gc.disable()  # thousands of small containers, none cyclic garbage: collection passes are pure cost
    try:
        saved = json.loads(raw.decode("utf-8"), object_hook=_decode)
        if any(saved["data"]["options"].get(option) for option in _CALLABLE_OPTIONS):
            return None  # this module never stores those; the entry is not ours
        return Lark.__new__(Lark)._load(saved)
    except Exception:  # corrupt, or another layout: ignored, rebuilt by the caller
        return None
    finally:
        if enabled_gc:
            gc.enable()


def _write(name: str, parser: Lark) -> None:
    try:
        data, memo = parser.memo_serialize([TerminalDef, Rule])
        text = json.dumps(_encode({"data": data, "memo": memo}), ensure_ascii=False, separators=(",", ":"))
    except (TypeError, ValueError):  # something Lark added that JSON cannot hold: not cached, still correct
        return
    user_cache.write(name, text.encode("utf-8"))


def _encode(value):
    """Every dict as {"d": [[key, value], …]} and every tuple as {"t": […]}, so keys and tuples survive JSON."""
    if isinstance(value, dict):
        return {"d": [[_encode(k), _encode(v)] for k, v in value.items()]}
    if isinstance(value, tuple):
        return {"t": [_encode(v) for v in value]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"not a plain value: {type(value).__name__}")


def _decode(tagged: dict):
    ((tag, body),) = tagged.items()
    if tag == "d":
        return {k: v for k, v in body}
    if tag == "t":
        return tuple(body)
    raise ValueError(f"unknown tag {tag!r}")
