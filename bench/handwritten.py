"""The whole national rulebook written by hand in pyDatalog's Python API.

This is baseline (c) of the benchmark: what a programmer would write without
jiuze, for every rule of `logic/national/*.jz` (第二条, 第六至二十七条; the
declaratory 第一、三、四、五、二十八至三十条 have no rules), as the rulebook
stands after issue 13 (its legal readings: docs/vocabulary.md, 解读与取舍).  It is
trusted bench code, so pyDatalog's in-line Python API (`create_terms`, `<=`, `&`,
`~`, `+`, `-`, `len_`, queries) is used directly; no rule or case text is ever
evaluated, and nothing here is generated from the .jz files: it is an
independent translation, so that agreeing with jiuze means something.

How it differs from the rulebook, and why the results are the same:

  · Plain rules are copied rule for rule: same heads, same bodies in the same
    order, same constants (one exception: the recursive 上级公安机关 rule calls
    itself first, see 第二十五条).  `_` becomes a named variable.
  · jiuze's exceptions (`互斥` contraries, `优先于` priorities, `阻却` defeaters)
    are compiled there by generic defeasible machinery.  Here each exception is
    written out with negation, by hand, for the predicates they concern:
    应当追究/不予追究 (第九、十、十三、十四条 over 第六条), 责任程度/承担责任/
    不承担责任 (第九至十三条 over 第八条, 第九、十一、十二条 over 第十条, 第十条's
    defeaters), 从重追究/从轻追究/免予追究 (第二十四条 over 第二十三条) and
    申诉答复期限/申诉答复截止日期 (第二十七条's defeaters).  A conclusion holds
    when a rule gives it and every rule arguing against it (for a contrary, or a
    defeater) is outranked by a rule that gives it; an attacking rule that is not
    outranked blocks it by its *conditions* alone, even when its own conclusion
    is blocked in turn (jiuze's ambiguity blocking: then neither side holds).
    Those conditions get their own helper relations below (第九条全部,
    第十一条主要, 第十条免责, …).  Each section says which attacks it encodes
    and which cannot arise.
  · Modalities (应当/可以/不得) do not change which conclusions hold (jiuze only
    records 应当-vs-可以 conflicts, for explanations), so they appear only in comments.
  · Rules with their own period (有效 … 至 …, 劳动教养 in 第六条第（五）、（八）项)
    hold on any date, as in jiuze's evaluation: the period only produces a note
    in reports, which is not a conclusion.
  · The parameters of 00-参数.jz are the Python constants below; `计数{…}` is
    pyDatalog's `len_` aggregate (like jiuze's count, no row for an empty group);
    dates are `datetime.date`, and `D0 + 30`, `DX + 365` add a `timedelta`.

Predicate names are the Chinese names of the rulebook: pyDatalog treats a name
whose first character is not an ASCII capital (or `_`) as a predicate, and
Python accepts them as identifiers.  Variables are ASCII capitals.  Helper
relations that the rulebook does not have are marked "helper".

    rules = HandwrittenRules()            # a fresh pyDatalog logic with the rules
    rules.evaluate(facts)                 # facts: [(predicate, values)] → {(predicate, values)} over OUTPUTS

Facts may use the input predicates of INPUT_ARITY or, as a scenario may, any
derived predicate.  The rules live in the current thread's pyDatalog logic:
jiuze's engine installs its own logic in the thread it evaluates in, so run the
two in different threads or processes (as bench/run.py does), or build
HandwrittenRules() after the last jiuze call (as `--check` below does).

    python bench/handwritten.py --check [--cases 1000] [--conflicts 1000] [--seed 7]

compares every output with jiuze on the national rulebook's scenarios, on
generated cases and on small cases dense in 第九至十四条's conflicts, and exits 1
on any difference.
"""

from __future__ import annotations

import argparse
import datetime
import random
import sys
from typing import Iterable

from pyDatalog import pyDatalog
from pyDatalog.Logic import Logic

# ================================================================ terms
P, Q, C, X, M, R, N, Y, U, A, B, D, D0 = pyDatalog.create_terms("P, Q, C, X, M, R, N, Y, U, A, B, D, D0")
V1, V2, V3, V4, K, W, Z, DX, DY, E, S = pyDatalog.create_terms("V1, V2, V3, V4, K, W, Z, DX, DY, E, S")
len_ = pyDatalog.create_terms("len_")  # a single name gives the term itself, not a tuple

# ---------------------------------------------------------------- parameters (00-参数.jz)
申诉答复期限天数 = 30  # 第二十七条
单位多次发生执法过错起点 = 3  # 第二十一条“多次”
答复期间 = datetime.timedelta(days=申诉答复期限天数)
十二个月 = datetime.timedelta(days=365)  # 第二十四条第（四）项“连续”: 每次距前一次不超过 365 日

# ---------------------------------------------------------------- inputs (00-词汇.jz, 00-词汇续-….jz), with arity
INPUT_ARITY = {
    # 第二条、第七条：人员、职务、过错、职责、错误种类
    "人民警察": 1,
    "执行职务": 2,
    "主观过错": 3,
    "办案人": 2,
    "审核人": 2,
    "审批人": 2,
    "鉴定人": 2,
    "其他直接责任人员": 2,
    "认定事实错误": 1,
    "适用法律错误": 1,
    "违反法定程序": 1,
    "其他执法错误": 1,
    # 第六条各项
    "情节恶劣": 2,
    "造成严重后果": 2,
    "应当立案": 1,
    "不应当立案": 1,
    "应当撤销": 1,
    "不应当撤销": 1,
    "不予立案": 2,
    "予以立案": 2,
    "不予撤销": 2,
    "予以撤销": 2,
    "弄虚作假": 2,
    "逼供": 2,
    "骗供": 2,
    "诱供": 2,
    "逼取证人证言": 2,
    "重大失误疏漏": 3,
    "案件错误处理": 1,
    "主要犯罪事实错误": 1,
    "检察院不予批捕": 1,
    "检察院不起诉": 1,
    "法院判决无罪": 1,
    "应当报捕而未报捕": 3,
    "检察院增捕": 2,
    "重大犯罪嫌疑人": 2,
    "呈报教养收容措施": 2,
    "呈报措施不予批准": 2,
    "主要事实错误": 1,
    "严重违反法定程序": 1,
    "法院撤销具体行政行为": 1,
    "复议机关撤销具体行政行为": 1,
    "采取刑事强制措施": 4,
    "无犯罪事实": 2,
    "无证据证明重大嫌疑": 2,
    "超过法定期限办案": 2,
    "情节严重": 2,
    "违法作出行政处罚": 3,
    "违法采取限制人身自由措施": 3,
    "违法办理保外就医": 2,
    "违法办理所外执行": 2,
    "违法采取财产强制措施": 3,
    "违规征收财物": 2,
    "违规收取费用": 2,
    "违法使用警械武器": 2,
    "违法阻碍行使权利": 3,
    "不履行办案协作职责": 2,
    "阻碍异地公安机关办案": 2,
    "错误执行生效决定": 2,
    "拒不执行生效决定": 2,
    "拒绝履行法定职责": 2,
    "拖延履行法定职责": 2,
    "其他违法执法过错": 2,
    # 第九至十三条
    "改变或不采纳正确意见": 2,
    "违反程序擅自行使职权": 2,
    "弄虚作假隐瞒真相": 2,
    "虚假错误鉴定结论": 2,
    "下级请示": 2,
    "上级批复错误": 1,
    "上级有关责任人员": 2,
    # 第十四条
    "改变案件定性处理": 1,
    "法律规定不明确": 1,
    "司法解释不一致": 1,
    "不能预见或无法抗拒": 1,
    "执行上级命令": 2,
    "按照协作规定协助办案": 2,
    # 第二十三条、第二十四条
    "主动承认错误": 2,
    "及时纠正": 2,
    "配合有关部门工作": 2,
    "减少损失挽回影响": 2,
    "情节轻微": 2,
    "贪赃枉法": 2,
    "徇私舞弊": 2,
    "刑讯逼供": 2,
    "蓄意报复": 2,
    "陷害": 2,
    "阻碍追究": 2,
    "打击报复检举控告申诉人": 2,
    "连续多次发生执法过错": 1,
    "后果比较严重": 2,
    "其他故意手段": 3,
    "既往执法过错": 4,
    "发生日期": 2,
    "另有恶劣情节": 2,
    "另有较重后果": 2,
    # 第十五至二十二条（严重执法过错 is derived since issue 13）
    "构成犯罪": 2,
    "有违法违纪行为": 2,
    "国家赔偿": 1,
    "重大过失": 2,
    "发生机关": 2,
    "影响恶劣": 1,
    "后果严重": 1,
    "所属单位": 2,
    "过错年度": 2,
    "单位既往执法过错": 3,
    # 第二十五至二十七条
    "上级机关": 2,
    "上级认为有必要": 2,
    "公安机关": 1,
    "所属机关": 2,
    "发生部门": 2,
    "不服追究决定": 2,
    "提出申诉": 4,
    "申诉另有规定": 2,
}

(
    人民警察,
    执行职务,
    主观过错,
    办案人,
    审核人,
    审批人,
    鉴定人,
    其他直接责任人员,
    认定事实错误,
    适用法律错误,
    违反法定程序,
    其他执法错误,
) = pyDatalog.create_terms(
    "人民警察, 执行职务, 主观过错, 办案人, 审核人, 审批人, 鉴定人, 其他直接责任人员,"
    "认定事实错误, 适用法律错误, 违反法定程序, 其他执法错误"
)
(
    情节恶劣,
    造成严重后果,
    应当立案,
    不应当立案,
    应当撤销,
    不应当撤销,
    不予立案,
    予以立案,
    不予撤销,
    予以撤销,
    弄虚作假,
    逼供,
    骗供,
    诱供,
    逼取证人证言,
    重大失误疏漏,
    案件错误处理,
    主要犯罪事实错误,
    检察院不予批捕,
    检察院不起诉,
    法院判决无罪,
    应当报捕而未报捕,
    检察院增捕,
    重大犯罪嫌疑人,
    呈报教养收容措施,
    呈报措施不予批准,
    主要事实错误,
    严重违反法定程序,
    法院撤销具体行政行为,
    复议机关撤销具体行政行为,
    采取刑事强制措施,
    无犯罪事实,
    无证据证明重大嫌疑,
    超过法定期限办案,
    情节严重,
    违法作出行政处罚,
    违法采取限制人身自由措施,
    违法办理保外就医,
    违法办理所外执行,
    违法采取财产强制措施,
    违规征收财物,
    违规收取费用,
    违法使用警械武器,
    违法阻碍行使权利,
    不履行办案协作职责,
    阻碍异地公安机关办案,
    错误执行生效决定,
    拒不执行生效决定,
    拒绝履行法定职责,
    拖延履行法定职责,
    其他违法执法过错,
) = pyDatalog.create_terms(
    "情节恶劣, 造成严重后果,"
    "应当立案, 不应当立案, 应当撤销, 不应当撤销, 不予立案, 予以立案, 不予撤销, 予以撤销,"
    "弄虚作假, 逼供, 骗供, 诱供, 逼取证人证言, 重大失误疏漏, 案件错误处理,"
    "主要犯罪事实错误, 检察院不予批捕, 检察院不起诉, 法院判决无罪,"
    "应当报捕而未报捕, 检察院增捕, 重大犯罪嫌疑人,"
    "呈报教养收容措施, 呈报措施不予批准, 主要事实错误,"
    "严重违反法定程序, 法院撤销具体行政行为, 复议机关撤销具体行政行为,"
    "采取刑事强制措施, 无犯罪事实, 无证据证明重大嫌疑, 超过法定期限办案, 情节严重,"
    "违法作出行政处罚, 违法采取限制人身自由措施, 违法办理保外就医, 违法办理所外执行,"
    "违法采取财产强制措施, 违规征收财物, 违规收取费用, 违法使用警械武器,"
    "违法阻碍行使权利, 不履行办案协作职责, 阻碍异地公安机关办案,"
    "错误执行生效决定, 拒不执行生效决定, 拒绝履行法定职责, 拖延履行法定职责,"
    "其他违法执法过错"
)
(
    改变或不采纳正确意见,
    违反程序擅自行使职权,
    弄虚作假隐瞒真相,
    虚假错误鉴定结论,
    下级请示,
    上级批复错误,
    上级有关责任人员,
    改变案件定性处理,
    法律规定不明确,
    司法解释不一致,
    不能预见或无法抗拒,
    执行上级命令,
    按照协作规定协助办案,
    主动承认错误,
    及时纠正,
    配合有关部门工作,
    减少损失挽回影响,
    情节轻微,
    贪赃枉法,
    徇私舞弊,
    刑讯逼供,
    蓄意报复,
    陷害,
    阻碍追究,
    打击报复检举控告申诉人,
    连续多次发生执法过错,
    后果比较严重,
    其他故意手段,
    既往执法过错,
    发生日期,
    另有恶劣情节,
    另有较重后果,
) = pyDatalog.create_terms(
    "改变或不采纳正确意见, 违反程序擅自行使职权, 弄虚作假隐瞒真相, 虚假错误鉴定结论,"
    "下级请示, 上级批复错误, 上级有关责任人员,"
    "改变案件定性处理, 法律规定不明确, 司法解释不一致, 不能预见或无法抗拒, 执行上级命令, 按照协作规定协助办案,"
    "主动承认错误, 及时纠正, 配合有关部门工作, 减少损失挽回影响, 情节轻微,"
    "贪赃枉法, 徇私舞弊, 刑讯逼供, 蓄意报复, 陷害, 阻碍追究, 打击报复检举控告申诉人,"
    "连续多次发生执法过错, 后果比较严重, 其他故意手段, 既往执法过错, 发生日期, 另有恶劣情节, 另有较重后果"
)
(
    构成犯罪,
    有违法违纪行为,
    国家赔偿,
    重大过失,
    发生机关,
    影响恶劣,
    后果严重,
    所属单位,
    过错年度,
    单位既往执法过错,
    上级机关,
    上级认为有必要,
    公安机关,
    所属机关,
    发生部门,
    不服追究决定,
    提出申诉,
    申诉另有规定,
) = pyDatalog.create_terms(
    "构成犯罪, 有违法违纪行为, 国家赔偿, 重大过失,"
    "发生机关, 影响恶劣, 后果严重, 所属单位, 过错年度, 单位既往执法过错,"
    "上级机关, 上级认为有必要, 公安机关, 所属机关, 发生部门, 不服追究决定, 提出申诉, 申诉另有规定"
)

# ---------------------------------------------------------------- derived: every rule head of the rulebook
(
    有故意或过失,
    过错形态未查明,
    执行职务中有过错,
    执法过错类型,
    执法过错,  # 第二条
    办案人员,
    所列情形,
    执法过错情形,
    应当追究,  # 第六条
    案件职责,
    发生执法过错,
    责任人员,
    承担分配的责任,
    有本人执法过错情形,
    分配追究情形,  # 第七条
    设有职责,
    职责有过错,
    有职责无过错,
    三方均有过错,
    责任程度,  # 第八条
    承担责任,
    不承担责任,  # 第九至十三条
    定性处理被改变,
    涉及错误,
    非法律适用情形,
    法律不明不能说明,
    故意性质的行为,
    不追究情形,
    不予追究,  # 第十四条
) = pyDatalog.create_terms(
    "有故意或过失, 过错形态未查明, 执行职务中有过错, 执法过错类型, 执法过错,"
    "办案人员, 所列情形, 执法过错情形, 应当追究,"
    "案件职责, 发生执法过错, 责任人员, 承担分配的责任, 有本人执法过错情形, 分配追究情形,"
    "设有职责, 职责有过错, 有职责无过错, 三方均有过错, 责任程度,"
    "承担责任, 不承担责任,"
    "定性处理被改变, 涉及错误, 非法律适用情形, 法律不明不能说明, 故意性质的行为, 不追究情形, 不予追究"
)
(
    执法过错责任人员,
    可追究责任形式,
    做出处理,
    可选处理,
    给予处分,
    移交有关部门,
    追偿赔偿费用,
    不予追偿,
    记入档案,  # 第十五至十九、二十二条
    追究领导责任,
    单位执法过错,
    单位执法过错次数,
    多次发生执法过错,
    严重执法过错,
    评为先进集体,  # 第二十、二十一条
    从轻或免予追究情形,
    从轻追究,
    免予追究,
    从重情形,
    从重追究,
    过错记录,
    相继过错,
    连续多次之一,
    情节或后果为要件,
    后果为要件,
    情节后果为要件,
    重复评价不予从重,  # 第二十三、二十四条
    上级公安机关,
    过错发生机关,
    陈述了发生机关,
    负责查处,
    直接查处,
    负责检查认定,
    主动检查纠正,
    需要追究纪律责任,
    提出处理意见,
    研究决定,
    审批处理决定,
    申诉,
    申诉答复期限,
    申诉答复截止日期,  # 第二十五至二十七条
) = pyDatalog.create_terms(
    "执法过错责任人员, 可追究责任形式, 做出处理, 可选处理, 给予处分, 移交有关部门, 追偿赔偿费用, 不予追偿, 记入档案,"
    "追究领导责任, 单位执法过错, 单位执法过错次数, 多次发生执法过错, 严重执法过错, 评为先进集体,"
    "从轻或免予追究情形, 从轻追究, 免予追究, 从重情形, 从重追究,"
    "过错记录, 相继过错, 连续多次之一, 情节或后果为要件, 后果为要件, 情节后果为要件, 重复评价不予从重,"
    "上级公安机关, 过错发生机关, 陈述了发生机关, 负责查处, 直接查处, 负责检查认定, 主动检查纠正,"
    "需要追究纪律责任, 提出处理意见, 研究决定, 审批处理决定, 申诉, 申诉答复期限, 申诉答复截止日期"
)

# helpers (not in the rulebook): the conditions of the rules of 第八至十三条 that take part in conflicts,
# the count table and the one relation every output goes into
(
    第八条主要,
    第八条次要,
    第九条全部,
    第九条免责,
    第十条承担,
    第十条免责,
    第十一条主要,
    第十一条次要,
    第十二条主要,
    第十二条次要,
    第十三条承担,
    第十三条免责,
    特别规定主要,
    特别规定次要,
    单位执法过错计数,
    结论,
) = pyDatalog.create_terms(
    "第八条主要, 第八条次要, 第九条全部, 第九条免责, 第十条承担, 第十条免责,"
    "第十一条主要, 第十一条次要, 第十二条主要, 第十二条次要, 第十三条承担, 第十三条免责,"
    "特别规定主要, 特别规定次要,"
    "单位执法过错计数, 结论"
)

INPUTS = {name: globals()[name] for name in INPUT_ARITY}

# The outputs compared with jiuze: every derived predicate of the national rulebook (all rule heads but
# jiuze's internal `#…` relations), with its arity.  逼供, 认定事实错误, 违反法定程序 and 后果比较严重 are
# inputs as well as rule heads: their output rows include the stated facts, as in jiuze.  非法律适用情形
# is only rulebook facts, the same in every case: not compared (and (d) does not report it).
OUTPUTS = {
    "有故意或过失": 2,
    "过错形态未查明": 2,
    "执行职务中有过错": 2,
    "执法过错类型": 3,
    "执法过错": 2,
    "认定事实错误": 1,
    "违反法定程序": 1,
    "办案人员": 2,
    "所列情形": 3,
    "执法过错情形": 3,
    "应当追究": 2,
    "逼供": 2,
    "案件职责": 3,
    "发生执法过错": 1,
    "责任人员": 3,
    "承担分配的责任": 2,
    "有本人执法过错情形": 2,
    "分配追究情形": 3,
    "设有职责": 2,
    "职责有过错": 2,
    "有职责无过错": 1,
    "三方均有过错": 1,
    "责任程度": 3,
    "承担责任": 2,
    "不承担责任": 2,
    "定性处理被改变": 1,
    "涉及错误": 2,
    "法律不明不能说明": 2,
    "故意性质的行为": 2,
    "不追究情形": 3,
    "不予追究": 2,
    "执法过错责任人员": 2,
    "可追究责任形式": 3,
    "做出处理": 2,
    "可选处理": 3,
    "给予处分": 2,
    "移交有关部门": 2,
    "追偿赔偿费用": 2,
    "不予追偿": 3,
    "记入档案": 2,
    "追究领导责任": 2,
    "单位执法过错": 3,
    "单位执法过错次数": 3,
    "多次发生执法过错": 2,
    "严重执法过错": 1,
    "评为先进集体": 2,
    "从轻或免予追究情形": 3,
    "从轻追究": 2,
    "免予追究": 2,
    "从重情形": 3,
    "从重追究": 2,
    "后果比较严重": 2,
    "过错记录": 3,
    "相继过错": 3,
    "连续多次之一": 2,
    "情节或后果为要件": 2,
    "后果为要件": 2,
    "情节后果为要件": 2,
    "重复评价不予从重": 2,
    "上级公安机关": 2,
    "过错发生机关": 2,
    "陈述了发生机关": 1,
    "负责查处": 2,
    "直接查处": 2,
    "负责检查认定": 3,
    "主动检查纠正": 2,
    "需要追究纪律责任": 1,
    "提出处理意见": 3,
    "研究决定": 3,
    "审批处理决定": 3,
    "申诉": 3,
    "申诉答复期限": 4,
    "申诉答复截止日期": 4,
}
DERIVED = {name: globals()[name] for name in [*OUTPUTS, "非法律适用情形"]}  # a scenario may state one
_WIDTH = max(OUTPUTS.values())  # 结论(K, V1, …, V4): the name, then the values padded with ''
_PAD = ""


def define_rules() -> None:
    """Assert every rule of the national rulebook into the current pyDatalog logic."""
    _article_2()
    _article_6()
    _articles_7_8()
    _articles_9_13()
    _article_14()
    _articles_15_22()
    _articles_23_24()
    _articles_25_27()
    _one_output_relation()


def _article_2() -> None:
    """第二条 (02-执法过错.jz)."""
    # 故意、过失；轻微过失也是过失；过错已查明、形态未查明（解读 36）
    有故意或过失(P, C) <= 主观过错(P, C, "故意")
    有故意或过失(P, C) <= 主观过错(P, C, "过失")
    有故意或过失(P, C) <= 主观过错(P, C, "轻微过失")
    有故意或过失(P, C) <= 主观过错(P, C, "形态未查明的过错")
    过错形态未查明(P, C) <= (
        执行职务中有过错(P, C)
        & 主观过错(P, C, "形态未查明的过错")
        & ~主观过错(P, C, "故意")
        & ~主观过错(P, C, "过失")
        & ~主观过错(P, C, "轻微过失")
    )

    执行职务中有过错(P, C) <= 人民警察(P) & 执行职务(P, C) & 有故意或过失(P, C)

    # 第六条第（三）、（五）、（六）项的“主要（犯罪）事实错误”“严重违反法定程序”也是第二条的错误
    认定事实错误(C) <= 主要犯罪事实错误(C)
    认定事实错误(C) <= 主要事实错误(C)
    违反法定程序(C) <= 严重违反法定程序(C)

    执法过错类型(P, C, "认定事实错误") <= 执行职务中有过错(P, C) & 认定事实错误(C)
    执法过错类型(P, C, "适用法律错误") <= 执行职务中有过错(P, C) & 适用法律错误(C)
    执法过错类型(P, C, "违反法定程序") <= 执行职务中有过错(P, C) & 违反法定程序(C)
    执法过错类型(P, C, "其他执法错误") <= 执行职务中有过错(P, C) & 其他执法错误(C)

    执法过错(P, C) <= 执法过错类型(P, C, X)
    # 案件有第六条所列的行为或结果，本人有过错并担任办案职责、自己没有第六条情形的（解读 40）
    执法过错(P, C) <= 办案人员(P, C) & 执行职务中有过错(P, C) & 所列情形(W, C, N) & ~有本人执法过错情形(P, C)


def _article_6() -> None:
    """第六条 (06-追究情形.jz): each item's rule twice, with the fault (执法过错情形) and without (所列情形)."""
    # 应当追究 is contested: see _article_14 for the rules that win against both of these.
    办案人员(P, C) <= 案件职责(P, C, R)
    执法过错(P, C) <= 执法过错情形(P, C, N)
    _item(1, 应当立案(C) & 不予立案(P, C))
    _item(1, 应当撤销(C) & 不予撤销(P, C))
    _item(1, 不应当立案(C) & 予以立案(P, C))
    _item(1, 不应当撤销(C) & 予以撤销(P, C))
    for act in (弄虚作假, 逼供, 骗供, 诱供, 逼取证人证言):
        _item(2, act(P, C))
    _item(2, 重大失误疏漏(P, C, X) & 案件错误处理(C))
    _item(2, 虚假错误鉴定结论(P, C))  # 虚假的是弄虚作假、错误的是重大失误（解读 35）
    逼供(P, C) <= 刑讯逼供(P, C)  # 第六条第（二）项 (written in 23-从轻从重.jz)
    for outcome in (检察院不予批捕, 检察院不起诉, 法院判决无罪):  # （三）办案人员的主观过错
        _item(3, 主要犯罪事实错误(C) & outcome(C), staff=True)
    _item(4, 应当报捕而未报捕(P, C, X) & 检察院增捕(C, X) & 重大犯罪嫌疑人(X, C))
    # （五）劳动教养的规则有效至 2013-12-28, the others have no period: both hold on every date here
    _item(5, 呈报教养收容措施(C, "劳动教养") & 主要事实错误(C) & 呈报措施不予批准(C, "劳动教养"), staff=True)
    _item(5, 呈报教养收容措施(C, M) & (M != "劳动教养") & 主要事实错误(C) & 呈报措施不予批准(C, M), staff=True)
    for error in (主要事实错误, 严重违反法定程序):  # （六）
        for court in (法院撤销具体行政行为, 复议机关撤销具体行政行为):
            _item(6, error(C) & court(C), staff=True)
    _item(7, 采取刑事强制措施(P, C, X, M) & 无犯罪事实(X, C))
    _item(7, 采取刑事强制措施(P, C, X, M) & 无证据证明重大嫌疑(X, C))
    _item(7, 超过法定期限办案(P, C) & 情节严重(P, C))
    _item(8, 违法作出行政处罚(P, C, X))
    _item(8, 违法采取限制人身自由措施(P, C, "劳动教养"))  # 有效至 2013-12-28, as （五）
    _item(8, 违法采取限制人身自由措施(P, C, M) & (M != "劳动教养"))
    _item(9, 违法办理保外就医(P, C))
    _item(9, 违法办理所外执行(P, C))
    _item(10, 违法采取财产强制措施(P, C, X))
    _item(10, 违规征收财物(P, C))
    _item(10, 违规收取费用(P, C))
    for circumstance in (情节恶劣, 造成严重后果):
        _item(11, 违法使用警械武器(P, C) & circumstance(P, C))
        _item(12, 违法阻碍行使权利(P, C, X) & circumstance(P, C))
        _item(13, 不履行办案协作职责(P, C) & circumstance(P, C))
        _item(13, 阻碍异地公安机关办案(P, C) & circumstance(P, C))
    for act in (错误执行生效决定, 拒不执行生效决定):
        _item(14, act(P, C) & 造成严重后果(P, C))
    for act in (拒绝履行法定职责, 拖延履行法定职责):
        _item(15, act(P, C) & 造成严重后果(P, C))
    _item(16, 其他违法执法过错(P, C))


def _item(number: int, conditions, staff: bool = False) -> None:
    """One rule of 第六条第（number）项, written twice as the rulebook writes it:
    执法过错情形 = [办案人员 +] 执行职务中有过错 + conditions; 所列情形 = [办案人员 +] conditions."""
    if staff:
        执法过错情形(P, C, number) <= 办案人员(P, C) & 执行职务中有过错(P, C) & conditions
        所列情形(P, C, number) <= 办案人员(P, C) & conditions
    else:
        执法过错情形(P, C, number) <= 执行职务中有过错(P, C) & conditions
        所列情形(P, C, number) <= conditions


def _articles_7_8() -> None:
    """第七、八条 (07-责任分配.jz)."""
    for role, fact in (("审批人", 审批人), ("审核人", 审核人), ("办案人", 办案人), ("鉴定人", 鉴定人)):
        案件职责(P, C, role) <= fact(P, C)
    案件职责(P, C, "其他直接责任人员") <= 其他直接责任人员(P, C)
    发生执法过错(C) <= 执法过错(W, C)
    责任人员(P, C, R) <= 案件职责(P, C, R) & 执法过错(P, C)
    # “分别追究”：分到责任的人按错误所属的第六条那一项追究，本人须有过错、自己没有第六条情形（解读 35）
    承担分配的责任(P, C) <= 责任程度(P, C, X)
    承担分配的责任(P, C) <= 承担责任(P, C)
    有本人执法过错情形(P, C) <= 执法过错情形(P, C, N)
    分配追究情形(P, C, N) <= (
        承担分配的责任(P, C) & 执行职务中有过错(P, C) & 所列情形(W, C, N) & ~有本人执法过错情形(P, C)
    )
    分配追究情形(P, C, N) <= (
        承担分配的责任(P, C) & 执行职务中有过错(P, C) & 执法过错情形(W, C, N) & ~有本人执法过错情形(P, C)
    )

    # 第八条：“都有”按本案设有的职责计（解读 13）
    设有职责(C, R) <= 案件职责(W, C, R)
    职责有过错(C, R) <= 责任人员(W, C, R)
    for role in ("办案人", "审核人", "审批人"):
        有职责无过错(C) <= 设有职责(C, role) & ~职责有过错(C, role)
    三方均有过错(C) <= 职责有过错(C, "审批人") & 职责有过错(C, "办案人") & ~有职责无过错(C)
    三方均有过错(C) <= 职责有过错(C, "审批人") & 职责有过错(C, "审核人") & ~有职责无过错(C)
    # The conditions of 第八条's rules (helpers); their conclusions are drawn with 第九至十三条.
    第八条主要(P, C) <= 三方均有过错(C) & 责任人员(P, C, "审批人")
    # 兼任审批人的，只承担审批人的主要责任
    第八条次要(P, C) <= 三方均有过错(C) & 责任人员(P, C, "办案人") & ~责任人员(P, C, "审批人")
    第八条次要(P, C) <= 三方均有过错(C) & 责任人员(P, C, "审核人") & ~责任人员(P, C, "审批人")


def _articles_9_13() -> None:
    """第九至十三条 (09-责任分配特别规定.jz) and the conclusions of 第八至十三条.

    Contraries, for one person and case: 责任程度 全部/主要/次要 pairwise; 不承担责任 against every
    责任程度 and against 承担责任.  Priorities: 第九至十三条 over 第八条; 第九、十一、十二条 over 第十条.
    第十条's two defeaters attack 主要 and 次要 of whoever 擅自行使职权."""
    # --- the conditions of each rule (helpers)
    # 第九条：审批人改变或者不采纳正确意见 → 审批人 全部；办案人、审核人 不承担责任
    第九条全部(P, C) <= 责任人员(P, C, "审批人") & 改变或不采纳正确意见(P, C)
    第九条免责(Q, C) <= 责任人员(P, C, "审批人") & 改变或不采纳正确意见(P, C) & 办案人(Q, C) & ~改变或不采纳正确意见(
        Q, C
    )
    第九条免责(Q, C) <= 责任人员(P, C, "审批人") & 改变或不采纳正确意见(P, C) & 审核人(Q, C) & ~改变或不采纳正确意见(
        Q, C
    )
    # 第十条：擅自行使职权 → 本人 承担责任；被绕开的审核人、审批人 不承担责任
    第十条承担(P, C) <= 违反程序擅自行使职权(P, C) & 执法过错(P, C)
    第十条免责(Q, C) <= 违反程序擅自行使职权(P, C) & 执法过错(P, C) & 审核人(Q, C) & ~违反程序擅自行使职权(Q, C)
    第十条免责(Q, C) <= 违反程序擅自行使职权(P, C) & 执法过错(P, C) & 审批人(Q, C) & ~违反程序擅自行使职权(Q, C)
    # 第十一条：办案人、审核人弄虚作假隐瞒真相 → 本人 主要；本人也有过错的审批人 次要
    第十一条主要(P, C) <= 弄虚作假隐瞒真相(P, C) & 责任人员(P, C, "办案人")
    第十一条主要(P, C) <= 弄虚作假隐瞒真相(P, C) & 责任人员(P, C, "审核人")
    第十一条次要(Q, C) <= 第十一条主要(P, C) & 责任人员(Q, C, "审批人") & ~弄虚作假隐瞒真相(Q, C)
    # 第十二条：鉴定人虚假、错误鉴定结论 → 鉴定人 主要；本人也有过错的审批人 次要
    第十二条主要(P, C) <= 虚假错误鉴定结论(P, C) & 责任人员(P, C, "鉴定人")
    第十二条次要(Q, C) <= 第十二条主要(P, C) & 责任人员(Q, C, "审批人") & ~虚假错误鉴定结论(Q, C)
    # 第十三条：请示后上级批复错误 → 上级有关责任人员 承担责任；下级办案人员 不承担责任
    第十三条承担(P, C) <= 下级请示(C, X) & 上级批复错误(C) & 上级有关责任人员(P, C)
    第十三条免责(Q, C) <= 下级请示(C, X) & 上级批复错误(C) & 案件职责(Q, C, R) & ~上级有关责任人员(Q, C)
    特别规定主要(P, C) <= 第十一条主要(P, C)
    特别规定主要(P, C) <= 第十二条主要(P, C)
    特别规定次要(P, C) <= 第十一条次要(P, C)
    特别规定次要(P, C) <= 第十二条次要(P, C)

    # --- the conclusions.  第八条 never blocks anything here: every other rule outranks it, and its
    # 主要 (审批人) and 次要 (not 审批人) never meet on one person.
    # 全部 (第九条): outranks 第八条 (主要, 次要) and 第十条 (不承担责任); 第十一、十二、十三条 and 第九条's own
    # 不承担责任 are not outranked.  第十条's defeaters do not concern 全部.
    责任程度(P, C, "全部") <= (
        第九条全部(P, C) & ~特别规定主要(P, C) & ~特别规定次要(P, C) & ~第九条免责(P, C) & ~第十三条免责(P, C)
    )
    # 主要, 次要: 第八条's are blocked by 第十条 (its defeater and its 不承担责任) and by every rule of
    # 第九至十三条 against them; 第十一、十二条's outrank 第十条 (and 第八条), not 第九、十一至十三条.
    责任程度(P, C, "主要") <= (
        第八条主要(P, C)
        & ~违反程序擅自行使职权(P, C)
        & ~第十条免责(P, C)
        & ~第九条全部(P, C)
        & ~特别规定次要(P, C)
        & ~第九条免责(P, C)
        & ~第十三条免责(P, C)
    )
    责任程度(P, C, "主要") <= (
        特别规定主要(P, C) & ~第九条全部(P, C) & ~特别规定次要(P, C) & ~第九条免责(P, C) & ~第十三条免责(P, C)
    )
    责任程度(P, C, "次要") <= (
        第八条次要(P, C)
        & ~违反程序擅自行使职权(P, C)
        & ~第十条免责(P, C)
        & ~第九条全部(P, C)
        & ~特别规定主要(P, C)
        & ~第九条免责(P, C)
        & ~第十三条免责(P, C)
    )
    责任程度(P, C, "次要") <= (
        特别规定次要(P, C) & ~第九条全部(P, C) & ~特别规定主要(P, C) & ~第九条免责(P, C) & ~第十三条免责(P, C)
    )
    # 不承担责任 (第九、十、十三条): outranks 第八条; 第九、十一、十二条's 责任程度 and 第十三条's 承担责任 are
    # not outranked; 第十条's 承担责任 is outranked by 第九条's only (第九条 over 第十条), so it blocks
    # 第十、十三条's when 第九条's does not apply.
    不承担责任(P, C) <= (
        第九条免责(P, C) & ~第九条全部(P, C) & ~特别规定主要(P, C) & ~特别规定次要(P, C) & ~第十三条承担(P, C)
    )
    for exempt in (第十条免责, 第十三条免责):
        不承担责任(P, C) <= (
            exempt(P, C)
            & ~第九条全部(P, C)
            & ~特别规定主要(P, C)
            & ~特别规定次要(P, C)
            & ~第十三条承担(P, C)
            & ~第十条承担(P, C)
        )
    # 承担责任 (第十、十三条): no rule for it outranks any 不承担责任 rule.
    承担责任(P, C) <= (第十条承担(P, C) & ~第九条免责(P, C) & ~第十条免责(P, C) & ~第十三条免责(P, C))
    承担责任(P, C) <= (第十三条承担(P, C) & ~第九条免责(P, C) & ~第十条免责(P, C) & ~第十三条免责(P, C))


def _article_14() -> None:
    """第十四条 (14-不予追究.jz), and 应当追究 / 不予追究 (第六条 against 第九、十、十三、十四条).

    互斥 应当追究 与 不予追究; 第九、十、十三、十四条 outrank 第六条.  So 不予追究 holds whenever a rule
    gives it (each outranks both 应当追究 rules), and 应当追究 holds unless a 不予追究 rule applies."""
    应当追究(P, C) <= 执法过错情形(P, C, N) & ~不予追究(P, C)
    # 第七至十三条把责任分给他、错误属于第六条某一项（07-责任分配.jz）
    应当追究(P, C) <= 分配追究情形(P, C, N) & ~不予追究(P, C)
    # 第九、十、十三条：免除责任的人不被追究 (read on the conclusion 不承担责任, not on its conditions)
    不予追究(Q, C) <= 责任人员(P, C, "审批人") & 改变或不采纳正确意见(P, C) & 不承担责任(Q, C)
    不予追究(Q, C) <= 违反程序擅自行使职权(P, C) & 执法过错(P, C) & 不承担责任(Q, C)
    不予追究(Q, C) <= 下级请示(C, X) & 上级批复错误(C) & 不承担责任(Q, C)
    不予追究(P, C) <= 不追究情形(P, C, N)

    # 序言：案件有执法错误，或者直接陈述定性、处理被改变
    定性处理被改变(C) <= 改变案件定性处理(C)
    for error in (认定事实错误, 适用法律错误, 违反法定程序, 其他执法错误):
        定性处理被改变(C) <= error(C)
    定性处理被改变(C) <= 所列情形(W, C, N)
    涉及错误(P, C) <= 案件职责(P, C, R)
    涉及错误(P, C) <= 所列情形(P, C, N)
    涉及错误(P, C) <= 执法过错(P, C)
    # （一）不说明办案行为本身的违法（第六条第（二）、（十一）至（十五）项）
    for unclear in (法律规定不明确, 司法解释不一致):
        不追究情形(P, C, 1) <= 涉及错误(P, C) & 定性处理被改变(C) & unclear(C) & ~法律不明不能说明(P, C)
    法律不明不能说明(P, C) <= 所列情形(P, C, N) & 非法律适用情形(N)
    for number in (2, 11, 12, 13, 14, 15):
        +非法律适用情形(number)  # rulebook facts
    # （二）不及于本人故意的错误和性质上只能出于故意的行为
    不追究情形(P, C, 2) <= (
        涉及错误(P, C) & 定性处理被改变(C) & 不能预见或无法抗拒(C) & ~主观过错(P, C, "故意") & ~故意性质的行为(P, C)
    )
    for act in (弄虚作假, 逼供, 骗供, 诱供, 逼取证人证言, 弄虚作假隐瞒真相, 拒不执行生效决定, 拒绝履行法定职责):
        故意性质的行为(P, C) <= act(P, C)
    故意性质的行为(P, C) <= 阻碍异地公安机关办案(P, C)
    # （三）执行上级命令、（四）按照办案协作规定协助办案
    不追究情形(P, C, 3) <= 涉及错误(P, C) & 定性处理被改变(C) & 执行上级命令(P, C)
    不追究情形(P, C, 4) <= 涉及错误(P, C) & 定性处理被改变(C) & 按照协作规定协助办案(P, C)


def _articles_15_22() -> None:
    """第十五至二十二条 (15-处理.jz, 20-领导与单位责任.jz)."""
    执法过错责任人员(P, C) <= 应当追究(P, C) & ~不承担责任(P, C)
    可追究责任形式(P, C, "行政责任") <= 执法过错责任人员(P, C)  # 可以
    可追究责任形式(P, C, "经济责任") <= 执法过错责任人员(P, C)
    可追究责任形式(P, C, "刑事责任") <= 执法过错责任人员(P, C) & 构成犯罪(P, C)
    做出处理(P, C) <= 执法过错责任人员(P, C)  # 第十六条 应当
    for measure in (  # 可以：九项处理的菜单（第（一）至（九）项）
        "辞退",
        "限期调离公安机关",
        "停止执行职务",
        "延期晋级晋职",
        "通报批评",
        "取消评选先进的资格",
        "离岗培训",
        "责令做出书面检查",
        "减发或者停发岗位津贴奖金",
    ):
        可选处理(P, C, measure) <= 执法过错责任人员(P, C)
    给予处分(P, C) <= 执法过错责任人员(P, C) & 有违法违纪行为(P, C)  # 第十七条 应当
    移交有关部门(P, C) <= 执法过错责任人员(P, C) & 构成犯罪(P, C)  # 第十八条 应当
    # 第十九条 应当：只向有故意或者重大过失的责任人员追偿；形态未查明的不追偿，写明原因（解读 27、36）
    追偿赔偿费用(P, C) <= 国家赔偿(C) & 执法过错责任人员(P, C) & ~过错形态未查明(P, C) & 主观过错(P, C, "故意")
    追偿赔偿费用(P, C) <= 国家赔偿(C) & 执法过错责任人员(P, C) & ~过错形态未查明(P, C) & 重大过失(P, C)
    不予追偿(P, C, "过错只是一般过失或者轻微过失") <= (
        国家赔偿(C) & 执法过错责任人员(P, C) & ~主观过错(P, C, "故意") & ~重大过失(P, C) & ~过错形态未查明(P, C)
    )
    不予追偿(P, C, "过错形态未查明") <= (国家赔偿(C) & 执法过错责任人员(P, C) & 过错形态未查明(P, C) & ~重大过失(P, C))
    记入档案(P, C) <= 执法过错责任人员(P, C)  # 第二十二条 应当

    # 第二十条 应当
    追究领导责任(A, C) <= 发生执法过错(C) & 过错发生机关(C, A) & 影响恶劣(C) & 后果严重(C)
    # 第二十一条
    单位执法过错(U, C, Y) <= 执法过错(P, C) & 所属单位(P, U) & 过错年度(C, Y)
    单位执法过错(A, C, Y) <= 发生执法过错(C) & 过错发生机关(C, A) & 过错年度(C, Y)
    单位执法过错(U, C, Y) <= 单位既往执法过错(U, C, Y)  # 已经认定的既往执法过错（解读 30）
    严重执法过错(C) <= 发生执法过错(C) & 造成严重后果(W, C)  # 解读 29
    严重执法过错(C) <= 发生执法过错(C) & 影响恶劣(C) & 后果严重(C)
    # N = 计数{C ： 单位执法过错(U, C, Y)}: distinct cases per (单位, 年); no row for an empty group
    (单位执法过错计数[U, Y] == len_(C)) <= 单位执法过错(U, C, Y)
    单位执法过错次数(U, Y, N) <= (单位执法过错计数[U, Y] == N)
    多次发生执法过错(U, Y) <= 单位执法过错次数(U, Y, N) & (N >= 单位多次发生执法过错起点)
    评为先进集体(U, Y) <= 单位执法过错(U, C, Y) & 严重执法过错(C)  # 不得
    评为先进集体(U, Y) <= 多次发生执法过错(U, Y)


def _articles_23_24() -> None:
    """第二十三、二十四条 (23-从轻从重.jz).

    从重追究 ⟂ 从轻追究, 从重追究 ⟂ 免予追究, 第二十四条 优先于 第二十三条: 从重追究 is never defeated,
    and its rule's conditions (= 从重追究 itself) defeat both whenever they hold."""
    从轻追究(P, C) <= 应当追究(P, C) & 从轻或免予追究情形(P, C, N) & ~从重追究(P, C)  # 可以
    免予追究(P, C) <= 应当追究(P, C) & 从轻或免予追究情形(P, C, N) & ~从重追究(P, C)  # 可以
    # （一）只有轻微过失（形态已查明，没有故意、一般过失或者重大过失）
    从轻或免予追究情形(P, C, 1) <= (
        执法过错(P, C)
        & ~过错形态未查明(P, C)
        & 主观过错(P, C, "轻微过失")
        & ~主观过错(P, C, "故意")
        & ~主观过错(P, C, "过失")
        & ~重大过失(P, C)
    )
    从轻或免予追究情形(P, C, 2) <= 主动承认错误(P, C) & 及时纠正(P, C)
    从轻或免予追究情形(P, C, 3) <= 配合有关部门工作(P, C) & 减少损失挽回影响(P, C)
    从轻或免予追究情形(P, C, 4) <= 情节轻微(P, C) & ~造成严重后果(P, C)

    从重追究(P, C) <= 应当追究(P, C) & 从重情形(P, C, N)  # 应当
    # （一）故意：贪赃枉法、徇私舞弊、刑讯逼供、蓄意报复、陷害“等”（其他故意手段，解读 21）
    for means in (贪赃枉法, 徇私舞弊, 刑讯逼供, 蓄意报复, 陷害):
        从重情形(P, C, 1) <= means(P, C) & ~过错形态未查明(P, C) & 主观过错(P, C, "故意")
    从重情形(P, C, 1) <= 其他故意手段(P, C, S) & ~过错形态未查明(P, C) & 主观过错(P, C, "故意")
    从重情形(P, C, 2) <= 阻碍追究(P, C)
    从重情形(P, C, 3) <= 打击报复检举控告申诉人(P, C)
    # （四）连续多次：陈述的，或者三次以上、每次距前一次不超过十二个月（解读 21）
    从重情形(P, C, 4) <= 执法过错(P, C) & 连续多次发生执法过错(P)
    从重情形(P, C, 4) <= 执法过错(P, C) & 连续多次之一(P, C)
    过错记录(P, C, D) <= 既往执法过错(P, C, D, N)
    过错记录(P, C, D) <= 执法过错(P, C) & 发生日期(C, D)
    相继过错(P, X, Y) <= (过错记录(P, X, DX) & 过错记录(P, Y, DY) & (X != Y) & (DX <= DY) & (DY <= DX + 十二个月))
    连续多次之一(P, X) <= 相继过错(P, X, Y) & 相继过错(P, Y, Z) & (X != Z)
    连续多次之一(P, Y) <= 相继过错(P, X, Y) & 相继过错(P, Y, Z) & (X != Z)
    连续多次之一(P, Z) <= 相继过错(P, X, Y) & 相继过错(P, Y, Z) & (X != Z)
    # （五）情节恶劣、后果比较严重；不重复评价第六条第（十一）至（十五）项的要件（解读 38）
    从重情形(P, C, 5) <= 情节恶劣(P, C) & 后果比较严重(P, C) & ~情节后果为要件(P, C)
    从重情形(P, C, 5) <= (
        情节或后果为要件(P, C) & ~后果为要件(P, C) & 情节恶劣(P, C) & 另有恶劣情节(P, C) & 后果比较严重(P, C)
    )
    从重情形(P, C, 5) <= (
        情节或后果为要件(P, C) & ~后果为要件(P, C) & 造成严重后果(P, C) & 情节恶劣(P, C) & 另有较重后果(P, C)
    )
    从重情形(P, C, 5) <= 后果为要件(P, C) & 情节恶劣(P, C) & 另有较重后果(P, C)
    后果比较严重(P, C) <= 造成严重后果(P, C)
    后果比较严重(P, C) <= 另有较重后果(P, C)
    for number in (11, 12, 13):
        情节或后果为要件(P, C) <= 执法过错情形(P, C, number)
    for number in (14, 15):
        后果为要件(P, C) <= 执法过错情形(P, C, number)
    情节后果为要件(P, C) <= 情节或后果为要件(P, C)
    情节后果为要件(P, C) <= 后果为要件(P, C)
    重复评价不予从重(P, C) <= (情节后果为要件(P, C) & 情节恶劣(P, C) & 后果比较严重(P, C) & ~从重情形(P, C, 5))


def _articles_25_27() -> None:
    """第二十五至二十七条 (25-程序.jz)."""
    上级公安机关(A, B) <= 上级机关(A, B)
    # the recursive literal first: pyDatalog's tabling does not terminate on a cyclic 上级机关 graph
    # when the recursive call comes second (jiuze's engine orders recursive bodies the same way)
    上级公安机关(A, B) <= 上级公安机关(M, B) & 上级机关(A, M)
    # 发生机关：陈述的；没有陈述时由本案担任职责的人员的单位推出（解读 37）
    过错发生机关(C, A) <= 发生机关(C, A)
    陈述了发生机关(C) <= 发生机关(C, A)
    过错发生机关(C, A) <= (发生执法过错(C) & ~陈述了发生机关(C) & 案件职责(P, C, R) & 所属单位(P, U) & 所属机关(U, A))
    过错发生机关(C, A) <= 发生执法过错(C) & ~陈述了发生机关(C) & 案件职责(P, C, R) & 所属单位(P, A) & 公安机关(A)
    负责查处(A, C) <= 发生执法过错(C) & 过错发生机关(C, A)  # 应当
    直接查处(B, C) <= 发生执法过错(C) & 过错发生机关(C, A) & 上级公安机关(A, B)  # 可以（解读 31）
    直接查处(B, C) <= 发生执法过错(C) & 过错发生机关(C, A) & 上级公安机关(A, B) & 上级认为有必要(B, C)

    # 第二十六条
    负责检查认定(A, C, "法制部门") <= 发生执法过错(C) & 负责查处(A, C)  # 应当
    主动检查纠正(D, C) <= 发生执法过错(C) & 发生部门(C, D)  # 应当
    需要追究纪律责任(C) <= 给予处分(P, C)
    提出处理意见(A, C, "法制部门") <= 需要追究纪律责任(C) & 负责查处(A, C)  # 可以
    提出处理意见(A, C, "业务部门") <= 需要追究纪律责任(C) & 负责查处(A, C)  # 可以
    研究决定(A, C, "督察部门") <= 需要追究纪律责任(C) & 负责查处(A, C)  # 可以
    研究决定(A, C, "人事部门") <= 需要追究纪律责任(C) & 负责查处(A, C)  # 可以
    审批处理决定(A, C, "行政首长") <= 需要追究纪律责任(C) & 负责查处(A, C)  # 应当

    # 第二十七条 可以：向本级或者上一级公安机关申诉
    申诉(P, C, A) <= 不服追究决定(P, C) & 过错发生机关(C, A)
    申诉(P, C, B) <= 不服追究决定(P, C) & 过错发生机关(C, A) & 上级机关(A, B)
    # 应当：三十日内答复; “法律、法规另有规定的” 阻却 both (and nothing outranks that defeater, whose
    # other conditions are those of the rule it defeats)
    申诉答复期限(A, P, C, 申诉答复期限天数) <= 申诉(P, C, A) & 提出申诉(P, C, A, D0) & ~申诉另有规定(P, C)
    申诉答复截止日期(A, P, C, D) <= (申诉(P, C, A) & 提出申诉(P, C, A, D0) & ~申诉另有规定(P, C) & (D == D0 + 答复期间))


def _one_output_relation() -> None:
    """Every output in one relation: one query per case instead of one per output (pyDatalog resets
    its tables on every query)."""
    variables = (V1, V2, V3, V4)
    for name, arity in OUTPUTS.items():
        结论(name, *variables[:arity], *[_PAD] * (_WIDTH - arity)) <= globals()[name](*variables[:arity])


class HandwrittenRules:
    """The rules in a fresh pyDatalog logic of the current thread."""

    def __init__(self):
        Logic()  # a fresh logic for this thread
        for term, arity in zip(INPUTS.values(), INPUT_ARITY.values()):
            # declare every input, so a query never meets an undefined predicate
            +term(*["__never__"] * arity)
            -term(*["__never__"] * arity)
        define_rules()

    def evaluate(self, facts: Iterable[tuple[str, tuple]]) -> set[tuple[str, tuple]]:
        """Assert the case's facts, ask every output in one query, retract; return {(predicate, values)}."""
        literals = [
            _term(predicate)(*values) for predicate, values in dict.fromkeys(facts) if _stated(predicate, values)
        ]
        for literal in literals:
            +literal
        try:
            return {(row[0], tuple(row[1 : 1 + OUTPUTS[row[0]]])) for row in 结论(K, V1, V2, V3, V4).ask() or ()}
        finally:
            for literal in literals:
                -literal


def _term(predicate: str):
    return INPUTS[predicate] if predicate in INPUTS else DERIVED[predicate]  # a term's truth value is not its existence


def _stated(predicate: str, values: tuple) -> bool:
    """False for a rulebook fact a case states again: retracting it after the case would remove it."""
    return not (predicate == "非法律适用情形" and values[0] in (2, 11, 12, 13, 14, 15))


# ================================================================ the check: every output, against jiuze


def _jiuze_conclusions(cases: list[list[tuple[str, tuple]]]) -> list[set]:
    """jiuze's answer to every output for each case (the national rulebook; stated derived facts allowed)."""
    from jiuze import Fact, Rulebook
    from jiuze.language.parser import parse_atom

    rulebook = Rulebook.load()
    atoms = [parse_atom(f"{p}({', '.join(f'X{i}' for i in range(arity))})") for p, arity in OUTPUTS.items()]
    answers = []
    for facts in cases:
        model = rulebook.evaluate([Fact(p, v, f"#/facts/{i}") for i, (p, v) in enumerate(facts)], inputs_only=False)
        answers.append({(g.predicate, g.values) for atom in atoms for g in model.instances(atom)})
    return answers


def _scenarios() -> list[tuple[str, list[tuple[str, tuple]]]]:
    from jiuze import Rulebook
    from jiuze.reports.scenarios import scenario_facts

    return [
        (f"场景 {s.name}（{s.span.where}）", [(f.predicate, f.values) for f in scenario_facts(s)])
        for s in Rulebook.load().scenarios
    ]


def _conflict_case(number: int, rng: random.Random) -> list[tuple[str, tuple]]:
    """A small case dense in 第九至十四条's conflicts: four officers with random roles and the facts of
    each special rule.  generate.py's cases rarely combine them (e.g. 第十条 with 第十三条 in one case)."""
    case = f"冲突{number:05d}"
    facts: list[tuple[str, tuple]] = [("应当立案", (case,))]
    for fact, chance in ((("下级请示", (case, "上级局")), 0.5), (("上级批复错误", (case,)), 0.6)):
        facts += [fact] if rng.random() < chance else []
    for case_fact, chance in (("适用法律错误", 0.2), ("改变案件定性处理", 0.1), ("法律规定不明确", 0.1)):
        facts += [(case_fact, (case,))] if rng.random() < chance else []
    for officer in ("甲", "乙", "丙", "丁"):
        facts += [("人民警察", (officer,)), ("执行职务", (officer, case))]
        if rng.random() < 0.8:
            facts.append(("主观过错", (officer, case, rng.choice(["故意", "过失", "轻微过失"]))))
        for role in rng.sample(["办案人", "审核人", "审批人", "鉴定人"], rng.choice([0, 1, 1, 2])):
            facts.append((role, (officer, case)))
        for act, chance in _CONFLICT_ACTS:
            facts += [(act, (officer, case))] if rng.random() < chance else []
    return facts


_CONFLICT_ACTS = (
    ("不予立案", 0.4),
    ("改变或不采纳正确意见", 0.25),
    ("违反程序擅自行使职权", 0.25),
    ("弄虚作假隐瞒真相", 0.2),
    ("虚假错误鉴定结论", 0.2),
    ("上级有关责任人员", 0.25),
    ("执行上级命令", 0.1),
)


def check(n_cases: int, n_conflicts: int, seed: int) -> int:
    """Compare (c) with jiuze on every scenario, n_cases generated cases and n_conflicts cases dense in
    conflicts; print each difference; 1 if any."""
    from generate import generate  # bench/, next to this file

    named = _scenarios()
    named += [(f"生成案件 {case.id}", case.facts) for case in generate(n_cases, seed)]
    rng = random.Random(seed)
    named += [(f"冲突案件 {i}", _conflict_case(i, rng)) for i in range(n_conflicts)]
    expected = _jiuze_conclusions([facts for _, facts in named])
    rules = HandwrittenRules()  # after the last jiuze call: it installs its own logic in this thread
    differing, used = 0, set()
    for (name, facts), want in zip(named, expected):
        got = rules.evaluate(facts)
        used |= {p for p, _ in want}
        if got != want:
            differing += 1
            print(name)
            for predicate, values in sorted(want - got, key=repr):
                print(f"    仅 jiuze: {predicate}{values}")
            for predicate, values in sorted(got - want, key=repr):
                print(f"    仅手写:   {predicate}{values}")
    scenarios = sum(name.startswith("场景") for name, _ in named)
    print(
        f"{differing} of {len(named)} cases differ ({scenarios} scenarios, {n_cases} generated, "
        f"{n_conflicts} dense in conflicts, seed {seed}); "
        f"{len(used)} of {len(OUTPUTS)} outputs derived at least once"
    )
    return 1 if differing else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="compare every output with jiuze (default)")
    parser.add_argument("--cases", type=int, default=1000, help="generated cases besides the scenarios")
    parser.add_argument("--conflicts", type=int, default=1000, help="small cases dense in 第九至十四条's conflicts")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if args.cases < 0 or args.conflicts < 0:
        parser.error("--cases and --conflicts must be 0 or more")
    return check(args.cases, args.conflicts, args.seed)


if __name__ == "__main__":
    sys.exit(main())
