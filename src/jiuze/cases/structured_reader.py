"""A structured case's data → facts: agencies, units, persons with roles, faults and acts, circumstances,
and the escape hatch of raw facts."""

from __future__ import annotations

from jiuze.cases.case_format import (
    AGENCY_KEYS,
    AGENCY_PREDICATE,
    CASE_KEYS,
    DOSSIER_CASE_KEYS,
    EARLIER_KEYS,
    EARLIER_PREDICATE,
    FAULT_FORMS,
    FAULT_PREDICATE,
    FAULTS,
    GROSS_NEGLIGENCE_PREDICATE,
    LINKS,
    ON_DUTY_PREDICATE,
    PERSON_KEYS,
    POLICE_PREDICATE,
    ROLES,
    UNIT_KEYS,
    YEAR_PREDICATE,
    Person,
    StructuredCase,
)
from jiuze.cases.facts_file import _atom_problem, _json_fact
from jiuze.cases.fields import FieldReader
from jiuze.cases.hints import (
    argument_slots,
    closest_hint,
    describe_kind,
    example_of,
    join_path,
    plain_value,
    predicate_hint,
    slot_hint,
)
from jiuze.compile.program import fact_from_atom
from jiuze.language import ast
from jiuze.language.errors import Finding
from jiuze.language.parser import parse_text


class StructuredReader(FieldReader):
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
            self.error("", "案件文件是空的", f"至少要写 案件（编号），例如：{example_of('案件文件')}")
            return StructuredCase(self.name, ())
        fields = self.mapping(data, "", CASE_KEYS, "案件文件")
        if fields is None:
            return StructuredCase(self.name, ())
        if "案件列表" in fields:
            return self.dossier(fields)
        if "案件" not in fields:
            self.error("", "缺少“案件”（案件编号）", "例如 案件: 案1；事实和人员都以这个编号指称本案。")
            case_id = None
        else:
            case_id = self.text(*fields["案件"], "案件编号", allow_int=True)
        title = self.text(*fields["名称"], "名称") if "名称" in fields else None
        if "说明" in fields:
            self.text(*fields["说明"], "说明")
        date = self.conduct_date(fields, case_id)
        agencies = self.agencies(fields.get("机关"))
        units = self.units(fields.get("单位"), agencies)
        persons = self.persons(fields.get("人员"), case_id, units + agencies)
        self.circumstances(fields.get("案件情节"), case_id)
        self.raw_facts(fields.get("事实"))
        return StructuredCase(
            title or self.name, tuple(self.facts.values()), case_id, date, persons, units, agencies, self.name
        )

    def conduct_date(self, fields: dict, case_id):
        """发生日期 → 发生日期(案件, 日期) and 过错年度(案件, 年), each if the rulebook declares it."""
        date = self.date(*fields["发生日期"]) if "发生日期" in fields else None
        if date is not None and case_id is not None:
            if self.declares(LINKS["发生日期"], 2):
                self.emit(LINKS["发生日期"], (case_id, date), fields["发生日期"][1])
            if self.declares(YEAR_PREDICATE, 2):
                self.emit(YEAR_PREDICATE, (case_id, date.year), fields["发生日期"][1])
        return date

    def dossier(self, fields: dict) -> StructuredCase:
        """A 卷宗: shared 机关 and 单位, then 案件列表 — each entry a case (案件, 发生日期, 人员, 案件情节, 事实).
        A person named in several cases is one person (roles, faults and acts per case)."""
        if "案件" in fields:
            self.error(
                fields["案件"][1], "卷宗（写了 案件列表）不写顶层的“案件”", "每件案件的编号写在 案件列表 的各项中。"
            )
        title = self.text(*fields["名称"], "名称") if "名称" in fields else None
        if "说明" in fields:
            self.text(*fields["说明"], "说明")
        for key in ("发生日期", "人员", "案件情节", "事实"):
            if key in fields:
                self.error(
                    fields[key][1], f"卷宗的“{key}”写在 案件列表 的各项中", "把它移到对应案件之下。", at_key=True
                )
        agencies = self.agencies(fields.get("机关"))
        units = self.units(fields.get("单位"), agencies)
        value, path = fields["案件列表"]
        if not isinstance(value, list) or not value:
            self.error(
                path,
                f"案件列表应是非空的列表（每件案件一项），这里是{describe_kind(value)}",
                "例如：案件列表: [{案件: 案1, 人员: [...]}]",
            )
            return StructuredCase(title or self.name, (), file=self.name)
        persons: dict[str, Person] = {}
        dates: set = set()
        ids: dict = {}
        for item, item_path in self.listed(value, path):
            dates.add(self.dossier_case(item, item_path, ids, persons, units + agencies))
        dates.discard(None)
        date = dates.pop() if len(dates) == 1 else None
        facts = tuple(self.facts.values())
        return StructuredCase(
            title or self.name, facts, None, date, tuple(persons.values()), units, agencies, self.name
        )

    def dossier_case(self, item, path: str, ids: dict, persons: dict, units: tuple):
        """One entry of 案件列表; returns its conduct date.  `ids` and `persons` accumulate across entries."""
        entry = self.mapping(item, path, DOSSIER_CASE_KEYS, "案件列表中的案件")
        if entry is None:
            return None
        if "案件" not in entry:
            self.error(path, "缺少“案件”（案件编号）", "例如 案件: 案1。")
            return None
        case_id = self.text(*entry["案件"], "案件编号", allow_int=True)
        if case_id is None:
            return None
        if case_id in ids:
            self.error(entry["案件"][1], f"案件“{case_id}”重复（另见 {ids[case_id]}）", "每件案件只列一次。")
            return None
        ids[case_id] = path
        for key in ("名称", "说明"):
            if key in entry:
                self.text(*entry[key], key)
        date = self.conduct_date(entry, case_id)
        for person in self.persons(entry.get("人员"), case_id, units):
            persons[person.name] = _merged(persons.get(person.name), person)
        self.circumstances(entry.get("案件情节"), case_id)
        self.raw_facts(entry.get("事实"))
        return date

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
                if self.declares(AGENCY_PREDICATE, 1):
                    self.emit(AGENCY_PREDICATE, (name,), fields["名称"][1])
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
                    self.error(
                        fields["机关"][1],
                        f"未列出的机关“{agency}”，可选：{'、'.join(known)}",
                        "在 机关 下列出它，或改正名称。",
                    )
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
            self.error(path, f"{what}缺少“{key}”", f"例如：{example_of(what)}")
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
            self.error(
                path,
                f"人员应是列表（每人一项，以“- ”开头），这里是{describe_kind(value)}",
                f"例如：{example_of('人员')}",
            )
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
        self.earlier_errors(name, fields.get("既往过错"), case_id)
        if "说明" in fields:
            self.text(*fields["说明"], "说明")
        return Person(name, unit, roles, fault)

    def person_unit(self, name: str, entry, units: tuple):
        if entry is None:
            return None
        unit = self.text(*entry, "单位")
        known = [u for u, _ in units]
        if unit is not None and known and unit not in known:
            self.error(
                entry[1], f"未列出的单位“{unit}”，可选：{'、'.join(known)}", "在 单位 或 机关 下列出它，或改正名称。"
            )
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
                self.error(
                    path,
                    f"未知角色“{role}”，可选：{'、'.join(allowed) or '（规则库没有声明任何角色）'}",
                    closest_hint(role, allowed),
                )
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
            self.error(
                entry[1],
                f"未知的过错形态“{form}”，可选：{'、'.join(FAULTS)}",
                "没有过错的人员不写“过错”这一项；有过错而形态未查明的写“有”。",
            )
            return None
        if case_id is not None:
            self.emit(FAULT_PREDICATE, (name, case_id, FAULT_FORMS.get(form, form)), entry[1], "键“过错”")
            if form == "重大过失":
                self.emit(GROSS_NEGLIGENCE_PREDICATE, (name, case_id), entry[1], "过错“重大过失”")
        return form

    def earlier_errors(self, name: str, entry, case_id) -> None:
        """既往过错: [{案件, 日期, 项}] — the person's earlier established errors, for Art 24(4) 连续多次."""
        if entry is None:
            return
        for item, path in self.listed(*entry):
            fields = self.mapping(item, path, EARLIER_KEYS, "既往过错")
            if fields is None:
                continue
            missing = [k for k in ("案件", "日期", "项") if k not in fields]
            if missing:
                self.error(path, f"既往过错缺少“{'”“'.join(missing)}”", f"例如：{example_of('既往过错')}")
                continue
            earlier = self.text(*fields["案件"], "既往过错的案件编号", allow_int=True)
            date = self.date(*fields["日期"])
            number = self.item_number(*fields["项"])
            if "说明" in fields:
                self.text(*fields["说明"], "说明")
            if earlier is not None and earlier == case_id:
                self.error(
                    fields["案件"][1], "既往过错不能是本案", "本案的过错写在 过错、行为 中；这里只列此前的其他案件。"
                )
                continue
            if None not in (earlier, date, number):
                self.emit(EARLIER_PREDICATE, (name, earlier, date, number), path, "键“既往过错”")

    def item_number(self, value, path: str) -> int | None:
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return value
        self.error(path, f"项应是第六条的项号（正整数，如 8），这里是{describe_kind(value)}", "写阿拉伯数字：项: 8。")
        return None

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
            ((predicate, extra),) = item.items()
            extra_path = join_path(path, str(predicate))
            extras = extra if isinstance(extra, list) else [extra]
            paths = [f"{extra_path}[{i}]" for i in range(len(extras))] if isinstance(extra, list) else [extra_path]
        else:
            predicate, extras, paths = item, [], []
        if not isinstance(predicate, str) or not predicate.strip():
            self.error(path, f"{what}应是谓词名，这里是{describe_kind(predicate)}", f"例如：{example_of(what)}")
            return
        declaration = self.declarations.get(predicate)
        if declaration is None or predicate.startswith("#"):
            self.error(
                path, f"规则库没有声明谓词“{predicate}”", predicate_hint(self.program, person is not None, predicate)
            )
            return
        values = [self.value(v, p) for v, p in zip(extras, paths)]
        if any(v is None for v in values):
            return
        slots = argument_slots(declaration.params, person is not None)
        if isinstance(slots, str):
            self.error(path, f"“{predicate}({', '.join(declaration.params)})”{slots}", slot_hint(person is not None))
            return
        person_slot, case_slot = slots
        free = [i for i in range(declaration.arity) if i not in (person_slot, case_slot)]
        if len(free) != len(values):
            names = "，".join(declaration.params[i] for i in free)
            needed = f"还需要 {len(free)} 个值（{names}）" if free else "不需要其他值"
            self.error(
                path,
                f"“{predicate}({', '.join(declaration.params)})”{needed}，这里给了 {len(values)} 个",
                f"写成“- {predicate}: 值”或“- {predicate}: [值1, 值2]”。" if free else f"只写“- {predicate}”。",
            )
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
            self.error(path, f"事实应是列表，这里是{describe_kind(value)}", '例如：事实: [["审核人", "李四", "案1"]]')
            return
        for i, row in enumerate(value):
            row_path = f"{path}[{i}]"
            if isinstance(row, str):
                self.atom_fact(row, row_path)
                continue
            found: list[Finding] = []
            fact = _json_fact(plain_value(row), row_path, self.name, self.program, found)
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
            self.error(
                path, f"无法读取事实“{text}”：{reason}", '写成 "审核人(李四, 案1)" 或 ["审核人", "李四", "案1"]。'
            )
            return
        atom = clauses[0].head
        problem = _atom_problem(atom, self.program)
        if problem:
            self.error(path, problem[0], problem[1])
            return
        fact = fact_from_atom(atom, self.source(path))
        self.facts.setdefault((fact.predicate, fact.values), fact)


def _merged(known: Person | None, person: Person) -> Person:
    """The same person named in two cases of a dossier: one person with the roles of both."""
    if known is None:
        return person
    roles = tuple(dict.fromkeys(known.roles + person.roles))
    return Person(known.name, known.unit or person.unit, roles, known.fault or person.fault)
