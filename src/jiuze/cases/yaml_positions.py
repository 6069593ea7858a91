"""Where each part of a YAML or JSON case file sits in its text (for located messages), and YAML syntax errors
in Chinese.  The tree is composed, never constructed, so no tag can run code."""

from __future__ import annotations

import yaml

from jiuze.language.errors import Finding, JiuzeError
from jiuze.language.source import Span


class Pairs(dict):
    """A JSON object that remembers keys it saw twice (json keeps only the last)."""

    def __init__(self, pairs):
        super().__init__()
        self.duplicates = []
        for key, value in pairs:
            if key in self:
                self.duplicates.append(key)
            self[key] = value


class Positions:
    """Where each path sits in the text: the key (for key errors) and the value."""

    def __init__(self):
        self.keys: dict[str, tuple] = {}
        self.values: dict[str, tuple] = {}
        self.duplicates: list[tuple[str, tuple]] = []
        self.aliases: list[tuple[str, tuple]] = []


def yaml_positions(text: str, quiet: bool, name: str = "") -> Positions:
    """Compose (never construct) the YAML tree; syntax errors raise unless quiet."""
    found = Positions()
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        if quiet:
            return found
        raise JiuzeError([yaml_finding(error, text, name)], {name: text})
    seen: set[int] = set()

    def walk(node, path: str) -> None:
        if id(node) in seen:  # the same node twice: an alias
            found.aliases.append((path, node_mark(node)))
            return
        seen.add(id(node))
        found.values[path] = node_mark(node)
        if isinstance(node, yaml.MappingNode):
            names = set()
            for key, value in node.value:
                label = key.value if isinstance(key, yaml.ScalarNode) else str(key.value)
                child = f"{path}.{label}" if path else label
                if label in names:
                    found.duplicates.append((child, node_mark(key)))
                names.add(label)
                found.keys.setdefault(child, node_mark(key))
                walk(value, child)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, f"{path}[{i}]")

    if root is not None:
        walk(root, "")
    return found


def node_mark(node) -> tuple:
    start, end = node.start_mark, node.end_mark
    return (start.line + 1, start.column + 1, end.line + 1, end.column + 1)


YAML_PROBLEMS = {
    "mapping values are not allowed here": "此处不能出现“键: 值”（缩进不齐，或者值里含有“: ”而没有加引号）",
    "could not find expected ':'": "缺少“:”（“键: 值”的冒号要用半角，冒号后要有空格）",
    "did not find expected key": "缩进不齐，或者列表项缺少“- ”",
    "did not find expected '-' indicator": "缩进不齐：同一列表的各项要对齐",
    "found character '\\t' that cannot start any token": "不能用 Tab 缩进，请改用空格",
    "found unexpected end of stream": "文件意外结束（引号或括号没有闭合？）",
    "found unexpected ':'": "多余的“:”，值里含有冒号时请加引号",
    "expected a single document in the stream": "一个文件只能写一个案件（不要用“---”分成多个文档）",
    "found undefined alias": "不支持别名（*）",
    "found unhashable key": "键不能是列表或映射",
}


def yaml_finding(error: yaml.YAMLError, text: str, name: str) -> Finding:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = getattr(error, "problem", None) or str(error)
    if problem.startswith("expected <block end>"):
        chinese = "缩进不齐：这一行的缩进与上文不一致"
    elif getattr(error, "context", "") and "quoted scalar" in error.context and "end of stream" in problem:
        chinese = "引号没有闭合"
    else:
        chinese = YAML_PROBLEMS.get(problem, "无法解析")
    hints = ["检查缩进（只用半角空格）、“键: 值”中冒号后的空格、引号和括号是否成对。"]
    lines = text.splitlines()
    here = "".join(lines[max(line - 2, 0) : line])  # the line of the error and the one before it
    if "：" in here:
        hints.insert(0, "这一行或上一行用了全角冒号“：”，键和值之间要用半角冒号加空格：“姓名: 张三”。")
    if "\u3000" in here:
        hints.insert(0, "这一行或上一行有全角空格，缩进请用半角空格。")
    return Finding(Span(name, line, column), "bad-yaml", f"YAML 格式错误：{chinese}（{problem}）", hints[0])


class CaseLoader(yaml.SafeLoader):
    """The safe loader, except that a date that does not exist (2005-02-30, 0000-01-01) stays
    the text it was, for the case reader to report at its place, instead of raising."""


def _timestamp(loader, node):
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


CaseLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
