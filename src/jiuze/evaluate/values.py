"""What comparisons and arithmetic mean on constants, in one place.

Both the pyDatalog primitives and the proof builder call these, so an
explanation can never disagree with the answer it explains.  Values of
different kinds (a name and a number) are never equal and never ordered:
a comparison between them is simply false (and `!=` true), not an error.
"""

from __future__ import annotations

import datetime
import operator

from jiuze.language.ast import format_value

_ORDER = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}


def kind(value) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, datetime.date):
        return "date"
    return "str"


def equal(left, right) -> bool:
    """`=` of the language, with the common case (same type, equal) decided at once."""
    if type(left) is type(right):
        return left == right
    return compare("=", left, right)


def compare(op: str, left, right) -> bool:
    same = kind(left) == kind(right)
    if op == "=":
        return same and left == right
    if op == "!=":
        return not (same and left == right)
    return same and _ORDER[op](left, right)


def arith(op: str, left, right):
    """Integer arithmetic; date ± days; date - date = days.  None if meaningless."""
    kl, kr = kind(left), kind(right)
    if kl == kr == "int":
        return {"+": operator.add, "-": operator.sub, "*": operator.mul}[op](left, right)
    if kl == "date" and kr == "int" and op in "+-":
        try:
            delta = datetime.timedelta(days=right)  # itself overflows past 999,999,999 days
            return left + delta if op == "+" else left - delta
        except OverflowError:
            return None
    if kl == kr == "date" and op == "-":
        return (left - right).days
    if kl == "int" and kr == "date" and op == "+":
        return arith("+", right, left)
    return None


_KIND_OF_TYPE = {str: "str", int: "int", datetime.date: "date", bool: "bool"}


def row_key(row: tuple) -> tuple:
    """A sort key for rows mixing names, numbers and dates (kind first, then value); the kind read
    from the exact type where it can be (batch sorts every relation of every case)."""
    return tuple([(_KIND_OF_TYPE.get(type(v)) or kind(v), v) for v in row])


_TEXTS: dict[str, str] = {}  # a name -> how it is printed (only str keys: no other value equals a str)
remembered_text = _TEXTS.get  # a name's text if printed before, else None: `remembered_text(v) or value_text(v)`


def value_text(value) -> str:
    """`ast.format_value`, or `_` for a free position (None); names remembered, since batch prints
    every conclusion of every case and the same names recur in them."""
    text = _TEXTS.get(value)
    if text is not None:
        return text
    if value is None:
        return "_"
    text = format_value(value)
    if type(value) is str:
        if len(_TEXTS) >= 20_000:  # each case brings new names (its own, at least)
            _TEXTS.clear()
        _TEXTS[value] = text
    return text
