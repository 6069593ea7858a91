"""Build AST nodes while Lark's LALR parser reduces: no parse tree is ever made.

Lark's tree builder makes a `Tree` (with a `Meta` of positions) for every rule and a
Transformer then walks the whole tree again; for a 100,000-rule file that was half of
the load time and most of its peak memory.  Lark's own `transformer=` option does the
work during parsing but cannot pass positions (meta), which every AST node needs.  So
this module makes the parser's reduce callbacks itself, with the same rules as Lark's
tree builder (parse_tree_builder.py: ChildFilterLALR, ExpandSingleChild,
PropagatePositions), so every span is exactly the one the tree would have given:

- a rule's position runs from the first to the last child that has one (tokens the
  grammar filters out, such as "。", count); an inlined `?rule` with one child keeps the
  child's value but takes the position of all it matched (the parentheses of `(X + 1)`);
- `_rule`s are inlined into their parent as lists; `[x]` gives None when absent;
- a left-recursive list (`_item*`) grows in place, as Lark's does, which the error
  recovery in parser.py relies on to undo a statement cheaply.
"""

from __future__ import annotations

from lark import Lark, Token
from lark.exceptions import UnexpectedToken
from lark.parse_tree_builder import maybe_create_child_filter
from lark.parsers.lalr_analysis import Reduce, Shift
from lark.parsers.lalr_parser_state import ParseConf, ParserState


class Node:
    """A reduced rule on the parser's value stack: its value and where it was matched.

    It is also the `meta` handed to the builder's methods (line, column, end_line,
    end_column as Lark's Meta has them); `line` None: the rule matched nothing."""

    __slots__ = ("value", "line", "column", "end_line", "end_column")

    def __init__(self, value=None, line=None, column=None, end_line=None, end_column=None):
        self.value = value
        self.line = line
        self.column = column
        self.end_line = end_line
        self.end_column = end_column


def parse_conf(parser: Lark, builder_class: type, start: str = "start") -> tuple[ParseConf, dict]:
    """A ParseConf whose reduce callbacks call methods of a builder instance.

    The callbacks read the builder from the returned holder (`holder["builder"]`), so one
    ParseConf (built once per process) serves every parse: set the holder before parsing."""
    holder: dict = {"builder": None}
    table = parser.parser.parser.parser.parse_table
    _one_rule_object_each(table)
    rules = {arg for actions in table.states.values() for action, arg in actions.values() if action is Reduce}
    callbacks = {rule: _callback(rule, builder_class, holder) for rule in rules}
    return ParseConf(table, callbacks, start), holder


class State(ParserState):
    """Lark's LALR ParserState with a leaner `feed_token` (same actions, same errors).

    Per token, Lark's version re-reads five attributes, asserts that a reduced rule is
    not the end state (an `__eq__` call on the Rule every reduce) and asks whether the
    token's type has a callback (ours are per rule only)."""

    __slots__ = ()

    def feed_token(self, token: Token, is_end: bool = False):
        state_stack = self.state_stack
        value_stack = self.value_stack
        conf = self.parse_conf
        states = conf.states
        callbacks = conf.callbacks
        kind = token.type
        while True:
            actions = states[state_stack[-1]]
            try:
                action, arg = actions[kind]
            except KeyError:
                expected = {s for s in actions.keys() if s.isupper()}
                raise UnexpectedToken(token, expected, state=self, interactive_parser=None)
            if action is Shift:
                assert not is_end
                state_stack.append(arg)
                value_stack.append(token)
                return None
            size = len(arg.expansion)
            if size:
                children = value_stack[-size:]
                del state_stack[-size:]
                del value_stack[-size:]
            else:
                children = []
            value = callbacks[arg](children)
            state_stack.append(states[state_stack[-1]][arg.origin.name][1])
            value_stack.append(value)
            if is_end and state_stack[-1] == conf.end_state:
                return value


def _one_rule_object_each(table) -> None:
    """Make every reduce action of the table name the same Rule object for the same rule.

    A table read back from the cache holds equal but distinct Rule objects, and the parser
    looks its callback up by the rule on every reduce: a lookup by a distinct object costs
    an `__eq__` call each time.  Equal rules are interchangeable, so this changes nothing else."""
    canonical: dict = {}
    for actions in table.states.values():
        for terminal, (action, arg) in actions.items():
            if action is Reduce:
                actions[terminal] = (action, canonical.setdefault(arg, arg))


def list_lengths(value_stack: list) -> list[tuple[list, int]]:
    """The lists on the value stack with their lengths (what a later reduce may append to)."""
    return [(node.value, len(node.value)) for node in value_stack if type(node) is Node and type(node.value) is list]


def _callback(rule, builder_class: type, holder: dict):
    name = rule.alias or rule.options.template_source or rule.origin.name
    include, tail = _included(rule)
    if rule.origin.name.startswith("_"):  # inlined into the parent: its children as a list

        def inlined(children):
            node = _placed(children)
            node.value = _filtered(children, include, tail)
            return node

        return inlined
    method = getattr(builder_class, name, None)

    def named(children):
        if method is None:
            raise NotImplementedError(f"语法规则 {name} 没有对应的建树方法")
        node = _placed(children)
        node.value = method(holder["builder"], node, _filtered(children, include, tail))
        return node

    if not (rule.options.expand1 and not rule.alias):
        return named

    def single(children):  # `?rule`: one child stands for the rule
        filtered = _filtered(children, include, tail)
        if len(filtered) != 1:
            return named(children)
        child = filtered[0]
        if type(child) is Token:
            return child
        node = _placed(children)
        node.value = child
        return node

    return single


def _included(rule) -> tuple[list[tuple[int, bool, int]], int]:
    """(child index, inline it, Nones before it) per kept child, and Nones at the end: Lark's own choice."""
    made = maybe_create_child_filter(
        rule.expansion,
        rule.options.keep_all_tokens,
        False,
        rule.options.empty_indices,
    )
    if made is None:
        return [(i, False, 0) for i in range(len(rule.expansion))], 0
    if len(made.args) == 1:  # LALR without placeholders: (index, expand) pairs
        return [(i, expand, 0) for i, expand in made.args[0]], 0
    include, tail = made.args
    return list(include), tail


def _filtered(children: list, include, tail: int) -> list:
    """The kept children's values (Lark's ChildFilterLALR, on values instead of trees)."""
    filtered: list = []
    for i, expand, nones in include:
        if nones:
            filtered += [None] * nones
        child = children[i]
        if expand:
            if filtered:
                filtered += child.value
            else:  # left recursion: grow the child's list in place
                filtered = child.value
        else:
            filtered.append(child.value if type(child) is Node else child)
    if tail:
        filtered += [None] * tail
    return filtered


def _placed(children: list) -> Node:
    """A Node spanning from the first to the last child that has a position (Lark's PropagatePositions)."""
    for first in children:
        if first.line is not None:
            break
    else:
        return Node()
    for last in reversed(children):
        if last.line is not None:
            break
    return Node(None, first.line, first.column, last.end_line, last.end_column)
