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
"""

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
