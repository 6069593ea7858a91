"""Chinese readings of atoms, from the `读作` of each declaration."""
from __future__ import annotations

import re

from . import ast

_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


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
        by_name = {name: (shown[i] if values[i] is not None else f"任一{name}")
                   for i, name in enumerate(params) if i < len(values)}
        return _PLACEHOLDER.sub(lambda m: by_name.get(m.group(1), m.group(0)), declaration.reading)


def _show(value) -> str:
    return "_" if value is None else ast.format_value(value)
