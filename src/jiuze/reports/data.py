"""A case report grouped by person (`jiuze report`): for every person, whether
he or she is to be held liable and on which items, the degree of
responsibility, exemptions, aggravation and mitigation — each conclusion
with its modality, the articles it rests on, and its proof — then the
conclusions about the case itself.

Which conclusions are shown is discovered, not hard-coded: every derived,
user-declared predicate whose first argument is the person (or the case),
except auxiliary relations (`#…`), the plumbing listed in PLUMBING, and
input predicates that a rule also derives (逼供 若 刑讯逼供, see vocab.py).
REPORT_PREDICATES only fixes the order of the best-known ones; any other
conclusion a rulebook adds is shown after them, sorted by name.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace

from jiuze.cases.dates import stated_date
from jiuze.cases.facts_file import Case
from jiuze.cases.vocabulary import input_predicates
from jiuze.compile.overlay import OverlayInfo
from jiuze.evaluate.values import row_key
from jiuze.explain.arguments import DEFEATED
from jiuze.explain.model import Model
from jiuze.explain.proof import DERIVED, GroundAtom, Proof
from jiuze.language.articles import ArticleRef
from jiuze.language.ast import Value
from jiuze.reports.validity import dated_rules

# The order in which the best-known conclusions are listed (those a rulebook declares).
REPORT_PREDICATES = (
    "应当追究",
    "不予追究",
    "执法过错情形",
    "不追究情形",
    "从重追究",
    "从轻追究",
    "免予追究",
    "从重情形",
    "从轻或免予追究情形",
    "执法过错",
    "执法过错类型",
    "责任人员",
    "责任程度",
    "承担责任",
    "不承担责任",
)
# Intermediate conclusions that only restate the input in another shape; never listed.
PLUMBING = frozenset(
    {"有故意或过失", "执行职务中有过错", "案件职责", "办案人员"}
    # the steps of the issue-13 readings (docs/vocabulary.md 解读 13, 19, 21, 35, 37, 38): shown in proofs only
    | {"所列情形", "设有职责", "职责有过错", "有职责无过错", "承担分配的责任", "有本人执法过错情形", "涉及错误"}
    | {"定性处理被改变", "法律不明不能说明", "故意性质的行为", "过错记录", "相继过错", "陈述了发生机关"}
    | {"过错发生机关", "情节或后果为要件", "后果为要件", "情节后果为要件"}
)
# Summary lines per person and case: liability first, then these if they hold.
LIABLE = "应当追究"
HEADLINES = ("不予追究", "免予追究", "责任程度", "承担责任", "不承担责任", "从重追究", "从轻追究")
# The answers a legal department acts on (issue 13 §5): liability, exemption, degree, aggravation and
# mitigation, and every conclusion a rule states with a modality (measures and follow-ups: 做出处理,
# 给予处分, 移交有关部门, 追偿赔偿费用, 记入档案, 申诉 …).  Every other conclusion is intermediate: it
# is shown inside the proofs of the answers, and listed on its own only when no answer's proof uses it.
ANSWERS = (LIABLE,) + HEADLINES
# Measures and follow-ups first in this order, any other modal conclusion after them by name.
# Besides HEADLINES, the summary table shows only the measures that are not routine for every liable person.
SUMMARY_MEASURES = ("给予处分", "移交有关部门", "追偿赔偿费用")
MEASURES = ("做出处理", "给予处分", "移交有关部门", "追偿赔偿费用", "记入档案", "可追究责任形式", "可选处理", "申诉")
# Role facts: who takes part in a case (第七条).
ROLE_PREDICATES = ("办案人", "审核人", "审批人", "鉴定人", "其他直接责任人员")
PERSON_PARAM, CASE_PARAM = "警察", "案件"


@dataclass(frozen=True)
class Conclusion:
    atom: GroundAtom
    reading: str
    modality: str | None  # required / permitted / forbidden
    basis: tuple[ArticleRef, ...]  # the concluding rule's article, made specific by the proof (第六条第（二）项)
    articles: tuple[ArticleRef, ...]  # every article the proof rests on (most specific), sorted
    proof: Proof
    intermediate: bool = False  # a step towards the answers (执法过错类型, 案件职责 …), not an answer


@dataclass(frozen=True)
class Excluded:
    """A conclusion whose rule applied but which was displaced by a stronger rule."""

    atom: GroundAtom
    reading: str
    by: tuple[ArticleRef, ...]
    why_not: Proof


@dataclass(frozen=True)
class Summary:
    case: Value
    liable: bool | None  # None: the rulebook has no 应当追究
    articles: tuple[ArticleRef, ...]  # what 应当追究 rests on: every item that applies (第六条第（二）（三）项)
    excluded_by: tuple[ArticleRef, ...]  # 应当追究 displaced by these
    headlines: tuple[Conclusion, ...]
    liable_rules: tuple[ArticleRef, ...] = ()  # the articles of the rules concluding 应当追究


@dataclass(frozen=True)
class PersonReport:
    name: str
    unit: str | None
    roles: tuple[tuple[Value, str], ...]  # (case, role)
    summaries: tuple[Summary, ...]
    conclusions: tuple[Conclusion, ...]
    excluded: tuple[Excluded, ...]
    conflicts: tuple  # arguments.Conflict
    validity: tuple[str, ...] = ()  # articles this person's conclusions cite, not in force at the conduct date


@dataclass(frozen=True)
class CaseReport:
    id: Value
    conclusions: tuple[Conclusion, ...]
    excluded: tuple[Excluded, ...]


@dataclass(frozen=True)
class Report:
    """A case report: per person the conclusions (liability, item, degree, exemptions, aggravation or
    mitigation) with modality, cited articles and proofs, then the conclusions about the case itself."""

    title: str
    file: str
    case_ids: tuple
    date: Value | None
    persons: tuple[PersonReport, ...]
    cases: tuple[CaseReport, ...]
    other: tuple[Conclusion, ...]  # conclusions about neither a person nor a case
    validity: tuple[str, ...] = ()  # cited articles (or the rulebook) not in force when the conduct happened
    overlay: OverlayInfo | None = None  # the implementing measures this report rests on
    unused: tuple = ()  # statements.Unused: stated facts no conclusion rests on, with why (未引出结论的陈述)
    rules: str | None = None  # the --rules the user works with, repeated in suggested commands
    rulebook: dict | None = None  # the rulebook that governed (Identity.data(): name, path, digest)


def build_report(model: Model, case: Case, file: str | None = None) -> Report:
    """`model` is the evaluation of `case.facts`; `file` names the case file in the
    report (default: the structured case's file, else the case name)."""
    builder = _Builder(model, case)
    persons = builder.persons()
    case_ids = builder.case_ids()
    people = tuple(builder.person(name) for name in persons)
    cases = tuple(
        CaseReport(c, builder.conclusions_about(c), builder.excluded_about(c)) for c in case_ids if c not in persons
    )
    shown = set(persons) | set(case_ids)
    other = tuple(c for c in builder.all_conclusions() if not c.atom.values or c.atom.values[0] not in shown)
    date = stated_date(case)
    cited = {a for c in builder.all_conclusions() for a in c.articles}
    rules = [(r, str(c.atom)) for c in builder.all_conclusions() for r in dated_rules(c.proof)]
    validity = tuple(model.program.validity_problems(date, cited, rules)) if isinstance(date, datetime.date) else ()
    return Report(
        case.name,
        file or getattr(case, "file", "") or case.name,
        case_ids,
        date,
        people,
        cases,
        other,
        validity,
        model.program.overlay,
        tuple(model.unused_statements(case.facts, set(builder.order))),
    )


class _Builder:
    def __init__(self, model: Model, case: Case):
        self.model, self.case = model, case
        program = model.program
        self.declarations = program.declarations
        inputs = set(input_predicates(program))  # 逼供 若 刑讯逼供: a restatement of the case, not a conclusion
        derived = [
            p for p in program.derived_predicates if not p.startswith("#") and p not in PLUMBING and p not in inputs
        ]
        known = [p for p in REPORT_PREDICATES if p in derived]
        self.order = {p: i for i, p in enumerate(known + sorted(set(derived) - set(known)))}
        modal = sorted(p for p in derived if any(r.modality for r in program.rules_for(p)))
        measures = [p for p in MEASURES if p in modal] + [p for p in modal if p not in MEASURES and p not in ANSWERS]
        self.answers = {p: i for i, p in enumerate(list(ANSWERS) + measures)}
        self.roles = [r for r in ROLE_PREDICATES if self._declared(r, 2)]
        self._conclusions: list[Conclusion] | None = None
        self._case_ids: tuple | None = None
        self._conflicts: list | None = None

    def _declared(self, predicate: str, arity: int) -> bool:
        declaration = self.declarations.get(predicate)
        return declaration is not None and declaration.arity == arity

    # ------------------------------------------------------------ who and which case

    def persons(self) -> list:
        """Structured-case persons, then people in role facts (case order), then anyone a
        derived conclusion about a 警察 names."""
        found: dict = {}
        for person in getattr(self.case, "persons", ()):
            found.setdefault(person.name, None)
        for fact in self.case.facts:
            if fact.predicate in self.roles:
                found.setdefault(fact.values[0], None)
        for fact in self.case.facts:  # 人民警察(王五) names a person even with no role and no conclusion
            declaration = self.declarations.get(fact.predicate)
            if declaration is not None and declaration.params[:1] == (PERSON_PARAM,):
                found.setdefault(fact.values[0], None)
        for predicate in self.order:
            declaration = self.declarations[predicate]
            if declaration.params[:1] == (PERSON_PARAM,):
                for row in self.model.relation(predicate):
                    found.setdefault(row[0], None)
        return list(found)

    def case_ids(self) -> tuple:
        if self._case_ids is None:
            self._case_ids = self._find_case_ids()
        return self._case_ids

    def _find_case_ids(self) -> tuple:
        found: dict = {}
        case_id = getattr(self.case, "case_id", None)
        if case_id is not None:
            found[case_id] = None
        for fact in self.case.facts:
            declaration = self.declarations.get(fact.predicate)
            if declaration is None:
                continue
            for param, value in zip(declaration.params, fact.values):
                if param == CASE_PARAM:
                    found.setdefault(value, None)
            if fact.predicate in self.roles:
                found.setdefault(fact.values[1], None)
        return tuple(found)

    # ------------------------------------------------------------ conclusions

    def all_conclusions(self) -> list[Conclusion]:
        if self._conclusions is None:
            out = []
            for predicate in self.order:
                for row in self.model.relation(predicate):
                    conclusion = self.conclusion(GroundAtom(predicate, row))
                    if conclusion is not None:
                        out.append(conclusion)
            self._conclusions = out
        return self._conclusions

    def conclusion(self, atom: GroundAtom) -> Conclusion | None:
        proof = self.model.explain(atom)
        if proof is None or proof.kind != DERIVED:
            return None  # stated in the case, not concluded
        return Conclusion(
            atom,
            proof.reading,
            self.model.modality(atom),
            primary_basis(proof),
            cited_articles(proof),
            proof,
            atom.predicate not in self.answers,
        )

    def conclusions_about(self, subject) -> tuple[Conclusion, ...]:
        """Indexed by first value once (scanning every conclusion per person made a report
        quadratic in its persons)."""
        about = self.__dict__.get("_about")
        if about is None:
            about = self.__dict__["_about"] = {}
            for c in self.all_conclusions():
                if c.atom.values:
                    about.setdefault(c.atom.values[0], []).append(c)
        return tuple(about.get(subject, ()))

    def excluded_about(self, subject) -> tuple[Excluded, ...]:
        """Candidates (#候选p rows) about `subject` that do not hold: some rule was displaced."""
        out = []
        for predicate, row in self._displaced().get(subject, ()):
            atom = GroundAtom(predicate, row)
            why_not = self.model.why_not(atom)
            out.append(Excluded(atom, self.model.read(predicate, row), winners(why_not), why_not))
        return tuple(out)

    def _displaced(self) -> dict:
        """First value -> (predicate, row) of each candidate that does not hold, in report order, found
        once (sorting every candidate relation again per person made a report quadratic in its persons)."""
        found = self.__dict__.get("_displaced_by_first")
        if found is None:
            found = self.__dict__["_displaced_by_first"] = {}
            for predicate in self.order:
                candidates = f"#候选{predicate}"
                if candidates not in self.declarations:
                    continue
                for row in self.model.relation(candidates):
                    if row and (predicate, row) not in self.model.index:
                        found.setdefault(row[0], []).append((predicate, row))
        return found

    def stated_date(self):
        """The case's conduct date, found once (it scans every fact; a report asks per person)."""
        if "_date" not in self.__dict__:
            self.__dict__["_date"] = stated_date(self.case)
        return self.__dict__["_date"]

    # ------------------------------------------------------------ one person

    def person(self, name) -> PersonReport:
        roles = self._roles_of().get(name, ())
        unit = self._units().get(name)
        conclusions = self.conclusions_about(name)
        excluded = self.excluded_about(name)
        cases = list(
            dict.fromkeys(
                [c for c, _ in roles]
                + [
                    c.atom.values[1]
                    for c in conclusions
                    if len(c.atom.values) > 1 and c.atom.values[1] in self.case_ids()
                ]
                + self._stated_cases(name)
            )
        )
        summaries = tuple(self.summary(name, c, conclusions, excluded) for c in cases)
        if self._conflicts is None:
            self._conflicts = self.model.conflicts()
        conflicts = tuple(
            c for c in self._conflicts if name in (c.required.atom.values[:1] + c.permitted.atom.values[:1])
        )
        date = self.stated_date()
        cited = {a for c in conclusions for a in c.articles}
        rules = [(r, str(c.atom)) for c in conclusions for r in dated_rules(c.proof)]
        validity = (
            tuple(self.model.program.validity_problems(date, cited, rules)) if isinstance(date, datetime.date) else ()
        )
        return PersonReport(name, unit, roles, summaries, conclusions, excluded, conflicts, validity)

    def _units(self) -> dict:
        """Person -> unit of the first structured person of that name, built once (not a scan per person)."""
        units = self.__dict__.get("_unit_by_person")
        if units is None:
            units = self.__dict__["_unit_by_person"] = {}
            for person in getattr(self.case, "persons", ()):
                units.setdefault(person.name, person.unit)
        return units

    def _stated_cases(self, name) -> list:
        """The cases a fact about this person names (执行职务(王五, 案1)): a person with no role
        still gets a summary row for them."""
        found = []
        for fact in self._facts_about().get(name, ()):
            declaration = self.declarations.get(fact.predicate)
            if declaration is None or declaration.params[:1] != (PERSON_PARAM,) or fact.values[:1] != (name,):
                continue
            found += [v for p, v in zip(declaration.params, fact.values) if p == CASE_PARAM]
        return found

    def _facts_about(self) -> dict:
        """Case facts by their first value, built once (not a scan of every fact per person)."""
        index = self.__dict__.get("_by_first")
        if index is None:
            index = self.__dict__["_by_first"] = {}
            for fact in self.case.facts:
                if fact.values:
                    index.setdefault(fact.values[0], []).append(fact)
        return index

    def _roles_of(self) -> dict:
        """Person -> ((case, role), …) in role order, built once for all persons."""
        roles = self.__dict__.get("_roles_by_person")
        if roles is None:
            grouped: dict = {}
            for fact in self._role_facts():
                grouped.setdefault(fact.values[0], []).append((fact.values[1], fact.predicate))
            roles = self.__dict__["_roles_by_person"] = {k: tuple(v) for k, v in grouped.items()}
        return roles

    def _role_facts(self):
        facts = [f for f in self.case.facts if f.predicate in self.roles]
        return sorted(facts, key=lambda f: (self.roles.index(f.predicate), row_key(f.values)))

    def summary(self, name, case, conclusions, excluded) -> Summary:
        about = [c for c in conclusions if c.atom.values[:2] == (name, case)]
        liable: bool | None = None
        articles: tuple[ArticleRef, ...] = ()
        excluded_by: tuple[ArticleRef, ...] = ()
        rules: tuple[ArticleRef, ...] = ()
        if self._declared(LIABLE, 2):
            holding = next((c for c in about if c.atom.predicate == LIABLE), None)
            liable = holding is not None
            rules = most_specific(r.article for r in self.model.program.rules_for(LIABLE) if r.article)
            if holding is not None:
                # every item that applies, not only the one in the shortest proof
                tops = [ArticleRef(a.article) for a in holding.basis]
                articles = most_specific([a for c in about for a in c.basis if any(t.covers(a) for t in tops)])
            displaced = next((e for e in excluded if e.atom == GroundAtom(LIABLE, (name, case))), None)
            excluded_by = displaced.by if displaced else ()
        answers = self.answers
        headlines = tuple(
            widened(c, about) for c in about if c.atom.predicate in answers and c.atom.predicate != LIABLE
        )
        headlines = tuple(sorted(headlines, key=lambda c: (answers[c.atom.predicate], c.basis, row_key(c.atom.values))))
        return Summary(case, liable, articles, excluded_by, headlines, rules)


# ---------------------------------------------------------------- articles


def widened(conclusion: Conclusion, about) -> Conclusion:
    """The conclusion citing every item of its article that holds for the same person and case,
    not only the one in its shortest proof: 从轻追究 by 第二十三条第（二）（四）项.  Items come from
    the intermediate conclusions (从轻或免予追究情形, 不追究情形 …), never from another answer."""
    tops = [ArticleRef(a.article) for a in conclusion.basis]
    items = [a for c in about if c.intermediate for a in c.basis if any(t.covers(a) for t in tops)]
    basis = most_specific(list(conclusion.basis) + items)
    return conclusion if basis == conclusion.basis else replace(conclusion, basis=basis)


def cited_articles(proof: Proof | None) -> tuple[ArticleRef, ...]:
    """Articles of the rules a proof uses; 第六条 is dropped when 第六条第（二）项 is cited
    (none when no proof could be rebuilt: a batch line then still gets written)."""
    found: list[ArticleRef] = []
    if proof is None:
        return ()

    def walk(node: Proof) -> None:
        if node.kind == DERIVED and node.rule is not None and node.rule.article is not None:
            found.append(node.rule.article)
        for child in node.premises:
            walk(child)

    walk(proof)
    return most_specific(found)


def primary_basis(proof: Proof) -> tuple[ArticleRef, ...]:
    """The concluding rule's article, narrowed to the items of that article the proof uses:
    应当追究 by 第六条 via 执法过错情形 by 第六条第（二）项 rests on 第六条第（二）项."""
    top = proof.rule.article if proof.rule is not None else None
    if top is None:
        return ()
    article = ArticleRef(top.article)
    found = [top]

    def walk(node: Proof) -> None:
        if node.kind == DERIVED and node.rule is not None and node.rule.article is not None:
            if article.covers(node.rule.article):
                found.append(node.rule.article)
        for child in node.premises:
            walk(child)

    walk(proof)
    return most_specific(found)


def most_specific(refs) -> tuple[ArticleRef, ...]:
    unique = set(refs)
    return tuple(sorted(r for r in unique if not any(o != r and r.covers(o) for o in unique)))


def winners(why_not: Proof) -> tuple[ArticleRef, ...]:
    """The articles of the rules that displaced a conclusion, from its why-not tree
    (the `被 第十四条 排除` nodes), narrowed to the items their own proofs use."""
    found = []

    def walk(node: Proof) -> None:
        if node.kind == DEFEATED and node.rule is not None and node.text.startswith("被"):
            top = node.rule.article
            if top is not None:
                found.append(top)
                for child in node.premises:
                    if (
                        child.kind == DERIVED
                        and child.rule is not None
                        and child.rule.article is not None
                        and ArticleRef(top.article).covers(child.rule.article)
                    ):
                        found.extend(primary_basis(child))
        for child in node.premises:
            walk(child)

    walk(why_not)
    return most_specific(found)


# ---------------------------------------------------------------- JSON


def report_data(report: Report) -> dict:
    """The report as JSON-ready data (keys: docs/case-format.md, proofs: docs/proof-json.md)."""
    from jiuze.reports.jsondoc import conflict_data, json_value, proof_data

    def conclusion(c: Conclusion) -> dict:
        return {
            "conclusion": str(c.atom),
            "predicate": c.atom.predicate,
            "arguments": [json_value(v) for v in c.atom.values],
            "reading": c.reading,
            "modality": c.modality,
            "basis": [str(a) for a in c.basis],
            "articles": [str(a) for a in c.articles],
            "proof": proof_data(c.proof),
            "intermediate": c.intermediate,
        }

    def excluded(e: Excluded) -> dict:
        return {
            "conclusion": str(e.atom),
            "predicate": e.atom.predicate,
            "arguments": [json_value(v) for v in e.atom.values],
            "reading": e.reading,
            "excluded_by": [str(a) for a in e.by],
            "why_not": proof_data(e.why_not),
        }

    def unused(u) -> dict:
        return {
            "fact": str(GroundAtom(u.fact.predicate, u.fact.values)),
            "predicate": u.fact.predicate,
            "arguments": [json_value(v) for v in u.fact.values],
            "reading": u.reading,
            "source": u.fact.source,
            "read_by": [proof_data(w) for w in u.why],
        }

    def summary(s: Summary) -> dict:
        return {
            "case": json_value(s.case),
            "liable": s.liable,
            "articles": [str(a) for a in s.articles],
            "excluded_by": [str(a) for a in s.excluded_by],
            "headlines": [str(c.atom) for c in s.headlines],
            "answers": [
                {
                    "conclusion": str(c.atom),
                    "predicate": c.atom.predicate,
                    "arguments": [json_value(v) for v in c.atom.values],
                    "reading": c.reading,
                    "modality": c.modality,
                    "basis": [str(a) for a in c.basis],
                }
                for c in s.headlines
            ],
            "liable_rules": [str(a) for a in s.liable_rules],
        }

    return {
        "title": report.title,
        "file": report.file,
        "cases": [json_value(c) for c in report.case_ids],
        "date": json_value(report.date),
        "validity": list(report.validity),
        "rulebook": report.rulebook,
        "overlay": None
        if report.overlay is None
        else {
            "name": report.overlay.name,
            "issuer": report.overlay.issuer,
            "effective": json_value(report.overlay.effective),
            "deviations": list(report.overlay.deviations),
        },
        "persons": [
            {
                "name": json_value(p.name),
                "unit": p.unit,
                "roles": [{"case": json_value(c), "role": r} for c, r in p.roles],
                "summary": [summary(s) for s in p.summaries],
                "conclusions": [conclusion(c) for c in p.conclusions],
                "excluded": [excluded(e) for e in p.excluded],
                "conflicts": [conflict_data(c) for c in p.conflicts],
                "validity": list(p.validity),
            }
            for p in report.persons
        ],
        "case_conclusions": [
            {
                "case": json_value(c.id),
                "conclusions": [conclusion(x) for x in c.conclusions],
                "excluded": [excluded(e) for e in c.excluded],
            }
            for c in report.cases
        ],
        "other": [conclusion(c) for c in report.other],
        "unused_statements": [unused(u) for u in report.unused],
    }
