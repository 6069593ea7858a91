"""Defeasible rules → stratified Datalog, rule by rule (issue 3).

Semantics: defeasible logic with team defeat and ambiguity blocking
(Nute; Antoniou, Billington, Governatori, Maher 2001), restricted to
rulebooks where no conclusion depends, through a conflict, on itself.

Only *contested* predicates change: those named in a `互斥` declaration or
blocked by a `阻却` rule.  For each rule r concluding a contested p(ā):

    #适用r(v̄)      :- body of r                       r's conditions hold
    #候选p(ā)      :- #适用r(v̄)                       someone argues for p(ā)
    p(ā)           :- #适用r(v̄), 并非 #受阻p(ā)       r carries p(ā) unless blocked
                                                       (a strict r is never blocked)

and for every rule s arguing against p (a rule for a contrary, or a
defeater of p), with t ranging over the rules for p that are superior to s:

    #受阻p(ā)      :- #候选p(ā), #适用s(w̄), 并非 #胜s·p(ā)
    #胜s·p(ā)      :- #适用t(ū)                       team defeat: any stronger t

Each conclusion therefore keeps the rule that carried it (for proofs), and
the defeated rule's support is never removed (no superiority-removal
rewrite).  Strict rules simply cannot be blocked; their bodies are read on
the same (defeasible) conclusions as every other rule.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace

from jiuze.language import ast

APPLICABLE, CANDIDATE, BLOCKED, BEATEN, CONFLICT = "applicable", "candidate", "blocked", "beaten", "conflict"


@dataclass(frozen=True)
class Role:
    """What an auxiliary relation means, so explanations can speak of it in legal terms."""

    kind: str
    predicate: str  # the contested predicate
    rule: ast.Clause | None = field(default=None, compare=False)  # applicable: that rule; beaten: the attacker
    other: ast.Clause | None = field(default=None, compare=False)  # conflict: the permitted rule


@dataclass
class Expansion:
    clauses: list[ast.Clause]
    declarations: list[ast.Declaration]
    roles: dict[str, Role]
    attackers: dict[str, list[ast.Clause]]  # contested predicate -> rules arguing against it
    superior: set[tuple[str, str]]  # (rule id, rule id): first beats second


def superiority(rules: list[ast.Clause], priorities: list[ast.Priority]) -> set[tuple[str, str]]:
    """r beats s when a priority's superior label covers r's article and its inferior s's."""
    pairs = set()
    labelled = [r for r in rules if r.article]
    for priority in priorities:
        sup, inf = priority.superior.ref, priority.inferior.ref
        if sup is None or inf is None:
            continue
        # the rules on each side first (linear), then only their pairs: looping over every
        # pair of rules per priority made loading quadratic in the rulebook's size
        winners = [r.span.where for r in labelled if sup.covers(r.article)]
        losers = [s.span.where for s in labelled if inf.covers(s.article)]
        pairs.update(itertools.product(winners, losers))
    return pairs


def expand(clauses: list[ast.Clause], contraries: list[ast.Contrary], priorities: list[ast.Priority]) -> Expansion:
    rules = [c for c in clauses if not c.is_fact]
    contested = {p for c in contraries for p in (c.left.predicate, c.right.predicate)}
    contested |= {r.head.predicate for r in rules if r.strength == ast.DEFEATER}
    superior = superiority(rules, priorities)
    # A rulebook fact of a contested predicate is a strict rule without conditions, as in
    # standard defeasible logic: it holds, and it defeats every defeasible rule for the
    # contrary side (`nofly(t)。` beats `fly(X) 若 bird(X)`), instead of both holding.
    # Appended after the rules, so the rules' auxiliary relation names stay as they were.
    rules += [replace(c, strength=ast.STRICT) for c in clauses if c.is_fact and c.head.predicate in contested]
    builder = _Builder(superior)
    out = [
        c
        for c in clauses
        if (c.is_fact and c.head.predicate not in contested)
        or (not c.is_fact and c.head.predicate not in contested and c.strength != ast.DEFEATER)
    ]
    for index, rule in enumerate(rules):
        if rule.head.predicate in contested or rule.strength == ast.DEFEATER:
            out.extend(builder.rule(index, rule))
    for predicate in sorted(contested):
        for_p = [r for r in rules if r.head.predicate == predicate and r.strength != ast.DEFEATER]
        for attacker, pattern in _attackers(predicate, rules, contraries):
            out.extend(builder.attack(predicate, attacker, pattern, for_p))
    for contrary in contraries:
        out.extend(builder.conflicts(contrary, rules))
    return Expansion(out, builder.declarations, builder.roles, builder.attackers, superior)


def _attackers(predicate: str, rules: list[ast.Clause], contraries: list[ast.Contrary]):
    """(rule s, pattern of the p-instances s argues against), deterministic order."""
    for rule in rules:
        if rule.strength == ast.DEFEATER and rule.head.predicate == predicate:
            yield rule, _rename(rule.head, "攻").args
    for number, contrary in enumerate(contraries):
        for mine, theirs in ((contrary.left, contrary.right), (contrary.right, contrary.left)):
            if mine.predicate != predicate:
                continue
            mine_r, theirs_r = _rename(mine, f"对{number}"), _rename(theirs, f"对{number}")
            for rule in rules:
                if rule.head.predicate != theirs.predicate or rule.strength == ast.DEFEATER:
                    continue
                theta = _unify(theirs_r, _rename(rule.head, "攻"))
                if theta is not None:
                    yield rule, tuple(_subst(a, theta) for a in mine_r.args)


class _Builder:
    def __init__(self, superior: set[tuple[str, str]]):
        self.superior = superior
        self.declarations: list[ast.Declaration] = []
        self.roles: dict[str, Role] = {}
        self.attackers: dict[str, list[ast.Clause]] = {}
        self.applicable: dict[str, str] = {}  # rule id -> relation
        self._declared: set[str] = set()

    def declare(self, name: str, arity: int, reading: str, role: Role, span) -> None:
        if name in self._declared:
            return
        self._declared.add(name)
        params = tuple(f"参数{i + 1}" for i in range(arity))
        self.declarations.append(ast.Declaration(name, params, reading, None, span))
        self.roles[name] = role

    def rule(self, index: int, rule: ast.Clause) -> list[ast.Clause]:
        p = rule.head.predicate
        app = f"#适用{index + 1}"
        self.applicable[rule.span.where] = app
        head_vars = _head_variables(rule.head)
        label = str(rule.article) if rule.article else rule.span.where
        self.declare(
            app, len(head_vars), f"{label}（{rule.span.where}）的条件成立", Role(APPLICABLE, p, rule), rule.span
        )
        applicable = ast.Atom(app, head_vars, rule.head.span)
        out = [replace(rule, head=applicable, strength=ast.DEFEASIBLE, modality=None)]
        if rule.strength == ast.DEFEATER:
            return out
        candidate = f"#候选{p}"
        self.declare(candidate, rule.head.arity, f"有规则支持{p}", Role(CANDIDATE, p), rule.span)
        out.append(
            replace(
                rule,
                head=ast.Atom(candidate, rule.head.args, rule.head.span),
                body=(applicable,),
                strength=ast.DEFEASIBLE,
                modality=None,
            )
        )
        body: tuple = (applicable,)
        if rule.strength != ast.STRICT:
            blocked = ast.Atom(f"#受阻{p}", rule.head.args, rule.head.span)
            self.declare(blocked.predicate, rule.head.arity, f"{p}受到未被排除的反驳", Role(BLOCKED, p), rule.span)
            body += (ast.Negation(blocked, rule.head.span),)
        out.append(replace(rule, body=body))
        return out

    def attack(self, p: str, attacker: ast.Clause, pattern: tuple, for_p: list[ast.Clause]) -> list[ast.Clause]:
        if not for_p:
            return []
        self.attackers.setdefault(p, []).append(attacker)
        span = attacker.span
        blocked = ast.Atom(f"#受阻{p}", pattern, span)
        self.declare(blocked.predicate, len(pattern), f"{p}受到未被排除的反驳", Role(BLOCKED, p), span)
        body: tuple = (
            ast.Atom(f"#候选{p}", pattern, span),
            ast.Atom(self.applicable[attacker.span.where], _renamed_vars(attacker.head, "攻"), span),
        )
        out = []
        if attacker.strength != ast.STRICT:
            beaten = f"#胜{p}·{attacker.span.where}"
            self.declare(
                beaten, len(pattern), f"有优先于{attacker.span.where}的规则支持{p}", Role(BEATEN, p, attacker), span
            )
            body += (ast.Negation(ast.Atom(beaten, pattern, span), span),)
            for t in for_p:
                if (t.span.where, attacker.span.where) in self.superior:
                    t_app = ast.Atom(self.applicable[t.span.where], _head_variables(t.head), t.span)
                    out.append(
                        replace(
                            t,
                            head=ast.Atom(beaten, t.head.args, t.span),
                            body=(t_app,),
                            strength=ast.DEFEASIBLE,
                            modality=None,
                        )
                    )
        out.append(replace(attacker, head=blocked, body=body, strength=ast.DEFEASIBLE, modality=None))
        return out

    def conflicts(self, contrary: ast.Contrary, rules: list[ast.Clause]) -> list[ast.Clause]:
        """A required and a permitted conclusion declared contrary: record both, whoever wins."""
        out = []
        # only rules concluding one of the pair can match (the same pairs, in the same order,
        # as looping over every pair of rules, which made loading quadratic)
        named = (contrary.left.predicate, contrary.right.predicate)
        required = [r for r in rules if r.modality == ast.REQUIRED and r.head.predicate in named]
        permitted = [s for s in rules if s.modality == ast.PERMITTED and s.head.predicate in named]
        for r, s in itertools.product(required, permitted):
            if ast.DEFEATER in (r.strength, s.strength):
                continue
            for mine, theirs in ((contrary.left, contrary.right), (contrary.right, contrary.left)):
                if (r.head.predicate, s.head.predicate) != (mine.predicate, theirs.predicate):
                    continue
                pair_mine, pair_theirs = _rename(mine, "对"), _rename(theirs, "对")
                r_head, s_head = _rename(r.head, "甲"), _rename(s.head, "乙")
                theta = _unify(pair_mine, r_head)
                theta = _unify(pair_theirs, s_head, theta) if theta is not None else None
                if theta is None:
                    continue
                name = f"#冲突{r.span.where}·{s.span.where}"
                args = tuple(_subst(a, theta) for a in r_head.args + s_head.args)
                self.declare(name, len(args), "应当与可以的结论互斥", Role(CONFLICT, r.head.predicate, r, s), r.span)
                body = (
                    ast.Atom(
                        self.applicable[r.span.where],
                        tuple(_subst(v, theta) for v in _renamed_vars(r.head, "甲")),
                        r.span,
                    ),
                    ast.Atom(
                        self.applicable[s.span.where],
                        tuple(_subst(v, theta) for v in _renamed_vars(s.head, "乙")),
                        s.span,
                    ),
                )
                out.append(
                    replace(r, head=ast.Atom(name, args, r.span), body=body, strength=ast.DEFEASIBLE, modality=None)
                )
        return out


def _head_variables(atom: ast.Atom) -> tuple[ast.Variable, ...]:
    seen: dict[str, ast.Variable] = {}
    for var in ast.variables_of(atom):
        if not var.is_anonymous:
            seen.setdefault(var.name, var)
    return tuple(seen.values())


def _renamed_vars(atom: ast.Atom, prefix: str) -> tuple[ast.Variable, ...]:
    return _head_variables(_rename(atom, prefix))


_fresh = itertools.count(1)


def _rename(atom: ast.Atom, prefix: str) -> ast.Atom:
    """Variables of `atom` put in their own namespace; each `_` becomes a distinct variable."""

    def term(t):
        if isinstance(t, ast.Variable):
            name = f"{prefix}·_{next(_fresh)}" if t.is_anonymous else f"{prefix}·{t.name}"
            return ast.Variable(name, t.span)
        return t

    return ast.Atom(atom.predicate, tuple(term(a) for a in atom.args), atom.span)


def _walk(term, theta: dict):
    while isinstance(term, ast.Variable) and term.name in theta:
        term = theta[term.name]
    return term


def _unify(a: ast.Atom, b: ast.Atom, theta: dict | None = None) -> dict | None:
    if a.predicate != b.predicate or a.arity != b.arity:
        return None
    theta = dict(theta or {})
    for x, y in zip(a.args, b.args):
        x, y = _walk(x, theta), _walk(y, theta)
        if isinstance(x, ast.Variable):
            if not (isinstance(y, ast.Variable) and y.name == x.name):
                theta[x.name] = y
        elif isinstance(y, ast.Variable):
            theta[y.name] = x
        elif x != y:
            return None
    return theta


def _subst(term, theta: dict):
    return _walk(term, theta)
