"""Reading the shapes of a structured case (mappings, lists, text, flags, dates, values), each problem
recorded as a located finding rather than raised, so every problem in a file is reported at once."""

from __future__ import annotations

import datetime

from jiuze.cases.facts_file import _json_value
from jiuze.cases.hints import describe_kind, example_of, join_path, key_hint, predicate_hint, show_value
from jiuze.cases.yaml_positions import Positions
from jiuze.compile.program import Fact, Program
from jiuze.language.errors import Finding
from jiuze.language.source import Span

TRUE_WORDS, FALSE_WORDS = ("是", "true", "yes"), ("否", "false", "no")


class FieldReader:
    def __init__(self, name: str, program: Program, positions: Positions):
        self.name, self.program, self.positions = name, program, positions
        self.findings: list[Finding] = []
        self.facts: dict[tuple, Fact] = {}
        self.declarations = program.declarations

    # ------------------------------------------------------------ findings and facts

    def error(self, path: str, message: str, hint: str = "", at_key: bool = False, place=None) -> None:
        place = (
            place
            or (self.positions.keys.get(path) if at_key else None)
            or self.positions.values.get(path)
            or self.positions.keys.get(path)
        )
        if place:
            line, column, end_line, end_column = place
            span = Span(self.name, line, column, end_line, end_column, pointer=path)
            where = f"{path or '文件'}（第 {line} 行）"
        else:
            span = Span(self.name, 0, 0, pointer=path or "（文件）")
            where = path or "文件"
        self.findings.append(Finding(span, "bad-case", f"{where}：{message}", hint))

    def source(self, path: str) -> str:
        return f"{self.name}#{path}"

    def emit(self, predicate: str, values: tuple, path: str, what: str = "") -> None:
        declaration = self.declarations.get(predicate)
        if declaration is None or predicate.startswith("#"):
            self.error(
                path,
                f"规则库没有声明谓词“{predicate}”" + (f"，无法使用{what}" if what else ""),
                predicate_hint(self.program),
            )
            return
        if declaration.arity != len(values):
            self.error(
                path,
                f"“{predicate}”应有 {declaration.arity} 个参数（{'，'.join(declaration.params)}），"
                f"这里有 {len(values)} 个",
                "按声明补齐或删去参数。",
            )
            return
        self.facts.setdefault((predicate, values), Fact(predicate, values, self.source(path)))

    def declares(self, predicate: str, arity: int) -> bool:
        declaration = self.declarations.get(predicate)
        return declaration is not None and declaration.arity == arity

    # ------------------------------------------------------------ shapes

    def mapping(self, data, path: str, keys: dict[str, str], what: str) -> dict[str, tuple] | None:
        """{canonical key: (value, path)}, or None after reporting why it is not a valid mapping."""
        if not isinstance(data, dict):
            hint = f"例如：{example_of(what)}"
            if isinstance(data, str) and "：" in data:
                hint = "键和值之间要用半角冒号加空格（“姓名: 张三”），不能用全角冒号“：”。"
            self.error(path, f"{what}应是一组“键: 值”，这里是{describe_kind(data)}", hint)
            return None
        english = {v: k for k, v in keys.items()}
        out: dict[str, tuple] = {}
        for key in getattr(data, "duplicates", []):
            self.error(join_path(path, key), f"键“{key}”重复出现", "同一个键只能写一次。", at_key=True)
        for key, value in data.items():
            child = join_path(path, str(key))
            canonical = key if key in keys else english.get(key) if isinstance(key, str) else None
            if canonical is None:
                allowed = "、".join(keys)
                self.error(child, f"未知的键“{key}”，{what}可用的键：{allowed}", key_hint(key, keys), at_key=True)
            elif canonical in out:
                self.error(
                    child,
                    f"键“{key}”与“{out[canonical][1].rsplit('.', 1)[-1]}”重复（中文键与英文键是同一个）",
                    "只保留其中一个。",
                    at_key=True,
                )
            else:
                out[canonical] = (value, child)
        return out

    def listed(self, value, path: str) -> list[tuple]:
        """A list, or a single value taken as a one-item list: [(item, path)]."""
        if value is None:
            return []
        if isinstance(value, list):
            return [(item, f"{path}[{i}]") for i, item in enumerate(value)]
        return [(value, path)]

    def text(self, value, path: str, what: str, allow_int: bool = False):
        if isinstance(value, str) and value.strip():
            return value
        if allow_int and isinstance(value, int) and not isinstance(value, bool):
            return value
        self.error(
            path,
            f"{what}应是{'文字或整数' if allow_int else '文字'}，这里是{describe_kind(value)}",
            "例如 张三、案1；含有特殊字符的名称请加引号。",
        )
        return None

    def flag(self, value, path: str, what: str) -> bool | None:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in TRUE_WORDS + FALSE_WORDS:
            return value.strip().lower() in TRUE_WORDS
        self.error(path, f"{what}应是“是”或“否”，这里是{describe_kind(value)}", "写 是 或 否（也接受 true / false）。")
        return None

    def date(self, value, path: str) -> datetime.date | None:
        if isinstance(value, datetime.datetime):
            pass  # a date with a time of day: described as such below
        elif isinstance(value, datetime.date):
            return value
        elif isinstance(value, str):
            converted = _json_value(value)
            if isinstance(converted, datetime.date):
                return converted
        self.error(
            path, f"日期应写成 年-月-日（如 2005-03-02），这里是{describe_kind(value)}", "月、日都写两位：2005-03-02。"
        )
        return None

    def value(self, value, path: str):
        """An argument of a fact: text, integer or date."""
        if isinstance(value, datetime.datetime):
            converted = None
        elif isinstance(value, datetime.date):
            converted = value
        else:
            converted = _json_value(value)
        if converted is None:
            self.error(path, f"不支持的值 {show_value(value)}", "值只能是文字、整数或日期（如 2005-03-02）。")
        return converted
