"""Hints and descriptions for case-file messages: which argument is the person and which the case,
the predicates a case may use, the closest allowed word, how a value is described in Chinese."""

from __future__ import annotations

import datetime
import json

from jiuze.cases.case_format import CASE_PARAM, PERSON_PARAM
from jiuze.compile.program import Program
from jiuze.language.spelling import did_you_mean_text


def argument_slots(params: tuple[str, ...], for_person: bool):
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


def slot_hint(for_person: bool) -> str:
    if for_person:
        return "案件层面的情节写在 案件情节 下；其他形式的事实写在 事实 下。"
    return "人员的行为写在该人员的 行为 下；其他形式的事实写在 事实 下。"


def predicate_hint(program: Program, for_person: bool | None = None, word: str | None = None) -> str:
    """The input predicates a case may use (of a person, of the case, or all), the closest to
    the mistyped `word` first; never the compiler's internal `#…` relations."""
    from jiuze.cases.vocabulary import vocabulary

    entries = vocabulary(program)
    if for_person is not None:
        entries = [e for e in entries if (PERSON_PARAM in e.params) == for_person]
    names = [e.predicate for e in entries if not e.predicate.startswith("#")]
    guess = did_you_mean_text(word, [e.predicate for e in vocabulary(program)]) if word else ""
    shown = "、".join(names[:12]) + ("…" if len(names) > 12 else "")
    listing = f"可用的谓词：{shown}（jiuze vocab 列出全部）" if names else "用 jiuze vocab 查看可用的谓词。"
    return f"{guess}{listing}"


def closest_hint(word: str, allowed: list[str]) -> str:
    return did_you_mean_text(word, allowed) or "角色取第七条所列的职责。"


def key_hint(key, keys: dict[str, str]) -> str:
    if isinstance(key, str) and "：" in key:
        return "键和值之间要用半角冒号加空格（“姓名: 张三”），不能用全角冒号“：”。"
    return "英文键也可以：" + "、".join(f"{k}（{v}）" for k, v in keys.items())


def join_path(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def plain_value(value):
    """YAML dates back to the text form the JSON fact format reads."""
    if isinstance(value, list):
        return [plain_value(v) for v in value]
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.isoformat()
    return value


def describe_kind(value) -> str:
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return f"真假值 {show_value(value)}"
    if isinstance(value, (int, float)):
        return f"数字 {show_value(value)}"
    if isinstance(value, str):
        return f"文字“{value}”"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "一组“键: 值”"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return f"日期时间 {value}"
    return type(value).__name__


def show_value(value) -> str:
    try:
        return json.dumps(plain_value(value), ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        return repr(value)


EXAMPLES = {
    "案件文件": "案件: 案1",
    "机关": "{名称: 某市公安局, 上级: 某省公安厅}",
    "单位": "{名称: 某派出所, 机关: 某市公安局}",
    "人员": "{姓名: 张三, 角色: [办案人], 过错: 故意, 行为: [逼供]}",
    "行为": "逼供，或 违法作出行政处罚: 罚款",
    "案件情节": "违反法定程序，或 呈报教养收容措施: 劳动教养",
    "既往过错": "{案件: 案0, 日期: 2004-05-01, 项: 8}",
}


def example_of(what: str) -> str:
    return EXAMPLES.get(what, "名称: …")
