"""A finished evaluation: what holds for one case, queried and explained.

A Model is an immutable snapshot: the engine's answers are copied out, so a
model stays valid after the engine has moved on to the next case.
"""

from __future__ import annotations

from typing import Iterable

from jiuze.compile.program import Fact, Program
from jiuze.evaluate.facts import FactIndex
from jiuze.evaluate.values import row_key
from jiuze.explain.arguments import Arguments
from jiuze.explain.citations import Citations
from jiuze.explain.firings import Firings
from jiuze.explain.matching import pattern_of, unify_row
from jiuze.explain.proof import GroundAtom, Proof, Prover
from jiuze.language import ast
from jiuze.language.errors import Finding, JiuzeError
from jiuze.language.readings import Reader
from jiuze.language.spelling import did_you_mean_text

Binding = dict


class Model:
    """One case evaluated: answers queries, explains conclusions with proofs (and why-not), gives modality
    and conflicts.  Built by `Rulebook.evaluate`; read-only afterwards."""

    def __init__(self, program: Program, inputs: Iterable[Fact], derived: dict[str, set[tuple]]):
        self.program = program
        self.inputs: dict[tuple, Fact] = {}
        stated = self.inputs
        rows: dict[str, dict[tuple, None]] = {}
        for fact in (*program.facts, *inputs):
            key = (fact.predicate, fact.values)
            if key not in stated:  # the first statement of a fact is the one proofs cite
                stated[key] = fact
                found = rows.get(fact.predicate)
                if found is None:
                    rows[fact.predicate] = {fact.values: None}
                else:
                    found[fact.values] = None
        self.index = FactIndex(rows)  # as adding each fact in turn, without a call a fact
        self.index.update_all(derived)
        self.read = Reader(program.declarations)
        firings = getattr(derived, "firings", None)  # evaluators.Evaluation: the rules that fired, if reported
        self._prover = Prover(
            program, self.index, self.inputs, self.read, Firings(program, firings) if firings is not None else None
        )
        self._arguments = Arguments(program, self.index, self._prover, self.read)
        self._citations: Citations | None = None

    # ------------------------------------------------------------ queries

    def holds(self, atom: str | ast.Atom) -> bool:
        return bool(self.query(atom))

    def query(self, atom: str | ast.Atom) -> list[Binding]:
        """Bindings of the atom's named variables, sorted; [{}] for a ground atom that holds."""
        atom = _checked(self.program, _as_atom(atom))
        names = list(dict.fromkeys(v.name for v in ast.variables_of(atom) if not v.is_anonymous))
        results = set()
        for row in self.index.rows(atom.predicate, pattern_of(atom, {})):
            binding = unify_row(atom, row, {})
            if binding is not None:
                results.add(tuple(binding[name] for name in names))
        return [dict(zip(names, values)) for values in sorted(results, key=row_key)]

    def instances(self, atom: str | ast.Atom) -> list[GroundAtom]:
        """The ground atoms matching `atom`, sorted."""
        atom = _checked(self.program, _as_atom(atom))
        rows = {
            row for row in self.index.rows(atom.predicate, pattern_of(atom, {})) if unify_row(atom, row, {}) is not None
        }
        return [GroundAtom(atom.predicate, row) for row in sorted(rows, key=row_key)]

    def relation(self, predicate: str) -> list[tuple]:
        """The rows of `predicate`, sorted as `row_key` sorts them.  Values are str, int or date,
        and no two kinds compare equal, so where the plain tuple order gets as far as comparing
        values of two kinds it raises TypeError; otherwise it is row_key's order, found without
        building a key per row (batch sorts every relation of every case)."""
        rows = self.index.all(predicate)
        try:
            rows.sort()
        except TypeError:
            rows.sort(key=row_key)
        return rows

    # ------------------------------------------------------------ explanations

    def explain(self, atom: str | ast.Atom | GroundAtom, all: bool = False):
        """Shortest proof of a ground atom (None if it does not hold); all=True: every derivation."""
        if isinstance(atom, str):
            atom = _checked(self.program, _parse_atom(atom))
        ground = _as_ground(atom)
        if all:
            return [self._arguments.fold(p) for p in self._prover.prove_all(ground.predicate, ground.values)]
        return self._arguments.fold(self._prover.prove(ground.predicate, ground.values))

    def cited(self, atom: GroundAtom) -> frozenset:
        """The articles of the rules `explain(atom)`'s proof uses (not yet reduced to the most
        specific), found without building the proof: what batch lists for every conclusion."""
        return self.cited_of(atom.predicate, atom.values)

    def cited_of(self, predicate: str, values: tuple) -> frozenset:
        """`cited` of a row of a relation, without making its GroundAtom (batch asks ~50 a case)."""
        if self._citations is None:
            self._citations = Citations(self._arguments)
        return self._citations.of(predicate, values)

    def modality_of(self, predicate: str, values: tuple) -> str | None:
        """`modality` of a row of a relation, without making its GroundAtom."""
        return self._arguments.modality_of(predicate, values)

    def listing(self, predicates: list[str]) -> list[tuple[str, list[tuple], list | None]]:
        """(predicate, `relation(predicate)`, the `modality_of` of each of its rows — None when no
        rule of it carries one) of those of `predicates` that have a row, in their order: what batch
        lists of every case, in one call instead of a few per relation (a case has ~25 relations
        of ~2 rows, so calls per relation cost as much as the rows)."""
        modal, modalities, out = self.program.modal_predicates, self._arguments.relation_modalities, []
        for predicate, rows in self.index.nonempty_rows(predicates):
            if len(rows) > 1:  # as `relation`
                try:
                    rows.sort()
                except TypeError:
                    rows.sort(key=row_key)
            out.append((predicate, rows, modalities(predicate, rows) if predicate in modal else None))
        return out

    def why_not(self, atom: str | ast.Atom | GroundAtom) -> Proof:
        """For every rule that could conclude `atom`, closest first: the first condition that
        fails, or the counter-argument that defeated it (a `holds` node if it does hold).
        A variable in `atom` stands for any value: why does no 应当追究(P, 案1) hold?"""
        if isinstance(atom, str):
            atom = _checked(self.program, _parse_atom(atom))
        if not isinstance(atom, GroundAtom):
            atom = _as_atom(atom)
            atom = GroundAtom(atom.predicate, pattern_of(atom, {}))
        return self._arguments.why_not(atom)

    def modality(self, atom: str | ast.Atom | GroundAtom) -> str | None:
        """required / permitted / forbidden: the strongest modality among the rules carrying it."""
        return self._arguments.modality(_as_ground(atom))

    def unused_statements(self, facts, shown=None) -> list:
        """The facts (of `facts`, in order) that no derivation of a shown conclusion reads (`shown`:
        the predicates a report lists, default all), each with a compact why-not per rule that reads
        it (statements.Unused)."""
        from jiuze.explain.statements import unused_statements

        return unused_statements(self._arguments, facts, shown)

    def conflicts(self) -> list:
        """Required and permitted conclusions declared contrary that both found support."""
        return self._arguments.conflicts()

    def conflicting(self) -> list[tuple[GroundAtom, GroundAtom, str]]:
        """(required atom, permitted atom, winner) of each of `conflicts()`, without building proofs."""
        return [(required, permitted, winner) for _, required, permitted, winner in self._arguments.conflicting()]


def _as_atom(atom) -> ast.Atom:
    if isinstance(atom, str):
        return _parse_atom(atom)
    if not isinstance(atom, ast.Atom):  # said here, not as an AttributeError from deep inside
        raise TypeError(f"查询应是 “谓词(参数, …)” 形式的字符串（或 Atom），这里是 {type(atom).__name__}")
    return atom


def _checked(program: Program, atom: ast.Atom) -> ast.Atom:
    """A query about an undeclared predicate is a typo, not an empty answer."""
    declaration = program.declarations.get(atom.predicate)
    if declaration is None:
        hint = did_you_mean_text(atom.predicate, program.declarations) or "用 jiuze vocab 查看可用的谓词。"
        raise JiuzeError(
            [Finding(atom.span, "undeclared-predicate", f"规则库没有声明谓词“{atom.predicate}”", hint)],
            {atom.span.file: str(atom)},
        )
    if declaration.arity != atom.arity:
        raise JiuzeError(
            [
                Finding(
                    atom.span,
                    "arity-mismatch",
                    f"“{atom.predicate}”应有 {declaration.arity} 个参数（{'，'.join(declaration.params)}），这里有 {atom.arity} 个",
                    "按声明补齐或删去参数。",
                )
            ],
            {atom.span.file: str(atom)},
        )
    return atom


def _as_ground(atom) -> GroundAtom:
    if isinstance(atom, GroundAtom):
        return atom
    parsed = _as_atom(atom)
    values = pattern_of(parsed, {})
    if any(v is None for v in values):
        raise ValueError(f"只能解释不含变量的结论：{parsed}")
    return GroundAtom(parsed.predicate, values)


def _parse_atom(text: str) -> ast.Atom:
    """The parser, imported on first use: a caller that passes an `ast.Atom` never loads Lark."""
    from jiuze.language.parser import parse_atom

    return parse_atom(text)
