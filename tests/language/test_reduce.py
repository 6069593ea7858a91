"""Issue 17 (scale): AST nodes are built while the parser reduces (language/reduce.py), with no parse tree.

What a tree used to guarantee for free must still hold: spans as the tree gave them, and what the
builder records (labels, bad dates, bad labels) only for statements that survive error recovery,
each once."""

from __future__ import annotations

import threading

from jiuze.language import ast
from jiuze.language.parser import parse_text

HEAD = '谓词 p(x) 读作 "{x}"。\n谓词 q(x) 读作 "{x}"。\n'


def _codes(text: str) -> list[str]:
    return [f.code for f in parse_text(text, "r.jz")[1]]


def test_a_parenthesised_operand_spans_its_parentheses():
    module, findings = parse_text("q(Y) 若 p(X)，Y = (X + 1) * 2。\n", "r.jz")
    assert findings == []
    (clause,) = module.of_type(ast.Clause)
    comparison = clause.body[1]
    product = comparison.right
    assert (product.op, product.span.column, product.span.end_column) == ("*", 17, 28)
    assert (product.left.span.column, product.left.span.end_column) == (18, 23)  # X + 1, inside the parentheses


def test_a_clause_spans_through_its_period_and_a_label_block_through_its_brace():
    text = "第六条 ｛\n  p(a)。\n｝\n"
    module, findings = parse_text(text, "r.jz")
    assert findings == []
    (clause,) = module.of_type(ast.Clause)
    assert (clause.span.line, clause.span.column, clause.span.end_line, clause.span.end_column) == (2, 3, 2, 8)
    assert str(clause.article) == "第六条"
    assert [label.text for label in module.labels] == ["第六条"]


def test_what_a_dropped_statement_recorded_is_forgotten():
    # the date is reduced (and found not to exist) before the second `x` makes the statement fail
    codes = _codes(HEAD + "p(D) 若 q(D)，D = 2001-02-30，x x。\n")
    assert codes == ["syntax"]


def test_a_statement_reduced_again_after_recovery_records_once():
    # `第六条 p(a)。` is complete but reduced (its label recorded) only at the next token; the error
    # in the next statement rewinds the parser to before that reduction, so it is reduced again
    text = "第六条 p(a)。\np(x y)。\n第八条 p(D) 若 q(D)，D = 2001-02-31。\n"
    module, findings = parse_text(HEAD + text, "r.jz")
    assert sorted((f.code, f.span.line) for f in findings) == [("bad-date", 5), ("syntax", 4)]
    assert [label.text for label in module.labels] == ["第六条", "第八条"]
    assert [str(c.article) for c in module.of_type(ast.Clause)] == ["第六条", "第八条"]


def test_labels_of_dropped_statements_are_not_kept():
    text = "第六条 p(a)。\n第七条 p(b) q。\n第八条 p(c)。\n"
    module, findings = parse_text(text, "r.jz")
    assert [f.code for f in findings] == ["syntax"]
    assert [label.text for label in module.labels] == ["第六条", "第八条"]


def test_parses_in_threads_do_not_mix():
    texts = [HEAD + "".join(f"p(a{t}_{i})。\n" for i in range(300)) for t in range(4)]
    results: dict[int, list[str]] = {}

    def parse(t: int) -> None:
        module, _ = parse_text(texts[t], f"f{t}.jz")
        results[t] = [str(c.head.args[0]) for c in module.of_type(ast.Clause)]

    threads = [threading.Thread(target=parse, args=(t,)) for t in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == {t: [f"a{t}_{i}" for i in range(300)] for t in range(4)}
