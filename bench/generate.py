"""Seeded generator of realistic synthetic cases over the national vocabulary.

A case is a list of `(predicate, values)` tuples using only the input
predicates declared in `logic/national/00-词汇*.jz`, with exactly the declared
arity, and a case id (`案000001`, …) that is distinct per case.

What a case contains:
  · 1–4 officers (人民警察, almost always 执行职务), each with one role among
    办案人/审核人/审批人/鉴定人/其他直接责任人员 (sometimes two roles, e.g. an
    approver who also handled the case; sometimes none), and 主观过错 故意/过失/
    轻微过失 or, for about a quarter of them, no fault at all.  Multi-officer
    cases often have the full 办案人 → 审核人 → 审批人 chain (第八条).
  · 0–2 of the 第二条 error kinds (认定事实错误, 适用法律错误, 违反法定程序,
    其他执法错误).
  · 0–3 第六条 situations, each for one item (一)–(十六), attributed to one of the
    officers (or to an auxiliary police member, 辅警, who is not 人民警察), and
    either complete or a near miss (e.g. 违法使用警械武器 without 情节恶劣 or
    造成严重后果; 检察院不起诉 without 主要犯罪事实错误; 增捕 of a different person).
  · 第九至十三条 allocations: an approver who overrode the correct opinion, a
    handler or reviewer whose falsification misled the approver, acting without
    authority, a false appraisal, a wrong reply from the higher organ.
  · 第十四条 exemptions (sometimes without the 改变案件定性处理 they need), and
    per officer 第二十三条 mitigations or 第二十四条 aggravations, including
    连续多次发生执法过错 (repeat offenders).
  · the officers' unit and the year of the error (第二十一条), and now and then
    the follow-up facts of 第十五至二十条 and 第二十五至二十七条 (crime, discipline,
    state compensation, leadership responsibility, higher organ, department, appeal).
  · one record in ten is a unit's year under review: 2–4 cases (案000123,
    案000123之2, …) of one unit in one year, drawn from a pool of five officers,
    so officers recur across cases and the unit may reach 多次 (three or more
    errors: 不得 评为先进集体).
    Most appeals are lodged (提出申诉, with a `datetime.date`: the only non-string
    value generated), so 第二十七条's deadline (`D = D0 + 30`) is computed and
    proved in every run; a JSONL file writes the date as `2005-03-01`, which the
    case reader turns back into a date.

Case i depends only on (seed, i): the first 1,000 cases of a 10,000-case run are
the 1,000 cases of a 1,000-case run.

    python bench/generate.py --n 5 --seed 7        # print five cases
    python bench/generate.py --n 10000 --check     # validate against 00-词汇.jz
"""

from __future__ import annotations

import argparse
import datetime
import random
from collections import Counter
from pathlib import Path
from typing import NamedTuple

REPO = Path(__file__).resolve().parent.parent
VOCABULARY = sorted((REPO / "logic" / "national").glob("00-词汇*.jz"))

OFFICERS = [
    "张三",
    "李四",
    "王五",
    "赵六",
    "郑七",
    "陈明",
    "刘洋",
    "杨帆",
    "黄磊",
    "何军",
    "林峰",
    "高远",
    "罗平",
    "梁志",
    "宋涛",
    "谢敏",
    "韩冰",
    "唐宁",
    "冯刚",
    "许静",
]
AUXILIARY = ["孙八", "朱辅", "马协"]  # 辅警：执行职务，但不是人民警察
PEOPLE = ["赵大", "钱二", "周九", "吴十", "冯某", "陈某某", "褚某", "卫某", "蒋某", "沈某"]
ROLES = ["办案人", "审核人", "审批人", "鉴定人", "其他直接责任人员"]
FAULTS = [("故意", 0.20), ("过失", 0.40), ("轻微过失", 0.15), (None, 0.25)]
ERROR_KINDS = ["认定事实错误", "适用法律错误", "违反法定程序", "其他执法错误"]
UNITS = ["东城分局", "西城分局", "南湖派出所", "北关派出所", "刑侦支队", "治安支队"]
HIGHER = "市公安局"
YEARS = ["2022", "2023", "2024"]
MOTIVES = ["贪赃枉法", "徇私舞弊", "刑讯逼供", "蓄意报复", "陷害"]
DEPARTMENTS = ["刑侦部门", "治安部门", "交管部门"]


class Case(NamedTuple):
    id: str
    facts: list[tuple[str, tuple]]
    situations: list[tuple[int, bool]]  # (第六条 item, complete?) as generated: for coverage only


def case_id(index: int) -> str:
    return f"案{index + 1:06d}"


def generate(n: int, seed: int = 7) -> list[Case]:
    return [generate_case(i, seed) for i in range(n)]


def generate_case(index: int, seed: int = 7) -> Case:
    rng = random.Random(f"jiuze-bench:{seed}:{index}")  # str seeds are hashed deterministically
    c = case_id(index)
    facts: dict[tuple[str, tuple], None] = {}

    def add(predicate: str, *values: str) -> None:
        facts[(predicate, values)] = None

    unit, year = rng.choice(UNITS), rng.choice(YEARS)
    if rng.random() < 0.1:  # a unit's year under review: several cases, officers recurring
        ids = [c] + [f"{c}之{k}" for k in range(2, rng.choice([3, 4, 5]))]
        pool = rng.sample(OFFICERS, 5)
    else:
        ids, pool = [c], OFFICERS
    situations: list[tuple[int, bool]] = []
    for case in ids:
        situations += _one_case(rng, case, pool, unit, year, add)
    return Case(c, list(facts), situations)


def _one_case(rng: random.Random, c: str, pool: list[str], unit: str, year: str, add) -> list[tuple[int, bool]]:
    officers = rng.sample(pool, rng.choice([1, 1, 2, 2, 3, 3, 3, 4]))
    for p in officers:
        if rng.random() < 0.96:
            add("人民警察", p)
        if rng.random() < 0.94:
            add("执行职务", p, c)
        fault = _weighted(rng, FAULTS)
        if fault:
            add("主观过错", p, c, fault)
    roles_of = dict(zip(officers, _roles(rng, len(officers))))
    for p, roles in roles_of.items():
        for role in roles:
            add(role, p, c)

    for kind in rng.sample(ERROR_KINDS, rng.choice([0, 0, 0, 1, 1, 2])):
        add(kind, c)

    situations = []
    for _ in range(rng.choice([0, 1, 1, 2, 2, 3])):
        item = rng.randint(1, 16)
        complete = rng.random() < 0.65
        actor = rng.choice(officers)
        if not complete and item in (8, 9, 10, 16):
            actor = rng.choice(AUXILIARY)  # near miss: done by someone who is not 人民警察
            add("执行职务", actor, c)
            add("主观过错", actor, c, rng.choice(["故意", "过失"]))
        for predicate, values in ITEMS[item](rng, actor, c, complete):
            add(predicate, *values)
        situations.append((item, complete))
    _allocation(rng, c, roles_of, officers, add)
    _exemption(rng, c, officers, add)
    _mitigation_or_aggravation(rng, c, officers, add)
    _unit_and_follow_up(rng, c, officers, unit, year, add)
    return situations


def _allocation(rng, c, roles_of, officers, add) -> None:
    """第九至十三条: facts that move the responsibility within the chain."""
    having = lambda *roles: [p for p, r in roles_of.items() if any(x in r for x in roles)]  # noqa: E731
    if having("审批人") and rng.random() < 0.15:
        add("改变或不采纳正确意见", rng.choice(having("审批人")), c)
    if having("办案人", "审核人") and having("审批人") and rng.random() < 0.12:
        add("弄虚作假隐瞒真相", rng.choice(having("办案人", "审核人")), c)
    if rng.random() < 0.06:
        add("违反程序擅自行使职权", rng.choice(officers), c)
    if having("鉴定人") and rng.random() < 0.3:
        add("虚假错误鉴定结论", rng.choice(having("鉴定人")), c)
    if rng.random() < 0.04:
        superior = rng.choice([p for p in OFFICERS if p not in officers])
        add("下级请示", c, HIGHER)
        add("上级批复错误", c)
        add("人民警察", superior)
        add("上级有关责任人员", superior, c)


def _exemption(rng, c, officers, add) -> None:
    """第十四条; one in five lacks the 改变案件定性处理 that every item needs."""
    if rng.random() >= 0.12:
        return
    if rng.random() < 0.8:
        add("改变案件定性处理", c)
    kind = rng.randint(1, 4)
    if kind == 1:
        add(rng.choice(["法律规定不明确", "司法解释不一致"]), c)
    elif kind == 2:
        add("不能预见或无法抗拒", c)
    else:
        add("执行上级命令" if kind == 3 else "按照协作规定协助办案", rng.choice(officers), c)


def _mitigation_or_aggravation(rng, c, officers, add) -> None:
    """第二十三条 or 第二十四条, per officer; repeat offenders are stated (连续多次 has no count)."""
    for p in officers:
        x = rng.random()
        if x < 0.06:
            add("主动承认错误", p, c)
            add("及时纠正", p, c)
        elif x < 0.10:
            add("配合有关部门工作", p, c)
            add("减少损失挽回影响", p, c)
        elif x < 0.13:
            add("情节轻微", p, c)
        elif x < 0.16:
            add(rng.choice(MOTIVES), p, c)
        elif x < 0.18:
            add(rng.choice(["阻碍追究", "打击报复检举控告申诉人"]), p, c)
        elif x < 0.21:
            add("后果比较严重", p, c)
        if rng.random() < 0.04:
            add("连续多次发生执法过错", p)


def _unit_and_follow_up(rng, c, officers, unit, year, add) -> None:
    """第二十一条's unit and year (most cases), and now and then 第十五至二十条, 第二十五至二十七条."""
    if rng.random() < 0.7:
        for p in officers:
            add("所属单位", p, unit)
        add("过错年度", c, year)
    maybe = lambda chance, *fact: rng.random() < chance and add(*fact)  # noqa: E731
    maybe(0.05, "造成严重后果", rng.choice(officers), c)  # 严重执法过错 is derived from it (解读 29)
    maybe(0.03, "构成犯罪", rng.choice(officers), c)
    maybe(0.05, "有违法违纪行为", rng.choice(officers), c)
    maybe(0.05, "国家赔偿", c)
    if rng.random() < 0.05:
        add("发生机关", c, unit)
        maybe(0.6, "影响恶劣", c)
        maybe(0.6, "后果严重", c)
    if rng.random() < 0.03:
        add("上级机关", unit, HIGHER)
        add("上级认为有必要", HIGHER, c)
    maybe(0.2, "发生部门", c, rng.choice(DEPARTMENTS))
    if rng.random() < 0.03:
        p = rng.choice(officers)
        add("不服追究决定", p, c)
        maybe(0.3, "申诉另有规定", p, c)
        if rng.random() < 0.8:  # lodged with the organ where the error occurred, or its superior
            add("发生机关", c, unit)
            organ = HIGHER if rng.random() < 0.5 else unit
            if organ == HIGHER:
                add("上级机关", unit, HIGHER)
            lodged = datetime.date(int(rng.choice(YEARS)), rng.randint(1, 12), rng.randint(1, 28))
            add("提出申诉", p, c, organ, lodged)


def _weighted(rng: random.Random, options):
    x, total = rng.random(), 0.0
    for value, weight in options:
        total += weight
        if x < total:
            return value
    return options[-1][0]


def _roles(rng: random.Random, n: int) -> list[list[str]]:
    if n >= 3 and rng.random() < 0.6:  # the 第八条 chain
        roles = [["办案人"], ["审核人"], ["审批人"]] + [[rng.choice(ROLES)] for _ in range(n - 3)]
        rng.shuffle(roles)
    else:
        roles = [["办案人"]] + [[rng.choice(ROLES)] for _ in range(n - 1)]
    for r in roles:
        x = rng.random()
        if x < 0.05:
            r.append(rng.choice([role for role in ROLES if role not in r]))  # 兼任
        elif x < 0.10:
            r.clear()  # present, but no role in this case
    return roles


# ---------------------------------------------------------------- 第六条 items
# Each returns the facts of one situation; complete=False gives a near miss.


def _item1(rng, p, c, complete):
    full = [("应当立案", "不予立案"), ("应当撤销", "不予撤销"), ("不应当立案", "予以立案"), ("不应当撤销", "予以撤销")]
    near = [("不应当立案", "不予立案"), ("应当立案", "予以立案"), ("应当撤销", "予以撤销"), ("不应当撤销", "不予撤销")]
    duty, act = rng.choice(full if complete else near)
    return [(duty, (c,)), (act, (p, c))]


def _item2(rng, p, c, complete):
    if complete and rng.random() < 0.7:
        return [(rng.choice(["弄虚作假", "逼供", "骗供", "诱供", "逼取证人证言"]), (p, c))]
    facts = [("重大失误疏漏", (p, c, rng.choice(["勘验", "检查", "鉴定"])))]
    return facts + [("案件错误处理", (c,))] if complete else facts


def _item3(rng, p, c, complete):
    outcome = (rng.choice(["检察院不予批捕", "检察院不起诉", "法院判决无罪"]), (c,))
    if complete:
        return [("主要犯罪事实错误", (c,)), outcome]
    return [outcome] if rng.random() < 0.6 else [("主要犯罪事实错误", (c,))]


def _item4(rng, p, c, complete):
    x, y = rng.sample(PEOPLE, 2)
    facts = [("应当报捕而未报捕", (p, c, x))]
    if complete:
        return facts + [("检察院增捕", (c, x)), ("重大犯罪嫌疑人", (x, c))]
    if rng.random() < 0.5:
        return facts + [("检察院增捕", (c, y)), ("重大犯罪嫌疑人", (y, c))]  # a different person
    return facts + [("检察院增捕", (c, x))]  # not a major suspect


def _item5(rng, p, c, complete):
    m, other = rng.sample(["劳动教养", "少年收容教养", "收容教育"], 2)
    facts = [("呈报教养收容措施", (c, m))]
    if complete:
        return facts + [("主要事实错误", (c,)), ("呈报措施不予批准", (c, m))]
    if rng.random() < 0.5:
        return facts + [("呈报措施不予批准", (c, m))]  # facts were right
    return facts + [("主要事实错误", (c,)), ("呈报措施不予批准", (c, other))]  # another measure refused


def _item6(rng, p, c, complete):
    ground = (rng.choice(["主要事实错误", "严重违反法定程序"]), (c,))
    if not complete:
        return [ground]
    return [ground, (rng.choice(["法院撤销具体行政行为", "复议机关撤销具体行政行为"]), (c,))]


def _item7(rng, p, c, complete):
    if rng.random() < 0.6:
        x, y = rng.sample(PEOPLE, 2)
        facts = [("采取刑事强制措施", (p, c, x, rng.choice(["刑事拘留", "取保候审", "监视居住"])))]
        reason = rng.choice(["无犯罪事实", "无证据证明重大嫌疑"])
        if complete:
            return facts + [(reason, (x, c))]
        return facts if rng.random() < 0.5 else facts + [(reason, (y, c))]
    facts = [("超过法定期限办案", (p, c))]
    return facts + [("情节严重", (p, c))] if complete else facts


def _item8(rng, p, c, complete):
    if rng.random() < 0.6:
        return [("违法作出行政处罚", (p, c, rng.choice(["拘留", "罚款", "吊销许可证和执照", "没收财物"])))]
    return [("违法采取限制人身自由措施", (p, c, rng.choice(["劳动教养", "少年收容教养", "收容教育"])))]


def _item9(rng, p, c, complete):
    return [(rng.choice(["违法办理保外就医", "违法办理所外执行"]), (p, c))]


def _item10(rng, p, c, complete):
    x = rng.random()
    if x < 0.5:
        return [("违法采取财产强制措施", (p, c, rng.choice(["查封", "扣押", "冻结"])))]
    return [("违规征收财物" if x < 0.75 else "违规收取费用", (p, c))]


def _aggravated(act, rng, p, c, complete, qualifiers=("情节恶劣", "造成严重后果"), wrong=("情节严重",)):
    facts = [act]
    if complete:
        facts.append((rng.choice(qualifiers), (p, c)))
    elif rng.random() < 0.5:
        facts.append((rng.choice(wrong), (p, c)))  # a qualifier this item does not accept
    return facts


def _item11(rng, p, c, complete):
    return _aggravated(("违法使用警械武器", (p, c)), rng, p, c, complete)


def _item12(rng, p, c, complete):
    right = rng.choice(["申诉", "控告", "听证", "复议", "诉讼"])
    return _aggravated(("违法阻碍行使权利", (p, c, right)), rng, p, c, complete)


def _item13(rng, p, c, complete):
    act = rng.choice(["不履行办案协作职责", "阻碍异地公安机关办案"])
    return _aggravated((act, (p, c)), rng, p, c, complete)


def _item14(rng, p, c, complete):
    act = rng.choice(["错误执行生效决定", "拒不执行生效决定"])
    return _aggravated((act, (p, c)), rng, p, c, complete, ("造成严重后果",), ("情节恶劣", "情节严重"))


def _item15(rng, p, c, complete):
    act = rng.choice(["拒绝履行法定职责", "拖延履行法定职责"])
    return _aggravated((act, (p, c)), rng, p, c, complete, ("造成严重后果",), ("情节恶劣",))


def _item16(rng, p, c, complete):
    return [("其他违法执法过错", (p, c))]


ITEMS = {
    1: _item1,
    2: _item2,
    3: _item3,
    4: _item4,
    5: _item5,
    6: _item6,
    7: _item7,
    8: _item8,
    9: _item9,
    10: _item10,
    11: _item11,
    12: _item12,
    13: _item13,
    14: _item14,
    15: _item15,
    16: _item16,
}


# ---------------------------------------------------------------- validation


def vocabulary(paths: list[Path] = VOCABULARY) -> dict[str, int]:
    """Declared input predicates → arity, read with jiuze's own parser."""
    from jiuze.language import ast
    from jiuze.language.parser import parse_file

    declared: dict[str, int] = {}
    for path in paths:
        module, findings = parse_file(str(path))
        if findings:
            raise SystemExit(f"{path}: {len(findings)} parse findings, first: {findings[0]}")
        declared.update({s.name: s.arity for s in module.statements if isinstance(s, ast.Declaration)})
    return declared


def validate(cases: list[Case], declared: dict[str, int] | None = None) -> Counter:
    """Raise if a fact uses an undeclared predicate, a wrong arity or a value neither string nor date,
    or if case ids repeat; return how often each predicate was used."""
    declared = vocabulary() if declared is None else declared
    used: Counter = Counter()
    ids = set()
    for case in cases:
        if case.id in ids:
            raise ValueError(f"duplicate case id {case.id}")
        ids.add(case.id)
        for predicate, values in case.facts:
            if predicate not in declared:
                raise ValueError(f"{case.id}: {predicate} is not declared in {', '.join(p.name for p in VOCABULARY)}")
            if declared[predicate] != len(values):
                raise ValueError(
                    f"{case.id}: {predicate}{values} has arity {len(values)}, declared {declared[predicate]}"
                )
            if not all((isinstance(v, str) and v) or isinstance(v, datetime.date) for v in values):
                raise ValueError(f"{case.id}: {predicate}{values}: values must be non-empty strings or dates")
            used[predicate] += 1
    return used


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--check", action="store_true", help="validate against 00-词汇*.jz and print statistics")
    args = parser.parse_args()
    cases = generate(args.n, args.seed)
    if args.check:
        declared = vocabulary()
        used = validate(cases, declared)
        facts = sum(len(c.facts) for c in cases)
        print(f"{len(cases)} cases, {facts} facts ({facts / len(cases):.1f}/case), all declared with the right arity")
        print(f"input predicates used: {len(used)} of {len(declared)}; unused: {sorted(set(declared) - set(used))}")
        items = Counter((item, ok) for c in cases for item, ok in c.situations)
        print(
            "第六条 situations (complete/near miss):",
            " ".join(f"{i}:{items[(i, True)]}/{items[(i, False)]}" for i in range(1, 17)),
        )
        return
    for case in cases:
        print(f"# {case.id}  第六条 {case.situations}")
        for predicate, values in case.facts:
            print(f"{predicate}({', '.join(map(str, values))})。")


if __name__ == "__main__":
    main()
