"""A jiuze `Program` as an ASP program: the translation the clingo evaluator grounds.

The translation works from `Program` alone, never from the pyDatalog engine's
internals, and reproduces jiuze's semantics exactly where ASP's differ:

  · Values.  A name is an ASP string (escaped), an int an ASP int, a date the
    term `d(ordinal)`.  The three encodings never unify, so `=`/`!=` are exact.
    ASP orders *all* terms (ints < strings < functions) while jiuze's `<` is false
    across kinds, so an ordering comparison gets a variant per kind, each guarded
    by that kind's band of the term order.  What has no encoding (a bool, an int
    beyond clingo's 32 bits, a NUL in a name) raises `Unrepresentable`.
  · Arithmetic.  jiuze adds ints, adds/subtracts days to a date, subtracts dates;
    anything else is meaningless and the rule does not fire.  Each arithmetic
    term becomes one rule variant per kind combination.  int ⊕ int is computed
    by `@jz_add/@jz_sub/@jz_mul` (clingo.py), which call back into Python with
    the case number, so a result beyond 32 bits is not wrapped silently: that
    case is re-evaluated on pyDatalog.  Date arithmetic stays in ASP: a day
    number out of the date range (wrapped or not) fails the `d(1)..d(max)` guard,
    just as jiuze's OverflowError means "does not fire".
  · Counts.  `#计数N明细` (what was counted) is derived as in jiuze; `#计数N` has a
    row per group that has items, via `#count` over them, so a group with nothing
    counted has no row (not a 0).
  · Cases.  Every predicate gets the case number as its first argument, so one
    clingo call grounds a chunk of cases that cannot see each other; rulebook
    facts hold in every case (`p(K, …) :- case(K).`).

The program is stratified, so grounding alone decides it and there is exactly one
model.  Grounding ends because no recursive component computes new values
(`recursion_with_arithmetic` finds the rules that would; clingo.py then leaves
the program to pyDatalog, which has a time bound).
"""

from __future__ import annotations

import datetime
import functools
import itertools
from dataclasses import dataclass
from typing import Sequence

from jiuze.compile.program import Aggregate, CountLookup, Program
from jiuze.evaluate.firings import firing_layout
from jiuze.language import ast

MAX_ORDINAL = datetime.date.max.toordinal()
INT_MIN, INT_MAX = -(2**31), 2**31 - 1  # clingo's integers are 32-bit
CASE = "K"  # the case argument; jiuze variables become V0, V1, …
STRING_BAND = ('"" <= {x}', "{x} < d(0)")  # strings sit between ints and functions in ASP's order
INT_BAND = ('{x} < ""',)
ARITH_FUNCTIONS = {"+": "jz_add", "-": "jz_sub", "*": "jz_mul"}


class Unrepresentable(ValueError):
    """A value with no ASP encoding; `reason` says why, in Chinese."""

    def __init__(self, value, reason: str):
        self.value = value
        self.reason = reason
        super().__init__(f"{value!r}：{reason}")


# ================================================================ values


DATE = "d"  # a date is the ASP term d(its proleptic ordinal): ordered as dates are


@functools.lru_cache(maxsize=65536)  # a benchmark's facts repeat the same few names
def asp_value(value) -> str:
    """A jiuze constant as ASP term text."""
    if isinstance(value, bool):
        raise Unrepresentable(value, "clingo 求值器没有真假值的编码")
    if isinstance(value, int):
        if not INT_MIN <= value <= INT_MAX:
            raise Unrepresentable(value, "整数超出 clingo 的 32 位整数范围（-2147483648 至 2147483647）")
        return str(value)
    if isinstance(value, datetime.date):
        return f"{DATE}({value.toordinal()})"
    if isinstance(value, str):
        if "\0" in value:
            raise Unrepresentable(value, "clingo 的字符串不能含 NUL 字符")
        escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        return f'"{escaped}"'
    raise Unrepresentable(value, f"clingo 求值器没有 {type(value).__name__} 类型的编码")


def value_kind(value) -> str:
    return "date" if isinstance(value, datetime.date) else "int" if isinstance(value, int) else "str"


# ================================================================ terms


@dataclass(frozen=True)
class Alt:
    """One way a term can be evaluated: ASP text, the body literals it needs, and its kind if known.

    An arithmetic term has several (int + int, date + int, …); a variable or constant has one.
    """

    expr: str
    guards: tuple[str, ...] = ()
    kind: str | None = None  # "int" / "str" / "date", or None: decided at run time
    ordinal: str | None = None  # for a known date: the ASP text of its day number


def may_be(alt: Alt, kind: str) -> bool:
    return alt.kind in (None, kind)


class RuleScope:
    """Variable names for one jiuze rule: mangled (V0, …), plus fresh ones for arithmetic."""

    def __init__(self):
        self.names: dict[str, str] = {}
        self.fresh = itertools.count()

    def new(self, prefix: str) -> str:
        return f"{prefix}{next(self.fresh)}"

    def term(self, term) -> list[Alt]:
        if isinstance(term, ast.Constant):
            value = term.value
            ordinal = str(value.toordinal()) if isinstance(value, datetime.date) else None
            return [Alt(asp_value(value), (), value_kind(value), ordinal)]
        if isinstance(term, ast.Variable):
            if term.is_anonymous:
                return [Alt("_")]
            return [Alt(self.names.setdefault(term.name, f"V{len(self.names)}"))]
        return [
            alt
            for left in self.term(term.left)
            for right in self.term(term.right)
            for alt in self.arithmetic(term.op, left, right)
        ]

    def ordinal(self, alt: Alt) -> tuple[str, tuple[str, ...]]:
        """The day number of a date-valued alternative, with a guard when its kind is not known."""
        if alt.kind == "date":
            return alt.ordinal, ()
        day = self.new("A")
        return day, (f"{alt.expr} = d({day})",)

    def arithmetic(self, op: str, left: Alt, right: Alt) -> list[Alt]:
        """values.arith, one variant per kind combination; each result bound to a fresh variable."""
        guards = left.guards + right.guards
        out = []
        if may_be(left, "int") and may_be(right, "int"):
            result = self.new("T")
            call = f"@{ARITH_FUNCTIONS[op]}({CASE}, {left.expr}, {right.expr})"
            out.append(Alt(result, guards + (f"{result} = {call}",), "int"))
        if op in "+-" and may_be(left, "date") and may_be(right, "int"):
            day, guard = self.ordinal(left)
            out.append(self.shifted(f"{day} {op} {right.expr}", guards + guard))
        if op == "+" and may_be(left, "int") and may_be(right, "date"):
            day, guard = self.ordinal(right)
            out.append(self.shifted(f"{left.expr} + {day}", guards + guard))
        if op == "-" and may_be(left, "date") and may_be(right, "date"):
            (a, ga), (b, gb) = self.ordinal(left), self.ordinal(right)
            result = self.new("T")
            out.append(Alt(result, guards + ga + gb + (f"{result} = {a} - {b}",), "int"))
        return out

    def shifted(self, expression: str, guards: tuple[str, ...]) -> Alt:
        """A date from a day number, dropped outside datetime.date's range (jiuze: OverflowError → None).

        The range is checked on the `d(…)` term, not the number: gringo turns `1 <= T, T <= max` into
        an interval and enumerates its 3.6 million values (seconds per rule, with or without facts)."""
        day, date = self.new("T"), self.new("D")
        bounds = (f"{day} = {expression}", f"{date} = d({day})", f"d(1) <= {date}", f"{date} <= d({MAX_ORDINAL})")
        return Alt(date, guards + bounds, "date", day)


# ================================================================ literals


class Translator:
    """Program → ASP text.  Each body literal becomes a list of alternatives (lists of ASP literals);
    a rule becomes one ASP rule per combination."""

    def __init__(self, program: Program):
        self.program = program
        self.names: dict[str, str] = {}
        self.arity: dict[str, int] = {}
        self.uses_case = bool(program.facts)  # does any rule read case(K)? then each chunk states it
        self.firings: dict = {}  # rule number -> its firing layout (rules translated with one)
        for name, declaration in sorted(program.declarations.items()):
            self.declare(name, declaration.arity)
        for aggregate in program.aggregates:
            self.declare(aggregate.relation, len(aggregate.group) + 1)
            self.declare(aggregate.items_relation, len(aggregate.group) + len(aggregate.counted))
        for rule in program.rules:
            self.declare(rule.head.predicate, rule.head.arity)

    def declare(self, predicate: str, arity: int) -> None:
        self.names.setdefault(predicate, f"p{len(self.names)}")
        self.arity.setdefault(predicate, arity)

    def atom(self, predicate: str, args: Sequence[str]) -> str:
        return f"{self.names[predicate]}({', '.join((CASE, *args))})"

    def text(self) -> str:
        """The whole program, rules in rulebook order (deterministic)."""
        lines = [
            f"{self.atom(f.predicate, [asp_value(v) for v in f.values])} :- case({CASE})." for f in self.program.facts
        ]
        for rule in self.program.rules:
            lines += self.rule(rule.head, rule.evaluated_body)
        for aggregate in self.program.aggregates:
            lines += self.aggregate(aggregate)
        return "\n".join(lines) + "\n"

    def rule(self, head: ast.Atom, body, firing: int | None = None) -> list[str]:
        """The ASP rules of one jiuze rule; with `firing` (its number in `program.rules`), the head is
        derived through the firing atom `f<firing>(K, firing variables…)`,
        which the clingo evaluator shows so proofs need not match the body again (firings.py)."""
        layout = firing_layout(head, body) if firing is not None else None
        if layout is not None:
            body = layout.body
        scope = RuleScope()
        choices = [self.literal(literal, scope) for literal in body]
        heads = [[(alt.expr, alt.guards) for alt in scope.term(arg)] for arg in head.args]
        grounded = any(isinstance(lit, (ast.Atom, CountLookup)) for lit in body)
        out = []
        for args in itertools.product(*heads):
            for combination in itertools.product(*choices):
                literals = [g for _, guards in args for g in guards]
                literals += [piece for alternative in combination for piece in alternative]
                if not grounded:
                    literals.insert(0, f"case({CASE})")  # a case number for a rule of filters only
                    self.uses_case = True
                if layout is None:
                    head_text = self.atom(head.predicate, [expr for expr, _ in args])
                else:
                    values = [scope.names[name] for name in layout.names]
                    head_text = f"f{firing}({', '.join((CASE, *values))})"
                out.append(f"{head_text} :- {', '.join(literals)}." if literals else f"{head_text}.")
        if layout is not None:
            out.append(self._head_from_firing(head, firing, layout, scope))
        return out

    def _head_from_firing(self, head: ast.Atom, firing: int, layout, scope: RuleScope) -> str:
        """`head(K, …) :- f<n>(K, …).` (a layout's head is variables of the body and constants)."""
        args = [scope.term(arg)[0].expr for arg in head.args]
        values = [scope.names[name] for name in layout.names]
        self.firings[firing] = layout
        return f"{self.atom(head.predicate, args)} :- f{firing}({', '.join((CASE, *values))})."

    def literal(self, literal, scope: RuleScope) -> list[list[str]]:
        if isinstance(literal, ast.Atom):
            return self.relation(literal.predicate, literal.args, scope, negated=False)
        if isinstance(literal, ast.Negation):
            return self.relation(literal.atom.predicate, literal.atom.args, scope, negated=True)
        if isinstance(literal, CountLookup):
            args = [scope.term(v)[0].expr for v in literal.aggregate.group + (literal.result,)]
            return [[self.atom(literal.aggregate.relation, args)]]
        return [
            list(alt)
            for left in scope.term(literal.left)
            for right in scope.term(literal.right)
            for alt in compare(literal.op, left, right, scope)
        ]

    def relation(self, predicate: str, args, scope: RuleScope, negated: bool) -> list[list[str]]:
        """An atom, or its negation as failure; arithmetic arguments are computed outside the `not`."""
        self.declare(predicate, len(args))  # a relation only read (the checks declare them all)
        out = []
        for alts in itertools.product(*(scope.term(a) for a in args)):
            guards = [g for alt in alts for g in alt.guards]
            text = self.atom(predicate, [alt.expr for alt in alts])
            out.append(guards + [f"not {text}" if negated else text])
        return out

    def aggregate(self, aggregate: Aggregate) -> list[str]:
        """The items relation as a rule; the count relation with a row only for groups that have items."""
        items = ast.Atom(aggregate.items_relation, aggregate.group + aggregate.counted, aggregate.span)
        rules = self.rule(items, aggregate.body)
        group = [f"G{i}" for i in range(len(aggregate.group))]
        counted = [f"C{i}" for i in range(len(aggregate.counted))]
        some = self.atom(aggregate.items_relation, group + ["_"] * len(counted))
        each = self.atom(aggregate.items_relation, group + counted)
        tuple_text = ", ".join(counted) or "0"  # counting () tuples: 1 per group with an item
        count = self.atom(aggregate.relation, group + ["N"])
        rules.append(f"{count} :- {some}, N = #count{{ {tuple_text} : {each} }}.")
        return rules


def compare(op: str, left: Alt, right: Alt, scope: RuleScope) -> list[tuple[str, ...]]:
    """values.compare: `=`/`!=` are exact on our encoding; an order holds only within one kind."""
    guards = left.guards + right.guards
    known_apart = left.kind and right.kind and left.kind != right.kind
    if op in ("=", "!="):
        if known_apart:
            return [guards] if op == "!=" else []
        return [guards + (f"{left.expr} {op} {right.expr}",)]
    out = []
    for kind in ("int", "str", "date"):
        if not (may_be(left, kind) and may_be(right, kind)):
            continue
        if kind == "date":
            (a, ga), (b, gb) = scope.ordinal(left), scope.ordinal(right)
            out.append(guards + ga + gb + (f"{a} {op} {b}",))
            continue
        band = INT_BAND if kind == "int" else STRING_BAND
        checks = tuple(g.format(x=alt.expr) for alt in (left, right) if alt.kind is None for g in band)
        out.append(guards + checks + (f"{left.expr} {op} {right.expr}",))
    return out


# ================================================================ what clingo cannot run


def recursion_with_arithmetic(program: Program) -> list:
    """Rules of a recursive component that use arithmetic: grounding them may never end
    (`p(X + 1) 若 p(X)`), so such a program is left to pyDatalog."""
    return [
        rule
        for rule in program.rules
        if rule.head.predicate in program.recursive
        and any(isinstance(term, ast.Arithmetic) for node in (rule.head, *rule.body) for term in _terms(node))
    ]


def _terms(node) -> list:
    if isinstance(node, ast.Atom):
        return [t for arg in node.args for t in _terms(arg)]
    if isinstance(node, ast.Negation):
        return _terms(node.atom)
    if isinstance(node, ast.Comparison):
        return _terms(node.left) + _terms(node.right)
    if isinstance(node, ast.Arithmetic):
        return [node, *_terms(node.left), *_terms(node.right)]
    if isinstance(node, CountLookup):
        return [t for lit in node.aggregate.body for t in _terms(lit)]
    return [node]
