"""The structured case format (YAML or JSON): its keys, roles, faults, and the `StructuredCase` it yields.

Format: docs/case-format.md; schema: docs/case-schema.json.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from jiuze.cases.facts_file import Case

# Keys: Chinese key -> English twin.  Both are accepted; the Chinese one is canonical.
CASE_KEYS = {
    "案件": "case",
    "名称": "name",
    "发生日期": "date",
    "说明": "note",
    "机关": "agencies",
    "单位": "units",
    "人员": "persons",
    "案件情节": "circumstances",
    "事实": "facts",
}
AGENCY_KEYS = {"名称": "name", "上级": "superior", "说明": "note"}
UNIT_KEYS = {"名称": "name", "机关": "agency", "说明": "note"}
PERSON_KEYS = {
    "姓名": "name",
    "单位": "unit",
    "角色": "roles",
    "过错": "fault",
    "行为": "acts",
    "人民警察": "police",
    "执行职务": "on_duty",
    "说明": "note",
}

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
    "发生日期": "发生日期",  # 发生日期(案件, 日期)
    "上级": "上级机关",  # 上级机关(机关, 上级机关)
    "单位.机关": "所属机关",  # 所属机关(单位, 机关)
    "人员.单位": "所属单位",  # 所属单位(警察, 单位)
}
PERSON_PARAM, CASE_PARAM = "警察", "案件"
STRUCTURED_SUFFIXES = (".yaml", ".yml")
TRUE_WORDS, FALSE_WORDS = ("是", "true", "yes"), ("否", "false", "no")


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
