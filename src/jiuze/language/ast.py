"""The rule language's abstract syntax: frozen, hashable, every node spanned.

Both surfaces (Chinese and ASCII) produce exactly these nodes, so every later
stage is surface-blind.  Values are `str` (names and quoted strings are the
same constant), `int` or `datetime.date`.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass, field
from typing import Union

from jiuze.language.articles import ArticleRef
from jiuze.language.source import Span

Value = Union[str, int, datetime.date]


@dataclass(frozen=True, slots=True)
class Variable:
    name: str
    span: Span = field(compare=False)

    @property
    def is_anonymous(self) -> bool:
        return self.name == "_"

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True, slots=True)
class Constant:
    value: Value
    span: Span = field(compare=False)

    def __str__(self) -> str:
        return format_value(self.value)


@dataclass(frozen=True, slots=True)
class Arithmetic:
    """`left op right` with op in + - * over integers."""

    op: str
    left: "Term"
    right: "Term"
    span: Span = field(compare=False)

    def __str__(self) -> str:
        return f"{_operand(self.left)} {self.op} {_operand(self.right)}"


def _operand(term) -> str:
    return f"({term})" if isinstance(term, Arithmetic) else str(term)


Term = Union[Variable, Constant, Arithmetic]


@dataclass(frozen=True, slots=True)
class Atom:
    predicate: str
    args: tuple[Term, ...]
    span: Span = field(compare=False)

    @property
    def arity(self) -> int:
        return len(self.args)

    def __str__(self) -> str:
        return f"{self.predicate}({', '.join(map(str, self.args))})"


@dataclass(frozen=True, slots=True)
class Negation:
    """并非 atom: negation as failure."""

    atom: Atom
    span: Span = field(compare=False)

    def __str__(self) -> str:
        return f"并非 {self.atom}"


@dataclass(frozen=True, slots=True)
class Comparison:
    """left op right, op in = != < <= > >=; `=` also binds an unbound side."""

    op: str
    left: Term
    right: Term
    span: Span = field(compare=False)

    def __str__(self) -> str:
        return f"{self.left} {self.op} {self.right}"


@dataclass(frozen=True, slots=True)
class Count:
    """result = 计数{counted : body}: distinct `counted` tuples per group.

    The group is every variable of `body` that also occurs outside the count.
    """

    result: Variable
    counted: tuple[Variable, ...]
    body: tuple["Literal", ...]
    span: Span = field(compare=False)

    def __str__(self) -> str:
        inner = "，".join(map(str, self.body))
        return f"{self.result} = 计数{{{', '.join(map(str, self.counted))} ： {inner}}}"


Literal = Union[Atom, Negation, Comparison, Count]


@dataclass(frozen=True, slots=True)
class Label:
    """An article label as written, with its parsed reference (None if malformed)."""

    text: str
    ref: ArticleRef | None
    span: Span = field(compare=False)


STRICT, DEFEASIBLE, DEFEATER = "strict", "defeasible", "defeater"
REQUIRED, PERMITTED, FORBIDDEN = "required", "permitted", "forbidden"
STRENGTH_ZH = {STRICT: "严格", DEFEASIBLE: "可废", DEFEATER: "阻却"}
MODALITY_ZH: dict[str | None, str] = {REQUIRED: "应当", PERMITTED: "可以", FORBIDDEN: "不得"}


@dataclass(frozen=True, slots=True)
class Clause:
    """A fact (empty body) or a rule, with the article it implements.

    strength: strict (cannot be defeated), defeasible (the default: holds
    unless a contrary rule that is not inferior applies), or defeater (only
    blocks its head, concludes nothing).  modality: what the conclusion is
    for the person concerned: required (应当), permitted (可以), forbidden (不得).
    """

    head: Atom
    body: tuple[Literal, ...]
    article: ArticleRef | None
    span: Span = field(compare=False)
    strength: str = DEFEASIBLE
    modality: str | None = None
    valid_from: datetime.date | None = None  # the rule's own period of validity [from, until), if any
    valid_until: datetime.date | None = None

    @property
    def id(self) -> str:
        return self.span.where

    @property
    def is_fact(self) -> bool:
        return not self.body

    @property
    def validity_text(self) -> str:
        if self.valid_from is None or self.valid_until is None:
            return ""
        return f" 有效 {self.valid_from.isoformat()} 至 {self.valid_until.isoformat()}"

    def __str__(self) -> str:
        prefix = "" if self.strength == DEFEASIBLE else STRENGTH_ZH[self.strength] + " "
        if self.modality:
            prefix += MODALITY_ZH[self.modality] + " "
        if not self.body:
            return f"{prefix}{self.head}{self.validity_text}。"
        return f"{prefix}{self.head} 若 {'，'.join(map(str, self.body))}{self.validity_text}。"


@dataclass(frozen=True, slots=True)
class Declaration:
    """谓词 name(params) 读作 "reading": the predicate's arity and Chinese reading."""

    name: str
    params: tuple[str, ...]
    reading: str | None
    article: ArticleRef | None
    span: Span = field(compare=False)

    @property
    def arity(self) -> int:
        return len(self.params)


@dataclass(frozen=True, slots=True)
class Priority:
    """superior 优先于 inferior (used by the defeasible layer)."""

    superior: Label
    inferior: Label
    span: Span = field(compare=False)


@dataclass(frozen=True, slots=True)
class Scenario:
    """A named test case: facts, and conclusions expected to hold / not hold."""

    name: str
    facts: tuple[Atom, ...]
    expect_holds: tuple[Atom, ...]
    expect_absent: tuple[Atom, ...]
    span: Span = field(compare=False)


@dataclass(frozen=True, slots=True)
class Contrary:
    """互斥 left 与 right: the two cannot both hold for shared variables' values."""

    left: Atom
    right: Atom
    span: Span = field(compare=False)

    def __str__(self) -> str:
        return f"互斥 {self.left} 与 {self.right}。"


@dataclass(frozen=True, slots=True)
class ArticleMeta:
    """条文 …: what a rulebook says about an article itself rather than a case.

    `label` None means the whole rulebook.  A declaratory article has no
    operative clause (立法目的、原则、解释权…); validity is [valid_from, valid_until).
    """

    label: Label | None
    declaratory: bool
    valid_from: datetime.date | None
    valid_until: datetime.date | None
    note: str | None
    span: Span = field(compare=False)

    def covers(self, ref: ArticleRef | None) -> bool:
        if self.label is None:
            return True
        return ref is not None and self.label.ref is not None and self.label.ref.covers(ref)

    def in_force(self, day: datetime.date) -> bool:
        if self.valid_from and day < self.valid_from:
            return False
        return not (self.valid_until and day >= self.valid_until)


@dataclass(frozen=True, slots=True)
class OverlayHeader:
    """依据 / 办法名称 / 制定机关 / 施行日期 of a provincial overlay (第二十八条).

    kind: base (value None = the national rulebook, else a path), name, issuer, effective.
    """

    kind: str
    value: object
    span: Span = field(compare=False)


@dataclass(frozen=True, slots=True)
class Amendment:
    """修改 / 废止 / 增加 a label of the base rulebook, optionally as a declared deviation."""

    kind: str  # amend | repeal | add
    label: Label
    deviation: str | None
    statements: tuple
    span: Span = field(compare=False)
    conclusion: str | None = None  # 修改 第二十七条 申诉答复期限: only that article's rules for this predicate

    def targets(self, clause: "Clause") -> bool:
        """Whether this 修改 / 废止 replaces or removes `clause` of the base."""
        return (
            self.label.ref is not None
            and clause.article is not None
            and self.label.ref.covers(clause.article)
            and (self.conclusion is None or clause.head.predicate == self.conclusion)
        )


@dataclass(frozen=True, slots=True)
class Parameter:
    """参数 name = value （不得大于 / 不得小于）: a number the rules use by name.

    direction: at_most (a province may lower it), at_least (may raise it), None (may not move it
    without a declared deviation)."""

    name: str
    value: int
    direction: str | None
    span: Span = field(compare=False)


@dataclass(frozen=True, slots=True)
class Setting:
    """设定 name = value: an overlay's value for a parameter of its base."""

    name: str
    value: int
    deviation: str | None
    span: Span = field(compare=False)


Statement = Union[
    Clause, Declaration, Priority, Contrary, ArticleMeta, OverlayHeader, Amendment, Scenario, Parameter, Setting
]


@dataclass(frozen=True, slots=True)
class Module:
    """One parsed file: its statements in source order, and its labels."""

    path: str
    text: str
    statements: tuple[Statement, ...]
    labels: tuple[Label, ...] = ()

    def of_type(self, kind: type) -> list:
        return [s for s in self.statements if isinstance(s, kind)]


def format_value(value: Value) -> str:
    """How a constant is printed in rule syntax and explanations."""
    if type(value) is str:  # the common case first: every conclusion of a batch is printed
        return value if _is_plain_name(value) else f"“{value}”"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if _is_plain_name(value):
        return value
    return f"“{value}”"


@functools.lru_cache(maxsize=8192)  # explanations print the same few names thousands of times
def _is_plain_name(text: str) -> bool:
    if not text:
        return False
    first = text[0]
    if not ("a" <= first <= "z" or "\u3400" <= first <= "\u9fff" or "\uf900" <= first <= "\ufaff"):
        return False
    return all(ch.isalnum() or ch == "_" for ch in text) and text.isprintable()


def variables_of(node) -> list[Variable]:
    """Every variable in a term, atom or literal, in source order (with repeats)."""
    if isinstance(node, Variable):
        return [node]
    if isinstance(node, Constant):
        return []
    if isinstance(node, Arithmetic):
        return variables_of(node.left) + variables_of(node.right)
    if isinstance(node, Atom):
        return [v for a in node.args for v in variables_of(a)]
    if isinstance(node, Negation):
        return variables_of(node.atom)
    if isinstance(node, Comparison):
        return variables_of(node.left) + variables_of(node.right)
    if isinstance(node, Count):
        return [node.result] + [v for lit in node.body for v in variables_of(lit)]
    raise TypeError(node)
