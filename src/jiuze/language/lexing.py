"""Lark's contextual lexer, with its per-token work inlined.

Lexing was about half of parsing a large rule file (a 100,000-rule file has 3.1 million
tokens): each token went through a generator, two method calls, a scanner loop, Lark's
Token constructor (which checks for deprecated keywords) and a line-counter call.  This
generator does the same steps in one loop, with the same scanners, keyword callbacks and
ignored terminals of each parser state's lexer, so every token (type, text, positions)
is the one Lark's `ContextualLexer.lex` yields.  Anything unusual — no terminal matches
here — is handed back to Lark's own `next_token` at the same position, so errors carry
exactly Lark's exceptions and messages.
"""

from __future__ import annotations

from typing import Iterator

from lark import Token
from lark.exceptions import UnexpectedCharacters, UnexpectedToken
from lark.lexer import ContextualLexer, LexerState

_new_str = str.__new__


def tokens(lexer: ContextualLexer, lexer_state: LexerState, parser_state) -> Iterator[Token]:
    """What `lexer.lex(lexer_state, parser_state)` yields, faster."""
    lexers = lexer.lexers
    stack = parser_state.state_stack  # restored in place by the parser's error recovery
    text = lexer_state.text.text
    end = lexer_state.text.end
    counter = lexer_state.line_ctr
    plans: dict[int, tuple] = {}
    try:
        while True:
            state_lexer = lexers[stack[-1]]
            plan = plans.get(id(state_lexer))
            if plan is None:
                plan = plans[id(state_lexer)] = _plan(state_lexer)
            scanners, ignore, newline, callback = plan
            token = None
            while counter.char_pos < end:
                pos = counter.char_pos
                for scanner in scanners:
                    match = scanner.match(text, pos, end)
                    if match:
                        break
                else:  # nothing matches: Lark raises its own error from here
                    token = state_lexer.next_token(lexer_state, parser_state)
                    break
                value = match.group(0)
                kind = match.lastgroup
                ignored = kind in ignore
                if ignored and kind not in callback:
                    _advance(counter, value, pos, kind in newline)
                    continue
                token = _new_str(Token, value)
                token.type = kind
                token.value = value
                token.start_pos = pos
                token.line = counter.line
                token.column = counter.column
                _advance(counter, value, pos, kind in newline)
                token.end_line = counter.line
                token.end_column = counter.column
                token.end_pos = counter.char_pos
                if kind in callback:
                    token = callback[kind](token)
                if not ignored:
                    lexer_state.last_token = token
                    break
                token = None
            if token is None:
                return  # end of text
            yield token
    except UnexpectedCharacters as error:  # as ContextualLexer.lex: a terminal of another context reads better
        try:
            last_token = lexer_state.last_token
            token = lexer.root_lexer.next_token(lexer_state, parser_state)
            raise UnexpectedToken(
                token,
                error.allowed,
                state=parser_state,
                token_history=[last_token],
                terminals_by_name=lexer.root_lexer.terminals_by_name,
            )
        except UnexpectedCharacters:
            raise error


def _plan(state_lexer) -> tuple:
    scanner = state_lexer.scanner  # built on first use; also builds state_lexer.callback
    return tuple(scanner._mres), state_lexer.ignore_types, state_lexer.newline_types, state_lexer.callback


def _advance(counter, value: str, pos: int, may_have_newline: bool) -> None:
    """LineCounter.feed for a token of `value` starting at `pos`."""
    if may_have_newline:
        newlines = value.count("\n")
        if newlines:
            counter.line += newlines
            counter.line_start_pos = pos + value.rindex("\n") + 1
    counter.char_pos = pos + len(value)
    counter.column = counter.char_pos - counter.line_start_pos + 1
