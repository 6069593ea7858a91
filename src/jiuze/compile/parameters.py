"""Named parameters: `参数 申诉答复期限天数 = 30 （不得大于）。` in a rulebook, `设定 … = 15。` in an overlay.

A rule writes the parameter's name where the number goes (申诉答复期限(A, P, C, 申诉答复期限天数),
D = D0 + 申诉答复期限天数); before checking and compiling, every such name is replaced by the value in
force: the last 设定 along the overlay chain, else the 参数's own value.  So a province changes a
national number with one line instead of copying the article, and the Art 28 check can tell a
stricter value (in the declared direction) from a weaker one.
"""

from __future__ import annotations

from dataclasses import replace

from jiuze.language import ast
from jiuze.language.errors import Finding


def parameters(modules: list[ast.Module]) -> dict[str, ast.Parameter]:
    found: dict[str, ast.Parameter] = {}
    for statement in (s for m in modules for s in m.statements):
        if isinstance(statement, ast.Parameter):
            found.setdefault(statement.name, statement)
    return found


def resolve(modules: list[ast.Module]) -> tuple[list[ast.Module], list[Finding]]:
    """Modules with every parameter name replaced by its value in force; findings for bad 参数 / 设定."""
    values, findings = values_in_force(modules)
    return substitute(modules, values), findings


def substitute(modules: list[ast.Module], values: dict[str, int]) -> list[ast.Module]:
    if not values:
        return modules
    return [replace(m, statements=tuple(_substitute(s, values) for s in m.statements)) for m in modules]


def values_in_force(modules: list[ast.Module]) -> tuple[dict[str, int], list[Finding]]:
    """Each parameter's value: its last 设定 in load order (base first), else its 参数 value."""
    declared = parameters(modules)
    findings = _duplicates(modules, declared)
    values = {name: p.value for name, p in declared.items()}
    for setting in (s for m in modules for s in m.statements if isinstance(s, ast.Setting)):
        if setting.name not in declared:
            findings.append(
                Finding(
                    setting.span,
                    "unknown-parameter",
                    f"基础规则库没有名为“{setting.name}”的参数",
                    f"可设定的参数：{'、'.join(sorted(declared)) or '（无）'}。",
                )
            )
        else:
            values[setting.name] = setting.value
    return values, findings


def places_in_force(modules: list[ast.Module]) -> dict[str, tuple[int, str]]:
    """name -> (value, where the value in force was written), for showing what an overlay set."""
    found = {name: (p.value, p.span.where) for name, p in parameters(modules).items()}
    for setting in (s for m in modules for s in m.statements if isinstance(s, ast.Setting)):
        if setting.name in found:
            found[setting.name] = (setting.value, setting.span.where)
    return found


def _duplicates(modules, declared) -> list[Finding]:
    found = []
    for statement in (s for m in modules for s in m.statements):
        if isinstance(statement, ast.Parameter) and declared[statement.name] is not statement:
            first = declared[statement.name]
            found.append(
                Finding(
                    statement.span,
                    "duplicate-parameter",
                    f"参数“{statement.name}”重复声明；第一次声明在 {first.span.where}",
                    "实施办法改变参数的值请写 设定 名称 = 值。",
                )
            )
    return found


def _substitute(statement, values: dict[str, int]):
    if isinstance(statement, ast.Clause):
        return replace(
            statement, head=_atom(statement.head, values), body=tuple(_literal(x, values) for x in statement.body)
        )
    if isinstance(statement, ast.Scenario):
        return replace(
            statement,
            facts=tuple(_atom(a, values) for a in statement.facts),
            expect_holds=tuple(_atom(a, values) for a in statement.expect_holds),
            expect_absent=tuple(_atom(a, values) for a in statement.expect_absent),
        )
    if isinstance(statement, ast.Amendment):
        return replace(statement, statements=tuple(_substitute(s, values) for s in statement.statements))
    return statement


def _literal(literal, values):
    if isinstance(literal, ast.Atom):
        return _atom(literal, values)
    if isinstance(literal, ast.Negation):
        return replace(literal, atom=_atom(literal.atom, values))
    if isinstance(literal, ast.Comparison):
        return replace(literal, left=_term(literal.left, values), right=_term(literal.right, values))
    if isinstance(literal, ast.Count):
        return replace(literal, body=tuple(_literal(x, values) for x in literal.body))
    return literal


def _atom(atom: ast.Atom, values) -> ast.Atom:
    return replace(atom, args=tuple(_term(a, values) for a in atom.args))


def _term(term, values):
    if isinstance(term, ast.Constant) and isinstance(term.value, str) and term.value in values:
        return ast.Constant(values[term.value], term.span)
    if isinstance(term, ast.Arithmetic):
        return replace(term, left=_term(term.left, values), right=_term(term.right, values))
    return term
