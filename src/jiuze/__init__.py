"""究责 (jiuze): rules as code for 《公安机关人民警察执法过错责任追究规定》.

    >>> from jiuze import Rulebook, load_case, render_text
    >>> rulebook = Rulebook.load()                      # the built-in national rulebook
    >>> case = load_case("examples/coerced-confession.yaml", rulebook.program)
    >>> model = rulebook.evaluate(case.facts)
    >>> model.query("应当追究(P, C)")
    >>> print(render_text(model.explain("应当追究(张三, 案1)")))
    >>> print(report_text(build_report(model, case)))

This module is the public surface: everything in `__all__`, nothing else, is kept stable across releases.
The stages behind it (language → compile → checks → evaluate → explain → cases → rulebook → reports →
batch → cli) are described in docs/dev/architecture.md.

The names are imported on first use (module `__getattr__`), not here: every `jiuze …` command
imports this package first, and importing all of it (reports, YAML, …) cost `jiuze explain`
about 60 ms it does not need.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the same names, for type checkers and editors
    from jiuze.cases.facts_file import Case
    from jiuze.cases.load import load_case
    from jiuze.compile.program import Fact
    from jiuze.explain.model import Model
    from jiuze.explain.proof import GroundAtom, Proof
    from jiuze.language.errors import Finding, JiuzeError
    from jiuze.reports.data import Report, build_report, report_data
    from jiuze.reports.proof_text import proof_text as render_text
    from jiuze.reports.report_markdown import report_markdown
    from jiuze.reports.report_text import report_text
    from jiuze.rulebook.rulebook import Rulebook

# public name -> (module, name there)
_PLACES = {
    "Case": ("jiuze.cases.facts_file", "Case"),
    "load_case": ("jiuze.cases.load", "load_case"),
    "Fact": ("jiuze.compile.program", "Fact"),
    "Model": ("jiuze.explain.model", "Model"),
    "GroundAtom": ("jiuze.explain.proof", "GroundAtom"),
    "Proof": ("jiuze.explain.proof", "Proof"),
    "Finding": ("jiuze.language.errors", "Finding"),
    "JiuzeError": ("jiuze.language.errors", "JiuzeError"),
    "Report": ("jiuze.reports.data", "Report"),
    "build_report": ("jiuze.reports.data", "build_report"),
    "report_data": ("jiuze.reports.data", "report_data"),
    "render_text": ("jiuze.reports.proof_text", "proof_text"),
    "report_markdown": ("jiuze.reports.report_markdown", "report_markdown"),
    "report_text": ("jiuze.reports.report_text", "report_text"),
    "Rulebook": ("jiuze.rulebook.rulebook", "Rulebook"),
}

__all__ = [
    "Case",
    "Fact",
    "Finding",
    "GroundAtom",
    "JiuzeError",
    "Model",
    "Proof",
    "Report",
    "Rulebook",
    "build_report",
    "load_case",
    "render_text",
    "report_data",
    "report_markdown",
    "report_text",
]


def __getattr__(name: str):
    """A public name, imported on first use and then kept in this module."""
    place = _PLACES.get(name)
    if place is None:
        raise AttributeError(f"module 'jiuze' has no attribute {name!r}")
    value = getattr(importlib.import_module(place[0]), place[1])
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
