"""Explanations in legal terms: folded proofs with rebuttals, why-not, conflicts.

The prover works on the compiled program, where a contested conclusion is
carried by auxiliary relations (#适用, #受阻, #胜 …, see defeasible.py).
This module turns those back into what a drafter reads: "p holds by 第六条;
the rebuttal of 第十四条 does not apply", or "p does not hold: 第八条 is
displaced by 第九条", or "condition X is missing from the case".
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from jiuze.compile.defeasible import APPLICABLE, CONFLICT
from jiuze.compile.program import CountLookup, Program, Rule
from jiuze.evaluate.binding import order_for_binding
from jiuze.evaluate.facts import FactIndex
from jiuze.evaluate.values import equal, row_key
from jiuze.explain.matching import match_body, match_literal, pattern_of, unify_row
from jiuze.explain.proof import DERIVED, GroundAtom, Proof, Prover
from jiuze.language import ast

REBUTTED = "rebutted"  # a counter-argument that fired and was beaten
WHY_NOT, MISSING, FAILED, DEFEATED, HOLDS = "why-not", "missing", "failed", "defeated", "holds"
NO_RULE = "no-rule"  # a derived predicate, but no rule's head can take these values
_RANK = {ast.REQUIRED: 3, ast.FORBIDDEN: 2, ast.PERMITTED: 1}


@dataclass(frozen=True)
class ConflictSide:
    atom: GroundAtom
    rule: Rule
    proof: Proof  # of the conclusion if it holds, else of the rule's conditions


@dataclass(frozen=True)
class Conflict:
    """A required and a permitted conclusion declared contrary, both supported."""

    required: ConflictSide
    permitted: ConflictSide
    winner: str  # "required", "permitted" or "neither"


class Arguments:
    def __init__(self, program: Program, index: FactIndex, prover: Prover, reader):
        self.program, self.index, self.prover, self.read = program, index, prover, reader
        self.rules_by_head = program.rules_by_head
        self._folded: dict[tuple, tuple] = {}  # (id(proof), rebuttals) -> (proof, folded): sub-proofs are shared

    # ------------------------------------------------------------ why

    def fold(self, proof: Proof | None, rebuttals: bool = True) -> Proof | None:
        """Replace auxiliary steps by the rule's own conditions (and, at the top, its rebuttals)."""
        if proof is None or proof.kind != DERIVED:
            return proof
        known = self._folded.get((id(proof), rebuttals))
        if known is not None and known[0] is proof:
            return known[1]
        folded = self._fold(proof, rebuttals)
        self._folded[(id(proof), rebuttals)] = (proof, folded)  # keeps `proof` alive, so its id stays its own
        return folded

    def _fold(self, proof: Proof, rebuttals: bool) -> Proof:
        premises = proof.premises
        if premises and premises[0].atom and self._role(premises[0].atom.predicate) == APPLICABLE:
            inner = [self.fold(p, rebuttals) for p in premises[0].premises]
            countered = self.rebuttals(proof.atom) if rebuttals else []
            return replace(proof, premises=tuple(inner + countered))
        return replace(proof, premises=tuple(self.fold(p, rebuttals) for p in premises))

    def attacks(self, atom: GroundAtom):
        """(blocking rule, attacker's applicability literal, its row, attacker) for each
        counter-argument whose conditions hold against `atom`."""
        for rule in self.rules_by_head.get(f"#受阻{atom.predicate}", []):
            binding = unify_row(rule.head, atom.values, {})
            if binding is None:
                continue
            literal = rule.body[1]
            for row in self.index.rows(literal.predicate, pattern_of(literal, binding)):
                yield rule, literal, row, self.program.roles[literal.predicate].rule

    def attack_rows(self, predicate: str, values: tuple) -> list[tuple]:
        """(attacker's applicability literal, its row) of each of `attacks`, in the same order,
        without the atom and binding it builds: batch asks this of every contested conclusion.
        A blocking rule whose head is distinct variables and whose literal reads only those has
        one row to look up, and when its values are all text the index can only return that row."""
        index, out = self.index, []
        for rule, literal, plan in _attack_plans(self.program).get(predicate, ()):
            if plan is not None:
                places, constants = plan
                if constants and not all(equal(value, values[i]) for i, value in constants):
                    continue  # as unify_row: the head's constant is not this atom's value
                row = tuple([values[i] for i in places])
                if all(type(v) is str for v in row):
                    if (literal.predicate, row) in index:
                        out.append((literal, row))
                    continue
            binding = unify_row(rule.head, values, {})
            if binding is not None:
                out.extend((literal, row) for row in index.rows(literal.predicate, pattern_of(literal, binding)))
        return out

    def rebuttals(self, atom: GroundAtom) -> list[Proof]:
        """Every counter-argument that fired against `atom`, with the rule that beat it."""
        return [self._rebuttal(rule, literal, row, atom) for rule, literal, row, _ in self.attacks(atom)]

    def _rebuttal(self, rule: Rule, literal: ast.Atom, row: tuple, atom: GroundAtom) -> Proof:
        attacker = self.program.roles[literal.predicate].rule
        claim = self._claim(attacker, row)
        winner = self.prover.prove(f"#胜{atom.predicate}·{attacker.span.where}", atom.values)
        beaten_by = winner.rule if winner else None
        label = _label(attacker)
        if beaten_by is not None:
            text = f"{label} 的反驳不成立：被 {_label(beaten_by)} 排除"
            reading = f"{_label(beaten_by)} 优先于 {label}"
        else:
            text, reading = f"{label} 的反驳", ""
        conditions = self.prover.prove(literal.predicate, row)
        children = tuple(self.fold(p) for p in conditions.premises) if conditions else ()
        return Proof(REBUTTED, text, reading, claim, attacker_rule(attacker), premises=children)

    def _claim(self, attacker: ast.Clause, row: tuple) -> GroundAtom:
        """What the attacking rule argues for (a defeater: the conclusion it blocks)."""
        names = [v.name for v in _head_vars(attacker.head)]
        binding = dict(zip(names, row))
        return GroundAtom(attacker.head.predicate, pattern_of(attacker.head, binding))

    def _role(self, predicate: str) -> str | None:
        role = self.program.roles.get(predicate)
        return role.kind if role else None

    # ------------------------------------------------------------ modality and conflicts

    def modality(self, atom: GroundAtom) -> str | None:
        return self.modality_of(atom.predicate, atom.values)

    def modality_of(self, predicate: str, values: tuple) -> str | None:
        if predicate not in self.program.modal_predicates:
            return None  # no rule for it carries a modality
        uniform = _uniform_modality(self.program).get(predicate)
        if uniform is not None and self._derived(predicate, values):  # whichever of its rules fired carries this one
            modality, heads = uniform
            return modality if heads.accept(values) else None
        firings = self.prover.firings
        if firings is not None and firings.covers(predicate):  # the evaluator said which rules fired
            found = [r.modality for r in firings.rules_of(predicate, values) if r.modality]
            return max(found, key=_RANK.get) if found else None
        candidates = [r for r in self.rules_by_head.get(predicate, []) if unify_row(r.head, values, {}) is not None]
        kinds = {r.modality for r in candidates}
        if len(kinds) == 1 and self._derived(predicate, values):
            return kinds.pop()  # some candidate fired, and they all say the same: no need to find which
        found = [r.modality for r in candidates if r.modality and self._fires(r, values)]
        return max(found, key=_RANK.get) if found else None

    def relation_modalities(self, predicate: str, rows: list[tuple]) -> list | None:
        """`modality_of` of each of `rows`, which are rows of `predicate` in this model (as
        `index.all` gives them); None when no rule of `predicate` carries a modality (then none
        has one).  What is the same for every row is decided once per relation, not per row: batch
        asks this of every conclusion of every case (~50 a case, in ~25 relations)."""
        if predicate not in self.program.modal_predicates:
            return None
        uniform = _uniform_modality(self.program).get(predicate)
        if uniform is None:
            return [self.modality_of(predicate, row) for row in rows]
        modality, heads = uniform
        stated = self.prover.inputs
        if heads.always:  # a head of distinct variables: every derived row is that rule's
            return [modality if (predicate, row) not in stated else self.modality_of(predicate, row) for row in rows]
        if heads.place is not None:  # the heads differ in one place only, each a constant there
            place, constants = heads.place
            return [
                (modality if row[place] in constants else None)
                if (predicate, row) not in stated
                else self.modality_of(predicate, row)
                for row in rows
            ]
        accept = heads.accept
        return [
            (modality if accept(row) else None) if (predicate, row) not in stated else self.modality_of(predicate, row)
            for row in rows
        ]

    def _derived(self, predicate: str, values: tuple) -> bool:
        """Holds in the model and was not simply stated by the case (so a rule concluded it)."""
        return (predicate, values) in self.index and (predicate, values) not in self.prover.inputs

    def _fires(self, rule: Rule, values: tuple) -> bool:
        binding = unify_row(rule.head, values, {})
        return binding is not None and next(iter(match_body(rule.body, binding, self.index)), None) is not None

    def conflicts(self) -> list[Conflict]:
        return [
            Conflict(self._side(required, role.rule), self._side(permitted, role.other), winner)
            for role, required, permitted, winner in self.conflicting()
        ]

    def conflicting(self) -> list[tuple]:
        """(role, required atom, permitted atom, winner) of each conflict, in `conflicts`' order,
        without the proofs of its sides (what `batch --proofs none` lists)."""
        out = []
        for name, role in _conflict_roles(self.program):
            width = role.rule.head.arity
            for row in sorted(self.index.all(name), key=str):
                required = GroundAtom(role.rule.head.predicate, row[:width])
                permitted = GroundAtom(role.other.head.predicate, row[width:])
                out.append((role, required, permitted, self._winner(required, permitted)))
        return out

    def _side(self, atom: GroundAtom, clause: ast.Clause) -> ConflictSide:
        rule = next(r for r in self.rules_by_head[atom.predicate] if r.span == clause.span)
        proof = self.fold(self.prover.prove(atom.predicate, atom.values))
        if proof is None:
            proof = self._conditions(rule, atom)
        return ConflictSide(atom, rule, proof)

    def _conditions(self, rule: Rule, atom: GroundAtom) -> Proof:
        applicable = rule.body[0]
        binding = unify_row(rule.head, atom.values, {})
        values = pattern_of(applicable, binding)
        inner = self.prover.prove(applicable.predicate, values)
        children = tuple(self.fold(p) for p in inner.premises) if inner else ()
        return Proof(DERIVED, str(atom), self.read(atom.predicate, atom.values), atom, rule, premises=children)

    def _winner(self, required: GroundAtom, permitted: GroundAtom) -> str:
        if (required.predicate, required.values) in self.index:
            return "required"
        if (permitted.predicate, permitted.values) in self.index:
            return "permitted"
        return "neither"

    # ------------------------------------------------------------ why not

    def why_not(self, atom: GroundAtom) -> Proof:
        self._expanded: set[GroundAtom] = set()
        return self._why_not(atom, 0, frozenset())

    def _why_not(self, atom: GroundAtom, depth: int, seen: frozenset) -> Proof:
        """`atom` may be a pattern (None where any value would do)."""
        text, reading = str(atom), self.read(atom.predicate, atom.values)
        rows = sorted(self.index.rows(atom.predicate, atom.values), key=row_key)
        if rows:
            holding = GroundAtom(atom.predicate, rows[0])
            proof = self.fold(self.prover.prove(holding.predicate, holding.values))
            return Proof(
                HOLDS,
                str(holding),
                self.read(holding.predicate, holding.values),
                holding,
                premises=(proof,) if proof else (),
            )
        every = self.rules_by_head.get(atom.predicate, [])
        rules = [r for r in every if _unify_pattern(r.head, atom.values) is not None]
        if not rules and every:
            return self._no_rule(atom, every)
        if not rules:
            return Proof(MISSING, text, reading, atom, source="案件中没有这一事实")
        if atom in self._expanded:
            return Proof(WHY_NOT, text, reading + "（理由见上文）", atom)
        if depth > 8 or atom in seen:
            return Proof(WHY_NOT, text, reading + "（不再展开）", atom)
        self._expanded.add(atom)
        # the rule that came closest first (fewest failed conditions, then file order); explained
        # in that order, so the first rule shown is the one that explains a shared condition in full
        closest = sorted(range(len(rules)), key=lambda i: (self._distance(rules[i], atom), i))
        reasons = tuple(self._rule_fails(rules[i], atom, depth, seen | {atom}) for i in closest)
        return Proof(WHY_NOT, text, reading, atom, premises=reasons)

    def _no_rule(self, atom: GroundAtom, rules: list[Rule]) -> Proof:
        """No rule's conclusion has this shape (申诉答复期限(…, 15) where 第二十七条 gives 30):
        adding a case fact would change nothing, so do not ask for one."""
        heads = sorted({f"{_label(r)}：{r.head}" for r in rules})
        shown = "；".join(heads[:4]) + ("……" if len(heads) > 4 else "")
        source = f"没有规则得出这一结论；能得出“{atom.predicate}”的规则只得出 {shown}"
        return Proof(NO_RULE, str(atom), self.read(atom.predicate, atom.values), atom, source=source)

    def _conditions_of(self, rule: Rule, atom: GroundAtom) -> tuple[Rule | None, dict]:
        """The rule whose body states the conditions (a contested rule's applicability rule),
        bound to `atom`; (None, …) when those conditions hold and the rule was displaced."""
        binding = _unify_pattern(rule.head, atom.values)
        body = rule.body
        if body and isinstance(body[0], ast.Atom) and self._role(body[0].predicate) == APPLICABLE:
            values = pattern_of(body[0], binding)
            if self.index.rows(body[0].predicate, values):
                return None, {}
            inner_rule = self.rules_by_head[body[0].predicate][0]
            return inner_rule, _unify_pattern(inner_rule.head, values) or {}
        return rule, binding

    def _distance(self, rule: Rule, atom: GroundAtom) -> int:
        """How many of the rule's conditions fail for `atom` (0: displaced, or all hold)."""
        conditions, binding = self._conditions_of(rule, atom)
        return 0 if conditions is None else self._failures(conditions, binding)[0]

    def _rule_fails(self, rule: Rule, atom: GroundAtom, depth: int, seen) -> Proof:
        conditions, binding = self._conditions_of(rule, atom)
        if conditions is None:
            return self._defeat(rule, atom)
        return self._first_failure(conditions, binding, rule, depth, seen)

    def _defeat(self, rule: Rule, atom: GroundAtom) -> Proof:
        """The rule's conditions hold, but a counter-argument was not beaten."""
        winners = []
        for _blocked, literal, row, attacker in self.attacks(atom):
            if (f"#胜{atom.predicate}·{attacker.span.where}", atom.values) in self.index:
                continue
            winners.append(self._winner_node(literal, row, attacker))
        label = _label(rule)
        return Proof(DEFEATED, f"{label} 的条件成立，但结论被排除", "", None, rule, premises=tuple(winners))

    def _winner_node(self, literal: ast.Atom, row: tuple, attacker: ast.Clause) -> Proof:
        """The counter-argument that won: its claim's proof, or (if that claim is itself
        undecided, or the attacker is a defeater) the attacker's conditions."""
        claim = self._claim(attacker, row)
        shown = None
        if attacker.strength != ast.DEFEATER:  # the winner's own rebuttals would only repeat this one
            shown = self.fold(self.prover.prove(claim.predicate, claim.values), rebuttals=False)
        if shown is not None:
            children = (shown,)
        else:
            conditions = self.prover.prove(literal.predicate, row)
            children = tuple(self.fold(p) for p in (conditions.premises if conditions else ()))
        reading = _defeat_reading(attacker, claim, self.read, shown is not None)
        return Proof(
            DEFEATED, f"被 {_label(attacker)} 排除", reading, claim, attacker_rule(attacker), premises=children
        )

    def _failures(self, rule: Rule, binding: dict) -> tuple[int, object, dict]:
        """(how many conditions fail, the first that does, the binding it failed under): a failed
        condition is passed over, and a filter left with unbound variables is not counted."""
        bindings, first, failed = [binding], None, 0
        for literal in order_for_binding(rule.body):
            if not isinstance(literal, (ast.Atom, CountLookup)) and not all(_decided(literal, b) for b in bindings):
                continue
            extended = [b2 for b in bindings for b2, _ in match_literal(literal, b, self.index)]
            if extended:
                bindings = sorted(extended, key=_binding_key)[:64]  # the model's rows come unordered
                continue
            failed += 1
            if first is None:
                first = (literal, bindings[0])
        return (failed, *first) if first else (0, None, binding)

    def _first_failure(self, rule: Rule, binding: dict, shown_rule: Rule, depth: int, seen) -> Proof:
        failed, literal, at = self._failures(rule, binding)
        if literal is None:
            return Proof(FAILED, f"{_label(shown_rule)}", "条件都成立", None, shown_rule)
        reading = f"共 {failed} 个条件不成立" if failed > 1 else ""
        premise = self._literal_fails(literal, at, depth, seen)
        return Proof(FAILED, f"{_label(shown_rule)} 不适用", reading, None, shown_rule, premises=(premise,))

    def _literal_fails(self, literal, binding: dict, depth: int, seen) -> Proof:
        if isinstance(literal, ast.Atom):
            return self._why_not(GroundAtom(literal.predicate, pattern_of(literal, binding)), depth + 1, seen)
        if isinstance(literal, ast.Negation):
            values = pattern_of(literal.atom, binding)
            atom = GroundAtom(literal.atom.predicate, values)
            rows = sorted(self.index.rows(atom.predicate, values), key=row_key)
            proof = self.fold(self.prover.prove(atom.predicate, rows[0])) if rows else None
            return Proof(
                FAILED,
                f"条件“并非 {atom}”不成立",
                f"因为{self.read(atom.predicate, rows[0] if rows else values)}",
                atom,
                premises=(proof,) if proof else (),
            )
        if isinstance(literal, CountLookup):
            return Proof(FAILED, f"计数条件不成立：{literal}", "没有可计入的项")
        return Proof(FAILED, f"比较不成立：{_show_comparison(literal, binding)}")


_UNIFORM: dict[int, tuple[Program, dict]] = {}  # id(program) -> (program, its uniform modalities)


def _uniform_modality(program: Program) -> dict[str, tuple[str, "_Heads"]]:
    """Head predicate -> (the modality every one of its rules carries, the rules' heads), where they
    all carry the same one.  A derived conclusion of such a predicate has that modality whichever
    rule fired (if some rule's head takes its values): batch asks for the modality of every
    conclusion, and finding the rules that could have fired unified every head (≈ 0.1 ms a case)."""
    known = _UNIFORM.get(id(program))
    if known is not None and known[0] is program:
        return known[1]
    table = {}
    for predicate, rules in program.rules_by_head.items():
        kinds = {rule.modality for rule in rules}
        if len(kinds) == 1 and None not in kinds:
            table[predicate] = (kinds.pop(), _Heads([rule.head for rule in rules]))
    if len(_UNIFORM) > 64:  # rulebooks loaded in one process come and go
        _UNIFORM.clear()
    _UNIFORM[id(program)] = (program, table)  # keeps the program alive, so its id stays its own
    return table


_CONFLICT_ROLES: dict[int, tuple[Program, list]] = {}  # id(program) -> (program, its conflict roles)


def _conflict_roles(program: Program) -> list:
    """(relation, role) of the conflict relations, sorted, once per program: batch asks every case
    for its conflicts, and sorting all ~100 roles each time cost ≈ 0.013 ms a case."""
    known = _CONFLICT_ROLES.get(id(program))
    if known is None or known[0] is not program:
        if len(_CONFLICT_ROLES) > 64:
            _CONFLICT_ROLES.clear()
        roles = [(name, role) for name, role in sorted(program.roles.items()) if role.kind == CONFLICT]
        known = _CONFLICT_ROLES[id(program)] = (program, roles)
    return known[1]


class _Heads:
    """Whether any of some rule heads unifies with a row, decided by set lookups where every head is
    distinct variables and constants (the constants' tuple per set of their positions).  Values are
    str, int or date, for which `==` is the language's `=` (no two kinds compare equal)."""

    def __init__(self, heads: list[ast.Atom]):
        self.heads = heads
        self.keys: dict[tuple[int, ...], set[tuple]] | None = {}
        for head in heads:
            names = [a.name for a in head.args if isinstance(a, ast.Variable) and not a.is_anonymous]
            plain = all(isinstance(a, (ast.Variable, ast.Constant)) for a in head.args)
            if not plain or len(names) != len(set(names)) or self.keys is None:
                self.keys = None  # a repeated variable or a computed argument: unify
                continue
            positions = tuple(i for i, a in enumerate(head.args) if isinstance(a, ast.Constant))
            self.keys.setdefault(positions, set()).add(tuple(head.args[i].value for i in positions))
        self.always = self.keys is not None and () in self.keys.get((), ())  # a head of distinct variables only
        self.place: tuple[int, frozenset] | None = None  # (i, constants) when a row is accepted iff row[i] is one
        if self.keys is not None and len(self.keys) == 1:
            [(positions, constants)] = self.keys.items()
            if len(positions) == 1:  # `(v,) in {(c,), …}` is `v in {c, …}`: the same hash and `==`
                self.place = positions[0], frozenset(c for (c,) in constants)

    def accept(self, row: tuple) -> bool:
        if self.always:
            return True
        if self.place is not None:
            return row[self.place[0]] in self.place[1]
        if self.keys is None:
            return any(unify_row(head, row, {}) is not None for head in self.heads)
        return any(tuple([row[i] for i in positions]) in keys for positions, keys in self.keys.items())


def _binding_key(binding: dict) -> tuple:
    """A deterministic order of bindings, so the first failure shown is the same on every run."""
    names = sorted(binding)
    return tuple(names), row_key(tuple(binding[n] for n in names))


def _decided(literal, binding: dict) -> bool:
    """A negation or comparison can be judged: its variables are bound (`=` may bind one side)."""
    names = {v.name for v in ast.variables_of(literal) if not v.is_anonymous}
    missing = names - set(binding)
    if isinstance(literal, ast.Comparison) and literal.op == "=" and len(missing) == 1:
        return any(isinstance(t, ast.Variable) and t.name in missing for t in (literal.left, literal.right))
    return not missing


def attacker_rule(attacker: ast.Clause) -> Rule:
    """A Rule value carrying the attacker's own article and place, for citation."""
    return Rule(attacker.head, (), attacker.article, attacker.span, attacker.modality, attacker.strength)


def _unify_pattern(head: ast.Atom, values: tuple) -> dict | None:
    """Bind `head` to `values`, where None matches anything."""
    binding: dict = {}
    for term, value in zip(head.args, values):
        if value is None:
            continue
        if isinstance(term, ast.Variable):
            if term.is_anonymous:
                continue
            if term.name in binding and binding[term.name] != value:
                return None
            binding[term.name] = value
        elif isinstance(term, ast.Constant) and term.value != value:
            return None
    return binding


def _label(rule) -> str:
    return str(rule.article) if rule.article else f"规则 {rule.span.where}"


_ATTACKS: dict[int, tuple[Program, dict]] = {}  # id(program) -> (program, predicate -> its blocking rules)


def _attack_plans(program: Program) -> dict[str, tuple]:
    """predicate -> (blocking rule, attacker's literal, `_places` of the two) per `#受阻` rule, in
    `attacks`' order; made once per program."""
    known = _ATTACKS.get(id(program))
    if known is None or known[0] is not program:
        plans: dict[str, list] = {}
        for head, rules in program.rules_by_head.items():
            if head.startswith("#受阻"):
                plans[head[len("#受阻") :]] = [(rule, rule.body[1], _places(rule.head, rule.body[1])) for rule in rules]
        if len(_ATTACKS) > 64:
            _ATTACKS.clear()
        known = _ATTACKS[id(program)] = (program, {p: tuple(found) for p, found in plans.items()})
    return known[1]


def _places(head: ast.Atom, literal: ast.Atom) -> tuple | None:
    """(the literal's argument places in the head, (place, constant) of the head's constants) when the
    head's other arguments are distinct named variables and the literal reads only those."""
    place: dict[str, int] = {}
    constants = []
    for i, term in enumerate(head.args):
        if isinstance(term, ast.Constant):
            constants.append((i, term.value))
        elif isinstance(term, ast.Variable) and not term.is_anonymous and term.name not in place:
            place[term.name] = i
        else:
            return None
    if not all(isinstance(a, ast.Variable) and a.name in place for a in literal.args):
        return None
    return tuple(place[a.name] for a in literal.args), tuple(constants)


def _head_vars(atom: ast.Atom):
    seen = {}
    for var in ast.variables_of(atom):
        if not var.is_anonymous:
            seen.setdefault(var.name, var)
    return list(seen.values())


def _defeat_reading(attacker: ast.Clause, claim: GroundAtom, read, claim_holds: bool) -> str:
    if attacker.strength == ast.DEFEATER:
        return f"阻却：{read(claim.predicate, claim.values)} 不能成立"
    if claim_holds:
        return f"{read(claim.predicate, claim.values)}，且没有更优先的规则支持原结论"
    return f"该规则主张“{read(claim.predicate, claim.values)}”，双方之间没有优先关系，两个结论都不成立"


def _show_comparison(literal: ast.Comparison, binding: dict) -> str:
    from jiuze.explain.matching import term_value

    left, right = term_value(literal.left, binding), term_value(literal.right, binding)
    show = lambda v: "未知" if v is None else ast.format_value(v)
    return f"{show(left)} {literal.op} {show(right)}（{literal}）"
