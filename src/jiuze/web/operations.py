"""What each request does, as plain functions of a rulebook and JSON-ready data.

They run inside the evaluation worker (worker.py), so a case that takes too
long can be stopped.  A case arrives as text (YAML, structured JSON, fact
JSON or a .jz fact file, told apart as `jiuze report` does by its format) or
as the structured data the page's form builds; it is named `案件.yaml` etc. in
messages and proofs, and nothing in it is read as a path or run as code.
"""

from __future__ import annotations

import datetime
import json
from collections import OrderedDict
from dataclasses import replace
from pathlib import Path

import yaml

from jiuze.cases.case_format import FAULT_PREDICATE, FAULTS, LINKS, ON_DUTY_PREDICATE, POLICE_PREDICATE, ROLES
from jiuze.cases.facts_file import Case, _atom_problem
from jiuze.cases.load import case_from_data, case_from_yaml, load_any_case
from jiuze.cases.vocabulary import input_predicates, vocab_data, vocabulary
from jiuze.compile.program import Fact, fact_from_atom
from jiuze.explain.model import Model
from jiuze.explain.proof import GroundAtom
from jiuze.explain.what_if import Limits, changed_conclusions, ground_atom, what_if
from jiuze.language.errors import Finding, JiuzeError
from jiuze.language.parser import parse_atom
from jiuze.language.source import Span
from jiuze.reports import answers, jsondoc
from jiuze.reports.data import build_report, report_data
from jiuze.reports.diff import clause_changes
from jiuze.reports.html import report_fragment
from jiuze.reports.regulation import report_article_texts, texts_for
from jiuze.reports.what_if_text import what_if_data
from jiuze.rulebook.governing import governing
from jiuze.rulebook.rulebook import NATIONAL, Rulebook
from jiuze.web.errors import finding_data

CASE_NAMES = {"yaml": "案件.yaml", "json": "案件.json", "jz": "案件.jz"}
RECENT_CASES = 16
FORM_NAME = "表单"  # messages about a case built in the form cite 表单#人员[0].角色[0]
# Predicates with their own field in the form (roles, fault, police, on duty, unit links).
FORM_FIELDS = set(ROLES) | {FAULT_PREDICATE, POLICE_PREDICATE, ON_DUTY_PREDICATE} | set(LINKS.values())


class Workbench:
    """The compiled rulebooks of one server, and the operations on them."""

    def __init__(self, specs):
        self.specs = {s.id: s for s in specs}
        self.books = {s.id: Rulebook(list(s.sources)) for s in specs}
        # The page asks several questions of one case (report, facts, why-not, what-if, toggles):
        # the last few evaluated cases are kept, keyed by rulebook and the case exactly as sent.
        # A model is an immutable snapshot, so sharing it between requests is safe.
        self._recent: OrderedDict[tuple, dict] = OrderedDict()

    def book(self, rulebook_id: str) -> Rulebook:
        book = self.books.get(rulebook_id)
        if book is None:
            known = "、".join(self.books)
            raise JiuzeError([_request_finding(f"没有名为“{rulebook_id}”的规则库", f"可用的规则库：{known}")])
        return book

    # ------------------------------------------------------------ about the rulebooks

    def info(self) -> list[dict]:
        national = self.books.get(NATIONAL)
        return [self._info(i, b, national) for i, b in self.books.items()]

    def _info(self, rulebook_id: str, book: Rulebook, national: Rulebook | None) -> dict:
        overlay = book.overlay
        changes = []
        if overlay is not None and national is not None:
            changes = [
                {"kind": c.kind, "label": c.label, "text": c.text, "where": c.where}
                for c in clause_changes(national.program, book.program)
            ]
        return {
            "id": rulebook_id,
            "label": (overlay.name if overlay and overlay.name else self.specs[rulebook_id].label),
            "files": sorted(book.sources),
            "rules": len(book.program.rules) - len(book.program.existentials),  # not the hidden #存在N helpers
            "scenarios": len(book.scenarios),
            "warnings": [f.render(book.sources) for f in book.warnings],
            "overlay": None
            if overlay is None
            else {
                "name": overlay.name,
                "issuer": overlay.issuer,
                "effective": jsondoc.json_value(overlay.effective),
                "base": overlay.base,
                "deviations": list(overlay.deviations),
            },
            "changes": changes,
        }

    def vocabulary(self, rulebook_id: str) -> dict:
        """The input predicates (as `jiuze vocab --format json`) and what the form needs to offer them."""
        program = self.book(rulebook_id).program
        data = vocab_data(vocabulary(program))
        for entry in data["predicates"]:
            params = entry["params"]
            if entry["predicate"] in FORM_FIELDS:
                entry["place"] = "field"
            elif "警察" in params:
                entry["place"] = "act"
            elif "案件" in params:
                entry["place"] = "circumstance"
            else:
                entry["place"] = "fact"
            entry["extra_params"] = [p for p in params if p not in ("警察", "案件")]
        declared = program.declarations
        data["roles"] = [r for r in ROLES if r in declared and declared[r].arity == 2]
        data["faults"] = list(FAULTS)
        data["article_texts"] = texts_for(a for e in data["predicates"] for a in e["articles"])
        return data

    # ------------------------------------------------------------ one case

    def case(self, book: Rulebook, case: dict) -> Case:
        if case.get("data") is not None:
            return case_from_data(case["data"], FORM_NAME, book.program)
        fmt = case.get("format") or "yaml"
        text = case.get("text")
        if fmt not in CASE_NAMES or not isinstance(text, str):
            raise JiuzeError([_request_finding("案件应给出 text（及 format：yaml、json 或 jz）或 data", "")])
        return load_any_case(Path(CASE_NAMES[fmt]), book.program, content=text.encode("utf-8"))

    def _evaluated(self, request: dict) -> tuple[Rulebook, Case, Model]:
        book, entry = self._entry(request)
        return book, entry["case"], entry["model"]

    def _entry(self, request: dict) -> tuple[Rulebook, dict]:
        book = self.book(request["rulebook"])
        key = (request["rulebook"], json.dumps(request["case"], ensure_ascii=False, sort_keys=True))
        entry = self._recent.get(key)
        if entry is None:
            entry = self._evaluate(book, self.case(book, request["case"]))
            self._recent[key] = entry
            while len(self._recent) > RECENT_CASES:
                self._recent.popitem(last=False)
        self._recent.move_to_end(key)
        return entry["book"], entry

    @staticmethod
    def _evaluate(book: Rulebook, case: Case) -> dict:
        """Under the rulebook that governs the conduct date (an overlay applies from its 施行日期)."""
        chosen = governing(book, case)
        if chosen.note:
            case = replace(case, facts=list(chosen.facts))
        return {
            "case": case,
            "book": chosen.rulebook,
            "model": chosen.rulebook.evaluate(case.facts),
            "note": chosen.note,
        }

    def evaluate(self, request: dict) -> dict:
        """The case's facts (with their places) and every conclusion that holds, with its modality."""
        _, case, model = self._evaluated(request)
        facts = [_fact_data(model, f) for f in case.facts]
        conclusions = []
        for predicate in model.program.derived_predicates:
            if predicate.startswith("#"):
                continue
            for row in model.relation(predicate):
                atom = GroundAtom(predicate, row)
                conclusions.append(
                    {
                        "conclusion": str(atom),
                        "predicate": predicate,
                        "arguments": [jsondoc.json_value(v) for v in row],
                        "reading": model.read(predicate, row),
                        "modality": model.modality(atom),
                    }
                )
        return {"title": case.name, "facts": facts, "conclusions": conclusions}

    def report(self, request: dict) -> dict:
        _, entry = self._entry(request)
        if "report" not in entry:
            name = CASE_NAMES.get(request["case"].get("format") or "yaml", FORM_NAME)
            if request["case"].get("data") is not None:
                name = FORM_NAME
            report = build_report(entry["model"], entry["case"], file=name)
            report = replace(report, rulebook=entry["book"].identity.data())
            if entry["note"]:
                report = replace(report, validity=(entry["note"],) + report.validity)
            data = report_data(report)
            entry["report"] = {"report": data, "article_texts": report_article_texts(data)}
        return entry["report"]

    def report_html(self, request: dict) -> dict:
        """The report as the HTML fragment `jiuze report --format html` shows, with why-not and what-if buttons."""
        data = self.report(request)
        _, entry = self._entry(request)
        if "html" not in entry:
            entry["html"] = {"html": report_fragment(data["report"], data["article_texts"], interactive=True)}
        return entry["html"]

    def explain(self, request: dict) -> dict:
        _, _, model = self._evaluated(request)
        atom = request["atom"]
        instances = model.instances(atom)
        data = answers.explanations_data(model, atom, instances, bool(request.get("all")))
        data["article_texts"] = report_article_texts(data)
        return data

    def why_not(self, request: dict) -> dict:
        _, _, model = self._evaluated(request)
        ground = ground_atom(model, request["atom"])
        data = {"query": request["atom"], "why_not": jsondoc.proof_data(model.why_not(ground))}
        data["article_texts"] = report_article_texts(data)
        return data

    def what_if(self, request: dict) -> dict:
        book, case, model = self._evaluated(request)
        ground = ground_atom(model, request["atom"])
        limits = Limits(
            request.get("max_size", 3),
            request.get("max_evaluations", 300),
            request.get("max_results", 10),
            request.get("seconds", 5.0),
        )
        inputs = input_predicates(book.program)
        data = what_if_data(what_if(model, case.facts, book.evaluate, ground, limits, inputs), model)
        data["article_texts"] = report_article_texts(data)
        return data

    def toggle(self, request: dict) -> dict:
        """The case with some stated facts left out and some added: which conclusions appear or vanish."""
        book, case, model = self._evaluated(request)
        removed = set(request.get("remove", ()))
        known = {str(GroundAtom(f.predicate, f.values)) for f in case.facts}
        unknown = sorted(removed - known)
        if unknown:
            raise JiuzeError([_request_finding(f"案件中没有事实“{unknown[0]}”", "只能去掉案件陈述的事实。")])
        kept = [f for f in case.facts if str(GroundAtom(f.predicate, f.values)) not in removed]
        added = [_added_fact(text, book, i) for i, text in enumerate(request.get("add", ()))]
        after = book.evaluate(kept + added)
        appeared, vanished = changed_conclusions(model, after)
        return {
            "removed": sorted(removed),
            "added": [str(GroundAtom(f.predicate, f.values)) for f in added],
            "appeared": [_atom_data(after, a) for a in appeared],
            "vanished": [_atom_data(model, a) for a in vanished],
        }

    def parse_yaml(self, request: dict) -> dict:
        """A YAML case as the form's data, with every problem the loader finds (empty when none)."""
        book = self.book(request["rulebook"])
        text = request["text"]
        try:  # aliases are refused below; expanding them here could blow up (a "billion laughs" file)
            data = None if _has_aliases(text) else yaml.safe_load(text)
        except yaml.YAMLError:
            data = None
        findings = []
        try:
            case_from_yaml(text, CASE_NAMES["yaml"], book.program)
        except JiuzeError as error:
            findings = error.findings
            message = error.render()
        else:
            message = ""
        return {"data": _plain(data), "findings": [finding_data(f) for f in findings], "message": message}


# ---------------------------------------------------------------- helpers


def _request_finding(message: str, hint: str) -> Finding:
    return Finding(Span("请求", 0, 0), "bad-request", message, hint)


def _added_fact(text: str, book: Rulebook, index: int) -> Fact:
    atom = parse_atom(text)
    problem = _atom_problem(atom, book.program)
    if problem:
        raise JiuzeError([_request_finding(f"add[{index}]：{problem[0]}", problem[1])])
    return fact_from_atom(atom, "假设增加的事实")


def _fact_data(model: Model, fact: Fact) -> dict:
    return {
        "fact": str(GroundAtom(fact.predicate, fact.values)),
        "predicate": fact.predicate,
        "arguments": [jsondoc.json_value(v) for v in fact.values],
        "reading": model.read(fact.predicate, fact.values),
        "source": fact.source,
    }


def _atom_data(model: Model, atom: GroundAtom) -> dict:
    return {"conclusion": str(atom), "predicate": atom.predicate, "reading": model.read(atom.predicate, atom.values)}


def _has_aliases(text: str) -> bool:
    return any(isinstance(token, yaml.AliasToken) for token in yaml.scan(text))


def _plain(value):
    """YAML data as JSON: dates as 2005-03-02, keys as text."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def data_to_yaml(data) -> str:
    """The form's data as the YAML a user would write: keys in the form's order, dates unquoted."""

    def convert(value):
        if isinstance(value, dict):
            return {k: convert(v) for k, v in value.items()}
        if isinstance(value, list):
            return [convert(v) for v in value]
        if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
            try:
                return datetime.date.fromisoformat(value)
            except ValueError:
                return value
        return value

    return yaml.safe_dump(convert(data), allow_unicode=True, sort_keys=False, default_flow_style=False, width=1000)
