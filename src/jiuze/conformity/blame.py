"""Which overlay statement makes a national conclusion disappear in a counterexample.

Walk the national proof of the lost conclusion down to the deepest conclusion that is also lost under
the overlay while everything it rests on still holds there: that is where the overlay acts.  Then the
statement is, in this order: the 修改 / 废止 that removed the national rule, a local rule attacking that
conclusion (a 阻却 or a rule for its contrary) that applied, a local priority over the national
article, a local 互斥 on the conclusion, a local rule for the same conclusion.
"""

from __future__ import annotations

from dataclasses import dataclass

from jiuze.compile.overlay_checks import flatten
from jiuze.explain.model import Model
from jiuze.explain.proof import DERIVED, GroundAtom, Proof
from jiuze.language import ast
from jiuze.language.source import Span


@dataclass(frozen=True)
class Blame:
    span: Span
    what: str  # the statement, in words
    root: GroundAtom  # the deepest lost conclusion
    root_article: object  # its national article (ArticleRef or None)
    deviation: str | None


def blame(atom: GroundAtom, rule, n_model: Model, o_model: Model, overlay_statements: list) -> Blame:
    root = _root(n_model.explain(atom), o_model) if rule is not None else None
    root_atom = root.atom if root is not None else atom
    root_rule = root.rule if root is not None else rule
    local = list(flatten(overlay_statements))
    deviations = _deviations(overlay_statements)
    for finder in (_removed, _attacker, _priority, _contrary, _same_conclusion):
        hit = finder(root_atom, root_rule, o_model, local, overlay_statements)
        if hit is not None:
            statement, span, what = hit
            return Blame(span, what, root_atom, root_rule.article if root_rule else None, deviations.get(id(statement)))
    first = next((s for s in local if hasattr(s, "span")), None)
    span = first.span if first is not None else Span("<实施办法>", 1, 1)
    return Blame(span, "实施办法（未能确定是哪一条语句）", root_atom, root_rule.article if root_rule else None, None)


def _root(proof: Proof | None, o_model: Model) -> Proof | None:
    """The deepest DERIVED node lost under the overlay whose derived premises all still hold there."""
    node = proof
    while node is not None:
        lost = [p for p in node.premises if p.kind == DERIVED and p.atom and not _holds(o_model, p.atom)]
        if not lost:
            return node
        node = lost[0]
    return None


def _holds(model: Model, atom: GroundAtom) -> bool:
    return (atom.predicate, atom.values) in model.index


def _deviations(statements: list) -> dict[int, str | None]:
    found: dict[int, str | None] = {}
    for statement in statements:
        if isinstance(statement, ast.Amendment):
            found[id(statement)] = statement.deviation
            for inner in statement.statements:
                found[id(inner)] = statement.deviation
    return found


def _removed(atom, rule, o_model, local, statements):
    if rule is None or rule.article is None:
        return None
    alive = {r.span.where for r in o_model.program.rules}
    if rule.span.where in alive:
        return None
    for amendment in (s for s in statements if isinstance(s, ast.Amendment) and s.kind != "add"):
        if (
            amendment.label.ref is not None
            and amendment.label.ref.covers(rule.article)
            and (amendment.conclusion in (None, rule.head.predicate))
        ):
            verb = "废止" if amendment.kind == "repeal" else "修改"
            replacing = [
                s for s in amendment.statements if isinstance(s, ast.Clause) and s.head.predicate == atom.predicate
            ]
            span = replacing[0].span if replacing else amendment.label.span
            return amendment, span, f"{verb} {amendment.label.text}"
    return None


def _attacker(atom, rule, o_model, local, statements):
    local_ids = {id(s) for s in local}
    applied = {
        r.span.where
        for r in o_model.program.rules
        if r.head.predicate.startswith("#适用") and o_model.index.all(r.head.predicate)
    }
    attackers = [a for a in o_model.program.attackers.get(atom.predicate, []) if id(a) in local_ids]
    for attacker in sorted(attackers, key=lambda a: (a.span.where not in applied, a.span)):
        word = "阻却规则" if attacker.strength == ast.DEFEATER else "得出相反结论的规则"
        return attacker, attacker.span, f"地方的{word}“{attacker}”"
    return None


def _priority(atom, rule, o_model, local, statements):
    if rule is None or rule.article is None:
        return None
    for priority in (s for s in local if isinstance(s, ast.Priority)):
        if priority.inferior.ref is not None and priority.inferior.ref.covers(rule.article):
            return priority, priority.span, f"优先关系“{priority.superior.text} 优先于 {priority.inferior.text}”"
    for priority in (s for s in local if isinstance(s, ast.Priority)):
        return priority, priority.span, f"优先关系“{priority.superior.text} 优先于 {priority.inferior.text}”"
    return None


def _contrary(atom, rule, o_model, local, statements):
    for pair in (s for s in local if isinstance(s, ast.Contrary)):
        if atom.predicate in (pair.left.predicate, pair.right.predicate):
            return pair, pair.span, f"互斥关系“{pair}”"
    return None


def _same_conclusion(atom, rule, o_model, local, statements):
    for clause in (s for s in local if isinstance(s, ast.Clause)):
        if clause.head.predicate == atom.predicate:
            return clause, clause.span, f"地方规则“{clause}”"
    return None
