"""Case input: the facts of one case, from a fact file (.jz) or JSON.

A case is validated against the rulebook's declarations before anything is
evaluated, and every problem is reported at once with its place (line and
column for fact files, the JSON path such as facts[3][0] for JSON); a case
is either loaded whole or not at all.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass
from pathlib import Path

from jiuze.cases.limits import check_case_text, check_json_strings
from jiuze.cases.vocabulary import concluded_problem, fact_shapes, stateable
from jiuze.compile.program import Fact, Program, fact_from_atom
from jiuze.language import ast
from jiuze.language.errors import Finding, JiuzeError
from jiuze.language.source import Span, not_utf8_message, not_utf8_span

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Case:
    """One case: its name and the input facts it states (each remembering where in the file it was stated)."""

    name: str
    facts: tuple[Fact, ...]


def load_case(path: str | Path, program: Program) -> Case:
    """A fact file (.jz) or fact JSON."""
    path = Path(path)
    text = read_case_text(path)
    if path.suffix.lower() == ".json":
        return case_from_json(text, str(path), program)
    return case_from_text(text, str(path), program)


def read_case_text(path: Path, content: bytes | None = None) -> str:
    """The text of a case file (from `content` if given), or a located Chinese error."""
    span = Span(str(path), 1, 1)
    try:
        data = content if content is not None else path.read_bytes()
        return data.decode("utf-8-sig")
    except FileNotFoundError:
        message, hint = "找不到案件文件", "检查路径是否正确。"
    except IsADirectoryError:
        message, hint = "这是一个目录，不是案件文件", "给出案件文件的路径。"
    except UnicodeDecodeError as error:
        span = not_utf8_span(str(path), data, error)
        message, hint = not_utf8_message(data, error), "请把文件另存为 UTF-8 编码。"
    except OSError as error:
        message, hint = f"无法读取案件文件：{error.strerror}", "检查文件权限。"
    raise JiuzeError([Finding(span, "io", message, hint)])


def case_from_text(text: str, name: str, program: Program, parse=None) -> Case:
    """A fact file: ground facts only, in the rule language.

    `parse`: what turns (text, name) into (module, findings) — language.parser.parse_text unless
    the caller has a cached one (rulebook/cache.py's parsed_text, which spares Lark on a hit)."""
    if parse is None:
        from jiuze.language.parser import parse_text as parse  # Lark: only when a case is really parsed
    module, findings = parse(text, name)
    findings = list(findings)
    facts = []
    for statement in module.statements:
        if isinstance(statement, ast.Clause) and statement.is_fact:
            problem = _atom_problem(statement.head, program)
            if problem:
                findings.append(Finding(statement.head.span, "bad-fact", *problem))
            else:
                facts.append(fact_from_atom(statement.head, statement.span.where))
        else:
            findings.append(
                Finding(
                    statement.span,
                    "not-a-fact",
                    "案件文件只能包含事实",
                    "规则、声明和场景写在规则库里；案件文件只写 谓词(值, …)。 这样的事实。",
                )
            )
    if findings:
        raise JiuzeError(findings, {name: text})
    return Case(name, tuple(facts))


def _atom_problem(atom: ast.Atom, program: Program) -> tuple[str, str] | None:
    declaration = program.declarations.get(atom.predicate)
    if declaration is None:
        return _unknown_predicate(atom.predicate, program)
    if atom.predicate not in stateable(program):
        return concluded_problem(atom.predicate)
    if declaration.arity != atom.arity:
        return (
            f"“{atom.predicate}”应有 {declaration.arity} 个参数（{'，'.join(declaration.params)}），这里有 {atom.arity} 个",
            "按声明补齐或删去参数。",
        )
    variables = [a for a in atom.args if not isinstance(a, ast.Constant)]
    if variables:
        return (
            f"事实中不能有变量或算式：“{variables[0]}”",
            "事实的每个参数都要是具体的值，如 张三、案1、3、1999-06-02。",
        )
    return None


def _unknown_predicate(name: str, program: Program) -> tuple[str, str]:
    from jiuze.cases.hints import predicate_hint  # hints → case_format → this module

    return f"规则库没有声明谓词“{name}”", predicate_hint(program, word=name)


def case_from_json(text: str, name: str, program: Program) -> Case:
    """{"facts": [["办案人", "张三", "案1"], …]}; strings like 1999-06-02 are dates."""
    check_case_text(text, name)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        span = Span(name, error.lineno, error.colno, error.lineno, error.colno + 1)
        raise JiuzeError(
            [Finding(span, "bad-json", f"JSON 格式错误：{_json_problem(error.msg)}", "检查逗号、引号和括号。")],
            {name: text},
        )
    check_json_strings(data, text, name)
    return case_from_json_data(data, text, name, program)


def case_from_json_data(data, text: str, name: str, program: Program) -> Case:
    """case_from_json for JSON already parsed (and checked) from `text`: batch parses each line once."""
    findings: list[Finding] = []
    facts: list[Fact] = []
    rows = data.get("facts") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        findings.append(
            _json_finding(name, "facts", "缺少 facts 数组", '案件 JSON 应为 {"facts": [["办案人", "张三", "案1"], …]}')
        )
    else:
        shapes = fact_shapes(program)
        for i, row in enumerate(rows):
            fact = _plain_json_fact(row, i, name, shapes) or _json_fact(row, f"facts[{i}]", name, program, findings)
            if fact:
                facts.append(fact)
    if findings:
        raise JiuzeError(findings, {name: text})
    case_name = data.get("name", name) if isinstance(data.get("name", name), str) else name
    return Case(case_name, tuple(facts))


def _plain_json_fact(row, i: int, name: str, shapes: dict[str, int]) -> Fact | None:
    """The fact of a row that needs no finding (a stateable predicate, its arity, int or text values,
    a text shaped like a date a valid one), found with fewer checks; None: let `_json_fact` decide."""
    if type(row) is not list or not row or type(row[0]) is not str or shapes.get(row[0]) != len(row) - 1:
        return None
    values = []
    for value in row[1:]:
        if type(value) is str:
            if value[4:5] == "-":  # a date is dddd-dd-dd: '-' fifth (or not a date at all)
                value = _json_value(value)
                if value is None:
                    return None
        elif type(value) is not int:
            return None
        values.append(value)
    return Fact(row[0], tuple(values), f"{name}#facts[{i}]")


def _json_fact(row, path: str, name: str, program: Program, findings: list[Finding]) -> Fact | None:
    if not isinstance(row, list) or not row or not isinstance(row[0], str):
        findings.append(
            _json_finding(name, path, "每条事实应是数组，第一个元素是谓词名", '例如 ["办案人", "张三", "案1"]')
        )
        return None
    predicate, raw = row[0], row[1:]
    declaration = program.declarations.get(predicate)
    if declaration is None:
        findings.append(_json_finding(name, f"{path}[0]", *_unknown_predicate(predicate, program)))
        return None
    if predicate not in stateable(program):
        findings.append(_json_finding(name, f"{path}[0]", *concluded_problem(predicate)))
        return None
    if declaration.arity != len(raw):
        findings.append(
            _json_finding(
                name,
                path,
                f"“{predicate}”应有 {declaration.arity} 个参数（{'，'.join(declaration.params)}），这里有 {len(raw)} 个",
                "按声明补齐或删去参数。",
            )
        )
        return None
    values = []
    for j, value in enumerate(raw, start=1):
        converted = _json_value(value)
        if converted is None:
            findings.append(
                _json_finding(
                    name,
                    f"{path}[{j}]",
                    f"不支持的值 {json.dumps(value, ensure_ascii=False)}",
                    '值只能是字符串、整数或日期字符串（如 "1999-06-02"）。',
                )
            )
            return None
        values.append(converted)
    return Fact(predicate, tuple(values), f"{name}#{path}")


def _json_value(value):
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        if _DATE.match(value):
            try:
                return datetime.date.fromisoformat(value)
            except ValueError:
                return None
        return value
    return None


def _json_finding(name: str, pointer: str, message: str, hint: str) -> Finding:
    return Finding(Span(name, 0, 0, pointer=pointer), "bad-case", f"{pointer}：{message}", hint)


_JSON_PROBLEMS = {
    "Expecting value": "这里应是一个值",
    "Expecting ',' delimiter": "缺少逗号“,”",
    "Expecting ':' delimiter": "缺少冒号“:”",
    "Expecting property name enclosed in double quotes": "键应写在双引号中",
    "Extra data": "值之后还有多余的内容",
    "Unterminated string starting at": "字符串没有闭合的引号",
    "Invalid control character at": "字符串中有控制字符（如换行）",
    "Invalid \\escape": "无效的转义",
}


def _json_problem(message: str) -> str:
    """json's English message in Chinese (the English kept in brackets for searching)."""
    return f"{_JSON_PROBLEMS[message]}（{message}）" if message in _JSON_PROBLEMS else message
