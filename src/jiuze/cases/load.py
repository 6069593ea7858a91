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

import json
from pathlib import Path
from typing import TYPE_CHECKING

from jiuze.cases.case_format import CASE_KEYS, STRUCTURED_SUFFIXES, StructuredCase
from jiuze.cases.facts_file import Case, case_from_json, case_from_text, read_case_text
from jiuze.cases.limits import check_case_text, check_strings
from jiuze.compile.program import Program
from jiuze.language.errors import JiuzeError

if TYPE_CHECKING:
    from jiuze.cases.yaml_positions import Positions

# YAML and the structured reader are imported where a structured case is read, not here: a .jz
# case (`jiuze explain examples/….jz`) never needs them, and PyYAML alone is ≈10 ms of every start.


def load_any_case(path: str | Path, program: Program, content: bytes | None = None, parse=None) -> Case:
    """A case from .yaml/.yml, structured .json, .jz or fact JSON.

    `content`: the file's bytes when they were read elsewhere (a batch worker on
    another machine gets them with the job); messages still name `path`.
    `parse`: how a .jz case is parsed (facts_file.case_from_text).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    text = read_case_text(path, content)
    if suffix in STRUCTURED_SUFFIXES:
        return case_from_yaml(text, str(path), program)
    if suffix != ".json":
        return case_from_text(text, str(path), program, parse)
    from jiuze.cases.yaml_positions import Pairs, yaml_positions

    check_case_text(text, str(path))
    try:
        data = json.loads(text, object_pairs_hook=Pairs)
    except json.JSONDecodeError:
        return case_from_json(text, str(path), program)  # reports the syntax error with line and column
    check_strings(data, str(path))
    if not is_structured(data):
        return case_from_json(text, str(path), program)
    positions = yaml_positions(text, quiet=True)
    positions.duplicates = []  # Pairs reports them (json.loads keeps only the last value)
    return case_from_data(data, str(path), program, text, positions)


def is_structured(data) -> bool:
    """A structured case, rather than the fact JSON {"name": …, "facts": […]} of cases.py."""
    if not isinstance(data, dict):
        return False
    plain = {"name", "facts"}
    keys = set(CASE_KEYS) | set(CASE_KEYS.values())
    return any(k in keys and k not in plain for k in data)


def case_from_yaml(text: str, name: str, program: Program) -> StructuredCase:
    import yaml

    from jiuze.cases.yaml_positions import CaseLoader, yaml_finding, yaml_positions

    check_case_text(text, name)
    positions = yaml_positions(text, quiet=False, name=name)
    try:
        data = yaml.load(text, Loader=CaseLoader)  # the safe loader; a nonexistent date stays text
    except yaml.YAMLError as error:  # e.g. an unknown tag: found only when constructing
        raise JiuzeError([yaml_finding(error, text, name)], {name: text})
    check_strings(data, name)
    return case_from_data(data, name, program, text, positions)


def case_from_data(
    data, name: str, program: Program, text: str | None = None, positions: "Positions | None" = None
) -> StructuredCase:
    """Validate parsed data and translate it to facts; raise JiuzeError with every problem."""
    from jiuze.cases.structured_reader import StructuredReader
    from jiuze.cases.yaml_positions import Positions

    reader = StructuredReader(name, program, positions or Positions())
    case = reader.case(data)
    if reader.findings:
        raise JiuzeError(reader.findings, {name: text} if text is not None else {})
    return case


def load_case(path: str | Path, program: Program) -> Case:
    """Read a case file in any format the command line reads: a fact file (.jz), fact JSON, or a structured
    YAML / JSON case (docs/case-format.md).  Raises `JiuzeError` with every problem, located and in Chinese."""
    return load_any_case(path, program)
