"""究责 (jiuze): rules as code for 《公安机关人民警察执法过错责任追究规定》.

>>> from jiuze import Rulebook, load_case
>>> rulebook = Rulebook.load()                      # the built-in national rulebook
>>> case = load_case("examples/coerced-confession.jz", rulebook.program)
>>> model = rulebook.evaluate(case.facts)
>>> model.query("应当追究(P, C)")
>>> print(render_text(model.explain("应当追究(张三, 案1)")))
"""

from jiuze.cases.facts_file import Case, load_case
from jiuze.compile.program import Fact
from jiuze.explain.model import Model
from jiuze.explain.proof import GroundAtom, Proof
from jiuze.language.errors import Finding, JiuzeError
from jiuze.reports.proof_text import proof_text as render_text
from jiuze.rulebook.rulebook import Rulebook

__all__ = [
    "Case",
    "Fact",
    "Finding",
    "GroundAtom",
    "JiuzeError",
    "Model",
    "Proof",
    "Rulebook",
    "load_case",
    "render_text",
]
