"""Dump the tokens the real jiuze parser sees, for the grammar agreement test.

Why: the TextMate grammar is a second, regex-only description of the language.
Rather than trusting it, tests/agreement.js tokenizes every shipped .jz file
with it and compares each token with what Lark (grammar/jiuze.lark, LALR with
the contextual lexer, as jiuze.language.parser builds it) produced.

Each token gets a `role` from its place in the parse tree (a NAME is a
predicate, a parameter, a constant or a scenario name), so the test can say
which TextMate scope it must carry.  Columns are 0-based UTF-16 code units, as
in vscode-textmate.  Usage: python lark_tokens.py GRAMMAR FILE... > tokens.json
Files that do not parse are reported with their error and no tokens.
"""

import json
import sys

from lark import Lark, Token, Tree
from lark.exceptions import LarkError

NAME_ROLES = {
    "atom": "predicate",
    "declaration": "declared",
    "params": "parameter",
    "name": "constant",
    "scenario": "scenario",
}


def build_parser(grammar_path, comments):
    """The project's parser settings, keeping every token and the comments."""
    with open(grammar_path, encoding="utf-8") as f:
        text = f.read()
    return Lark(
        text,
        parser="lalr",
        lexer="contextual",
        propagate_positions=True,
        maybe_placeholders=True,
        keep_all_tokens=True,
        lexer_callbacks={"COMMENT": comments.append},
    )


def tokens_with_parents(tree):
    """Yield (token, parent rule name) for every token of the tree, in order."""
    for child in tree.children:
        if isinstance(child, Tree):
            yield from tokens_with_parents(child)
        elif isinstance(child, Token):
            yield child, tree.data


def role_of(token, parent):
    """What the token is, in the words the agreement test uses."""
    if token.type == "NAME":
        return NAME_ROLES.get(parent, "constant")
    if token.type == "VAR" and parent == "params":
        return "parameter"
    return token.type


def utf16_columns(line):
    """Map a code-point index in `line` to its UTF-16 offset."""
    offsets, total = [], 0
    for ch in line:
        offsets.append(total)
        total += 2 if ord(ch) > 0xFFFF else 1
    offsets.append(total)
    return offsets


def located(token, role, lines):
    """A JSON-ready token with 0-based line and UTF-16 start/end columns."""
    line = token.line - 1
    cols = utf16_columns(lines[line])
    start = token.column - 1
    return {
        "role": role,
        "text": str(token),
        "line": line,
        "start": cols[start],
        "end": cols[start + len(str(token))],
    }


def dump_file(parser, comments, path):
    """Parse one file; its tokens (comments included) sorted by position."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    lines = text.split("\n")
    comments.clear()
    try:
        tree = parser.parse(text)
    except LarkError as error:
        return {"file": path, "error": str(error).splitlines()[0], "tokens": []}
    tokens = [located(t, role_of(t, p), lines) for t, p in tokens_with_parents(tree)]
    tokens += [located(c, "COMMENT", lines) for c in comments]
    tokens.sort(key=lambda t: (t["line"], t["start"]))
    return {"file": path, "error": None, "tokens": tokens}


def main(argv):
    grammar_path, paths = argv[0], argv[1:]
    comments = []
    parser = build_parser(grammar_path, comments)
    json.dump([dump_file(parser, comments, p) for p in paths], sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1:])
