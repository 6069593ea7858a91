"""Structured case files (YAML or JSON): people, roles, faults and acts of one
case, translated into the facts the rulebook declares.

Format: docs/case-format.md; schema: docs/case-schema.json.

    案件: 案1
    人员:
      - 姓名: 张三
        角色: [办案人]
        过错: 故意
        行为: [逼供]

Every fact keeps the path it came from (`案.yaml#人员[0].行为[0]`), so a
proof cites the exact place in the file.  The whole file is validated
against the rulebook's declarations before anything is evaluated; every
problem is reported at once, each naming its path (and, for YAML, its line
with a caret), and a case is loaded whole or not at all.

YAML is read with `yaml.safe_load` (plus `yaml.compose` with the safe
loader, for line numbers and duplicate keys); anchors and aliases are
refused.
"""
from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import ast
from .cases import Case, _atom_problem, _json_fact, _json_value, case_from_json, case_from_text, read_case_text
from .compiler import Fact, Program, fact_from_atom
from .errors import Finding, JiuzeError
from .parser import parse_text
from .source import Span

# ---------------------------------------------------------------- the vocabulary of the format

# Keys: Chinese key -> English twin.  Both are accepted; the Chinese one is canonical.
CASE_KEYS = {"案件": "case", "名称": "name", "发生日期": "date", "说明": "note", "机关": "agencies",
             "单位": "units", "人员": "persons", "案件情节": "circumstances", "事实": "facts"}
AGENCY_KEYS = {"名称": "name", "上级": "superior", "说明": "note"}
UNIT_KEYS = {"名称": "name", "机关": "agency", "说明": "note"}
PERSON_KEYS = {"姓名": "name", "单位": "unit", "角色": "roles", "过错": "fault", "行为": "acts",
               "人民警察": "police", "执行职务": "on_duty", "说明": "note"}

# 角色 → the fact 角色(警察, 案件) (第七条的五种职责).  Only those the rulebook declares are offered.
ROLES = ("办案人", "审核人", "审批人", "鉴定人", "其他直接责任人员")
# 过错 → 主观过错(警察, 案件, 形态).
FAULT_PREDICATE = "主观过错"
FAULTS = ("故意", "过失", "轻微过失")
# 人民警察 / 执行职务 (缺省为“是”) → 人民警察(警察)、执行职务(警察, 案件).
POLICE_PREDICATE, ON_DUTY_PREDICATE = "人民警察", "执行职务"
# Organisation and date keys become facts only if the rulebook declares these (arity 2);
# otherwise they are kept as information (and cross-checked) but state no fact.
LINKS = {
    "发生日期": "发生日期",    # 发生日期(案件, 日期)
    "上级": "上级机关",        # 上级机关(机关, 上级机关)
    "单位.机关": "所属机关",   # 所属机关(单位, 机关)
    "人员.单位": "所属单位",   # 所属单位(警察, 单位)
}
PERSON_PARAM, CASE_PARAM = "警察", "案件"
STRUCTURED_SUFFIXES = (".yaml", ".yml")
_TRUE, _FALSE = ("是", "true", "yes"), ("否", "false", "no")


@dataclass(frozen=True)
class Person:
    name: str
    unit: str | None = None
    roles: tuple[str, ...] = ()
    fault: str | None = None


@dataclass(frozen=True)
class StructuredCase(Case):
    """A Case (name, facts) that also remembers who is who."""

    case_id: object = None
    date: datetime.date | None = None
    persons: tuple[Person, ...] = ()
    units: tuple[tuple[str, str | None], ...] = ()  # (单位, 机关)
    agencies: tuple[tuple[str, str | None], ...] = ()  # (机关, 上级)
    file: str = ""  # the file it was read from (name is the 名称, if given)


# ---------------------------------------------------------------- entry points

def load_any_case(path: str | Path, program: Program, content: bytes | None = None) -> Case:
    """A case from .yaml/.yml, structured .json, .jz or fact JSON.

    `content`: the file's bytes when they were read elsewhere (a batch worker on
    another machine gets them with the job); messages still name `path`.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    text = read_case_text(path, content)
    if suffix in STRUCTURED_SUFFIXES:
        return case_from_yaml(text, str(path), program)
    if suffix != ".json":
        return case_from_text(text, str(path), program)
    try:
        data = json.loads(text, object_pairs_hook=_Pairs)
    except json.JSONDecodeError:
        return case_from_json(text, str(path), program)  # reports the syntax error with line and column
    if not is_structured(data):
        return case_from_json(text, str(path), program)
    positions = _positions(text, quiet=True)
    positions.duplicates = []  # _Pairs reports them (json.loads keeps only the last value)
    return case_from_data(data, str(path), program, text, positions)


def is_structured(data) -> bool:
    """A structured case, rather than the fact JSON {"name": …, "facts": […]} of cases.py."""
    if not isinstance(data, dict):
        return False
    plain = {"name", "facts"}
    keys = set(CASE_KEYS) | set(CASE_KEYS.values())
    return any(k in keys and k not in plain for k in data)


def case_from_yaml(text: str, name: str, program: Program) -> StructuredCase:
    positions = _positions(text, quiet=False, name=name)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:  # e.g. an unknown tag: found only when constructing
        raise JiuzeError([_yaml_finding(error, text, name)], {name: text})
    return case_from_data(data, name, program, text, positions)


def case_from_data(data, name: str, program: Program, text: str | None = None,
                   positions: "_Positions | None" = None) -> StructuredCase:
    """Validate parsed data and translate it to facts; raise JiuzeError with every problem."""
    reader = _Reader(name, program, positions or _Positions())
    case = reader.case(data)
    if reader.findings:
        raise JiuzeError(reader.findings, {name: text} if text is not None else {})
    return case


class _Pairs(dict):
    """A JSON object that remembers keys it saw twice (json keeps only the last)."""

    def __init__(self, pairs):
        super().__init__()
        self.duplicates = []
        for key, value in pairs:
            if key in self:
                self.duplicates.append(key)
            self[key] = value


# ---------------------------------------------------------------- positions (YAML nodes)

class _Positions:
    """Where each path sits in the text: the key (for key errors) and the value."""

    def __init__(self):
        self.keys: dict[str, tuple] = {}
        self.values: dict[str, tuple] = {}
        self.duplicates: list[tuple[str, tuple]] = []
        self.aliases: list[tuple[str, tuple]] = []


def _positions(text: str, quiet: bool, name: str = "") -> _Positions:
    """Compose (never construct) the YAML tree; syntax errors raise unless quiet."""
    found = _Positions()
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        if quiet:
            return found
        raise JiuzeError([_yaml_finding(error, text, name)], {name: text})
    seen: set[int] = set()

    def walk(node, path: str) -> None:
        if id(node) in seen:  # the same node twice: an alias
            found.aliases.append((path, _mark(node)))
            return
        seen.add(id(node))
        found.values[path] = _mark(node)
        if isinstance(node, yaml.MappingNode):
            names = set()
            for key, value in node.value:
                label = key.value if isinstance(key, yaml.ScalarNode) else str(key.value)
                child = f"{path}.{label}" if path else label
                if label in names:
                    found.duplicates.append((child, _mark(key)))
                names.add(label)
                found.keys.setdefault(child, _mark(key))
                walk(value, child)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, f"{path}[{i}]")

    if root is not None:
        walk(root, "")
    return found


def _mark(node) -> tuple:
    start, end = node.start_mark, node.end_mark
    return (start.line + 1, start.column + 1, end.line + 1, end.column + 1)


_YAML_PROBLEMS = {
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


def _yaml_finding(error: yaml.YAMLError, text: str, name: str) -> Finding:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = getattr(error, "problem", None) or str(error)
    if problem.startswith("expected <block end>"):
        chinese = "缩进不齐：这一行的缩进与上文不一致"
    elif getattr(error, "context", "") and "quoted scalar" in error.context and "end of stream" in problem:
        chinese = "引号没有闭合"
    else:
        chinese = _YAML_PROBLEMS.get(problem, "无法解析")
    hints = ["检查缩进（只用半角空格）、“键: 值”中冒号后的空格、引号和括号是否成对。"]
    lines = text.splitlines()
    here = "".join(lines[max(line - 2, 0):line])  # the line of the error and the one before it
    if "：" in here:
        hints.insert(0, "这一行或上一行用了全角冒号“：”，键和值之间要用半角冒号加空格：“姓名: 张三”。")
    if "\u3000" in here:
        hints.insert(0, "这一行或上一行有全角空格，缩进请用半角空格。")
    return Finding(Span(name, line, column), "bad-yaml", f"YAML 格式错误：{chinese}（{problem}）", hints[0])


# ---------------------------------------------------------------- reading the data

class _Reader:
    def __init__(self, name: str, program: Program, positions: _Positions):
        self.name, self.program, self.positions = name, program, positions
        self.findings: list[Finding] = []
        self.facts: dict[tuple, Fact] = {}
        self.declarations = program.declarations

    # ------------------------------------------------------------ findings and facts

    def error(self, path: str, message: str, hint: str = "", at_key: bool = False, place=None) -> None:
        place = place or (self.positions.keys.get(path) if at_key else None) or self.positions.values.get(path) \
            or self.positions.keys.get(path)
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
            self.error(path, f"规则库没有声明谓词“{predicate}”" + (f"，无法使用{what}" if what else ""),
                       _predicate_hint(self.program))
            return
        if declaration.arity != len(values):
            self.error(path, f"“{predicate}”应有 {declaration.arity} 个参数（{'，'.join(declaration.params)}），"
                             f"这里有 {len(values)} 个", "按声明补齐或删去参数。")
            return
        self.facts.setdefault((predicate, values), Fact(predicate, values, self.source(path)))

    def declares(self, predicate: str, arity: int) -> bool:
        declaration = self.declarations.get(predicate)
        return declaration is not None and declaration.arity == arity

    # ------------------------------------------------------------ shapes

    def mapping(self, data, path: str, keys: dict[str, str], what: str) -> dict[str, tuple] | None:
        """{canonical key: (value, path)}, or None after reporting why it is not a valid mapping."""
        if not isinstance(data, dict):
            hint = f"例如：{_example(what)}"
            if isinstance(data, str) and "：" in data:
                hint = "键和值之间要用半角冒号加空格（“姓名: 张三”），不能用全角冒号“：”。"
            self.error(path, f"{what}应是一组“键: 值”，这里是{_kind(data)}", hint)
            return None
        english = {v: k for k, v in keys.items()}
        out: dict[str, tuple] = {}
        for key in getattr(data, "duplicates", []):
            self.error(_join(path, key), f"键“{key}”重复出现", "同一个键只能写一次。", at_key=True)
        for key, value in data.items():
            child = _join(path, str(key))
            canonical = key if key in keys else english.get(key) if isinstance(key, str) else None
            if canonical is None:
                allowed = "、".join(keys)
                self.error(child, f"未知的键“{key}”，{what}可用的键：{allowed}",
                           _key_hint(key, keys), at_key=True)
            elif canonical in out:
                self.error(child, f"键“{key}”与“{out[canonical][1].rsplit('.', 1)[-1]}”重复（中文键与英文键是同一个）",
                           "只保留其中一个。", at_key=True)
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
        self.error(path, f"{what}应是{'文字或整数' if allow_int else '文字'}，这里是{_kind(value)}",
                   "例如 张三、案1；含有特殊字符的名称请加引号。")
        return None

    def flag(self, value, path: str, what: str) -> bool | None:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in _TRUE + _FALSE:
            return value.strip().lower() in _TRUE
        self.error(path, f"{what}应是“是”或“否”，这里是{_kind(value)}", "写 是 或 否（也接受 true / false）。")
        return None

    def date(self, value, path: str) -> datetime.date | None:
        if isinstance(value, datetime.datetime):
            value = None
        elif isinstance(value, datetime.date):
            return value
        elif isinstance(value, str):
            converted = _json_value(value)
            if isinstance(converted, datetime.date):
                return converted
        self.error(path, f"日期应写成 年-月-日（如 2005-03-02），这里是{_kind(value)}", "月、日都写两位：2005-03-02。")
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
            self.error(path, f"不支持的值 {_show(value)}", "值只能是文字、整数或日期（如 2005-03-02）。")
        return converted

    # ------------------------------------------------------------ the case

    def case(self, data) -> StructuredCase:
        for path, place in self.positions.aliases:
            self.error(path, "案件文件不支持锚点和别名（& 和 *）", "把内容直接写出来。", place=place)
        for path, place in self.positions.duplicates:
            key = path.rsplit(".", 1)[-1]
            self.error(path, f"键“{key}”重复出现", "同一个键只能写一次；后写的值会覆盖先写的值。", place=place)
        if self.positions.aliases:
            return StructuredCase(self.name, ())
        if data is None:
            self.error("", "案件文件是空的", f"至少要写 案件（编号），例如：{_example('案件文件')}")
            return StructuredCase(self.name, ())
        fields = self.mapping(data, "", CASE_KEYS, "案件文件")
        if fields is None:
            return StructuredCase(self.name, ())
        if "案件" not in fields:
            self.error("", "缺少“案件”（案件编号）", "例如 案件: 案1；事实和人员都以这个编号指称本案。")
            case_id = None
        else:
            case_id = self.text(*fields["案件"], "案件编号", allow_int=True)
        title = self.text(*fields["名称"], "名称") if "名称" in fields else None
        if "说明" in fields:
            self.text(*fields["说明"], "说明")
        date = self.date(*fields["发生日期"]) if "发生日期" in fields else None
        if date is not None and case_id is not None and self.declares(LINKS["发生日期"], 2):
            self.emit(LINKS["发生日期"], (case_id, date), fields["发生日期"][1])
        agencies = self.agencies(fields.get("机关"))
        units = self.units(fields.get("单位"), agencies)
        persons = self.persons(fields.get("人员"), case_id, units + agencies)
        self.circumstances(fields.get("案件情节"), case_id)
        self.raw_facts(fields.get("事实"))
        return StructuredCase(title or self.name, tuple(self.facts.values()), case_id, date, persons,
                              units, agencies, self.name)

    def agencies(self, entry) -> tuple:
        out, names = [], {}
        if entry is None:
            return ()
        for item, path in self.listed(*entry):
            fields = self.mapping(item, path, AGENCY_KEYS, "机关")
            if fields is None:
                continue
            name = self.named(fields, path, "名称", "机关", names)
            superior = self.text(*fields["上级"], "上级机关") if "上级" in fields else None
            if "说明" in fields:
                self.text(*fields["说明"], "说明")
            if name is not None:
                out.append((name, superior))
                if superior is not None and self.declares(LINKS["上级"], 2):
                    self.emit(LINKS["上级"], (name, superior), fields["上级"][1])
        return tuple(out)

    def units(self, entry, agencies: tuple) -> tuple:
        out, names = [], {}
        if entry is None:
            return ()
        known = [a for a, _ in agencies]
        for item, path in self.listed(*entry):
            fields = self.mapping(item, path, UNIT_KEYS, "单位")
            if fields is None:
                continue
            name = self.named(fields, path, "名称", "单位", names)
            agency = None
            if "机关" in fields:
                agency = self.text(*fields["机关"], "所属机关")
                if agency is not None and known and agency not in known:
                    self.error(fields["机关"][1], f"未列出的机关“{agency}”，可选：{'、'.join(known)}",
                               "在 机关 下列出它，或改正名称。")
                    agency = None
            if "说明" in fields:
                self.text(*fields["说明"], "说明")
            if name is not None:
                out.append((name, agency))
                if agency is not None and self.declares(LINKS["单位.机关"], 2):
                    self.emit(LINKS["单位.机关"], (name, agency), fields["机关"][1])
        return tuple(out)

    def named(self, fields: dict, path: str, key: str, what: str, names: dict):
        if key not in fields:
            self.error(path, f"{what}缺少“{key}”", f"例如：{_example(what)}")
            return None
        name = self.text(*fields[key], f"{what}{key}")
        if name is not None:
            if name in names:
                self.error(fields[key][1], f"{what}“{name}”重复（另见 {names[name]}）", "每个名称只列一次。")
                return None
            names[name] = path
        return name

    # ------------------------------------------------------------ people

    def persons(self, entry, case_id, units: tuple) -> tuple[Person, ...]:
        out, names = [], {}
        if entry is None:
            return ()
        value, path = entry
        if not isinstance(value, list):
            self.error(path, f"人员应是列表（每人一项，以“- ”开头），这里是{_kind(value)}", f"例如：{_example('人员')}")
            return ()
        for item, item_path in self.listed(value, path):
            fields = self.mapping(item, item_path, PERSON_KEYS, "人员")
            if fields is None:
                continue
            name = self.named(fields, item_path, "姓名", "人员", names)
            if name is None:
                continue
            out.append(self.person(name, fields, item_path, case_id, units))
        return tuple(out)

    def person(self, name: str, fields: dict, path: str, case_id, units: tuple) -> Person:
        unit = self.person_unit(name, fields.get("单位"), units)
        # 人民警察 and 执行职务 default to 是: stated (citing the person's entry) when the rulebook
        # declares them; written out explicitly, they must be declared.
        police = self.flag(*fields["人民警察"], "人民警察") if "人民警察" in fields else True
        if police and ("人民警察" in fields or self.declares(POLICE_PREDICATE, 1)):
            where = fields["人民警察"][1] if "人民警察" in fields else path
            self.emit(POLICE_PREDICATE, (name,), where, "键“人民警察”")
        roles = self.roles(name, fields.get("角色"), case_id)
        on_duty = self.flag(*fields["执行职务"], "执行职务") if "执行职务" in fields else True
        if on_duty and case_id is not None:
            where = fields["执行职务"][1] if "执行职务" in fields else path
            if "执行职务" in fields or self.declares(ON_DUTY_PREDICATE, 2):
                self.emit(ON_DUTY_PREDICATE, (name, case_id), where, "键“执行职务”")
        fault = self.fault(name, fields.get("过错"), case_id)
        self.acts(name, fields.get("行为"), case_id)
        if "说明" in fields:
            self.text(*fields["说明"], "说明")
        return Person(name, unit, roles, fault)

    def person_unit(self, name: str, entry, units: tuple):
        if entry is None:
            return None
        unit = self.text(*entry, "单位")
        known = [u for u, _ in units]
        if unit is not None and known and unit not in known:
            self.error(entry[1], f"未列出的单位“{unit}”，可选：{'、'.join(known)}",
                       "在 单位 或 机关 下列出它，或改正名称。")
            return None
        if unit is not None and self.declares(LINKS["人员.单位"], 2):
            self.emit(LINKS["人员.单位"], (name, unit), entry[1])
        return unit

    def roles(self, name: str, entry, case_id) -> tuple[str, ...]:
        if entry is None:
            return ()
        allowed = [r for r in ROLES if self.declares(r, 2)]
        found = []
        for item, path in self.listed(*entry):
            role = self.text(item, path, "角色")
            if role is None:
                continue
            if role not in allowed:
                self.error(path, f"未知角色“{role}”，可选：{'、'.join(allowed) or '（规则库没有声明任何角色）'}",
                           _closest_hint(role, allowed))
                continue
            found.append(role)
            if case_id is not None:
                self.emit(role, (name, case_id), path)
        return tuple(found)

    def fault(self, name: str, entry, case_id) -> str | None:
        if entry is None:
            return None
        form = self.text(*entry, "过错")
        if form is None:
            return None
        if form not in FAULTS:
            self.error(entry[1], f"未知的过错形态“{form}”，可选：{'、'.join(FAULTS)}",
                       "没有过错的人员不写“过错”这一项。")
            return None
        if case_id is not None:
            self.emit(FAULT_PREDICATE, (name, case_id, form), entry[1], "键“过错”")
        return form

    def acts(self, name: str, entry, case_id) -> None:
        if entry is None:
            return
        for item, path in self.listed(*entry):
            self.statement(item, path, person=name, case_id=case_id)

    def circumstances(self, entry, case_id) -> None:
        if entry is None:
            return
        for item, path in self.listed(*entry):
            self.statement(item, path, person=None, case_id=case_id)

    def statement(self, item, path: str, person, case_id) -> None:
        """`谓词` or `谓词: 值` / `谓词: [值, …]`: the person and the case fill their own parameters."""
        what = "行为" if person is not None else "案件情节"
        if isinstance(item, dict):
            if len(item) != 1:
                self.error(path, f"每项{what}只写一个谓词，这里有 {len(item)} 个", "分成几项，各以“- ”开头。")
                return
            (predicate, extra), = item.items()
            extra_path = _join(path, str(predicate))
            extras = extra if isinstance(extra, list) else [extra]
            paths = [f"{extra_path}[{i}]" for i in range(len(extras))] if isinstance(extra, list) else [extra_path]
        else:
            predicate, extras, paths = item, [], []
        if not isinstance(predicate, str) or not predicate.strip():
            self.error(path, f"{what}应是谓词名，这里是{_kind(predicate)}", f"例如：{_example(what)}")
            return
        declaration = self.declarations.get(predicate)
        if declaration is None or predicate.startswith("#"):
            self.error(path, f"规则库没有声明谓词“{predicate}”", _predicate_hint(self.program, person is not None))
            return
        values = [self.value(v, p) for v, p in zip(extras, paths)]
        if any(v is None for v in values):
            return
        slots = _slots(declaration.params, person is not None)
        if isinstance(slots, str):
            self.error(path, f"“{predicate}({', '.join(declaration.params)})”{slots}", _slot_hint(person is not None))
            return
        person_slot, case_slot = slots
        free = [i for i in range(declaration.arity) if i not in (person_slot, case_slot)]
        if len(free) != len(values):
            names = "，".join(declaration.params[i] for i in free)
            needed = f"还需要 {len(free)} 个值（{names}）" if free else "不需要其他值"
            self.error(path, f"“{predicate}({', '.join(declaration.params)})”{needed}，这里给了 {len(values)} 个",
                       f"写成“- {predicate}: 值”或“- {predicate}: [值1, 值2]”。" if free else f"只写“- {predicate}”。")
            return
        if case_slot is not None and case_id is None:
            return  # the missing case id is reported once, at the top
        row: list = [None] * declaration.arity
        if person_slot is not None:
            row[person_slot] = person
        if case_slot is not None:
            row[case_slot] = case_id
        for i, value in zip(free, values):
            row[i] = value
        self.emit(predicate, tuple(row), path)

    # ------------------------------------------------------------ the escape hatch

    def raw_facts(self, entry) -> None:
        if entry is None:
            return
        value, path = entry
        if not isinstance(value, list):
            self.error(path, f"事实应是列表，这里是{_kind(value)}", '例如：事实: [["审核人", "李四", "案1"]]')
            return
        for i, row in enumerate(value):
            row_path = f"{path}[{i}]"
            if isinstance(row, str):
                self.atom_fact(row, row_path)
                continue
            found: list[Finding] = []
            fact = _json_fact(_plain(row), row_path, self.name, self.program, found)
            for finding in found:
                self.error(finding.span.pointer, finding.message.split("：", 1)[-1], finding.hint)
            if fact is not None:
                self.facts.setdefault((fact.predicate, fact.values), fact)

    def atom_fact(self, text: str, path: str) -> None:
        """A fact written in the rule language: "审核人(李四, 案1)"."""
        module, problems = parse_text(text.strip().rstrip("。.") + "。", self.source(path))
        clauses = module.of_type(ast.Clause)
        if problems or len(module.statements) != 1 or not clauses or clauses[0].body:
            reason = problems[0].message if problems else "不是一条事实"
            self.error(path, f"无法读取事实“{text}”：{reason}", '写成 "审核人(李四, 案1)" 或 ["审核人", "李四", "案1"]。')
            return
        atom = clauses[0].head
        problem = _atom_problem(atom, self.program)
        if problem:
            self.error(path, problem[0], problem[1])
            return
        fact = fact_from_atom(atom, self.source(path))
        self.facts.setdefault((fact.predicate, fact.values), fact)


# ---------------------------------------------------------------- helpers

def _slots(params: tuple[str, ...], for_person: bool):
    """(person position or None, case position or None), or why the predicate does not fit."""
    if PERSON_PARAM in params or CASE_PARAM in params:
        person = params.index(PERSON_PARAM) if PERSON_PARAM in params else None
        case = params.index(CASE_PARAM) if CASE_PARAM in params else None
        if for_person and person is None:
            return "没有“警察”参数，不是人员的行为"
        if not for_person and person is not None:
            return "有“警察”参数，是人员的行为"
        if not for_person and case is None:
            return "没有“案件”参数，不是本案的情节"
        return person, case
    # a rulebook without the naming convention: person first, then the case
    if for_person:
        return 0, (1 if len(params) >= 2 else None)
    return None, 0 if params else None


def _slot_hint(for_person: bool) -> str:
    if for_person:
        return "案件层面的情节写在 案件情节 下；其他形式的事实写在 事实 下。"
    return "人员的行为写在该人员的 行为 下；其他形式的事实写在 事实 下。"


def _predicate_hint(program: Program, for_person: bool | None = None) -> str:
    from .vocab import vocabulary
    entries = vocabulary(program)
    if for_person is not None:
        entries = [e for e in entries if (PERSON_PARAM in e.params) == for_person]
    names = [e.predicate for e in entries]
    shown = "、".join(names[:12]) + ("…" if len(names) > 12 else "")
    return f"可用的谓词：{shown}（jiuze vocab 列出全部）" if names else "用 jiuze vocab 查看可用的谓词。"


def _closest_hint(word: str, allowed: list[str]) -> str:
    shared = [(len(set(a) & set(word)), -i, a) for i, a in enumerate(allowed)]
    best = max(shared, default=(0, 0, ""))
    return f"是否想写“{best[2]}”？" if best[0] >= 2 else "角色取第七条所列的职责。"


def _key_hint(key, keys: dict[str, str]) -> str:
    if isinstance(key, str) and "：" in key:
        return "键和值之间要用半角冒号加空格（“姓名: 张三”），不能用全角冒号“：”。"
    return "英文键也可以：" + "、".join(f"{k}（{v}）" for k, v in keys.items())


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _plain(value):
    """YAML dates back to the text form the JSON fact format reads."""
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.isoformat()
    return value


def _kind(value) -> str:
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return f"真假值 {_show(value)}"
    if isinstance(value, (int, float)):
        return f"数字 {_show(value)}"
    if isinstance(value, str):
        return f"文字“{value}”"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "一组“键: 值”"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return f"日期时间 {value}"
    return type(value).__name__


def _show(value) -> str:
    try:
        return json.dumps(_plain(value), ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        return repr(value)


_EXAMPLES = {
    "案件文件": "案件: 案1",
    "机关": "{名称: 某市公安局, 上级: 某省公安厅}",
    "单位": "{名称: 某派出所, 机关: 某市公安局}",
    "人员": "{姓名: 张三, 角色: [办案人], 过错: 故意, 行为: [逼供]}",
    "行为": "逼供，或 违法作出行政处罚: 罚款",
    "案件情节": "违反法定程序，或 呈报教养收容措施: 劳动教养",
}


def _example(what: str) -> str:
    return _EXAMPLES.get(what, "名称: …")
