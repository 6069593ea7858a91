"""The case vocabulary of a rulebook (`jiuze vocab`): the input predicates a
case can state, with their reading, parameters, and the articles whose
rules use them.

A predicate is an *input* when no rule concludes it, or when every rule
concluding it only says "a more specific kind of it holds"
(`逼供(P, C) 若 刑讯逼供(P, C)`, `认定事实错误(C) 若 主要犯罪事实错误(C)`):
such a predicate can be stated directly or follow from the more specific
fact.  Auxiliary relations (`#…`) are never listed.
"""

from __future__ import annotations

from dataclasses import dataclass

from jiuze.compile.program import CountLookup, Program, Rule
from jiuze.language import ast
from jiuze.language.articles import ArticleRef, to_chinese
from jiuze.language.source import display_width


@dataclass(frozen=True)
class VocabEntry:
    predicate: str
    params: tuple[str, ...]
    reading: str
    articles: tuple[ArticleRef, ...]  # articles of the rules whose body mentions the predicate
    declared_at: str  # file:line of the declaration
    also_derived: bool  # some ("is a kind of") rule concludes it too

    @property
    def signature(self) -> str:
        return f"{self.predicate}({', '.join(self.params)})"


def input_predicates(program: Program) -> list[str]:
    """Names of the input predicates, in declaration order: `vocabulary`'s, without the articles
    that use each (what every case load asks, through `stateable`)."""
    return sorted(_input_names(program), key=lambda name: _place(program.declarations[name]))


_STATEABLE: dict[int, tuple[Program, frozenset[str]]] = {}  # id(program) -> (program, its inputs)


def stateable(program: Program) -> frozenset[str]:
    """The predicates a case may state (its inputs), computed once per program: a case
    stating a conclusion of the rules (`应当追究(张三, 案1)`) would decide the question
    it asks, so every loader refuses one."""
    kept = _STATEABLE.get(id(program))
    if kept is None or kept[0] is not program:
        if len(_STATEABLE) > 8:
            _STATEABLE.clear()
        kept = _STATEABLE[id(program)] = (program, frozenset(input_predicates(program)))
    return kept[1]


_SHAPES: dict[tuple[int, bool], tuple[Program, dict[str, int]]] = {}  # (id(program), inputs only) -> …


def fact_shapes(program: Program, inputs_only: bool = True) -> dict[str, int]:
    """Predicate -> arity of every predicate a case may state a fact of (declared, not an auxiliary
    `#` relation, and with `inputs_only` stateable): a fact of that predicate and arity whose values
    are plain str/int/date needs no other check, which is what loading a batch line asks ~20 times."""
    key = (id(program), inputs_only)
    kept = _SHAPES.get(key)
    if kept is None or kept[0] is not program:
        allowed = stateable(program) if inputs_only else program.declarations.keys()
        shapes = {
            name: declaration.arity
            for name, declaration in program.declarations.items()
            if name in allowed and not name.startswith("#")
        }
        if len(_SHAPES) > 16:
            _SHAPES.clear()
        kept = _SHAPES[key] = (program, shapes)
    return kept[1]


def concluded_problem(predicate: str) -> tuple[str, str]:
    """(message, hint) for a case fact of a predicate the rules conclude."""
    return (
        f"“{predicate}”是规则推出的结论，案件不能直接陈述它",
        "案件只陈述事实（谁、做了什么、何时、何种过错），结论由规则库得出；jiuze vocab 列出案件可以陈述的谓词。",
    )


def vocabulary(program: Program) -> list[VocabEntry]:
    """Every input predicate, in declaration order (file, line)."""
    derived = {r.head.predicate for r in program.rules}
    users = _articles_by_body_predicate(program.rules)
    entries = []
    for name in _input_names(program, derived):
        declaration = program.declarations[name]
        entries.append(
            VocabEntry(
                name,
                declaration.params,
                declaration.reading or "",
                tuple(sorted(users.get(name, ()))),
                declaration.span.where,
                name in derived,
            )
        )
    return sorted(entries, key=lambda e: _place(program.declarations[e.predicate]))


def _input_names(program: Program, derived: set[str] | None = None) -> list[str]:
    """The declared predicates a case may state, in the declarations' order: not internal (`#…`), and
    not concluded by the rules unless only as a kind of an input (`_kind_of_only`)."""
    if derived is None:
        derived = {r.head.predicate for r in program.rules}
    kinds = _kind_of_only(program, derived)
    return [
        name for name in program.declarations if not (name.startswith("#") or (name in derived and name not in kinds))
    ]


def _place(declaration: ast.Declaration) -> tuple:
    span = declaration.span
    return (span.file, span.line, span.column, declaration.name)


def _kind_of_only(program: Program, derived: set[str]) -> set[str]:
    """Derived predicates whose every rule is `p(X…) 若 q(X…)` with q an input predicate."""
    by_head: dict[str, list[Rule]] = {}
    for rule in program.rules:
        by_head.setdefault(rule.head.predicate, []).append(rule)
    found = set()
    for name, rules in by_head.items():
        if name.startswith("#"):
            continue
        if all(_is_kind_of(rule, derived) for rule in rules):
            found.add(name)
    return found


def _is_kind_of(rule: Rule, derived: set[str]) -> bool:
    if len(rule.body) != 1 or not isinstance(rule.body[0], ast.Atom):
        return False
    body = rule.body[0]
    if body.predicate in derived or body.predicate.startswith("#"):
        return False
    head_vars, body_vars = rule.head.args, body.args
    plain = all(isinstance(t, ast.Variable) and not t.is_anonymous for t in head_vars + body_vars)
    names = [t.name for t in head_vars] if plain else []
    return plain and len(set(names)) == len(names) and set(names) == {t.name for t in body_vars}


def _articles_by_body_predicate(rules) -> dict[str, set[ArticleRef]]:
    found: dict[str, set[ArticleRef]] = {}
    for rule in rules:
        if rule.article is None:
            continue
        for name in _body_predicates(rule.body):
            found.setdefault(name, set()).add(rule.article)
    return found


def _body_predicates(body) -> list[str]:
    names = []
    for literal in body:
        if isinstance(literal, ast.Atom):
            names.append(literal.predicate)
        elif isinstance(literal, ast.Negation):
            names.append(literal.atom.predicate)
        elif isinstance(literal, CountLookup):
            names.extend(_body_predicates(literal.aggregate.body))
    return names


def format_articles(refs) -> str:
    """第六条第（十一）（十二）项、第二十四条第（五）项: items of one article merged."""
    groups: dict[tuple, list[int | None]] = {}
    for ref in sorted(set(refs)):
        groups.setdefault((ref.article, ref.paragraph), []).append(ref.item)
    parts = []
    for (article, paragraph), items in groups.items():
        base = str(ArticleRef(article, paragraph))
        if None in items:
            parts.append(base)
        numbered = [i for i in items if i is not None]
        if numbered:
            parts.append(base + "第" + "".join(f"（{to_chinese(i)}）" for i in numbered) + "项")
    return "、".join(parts)


# ---------------------------------------------------------------- rendering


def vocab_text(entries: list[VocabEntry]) -> str:
    """An aligned table: 谓词（参数） | 条文 | 读作 (widest column last)."""
    header = ("谓词", "使用它的条文", "读作")
    rows = [
        (
            e.signature + ("*" if e.also_derived else ""),
            format_articles(e.articles) or "（无规则使用）",
            e.reading or "（无读法）",
        )
        for e in entries
    ]
    lines = align([header] + rows)
    lines.insert(1, "-" * max(display_width(line) for line in lines))
    footer = f"共 {len(entries)} 个输入谓词。"
    if any(e.also_derived for e in entries):
        footer += "带 * 的谓词也可以由更具体的事实推出（例如 逼供 由 刑讯逼供 推出）。"
    return "\n".join(lines + ["", footer]) + "\n"


def align(rows: list[tuple[str, ...]], gap: int = 2) -> list[str]:
    """Columns padded by display width (CJK counts 2); the last column is not padded."""
    widths = [max(display_width(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    lines = []
    for row in rows:
        cells = [cell + " " * (widths[i] - display_width(cell) + gap) for i, cell in enumerate(row[:-1])]
        lines.append(("".join(cells) + row[-1]).rstrip())
    return lines


def vocab_data(entries: list[VocabEntry]) -> dict:
    return {
        "predicates": [
            {
                "predicate": e.predicate,
                "params": list(e.params),
                "reading": e.reading,
                "articles": [str(a) for a in e.articles],
                "declared_at": e.declared_at,
                "also_derived": e.also_derived,
            }
            for e in entries
        ]
    }
