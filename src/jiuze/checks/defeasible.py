"""Checks for the defeasible layer: priorities, contraries, defeaters, arithmetic in heads.

A priority must name labels that some rule carries; the superiority relation
must have no cycle (else "which rule wins" has no answer); a contrary pair
needs two different patterns; a defeater must say when it blocks.
"""

from __future__ import annotations

from jiuze.compile.dependencies import negative_cycles
from jiuze.language import ast
from jiuze.language.errors import Finding


def check_defeasible(statements: list) -> list[Finding]:
    clauses = [s for s in statements if isinstance(s, ast.Clause)]
    priorities = [s for s in statements if isinstance(s, ast.Priority)]
    contraries = [s for s in statements if isinstance(s, ast.Contrary)]
    findings = []
    articles = [c.article for c in clauses if c.article is not None and not c.is_fact]
    for priority in priorities:
        findings += _missing_labels(priority, articles)
    findings += _priority_cycles(priorities)
    for contrary in contraries:
        findings += _contrary_problems(contrary)
    for clause in clauses:
        findings += _clause_problems(clause)
    if not findings:
        findings += _conflict_cycles(clauses, contraries, priorities)
    return findings


def _missing_labels(priority: ast.Priority, articles) -> list[Finding]:
    found = []
    for label in (priority.superior, priority.inferior):
        if label.ref is not None and not any(label.ref.covers(a) for a in articles):
            found.append(
                Finding(
                    label.span,
                    "unknown-label",
                    f"优先关系中的“{label.text}”没有对应的规则",
                    "优先关系只能引用规则库中某条规则所标的条文；检查条号是否写错。",
                )
            )
    return found


def _priority_cycles(priorities: list[ast.Priority]) -> list[Finding]:
    """A cycle among the labels (第九条 > 第八条 > 第九条) leaves no winner."""
    edges = [(p.superior.ref, p.inferior.ref, p) for p in priorities if p.superior.ref and p.inferior.ref]
    findings = []
    for ref, _, priority in edges:
        path = _path_back(ref, edges)
        if path is not None:
            text = " 优先于 ".join(str(r) for r in path)
            findings.append(
                Finding(
                    priority.span,
                    "priority-cycle",
                    f"优先关系成环：{text}",
                    "删去其中一条优先关系，使每一对规则之间只有一个方向。",
                )
            )
            break
    return findings


def _path_back(start, edges):
    """Labels from `start` back to itself following 'superior covers inferior' steps, or None."""
    frontier, seen = [(start, [start])], set()
    while frontier:
        node, path = frontier.pop()
        for sup, inf, _ in edges:
            if sup.covers(node) or node.covers(sup):
                if inf == start or inf.covers(start) or start.covers(inf):
                    return path + [inf] if len(path) > 1 or sup == node else None
                if inf not in seen:
                    seen.add(inf)
                    frontier.append((inf, path + [inf]))
    return None


def _contrary_problems(contrary: ast.Contrary) -> list[Finding]:
    if contrary.left == contrary.right:
        return [
            Finding(
                contrary.span, "bad-contrary", "互斥的两边是同一个结论", "写成 互斥 应当追究(P, C) 与 不予追究(P, C)。"
            )
        ]
    arithmetic = [a for a in contrary.left.args + contrary.right.args if isinstance(a, ast.Arithmetic)]
    if arithmetic:
        return [Finding(arithmetic[0].span, "bad-contrary", "互斥声明中不能有算式", "参数只能是变量或值。")]
    return []


def _clause_problems(clause: ast.Clause) -> list[Finding]:
    found = []
    for arg in clause.head.args:
        if isinstance(arg, ast.Arithmetic) and not clause.is_fact:
            found.append(
                Finding(
                    arg.span,
                    "arithmetic-in-head",
                    f"结论中不能写算式“{arg}”",
                    "先在条件中计算，如 N2 = N + 1，再在结论中用 N2。",
                )
            )
    for literal in clause.body:
        if isinstance(literal, ast.Atom):
            for arg in literal.args:
                if isinstance(arg, ast.Arithmetic):
                    found.append(
                        Finding(
                            arg.span,
                            "arithmetic-in-atom",
                            f"条件的参数中不能写算式“{arg}”",
                            "写成 Y = X + 1，再用 Y 作参数。",
                        )
                    )
    if clause.strength == ast.DEFEATER and clause.is_fact:
        found.append(
            Finding(
                clause.span,
                "bad-defeater",
                "阻却规则必须写明条件（若 …）",
                "阻却规则只在条件成立时阻止结论，例如：阻却 应当追究(P, C) 若 执行上级命令(P, C)。",
            )
        )
    if clause.is_fact and clause.modality is not None:
        found.append(
            Finding(
                clause.span,
                "modality-on-fact",
                "事实不能带“应当/可以/不得”",
                "模态写在规则上：应当 从重追究(P, C) 若 …。",
            )
        )
    return found


def _conflict_cycles(clauses, contraries, priorities) -> list[Finding]:
    """A conclusion that depends, through a conflict, on itself has no stratified meaning."""
    if not contraries and not any(c.strength == ast.DEFEATER for c in clauses):
        return []
    from jiuze.compile.defeasible import expand  # the checker reasons about the expanded program

    cycles = negative_cycles(expand(clauses, contraries, priorities).clauses)
    if not cycles:
        return []
    names = [n for n in cycles[0] if not n.startswith("#")]
    anchor = contraries[0].span if contraries else next(c.span for c in clauses if c.strength == ast.DEFEATER)
    return [
        Finding(
            anchor,
            "conflict-cycle",
            f"互斥或阻却经由递归：{' → '.join(names)}",
            "互斥的结论不能（直接或间接）以自身为条件；把递归部分拆到互斥之外。",
        )
    ]
