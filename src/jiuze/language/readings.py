"""Chinese readings of atoms, from the `读作` of each declaration.

`{参数}` is replaced by the value; `{参数:中文}` writes an integer in Chinese
numerals, so an item number reads 第六条第（二）项 as the regulation writes it.
"""

from __future__ import annotations

import re

from jiuze.language import ast
from jiuze.language.articles import to_chinese

_PLACEHOLDER = re.compile(r"\{([^{}:]+)(?::(中文))?\}")
# 第六条第（{项:中文}）项 with the item unknown: 第六条任一项, not 第六条第（任一项）项; {年}年: 任一年.
_ANY_ITEM = re.compile(r"第（任一([^（）]+)）\1|任一([^\s（）]{1,4})\2")


class Reader:
    """reader(predicate, values) -> 张三是案1的办案人."""

    def __init__(self, declarations: dict[str, ast.Declaration]):
        self.declarations = declarations

    def __call__(self, predicate: str, values: tuple) -> str:
        declaration = self.declarations.get(predicate)
        shown = [_show(v) for v in values]
        if declaration is None or not declaration.reading:
            return f"{predicate}({', '.join(shown)})"
        params = declaration.params
        by_name = {name: i for i, name in enumerate(params) if i < len(values)}

        def fill(match) -> str:
            index = by_name.get(match.group(1))
            if index is None:
                return match.group(0)
            value = values[index]
            if value is None:
                return f"任一{match.group(1)}"
            if match.group(2) and isinstance(value, int) and 0 < value < 1000:
                return to_chinese(value)  # {项:中文}: 第六条第（二）项
            return shown[index]

        return _ANY_ITEM.sub(lambda m: "任一" + (m.group(1) or m.group(2)), _PLACEHOLDER.sub(fill, declaration.reading))


def _show(value) -> str:
    return "_" if value is None else ast.format_value(value)
