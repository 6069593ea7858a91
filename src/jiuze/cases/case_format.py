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
    "案件列表": "cases",
}
# A dossier (卷宗): several cases sharing 机关, 单位 and persons; each entry of 案件列表 is a case with these keys
# (Art 24(4) 连续多次 and Art 21 count across them).
DOSSIER_CASE_KEYS = {k: v for k, v in CASE_KEYS.items() if k not in ("机关", "单位", "案件列表")}
# 发生日期 → 过错年度(案件, 年) (Art 21 counts by the year the error occurred), if the rulebook declares it.
YEAR_PREDICATE = "过错年度"
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
    "既往过错": "earlier_errors",
    "说明": "note",
}
# 既往过错: a person's earlier, already established enforcement errors (Art 24(4) 连续多次), each
# → 既往执法过错(警察, 案件, 日期, 项).
EARLIER_KEYS = {"案件": "case", "日期": "date", "项": "item", "说明": "note"}
EARLIER_PREDICATE = "既往执法过错"

# 角色 → the fact 角色(警察, 案件) (第七条的五种职责).  Only those the rulebook declares are offered.
ROLES = ("办案人", "审核人", "审批人", "鉴定人", "其他直接责任人员")
# 过错 → 主观过错(警察, 案件, 形态).  重大过失 is a 过失 that also states 重大过失(警察, 案件) (Art 19 recovery,
# State Compensation Law); 有 states a fault whose kind is not established (形态未查明的过错), enough for an
# enforcement error but for no conclusion that needs the kind (docs/vocabulary.md 解读 36).
FAULT_PREDICATE = "主观过错"
FAULTS = ("故意", "重大过失", "过失", "轻微过失", "有")
FAULT_FORMS = {"重大过失": "过失", "有": "形态未查明的过错"}  # 过错 → 形态 where they differ
GROSS_NEGLIGENCE_PREDICATE = "重大过失"  # 重大过失(警察, 案件)
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
# Every agency listed under 机关 is a 公安机关 (arity 1, if declared): a 派出所 listed only under 单位 is not one.
AGENCY_PREDICATE = "公安机关"
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
