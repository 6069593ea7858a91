"""Where every predicate, label and rule of a checked rulebook is, for hover and navigation.

Built from the AST (spans are Lark's: 1-based lines, code-point columns).
A predicate's occurrence is its name only (an atom's span starts at its
name), so a hover on an argument is not a hover on the predicate.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jiuze.language import ast
from jiuze.language.articles import ArticleRef
from jiuze.language.source import Span
from jiuze.lsp.positions import contains
from jiuze.lsp.workspace import Checked


@dataclass(frozen=True)
class Occurrence:
    """A predicate name where it is declared (`declare`), concluded (`head`) or read (`body`)."""

    predicate: str
    span: Span
    role: str


@dataclass(frozen=True)
class LabelAt:
    """An article label as written, with the reference it stands for (relative labels resolved)."""

    ref: ArticleRef | None
    text: str
    span: Span
    amends: bool  # the target of 修改 / 废止 (its definition is in the base)
    opens_block: bool = False  # `第六条 ｛`: the article block itself
    in_base: bool = False


@dataclass
class Index:
    declarations: dict[str, ast.Declaration] = field(default_factory=dict)
    occurrences: list[Occurrence] = field(default_factory=list)
    labels: list[LabelAt] = field(default_factory=list)
    clauses: list[tuple[ast.Clause, bool]] = field(default_factory=list)  # (clause, in a base layer)
    constants: dict[tuple[str, int], set] = field(default_factory=dict)  # (predicate, position) → values used
    parameters: dict[str, ast.Parameter] = field(default_factory=dict)  # 参数 (the base's, first found)
    settings: list[ast.Setting] = field(default_factory=list)  # 设定 of the overlays
    names: list[tuple[str, Span]] = field(default_factory=list)  # bare names: parameters where rules use them

    def parameter_at(self, file: str, line: int, column: int) -> str | None:
        """The parameter named at (line, column): in 参数/设定 or where a rule uses it."""
        for name, span in self.names:
            if span.file == file and name in self.parameters and contains(span, line, column):
                return name
        return None

    def predicate_at(self, file: str, line: int, column: int) -> Occurrence | None:
        return next((o for o in self.occurrences if o.span.file == file and contains(o.span, line, column)), None)

    def label_at(self, file: str, line: int, column: int) -> LabelAt | None:
        return next((x for x in self.labels if x.span.file == file and contains(x.span, line, column)), None)

    def clause_at(self, file: str, line: int, column: int) -> ast.Clause | None:
        return next((c for c, _ in self.clauses if c.span.file == file and contains(c.span, line, column)), None)

    def uses(self, predicate: str) -> list[Occurrence]:
        return [o for o in self.occurrences if o.predicate == predicate]


def build_index(checked: Checked) -> Index:
    index = Index()
    for layer in checked.layers:
        for module in layer.modules:
            _index_module(index, module, layer.base_label_targets)
    return index


def _index_module(index: Index, module: ast.Module, in_base: bool) -> None:
    for statement in module.statements:
        _index_statement(index, statement, module, in_base)
    amended = {id(s.label) for s in module.statements if isinstance(s, ast.Amendment) and s.kind != "add"}
    lines = module.text.split("\n")
    for label in module.labels:
        ref = label.ref if label.ref is None or not label.ref.is_relative else _resolve(label, module)
        opens = _opens_block(lines, label.span)
        index.labels.append(LabelAt(ref, label.text, label.span, id(label) in amended, opens, in_base))


def _opens_block(lines: list[str], span: Span) -> bool:
    """Is the label followed by `｛` (an article block, not a labelled rule or a reference)?"""
    if not 0 < span.line <= len(lines):
        return False
    rest = lines[span.line - 1][span.end_column - 1 :].lstrip(" \t：:")
    return rest.startswith(("｛", "{"))


def _resolve(label: ast.Label, module: ast.Module) -> ArticleRef:
    """第（二）项 inside a block: the article of the statement it labels (same line, after it)."""
    for statement in _all_statements(module.statements):
        span, article = statement.span, getattr(statement, "article", None)
        if article and span.line == label.span.line and span.column >= label.span.column:
            return article
    return label.ref


def _all_statements(statements):
    for statement in statements:
        yield statement
        if isinstance(statement, ast.Amendment):
            yield from _all_statements(statement.statements)


def _index_statement(index: Index, statement, module: ast.Module, in_base: bool) -> None:
    if isinstance(statement, ast.Declaration):
        index.declarations.setdefault(statement.name, statement)
        index.occurrences.append(Occurrence(statement.name, _declared_name(statement, module.text), "declare"))
    elif isinstance(statement, ast.Clause):
        index.clauses.append((statement, in_base))
        _atom(index, statement.head, "head")
        for literal in statement.body:
            _literal(index, literal)
    elif isinstance(statement, ast.Amendment):
        for inner in statement.statements:
            _index_statement(index, inner, module, in_base)
    elif isinstance(statement, ast.Scenario):
        for atom in statement.facts:
            _atom(index, atom, "head")
        for atom in statement.expect_holds + statement.expect_absent:
            _atom(index, atom, "body")
    elif isinstance(statement, (ast.Parameter, ast.Setting)):
        if isinstance(statement, ast.Parameter):
            index.parameters.setdefault(statement.name, statement)
        else:
            index.settings.append(statement)
        index.names.append((statement.name, _name_span(statement.name, statement.span, module.text)))
    elif isinstance(statement, ast.Contrary):
        _atom(index, statement.left, "body")
        _atom(index, statement.right, "body")


def _literal(index: Index, literal) -> None:
    if isinstance(literal, ast.Comparison):
        _term_names(index, literal.left)
        _term_names(index, literal.right)
    elif isinstance(literal, ast.Atom):
        _atom(index, literal, "body")
    elif isinstance(literal, ast.Negation):
        _atom(index, literal.atom, "body")
    elif isinstance(literal, ast.Count):
        for inner in literal.body:
            _literal(index, inner)


def _term_names(index: Index, term) -> None:
    """Bare names in `D = D0 + 申诉答复期限天数` (a parameter used in arithmetic)."""
    if isinstance(term, ast.Arithmetic):
        _term_names(index, term.left)
        _term_names(index, term.right)
    elif isinstance(term, ast.Constant) and isinstance(term.value, str):
        index.names.append((term.value, term.span))


def _atom(index: Index, atom: ast.Atom, role: str) -> None:
    span = atom.span
    name = Span(span.file, span.line, span.column, span.line, span.column + len(atom.predicate))
    index.occurrences.append(Occurrence(atom.predicate, name, role))
    for position, arg in enumerate(atom.args):
        if isinstance(arg, ast.Constant):
            index.constants.setdefault((atom.predicate, position), set()).add(arg.value)
            if isinstance(arg.value, str):
                index.names.append((arg.value, arg.span))


def _declared_name(declaration: ast.Declaration, text: str) -> Span:
    """The name's span inside `谓词 name(…)` (the AST keeps the statement's span only)."""
    return _name_span(declaration.name, declaration.span, text)


def _name_span(name: str, span: Span, text: str) -> Span:
    """Where `name` first occurs in a statement's first line (the AST keeps the statement's span only)."""
    lines = text.split("\n")
    line = lines[span.line - 1] if 0 < span.line <= len(lines) else ""
    start = line.find(name, span.column - 1)
    column = start + 1 if start >= 0 else span.column
    return Span(span.file, span.line, column, span.line, column + len(name))
