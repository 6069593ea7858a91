"""Which body atoms the compiler reads through a hidden `#存在N` relation (issue 17)."""

from __future__ import annotations

from jiuze import Rulebook

DECLARATIONS = """
谓词 q(x, y) 读作 "{x}{y}"。
谓词 r(x, y, z) 读作 "{x}{y}{z}"。
谓词 p(x, y) 读作 "{x}{y}"。
谓词 e(x, y) 读作 "{x}{y}"。
"""


def rewritten(rule_text: str) -> list[str]:
    """The existential atoms of the rulebook's one written rule for p, as text."""
    program = Rulebook.from_text(DECLARATIONS + rule_text, "rules.jz").program
    return [str(e.atom) for e in program.existentials]


def test_an_atom_missing_a_head_variable_with_a_free_position_is_existential():
    assert rewritten("p(P, C) 若 q(P, C)，r(_, C, _)。") == ["r(_, C, _)"]
    assert rewritten("p(P, C) 若 q(P, C)，r(X, C, Y)。") == ["r(X, C, Y)"]  # singletons count as free
    program = Rulebook.from_text(DECLARATIONS + "p(P, C) 若 q(P, C)，r(X, C, _)，q(X, C)。", "rules.jz").program
    assert [[v.name for v in e.shared] for e in program.existentials] == [["X", "C"]]  # X joins q(X, C)


def test_atoms_that_cannot_multiply_derivations_are_left_alone():
    assert rewritten("p(P, C) 若 r(P, C, _)，q(P, C)。") == []  # holds every head variable
    assert rewritten("p(P, C) 若 q(P, C)，r(P, C, C)。") == []  # nothing free
    assert rewritten("p(P, C) 若 q(P, C)，并非 r(_, C, _)。") == []  # a negation: nothing to multiply


def test_rules_of_recursive_components_are_left_alone():
    """The prover ranks a recursive component bottom-up from its rules as written."""
    recursion = "e(X, Y) 若 q(X, Y)。\ne(X, Y) 若 e(X, Z)，e(Z, Y)，r(_, Y, _)。\n"
    assert rewritten(recursion) == []
    assert rewritten(recursion + "p(P, C) 若 q(P, C)，e(_, C)。") == ["e(_, C)"]  # reading one is fine


def test_the_national_rule_the_issue_names_is_rewritten():
    program = Rulebook.load().program
    atoms = {(e.span.where.split("/")[-1], str(e.atom)) for e in program.existentials}
    assert ("02-执法过错.jz:41", "所列情形(_, C, _)") in atoms
